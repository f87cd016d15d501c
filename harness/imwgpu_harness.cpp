// imwgpu_harness: see imwgpu_harness.h.

#include "imwgpu_harness.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>
#include <utility>

#ifndef IMWGPU_SWIFTSHADER_ICD
#define IMWGPU_SWIFTSHADER_ICD ""
#endif
#ifndef IMWGPU_WEBGPU_IMPLEMENTATION  // set by CMake from IMWGPU_WEBGPU_IMPLEMENTATION
#define IMWGPU_WEBGPU_IMPLEMENTATION "Dawn"
#endif

namespace imwgpu {

namespace {

// SwiftShader compiles shaders and runs them on the CPU: the first submits of a program can
// take seconds on a loaded 2-core machine. A wait that takes longer than this is a hang.
constexpr std::chrono::seconds kWaitTimeout(60);

const char* backend_type_name(WGPUBackendType t) {
    switch (t) {
    case WGPUBackendType_Null: return "Null";
    case WGPUBackendType_WebGPU: return "WebGPU";
    case WGPUBackendType_D3D11: return "D3D11";
    case WGPUBackendType_D3D12: return "D3D12";
    case WGPUBackendType_Metal: return "Metal";
    case WGPUBackendType_Vulkan: return "Vulkan";
    case WGPUBackendType_OpenGL: return "OpenGL";
    case WGPUBackendType_OpenGLES: return "OpenGLES";
    default: return "Undefined";
    }
}

const char* error_type_name(WGPUErrorType t) {
    switch (t) {
    case WGPUErrorType_Validation: return "validation error";
    case WGPUErrorType_OutOfMemory: return "out of memory";
    case WGPUErrorType_Internal: return "internal error";
    default: return "unknown error";
    }
}

const char* lost_reason_name(WGPUDeviceLostReason r) {
    switch (r) {
    case WGPUDeviceLostReason_Destroyed: return "destroyed";
    case WGPUDeviceLostReason_CallbackCancelled: return "callback cancelled";
    case WGPUDeviceLostReason_FailedCreation: return "failed creation";
    default: return "unknown";
    }
}

// --- Vulkan driver choice -----------------------------------------------------------------
//
// Native only: in a browser the page's navigator.gpu is the one implementation, and the browser chooses
// its own driver (Chromium: SwiftShader when it has no GPU; Firefox: whatever Vulkan driver it finds).
#ifndef __EMSCRIPTEN__
//
// The Vulkan loader reads VK_DRIVER_FILES (and its older name VK_ICD_FILENAMES) when an
// instance is created, so setting them before wgpuCreateInstance picks the driver. A value
// the user exported always wins; a value this process set itself may be changed by a later
// init() (tests create several harnesses with different choices).

const char* const kDriverEnvVars[] = {"VK_DRIVER_FILES", "VK_ICD_FILENAMES"};
std::string       g_driver_env_we_set;  // what set_driver_env() last wrote; empty: nothing

std::string user_driver_env() {  // "NAME=value" of a variable the user set, or ""
    for (const char* name : kDriverEnvVars) {
        const char* value = getenv(name);
        if (value && *value && g_driver_env_we_set != value) return std::string(name) + "=" + value;
    }
    return std::string();
}

void set_driver_env(const std::string& icd_files) {  // empty: let the loader search on its own
    for (const char* name : kDriverEnvVars) {
        if (icd_files.empty())
            unsetenv(name);
        else
            setenv(name, icd_files.c_str(), 1);
    }
    g_driver_env_we_set = icd_files;
}

// The ICD files installed on the machine, minus Mesa's lavapipe: Dawn rejects lavapipe and
// would fall back to its Null backend. The folders are the loader's standard ones plus the
// one where NVIDIA's container toolkit puts its ICD (the loader does not search it).
std::vector<std::string> find_system_icds() {
    std::vector<std::string> dirs;
    auto add_xdg = [&](const char* var, const char* fallback) {
        const char* value = getenv(var);
        std::string list = value && *value ? value : fallback;
        size_t start = 0;
        while (start <= list.size()) {
            size_t end = list.find(':', start);
            if (end == std::string::npos) end = list.size();
            if (end > start) dirs.push_back(list.substr(start, end - start) + "/vulkan/icd.d");
            start = end + 1;
        }
    };
    add_xdg("XDG_CONFIG_DIRS", "/etc/xdg");
    dirs.push_back("/etc/vulkan/icd.d");
    add_xdg("XDG_DATA_DIRS", "/usr/local/share:/usr/share");
    dirs.push_back("/usr/local/share/vulkan/icd.d");
    dirs.push_back("/usr/share/vulkan/icd.d");
    dirs.push_back("/usr/local/nvidia/share/vulkan/icd.d");

    namespace fs = std::filesystem;
    std::vector<std::string> icds, seen;
    for (const std::string& dir : dirs) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec))
            if (entry.path().extension() == ".json") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            if (file.filename().string().rfind("lvp_icd", 0) == 0) continue;
            std::string canonical = fs::weakly_canonical(file, ec).string();
            if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
            seen.push_back(canonical);
            icds.push_back(file.string());
        }
    }
    return icds;
}

// Every hardware Vulkan driver on Linux works through one of these device nodes. Without any,
// the installed hardware ICDs (Debian's mesa-vulkan-drivers ships Intel and AMD ones on every
// machine) cannot have a device, and trying them only fills the log with loader errors.
bool has_gpu_device_node() {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator("/dev/dri", ec))
        if (entry.path().filename().string().rfind("renderD", 0) == 0) return true;
    return fs::exists("/dev/nvidiactl", ec) || fs::exists("/dev/dxg", ec);
}

struct DriverAttempt {
    bool        set_env;      // false: leave the environment as it is
    std::string icd_files;    // ':'-separated, when set_env
    std::string description;  // shown in the adapter line
};

bool file_exists(const char* path) {
    std::error_code ec;
    return path && *path && std::filesystem::is_regular_file(path, ec);
}

const char* swiftshader_icd() { return IMWGPU_SWIFTSHADER_ICD; }

std::string swiftshader_missing_message() {
    return std::string("SwiftShader's Vulkan ICD is missing (") +
           (*swiftshader_icd() ? swiftshader_icd() : "no path configured") +
           "): run scripts/setup.sh, then re-run cmake";
}

// The drivers to try, in order. Auto tries the machine's real drivers first and falls back
// to SwiftShader when none of them has a device (e.g. Mesa's Intel/AMD ICDs are installed on
// a machine without such a GPU).
bool plan_driver_attempts(const HarnessOptions& opts, std::vector<DriverAttempt>* attempts, std::string* error) {
    const std::string user_env = user_driver_env();
    if (!user_env.empty()) {
        attempts->push_back({false, "", "Vulkan drivers from the environment: " + user_env});
        return true;
    }
    if (opts.icd_file) {
        if (!file_exists(opts.icd_file)) {
            *error = std::string("Vulkan ICD file not found: ") + opts.icd_file;
            return false;
        }
        attempts->push_back({true, opts.icd_file, std::string("Vulkan ICD given by the program: ") + opts.icd_file});
        return true;
    }
    const std::string swiftshader_description =
        std::string("SwiftShader (fetched by scripts/setup.sh): ") + swiftshader_icd();
    switch (opts.driver) {
    case VulkanDriver::System:
        attempts->push_back({true, "", "system Vulkan drivers"});
        return true;
    case VulkanDriver::SwiftShader:
        if (!file_exists(swiftshader_icd())) {
            *error = swiftshader_missing_message();
            return false;
        }
        attempts->push_back({true, swiftshader_icd(), swiftshader_description});
        return true;
    case VulkanDriver::Auto: {
        std::vector<std::string> icds = find_system_icds();
        const bool try_system = !icds.empty() && has_gpu_device_node();
        if (try_system) {
            std::string joined;
            for (const std::string& icd : icds) joined += (joined.empty() ? "" : ":") + icd;
            attempts->push_back({true, joined, "system Vulkan drivers: " + joined});
        }
        if (file_exists(swiftshader_icd())) {
            attempts->push_back({true, swiftshader_icd(),
                                 try_system ? swiftshader_description + " (no system driver had a device)"
                                            : swiftshader_description});
        } else if (!try_system) {
            *error = "no GPU Vulkan driver on this machine (Mesa's lavapipe does not count: Dawn rejects it); " +
                     swiftshader_missing_message();
            return false;
        }
        return true;
    }
    }
    *error = "unknown VulkanDriver value";
    return false;
}

#else
struct DriverAttempt {
    bool        set_env;
    std::string icd_files;
    std::string description;
};

bool plan_driver_attempts(const HarnessOptions&, std::vector<DriverAttempt>* attempts, std::string*) {
    attempts->push_back({false, "", "the browser's WebGPU (navigator.gpu)"});
    return true;
}
#endif

// The backend a real adapter of this build reports: Dawn natively runs on Vulkan (a GPU driver or SwiftShader);
// in a browser the implementation is the browser's WebGPU, and the driver behind it is not visible.
#ifdef __EMSCRIPTEN__
constexpr WGPUBackendType kExpectedBackend = WGPUBackendType_WebGPU;
#else
constexpr WGPUBackendType kExpectedBackend = WGPUBackendType_Vulkan;
#endif

struct AdapterRequest {
    WGPURequestAdapterStatus status = WGPURequestAdapterStatus_Error;
    WGPUAdapter              adapter = nullptr;
    std::string              message;
};

struct DeviceRequest {
    WGPURequestDeviceStatus status = WGPURequestDeviceStatus_Error;
    WGPUDevice              device = nullptr;
    std::string             message;
};

}  // namespace

// --- Harness ------------------------------------------------------------------------------

bool Harness::fail(std::string* error, const std::string& message) {
    if (error) *error = message;
    shutdown();
    return false;
}

bool Harness::wait(WGPUFuture future, const char* what) {
    // Id 0 is no future: an implementation returns it for a call it has not implemented, and waiting on it is not
    // defined (WGVK's wgpuInstanceWaitAny() runs whatever it finds under an unknown id, and crashes).
    if (future.id == 0) {
        fprintf(stderr, "imwgpu_harness: waiting for %s: the implementation returned no future\n", what);
        return false;
    }
#ifdef __EMSCRIPTEN__
    // In a browser the work completes only when control returns to its event loop: a timed wait (the instance
    // has TimedWaitAny) suspends the program through JSPI until the promise behind the future settles.
    WGPUFutureWaitInfo info = {};
    info.future = future;
    const WGPUWaitStatus status = wgpuInstanceWaitAny(
        instance_, 1, &info, (uint64_t)std::chrono::duration_cast<std::chrono::nanoseconds>(kWaitTimeout).count());
    if (status == WGPUWaitStatus_Success && info.completed) return true;
    fprintf(stderr, "imwgpu_harness: waiting for %s %s\n", what, status == WGPUWaitStatus_TimedOut ? "timed out" : "failed (error)");
    return false;
#else
    // Polls with a zero timeout: a timed wait needs the instance feature TimedWaitAnyEnable, and this Dawn
    // reads WGPUInstanceDescriptor in an older layout than the standard header's (see include/webgpu/webgpu.h),
    // so the instance is created with an all-zero descriptor, which both layouts read the same way.
    const auto deadline = std::chrono::steady_clock::now() + kWaitTimeout;
    for (int polls = 0;; polls++) {
        WGPUFutureWaitInfo info = {};
        info.future = future;
        WGPUWaitStatus status = wgpuInstanceWaitAny(instance_, 1, &info, 0);
        if (status == WGPUWaitStatus_Success && info.completed) return true;
        if (status != WGPUWaitStatus_Success && status != WGPUWaitStatus_TimedOut) {
            fprintf(stderr, "imwgpu_harness: waiting for %s failed (error)\n", what);
            return false;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            fprintf(stderr, "imwgpu_harness: waiting for %s timed out\n", what);
            return false;
        }
        // Spin briefly (GPU work is usually done within microseconds of the check), then back off.
        if (polls < 64)
            std::this_thread::yield();
        else
            std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
#endif
}

bool Harness::init(const HarnessOptions& opts, std::string* error) {
    shutdown();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        errors_.clear();
        device_lost_ = false;
        device_lost_message_.clear();
        shutting_down_ = false;
        device_lost_handler_ = opts.on_device_lost;
    }

    // Dawn's Null backend needs no Vulkan driver; every other request goes to Vulkan.
    const bool request_null = opts.allow_null_backend_for_cost_measurement || opts.force_null_backend_for_test;
    std::vector<DriverAttempt> attempts;
    std::string plan_error;
    if (request_null)
        attempts.push_back({false, "", "Dawn's Null backend, no driver"});
    else if (!plan_driver_attempts(opts, &attempts, &plan_error))
        return fail(error, plan_error);

    // An instance per attempt: the loader reads the driver variables when Dawn creates its
    // Vulkan instance, which happens once per WGPUInstance.
    std::string attempt_errors;
    for (const DriverAttempt& attempt : attempts) {
#ifdef __EMSCRIPTEN__
        // wait() suspends the program until a future completes: a timed wait, which the instance must enable.
        const WGPUInstanceFeatureName timed_wait = WGPUInstanceFeatureName_TimedWaitAny;
        WGPUInstanceDescriptor        instance_desc = {};
        instance_desc.requiredFeatureCount = 1;
        instance_desc.requiredFeatures = &timed_wait;
#else
        if (attempt.set_env) set_driver_env(attempt.icd_files);
        WGPUInstanceDescriptor instance_desc = {};     // all zero: see wait()
#endif
        instance_ = wgpuCreateInstance(&instance_desc);
        if (!instance_) return fail(error, "wgpuCreateInstance failed");

        WGPURequestAdapterOptions adapter_opts = {};
        adapter_opts.featureLevel = WGPUFeatureLevel_Core;
        adapter_opts.powerPreference = WGPUPowerPreference_HighPerformance;
        adapter_opts.backendType = request_null ? WGPUBackendType_Null : kExpectedBackend;
        AdapterRequest request;
        WGPURequestAdapterCallbackInfo callback = {};
        callback.mode = WGPUCallbackMode_WaitAnyOnly;
        callback.callback = [](WGPURequestAdapterStatus status, WGPUAdapter adapter, WGPUStringView message,
                               void* userdata1, void*) {
            AdapterRequest* r = static_cast<AdapterRequest*>(userdata1);
            r->status = status;
            r->adapter = adapter;
            r->message = to_string(message);
        };
        callback.userdata1 = &request;
        if (!wait(wgpuInstanceRequestAdapter(instance_, &adapter_opts, callback), "the adapter"))
            return fail(error, "requesting a WebGPU adapter timed out");
        if (request.status == WGPURequestAdapterStatus_Success && request.adapter) {
            adapter_ = request.adapter;
            driver_description_ = attempt.description;
            break;
        }
        attempt_errors += "\n  " + attempt.description + ": no " + backend_type_name(adapter_opts.backendType) +
                          " adapter" + (request.message.empty() ? "" : " (" + request.message + ")");
        wgpuInstanceRelease(instance_);
        instance_ = nullptr;
    }
    if (!adapter_) return fail(error, "no WebGPU adapter:" + attempt_errors);

    WGPUAdapterInfo info = {};
    if (wgpuAdapterGetInfo(adapter_, &info) != WGPUStatus_Success)
        return fail(error, "wgpuAdapterGetInfo failed");
    adapter_name_ = to_string(info.device);
    if (adapter_name_.empty()) adapter_name_ = to_string(info.description);
    // Browsers give less: Chromium only a vendor and an architecture ("google", "swiftshader"), Firefox nothing.
    if (adapter_name_.empty()) {
        const std::string vendor = to_string(info.vendor), architecture = to_string(info.architecture);
        adapter_name_ = vendor + (vendor.empty() || architecture.empty() ? "" : " ") + architecture;
    }
    if (adapter_name_.empty()) adapter_name_ = "(no name given)";
    backend_type_ = info.backendType;
    backend_name_ = backend_type_name(info.backendType);
    wgpuAdapterInfoFreeMembers(info);

    // The Null backend accepts every command and draws nothing: any pixel test on it would
    // pass or fail at random. It is only ever acceptable for CPU cost measurement.
    if (backend_type_ == WGPUBackendType_Null && !opts.allow_null_backend_for_cost_measurement)
        return fail(error, "refusing Dawn's Null backend (adapter \"" + adapter_name_ +
                               "\"): it renders nothing, so no result would mean anything. Driver: " +
                               driver_description_);
    if (!request_null && backend_type_ != kExpectedBackend)
        return fail(error, std::string("expected a ") + backend_type_name(kExpectedBackend) + " adapter, got " +
                               backend_name_ + " (\"" + adapter_name_ + "\")");

    if (opts.request_all_adapter_features) {
        WGPUSupportedFeatures supported = {};
        wgpuAdapterGetFeatures(adapter_, &supported);
        enabled_features_.assign(supported.features, supported.features + supported.featureCount);
        wgpuSupportedFeaturesFreeMembers(supported);
    }
    for (WGPUFeatureName feature : opts.optional_features)
        if (!has_feature(feature) && wgpuAdapterHasFeature(adapter_, feature)) enabled_features_.push_back(feature);

    WGPUDeviceDescriptor device_desc = {};
    device_desc.label = string_view("imwgpu harness device");
    device_desc.requiredFeatureCount = enabled_features_.size();
    device_desc.requiredFeatures = enabled_features_.data();
    device_desc.deviceLostCallbackInfo.mode = opts.device_lost_callback_mode;
    device_desc.deviceLostCallbackInfo.callback = &Harness::on_device_lost;
    device_desc.deviceLostCallbackInfo.userdata1 = this;
    device_desc.uncapturedErrorCallbackInfo.callback = &Harness::on_uncaptured_error;
    device_desc.uncapturedErrorCallbackInfo.userdata1 = this;

    DeviceRequest request;
    WGPURequestDeviceCallbackInfo callback = {};
    callback.mode = WGPUCallbackMode_WaitAnyOnly;
    callback.callback = [](WGPURequestDeviceStatus status, WGPUDevice device, WGPUStringView message,
                           void* userdata1, void*) {
        DeviceRequest* r = static_cast<DeviceRequest*>(userdata1);
        r->status = status;
        r->device = device;
        r->message = to_string(message);
    };
    callback.userdata1 = &request;
    if (!wait(wgpuAdapterRequestDevice(adapter_, &device_desc, callback), "the device"))
        return fail(error, "requesting a WebGPU device timed out");
    if (request.status != WGPURequestDeviceStatus_Success || !request.device)
        return fail(error, "requesting a WebGPU device failed: " + request.message);
    device_ = request.device;
    queue_ = wgpuDeviceGetQueue(device_);

    if (!opts.quiet)
        printf("adapter: %s (%s, %s; WebGPU: %s)\n", adapter_name_.c_str(), backend_name_.c_str(),
               driver_description_.c_str(), implementation());
    return true;
}

const char* Harness::implementation() { return IMWGPU_WEBGPU_IMPLEMENTATION; }

bool Harness::implementation_has_null_backend() { return std::string(IMWGPU_WEBGPU_IMPLEMENTATION) == "Dawn"; }

void Harness::shutdown() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        shutting_down_ = true;
    }
    if (queue_) wgpuQueueRelease(queue_);
    if (device_) {
        // Destroying (not only releasing) makes the device-lost callback run now, while this
        // object still exists, even if the program under test leaked references to the device.
        wgpuDeviceDestroy(device_);
        wgpuDeviceRelease(device_);
    }
    if (instance_) wgpuInstanceProcessEvents(instance_);
    if (adapter_) wgpuAdapterRelease(adapter_);
    if (instance_) wgpuInstanceRelease(instance_);
    queue_ = nullptr;
    device_ = nullptr;
    adapter_ = nullptr;
    instance_ = nullptr;
    enabled_features_.clear();
}

void Harness::on_uncaptured_error(WGPUDevice const*, WGPUErrorType type, WGPUStringView message,
                                  void* userdata1, void*) {
    Harness* self = static_cast<Harness*>(userdata1);
    std::string text = std::string(error_type_name(type)) + ": " + to_string(message);
    fprintf(stderr, "WebGPU %s\n", text.c_str());
    std::lock_guard<std::mutex> lock(self->mutex_);
    self->errors_.push_back(text);
}

void Harness::on_device_lost(WGPUDevice const* device, WGPUDeviceLostReason reason, WGPUStringView message,
                             void* userdata1, void*) {
    Harness* self = static_cast<Harness*>(userdata1);
    std::function<void(WGPUDevice, WGPUDeviceLostReason, const std::string&)> handler;
    std::string text;
    {
        std::lock_guard<std::mutex> lock(self->mutex_);
        if (self->shutting_down_) return;
        self->device_lost_ = true;
        self->device_lost_message_ = std::string(lost_reason_name(reason)) + ": " + to_string(message);
        fprintf(stderr, "WebGPU device lost (%s)\n", self->device_lost_message_.c_str());
        handler = self->device_lost_handler_;
        text = to_string(message);
    }
    if (handler) handler(device ? *device : nullptr, reason, text);
}

bool Harness::has_feature(WGPUFeatureName feature) const {
    return std::find(enabled_features_.begin(), enabled_features_.end(), feature) != enabled_features_.end();
}

int Harness::error_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return (int)errors_.size();
}

const std::vector<std::string>& Harness::errors() const { return errors_; }

void Harness::clear_errors() {
    std::lock_guard<std::mutex> lock(mutex_);
    errors_.clear();
}

bool Harness::device_lost() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return device_lost_;
}

std::string Harness::device_lost_message() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return device_lost_message_;
}

void Harness::submit(WGPUCommandEncoder encoder) {
    WGPUCommandBuffer commands = wgpuCommandEncoderFinish(encoder, nullptr);
    wgpuQueueSubmit(queue_, 1, &commands);
    wgpuCommandBufferRelease(commands);
    wgpuCommandEncoderRelease(encoder);
}

void Harness::wait_idle() {
    WGPUQueueWorkDoneCallbackInfo callback = {};
    callback.mode = WGPUCallbackMode_WaitAnyOnly;
    callback.callback = [](WGPUQueueWorkDoneStatus, WGPUStringView, void*, void*) {};
    wait(wgpuQueueOnSubmittedWorkDone(queue_, callback), "the queue");
}

void Harness::process_events() {
    if (instance_) wgpuInstanceProcessEvents(instance_);
}

WGPUTexture Harness::create_texture(uint32_t w, uint32_t h, WGPUTextureFormat format, uint32_t mip_levels,
                                    WGPUTextureUsage usage) {
    WGPUTextureDescriptor desc = {};
    desc.label = string_view("imwgpu harness texture");
    desc.usage = usage;
    desc.dimension = WGPUTextureDimension_2D;
    desc.size = {w, h, 1};
    desc.format = format;
    desc.mipLevelCount = mip_levels;
    desc.sampleCount = 1;
    return wgpuDeviceCreateTexture(device_, &desc);
}

WGPUTexture Harness::create_texture_rgba8(uint32_t w, uint32_t h, const uint8_t* rgba) {
    WGPUTexture texture = create_texture(w, h, WGPUTextureFormat_RGBA8Unorm);

    WGPUTexelCopyTextureInfo dst = {};
    dst.texture = texture;
    dst.aspect = WGPUTextureAspect_All;
    WGPUTexelCopyBufferLayout layout = {};
    layout.bytesPerRow = w * 4;
    layout.rowsPerImage = h;
    WGPUExtent3D extent = {w, h, 1};
    wgpuQueueWriteTexture(queue_, &dst, rgba, (size_t)w * h * 4, &layout, &extent);
    return texture;
}

WGPUTextureView Harness::create_texture_view_rgba8(uint32_t w, uint32_t h, const uint8_t* rgba) {
    WGPUTexture texture = create_texture_rgba8(w, h, rgba);
    WGPUTextureView view = wgpuTextureCreateView(texture, nullptr);
    wgpuTextureRelease(texture);
    return view;
}

WGPUTextureView Harness::create_solid_texture_view(uint32_t w, uint32_t h, uint32_t rgba8) {
    std::vector<uint8_t> pixels((size_t)w * h * 4);
    for (size_t i = 0; i < pixels.size(); i += 4) {
        pixels[i + 0] = (uint8_t)(rgba8 >> 0);
        pixels[i + 1] = (uint8_t)(rgba8 >> 8);
        pixels[i + 2] = (uint8_t)(rgba8 >> 16);
        pixels[i + 3] = (uint8_t)(rgba8 >> 24);
    }
    return create_texture_view_rgba8(w, h, pixels.data());
}

// --- Offscreen targets and read-back --------------------------------------------------------

namespace {

bool has_depth_or_stencil(WGPUTextureFormat fmt) {
    switch (fmt) {
    case WGPUTextureFormat_Stencil8:
    case WGPUTextureFormat_Depth16Unorm:
    case WGPUTextureFormat_Depth24Plus:
    case WGPUTextureFormat_Depth24PlusStencil8:
    case WGPUTextureFormat_Depth32Float:
    case WGPUTextureFormat_Depth32FloatStencil8: return true;
    default: return false;
    }
}

// A pass must leave the stencil operations of a format without stencil undefined.
bool has_stencil(WGPUTextureFormat fmt) {
    return fmt == WGPUTextureFormat_Stencil8 || fmt == WGPUTextureFormat_Depth24PlusStencil8 ||
           fmt == WGPUTextureFormat_Depth32FloatStencil8;
}

// Bytes per texel of the colour formats read_back_raw() copies; 0 for the others.
uint32_t texel_bytes(WGPUTextureFormat fmt) {
    switch (fmt) {
    case WGPUTextureFormat_RGBA8Unorm:
    case WGPUTextureFormat_RGBA8UnormSrgb:
    case WGPUTextureFormat_BGRA8Unorm:
    case WGPUTextureFormat_BGRA8UnormSrgb: return 4;
    case WGPUTextureFormat_RGBA16Float: return 8;
    case WGPUTextureFormat_RGBA32Float: return 16;
    default: return 0;
    }
}

}  // namespace

OffscreenTarget create_offscreen_target(Harness& harness, uint32_t w, uint32_t h, WGPUTextureFormat fmt,
                                        uint32_t sample_count) {
    OffscreenTarget t;
    WGPUTextureDescriptor desc = {};
    desc.label = string_view("imwgpu offscreen target");
    desc.usage = WGPUTextureUsage_RenderAttachment;
    if (sample_count == 1 && !has_depth_or_stencil(fmt))
        desc.usage |= WGPUTextureUsage_CopySrc | WGPUTextureUsage_TextureBinding;
    desc.dimension = WGPUTextureDimension_2D;
    desc.size = {w, h, 1};
    desc.format = fmt;
    desc.mipLevelCount = 1;
    desc.sampleCount = sample_count;
    t.texture = wgpuDeviceCreateTexture(harness.device(), &desc);
    t.view = wgpuTextureCreateView(t.texture, nullptr);
    t.width = w;
    t.height = h;
    t.format = fmt;
    t.sample_count = sample_count;
    return t;
}

void release_offscreen_target(OffscreenTarget& t) {
    if (t.view) wgpuTextureViewRelease(t.view);
    if (t.texture) wgpuTextureRelease(t.texture);
    t = OffscreenTarget();
}

WGPURenderPassEncoder begin_pass(WGPUCommandEncoder enc, const OffscreenTarget& t, bool clear,
                                 float r, float g, float b, float a, const PassAttachments& attachments) {
    WGPURenderPassColorAttachment color = {};
    color.view = t.view;
    color.depthSlice = WGPU_DEPTH_SLICE_UNDEFINED;
    color.loadOp = clear ? WGPULoadOp_Clear : WGPULoadOp_Load;
    color.storeOp = WGPUStoreOp_Store;
    color.clearValue = {r, g, b, a};
    if (attachments.resolve_target) {
        color.resolveTarget = attachments.resolve_target->view;
        color.storeOp = WGPUStoreOp_Discard;  // only the resolved image is wanted
    }
    WGPURenderPassDepthStencilAttachment depth_stencil = {};
    if (attachments.depth_stencil) {
        depth_stencil.view = attachments.depth_stencil->view;
        depth_stencil.depthLoadOp = WGPULoadOp_Clear;
        depth_stencil.depthStoreOp = WGPUStoreOp_Discard;
        depth_stencil.depthClearValue = 1.0f;
        if (has_stencil(attachments.depth_stencil->format)) {
            depth_stencil.stencilLoadOp = WGPULoadOp_Clear;
            depth_stencil.stencilStoreOp = WGPUStoreOp_Discard;
            depth_stencil.stencilClearValue = 0;
        }
    }
    WGPURenderPassDescriptor desc = {};
    desc.colorAttachmentCount = 1;
    desc.colorAttachments = &color;
    desc.depthStencilAttachment = attachments.depth_stencil ? &depth_stencil : nullptr;
    return wgpuCommandEncoderBeginRenderPass(enc, &desc);
}

uint32_t Image::pixel(uint32_t x, uint32_t y) const {
    const uint8_t* p = &rgba[((size_t)y * width + x) * 4];
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

std::vector<uint8_t> read_back_raw(Harness& harness, const OffscreenTarget& target) {
    const uint32_t bytes_per_texel = texel_bytes(target.format);
    if (bytes_per_texel == 0 || target.sample_count != 1) {
        fprintf(stderr, "imwgpu_harness: read_back supports single-sampled RGBA8, BGRA8, RGBA16Float and "
                        "RGBA32Float targets only\n");
        return {};
    }

    // Texture-to-buffer copies need rows aligned to 256 bytes.
    const uint32_t row_bytes = target.width * bytes_per_texel;
    const uint32_t padded_row_bytes = (row_bytes + 255) & ~255u;
    const uint64_t size = (uint64_t)padded_row_bytes * target.height;

    WGPUBufferDescriptor buffer_desc = {};
    buffer_desc.label = string_view("imwgpu read-back buffer");
    buffer_desc.usage = WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst;
    buffer_desc.size = size;
    WGPUBuffer buffer = wgpuDeviceCreateBuffer(harness.device(), &buffer_desc);

    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
    WGPUTexelCopyTextureInfo src = {};
    src.texture = target.texture;
    src.aspect = WGPUTextureAspect_All;
    WGPUTexelCopyBufferInfo dst = {};
    dst.buffer = buffer;
    dst.layout.bytesPerRow = padded_row_bytes;
    dst.layout.rowsPerImage = target.height;
    WGPUExtent3D extent = {target.width, target.height, 1};
    wgpuCommandEncoderCopyTextureToBuffer(encoder, &src, &dst, &extent);
    harness.submit(encoder);

    WGPUMapAsyncStatus map_status = WGPUMapAsyncStatus_Error;
    WGPUBufferMapCallbackInfo callback = {};
    callback.mode = WGPUCallbackMode_WaitAnyOnly;
    callback.callback = [](WGPUMapAsyncStatus status, WGPUStringView message, void* userdata1, void*) {
        *static_cast<WGPUMapAsyncStatus*>(userdata1) = status;
        if (status != WGPUMapAsyncStatus_Success)
            fprintf(stderr, "imwgpu_harness: mapping the read-back buffer failed: %s\n", to_string(message).c_str());
    };
    callback.userdata1 = &map_status;
    std::vector<uint8_t> texels;
    if (harness.wait(wgpuBufferMapAsync(buffer, WGPUMapMode_Read, 0, (size_t)size, callback), "the read-back") &&
        map_status == WGPUMapAsyncStatus_Success) {
        const uint8_t* mapped = static_cast<const uint8_t*>(wgpuBufferGetConstMappedRange(buffer, 0, (size_t)size));
        texels.resize((size_t)row_bytes * target.height);
        for (uint32_t y = 0; y < target.height; y++)
            memcpy(&texels[(size_t)y * row_bytes], mapped + (size_t)y * padded_row_bytes, row_bytes);
        wgpuBufferUnmap(buffer);
    }
    wgpuBufferRelease(buffer);
    return texels;
}

Image read_back(Harness& harness, const OffscreenTarget& target) {
    bool swap_red_blue;
    switch (target.format) {
    case WGPUTextureFormat_RGBA8Unorm:
    case WGPUTextureFormat_RGBA8UnormSrgb: swap_red_blue = false; break;
    case WGPUTextureFormat_BGRA8Unorm:
    case WGPUTextureFormat_BGRA8UnormSrgb: swap_red_blue = true; break;
    default:
        fprintf(stderr, "imwgpu_harness: read_back supports RGBA8 and BGRA8 targets only\n");
        return Image();
    }
    Image image;
    image.rgba = read_back_raw(harness, target);
    if (image.rgba.empty()) return Image();
    image.width = target.width;
    image.height = target.height;
    if (swap_red_blue)
        for (size_t i = 0; i < image.rgba.size(); i += 4) std::swap(image.rgba[i + 0], image.rgba[i + 2]);
    return image;
}

bool write_png(const Image& image, const std::string& path) {
    if (image.width == 0 || image.height == 0) return false;
    return stbi_write_png(path.c_str(), (int)image.width, (int)image.height, 4, image.rgba.data(),
                          (int)image.width * 4) != 0;
}

std::string to_string(WGPUStringView s) {
    if (!s.data) return std::string();
    return s.length == WGPU_STRLEN ? std::string(s.data) : std::string(s.data, s.length);
}

WGPUStringView string_view(const char* s) {
    WGPUStringView v = {};
    v.data = s;
    v.length = WGPU_STRLEN;
    return v;
}

}  // namespace imwgpu
