#!/usr/bin/env bash
# instructor_walk.sh: issue 13's "done when", as an instructor does it with
# only `dojo --help` and docs/instructors.md: a new pack, a kata scaffolded
# in it (the skeleton validates as written), its spec and C reference
# written (tests/fixtures/instructor/using), validate (a broken spec shows
# the first failure's diff), the kata in `dojo katas` under its pack, the C
# reference graded with `check --reference` (built outside the built-in
# pack), and a messy class graded (tests/fixtures/instructor/class: a pass,
# a fail, a syntax error, a nested folder, no module, a flat LMS file).
#
#   bash tests/integration/instructor_walk.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: instructor_walk.sh DOJO SRC}
SRC=${2:?usage: instructor_walk.sh DOJO SRC}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
SRC=$(cd "$SRC" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-instructor.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP/home DOJO_HOME=$TMP/home/dojo XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data
export XDG_CACHE_HOME=$TMP/cache NO_COLOR=1
unset DOJO_PACK DOJO_PATH
mkdir -p "$HOME"
cd "$TMP" || exit 1
. "$SRC/tests/lib/run_dojo.sh"
expect_rc() { [ "$(cat "$TMP/$1.rc")" = "$2" ] || fail "$1: exit $(cat "$TMP/$1.rc"), wanted $2: $(head -c 600 "$TMP/$1.out" "$TMP/$1.err")"; }


# 1. scaffold: a pack, then a kata in it; the skeleton validates as written.
run newpack new pack mypack
expect_rc newpack 0
run newkata new kata context/using --pack mypack
expect_rc newkata 0
kata=mypack/katas/context/using
for f in kata.lua README.md starter.lua spec.lua reference.c; do
    [ -f "$kata/$f" ] || fail "dojo new kata wrote no $f"
done
grep -q TODO "$kata/kata.lua" || fail "the skeleton's kata.lua marks no TODO"
run skeleton validate "$kata"
expect_rc skeleton 0
has skeleton.out 'reference.c built by validate \(a kata outside the built-in pack\)' \
    "validate did not build the skeleton's reference.c"

# 2. the instructor's own task: spec, starter, README, manifest, C reference.
cp "$SRC"/tests/fixtures/instructor/using/* "$kata/"

# 3. validate: clean; then a mistake in the spec is named with its diff.
run valid validate "$kata"
expect_rc valid 0
has valid.out '^ok - kata using: the reference passes its spec: 9 passed' "the C reference does not pass"
has valid.out '^ok - kata using: the starter fails its spec' "the starter is not checked"
has valid.out '^10 passed, 0 failed' "validate's totals"
DOJO_PATH="$TMP/mypack" run byid validate using
expect_rc byid 0
sed -i 's/assert.same({ 1, nil, 3, n = 3 }, t)/assert.same({ 1, 3, n = 3 }, t)/' "$kata/spec.lua"
run broken validate "$kata"
expect_rc broken 1
has broken.out '^not ok - kata using: the reference passes its spec: .*spec.lua:14: 8 passed, 1 failed' \
    "a wrong spec is not named with its line"
has broken.out '^    first difference at \[2\]: expected 3, got nil$' "the first failure's diff is not shown"
cp "$SRC/tests/fixtures/instructor/using/spec.lua" "$kata/"

# 4. the kata in `dojo katas`, under its concept and its pack.
DOJO_PATH="$TMP/mypack" run katas katas
expect_rc katas 0
has katas.out '^context  \(pack mypack\)$' "the concept's heading does not name its pack"
has katas.out '^  new +using +##\.\.\. using: a context manager' "the kata is not listed"
has katas.out '^0/32 katas passed' "the kata is not counted"

# 5. the C reference against the spec, from the shell (built like validate).
DOJO_PATH="$TMP/mypack" run ref check using --reference
expect_rc ref 0
has ref.out '^9 passed, 0 failed' "check --reference does not grade the pack's C reference"

# 6. a class as an LMS hands it over, graded with a CSV summary.
cp -r "$SRC/tests/fixtures/instructor/class" "$TMP/class"
DOJO_PATH="$TMP/mypack" run class grade --kata using "$TMP/class" --format human \
    --summary "$TMP/class.csv"
expect_rc class 1
has class.out '^bob +9\.17/10 +8 +1 +0 +0 ' "bob's partial score (weights: points 10, errors x2)"
has class.out '^alice +10/10 ' "alice's score"
has class.out '(hidden test)' "the hidden test is not redacted"
cat >"$TMP/want.csv" <<'CSV'
"alice",10,10,9,0,0,0
"bob",9.16667,10,8,1,0,0
"carol",0,10,0,0,10,0
"dave",10,10,9,0,0,0
"erin",0,10,0,0,10,0
"frank",7.5,10,7,2,0,0
CSV
tail -n +2 "$TMP/class.csv" | cut -d, -f1-7 >"$TMP/got.csv"
diff "$TMP/want.csv" "$TMP/got.csv" >&2 || fail "the class's scores"
has class.csv '^"carol",.*"using.lua:1: unexpected symbol near' "carol's syntax error is not the CSV note"
has class.csv '^"dave",.*nested one level too deep' "dave's nested folder is not noted"
has class.csv '^"erin",.*no using.lua in this submission' "erin's missing module is not the CSV note"

echo "$failures failures"
[ "$failures" = 0 ]
