// A well-behaved app: a few js.Value calls, one bulk copy, a goroutine that sleeps, a normal exit.
// Diagnosis finds nothing.
package main

import (
	"fmt"
	"syscall/js"
	"time"
)

func main() {
	doc := js.Global().Get("Object").New()
	doc.Set("title", "hello")
	title := doc.Get("title").String()
	bytes := make([]byte, 4096)
	for i := range bytes {
		bytes[i] = byte(i)
	}
	array := js.Global().Get("Uint8Array").New(len(bytes))
	js.CopyBytesToJS(array, bytes)
	done := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		done <- array.Length()
	}()
	fmt.Println(title, <-done)
}
