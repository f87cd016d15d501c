#!/usr/bin/env bash
# check-webgpu-header.sh: prove that include/webgpu/webgpu.h (our subset of the
# WebGPU C API) has the same ABI and API as an official webgpu.h.
#
# Usage:
#   tools/check-webgpu-header.sh OFFICIAL_WEBGPU_H [--lib LIBWEBGPU.so]
#
# What it checks, for every declaration in OUR header:
#   1. Our header compiles alone as C99 and C++11 with -Wall -Wextra -pedantic
#      -Werror.
#   2. Layout and values: tools/webgpu-header-probe.py writes a program that
#      prints sizeof/alignof of each struct, offsetof/sizeof of each field, the
#      value of each enum and bitflag constant and of each WGPU_* constant. It
#      is built once against our header and once against the official one, and
#      the two outputs must be identical.
#   3. Types: a second generated file static_asserts, against the official
#      header, that every function, callback type, handle and struct field has
#      exactly the type written in ours.
#   4. With --lib: the library exports every function we declare.
# A name that the official header lacks makes that item fail to compile; the
# item is reported and left out, and the rest is still compared.
#
# Exit status 0 when everything matches, 1 on any difference, 2 on misuse.
# Needs bash, python3, a C and a C++ compiler ($CC, $CXX; default cc, c++),
# and nm for --lib. The official header is read, never copied into the tree.
set -euo pipefail

usage() { echo "usage: $0 OFFICIAL_WEBGPU_H [--lib LIBWEBGPU.so]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
official=$(realpath "$1"); shift
lib=
while [[ $# -gt 0 ]]; do
    case $1 in
        --lib) [[ $# -ge 2 ]] || usage; lib=$(realpath "$2"); shift 2 ;;
        *) usage ;;
    esac
done
[[ -f $official ]] || { echo "no such file: $official" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ours=$root/include/webgpu/webgpu.h
CC=${CC:-cc}
CXX=${CXX:-c++}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Each header gets its own include root so that <webgpu/webgpu.h> picks it.
mkdir -p "$work/ours/webgpu" "$work/official/webgpu"
cp "$ours" "$work/ours/webgpu/webgpu.h"
cp "$official" "$work/official/webgpu/webgpu.h"

failed=0
fail() { echo "FAIL: $*"; failed=1; }

echo "ours:     $ours"
echo "official: $official"

# 1. Standalone, warning-free in C and C++.
printf '#include <webgpu/webgpu.h>\nint main(void) { return 0; }\n' > "$work/plain.c"
cp "$work/plain.c" "$work/plain.cpp"
strict=(-Wall -Wextra -pedantic -Werror -I"$work/ours")
"$CC" -std=c99 "${strict[@]}" -c "$work/plain.c" -o "$work/plain_c.o" || fail "our header is not clean C99"
"$CXX" -std=c++11 "${strict[@]}" -c "$work/plain.cpp" -o "$work/plain_cpp.o" || fail "our header is not clean C++11"

python3 "$root/tools/webgpu-header-probe.py" "$ours" "$work"

# build NAME INCLUDE_ROOT [compiler args...]: compiles $work/NAME.cpp against
# the header under INCLUDE_ROOT. Items whose lines draw errors are reported,
# then skipped (-DSKIP_<n>) until the rest compiles. The skip flags end up in
# the global array `skips`.
build() {
    local name=$1 inc=$2; shift 2
    local src=$work/$name.cpp log=$work/$name.log bad round
    skips=()
    for round in $(seq 1 50); do
        if "$CXX" -std=c++11 -I"$inc" "${skips[@]}" "$src" "$@" 2> "$log"; then
            return 0
        fi
        # Map "FILE:LINE:COL: error: text" to the item whose line range holds LINE.
        bad=$(awk -v src="$src" '
            FNR == NR { first[$1] = $2; last[$1] = $3; $1 = $2 = $3 = ""; desc[FNR - 1] = substr($0, 4); n = FNR; next }
            index($0, src ":") == 1 && / error: / {
                split(substr($0, length(src) + 2), p, ":"); line = p[1] + 0
                msg = $0; sub(/^[^ ]* error: /, "", msg)
                for (i = 0; i < n; i++) if (line >= first[i] && line <= last[i]) {
                    if (!(i in seen)) { seen[i] = 1; print i "\t" desc[i] "\t" msg }
                    next
                }
                print "-1\toutside any item\t" msg
            }' "$work/$name.items" "$log")
        if [[ -z $bad ]] || grep -q '^-1' <<< "$bad"; then
            echo "cannot build $name.cpp against $inc:"; head -n 20 "$log"; return 1
        fi
        while IFS=$'\t' read -r n desc msg; do
            echo "  $desc: $msg"
            skips+=("-DSKIP_$n")
        done <<< "$bad"
    done
    echo "giving up on $name.cpp after $round rounds"; return 1
}

# 2. Layout and values.
echo "== layout and values against the official header"
if build layout "$work/official" -o "$work/layout_official"; then
    [[ ${#skips[@]} -eq 0 ]] || fail "${#skips[@]} item(s) above are missing from the official header"
    # Build ours without the same items so the outputs line up.
    official_skips=("${skips[@]}")
    "$CXX" -std=c++11 -I"$work/ours" "${official_skips[@]}" "$work/layout.cpp" -o "$work/layout_ours"
    "$work/layout_ours" > "$work/layout_ours.txt"
    "$work/layout_official" > "$work/layout_official.txt"
    if diff -u --label ours --label official "$work/layout_ours.txt" "$work/layout_official.txt"; then
        echo "   $(wc -l < "$work/layout_ours.txt") values identical"
    else
        fail "layouts or values differ (diff above)"
    fi
else
    fail "layout probe does not build against the official header"
fi

# 3. Exact types. First against ours (must hold trivially), then the official.
echo "== types and signatures against the official header"
build signatures "$work/ours" -fsyntax-only || fail "signature probe does not hold for our own header"
[[ ${#skips[@]} -eq 0 ]] || fail "signature probe does not hold for our own header"
if build signatures "$work/official" -fsyntax-only; then
    if [[ ${#skips[@]} -eq 0 ]]; then
        echo "   $(wc -l < "$work/signatures.items") declarations have identical types"
    else
        fail "${#skips[@]} declaration(s) above differ from the official header"
    fi
else
    fail "signature probe does not build against the official header"
fi

# 4. Exports.
if [[ -n $lib ]]; then
    echo "== exports of $lib"
    missing=$(comm -23 <(grep -oE '^WGPU_EXPORT [^(]*\bwgpu[A-Za-z0-9]+\(' "$ours" | grep -oE 'wgpu[A-Za-z0-9]+' | sort -u) \
                       <(nm -D --defined-only "$lib" | awk '{ print $NF }' | sort -u))
    if [[ -z $missing ]]; then
        echo "   every declared function is exported"
    else
        fail "not exported: $(echo $missing)"
    fi
fi

if [[ $failed -eq 0 ]]; then echo "OK: our header matches $official"; else echo "DIFFERENCES FOUND"; fi
exit $failed
