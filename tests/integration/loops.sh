#!/usr/bin/env bash
# loops.sh: feedback when a solution loops (issue 9, sections 3 and 5).
#  1. `dojo check countdown` on a `create` that loops forever (16 tests, the
#     kata's 5 s limit): the human report streams (the first verdict is out
#     while the run goes on), no escape bytes when not a terminal, the first
#     two tests name the solution's line ("countdown.lua:4: your code ran past
#     the time limit (5 s)"), the rest are reported as timeouts not run (the
#     reason said once), and the whole check ends well under 15 s.
#  2. A 9-test spec whose solution spins inside C functions at one line
#     (string.rep), --timeout 1: every test a timeout naming the line and the
#     C function, the rest cut by the repeated-timeout rule, in a few seconds.
#  3. Nine different spins (C functions, nested coroutines, a comparator),
#     --timeout 1: every test a timeout, the spec file's own limit (5 s by
#     default for a 1 s test limit) ends the run.
#  4. On a terminal (script(1)) with NO_COLOR: a status line names the test
#     running, and no escape byte is written.
#  5. A kata manifest's file_timeout ends the file in time; a bad
#     --file-timeout is a one-line usage error (exit 2).
# Wall-time bounds are loose (sanitizer builds run this too); verdict kinds
# and messages are checked strictly, and no test may pass.
#
#   bash tests/integration/loops.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: loops.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-loops.XXXXXX") || exit 1
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
unset DOJO_PACK
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
lt() { [ "$(echo "$1 < $2" | bc)" = 1 ]; }

# --- 1. countdown, looping forever in create --------------------------------
mkdir -p "$DOJO_HOME/countdown"
cat >"$DOJO_HOME/countdown/countdown.lua" <<'LUA'
local countdown = {}
function countdown.create(n)
  local i = 0
  while true do i = i + 1 end
end
function countdown.generator(n) return function() return nil end end
return countdown
LUA
out=$TMP/check.out
start=$(now)
"$DOJO" check countdown --format human >"$out" 2>&1 &
pid=$!
# Streaming: the first test's verdict is out while the run goes on.
streamed=0
for ((i = 0; i < 90; i++)); do
    if grep -q '^  ERROR countdown create' "$out"; then
        kill -0 "$pid" 2>/dev/null && streamed=1
        break
    fi
    sleep 0.1
done
[ $streamed = 1 ] || fail "check: the first verdict was not shown while the run went on"
wait "$pid"
rc=$?
pid=
secs=$(since "$start")
echo "countdown, create loops forever, 5 s per test: ${secs}s"
[ $rc = 1 ] || fail "check: exit status $rc, wanted 1"
lt "$secs" 14 || fail "check: took ${secs}s, wanted well under 15 s"
grep -q $'\033' "$out" && fail "check: escape bytes in a report that is not on a terminal"
grep -q $'\r' "$out" && fail "check: carriage returns (a status line) in a report that is not on a terminal"
grep -q '^  PASS' "$out" && fail "check: a test passed"
[ "$(grep -c '^  ERROR .*\[timeout\]$' "$out")" = 16 ] ||
    fail "check: wanted 16 timeouts, got $(grep -c '^  ERROR .*\[timeout\]$' "$out")"
[ "$(grep -c '^        countdown.lua:4: your code ran past the time limit (5 s)$' "$out")" = 2 ] ||
    fail "check: wanted the first two tests to say 'countdown.lua:4: your code ran past the time limit (5 s)'"
# The human report says why the other 14 were not run once, then lists them.
[ "$(grep -c '^        not run: two tests in a row before it timed out at countdown.lua:4$' "$out")" = 1 ] ||
    fail "check: wanted the reason the other 14 tests were not run, once, naming countdown.lua:4"
grep -q 'luassert' "$out" && fail "check: a timeout names luassert's code, not the solution's"
tail -n 3 "$out" | grep -q '^0 passed, 16 failed$' || fail "check: wanted the closing line '0 passed, 16 failed'"
[ $failures = 0 ] || { echo "--- check output:" >&2; cat "$out" >&2; }

# --- 2. nine tests, one C spin ----------------------------------------------
mkdir -p "$TMP/spin1"
cat >"$TMP/spin1/spin.lua" <<'LUA'
return function(n)
  return #string.rep("", 1 << 50) + n
end
LUA
{
    echo 'local spin = require("spin")'
    echo 'describe("spins in C", function()'
    for i in 1 2 3 4 5 6 7 8 9; do
        echo "  it(\"test $i\", function() assert.are.equal($i, spin($i)) end)"
    done
    echo 'end)'
} >"$TMP/spin1/spin_spec.lua"
start=$(now)
"$DOJO" grade "$TMP/spin1" --format tap --timeout 1 >"$TMP/spin1.tap" 2>&1
rc=$?
secs=$(since "$start")
echo "9 tests spinning in string.rep, --timeout 1: ${secs}s"
[ $rc = 1 ] || fail "spin1: exit status $rc, wanted 1"
lt "$secs" 8 || fail "spin1: took ${secs}s, wanted a few seconds"
grep -qE '^ok ' "$TMP/spin1.tap" && fail "spin1: a test passed"
[ "$(grep -c '^  kind: timeout$' "$TMP/spin1.tap")" = 9 ] || fail "spin1: wanted 9 timeouts"
[ "$(grep -c "^    spin.lua:2: your code ran past the time limit (1 s), stuck inside the C function 'rep'\$" "$TMP/spin1.tap")" = 2 ] ||
    fail "spin1: wanted two timeouts naming spin.lua:2 and string.rep"
[ "$(grep -c '^    not run: two tests in a row before it timed out at spin.lua:2$' "$TMP/spin1.tap")" = 7 ] ||
    fail "spin1: wanted the other 7 tests not run"
[ $failures = 0 ] || { echo "--- spin1 report:" >&2; cat "$TMP/spin1.tap" >&2; }

# --- 3. nine different spins -------------------------------------------------
mkdir -p "$TMP/spin9"
cat >"$TMP/spin9/spins.lua" <<'LUA'
local M = {}
local s = string.rep("a", 300)
local p = ".-.-.-.-.-.-.-.-.-b"
function M.rep() return #string.rep("", 1 << 50) end
function M.rep_sep() return #string.rep("", 1 << 50, "") end
function M.move() return #table.move({}, 1, 1 << 50, 2) end
function M.find() return s:find(p) end
function M.gsub() return (s:gsub(p, "x")) end
function M.match() return s:match(p) end
function M.gmatch() for w in s:gmatch(p) do return w end end
function M.nested()
  while true do
    local co = coroutine.create(function()
      pcall(coroutine.wrap(function() while true do end end))
    end)
    coroutine.resume(co)
  end
end
function M.sort()
  local t = {}
  for i = 1, 50 do t[i] = i end
  table.sort(t, function() while true do end end)
end
return M
LUA
{
    echo 'local spins = require("spins")'
    echo 'describe("nine spins", function()'
    for f in rep rep_sep move find gsub match gmatch nested sort; do
        echo "  it(\"$f\", function() assert.are.equal(1, spins.$f()) end)"
    done
    echo 'end)'
} >"$TMP/spin9/spins_spec.lua"
start=$(now)
"$DOJO" grade "$TMP/spin9" --format tap --timeout 1 >"$TMP/spin9.tap" 2>&1
rc=$?
secs=$(since "$start")
echo "9 different spins, --timeout 1: ${secs}s"
[ $rc = 1 ] || fail "spin9: exit status $rc, wanted 1"
lt "$secs" 10 || fail "spin9: took ${secs}s, wanted the spec file's limit (5 s) to end it"
grep -qE '^ok ' "$TMP/spin9.tap" && fail "spin9: a test passed"
[ "$(grep -c '^  kind: timeout$' "$TMP/spin9.tap")" = 9 ] || fail "spin9: wanted 9 timeouts"
grep -q "^    spins.lua:4: your code ran past the time limit (1 s), stuck inside the C function 'rep'\$" "$TMP/spin9.tap" ||
    fail "spin9: the first test should name spins.lua:4 and string.rep"
grep -q "^    spins.lua:6: your code ran past the time limit (1 s), stuck inside the C function 'move'\$" "$TMP/spin9.tap" ||
    fail "spin9: the third test should name spins.lua:6 and table.move"
grep -qE "^    (spins.lua:[0-9]+: your code ran past the spec file's time limit \(5 s\)|not run: the spec file's time limit \(5 s\) was used up)" "$TMP/spin9.tap" ||
    fail "spin9: wanted the spec file's limit to end the run"
[ "$(grep -c '^    not run: the spec file' "$TMP/spin9.tap")" -ge 1 ] || fail "spin9: wanted tests not run after the file's limit"
[ $failures = 0 ] || { echo "--- spin9 report:" >&2; cat "$TMP/spin9.tap" >&2; }

# --- 4. on a terminal: a status line while a test runs, no escape bytes with NO_COLOR
if command -v script >/dev/null 2>&1; then
    NO_COLOR=1 script -qec "'$DOJO' check countdown --timeout 0.5" /dev/null >"$TMP/tty.out" 2>&1
    grep -q 'done, [0-9.]* s in: countdown create' "$TMP/tty.out" ||
        fail "tty: no status line naming the running test"
    grep -q $'\033' "$TMP/tty.out" && fail "tty: escape bytes with NO_COLOR set"
    grep -q '^0 passed, 16 failed' "$TMP/tty.out" || fail "tty: no closing line"
    [ $failures = 0 ] || { echo "--- tty output:" >&2; cat -A "$TMP/tty.out" | tail -20 >&2; }
else
    fail "script(1) (bsdutils) is not on PATH; the terminal check needs it"
fi

# --- 5. the spec file's limit from a kata manifest, and a bad flag ----------
kata=$TMP/kata/spinner
mkdir -p "$kata"
cat >"$kata/kata.lua" <<'LUA'
return {
  title = "Spinner", concept = "generators", difficulty = 1, module = "spinner",
  summary = "Loops, for the grader's deadlines.", timeout = 5, file_timeout = 1,
  hints = { "one", "two", "three" },
}
LUA
cat >"$kata/spinner.lua" <<'LUA'
local M = {}
function M.a() while true do end end
function M.b() while true do end end
return M
LUA
cat >"$kata/spec.lua" <<'LUA'
local spinner = require("spinner")
it("a", function() spinner.a() end)
it("b", function() spinner.b() end)
it("c", function() spinner.a() end)
LUA
start=$(now)
"$DOJO" grade "$kata" --format tap >"$TMP/kata.tap" 2>&1
rc=$?
secs=$(since "$start")
[ $rc = 1 ] || fail "manifest: exit status $rc, wanted 1"
lt "$secs" 5 || fail "manifest: took ${secs}s; file_timeout = 1 should end it in about 1 s"
grep -q "^    spinner.lua:2: your code ran past the spec file's time limit (1 s)\$" "$TMP/kata.tap" ||
    fail "manifest: the first test should run past the file's limit of 1 s"
[ "$(grep -c "^    not run: the spec file's time limit (1 s) was used up\$" "$TMP/kata.tap")" = 2 ] ||
    fail "manifest: the other two tests should be reported not run"
[ $failures = 0 ] || { echo "--- manifest report:" >&2; cat "$TMP/kata.tap" >&2; }
"$DOJO" grade "$kata" --file-timeout soon >/dev/null 2>"$TMP/flag.err"
rc=$?
[ $rc = 2 ] || fail "--file-timeout soon: exit status $rc, wanted 2"
[ "$(wc -l <"$TMP/flag.err")" = 1 ] && grep -q -- "--file-timeout takes a number of seconds" "$TMP/flag.err" ||
    fail "--file-timeout soon: wanted one line naming the flag, got: $(cat "$TMP/flag.err")"

if [ $failures -gt 0 ]; then
    echo "loops.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "loops.sh: all checks passed"
