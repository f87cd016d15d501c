#!/usr/bin/env bash
# Installs everything imwgpu needs to build and test on Debian 12 (bookworm):
#   1. Debian packages pinned in scripts/debian-packages.txt (apt-get),
#   2. Dawn, the WebGPU implementation, from npm (package.json + package-lock.json)
#      -> node_modules/bun-webgpu-linux-x64/libwebgpu_wrapper.so,
#   3. SwiftShader, a CPU Vulkan driver, unpacked from Debian's chromium-common
#      -> .deps/chromium-common/usr/lib/chromium/vk_swiftshader_icd.json.
# Safe to run again: each step is skipped when its result is already in place.
# Runs unattended (no prompts); needs root or sudo for step 1 only when something is missing.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PACKAGE_LIST="$ROOT/scripts/debian-packages.txt"
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
SUMMARY=()

read_package_list() {
    local line spec name pinned mode
    while IFS= read -r line || [ -n "$line" ]; do
        line="${line%%#*}"
        read -r spec mode _ <<<"$line" || true
        [ -z "${spec:-}" ] && continue
        name="${spec%%=*}"
        pinned="${spec#*=}"
        [ "$name" = "$spec" ] && die "$PACKAGE_LIST: '$spec' is not name=version"
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
            *) die "$PACKAGE_LIST: unknown mode '$mode' for $name" ;;
        esac
    done <"$PACKAGE_LIST"
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

read_package_list
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

extract_package() {
    local name="$1" pinned="$2"
    local dest="$DEPS_DIR/$name" stamp="$DEPS_DIR/$name/.version"
    local keep=() file complete=1
    mapfile -t keep < <(keep_list "$name")
    for file in "${keep[@]}"; do [ -f "$dest/$file" ] || complete=0; done

    if [ "$complete" -eq 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pinned" ]; then
        SUMMARY+=("$name=$pinned (already unpacked in $dest)")
        return 0
    fi
    apt_update_if_stale
    local version
    version="$(resolve_version "$name" "$pinned")"
    if [ "$complete" -eq 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ]; then
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

    rm -rf "$dest"
    for file in "${keep[@]}"; do
        [ -f "$tmp/root/$file" ] || die "$name $version does not contain $file"
        mkdir -p "$dest/$(dirname "$file")"
        mv "$tmp/root/$file" "$dest/$file"
    done
    printf '%s\n' "$version" >"$stamp"
    rm -rf "$tmp"
    SUMMARY+=("$name=$version (unpacked now into $dest)")
}

for entry in "${EXTRACT_PACKAGES[@]}"; do
    extract_package "${entry%%=*}" "${entry#*=}"
done

# ---------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------

SWIFTSHADER_ICD="$DEPS_DIR/chromium-common/usr/lib/chromium/vk_swiftshader_icd.json"
log "done."
for line in "${SUMMARY[@]}"; do log "  $line"; done
log "Dawn (npm bun-webgpu-linux-x64): $DAWN_LIB"
log "SwiftShader Vulkan ICD:          $SWIFTSHADER_ICD"
log "Next: cmake -S . -B build && cmake --build build -j2 && ctest --test-dir build --output-on-failure"
