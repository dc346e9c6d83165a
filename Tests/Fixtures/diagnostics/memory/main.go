// A memory high-water mark: one 160 MiB allocation grows linear memory, which never shrinks.
package main

import "fmt"

var sink []byte

//go:noinline
func decode(n int) []byte {
	buffer := make([]byte, n)
	buffer[n-1] = 1
	return buffer
}

func main() {
	sink = decode(160 << 20)
	fmt.Println(len(sink))
}
