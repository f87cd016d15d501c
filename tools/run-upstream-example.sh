#!/usr/bin/env bash
# run-upstream-example.sh: build Dear ImGui's own GLFW + WebGPU example, unchanged, against this
# backend, run it in a window under Xvfb on SwiftShader and capture the screen.
#
# Usage:
#   tools/run-upstream-example.sh IMGUI_DIR [WORK_DIR]
#
# IMGUI_DIR is a Dear ImGui source folder of your own (a checkout of ocornut/imgui, 1.92.5+ for this
# example), holding examples/example_glfw_wgpu/main.cpp. Nothing is downloaded and nothing is written
# into this repository: objects, the program, its log and the screenshot go to WORK_DIR (default
# /tmp/imwgpu-upstream-example), the screenshot as WORK_DIR/example.png. RUN_SECONDS (default 5) is how
# long the example runs before the capture; it is then stopped with SIGTERM (it has no other way out
# without a window manager to close its window).
#
# What is built: the example's main.cpp, Dear ImGui's core and its GLFW backend from IMGUI_DIR, our
# backend/imgui_impl_wgpu.{h,cpp} in place of upstream's, with our include/webgpu/webgpu.h (or
# IMWGPU_WEBGPU_INCLUDE_DIR), linked with Debian's GLFW and the Dawn that scripts/setup.sh installs.
#
# What the example needs beyond our backend, and how this script gives it without editing main.cpp:
# - A WebGPU implementation define. IMGUI_IMPL_WEBGPU_BACKEND_DAWN makes the example include Dawn's
#   C++ header webgpu/webgpu_cpp.h, which the npm build of Dawn does not ship; _WGPU makes it call
#   wgpu-native's wgpuSetLogCallback/wgpuSetLogLevel, which Dawn does not export. _WGVK takes the path
#   written against the standard C API only, so that is the one used (our backend needs none).
# - WGPUInstanceFeatureName_TimedWaitAny: webgpu.h generations before mid-2025 (ours, matching the
#   Dawn we ship) call it WGPUInstanceFeatureName_TimedWaitAnyEnable, with the same value; when the
#   header lacks the new name it is defined to the old one on the command line.
# - glfwGetPlatform() and GLFW_PLATFORM_X11 (GLFW 3.4+): tools/upstream-example-compat.h supplies
#   them for GLFW 3.3 (force-included).
# The example's CreateWGPUSurface() compiles only its Wayland branch when <wayland-client.h> is
# installed, and then returns nothing on X11 (upstream's -Wreturn-type warning): this script refuses
# to run on such a machine rather than run undefined behaviour.
#
# Exit status 0 when the example built, was still running when the screen was captured, and the
# capture shows more than the clear colour; 1 otherwise; 2 on misuse. Needs g++, pkg-config (glfw3),
# xvfb-run, xwd and ImageMagick's convert (scripts/debian-packages.txt).
set -euo pipefail

usage() { echo "usage: $0 IMGUI_DIR [WORK_DIR]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
imgui=$(realpath "$1")
work=${2:-/tmp/imwgpu-upstream-example}
run_seconds=${RUN_SECONDS:-5}
example=$imgui/examples/example_glfw_wgpu/main.cpp
[[ -f $example && -f $imgui/imgui.h && -f $imgui/backends/imgui_impl_glfw.cpp ]] ||
    { echo "$imgui has no examples/example_glfw_wgpu/main.cpp, imgui.h or backends/imgui_impl_glfw.cpp" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
webgpu_include=${IMWGPU_WEBGPU_INCLUDE_DIR:-$root/include}
dawn=$root/node_modules/bun-webgpu-linux-x64/libwebgpu_wrapper.so
icd=$root/.deps/chromium-common/usr/lib/chromium/vk_swiftshader_icd.json
CXX=${CXX:-g++}
fail() { echo "run-upstream-example: FAILED: $*" >&2; exit 1; }
for f in "$dawn" "$icd" "$webgpu_include/webgpu/webgpu.h"; do
    [[ -f $f ]] || fail "$f not found (run scripts/setup.sh)"
done
for tool in "$CXX" pkg-config xvfb-run xwd convert; do
    command -v "$tool" >/dev/null || fail "$tool not found (run scripts/setup.sh)"
done
if echo '#include <wayland-client.h>' | "$CXX" -x c++ -E - >/dev/null 2>&1; then
    fail "<wayland-client.h> is installed: the example would then build only its Wayland surface path (see the header of this script)"
fi

mkdir -p "$work"
cd "$work"
echo "Dear ImGui: $imgui ($(grep -m1 '#define IMGUI_VERSION ' "$imgui/imgui.h" | cut -d'"' -f2))"
echo "work folder: $work"

# The same flags for every file: one implementation define, Dear ImGui's folders, our webgpu.h.
flags=(-std=c++17 -O1 -DIMGUI_IMPL_WEBGPU_BACKEND_WGVK -I"$imgui" -I"$imgui/backends" -I"$webgpu_include")
# shellcheck disable=SC2207
glfw_flags=($(pkg-config --cflags glfw3))

# Dear ImGui's core and GLFW backend, rebuilt only when a source is newer than its object.
core=(imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp imgui_demo.cpp backends/imgui_impl_glfw.cpp)
pids=()
for src in "${core[@]}"; do
    obj=$(basename "$src" .cpp).o
    if [[ ! -f $obj || $imgui/$src -nt $obj ]]; then
        "$CXX" "${flags[@]}" "${glfw_flags[@]}" -c "$imgui/$src" -o "$obj" & pids+=($!)
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || fail "building Dear ImGui from $imgui"; done

# Ours: our backend folder comes first, so "imgui_impl_wgpu.h" is ours and not the one in backends/.
"$CXX" "${flags[@]}" -I"$root/backend" -Wall -Wextra -c "$root/backend/imgui_impl_wgpu.cpp" -o imgui_impl_wgpu.o ||
    fail "building backend/imgui_impl_wgpu.cpp"

# The example, unchanged.
example_flags=(-include "$root/tools/upstream-example-compat.h")
grep -q 'WGPUInstanceFeatureName_TimedWaitAny\b' "$webgpu_include/webgpu/webgpu.h" ||
    example_flags+=(-DWGPUInstanceFeatureName_TimedWaitAny=WGPUInstanceFeatureName_TimedWaitAnyEnable)
echo "example flags: -DIMGUI_IMPL_WEBGPU_BACKEND_WGVK ${example_flags[*]}"
"$CXX" -I"$root/backend" "${flags[@]}" "${glfw_flags[@]}" "${example_flags[@]}" -MD -MF main.d -c "$example" -o main.o ||
    fail "building $example"
# shellcheck disable=SC1003,SC2020  # tr: spaces and backslashes of the dependency file become newlines
used=$(tr ' \\' '\n\n' < main.d | grep -E '/imgui_impl_wgpu\.h$' | sort -u | xargs -r realpath)
[[ $used == "$root/backend/imgui_impl_wgpu.h" ]] || fail "the example included ${used:-no} imgui_impl_wgpu.h, not ours"

core_objects=()
for src in "${core[@]}"; do core_objects+=("$(basename "$src" .cpp).o"); done
# shellcheck disable=SC2046
"$CXX" -o example_glfw_wgpu main.o imgui_impl_wgpu.o "${core_objects[@]}" $(pkg-config --libs glfw3) \
    "$dawn" -Wl,-rpath,"$(dirname "$dawn")" -ldl -lpthread || fail "linking"
echo "built $work/example_glfw_wgpu"

# Run it in a window on SwiftShader, capture the X screen after RUN_SECONDS, stop it.
rm -f example.png example.log
export VK_ICD_FILENAMES=$icd
# shellcheck disable=SC2016  # the script below expands its own variables
xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    stdbuf -oL -eL ./example_glfw_wgpu > example.log 2>&1 &
    pid=$!
    sleep "$1"
    if ! kill -0 $pid 2>/dev/null; then wait $pid; echo "exited early with status $?" >> example.log; exit 1; fi
    xwd -root -silent | convert xwd:- example.png
    kill -TERM $pid
    wait $pid || true
' run "$run_seconds" || { cat example.log; fail "the example did not keep running for $run_seconds s"; }
echo "--- example output"
cat example.log
echo "---"
[[ -s example.png ]] || fail "no screenshot"
colours=$(convert example.png -format %k info:)
echo "screenshot: $work/example.png ($colours colours)"
[[ $colours -gt 16 ]] || fail "the screen shows $colours colours: nothing but the clear colour was drawn"
echo "OK: upstream's example_glfw_wgpu ran on our backend"
