package main

import "fmt"

func main() {
	fmt.Println("before panic")
	defer fmt.Println("deferred runs")
	var m map[string]int
	m["x"] = 1
}
