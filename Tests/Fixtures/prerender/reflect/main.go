// Sets reflected IDL properties of every numeric and enumerated kind (issue 17): the attributes they write
// and the values they read back must be what Chromium serialises and reads.
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
	create := func(tag string) js.Value { return doc.Call("createElement", tag) }
	var facts []string
	read := func(name string, value js.Value) {
		text := value.Type().String()
		switch value.Type() {
		case js.TypeString:
			text += ":" + value.String()
		case js.TypeNumber:
			text += ":" + strconv.FormatFloat(value.Float(), 'g', -1, 64)
		case js.TypeBoolean:
			text += ":" + strconv.FormatBool(value.Bool())
		}
		facts = append(facts, name+"="+text)
	}

	form := create("form")
	form.Set("method", "POST")
	read("form.method", form.Get("method"))
	read("form.enctype", form.Get("enctype"))
	form.Set("noValidate", true)

	area := create("textarea")
	read("textarea.rows.default", area.Get("rows"))
	read("textarea.cols.default", area.Get("cols"))
	read("textarea.maxLength.default", area.Get("maxLength"))
	area.Set("rows", 14)
	area.Set("cols", 70)
	area.Set("maxLength", 500)
	area.Set("name", "notes")
	read("textarea.rows", area.Get("rows"))
	form.Call("appendChild", area)

	input := create("input")
	read("input.type.default", input.Get("type"))
	read("input.size.default", input.Get("size"))
	read("input.tabIndex.default", input.Get("tabIndex"))
	input.Set("type", "NUMBER")
	read("input.type", input.Get("type"))
	input.Set("maxLength", 12)
	input.Set("minLength", "3")
	input.Set("size", 30.7)
	input.Set("tabIndex", 4)
	input.Set("min", "1")
	input.Set("required", true)
	form.Call("appendChild", input)

	odd := create("input")
	odd.Set("type", "bogus")
	read("input.type.invalid", odd.Get("type"))
	odd.Set("tabIndex", -1)
	odd.Set("width", 120)
	odd.Set("height", -5)
	read("input.height", odd.Get("height"))
	form.Call("appendChild", odd)

	button := create("button")
	read("button.type.default", button.Get("type"))
	button.Set("type", "reset")
	button.Set("formMethod", "dialog")
	read("button.formMethod", button.Get("formMethod"))
	button.Set("textContent", "Go")
	form.Call("appendChild", button)
	app.Call("appendChild", form)

	table := create("table")
	group := create("colgroup")
	group.Set("span", 2)
	col := create("col")
	col.Set("span", 3)
	group.Call("appendChild", col)
	table.Call("appendChild", group)
	row := create("tr")
	cell := create("td")
	read("td.colSpan.default", cell.Get("colSpan"))
	cell.Set("colSpan", 2)
	cell.Set("rowSpan", 3)
	cell.Set("headers", "h1 h2")
	wide := create("td")
	wide.Set("colSpan", 5000)
	read("td.colSpan.clamped", wide.Get("colSpan"))
	row.Call("append", cell, wide)
	table.Call("appendChild", row)
	app.Call("appendChild", table)

	list := create("ol")
	list.Set("start", 5)
	list.Set("reversed", true)
	item := create("li")
	item.Set("value", 7)
	item.Set("textContent", "seven")
	list.Call("appendChild", item)
	app.Call("appendChild", list)

	link := create("a")
	link.Set("href", "/next")
	link.Get("relList").Call("add", "noopener", "external")
	link.Set("textContent", "next")
	read("a.tabIndex.default", link.Get("tabIndex"))
	read("a.referrerPolicy.default", link.Get("referrerPolicy"))
	app.Call("appendChild", link)

	box := create("div")
	read("div.tabIndex.default", box.Get("tabIndex"))
	box.Set("dir", "RTL")
	read("div.dir", box.Get("dir"))
	box.Set("hidden", true)
	box.Set("tabIndex", 0)
	box.Set("title", "box")
	app.Call("appendChild", box)

	progress := create("progress")
	read("progress.max.default", progress.Get("max"))
	progress.Set("max", 4)
	progress.Set("value", 1.5)
	app.Call("appendChild", progress)

	image := create("img")
	image.Set("width", 64)
	image.Set("height", 32)
	image.Set("alt", "pixel")
	read("img.crossOrigin.default", image.Get("crossOrigin"))
	image.Set("crossOrigin", "")
	read("img.crossOrigin", image.Get("crossOrigin"))
	app.Call("appendChild", image)

	report := create("pre")
	report.Set("id", "report")
	report.Set("textContent", strings.Join(facts, "\n"))
	app.Call("appendChild", report)

	done := create("footer")
	done.Set("id", "rendered")
	done.Set("textContent", "rendered")
	app.Call("appendChild", done)
	select {}
}
