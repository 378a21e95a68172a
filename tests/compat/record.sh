#!/usr/bin/env bash
# record.sh: records what the real busted says about every compat case, as
# tests/compat/cases/<name>/expected.txt (the truth tests/compat/run.sh holds
# dojo to).
#
#   bash tests/compat/record.sh               # rewrite every expected.txt
#   bash tests/compat/record.sh --out DIR     # write DIR/<name>/expected.txt
#                                             # instead (run.sh's drift check)
#   bash tests/compat/record.sh [--out DIR] NAME...   # only these cases
#
# Needs busted (Debian: lua-busted, run as `busted --lua=lua5.4`). Each case
# folder is in the busted layout: <module>.lua solution module(s) beside
# <name>_spec.lua; busted runs in the folder with verdicts_output.lua (this
# folder) as its output handler. Exit status: 0 when every case was recorded.
#
# expected.txt: one line per test, "<verdict> <full name>", verdict one of
# pass, fail, error, pending; a single space; in busted's run order
# (declaration order). Full names are busted's: the describe names and the
# test name joined by spaces, without the file.
#
# Mapping of what busted does not report as a test verdict (busted reports
# errors outside a test, in hooks and describe bodies, against the hook or
# block; dojo reports cases):
#
#   * a test busted ran                   -> busted's own verdict for it;
#   * a test busted skipped because a before_each or a lazy_setup (of its
#     block or an outer one) raised      -> "error NAME": busted never passes
#     such a test (it reports the hook's error); dojo must report the test
#     as error;
#   * a describe whose body raised (or the file itself), or whose setup /
#     strict_setup raised                 -> one line "error BLOCK" for the
#     block and none for the tests inside it (busted runs none of them and
#     reports one error; dojo reports one case named after the block);
#   * an after_each that raised           -> the test keeps busted's verdict,
#     followed by a line "error BLOCK" for the block the after_each belongs
#     to (busted publishes the verdict before after_each runs, then reports
#     the hook's error apart);
#   * a teardown / strict_teardown / lazy_teardown that raised -> a line
#     "error BLOCK" after the block's tests;
#   * it('name') without a function       -> nothing: busted 2.1.1 registers
#     no test at all for it.
#
# BLOCK is the block's full name, "(file)" for the spec file itself, as dojo
# names a block-level case. Lines of hook errors are not test names and may
# repeat.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$HERE/cases
HANDLER=$HERE/verdicts_output.lua
OUT=

usage() {
    echo "usage: record.sh [--out DIR] [CASE...]" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    --out)
        [ $# -ge 2 ] || usage
        OUT=$2
        shift 2
        ;;
    -h | --help) usage ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
    esac
done

if ! command -v busted >/dev/null 2>&1; then
    echo "record.sh: busted is not on PATH (install lua-busted)" >&2
    exit 1
fi

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for d in "$CASES"/*/; do
        d=${d%/}
        names+=("${d##*/}")
    done
fi
[ ${#names[@]} -gt 0 ] || { echo "record.sh: no case folders in $CASES" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-compat-record.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

unset LUA_INIT LUA_INIT_5_4 LUA_PATH LUA_PATH_5_4 LUA_CPATH LUA_CPATH_5_4

# record NAME: busted on cases/NAME; its verdict lines in $TMP/NAME.out,
# its stderr in $TMP/NAME.err, its exit status in $TMP/NAME.rc.
record() {
    (cd "$CASES/$1" &&
        busted --lua=lua5.4 -o "$HANDLER" . \
            >"$TMP/$1.out" 2>"$TMP/$1.err")
    echo $? >"$TMP/$1.rc"
}

# Every case at once: busted takes ~0.1 s to start.
for name in "${names[@]}"; do
    if [ ! -d "$CASES/$name" ]; then
        echo "record.sh: no case folder $CASES/$name" >&2
        exit 1
    fi
    record "$name" &
done
wait

status=0
for name in "${names[@]}"; do
    rc=$(cat "$TMP/$name.rc")
    # busted exits 0 when all passed and 1 when something failed or errored.
    if [ "$rc" -gt 1 ] || [ -s "$TMP/$name.err" ] || [ ! -s "$TMP/$name.out" ] ||
        grep -qv '^\(pass\|fail\|error\|pending\) ' "$TMP/$name.out"; then
        echo "record.sh: busted on case $name: exit status $rc, unexpected output:" >&2
        sed 's/^/  | /' "$TMP/$name.out" "$TMP/$name.err" >&2
        status=1
        continue
    fi
    if [ -n "$OUT" ]; then
        mkdir -p "$OUT/$name" && cp "$TMP/$name.out" "$OUT/$name/expected.txt" || status=1
    else
        cp "$TMP/$name.out" "$CASES/$name/expected.txt" || status=1
    fi
done
exit $status
