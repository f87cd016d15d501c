# The consumer project (tests/consumer), a user's own application, built and run by ctest three ways:
#   consumer_copy          the backend's two files copied next to the application's sources
#   consumer_subdirectory  add_subdirectory(imwgpu), GoogleTest and GLFW poisoned, no tool or test target
#   consumer_package       find_package(imwgpu) against `cmake --install` of this build, into the build tree
# and consumer_subdirectory_poison_check, which shows the poison works. Each builds only the backend and the
# application (Dear ImGui from pkg-config is prebuilt) and renders on SwiftShader. Included by tests/CMakeLists.txt.
set(consumer_common_args
    -DIMWGPU_DIR=${PROJECT_SOURCE_DIR}
    -DIMWGPU_BUILD_DIR=${PROJECT_BINARY_DIR}
    -DGENERATOR=${CMAKE_GENERATOR}
    -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
    -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
    -DWEBGPU_INCLUDE_DIR=${IMWGPU_WEBGPU_INCLUDE_DIR}
    -DWEBGPU_LIBRARY=${IMWGPU_WEBGPU_LIBRARY}
    -DIMGUI_SOURCE_DIR=${IMWGPU_IMGUI_SOURCE_DIR})
# A sanitizer build builds the consumers with the same sanitizers: the backend it installs is instrumented.
if(IMWGPU_SANITIZE)
    list(APPEND consumer_common_args
        "-DCXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer" "-DLINKER_FLAGS=-fsanitize=address,undefined")
endif()

foreach(way IN ITEMS copy subdirectory package subdirectory-poison-check)
    string(REPLACE "-" "_" name "consumer_${way}")
    add_test(NAME ${name}
        COMMAND ${CMAKE_COMMAND} -DWAY=${way} -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer/${way}
                ${consumer_common_args} -P ${CMAKE_CURRENT_SOURCE_DIR}/consumer/build_and_run.cmake)
    # SwiftShader, whatever the machine has: the consumer app picks no driver itself.
    set_tests_properties(${name} PROPERTIES TIMEOUT 300
        ENVIRONMENT "VK_ICD_FILENAMES=${IMWGPU_SWIFTSHADER_ICD};VK_DRIVER_FILES=${IMWGPU_SWIFTSHADER_ICD}")
endforeach()
