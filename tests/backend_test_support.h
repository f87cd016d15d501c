// What the backend's tests share: a fixture that owns a real device, an offscreen target and
// Dear ImGui contexts with the backend initialized in them, frame helpers, and pixel checks.
//
// Guarantees every test built on BackendTest inherits:
// - It runs on a real Vulkan adapter (a GPU or SwiftShader). No adapter, or Dawn's Null
//   backend, fails the test: it is never skipped, so a broken machine cannot look green.
// - Any WebGPU error reported during the test (validation, out of memory, internal) fails it,
//   with the messages printed.
// - When it fails, every image it read back is written as <Suite>.<Test>_<label>.png into the
//   working directory.

#pragma once

#include "imgui.h"
#include "imgui_draw_data.h"
#include "imgui_impl_wgpu.h"
#include "imwgpu_harness.h"
#include "imwgpu_tracker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace imwgpu::test {

using tracker::ObjectType;

// Colours in the layout of IM_COL32 and Image::pixel(): 0xAABBGGRR.
constexpr uint32_t kClearColour = IM_COL32(0, 0, 0, 255);  // every pass clears its target to this
constexpr uint32_t kRed = IM_COL32(255, 0, 0, 255);
constexpr uint32_t kGreen = IM_COL32(0, 255, 0, 255);
constexpr uint32_t kBlue = IM_COL32(0, 0, 255, 255);
constexpr uint32_t kYellow = IM_COL32(255, 255, 0, 255);
constexpr uint32_t kMagenta = IM_COL32(255, 0, 255, 255);
constexpr uint32_t kWhite = IM_COL32(255, 255, 255, 255);

std::string colour_string(uint32_t colour);  // "#RRGGBBAA"

// The pixels [x0, x1) x [y0, y1) of an image, and the colour they should have.
struct PixelRect {
    int      x0, y0, x1, y1;
    uint32_t colour;
};

// Passes when every pixel equals expected(x, y); the message names the first mismatches.
::testing::AssertionResult ImageMatches(const Image& image, const std::function<uint32_t(int x, int y)>& expected);
// Passes when every pixel has the colour of the last rectangle containing it, or `background`.
::testing::AssertionResult ImageMatches(const Image& image, uint32_t background, const std::vector<PixelRect>& rects);
// How many pixels of `region` differ from region.colour by more than `tolerance` in any channel.
int count_pixels_other_than(const Image& image, const PixelRect& region, int tolerance = 0);

// `size` bytes that end exactly where an inaccessible page begins: a read of one byte past them
// crashes the test instead of going unnoticed. Only where guards_reads(): WebAssembly's memory has
// no page protection (Emscripten's mprotect() does nothing), so in a browser the bytes are there
// but a read past them goes unnoticed, and a test whose point is that read must skip, saying so.
class GuardedBytes {
public:
    static bool guards_reads();
    static constexpr const char* kNoGuardPage =
        "no inaccessible page after the bytes: WebAssembly memory has no page protection";

    explicit GuardedBytes(size_t size);
    ~GuardedBytes();
    GuardedBytes(const GuardedBytes&) = delete;
    GuardedBytes& operator=(const GuardedBytes&) = delete;
    uint8_t* data() { return data_; }
    size_t   size() const { return size_; }

private:
    void*    mapping_ = nullptr;
    size_t   mapping_size_ = 0;
    uint8_t* data_ = nullptr;
    size_t   size_ = 0;
};

// An image drawn through a draw list over [min, max) in display coordinates.
struct ImageDraw {
    WGPUTextureView view;
    ImVec2          min, max;
};
void add_images(ImDrawList* draw_list, const std::vector<ImageDraw>& images);

// Covers [0, w) x [0, h) with one 1x1-pixel quad per pixel (4 vertices each), in rows from
// the top, sampling `white_view` and coloured pixel_quad_colour(x, y): a mesh of 4*w*h vertices
// whose every quad can be checked on its own pixel.
void     add_pixel_quads(ImDrawList* draw_list, WGPUTextureView white_view, int w, int h);
uint32_t pixel_quad_colour(int x, int y);

// Live references of `type` now, minus those in `baseline`.
int64_t live_since(const tracker::Snapshot& baseline, ObjectType type);

class BackendTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Settings a derived fixture may change in its constructor.
    uint32_t target_width_ = 64;
    uint32_t target_height_ = 64;
    bool     init_backend_in_setup_ = true;  // false: the test calls init_backend() itself

    // The InitInfo SetUp() uses: the harness's device, the target's format, defaults otherwise.
    ImGui_ImplWGPU_InitInfo default_init_info() const;
    // Init/Shutdown in the current context. init_backend() returns false (and fails the test)
    // when ImGui_ImplWGPU_Init() does.
    bool init_backend(const ImGui_ImplWGPU_InitInfo& info);
    void shutdown_backend();
    // Shutdown, then Init with `info`: for tests that need other settings than SetUp()'s.
    bool restart_backend(const ImGui_ImplWGPU_InitInfo& info);

    // A further Dear ImGui context, current on return, whose display is w x h. TearDown() shuts
    // its backend down (if initialized) and destroys it.
    ImGuiContext* create_context(uint32_t display_w, uint32_t display_h);

    // A size x size texture of one colour (0xAABBGGRR); the test owns the view and releases it.
    WGPUTextureView create_solid_view(uint32_t colour, uint32_t size = 2);

    // --- One frame, step by step (current context) ---
    void        begin_frame();  // ImGui_ImplWGPU_NewFrame() + ImGui::NewFrame()
    ImDrawData* end_frame();    // ImGui::Render()
    // Records one render pass on `target`, cleared to kClearColour, that draws `draw_data`.
    void encode(WGPUCommandEncoder encoder, ImDrawData* draw_data, const OffscreenTarget& target);
    WGPUCommandEncoder create_encoder();
    // encode() in an encoder of its own, then submit.
    void render(ImDrawData* draw_data, const OffscreenTarget& target);
    // Reads `target` back and keeps a copy, written as a PNG named after `label` if the test fails.
    Image read(const OffscreenTarget& target, const std::string& label);

    // --- One frame, whole: `build` adds to it (given the foreground draw list), rendered into target_ ---
    void  run_frame(const std::function<void(ImDrawList*)>& build);
    Image run_frame_and_read(const std::function<void(ImDrawList*)>& build, const std::string& label);
    void  draw_images(const std::vector<ImageDraw>& images);  // run_frame() of add_images()
    // Frames of text only, one per upload arena and one more: afterwards the pipeline, the font
    // atlas, its sampler and every arena exist, so a tracker snapshot taken then counts only what
    // the test adds.
    void  warm_up();

    // The backend's counters in the current context (fails the test when it is not initialized).
    ImGui_ImplWGPU_Stats backend_stats();
    // Waits for the GPU, then lets Dawn run the releases it deferred until then: after this,
    // an object the program no longer references is really gone (its address may be reused).
    void settle();

    Harness         harness_;
    OffscreenTarget target_;
    ImGuiContext*   context_ = nullptr;  // the first context; its display is the target's size

private:
    std::vector<ImGuiContext*>                  contexts_;
    std::vector<std::pair<std::string, Image>>  readbacks_;
};

// For tests that take a tracker baseline before the backend's first Init().
class BackendTestBeforeInit : public BackendTest {
protected:
    BackendTestBeforeInit() { init_backend_in_setup_ = false; }
};

}  // namespace imwgpu::test
