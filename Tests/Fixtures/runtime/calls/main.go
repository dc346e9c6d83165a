// 1,000,000 js.Value calls (Get/Set/Call on a host object): the host boundary benchmark.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	obj := js.Global().Get("Object").New()
	arr := js.Global().Get("Array").New()
	math := js.Global().Get("Math")
	total := 0.0
	for i := 0; i < 250000; i++ {
		obj.Set("n", i)
		total += obj.Get("n").Float()
		total += math.Call("abs", -1).Float()
		arr.Call("push", i)
	}
	fmt.Println(total, arr.Length())
}
