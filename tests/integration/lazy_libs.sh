#!/usr/bin/env bash
# lazy_libs.sh: libcurl and libmicrohttpd are loaded only by a run that uses
# HTTP (src/lazylib.h): `dojo -e` and grading a plain folder never map them;
# http.get maps libcurl, the fixture server maps libmicrohttpd, both still
# work; a library that can't be loaded gives one clear line, not a crash.
#
#   bash tests/integration/lazy_libs.sh /path/to/dojo /path/to/source-root
#
# What a process maps is read from glibc's loader trace (LD_DEBUG=libs with
# LD_DEBUG_OUTPUT: a file per exec'd process, which forked grading children
# share) and from /proc/self/maps inside the run.
set -u

DOJO=${1:?usage: lazy_libs.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: lazy_libs.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-lazy-libs.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state NO_COLOR=1
cd "$TMP" || exit 1

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# traced NAME CMD...: runs CMD with the loader trace in $TMP/NAME.*;
# its stdout in $TMP/NAME.out, its status in $rc.
traced() {
    local name=$1
    shift
    LD_DEBUG=libs LD_DEBUG_OUTPUT=$TMP/trace-$name "$@" >"$TMP/$name.out" 2>&1
    rc=$?
}
# loaded NAME LIB: 0 when any process of run NAME loaded LIB.
loaded() { cat "$TMP"/trace-"$1".* 2>/dev/null | grep -q "calling init: .*/$2"; }

# 1. the trace works at all: every run loads libc (a control, so that an
#    empty trace can't pass the checks below).
traced e "$DOJO" -e 'return 1'
if [ "$rc" -eq 0 ] && grep -qx 1 "$TMP/e.out" && loaded e 'libc\.so\.6'; then
    ok "dojo -e ran, the loader trace shows libc"
else
    fail "dojo -e 'return 1' (status $rc) or its loader trace: $(head -c 300 "$TMP/e.out")"
fi

# 2. dojo -e maps neither library, nor the progress store's libsqlite3.
for lib in libcurl libmicrohttpd libsqlite3; do
    if loaded e "$lib"; then fail "dojo -e loaded $lib"; else ok "dojo -e did not load $lib"; fi
done
out=$("$DOJO" -e "return (io.open('/proc/self/maps'):read('a'):find('libcurl', 1, true))" 2>&1)
[ "$out" = nil ] && ok "/proc/self/maps of dojo -e has no libcurl" || fail "maps: $out"

# 3. grading a plain busted folder (parent and child) maps neither. (A
#    child that did load one would write its trace past its file-size limit
#    of 0 and die of SIGXFSZ: the grade would fail, so this can't pass.)
mkdir -p "$TMP/ex"
printf 'return function(a, b) return a + b end\n' >"$TMP/ex/add.lua"
printf 'local add = require("add")\nit("adds", function() assert.are.equal(3, add(1, 2)) end)\n' \
    >"$TMP/ex/add_spec.lua"
traced grade "$DOJO" grade "$TMP/ex" --format tap
n=$(ls "$TMP"/trace-grade.* 2>/dev/null | wc -l)
if [ "$rc" -eq 0 ] && [ "$n" -ge 1 ] && ! loaded grade libcurl && ! loaded grade libmicrohttpd; then
    ok "dojo grade of a plain folder passed without loading either ($n traced processes)"
else
    fail "dojo grade plain folder: status $rc, $n traces, curl/mhd loaded?"
fi

# 4. http.get loads libcurl on first use, and works (a refused connection is
#    libcurl's own answer).
out=$("$DOJO" -e "local ok, e = pcall(require('http').get, 'http://127.0.0.1:1/')
  return ok, e.kind, (io.open('/proc/self/maps'):read('a'):find('libcurl.so.4', 1, true) ~= nil)" 2>&1)
[ "$out" = $'false\t"connection refused"\ttrue' ] && ok "http.get loaded libcurl and ran" \
    || fail "http.get: $out"

# 5. the fixture server loads libmicrohttpd on start and serves: `dojo
#    serve --port 0` traced, fetched with http.get, stopped with SIGTERM.
#    (Grading children can't be traced here: their file-size limit of 0
#    kills a loader trace written after it; 5b checks them by result.)
LD_DEBUG=libs LD_DEBUG_OUTPUT=$TMP/trace-serve "$DOJO" serve --port 0 >"$TMP/serve.out" 2>&1 &
spid=$!
url=
for _ in $(seq 1 100); do
    url=$(sed -n 's/^dojo serve: listening on \(http[^ ]*\).*/\1/p' "$TMP/serve.out")
    [ -n "$url" ] && break
    sleep 0.05
done
got=$("$DOJO" -e "return require('http').get('$url/status/201').status" 2>&1)
kill -TERM "$spid" 2>/dev/null
wait "$spid"
if [ -n "$url" ] && [ "$got" = 201 ] && loaded serve libmicrohttpd && ! loaded serve libcurl; then
    ok "dojo serve loaded libmicrohttpd (not libcurl) and answered 201"
else
    fail "dojo serve: url '$url', got '$got'; $(head -c 300 "$TMP/serve.out")"
fi

# 5b. grading with the fixture server (libmicrohttpd in the child, libcurl
#     loaded by the spec under the child's limits) still passes every test.
"$DOJO" grade "$SRC/tests/http" --server --format tap >"$TMP/server.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -q 'passed, 0 failed' "$TMP/server.out"; then
    ok "grade --server: http_spec passed"
else
    fail "grade --server: status $rc; $(tail -n 3 "$TMP/server.out")"
fi

# 6. a library that can't be loaded: one line naming it, not a crash.
mkdir -p "$TMP/badlib"
printf 'not a library\n' >"$TMP/badlib/libcurl.so.4"
out=$(LD_LIBRARY_PATH=$TMP/badlib "$DOJO" -e "local ok, e = pcall(require('http').get, 'http://127.0.0.1:1/')
  return ok, e" 2>&1)
case $out in
*'false'*'libcurl.so.4 could not be loaded (apt-get install libcurl4)'*) ok "unloadable libcurl: $out" ;;
*) fail "unloadable libcurl: $out" ;;
esac

# 7. Lua is linked into dojo statically (DOJO_STATIC_LUA) and exported: a
#    Lua C module that does not link liblua itself (lfs, which busted needs)
#    binds to dojo's one copy and works.
out=$("$DOJO" -e "local lfs = require('lfs'); return lfs.attributes('$TMP', 'mode')" 2>&1)
[ "$out" = '"directory"' ] && ok "the C module lfs works in dojo -e" || fail "lfs: $out"

if [ "$fails" -gt 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
echo "all lazy-loading checks passed"
