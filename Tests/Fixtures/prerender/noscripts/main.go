// Removes every <script> element (the head's helper, the glue, the loader, a JSON data block) before it
// renders, as apps that tidy the DOM do. The pre-rendered page must still run the page's scripts, and the
// app must find its data block again once the take-over restored the pristine page.
//go:build js && wasm

package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	config := js.Global().Get("JSON").Call("parse", doc.Call("getElementById", "config").Get("textContent"))
	helped := js.Global().Call("shout", "helper ran").String()
	scripts := doc.Call("querySelectorAll", "script")
	for i := scripts.Length() - 1; i >= 0; i-- {
		scripts.Index(i).Call("remove")
	}
	app := doc.Call("getElementById", "app")
	app.Set("innerHTML", "")
	heading := doc.Call("createElement", "h1")
	heading.Set("textContent", config.Get("greeting").String())
	app.Call("appendChild", heading)
	note := doc.Call("createElement", "p")
	note.Set("id", "helped")
	note.Set("textContent", helped)
	app.Call("appendChild", note)
	alive(doc, app)
	done := doc.Call("createElement", "footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered")
	app.Call("appendChild", done)
	select {}
}

// alive renders an input whose "input" events greet by name: what the take-over tests type into, in
// Chromium, to see that the app runs after the take-over and reacts as on the plain page.
func alive(doc, parent js.Value) {
	input := doc.Call("createElement", "input")
	input.Set("id", "alive-input")
	output := doc.Call("createElement", "p")
	output.Set("id", "alive-output")
	output.Set("textContent", "Hello, stranger!")
	input.Call("addEventListener", "input", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		output.Set("textContent", "Hello, "+input.Get("value").String()+"!")
		return nil
	}))
	parent.Call("append", input, output)
}
