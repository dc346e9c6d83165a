// Runs in a dedicated worker (static/go-worker.js), not in the page: it posts what it computed and what it
// sees of its global to the page, which writes it into the DOM and marks the page rendered.
//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	global := js.Global()
	sum := 0
	for i := 1; i <= 100; i++ {
		sum += i
	}
	result := js.Global().Get("Object").New()
	result.Set("text", fmt.Sprintf("Go in a worker: sum %d, document %s, location %s, name %s", sum,
		global.Get("document").Type().String(), global.Get("location").Get("pathname").String(),
		global.Get("name").String()))
	bytes := js.Global().Get("Uint8Array").New(3)
	js.CopyBytesToJS(bytes, []byte{7, 8, 9})
	result.Set("bytes", bytes)
	global.Call("postMessage", result)
}
