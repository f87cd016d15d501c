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

for tool in Xvfb xwd convert python3; do
    command -v "$tool" >/dev/null || fail "$tool not found (run scripts/setup.sh)"
done

rm -rf "$OUT"
mkdir -p "$OUT"

pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# -displayfd: Xvfb picks a free display number itself and writes it once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -br 3>"$OUT/display" >"$OUT/xvfb.log" 2>&1 &
pids+=($!)
xvfb_pid=$!
for _ in $(seq 1 100); do
    [ -s "$OUT/display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited: $(cat "$OUT/xvfb.log")"
    sleep 0.1
done
[ -s "$OUT/display" ] || fail "Xvfb did not start within 10 s: $(cat "$OUT/xvfb.log")"
export DISPLAY=":$(tr -d '[:space:]' <"$OUT/display")"
echo "window_test: Xvfb on $DISPLAY"

DISPLAY="$DISPLAY" "$DEMO" --window --frames "$FRAMES" --resize-at "$RESIZE_AT" --resize-to "$RESIZE_TO" \
    --keep-open-ms "$KEEP_OPEN_MS" --out "$OUT/surface.png" --report "$OUT/report.json" >"$OUT/demo.log" 2>&1 &
demo_pid=$!
pids+=("$demo_pid")

# The demo prints this line once its last frame is on screen, then keeps it there.
captured=0
while kill -0 "$demo_pid" 2>/dev/null; do
    if grep -q "last frame presented" "$OUT/demo.log"; then
        xwd -root -silent -display "$DISPLAY" >"$OUT/screen.xwd"
        captured=1
        break
    fi
    sleep 0.2
done
# Captured: end the demo's wait. No window manager runs to close the window, so SIGTERM does it; a windowed
# demo takes it as the window being closed and shuts down as usual (releases, checks, report).
[ "$captured" -eq 1 ] && kill -TERM "$demo_pid" 2>/dev/null
demo_status=0
wait "$demo_pid" || demo_status=$?
cat "$OUT/demo.log"
[ "$demo_status" -eq 0 ] || fail "imwgpu-demo exited with status $demo_status"
[ "$captured" -eq 1 ] || fail "imwgpu-demo never said its last frame was on screen"

convert "xwd:$OUT/screen.xwd" "png:$OUT/screen.png"
convert "xwd:$OUT/screen.xwd" -depth 8 "ppm:$OUT/screen.ppm"
convert "$OUT/surface.png" -depth 8 "ppm:$OUT/surface.ppm"
python3 "$HERE/check_window_capture.py" "$OUT/report.json" "$OUT/screen.ppm" "$OUT/surface.ppm" "$RESIZE_TO"
