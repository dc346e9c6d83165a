#!/usr/bin/env bash
# What diagnosis costs: `gowasm-serve run` of the 1M js.Value calls program (Tests/Fixtures/runtime/calls)
# without diagnosis, and with `--diagnose-json` (every crossing counted and timed), on both engines.
# Off, no wrapper is installed at all; the target on is at most 1.5x. Prints medians of RUNS runs (wall
# and CPU seconds) and the ratios on/off, measured in this run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
OUT=$(mktemp -d /tmp/gowasm-diagnose-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
export GOROOT; GOROOT=$("$GO" env GOROOT)
(cd Tests/Fixtures/runtime/calls && GOOS=js GOARCH=wasm GOTOOLCHAIN=local GOFLAGS=-mod=mod "$GO" build -o "$OUT/calls.wasm" .)

measure() { # prints median wall and median CPU (user+sys) seconds
  local times=() cpus=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@" >/dev/null 2>&1 || true
    read -r t u s < "$OUT/time"
    times+=("$t"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)"
}

echo "| engine      | off wall | on wall | wall ratio | off CPU | on CPU | CPU ratio |"
echo "|-------------|----------|---------|------------|---------|--------|-----------|"
for engine in interpreter jit; do
  read -r ow oc < <(measure "$BIN" run --engine "$engine" "$OUT/calls.wasm")
  read -r nw nc < <(measure "$BIN" run --engine "$engine" --diagnose-json "$OUT/report.json" "$OUT/calls.wasm")
  printf '| %-11s | %7ss | %6ss | %9s× | %6ss | %5ss | %8s× |\n' "$engine" "$ow" "$nw" "$(ratio "$nw" "$ow")" "$oc" "$nc" "$(ratio "$nc" "$oc")"
done
echo
echo "crossings in one run: $(grep -o '"crossings" : [0-9]*' "$OUT/report.json" | head -1)"
