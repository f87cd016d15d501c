#!/usr/bin/env bash
# The test command (also what CI runs, through .ci/run):
#   bash scripts/test.sh
# Installs what is missing (scripts/setup.sh), compiles the backend pair for Windows with MinGW-w64 (compile
# only), builds everything into build/ (Release), runs the test suite with ctest, then runs imwgpu-demo
# briefly as a smoke check. Then the same test suite
# again under AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer (build-asan/), and, when
# clang is installed, bounded runs of the two fuzzers (build-fuzz/) and the tests labelled tsan under
# ThreadSanitizer (build-tsan/). Exits non-zero if any fails.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

# A single test may take minutes on SwiftShader (a CPU Vulkan driver); none should take longer than this.
TEST_TIMEOUT_S=600

bash scripts/setup.sh

# The backend pair for Windows: compiled (not linked) with MinGW-w64 as C++11 and C++17 against our own
# include/webgpu/webgpu.h and Debian's Dear ImGui headers, so that the win32 branch of CreateWGPUSurfaceHelper and
# anything else Windows-only stays compilable. One result per standard.
echo "== MinGW-w64: the backend pair compiled for Windows (build/mingw) =="
mkdir -p build/mingw
mingw_passed=0
mingw_failed=0
for std in c++11 c++17; do
    if x86_64-w64-mingw32-g++-posix -std="$std" -Wall -Wextra -Werror -Iinclude -I/usr/include/imgui \
            -c backend/imgui_impl_wgpu.cpp -o "build/mingw/imgui_impl_wgpu-$std.o"; then
        mingw_passed=$((mingw_passed + 1))
        echo "mingw-w64 $std: passed"
    else
        mingw_failed=$((mingw_failed + 1))
        echo "mingw-w64 $std: FAILED"
    fi
done

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2

# --no-tests=error: a build that registered no tests must not pass as green.
# Each ctest run's log is kept, so that the summary at the end can count its tests.
mkdir -p build/logs
ctest_status=0
ctest --test-dir build --output-on-failure --no-tests=error --timeout "$TEST_TIMEOUT_S" 2>&1 | tee build/logs/ctest.log ||
    ctest_status=$?

echo
echo "== imwgpu-demo smoke run (120 frames) =="
demo_status=0
build/demo/imwgpu-demo --headless --frames 120 --out build/smoke/demo.png --report build/smoke/report.json || demo_status=$?

# The suite again with our code (backend, harness, tracker, tests) built with -fsanitize=address,undefined
# (CMake option IMWGPU_SANITIZE). Dawn and SwiftShader are prebuilt and not instrumented, but LeakSanitizer sees
# their allocations too, and nothing is suppressed; UBSan's halt_on_error is compiled into every program (sanitizers/).
echo
echo "== ASan + UBSan: the test suite again (build-asan) =="
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
asan_status=0
{ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMWGPU_SANITIZE=ON &&
  cmake --build build-asan -j2 &&
  ctest --test-dir build-asan --output-on-failure --no-tests=error --timeout "$TEST_TIMEOUT_S" 2>&1 |
      tee build/logs/ctest-asan.log; } || asan_status=$?

# Bounded fuzzing runs, FUZZ_SECONDS each (fuzz/): random well-formed draw data rendered through the backend
# (imwgpu-fuzz-drawdata), and random sequences of calls over the whole public API (imwgpu-fuzz-api). Each
# corpus grows in build-fuzz/ from run to run, starting from its committed seeds; a finding is written to
# build-fuzz/ as crash-<hash> and fails the run. Per-input leak checks are off (-detect_leaks=0):
# LeakSanitizer's stop-the-world pass is unreliable with Dawn's and SwiftShader's threads running, and it
# slows the run 20-fold; leaks are the ASan pass's job, and imwgpu-fuzz-api counts WebGPU references itself.
FUZZ_SECONDS=60
fuzz_status=0
if command -v clang++ >/dev/null; then
    echo
    echo "== imwgpu-fuzz-drawdata and imwgpu-fuzz-api: ${FUZZ_SECONDS} s each (build-fuzz) =="
    mkdir -p build-fuzz/corpus build-fuzz/api-corpus
    { CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMWGPU_SANITIZE=ON &&
      cmake --build build-fuzz -j2 --target imwgpu-fuzz-drawdata imwgpu-fuzz-api; } || fuzz_status=$?
    drawdata_status=$fuzz_status
    api_status=$fuzz_status
    if [ "$fuzz_status" -eq 0 ]; then  # both run, whatever the first finds
        build-fuzz/fuzz/imwgpu-fuzz-drawdata -max_total_time="$FUZZ_SECONDS" -detect_leaks=0 -print_final_stats=1 \
            -artifact_prefix=build-fuzz/ build-fuzz/corpus fuzz/corpus || drawdata_status=$?
        build-fuzz/fuzz/imwgpu-fuzz-api -max_total_time="$FUZZ_SECONDS" -detect_leaks=0 -print_final_stats=1 \
            -artifact_prefix=build-fuzz/ build-fuzz/api-corpus fuzz/api_corpus || api_status=$?
        [ "$drawdata_status" -eq 0 ] || fuzz_status=$drawdata_status
        [ "$api_status" -eq 0 ] || fuzz_status=$api_status
    fi
    fuzz_result="$([ "$fuzz_status" -eq 0 ] && echo passed || echo "FAILED (drawdata status $drawdata_status, api status $api_status)")"
else
    fuzz_result="skipped (clang++ not installed)"
fi

# The tests labelled tsan (tests/CMakeLists.txt: imwgpu_add_test(... TSAN), e.g. the device-loss tests, one of
# which notifies from a second thread while the main thread renders) with our code built with -fsanitize=thread
# (CMake option IMWGPU_SANITIZE_THREAD). Dawn and SwiftShader are not instrumented: TSan checks every access our
# code makes, not theirs (sanitizers/tsan_suppressions.txt). Dear ImGui's core is, where a test links
# imgui_thread_local_context (built from the sources setup.sh unpacked: their absence fails this step).
tsan_status=0
if command -v clang++ >/dev/null; then
    echo
    echo "== ThreadSanitizer: the tests labelled tsan (build-tsan) =="
    { CC=clang CXX=clang++ cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMWGPU_SANITIZE_THREAD=ON \
          -DIMWGPU_REQUIRE_THREAD_LOCAL_IMGUI=ON &&
      cmake --build build-tsan -j2 --target imwgpu_tsan_tests &&
      ctest --test-dir build-tsan -L tsan --output-on-failure --no-tests=error --timeout "$TEST_TIMEOUT_S" 2>&1 |
          tee build/logs/ctest-tsan.log; } || tsan_status=$?
    tsan_result="$([ "$tsan_status" -eq 0 ] && echo passed || echo "FAILED (status $tsan_status)")"
else
    tsan_result="skipped (clang++ not installed)"
fi

# ctest ends with "N% tests passed, F tests failed out of T", where T counts the tests that skipped themselves
# (GTEST_SKIP) as not failed; it lists them after "The following tests did not run:" as "<n> - <name> (Skipped)".
# Those are counted as skipped, never as passed. A run that never got that far counts as one failure.
ctest_counts() {  # prints "passed failed skipped" for one ctest log
    local line
    line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" 2>/dev/null | tail -n 1 || true)"
    if [ -z "$line" ]; then
        echo "0 1 0"
        return
    fi
    local failed total skipped
    failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
    total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")"
    skipped="$(grep -cE '^[[:space:]]+[0-9]+ - .* \(Skipped\)$' "$1" || true)"
    echo "$((total - failed - skipped)) $failed $skipped"
}
passed=0
failed=0
skipped=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + ${3:-0})); }
count_status() { if [ "$1" -eq 0 ]; then count 1 0; else count 0 1; fi; }
count $(ctest_counts build/logs/ctest.log)
count $(ctest_counts build/logs/ctest-asan.log)
count_status "$demo_status"
count "$mingw_passed" "$mingw_failed"
if [ "$fuzz_result" != "skipped (clang++ not installed)" ]; then
    count_status "$drawdata_status"
    count_status "$api_status"
fi
[ "$tsan_result" = "skipped (clang++ not installed)" ] || count_status "$tsan_status"

echo
echo "ctest: $([ "$ctest_status" -eq 0 ] && echo passed || echo "FAILED (status $ctest_status)")"
echo "demo:  $([ "$demo_status" -eq 0 ] && echo passed || echo "FAILED (status $demo_status)")"
echo "mingw: $([ "$mingw_failed" -eq 0 ] && echo "passed (C++11, C++17)" || echo "FAILED ($mingw_failed of 2)")"
echo "asan:  $([ "$asan_status" -eq 0 ] && echo passed || echo "FAILED (status $asan_status)")"
echo "fuzz:  $fuzz_result"
echo "tsan:  $tsan_result"
# One line for CI: every ctest test of both suites, plus the demo smoke run, the two MinGW-w64 compiles, each fuzzing
# run and the TSan run; the tests that skipped themselves, when any did.
echo "$passed passed, $failed failed$([ "$skipped" -eq 0 ] || echo ", $skipped skipped")"
for status in "$ctest_status" "$demo_status" "$mingw_failed" "$asan_status" "$fuzz_status" "$tsan_status"; do
    if [ "$status" -ne 0 ]; then
        exit "$status"
    fi
done
