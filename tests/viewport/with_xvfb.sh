#!/usr/bin/env bash
# with_xvfb.sh PROGRAM ARGS...: runs PROGRAM with DISPLAY set to a virtual X server of its own (Xvfb, 1280x800),
# stopped afterwards. ctest runs the viewport test program through it (its CROSSCOMPILING_EMULATOR).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../window/xvfb.sh
. "$HERE/../window/xvfb.sh"
out="$(mktemp -d)"
stop_and_clean() { stop_pids; rm -rf "$out"; }
trap stop_and_clean EXIT
start_xvfb "$out" 1280x800x24
status=0
"$@" || status=$?
exit "$status"
