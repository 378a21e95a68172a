#!/usr/bin/env bash
# repl_tmux.sh: drives dojo's interactive REPL in a detached tmux session (a
# real terminal, so readline, Ctrl-C and the prompts are the ones a learner
# sees) and checks what the pane shows.
#
#   bash tests/integration/repl_tmux.sh /path/to/dojo /path/to/source-root
#
# Covers: the greeting, the "> " and ">> " prompts, multi-line chunks, the
# printing of values and tables, errors with a traceback, Ctrl-C on runaway
# loops (plain, in a coroutine, under pcall) and at the prompt, :help,
# :upvalues, :lesson and :run, :quit, and the history file.
#
# Hermetic: DOJO_HOME and XDG_STATE_HOME point into a temporary folder, tmux
# runs on a private socket with no config file, and the trap removes both.
set -u

DOJO=${1:?usage: repl_tmux.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: repl_tmux.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac

if ! command -v tmux >/dev/null 2>&1; then
    echo "FAIL: tmux is not on PATH; this test needs it to drive the REPL" >&2
    exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-repl-tmux.XXXXXX") || exit 1
SOCK=dojo-test-$$
# The private socket's folder is inside TMP, so nothing is left behind.
export TMUX_TMPDIR=$TMP
unset TMUX
cleanup() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

export DOJO_HOME=$TMP/home
export XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data
export NO_COLOR=1
unset DOJO_PACK COLUMNS
mkdir -p "$DOJO_HOME" "$XDG_STATE_HOME"

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

# screen: the whole pane, scrollback included, wrapped lines joined, trailing
# blanks dropped.
screen() {
    tm capture-pane -p -J -S - -E - -t dojo 2>/dev/null | sed 's/[[:space:]]*$//' |
        awk '{ line[NR] = $0 } $0 != "" { last = NR } END { for (i = 1; i <= last; i++) print line[i] }'
}

# after_cmd CMD: the pane's lines after the last line that echoes CMD at a
# prompt ("> CMD" or ">> CMD"), so a check only sees what CMD printed.
after_cmd() {
    screen | awk -v cmd="$1" '
        { line[NR] = $0 }
        $0 == "> " cmd || $0 == ">> " cmd { start = NR }
        END { if (start) for (i = start + 1; i <= NR; i++) print line[i] }'
}

# type_line TEXT: types TEXT literally (so "end" is not tmux's End key), then
# Enter.
type_line() {
    tm send-keys -t dojo -l -- "$1"
    tm send-keys -t dojo Enter
}

# wait_for PATTERN [CMD]: polls (up to ~5 s) until an extended regex PATTERN
# matches a line of the pane, or of what CMD printed when CMD is given.
# Returns 1 on timeout.
wait_for() {
    local pattern=$1 cmd=${2-} i
    for ((i = 0; i < 50; i++)); do
        if [ -n "$cmd" ]; then
            after_cmd "$cmd" | grep -Eq -- "$pattern" && return 0
        else
            screen | grep -Eq -- "$pattern" && return 0
        fi
        sleep 0.1
    done
    return 1
}

# show_pane WHAT: prints the pane (what it shows, the "actual") after a failure.
show_pane() {
    echo "--- pane (actual), $1:" >&2
    screen | tail -n 25 >&2
    echo "---" >&2
}

# expect_out CMD PATTERN WHAT: types CMD and waits for PATTERN in its output.
expect_out() {
    local cmd=$1 pattern=$2 what=$3
    type_line "$cmd"
    if ! wait_for "$pattern" "$cmd"; then
        fail "$what: typed '$cmd', expected a line matching /$pattern/ after it"
        show_pane "$what"
        return 1
    fi
}

# prompt_ready: the last line of the pane is an empty "> " prompt.
prompt_ready() {
    local i
    for ((i = 0; i < 50; i++)); do
        [ "$(screen | tail -n 1)" = ">" ] && return 0
        sleep 0.1
    done
    return 1
}

# --- start ------------------------------------------------------------------

# The pane runs dojo, then says how it exited and lingers, so :quit can be
# told apart from a crash. history-limit is set before the pane exists: the
# lesson scrolls a few hundred lines.
if ! tm start-server \; set-option -g history-limit 10000 \; \
    new-session -d -s dojo -x 120 -y 40 \
    "env DOJO_HOME='$DOJO_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' NO_COLOR=1 TERM=xterm '$DOJO'; echo DOJO-EXITED-\$?; sleep 30"; then
    echo "FAIL: could not start tmux" >&2
    exit 1
fi

# 1. The greeting (fresh state: points at the first lesson) and the prompt.
if ! wait_for ':lesson closures'; then
    fail "greeting: expected it to mention ':lesson closures' on a fresh state"
    show_pane "greeting"
fi
if ! prompt_ready; then
    fail "prompt: expected a '> ' prompt after the greeting"
    show_pane "prompt"
    exit 1
fi

# 2. A multi-line function: continuation prompt, then the call.
type_line 'function f()'
if ! wait_for '^>> ?$'; then
    fail "continuation: after 'function f()' expected the '>> ' prompt"
    show_pane "continuation prompt"
fi
type_line 'return 41 + 1'
type_line 'end'
expect_out 'f()' '^42$' "multi-line function"
if screen | grep -q "syntax error\|'end' expected"; then
    fail "multi-line function: the pane shows a syntax error"
    show_pane "multi-line function"
fi

# 3. Expressions print their values; several values are tab-separated.
expect_out '1+1' '^2$' "expression"
expect_out '"a", nil, 3' '^"a"[[:space:]]+nil[[:space:]]+3$' "several values"

# 4. A table is printed, nested, on one line.
expect_out '{1, 2, x = {y = true}}' '^\{ 1, 2, x = \{ y = true \} \}$' "table printing"

# 5. An error prints the message and a traceback; the REPL goes on.
expect_out 'error("boom")' 'boom' "error message"
if ! wait_for '^stack traceback:' 'error("boom")'; then
    fail "error: expected 'stack traceback:' after error(\"boom\")"
    show_pane "traceback"
fi
expect_out '1+2' '^3$' "REPL after an error"

# 6. Ctrl-C stops runaway code: a plain loop, in a coroutine, under pcall.
# interrupt CMD CHECK RESULT: runs CMD, Ctrl-C, then CHECK must print RESULT.
interrupt() {
    local cmd=$1 check=$2 result=$3
    type_line "$cmd"
    sleep 0.3
    tm send-keys -t dojo C-c
    if ! wait_for 'interrupted!' "$cmd"; then
        # One more Ctrl-C in case the first came before the loop started.
        tm send-keys -t dojo C-c
        if ! wait_for 'interrupted!' "$cmd"; then
            fail "Ctrl-C: after '$cmd' and Ctrl-C, expected 'interrupted!'"
            show_pane "Ctrl-C on '$cmd'"
            return 1
        fi
    fi
    expect_out "$check" "^$result\$" "REPL after Ctrl-C on '$cmd'"
}
interrupt 'while true do end' '2+2' 4
interrupt 'coroutine.wrap(function() while true do end end)()' '3+3' 6
interrupt 'while true do pcall(function() while true do end end) end' '4+4' 8
# ... inside the event loop: an idle wait, and a task spinning while the
# main task sleeps; a later async.run still works (the stopped loop is gone).
type_line 'async = require("async")'
interrupt 'async.run(function() async.sleep(100) end)' 'async.run(function() return 7 end)' 7
interrupt 'async.run(function() async.spawn(function() while true do end end) async.sleep(1) end)' \
    'async.run(function() async.sleep(3) return async.now() end, {clock = "virtual"})' '3.0'

# 7. Ctrl-C at the prompt drops the line typed so far.
prompt_ready
tm send-keys -t dojo -l -- 'abc'
for ((i = 0; i < 30; i++)); do
    screen | grep -q '^> abc$' && break
    sleep 0.1
done
tm send-keys -t dojo C-c
sleep 0.2
expect_out '5+5' '^10$' "Ctrl-C at the prompt"
if after_cmd '5+5' | grep -q 'abc'; then
    fail "Ctrl-C at the prompt: 'abc' should have been dropped, but it reached Lua"
    show_pane "Ctrl-C at the prompt"
fi
if screen | grep -Eq "syntax error near|'=' expected|abc5"; then
    fail "Ctrl-C at the prompt: the pane shows a syntax error about the dropped 'abc'"
    show_pane "Ctrl-C at the prompt"
fi

# 8. :help lists :upvalues; :upvalues shows a captured variable's value.
expect_out ':help' '^:upvalues' ":help"
type_line 'local n = 0; function inc() n = n + 1 return n end'
expect_out 'inc()' '^1$' "inc()"
expect_out ':upvalues inc' '(^|[[:space:]])n = 1$' ":upvalues"

# 9. :lesson renders the lesson (its title and first section heading, as
# written in the source, without the markdown "#"); :run 1 runs its first
# block.
LESSON=$SRC/lessons/01-closures.md
title=$(sed -n 's/^# //p' "$LESSON" | head -n 1)
section=$(sed -n 's/^## //p' "$LESSON" | head -n 1)
ere() { printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|/]/\\&/g'; }
if [ -z "$title" ] || [ -z "$section" ]; then
    fail "could not read the title and first section of $LESSON"
fi
expect_out ':lesson closures' "^$(ere "$title")\$" ":lesson closures (title '$title')"
if ! wait_for "^$(ere "$section")\$" ':lesson closures'; then
    fail ":lesson closures: expected the section heading '$section'"
    show_pane ":lesson"
fi
# Block 1 of the lesson is make_counter: print(a(), a(), a()) prints 1 2 3,
# then print(b()) prints 1.
if ! awk '/^```lua/ { n++ } n == 1' "$LESSON" | grep -qF 'print(a(), a(), a())'; then
    fail "$LESSON: block 1 is no longer the make_counter example this test expects"
fi
expect_out ':run 1' '^1[[:space:]]+2[[:space:]]+3$' ":run 1 (a(), a(), a())"
if ! wait_for '^1$' ':run 1'; then
    fail ":run 1: expected b() to print 1"
    show_pane ":run 1"
fi

# 10. :quit ends the session.
type_line ':quit'
quit_ok=0
for ((i = 0; i < 50; i++)); do
    if screen | grep -q '^DOJO-EXITED-'; then
        quit_ok=1
        break
    fi
    sleep 0.1
done
if [ $quit_ok = 0 ]; then
    fail ":quit: expected dojo to exit"
    show_pane ":quit"
elif ! screen | grep -q '^DOJO-EXITED-0$'; then
    fail ":quit: expected exit status 0, got $(screen | grep '^DOJO-EXITED-')"
fi
tm kill-server >/dev/null 2>&1

# 11. The history file was written, with the lines typed.
hist=$XDG_STATE_HOME/dojo/history
if [ ! -f "$hist" ]; then
    fail "history: expected $hist to exist after the session"
else
    for want in '1+1' 'error("boom")' ':upvalues inc'; do
        if ! grep -qxF -- "$want" "$hist"; then
            fail "history: expected a line '$want' in $hist; it holds:"
            sed 's/^/  | /' "$hist" >&2
        fi
    done
    if grep -qx 'abc' "$hist"; then
        fail "history: 'abc' (dropped by Ctrl-C) should not be in $hist"
    fi
fi

if [ $failures -gt 0 ]; then
    echo "repl_tmux.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "repl_tmux.sh: all checks passed"
