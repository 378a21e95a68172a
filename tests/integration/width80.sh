#!/usr/bin/env bash
# width80.sh: the built-in pack reads well on an 80-column terminal. Every
# lesson (`dojo learn`), kata task (`dojo kata`), quiz question with its
# answer (`dojo quiz --all`) and hint (`dojo hint --all`), and what `dojo new`
# scaffolds, rendered at COLUMNS=80 with NO_COLOR, has no "↪" row (a code line
# the renderer had to break) and no line wider than 80 display columns.
#
#   bash tests/integration/width80.sh /path/to/dojo /path/to/source-root
set -u

DOJO=${1:?usage: width80.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: width80.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-width80.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data HOME=$TMP
export DOJO_PACK=$SRC NO_COLOR=1 COLUMNS=80
unset DOJO_PATH
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# check.py FILE...: for each FILE with a row that holds "↪" or is wider than
# 80 display columns (a code point is one column, East Asian wide and
# full-width ones two, combining marks none: "↪" and "─" are one each, not 3
# bytes), prints "FAIL: WHAT at COLUMNS=80:" and its first rows at fault as
# "LINE: [COLUMNS] TEXT", WHAT being the file's name (CMD_ARG.out) as "dojo
# CMD ARG"; exits 1 if any. A quiz read from a pipe prints its reply on the
# prompt's row (no Enter echoed), so the prompts at a row's start are left
# out of the count. One run for every file: python3 starts slowly.
cat >"$TMP/check.py" <<'PY'
import os, re, sys, unicodedata
def columns(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w
prompt = re.compile(r"^(?:(?:Your (?:answer|choice)[^:\n]*|How well did you recall it\?[^:\n]*): ?)+")
failed = 0
for path in sys.argv[1:]:
    rows = []
    for n, row in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
        row = prompt.sub("", row.rstrip("\n"))
        if "\u21aa" in row or columns(row) > 80:
            rows.append(f"    {n}: [{columns(row)}] {row}")
    if rows:
        failed += 1
        what = "dojo " + os.path.basename(path)[:-len(".out")].replace("_", " ")
        print(f"FAIL: {what} at COLUMNS=80: {len(rows)} row(s) with ↪ or wider than 80 columns")
        print("\n".join(rows[:5]))
sys.exit(1 if failed else 0)
PY

# render NAME ARGS...: runs dojo ARGS into $TMP/out/NAME.out (stdin from
# $TMP/NAME.in when there is one, else /dev/null); a failure to run is a
# FAIL. NAME is ARGS joined by "_" (ids hold no "_"), for check.py's messages.
mkdir -p "$TMP/out"
render() {
    local name=$1 in=/dev/null
    shift
    [ -f "$TMP/$name.in" ] && in=$TMP/$name.in
    timeout 60 "$DOJO" "$@" <"$in" >"$TMP/out/$name.out" 2>"$TMP/$name.err" ||
        { fail "dojo $* exited $?: $(head -c 300 "$TMP/$name.err")"; return 1; }
}

# The check itself can fail: a code line too long for 80 columns, in a pack of
# one lesson, comes out as "↪" rows; a rule of 81 "─" is too wide, of 80 not.
mkdir -p "$TMP/canary/lessons" "$TMP/canary-out"
fence='```'
printf '# Canary\n\n%slua\nlocal t = { "%s" }\n%s\n' "$fence" "$(printf 'x%.0s' $(seq 90))" "$fence" \
    >"$TMP/canary/lessons/01-canary.md"
echo 'return { name = "canary", version = "0.1.0" }' >"$TMP/canary/pack.lua"
printf '%s\n' "$(printf '─%.0s' $(seq 80))" >"$TMP/canary-out/rule80.out"
printf '%s\n' "$(printf '─%.0s' $(seq 81))" >"$TMP/canary-out/rule81.out"
if DOJO_PACK=$TMP/canary render learn_canary learn canary; then
    mv "$TMP/out/learn_canary.out" "$TMP/canary-out/"
    grep -q '↪' "$TMP/canary-out/learn_canary.out" ||
        fail "a 100-column code line shows no ↪ row: $(head -c 400 "$TMP/canary-out/learn_canary.out")"
    python3 "$TMP/check.py" "$TMP"/canary-out/*.out >"$TMP/canary.check"
    grep -q '^FAIL: dojo learn canary at' "$TMP/canary.check" || fail "check.py passes a lesson with ↪ rows"
    grep -q '^FAIL: dojo rule81 at' "$TMP/canary.check" || fail "check.py passes a row of 81 columns"
    grep -q 'rule80' "$TMP/canary.check" && fail "check.py counts a row of 80 \"─\" as wider than 80 columns"
fi

# Every lesson, and its quiz with every question answered (an answer, then
# an empty line, for each prompt: predict, choice and recall alike).
for _ in $(seq 400); do printf 'a\n\n'; done >"$TMP/answers"
lessons=0
for md in "$SRC"/lessons/*.md; do
    name=$(basename "$md" .md)
    name=${name#*-}
    render "learn_$name" learn "$name"
    cp "$TMP/answers" "$TMP/quiz_${name}_--all.in"
    if render "quiz_${name}_--all" quiz "$name" --all; then
        asked=$(grep -cE '^\[[0-9]+/[0-9]+\] ' "$TMP/out/quiz_${name}_--all.out")
        total=$(grep -cE '^### Q[0-9]+ ' "$md")
        [ "$asked" -eq "$total" ] || fail "dojo quiz $name --all showed $asked of $total questions"
    fi
    lessons=$((lessons + 1))
done
[ "$lessons" -ge 8 ] || fail "only $lessons lessons found in $SRC/lessons"

# Every kata's task, and all its hints (seen one by one, then --all).
katas=0
for manifest in "$SRC"/katas/*/*/kata.lua; do
    id=$(basename "$(dirname "$manifest")")
    render "kata_$id" kata "$id"
    for _ in 1 2 3 4 5 6 7 8; do
        "$DOJO" hint "$id" </dev/null 2>&1 | grep -q '^That was the last hint' && break
    done
    if render "hint_${id}_--all" hint "$id" --all; then
        grep -qE '^Hint ([0-9]+) of \1:' "$TMP/out/hint_${id}_--all.out" ||
            fail "dojo hint $id --all does not show the last hint: $(head -c 300 "$TMP/out/hint_${id}_--all.out")"
    fi
    katas=$((katas + 1))
done
[ "$katas" -ge 30 ] || fail "only $katas katas found in $SRC/katas"

# What `dojo new` writes (src/templates/), rendered as a learner sees it.
if "$DOJO" new pack "$TMP/scaffold" >/dev/null 2>&1 &&
    "$DOJO" new kata closures/tally --pack "$TMP/scaffold" >/dev/null 2>&1 &&
    "$DOJO" new lesson closures --pack "$TMP/scaffold" >/dev/null 2>&1; then
    DOJO_PACK=$TMP/scaffold render "learn_closures_(new_lesson)" learn closures
    DOJO_PACK=$TMP/scaffold render "kata_tally_(new_kata)" kata tally
else
    fail "dojo new could not scaffold a pack, a kata and a lesson"
fi

# Every rendering at once.
python3 "$TMP/check.py" "$TMP"/out/*.out >"$TMP/check.out" 2>&1
rc=$?
bad=$(grep -c '^FAIL: ' "$TMP/check.out")
cat "$TMP/check.out" >&2
failures=$((failures + bad))
[ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && fail "check.py exited $rc: $(head -c 300 "$TMP/check.out")"

if [ "$failures" -gt 0 ]; then
    echo "width80: $failures failure(s)" >&2
    exit 1
fi
echo "width80: $lessons lessons with their quizzes, $katas katas with their hints and dojo new's lesson and kata fit 80 columns"
