#!/usr/bin/env bash
# The windowed demo under a virtual X server (Xvfb), checked on what the screen shows:
#   window_test.sh IMWGPU_DEMO OUT_DIR
# Starts Xvfb on a free display, runs the demo in a window for 120 frames with a resize to 900x600 at
# frame 60, captures the screen with xwd while the demo keeps its last frame up, and has
# check_window_capture.py compare the capture with the frame the demo read back from its surface and with
# the layout in its report. Fails (never skips) when Xvfb, xwd, ImageMagick or python3 is missing or Xvfb
# does not start: they are pinned in scripts/debian-packages.txt, so a missing one is a broken set-up.
set -euo pipefail

DEMO="$1"
OUT="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"
FRAMES=120
RESIZE_AT=60
RESIZE_TO=900x600
KEEP_OPEN_MS=60000  # an upper bound: the demo is told to finish as soon as the capture is taken

fail() { echo "window_test: FAILED: $*" >&2; exit 1; }

# shellcheck source=xvfb.sh
. "$HERE/xvfb.sh"  # begin_demo_capture_test, run_demo_and_capture
begin_demo_capture_test window_test "$OUT"

run_demo_and_capture "$OUT" "$DEMO" --window --frames "$FRAMES" --resize-at "$RESIZE_AT" --resize-to "$RESIZE_TO" \
    --keep-open-ms "$KEEP_OPEN_MS" --out "$OUT/surface.png" --report "$OUT/report.json" || fail "$capture_failure"

convert "$OUT/surface.png" -depth 8 "ppm:$OUT/surface.ppm"
python3 "$HERE/check_window_capture.py" "$OUT/report.json" "$OUT/screen.ppm" "$OUT/surface.ppm" "$RESIZE_TO"
