// imwgpu_tracker: see imwgpu_tracker.h.
//
// The definitions below replace the WebGPU library's functions of the same names for the
// whole program (the executable's own symbols come first in the dynamic lookup order), and
// forward to the originals. Only reference-counting entry points are wrapped: everything
// else binds straight to the library.
//
// With Emscripten the WebGPU implementation (emdawnwebgpu) is linked statically, so a definition
// of the same name would clash with it. There each wrapper is named __wrap_<name> and the program
// is linked with -Wl,--wrap=<name> for every name wrapped here: the linker sends every call to
// <name> to __wrap_<name>, and __real_<name> to the implementation. web/CMakeLists.txt reads the
// names from this file (IMWGPU_WRAPPER(...) and IMWGPU_TRACK_REFCOUNT(...)), so the list cannot
// drift from the wrappers.

#include "imwgpu_tracker.h"

#include <webgpu/webgpu.h>

#ifndef __EMSCRIPTEN__
#include <dlfcn.h>
#endif

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace imwgpu::tracker {

namespace {

constexpr int kTypeCount = (int)ObjectType::Count;
std::atomic<int64_t> g_created[kTypeCount];
std::atomic<int64_t> g_add_refs[kTypeCount];
std::atomic<int64_t> g_releases[kTypeCount];
std::atomic<int64_t> g_calls[(int)Call::Count];
std::atomic<uint64_t> g_largest_queue_write;

void count_call(Call call) {
    g_calls[(int)call].fetch_add(1, std::memory_order_relaxed);
}

void note_queue_write(uint64_t size) {
    uint64_t largest = g_largest_queue_write.load(std::memory_order_relaxed);
    while (size > largest && !g_largest_queue_write.compare_exchange_weak(largest, size, std::memory_order_relaxed)) {
    }
}

#ifndef __EMSCRIPTEN__
void* resolve(const char* name) {
    // RTLD_NEXT: the next definition after this program's, i.e. the WebGPU library's.
    void* fn = dlsym(RTLD_NEXT, name);
    if (!fn) {
        fprintf(stderr, "imwgpu_tracker: %s not found in the WebGPU library (%s)\n", name, dlerror());
        abort();
    }
    return fn;
}
#endif

void bump(std::atomic<int64_t>* counters, ObjectType type) {
    counters[(int)type].fetch_add(1, std::memory_order_relaxed);
}

template <typename T>
T count_created(ObjectType type, T object) {
    if (object) bump(g_created, type);
    return object;
}

}  // namespace

const char* call_name(Call call) {
    switch (call) {
    case Call::SetPipeline: return "set_pipeline";
    case Call::SetBindGroup: return "set_bind_group";
    case Call::SetVertexBuffer: return "set_vertex_buffer";
    case Call::SetIndexBuffer: return "set_index_buffer";
    case Call::SetViewport: return "set_viewport";
    case Call::SetScissorRect: return "set_scissor_rect";
    case Call::DrawIndexed: return "draw_indexed";
    case Call::QueueWriteBuffer: return "queue_write_buffer";
    case Call::QueueSubmit: return "queue_submit";
    case Call::CopyBufferToBuffer: return "copy_buffer_to_buffer";
    case Call::Count: break;
    }
    return "?";
}

int64_t CallCounts::total() const {
    int64_t sum = 0;
    for (int64_t n : count) sum += n;
    return sum;
}

CallCounts CallCounts::operator-(const CallCounts& before) const {
    CallCounts difference;
    for (int i = 0; i < (int)Call::Count; i++) difference.count[i] = count[i] - before.count[i];
    return difference;
}

CallCounts call_counts() {
    CallCounts counts;
    for (int i = 0; i < (int)Call::Count; i++) counts.count[i] = g_calls[i].load(std::memory_order_relaxed);
    return counts;
}

uint64_t take_largest_queue_write_bytes() {
    return g_largest_queue_write.exchange(0, std::memory_order_relaxed);
}

const char* object_type_name(ObjectType type) {
    switch (type) {
    case ObjectType::BindGroup: return "bind_group";
    case ObjectType::BindGroupLayout: return "bind_group_layout";
    case ObjectType::Buffer: return "buffer";
    case ObjectType::Texture: return "texture";
    case ObjectType::TextureView: return "texture_view";
    case ObjectType::Sampler: return "sampler";
    case ObjectType::RenderPipeline: return "render_pipeline";
    case ObjectType::PipelineLayout: return "pipeline_layout";
    case ObjectType::ShaderModule: return "shader_module";
    case ObjectType::QuerySet: return "query_set";
    case ObjectType::CommandEncoder: return "command_encoder";
    case ObjectType::CommandBuffer: return "command_buffer";
    case ObjectType::RenderPassEncoder: return "render_pass_encoder";
    case ObjectType::Surface: return "surface";
    case ObjectType::Count: break;
    }
    return "unknown";
}

Counts counts(ObjectType type) {
    Counts c;
    c.created = g_created[(int)type].load(std::memory_order_relaxed);
    c.add_refs = g_add_refs[(int)type].load(std::memory_order_relaxed);
    c.releases = g_releases[(int)type].load(std::memory_order_relaxed);
    return c;
}

Snapshot snapshot() {
    Snapshot s;
    for (int i = 0; i < kTypeCount; i++) s.live[i] = counts((ObjectType)i).live();
    return s;
}

std::string describe_difference(const Snapshot& before, const Snapshot& after) {
    std::string text;
    for (int i = 0; i < kTypeCount; i++) {
        const int64_t delta = after.live[i] - before.live[i];
        if (delta == 0) continue;
        if (!text.empty()) text += ", ";
        text += object_type_name((ObjectType)i);
        text += delta > 0 ? " +" : " ";
        text += std::to_string(delta);
    }
    return text;
}

bool is_linked() { return true; }

}  // namespace imwgpu::tracker

using imwgpu::tracker::ObjectType;
using imwgpu::tracker::count_created;

#ifdef __EMSCRIPTEN__
// The wrapper of `fn` and the implementation's `fn`, as the linker's --wrap names them.
#define IMWGPU_WRAPPER(fn) __wrap_##fn
#define IMWGPU_REAL(fn) __real_##fn
#define IMWGPU_DECLARE_REAL(fn) extern "C" decltype(fn) __real_##fn;
#else
// The wrapper has the function's own name; the real function is looked up on first use (thread-safe: a
// function-local static per call site).
#define IMWGPU_WRAPPER(fn) fn
#define IMWGPU_REAL(fn) \
    ([] { static const auto real = reinterpret_cast<decltype(&fn)>(imwgpu::tracker::resolve(#fn)); return real; }())
#define IMWGPU_DECLARE_REAL(fn)
#endif

// AddRef / Release of one type.
#define IMWGPU_TRACK_REFCOUNT(Type)                                                           \
    IMWGPU_DECLARE_REAL(wgpu##Type##AddRef)                                                   \
    IMWGPU_DECLARE_REAL(wgpu##Type##Release)                                                  \
    extern "C" void IMWGPU_WRAPPER(wgpu##Type##AddRef)(WGPU##Type object) {                   \
        if (object) imwgpu::tracker::bump(imwgpu::tracker::g_add_refs, ObjectType::Type);     \
        IMWGPU_REAL(wgpu##Type##AddRef)(object);                                              \
    }                                                                                         \
    extern "C" void IMWGPU_WRAPPER(wgpu##Type##Release)(WGPU##Type object) {                  \
        if (object) imwgpu::tracker::bump(imwgpu::tracker::g_releases, ObjectType::Type);     \
        IMWGPU_REAL(wgpu##Type##Release)(object);                                             \
    }

IMWGPU_TRACK_REFCOUNT(BindGroup)
IMWGPU_TRACK_REFCOUNT(BindGroupLayout)
IMWGPU_TRACK_REFCOUNT(Buffer)
IMWGPU_TRACK_REFCOUNT(Texture)
IMWGPU_TRACK_REFCOUNT(TextureView)
IMWGPU_TRACK_REFCOUNT(Sampler)
IMWGPU_TRACK_REFCOUNT(RenderPipeline)
IMWGPU_TRACK_REFCOUNT(PipelineLayout)
IMWGPU_TRACK_REFCOUNT(ShaderModule)
IMWGPU_TRACK_REFCOUNT(QuerySet)
IMWGPU_TRACK_REFCOUNT(CommandEncoder)
IMWGPU_TRACK_REFCOUNT(CommandBuffer)
IMWGPU_TRACK_REFCOUNT(RenderPassEncoder)
IMWGPU_TRACK_REFCOUNT(Surface)

// Every call that hands the caller a new reference. Dawn returns a (non-null) error object
// when validation fails; it must be released like any other, so it is counted too.

IMWGPU_DECLARE_REAL(wgpuDeviceCreateBindGroup)
extern "C" WGPUBindGroup IMWGPU_WRAPPER(wgpuDeviceCreateBindGroup)(WGPUDevice device, WGPUBindGroupDescriptor const* descriptor) {
    return count_created(ObjectType::BindGroup, IMWGPU_REAL(wgpuDeviceCreateBindGroup)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateBindGroupLayout)
extern "C" WGPUBindGroupLayout IMWGPU_WRAPPER(wgpuDeviceCreateBindGroupLayout)(WGPUDevice device,
                                                    WGPUBindGroupLayoutDescriptor const* descriptor) {
    return count_created(ObjectType::BindGroupLayout,
                         IMWGPU_REAL(wgpuDeviceCreateBindGroupLayout)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuRenderPipelineGetBindGroupLayout)
extern "C" WGPUBindGroupLayout IMWGPU_WRAPPER(wgpuRenderPipelineGetBindGroupLayout)(WGPURenderPipeline pipeline, uint32_t group_index) {
    return count_created(ObjectType::BindGroupLayout,
                         IMWGPU_REAL(wgpuRenderPipelineGetBindGroupLayout)(pipeline, group_index));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateBuffer)
extern "C" WGPUBuffer IMWGPU_WRAPPER(wgpuDeviceCreateBuffer)(WGPUDevice device, WGPUBufferDescriptor const* descriptor) {
    return count_created(ObjectType::Buffer, IMWGPU_REAL(wgpuDeviceCreateBuffer)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateTexture)
extern "C" WGPUTexture IMWGPU_WRAPPER(wgpuDeviceCreateTexture)(WGPUDevice device, WGPUTextureDescriptor const* descriptor) {
    return count_created(ObjectType::Texture, IMWGPU_REAL(wgpuDeviceCreateTexture)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuInstanceCreateSurface)
extern "C" WGPUSurface IMWGPU_WRAPPER(wgpuInstanceCreateSurface)(WGPUInstance instance, WGPUSurfaceDescriptor const* descriptor) {
    return count_created(ObjectType::Surface, IMWGPU_REAL(wgpuInstanceCreateSurface)(instance, descriptor));
}

// The swap chain's texture of this frame is a new reference the caller must release.
IMWGPU_DECLARE_REAL(wgpuSurfaceGetCurrentTexture)
extern "C" void IMWGPU_WRAPPER(wgpuSurfaceGetCurrentTexture)(WGPUSurface surface, WGPUSurfaceTexture* surface_texture) {
    IMWGPU_REAL(wgpuSurfaceGetCurrentTexture)(surface, surface_texture);
    count_created(ObjectType::Texture, surface_texture->texture);
}

IMWGPU_DECLARE_REAL(wgpuTextureCreateView)
extern "C" WGPUTextureView IMWGPU_WRAPPER(wgpuTextureCreateView)(WGPUTexture texture, WGPUTextureViewDescriptor const* descriptor) {
    return count_created(ObjectType::TextureView, IMWGPU_REAL(wgpuTextureCreateView)(texture, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateSampler)
extern "C" WGPUSampler IMWGPU_WRAPPER(wgpuDeviceCreateSampler)(WGPUDevice device, WGPUSamplerDescriptor const* descriptor) {
    return count_created(ObjectType::Sampler, IMWGPU_REAL(wgpuDeviceCreateSampler)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateRenderPipeline)
extern "C" WGPURenderPipeline IMWGPU_WRAPPER(wgpuDeviceCreateRenderPipeline)(WGPUDevice device, WGPURenderPipelineDescriptor const* descriptor) {
    return count_created(ObjectType::RenderPipeline,
                         IMWGPU_REAL(wgpuDeviceCreateRenderPipeline)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreatePipelineLayout)
extern "C" WGPUPipelineLayout IMWGPU_WRAPPER(wgpuDeviceCreatePipelineLayout)(WGPUDevice device, WGPUPipelineLayoutDescriptor const* descriptor) {
    return count_created(ObjectType::PipelineLayout,
                         IMWGPU_REAL(wgpuDeviceCreatePipelineLayout)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateShaderModule)
extern "C" WGPUShaderModule IMWGPU_WRAPPER(wgpuDeviceCreateShaderModule)(WGPUDevice device, WGPUShaderModuleDescriptor const* descriptor) {
    return count_created(ObjectType::ShaderModule, IMWGPU_REAL(wgpuDeviceCreateShaderModule)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateQuerySet)
extern "C" WGPUQuerySet IMWGPU_WRAPPER(wgpuDeviceCreateQuerySet)(WGPUDevice device, WGPUQuerySetDescriptor const* descriptor) {
    return count_created(ObjectType::QuerySet, IMWGPU_REAL(wgpuDeviceCreateQuerySet)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuDeviceCreateCommandEncoder)
extern "C" WGPUCommandEncoder IMWGPU_WRAPPER(wgpuDeviceCreateCommandEncoder)(WGPUDevice device, WGPUCommandEncoderDescriptor const* descriptor) {
    return count_created(ObjectType::CommandEncoder,
                         IMWGPU_REAL(wgpuDeviceCreateCommandEncoder)(device, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuCommandEncoderFinish)
extern "C" WGPUCommandBuffer IMWGPU_WRAPPER(wgpuCommandEncoderFinish)(WGPUCommandEncoder encoder, WGPUCommandBufferDescriptor const* descriptor) {
    return count_created(ObjectType::CommandBuffer, IMWGPU_REAL(wgpuCommandEncoderFinish)(encoder, descriptor));
}

IMWGPU_DECLARE_REAL(wgpuCommandEncoderBeginRenderPass)
extern "C" WGPURenderPassEncoder IMWGPU_WRAPPER(wgpuCommandEncoderBeginRenderPass)(WGPUCommandEncoder encoder,
                                                        WGPURenderPassDescriptor const* descriptor) {
    return count_created(ObjectType::RenderPassEncoder,
                         IMWGPU_REAL(wgpuCommandEncoderBeginRenderPass)(encoder, descriptor));
}

// Encoding and upload calls: counted, then forwarded unchanged.
using imwgpu::tracker::Call;

IMWGPU_DECLARE_REAL(wgpuRenderPassEncoderSetPipeline)
extern "C" void IMWGPU_WRAPPER(wgpuRenderPassEncoderSetPipeline)(WGPURenderPassEncoder pass, WGPURenderPipeline pipeline) {
    imwgpu::tracker::count_call(Call::SetPipeline);
    IMWGPU_REAL(wgpuRenderPassEncoderSetPipeline)(pass, pipeline);
}

IMWGPU_DECLARE_REAL(wgpuRenderPassEncoderSetBindGroup)
extern "C" void IMWGPU_WRAPPER(wgpuRenderPassEncoderSetBindGroup)(WGPURenderPassEncoder pass, uint32_t group_index, WGPUBindGroup group,
                                       size_t dynamic_offset_count, uint32_t const* dynamic_offsets) {
    imwgpu::tracker::count_call(Call::SetBindGroup);
    IMWGPU_REAL(wgpuRenderPassEncoderSetBindGroup)(pass, group_index, group, dynamic_offset_count, dynamic_offsets);
}

IMWGPU_DECLARE_REAL(wgpuRenderPassEncoderSetVertexBuffer)
extern "C" void IMWGPU_WRAPPER(wgpuRenderPassEncoderSetVertexBuffer)(WGPURenderPassEncoder pass, uint32_t slot, WGPUBuffer buffer, uint64_t offset,
                                          uint64_t size) {
    imwgpu::tracker::count_call(Call::SetVertexBuffer);
    IMWGPU_REAL(wgpuRenderPassEncoderSetVertexBuffer)(pass, slot, buffer, offset, size);
}

IMWGPU_DECLARE_REAL(wgpuRenderPassEncoderSetIndexBuffer)
extern "C" void IMWGPU_WRAPPER(wgpuRenderPassEncoderSetIndexBuffer)(WGPURenderPassEncoder pass, WGPUBuffer buffer, WGPUIndexFormat format,
                                         uint64_t offset, uint64_t size) {
    imwgpu::tracker::count_call(Call::SetIndexBuffer);
    IMWGPU_REAL(wgpuRenderPassEncoderSetIndexBuffer)(pass, buffer, format, offset, size);
}

IMWGPU_DECLARE_REAL(wgpuRenderPassEncoderSetViewport)
extern "C" void IMWGPU_WRAPPER(wgpuRenderPassEncoderSetViewport)(WGPURenderPassEncoder pass, float x, float y, float width, float height,
                                      float min_depth, float max_depth) {
    imwgpu::tracker::count_call(Call::SetViewport);
    IMWGPU_REAL(wgpuRenderPassEncoderSetViewport)(pass, x, y, width, height, min_depth, max_depth);
}

IMWGPU_DECLARE_REAL(wgpuRenderPassEncoderSetScissorRect)
extern "C" void IMWGPU_WRAPPER(wgpuRenderPassEncoderSetScissorRect)(WGPURenderPassEncoder pass, uint32_t x, uint32_t y, uint32_t width,
                                         uint32_t height) {
    imwgpu::tracker::count_call(Call::SetScissorRect);
    IMWGPU_REAL(wgpuRenderPassEncoderSetScissorRect)(pass, x, y, width, height);
}

IMWGPU_DECLARE_REAL(wgpuRenderPassEncoderDrawIndexed)
extern "C" void IMWGPU_WRAPPER(wgpuRenderPassEncoderDrawIndexed)(WGPURenderPassEncoder pass, uint32_t index_count, uint32_t instance_count,
                                      uint32_t first_index, int32_t base_vertex, uint32_t first_instance) {
    imwgpu::tracker::count_call(Call::DrawIndexed);
    IMWGPU_REAL(wgpuRenderPassEncoderDrawIndexed)(pass, index_count, instance_count, first_index, base_vertex,
                                                  first_instance);
}

IMWGPU_DECLARE_REAL(wgpuQueueWriteBuffer)
extern "C" void IMWGPU_WRAPPER(wgpuQueueWriteBuffer)(WGPUQueue queue, WGPUBuffer buffer, uint64_t offset, void const* data, size_t size) {
    imwgpu::tracker::count_call(Call::QueueWriteBuffer);
    imwgpu::tracker::note_queue_write(size);
    IMWGPU_REAL(wgpuQueueWriteBuffer)(queue, buffer, offset, data, size);
}

IMWGPU_DECLARE_REAL(wgpuQueueSubmit)
extern "C" void IMWGPU_WRAPPER(wgpuQueueSubmit)(WGPUQueue queue, size_t command_count, WGPUCommandBuffer const* commands) {
    imwgpu::tracker::count_call(Call::QueueSubmit);
    IMWGPU_REAL(wgpuQueueSubmit)(queue, command_count, commands);
}

IMWGPU_DECLARE_REAL(wgpuCommandEncoderCopyBufferToBuffer)
extern "C" void IMWGPU_WRAPPER(wgpuCommandEncoderCopyBufferToBuffer)(WGPUCommandEncoder encoder, WGPUBuffer source, uint64_t source_offset,
                                          WGPUBuffer destination, uint64_t destination_offset, uint64_t size) {
    imwgpu::tracker::count_call(Call::CopyBufferToBuffer);
    IMWGPU_REAL(wgpuCommandEncoderCopyBufferToBuffer)(encoder, source, source_offset, destination, destination_offset,
                                                      size);
}
