#!/usr/bin/env bash
# classroom.sh: the grading step of docs/github-classroom/ (grade.sh) as
# GitHub Classroom's autograding reporter reads it: `result=BASE64` in
# $GITHUB_OUTPUT decoding to results.json whose tests' scores add up to the
# points; full marks and partial credit exit 0 (points, not a failed job);
# an empty repository, a nested or misnamed module exit 1 with status
# "error" and 0 of the kata's points. Also the Gradescope autograder on an
# empty submission: a results.json worth 0, never a missing file.
#
#   bash tests/integration/classroom.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: classroom.sh DOJO SRC}
SRC=${2:?usage: classroom.sh DOJO SRC}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-classroom.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
unset DOJO_PACK
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
FIX=$SRC/tests/fixtures/limiter
POINTS=$(sed -n 's/^ *points = \([0-9]*\),/\1/p' "$SRC/katas/closures/limiter/kata.lua")

# step NAME WANT_RC: runs grade.sh in repo $TMP/NAME, checks its exit
# status, and reads its output the way the reporter does (NAME.points:
# "score max status").
step() {
    local repo=$TMP/$1
    rm -f "$TMP/$1.out"
    (cd "$repo" && GITHUB_OUTPUT=$TMP/$1.out bash "$SRC/docs/github-classroom/grade.sh" limiter "$DOJO") \
        2>"$TMP/$1.err"
    local rc=$?
    [ $rc = "$2" ] || fail "$1: grade.sh exit status $rc, wanted $2 ($(cat "$TMP/$1.err"))"
    python3 - "$TMP/$1.out" >"$TMP/$1.points" <<'PY' || fail "$1: the reporter could not read the result"
import base64, json, sys
line = [l for l in open(sys.argv[1]) if l.startswith("result=")][-1]
r = json.loads(base64.b64decode(line[len("result="):]))
# What autograding-grading-reporter does: sum of the tests' scores against
# the runner's max_score.
score = sum(t["score"] for t in r["tests"])
print(f"{score:.6f} {r['max_score']:.6f} {r['status']}")
PY
}

mkdir -p "$TMP"/{full,partial,empty,nested/src,misnamed}
cp "$FIX/right/limiter.lua" "$TMP/full/"
cp "$FIX/wrong/limiter.lua" "$TMP/partial/"
cp "$FIX/right/limiter.lua" "$TMP/nested/src/"
cp "$FIX/right/limiter.lua" "$TMP/misnamed/Limiter.lua"
mkdir -p "$TMP/empty/.git" # an empty repository still has .git

step full 0
read -r s m st <"$TMP/full.points"
[ "$st" = pass ] && python3 -c "import sys; sys.exit(0 if abs($s - $m) < 1e-6 and abs($m - $POINTS) < 1e-6 else 1)" ||
    fail "full: wanted $POINTS/$POINTS and status pass, got $s/$m $st"

step partial 0
read -r s m st <"$TMP/partial.points"
[ "$st" = pass ] && python3 -c "import sys; sys.exit(0 if 0 < $s < $m else 1)" ||
    fail "partial: wanted partial credit as points with status pass, got $s/$m $st"

for repo in empty nested misnamed; do
    step $repo 1
    read -r s m st <"$TMP/$repo.points"
    [ "$st" = error ] && python3 -c "import sys; sys.exit(0 if $s == 0 and abs($m - $POINTS) < 1e-6 else 1)" ||
        fail "$repo: wanted 0/$POINTS and status error, got $s/$m $st"
done
grep -q "src/limiter.lua" "$TMP/nested.err" || fail "nested: the message does not list src/limiter.lua: $(cat "$TMP/nested.err")"
grep -q "Limiter.lua" "$TMP/misnamed.err" || fail "misnamed: the message does not list Limiter.lua"

# The Gradescope autograder, on an empty submission.
AG=$TMP/autograder
mkdir -p "$AG/source/dojo/build" "$AG/submission"
ln -s "$DOJO" "$AG/source/dojo/build/dojo"
AUTOGRADER=$AG KATA=limiter bash "$SRC/docs/gradescope/run_autograder" || fail "run_autograder failed on an empty submission"
python3 - "$AG/results/results.json" "$POINTS" <<'PY' || fail "gradescope: an empty submission"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["score"] == 0, r["score"]
assert abs(sum(t["max_score"] for t in r["tests"]) - float(sys.argv[2])) < 1e-6, "worth the kata's points"
PY

echo "classroom.sh: $failures failure(s)"
[ $failures = 0 ]
