// With IMGUI_IMPL_WEBGPU_BACKEND_WGPU (upstream's define for wgpu-native), the backend's header also
// includes <webgpu/wgpu.h> and declares ImGui_ImplWGPU_GetLogLevelName(), which Dear ImGui's examples
// use in their wgpu-native log callback. This program builds the backend with that define, against
// tests/wgpu_native/webgpu/wgpu.h (wgpu-native's log levels).

#include "imgui_impl_wgpu.h"

#include <gtest/gtest.h>

#include <utility>

#ifndef IMGUI_IMPL_WEBGPU_BACKEND_WGPU
#error "this test is built with IMGUI_IMPL_WEBGPU_BACKEND_WGPU"
#endif

namespace imwgpu::test {
namespace {

TEST(UpstreamNamesWgpuNative, LogLevelNamesEveryValue) {
    const std::pair<WGPULogLevel, const char*> expected[] = {
        {WGPULogLevel_Off, "Off"},     {WGPULogLevel_Error, "Error"}, {WGPULogLevel_Warn, "Warn"},
        {WGPULogLevel_Info, "Info"},   {WGPULogLevel_Debug, "Debug"}, {WGPULogLevel_Trace, "Trace"}};
    for (const auto& [level, name] : expected) EXPECT_STREQ(ImGui_ImplWGPU_GetLogLevelName(level), name) << (int)level;
}

TEST(UpstreamNamesWgpuNative, ALogLevelOutsideTheEnumIsUnknown) {
    EXPECT_STREQ(ImGui_ImplWGPU_GetLogLevelName((WGPULogLevel)6), "Unknown");
}

}  // namespace
}  // namespace imwgpu::test
