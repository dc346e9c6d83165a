// A larger app (> 5 MB of wasm): several heavy std packages, for Benchmarks/dev.sh and the size tests.
package main

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"text/template"
)

const version = 1

func main() {
	tmpl := template.Must(template.New("page").Parse("<p>{{.Name}} {{.Version}}</p>"))
	_ = tmpl.Execute(os.Stdout, map[string]any{"Name": "heavy", "Version": version})
	out, _ := json.Marshal(&tls.Config{ServerName: "example.com"})
	fmt.Println(string(out))
	resp, err := http.Get("/index.html")
	if err == nil {
		resp.Body.Close()
	}
}
