#!/usr/bin/env bash
# watch.sh: `dojo watch` restarts a run when the file is saved during it.
# Starts watch on a countdown solution whose `create` loops forever (16 tests,
# 2 s each: the first run would take at least 4 s), saves a correct solution
# a second into that run, and checks that the run stops ("stopped: the file
# changed"), starts again at once and passes within a few seconds of the
# save; then a save while idle runs it again (the looping file: its timeouts
# name the solution's line).
#
#   bash tests/integration/watch.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: watch.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: watch.sh /path/to/dojo /path/to/source-root}
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-watch.XXXXXX") || exit 1
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
unset DOJO_PACK
mkdir -p "$DOJO_HOME/countdown"
file=$DOJO_HOME/countdown/countdown.lua
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cat >"$TMP/loops.lua" <<'LUA'
local countdown = {}
function countdown.create(n)
  while true do end
end
function countdown.generator(n) return function() return nil end end
return countdown
LUA
cp "$SRC/tests/fixtures/countdown/good.lua" "$TMP/good.lua"
cp "$TMP/loops.lua" "$file"

"$DOJO" watch countdown --timeout 2 >"$TMP/out" 2>&1 &
pid=$!

# wait_for PATTERN TENTHS: polls the output until a line matches.
wait_for() {
    local i
    for ((i = 0; i < $2; i++)); do
        grep -Eq -- "$1" "$TMP/out" && return 0
        sleep 0.1
    done
    return 1
}

wait_for "^$file\$" 50 || fail "watch: the first run did not start"
sleep 1
grep -q 'passed, [0-9]* failed' "$TMP/out" && fail "watch: the looping run ended within a second"
saved=$(date +%s.%N)
cp "$TMP/good.lua" "$file.tmp" && mv "$file.tmp" "$file"
wait_for '^  stopped: the file changed$' 30 || fail "watch: the run was not stopped by the save"
wait_for "changed: checking again" 30 || fail "watch: no restart after the save"
if wait_for '^16 passed, 0 failed$' 80; then
    secs=$(echo "$(date +%s.%N) - $saved" | bc)
    [ "$(echo "$secs < 6" | bc)" = 1 ] || fail "watch: the new run ended ${secs}s after the save"
else
    fail "watch: the saved solution did not pass within 8 s"
fi
grep -q 'Watching' "$TMP/out" || fail "watch: not watching after the run"

# A save while idle checks again; the looping file's timeouts name its line.
sleep 0.3
cp "$TMP/loops.lua" "$file.tmp" && mv "$file.tmp" "$file"
wait_for 'countdown.lua:3: your code ran past the time limit \(2 s\)' 80 ||
    fail "watch: a save while idle did not run the check again (or the timeout names no line)"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=

if [ $failures -gt 0 ]; then
    echo "--- watch output:" >&2
    cat "$TMP/out" >&2
    echo "watch.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "watch.sh: all checks passed"
