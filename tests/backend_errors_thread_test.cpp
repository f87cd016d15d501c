// Errors are kept per backend: two threads, each with its own Dear ImGui context (Dear ImGui built
// with a thread-local current context, tests/thread_local_imgui/) and its own device, render at the
// same time, each drawing a null texture id every frame. Each backend reports its own errors, and
// ImGui_ImplWGPU_GetLastError() on each thread reads its own backend's message. Run by ctest, and by
// scripts/test.sh under ThreadSanitizer, which reports any memory the two threads share unguarded
// (a process-wide error buffer was such memory).

#include "imgui.h"
#include "imgui_impl_wgpu.h"
#include "imwgpu_harness.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace imwgpu::test {
namespace {

constexpr int kFrames = 60;
constexpr uint32_t kSize = 32;

// What one thread saw.
struct ThreadResult {
    int         frames_drawn = 0;
    uint64_t    errors_reported = 0;
    uint32_t    draws_skipped_last_frame = 0;
    std::string last_error;
    std::string unexpected_last_error;  // the first GetLastError() that was not this thread's own message
};

// One thread's whole life: its context, its backend on `harness`'s device, kFrames frames that each
// draw a null texture id (skipped and reported) next to a valid image, then Shutdown.
void render_with_null_texture_ids(Harness& harness, std::mutex& atlas_mutex, ThreadResult* result) {
    ImGuiContext* context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);  // this thread's only: the current context is thread-local here
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2((float)kSize, (float)kSize);
    io.IniFilename = nullptr;
    {
        // Dear ImGui 1.86 builds font atlases with statics shared by every context.
        std::lock_guard<std::mutex> lock(atlas_mutex);
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    ImGui_ImplWGPU_InitInfo info;
    info.Device = harness.device();
    info.RenderTargetFormat = WGPUTextureFormat_RGBA8Unorm;
    if (ImGui_ImplWGPU_Init(&info)) {
        OffscreenTarget target = create_offscreen_target(harness, kSize, kSize);
        WGPUTextureView image = harness.create_solid_texture_view(2, 2, IM_COL32(0, 255, 0, 255));
        for (int frame = 0; frame < kFrames; frame++) {
            ImGui_ImplWGPU_NewFrame();
            ImGui::NewFrame();
            ImDrawList* draw_list = ImGui::GetForegroundDrawList();
            draw_list->AddImage((ImTextureID)(intptr_t)image, ImVec2(0, 0), ImVec2(8, 8));
            draw_list->AddImage((ImTextureID)(intptr_t)0, ImVec2(8, 0), ImVec2(16, 8));
            ImGui::Render();
            WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
            WGPURenderPassEncoder pass = begin_pass(encoder, target, true, 0.0f, 0.0f, 0.0f, 1.0f);
            ImGui_ImplWGPU_RenderDrawData(ImGui::GetDrawData(), pass);
            wgpuRenderPassEncoderEnd(pass);
            wgpuRenderPassEncoderRelease(pass);
            harness.submit(encoder);
            const std::string last_error = ImGui_ImplWGPU_GetLastError();
            if (last_error.find("null ImTextureID") == std::string::npos && result->unexpected_last_error.empty())
                result->unexpected_last_error = last_error;
            result->frames_drawn++;
        }
        harness.wait_idle();
        ImGui_ImplWGPU_Stats stats = {};
        ImGui_ImplWGPU_GetStats(&stats);
        result->errors_reported = stats.ErrorsReported;
        result->draws_skipped_last_frame = stats.DrawsSkippedThisFrame;
        result->last_error = ImGui_ImplWGPU_GetLastError();
        wgpuTextureViewRelease(image);
        release_offscreen_target(target);
        ImGui_ImplWGPU_Shutdown();
    }
    ImGui::DestroyContext(context);
}

TEST(BackendErrorsThreadTest, TwoContextsOnTwoThreadsEachReportTheirOwnNullTextureErrors) {
    // Harness::init() reads and sets the process's Vulkan driver variables: one at a time, here.
    std::array<std::unique_ptr<Harness>, 2> harnesses;
    for (std::unique_ptr<Harness>& harness : harnesses) {
        harness = std::make_unique<Harness>();
        HarnessOptions options;
        options.quiet = &harness != &harnesses[0];
        std::string error;
        ASSERT_TRUE(harness->init(options, &error)) << error;
        ASSERT_NE(harness->backend_type(), WGPUBackendType_Null);
    }

    std::mutex atlas_mutex;
    std::array<ThreadResult, 2> results;
    std::thread first(render_with_null_texture_ids, std::ref(*harnesses[0]), std::ref(atlas_mutex), &results[0]);
    std::thread second(render_with_null_texture_ids, std::ref(*harnesses[1]), std::ref(atlas_mutex), &results[1]);
    first.join();
    second.join();

    for (int i = 0; i < 2; i++) {
        const ThreadResult& result = results[i];
        EXPECT_EQ(result.frames_drawn, kFrames) << "thread " << i;
        EXPECT_EQ(result.errors_reported, (uint64_t)kFrames) << "thread " << i << ": one error per frame, its own";
        EXPECT_EQ(result.draws_skipped_last_frame, 1u) << "thread " << i;
        EXPECT_NE(result.last_error.find("null ImTextureID"), std::string::npos) << "thread " << i << ": " << result.last_error;
        EXPECT_EQ(result.unexpected_last_error, "") << "thread " << i << " read another message as its last error";
        EXPECT_EQ(harnesses[i]->error_count(), 0) << "WebGPU errors on thread " << i << "'s device";
    }
}

}  // namespace
}  // namespace imwgpu::test
