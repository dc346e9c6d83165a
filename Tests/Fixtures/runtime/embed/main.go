// Uses host objects an embedder adds before the run.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	host := js.Global().Get("host")
	fmt.Println("greeting:", host.Get("greeting").String())
	sum := host.Call("add", 2, 40)
	fmt.Println("sum:", sum.Int())
	host.Set("fromGo", "set by Go")
	cb := js.FuncOf(func(this js.Value, args []js.Value) any {
		return "go saw " + args[0].String()
	})
	host.Call("register", cb)
	fmt.Println("host called back:", host.Get("callbackResult").String())
	_, err := func() (v js.Value, err any) {
		defer func() { err = recover() }()
		return host.Call("fail"), nil
	}()
	fmt.Println("host error:", err.(js.Error).Get("message").String())
	done := make(chan bool)
	js.Global().Call("setTimeout", js.FuncOf(func(js.Value, []js.Value) any { done <- true; return nil }), 60000)
	<-done
	fmt.Println("virtual minute passed")
	host.Call("park", js.FuncOf(func(this js.Value, args []js.Value) any {
		host.Set("eventSeen", args[0])
		return nil
	}))
	select {}
}
