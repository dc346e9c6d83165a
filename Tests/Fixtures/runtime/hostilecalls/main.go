// Calls node's surface with numbers a careless or hostile program passes (issue 18, item 3): NaN, ±1e300,
// -1, fractions, strings. node validates them and throws (or ignores, for clearTimeout); gowasm-serve's
// run trapped on a conversion and died of SIGILL. Prints one line per call: "ok" or the error's name and
// code, however it came (thrown at once, or handed to the callback).
package main

import (
	"fmt"
	"math"
	"os"
	"syscall/js"
)

func describe(value js.Value) string {
	if value.IsNull() || value.IsUndefined() {
		return "ok"
	}
	return value.Get("name").String() + " " + value.Get("code").String()
}

// attempt makes one call that may throw at once or answer through the callback it is given.
func attempt(label string, call func(callback js.Func)) {
	done := make(chan string, 1)
	callback := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) == 0 {
			done <- "ok"
		} else {
			done <- describe(args[0])
		}
		return nil
	})
	defer callback.Release()
	func() {
		defer func() {
			if r := recover(); r != nil {
				if jsError, ok := r.(js.Error); ok {
					done <- describe(jsError.Value)
				} else {
					done <- fmt.Sprint(r)
				}
			}
		}()
		call(callback)
	}()
	fmt.Printf("%s: %s\n", label, <-done)
}

// sync makes one call that answers at once (or throws).
func sync(label string, call func()) {
	attempt(label, func(callback js.Func) {
		call()
		callback.Invoke()
	})
}

func main() {
	global := js.Global()
	fs := global.Get("fs")
	buffer := global.Get("Uint8Array").New(4)
	nan, huge := math.NaN(), 1e300

	sync("clearTimeout(\"x\")", func() { global.Call("clearTimeout", "x") })
	sync("clearTimeout(NaN)", func() { global.Call("clearTimeout", nan) })
	sync("clearInterval(-1e300)", func() { global.Call("clearInterval", -huge) })
	sync("umask(-1)", func() { global.Get("process").Call("umask", -1) })
	sync("umask(NaN)", func() { global.Get("process").Call("umask", nan) })
	attempt("read(NaN)", func(cb js.Func) { fs.Call("read", nan, buffer, 0, 4, nil, cb) })
	attempt("write(offset 1.5)", func(cb js.Func) { fs.Call("write", 1, buffer, 1.5, 1, nil, cb) })
	attempt("fchmod(mode -1)", func(cb js.Func) { fs.Call("fchmod", 1, -1, cb) })
	attempt("ftruncate(fd 1e300)", func(cb js.Func) { fs.Call("ftruncate", huge, 0, cb) })
	attempt("open(mode -5)", func(cb js.Func) { fs.Call("open", "/nonexistent/x", 0, -5, cb) })
	attempt("chown(gid 1e300)", func(cb js.Func) { fs.Call("chown", "/nonexistent/x", -1, huge, cb) })
	attempt("utimes(NaN)", func(cb js.Func) { fs.Call("utimes", os.TempDir(), nan, nan, cb) })
	// A number where node wants a string or an ArrayBuffer view: the host made new Uint8Array(n) of it, so
	// writeFileSync(path, 2 ** 32) allocated 4 GB and wrote 2 GB (found by the JavaScript-surface fuzzer).
	sync("writeFileSync(data 16)", func() { fs.Call("writeFileSync", os.TempDir()+"/gowasm-hostilecalls-data", 16) })
	sync("writeSync(buffer 16)", func() { fs.Call("writeSync", 2, 16) })
	attempt("write(buffer 16)", func(cb js.Func) { fs.Call("write", 2, 16, 0, 1, nil, cb) })
	// A file over 2 GiB (sparse here, as an ftruncate leaves one): node refuses to read it; the host read it
	// whole (8 GB of memory for the fuzzer's).
	// A name of its own: node and both engines run this at once, and a shared name let one run's
	// os.WriteFile empty the file while another read it.
	if file, err := os.CreateTemp("", "gowasm-hostilecalls-large-*"); err == nil {
		large := file.Name()
		file.Close()
		if os.Truncate(large, 1<<31+1) == nil {
			sync("readFileSync(2 GiB + 1)", func() { fs.Call("readFileSync", large) })
		}
		os.Remove(large)
	}
	fmt.Println("still alive")
}
