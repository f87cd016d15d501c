#!/usr/bin/env python3
"""Checks one imwgpu-demo --viewports run: its JSON report, and a capture of the X screen it drew on.

    check_viewport_capture.py REPORT.json SCREEN.ppm

Passes when the run passed with nothing left alive, Dear ImGui made three viewports (the main window, and one
OS window each for the demo window and the gallery, which stick out of the main window's right edge), the two
secondary viewports held a surface each, and the screen shows, at the places the report gives, the title bars
of those two windows (with their text) across their whole width, also beyond the main window's edge, and the
gallery's images there too. Without a window manager every X window sits where the program put it, so the
report's coordinates (Dear ImGui's, which are the desktop's with viewports) are the screen's.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "window"))
from check_window_capture import (Picture, TITLE_BAR_HEIGHT, TITLE_BG, TITLE_BG_ACTIVE, expectation,  # noqa: E402
                                  load_report, near, report_failures, saturated)

OUTSIDE_WINDOWS = ("Dear ImGui Demo", "Image gallery")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    report_path, screen_path = sys.argv[1:]
    failures = []
    expect = expectation(failures)

    report = load_report(report_path, expect)
    expect(report.get("live_objects_after_shutdown", {}).get("surface") == 0, "surfaces left alive after shutdown")
    viewports = report.get("viewports", [])
    if not expect(len(viewports) == 3, f"{len(viewports)} viewports, not 3 (main, demo window, gallery): {viewports}"):
        return report_failures(failures)
    expect(report.get("viewport_surfaces") == 2,
           f"{report.get('viewport_surfaces')} surfaces for the secondary viewports, not 2")
    main_x, main_y, main_w, main_h = viewports[0]
    print(f"report: {report.get('frames')} frames, viewports {viewports}")

    screen = Picture(screen_path)
    layout = report.get("windows", {})
    for title in OUTSIDE_WINDOWS:
        if not expect(title in layout, f"'{title}' is not in the report"):
            continue
        x, y, w, h = (int(v) for v in layout[title])
        expect(x + w > main_x + main_w, f"'{title}' at {layout[title]} does not stick out of the main window")
        expect([x, y, w, h] in [[int(v) for v in vp] for vp in viewports[1:]],
               f"'{title}' at {layout[title]} has no viewport of its own: {viewports}")
        x1, y1 = min(x + w, screen.width), min(y + h, screen.height)
        # Its title bar, on the whole width: the part beyond the main window's edge is only on screen if the OS
        # window was drawn and presented.
        outside = int(main_x + main_w)
        for name, (bx0, bx1) in (("whole", (x + 2, x1 - 2)), ("outside the main window", (outside + 2, x1 - 2))):
            bar = screen.region(bx0, y + 2, bx1, y + TITLE_BAR_HEIGHT - 2)
            bar_bg = sum(1 for p in bar if near(p, TITLE_BG) or near(p, TITLE_BG_ACTIVE))
            expect(bar and bar_bg >= 0.6 * len(bar),
                   f"'{title}': the title bar ({name}) at y={y} is not Dear ImGui's ({bar_bg}/{len(bar)})")
        bar = screen.region(x + 2, y + 2, x1 - 2, y + TITLE_BAR_HEIGHT - 2)
        text = sum(1 for p in bar if min(p) >= 180)
        expect(text >= 20, f"'{title}': no title text in its title bar ({text} bright pixels)")
        body = screen.region(x + 2, y + TITLE_BAR_HEIGHT, x1 - 2, y1 - 2)
        coloured = sum(1 for p in body if saturated(p))
        print(f"  {title!r} at ({x}, {y}) {w}x{h}: text {text}, saturated {coloured}/{len(body)}")
        if title == "Image gallery":
            expect(coloured >= 0.05 * len(body), f"'{title}': its images are missing ({coloured} saturated pixels)")
            beyond = screen.region(outside + 2, y + TITLE_BAR_HEIGHT, x1 - 2, y1 - 2)
            expect(sum(1 for p in beyond if saturated(p)) >= 0.02 * len(beyond),
                   f"'{title}': no image beyond the main window's edge")
        # Beyond the window's right edge: the root window (black), not a stretched or misplaced picture.
        if x + w + 4 < screen.width:
            right = screen.region(x + w + 2, y + 2, min(x + w + 12, screen.width), y1 - 2)
            expect(all(p == (0, 0, 0) for p in right), f"'{title}': pixels drawn right of the window's edge")

    return report_failures(failures)


if __name__ == "__main__":
    sys.exit(main())
