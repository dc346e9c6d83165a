// A Go program that builds a page through syscall/js, as Go UI code does. The DOM it leaves behind is
// compared with Chromium's for the same page (Tests/HeadlessDOMTests/GoBindingTests.swift).
package main

import (
	"strconv"
	"syscall/js"
)

func main() {
	doc := js.Global().Get("document")
	app := doc.Call("getElementById", "app")
	create := func(tag string) js.Value { return doc.Call("createElement", tag) }

	heading := create("h1")
	heading.Set("textContent", "Hello & <welcome>")
	heading.Get("classList").Call("add", "title", "big")
	app.Call("appendChild", heading)

	list := create("ul")
	for i, name := range []string{"alpha", "beta", "gamma"} {
		item := create("li")
		item.Get("dataset").Set("itemIndex", strconv.Itoa(i))
		item.Set("textContent", name)
		if i == 1 {
			item.Get("classList").Call("toggle", "selected")
		}
		list.Call("appendChild", item)
	}
	list.Call("insertBefore", list.Get("lastElementChild"), list.Get("firstElementChild"))
	app.Call("appendChild", list)

	para := create("p")
	para.Get("style").Set("color", "red")
	para.Get("style").Call("setProperty", "margin-top", "4px")
	para.Set("innerHTML", "<b>bold</b> &amp; <i>it</i>\u00a0nbsp <table><tr><td>cell</table>")
	app.Call("appendChild", para)

	svg := doc.Call("createElementNS", "http://www.w3.org/2000/svg", "svg")
	svg.Call("setAttribute", "viewBox", "0 0 10 10")
	circle := doc.Call("createElementNS", "http://www.w3.org/2000/svg", "circle")
	circle.Call("setAttribute", "r", "4")
	svg.Call("appendChild", circle)
	app.Call("appendChild", svg)

	link := create("a")
	link.Set("href", "/next")
	link.Set("textContent", "next")
	link.Set("title", `say "hi" <now>`)
	app.Call("appendChild", link)

	box := create("input")
	box.Set("type", "checkbox")
	box.Set("disabled", true)
	box.Set("value", "typed")
	box.Set("checked", true)
	app.Call("appendChild", box)

	label := create("label")
	label.Set("htmlFor", "x")
	label.Call("append", "text ", doc.Call("createComment", "c"))
	app.Call("appendChild", label)

	doc.Call("getElementById", "placeholder").Call("remove")
	doc.Set("title", "Built by Go")

	// What the program can read back, written into the page so both hosts' answers are compared.
	report := create("pre")
	report.Set("id", "report")
	report.Set("textContent", "items="+strconv.Itoa(doc.Call("querySelectorAll", "#app li").Length())+
		" selected="+doc.Call("querySelector", "li.selected").Get("textContent").String()+
		" tag="+heading.Get("tagName").String()+
		" svgTag="+circle.Get("tagName").String()+
		" value="+box.Get("value").String()+
		" checked="+strconv.FormatBool(box.Get("checked").Bool())+
		" hasTitle="+strconv.FormatBool(heading.Get("classList").Call("contains", "title").Bool())+
		" dataset="+list.Get("firstElementChild").Get("dataset").Get("itemIndex").String()+
		" cssText="+para.Get("style").Get("cssText").String()+
		" path="+js.Global().Get("location").Get("pathname").String()+
		" parent="+heading.Get("parentNode").Get("id").String()+
		" same="+strconv.FormatBool(doc.Call("getElementById", "app").Equal(app))+
		" title="+doc.Get("title").String())
	app.Call("appendChild", report)
}
