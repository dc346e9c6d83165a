//go:build js && wasm

// Package widget is a small UI component written the way Go UI libraries write them: it builds elements
// with syscall/js, handles clicks, and renders on animation frames. Its tests need a document.
package widget

import (
	"strconv"
	"syscall/js"
)

// Counter is a button that counts its clicks and a label that shows the count, updated on the next
// animation frame as virtual-DOM libraries batch their renders.
type Counter struct {
	Root    js.Value
	Button  js.Value
	Label   js.Value
	Count   int
	Renders int
	onClick js.Func
	onFrame js.Func
	pending bool
	frame   js.Value
	rendered chan struct{}
}

// NewCounter builds the counter's elements under parent.
func NewCounter(parent js.Value, title string) *Counter {
	document := js.Global().Get("document")
	c := &Counter{rendered: make(chan struct{}, 16)}
	c.Root = document.Call("createElement", "div")
	c.Root.Set("className", "counter")
	c.Root.Call("setAttribute", "data-title", title)
	c.Button = document.Call("createElement", "button")
	c.Button.Set("textContent", "+1")
	c.Label = document.Call("createElement", "span")
	c.Label.Set("textContent", "0")
	c.Root.Call("appendChild", c.Button)
	c.Root.Call("appendChild", c.Label)
	parent.Call("appendChild", c.Root)
	c.onFrame = js.FuncOf(func(this js.Value, args []js.Value) any {
		c.pending = false
		c.Label.Set("textContent", strconv.Itoa(c.Count))
		c.Renders++
		c.rendered <- struct{}{}
		return nil
	})
	c.onClick = js.FuncOf(func(this js.Value, args []js.Value) any {
		c.Count++
		if !c.pending {
			c.pending = true
			c.frame = js.Global().Call("requestAnimationFrame", c.onFrame)
		}
		return nil
	})
	c.Button.Call("addEventListener", "click", c.onClick)
	return c
}

// Rendered is sent on after each animation-frame render.
func (c *Counter) Rendered() <-chan struct{} { return c.rendered }

// Release removes the elements, cancels a pending render and frees the callbacks.
func (c *Counter) Release() {
	if c.pending {
		js.Global().Call("cancelAnimationFrame", c.frame)
	}
	c.Button.Call("removeEventListener", "click", c.onClick)
	c.Root.Call("remove")
	c.onClick.Release()
	c.onFrame.Release()
}
