#!/usr/bin/env bash
# feedback.sh: what the human report says about the common mistakes, line for
# line (issue 10): a module without `return M`, an empty one, one returning a
# number, one that does not compile, wrong values (numbers, long strings,
# tables), failures inside spec helpers (a local function, a helper module),
# errors raised by the learner's code (strings with the learner's file:line,
# tables shown as values). Each solution in tests/fixtures/feedback/solutions
# is checked against the kata `tally` of the fixture pack, and its report
# compared with tests/fixtures/feedback/expected/NAME.human; then the same
# mistakes through `grade DIR` (the busted layout) and `grade --kata`.
#
#   bash tests/integration/feedback.sh /path/to/dojo /path/to/source-root
#
# To record the expected reports again after a deliberate change:
#   DOJO_FEEDBACK_RECORD=1 bash tests/integration/feedback.sh DOJO SRC
set -u
DOJO=${1:?usage: feedback.sh DOJO SRC}
SRC=${2:?usage: feedback.sh DOJO SRC}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-feedback.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
unset COLUMNS
FIX=$SRC/tests/fixtures/feedback
KATA=$FIX/pack/katas/feedback/tally
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# report CMD...: the command's human report, from its title to the closing
# "N passed, N failed" line, with this run's folder written as TMP.
report() {
    "$@" 2>&1 | sed -e "s|$TMP|TMP|g" -e '/^[0-9]* passed, [0-9]* failed/q'
}

# has_line WHAT FILE TEXT: FILE holds TEXT, which may be wrapped over several
# lines (the report wraps prose at 80 columns): compared with the lines
# joined and runs of blanks squeezed.
has_line() {
    local want flat
    want=$(printf '%s' "$3" | tr -s ' ')
    flat=$(tr '\n' ' ' <"$2" | tr -s ' ')
    case $flat in
    *"$want"*) ;;
    *) fail "$1: no '$3' in:"; cat "$2" >&2 ;;
    esac
}

# --- check: each mistake's whole report --------------------------------------
for sol in "$FIX"/solutions/*.lua; do
    name=$(basename "$sol" .lua)
    mkdir -p "$TMP/check/$name"
    cp "$sol" "$TMP/check/$name/tally.lua"
    report env DOJO_PACK="$FIX/pack" "$DOJO" check tally --solution "$TMP/check/$name/tally.lua" \
        --format human >"$TMP/$name.human"
    if [ "${DOJO_FEEDBACK_RECORD:-}" = 1 ]; then
        cp "$TMP/$name.human" "$FIX/expected/$name.human"
    elif ! diff -u "$FIX/expected/$name.human" "$TMP/$name.human" >&2; then
        fail "check $name: the report differs from expected/$name.human (above)"
    fi
    # Every line fits 80 columns but the test names (characters, not bytes).
    if LC_ALL=C.UTF-8 awk 'length > 80 && !/^  (PASS|FAIL|ERROR) /' \
        "$TMP/$name.human" | grep -q .; then
        fail "check $name: a line wider than 80 columns"
    fi
done

# --- grade DIR: the busted layout, the spec beside the module -----------------
dir_case() { # NAME: a folder with the solution NAME as tally.lua, the spec, the helper
    rm -rf "$TMP/dir"
    mkdir -p "$TMP/dir"
    cp "$FIX/solutions/$1.lua" "$TMP/dir/tally.lua"
    cp "$KATA/spec.lua" "$TMP/dir/tally_spec.lua"
    cp "$KATA/tally_helpers.lua" "$TMP/dir/"
    report "$DOJO" grade "$TMP/dir" --format human >"$TMP/dir-$1.human"
}
dir_case missing_return
has_line "grade DIR missing_return" "$TMP/dir-missing_return.human" \
    '        tally.lua returned nothing: end the file with "return tally" (the table of your functions)'
has_line "grade DIR missing_return" "$TMP/dir-missing_return.human" \
    '        tally.lua returned nothing (see the first error above)'
[ "$(grep -c 'returned nothing' "$TMP/dir-missing_return.human")" = 8 ] ||
    fail "grade DIR missing_return: not one line per test"
dir_case syntax
has_line "grade DIR syntax" "$TMP/dir-syntax.human" \
    "        tally.lua:5: <name> or '...' expected near 'return'"
dir_case wrong
# (The spec's path is this run's, so where its text goes depends on its length.)
has_line "grade DIR wrong" "$TMP/dir-wrong.human" \
    'at TMP/dir/tally_spec.lua:37: helpers.check_total(t, 7) in helper at tally_helpers.lua:7'
has_line "grade DIR wrong" "$TMP/dir-wrong.human" \
    'at TMP/dir/tally_spec.lua:32: check_total(t, 5) in helper at TMP/dir/tally_spec.lua:8'
has_line "grade DIR wrong" "$TMP/dir-wrong.human" '        tally.lua:9: step must be a number, got string'
has_line "grade DIR wrong" "$TMP/dir-wrong.human" '        first difference at .total: expected 3, got 5'

# --- grade --kata: a class, one mistake per student -----------------------------
for name in missing_return empty syntax table_error; do
    mkdir -p "$TMP/class/$name"
    cp "$FIX/solutions/$name.lua" "$TMP/class/$name/tally.lua"
done
report env DOJO_PACK="$FIX/pack" "$DOJO" grade --kata tally "$TMP/class" --format human \
    >"$TMP/class.human"
has_line "grade --kata" "$TMP/class.human" \
    '        tally.lua returned nothing: end the file with "return tally" (the table of your functions)'
has_line "grade --kata" "$TMP/class.human" \
    '        tally.lua is empty: write your functions in a table and end the file with "return M"'
has_line "grade --kata" "$TMP/class.human" "        tally.lua:5: <name> or '...' expected near 'return'"
has_line "grade --kata" "$TMP/class.human" '        error raised with a table at tally.lua:8: { code = 7, step = "x" }'
if grep -q "attempt to index\|$TMP" "$TMP/class.human"; then
    fail "grade --kata: a raw index error or an absolute path:"
    grep "attempt to index\|$TMP" "$TMP/class.human" >&2
fi

# --- the machine formats keep the location and carry the line's text --------
mkdir -p "$TMP/tap"
cp "$FIX/solutions/wrong.lua" "$TMP/tap/tally.lua"
DOJO_PACK="$FIX/pack" "$DOJO" check tally --solution "$TMP/tap/tally.lua" --format tap \
    >"$TMP/wrong.tap" 2>&1
has_line "TAP" "$TMP/wrong.tap" '  at: "tally/spec.lua:37"'
has_line "TAP" "$TMP/wrong.tap" '    helpers.check_total(t, 7)'
has_line "TAP" "$TMP/wrong.tap" '    tally_helpers.lua:7'
DOJO_PACK="$FIX/pack" "$DOJO" grade --kata tally "$TMP/class" --format junit >"$TMP/class.junit" 2>&1
grep -qF 'at tally/spec.lua:14:  t.add(2)' "$TMP/class.junit" ||
    fail "JUnit: no 'at FILE:LINE:  CODE' in the error's text"

if [ "$failures" -gt 0 ]; then
    echo "feedback: $failures check(s) failed" >&2
    exit 1
fi
echo "feedback: all checks passed"
