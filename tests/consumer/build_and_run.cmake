# Configures, builds and runs the consumer project (tests/consumer) one way, in a fresh folder; fails on
# the first step that fails. Run by ctest (tests/consumer/tests.cmake registers it):
#   cmake -DWAY=copy|subdirectory|package -DWORK_DIR=... -DIMWGPU_DIR=... [options below] -P build_and_run.cmake
# WAY=subdirectory-poison-check only configures, twice, with imwgpu's demo and then its tests turned on, and
# passes when both configures fail on the poison: the proof that the poison would catch a look for GLFW or
# GoogleTest, so that the passing subdirectory and package runs mean something.
#
#   IMWGPU_DIR          the imwgpu source tree
#   IMWGPU_BUILD_DIR    package: the imwgpu build to `cmake --install` into WORK_DIR/prefix
#   WEBGPU_INCLUDE_DIR, WEBGPU_LIBRARY, IMGUI_SOURCE_DIR: the consumer's own WebGPU and Dear ImGui
#   GENERATOR, CXX_COMPILER, BUILD_TYPE, CXX_FLAGS, LINKER_FLAGS: as in the imwgpu build
#
# The subdirectory and package ways configure with GoogleTest and GLFW poisoned: a find module for GTest and
# glfw3 that stops with an error, and pkg-config files for glfw3, x11-xcb, egl and gtest that cannot resolve.
cmake_minimum_required(VERSION 3.25)

set(consumer_source "${CMAKE_CURRENT_LIST_DIR}")
set(poison "${CMAKE_CURRENT_LIST_DIR}/poison")

function(run step)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "consumer (${WAY}): ${step} failed (${result})")
    endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(configure_args
    -G "${GENERATOR}"
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}"
    -DCONSUMER_WEBGPU_INCLUDE_DIR=${WEBGPU_INCLUDE_DIR}
    -DCONSUMER_WEBGPU_LIBRARY=${WEBGPU_LIBRARY}
    -DCONSUMER_IMGUI_SOURCE_DIR=${IMGUI_SOURCE_DIR})
set(poisoned_env "PKG_CONFIG_PATH=${poison}/pkgconfig:$ENV{PKG_CONFIG_PATH}")
set(poisoned_args -DCMAKE_MODULE_PATH=${poison})

if(WAY STREQUAL "copy")
    # The application's tree: its sources and the backend's two files, side by side.
    set(source "${WORK_DIR}/src")
    file(COPY "${consumer_source}/CMakeLists.txt" "${consumer_source}/consumer_app.cpp"
              "${IMWGPU_DIR}/backend/imgui_impl_wgpu.h" "${IMWGPU_DIR}/backend/imgui_impl_wgpu.cpp"
         DESTINATION "${source}")
    set(way_args -DCONSUMER_WAY=copy)
    set(env)
elseif(WAY STREQUAL "subdirectory")
    set(source "${consumer_source}")
    set(way_args -DCONSUMER_WAY=subdirectory -DCONSUMER_IMWGPU_DIR=${IMWGPU_DIR} ${poisoned_args})
    set(env ${poisoned_env})
elseif(WAY STREQUAL "package")
    set(source "${consumer_source}")
    run("cmake --install of ${IMWGPU_BUILD_DIR}" "${CMAKE_COMMAND}" --install "${IMWGPU_BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
    set(way_args -DCONSUMER_WAY=package "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" ${poisoned_args})
    set(env ${poisoned_env})
elseif(WAY STREQUAL "subdirectory-poison-check")
    foreach(turned_on IN ITEMS IMWGPU_BUILD_DEMO IMWGPU_BUILD_TESTS)
        execute_process(COMMAND "${CMAKE_COMMAND}" -E env ${poisoned_env}
                                "${CMAKE_COMMAND}" -S "${consumer_source}" -B "${WORK_DIR}/${turned_on}" ${configure_args}
                                -DCONSUMER_WAY=subdirectory -DCONSUMER_IMWGPU_DIR=${IMWGPU_DIR} ${poisoned_args}
                                -D${turned_on}=ON
                        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
        if(result EQUAL 0 OR NOT output MATCHES "must-not-look-for")
            message(FATAL_ERROR "consumer: with ${turned_on}=ON, configuring should have stopped at the poison "
                                "(result ${result}):\n${output}")
        endif()
        string(REGEX MATCH "[^\n]*must-not-look-for[^\n]*" line "${output}")
        message(STATUS "with ${turned_on}=ON the configure stops, as it must: ${line}")
    endforeach()
    return()
else()
    message(FATAL_ERROR "WAY must be copy, subdirectory, package or subdirectory-poison-check")
endif()

run("configure" "${CMAKE_COMMAND}" -E env ${env} "${CMAKE_COMMAND}" -S "${source}" -B "${WORK_DIR}/build" ${configure_args} ${way_args})
run("build" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" --parallel 2)
run("run" "${WORK_DIR}/build/consumer_app")
