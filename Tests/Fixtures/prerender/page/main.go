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
