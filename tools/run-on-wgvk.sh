#!/usr/bin/env bash
# run-on-wgvk.sh: build WGVK (webgpu.h in C on Vulkan) from a folder you fetched, build this tree
# against it, and run the demo's main job and the whole test suite on SwiftShader.
#
# Usage:
#   tools/run-on-wgvk.sh WGVK_DIR SIMPLE_WGSL_DIR [--build DIR] [--keep-going]
#
#   WGVK_DIR          a tree of WGVK (the README's "WebGPU implementations" names the commit run)
#   SIMPLE_WGSL_DIR   a tree of simple_wgsl, WGVK's WGSL compiler
#   --build DIR       where everything is built (default: build-wgvk/ here, which git ignores);
#                     nothing is written into the two folders
#   --keep-going      run the demo and the tests even when a probe fails
#
# Steps, each printed:
#  1. WGVK as a shared library (WGSL through simple_wgsl, Vulkan through the system loader, nothing
#     downloaded), linked with -Bsymbolic so that its calls to itself bypass our tracker.
#  2. tools/webgpu-probes.cpp against it: four behaviours every test depends on. A failure is named
#     with docs/WGVK.md's entry, and the run stops there unless --keep-going.
#  3. This tree against it (IMWGPU_WEBGPU_INCLUDE_DIR / IMWGPU_WEBGPU_LIBRARY /
#     IMWGPU_WEBGPU_IMPLEMENTATION=WGVK).
#  4. The demo's main job (600 headless frames) on WGVK and on Dawn (the normal build in build/,
#     built here if missing), both on SwiftShader; the two PNGs compared byte for byte and pixel by
#     pixel.
#  5. The whole ctest suite on WGVK: passed, skipped (with GTEST_SKIP's reason), failed; each failure
#     is looked up in docs/WGVK.md, which documents every WGVK defect that a test shows.
#
# Exit status: 0 when the demo is identical to Dawn's and every failing test is documented; 1 otherwise.
# Needs: the Debian packages of scripts/debian-packages.txt (spirv-headers and libvulkan1 for WGVK),
# scripts/setup.sh run once (Dawn, SwiftShader).
set -euo pipefail

usage() { echo "usage: $0 WGVK_DIR SIMPLE_WGSL_DIR [--build DIR] [--keep-going]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
wgvk_src=$(realpath "$1") simple_wgsl_src=$(realpath "$2"); shift 2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-wgvk keep_going=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --build) [[ $# -ge 2 ]] || usage; build=$(realpath -m "$2"); shift 2 ;;
        --keep-going) keep_going=1; shift ;;
        *) usage ;;
    esac
done
[[ -f $wgvk_src/src/wgvk.c && -f $wgvk_src/include/webgpu/webgpu.h ]] || { echo "$wgvk_src is not a WGVK tree" >&2; exit 2; }
[[ -f $simple_wgsl_src/simple_wgsl.h ]] || { echo "$simple_wgsl_src is not a simple_wgsl tree" >&2; exit 2; }
[[ -f /usr/include/spirv/unified1/spirv.h ]] || { echo "spirv-headers is missing: apt-get install spirv-headers (scripts/debian-packages.txt)" >&2; exit 2; }
icd=$root/.deps/chromium-common/usr/lib/chromium/vk_swiftshader_icd.json
[[ -f $icd ]] || { echo "SwiftShader is missing: run scripts/setup.sh" >&2; exit 2; }
jobs=${JOBS:-2}
mkdir -p "$build/out"
step() { echo; echo "== $*"; }

# 1. WGVK. Its CMake file takes simple_wgsl from the folder beside it, so both are laid side by
#    side (as links) under the build folder. find_package(Vulkan) is disabled so that simple_wgsl's
#    optional CUDA-on-Vulkan runtime, which downloads its own dependencies, is not configured.
#    XCB surfaces: wgvk.c has them behind SUPPORT_XCB_SURFACE, which its CMake file never sets (it sets
#    SUPPORT_XLIB_SURFACE when it finds X11); SwiftShader offers VK_KHR_xcb_surface and not
#    VK_KHR_xlib_surface, so without them no window can present (docs/WGVK.md). The XCB headers come
#    with libx11-xcb-dev.
step "1. WGVK from $wgvk_src (simple_wgsl from $simple_wgsl_src)"
mkdir -p "$build/src"
ln -sfn "$wgvk_src" "$build/src/WGVK"
ln -sfn "$simple_wgsl_src" "$build/src/simple_wgsl"
cmake -S "$build/src/WGVK" -B "$build/wgvk" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
      -DWGVK_WGSL_SUPPORT=SIMPLE_WGSL -DBUILD_TESTING=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Vulkan=ON \
      -DFETCHCONTENT_FULLY_DISCONNECTED=ON -DCMAKE_SHARED_LINKER_FLAGS=-Wl,-Bsymbolic \
      "-DCMAKE_C_FLAGS=-DSUPPORT_XCB_SURFACE=1 -DVK_USE_PLATFORM_XCB_KHR" > "$build/wgvk-configure.log" 2>&1 ||
    { tail -n 20 "$build/wgvk-configure.log"; exit 1; }
cmake --build "$build/wgvk" -j"$jobs" --target wgvk > "$build/wgvk-build.log" 2>&1 || { tail -n 20 "$build/wgvk-build.log"; exit 1; }
lib=$build/wgvk/libwgvk.so
echo "built $lib"

# 2. Probes.
step "2. probes (tools/webgpu-probes.cpp) on WGVK, SwiftShader"
"${CXX:-c++}" -std=c++17 -O1 -I"$wgvk_src/include" "$root/tools/webgpu-probes.cpp" "$lib" -Wl,-rpath,"$build/wgvk" \
    -o "$build/webgpu-probes"
probes_ok=1
probe_status=0
VK_ICD_FILENAMES=$icd timeout 300 "$build/webgpu-probes" > "$build/probes.log" 2> "$build/probes.stderr" || probe_status=$?
grep -E '^(ok|FAIL|      spec)' "$build/probes.log" || true
[[ $probe_status -eq 0 ]] || probes_ok=0
[[ $probe_status -le 2 ]] || echo "the probes ended with status $probe_status (a crash) after the lines above"
if [[ $probes_ok -eq 0 ]]; then
    for name in $(grep -oE '^FAIL  [a-z-]+' "$build/probes.log" | cut -c7-); do
        entry=$(grep -m1 -E "^### .*\(probe \`$name\`\)" "$root/docs/WGVK.md" || true)
        if [[ -n $entry ]]; then echo "WGVK defect: ${entry#\#\#\# } (docs/WGVK.md)"; else echo "WGVK defect: $name (not in docs/WGVK.md)"; fi
    done
    if [[ $keep_going -eq 0 ]]; then
        echo "A probe failed: every test would fail on this WGVK. Mend the defect above (docs/WGVK.md says where), or pass --keep-going."
        exit 1
    fi
fi

# 3. This tree against WGVK.
step "3. imwgpu against WGVK ($build/imwgpu)"
cmake -S "$root" -B "$build/imwgpu" -DCMAKE_BUILD_TYPE=Release -DIMWGPU_WEBGPU_INCLUDE_DIR="$wgvk_src/include" \
      -DIMWGPU_WEBGPU_LIBRARY="$lib" -DIMWGPU_WEBGPU_IMPLEMENTATION=WGVK > "$build/imwgpu-configure.log" 2>&1 ||
    { tail -n 20 "$build/imwgpu-configure.log"; exit 1; }
cmake --build "$build/imwgpu" -j"$jobs" > "$build/imwgpu-build.log" 2>&1 || { grep -m5 -E 'error' "$build/imwgpu-build.log"; exit 1; }
echo "built"

# 4. The demo on both implementations.
step "4. demo: 600 headless frames on WGVK and on Dawn, SwiftShader"
if [[ ! -x $root/build/demo/imwgpu-demo ]]; then
    cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release > /dev/null
    cmake --build "$root/build" -j"$jobs" --target imwgpu-demo > /dev/null
fi
demo_args=(--headless --driver swiftshader --frames 600)
demo_status=0
"$build/imwgpu/demo/imwgpu-demo" "${demo_args[@]}" --out "$build/out/demo-wgvk.png" --report "$build/out/report-wgvk.json" \
    > "$build/out/demo-wgvk.log" 2>&1 || demo_status=$?
"$root/build/demo/imwgpu-demo" "${demo_args[@]}" --out "$build/out/demo-dawn.png" --report "$build/out/report-dawn.json" \
    > "$build/out/demo-dawn.log" 2>&1 || { echo "the Dawn demo failed: $build/out/demo-dawn.log"; exit 1; }
grep -m1 '^adapter:' "$build/out/demo-wgvk.log" || true
echo "demo on WGVK: exit status $demo_status ($build/out/demo-wgvk.log, $build/out/report-wgvk.json)"
demo_same=0
if [[ -f $build/out/demo-wgvk.png ]]; then
    if cmp -s "$build/out/demo-wgvk.png" "$build/out/demo-dawn.png"; then
        echo "PNG: byte-identical to Dawn's"; demo_same=1
    else
        # AE: the number of pixels that differ at all.
        differing=$(compare -metric AE "$build/out/demo-wgvk.png" "$build/out/demo-dawn.png" null: 2>&1 || true)
        [[ $differing == 0 ]] && demo_same=1
        echo "PNG: differs from Dawn's in its bytes; pixels that differ: $differing"
    fi
fi
[[ $demo_status -eq 0 ]] || demo_same=0

# 5. The test suite.
step "5. ctest on WGVK, SwiftShader"
ctest --test-dir "$build/imwgpu" --output-on-failure -j1 > "$build/ctest.log" 2>&1 || true
passed=$(grep -cE 'Test +#[0-9]+: .* Passed' "$build/ctest.log" || true)
skipped=$(grep -cE 'Test +#[0-9]+: .*\*\*\*Skipped' "$build/ctest.log" || true)
mapfile -t failed < <(grep -E 'Test +#[0-9]+: ' "$build/ctest.log" | grep -vE '( Passed |\*\*\*Skipped )' | sed -E 's/.*Test +#[0-9]+: ([^ ]+) .*/\1/')
total=$(grep -cE 'Test +#[0-9]+: ' "$build/ctest.log" || true)
echo "$total tests: $passed passed, ${#failed[@]} failed, $skipped skipped"
if [[ $skipped -gt 0 ]]; then
    echo "skipped (not counted as passed):"
    grep -E '\*\*\*Skipped' "$build/ctest.log" | sed -E 's/.*Test +#[0-9]+: ([^ ]+) .*/  \1/' | while read -r t; do
        # GTEST_SKIP() prints "<file>:<line>: Skipped" and its reason on the next line.
        reason=$(ctest --test-dir "$build/imwgpu" -R "^$t\$" -V 2>&1 | grep -A1 -E ': Skipped$' | tail -n1 | sed -E 's/^[0-9]+: //')
        echo "  $t: ${reason:-no reason printed}"
    done
fi
undocumented=0
for t in "${failed[@]}"; do
    if grep -qF "\`$t\`" "$root/docs/WGVK.md"; then
        section=$(awk -v t="\`$t\`" '/^### /{s=$0} index($0, t){print s; exit}' "$root/docs/WGVK.md" | sed 's/^### //')
        echo "  FAILED $t  (WGVK defect: $section)"
    else
        echo "  FAILED $t  (NOT documented in docs/WGVK.md)"
        undocumented=$((undocumented + 1))
    fi
done
echo "full log: $build/ctest.log"

echo
echo "implementation WGVK, SwiftShader: demo $([[ $demo_same -eq 1 ]] && echo identical to Dawn || echo NOT identical to Dawn);" \
     "$passed passed, ${#failed[@]} failed ($undocumented undocumented), $skipped skipped, of $total"
[[ $demo_same -eq 1 && $undocumented -eq 0 ]]
