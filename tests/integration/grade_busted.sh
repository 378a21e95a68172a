#!/usr/bin/env bash
# grade_busted.sh: `dojo grade` on folders in the busted layout of Exercism's
# Lua track (NAME.lua beside NAME_spec.lua, `require('NAME')`), checked
# against the verdicts of the real busted on the same folders.
#
#   bash tests/integration/grade_busted.sh /path/to/dojo /path/to/source-root
#
# Fixtures: tests/fixtures/busted/twofer (all pass, one pending) and
# tests/fixtures/busted/mixed (3 pass, 2 fail, 1 error, 1 pending), and
# tests/fixtures/busted/verdicts_output.lua, a busted output handler that
# prints "VERDICT<TAB>NAME" per test. busted must be installed (Debian:
# lua-busted); without it the test fails, it does not skip.
set -u

DOJO=${1:?usage: grade_busted.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: grade_busted.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-grade-busted.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

export DOJO_HOME=$TMP/home
export XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data
export NO_COLOR=1
unset DOJO_PACK COLUMNS
cd "$TMP" || exit 1

FIX=$SRC/tests/fixtures/busted
OUT=$TMP/out
ERR=$TMP/err

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The verdicts busted 2.1.1 gives, one "VERDICT<TAB>FULL NAME" line per test
# in spec order (recorded with tests/fixtures/busted/verdicts_output.lua, and
# checked again below against the busted installed here).
EXPECTED_TWOFER=$(printf '%s\n' \
    $'pass\ttwofer gives one to you when no name is given' \
    $'pass\ttwofer gives one to you for an empty name' \
    $'pass\ttwofer with a name gives one to Alice' \
    $'pass\ttwofer with a name gives one to Bob' \
    $'pending\ttwofer gives one to each of several names')
EXPECTED_MIXED=$(printf '%s\n' \
    $'pass\tmixed add adds two numbers' \
    $'pass\tmixed add adds negative numbers' \
    $'pass\tmixed clamp raises a number below the range' \
    $'fail\tmixed clamp lowers a number above the range' \
    $'fail\tmixed mean averages a list' \
    $'error\tmixed mean is nil for an empty list' \
    $'pending\tmixed rounds to a given precision')

# compare WHAT EXPECTED ACTUAL: prints both and a diff when they differ.
compare() {
    if [ "$2" != "$3" ]; then
        fail "$1 differ"
        echo "  --- expected:" >&2
        printf '%s\n' "$2" | sed 's/^/  | /' >&2
        echo "  --- actual:" >&2
        printf '%s\n' "$3" | sed 's/^/  | /' >&2
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/  /' >&2
        return 1
    fi
}

# tap_verdicts: reads dojo's TAP on stdin and prints "VERDICT<TAB>NAME" per
# test: "ok N - NAME # SKIP ..." is pending, "ok" pass, and "not ok" is fail
# or error after the "severity:" line of its YAML block.
tap_verdicts() {
    awk '
        function flush() { if (name != "") print verdict "\t" name; name = "" }
        /^(not )?ok [0-9]+ - / {
            flush()
            ok = ($1 == "ok")
            name = $0
            sub(/^(not )?ok [0-9]+ - /, "", name)
            if (ok && name ~ / # SKIP/) { sub(/ # SKIP.*$/, "", name); verdict = "pending" }
            else verdict = ok ? "pass" : "fail"
            next
        }
        /^  severity: error$/ { verdict = "error" }
        END { flush() }'
}

# --- the real busted agrees with the expected data ---------------------------

if ! command -v busted >/dev/null 2>&1; then
    fail "busted is not on PATH: this test compares dojo grade with the real busted (install lua-busted)"
    echo "grade_busted.sh: $failures check(s) failed" >&2
    exit 1
fi

# busted_verdicts DIR: busted's per-test verdicts for the spec files in DIR.
busted_verdicts() {
    (cd "$1" && busted --lua=lua5.4 -o "$FIX/verdicts_output.lua" . 2>"$TMP/busted.err") ||
        [ $? -eq 1 ] # busted exits 1 when a test fails or errors
}

for name in twofer mixed; do
    if [ $name = twofer ]; then want=$EXPECTED_TWOFER; else want=$EXPECTED_MIXED; fi
    got=$(busted_verdicts "$FIX/$name")
    if [ -z "$got" ]; then
        fail "busted on $FIX/$name printed no verdicts"
        sed 's/^/  | /' "$TMP/busted.err" >&2
    else
        compare "busted's verdicts on $name and the expected data" "$want" "$got"
    fi
done
(cd "$FIX/twofer" && busted --lua=lua5.4 . >/dev/null 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "busted on twofer: expected exit status 0, got $rc"
(cd "$FIX/mixed" && busted --lua=lua5.4 . >/dev/null 2>&1)
rc=$?
[ $rc -ne 0 ] || fail "busted on mixed: expected a non-zero exit status, got 0"

# --- dojo grade on the twofer folder: all pass, one pending ---------------------

"$DOJO" grade "$FIX/twofer" --format tap </dev/null >"$OUT" 2>"$ERR"
rc=$?
if [ $rc -ne 0 ]; then
    fail "dojo grade twofer: expected exit status 0, got $rc"
    sed 's/^/  | /' "$OUT" "$ERR" >&2
fi
compare "dojo grade twofer: the verdicts (expected: busted's; actual: dojo's)" \
    "$EXPECTED_TWOFER" "$(tap_verdicts <"$OUT")"
closing=$(tail -n 1 "$OUT" | sed 's/^# //') # TAP's closing line is a comment
[ "$closing" = "4 passed, 0 failed, 1 skipped" ] ||
    fail "dojo grade twofer: expected the closing line '4 passed, 0 failed, 1 skipped', got '$closing'"
[ "$(head -n 2 "$OUT" | tr '\n' ' ')" = "TAP version 13 1..5 " ] ||
    fail "dojo grade twofer: expected 'TAP version 13' and the plan '1..5' first, got '$(head -n 2 "$OUT" | tr '\n' ' ')'"

# The default (human) report for a person, from another working directory.
(cd / && "$DOJO" grade "$FIX/twofer" --format human </dev/null >"$OUT" 2>"$ERR")
rc=$?
[ $rc -eq 0 ] || fail "dojo grade twofer --format human (from /): expected exit status 0, got $rc"
grep -q '^  SKIP  twofer gives one to each of several names$' "$OUT" ||
    { fail "dojo grade twofer --format human: expected a SKIP line for the pending test"; sed 's/^/  | /' "$OUT" >&2; }

# --- dojo grade on the mixed folder: exactly busted's verdicts ------------------

"$DOJO" grade "$FIX/mixed" --format tap </dev/null >"$OUT" 2>"$ERR"
rc=$?
if [ $rc -ne 1 ]; then
    fail "dojo grade mixed --format tap: expected exit status 1, got $rc"
    sed 's/^/  | /' "$OUT" "$ERR" >&2
fi
compare "dojo grade mixed: the verdicts (expected: busted's; actual: dojo's)" \
    "$EXPECTED_MIXED" "$(tap_verdicts <"$OUT")"

# The TAP test lines themselves, exactly.
expected_lines=$(printf '%s\n' \
    'ok 1 - mixed add adds two numbers' \
    'ok 2 - mixed add adds negative numbers' \
    'ok 3 - mixed clamp raises a number below the range' \
    'not ok 4 - mixed clamp lowers a number above the range' \
    'not ok 5 - mixed mean averages a list' \
    'not ok 6 - mixed mean is nil for an empty list' \
    'ok 7 - mixed rounds to a given precision # SKIP pending')
compare "dojo grade mixed: the TAP test lines" "$expected_lines" \
    "$(grep -E '^(not )?ok [0-9]+ ' "$OUT")"
[ "$(sed -n 2p "$OUT")" = "1..7" ] ||
    fail "dojo grade mixed: expected the plan '1..7' on line 2, got '$(sed -n 2p "$OUT")'"
closing=$(tail -n 1 "$OUT" | sed 's/^# //') # TAP's closing line is a comment
[ "$closing" = "3 passed, 3 failed, 1 skipped" ] ||
    fail "dojo grade mixed: expected the closing line '3 passed, 3 failed, 1 skipped', got '$closing'"

# The failures point at the assertion's line, and the error at the module's.
spec=$FIX/mixed/mixed_spec.lua
line_of() { grep -nF -- "$1" "$spec" | head -n 1 | cut -d: -f1; }
for want in "at: \"$spec:$(line_of 'mixed.clamp(15, 0, 10)')\"" \
    "at: \"$spec:$(line_of 'mixed.mean({ 1, 2, 4 })')\"" \
    "mixed.lua:$(grep -nF 'error("mean of an empty list")' "$FIX/mixed/mixed.lua" | cut -d: -f1): mean of an empty list"; do
    grep -qF -- "$want" "$OUT" ||
        { fail "dojo grade mixed: expected '$want' in the TAP diagnostics"; sed 's/^/  | /' "$OUT" >&2; }
done

if command -v prove >/dev/null 2>&1; then
    prove -e cat "$OUT" >"$TMP/prove.out" 2>&1
    if ! grep -q 'Failed 3/7 subtests' "$TMP/prove.out" || grep -qi 'parse error' "$TMP/prove.out"; then
        fail "prove on dojo grade mixed's TAP: expected 'Failed 3/7 subtests' and no parse errors"
        sed 's/^/  | /' "$TMP/prove.out" >&2
    fi
fi

# Both folders at once: one report, the counts added up, exit 1.
"$DOJO" grade "$FIX/twofer" "$FIX/mixed" --format tap </dev/null >"$OUT" 2>"$ERR"
rc=$?
[ $rc -eq 1 ] || fail "dojo grade twofer mixed: expected exit status 1, got $rc"
# Several runs in one report: each test name starts with its spec file.
grep -qE "^not ok [0-9]+ - $FIX/mixed/mixed_spec.lua: mixed " "$OUT" ||
    fail "dojo grade twofer mixed: test names do not say which spec they come from"
compare "dojo grade twofer mixed: the verdicts" \
    "$(printf '%s\n%s\n' "$EXPECTED_TWOFER" "$EXPECTED_MIXED")" \
    "$(tap_verdicts <"$OUT" | sed "s#	$FIX/[a-z]*/[a-z_]*\.lua: #	#")"
closing=$(tail -n 1 "$OUT" | sed 's/^# //') # TAP's closing line is a comment
[ "$closing" = "7 passed, 3 failed, 2 skipped" ] ||
    fail "dojo grade twofer mixed: expected the closing line '7 passed, 3 failed, 2 skipped', got '$closing'"

# Grading records no progress.
if [ -e "$XDG_DATA_HOME/dojo/progress.db" ]; then
    fail "dojo grade: expected no progress database to be opened, found $XDG_DATA_HOME/dojo/progress.db"
fi

if [ $failures -gt 0 ]; then
    echo "grade_busted.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "grade_busted.sh: all checks passed"
