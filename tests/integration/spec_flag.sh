#!/usr/bin/env bash
# spec_flag.sh: `dojo grade DIR --spec GLOB` in the busted layout: a name
# pattern picks the folder's spec files (a learner's extra spec is not run);
# a path pattern runs specs kept outside the folder, whose helpers load from
# their own folder into the spec's world while the module comes from the
# submission; a pattern that names nothing, or --spec with --kata, is a usage
# error (exit 2, one line naming the folder or the flag).
#   bash tests/integration/spec_flag.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: spec_flag.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-specflag.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir -p "$TMP/sub" "$TMP/specs"
echo 'return { twice = function(x) return 2 * x end }' > "$TMP/sub/twice.lua"
cat > "$TMP/sub/twice_spec.lua" <<'LUA'
local t = require('twice')
it('doubles', function() assert.are.equal(4, t.twice(2)) end)
LUA
cat > "$TMP/sub/free_spec.lua" <<'LUA'
it('free points', function() end)
LUA
# The instructor's copy, outside the submission, with a helper beside it.
cat > "$TMP/specs/twice_spec.lua" <<'LUA'
local h = require('helper')
local t = require('twice')
it('doubles, checked by the helper', function() assert.is_true(h.check(t.twice)) end)
it('the helper runs in the spec world', function() assert.is_true(h.world) end)
LUA
cat > "$TMP/specs/helper.lua" <<'LUA'
return { check = function(f) return f(3) == 6 end, world = describe ~= nil }
LUA
# A submission's own helper.lua must not replace the instructor's.
echo 'return { check = function() return true end, world = true }' > "$TMP/sub/helper.lua"

out=$("$DOJO" grade "$TMP/sub" --format tap 2>&1)
echo "$out" | grep -q 'free points' || fail "without --spec every *_spec.lua runs: $out"

out=$("$DOJO" grade "$TMP/sub" --spec 'twice_spec.lua' --format tap 2>&1)
rc=$?
[ $rc = 0 ] || fail "--spec NAME: exit $rc: $out"
echo "$out" | grep -q 'free points' && fail "--spec NAME ran the learner's extra spec: $out"
echo "$out" | tail -n1 | grep -qxE '(# )?1 passed, 0 failed' || fail "--spec NAME: $out"

out=$("$DOJO" grade "$TMP/sub" --spec "$TMP/specs/*_spec.lua" --format tap 2>&1)
rc=$?
[ $rc = 0 ] || fail "--spec PATH: exit $rc: $out"
echo "$out" | tail -n1 | grep -qxE '(# )?2 passed, 0 failed' || fail "--spec PATH: $out"
echo 'return { twice = function(x) return x + 1 end }' > "$TMP/sub/twice.lua"
out=$("$DOJO" grade "$TMP/sub" --spec "$TMP/specs/*_spec.lua" --format tap 2>&1)
[ $? = 1 ] || fail "--spec PATH with a wrong solution: wanted exit 1: $out"
echo "$out" | grep -q '^not ok 1 - .*doubles, checked by the helper' ||
    fail "the submission's helper.lua replaced the instructor's: $out"

out=$("$DOJO" grade "$TMP/sub" --spec 'nothing*.lua' --format tap 2>&1)
[ $? = 2 ] || fail "--spec matching nothing: wanted exit 2: $out"
[ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q "$TMP/sub" ||
    fail "--spec matching nothing: wanted one line naming the folder: $out"

out=$("$DOJO" grade --kata limiter "$TMP" --spec 'x' 2>&1)
[ $? = 2 ] || fail "--spec with --kata: wanted exit 2: $out"

[ $failures = 0 ] && echo "spec_flag: ok"
exit $((failures > 0))
