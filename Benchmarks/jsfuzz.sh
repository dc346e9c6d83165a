#!/usr/bin/env bash
# The JavaScript-surface fuzzer at size (docs/fuzzing.md): CALLS calls (default 100000) with seed SEED on each
# surface (run's node surface and web platform, the pre-render's window and DOM) under each engine. Prints one
# line per run: the driver's counts, wall seconds, and how the process ended. Exits 1 if one died of a signal.
#   Benchmarks/jsfuzz.sh [CALLS] [SEED]
# ENGINES and SURFACES (space-separated) pick runs; MAX_RSS_MB (default 8192) stops a run whose resident memory
# passes it (ended=RSS>…), so a run cannot take a shared machine's memory (node at 10^5 calls reached 20 GB).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CALLS=${1:-100000}
SEED=${2:-18}
work=$(mktemp -d /tmp/jsfuzz.XXXXXX)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
(cd Tests/Fixtures/jsfuzz/run && GOOS=js GOARCH=wasm "$GO" build -o "$work/jsfuzz.wasm" .)
glue=$("$GO" env GOROOT)/lib/wasm/wasm_exec.js
[ -f "$glue" ] || glue=$("$GO" env GOROOT)/misc/wasm/wasm_exec.js
mkdir -p "$work/dist"
cp Tests/Fixtures/jsfuzz/driver.js "$glue" "$work/dist/"
cp "$work/jsfuzz.wasm" "$work/dist/main.wasm"
# The page starts a Go program (a pre-render needs one), then runs the driver as its script. Not the other way
# round: after 10^5 calls the page's own start no longer ran (the pre-render then ends with "the page started no
# Go program" and prints no page, so no result line), as a page that breaks its globals would in a browser.
cat >"$work/dist/index.html" <<HTML
<!doctype html><html><head><title>jsfuzz</title></head><body><p id="a">text</p>
<script src="wasm_exec.js"></script>
<script>const go = new Go(); WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject).then(({ instance }) => go.run(instance));</script>
<script>globalThis.__jsfuzz = { surface: "dom", seed: $SEED, calls: $CALLS };</script>
<script src="driver.js"></script>
</body></html>
HTML
ENGINES=${ENGINES:-interpreter jit}
SURFACES=${SURFACES:-node web dom}
MAX_RSS_MB=${MAX_RSS_MB:-8192}
# Runs "$@" in the background; kills it when the resident memory of its process tree passes MAX_RSS_MB.
# Sets status (the exit status, or 137 after such a kill) and peak_mb, over_rss=1 when it was killed for it.
watched() {
  "$@" &
  local pid=$! rss=0
  peak_mb=0 over_rss=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= --ppid "$pid" -p "$pid" 2>/dev/null | awk '{ s += $1 } END { print int(s / 1024) }')
    [ "$rss" -gt "$peak_mb" ] && peak_mb=$rss
    if [ "$rss" -gt "$MAX_RSS_MB" ]; then over_rss=1; pkill -KILL -P "$pid"; kill -KILL "$pid" 2>/dev/null; break; fi
    sleep 1
  done
  status=0
  wait "$pid" || status=$?
}
died=0
for engine in $ENGINES; do
  for surface in $SURFACES; do
    sandbox=$work/sandbox-$engine-$surface
    mkdir -p "$sandbox"
    start=$(date +%s.%N)
    if [ "$surface" = dom ]; then
      watched sh -c 'cd "$1" && exec "$2" prerender "$3/dist" --stdout --engine "$4" --timeout 3600 </dev/null >out 2>&1' \
        - "$sandbox" "$BIN" "$work" "$engine"
    else
      watched sh -c 'cd "$1" && HOME=$1 TMPDIR=$1 exec "$2" run --engine "$3" --glue "$4" --timeout 3600 "$5" "$6" "$7" "$8" "$9" </dev/null >out 2>&1' \
        - "$sandbox" "$BIN" "$engine" "$glue" "$work/jsfuzz.wasm" "$ROOT/Tests/Fixtures/jsfuzz/driver.js" "$surface" "$SEED" "$CALLS"
    fi
    seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    line=$(sed 's/data-jsfuzz="/\n/; s/"/\n/g' "$sandbox/out" | grep -a "^jsfuzz surface=" | tail -n 1)
    ended="exit $status"
    if [ "$over_rss" = 1 ]; then ended="RSS>${MAX_RSS_MB}MB"; died=1
    elif [ "$status" -gt 128 ]; then ended="SIGNAL $((status - 128))"; died=1; fi
    echo "${line:-jsfuzz surface=$surface (no result line)} engine=$engine seconds=$seconds peak_mb=$peak_mb ended=$ended"
    [ -n "$line" ] || tail -n 5 "$sandbox/out" | cut -c1-300
  done
done
exit $died
