# Poison (tests/consumer/build_and_run.cmake): a project that uses imwgpu as a subproject or as an installed
# package must never look for GoogleTest.
message(FATAL_ERROR "imwgpu-must-not-look-for-GTest: find_package(GTest) was called")
