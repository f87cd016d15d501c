#!/usr/bin/env bash
# Instructions per frame of ImGui_ImplWGPU_RenderDrawData (modes cached and recreate) and of the floor's
# encode loop, counted by callgrind: repeatable where wall-clock time on a shared 2-core machine is not.
#
# Valgrind cannot run SwiftShader's JIT code, so this runs on Dawn's Null backend, which executes Dawn's
# front end (validation, bind group creation, command recording) and no driver. The counts therefore cover
# our backend plus Dawn's front end. Cost comparisons only: the Null backend draws nothing.
#
# Each mode runs twice, with SHORT and LONG measured frames after the same warm-up; the difference divided
# by (LONG - SHORT) is the steady-state cost of one frame, without start-up or warm-up.
#
#   bench/callgrind.sh [path/to/imwgpu-bench] [scenario]       (defaults: build/bench/imwgpu-bench images-256)
#   FRAMES_SHORT=10 FRAMES_LONG=30 WARMUP=10 OUT_DIR=/tmp/x bench/callgrind.sh ...
#
# Prints instructions per frame per mode and keeps the callgrind files (OUT_DIR) for callgrind_annotate.
set -euo pipefail

bench=${1:-build/bench/imwgpu-bench}
scenario=${2:-images-256}
short=${FRAMES_SHORT:-10}
long=${FRAMES_LONG:-30}
warmup=${WARMUP:-10}
out_dir=${OUT_DIR:-$(mktemp -d /tmp/imwgpu-callgrind.XXXXXX)}
mkdir -p "$out_dir"

command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ -x "$bench" ] || { echo "callgrind.sh: no benchmark at $bench (build the imwgpu-bench target)" >&2; exit 1; }
[ "$long" -gt "$short" ] || { echo "callgrind.sh: FRAMES_LONG must exceed FRAMES_SHORT" >&2; exit 1; }

# Instructions collected inside the toggled functions (callgrind's "totals:" line).
run_one() {  # mode frames -> prints the instruction count
    local file="$out_dir/$scenario-$1-$2.callgrind"
    valgrind --tool=callgrind --callgrind-out-file="$file" --collect-atstart=no \
        --toggle-collect='ImGui_ImplWGPU_RenderDrawData*' --toggle-collect='*FloorRenderer::encode*' \
        "$bench" --null-backend-for-cost --scenario "$scenario" --mode "$1" \
        --frames "$2" --warmup "$warmup" >"$file.log" 2>&1 ||
        { echo "callgrind.sh: the run failed, see $file.log" >&2; exit 1; }
    awk '/^totals:/ { print $2 }' "$file"
}

echo "scenario $scenario, Dawn Null backend (cost only), $warmup warm-up frames, ($long - $short) frames compared"
printf '%-9s %16s\n' mode "instr/frame"
declare -A per_frame
for mode in cached recreate floor; do
    a=$(run_one "$mode" "$short")
    b=$(run_one "$mode" "$long")
    per_frame[$mode]=$(( (b - a) / (long - short) ))
    printf '%-9s %16d\n' "$mode" "${per_frame[$mode]}"
done
awk -v c="${per_frame[cached]}" -v r="${per_frame[recreate]}" -v f="${per_frame[floor]}" 'BEGIN {
    printf "recreate / cached = %.2f, cached / floor = %.2f\n", r / c, c / f }'
echo "callgrind files: $out_dir (e.g. callgrind_annotate --inclusive=yes $out_dir/$scenario-cached-$long.callgrind)"
