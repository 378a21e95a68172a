#!/usr/bin/env bash
# validate_faults.sh: `dojo new` and `dojo validate` together. A pack made
# by `dojo new pack/kata/lesson` validates as written (exit 0); then copies
# of it with one fault each (data-driven: the FAULTS table below) must exit 1
# with a "not ok" line naming the check, the FILE:LINE and the cause. Also:
# each kind of target (kata folder, id, concept folder, lesson file), the
# JSON shape, exit 2 for what can't run, and `new` refusing to overwrite.
#
#   bash tests/integration/validate_faults.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: validate_faults.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-vfaults.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_CACHE_HOME=$TMP/cache DOJO_DB=off NO_COLOR=1
unset DOJO_PACK DOJO_PATH
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
cd "$TMP" || exit 1

# --- the skeletons validate as written -------------------------------------
"$DOJO" new pack base >/dev/null || fail "new pack"
"$DOJO" new kata gadgets/tally-ho --pack base >/dev/null || fail "new kata"
"$DOJO" new lesson gadgets --pack base >/dev/null || fail "new lesson"
for f in pack.lua katas/gadgets/tally-ho/{kata.lua,README.md,starter.lua,spec.lua,reference.c} lessons/01-gadgets.md; do
    [ -f "base/$f" ] || fail "new did not write $f"
done
grep -q 'luaopen_tally_ho' base/katas/gadgets/tally-ho/reference.c || fail "reference.c: luaopen_ of a hyphenated id"
grep -q 'TODO' base/katas/gadgets/tally-ho/kata.lua || fail "the skeleton's TODOs are not marked"
"$DOJO" validate base >clean.out 2>&1
[ $? = 0 ] || fail "the skeleton pack does not validate: $(grep 'not ok' clean.out)"
grep -q '^ok - kata tally-ho: the reference passes its spec' clean.out || fail "the reference did not run: $(cat clean.out)"
grep -q '^ok - lesson 01-gadgets.md: question gadgets/Q6' clean.out || fail "the lesson's 6 questions did not run"
DOJO_PACK=$TMP/base "$DOJO" katas >katas.out 2>&1
grep -q 'tally-ho' katas.out || fail "dojo katas does not list the new kata: $(cat katas.out)"
grep -q '^- `dojo start tally-ho`' base/lessons/01-gadgets.md || fail "the new lesson does not list the concept's kata"

# --- new: bad names and overwrites: one line, exit 2, nothing changed ------
sum() { find base -type f -exec md5sum {} + | sort; }
before=$(sum)
for args in "kata gadgets/tally-ho" "kata Gadgets/x" "kata gadgets/" "kata nogroup" "kata a/b/c" \
            "lesson gadgets" "lesson 9lives" "kata x/-y" "widget w"; do
    # shellcheck disable=SC2086
    "$DOJO" new $args --pack base >new.out 2>&1
    rc=$?
    [ $rc = 2 ] || fail "new $args: exit $rc, not 2"
    [ "$(wc -l <new.out)" = 1 ] || fail "new $args: not one line: $(cat new.out)"
done
"$DOJO" new pack base >new.out 2>&1 && fail "new pack over an existing folder"
[ "$before" = "$(sum)" ] || fail "a refused new changed the pack"

# --- one fault per copy ------------------------------------------------------
# Each row: name | shell command run inside the copy | exit | regex of the line.
K=katas/gadgets/tally-ho
L=lessons/01-gadgets.md
FAULTS=$(cat <<ROWS
unknown-field|sed -i 's/^  difficulty = 1,/  difficulty = 1,\n  colour = "red",/' $K/kata.lua|1|^not ok - kata tally-ho: manifest: .*$K/kata.lua:8: field 'colour' is not a manifest field
wrong-type|sed -i 's/^  difficulty = 1,/  difficulty = "easy",/' $K/kata.lua|1|^not ok - kata tally-ho: manifest: .*$K/kata.lua:7: field 'difficulty' must be a number
missing-title|sed -i '/^  title = /d' $K/kata.lua|1|^not ok - kata tally-ho: manifest: .*$K/kata.lua:[0-9]+: field 'title' is missing
syntax|sed -i 's/^  hints = {/  hints = {{/' $K/kata.lua|1|^not ok - kata tally-ho: manifest: .*$K/kata.lua:[0-9]+:
no-hints|sed -i '/TODO: a nudge/d; /TODO: closer/d; /TODO: nearly/d' $K/kata.lua|1|^not ok - kata tally-ho: manifest: .*$K/kata.lua:[0-9]+: field 'hints'
starter-passes-type|sed -i 's/^  -- starter_passes = .*/  starter_passes = "all",/' $K/kata.lua|1|^not ok - kata tally-ho: manifest: .*$K/kata.lua:15: field 'starter_passes' must be a list
no-readme|rm $K/README.md|1|^not ok - kata tally-ho: its files are there: .*$K/README.md: missing
reference-wrong|sed -i 's/lua_pushinteger(L, 1);/lua_pushinteger(L, 2);/' $K/reference.c|1|^not ok - kata tally-ho: the reference passes its spec: .*$K/spec.lua:[0-9]+: [0-9]+ passed, [1-9][0-9]* failed
reference-broken|sed -i 's/lua_arith(L, LUA_OPADD);/lua_arith(L, LUA_OPADD)/' $K/reference.c|1|^not ok - kata tally-ho: the reference passes its spec: .*$K/reference.c:[0-9]+: cannot build it: .*error
reference-no-luaopen|sed -i 's/luaopen_tally_ho/luaopen_tally/g' $K/reference.c|1|^not ok - kata tally-ho: the reference passes its spec: .*defines no luaopen_tally_ho
starter-solves|printf 'return { make_counter = function(s) if s ~= nil and type(s) ~= "number" then error("number expected") end local n = s or 0 return function() n = n + 1 return n end end }\n' >$K/starter.lua|1|^not ok - kata tally-ho: the starter fails its spec: .*9 passed
starter-passes-one|sed -i 's/^  error("not written yet.*/  return function() end/' $K/starter.lua|1|^not ok - kata tally-ho: no test passes on the starter unless listed in starter_passes: .*$K/spec.lua:9: "tally-ho make_counter returns a function" passes on the starter
starter-passes-unknown|sed -i 's/^  -- starter_passes = .*/  starter_passes = { "tally-ho make_counter flies" },/' $K/kata.lua|1|^not ok - kata tally-ho: test_points, hidden and starter_passes name tests of its spec: .*$K/kata.lua:15: 1 name.*starter_passes "tally-ho make_counter flies"
concept-mismatch|sed -i 's/^  concept = "gadgets",/  concept = "widgets",/' $K/kata.lua|1|^not ok - kata tally-ho: its concept matches its folder: .*$K/kata.lua:6: the manifest says concept = "widgets"
orphan-folder|mkdir -p katas/gadgets/notes && touch katas/gadgets/notes/README.md|1|^not ok - folder .*katas/gadgets/notes: a kata folder has a manifest
block-fails|printf '\n\`\`\`lua\nerror("boom")\n\`\`\`\n' >>$L|1|^not ok - lesson 01-gadgets.md: block 5 runs: .*$L:1[0-9][0-9]: block:1: boom
block-wrong-error|sed -i 's/error="attempt to call a nil value"/error="attempt to index"/' $L|1|^not ok - lesson 01-gadgets.md: block 2 fails as it says: .*$L:[0-9]+: it raised ".*attempt to call a nil value.*", the lesson says error="attempt to index"
block-no-error|sed -i 's/^t.missing()/t.missing = 1/' $L|1|^not ok - lesson 01-gadgets.md: block 2 fails as it says: .*$L:[0-9]+: it ran without the error the lesson shows
unknown-kata-link|sed -i 's/^- .dojo start tally-ho.: TODO.*/Practise with \`dojo start tally-ho\`, then \`:check nosuch\` and [the other](..\/katas\/gadgets\/ghost\/README.md)./' $L|1|^not ok - lesson 01-gadgets.md: its links to katas resolve: .*$L:40: no kata named 'nosuch'
unknown-kata-link-md|sed -i 's/^- .dojo start tally-ho.: TODO.*/See [the other](..\/katas\/gadgets\/ghost\/README.md)./' $L|1|^not ok - lesson 01-gadgets.md: its links to katas resolve: .*$L:40: no kata named 'ghost'
predict-wrong|sed -i 's/^\`2\`. \`get\` captured/\`1\`. \`get\` captured/' $L|1|^not ok - lesson 01-gadgets.md: question gadgets/Q1 \(predict\) holds: .*$L:[0-9]+:
choice-none-correct|sed -i 's/^b) When the declaring/When the declaring/' $L|1|^not ok - lesson 01-gadgets.md: question gadgets/Q3 \(choice\) holds: .*$L:[0-9]+:
choice-unknown-letter|sed -i 's/^b) When the declaring/d) When the declaring/' $L|1|^not ok - lesson 01-gadgets.md: question gadgets/Q3 \(choice\) holds: .*$L:[0-9]+:
too-few-questions|sed -i '/^### Q6/,\$d' $L|1|^not ok - lesson 01-gadgets.md: it has enough quiz questions: .*$L: 5 \(6 or more\)
quiz-markup|sed -i 's/^### Q5 (recall)/### Q5 (essay)/' $L|1|^not ok - lesson 01-gadgets.md: its quiz questions parse: .*$L:[0-9]+:
ROWS
)
while IFS='|' read -r name cmd want regex; do
    rm -rf f && cp -r base f || exit 1
    (cd f && eval "$cmd") || { fail "$name: the fault could not be made"; continue; }
    "$DOJO" validate f >"$name.out" 2>&1
    rc=$?
    [ "$rc" = "$want" ] || fail "$name: exit $rc, not $want: $(grep 'not ok' "$name.out")"
    grep -qE "$regex" "$name.out" || fail "$name: no line matching /$regex/: $(grep 'not ok' "$name.out" | head -3)"
    grep -q '^not ok' "$name.out" || fail "$name: nothing failed"
done <<<"$FAULTS"

# The one test the starter may pass, once named in starter_passes: clean.
rm -rf f && cp -r base f
sed -i 's/^  error("not written yet.*/  return function() end/' f/$K/starter.lua
sed -i 's/^  -- starter_passes = .*/  starter_passes = { "tally-ho make_counter returns a function" },/' f/$K/kata.lua
"$DOJO" validate f >named.out 2>&1 || fail "a starter pass named in starter_passes still fails: $(grep 'not ok' named.out)"
# A known kata mentioned in the lesson resolves (by command and by link).
sed -i 's/^- .dojo start tally-ho.: TODO.*/Practise with `dojo start tally-ho` or `:check tally-ho`, see [it](..\/katas\/gadgets\/tally-ho\/README.md)./' f/$L
"$DOJO" validate f/$L >links.out 2>&1 || fail "known kata mentions do not resolve: $(grep 'not ok' links.out)"
grep -q '^ok - lesson 01-gadgets.md: its links to katas resolve: 3 mentions' links.out || fail "the 3 mentions were not all seen: $(cat links.out)"

# --- targets: only what was asked --------------------------------------------
"$DOJO" new kata gadgets/second --pack base >/dev/null
cp -r base many
sed -i 's/^  concept = "gadgets",/  concept = "widgets",/' many/katas/gadgets/second/kata.lua
"$DOJO" validate many/$K >t1.out 2>&1 || fail "kata folder target: $(grep 'not ok' t1.out)"
grep -q 'second\|lesson' t1.out && fail "a kata folder target checked more than the kata"
"$DOJO" validate many/$K/ >/dev/null 2>&1 || fail "kata folder target with a slash"
"$DOJO" validate many/$K/kata.lua >/dev/null 2>&1 || fail "kata.lua as the target"
DOJO_PACK=$TMP/many "$DOJO" validate tally-ho >t2.out 2>&1 || fail "kata id target: $(cat t2.out)"
grep -q '^ok - kata tally-ho: manifest' t2.out || fail "the kata id target did not check the kata"
"$DOJO" validate many/katas/gadgets >t3.out 2>&1
[ $? = 1 ] || fail "concept target: the broken kata of the concept was not caught"
grep -q '^not ok - kata second: its concept matches' t3.out || fail "concept target: $(cat t3.out)"
grep -q 'lesson' t3.out && fail "a concept target checked lessons"
(cd many/$K && "$DOJO" validate . >../t5.out 2>&1) || fail "'.' in a kata folder: $(cat many/katas/gadgets/t5.out)"
grep -q '^ok - kata tally-ho: the reference passes' many/katas/gadgets/t5.out || fail "'.' in a kata folder did not check the kata"
(cd many/katas && "$DOJO" validate gadgets >t6.out 2>&1)
grep -q '^not ok - kata second: its concept matches' many/katas/t6.out || fail "a concept named from inside katas/: $(cat many/katas/t6.out)"
"$DOJO" validate many/katas >t7.out 2>&1
grep -q '^ok - kata tally-ho: manifest' t7.out && grep -q '^not ok - kata second' t7.out && ! grep -q '^ok - lesson' t7.out ||
    fail "a pack's katas/ checks every kata and no lesson: $(cat t7.out)"
rm -f many/katas/t6.out many/katas/gadgets/t5.out
"$DOJO" validate many/$L >t4.out 2>&1 || fail "lesson target: $(grep 'not ok' t4.out)"
grep -q 'kata ' t4.out && fail "a lesson target checked katas"

# --- JSON: one object, checks and totals --------------------------------------
"$DOJO" validate many --format json >v.json 2>v.err
[ $? = 1 ] || fail "json: the broken pack should exit 1"
python3 - v.json <<'PY' || fail "json shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"target", "checks", "totals"}, d.keys()
keys = {"target", "check", "ok", "file", "line", "message"}
for c in d["checks"]:
    assert set(c) == keys, c
    assert isinstance(c["ok"], bool) and isinstance(c["message"], str)
    assert c["line"] is None or (isinstance(c["line"], int) and c["line"] > 0)
    assert c["file"] is None or isinstance(c["file"], str)
bad = [c for c in d["checks"] if not c["ok"]]
t = d["totals"]
assert t["failed"] == len(bad) == 1 and t["passed"] == len(d["checks"]) - 1, t
assert bad[0]["target"] == "kata second" and bad[0]["file"].endswith("second/kata.lua") and bad[0]["line"] == 6, bad
PY

# --- exit 2: what can't run -------------------------------------------------
for args in "no/such/dir" "nosuchkata" "--format xml" "a b" "--bogus"; do
    # shellcheck disable=SC2086
    DOJO_PACK=$TMP/base "$DOJO" validate $args >x.out 2>&1
    rc=$?
    [ $rc = 2 ] || fail "validate $args: exit $rc, not 2"
    [ "$(wc -l <x.out)" = 1 ] || fail "validate $args: not one line: $(cat x.out)"
done
mkdir -p plain && "$DOJO" validate plain >/dev/null 2>&1
[ $? = 2 ] || fail "a folder that is no pack should exit 2"

echo "validate_faults.sh: $failures failure(s)"
[ $failures = 0 ]
