#!/usr/bin/env bash
# Go's own standard-library tests under `gowasm-serve run` (go test -exec), the list from issue 4.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-$PWD/.tools/go/bin/go}
BIN=${BIN:-$PWD/.build/release/gowasm-serve}
PACKAGES=(strconv sort unicode/utf8 encoding/json encoding/base64 math container/list text/template path errors
  bufio hash/crc32 crypto/sha256 io/fs os path/filepath time)
GOOS=js GOARCH=wasm GOTOOLCHAIN=local "$GO" test -count=1 -exec "$BIN run" "${PACKAGES[@]}"
