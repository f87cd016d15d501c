// imwgpu-demo: what a run measured and checked, as a JSON report and a printed summary.

#pragma once

#include "demo_ui.h"
#include "window_presenter.h"

#include <imgui_impl_wgpu.h>
#include <imwgpu_tracker.h>

#include <cstdint>
#include <string>
#include <vector>

namespace imwgpu::demo {

constexpr int kSteadyWindowFrames = 100;  // steady-state figures are means over at most this many last frames

// Figures read after one frame's RenderDrawData() (the backend's "this frame" counters reset at NewFrame()).
struct FrameRecord {
    uint32_t bind_groups_created;
    uint64_t upload_bytes;
    double   cpu_ms;          // texture updates + UI + encode + submit, not the wait for the GPU or the present
    double   render_draw_ms;  // ImGui_ImplWGPU_RenderDrawData() of the frame's UI alone
};

struct Report {
    std::string adapter, backend, driver;
    std::string presenter;             // "offscreen" or "window"
    int         frames_requested = 0;  // 0: until the window was closed
    int         frames = 0, churn_frames = 0, steady_frames = 0;
    uint32_t    width = 0, height = 0;  // of the last frame
    uint64_t    gallery_textures_created = 0, viewport_textures_created = 0;

    ImGui_ImplWGPU_Stats final_stats = {};  // after the last frame's render
    double      bind_groups_per_frame_steady = 0, bind_groups_per_frame_churn = 0;
    double      upload_bytes_per_frame_steady = 0;
    double      frame_cpu_ms_median = 0, frame_cpu_ms_median_steady = 0, render_draw_data_ms_median_steady = 0;

    bool           windowed = false;
    SurfaceFigures surface;                     // when windowed
    WindowRect     layout[kWindowCount] = {};   // where the last frame's windows were
    struct ViewportRect { float x, y, w, h; };
    std::vector<ViewportRect> viewports;        // --viewports: Dear ImGui's viewports after the last frame, main first
    int64_t        surfaces_live = 0;           // --viewports: surfaces the viewports' windows held then

    int64_t                  live_after_shutdown[(int)tracker::ObjectType::Count] = {};
    int                      webgpu_errors = 0;
    std::vector<std::string> webgpu_error_messages;
    std::string              png_path, report_path;
    std::vector<std::string> failures;
};

// Fills the per-frame figures of `r`: churn figures over frames [0, churn_end), steady figures over the last
// kSteadyWindowFrames frames of [steady_begin, end) (r->steady_frames says how many).
void summarise_frames(const std::vector<FrameRecord>& records, size_t churn_end, size_t steady_begin, Report* r);

bool write_report(const Report& r, const std::string& path);
void print_summary(const Report& r);

}  // namespace imwgpu::demo
