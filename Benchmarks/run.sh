#!/usr/bin/env bash
# Headless runtime benchmark: `gowasm-serve run` (interpreter, and `--engine jit`) vs node + wasm_exec_node.js,
# and vs WasmKit running the same CPU-bound program built for wasip1 through its own WASI host (the engine's
# floor). Wall time and peak RSS are medians of RUNS runs, measured in this run; ratios are ours / peer.
# Usage: Benchmarks/run.sh [--conformance]; SKIP_FLOOR=1 leaves out the wasip1 floor rows.
set -euo pipefail
source "$(dirname "$0")/common.sh"
OUT=$(mktemp -d /tmp/gowasm-bench.XXXXXX)
GLUE="$("$GO" env GOROOT)/lib/wasm/wasm_exec_node.js"
# `gowasm-serve run` takes the glue of this toolchain (as `go test -exec` does through GOROOT).
export GOROOT; GOROOT=$("$GO" env GOROOT)
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

build() { # dir goos output
  (cd "Tests/Fixtures/runtime/$1" && GOOS=$2 GOARCH=wasm GOTOOLCHAIN=local GOFLAGS=-mod=mod "$GO" build -o "$3" .)
}


# median wall seconds, median CPU seconds (user+sys: steadier than wall when other jobs share the cores) and
# median peak RSS (KiB) of a command
measure() {
  local times=() cpus=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$@" >/dev/null 2>&1 || true
    read -r t u s m < "$OUT/time"
    times+=("$t"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')"); rss+=("$m")
  done
  printf '%s %s %s\n' "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(printf '%s\n' "${rss[@]}" | median)"
}


row() { # name ours-cmd... -- peer-name peer-cmd...
  local name=$1; shift
  local ours=() peer=() peername
  while [ "$1" != "--" ]; do ours+=("$1"); shift; done; shift
  peername=$1; shift; peer=("$@")
  read -r ot oc om < <(measure "${ours[@]}")
  read -r pt pc pm < <(measure "${peer[@]}")
  printf '| %-24s | %-7s | %6ss | %6ss | %5s× | %6ss | %6ss | %5s× | %7s KiB | %7s KiB | %5s× |\n' \
    "$name" "$peername" "$ot" "$pt" "$(ratio "$ot" "$pt")" "$oc" "$pc" "$(ratio "$oc" "$pc")" \
    "$om" "$pm" "$(ratio "$om" "$pm")"
}

build hello js "$OUT/hello.wasm"
build cpubound js "$OUT/cpu.wasm"
build calls js "$OUT/calls.wasm"

echo "| program                  | peer    | ours    | peer    | wall  | ours CPU | peer CPU | CPU   | ours RSS    | peer RSS    | RSS   |"
echo "|--------------------------|---------|---------|---------|-------|---------|---------|-------|-------------|-------------|-------|"
row "hello world" "$BIN" run "$OUT/hello.wasm" -- node node "$GLUE" "$OUT/hello.wasm"
row "hello world, jit" "$BIN" run --engine jit "$OUT/hello.wasm" -- node node "$GLUE" "$OUT/hello.wasm"
row "CPU-bound" "$BIN" run "$OUT/cpu.wasm" -- node node "$GLUE" "$OUT/cpu.wasm"
row "CPU-bound, jit" "$BIN" run --engine jit "$OUT/cpu.wasm" -- node node "$GLUE" "$OUT/cpu.wasm"
row "1M js.Value calls" "$BIN" run "$OUT/calls.wasm" -- node node "$GLUE" "$OUT/calls.wasm"
row "1M js.Value calls, jit" "$BIN" run --engine jit "$OUT/calls.wasm" -- node node "$GLUE" "$OUT/calls.wasm"

[ "${SKIP_FLOOR:-0}" = 1 ] && exit 0
# The engine's floor: WasmKit itself running the wasip1 build of the same CPU-bound program through its own
# WASI host (Benchmarks/WasiFloor, a separate package so the main build does not need WasmKitWASI; building
# WasmKit's own CLI would need swift-syntax). Same engine settings as ours; GOGC=off as the issue allows.
FLOOR=$ROOT/.build-wasifloor/release/wasi-floor
if [ ! -x "$FLOOR" ]; then
  echo "building Benchmarks/WasiFloor (once)..." >&2
  (cd Benchmarks/WasiFloor && swift build -c release --product wasi-floor --scratch-path "$ROOT/.build-wasifloor" >&2)
fi
build cpubound wasip1 "$OUT/cpu-wasip1.wasm"
row "CPU-bound (floor)" "$BIN" run "$OUT/cpu.wasm" -- wasmkit "$FLOOR" --env GOGC=off "$OUT/cpu-wasip1.wasm"
row "CPU-bound, both GOGC=off" env GOGC=off "$BIN" run "$OUT/cpu.wasm" -- wasmkit "$FLOOR" --env GOGC=off "$OUT/cpu-wasip1.wasm"

if [ "${1:-}" = "--conformance" ]; then
  "$ROOT/Benchmarks/conformance.sh"
fi
