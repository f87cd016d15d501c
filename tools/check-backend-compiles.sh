#!/usr/bin/env bash
# check-backend-compiles.sh: compile the backend, the harness and the tracker against
# an official webgpu.h instead of our include/webgpu/webgpu.h.
#
# Usage:
#   tools/check-backend-compiles.sh OFFICIAL_INCLUDE_DIR
#
# OFFICIAL_INCLUDE_DIR is the folder that holds webgpu/webgpu.h (the layout of the
# webgpu-headers repository and of every WebGPU implementation's include folder).
#
# The backend is what users copy into their own tree, next to their implementation's
# webgpu.h, and build with their own flags; so it must compile unchanged, free of
# warnings, as C++11 and as C++17:  -Wall -Wextra -Werror -pedantic.
# The harness and the tracker are our own C++17 code; they are held to the same
# warnings so that a name the official header renamed or removed shows up here.
#
# Each file is compiled on its own (syntax and semantics, no object written) and
# reported OK or FAIL with its first errors. A check that <webgpu/webgpu.h> really
# resolved to the official header guards against picking up ours by accident.
#
# Exit status 0 when everything compiles, 1 when something does not, 2 on misuse.
# Needs a C++ compiler ($CXX, default c++) and pkg-config with imgui and stb
# (Debian libimgui-dev, libstb-dev; scripts/setup.sh installs them).
set -euo pipefail

usage() { echo "usage: $0 OFFICIAL_INCLUDE_DIR   (the folder that holds webgpu/webgpu.h)" >&2; exit 2; }
[[ $# -eq 1 ]] || usage
[[ -f $1/webgpu/webgpu.h ]] || { echo "no webgpu/webgpu.h under $1" >&2; exit 2; }
official=$(realpath "$1")

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CXX=${CXX:-c++}
imgui_cflags=$(pkg-config --cflags imgui)
stb_cflags=$(pkg-config --cflags stb)
strict=(-Wall -Wextra -Werror -pedantic)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "official header: $official/webgpu/webgpu.h"
failed=0

# compile LABEL STD SOURCE [extra flags...]
compile() {
    local label=$1 std=$2 src=$3; shift 3
    local log=$work/log deps=$work/deps
    # Only the official folder, the source's own folder and the named packages are on the
    # include path: never $root/include.
    # shellcheck disable=SC2086
    if "$CXX" -std="$std" "${strict[@]}" -I"$official" $imgui_cflags "$@" \
            -fsyntax-only -MD -MF "$deps" "$root/$src" > "$log" 2>&1; then
        local used
        used=$(tr ' \\' '\n\n' < "$deps" | grep -E '/webgpu/webgpu\.h$' | sort -u | xargs -r realpath)
        if [[ $used != "$official/webgpu/webgpu.h" ]]; then
            echo "FAIL  $label: included webgpu.h from ${used:-nowhere}, not the official folder"
            failed=1
        else
            echo "OK    $label"
        fi
    else
        echo "FAIL  $label ($(grep -c ' error: ' "$log" || true) errors):"
        grep -E ' (error|warning): ' "$log" | sed "s|$root/||" | head -n 20 | sed 's/^/        /'
        failed=1
    fi
}

compile "backend  C++11  backend/imgui_impl_wgpu.cpp" c++11 backend/imgui_impl_wgpu.cpp -I"$root/backend"
compile "backend  C++17  backend/imgui_impl_wgpu.cpp" c++17 backend/imgui_impl_wgpu.cpp -I"$root/backend"
# shellcheck disable=SC2086
compile "harness  C++17  harness/imwgpu_harness.cpp"  c++17 harness/imwgpu_harness.cpp  -I"$root/harness" $stb_cflags
compile "tracker  C++17  tracker/imwgpu_tracker.cpp"  c++17 tracker/imwgpu_tracker.cpp  -I"$root/tracker"

if [[ $failed -eq 0 ]]; then echo "OK: everything compiles against $official"; else echo "FAILURES against $official"; fi
exit $failed
