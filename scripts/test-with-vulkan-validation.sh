#!/usr/bin/env bash
# Runs the whole test suite (ctest) with the Khronos Vulkan validation layer under Dawn, and fails if the layer
# reports anything:
#   bash scripts/test-with-vulkan-validation.sh [--sync] [BUILD_DIR]      (BUILD_DIR defaults to build)
#
#   --sync   also enable synchronization validation (hazards between GPU commands); slower.
#
# The layer library ships in Debian's chromium-common, which scripts/setup.sh unpacks into .deps/ (it is where
# SwiftShader comes from too). The Vulkan loader finds a layer through a JSON manifest; this script writes one into
# BUILD_DIR/vulkan-validation/, with the name and versions the library reports about itself
# (vkEnumerateInstanceLayerProperties), and points VK_LAYER_PATH at that folder.
#
# Steps:
#   1. set-up and build, as scripts/test.sh does;
#   2. check that the loader really inserts the layer (VK_LOADER_DEBUG=layer) into the instance and the device,
#      and that the layer's messages reach the output this script reads (an informational message it always logs);
#   3. run ctest with VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation, the layer logging every error, warning and
#      performance warning to standard output, with no limit on repeated messages; the whole log is kept in
#      BUILD_DIR/vulkan-validation/ctest.log;
#   4. print the number of messages per message id, and exit non-zero if there is any, or if ctest failed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

SYNC=0
BUILD_DIR=build
for arg in "$@"; do
    case "$arg" in
        --sync) SYNC=1 ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $arg" >&2; exit 2 ;;
        *) BUILD_DIR="$arg" ;;
    esac
done

# A single test may take minutes on SwiftShader, more with the layer; none should take longer than this.
TEST_TIMEOUT_S=900

log() { printf '[validation] %s\n' "$*"; }
die() { printf '[validation] ERROR: %s\n' "$*" >&2; exit 1; }

bash scripts/setup.sh
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j2

LAYER_LIBRARY="$ROOT/.deps/chromium-common/usr/lib/chromium/libVkLayer_khronos_validation.so"
LAYER_DIR="$(cd "$BUILD_DIR" && pwd)/vulkan-validation"
MANIFEST="$LAYER_DIR/VkLayer_khronos_validation.json"
[ -f "$LAYER_LIBRARY" ] || die "$LAYER_LIBRARY is missing: scripts/setup.sh should have unpacked it"
mkdir -p "$LAYER_DIR"

# --- The layer manifest, from what the library says about itself -------------------------------------------
python3 - "$LAYER_LIBRARY" "$MANIFEST" <<'PY'
import ctypes, json, sys

library_path, manifest_path = sys.argv[1], sys.argv[2]

class VkLayerProperties(ctypes.Structure):
    _fields_ = [("layerName", ctypes.c_char * 256), ("specVersion", ctypes.c_uint32),
                ("implementationVersion", ctypes.c_uint32), ("description", ctypes.c_char * 256)]

# A layer library answers vkEnumerateInstanceLayerProperties with its own properties.
enumerate_layers = ctypes.CDLL(library_path).vkEnumerateInstanceLayerProperties
enumerate_layers.restype = ctypes.c_int32
count = ctypes.c_uint32(0)
if enumerate_layers(ctypes.byref(count), None) != 0 or count.value < 1:
    sys.exit(f"{library_path}: vkEnumerateInstanceLayerProperties reports no layer")
layers = (VkLayerProperties * count.value)()
if enumerate_layers(ctypes.byref(count), layers) != 0:
    sys.exit(f"{library_path}: vkEnumerateInstanceLayerProperties failed")
layer = layers[0]
version = layer.specVersion  # VK_MAKE_API_VERSION(variant, major, minor, patch)
manifest = {
    "file_format_version": "1.2.0",
    "layer": {
        "name": layer.layerName.decode(),
        "type": "GLOBAL",
        "library_path": library_path,
        "api_version": f"{(version >> 22) & 0x7F}.{(version >> 12) & 0x3FF}.{version & 0xFFF}",
        "implementation_version": str(layer.implementationVersion),
        "description": layer.description.decode(),
    },
}
with open(manifest_path, "w") as f:
    json.dump(manifest, f, indent=4)
    f.write("\n")
print(f"[validation] {manifest['layer']['name']} {manifest['layer']['api_version']}: {manifest_path}")
PY

export VK_LAYER_PATH="$LAYER_DIR"
export VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation
# The layer's settings (its own environment variables): log every message to standard output, even when Dawn
# registers a debug messenger of its own (Dawn then also prints a copy, "Warning: <id>: ...", not counted here),
# and never stop repeating a message.
export VK_KHRONOS_VALIDATION_DEBUG_ACTION=VK_DBG_LAYER_ACTION_LOG_MSG
export VK_KHRONOS_VALIDATION_REPORT_FLAGS=error,warn,perf
export VK_KHRONOS_VALIDATION_ENABLE_MESSAGE_LIMIT=false
if [ "$SYNC" -eq 1 ]; then
    export VK_KHRONOS_VALIDATION_VALIDATE_SYNC=true
fi

# --- Does the layer really load? ----------------------------------------------------------------------------
# No WebGPU call can make Dawn issue a wrong Vulkan call on purpose, so the proof is the loader's own account,
# and an informational message that the layer logs when it starts (shown only when asked for "info").
CHECK_LOG="$LAYER_DIR/layer-check.log"
VK_LOADER_DEBUG=layer VK_KHRONOS_VALIDATION_REPORT_FLAGS=info,error,warn,perf \
    "$BUILD_DIR/tests/harness_test" >"$CHECK_LOG" 2>&1 || die "harness_test failed with the layer; see $CHECK_LOG"
grep -q 'Insert instance layer "VK_LAYER_KHRONOS_validation"' "$CHECK_LOG" ||
    die "the loader did not insert the layer into the instance; see $CHECK_LOG"
grep -q 'Inserted device layer "VK_LAYER_KHRONOS_validation"' "$CHECK_LOG" ||
    die "the loader did not insert the layer into the device; see $CHECK_LOG"
grep -q 'Validation Information: \[ CURRENT-VALIDATION-ENABLED \]' "$CHECK_LOG" ||
    die "the layer loaded but its messages do not reach standard output; see $CHECK_LOG"
log "the loader inserts $VK_INSTANCE_LAYERS into the instance and the device; the layer logs to standard output"
# The layer lists the checks it runs under that message, one "  - <check>" line each.
grep -A16 'CURRENT-VALIDATION-ENABLED' "$CHECK_LOG" | sed -n 's/^ *- \(.*\)$/[validation]   enabled: \1/p' | sort -u || true

# --- The test suite -------------------------------------------------------------------------------------------
CTEST_LOG="$LAYER_DIR/ctest.log"
log "running ctest with the layer (log: $CTEST_LOG)"
ctest_status=0
ctest --test-dir "$BUILD_DIR" -V --no-tests=error --timeout "$TEST_TIMEOUT_S" >"$CTEST_LOG" 2>&1 || ctest_status=$?
grep -E '^[0-9]+% tests passed|tests? failed|\*\*\*Failed|\*\*\*Timeout|Total Test time' "$CTEST_LOG" | sed 's/^[0-9]*: //' || true

# The layer's own lines: "Validation <Error|Warning|Performance Warning>: [ <message id> ] | MessageID = 0x...".
MESSAGES="$LAYER_DIR/messages.txt"
grep -oE 'Validation (Error|Warning|Performance Warning): \[ [^]]+ \]' "$CTEST_LOG" >"$MESSAGES" || true
message_count="$(wc -l <"$MESSAGES")"
echo
if [ "$message_count" -gt 0 ]; then
    log "$message_count validation message(s); count per message id:"
    sed -E 's/^Validation (.*): \[ (.*) \]$/\2 (\1)/' "$MESSAGES" | sort | uniq -c | sort -rn
    log "the messages in full are in $CTEST_LOG"
else
    log "no validation messages"
fi
echo "ctest:      $([ "$ctest_status" -eq 0 ] && echo passed || echo "FAILED (status $ctest_status)")"
echo "validation: $([ "$message_count" -eq 0 ] && echo clean || echo "$message_count message(s)")"
if [ "$ctest_status" -ne 0 ]; then
    exit "$ctest_status"
fi
[ "$message_count" -eq 0 ]
