// Started by a loader that streams the wasm through `new Response(new ReadableStream(...))` for a
// progress bar (index.html): it renders the facts the loader recorded about streams and WebAssembly's
// streaming functions, so a pre-render is compared with Chromium on each.
//go:build js && wasm

package main

import (
	"sort"
	"strings"
	"syscall/js"
)

func main() {
	global := js.Global()
	doc := global.Get("document")
	app := doc.Call("getElementById", "app")
	facts := global.Get("loadFacts")
	keys := global.Get("Object").Call("keys", facts)
	var names []string
	for i := 0; i < keys.Length(); i++ {
		names = append(names, keys.Index(i).String())
	}
	sort.Strings(names)
	var lines []string
	for _, name := range names {
		lines = append(lines, name+"="+facts.Get(name).String())
	}
	app.Set("innerHTML", "")
	report := doc.Call("createElement", "pre")
	report.Set("textContent", strings.Join(lines, "\n"))
	app.Call("appendChild", report)
	doc.Set("title", "Streamed and started")
	done := doc.Call("createElement", "footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered")
	app.Call("appendChild", done)
	select {}
}
