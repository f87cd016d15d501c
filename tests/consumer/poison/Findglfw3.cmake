# Poison (tests/consumer/build_and_run.cmake): a project that uses imwgpu as a subproject or as an installed
# package must never look for GLFW.
message(FATAL_ERROR "imwgpu-must-not-look-for-glfw3: find_package(glfw3) was called")
