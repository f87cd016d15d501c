#!/usr/bin/env python3
"""Writes the seed corpus of imwgpu-fuzz-api into fuzz/api_corpus/ (or the folder given).

Each seed is one input in the format described at the top of fuzz_api.cpp: a short sequence of calls an
application makes (frames with images and probes, image lifetimes, a device-objects reset, a device loss
and a new device, callbacks, Dear ImGui 1.92 texture requests), from which the fuzzer mutates.
Run it again after changing the format.
"""
import os

from make_corpus import write_seeds

# Operations (run_op in fuzz_api.cpp).
INIT, SHUTDOWN, NEW_DEVICE, DEVICE_LOST, INVALIDATE, CREATE_OBJECTS, NEW_FRAME, RENDER = 0, 1, 2, 3, 4, 5, 6, 7
PROBE, NEW_PLAIN, ADD_IMAGE, REMOVE_IMAGE, RELEASE_VIEW, CREATE_TEXTURE, UPDATE_RECT = 9, 11, 12, 13, 14, 15, 16
DESTROY_TEXTURE, BAD_CALL, TEX_DATA, PROBES = 17, 18, 19, 21  # 20 is TEX_DATA too
# Render flags: bits 0..1 draw datas - 1 (3: a byte follows, 4 + byte % 61 draw datas), bit 2 a pass each, bit 3
# NewFrame between, bit 4 no texture requests (draw_data->Textures null), bit 5 the 33x17 target.
EACH_PASS, NEW_FRAME_BETWEEN, NO_TEXTURE_REQUESTS, SMALL_TARGET = 4, 8, 16, 32
# Command kinds (decode_draw_data): 0..4 a quad, 5 counting callback, 6 state-changing callback,
# 7 ImDrawCallback_ResetRenderState, 8 SetSamplerNearest, 9 SetSamplerLinear.
QUAD, COUNT, STATE, RESET, NEAREST, LINEAR = 0, 5, 6, 7, 8, 9
# ImTextureData requests (op_tex_data): what.
TEX_NEW, TEX_CREATE_AGAIN, TEX_UPDATE, TEX_DESTROY, TEX_HONOUR_ONE, TEX_HONOUR_ALL = 0, 1, 2, 3, 4, 5


def b(*values):
    return bytes(v & 0xFF for v in values)


def init(frames_in_flight=2, cache_frames=1, per_call=False):
    """The Init() settings byte (op_init)."""
    return b((frames_in_flight - 1) | (cache_frames << 2) | (0x10 if per_call else 0))


def quad(texture, x0=4, y0=4, x1=40, y1=40, colour=6):
    return b(QUAD, texture, x0, y0, x1, y1, colour)


def render(lists, flags=0, draw_datas=None):
    """lists: per draw data, a list of lists of commands (each command bytes)."""
    draw_datas = draw_datas or [lists]
    assert 1 <= len(draw_datas) <= 64
    if len(draw_datas) <= 3:
        out = b(RENDER, (len(draw_datas) - 1) | flags)
    else:
        out = b(RENDER, 3 | flags, len(draw_datas) - 4)
    for dd in draw_datas:
        assert 1 <= len(dd) <= 3
        out += b(len(dd) - 1)
        for commands in dd:
            assert 1 <= len(commands) <= 6
            out += b(len(commands) - 1) + b"".join(commands)
    return out


def probes(images):
    """Probes of these images (indices among the drawable ones), each a call of its own, in one submit."""
    assert 2 <= len(images) <= 64
    return b(PROBES, len(images) - 2, *images)


def size(w_index, h_index):
    """Sizes 1, 3, 5, 7, 9, 15 (kSizes): the byte for w = kSizes[w_index], h = kSizes[h_index]."""
    return w_index + 6 * h_index


def seeds():
    # Frames of an application that shows a plain view, an added image and a created texture, updates the texture
    # and probes each.
    yield "frames_with_images", init() + \
        b(NEW_PLAIN, size(1, 1), 0) + b(ADD_IMAGE, 0, 0, size(2, 1), 1) + b(CREATE_TEXTURE, size(3, 2), 0, 2) + \
        b(NEW_FRAME) + render([[quad(0), quad(1, 20, 20, 60, 60), quad(2, 0, 30, 30, 63)]]) + b(PROBE, 0) + \
        b(NEW_FRAME) + b(UPDATE_RECT, 0, 2, 2, 9, 7, 0, 3) + render([[quad(2)]]) + b(PROBE, 2) + b(PROBE, 1)
    # An image the backend keeps after the application released its view; removed, then the frames go on.
    yield "image_lifetime", init(frames_in_flight=3) + \
        b(ADD_IMAGE, 0, 0x08 | 0x01, size(1, 2), 4) + b(NEW_FRAME) + render([[quad(0)]]) + b(PROBE, 0) + \
        b(REMOVE_IMAGE, 0) + b(NEW_FRAME) + b(NEW_FRAME) + b(NEW_FRAME) + b(NEW_FRAME) + \
        b(NEW_PLAIN, size(0, 0), 5) + b(RELEASE_VIEW, 0) + b(NEW_PLAIN, size(0, 0), 6) + render([[quad(0)]]) + b(PROBE, 0)
    # Device objects made again while the application draws plain views, several draw datas per submit.
    yield "device_objects_reset", init() + \
        b(NEW_PLAIN, size(1, 1), 3) + render([[quad(0)]]) + b(INVALIDATE) + b(CREATE_OBJECTS) + b(NEW_FRAME) + \
        render(None, flags=NEW_FRAME_BETWEEN, draw_datas=[[[quad(0)]], [[quad(1)]]]) + b(PROBE, 0) + \
        render(None, flags=EACH_PASS | SMALL_TARGET, draw_datas=[[[quad(0)]], [[quad(0)]], [[quad(0)]]])
    # A device loss in the middle of frames, then Shutdown, a new device and Init.
    yield "device_loss", init() + \
        b(NEW_PLAIN, size(2, 2), 1) + b(CREATE_TEXTURE, size(1, 1), 0, 0) + render([[quad(0), quad(1)]]) + \
        b(DEVICE_LOST) + b(NEW_FRAME) + render([[quad(0)]]) + b(CREATE_TEXTURE, size(1, 1), 0, 0) + \
        b(NEW_DEVICE) + b(INIT, 0x01) + b(NEW_PLAIN, size(1, 1), 2) + b(NEW_FRAME) + render([[quad(0)]]) + b(PROBE, 0)
    # User and sampler callbacks between draws.
    yield "callbacks", init() + \
        b(ADD_IMAGE, 0, 0x01, size(1, 1), 0) + b(CREATE_TEXTURE, size(2, 2), 0x03, 5) + \
        render([[quad(0), b(COUNT), b(NEAREST), quad(1), b(STATE), quad(0)], [b(RESET), b(LINEAR), quad(1), b(COUNT)]]) + \
        b(PROBE, 0) + b(PROBE, 1)
    # Shutdown and Init again on one device, with images on both sides.
    yield "shutdown_and_init", init(per_call=True) + \
        b(NEW_PLAIN, size(0, 0), 0) + b(ADD_IMAGE, 1, 0, 0, 0) + render([[quad(0)]]) + b(SHUTDOWN) + \
        b(INIT, 0x06) + b(CREATE_TEXTURE, size(1, 1), 0, 3) + b(BAD_CALL, 0, 0) + b(BAD_CALL, 1, 0) + \
        render([[quad(0), quad(1)]]) + b(PROBE, 0) + b(PROBE, 1)
    # Dear ImGui 1.92+: a texture made, drawn, updated, honoured through draw data and directly, then destroyed
    # (on 1.86 these operations are refused calls instead).
    yield "texture_requests", init() + \
        b(TEX_DATA, TEX_NEW, 0, size(2, 1) << 1, 1) + render([[quad(0)]]) + b(PROBE, 0) + \
        b(TEX_DATA, TEX_UPDATE, 0, 0x23, 2) + b(TEX_DATA, TEX_HONOUR_ONE, 0, 0, 0) + b(PROBE, 0) + \
        b(NEW_FRAME) + b(TEX_DATA, TEX_DESTROY, 0, 1, 0) + b(TEX_DATA, TEX_HONOUR_ALL, 0, 0, 0) + \
        b(TEX_DATA, TEX_NEW, 0, 1, 3) + b(TEX_DATA, TEX_HONOUR_ALL, 0, 0, 0) + render([[quad(0x80)]]) + b(PROBE, 0)
    # A created texture and an added image (the application's view released) across a device-objects reset: both
    # stay valid and keep their pixels.
    yield "images_across_device_objects_reset", init() + \
        b(CREATE_TEXTURE, size(1, 1), 0, 2) + b(ADD_IMAGE, 0, 0x08, size(2, 2), 5) + b(INVALIDATE) + b(CREATE_OBJECTS) + \
        b(NEW_FRAME) + render([[quad(0), quad(1)]]) + b(PROBE, 0) + b(PROBE, 1)
    # Many calls before one submit: 40 draw datas into one target, then 48 probes of four images, each a call into its
    # own target, in one submit.
    yield "many_calls_per_submit", init() + \
        b(NEW_PLAIN, size(1, 1), 0) + b(NEW_PLAIN, size(0, 0), 3) + b(CREATE_TEXTURE, size(2, 1), 0, 5) + \
        b(ADD_IMAGE, 0, 0, size(1, 2), 6) + b(NEW_FRAME) + \
        render(None, draw_datas=[[[quad(i % 4, 2 * i % 60, 0, 2 * i % 60 + 4, 8)]] for i in range(40)]) + \
        probes([i % 4 for i in range(48)]) + b(NEW_FRAME) + probes([3, 2, 1, 0] * 16)
    # Dear ImGui 1.92+: a texture asked to be created again while the backend has it: the new one replaces it.
    yield "texture_created_twice", init() + \
        b(TEX_DATA, TEX_NEW, 0, size(1, 1) << 1, 4) + b(TEX_DATA, TEX_HONOUR_ALL, 0, 0, 0) + \
        b(TEX_DATA, TEX_CREATE_AGAIN, 0, 0, 0) + render([[quad(0x80)]]) + b(PROBE, 0)


if __name__ == "__main__":
    write_seeds(seeds(), os.path.join(os.path.dirname(os.path.abspath(__file__)), "api_corpus"))
