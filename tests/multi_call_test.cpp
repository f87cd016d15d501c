// Several RenderDrawData() calls before one queue submit: each call's vertices, indices and
// uniforms live in their own region of the frame's upload arena, so a later call never
// overwrites an earlier one's data (a second wgpuQueueWriteBuffer to the same range would,
// silently, since both writes land before the submit). Also: one backend per ImGui context.

#include "backend_test_support.h"

namespace imwgpu::test {
namespace {

using MultiCallTest = BackendTest;

// A copy of a draw data that survives the next ImGui::NewFrame(), so that one backend frame can
// hold two different draw datas of the same context.
class ClonedDrawData {
public:
    explicit ClonedDrawData(const ImDrawData& source) : data_(source) {
        for (int i = 0; i < source.CmdListsCount; i++) lists_.push_back(source.CmdLists[i]->CloneOutput());
        set_draw_lists(data_, lists_);
    }
    ~ClonedDrawData() {
        for (ImDrawList* list : lists_) IM_DELETE(list);
    }
    ClonedDrawData(const ClonedDrawData&) = delete;
    ClonedDrawData& operator=(const ClonedDrawData&) = delete;
    ImDrawData* get() { return &data_; }

private:
    ImDrawData               data_;
    std::vector<ImDrawList*> lists_;
};

TEST_F(MultiCallTest, SameDrawDataTwiceWithDifferentDisplayPosIntoTwoTargets) {
    WGPUTextureView red = create_solid_view(kRed);
    OffscreenTarget second_target = create_offscreen_target(harness_, target_.width, target_.height);
    begin_frame();
    add_images(ImGui::GetForegroundDrawList(), {{red, ImVec2(8, 8), ImVec2(24, 24)}});
    ImDrawData* draw_data = end_frame();

    // Only the projection differs between the calls: the second must not overwrite the first's uniforms.
    WGPUCommandEncoder encoder = create_encoder();
    encode(encoder, draw_data, target_);
    draw_data->DisplayPos = ImVec2(8, 8);
    encode(encoder, draw_data, second_target);
    harness_.submit(encoder);
    EXPECT_EQ(backend_stats().RenderCallsThisFrame, 2u);

    EXPECT_TRUE(ImageMatches(read(target_, "first_call"), kClearColour, {{8, 8, 24, 24, kRed}}));
    EXPECT_TRUE(ImageMatches(read(second_target, "second_call"), kClearColour, {{0, 0, 16, 16, kRed}}));
    release_offscreen_target(second_target);
    wgpuTextureViewRelease(red);
}

TEST_F(MultiCallTest, SameDrawDataTwiceInOnePassWithDifferentDisplayPos) {
    WGPUTextureView red = create_solid_view(kRed);
    begin_frame();
    add_images(ImGui::GetForegroundDrawList(), {{red, ImVec2(8, 8), ImVec2(24, 24)}});
    ImDrawData* draw_data = end_frame();

    // Two views of one UI side by side in one pass: the second call shifted 32 pixels right.
    WGPUCommandEncoder encoder = create_encoder();
    WGPURenderPassEncoder pass = begin_pass(encoder, target_, true, 0.0f, 0.0f, 0.0f, 1.0f);
    ImGui_ImplWGPU_RenderDrawData(draw_data, pass);
    draw_data->DisplayPos = ImVec2(-32, 0);
    ImGui_ImplWGPU_RenderDrawData(draw_data, pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness_.submit(encoder);

    EXPECT_TRUE(ImageMatches(read(target_, "frame"), kClearColour, {{8, 8, 24, 24, kRed}, {40, 8, 56, 24, kRed}}));
    wgpuTextureViewRelease(red);
}

TEST_F(MultiCallTest, TwoDrawDatasOfOneContextKeepTheirOwnVerticesAndImages) {
    WGPUTextureView red = create_solid_view(kRed);
    WGPUTextureView green = create_solid_view(kGreen);
    OffscreenTarget second_target = create_offscreen_target(harness_, target_.width, target_.height);

    begin_frame();
    add_images(ImGui::GetForegroundDrawList(), {{red, ImVec2(4, 4), ImVec2(20, 20)}});
    end_frame();
    ClonedDrawData first(*ImGui::GetDrawData());
    ImGui::NewFrame();  // an ImGui frame only: the backend's frame, and its upload arena, stay the same
    add_images(ImGui::GetForegroundDrawList(), {{green, ImVec2(30, 30), ImVec2(60, 50)}});
    ImDrawData* second = end_frame();

    WGPUCommandEncoder encoder = create_encoder();
    encode(encoder, first.get(), target_);
    encode(encoder, second, second_target);
    harness_.submit(encoder);

    EXPECT_TRUE(ImageMatches(read(target_, "first"), kClearColour, {{4, 4, 20, 20, kRed}}));
    EXPECT_TRUE(ImageMatches(read(second_target, "second"), kClearColour, {{30, 30, 60, 50, kGreen}}));
    release_offscreen_target(second_target);
    wgpuTextureViewRelease(red);
    wgpuTextureViewRelease(green);
}

// The first call fits the arena; the second needs a bigger one, which replaces the arena's
// buffer mid-frame. The first call's pass still reads the old buffer, which must stay intact.
TEST_F(MultiCallTest, ArenaGrowthWithinAFrameKeepsEarlierCallsIntact) {
    const int kBig = 128;  // 128 x 128 one-pixel quads: 65,536 vertices, 1.3 MB, more than the first arena
    WGPUTextureView red = create_solid_view(kRed);
    WGPUTextureView white = create_solid_view(kWhite);
    OffscreenTarget big_target = create_offscreen_target(harness_, kBig, kBig);

    begin_frame();
    add_images(ImGui::GetForegroundDrawList(), {{red, ImVec2(4, 4), ImVec2(20, 20)}});
    end_frame();
    ClonedDrawData small(*ImGui::GetDrawData());
    ImGui::GetIO().DisplaySize = ImVec2((float)kBig, (float)kBig);
    ImGui::NewFrame();
    add_pixel_quads(ImGui::GetForegroundDrawList(), white, kBig, kBig);
    ImDrawData* big = end_frame();

    const uint64_t reallocations = backend_stats().UploadArenaReallocationsTotal;
    WGPUCommandEncoder encoder = create_encoder();
    encode(encoder, small.get(), target_);
    encode(encoder, big, big_target);
    harness_.submit(encoder);
    EXPECT_GT(backend_stats().UploadArenaReallocationsTotal, reallocations) << "the arena did not grow: nothing tested";

    EXPECT_TRUE(ImageMatches(read(target_, "small"), kClearColour, {{4, 4, 20, 20, kRed}}));
    EXPECT_TRUE(ImageMatches(read(big_target, "big"), pixel_quad_colour));
    release_offscreen_target(big_target);
    wgpuTextureViewRelease(red);
    wgpuTextureViewRelease(white);
}

// The backend keeps its data per ImGui context: two contexts, each with its own Init(), display
// size and content, render into two targets in one encoder and one submit.
TEST_F(MultiCallTest, TwoContextsRenderIntoTwoTargetsWithOneSubmit) {
    WGPUTextureView red = create_solid_view(kRed);
    WGPUTextureView green = create_solid_view(kGreen);
    OffscreenTarget small_target = create_offscreen_target(harness_, 40, 24);
    ImGuiContext* small_context = create_context(small_target.width, small_target.height);
    ASSERT_TRUE(init_backend(default_init_info()));

    ImGui::SetCurrentContext(context_);
    begin_frame();
    add_images(ImGui::GetForegroundDrawList(), {{red, ImVec2(4, 4), ImVec2(20, 20)}});
    ImDrawData* first = end_frame();
    ImGui::SetCurrentContext(small_context);
    begin_frame();
    add_images(ImGui::GetForegroundDrawList(), {{green, ImVec2(24, 8), ImVec2(36, 20)}});
    ImDrawData* second = end_frame();

    WGPUCommandEncoder encoder = create_encoder();
    ImGui::SetCurrentContext(context_);
    encode(encoder, first, target_);
    EXPECT_EQ(backend_stats().RenderCallsThisFrame, 1u);
    ImGui::SetCurrentContext(small_context);
    encode(encoder, second, small_target);
    EXPECT_EQ(backend_stats().RenderCallsThisFrame, 1u);
    harness_.submit(encoder);

    EXPECT_TRUE(ImageMatches(read(target_, "first_context"), kClearColour, {{4, 4, 20, 20, kRed}}));
    EXPECT_TRUE(ImageMatches(read(small_target, "second_context"), kClearColour, {{24, 8, 36, 20, kGreen}}));
    release_offscreen_target(small_target);
    wgpuTextureViewRelease(red);
    wgpuTextureViewRelease(green);
}

}  // namespace
}  // namespace imwgpu::test
