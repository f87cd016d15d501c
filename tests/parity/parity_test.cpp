// Pixel parity with an independent renderer: the same Dear ImGui frames drawn by our backend (WebGPU: Dawn on a
// Vulkan driver, SwiftShader when the machine has no GPU) and by Dear ImGui's own OpenGL 3 backend on Mesa's
// llvmpipe (see gl_oracle.h) must look the same.
//
// How both renderers get the very same ImDrawData: one "UI" Dear ImGui context builds every frame. Its draw lists
// name textures by neutral ids (1 = the font atlas, 2.. = the test images). Two more contexts, one per renderer,
// hold the renderer backends; the three share one ImFontAtlas, built once, so every glyph has the same UVs and each
// backend made its font texture from the same pixels. Before a renderer draws, the frame's draw lists are cloned
// and each command's texture id is replaced by that renderer's own texture (a GL name or a WGPUTextureView).
//
// Frame 0 is not compared (a window's first frame lays itself out and takes focus); frames 1 and 2 are.
//
// What "the same" means, per frame:
// - at least 99.5% of the pixels differ by at most 2/255 in every channel. llvmpipe blends and filters 8-bit colours
//   with fixed-point shortcuts that are off by up to 1/255 (blending) and ~1.5/255 (bilinear filtering) from the
//   correctly rounded result, which SwiftShader gives; hence 2, not 0.
// - no region is missing: over every 32x32 tile, the mean of each channel differs by less than 2/255. The first rule
//   alone would let a whole tile go (1024 pixels are 0.3% of 640x600). Between these two renderers the worst tile
//   is 1/255 off (llvmpipe's blending, over a whole window background); one missing glyph of the 13 px font moves its
//   tile by 2.7/255 (measured, by dropping one glyph's triangles on one side), a missing 1-pixel line across a tile
//   by contrast/32, a missing text line or a wrong texture by far more.
// Two properties of the rasterisers, not of the backends, are taken out first, so that what remains is the backends:
// sub-pixel snapping (snap_vertices_to_subpixel_grid below) and the fill rule's tie-breaking (gl_oracle.cpp).
// On failure the two pictures and a difference image are written as PNG into the working directory.

#include "gl_oracle.h"

#include "imgui_impl_wgpu.h"
#include "imwgpu_harness.h"

#include <imgui.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace imwgpu::parity {
namespace {

constexpr uint32_t kClearColour = IM_COL32(32, 36, 44, 255);  // exact in 8 bits: both clears store the same bytes
constexpr int      kFrames = 3;                                // frames 1 .. kFrames-1 are compared

constexpr double kMinFractionWithin = 0.995;  // of pixels whose channels all differ by <= kChannelTolerance
constexpr int    kChannelTolerance = 2;       // in 1/255
constexpr int    kTileSize = 32;
constexpr double kMaxTileMeanDifference = 2.0;  // in 1/255, per channel, over one tile

// Neutral texture ids of the UI context; each renderer maps them to its own textures.
constexpr intptr_t kFontTextureId = 1;
constexpr intptr_t kFirstImageTextureId = 2;

// --- Comparison -----------------------------------------------------------------------------------

struct Comparison {
    int64_t pixels = 0;
    int64_t pixels_within = 0;  // every channel within kChannelTolerance
    int     max_difference = 0;
    int     max_difference_x = 0, max_difference_y = 0;
    double  worst_tile_mean_difference = 0.0;
    int     worst_tile_x = 0, worst_tile_y = 0;  // its top-left pixel
    int     exact_pixels = 0;

    double fraction_within() const { return pixels ? (double)pixels_within / (double)pixels : 0.0; }
    bool   passed() const {
        return pixels > 0 && fraction_within() >= kMinFractionWithin &&
               worst_tile_mean_difference < kMaxTileMeanDifference;
    }
};

Comparison compare(const Image& a, const Image& b) {
    Comparison c;
    if (a.width != b.width || a.height != b.height || a.rgba.empty()) return c;
    const int w = (int)a.width, h = (int)a.height;
    c.pixels = (int64_t)w * h;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t* p = &a.rgba[((size_t)y * w + x) * 4];
            const uint8_t* q = &b.rgba[((size_t)y * w + x) * 4];
            int            d = 0;
            for (int ch = 0; ch < 4; ch++) d = std::max(d, std::abs((int)p[ch] - (int)q[ch]));
            if (d <= kChannelTolerance) c.pixels_within++;
            if (d == 0) c.exact_pixels++;
            if (d > c.max_difference) {
                c.max_difference = d;
                c.max_difference_x = x;
                c.max_difference_y = y;
            }
        }
    for (int ty = 0; ty < h; ty += kTileSize)
        for (int tx = 0; tx < w; tx += kTileSize) {
            double    sum[4] = {};
            const int x1 = std::min(tx + kTileSize, w), y1 = std::min(ty + kTileSize, h);
            for (int y = ty; y < y1; y++)
                for (int x = tx; x < x1; x++)
                    for (int ch = 0; ch < 4; ch++)
                        sum[ch] += (double)a.rgba[((size_t)y * w + x) * 4 + ch] - (double)b.rgba[((size_t)y * w + x) * 4 + ch];
            const double n = (double)(x1 - tx) * (y1 - ty);
            for (double s : sum)
                if (std::fabs(s) / n > c.worst_tile_mean_difference) {
                    c.worst_tile_mean_difference = std::fabs(s) / n;
                    c.worst_tile_x = tx;
                    c.worst_tile_y = ty;
                }
        }
    return c;
}

// Dark grey where the pictures agree exactly, blue where they differ within the tolerance, red (brighter for larger
// differences) where they differ by more.
Image difference_image(const Image& a, const Image& b) {
    Image out;
    out.width = a.width;
    out.height = a.height;
    out.rgba.resize(a.rgba.size());
    for (size_t i = 0; i + 3 < a.rgba.size() && i + 3 < b.rgba.size(); i += 4) {
        int d = 0;
        for (int ch = 0; ch < 4; ch++) d = std::max(d, std::abs((int)a.rgba[i + ch] - (int)b.rgba[i + ch]));
        const uint8_t grey = (uint8_t)((a.rgba[i] + a.rgba[i + 1] + a.rgba[i + 2]) / 12);
        uint8_t*      p = &out.rgba[i];
        if (d == 0) {
            p[0] = p[1] = p[2] = grey;
        } else if (d <= kChannelTolerance) {
            p[0] = p[1] = 0;
            p[2] = 200;
        } else {
            p[0] = (uint8_t)std::min(255, 128 + d);
            p[1] = p[2] = 0;
        }
        p[3] = 255;
    }
    return out;
}

// --- Draw data, once per renderer -----------------------------------------------------------------

// Vulkan lets a rasteriser snap vertex positions to a grid as coarse as 1/16 pixel (subPixelPrecisionBits = 4), and
// SwiftShader does: its pictures of a quad at (160.3, 10.6) match the exact result for corners rounded to 1/16 pixel
// within 0.5/255, and differ from the unrounded one by up to 6.7/255. llvmpipe keeps 8 bits. A glyph or image quad
// at a fractional position thus moves by up to 1/32 pixel in one renderer and not in the other, and its filtered
// edge texels change by several 1/255: a property of the rasterisers, not of the backends. Moving every vertex onto the 1/16-pixel grid first (in framebuffer pixels)
// gives both the same representable geometry, so what remains are differences in what the backends do.
constexpr float kSubPixelSteps = 16.0f;

void snap_vertices_to_subpixel_grid(ImDrawData* draw_data) {
    const ImVec2 origin = draw_data->DisplayPos, scale = draw_data->FramebufferScale;
    for (int n = 0; n < draw_data->CmdListsCount; n++)
        for (ImDrawVert& v : draw_data->CmdLists[n]->VtxBuffer) {
            v.pos.x = std::round((v.pos.x - origin.x) * scale.x * kSubPixelSteps) / (kSubPixelSteps * scale.x) + origin.x;
            v.pos.y = std::round((v.pos.y - origin.y) * scale.y * kSubPixelSteps) / (kSubPixelSteps * scale.y) + origin.y;
        }
}

// A copy of one frame's draw data whose commands name one renderer's textures. Owns its draw lists.
class RemappedDrawData {
public:
    RemappedDrawData(const ImDrawData& source, const std::vector<ImTextureID>& textures) : data_(source) {
        for (int n = 0; n < source.CmdListsCount; n++) {
            ImDrawList* list = source.CmdLists[n]->CloneOutput();
            for (ImDrawCmd& cmd : list->CmdBuffer) {
                const intptr_t id = (intptr_t)cmd.TextureId;
                if (id > 0 && id < (intptr_t)textures.size()) cmd.TextureId = textures[(size_t)id];
            }
            lists_.push_back(list);
        }
        data_.CmdLists = lists_.data();
        data_.CmdListsCount = (int)lists_.size();
    }
    ~RemappedDrawData() {
        for (ImDrawList* list : lists_) IM_DELETE(list);
    }
    RemappedDrawData(const RemappedDrawData&) = delete;
    RemappedDrawData& operator=(const RemappedDrawData&) = delete;

    ImDrawData* get() { return &data_; }

private:
    ImDrawData               data_;
    std::vector<ImDrawList*> lists_;
};

// --- Test images ------------------------------------------------------------------------------------

struct TestImage {
    uint32_t             width, height;
    std::vector<uint8_t> rgba;
};

// 32x32: a colour gradient whose alpha falls from left to right in the top half, a 1-texel checker in the bottom-left
// quarter (magnified, it shows any half-texel offset in sampling) and opaque bands in the bottom-right one.
TestImage make_pattern_image() {
    TestImage image{32, 32, std::vector<uint8_t>(32 * 32 * 4)};
    for (uint32_t y = 0; y < 32; y++)
        for (uint32_t x = 0; x < 32; x++) {
            uint8_t* p = &image.rgba[(y * 32 + x) * 4];
            if (y < 16) {
                p[0] = (uint8_t)(x * 8);
                p[1] = (uint8_t)(y * 16);
                p[2] = (uint8_t)(255 - x * 8);
                p[3] = (uint8_t)(255 - x * 6);
            } else if (x < 16) {
                const bool on = (x + y) % 2 == 0;
                p[0] = p[1] = p[2] = on ? 255 : 0;
                p[3] = 255;
            } else {
                const int band = (int)(x / 4) % 4;
                p[0] = band == 0 ? 255 : 40;
                p[1] = band == 1 ? 255 : 40;
                p[2] = band == 2 ? 255 : 40;
                p[3] = band == 3 ? 128 : 255;
            }
        }
    return image;
}

// 48x20, not square: smooth hues with a radial alpha, to check the aspect and a soft edge.
TestImage make_soft_image() {
    const uint32_t w = 48, h = 20;
    TestImage      image{w, h, std::vector<uint8_t>(w * h * 4)};
    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++) {
            float r, g, b;
            ImGui::ColorConvertHSVtoRGB((float)x / w, 0.3f + 0.7f * (float)y / h, 1.0f, r, g, b);
            const float dx = ((float)x + 0.5f - w / 2.0f) / (w / 2.0f), dy = ((float)y + 0.5f - h / 2.0f) / (h / 2.0f);
            const float a = std::max(0.0f, 1.0f - std::sqrt(dx * dx + dy * dy) * 0.8f);
            uint8_t*    p = &image.rgba[(y * w + x) * 4];
            p[0] = (uint8_t)(r * 255.0f + 0.5f);
            p[1] = (uint8_t)(g * 255.0f + 0.5f);
            p[2] = (uint8_t)(b * 255.0f + 0.5f);
            p[3] = (uint8_t)(a * 255.0f + 0.5f);
        }
    return image;
}

ImTextureID image_id(int index) { return (ImTextureID)(kFirstImageTextureId + index); }

// --- Fixture ------------------------------------------------------------------------------------------

class ParityTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Runs kFrames frames of `build` (called between NewFrame and Render of the UI context) at `display` size and
    // framebuffer `scale`, renders frames >= 1 with both renderers and compares them.
    void check_frames(ImVec2 display, float scale, const std::function<void()>& build);

    ImFont* font_large_ = nullptr;        // the default font rasterised at 26 px
    ImFont* font_oversampled_ = nullptr;  // at 19.5 px, oversampled 3x horizontally, glyphs not snapped to pixels

private:
    Image render_webgpu(ImDrawData* draw_data);

    ImFontAtlas*  atlas_ = nullptr;
    ImGuiContext* ui_context_ = nullptr;
    ImGuiContext* gl_context_ = nullptr;
    ImGuiContext* wgpu_context_ = nullptr;
    GlOracle      oracle_;
    Harness       harness_;
    OffscreenTarget target_;
    std::vector<WGPUTextureView> views_;     // the test images, as our backend sees them
    std::vector<ImTextureID>     gl_ids_;    // neutral id -> GL texture
    std::vector<ImTextureID>     wgpu_ids_;  // neutral id -> WGPUTextureView
};

ImGuiContext* create_context(ImFontAtlas* atlas) {
    ImGuiContext* context = ImGui::CreateContext(atlas);
    ImGui::SetCurrentContext(context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    return context;
}

void ParityTest::SetUp() {
    atlas_ = IM_NEW(ImFontAtlas)();
    atlas_->AddFontDefault();
    ImFontConfig large;
    large.SizePixels = 26.0f;
    font_large_ = atlas_->AddFontDefault(&large);
    ImFontConfig oversampled;
    oversampled.SizePixels = 19.5f;
    oversampled.OversampleH = 3;
    oversampled.PixelSnapH = false;
    font_oversampled_ = atlas_->AddFontDefault(&oversampled);
    ASSERT_TRUE(atlas_->Build());

    ui_context_ = create_context(atlas_);
    gl_context_ = create_context(atlas_);
    wgpu_context_ = create_context(atlas_);

    std::string error;
    ASSERT_TRUE(oracle_.init(gl_context_, &error)) << error;
    printf("oracle: imgui_impl_opengl3 on %s\n", oracle_.renderer_name().c_str());

    ASSERT_TRUE(harness_.init(HarnessOptions(), &error)) << error;
    ASSERT_NE(harness_.backend_type(), WGPUBackendType_Null);
    RecordProperty("adapter", harness_.adapter_name());
    RecordProperty("oracle", oracle_.renderer_name());

    ImGui::SetCurrentContext(wgpu_context_);
    ImGui_ImplWGPU_InitInfo init_info;
    init_info.Device = harness_.device();
    init_info.RenderTargetFormat = WGPUTextureFormat_RGBA8Unorm;
    ASSERT_TRUE(ImGui_ImplWGPU_Init(&init_info)) << ImGui_ImplWGPU_GetLastError();
    ASSERT_TRUE(ImGui_ImplWGPU_CreateDeviceObjects()) << ImGui_ImplWGPU_GetLastError();

    // Each backend set the shared atlas' TexID to its own font texture; the UI context gets the neutral id.
    gl_ids_ = {nullptr, oracle_.font_texture()};
    wgpu_ids_ = {nullptr, atlas_->TexID};
    atlas_->SetTexID((ImTextureID)kFontTextureId);

    for (const TestImage& image : {make_pattern_image(), make_soft_image()}) {
        WGPUTextureView view = harness_.create_texture_view_rgba8(image.width, image.height, image.rgba.data());
        ASSERT_NE(view, nullptr);
        views_.push_back(view);
        wgpu_ids_.push_back((ImTextureID)view);
        gl_ids_.push_back(oracle_.create_texture_rgba8(image.width, image.height, image.rgba.data()));
    }

    ImGui::SetCurrentContext(ui_context_);
    ImGui::StyleColorsDark();
}

void ParityTest::TearDown() {
    if (wgpu_context_) {
        ImGui::SetCurrentContext(wgpu_context_);
        if (ImGui::GetIO().BackendRendererUserData) ImGui_ImplWGPU_Shutdown();
    }
    for (WGPUTextureView view : views_) wgpuTextureViewRelease(view);
    views_.clear();
    release_offscreen_target(target_);
    oracle_.shutdown();
    for (ImGuiContext* context : {ui_context_, gl_context_, wgpu_context_})
        if (context) ImGui::DestroyContext(context);
    ImGui::SetCurrentContext(nullptr);
    if (atlas_) IM_DELETE(atlas_);

    if (harness_.device()) harness_.wait_idle();
    std::string messages;
    for (const std::string& message : harness_.errors()) messages += "\n  " + message;
    EXPECT_EQ(harness_.error_count(), 0) << "WebGPU errors:" << messages;
    EXPECT_FALSE(harness_.device_lost()) << harness_.device_lost_message();
    harness_.shutdown();
}

Image ParityTest::render_webgpu(ImDrawData* draw_data) {
    const uint32_t w = (uint32_t)(draw_data->DisplaySize.x * draw_data->FramebufferScale.x);
    const uint32_t h = (uint32_t)(draw_data->DisplaySize.y * draw_data->FramebufferScale.y);
    if (target_.width != w || target_.height != h) {
        release_offscreen_target(target_);
        target_ = create_offscreen_target(harness_, w, h);
    }
    ImGui::SetCurrentContext(wgpu_context_);
    ImGui_ImplWGPU_NewFrame();
    WGPUCommandEncoder    encoder = wgpuDeviceCreateCommandEncoder(harness_.device(), nullptr);
    WGPURenderPassEncoder pass = begin_pass(encoder, target_, true, (kClearColour & 0xFF) / 255.0f,
                                            ((kClearColour >> 8) & 0xFF) / 255.0f,
                                            ((kClearColour >> 16) & 0xFF) / 255.0f, (kClearColour >> 24) / 255.0f);
    ImGui_ImplWGPU_RenderDrawData(draw_data, pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness_.submit(encoder);
    return read_back(harness_, target_);
}

void ParityTest::check_frames(ImVec2 display, float scale, const std::function<void()>& build) {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    for (int frame = 0; frame < kFrames; frame++) {
        ImGui::SetCurrentContext(ui_context_);
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = display;
        io.DisplayFramebufferScale = ImVec2(scale, scale);
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        build();
        ImGui::Render();
        if (frame == 0) continue;

        ImDrawData& draw_data = *ImGui::GetDrawData();
        snap_vertices_to_subpixel_grid(&draw_data);
        RemappedDrawData  for_gl(draw_data, gl_ids_);
        RemappedDrawData  for_wgpu(draw_data, wgpu_ids_);
        const Image       gl_image = oracle_.render(for_gl.get(), kClearColour);
        const Image       wgpu_image = render_webgpu(for_wgpu.get());
        ImGui::SetCurrentContext(ui_context_);
        ASSERT_FALSE(gl_image.rgba.empty()) << "the OpenGL oracle failed to render frame " << frame;
        ASSERT_FALSE(wgpu_image.rgba.empty()) << "could not read frame " << frame << " back from WebGPU";
        ASSERT_EQ(harness_.error_count(), 0) << "WebGPU errors in frame " << frame;

        const Comparison c = compare(gl_image, wgpu_image);
        printf("%s frame %d (%ux%u): %.4f%% of pixels within %d/255 (%.4f%% exact); max difference %d/255 at "
               "(%d, %d); worst %dx%d tile mean difference %.3f/255 at (%d, %d)\n",
               info->name(), frame, gl_image.width, gl_image.height, 100.0 * c.fraction_within(), kChannelTolerance,
               100.0 * c.exact_pixels / std::max<int64_t>(1, c.pixels), c.max_difference, c.max_difference_x,
               c.max_difference_y, kTileSize, kTileSize, c.worst_tile_mean_difference, c.worst_tile_x,
               c.worst_tile_y);
        EXPECT_GE(c.fraction_within(), kMinFractionWithin) << "frame " << frame;
        EXPECT_LT(c.worst_tile_mean_difference, kMaxTileMeanDifference)
            << "frame " << frame << ": the tile at (" << c.worst_tile_x << ", " << c.worst_tile_y << ")";
        if (!c.passed()) {
            const std::string stem = std::string(info->test_suite_name()) + "." + info->name() + "_frame" +
                                     std::to_string(frame);
            for (const auto& [suffix, image] : {std::pair<const char*, Image>{"_opengl.png", gl_image},
                                                {"_webgpu.png", wgpu_image},
                                                {"_diff.png", difference_image(gl_image, wgpu_image)}})
                if (write_png(image, stem + suffix)) printf("wrote %s%s\n", stem.c_str(), suffix);
        }
    }
}

// Begins `title` at a fixed place and size with ImGuiCond_Always: a window that places itself only on first use
// (ShowDemoWindow) then stays there, so every frame is laid out alike.
void pin_window(const char* title, ImVec2 pos, ImVec2 size) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    ImGui::Begin(title);
    ImGui::End();
}

// Opens a tree node or collapsing header of the current window that has no state yet.
void open_node(const char* label) {
    ImGuiStorage* storage = ImGui::GetStateStorage();
    if (storage->GetInt(ImGui::GetID(label), -1) == -1) storage->SetInt(ImGui::GetID(label), 1);
}

const char* const kPangram = "The quick brown fox jumps over the lazy dog. 0123456789 (){}[]<>/\\|!?#%&*+-=~";

// --- Frames ----------------------------------------------------------------------------------------------

// The Dear ImGui demo window with its widgets section open: frames, text, lines, check marks, sliders, plots.
TEST_F(ParityTest, DemoWindow) {
    check_frames(ImVec2(640, 600), 1.0f, [] {
        pin_window("Dear ImGui Demo", ImVec2(10, 10), ImVec2(620, 580));
        ImGui::Begin("Dear ImGui Demo");
        open_node("Widgets");
        open_node("Basic");
        open_node("Plots Widgets");
        ImGui::End();
        ImGui::ShowDemoWindow();
    });
}

// Text: the 13 px font at window font scales 0.8 to 2.25 (glyphs magnified and minified by the sampler), fonts
// rasterised at 26 and 19.5 px (the latter at fractional positions), translucent and wrapped text.
TEST_F(ParityTest, TextAtSeveralFontScales) {
    check_frames(ImVec2(640, 480), 1.0f, [this] {
        ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(624, 464), ImGuiCond_Always);
        ImGui::Begin("Text", nullptr, ImGuiWindowFlags_NoScrollbar);
        for (float font_scale : {1.0f, 0.8f, 1.5f, 2.25f}) {
            ImGui::SetWindowFontScale(font_scale);
            ImGui::Text("x%.2f %s", font_scale, kPangram);
        }
        ImGui::SetWindowFontScale(1.0f);
        ImGui::PushFont(font_large_);
        ImGui::Text("26 px: %s", kPangram);
        ImGui::PopFont();
        ImGui::PushFont(font_oversampled_);
        ImGui::Text("19.5 px: %s", kPangram);
        ImGui::PopFont();
        ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.2f, 0.55f), "Translucent orange: %s", kPangram);
        ImGui::TextWrapped("Wrapped: %s %s %s", kPangram, kPangram, kPangram);
        ImDrawList* draw_list = ImGui::GetWindowDrawList();
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        draw_list->AddText(font_oversampled_, 17.3f, ImVec2(origin.x + 0.3f, origin.y + 0.7f),
                           IM_COL32(120, 255, 160, 255), "AddText at 17.3 px, from (x + 0.3, y + 0.7)");
        draw_list->AddText(nullptr, 31.0f, ImVec2(origin.x + 4.5f, origin.y + 24.25f), IM_COL32(255, 255, 255, 200),
                           "31 px from the 13 px font");
        ImGui::End();
    });
}

// Images: 1:1 on whole pixels, magnified 4.5x from a fractional position, minified, a UV sub-range, tinted and
// translucent, rounded, and through ImGui::Image / ImageButton with their borders and frames.
TEST_F(ParityTest, Images) {
    check_frames(ImVec2(512, 400), 1.0f, [] {
        ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(496, 384), ImGuiCond_Always);
        ImGui::Begin("Images", nullptr, ImGuiWindowFlags_NoScrollbar);
        ImGui::Image(image_id(0), ImVec2(32, 32));
        ImGui::SameLine();
        ImGui::Image(image_id(1), ImVec2(48, 20), ImVec2(0, 0), ImVec2(1, 1), ImVec4(1, 1, 1, 1),
                     ImVec4(1.0f, 1.0f, 0.0f, 1.0f));
        ImGui::SameLine();
        ImGui::ImageButton(image_id(0), ImVec2(40, 40));
        ImGui::SameLine();
        ImGui::Image(image_id(1), ImVec2(150, 62.5f));

        ImDrawList*  draw_list = ImGui::GetWindowDrawList();
        const ImVec2 o = ImGui::GetCursorScreenPos();
        draw_list->AddImage(image_id(0), ImVec2(o.x + 0.5f, o.y + 0.25f), ImVec2(o.x + 0.5f + 144, o.y + 0.25f + 144));
        draw_list->AddImage(image_id(0), ImVec2(o.x + 152, o.y), ImVec2(o.x + 176, o.y + 24));  // 0.75x
        draw_list->AddImage(image_id(0), ImVec2(o.x + 184, o.y), ImVec2(o.x + 248, o.y + 64), ImVec2(0.25f, 0.5f),
                            ImVec2(0.75f, 1.0f));
        draw_list->AddImage(image_id(1), ImVec2(o.x + 256, o.y), ImVec2(o.x + 352, o.y + 40), ImVec2(0, 0),
                            ImVec2(1, 1), IM_COL32(255, 160, 64, 160));
        draw_list->AddImageRounded(image_id(0), ImVec2(o.x + 152, o.y + 72), ImVec2(o.x + 248, o.y + 168),
                                   ImVec2(0, 0), ImVec2(1, 1), IM_COL32_WHITE, 16.0f);
        draw_list->AddImageQuad(image_id(1), ImVec2(o.x + 270, o.y + 60), ImVec2(o.x + 470, o.y + 90),
                                ImVec2(o.x + 440, o.y + 190), ImVec2(o.x + 260, o.y + 170));
        ImGui::End();
    });
}

// Clipping: nested child windows (scrolled), a table whose columns clip their text, and nested draw-list clip
// rectangles, some on whole pixels and some not.
TEST_F(ParityTest, NestedClipRects) {
    check_frames(ImVec2(560, 420), 1.0f, [] {
        ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(544, 404), ImGuiCond_Always);
        ImGui::Begin("Clipping", nullptr, ImGuiWindowFlags_NoScrollbar);

        ImGui::BeginChild("outer", ImVec2(260, 170), true, ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::SetScrollY(23.0f);
        for (int i = 0; i < 6; i++) ImGui::Text("outer line %d: %s", i, kPangram);
        ImGui::BeginChild("inner", ImVec2(180, 80), true, ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::SetScrollX(31.0f);
        for (int i = 0; i < 8; i++) ImGui::Text("inner line %d: %s", i, kPangram);
        ImGui::EndChild();
        for (int i = 6; i < 12; i++) ImGui::Text("outer line %d: %s", i, kPangram);
        ImGui::EndChild();

        ImGui::SameLine();
        if (ImGui::BeginTable("table", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg, ImVec2(250, 0))) {
            for (int row = 0; row < 8; row++) {
                ImGui::TableNextRow();
                for (int column = 0; column < 3; column++) {
                    ImGui::TableSetColumnIndex(column);
                    ImGui::Text("r%d c%d %s", row, column, kPangram);
                }
            }
            ImGui::EndTable();
        }

        ImDrawList*  draw_list = ImGui::GetWindowDrawList();
        const ImVec2 o(ImGui::GetWindowPos().x + 16, ImGui::GetWindowPos().y + 220);
        draw_list->PushClipRect(o, ImVec2(o.x + 240, o.y + 160), true);
        draw_list->AddRectFilled(ImVec2(o.x - 50, o.y - 50), ImVec2(o.x + 400, o.y + 400), IM_COL32(60, 60, 110, 255));
        draw_list->PushClipRect(ImVec2(o.x + 20, o.y + 20), ImVec2(o.x + 300, o.y + 120), true);  // cut by its parent
        draw_list->AddCircleFilled(ImVec2(o.x + 200, o.y + 70), 90.0f, IM_COL32(230, 120, 40, 255));
        draw_list->PushClipRect(ImVec2(o.x + 60, o.y + 40), ImVec2(o.x + 140, o.y + 100), true);
        draw_list->AddText(ImVec2(o.x + 30, o.y + 50), IM_COL32_WHITE, kPangram);
        draw_list->PopClipRect();
        draw_list->PopClipRect();
        draw_list->PopClipRect();

        // Clip rectangles whose edges fall inside pixels. Dear ImGui's backends turn such a rectangle into a scissor
        // by two rules: [(int)min, (int)min + (int)(max - min)) (OpenGL, Vulkan, upstream WebGPU) and
        // [(int)min, (int)max) (Direct3D, and ours). They agree when max's fraction is not below min's, as here;
        // otherwise the far edge moves by one pixel, which is a choice of rule, not a fault.
        const ImVec2 f(o.x + 270, o.y);
        draw_list->PushClipRect(ImVec2(f.x + 0.5f, f.y + 0.25f), ImVec2(f.x + 100.5f, f.y + 80.75f), true);
        draw_list->AddRectFilled(f, ImVec2(f.x + 240, f.y + 160), IM_COL32(40, 160, 90, 255));
        draw_list->PushClipRect(ImVec2(f.x + 30.4f, f.y + 20.3f), ImVec2(f.x + 200.0f, f.y + 60.6f), true);
        draw_list->AddRectFilled(f, ImVec2(f.x + 240, f.y + 160), IM_COL32(200, 200, 60, 255));
        draw_list->PopClipRect();
        draw_list->PopClipRect();
        ImGui::End();
    });
}

// A whole window of widgets on a display drawn at twice its size (a HiDPI screen): geometry scaled by the
// projection, glyphs magnified 2x by the sampler, clip rectangles scaled to framebuffer pixels.
TEST_F(ParityTest, FramebufferScale2) {
    check_frames(ImVec2(400, 300), 2.0f, [] {
        ImGui::SetNextWindowPos(ImVec2(6, 6), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(388, 288), ImGuiCond_Always);
        ImGui::Begin("Widgets at 2x");
        ImGui::Text("FramebufferScale 2: %s", kPangram);
        static bool  check = true;
        static float value = 0.37f;
        static int   choice = 1;
        ImGui::Button("Button");
        ImGui::SameLine();
        ImGui::Checkbox("Checkbox", &check);
        ImGui::SameLine();
        ImGui::RadioButton("A", &choice, 0);
        ImGui::SameLine();
        ImGui::RadioButton("B", &choice, 1);
        ImGui::SliderFloat("Slider", &value, 0.0f, 1.0f);
        ImGui::ProgressBar(value);
        const float samples[] = {0.1f, 0.5f, 0.2f, 0.9f, 0.4f, 0.7f, 0.3f, 0.8f};
        ImGui::PlotLines("Lines", samples, IM_ARRAYSIZE(samples), 0, nullptr, 0.0f, 1.0f, ImVec2(0, 40));
        ImGui::Image(image_id(0), ImVec2(40, 40));
        ImGui::SameLine();
        ImGui::BeginChild("child", ImVec2(0, 60), true);
        for (int i = 0; i < 6; i++) ImGui::Text("child line %d: %s", i, kPangram);
        ImGui::EndChild();
        ImDrawList* draw_list = ImGui::GetWindowDrawList();
        const ImVec2 o = ImGui::GetCursorScreenPos();
        draw_list->AddCircle(ImVec2(o.x + 20, o.y + 20), 16.0f, IM_COL32(255, 200, 0, 255), 0, 1.5f);
        draw_list->AddBezierCubic(ImVec2(o.x + 50, o.y + 35), ImVec2(o.x + 90, o.y - 10), ImVec2(o.x + 130, o.y + 50),
                                  ImVec2(o.x + 170, o.y + 5), IM_COL32(0, 220, 255, 255), 2.0f);
        ImGui::End();
    });
}

}  // namespace
}  // namespace imwgpu::parity
