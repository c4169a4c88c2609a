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
export BELFRY_SECRET_KEY_FILE="$dir/secret.key"   # seals the demo accounts' credentials

# netsim plays Mastodon and Bluesky for the demo (in memory: fresh accounts each start).
netsim_listen="${BELFRY_NETSIM_LISTEN:-127.0.0.1:8081}"
# Its citizens react to the demo channels (replies, mentions, direct messages in four languages,
# insults included) at BELFRY_DEMO_CITIZENS_PER_MINUTE (default 6).
build/dev/tools/netsim/netsim --listen "$netsim_listen" --latency-ms 50 \
  --citizens-per-minute "${BELFRY_DEMO_CITIZENS_PER_MINUTE:-6}" --citizens-seed 2026 >"$dir/netsim.log" 2>&1 &
netsim_pid=$!
trap 'kill "$netsim_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '"listening"' "$dir/netsim.log" 2>/dev/null && break
  sleep 0.1
done
"$bin" seed demo --database "$db" --netsim "http://$netsim_listen"
listen="${BELFRY_LISTEN:-127.0.0.1:8080}"
cat <<MSG

  belfry demo
  -----------
  Open        http://$listen/            (public check: http://$listen/verify)
  Sign in     admin / belfry-demo-2026   (administrator of the federal government)
  Other roles editor.fa, reviewer.fa, spokesperson.pm, moderator.employment, moderator.fa, analyst.gov,
              admin.employment, agency.fa — same password
  Database    $dir/belfry.sqlite
  netsim      http://$netsim_listen/_netsim/posts  (what the demo really published)
  Publishing  Foreign Affairs has two demo channels on netsim (Mastodon and Bluesky): write a post
              at /posts/new as editor.fa and publish it now
  Inbox       netsim's citizens write to the demo channels: /inbox as editor.fa (answer with a saved
              reply), /moderation as moderator.fa (insults on Bluesky are hidden by themselves),
              /inbox/metrics for response times

MSG
"$bin" serve --database "$db" --listen "$listen" --web-root web/dist
