// A plain WASI program (GOOS=wasip1): `inspect` must recognise it rather than fail.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello from wasip1")
	os.Exit(0)
}
