#!/usr/bin/env bash
# help.sh: the command layer generated from one table (src/cmd/table.c):
# `dojo CMD --help` and `dojo help CMD` for every command (exit 0, every
# flag listed), flags in both forms, `--` ending flags, the usage errors
# (unknown flag, missing value, bad number, a value given to a switch: one
# line on stderr, exit 2), --version, the man page, and the bash completion
# script sourced in bash and called as bash calls it (COMP_WORDS).
#
#   bash tests/integration/help.sh /path/to/dojo /path/to/source-root
set -u

DOJO=${1:?usage: help.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: help.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-help.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data DOJO_PACK=$SRC
export NO_COLOR=1
OUT=$TMP/out
ERR=$TMP/err
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
run() {
    timeout 20 "$DOJO" "$@" </dev/null >"$OUT" 2>"$ERR"
    rc=$?
}
# one_line_error WHAT NEEDLE: exit 2, stdout empty, one stderr line with NEEDLE.
one_line_error() {
    [ "$rc" = 2 ] || fail "$1: exit status $rc, expected 2"
    [ "$(wc -l <"$ERR")" = 1 ] || fail "$1: expected one line on stderr, got: $(cat "$ERR")"
    grep -qF -- "$2" "$ERR" || fail "$1: stderr lacks '$2': $(cat "$ERR")"
    [ -s "$OUT" ] && fail "$1: expected nothing on stdout, got: $(head -3 "$OUT")"
    return 0
}

# --- every command's help lists every flag of its table row ---------------
run __complete commands
[ "$rc" = 0 ] || fail "__complete commands: exit $rc"
mapfile -t cmds <"$OUT"
[ "${#cmds[@]}" -ge 13 ] || fail "__complete commands lists ${#cmds[@]} commands, expected at least 13"
run --help
[ "$rc" = 0 ] || fail "dojo --help: exit $rc"
cp "$OUT" "$TMP/usage"
for c in "${cmds[@]}"; do
    grep -qE "^  dojo $c( |$)" "$TMP/usage" || fail "dojo --help does not list '$c'"
    run __complete flags "$c"
    [ "$rc" = 0 ] || fail "__complete flags $c: exit $rc"
    mapfile -t flags <"$OUT"
    run "$c" --help
    [ "$rc" = 0 ] || fail "dojo $c --help: exit $rc"
    grep -q "^usage: dojo $c" "$OUT" || fail "dojo $c --help: no usage line"
    cp "$OUT" "$TMP/help"
    run help "$c"
    [ "$rc" = 0 ] || fail "dojo help $c: exit $rc"
    cmp -s "$OUT" "$TMP/help" || fail "dojo help $c differs from dojo $c --help"
    for f in "${flags[@]}"; do
        grep -qE "^  $f( [A-Z]+)? " "$TMP/help" || fail "dojo $c --help does not list $f"
        # Each flag is accepted in its form (FLAG=VALUE or a switch), then --help.
        if grep -qE "^  $f [A-Z]+ " "$TMP/help"; then
            run "$c" "$f=x" --help
        else
            run "$c" "$f" --help
        fi
        [ "$rc" = 0 ] || fail "dojo $c $f ... --help: exit $rc: $(cat "$ERR")"
    done
    run "$c" --no-such-flag
    one_line_error "dojo $c --no-such-flag" "dojo $c: unknown flag '--no-such-flag' (see: dojo $c --help)"
done
# the grading flags the issue found missing from grade's help
run grade --help
for f in --kata --jobs --summary --output --show-hidden --server --spec --timeout --memory --format; do
    grep -q "^  $f" "$OUT" || fail "grade --help lacks $f"
done

# --- usage errors ------------------------------------------------------------
run check limiter --timeout
one_line_error "flag missing its value" "dojo check: --timeout needs a value"
run check limiter --timeout abc
one_line_error "bad number" "dojo check: --timeout takes a number of seconds > 0, not 'abc'"
run check limiter --memory=-1
one_line_error "negative --memory=" "--memory takes a number of MiB > 0, not '-1'"
run grade "$SRC/katas/closures/limiter" --jobs 1.5
one_line_error "fractional --jobs" "dojo grade: --jobs takes a whole number"
run check limiter --reference=yes
one_line_error "a value given to a switch" "dojo check: --reference takes no value"
run help nosuch
one_line_error "help for an unknown command" "dojo help: unknown command 'nosuch'"
run nosuch
one_line_error "unknown command" "dojo: unknown command 'nosuch'"
run check
one_line_error "check without a kata" "dojo check: needs one kata id"
# -- ends the flags: what follows is a kata id, not a flag
run check -- --weird
[ "$rc" = 2 ] || fail "check -- --weird: exit $rc"
grep -q "unknown flag" "$ERR" && fail "check -- --weird: '--' did not end the flags: $(cat "$ERR")"
grep -q -- "--weird" "$ERR" || fail "check -- --weird: the error does not name the kata: $(cat "$ERR")"
# both forms give a value: --format tap and --format=tap
run check limiter --reference --format tap
[ "$rc" = 0 ] && grep -q "^TAP version 13" "$OUT" || fail "check --format tap: rc $rc: $(head -3 "$OUT")"
run check limiter --reference --format=junit
[ "$rc" = 0 ] && grep -q "<testsuites" "$OUT" || fail "check --format=junit: rc $rc: $(head -3 "$OUT")"

# --- version, man page -------------------------------------------------------
run --version
[ "$rc" = 0 ] || fail "--version: exit $rc"
grep -qE '^dojo [0-9]+\.[0-9]+\.[0-9]+ \(Lua 5\.4\.[0-9]+\)$' "$OUT" || fail "--version: $(cat "$OUT")"
run help --man
[ "$rc" = 0 ] || fail "help --man: exit $rc"
head -1 "$OUT" | grep -q '^\.TH DOJO 1 ' || fail "help --man: no .TH line"
for c in "${cmds[@]}"; do
    grep -q "^\.B dojo $(printf %s "$c" | sed 's/-/\\\\-/g')\$" "$OUT" || fail "the man page lacks dojo $c"
done
if command -v groff >/dev/null; then
    warn=$(groff -man -Tutf8 -ww -z "$OUT" 2>&1)
    [ -z "$warn" ] || fail "groff warns about the man page: $warn"
fi

# --- bash completion ----------------------------------------------------------
run completion bash
[ "$rc" = 0 ] || fail "completion bash: exit $rc"
cp "$OUT" "$TMP/completion.bash"
run completion zsh
one_line_error "completion zsh" "dojo completion: knows bash only"
# complete WORD...: the candidates bash would offer for the last word.
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _dojo; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$TMP/completion.bash" "$DOJO" "$@"
}
got=$(complete_words ch)
[ "$got" = check ] || fail "completion of 'dojo ch': [$got]"
got=$(complete_words "" | wc -l)
[ "$got" -ge "${#cmds[@]}" ] || fail "completion of 'dojo ': $got words"
got=$(complete_words grade --sh)
[ "$got" = --show-hidden ] || fail "completion of 'dojo grade --sh': [$got]"
got=$(complete_words grade --s | sort | tr '\n' ' ')
[ "$got" = "--server --show-hidden --spec --summary " ] || fail "completion of 'dojo grade --s': [$got]"
got=$(complete_words check lim)
[ "$got" = limiter ] || fail "completion of 'dojo check lim': [$got]"
got=$(complete_words grade --kata counte)
[ "$got" = counter ] || fail "completion of 'dojo grade --kata counte': [$got]"
got=$(complete_words learn clo)
[ "$got" = closures ] || fail "completion of 'dojo learn clo': [$got]"
got=$(complete_words help gr)
[ "$got" = grade ] || fail "completion of 'dojo help gr': [$got]"
nkatas=$(find "$SRC/katas" -name kata.lua | wc -l)
got=$(complete_words start "" | wc -l)
[ "$got" = "$nkatas" ] || fail "completion of 'dojo start ': $got ids, the pack has $nkatas katas"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "help: all checks passed"
