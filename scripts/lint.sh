#!/usr/bin/env bash
# Style and static checks of the C++ sources: clang-format (no changes allowed) and clang-tidy
# (the curated .clang-tidy, warnings as errors). Needs a configured build/dev (compile_commands.json).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'tools/netsim/*.cpp' 'tools/netsim/*.hpp')
clang-format --dry-run -Werror "${files[@]}"
mapfile -t units < <(git ls-files 'src/*.cpp' 'tools/netsim/*.cpp')
printf '%s\n' "${units[@]}" | xargs -P 2 -n 4 clang-tidy -p build/dev --quiet
echo "lint: clang-format and clang-tidy clean"
