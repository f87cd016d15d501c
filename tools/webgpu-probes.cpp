// webgpu-probes: checks, with the raw webgpu.h API and nothing of ours, four behaviours of a WebGPU
// implementation that the harness, the backend and every test rely on. Each probe prints one line,
// "ok    <name>" or "FAIL  <name>: <what was seen>", and what the specification says.
// tools/run-on-wgvk.sh builds and runs it before anything else, so that an implementation defect
// that would fail every test is named once instead of showing up as hundreds of failures.
//
//   adapter-backend-type   wgpuAdapterGetInfo() of a Vulkan adapter says backendType Vulkan
//   empty-view-formats     a texture with viewFormatCount 0 is created without a validation error
//   work-done-read-back    after wgpuQueueOnSubmittedWorkDone(), a mapped copy holds the data just written
//   dynamic-offsets        a dynamic-offset uniform binding reads at the offset passed to SetBindGroup,
//                          also when the caller's offset array changes right after the call
//
// Build: c++ -std=c++17 -I<folder of webgpu/webgpu.h> tools/webgpu-probes.cpp <library>
// Exit status: 0 when every probe passes, 1 when one fails, 2 when no device could be made.
#include <webgpu/webgpu.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

WGPUInstance g_instance = nullptr;
int          g_errors = 0;
std::string  g_last_error;

WGPUStringView sv(const char* s) {
    WGPUStringView v;
    v.data = s;
    v.length = WGPU_STRLEN;
    return v;
}

// Polls with a zero timeout, as the harness does: timed waits are an optional instance feature.
bool wait(WGPUFuture future) {
    for (long polls = 0; polls < 20000000; polls++) {
        WGPUFutureWaitInfo info = {};
        info.future = future;
        const WGPUWaitStatus status = wgpuInstanceWaitAny(g_instance, 1, &info, 0);
        if (status == WGPUWaitStatus_Success && info.completed) return true;
        if (status != WGPUWaitStatus_Success && status != WGPUWaitStatus_TimedOut) return false;
    }
    return false;
}

int g_failures = 0;
void report(const char* name, bool ok, const std::string& seen, const char* spec) {
    if (ok) {
        printf("ok    %s\n", name);
    } else {
        printf("FAIL  %s: %s\n      spec: %s\n", name, seen.c_str(), spec);
        g_failures++;
    }
}

void wait_work_done(WGPUQueue queue) {
    WGPUQueueWorkDoneCallbackInfo cb = {};
    cb.mode = WGPUCallbackMode_WaitAnyOnly;
    cb.callback = [](WGPUQueueWorkDoneStatus, WGPUStringView, void*, void*) {};
    wait(wgpuQueueOnSubmittedWorkDone(queue, cb));
}

// Maps `buffer` for reading and copies `size` bytes out.
std::vector<uint8_t> map_read(WGPUBuffer buffer, size_t size) {
    WGPUBufferMapCallbackInfo cb = {};
    cb.mode = WGPUCallbackMode_WaitAnyOnly;
    cb.callback = [](WGPUMapAsyncStatus, WGPUStringView, void*, void*) {};
    std::vector<uint8_t> out(size);
    if (wait(wgpuBufferMapAsync(buffer, WGPUMapMode_Read, 0, size, cb))) {
        const void* data = wgpuBufferGetConstMappedRange(buffer, 0, size);
        if (data) memcpy(out.data(), data, size);
        wgpuBufferUnmap(buffer);
    }
    return out;
}

WGPUBuffer make_buffer(WGPUDevice device, uint64_t size, WGPUBufferUsage usage) {
    WGPUBufferDescriptor desc = {};
    desc.size = size;
    desc.usage = usage;
    return wgpuDeviceCreateBuffer(device, &desc);
}

// An RGBA8Unorm 2D texture with no other view formats (viewFormatCount 0, the usual case).
WGPUTexture make_texture(WGPUDevice device, uint32_t w, uint32_t h, WGPUTextureUsage usage) {
    WGPUTextureDescriptor desc = {};
    desc.usage = usage;
    desc.dimension = WGPUTextureDimension_2D;
    desc.size = {w, h, 1};
    desc.format = WGPUTextureFormat_RGBA8Unorm;
    desc.mipLevelCount = 1;
    desc.sampleCount = 1;
    return wgpuDeviceCreateTexture(device, &desc);
}

void submit(WGPUQueue queue, WGPUCommandEncoder encoder) {
    WGPUCommandBuffer commands = wgpuCommandEncoderFinish(encoder, nullptr);
    wgpuQueueSubmit(queue, 1, &commands);
    wgpuCommandBufferRelease(commands);
    wgpuCommandEncoderRelease(encoder);
}

void probe_adapter_backend_type(WGPUAdapter adapter) {
    WGPUAdapterInfo info = {};
    const bool got = wgpuAdapterGetInfo(adapter, &info) == WGPUStatus_Success;
    const WGPUBackendType type = info.backendType;
    if (got) wgpuAdapterInfoFreeMembers(info);
    report("adapter-backend-type", got && type == WGPUBackendType_Vulkan,
           got ? "backendType is " + std::to_string((int)type) + ", not Vulkan (6), for a Vulkan adapter"
               : "wgpuAdapterGetInfo failed",
           "WGPUAdapterInfo.backendType names the adapter's backend");
}

void probe_empty_view_formats(WGPUDevice device) {
    const int errors_before = g_errors;
    WGPUTexture texture = make_texture(device, 4, 4, WGPUTextureUsage_TextureBinding | WGPUTextureUsage_CopyDst);
    if (texture) wgpuTextureRelease(texture);
    report("empty-view-formats", texture && g_errors == errors_before,
           texture ? "validation error: " + g_last_error : "wgpuDeviceCreateTexture returned null",
           "GPUTextureDescriptor.viewFormats defaults to an empty list: no view formats besides 'format'");
}

void probe_work_done_read_back(WGPUDevice device, WGPUQueue queue) {
    // What a test does: render (here: clear a target to a new colour), submit, wait for the work-done
    // callback; then read back: copy into a mappable buffer, submit, map, read. Several rounds with new
    // colours: a wait that returns before the GPU has run the submits shows up as an earlier colour.
    const uint32_t w = 1024, h = 1024;
    WGPUTexture texture = make_texture(device, w, h, WGPUTextureUsage_RenderAttachment | WGPUTextureUsage_CopySrc);
    WGPUTextureView view = wgpuTextureCreateView(texture, nullptr);
    std::string seen;
    for (uint32_t round = 1; round <= 8 && seen.empty(); round++) {
        WGPUBuffer read = make_buffer(device, (uint64_t)w * h * 4, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
        WGPURenderPassColorAttachment color = {};
        color.view = view;
        color.depthSlice = WGPU_DEPTH_SLICE_UNDEFINED;
        color.loadOp = WGPULoadOp_Clear;
        color.storeOp = WGPUStoreOp_Store;
        color.clearValue = {round / 255.0, 0, 0, 1};
        WGPURenderPassDescriptor pass_desc = {};
        pass_desc.colorAttachmentCount = 1;
        pass_desc.colorAttachments = &color;
        WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(device, nullptr);
        WGPURenderPassEncoder pass = wgpuCommandEncoderBeginRenderPass(encoder, &pass_desc);
        wgpuRenderPassEncoderEnd(pass);
        wgpuRenderPassEncoderRelease(pass);
        submit(queue, encoder);
        wait_work_done(queue);
        encoder = wgpuDeviceCreateCommandEncoder(device, nullptr);
        WGPUTexelCopyTextureInfo src = {};
        src.texture = texture;
        src.aspect = WGPUTextureAspect_All;
        WGPUTexelCopyBufferInfo dst = {};
        dst.buffer = read;
        dst.layout.bytesPerRow = w * 4;
        dst.layout.rowsPerImage = h;
        WGPUExtent3D extent = {w, h, 1};
        wgpuCommandEncoderCopyTextureToBuffer(encoder, &src, &dst, &extent);
        submit(queue, encoder);
        std::vector<uint8_t> px = map_read(read, (size_t)w * h * 4);
        wgpuBufferRelease(read);
        const uint8_t last_red = px[px.size() - 4];
        if (last_red != round) {
            char text[160];
            snprintf(text, sizeof(text), "round %u: the last pixel read back has red %u, cleared to %u", round, last_red, round);
            seen = text;
        }
    }
    wgpuTextureViewRelease(view);
    wgpuTextureRelease(texture);
    report("work-done-read-back", seen.empty(), seen,
           "onSubmittedWorkDone resolves once all work submitted so far has completed");
}

void probe_dynamic_offsets(WGPUDevice device, WGPUQueue queue) {
    // Two pixels, one draw each through a scissor rectangle: the first with dynamic offset 0 (red in
    // the uniform buffer), the second with offset 256 (green). The offset variable is reused for
    // both calls, as callers do with a local array.
    const char* wgsl =
        "struct U { color: vec4<f32> };\n"
        "@group(0) @binding(0) var<uniform> u: U;\n"
        "@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4<f32> {\n"
        "    let p = array<vec2<f32>, 3>(vec2<f32>(-1.0, -1.0), vec2<f32>(3.0, -1.0), vec2<f32>(-1.0, 3.0));\n"
        "    return vec4<f32>(p[i], 0.0, 1.0);\n"
        "}\n"
        "@fragment fn fs() -> @location(0) vec4<f32> { return u.color; }\n";
    WGPUShaderSourceWGSL source = {};
    source.chain.sType = WGPUSType_ShaderSourceWGSL;
    source.code = sv(wgsl);
    WGPUShaderModuleDescriptor module_desc = {};
    module_desc.nextInChain = &source.chain;
    WGPUShaderModule module = wgpuDeviceCreateShaderModule(device, &module_desc);

    WGPUBindGroupLayoutEntry entry = {};
    entry.binding = 0;
    entry.visibility = WGPUShaderStage_Fragment;
    entry.buffer.type = WGPUBufferBindingType_Uniform;
    entry.buffer.hasDynamicOffset = 1;
    entry.buffer.minBindingSize = 16;
    WGPUBindGroupLayoutDescriptor layout_desc = {};
    layout_desc.entryCount = 1;
    layout_desc.entries = &entry;
    WGPUBindGroupLayout bind_layout = wgpuDeviceCreateBindGroupLayout(device, &layout_desc);
    WGPUPipelineLayoutDescriptor pipeline_layout_desc = {};
    pipeline_layout_desc.bindGroupLayoutCount = 1;
    pipeline_layout_desc.bindGroupLayouts = &bind_layout;
    WGPUPipelineLayout pipeline_layout = wgpuDeviceCreatePipelineLayout(device, &pipeline_layout_desc);

    WGPUColorTargetState target_state = {};
    target_state.format = WGPUTextureFormat_RGBA8Unorm;
    target_state.writeMask = WGPUColorWriteMask_All;
    WGPUFragmentState fragment = {};
    fragment.module = module;
    fragment.entryPoint = sv("fs");
    fragment.targetCount = 1;
    fragment.targets = &target_state;
    WGPURenderPipelineDescriptor pipeline_desc = {};
    pipeline_desc.layout = pipeline_layout;
    pipeline_desc.vertex.module = module;
    pipeline_desc.vertex.entryPoint = sv("vs");
    pipeline_desc.primitive.topology = WGPUPrimitiveTopology_TriangleList;
    pipeline_desc.primitive.cullMode = WGPUCullMode_None;    // spelt out, as the backend does: WGVK reads
    pipeline_desc.primitive.frontFace = WGPUFrontFace_CCW;   // Undefined (the default) as something else
    pipeline_desc.multisample.count = 1;
    pipeline_desc.multisample.mask = 0xFFFFFFFFu;
    pipeline_desc.fragment = &fragment;
    WGPURenderPipeline pipeline = wgpuDeviceCreateRenderPipeline(device, &pipeline_desc);

    float uniform_data[128] = {};   // offset 0: red; offset 256 (float 64): green
    uniform_data[0] = uniform_data[3] = 1.0f;
    uniform_data[65] = uniform_data[67] = 1.0f;
    WGPUBuffer uniforms = make_buffer(device, sizeof(uniform_data), WGPUBufferUsage_Uniform | WGPUBufferUsage_CopyDst);
    wgpuQueueWriteBuffer(queue, uniforms, 0, uniform_data, sizeof(uniform_data));
    WGPUBindGroupEntry bind_entry = {};
    bind_entry.binding = 0;
    bind_entry.buffer = uniforms;
    bind_entry.size = 16;
    WGPUBindGroupDescriptor bind_desc = {};
    bind_desc.layout = bind_layout;
    bind_desc.entryCount = 1;
    bind_desc.entries = &bind_entry;
    WGPUBindGroup bind_group = wgpuDeviceCreateBindGroup(device, &bind_desc);

    WGPUTexture texture = make_texture(device, 2, 1, WGPUTextureUsage_RenderAttachment | WGPUTextureUsage_CopySrc);
    WGPUTextureView view = wgpuTextureCreateView(texture, nullptr);

    WGPURenderPassColorAttachment color = {};
    color.view = view;
    color.depthSlice = WGPU_DEPTH_SLICE_UNDEFINED;
    color.loadOp = WGPULoadOp_Clear;
    color.storeOp = WGPUStoreOp_Store;
    color.clearValue = {0, 0, 1, 1};   // blue: a draw that did not happen
    WGPURenderPassDescriptor pass_desc = {};
    pass_desc.colorAttachmentCount = 1;
    pass_desc.colorAttachments = &color;
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(device, nullptr);
    WGPURenderPassEncoder pass = wgpuCommandEncoderBeginRenderPass(encoder, &pass_desc);
    wgpuRenderPassEncoderSetPipeline(pass, pipeline);
    uint32_t offset = 0;
    for (uint32_t x = 0; x < 2; x++) {
        offset = x * 256;
        wgpuRenderPassEncoderSetBindGroup(pass, 0, bind_group, 1, &offset);
        wgpuRenderPassEncoderSetScissorRect(pass, x, 0, 1, 1);
        wgpuRenderPassEncoderDraw(pass, 3, 1, 0, 0);
    }
    offset = 0xdead00;   // the caller's array changes after the calls, as a local would
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);

    WGPUBuffer read = make_buffer(device, 256, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
    WGPUTexelCopyTextureInfo src = {};
    src.texture = texture;
    src.aspect = WGPUTextureAspect_All;
    WGPUTexelCopyBufferInfo dst = {};
    dst.buffer = read;
    dst.layout.bytesPerRow = 256;
    dst.layout.rowsPerImage = 1;
    WGPUExtent3D extent = {2, 1, 1};
    wgpuCommandEncoderCopyTextureToBuffer(encoder, &src, &dst, &extent);
    submit(queue, encoder);
    wait_work_done(queue);
    std::vector<uint8_t> px = map_read(read, 8);

    const bool ok = px[0] == 255 && px[1] == 0 && px[4] == 0 && px[5] == 255 && g_errors == 0;
    char seen[200];
    snprintf(seen, sizeof(seen), "pixels (%u,%u,%u) and (%u,%u,%u), expected red (offset 0) then green (offset 256)%s%s",
             px[0], px[1], px[2], px[4], px[5], px[6], g_errors ? "; error: " : "", g_errors ? g_last_error.c_str() : "");
    report("dynamic-offsets", ok, seen,
           "setBindGroup() reads dynamicOffsets during the call; a hasDynamicOffset binding is read at "
           "the bound offset plus the dynamic one");

    wgpuBufferRelease(read);
    wgpuTextureViewRelease(view);
    wgpuTextureRelease(texture);
    wgpuBindGroupRelease(bind_group);
    wgpuBufferRelease(uniforms);
    wgpuRenderPipelineRelease(pipeline);
    wgpuPipelineLayoutRelease(pipeline_layout);
    wgpuBindGroupLayoutRelease(bind_layout);
    wgpuShaderModuleRelease(module);
}

}  // namespace

int main() {
    setvbuf(stdout, nullptr, _IOLBF, 0);   // each verdict reaches the log even if a later probe crashes
    WGPUInstanceDescriptor instance_desc = {};
    g_instance = wgpuCreateInstance(&instance_desc);

    WGPURequestAdapterOptions adapter_opts = {};
    adapter_opts.backendType = WGPUBackendType_Vulkan;
    WGPUAdapter adapter = nullptr;
    WGPURequestAdapterCallbackInfo adapter_cb = {};
    adapter_cb.mode = WGPUCallbackMode_WaitAnyOnly;
    adapter_cb.callback = [](WGPURequestAdapterStatus, WGPUAdapter a, WGPUStringView, void* out, void*) {
        *static_cast<WGPUAdapter*>(out) = a;
    };
    adapter_cb.userdata1 = &adapter;
    if (!g_instance || !wait(wgpuInstanceRequestAdapter(g_instance, &adapter_opts, adapter_cb)) || !adapter) {
        printf("FAIL  no Vulkan adapter\n");
        return 2;
    }

    WGPUDeviceDescriptor device_desc = {};
    device_desc.uncapturedErrorCallbackInfo.callback = [](WGPUDevice const*, WGPUErrorType, WGPUStringView message,
                                                          void*, void*) {
        g_errors++;
        g_last_error = message.length == WGPU_STRLEN ? std::string(message.data ? message.data : "")
                                                     : std::string(message.data, message.length);
    };
    WGPUDevice device = nullptr;
    WGPURequestDeviceCallbackInfo device_cb = {};
    device_cb.mode = WGPUCallbackMode_WaitAnyOnly;
    device_cb.callback = [](WGPURequestDeviceStatus, WGPUDevice d, WGPUStringView, void* out, void*) {
        *static_cast<WGPUDevice*>(out) = d;
    };
    device_cb.userdata1 = &device;
    if (!wait(wgpuAdapterRequestDevice(adapter, &device_desc, device_cb)) || !device) {
        printf("FAIL  no device\n");
        return 2;
    }
    WGPUQueue queue = wgpuDeviceGetQueue(device);

    probe_adapter_backend_type(adapter);
    probe_empty_view_formats(device);
    g_errors = 0;
    probe_work_done_read_back(device, queue);
    probe_dynamic_offsets(device, queue);

    wgpuQueueRelease(queue);
    wgpuDeviceRelease(device);
    wgpuAdapterRelease(adapter);
    wgpuInstanceRelease(g_instance);
    return g_failures ? 1 : 0;
}
