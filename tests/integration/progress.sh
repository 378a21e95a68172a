#!/usr/bin/env bash
# progress.sh: the progress store as the commands use it, end to end:
# `dojo progress` (terminal, --format json, --html) moving as a learner
# reads, checks and quizzes; a passed kata staying passed after a failing
# check; the old text store migrated on first run; DOJO_DB pointing at a
# folder, a read-only file, a file that is not a database (one line each,
# dojo carries on, the file unchanged); usage errors.
#
#   bash tests/integration/progress.sh /path/to/dojo /path/to/source-root
#
# Hermetic: DOJO_HOME, XDG_STATE_HOME and XDG_DATA_HOME point into a
# temporary folder that the trap removes.
set -u

DOJO=${1:?usage: progress.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: progress.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-progress.XXXXXX") || exit 1
trap 'chmod -R u+w "$TMP"; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
unset DOJO_PACK DOJO_DB DOJO_NOW COLUMNS
cd "$TMP" || exit 1
OUT=$TMP/out
ERR=$TMP/err
FIX=$SRC/tests/fixtures/limiter

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

run() {
    "$DOJO" "$@" </dev/null >"$OUT" 2>"$ERR"
    rc=$?
}

expect_grep() {
    if ! grep -Eq -- "$3" "$2"; then
        fail "$1: expected a line matching /$3/ in:"
        sed 's/^/    /' "$2" >&2
    fi
}

# json EXPR: evaluates a Python expression over the JSON in $OUT as `d`.
json() {
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"
}

# --- a new learner -------------------------------------------------------------
run progress
[ $rc -eq 0 ] || fail "progress, new learner: exit status $rc"
expect_grep "new learner: every concept" "$OUT" '^closures +no +\.{10} +0/3 '
expect_grep "new learner: next step" "$OUT" '^Next: dojo learn closures +\(the closures lesson is not read yet\)$'

# --- reading, starting, passing ----------------------------------------------
run learn closures
run progress
expect_grep "after learn: lesson read" "$OUT" '^closures +read '
expect_grep "after learn: next is the first kata" "$OUT" '^Next: dojo start counter '
run start limiter
run check limiter --solution "$FIX/right/limiter.lua"
[ $rc -eq 0 ] || fail "check right solution: exit status $rc"
run check limiter --solution "$FIX/wrong/limiter.lua"
[ $rc -eq 1 ] || fail "check wrong solution: exit status $rc"
run katas
expect_grep "a failing check after a pass: still passed" "$OUT" '^  passed +limiter '
run progress --format json
[ $rc -eq 0 ] || fail "progress --format json: exit status $rc"
[ "$(json 'd["concepts"][0]["concept"], d["concepts"][0]["lesson_read"], d["concepts"][0]["katas_passed"], d["concepts"][0]["katas_total"]')" = "('closures', True, 1, 3)" ] ||
    fail "json: closures row: $(json 'd["concepts"][0]')"
[ "$(json 'sum(d["daily"]["attempts"])')" = 2 ] || fail "json: two attempts today, got $(json 'd["daily"]["attempts"]')"
[ "$(json 'd["next"]["command"]')" = "dojo start counter" ] || fail "json: next step $(json 'd["next"]')"

# --- quiz reviews feed retention -----------------------------------------------
printf '15 11\n1 1\n' | "$DOJO" quiz closures >/dev/null 2>&1
run progress --format json
[ "$(json '(d["concepts"][0]["recent_reviews"], d["concepts"][0]["recent_good"], d["concepts"][0]["retention"])')" = "(2, 1, 0.5)" ] ||
    fail "json: retention after one right, one wrong: $(json 'd["concepts"][0]')"
[ "$(json 'sum(d["daily"]["reviews"])')" = 2 ] || fail "json: two reviews today"
run progress
expect_grep "terminal: retention bar" "$OUT" '^closures +read +###\.{7} +1/3 +#####\.{5} +50% \(2\) +0 due, 8 new$'

# --- the REPL greeting says what is next (tmux-free: a pty via script) --------
if command -v script >/dev/null; then
    printf '\004' | script -qec "$DOJO" /dev/null >"$OUT" 2>&1
    expect_grep "REPL greeting: next step" "$OUT" 'Next: dojo start counter'
else
    fail "script(1) is missing: cannot check the REPL greeting"
fi

# --- --html: one self-contained page -------------------------------------------
run progress --html "$TMP/p.html"
[ $rc -eq 0 ] || fail "progress --html: exit status $rc"
python3 - "$TMP/p.html" <<'EOF' || fail "--html: the page is not what it should be"
import re, sys, xml.etree.ElementTree as ET
html = open(sys.argv[1]).read()
assert html.startswith("<!DOCTYPE html>"), "no doctype"
assert not re.search(r'(src|href)=', html), "refers to another file"
svgs = re.findall(r"<svg.*?</svg>", html, re.S)
assert len(svgs) == 2, "expected 2 inline SVG charts, got %d" % len(svgs)
ns = "{http://www.w3.org/2000/svg}"
mastery = ET.fromstring(svgs[0])
bars = [r for r in mastery.iter(ns + "rect") if r.get("class") == "mastery"]
concepts = html.count("<tr><td>")
assert concepts >= 4 and len(bars) == concepts, "expected a mastery bar per concept (%d), got %d" % (concepts, len(bars))
assert float(bars[0].get("width")) > 0, "closures shows no mastery"
history = ET.fromstring(svgs[1])
assert [r for r in history.iter(ns + "rect") if r.get("class") == "reviews"], "no review bar today"
assert [r for r in history.iter(ns + "rect") if r.get("class") == "attempts"], "no attempt bar today"
EOF
run progress --html "$TMP/no/such/dir/p.html"
[ $rc -eq 2 ] || fail "--html into a missing folder: exit status $rc, expected 2"
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "--html into a missing folder: expected one line, got: $(cat "$ERR")"

# --- usage errors ----------------------------------------------------------------
run progress --format yaml
[ $rc -eq 2 ] || fail "--format yaml: exit status $rc, expected 2"
expect_grep "--format yaml: names it" "$ERR" "unknown format 'yaml'"
run progress --html
[ $rc -eq 2 ] || fail "--html without a file: exit status $rc, expected 2"
run progress extra
[ $rc -eq 2 ] || fail "progress extra: exit status $rc, expected 2"

# --- several dojo at once (a watch beside the REPL): nobody fails, nothing lost
before=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM attempts").fetchone()[0])' "$XDG_DATA_HOME/dojo/progress.db")
pids=()
for i in 1 2 3 4 5 6; do
    "$DOJO" check limiter --solution "$FIX/right/limiter.lua" </dev/null >"$TMP/par.$i.out" 2>"$TMP/par.$i.err" &
    pids+=($!)
done
for i in 1 2 3 4 5 6; do
    wait "${pids[$((i - 1))]}" || fail "parallel check $i: exit status $?"
    [ ! -s "$TMP/par.$i.err" ] || fail "parallel check $i: stderr: $(cat "$TMP/par.$i.err")"
done
after=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM attempts").fetchone()[0])' "$XDG_DATA_HOME/dojo/progress.db")
[ "$after" -eq $((before + 6)) ] || fail "parallel checks: expected $((before + 6)) attempts, found $after"

# --- the old text store is migrated on first run ------------------------------
export XDG_STATE_HOME=$TMP/state2 XDG_DATA_HOME=$TMP/data2
mkdir -p "$XDG_STATE_HOME/dojo"
printf 'lesson 02-decorators.md\nkata memoize\npassed.memoize 1\npassed.retry 0\nhints.retry 2\n' >"$XDG_STATE_HOME/dojo/progress"
cp "$XDG_STATE_HOME/dojo/progress" "$TMP/legacy.orig"
run katas
expect_grep "migrated: memoize passed" "$OUT" '^  passed +memoize '
expect_grep "migrated: retry started, hints kept" "$OUT" '^  started +retry +#+\.* +hints 2/[0-9]+ '
run progress
expect_grep "migrated: lesson read" "$OUT" '^decorators +read '
cmp -s "$XDG_STATE_HOME/dojo/progress" "$TMP/legacy.orig" || fail "migration changed the old text store"

# --- DOJO_DB a learner got wrong: one line, carry on, nothing lost --------------
check_bad_db() { # WHAT PATH PATTERN
    local before
    before=$( [ -f "$2" ] && sha256sum <"$2")
    DOJO_DB=$2 "$DOJO" check limiter --solution "$FIX/right/limiter.lua" </dev/null >"$OUT" 2>"$ERR"
    rc=$?
    [ $rc -eq 0 ] || fail "$1: dojo check should still grade (exit 0), got $rc"
    [ "$(wc -l <"$ERR")" -eq 1 ] || fail "$1: expected one line on stderr, got: $(cat "$ERR")"
    expect_grep "$1: says why" "$ERR" "$3"
    if [ -f "$2" ] && [ "$(sha256sum <"$2")" != "$before" ]; then
        fail "$1: the file was changed"
    fi
}
mkdir -p "$TMP/afolder"
check_bad_db "DOJO_DB=folder" "$TMP/afolder" "afolder: is a folder"
[ -z "$(ls -A "$TMP/afolder")" ] || fail "DOJO_DB=folder: dojo wrote into it"
printf 'my notes\n' >"$TMP/notes.txt"
check_bad_db "DOJO_DB=text file" "$TMP/notes.txt" "notes.txt: is not a database"
DOJO_DB=$TMP/ro.db "$DOJO" katas >/dev/null 2>&1
chmod 0444 "$TMP/ro.db"
check_bad_db "DOJO_DB=read-only" "$TMP/ro.db" "ro.db: is read-only"
[ ! -e "$TMP/ro.db-wal" ] || fail "DOJO_DB=read-only: a WAL file was created beside it"

if [ $failures -gt 0 ]; then
    echo "progress.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "progress.sh: all checks passed"
