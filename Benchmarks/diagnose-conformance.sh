#!/usr/bin/env bash
# Diagnosis on Go's own standard-library tests: the 17 packages of `make conformance` (Benchmarks/conformance.sh)
# through `go test -exec "gowasm-serve run --diagnose"`, each test binary's report also kept as JSON. Prints,
# per toolchain, each package's test status and its warning-level (and error-level) findings, then the
# total. Well-behaved code should give none; docs/diagnosis.md explains each one that remains.
#   Benchmarks/diagnose-conformance.sh [PACKAGE...]
#   TOOLCHAINS="modern go119" (default both), ENGINE=interpreter|jit (default interpreter), SHORT=1, TIMEOUT=30m
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GO=${GO:-$ROOT/.tools/go/bin/go}
GO119=${GO119:-/usr/lib/go-1.19/bin/go}
BIN=${BIN:-$ROOT/.build/release/gowasm-serve}
ENGINE=${ENGINE:-interpreter}
SHORT=${SHORT:-1}
TIMEOUT=${TIMEOUT:-30m}
TOOLCHAINS=(${TOOLCHAINS:-modern go119})
PACKAGES=(strconv sort unicode/utf8 encoding/json encoding/base64 math container/list text/template path errors
  bufio hash/crc32 crypto/sha256 io/fs os path/filepath time)
[ $# -gt 0 ] && PACKAGES=("$@")
[ -x "$BIN" ] || { echo "build first: swift build -c release" >&2; exit 1; }
OUT=$(mktemp -d /tmp/gowasm-diagnose-conformance.XXXXXX)

# The exec wrapper: the table on stderr as a user sees it, and the JSON named after the test binary
# (go test runs each package's binary as .../b001/strconv.test).
cat > "$OUT/exec" <<EOF
#!/bin/sh
name=\$(basename "\$1" .test)
exec "$BIN" run --engine "$ENGINE" --diagnose --diagnose-json "\$DIAGNOSE_JSON_DIR/\$name.\$\$.json" "\$@"
EOF
chmod +x "$OUT/exec"

total=0
for t in "${TOOLCHAINS[@]}"; do
  go=$GO; [ "$t" = go119 ] && go=$GO119
  [ -x "$go" ] || { echo "($t Go not found at $go; skipped)" >&2; continue; }
  mkdir -p "$OUT/json-$t"
  flags=(-count=1 -vet=off -timeout "$TIMEOUT")
  [ "$SHORT" = 1 ] && flags+=(-short)
  echo "== $t, $ENGINE: go test ${flags[*]} -exec 'gowasm-serve run --diagnose' (${#PACKAGES[@]} packages)" >&2
  started=$(date +%s)
  (cd "$OUT" && DIAGNOSE_JSON_DIR="$OUT/json-$t" GOROOT=$("$go" env GOROOT) GOOS=js GOARCH=wasm GOTOOLCHAIN=local GOFLAGS= "$go" test "${flags[@]}" \
    -exec "$OUT/exec" "${PACKAGES[@]}" > "$OUT/$t.log" 2>&1) || true
  echo "   $(( $(date +%s) - started )) s" >&2
  # One row per package: go test's verdict, then each warning or error finding of its binary's report.
  count=$(python3 - "$OUT/json-$t" "$OUT/$t.log" "$t" "${PACKAGES[@]}" <<'PY'
import json, os, re, sys
directory, log, toolchain, packages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
text = open(log).read()
reports = {}
for name in sorted(os.listdir(directory)):
    try:
        reports.setdefault(name.split(".")[0], []).append(json.load(open(os.path.join(directory, name))))
    except (OSError, ValueError):
        pass
count = 0
for package in packages:
    status = "ok" if re.search(r"^ok\s+%s(\s|$)" % re.escape(package), text, re.M) else \
        "FAIL" if re.search(r"^FAIL\s+%s(\s|$)" % re.escape(package), text, re.M) else "none"
    found = [f for r in reports.get(package.split("/")[-1], []) for f in r["findings"] if f["severity"] in ("warning", "error")]
    count += len(found)
    print(f"| {toolchain:<7} | {package:<15} | {status:<4} | {len(found)} |", file=sys.stderr)
    for f in found:
        where = f.get("location") or {}
        place = f"{where.get('file', '?').split('/')[-1]}:{where.get('line', 0)} {where.get('function', '?')}" if where else "?"
        print(f"|         |   {f['severity']} {f['kind']}: {f['summary']} [{place}]", file=sys.stderr)
print(count)
PY
)
  echo "$t: $count warning/error finding(s)"
  total=$((total + count))
done
echo "total: $total warning/error finding(s); logs and reports: $OUT"
