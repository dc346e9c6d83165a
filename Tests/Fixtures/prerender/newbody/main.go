// Renders as vecty's RenderBody does: a whole new <body> set as document.body, so the page's scripts
// (glue and loader, in the old body) are gone from the rendered DOM. The pre-rendered page must still
// start the app in the browser.
//go:build js && wasm

package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	body := doc.Call("createElement", "body")
	body.Set("className", "replaced")
	heading := doc.Call("createElement", "h1")
	heading.Set("textContent", "A new body")
	body.Call("appendChild", heading)
	alive(doc, body)
	doc.Set("body", body)
	doc.Set("title", "New body")
	done := doc.Call("createElement", "footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered")
	body.Call("appendChild", done)
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
