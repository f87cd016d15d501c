// imwgpu-bench: measures our backend on identical work under three modes, interleaved in one run, so
// that every figure can be read as a ratio measured on the same machine at the same time.
//
//   cached    our backend as shipped
//   recreate  the same backend with InitInfo.RecreateImageBindGroupsEveryCall = true: every image bind
//             group is created in each RenderDrawData() and released at its end (upstream's policy)
//   floor     the same command stream (same buffer layout, same SetBindGroup / SetScissorRect /
//             DrawIndexed sequence) encoded by a minimal loop with everything made beforehand.
//             Encode-only: it uploads nothing and creates nothing while timed.
//   floor+upload  the floor plus the same bytes, packed beforehand, uploaded with one
//             wgpuQueueWriteBuffer() per frame: the least a renderer that uploads can do
//   floor+mapped  (opt-in) the floor plus the packed bytes copied into a mapped staging buffer and
//             copied on the GPU by a command buffer of its own: the other way to upload. The upload
//             floor the targets use is the cheaper of the two where both ran.
//   floor+gather  the floor plus the same bytes taken from Dear ImGui's draw lists, one memcpy per list
//             into one block, and written like floor+upload: the least a renderer pays that starts,
//             as every backend does, from separate lists and writes them with one call
//
// Each frame runs every mode once, in an order that rotates from frame to frame. Per mode and frame:
// backend NewFrame, RenderDrawData into a pass on an offscreen target (the timed part), end the pass,
// submit (timed separately), wait until the queue is idle. Waiting keeps the GPU, which SwiftShader
// runs on the same cores, from competing with the next mode's timed part. With --frames-in-flight N
// it waits instead until at most N - 1 earlier frames of every mode are still pending, as a swapchain
// of N images makes an application do; then submit-to-done and GPU times are not measured.
//
// Run with --help for the options. Exit status: 0 when the run completed (even when a target is missed:
// it is a measurement), 1 on errors (WebGPU errors, backend errors, Null adapter without the cost flag,
// output not written), 2 on bad arguments.

#include "bench_chart.h"
#include "bench_floor.h"
#include "bench_workloads.h"
#include "imgui_impl_wgpu.h"
#include "imwgpu_common.h"
#include "imwgpu_harness.h"
#include "imwgpu_tracker.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace imwgpu::bench {
namespace {

// --- Options ----------------------------------------------------------------------------------

enum class Mode { Cached, Recreate, Floor, FloorUpload, FloorMapped, FloorGather };
const Mode kAllModes[] = {Mode::Cached, Mode::Recreate, Mode::Floor, Mode::FloorUpload, Mode::FloorMapped, Mode::FloorGather};
const Mode kDefaultModes[] = {Mode::Cached, Mode::Recreate, Mode::Floor, Mode::FloorUpload, Mode::FloorGather};

const char* mode_name(Mode mode) {
    switch (mode) {
    case Mode::Cached: return "cached";
    case Mode::Recreate: return "recreate";
    case Mode::Floor: return "floor";
    case Mode::FloorUpload: return "floor+upload";
    case Mode::FloorMapped: return "floor+mapped";
    case Mode::FloorGather: return "floor+gather";
    }
    return "?";
}

bool is_floor(Mode mode) { return mode != Mode::Cached && mode != Mode::Recreate; }

struct Options {
    int                      frames = 300;
    int                      warmup = 30;
    int                      frames_in_flight = 0;  // 0: wait until the queue is idle after every frame
    int64_t                  mapped_upload_min_bytes = -1;  // -1: the backend's default
    uint32_t                 upload_write_max_bytes = 0;    // 0: the backend's choice
    std::vector<std::string> scenarios;
    std::vector<Mode>        modes;
    std::string              json_path, chart_path, snapshot_dir;
    VulkanDriver             driver = VulkanDriver::Auto;
    uint32_t                 width = 1280, height = 720;
    bool                     quick = false;
    bool                     null_backend = false;
    std::string              command_line;
};

// Returns -1 when the run goes on, else the exit status: 0 after --help, 2 after a bad command line.
int parse_options(int argc, char** argv, Options* opts) {
    for (int i = 0; i < argc; i++)
        opts->command_line += (i ? " " : "") + std::string(argv[i]);
    std::vector<std::string> mode_names;
    for (Mode m : kAllModes) mode_names.push_back(mode_name(m));
    std::string scenario_list;
    for (const std::string& name : scenario_names()) scenario_list += " " + name;

    CLI::App app("Measures imwgpu's RenderDrawData() against upstream's policy and encode-only floors, interleaved in one run.",
                 "imwgpu-bench");
    imwgpu::common::configure(app, 30);
    CLI::Option* frames = app.add_option("--frames", opts->frames, "measured frames per scenario (default 300)")
                              ->type_name("N")->check(CLI::Range(1, 1000000));
    CLI::Option* warmup = app.add_option("--warmup", opts->warmup, "frames run before measuring (default 30)")
                              ->type_name("N")->check(CLI::Range(0, 1000000));
    app.add_option("--frames-in-flight", opts->frames_in_flight,
                   "keep up to N frames of each mode pending instead of waiting for each (default: wait)")
        ->type_name("N")->check(CLI::Range(1, 1000000));
    app.add_option_function<int>(
           "--mapped-upload-min-kib", [opts](int kib) { opts->mapped_upload_min_bytes = (int64_t)kib * 1024; },
           "InitInfo.MappedUploadMinBytes of cached and recreate, in KiB (default: the backend's; 0: off)")
        ->type_name("N")->check(CLI::Range(0, 1000000));
    app.add_option("--upload-write-max-bytes", opts->upload_write_max_bytes,
                   "InitInfo.UploadWriteMaxBytes of cached and recreate (default 0: the backend's choice)")
        ->type_name("N");
    app.add_option("--scenario", opts->scenarios, "scenarios to run (default all):" + scenario_list)
        ->type_name("A[,B...]")->delimiter(',')->check(CLI::IsMember(scenario_names()).description(""));
    app.add_option_function<std::vector<std::string>>(
           "--mode",
           [opts](const std::vector<std::string>& names) {
               for (const std::string& name : names) {
                   const Mode found = *std::find_if(std::begin(kAllModes), std::end(kAllModes),
                                                    [&](Mode m) { return name == mode_name(m); });
                   if (std::find(opts->modes.begin(), opts->modes.end(), found) == opts->modes.end())
                       opts->modes.push_back(found);
               }
           },
           "modes to run (default cached,recreate,floor,floor+upload,floor+gather; also floor+mapped)")
        ->type_name("A[,B...]")->delimiter(',')->check(CLI::IsMember(mode_names).description(""));
    app.add_option("--json", opts->json_path, "one record per (scenario, mode)")->type_name("PATH");
    CLI::Option* chart = app.add_option("--chart", opts->chart_path, "bar chart of the figures, drawn through our backend")
                             ->type_name("PATH.png");
    CLI::Option* snapshots = app.add_option("--snapshots", opts->snapshot_dir, "write each scenario's last frame as DIR/<scenario>.png")
                                 ->type_name("DIR");
    imwgpu::common::add_driver_option(app, &opts->driver, "Vulkan driver (default auto)");
    CLI::Option* size = imwgpu::common::add_size_option(app, "--size", &opts->width, &opts->height, 64, 8192,
                                                        "render target size (default 1280x720)");
    app.add_flag("--quick", opts->quick, "a few frames per scenario at 640x360, every mode (smoke test)");
    app.add_flag("--null-backend-for-cost", opts->null_backend,
                 "Dawn's Null backend, for instruction counts under callgrind only:\n"
                 "it draws nothing, and every output says so");
    app.callback([&] {
        if (opts->null_backend && (chart->count() || snapshots->count()))
            throw CLI::ValidationError("--chart and --snapshots need real pixels: not available with --null-backend-for-cost");
    });

    const int status = imwgpu::common::parse_command_line(app, argc, argv);
    if (opts->quick) {
        if (!frames->count()) opts->frames = 3;
        if (!warmup->count()) opts->warmup = 3;  // every upload arena used once
        if (!size->count()) opts->width = 640, opts->height = 360;
    }
    if (opts->scenarios.empty()) opts->scenarios = scenario_names();
    if (opts->modes.empty() && opts->quick) opts->modes.assign(std::begin(kAllModes), std::end(kAllModes));  // every code path
    if (opts->modes.empty()) opts->modes.assign(std::begin(kDefaultModes), std::end(kDefaultModes));
    return status;
}

// --- Measuring --------------------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

double microseconds(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::micro>(to - from).count();
}

// GPU time of each measured pass from timestamp queries written at its beginning and end. Every pass
// resolves its two timestamps into its own 256-byte slot (resolve offsets must be 256-aligned); the slots
// are read back once per scenario.
class GpuTimer {
public:
    ~GpuTimer() { release(); }

    void init(WGPUDevice device, uint32_t passes) {
        release();
        device_ = device;
        WGPUQuerySetDescriptor query_desc = {};
        query_desc.type = WGPUQueryType_Timestamp;
        query_desc.count = 2;
        query_set_ = wgpuDeviceCreateQuerySet(device, &query_desc);
        WGPUBufferDescriptor buffer_desc = {};
        buffer_desc.usage = WGPUBufferUsage_QueryResolve | WGPUBufferUsage_CopySrc;
        buffer_desc.size = (uint64_t)passes * kSlot;
        resolve_buffer_ = wgpuDeviceCreateBuffer(device, &buffer_desc);
        writes_ = {};
        writes_.querySet = query_set_;
        writes_.beginningOfPassWriteIndex = 0;
        writes_.endOfPassWriteIndex = 1;
    }

    const WGPUPassTimestampWrites* writes() const { return &writes_; }

    void resolve(WGPUCommandEncoder encoder, uint32_t pass) {
        wgpuCommandEncoderResolveQuerySet(encoder, query_set_, 0, 2, resolve_buffer_, (uint64_t)pass * kSlot);
    }

    // Durations in microseconds of passes [0, count); NaN where the timestamps make no sense.
    std::vector<double> read(Harness& harness, uint32_t count) {
        std::vector<double> durations(count, NAN);
        const uint64_t size = (uint64_t)count * kSlot;
        WGPUBufferDescriptor desc = {};
        desc.usage = WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst;
        desc.size = size;
        WGPUBuffer readback = wgpuDeviceCreateBuffer(device_, &desc);
        WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(device_, nullptr);
        wgpuCommandEncoderCopyBufferToBuffer(encoder, resolve_buffer_, 0, readback, 0, size);
        harness.submit(encoder);
        WGPUMapAsyncStatus status = WGPUMapAsyncStatus_Error;
        WGPUBufferMapCallbackInfo callback = {};
        callback.mode = WGPUCallbackMode_WaitAnyOnly;
        callback.callback = [](WGPUMapAsyncStatus s, WGPUStringView, void* userdata1, void*) {
            *static_cast<WGPUMapAsyncStatus*>(userdata1) = s;
        };
        callback.userdata1 = &status;
        if (harness.wait(wgpuBufferMapAsync(readback, WGPUMapMode_Read, 0, (size_t)size, callback), "timestamps") &&
            status == WGPUMapAsyncStatus_Success) {
            const uint8_t* data = static_cast<const uint8_t*>(wgpuBufferGetConstMappedRange(readback, 0, (size_t)size));
            for (uint32_t i = 0; i < count; i++) {
                uint64_t stamps[2];
                memcpy(stamps, data + (size_t)i * kSlot, sizeof(stamps));
                if (stamps[1] > stamps[0]) durations[i] = (double)(stamps[1] - stamps[0]) / 1000.0;  // ns -> us
            }
            wgpuBufferUnmap(readback);
        }
        wgpuBufferRelease(readback);
        return durations;
    }

private:
    static const uint64_t kSlot = 256;

    void release() {
        if (resolve_buffer_) wgpuBufferRelease(resolve_buffer_);
        if (query_set_) wgpuQuerySetRelease(query_set_);
        resolve_buffer_ = nullptr;
        query_set_ = nullptr;
    }

    WGPUDevice              device_ = nullptr;
    WGPUQuerySet            query_set_ = nullptr;
    WGPUBuffer              resolve_buffer_ = nullptr;
    WGPUPassTimestampWrites writes_ = {};
};

// Our backend in one Dear ImGui context of its own (backend data lives per context).
class BackendUnderTest {
public:
    BackendUnderTest(WGPUDevice device, bool recreate_every_call, const Options& opts) {
        ImGuiContext* previous = ImGui::GetCurrentContext();
        context_ = ImGui::CreateContext();
        ImGui::SetCurrentContext(context_);
        ImGui::GetIO().IniFilename = nullptr;
        ImGui_ImplWGPU_InitInfo info;
        info.Device = device;
        info.RenderTargetFormat = WGPUTextureFormat_RGBA8Unorm;
        info.RecreateImageBindGroupsEveryCall = recreate_every_call;
        if (opts.mapped_upload_min_bytes >= 0) info.MappedUploadMinBytes = (uint64_t)opts.mapped_upload_min_bytes;
        info.UploadWriteMaxBytes = opts.upload_write_max_bytes;
        ok_ = ImGui_ImplWGPU_Init(&info);
        ImGui::SetCurrentContext(previous);
    }
    ~BackendUnderTest() {
        ImGuiContext* previous = ImGui::GetCurrentContext();
        ImGui::SetCurrentContext(context_);
        if (ok_) ImGui_ImplWGPU_Shutdown();
        ImGui::DestroyContext(context_);
        ImGui::SetCurrentContext(previous == context_ ? nullptr : previous);
    }
    bool ok() const { return ok_; }
    void make_current() const { ImGui::SetCurrentContext(context_); }
    ImGui_ImplWGPU_Stats stats() const {
        make_current();
        ImGui_ImplWGPU_Stats s;
        ImGui_ImplWGPU_GetStats(&s);
        return s;
    }

private:
    ImGuiContext* context_ = nullptr;
    bool          ok_ = false;
};

// WebGPU calls per frame that upstream's imgui_impl_wgpu.cpp (ocornut/imgui 1.92.x) makes for the same draw data,
// derived from its RenderDrawData in the steady state (buffers large enough): per call 2 geometry writes and 2
// uniform writes, 6 state calls (SetViewport, SetVertexBuffer, SetIndexBuffer, SetPipeline, SetBindGroup(0),
// SetBlendConstant); per draw SetBindGroup(1), SetScissorRect, DrawIndexed; per distinct texture of the call a
// wgpuDeviceCreateBindGroup and its release at the end of the call.
double upstream_calls_per_frame(const Scenario& scenario) {
    double calls = 0;
    for (const auto& call : scenario.calls) {
        std::vector<WGPUTextureView> textures;
        calls += 4 + 6;
        for (const ImDrawList* list : call->lists)
            for (const ImDrawCmd& cmd : list->CmdBuffer) {
                if (cmd.UserCallback || cmd.ElemCount == 0) continue;
                calls += 3;
                const WGPUTextureView view = texture_view(cmd);
                if (std::find(textures.begin(), textures.end(), view) == textures.end()) textures.push_back(view);
            }
        calls += 2.0 * (double)textures.size();
    }
    return calls;
}

struct Distribution {
    double median = NAN, p90 = NAN, min = NAN, mean = NAN;
};

Distribution distribution(std::vector<double> values) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
                 values.end());
    Distribution d;
    if (values.empty()) return d;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    d.median = n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    d.p90 = values[(size_t)std::ceil(0.9 * (double)n) - 1];  // nearest rank
    d.min = values.front();
    double sum = 0;
    for (double v : values) sum += v;
    d.mean = sum / (double)n;
    return d;
}

// What one (scenario, mode) measured.
struct Record {
    std::string  scenario, description;
    Mode         mode = Mode::Cached;
    Distribution render_us, newframe_us, submit_us, done_us, gpu_us;
    std::string  gpu_time_source;
    double       bind_groups_per_frame = 0, bind_groups_per_frame_max = 0;
    double       bind_groups_made_untimed_per_frame = 0;  // floor: made outside the timed part
    double       upload_bytes_per_frame = 0, upload_bytes_per_frame_max = 0;
    double       upload_writes_per_frame = 0;  // wgpuQueueWriteBuffer calls for geometry and uniforms
    double       staged_bytes_per_frame = 0;   // of the uploaded bytes, those the backend copied twice
    double       mapped_bytes_per_frame = 0;   // of the uploaded bytes, those copied through the backend's mapped buffer
    // Minor page faults and kernel time of this thread in the timed part: memory touched for the first time, and
    // driver calls into the kernel (allocating memory), which is where an upload that gets fresh staging memory every
    // frame (the WebGPU implementation's, or the driver's) pays.
    double       page_faults_per_frame = 0, kernel_us_per_frame = 0;
    // WebGPU calls per frame in the timed part and NewFrame, counted by the tracker: encoding and upload
    // calls by name, plus bind groups created and released.
    double       calls_per_frame[(int)tracker::Call::Count] = {};
    double       upstream_calls_per_frame = 0;  // derived from upstream's code, see upstream_calls_per_frame()
    double       bind_group_calls_per_frame = 0;
    double       webgpu_calls_per_frame() const {
        double total = bind_group_calls_per_frame;
        for (double n : calls_per_frame) total += n;
        return total;
    }
    uint64_t     reallocations_after_warmup = 0;
    uint64_t     own_buffers_after_warmup = 0;  // calls the upload arena could not take, uploaded into buffers of their own
    uint64_t     upload_arena_bytes = 0;   // upload memory the backend holds at the end, all frames in flight
    uint64_t     mapped_buffer_bytes = 0;  // of which the mapped buffer that large calls upload through
    double       draws_per_frame = 0;
    uint64_t     vertices = 0;
    int          replaced_images_per_frame = 0;
    double       peak_rss_mib = 0, rss_mib = 0;
    uint64_t     backend_errors = 0;
    int64_t      pixels_differing = -1;  // last frame, against the first mode's; -1: not compared (Null backend)
};

struct ThreadUsage {
    long   minor_faults;
    double kernel_us;
};

ThreadUsage usage_of_this_thread() {
    struct rusage usage = {};
    getrusage(RUSAGE_THREAD, &usage);
    return {usage.ru_minflt, (double)usage.ru_stime.tv_sec * 1e6 + (double)usage.ru_stime.tv_usec};
}

double peak_rss_mib() {
    struct rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_maxrss / 1024.0;  // KiB on Linux
}

double current_rss_mib() {
    long pages_total = 0, pages_resident = 0;
    FILE* f = fopen("/proc/self/statm", "r");
    if (!f) return NAN;
    const int read = fscanf(f, "%ld %ld", &pages_total, &pages_resident);
    fclose(f);
    return read == 2 ? (double)pages_resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0) : NAN;
}

// A pass on the target, with timestamp writes when given (the harness' begin_pass has none).
WGPURenderPassEncoder begin_measured_pass(WGPUCommandEncoder encoder, const OffscreenTarget& target,
                                          const WGPUPassTimestampWrites* timestamps) {
    WGPURenderPassColorAttachment color = {};
    color.view = target.view;
    color.depthSlice = WGPU_DEPTH_SLICE_UNDEFINED;
    color.loadOp = WGPULoadOp_Clear;
    color.storeOp = WGPUStoreOp_Store;
    color.clearValue = {0.1, 0.1, 0.12, 1.0};
    WGPURenderPassDescriptor desc = {};
    desc.colorAttachmentCount = 1;
    desc.colorAttachments = &color;
    desc.timestampWrites = timestamps;
    return wgpuCommandEncoderBeginRenderPass(encoder, &desc);
}

class Bench {
    // Waits for the oldest submits until no more than `limit` are pending, the one just made included.
    void keep_in_flight(std::deque<WGPUFuture>& pending, size_t limit) {
        WGPUQueueWorkDoneCallbackInfo callback = {};
        callback.mode = WGPUCallbackMode_WaitAnyOnly;
        callback.callback = [](WGPUQueueWorkDoneStatus, WGPUStringView, void*, void*) {};
        pending.push_back(wgpuQueueOnSubmittedWorkDone(harness_.queue(), callback));
        while (pending.size() > limit) {
            harness_.wait(pending.front(), "a frame in flight");
            pending.pop_front();
        }
    }

public:
    Bench(Harness& harness, const Options& opts, bool timestamps)
        : harness_(harness), opts_(opts), timestamps_(timestamps) {
        target_ = create_offscreen_target(harness, opts.width, opts.height, WGPUTextureFormat_RGBA8Unorm);
        builder_.init(harness, opts.width, opts.height);
        if (timestamps_) timer_.init(harness.device(), (uint32_t)(opts.frames * opts.modes.size()));
    }
    ~Bench() { release_offscreen_target(target_); }

    const char* gpu_time_source() const {
        if (opts_.null_backend) return "none (Null backend draws nothing)";
        return timestamps_ ? "timestamp queries at pass begin/end" : "submit-to-done wall time";
    }

    bool run_scenario(const std::string& name, int index, int count, std::vector<Record>* records);

private:
    Harness&        harness_;
    const Options&  opts_;
    bool            timestamps_;
    OffscreenTarget target_;
    WorkloadBuilder builder_;
    GpuTimer        timer_;
};

bool Bench::run_scenario(const std::string& name, int index, int count, std::vector<Record>* records) {
    std::unique_ptr<Scenario> scenario = builder_.build(name);
    std::vector<ImDrawData*> calls;
    std::vector<const ImDrawData*> const_calls;
    for (const auto& call : scenario->calls) {
        calls.push_back(&call->data);
        const_calls.push_back(&call->data);
    }

    // Every scenario starts from freshly initialised backends: warm-up and re-allocations are its own.
    const size_t mode_count = opts_.modes.size();
    std::vector<std::unique_ptr<BackendUnderTest>> backends(mode_count);
    FloorRenderer floor;
    bool has_floor = false;
    for (size_t m = 0; m < mode_count; m++) {
        if (is_floor(opts_.modes[m])) {
            if (!has_floor) floor.init(harness_.device(), target_.format);
            has_floor = true;
        } else {
            backends[m] = std::make_unique<BackendUnderTest>(harness_.device(), opts_.modes[m] == Mode::Recreate, opts_);
            if (!backends[m]->ok()) {
                fprintf(stderr, "error: backend init failed: %s\n", ImGui_ImplWGPU_GetLastError());
                return false;
            }
        }
    }
    if (has_floor) {
        floor.upload_geometry(const_calls);
        floor.prepare_commands(const_calls);
    }
    harness_.wait_idle();

    struct Samples {
        std::vector<double> render_us, newframe_us, submit_us, done_us, bind_groups, upload_bytes, upload_writes, page_faults, kernel_us,
            staged_bytes, mapped_bytes, draws, floor_made, bind_group_calls;
        std::vector<tracker::CallCounts> calls;
        uint64_t            reallocations_at_warmup_end = 0, reallocations_at_end = 0, arena_bytes = 0, mapped_buffer_bytes = 0, errors = 0;
        uint64_t            own_buffers_at_warmup_end = 0, own_buffers_at_end = 0;
    };
    std::vector<Samples> samples(mode_count);
    std::vector<Image>   last_frame(mode_count);  // read back after each mode's last frame, to compare
    const int total = opts_.warmup + opts_.frames;
    std::deque<WGPUFuture> pending;  // --frames-in-flight: submits not waited for yet, oldest first
    const bool tty = isatty(STDERR_FILENO);
    if (!tty) fprintf(stderr, "[%d/%d] %s: %d frames...\n", index + 1, count, name.c_str(), total);

    for (int frame = 0; frame < total; frame++) {
        const bool measured = frame >= opts_.warmup;
        uint32_t floor_made = 0;
        if (builder_.advance(*scenario, (uint64_t)frame) && has_floor) {
            floor.prepare_commands(const_calls);
            floor_made = floor.bind_groups_made_by_last_prepare();
        }
        for (size_t k = 0; k < mode_count; k++) {
            const size_t m = (frame + k) % mode_count;  // rotate which mode goes first
            BackendUnderTest* backend = backends[m].get();
            // NewFrame is timed on its own: the cache evicts there, and that cost must not hide.
            const tracker::CallCounts calls_before = tracker::call_counts();
            const tracker::Counts groups_before = tracker::counts(tracker::ObjectType::BindGroup);
            const Clock::time_point n0 = Clock::now();
            if (backend) {
                backend->make_current();
                ImGui_ImplWGPU_NewFrame();
            }
            const Clock::time_point n1 = Clock::now();
            const Mode mode = opts_.modes[m];
            if (mode == Mode::FloorMapped && !floor.map_staging(harness_)) {
                fprintf(stderr, "error: cannot map the floor's staging buffer\n");
                return false;
            }
            const uint32_t pass_index = (uint32_t)((frame - opts_.warmup) * (int)mode_count + (int)m);
            WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness_.device(), nullptr);
            WGPURenderPassEncoder pass =
                begin_measured_pass(encoder, target_, timestamps_ && measured ? timer_.writes() : nullptr);

            const ThreadUsage usage_before = usage_of_this_thread();
            const Clock::time_point t0 = Clock::now();
            if (backend) {
                for (ImDrawData* call : calls)
                    ImGui_ImplWGPU_RenderDrawData(call, pass);
            } else {
                if (mode == Mode::FloorUpload) floor.upload_written();
                if (mode == Mode::FloorMapped) floor.upload_mapped();
                if (mode == Mode::FloorGather) floor.upload_gathered(const_calls);
                floor.encode(pass);
            }
            const Clock::time_point t1 = Clock::now();
            const ThreadUsage usage_after = usage_of_this_thread();
            const tracker::CallCounts calls_made = tracker::call_counts() - calls_before;
            const tracker::Counts groups_after = tracker::counts(tracker::ObjectType::BindGroup);

            wgpuRenderPassEncoderEnd(pass);
            wgpuRenderPassEncoderRelease(pass);
            if (timestamps_ && measured) timer_.resolve(encoder, pass_index);
            const Clock::time_point t2 = Clock::now();
            harness_.submit(encoder);
            const Clock::time_point t3 = Clock::now();
            if (opts_.frames_in_flight > 0)
                keep_in_flight(pending, (size_t)(opts_.frames_in_flight - 1) * mode_count);
            else
                harness_.wait_idle();
            const Clock::time_point t4 = Clock::now();
            if (frame == total - 1 && !opts_.null_backend) last_frame[m] = read_back(harness_, target_);

            Samples& s = samples[m];
            ImGui_ImplWGPU_Stats stats = {};
            if (backend) stats = backend->stats();
            if (frame == opts_.warmup - 1) {
                s.reallocations_at_warmup_end = stats.UploadArenaReallocationsTotal;
                s.own_buffers_at_warmup_end = stats.UploadOwnBuffersTotal;
            }
            s.reallocations_at_end = stats.UploadArenaReallocationsTotal;
            s.own_buffers_at_end = stats.UploadOwnBuffersTotal;
            s.arena_bytes = backend ? stats.UploadArenaCapacity + stats.UploadMappedCapacity
                                    : (mode == Mode::Floor ? 0 : floor.upload_bytes() + floor.staging_bytes());
            s.mapped_buffer_bytes = stats.UploadMappedCapacity;
            s.errors = stats.ErrorsReported;
            if (!measured) continue;
            s.render_us.push_back(microseconds(t0, t1));
            s.newframe_us.push_back(backend ? microseconds(n0, n1) : NAN);
            s.submit_us.push_back(microseconds(t2, t3));
            s.done_us.push_back(opts_.frames_in_flight > 1 ? NAN : microseconds(t2, t4));
            s.bind_groups.push_back(backend ? stats.BindGroupsCreatedThisFrame : 0.0);
            const double floor_bytes = mode == Mode::Floor ? 0.0 : (double)floor.upload_bytes();
            s.upload_bytes.push_back(backend ? (double)stats.UploadBytesThisFrame : floor_bytes);
            s.upload_writes.push_back(backend ? (double)stats.UploadWritesThisFrame : (double)calls_made[tracker::Call::QueueWriteBuffer]);
            s.staged_bytes.push_back(backend ? (double)stats.UploadStagedBytesThisFrame : 0.0);
            s.mapped_bytes.push_back(backend ? (double)stats.UploadMappedBytesThisFrame : 0.0);
            s.page_faults.push_back((double)(usage_after.minor_faults - usage_before.minor_faults));
            s.kernel_us.push_back(usage_after.kernel_us - usage_before.kernel_us);
            s.calls.push_back(calls_made);
            s.bind_group_calls.push_back((double)(groups_after.created - groups_before.created + groups_after.releases -
                                                  groups_before.releases));
            s.draws.push_back(backend ? stats.DrawCallsThisFrame : (double)scenario->draw_commands());
            s.floor_made.push_back(backend ? 0.0 : floor_made);
        }
        if (tty && (frame % 10 == 9 || frame == total - 1))
            fprintf(stderr, "\r[%d/%d] %-12s frame %d/%d%s", index + 1, count, name.c_str(), frame + 1, total,
                    measured ? "" : " (warm-up)");
    }
    if (tty) fprintf(stderr, "\n");
    harness_.wait_idle();  // the frames still in flight (--frames-in-flight)
    pending.clear();

    // Every mode must have drawn the same pixels, else they did not do the same work.
    std::vector<int64_t> differing(mode_count, -1);
    for (size_t m = 0; m < mode_count && !opts_.null_backend; m++) {
        const Image& a = last_frame[0];
        const Image& b = last_frame[m];
        if (a.rgba.empty() || a.rgba.size() != b.rgba.size()) continue;
        differing[m] = 0;
        for (size_t i = 0; i < a.rgba.size(); i += 4) differing[m] += memcmp(&a.rgba[i], &b.rgba[i], 4) != 0;
    }
    if (!opts_.snapshot_dir.empty() && !last_frame[0].rgba.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(opts_.snapshot_dir, ec);
        for (size_t m = 0; m < mode_count; m++) {
            if (m > 0 && differing[m] == 0) continue;  // the first mode's picture stands for identical ones
            const std::string path = opts_.snapshot_dir + "/" + name + (m ? std::string("-") + mode_name(opts_.modes[m]) : "") + ".png";
            if (!write_png(last_frame[m], path)) {
                fprintf(stderr, "error: cannot write %s\n", path.c_str());
                return false;
            }
        }
    }

    std::vector<double> gpu_us;
    if (timestamps_) gpu_us = timer_.read(harness_, (uint32_t)(opts_.frames * (int)mode_count));
    harness_.wait_idle();

    for (size_t m = 0; m < mode_count; m++) {
        const Samples& s = samples[m];
        Record r;
        r.scenario = name;
        r.description = scenario->description;
        r.mode = opts_.modes[m];
        r.render_us = distribution(s.render_us);
        r.newframe_us = distribution(s.newframe_us);
        r.submit_us = distribution(s.submit_us);
        r.done_us = distribution(s.done_us);
        if (timestamps_) {
            std::vector<double> mine;
            for (int f = 0; f < opts_.frames; f++) mine.push_back(gpu_us[(size_t)f * mode_count + m]);
            r.gpu_us = distribution(mine);
        } else if (!opts_.null_backend) {
            r.gpu_us = r.done_us;
        }
        r.gpu_time_source = gpu_time_source();
        r.bind_groups_per_frame = distribution(s.bind_groups).mean;
        r.bind_groups_per_frame_max = *std::max_element(s.bind_groups.begin(), s.bind_groups.end());
        r.bind_groups_made_untimed_per_frame = distribution(s.floor_made).mean;
        r.upload_bytes_per_frame = distribution(s.upload_bytes).mean;
        r.upload_bytes_per_frame_max = *std::max_element(s.upload_bytes.begin(), s.upload_bytes.end());
        r.upload_writes_per_frame = distribution(s.upload_writes).mean;
        r.staged_bytes_per_frame = distribution(s.staged_bytes).mean;
        r.mapped_bytes_per_frame = distribution(s.mapped_bytes).mean;
        r.page_faults_per_frame = distribution(s.page_faults).mean;
        r.kernel_us_per_frame = distribution(s.kernel_us).mean;
        for (const tracker::CallCounts& c : s.calls)
            for (int i = 0; i < (int)tracker::Call::Count; i++) r.calls_per_frame[i] += (double)c.count[i] / (double)s.calls.size();
        r.bind_group_calls_per_frame = distribution(s.bind_group_calls).mean;
        r.upstream_calls_per_frame = upstream_calls_per_frame(*scenario);
        r.reallocations_after_warmup = s.reallocations_at_end - s.reallocations_at_warmup_end;
        r.own_buffers_after_warmup = s.own_buffers_at_end - s.own_buffers_at_warmup_end;
        r.upload_arena_bytes = s.arena_bytes;
        r.mapped_buffer_bytes = s.mapped_buffer_bytes;
        r.draws_per_frame = distribution(s.draws).mean;
        r.vertices = scenario->vertices();
        r.replaced_images_per_frame = scenario->replaced_per_frame;
        r.peak_rss_mib = peak_rss_mib();
        r.rss_mib = current_rss_mib();
        r.backend_errors = s.errors;
        r.pixels_differing = differing[m];
        records->push_back(r);
    }

    backends.clear();
    floor.shutdown();
    builder_.release_images(*scenario);
    harness_.wait_idle();
    return true;
}

// --- Output -----------------------------------------------------------------------------------

const Record* find_record(const std::vector<Record>& records, const std::string& scenario, Mode mode) {
    for (const Record& r : records)
        if (r.scenario == scenario && r.mode == mode) return &r;
    return nullptr;
}

struct TargetCheck {
    bool        pass;
    std::string text;
};

// The upload floor of a scenario: the cheaper (by median) of floor+upload and floor+mapped, of those that ran.
const Record* upload_floor(const std::vector<Record>& records, const std::string& scenario) {
    const Record* written = find_record(records, scenario, Mode::FloorUpload);
    const Record* mapped = find_record(records, scenario, Mode::FloorMapped);
    if (written && mapped) return mapped->render_us.median < written->render_us.median ? mapped : written;
    return written ? written : mapped;
}

std::vector<TargetCheck> check_targets(const std::vector<Record>& records) {
    std::vector<TargetCheck> checks;
    char text[512];
    for (const char* scenario : {"images-256", "images-1024"}) {
        const Record* cached = find_record(records, scenario, Mode::Cached);
        const Record* recreate = find_record(records, scenario, Mode::Recreate);
        const Record* floor = find_record(records, scenario, Mode::Floor);
        if (cached && recreate) {
            const double ratio = recreate->render_us.median / cached->render_us.median;
            snprintf(text, sizeof(text), "%s: cached %.2fx faster than recreate (target >= 5x; %.1f vs %.1f us median; minima %.2fx)",
                     scenario, ratio, cached->render_us.median, recreate->render_us.median, recreate->render_us.min / cached->render_us.min);
            checks.push_back({ratio >= 5.0, text});
        }
        if (cached && floor) {
            const double ratio = cached->render_us.median / floor->render_us.median;
            snprintf(text, sizeof(text), "%s: cached at %.2fx the floor (target <= 1.10x; %.1f vs %.1f us median; minima %.2fx)",
                     scenario, ratio, cached->render_us.median, floor->render_us.median, cached->render_us.min / floor->render_us.min);
            checks.push_back({ratio <= 1.10, text});
        }
    }
    for (const char* scenario : {"windows-200", "mesh-1m", "two-calls", "demo"}) {
        const Record* cached = find_record(records, scenario, Mode::Cached);
        const Record* floor = upload_floor(records, scenario);
        if (!cached || !floor) continue;
        const double ratio = cached->render_us.median / floor->render_us.median;
        snprintf(text, sizeof(text), "%s: cached at %.2fx %s (target <= 1.15x; %.1f vs %.1f us median; minima %.2fx)",
                 scenario, ratio, mode_name(floor->mode), cached->render_us.median, floor->render_us.median,
                 cached->render_us.min / floor->render_us.min);
        checks.push_back({ratio <= 1.15, text});
    }
    for (const Record& r : records) {
        if (r.mode != Mode::Cached) continue;
        // Churn's new images each need their bind group once: that many per frame is the least possible.
        const double expected = r.replaced_images_per_frame;
        snprintf(text, sizeof(text), "%s: cached creates %.2f bind groups per frame (max %.0f; target %.0f%s)",
                 r.scenario.c_str(), r.bind_groups_per_frame, r.bind_groups_per_frame_max, expected,
                 expected > 0 ? ", one per new image" : "");
        checks.push_back({r.bind_groups_per_frame_max == expected && r.bind_groups_per_frame == expected, text});
        snprintf(text, sizeof(text), "%s: cached re-allocates its upload buffers %llu times after warm-up (target 0)",
                 r.scenario.c_str(), (unsigned long long)r.reallocations_after_warmup);
        checks.push_back({r.reallocations_after_warmup == 0, text});
        snprintf(text, sizeof(text), "%s: cached gives %llu calls a buffer of their own after warm-up (target 0: the arena holds the frame)",
                 r.scenario.c_str(), (unsigned long long)r.own_buffers_after_warmup);
        checks.push_back({r.own_buffers_after_warmup == 0, text});
        // The arena's regions start at multiples of the uniform alignment (256): allow that much per call.
        const double need = r.upload_bytes_per_frame_max;
        const double ratio = need > 0 ? (double)r.upload_arena_bytes / need : 0.0;
        char mapped[64] = "";
        if (r.mapped_buffer_bytes > 0)
            snprintf(mapped, sizeof(mapped), " (arena %.1f + mapped buffer %.1f)", (double)(r.upload_arena_bytes - r.mapped_buffer_bytes) / 1024.0,
                     (double)r.mapped_buffer_bytes / 1024.0);
        snprintf(text, sizeof(text), "%s: cached holds %.1f KiB of upload memory%s, %.2fx the largest frame's %.1f KiB (target <= 1.5x, plus 1 KiB of region alignment)",
                 r.scenario.c_str(), (double)r.upload_arena_bytes / 1024.0, mapped, ratio, need / 1024.0);
        checks.push_back({(double)r.upload_arena_bytes <= 1.5 * need + 256.0 * 4, text});
    }
    return checks;
}

// Not a target: cached against floor+gather, which uploads the same bytes starting where every backend starts (Dear
// ImGui's separate vertex and index lists), gathered into one block and written once. What cached costs beyond it is
// the backend's own work: the cache, the clipping, the ring, and the choice of a direct write for large lists.
void print_gather_comparison(const std::vector<Record>& records, const std::vector<std::string>& scenarios, const char* label) {
    bool header = false;
    for (const std::string& scenario : scenarios) {
        const Record* cached = find_record(records, scenario, Mode::Cached);
        const Record* gather = find_record(records, scenario, Mode::FloorGather);
        if (!cached || !gather || cached->upload_bytes_per_frame <= 0) continue;
        if (!header) printf("\nagainst floor+gather (the same upload from Dear ImGui's lists, gathered and written once)%s:\n", label);
        header = true;
        printf("  %-12s cached at %.2fx floor+gather (%.1f vs %.1f us median; minima %.2fx)%s\n", scenario.c_str(),
               cached->render_us.median / gather->render_us.median, cached->render_us.median, gather->render_us.median,
               cached->render_us.min / gather->render_us.min, label);
    }
}

void print_table(const std::vector<Record>& records, const char* label) {
    printf("\n%-12s %-12s %9s %9s %9s %7s %7s %7s %8s %9s %9s %11s %7s %9s %8s %7s %6s %6s %8s%s\n", "scenario", "mode",
           "cpu_med", "cpu_p90", "cpu_min", "x_floor", "x_f+up", "newfrm", "submit", "gpu_med", "bg/frame", "upload/frm",
           "writes", "staged", "reallocs", "arena", "draws", "wgpu", "peakRSS", label);
    printf("%-12s %-12s %9s %9s %9s %7s %7s %7s %8s %9s %9s %11s %7s %9s %8s %7s %6s %6s %8s\n", "", "", "us", "us", "us", "",
           "", "us", "us", "us", "", "KiB", "", "KiB", "", "MiB", "", "calls", "MiB");
    for (const Record& r : records) {
        const Record* floor = find_record(records, r.scenario, Mode::Floor);
        const Record* with_upload = upload_floor(records, r.scenario);
        char x_floor[16] = "-", x_upload[16] = "-", newframe[16] = "-";
        if (floor) snprintf(x_floor, sizeof(x_floor), "%.2f", r.render_us.median / floor->render_us.median);
        if (with_upload) snprintf(x_upload, sizeof(x_upload), "%.2f", r.render_us.median / with_upload->render_us.median);
        if (std::isfinite(r.newframe_us.median)) snprintf(newframe, sizeof(newframe), "%.1f", r.newframe_us.median);
        printf("%-12s %-12s %9.1f %9.1f %9.1f %7s %7s %7s %8.1f %9.1f %9.2f %11.1f %7.1f %9.1f %8llu %7.2f %6.0f %6.0f %8.0f%s\n",
               r.scenario.c_str(), mode_name(r.mode), r.render_us.median, r.render_us.p90, r.render_us.min, x_floor,
               x_upload, newframe, r.submit_us.median, r.gpu_us.median, r.bind_groups_per_frame,
               r.upload_bytes_per_frame / 1024.0, r.upload_writes_per_frame, r.staged_bytes_per_frame / 1024.0,
               (unsigned long long)r.reallocations_after_warmup, (double)r.upload_arena_bytes / (1024.0 * 1024.0),
               r.draws_per_frame, r.webgpu_calls_per_frame(), r.peak_rss_mib, label);
    }
}

// How fast the upload goes, against the machine's own memory: for the scenarios that upload at least 1 MiB a frame,
// the bytes each mode uploads per frame over its median RenderDrawData time (which is then mostly the upload), next to
// a plain memcpy of the same number of bytes between two buffers of this process (median of 15, caches warmed).
void print_upload_bandwidth(const std::vector<Record>& records, const std::vector<std::string>& scenarios) {
    const double min_bytes = 1024.0 * 1024.0;
    bool header = false;
    for (const std::string& scenario : scenarios) {
        const Record* cached = find_record(records, scenario, Mode::Cached);
        if (!cached || cached->upload_bytes_per_frame < min_bytes) continue;
        if (!header) printf("\nUpload bandwidth (bytes uploaded per frame / median RenderDrawData time, and minor page faults and kernel time per frame in it; memcpy: the same bytes, one plain copy):\n");
        header = true;
        const size_t bytes = (size_t)cached->upload_bytes_per_frame;
        std::vector<unsigned char> from(bytes, 1), to(bytes, 0);
        std::vector<double> copy_us;
        for (int i = 0; i < 17; i++) {
            const Clock::time_point t0 = Clock::now();
            memcpy(to.data(), from.data(), bytes);
            const Clock::time_point t1 = Clock::now();
            if (i >= 2) copy_us.push_back(microseconds(t0, t1));     // the first two fault the pages in
            from[(size_t)i % bytes] = to[(size_t)(i * 7) % bytes];  // keeps the copies from being optimised away
        }
        std::sort(copy_us.begin(), copy_us.end());
        const double memcpy_us = copy_us[copy_us.size() / 2];
        printf("  %-12s %.1f MiB/frame  memcpy %.2f GB/s (%.0f us)", scenario.c_str(), bytes / (1024.0 * 1024.0),
               bytes / memcpy_us / 1000.0, memcpy_us);
        for (const Record& r : records)
            if (r.scenario == scenario && r.upload_bytes_per_frame > 0)
            {
                char mapped[48] = "";
                if (r.mapped_bytes_per_frame > 0)
                    snprintf(mapped, sizeof(mapped), ", %.0f%% through mapped buffers", 100.0 * r.mapped_bytes_per_frame / r.upload_bytes_per_frame);
                printf("  %s %.2f GB/s (%.0f page faults, %.0f us in the kernel%s)", mode_name(r.mode),
                       r.upload_bytes_per_frame / r.render_us.median / 1000.0, r.page_faults_per_frame, r.kernel_us_per_frame, mapped);
            }
        printf("\n");
    }
}

// The benchmark's figures keep the 3 decimals they have always had; a non-finite one (a figure no frame gave) is null.
double figure(double v) { return common::figure(v, 3); }

bool write_json(const std::string& path, const Options& opts, const Harness& harness, const char* gpu_source,
                const std::string& mapped_vertex_buffers, const std::vector<Record>& records,
                const std::vector<TargetCheck>& checks) {
    nlohmann::ordered_json j;
    j["tool"] = "imwgpu-bench";
    j["command"] = opts.command_line;
    j["adapter"] = harness.adapter_name();
    j["backend"] = harness.backend_name();
    j["driver"] = harness.driver_description();
    j["null_backend_cost_only"] = opts.null_backend;
    j["frames"] = opts.frames;
    j["warmup"] = opts.warmup;
    j["frames_in_flight"] = opts.frames_in_flight;
    j["width"] = opts.width;
    j["height"] = opts.height;
    j["gpu_time_source"] = gpu_source;
    j["mapped_vertex_buffers"] = mapped_vertex_buffers.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(mapped_vertex_buffers);
    j["floor_note"] = "floor: encode-only, bind groups and geometry made and uploaded outside the timed part; floor+upload: plus one wgpuQueueWriteBuffer of the packed bytes per frame; floor+mapped: plus a memcpy into a mapped staging buffer and a submitted CopyBufferToBuffer; floor+gather: plus the same bytes gathered from the draw lists into one block and written as floor+upload does";
    nlohmann::ordered_json& out = j["records"] = nlohmann::ordered_json::array();
    for (const Record& r : records) {
        nlohmann::ordered_json o;
        o["scenario"] = r.scenario;
        o["mode"] = mode_name(r.mode);
        o["description"] = r.description;
        o["null_backend_cost_only"] = opts.null_backend;
        o["render_cpu_us_median"] = figure(r.render_us.median);
        o["render_cpu_us_p90"] = figure(r.render_us.p90);
        o["render_cpu_us_min"] = figure(r.render_us.min);
        o["render_cpu_us_mean"] = figure(r.render_us.mean);
        o["newframe_cpu_us_median"] = figure(r.newframe_us.median);
        o["newframe_cpu_us_p90"] = figure(r.newframe_us.p90);
        o["submit_cpu_us_median"] = figure(r.submit_us.median);
        o["submit_to_done_us_median"] = figure(r.done_us.median);
        o["gpu_us_median"] = figure(r.gpu_us.median);
        o["gpu_us_p90"] = figure(r.gpu_us.p90);
        o["gpu_time_source"] = r.gpu_time_source;
        o["bind_groups_created_per_frame"] = figure(r.bind_groups_per_frame);
        o["bind_groups_created_per_frame_max"] = figure(r.bind_groups_per_frame_max);
        o["bind_groups_made_untimed_per_frame"] = figure(r.bind_groups_made_untimed_per_frame);
        o["webgpu_calls_per_frame"] = figure(r.webgpu_calls_per_frame());
        nlohmann::ordered_json& calls = o["webgpu_calls_per_frame_by_function"];
        for (int c = 0; c < (int)tracker::Call::Count; c++)
            calls[tracker::call_name((tracker::Call)c)] = figure(r.calls_per_frame[c]);
        calls["bind_group_create_and_release"] = figure(r.bind_group_calls_per_frame);
        o["upstream_webgpu_calls_per_frame_derived"] = figure(r.upstream_calls_per_frame);
        o["upload_bytes_per_frame_max"] = figure(r.upload_bytes_per_frame_max);
        o["upload_writes_per_frame"] = figure(r.upload_writes_per_frame);
        o["staged_bytes_per_frame"] = figure(r.staged_bytes_per_frame);
        o["mapped_bytes_per_frame"] = figure(r.mapped_bytes_per_frame);
        o["page_faults_per_frame"] = figure(r.page_faults_per_frame);
        o["kernel_us_per_frame"] = figure(r.kernel_us_per_frame);
        o["upload_bytes_per_frame"] = figure(r.upload_bytes_per_frame);
        o["buffer_reallocations_after_warmup"] = r.reallocations_after_warmup;
        o["own_buffers_after_warmup"] = r.own_buffers_after_warmup;
        o["upload_arena_bytes"] = r.upload_arena_bytes;
        o["mapped_buffer_bytes"] = r.mapped_buffer_bytes;
        o["draws_per_frame"] = figure(r.draws_per_frame);
        o["vertices"] = r.vertices;
        o["pixels_differing_from_first_mode"] = r.pixels_differing < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(r.pixels_differing);
        o["peak_rss_mib"] = figure(r.peak_rss_mib);
        o["rss_mib"] = figure(r.rss_mib);
        o["frames"] = opts.frames;
        out.push_back(std::move(o));
    }
    nlohmann::ordered_json& targets = j["targets"] = nlohmann::ordered_json::array();
    for (const TargetCheck& check : checks) targets.push_back({{"pass", check.pass}, {"check", check.text}});
    return common::write_json_file(j, path);
}

Chart make_chart(const Options& opts, const Harness& harness, const char* gpu_source, const std::vector<Record>& records) {
    static const ImU32 colours[] = {IM_COL32(46, 125, 200, 255), IM_COL32(220, 110, 40, 255), IM_COL32(120, 120, 120, 255),
                                    IM_COL32(90, 170, 90, 255), IM_COL32(170, 90, 170, 255), IM_COL32(200, 170, 40, 255)};
    static_assert(sizeof(colours) / sizeof(colours[0]) == sizeof(kAllModes) / sizeof(kAllModes[0]), "a colour per mode");
    Chart chart;
    chart.title = "imwgpu-bench: RenderDrawData cost per mode";
    chart.subtitle = harness.adapter_name() + " (" + harness.backend_name() + "), " + std::to_string(opts.frames) +
                     " measured frames, " + std::to_string(opts.width) + "x" + std::to_string(opts.height) +
                     ". floor = the same commands encoded with everything pre-made (encode only); floor+upload adds one write of the packed bytes; floor+gather gathers them from the draw lists first.";
    for (Mode m : opts.modes) chart.series.push_back({mode_name(m), colours[(int)m]});
    for (const std::string& s : opts.scenarios) chart.groups.push_back(s);
    ChartPanel cpu{"RenderDrawData CPU time per frame, median (log scale)", " \xC2\xB5s", false, {}};
    ChartPanel groups{"Bind groups created per frame (log scale)", "", true, {}};
    ChartPanel gpu{std::string("GPU time per frame, median (") + gpu_source + ")", " \xC2\xB5s", false, {}};
    for (const std::string& s : opts.scenarios) {
        cpu.values.emplace_back();
        groups.values.emplace_back();
        gpu.values.emplace_back();
        for (Mode m : opts.modes) {
            const Record* r = find_record(records, s, m);
            cpu.values.back().push_back(r ? r->render_us.median : NAN);
            groups.values.back().push_back(r ? r->bind_groups_per_frame : NAN);
            gpu.values.back().push_back(r ? r->gpu_us.median : NAN);
        }
    }
    chart.panels = {cpu, groups, gpu};
    return chart;
}

// Whether this adapter can give the backend a buffer it writes through a mapping and the pass reads as vertices,
// indices and uniforms: the one-copy upload without a copy of the GPU's own (a mapped ring). Plain WebGPU allows
// MapWrite only with CopySrc; Dawn lifts that with its optional BufferMapExtendedUsages feature. The probe device
// requests every feature the adapter offers, so "rejected" means no device of this adapter allows it.
std::string probe_mapped_vertex_buffers(const Options& opts) {
    HarnessOptions probe_opts;
    probe_opts.driver = opts.driver;
    probe_opts.quiet = true;
    probe_opts.request_all_adapter_features = true;
    Harness probe;
    std::string error;
    if (!probe.init(probe_opts, &error)) return "not probed (" + error + ")";
    WGPUBufferDescriptor desc = {};
    desc.usage = WGPUBufferUsage_MapWrite | WGPUBufferUsage_Vertex | WGPUBufferUsage_Index | WGPUBufferUsage_Uniform;
    desc.size = 256;
    wgpuDevicePushErrorScope(probe.device(), WGPUErrorFilter_Validation);  // the expected error is the answer, not a failure
    WGPUBuffer buffer = wgpuDeviceCreateBuffer(probe.device(), &desc);
    std::string rejection;
    bool scope_popped = false;
    WGPUPopErrorScopeCallbackInfo pop = {};
    pop.mode = WGPUCallbackMode_WaitAnyOnly;
    pop.callback = [](WGPUPopErrorScopeStatus status, WGPUErrorType type, WGPUStringView message, void* userdata1, void* userdata2) {
        *static_cast<bool*>(userdata2) = status == WGPUPopErrorScopeStatus_Success;
        if (type != WGPUErrorType_NoError) *static_cast<std::string*>(userdata1) = to_string(message);
    };
    pop.userdata1 = &rejection;
    pop.userdata2 = &scope_popped;
    const bool answered = probe.wait(wgpuDevicePopErrorScope(probe.device(), pop), "PopErrorScope") && scope_popped;
    if (buffer) wgpuBufferRelease(buffer);
    if (!answered) return "not probed (the error scope gave no answer)";
    const std::string verdict = rejection.empty() ? "allowed" : "rejected (\"" + rejection.substr(0, rejection.find('\n')) + "\")";
    return verdict + " by a device with all " + std::to_string(probe.features().size()) + " features of the adapter";
}

int run(int argc, char** argv) {
    Options opts;
    if (const int status = parse_options(argc, argv, &opts); status >= 0) return status;
    std::string error;

    HarnessOptions harness_opts;
    harness_opts.driver = opts.driver;
    harness_opts.allow_null_backend_for_cost_measurement = opts.null_backend;
    harness_opts.optional_features.push_back(WGPUFeatureName_TimestampQuery);
    Harness harness;
    if (!harness.init(harness_opts, &error)) {
        fprintf(stderr, "imwgpu-bench: %s\n", error.c_str());
        return 1;
    }
    const bool null_backend = harness.backend_type() == WGPUBackendType_Null;
    const char* label = null_backend ? "  [NULL BACKEND: cost only, draws nothing]" : "";
    const bool timestamps = !null_backend && harness.has_feature(WGPUFeatureName_TimestampQuery);

    std::vector<Record> records;
    {
        Bench bench(harness, opts, timestamps);
        printf("imwgpu-bench: %s\n", opts.command_line.c_str());
        printf("%d measured frames after %d warm-up frames, %ux%u RGBA8, modes interleaved (order rotates per frame)\n",
               opts.frames, opts.warmup, opts.width, opts.height);
        printf("GPU time: %s%s\n", bench.gpu_time_source(), label);
        const std::string mapped_vertex_buffers = null_backend ? "" : probe_mapped_vertex_buffers(opts);
        if (!null_backend)
            printf("Buffer mapped for writing and read by the pass (MapWrite | Vertex | Index | Uniform): %s\n",
                   mapped_vertex_buffers.c_str());
        printf("floor: encode-only (bind groups and geometry made and uploaded outside the timed part); floor+upload: plus one write per frame of the packed bytes; floor+gather: the same bytes gathered from the draw lists, then written once\n");
        fflush(stdout);
        for (size_t i = 0; i < opts.scenarios.size(); i++)
            if (!bench.run_scenario(opts.scenarios[i], (int)i, (int)opts.scenarios.size(), &records)) return 1;

        print_table(records, label);
        if (!null_backend) print_upload_bandwidth(records, opts.scenarios);
        printf("\nWebGPU calls per frame (counted in NewFrame + the timed part; upstream's derived from its code):\n");
        for (const std::string& scenario : opts.scenarios) {
            printf("  %-12s", scenario.c_str());
            for (Mode m : opts.modes)
                if (const Record* r = find_record(records, scenario, m))
                    printf("  %s %.0f", mode_name(m), r->webgpu_calls_per_frame());
            if (const Record* r = find_record(records, scenario, opts.modes[0]))
                printf("  upstream %.0f", r->upstream_calls_per_frame);
            printf("\n");
        }
        const std::vector<TargetCheck> checks = check_targets(records);
        printf("\ntargets%s:\n", label);
        for (const TargetCheck& c : checks) printf("  %s  %s%s\n", c.pass ? "PASS" : "MISS", c.text.c_str(), label);
        print_gather_comparison(records, opts.scenarios, label);

        int status = 0;
        if (!opts.json_path.empty() && !write_json(opts.json_path, opts, harness, bench.gpu_time_source(), mapped_vertex_buffers, records, checks)) {
            fprintf(stderr, "imwgpu-bench: cannot write %s\n", opts.json_path.c_str());
            status = 1;
        }
        if (!opts.chart_path.empty()) {
            if (!write_chart(harness, make_chart(opts, harness, bench.gpu_time_source(), records), opts.chart_path, &error)) {
                fprintf(stderr, "imwgpu-bench: chart: %s\n", error.c_str());
                status = 1;
            } else {
                printf("chart: %s\n", opts.chart_path.c_str());
            }
        }
        int compared = 0;
        for (const Record& r : records) {
            compared += r.pixels_differing == 0;
            if (r.pixels_differing > 0) {
                fprintf(stderr, "imwgpu-bench: %s/%s drew %lld pixels unlike %s/%s: the modes did not do the same work\n",
                        r.scenario.c_str(), mode_name(r.mode), (long long)r.pixels_differing, r.scenario.c_str(),
                        mode_name(opts.modes[0]));
                status = 1;
            }
        }
        if (!null_backend)
            printf("pixels: %d of %zu (scenario, mode) last frames identical to the %s mode's\n", compared,
                   records.size(), mode_name(opts.modes[0]));
        for (const Record& r : records)
            if (r.backend_errors) {
                fprintf(stderr, "imwgpu-bench: the backend reported %llu errors in %s/%s: %s\n",
                        (unsigned long long)r.backend_errors, r.scenario.c_str(), mode_name(r.mode),
                        ImGui_ImplWGPU_GetLastError());
                status = 1;
            }
        harness.wait_idle();
        if (harness.error_count() > 0) {
            fprintf(stderr, "imwgpu-bench: %d WebGPU errors, first: %s\n", harness.error_count(),
                    harness.errors()[0].c_str());
            status = 1;
        }
        if (harness.device_lost()) {
            fprintf(stderr, "imwgpu-bench: device lost: %s\n", harness.device_lost_message().c_str());
            status = 1;
        }
        return status;
    }
}

}  // namespace
}  // namespace imwgpu::bench

int main(int argc, char** argv) { return imwgpu::bench::run(argc, argv); }
