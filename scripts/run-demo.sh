#!/usr/bin/env bash
# The first thing to run on a fresh Debian 12 machine (as root, or with sudo):
#   bash scripts/run-demo.sh [demo options]
# Installs what is missing (scripts/setup.sh), builds imwgpu-demo into build/ (Release) and runs it
# headless with its defaults; any arguments are passed to the demo (see: build/demo/imwgpu-demo --help).
# Exits with the demo's status: non-zero on WebGPU errors, leaks or no usable adapter.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2 --target imwgpu-demo

# Where the demo writes, following any --out / --report given here (defaults as in the demo).
png="out/demo.png"
report="out/report.json"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --out) png="${args[i + 1]:-$png}" ;;
        --out=*) png="${args[i]#--out=}" ;;
        --report) report="${args[i + 1]:-$report}" ;;
        --report=*) report="${args[i]#--report=}" ;;
    esac
done

status=0
build/demo/imwgpu-demo "$@" || status=$?

echo
if [ "$status" -eq 0 ]; then
    echo "imwgpu-demo passed."
else
    echo "imwgpu-demo FAILED (exit status $status)."
fi
[ -f "$png" ] && echo "  picture: $(realpath "$png")"
[ -f "$report" ] && echo "  report:  $(realpath "$report")"
exit "$status"
