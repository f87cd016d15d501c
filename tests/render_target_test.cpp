// The render targets an application brings: sRGB colour formats (RGBA and BGRA), a half-float
// target, a pass with a depth/stencil attachment and a 4x multisampled pass resolved into a
// single-sampled image. Each test renders through the backend on a real device and checks the
// pixels read back.
//
// Dear ImGui's colours (vertex colours, style colours, image texels) are sRGB-encoded values, and
// its reference backends write them unchanged into UNORM targets. For an sRGB target the backend
// turns them into linear values in the fragment shader; the target encodes them back on store. So
// an opaque colour v must read back as v from the raw bytes of an sRGB target, as from a UNORM one.

#include "backend_test_support.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace imwgpu::test {
namespace {

// The sRGB transfer functions (IEC 61966-2-1), on values in [0, 1].
double srgb_to_linear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }
double linear_to_srgb(double l) { return l <= 0.0031308 ? l * 12.92 : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055; }

float half_to_float(uint16_t h) {
    const int   exponent = (h >> 10) & 0x1F;
    const int   mantissa = h & 0x3FF;
    const float sign = (h & 0x8000) ? -1.0f : 1.0f;
    if (exponent == 0) return sign * std::ldexp((float)mantissa, -24);  // zero and subnormals
    if (exponent == 31) return mantissa ? NAN : sign * INFINITY;
    return sign * std::ldexp((float)(mantissa | 0x400), exponent - 25);
}

uint8_t channel(uint32_t colour, int c) { return (uint8_t)(colour >> (8 * c)); }

// The colour of patch i (0..255) of a 16 x 16 grid of 4 x 4-pixel patches covering 64 x 64:
// every channel value 0..255 occurs once in red, green and blue, in different combinations.
constexpr int kPatchSize = 4;
constexpr int kPatchesPerRow = 16;
uint32_t patch_colour(int i) { return IM_COL32(i, 255 - i, (i * 7) & 0xFF, 255); }
int      patch_at(int x, int y) { return (y / kPatchSize) * kPatchesPerRow + x / kPatchSize; }

// The target formats, as test name suffixes.
std::string format_name(WGPUTextureFormat format) {
    switch (format) {
    case WGPUTextureFormat_RGBA8UnormSrgb: return "RGBA8UnormSrgb";
    case WGPUTextureFormat_BGRA8UnormSrgb: return "BGRA8UnormSrgb";
    case WGPUTextureFormat_Depth24PlusStencil8: return "Depth24PlusStencil8";
    case WGPUTextureFormat_Depth32Float: return "Depth32Float";
    default: return "Format" + std::to_string((int)format);
    }
}
std::string format_param_name(const ::testing::TestParamInfo<WGPUTextureFormat>& info) {
    return format_name(info.param);
}

// A scene that exercises every path of the fragment shader and the blend state: text from the
// font atlas, anti-aliased shapes, translucent fills, a user image.
void add_mixed_scene(ImDrawList* draw_list, WGPUTextureView image) {
    draw_list->AddRectFilled(ImVec2(0, 0), ImVec2(64, 20), IM_COL32(40, 60, 90, 255));
    draw_list->AddText(ImVec2(2, 2), IM_COL32(230, 230, 230, 255), "Agy 19");
    draw_list->AddCircleFilled(ImVec2(20, 40), 14.0f, IM_COL32(200, 80, 40, 255));
    draw_list->AddRectFilled(ImVec2(10, 30), ImVec2(50, 60), IM_COL32(30, 200, 120, 140));
    draw_list->AddLine(ImVec2(2, 62), ImVec2(62, 22), IM_COL32(255, 255, 0, 200), 1.5f);
    draw_list->AddImage((ImTextureID)image, ImVec2(40, 36), ImVec2(62, 58), ImVec2(0, 0), ImVec2(1, 1),
                        IM_COL32(255, 255, 255, 200));
}

// The base of every test here: the backend is initialized by each test for the target it renders
// into, and frames go through passes with the attachments the test chooses.
class RenderTargetTest : public BackendTest {
protected:
    RenderTargetTest() { init_backend_in_setup_ = false; }

    // (Re)initializes the backend in the current context for these formats and sample count.
    bool init_for(WGPUTextureFormat color_format, WGPUTextureFormat depth_stencil_format = WGPUTextureFormat_Undefined,
                  uint32_t sample_count = 1) {
        ImGui_ImplWGPU_InitInfo info = default_init_info();
        info.RenderTargetFormat = color_format;
        info.DepthStencilFormat = depth_stencil_format;
        info.PipelineMultisampleState.count = sample_count;
        if (ImGui::GetIO().BackendRendererUserData) shutdown_backend();
        return init_backend(info);
    }

    // One frame of `build` (given the foreground draw list) rendered into `target`, cleared to
    // `clear` (a render pass clear value: linear for an sRGB target), with `attachments`.
    void render_frame(const OffscreenTarget& target, const std::function<void(ImDrawList*)>& build,
                      WGPUColor clear = {0.0, 0.0, 0.0, 1.0}, const PassAttachments& attachments = PassAttachments()) {
        begin_frame();
        build(ImGui::GetForegroundDrawList());
        ImDrawData* draw_data = end_frame();
        WGPUCommandEncoder encoder = create_encoder();
        WGPURenderPassEncoder pass = begin_pass(encoder, target, true, (float)clear.r, (float)clear.g, (float)clear.b,
                                                (float)clear.a, attachments);
        ImGui_ImplWGPU_RenderDrawData(draw_data, pass);
        wgpuRenderPassEncoderEnd(pass);
        wgpuRenderPassEncoderRelease(pass);
        harness_.submit(encoder);
    }

    // A target of `format` the size of the display, released in TearDown().
    OffscreenTarget make_target(WGPUTextureFormat format, uint32_t sample_count = 1) {
        targets_.push_back(create_offscreen_target(harness_, target_width_, target_height_, format, sample_count));
        EXPECT_NE(targets_.back().view, nullptr);
        return targets_.back();
    }

    void TearDown() override {
        for (OffscreenTarget& target : targets_) release_offscreen_target(target);
        BackendTest::TearDown();
    }

private:
    std::vector<OffscreenTarget> targets_;
};

// --- sRGB targets ----------------------------------------------------------------------------------

class SrgbTargetTest : public RenderTargetTest, public ::testing::WithParamInterface<WGPUTextureFormat> {
protected:
    // Passes when every channel of every pixel is within 2/255 of its patch's colour: the rounding
    // of the target's 8-bit encoding, plus one step for GPUs whose conversions are not exact.
    // Records the largest difference; the message lists the drawn values that came back wrong.
    ::testing::AssertionResult PatchesReadBackAsDrawn(const Image& image) {
        const int kTolerance = 2;
        if (image.width != 64 || image.height != 64) return ::testing::AssertionFailure() << "no image read back";
        int worst = 0, failing = 0;
        std::string shown;
        for (int i = 0; i < 256; i++) {
            const int x = i % kPatchesPerRow * kPatchSize, y = i / kPatchesPerRow * kPatchSize;
            for (int c = 0; c < 4; c++) {
                // Every pixel of the patch, not only one: a patch is one colour.
                int patch_worst = 0, got_at_worst = 0;
                for (int py = y; py < y + kPatchSize; py++)
                    for (int px = x; px < x + kPatchSize; px++) {
                        const int got = channel(image.pixel((uint32_t)px, (uint32_t)py), c);
                        const int diff = std::abs(got - channel(patch_colour(i), c));
                        if (diff > patch_worst) patch_worst = diff, got_at_worst = got;
                    }
                worst = std::max(worst, patch_worst);
                if (patch_worst > kTolerance && failing++ < 12)
                    shown += std::string("\n  ") + "RGBA"[c] + " " + std::to_string(channel(patch_colour(i), c)) +
                             " read back as " + std::to_string(got_at_worst);
            }
        }
        RecordProperty("largest_difference", worst);
        if (failing == 0) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << failing << " of 1024 channel values are off by more than " << kTolerance
                                             << "/255 (largest difference " << worst << "/255); first ones:" << shown;
    }
};

// Every value 0..255 of every colour channel, as vertex colours of opaque rectangles. The raw bytes
// of the sRGB target must hold the same sRGB values: the shader's conversion to linear and the
// target's conversion back are inverse to within rounding.
TEST_P(SrgbTargetTest, OpaqueVertexColoursReadBackAsTheirSrgbValues) {
    ASSERT_TRUE(init_for(GetParam()));
    const OffscreenTarget target = make_target(GetParam());
    render_frame(target, [](ImDrawList* draw_list) {
        for (int i = 0; i < 256; i++) {
            const float x = (float)(i % kPatchesPerRow * kPatchSize), y = (float)(i / kPatchesPerRow * kPatchSize);
            draw_list->AddRectFilled(ImVec2(x, y), ImVec2(x + kPatchSize, y + kPatchSize), patch_colour(i));
        }
    });
    EXPECT_TRUE(PatchesReadBackAsDrawn(read(target, "srgb")));
}

// The same for texels: a UNORM image holding sRGB-encoded bytes (what a loaded PNG becomes), drawn
// 1:1 so that each pixel samples exactly one texel, reads back unchanged from an sRGB target.
TEST_P(SrgbTargetTest, OpaqueImageTexelsReadBackAsTheirSrgbValues) {
    ASSERT_TRUE(init_for(GetParam()));
    const OffscreenTarget target = make_target(GetParam());
    std::vector<uint8_t> texels(64 * 64 * 4);
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++)
            for (int c = 0; c < 4; c++) texels[(y * 64 + x) * 4 + c] = channel(patch_colour(patch_at(x, y)), c);
    WGPUTextureView image_view = harness_.create_texture_view_rgba8(64, 64, texels.data());
    render_frame(target, [&](ImDrawList* draw_list) {
        draw_list->AddImage((ImTextureID)image_view, ImVec2(0, 0), ImVec2(64, 64));
    });
    EXPECT_TRUE(PatchesReadBackAsDrawn(read(target, "srgb")));
    wgpuTextureViewRelease(image_view);
}

// Translucent colours over a cleared sRGB target blend in LINEAR space: the shader outputs linear
// colour and the hardware blends sRGB attachments after decoding the destination, so 50% white
// over black stores 188, not the 128 a UNORM target stores. That is the right result here: an
// application picks an sRGB target to get linear blending, and a backend cannot make fixed-function
// blending on it happen in sRGB space. (An application that wants Dear ImGui's translucency to look
// exactly as on UNORM targets renders through an RGBA8Unorm view of its texture instead.)
// Tolerance 2/255: the encoding rounds to 1/255, and GPUs may decode the destination and blend
// at reduced precision; the linear and sRGB-space results differ by far more (up to 44/255 here).
TEST_P(SrgbTargetTest, TranslucentColoursBlendInLinearSpace) {
    ASSERT_TRUE(init_for(GetParam()));
    const OffscreenTarget target = make_target(GetParam());
    const uint32_t kBackground = IM_COL32(64, 128, 192, 255);
    const uint32_t kSources[] = {IM_COL32(255, 255, 255, 128), IM_COL32(0, 0, 0, 128), IM_COL32(255, 0, 0, 128),
                                 IM_COL32(200, 100, 50, 128)};
    const int kCount = (int)(sizeof(kSources) / sizeof(kSources[0]));
    // The clear value of an sRGB attachment is linear: decode the background so that it is stored as is.
    const WGPUColor clear = {srgb_to_linear(channel(kBackground, 0) / 255.0),
                             srgb_to_linear(channel(kBackground, 1) / 255.0),
                             srgb_to_linear(channel(kBackground, 2) / 255.0), 1.0};
    render_frame(
        target,
        [&](ImDrawList* draw_list) {
            for (int i = 0; i < kCount; i++)
                draw_list->AddRectFilled(ImVec2((float)(i * 16), 16), ImVec2((float)(i * 16 + 16), 48), kSources[i]);
        },
        clear);
    const Image image = read(target, "blend");
    ASSERT_EQ(image.width, 64u);

    EXPECT_EQ(image.pixel(1, 1), kBackground) << "the clear colour round trip";
    const int kTolerance = 2;  // of 255
    int worst = 0;
    for (int i = 0; i < kCount; i++) {
        const double alpha = channel(kSources[i], 3) / 255.0;
        const uint32_t got = image.pixel((uint32_t)(i * 16 + 8), 32);
        for (int c = 0; c < 3; c++) {
            const double linear = alpha * srgb_to_linear(channel(kSources[i], c) / 255.0) +
                                  (1.0 - alpha) * srgb_to_linear(channel(kBackground, c) / 255.0);
            const double want = linear_to_srgb(linear) * 255.0;
            const double srgb_space = alpha * channel(kSources[i], c) + (1.0 - alpha) * channel(kBackground, c);
            const int diff = (int)std::lround(std::fabs(channel(got, c) - want));
            worst = std::max(worst, diff);
            EXPECT_LE(diff, kTolerance) << "source " << colour_string(kSources[i]) << " channel " << c << ": read "
                                        << (int)channel(got, c) << ", linear-space blend " << want
                                        << " (an sRGB-space blend would give " << srgb_space << ")";
        }
    }
    RecordProperty("largest_difference", worst);
}

INSTANTIATE_TEST_SUITE_P(Formats, SrgbTargetTest,
                         ::testing::Values(WGPUTextureFormat_RGBA8UnormSrgb, WGPUTextureFormat_BGRA8UnormSrgb),
                         format_param_name);

// --- Half-float target ------------------------------------------------------------------------------

// A float target is not sRGB: the backend writes Dear ImGui's values unchanged, as into a UNORM
// target, only with more precision. So the half floats times 255 match the RGBA8Unorm bytes of the
// same frame to within 1 (the RGBA8 target rounds after every blend, the float target does not).
TEST_F(RenderTargetTest, HalfFloatTargetMatchesRgba8Target) {
    WGPUTextureView image_view = create_solid_view(IM_COL32(90, 160, 250, 255), 4);
    auto build = [&](ImDrawList* draw_list) { add_mixed_scene(draw_list, image_view); };

    ASSERT_TRUE(init_for(WGPUTextureFormat_RGBA8Unorm));
    const OffscreenTarget rgba8_target = make_target(WGPUTextureFormat_RGBA8Unorm);
    render_frame(rgba8_target, build);
    const Image rgba8 = read(rgba8_target, "rgba8");

    ASSERT_TRUE(init_for(WGPUTextureFormat_RGBA16Float));
    const OffscreenTarget half_target = make_target(WGPUTextureFormat_RGBA16Float);
    render_frame(half_target, build);
    const std::vector<uint8_t> raw = read_back_raw(harness_, half_target);
    ASSERT_EQ(raw.size(), 64u * 64u * 8u);
    ASSERT_EQ(rgba8.width, 64u);

    Image half;  // the float image rounded to 8 bits, kept as a PNG if the test fails
    half.width = half.height = 64;
    half.rgba.resize(64 * 64 * 4);
    double worst = 0.0;
    int mismatches = 0;
    for (int i = 0; i < 64 * 64 * 4; i++) {
        uint16_t bits;
        memcpy(&bits, &raw[(size_t)i * 2], 2);
        const double value = half_to_float(bits) * 255.0;
        half.rgba[(size_t)i] = (uint8_t)std::lround(std::clamp(value, 0.0, 255.0));
        const double diff = std::fabs(value - rgba8.rgba[(size_t)i]);
        worst = std::max(worst, diff);
        if (diff > 1.0 && mismatches++ < 8)
            ADD_FAILURE() << "pixel (" << i / 4 % 64 << ", " << i / 4 / 64 << ") channel " << i % 4 << ": half float "
                          << value / 255.0 << " (x255 = " << value << "), RGBA8 " << (int)rgba8.rgba[(size_t)i];
    }
    EXPECT_EQ(mismatches, 0) << "channels differing by more than 1/255; largest difference " << worst << "/255";
    EXPECT_GT(count_pixels_other_than(rgba8, {0, 0, 64, 64, kClearColour}), 1000) << "the scene drew little";
    RecordProperty("largest_difference_x255", std::to_string(worst));
    if (HasFailure()) write_png(half, "RenderTargetTest.HalfFloatTargetMatchesRgba8Target_half.png");
    wgpuTextureViewRelease(image_view);
}

// --- Depth/stencil attachment -----------------------------------------------------------------------

class DepthStencilTargetTest : public RenderTargetTest, public ::testing::WithParamInterface<WGPUTextureFormat> {};

// Dear ImGui draws in painter's order: with InitInfo.DepthStencilFormat set (required when the pass
// has a depth/stencil attachment), the pipeline neither tests nor writes depth, so the pixels are
// exactly those of a pass without one.
TEST_P(DepthStencilTargetTest, PassWithDepthStencilRendersSamePixelsAsWithout) {
    WGPUTextureView image_view = create_solid_view(IM_COL32(90, 160, 250, 255), 4);
    auto build = [&](ImDrawList* draw_list) { add_mixed_scene(draw_list, image_view); };

    ASSERT_TRUE(init_for(WGPUTextureFormat_RGBA8Unorm));
    const OffscreenTarget plain_target = make_target(WGPUTextureFormat_RGBA8Unorm);
    render_frame(plain_target, build);
    const Image plain = read(plain_target, "without_depth");

    ASSERT_TRUE(init_for(WGPUTextureFormat_RGBA8Unorm, GetParam()));
    const OffscreenTarget depth_target = make_target(GetParam());
    const OffscreenTarget color_target = make_target(WGPUTextureFormat_RGBA8Unorm);
    PassAttachments attachments;
    attachments.depth_stencil = &depth_target;
    render_frame(color_target, build, {0.0, 0.0, 0.0, 1.0}, attachments);
    const Image with_depth = read(color_target, "with_depth");

    EXPECT_GT(count_pixels_other_than(plain, {0, 0, 64, 64, kClearColour}), 1000) << "the scene drew little";
    EXPECT_TRUE(ImageMatches(with_depth, [&](int x, int y) { return plain.pixel((uint32_t)x, (uint32_t)y); }));
    wgpuTextureViewRelease(image_view);
}

INSTANTIATE_TEST_SUITE_P(Formats, DepthStencilTargetTest,
                         ::testing::Values(WGPUTextureFormat_Depth24PlusStencil8, WGPUTextureFormat_Depth32Float),
                         format_param_name);

// --- 4x multisampling -------------------------------------------------------------------------------

// A white square rotated by 30 degrees, with Dear ImGui's own anti-aliasing off, so that any
// intermediate value on its edges comes from multisampling, next to a pixel-aligned image (no
// partial coverage anywhere on it). Rendered once at 1x and once at 4x resolved into a 1x target.
class MultisampleTest : public RenderTargetTest {
protected:
    static constexpr float kCentre = 32.0f, kHalfSide = 18.0f, kAngle = 0.5235988f;  // 30 degrees

    void SetUp() override {
        RenderTargetTest::SetUp();
        if (HasFatalFailure()) return;
        image_view_ = create_solid_view(kRed);
        for (int i = 0; i < 4; i++) {
            const float sx = (i == 0 || i == 3) ? -kHalfSide : kHalfSide, sy = i < 2 ? -kHalfSide : kHalfSide;
            corners_[i] = ImVec2(kCentre + sx * std::cos(kAngle) - sy * std::sin(kAngle),
                                 kCentre + sx * std::sin(kAngle) + sy * std::cos(kAngle));
        }
        ImGui::GetStyle().AntiAliasedFill = false;
        auto build = [&](ImDrawList* draw_list) {
            draw_list->AddQuadFilled(corners_[0], corners_[1], corners_[2], corners_[3], kWhite);
            draw_list->AddImage((ImTextureID)image_view_, ImVec2(2, 2), ImVec2(10, 10));
        };

        ASSERT_TRUE(init_for(WGPUTextureFormat_RGBA8Unorm));
        const OffscreenTarget single = make_target(WGPUTextureFormat_RGBA8Unorm);
        render_frame(single, build);
        single_ = read(single, "1x");

        ASSERT_TRUE(init_for(WGPUTextureFormat_RGBA8Unorm, WGPUTextureFormat_Undefined, 4));
        const OffscreenTarget multi = make_target(WGPUTextureFormat_RGBA8Unorm, 4);
        const OffscreenTarget resolved = make_target(WGPUTextureFormat_RGBA8Unorm);
        PassAttachments attachments;
        attachments.resolve_target = &resolved;
        render_frame(multi, build, {0.0, 0.0, 0.0, 1.0}, attachments);
        resolved_ = read(resolved, "4x_resolved");
        ASSERT_EQ(single_.width, 64u);
        ASSERT_EQ(resolved_.width, 64u);
    }

    void TearDown() override {
        if (image_view_) wgpuTextureViewRelease(image_view_);
        RenderTargetTest::TearDown();
    }

    // Distance of p from the line of edge i (corner i to corner i + 1), positive on the side of the centre.
    float signed_distance(int i, ImVec2 p) const {
        const ImVec2 a = corners_[i], b = corners_[(i + 1) % 4];
        const float length = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
        const float d = ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) / length;
        const float centre_side = (b.x - a.x) * (kCentre - a.y) - (b.y - a.y) * (kCentre - a.x);
        return centre_side < 0 ? -d : d;
    }

    // Where pixel (x, y), a unit square, lies relative to the quad: +1 wholly inside, -1 wholly
    // outside (beyond one edge's line), 0 possibly crossed by an edge.
    int coverage_class(int x, int y) const {
        const float kHalfDiagonal = 0.7072f;  // a pixel's centre is at most this far from its square's points
        const ImVec2 p((float)x + 0.5f, (float)y + 0.5f);
        float nearest_inside = 1e9f;
        for (int i = 0; i < 4; i++) {
            const float d = signed_distance(i, p);
            if (d < -kHalfDiagonal) return -1;
            nearest_inside = std::min(nearest_inside, d);
        }
        return nearest_inside > kHalfDiagonal ? 1 : 0;
    }

    // The edge (0..3, from corner i to corner i + 1) whose line is nearest to the centre of pixel (x, y).
    int nearest_edge(int x, int y) const {
        const ImVec2 p((float)x + 0.5f, (float)y + 0.5f);
        int nearest = 0;
        float nearest_distance = 1e9f;
        for (int i = 0; i < 4; i++) {
            const float d = std::fabs(signed_distance(i, p));
            if (d < nearest_distance) nearest_distance = d, nearest = i;
        }
        return nearest;
    }

    ImVec2          corners_[4];
    WGPUTextureView image_view_ = nullptr;
    Image           single_, resolved_;
};

TEST_F(MultisampleTest, ResolvedImageMatchesSingleSampledImageInFlatAreas) {
    int inside = 0, outside = 0, mismatches = 0;
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++) {
            const int cls = coverage_class(x, y);
            if (cls == 0) continue;
            (cls > 0 ? inside : outside)++;
            const bool on_image = x >= 2 && x < 10 && y >= 2 && y < 10;
            const uint32_t want = cls > 0 ? kWhite : on_image ? kRed : kClearColour;
            EXPECT_EQ(single_.pixel((uint32_t)x, (uint32_t)y), want) << "1x, pixel (" << x << ", " << y << ")";
            if (resolved_.pixel((uint32_t)x, (uint32_t)y) != want && mismatches++ < 8)
                ADD_FAILURE() << "4x resolved, pixel (" << x << ", " << y << "): "
                              << colour_string(resolved_.pixel((uint32_t)x, (uint32_t)y)) << ", expected "
                              << colour_string(want);
        }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(inside, 700);  // the square has 36 x 36 = 1296 pixels
    EXPECT_GT(outside, 2000);
}

TEST_F(MultisampleTest, ResolvedImageAntiAliasesDiagonalEdges) {
    int edge_pixels = 0, intermediate_1x = 0, intermediate_4x[4] = {};
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++) {
            if (coverage_class(x, y) != 0) continue;
            edge_pixels++;
            const uint32_t one = single_.pixel((uint32_t)x, (uint32_t)y);
            const uint32_t four = resolved_.pixel((uint32_t)x, (uint32_t)y);
            intermediate_1x += one != kWhite && one != kClearColour;
            if (four == kWhite || four == kClearColour) continue;
            intermediate_4x[nearest_edge(x, y)]++;
            // Grey between the two: the resolve averaged white and black samples.
            EXPECT_TRUE(channel(four, 0) == channel(four, 1) && channel(four, 1) == channel(four, 2) &&
                        channel(four, 3) == 255)
                << "pixel (" << x << ", " << y << "): " << colour_string(four);
        }
    EXPECT_EQ(intermediate_1x, 0) << "anti-aliasing was not off: the 1x image has intermediate values";
    // An edge 36 pixels long at 30 degrees crosses about 49 pixels; a crossed pixel reads grey when 1 to 3
    // of its 4 samples are covered, which happens for about half of them. A quarter of the edge's length
    // is a margin that still fails when any edge is not anti-aliased.
    const int kMinimum = (int)(2.0f * kHalfSide / 4.0f);
    for (int edge = 0; edge < 4; edge++) {
        RecordProperty("intermediate_pixels_edge_" + std::to_string(edge), intermediate_4x[edge]);
        EXPECT_GE(intermediate_4x[edge], kMinimum) << "edge " << edge << " (of " << edge_pixels << " pixels near edges)";
    }
}

}  // namespace
}  // namespace imwgpu::test
