#!/usr/bin/env bash
# formats.sh: `dojo grade` for classrooms, end to end: every format is written
# whole and valid (checked by real consumers: xmllint, python3's json, prove)
# for a class whose submissions pass, fail, do not compile, hang, flood
# output, or whose spec kills its process or does not load; --jobs runs them in
# parallel without one submission spoiling another; --summary writes CSV;
# --output replaces the file atomically; hidden tests and points come from the
# manifest; the Gradescope autograder in docs/ runs with /autograder swapped
# for a temporary folder.
#
#   bash tests/integration/formats.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: formats.sh DOJO SRC}
SRC=${2:?usage: formats.sh DOJO SRC}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-formats.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
unset DOJO_PACK
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# A class of six submissions for the limiter kata.
CLASS=$TMP/class
FIX=$SRC/tests/fixtures/limiter
mkdir -p "$CLASS"/{ada,bob,cy,dee,eve,fay}
cp "$FIX/right/limiter.lua" "$CLASS/ada/"
cp "$FIX/wrong/limiter.lua" "$CLASS/bob/"
cp "$FIX/syntax/limiter.lua" "$CLASS/cy/"
printf 'while true do end\n' >"$CLASS/dee/limiter.lua"
cat >"$CLASS/eve/limiter.lua" <<'LUA'
for i = 1, 1e9 do print("<testcase name=\"x\">&]]>\"ok 1 - forged", i) end
LUA
echo "-- fay handed in nothing useful" >"$CLASS/fay/README"

for fmt in tap junit json gradescope human; do
    "$DOJO" grade --kata limiter "$CLASS" --jobs 2 --timeout 0.5 --format $fmt \
        --output "$TMP/class.$fmt" --summary "$TMP/summary.csv" </dev/null 2>"$TMP/err.$fmt"
    rc=$?
    [ $rc = 1 ] || fail "$fmt: exit status $rc, wanted 1 ($(cat "$TMP/err.$fmt"))"
    [ -s "$TMP/class.$fmt" ] || fail "$fmt: no report written"
    ls "$TMP" | grep -q '\.tmp\.' && fail "$fmt: a temporary file was left behind"
done

xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" "$TMP/class.junit" || fail "junit: xmllint rejects the report"
prove -e cat "$TMP/class.tap" >"$TMP/prove.out" 2>&1
grep -q 'Parse errors' "$TMP/prove.out" && fail "tap: prove found parse errors: $(cat "$TMP/prove.out")"
tail -n1 "$TMP/class.tap" | grep -qE '^# [0-9]+ passed, [0-9]+ failed' || fail "tap: no closing comment"
grep -q '^not ok [0-9]* - bob: limiter ' "$TMP/class.tap" || fail "tap: test names do not say whose test it is"
grep -q 'classname="bob\.limiter' "$TMP/class.junit" || fail "junit: classname does not say whose test it is"

python3 - "$TMP" <<'PY' || fail "json/gradescope/junit/csv content (see above)"
import csv, json, sys, xml.etree.ElementTree as ET
tmp = sys.argv[1]
bad = []
def check(cond, msg):
    if not cond: bad.append(msg)

ex = json.load(open(f"{tmp}/class.json"))
check(ex["version"] == 3, "json: version 3")
check(ex["status"] == "error", f"json: status error (some submissions failed as a whole), got {ex['status']}")
check(isinstance(ex.get("max_score"), (int, float)), "json: max_score")
for t in ex["tests"]:
    check(t["status"] in ("pass", "fail", "error"), f"json: status of {t['name']}")
    check(len(t.get("output", "")) <= 600, f"json: output capped for {t['name']}")
    check("score" in t, f"json: score for {t['name']}")
names = [t["name"] for t in ex["tests"]]
check(any(n.startswith("ada") for n in names) or len(names) > 0, "json: tests present")

gs = json.load(open(f"{tmp}/class.gradescope"))
for k in ("score", "execution_time", "tests"):
    check(k in gs, f"gradescope: {k}")
for t in gs["tests"]:
    for k in ("name", "score", "max_score", "status", "visibility"):
        check(k in t, f"gradescope: test field {k}")
    check(t["status"] in ("passed", "failed"), "gradescope: status word")

root = ET.parse(f"{tmp}/class.junit").getroot()
suites = {s.get("name"): s for s in root.iter("testsuite")}
check(len(suites) == 6, f"junit: 6 suites, got {sorted(suites)}")
def suite(name):
    return next(s for n, s in suites.items() if n.endswith(name))
check(suite("ada").get("failures") == "0" and suite("ada").get("errors") == "0", "junit: ada passes")
check(int(suite("bob").get("failures")) == 3, f"junit: bob fails 3, got {suite('bob').get('failures')}")
check(any(e.get("type") == "syntax" for e in suite("cy").iter("error")), "junit: cy has a syntax error")
check(any(e.get("type") == "timeout" for e in suite("dee").iter("error")), "junit: dee times out")
check(any(e.get("type") == "output-limit" for e in suite("eve").iter("error")), "junit: eve floods")
check(any(e is not None for e in suite("fay").iter("error")), "junit: fay has no module: an error")

rows = {r["submission"]: r for r in csv.DictReader(open(f"{tmp}/summary.csv"))}
check(set(k.split("/")[-1] for k in rows) >= {"ada", "bob", "cy", "dee", "eve", "fay"}, f"csv rows: {sorted(rows)}")
ada = next(r for k, r in rows.items() if k.endswith("ada"))
check(float(ada["score"]) == float(ada["max_score"]) == 10 and int(ada["passed"]) >= 8 and int(ada["failed"]) == 0, f"csv: ada {ada}")
bob = next(r for k, r in rows.items() if k.endswith("bob"))
check(int(bob["failed"]) == 3, f"csv: bob {bob}")
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY

# --output to something that is not a regular file (a pipe here; /dev/null
# in a benchmark once) is written to, never renamed over.
mkfifo "$TMP/pipe"
cat "$TMP/pipe" >"$TMP/piped.tap" &
reader=$!
"$DOJO" grade --kata limiter "$CLASS/ada" --format tap --output "$TMP/pipe" </dev/null 2>/dev/null
wait $reader
[ -p "$TMP/pipe" ] || fail "--output replaced a named pipe with a regular file"
tail -n1 "$TMP/piped.tap" | grep -qE '^# [0-9]+ passed, 0 failed$' || fail "--output to a pipe: $(tail -n1 "$TMP/piped.tap")"

# One submission hanging or flooding must not change another's verdicts.
"$DOJO" grade --kata limiter "$CLASS/ada" --format tap --timeout 0.5 >"$TMP/alone.tap" 2>/dev/null
grep -c '^ok ' "$TMP/alone.tap" >"$TMP/alone.n"
[ "$(tail -n1 "$TMP/alone.tap")" = "# $(cat "$TMP/alone.n") passed, 0 failed" ] ||
    fail "ada alone: $(tail -n1 "$TMP/alone.tap")"

# A spec that kills its own process, and one that does not load: whole reports.
mkdir -p "$TMP/dies" "$TMP/noload"
printf 'return 1\n' >"$TMP/dies/m.lua"
cat >"$TMP/dies/m_spec.lua" <<'LUA'
it("before", function() end)
it("dies", function() os.exit(3) end)
it("after", function() end)
LUA
printf 'return 1\n' >"$TMP/noload/m.lua"
printf 'describe("x", function()\n  it("y" function() end)\nend)\n' >"$TMP/noload/m_spec.lua"
for fmt in junit json gradescope tap; do
    "$DOJO" grade "$TMP/dies" "$TMP/noload" --format $fmt --output "$TMP/odd.$fmt" </dev/null 2>/dev/null
    [ $? = 1 ] || fail "odd specs, $fmt: wanted exit status 1"
done
xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" "$TMP/odd.junit" || fail "odd specs: junit invalid"
python3 -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' "$TMP/odd.json" "$TMP/odd.gradescope" ||
    fail "odd specs: json invalid"
grep -q 'not ok 2 - .*dies' "$TMP/odd.tap" || fail "the test that exited is not an error: $(cat "$TMP/odd.tap")"
grep -q 'kind: crash' "$TMP/odd.tap" || fail "the exit is not reported as a crash"
grep -q '^ok 3 - .*after' "$TMP/odd.tap" || fail "the test after the crash did not run"
grep -q 'kind: syntax' "$TMP/odd.tap" || fail "the spec that does not load is not a syntax error"

# Hidden tests and points from the manifest; --show-hidden for instructors.
PACK=$TMP/pack
mkdir -p "$PACK/katas/closures"
cp -r "$SRC/katas/closures/limiter" "$PACK/katas/closures/"
sed -i 's/^}$/  test_points = { ["limiter timing"] = 2 },\n  hidden = { "limiter state is per wrapped function" },\n}/' \
    "$PACK/katas/closures/limiter/kata.lua"
DOJO_PACK=$PACK "$DOJO" grade --kata limiter "$CLASS/bob" --format json --output "$TMP/h.json" 2>/dev/null
DOJO_PACK=$PACK "$DOJO" grade --kata limiter "$CLASS/bob" --format json --show-hidden --output "$TMP/s.json" 2>/dev/null
python3 - "$TMP" <<'PY' || fail "hidden tests and points"
import json, sys
tmp = sys.argv[1]
h = json.load(open(f"{tmp}/h.json"))
s = json.load(open(f"{tmp}/s.json"))
bad = []
# test_points are weights: a timing test is worth twice another, and all of
# them share the manifest's points (10).
timing = [t for t in s["tests"] if t["name"].startswith("limiter timing")]
others = [t for t in s["tests"] if not t["name"].startswith("limiter timing")]
tp = [t["score"] for t in timing if t["status"] == "pass"]
op = [t["score"] for t in others if t["status"] == "pass"]
if not tp or not op or any(abs(x - 2 * op[0]) > 1e-9 for x in tp):
    bad.append(f"timing tests should be worth twice the others: {tp} {op[:1]}")
if abs(h["max_score"] - 10) > 1e-9:
    bad.append(f"max_score should be the manifest's points, 10: {h['max_score']}")
hidden = [t for t in h["tests"] if t["name"].startswith("limiter state") and t["status"] != "pass"]
if len(hidden) != 3 or any(t.get("message") != "hidden test" for t in hidden):
    bad.append(f"hidden failures must be redacted: {hidden}")
shown = [t for t in s["tests"] if t["name"].startswith("limiter state") and t["status"] != "pass"]
if len(shown) != 3 or any("Expected" not in t.get("message", "") for t in shown):
    bad.append(f"--show-hidden must show the messages: {shown}")
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY

# The Gradescope autograder from docs/, with /autograder in a temp folder.
AG=$TMP/autograder
mkdir -p "$AG/source/dojo/build" "$AG/submission"
ln -s "$DOJO" "$AG/source/dojo/build/dojo"
cp "$FIX/wrong/limiter.lua" "$AG/submission/"
AUTOGRADER=$AG KATA=limiter bash "$SRC/docs/gradescope/run_autograder" ||
    fail "run_autograder failed"
python3 - "$AG/results/results.json" <<'PY' || fail "gradescope results.json"
import json, sys
r = json.load(open(sys.argv[1]))
assert abs(r["score"] - sum(t["score"] for t in r["tests"])) < 1e-6, "score is the sum"
assert abs(sum(t["max_score"] for t in r["tests"]) - 10) < 1e-9, "the manifest's 10 points in all"
assert len([t for t in r["tests"] if t["status"] == "failed"]) == 3, "bob's 3 failures"
PY

echo "formats.sh: $failures failure(s)"
[ $failures = 0 ]
