//go:build js && wasm

package widget

import (
	"syscall/js"
	"testing"
	"time"
)

func document() js.Value { return js.Global().Get("document") }

func TestClickRunsHandler(t *testing.T) {
	body := document().Get("body")
	c := NewCounter(body, "clicks")
	defer c.Release()
	if got := body.Call("querySelectorAll", ".counter").Length(); got != 1 {
		t.Fatalf("counters in the body: %d, want 1", got)
	}
	c.Button.Call("click")
	event := js.Global().Get("MouseEvent").New("click", map[string]any{"bubbles": true})
	c.Button.Call("dispatchEvent", event)
	if c.Count != 2 {
		t.Fatalf("count after two clicks: %d, want 2", c.Count)
	}
}

func TestPropertiesAndAttributes(t *testing.T) {
	input := document().Call("createElement", "input")
	input.Set("id", "name")
	input.Set("value", "typed")
	input.Call("setAttribute", "placeholder", "Your name")
	input.Set("disabled", true)
	if got := input.Call("getAttribute", "id").String(); got != "name" {
		t.Errorf("id attribute: %q", got)
	}
	if got := input.Get("placeholder").String(); got != "Your name" {
		t.Errorf("placeholder property: %q", got)
	}
	if !input.Call("hasAttribute", "disabled").Bool() {
		t.Errorf("disabled property did not set the attribute")
	}
	if got := input.Get("value").String(); got != "typed" {
		t.Errorf("value property: %q", got)
	}
	a := document().Call("createElement", "a")
	a.Set("href", "/docs/page?x=1")
	origin := js.Global().Get("location").Get("origin").String()
	if got := a.Get("href").String(); got != origin+"/docs/page?x=1" {
		t.Errorf("href resolved against the page: %q", got)
	}
	div := document().Call("createElement", "div")
	div.Set("innerHTML", `<p class="a b">one</p><p>two</p>`)
	if got := div.Call("querySelector", "p.b").Get("textContent").String(); got != "one" {
		t.Errorf("querySelector after innerHTML: %q", got)
	}
	if got := div.Get("children").Length(); got != 2 {
		t.Errorf("children: %d", got)
	}
}

func TestAnimationFrameRender(t *testing.T) {
	c := NewCounter(document().Get("body"), "frames")
	defer c.Release()
	c.Button.Call("click")
	c.Button.Call("click")
	c.Button.Call("click")
	if got := c.Label.Get("textContent").String(); got != "0" {
		t.Fatalf("label before the frame: %q, want 0 (renders wait for the frame)", got)
	}
	select {
	case <-c.Rendered():
	case <-time.After(5 * time.Second):
		t.Fatal("no animation frame within 5s")
	}
	if got := c.Label.Get("textContent").String(); got != "3" {
		t.Fatalf("label after the frame: %q, want 3", got)
	}
	if c.Renders != 1 {
		t.Fatalf("renders: %d, want 1 (three clicks batched into one frame)", c.Renders)
	}
}

