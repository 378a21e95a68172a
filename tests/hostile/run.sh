#!/usr/bin/env bash
# tests/hostile/run.sh DOJO SOURCE_ROOT: grades every hostile solution in
# cases/ against add_spec.lua and checks that none passes a test, each ends
# within its limits with the verdict its header names (`-- expect: KIND`,
# `KIND|KIND` for either; `-- timeout: S` for a limit other than 0.5 s), no
# file outside the work folder is written or removed, and the grader still
# grades an honest solution afterwards.
set -u
dojo=$1
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
canary=/tmp/dojo-hostile-canary
pwned=/tmp/dojo-hostile-pwned
trap 'rm -rf "$work" "$canary"' EXIT
export NO_COLOR=1 DOJO_HOME="$work/home" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
rm -f "$pwned"
echo "canary" > "$canary"
failures=0
bad() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

for case in "$here"/cases/*.lua; do
  name=$(basename "$case" .lua)
  expect=$(sed -n 's/^-- expect: //p' "$case" | head -n1)
  limit=$(sed -n 's/^-- timeout: //p' "$case" | head -n1)
  limit=${limit:-0.5}
  dir="$work/$name"
  mkdir -p "$dir"
  cp "$here/add_spec.lua" "$dir/"
  cp "$case" "$dir/add.lua"
  start=$(date +%s.%N)
  out=$(timeout 60 "$dojo" grade "$dir" --format tap --timeout "$limit" --memory 64 2>&1)
  rc=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  if [ "$rc" != 1 ]; then bad "$name" "exit status $rc, wanted 1"; echo "$out" | head -20; fi
  if echo "$out" | grep -qE '^ok [0-9]+ '; then bad "$name" "a test passed"; echo "$out" | grep -E '^ok '; fi
  if [ "$expect" = fail ]; then
    echo "$out" | grep -q 'severity: fail' || { bad "$name" "wanted a fail verdict"; echo "$out" | head -20; }
  else
    # "a|b": either kind is right (e.g. a deep recursion may hit the
    # deadline before the stack limit on a slow, sanitized build).
    echo "$out" | grep -qE "kind: ($expect)\$" || { bad "$name" "wanted error kind $expect"; echo "$out" | head -30; }
  fi
  echo "$out" | tail -n1 | grep -qE '^(# )?[0-9]+ passed, [0-9]+ failed' || bad "$name" "no closing line"
  if [ "$(echo "$secs > 15" | bc)" = 1 ]; then bad "$name" "took ${secs}s"; fi
  [ -f "$canary" ] && [ "$(cat "$canary")" = canary ] || bad "$name" "the canary file was touched"
  [ -e "$pwned" ] && bad "$name" "wrote $pwned"
  [ -z "$(find "$dir" -newer "$dir/add.lua" -type f ! -name '*.lua' 2>/dev/null)" ] || bad "$name" "left files in its folder"
  printf "%-32s %-15s %5.2fs\n" "$name" "$expect" "$secs"
done

# The grader is still fine for the next, honest submission.
dir="$work/honest"
mkdir -p "$dir"
cp "$here/add_spec.lua" "$dir/"
echo 'return function(a, b) return a + b end' > "$dir/add.lua"
out=$("$dojo" grade "$dir" --format tap --timeout 0.5 --memory 64 2>&1) || bad honest "an honest solution did not pass: $out"
echo "$out" | tail -n1 | grep -qxE '(# )?3 passed, 0 failed' || bad honest "wanted 3 passed: $out"

echo "$failures hostile checks failed"
[ "$failures" = 0 ]
