// Textures made for the application (ImGui_ImplWGPU_CreateTexture / UpdateTextureRect /
// DestroyTexture), images with options (ImGui_ImplWGPU_AddImage / RemoveImage: filter, address
// mode, mipmaps, and the sample types upstream cannot show: depth, unfilterable float, one
// channel), and the standard sampler draw callbacks. Every test reads its pixels back; the
// tracker is back at its baseline after Shutdown() in all of them.

#include "backend_test_support.h"

#include <climits>
#include <cstring>
#include <vector>

namespace imwgpu::test {
namespace {

// A distinct, opaque, never-black colour for each texel of a texture up to 32 x 32.
uint32_t texel_colour(int x, int y) { return IM_COL32(8 * x + 4, 8 * y + 4, 0x80, 0xFF); }

// Texels of a w x h RGBA8 texture, top row first, in the byte order of IM_COL32 (R, G, B, A).
std::vector<uint32_t> texels(int w, int h, uint32_t (*colour)(int x, int y)) {
    std::vector<uint32_t> result;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) result.push_back(colour(x, y));
    return result;
}
const uint8_t* bytes(const std::vector<uint32_t>& texels) { return (const uint8_t*)texels.data(); }

// A 2 x 2 checker of red and blue: nearest sampling magnifies it into four flat squares, linear
// sampling blends red and blue (purple) between the texel centres.
uint32_t checker_colour(int x, int y) { return ((x + y) & 1) ? kBlue : kRed; }

class TextureApiTest : public BackendTestBeforeInit {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        baseline_ = tracker::snapshot();
        ASSERT_TRUE(init_backend(default_init_info()));
    }

    // After Shutdown() and the release of the test's own views, nothing made since SetUp() is alive.
    void TearDown() override {
        ImGui::SetCurrentContext(context_);
        if (ImGui::GetIO().BackendRendererUserData) shutdown_backend();
        for (WGPUTextureView view : views_) wgpuTextureViewRelease(view);
        views_.clear();
        if (context_) {
            EXPECT_EQ(tracker::describe_difference(baseline_, tracker::snapshot()), "") << "after Shutdown()";
        }
        BackendTest::TearDown();
    }

    int frames_in_flight() const { return default_init_info().NumFramesInFlight; }

    // Views the test made, released at TearDown() before the tracker check.
    WGPUTextureView keep(WGPUTextureView view) {
        EXPECT_NE(view, nullptr);
        views_.push_back(view);
        return view;
    }
    WGPUTextureView checker_view() {
        const std::vector<uint32_t> checker = texels(2, 2, checker_colour);
        return keep(harness_.create_texture_view_rgba8(2, 2, bytes(checker)));
    }

    // Writes the whole of mip `level` (w x h texels, tightly packed).
    void write_level(WGPUTexture texture, uint32_t level, uint32_t w, uint32_t h, const void* data, uint32_t texel_bytes) {
        WGPUTexelCopyTextureInfo destination = {};
        destination.texture = texture;
        destination.mipLevel = level;
        destination.aspect = WGPUTextureAspect_All;
        WGPUTexelCopyBufferLayout layout = {};
        layout.bytesPerRow = w * texel_bytes;
        layout.rowsPerImage = h;
        const WGPUExtent3D size = {w, h, 1};
        wgpuQueueWriteTexture(harness_.queue(), &destination, data, (size_t)w * h * texel_bytes, &layout, &size);
    }
    // A kept view of every level of `texture` (one aspect of it).
    WGPUTextureView create_view(WGPUTexture texture, WGPUTextureAspect aspect = WGPUTextureAspect_All) {
        WGPUTextureViewDescriptor desc = {};
        desc.dimension = WGPUTextureViewDimension_2D;
        desc.mipLevelCount = WGPU_MIP_LEVEL_COUNT_UNDEFINED;
        desc.arrayLayerCount = WGPU_ARRAY_LAYER_COUNT_UNDEFINED;
        desc.aspect = aspect;
        return keep(wgpuTextureCreateView(texture, &desc));
    }

    // The 2 x 2 checker magnified to [x0, x0 + 32) x [y0, y0 + 32): four flat 16 x 16 squares with
    // nearest sampling, a red-blue blend at the centre with linear sampling.
    static void expect_nearest_checker(const Image& image, int x0, int y0, const std::string& label) {
        for (int ty = 0; ty < 2; ty++)
            for (int tx = 0; tx < 2; tx++) {
                const PixelRect square = {x0 + 16 * tx, y0 + 16 * ty, x0 + 16 * tx + 16, y0 + 16 * ty + 16, checker_colour(tx, ty)};
                EXPECT_EQ(count_pixels_other_than(image, square), 0) << label << ": texel (" << tx << ", " << ty << ")";
            }
    }
    static void expect_linear_checker(const Image& image, int x0, int y0, const std::string& label) {
        const uint32_t centre = image.pixel((uint32_t)x0 + 16, (uint32_t)y0 + 16);
        const int red = (int)(centre & 0xFF), blue = (int)((centre >> 16) & 0xFF);
        EXPECT_TRUE(red > 64 && red < 192 && blue > 64 && blue < 192)
            << label << ": the centre should blend red and blue, got " << colour_string(centre);
    }

    tracker::Snapshot            baseline_;
    std::vector<WGPUTextureView> views_;
};

TEST_F(TextureApiTest, CreateTextureDrawsItsPixels) {
    const std::vector<uint32_t> pixels = texels(8, 8, texel_colour);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(8, 8, pixels.data());
    ASSERT_NE(texture, ImTextureID{}) << ImGui_ImplWGPU_GetLastError();

    // Drawn 1:1, each pixel samples one texel at its centre: exact colours, even with linear filtering.
    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(4, 4), ImVec2(12, 12)); }, "frame");
    EXPECT_TRUE(ImageMatches(image, [&](int x, int y) {
        const bool inside = x >= 4 && x < 12 && y >= 4 && y < 12;
        return inside ? pixels[(size_t)(y - 4) * 8 + (size_t)(x - 4)] : kClearColour;
    }));
    ImGui_ImplWGPU_DestroyTexture(texture);
}

// The rectangle comes from a larger source image (pitch wider than the rectangle's rows).
TEST_F(TextureApiTest, UpdateTextureRectChangesExactlyTheRectangle) {
    const std::vector<uint32_t> red(16 * 16, kRed);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(16, 16, red.data());
    const std::vector<uint32_t> source = texels(16, 16, texel_colour);
    const int rx = 3, ry = 5, rw = 6, rh = 4;
    ASSERT_TRUE(ImGui_ImplWGPU_UpdateTextureRect(texture, rx, ry, rw, rh, &source[(size_t)ry * 16 + rx], 16 * 4))
        << ImGui_ImplWGPU_GetLastError();

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(0, 0), ImVec2(16, 16)); }, "frame");
    EXPECT_TRUE(ImageMatches(image, [&](int x, int y) {
        if (x >= 16 || y >= 16) return kClearColour;
        const bool inside = x >= rx && x < rx + rw && y >= ry && y < ry + rh;
        return inside ? source[(size_t)y * 16 + x] : kRed;
    }));
    ImGui_ImplWGPU_DestroyTexture(texture);
}

// The source is a whole 16 x 16 image (pitch 16 * 4) ending at an inaccessible page, and the
// rectangle is its bottom-right corner: reading whole rows of pitch bytes would cross the page
// and crash; the update must read exactly up to the rectangle's last pixel.
TEST_F(TextureApiTest, UpdateAtBottomRightCornerReadsNothingPastThePixels) {
    const std::vector<uint32_t> red(16 * 16, kRed);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(16, 16, red.data());
    const std::vector<uint32_t> source = texels(16, 16, texel_colour);
    GuardedBytes guarded(source.size() * 4);
    ASSERT_NE(guarded.data(), nullptr);
    memcpy(guarded.data(), source.data(), guarded.size());
    ASSERT_TRUE(ImGui_ImplWGPU_UpdateTextureRect(texture, 12, 12, 4, 4, guarded.data() + (12 * 16 + 12) * 4, 16 * 4))
        << ImGui_ImplWGPU_GetLastError();

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(0, 0), ImVec2(16, 16)); }, "frame");
    EXPECT_TRUE(ImageMatches(image, [&](int x, int y) {
        if (x >= 16 || y >= 16) return kClearColour;
        return (x >= 12 && y >= 12) ? source[(size_t)y * 16 + x] : kRed;
    }));
    ImGui_ImplWGPU_DestroyTexture(texture);
    // The pixels were checked; without the guard page, that the update reads nothing past them was not.
    if (!GuardedBytes::guards_reads()) GTEST_SKIP() << GuardedBytes::kNoGuardPage;
}

// Every bad call returns false, reports one error, writes nothing (the texture stays red) and
// causes no WebGPU error.
TEST_F(TextureApiTest, BadRectanglesAreRejectedWithAnError) {
    const std::vector<uint32_t> red(8 * 8, kRed);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(8, 8, red.data());
    const ImTextureID plain_view = texture_id(keep(create_solid_view(kGreen)));
    const std::vector<uint32_t> green(2 * 2, kGreen);
    struct Case {
        const char*  name;
        ImTextureID  texture;
        int          x, y, w, h;
        const void*  pixels;
        int          pitch;
    };
    const Case cases[] = {
        {"negative_x", texture, -1, 0, 2, 2, green.data(), 8},
        {"negative_y", texture, 0, -1, 2, 2, green.data(), 8},
        {"zero_width", texture, 0, 0, 0, 2, green.data(), 8},
        {"zero_height", texture, 0, 0, 2, 0, green.data(), 8},
        {"past_right_edge", texture, 7, 0, 2, 2, green.data(), 8},
        {"past_bottom_edge", texture, 0, 7, 2, 2, green.data(), 8},
        {"pitch_below_width_times_4", texture, 0, 0, 2, 2, green.data(), 7},
        {"null_pixels", texture, 0, 0, 2, 2, nullptr, 8},
        {"view_not_made_by_create_texture", plain_view, 0, 0, 2, 2, green.data(), 8},
        {"null_texture", ImTextureID{}, 0, 0, 2, 2, green.data(), 8},
    };
    for (const Case& c : cases) {
        const uint64_t errors = backend_stats().ErrorsReported;
        EXPECT_FALSE(ImGui_ImplWGPU_UpdateTextureRect(c.texture, c.x, c.y, c.w, c.h, c.pixels, c.pitch)) << c.name;
        EXPECT_EQ(backend_stats().ErrorsReported, errors + 1) << c.name;
        EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("UpdateTextureRect"), std::string::npos) << c.name;
    }
    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(0, 0), ImVec2(8, 8)); }, "frame");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{0, 0, 8, 8, kRed}}));
    ImGui_ImplWGPU_DestroyTexture(texture);
}

// DestroyTexture() in a frame: that frame and the next NumFramesInFlight - 1 still draw the
// texture; the NumFramesInFlight-th NewFrame() after the call releases its texture, view and bind group.
TEST_F(TextureApiTest, DestroyTextureKeepsDrawingForTheFramesInFlightThenReleases) {
    warm_up();
    const tracker::Snapshot before = tracker::snapshot();
    const std::vector<uint32_t> green(2 * 2, kGreen);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(2, 2, green.data());
    const auto draw_texture = [&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(8, 8), ImVec2(24, 24)); };

    begin_frame();
    ImGui_ImplWGPU_DestroyTexture(texture);
    draw_texture(ImGui::GetForegroundDrawList());
    render(end_frame(), target_);
    EXPECT_TRUE(ImageMatches(read(target_, "destroy_frame"), kClearColour, {{8, 8, 24, 24, kGreen}}));
    EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "bind_group +1, texture +1, texture_view +1");

    for (int frame = 1; frame < frames_in_flight(); frame++) {
        const Image image = run_frame_and_read(draw_texture, "frame" + std::to_string(frame));
        EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}})) << "frame " << frame << " after DestroyTexture()";
        EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "bind_group +1, texture +1, texture_view +1")
            << "frame " << frame << " after DestroyTexture()";
    }
    begin_frame();
    EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "")
        << "NewFrame() number " << frames_in_flight() << " after DestroyTexture()";
    render(end_frame(), target_);
}

TEST_F(TextureApiTest, NearestFilterKeepsTexelEdgesLinearFilterBlends) {
    ImGui_ImplWGPU_ImageOptions nearest, linear;
    nearest.Filter = ImGui_ImplWGPU_Filter_Nearest;
    linear.Filter = ImGui_ImplWGPU_Filter_Linear;
    const ImTextureID nearest_image = ImGui_ImplWGPU_AddImage(checker_view(), &nearest);
    const ImTextureID linear_image = ImGui_ImplWGPU_AddImage(checker_view(), &linear);

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) {
        draw_list->AddImage(nearest_image, ImVec2(0, 0), ImVec2(32, 32));
        draw_list->AddImage(linear_image, ImVec2(32, 0), ImVec2(64, 32));
    }, "frame");
    expect_nearest_checker(image, 0, 0, "nearest");
    expect_linear_checker(image, 32, 0, "linear");
    ImGui_ImplWGPU_RemoveImage(nearest_image);
    ImGui_ImplWGPU_RemoveImage(linear_image);
}

// UVs 0..2 over 32 x 32 pixels: the 2 x 2 texture twice in each direction, 8 pixels a texel.
TEST_F(TextureApiTest, RepeatAddressModeWithUvsUpToTwoShowsTheTextureTwice) {
    static const uint32_t kTexels[4] = {kRed, kGreen, kBlue, kYellow};
    ImGui_ImplWGPU_ImageOptions options;
    options.Filter = ImGui_ImplWGPU_Filter_Nearest;
    options.AddressMode = ImGui_ImplWGPU_AddressMode_Repeat;
    const ImTextureID image_id = ImGui_ImplWGPU_AddImage(keep(harness_.create_texture_view_rgba8(2, 2, (const uint8_t*)kTexels)), &options);

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) {
        draw_list->AddImage(image_id, ImVec2(0, 0), ImVec2(32, 32), ImVec2(0, 0), ImVec2(2, 2));
    }, "frame");
    EXPECT_TRUE(ImageMatches(image, [&](int x, int y) {
        if (x >= 32 || y >= 32) return kClearColour;
        return kTexels[((y / 8) % 2) * 2 + (x / 8) % 2];
    }));
    ImGui_ImplWGPU_RemoveImage(image_id);
}

// Two 8 x 8 textures whose level 0 is red and level 1 green, drawn into 2 x 2 pixels (level of
// detail 2, clamped to the last level): green with Mipmaps, red without. Two textures, not two views
// of one: Dawn hands out the same view object for the same texture and view descriptor, and an
// image's options belong to its view.
TEST_F(TextureApiTest, MipmapsShowTheSmallerLevelWhenMinified) {
    const auto two_level_view = [&] {
        WGPUTexture texture = harness_.create_texture(8, 8, WGPUTextureFormat_RGBA8Unorm, 2);
        const std::vector<uint32_t> level0(8 * 8, kRed), level1(4 * 4, kGreen);
        write_level(texture, 0, 8, 8, level0.data(), 4);
        write_level(texture, 1, 4, 4, level1.data(), 4);
        WGPUTextureView view = create_view(texture);
        wgpuTextureRelease(texture);  // the view keeps it
        return view;
    };
    ImGui_ImplWGPU_ImageOptions mipmapped;
    mipmapped.Mipmaps = true;
    const ImTextureID with_mipmaps = ImGui_ImplWGPU_AddImage(two_level_view(), &mipmapped);
    const ImTextureID without_mipmaps = ImGui_ImplWGPU_AddImage(two_level_view(), nullptr);

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) {
        draw_list->AddImage(with_mipmaps, ImVec2(8, 8), ImVec2(10, 10));
        draw_list->AddImage(without_mipmaps, ImVec2(16, 8), ImVec2(18, 10));
    }, "frame");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 10, 10, kGreen}, {16, 8, 18, 10, kRed}}));
    ImGui_ImplWGPU_RemoveImage(with_mipmaps);
    ImGui_ImplWGPU_RemoveImage(without_mipmaps);
}

// A Depth32Float texture cleared to 0.25 by a render pass, shown through its depth aspect: grey 0.25.
TEST_F(TextureApiTest, DepthTextureShowsItsDepthAsGrey) {
    WGPUTexture depth = harness_.create_texture(4, 4, WGPUTextureFormat_Depth32Float, 1,
                                       WGPUTextureUsage_RenderAttachment | WGPUTextureUsage_TextureBinding);
    WGPUTextureView attachment = create_view(depth);
    WGPURenderPassDepthStencilAttachment depth_attachment = {};
    depth_attachment.view = attachment;
    depth_attachment.depthLoadOp = WGPULoadOp_Clear;
    depth_attachment.depthStoreOp = WGPUStoreOp_Store;
    depth_attachment.depthClearValue = 0.25f;
    WGPURenderPassDescriptor pass_desc = {};
    pass_desc.depthStencilAttachment = &depth_attachment;
    WGPUCommandEncoder encoder = create_encoder();
    WGPURenderPassEncoder pass = wgpuCommandEncoderBeginRenderPass(encoder, &pass_desc);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness_.submit(encoder);

    ImGui_ImplWGPU_ImageOptions options;
    options.SampleType = ImGui_ImplWGPU_SampleType_Depth;
    const ImTextureID image_id = ImGui_ImplWGPU_AddImage(create_view(depth, WGPUTextureAspect_DepthOnly), &options);
    wgpuTextureRelease(depth);

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(image_id, ImVec2(0, 0), ImVec2(16, 16)); }, "frame");
    EXPECT_EQ(count_pixels_other_than(image, {0, 0, 16, 16, IM_COL32(64, 64, 64, 255)}, 1), 0)
        << "depth 0.25 should show as grey 64, got " << colour_string(image.pixel(8, 8));
    EXPECT_EQ(count_pixels_other_than(image, {16, 0, 64, 64, kClearColour}), 0);
    ImGui_ImplWGPU_RemoveImage(image_id);
}

TEST_F(TextureApiTest, UnfilterableFloatTextureShowsItsColour) {
    WGPUTexture texture = harness_.create_texture(2, 2, WGPUTextureFormat_RGBA32Float, 1);
    const float texel[4] = {0.25f, 0.5f, 0.75f, 1.0f};
    std::vector<float> texel_data;
    for (int i = 0; i < 4; i++) texel_data.insert(texel_data.end(), texel, texel + 4);
    write_level(texture, 0, 2, 2, texel_data.data(), 16);
    ImGui_ImplWGPU_ImageOptions options;
    options.SampleType = ImGui_ImplWGPU_SampleType_UnfilterableFloat;
    const ImTextureID image_id = ImGui_ImplWGPU_AddImage(create_view(texture), &options);
    wgpuTextureRelease(texture);

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(image_id, ImVec2(0, 0), ImVec2(16, 16)); }, "frame");
    EXPECT_EQ(count_pixels_other_than(image, {0, 0, 16, 16, IM_COL32(64, 128, 191, 255)}, 1), 0)
        << "got " << colour_string(image.pixel(8, 8));
    ImGui_ImplWGPU_RemoveImage(image_id);
}

// An R8Unorm texture of coverages 0, 64, 128, 255, drawn over the black target: white at that
// coverage, i.e. those grey levels.
TEST_F(TextureApiTest, AlphaSampleTypeDrawsWhiteWithTheChannelAsCoverage) {
    static const uint8_t kCoverage[4] = {0, 64, 128, 255};
    WGPUTexture texture = harness_.create_texture(4, 1, WGPUTextureFormat_R8Unorm, 1);
    write_level(texture, 0, 4, 1, kCoverage, 1);
    ImGui_ImplWGPU_ImageOptions options;
    options.SampleType = ImGui_ImplWGPU_SampleType_Alpha;
    options.Filter = ImGui_ImplWGPU_Filter_Nearest;
    const ImTextureID image_id = ImGui_ImplWGPU_AddImage(create_view(texture), &options);
    wgpuTextureRelease(texture);

    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(image_id, ImVec2(0, 0), ImVec2(32, 8)); }, "frame");
    for (int i = 0; i < 4; i++) {
        const uint8_t c = kCoverage[i];
        EXPECT_EQ(count_pixels_other_than(image, {8 * i, 0, 8 * i + 8, 8, IM_COL32(c, c, c, 255)}, 1), 0)
            << "coverage " << (int)c << ", got " << colour_string(image.pixel((uint32_t)(8 * i + 4), 4));
    }
    ImGui_ImplWGPU_RemoveImage(image_id);
}

// The pipeline an image's sample type needs is made when the image is added, not while a pass is
// being encoded: the frame that first draws it creates none.
TEST_F(TextureApiTest, PipelineOfANewSampleTypeIsMadeWhenTheImageIsAdded) {
    warm_up();
    WGPUTexture texture = harness_.create_texture(4, 1, WGPUTextureFormat_R8Unorm, 1);
    ImGui_ImplWGPU_ImageOptions options;
    options.SampleType = ImGui_ImplWGPU_SampleType_Alpha;
    const int64_t before = tracker::counts(ObjectType::RenderPipeline).created;
    const ImTextureID image_id = ImGui_ImplWGPU_AddImage(create_view(texture), &options);
    wgpuTextureRelease(texture);
    EXPECT_EQ(tracker::counts(ObjectType::RenderPipeline).created - before, 1) << "made by AddImage()";
    run_frame([&](ImDrawList* draw_list) { draw_list->AddImage(image_id, ImVec2(0, 0), ImVec2(32, 8)); });
    EXPECT_EQ(tracker::counts(ObjectType::RenderPipeline).created - before, 1) << "made while encoding";
    EXPECT_EQ(backend_stats().DrawCallsThisFrame, 1u);
    ImGui_ImplWGPU_RemoveImage(image_id);
}

// One plain image drawn twice in one draw list: after SetSamplerNearest, then after SetSamplerLinear.
TEST_F(TextureApiTest, SamplerDrawCallbacksSwitchBetweenNearestAndLinear) {
    const ImTextureID checker = texture_id(checker_view());
    const Image image = run_frame_and_read([&](ImDrawList* draw_list) {
        draw_list->AddCallback(ImGui_ImplWGPU_DrawCallback_SetSamplerNearest, nullptr);
        draw_list->AddImage(checker, ImVec2(0, 0), ImVec2(32, 32));
        draw_list->AddCallback(ImGui_ImplWGPU_DrawCallback_SetSamplerLinear, nullptr);
        draw_list->AddImage(checker, ImVec2(32, 0), ImVec2(64, 32));
    }, "frame");
    expect_nearest_checker(image, 0, 0, "after SetSamplerNearest");
    expect_linear_checker(image, 32, 0, "after SetSamplerLinear");
}

// RemoveImage(): NumFramesInFlight NewFrame() calls later the backend's view reference and bind
// group are gone, and the view, drawn again, is a plain image (linear filtering, not the nearest it had).
TEST_F(TextureApiTest, RemoveImageReleasesTheViewAndForgetsItsOptions) {
    WGPUTextureView view = checker_view();
    warm_up();
    const tracker::Snapshot before = tracker::snapshot();
    ImGui_ImplWGPU_ImageOptions nearest;
    nearest.Filter = ImGui_ImplWGPU_Filter_Nearest;
    const ImTextureID image_id = ImGui_ImplWGPU_AddImage(view, &nearest);
    const auto draw_image = [&](ImDrawList* draw_list) { draw_list->AddImage(image_id, ImVec2(0, 0), ImVec2(32, 32)); };
    expect_nearest_checker(run_frame_and_read(draw_image, "added"), 0, 0, "added with Filter_Nearest");
    // The nearest sampler is made on first use and shared by every image until Shutdown().
    EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "bind_group +1, texture_view +1, sampler +1");

    ImGui_ImplWGPU_RemoveImage(image_id);
    for (int frame = 1; frame < frames_in_flight(); frame++) run_frame([](ImDrawList*) {});
    EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "bind_group +1, texture_view +1, sampler +1")
        << "released before NumFramesInFlight NewFrame() calls";
    run_frame([](ImDrawList*) {});
    EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "sampler +1")
        << "still referenced NumFramesInFlight NewFrame() calls after RemoveImage()";

    expect_linear_checker(run_frame_and_read(draw_image, "drawn_again"), 0, 0, "drawn again after RemoveImage()");
}

// InvalidateDeviceObjects() + CreateDeviceObjects() reset the device objects "without losing Dear
// ImGui state": a texture made by CreateTexture(), drawn before the reset, draws its pixels after it
// (with a bind group made anew).
TEST_F(TextureApiTest, CreatedTextureDrawsItsPixelsAfterADeviceObjectReset) {
    const std::vector<uint32_t> pixels = texels(8, 8, texel_colour);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(8, 8, pixels.data());
    ASSERT_NE(texture, ImTextureID{}) << ImGui_ImplWGPU_GetLastError();
    const auto draw_texture = [&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(4, 4), ImVec2(12, 12)); };
    const auto expected = [&](int x, int y) {
        const bool inside = x >= 4 && x < 12 && y >= 4 && y < 12;
        return inside ? pixels[(size_t)(y - 4) * 8 + (size_t)(x - 4)] : kClearColour;
    };
    EXPECT_TRUE(ImageMatches(run_frame_and_read(draw_texture, "before_reset"), expected));

    ImGui_ImplWGPU_InvalidateDeviceObjects();
    ASSERT_TRUE(ImGui_ImplWGPU_CreateDeviceObjects());
    EXPECT_TRUE(ImageMatches(run_frame_and_read(draw_texture, "after_reset"), expected));
    ImGui_ImplWGPU_DestroyTexture(texture);
}

// AddImage() keeps a reference, so the application may release its view; a device-object reset
// must not drop that reference (the view would be gone), nor the image's options (nearest here).
TEST_F(TextureApiTest, AddedImageWhoseViewWasReleasedDrawsWithItsOptionsAfterADeviceObjectReset) {
    const std::vector<uint32_t> checker = texels(2, 2, checker_colour);
    WGPUTextureView view = harness_.create_texture_view_rgba8(2, 2, bytes(checker));
    ASSERT_NE(view, nullptr);
    ImGui_ImplWGPU_ImageOptions nearest;
    nearest.Filter = ImGui_ImplWGPU_Filter_Nearest;
    const ImTextureID image_id = ImGui_ImplWGPU_AddImage(view, &nearest);
    wgpuTextureViewRelease(view);  // only the backend holds it now
    const auto draw_image = [&](ImDrawList* draw_list) { draw_list->AddImage(image_id, ImVec2(0, 0), ImVec2(32, 32)); };
    expect_nearest_checker(run_frame_and_read(draw_image, "before_reset"), 0, 0, "before the reset");

    ImGui_ImplWGPU_InvalidateDeviceObjects();
    ASSERT_TRUE(ImGui_ImplWGPU_CreateDeviceObjects());
    expect_nearest_checker(run_frame_and_read(draw_image, "after_reset"), 0, 0, "after the reset");
    ImGui_ImplWGPU_RemoveImage(image_id);
}

// A DestroyTexture() made before a reset keeps its date: the frames in flight still draw the texture
// after the reset, and the NumFramesInFlight-th NewFrame() after the call releases it.
TEST_F(TextureApiTest, DestroyTextureScheduledBeforeADeviceObjectResetReleasesOnTime) {
    warm_up();
    const tracker::Snapshot before = tracker::snapshot();
    const std::vector<uint32_t> green(2 * 2, kGreen);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(2, 2, green.data());
    const auto draw_texture = [&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(8, 8), ImVec2(24, 24)); };
    run_frame(draw_texture);
    ImGui_ImplWGPU_DestroyTexture(texture);
    ImGui_ImplWGPU_InvalidateDeviceObjects();
    ASSERT_TRUE(ImGui_ImplWGPU_CreateDeviceObjects());
    for (int frame = 1; frame < frames_in_flight(); frame++) {
        const Image image = run_frame_and_read(draw_texture, "frame" + std::to_string(frame));
        EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}})) << "frame " << frame << " after DestroyTexture()";
        EXPECT_EQ(live_since(before, ObjectType::Texture), 1) << "frame " << frame << " after DestroyTexture()";
    }
    begin_frame();
    EXPECT_EQ(live_since(before, ObjectType::Texture), 0) << "NewFrame() number " << frames_in_flight() << " after DestroyTexture()";
    EXPECT_EQ(live_since(before, ObjectType::TextureView), 0);
    render(end_frame(), target_);
}


using TextureRectTest = BackendTest;

// x + width and y + height past INT_MAX must not wrap around into "inside the texture".
TEST_F(TextureRectTest, UpdateTextureRectWithOverflowingCoordinatesIsRejected) {
    const std::vector<uint32_t> red(8 * 8, kRed);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(8, 8, red.data());
    const uint32_t green = kGreen;
    const int corners[2][2] = {{INT_MAX, 0}, {0, INT_MAX}};
    for (const auto& corner : corners) {
        const uint64_t errors = backend_stats().ErrorsReported;
        EXPECT_FALSE(ImGui_ImplWGPU_UpdateTextureRect(texture, corner[0], corner[1], 1, 1, &green, 4)) << corner[0] << ", " << corner[1];
        EXPECT_EQ(backend_stats().ErrorsReported, errors + 1);
    }
    const Image image = run_frame_and_read([&](ImDrawList* draw_list) { draw_list->AddImage(texture, ImVec2(0, 0), ImVec2(8, 8)); }, "frame");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{0, 0, 8, 8, kRed}}));
    ImGui_ImplWGPU_DestroyTexture(texture);
}

}  // namespace
}  // namespace imwgpu::test
