#!/usr/bin/env bash
# validate_checks.sh: `dojo validate` catches the manifest mistakes that
# would make scores wrong: test_points and hidden names that match no test,
# two katas with one id, a kata folder without a manifest, and a concept
# that is not the folder the kata is in. A clean copy of a kata passes.
#
#   bash tests/integration/validate_checks.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: validate_checks.sh DOJO SRC}
SRC=${2:?usage: validate_checks.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-validate.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_CACHE_HOME=$TMP/cache NO_COLOR=1
unset DOJO_PACK
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# A clean pack of one kata, with rules that do match its tests: passes.
P=$TMP/clean
mkdir -p "$P/katas/closures"
cp -r "$SRC/katas/closures/limiter" "$P/katas/closures/"
sed -i 's/^}$/  test_points = { ["limiter timing"] = 2 },\n  hidden = { "limiter state is per wrapped function" },\n}/' \
    "$P/katas/closures/limiter/kata.lua"
"$DOJO" validate "$P" >"$TMP/clean.out" 2>&1 || fail "a clean pack does not validate: $(grep 'not ok' "$TMP/clean.out")"
grep -q '^ok - kata limiter: test_points, hidden and starter_passes name tests of its spec' "$TMP/clean.out" ||
    fail "the rules check did not run on the clean pack"

# The same pack with every mistake.
B=$TMP/bad
mkdir -p "$B/katas/closures" "$B/katas/decorators" "$B/katas/closures/orphan"
cp -r "$P/katas/closures/limiter" "$B/katas/closures/"
cp -r "$SRC/katas/closures/limiter" "$B/katas/decorators/" # same id, concept "closures"
echo "notes, no manifest" >"$B/katas/closures/orphan/README.md"
sed -i 's/\["limiter timing"\]/["limiter timming"]/; s/"limiter state is per wrapped function"/"no such test"/' \
    "$B/katas/closures/limiter/kata.lua"
"$DOJO" validate "$B" >"$TMP/bad.out" 2>&1
[ $? = 1 ] || fail "a pack with mistakes should exit 1"
check() { grep -qE "$1" "$TMP/bad.out" || fail "$2: $(grep 'not ok' "$TMP/bad.out")"; }
check '^not ok - kata limiter: test_points, hidden and starter_passes name tests of its spec: .*/kata.lua:[0-9]+: 2 name.*test_points "limiter timming".*hidden "no such test"' \
    "unmatched test_points/hidden names not reported"
check '^not ok - kata limiter: its id is unique in the pack' "a duplicate id not reported"
check '^not ok - kata limiter: its concept matches its folder: .*/decorators/limiter/kata.lua:3: the manifest says concept = "closures", the folder is decorators' \
    "a concept that does not match its folder not reported"
check '^not ok - folder .*/katas/closures/orphan: a kata folder has a manifest: .*/orphan/kata.lua: no kata.lua' \
    "a folder without a manifest not reported"

echo "validate_checks.sh: $failures failure(s)"
[ $failures = 0 ]
