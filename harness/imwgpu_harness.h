// imwgpu_harness: a headless WebGPU device for tests, the demo and the benchmark.
//
// What it guarantees, so that a passing test means something:
// - The adapter is a real Vulkan device (a GPU, or SwiftShader on the CPU). Dawn's Null
//   backend, which accepts every command and renders nothing, is refused unless a program
//   explicitly asks for it to measure CPU cost (HarnessOptions::allow_null_backend_for_cost_measurement).
// - The Vulkan driver is chosen on purpose and printed: "adapter: <name> (<backend>, <driver>)".
// - Every uncaptured WebGPU error (validation, out of memory, internal) is counted and kept,
//   so a test can require error_count() == 0.
// - Pixels come back from the GPU: read_back() copies a render target into a buffer and maps it.
//
// Depends on webgpu/webgpu.h, stb_image_write and the C++17 standard library.

#pragma once

#include <webgpu/webgpu.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace imwgpu {

// Which Vulkan driver (ICD) the Vulkan loader should use. Chosen by setting VK_ICD_FILENAMES
// and VK_DRIVER_FILES before the first instance is created, and never when the user has set
// either of them: the environment always wins.
enum class VulkanDriver {
    Auto,         // the machine's GPU drivers (ICD files in the standard folders, Mesa's lavapipe
                  // excluded) when a GPU device node exists and they give an adapter; else SwiftShader
    SwiftShader,  // the SwiftShader fetched by scripts/setup.sh (path compiled in)
    System,       // whatever the Vulkan loader finds on its own
};

struct HarnessOptions {
    VulkanDriver driver = VulkanDriver::Auto;
    const char*  icd_file = nullptr;  // explicit ICD json; overrides `driver`
    // Dawn's Null backend runs no driver, which makes it the one place where valgrind can count
    // the instructions of our code plus Dawn's front end. It draws nothing: only for cost runs.
    bool         allow_null_backend_for_cost_measurement = false;
    // Requests the Null backend WITHOUT allowing it, so that init() must refuse it. Exists only
    // to test that refusal; normal programs never set it.
    bool         force_null_backend_for_test = false;
    bool         quiet = false;  // do not print the adapter line
    std::vector<WGPUFeatureName> optional_features;  // requested when the adapter has them
    // Requests every feature the adapter offers, the most the implementation allows on it: for
    // probes of what no device of this adapter can do.
    bool         request_all_adapter_features = false;
    // Called when the device is lost for any reason but shutdown(): the place where an application
    // would call ImGui_ImplWGPU_NotifyDeviceLost(). It may run inside the WebGPU call that lost the
    // device (e.g. wgpuDeviceDestroy) or on a thread of the WebGPU implementation, and runs without
    // the harness's lock held, so it may call back into the harness. `device` is the lost device.
    std::function<void(WGPUDevice device, WGPUDeviceLostReason reason, const std::string& message)> on_device_lost;
    // When the device-lost callback may run: AllowSpontaneous (inside the call that loses the device, or on a thread of
    // the implementation), or AllowProcessEvents (only inside a later process_events(), as many applications set it).
    WGPUCallbackMode device_lost_callback_mode = WGPUCallbackMode_AllowSpontaneous;
};

class Harness {
public:
    Harness() = default;
    ~Harness() { shutdown(); }
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    // Creates the instance, a Vulkan adapter, a device and its
    // queue. Returns false and fills *error (when given) on any failure, including getting
    // the Null backend when it is not allowed. Prints the adapter line unless quiet.
    bool init(const HarnessOptions& opts, std::string* error);
    // Releases everything init() created. Safe to call twice; the destructor calls it.
    void shutdown();

    WGPUInstance instance() const { return instance_; }
    WGPUAdapter  adapter() const { return adapter_; }
    WGPUDevice   device() const { return device_; }
    WGPUQueue    queue() const { return queue_; }

    // The WebGPU implementation this build links (CMake IMWGPU_WEBGPU_IMPLEMENTATION: "Dawn" by default).
    static const char* implementation();
    // Whether it has a Null backend to refuse: Dawn's. Tests of that refusal skip elsewhere, saying so.
    static bool        implementation_has_null_backend();

    const std::string& adapter_name() const { return adapter_name_; }
    const std::string& backend_name() const { return backend_name_; }
    WGPUBackendType    backend_type() const { return backend_type_; }
    // How the Vulkan driver was chosen, e.g. "SwiftShader (fetched by scripts/setup.sh): <icd>".
    const std::string& driver_description() const { return driver_description_; }
    bool               has_feature(WGPUFeatureName feature) const;  // enabled on the device
    const std::vector<WGPUFeatureName>& features() const { return enabled_features_; }

    // Uncaptured WebGPU errors since init() (or the last clear_errors()).
    int                             error_count() const;
    const std::vector<std::string>& errors() const;  // their messages; read when nothing is rendering
    void                            clear_errors();

    bool        device_lost() const;
    std::string device_lost_message() const;

    void submit(WGPUCommandEncoder encoder);  // finish, submit, release the command buffer and the encoder
    void wait_idle();                         // until the GPU has finished all submitted work
    void process_events();                    // runs ready AllowProcessEvents callbacks

    // Blocks on `future` (a WaitAnyOnly callback). Returns false on timeout or error.
    bool wait(WGPUFuture future, const char* what);

    // Sampled textures (RGBA8Unorm, TextureBinding | CopyDst). Only the view is returned:
    // it keeps its texture alive, and the texture reference is released right away, so the
    // caller owns exactly one object.
    WGPUTextureView create_solid_texture_view(uint32_t w, uint32_t h, uint32_t rgba8);  // 0xAABBGGRR
    WGPUTextureView create_texture_view_rgba8(uint32_t w, uint32_t h, const uint8_t* rgba);
    // The texture of create_texture_view_rgba8(), without a view; the caller owns it.
    WGPUTexture     create_texture_rgba8(uint32_t w, uint32_t h, const uint8_t* rgba);
    // A 2D texture, one sample, contents zero; the caller owns it.
    WGPUTexture create_texture(uint32_t w, uint32_t h, WGPUTextureFormat format, uint32_t mip_levels = 1,
                               WGPUTextureUsage usage = WGPUTextureUsage_TextureBinding | WGPUTextureUsage_CopyDst);

private:
    static void on_uncaptured_error(WGPUDevice const* device, WGPUErrorType type, WGPUStringView message,
                                    void* userdata1, void* userdata2);
    static void on_device_lost(WGPUDevice const* device, WGPUDeviceLostReason reason, WGPUStringView message,
                               void* userdata1, void* userdata2);
    bool fail(std::string* error, const std::string& message);

    WGPUInstance instance_ = nullptr;
    WGPUAdapter  adapter_ = nullptr;
    WGPUDevice   device_ = nullptr;
    WGPUQueue    queue_ = nullptr;

    std::string                  adapter_name_, backend_name_, driver_description_;
    WGPUBackendType              backend_type_ = WGPUBackendType_Undefined;
    std::vector<WGPUFeatureName> enabled_features_;

    // Dawn may report errors from its own threads; the lock keeps the list consistent.
    mutable std::mutex       mutex_;
    std::vector<std::string> errors_;
    bool                     device_lost_ = false;
    std::string              device_lost_message_;
    std::function<void(WGPUDevice, WGPUDeviceLostReason, const std::string&)> device_lost_handler_;  // HarnessOptions::on_device_lost
    bool                     shutting_down_ = false;  // losses caused by shutdown() are not problems
};

// A texture the tests render into and read back.
struct OffscreenTarget {
    WGPUTexture       texture = nullptr;
    WGPUTextureView   view = nullptr;
    uint32_t          width = 0, height = 0;
    WGPUTextureFormat format = WGPUTextureFormat_RGBA8Unorm;
    uint32_t          sample_count = 1;
};

// A single-sampled colour target has usage RenderAttachment | CopySrc | TextureBinding (it can
// be read back and drawn as an image). A multisampled one (sample_count 4) and a depth/stencil
// one are only ever attachments: usage RenderAttachment.
OffscreenTarget create_offscreen_target(Harness& harness, uint32_t w, uint32_t h,
                                        WGPUTextureFormat fmt = WGPUTextureFormat_RGBA8Unorm,
                                        uint32_t sample_count = 1);
void            release_offscreen_target(OffscreenTarget& target);

// What a pass may have beyond its colour target.
struct PassAttachments {
    // The colour target is multisampled: resolve it into this single-sampled target of the same
    // format and size (the multisampled contents are discarded).
    const OffscreenTarget* resolve_target = nullptr;
    // Depth (and stencil, if the format has it) cleared to 1 (and 0) and discarded at the end.
    const OffscreenTarget* depth_stencil = nullptr;
};

// Begins a render pass on `t`, cleared to (r, g, b, a) when `clear`, else loading its contents.
// The caller ends and releases the pass encoder.
WGPURenderPassEncoder begin_pass(WGPUCommandEncoder enc, const OffscreenTarget& t, bool clear,
                                 float r, float g, float b, float a,
                                 const PassAttachments& attachments = PassAttachments());

struct Image {
    uint32_t             width = 0, height = 0;
    std::vector<uint8_t> rgba;  // tightly packed RGBA8, top row first

    // 0xAABBGGRR, the layout of IM_COL32, so tests compare against ImGui colours directly.
    uint32_t pixel(uint32_t x, uint32_t y) const;
};

// Copies the target to a buffer (rows padded to 256 bytes), maps it and unpacks it to RGBA8.
// Supports RGBA8 and BGRA8 targets (sRGB or not: the bytes are returned as stored).
// Returns an empty image on failure (an unsupported format, a lost device, a timeout).
Image read_back(Harness& harness, const OffscreenTarget& target);
// The target's texels exactly as stored, tightly packed, top row first: 4 bytes per texel for
// RGBA8 / BGRA8 (sRGB or not; BGRA8 stays in B, G, R, A order), 8 for RGBA16Float (four
// IEEE half floats), 16 for RGBA32Float. Empty on failure, as read_back().
std::vector<uint8_t> read_back_raw(Harness& harness, const OffscreenTarget& target);
bool  write_png(const Image& image, const std::string& path);

// WebGPU strings: a label or name as a null-terminated WGPUStringView, and an output string as std::string.
WGPUStringView string_view(const char* s);
std::string    to_string(WGPUStringView s);

}  // namespace imwgpu
