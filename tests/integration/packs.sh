#!/usr/bin/env bash
# packs.sh: packs from DOJO_PATH (docs/packs.md) as a learner and an
# instructor meet them: the fixture packs tests/packs/extra (pack.lua; a
# kata id, counter, that the built-in pack has too) and tests/packs/plain
# (no pack.lua) appear in katas, learn, check, start, quiz, progress and
# validate beside the built-in pack; qualified ids resolve; a clash, a bad
# pack.lua and a missing DOJO_PATH folder each give one line.
#
#   bash tests/integration/packs.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: packs.sh DOJO SRC}
SRC=${2:?usage: packs.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-packs.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
export DOJO_DB=$TMP/progress.db
unset DOJO_PACK
EXTRA=$SRC/tests/packs/extra
PLAIN=$SRC/tests/packs/plain
export DOJO_PATH="$EXTRA::$PLAIN:$TMP/missing:"
. "$SRC/tests/lib/run_dojo.sh"

# katas: every pack's katas, built-in first; the clashing id qualified on
# both sides; one warning for the missing folder, naming it.
run katas katas
[ "$(status katas)" = 0 ] || fail "dojo katas exits $(status katas)"
has katas.out ' dojo/counter ' "the built-in counter is not shown qualified"
has katas.out ' extra/counter ' "extra's counter is not shown qualified"
has katas.out ' twice ' "extra's twice (no clash) is not shown bare"
has katas.out ' evens ' "plain's evens is not listed"
has katas.out ' limiter ' "the built-in katas are gone"
[ "$(grep -m1 -n ' limiter ' "$TMP/katas.out" | cut -d: -f1)" -lt "$(grep -m1 -n ' twice ' "$TMP/katas.out" | cut -d: -f1)" ] ||
    fail "the built-in pack's katas do not come first"
[ "$(grep -m1 -n ' twice ' "$TMP/katas.out" | cut -d: -f1)" -lt "$(grep -m1 -n ' evens ' "$TMP/katas.out" | cut -d: -f1)" ] ||
    fail "DOJO_PATH's order is not kept"
[ "$(grep -m1 -n ' twice ' "$TMP/katas.out" | cut -d: -f1)" -lt "$(grep -m1 -n ' extra/counter ' "$TMP/katas.out" | cut -d: -f1)" ] ||
    fail "extra's path order (recursion, then closures) is not kept"
[ "$(lines katas.err)" = 1 ] || fail "want one warning line, got: $(cat "$TMP/katas.err")"
has katas.err "^dojo: DOJO_PATH: $TMP/missing: no such folder; skipped\$" "the missing folder's warning"

# packs: each pack with its version, counts and folder; JSON for scripts.
run packs packs
[ "$(status packs)" = 0 ] || fail "dojo packs exits $(status packs)"
has packs.out '^name +version +lessons +katas +where$' "packs' header"
has packs.out "^dojo +[^ ]+ +8 +[0-9]+ +$SRC  \(built in\)\$" "the built-in pack's row"
has packs.out "^extra +1\.2\.0 +1 +2 +$EXTRA\$" "extra's row"
has packs.out "^plain +- +0 +1 +$PLAIN\$" "plain's row (no pack.lua: no version)"
run packsjson packs --format json
python3 - "$TMP/packsjson.out" "$EXTRA" <<'PY' || fail "packs --format json: $(cat "$TMP/packsjson.out")"
import json, sys
d = json.load(open(sys.argv[1]))
names = [p["name"] for p in d["packs"]]
assert names == ["dojo", "extra", "plain"], names
e = d["packs"][1]
assert e["version"] == "1.2.0" and e["authors"] == ["Ada Fixture", "Bo Fixture"], e
assert e["path"] == ["recursion", "closures"] and e["lessons"] == 1 and e["katas"] == 2, e
assert e["root"] == sys.argv[2] and e["manifest"] == sys.argv[2] + "/pack.lua" and not e["builtin"], e
p = d["packs"][2]
assert p["version"] is None and p["manifest"] is None and p["katas"] == 1, p
assert d["packs"][0]["builtin"] is True
PY
run packsbad packs --format xml
[ "$(status packsbad)" = 2 ] || fail "packs --format xml exits $(status packsbad)"

# check: a bare id one pack has, a qualified one, and the clash.
run twice check twice --solution "$EXTRA/katas/recursion/twice/solution.lua" --format tap
[ "$(status twice)" = 0 ] || fail "check twice exits $(status twice): $(cat "$TMP/twice.err")"
has twice.out '^# 3 passed, 0 failed' "twice's spec did not run"
run qualified check extra/twice --solution "$EXTRA/katas/recursion/twice/solution.lua" --format tap
[ "$(status qualified)" = 0 ] || fail "check extra/twice exits $(status qualified)"
run clash check counter
[ "$(status clash)" = 2 ] || fail "a clashing bare id exits $(status clash), not 2"
[ "$(grep -c . "$TMP/clash.err")" = 2 ] || true # the warning line, then the error
has clash.err "^dojo: kata 'counter' is in more than one pack: dojo/counter, extra/counter \(name one of them\)\$" \
    "the clash error"
run dojocounter check dojo/counter --reference --format tap
[ "$(status dojocounter)" = 0 ] || fail "dojo/counter --reference exits $(status dojocounter)"

# start: a kata outside the built-in pack works under its qualified id.
run start start twice
[ "$(status start)" = 0 ] || fail "start twice exits $(status start)"
has start.out "^$DOJO_HOME/extra/twice/twice.lua\$" "start twice's work file"
[ -f "$DOJO_HOME/extra/twice/twice.lua" ] || fail "the starter was not copied"
cp "$EXTRA/katas/recursion/twice/solution.lua" "$DOJO_HOME/extra/twice/twice.lua"
run mine check twice --format tap
[ "$(status mine)" = 0 ] || fail "check twice of the work file exits $(status mine)"

# learn: another pack's lesson, by concept and qualified; a number two packs
# have is a clash.
run learn learn recursion
[ "$(status learn)" = 0 ] || fail "learn recursion exits $(status learn): $(cat "$TMP/learn.err")"
has learn.out 'Recursion: functions that call themselves' "the extra lesson did not render"
run learnq learn extra/1
[ "$(status learnq)" = 0 ] || fail "learn extra/1 exits $(status learnq)"
DOJO_DB=$TMP/fresh.db "$DOJO" learn >"$TMP/learn0.out" 2>&1 </dev/null ||
    fail "learn with no lesson read yet (two packs have a lesson 1) fails: $(cat "$TMP/learn0.out")"
has learn0.out '^Closures' "learn with nothing read yet does not start at the first lesson"
run learnlast learn
has learnlast.out 'Recursion: functions that call themselves' "learn does not resume extra's lesson read last"
DOJO_PATH= "$DOJO" learn >"$TMP/learngone.out" 2>&1 </dev/null ||
    fail "learn after the last lesson's pack left DOJO_PATH fails: $(cat "$TMP/learngone.out")"
has learngone.out '^Closures' "learn after the last lesson's pack left DOJO_PATH does not start at the first"
run learn1 learn 1
[ "$(status learn1)" = 2 ] || fail "learn 1 (two packs have a lesson 1) exits $(status learn1)"
has learn1.err "lesson '1' is in more than one pack: dojo/closures, extra/recursion" "the lesson clash"

# completion offers every pack's names, clashing ones qualified.
run complete __complete katas
has complete.out '^twice$' "completion misses twice"
has complete.out '^extra/counter$' "completion misses extra/counter"
has complete.out '^dojo/counter$' "completion misses dojo/counter"
run completel __complete lessons
has completel.out '^recursion$' "completion misses extra's lesson"

# quiz: extra's questions are asked with the rest.
printf 'x\n\n\n\n\n\n\n\n\n\n\n\n' >"$TMP/answers"
"$DOJO" quiz recursion --all <"$TMP/answers" >"$TMP/quiz.out" 2>&1
has quiz.out 'recursion Q1 \(predict\)' "extra's questions are not asked"

# progress: extra's concept is a row, and the passed kata counts.
run progress progress --format json
[ "$(status progress)" = 0 ] || fail "progress exits $(status progress)"
has progress.out '"recursion"' "extra's concept is not in progress"

# validate with no argument: every pack (a small built-in pack keeps it fast).
mkdir -p "$TMP/base/katas/closures"
cp -r "$SRC/katas/closures/limiter" "$TMP/base/katas/closures/"
DOJO_PACK=$TMP/base "$DOJO" validate >"$TMP/validate.out" 2>&1
has validate.out '^ok - kata limiter: manifest' "validate skipped the built-in pack"
has validate.out 'kata twice: manifest' "validate skipped extra's kata"
has validate.out 'kata evens: manifest' "validate skipped plain's kata"
has validate.out '^ok - pack extra: pack.lua$' "validate skipped extra's pack.lua"
has validate.out '^ok - lesson 01-recursion.md: it loads$' "validate skipped extra's lesson"
"$DOJO" validate extra/twice >"$TMP/validateq.out" 2>&1
has validateq.out '^ok - kata twice: manifest$' "validate of a qualified id"
[ "$(grep -c 'kata ' "$TMP/validateq.out")" -gt 0 ] && ! grep -q 'kata limiter' "$TMP/validateq.out" ||
    fail "validate extra/twice checks more than that kata"
cp -r "$EXTRA" "$TMP/badpack"
sed -i 's/^  version = "1.2.0",$/  version = 12,/' "$TMP/badpack/pack.lua"
"$DOJO" validate "$TMP/badpack" >"$TMP/validatebad.out" 2>&1
[ $? = 1 ] || fail "validate of a pack with a bad pack.lua does not exit 1"
has validatebad.out "^not ok - pack $TMP/badpack: pack.lua: $TMP/badpack/pack.lua:6: field 'version'" \
    "validate DIR does not check pack.lua"

# a bad pack.lua: FILE:LINE, exit 2.
cp -r "$EXTRA" "$TMP/broken"
sed -i 's/^  version = "1.2.0",$/  version = 12,/' "$TMP/broken/pack.lua"
DOJO_PATH=$TMP/broken "$DOJO" katas >"$TMP/bad.out" 2>"$TMP/bad.err"
[ $? = 2 ] || fail "a bad pack.lua: dojo katas does not exit 2"
has bad.err "^dojo: $TMP/broken/pack.lua:6: field 'version' must be a non-empty string\$" "the bad pack.lua's line"
[ "$(lines bad.err)" = 1 ] || fail "a bad pack.lua: want one line, got: $(cat "$TMP/bad.err")"
DOJO_PATH=$TMP/broken "$DOJO" check twice >/dev/null 2>"$TMP/bad2.err"
[ $? = 2 ] || fail "a bad pack.lua: dojo check does not exit 2"
has bad2.err "^dojo: $TMP/broken/pack.lua:6: " "check names the bad pack.lua"
for cmd in progress "quiz --all" packs learn; do
    DOJO_PATH=$TMP/broken "$DOJO" $cmd >/dev/null 2>"$TMP/bad3.err" </dev/null
    [ $? = 2 ] || fail "a bad pack.lua: dojo $cmd does not exit 2"
    has bad3.err "^dojo: $TMP/broken/pack.lua:6: field 'version'" "dojo $cmd names the bad pack.lua"
done

if [ "$failures" -gt 0 ]; then
    echo "packs.sh: $failures failure(s)" >&2
    exit 1
fi
echo "packs.sh: all checks passed"
