// Tries what a page cannot do in a browser and writes what happened into the page, one <pre> per probe,
// so the pre-rendered page shows the browser's errors (and the test asserts on them). Also fetches its
// own data with net/http, and writes its path into the page as markup (which must stay percent-encoded).
//go:build js && wasm

package main

import (
	"io"
	"net/http"
	"os"
	"strings"
	"syscall/js"
)

func main() {
	doc := js.Global().Get("document")
	body := doc.Get("body")
	show := func(id, text string) {
		pre := doc.Call("createElement", "pre")
		pre.Set("id", id)
		pre.Set("textContent", text)
		body.Call("appendChild", pre)
	}
	outcome := func(err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		return "ok"
	}

	location := js.Global().Get("location")
	// Markup from the path: a browser hands it over percent-encoded, so no element comes of it.
	path := doc.Call("createElement", "p")
	path.Set("id", "path")
	path.Set("innerHTML", location.Get("pathname").String())
	body.Call("appendChild", path)

	hostname, err := os.ReadFile("/etc/hostname")
	if err == nil {
		show("read", "read: "+string(hostname))
	} else {
		show("read", outcome(err))
	}
	show("write", outcome(os.WriteFile("/tmp/gowasm-serve-sandbox-probe", []byte("written"), 0o644)))
	show("env", "HOME="+os.Getenv("HOME")+" PATH="+os.Getenv("PATH")+" count="+itoa(len(os.Environ())))
	_, err = os.Getwd()
	show("cwd", outcome(err))

	get := func(url string) string {
		response, err := http.Get(url)
		if err != nil {
			return outcome(err)
		}
		defer response.Body.Close()
		if response.StatusCode != http.StatusOK {
			return response.Status // the body is the server's error page
		}
		data, err := io.ReadAll(response.Body)
		if err != nil {
			return outcome(err)
		}
		return response.Status + " " + strings.TrimSpace(string(data))
	}
	href := location.Get("href").String()
	base := href[:strings.LastIndex(href, "/")+1]
	show("data", get(base+"static/data.json"))
	show("other-origin", get("http://127.0.0.1:9/secret"))
	show("dotfile", get(location.Get("origin").String()+"/.secret"))
	show("symlink", get(location.Get("origin").String()+"/outside.txt"))

	footer := doc.Call("createElement", "footer")
	footer.Set("id", "rendered")
	footer.Set("textContent", "rendered")
	body.Call("appendChild", footer)
	select {}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	digits := ""
	for ; n > 0; n /= 10 {
		digits = string(rune('0'+n%10)) + digits
	}
	return digits
}
