# imgui_thread_local_context: Dear ImGui 1.86's core built with a thread-local current context
# (imconfig_thread_local.h), for tests that run one Dear ImGui context per thread at the same time. Debian's
# libimgui.a keeps the current context in a plain global, and libimgui-dev ships no sources: scripts/setup.sh
# unpacks them from Debian's source package imgui (the one libimgui-dev is built from) into .deps/imgui-source.
#
# imgui_impl_wgpu_thread_local_context: the backend compiled against that library and its configuration.
#
# A program links these INSTEAD of imgui_impl_wgpu / imgui::imgui, never with them: libimgui.a defines the
# same functions around a global context, and every file including imgui.h must see one configuration.
#
# A test of one context per thread, run by scripts/test.sh under ThreadSanitizer too:
#   if(IMWGPU_HAVE_THREAD_LOCAL_IMGUI)
#       imwgpu_add_test(<name> SOURCES <name>.cpp
#           LIBRARIES imgui_impl_wgpu_thread_local_context imwgpu_harness imwgpu_tracker TSAN)
#   endif()
# Dear ImGui 1.86 still shares one thing between contexts: building a font atlas (the default font's decompressor
# and ImFontAtlasGetBuilderForStbTruetype() write statics). Build each context's atlas (io.Fonts->Build() or
# GetTexDataAsRGBA32()) one thread at a time, e.g. under a mutex, before the backend's Init() asks for it.
#
# Both are left out of the default build (EXCLUDE_FROM_ALL): only a program that links them builds them.
# Without the sources they are not defined, and IMWGPU_HAVE_THREAD_LOCAL_IMGUI is OFF; configuring with
# -DIMWGPU_REQUIRE_THREAD_LOCAL_IMGUI=ON makes that an error instead (scripts/test.sh's TSan build does).
set(IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/imgui-source" CACHE PATH
    "Dear ImGui 1.86 sources for imgui_thread_local_context (scripts/setup.sh unpacks Debian's there)")
option(IMWGPU_REQUIRE_THREAD_LOCAL_IMGUI "Fail to configure when the sources of imgui_thread_local_context are missing" OFF)

set(imgui_thread_local_sources imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp)
list(TRANSFORM imgui_thread_local_sources PREPEND "${IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR}/")
set(imgui_thread_local_missing "")
foreach(file IN LISTS imgui_thread_local_sources ITEMS "${IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR}/imgui.h")
    if(NOT EXISTS "${file}")
        list(APPEND imgui_thread_local_missing "${file}")
    endif()
endforeach()

if(imgui_thread_local_missing)
    set(IMWGPU_HAVE_THREAD_LOCAL_IMGUI OFF)
    list(JOIN imgui_thread_local_missing "\n  " missing_lines)
    set(missing_message "Dear ImGui sources for imgui_thread_local_context not found:\n  ${missing_lines}\n"
        "Run scripts/setup.sh (it unpacks Debian's source package imgui into .deps/imgui-source), or set "
        "IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR.")
    if(IMWGPU_REQUIRE_THREAD_LOCAL_IMGUI)
        message(FATAL_ERROR ${missing_message})
    endif()
    message(WARNING ${missing_message} " The tests that run one Dear ImGui context per thread are left out.")
    return()
endif()

# The version must be the one the rest of the project is built against (the backend's #if's on it).
file(STRINGS "${IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR}/imgui.h" imgui_thread_local_version_line
     REGEX "^#define IMGUI_VERSION_NUM ")
string(REGEX REPLACE "^#define IMGUI_VERSION_NUM +([0-9]+).*" "\\1" imgui_thread_local_version
       "${imgui_thread_local_version_line}")
if(IMWGPU_IMGUI_VERSION_NUM AND NOT imgui_thread_local_version STREQUAL IMWGPU_IMGUI_VERSION_NUM)
    message(WARNING "imgui_thread_local_context: Dear ImGui ${imgui_thread_local_version} in "
                    "${IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR}, but the project is built against ${IMWGPU_IMGUI_VERSION_NUM}")
endif()
set(IMWGPU_HAVE_THREAD_LOCAL_IMGUI ON)
message(STATUS "imwgpu: imgui_thread_local_context from Dear ImGui ${imgui_thread_local_version} in ${IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR}")

add_library(imgui_thread_local_context STATIC EXCLUDE_FROM_ALL
    ${imgui_thread_local_sources} "${CMAKE_CURRENT_LIST_DIR}/thread_local_context.cpp")
target_include_directories(imgui_thread_local_context PUBLIC "${IMWGPU_THREAD_LOCAL_IMGUI_SOURCE_DIR}")
# PUBLIC: whatever includes imgui.h and links this library must see the same configuration (one definition
# of every inline function and class, and GImGui meaning the thread-local pointer everywhere).
target_compile_definitions(imgui_thread_local_context PUBLIC
    IMGUI_USER_CONFIG="${CMAKE_CURRENT_LIST_DIR}/imconfig_thread_local.h")
# Built as Debian builds libimgui.a (its Makefile, debian/patches/0001-add-Makefile.patch): stb_truetype and
# stb_rect_pack come from libstb, not from the copies in imgui's tarball, which setup.sh does not keep.
target_compile_definitions(imgui_thread_local_context PRIVATE
    IMGUI_DISABLE_STB_RECT_PACK_IMPLEMENTATION IMGUI_STB_RECT_PACK_FILENAME=<stb/stb_rect_pack.h>
    IMGUI_DISABLE_STB_TRUETYPE_IMPLEMENTATION IMGUI_STB_TRUETYPE_FILENAME=<stb/stb_truetype.h>)
target_link_libraries(imgui_thread_local_context PRIVATE PkgConfig::STB)
# Dear ImGui's own code is not ours to fix: its warnings under -Wall -Wextra are not ours to read either.
target_compile_options(imgui_thread_local_context PRIVATE -w)

add_library(imgui_impl_wgpu_thread_local_context STATIC EXCLUDE_FROM_ALL "${PROJECT_SOURCE_DIR}/backend/imgui_impl_wgpu.cpp")
target_include_directories(imgui_impl_wgpu_thread_local_context PUBLIC
    "${PROJECT_SOURCE_DIR}/backend" "${PROJECT_BINARY_DIR}/include")
target_link_libraries(imgui_impl_wgpu_thread_local_context PUBLIC imgui_thread_local_context imwgpu::webgpu)
