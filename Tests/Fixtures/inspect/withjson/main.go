// The inspect tests' "grown" build: hello plus encoding/json, so `inspect --diff` has a package to add.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	out, _ := json.Marshal(map[string]any{"hello": os.Args})
	fmt.Println(string(out))
}
