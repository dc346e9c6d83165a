#!/usr/bin/env bash
# Go's own standard-library tests (the list from issue 4) through `go test -exec`, under `gowasm-serve run` on
# both engines (the WasmKit interpreter, "ours", and `--engine jit`, JavaScriptCore's own wasm) and under node
# with the toolchain's own wasm_exec_node.js, for the modern Go and for Go 1.19. Prints a table of pass/fail
# per package and host with each host's wall time, and fails if a package passes under node but not under us.
#   Benchmarks/conformance.sh [PACKAGE...]      SHORT=0 for the tests' full (non -short) mode
# HOSTS picks the columns (default "ours jit node"; "browser" is `run --browser --engine jit`, the page surface
# with node's fs and process: HOSTS="jit browser node" compares it with plain `run`).
# TIMEOUT is go test's per-binary limit (default 30m): os's tests take ~10 min on the interpreter when the two
# cores are shared, past go test's default of 10m.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GO=${GO:-$ROOT/.tools/go/bin/go}
GO119=${GO119:-/usr/lib/go-1.19/bin/go}
BIN=${BIN:-$ROOT/.build/release/gowasm-serve}
SHORT=${SHORT:-1}
TIMEOUT=${TIMEOUT:-30m}
read -r -a HOSTS <<< "${HOSTS:-ours jit node}"
PACKAGES=(strconv sort unicode/utf8 encoding/json encoding/base64 math container/list text/template path errors
  bufio hash/crc32 crypto/sha256 io/fs os path/filepath time)
[ $# -gt 0 ] && PACKAGES=("$@")
[ -x "$BIN" ] || { echo "build first: swift build -c release" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }
OUT=$(mktemp -d /tmp/gowasm-conformance.XXXXXX)

# node's exec wrappers. Go 1.19's glue needs one fix on current node (`globalThis.crypto = {` assigns a
# getter-only global), applied to a copy.
node_exec() { # go-binary -> path of an exec script
  local goroot glue dir
  goroot=$("$1" env GOROOT)
  glue=$goroot/lib/wasm
  [ -f "$glue/wasm_exec_node.js" ] || glue=$goroot/misc/wasm
  dir=$(mktemp -d "$OUT/glue.XXXXXX")
  for f in wasm_exec.js wasm_exec_node.js; do
    sed 's/globalThis.crypto = {/globalThis.crypto ??= {/' "$glue/$f" > "$dir/$f"
  done
  printf '#!/bin/sh\nexec node "%s/wasm_exec_node.js" "$@"\n' "$dir" > "$dir/exec"
  chmod +x "$dir/exec"
  echo "$dir/exec"
}

# go test for one toolchain and host; writes "package status" lines (ok, FAIL, or none when missing).
run_tests() { # label go-binary exec-command
  local label=$1 go=$2 exec=$3 flags=(-count=1 -vet=off -timeout "$TIMEOUT")
  [ "$SHORT" = 1 ] && flags+=(-short)
  echo "== $label: go test ${flags[*]} -exec '$exec' (${#PACKAGES[@]} packages)" >&2
  local started=$(date +%s.%N)
  # GOROOT tells `gowasm-serve run` which toolchain's wasm_exec.js to use (as go test's own exec wrapper finds it).
  (cd "$OUT" && GOROOT=$("$go" env GOROOT) GOOS=js GOARCH=wasm GOTOOLCHAIN=local GOFLAGS= "$go" test "${flags[@]}" \
    -exec "$exec" "${PACKAGES[@]}" > "$OUT/$label.log" 2>&1) || true
  awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f\n", b - a }' > "$OUT/$label.wall"
  for p in "${PACKAGES[@]}"; do
    if grep -qE "^ok[[:space:]]+$p([[:space:]]|$)" "$OUT/$label.log"; then echo "$p ok"
    elif grep -qE "^FAIL[[:space:]]+$p([[:space:]]|$)" "$OUT/$label.log"; then echo "$p FAIL"
    else echo "$p none"; fi
  done > "$OUT/$label.status"
}

status() { awk -v p="$2" '$1 == p { print $2 }' "$OUT/$1.status"; }

TOOLCHAINS=()
if [ -x "$GO" ]; then TOOLCHAINS+=(modern); fi
if [ -x "$GO119" ]; then TOOLCHAINS+=(go119); else echo "(Go 1.19 not found at $GO119; skipped)" >&2; fi
exec_for() { # host go-binary -> the -exec command
  case $1 in
    ours) echo "$BIN run" ;;
    jit) echo "$BIN run --engine jit" ;;
    browser) echo "$BIN run --browser --engine jit" ;;
    node) node_exec "$2" ;;
    *) echo "unknown host $1 (ours, jit, browser, node)" >&2; exit 64 ;;
  esac
}
for t in "${TOOLCHAINS[@]}"; do
  go=$GO; [ "$t" = go119 ] && go=$GO119
  for h in "${HOSTS[@]}"; do run_tests "$t-$h" "$go" "$(exec_for "$h" "$go")"; done
done

# A regression: a package that passes under node (when node ran) but not under one of ours.
regressions=0
header="| package         "; rule="|-----------------"
for t in "${TOOLCHAINS[@]}"; do
  for h in "${HOSTS[@]}"; do header+=$(printf '| %-11s ' "$t $h"); rule+="|-------------"; done
done
echo "$header|"; echo "$rule|"
for p in "${PACKAGES[@]}"; do
  line=$(printf '| %-15s ' "$p")
  for t in "${TOOLCHAINS[@]}"; do
    node=ok; [ -f "$OUT/$t-node.status" ] && node=$(status "$t-node" "$p")
    for h in "${HOSTS[@]}"; do
      s=$(status "$t-$h" "$p")
      line+=$(printf '| %-11s ' "$s")
      if [ "$h" != node ] && [ "$node" = ok ] && [ "$s" != ok ]; then regressions=$((regressions + 1)); fi
    done
  done
  echo "$line|"
done
line=$(printf '| %-15s ' "wall (s)")
for t in "${TOOLCHAINS[@]}"; do
  for h in "${HOSTS[@]}"; do line+=$(printf '| %-11s ' "$(cat "$OUT/$t-$h.wall")"); done
done
echo "$line|"
echo "logs: $OUT"
if [ "$regressions" -gt 0 ]; then
  echo "$regressions package run(s) pass under node but not under gowasm-serve run" >&2
  exit 1
fi
