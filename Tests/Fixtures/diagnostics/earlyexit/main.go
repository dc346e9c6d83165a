// An early exit: main registers a callback for later and returns, so the callback can never run.
package main

import "syscall/js"

func main() {
	onTick := js.FuncOf(func(this js.Value, args []js.Value) any { return nil })
	js.Global().Set("onTick", onTick)
}
