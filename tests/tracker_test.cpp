// The live-object tracker: linked into this program, it must see every create, AddRef and
// Release, and forward each to Dawn so that the objects still work.

#include "imwgpu_harness.h"
#include "imwgpu_tracker.h"

#include <gtest/gtest.h>

namespace {

using imwgpu::tracker::ObjectType;

class TrackerTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        imwgpu::HarnessOptions opts;
        opts.quiet = true;
        ASSERT_TRUE(harness.init(opts, &error)) << error;
        ASSERT_NE(harness.backend_type(), WGPUBackendType_Null);
    }
    void TearDown() override {
        EXPECT_EQ(harness.error_count(), 0) << (harness.errors().empty() ? "" : harness.errors()[0]);
    }

    WGPUBuffer create_uniform_buffer() {
        WGPUBufferDescriptor desc = {};
        desc.usage = WGPUBufferUsage_Uniform | WGPUBufferUsage_CopyDst;
        desc.size = 16;
        return wgpuDeviceCreateBuffer(harness.device(), &desc);
    }

    imwgpu::Harness harness;
};

TEST(Tracker, IsLinked) {
    ASSERT_NE(&imwgpu::tracker::is_linked, nullptr);
    EXPECT_TRUE(imwgpu::tracker::is_linked());
}

TEST(Tracker, TypeNamesAreSnakeCase) {
    EXPECT_STREQ(imwgpu::tracker::object_type_name(ObjectType::BindGroup), "bind_group");
    EXPECT_STREQ(imwgpu::tracker::object_type_name(ObjectType::TextureView), "texture_view");
    EXPECT_STREQ(imwgpu::tracker::object_type_name(ObjectType::RenderPassEncoder), "render_pass_encoder");
}

TEST_F(TrackerTest, BufferCreateAddRefReleaseAreCounted) {
    const imwgpu::tracker::Counts before = imwgpu::tracker::counts(ObjectType::Buffer);

    WGPUBuffer buffer = create_uniform_buffer();
    ASSERT_NE(buffer, nullptr);
    imwgpu::tracker::Counts now = imwgpu::tracker::counts(ObjectType::Buffer);
    EXPECT_EQ(now.created, before.created + 1);
    EXPECT_EQ(now.live(), before.live() + 1);

    wgpuBufferAddRef(buffer);
    now = imwgpu::tracker::counts(ObjectType::Buffer);
    EXPECT_EQ(now.add_refs, before.add_refs + 1);
    EXPECT_EQ(now.live(), before.live() + 2);

    wgpuBufferRelease(buffer);
    // The buffer is still referenced once: it must still work.
    const float data[4] = {1, 2, 3, 4};
    wgpuQueueWriteBuffer(harness.queue(), buffer, 0, data, sizeof(data));
    wgpuBufferRelease(buffer);

    now = imwgpu::tracker::counts(ObjectType::Buffer);
    EXPECT_EQ(now.releases, before.releases + 2);
    EXPECT_EQ(now.live(), before.live());
}

TEST_F(TrackerTest, BindGroupAndItsLayoutAreCounted) {
    const imwgpu::tracker::Snapshot before = imwgpu::tracker::snapshot();

    WGPUBindGroupLayoutEntry layout_entry = {};
    layout_entry.binding = 0;
    layout_entry.visibility = WGPUShaderStage_Fragment;
    layout_entry.buffer.type = WGPUBufferBindingType_Uniform;
    WGPUBindGroupLayoutDescriptor layout_desc = {};
    layout_desc.entryCount = 1;
    layout_desc.entries = &layout_entry;
    WGPUBindGroupLayout layout = wgpuDeviceCreateBindGroupLayout(harness.device(), &layout_desc);

    WGPUBuffer buffer = create_uniform_buffer();
    WGPUBindGroupEntry entry = {};
    entry.binding = 0;
    entry.buffer = buffer;
    entry.size = 16;
    WGPUBindGroupDescriptor group_desc = {};
    group_desc.layout = layout;
    group_desc.entryCount = 1;
    group_desc.entries = &entry;
    WGPUBindGroup group = wgpuDeviceCreateBindGroup(harness.device(), &group_desc);
    ASSERT_NE(group, nullptr);

    EXPECT_EQ(imwgpu::tracker::describe_difference(before, imwgpu::tracker::snapshot()),
              "bind_group +1, bind_group_layout +1, buffer +1");

    // The bind group keeps its layout and buffer alive inside Dawn; those are not API
    // references, so releasing ours brings every count back.
    wgpuBindGroupLayoutRelease(layout);
    wgpuBufferRelease(buffer);
    EXPECT_EQ(imwgpu::tracker::describe_difference(before, imwgpu::tracker::snapshot()), "bind_group +1");
    wgpuBindGroupAddRef(group);
    EXPECT_EQ(imwgpu::tracker::counts(ObjectType::BindGroup).live(), before[ObjectType::BindGroup] + 2);
    wgpuBindGroupRelease(group);
    wgpuBindGroupRelease(group);

    EXPECT_EQ(imwgpu::tracker::describe_difference(before, imwgpu::tracker::snapshot()), "");
}

TEST_F(TrackerTest, HarnessHelpersReleaseWhatTheyCreate) {
    const imwgpu::tracker::Snapshot before = imwgpu::tracker::snapshot();

    // The helper keeps only the view: its texture reference is released right away.
    WGPUTextureView view = harness.create_solid_texture_view(4, 4, 0xFFFFFFFF);
    EXPECT_EQ(imwgpu::tracker::describe_difference(before, imwgpu::tracker::snapshot()), "texture_view +1");
    wgpuTextureViewRelease(view);

    // A frame: target, encoder, pass, command buffer, read-back buffer.
    imwgpu::OffscreenTarget target = imwgpu::create_offscreen_target(harness, 8, 8);
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
    WGPURenderPassEncoder pass = imwgpu::begin_pass(encoder, target, true, 1, 1, 1, 1);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness.submit(encoder);
    imwgpu::Image image = imwgpu::read_back(harness, target);
    EXPECT_EQ(image.pixel(0, 0), 0xFFFFFFFFu);
    imwgpu::release_offscreen_target(target);

    EXPECT_EQ(imwgpu::tracker::describe_difference(before, imwgpu::tracker::snapshot()), "");
    EXPECT_GT(imwgpu::tracker::counts(ObjectType::CommandBuffer).created, 0);
    EXPECT_GT(imwgpu::tracker::counts(ObjectType::RenderPassEncoder).created, 0);
}

}  // namespace
