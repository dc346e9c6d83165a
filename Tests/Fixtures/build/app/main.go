// Renders a marker into #app so a browser test can see that the wasm ran.
//go:build js && wasm

package main

import (
	"runtime"
	"syscall/js"
)

func main() {
	doc := js.Global().Get("document")
	app := doc.Call("getElementById", "app")
	app.Set("innerHTML", "")
	p := doc.Call("createElement", "p")
	p.Set("id", "marker")
	p.Set("textContent", "gowasm-fixture-ran "+runtime.Version())
	app.Call("appendChild", p)
	select {}
}
