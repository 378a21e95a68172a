#!/usr/bin/env bash
# path.sh: a new learner's way through the pack, from the shell, as they see
# it: dojo katas (path order, statuses, total), dojo next (lesson, then the
# easiest kata, started with its task printed), dojo kata, start (the README
# beside the starter, --edit), edit (EDITOR a recording script, words split
# as a shell splits them), check without a kata id, hint (next, N, --all,
# wrapped to COLUMNS), reset (asks; refuses without a terminal; --yes keeps
# a timestamped backup), reference (refused before a pass, shown after),
# and what a pass says next. Then dojo watch under tmux: keys h, r and q,
# a rename save re-checks, and the terminal is given back.
#
#   bash tests/integration/path.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: path.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: path.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-path.XXXXXX") || exit 1
SOCK=dojo-path-$$
export TMUX_TMPDIR=$TMP
unset TMUX
cleanup() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
export HOME=$TMP DOJO_HOME=$TMP/work XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
unset DOJO_PACK VISUAL
OUT=$TMP/out ERR=$TMP/err
failures=0
fail() {
    echo "FAIL: $*" >&2
    echo "  --- stdout:" >&2
    head -n 30 "$OUT" | sed 's/^/  | /' >&2
    echo "  --- stderr:" >&2
    head -n 10 "$ERR" | sed 's/^/  | /' >&2
    failures=$((failures + 1))
}
run() {
    "$DOJO" "$@" </dev/null >"$OUT" 2>"$ERR"
    rc=$?
}
expect() { # expect WHAT PATTERN [FILE]: an extended regex in stdout (or FILE)
    grep -Eq -- "$2" "${3:-$OUT}" || fail "$1: no line matches /$2/"
}

# --- the list, before anything ------------------------------------------------
run katas
[ "$rc" = 0 ] || fail "katas: exit $rc"
expect "katas: closures first" '^closures$'
expect "katas: counter is new, difficulty 1" '^  new +counter +#\.\.\.\. '
expect "katas: a total" '^0/[0-9]+ katas passed\.$'
expect "katas: the next kata" '^Next: dojo start counter '
# Within closures, the easiest first: counter (1) before limiter (2).
c=$(grep -n ' counter ' "$OUT" | head -1 | cut -d: -f1)
l=$(grep -n ' limiter ' "$OUT" | head -1 | cut -d: -f1)
[ -n "$c" ] && [ -n "$l" ] && [ "$c" -lt "$l" ] || fail "katas: counter (difficulty 1) is not before limiter (2)"

# --- next: the lesson first, then the easiest kata ----------------------------
run next
[ "$rc" = 0 ] || fail "next (1): exit $rc"
expect "next (1): reads the closures lesson" '^Next: dojo learn closures'
expect "next (1): the lesson is shown" 'Closures'
run next
[ "$rc" = 0 ] || fail "next (2): exit $rc"
expect "next (2): starts counter" '^Next: dojo start counter'
expect "next (2): prints the task" 'The task'
[ -f "$DOJO_HOME/counter/counter.lua" ] || fail "next (2): no starter at $DOJO_HOME/counter/counter.lua"
[ -f "$DOJO_HOME/counter/README.md" ] || fail "next (2): the task is not beside the starter"
cmp -s "$DOJO_HOME/counter/README.md" "$SRC/katas/closures/counter/README.md" ||
    fail "next (2): README.md beside the starter differs from the kata's"
run next
expect "next (3): names the started kata and its file" "^Kata counter is started, not passed yet\. Your file: $DOJO_HOME/counter/counter.lua"

# --- kata: the task from the shell --------------------------------------------
run kata limiter
[ "$rc" = 0 ] || fail "kata limiter: exit $rc"
expect "kata limiter: the README" 'limiter'
expect "kata limiter: how to start it" '^Start it: dojo start limiter$'
run kata nosuch
[ "$rc" = 2 ] && [ "$(wc -l <"$ERR")" = 1 ] && grep -q nosuch "$ERR" || fail "kata nosuch: exit $rc, want 2 and one line naming it"

# --- check defaults to the kata started last ----------------------------------
run check
[ "$rc" = 1 ] || fail "check (no id): exit $rc, want 1 (the starter fails)"
expect "check (no id): checks counter" 'counter'
expect "check (no id): a failing check points at the hint" '^Not yet\. Stuck\? dojo hint counter$'

# --- hints: next, N, --all, wrapped --------------------------------------------
COLUMNS=40 run hint
[ "$rc" = 0 ] || fail "hint: exit $rc"
expect "hint: the first" '^Hint 1 of 3: '
awk 'length($0) > 40 { bad = 1 } END { exit !bad }' "$OUT" && fail "hint: a line is wider than COLUMNS=40"
[ "$(grep -c '' "$OUT")" -ge 3 ] || fail "hint: a long hint was not wrapped at 40 columns"
run hint
expect "hint (2): the second" '^Hint 2 of 3: '
run hint counter 1
expect "hint counter 1: the first again" '^Hint 1 of 3: '
run hint --all
expect "hint --all: first seen" '^Hint 1 of 3: '
expect "hint --all: second seen" '^Hint 2 of 3: '
grep -q '^Hint 3 of 3' "$OUT" && fail "hint --all: shows hint 3, which was never seen"
run hint counter 9
[ "$rc" = 2 ] && grep -q "has 3 hints" "$ERR" || fail "hint counter 9: exit $rc, want 2 and 'has 3 hints'"

# --- reference: not before a pass ----------------------------------------------
run reference counter
[ "$rc" = 2 ] && grep -q "must pass first" "$ERR" || fail "reference before a pass: exit $rc"
[ -s "$OUT" ] && fail "reference before a pass printed the reference"

# --- edit: EDITOR split as a shell splits it ----------------------------------
cat >"$TMP/ed.sh" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$EDLOG"
SH
chmod +x "$TMP/ed.sh"
EDLOG=$TMP/edlog EDITOR="$TMP/ed.sh --wait" run edit
[ "$rc" = 0 ] || fail "edit: exit $rc"
[ "$(cat "$TMP/edlog" 2>/dev/null)" = "--wait
$DOJO_HOME/counter/counter.lua" ] || fail "edit: the editor got $(cat "$TMP/edlog" 2>/dev/null | tr '\n' ' ')"
expect "edit: path:line" "^$DOJO_HOME/counter/counter.lua:1$"
EDLOG=$TMP/edlog2 EDITOR="$TMP/ed.sh" run start limiter --edit
[ "$rc" = 0 ] || fail "start --edit: exit $rc"
[ "$(cat "$TMP/edlog2" 2>/dev/null)" = "$DOJO_HOME/limiter/limiter.lua" ] || fail "start --edit: editor not run on the starter"

# --- reset ---------------------------------------------------------------------
echo "-- my work" >"$DOJO_HOME/limiter/limiter.lua"
run reset limiter
[ "$rc" = 2 ] && grep -q -- "--yes" "$ERR" || fail "reset without a terminal: exit $rc, want 2 naming --yes"
grep -q "my work" "$DOJO_HOME/limiter/limiter.lua" || fail "reset without a terminal changed the file"
run reset limiter --yes
[ "$rc" = 0 ] || fail "reset --yes: exit $rc"
cmp -s "$DOJO_HOME/limiter/limiter.lua" "$SRC/katas/closures/limiter/starter.lua" || fail "reset --yes: not the starter"
bak=$(ls "$DOJO_HOME/limiter/"limiter.lua.*.bak 2>/dev/null | head -1)
[ -n "$bak" ] && grep -q "my work" "$bak" || fail "reset --yes: no backup holding the old file"
run reset late-binding --yes
[ "$rc" = 2 ] && grep -q "not started" "$ERR" || fail "reset of a kata not started: exit $rc"

# --- a pass: what is next, and the reference ----------------------------------
cat >"$DOJO_HOME/counter/counter.lua" <<'LUA'
local counter = {}
local function num(v, fname)
  if v ~= nil and type(v) ~= "number" then
    error("bad argument #1 to '" .. fname .. "' (number expected, got " .. type(v) .. ")", 3)
  end
end
function counter.new(start)
  num(start, "new")
  start = start or 0
  local count = start
  local function increment(step)
    num(step, "increment")
    count = count + (step or 1)
    return count
  end
  local function reset() count = start end
  local function get() return count end
  return { increment = increment, reset = reset, get = get }
end
return counter
LUA
run check counter
[ "$rc" = 0 ] || fail "check of a correct counter: exit $rc"
expect "pass: how many" '^Kata counter passed \(1 of [0-9]+ katas\)\. Compare with the C reference: dojo reference counter$'
expect "pass: the next kata, easiest first" '^Next: dojo (start|check) late-binding '
run reference counter
[ "$rc" = 0 ] || fail "reference after a pass: exit $rc"
expect "reference: the C source" 'luaopen_counter'
run katas
expect "katas: counter passed" '^  passed +counter '
expect "katas: the total moved" '^1/[0-9]+ katas passed\.'

# --- watch under tmux: keys and a rename save -----------------------------------
if command -v tmux >/dev/null 2>&1; then
    tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
    pane() { tm capture-pane -p -J -S - -E - -t w 2>/dev/null; }
    wait_pane() { # wait_pane PATTERN: up to ~10 s
        for _ in $(seq 100); do pane | grep -Eq -- "$1" && return 0; sleep 0.1; done
        return 1
    }
    stty_before=$TMP/stty
    tm new-session -d -s w -x 100 -y 50 \
        "env HOME=$HOME DOJO_HOME=$DOJO_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME NO_COLOR=1 \
         sh -c 'stty -a > $stty_before; $DOJO watch counter; echo WATCH-EXIT=\$?; stty -a; sleep 30'"
    wait_pane 'Keys: h hint' || { fail "watch: no key line"; pane | tail -20 >&2; }
    wait_pane '15 passed, 0 failed' || fail "watch: the first run did not pass"
    wait_pane 'Every test passes' || fail "watch: no 'every test passes'"
    tm send-keys -t w h
    wait_pane '^Hint [0-9] of 3' || { fail "watch: h showed no hint"; pane | tail -20 >&2; }
    # A rename save: write a broken file aside, move it over the solution.
    printf 'return nil\n' >"$DOJO_HOME/counter/.counter.lua.tmp"
    mv "$DOJO_HOME/counter/.counter.lua.tmp" "$DOJO_HOME/counter/counter.lua"
    wait_pane 'Not yet' || { fail "watch: a rename save was not re-checked"; pane | tail -20 >&2; }
    tm send-keys -t w q
    wait_pane '^WATCH-EXIT=0$' || { fail "watch: q did not end it with status 0"; pane | tail -20 >&2; }
    # The terminal got its settings back (echo and canonical mode).
    wait_pane 'icanon' && pane | sed -n '/WATCH-EXIT/,$p' | grep -q -- ' -icanon\| -echo ' &&
        fail "watch: left the terminal without echo or in non-canonical mode"
fi

[ "$failures" = 0 ] && echo "path: all checks passed"
exit $((failures > 0))
