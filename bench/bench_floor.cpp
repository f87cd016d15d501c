// The floor of imwgpu-bench. See bench_floor.h.

#include "bench_floor.h"

#include "bench_workloads.h"
#include "imgui_layout_pipeline.h"
#include "imwgpu_harness.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace imwgpu::bench {

namespace {

const uint64_t kUniformSize = kImGuiUniformSize;

// The backend's fragment stage in effect, so that the GPU does the same work per pixel and the modes' pixels can
// be compared: ImGui's colour times the texel, decoded from sRGB only for *Srgb targets (never here: RGBA8Unorm).
const char kFragment[] = R"(
@fragment fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    let c = in.color * textureSample(image, image_sampler, in.uv);
    if (uniforms.srgb_target == 0.0) {
        return c;
    }
    let decoded = select(pow((c.rgb + 0.055) / 1.055, vec3<f32>(2.4)), c.rgb / 12.92, c.rgb <= vec3<f32>(0.04045));
    return vec4<f32>(decoded, c.a);
}
)";

uint64_t align_up(uint64_t value, uint64_t alignment) { return (value + alignment - 1) / alignment * alignment; }

uint32_t framebuffer_extent(float display, float scale) {
    const float extent = display * scale;
    return extent >= 1.0f ? (uint32_t)extent : 0;
}

// The call's vertex arrays one after the other at `vtx`, its index arrays at `idx`: the buffer's layout.
void copy_lists(const ImDrawData* dd, uint8_t* vtx, uint8_t* idx) {
    for (int n = 0; n < dd->CmdListsCount; n++) {
        const ImDrawList* list = dd->CmdLists[n];
        memcpy(vtx, list->VtxBuffer.Data, (size_t)list->VtxBuffer.size_in_bytes());
        memcpy(idx, list->IdxBuffer.Data, (size_t)list->IdxBuffer.size_in_bytes());
        vtx += list->VtxBuffer.size_in_bytes();
        idx += list->IdxBuffer.size_in_bytes();
    }
}

}  // namespace

void FloorRenderer::init(WGPUDevice device, WGPUTextureFormat target_format) {
    device_ = device;
    wgpuDeviceAddRef(device_);
    queue_ = wgpuDeviceGetQueue(device_);
    WGPULimits limits = {};
    if (wgpuDeviceGetLimits(device_, &limits) == WGPUStatus_Success)
        uniform_alignment_ = limits.minUniformBufferOffsetAlignment;

    const ImGuiLayoutPipeline pipeline = create_imgui_layout_pipeline(device_, target_format, kFragment, "fs_main", "floor");
    pipeline_ = pipeline.pipeline;
    uniform_layout_ = pipeline.uniform_layout;
    image_layout_ = pipeline.image_layout;

    // The backend's default sampler for an image: linear, clamped, first mip level only.
    WGPUSamplerDescriptor sampler_desc = {};
    sampler_desc.addressModeU = sampler_desc.addressModeV = sampler_desc.addressModeW = WGPUAddressMode_ClampToEdge;
    sampler_desc.magFilter = sampler_desc.minFilter = WGPUFilterMode_Linear;
    sampler_desc.mipmapFilter = WGPUMipmapFilterMode_Nearest;
    sampler_desc.lodMaxClamp = 0.0f;
    sampler_desc.maxAnisotropy = 1;
    sampler_ = wgpuDeviceCreateSampler(device_, &sampler_desc);
}

void FloorRenderer::shutdown() {
    for (auto& entry : image_groups_)
        wgpuBindGroupRelease(entry.second);
    image_groups_.clear();
    calls_.clear();
    if (uniform_group_) wgpuBindGroupRelease(uniform_group_);
    if (buffer_) wgpuBufferRelease(buffer_);
    if (staging_) wgpuBufferRelease(staging_);
    staging_ = nullptr;
    staging_data_ = nullptr;
    packed_.clear();
    if (sampler_) wgpuSamplerRelease(sampler_);
    if (pipeline_) wgpuRenderPipelineRelease(pipeline_);
    if (image_layout_) wgpuBindGroupLayoutRelease(image_layout_);
    if (uniform_layout_) wgpuBindGroupLayoutRelease(uniform_layout_);
    if (queue_) wgpuQueueRelease(queue_);
    if (device_) wgpuDeviceRelease(device_);
    uniform_group_ = nullptr;
    buffer_ = nullptr;
    sampler_ = nullptr;
    pipeline_ = nullptr;
    image_layout_ = uniform_layout_ = nullptr;
    queue_ = nullptr;
    device_ = nullptr;
}

void FloorRenderer::upload_geometry(const std::vector<const ImDrawData*>& calls) {
    // Lay the calls out as the backend's arena does: each call at an aligned offset, [uniforms | vertices | indices].
    calls_.assign(calls.size(), Call());
    uint64_t size = 0;
    for (size_t c = 0; c < calls.size(); c++) {
        const ImDrawData* dd = calls[c];
        Call& call = calls_[c];
        call.fb_width = framebuffer_extent(dd->DisplaySize.x, dd->FramebufferScale.x);
        call.fb_height = framebuffer_extent(dd->DisplaySize.y, dd->FramebufferScale.y);
        call.uniform_offset = (uint32_t)align_up(size, uniform_alignment_);
        call.vertex_offset = call.uniform_offset + kUniformSize;
        call.vertex_size = (uint64_t)dd->TotalVtxCount * sizeof(ImDrawVert);
        call.index_offset = call.vertex_offset + call.vertex_size;
        call.index_size = (uint64_t)dd->TotalIdxCount * sizeof(ImDrawIdx);
        size = call.index_offset + align_up(call.index_size, 4);
    }
    std::vector<uint8_t>& data = packed_;
    data.assign((size_t)size, 0);
    gathered_.clear();  // upload_gathered() sizes it again on its first call
    for (size_t c = 0; c < calls.size(); c++) {
        const ImDrawData* dd = calls[c];
        const Call& call = calls_[c];
        const float l = dd->DisplayPos.x, r = dd->DisplayPos.x + dd->DisplaySize.x;
        const float t = dd->DisplayPos.y, b = dd->DisplayPos.y + dd->DisplaySize.y;
        const float uniforms[20] = {
            2.0f / (r - l),    0.0f,              0.0f, 0.0f,
            0.0f,              2.0f / (t - b),    0.0f, 0.0f,
            0.0f,              0.0f,              0.5f, 0.0f,
            (r + l) / (l - r), (t + b) / (b - t), 0.5f, 1.0f,
            0.0f,              0.0f,              0.0f, 0.0f,  // srgb_target: no
        };
        memcpy(&data[call.uniform_offset], uniforms, sizeof(uniforms));
        copy_lists(dd, &data[call.vertex_offset], &data[call.index_offset]);
    }

    if (uniform_group_) wgpuBindGroupRelease(uniform_group_);
    if (buffer_) wgpuBufferRelease(buffer_);
    if (staging_) wgpuBufferRelease(staging_);
    staging_ = nullptr;
    staging_data_ = nullptr;
    WGPUBufferDescriptor buffer_desc = {};
    buffer_desc.label = string_view("floor geometry");
    buffer_desc.usage = WGPUBufferUsage_CopyDst | WGPUBufferUsage_Vertex | WGPUBufferUsage_Index | WGPUBufferUsage_Uniform;
    buffer_desc.size = size;
    buffer_ = wgpuDeviceCreateBuffer(device_, &buffer_desc);
    wgpuQueueWriteBuffer(queue_, buffer_, 0, data.data(), data.size());

    WGPUBindGroupEntry entry = {};
    entry.binding = 0;
    entry.buffer = buffer_;
    entry.size = kUniformSize;
    WGPUBindGroupDescriptor group_desc = {};
    group_desc.layout = uniform_layout_;
    group_desc.entryCount = 1;
    group_desc.entries = &entry;
    uniform_group_ = wgpuDeviceCreateBindGroup(device_, &group_desc);
}

void FloorRenderer::prepare_commands(const std::vector<const ImDrawData*>& calls) {
    bind_groups_made_ = 0;
    std::unordered_map<WGPUTextureView, WGPUBindGroup> groups;
    // The map's bind groups keep their views alive, so no key can be an address reused by a newer view.
    auto group_for = [&](WGPUTextureView view) {
        auto used = groups.find(view);
        if (used != groups.end()) return used->second;
        WGPUBindGroup group;
        auto known = image_groups_.find(view);
        if (known != image_groups_.end()) {
            group = known->second;
            image_groups_.erase(known);
        } else {
            WGPUBindGroupEntry entries[2] = {};
            entries[0].binding = 0;
            entries[0].textureView = view;
            entries[1].binding = 1;
            entries[1].sampler = sampler_;
            WGPUBindGroupDescriptor desc = {};
            desc.layout = image_layout_;
            desc.entryCount = 2;
            desc.entries = entries;
            group = wgpuDeviceCreateBindGroup(device_, &desc);
            bind_groups_made_++;
        }
        groups[view] = group;
        return group;
    };

    for (size_t c = 0; c < calls.size(); c++) {
        const ImDrawData* dd = calls[c];
        Call& call = calls_[c];
        call.draws.clear();
        const float fb_w = (float)call.fb_width, fb_h = (float)call.fb_height;
        WGPUTextureView bound = nullptr;
        const Draw* previous = nullptr;
        uint32_t vtx_base = 0, idx_base = 0;
        for (int n = 0; n < dd->CmdListsCount; n++) {
            const ImDrawList* list = dd->CmdLists[n];
            for (const ImDrawCmd& cmd : list->CmdBuffer) {
                // The same commands the backend draws: no callbacks here, and empty or off-target clips skipped.
                if (cmd.UserCallback || cmd.ElemCount == 0)
                    continue;
                const WGPUTextureView view = texture_view(cmd);
                if (!view)
                    continue;
                const float x0 = std::max((cmd.ClipRect.x - dd->DisplayPos.x) * dd->FramebufferScale.x, 0.0f);
                const float y0 = std::max((cmd.ClipRect.y - dd->DisplayPos.y) * dd->FramebufferScale.y, 0.0f);
                const float x1 = std::min((cmd.ClipRect.z - dd->DisplayPos.x) * dd->FramebufferScale.x, fb_w);
                const float y1 = std::min((cmd.ClipRect.w - dd->DisplayPos.y) * dd->FramebufferScale.y, fb_h);
                if (!(x1 > x0) || !(y1 > y0))
                    continue;
                Draw draw;
                draw.image_group = view != bound ? group_for(view) : nullptr;
                bound = view;
                draw.x = (uint32_t)x0;
                draw.y = (uint32_t)y0;
                draw.w = (uint32_t)x1 - draw.x;
                draw.h = (uint32_t)y1 - draw.y;
                draw.set_scissor = !previous || previous->x != draw.x || previous->y != draw.y ||
                                   previous->w != draw.w || previous->h != draw.h;
                draw.index_count = cmd.ElemCount;
                draw.first_index = cmd.IdxOffset + idx_base;
                draw.base_vertex = (int32_t)(cmd.VtxOffset + vtx_base);
                call.draws.push_back(draw);
                previous = &call.draws.back();
            }
            vtx_base += (uint32_t)list->VtxBuffer.Size;
            idx_base += (uint32_t)list->IdxBuffer.Size;
        }
    }
    for (auto& stale : image_groups_)
        wgpuBindGroupRelease(stale.second);
    image_groups_.swap(groups);
}

// Not inlined, so that callgrind's --toggle-collect can find it by name.
__attribute__((noinline)) void FloorRenderer::encode(WGPURenderPassEncoder pass) const {
    const WGPUIndexFormat index_format = sizeof(ImDrawIdx) == 2 ? WGPUIndexFormat_Uint16 : WGPUIndexFormat_Uint32;
    for (const Call& call : calls_) {
        wgpuRenderPassEncoderSetViewport(pass, 0.0f, 0.0f, (float)call.fb_width, (float)call.fb_height, 0.0f, 1.0f);
        wgpuRenderPassEncoderSetVertexBuffer(pass, 0, buffer_, call.vertex_offset, call.vertex_size);
        wgpuRenderPassEncoderSetIndexBuffer(pass, buffer_, index_format, call.index_offset, call.index_size);
        wgpuRenderPassEncoderSetPipeline(pass, pipeline_);
        wgpuRenderPassEncoderSetBindGroup(pass, 0, uniform_group_, 1, &call.uniform_offset);
        for (const Draw& draw : call.draws) {
            if (draw.image_group)
                wgpuRenderPassEncoderSetBindGroup(pass, 1, draw.image_group, 0, nullptr);
            if (draw.set_scissor) wgpuRenderPassEncoderSetScissorRect(pass, draw.x, draw.y, draw.w, draw.h);
            wgpuRenderPassEncoderDrawIndexed(pass, draw.index_count, 1, draw.first_index, draw.base_vertex, 0);
        }
    }
}

// In pieces of at most 4 MiB: Dawn copies a write into its recycled 4 MiB upload buffers, while a larger write gets
// a staging buffer of its own, new memory every time (on SwiftShader, page faults), which costs more than the copy.
void FloorRenderer::write_pieces(const uint8_t* bytes) {
    const size_t kPiece = 4 * 1024 * 1024;
    for (size_t offset = 0; offset < packed_.size(); offset += kPiece)
        wgpuQueueWriteBuffer(queue_, buffer_, offset, bytes + offset, std::min(kPiece, packed_.size() - offset));
}

__attribute__((noinline)) void FloorRenderer::upload_written() { write_pieces(packed_.data()); }

__attribute__((noinline)) void FloorRenderer::upload_gathered(const std::vector<const ImDrawData*>& calls) {
    // Made on the first call, a warm-up frame, and only for runs of this mode: it is as large as the frame's upload.
    // The alignment gaps it never copies into stay zero, as in packed_.
    if (gathered_.size() != packed_.size()) gathered_.assign(packed_.size(), 0);
    uint8_t* block = gathered_.data();
    for (size_t c = 0; c < calls.size(); c++) {
        const ImDrawData* dd = calls[c];
        const Call& call = calls_[c];
        memcpy(block + call.uniform_offset, packed_.data() + call.uniform_offset, kUniformSize);
        copy_lists(dd, block + call.vertex_offset, block + call.index_offset);
    }
    write_pieces(block);
}

bool FloorRenderer::map_staging(Harness& harness) {
    if (staging_data_) return true;
    if (!staging_) {
        WGPUBufferDescriptor desc = {};
        desc.label = string_view("floor staging");
        desc.usage = WGPUBufferUsage_MapWrite | WGPUBufferUsage_CopySrc;
        desc.size = packed_.size();
        desc.mappedAtCreation = 1;
        staging_ = wgpuDeviceCreateBuffer(device_, &desc);
    } else {
        WGPUMapAsyncStatus status = WGPUMapAsyncStatus_Error;
        WGPUBufferMapCallbackInfo callback = {};
        callback.mode = WGPUCallbackMode_WaitAnyOnly;
        callback.callback = [](WGPUMapAsyncStatus s, WGPUStringView, void* userdata1, void*) {
            *static_cast<WGPUMapAsyncStatus*>(userdata1) = s;
        };
        callback.userdata1 = &status;
        if (!harness.wait(wgpuBufferMapAsync(staging_, WGPUMapMode_Write, 0, packed_.size(), callback), "staging") ||
            status != WGPUMapAsyncStatus_Success)
            return false;
    }
    staging_data_ = wgpuBufferGetMappedRange(staging_, 0, packed_.size());
    return staging_data_ != nullptr;
}

__attribute__((noinline)) void FloorRenderer::upload_mapped() {
    memcpy(staging_data_, packed_.data(), packed_.size());
    wgpuBufferUnmap(staging_);
    staging_data_ = nullptr;
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(device_, nullptr);
    wgpuCommandEncoderCopyBufferToBuffer(encoder, staging_, 0, buffer_, 0, packed_.size());
    WGPUCommandBuffer commands = wgpuCommandEncoderFinish(encoder, nullptr);
    wgpuQueueSubmit(queue_, 1, &commands);
    wgpuCommandBufferRelease(commands);
    wgpuCommandEncoderRelease(encoder);
}

}  // namespace imwgpu::bench
