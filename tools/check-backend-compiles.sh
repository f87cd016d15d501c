#!/usr/bin/env bash
# check-backend-compiles.sh: compile the backend, the harness and the tracker against
# official webgpu.h headers instead of our include/webgpu/webgpu.h.
#
# Usage:
#   tools/check-backend-compiles.sh OFFICIAL_INCLUDE_DIR
#   tools/check-backend-compiles.sh --implementations [--manifest FILE] OWNER/NAME=FOLDER...
#
# First form: OFFICIAL_INCLUDE_DIR is the folder that holds webgpu/webgpu.h (the layout of the
# webgpu-headers repository and of every WebGPU implementation's include folder). Each file is
# reported OK or FAIL with its first errors.
#
# Second form: every implementation listed in the manifest (default
# tools/webgpu-implementations.tsv: name, repository, commit, header paths, define sets) whose
# repository is given as OWNER/NAME=FOLDER. FOLDER is either a git directory of that repository
# (the headers are read at the manifest's commit) or a tree of it (the headers are read as they
# are; when the tree is a git checkout its HEAD must be the manifest's commit). The headers are
# laid out in a temporary include folder as the implementation installs them, and the backend is
# compiled with each define set of the row, as C++11 and as C++17. One line per implementation:
# "compiles" or "fails" with the first error; the harness and the tracker (our own C++17 code,
# written for the generation of our header) are reported after it for information. Rows whose
# repository was not given are listed as skipped.
#
# The backend is what users copy into their own tree, next to their implementation's
# webgpu.h, and build with their own flags; so it must compile unchanged, free of
# warnings, as C++11 and as C++17:  -Wall -Wextra -Werror -pedantic.
# The harness and the tracker are held to the same warnings so that a name the official
# header renamed or removed shows up here.
#
# Each file is compiled on its own (syntax and semantics, no object written). A check that
# <webgpu/webgpu.h> really resolved to the official header guards against picking up ours by
# accident.
#
# Exit status 0 when everything compiles (second form: every given implementation's backend),
# 1 when something does not, 2 on misuse.
# Needs a C++ compiler ($CXX, default c++), git for the second form, and pkg-config with imgui
# and stb (Debian libimgui-dev, libstb-dev; scripts/setup.sh installs them). IMGUI_CFLAGS=-I<folder>
# compiles against the Dear ImGui in that folder instead of Debian's.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() {
    echo "usage: $0 OFFICIAL_INCLUDE_DIR   (the folder that holds webgpu/webgpu.h)" >&2
    echo "       $0 --implementations [--manifest FILE] OWNER/NAME=FOLDER...   (rows of tools/webgpu-implementations.tsv)" >&2
    exit 2
}
[[ $# -ge 1 ]] || usage

CXX=${CXX:-c++}
imgui_cflags=${IMGUI_CFLAGS:-$(pkg-config --cflags imgui)}   # IMGUI_CFLAGS=-I<folder>: another Dear ImGui
stb_cflags=$(pkg-config --cflags stb)
strict=(-Wall -Wextra -Werror -pedantic)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# compile OFFICIAL STD SOURCE [extra flags...]: compiles SOURCE against OFFICIAL/webgpu/webgpu.h.
# Returns 0 on success; otherwise 1 and sets $first_error (one line) and $error_count; the full
# log is in $work/log.
compile() {
    local official=$1 std=$2 src=$3; shift 3
    local log=$work/log deps=$work/deps used
    first_error= error_count=0
    # Only the official folder, the source's own folder and the named packages are on the
    # include path: never $root/include.
    # shellcheck disable=SC2086
    if "$CXX" -std="$std" "${strict[@]}" -I"$official" $imgui_cflags "$@" \
            -fsyntax-only -MD -MF "$deps" "$root/$src" > "$log" 2>&1; then
        used=$(tr ' \\' '\n\n' < "$deps" | grep -E '/webgpu/webgpu\.h$' | sort -u | xargs -r realpath)
        [[ $used == "$official/webgpu/webgpu.h" ]] && return 0
        first_error="included webgpu.h from ${used:-nowhere}, not the official folder"
        return 1
    fi
    error_count=$(grep -c ' error: ' "$log" || true)
    first_error=$(grep -m1 -E ' (error|warning): ' "$log" | sed "s|$root/||; s|$work/[^ ]*/include/||") || true
    return 1
}

#------------------------------------------------------------------------------------------------
# First form: one include folder, each file reported.
#------------------------------------------------------------------------------------------------
if [[ $1 != --implementations ]]; then
    [[ $# -eq 1 ]] || usage
    [[ -f $1/webgpu/webgpu.h ]] || { echo "no webgpu/webgpu.h under $1" >&2; exit 2; }
    official=$(realpath "$1")
    echo "official header: $official/webgpu/webgpu.h"
    failed=0
    report() {  # LABEL STD SOURCE [flags...]
        local label=$1; shift
        if compile "$official" "$@"; then
            echo "OK    $label"
        else
            failed=1
            if [[ $error_count -eq 0 ]]; then echo "FAIL  $label: $first_error"; return; fi
            echo "FAIL  $label ($error_count errors):"
            grep -E ' (error|warning): ' "$work/log" | sed "s|$root/||" | head -n 20 | sed 's/^/        /'
        fi
    }
    report "backend  C++11  backend/imgui_impl_wgpu.cpp" c++11 backend/imgui_impl_wgpu.cpp -I"$root/backend"
    report "backend  C++17  backend/imgui_impl_wgpu.cpp" c++17 backend/imgui_impl_wgpu.cpp -I"$root/backend"
    # shellcheck disable=SC2086
    report "harness  C++17  harness/imwgpu_harness.cpp"  c++17 harness/imwgpu_harness.cpp  -I"$root/harness" $stb_cflags
    report "tracker  C++17  tracker/imwgpu_tracker.cpp"  c++17 tracker/imwgpu_tracker.cpp  -I"$root/tracker"
    if [[ $failed -eq 0 ]]; then echo "OK: everything compiles against $official"; else echo "FAILURES against $official"; fi
    exit $failed
fi

#------------------------------------------------------------------------------------------------
# Second form: the implementations of the manifest.
#------------------------------------------------------------------------------------------------
shift
manifest=$root/tools/webgpu-implementations.tsv
declare -A folders=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --manifest) [[ $# -ge 2 ]] || usage; manifest=$2; shift 2 ;;
        */*=*) folders[${1%%=*}]=$(realpath "${1#*=}"); shift ;;
        *) usage ;;
    esac
done
[[ -f $manifest ]] || { echo "no manifest $manifest" >&2; exit 2; }

# fetch_header FOLDER COMMIT PATH DEST: writes the repository's PATH at COMMIT to DEST.
fetch_header() {
    local folder=$1 commit=$2 path=$3 dest=$4 head
    mkdir -p "$(dirname "$dest")"
    if [[ $(git --git-dir="$folder" rev-parse --is-bare-repository 2>/dev/null) == true ]] ||
       [[ -f $folder/HEAD && -d $folder/objects ]]; then
        git --git-dir="$folder" show "$commit:$path" > "$dest" 2>/dev/null || { echo "$commit:$path not in $folder"; return 1; }
    else
        [[ -f $folder/$path ]] || { echo "no $path in $folder"; return 1; }
        if head=$(git -C "$folder" rev-parse HEAD 2>/dev/null) && [[ $head != "$commit"* ]]; then
            echo "$folder is at ${head:0:12}, not ${commit:0:12}"; return 1
        fi
        cp "$folder/$path" "$dest"
    fi
}

failed=0 row=0
while IFS=$'\t' read -r name repo commit headers defines; do
    [[ -z $name || $name == \#* ]] && continue
    row=$((row + 1))
    label=$(printf '%-26s %s' "$name" "${commit:0:9}")
    folder=${folders[$repo]:-}
    if [[ -z $folder ]]; then
        echo "$label  skipped: no folder given for $repo"
        continue
    fi
    inc=$work/row$row/include
    problem=
    IFS=',' read -r -a pairs <<< "$headers"
    for pair in "${pairs[@]}"; do
        problem=$(fetch_header "$folder" "$commit" "${pair%%>*}" "$inc/${pair#*>}") || break
    done
    if [[ -n $problem ]]; then
        echo "$label  fails: $problem"; failed=1; continue
    fi
    official=$(realpath "$inc")

    # The backend, with every define set, C++11 and C++17.
    verdict= sets=()
    IFS=';' read -r -a define_sets <<< "$defines"
    for set in "${define_sets[@]}"; do
        flags=()
        [[ $set == - ]] || for d in $set; do flags+=("-D$d"); done
        sets+=("${set// /+}")
        for std in c++11 c++17; do
            if ! compile "$official" "$std" backend/imgui_impl_wgpu.cpp -I"$root/backend" "${flags[@]}"; then
                verdict="fails ($std, defines: $set): $first_error"
                break 2
            fi
        done
    done
    if [[ -z $verdict ]]; then
        verdict="compiles (C++11, C++17; defines: $(printf '%s | ' "${sets[@]}" | sed 's/ | $//'))"
    else
        failed=1
    fi

    # Our harness and tracker, for information.
    others=
    # shellcheck disable=SC2086
    compile "$official" c++17 harness/imwgpu_harness.cpp -I"$root/harness" $stb_cflags || others="harness fails: $first_error"
    if ! compile "$official" c++17 tracker/imwgpu_tracker.cpp -I"$root/tracker"; then
        others="${others:+$others; }tracker fails: $first_error"
    fi
    echo "$label  backend $verdict; ${others:-harness, tracker compile}"
done < "$manifest"

exit $failed
