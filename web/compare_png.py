#!/usr/bin/env python3
"""Compares two 8-bit RGBA PNGs (the harness's pictures) pixel by pixel.

    python3 web/compare_png.py A.png B.png [--tolerance T [--allow-percent P] [--limit L]] [--ignore X,Y,W,H]
                               [--diff DIFF.png]

Prints one line: "identical", or how many pixels differ, by how much at most, and where (the bounding
box of the differing pixels). With --tolerance T, a pixel counts as differing only when one of its
channels differs by more than T (0..255); the line then also says how many differ at all. Exit status:
0 when no pixel differs by more than T (or at most P percent of them, with --allow-percent P) and none by
more than L (--limit, default 255), 1 otherwise, 2 when a file cannot be read or the sizes differ.
--ignore leaves a rectangle out (repeatable): a part of the picture that may differ on purpose.
--diff writes a picture of the differences (white where a pixel differs by more than T, A dimmed elsewhere).
Standard library only: the pictures are PNGs that stb_image_write writes (colour type 6, 8 bits, no
interlace), decoded here with zlib and the five PNG row filters.
"""

import argparse
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if (depth, colour, interlace) != (8, 6, 0):
        raise ValueError("%s: only 8-bit RGBA, non-interlaced PNGs are read" % path)
    raw, stride, bpp = zlib.decompress(idat), width * 4, 4
    pixels, previous = bytearray(), bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            up_left = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + ((left + up) >> 1)) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        pixels += row
        previous = row
    return width, height, bytes(pixels)


def write_png(path, width, height, rgba):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    rows = b"".join(b"\0" + rgba[y * width * 4:(y + 1) * width * 4] for y in range(height))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--tolerance", type=int, default=0, help="largest channel difference that still counts as equal")
    parser.add_argument("--allow-percent", type=float, default=0.0,
                        help="percentage of the pixels compared that may differ by more than the tolerance")
    parser.add_argument("--limit", type=int, default=255, help="largest channel difference allowed anywhere")
    parser.add_argument("--ignore", action="append", default=[], metavar="X,Y,W,H",
                        help="a rectangle left out of the comparison (repeatable)")
    parser.add_argument("--diff", help="write a picture of the differences")
    opts = parser.parse_args()
    try:
        wa, ha, a = read_png(opts.a)
        wb, hb, b = read_png(opts.b)
    except (OSError, ValueError, zlib.error) as e:
        print("cannot compare: %s" % e)
        return 2
    if (wa, ha) != (wb, hb):
        print("sizes differ: %dx%d and %dx%d" % (wa, ha, wb, hb))
        return 2

    ignored = bytearray(wa * ha)  # 1 where a pixel is left out
    for rect in opts.ignore:
        x, y, w, h = (int(float(v)) for v in rect.split(","))
        for row in range(max(0, y), min(ha, y + h)):
            ignored[row * wa + max(0, x):row * wa + min(wa, x + w)] = b"\x01" * (min(wa, x + w) - max(0, x))

    differing = beyond = largest = 0
    box = [wa, ha, -1, -1]
    diff = bytearray(len(a)) if opts.diff else None
    for p in range(0, len(a), 4):
        d = 0 if ignored[p // 4] else max(abs(a[p + c] - b[p + c]) for c in range(4))
        if d:
            differing += 1
            largest = max(largest, d)
        if d > opts.tolerance:
            beyond += 1
            x, y = (p // 4) % wa, (p // 4) // wa
            box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
        if diff is not None:
            diff[p:p + 4] = b"\xff\xff\xff\xff" if d > opts.tolerance else bytes((a[p] // 4, a[p + 1] // 4, a[p + 2] // 4, 255))
    if opts.diff:
        write_png(opts.diff, wa, ha, bytes(diff))

    total = wa * ha - sum(ignored)
    if differing == 0:
        print("identical (%dx%d%s)" % (wa, ha, ", %d pixels left out" % sum(ignored) if opts.ignore else ""))
    elif beyond == 0:
        print("%d of %d pixels differ (%.3f%%), by at most %d/255: all within the tolerance %d" %
              (differing, total, 100.0 * differing / total, largest, opts.tolerance))
    else:
        print("%d of %d pixels differ by more than %d/255 (%.3f%%; %d differ at all, by at most %d/255), "
              "within x %d..%d, y %d..%d" % (beyond, total, opts.tolerance, 100.0 * beyond / total, differing,
                                             largest, box[0], box[2], box[1], box[3]))
    return 0 if beyond <= opts.allow_percent / 100.0 * total and largest <= opts.limit else 1


if __name__ == "__main__":
    sys.exit(main())
