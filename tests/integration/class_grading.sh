#!/usr/bin/env bash
# class_grading.sh: a messy class graded as an instructor grades one
# (docs/class-grading.md), with --jobs 1 and 2: sub-folders, a folder nested
# one level too deep, flat LMS files (Moodle/Canvas names, a resubmission),
# a zip per student, a zip that escapes, a hostile folder name, a roster
# with a missing student and a student not on it; --per-student in every
# format, --html (well-formed, escaped, instructor's view), --summary,
# --submission-timeout (a looping submission ends at its limit, the class
# goes on), --cache (a regrade reuses unchanged results, a changed file
# regrades only that submission, a corrupt entry is graded again), and the
# usage errors.
#
#   bash tests/integration/class_grading.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: class_grading.sh DOJO SRC}
SRC=${2:?usage: class_grading.sh DOJO SRC}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-class.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1 TMPDIR=$TMP
unset DOJO_PACK
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
KATA=$SRC/tests/fixtures/class/greet
RIGHT='return function(name) return "Hello, " .. (name or "world") .. "!" end'
WRONG='return function(name) return "Hello, " .. (name or "World") .. "!" end'
LOOP='return function(name) while true do end end'

# The class, as an LMS download delivers it.
C=$TMP/class
H='$(touch pwned);<i onclick=x>&amp;' # a hostile folder name (no '/': a name can't hold one)
mkdir -p "$C/ada" "$C/alan/alan" "$C/$H" "$C/grace"
echo "$RIGHT" >"$C/ada/greet.lua"
echo "$WRONG" >"$C/alan/alan/greet.lua"                                 # nested one level too deep
echo "$RIGHT" >"$C/$H/greet.lua"
echo "$RIGHT" >"$C/grace/Greet.lua"                                     # a near-miss name
echo "$WRONG" >"$C/edsger_12345_67890_greet.lua"                        # Canvas: student_id_id_module
echo "$RIGHT" >"$C/edsger_12345_67890_greet-1.lua"                      # ... resubmitted, newer
touch -d '2001-01-01' "$C/edsger_12345_67890_greet.lua"
echo "$WRONG" >"$C/barbara_greet.lua"                                   # student_module
python3 - "$C" "$RIGHT" <<'PY'
import sys, zipfile
c, right = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(c + "/linus_attempt2.zip", "w"); z.writestr("linus/greet.lua", right + "\n"); z.close()
z = zipfile.ZipFile(c + "/mallory.zip", "w"); z.writestr("../../escaped.lua", "x"); z.close()
PY
printf 'folder,student\nada,Ada Lovelace\nalan,"Turing, Alan"\nedsger,Edsger Dijkstra\nlinus,Linus\nmallory,Mallory\nmissing,"Nobody ../../etc <i>"\n' \
    >"$TMP/roster.csv"

for jobs in 1 2; do
    out=$TMP/j$jobs
    mkdir -p "$out"
    (cd "$TMP" && "$DOJO" grade --kata "$KATA" "$C" --jobs $jobs --roster "$TMP/roster.csv" --format tap \
        --output "$out/class.tap" --summary "$out/summary.csv" --per-student "$out/students" \
        --html "$out/class.html" </dev/null 2>"$out/err")
    rc=$?
    [ $rc = 1 ] || fail "jobs $jobs: exit status $rc, wanted 1 ($(head -c 400 "$out/err"))"
    [ -e "$TMP/pwned" ] && fail "jobs $jobs: a folder name ran a command"
    [ -e "$TMP/escaped.lua" ] || [ -e "$SRC/escaped.lua" ] && fail "jobs $jobs: a zip wrote outside its folder"
    python3 - "$out" <<'PY' || fail "jobs $jobs: the class report or summary is wrong"
import csv, sys
out = sys.argv[1]
rows = {r["submission"]: r for r in csv.DictReader(open(out + "/summary.csv"))}
def score(name):
    r = rows[name]
    return float(r["score"]), float(r["max_score"])
want = {
    "Ada Lovelace": (8, 8), "Turing, Alan": (6, 8), "Edsger Dijkstra": (8, 8),
    "Linus": (8, 8), "barbara": (6, 8), "$(touch pwned);<i onclick=x>&amp;": (8, 8),
    "grace": (0, 8), "Mallory": (0, 8), "Nobody ../../etc <i>": (0, 8),
}
for name, (s, m) in want.items():
    assert name in rows, (name, sorted(rows))
    got = score(name)
    assert got == (s, m), (name, got, (s, m))
assert len(rows) == len(want), sorted(rows)
assert "nested one level too deep" in rows["Turing, Alan"]["note"], rows["Turing, Alan"]
assert rows["barbara"]["note"] == "not on the roster", rows["barbara"]
assert rows["Nobody ../../etc <i>"]["note"].startswith("missing"), rows["Nobody ../../etc <i>"]
tap = open(out + "/class.tap").read()
assert "# note: Turing, Alan: graded alan/alan/greet.lua: the submission was nested one level too deep" in tap, "nested note"
assert "# note: barbara: not on the roster" in tap, "roster note"
assert "two submissions" in tap, "resubmission note"
assert "no submission from Nobody" in tap, "missing student"
assert "mallory.zip: entry '../../escaped.lua'" in tap, "zip refused"
assert "Greet.lua" in tap, "near-miss name listed"
PY
    # per student: one file each, named safely, inside the folder, only their tests
    n=$(find "$out/students" -type f | wc -l)
    [ "$n" = 9 ] || fail "jobs $jobs: $n per-student files, wanted 9: $(ls "$out/students")"
    find "$out/students" -mindepth 2 -o -name '.*' | grep -q . && fail "jobs $jobs: a per-student file escaped or hid"
    grep -q '^ok 4 - greet keeps the secret case' "$out/students/Ada_Lovelace.tap" ||
        fail "jobs $jobs: Ada's own report: $(cat "$out/students/Ada_Lovelace.tap" 2>&1 | head -5)"
    [ "$(grep -cE '^(not )?ok' "$out/students/Ada_Lovelace.tap")" = 4 ] || fail "jobs $jobs: Ada's report holds other tests"
    ls "$out/students" | grep -q '^__touch_pwned___i_onclick_x__amp_.tap$' || fail "jobs $jobs: the hostile name was not made safe: $(ls "$out/students")"
    ls "$out/students" | grep -q '^Nobody_.._.._etc__i_.tap$' || fail "jobs $jobs: the roster name was not made safe: $(ls "$out/students")"
    python3 - "$out/class.html" <<'PY' || fail "jobs $jobs: the HTML report"
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "input", "hr", "link", "rect", "line", "path"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.text = [], [], []
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "img", "link") or any(k.startswith("on") for k, _ in attrs):
            self.errors.append("active or external content: " + tag)
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                self.errors.append("external asset " + v)
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unbalanced </%s> (open: %s)" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
    def handle_data(self, d):
        self.text.append(d)
p = Check()
page = open(sys.argv[1], encoding="utf-8").read()
p.feed(page)
p.close()
assert not p.errors, p.errors[:5]
assert p.stack == [], p.stack
text = "".join(p.text)
assert "Instructor's report" in text
assert "$(touch pwned);<i onclick=x>&amp;" in text, "the hostile name, escaped, shown as text"
assert "<i onclick" not in page, "a learner string unescaped"
assert "keeps the secret case" in text and "hidden" in text, "hidden tests in the instructor's view"
assert page.count("<svg") == 1 and "<rect" in page, "the histogram"
# hardest first: the world test (failed by the WRONG ones) before the name test
assert text.index("greet greets the world") < text.index("greet greets by name"), "pass rates not hardest first"
assert len(page) < 200000, len(page)
PY
done
cmp -s <(grep -vE 'duration_ms|^#' "$TMP/j1/class.tap") <(grep -vE 'duration_ms|^#' "$TMP/j2/class.tap") ||
    fail "--jobs 1 and 2 disagree"

# --per-student in every format: each file parses, is the student's own.
for fmt in human junit json gradescope; do
    out=$TMP/fmt-$fmt
    "$DOJO" grade --kata "$KATA" "$C" --jobs 2 --format $fmt --output "$out.all" --per-student "$out" \
        </dev/null 2>/dev/null
    case $fmt in
    human) f=$out/ada.txt; grep -q '4 passed, 0 failed' "$f" || fail "human: $f" ;;
    junit) f=$out/ada.xml; xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" "$f" 2>/dev/null || fail "junit: $f"
        xmllint --noout --schema "$SRC/tests/fixtures/junit/junit.xsd" "$out.all" 2>/dev/null || fail "junit: the class report"
        grep -q '<system-out>note: graded alan/alan/greet.lua' "$out.all" || fail "junit: no note for the nested submission" ;;
    json) f=$out/ada.json; python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert sum(t["score"] for t in r["tests"])==r["max_score"]==8, r' "$f" || fail "json: $f" ;;
    gradescope) f=$out/ada/results.json
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["score"]==8, r' "$f" || fail "gradescope: $f" ;;
    esac
done

# --submission-timeout: a looping submission stops at its own limit.
L=$TMP/loopclass
mkdir -p "$L/looper" "$L/ok"
echo "$LOOP" >"$L/looper/greet.lua"
echo "$RIGHT" >"$L/ok/greet.lua"
start=$(date +%s.%N)
"$DOJO" grade --kata "$KATA" "$L" --jobs 2 --timeout 5 --submission-timeout 1 --format tap \
    --output "$TMP/loop.tap" </dev/null 2>/dev/null
rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
[ $rc = 1 ] || fail "submission-timeout: exit status $rc"
[ "$(grep -c '^not ok .*looper' "$TMP/loop.tap")" = 4 ] || fail "submission-timeout: the looper's tests: $(grep looper "$TMP/loop.tap")"
grep -q "submission's time limit (1 s)" "$TMP/loop.tap" || fail "submission-timeout: no message naming the submission's limit"
[ "$(grep -c '^ok .*ok: greet' "$TMP/loop.tap")" = 4 ] || fail "submission-timeout: the class did not go on"
python3 -c "import sys; sys.exit(0 if $secs < 8 else 1)" || fail "submission-timeout: took $secs s (a 1 s limit, 5 s per test)"

# ... and in the busted layout, one limit for all of a folder's spec files.
B=$TMP/busted
mkdir -p "$B"
echo 'return function() while true do end end' >"$B/spin.lua"
for n in one two; do
    cat >"$B/${n}_spec.lua" <<'LUA'
local spin = require("spin")
describe("spins", function()
  it("a", function() spin() end)
  it("b", function() spin() end)
  it("c", function() spin() end)
end)
LUA
done
start=$(date +%s.%N)
"$DOJO" grade "$B" --timeout 5 --submission-timeout 1 --format tap --output "$TMP/busted.tap" </dev/null 2>/dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
[ "$(grep -c '^not ok' "$TMP/busted.tap")" = 6 ] || fail "busted submission-timeout: $(cat "$TMP/busted.tap")"
grep 'two_spec' -A6 "$TMP/busted.tap" | grep -q "submission's time limit (1 s)" ||
    fail "busted submission-timeout: the second spec file did not share the limit"
python3 -c "import sys; sys.exit(0 if $secs < 8 else 1)" || fail "busted submission-timeout: took $secs s"

# --cache: a regrade reuses what did not change.
CC=$TMP/cacheclass
mkdir -p "$CC/a" "$CC/b" "$CC/c/c"
echo "$RIGHT" >"$CC/a/greet.lua"; echo "$WRONG" >"$CC/b/greet.lua"; echo "$RIGHT -- c" >"$CC/c/c/greet.lua"
grade_cached() {
    "$DOJO" grade --kata "$KATA" "$CC" --jobs 2 --cache "$TMP/cache" --format tap --output "$TMP/cache.tap" \
        </dev/null 2>"$TMP/cache.err"
}
grade_cached; [ $? = 1 ] || fail "cache: first run: $(cat "$TMP/cache.err")"
grep -q 'from the cache' "$TMP/cache.tap" && fail "cache: a first run says it used the cache"
cp "$TMP/cache.tap" "$TMP/cache1.tap"
[ "$(ls "$TMP/cache" | grep -c '\.run$')" = 3 ] || fail "cache: $(ls "$TMP/cache" | wc -l) entries, wanted 3"
grade_cached
[ "$(grep -c 'result from the cache' "$TMP/cache.tap")" = 3 ] || fail "cache: the regrade did not reuse all 3"
grep -q '# note: c: graded c/c/greet.lua: the submission was nested one level too deep; result from the cache' \
    "$TMP/cache.tap" || fail "cache: a cached result lost its note: $(grep '# note: c' "$TMP/cache.tap")"
cmp -s <(grep -vE 'duration_ms|^#' "$TMP/cache1.tap") <(grep -vE 'duration_ms|^#' "$TMP/cache.tap") ||
    fail "cache: cached results differ from graded ones"
echo "$RIGHT -- fixed" >"$CC/b/greet.lua" # b fixes the bug
grade_cached; [ $? = 0 ] || fail "cache: b's fix did not count"
grep -q '# note: b:' "$TMP/cache.tap" && fail "cache: b changed but came from the cache"
[ "$(grep -c 'result from the cache' "$TMP/cache.tap")" = 2 ] || fail "cache: a and c were not reused"
for e in "$TMP"/cache/*.run; do printf 'garbage' | dd of="$e" bs=1 seek=60 conv=notrunc 2>/dev/null; done
echo "$WRONG" >"$CC/b/greet.lua"
grade_cached; [ $? = 1 ] || fail "cache: corrupt entries: exit status, wanted 1"
grep -q 'from the cache' "$TMP/cache.tap" && fail "cache: a corrupt entry was trusted"
cmp -s <(grep -vE 'duration_ms|^#' "$TMP/cache1.tap") <(grep -vE 'duration_ms|^#' "$TMP/cache.tap") ||
    fail "cache: regraded after corruption, the results differ"

# libarchive is loaded only when a class holds an archive (glibc's loader
# trace, as lazy_libs.sh reads it).
LD_DEBUG=libs LD_DEBUG_OUTPUT=$TMP/trace-plain "$DOJO" grade --kata "$KATA" "$CC" --format tap >/dev/null 2>&1
cat "$TMP"/trace-plain.* | grep -q 'calling init: .*/libc.so' || fail "the loader trace does not work here"
cat "$TMP"/trace-plain.* | grep -q 'calling init: .*/libarchive' && fail "a class without archives loaded libarchive"
LD_DEBUG=libs LD_DEBUG_OUTPUT=$TMP/trace-zip "$DOJO" grade --kata "$KATA" "$C" --format tap >/dev/null 2>&1
cat "$TMP"/trace-zip.* | grep -q 'calling init: .*/libarchive' || fail "a class with a zip did not load libarchive"

# Usage errors: one line, exit 2.
printf 'folder,student\nada,"Ada\n' >"$TMP/bad.csv"
"$DOJO" grade --kata "$KATA" "$C" --roster "$TMP/bad.csv" >/dev/null 2>"$TMP/u.err"
[ $? = 2 ] && grep -q 'bad.csv:2: a quoted field is not closed' "$TMP/u.err" && [ "$(wc -l <"$TMP/u.err")" = 1 ] ||
    fail "a malformed roster: $(cat "$TMP/u.err")"
"$DOJO" grade "$C/ada" --roster "$TMP/roster.csv" >/dev/null 2>"$TMP/u.err"
[ $? = 2 ] || fail "--roster without --kata: $(cat "$TMP/u.err")"
"$DOJO" grade --kata "$KATA" "$C" --html /nonexistent/dir/x.html >/dev/null 2>"$TMP/u.err"
[ $? = 2 ] && grep -q '/nonexistent/dir/x.html' "$TMP/u.err" || fail "--html to a folder that is not there: $(cat "$TMP/u.err")"

echo "class_grading.sh: $failures failure(s)"
[ $failures = 0 ]
