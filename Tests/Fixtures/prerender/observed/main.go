// Mutates the page through syscall/js while the page's MutationObserver watches #app: the records must be
// the ones a browser queues for the same calls (the pre-renderer's DOM queues them below the bindings).
//go:build js && wasm

package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	app := doc.Call("getElementById", "app")
	item := doc.Call("createElement", "li")
	item.Set("textContent", "first")
	app.Call("appendChild", item)
	app.Call("setAttribute", "data-state", "ready")
	app.Get("classList").Call("add", "filled")
	item.Get("firstChild").Set("data", "changed")
	item.Set("title", "reflected")
	app.Set("innerHTML", "<li>one</li><li>two</li>")
	app.Get("firstChild").Call("remove")
	app.Call("insertAdjacentHTML", "beforeend", "<li>three</li>")
	done := doc.Call("createElement", "footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered")
	doc.Get("body").Call("appendChild", done)
	select {}
}
