// A panic in main, not in a callback: Go prints its trace and exits 2. Its deferred print writes through
// syscall's fs callbacks (Go 1.19 waits for each write in one), so the exit comes while one of them runs;
// that is the standard library's callback, not a panic out of the program's.
package main

import "fmt"

func main() {
	fmt.Println("before panic")
	defer fmt.Println("deferred runs")
	var m map[string]int
	m["x"] = 1
}
