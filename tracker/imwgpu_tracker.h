// imwgpu_tracker: counts live WebGPU references per object type, without changing the code
// under test.
//
// How: imwgpu_tracker.cpp defines the wgpu* functions that create, AddRef and Release the
// types below. Linked into a program (CMake target imwgpu_tracker, an OBJECT library), those
// definitions take precedence over the WebGPU shared library's, so every call made by the
// program, the backend and the harness lands here first; each one counts and forwards to
// the real function, found once with dlsym(RTLD_NEXT, name).
//
// A reference is live from the call that returned it (Create*, BeginRenderPass, Finish,
// GetBindGroupLayout, SurfaceGetCurrentTexture, InstanceCreateSurface) or from an AddRef until its Release. A leak
// shows up as live() staying above its starting value. References Dawn keeps internally
// (a view keeps its texture alive, a bind group its layout) are not API references and are
// not counted.

#pragma once

#include <cstdint>
#include <string>

namespace imwgpu::tracker {

enum class ObjectType {
    BindGroup,
    BindGroupLayout,
    Buffer,
    Texture,
    TextureView,
    Sampler,
    RenderPipeline,
    PipelineLayout,
    ShaderModule,
    QuerySet,
    CommandEncoder,
    CommandBuffer,
    RenderPassEncoder,
    Surface,
    Count
};

// "bind_group", "buffer", ...: snake_case, used as JSON keys by the tools.
const char* object_type_name(ObjectType type);

struct Counts {
    int64_t created = 0;   // references returned by creating calls
    int64_t add_refs = 0;
    int64_t releases = 0;
    int64_t live() const { return created + add_refs - releases; }
};
Counts counts(ObjectType type);

// Live references of every type at one moment.
struct Snapshot {
    int64_t live[(int)ObjectType::Count] = {};
    int64_t operator[](ObjectType type) const { return live[(int)type]; }
};
Snapshot snapshot();

// "bind_group +2, texture_view -1" for each type whose live count differs; "" when none does.
// Made for test failure messages: EXPECT_EQ(describe_difference(before, snapshot()), "").
std::string describe_difference(const Snapshot& before, const Snapshot& after);

// Calls made per frame while encoding and uploading: counted (not tracked as objects) so that tests and the
// benchmark can see how many WebGPU calls a renderer makes for the same work.
enum class Call {
    SetPipeline,
    SetBindGroup,
    SetVertexBuffer,
    SetIndexBuffer,
    SetViewport,
    SetScissorRect,
    DrawIndexed,
    QueueWriteBuffer,
    QueueSubmit,
    CopyBufferToBuffer,
    Count
};
// "set_scissor_rect", "queue_write_buffer", ...: snake_case, used as JSON keys by the tools.
const char* call_name(Call call);
struct CallCounts {
    int64_t count[(int)Call::Count] = {};
    int64_t operator[](Call call) const { return count[(int)call]; }
    int64_t total() const;
    CallCounts operator-(const CallCounts& before) const;
};
CallCounts call_counts();
// The most bytes one wgpuQueueWriteBuffer() carried since the last call of this function (0: none was made).
uint64_t take_largest_queue_write_bytes();

// Returns true. Declared weak so that a program that may be built without the tracker can
// test `&imwgpu::tracker::is_linked != nullptr && imwgpu::tracker::is_linked()`.
__attribute__((weak)) bool is_linked();

}  // namespace imwgpu::tracker
