// Callbacks made, each invoked once from JS, then released, and main returns: nothing is left for JS to
// call, so diagnosis has nothing to say. With the argument "keep" the same program skips the Release calls:
// then every func is a leak, named at its creation in handler.
package main

import (
	"fmt"
	"os"
	"syscall/js"
)

//go:noinline
func handler(i int) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) any { return i * 2 })
}

func main() {
	keep := len(os.Args) > 1 && os.Args[1] == "keep"
	funcs := make([]js.Func, 150)
	sum := 0
	for i := range funcs {
		funcs[i] = handler(i)
		sum += funcs[i].Invoke().Int()
	}
	if !keep {
		for i := range funcs {
			funcs[i].Release()
		}
		// A pointer receiver releases too, and a second Release of the same func changes nothing.
		release := (*js.Func).Release
		release(&funcs[0])
	}
	fmt.Println("sum", sum)
}
