#!/usr/bin/env bash
# class_chromium.sh: renders `dojo grade --kata ID CLASS --html FILE` in
# headless Chromium and checks the screenshot: it has the window's size and
# is not blank: the histogram's bars (blue), passing cells (green) and
# failing cells (red) are drawn. Registered with CTest only when configure
# finds chromium (Debian's `chromium` package).
#
#   bash tests/render/class_chromium.sh /path/to/dojo /path/to/source-root CHROMIUM
set -u
DOJO=${1:?usage: class_chromium.sh DOJO SRC CHROMIUM}
SRC=${2:?usage: class_chromium.sh DOJO SRC CHROMIUM}
CHROMIUM=${3:?usage: class_chromium.sh DOJO SRC CHROMIUM}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-render.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1 HOME=$TMP
unset DOJO_PACK DOJO_DB

RIGHT='return function(name) return "Hello, " .. (name or "world") .. "!" end'
WRONG='return function(name) return "Hi " .. tostring(name) end'
for i in $(seq -w 1 12); do
    mkdir -p "$TMP/class/s$i"
    if [ $((10#$i % 3)) = 0 ]; then echo "$WRONG"; else echo "$RIGHT"; fi >"$TMP/class/s$i/greet.lua"
done
"$DOJO" grade --kata "$SRC/tests/fixtures/class/greet" "$TMP/class" --format tap --output "$TMP/c.tap" \
    --html "$TMP/c.html" </dev/null >/dev/null 2>&1
[ -s "$TMP/c.html" ] || { echo "FAIL: dojo grade --html wrote no page" >&2; exit 1; }

timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$TMP/chromium" --window-size=1000,1200 \
    --screenshot="$TMP/c.png" "file://$TMP/c.html" >/dev/null 2>&1
[ -s "$TMP/c.png" ] || { echo "FAIL: chromium wrote no screenshot" >&2; exit 1; }

python3 - "$TMP/c.png" "$SRC/tests/render" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from png_colors import pixels  # the one PNG reader of these checks

w, h, bpp, rows = pixels(sys.argv[1])
if (w, h) != (1000, 1200):
    print("FAIL: the screenshot is %dx%d, wanted 1000x1200" % (w, h), file=sys.stderr)
    sys.exit(1)
count = {}
for row in rows:
    for x in range(0, w * bpp, bpp):
        rgb = tuple(row[x:x + 3])
        count[rgb] = count.get(rgb, 0) + 1
want = {"histogram bars (blue)": (0x15, 0x65, 0xc0), "passing cells (green)": (0x2e, 0x7d, 0x32),
        "failing cells (red)": (0xc6, 0x28, 0x28)}
missing = [k for k, rgb in want.items() if count.get(rgb, 0) < 300]
white = count.get((255, 255, 255), 0)
if missing or white > 0.98 * w * h:
    print("FAIL: not drawn in the screenshot: " + ", ".join(missing or ["anything (blank)"]), file=sys.stderr)
    sys.exit(1)
print("class_chromium.sh: the class page renders (%dx%d)" % (w, h))
PY
