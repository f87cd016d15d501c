// imwgpu-demo: runs the backend headless for a number of frames and checks what matters to a user.
//
// Each frame draws the Dear ImGui demo window, an image gallery and the backend's debug window into an
// offscreen target. During the first half of the run the gallery replaces some of its textures every
// frame (churn); during the second half it holds still, which is the steady state the pinned image cache
// is for: no bind group should be created then. At the end everything is released and the live-object
// tracker must show that nothing created since start-up is left.
//
// Writes the last frame as a PNG and a JSON report, prints a summary, and exits non-zero on any failure
// (no usable adapter, WebGPU errors, backend errors, a leak).

#include "demo_ui.h"

#include <imgui.h>
#include <imgui_impl_wgpu.h>
#include <imwgpu_harness.h>
#include <imwgpu_tracker.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using imwgpu::demo::DemoUi;
namespace tracker = imwgpu::tracker;

constexpr int   kSteadyWindowFrames = 100;  // steady-state figures are means over at most this many last frames
constexpr float kClearColor[4] = {0.10f, 0.12f, 0.15f, 1.0f};

struct Options {
    int                  frames = 600;
    std::string          out_png = "out/demo.png";
    std::string          report_json = "out/report.json";
    uint32_t             width = 1280, height = 800;
    imwgpu::VulkanDriver driver = imwgpu::VulkanDriver::Auto;
    std::string          icd_file;
};

void print_usage(FILE* f) {
    std::fprintf(f,
                 "usage: imwgpu-demo [options]\n"
                 "Renders Dear ImGui with the imwgpu backend into an offscreen target, then checks for\n"
                 "WebGPU errors and leaks and reports the backend's counters.\n"
                 "  --frames N          frames to render (default 600); the first half churns gallery textures\n"
                 "  --out PATH.png      the last frame (default out/demo.png)\n"
                 "  --report PATH.json  figures and checks (default out/report.json)\n"
                 "  --size WxH          target size (default 1280x800)\n"
                 "  --driver D          Vulkan driver: auto (a GPU driver if one works, else SwiftShader),\n"
                 "                      swiftshader, or system (default auto)\n"
                 "  --icd PATH          a Vulkan ICD json to use; overrides --driver\n"
                 "  --help              this text\n");
}

// Accepts "--name value" and "--name=value". Returns false with a message on bad input.
bool parse_options(int argc, char** argv, Options* opt, bool* help, std::string* error) {
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i], value;
        if (arg == "--help" || arg == "-h") {
            *help = true;
            return true;
        }
        const size_t eq = arg.find('=');
        const bool   inline_value = arg.rfind("--", 0) == 0 && eq != std::string::npos;
        if (inline_value) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        auto take_value = [&]() {
            if (inline_value)
                return true;
            if (i + 1 >= argc)
                return false;
            value = argv[++i];
            return true;
        };
        if (arg != "--frames" && arg != "--out" && arg != "--report" && arg != "--size" && arg != "--driver" &&
            arg != "--icd") {
            *error = "unknown option '" + std::string(argv[i]) + "'";
            return false;
        }
        if (!take_value()) {
            *error = arg + " needs a value";
            return false;
        }
        if (arg == "--frames") {
            char* end = nullptr;
            const long n = std::strtol(value.c_str(), &end, 10);
            // Two at least: a churning half and a steady half of one frame each.
            if (value.empty() || *end != '\0' || n < 2 || n > 10000000) {
                *error = "--frames wants a number from 2 up, got '" + value + "'";
                return false;
            }
            opt->frames = (int)n;
        } else if (arg == "--out") {
            opt->out_png = value;
        } else if (arg == "--report") {
            opt->report_json = value;
        } else if (arg == "--size") {
            unsigned w = 0, h = 0;
            char     tail = 0;
            if (std::sscanf(value.c_str(), "%ux%u%c", &w, &h, &tail) != 2 || w < 64 || h < 64 || w > 8192 ||
                h > 8192) {
                *error = "--size wants WxH between 64 and 8192, got '" + value + "'";
                return false;
            }
            opt->width = w;
            opt->height = h;
        } else if (arg == "--driver") {
            if (value == "auto")
                opt->driver = imwgpu::VulkanDriver::Auto;
            else if (value == "swiftshader")
                opt->driver = imwgpu::VulkanDriver::SwiftShader;
            else if (value == "system")
                opt->driver = imwgpu::VulkanDriver::System;
            else {
                *error = "--driver wants auto, swiftshader or system, got '" + value + "'";
                return false;
            }
        } else if (arg == "--icd") {
            opt->icd_file = value;
        }
    }
    return true;
}

bool make_parent_dir(const std::string& path, std::string* error) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code             ec;
    if (!parent.empty())
        std::filesystem::create_directories(parent, ec);
    if (ec)
        *error = "cannot create folder " + parent.string() + ": " + ec.message();
    return !ec;
}

// Figures read after one frame's RenderDrawData() (the backend's "this frame" counters reset at NewFrame()).
struct FrameRecord {
    uint32_t bind_groups_created;
    uint64_t upload_bytes;
    double   cpu_ms;          // churn + UI + encode + submit, not the wait for the GPU
    double   render_draw_ms;  // ImGui_ImplWGPU_RenderDrawData() alone
};

struct Report {
    std::string adapter, backend, driver;
    int         frames = 0, churn_frames = 0, steady_frames = 0;
    uint32_t    width = 0, height = 0;
    uint64_t    gallery_textures_created = 0;

    ImGui_ImplWGPU_Stats final_stats = {};  // after the last frame's render
    double      bind_groups_per_frame_steady = 0, bind_groups_per_frame_churn = 0;
    double      upload_bytes_per_frame_steady = 0;
    double      frame_cpu_ms_median = 0, frame_cpu_ms_median_steady = 0, render_draw_data_ms_median_steady = 0;

    int64_t                  live_after_shutdown[(int)tracker::ObjectType::Count] = {};
    int                      webgpu_errors = 0;
    std::vector<std::string> webgpu_error_messages;
    std::string              png_path, report_path;
    std::vector<std::string> failures;
};

double mean_bind_groups(const std::vector<FrameRecord>& frames, size_t begin, size_t end) {
    if (begin >= end)
        return 0.0;
    double sum = 0;
    for (size_t i = begin; i < end; i++)
        sum += frames[i].bind_groups_created;
    return sum / (double)(end - begin);
}

double mean_upload(const std::vector<FrameRecord>& frames, size_t begin, size_t end) {
    if (begin >= end)
        return 0.0;
    double sum = 0;
    for (size_t i = begin; i < end; i++)
        sum += (double)frames[i].upload_bytes;
    return sum / (double)(end - begin);
}

double median_ms(const std::vector<FrameRecord>& frames, size_t begin, size_t end, double FrameRecord::*field) {
    std::vector<double> v;
    for (size_t i = begin; i < end; i++)
        v.push_back(frames[i].*field);
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += (char)c;
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out += buf;
        } else {
            out += (char)c;
        }
    }
    return out + "\"";
}

std::string json_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.4f", v);
    return buf;
}

bool write_report(const Report& r, const std::string& path) {
    const ImGui_ImplWGPU_Stats& s = r.final_stats;
    std::string                 j = "{\n";
    auto field = [&j](const char* name, const std::string& value) { j += "  \"" + std::string(name) + "\": " + value + ",\n"; };
    auto count = [](uint64_t v) { return std::to_string(v); };
    field("adapter", json_string(r.adapter));
    field("backend", json_string(r.backend));
    field("driver", json_string(r.driver));
    field("frames", count(r.frames));
    field("size", "[" + count(r.width) + ", " + count(r.height) + "]");
    field("churn_frames", count(r.churn_frames));
    field("steady_frames", count(r.steady_frames));
    field("gallery_images", count(imwgpu::demo::kGalleryImages));
    field("gallery_textures_created", count(r.gallery_textures_created));
    field("bind_groups_created_total", count(s.BindGroupsCreatedTotal));
    field("bind_groups_created_per_frame_steady", json_number(r.bind_groups_per_frame_steady));
    field("bind_groups_created_per_frame_churn", json_number(r.bind_groups_per_frame_churn));
    field("image_cache_entries_final", count(s.ImageCacheEntries));
    field("image_cache_evictions_total", count(s.ImageCacheEvictionsTotal));
    field("upload_bytes_per_frame_steady", json_number(r.upload_bytes_per_frame_steady));
    field("upload_arena_capacity", count(s.UploadArenaCapacity));
    field("upload_arena_reallocations_total", count(s.UploadArenaReallocationsTotal));
    field("backend_errors_reported", count(s.ErrorsReported));

    std::string live = "{";
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        live += std::string(t ? ", " : "") + json_string(tracker::object_type_name((tracker::ObjectType)t)) + ": " +
                std::to_string(r.live_after_shutdown[t]);
    field("live_objects_after_shutdown", live + "}");

    field("webgpu_errors", count(r.webgpu_errors));
    std::string messages = "[";
    for (size_t i = 0; i < r.webgpu_error_messages.size(); i++)
        messages += (i ? ", " : "") + json_string(r.webgpu_error_messages[i]);
    field("webgpu_error_messages", messages + "]");
    field("frame_cpu_ms_median", json_number(r.frame_cpu_ms_median));
    field("frame_cpu_ms_median_steady", json_number(r.frame_cpu_ms_median_steady));
    field("render_draw_data_ms_median_steady", json_number(r.render_draw_data_ms_median_steady));
    field("png", json_string(r.png_path));
    std::string failures = "[";
    for (size_t i = 0; i < r.failures.size(); i++)
        failures += (i ? ", " : "") + json_string(r.failures[i]);
    field("failures", failures + "]");
    j += "  \"passed\": " + std::string(r.failures.empty() ? "true" : "false") + "\n}\n";

    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    const bool ok = std::fwrite(j.data(), 1, j.size(), f) == j.size();
    return std::fclose(f) == 0 && ok;
}

void print_summary(const Report& r) {
    const ImGui_ImplWGPU_Stats& s = r.final_stats;
    std::printf("\nimwgpu-demo: %d frames at %ux%u (%d churning, then steady; steady figures over the last %d)\n",
                r.frames, r.width, r.height, r.churn_frames, r.steady_frames);
    std::printf("  adapter              %s (%s)\n", r.adapter.c_str(), r.backend.c_str());
    std::printf("  driver               %s\n", r.driver.c_str());
    std::printf("  bind groups created  %llu total; per frame %.2f while churning, %.2f steady\n",
                (unsigned long long)s.BindGroupsCreatedTotal, r.bind_groups_per_frame_churn,
                r.bind_groups_per_frame_steady);
    std::printf("  image cache          %u entries at the end, %llu evictions (%llu gallery textures made)\n",
                s.ImageCacheEntries, (unsigned long long)s.ImageCacheEvictionsTotal,
                (unsigned long long)r.gallery_textures_created);
    std::printf("  uploads              %.1f KiB per frame steady; arenas %.1f KiB, %llu reallocations\n",
                r.upload_bytes_per_frame_steady / 1024.0, (double)s.UploadArenaCapacity / 1024.0,
                (unsigned long long)s.UploadArenaReallocationsTotal);
    std::printf("  frame CPU time       median %.3f ms (steady %.3f ms); RenderDrawData median %.3f ms steady\n",
                r.frame_cpu_ms_median, r.frame_cpu_ms_median_steady, r.render_draw_data_ms_median_steady);
    std::printf("  errors               %d WebGPU, %llu backend\n", r.webgpu_errors,
                (unsigned long long)s.ErrorsReported);
    std::string leaks;
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        if (r.live_after_shutdown[t] != 0)
            leaks += std::string(leaks.empty() ? "" : ", ") + tracker::object_type_name((tracker::ObjectType)t) +
                     " " + std::to_string(r.live_after_shutdown[t]);
    std::printf("  live after shutdown  %s\n", leaks.empty() ? "none (every object type at 0)" : leaks.c_str());
    std::printf("  picture              %s\n", r.png_path.c_str());
    std::printf("  report               %s\n", r.report_path.c_str());
    for (const std::string& f : r.failures)
        std::printf("  FAILED: %s\n", f.c_str());
    std::printf("%s\n", r.failures.empty() ? "PASS" : "FAIL");
}

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// Renders the frames into an offscreen target and fills the report. The presentation (target, pass,
// submit, read-back) lives here; the frame body is DemoUi.
void run_headless(imwgpu::Harness& harness, const Options& opt, Report* r) {
    const tracker::Snapshot baseline = tracker::snapshot();  // before the target, the backend and the gallery

    imwgpu::OffscreenTarget target = imwgpu::create_offscreen_target(harness, opt.width, opt.height);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a reproducible picture: no imgui.ini read or written
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2((float)opt.width, (float)opt.height);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::StyleColorsDark();

    ImGui_ImplWGPU_InitInfo init_info;
    init_info.Device = harness.device();
    init_info.RenderTargetFormat = target.format;
    bool ok = ImGui_ImplWGPU_Init(&init_info);
    if (!ok)
        r->failures.push_back(std::string("ImGui_ImplWGPU_Init failed: ") + ImGui_ImplWGPU_GetLastError());

    std::vector<FrameRecord> records;
    records.reserve(opt.frames);
    {
        DemoUi ui(harness);
        if (ok && !(ok = ui.init()))
            r->failures.push_back("could not create the gallery's textures");

        for (int frame = 0; ok && frame < r->frames; frame++) {
            const bool churning = frame < r->churn_frames;
            const auto t0 = std::chrono::steady_clock::now();
            if (churning && !(ok = ui.churn())) {
                r->failures.push_back("could not create a gallery texture at frame " + std::to_string(frame));
                break;
            }
            ImGui_ImplWGPU_NewFrame();
            ImGui::NewFrame();
            ui.build(io.DisplaySize, churning);
            ImGui::Render();

            WGPUCommandEncoder    encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
            WGPURenderPassEncoder pass = imwgpu::begin_pass(encoder, target, true, kClearColor[0], kClearColor[1],
                                                            kClearColor[2], kClearColor[3]);
            const auto            r0 = std::chrono::steady_clock::now();
            ImGui_ImplWGPU_RenderDrawData(ImGui::GetDrawData(), pass);
            const auto            r1 = std::chrono::steady_clock::now();
            wgpuRenderPassEncoderEnd(pass);
            wgpuRenderPassEncoderRelease(pass);
            harness.submit(encoder);
            const auto t1 = std::chrono::steady_clock::now();

            ImGui_ImplWGPU_Stats stats;
            ImGui_ImplWGPU_GetStats(&stats);
            records.push_back({stats.BindGroupsCreatedThisFrame, stats.UploadBytesThisFrame, ms_between(t0, t1),
                               ms_between(r0, r1)});
            r->final_stats = stats;

            // Like a window's present, one frame in flight at most: keeps memory flat over long runs.
            harness.wait_idle();
            if (harness.device_lost()) {
                r->failures.push_back("device lost at frame " + std::to_string(frame) + ": " +
                                      harness.device_lost_message());
                ok = false;
            }
        }

        if (ok) {
            const imwgpu::Image image = imwgpu::read_back(harness, target);
            if (image.rgba.empty())
                r->failures.push_back("could not read the last frame back");
            else if (!imwgpu::write_png(image, opt.out_png))
                r->failures.push_back("could not write " + opt.out_png);
        }
        r->gallery_textures_created = ui.textures_created();
    }  // ~DemoUi releases the gallery's textures

    ImGui_ImplWGPU_Shutdown();
    ImGui::DestroyContext();
    imwgpu::release_offscreen_target(target);
    harness.wait_idle();

    const tracker::Snapshot after = tracker::snapshot();
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        r->live_after_shutdown[t] = after.live[t] - baseline.live[t];

    const size_t n = records.size();
    const size_t churn_end = std::min(n, (size_t)r->churn_frames);
    const size_t steady_begin = n - std::min(n - churn_end, (size_t)r->steady_frames);
    r->bind_groups_per_frame_churn = mean_bind_groups(records, 0, churn_end);
    r->bind_groups_per_frame_steady = mean_bind_groups(records, steady_begin, n);
    r->upload_bytes_per_frame_steady = mean_upload(records, steady_begin, n);
    r->frame_cpu_ms_median = median_ms(records, 0, n, &FrameRecord::cpu_ms);
    r->frame_cpu_ms_median_steady = median_ms(records, steady_begin, n, &FrameRecord::cpu_ms);
    r->render_draw_data_ms_median_steady = median_ms(records, steady_begin, n, &FrameRecord::render_draw_ms);

    r->webgpu_errors = harness.error_count();
    r->webgpu_error_messages = harness.errors();
    if (r->webgpu_errors > 0)
        r->failures.push_back(std::to_string(r->webgpu_errors) + " WebGPU error(s), first: " +
                              r->webgpu_error_messages.front());
    if (r->final_stats.ErrorsReported > 0)
        r->failures.push_back(std::to_string(r->final_stats.ErrorsReported) + " backend error(s), last: " +
                              ImGui_ImplWGPU_GetLastError());
    if (r->steady_frames > 0 && r->bind_groups_per_frame_steady != 0.0)
        r->failures.push_back("bind groups were created in the steady state");
    // Once the gallery has held still for longer than the eviction age, the cache holds exactly its images.
    if (r->frames - r->churn_frames > init_info.ImageCacheMaxUnusedFrames + 1 &&
        r->final_stats.ImageCacheEntries != (uint32_t)imwgpu::demo::kGalleryImages)
        r->failures.push_back("the image cache holds " + std::to_string(r->final_stats.ImageCacheEntries) +
                              " entries at the end, not the gallery's " +
                              std::to_string(imwgpu::demo::kGalleryImages));
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        if (r->live_after_shutdown[t] != 0) {
            r->failures.push_back("objects left after shutdown: " + tracker::describe_difference(baseline, after));
            break;
        }
}

}  // namespace

int main(int argc, char** argv) {
    Options     opt;
    bool        help = false;
    std::string error;
    if (!parse_options(argc, argv, &opt, &help, &error)) {
        std::fprintf(stderr, "imwgpu-demo: %s\n\n", error.c_str());
        print_usage(stderr);
        return 2;
    }
    if (help) {
        print_usage(stdout);
        return 0;
    }
    // A failed run must not leave the previous run's picture and report looking like its own.
    std::error_code ec;
    std::filesystem::remove(opt.out_png, ec);
    std::filesystem::remove(opt.report_json, ec);
    if (!make_parent_dir(opt.out_png, &error) || !make_parent_dir(opt.report_json, &error)) {
        std::fprintf(stderr, "imwgpu-demo: %s\n", error.c_str());
        return 1;
    }

    imwgpu::HarnessOptions harness_options;
    harness_options.driver = opt.driver;
    harness_options.icd_file = opt.icd_file.empty() ? nullptr : opt.icd_file.c_str();
    imwgpu::Harness harness;
    if (!harness.init(harness_options, &error)) {
        std::fprintf(stderr, "imwgpu-demo: no usable WebGPU device: %s\n", error.c_str());
        return 1;
    }

    Report r;
    r.adapter = harness.adapter_name();
    r.backend = harness.backend_name();
    r.driver = harness.driver_description();
    r.frames = opt.frames;
    r.churn_frames = opt.frames / 2;
    r.steady_frames = std::min(kSteadyWindowFrames, opt.frames - r.churn_frames);
    r.width = opt.width;
    r.height = opt.height;
    r.png_path = opt.out_png;
    r.report_path = opt.report_json;

    run_headless(harness, opt, &r);
    harness.shutdown();

    if (!write_report(r, opt.report_json))
        r.failures.push_back("could not write " + opt.report_json);
    print_summary(r);
    return r.failures.empty() ? 0 : 1;
}
