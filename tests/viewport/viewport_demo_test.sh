#!/usr/bin/env bash
# The demo with --viewports under a virtual X server (Xvfb), checked on what the screen shows:
#   viewport_demo_test.sh IMWGPU_DEMO OUT_DIR
# The demo's main window is 1000x700 at the screen's corner; the Dear ImGui demo window and the image gallery
# stick out of its right edge, so each must be an X window of its own, drawn through its own WebGPU surface.
# check_viewport_capture.py compares a capture of the screen with the report's viewports and window places.
set -euo pipefail

DEMO="$1"
OUT="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"
fail() { echo "viewport_demo_test: FAILED: $*" >&2; exit 1; }

# shellcheck source=../window/xvfb.sh
. "$HERE/../window/xvfb.sh"  # begin_demo_capture_test, run_demo_and_capture
begin_demo_capture_test viewport_demo_test "$OUT"

run_demo_and_capture "$OUT" "$DEMO" --viewports --frames 60 --size 1000x700 --keep-open-ms 60000 --out "$OUT/main.png" \
    --report "$OUT/report.json" || fail "$capture_failure"
python3 "$HERE/check_viewport_capture.py" "$OUT/report.json" "$OUT/screen.ppm"
