package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	fmt.Printf("args: %q\n", os.Args[1:])
	fmt.Println("FIXTURE_VALUE =", os.Getenv("FIXTURE_VALUE"))
	var mine []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "FIXTURE_") {
			mine = append(mine, kv)
		}
	}
	sort.Strings(mine)
	fmt.Println(mine)
	_, ok := os.LookupEnv("FIXTURE_MISSING")
	fmt.Println("missing:", ok)
	wd, err := os.Getwd()
	fmt.Println("getwd ok:", err == nil && wd != "")
	fmt.Println("pid positive:", os.Getpid() > 0, "uid:", os.Getuid() >= 0)
	if len(os.Args) > 1 && os.Args[1] == "fail" {
		fmt.Fprintln(os.Stderr, "failing as asked")
		os.Exit(7)
	}
}
