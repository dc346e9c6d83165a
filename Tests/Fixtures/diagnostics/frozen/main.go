// A frozen loop: Go computes for 1.5 s (wall) without returning to the event loop. It reads the clock only
// every 2^18 steps, so the boundary is crossed rarely.
package main

import (
	"fmt"
	"time"
)

//go:noinline
func spin(d time.Duration) int {
	start := time.Now()
	n := 0
	for {
		for i := 0; i < 1<<18; i++ {
			n += i & 3
		}
		if time.Since(start) >= d {
			return n
		}
	}
}

func main() {
	fmt.Println(spin(1500*time.Millisecond) > 0)
}
