// A user's application, as small as it gets: it takes the backend from wherever its CMakeLists.txt says
// (the two files copied next to it, add_subdirectory() or find_package()), makes a WebGPU device on a
// real Vulkan driver, renders one frame with an image and checks the pixels it reads back.
// It exits non-zero on any failure: no Vulkan adapter, Dawn's Null backend (it accepts every command and
// draws nothing), a WebGPU validation error, a backend error, or a pixel that is not what was drawn.
//
// It uses nothing of imwgpu but the backend: the WebGPU set-up below is what an application writes.

#ifdef CONSUMER_COPIED_BACKEND
#include "imgui_impl_wgpu.h"        // the pair copied next to this file
#else
#include <imwgpu/imgui_impl_wgpu.h>  // add_subdirectory() or find_package()
#endif
#ifdef CONSUMER_SUBDIRECTORY
#include "imgui_impl_wgpu.h"        // add_subdirectory() also takes the older spelling: the same file
#endif
#include "imgui.h"

#include <webgpu/webgpu.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr uint32_t kSize = 64;                           // the render target, kSize x kSize RGBA8Unorm
constexpr uint32_t kImageMin = 16, kImageMax = 48;      // where the image is drawn, [min, max) on both axes
constexpr uint8_t  kImageColor[4] = {0x20, 0xA0, 0xE0, 0xFF};
constexpr uint8_t  kClearColor[4] = {0x00, 0x00, 0x00, 0xFF};

int g_webgpu_errors = 0;

std::string text(WGPUStringView s) {
    if (!s.data) return std::string();
    return s.length == WGPU_STRLEN ? std::string(s.data) : std::string(s.data, s.length);
}

int fail(const char* what) {
    fprintf(stderr, "consumer: FAILED: %s\n", what);
    return 1;
}

// Waits for a WaitAnyOnly callback. wgpuInstanceWaitAny with a timeout needs the instance feature
// TimedWaitAnyEnable, which would need a non-zero instance descriptor (see main()); a zero timeout does not.
bool wait_for(WGPUInstance instance, WGPUFuture future) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        WGPUFutureWaitInfo info = {};
        info.future = future;
        WGPUWaitStatus status = wgpuInstanceWaitAny(instance, 1, &info, 0);
        if (status == WGPUWaitStatus_Success && info.completed) return true;
        if (status != WGPUWaitStatus_Success && status != WGPUWaitStatus_TimedOut) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    return false;
}

bool near(const uint8_t* pixel, const uint8_t* expected, int tolerance) {
    for (int c = 0; c < 4; c++)
        if (abs((int)pixel[c] - (int)expected[c]) > tolerance) return false;
    return true;
}

}  // namespace

int main() {
    // --- Instance, adapter, device -------------------------------------------------------------
    // An all-zero descriptor on purpose: the Dawn build this is tested with reads WGPUInstanceDescriptor
    // in an older layout than webgpu.h declares, and an all-zero descriptor reads the same in both.
    WGPUInstanceDescriptor instance_desc = {};
    WGPUInstance instance = wgpuCreateInstance(&instance_desc);
    if (!instance) return fail("wgpuCreateInstance");

    WGPURequestAdapterOptions adapter_options = {};
    adapter_options.featureLevel = WGPUFeatureLevel_Core;
    adapter_options.backendType = WGPUBackendType_Vulkan;
    WGPUAdapter adapter = nullptr;
    WGPURequestAdapterCallbackInfo adapter_callback = {};
    adapter_callback.mode = WGPUCallbackMode_WaitAnyOnly;
    adapter_callback.callback = [](WGPURequestAdapterStatus status, WGPUAdapter a, WGPUStringView message, void* out, void*) {
        if (status == WGPURequestAdapterStatus_Success) *static_cast<WGPUAdapter*>(out) = a;
        else fprintf(stderr, "consumer: no adapter: %s\n", text(message).c_str());
    };
    adapter_callback.userdata1 = &adapter;
    if (!wait_for(instance, wgpuInstanceRequestAdapter(instance, &adapter_options, adapter_callback)) || !adapter)
        return fail("no WebGPU adapter");

    WGPUAdapterInfo info = {};
    wgpuAdapterGetInfo(adapter, &info);
    const WGPUBackendType backend = info.backendType;
    printf("consumer: adapter \"%s\", backend type %d\n", text(info.device).c_str(), (int)backend);
    wgpuAdapterInfoFreeMembers(info);
    if (backend == WGPUBackendType_Null) return fail("refusing Dawn's Null backend: it draws nothing");
    if (backend != WGPUBackendType_Vulkan) return fail("expected a Vulkan adapter");

    WGPUDeviceDescriptor device_desc = {};
    device_desc.uncapturedErrorCallbackInfo.callback = [](WGPUDevice const*, WGPUErrorType, WGPUStringView message, void*, void*) {
        fprintf(stderr, "consumer: WebGPU error: %s\n", text(message).c_str());
        g_webgpu_errors++;
    };
    WGPUDevice device = nullptr;
    WGPURequestDeviceCallbackInfo device_callback = {};
    device_callback.mode = WGPUCallbackMode_WaitAnyOnly;
    device_callback.callback = [](WGPURequestDeviceStatus status, WGPUDevice d, WGPUStringView message, void* out, void*) {
        if (status == WGPURequestDeviceStatus_Success) *static_cast<WGPUDevice*>(out) = d;
        else fprintf(stderr, "consumer: no device: %s\n", text(message).c_str());
    };
    device_callback.userdata1 = &device;
    if (!wait_for(instance, wgpuAdapterRequestDevice(adapter, &device_desc, device_callback)) || !device)
        return fail("no WebGPU device");
    WGPUQueue queue = wgpuDeviceGetQueue(device);

    // --- Render target ----------------------------------------------------------------------------
    WGPUTextureDescriptor target_desc = {};
    target_desc.usage = WGPUTextureUsage_RenderAttachment | WGPUTextureUsage_CopySrc;
    target_desc.dimension = WGPUTextureDimension_2D;
    target_desc.size = {kSize, kSize, 1};
    target_desc.format = WGPUTextureFormat_RGBA8Unorm;
    target_desc.mipLevelCount = 1;
    target_desc.sampleCount = 1;
    WGPUTexture target = wgpuDeviceCreateTexture(device, &target_desc);
    WGPUTextureView target_view = wgpuTextureCreateView(target, nullptr);

    // --- Dear ImGui and the backend -----------------------------------------------------------------
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2((float)kSize, (float)kSize);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;

    ImGui_ImplWGPU_InitInfo init_info;
    init_info.Device = device;
    init_info.RenderTargetFormat = WGPUTextureFormat_RGBA8Unorm;
    if (!ImGui_ImplWGPU_Init(&init_info)) return fail("ImGui_ImplWGPU_Init");

    std::vector<uint8_t> image_pixels(4 * 4 * 4);
    for (size_t i = 0; i < image_pixels.size(); i++) image_pixels[i] = kImageColor[i % 4];
    ImTextureID image = ImGui_ImplWGPU_CreateTexture(4, 4, image_pixels.data());
    if (!image) return fail("ImGui_ImplWGPU_CreateTexture");

    // --- One frame --------------------------------------------------------------------------------
    ImGui_ImplWGPU_NewFrame();
    ImGui::NewFrame();
    ImGui::GetBackgroundDrawList()->AddImage(image, ImVec2((float)kImageMin, (float)kImageMin),
                                             ImVec2((float)kImageMax, (float)kImageMax));
    ImGui::Render();

    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(device, nullptr);
    WGPURenderPassColorAttachment color = {};
    color.view = target_view;
    color.depthSlice = WGPU_DEPTH_SLICE_UNDEFINED;
    color.loadOp = WGPULoadOp_Clear;
    color.storeOp = WGPUStoreOp_Store;
    color.clearValue = {kClearColor[0] / 255.0, kClearColor[1] / 255.0, kClearColor[2] / 255.0, kClearColor[3] / 255.0};
    WGPURenderPassDescriptor pass_desc = {};
    pass_desc.colorAttachmentCount = 1;
    pass_desc.colorAttachments = &color;
    WGPURenderPassEncoder pass = wgpuCommandEncoderBeginRenderPass(encoder, &pass_desc);
    ImGui_ImplWGPU_RenderDrawData(ImGui::GetDrawData(), pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);

    // Read back: rows of a texture-to-buffer copy are 256-byte aligned (kSize * 4 is exactly 256).
    const uint32_t row_bytes = kSize * 4;
    WGPUBufferDescriptor buffer_desc = {};
    buffer_desc.usage = WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst;
    buffer_desc.size = (uint64_t)row_bytes * kSize;
    WGPUBuffer readback = wgpuDeviceCreateBuffer(device, &buffer_desc);
    WGPUTexelCopyTextureInfo copy_src = {};
    copy_src.texture = target;
    copy_src.aspect = WGPUTextureAspect_All;
    WGPUTexelCopyBufferInfo copy_dst = {};
    copy_dst.buffer = readback;
    copy_dst.layout.bytesPerRow = row_bytes;
    copy_dst.layout.rowsPerImage = kSize;
    WGPUExtent3D copy_size = {kSize, kSize, 1};
    wgpuCommandEncoderCopyTextureToBuffer(encoder, &copy_src, &copy_dst, &copy_size);
    WGPUCommandBuffer commands = wgpuCommandEncoderFinish(encoder, nullptr);
    wgpuQueueSubmit(queue, 1, &commands);
    wgpuCommandBufferRelease(commands);
    wgpuCommandEncoderRelease(encoder);

    bool mapped = false;
    WGPUBufferMapCallbackInfo map_callback = {};
    map_callback.mode = WGPUCallbackMode_WaitAnyOnly;
    map_callback.callback = [](WGPUMapAsyncStatus status, WGPUStringView, void* out, void*) {
        *static_cast<bool*>(out) = status == WGPUMapAsyncStatus_Success;
    };
    map_callback.userdata1 = &mapped;
    if (!wait_for(instance, wgpuBufferMapAsync(readback, WGPUMapMode_Read, 0, (size_t)buffer_desc.size, map_callback)) || !mapped)
        return fail("mapping the read-back buffer");
    std::vector<uint8_t> pixels((size_t)buffer_desc.size);
    memcpy(pixels.data(), wgpuBufferGetConstMappedRange(readback, 0, pixels.size()), pixels.size());
    wgpuBufferUnmap(readback);

    // --- Checks -------------------------------------------------------------------------------------
    // Inside the image: its colour (a solid texture, white vertex colour, opaque: exact up to rounding).
    // Outside: the clear colour, exactly. Every pixel is checked.
    int wrong = 0;
    for (uint32_t y = 0; y < kSize; y++) {
        for (uint32_t x = 0; x < kSize; x++) {
            const uint8_t* p = &pixels[(size_t)y * row_bytes + x * 4];
            const bool inside = x >= kImageMin && x < kImageMax && y >= kImageMin && y < kImageMax;
            if (near(p, inside ? kImageColor : kClearColor, inside ? 1 : 0)) continue;
            if (wrong++ < 5)
                fprintf(stderr, "consumer: pixel (%u, %u) is %02x%02x%02x%02x, expected the %s colour\n", x, y,
                        p[0], p[1], p[2], p[3], inside ? "image" : "clear");
        }
    }
    printf("consumer: %d wrong pixels, %d WebGPU errors, backend error \"%s\"\n", wrong, g_webgpu_errors,
           ImGui_ImplWGPU_GetLastError());
    const bool backend_error = ImGui_ImplWGPU_GetLastError()[0] != '\0';

    // --- Shutdown -----------------------------------------------------------------------------------
    ImGui_ImplWGPU_DestroyTexture(image);
    ImGui_ImplWGPU_Shutdown();
    ImGui::DestroyContext();
    wgpuBufferRelease(readback);
    wgpuTextureViewRelease(target_view);
    wgpuTextureRelease(target);
    wgpuQueueRelease(queue);
    wgpuDeviceDestroy(device);
    wgpuDeviceRelease(device);
    wgpuInstanceProcessEvents(instance);
    wgpuAdapterRelease(adapter);
    wgpuInstanceRelease(instance);

    if (wrong) return fail("the frame read back is not what was drawn");
    if (g_webgpu_errors) return fail("WebGPU reported errors");
    if (backend_error) return fail("the backend reported an error");
    printf("consumer: passed\n");
    return 0;
}
