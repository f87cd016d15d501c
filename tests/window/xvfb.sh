# Sourced by the tests that need an X server: require_tools, start_xvfb OUT_DIR [WxHxDEPTH], begin_demo_capture_test,
# run_demo_and_capture.
#
# Starts Xvfb on a free display (-displayfd: Xvfb picks the number itself and writes it once it accepts
# connections), exports DISPLAY, and adds its pid to the array `pids`, which the caller's EXIT trap kills
# (stop_pids). Fails (never skips) when Xvfb is missing or does not start: it is pinned in
# scripts/debian-packages.txt, so a missing one is a broken set-up.

# require_tools TOOL...: fails, naming the first missing one (they are all pinned in scripts/debian-packages.txt).
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "FAILED: $tool not found (run scripts/setup.sh)" >&2; return 1; }
    done
}

pids=()
stop_pids() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

start_xvfb() {
    local out="$1" screen="${2:-1280x800x24}" xvfb_pid
    require_tools Xvfb || return 1
    mkdir -p "$out"
    rm -f "$out/display"
    Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -br 3>"$out/display" >"$out/xvfb.log" 2>&1 &
    xvfb_pid=$!
    pids+=("$xvfb_pid")
    for _ in $(seq 1 100); do
        [ -s "$out/display" ] && break
        kill -0 "$xvfb_pid" 2>/dev/null || { echo "FAILED: Xvfb exited: $(cat "$out/xvfb.log")" >&2; return 1; }
        sleep 0.1
    done
    [ -s "$out/display" ] || { echo "FAILED: Xvfb did not start within 10 s: $(cat "$out/xvfb.log")" >&2; return 1; }
    DISPLAY=":$(tr -d '[:space:]' <"$out/display")"
    export DISPLAY
}

# run_demo_and_capture OUT_DIR DEMO ARGS...: runs the demo (which must get --keep-open-ms) on $DISPLAY, waits for
# the line it prints once its last frame is on screen, captures the X root window into OUT_DIR/screen.xwd and
# OUT_DIR/screen.ppm (and .png), then ends the demo's wait. Its output goes to OUT_DIR/demo.log, then to stdout.
# Returns non-zero, with $capture_failure saying why, when the demo fails or never showed its last frame.
run_demo_and_capture() {
    local out="$1" demo="$2" demo_pid captured=0 demo_status=0
    shift 2
    "$demo" "$@" >"$out/demo.log" 2>&1 &
    demo_pid=$!
    pids+=("$demo_pid")
    while kill -0 "$demo_pid" 2>/dev/null; do
        if grep -q "last frame presented" "$out/demo.log"; then
            xwd -root -silent -display "$DISPLAY" >"$out/screen.xwd"
            captured=1
            break
        fi
        sleep 0.2
    done
    # No window manager runs to close the window, so SIGTERM does it; a windowed demo takes it as the window
    # being closed and shuts down as usual (releases, checks, report).
    [ "$captured" -eq 1 ] && kill -TERM "$demo_pid" 2>/dev/null
    wait "$demo_pid" || demo_status=$?
    cat "$out/demo.log"
    capture_failure="imwgpu-demo exited with status $demo_status"
    [ "$demo_status" -eq 0 ] || return 1
    capture_failure="imwgpu-demo never said its last frame was on screen"
    [ "$captured" -eq 1 ] || return 1
    convert "xwd:$out/screen.xwd" "png:$out/screen.png"
    convert "xwd:$out/screen.xwd" -depth 8 "ppm:$out/screen.ppm"
}

# begin_demo_capture_test NAME OUT_DIR: what a test of the windowed demo on a screen capture starts with: the tools it
# needs, an empty OUT_DIR, and an X server (stopped at exit). Exits on failure.
begin_demo_capture_test() {
    local name="$1" out="$2"
    require_tools Xvfb xwd convert python3 || exit 1
    rm -rf "$out"
    mkdir -p "$out"
    trap stop_pids EXIT
    start_xvfb "$out" 1280x800x24 || { echo "$name: FAILED: no X server" >&2; exit 1; }
    echo "$name: Xvfb on $DISPLAY"
}
