// A js.Func leak: a render loop that makes a new callback each time and never releases it. It ends as a
// browser app does, parked for events (under `run`, Go then reports the deadlock).
package main

import "syscall/js"

//go:noinline
func render(list js.Value, i int) {
	list.Call("push", js.FuncOf(func(this js.Value, args []js.Value) any { return i }))
}

func main() {
	list := js.Global().Get("Array").New()
	for i := 0; i < 300; i++ {
		render(list, i)
	}
	js.Global().Set("handlers", list)
	select {}
}
