// Does not compile: a type error the build must report.
package main

func main() {
	var n int = "not a number"
	_ = n
}
