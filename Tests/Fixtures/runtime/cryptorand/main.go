package main

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"math/big"
)

func main() {
	b := make([]byte, 64)
	n, err := rand.Read(b)
	nonzero := 0
	for _, x := range b {
		if x != 0 {
			nonzero++
		}
	}
	fmt.Println("read:", n, err, "mostly nonzero:", nonzero > 32)
	v, err := rand.Int(rand.Reader, big.NewInt(1000))
	fmt.Println("int in range:", err == nil && v.Int64() >= 0 && v.Int64() < 1000)
	fmt.Printf("sha256: %x\n", sha256.Sum256([]byte("gowasm")))
}
