#!/usr/bin/env bash
# scores.sh: scores an instructor can trust, end to end. A submission that
# fails as a whole (syntax error, no module, empty folder, the module in a
# nested folder or under a near-miss name) scores 0 of the kata's full total
# in every format and in the CSV summary; the manifest's points are what the
# kata is worth; a missing module's message lists the .lua files found; an
# empty SUBMISSIONS folder and an --output/--summary path that can't be
# written are exit status 2 before anything is graded.
#
#   bash tests/integration/scores.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: scores.sh DOJO SRC}
SRC=${2:?usage: scores.sh DOJO SRC}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-scores.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
unset DOJO_PACK
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

FIX=$SRC/tests/fixtures/limiter
C=$TMP/class
mkdir -p "$C"/{good,syntax,empty,nested/s22/src,nearmiss,half}
cp "$FIX/right/limiter.lua" "$C/good/"
cp "$FIX/syntax/limiter.lua" "$C/syntax/"
cp "$FIX/right/limiter.lua" "$C/nested/s22/src/limiter.lua"
cp "$FIX/right/limiter.lua" "$C/nearmiss/Limiter.lua"
cp "$FIX/wrong/limiter.lua" "$C/half/"

"$DOJO" grade --kata limiter "$C" --format json --output "$TMP/r.json" --summary "$TMP/s.csv" \
    </dev/null 2>"$TMP/err" && fail "a failing class exited 0"
"$DOJO" grade --kata limiter "$C" --format gradescope --output "$TMP/r.gs" </dev/null 2>/dev/null
"$DOJO" grade --kata limiter "$C" --format tap --output "$TMP/r.tap" </dev/null 2>/dev/null
python3 - "$TMP" "$SRC" <<'PY' || fail "scores (see above)"
import csv, json, re, sys
tmp, src = sys.argv[1], sys.argv[2]
bad = []
points = float(re.search(r"points\s*=\s*(\d+)", open(f"{src}/katas/closures/limiter/kata.lua").read()).group(1))
rows = {r["submission"]: r for r in csv.DictReader(open(f"{tmp}/s.csv"))}
for name in ("syntax", "empty", "nested", "nearmiss"):
    r = rows.get(name)
    if not r or float(r["score"]) != 0 or abs(float(r["max_score"]) - points) > 1e-6:
        bad.append(f"csv: {name} should score 0 of {points}: {r}")
g = rows["good"]
if abs(float(g["score"]) - points) > 1e-6 or abs(float(g["max_score"]) - points) > 1e-6:
    bad.append(f"csv: good should score {points} of {points}: {g}")
h = rows["half"]
if not 0 < float(h["score"]) < points:
    bad.append(f"csv: half should have partial credit: {h}")
ex = json.load(open(f"{tmp}/r.json"))
# Exercism JSON merges runs: the total is every submission's full total.
if abs(ex["max_score"] - 6 * points) > 1e-6:
    bad.append(f"json: max_score {ex['max_score']}, wanted {6 * points}")
gs = json.load(open(f"{tmp}/r.gs"))
total = sum(t["max_score"] for t in gs["tests"])
if abs(total - 6 * points) > 1e-6:
    bad.append(f"gradescope: the tests are worth {total}, wanted {6 * points}")
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY
grep -q "the .lua files found: s22/src/limiter.lua" "$TMP/r.tap" || fail "nested: the message does not list s22/src/limiter.lua"
grep -q "the .lua files found: Limiter.lua" "$TMP/r.tap" || fail "near miss: the message does not list Limiter.lua"
grep -q "no limiter.lua in this submission, and no other .lua file" "$TMP/r.tap" || fail "empty: no message"

# Nothing to grade, or nowhere to write: exit 2, one line, before grading.
mkdir -p "$TMP/none" "$TMP/files"
touch "$TMP/files/notes.txt"
for d in none files; do
    "$DOJO" grade --kata limiter "$TMP/$d" </dev/null >"$TMP/out" 2>"$TMP/err"
    [ $? = 2 ] || fail "$d: an empty SUBMISSIONS folder should be exit 2"
    [ "$(wc -l <"$TMP/err")" = 1 ] || fail "$d: wanted one line on stderr: $(cat "$TMP/err")"
    [ -s "$TMP/out" ] && fail "$d: a report was written: $(head -3 "$TMP/out")"
done
printf 'while true do end\n' >"$C/half/limiter.lua" # grading it would take seconds
for flag in --output --summary; do
    start=$(date +%s)
    "$DOJO" grade --kata limiter "$C" $flag "$TMP/no/such/dir/x" </dev/null >/dev/null 2>"$TMP/err"
    rc=$?
    [ $rc = 2 ] || fail "$flag to a missing folder: exit $rc, wanted 2"
    [ $(( $(date +%s) - start )) -lt 3 ] || fail "$flag: the class was graded before the path was checked"
    grep -q "no/such/dir/x" "$TMP/err" || fail "$flag: the message does not name the path: $(cat "$TMP/err")"
done

# Gradescope visibility of hidden tests follows the manifest:
# after_published by default, hidden_visibility otherwise; a bad value is a
# one-line error naming the manifest's line.
PACK=$TMP/pack
mkdir -p "$PACK/katas/closures"
cp -r "$SRC/katas/closures/limiter" "$PACK/katas/closures/"
M=$PACK/katas/closures/limiter/kata.lua
sed -i 's/^}$/  hidden = { "limiter state is per wrapped function" },\n}/' "$M"
vis() { # vis WANTED: the visibility of the hidden tests in a Gradescope report
    DOJO_PACK=$PACK "$DOJO" grade --kata limiter "$C/good" --format gradescope --output "$TMP/v.gs" </dev/null 2>/dev/null
    python3 - "$TMP/v.gs" "$1" <<'PY' || fail "gradescope visibility: wanted $1"
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
hidden = [t for t in tests if t["name"].startswith("limiter state is per wrapped function")]
others = [t for t in tests if t not in hidden]
assert hidden and all(t["visibility"] == sys.argv[2] for t in hidden), [t["visibility"] for t in hidden]
assert others and all(t["visibility"] == "visible" for t in others)
PY
}
vis after_published
sed -i 's/^}$/  hidden_visibility = "after_due_date",\n}/' "$M"
vis after_due_date
sed -i 's/"after_due_date"/"later"/' "$M"
DOJO_PACK=$PACK "$DOJO" grade --kata limiter "$C/good" </dev/null >/dev/null 2>"$TMP/err"
[ $? = 2 ] || fail "a bad hidden_visibility should be exit 2"
grep -qE 'kata.lua:[0-9]+: field .hidden_visibility. must be' "$TMP/err" ||
    fail "a bad hidden_visibility: wanted FILE:LINE: message, got $(cat "$TMP/err")"

echo "scores.sh: $failures failure(s)"
[ $failures = 0 ]
