#!/usr/bin/env bash
# report_bounds.sh: a class report stays small however hostile the class.
# Five flooding submissions of a small fixture kata (print in a loop, a 15 MiB
# error message, a 15 MiB returned string, error objects with metamethods,
# control bytes and a long error at once) graded as one class: every format
# is under 512 KB, says what it cut in the learner's words, and no test of
# theirs passes. CLASS=N (a multiple of 5) grades N flooding submissions and
# prints the largest report size, for the closing note's measurement (each
# student's --per-student report and the --html page are held to it too);
# KATA=limiter grades against the limiter kata's 27 tests instead.
#
#   bash tests/integration/report_bounds.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: report_bounds.sh DOJO SRC}
SRC=${2:?usage: report_bounds.sh DOJO SRC}
N=${CLASS:-5}
KATA_GIVEN=${KATA-}
KATA=${KATA:-$SRC/tests/fixtures/bounds/adder}
LIMIT=${LIMIT:-524288}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-bounds.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
unset DOJO_PACK
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

CLASS_DIR=$TMP/class
flood() { # flood DIR KIND
    mkdir -p "$1"
    case $2 in
    print) cat >"$1/$MOD.lua" <<'LUA'
return function() while true do print(("spam"):rep(100)) end end
LUA
    ;;
    error) cat >"$1/$MOD.lua" <<'LUA'
return function() error(("E"):rep(15 << 20)) end
LUA
    ;;
    value) cat >"$1/$MOD.lua" <<'LUA'
local big = ("R"):rep(15 << 20)
return function() return big end
LUA
    ;;
    meta) cat >"$1/$MOD.lua" <<'LUA'
local mt = {}
mt.__tostring = function() return ("T"):rep(15 << 20) end
mt.__index = function() return ("I"):rep(1 << 20) end
mt.__concat = function() return ("C"):rep(15 << 20) end
mt.__len = function() return 1e9 end
mt.__eq = function() return true end
return function() error(setmetatable({}, mt)) end
LUA
    ;;
    control) cat >"$1/$MOD.lua" <<'LUA'
return function()
  for i = 1, 1000 do print(("\1\2\27[31m\255"):rep(100)) end
  error(("\0\1\2\3"):rep(4 << 20))
end
LUA
    ;;
    esac
}
MOD=$([ -f "$KATA/kata.lua" ] && sed -n 's/^ *module = "\(.*\)",/\1/p' "$KATA/kata.lua")
MOD=${MOD:-${KATA##*/}}
kinds=(print error value meta control)
for ((i = 0; i < N; i++)); do
    flood "$CLASS_DIR/s$(printf %02d "$i")" "${kinds[$((i % 5))]}"
done

largest=0
for fmt in tap junit json gradescope human; do
    out=$TMP/class.$fmt
    "$DOJO" grade --kata "$KATA" "$CLASS_DIR" --jobs 2 --timeout 5 --format $fmt \
        --output "$out" --per-student "$TMP/students.$fmt" --html "$out.html" </dev/null 2>"$TMP/err.$fmt"
    rc=$?
    # each student's own report, and the instructor's page, are bounded too
    for f in $(find "$TMP/students.$fmt" -type f) "$out.html"; do
        s=$(stat -c %s "$f" 2>/dev/null || echo 0)
        [ "$s" -gt 0 ] || fail "$fmt: ${f#$TMP/} is empty or missing"
        [ "$s" -lt "$LIMIT" ] || fail "$fmt: ${f#$TMP/} is $s bytes, over $LIMIT"
        [ "$s" -gt "$largest" ] && largest=$s
    done
    [ "$(find "$TMP/students.$fmt" -type f | wc -l)" = "$N" ] || fail "$fmt: not one report per student"
    [ $rc = 1 ] || fail "$fmt: exit status $rc, wanted 1 ($(head -c 500 "$TMP/err.$fmt"))"
    size=$(stat -c %s "$out" 2>/dev/null || echo 0)
    [ "$size" -gt 0 ] || fail "$fmt: no report"
    [ "$size" -lt "$LIMIT" ] || fail "$fmt: the report is $size bytes, over $LIMIT"
    [ "$size" -gt "$largest" ] && largest=$size
    echo "$fmt: $size bytes"
done
grep -qE '^ok [0-9]+' "$TMP/class.tap" && [ "$KATA" != limiter ] &&
    fail "tap: a flooding submission passed a test"
grep -qE 'the error message was 157286[0-9]{2} bytes; the first' "$TMP/class.tap" ||
    fail "tap: no note saying how much of the 15 MiB error message was cut"
# (the limiter kata's spec never compares the flooded value: no note there)
[ -n "${KATA_GIVEN-}" ] || grep -q 'the value printed as [0-9]* bytes; the first' "$TMP/class.tap" ||
    fail "tap: no note saying how much of the 15 MiB value was cut"
grep -q 'your code printed [0-9]* bytes; the first' "$TMP/class.tap" ||
    fail "tap: no note saying how much output was cut"
xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" "$TMP/class.junit" || fail "junit: xmllint rejects the report"
python3 -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' \
    "$TMP/class.json" "$TMP/class.gradescope" || fail "json: a report does not parse"
echo "largest report from a flooding class of $N: $largest bytes"
[ $failures = 0 ] || { echo "$failures report-bound checks failed"; exit 1; }
