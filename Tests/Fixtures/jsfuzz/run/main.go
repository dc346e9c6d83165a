// Runs the JavaScript-surface fuzzer (../driver.js) inside `gowasm-serve run`: the driver's path, surface, seed
// and call count come as arguments; it is evaluated through syscall/js in the real node surface. A page under
// `prerender` (the dom surface) runs the driver as its own script and only starts this program.
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall/js"
)

func main() {
	if len(os.Args) != 5 {
		// In a page (the dom surface) the driver is a page script: the program only has to start.
		fmt.Println("usage: jsfuzz driver.js surface seed calls")
		return
	}
	source, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	seed, _ := strconv.Atoi(os.Args[3])
	calls, _ := strconv.Atoi(os.Args[4])
	config := js.Global().Get("Object").New()
	config.Set("surface", os.Args[2])
	config.Set("seed", seed)
	config.Set("calls", calls)
	js.Global().Set("__jsfuzz", config)
	// The driver prints its own result line; Go only reports whether the evaluation itself threw.
	result := js.Global().Call("eval", string(source))
	fmt.Fprintln(os.Stderr, "jsfuzz done:", result.String())
	os.Exit(0)
}
