#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 server for the tests.
#   scripts/pg-test-server.sh start STATE_DIR   → writes STATE_DIR/url (postgresql://…)
#   scripts/pg-test-server.sh stop STATE_DIR
# The cluster lives in a temporary directory, listens on a free loopback port only, runs as an
# unprivileged user (the 'postgres' system user when we are root) and is removed on stop.
set -euo pipefail
cmd="${1:?usage: pg-test-server.sh start|stop STATE_DIR}"
state="${2:?usage: pg-test-server.sh start|stop STATE_DIR}"
mkdir -p "$state"

bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
if [ -z "$bindir" ]; then
  echo "pg-test-server: PostgreSQL server binaries not found. Run: sudo apt-get install -y postgresql-15 (or scripts/install-deps.sh)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ -f "$state/datadir" ] && [ -d "$(cat "$state/datadir")" ]; then
      "$0" stop "$state" || true
    fi
    tmp="$(mktemp -d /tmp/belfry-pg.XXXXXX)"
    chmod 755 "$tmp"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$tmp"
    as_owner "$bindir/initdb" -D "$tmp/data" -U belfry --auth=trust -E UTF8 --no-locale >"$tmp/initdb.log" 2>&1 ||
      { cat "$tmp/initdb.log" >&2; exit 1; }
    # A port that looks free can still fail to bind (TIME_WAIT, another test run starting at the
    # same moment): try the next one. The start offset spreads concurrent runs over the range.
    port=""
    offset=$(( $$ % 100 ))
    for i in $(seq 0 99); do
      p=$(( 55432 + (offset + i) % 100 ))
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then continue; fi
      if as_owner "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
        -o "-p $p -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null; then
        port="$p"
        break
      fi
      echo "pg-test-server: could not start on port $p, trying the next one" >&2
    done
    [ -n "$port" ] || { cat "$tmp/server.log" >&2; echo "pg-test-server: no port in 55432-55531 worked" >&2; exit 1; }
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U belfry belfry_test
    echo "$tmp" > "$state/datadir"
    echo "postgresql://belfry@127.0.0.1:$port/belfry_test" > "$state/url"
    echo "pg-test-server: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($tmp)"
    ;;
  stop)
    if [ -f "$state/datadir" ]; then
      tmp="$(cat "$state/datadir")"
      if [ -d "$tmp/data" ]; then as_owner "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true; fi
      rm -rf "$tmp"
      rm -f "$state/datadir" "$state/url"
      echo "pg-test-server: stopped"
    fi
    ;;
  *) echo "usage: pg-test-server.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
