#!/usr/bin/env bash
# scripts/test.sh: installs what is missing, builds dojo with warnings as
# errors, and runs every test with CTest. With DOJO_SANITIZE=1 the build
# uses AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh" --fuzz # clang and libFuzzer: the fuzz_short test
build="$root/build"
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOJO_WERROR=ON)
if [ "${DOJO_SANITIZE:-0}" = 1 ]; then
  build="$root/build-asan"
  flags+=(-DDOJO_SANITIZE=ON)
fi
cmake -S "$root" -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)"
