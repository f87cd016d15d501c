// How a call's bytes become wgpuQueueWriteBuffer() calls. A large list goes from its ImDrawList to
// WebGPU in one CPU copy; small ones (and the uniforms) are gathered and leave the staging block
// together. No write carries more than InitInfo.UploadWriteMaxBytes (rounded down to a multiple of
// 4): a call is then cut into pieces and draws exactly what it draws in one write. Left at 0, the
// limit is the backend's choice: 4 MiB, except in Firefox, where a write of 1 KiB or more costs a
// shared memory segment of its own and the backend writes pieces of 1020 bytes.

#include "backend_test_support.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/em_js.h>
#endif

namespace imwgpu::test {
namespace {

constexpr uint32_t kNativeWriteMaxBytes = 4 * 1024 * 1024;
constexpr uint32_t kFirefoxInlineWriteMaxBytes = 1020;

#ifdef __EMSCRIPTEN__
EM_JS(int, page_runs_in_firefox, (), { return navigator.userAgent.indexOf("Firefox/") >= 0 ? 1 : 0; });
#else
int page_runs_in_firefox() { return 0; }
#endif

class UploadWriteTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        white_ = create_solid_view(kWhite);
    }
    void TearDown() override {
        if (white_) wgpuTextureViewRelease(white_);
        BackendTest::TearDown();
    }
    // The backend again, with this write limit, warmed up; the tracker's largest write forgotten.
    void restart_with_write_max(uint32_t bytes) {
        ImGui_ImplWGPU_InitInfo info = default_init_info();
        info.UploadWriteMaxBytes = bytes;
        ASSERT_TRUE(restart_backend(info));
        warm_up();
        tracker::take_largest_queue_write_bytes();
    }
    // One frame of 64 x rows one-pixel quads: its WebGPU writes and their largest size.
    int64_t run_pixel_quads_frame(int rows, uint64_t* largest_write) {
        const tracker::CallCounts before = tracker::call_counts();
        run_frame([&](ImDrawList* draw_list) { add_pixel_quads(draw_list, white_, 64, rows); });
        *largest_write = tracker::take_largest_queue_write_bytes();
        return (tracker::call_counts() - before)[tracker::Call::QueueWriteBuffer];
    }

    WGPUTextureView white_ = nullptr;
};

uint32_t pixel_quad_rows_colour(int x, int y, int rows) {
    return y < rows ? pixel_quad_colour(x, y) : kClearColour;
}

// A large draw list goes from its ImDrawList to WebGPU in one CPU copy: only the uniforms (and the
// unaligned ends of 16-bit index arrays) pass through the backend's staging block.
TEST_F(UploadWriteTest, LargeListsAreWrittenWithoutAStagingCopy) {
    restart_with_write_max(kNativeWriteMaxBytes);
    uint64_t largest = 0;
    const int64_t writes = run_pixel_quads_frame(64, &largest);  // 16,384 vertices: 320 KiB
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_GE(stats.UploadBytesThisFrame, 4u * 64 * 64 * sizeof(ImDrawVert));
    EXPECT_LE(stats.UploadStagedBytesThisFrame, 256u) << "bytes copied twice";
    // The staged uniforms, the indices, the vertices (and at most an unaligned tail).
    EXPECT_EQ((int64_t)stats.UploadWritesThisFrame, writes);
    EXPECT_GE(writes, 3);
    EXPECT_LE(writes, 4);
    EXPECT_TRUE(ImageMatches(read(target_, "pixel_quads"), pixel_quad_colour));
}

// A grid of images has many vertices and few indices (20 bytes per vertex, 3 per vertex of indices): the vertices are
// written straight from the draw list, and the uniforms with the indices before them leave the staging block in one
// write, so the call makes two writes.
TEST_F(UploadWriteTest, LargeVerticesWithSmallIndicesAreUploadedInTwoWrites) {
    restart_with_write_max(kNativeWriteMaxBytes);
    const int kRows = 16;  // 4,096 vertices: 80 KiB; 6,144 indices: 12 KiB
    uint64_t largest = 0;
    const int64_t writes = run_pixel_quads_frame(kRows, &largest);
    EXPECT_EQ(writes, 2);
    EXPECT_EQ((int64_t)backend_stats().UploadWritesThisFrame, writes);
    EXPECT_TRUE(ImageMatches(read(target_, "pixel_quad_rows"), [&](int x, int y) { return pixel_quad_rows_colour(x, y, kRows); }));
}

// With a limit, both the gathered bytes (uniforms, indices) and the vertices written from the draw list go in pieces
// of at most the limit, and the call draws every quad where it belongs.
TEST_F(UploadWriteTest, NoWriteCarriesMoreThanTheLimit) {
    restart_with_write_max(kFirefoxInlineWriteMaxBytes);
    const int kRows = 16;
    uint64_t largest = 0;
    const int64_t writes = run_pixel_quads_frame(kRows, &largest);
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_EQ(stats.UploadWriteMaxBytes, kFirefoxInlineWriteMaxBytes);
    EXPECT_LE(largest, kFirefoxInlineWriteMaxBytes);
    EXPECT_EQ((int64_t)stats.UploadWritesThisFrame, writes);
    EXPECT_GE((uint64_t)writes, (stats.UploadBytesThisFrame + kFirefoxInlineWriteMaxBytes - 1) / kFirefoxInlineWriteMaxBytes);
    EXPECT_TRUE(ImageMatches(read(target_, "pixel_quad_rows_in_pieces"), [&](int x, int y) { return pixel_quad_rows_colour(x, y, kRows); }));
}

// wgpuQueueWriteBuffer() takes sizes in multiples of 4: a limit that is not one is rounded down, and one under 4 is 4.
TEST_F(UploadWriteTest, LimitIsRoundedDownToAMultipleOfFourAndAtLeastFour) {
    restart_with_write_max(1023);
    EXPECT_EQ(backend_stats().UploadWriteMaxBytes, 1020u);
    uint64_t largest = 0;
    run_pixel_quads_frame(2, &largest);
    EXPECT_LE(largest, 1020u);
    EXPECT_TRUE(ImageMatches(read(target_, "limit_1023"), [&](int x, int y) { return pixel_quad_rows_colour(x, y, 2); }));

    restart_with_write_max(3);
    EXPECT_EQ(backend_stats().UploadWriteMaxBytes, 4u);
    run_pixel_quads_frame(2, &largest);
    EXPECT_EQ(largest, 4u);
    EXPECT_TRUE(ImageMatches(read(target_, "limit_3"), [&](int x, int y) { return pixel_quad_rows_colour(x, y, 2); }));
}

// Left at 0, the limit is Firefox's largest write sent inside a message, in Firefox, and 4 MiB everywhere else:
// natively and in Chromium one write per call costs least.
TEST_F(UploadWriteTest, DefaultLimitIsFirefoxsInlineWriteSizeOnlyInFirefox) {
    restart_with_write_max(0);
    const uint32_t expected = page_runs_in_firefox() ? kFirefoxInlineWriteMaxBytes : kNativeWriteMaxBytes;
    EXPECT_EQ(backend_stats().UploadWriteMaxBytes, expected);
    uint64_t largest = 0;
    run_pixel_quads_frame(16, &largest);
    EXPECT_LE(largest, (uint64_t)expected);
    if (!page_runs_in_firefox()) EXPECT_GT(largest, (uint64_t)kFirefoxInlineWriteMaxBytes) << "a small limit outside Firefox";
}

}  // namespace
}  // namespace imwgpu::test
