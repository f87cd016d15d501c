// What the backend draws, checked on pixels read back from a real device: images land on
// exactly their rectangles, text draws from the font atlas, clipping holds, a null texture
// draws nothing, a user callback's render state holds until ImDrawCallback_ResetRenderState,
// and meshes beyond 64k vertices draw every vertex.

#include "backend_test_support.h"
#include "imgui_layout_pipeline.h"

namespace imwgpu::test {
namespace {

using RenderTest = BackendTest;

TEST_F(RenderTest, ImageWidgetCoversExactlyItsRectangle) {
    WGPUTextureView green = create_solid_view(kGreen);
    // A window with no decoration, background or padding, so the image is all it draws.
    auto build = [&](ImDrawList*) {
        ImGui::SetNextWindowPos(ImVec2(10, 12));
        ImGui::SetNextWindowSize(ImVec2(40, 40));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
        ImGui::Begin("image", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
        ImGui::Image((ImTextureID)green, ImVec2(20, 28));
        ImGui::End();
        ImGui::PopStyleVar(2);
    };
    run_frame(build);  // a window's first frame may only lay itself out
    const Image image = run_frame_and_read(build, "frame");

    EXPECT_EQ(image.pixel(20, 26), kGreen) << "centre";
    for (int y = 12; y < 40; y++) {
        EXPECT_EQ(image.pixel(9, y), kClearColour) << "left of the image, y " << y;
        EXPECT_EQ(image.pixel(30, y), kClearColour) << "right of the image, y " << y;
    }
    for (int x = 10; x < 30; x++) {
        EXPECT_EQ(image.pixel(x, 11), kClearColour) << "above the image, x " << x;
        EXPECT_EQ(image.pixel(x, 40), kClearColour) << "below the image, x " << x;
    }
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{10, 12, 30, 40, kGreen}}));
    wgpuTextureViewRelease(green);
}

TEST_F(RenderTest, TextDrawsGlyphPixelsAndLeavesBlankAreasClear) {
    const char* text = "Hello";
    const ImVec2 origin(4, 4);
    ImVec2 size;
    const Image image = run_frame_and_read(
        [&](ImDrawList* draw_list) {
            size = ImGui::CalcTextSize(text);
            draw_list->AddText(origin, kWhite, text);
        },
        "frame");
    ASSERT_GT(size.x, 0.0f);
    const int x1 = (int)(origin.x + size.x) + 1, y1 = (int)(origin.y + size.y) + 1;

    const PixelRect text_area = {(int)origin.x, (int)origin.y, x1, y1, kClearColour};
    EXPECT_GT(count_pixels_other_than(image, text_area), 20) << "the text left (almost) no pixels";
    // Glyph cores are opaque in the atlas: at least some pixels are exactly the text colour.
    EXPECT_LT(count_pixels_other_than(image, {text_area.x0, text_area.y0, text_area.x1, text_area.y1, kWhite}),
              (x1 - text_area.x0) * (y1 - text_area.y0))
        << "no pixel has the exact text colour";
    EXPECT_EQ(count_pixels_other_than(image, {0, y1 + 1, 64, 64, kClearColour}), 0) << "below the text";
    EXPECT_EQ(count_pixels_other_than(image, {x1 + 1, 0, 64, 64, kClearColour}), 0) << "right of the text";
}

TEST_F(RenderTest, ClipRectKeepsPixelsOutsideItUntouched) {
    WGPUTextureView red = create_solid_view(kRed);
    const Image image = run_frame_and_read(
        [&](ImDrawList* draw_list) {
            draw_list->PushClipRect(ImVec2(16, 16), ImVec2(48, 40));
            draw_list->AddImage((ImTextureID)red, ImVec2(0, 0), ImVec2(64, 64));
            draw_list->PopClipRect();
        },
        "frame");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{16, 16, 48, 40, kRed}}));
    wgpuTextureViewRelease(red);
}

TEST_F(RenderTest, NullTextureDrawIsSkippedAndNextImageDrawsItsOwnTexture) {
    WGPUTextureView red = create_solid_view(kRed);
    WGPUTextureView green = create_solid_view(kGreen);
    // Red first, so a backend that drew the null command with the bound texture would show red.
    const Image image = run_frame_and_read(
        [&](ImDrawList* draw_list) {
            add_images(draw_list, {{red, ImVec2(4, 4), ImVec2(20, 20)},
                                   {nullptr, ImVec2(24, 4), ImVec2(40, 20)},
                                   {green, ImVec2(44, 4), ImVec2(60, 20)}});
        },
        "frame");
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_GT(stats.DrawsSkippedThisFrame, 0u);
    EXPECT_GT(stats.ErrorsReported, 0u) << "a null ImTextureID is an application error the backend reports";
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{4, 4, 20, 20, kRed}, {44, 4, 60, 20, kGreen}}));
    wgpuTextureViewRelease(red);
    wgpuTextureViewRelease(green);
}

// --- User callbacks (ImDrawCallback): "may be used to alter render state (change sampler,
// blending, current shader)"; ImDrawCallback_ResetRenderState restores the backend's. ---

// A pipeline of the backend's layout whose fragment stage outputs grey: the mean of the sampled
// colour's channels.
const char kGreyFragment[] = R"(
@fragment fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    let c = in.color * textureSample(image, image_sampler, in.uv);
    let grey = (c.r + c.g + c.b) / 3.0;
    return vec4<f32>(grey, grey, grey, c.a);
}
)";

void set_pipeline_callback(const ImDrawList*, const ImDrawCmd* cmd) {
    wgpuRenderPassEncoderSetPipeline(ImGui_ImplWGPU_GetRenderState()->RenderPassEncoder, (WGPURenderPipeline)cmd->UserCallbackData);
}

// Red, then (after the callback) red and green through the callback's grey pipeline: both grey, the
// second one with its own image bound; after ImDrawCallback_ResetRenderState, green again.
TEST_F(RenderTest, UserCallbackPipelineDrawsTheFollowingImagesUntilResetRenderState) {
    WGPUTextureView red = create_solid_view(kRed);
    WGPUTextureView green = create_solid_view(kGreen);
    ImGuiLayoutPipeline grey_pipeline = create_imgui_layout_pipeline(harness_.device(), target_.format, kGreyFragment, "fs_main", "grey");
    WGPURenderPipeline grey = grey_pipeline.pipeline;
    ASSERT_NE(grey, nullptr);
    const Image image = run_frame_and_read(
        [&](ImDrawList* draw_list) {
            add_images(draw_list, {{red, ImVec2(0, 0), ImVec2(16, 16)}});
            draw_list->AddCallback(set_pipeline_callback, (void*)grey);
            add_images(draw_list, {{red, ImVec2(16, 0), ImVec2(32, 16)}, {green, ImVec2(32, 0), ImVec2(48, 16)}});
            draw_list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
            add_images(draw_list, {{green, ImVec2(48, 0), ImVec2(64, 16)}});
        },
        "frame");
    const uint32_t kGrey = IM_COL32(85, 85, 85, 255);  // (255 + 0 + 0) / 3
    EXPECT_EQ(count_pixels_other_than(image, {0, 0, 16, 16, kRed}), 0) << "before the callback";
    EXPECT_EQ(count_pixels_other_than(image, {16, 0, 32, 16, kGrey}, 1), 0)
        << "red after the callback: " << colour_string(image.pixel(24, 8));
    EXPECT_EQ(count_pixels_other_than(image, {32, 0, 48, 16, kGrey}, 1), 0)
        << "green after the callback: " << colour_string(image.pixel(40, 8));
    EXPECT_EQ(count_pixels_other_than(image, {48, 0, 64, 16, kGreen}), 0)
        << "after ResetRenderState: " << colour_string(image.pixel(56, 8));
    release_imgui_layout_pipeline(grey_pipeline);
    wgpuTextureViewRelease(red);
    wgpuTextureViewRelease(green);
}

// A callback that changes state the backend does not set before each draw (here the viewport) ends
// its commands with ImDrawCallback_ResetRenderState: the draws after it use the backend's viewport.
void set_quarter_viewport(const ImDrawList*, const ImDrawCmd*) {
    ImGui_ImplWGPU_RenderState* state = ImGui_ImplWGPU_GetRenderState();
    wgpuRenderPassEncoderSetViewport(state->RenderPassEncoder, 0.0f, 0.0f, 32.0f, 32.0f, 0.0f, 1.0f);
}

TEST_F(RenderTest, ResetRenderStateAfterAUserCallbackRestoresTheBackendsViewport) {
    WGPUTextureView green = create_solid_view(kGreen);
    const Image image = run_frame_and_read(
        [&](ImDrawList* draw_list) {
            draw_list->AddCallback(set_quarter_viewport, nullptr);
            draw_list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
            add_images(draw_list, {{green, ImVec2(16, 16), ImVec2(48, 48)}});
        },
        "frame");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{16, 16, 48, 48, kGreen}}));
    wgpuTextureViewRelease(green);
}

// Draws that share a clip rectangle share one SetScissorRect: the backend sets it only when it changes.
TEST_F(RenderTest, ScissorIsSetOnlyWhenTheClipRectangleChanges) {
    WGPUTextureView red = create_solid_view(kRed);
    WGPUTextureView green = create_solid_view(kGreen);
    warm_up();
    const tracker::CallCounts before = tracker::call_counts();
    const Image image = run_frame_and_read(
        [&](ImDrawList* draw_list) {
            for (int i = 0; i < 4; i++)  // two images alternating: a draw each, one clip rectangle
                add_images(draw_list, {{i % 2 ? green : red, ImVec2(8.0f * i, 0), ImVec2(8.0f * i + 8, 8)}});
            draw_list->PushClipRect(ImVec2(0, 16), ImVec2(64, 32));
            add_images(draw_list, {{red, ImVec2(0, 16), ImVec2(8, 24)}, {green, ImVec2(8, 16), ImVec2(16, 24)}});
            draw_list->PopClipRect();
        },
        "frame");
    const tracker::CallCounts calls = tracker::call_counts() - before;
    EXPECT_EQ(calls[tracker::Call::DrawIndexed], 6);
    EXPECT_EQ(calls[tracker::Call::SetScissorRect], 2) << "one per clip rectangle";
    EXPECT_TRUE(ImageMatches(image, kClearColour,
                             {{0, 0, 8, 8, kRed}, {8, 0, 16, 8, kGreen}, {16, 0, 24, 8, kRed}, {24, 0, 32, 8, kGreen},
                              {0, 16, 8, 24, kRed}, {8, 16, 16, 24, kGreen}}));
    wgpuTextureViewRelease(red);
    wgpuTextureViewRelease(green);
}

class LargeMeshTest : public BackendTest {
protected:
    LargeMeshTest() {
        target_width_ = 256;
        target_height_ = 128;
    }
};

// 256 x 128 one-pixel quads: 131,072 vertices, more than 16-bit indices can address. With
// ImGuiBackendFlags_RendererHasVtxOffset, ImGui splits the list into commands with VtxOffset.
TEST_F(LargeMeshTest, MeshOver64kVerticesDrawsEveryQuad) {
    WGPUTextureView white = create_solid_view(kWhite);
    int vertex_count = 0, commands_with_vtx_offset = 0;
    const Image image = run_frame_and_read(
        [&](ImDrawList* draw_list) {
            add_pixel_quads(draw_list, white, (int)target_width_, (int)target_height_);
            vertex_count = draw_list->VtxBuffer.Size;
            for (const ImDrawCmd& cmd : draw_list->CmdBuffer) commands_with_vtx_offset += cmd.VtxOffset > 0;
        },
        "frame");
    ASSERT_GT(vertex_count, 65536);
    ASSERT_GT(commands_with_vtx_offset, 0) << "ImGui did not split the mesh: RendererHasVtxOffset not set?";

    const int last_x = (int)target_width_ - 1, last_y = (int)target_height_ - 1;
    EXPECT_EQ(image.pixel(0, 0), pixel_quad_colour(0, 0)) << "first quad";
    EXPECT_EQ(image.pixel(last_x, last_y), pixel_quad_colour(last_x, last_y)) << "last quad";
    EXPECT_TRUE(ImageMatches(image, pixel_quad_colour));
    wgpuTextureViewRelease(white);
}

}  // namespace
}  // namespace imwgpu::test
