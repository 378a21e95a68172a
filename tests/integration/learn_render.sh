#!/usr/bin/env bash
# learn_render.sh: `dojo learn` as the learner runs it (not a terminal, so
# no pager and no REPL): every lesson at COLUMNS=80 and COLUMNS=60 with no
# line wider than that (a line of one unbreakable word excepted) and no
# escape byte (NO_COLOR); `--html FILE` writes a page, records nothing, and
# fails in one line with exit 2 when FILE can't be written or the lesson
# doesn't exist; a failed write leaves an existing FILE as it was.
#
#   bash tests/integration/learn_render.sh /path/to/dojo /path/to/source-root
set -u

DOJO=${1:?usage: learn_render.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: learn_render.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-learn.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data HOME=$TMP
export DOJO_PACK=$SRC NO_COLOR=1
unset DOJO_PATH
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# widest: the widest line of a file that is not one word, in code points.
widest() {
    python3 - "$1" <<'PY'
import sys
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if len(line.strip(" |").split()) > 1:
        w = max(w, len(line))
print(w)
PY
}

n=0
for md in "$SRC"/lessons/*.md; do
    name=$(basename "$md" .md)
    name=${name#*-}
    for cols in 80 60; do
        COLUMNS=$cols timeout 30 "$DOJO" learn "$name" </dev/null >"$TMP/out" 2>"$TMP/err" ||
            { fail "learn $name at $cols columns exited $?: $(head -c 300 "$TMP/err")"; continue; }
        w=$(widest "$TMP/out")
        [ "$w" -le "$cols" ] || fail "learn $name at $cols columns: a line is $w wide"
        grep -q $'\033' "$TMP/out" && fail "learn $name: an escape byte with NO_COLOR set"
        [ "$cols" = 80 ] && ! grep -q "(Answer hidden: check yourself with: dojo quiz $name)" "$TMP/out" &&
            fail "learn $name: the answers are not pointed to dojo quiz"
        n=$((n + 1))
    done
done
[ "$n" -ge 16 ] || fail "only $n renderings checked"

# On a terminal (script(1)'s pty; stdin /dev/null, so no REPL; PAGER=cat):
# colour by default, Lua highlighted, still within 60 columns; none at all
# with NO_COLOR.
if command -v script >/dev/null 2>&1; then
    (unset NO_COLOR; export TERM=xterm; COLUMNS=60 PAGER=cat timeout 30 script -qec "'$DOJO' learn closures </dev/null" /dev/null) |
        tr -d '\r' >"$TMP/tty"
    grep -q $'\033\\[1m\033\\[35mlocal\033\\[0m' "$TMP/tty" || fail "learn on a terminal: no highlighted 'local'"
    sed 's/\x1b\[[0-9;]*m//g' "$TMP/tty" >"$TMP/tty.plain"
    w=$(widest "$TMP/tty.plain")
    [ "$w" -le 60 ] || fail "learn on a 60-column terminal: a line is $w wide"
    COLUMNS=60 PAGER=cat timeout 30 script -qec "'$DOJO' learn closures </dev/null" /dev/null >"$TMP/tty"
    grep -q $'\033' "$TMP/tty" && fail "learn on a terminal with NO_COLOR=1 wrote an escape byte"
    grep -q 'local function make_counter' "$TMP/tty" || fail "learn on a terminal showed no lesson"
fi

# --html: a page, "Wrote FILE", nothing recorded as read
rm -rf "$TMP/state"
timeout 30 "$DOJO" learn generators --html "$TMP/g.html" </dev/null >"$TMP/out" 2>"$TMP/err" ||
    fail "learn generators --html exited $?: $(cat "$TMP/err")"
grep -qx "Wrote $TMP/g.html" "$TMP/out" || fail "learn --html says: $(cat "$TMP/out")"
head -c 16 "$TMP/g.html" | grep -q '<!DOCTYPE html>' || fail "learn --html: not an HTML page"
grep -q '<span class="k">' "$TMP/g.html" || fail "learn --html: no highlighted Lua"
[ -s "$TMP/state/dojo/lesson" ] && fail "learn --html recorded the lesson as read"

# errors: one line, exit 2, an existing file kept
echo "keep me" >"$TMP/keep.html"
mkdir -p "$TMP/ro" && chmod 500 "$TMP/ro"
for args in "nosuch --html $TMP/x.html" "closures --html $TMP/missing/dir/x.html" \
            "closures extra --html $TMP/x.html" "closures --html"; do
    # shellcheck disable=SC2086
    timeout 30 "$DOJO" learn $args </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" = 2 ] || fail "learn $args: exit $rc, wanted 2"
    [ "$(wc -l <"$TMP/err")" = 1 ] || fail "learn $args: stderr is not one line: $(cat "$TMP/err")"
done
if [ "$(id -u)" != 0 ]; then # root writes anywhere
    timeout 30 "$DOJO" learn closures --html "$TMP/ro/x.html" </dev/null >/dev/null 2>&1 &&
        fail "learn --html into a read-only folder succeeded"
fi
timeout 30 "$DOJO" learn nosuch --html "$TMP/keep.html" </dev/null >/dev/null 2>&1
[ "$(cat "$TMP/keep.html")" = "keep me" ] || fail "a failed learn --html changed the existing file"

[ "$failures" = 0 ] || { echo "learn_render.sh: $failures failures" >&2; exit 1; }
echo "learn_render.sh: $n renderings within their width, --html and its errors"
