#!/usr/bin/env bash
# cli.sh: dojo's non-interactive commands, end to end: running Lua (-e, a
# pipe, a file), start, check (human and TAP, starter, right, wrong and
# broken solutions, the reference), hint, learn with stdout not a terminal,
# and the usage errors (exit status 2, one line on stderr naming the culprit).
#
#   bash tests/integration/cli.sh /path/to/dojo /path/to/source-root
#
# Hermetic: DOJO_HOME and XDG_STATE_HOME point into a temporary folder that
# the trap removes; the fixtures are tests/fixtures/limiter/*/limiter.lua.
set -u

DOJO=${1:?usage: cli.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: cli.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-cli.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

export DOJO_HOME=$TMP/home
export XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data
export NO_COLOR=1
unset DOJO_PACK COLUMNS
cd "$TMP" || exit 1

KATA=$SRC/katas/closures/limiter
FIX=$SRC/tests/fixtures/limiter
OUT=$TMP/out
ERR=$TMP/err

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run ARGS...: runs dojo with stdin from /dev/null; sets $rc, fills $OUT, $ERR.
run() {
    "$DOJO" "$@" </dev/null >"$OUT" 2>"$ERR"
    rc=$?
}

# show: the last command's actual stdout and stderr, after a failure.
show() {
    echo "  --- actual stdout:" >&2
    head -n 40 "$OUT" | sed 's/^/  | /' >&2
    echo "  --- actual stderr:" >&2
    head -n 20 "$ERR" | sed 's/^/  | /' >&2
}

# expect_rc WHAT WANT: the last command exited with WANT.
expect_rc() {
    if [ "$rc" != "$2" ]; then
        fail "$1: expected exit status $2, got $rc"
        show
        return 1
    fi
}

# expect_stdout WHAT WANT: the last command's stdout is exactly WANT.
expect_stdout() {
    local got
    got=$(cat "$OUT")
    if [ "$got" != "$2" ]; then
        fail "$1: expected stdout [$2], got [$got]"
        show
        return 1
    fi
}

# expect_grep WHAT FILE ERE: FILE has a line matching ERE.
expect_grep() {
    if ! grep -Eq -- "$3" "$2"; then
        fail "$1: expected a line matching /$3/ in $(basename "$2")"
        show
        return 1
    fi
}

# expect_one_line_error WHAT NEEDLE: exit status 2, nothing on stdout and
# exactly one line on stderr, containing NEEDLE (fixed string).
expect_one_line_error() {
    local what=$1 needle=$2 lines
    expect_rc "$what" 2
    lines=$(wc -l <"$ERR")
    if [ "$lines" -ne 1 ]; then
        fail "$what: expected exactly one line on stderr, got $lines"
        show
    fi
    if ! grep -qF -- "$needle" "$ERR"; then
        fail "$what: expected stderr to name '$needle'"
        show
    fi
    if [ -s "$OUT" ]; then
        fail "$what: expected nothing on stdout"
        show
    fi
}

# --- running Lua -------------------------------------------------------------

run -e '1+1'
expect_rc "dojo -e '1+1'" 0 && expect_stdout "dojo -e '1+1'" "2"

rc=0
printf '1+1\n' | "$DOJO" >"$OUT" 2>"$ERR" || rc=$?
expect_rc "printf '1+1\\n' | dojo" 0 && expect_stdout "printf '1+1\\n' | dojo" "2"

run -e '"a", nil, 3'
expect_rc "dojo -e '\"a\", nil, 3'" 0 &&
    expect_stdout "dojo -e '\"a\", nil, 3'" "$(printf '"a"\tnil\t3')"

run -e '{1, 2, x = {y = true}}'
expect_rc "dojo -e TABLE" 0 && expect_stdout "dojo -e TABLE" "{ 1, 2, x = { y = true } }"

cat >"$TMP/value.lua" <<'EOF'
local t = {}
for i = 1, 3 do t[i] = i * i end
return t, #t
EOF
run "$TMP/value.lua"
expect_rc "dojo FILE.lua" 0 && expect_stdout "dojo FILE.lua (returns {1, 4, 9}, 3)" "$(printf '{ 1, 4, 9 }\t3')"

cat >"$TMP/args.lua" <<'EOF'
return arg[0] ~= nil, arg[1], #arg
EOF
run "$TMP/args.lua" x
expect_rc "dojo FILE.lua x" 0 && expect_stdout "dojo FILE.lua x (arg)" "$(printf 'true\t"x"\t1')"

rc=0
printf 'function f()\nreturn 1\nend\nf()\n' | "$DOJO" >"$OUT" 2>"$ERR" || rc=$?
expect_rc "multi-line chunk on stdin" 0 && expect_stdout "multi-line chunk on stdin" "1"

run -e 'error("boom")'
expect_rc "dojo -e 'error(\"boom\")'" 1
if [ -s "$OUT" ]; then
    fail "dojo -e 'error(\"boom\")': expected nothing on stdout"
    show
fi
expect_grep "dojo -e 'error(\"boom\")' message on stderr" "$ERR" 'boom'

rc=0
printf '1+1\nerror("boom")\n2+2\n' | "$DOJO" >"$OUT" 2>"$ERR" || rc=$?
expect_rc "an error on stdin, then more" 1 &&
    expect_stdout "an error on stdin, then more (the lines around it still run)" "$(printf '2\n4')"
expect_grep "an error on stdin: message on stderr" "$ERR" 'boom'

rc=0
printf 'function f()\nreturn 1\n' | "$DOJO" >"$OUT" 2>"$ERR" || rc=$?
expect_rc "stdin ending inside a chunk" 1
expect_grep "stdin ending inside a chunk" "$ERR" 'unfinished'

run "$TMP/missing.lua"
expect_one_line_error "dojo MISSING.lua" "$TMP/missing.lua"

# --- start -------------------------------------------------------------------

WORK=$DOJO_HOME/limiter/limiter.lua
run start limiter
expect_rc "dojo start limiter" 0 && expect_stdout "dojo start limiter (prints the file to edit)" "$WORK"
if [ ! -f "$WORK" ]; then
    fail "dojo start limiter: expected $WORK to exist"
elif ! cmp -s "$WORK" "$KATA/starter.lua"; then
    fail "dojo start limiter: expected $WORK to equal $KATA/starter.lua"
    diff "$KATA/starter.lua" "$WORK" | head -n 10 >&2
fi

echo '-- my edit' >>"$WORK"
cp "$WORK" "$TMP/edited.lua"
run start limiter
expect_rc "second dojo start limiter" 0 && expect_stdout "second dojo start limiter" "$WORK"
if ! cmp -s "$WORK" "$TMP/edited.lua"; then
    fail "second dojo start limiter: expected the learner's file to be kept, it was replaced"
fi
cp "$KATA/starter.lua" "$WORK"

# --- check -------------------------------------------------------------------

# The number of tests in the spec: every it(...) line.
NTESTS=$(grep -cE '^[[:space:]]*it\(' "$KATA/spec.lua")
if [ "$NTESTS" -lt 8 ]; then
    fail "could not count the tests in $KATA/spec.lua (got $NTESTS)"
fi
CLOSING='^(# )?[0-9]+ passed, [0-9]+ failed$' # TAP's is a comment

# check_counts WHAT PASSED FAILED: the closing line says so, and the numbers
# add up to the spec's tests.
check_counts() {
    local line
    line=$(grep -E "$CLOSING" "$OUT" | tail -n 1 | sed 's/^# //')
    if [ -z "$line" ]; then
        fail "$1: expected a closing line matching /$CLOSING/"
        show
        return 1
    fi
    if [ -n "${2-}" ] && [ "$line" != "$2 passed, $3 failed" ]; then
        fail "$1: expected closing line '$2 passed, $3 failed', got '$line'"
        show
        return 1
    fi
    if [ "$(echo "$line" | awk '{ print $1 + $3 }')" -ne "$NTESTS" ]; then
        fail "closing line '$line': expected the counts to add up to the spec's $NTESTS tests"
    fi
}

# The starter: some tests fail, with a location and the expected value.
run check limiter --format human
expect_rc "dojo check limiter (starter)" 1
expect_grep "dojo check limiter (starter)" "$OUT" '^ *FAIL '
check_counts "dojo check limiter (starter)"
expect_grep "dojo check limiter (starter): a failure's location" "$OUT" '^ *at .*/spec\.lua:[0-9]+(:  .*)?$'
expect_grep "dojo check limiter (starter): expected vs actual" "$OUT" '^ *Expected'
expect_grep "dojo check limiter (starter): a failed test of the spec" "$OUT" \
    'FAIL +limiter timing sleeps for exactly the rest of the window on a call inside it$'
if [ -s "$ERR" ]; then
    fail "dojo check limiter (starter): expected nothing on stderr"
    show
fi
# The spec line given is the assertion that failed (spec.lua:47 today),
# with its text.
line=$(grep -nF 'assert.are.same({ 2 }, clock.sleeps)' "$KATA/spec.lua" | head -n 1 | cut -d: -f1)
expect_grep "dojo check limiter (starter): the failing assertion's line" "$OUT" \
    "^ *at .*/spec\\.lua:$line:  assert\\.are\\.same\\(\\{ 2 \\}, clock\\.sleeps\\)\$"

# A correct solution passes every test.
run check limiter --solution "$FIX/right/limiter.lua" --format human
expect_rc "dojo check limiter --solution right/limiter.lua" 0
check_counts "dojo check limiter --solution right/limiter.lua" "$NTESTS" 0
if grep -Eq '^ *(FAIL|ERROR) ' "$OUT"; then
    fail "dojo check limiter --solution right/limiter.lua: expected no FAIL or ERROR"
    show
fi
# Same, TAP by default when stdout is not a terminal.
run check limiter --solution "$FIX/right/limiter.lua"
expect_rc "dojo check limiter --solution right (default format)" 0
if [ "$(head -n 1 "$OUT")" != "TAP version 13" ]; then
    fail "dojo check with stdout not a terminal: expected TAP (first line 'TAP version 13'), got '$(head -n 1 "$OUT")'"
fi

# A solution with one last_called shared by every wrapped function: exactly
# the per-function-state tests fail.
run check limiter --solution "$FIX/wrong/limiter.lua" --format human
expect_rc "dojo check limiter --solution wrong/limiter.lua" 1
check_counts "dojo check limiter --solution wrong/limiter.lua" $((NTESTS - 3)) 3
for t in "keeps separate state for two functions wrapped by the same decorator" \
    "gives each wrapper its own state even around the same function" \
    "does not start a wrapper's window before its first call"; do
    expect_grep "wrong/limiter.lua: the test '$t' fails" "$OUT" "^ *FAIL +limiter state is per wrapped function $t\$"
done
expect_grep "wrong/limiter.lua: separate limiters still pass" "$OUT" \
    '^ *PASS +limiter state is per wrapped function keeps separate state for functions decorated by separate limiters$'

# A solution that does not compile: reported as a syntax error, with its line.
run check limiter --solution "$FIX/syntax/limiter.lua" --format human
expect_rc "dojo check limiter --solution syntax/limiter.lua" 1
expect_grep "syntax/limiter.lua: the report says syntax" "$OUT" 'syntax'
# (as the learner knows it: relative to the solution's folder)
expect_grep "syntax/limiter.lua: the report names the file and line" "$OUT" '^ *limiter\.lua:11: '
expect_grep "syntax/limiter.lua: closing line (nothing passed)" "$OUT" '^0 passed, [1-9][0-9]* failed$'

# The C reference passes its own spec.
run check limiter --reference --format human
expect_rc "dojo check limiter --reference" 0
check_counts "dojo check limiter --reference" "$NTESTS" 0

# --- TAP, and prove -------------------------------------------------------------

if ! command -v prove >/dev/null 2>&1; then
    fail "prove (perl) is not on PATH: cannot check that the TAP output is valid TAP"
else
    run check limiter --format tap
    expect_rc "dojo check limiter --format tap (starter)" 1
    cp "$OUT" "$TMP/starter.tap"
    if [ "$(head -n 1 "$TMP/starter.tap")" != "TAP version 13" ]; then
        fail "--format tap: expected the first line 'TAP version 13', got '$(head -n 1 "$TMP/starter.tap")'"
    fi
    if ! tail -n 1 "$TMP/starter.tap" | grep -Eq "$CLOSING"; then
        fail "--format tap: expected the last line to match /$CLOSING/, got '$(tail -n 1 "$TMP/starter.tap")'"
    fi
    if [ "$(sed -n 2p "$TMP/starter.tap")" != "1..$NTESTS" ]; then
        fail "--format tap: expected the plan '1..$NTESTS' on line 2, got '$(sed -n 2p "$TMP/starter.tap")'"
    fi
    nfail=$(tail -n 1 "$TMP/starter.tap" | sed 's/^# //' | awk '{ print $3 }')
    prove -e cat "$TMP/starter.tap" >"$TMP/prove.out" 2>&1
    prc=$?
    if [ $prc -eq 0 ] || ! grep -q "Failed $nfail/$NTESTS subtests" "$TMP/prove.out" ||
        grep -qi 'parse error' "$TMP/prove.out"; then
        fail "prove on the starter's TAP: expected 'Failed $nfail/$NTESTS subtests' and no parse errors (exit $prc)"
        sed 's/^/  | /' "$TMP/prove.out" >&2
    fi

    run check limiter --reference --format tap
    cp "$OUT" "$TMP/reference.tap"
    prove -e cat "$TMP/reference.tap" >"$TMP/prove.out" 2>&1
    prc=$?
    if [ $prc -ne 0 ] || ! grep -q "Tests=$NTESTS" "$TMP/prove.out" || ! grep -q 'Result: PASS' "$TMP/prove.out"; then
        fail "prove on the reference's TAP: expected 'Result: PASS' with Tests=$NTESTS (exit $prc)"
        sed 's/^/  | /' "$TMP/prove.out" >&2
    fi
    if ! tail -n 1 "$TMP/reference.tap" | grep -qx "# $NTESTS passed, 0 failed"; then
        fail "--reference --format tap: expected the last line '# $NTESTS passed, 0 failed', got '$(tail -n 1 "$TMP/reference.tap")'"
    fi
fi

# --- hint --------------------------------------------------------------------

for n in 1 2 3; do
    run hint limiter
    expect_rc "dojo hint limiter (#$n)" 0 && expect_grep "dojo hint limiter (#$n)" "$OUT" "^Hint $n of 3: "
done
run hint limiter
expect_rc "dojo hint limiter (#4)" 0 && expect_grep "dojo hint limiter (#4, after the last)" "$OUT" '^Hint 3 of 3: '

# --- usage errors: exit 2, one line on stderr naming the culprit ---------------

run check
expect_one_line_error "dojo check (no kata id)" "kata id"

run check nosuch
expect_one_line_error "dojo check nosuch" "nosuch"

run check limiter --solution /nonexistent.lua
expect_one_line_error "dojo check limiter --solution /nonexistent.lua" "/nonexistent.lua"

run learn nosuch
expect_one_line_error "dojo learn nosuch" "nosuch"

run check limiter --bogus
expect_one_line_error "dojo check limiter --bogus" "--bogus"

run --bogus
expect_one_line_error "dojo --bogus" "--bogus"

run check limiter --format xml
expect_one_line_error "dojo check limiter --format xml" "xml"

run start
expect_one_line_error "dojo start (no kata id)" "kata id"

run hint nosuch
expect_one_line_error "dojo hint nosuch" "nosuch"

# Malformed kata.lua in a private pack: the message names kata.lua and a line.
PACK=$TMP/pack
mkdir -p "$PACK/katas/closures" "$PACK/lessons"
cp -R "$KATA" "$PACK/katas/closures/"
cp "$SRC"/lessons/*.md "$PACK/lessons/"
MANIFEST=$PACK/katas/closures/limiter/kata.lua

# broken_manifest WHAT FIELD SED: applies SED to a fresh kata.lua, then
# `dojo check limiter` must fail with one line naming kata.lua:LINE (and
# FIELD, when given).
broken_manifest() {
    local what=$1 field=$2 script=$3
    cp "$KATA/kata.lua" "$MANIFEST"
    sed -i "$script" "$MANIFEST"
    if cmp -s "$KATA/kata.lua" "$MANIFEST"; then
        fail "kata.lua ($what): the test's sed did not change the file"
        return
    fi
    DOJO_PACK=$PACK "$DOJO" check limiter --solution "$FIX/right/limiter.lua" </dev/null >"$OUT" 2>"$ERR"
    rc=$?
    expect_one_line_error "kata.lua ($what)" "$MANIFEST"
    expect_grep "kata.lua ($what): the message has kata.lua:LINE" "$ERR" 'kata\.lua:[0-9]+'
    if [ -n "$field" ]; then
        expect_grep "kata.lua ($what): the message names the field" "$ERR" "$field"
    fi
}
broken_manifest "syntax error" "" 's/difficulty = 2,/difficulty = 2,,/'
broken_manifest "no title" "title" '/^  title = /d'
broken_manifest "difficulty a string" "difficulty" 's/difficulty = 2,/difficulty = "hard",/'
broken_manifest "hints not a table" "hints" '/^  hints = {/,/^  },/c\  hints = "read the README",'
broken_manifest "runtime error" "" '1i local broken = nil .. "x"'

# With the manifest intact the private pack works (so the failures above come
# from the breakage, not from the copy).
cp "$KATA/kata.lua" "$MANIFEST"
DOJO_PACK=$PACK "$DOJO" check limiter --solution "$FIX/right/limiter.lua" --format human </dev/null >"$OUT" 2>"$ERR"
rc=$?
expect_rc "DOJO_PACK with an intact copy of the kata" 0

# --- learn with stdout not a terminal -------------------------------------------

# No NO_COLOR here: being piped alone must turn colour off.
rc=0
env -u NO_COLOR TERM=xterm-256color "$DOJO" learn closures </dev/null 2>"$ERR" | head -n 40 >"$OUT"
rc=${PIPESTATUS[0]}
if grep -q $'\x1b' "$OUT"; then
    fail "dojo learn closures | head: expected no ESC byte when stdout is not a terminal"
    grep -n $'\x1b' "$OUT" | head -n 3 | od -c | head -n 5 >&2
fi
title=$(sed -n 's/^# //p' "$SRC/lessons/01-closures.md" | head -n 1)
if ! grep -qF -- "$title" "$OUT"; then
    fail "dojo learn closures | head: expected the lesson title '$title'"
    show
fi
if grep -q '^# ' "$OUT"; then
    fail "dojo learn closures: expected the markdown heading to be rendered, not printed raw"
    show
fi
# The whole lesson, piped: no escapes anywhere, and the command does not wait
# for a REPL (stdin is not a terminal).
env -u NO_COLOR TERM=xterm-256color "$DOJO" learn closures </dev/null >"$OUT" 2>"$ERR"
rc=$?
expect_rc "dojo learn closures >FILE" 0
if grep -q $'\x1b' "$OUT"; then
    fail "dojo learn closures >FILE: expected no ESC byte when stdout is not a terminal"
fi

if [ $failures -gt 0 ]; then
    echo "cli.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "cli.sh: all checks passed"
