// Builds a page with every DOM API the pre-renderer supports, then parks like a real UI program.
// Everything it renders must be identical in Chromium and in the pre-rendered page.
//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
)

func main() {
	doc := js.Global().Get("document")
	app := doc.Call("getElementById", "app")
	app.Set("innerHTML", "")
	create := func(tag string) js.Value { return doc.Call("createElement", tag) }
	var facts []string
	fact := func(name string, value interface{}) {
		switch v := value.(type) {
		case string:
			facts = append(facts, name+"="+v)
		case bool:
			facts = append(facts, name+"="+strconv.FormatBool(v))
		case int:
			facts = append(facts, name+"="+strconv.Itoa(v))
		}
	}

	// Tree building: createElement, createTextNode, createComment, fragments, insertion and removal.
	heading := create("h1")
	heading.Call("appendChild", doc.Call("createTextNode", "Hello & <welcome>"))
	heading.Get("classList").Call("add", "title", "big", "gone")
	heading.Get("classList").Call("remove", "gone")
	heading.Get("classList").Call("toggle", "toggled")
	app.Call("appendChild", heading)

	list := create("ul")
	list.Set("id", "items")
	fragment := doc.Call("createDocumentFragment")
	for i, name := range []string{"alpha", "beta", "gamma", "delta"} {
		item := create("li")
		item.Get("dataset").Set("itemIndex", strconv.Itoa(i))
		item.Set("textContent", name)
		if i == 0 {
			item.Get("classList").Call("toggle", "selected")
		}
		fragment.Call("appendChild", item)
	}
	list.Call("appendChild", fragment)
	list.Call("insertBefore", list.Get("lastElementChild"), list.Get("firstElementChild"))
	third := list.Get("children").Index(2)
	replacement := create("li")
	replacement.Set("className", "replaced")
	replacement.Set("textContent", "epsilon")
	list.Call("replaceChild", replacement, third)
	list.Call("removeChild", list.Get("lastChild"))
	clone := list.Get("firstElementChild").Call("cloneNode", true)
	clone.Get("dataset").Set("cloned", "yes")
	list.Call("append", clone, "text item")
	list.Call("appendChild", doc.Call("createComment", " end of list "))
	app.Call("appendChild", list)
	fact("contains", app.Call("contains", clone).Bool())
	fact("childNodes", list.Get("childNodes").Length())
	fact("children", list.Get("children").Length())
	fact("firstChildName", list.Get("firstChild").Get("nodeName").String())
	fact("lastChildType", list.Get("lastChild").Get("nodeType").Int())
	fact("commentValue", list.Get("lastChild").Get("nodeValue").String())
	fact("prev", list.Get("lastChild").Get("previousSibling").Get("nodeValue").String())
	fact("next", heading.Get("nextSibling").Get("id").String())
	fact("parentElement", list.Get("parentElement").Get("id").String())

	// replaceChildren and remove.
	scratch := create("div")
	scratch.Set("id", "scratch")
	scratch.Call("append", create("span"), create("span"))
	scratch.Call("replaceChildren", doc.Call("createTextNode", "only child"))
	app.Call("appendChild", scratch)
	gone := create("p")
	app.Call("appendChild", gone)
	gone.Call("remove")

	// innerHTML with tricky markup: tables without tbody, entities, script text, SVG, void elements.
	markup := create("section")
	markup.Set("id", "markup")
	markup.Set("innerHTML", `<b>bold</b> &amp; <i>it</i>&nbsp;nbsp &lt;tag&gt; &copy; &#x1F600;`+
		`<table><tr><td>cell<td>two</table>`+
		`<script type="text/plain">if (a < b && c > d) { x = "</p>"; }</script>`+
		`<svg viewBox="0 0 10 10"><circle r="4" fill="red"/><foreignObject><p>inside</p></foreignObject></svg>`+
		`<img src="x.png" alt="an &quot;image&quot;"><br><input value='a"b'>`+
		`<textarea>  keep <this> </textarea><pre>
first line</pre>`)
	app.Call("appendChild", markup)
	fact("cells", markup.Call("querySelectorAll", "table td").Length())
	fact("innerText", markup.Call("querySelector", "b").Get("innerText").String())

	outer := create("div")
	app.Call("appendChild", outer)
	outer.Set("outerHTML", `<aside id="outer" title="a &lt; b">replaced by outerHTML</aside>`)
	fact("outerHTML", doc.Call("getElementById", "outer").Get("outerHTML").String())

	// SVG through createElementNS.
	svg := doc.Call("createElementNS", "http://www.w3.org/2000/svg", "svg")
	svg.Call("setAttribute", "viewBox", "0 0 20 20")
	rect := doc.Call("createElementNS", "http://www.w3.org/2000/svg", "rect")
	rect.Call("setAttribute", "width", "10")
	svg.Call("appendChild", rect)
	app.Call("appendChild", svg)
	fact("svgTag", rect.Get("tagName").String())

	// Attributes, reflected properties, style, dataset, forms.
	link := create("a")
	link.Set("href", "/next?x=1&y=2")
	link.Set("textContent", "next")
	link.Call("setAttribute", "title", `say "hi" <now> & then`)
	link.Call("setAttribute", "data-temp", "1")
	link.Call("removeAttribute", "data-temp")
	link.Call("toggleAttribute", "download")
	fact("hasDownload", link.Call("hasAttribute", "download").Bool())
	fact("getAttribute", link.Call("getAttribute", "title").String())
	app.Call("appendChild", link)

	styled := create("p")
	styled.Set("id", "styled")
	styled.Get("style").Set("color", "red")
	styled.Get("style").Call("setProperty", "margin-top", "4px")
	styled.Get("style").Call("setProperty", "padding", "1px")
	styled.Get("style").Call("removeProperty", "padding")
	styled.Get("style").Set("backgroundColor", "blue")
	styled.Set("textContent", "styled")
	app.Call("appendChild", styled)
	fact("cssText", styled.Get("style").Get("cssText").String())
	boxed := create("div")
	boxed.Get("style").Set("cssText", "display: flex; gap: 2px")
	app.Call("appendChild", boxed)

	form := create("form")
	box := create("input")
	box.Set("type", "checkbox")
	box.Set("name", "agree")
	box.Set("disabled", true)
	box.Set("checked", true)
	text := create("input")
	text.Set("placeholder", "Your name")
	text.Set("value", "typed")
	label := create("label")
	label.Set("htmlFor", "name")
	label.Call("append", "Name ", doc.Call("createComment", "c"))
	img := create("img")
	img.Set("src", "/static/logo.png")
	img.Set("alt", "logo")
	area := create("textarea")
	area.Set("value", "area text")
	hidden := create("p")
	hidden.Set("hidden", true)
	hidden.Set("textContent", "hidden")
	form.Call("append", box, text, label, img, area, hidden)
	app.Call("appendChild", form)
	fact("value", text.Get("value").String())
	fact("checked", box.Get("checked").Bool())
	fact("disabled", box.Get("disabled").Bool())
	fact("htmlFor", label.Get("htmlFor").String())

	// Events are recorded, never fired during pre-rendering; on* setters too.
	clicks := 0
	handler := js.FuncOf(func(this js.Value, args []js.Value) interface{} { clicks++; return nil })
	link.Call("addEventListener", "click", handler)
	link.Call("removeEventListener", "click", handler)
	link.Call("addEventListener", "click", handler)
	link.Set("onmouseover", handler)
	js.Global().Call("addEventListener", "resize", handler)
	doc.Call("addEventListener", "keydown", handler)

	// Selectors.
	fact("bySelector", doc.Call("querySelector", "#items > li.selected").Get("textContent").String())
	fact("all", doc.Call("querySelectorAll", "ul li, h1.title").Length())
	fact("attrSel", doc.Call("querySelectorAll", "[data-item-index=\"0\"]").Length())
	fact("dataset", clone.Get("dataset").Get("cloned").String())
	fact("tag", heading.Get("tagName").String())
	fact("className", heading.Get("className").String())
	fact("hasTitle", heading.Get("classList").Call("contains", "title").Bool())
	fact("readyState", doc.Get("readyState").String())
	fact("bodyTag", doc.Get("body").Get("tagName").String())
	fact("headTag", doc.Get("head").Get("nodeName").String())
	fact("rootTag", doc.Get("documentElement").Get("tagName").String())

	// Window: location, history, storage, navigator, viewport, matchMedia.
	loc := js.Global().Get("location")
	fact("path", loc.Get("pathname").String())
	js.Global().Get("history").Call("pushState", nil, "", "/pushed")
	fact("pushed", loc.Get("pathname").String())
	js.Global().Get("history").Call("replaceState", nil, "", "/")
	storage := js.Global().Get("localStorage")
	storage.Call("setItem", "k", "v")
	fact("storage", storage.Call("getItem", "k").String())
	js.Global().Get("sessionStorage").Call("setItem", "s", "1")
	fact("ua", strings.Contains(js.Global().Get("navigator").Get("userAgent").String(), "Mozilla"))
	fact("viewport", js.Global().Get("innerWidth").Int() > 0)
	fact("mediaType", js.Global().Call("matchMedia", "(min-width: 1px)").Get("matches").Type().String())

	doc.Set("title", "Every API")

	report := create("pre")
	report.Set("id", "report")
	report.Set("textContent", strings.Join(facts, "\n"))
	app.Call("appendChild", report)

	// The last touch comes from an animation frame, as UI code that batches updates does.
	var frame js.Func
	frame = js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		alive(doc, app)
		done := create("footer")
		done.Set("id", "rendered")
		done.Set("textContent", "rendered")
		app.Call("appendChild", done)
		frame.Release()
		return nil
	})
	js.Global().Call("requestAnimationFrame", frame)
	select {}
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
