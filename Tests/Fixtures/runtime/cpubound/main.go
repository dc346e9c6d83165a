// CPU-bound work for the benchmark: hashing, sorting, JSON, flate. Builds for js/wasm and wasip1.
package main

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
)

type record struct {
	ID    int               `json:"id"`
	Name  string            `json:"name"`
	Tags  []string          `json:"tags"`
	Attrs map[string]string `json:"attrs"`
}

func main() {
	rng := rand.New(rand.NewSource(1))
	data := make([]byte, 4<<20)
	rng.Read(data)
	sum := sha256.Sum256(data)
	for i := 0; i < 20; i++ {
		sum = sha256.Sum256(append(sum[:], data[:1<<18]...))
	}
	nums := make([]int, 400000)
	for i := range nums {
		nums[i] = rng.Int()
	}
	sort.Ints(nums)
	var records []record
	for i := 0; i < 20000; i++ {
		records = append(records, record{ID: i, Name: fmt.Sprint("item", i), Tags: []string{"a", "b"}, Attrs: map[string]string{"k": "v"}})
	}
	encoded, _ := json.Marshal(records)
	var decoded []record
	_ = json.Unmarshal(encoded, &decoded)
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, 6)
	w.Write(encoded)
	w.Close()
	fmt.Printf("%x %v %d %d\n", sum[:4], nums[0] > 0, len(decoded), buf.Len())
}
