// Runtime options of ThreadSanitizer, compiled into every program of an IMWGPU_SANITIZE_THREAD=ON
// build, so that ctest and a test run by hand behave the same. TSAN_OPTIONS, when set, overrides
// them option by option.

#ifndef IMWGPU_TSAN_SUPPRESSIONS
#error "IMWGPU_TSAN_SUPPRESSIONS must name the suppressions file (set by the top-level CMakeLists.txt)"
#endif

// A race is an error: the program exits with a failure status (66) after the report.
extern "C" __attribute__((used, visibility("default"))) const char* __tsan_default_options() {
    return "suppressions=" IMWGPU_TSAN_SUPPRESSIONS ":halt_on_error=0:exitcode=66";
}
