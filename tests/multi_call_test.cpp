// Any number of RenderDrawData() calls before one queue submit: each call's vertices, indices and
// uniforms live in their own region of the upload arena, or in a buffer of their own, so a later
// call never overwrites an earlier one's data (a second wgpuQueueWriteBuffer to the same range
// would, silently, since both writes land before the submit). Nothing a frame's calls uploaded is
// written again before the next NewFrame(). Redrawing without NewFrame() keeps the arena's memory
// flat (calls past it get buffers of their own, released once encoded), and a frame's upload
// memory is at most 1.5 times what the frame uploads. Also: one backend per ImGui context.

#include "backend_test_support.h"

#include <cstdio>
#include <functional>
#include <memory>
#include <string>

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
    const int kBig = 96;  // 96 x 96 one-pixel quads: 36,864 vertices, 830 KiB: more than the first arena, less than 1 MiB
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
// RenderDrawData() and submits, again and again, without NewFrame(): the backend cannot know that
// each call was submitted, so it keeps every call's data; the arena stays what the first calls
// needed, and the calls past it get buffers of their own, released once encoded.
TEST_F(MultiCallTest, RedrawingWithoutNewFrameKeepsUploadMemoryFlat) {
    begin_frame();
    add_text_lines(ImGui::GetForegroundDrawList(), 200);
    ImDrawData* draw_data = end_frame();

    const int kCalls = 3000, kWarmUpCalls = 100;
    ImGui_ImplWGPU_Stats warm = {};
    tracker::Snapshot warm_objects;
    Image first;
    for (int call = 1; call <= kCalls; call++) {
        render(draw_data, target_);
        if (call == 1) first = read(target_, "first_call");
        if (call == kWarmUpCalls) {
            warm = backend_stats();
            warm_objects = tracker::snapshot();
        }
        if (call % 250 == 0) harness_.wait_idle();
    }
    const ImGui_ImplWGPU_Stats last = backend_stats();
    EXPECT_EQ(last.UploadArenaCapacity, warm.UploadArenaCapacity)
        << "upload memory went from " << warm.UploadArenaCapacity << " to " << last.UploadArenaCapacity << " bytes";
    EXPECT_EQ(last.UploadArenaReallocationsTotal, warm.UploadArenaReallocationsTotal);
    EXPECT_LE(last.UploadArenaCapacity, 3u * 1024 * 1024 / 2) << "more than 1.5 times the growth limit of a frame without history";
    EXPECT_GE(last.UploadOwnBuffersThisFrame, (uint32_t)(kCalls - kWarmUpCalls));
    EXPECT_EQ(live_since(warm_objects, ObjectType::Buffer), 0) << "buffers of single calls left alive";
    EXPECT_EQ(live_since(warm_objects, ObjectType::BindGroup), 0);
    const Image final_frame = read(target_, "last_call");
    EXPECT_TRUE(ImageMatches(final_frame, [&](int x, int y) { return first.pixel(x, y); }));
}

// --- Many calls before one submit -----------------------------------------------------------------
// An editor that renders many panels (or thumbnails, or Dear ImGui contexts) into textures records
// one pass per target in one encoder and submits once. Each call here has its own colour, its own
// place and its own uniforms, and a different amount of text, so that regions differ in size.

// Call `i`'s quad: 8 x 6 pixels in a grid of 8 columns, shifted down one pixel by its own uniforms
// (DisplayPos) when i is odd; text under the grid, below y = 48, never over a quad.
PixelRect call_quad(int i) {
    const int x = 8 * (i % 8), y = 8 * ((i / 8) % 6) + (i % 2);
    return {x, y, x + 8, y + 6, IM_COL32(40 + (i * 37) % 200, 255 - (i * 53) % 200, (i % 3) * 120, 255)};
}

// The calls' draw datas, made as an application's frames would be: an ImGui frame each (the
// backend's frame is the test's business: it calls ImGui_ImplWGPU_NewFrame() itself).
class ManyCalls {
public:
    ManyCalls(int count, const std::function<WGPUTextureView(uint32_t)>& create_view) {
        for (int i = 0; i < count; i++) {
            const PixelRect quad = call_quad(i);
            views_.push_back(create_view(quad.colour));
            ImGui::NewFrame();
            ImDrawList* draw_list = ImGui::GetForegroundDrawList();
            for (int line = 0; line <= i % 5; line++) draw_list->AddText(ImVec2(2.0f, 50.0f), kWhite, "a panel's text, redrawn");
            const float shift = (float)(i % 2);  // undone by the call's DisplayPos
            add_images(draw_list, {{views_.back(), ImVec2((float)quad.x0, (float)quad.y0 - shift), ImVec2((float)quad.x1, (float)quad.y1 - shift)}});
            ImGui::Render();
            calls_.push_back(std::make_unique<ClonedDrawData>(*ImGui::GetDrawData()));
            calls_.back()->get()->DisplayPos = ImVec2(0.0f, -shift);
        }
    }
    ~ManyCalls() {
        for (WGPUTextureView view : views_) wgpuTextureViewRelease(view);
    }
    ManyCalls(const ManyCalls&) = delete;
    ManyCalls& operator=(const ManyCalls&) = delete;
    int         count() const { return (int)calls_.size(); }
    ImDrawData* get(int i) { return calls_[i]->get(); }

private:
    std::vector<WGPUTextureView>                 views_;
    std::vector<std::unique_ptr<ClonedDrawData>> calls_;
};

struct ManyCallsCase {
    int  calls;
    bool later_frame;  // false: the backend's first frame after Init(); true: after frames of the same calls
};

class ManyCallsBeforeOneSubmit : public BackendTest, public ::testing::WithParamInterface<ManyCallsCase> {
protected:
    // One frame: NewFrame(), one pass per call into the call's own target, one submit.
    void render_calls_into_targets(ManyCalls& calls, std::vector<OffscreenTarget>& targets) {
        ImGui_ImplWGPU_NewFrame();
        WGPUCommandEncoder encoder = create_encoder();
        for (int i = 0; i < calls.count(); i++) encode(encoder, calls.get(i), targets[i]);
        harness_.submit(encoder);
    }
};

TEST_P(ManyCallsBeforeOneSubmit, EachCallDrawsItsOwnDataIntoItsOwnTarget) {
    const ManyCallsCase param = GetParam();
    ASSERT_TRUE(restart_backend(default_init_info()));  // the backend's first frame is the first one here
    ImGui_ImplWGPU_CreateDeviceObjects();               // Dear ImGui needs the font atlas to make frames
    ManyCalls calls(param.calls, [&](uint32_t colour) { return create_solid_view(colour); });
    std::vector<OffscreenTarget> targets;
    for (int i = 0; i < param.calls; i++) targets.push_back(create_offscreen_target(harness_, target_.width, target_.height));

    if (param.later_frame)
        for (int frame = 0; frame < 3; frame++) render_calls_into_targets(calls, targets);
    const tracker::Snapshot before = tracker::snapshot();
    render_calls_into_targets(calls, targets);
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_EQ(stats.RenderCallsThisFrame, (uint32_t)param.calls);
    EXPECT_EQ(stats.ErrorsReported, 0u) << ImGui_ImplWGPU_GetLastError();
    if (param.later_frame) {
        // Once the arena has seen a frame like this one, it holds the whole frame: nothing is made per call.
        EXPECT_EQ(stats.UploadOwnBuffersThisFrame, 0u);
        EXPECT_EQ(stats.BindGroupsCreatedThisFrame, 0u);
    }
    // The arena (on the first frame), and no buffer of a single call: those are released once encoded.
    EXPECT_EQ(live_since(before, ObjectType::Buffer), param.later_frame ? 0 : 1);

    for (int i = 0; i < param.calls; i++) {
        const PixelRect quad = call_quad(i);
        const Image image = read(targets[i], "call_" + std::to_string(i));
        ASSERT_EQ(count_pixels_other_than(image, quad), 0) << "call " << i << " of " << param.calls << " drew " << colour_string(image.pixel(quad.x0, quad.y0))
                                                           << " where its quad (" << colour_string(quad.colour) << ") is";
    }
    for (OffscreenTarget& target : targets) release_offscreen_target(target);
}

INSTANTIATE_TEST_SUITE_P(MultiCallTest, ManyCallsBeforeOneSubmit,
                         ::testing::Values(ManyCallsCase{12, false}, ManyCallsCase{12, true}, ManyCallsCase{40, false},
                                           ManyCallsCase{40, true}, ManyCallsCase{200, false}, ManyCallsCase{200, true}),
                         [](const ::testing::TestParamInfo<ManyCallsCase>& info) {
                             return std::to_string(info.param.calls) + (info.param.later_frame ? "CallsOnALaterFrame" : "CallsOnTheFirstFrame");
                         });

// The same into one pass, after a run of redraws without NewFrame() has filled the arena.
TEST_F(MultiCallTest, FortyCallsIntoOnePassAfterRedrawsEachDrawTheirOwnData) {
    const int kCalls = 40;
    ImGui_ImplWGPU_NewFrame();
    ManyCalls calls(kCalls, [&](uint32_t colour) { return create_solid_view(colour); });
    for (int i = 0; i < 53; i++) render(calls.get(i % kCalls), target_);

    WGPUCommandEncoder encoder = create_encoder();
    WGPURenderPassEncoder pass = begin_pass(encoder, target_, true, 0.0f, 0.0f, 0.0f, 1.0f);
    for (int i = 0; i < kCalls; i++) ImGui_ImplWGPU_RenderDrawData(calls.get(i), pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness_.submit(encoder);
    EXPECT_EQ(backend_stats().ErrorsReported, 0u);

    const Image frame = read(target_, "forty_calls");
    for (int i = 0; i < kCalls; i++) {
        const PixelRect quad = call_quad(i);
        ASSERT_EQ(count_pixels_other_than(frame, quad), 0) << "call " << i << " drew " << colour_string(frame.pixel(quad.x0, quad.y0));
    }
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

}  // namespace
}  // namespace imwgpu::test
