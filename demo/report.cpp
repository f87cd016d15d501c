// imwgpu-demo: the report. See report.h.

#include "report.h"

#include <imwgpu_common.h>

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

// The report's figures keep the 4 decimals they have always had.
double figure(double v) {
    return common::figure(v, 4);
}

nlohmann::ordered_json surface_json(const SurfaceFigures& s) {
    nlohmann::ordered_json j;
    j["source"] = s.source;
    j["format"] = s.format;
    j["present_mode"] = s.present_mode;
    j["copy_src"] = s.copy_src;
    j["size"] = {s.width, s.height};
    j["configures"] = s.configures;
    j["presented"] = s.presented;
    j["skipped_zero_size"] = s.skipped_zero_size;
    j["suboptimal"] = s.suboptimal;
    j["outdated"] = s.outdated;
    j["lost"] = s.lost;
    j["timeouts"] = s.timeouts;
    j["errors"] = s.errors;
    return j;
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
    nlohmann::ordered_json      j;
    j["adapter"] = r.adapter;
    j["backend"] = r.backend;
    j["driver"] = r.driver;
    j["presenter"] = r.presenter;
    j["frames_requested"] = r.frames_requested;
    j["frames"] = r.frames;
    j["size"] = {r.width, r.height};
    j["churn_frames"] = r.churn_frames;
    j["steady_frames"] = r.steady_frames;
    j["gallery_images"] = kGalleryImages;
    j["gallery_textures_created"] = r.gallery_textures_created;
    j["viewport_textures_created"] = r.viewport_textures_created;
    j["bind_groups_created_total"] = s.BindGroupsCreatedTotal;
    j["bind_groups_created_per_frame_steady"] = figure(r.bind_groups_per_frame_steady);
    j["bind_groups_created_per_frame_churn"] = figure(r.bind_groups_per_frame_churn);
    j["image_cache_entries_final"] = s.ImageCacheEntries;
    j["image_cache_evictions_total"] = s.ImageCacheEvictionsTotal;
    j["upload_bytes_per_frame_steady"] = figure(r.upload_bytes_per_frame_steady);
    j["upload_arena_capacity"] = s.UploadArenaCapacity;
    j["upload_arena_reallocations_total"] = s.UploadArenaReallocationsTotal;
    j["upload_own_buffers_total"] = s.UploadOwnBuffersTotal;
    j["backend_errors_reported"] = s.ErrorsReported;
    if (r.windowed)
        j["surface"] = surface_json(r.surface);

    nlohmann::ordered_json& windows = j["windows"] = nlohmann::ordered_json::object();
    for (const WindowRect& w : r.layout)
        if (w.title)
            windows[w.title] = {figure(w.pos.x), figure(w.pos.y), figure(w.size.x), figure(w.size.y)};
    if (!r.viewports.empty()) {
        nlohmann::ordered_json& viewports = j["viewports"] = nlohmann::ordered_json::array();
        for (const Report::ViewportRect& v : r.viewports)
            viewports.push_back({figure(v.x), figure(v.y), figure(v.w), figure(v.h)});
        j["viewport_surfaces"] = r.surfaces_live;
    }

    nlohmann::ordered_json& live = j["live_objects_after_shutdown"];
    for (int t = 0; t < (int)tracker::ObjectType::Count; t++)
        live[tracker::object_type_name((tracker::ObjectType)t)] = r.live_after_shutdown[t];

    j["webgpu_errors"] = r.webgpu_errors;
    j["webgpu_error_messages"] = r.webgpu_error_messages;
    j["frame_cpu_ms_median"] = figure(r.frame_cpu_ms_median);
    j["frame_cpu_ms_median_steady"] = figure(r.frame_cpu_ms_median_steady);
    j["render_draw_data_ms_median_steady"] = figure(r.render_draw_data_ms_median_steady);
    j["png"] = r.png_path;
    j["failures"] = r.failures;
    j["passed"] = r.failures.empty();
    return common::write_json_file(j, path);
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
    std::printf("  uploads              %.1f KiB per frame steady; upload arena %.1f KiB, %llu reallocations\n",
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
