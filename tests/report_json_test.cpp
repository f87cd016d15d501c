// imwgpu-demo's JSON report (demo/report.cpp), read back with a strict JSON parser: what scripts and the window and
// viewport tests read from it.

#include "report.h"

#include <imwgpu_common.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

using imwgpu::demo::Report;

// Writes `r` through the demo's writer and parses the file back; a file that is not JSON fails the test.
nlohmann::ordered_json write_and_read(const Report& r) {
    const std::string path =
        (std::filesystem::path(::testing::TempDir()) /
         (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".json"))
            .string();
    EXPECT_TRUE(imwgpu::demo::write_report(r, path));
    std::ifstream     file(path);
    std::stringstream text;
    text << file.rdbuf();
    try {
        return nlohmann::ordered_json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        ADD_FAILURE() << "the report is not valid JSON: " << e.what() << "\n" << text.str();
        return {};
    }
}

TEST(DemoReport, NonFiniteFiguresAreWrittenAsNull) {
    Report r;
    r.frame_cpu_ms_median = std::numeric_limits<double>::quiet_NaN();
    r.bind_groups_per_frame_churn = std::numeric_limits<double>::infinity();
    r.upload_bytes_per_frame_steady = -std::numeric_limits<double>::infinity();
    const nlohmann::ordered_json j = write_and_read(r);
    EXPECT_TRUE(j["frame_cpu_ms_median"].is_null()) << j["frame_cpu_ms_median"];
    EXPECT_TRUE(j["bind_groups_created_per_frame_churn"].is_null()) << j["bind_groups_created_per_frame_churn"];
    EXPECT_TRUE(j["upload_bytes_per_frame_steady"].is_null()) << j["upload_bytes_per_frame_steady"];
}

TEST(DemoReport, FiguresAreRoundedToFourDecimals) {
    Report r;
    r.frame_cpu_ms_median = 0.123456;
    const nlohmann::ordered_json j = write_and_read(r);
    EXPECT_EQ(j["frame_cpu_ms_median"].get<double>(), 0.1235);
}

TEST(DemoReport, FieldsComeInTheirDocumentedOrder) {
    Report r;
    r.windowed = true;
    const nlohmann::ordered_json j = write_and_read(r);
    std::vector<std::string> keys;
    for (const auto& item : j.items())
        keys.push_back(item.key());
    const std::vector<std::string> expected = {
        "adapter", "backend", "driver", "presenter", "frames_requested", "frames", "size", "churn_frames",
        "steady_frames", "gallery_images", "gallery_textures_created", "viewport_textures_created",
        "bind_groups_created_total", "bind_groups_created_per_frame_steady", "bind_groups_created_per_frame_churn",
        "image_cache_entries_final", "image_cache_evictions_total", "upload_bytes_per_frame_steady",
        "upload_arena_capacity", "upload_arena_reallocations_total", "upload_own_buffers_total", "backend_errors_reported", "surface", "windows",
        "live_objects_after_shutdown", "webgpu_errors", "webgpu_error_messages", "frame_cpu_ms_median",
        "frame_cpu_ms_median_steady", "render_draw_data_ms_median_steady", "png", "failures", "passed"};
    EXPECT_EQ(keys, expected);
}

TEST(DemoReport, InvalidUtf8InAMessageIsReplacedNotFatal) {
    Report r;
    r.webgpu_error_messages = {"driver said \xff\xfe"};
    const nlohmann::ordered_json j = write_and_read(r);
    EXPECT_EQ(j["webgpu_error_messages"][0].get<std::string>(), "driver said \xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
