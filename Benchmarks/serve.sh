#!/usr/bin/env bash
# Benchmark (not a test): gowasm-serve vs nginx on the same files, same machine, same run.
#   wrk, 2 threads: a small HTML page at 32 and 256 connections, and a 2.5 MB wasm with
#   Accept-Encoding: br (nginx serves the .br sibling via brotli_static; we serve our cached br variant).
# Prints requests/s for both and the ratio ours/nginx, and each server's CPU time per request (user + system,
# from /proc/PID/stat before and after each run, nginx's workers included): the load of other processes on a
# shared machine distorts CPU time much less than requests per second.
# Usage: Benchmarks/serve.sh [seconds-per-run] [rounds]
# Each case runs `rounds` times alternating ours/nginx and keeps each side's best, so load from other
# processes on a shared machine hits both sides alike.
# GOWASM_SERVE_BIN=path benchmarks another build of the binary.
# TLS=1: both over HTTPS with the same certificate (ours made by `--tls`, nginx given it with `ssl`); wrk keeps
# connections alive, so this measures TLS records, not handshakes (the last case closes after each request).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
ROUNDS="${2:-1}"
BIN="${GOWASM_SERVE_BIN:-.build/release/gowasm-serve}"  # override to compare builds
NGINX_MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so

for tool in wrk nginx brotli gzip; do
  command -v "$tool" >/dev/null || { echo "serve.sh: $tool is missing (make deps-test installs it)" >&2; exit 1; }
done
[ -f "$NGINX_MODULE" ] || { echo "serve.sh: libnginx-mod-http-brotli-static is missing" >&2; exit 1; }
[ -x "$BIN" ] || swift build -c release --product gowasm-serve

WORK="$(mktemp -d /tmp/gowasm-bench.XXXXXX)"
chmod 755 "$WORK"  # nginx workers (www-data) must read the files
OURS_PID=""; NGINX_PID=""
TLS="${TLS:-}"
OURS_TLS=(); CURL_TLS=(); SCHEME=http; LISTEN_SSL=""; NGINX_SSL=""
if [ -n "$TLS" ]; then
  export XDG_CACHE_HOME="$WORK/cache"  # our certificate, made by --tls, for both servers
  CERTS="$XDG_CACHE_HOME/gowasm-serve/tls"
  OURS_TLS=(--tls); CURL_TLS=(--cacert "$CERTS/ca.pem"); SCHEME=https; LISTEN_SSL=" ssl"
  NGINX_SSL="ssl_certificate $CERTS/cert.pem; ssl_certificate_key $CERTS/key.pem; ssl_protocols TLSv1.2 TLSv1.3;"
fi
cleanup() {
  [ -n "$OURS_PID" ] && kill "$OURS_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The files: a small page and a 2.5 MB wasm-like binary (real Go wasm if the toolchain is here, padded).
DIST="$WORK/dist"; mkdir -p "$DIST"
cat > "$DIST/index.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="wasm_exec.js"></script></head>
<body><div id="app">Loading…</div></body></html>
HTML
if [ -x .tools/go/bin/go ] && [ -d Examples/hello ]; then
  (cd Examples/hello && GOOS=js GOARCH=wasm GOTOOLCHAIN=local ../../.tools/go/bin/go build -o "$DIST/main.wasm" .) || true
fi
if [ ! -s "$DIST/main.wasm" ] || [ "$(stat -c %s "$DIST/main.wasm")" -lt 2500000 ]; then
  # Top up to 2.5 MB with text-like, compressible content so the size matches the benchmark's target.
  { [ -s "$DIST/main.wasm" ] && cat "$DIST/main.wasm"; yes "func main() { js.Global().Get(\"document\") }" ; } \
    | head -c 2621440 > "$DIST/main.tmp" && mv "$DIST/main.tmp" "$DIST/main.wasm"
fi
WASM="main.8f3a9c1b.wasm"; mv "$DIST/main.wasm" "$DIST/$WASM"
brotli -q 11 -k -f "$DIST/$WASM"; gzip -9 -k -f "$DIST/$WASM"
brotli -q 11 -k -f "$DIST/index.html"; gzip -9 -k -f "$DIST/index.html"

# Ours: port 0, read the port from the first stdout line.
"$BIN" serve "$DIST" --port 0 --quiet "${OURS_TLS[@]}" > "$WORK/ours.out" 2> "$WORK/ours.err" &
OURS_PID=$!
for _ in $(seq 1 100); do
  grep -q '^Serving ' "$WORK/ours.out" 2>/dev/null && break
  sleep 0.1
done
OURS_URL=$(sed -n 's/^Serving .* at \(https\{0,1\}:[^ ]*\)$/\1/p' "$WORK/ours.out" | head -1)
[ -n "$OURS_URL" ] || { echo "serve.sh: gowasm-serve did not start:" >&2; cat "$WORK/ours.err" >&2; exit 1; }
# nginx: own prefix and config, loopback only.
NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<CONF
load_module $NGINX_MODULE;
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp; uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  gzip_static on; brotli_static on; gzip_vary on;
  server {
    listen 127.0.0.1:$NGINX_PORT$LISTEN_SSL;
    $NGINX_SSL
    root $DIST;
    etag on;
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!

NGINX_URL="$SCHEME://127.0.0.1:$NGINX_PORT/"
for _ in $(seq 1 50); do curl -fsS "${CURL_TLS[@]}" -o /dev/null "$NGINX_URL" 2>/dev/null && break; sleep 0.1; done

# Sanity: both serve the same decoded bytes with br.
for url in "$OURS_URL" "$NGINX_URL"; do
  got=$(curl -fsS "${CURL_TLS[@]}" -H 'Accept-Encoding: br' "$url$WASM" | brotli -d | cmp - "$DIST/$WASM" && echo same)
  [ "$got" = same ] || { echo "serve.sh: $url$WASM does not decode to the file" >&2; exit 1; }
done
# Warm both (our background brotli-11 finishes; nginx caches open files).
sleep 2
curl -fsS "${CURL_TLS[@]}" -o /dev/null -H 'Accept-Encoding: br' "$OURS_URL$WASM"

TICKS=$(getconf CLK_TCK)
cpu_ticks() {  # pid...: utime + stime of each (fields 14 and 15 of /proc/PID/stat), summed
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
nginx_pids() { echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"; }

measure() {  # url connections pids [header] → "req/s requests cpu-ticks"
  local out before after
  before=$(cpu_ticks $3)
  if [ -n "${4:-}" ]; then out=$(wrk -t2 -c"$2" -d"${DURATION}s" -H "$4" "$1")
  else out=$(wrk -t2 -c"$2" -d"${DURATION}s" "$1"); fi
  after=$(cpu_ticks $3)
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '/requests in/ {print $1}') $((after - before))"
}

printf '%-44s %11s %11s %6s %12s %12s\n' "case" "ours req/s" "nginx req/s" "ratio" "ours µs CPU" "nginx µs CPU"
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
lowest() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
per_request() { awk -v t="$1" -v n="$2" -v hz="$TICKS" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }'; }
run() {  # label path connections [header]
  local ours=0 nginx=0 ours_cpu="" nginx_cpu="" result
  for _ in $(seq 1 "$ROUNDS"); do
    read -r rate count ticks <<< "$(measure "$OURS_URL$2" "$3" "$OURS_PID" "${4:-}")"
    ours=$(best "$ours" "$rate"); ours_cpu=$(lowest "$ours_cpu" "$(per_request "$ticks" "$count")")
    read -r rate count ticks <<< "$(measure "$NGINX_URL$2" "$3" "$(nginx_pids)" "${4:-}")"
    nginx=$(best "$nginx" "$rate"); nginx_cpu=$(lowest "$nginx_cpu" "$(per_request "$ticks" "$count")")
  done
  printf '%-44s %11s %11s %6s %12s %12s\n' "$1" "$ours" "$nginx" \
    "$(awk -v a="$ours" -v b="$nginx" 'BEGIN { printf "%.2f", a / b }')" "$ours_cpu" "$nginx_cpu"
}
run "index.html, br+gzip, 32 connections" "index.html" 32 "Accept-Encoding: br, gzip"
run "index.html, br+gzip, 256 connections" "index.html" 256 "Accept-Encoding: br, gzip"
run "index.html, identity, 32 connections" "index.html" 32
run "2.5 MB wasm, br, 32 connections" "$WASM" 32 "Accept-Encoding: br"
if [ -n "$TLS" ]; then
  run "index.html, a new connection (handshake) each" "index.html" 32 "Connection: close"
  exit 0  # the start-up case below is about precompression, not TLS
fi

# Right after start, with a 2.5 MB wasm still to be brotli-11'd in the background (no siblings in this dist):
# small-file throughput in the first seconds against the same server settled 15 s later. One 4 s wrk run
# moves by ±15% on two shared cores, so this takes STARTS fresh starts (default 3) and prints the median.
STARTS="${STARTS:-3}"
for start in $(seq "$STARTS"); do
  FRESH="$WORK/fresh$start"; mkdir -p "$FRESH"
  cp "$DIST/index.html" "$FRESH/"; cp "$DIST/$WASM" "$FRESH/"
  "$BIN" serve "$FRESH" --port 0 --quiet > "$WORK/fresh.out" 2> "$WORK/fresh.err" &
  FRESH_PID=$!
  for _ in $(seq 1 100); do grep -q '^Serving ' "$WORK/fresh.out" 2>/dev/null && break; sleep 0.05; done
  FRESH_URL=$(sed -n 's/^Serving .* at \(http:[^ ]*\)$/\1/p' "$WORK/fresh.out" | head -1)
  early=$(wrk -t2 -c32 -d4s "${FRESH_URL}index.html" | awk '/Requests\/sec/ {print $2}')
  sleep 15
  settled=$(wrk -t2 -c32 -d4s "${FRESH_URL}index.html" | awk '/Requests\/sec/ {print $2}')
  kill "$FRESH_PID" 2>/dev/null || true
  wait "$FRESH_PID" 2>/dev/null || true
  echo "$early $settled" >> "$WORK/starts"
done
ratios=$(awk '{ printf "%.2f\n", $1 / $2 }' "$WORK/starts")
median=$(sort -n <<<"$ratios" | sed -n "$(( (STARTS + 1) / 2 ))p")
printf '%-44s %11s %11s %6s  (each start: %s)\n' "index.html, first 4 s after start / settled" "" "" \
  "$median" "$(tr '\n' ' ' <<<"$ratios")"
