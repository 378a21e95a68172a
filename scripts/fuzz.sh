#!/usr/bin/env bash
# scripts/fuzz.sh: builds dojo's libFuzzer targets (fuzz/, clang with ASan and
# UBSan) and runs each on a seed corpus made from the real pack (every
# katas/*/*/kata.lua, every lessons/*.md) plus fuzz/seeds/ and the regression
# inputs. New crashes land in build-fuzz/crashes/TARGET/. See docs/fuzzing.md.
#   scripts/fuzz.sh [--ci] [--time S] [--build DIR] [--install] [TARGET...]
#   --ci       the short run CTest does: S = $DOJO_FUZZ_SECONDS or 6, exit 77
#              (skipped) when clang/libFuzzer are missing, unless
#              DOJO_FUZZ_REQUIRED=1; fails on any crash, leak or timeout
#   --time S   seconds per target (default 300)
#   --install  apt-get the fuzzing toolchain first (scripts/deps.sh --fuzz)
#   DOJO_FUZZ_CC: the compiler (default clang)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-fuzz"
seconds=300
ci=0
install=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) ci=1; seconds="${DOJO_FUZZ_SECONDS:-6}" ;;
    --time) seconds="$2"; shift ;;
    --build) build="$2"; shift ;;
    --install) install=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ "$install" = 1 ] && "$root/scripts/deps.sh" --fuzz

# The toolchain: clang that can link -fsanitize=fuzzer (Debian: clang and
# libclang-rt-NN-dev, which holds libclang_rt.fuzzer).
cc="${DOJO_FUZZ_CC:-clang}" # not $CC: a CI may set CC=gcc for the main build
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' >"$probe/p.c"
if ! command -v "$cc" >/dev/null 2>&1 ||
   ! "$cc" -fsanitize=fuzzer,address "$probe/p.c" -o "$probe/p" 2>"$probe/err"; then
  echo "fuzz.sh: $cc cannot build a libFuzzer target (install clang and libclang-rt-14-dev:" \
       "scripts/deps.sh --fuzz)" >&2
  if [ "$ci" = 1 ] && [ "${DOJO_FUZZ_REQUIRED:-0}" != 1 ]; then exit 77; fi
  exit 1
fi

CC="$cc" cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOJO_FUZZ=ON >/dev/null
if [ ${#targets[@]} -eq 0 ]; then
  targets=(manifest lesson)
  [ -f "$root/src/quiz.c" ] && targets+=(quiz)
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

status=0
for t in "${targets[@]}"; do
  # The seed corpus: the real pack's files, the hand-written seeds, and every
  # regression input. In CI a fresh copy each run, so the log is repeatable.
  corpus="$build/corpus/$t"
  [ "$ci" = 1 ] && rm -rf "$corpus"
  mkdir -p "$corpus" "$build/crashes/$t"
  case "$t" in
    manifest) for f in "$root"/katas/*/*/kata.lua; do
                k="${f%/kata.lua}"; cp "$f" "$corpus/${k##*/}.lua"; done
              cp "$root/pack.lua" "$corpus/pack.lua" ;; # the same target loads pack.lua
    *) cp "$root"/lessons/*.md "$corpus/" ;;
  esac
  for d in "$root/fuzz/seeds/$t" "$root/tests/fixtures/fuzz-regressions/$t"; do
    [ -d "$d" ] && cp "$d"/* "$corpus/" 2>/dev/null || true
  done
  # Time: every target checks that one input takes under 5 s of CPU
  # (FUZZ_CPU_LIMIT; a manifest's deadline is 1 s); -timeout (wall clock) is
  # only the backstop for an input that never returns, long enough that a
  # machine shared with other jobs (load 20 on 2 cores stretched a 1 s
  # manifest past 5 s) does not fail inputs that did nothing wrong.
  # -rss_limit_mb: what a hostile input may make dojo hold. ASan's
  # quarantine (256 MB of freed blocks by default) is cut to 32 MB: a
  # manifest churning garbage under its 16 MiB cap for its whole second
  # (fuzz-regressions/manifest/concat-loop.lua is one) held 264 MB of freed
  # memory there, and 1 GB of RSS in all, without dojo holding more than
  # 24 MB live.
  echo "fuzz.sh: $t for ${seconds}s on $(ls "$corpus" | wc -l) seeds" >&2
  # TMPDIR: the targets' scratch input files stay in the build folder (libFuzzer
  # ends with _Exit, so a target's own cleanup does not run).
  mkdir -p "$build/tmp"
  if ! (cd "$build/crashes/$t" && TMPDIR="$build/tmp" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32}" \
        "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=1024 \
          -max_len=16384 -dict="$root/fuzz/$t.dict" -print_final_stats=1 "$corpus" 2>"$build/fuzz-$t.log"); then
    echo "fuzz.sh: $t FAILED; the input is in $build/crashes/$t, the log in $build/fuzz-$t.log" >&2
    tail -n 40 "$build/fuzz-$t.log" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^Done|^#[0-9]+.*DONE' "$build/fuzz-$t.log" |
    sed "s/^/fuzz.sh: $t: /" >&2 || true
done
exit $status
