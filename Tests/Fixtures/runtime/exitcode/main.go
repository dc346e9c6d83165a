package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("about to exit 3")
	fmt.Fprintln(os.Stderr, "stderr line")
	os.Exit(3)
}
