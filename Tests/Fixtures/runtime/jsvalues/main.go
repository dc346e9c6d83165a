package main

import (
	"fmt"
	"syscall/js"
)

func try(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(js.Error); ok {
				fmt.Println(name, "-> js.Error:", e.Get("name").String(), e.Get("message").String())
			} else {
				fmt.Println(name, "-> panic:", r)
			}
		}
	}()
	f()
}

func main() {
	g := js.Global()
	values := []any{nil, true, false, 0, 42, -1.5, 1e21, 1e-7, "str", "ünïcødé ✓", []any{1, "two", true}, map[string]any{"a": 1}}
	for _, v := range values {
		jv := js.ValueOf(v)
		fmt.Printf("%T -> %s %s\n", v, jv.Type(), jv.String())
	}
	fmt.Println("undefined:", js.Undefined().Type(), js.Undefined().IsUndefined(), js.Null().IsNull())
	fmt.Println("NaN:", js.ValueOf(g.Get("NaN")).IsNaN(), g.Get("Math").Get("PI").Float())

	obj := g.Get("Object").New()
	obj.Set("x", 10)
	obj.Set("name", "gopher")
	obj.Set("nested", map[string]any{"k": []any{1, 2}})
	fmt.Println("get:", obj.Get("x").Int(), obj.Get("name").String(), obj.Get("missing").Type())
	fmt.Println("json:", g.Get("JSON").Call("stringify", obj).String())
	obj.Delete("x")
	fmt.Println("after delete:", g.Get("JSON").Call("stringify", obj).String())
	fmt.Println("truthy:", js.ValueOf(0).Truthy(), js.ValueOf("a").Truthy(), obj.Truthy())

	arr := g.Get("Array").New()
	for i := 0; i < 5; i++ {
		arr.Call("push", i*i)
	}
	arr.SetIndex(5, "end")
	fmt.Println("array:", arr.Length(), arr.Index(3).Int(), arr.Index(5).String(), arr.Call("indexOf", 9).Int())
	fmt.Println("instanceof:", arr.InstanceOf(g.Get("Array")), obj.InstanceOf(g.Get("Array")), obj.InstanceOf(g.Get("Object")))
	fmt.Println("equal:", arr.Equal(arr), arr.Equal(obj), js.ValueOf(3).Equal(js.ValueOf(3)))

	double := js.FuncOf(func(this js.Value, args []js.Value) any {
		return args[0].Int()*2 + args[1].Int()
	})
	mapped := arr.Call("slice", 0, 5).Call("map", double)
	fmt.Println("map:", g.Get("JSON").Call("stringify", mapped).String())
	fmt.Println("Array.from:", g.Get("JSON").Call("stringify", g.Get("Array").Call("from", mapped, double)).String())
	double.Release()

	parsed := g.Get("JSON").Call("parse", `{"a":[1,2,{"b":null}],"s":"x\ny","n":-0.5,"t":true}`)
	fmt.Println("parsed:", parsed.Get("a").Length(), parsed.Get("a").Index(2).Get("b").IsNull(), parsed.Get("s").String(), parsed.Get("n").Float(), parsed.Get("t").Bool())
	func() {
		defer func() { fmt.Println("bad json ->", recover().(js.Error).Get("name").String()) }()
		g.Get("JSON").Call("parse", "{bad")
	}()
	try("call non-function", func() { obj.Call("name") })
	try("call missing", func() { obj.Call("nothing") })
	try("new Error", func() { panic(js.Error{Value: g.Get("Error").New("custom failure")}) })
	try("invoke non-function", func() { js.ValueOf(5).Invoke() })

	u8 := g.Get("Uint8Array").New(8)
	n := js.CopyBytesToJS(u8, []byte("gowasm!!"))
	back := make([]byte, 4)
	m := js.CopyBytesToGo(back, u8)
	fmt.Println("bytes:", n, m, string(back), u8.Index(0).Int(), u8.Get("length").Int())
	enc := g.Get("TextEncoder").New().Call("encode", "héllo")
	fmt.Println("encode:", enc.Length(), g.Get("TextDecoder").New().Call("decode", enc).String())

	done := make(chan string)
	cb := js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- "timeout fired with " + args[0].String()
		return nil
	})
	g.Call("setTimeout", cb, 5, "arg")
	fmt.Println(<-done)
	cb.Release()

	resolved := make(chan string)
	then := js.FuncOf(func(this js.Value, args []js.Value) any {
		resolved <- "promise resolved: " + args[0].String()
		return nil
	})
	g.Get("Promise").Call("resolve", "ok").Call("then", then)
	fmt.Println(<-resolved)
	then.Release()

	rejected := make(chan string)
	catch := js.FuncOf(func(this js.Value, args []js.Value) any {
		rejected <- "promise rejected: " + args[0].Get("message").String()
		return nil
	})
	g.Get("Promise").Call("reject", g.Get("Error").New("nope")).Call("catch", catch)
	fmt.Println(<-rejected)
	catch.Release()

	all := make(chan string)
	allCb := js.FuncOf(func(this js.Value, args []js.Value) any {
		all <- "all: " + g.Get("JSON").Call("stringify", args[0]).String()
		return nil
	})
	p1 := g.Get("Promise").Call("resolve", 1)
	g.Get("Promise").Call("all", []any{p1, 2, "three"}).Call("then", allCb)
	fmt.Println(<-all)

	executorDone := make(chan string)
	executor := js.FuncOf(func(this js.Value, args []js.Value) any {
		resolve := args[0]
		go func() { resolve.Invoke("late") }()
		return nil
	})
	thenLate := js.FuncOf(func(this js.Value, args []js.Value) any {
		executorDone <- "executor promise: " + args[0].String()
		return nil
	})
	g.Get("Promise").New(executor).Call("then", thenLate)
	fmt.Println(<-executorDone)

	fmt.Println("typeof function:", g.Get("setTimeout").Type(), js.FuncOf(func(js.Value, []js.Value) any { return nil }).Type())
	sym := g.Call("Symbol", "tag")
	fmt.Println("symbol:", sym.Type())
	fmt.Println("date:", g.Get("Date").New().Call("getTimezoneOffset").Type(), g.Get("Date").Call("now").Float() > 1.6e12)
	fmt.Println("math:", g.Get("Math").Call("max", 3, 9, 4).Int(), g.Get("Math").Call("floor", 2.7).Int())
	fmt.Println("perf:", g.Get("performance").Call("now").Float() >= 0)
	fmt.Println("done")
}
