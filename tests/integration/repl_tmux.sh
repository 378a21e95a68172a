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
# :upvalues, :lesson and :run, :quit, and the history file; the workbench:
# session locals (typed and from :run), table errors, require after :start,
# :load and :reload, :edit (EDITOR a recording script), :time, :mem, :reset,
# Tab completion of kata names and __index fields;
# the pager (PAGER a recording script); two REPLs exiting with their history
# merged.
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
BASE_SOCK=$SOCK
# The private socket's folder is inside TMP, so nothing is left behind.
export TMUX_TMPDIR=$TMP
unset TMUX
cleanup() {
    # one server per phase (a new session on a server still shutting down
    # can be lost), each on its own socket
    for s in "$SOCK" "$SOCK-pager" "$SOCK-hist"; do
        tmux -L "$s" kill-server >/dev/null 2>&1
    done
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
# The editor :edit runs: records its arguments, one a line, and writes a
# new version of the file it was given (its last argument).
cat >"$TMP/editor.sh" <<'EOS'
#!/bin/sh
for a in "$@"; do printf '%s\n' "$a"; done >"${0%/*}/editor.args"
for last in "$@"; do :; done
printf 'return {version = 3}\n' >"$last"
EOS
chmod +x "$TMP/editor.sh"

if ! tm start-server \; set-option -g history-limit 10000 \; \
    new-session -d -s dojo -x 120 -y 40 \
    "env DOJO_HOME='$DOJO_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' NO_COLOR=1 TERM=xterm PAGER=cat EDITOR='$TMP/editor.sh --wait' '$DOJO'; echo DOJO-EXITED-\$?; sleep 30"; then
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

# 9b. :run keeps the block's top-level locals, says so, and a is the
# counter at 3.
if ! wait_for '^\(kept for you to play with: make_counter, a, b\)$' ':run 1'; then
    fail ":run 1: expected it to name the locals it kept"
    show_pane ":run 1 kept"
fi
expect_out 'a()' '^4$' ":run 1 keeps its locals (a() after :run 1)"

# 9c. A local typed at the prompt is seen by the next line, and shared with
# the closure that captured it.
type_line 'local v = 41'
expect_out 'v + 1' '^42$' "a typed local persists"
type_line 'local function bump() v = v + 1 return v end'
type_line 'v = 100'
expect_out 'bump(), v' '^101[[:space:]]+101$' "a closure shares the session local"

# 9d. A table error prints as a value; a string error keeps its location.
expect_out 'error({code = 1})' '^error object: \{ code = 1 \}$' "table error"
expect_out 'error("where")' '^stdin:1: where$' "string error location"

# 9e. After :start, require finds the learner's module; :load and :reload
# bring it in as a global.
expect_out ':start counter' 'counter/counter\.lua$' ":start counter"
# ... and says what to type next in the REPL's words, not the shell's
wait_for '^Edit that file, then run: :check counter   \(stuck\? :hint counter\)$' ':start counter' ||
    { fail ":start counter: the next step is not named as :check/:hint"; show_pane ":start counter"; }
expect_out 'type(require("counter"))' '^"table"$' "require after :start"
expect_out ':load counter' '^loaded counter as `counter`' ":load counter"
expect_out 'type(counter.new)' '^"function"$' ":load counter gives the module"
printf 'return {version = 2}\n' >"$DOJO_HOME/counter/counter.lua"
expect_out ':reload' '^loaded counter as `counter`' ":reload"
expect_out 'counter.version' '^2$' ":reload loads the edited file"

# 9f. :edit runs $EDITOR split into words, with the solution's path last.
expect_out ':edit' '(:reload to load your changes)' ":edit"
if [ "$(cat "$TMP/editor.args" 2>/dev/null)" != "$(printf '%s\n' --wait "$DOJO_HOME/counter/counter.lua")" ]; then
    fail ":edit: expected the editor's arguments '--wait' and the solution path, got: $(cat "$TMP/editor.args" 2>/dev/null)"
fi
type_line ':reload'
expect_out 'counter.version' '^3$' ":reload after :edit"

# 9g. :time prints a median per loop; :mem the heap; :reset forgets all.
type_line ':time string.rep("x", 10)'
# (:time itself takes about 2 s, up to 4 on a loaded machine: two waits)
timed='^[0-9.]+ (ns|µs|ms|s) per loop \(median of [0-9]+ runs, [0-9]+ loops? each'
if ! wait_for "$timed" ':time string.rep("x", 10)' && ! wait_for "$timed" ':time string.rep("x", 10)'; then
    fail ":time: expected 'N ns per loop (median of R runs, L loops each'"
    show_pane ":time"
fi
expect_out ':mem' '^Lua heap: [0-9.]+ KiB' ":mem"
expect_out ':reset' 'fresh Lua state' ":reset"
expect_out 'v, counter, a' '^nil[[:space:]]+nil[[:space:]]+nil$' ":reset forgets locals and globals"

# 9h. Tab completes kata names after :hint, and fields through an __index
# table (the line is then dropped with Ctrl-U).
# tab_to TYPED WANT WHAT: types TYPED, presses Tab, waits for "> WANT".
tab_to() {
    local typed=$1 want=$2 what=$3
    tm send-keys -t dojo -l -- "$typed"
    tm send-keys -t dojo Tab
    if ! wait_for "^> $(ere "$want")\$"; then
        fail "completion: typed '$typed' and Tab, expected the line '> $want' ($what)"
        show_pane "completion"
    fi
    tm send-keys -t dojo C-u
    prompt_ready
}
type_line 'Obj = setmetatable({}, {__index = {greeting = 1}})'
prompt_ready
tab_to ':hint limi' ':hint limiter' "a kata name"
tab_to 'Obj.gre' 'Obj.greeting' "a field of the __index table"

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

# 12. The pager: a lesson taller than the terminal goes to $PAGER (with
# LESS=FRX when LESS is unset), a short value does not.
cat >"$TMP/pager.sh" <<'EOS'
#!/bin/sh
echo "LESS=$LESS" >>"${0%/*}/pager.calls"
cat >>"${0%/*}/pager.out"
EOS
chmod +x "$TMP/pager.sh"
SOCK=$BASE_SOCK-pager
if ! tm new-session -d -s dojo -x 100 -y 30 \
    "env -u LESS DOJO_HOME='$DOJO_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' NO_COLOR=1 TERM=xterm PAGER='$TMP/pager.sh' '$DOJO'; echo DOJO-EXITED-\$?; sleep 30"; then
    fail "pager: could not start tmux"
fi
prompt_ready
expect_out '{1, 2}' '^\{ 1, 2 \}$' "pager: a short value is printed"
type_line ':lesson closures'
for ((i = 0; i < 50; i++)); do
    [ -s "$TMP/pager.out" ] && break
    sleep 0.1
done
if ! grep -qF -- "$title" "$TMP/pager.out" 2>/dev/null; then
    fail "pager: expected :lesson closures to go through PAGER (its title '$title' in what the pager read)"
fi
if [ "$(cat "$TMP/pager.calls" 2>/dev/null)" != "LESS=FRX" ]; then
    fail "pager: expected one pager call with LESS=FRX, got: $(cat "$TMP/pager.calls" 2>/dev/null)"
fi
if after_cmd ':lesson closures' | grep -qxF -- "$title"; then
    fail "pager: the lesson was written to the terminal as well"
fi
type_line ':quit'
tm kill-server >/dev/null 2>&1

# 13. Two REPLs open at once: both keep their lines in the history. Each
# types a line, waits for its answer, then both quit together.
SOCK=$BASE_SOCK-hist
for n in 1 2; do
    tm new-session -d -s "h$n" -x 80 -y 20 \
        "env DOJO_HOME='$DOJO_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' NO_COLOR=1 TERM=xterm '$DOJO'; echo H-EXITED; sleep 30"
done
# pane_has SESSION ERE: polls (up to ~20 s: two REPLs start on a loaded
# machine) for a line of SESSION's pane matching ERE.
pane_has() {
    local i
    for ((i = 0; i < 200; i++)); do
        tm capture-pane -p -t "$1" | grep -Eq -- "$2" && return 0
        sleep 0.1
    done
    return 1
}
for n in 1 2; do
    if ! pane_has "h$n" '^> ?$'; then
        fail "history: REPL $n showed no prompt; its pane:"
        tm capture-pane -p -t "h$n" >&2
    fi
    tm send-keys -t "h$n" -l -- "return \"session_$n\""
    tm send-keys -t "h$n" Enter
done
for n in 1 2; do
    pane_has "h$n" "^\"session_$n\"\$" || fail "history: REPL $n did not answer"
done
for n in 1 2; do
    tm send-keys -t "h$n" -l -- ':quit'
    tm send-keys -t "h$n" Enter
done
for n in 1 2; do
    pane_has "h$n" '^H-EXITED' || fail "history: REPL $n did not exit"
done
for want in 'return "session_1"' 'return "session_2"' '1+1'; do
    if ! grep -qxF -- "$want" "$hist"; then
        fail "history: two REPLs exited; expected '$want' kept in $hist; it holds:"
        sed 's/^/  | /' "$hist" >&2
    fi
done
tm kill-server >/dev/null 2>&1

if [ $failures -gt 0 ]; then
    echo "repl_tmux.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "repl_tmux.sh: all checks passed"
