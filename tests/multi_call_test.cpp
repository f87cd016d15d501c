// Several RenderDrawData() calls before one queue submit: each call's vertices, indices and
// uniforms live in their own region of the upload ring, so a later call never overwrites an
// earlier one's data (a second wgpuQueueWriteBuffer to the same range would, silently, since
// both writes land before the submit). The last 8 calls since NewFrame() keep their regions.
// Redrawing without NewFrame() reuses the ring: its memory stays flat, and a frame's upload
// memory is at most 1.5 times what the frame uploads. Large lists are written straight from the
// draw list, without a staging copy. Also: one backend per ImGui context.

#include "backend_test_support.h"

#include <cstdio>
#include <memory>

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

// Text of `lines` lines, piled up in `rows` rows of 10 pixels from the top, so that none is clipped away.
void add_text_lines(ImDrawList* draw_list, int lines, int rows = 6) {
    for (int i = 0; i < lines; i++) {
        char text[64];
        snprintf(text, sizeof(text), "line %03d: retained draw data", i);
        draw_list->AddText(ImVec2(2.0f, (float)(2 + (i % rows) * 10)), kWhite, text);
    }
}

// An application that redraws retained draw data (expose events, a paused app) calls
// RenderDrawData() and submits, again and again, without NewFrame(): the upload memory must stay
// what the first calls needed.
TEST_F(MultiCallTest, RedrawingWithoutNewFrameKeepsUploadMemoryFlat) {
    begin_frame();
    add_text_lines(ImGui::GetForegroundDrawList(), 200);
    ImDrawData* draw_data = end_frame();

    const int kCalls = 3000, kWarmUpCalls = 100;
    ImGui_ImplWGPU_Stats warm = {};
    Image first;
    for (int call = 1; call <= kCalls; call++) {
        render(draw_data, target_);
        if (call == 1) first = read(target_, "first_call");
        if (call == kWarmUpCalls) warm = backend_stats();
        if (call % 250 == 0) harness_.wait_idle();
    }
    const ImGui_ImplWGPU_Stats last = backend_stats();
    EXPECT_EQ(last.UploadArenaCapacity, warm.UploadArenaCapacity)
        << "upload memory went from " << warm.UploadArenaCapacity << " to " << last.UploadArenaCapacity << " bytes";
    EXPECT_EQ(last.UploadArenaReallocationsTotal, warm.UploadArenaReallocationsTotal);
    EXPECT_LE(last.UploadArenaCapacity, 16u * last.UploadBytesThisFrame / kCalls)
        << "more than twice the 8 calls kept";
    const Image final_frame = read(target_, "last_call");
    EXPECT_TRUE(ImageMatches(final_frame, [&](int x, int y) { return first.pixel(x, y); }));
}

// The stated limit: 8 calls before one submit, each with its own draw data, each draws its own
// vertices and uniforms, also after a run of redraws without NewFrame() has sized the ring and
// left it part-way, so that the 8 calls wrap around it.
TEST_F(MultiCallTest, EightCallsBeforeOneSubmitEachDrawTheirOwnData) {
    const int kCalls = 8;
    std::vector<WGPUTextureView> views;
    std::vector<std::unique_ptr<ClonedDrawData>> calls;
    std::vector<PixelRect> expected;
    begin_frame();
    for (int i = 0; i < kCalls; i++) {
        const uint32_t colour = IM_COL32(40 + 30 * i, 255 - 30 * i, (i % 2) ? 255 : 0, 255);
        views.push_back(create_solid_view(colour));
        if (i > 0) ImGui::NewFrame();  // an ImGui frame only: the backend's frame stays the same
        // Each call's own quad at its own place, and text: every call uploads the same number of bytes.
        add_images(ImGui::GetForegroundDrawList(), {{views[i], ImVec2(8.0f * i, 44), ImVec2(8.0f * i + 8, 50)}});
        add_text_lines(ImGui::GetForegroundDrawList(), 10, 1);
        end_frame();
        calls.push_back(std::make_unique<ClonedDrawData>(*ImGui::GetDrawData()));
        calls.back()->get()->DisplayPos = ImVec2(0.0f, -2.0f * i);  // and its own uniforms: shifted down 2*i
        expected.push_back({8 * i, 44 + 2 * i, 8 * i + 8, 50 + 2 * i, colour});
    }
    for (int i = 0; i < 53; i++) render(calls[i % kCalls]->get(), target_);

    WGPUCommandEncoder encoder = create_encoder();
    WGPURenderPassEncoder pass = begin_pass(encoder, target_, true, 0.0f, 0.0f, 0.0f, 1.0f);
    for (int i = 0; i < kCalls; i++) ImGui_ImplWGPU_RenderDrawData(calls[i]->get(), pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness_.submit(encoder);
    EXPECT_EQ(backend_stats().ErrorsReported, 0u);

    // The quads are checked: the text above them is drawn by every call.
    const Image frame = read(target_, "eight_calls");
    for (const PixelRect& rect : expected)
        for (int y = rect.y0; y < rect.y1; y++)
            for (int x = rect.x0; x < rect.x1; x++)
                ASSERT_EQ(frame.pixel(x, y), rect.colour) << "call " << rect.x0 / 8 << " at (" << x << ", " << y << ")";
    for (WGPUTextureView view : views) wgpuTextureViewRelease(view);
}

// Once warm, the upload memory holds one frame's data with room to spare, not one arena per frame
// in flight: at most 1.5 times what a frame uploads (plus the region alignment).
TEST_F(MultiCallTest, UploadMemoryIsAtMostOneAndAHalfFramesOfData) {
    for (int frame = 0; frame < 5; frame++) run_frame([](ImDrawList* draw_list) { add_text_lines(draw_list, 40); });
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    ASSERT_GT(stats.UploadBytesThisFrame, 0u);
    EXPECT_LE(stats.UploadArenaCapacity, stats.UploadBytesThisFrame * 3 / 2 + 256)
        << stats.UploadArenaCapacity << " bytes held for " << stats.UploadBytesThisFrame << " bytes per frame";
}

// A large draw list goes from its ImDrawList to WebGPU in one CPU copy: only the uniforms (and the
// unaligned ends of 16-bit index arrays) pass through the backend's staging block.
TEST_F(MultiCallTest, LargeListsAreWrittenWithoutAStagingCopy) {
    const int kSide = 64;  // 16,384 vertices: 320 KiB
    WGPUTextureView white = create_solid_view(kWhite);
    warm_up();
    const tracker::CallCounts before = tracker::call_counts();
    run_frame([&](ImDrawList* draw_list) { add_pixel_quads(draw_list, white, kSide, kSide); });
    const int64_t writes = (tracker::call_counts() - before)[tracker::Call::QueueWriteBuffer];
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_GE(stats.UploadBytesThisFrame, 4u * kSide * kSide * sizeof(ImDrawVert));
    EXPECT_LE(stats.UploadStagedBytesThisFrame, 256u) << "bytes copied twice";
    // The staged uniforms, the indices, the vertices (and at most an unaligned tail).
    EXPECT_EQ((int64_t)stats.UploadWritesThisFrame, writes);
    EXPECT_GE(writes, 3);
    EXPECT_LE(writes, 4);
    EXPECT_TRUE(ImageMatches(read(target_, "pixel_quads"), pixel_quad_colour));
    wgpuTextureViewRelease(white);
}

// A grid of images has many vertices and few indices (20 bytes per vertex, 3 per vertex of indices): the vertices are
// written straight from the draw list, and the uniforms with the indices before them leave the staging block in one
// write, so the call makes two writes.
TEST_F(MultiCallTest, LargeVerticesWithSmallIndicesAreUploadedInTwoWrites) {
    const int kWidth = 64, kRows = 16;  // 4,096 vertices: 80 KiB; 6,144 indices: 12 KiB
    WGPUTextureView white = create_solid_view(kWhite);
    warm_up();
    const tracker::CallCounts before = tracker::call_counts();
    run_frame([&](ImDrawList* draw_list) { add_pixel_quads(draw_list, white, kWidth, kRows); });
    const int64_t writes = (tracker::call_counts() - before)[tracker::Call::QueueWriteBuffer];
    EXPECT_EQ(writes, 2);
    EXPECT_EQ((int64_t)backend_stats().UploadWritesThisFrame, writes);
    EXPECT_TRUE(ImageMatches(read(target_, "pixel_quad_rows"),
                             [&](int x, int y) { return y < kRows ? pixel_quad_colour(x, y) : kClearColour; }));
    wgpuTextureViewRelease(white);
}

}  // namespace
}  // namespace imwgpu::test
