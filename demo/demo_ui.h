// imwgpu-demo: the frame body, shared by every way of presenting it.
//
// DemoUi builds one frame of Dear ImGui windows (the Dear ImGui demo window, an image gallery and the
// backend's debug window) and owns the gallery's textures. It knows nothing about where the frame goes:
// the caller runs ImGui_ImplWGPU_NewFrame() + ImGui::NewFrame() before build(), and ImGui::Render() +
// ImGui_ImplWGPU_RenderDrawData() after it, into an offscreen target or a window.

#pragma once

#include <imgui.h>
#include <webgpu/webgpu.h>

#include <cstdint>

namespace imwgpu {
class Harness;
}

namespace imwgpu::demo {

// The gallery shows this many images; churn replaces kGalleryChurnPerFrame of them per frame, in turn,
// so every slot is replaced once every kGalleryImages / kGalleryChurnPerFrame frames.
constexpr int      kGalleryImages = 16;
constexpr int      kGalleryChurnPerFrame = 4;
constexpr uint32_t kGalleryImageSize = 64;  // texels per side

class DemoUi {
public:
    explicit DemoUi(Harness& harness) : harness_(harness) {}
    ~DemoUi() { release(); }
    DemoUi(const DemoUi&) = delete;
    DemoUi& operator=(const DemoUi&) = delete;

    // Creates the gallery's textures. Returns false if the harness could not make one.
    bool init();
    // Releases the gallery's textures (the backend may still pin some of them until it evicts or shuts down).
    void release();

    // Releases kGalleryChurnPerFrame gallery textures and puts new ones in their slots: the case where a
    // view's address is freed and, with Dawn, handed to the next view created. Returns false on failure.
    bool churn();
    // Builds this frame's windows, laid out to fill `display_size` (the layout is pinned every frame, so
    // frames are reproducible). Call between ImGui::NewFrame() and ImGui::Render().
    void build(ImVec2 display_size, bool churning);

    uint64_t textures_created() const { return textures_created_; }

private:
    // A procedural image, distinct per slot (hue) and per generation (pattern phase).
    WGPUTextureView make_image(int slot, uint32_t generation);
    void            build_gallery(bool churning);

    Harness&        harness_;
    WGPUTextureView views_[kGalleryImages] = {};
    uint32_t        generations_[kGalleryImages] = {};
    int             next_churn_slot_ = 0;
    uint64_t        textures_created_ = 0;
};

}  // namespace imwgpu::demo
