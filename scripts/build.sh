#!/usr/bin/env bash
# Builds the belfry binary (CMake preset, default "dev") and the web interface (web/dist).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
preset="${1:-dev}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
if [ -d web/node_modules ]; then
  (cd web && npm run --silent build)
fi
