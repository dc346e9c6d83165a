#!/usr/bin/env bash
# Headless runtime benchmark: `gowasm-serve run` vs node + wasm_exec_node.js, and vs WasmKit running the same
# CPU-bound program built for wasip1 through its own WASI host (the engine's floor). Wall time and peak RSS are
# medians of RUNS runs, measured in this run; ratios are ours / peer. Usage: Benchmarks/run.sh [--conformance]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GO=${GO:-$ROOT/.tools/go/bin/go}
BIN=${BIN:-$ROOT/.build/release/gowasm-serve}
RUNS=${RUNS:-5}
OUT=$(mktemp -d /tmp/gowasm-bench.XXXXXX)
GLUE="$("$GO" env GOROOT)/lib/wasm/wasm_exec_node.js"
[ -x "$BIN" ] || { echo "build first: swift build -c release" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

build() { # dir goos output
  (cd "Tests/Fixtures/runtime/$1" && GOOS=$2 GOARCH=wasm GOTOOLCHAIN=local GOFLAGS=-mod=mod "$GO" build -o "$3" .)
}

# median wall seconds and median peak RSS (KiB) of a command
measure() {
  local times=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>&1 || true
    read -r t m < "$OUT/time"
    times+=("$t"); rss+=("$m")
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS+1)/2 ))p")" \
                   "$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(( (RUNS+1)/2 ))p")"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

row() { # name ours-cmd... -- peer-name peer-cmd...
  local name=$1; shift
  local ours=() peer=() peername
  while [ "$1" != "--" ]; do ours+=("$1"); shift; done; shift
  peername=$1; shift; peer=("$@")
  read -r ot om < <(measure "${ours[@]}")
  read -r pt pm < <(measure "${peer[@]}")
  printf '| %-22s | %-9s | %7ss | %7ss | %5s× | %8s KiB | %8s KiB | %5s× |\n' \
    "$name" "$peername" "$ot" "$pt" "$(ratio "$ot" "$pt")" "$om" "$pm" "$(ratio "$om" "$pm")"
}

build hello js "$OUT/hello.wasm"
build cpubound js "$OUT/cpu.wasm"
build calls js "$OUT/calls.wasm"

echo "| program                | peer      | ours    | peer    | time  | ours RSS     | peer RSS     | RSS   |"
echo "|------------------------|-----------|---------|---------|-------|--------------|--------------|-------|"
row "hello world" "$BIN" run "$OUT/hello.wasm" -- node node "$GLUE" "$OUT/hello.wasm"
row "CPU-bound" "$BIN" run "$OUT/cpu.wasm" -- node node "$GLUE" "$OUT/cpu.wasm"
row "1M js.Value calls" "$BIN" run "$OUT/calls.wasm" -- node node "$GLUE" "$OUT/calls.wasm"

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
