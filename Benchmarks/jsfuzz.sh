#!/usr/bin/env bash
# The JavaScript-surface fuzzer at size (docs/fuzzing.md): CALLS calls (default 100000) with seed SEED on each
# surface (run's node surface and web platform, the pre-render's window and DOM) under each engine. Prints one
# line per run: the driver's counts, wall seconds, and how the process ended. Exits 1 if one died of a signal.
#   Benchmarks/jsfuzz.sh [CALLS] [SEED]
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
# The page runs the driver as its script, then starts a Go program (a pre-render needs one).
cat >"$work/dist/index.html" <<HTML
<!doctype html><html><head><title>jsfuzz</title></head><body><p id="a">text</p>
<script>globalThis.__jsfuzz = { surface: "dom", seed: $SEED, calls: $CALLS };</script>
<script src="driver.js"></script>
<script src="wasm_exec.js"></script>
<script>const go = new Go(); WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject).then(({ instance }) => go.run(instance));</script>
</body></html>
HTML
died=0
for engine in interpreter jit; do
  for surface in node web dom; do
    sandbox=$work/sandbox-$engine-$surface
    mkdir -p "$sandbox"
    start=$(date +%s.%N)
    status=0
    if [ "$surface" = dom ]; then
      (cd "$sandbox" && "$BIN" prerender "$work/dist" --stdout --engine "$engine" --timeout 3600) \
        </dev/null >"$sandbox/out" 2>&1 || status=$?
    else
      (cd "$sandbox" && HOME=$sandbox TMPDIR=$sandbox "$BIN" run --engine "$engine" --glue "$glue" --timeout 3600 \
        "$work/jsfuzz.wasm" "$ROOT/Tests/Fixtures/jsfuzz/driver.js" "$surface" "$SEED" "$CALLS") \
        </dev/null >"$sandbox/out" 2>&1 || status=$?
    fi
    seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    line=$(sed 's/data-jsfuzz="/\n/; s/"/\n/g' "$sandbox/out" | grep -a "^jsfuzz surface=" | tail -n 1)
    ended="exit $status"
    if [ "$status" -gt 128 ]; then ended="SIGNAL $((status - 128))"; died=1; fi
    echo "${line:-jsfuzz surface=$surface (no result line)} engine=$engine seconds=$seconds ended=$ended"
    [ -n "$line" ] || tail -n 5 "$sandbox/out"
  done
done
exit $died
