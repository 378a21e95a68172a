#!/usr/bin/env bash
# similar.sh: `dojo similar` on the memoize class of tests/fixtures/similar:
# the renamed and reordered copy is flagged (exit 1), the independent
# solutions are not, the starter's code makes no pair similar with --kata or
# --starter, the output is the same every run, json and csv parse, layout
# and comments change nothing, oversized and garbage files are cut or
# warned about, the count and size caps hold, and bad input is one line
# naming the file with exit 2.
#   bash tests/integration/similar.sh /path/to/dojo /path/to/source-root
set -u
DOJO=${1:?usage: similar.sh DOJO SRC}
SRC=${2:?usage: similar.sh DOJO SRC}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-similar.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1 DOJO_PACK=$SRC
CLASS=$SRC/tests/fixtures/similar/memoize
STARTER=$SRC/katas/decorators/memoize/starter.lua
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run: dojo similar ARGS..., stdout to $TMP/out, stderr to $TMP/err, status in $rc.
run() { "$DOJO" similar "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; }

# flagged pairs of a csv report, "a~b" per line
flagged() { awk -F, 'NR > 1 && $9 == "yes" { print $2 "~" $3 }' "$TMP/out"; }

# --- the fixtures are what they claim: four correct solutions ---
for who in alice bob carol dave; do
    "$DOJO" check memoize --solution "$CLASS/$who/memoize.lua" --format tap >"$TMP/check" 2>&1 ||
        fail "$who's memoize passes the kata's spec: $(tail -3 "$TMP/check")"
done

# --- the class, with the kata's starter left out ---
run "$CLASS" --kata memoize --format csv --top 0
[ $rc = 1 ] || fail "a flagged pair exits 1, got $rc: $(cat "$TMP/err")"
[ "$(flagged)" = "alice~bob" ] || fail "only alice~bob is flagged with --kata: $(cat "$TMP/out")"
head -1 "$TMP/out" | grep -qx 'rank,a,b,similarity,jaccard,shared,a_fingerprints,b_fingerprints,flagged' ||
    fail "csv header: $(head -1 "$TMP/out")"
sed -n 2p "$TMP/out" | awk -F, '$2 != "alice" || $3 != "bob" || $4 < 0.8 { exit 1 }' ||
    fail "alice~bob ranks first, similarity >= 0.8: $(sed -n 2p "$TMP/out")"
awk -F, 'NR > 2 && $4 >= 0.3 { exit 1 }' "$TMP/out" || fail "every other pair under 0.3: $(cat "$TMP/out")"
grep -q '^[0-9]*,erin,frank,' "$TMP/out" && fail "erin and frank share only the starter: $(cat "$TMP/out")"
[ -s "$TMP/err" ] && fail "no warning for a clean class: $(cat "$TMP/err")"
cp "$TMP/out" "$TMP/kata.csv"
run "$CLASS" --starter "$STARTER" --format=csv --top=0
cmp -s "$TMP/out" "$TMP/kata.csv" || fail "--starter FILE gives what --kata gives"
run "$CLASS" --kata memoize --format csv --top 0
cmp -s "$TMP/out" "$TMP/kata.csv" || fail "the same input gives the same output"

# --- without the starter left out, the two barely-touched starters look alike ---
run "$CLASS" --format csv --top 0
[ "$(flagged | sort | tr '\n' ' ')" = "alice~bob erin~frank " ] ||
    fail "without a starter erin~frank is flagged too: $(cat "$TMP/out")"
run "$CLASS" --format csv --top 0 --threshold 0.95
[ $rc = 0 ] && [ -z "$(flagged)" ] || fail "--threshold 0.95 flags nothing (exit 0), got $rc: $(cat "$TMP/out")"

# --- human: the pair, its scores and the line ranges of each file ---
run "$CLASS" --kata memoize --top 2
[ $rc = 1 ] || fail "human exit 1, got $rc"
grep -qE '^ +1 +9[0-9]% +[0-9]+% +[0-9]+ +alice ~ bob +<- above the threshold$' "$TMP/out" ||
    fail "human first row: $(cat "$TMP/out")"
grep -qE '^ +alice memoize\.lua:1[3-9]-[0-9]+ +~ bob memoize\.lua:[0-9]+-[0-9]+$' "$TMP/out" ||
    fail "passages of alice and bob: $(cat "$TMP/out")"
[ "$(grep -cE '^ +[0-9]+ +[0-9]+%' "$TMP/out")" = 2 ] || fail "--top 2 lists two pairs: $(cat "$TMP/out")"
grep -q '1 pair at or above 50% similar' "$TMP/out" || fail "closing line: $(tail -1 "$TMP/out")"

# --- json parses and says the same ---
run "$CLASS" --kata memoize --format json --top 0
python3 - "$TMP/out" "$TMP/kata.csv" <<'PY' || fail "json report: $(head -c 600 "$TMP/out")"
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert j["submissions"] == 6 and j["pairs_compared"] == 15 and j["flagged"] == 1, j
assert j["starter"].endswith("memoize/starter.lua")
assert len(j["pairs"]) == len(rows)
for p, r in zip(j["pairs"], rows):
    assert (p["a"], p["b"], p["shared"]) == (r["a"], r["b"], int(r["shared"])), (p, r)
top = j["pairs"][0]
assert top["flagged"] and top["a_lines"] and top["b_lines"], top
for rng in top["a_lines"] + top["b_lines"]:
    assert rng["file"] == "memoize.lua" and 1 <= rng["first"] <= rng["last"], rng
m = top["matches"]
assert len(m) >= 2 and sum(x["fingerprints"] for x in m) >= top["shared"] * 0.8, m
assert all(x[s]["file"] == "memoize.lua" and 1 <= x[s]["first"] <= x[s]["last"] for x in m for s in "ab"), m
# bob moved functions: some later passage of alice's is earlier in bob's file
assert any(x["a"]["first"] < y["a"]["first"] and x["b"]["first"] > y["b"]["first"] for x in m for y in m), m
PY

# --- layout, comments and names change nothing; flat .lua files are submissions ---
FLAT=$TMP/flat
mkdir -p "$FLAT"
cp "$CLASS/alice/memoize.lua" "$FLAT/alice_memoize.lua"
python3 - "$CLASS/alice/memoize.lua" "$FLAT/zed_memoize.lua" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"--[^\n]*", "", text)                 # no comments (alice has no -- in strings)
text = re.sub(r"\bcache\b", "the_store", text)       # one name renamed
text = "\n\n".join("   " + line.strip() for line in text.splitlines())  # re-indented, spread out
open(sys.argv[2], "w").write("--[[ mine, all mine ]]\n" + text)
PY
echo "not lua" >"$FLAT/notes.txt"
run "$FLAT" --format csv
[ "$(sed -n 2p "$TMP/out" | cut -d, -f2-5)" = "alice_memoize,zed_memoize,1.000,1.000" ] ||
    fail "a copy with other layout, comments and names is identical: $(cat "$TMP/out")"

# --- bounds: a file past 1 MiB is cut, and said so; garbage is warned about ---
BIG=$TMP/big
mkdir -p "$BIG/huge" "$BIG/garbage"
cp -r "$CLASS/alice" "$BIG/"
python3 -c "
import sys
src = open('$CLASS/bob/memoize.lua').read()
open('$BIG/huge/memoize.lua', 'w').write(src + '\n' + 'x = x + 1\n' * 300000)"
printf '$$$ \x00\x01 "open\n@@ %s\n' "$(cat "$CLASS/alice/memoize.lua")" >"$BIG/garbage/memoize.lua"
run "$BIG" --format csv --top 0
[ $rc = 1 ] || fail "bounds run exits 1 (alice is in huge and garbage), got $rc: $(cat "$TMP/err")"
grep -q "huge/memoize.lua: cut after [0-9]* of its [0-9]* bytes" "$TMP/err" || fail "cut warning: $(cat "$TMP/err")"
grep -q "garbage/memoize.lua:1: not valid Lua" "$TMP/err" || fail "lexing warning: $(cat "$TMP/err")"
grep -q '^[0-9]*,alice,garbage,' "$TMP/out" || fail "garbage still fingerprinted: $(cat "$TMP/out")"
grep -q '^[0-9]*,alice,huge,' "$TMP/out" || fail "a cut file still compared: $(cat "$TMP/out")"

# --- bad input: one line naming the file, exit 2 ---
bad() { # bad WANT ARGS...: exit 2 and one stderr line matching WANT
    local want=$1
    shift
    run "$@"
    [ $rc = 2 ] || fail "$* exits 2, got $rc"
    [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" || fail "$*: want one line with '$want': $(cat "$TMP/err")"
}
bad "$TMP/nowhere: No such file or directory" "$TMP/nowhere"
bad "not a folder" "$STARTER"
bad "needs a SUBMISSIONS folder"
bad "--top needs a value" "$CLASS" --top
bad "--kata needs a value" "$CLASS" --kata
bad "--threshold takes a number from 0 to 1, not '2'" "$CLASS" --threshold 2
bad "--threshold takes a number from 0 to 1, not 'nan'" "$CLASS" --threshold nan
bad "--top takes a whole number" "$CLASS" --top 2.5
bad "--format takes human, json or csv, not 'tap'" "$CLASS" --format tap
bad "unknown flag '--jobs'" "$CLASS" --jobs 2
bad "not both" "$CLASS" --kata memoize --starter "$STARTER"
bad "no-such-kata" "$CLASS" --kata no-such-kata
bad "$TMP/missing.lua: cannot read" "$CLASS" --starter "$TMP/missing.lua"
bad "$TMP: cannot read: Is a directory" "$CLASS" --starter "$TMP"
mkfifo "$TMP/fifo.lua"
bad "$TMP/fifo.lua: cannot read" "$CLASS" --starter "$TMP/fifo.lua"
if [ "$(id -u)" != 0 ]; then # root reads anything
    cp -r "$CLASS" "$TMP/locked"
    chmod 000 "$TMP/locked/dave/memoize.lua"
    bad "locked/dave/memoize.lua: cannot read" "$TMP/locked"
fi

# --- what a submission is: nested files count, spec files and links do not ---
NEST=$TMP/nest
mkdir -p "$NEST/deep/a/b" "$NEST/specs" "$NEST/plain"
cp "$CLASS/alice/memoize.lua" "$NEST/deep/a/b/impl.lua"       # two folders down: read
cp "$CLASS/alice/memoize.lua" "$NEST/specs/memoize_spec.lua"  # a spec file: skipped
cp "$CLASS/alice/memoize.lua" "$NEST/plain/memoize.lua"
ln -s "$CLASS/bob" "$NEST/linked"                             # a link: not followed
run "$NEST" --format csv
[ "$(sed -n 2p "$TMP/out" | cut -d, -f2-4)" = "deep,plain,1.000" ] || fail "nested file read: $(cat "$TMP/out")"
grep -qE ',(specs|linked),' "$TMP/out" && fail "spec files and links are not compared: $(cat "$TMP/out")"
grep -q "linked: a symbolic link, not followed" "$TMP/err" || fail "link warning: $(cat "$TMP/err")"
grep -q "specs: no .lua file (compared as empty)" "$TMP/err" || fail "empty submission warning: $(cat "$TMP/err")"

# --- at most 2000 submissions, and a warning saying where it stopped ---
MANY=$TMP/many
mkdir -p "$MANY"
for i in $(seq -w 0 2001); do echo "local x$i = $i return x$i" >"$MANY/s$i.lua"; done
run "$MANY" --format csv
[ $rc = 0 ] || fail "2002 tiny submissions exit 0, got $rc: $(cat "$TMP/err")"
grep -q "only the first 2000 submissions (in name order) are compared (at most 2000, 256 MiB in all); the 2 from s2000.lua on are not" "$TMP/err" ||
    fail "cap warning: $(cat "$TMP/err")"

# --- at most 256 MiB in all: 257 files of 1 MiB (sparse, all NUL bytes: not Lua) ---
TOTAL=$TMP/total
mkdir -p "$TOTAL"
for i in $(seq -w 0 256); do truncate -s 1M "$TOTAL/s$i.lua"; done
run "$TOTAL" --format csv
[ $rc = 0 ] || fail "257 MiB of NUL bytes exit 0, got $rc: $(tail -1 "$TMP/err")"
grep -q "only the first 256 submissions (in name order) are compared (at most 2000, 256 MiB in all); the 1 from s256.lua on are not" "$TMP/err" ||
    fail "total cap warning: $(tail -1 "$TMP/err")"
grep -q "s000.lua:1: not valid Lua (1 lexing error;" "$TMP/err" || fail "NUL bytes are one error: $(head -1 "$TMP/err")"
rm -rf "$TOTAL"

# --- an empty folder and a lone submission compare nothing ---
mkdir -p "$TMP/empty"
run "$TMP/empty"
[ $rc = 0 ] && grep -q "0 submissions, 0 pairs" "$TMP/out" || fail "empty folder: $rc $(cat "$TMP/out" "$TMP/err")"

[ $failures = 0 ] && echo "similar: all checks passed"
exit $((failures > 0))
