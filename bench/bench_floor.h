// The floor of imwgpu-bench: the command stream our backend encodes for a draw data, encoded by a minimal
// loop with everything prepared beforehand. It is encode-only: uploads, bind group creation, texture
// lookups and clipping all happen in the untimed prepare calls, so encode() costs only the WebGPU calls
// that any renderer drawing the same commands must make.
//
// Same shape as the backend: one buffer holding [uniforms | vertices | indices] per call, bind group 0 =
// the dynamic-offset uniform buffer, bind group 1 = one texture + its sampler, the same shader, and per call
// the sequence SetViewport, SetVertexBuffer, SetIndexBuffer, SetPipeline, SetBindGroup(0), then per command
// SetBindGroup(1) when the texture changes, SetScissorRect, DrawIndexed. It follows the backend's layout
// by hand: the benchmark compares every mode's pixels, so a drift shows as an error, not as a quiet skew.

#pragma once

#include "imgui.h"

#include <webgpu/webgpu.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace imwgpu::bench {

class FloorRenderer {
public:
    FloorRenderer() = default;
    FloorRenderer(const FloorRenderer&) = delete;
    FloorRenderer& operator=(const FloorRenderer&) = delete;
    ~FloorRenderer() { shutdown(); }

    void init(WGPUDevice device, WGPUTextureFormat target_format);
    void shutdown();

    // Untimed. Uploads the vertices, indices and uniforms of the calls, one region per call.
    void upload_geometry(const std::vector<const ImDrawData*>& calls);
    // Untimed. Turns every command into ready-made arguments, with a bind group per texture (made here
    // for views not seen before, released for views no longer drawn). Call again when texture ids change.
    void prepare_commands(const std::vector<const ImDrawData*>& calls);

    // Timed: encodes every call into `pass`.
    void encode(WGPURenderPassEncoder pass) const;

    uint32_t bind_groups_made_by_last_prepare() const { return bind_groups_made_; }

private:
    struct Draw {
        WGPUBindGroup image_group;  // null: the texture did not change since the previous draw
        uint32_t      x, y, w, h;
        uint32_t      index_count, first_index;
        int32_t       base_vertex;
    };
    struct Call {
        uint32_t          fb_width = 0, fb_height = 0;
        uint32_t          uniform_offset = 0;
        uint64_t          vertex_offset = 0, vertex_size = 0;
        uint64_t          index_offset = 0, index_size = 0;
        std::vector<Draw> draws;
    };

    WGPUDevice          device_ = nullptr;
    WGPUQueue           queue_ = nullptr;
    WGPUBindGroupLayout uniform_layout_ = nullptr;
    WGPUBindGroupLayout image_layout_ = nullptr;
    WGPURenderPipeline  pipeline_ = nullptr;
    WGPUSampler         sampler_ = nullptr;
    WGPUBuffer          buffer_ = nullptr;
    WGPUBindGroup       uniform_group_ = nullptr;
    uint32_t            uniform_alignment_ = 256;
    std::vector<Call>   calls_;
    std::unordered_map<WGPUTextureView, WGPUBindGroup> image_groups_;
    uint32_t            bind_groups_made_ = 0;
};

}  // namespace imwgpu::bench
