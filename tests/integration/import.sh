#!/usr/bin/env bash
# import.sh: `dojo import busted` on the Exercism-layout fixtures in
# tests/import/ (a practice exercise with a hyphenated slug, a concept
# exercise with an exemplar, hints and tasks, one with an editor file):
# imported into a scratch pack, then `dojo validate` on it shows each Lua
# reference passing and each starter failing, `check --reference` and
# `grade --reference` use reference.lua, `start` gives the editor file; and
# every refusal is one line naming the file, exit 2.
#   bash tests/integration/import.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: import.sh DOJO SRC}
SRC=${2:?usage: import.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-import.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1 DOJO_DB=off
EX=$SRC/tests/import/exercises
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# refused WHAT PATTERN CMD...: exit 2 and one line on stderr matching PATTERN.
refused() {
  local what=$1 pattern=$2
  shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$what: exit $rc, not 2"
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$what: not one line on stderr: $(cat "$TMP/err")"
  grep -q -- "$pattern" "$TMP/err" || fail "$what: stderr does not match '$pattern': $(cat "$TMP/err")"
}

PACK=$TMP/pack
mkdir -p "$PACK/katas"
cd "$PACK" || exit 1
for ex in practice/make-counter concept/call-once practice/tally; do
  "$DOJO" import busted "$EX/$ex" --concept closures >"$TMP/out" 2>&1 ||
    fail "import $ex: exit $? ($(cat "$TMP/out"))"
done
K=$PACK/katas/closures
for kata in make-counter call-once tally; do
  for f in kata.lua README.md starter.lua spec.lua reference.lua; do
    [ -f "$K/$kata/$f" ] || fail "$kata: no $f"
  done
  grep -q 'reference = "lua"' "$K/$kata/kata.lua" || fail "$kata: the manifest does not say reference = \"lua\""
done
[ -f "$K/tally/words.lua" ] || fail "tally: the editor file words.lua was not copied"
grep -q 'editor = { "words.lua" }' "$K/tally/kata.lua" || fail "tally: the manifest does not list words.lua as editor"
grep -q "require('make_counter')" "$K/make-counter/spec.lua" || fail "make-counter: the spec's require was not rewritten"
grep -q 'title = "Make a Counter"' "$K/make-counter/kata.lua" || fail "make-counter: title not from the track's config.json"
grep -q 'difficulty = 2' "$K/make-counter/kata.lua" || fail "make-counter: difficulty 3 of 10 did not become 2"
grep -q 'difficulty = 1, -- TODO' "$K/tally/kata.lua" || fail "tally: an unknown difficulty is not marked TODO"
grep -q '"TODO (no hints' "$K/tally/kata.lua" || fail "tally: no TODO hint"
grep -q 'table.pack' "$K/call-once/kata.lua" || fail "call-once: hints not from .docs/hints.md"
grep -q 'A closure is a function' "$K/make-counter/README.md" || fail "make-counter: README lacks the introduction"
grep -q 'Two counters never share' "$K/make-counter/README.md" || fail "make-counter: README lacks instructions.append.md"

# validate: each Lua reference passes, each starter fails, and it says
# which katas have only a Lua reference. (The pack through DOJO_PACK, as
# an instructor's CI points dojo at it.)
DOJO_PACK=$PACK "$DOJO" validate >"$TMP/validate" 2>&1
for kata in make-counter call-once tally; do
  grep -q "^ok - kata $kata: manifest" "$TMP/validate" || fail "validate: $kata's manifest"
  grep -q "^ok - kata $kata: the reference passes its spec" "$TMP/validate" ||
    fail "validate: $kata's Lua reference does not pass"
  grep -q "^ok - kata $kata: the starter fails its spec" "$TMP/validate" || fail "validate: $kata's starter"
  grep -q "^not ok - kata $kata: files" "$TMP/validate" && fail "validate: $kata misses a file"
done
for kata in make-counter call-once tally; do
  grep -q "^ok - kata $kata: its reference: only a Lua one" "$TMP/validate" ||
    fail "validate does not say $kata has only a Lua reference"
done

# A Lua reference that is wrong fails validate (reference.lua really runs).
cp -r "$K/tally" "$TMP/tally-save"
echo 'return { count = function() return {} end }' >"$K/tally/reference.lua"
"$DOJO" validate "$PACK" >"$TMP/validate" 2>&1
grep -q "^not ok - kata tally: the reference passes its spec" "$TMP/validate" ||
  fail "validate: a wrong reference.lua passed"
rm -rf "$K/tally" && cp -r "$TMP/tally-save" "$K/tally"

# The pack's katas through DOJO_PACK: --reference grades reference.lua.
export DOJO_PACK=$PACK
"$DOJO" check make-counter --reference --format tap >"$TMP/out" 2>&1 || fail "check --reference: exit $?"
grep -q '^# 5 passed, 0 failed' "$TMP/out" || fail "check --reference: $(tail -3 "$TMP/out")"
"$DOJO" grade call-once tally --reference --format tap >"$TMP/out" 2>&1 || fail "grade --reference: exit $?"
grep -q '^# 9 passed, 0 failed' "$TMP/out" || fail "grade --reference: $(tail -3 "$TMP/out")"
"$DOJO" start tally >/dev/null 2>&1 || fail "start tally: exit $?"
[ -f "$DOJO_HOME/tally/words.lua" ] || fail "start tally did not give the editor file words.lua"
cp "$K/tally/reference.lua" "$DOJO_HOME/tally/tally.lua"
"$DOJO" check tally --format tap >"$TMP/out" 2>&1 || fail "check tally (the reference as the learner's file): $(tail -3 "$TMP/out")"
# A class's submissions leave the editor file out: the kata's own copy is
# given to them; a submission's own file of that name wins.
mkdir -p "$TMP/class/alice" "$TMP/class/bob"
cp "$K/tally/reference.lua" "$TMP/class/alice/tally.lua"
cp "$K/tally/reference.lua" "$TMP/class/bob/tally.lua"
printf 'return { split = function() return {} end }\n' >"$TMP/class/bob/words.lua"
"$DOJO" grade --kata tally "$TMP/class" --format tap >"$TMP/out" 2>&1
grep -q '^# 5 passed, 3 failed' "$TMP/out" ||
  fail "grade --kata tally: alice (no words.lua) should pass 4, bob (his own words.lua) pass 1: $(tail -3 "$TMP/out")"
rm "$DOJO_HOME/tally/words.lua"
"$DOJO" check tally --format tap >"$TMP/out" 2>&1 || fail "check tally without words.lua in the work folder: $(tail -3 "$TMP/out")"
unset DOJO_PACK

# Refusals: one line naming the file, exit 2; nothing half-written.
refused "again without --force" "katas/closures/tally: a kata is already there (--force replaces it)" \
  "$DOJO" import busted "$EX/practice/tally" --concept closures
"$DOJO" import busted "$EX/practice/tally" --concept closures --force >/dev/null 2>&1 || fail "--force: exit $?"
refused "same id, other concept" "a kata with the id 'tally' is already there" \
  "$DOJO" import busted "$EX/practice/tally" --concept other
refused "not in a pack" "not a pack (no katas/ or pack.lua here): pass --pack" \
  sh -c "cd '$TMP' && exec '$DOJO' import busted '$EX/practice/tally' --concept closures"
refused "no --concept" "needs --concept" "$DOJO" import busted "$EX/practice/tally"
refused "bad concept" "--concept 'a/b'" "$DOJO" import busted "$EX/practice/tally" --concept a/b
refused "no folder" "$TMP/none: no such folder" "$DOJO" import busted "$TMP/none" --concept closures
mkdir -p "$TMP/bad/broken/.meta"
cp "$EX/practice/tally/"*.lua "$TMP/bad/broken/"
printf '{\n  "files": {\n    "solution": ["tally.lua"],\n  }\n}\n' >"$TMP/bad/broken/.meta/config.json"
refused "malformed config.json" "broken/.meta/config.json:4: not valid JSON" \
  "$DOJO" import busted "$TMP/bad/broken" --concept closures --pack "$PACK"
printf '{"files": {"solution": ["tally.lua"], "test": ["tally_spec.lua"], "example": [".meta/example.lua"]}}' \
  >"$TMP/bad/broken/.meta/config.json"
refused "config names a missing example" "files.example names .meta/example.lua, which is not in" \
  "$DOJO" import busted "$TMP/bad/broken" --concept closures --pack "$PACK"
printf '{"files": {"solution": ["../tally.lua"], "test": ["tally_spec.lua"]}}' >"$TMP/bad/broken/.meta/config.json"
refused "a path out of the exercise" "files.solution\[1\] must be a file name inside the exercise" \
  "$DOJO" import busted "$TMP/bad/broken" --concept closures --pack "$PACK"
mkdir -p "$TMP/bad/link/.meta"
cp -r "$EX/practice/tally/." "$TMP/bad/link/"
echo 'return "a secret outside the exercise"' >"$TMP/secret.lua"
rm "$TMP/bad/link/.meta/example.lua" && ln -s "$TMP/secret.lua" "$TMP/bad/link/.meta/example.lua"
refused "a link out of the exercise" "link/.meta/example.lua: it leads outside the exercise folder" \
  "$DOJO" import busted "$TMP/bad/link" --concept closures --pack "$PACK"
cp "$EX/practice/tally/.meta/example.lua" "$TMP/bad/link/.meta/example.lua.real"
rm "$TMP/bad/link/.meta/example.lua" && mv "$TMP/bad/link/.meta/example.lua.real" "$TMP/bad/link/.meta/example.lua"
echo "# a secret outside the exercise" >"$TMP/secret.md"
rm "$TMP/bad/link/.docs/instructions.md" && ln -s "$TMP/secret.md" "$TMP/bad/link/.docs/instructions.md"
refused "the task a link out of the exercise" "link/.docs/instructions.md: it leads outside the exercise folder" \
  "$DOJO" import busted "$TMP/bad/link" --concept closures --pack "$PACK"
[ -z "$(ls -A "$PACK/katas/closures" | grep -v -x -e make-counter -e call-once -e tally)" ] ||
  fail "a refused import left something behind: $(ls -A "$PACK/katas/closures")"
[ ! -e "$PACK/katas/closures/broken" ] || fail "a refused import wrote katas/closures/broken"

# libjansson comes in with the import only (dlopen on first use): dojo -e
# never maps it. The trace of libc is the control.
LD_DEBUG=libs LD_DEBUG_OUTPUT=$TMP/trace-e "$DOJO" -e 'return 1' >/dev/null 2>&1
cat "$TMP"/trace-e.* 2>/dev/null | grep -q 'calling init: .*/libc\.so\.6' || fail "dojo -e: no loader trace"
cat "$TMP"/trace-e.* 2>/dev/null | grep -q 'calling init: .*/libjansson' && fail "dojo -e loaded libjansson"
LD_DEBUG=libs LD_DEBUG_OUTPUT=$TMP/trace-i "$DOJO" import busted "$EX/practice/tally" --concept lazy \
  --id lazy-tally --pack "$PACK" >/dev/null 2>&1 || fail "import --id lazy-tally: exit $?"
cat "$TMP"/trace-i.* 2>/dev/null | grep -q 'calling init: .*/libjansson' ||
  fail "the import did not load libjansson"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "import: all checks passed"
