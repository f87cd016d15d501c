// The chart of imwgpu-bench: grouped bar charts drawn with Dear ImGui draw lists, rendered headless through
// our own backend into an offscreen target, read back and written as a PNG.

#pragma once

#include "imgui.h"

#include <string>
#include <vector>

namespace imwgpu {
class Harness;
}

namespace imwgpu::bench {

struct ChartSeries {
    std::string name;
    ImU32       colour;
};

// One panel: a group of bars per entry of Chart::groups, one bar per series, on a logarithmic axis.
struct ChartPanel {
    std::string                      title;
    std::string                      unit;                 // appended to axis and bar labels
    bool                             counts_from_zero;     // axis of log10(1 + v), so 0 has a place; else log10(v)
    std::vector<std::vector<double>> values;               // [group][series]; NaN: no bar
};

struct Chart {
    std::string              title, subtitle;
    std::vector<std::string> groups;
    std::vector<ChartSeries> series;
    std::vector<ChartPanel>  panels;
};

// Renders the chart with a Dear ImGui context and backend of its own. Returns false (with *error) when
// the image cannot be rendered, read back or written.
bool write_chart(Harness& harness, const Chart& chart, const std::string& path, std::string* error);

}  // namespace imwgpu::bench
