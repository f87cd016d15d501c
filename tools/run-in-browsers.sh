#!/usr/bin/env bash
# Runs imwgpu in real browsers, headless: Chromium (its WebGPU is Dawn, on SwiftShader here) and Firefox ESR
# (its WebGPU is wgpu, on Mesa's lavapipe), by hand (CI does not run it: Emscripten comes from no package registry).
#
#   bash tools/run-in-browsers.sh --emscripten DIR --imgui DIR --emdawnwebgpu DIR [--binaryen DIR]
#                                 [--only demo|tests|bench] [--build DIR] [--timeout SECONDS]
#
#   --emscripten DIR    an Emscripten tree (6.0.8) with its node_modules (npm ci; done here when missing)
#   --imgui DIR         Dear ImGui 1.92+ sources (imgui.h, imgui.cpp, ...)
#   --emdawnwebgpu DIR  emdawnwebgpu's package (the folder holding emdawnwebgpu.port.py, or one above it)
#   --binaryen DIR      a binaryen build (bin/wasm-opt) newer than Debian's 108: links at -O2 instead of -O0
#   --only WHAT         demo, tests or bench (default: all of them)
#   --build DIR         where everything is built and the results go (default: build-web/, ignored by git)
#   --timeout SECONDS   the longest one browser run may take (default 600)
#
# What it does: installs what is missing (scripts/setup.sh --web: the native dependencies, for the native
# picture the demo is compared with, and scripts/web-packages.txt); builds web/ with Emscripten into
# BUILD/web; serves BUILD/web/www on 127.0.0.1 (web/serve.py); opens each program's page (web/page/run.html)
# in each browser, headless, with a profile of its own, and reads back what the page posts (BUILD/results/
# <browser>-<program>/: result.json, and the files the program wrote, e.g. demo.png and report.json; for
# Firefox's demo also page.png and canvas.png, screenshots of the page taken through Marionette).
# Prints one line per browser, then "N passed, M failed"; exits 1 when anything failed.
#
# Each part is a function check_<part> BROWSER that runs its program(s) with run_page, counts with pass/fail
# and sets PART to its summary; the line of a browser is the summaries of its parts joined.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { printf '[web] %s\n' "$*"; }
die() { printf '[web] ERROR: %s\n' "$*" >&2; exit 2; }
trap 'printf "[web] ERROR: line %s: \"%s\" exited %s\n" "$LINENO" "$BASH_COMMAND" "$?" >&2' ERR

EMSCRIPTEN="" IMGUI="" EMDAWNWEBGPU="" BINARYEN="" ONLY="" BUILD="$ROOT/build-web" TIMEOUT=600
while [ $# -gt 0 ]; do
    case "$1" in
        --emscripten) EMSCRIPTEN="$2"; shift 2 ;;
        --imgui) IMGUI="$2"; shift 2 ;;
        --emdawnwebgpu) EMDAWNWEBGPU="$2"; shift 2 ;;
        --binaryen) BINARYEN="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --build) BUILD="$2"; shift 2 ;;
        --timeout) TIMEOUT="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[ -n "$EMSCRIPTEN" ] && [ -f "$EMSCRIPTEN/emcc.py" ] || die "--emscripten DIR: no emcc.py in '$EMSCRIPTEN'"
[ -n "$IMGUI" ] && [ -f "$IMGUI/imgui.h" ] || die "--imgui DIR: no imgui.h in '$IMGUI'"
PORT_FILE="$(find "${EMDAWNWEBGPU:-/nonexistent}" -maxdepth 2 -name emdawnwebgpu.port.py 2>/dev/null | head -n 1)"
[ -n "$PORT_FILE" ] || die "--emdawnwebgpu DIR: no emdawnwebgpu.port.py in '$EMDAWNWEBGPU' or a folder below it"
[ -z "$BINARYEN" ] || [ -x "$BINARYEN/bin/wasm-opt" ] || die "--binaryen DIR: no bin/wasm-opt in '$BINARYEN'"
case "$ONLY" in ""|demo|tests|bench) ;; *) die "--only takes demo, tests or bench" ;; esac
wants() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
EMSCRIPTEN="$(cd "$EMSCRIPTEN" && pwd)" IMGUI="$(cd "$IMGUI" && pwd)"
mkdir -p "$BUILD" && BUILD="$(cd "$BUILD" && pwd)"

# --- Dependencies --------------------------------------------------------------------------------------------
bash "$ROOT/scripts/setup.sh" --web
if [ ! -d "$EMSCRIPTEN/node_modules" ]; then
    log "npm ci in $EMSCRIPTEN (Emscripten's JavaScript dependencies)"
    (cd "$EMSCRIPTEN" && npm ci --no-audit --no-fund)
fi

# --- Builds --------------------------------------------------------------------------------------------------
# Emscripten's configuration, written here rather than in the Emscripten tree: Debian's LLVM 22, binaryen
# (Debian's, or --binaryen), and a cache of system libraries inside BUILD (the first build makes them).
export EM_CONFIG="$BUILD/emscripten-config.py" EMCC_CORES=2
cat >"$EM_CONFIG" <<EOF
LLVM_ROOT = '/usr/lib/llvm-22/bin'
BINARYEN_ROOT = '${BINARYEN:-/usr}'
NODE_JS = '$(command -v node)'
CACHE = '$BUILD/emscripten-cache'
EOF
LINK_OPT=-O0
[ -n "$BINARYEN" ] && LINK_OPT=-O2
log "building web/ with Emscripten into $BUILD/web (link $LINK_OPT)"
nice -n 10 "$EMSCRIPTEN/emcmake" cmake -S "$ROOT/web" -B "$BUILD/web" -DCMAKE_BUILD_TYPE=Release \
    -DIMWGPU_IMGUI_SOURCE_DIR="$IMGUI" -DIMWGPU_EMDAWNWEBGPU_PORT="$PORT_FILE" -DIMWGPU_WEB_LINK_OPT="$LINK_OPT" >/dev/null
# pipefail: the build's status, not grep's (which fails when it prints nothing).
nice -n 10 cmake --build "$BUILD/web" -j2 2>&1 | { grep -v 'Wversion-check' || true; } || die "the web build failed"

RESULTS="$BUILD/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# The native demo on SwiftShader, built against the same Dear ImGui: the picture Chromium's must match.
# IMGUI_DISABLE_SSE: natively Dear ImGui computes 1/sqrt(x) with SSE's approximate rsqrt (anti-aliased
# outlines then move by a fraction of a pixel); WebAssembly has no SSE and computes it exactly.
if wants demo; then
    log "building the native demo against $IMGUI into $BUILD/native"
    nice -n 10 cmake -S "$ROOT" -B "$BUILD/native" -DCMAKE_BUILD_TYPE=Release -DIMWGPU_IMGUI_SOURCE_DIR="$IMGUI" \
        -DCMAKE_CXX_FLAGS=-DIMGUI_DISABLE_SSE -DIMWGPU_BUILD_TESTS=OFF -DIMWGPU_BUILD_BENCH=OFF \
        -DIMWGPU_BUILD_SOAK=OFF -DIMWGPU_BUILD_FUZZ=OFF >/dev/null
    nice -n 10 cmake --build "$BUILD/native" -j2 --target imwgpu-demo >/dev/null
    mkdir -p "$RESULTS/native-demo"
    "$BUILD/native/demo/imwgpu-demo" --headless --driver swiftshader --out "$RESULTS/native-demo/demo.png" \
        --report "$RESULTS/native-demo/report.json" >"$RESULTS/native-demo/output.txt" 2>&1 \
        || die "the native demo failed: $RESULTS/native-demo/output.txt"
fi

# --- The server and the browsers ------------------------------------------------------------------------------
SERVER_PID="" BROWSER_PID=""
stop() {  # the process group of a browser or the server we started, by its id
    [ -n "$1" ] && kill -- "-$1" 2>/dev/null || true
}
trap 'stop "$BROWSER_PID"; stop "$SERVER_PID"' EXIT
setsid python3 "$ROOT/web/serve.py" --root "$BUILD/web/www" --results "$RESULTS" >"$BUILD/server.txt" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do grep -q '^serving' "$BUILD/server.txt" && break; sleep 0.1; done
URL="$(sed -n 's/^serving //p' "$BUILD/server.txt")"
[ -n "$URL" ] || die "the server did not start: $(cat "$BUILD/server.txt")"
log "serving $BUILD/web/www at $URL"

# The profile of each browser, made anew for each run.
new_profile() {  # BROWSER -> prints the folder
    local dir="$BUILD/profiles/$1"
    rm -rf "$dir" && mkdir -p "$dir"
    if [ "$1" = firefox ]; then
        # WebGPU is off in Firefox ESR, and its blocklist refuses software Vulkan drivers; timers are coarsened
        # to 20 µs (100 µs in some versions) unless told otherwise. Marionette, the remote protocol the
        # screenshots go through, listens only when Firefox is started with --marionette, then on a free port
        # that it writes into the profile (MarionetteActivePort).
        cat >"$dir/user.js" <<'EOF'
user_pref("dom.webgpu.enabled", true);
user_pref("gfx.webgpu.ignore-blocklist", true);
user_pref("privacy.reduceTimerPrecision", false);
user_pref("privacy.reduceTimerPrecision.unconditional", false);
user_pref("marionette.port", 0);
EOF
    fi
    printf '%s\n' "$dir"
}

# run_page [--screenshot-when TEXT] BROWSER PROGRAM [ARGS...]: runs PROGRAM's main(ARGS) in BROWSER; its results
# land in $RESULTS/BROWSER-PROGRAM/ (result.json, files/). Returns 1 when the page posted nothing before the timeout.
# --screenshot-when (Firefox only): once the page shows TEXT, web/firefox_screenshot.py takes a screenshot of it
# (page.png) and of its <canvas id="canvas"> (canvas.png) into the same folder; its messages go to
# $RESULTS/BROWSER-PROGRAM-screenshot.log.
run_page() {
    local screenshot_when="" shot_pid="" marionette=()
    if [ "$1" = --screenshot-when ]; then
        screenshot_when="$2"
        marionette=(--marionette)
        shift 2
    fi
    local browser="$1" program="$2" run="$1-$2" query arg profile
    shift 2
    query="program=$program&run=$run"
    for arg in "$@"; do query+="&arg=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$arg")"; done
    profile="$(new_profile "$browser")"
    case "$browser" in
        chromium)
            # --enable-unsafe-webgpu: without it requestAdapter() gives null on Linux. Not --disable-gpu,
            # which takes WebGPU with it. Its log (--enable-logging=stderr) has the page's console.
            setsid chromium --headless=new --no-sandbox --enable-unsafe-webgpu --enable-logging=stderr \
                --user-data-dir="$profile" --disable-background-networking --disable-component-update \
                --disable-sync --no-first-run "$URL/run.html?$query" >"$RESULTS/$run.log" 2>&1 &
            ;;
        firefox)
            # On Mesa's lavapipe: a second Vulkan driver beside Chromium's SwiftShader.
            VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json \
                setsid firefox-esr --headless --no-remote "${marionette[@]}" --profile "$profile" \
                "$URL/run.html?$query" >"$RESULTS/$run.log" 2>&1 &
            ;;
    esac
    BROWSER_PID=$!
    if [ -n "$screenshot_when" ]; then
        mkdir -p "$RESULTS/$run"
        python3 "$ROOT/web/firefox_screenshot.py" --profile "$profile" --when-page-shows "$screenshot_when" \
            --out "$RESULTS/$run/page.png" --element "#canvas" "$RESULTS/$run/canvas.png" --timeout "$TIMEOUT" \
            >"$RESULTS/$run-screenshot.log" 2>&1 &
        shot_pid=$!
    fi
    local waited=0
    while [ ! -f "$RESULTS/$run/result.json" ] && [ "$waited" -lt "$TIMEOUT" ]; do
        sleep 1
        waited=$((waited + 1))
    done
    if [ -n "$shot_pid" ]; then
        # Still waiting once the program has ended: the text never came, and the screenshot would be too late.
        kill "$shot_pid" 2>/dev/null || true
        wait "$shot_pid" 2>/dev/null || true
    fi
    stop "$BROWSER_PID"
    BROWSER_PID=""
    [ -f "$RESULTS/$run/result.json" ]
}

# A value of the result JSON that run.html posted: result_field RUN EXPRESSION (Python, on `r`).
result_field() {
    python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
        "$RESULTS/$1/result.json" "$2"
}

# How a program of the page ended: its exit status, or "aborted: ..." when it aborted or the page met an error.
program_status() {
    result_field "$1" 'r["exitStatus"] if not r["abort"] and not r["pageErrors"] else "aborted: %s %s" % (r["abort"], r["pageErrors"])'
}

PASSED=0 FAILED=0 FAILURES=()
pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$1"); }

# --- The parts -----------------------------------------------------------------------------------------------
# Each sets PART to its part of the browser's line and counts what passed and failed.

# demo: the native demo's main job (600 frames, churn then steady), its own checks (0 WebGPU and backend errors,
# 0 bind groups per frame when steady, the cache, nothing alive after shutdown), and its picture against the
# native one. The backend's debug window is left out of the comparison: it names the adapter and shows
# figures that follow from the text's length. Chromium draws with SwiftShader, as the native run does, so
# the rest must be identical. Firefox draws with lavapipe (llvmpipe), whose blending and filtering round
# differently (8-bit fixed point): every pixel within 16/255, and all but 0.5% within 2/255.
# In Firefox the demo also draws every frame on the page's canvas (--canvas), and a screenshot of the page, taken
# while the program holds its last frame there, must show that frame: the canvas's part of it identical to the
# picture read back, one more pass or failure. The canvas gets the read-back texels unchanged (textureLoad, between
# two 8-bit unorm formats), and Firefox composites it without converting colours (headless, no colour profile):
# any difference is a fault. Chromium is left as it was: headless, it never composites a WebGPU canvas (copies of
# it read zeros, screenshots show white), so there would be nothing to compare.
CANVAS_HOLD_MS=10000  # the screenshot takes a fraction of a second; the rest is margin for a busy machine
check_demo() {
    local browser="$1" run="$1-imwgpu-demo" ignore comparison status canvas=() screenshot=()
    if [ "$browser" = firefox ]; then
        canvas=(--canvas "#canvas" --keep-on-canvas-ms "$CANVAS_HOLD_MS")
        screenshot=(--screenshot-when "last frame presented")  # the demo's line when it starts holding
    fi
    if ! run_page "${screenshot[@]}" "$browser" imwgpu-demo --headless --out /out/demo.png --report /out/report.json \
            "${canvas[@]}"; then
        fail "$browser: the demo posted no result within ${TIMEOUT}s ($RESULTS/$run.log)"
        PART="demo FAILED (no result)"
        return
    fi
    status="$(program_status "$run")"
    if [ "$status" != 0 ] || [ ! -f "$RESULTS/$run/files/demo.png" ]; then
        fail "$browser: the demo failed (exit status $status): $(result_field "$run" '"; ".join(l for l in r["stdout"] if "FAILED" in l)')"
        PART="demo FAILED (exit status $status)"
        return
    fi
    ignore="$(python3 -c 'import json, sys; print(",".join(str(v) for v in json.load(open(sys.argv[1]))["windows"]["imgui_impl_wgpu"]))' \
        "$RESULTS/$run/files/report.json")"
    local compare=(python3 "$ROOT/web/compare_png.py" "$RESULTS/native-demo/demo.png" "$RESULTS/$run/files/demo.png"
                   --ignore "$ignore" --diff "$RESULTS/$run/difference.png")
    if [ "$browser" = chromium ]; then
        if comparison="$("${compare[@]}")" && [[ "$comparison" == identical* ]]; then
            pass
            PART="demo identical to native"
        else
            fail "$browser: demo picture: $comparison"
            PART="demo differs from native ($comparison)"
        fi
    elif comparison="$("${compare[@]}" --tolerance 2 --allow-percent 0.5 --limit 16)"; then
        pass
        PART="demo within tolerance of native (${comparison%%, within x*})"
    else
        fail "$browser: demo picture: $comparison"
        PART="demo differs from native beyond the tolerance ($comparison)"
    fi
    [ ${#canvas[@]} -gt 0 ] || return 0
    if [ ! -f "$RESULTS/$run/canvas.png" ]; then
        fail "$browser: no screenshot of the canvas: $(tr '\n' ' ' <"$RESULTS/$run-screenshot.log")"
        PART+="; canvas FAILED (no screenshot)"
    elif comparison="$(python3 "$ROOT/web/compare_png.py" "$RESULTS/$run/files/demo.png" "$RESULTS/$run/canvas.png" \
            --diff "$RESULTS/$run/canvas-difference.png")"; then
        pass
        PART+="; canvas shows the demo (its screenshot identical to the read-back)"
    else
        fail "$browser: the canvas in the screenshot against the read-back: $comparison"
        PART+="; canvas differs from the read-back ($comparison)"
    fi
}

# tests: the core of the test suite (GoogleTest), built by web/CMakeLists.txt as imwgpu-tests, counted from its
# output by web/gtest_results.py: each test is one pass or one failure of the last line, and a test that never
# ended or never ran is a failure; a skipped test (what a browser cannot do, with the reason) counts as neither.
# The failed and skipped tests, with why, are printed and kept in $RESULTS/BROWSER-imwgpu-tests/summary.txt.
check_tests() {
    local browser="$1" run="$1-imwgpu-tests" passed failed skipped
    if ! run_page "$browser" imwgpu-tests --gtest_color=no; then
        fail "$browser: the tests posted no result within ${TIMEOUT}s ($RESULTS/$run.log)"
        PART="tests FAILED (no result)"
        return
    fi
    python3 "$ROOT/web/gtest_results.py" "$RESULTS/$run" --name tests >"$RESULTS/$run/summary.txt" || true
    sed '$d; s/^/[web]   /' "$RESULTS/$run/summary.txt"
    read -r passed failed skipped <<<"$(tail -n 1 "$RESULTS/$run/summary.txt" |
        sed -E 's/^tests: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/')"
    PASSED=$((PASSED + passed))
    FAILED=$((FAILED + failed))
    [ "$failed" -eq 0 ] || FAILURES+=("$browser: $failed tests failed ($RESULTS/$run/summary.txt)")
    PART="tests $passed passed, $failed failed, $skipped skipped"
}

# bench: the benchmark (imwgpu-bench, bench/ compiled unchanged) at -O2, which needs --binaryen: at -O0 it would
# measure unoptimised WebAssembly. The image scenarios, churn and the demo, in cached, recreate (upstream's policy)
# and floor modes, interleaved frame by frame in one page; 100 frames after 20, since every frame waits for the
# queue (about 100 ms in Firefox, which reports it idle only that often). It passes when the program does (no
# WebGPU or backend error, every mode's last frame identical); a ratio below its target is a measurement, shown
# as MISS, not a failure. Its table and JSON land in $RESULTS/BROWSER-imwgpu-bench/.
BENCH_SCENARIOS=images-1,images-16,images-256,images-1024,churn,demo
# recreate/cached at 256 images: the targets of each browser.
declare -A BENCH_TARGET=([chromium]=5 [firefox]=3)
check_bench() {
    local browser="$1" run="$1-imwgpu-bench" status
    if [ "$LINK_OPT" != -O2 ]; then  # counted as neither passed nor failed: nothing was measured
        PART="bench not run (needs --binaryen for an -O2 build)"
        return
    fi
    if ! run_page "$browser" imwgpu-bench --scenario "$BENCH_SCENARIOS" --mode cached,recreate,floor \
            --frames 100 --warmup 20 --json /out/bench.json; then
        fail "$browser: the benchmark posted no result within ${TIMEOUT}s ($RESULTS/$run.log)"
        PART="bench FAILED (no result)"
        return
    fi
    result_field "$run" '"\n".join(r["stdout"])' >"$RESULTS/$run/table.txt"
    status="$(program_status "$run")"
    if [ "$status" != 0 ] || [ ! -f "$RESULTS/$run/files/bench.json" ]; then
        fail "$browser: the benchmark failed (exit status $status): $(result_field "$run" '"; ".join(r["stderr"][-3:])')"
        PART="bench FAILED (exit status $status)"
        return
    fi
    pass
    # Per scenario: cached's median RenderDrawData() in µs, recreate/cached and cached/floor.
    log "$browser: benchmark (median µs of RenderDrawData; recreate/cached, cached/floor), table in $RESULTS/$run/table.txt"
    PART="$(python3 - "$RESULTS/$run/files/bench.json" "${BENCH_TARGET[$browser]}" <<'EOF'
import json, sys
records = json.load(open(sys.argv[1]))["records"]
target = float(sys.argv[2])
median = {(r["scenario"], r["mode"]): r["render_cpu_us_median"] for r in records}
scenarios = list(dict.fromkeys(r["scenario"] for r in records))
for s in scenarios:
    c, rc, f = median[(s, "cached")], median[(s, "recreate")], median[(s, "floor")]
    print("[web]   %-12s cached %7.1f  recreate %7.1f  floor %7.1f   recreate/cached %5.2fx  cached/floor %5.2fx"
          % (s, c, rc, f, rc / c, c / f), file=sys.stderr)
ratio = median[("images-256", "recreate")] / median[("images-256", "cached")]
print("bench recreate/cached at 256 images %.1fx (%s, target >= %gx), demo %.0f us"
      % (ratio, "PASS" if ratio >= target else "MISS", target, median[("demo", "cached")]))
EOF
)"
}

# --- Each browser --------------------------------------------------------------------------------------------
LINES=()
for browser in chromium firefox; do
    case "$browser" in
        chromium) name="$(chromium --version 2>/dev/null | head -n 1 | sed 's/ built on .*//') (Dawn, SwiftShader)" ;;
        firefox) name="$(firefox-esr --version 2>/dev/null | head -n 1) (wgpu, lavapipe)" ;;
    esac
    parts=()
    for part in demo tests bench; do
        wants "$part" || continue
        log "$browser: $part"
        PART=""
        "check_$part" "$browser"
        parts+=("$PART")
    done
    printf -v joined '%s; ' "${parts[@]}"
    LINES+=("$name: ${joined%; }")
done

echo
for line in "${LINES[@]}"; do echo "$line"; done
for failure in "${FAILURES[@]}"; do echo "  FAILED: $failure"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
