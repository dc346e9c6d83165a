package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	results := make(chan string, 10)
	for i, d := range []int{30, 10, 20} {
		wg.Add(1)
		go func(i, d int) {
			defer wg.Done()
			time.Sleep(time.Duration(d) * time.Millisecond)
			results <- fmt.Sprintf("worker %d slept %dms", i, d)
		}(i, d)
	}
	wg.Wait()
	close(results)
	// Wake-up order of sleeps this close together depends on load (under node too), so sort.
	var lines []string
	for r := range results {
		lines = append(lines, r)
	}
	sort.Strings(lines)
	for _, r := range lines {
		fmt.Println(r)
	}
	ticker := time.NewTicker(5 * time.Millisecond)
	n := 0
	for range ticker.C {
		n++
		if n == 3 {
			ticker.Stop()
			break
		}
	}
	fmt.Println("ticks:", n)
	select {
	case <-time.After(15 * time.Millisecond):
		fmt.Println("after fired")
	}
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("slept at least 20ms:", time.Since(start) >= 20*time.Millisecond)
	timer := time.AfterFunc(time.Hour, func() { fmt.Println("never") })
	fmt.Println("stopped:", timer.Stop())
}
