#!/usr/bin/env bash
# Benchmark (not a test): pages/second of `serve --prerender` next to plain `serve`, same dist, same run.
#   The dist: P1's data fixture (a Go app that fetches JSON at start-up and renders the route it is on).
#   - plain serve, the page itself (wrk, 2 threads, 32 connections)
#   - serve --prerender, warm cache: one route rendered once, then served from the cache (wrk, same)
#   - serve --prerender, cache misses: every request a new route (/items/N), so every page is a render
#     (a child process running the wasm); as many clients as cores, since renders are bounded by cores.
# Usage: Benchmarks/prerender-serve.sh [seconds-per-wrk-run] [routes-for-misses]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
MISSES="${2:-40}"
BIN=".build/release/gowasm-serve"
GO=".tools/go/bin/go"

for tool in wrk curl xargs; do
  command -v "$tool" >/dev/null || { echo "prerender-serve.sh: $tool is missing (make deps-test installs it)" >&2; exit 1; }
done
[ -x "$GO" ] || { echo "prerender-serve.sh: $GO is missing (make tools)" >&2; exit 1; }
[ -x "$BIN" ] || swift build -c release --product gowasm-serve

WORK="$(mktemp -d /tmp/gowasm-prerender-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

DIST="$WORK/dist"
cp -r Tests/Fixtures/prerender/data "$DIST"
rm -f "$DIST/go.mod" "$DIST/main.go"
(cd Tests/Fixtures/prerender/data && GOOS=js GOARCH=wasm GOTOOLCHAIN=local GOFLAGS=-mod=mod "../../../../$GO" build -o "$DIST/main.wasm" .)
cp "$("$GO" env GOROOT)/lib/wasm/wasm_exec.js" "$DIST/"

start() {  # name args...: starts gowasm-serve, prints its base URL
  local name="$1"; shift
  "$BIN" serve "$DIST" --port 0 "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    grep -q '^Serving ' "$WORK/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  sed -n 's/^Serving .* at \(http:[^ ]*\)$/\1/p' "$WORK/$name.out" | head -1
}
# Both log (to a file): the prerender log is how renders and fallbacks are counted.
PLAIN_URL=$(start plain --spa)
RENDER_URL=$(start prerender --spa --prerender)
[ -n "$PLAIN_URL" ] && [ -n "$RENDER_URL" ] || { echo "prerender-serve.sh: a server did not start" >&2; cat "$WORK"/*.err >&2; exit 1; }

# Sanity: the pre-rendered page holds what the app rendered; the plain one does not.
curl -fsS "${RENDER_URL}items/2" | grep -q 'rendered /items/2' \
  || { echo "prerender-serve.sh: /items/2 was not pre-rendered:" >&2; cat "$WORK/prerender.err" >&2; exit 1; }
curl -fsS "${PLAIN_URL}items/2" | grep -q 'rendered /items/2' && { echo "plain serve rendered?" >&2; exit 1; }

rps() {  # url
  wrk -t2 -c32 -d"${DURATION}s" -H 'Accept-Encoding: br' "$1" | awk '/Requests\/sec/ {print $2}'
}
plain=$(rps "${PLAIN_URL}items/2")
warm=$(rps "${RENDER_URL}items/2")

# Misses: distinct routes, as many at a time as there are cores.
renders_before=$(grep -c ': rendered in ' "$WORK/prerender.err" || true)
fallbacks_before=$(grep -c 'served the plain page' "$WORK/prerender.err" || true)
CORES=$(nproc)
begin=$(date +%s.%N)
seq 1000 $((1000 + MISSES - 1)) | xargs -P "$CORES" -I{} curl -fsS -o /dev/null -H 'Accept-Encoding: br' "${RENDER_URL}items/{}"
end=$(date +%s.%N)
renders=$(( $(grep -c ': rendered in ' "$WORK/prerender.err" || true) - renders_before ))
fallbacks=$(( $(grep -c 'served the plain page' "$WORK/prerender.err" || true) - fallbacks_before ))
misses=$(awk -v n="$MISSES" -v a="$begin" -v b="$end" 'BEGIN { printf "%.1f", n / (b - a) }')
render_ms=$( (grep -o ': rendered in [0-9]* ms' "$WORK/prerender.err" || true) | awk '{ s += $4; n++ } END { if (n) printf "%.0f", s / n; else print "-" }')

printf '%-52s %12s %10s\n' "case" "pages/s" "vs plain"
row() { printf '%-52s %12s %10s\n' "$1" "$2" "$(awk -v a="$2" -v b="$plain" 'BEGIN { printf "%.3g", a / b }')"; }
row "serve (plain page, 32 connections)" "$plain"
row "serve --prerender, warm cache (32 connections)" "$warm"
row "serve --prerender, cache misses ($CORES at a time)" "$misses"
echo "misses: $MISSES requests, $renders rendered, $fallbacks served plain; mean render $render_ms ms (wall clock, child process)"
