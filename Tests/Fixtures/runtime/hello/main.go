package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello, world")
	fmt.Fprintln(os.Stderr, "to stderr")
	fmt.Println("args:", len(os.Args) > 0)
}
