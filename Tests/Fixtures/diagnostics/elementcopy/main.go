// Per-element copying: 8192 SetIndex calls to fill one Uint8Array instead of js.CopyBytesToJS.
package main

import (
	"fmt"
	"syscall/js"
)

//go:noinline
func fill(array js.Value, data []byte) {
	for i, b := range data {
		array.SetIndex(i, b)
	}
}

func main() {
	data := make([]byte, 8192)
	array := js.Global().Get("Uint8Array").New(len(data))
	fill(array, data)
	fmt.Println(array.Length())
}
