// Misbehaves in the way its route names, so the pre-renderer's error reports can be checked.
//go:build js && wasm

package main

import (
	"syscall/js"
	"unsafe"
)

func main() {
	doc := js.Global().Get("document")
	switch js.Global().Get("location").Get("pathname").String() {
	case "/trap":
		// A store far past the end of linear memory: a wasm trap.
		p := (*uint64)(unsafe.Pointer(uintptr(0xFFFF_FF00)))
		*p = 1
	case "/panic":
		panic("the catalog is empty")
	case "/escape":
		// A panic message that would retitle, clear and recolour the terminal of whoever reads the log.
		panic("\x1b]0;owned\x07\x1b[2J\x1b[31mred")
	case "/hog":
		// Memory without end: stopped at the render's memory budget.
		var kept [][]byte
		for {
			block := make([]byte, 16<<20)
			for i := 0; i < len(block); i += 4096 {
				block[i] = 1 // one byte a page makes the page resident
			}
			kept = append(kept, block)
			doc.Set("title", len(kept))
		}
	case "/spin":
		for i := 0; ; i++ {
			if i < 0 {
				doc.Set("title", "never")
			}
		}
	case "/ticker":
		// A clock that ticks forever: pre-rendering stops at the virtual-time budget and keeps the page.
		ticks := 0
		var tick js.Func
		tick = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
			ticks++
			doc.Call("getElementById", "app").Set("textContent", "ticks")
			return nil
		})
		js.Global().Call("setInterval", tick, 1000)
	}
	doc.Call("getElementById", "app").Set("textContent", "fine")
	select {}
}
