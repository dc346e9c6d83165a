#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/, with -sanitize=fuzzer,address, scratch .build-fuzz) and runs each one:
#   Fuzz/run.sh --runs N      each target for N inputs or FUZZ_RUN_SECONDS (20), whichever is first (`make test`)
#   Fuzz/run.sh --seconds S   each target for S seconds (`make fuzz`, FUZZ_SECONDS)
# Optional target names after the mode limit the run (proxy-response report request-headers config wasm glue-abi).
# Seeds: Fuzz/Corpus/<target> (committed), plus a real Go wasm and the toolchains' wasm_exec.js made here.
# New corpus entries go to .build-fuzz/corpus/<target>; a crash's input to .build-fuzz/crashes/<target>/.
# Prints one line per target (inputs, seconds, status); exits non-zero when any target found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---runs}; limit=${2:-20000}; shift $(( $# >= 2 ? 2 : $# )) || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(proxy-response report request-headers config wasm glue-abi)
case "$mode" in
  # At most FUZZ_RUN_SECONDS (default 20) each too, so `make test` stays bounded on a slow or busy machine.
  --runs) budget=(-runs="$limit" -max_total_time="${FUZZ_RUN_SECONDS:-20}") ;;
  --seconds) budget=(-max_total_time="$limit") ;;
  *) echo "usage: Fuzz/run.sh --runs N | --seconds S [target...]" >&2; exit 64 ;;
esac
SCRATCH=.build-fuzz
GO=${GO:-.tools/go/bin/go}
GO119=${GO119:-/usr/lib/go-1.19/bin/go}
build=(swift build -c release --package-path Fuzz --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address)
"${build[@]}" 2>&1 | grep -v "Cannot export local symbol" | tail -n 3
bin=$("${build[@]}" --show-bin-path)

# Generated seeds: a real Go wasm (from a fixture, too big to commit) and both toolchains' glue.
seeds=$SCRATCH/seeds
mkdir -p "$seeds/wasm" "$seeds/glue-abi"
if [ ! -s "$seeds/wasm/hello.wasm" ]; then
  (cd Tests/Fixtures/runtime/hello && GOOS=js GOARCH=wasm "$OLDPWD/$GO" build -o "$OLDPWD/$seeds/wasm/hello.wasm" .)
fi
n=0
for go in "$GO" "$GO119"; do
  root=$("$go" env GOROOT)
  for glue in "$root/lib/wasm/wasm_exec.js" "$root/misc/wasm/wasm_exec.js"; do
    if [ -f "$glue" ]; then n=$((n + 1)); cp "$glue" "$seeds/glue-abi/wasm_exec-$n.js"; fi
  done
done

failed=0
# LeakSanitizer also reports at exit, after libFuzzer's -detect_leaks=0: see below.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
for target in "${targets[@]}"; do
  corpus=$SCRATCH/corpus/$target crashes=$SCRATCH/crashes/$target
  mkdir -p "$corpus" "$crashes"
  extra=()
  [ -d "$seeds/$target" ] && extra=("$seeds/$target")
  log=$SCRATCH/$target.log
  start=$(date +%s.%N)
  status=0
  # -rss_limit_mb: ASan's shadow memory plus a 2 MB wasm being mutated; -timeout: a hang is a finding too.
  # -detect_leaks=0: LeakSanitizer reports Foundation's FileManager.contents(atPath:) buffer (not ours) on each input.
  "$bin/fuzz-$target" "${budget[@]}" -detect_leaks=0 -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$corpus" "Fuzz/Corpus/$target" "${extra[@]}" >"$log" 2>&1 || status=$?
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  inputs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" || echo "?")
  printf "fuzz-%-16s inputs=%-9s seconds=%-7.1f status=%s\n" "$target" "$inputs" "$seconds" "$status"
  if [ "$status" != 0 ]; then
    failed=1
    grep -m 3 -E "ERROR|Fatal error|precondition|deadly signal" "$log" || true
    ls -t "$crashes" | head -n 1 | sed "s|^|  input: $crashes/|"
  fi
done
exit $failed
