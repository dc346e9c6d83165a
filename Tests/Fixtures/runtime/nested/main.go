// Callbacks nested many levels deep (Go → host → Go → host ...), many times over: each level of re-entry
// runs Go on its own interpreter stack, which the host reuses for the next call at that depth.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	g := js.Global()
	var fact js.Func
	fact = js.FuncOf(func(this js.Value, args []js.Value) any {
		n := args[0].Int()
		if n <= 1 {
			return 1
		}
		return n * fact.Invoke(n-1).Int()
	})
	fmt.Println("fact(12) =", fact.Invoke(12).Int())

	// A host built-in calling back into Go, which calls another built-in that calls back again.
	inner := js.FuncOf(func(this js.Value, args []js.Value) any { return args[0].Int() * 10 })
	outer := js.FuncOf(func(this js.Value, args []js.Value) any {
		row := g.Get("Array").Call("of", args[0], args[0].Int()+1).Call("map", inner)
		return g.Get("JSON").Call("stringify", row)
	})
	fmt.Println("map in map:", g.Get("JSON").Call("stringify", g.Get("Array").Call("of", 1, 2, 3).Call("map", outer)).String())

	sum := 0
	for i := 0; i < 2000; i++ {
		sum += fact.Invoke(i%6 + 1).Int()
	}
	fmt.Println("2000 nested calls, sum =", sum)

	// An exception thrown by a host function inside a callback reaches Go there as a js.Error.
	var caught string
	thrower := js.FuncOf(func(this js.Value, args []js.Value) any {
		defer func() {
			if err, ok := recover().(js.Error); ok {
				caught = err.Get("name").String()
			}
		}()
		g.Get("JSON").Call("parse", "{not json")
		return nil
	})
	g.Get("Array").Call("of", 1).Call("map", thrower)
	fmt.Println("caught in callback:", caught)
	fact.Release()
	inner.Release()
	outer.Release()
	thrower.Release()
}
