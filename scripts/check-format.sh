#!/usr/bin/env bash
# The code is as swift-format (the toolchain's, configured by .swift-format: 120 columns, 4 spaces) writes
# it: formats a copy of the Swift sources and fails, naming the files, when any would change. Formatting
# rules only; the lint-only rules are off in .swift-format. To fix: `make format`.
set -euo pipefail
cd "$(dirname "$0")/.."
copy=$(mktemp -d /tmp/gowasm-format.XXXXXX)
trap 'rm -rf "$copy"' EXIT
paths=(Package.swift Sources Tests Fuzz/Package.swift Fuzz/Sources Benchmarks)
mapfile -t files < <(git ls-files -- "${paths[@]}" | grep '\.swift$')
for file in "${files[@]}"; do mkdir -p "$copy/$(dirname "$file")"; cp "$file" "$copy/$file"; done
cp .swift-format "$copy/"
(cd "$copy" && swift format --in-place --parallel --configuration .swift-format "${files[@]}")
changed=()
for file in "${files[@]}"; do cmp -s "$file" "$copy/$file" || changed+=("$file"); done
if [ ${#changed[@]} -gt 0 ]; then
  echo "swift-format would change ${#changed[@]} file(s) (run \`make format\`):" >&2
  printf '  %s\n' "${changed[@]}" >&2
  exit 1
fi
echo "swift-format: ${#files[@]} files as formatted"
