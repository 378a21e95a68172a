#!/usr/bin/env bash
# lesson_chromium.sh: `dojo learn NAME --html` of the fixture with every
# construct (tests/fixtures/render/everything.md, in a scratch pack), shown
# in headless Chromium: the screenshot must show the four callouts in their
# colours, the code blocks' background and the table's header. Registered
# with CTest only when configure finds chromium (Debian's `chromium`).
#
#   bash tests/render/lesson_chromium.sh /path/to/dojo /path/to/source-root CHROMIUM
set -u

DOJO=${1:?usage: lesson_chromium.sh DOJO SRC CHROMIUM}
SRC=${2:?usage: lesson_chromium.sh DOJO SRC CHROMIUM}
CHROMIUM=${3:?usage: lesson_chromium.sh DOJO SRC CHROMIUM}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-lesson-render.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1 HOME=$TMP
unset DOJO_DB DOJO_NOW DOJO_PATH
mkdir -p "$TMP/pack/lessons" "$TMP/pack/katas"
cp "$SRC/tests/fixtures/render/everything.md" "$TMP/pack/lessons/01-everything.md"
export DOJO_PACK=$TMP/pack

"$DOJO" learn everything --html "$TMP/l.html" </dev/null >/dev/null ||
    { echo "FAIL: dojo learn everything --html" >&2; exit 1; }

timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$TMP/chromium" --window-size=900,4000 \
    --screenshot="$TMP/l.png" "file://$TMP/l.html" >/dev/null 2>&1
[ -s "$TMP/l.png" ] || { echo "FAIL: chromium wrote no screenshot" >&2; exit 1; }

# The colours are lessonhtml.c's CSS: callout backgrounds, <pre> and <th>.
python3 "$SRC/tests/render/png_colors.py" "$TMP/l.png" \
    pitfall=fdecea:3000 warning=fff8c5:3000 note=ddf4ff:3000 tip=dafbe1:3000 \
    code=f6f8fa:20000 || exit 1
