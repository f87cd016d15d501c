// Workloads of imwgpu-bench: fixed, seeded draw data, built once with Dear ImGui and then rendered
// unchanged by every mode (only churn's images change, the same way for every mode).
//
// The draw lists are clones (ImDrawList::CloneOutput) owned by the scenario, so they do not depend on
// any context being inside a frame, and every mode reads exactly the same bytes. Texture ids are plain
// WGPUTextureViews: the workload context's font atlas is just another image to the backends under test.

#pragma once

#include "imgui.h"

#include <webgpu/webgpu.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace imwgpu {
class Harness;
}

namespace imwgpu::bench {

// Texture ids are WGPUTextureViews. Through intptr_t: ImTextureID is void* before Dear ImGui 1.92, an integer after.
inline ImTextureID     texture_id(WGPUTextureView view) { return (ImTextureID)(intptr_t)view; }
inline WGPUTextureView texture_view(const ImDrawCmd& cmd) { return (WGPUTextureView)(intptr_t)cmd.GetTexID(); }

// The input of one RenderDrawData() call.
struct DrawCall {
    std::vector<ImDrawList*> lists;  // owned
    ImDrawData               data;   // points into `lists`

    DrawCall() = default;
    DrawCall(const DrawCall&) = delete;
    DrawCall& operator=(const DrawCall&) = delete;
    ~DrawCall();
};

struct Scenario {
    std::string                            name;
    std::string                            description;
    std::vector<std::unique_ptr<DrawCall>> calls;  // RenderDrawData() calls per frame, in order

    // Images the scenario created (one reference each), and for each the commands that draw it.
    std::vector<WGPUTextureView>          images;
    std::vector<std::vector<ImDrawCmd*>>  image_users;
    int                                   replaced_per_frame = 0;  // churn: images swapped for new ones each frame

    uint32_t draw_commands() const;  // commands that draw something, over all calls
    uint64_t vertices() const;
};

// The scenarios, in the order a full run measures them.
const std::vector<std::string>& scenario_names();

class WorkloadBuilder {
public:
    WorkloadBuilder() = default;
    WorkloadBuilder(const WorkloadBuilder&) = delete;
    WorkloadBuilder& operator=(const WorkloadBuilder&) = delete;
    ~WorkloadBuilder() { shutdown(); }

    // A Dear ImGui context of its own, sized like the render target, with its font atlas uploaded.
    void init(Harness& harness, uint32_t width, uint32_t height);
    void shutdown();

    // Builds a scenario by name (see scenario_names()); null for an unknown name.
    std::unique_ptr<Scenario> build(const std::string& name);

    // Churn: releases `replaced_per_frame` of the scenario's images (rotating through them) and points
    // their commands at new views of new colours. A no-op for every other scenario. Returns true when
    // texture ids changed.
    bool advance(Scenario& scenario, uint64_t frame);

    // Releases the scenario's images.
    void release_images(Scenario& scenario);

private:
    template <typename Ui>
    std::unique_ptr<DrawCall> capture(const Ui& ui);
    uint64_t        next_random();
    float           next_random01();  // [0, 1)
    WGPUTextureView make_image();
    void            make_images(Scenario& scenario, int count);
    void            index_image_users(Scenario& scenario);

    Harness*        harness_ = nullptr;
    ImGuiContext*   context_ = nullptr;
    WGPUTextureView font_view_ = nullptr;
    uint32_t        width_ = 0, height_ = 0;
    uint64_t        rng_state_ = 0;  // SplitMix64, reseeded for every scenario
};

}  // namespace imwgpu::bench
