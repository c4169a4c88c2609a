#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, builds, then runs
#   1. the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan-ubsan);
#   2. everything with ctest (preset dev): unit, store and API tests on SQLite and on a real
#      PostgreSQL server started in a temporary directory, the CLI checks, the OpenAPI lint and the
#      browser tests in Chromium with axe-core.
# ctest's summary line of the full run is the last one printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh

echo "== build (asan-ubsan) and unit tests under sanitizers"
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan --target unit_tests netsim_tests netsim
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan-ubsan

echo "== build (dev) and the web interface"
scripts/build.sh dev

echo "== full suite"
ctest --preset dev
