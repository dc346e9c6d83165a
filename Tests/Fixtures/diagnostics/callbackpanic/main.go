// A panic out of a callback: the callback JS calls panics, unwinds through the js.Func wrapper and
// kills the instance.
package main

import "syscall/js"

func main() {
	handler := js.FuncOf(func(this js.Value, args []js.Value) any {
		var m map[string]int
		m["boom"] = 1
		return nil
	})
	js.Global().Call("setTimeout", handler, 1)
	select {}
}
