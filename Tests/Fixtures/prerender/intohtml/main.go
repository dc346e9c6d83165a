// Renders into <html>: rewrites the whole document element, <head> included (the page's title, styles
// and meta tags are replaced; its scripts are gone). The pre-rendered page must still start the app.
//go:build js && wasm

package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	doc.Get("documentElement").Set("innerHTML", `<head><meta charset="utf-8"><title>Into html</title>`+
		`<style>h1 { color: teal; }</style></head><body class="into-html"><h1>Rendered into html</h1></body>`)
	body := doc.Get("body")
	alive(doc, body)
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
