// imwgpu-demo: the report. See report.h.

#include "report.h"

#include <algorithm>
#include <cstdio>

namespace imwgpu::demo {

namespace {

double mean(const std::vector<FrameRecord>& frames, size_t begin, size_t end, double (*value)(const FrameRecord&)) {
    if (begin >= end)
        return 0.0;
    double sum = 0;
    for (size_t i = begin; i < end; i++)
        sum += value(frames[i]);
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

std::string json_list(const std::vector<std::string>& items) {  // items already JSON
    std::string out = "[";
    for (size_t i = 0; i < items.size(); i++)
        out += (i ? ", " : "") + items[i];
    return out + "]";
}

std::string count(uint64_t v) {
    return std::to_string(v);
}

std::string surface_json(const SurfaceFigures& s) {
    std::string j = "{";
    auto field = [&j](const char* name, const std::string& value) {
        j += std::string(j.size() > 1 ? ", " : "") + "\"" + name + "\": " + value;
    };
    field("source", json_string(s.source));
    field("format", json_string(s.format));
    field("present_mode", json_string(s.present_mode));
    field("copy_src", s.copy_src ? "true" : "false");
    field("size", "[" + count(s.width) + ", " + count(s.height) + "]");
    field("configures", count(s.configures));
    field("presented", count(s.presented));
    field("skipped_zero_size", count(s.skipped_zero_size));
    field("suboptimal", count(s.suboptimal));
    field("outdated", count(s.outdated));
    field("lost", count(s.lost));
    field("timeouts", count(s.timeouts));
    field("errors", count(s.errors));
    return j + "}";
}

}  // namespace

void summarise_frames(const std::vector<FrameRecord>& records, size_t churn_end, size_t steady_begin, Report* r) {
    const size_t n = records.size();
    churn_end = std::min(churn_end, n);
    steady_begin = std::max(std::min(steady_begin, n), n - std::min(n, (size_t)kSteadyWindowFrames));
    r->steady_frames = (int)(n - steady_begin);
    r->bind_groups_per_frame_churn =
        mean(records, 0, churn_end, [](const FrameRecord& f) { return (double)f.bind_groups_created; });
    r->bind_groups_per_frame_steady =
        mean(records, steady_begin, n, [](const FrameRecord& f) { return (double)f.bind_groups_created; });
    r->upload_bytes_per_frame_steady =
        mean(records, steady_begin, n, [](const FrameRecord& f) { return (double)f.upload_bytes; });
    r->frame_cpu_ms_median = median_ms(records, 0, n, &FrameRecord::cpu_ms);
    r->frame_cpu_ms_median_steady = median_ms(records, steady_begin, n, &FrameRecord::cpu_ms);
    r->render_draw_data_ms_median_steady = median_ms(records, steady_begin, n, &FrameRecord::render_draw_ms);
}

bool write_report(const Report& r, const std::string& path) {
    const ImGui_ImplWGPU_Stats& s = r.final_stats;
    std::string                 j = "{\n";
    auto field = [&j](const char* name, const std::string& value) { j += "  \"" + std::string(name) + "\": " + value + ",\n"; };
    field("adapter", json_string(r.adapter));
    field("backend", json_string(r.backend));
    field("driver", json_string(r.driver));
    field("presenter", json_string(r.presenter));
    field("frames_requested", count(r.frames_requested));
    field("frames", count(r.frames));
    field("size", "[" + count(r.width) + ", " + count(r.height) + "]");
    field("churn_frames", count(r.churn_frames));
    field("steady_frames", count(r.steady_frames));
    field("gallery_images", count(kGalleryImages));
    field("gallery_textures_created", count(r.gallery_textures_created));
    field("viewport_textures_created", count(r.viewport_textures_created));
    field("bind_groups_created_total", count(s.BindGroupsCreatedTotal));
    field("bind_groups_created_per_frame_steady", json_number(r.bind_groups_per_frame_steady));
    field("bind_groups_created_per_frame_churn", json_number(r.bind_groups_per_frame_churn));
    field("image_cache_entries_final", count(s.ImageCacheEntries));
    field("image_cache_evictions_total", count(s.ImageCacheEvictionsTotal));
    field("upload_bytes_per_frame_steady", json_number(r.upload_bytes_per_frame_steady));
    field("upload_arena_capacity", count(s.UploadArenaCapacity));
    field("upload_arena_reallocations_total", count(s.UploadArenaReallocationsTotal));
    field("backend_errors_reported", count(s.ErrorsReported));
    if (r.windowed)
        field("surface", surface_json(r.surface));

    std::vector<std::string> windows;
    for (const WindowRect& w : r.layout)
        if (w.title)
            windows.push_back(json_string(w.title) + ": [" + json_number(w.pos.x) + ", " + json_number(w.pos.y) + ", " +
                              json_number(w.size.x) + ", " + json_number(w.size.y) + "]");
    std::string layout = "{";
    for (size_t i = 0; i < windows.size(); i++)
        layout += (i ? ", " : "") + windows[i];
    field("windows", layout + "}");
    if (!r.viewports.empty()) {
        std::string viewports = "[";
        for (size_t i = 0; i < r.viewports.size(); i++)
            viewports += std::string(i ? ", " : "") + "[" + json_number(r.viewports[i].x) + ", " + json_number(r.viewports[i].y) +
                         ", " + json_number(r.viewports[i].w) + ", " + json_number(r.viewports[i].h) + "]";
        field("viewports", viewports + "]");
        field("viewport_surfaces", std::to_string(r.surfaces_live));
    }

    std::string live = "{";
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        live += std::string(t ? ", " : "") + json_string(tracker::object_type_name((tracker::ObjectType)t)) + ": " +
                std::to_string(r.live_after_shutdown[t]);
    field("live_objects_after_shutdown", live + "}");

    field("webgpu_errors", count(r.webgpu_errors));
    std::vector<std::string> messages, failures;
    for (const std::string& m : r.webgpu_error_messages)
        messages.push_back(json_string(m));
    for (const std::string& f : r.failures)
        failures.push_back(json_string(f));
    field("webgpu_error_messages", json_list(messages));
    field("frame_cpu_ms_median", json_number(r.frame_cpu_ms_median));
    field("frame_cpu_ms_median_steady", json_number(r.frame_cpu_ms_median_steady));
    field("render_draw_data_ms_median_steady", json_number(r.render_draw_data_ms_median_steady));
    field("png", json_string(r.png_path));
    field("failures", json_list(failures));
    j += "  \"passed\": " + std::string(r.failures.empty() ? "true" : "false") + "\n}\n";

    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    const bool ok = std::fwrite(j.data(), 1, j.size(), f) == j.size();
    return std::fclose(f) == 0 && ok;
}

void print_summary(const Report& r) {
    const ImGui_ImplWGPU_Stats& s = r.final_stats;
    std::printf("\nimwgpu-demo: %d frames at %ux%u, %s", r.frames, r.width, r.height, r.presenter.c_str());
    if (r.frames_requested > 0)
        std::printf(" (%d churning, then steady; steady figures over the last %d)\n", r.churn_frames, r.steady_frames);
    else
        std::printf(" (until the window was closed; steady figures over the last %d)\n", r.steady_frames);
    std::printf("  adapter              %s (%s)\n", r.adapter.c_str(), r.backend.c_str());
    std::printf("  driver               %s\n", r.driver.c_str());
    if (r.windowed) {
        const SurfaceFigures& f = r.surface;
        std::printf("  surface              %s source, %s, %s, %llu configures, %llu presented\n", f.source.c_str(),
                    f.format.c_str(), f.present_mode.c_str(), (unsigned long long)f.configures,
                    (unsigned long long)f.presented);
        std::printf("  surface events       %llu suboptimal, %llu outdated, %llu lost, %llu timeouts, %llu errors, "
                    "%llu frames not drawn (no area)\n",
                    (unsigned long long)f.suboptimal, (unsigned long long)f.outdated, (unsigned long long)f.lost,
                    (unsigned long long)f.timeouts, (unsigned long long)f.errors,
                    (unsigned long long)f.skipped_zero_size);
    }
    std::printf("  bind groups created  %llu total; per frame %.2f while churning, %.2f steady\n",
                (unsigned long long)s.BindGroupsCreatedTotal, r.bind_groups_per_frame_churn,
                r.bind_groups_per_frame_steady);
    std::printf("  image cache          %u entries at the end, %llu evictions (%llu gallery and %llu viewport "
                "textures made)\n",
                s.ImageCacheEntries, (unsigned long long)s.ImageCacheEvictionsTotal,
                (unsigned long long)r.gallery_textures_created, (unsigned long long)r.viewport_textures_created);
    std::printf("  uploads              %.1f KiB per frame steady; upload ring %.1f KiB, %llu reallocations\n",
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
    std::printf("  picture              %s\n", r.png_path.empty() ? "none" : r.png_path.c_str());
    std::printf("  report               %s\n", r.report_path.c_str());
    for (const std::string& f : r.failures)
        std::printf("  FAILED: %s\n", f.c_str());
    std::printf("%s\n", r.failures.empty() ? "PASS" : "FAIL");
}

}  // namespace imwgpu::demo
