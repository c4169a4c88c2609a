#!/usr/bin/env bash
# belfry's moderation rules next to the npm packages `obscenity` and `bad-words`, in the same run on
# the same corpus: events/s and the throughput ratios, binary precision/recall on the labelled sets.
#   bench/moderation_compare.sh [build-dir] [--min-time SECONDS]   (default build/release; built if missing)
# Installs the two packages from the npm registry into bench/npm-compare/node_modules (npm ci, from
# package-lock.json; again only when the lock file changed). Not part of ctest: it downloads.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=build/release
min_time=2
while [ $# -gt 0 ]; do
  case "$1" in
    --min-time) [ $# -ge 2 ] || { echo "--min-time needs a value" >&2; exit 2; }; min_time="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) build="$1"; shift ;;
  esac
done
if [ ! -x "$build/bench/moderation_bench" ] || [ ! -x "$build/src/belfry" ]; then
  if [ "$build" = build/release ]; then
    cmake --preset release >/dev/null && cmake --build --preset release --target moderation_bench belfry
  else
    cmake --build "$build" --target moderation_bench belfry
  fi
fi
npm_dir=bench/npm-compare
# npm ci only when node_modules was not installed from this very lock file (a copy marks it).
if ! cmp -s "$npm_dir/package-lock.json" "$npm_dir/node_modules/.belfry-installed-lock.json" 2>/dev/null; then
  (cd "$npm_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$npm_dir/package-lock.json" "$npm_dir/node_modules/.belfry-installed-lock.json"
fi
node "$npm_dir/compare.mjs" --bench "$build/bench/moderation_bench" --belfry "$build/src/belfry" \
  --tsv tests/moderation/labelled.tsv --tsv tests/moderation/heldout.tsv --min-time "$min_time"
