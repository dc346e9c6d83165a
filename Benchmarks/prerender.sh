#!/usr/bin/env bash
# Pre-render benchmark: time to pre-render each fixture page, cold (`gowasm-serve prerender --stdout`, a new
# process each time), versus Chromium's --dump-dom of the same page served by `gowasm-serve serve` (cold: a
# new browser and profile each time). Medians of RUNS runs, measured in this run; ratio = Chromium / ours.
# Usage: Benchmarks/prerender.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
OUT=$(mktemp -d /tmp/gowasm-prerender-bench.XXXXXX)
command -v chromium >/dev/null || { echo "chromium is required" >&2; exit 1; }
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$OUT"; }
trap cleanup EXIT

# "wall cpu" seconds of a command; cpu is user+sys of it and every process it waited for (Chromium's
# renderer, GPU and utility processes included), which the machine's load does not inflate.
measure() {
  /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$OUT/time"
}
chromium_dump() { # url
  local profile; profile=$(mktemp -d "$OUT/profile.XXXXXX")
  chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" \
    --virtual-time-budget=5000 --dump-dom "$1"
  rm -rf "$profile"
}
export -f chromium_dump
export OUT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "| page            | ours wall | Chromium wall | wall ratio | ours CPU | Chromium CPU | CPU ratio |"
echo "|-----------------|-----------|---------------|------------|----------|--------------|-----------|"
for case in "dom /" "data /" "data /about" "data /items/2" "page /"; do
  read -r fixture route <<<"$case"
  dist="$OUT/dist-$fixture"
  if [ ! -d "$dist" ]; then
    "$BIN" build "Tests/Fixtures/prerender/$fixture" -o "$dist" --go "$GO" >/dev/null
    [ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
    "$BIN" serve "$dist" --spa --host 127.0.0.1 --port "$PORT" --quiet --no-precompress >/dev/null &
    SERVER=$!
    for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done
  fi
  for _ in $(seq "$RUNS"); do measure "$BIN" prerender "$dist" --route "$route" --stdout; done > "$OUT/ours"
  for _ in $(seq "$RUNS"); do measure bash -c 'chromium_dump "$0"' "http://127.0.0.1:$PORT$route"; done > "$OUT/theirs"
  ow=$(cut -d' ' -f1 "$OUT/ours" | median); oc=$(cut -d' ' -f2 "$OUT/ours" | median)
  tw=$(cut -d' ' -f1 "$OUT/theirs" | median); tc=$(cut -d' ' -f2 "$OUT/theirs" | median)
  printf '| %-15s | %8ss | %12ss | %9s× | %7ss | %11ss | %8s× |\n' "$fixture $route" \
    "$ow" "$tw" "$(ratio "$tw" "$ow" 1)" "$oc" "$tc" "$(ratio "$tc" "$oc" 1)"
done
