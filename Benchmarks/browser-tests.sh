#!/usr/bin/env bash
# Issue 22: a package of DOM tests (Tests/Fixtures/uitests/widget: click handlers, properties and attributes, a
# render batched into an animation frame) run as `go test -exec` runs them, once per package binary:
#   - `gowasm-serve run --browser`, on both engines;
#   - headless Chromium driven the way agnivade/wasmbrowsertest drives it (Benchmarks/chromium-exec.mjs: an HTTP
#     server for the page, wasm_exec.js and the wasm; a fresh Chromium and profile per binary; console forwarded;
#     the exit code through a CDP binding).
# Same machine, same run, same test binary, interleaved. Wall time, and CPU time of the whole process tree (a
# cpuacct cgroup when one can be made, so Chromium's renderer and GPU processes count; else /usr/bin/time's
# user+sys of the waited-for tree). Medians of RUNS (default 5). PACKAGE=catalog measures the start of the
# fixture's other package instead (net/http makes its binary 13 MB) with no test selected: each of its tests
# reads files through os, which a real browser cannot give it (part of why --browser exists).
#   Benchmarks/browser-tests.sh            RUNS=9 for more
set -euo pipefail
source "$(dirname "$0")/common.sh"
GO119=${GO119:-/usr/lib/go-1.19/bin/go}
command -v chromium >/dev/null || { echo "chromium is required" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }
OUT=$(mktemp -d /tmp/gowasm-browser-tests.XXXXXX)
PACKAGE=${PACKAGE:-widget}
FIXTURE=$ROOT/Tests/Fixtures/uitests/$PACKAGE
FILTER='TestClickRunsHandler|TestPropertiesAndAttributes|TestAnimationFrameRender'
[ "$PACKAGE" = catalog ] && FILTER='^$'

CGROUP=/sys/fs/cgroup/cpuacct/gowasm-browser-tests-$$
if mkdir "$CGROUP" 2>/dev/null; then trap 'rmdir "$CGROUP" 2>/dev/null || true' EXIT; else CGROUP=; fi

# measure LABEL CMD...: one run in the fixture's directory; appends "wall cpu" (seconds) to $OUT/LABEL.
measure() {
  local label=$1; shift
  local before=0 after=0
  [ -n "$CGROUP" ] && before=$(cat "$CGROUP/cpuacct.usage")
  (cd "$FIXTURE" && /usr/bin/time -o "$OUT/$label.time" -f "%e %U %S" \
    sh -c '[ -n "$1" ] && echo $$ > "$1/cgroup.procs"; shift; exec "$@"' sh "$CGROUP" "$@" \
    > "$OUT/$label.stdout" 2> "$OUT/$label.stderr") || true
  grep -q "^PASS" "$OUT/$label.stdout" || { echo "$label did not pass:" >&2; cat "$OUT/$label.stdout" "$OUT/$label.stderr" >&2; exit 1; }
  if [ -n "$CGROUP" ]; then
    after=$(cat "$CGROUP/cpuacct.usage")
    awk -v ns=$((after - before)) '{ printf "%s %.3f\n", $1, ns / 1e9 }' "$OUT/$label.time" >> "$OUT/$label"
  else
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$OUT/$label.time" >> "$OUT/$label"
  fi
}

row() { # toolchain route-label
  local ours=$OUT/$1-$2 chromium=$OUT/$1-chromium
  local ow oc cw cc
  ow=$(awk '{ print $1 }' "$ours" | median); oc=$(awk '{ print $2 }' "$ours" | median)
  cw=$(awk '{ print $1 }' "$chromium" | median); cc=$(awk '{ print $2 }' "$chromium" | median)
  printf '| %s | %s | %.2f s | %.2f s | %s× | %.2f s | %.2f s | %s× |\n' "$1" "$2" "$ow" "$cw" "$(ratio "$cw" "$ow" 1)" \
    "$oc" "$cc" "$(ratio "$cc" "$oc" 1)"
}

TOOLCHAINS=(modern)
[ -x "$GO119" ] && TOOLCHAINS+=(go119)
for t in "${TOOLCHAINS[@]}"; do
  go=$GO; [ "$t" = go119 ] && go=$GO119
  (cd "$FIXTURE" && GOOS=js GOARCH=wasm GOTOOLCHAIN=local GOFLAGS=-mod=mod "$go" test -c -o "$OUT/$t.wasm" .)
  goroot=$("$go" env GOROOT)
  for i in $(seq "$RUNS"); do
    GOROOT=$goroot measure "$t-interpreter" "$BIN" run --browser "$OUT/$t.wasm" -test.v -test.run "$FILTER"
    GOROOT=$goroot measure "$t-jit" "$BIN" run --browser --engine jit "$OUT/$t.wasm" -test.v -test.run "$FILTER"
    GOROOT=$goroot measure "$t-chromium" node --experimental-websocket "$ROOT/Benchmarks/chromium-exec.mjs" "$OUT/$t.wasm" -test.v -test.run "$FILTER"
  done
done

echo "package uitests/$PACKAGE ($(du -h "$OUT/modern.wasm" | cut -f1) wasm with the current Go), $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), RUNS=$RUNS, CPU from $([ -n "$CGROUP" ] && echo "a cpuacct cgroup" || echo "/usr/bin/time")"
echo "| Go | ours | ours wall | Chromium wall | Chromium / ours | ours CPU | Chromium CPU | Chromium / ours |"
echo "|---|---|---|---|---|---|---|---|"
for t in "${TOOLCHAINS[@]}"; do row "$t" interpreter; row "$t" jit; done
echo "logs: $OUT"
