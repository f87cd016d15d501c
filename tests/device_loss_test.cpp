// Device loss: the application destroys the device (or the driver loses it) in the middle of a run
// and calls ImGui_ImplWGPU_NotifyDeviceLost() from its device-lost callback. The backend then keeps
// accepting NewFrame()/RenderDrawData() without drawing, creating or failing, reports the loss once,
// releases everything at Shutdown(), and renders again after Init() on a new device. Nothing leaks
// over the whole sequence, and no WebGPU error surfaces.

#include "backend_test_support.h"

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace imwgpu::test {
namespace {

class DeviceLossTest : public BackendTestBeforeInit {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_NO_FATAL_FAILURE(recreate_device());
    }

    void TearDown() override {
        for (WGPUTextureView view : images_) wgpuTextureViewRelease(view);
        images_.clear();
        BackendTest::TearDown();
    }

    // Replaces the fixture's device (and its target) with a new one whose losses reach
    // on_device_lost(), the way an application's device-lost callback would.
    void recreate_device() {
        for (WGPUTextureView view : images_) wgpuTextureViewRelease(view);
        images_.clear();
        release_offscreen_target(target_);
        HarnessOptions options;
        options.quiet = true;
        options.on_device_lost = [this](WGPUDevice device, WGPUDeviceLostReason reason, const std::string&) { on_device_lost(device, reason); };
        std::string error;
        ASSERT_TRUE(harness_.init(options, &error)) << error;
        losses_ = 0;
        ASSERT_NE(harness_.backend_type(), WGPUBackendType_Null);
        target_ = create_offscreen_target(harness_, target_width_, target_height_);
        ASSERT_NE(target_.view, nullptr);
    }

    void on_device_lost(WGPUDevice device, WGPUDeviceLostReason reason) {
        losses_++;
        last_reason_ = reason;
        if (notify_backend_) ImGui_ImplWGPU_NotifyDeviceLost(device);
    }

    // Text and one image per colour, each image 12 x 12 pixels in a row below the text.
    void create_images() {
        for (uint32_t colour : {kRed, kGreen, kBlue}) images_.push_back(create_solid_view(colour));
    }
    static ImVec2 image_min(size_t i) { return ImVec2(2.0f + 16.0f * (float)i, 40.0f); }
    void build_frame(ImDrawList* draw_list) {
        draw_list->AddText(ImVec2(2, 2), kWhite, "device");
        for (size_t i = 0; i < images_.size(); i++)
            add_images(draw_list, {{images_[i], image_min(i), ImVec2(image_min(i).x + 12, image_min(i).y + 12)}});
    }
    // A frame drawn on a working device: every image shows its colour on exactly its pixels.
    void expect_frame_renders(const std::string& label) {
        const Image image = run_frame_and_read([&](ImDrawList* draw_list) { build_frame(draw_list); }, label);
        const uint32_t colours[] = {kRed, kGreen, kBlue};
        for (size_t i = 0; i < images_.size(); i++) {
            const ImVec2 p = image_min(i);
            EXPECT_EQ(count_pixels_other_than(image, {(int)p.x, (int)p.y, (int)p.x + 12, (int)p.y + 12, colours[i]}), 0)
                << "image " << i << " in " << label;
        }
        EXPECT_GT(count_pixels_other_than(image, {0, 0, 64, 16, kClearColour}), 20) << "no text in " << label;
    }

    // Frames on the lost device: the backend accepts them and does nothing, and WebGPU reports
    // nothing (Dawn drops the errors of a lost device's calls).
    void run_frames_on_lost_device(int frames) {
        // A view made after the loss: a cache miss would try to pin it and create its bind group.
        images_.push_back(create_solid_view(kYellow));
        for (int frame = 0; frame < frames; frame++) {
            run_frame([&](ImDrawList* draw_list) { build_frame(draw_list); });
            const ImGui_ImplWGPU_Stats stats = backend_stats();
            EXPECT_TRUE(stats.DeviceLost);
            EXPECT_EQ(stats.BindGroupsCreatedThisFrame, 0u) << "frame " << frame << " after the loss";
            EXPECT_EQ(stats.RenderCallsThisFrame, 0u) << "frame " << frame << " after the loss";
            EXPECT_EQ(stats.UploadBytesThisFrame, 0u) << "frame " << frame << " after the loss";
        }
        settle();
    }

    std::vector<WGPUTextureView> images_;
    std::atomic<int>             losses_{0};
    WGPUDeviceLostReason         last_reason_ = WGPUDeviceLostReason_Unknown;
    bool                         notify_backend_ = true;
};

// The harness hook itself: it fires once when the program destroys the device, never at shutdown.
TEST_F(DeviceLossTest, HarnessForwardsTheLossButNotItsOwnShutdown) {
    harness_.shutdown();
    EXPECT_EQ(losses_.load(), 0) << "shutdown() destroys the device, which is no loss";
    ASSERT_NO_FATAL_FAILURE(recreate_device());
    notify_backend_ = false;
    wgpuDeviceDestroy(harness_.device());
    harness_.process_events();
    EXPECT_EQ(losses_.load(), 1);
    EXPECT_EQ(last_reason_, WGPUDeviceLostReason_Destroyed);
    EXPECT_TRUE(harness_.device_lost());
    EXPECT_EQ(harness_.error_count(), 0);
    ASSERT_NO_FATAL_FAILURE(recreate_device());  // the fixture fails a test whose device is lost at its end
}

TEST_F(DeviceLossTest, LossMidRunThenShutdownAndInitOnANewDeviceRendersAndLeaksNothing) {
    const tracker::Snapshot baseline = tracker::snapshot();
    create_images();
    ASSERT_TRUE(init_backend(default_init_info()));
    for (int frame = 0; frame < 3; frame++) expect_frame_renders("before_loss_" + std::to_string(frame));
    const ImGui_ImplWGPU_Stats before_loss = backend_stats();
    ASSERT_GT(before_loss.ImageCacheEntries, 0u);

    // Lost in the middle of a frame: the backend has recorded a pass that is never going to run.
    begin_frame();
    build_frame(ImGui::GetForegroundDrawList());
    WGPUCommandEncoder encoder = create_encoder();
    encode(encoder, end_frame(), target_);
    wgpuDeviceDestroy(harness_.device());
    harness_.process_events();
    ASSERT_EQ(losses_.load(), 1) << "the device-lost callback did not run";
    EXPECT_EQ(last_reason_, WGPUDeviceLostReason_Destroyed);
    harness_.submit(encoder);

    ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_TRUE(stats.DeviceLost);
    EXPECT_EQ(stats.ErrorsReported, before_loss.ErrorsReported + 1) << "the loss is reported once";
    EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("device lost"), std::string::npos)
        << ImGui_ImplWGPU_GetLastError();

    // A second notification (an application that also polls for the loss) changes nothing.
    ImGui_ImplWGPU_NotifyDeviceLost();
    run_frames_on_lost_device(4);
    stats = backend_stats();
    EXPECT_EQ(stats.ErrorsReported, before_loss.ErrorsReported + 1) << "the loss is reported once";
    EXPECT_EQ(harness_.error_count(), 0) << "WebGPU errors surfaced after the loss";
    EXPECT_TRUE(harness_.device_lost());

    // Shutdown on the lost device releases everything; the application releases its images.
    shutdown_backend();
    for (WGPUTextureView view : images_) wgpuTextureViewRelease(view);
    images_.clear();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "") << "after Shutdown() on the lost device";

    // A new device, a new Init(): rendering resumes.
    ASSERT_NO_FATAL_FAILURE(recreate_device());
    const tracker::Snapshot new_device_baseline = tracker::snapshot();
    create_images();
    ASSERT_TRUE(init_backend(default_init_info()));
    EXPECT_FALSE(backend_stats().DeviceLost);
    // One frame per upload arena (each makes its uniform bind group once), then one with nothing new to create.
    const int frames = default_init_info().NumFramesInFlight + 1;
    for (int frame = 0; frame < frames; frame++) expect_frame_renders("new_device_" + std::to_string(frame));
    EXPECT_EQ(backend_stats().BindGroupsCreatedThisFrame, 0u) << "the image cache works again";
    shutdown_backend();
    for (WGPUTextureView view : images_) wgpuTextureViewRelease(view);
    images_.clear();
    EXPECT_EQ(tracker::describe_difference(new_device_baseline, tracker::snapshot()), "") << "after the new device's Shutdown()";
    EXPECT_EQ(losses_.load(), 0) << "the new device was lost";
}

// An application that never calls NotifyDeviceLost(): the backend goes on calling WebGPU on the
// lost device, which Dawn accepts without errors. Still no crash, and nothing leaks.
TEST_F(DeviceLossTest, LossWithoutNotificationStillReleasesEverything) {
    notify_backend_ = false;
    const tracker::Snapshot baseline = tracker::snapshot();
    create_images();
    ASSERT_TRUE(init_backend(default_init_info()));
    expect_frame_renders("before_loss");
    wgpuDeviceDestroy(harness_.device());
    harness_.process_events();
    ASSERT_EQ(losses_.load(), 1);
    images_.push_back(create_solid_view(kYellow));
    for (int frame = 0; frame < 4; frame++) run_frame([&](ImDrawList* draw_list) { build_frame(draw_list); });
    settle();
    EXPECT_FALSE(backend_stats().DeviceLost);
    EXPECT_EQ(harness_.error_count(), 0);
    shutdown_backend();
    for (WGPUTextureView view : images_) wgpuTextureViewRelease(view);
    images_.clear();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
    ASSERT_NO_FATAL_FAILURE(recreate_device());
}

// Lost right after a call of more than 4 MiB, whose mapped upload buffer is being mapped again:
// the map fails with the device, the lost frames upload nothing, and Shutdown() releases it.
TEST_F(DeviceLossTest, LossWhileTheMappedUploadBufferIsBeingMappedLeaksNothing) {
    const tracker::Snapshot baseline = tracker::snapshot();
    WGPUTextureView white = create_solid_view(kWhite);
    ASSERT_TRUE(init_backend(default_init_info()));
    run_frame([&](ImDrawList* draw_list) { add_pixel_quads(draw_list, white, 256, 256); });
    ASSERT_GT(backend_stats().UploadMappedBytesThisFrame, 0u);
    wgpuDeviceDestroy(harness_.device());
    harness_.process_events();
    ASSERT_EQ(losses_.load(), 1);
    for (int frame = 0; frame < 3; frame++) {
        run_frame([&](ImDrawList* draw_list) { add_pixel_quads(draw_list, white, 256, 256); });
        EXPECT_EQ(backend_stats().UploadBytesThisFrame, 0u) << "frame " << frame << " after the loss";
    }
    settle();
    EXPECT_EQ(harness_.error_count(), 0);
    shutdown_backend();
    wgpuTextureViewRelease(white);
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
    ASSERT_NO_FATAL_FAILURE(recreate_device());
}

// A loss before the first frame: the backend creates nothing on the lost device, and the application's
// frames go on (Dear ImGui's NewFrame() asserts unless the font atlas has been built).
TEST_F(DeviceLossTest, LossBeforeTheFirstFrame) {
    const tracker::Snapshot baseline = tracker::snapshot();
    ASSERT_TRUE(init_backend(default_init_info()));
    wgpuDeviceDestroy(harness_.device());
    harness_.process_events();
    ASSERT_EQ(losses_.load(), 1);
    run_frames_on_lost_device(3);
    EXPECT_EQ(backend_stats().BindGroupsCreatedTotal, 0u) << "device objects created on a lost device";
    EXPECT_EQ(harness_.error_count(), 0);
    shutdown_backend();
    for (WGPUTextureView view : images_) wgpuTextureViewRelease(view);
    images_.clear();
    EXPECT_EQ(tracker::describe_difference(baseline, tracker::snapshot()), "");
    ASSERT_NO_FATAL_FAILURE(recreate_device());
}

// Dawn may call the device-lost callback on a thread of its own, which has no Dear ImGui context
// (and must not touch the render thread's). Here a std::thread notifies while the main thread renders
// two contexts, each with its backend, making each current in turn: the notification names their
// device, so both take the loss, each at its next call on the main thread, reported once each; from
// then on they draw nothing.
TEST_F(DeviceLossTest, NotificationFromAnotherThreadWhileRenderingReachesEveryBackend) {
#ifdef __EMSCRIPTEN__
    GTEST_SKIP() << "no second thread: the browser build is single-threaded (linked without -pthread), "
                    "and there the device-lost callback runs on the page's thread";
#endif
    create_images();
    ImGuiContext* contexts[2] = {context_, create_context(target_width_, target_height_)};
    for (ImGuiContext* context : contexts) {
        ImGui::SetCurrentContext(context);
        ASSERT_TRUE(init_backend(default_init_info()));
    }
    std::atomic<bool> rendering{false}, notified{false};
    std::thread notifier([&] {
        while (!rendering.load()) std::this_thread::yield();
        ImGui_ImplWGPU_NotifyDeviceLost(harness_.device());
        notified.store(true);
    });
    const int kMaxFrames = 2000;
    int frames = 0;
    for (; frames < kMaxFrames && !notified.load(); frames++) {
        ImGui::SetCurrentContext(contexts[frames % 2]);
        run_frame([&](ImDrawList* draw_list) { build_frame(draw_list); });
        rendering.store(true);
    }
    notifier.join();
    ASSERT_LT(frames, kMaxFrames) << "the notifying thread never ran";

    for (int i = 0; i < 2; i++) {
        ImGui::SetCurrentContext(contexts[i]);
        run_frame([&](ImDrawList* draw_list) { build_frame(draw_list); });
        const ImGui_ImplWGPU_Stats stats = backend_stats();
        EXPECT_TRUE(stats.DeviceLost) << "context " << i;
        EXPECT_EQ(stats.RenderCallsThisFrame, 0u) << "context " << i << " drew after the loss";
        EXPECT_EQ(stats.ErrorsReported, 1u) << "context " << i << ": the loss is reported once";
        EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("device lost"), std::string::npos) << ImGui_ImplWGPU_GetLastError();
    }
    // The device itself is fine: a backend initialized after the notification draws.
    ImGui::SetCurrentContext(contexts[1]);
    shutdown_backend();
    ASSERT_TRUE(init_backend(default_init_info()));
    for (int frame = 0; frame < 2; frame++) expect_frame_renders("after_reinit_" + std::to_string(frame));
    EXPECT_FALSE(backend_stats().DeviceLost);
}

// An application that switches devices: Shutdown(), the old device destroyed, Init() on a new device.
// Its lost callback is one that WebGPU runs in wgpuInstanceProcessEvents(), so the old device's loss
// reaches the application after the new Init(). Named, it stops only backends on the old device: the
// new one goes on drawing. (The form without a device would stop it too, which is why it names one.)
TEST_F(DeviceLossTest, OldDevicesLossNotifiedAfterInitOnANewDeviceLeavesTheNewOneDrawing) {
    create_images();
    Harness old_device;
    HarnessOptions options;
    options.quiet = true;
    options.device_lost_callback_mode = WGPUCallbackMode_AllowProcessEvents;
    std::atomic<int> old_losses{0};
    options.on_device_lost = [&](WGPUDevice device, WGPUDeviceLostReason, const std::string&) {
        old_losses++;
        ImGui_ImplWGPU_NotifyDeviceLost(device);
    };
    std::string error;
    ASSERT_TRUE(old_device.init(options, &error)) << error;
    OffscreenTarget old_target = create_offscreen_target(old_device, target_width_, target_height_);
    ImGui_ImplWGPU_InitInfo old_info = default_init_info();
    old_info.Device = old_device.device();
    ASSERT_TRUE(init_backend(old_info));
    begin_frame();
    build_frame(ImGui::GetForegroundDrawList());
    ImDrawData* draw_data = end_frame();
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(old_device.device(), nullptr);
    encode(encoder, draw_data, old_target);
    old_device.submit(encoder);
    old_device.wait_idle();

    shutdown_backend();
    release_offscreen_target(old_target);
    wgpuDeviceDestroy(old_device.device());
    ASSERT_TRUE(init_backend(default_init_info()));
    expect_frame_renders("new_device_before_the_old_loss");
    EXPECT_EQ(old_losses.load(), 0) << "the callback ran before process_events(): nothing tested";
    old_device.process_events();
    ASSERT_EQ(old_losses.load(), 1) << "the old device's lost callback did not run";

    for (int frame = 0; frame < 2; frame++) expect_frame_renders("new_device_after_the_old_loss_" + std::to_string(frame));
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_FALSE(stats.DeviceLost);
    EXPECT_EQ(stats.ErrorsReported, 0u) << ImGui_ImplWGPU_GetLastError();

    // The new device's own loss still reaches it.
    ImGui_ImplWGPU_NotifyDeviceLost(harness_.device());
    run_frames_on_lost_device(1);
}

// The premise of naming devices: a new device may get the address of one the application has released
// (Dawn hands it out at once), so a late lost callback must never name a released device. It does not:
// the callback of a device released before it ran names no device (null), which NotifyDeviceLost()
// ignores; a device the application still holds (destroyed or not) keeps its address.
struct LostCallbackRecord {
    std::vector<WGPUDevice>           named;
    std::vector<WGPUDeviceLostReason> reasons;
};
WGPUDevice request_device_with_deferred_lost_callback(Harness& harness, LostCallbackRecord* record) {
    WGPUDeviceDescriptor desc = {};
    desc.deviceLostCallbackInfo.mode = WGPUCallbackMode_AllowProcessEvents;
    desc.deviceLostCallbackInfo.callback = [](WGPUDevice const* device, WGPUDeviceLostReason reason, WGPUStringView, void* userdata1, void*) {
        static_cast<LostCallbackRecord*>(userdata1)->named.push_back(device ? *device : nullptr);
        static_cast<LostCallbackRecord*>(userdata1)->reasons.push_back(reason);
    };
    desc.deviceLostCallbackInfo.userdata1 = record;
    WGPUDevice device = nullptr;
    WGPURequestDeviceCallbackInfo callback = {};
    callback.mode = WGPUCallbackMode_WaitAnyOnly;
    callback.callback = [](WGPURequestDeviceStatus, WGPUDevice result, WGPUStringView, void* userdata1, void*) {
        *static_cast<WGPUDevice*>(userdata1) = result;
    };
    callback.userdata1 = &device;
    harness.wait(wgpuAdapterRequestDevice(harness.adapter(), &desc, callback), "wgpuAdapterRequestDevice");
    return device;
}

TEST_F(DeviceLossTest, LostCallbackOfAReleasedDeviceNamesNoDevice) {
#ifdef __EMSCRIPTEN__
    GTEST_SKIP() << "no second device from one adapter: in a browser an adapter that has given a device is "
                    "expired, and requestDevice() on it gives none";
#endif
    LostCallbackRecord record;
    const int kDevices = 8;
    int addresses_reused = 0;
    WGPUDevice previous = nullptr;
    for (int i = 0; i < kDevices; i++) {
        WGPUDevice device = request_device_with_deferred_lost_callback(harness_, &record);
        ASSERT_NE(device, nullptr);
        addresses_reused += (device == previous);
        previous = device;
        wgpuDeviceRelease(device);
    }
    printf("%d of %d devices got the address of the device released just before\n", addresses_reused, kDevices - 1);
    harness_.process_events();
    ASSERT_EQ(record.named.size(), (size_t)kDevices);
    for (int i = 0; i < kDevices; i++) {
        EXPECT_EQ(record.named[i], nullptr) << "callback " << i;
        EXPECT_EQ(record.reasons[i], WGPUDeviceLostReason_Destroyed) << "callback " << i;
    }
}

TEST_F(DeviceLossTest, NotifyingANullDeviceIsANoOp) {
    ASSERT_TRUE(init_backend(default_init_info()));
    ImGui_ImplWGPU_NotifyDeviceLost(nullptr);
    create_images();
    expect_frame_renders("after_a_null_notification");
    EXPECT_FALSE(backend_stats().DeviceLost);
}

}  // namespace
}  // namespace imwgpu::test
