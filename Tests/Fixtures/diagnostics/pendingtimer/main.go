// A Go timer still pending when main returns, as go test's -test.timeout alarm is in every test binary.
// The runtime keeps the glue's wake-up for it scheduled once it has gone idle: in a page that wake-up fires
// after the exit and throws ("Go program has already exited"); under `run` the process ends first.
package main

import (
	"fmt"
	"syscall/js"
	"time"
)

func main() {
	time.AfterFunc(10*time.Minute, func() { fmt.Println("never") })
	// Wait once for JavaScript, so the runtime goes idle and schedules its wake-up for the timer.
	done := make(chan struct{})
	callback := js.FuncOf(func(js.Value, []js.Value) any {
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", callback, 5)
	<-done
	callback.Release()
	fmt.Println("done")
}
