// imwgpu-soak: a long run of the backend under texture churn, checked for growth.
//
// Every frame replaces kChurnPerFrame of the gallery's kImages textures (released, then new ones created: with
// Dawn the new view usually gets the address just freed) and draws the gallery and a line of text into a small
// offscreen target, with up to kFramesInFlight frames queued on the GPU. Every --every frames it prints the live
// WebGPU references per type (the tracker), the resident set size, the image cache entries and the upload arena
// capacity. At the end it checks that all of them were flat after warm-up, i.e. equal at the last checkpoint and
// at the second one (the first may still be warming up), except RSS, which may grow by less than
// --max-rss-growth-kib; that no WebGPU or backend error happened; and that after shutdown every object type is
// back at its count before start-up. Exits non-zero if any check fails.

#include <imgui.h>
#include <imgui_impl_wgpu.h>
#include <imwgpu_common.h>
#include <imwgpu_harness.h>
#include <imwgpu_tracker.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

namespace {

namespace tracker = imwgpu::tracker;

constexpr int      kImages = 16;
constexpr int      kChurnPerFrame = 4;
constexpr uint32_t kImageSize = 16;      // texels per side
constexpr int      kFramesInFlight = 2;  // like a double-buffered swap chain

struct Options {
    long     frames = 100000;
    long     every = 10000;
    uint32_t width = 128, height = 128;
    long     max_rss_growth_kib = 4096;
};

// Returns -1 when the run goes on, else the exit status: 0 after --help, 2 after a bad command line.
int parse_options(int argc, char** argv, Options* opt) {
    CLI::App app("Renders many frames with texture churn and checks that live objects, memory, the image cache and\n"
                 "the upload arena stay flat, and that nothing is left after shutdown.",
                 "imwgpu-soak");
    imwgpu::common::configure(app, 28);
    app.add_option("--frames", opt->frames, "frames to render (default 100000)")
        ->type_name("N")
        ->check(CLI::Range(1L, 1000000000L));
    app.add_option("--every", opt->every, "frames between checkpoints (default 10000); at least 2 checkpoints")
        ->type_name("N")
        ->check(CLI::Range(1L, 1000000000L));
    imwgpu::common::add_size_option(app, "--size", &opt->width, &opt->height, 16, 8192, "target size (default 128x128)");
    app.add_option("--max-rss-growth-kib", opt->max_rss_growth_kib,
                   "allowed RSS growth from the 2nd to the last checkpoint (default 4096)")
        ->type_name("N")
        ->check(CLI::Range(0L, 1L << 30));
    app.callback([opt] {
        if (opt->frames < 2 * opt->every)
            throw CLI::ValidationError("--frames", "must be at least twice --every (two checkpoints are compared)");
    });
    return imwgpu::common::parse_command_line(app, argc, argv);
}

long resident_kib() {
    long  pages_total = 0, pages_resident = 0;
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    const int read = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
    std::fclose(f);
    return read == 2 ? pages_resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

// One image of the gallery: a colour per slot, a stripe that moves per generation (so a stale image would show).
WGPUTextureView make_image(imwgpu::Harness& harness, int slot, uint32_t generation) {
    float r, g, b;
    ImGui::ColorConvertHSVtoRGB((float)slot / kImages, 0.7f, 1.0f, r, g, b);
    std::vector<uint8_t> rgba(kImageSize * kImageSize * 4);
    for (uint32_t y = 0; y < kImageSize; y++)
        for (uint32_t x = 0; x < kImageSize; x++) {
            const float shade = (x + generation) % kImageSize < 4 ? 0.3f : 1.0f;
            uint8_t*    p = &rgba[(y * kImageSize + x) * 4];
            p[0] = (uint8_t)(r * shade * 255.0f);
            p[1] = (uint8_t)(g * shade * 255.0f);
            p[2] = (uint8_t)(b * shade * 255.0f);
            p[3] = 255;
        }
    return harness.create_texture_view_rgba8(kImageSize, kImageSize, rgba.data());
}

struct Checkpoint {
    long                  frame;
    tracker::Snapshot     live;  // minus the baseline taken before start-up
    long                  rss_kib;
    ImGui_ImplWGPU_Stats  stats;
};

std::string live_string(const tracker::Snapshot& live) {
    std::string s;
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        if (live.live[t] != 0)
            s += std::string(s.empty() ? "" : " ") + tracker::object_type_name((tracker::ObjectType)t) + "=" +
                 std::to_string(live.live[t]);
    return s.empty() ? "none" : s;
}

tracker::Snapshot minus(const tracker::Snapshot& a, const tracker::Snapshot& b) {
    tracker::Snapshot d;
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        d.live[t] = a.live[t] - b.live[t];
    return d;
}

class Soak {
public:
    Soak(imwgpu::Harness& harness, const Options& opt) : harness_(harness), opt_(opt) {}
    // Returns the failures; empty when every check passed.
    std::vector<std::string> run();

private:
    bool frame(long index);
    void drain();  // waits for every queued frame
    void checkpoint(long index);

    imwgpu::Harness&        harness_;
    const Options&          opt_;
    imwgpu::OffscreenTarget target_;
    WGPUTextureView         views_[kImages] = {};
    uint32_t                generations_[kImages] = {};
    int                     next_slot_ = 0;
    std::deque<WGPUFuture>  in_flight_;
    tracker::Snapshot       baseline_;
    std::vector<Checkpoint> checkpoints_;
    std::vector<std::string> failures_;
    std::chrono::steady_clock::time_point start_;
};

bool Soak::frame(long index) {
    for (int i = 0; i < kChurnPerFrame; i++) {
        const int slot = next_slot_;
        next_slot_ = (next_slot_ + 1) % kImages;
        wgpuTextureViewRelease(views_[slot]);
        views_[slot] = make_image(harness_, slot, ++generations_[slot]);
        if (!views_[slot]) {
            failures_.push_back("could not create a texture at frame " + std::to_string(index));
            return false;
        }
    }

    ImGui_ImplWGPU_NewFrame();
    ImGui::NewFrame();
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(io.DisplaySize, ImGuiCond_Always);
    ImGui::Begin("soak", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImGui::Text("frame %ld", index);  // changes every frame: so does the vertex count
    const float side = (io.DisplaySize.x - 2 * ImGui::GetStyle().WindowPadding.x) / 4 - ImGui::GetStyle().ItemSpacing.x;
    for (int slot = 0; slot < kImages; slot++) {
        if (slot % 4 != 0)
            ImGui::SameLine();
        ImGui::Image((ImTextureID)views_[slot], ImVec2(side, side * 0.5f));
    }
    ImGui::End();
    ImGui::Render();

    WGPUCommandEncoder    encoder = wgpuDeviceCreateCommandEncoder(harness_.device(), nullptr);
    WGPURenderPassEncoder pass = imwgpu::begin_pass(encoder, target_, true, 0.1f, 0.1f, 0.12f, 1.0f);
    ImGui_ImplWGPU_RenderDrawData(ImGui::GetDrawData(), pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness_.submit(encoder);

    WGPUQueueWorkDoneCallbackInfo done = {};
    done.mode = WGPUCallbackMode_WaitAnyOnly;
    done.callback = [](WGPUQueueWorkDoneStatus, WGPUStringView, void*, void*) {};
    in_flight_.push_back(wgpuQueueOnSubmittedWorkDone(harness_.queue(), done));
    while ((int)in_flight_.size() >= kFramesInFlight) {
        if (!harness_.wait(in_flight_.front(), "a frame")) {
            failures_.push_back("the GPU did not finish frame " + std::to_string(index - kFramesInFlight + 1));
            return false;
        }
        in_flight_.pop_front();
    }
    if (harness_.device_lost()) {
        failures_.push_back("device lost at frame " + std::to_string(index) + ": " + harness_.device_lost_message());
        return false;
    }
    return true;
}

void Soak::drain() {
    for (WGPUFuture future : in_flight_)
        harness_.wait(future, "a frame");
    in_flight_.clear();
    harness_.wait_idle();
}

void Soak::checkpoint(long index) {
    // Measured with nothing queued, so that what Dawn frees when the GPU is done is freed.
    drain();
    Checkpoint c;
    c.frame = index;
    c.live = minus(tracker::snapshot(), baseline_);
    c.rss_kib = resident_kib();
    ImGui_ImplWGPU_GetStats(&c.stats);
    checkpoints_.push_back(c);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::printf("frame %7ld  %6.0f s  rss %7ld KiB  image cache %u entries  upload arena %llu KiB  bind groups created "
                "%llu  evictions %llu  live: %s\n",
                index, seconds, c.rss_kib, c.stats.ImageCacheEntries,
                (unsigned long long)(c.stats.UploadArenaCapacity / 1024),
                (unsigned long long)c.stats.BindGroupsCreatedTotal,
                (unsigned long long)c.stats.ImageCacheEvictionsTotal, live_string(c.live).c_str());
    std::fflush(stdout);
}

std::vector<std::string> Soak::run() {
    baseline_ = tracker::snapshot();  // before the target, the backend and the gallery
    start_ = std::chrono::steady_clock::now();
    target_ = imwgpu::create_offscreen_target(harness_, opt_.width, opt_.height);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2((float)opt_.width, (float)opt_.height);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui_ImplWGPU_InitInfo init_info;
    init_info.Device = harness_.device();
    init_info.RenderTargetFormat = target_.format;
    bool ok = ImGui_ImplWGPU_Init(&init_info);
    if (!ok)
        failures_.push_back(std::string("ImGui_ImplWGPU_Init failed: ") + ImGui_ImplWGPU_GetLastError());
    for (int slot = 0; ok && slot < kImages; slot++)
        ok = (views_[slot] = make_image(harness_, slot, 0)) != nullptr;

    for (long index = 1; ok && index <= opt_.frames; index++) {
        ok = frame(index);
        if (ok && index % opt_.every == 0)
            checkpoint(index);
    }
    drain();

    ImGui_ImplWGPU_Stats final_stats = {};
    ImGui_ImplWGPU_GetStats(&final_stats);
    for (WGPUTextureView& view : views_)
        if (view)
            wgpuTextureViewRelease(view);
    ImGui_ImplWGPU_Shutdown();
    ImGui::DestroyContext();
    imwgpu::release_offscreen_target(target_);
    harness_.wait_idle();
    const tracker::Snapshot after_shutdown = minus(tracker::snapshot(), baseline_);
    std::printf("after shutdown: live %s\n", live_string(after_shutdown).c_str());

    // Flat after warm-up: the second checkpoint against the last one.
    if (ok && checkpoints_.size() >= 2) {
        const Checkpoint& warm = checkpoints_[1];
        const Checkpoint& last = checkpoints_.back();
        for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
            if (warm.live.live[t] != last.live.live[t])
                failures_.push_back(std::string("live ") + tracker::object_type_name((tracker::ObjectType)t) +
                                    " went from " + std::to_string(warm.live.live[t]) + " at frame " +
                                    std::to_string(warm.frame) + " to " + std::to_string(last.live.live[t]) +
                                    " at frame " + std::to_string(last.frame));
        if (warm.stats.ImageCacheEntries != last.stats.ImageCacheEntries)
            failures_.push_back("image cache entries went from " + std::to_string(warm.stats.ImageCacheEntries) +
                                " to " + std::to_string(last.stats.ImageCacheEntries));
        if (warm.stats.UploadArenaCapacity != last.stats.UploadArenaCapacity)
            failures_.push_back("upload arena capacity went from " + std::to_string(warm.stats.UploadArenaCapacity) +
                                " to " + std::to_string(last.stats.UploadArenaCapacity) + " bytes");
        const long growth = last.rss_kib - warm.rss_kib;
        std::printf("RSS from frame %ld to %ld: %+ld KiB (allowed: less than %ld KiB)\n", warm.frame, last.frame,
                    growth, opt_.max_rss_growth_kib);
        if (warm.rss_kib < 0 || growth >= opt_.max_rss_growth_kib)
            failures_.push_back("RSS grew by " + std::to_string(growth) + " KiB from frame " +
                                std::to_string(warm.frame) + " to " + std::to_string(last.frame));
    }
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        if (after_shutdown.live[t] != 0) {
            failures_.push_back("objects left after shutdown: " + live_string(after_shutdown));
            break;
        }
    if (harness_.error_count() > 0)
        failures_.push_back(std::to_string(harness_.error_count()) + " WebGPU error(s), first: " +
                            harness_.errors().front());
    if (final_stats.ErrorsReported > 0)
        failures_.push_back(std::to_string(final_stats.ErrorsReported) + " backend error(s), last: " +
                            ImGui_ImplWGPU_GetLastError());
    return failures_;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (const int status = parse_options(argc, argv, &opt); status >= 0)
        return status;
    std::string error;

    imwgpu::Harness harness;
    if (!harness.init(imwgpu::HarnessOptions(), &error)) {
        std::fprintf(stderr, "imwgpu-soak: no usable WebGPU device: %s\n", error.c_str());
        return 1;
    }
    std::printf("imwgpu-soak: %ld frames at %ux%u, %d images, %d replaced per frame, %d frames in flight, "
                "checkpoint every %ld frames\n",
                opt.frames, opt.width, opt.height, kImages, kChurnPerFrame, kFramesInFlight, opt.every);
    Soak                           soak(harness, opt);
    const std::vector<std::string> failures = soak.run();
    for (const std::string& f : failures)
        std::printf("FAILED: %s\n", f.c_str());
    std::printf("%s\n", failures.empty() ? "PASS" : "FAIL");
    return failures.empty() ? 0 : 1;
}
