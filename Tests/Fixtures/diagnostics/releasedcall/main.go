// A call of a released js.Func: JS keeps the callback after Go released it, and calls it later.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	done := make(chan struct{})
	var callback js.Func
	callback = js.FuncOf(func(this js.Value, args []js.Value) any {
		callback.Release()
		close(done)
		return nil
	})
	timers := js.Global()
	timers.Call("setTimeout", callback, 1)
	timers.Call("setTimeout", callback, 5)
	<-done
	finished := make(chan struct{})
	after := js.FuncOf(func(this js.Value, args []js.Value) any { close(finished); return nil })
	timers.Call("setTimeout", after, 20)
	<-finished
	after.Release()
	fmt.Println("done")
	select {}
}
