#!/usr/bin/env python3
"""Checks one windowed imwgpu-demo run: its JSON report, and a capture of the X screen it drew on.

    check_window_capture.py REPORT.json SCREEN.ppm SURFACE.ppm WxH

REPORT.json  the demo's report (--report)
SCREEN.ppm   the X root window, captured while the demo kept its last frame on screen (xwd, as binary PPM)
SURFACE.ppm  the demo's last frame as it read it back from the surface texture (--out, as binary PPM)
WxH          the size the window was resized to during the run

Passes when the run passed with nothing left alive, the surface followed the resize, and the screen shows the
UI: a window of exactly that size whose pixels are the frame the demo rendered, with the layout the report
gives (Dear ImGui title bars with their text where its windows are, the clear colour between them, the
gallery's and the render-to-texture viewport's colours), not a blank or garbage picture.
Only the Python standard library: it runs wherever the tests run.
"""

import json
import sys

CLEAR = (26, 31, 38)               # the demo's clear colour (0.10, 0.12, 0.15) in 8 bits
TITLE_BG = (10, 10, 10)            # Dear ImGui's dark style: ImGuiCol_TitleBg
TITLE_BG_ACTIVE = (41, 74, 122)    # ImGuiCol_TitleBgActive
TITLE_BAR_HEIGHT = 19              # the default font (13 px) plus FramePadding.y * 2


class Picture:
    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        fields, pos = [], 0
        while len(fields) < 4:  # magic, width, height, maxval; '#' starts a comment up to the end of the line
            while data[pos:pos + 1].isspace():
                pos += 1
            if data[pos:pos + 1] == b"#":
                pos = data.index(b"\n", pos)
                continue
            end = pos
            while not data[end:end + 1].isspace():
                end += 1
            fields.append(data[pos:end])
            pos = end
        if fields[0] != b"P6" or fields[3] != b"255":
            raise ValueError(f"{path}: not an 8-bit binary PPM")
        self.width, self.height = int(fields[1]), int(fields[2])
        self.rgb = data[pos + 1:pos + 1 + self.width * self.height * 3]
        if len(self.rgb) != self.width * self.height * 3:
            raise ValueError(f"{path}: truncated")

    def pixel(self, x, y):
        i = (y * self.width + x) * 3
        return tuple(self.rgb[i:i + 3])

    def region(self, x0, y0, x1, y1):
        return [self.pixel(x, y) for y in range(y0, y1) for x in range(x0, x1)]


def near(a, b, tolerance=3):
    return all(abs(p - q) <= tolerance for p, q in zip(a, b))


def saturated(p):
    return max(p) - min(p) >= 100


def expectation(failures):
    """expect(condition, message): records the message as a failure when the condition is false; returns it."""
    def expect(condition, message):
        if not condition:
            failures.append(message)
        return condition
    return expect


def load_report(path, expect):
    """The demo's report, checked for what every windowed run must show: passed, in a window, no WebGPU error,
    nothing left alive after shutdown."""
    with open(path) as f:
        report = json.load(f)
    expect(report.get("passed") is True, f"the demo's own checks failed: {report.get('failures')}")
    expect(report.get("presenter") == "window", f"presenter is {report.get('presenter')!r}, not a window")
    live = report.get("live_objects_after_shutdown", {})
    expect(live and all(v == 0 for v in live.values()), f"objects left alive after shutdown: {live}")
    expect(report.get("webgpu_errors") == 0, f"WebGPU errors: {report.get('webgpu_error_messages')}")
    return report


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    report_path, screen_path, surface_path, size = sys.argv[1:]
    want_w, want_h = (int(v) for v in size.split("x"))
    failures = []
    expect = expectation(failures)

    # --- The run ------------------------------------------------------------------------------------------
    report = load_report(report_path, expect)
    surface = report.get("surface", {})
    expect(surface.get("size") == [want_w, want_h], f"surface configured at {surface.get('size')}, not {want_w}x{want_h}")
    expect(surface.get("configures", 0) >= 2, "the surface was not configured again after the resize")
    expect(surface.get("presented") == report.get("frames"),
           f"{surface.get('presented')} frames presented of {report.get('frames')}")
    print(f"report: {report.get('frames')} frames on {report.get('adapter')}, surface {surface}")

    # --- The screen -----------------------------------------------------------------------------------------
    screen = Picture(screen_path)
    frame = Picture(surface_path)
    expect((frame.width, frame.height) == (want_w, want_h),
           f"the read-back frame is {frame.width}x{frame.height}, not {want_w}x{want_h}")

    # Without a window manager the window sits at the screen's origin; everything else is the root window,
    # one colour. Find the window as the bounding box of what differs from the bottom-right corner.
    background = screen.pixel(screen.width - 1, screen.height - 1)
    xs, ys = [], []
    for y in range(0, screen.height):
        row = screen.rgb[y * screen.width * 3:(y + 1) * screen.width * 3]
        for x in range(0, screen.width):
            if tuple(row[x * 3:x * 3 + 3]) != background:
                xs.append(x)
                ys.append(y)
                break
        for x in range(screen.width - 1, -1, -1):
            if tuple(row[x * 3:x * 3 + 3]) != background:
                xs.append(x)
                break
    if not expect(xs, "the screen is one colour: nothing was presented"):
        return report_failures(failures)
    box = (min(xs), min(ys), max(xs) + 1, max(ys) + 1)
    print(f"screen: {screen.width}x{screen.height}, window found at {box}")
    if not expect(box == (0, 0, want_w, want_h), f"the window on screen is {box}, not (0, 0, {want_w}, {want_h})"):
        return report_failures(failures)

    # What the screen shows is the frame the demo rendered, pixel for pixel.
    differing_rows = [y for y in range(want_h)
                      if screen.rgb[y * screen.width * 3:(y * screen.width + want_w) * 3] !=
                      frame.rgb[y * want_w * 3:(y + 1) * want_w * 3]]
    expect(not differing_rows, f"{len(differing_rows)} rows of the window differ from the frame read back from the "
                               f"surface (first: y={differing_rows[0] if differing_rows else -1})")

    # The UI, not a blank or garbage picture.
    window_pixels = screen.region(0, 0, want_w, want_h)
    colours = len(set(window_pixels))
    mean = [sum(p[c] for p in window_pixels) / len(window_pixels) for c in range(3)]
    variance = sum(sum((p[c] - mean[c]) ** 2 for c in range(3)) for p in window_pixels) / len(window_pixels)
    print(f"window: {colours} colours, variance {variance:.0f}")
    expect(colours >= 500, f"only {colours} colours in the window")
    expect(variance >= 500, f"variance {variance:.0f}: the picture is nearly uniform")
    corner = screen.region(1, 1, 6, 6)  # the margin between the window's edge and the first ImGui window
    expect(all(near(p, CLEAR) for p in corner), f"the margin is not the clear colour {CLEAR}: {corner[0]}")

    layout = report.get("windows", {})
    expect(len(layout) == 4, f"the report lists {len(layout)} ImGui windows, not 4")
    for title, (x, y, w, h) in layout.items():
        x, y, w, h = int(x), int(y), int(w), int(h)
        x1, y1 = min(x + w, want_w), min(y + h, want_h)
        # A Dear ImGui title bar: its background colour across the top, and the title's text pixels.
        bar = screen.region(x + 2, y + 2, x1 - 2, y + TITLE_BAR_HEIGHT - 2)
        bar_bg = sum(1 for p in bar if near(p, TITLE_BG) or near(p, TITLE_BG_ACTIVE))
        text = sum(1 for p in bar if min(p) >= 180)
        expect(bar_bg >= 0.6 * len(bar), f"'{title}': the title bar at y={y} is not Dear ImGui's ({bar_bg}/{len(bar)})")
        expect(text >= 20, f"'{title}': no title text in its title bar ({text} bright pixels)")
        body = screen.region(x + 2, y + TITLE_BAR_HEIGHT, x1 - 2, y1 - 2)
        coloured = sum(1 for p in body if saturated(p))
        print(f"  {title!r} at ({x}, {y}) {w}x{h}: title bar {bar_bg}/{len(bar)}, text {text}, saturated {coloured}")
        if title in ("Image gallery", "Render to texture"):  # the images: the gallery's and the viewport's
            expect(coloured >= 0.02 * len(body), f"'{title}': its images are missing ({coloured} saturated pixels)")

    return report_failures(failures)


def report_failures(failures):
    for f in failures:
        print(f"FAILED: {f}")
    print("PASS" if not failures else "FAIL")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
