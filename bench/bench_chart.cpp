// The chart of imwgpu-bench. See bench_chart.h.

#include "bench_chart.h"

#include "imgui_impl_wgpu.h"
#include "imwgpu_harness.h"

#include <cmath>
#include <cstdio>

namespace imwgpu::bench {

namespace {

const float kWidth = 1400.0f;
const float kHeaderHeight = 90.0f;
const float kPanelHeight = 380.0f;
const float kLeft = 90.0f, kRight = 30.0f;
const float kPanelTitleHeight = 28.0f, kGroupLabelHeight = 40.0f;

const ImU32 kBackground = IM_COL32(250, 250, 250, 255);
const ImU32 kInk = IM_COL32(30, 30, 30, 255);
const ImU32 kGrid = IM_COL32(205, 205, 205, 255);

double axis_position(const ChartPanel& panel, double v) {
    return panel.counts_from_zero ? std::log10(1.0 + v) : std::log10(v);
}

void format_value(char* out, size_t size, double v, const std::string& unit) {
    if (v >= 10000.0)
        snprintf(out, size, "%.0fk%s", v / 1000.0, unit.c_str());
    else if (v >= 100.0 || v == std::floor(v))
        snprintf(out, size, "%.0f%s", v, unit.c_str());
    else
        snprintf(out, size, "%.1f%s", v, unit.c_str());
}

void text_centered(ImDrawList* dl, float cx, float y, ImU32 colour, const char* text) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2(cx - size.x * 0.5f, y), colour, text);
}

void draw_panel(ImDrawList* dl, const Chart& chart, const ChartPanel& panel, float top) {
    dl->AddText(ImVec2(kLeft, top + 6), kInk, panel.title.c_str());
    const float plot_top = top + kPanelTitleHeight + 14;  // room for the value labels of the tallest bar
    const float plot_bottom = top + kPanelHeight - kGroupLabelHeight;
    const float plot_left = kLeft, plot_right = kWidth - kRight;

    // The axis spans whole decades around the finite values.
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& group : panel.values)
        for (double v : group)
            if (std::isfinite(v) && (panel.counts_from_zero ? v >= 0.0 : v > 0.0)) {
                lo = std::fmin(lo, axis_position(panel, v));
                hi = std::fmax(hi, axis_position(panel, v));
            }
    if (!std::isfinite(lo))
        lo = hi = 0.0;
    lo = panel.counts_from_zero ? 0.0 : std::floor(lo);
    hi = std::fmax(std::ceil(hi), lo + 1.0);
    auto y_of = [&](double v) {
        return plot_bottom - (float)((axis_position(panel, v) - lo) / (hi - lo)) * (plot_bottom - plot_top);
    };

    // Grid lines at 0, 1, 10, 100, ... (counts) or at every decade.
    for (double v = panel.counts_from_zero ? 0.0 : std::pow(10.0, lo); axis_position(panel, v) <= hi + 1e-9;
         v = (v == 0.0) ? 1.0 : v * 10.0) {
        const float y = y_of(v);
        dl->AddLine(ImVec2(plot_left, y), ImVec2(plot_right, y), kGrid);
        char label[32];
        format_value(label, sizeof(label), v, panel.unit);
        const ImVec2 size = ImGui::CalcTextSize(label);
        dl->AddText(ImVec2(plot_left - 8 - size.x, y - size.y * 0.5f), kInk, label);
    }
    dl->AddLine(ImVec2(plot_left, plot_top), ImVec2(plot_left, plot_bottom), kInk);
    dl->AddLine(ImVec2(plot_left, plot_bottom), ImVec2(plot_right, plot_bottom), kInk);

    const size_t groups = chart.groups.size(), series = chart.series.size();
    const float group_w = (plot_right - plot_left) / (float)(groups ? groups : 1);
    const float bar_w = group_w * 0.8f / (float)(series ? series : 1);
    for (size_t g = 0; g < groups; g++) {
        const float gx = plot_left + group_w * (float)g + group_w * 0.1f;
        for (size_t s = 0; s < series && g < panel.values.size() && s < panel.values[g].size(); s++) {
            const double v = panel.values[g][s];
            if (!std::isfinite(v) || (!panel.counts_from_zero && v <= 0.0))
                continue;
            const float x0 = gx + bar_w * (float)s, x1 = x0 + bar_w - 2.0f;
            const float y = y_of(v);
            dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, plot_bottom), chart.series[s].colour);
            char label[32];
            format_value(label, sizeof(label), v, "");
            text_centered(dl, (x0 + x1) * 0.5f, y - ImGui::GetFontSize() - 1, kInk, label);
        }
        text_centered(dl, plot_left + group_w * ((float)g + 0.5f), plot_bottom + 8, kInk, chart.groups[g].c_str());
    }
}

}  // namespace

bool write_chart(Harness& harness, const Chart& chart, const std::string& path, std::string* error) {
    const float height = kHeaderHeight + kPanelHeight * (float)chart.panels.size() + 10.0f;
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGuiContext* context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kWidth, height);
    io.DeltaTime = 1.0f / 60.0f;

    ImGui_ImplWGPU_InitInfo init_info;
    init_info.Device = harness.device();
    init_info.RenderTargetFormat = WGPUTextureFormat_RGBA8Unorm;
    bool ok = ImGui_ImplWGPU_Init(&init_info);
    if (ok) {
        ImGui_ImplWGPU_NewFrame();
        ImGui::NewFrame();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 1.5f, ImVec2(kLeft, 12), kInk, chart.title.c_str());
        dl->AddText(ImVec2(kLeft, 40), kInk, chart.subtitle.c_str());
        float x = kLeft;
        for (const ChartSeries& s : chart.series) {
            dl->AddRectFilled(ImVec2(x, 64), ImVec2(x + 14, 78), s.colour);
            dl->AddText(ImVec2(x + 20, 64), kInk, s.name.c_str());
            x += 40 + ImGui::CalcTextSize(s.name.c_str()).x;
        }
        for (size_t p = 0; p < chart.panels.size(); p++)
            draw_panel(dl, chart, chart.panels[p], kHeaderHeight + kPanelHeight * (float)p);
        ImGui::Render();

        OffscreenTarget target = create_offscreen_target(harness, (uint32_t)kWidth, (uint32_t)height);
        WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness.device(), nullptr);
        const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(kBackground);
        WGPURenderPassEncoder pass = begin_pass(encoder, target, true, bg.x, bg.y, bg.z, bg.w);
        ImGui_ImplWGPU_RenderDrawData(ImGui::GetDrawData(), pass);
        wgpuRenderPassEncoderEnd(pass);
        wgpuRenderPassEncoderRelease(pass);
        harness.submit(encoder);
        const Image image = read_back(harness, target);
        release_offscreen_target(target);
        if (image.width == 0) {
            ok = false;
            *error = "reading the chart back failed";
        } else if (!write_png(image, path)) {
            ok = false;
            *error = "cannot write " + path;
        }
        ImGui_ImplWGPU_Shutdown();
    } else {
        *error = std::string("the backend refused to initialise: ") + ImGui_ImplWGPU_GetLastError();
    }
    ImGui::DestroyContext(context);
    ImGui::SetCurrentContext(previous);
    return ok;
}

}  // namespace imwgpu::bench
