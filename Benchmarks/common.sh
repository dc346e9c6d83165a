# Sourced by the benchmark scripts: the repository's toolchain and binary, and the statistics they share.
# GO, BIN and RUNS may be set by the caller.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
GO=${GO:-$ROOT/.tools/go/bin/go}
BIN=${BIN:-$ROOT/.build/release/gowasm-serve}
RUNS=${RUNS:-5}
[ -x "$BIN" ] || { echo "build first: swift build -c release" >&2; exit 1; }

# The median of numbers on stdin, one per line (RUNS of them).
median() { sort -n | sed -n "$(( (RUNS+1)/2 ))p"; }
# a / b with DIGITS decimals (default 2), or n/a when b is 0.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f", d, a / b }'; }
