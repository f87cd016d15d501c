// The harness itself: it must hand out a real Vulkan device, read back real pixels, count
// WebGPU errors, and refuse Dawn's Null backend loudly. Every other test trusts these.

#include "imwgpu_harness.h"

#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

class HarnessTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        // A failed init is a failed test, never a skipped one: a machine on which the harness
        // cannot get a real adapter must not look green.
        ASSERT_TRUE(harness.init(imwgpu::HarnessOptions(), &error)) << error;
        ASSERT_NE(harness.backend_type(), WGPUBackendType_Null) << harness.adapter_name();
    }
    void TearDown() override {
        EXPECT_EQ(harness.error_count(), 0) << "first WebGPU error: "
                                            << (harness.errors().empty() ? "" : harness.errors()[0]);
        EXPECT_FALSE(harness.device_lost()) << harness.device_lost_message();
    }

    // Clears a w x h target of format `fmt` to (r, g, b, a) and reads it back.
    imwgpu::Image clear_and_read(uint32_t w, uint32_t h, WGPUTextureFormat fmt, float r, float g, float b, float a) {
        imwgpu::OffscreenTarget target = imwgpu::create_offscreen_target(harness, w, h, fmt);
        WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
        WGPURenderPassEncoder pass = imwgpu::begin_pass(encoder, target, true, r, g, b, a);
        wgpuRenderPassEncoderEnd(pass);
        wgpuRenderPassEncoderRelease(pass);
        harness.submit(encoder);
        imwgpu::Image image = imwgpu::read_back(harness, target);
        imwgpu::release_offscreen_target(target);
        return image;
    }

    imwgpu::Harness harness;
};

::testing::AssertionResult all_pixels_are(const imwgpu::Image& image, uint32_t expected) {
    for (uint32_t y = 0; y < image.height; y++)
        for (uint32_t x = 0; x < image.width; x++)
            if (image.pixel(x, y) != expected) {
                char text[96];
                snprintf(text, sizeof(text), "pixel (%u, %u) is 0x%08X, expected 0x%08X", x, y, image.pixel(x, y),
                         expected);
                return ::testing::AssertionFailure() << text;
            }
    return ::testing::AssertionSuccess();
}

TEST_F(HarnessTest, GetsARealVulkanAdapter) {
    EXPECT_EQ(harness.backend_type(), WGPUBackendType_Vulkan);
    EXPECT_EQ(harness.backend_name(), "Vulkan");
    EXPECT_FALSE(harness.adapter_name().empty());
    EXPECT_FALSE(harness.driver_description().empty());
    EXPECT_NE(harness.instance(), nullptr);
    EXPECT_NE(harness.adapter(), nullptr);
    EXPECT_NE(harness.device(), nullptr);
    EXPECT_NE(harness.queue(), nullptr);
}

// 37 pixels = 148 bytes a row: read_back must remove the padding to 256 bytes.
TEST_F(HarnessTest, ClearColourComesBackRGBA8) {
    imwgpu::Image image = clear_and_read(37, 19, WGPUTextureFormat_RGBA8Unorm, 1.0f, 0.2f, 0.0f, 1.0f);
    ASSERT_EQ(image.width, 37u);
    ASSERT_EQ(image.height, 19u);
    ASSERT_EQ(image.rgba.size(), 37u * 19u * 4u);
    EXPECT_TRUE(all_pixels_are(image, 0xFF0033FF));  // IM_COL32(255, 51, 0, 255)
}

TEST_F(HarnessTest, ClearColourComesBackBGRA8AsRGBA) {
    imwgpu::Image image = clear_and_read(70, 3, WGPUTextureFormat_BGRA8Unorm, 0.0f, 0.4f, 1.0f, 0.6f);
    ASSERT_EQ(image.width, 70u);
    EXPECT_TRUE(all_pixels_are(image, 0x99FF6600));  // IM_COL32(0, 102, 255, 153)
}

TEST_F(HarnessTest, SecondPassCanLoadInsteadOfClear) {
    imwgpu::OffscreenTarget target = imwgpu::create_offscreen_target(harness, 8, 8);
    for (bool clear : {true, false}) {
        WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
        WGPURenderPassEncoder pass = imwgpu::begin_pass(encoder, target, clear, 0.0f, 0.0f, 1.0f, 1.0f);
        wgpuRenderPassEncoderEnd(pass);
        wgpuRenderPassEncoderRelease(pass);
        harness.submit(encoder);
    }
    EXPECT_TRUE(all_pixels_are(imwgpu::read_back(harness, target), 0xFFFF0000));
    imwgpu::release_offscreen_target(target);
}

TEST_F(HarnessTest, WritePngWritesAReadableFile) {
    imwgpu::Image image = clear_and_read(16, 9, WGPUTextureFormat_RGBA8Unorm, 0.0f, 1.0f, 0.0f, 1.0f);
    const std::string path = ::testing::TempDir() + "imwgpu_harness_test_" + std::to_string(getpid()) + ".png";
    ASSERT_TRUE(imwgpu::write_png(image, path));

    int w = 0, h = 0, channels = 0;
    unsigned char* decoded = stbi_load(path.c_str(), &w, &h, &channels, 4);
    remove(path.c_str());
    ASSERT_NE(decoded, nullptr) << path << " is not a readable PNG";
    EXPECT_EQ(w, 16);
    EXPECT_EQ(h, 9);
    EXPECT_EQ(std::string((const char*)decoded, 16 * 9 * 4), std::string((const char*)image.rgba.data(), 16 * 9 * 4));
    stbi_image_free(decoded);
}

TEST_F(HarnessTest, ValidationErrorIsCounted) {
    // MapRead may only be combined with CopyDst: this buffer is invalid on every implementation.
    WGPUBufferDescriptor desc = {};
    desc.usage = WGPUBufferUsage_MapRead | WGPUBufferUsage_Uniform;
    desc.size = 16;
    WGPUBuffer buffer = wgpuDeviceCreateBuffer(harness.device(), &desc);
    wgpuBufferRelease(buffer);
    harness.process_events();

    ASSERT_EQ(harness.error_count(), 1);
    EXPECT_NE(harness.errors()[0].find("validation"), std::string::npos) << harness.errors()[0];
    harness.clear_errors();
    EXPECT_EQ(harness.error_count(), 0);
}

TEST_F(HarnessTest, SolidTextureViewIsCreatedWithoutErrors) {
    WGPUTextureView view = harness.create_solid_texture_view(4, 4, 0xFF00FF00);
    ASSERT_NE(view, nullptr);
    harness.wait_idle();
    wgpuTextureViewRelease(view);
}

TEST(HarnessLifetime, ShutdownIsIdempotentAndNotADeviceLoss) {
    imwgpu::Harness harness;
    std::string error;
    imwgpu::HarnessOptions opts;
    opts.quiet = true;
    ASSERT_TRUE(harness.init(opts, &error)) << error;
    harness.shutdown();
    harness.shutdown();
    EXPECT_FALSE(harness.device_lost()) << harness.device_lost_message();
    EXPECT_EQ(harness.device(), nullptr);
    EXPECT_EQ(harness.error_count(), 0);
}

// A probe of what no device of an adapter can do needs the device with the most the adapter offers.
TEST(HarnessFeatures, RequestingAllAdapterFeaturesEnablesEachOfThem) {
    imwgpu::Harness harness;
    std::string error;
    imwgpu::HarnessOptions opts;
    opts.quiet = true;
    opts.request_all_adapter_features = true;
    ASSERT_TRUE(harness.init(opts, &error)) << error;
    WGPUSupportedFeatures offered = {};
    wgpuAdapterGetFeatures(harness.adapter(), &offered);
    ASSERT_GT(offered.featureCount, 0u);
    EXPECT_EQ(harness.features().size(), offered.featureCount);
    WGPUSupportedFeatures enabled = {};
    wgpuDeviceGetFeatures(harness.device(), &enabled);
    for (size_t i = 0; i < offered.featureCount; i++)
        EXPECT_TRUE(std::find(enabled.features, enabled.features + enabled.featureCount, offered.features[i]) !=
                    enabled.features + enabled.featureCount)
            << "feature 0x" << std::hex << offered.features[i] << " offered by the adapter, not enabled on the device";
    wgpuSupportedFeaturesFreeMembers(enabled);
    wgpuSupportedFeaturesFreeMembers(offered);
    EXPECT_EQ(harness.error_count(), 0);
}

// The point of the whole harness: if Dawn hands out its Null backend (which is what happens
// silently when its only Vulkan driver is one it rejects), init() must fail and say why.
// Only Dawn has a Null backend: on another implementation these two tests skip, naming it (a
// request for a Null adapter there gets a real one, which would prove nothing either way).
#define IMWGPU_SKIP_WITHOUT_NULL_BACKEND()                                                         \
    if (!imwgpu::Harness::implementation_has_null_backend())                                      \
    GTEST_SKIP() << "Dawn-only: " << imwgpu::Harness::implementation() << " has no Null backend to refuse"

TEST(HarnessNullBackend, IsRefusedForCorrectnessRuns) {
    IMWGPU_SKIP_WITHOUT_NULL_BACKEND();
    imwgpu::Harness harness;
    imwgpu::HarnessOptions opts;
    opts.force_null_backend_for_test = true;
    std::string error;
    EXPECT_FALSE(harness.init(opts, &error));
    EXPECT_NE(error.find("Null backend"), std::string::npos) << error;
    EXPECT_EQ(harness.device(), nullptr);
}

TEST(HarnessNullBackend, IsAcceptedOnlyForCostMeasurement) {
    IMWGPU_SKIP_WITHOUT_NULL_BACKEND();
    imwgpu::Harness harness;
    imwgpu::HarnessOptions opts;
    opts.allow_null_backend_for_cost_measurement = true;
    std::string error;
    ASSERT_TRUE(harness.init(opts, &error)) << error;
    EXPECT_EQ(harness.backend_type(), WGPUBackendType_Null);
    EXPECT_NE(harness.device(), nullptr);
}

}  // namespace
