#!/usr/bin/env bash
# docs/exercism/run.sh: dojo as an Exercism test runner, as the interface
# gives it (https://exercism.org/docs/building/tooling/test-runners/interface):
#   run.sh SLUG INPUT_DIR OUTPUT_DIR
# grades the busted-layout solution in INPUT_DIR (SLUG.lua beside
# SLUG_spec.lua) and writes OUTPUT_DIR/results.json, version 3. Exits 0
# whenever results.json was written, whatever the tests said; 2 on bad usage;
# 1 when the runner itself failed (dojo missing or killed: results.json then
# says so with status "error") or nothing could be written. DOJO names the dojo binary
# (default: dojo on PATH). See README.md beside this script.
set -u

if [ $# -ne 3 ] || [ -z "$1" ] || [ -z "$2" ] || [ -z "$3" ]; then
  echo "usage: run.sh SLUG INPUT_DIR OUTPUT_DIR" >&2
  exit 2
fi
slug=$1
input=${2%/}
output=${3%/}
dojo=${DOJO:-dojo}
results=$output/results.json

mkdir -p "$output" || exit 1

# json_string: stdin as the inside of a JSON string (backslash, quote,
# tab and newline escaped; other control bytes dropped).
json_string() {
  LC_ALL=C sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' |
    LC_ALL=C tr -d '\000-\010\013-\037' |
    awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }'
}

# The spec Exercism's Lua track names after the slug (two-fer_spec.lua, or
# two_fer_spec.lua); the others in the folder, if any, are not the
# exercise's. Without one, every *_spec.lua in the folder runs.
spec=""
for name in "${slug}_spec.lua" "${slug//-/_}_spec.lua"; do
  if [ -f "$input/$name" ]; then
    spec=$name
    break
  fi
done

args=(grade "$input" --format exercism --jobs 1 --output "$results"
      --timeout "${DOJO_TIMEOUT:-5}" --file-timeout "${DOJO_FILE_TIMEOUT:-15}")
if [ -n "$spec" ]; then
  args+=(--spec "$spec")
fi

errors=$(mktemp) || exit 1
trap 'rm -f "$errors"' EXIT
"$dojo" "${args[@]}" 2>"$errors"
status=$?
if [ $status -le 1 ] && [ -s "$results" ]; then
  exit 0 # 0 all passed, 1 some test failed: both are results
fi

# dojo could not grade (no spec, unreadable folder, a crash): results.json
# says why, with the solution folder's path cut out.
message=$(cat "$errors")
message=${message//"$input/"/}
message=${message//"$input"/.}
[ -n "$message" ] || message="dojo stopped with status $status and said nothing"
printf '{\n  "version": 3,\n  "status": "error",\n  "message": "%s",\n  "tests": []\n}\n' \
  "$(printf '%s' "$message" | json_string)" >"$results" || exit 1
# 2: dojo ran and found nothing it could grade, which is this run's result;
# anything else (dojo missing, killed) is the runner failing.
[ $status -eq 2 ] && exit 0
exit 1
