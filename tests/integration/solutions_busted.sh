#!/usr/bin/env bash
# solutions_busted.sh: every Lua solution kept in tests/fixtures/solutions
# (<module>.lua, the module a kata's manifest names) passes its kata's spec
# under dojo, and, when the real busted is installed (CI installs
# lua-busted), under busted too, while the kata's starter fails it there.
# This is how a spec is shown to mean the same under busted and dojo.
# Katas whose specs need dojo's own modules (async, http, the fixture
# server) are graded by dojo only, unless a <module>_busted_helper.lua
# beside the solution stands in for them (busted --helper).
#   bash tests/integration/solutions_busted.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: solutions_busted.sh DOJO SRC}
SRC=${2:?usage: solutions_busted.sh DOJO SRC}
SRC=$(cd "$SRC" && pwd) || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-solutions.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
failures=0 checked=0 under_busted=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
BUSTED=$(command -v busted || true)

# kata_of MODULE: the folder of the kata whose manifest says module = MODULE.
kata_of() {
    grep -l "module = \"$1\"" "$SRC"/katas/*/*/kata.lua 2>/dev/null | head -n 1 | xargs -r dirname
}

for sol in "$SRC"/tests/fixtures/solutions/*.lua; do
    [ -e "$sol" ] || continue
    case $sol in *_busted_helper.lua) continue ;; esac
    module=$(basename "$sol" .lua)
    helper="$SRC/tests/fixtures/solutions/${module}_busted_helper.lua"
    helper_opt=
    [ -e "$helper" ] && helper_opt="--helper=$helper"
    kata=$(kata_of "$module")
    if [ -z "$kata" ]; then
        fail "$sol: no kata has module = \"$module\""
        continue
    fi
    id=$(basename "$kata")
    checked=$((checked + 1))
    "$DOJO" check "$id" --solution "$sol" --format tap >"$TMP/out" 2>&1 ||
        fail "$id: dojo fails the kept solution: $(tail -n 1 "$TMP/out")"
    if [ -z "$BUSTED" ]; then
        continue
    fi
    if [ -z "$helper_opt" ] && { grep -q 'server = true' "$kata/kata.lua" ||
        grep -Eq 'require\("(async|http)"\)' "$kata/spec.lua"; }; then
        continue
    fi
    run="$TMP/busted-$id"
    mkdir -p "$run"
    cp "$kata/spec.lua" "$run/${module}_spec.lua"
    cp "$sol" "$run/$module.lua"
    (cd "$run" && "$BUSTED" $helper_opt . >"$TMP/out" 2>&1) ||
        fail "$id: busted fails the kept solution: $(tail -n 3 "$TMP/out")"
    under_busted=$((under_busted + 1))
    cp "$kata/starter.lua" "$run/$module.lua"
    (cd "$run" && "$BUSTED" $helper_opt . >/dev/null 2>&1) && fail "$id: busted passes the starter"
done

[ "$checked" -gt 0 ] || fail "no solution found in $SRC/tests/fixtures/solutions"
echo "solutions_busted: $checked solutions ($under_busted also under busted), busted: ${BUSTED:-not installed}, $failures failures"
[ "$failures" -eq 0 ]
