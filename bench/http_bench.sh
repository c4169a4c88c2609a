#!/usr/bin/env bash
# Measures `belfry serve` on this machine: start-up time, idle RSS, and requests/s of
# GET /api/v1/public/channels with wrk, on the demo database (SQLite). Loopback only; bounded.
#   bench/http_bench.sh [build-dir]     (default build/release; built if missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${1:-build/release}"
if [ ! -x "$build/src/belfry" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target belfry
fi
bin="$build/src/belfry"
tmp="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
db="sqlite:$tmp/bench.sqlite"
"$bin" seed demo --database "$db" >/dev/null
port=18181
t0=$(date +%s%N)
"$bin" serve --database "$db" --listen "127.0.0.1:$port" --web-root "$tmp" --threads 4 >"$tmp/log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.005; done
t1=$(date +%s%N)
echo "start-up to first healthy answer: $(( (t1 - t0) / 1000000 )) ms"
sleep 1
echo "idle RSS: $(ps -o rss= -p "$pid" | tr -d ' ') KiB"
echo "GET /api/v1/public/channels (19 channels, page of 50):"
wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port/api/v1/public/channels" | grep -E "Requests/sec|Latency|50%|99%"
echo "GET /api/v1/public/verify?url=https://x.com/belgiumbe:"
wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port/api/v1/public/verify?url=https%3A%2F%2Fx.com%2Fbelgiumbe" | grep -E "Requests/sec|Latency|50%|99%"
echo "RSS after load: $(ps -o rss= -p "$pid" | tr -d ' ') KiB"
