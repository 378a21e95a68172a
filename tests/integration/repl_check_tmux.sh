#!/usr/bin/env bash
# repl_check_tmux.sh: Ctrl-C during the REPL's :check. Drives dojo's REPL in
# a detached tmux session (a real terminal) against a countdown solution
# whose `create` loops forever, and checks that :check shows its progress
# while a test runs, that Ctrl-C stops it within a second or two (not after
# the tests' 5 s limits), that the grading child is gone, and that the
# prompt works afterwards.
#
#   bash tests/integration/repl_check_tmux.sh /path/to/dojo /path/to/source-root
#
# Hermetic: DOJO_HOME and XDG_STATE_HOME point into a temporary folder, tmux
# runs on a private socket with no config file, and the trap removes both.
set -u

DOJO=${1:?usage: repl_check_tmux.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: repl_check_tmux.sh /path/to/dojo /path/to/source-root}
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac

if ! command -v tmux >/dev/null 2>&1; then
    echo "FAIL: tmux is not on PATH; this test needs it to drive the REPL" >&2
    exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-check-tmux.XXXXXX") || exit 1
SOCK=dojo-check-$$
export TMUX_TMPDIR=$TMP
unset TMUX
cleanup() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
unset DOJO_PACK COLUMNS
mkdir -p "$DOJO_HOME/countdown" "$XDG_STATE_HOME"
cat >"$DOJO_HOME/countdown/countdown.lua" <<'LUA'
local countdown = {}
function countdown.create(n)
  local i = 0
  while true do
    i = i + 1
  end
end
function countdown.generator(n)
  return function() return nil end
end
return countdown
LUA

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
screen() {
    tm capture-pane -p -J -S - -E - -t dojo 2>/dev/null | sed 's/[[:space:]]*$//' |
        awk '{ line[NR] = $0 } $0 != "" { last = NR } END { for (i = 1; i <= last; i++) print line[i] }'
}
show_pane() {
    echo "--- pane (actual), $1:" >&2
    screen | tail -n 25 >&2
    echo "---" >&2
}
type_line() {
    tm send-keys -t dojo -l -- "$1"
    tm send-keys -t dojo Enter
}
# wait_for PATTERN [TENTHS]: polls until an extended regex matches a pane line.
wait_for() {
    local pattern=$1 n=${2:-50} i
    for ((i = 0; i < n; i++)); do
        screen | grep -Eq -- "$pattern" && return 0
        sleep 0.1
    done
    return 1
}

if ! tm start-server \; set-option -g history-limit 10000 \; \
    new-session -d -s dojo -x 120 -y 40 \
    "env DOJO_HOME='$DOJO_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 TERM=xterm '$DOJO'; echo DOJO-EXITED-\$?; sleep 30"; then
    echo "FAIL: could not start tmux" >&2
    exit 1
fi
if ! wait_for '^>$'; then
    fail "prompt: expected a '> ' prompt"
    show_pane "start"
    exit 1
fi
dojo_pid=$(pgrep -P "$(tm display -p -t dojo '#{pane_pid}')" | head -n 1)

# 1. :check shows the test that is running (the status line) while it runs.
type_line ':check countdown'
if ! wait_for 'done, [0-9.]+ s in: countdown create' 40; then
    fail ":check: expected a status line naming the running test"
    show_pane ":check running"
fi
sleep 0.5

# 2. Ctrl-C stops it at once, long before the first test's 5 s limit.
start=$(date +%s.%N)
tm send-keys -t dojo C-c
if ! wait_for '^  stopped: interrupted$' 30; then
    fail "Ctrl-C: expected 'stopped: interrupted' within 3 s"
    show_pane "Ctrl-C during :check"
fi
secs=$(echo "$(date +%s.%N) - $start" | bc)
[ "$(echo "$secs < 3" | bc)" = 1 ] || fail "Ctrl-C: took ${secs}s to stop :check"

# 3. The grading child is gone (killed and reaped), the REPL is not.
if [ -n "$dojo_pid" ]; then
    sleep 0.2
    kids=$(pgrep -P "$dojo_pid" | tr '\n' ' ')
    [ -z "$kids" ] || fail "Ctrl-C: the REPL (pid $dojo_pid) still has children: $kids"
    kill -0 "$dojo_pid" 2>/dev/null || fail "Ctrl-C: the REPL process is gone"
else
    fail "could not find the dojo process under tmux"
fi

# 4. The prompt works: a chunk runs, and Lua code is not hit by a stale Ctrl-C.
type_line 'x = 0 for i = 1, 1e6 do x = x + 1 end return x'
if ! wait_for '^1000000$' 50; then
    fail "after Ctrl-C: expected the prompt to run a chunk and print 1000000"
    show_pane "prompt after :check"
fi
if screen | grep -q 'interrupted!'; then
    fail "after Ctrl-C: a chunk was interrupted by the Ctrl-C meant for :check"
    show_pane "stale interrupt"
fi

# 5. A later :check runs whole: the solution fixed, every test passes.
cp "$SRC/tests/fixtures/countdown/good.lua" "$DOJO_HOME/countdown/countdown.lua"
type_line ':check countdown'
if ! wait_for '^16 passed, 0 failed$' 100; then
    fail ":check after Ctrl-C: expected '16 passed, 0 failed' for the fixed solution"
    show_pane ":check again"
fi

# 6. :quit still ends the session cleanly.
type_line ':quit'
wait_for '^DOJO-EXITED-0$' 50 || { fail ":quit: expected exit status 0"; show_pane ":quit"; }

if [ $failures -gt 0 ]; then
    echo "repl_check_tmux.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "repl_check_tmux.sh: all checks passed"
