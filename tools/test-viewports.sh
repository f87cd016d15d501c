#!/usr/bin/env bash
# test-viewports.sh: build and run the multi-viewport tests against a Dear ImGui with viewports.
#
# Usage:
#   tools/test-viewports.sh IMGUI_DOCKING_DIR [BUILD_DIR]
#
# IMGUI_DOCKING_DIR is a Dear ImGui source folder of the docking branch (imgui.h defines IMGUI_HAS_VIEWPORT),
# with its backends/ folder (the tests and the demo use its imgui_impl_glfw), e.g. an export of ocornut/imgui's
# branch docking. Nothing is downloaded: the folder is yours. BUILD_DIR defaults to build-docking.
#
# Configures the project with IMWGPU_IMGUI_SOURCE_DIR=IMGUI_DOCKING_DIR, builds the viewport tests and the demo,
# and runs every ctest whose name holds "Viewport" (ViewportTest.*, ViewportDemoWindowsXvfb): each runs in a
# virtual X server (Xvfb) on SwiftShader, or the machine's Vulkan driver. Exit status: ctest's (0 when all pass),
# 2 on misuse.
set -euo pipefail

usage() { echo "usage: $0 IMGUI_DOCKING_DIR [BUILD_DIR]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
imgui=$(realpath "$1")
[[ -f $imgui/imgui.h && -f $imgui/backends/imgui_impl_glfw.cpp ]] || { echo "$imgui: no imgui.h or backends/imgui_impl_glfw.cpp" >&2; exit 2; }
grep -q '^#define IMGUI_HAS_VIEWPORT' "$imgui/imgui.h" || { echo "$imgui: this Dear ImGui has no viewports (not the docking branch)" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${2:-$root/build-docking}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DIMWGPU_IMGUI_SOURCE_DIR="$imgui"
cmake --build "$build" -j"$(nproc)" --target viewport_test imwgpu-demo
ctest --test-dir "$build" --output-on-failure -R Viewport
