// Loads its data with fetch at start-up and renders a route chosen by location.pathname, as a small
// single-page app does. The pre-rendered page must already contain the fetched data.
//go:build js && wasm

package main

import (
	"syscall/js"
)

type item struct{ name, price string }

func main() {
	doc := js.Global().Get("document")
	app := doc.Call("getElementById", "app")
	path := js.Global().Get("location").Get("pathname").String()
	if len(path) > 1 && path[len(path)-1] == '/' {
		path = path[:len(path)-1] // /about/ (a pre-rendered about/index.html) is /about
	}

	var onData, onText, onError js.Func
	onError = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		app.Set("textContent", "failed: "+args[0].Get("message").String())
		return nil
	})
	onText = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		render(doc, app, path, args[0])
		return nil
	})
	onData = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		response := args[0]
		if !response.Get("ok").Bool() {
			app.Set("textContent", "HTTP "+response.Get("status").String())
			return nil
		}
		response.Call("json").Call("then", onText, onError)
		return nil
	})
	js.Global().Call("fetch", "/static/catalog.json").Call("then", onData, onError)
	select {}
}

func render(doc, app js.Value, path string, data js.Value) {
	app.Set("innerHTML", "")
	nav := doc.Call("createElement", "nav")
	for _, target := range []string{"/", "/about", "/items/2"} {
		a := doc.Call("createElement", "a")
		a.Set("href", target)
		a.Set("textContent", target)
		if target == path {
			a.Get("classList").Call("add", "current")
		}
		nav.Call("appendChild", a)
	}
	app.Call("appendChild", nav)
	main := doc.Call("createElement", "main")
	items := data.Get("items")
	switch {
	case path == "/":
		doc.Set("title", data.Get("shop").String()+": home")
		ul := doc.Call("createElement", "ul")
		for i := 0; i < items.Length(); i++ {
			li := doc.Call("createElement", "li")
			li.Set("textContent", items.Index(i).Get("name").String()+" ("+items.Index(i).Get("price").String()+")")
			ul.Call("appendChild", li)
		}
		main.Call("appendChild", ul)
	case path == "/about":
		doc.Set("title", "About "+data.Get("shop").String())
		p := doc.Call("createElement", "p")
		p.Set("innerHTML", data.Get("about").String())
		main.Call("appendChild", p)
	case len(path) > len("/items/") && path[:len("/items/")] == "/items/":
		n := 0
		for _, c := range path[len("/items/"):] {
			n = n*10 + int(c-'0')
		}
		h := doc.Call("createElement", "h2")
		if n >= 0 && n < items.Length() {
			doc.Set("title", items.Index(n).Get("name").String())
			h.Set("textContent", items.Index(n).Get("name").String())
		} else {
			doc.Set("title", "No such item")
			h.Set("textContent", "No such item")
		}
		main.Call("appendChild", h)
	default:
		doc.Set("title", "Not found")
		main.Set("textContent", "Not found: "+path)
	}
	app.Call("appendChild", main)
	alive(doc, app)
	done := doc.Call("createElement", "footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered "+path)
	app.Call("appendChild", done)
}

// alive renders an input whose "input" events greet by name: what the take-over tests type into, in
// Chromium, to see that the app runs after the take-over and reacts as on the plain page.
func alive(doc, parent js.Value) {
	input := doc.Call("createElement", "input")
	input.Set("id", "alive-input")
	output := doc.Call("createElement", "p")
	output.Set("id", "alive-output")
	output.Set("textContent", "Hello, stranger!")
	input.Call("addEventListener", "input", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		output.Set("textContent", "Hello, "+input.Get("value").String()+"!")
		return nil
	}))
	parent.Call("append", input, output)
}
