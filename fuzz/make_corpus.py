#!/usr/bin/env python3
"""Writes the seed corpus of imwgpu-fuzz-drawdata into fuzz/corpus/ (or the folder given).

Each seed is one input in the format described at the top of fuzz_drawdata.cpp: a few typical frames
(a UI with text and images, two draw datas before one submit, callbacks, view replacement followed by
a probe, odd display sizes), from which the fuzzer mutates. Run it again after changing the format.
"""
import os
import struct
import sys

# Texture id bytes (texture_id() in fuzz_drawdata.cpp): 0 null, 1 font atlas, 2..5 plain views,
# 6..9 kept images (depth, unfilterable float, alpha, mipmapped), 10 the texture the backend made.
NULL, FONT, PLAIN0, DEPTH, UNFILTERABLE, ALPHA, MIPMAPPED, MADE = 0, 1, 2, 6, 7, 8, 9, 10
# Command kinds (decode_command): 0..10 draw, 11 counting callback, 12 state-changing callback,
# 13 ImDrawCallback_ResetRenderState, 14 SetSamplerNearest, 15 SetSamplerLinear.
DRAW, CALLBACK, STATE_CALLBACK, RESET, NEAREST, LINEAR = 0, 11, 12, 13, 14, 15
# Frame flags (run_frame).
TWO_DRAW_DATAS, OWN_PASS, PROBE, REPLACE_VIEW, READD_IMAGE, UPDATE_RECT = 1, 2, 4, 8, 16, 32


def u8(v):
    return bytes([v & 0xFF])


def u16(v):
    return struct.pack("<H", v & 0xFFFF)


def u32(v):
    return struct.pack("<I", v & 0xFFFFFFFF)


def pixel(p):
    """A coordinate byte for pixel position p (the decoder maps byte b below 200 to b * 0.33 - 2)."""
    return max(0, min(199, round((p + 2) / 0.33)))


def quad(x0, y0, x1, y1, colour=6):
    """Four vertices: (x, y, uv, colour) bytes; uv byte 0x44 is the texture's middle."""
    return [(pixel(x0), pixel(y0), 0x00, colour), (pixel(x1), pixel(y0), 0x0F, colour),
            (pixel(x1), pixel(y1), 0xFF, colour), (pixel(x0), pixel(y1), 0xF0, colour)]


def draw(texture, triangles, indices, clip=0, vtx_offset=0, clip_corners=None):
    out = u8(DRAW) + u8(texture) + u8(clip)
    if clip % 8 >= 4:
        out += bytes(clip_corners)
    out += u8(len(indices) // 3 if triangles is None else triangles) + u16(vtx_offset)
    return out + b"".join(u16(i) for i in indices)


QUAD_INDICES = [0, 1, 2, 0, 2, 3]


def draw_list(vertices, commands, null_entry=False):
    if null_entry:
        return u8(1)
    out = u8(0) + u16(len(vertices)) + b"".join(bytes(v) for v in vertices)
    return out + u8(len(commands)) + b"".join(commands)


def draw_data(target, lists, mode=0, pos=(0, 0)):
    return u8(target) + u8(mode) + u8(pos[0]) + u8(pos[1]) + u8(len(lists)) + b"".join(lists)


def frame(flags, draw_datas, before=b"", probe_slot=None):
    out = u8(flags) + before + b"".join(draw_datas)
    if probe_slot is not None:
        out += u8(probe_slot)
    return out


def seeds():
    images = [quad(4 + 12 * i, 30, 14 + 12 * i, 40) for i in range(5)]
    ui_vertices = [v for q in images for v in q]
    ui_commands = [draw(t, None, [4 * i + j for j in QUAD_INDICES])
                   for i, t in enumerate([FONT, PLAIN0, DEPTH, UNFILTERABLE, MADE])]
    ui = draw_list(ui_vertices, ui_commands)

    yield "ui_images", u8(0) + frame(0, [draw_data(0, [ui])])
    yield "two_draw_datas_one_pass", u8(0) + frame(TWO_DRAW_DATAS, [draw_data(0, [ui]), draw_data(1, [ui], pos=(3, 0))])
    yield "two_draw_datas_two_passes", u8(0) + frame(TWO_DRAW_DATAS | OWN_PASS, [draw_data(0, [ui]), draw_data(1, [ui], mode=0x10)])
    callbacks = draw_list(quad(0, 0, 20, 20), [u8(CALLBACK), u8(NEAREST), draw(MIPMAPPED, None, QUAD_INDICES),
                                               u8(STATE_CALLBACK), u8(RESET), u8(LINEAR), draw(ALPHA, None, QUAD_INDICES)])
    yield "callbacks", u8(0) + frame(0, [draw_data(0, [callbacks, ui])])
    # Replace plain view 1 three frames in a row, probing it each time: the stale-address case.
    churn = b"".join(frame(REPLACE_VIEW | PROBE, [draw_data(2, [ui])], before=u8(1) + u32(k), probe_slot=1) for k in range(3))
    yield "replace_and_probe", u8(2) + churn
    yield "readd_and_update", u8(1) + frame(READD_IMAGE | UPDATE_RECT | 0x40, [draw_data(1, [ui])],
                                            before=u8(0) + bytes([3, 3, 4, 4, 0]))
    odd = draw_list(quad(0, 0, 64, 64), [draw(PLAIN0 + 2, None, QUAD_INDICES, clip=4, clip_corners=[220, 10, 20, 222])])
    yield "odd_clip_and_sizes", u8(2) + frame(0, [draw_data(0, [odd], mode=12)]) + frame(0, [draw_data(0, [odd], mode=15)]) + \
        frame(0, [draw_data(1, [draw_list([], [], null_entry=True), odd], mode=0x31, pos=(4, 5))])


def write_seeds(seeds, default_dir):
    """Writes each (name, bytes) of `seeds` into the folder given on the command line, else `default_dir`."""
    out_dir = sys.argv[1] if len(sys.argv) > 1 else default_dir
    os.makedirs(out_dir, exist_ok=True)
    for name, data in seeds:
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    write_seeds(seeds(), os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
