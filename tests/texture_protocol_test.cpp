// The texture protocol of Dear ImGui 1.92+ (ImGuiBackendFlags_RendererHasTextures): the backend
// creates, updates and destroys ImTextureData as Dear ImGui requests in draw_data->Textures. The
// cases upstream gets wrong are here: requests honoured in a frame that draws nothing (a minimised
// window), partial updates that upload exactly their rectangles and read nothing past the pixels,
// Alpha8 atlases kept at one byte per texel.
//
// Dear ImGui before 1.92 has no such protocol: this file then holds no test, and CMake does not
// register it at all (an empty test program must not count as a pass).

#include "backend_test_support.h"

#ifdef IMGUI_HAS_TEXTURES

#include <vector>

namespace imwgpu::test {
namespace {

// The Dear ImGui frames here show the same line of text; the atlas makes its glyphs on first use.
void add_text(ImDrawList* draw_list) { draw_list->AddText(ImVec2(2, 2), kWhite, "Texture 1.92"); }

int count_pixels_drawn(const Image& image) {
    return count_pixels_other_than(image, {0, 0, (int)image.width, (int)image.height, kClearColour});
}

class TextureProtocolTest : public BackendTest {
protected:
    // The backend's part of a frame for `textures` alone: NewFrame(), then RenderDrawData() of a draw
    // data that has no draw lists and names `textures`, as Dear ImGui's would.
    void process_requests(ImVector<ImTextureData*>& textures) {
        ImDrawData data;
        data.Valid = true;
        data.DisplaySize = ImVec2((float)target_width_, (float)target_height_);
        data.FramebufferScale = ImVec2(1, 1);
        data.Textures = &textures;
        ImGui_ImplWGPU_NewFrame();
        render(&data, target_);
    }

    // A frame that draws `texture` over [0, 8) x [0, 8), read back.
    Image draw_texture(ImTextureData& texture, const std::string& label) {
        return run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(texture.GetTexRef(), ImVec2(0, 0), ImVec2(8, 8)); }, label);
    }
    // No texture, view or bind group made since `before` is still referenced.
    static void expect_all_released_since(const tracker::Snapshot& before) {
        EXPECT_EQ(live_since(before, ObjectType::Texture), 0);
        EXPECT_EQ(live_since(before, ObjectType::TextureView), 0);
        EXPECT_EQ(live_since(before, ObjectType::BindGroup), 0);
    }

    // The atlas texture among a frame's requests (the first one Dear ImGui lists).
    static ImTextureData* atlas_texture(ImDrawData* draw_data) {
        return (draw_data->Textures && draw_data->Textures->Size > 0) ? (*draw_data->Textures)[0] : nullptr;
    }
};

// An RGBA32 texture of the test's own, driven through the protocol by hand: created filled with
// `colour` (WantCreate), and retired as Dear ImGui retires a texture (WantDestroy).
struct OwnTexture {
    ImTextureData            data;
    ImVector<ImTextureData*> list;  // what process_requests() hands the backend

    OwnTexture(int w, int h, uint32_t colour) {
        data.Create(ImTextureFormat_RGBA32, w, h);
        fill(colour, 0, 0, w, h);
        list.push_back(&data);
    }
    void fill(uint32_t colour, int x, int y, int w, int h) {
        for (int ty = y; ty < y + h; ty++)
            for (int tx = x; tx < x + w; tx++) ((uint32_t*)data.Pixels)[ty * data.Width + tx] = colour;
    }
    void request_destroy(int unused_frames) {
        data.WantDestroyNextFrame = true;
        data.Status = ImTextureStatus_WantDestroy;
        data.UnusedFrames = unused_frames;
    }
};

TEST_F(TextureProtocolTest, AtlasIsCreatedThroughARequestAndDrawsText) {
    EXPECT_TRUE(ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasTextures);
    begin_frame();
    add_text(ImGui::GetForegroundDrawList());
    ImDrawData* draw_data = end_frame();
    ImTextureData* atlas = atlas_texture(draw_data);
    ASSERT_NE(atlas, nullptr);
    EXPECT_EQ(atlas->Status, ImTextureStatus_WantCreate);
    EXPECT_EQ(atlas->GetTexID(), ImTextureID_Invalid);

    render(draw_data, target_);
    EXPECT_EQ(atlas->Status, ImTextureStatus_OK);
    EXPECT_NE(atlas->GetTexID(), ImTextureID_Invalid);
    EXPECT_NE(atlas->BackendUserData, nullptr);
    const Image image = read(target_, "text");
    EXPECT_GT(count_pixels_drawn(image), 50) << "the text drew (almost) nothing";
    EXPECT_EQ(count_pixels_drawn(image), count_pixels_other_than(image, {0, 0, 64, 20, kClearColour}))
        << "pixels drawn outside the line of text";
}

// Two rectangles of a 16 x 16 texture, one at its bottom-right corner. Everything else in the CPU
// pixels changes to blue as well: only the rectangles may reach the GPU texture. The pixels end at an
// inaccessible page, so reading past the bottom-right rectangle's last pixel would crash.
TEST_F(TextureProtocolTest, PartialUpdateWritesExactlyTheUpdateRectangles) {
    OwnTexture texture(16, 16, kRed);
    process_requests(texture.list);
    ASSERT_EQ(texture.data.Status, ImTextureStatus_OK);

    GuardedBytes guarded((size_t)texture.data.GetSizeInBytes());
    ASSERT_NE(guarded.data(), nullptr);
    IM_FREE(texture.data.Pixels);
    texture.data.Pixels = guarded.data();
    texture.fill(kBlue, 0, 0, 16, 16);
    const ImTextureRect rects[2] = {{2, 3, 3, 2}, {12, 13, 4, 3}};
    texture.fill(kGreen, 2, 3, 3, 2);
    texture.fill(kYellow, 12, 13, 4, 3);
    for (const ImTextureRect& r : rects) texture.data.Updates.push_back(r);
    texture.data.SetStatus(ImTextureStatus_WantUpdates);
    process_requests(texture.list);
    EXPECT_EQ(texture.data.Status, ImTextureStatus_OK);

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) {
        draw_list->AddImage(texture.data.GetTexRef(), ImVec2(0, 0), ImVec2(16, 16));
    }, "frame");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{0, 0, 16, 16, kRed}, {2, 3, 5, 5, kGreen}, {12, 13, 16, 16, kYellow}}));
    texture.data.Pixels = nullptr;  // not Dear ImGui's to free
    texture.request_destroy(1);
    process_requests(texture.list);
    // The rectangles were checked; without the guard page, a read past the pixels was not.
    if (!GuardedBytes::guards_reads()) GTEST_SKIP() << GuardedBytes::kNoGuardPage;
}

// A frame with DisplaySize 0 draws nothing, yet its texture requests are honoured: the atlas exists
// when the window comes back, and its first frame creates no texture.
TEST_F(TextureProtocolTest, RequestsAreHonouredInAMinimisedFrame) {
    ImGui::GetIO().DisplaySize = ImVec2(0, 0);
    begin_frame();
    add_text(ImGui::GetForegroundDrawList());
    ImDrawData* draw_data = end_frame();
    ImTextureData* atlas = atlas_texture(draw_data);
    ASSERT_NE(atlas, nullptr);
    ASSERT_EQ(atlas->Status, ImTextureStatus_WantCreate);
    render(draw_data, target_);
    EXPECT_EQ(atlas->Status, ImTextureStatus_OK);
    EXPECT_NE(atlas->GetTexID(), ImTextureID_Invalid);
    EXPECT_EQ(backend_stats().DrawCallsThisFrame, 0u);
    EXPECT_TRUE(ImageMatches(read(target_, "minimised"), kClearColour, {}));

    ImGui::GetIO().DisplaySize = ImVec2((float)target_width_, (float)target_height_);
    const tracker::Snapshot before = tracker::snapshot();
    const Image image = run_frame_and_read(add_text, "restored");
    EXPECT_GT(count_pixels_drawn(image), 50) << "the text drew (almost) nothing";
    EXPECT_EQ(live_since(before, ObjectType::Texture), 0) << "a texture was made when the window came back";
}

// io.Fonts->TexDesiredFormat = Alpha8: the atlas is uploaded at one byte per texel (an RGBA8 texture
// would need four, and WebGPU would reject the write) and draws the same text, pixel for pixel, as the
// default RGBA32 atlas of another context.
TEST_F(TextureProtocolTest, Alpha8AtlasIsOneBytePerTexelAndDrawsTheSameText) {
    const Image rgba32_text = run_frame_and_read(add_text, "rgba32");

    create_context(target_width_, target_height_);
    ImGui::GetIO().Fonts->TexDesiredFormat = ImTextureFormat_Alpha8;
    ASSERT_TRUE(init_backend(default_init_info()));
    begin_frame();
    add_text(ImGui::GetForegroundDrawList());
    ImDrawData* draw_data = end_frame();
    ImTextureData* atlas = atlas_texture(draw_data);
    ASSERT_NE(atlas, nullptr);
    ASSERT_EQ(atlas->Format, ImTextureFormat_Alpha8);
    ASSERT_EQ(atlas->Status, ImTextureStatus_WantCreate);
    const uint64_t uploaded_before = backend_stats().UploadBytesThisFrame;
    ImGui_ImplWGPU_UpdateTexture(atlas);
    EXPECT_EQ(backend_stats().UploadBytesThisFrame - uploaded_before, (uint64_t)atlas->Width * (uint64_t)atlas->Height);
    render(draw_data, target_);

    const Image alpha8_text = read(target_, "alpha8");
    EXPECT_TRUE(ImageMatches(alpha8_text, [&](int x, int y) { return rgba32_text.pixel((uint32_t)x, (uint32_t)y); }));
}

// WantDestroy waits until Dear ImGui reports the texture unused for a frame (UnusedFrames > 0), then
// releases its texture, view and bind groups and reports it Destroyed.
TEST_F(TextureProtocolTest, WantDestroyReleasesOnceUnusedFramesIsPositive) {
    warm_up();
    const tracker::Snapshot before = tracker::snapshot();
    OwnTexture texture(4, 4, kGreen);
    process_requests(texture.list);
    ASSERT_EQ(texture.data.Status, ImTextureStatus_OK);
    EXPECT_TRUE(ImageMatches(draw_texture(texture.data, "drawn"), kClearColour, {{0, 0, 8, 8, kGreen}}));
    EXPECT_EQ(live_since(before, ObjectType::Texture), 1);
    EXPECT_EQ(live_since(before, ObjectType::TextureView), 1);

    texture.request_destroy(0);
    process_requests(texture.list);
    EXPECT_EQ(texture.data.Status, ImTextureStatus_WantDestroy) << "destroyed while it may still be in use";
    EXPECT_EQ(live_since(before, ObjectType::Texture), 1);

    texture.request_destroy(1);
    process_requests(texture.list);
    EXPECT_EQ(texture.data.Status, ImTextureStatus_Destroyed);
    EXPECT_EQ(texture.data.GetTexID(), ImTextureID_Invalid);
    EXPECT_EQ(texture.data.BackendUserData, nullptr);
    expect_all_released_since(before);
}

// A second WantCreate for a texture the backend already made (upstream asserts): the new texture
// replaces the first, which is released, not leaked, and the new pixels are drawn.
TEST_F(TextureProtocolTest, SecondWantCreateReplacesTheTextureWithoutLeakingTheFirst) {
    warm_up();
    const tracker::Snapshot before = tracker::snapshot();
    OwnTexture texture(4, 4, kGreen);
    process_requests(texture.list);
    ASSERT_EQ(texture.data.Status, ImTextureStatus_OK);
    ASSERT_NE(texture.data.BackendUserData, nullptr);

    texture.fill(kRed, 0, 0, 4, 4);
    texture.data.SetStatus(ImTextureStatus_WantCreate);
    process_requests(texture.list);
    ASSERT_EQ(texture.data.Status, ImTextureStatus_OK);
    EXPECT_EQ(live_since(before, ObjectType::Texture), 1) << "the first texture is still referenced";
    EXPECT_EQ(live_since(before, ObjectType::TextureView), 1);
    EXPECT_TRUE(ImageMatches(draw_texture(texture.data, "recreated"), kClearColour, {{0, 0, 8, 8, kRed}}));

    texture.request_destroy(1);
    process_requests(texture.list);
    expect_all_released_since(before);
}

#if IMGUI_VERSION_NUM >= 19274
// Dear ImGui 1.92.8+ names the standard draw callbacks in platform_io: Init() fills them with the
// backend's, and DrawCallback_ResetRenderState ends a SetSamplerNearest. A 2 x 2 red and blue checker
// magnified 16 times then blends red and blue at its centre again; Shutdown() clears the names.
TEST_F(TextureProtocolTest, StandardDrawCallbacksInPlatformIoAreTheBackends) {
    const ImGuiPlatformIO& platform_io = ImGui::GetPlatformIO();
    EXPECT_EQ(platform_io.DrawCallback_SetSamplerLinear, &ImGui_ImplWGPU_DrawCallback_SetSamplerLinear);
    EXPECT_EQ(platform_io.DrawCallback_SetSamplerNearest, &ImGui_ImplWGPU_DrawCallback_SetSamplerNearest);
    ASSERT_NE(platform_io.DrawCallback_ResetRenderState, nullptr);

    const uint32_t checker[4] = {kRed, kBlue, kBlue, kRed};
    WGPUTextureView view = harness_.create_texture_view_rgba8(2, 2, (const uint8_t*)checker);
    const Image image = run_frame_and_read([&](ImDrawList* draw_list) {
        draw_list->AddCallback(platform_io.DrawCallback_SetSamplerNearest, nullptr);
        draw_list->AddCallback(platform_io.DrawCallback_ResetRenderState, nullptr);
        draw_list->AddImage(texture_id(view), ImVec2(0, 0), ImVec2(32, 32));
    }, "frame");
    const uint32_t centre = image.pixel(16, 16);
    const int red = (int)(centre & 0xFF), blue = (int)((centre >> 16) & 0xFF);
    EXPECT_TRUE(red > 64 && red < 192 && blue > 64 && blue < 192)
        << "still nearest after DrawCallback_ResetRenderState: centre " << colour_string(centre);

    shutdown_backend();
    EXPECT_EQ(platform_io.DrawCallback_SetSamplerNearest, nullptr);
    wgpuTextureViewRelease(view);
}
#endif


using TextureUploadCountTest = BackendTest;

// UploadBytesThisFrame counts the texel bytes of the update rectangles (here 3x2 and 4x3 texels
// of 4 bytes, the second at the bottom-right corner), not the span of source rows they lie in.
TEST_F(TextureUploadCountTest, PartialUpdateCountsExactlyTheRectanglesBytes) {
    ImTextureData texture;
    texture.Create(ImTextureFormat_RGBA32, 16, 16);
    ImGui_ImplWGPU_UpdateTexture(&texture);
    ASSERT_EQ(texture.Status, ImTextureStatus_OK);
    const ImTextureRect rects[2] = {{2, 3, 3, 2}, {12, 13, 4, 3}};
    for (const ImTextureRect& r : rects) texture.Updates.push_back(r);
    texture.SetStatus(ImTextureStatus_WantUpdates);
    ImGui_ImplWGPU_NewFrame();
    ImGui_ImplWGPU_UpdateTexture(&texture);
    EXPECT_EQ(backend_stats().UploadBytesThisFrame, (uint64_t)(3 * 2 + 4 * 3) * 4);
    texture.WantDestroyNextFrame = true;
    texture.Status = ImTextureStatus_WantDestroy;
    texture.UnusedFrames = 1;
    ImGui_ImplWGPU_UpdateTexture(&texture);
}

}  // namespace
}  // namespace imwgpu::test

#endif  // IMGUI_HAS_TEXTURES
