#!/usr/bin/env bash
# Installs everything belfry needs to build, test and run its demo, from Debian's packages and the
# npm registry only. Idempotent: a second run installs nothing new and is quick.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The Debian packages: build tools, libraries, the PostgreSQL server for tests, Chromium for the
# browser tests, wrk for the benchmarks, python3 for node-gyp (the PDS's better-sqlite3). Keep in sync with cmake/Dependencies.cmake.
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang-format clang-tidy
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-client-15
  libsodium-dev libssl-dev libicu-dev libcurl4-openssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libhyperscan-dev libcld2-dev libstemmer-dev libfasttext-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs chromium fonts-dejavu-core
  wrk procps
  python3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: Debian packages already present"
fi

# npm is shipped with Debian's nodejs on some images and separately on others.
if ! command -v npm >/dev/null 2>&1; then
  "${sudo_cmd[@]:-}" apt-get install -y -q npm
fi

# Vite 8 needs Node.js ≥ 20.19 (the project machines ship 20.x; Debian 12's own nodejs is 18).
node_major_minor="$(node -p 'process.versions.node.split(".").slice(0,2).join(".")' 2>/dev/null || echo 0.0)"
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "install-deps: Node.js $node_major_minor is too old for the web build: install Node.js 20.19 or newer" >&2
  exit 1
fi

# The web UI and the browser/OpenAPI test tooling, pinned by package-lock.json.
if [ -f "$here/web/package-lock.json" ]; then
  stamp="$here/web/node_modules/.belfry-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$here/web/package-lock.json" "$stamp"; then
    (cd "$here/web" && npm ci --no-audit --no-fund)
    cp "$here/web/package-lock.json" "$stamp"
  else
    echo "install-deps: web/node_modules up to date"
  fi
fi

# The real Bluesky PDS for the connector tests (ctest -L pds), pinned by its own package-lock.json,
# with Node 22 from npm. Idempotent: it does nothing when node_modules matches the lock.
"$here/tools/bluesky-pds/install.sh"
