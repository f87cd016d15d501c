#!/usr/bin/env bash
# Installs everything imwgpu needs to build and test on Debian 12 (bookworm):
#   1. Debian packages pinned in scripts/debian-packages.txt (apt-get),
#   2. Dawn, the WebGPU implementation, from npm (package.json + package-lock.json)
#      -> node_modules/bun-webgpu-linux-x64/libwebgpu_wrapper.so,
#   3. SwiftShader, a CPU Vulkan driver, unpacked from Debian's chromium-common
#      -> .deps/chromium-common/usr/lib/chromium/vk_swiftshader_icd.json,
#   4. Dear ImGui's core sources, from Debian's source package imgui (the source of libimgui-dev)
#      -> .deps/imgui-source/imgui.cpp ... (built by CMake with a thread-local current context).
# With --web, step 1 also installs scripts/web-packages.txt: the browsers, Mesa's Vulkan drivers and the
# LLVM and binaryen that Emscripten uses, for tools/run-in-browsers.sh (CI does not run the web).
# Safe to run again: each step is skipped when its result is already in place.
# Runs unattended (no prompts); needs root or sudo for step 1 only when something is missing.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PACKAGE_LISTS=("$ROOT/scripts/debian-packages.txt")
DEPS_DIR="$ROOT/.deps"
export DEBIAN_FRONTEND=noninteractive

log()  { printf '[setup] %s\n' "$*"; }
warn() { printf '[setup] WARNING: %s\n' "$*" >&2; }
die()  { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
# Under set -e a failing command would end the script without a word: say which one, and where.
trap 'printf "[setup] ERROR: line %s: \"%s\" exited %s\n" "$LINENO" "$BASH_COMMAND" "$?" >&2' ERR

TEMP_DIRS=()
cleanup() { [ "${#TEMP_DIRS[@]}" -eq 0 ] || rm -rf "${TEMP_DIRS[@]}"; }
trap cleanup EXIT

for arg in "$@"; do
    case "$arg" in
        --web) PACKAGE_LISTS+=("$ROOT/scripts/web-packages.txt") ;;
        *) die "unknown option '$arg' (the only one is --web)" ;;
    esac
done

command -v apt-get >/dev/null || die "apt-get not found: this script supports Debian 12 only"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "run as root (or install sudo): apt-get needs it"
    SUDO=(sudo -n)
fi

# ---------------------------------------------------------------------------------
# apt helpers
# ---------------------------------------------------------------------------------

# Refresh the package lists at most once per run, and only when they are missing or
# older than an hour, so that repeated runs stay fast and work without network.
APT_UPDATED=0
apt_update_if_stale() {
    [ "$APT_UPDATED" -eq 1 ] && return 0
    APT_UPDATED=1
    local fresh
    fresh="$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -n 1)"
    if [ -n "$fresh" ]; then
        log "apt package lists are recent; not updating"
        return 0
    fi
    log "apt-get update"
    "${SUDO[@]}" apt-get update -qq
}

installed_version() {  # prints the installed version of $1, or nothing
    # dpkg-query exits 1 for a package dpkg has never seen: that is "not installed", not an error.
    { dpkg-query -W -f='${db:Status-Abbrev}|${Version}' "$1" 2>/dev/null || true; } \
        | awk -F'|' '$1 ~ /^ii/ { print $2 }'
}

archive_has_version() {  # does any configured archive offer package $1 at version $2?
    apt-cache madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$2"
}

candidate_version() {
    apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }'
}

# Decides which version of $1 to use given the pin $2: the pin when the archive still
# has it, otherwise the candidate (with a warning that names both). Prints the version.
resolve_version() {
    local name="$1" pinned="$2" candidate
    if archive_has_version "$name" "$pinned"; then
        printf '%s\n' "$pinned"
        return 0
    fi
    candidate="$(candidate_version "$name")"
    if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
        die "package $name is not available from any configured apt source (pinned $pinned)"
    fi
    warn "$name: pinned version $pinned is no longer in the archive; using $candidate instead"
    printf '%s\n' "$candidate"
}

# ---------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------

TO_INSTALL=()        # name=version arguments for apt-get install
EXTRACT_PACKAGES=()  # name=version entries unpacked instead of installed
SOURCE_PACKAGES=()   # name=version entries of source packages whose upstream sources are unpacked
SUMMARY=()

read_package_list() {  # $1: the list
    local list="$1" line spec name pinned mode
    while IFS= read -r line || [ -n "$line" ]; do
        line="${line%%#*}"
        read -r spec mode _ <<<"$line" || true
        [ -z "${spec:-}" ] && continue
        name="${spec%%=*}"
        pinned="${spec#*=}"
        [ "$name" = "$spec" ] && die "$list: '$spec' is not name=version"
        mode="${mode:-install}"
        case "$mode" in
            install) plan_install "$name" "$pinned" ;;
            unless:*)
                local cmd="${mode#unless:}"
                if command -v "$cmd" >/dev/null; then
                    SUMMARY+=("$name: skipped, $cmd is already present at $(command -v "$cmd")")
                else
                    plan_install "$name" "$pinned"
                fi
                ;;
            extract) EXTRACT_PACKAGES+=("$name=$pinned") ;;
            source) SOURCE_PACKAGES+=("$name=$pinned") ;;
            *) die "$list: unknown mode '$mode' for $name" ;;
        esac
    done <"$list"
}

plan_install() {
    local name="$1" pinned="$2" have
    have="$(installed_version "$name")"
    if [ "$have" = "$pinned" ]; then
        SUMMARY+=("$name=$have (already installed)")
        return 0
    fi
    if [ -n "$have" ] && dpkg --compare-versions "$have" gt "$pinned"; then
        # Never downgrade a package the machine already has at a newer version.
        warn "$name: installed $have is newer than the pinned $pinned; keeping $have"
        SUMMARY+=("$name=$have (already installed, newer than pin $pinned)")
        return 0
    fi
    apt_update_if_stale
    local version
    version="$(resolve_version "$name" "$pinned")"
    if [ "$have" = "$version" ]; then
        SUMMARY+=("$name=$have (already installed)")
        return 0
    fi
    TO_INSTALL+=("$name=$version")
    SUMMARY+=("$name=$version (installed now)")
}

for list in "${PACKAGE_LISTS[@]}"; do
    read_package_list "$list"
done
if [ "${#TO_INSTALL[@]}" -gt 0 ]; then
    log "apt-get install ${TO_INSTALL[*]}"
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${TO_INSTALL[@]}"
else
    log "all pinned Debian packages are installed"
fi

# ---------------------------------------------------------------------------------
# 2. Dawn from npm
# ---------------------------------------------------------------------------------

DAWN_LIB="$ROOT/node_modules/bun-webgpu-linux-x64/libwebgpu_wrapper.so"
# npm ci wipes node_modules, so a stamp inside it records which lock file it installed.
NPM_STAMP="$ROOT/node_modules/.imwgpu-package-lock.sha256"
LOCK_HASH="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
if [ -f "$DAWN_LIB" ] && [ -f "$NPM_STAMP" ] && [ "$(cat "$NPM_STAMP")" = "$LOCK_HASH" ]; then
    log "Dawn already installed from package-lock.json"
else
    command -v npm >/dev/null || die "npm not found (it should have been installed above)"
    log "npm ci (Dawn)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error)
    [ -f "$DAWN_LIB" ] || die "npm ci finished but $DAWN_LIB is missing"
    printf '%s\n' "$LOCK_HASH" >"$NPM_STAMP"
fi

# ---------------------------------------------------------------------------------
# 3. Packages unpacked into .deps/ (SwiftShader from chromium-common)
# ---------------------------------------------------------------------------------

# Files worth keeping from each unpacked package; everything else is deleted.
keep_list() {
    case "$1" in
        chromium-common)
            printf '%s\n' \
                usr/lib/chromium/libvk_swiftshader.so \
                usr/lib/chromium/vk_swiftshader_icd.json \
                usr/lib/chromium/libVkLayer_khronos_validation.so
            ;;
        *) die "no list of files to keep for $1" ;;
    esac
}

# Moves the files named after the first four arguments (paths relative to `from`) into `dest`, which it empties first,
# then writes `version` into its stamp file, dest/.version; `what` names the unpacked package in the error for a
# missing file.
keep_files() {
    local from="$1" dest="$2" version="$3" what="$4" file
    shift 4
    rm -rf "$dest"
    for file in "$@"; do
        [ -f "$from/$file" ] || die "$what does not contain $file"
        mkdir -p "$dest/$(dirname "$file")"
        mv "$from/$file" "$dest/$file"
    done
    printf '%s\n' "$version" >"$dest/.version"
}

# Does `dest` hold every file named after the first two arguments, and a stamp file (dest/.version) saying `version`?
already_unpacked() {
    local dest="$1" version="$2" file
    shift 2
    [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ] || return 1
    for file in "$@"; do [ -f "$dest/$file" ] || return 1; done
}

extract_package() {
    local name="$1" pinned="$2"
    local dest="$DEPS_DIR/$name"
    local keep=()
    mapfile -t keep < <(keep_list "$name")

    if already_unpacked "$dest" "$pinned" "${keep[@]}"; then
        SUMMARY+=("$name=$pinned (already unpacked in $dest)")
        return 0
    fi
    apt_update_if_stale
    local version
    version="$(resolve_version "$name" "$pinned")"
    if already_unpacked "$dest" "$version" "${keep[@]}"; then
        SUMMARY+=("$name=$version (already unpacked in $dest)")
        return 0
    fi

    local tmp
    tmp="$(mktemp -d)"
    TEMP_DIRS+=("$tmp")
    log "apt-get download $name=$version"
    # Downloading as root into a private temp dir: the _apt sandbox user could not write there.
    (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$name=$version")
    dpkg -x "$tmp"/"${name}"_*.deb "$tmp/root"

    keep_files "$tmp/root" "$dest" "$version" "$name $version" "${keep[@]}"
    rm -rf "$tmp"
    SUMMARY+=("$name=$version (unpacked now into $dest)")
}

for entry in "${EXTRACT_PACKAGES[@]}"; do
    extract_package "${entry%%=*}" "${entry#*=}"
done

# ---------------------------------------------------------------------------------
# 4. Source packages unpacked into .deps/<name>-source/ (Dear ImGui's core)
# ---------------------------------------------------------------------------------

# Files worth keeping from each source package's upstream tarball; everything else is deleted.
source_keep_list() {
    case "$1" in
        # Dear ImGui's core without the demo, built into a library whose current context is thread-local
        # (tests/thread_local_imgui/): Debian's libimgui.a has a plain global and the -dev package ships no
        # sources. imstb_truetype.h and imstb_rectpack.h are not kept: like Debian's build, ours uses libstb's.
        imgui)
            printf '%s\n' LICENSE.txt imconfig.h imgui.h imgui_internal.h imstb_textedit.h \
                imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp
            ;;
        *) die "no list of source files to keep for $1" ;;
    esac
}

# The machine's apt configuration stays as it is (it may have no deb-src line, and adding one would
# change every later apt-get update): source packages are fetched through a private sources list with
# private package lists and cache under .deps/apt-source/, deleted once the sources are unpacked.
# Proxies and other settings of /etc/apt/apt.conf.d still apply. The Sources index is verified against
# Debian's archive key, and apt checks every downloaded file against it.
DEBIAN_ARCHIVE_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
APT_SOURCE_DIR="$DEPS_DIR/apt-source"
APT_SOURCE_OPTS=(
    -o "Dir::Etc::SourceList=$APT_SOURCE_DIR/sources.list"
    -o "Dir::Etc::SourceParts=$APT_SOURCE_DIR/sources.list.d"
    -o "Dir::State::Lists=$APT_SOURCE_DIR/lists"
    -o "Dir::Cache=$APT_SOURCE_DIR/cache"
    # Files go to folders of ours: apt's unprivileged _apt user may not be able to write there.
    -o APT::Sandbox::User=root
)
APT_SOURCE_UPDATED=0
apt_source_update() {
    [ "$APT_SOURCE_UPDATED" -eq 1 ] && return 0
    APT_SOURCE_UPDATED=1
    [ -f "$DEBIAN_ARCHIVE_KEYRING" ] || die "$DEBIAN_ARCHIVE_KEYRING not found (package debian-archive-keyring)"
    rm -rf "$APT_SOURCE_DIR"
    mkdir -p "$APT_SOURCE_DIR/sources.list.d" "$APT_SOURCE_DIR/lists/partial" "$APT_SOURCE_DIR/cache/archives/partial"
    printf 'deb-src [signed-by=%s] http://deb.debian.org/debian bookworm main\n' "$DEBIAN_ARCHIVE_KEYRING" \
        >"$APT_SOURCE_DIR/sources.list"
    log "apt-get update (private list of Debian 12 source packages, in $APT_SOURCE_DIR)"
    apt-get "${APT_SOURCE_OPTS[@]}" update -qq
}

# The pinned version when the archive still has it, otherwise the newest it has (with a warning, as for
# binary packages). Prints the version.
resolve_source_version() {
    local name="$1" pinned="$2" versions newest="" v
    mapfile -t versions < <(apt-cache "${APT_SOURCE_OPTS[@]}" showsrc --only-source "$name" 2>/dev/null |
        awk '/^Version:/ { print $2 }')
    [ "${#versions[@]}" -gt 0 ] || die "source package $name is not in Debian 12's archive (pinned $pinned)"
    for v in "${versions[@]}"; do
        if [ "$v" = "$pinned" ]; then
            printf '%s\n' "$pinned"
            return 0
        fi
        if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "$newest"; then newest="$v"; fi
    done
    warn "source package $name: pinned version $pinned is no longer in the archive; using $newest instead"
    printf '%s\n' "$newest"
}

unpack_source_package() {
    local name="$1" pinned="$2"
    local dest="$DEPS_DIR/$name-source"
    local keep=()
    mapfile -t keep < <(source_keep_list "$name")

    if already_unpacked "$dest" "$pinned" "${keep[@]}"; then
        SUMMARY+=("$name=$pinned source (already unpacked in $dest)")
        return 0
    fi
    # tar needs xz for Debian's .orig.tar.xz; dpkg-dev (build-essential, step 1) brings xz-utils.
    command -v xz >/dev/null || die "xz not found (package xz-utils): needed to unpack Debian source tarballs"
    apt_source_update
    local version
    version="$(resolve_source_version "$name" "$pinned")"
    if already_unpacked "$dest" "$version" "${keep[@]}"; then
        SUMMARY+=("$name=$version source (already unpacked in $dest)")
        return 0
    fi

    local tmp
    tmp="$(mktemp -d)"
    TEMP_DIRS+=("$tmp")
    log "apt-get source --download-only $name=$version"
    # Download only: the upstream tarball is all we build from (Debian's one patch adds its Makefile),
    # so dpkg-source is not needed to unpack.
    (cd "$tmp" && apt-get "${APT_SOURCE_OPTS[@]}" source -qq --download-only "$name=$version")
    local tarballs=("$tmp/${name}_"*.orig.tar.*)
    [ -f "${tarballs[0]}" ] || die "apt-get source $name=$version downloaded no ${name}_*.orig.tar.*"
    mkdir "$tmp/src"
    tar -xf "${tarballs[0]}" -C "$tmp/src" --strip-components=1

    keep_files "$tmp/src" "$dest" "$version" "source package $name $version" "${keep[@]}"
    rm -rf "$tmp"
    SUMMARY+=("$name=$version source (unpacked now into $dest)")
}

for entry in "${SOURCE_PACKAGES[@]}"; do
    unpack_source_package "${entry%%=*}" "${entry#*=}"
done
# The private lists (about 20 MB) are only needed to download: the next run that needs them fetches them again.
rm -rf "$APT_SOURCE_DIR"

# ---------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------

SWIFTSHADER_ICD="$DEPS_DIR/chromium-common/usr/lib/chromium/vk_swiftshader_icd.json"
log "done."
for line in "${SUMMARY[@]}"; do log "  $line"; done
log "Dawn (npm bun-webgpu-linux-x64): $DAWN_LIB"
log "SwiftShader Vulkan ICD:          $SWIFTSHADER_ICD"
log "Dear ImGui sources (thread-local context): $DEPS_DIR/imgui-source"
log "Next: cmake -S . -B build && cmake --build build -j2 && ctest --test-dir build --output-on-failure"
