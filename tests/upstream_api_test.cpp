// The helpers of upstream's imgui_impl_wgpu.h that Dear ImGui's example applications call, as this
// backend provides them: surface status predicates, names of enum values, the adapter printout,
// surface creation from a native window (its failure paths here; the X11 surface itself in
// upstream_api_x11_test.cpp), and upstream's InitInfo and CreateSurfaceInfo as upstream's code
// initialises them.

#include "backend_test_support.h"

#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>

namespace imwgpu::test {
namespace {

// --- Surface status after wgpuSurfaceGetCurrentTexture() ---------------------------------------

TEST(UpstreamSurfaceStatus, ErrorIsTrueForErrorAndForValuesOutsideTheEnum) {
    EXPECT_TRUE(ImGui_ImplWGPU_IsSurfaceStatusError(WGPUSurfaceGetCurrentTextureStatus_Error));
    // 0 is what a WGPUSurfaceTexture holds when nothing filled it; 7 and 8 are where headers before
    // 2025 put OutOfMemory and DeviceLost.
    for (int value : {0, 7, 8, 0x7FFFFFFE})
        EXPECT_TRUE(ImGui_ImplWGPU_IsSurfaceStatusError((WGPUSurfaceGetCurrentTextureStatus)value)) << value;
}

TEST(UpstreamSurfaceStatus, ErrorIsFalseForSuccessesAndForStatusesAReconfigureFixes) {
    for (WGPUSurfaceGetCurrentTextureStatus status :
         {WGPUSurfaceGetCurrentTextureStatus_SuccessOptimal, WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal,
          WGPUSurfaceGetCurrentTextureStatus_Timeout, WGPUSurfaceGetCurrentTextureStatus_Outdated,
          WGPUSurfaceGetCurrentTextureStatus_Lost})
        EXPECT_FALSE(ImGui_ImplWGPU_IsSurfaceStatusError(status)) << (int)status;
}

TEST(UpstreamSurfaceStatus, SubOptimalIsTrueForEveryStatusThatAsksForAReconfigure) {
    for (WGPUSurfaceGetCurrentTextureStatus status :
         {WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal, WGPUSurfaceGetCurrentTextureStatus_Timeout,
          WGPUSurfaceGetCurrentTextureStatus_Outdated, WGPUSurfaceGetCurrentTextureStatus_Lost})
        EXPECT_TRUE(ImGui_ImplWGPU_IsSurfaceStatusSubOptimal(status)) << (int)status;
}

TEST(UpstreamSurfaceStatus, SubOptimalIsFalseForSuccessOptimalAndForErrors) {
    EXPECT_FALSE(ImGui_ImplWGPU_IsSurfaceStatusSubOptimal(WGPUSurfaceGetCurrentTextureStatus_SuccessOptimal));
    EXPECT_FALSE(ImGui_ImplWGPU_IsSurfaceStatusSubOptimal(WGPUSurfaceGetCurrentTextureStatus_Error));
    EXPECT_FALSE(ImGui_ImplWGPU_IsSurfaceStatusSubOptimal((WGPUSurfaceGetCurrentTextureStatus)0));
}

// --- Names of enum values --------------------------------------------------------------------

// Each value's name is the expected one.
template <typename Enum>
void ExpectNames(const char* (*name_of)(Enum), std::initializer_list<std::pair<Enum, const char*>> expected) {
    for (const auto& [value, name] : expected) EXPECT_STREQ(name_of(value), name) << "value " << (int)value;
}

TEST(UpstreamNames, BackendTypeNamesEveryValue) {
    ExpectNames(ImGui_ImplWGPU_GetBackendTypeName,
                {{WGPUBackendType_Undefined, "Undefined"}, {WGPUBackendType_Null, "Null"}, {WGPUBackendType_WebGPU, "WebGPU"},
                 {WGPUBackendType_D3D11, "D3D11"}, {WGPUBackendType_D3D12, "D3D12"}, {WGPUBackendType_Metal, "Metal"},
                 {WGPUBackendType_Vulkan, "Vulkan"}, {WGPUBackendType_OpenGL, "OpenGL"}, {WGPUBackendType_OpenGLES, "OpenGLES"}});
}

TEST(UpstreamNames, AdapterTypeNamesEveryValue) {
    ExpectNames(ImGui_ImplWGPU_GetAdapterTypeName,
                {{WGPUAdapterType_DiscreteGPU, "DiscreteGPU"}, {WGPUAdapterType_IntegratedGPU, "IntegratedGPU"},
                 {WGPUAdapterType_CPU, "CPU"}, {WGPUAdapterType_Unknown, "Unknown"}});
}

TEST(UpstreamNames, DeviceLostReasonNamesEveryValue) {
    ExpectNames(ImGui_ImplWGPU_GetDeviceLostReasonName,
                {{WGPUDeviceLostReason_Unknown, "Unknown"}, {WGPUDeviceLostReason_Destroyed, "Destroyed"},
                 {WGPUDeviceLostReason_CallbackCancelled, "CallbackCancelled"},
                 {WGPUDeviceLostReason_FailedCreation, "FailedCreation"}});
}

TEST(UpstreamNames, ErrorTypeNamesEveryValue) {
    ExpectNames(ImGui_ImplWGPU_GetErrorTypeName,
                {{WGPUErrorType_NoError, "NoError"}, {WGPUErrorType_Validation, "Validation"},
                 {WGPUErrorType_OutOfMemory, "OutOfMemory"}, {WGPUErrorType_Internal, "Internal"},
                 {WGPUErrorType_Unknown, "Unknown"}});
}

TEST(UpstreamNames, AValueOutsideItsEnumIsUnknown) {
    EXPECT_STREQ(ImGui_ImplWGPU_GetBackendTypeName((WGPUBackendType)0x1234), "Unknown");
    EXPECT_STREQ(ImGui_ImplWGPU_GetAdapterTypeName((WGPUAdapterType)0), "Unknown");
    EXPECT_STREQ(ImGui_ImplWGPU_GetDeviceLostReasonName((WGPUDeviceLostReason)0), "Unknown");
    EXPECT_STREQ(ImGui_ImplWGPU_GetErrorTypeName((WGPUErrorType)0), "Unknown");
}

// --- Upstream's structs, initialised the way upstream's code does -----------------------------

TEST(UpstreamStructs, InitInfoDefaultsAreUpstreams) {
    const ImGui_ImplWGPU_InitInfo info;
    EXPECT_EQ(info.Device, nullptr);
    EXPECT_EQ(info.NumFramesInFlight, 3);
    EXPECT_EQ(info.RenderTargetFormat, WGPUTextureFormat_Undefined);
    EXPECT_EQ(info.DepthStencilFormat, WGPUTextureFormat_Undefined);
    EXPECT_EQ(info.PipelineMultisampleState.nextInChain, nullptr);
    EXPECT_EQ(info.PipelineMultisampleState.count, 1u);
    EXPECT_EQ(info.PipelineMultisampleState.mask, UINT32_MAX);
    EXPECT_FALSE(info.PipelineMultisampleState.alphaToCoverageEnabled);
}

TEST(UpstreamStructs, CreateSurfaceInfoTakesUpstreamsFieldsInUpstreamsOrder) {
    int window = 0, display = 0, surface = 0, instance = 0;
    const ImGui_ImplWGPU_CreateSurfaceInfo info = {nullptr, "x11", &window, &display, &surface, &instance};
    EXPECT_STREQ(info.System, "x11");
    EXPECT_EQ(info.RawWindow, &window);
    EXPECT_EQ(info.RawDisplay, &display);
    EXPECT_EQ(info.RawSurface, &surface);
    EXPECT_EQ(info.RawInstance, &instance);
}

// --- The adapter printout ----------------------------------------------------------------------

class UpstreamAdapterInfoTest : public BackendTest {
protected:
    static std::string printout(WGPUAdapter adapter) {
        fflush(stdout);
        ::testing::internal::CaptureStdout();
        ImGui_ImplWGPU_DebugPrintAdapterInfo(adapter);
        return ::testing::internal::GetCapturedStdout();
    }
    static std::string hex(uint32_t value) {
        char text[16];
        snprintf(text, sizeof(text), "0x%04x", value);
        return text;
    }
};

TEST_F(UpstreamAdapterInfoTest, PrintsWhatTheAdapterReports) {
    WGPUAdapterInfo info = {};
    ASSERT_EQ(wgpuAdapterGetInfo(harness_.adapter(), &info), WGPUStatus_Success);
    const std::string description = to_string(info.description), vendor = to_string(info.vendor);
    const std::string architecture = to_string(info.architecture), device = to_string(info.device);
    const WGPUAdapterType adapter_type = info.adapterType;
    const uint32_t vendor_id = info.vendorID, device_id = info.deviceID;
    wgpuAdapterInfoFreeMembers(info);
    ASSERT_FALSE(description.empty());

    const std::string out = printout(harness_.adapter());
    EXPECT_NE(out.find("\"" + description + "\""), std::string::npos) << out;
    EXPECT_NE(out.find("vendor \"" + vendor + "\" (vendorID " + hex(vendor_id) + ")"), std::string::npos) << out;
    EXPECT_NE(out.find("architecture \"" + architecture + "\""), std::string::npos) << out;
    EXPECT_NE(out.find("device \"" + device + "\" (deviceID " + hex(device_id) + ")"), std::string::npos) << out;
    EXPECT_NE(out.find("backend Vulkan"), std::string::npos) << out;  // the harness only takes Vulkan adapters
    EXPECT_NE(out.find(std::string("adapter type ") + ImGui_ImplWGPU_GetAdapterTypeName(adapter_type)), std::string::npos) << out;
}

TEST_F(UpstreamAdapterInfoTest, ANullAdapterPrintsNoneAndReportsAnError) {
    const uint64_t errors_before = backend_stats().ErrorsReported;
    EXPECT_EQ(printout(nullptr), "WebGPU adapter: none\n");
    EXPECT_EQ(backend_stats().ErrorsReported, errors_before + 1);
    EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("null adapter"), std::string::npos)
        << ImGui_ImplWGPU_GetLastError();
}

// --- Surface creation: bad or unsupported infos make nothing and say why -------------------------

class UpstreamSurfaceHelperTest : public BackendTest {
protected:
    // An info for the harness's instance, with the handles in upstream's field order.
    ImGui_ImplWGPU_CreateSurfaceInfo info(const char* system, void* window = nullptr, void* display = nullptr,
                                          void* surface = nullptr, void* instance = nullptr) const {
        return ImGui_ImplWGPU_CreateSurfaceInfo{harness_.instance(), system, window, display, surface, instance};
    }
    // The helper returns no surface, reports one error, and that error contains `expected`.
    ::testing::AssertionResult RefusedWith(ImGui_ImplWGPU_CreateSurfaceInfo* info, const std::string& expected) {
        const uint64_t errors_before = backend_stats().ErrorsReported;
        WGPUSurface surface = ImGui_ImplWGPU_CreateWGPUSurfaceHelper(info);
        const uint64_t errors_reported = backend_stats().ErrorsReported - errors_before;
        if (surface) {
            wgpuSurfaceRelease(surface);
            return ::testing::AssertionFailure() << "a surface was made";
        }
        if (errors_reported != 1)
            return ::testing::AssertionFailure() << errors_reported << " errors reported, not 1";
        const std::string error = ImGui_ImplWGPU_GetLastError();
        if (error.find(expected) == std::string::npos)
            return ::testing::AssertionFailure() << "last error \"" << error << "\" does not say \"" << expected << "\"";
        return ::testing::AssertionSuccess();
    }
};

TEST_F(UpstreamSurfaceHelperTest, ANullInfoMakesNoSurfaceAndReportsAnError) {
    EXPECT_TRUE(RefusedWith(nullptr, "needs an info with an Instance and a System"));
}

TEST_F(UpstreamSurfaceHelperTest, AnInfoWithoutInstanceMakesNoSurfaceAndReportsAnError) {
    ImGui_ImplWGPU_CreateSurfaceInfo no_instance = info("x11");
    no_instance.Instance = nullptr;
    EXPECT_TRUE(RefusedWith(&no_instance, "needs an info with an Instance and a System"));
}

TEST_F(UpstreamSurfaceHelperTest, AnInfoWithoutSystemMakesNoSurfaceAndReportsAnError) {
    ImGui_ImplWGPU_CreateSurfaceInfo no_system = info(nullptr);
    EXPECT_TRUE(RefusedWith(&no_system, "needs an info with an Instance and a System"));
}

TEST_F(UpstreamSurfaceHelperTest, ASystemOfAnotherPlatformMakesNoSurfaceAndNamesTheSupportedOnes) {
    int handle = 0;
    for (const char* system : {"win32", "cocoa", "android", "X11", ""}) {
        ImGui_ImplWGPU_CreateSurfaceInfo other = info(system, &handle, &handle, &handle, &handle);
        EXPECT_TRUE(RefusedWith(&other, "System \"" + std::string(system) + "\" is not supported here (supported: \"x11\", \"wayland\")"));
    }
}

TEST_F(UpstreamSurfaceHelperTest, X11WithoutDisplayOrWindowMakesNoSurfaceAndNamesWhatItNeeds) {
    int handle = 0;
    const std::string needs = "System \"x11\" needs RawDisplay (Display*) and RawWindow (Window)";
    ImGui_ImplWGPU_CreateSurfaceInfo no_display = info("x11", &handle), no_window = info("x11", nullptr, &handle);
    EXPECT_TRUE(RefusedWith(&no_display, needs));
    EXPECT_TRUE(RefusedWith(&no_window, needs));
}

TEST_F(UpstreamSurfaceHelperTest, WaylandWithoutDisplayOrSurfaceMakesNoSurfaceAndNamesWhatItNeeds) {
    int handle = 0;
    const std::string needs = "System \"wayland\" needs RawDisplay (wl_display*) and RawSurface (wl_surface*)";
    // A window is not what Wayland takes.
    ImGui_ImplWGPU_CreateSurfaceInfo no_display = info("wayland", nullptr, nullptr, &handle);
    ImGui_ImplWGPU_CreateSurfaceInfo no_surface = info("wayland", &handle, &handle);
    EXPECT_TRUE(RefusedWith(&no_display, needs));
    EXPECT_TRUE(RefusedWith(&no_surface, needs));
}

}  // namespace
}  // namespace imwgpu::test
