// A small Go program that renders into the page: the bundled example for `make run`.
//go:build js && wasm

package main

import (
	"fmt"
	"runtime"
	"syscall/js"
)

func main() {
	doc := js.Global().Get("document")
	app := doc.Call("getElementById", "app")
	if app.IsNull() {
		app = doc.Get("body")
	}
	app.Set("innerHTML", "")

	title := doc.Call("createElement", "h1")
	title.Set("textContent", "Hello from Go "+runtime.Version())
	app.Call("appendChild", title)

	clicks := 0
	label := doc.Call("createElement", "p")
	label.Set("id", "count")
	label.Set("textContent", "Clicked 0 times")
	button := doc.Call("createElement", "button")
	button.Set("textContent", "Click me")
	button.Call("addEventListener", "click", js.FuncOf(func(this js.Value, args []js.Value) any {
		clicks++
		label.Set("textContent", fmt.Sprintf("Clicked %d times", clicks))
		return nil
	}))
	app.Call("appendChild", button)
	app.Call("appendChild", label)

	select {} // keep the Go program alive to answer clicks
}
