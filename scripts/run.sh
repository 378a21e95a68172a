#!/usr/bin/env bash
# scripts/run.sh: installs what is missing, builds dojo, then runs it with
# any arguments given (no arguments: the REPL on the built-in pack).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build" -j"$(nproc)" >/dev/null
exec "$root/build/dojo" "$@"
