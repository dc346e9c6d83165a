package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

func check(err error) {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}

func main() {
	dir, err := os.MkdirTemp("", "fixture-files-")
	check(err)
	defer os.RemoveAll(dir)
	a := filepath.Join(dir, "a.txt")
	check(os.WriteFile(a, []byte("hello file\n"), 0o644))
	f, err := os.OpenFile(a, os.O_APPEND|os.O_WRONLY, 0)
	check(err)
	_, err = f.WriteString("second line\n")
	check(err)
	check(f.Close())
	data, err := os.ReadFile(a)
	check(err)
	fmt.Printf("read %q\n", data)
	info, err := os.Stat(a)
	check(err)
	fmt.Println("size:", info.Size(), "dir:", info.IsDir(), "mode:", info.Mode().Perm())
	check(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	b := filepath.Join(dir, "sub", "b.txt")
	check(os.Rename(a, b))
	_, err = os.Stat(a)
	fmt.Println("old gone:", errors.Is(err, fs.ErrNotExist))
	check(os.WriteFile(filepath.Join(dir, "c.txt"), []byte("c"), 0o600))
	entries, err := os.ReadDir(dir)
	check(err)
	for _, e := range entries {
		fmt.Println("entry:", e.Name(), e.IsDir())
	}
	f, err = os.Open(b)
	check(err)
	buf := make([]byte, 5)
	n, err := f.ReadAt(buf, 6)
	check(err)
	fmt.Printf("readat: %q\n", buf[:n])
	f.Close()
	check(os.Truncate(b, 4))
	data, _ = os.ReadFile(b)
	fmt.Printf("truncated: %q\n", data)
	check(os.Symlink(b, filepath.Join(dir, "link")))
	target, err := os.Readlink(filepath.Join(dir, "link"))
	check(err)
	fmt.Println("link ok:", target == b)
	check(os.Remove(b))
	err = os.Remove(b)
	fmt.Println("remove again:", err != nil, errors.Is(err, fs.ErrNotExist))
	_, err = os.ReadFile(filepath.Join(dir, "nope"))
	var pe *fs.PathError
	fmt.Println("path error:", errors.As(err, &pe), pe.Op)
	err = os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	fmt.Println("exists:", errors.Is(err, fs.ErrExist))
	check(os.RemoveAll(dir))
	_, err = os.Stat(dir)
	fmt.Println("all removed:", errors.Is(err, fs.ErrNotExist))
}
