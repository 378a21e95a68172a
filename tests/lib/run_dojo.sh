# tests/lib/run_dojo.sh: helpers shared by integration scripts, sourced
# after they set DOJO (the binary) and TMP (their scratch folder).
#   run NAME ARGS...   runs "$DOJO" ARGS with no stdin, keeping
#                      $TMP/NAME.out, $TMP/NAME.err and $TMP/NAME.rc
#   status NAME        the exit status run NAME kept
#   fail MESSAGE       one "FAIL: MESSAGE" line on stderr; counts $failures
#   has FILE REGEX MSG fails with MSG (and FILE's head) unless $TMP/FILE
#                      has a line matching the extended REGEX
#   lines FILE         the number of lines of $TMP/FILE
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() {
    local name=$1
    shift
    "$DOJO" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null
    echo $? >"$TMP/$name.rc"
}
status() { cat "$TMP/$1.rc"; }
has() { grep -qE -- "$2" "$TMP/$1" || fail "$3: $(head -c 800 "$TMP/$1")"; }
lines() { wc -l <"$TMP/$1" | tr -d ' '; }
