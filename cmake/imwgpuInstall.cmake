# cmake --install: the backend as a static library, its header as <imwgpu/imgui_impl_wgpu.h> (a path that
# cannot clash with upstream's imgui_impl_wgpu.h), and a package config, so that
#   find_package(imwgpu CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE imwgpu::imgui_impl_wgpu)
# works against the install prefix. Included by the top-level CMakeLists.txt when IMWGPU_INSTALL is ON.
#
# Dear ImGui and WebGPU are not installed with it: imwgpuConfig.cmake finds them again, as
# cmake/imwgpuConfig.cmake.in explains, from what this file records about the build.
include(CMakePackageConfigHelpers)

set(imwgpu_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/imwgpu")
set(imwgpu_webgpu_headers_dir "${CMAKE_INSTALL_INCLUDEDIR}/imwgpu/webgpu-headers")

install(TARGETS imgui_impl_wgpu EXPORT imwgpuTargets ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/backend/imgui_impl_wgpu.h" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/imwgpu")
install(EXPORT imwgpuTargets NAMESPACE imwgpu:: DESTINATION "${imwgpu_cmake_dir}")

# What the config uses when the consumer names no WebGPU of its own. With IMWGPU_WEBGPU_TARGET nothing
# is recorded (a target of the parent project means nothing outside it). Our own webgpu.h is installed
# next to the backend's header, in a folder of its own so that it never shadows another webgpu.h; a
# header folder or library of someone else's is recorded where it is, as an absolute path.
set(IMWGPU_CONFIG_WEBGPU_INCLUDE_DIR "")
set(IMWGPU_CONFIG_WEBGPU_LIBRARY "")
if(NOT IMWGPU_WEBGPU_TARGET)
    file(REAL_PATH "${IMWGPU_WEBGPU_INCLUDE_DIR}" webgpu_include_dir)
    file(REAL_PATH "${PROJECT_SOURCE_DIR}/include" own_include_dir)
    if(webgpu_include_dir STREQUAL own_include_dir)
        install(FILES "${PROJECT_SOURCE_DIR}/include/webgpu/webgpu.h" DESTINATION "${imwgpu_webgpu_headers_dir}/webgpu")
        set(IMWGPU_CONFIG_WEBGPU_INCLUDE_DIR "\${PACKAGE_PREFIX_DIR}/${imwgpu_webgpu_headers_dir}")
    else()
        set(IMWGPU_CONFIG_WEBGPU_INCLUDE_DIR "${webgpu_include_dir}")
    endif()
    get_filename_component(IMWGPU_CONFIG_WEBGPU_LIBRARY "${IMWGPU_WEBGPU_LIBRARY}" ABSOLUTE)
endif()

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/imwgpuConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/imwgpuConfig.cmake"
    INSTALL_DESTINATION "${imwgpu_cmake_dir}")
# 0.x: a new minor version may change the API.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/imwgpuConfigVersion.cmake"
    COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/imwgpuConfig.cmake" "${PROJECT_BINARY_DIR}/imwgpuConfigVersion.cmake"
    DESTINATION "${imwgpu_cmake_dir}")
