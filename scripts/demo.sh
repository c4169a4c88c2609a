#!/usr/bin/env bash
# Installs, builds and starts the demo: belfry on an embedded SQLite file with the demo government
# of the seeds loaded. Prints the URL and the demo sign-in. Ctrl-C stops it.
#   BELFRY_LISTEN=127.0.0.1:8080 (default)   BELFRY_DEMO_DIR=demo-data (default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
scripts/build.sh dev

dir="${BELFRY_DEMO_DIR:-demo-data}"
mkdir -p "$dir"
db="sqlite:$dir/belfry.sqlite"
bin=build/dev/src/belfry
"$bin" seed demo --database "$db"
listen="${BELFRY_LISTEN:-127.0.0.1:8080}"
cat <<MSG

  belfry demo
  -----------
  Open        http://$listen/            (public check: http://$listen/verify)
  Sign in     admin / belfry-demo-2026   (administrator of the federal government)
  Other roles editor.fa, reviewer.fa, spokesperson.pm, moderator.employment, analyst.gov,
              admin.employment, agency.fa — same password
  Database    $dir/belfry.sqlite

MSG
exec "$bin" serve --database "$db" --listen "$listen" --web-root web/dist
