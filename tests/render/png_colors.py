#!/usr/bin/env python3
"""png_colors.py: counts the pixels of given colours in a PNG screenshot
(8-bit RGB or RGBA, not interlaced: what headless Chromium writes) and fails
when a colour covers fewer pixels than asked. Standard library only.

    python3 png_colors.py SHOT.png NAME=RRGGBB:MIN_PIXELS...
"""
import struct
import sys
import zlib


def pixels(path):
    """Width, height, bytes per pixel and the unfiltered rows of a PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and interlace == 0 and ctype in (2, 6), (depth, ctype, interlace)
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    w, h, bpp, rows = pixels(sys.argv[1])
    count = {}
    for row in rows:
        for x in range(0, w * bpp, bpp):
            rgb = bytes(row[x:x + 3])
            count[rgb] = count.get(rgb, 0) + 1
    missing = []
    for arg in sys.argv[2:]:
        name, spec = arg.split("=")
        hexrgb, least = spec.split(":")
        got = count.get(bytes.fromhex(hexrgb), 0)
        if got < int(least):
            missing.append("%s (#%s: %d pixels, at least %s wanted)" % (name, hexrgb, got, least))
    if missing:
        print("FAIL: not drawn in the screenshot: " + "; ".join(missing), file=sys.stderr)
        return 1
    print("png_colors.py: %d colours drawn (%dx%d)" % (len(sys.argv) - 2, w, h))
    return 0


if __name__ == "__main__":
    sys.exit(main())
