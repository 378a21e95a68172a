#!/usr/bin/env bash
# exercism_runner.sh: docs/exercism/run.sh as Exercism's test-runner
# interface runs it (SLUG INPUT_DIR/ OUTPUT_DIR/, trailing slashes, exit 0
# whatever the tests said) on the fixtures in tests/import_runner/: a
# passing solution, a failing one, a syntax error, and one that floods its
# output; each results.json is checked with python3 against the
# interface's fields (tests/import_runner/check_results.py).
#   bash tests/integration/exercism_runner.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: exercism_runner.sh DOJO SRC}
SRC=${2:?usage: exercism_runner.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-exercism.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1 DOJO="$DOJO"
RUN=$SRC/docs/exercism/run.sh
CHECK=$SRC/tests/import_runner/check_results.py
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run_case NAME EXPECTED_STATUS CHECK...: the fixture copied to a folder of
# its own (as Exercism mounts one), run.sh on it, results.json checked.
run_case() {
  local name=$1 expected=$2
  shift 2
  local input=$TMP/in/$name output=$TMP/out/$name
  mkdir -p "$TMP/in" && cp -r "$SRC/tests/import_runner/$name" "$input"
  bash "$RUN" reverse-string "$input/" "$output/" >"$TMP/$name.log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] || fail "$name: run.sh exited $rc, not 0 ($(head -c 300 "$TMP/$name.log"))"
  [ -f "$output/results.json" ] || { fail "$name: no results.json"; return; }
  python3 "$CHECK" "$output/results.json" "$expected" "no-path=$TMP/in" "$@" ||
    fail "$name: results.json does not match the interface (above)"
}

run_case pass pass
run_case fail fail fail-message
run_case syntax error "message=reverse-string.lua:3:"
run_case flood pass truncated

# A folder with no spec at all: dojo can't grade it; results.json still
# says so (status error) and run.sh exits 0.
mkdir -p "$TMP/in/nospec"
echo 'return {}' >"$TMP/in/nospec/reverse-string.lua"
bash "$RUN" reverse-string "$TMP/in/nospec/" "$TMP/out/nospec/" >/dev/null 2>&1 ||
  fail "nospec: run.sh did not exit 0"
python3 "$CHECK" "$TMP/out/nospec/results.json" error "message=no *_spec.lua" "no-path=$TMP/in" ||
  fail "nospec: results.json does not match the interface"

# Only the slug's spec runs: a spec file a student added is ignored.
cp -r "$SRC/tests/import_runner/pass" "$TMP/in/extra"
printf "describe('extra', function() it('fails', function() assert.is_true(false) end) end)\n" \
  >"$TMP/in/extra/extra_spec.lua"
bash "$RUN" reverse-string "$TMP/in/extra" "$TMP/out/extra" >/dev/null 2>&1 || fail "extra: run.sh did not exit 0"
python3 "$CHECK" "$TMP/out/extra/results.json" pass || fail "extra: a student's own spec file counted"

# Bad usage is not a run: exit 2, nothing written.
bash "$RUN" reverse-string "$TMP/in/pass" >/dev/null 2>&1
[ $? -eq 2 ] || fail "run.sh with two arguments did not exit 2"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "exercism_runner: 7 checks passed"
