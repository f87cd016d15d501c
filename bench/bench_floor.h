// The floor of imwgpu-bench: the command stream our backend encodes for a draw data, encoded by a minimal
// loop with everything prepared beforehand. It is encode-only: uploads, bind group creation, texture
// lookups and clipping all happen in the untimed prepare calls, so encode() costs only the WebGPU calls
// that any renderer drawing the same commands must make.
//
// Same shape as the backend: one buffer holding [uniforms | vertices | indices] per call, bind group 0 =
// the dynamic-offset uniform buffer, bind group 1 = one texture + its sampler, the same shader, and per call
// the sequence SetViewport, SetVertexBuffer, SetIndexBuffer, SetPipeline, SetBindGroup(0), then per command
// SetBindGroup(1) when the texture changes, SetScissorRect when the clip rectangle changes, DrawIndexed. It follows the backend's layout
// by hand: the benchmark compares every mode's pixels, so a drift shows as an error, not as a quiet skew.
//
// The floor with its upload: the same bytes, already packed as the buffer holds them, moved to the GPU
// in the cheapest ways this WebGPU offers, timed with the encoding:
//   write   one wgpuQueueWriteBuffer() of the whole frame, in pieces of at most 4 MiB (Dawn copies the
//           bytes once on the CPU; larger writes cost it a fresh staging buffer each)
//   mapped  one memcpy into a staging buffer mapped beforehand (MapWrite | CopySrc), unmap, and a
//           CopyBufferToBuffer in a command buffer of its own, submitted before the pass (a renderer
//           has no other encoder it could record the copy into: it is handed a pass). Re-mapping the
//           staging buffer for the next frame happens outside the timed part.
//   gather  the same bytes taken from the draw lists again (a memcpy per list into one block of this
//           process), then written as `write` does: what a renderer pays that starts from Dear ImGui's
//           separate lists, as every backend does, and wants one write

#pragma once

#include "imgui.h"

#include <webgpu/webgpu.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace imwgpu {
class Harness;
}

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

    // Timed: uploads the packed bytes of upload_geometry() again, with one write.
    void upload_written();
    // Timed: gathers the same bytes from the calls' draw lists (a memcpy per list) into one block, then writes
    // it as upload_written() does.
    void upload_gathered(const std::vector<const ImDrawData*>& calls);
    // Untimed: maps the staging buffer for upload_mapped() (made on first use), waiting for the GPU.
    bool map_staging(Harness& harness);
    // Timed: copies the packed bytes into the mapped staging buffer and submits the copy into the buffer.
    void upload_mapped();
    uint64_t upload_bytes() const { return packed_.size(); }
    uint64_t staging_bytes() const { return staging_ ? packed_.size() : 0; }

    uint32_t bind_groups_made_by_last_prepare() const { return bind_groups_made_; }

private:
    void write_pieces(const uint8_t* bytes);  // packed_.size() bytes in pieces of at most 4 MiB

    struct Draw {
        WGPUBindGroup image_group;  // null: the texture did not change since the previous draw
        bool          set_scissor;  // false: the same rectangle as the previous draw of the call
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
    WGPUBuffer          staging_ = nullptr;  // MapWrite | CopySrc, for upload_mapped()
    void*               staging_data_ = nullptr;
    std::vector<uint8_t> packed_;
    std::vector<uint8_t> gathered_;  // upload_gathered()'s block, made by its first call
    uint32_t            uniform_alignment_ = 256;
    std::vector<Call>   calls_;
    std::unordered_map<WGPUTextureView, WGPUBindGroup> image_groups_;
    uint32_t            bind_groups_made_ = 0;
};

}  // namespace imwgpu::bench
