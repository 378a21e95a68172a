#!/usr/bin/env bash
# bench.sh: `dojo bench KATA`, the learner's solution against the C
# reference on the kata's bench.lua: both measured (TSV fields), a solution
# that hangs at load time is stopped by the deadline, a kata with no
# bench.lua is a usage error naming the file.
#   bash tests/integration/bench.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: bench.sh DOJO SRC}
SRC=${2:?usage: bench.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

PACK=$TMP/pack
mkdir -p "$PACK/katas/closures"
cp -r "$SRC/katas/closures/limiter" "$PACK/katas/closures/"
cat >"$PACK/katas/closures/limiter/bench.lua" <<'LUA'
return {
  cases = {
    { name = "calls", rounds = 3, run = function(limiter)
        local t = 0
        local clock = { now = function() t = t + 1 return t end, sleep = function() end }
        local f = limiter(0.5, clock)(function(x) return x end)
        for i = 1, 20000 do f(i) end
      end },
    { name = "a 4 MiB string", rounds = 2, run = function() local s = ("x"):rep(4 << 20) end },
  },
}
LUA
export DOJO_PACK=$PACK
"$DOJO" bench limiter --format tsv --solution "$SRC/tests/fixtures/limiter/right/limiter.lua" \
    >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc = 0 ] || fail "bench exited $rc: $(cat "$TMP/err")"
[ "$(wc -l <"$TMP/out")" = 4 ] || fail "wanted 4 TSV lines (2 solutions x 2 cases): $(cat "$TMP/out")"
awk -F'\t' 'NF != 5 || $5 != "ok" || $3 <= 0 { bad = 1 } END { exit bad }' "$TMP/out" ||
    fail "every line has 5 fields, a time > 0 and status ok: $(cat "$TMP/out")"
awk -F'\t' '$2 == "a 4 MiB string" && $4 < 4096 { bad = 1 } $2 == "calls" && $4 > 2048 { bad = 1 }
     END { exit bad }' "$TMP/out" ||
    fail "peak memory: at least 4096 KiB for the 4 MiB string, little for the calls: $(cat "$TMP/out")"

printf 'while true do end\n' >"$TMP/loop.lua"
start=$(date +%s)
"$DOJO" bench limiter --solution "$TMP/loop.lua" --timeout 1 >"$TMP/out" 2>&1
[ $(( $(date +%s) - start )) -le 10 ] || fail "a hanging solution was not stopped in time"
grep -q 'cannot load the module: timeout' "$TMP/out" || fail "hang not reported: $(cat "$TMP/out")"

rm "$PACK/katas/closures/limiter/bench.lua"
"$DOJO" bench limiter >"$TMP/out" 2>"$TMP/err"
[ $? = 2 ] || fail "no bench.lua: wanted exit status 2"
grep -q 'bench.lua: no such file' "$TMP/err" || fail "no bench.lua: $(cat "$TMP/err")"

echo "bench.sh: $failures failure(s)"
[ $failures = 0 ]
