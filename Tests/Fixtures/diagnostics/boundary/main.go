// Boundary cost: 150,000 crossings, reading a property and marshalling its string each time. The work is
// done in batches that yield to the event loop, so it is not a frozen loop as well.
package main

import (
	"fmt"
	"syscall/js"
	"time"
)

//go:noinline
func titles(object js.Value, n int) int {
	total := 0
	for i := 0; i < n; i++ {
		total += len(object.Get("title").String())
	}
	return total
}

func main() {
	object := js.Global().Get("Object").New()
	object.Set("title", "a title")
	total := 0
	for batch := 0; batch < 50; batch++ {
		total += titles(object, 1000)
		time.Sleep(time.Millisecond)
	}
	fmt.Println(total)
}
