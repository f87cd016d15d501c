#!/usr/bin/env bash
# Instructions per frame of ImGui_ImplWGPU_RenderDrawData (modes cached and recreate), of the floor's
# encode loop (floor), and of that loop plus its one write of the packed bytes (floor+upload) or of the same
# bytes gathered from the draw lists first (floor+gather), counted by callgrind: repeatable where wall-clock
# time on a shared 2-core machine is not.
#
# Valgrind cannot run SwiftShader's JIT code, so this runs on Dawn's Null backend, which executes Dawn's
# front end (validation, bind group creation, command recording) and no driver. The counts therefore cover
# our backend plus Dawn's front end. Cost comparisons only: the Null backend draws nothing.
#
# Each mode runs twice, with SHORT and LONG measured frames after the same warm-up; the difference divided
# by (LONG - SHORT) is the steady-state cost of one frame, without start-up or warm-up.
#
# Caveat: glibc copies large blocks with `rep movsb`, which callgrind counts as one instruction per byte, so
# uploads (memcpy) weigh far more here than they cost in time. Read memcpy apart from the rest (TOP=N).
#
#   bench/callgrind.sh [path/to/imwgpu-bench] [scenario]       (defaults: build/bench/imwgpu-bench images-256)
#   FRAMES_SHORT=10 FRAMES_LONG=30 WARMUP=10 TOP=12 OUT_DIR=/tmp/x bench/callgrind.sh ...
#
# Prints instructions per frame per mode, with TOP=N also each mode's N costliest functions (own instructions
# per frame, steady state), and keeps the callgrind files (OUT_DIR) for callgrind_annotate.
set -euo pipefail

bench=${1:-build/bench/imwgpu-bench}
scenario=${2:-images-256}
short=${FRAMES_SHORT:-10}
long=${FRAMES_LONG:-30}
warmup=${WARMUP:-10}
top=${TOP:-0}
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
        --toggle-collect='*FloorRenderer::upload_written*' --toggle-collect='*FloorRenderer::upload_gathered*' \
        "$bench" --null-backend-for-cost --scenario "$scenario" --mode "$1" \
        --frames "$2" --warmup "$warmup" >"$file.log" 2>&1 ||
        { echo "callgrind.sh: the run failed, see $file.log" >&2; exit 1; }
    awk '/^totals:/ { print $2 }' "$file"
}

# Own (exclusive) instructions per function, as "count<TAB>function" lines.
self_costs() {
    callgrind_annotate --threshold=100 "$1" 2>/dev/null | sed -n '/file:function/,$p' |
        awk 'NR > 2 && /%\)/ { n = $1; gsub(",", "", n); sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, ""); print n "\t" $0 }'
}

print_top() {  # mode: the functions that cost most per steady-state frame
    local short_file="$out_dir/$scenario-$1-$short.callgrind" long_file="$out_dir/$scenario-$1-$long.callgrind"
    awk -F'\t' -v frames=$((long - short)) -v top="$top" '
        NR == FNR { before[$2] = $1; next }
        { per_frame = ($1 - before[$2]) / frames; if (per_frame > 0) printf "%12d  %s\n", per_frame, substr($2, 1, 140) }' \
        <(self_costs "$short_file") <(self_costs "$long_file") | sort -rn | awk -v n="$top" 'NR <= n'
}

echo "scenario $scenario, Dawn Null backend (cost only), $warmup warm-up frames, ($long - $short) frames compared"
printf '%-13s %16s\n' mode "instr/frame"
declare -A per_frame
modes="cached recreate floor floor+upload floor+gather"
for mode in $modes; do
    a=$(run_one "$mode" "$short")
    b=$(run_one "$mode" "$long")
    per_frame[$mode]=$(( (b - a) / (long - short) ))
    printf '%-13s %16d\n' "$mode" "${per_frame[$mode]}"
done
awk -v c="${per_frame[cached]}" -v r="${per_frame[recreate]}" -v f="${per_frame[floor]}" -v u="${per_frame[floor+upload]}" \
    -v g="${per_frame[floor+gather]}" 'BEGIN {
    printf "recreate / cached = %.2f, cached / floor = %.2f, cached / floor+upload = %.2f, cached / floor+gather = %.2f\n",
        r / c, c / f, c / u, c / g }'
if [ "$top" -gt 0 ]; then
    for mode in $modes; do
        echo "-- $mode: own instructions per frame, top $top"
        print_top "$mode"
    done
fi
echo "callgrind files: $out_dir (e.g. callgrind_annotate --inclusive=yes $out_dir/$scenario-cached-$long.callgrind)"
