// Runtime options of the sanitizers, compiled into every program of an IMWGPU_SANITIZE=ON build,
// so that ctest, a test run by hand and the fuzzer all behave the same without environment
// variables. The runtimes read these first; ASAN_OPTIONS, LSAN_OPTIONS and UBSAN_OPTIONS, when
// set, override them option by option.

#define IMWGPU_SANITIZER_HOOK extern "C" __attribute__((used, visibility("default"))) const char*

// Leaks are reported at exit; the WebGPU device and Vulkan instance are torn down by then.
IMWGPU_SANITIZER_HOOK __asan_default_options() { return "detect_leaks=1"; }

// Undefined behaviour is an error, not a warning: stop at the first one, with its stack.
IMWGPU_SANITIZER_HOOK __ubsan_default_options() { return "halt_on_error=1:print_stacktrace=1"; }
