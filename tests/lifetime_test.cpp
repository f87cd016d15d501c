// Object lifetimes, counted by the tracker: whatever the backend creates, it releases, at
// Shutdown() and at InvalidateDeviceObjects(), after any number of cycles; and what it already
// recorded into a pass stays valid after it let go of its objects.

#include "backend_test_support.h"

namespace imwgpu::test {
namespace {

// A baseline is taken before the first Init(); each test then drives the backend through frames
// that use every kind of object it creates: the font atlas (text), image bind groups (four
// images, one of them released by the application while cached) and the upload arenas.
class LifetimeTest : public BackendTestBeforeInit {
protected:
    static constexpr uint32_t kImageColours[4] = {kRed, kGreen, kBlue, kYellow};

    void TearDown() override {
        release_images();
        BackendTest::TearDown();
    }

    void create_images() {
        for (uint32_t colour : kImageColours) images_.push_back(create_solid_view(colour));
    }
    void release_images() {
        for (WGPUTextureView view : images_)
            if (view) wgpuTextureViewRelease(view);
        images_.clear();
    }

    // Text at the top, the images in a row below it, each 12 x 12 pixels.
    void build_busy_frame(ImDrawList* draw_list) {
        draw_list->AddText(ImVec2(2, 2), kWhite, "lifetime");
        for (size_t i = 0; i < images_.size(); i++)
            if (images_[i]) add_images(draw_list, {{images_[i], image_min(i), ImVec2(image_min(i).x + 12, image_min(i).y + 12)}});
    }
    static ImVec2 image_min(size_t i) { return ImVec2(2.0f + 16.0f * (float)i, 40.0f); }

    // Enough frames to use every upload arena at least once.
    void run_busy_frames() {
        for (int i = 0; i <= default_init_info().NumFramesInFlight; i++)
            run_frame([&](ImDrawList* draw_list) { build_busy_frame(draw_list); });
    }

    // Each image `indices` names shows its own colour on its own pixels.
    void expect_images_shown(const Image& image, const std::vector<size_t>& indices, const std::string& label) {
        for (size_t i : indices) {
            const ImVec2 p = image_min(i);
            EXPECT_EQ(count_pixels_other_than(image, {(int)p.x, (int)p.y, (int)p.x + 12, (int)p.y + 12, kImageColours[i]}), 0)
                << "image " << i << " in " << label;
        }
    }

    // One more busy frame, read back: every image the application still has shows its colour.
    void expect_busy_frame_pixels(const std::string& label) {
        const Image image = run_frame_and_read([&](ImDrawList* draw_list) { build_busy_frame(draw_list); }, label);
        std::vector<size_t> held;
        for (size_t i = 0; i < images_.size(); i++)
            if (images_[i]) held.push_back(i);
        expect_images_shown(image, held, label);
    }

    std::vector<WGPUTextureView> images_;
};

TEST_F(LifetimeTest, ShutdownReleasesEveryObjectTheBackendCreated) {
    const tracker::Snapshot baseline = tracker::snapshot();
    create_images();
    ASSERT_TRUE(init_backend(default_init_info()));
    run_busy_frames();
    ASSERT_GT(live_since(baseline, ObjectType::BindGroup), 0) << "the frames created no bind group: nothing tested";

    // The application lets go of a cached image: from now on only the cache holds it.
    wgpuTextureViewRelease(images_[0]);
    images_[0] = nullptr;
    expect_busy_frame_pixels("before_shutdown");

    shutdown_backend();
    release_images();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
}

#ifdef IMGUI_HAS_TEXTURES
const char* const kRetiredAtlasView = "";
#else
const char* const kRetiredAtlasView = "texture_view +1";
#endif

TEST_F(LifetimeTest, InvalidateAndCreateDeviceObjectsCyclesReleaseEverything) {
    const tracker::Snapshot baseline = tracker::snapshot();
    create_images();
    const tracker::Snapshot with_images = tracker::snapshot();
    ASSERT_TRUE(init_backend(default_init_info()));

    for (int cycle = 0; cycle < 4; cycle++) {
        run_busy_frames();
        expect_busy_frame_pixels("cycle" + std::to_string(cycle));
        ImGui_ImplWGPU_InvalidateDeviceObjects();
        // Only the device and queue references remain, which the tracker does not count, and before
        // Dear ImGui 1.92 the font atlas' view, which draw data made before the reset still names (see
        // DrawDataRetainedAcrossInvalidateDeviceObjectsDrawsItsTextWithTheNewAtlas).
        EXPECT_EQ(tracker::describe_difference(with_images, tracker::snapshot()), kRetiredAtlasView)
            << "after InvalidateDeviceObjects(), cycle " << cycle;
        // Both ways back: an explicit CreateDeviceObjects(), or the next NewFrame() doing it.
        if (cycle % 2 == 0) {
            EXPECT_TRUE(ImGui_ImplWGPU_CreateDeviceObjects());
        }
    }
    expect_busy_frame_pixels("after_cycles");

    shutdown_backend();
    EXPECT_EQ(tracker::describe_difference(with_images, tracker::snapshot()), "") << "after Shutdown()";
    release_images();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
}

TEST_F(LifetimeTest, InitShutdownCyclesReleaseEverything) {
    const tracker::Snapshot baseline = tracker::snapshot();
    create_images();
    const tracker::Snapshot with_images = tracker::snapshot();

    for (int cycle = 0; cycle < 4; cycle++) {
        ASSERT_TRUE(init_backend(default_init_info()));
        run_busy_frames();
        expect_busy_frame_pixels("cycle" + std::to_string(cycle));
        shutdown_backend();
        EXPECT_EQ(tracker::describe_difference(with_images, tracker::snapshot()), "") << "cycle " << cycle;
    }
    release_images();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
}

#ifndef IMGUI_HAS_TEXTURES
// Before Dear ImGui 1.92, a draw list names the font atlas by its view. Draw data made before
// InvalidateDeviceObjects() and drawn again after it (a device-object reset, then the same frame
// redrawn) names the old atlas view, which the reset released: the backend keeps that view as an
// entry drawn with the new atlas, so the text comes out as before, no view made meanwhile can take
// the old address, and the entry goes once the draw data is no longer drawn.
TEST_F(LifetimeTest, DrawDataRetainedAcrossInvalidateDeviceObjectsDrawsItsTextWithTheNewAtlas) {
    ASSERT_TRUE(init_backend(default_init_info()));
    warm_up();
    const tracker::Snapshot baseline = tracker::snapshot();
    begin_frame();
    ImGui::GetForegroundDrawList()->AddText(ImVec2(2, 2), kWhite, "retained across a reset");
    ImDrawData* retained = end_frame();
    render(retained, target_);
    const Image before = read(target_, "before_reset");
    const uintptr_t old_atlas = (uintptr_t)ImGui::GetIO().Fonts->TexID;

    ImGui_ImplWGPU_InvalidateDeviceObjects();
    ASSERT_TRUE(ImGui_ImplWGPU_CreateDeviceObjects());
    ASSERT_NE((uintptr_t)ImGui::GetIO().Fonts->TexID, old_atlas) << "the new atlas has the old one's address: nothing tested";
    std::vector<WGPUTextureView> views;
    for (int i = 0; i < 50; i++) {
        views.push_back(harness_.create_solid_texture_view(2, 2, kRed));
        EXPECT_NE((uintptr_t)views.back(), old_atlas) << "a new view got the retired atlas view's address";
    }
    render(retained, target_);
    const Image after = read(target_, "after_reset");
    EXPECT_TRUE(ImageMatches(after, [&](int x, int y) { return before.pixel(x, y); }));
    EXPECT_GT(count_pixels_other_than(after, {0, 0, 64, 16, kClearColour}), 20) << "no text drawn";
    EXPECT_EQ(backend_stats().ErrorsReported, 0u) << ImGui_ImplWGPU_GetLastError();
    for (WGPUTextureView view : views) wgpuTextureViewRelease(view);

    // New frames name the new atlas; once the old draw data has not been drawn for a frame, its view goes.
    run_frame([](ImDrawList* draw_list) { draw_list->AddText(ImVec2(2, 2), kWhite, "new frame"); });
    run_frame([](ImDrawList* draw_list) { draw_list->AddText(ImVec2(2, 2), kWhite, "new frame"); });
    settle();
    EXPECT_EQ(live_since(baseline, ObjectType::TextureView), 0) << "the retired atlas view is still held";
}
#endif

// The backend releases, never destroys: a pass it recorded stays valid after Shutdown() and
// after the application released its images, until the command buffer has run.
TEST_F(LifetimeTest, CommandsRecordedBeforeShutdownStayValidUntilSubmitted) {
    const tracker::Snapshot baseline = tracker::snapshot();
    create_images();
    ASSERT_TRUE(init_backend(default_init_info()));
    run_busy_frames();

    begin_frame();
    build_busy_frame(ImGui::GetForegroundDrawList());
    WGPUCommandEncoder encoder = create_encoder();
    encode(encoder, end_frame(), target_);
    shutdown_backend();
    release_images();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "command_encoder +1")
        << "only the test's encoder should still be referenced";
    harness_.submit(encoder);

    expect_images_shown(read(target_, "frame"), {0, 1, 2, 3}, "frame");
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
}

}  // namespace
}  // namespace imwgpu::test
