//go:build js && wasm

package catalog

import (
	"os"
	"path/filepath"
	"syscall/js"
	"testing"
)

func TestFetchTestdataWithNetHTTP(t *testing.T) {
	// go test runs a package's tests in its directory: the page's origin answers from there.
	base := js.Global().Get("location").Get("href").String()
	items, raw, err := Load(base + "catalog/testdata/items.json")
	if err == nil {
		t.Fatalf("the page is at the module's root? %v", items)
	}
	items, raw, err = Load(base + "testdata/items.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || items[1] != "beta" {
		t.Fatalf("items: %v", items)
	}
	// The same file through os, as under `run`.
	onDisk, err := os.ReadFile(filepath.Join("testdata", "items.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(onDisk) != string(raw) {
		t.Fatalf("fetch and os.ReadFile disagree")
	}
}

func TestTempDirAndFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.txt")
	if err := os.WriteFile(file, []byte("saved"), 0o644); err != nil {
		t.Fatal(err)
	}
	read, err := os.ReadFile(file)
	if err != nil || string(read) != "saved" {
		t.Fatalf("read back %q, %v", read, err)
	}
}

func TestReadDirTestdata(t *testing.T) {
	// os.ReadDir opens the directory and lists it through the path the glue resolved at open.
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "items.json" {
		t.Fatalf("testdata holds %v", entries)
	}
}
