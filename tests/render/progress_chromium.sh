#!/usr/bin/env bash
# progress_chromium.sh: renders `dojo progress --html` in headless Chromium
# and checks the screenshot: the mastery bar (green), the day's review bar
# (blue) and attempt bar (orange) are drawn. Registered with CTest only when
# configure finds chromium (Debian's `chromium` package).
#
#   bash tests/render/progress_chromium.sh /path/to/dojo /path/to/source-root CHROMIUM
set -u

DOJO=${1:?usage: progress_chromium.sh DOJO SRC CHROMIUM}
SRC=${2:?usage: progress_chromium.sh DOJO SRC CHROMIUM}
CHROMIUM=${3:?usage: progress_chromium.sh DOJO SRC CHROMIUM}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-render.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1 HOME=$TMP
unset DOJO_PACK DOJO_DB DOJO_NOW

"$DOJO" learn closures >/dev/null
"$DOJO" check limiter --solution "$SRC/tests/fixtures/limiter/right/limiter.lua" >/dev/null
printf '15 11\n' | "$DOJO" quiz closures >/dev/null
"$DOJO" progress --html "$TMP/p.html" >/dev/null || { echo "FAIL: dojo progress --html" >&2; exit 1; }

timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$TMP/chromium" --window-size=800,900 \
    --screenshot="$TMP/p.png" "file://$TMP/p.html" >/dev/null 2>&1
[ -s "$TMP/p.png" ] || { echo "FAIL: chromium wrote no screenshot" >&2; exit 1; }

python3 - "$TMP/p.png" "$SRC/tests/render" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from png_colors import pixels  # the one PNG reader of these checks

w, h, bpp, rows = pixels(sys.argv[1])
count = {}
for row in rows:
    for x in range(0, w * bpp, bpp):
        rgb = tuple(row[x:x + 3])
        count[rgb] = count.get(rgb, 0) + 1
# More pixels than the legend's 12x12 swatches: the bars themselves.
want = {"mastery bar (green)": (0x2e, 0x7d, 0x32), "review bar (blue)": (0x15, 0x65, 0xc0),
        "attempt bar (orange)": (0xef, 0x6c, 0x00)}
missing = [k for k, rgb in want.items() if count.get(rgb, 0) < 500]
if missing:
    print("FAIL: not drawn in the screenshot: " + ", ".join(missing), file=sys.stderr)
    sys.exit(1)
print("progress_chromium.sh: the charts render (%dx%d)" % (w, h))
PY
