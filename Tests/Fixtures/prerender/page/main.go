// Rendered by a page that brings its own loader (started on DOMContentLoaded) and a helper defined by an
// inline <script>: the pre-render must run the page's scripts as a browser does.
//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
)

func main() {
	global := js.Global()
	doc := global.Get("document")
	app := doc.Call("getElementById", "app")
	facts := global.Get("pageFacts")
	var lines []string
	fact := func(name, value string) { lines = append(lines, name+"="+value) }
	for _, name := range []string{"helpersRanWhile", "helpersScript", "loaderScript", "startedWhile"} {
		fact(name, facts.Get(name).String())
	}
	// Host objects behave as a browser's: classes with prototypes, no own enumerable properties.
	div := doc.Call("createElement", "div")
	fact("instanceofHTMLElement", boolText(div.InstanceOf(global.Get("HTMLElement"))))
	fact("instanceofNode", boolText(doc.InstanceOf(global.Get("Node"))))
	fact("keys", global.Get("Object").Call("keys", div).Call("join", ",").String())
	fact("json", global.Get("JSON").Call("stringify", div).String())
	fact("hasAppendChild", boolText(global.Get("Node").Get("prototype").Call("hasOwnProperty", "appendChild").Bool()))

	app.Set("innerHTML", global.Call("emphasize", "rendered by the page's helper").String())
	report := doc.Call("createElement", "pre")
	report.Set("textContent", strings.Join(lines, "\n"))
	app.Call("appendChild", report)
	doc.Set("title", "Page scripts ran")
	alive(doc, app)
	done := doc.Call("createElement", "footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered")
	app.Call("appendChild", done)
	select {}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
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
