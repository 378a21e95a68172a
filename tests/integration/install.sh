#!/usr/bin/env bash
# install.sh: `cmake --install BUILD --prefix P` puts P/bin/dojo, the pack in
# P/share/dojo/{lessons,katas}, P/share/man/man1/dojo.1 and
# P/share/bash-completion/completions/dojo; the installed dojo, with
# DOJO_PACK unset, finds its pack beside it (P/share/dojo), lists and
# checks katas there, and its completion script completes from it.
#
#   bash tests/integration/install.sh /path/to/build/dojo /path/to/source-root
set -u

DOJO=${1:?usage: install.sh /path/to/build/dojo /path/to/source-root}
SRC=${2:?usage: install.sh /path/to/build/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
BUILD=$(dirname "$DOJO")
[ -f "$BUILD/CMakeCache.txt" ] || { echo "install.sh: $BUILD is not a CMake build folder" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-install.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
P=$TMP/prefix
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
unset DOJO_PACK
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

cmake --install "$BUILD" --prefix "$P" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log" >&2; exit 1; }
for f in bin/dojo share/man/man1/dojo.1 share/bash-completion/completions/dojo \
    share/dojo/katas/closures/limiter/spec.lua share/dojo/lessons/01-closures.md; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done
[ -x "$P/bin/dojo" ] || fail "P/bin/dojo is not executable"
nlessons=$(ls "$SRC"/lessons/*.md | wc -l)
[ "$(ls "$P"/share/dojo/lessons/*.md | wc -l)" = "$nlessons" ] || fail "not every lesson installed"

# The installed dojo finds its own pack (from /proc/self/exe), not the source tree.
root=$(cd "$TMP" && "$P/bin/dojo" __complete pack-root)
[ "$root" = "$(cd "$P/share/dojo" && pwd -P)" ] || fail "installed pack root is '$root', expected $P/share/dojo"
"$P/bin/dojo" katas >"$TMP/katas" 2>"$TMP/err" || fail "P/bin/dojo katas: exit $?: $(cat "$TMP/err")"
grep -qE '^  new +limiter ' "$TMP/katas" || fail "P/bin/dojo katas does not list limiter: $(head -5 "$TMP/katas")"
"$P/bin/dojo" check limiter --reference >"$TMP/check" 2>&1 || fail "P/bin/dojo check limiter --reference: $(tail -5 "$TMP/check")"
# A kata only the installed pack has is found there: the pack really is P's.
cp -r "$P/share/dojo/katas/closures/limiter" "$P/share/dojo/katas/closures/only-installed"
sed -i 's/limiter/only-installed/' "$P/share/dojo/katas/closures/only-installed/kata.lua" 2>/dev/null
"$P/bin/dojo" __complete katas | grep -qx only-installed || fail "a kata added to P/share/dojo/katas is not listed"
# DOJO_PACK still wins.
[ "$(DOJO_PACK=$SRC "$P/bin/dojo" __complete pack-root)" = "$SRC" ] || fail "DOJO_PACK does not override the installed pack"

head -1 "$P/share/man/man1/dojo.1" | grep -q '^\.TH DOJO 1' || fail "installed dojo.1 has no .TH line"
got=$(bash -c 'source "$1"; COMP_WORDS=("$2" check lim); COMP_CWORD=2; _dojo; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$P/share/bash-completion/completions/dojo" "$P/bin/dojo")
[ "$got" = limiter ] || fail "installed completion of 'dojo check lim': [$got]"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "install: all checks passed"
