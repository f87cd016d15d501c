#!/usr/bin/env bash
# The test command (also what CI runs, through .ci/run):
#   bash scripts/test.sh
# Installs what is missing (scripts/setup.sh), builds everything into build/ (Release), runs the
# test suite with ctest, then runs imwgpu-demo briefly as a smoke check. Then the same test suite
# again under AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer (build-asan/). Exits
# non-zero if any fails.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

# A single test may take minutes on SwiftShader (a CPU Vulkan driver); none should take longer than this.
TEST_TIMEOUT_S=600

bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2

# --no-tests=error: a build that registered no tests must not pass as green.
ctest_status=0
ctest --test-dir build --output-on-failure --no-tests=error --timeout "$TEST_TIMEOUT_S" || ctest_status=$?

echo
echo "== imwgpu-demo smoke run (120 frames) =="
demo_status=0
build/demo/imwgpu-demo --headless --frames 120 --out build/smoke/demo.png --report build/smoke/report.json || demo_status=$?

# The suite again with our code (backend, harness, tracker, tests) built with -fsanitize=address,undefined
# (CMake option IMWGPU_SANITIZE). Dawn and SwiftShader are prebuilt and not instrumented; the one LSan
# suppression (Dawn's own leak) and UBSan's halt_on_error are compiled into every program (sanitizers/).
echo
echo "== ASan + UBSan: the test suite again (build-asan) =="
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
asan_status=0
{ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMWGPU_SANITIZE=ON &&
  cmake --build build-asan -j2 &&
  ctest --test-dir build-asan --output-on-failure --no-tests=error --timeout "$TEST_TIMEOUT_S"; } || asan_status=$?

echo
echo "ctest: $([ "$ctest_status" -eq 0 ] && echo passed || echo "FAILED (status $ctest_status)")"
echo "demo:  $([ "$demo_status" -eq 0 ] && echo passed || echo "FAILED (status $demo_status)")"
echo "asan:  $([ "$asan_status" -eq 0 ] && echo passed || echo "FAILED (status $asan_status)")"
for status in "$ctest_status" "$demo_status" "$asan_status"; do
    if [ "$status" -ne 0 ]; then
        exit "$status"
    fi
done
