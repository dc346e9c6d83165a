// What a program started by `run --browser` sees: the page's globals, node's fs and process without
// argv0, the working directory through os, and fetch answered from the working directory under serve's
// rules. Each argument is a URL to GET with net/http (resolved against location.href).
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"syscall/js"
)

func main() {
	g := js.Global()
	eval := func(expression string) string {
		return g.Get("Function").New("return String(" + expression + ")").Invoke().String()
	}
	for _, expression := range []string{
		"typeof window", "window === globalThis", "typeof document", "document.documentElement.outerHTML",
		"location.href", "document.readyState", "typeof requestAnimationFrame", "typeof setImmediate",
		"typeof setTimeout(() => {}, 0)", "typeof process", "process.argv0", "typeof fs", "typeof fs.writeSync",
		"typeof require", `path.resolve("a/b")`, "typeof fetch", "typeof navigator",
	} {
		fmt.Printf("%s: %s\n", expression, eval(expression))
	}
	wd, err := os.Getwd()
	fmt.Printf("getwd matches PWD: %v %v\n", err == nil && wd == os.Getenv("PWD"), err)
	base := g.Get("location").Get("href").String()
	for _, target := range os.Args[1:] {
		if !strings.Contains(target, "://") {
			target = base + target
		}
		response, err := http.Get(target)
		if err != nil {
			fmt.Printf("GET %s: error %v\n", target, err)
			continue
		}
		body, _ := io.ReadAll(response.Body)
		response.Body.Close()
		fmt.Printf("GET %s: %d %q\n", target, response.StatusCode, body)
	}
}
