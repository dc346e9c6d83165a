// Writes into the page's own mount point (#root), proving the rewritten own index.html loaded it.
//go:build js && wasm

package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	doc.Call("getElementById", "root").Set("textContent", "ownpage-ran")
	select {}
}
