// imwgpu-demo: the frame body, shared by every way of presenting it.
//
// DemoUi builds one frame of Dear ImGui windows and owns the textures they show:
// - the Dear ImGui demo window;
// - an image gallery whose textures can be replaced while it is shown (released, then new ones created):
//   the case where a view's address is freed and, with Dawn, handed to the next view created;
// - a render-to-texture viewport: DemoUi draws into its own texture, sized to the viewport window's content
//   region, and shows it with ImGui::Image(). When the window's size changes the texture and its view are
//   released and new ones created, every frame while it is being resized: the case that crashed upstream;
// - the backend's debug window (ImGui_ImplWGPU_ShowDebugWindow()), with the tracker's live object counts.
//
// It knows nothing about where the frame goes. Per frame the caller runs update_textures(), then
// ImGui_ImplWGPU_NewFrame() + ImGui::NewFrame(), build(), ImGui::Render(), then render_viewport() and
// ImGui_ImplWGPU_RenderDrawData() into one command encoder (an offscreen target or a window's surface).

#pragma once

#include <imgui.h>
#include <imgui_impl_wgpu.h>
#include <imwgpu_harness.h>
#include <webgpu/webgpu.h>

#include <cstdint>

namespace imwgpu::demo {

// The gallery shows this many images; churn replaces kGalleryChurnPerFrame of them per frame, in turn,
// so every slot is replaced once every kGalleryImages / kGalleryChurnPerFrame frames.
constexpr int      kGalleryImages = 16;
constexpr int      kGalleryChurnPerFrame = 4;
constexpr uint32_t kGalleryImageSize = 64;  // texels per side
// Images DemoUi shows every frame: the gallery's and the viewport's. Once nothing changes for longer than the
// backend's eviction age, its image cache holds exactly these.
constexpr int      kImagesShown = kGalleryImages + 1;

// Where build() put one of its windows (the layout follows the display size).
struct WindowRect {
    const char* title;
    ImVec2      pos, size;
};
constexpr int kWindowCount = 4;

class DemoUi {
public:
    // `target_format`: the format of the target the frame is drawn into. The viewport's texture is made in
    // the same format, since the backend's pipeline is built for one colour format.
    DemoUi(Harness& harness, WGPUTextureFormat target_format) : harness_(harness), format_(target_format) {}
    ~DemoUi() { release(); }
    DemoUi(const DemoUi&) = delete;
    DemoUi& operator=(const DemoUi&) = delete;

    // Creates the gallery's textures. Call with the ImGui context current. Returns false on failure.
    bool init();
    // Releases every texture DemoUi holds (the backend may still pin some of them until it evicts or shuts down).
    void release();

    // Churning: the gallery replaces kGalleryChurnPerFrame textures per frame and the viewport window changes
    // size every frame (so its texture is recreated every frame). The UI has checkboxes for both; a run that
    // follows a schedule sets them here every frame instead.
    void set_churning(bool churning) { churn_gallery_ = resize_viewport_ = churning; }
    bool churning() const { return churn_gallery_ || resize_viewport_; }
    // Multi-viewport layout: the demo window and the gallery are placed partly outside the main window (with
    // ImGuiConfigFlags_ViewportsEnable they then get OS windows of their own).
    void set_viewport_layout(bool on) { viewport_layout_ = on; }

    // Replaces gallery textures: kGalleryChurnPerFrame of them when churning, all of them when the UI's button
    // was pressed in the previous frame. Call before ImGui::NewFrame(): an image put in a draw list must stay
    // valid until that draw list is rendered. Returns false if a texture could not be made.
    bool update_textures();
    // Builds this frame's windows, laid out to fill `display_size` (the layout is pinned every frame, so
    // frames are reproducible). Call between ImGui::NewFrame() and ImGui::Render().
    void build(ImVec2 display_size);
    // Draws the viewport's picture into its texture (a pass of its own, with a draw list of its own). Call after
    // ImGui::Render(), in the encoder whose later pass draws ImGui's draw data, which samples the texture.
    void render_viewport(WGPUCommandEncoder encoder);

    const WindowRect* layout() const { return layout_; }  // kWindowCount windows, as of the last build()
    uint64_t gallery_textures_created() const { return gallery_textures_created_; }
    uint64_t viewport_textures_created() const { return viewport_textures_created_; }

private:
    // A procedural image, distinct per slot (hue) and per generation (pattern phase).
    WGPUTextureView make_image(int slot, uint32_t generation);
    bool            replace_image(int slot);
    void            build_gallery();
    void            build_viewport(ImVec2 region_pos, ImVec2 region_size);
    // Makes the viewport's texture anew when the wanted size differs from its size, or when the UI asked to.
    void            resize_viewport_texture(uint32_t width, uint32_t height);

    Harness&          harness_;
    WGPUTextureFormat format_;
    uint64_t          frame_ = 0;                 // build() calls: animates the viewport
    ImGui_ImplWGPU_Stats last_frame_stats_ = {};  // the backend's counters of the previous frame, for display
    WindowRect           layout_[kWindowCount] = {};
    bool                 viewport_layout_ = false;

    WGPUTextureView views_[kGalleryImages] = {};
    uint32_t        generations_[kGalleryImages] = {};
    int             next_churn_slot_ = 0;
    bool            churn_gallery_ = false;
    bool            recreate_gallery_requested_ = false;
    uint64_t        gallery_textures_created_ = 0;

    OffscreenTarget viewport_;  // texture + view; released and made anew on every size change
    bool            resize_viewport_ = false;
    bool            recreate_viewport_requested_ = false;
    uint64_t        viewport_textures_created_ = 0;
    ImDrawList      viewport_draw_list_{nullptr};  // shared data attached when drawn
};

// Appends the live-object tracker's counts (live WebGPU references per object type) to the backend's debug
// window: Dear ImGui merges a second Begin() of the same window into it. For programs that link imwgpu_tracker.
void show_tracker_section();

}  // namespace imwgpu::demo
