#!/usr/bin/env bash
# Edit → reload in `gowasm-serve dev`: the time from writing a changed main.go to the `reload` event on the
# live-reload stream (/_gowasm/events), against `go build` of the same edit (same flags as dev: -trimpath,
# symbols kept). Two apps: the bundled example and Tests/Fixtures/inspect/heavy (net/http, encoding/json,
# text/template, crypto/tls: a > 5 MB wasm). Each edit changes a string literal, so the wasm really changes.
# Prints the medians of RUNS (default 10) edits per app. Target: reload ≤ go build + 100 ms.
set -euo pipefail
RUNS=${RUNS:-10}
source "$(dirname "$0")/common.sh"
OUT=$(mktemp -d /tmp/gowasm-dev-bench.XXXXXX)
DEV_PID=
cleanup() { [ -n "$DEV_PID" ] && kill "$DEV_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$OUT"; }
trap cleanup EXIT
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
export PATH="$(dirname "$GO"):$PATH"

# One app: start dev, wait for its Serving line, then RUNS edits timed to the reload event; then go build
# of the same edits in a copy. Prints "reload_median build_median wasm_bytes".
bench() {
  local name=$1 source=$2 marker=$3
  local app="$OUT/$name" copy="$OUT/$name-build"
  cp -r "$source" "$app"; cp -r "$source" "$copy"
  "$BIN" dev --port 0 "$app" >"$OUT/$name.out" 2>"$OUT/$name.err" &
  DEV_PID=$!
  local url=
  for _ in $(seq 600); do
    url=$(sed -n 's/^Serving .* at \(http[^ ]*\).*/\1/p' "$OUT/$name.out" | head -1)
    [ -n "$url" ] && break
    sleep 0.2
  done
  [ -n "$url" ] || { echo "dev did not start: $(cat "$OUT/$name.err")" >&2; exit 1; }
  python3 - "$url" "$app/main.go" "$marker" "$RUNS" >"$OUT/$name.reload" <<'PY'
import socket, sys, time, urllib.parse
url, main_go, marker, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
u = urllib.parse.urlparse(url)
s = socket.create_connection((u.hostname, u.port))
s.sendall(f"GET /_gowasm/events HTTP/1.1\r\nHost: {u.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode())
buf = b""
def wait_for(needle, count):
    global buf
    while buf.count(needle) < count:
        chunk = s.recv(65536)
        if not chunk: sys.exit("event stream closed")
        buf += chunk
wait_for(b": connected", 1)
original = open(main_go).read()
time.sleep(1.0)  # let the first build's size view finish
for i in range(1, runs + 1):
    text = original.replace(marker, f"{marker}-edit-{i}")
    tmp = main_go + ".tmp"
    with open(tmp, "w") as f: f.write(text)
    start = time.monotonic()
    import os; os.rename(tmp, main_go)  # an editor's atomic save
    wait_for(b"event: reload", i)
    print(f"{time.monotonic() - start:.3f}", flush=True)
    time.sleep(0.5)
PY
  kill "$DEV_PID"; wait "$DEV_PID" 2>/dev/null || true; DEV_PID=
  local wasm_bytes
  for i in $(seq "$RUNS"); do
    sed "s/$marker/$marker-edit-$i/" "$source/main.go" >"$copy/main.go"
    local t0 t1
    t0=$(date +%s.%N)
    (cd "$copy" && GOOS=js GOARCH=wasm "$GO" build -trimpath -o "$OUT/$name.wasm" .)
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
  done >"$OUT/$name.build"
  wasm_bytes=$(stat -c %s "$OUT/$name.wasm")
  echo "$(median <"$OUT/$name.reload") $(median <"$OUT/$name.build") $wasm_bytes"
  cat "$OUT/$name.err" | grep -E "polling|MB br" | head -3 >&2 || true
}

echo "| app | wasm | go build (median) | edit → reload (median) | difference |"
echo "|-----|------|-------------------|------------------------|------------|"
for app in "hello Examples/hello Hello" "heavy Tests/Fixtures/inspect/heavy heavy"; do
  read -r name dir marker <<<"$app"
  read -r reload build bytes < <(bench "$name" "$ROOT/$dir" "$marker")
  printf '| %s | %s MB | %ss | %ss | %+d ms |\n' "$name" "$(ratio "$bytes" 1000000 1)" "$build" "$reload" \
    "$(awk -v r="$reload" -v b="$build" 'BEGIN { printf "%d", (r - b) * 1000 }')"
done
echo "RUNS=$RUNS, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
