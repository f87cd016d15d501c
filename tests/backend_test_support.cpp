// See backend_test_support.h.

#include "backend_test_support.h"

#include <cstdio>
#include <cstdlib>

#include <sys/mman.h>
#include <unistd.h>

namespace imwgpu::test {

std::string colour_string(uint32_t colour) {
    char text[16];
    snprintf(text, sizeof(text), "#%02X%02X%02X%02X", colour & 0xFF, (colour >> 8) & 0xFF, (colour >> 16) & 0xFF,
             colour >> 24);
    return text;
}

::testing::AssertionResult ImageMatches(const Image& image, const std::function<uint32_t(int x, int y)>& expected) {
    if (image.width == 0 || image.height == 0) return ::testing::AssertionFailure() << "no image was read back";
    const int kMismatchesShown = 8;
    int mismatches = 0;
    std::string shown;
    for (int y = 0; y < (int)image.height; y++)
        for (int x = 0; x < (int)image.width; x++) {
            const uint32_t want = expected(x, y);
            const uint32_t got = image.pixel((uint32_t)x, (uint32_t)y);
            if (got == want) continue;
            if (mismatches++ < kMismatchesShown)
                shown += "\n  (" + std::to_string(x) + ", " + std::to_string(y) + "): " + colour_string(got) +
                         ", expected " + colour_string(want);
        }
    if (mismatches == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << mismatches << " of " << image.width * image.height
                                         << " pixels differ; first ones:" << shown;
}

::testing::AssertionResult ImageMatches(const Image& image, uint32_t background, const std::vector<PixelRect>& rects) {
    return ImageMatches(image, [&](int x, int y) {
        for (size_t i = rects.size(); i-- > 0;) {
            const PixelRect& r = rects[i];
            if (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) return r.colour;
        }
        return background;
    });
}

int count_pixels_other_than(const Image& image, const PixelRect& region, int tolerance) {
    int count = 0;
    for (int y = region.y0; y < region.y1 && y < (int)image.height; y++)
        for (int x = region.x0; x < region.x1 && x < (int)image.width; x++) {
            const uint32_t got = image.pixel((uint32_t)x, (uint32_t)y);
            for (int shift = 0; shift < 32; shift += 8)
                if (std::abs((int)((got >> shift) & 0xFF) - (int)((region.colour >> shift) & 0xFF)) > tolerance) {
                    count++;
                    break;
                }
        }
    return count;
}


bool GuardedBytes::guards_reads() {
#ifdef __EMSCRIPTEN__
    return false;
#else
    return true;
#endif
}

GuardedBytes::GuardedBytes(size_t size) : size_(size) {
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    const size_t data_pages = (size + page - 1) / page;
    mapping_size_ = (data_pages + 1) * page;
    mapping_ = mmap(nullptr, mapping_size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping_ == MAP_FAILED) {
        ADD_FAILURE() << "mmap of " << mapping_size_ << " bytes failed";
        mapping_ = nullptr;
        return;
    }
    uint8_t* guard = (uint8_t*)mapping_ + data_pages * page;
    EXPECT_EQ(mprotect(guard, page, PROT_NONE), 0);
    data_ = guard - size;
}

GuardedBytes::~GuardedBytes() {
    if (mapping_) munmap(mapping_, mapping_size_);
}

void add_images(ImDrawList* draw_list, const std::vector<ImageDraw>& images) {
    for (const ImageDraw& image : images) draw_list->AddImage(texture_id(image.view), image.min, image.max);
}

void add_pixel_quads(ImDrawList* draw_list, WGPUTextureView white_view, int w, int h) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            draw_list->AddImage(texture_id(white_view), ImVec2((float)x, (float)y), ImVec2((float)(x + 1), (float)(y + 1)),
                                ImVec2(0, 0), ImVec2(1, 1), pixel_quad_colour(x, y));
}

uint32_t pixel_quad_colour(int x, int y) {
    // Distinct for every pixel of a target up to 256 x 256; alpha 255 so blending keeps it exact.
    return IM_COL32(x & 0xFF, y & 0xFF, 0x80 | ((x + y) & 0x7F), 255);
}

int64_t live_since(const tracker::Snapshot& baseline, ObjectType type) {
    return tracker::snapshot()[type] - baseline[type];
}

// --- BackendTest ------------------------------------------------------------------------------

void BackendTest::SetUp() {
    HarnessOptions options;
    static bool adapter_printed = false;  // once per program is enough in the log
    options.quiet = adapter_printed;
    adapter_printed = true;
    std::string error;
    ASSERT_TRUE(harness_.init(options, &error)) << error;
    ASSERT_NE(harness_.backend_type(), WGPUBackendType_Null) << harness_.adapter_name();
    RecordProperty("adapter", harness_.adapter_name());

    target_ = create_offscreen_target(harness_, target_width_, target_height_);
    ASSERT_NE(target_.view, nullptr);
    context_ = create_context(target_width_, target_height_);
    if (init_backend_in_setup_) {
        ASSERT_TRUE(init_backend(default_init_info()));
    }
}

void BackendTest::TearDown() {
    for (ImGuiContext* context : contexts_) {
        ImGui::SetCurrentContext(context);
        if (ImGui::GetIO().BackendRendererUserData) ImGui_ImplWGPU_Shutdown();
        ImGui::DestroyContext(context);
    }
    contexts_.clear();
    context_ = nullptr;

    if (harness_.device()) settle();
    release_offscreen_target(target_);

    std::string messages;
    for (const std::string& message : harness_.errors()) messages += "\n  " + message;
    EXPECT_EQ(harness_.error_count(), 0) << "WebGPU errors:" << messages;
    EXPECT_FALSE(harness_.device_lost()) << harness_.device_lost_message();

    if (HasFailure()) {
        const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
        for (const auto& [label, image] : readbacks_) {
            const std::string path =
                std::string(info->test_suite_name()) + "." + info->name() + "_" + label + ".png";
            if (write_png(image, path)) printf("wrote %s\n", path.c_str());
        }
    }
    readbacks_.clear();
    harness_.shutdown();
}

ImGui_ImplWGPU_InitInfo BackendTest::default_init_info() const {
    ImGui_ImplWGPU_InitInfo info;
    info.Device = harness_.device();
    info.RenderTargetFormat = target_.format;
    return info;
}

bool BackendTest::init_backend(const ImGui_ImplWGPU_InitInfo& info) {
    ImGui_ImplWGPU_InitInfo copy = info;
    const bool ok = ImGui_ImplWGPU_Init(&copy);
    EXPECT_TRUE(ok) << "ImGui_ImplWGPU_Init failed: " << ImGui_ImplWGPU_GetLastError();
    return ok;
}

void BackendTest::shutdown_backend() { ImGui_ImplWGPU_Shutdown(); }

bool BackendTest::restart_backend(const ImGui_ImplWGPU_InitInfo& info) {
    shutdown_backend();
    return init_backend(info);
}

ImGuiContext* BackendTest::create_context(uint32_t display_w, uint32_t display_h) {
    ImGuiContext* context = ImGui::CreateContext();
    contexts_.push_back(context);
    ImGui::SetCurrentContext(context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // tests write no imgui.ini / imgui_log.txt
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2((float)display_w, (float)display_h);
    io.DeltaTime = 1.0f / 60.0f;
    return context;
}

WGPUTextureView BackendTest::create_solid_view(uint32_t colour, uint32_t size) {
    WGPUTextureView view = harness_.create_solid_texture_view(size, size, colour);
    EXPECT_NE(view, nullptr);
    return view;
}

void BackendTest::begin_frame() {
    ImGui_ImplWGPU_NewFrame();
    ImGui::NewFrame();
}

ImDrawData* BackendTest::end_frame() {
    ImGui::Render();
    return ImGui::GetDrawData();
}

WGPUCommandEncoder BackendTest::create_encoder() { return wgpuDeviceCreateCommandEncoder(harness_.device(), nullptr); }

void BackendTest::encode(WGPUCommandEncoder encoder, ImDrawData* draw_data, const OffscreenTarget& target) {
    WGPURenderPassEncoder pass = begin_pass(encoder, target, true, 0.0f, 0.0f, 0.0f, 1.0f);
    ImGui_ImplWGPU_RenderDrawData(draw_data, pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
}

void BackendTest::render(ImDrawData* draw_data, const OffscreenTarget& target) {
    WGPUCommandEncoder encoder = create_encoder();
    encode(encoder, draw_data, target);
    harness_.submit(encoder);
}

Image BackendTest::read(const OffscreenTarget& target, const std::string& label) {
    Image image = read_back(harness_, target);
    EXPECT_EQ(image.width, target.width) << "read-back of " << label << " failed";
    readbacks_.emplace_back(label, image);
    return image;
}

void BackendTest::run_frame(const std::function<void(ImDrawList*)>& build) {
    begin_frame();
    build(ImGui::GetForegroundDrawList());
    render(end_frame(), target_);
}

Image BackendTest::run_frame_and_read(const std::function<void(ImDrawList*)>& build, const std::string& label) {
    run_frame(build);
    return read(target_, label);
}

void BackendTest::draw_images(const std::vector<ImageDraw>& images) {
    run_frame([&](ImDrawList* draw_list) { add_images(draw_list, images); });
}

void BackendTest::warm_up() {
    ImGui_ImplWGPU_InitInfo info = default_init_info();
    for (int i = 0; i <= info.NumFramesInFlight; i++)
        run_frame([](ImDrawList* draw_list) { draw_list->AddText(ImVec2(2, 2), kWhite, "warm-up"); });
}

ImGui_ImplWGPU_Stats BackendTest::backend_stats() {
    ImGui_ImplWGPU_Stats stats;
    EXPECT_TRUE(ImGui_ImplWGPU_GetStats(&stats)) << "the backend is not initialized in the current context";
    return stats;
}

void BackendTest::settle() {
    harness_.wait_idle();
    harness_.process_events();
}

}  // namespace imwgpu::test
