#!/usr/bin/env bash
# grade.sh KATA [DOJO]: the grading step of the GitHub Classroom workflow
# (classroom.yml beside it). Grades the repository in the current folder (or
# $SUBMISSION) as one submission of KATA and writes, for GitHub Classroom's
# autograding reporter (classroom-resources/autograding-grading-reporter),
# `result=BASE64` to $GITHUB_OUTPUT (stdout when unset): dojo's results.json
# (Exercism v3 with `max_score` and a `score` per test; the reporter adds up
# the tests' scores against max_score and posts "Points X/Y").
#
# Exit status, and the runner `status` the reporter reads:
#   0  graded: every test passed, or some did (partial credit is points,
#      not a failed job: status "pass"; each test keeps its own status)
#   1  nothing could be graded: an empty repository, no module, a syntax
#      error (status "error", 0 of the kata's points, the message says why)
#   2  dojo itself could not run (bad kata id, missing binary)
set -uo pipefail
KATA=${1:?usage: grade.sh KATA [DOJO]}
DOJO=${2:-.dojo/build/dojo}
SUBMISSION=${SUBMISSION:-.}
OUT=${GITHUB_OUTPUT:-/dev/stdout}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# A class of one: the repository (without .git and dojo's own checkout) is a
# sub-folder, so an empty one is graded as 0 points rather than refused.
mkdir -p "$tmp/class/submission"
(cd "$SUBMISSION" && tar --exclude=./.git --exclude=./.dojo -cf - .) | tar -xf - -C "$tmp/class/submission" || exit 2
"$DOJO" grade --kata "$KATA" "$tmp/class" --format json --output "$tmp/results.json" </dev/null
rc=$?
[ $rc -le 1 ] || { echo "grade.sh: dojo could not grade (exit status $rc)" >&2; exit 2; }
python3 - "$tmp/results.json" "$OUT" <<'PY'
import base64, json, sys
results = json.load(open(sys.argv[1]))
tests = results.get("tests", [])
passed = sum(1 for t in tests if t.get("status") == "pass")
score = sum(t.get("score", 0) for t in tests)
whole = results.get("status") == "error" and passed == 0
# The reporter fails the job on a runner status of "fail": partial credit
# is reported as points instead; a submission that could not be graded at
# all is an error.
results["status"] = "error" if whole else "pass"
blob = base64.b64encode(json.dumps(results).encode()).decode()
with open(sys.argv[2], "a") as out:
    out.write(f"result={blob}\n")
print(f"Points {score:g}/{results.get('max_score', 0):g}", file=sys.stderr)
if whole:
    print(results.get("message", "the submission could not be graded"), file=sys.stderr)
sys.exit(1 if whole else 0)
PY
