#!/usr/bin/env bash
# env.sh: what dojo takes from its environment and global flags: colour
# (--color=auto|always|never before or after the command word, NO_COLOR,
# auto meaning "on a terminal": checked under script(1)'s pseudo-terminal),
# and the folders: with neither HOME nor the variable a command needs
# (DOJO_HOME, XDG_DATA_HOME/DOJO_DB, XDG_STATE_HOME) one line and exit 2,
# while -e, FILE.lua, --help and --version need none of them.
#
#   bash tests/integration/env.sh /path/to/dojo /path/to/source-root
set -u

DOJO=${1:?usage: env.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: env.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-env.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data DOJO_PACK=$SRC
unset NO_COLOR DOJO_DB
export TERM=xterm
OUT=$TMP/out
ERR=$TMP/err
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
run() {
    timeout 20 "$@" </dev/null >"$OUT" 2>"$ERR"
    rc=$?
}
ESC=$(printf '\033')
has_color() { grep -q "$ESC\[" "$OUT"; }

# --- colour ---------------------------------------------------------------------
run "$DOJO" katas
[ "$rc" = 0 ] || fail "katas: exit $rc"
has_color && fail "katas piped: colour without --color"
run "$DOJO" --color=always katas
has_color || fail "--color=always katas (piped): no colour"
run "$DOJO" katas --color always
has_color || fail "katas --color always (after the word): no colour"
run env NO_COLOR=1 "$DOJO" --color always katas
has_color || fail "--color always beats NO_COLOR"
run "$DOJO" --color=sometimes katas
[ "$rc" = 2 ] && [ "$(wc -l <"$ERR")" = 1 ] && grep -q "auto, always or never, not 'sometimes'" "$ERR" ||
    fail "--color=sometimes: rc $rc, stderr $(cat "$ERR")"
run "$DOJO" katas --color
[ "$rc" = 2 ] && grep -q "dojo katas: --color needs a value" "$ERR" || fail "katas --color: rc $rc $(cat "$ERR")"
if command -v script >/dev/null; then
    # on a terminal: colour by default; not with NO_COLOR or --color=never
    # (the kata list is longer than the pty: PAGER=cat shows it, as git does)
    export PAGER=cat
    script -qec "'$DOJO' katas" /dev/null >"$OUT" 2>&1 </dev/null
    has_color || fail "katas on a terminal: no colour"
    NO_COLOR=1 script -qec "'$DOJO' katas" /dev/null >"$OUT" 2>&1 </dev/null
    has_color && fail "NO_COLOR=1 katas on a terminal: colour"
    script -qec "'$DOJO' katas --color=never" /dev/null >"$OUT" 2>&1 </dev/null
    has_color && fail "katas --color=never on a terminal: colour"
    # check stays human (not TAP) on a terminal and in a pipe
    script -qec "'$DOJO' check limiter --reference --color=never" /dev/null >"$OUT" 2>&1 </dev/null
    grep -q "TAP version" "$OUT" && fail "check on a terminal: TAP"
    grep -qE '^[0-9]+ passed, 0 failed' "$OUT" || fail "check --reference on a terminal: no closing line"
fi

# --- folders ----------------------------------------------------------------------
# run_bare ARGS...: dojo with no HOME and none of the folder variables.
run_bare() {
    run env -u HOME -u DOJO_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME -u DOJO_DB "$DOJO" "$@"
}
# needs WHAT VAR ARGS...: the command stops: exit 2, one line naming VAR.
needs() {
    local what=$1 var=$2
    shift 2
    run_bare "$@"
    [ "$rc" = 2 ] || fail "$what without HOME: exit $rc, expected 2"
    [ "$(wc -l <"$ERR")" = 1 ] || fail "$what without HOME: expected one line on stderr: $(cat "$ERR")"
    grep -q "set HOME.*$var" "$ERR" || fail "$what without HOME: the line does not name HOME and $var: $(cat "$ERR")"
    [ -e /tmp/dojo/limiter ] && [ ! -e "$TMP/tmp-dojo-was-there" ] && fail "$what: wrote to /tmp/dojo"
    return 0
}
[ -e /tmp/dojo/limiter ] && touch "$TMP/tmp-dojo-was-there"
needs "start" DOJO_HOME start limiter
needs "check" DOJO_HOME check limiter
needs "katas" XDG_DATA_HOME katas
needs "hint" XDG_DATA_HOME hint limiter
needs "progress" XDG_DATA_HOME progress
needs "quiz" XDG_DATA_HOME quiz --all
# ... each variable alone is enough
run env -u HOME -u XDG_DATA_HOME DOJO_DB=off "$DOJO" katas
[ "$rc" = 0 ] || fail "katas with DOJO_DB=off and no HOME: exit $rc: $(cat "$ERR")"
run env -u HOME "$DOJO" start limiter
[ "$rc" = 0 ] && [ -f "$DOJO_HOME/limiter/limiter.lua" ] || fail "start with DOJO_HOME and no HOME: rc $rc $(cat "$ERR")"
# what needs no folder
run_bare -e '1+1'
[ "$rc" = 0 ] && [ "$(cat "$OUT")" = 2 ] || fail "-e without HOME: rc $rc, $(cat "$OUT" "$ERR")"
echo 'return 6 * 7' >"$TMP/f.lua"
run_bare "$TMP/f.lua"
[ "$rc" = 0 ] && [ "$(cat "$OUT")" = 42 ] || fail "FILE.lua without HOME: rc $rc, $(cat "$OUT" "$ERR")"
for args in --help --version "check --help" "help grade" "completion bash"; do
    # shellcheck disable=SC2086
    run_bare $args
    [ "$rc" = 0 ] && [ -s "$OUT" ] && [ ! -s "$ERR" ] || fail "dojo $args without HOME: rc $rc, $(cat "$ERR")"
done
run_bare grade --reference limiter --format tap
[ "$rc" = 0 ] || fail "grade --reference without HOME: rc $rc, $(cat "$ERR")"
# check --reference records nothing and reads no file of yours: it needs no folder
run_bare check limiter --reference
[ "$rc" = 0 ] || fail "check --reference without HOME: rc $rc, $(cat "$ERR")"
# check --solution FILE needs no work folder, but records progress
needs "check --solution" XDG_DATA_HOME check limiter --solution "$SRC/tests/fixtures/limiter/right/limiter.lua"
run env -u HOME -u DOJO_HOME "$DOJO" check limiter --solution "$SRC/tests/fixtures/limiter/right/limiter.lua"
[ "$rc" = 0 ] || fail "check --solution with XDG_DATA_HOME and no HOME: rc $rc, $(cat "$ERR")"
needs "bench" DOJO_HOME bench limiter

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "env: all checks passed"
