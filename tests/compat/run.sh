#!/usr/bin/env bash
# run.sh: the busted compatibility suite. dojo's verdict for every test of
# every case in tests/compat/cases must be the one the real busted gives
# (recorded in cases/<name>/expected.txt by tests/compat/record.sh).
#
#   bash tests/compat/run.sh /path/to/dojo /path/to/source-root
#
# For each case folder (busted layout: <module>.lua beside <name>_spec.lua)
# it runs `dojo grade <folder> --format tap`, reads dojo's verdict per test
# from the TAP ("ok N - NAME" pass, "ok N - NAME # SKIP pending" pending,
# "not ok N - NAME" fail or error after the "severity:" line of its YAML
# block), and compares the list with expected.txt, line by line: the same
# names, in the same order, with the same verdicts. Every difference is
# printed with the test name, busted's verdict, dojo's verdict and dojo's
# message. Then, when busted is installed (CI installs lua-busted), it records
# busted's verdicts again in a temporary folder and checks expected.txt is
# still exactly what busted says, so the fixtures can't drift.
# Exit status: 0 when everything matches, 1 otherwise.
#
# The mapping between busted's reports and dojo's cases (expected.txt holds
# busted's side of it; see record.sh and verdicts_output.lua):
#
#   * a test busted ran: dojo must give the very same verdict;
#   * a test busted did not run because a before_each or lazy_setup raised
#     (expected "error NAME"): dojo must report that test as error;
#   * a describe body (or the file) or a setup/strict_setup that raised: busted
#     runs none of the block's tests and reports one error; expected.txt has
#     one line "error BLOCK" (BLOCK = the block's full name, "(file)" for the
#     file) and no line for the tests: dojo must report exactly one error case
#     named BLOCK there, and nothing for the tests inside;
#   * an after_each, teardown or lazy_teardown that raised: busted keeps the
#     verdicts of the tests and reports the hook's error apart; expected.txt
#     has an extra "error BLOCK" line after the test (after_each) or after the
#     block's tests (teardowns): dojo must report an error case named BLOCK
#     there too;
#   * it('name') with no function: busted registers nothing, so expected.txt
#     has no line and dojo must report no case.
#
# Cases and tests are listed in cases/*/expected.txt; the suite prints how
# many of each it compared.
set -u

DOJO=${1:?usage: run.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: run.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
SRC=$(cd "$SRC" && pwd) || exit 1

COMPAT=$SRC/tests/compat
CASES=$COMPAT/cases

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-compat.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

export DOJO_HOME=$TMP/home
export XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data
export NO_COLOR=1
unset DOJO_PACK COLUMNS
cd "$TMP" || exit 1

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

[ -x "$DOJO" ] || { echo "run.sh: $DOJO is not an executable" >&2; exit 1; }

# tap_verdicts: dojo's TAP on stdin -> "VERDICT<TAB>NAME<TAB>MESSAGE" per
# case, MESSAGE being the YAML "message" block on one line, its lines joined
# by " / " (cut after ~400 characters; empty for a pass). Undoes tap.c's escapes ("\#", "\\").
tap_verdicts() {
    awk '
        function unescape(s,    out, i, c) {
            out = ""
            for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (c == "\\" && i < length(s)) { i++; c = substr(s, i, 1) }
                out = out c
            }
            return out
        }
        function flush() {
            if (have) print verdict "\t" name "\t" msg
            have = 0
        }
        /^(not )?ok [0-9]+ - / {
            flush()
            have = 1; inmsg = 0; msg = ""; nmsg = 0
            ok = ($1 == "ok")
            name = $0
            sub(/^(not )?ok [0-9]+ - /, "", name)
            if (ok && name ~ / # SKIP pending$/) { sub(/ # SKIP pending$/, "", name); verdict = "pending" }
            else verdict = ok ? "pass" : "fail"
            name = unescape(name)
            next
        }
        /^  severity: error$/ { verdict = "error"; next }
        /^  message: \|$/ { inmsg = 1; next }
        inmsg && /^    / {
            line = substr($0, 5); sub(/^ +/, "", line)
            if (length(msg) < 400) msg = (nmsg++ ? msg " / " : "") line
            next
        }
        { inmsg = 0 }
        END { flush() }'
}

# compare CASE EXPECTED DOJO_TSV: prints every difference between busted's
# verdicts (EXPECTED: "VERDICT NAME" lines) and dojo's (DOJO_TSV from
# tap_verdicts). Names may repeat (hook-error lines): the k-th occurrence of a
# name is matched with the k-th. Then the order is compared. Exit 0 = same.
compare() {
    awk -v case_name="$1" -v expected="$2" -v actual="$3" '
        BEGIN {
            FS = "\t"
            while ((getline line < expected) > 0) {
                v = line; sub(/ .*$/, "", v)
                n = line; sub(/^[^ ]* /, "", n)
                k = n SUBSEP (++ecount[n])
                ev[k] = v; eorder[++ne] = k
            }
            while ((getline line < actual) > 0) {
                split(line, f, "\t")
                k = f[2] SUBSEP (++acount[f[2]])
                av[k] = f[1]; am[k] = f[3]; aorder[++na] = k
            }
            bad = 0
            for (i = 1; i <= ne; i++) {
                k = eorder[i]; split(k, p, SUBSEP)
                if (!(k in av)) {
                    report(p[1], ev[k], "(no such case)", "")
                } else if (av[k] != ev[k]) {
                    report(p[1], ev[k], av[k], am[k])
                }
            }
            for (i = 1; i <= na; i++) {
                k = aorder[i]; split(k, p, SUBSEP)
                if (!(k in ev)) report(p[1], "(no such test)", av[k], am[k])
            }
            if (!bad && ne == na) {
                for (i = 1; i <= ne; i++) if (eorder[i] != aorder[i]) {
                    split(eorder[i], p, SUBSEP); split(aorder[i], q, SUBSEP)
                    printf "  %s: order differs at line %d: busted has \"%s\", dojo \"%s\"\n", case_name, i, p[1], q[1]
                    bad = 1
                    break
                }
            }
            exit bad
        }
        function report(name, bv, dv, msg) {
            printf "  %s: \"%s\": busted %s, dojo %s\n", case_name, name, bv, dv
            if (msg != "") printf "      dojo: %s\n", msg
            bad = 1
        }'
}

ncases=0
ntests=0
nbad=0
for dir in "$CASES"/*/; do
    dir=${dir%/}
    name=${dir##*/}
    expected=$dir/expected.txt
    if [ ! -f "$expected" ]; then
        fail "case $name: no expected.txt (run tests/compat/record.sh)"
        continue
    fi
    ncases=$((ncases + 1))
    ntests=$((ntests + $(wc -l <"$expected")))
    "$DOJO" grade "$dir" --format tap </dev/null >"$TMP/$name.tap" 2>"$TMP/$name.err"
    rc=$?
    if [ $rc -gt 1 ]; then
        fail "case $name: dojo grade exited with status $rc"
        sed 's/^/  | /' "$TMP/$name.tap" "$TMP/$name.err" >&2
        continue
    fi
    tap_verdicts <"$TMP/$name.tap" >"$TMP/$name.dojo"
    # Deliberate differences (known_differences.txt) replace busted's verdict.
    awk -F'\t' -v case_name="$name" -v known="$COMPAT/known_differences.txt" '
        BEGIN { while ((getline l < known) > 0) if (l !~ /^#/) {
                    split(l, f, "\t"); if (f[1] == case_name) over[f[3]] = f[2] } }
        { v = $0; sub(/ .*$/, "", v); n = $0; sub(/^[^ ]* /, "", n)
          print ((n in over) ? over[n] : v) " " n }' "$expected" >"$TMP/$name.expected"
    expected=$TMP/$name.expected
    if ! compare "$name" "$expected" "$TMP/$name.dojo" >"$TMP/$name.diff"; then
        n=$(grep -c '^  [^ ]' "$TMP/$name.diff")
        nbad=$((nbad + n))
        fail "case $name: $n difference(s) between busted (expected.txt) and dojo"
        cat "$TMP/$name.diff" >&2
    fi
    # dojo's exit status agrees with busted's: 0 only when every test passed
    # or is pending.
    if grep -qv '^\(pass\|pending\) ' "$expected"; then want=1; else want=0; fi
    [ $rc -eq $want ] || fail "case $name: dojo grade exited with status $rc, busted's verdicts call for $want"
done
[ $ncases -gt 0 ] || fail "no case folders in $CASES"

# --- expected.txt is still what busted says -----------------------------------

if command -v busted >/dev/null 2>&1; then
    if bash "$COMPAT/record.sh" --out "$TMP/record" >"$TMP/record.log" 2>&1; then
        for dir in "$CASES"/*/; do
            dir=${dir%/}
            name=${dir##*/}
            [ -f "$dir/expected.txt" ] || continue
            if ! cmp -s "$dir/expected.txt" "$TMP/record/$name/expected.txt"; then
                fail "case $name: expected.txt is no longer what busted says (re-run tests/compat/record.sh and review)"
                diff "$dir/expected.txt" "$TMP/record/$name/expected.txt" | sed 's/^/  /' >&2
            fi
        done
    else
        fail "record.sh failed, so expected.txt could not be checked against busted"
        sed 's/^/  | /' "$TMP/record.log" >&2
    fi
else
    echo "run.sh: busted is not on PATH: expected.txt not checked against busted (install lua-busted)" >&2
fi

echo "run.sh: $ncases cases, $ntests expected verdicts, $nbad difference(s) between busted and dojo"
if [ $failures -gt 0 ]; then
    echo "run.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "run.sh: all checks passed"
