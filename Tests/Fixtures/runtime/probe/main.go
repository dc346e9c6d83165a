// A differential probe of the JavaScript world Go code reaches through syscall/js: each line is one
// global or method, called the way Go programs call it. `run` must print exactly what node prints.
package main

import (
	"fmt"
	"syscall/js"
)

var (
	g        = js.Global()
	str      = g.Get("String")
	strProto = str.Get("prototype")
	count    = 0
)

// show renders any JS value as String(v) would, with its type.
func show(v js.Value) string {
	return v.Type().String() + " " + str.Invoke(v).String()
}

func probe(name string, f func() string) {
	count++
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(js.Error); ok {
				fmt.Printf("%02d %s -> threw %s\n", count, name, e.Get("name").String())
				return
			}
			fmt.Printf("%02d %s -> panic %v\n", count, name, r)
		}
	}()
	fmt.Printf("%02d %s: %s\n", count, name, f())
}

// fn builds a JavaScript function from source with the Function constructor.
func fn(args ...string) js.Value {
	params := make([]any, len(args))
	for i, a := range args {
		params[i] = a
	}
	return g.Get("Function").New(params...)
}

// numCall calls Number.prototype.method on n.
func numCall(method string, n any, args ...any) js.Value {
	return g.Get("Number").Get("prototype").Get(method).Call("call", append([]any{n}, args...)...)
}

// strCall calls String.prototype.method on s (a workaround Go UI libraries use for golang/go#35917).
func strCall(method, s string, args ...any) js.Value {
	return strProto.Get(method).Call("call", append([]any{s}, args...)...)
}

// await blocks until the promise settles and returns its value (or "rejected: ...").
func await(p js.Value) string {
	done := make(chan string, 1)
	var onOK, onErr js.Func
	onOK = js.FuncOf(func(this js.Value, args []js.Value) any { done <- show(args[0]); return nil })
	onErr = js.FuncOf(func(this js.Value, args []js.Value) any { done <- "rejected: " + show(args[0]); return nil })
	p.Call("then", onOK, onErr)
	r := <-done
	onOK.Release()
	onErr.Release()
	return r
}

func main() {
	json := g.Get("JSON")
	obj := g.Get("Object")
	reflect := g.Get("Reflect")
	num := g.Get("Number")
	math := g.Get("Math")

	// Strings
	probe("String.prototype.toLowerCase.call", func() string { return strCall("toLowerCase", "ÀBC Ünï").String() })
	probe("toUpperCase ß", func() string { return strCall("toUpperCase", "straße").String() })
	probe("split", func() string { return strCall("split", "a,b,,c", ",").Call("join", "|").String() })
	probe("split regexp", func() string { return strCall("split", "a1b22c", g.Get("RegExp").New("\\d+")).Call("join", "|").String() })
	probe("padStart/repeat", func() string { return strCall("padStart", "7", 3, "0").String() + strCall("repeat", "ab", 3).String() })
	probe("normalize NFD length", func() string { return show(fn("s", "return s.normalize('NFD').length").Invoke("é")) })
	probe("at(-1)", func() string { return strCall("at", "gopher", -1).String() })
	probe("replaceAll", func() string { return strCall("replaceAll", "a.b.c", ".", "/").String() })
	probe("trim", func() string { return "[" + strCall("trim", " \t x y \n").String() + "]" })
	probe("codePointAt", func() string { return show(strCall("codePointAt", "😀", 0)) })
	probe("String.fromCodePoint", func() string { return str.Call("fromCodePoint", 0x1F600, 65).String() })
	probe("localeCompare", func() string { return show(strCall("localeCompare", "a", "B", "en")) })
	probe("String(...) of values", func() string {
		return str.Invoke(nil).String() + "," + str.Invoke(js.Undefined()).String() + "," + str.Invoke(1e21).String() + "," + str.Invoke(-0.0).String()
	})
	probe("encodeURIComponent", func() string { return g.Call("encodeURIComponent", "a b&c=d/é?").String() })
	probe("decodeURIComponent", func() string { return g.Call("decodeURIComponent", "%E2%9C%93%20ok").String() })
	probe("encodeURI", func() string { return g.Call("encodeURI", "http://x/a b?q=1#f").String() })

	// Numbers and Math
	probe("Number.parseFloat", func() string { return show(num.Call("parseFloat", "3.14abc")) })
	probe("Number.parseInt hex", func() string { return show(num.Call("parseInt", "ff", 16)) })
	probe("toFixed", func() string { return numCall("toFixed", 1.005, 2).String() })
	probe("toPrecision", func() string { return numCall("toPrecision", 123.456, 4).String() })
	probe("toString(2)", func() string { return numCall("toString", 255, 2).String() })
	probe("Number(\"0x1f\")/\"\"", func() string { return show(num.Invoke("0x1f")) + " " + show(num.Invoke("")) })
	probe("Number.isInteger/isSafeInteger", func() string {
		return fmt.Sprint(num.Call("isInteger", 5.0).Bool(), num.Call("isSafeInteger", 9007199254740992.0).Bool())
	})
	probe("MAX_SAFE_INTEGER", func() string { return show(num.Get("MAX_SAFE_INTEGER")) })
	probe("1/3 and 5e-7", func() string { return str.Invoke(1.0/3).String() + " " + str.Invoke(5e-7).String() })
	probe("Math.hypot/fround/clz32", func() string {
		return fmt.Sprint(math.Call("hypot", 3, 4).Float(), math.Call("fround", 5.05).Float(), math.Call("clz32", 1).Int())
	})
	probe("Math.max.apply", func() string { return show(math.Get("max").Call("apply", nil, []any{1, 5, 3})) })
	probe("BigInt", func() string { return fn("return (2n ** 64n).toString()").Invoke().String() })

	// RegExp
	probe("RegExp exec groups", func() string {
		m := g.Get("RegExp").New("(\\d+)-(\\d+)").Call("exec", "a 12-34 b")
		return m.Index(1).String() + "+" + m.Index(2).String() + " at " + show(m.Get("index"))
	})
	probe("named groups", func() string {
		m := g.Get("RegExp").New("(?<year>\\d{4})-(?<month>\\d{2})").Call("exec", "on 2024-05")
		return m.Get("groups").Get("year").String() + "/" + m.Get("groups").Get("month").String()
	})
	probe("unicode property", func() string { return show(g.Get("RegExp").New("^\\p{L}+$", "u").Call("test", "Grüße")) })
	probe("replace $1", func() string { return strCall("replace", "john smith", g.Get("RegExp").New("(\\w+)\\s(\\w+)"), "$2, $1").String() })
	probe("matchAll", func() string {
		return show(g.Get("Array").Call("from", strCall("matchAll", "a1b2c3", g.Get("RegExp").New("\\d", "g"))).Get("length"))
	})
	probe("flags/sticky", func() string {
		re := g.Get("RegExp").New("a", "gimsuy")
		return re.Get("flags").String() + " " + fmt.Sprint(re.Get("sticky").Bool())
	})

	// Map, Set
	probe("Map", func() string {
		m := g.Get("Map").New()
		m.Call("set", "b", 2)
		m.Call("set", "a", 1)
		m.Call("set", 1, "num")
		m.Call("delete", "b")
		return fmt.Sprint(m.Get("size").Int(), m.Call("get", "a").Int(), m.Call("has", 1).Bool(), m.Call("get", "zz").Type())
	})
	probe("Map iteration order", func() string {
		m := g.Get("Map").New(js.ValueOf([]any{[]any{"z", 1}, []any{"a", 2}}))
		return g.Get("Array").Call("from", m.Call("keys")).Call("join").String()
	})
	probe("Set dedupe", func() string {
		s := g.Get("Set").New(js.ValueOf([]any{3, 1, 3, 2, 1}))
		return g.Get("Array").Call("from", s).Call("join").String()
	})
	probe("WeakMap", func() string {
		w := g.Get("WeakMap").New()
		k := obj.New()
		w.Call("set", k, "v")
		return w.Call("get", k).String()
	})

	// URL
	u := func() js.Value { return g.Get("URL").New("https://user:pw@Example.COM:443/a/./b/../c%20d?x=1&y=two words#frag") }
	probe("URL href", func() string { return u().Get("href").String() })
	probe("URL parts", func() string {
		v := u()
		return v.Get("host").String() + " " + v.Get("pathname").String() + " " + v.Get("origin").String() + " " + v.Get("hash").String()
	})
	probe("URL searchParams", func() string { return u().Get("searchParams").Call("get", "y").String() })
	probe("URL relative", func() string { return g.Get("URL").New("../x?q=1", "http://h.test/a/b/c").Get("href").String() })
	probe("URL port", func() string { return g.Get("URL").New("http://h.test:8080/").Get("port").String() })
	probe("URLSearchParams", func() string {
		p := g.Get("URLSearchParams").New("a=1&b=2&a=3")
		p.Call("append", "c", "x y&z")
		p.Call("sort")
		return p.Call("toString").String() + " " + p.Call("getAll", "a").Call("join").String()
	})
	probe("URL invalid", func() string { return show(g.Get("URL").New("not a url")) })

	// Intl and dates
	probe("NumberFormat de-DE", func() string {
		return g.Get("Intl").Get("NumberFormat").New("de-DE").Call("format", 1234567.891).String()
	})
	probe("NumberFormat en-US percent", func() string {
		return g.Get("Intl").Get("NumberFormat").New("en-US", map[string]any{"style": "percent"}).Call("format", 0.256).String()
	})
	probe("toLocaleString en-US", func() string { return numCall("toLocaleString", 1234567.891, "en-US").String() })
	probe("DateTimeFormat", func() string {
		f := g.Get("Intl").Get("DateTimeFormat").New("en-US", map[string]any{"timeZone": "UTC", "year": "numeric", "month": "long", "day": "numeric"})
		return f.Call("format", g.Get("Date").New(0)).String()
	})
	probe("PluralRules", func() string {
		p := g.Get("Intl").Get("PluralRules").New("en-US")
		return p.Call("select", 1).String() + " " + p.Call("select", 2).String()
	})
	probe("Date ISO and UTC", func() string {
		return g.Get("Date").New(0).Call("toISOString").String() + " " + show(g.Get("Date").Call("UTC", 2020, 0, 2))
	})
	probe("Date.parse", func() string { return show(g.Get("Date").Call("parse", "2020-01-01T00:00:00Z")) })
	probe("toUTCString", func() string { return g.Get("Date").New(86400000).Call("toUTCString").String() })
	probe("getTimezoneOffset", func() string { return show(g.Get("Date").New(0).Call("getTimezoneOffset")) })

	// JSON edge cases
	probe("JSON.stringify special values", func() string {
		return json.Call("stringify", fn("return {a: [1, 'x', null, undefined, () => 1], u: undefined, n: NaN, i: -Infinity, d: new Date(0), z: -0}").Invoke()).String()
	})
	probe("JSON.stringify indent", func() string {
		return json.Call("stringify", map[string]any{"k": []any{1, 2}}, nil, 2).String()
	})
	probe("JSON.stringify unicode", func() string { return json.Call("stringify", "\u2028\u0007é\U0001F600").String() })
	probe("JSON.parse 1e400", func() string { return show(json.Call("parse", "1e400")) })
	probe("JSON.parse __proto__", func() string {
		return obj.Call("keys", json.Call("parse", `{"__proto__": 1, "b": 2}`)).Call("join").String()
	})
	probe("JSON.parse invalid", func() string { return show(json.Call("parse", "{bad")) })
	probe("JSON.stringify toJSON", func() string { return json.Call("stringify", g.Get("URL").New("http://a.test/x y")).String() })

	// Reflect, Object, Function.prototype
	probe("Reflect.ownKeys order", func() string {
		return reflect.Call("ownKeys", json.Call("parse", `{"b":1,"2":1,"a":1,"1":1}`)).Call("join").String()
	})
	probe("Reflect.apply", func() string { return show(reflect.Call("apply", math.Get("min"), nil, []any{4, 2, 8})) })
	probe("Reflect.construct", func() string { return show(reflect.Call("construct", g.Get("Date"), []any{0}).Call("getTime")) })
	probe("Reflect.has/getPrototypeOf", func() string {
		arr := js.ValueOf([]any{})
		return fmt.Sprint(reflect.Call("has", arr, "length").Bool(), reflect.Call("getPrototypeOf", arr).Equal(g.Get("Array").Get("prototype")))
	})
	probe("Function.prototype.call", func() string {
		return g.Get("Array").Get("prototype").Get("join").Call("call", map[string]any{"length": 2, "0": "a", "1": "b"}, "-").String()
	})
	probe("Function.prototype.bind", func() string { return show(fn("a", "b", "return a * 10 + b").Call("bind", nil, 4).Invoke(2)) })
	probe("Object.entries/fromEntries", func() string {
		o := obj.Call("fromEntries", []any{[]any{"x", 1}, []any{"y", 2}})
		return json.Call("stringify", obj.Call("entries", o)).String()
	})
	probe("Object.prototype.toString tags", func() string {
		ts := obj.Get("prototype").Get("toString")
		return ts.Call("call", g.Get("Map").New()).String() + ts.Call("call", nil).String() + ts.Call("call", js.ValueOf([]any{})).String()
	})
	probe("Array flat/toSorted/findLast", func() string {
		a := js.ValueOf([]any{3, []any{1, []any{2}}})
		return a.Call("flat", 2).Call("toSorted").Call("join").String() + " " + show(js.ValueOf([]any{1, 2, 3}).Call("findLast", fn("x", "return x < 3")))
	})
	probe("Array sort stability", func() string {
		a := json.Call("parse", `[{"k":1,"v":"a"},{"k":0,"v":"b"},{"k":1,"v":"c"},{"k":0,"v":"d"}]`)
		a.Call("sort", fn("x", "y", "return x.k - y.k"))
		return a.Call("map", fn("x", "return x.v")).Call("join", "").String()
	})
	probe("Symbol description", func() string { return fn("return Symbol('tag').description + ' ' + typeof Symbol.iterator").Invoke().String() })
	probe("Error instances", func() string {
		e := g.Get("TypeError").New("boom")
		return e.Get("name").String() + ":" + e.Get("message").String() + " " + fmt.Sprint(e.InstanceOf(g.Get("Error")))
	})
	probe("thrown TypeError", func() string { return show(fn("return null.x").Invoke()) })

	// Web platform additions
	probe("atob/btoa", func() string { return g.Call("btoa", "hi\u00ff").String() + " " + g.Call("atob", "aGVsbG8=").String() })
	probe("TextEncoder/TextDecoder", func() string {
		b := g.Get("TextEncoder").New().Call("encode", "héllo ✓")
		return show(b.Get("length")) + " " + g.Get("TextDecoder").New().Call("decode", b).String()
	})
	probe("structuredClone", func() string {
		c := g.Call("structuredClone", fn("return {m: new Map([[1, {d: new Date(5)}]]), a: [1, 2]}").Invoke())
		return show(c.Get("m").Call("get", 1).Get("d").Call("getTime")) + " " + show(c.Get("a").Get("length"))
	})
	probe("crypto.getRandomValues", func() string {
		// Go 1.19's node glue replaces crypto with one whose getRandomValues returns nothing: read the array.
		a := g.Get("Uint8Array").New(64)
		g.Get("crypto").Call("getRandomValues", a)
		zeros := 0
		for i := 0; i < 64; i++ {
			if a.Index(i).Int() == 0 {
				zeros++
			}
		}
		return fmt.Sprint(a.Length(), zeros < 8)
	})
	probe("performance.now", func() string { return g.Get("performance").Call("now").Type().String() })
	probe("typeof setTimeout/queueMicrotask", func() string {
		return g.Get("setTimeout").Type().String() + " " + g.Get("queueMicrotask").Type().String()
	})

	// DOMException: a global in node, and what atob and structuredClone throw
	probe("DOMException", func() string {
		return show(fn(`const e = new DOMException("m", "AbortError");
			return [typeof DOMException, e.name, e.message, e.code, e instanceof Error, DOMException.ABORT_ERR,
				e.DATA_CLONE_ERR, Object.prototype.toString.call(e)].join()`).Invoke())
	})
	probe("atob throws", func() string {
		return show(fn(`try { atob("!"); return "no throw" } catch (e) { return [e instanceof DOMException, e.name, e.code].join() }`).Invoke())
	})
	probe("structuredClone throws", func() string {
		return show(fn(`try { structuredClone(() => 1); return "no throw" } catch (e) { return [e instanceof DOMException, e.name, e.code].join() }`).Invoke())
	})

	// Promises and microtask order
	probe("microtask order", func() string {
		return await(fn(`const log = [];
			setTimeout(() => log.push("timeout"), 0);
			Promise.resolve().then(() => log.push("then1")).then(() => log.push("then2"));
			queueMicrotask(() => log.push("microtask"));
			(async () => { log.push("async start"); await null; log.push("after await"); })();
			log.push("sync");
			return new Promise((resolve) => setTimeout(() => resolve(log.join(",")), 5));`).Invoke())
	})
	probe("Promise.all", func() string {
		return await(g.Get("Promise").Call("all", []any{1, g.Get("Promise").Call("resolve", 2), fn("return new Promise(r => setTimeout(() => r(3), 1))").Invoke()}))
	})
	probe("Promise.allSettled", func() string {
		p := g.Get("Promise").Call("allSettled", []any{g.Get("Promise").Call("reject", g.Get("Error").New("no")), 1})
		return await(p.Call("then", fn("r", "return r.map(x => x.status).join()")))
	})
	probe("Promise.any/race", func() string {
		return await(g.Get("Promise").Call("any", []any{g.Get("Promise").Call("reject", 1), g.Get("Promise").Call("resolve", "any-ok")})) + " " +
			await(g.Get("Promise").Call("race", []any{fn("return new Promise(r => setTimeout(() => r('slow'), 20))").Invoke(), g.Get("Promise").Call("resolve", "fast")}))
	})
	probe("rejected promise", func() string { return await(g.Get("Promise").Call("reject", g.Get("RangeError").New("r"))) })
	probe("async function", func() string { return await(fn("return (async () => { await null; return 7 * 6; })()").Invoke()) })

	fmt.Println("probes:", count)
}
