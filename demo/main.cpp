// imwgpu-demo: runs the backend for a number of frames, headless or in a window, and checks what matters
// to a user.
//
// Each frame draws the Dear ImGui demo window, an image gallery, a render-to-texture viewport and the
// backend's debug window (DemoUi), into an offscreen target or a GLFW window's surface (a Presenter). In a
// run of a fixed number of frames, the first half churns: the gallery replaces some of its textures and the
// viewport changes size, so its texture is made anew, every frame. The second half holds still, which is the
// steady state the pinned image cache is for: no bind group should be created then. At the end everything is
// released and the live-object tracker must show that nothing created since start-up is left.
//
// Writes the last frame as a PNG and a JSON report, prints a summary, and exits non-zero on any failure
// (no usable adapter, no window when one was asked for, WebGPU errors, backend errors, a leak).

#include "demo_ui.h"
#include "presenter.h"
#include "report.h"
#include "window_presenter.h"
#ifdef __EMSCRIPTEN__
#include "canvas_presenter.h"
#endif

#include <imgui.h>
#include <imgui_impl_wgpu.h>
#include <imwgpu_common.h>
#include <imwgpu_harness.h>
#include <imwgpu_tracker.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace imwgpu::demo;
namespace tracker = imwgpu::tracker;

constexpr float kClearColor[4] = {0.10f, 0.12f, 0.15f, 1.0f};
// An open-ended (windowed) run keeps the records of at most this many recent frames for its figures.
constexpr size_t kMaxRecordsKept = 100000;

enum class Mode { Auto, Headless, Window };

struct Options {
    Mode                 mode = Mode::Auto;
    int                  frames = 0;  // 0: 600 headless, until the window is closed in a window
    std::string          out_png = "out/demo.png";
    std::string          report_json = "out/report.json";
    uint32_t             width = 1280, height = 800;
    imwgpu::VulkanDriver driver = imwgpu::VulkanDriver::Auto;
    std::string          icd_file;
    WindowOptions        window;
    bool                 viewports = false;  // --viewports: Dear ImGui windows outside the main window become OS windows
#ifdef __EMSCRIPTEN__
    std::string          canvas_selector;  // --canvas: the page's canvas that also shows every frame; "" for none
    int                  keep_on_canvas_ms = 0;  // --keep-on-canvas-ms
#endif
};

// Returns -1 when the run goes on, else the exit status: 0 after --help, 2 after a bad command line.
int parse_options(int argc, char** argv, Options* opt) {
    CLI::App app("Renders Dear ImGui with the imwgpu backend, in a window when an X display is set, else into an\n"
                 "offscreen target; then checks for WebGPU errors and leaks and reports the backend's counters.",
                 "imwgpu-demo");
    imwgpu::common::configure(app, 24);
    CLI::Option* headless = app.add_flag_callback("--headless", [opt] { opt->mode = Mode::Headless; },
                                                  "render offscreen even when a display is set");
    CLI::Option* window = app.add_flag_callback("--window", [opt] { opt->mode = Mode::Window; },
                                                "render in a window; fail if none can be opened");
    headless->excludes(window);
    // Two at least: a churning half and a steady half of one frame each.
    app.add_option("--frames", opt->frames,
                   "frames to render; the first half churns gallery textures and resizes the viewport\n"
                   "(default 600 headless; in a window, until it is closed, and the UI's checkboxes decide\n"
                   "what churns)")
        ->type_name("N")
        ->check(CLI::Range(2, 10000000));
    app.add_option("--out", opt->out_png,
                   "the last frame (default out/demo.png; in a window, read back from the surface, and only\n"
                   "with --frames)")
        ->type_name("PATH.png");
    app.add_option("--report", opt->report_json, "figures and checks (default out/report.json)")->type_name("PATH.json");
    imwgpu::common::add_size_option(app, "--size", &opt->width, &opt->height, 64, 8192,
                                    "target or initial window size (default 1280x800)");
    imwgpu::common::add_driver_option(app, &opt->driver,
                                      "Vulkan driver: auto (a GPU driver if one works, else SwiftShader), swiftshader,\n"
                                      "or system (default auto)");
    app.add_option("--icd", opt->icd_file, "a Vulkan ICD json to use; overrides --driver")->type_name("PATH");

    const std::string window_only = "Window only";
    app.add_option_function<std::string>(
           "--vsync", [opt](const std::string& value) { opt->window.vsync = value == "on"; },
           "present mode Fifo (on, the default), or Immediate, else Mailbox (off)")
        ->type_name("on|off")
        ->check(CLI::IsMember({"on", "off"}).description(""))
        ->group(window_only);
    CLI::Option* resize_at = app.add_option("--resize-at", opt->window.resize_at, "resize the window at frame N, to --resize-to")
                                 ->type_name("N")
                                 ->check(CLI::Range(0, 10000000))
                                 ->group(window_only);
    CLI::Option* resize_to = imwgpu::common::add_size_option(app, "--resize-to", &opt->window.resize_width,
                                                             &opt->window.resize_height, 64, 8192,
                                                             "the size for --resize-at")
                                 ->group(window_only);
    resize_at->needs(resize_to);
    resize_to->needs(resize_at);
    app.add_option_function<std::string>(
           "--surface-source",
           [opt](const std::string& value) {
               opt->window.source = value == "xlib" ? SurfaceSource::Xlib
                                    : value == "xcb" ? SurfaceSource::Xcb
                                                     : SurfaceSource::Auto;
           },
           "auto (Xlib, else XCB; the default), xlib or xcb")
        ->type_name("auto|xlib|xcb")
        ->check(CLI::IsMember({"auto", "xlib", "xcb"}).description(""))
        ->group(window_only);
    app.add_option("--keep-open-ms", opt->window.keep_open_ms,
                   "after the last frame, keep it on screen N ms (for screen captures)")
        ->type_name("N")
        ->check(CLI::Range(0, 3600000))
        ->group(window_only);
    app.add_flag("--viewports", opt->viewports,
                 "multi-viewport: the demo window and the gallery are placed partly outside the main\n"
                 "window and open as OS windows of their own (needs a Dear ImGui with viewports, the\n"
                 "docking branch; "
#ifdef IMGUI_HAS_VIEWPORT
                 "this build has it)"
#else
                 "this build has not)"
#endif
                 )
        ->excludes(headless)
        ->group(window_only);
#ifdef __EMSCRIPTEN__
    CLI::Option* canvas = app.add_option("--canvas", opt->canvas_selector,
                                         "also show every frame on the page's canvas that this CSS selector names\n"
                                         "(e.g. #canvas); the frames are still drawn offscreen and the last one read back")
                              ->type_name("SELECTOR")
                              ->excludes(window);
    app.add_option("--keep-on-canvas-ms", opt->keep_on_canvas_ms,
                   "after the last frame, wait N ms before shutting down, the frame on the canvas (for\n"
                   "screenshots: destroying the device at the end blanks the canvas in Firefox)")
        ->type_name("N")
        ->check(CLI::Range(0, 3600000))
        ->needs(canvas);
#endif
#ifndef IMGUI_HAS_VIEWPORT
    app.callback([opt] {
        if (opt->viewports)
            throw CLI::ValidationError("--viewports", "unavailable: this build's Dear ImGui (" IMGUI_VERSION
                                                      ") has no multi-viewport support; build with the docking "
                                                      "branch (IMWGPU_IMGUI_SOURCE_DIR)");
    });
#endif

    const int status = imwgpu::common::parse_command_line(app, argc, argv);
    if (opt->viewports)
        opt->mode = Mode::Window;
    opt->window.width = opt->width;
    opt->window.height = opt->height;
    return status;
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

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// The frame loop, the same for every presenter. Fills the report's per-frame figures and picture.
void run_frames(imwgpu::Harness& harness, Presenter& presenter, const Options& opt, Report* r) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a reproducible picture: no imgui.ini read or written
    io.LogFilename = nullptr;
    ImGui::StyleColorsDark();

#ifdef IMGUI_HAS_VIEWPORT
    if (opt.viewports)
        io.ConfigFlags |= ImGuiConfigFlags_ViewportsEnable;  // before the platform backend's Init, which reads it
#endif
    std::string error;
    bool        ok = presenter.init_platform(&error);
    if (!ok)
        r->failures.push_back(error);
    ImGui_ImplWGPU_InitInfo init_info;
    init_info.Device = harness.device();
    init_info.RenderTargetFormat = presenter.format();
#ifdef IMGUI_HAS_VIEWPORT
    if (opt.viewports) {
        // A secondary viewport's surface, made from its GLFW window as the main window's is.
        init_info.CreateViewportSurface = [](ImGuiViewport* viewport, void* user_data) {
            imwgpu::Harness* h = static_cast<imwgpu::Harness*>(user_data);
            return create_working_x11_surface(h->instance(), h->adapter(), (GLFWwindow*)viewport->PlatformHandle,
                                              SurfaceSource::Auto, "imwgpu-demo viewport");
        };
        init_info.CreateViewportSurfaceUserData = &harness;
        init_info.Adapter = harness.adapter();
    }
#endif
    if (ok && !(ok = ImGui_ImplWGPU_Init(&init_info)))
        r->failures.push_back(std::string("ImGui_ImplWGPU_Init failed: ") + ImGui_ImplWGPU_GetLastError());

    const bool               scheduled = r->frames_requested > 0;
#ifdef IMGUI_HAS_VIEWPORT
    const int64_t            surfaces_before = tracker::snapshot()[tracker::ObjectType::Surface];  // the main window's is older
#endif
    std::vector<FrameRecord> records;
    int                      last_change = -1;  // the last frame in which DemoUi made a texture
    {
        DemoUi ui(harness, presenter.format());
        ui.set_viewport_layout(opt.viewports);
        if (ok && !(ok = ui.init()))
            r->failures.push_back("could not create the gallery's textures");

        for (int frame = 0; ok && (!scheduled || frame < r->frames_requested); frame++) {
            if (!presenter.begin_frame(frame)) {
                if (!presenter.error().empty())
                    r->failures.push_back(presenter.error());
                break;
            }
            if (scheduled)
                ui.set_churning(frame < r->churn_frames);
            const uint64_t textures_before = ui.gallery_textures_created() + ui.viewport_textures_created();
            const auto     t0 = std::chrono::steady_clock::now();
            if (!(ok = ui.update_textures())) {
                r->failures.push_back("could not create a gallery texture at frame " + std::to_string(frame));
                break;
            }
            ImGui_ImplWGPU_NewFrame();
            presenter.new_imgui_frame();
            ImGui::NewFrame();
            ui.build(io.DisplaySize);
            ImGui::Render();

            // No target (a minimised window, a surface to configure again): the ImGui frame has run, nothing is drawn.
            const imwgpu::OffscreenTarget* target = presenter.acquire();
            double render_ms = 0.0;
            if (target) {
                WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
                ui.render_viewport(encoder);
                WGPURenderPassEncoder pass = imwgpu::begin_pass(encoder, *target, true, kClearColor[0], kClearColor[1],
                                                                kClearColor[2], kClearColor[3]);
                const auto r0 = std::chrono::steady_clock::now();
                ImGui_ImplWGPU_RenderDrawData(ImGui::GetDrawData(), pass);
                render_ms = ms_between(r0, std::chrono::steady_clock::now());
                wgpuRenderPassEncoderEnd(pass);
                wgpuRenderPassEncoderRelease(pass);
                harness.submit(encoder);
            }
            const auto t1 = std::chrono::steady_clock::now();
            if (target)
                presenter.present(scheduled && frame == r->frames_requested - 1);
#ifdef IMGUI_HAS_VIEWPORT
            // The other viewports' OS windows: made, moved, resized, closed, then drawn and presented by the backend.
            if (io.ConfigFlags & ImGuiConfigFlags_ViewportsEnable) {
                ImGui::UpdatePlatformWindows();
                ImGui::RenderPlatformWindowsDefault();
                r->viewports.clear();
                for (ImGuiViewport* viewport : ImGui::GetPlatformIO().Viewports)
                    r->viewports.push_back({viewport->Pos.x, viewport->Pos.y, viewport->Size.x, viewport->Size.y});
                r->surfaces_live = tracker::snapshot()[tracker::ObjectType::Surface] - surfaces_before;
            }
#endif

            ImGui_ImplWGPU_Stats stats;
            ImGui_ImplWGPU_GetStats(&stats);
            if (!scheduled && records.size() >= 2 * kMaxRecordsKept)
                records.erase(records.begin(), records.begin() + kMaxRecordsKept);
            records.push_back({stats.BindGroupsCreatedThisFrame, stats.UploadBytesThisFrame, ms_between(t0, t1), render_ms});
            r->final_stats = stats;
            r->frames = frame + 1;
            if (ui.gallery_textures_created() + ui.viewport_textures_created() != textures_before)
                last_change = frame;
            r->width = (uint32_t)io.DisplaySize.x;
            r->height = (uint32_t)io.DisplaySize.y;

            if (harness.device_lost()) {
                r->failures.push_back("device lost at frame " + std::to_string(frame) + ": " +
                                      harness.device_lost_message());
                ok = false;
            }
        }
        presenter.after_last_frame();
        std::copy(ui.layout(), ui.layout() + kWindowCount, r->layout);
        r->gallery_textures_created = ui.gallery_textures_created();
        r->viewport_textures_created = ui.viewport_textures_created();
    }  // ~DemoUi releases its textures

    ImGui_ImplWGPU_Shutdown();
    presenter.shutdown_platform();
    ImGui::DestroyContext();

    // Steady: after the last frame that made a texture (the churning half, a resize of the window, the UI's
    // buttons), so the images of every later frame were drawn before; and after the first NumFramesInFlight frames,
    // by which the upload arena has reached the size a frame needs (growing makes its uniform bind group again).
    const size_t frames_dropped = (size_t)r->frames - records.size();
    const size_t churn_end = scheduled ? (size_t)r->churn_frames : 0;
    const size_t steady_begin =
        std::max({churn_end, (size_t)(last_change + 1), (size_t)init_info.NumFramesInFlight});
    summarise_frames(records, churn_end, steady_begin > frames_dropped ? steady_begin - frames_dropped : 0, r);

    if (ok && scheduled) {
        if (!presenter.picture().rgba.empty()) {
            if (!imwgpu::write_png(presenter.picture(), opt.out_png))
                r->failures.push_back("could not write " + opt.out_png);
            else
                r->png_path = opt.out_png;
        } else if (!r->windowed) {
            r->failures.push_back(presenter.picture_error());
        } else {
            std::printf("imwgpu-demo: no picture: %s\n", presenter.picture_error().c_str());
        }
    }
}

// The checks that make a run pass or fail, once everything is released.
void check(const imwgpu::Harness& harness, const tracker::Snapshot& baseline, const tracker::Snapshot& after,
           Report* r) {
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        r->live_after_shutdown[t] = after.live[t] - baseline.live[t];
    r->webgpu_errors = harness.error_count();
    r->webgpu_error_messages = harness.errors();
    if (r->webgpu_errors > 0)
        r->failures.push_back(std::to_string(r->webgpu_errors) + " WebGPU error(s), first: " +
                              r->webgpu_error_messages.front());
    if (r->final_stats.ErrorsReported > 0)
        r->failures.push_back(std::to_string(r->final_stats.ErrorsReported) + " backend error(s), last: " +
                              ImGui_ImplWGPU_GetLastError());
    if (r->windowed && r->surface.errors > 0)
        r->failures.push_back(std::to_string(r->surface.errors) + " surface error(s)");
    // In an open-ended run the user may leave churning on: no steady state is promised there.
    if (r->frames_requested > 0) {
        if (r->steady_frames > 0 && r->bind_groups_per_frame_steady != 0.0)
            r->failures.push_back("bind groups were created in the steady state");
        // Once nothing has changed for longer than the eviction age, the cache holds exactly the images shown.
        if (r->steady_frames > ImGui_ImplWGPU_InitInfo().ImageCacheMaxUnusedFrames + 1 &&
            r->final_stats.ImageCacheEntries != (uint32_t)kImagesShown)
            r->failures.push_back("the image cache holds " + std::to_string(r->final_stats.ImageCacheEntries) +
                                  " entries at the end, not the " + std::to_string(kImagesShown) + " images shown");
    }
    if (!tracker::describe_difference(baseline, after).empty())
        r->failures.push_back("objects left after shutdown: " + tracker::describe_difference(baseline, after));
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (const int status = parse_options(argc, argv, &opt); status >= 0)
        return status;
    std::string error;
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

    // Before the presenter, the backend and the demo's textures: everything made after this must be released.
    const tracker::Snapshot baseline = tracker::snapshot();

    std::unique_ptr<Presenter>       presenter;
    WindowPresenter*                 window = nullptr;
#ifdef __EMSCRIPTEN__
    // In a browser (web/) the frames go to an offscreen target, whose last frame is read back; with --canvas
    // every frame is also drawn on a canvas of the page (canvas_presenter.h).
    if (opt.mode == Mode::Window) {
        std::fprintf(stderr, "imwgpu-demo: no window in the browser build\n");
        return 1;
    }
    if (!opt.canvas_selector.empty()) {
        presenter = CanvasPresenter::create(harness, opt.width, opt.height, opt.canvas_selector,
                                            opt.keep_on_canvas_ms, &error);
        if (!presenter) {
            std::fprintf(stderr, "imwgpu-demo: no canvas: %s\n", error.c_str());
            return 1;
        }
    }
#else
    if (opt.mode == Mode::Window || (opt.mode == Mode::Auto && display_available())) {
        std::unique_ptr<WindowPresenter> w = WindowPresenter::create(harness, opt.window, &error);
        if (!w && opt.mode == Mode::Window) {
            std::fprintf(stderr, "imwgpu-demo: no window: %s\n", error.c_str());
            return 1;
        }
        if (!w)
            std::printf("imwgpu-demo: no window (%s); rendering offscreen\n", error.c_str());
        window = w.get();
        presenter = std::move(w);
    }
#endif
    if (!presenter)
        presenter = std::make_unique<OffscreenPresenter>(harness, opt.width, opt.height);

    Report r;
    r.adapter = harness.adapter_name();
    r.backend = harness.backend_name();
    r.driver = harness.driver_description();
    r.presenter = window ? "window" : "offscreen";
    r.windowed = window != nullptr;
    r.frames_requested = opt.frames > 0 ? opt.frames : window ? 0 : 600;
    r.churn_frames = r.frames_requested / 2;
    r.report_path = opt.report_json;

    run_frames(harness, *presenter, opt, &r);
    if (window)
        r.surface = window->figures();
    presenter.reset();
    harness.wait_idle();

    check(harness, baseline, tracker::snapshot(), &r);
    harness.shutdown();

    if (!write_report(r, opt.report_json))
        r.failures.push_back("could not write " + opt.report_json);
    print_summary(r);
    return r.failures.empty() ? 0 : 1;
}
