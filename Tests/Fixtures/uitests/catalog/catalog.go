//go:build js && wasm

// Package catalog loads a list of items from a URL with net/http, as an app loads its data. Its tests read
// testdata/ both through fetch (relative to the page) and through os, and use a temporary directory.
package catalog

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Load fetches url and decodes its {"items": [...]}.
func Load(url string) ([]string, []byte, error) {
	response, err := http.Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("GET %s: status %d", url, response.StatusCode)
	}
	raw, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, nil, err
	}
	var data struct{ Items []string }
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, nil, err
	}
	return data.Items, raw, nil
}
