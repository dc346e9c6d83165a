// Misbehaving guests: each mode must end with a report, never a host crash.
package main

import (
	"fmt"
	"os"
	"unsafe"
)

var sink [][]byte

func main() {
	fmt.Println("mode:", os.Args[1])
	switch os.Args[1] {
	case "oob":
		// A store far past the end of linear memory: a wasm trap.
		p := (*uint64)(unsafe.Pointer(uintptr(0xFFFF_FF00)))
		*p = 1
	case "alloc":
		for {
			sink = append(sink, make([]byte, 16<<20))
		}
	case "spin":
		for i := 0; ; i++ {
			if i < 0 {
				fmt.Println(i)
			}
		}
	}
	fmt.Println("unreachable")
}
