// Calls of 4 MiB or more (Dawn's upload ring; InitInfo.MappedUploadMinBytes) upload through a
// buffer the backend maps itself: the draw lists are copied once into it, and a copy the backend
// submits moves them into the call's region before the application's pass reads them. WebGPU maps
// the buffer again once the GPU is done and the application has let it process events; a call
// that finds it still busy, or already used in the frame, writes its bytes as small calls do.
// Either way every call draws its own, current bytes. Small calls never make the buffer, and
// nothing is left behind at Shutdown() with a map pending.

#include "backend_test_support.h"

#include <string>

namespace imwgpu::test {
namespace {

// 256 x 256 one-pixel quads: 262,144 vertices and 393,216 indices, about 6 MiB per call.
constexpr int kMeshSide = 256;

class MappedUploadTest : public BackendTest {
protected:
    MappedUploadTest() {
        target_width_ = kMeshSide;
        target_height_ = kMeshSide;
    }
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        white_ = create_solid_view(kWhite);
        warm_up();
    }
    void TearDown() override {
        if (white_) wgpuTextureViewRelease(white_);
        BackendTest::TearDown();
    }
    void add_mesh(ImDrawList* draw_list, int rows = kMeshSide) {
        add_pixel_quads(draw_list, white_, kMeshSide, rows);
    }

    WGPUTextureView white_ = nullptr;
};

// The square every other frame paints red over the mesh, to tell a frame's bytes from the last one's.
constexpr PixelRect kRedSquare = {64, 64, 192, 192, kRed};

void add_red_square(ImDrawList* draw_list) {
    draw_list->AddRectFilled(ImVec2((float)kRedSquare.x0, (float)kRedSquare.y0), ImVec2((float)kRedSquare.x1, (float)kRedSquare.y1),
                             kRed);
}

uint32_t mesh_with_red_square(int x, int y) {
    const bool inside = x >= kRedSquare.x0 && x < kRedSquare.x1 && y >= kRedSquare.y0 && y < kRedSquare.y1;
    return inside ? kRed : pixel_quad_colour(x, y);
}

TEST_F(MappedUploadTest, SmallCallsNeverMakeTheMappedBuffer) {
    run_frame([](ImDrawList* draw_list) {
        for (int line = 0; line < 20; line++) draw_list->AddText(ImVec2(2, 2 + 12.0f * (float)line), kWhite, "small");
    });
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_GT(stats.UploadBytesThisFrame, 0u);
    EXPECT_EQ(stats.UploadMappedBytesThisFrame, 0u);
    EXPECT_EQ(stats.UploadMappedCapacity, 0u);
}

// The first large call finds the buffer mapped at creation: the whole call goes through it, no
// wgpuQueueWriteBuffer, one copy in one submit of the backend's own.
TEST_F(MappedUploadTest, LargeCallIsCopiedIntoTheMappedBufferInsteadOfWritten) {
    const tracker::CallCounts before = tracker::call_counts();
    begin_frame();
    add_mesh(ImGui::GetForegroundDrawList());
    ImDrawData* draw_data = end_frame();
    WGPUCommandEncoder encoder = create_encoder();
    encode(encoder, draw_data, target_);
    const tracker::CallCounts calls = tracker::call_counts() - before;
    harness_.submit(encoder);

    const ImGui_ImplWGPU_Stats stats = backend_stats();
    ASSERT_GT(stats.UploadBytesThisFrame, 4u * 1024 * 1024);
    EXPECT_EQ(stats.UploadMappedBytesThisFrame, stats.UploadBytesThisFrame);
    EXPECT_EQ(stats.UploadWritesThisFrame, 0u);
    EXPECT_EQ(calls[tracker::Call::QueueWriteBuffer], 0);
    EXPECT_EQ(calls[tracker::Call::CopyBufferToBuffer], 1);
    EXPECT_EQ(calls[tracker::Call::QueueSubmit], 1) << "the backend's copy, before the application's submit";
    EXPECT_TRUE(ImageMatches(read(target_, "mesh"), pixel_quad_colour));
}

// With events processed between frames (as an application's loop does), every frame maps the same
// buffer again and draws its own bytes, never the previous frame's.
TEST_F(MappedUploadTest, EachFrameReusesTheBufferAndDrawsItsOwnBytes) {
    uint64_t capacity = 0;
    int64_t buffers_after_first_frame = 0;
    for (int frame = 0; frame < 4; frame++) {
        const bool with_square = frame % 2 == 1;
        const Image image = run_frame_and_read(
            [&](ImDrawList* draw_list) {
                add_mesh(draw_list);
                if (with_square) add_red_square(draw_list);
            },
            "frame_" + std::to_string(frame));
        settle();
        const ImGui_ImplWGPU_Stats stats = backend_stats();
        EXPECT_EQ(stats.UploadMappedBytesThisFrame, stats.UploadBytesThisFrame) << "frame " << frame;
        EXPECT_TRUE(ImageMatches(image, with_square ? mesh_with_red_square : pixel_quad_colour)) << "frame " << frame;
        if (frame == 0) {
            capacity = stats.UploadMappedCapacity;
            buffers_after_first_frame = tracker::snapshot()[ObjectType::Buffer];
        }
        EXPECT_EQ(stats.UploadMappedCapacity, capacity) << "frame " << frame;
        EXPECT_EQ(tracker::snapshot()[ObjectType::Buffer], buffers_after_first_frame) << "frame " << frame;
    }
}

// The buffer serves one call per frame: a second large call of the frame writes its bytes, as
// small calls do. Both calls draw what their lists held when they were made. (The frame before has
// the same two calls, so that the upload arena holds both.)
TEST_F(MappedUploadTest, SecondLargeCallOfAFrameWritesItsBytes) {
    OffscreenTarget second_target = create_offscreen_target(harness_, target_width_, target_height_);
    ImGui_ImplWGPU_Stats after_first = {};
    for (int frame = 0; frame < 2; frame++) {
        settle();
        begin_frame();
        add_mesh(ImGui::GetForegroundDrawList());
        ImDrawData* draw_data = end_frame();
        WGPUCommandEncoder encoder = create_encoder();
        encode(encoder, draw_data, target_);
        after_first = backend_stats();
        // The same lists, recoloured: the second call must upload them again, not reuse the first's bytes.
        for (ImDrawVert& vertex : ImGui::GetForegroundDrawList()->VtxBuffer) vertex.col = kGreen;
        encode(encoder, draw_data, second_target);
        harness_.submit(encoder);
    }

    const ImGui_ImplWGPU_Stats stats = backend_stats();
    const uint64_t call_bytes = after_first.UploadBytesThisFrame;
    EXPECT_EQ(after_first.UploadMappedBytesThisFrame, call_bytes);
    EXPECT_EQ(stats.UploadMappedBytesThisFrame, call_bytes) << "the second call went through the buffer";
    EXPECT_EQ(stats.UploadBytesThisFrame, 2 * call_bytes);
    EXPECT_GT(stats.UploadWritesThisFrame, 0u);
    EXPECT_TRUE(ImageMatches(read(target_, "first_call"), pixel_quad_colour));
    EXPECT_TRUE(ImageMatches(read(second_target, "second_call"), [](int, int) { return kGreen; }));
    release_offscreen_target(second_target);
}

// A call larger than the buffer replaces it with one a quarter larger than that call; the old one
// is released.
TEST_F(MappedUploadTest, LargerCallReplacesTheBufferWithOneAQuarterLarger) {
    const int smaller_rows = 200;  // 200 x 256 quads: about 4.7 MiB, of which 256 rows are more than 1.25 times
    run_frame([&](ImDrawList* draw_list) { add_mesh(draw_list, smaller_rows); });
    settle();
    const ImGui_ImplWGPU_Stats smaller = backend_stats();
    ASSERT_EQ(smaller.UploadMappedBytesThisFrame, smaller.UploadBytesThisFrame);
    const int64_t buffers = tracker::snapshot()[ObjectType::Buffer];

    run_frame([&](ImDrawList* draw_list) { add_mesh(draw_list); });
    settle();
    const ImGui_ImplWGPU_Stats larger = backend_stats();
    const uint64_t call_bytes = larger.UploadBytesThisFrame;
    ASSERT_GT(call_bytes, smaller.UploadMappedCapacity);
    EXPECT_EQ(larger.UploadMappedBytesThisFrame, call_bytes);
    EXPECT_GE(larger.UploadMappedCapacity, call_bytes);
    EXPECT_LE(larger.UploadMappedCapacity, call_bytes + call_bytes / 4 + 4);
    // The ring grew too (its old buffer released), and the old mapped buffer is gone.
    EXPECT_EQ(tracker::snapshot()[ObjectType::Buffer], buffers);
    EXPECT_TRUE(ImageMatches(read(target_, "larger"), pixel_quad_colour));
}

// An application that does not wait for the GPU keeps frames in flight, each copy still running
// while the next large call comes: those calls get buffers of their own, up to NumFramesInFlight,
// and write once every buffer is in use. Memory stays bounded; every frame draws its own bytes.
TEST_F(MappedUploadTest, FramesInFlightGetABufferEachUpToNumFramesInFlight) {
    ImGui_ImplWGPU_InitInfo info = default_init_info();
    info.NumFramesInFlight = 2;
    ASSERT_TRUE(restart_backend(info));
    uint64_t call_bytes = 0;
    for (int frame = 0; frame < 8; frame++) {
        const bool with_square = frame % 2 == 1;
        run_frame([&](ImDrawList* draw_list) {
            add_mesh(draw_list);
            if (with_square) add_red_square(draw_list);
        });
        const ImGui_ImplWGPU_Stats stats = backend_stats();
        call_bytes = stats.UploadBytesThisFrame > call_bytes ? stats.UploadBytesThisFrame : call_bytes;
        EXPECT_LE(stats.UploadMappedCapacity, 2 * (call_bytes + call_bytes / 4 + 4)) << "frame " << frame;
    }
    EXPECT_TRUE(ImageMatches(read(target_, "last_frame"), mesh_with_red_square));
}

// InitInfo.MappedUploadMinBytes = 0 turns the mapped path off: a large call is written, and no
// mapped buffer is made.
TEST_F(MappedUploadTest, MinimumOfZeroTurnsTheMappedPathOff) {
    ImGui_ImplWGPU_InitInfo info = default_init_info();
    info.MappedUploadMinBytes = 0;
    ASSERT_TRUE(restart_backend(info));
    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { add_mesh(draw_list); }, "mesh");
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    ASSERT_GT(stats.UploadBytesThisFrame, 4u * 1024 * 1024);
    EXPECT_EQ(stats.UploadMappedBytesThisFrame, 0u);
    EXPECT_EQ(stats.UploadMappedCapacity, 0u);
    EXPECT_GT(stats.UploadWritesThisFrame, 0u);
    EXPECT_TRUE(ImageMatches(image, pixel_quad_colour));
}

// A lower InitInfo.MappedUploadMinBytes sends smaller calls through a mapped buffer: 32 rows of the
// mesh (about 750 KiB) are written by default, and mapped with a minimum of 64 KiB.
TEST_F(MappedUploadTest, LowerMinimumSendsSmallerCallsThroughTheMappedBuffer) {
    const int rows = 32;
    run_frame([&](ImDrawList* draw_list) { add_mesh(draw_list, rows); });
    EXPECT_EQ(backend_stats().UploadMappedBytesThisFrame, 0u) << "with the default minimum";

    ImGui_ImplWGPU_InitInfo info = default_init_info();
    info.MappedUploadMinBytes = 64 * 1024;
    ASSERT_TRUE(restart_backend(info));
    warm_up();  // from Dear ImGui 1.92 the new backend's first frame also uploads the font atlas
    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { add_mesh(draw_list, rows); }, "rows");
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_GT(stats.UploadBytesThisFrame, 64u * 1024);
    EXPECT_EQ(stats.UploadMappedBytesThisFrame, stats.UploadBytesThisFrame);
    EXPECT_TRUE(ImageMatches(image, [](int x, int y) { return y < rows ? pixel_quad_colour(x, y) : kClearColour; }));
}

// Shutdown() right after a large call, its map still pending: everything is released, and the
// cancelled map's callback, run later by WebGPU, touches nothing of the backend's.
TEST_F(MappedUploadTest, ShutdownWithAMapPendingLeaksNothing) {
    shutdown_backend();
    settle();
    const tracker::Snapshot baseline = tracker::snapshot();
    ASSERT_TRUE(init_backend(default_init_info()));
    run_frame([&](ImDrawList* draw_list) { add_mesh(draw_list); });
    ASSERT_GT(backend_stats().UploadMappedBytesThisFrame, 0u);
    shutdown_backend();
    settle();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
    ASSERT_TRUE(init_backend(default_init_info()));  // the fixture's TearDown() shuts it down
}

}  // namespace
}  // namespace imwgpu::test
