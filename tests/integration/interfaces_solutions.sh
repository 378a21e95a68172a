#!/usr/bin/env bash
# interfaces_solutions.sh: the Lua solutions kept for the interfaces katas
# (tests/fixtures/solutions/{abc,protocol,scraper}.lua, the ones also run
# under the real busted) pass their kata's spec under dojo, and each
# kata's starter fails it, so neither can drift from the spec unnoticed.
#   bash tests/integration/interfaces_solutions.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: interfaces_solutions.sh DOJO SRC}
SRC=${2:?usage: interfaces_solutions.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-iface.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1 DOJO_PACK=$SRC
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

for kata in abc protocol scraper; do
    "$DOJO" check "$kata" --solution "$SRC/tests/fixtures/solutions/$kata.lua" --format tap \
        >"$TMP/out" 2>&1
    rc=$?
    [ $rc = 0 ] || fail "$kata: the kept solution exited $rc: $(grep -v '^ok' "$TMP/out")"
    grep -q ' 0 failed$' "$TMP/out" || fail "$kata: no '0 failed' summary: $(tail -1 "$TMP/out")"

    cp "$SRC/katas/interfaces/$kata/starter.lua" "$TMP/$kata.lua"
    "$DOJO" check "$kata" --solution "$TMP/$kata.lua" --format tap >"$TMP/out" 2>&1
    rc=$?
    [ $rc = 1 ] || fail "$kata: the starter exited $rc, wanted 1 (some test failed)"
    grep -q '^not ok' "$TMP/out" || fail "$kata: the starter failed no test"
done

[ $failures = 0 ] && echo "interfaces_solutions: ok"
exit $((failures > 0))
