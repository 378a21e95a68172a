#!/usr/bin/env bash
# context_managers.sh: the Lua solutions of the context-manager katas
# (tests/fixtures/solutions/*.lua, also run under the real busted when the
# katas were written) pass their specs under dojo, and one mutant of each,
# carrying the pitfall the kata is about, fails: the specs catch it.
#   bash tests/integration/context_managers.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: context_managers.sh DOJO SRC}
SRC=${2:?usage: context_managers.sh DOJO SRC}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-cm.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
unset DOJO_PACK COLUMNS
cd "$TMP" || exit 1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# grade KATA FILE: sets rc and the last TAP line ("N passed, N failed").
grade() {
    "$DOJO" check "$1" --solution "$2" --format tap </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    last=$(tail -n 1 "$TMP/out")
}

# mutant KATA MODULE OLD NEW WHAT: the solution with the literal line OLD
# replaced by NEW must fail its spec.
mutant() {
    local kata=$1 module=$2 old=$3 new=$4 what=$5 file=$TMP/$2.lua
    OLD=$old NEW=$new perl -0pe 's/\Q$ENV{OLD}\E/$ENV{NEW}/' \
        "$SRC/tests/fixtures/solutions/$module.lua" >"$file"
    if cmp -s "$file" "$SRC/tests/fixtures/solutions/$module.lua"; then
        fail "$kata mutant ($what): the line to change is not in the solution"
        return
    fi
    grade "$kata" "$file"
    [ "$rc" = 1 ] || fail "$kata mutant ($what): expected exit status 1, got $rc: $last"
}

for pair in db-connection:db_connection suppress:suppress contextmanager:contextmanager \
    exit-stack:exit_stack locked:locked; do
    kata=${pair%%:*} module=${pair#*:}
    grade "$kata" "$SRC/tests/fixtures/solutions/$module.lua"
    if [ "$rc" != 0 ] || ! echo "$last" | grep -Eq '^(# )?[0-9]+ passed, 0 failed$'; then
        fail "$kata: the Lua solution should pass, got status $rc: $last"
        head -n 30 "$TMP/out" >&2
    fi
done

mutant db-connection db_connection "  return false
end

function DBConnection:__close" "  return true
end

function DBConnection:__close" "exit swallows the error"
mutant suppress suppress "    error(res[2], 0)" "    error(res[2])" "re-raised with a second position"
mutant contextmanager contextmanager "  if not ok then
    coroutine.close(co)" "  if not ok then" "a failed generator's <close> variables left open"
mutant exit-stack exit_stack "local e = table.remove(self.exits)" \
    "local e = table.remove(self.exits, 1)" "unwound first in, first out"
mutant exit-stack exit_stack "      pending = res
    elseif" "      error(res, 0)
    elseif" "stops at the first failing exit"
mutant locked locked "      cm:enter()
      local _ <close> = cm" "      local _ <close> = cm
      cm:enter()" "releases a lock it failed to acquire"

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "context_managers: all passed"
