// Started by the page once its network facts are in: marks the page rendered, so the facts are final.
//go:build js && wasm

package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	done := doc.Call("createElement", "footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered")
	doc.Get("body").Call("appendChild", done)
	select {}
}
