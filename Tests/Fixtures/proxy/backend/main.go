// A backend for the dev server's --proxy tests, standard library only: it echoes requests, streams a long
// response slowly, upgrades to a WebSocket (handshake by hand over http.Hijacker) and echoes its frames,
// sets cookies, and can be slow on purpose. Listens on 127.0.0.1:0 and prints `listening on PORT`.
package main

import (
	"bufio"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

func main() {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", echo)
	mux.HandleFunc("/api/stream", stream)
	mux.HandleFunc("/api/big", big)
	mux.HandleFunc("/api/cookies", cookies)
	mux.HandleFunc("/api/slow", slow)
	mux.HandleFunc("/api/ws", websocket)
	mux.HandleFunc("/api/hold", hold)
	mux.HandleFunc("/release", release)
	mux.HandleFunc("/api/raw", raw)
	fmt.Printf("listening on %d\n", listener.Addr().(*net.TCPAddr).Port)
	os.Stdout.Sync()
	server := &http.Server{Handler: mux}
	fmt.Fprintln(os.Stderr, server.Serve(listener))
}

// echo answers with what it received, as JSON: the body is counted and hashed as it streams in, never kept.
func echo(w http.ResponseWriter, r *http.Request) {
	hash := sha256.New()
	count, err := io.Copy(hash, r.Body)
	if err != nil {
		http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
		return
	}
	headers := map[string][]string{}
	for name, values := range r.Header {
		headers[name] = values
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Backend", "proxy-fixture")
	json.NewEncoder(w).Encode(map[string]any{
		"method":           r.Method,
		"uri":              r.RequestURI,
		"host":             r.Host,
		"proto":            r.Proto,
		"headers":          headers,
		"transferEncoding": r.TransferEncoding,
		"contentLength":    r.ContentLength,
		"bodyBytes":        count,
		"bodySHA256":       hex.EncodeToString(hash.Sum(nil)),
	})
}

// stream sends `chunks` lines, flushing each, `delay` milliseconds apart.
func stream(w http.ResponseWriter, r *http.Request) {
	chunks := intParam(r, "chunks", 5)
	delay := time.Duration(intParam(r, "delay", 100)) * time.Millisecond
	w.Header().Set("Content-Type", "text/plain")
	flusher, _ := w.(http.Flusher)
	for i := 0; i < chunks; i++ {
		if i > 0 {
			time.Sleep(delay)
		}
		fmt.Fprintf(w, "chunk %d at %d\n", i, time.Now().UnixMilli())
		if flusher != nil {
			flusher.Flush()
		}
	}
}

var (
	gatesMu sync.Mutex
	gates   = map[string]chan struct{}{}
)

func gate(id string) chan struct{} {
	gatesMu.Lock()
	defer gatesMu.Unlock()
	if gates[id] == nil {
		gates[id] = make(chan struct{})
	}
	return gates[id]
}

// hold sends a first line, then waits until /release?id=ID is requested (or 60 s), then sends the last
// line: a client that reads the first line before it asks for the release proves the response streams.
func hold(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintln(w, "first line, then waiting for release")
	w.(http.Flusher).Flush()
	select {
	case <-gate(id):
		fmt.Fprintln(w, "released")
	case <-time.After(60 * time.Second):
		fmt.Fprintln(w, "never released")
	case <-r.Context().Done():
	}
}

func release(w http.ResponseWriter, r *http.Request) {
	close(gate(r.URL.Query().Get("id")))
	fmt.Fprintln(w, "ok")
}

// big sends `bytes` bytes of a repeating pattern, with a Content-Length unless chunked=1.
func big(w http.ResponseWriter, r *http.Request) {
	size := int64(intParam(r, "bytes", 1<<20))
	if r.URL.Query().Get("chunked") != "1" {
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	block := make([]byte, 64*1024)
	for i := range block {
		block[i] = byte(i % 251)
	}
	for size > 0 {
		n := int64(len(block))
		if size < n {
			n = size
		}
		if _, err := w.Write(block[:n]); err != nil {
			return
		}
		size -= n
	}
}

// cookies sets two cookies (two Set-Cookie lines) and echoes the Cookie header it received.
func cookies(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Set-Cookie", "session=abc123; Path=/; HttpOnly")
	w.Header().Add("Set-Cookie", "theme=dark, light; Path=/api; Max-Age=3600")
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintf(w, "cookie: %s\n", r.Header.Get("Cookie"))
}

// slow waits `ms` milliseconds before it answers (the request's context ends the wait when the client goes).
func slow(w http.ResponseWriter, r *http.Request) {
	select {
	case <-time.After(time.Duration(intParam(r, "ms", 5000)) * time.Millisecond):
		fmt.Fprintln(w, "finally")
	case <-r.Context().Done():
	}
}

func intParam(r *http.Request, name string, fallback int) int {
	if value, err := strconv.Atoi(r.URL.Query().Get(name)); err == nil {
		return value
	}
	return fallback
}

// websocket completes the RFC 6455 handshake itself and echoes every data frame back (unmasked, same opcode);
// a close frame is answered with a close frame and ends the connection.
func websocket(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Sec-WebSocket-Key")
	if r.Header.Get("Upgrade") != "websocket" || key == "" {
		http.Error(w, "websocket upgrade expected", http.StatusBadRequest)
		return
	}
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "no hijacking", http.StatusInternalServerError)
		return
	}
	conn, buffered, err := hijacker.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	digest := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	fmt.Fprintf(buffered, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Accept: %s\r\nX-Backend: proxy-fixture\r\n\r\n", base64.StdEncoding.EncodeToString(digest[:]))
	if err := buffered.Flush(); err != nil {
		return
	}
	for {
		opcode, payload, err := readFrame(buffered.Reader)
		if err != nil {
			return
		}
		switch opcode {
		case 0x8:
			writeFrame(conn, 0x8, payload)
			return
		case 0x9:
			writeFrame(conn, 0xA, payload)
		case 0x1, 0x2:
			if writeFrame(conn, opcode, payload) != nil {
				return
			}
		}
	}
}

func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	opcode := head[0] & 0x0F
	masked := head[1]&0x80 != 0
	length := uint64(head[1] & 0x7F)
	switch length {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		length = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		length = binary.BigEndian.Uint64(ext[:])
	}
	if length > 16<<20 {
		return 0, nil, fmt.Errorf("frame too large")
	}
	var mask [4]byte
	if masked {
		if _, err := io.ReadFull(r, mask[:]); err != nil {
			return 0, nil, err
		}
	}
	payload := make([]byte, length)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	if masked {
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	return opcode, payload, nil
}

func writeFrame(w io.Writer, opcode byte, payload []byte) error {
	frame := []byte{0x80 | opcode}
	switch n := len(payload); {
	case n < 126:
		frame = append(frame, byte(n))
	case n < 1<<16:
		frame = append(frame, 126, byte(n>>8), byte(n))
	default:
		frame = append(frame, 127)
		frame = binary.BigEndian.AppendUint64(frame, uint64(n))
	}
	_, err := w.Write(append(frame, payload...))
	return err
}

// raw writes the response given, base64 in `response`, byte for byte (framing a well-behaved server would
// never send: a negative Content-Length), then closes the connection.
func raw(w http.ResponseWriter, r *http.Request) {
	response, err := base64.URLEncoding.DecodeString(r.URL.Query().Get("response"))
	if err != nil {
		http.Error(w, "response: "+err.Error(), http.StatusBadRequest)
		return
	}
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "no hijacking", http.StatusInternalServerError)
		return
	}
	conn, buffered, err := hijacker.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	buffered.Write(response)
	buffered.Flush()
}
