// imwgpu-demo: the frame body. See demo_ui.h.

#include "demo_ui.h"

#include <imgui_impl_wgpu.h>
#include <imwgpu_harness.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace imwgpu::demo {

namespace {

// The Dear ImGui demo window's title: Begin()-ing it ourselves first pins its place and size, since
// ShowDemoWindow() only positions it with ImGuiCond_FirstUseEver.
const char* const kDemoWindowTitle = "Dear ImGui Demo";
const char* const kDebugWindowTitle = "imgui_impl_wgpu";  // ImGui_ImplWGPU_ShowDebugWindow()'s window

uint8_t to_byte(float v) {
    return (uint8_t)(v <= 0.0f ? 0 : v >= 1.0f ? 255 : (int)(v * 255.0f + 0.5f));
}

// Begins and ends `title` at a fixed place and size: a window that places itself with ImGuiCond_FirstUseEver
// (ShowDemoWindow, ShowDebugWindow) then stays there.
void pin_window(const char* title, ImVec2 pos, ImVec2 size, bool open_demo_sections = false) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    ImGui::Begin(title);
    if (open_demo_sections) {
        // Opens the demo's "Widgets" section and its "Basic" node, so the picture shows widgets rather than a
        // column of headers. A tree node keeps its open state in its window's storage under the ID of its
        // label; only nodes with no state yet are opened, so one a user closes (in a window) stays closed.
        ImGuiStorage* storage = ImGui::GetStateStorage();
        for (const char* label : {"Widgets", "Basic"})
            if (storage->GetInt(ImGui::GetID(label), -1) == -1)
                storage->SetInt(ImGui::GetID(label), 1);
    }
    ImGui::End();
}

}  // namespace

bool DemoUi::init() {
    for (int slot = 0; slot < kGalleryImages; slot++) {
        views_[slot] = make_image(slot, generations_[slot]);
        if (!views_[slot])
            return false;
    }
    return true;
}

void DemoUi::release() {
    for (WGPUTextureView& view : views_) {
        if (view)
            wgpuTextureViewRelease(view);
        view = nullptr;
    }
}

bool DemoUi::churn() {
    for (int i = 0; i < kGalleryChurnPerFrame; i++) {
        const int slot = next_churn_slot_;
        next_churn_slot_ = (next_churn_slot_ + 1) % kGalleryImages;
        // Release first, then create: with Dawn the new view almost always gets the address just freed,
        // unless the backend's cache still pins the old view (which is what keeps its bind group honest).
        wgpuTextureViewRelease(views_[slot]);
        views_[slot] = make_image(slot, ++generations_[slot]);
        if (!views_[slot])
            return false;
    }
    return true;
}

WGPUTextureView DemoUi::make_image(int slot, uint32_t generation) {
    const uint32_t n = kGalleryImageSize;
    float          r, g, b;
    ImGui::ColorConvertHSVtoRGB((float)slot / kGalleryImages, 0.8f, 1.0f, r, g, b);
    // The pattern moves by a few texels per generation, so a replaced image looks different on screen.
    const int phase = (int)(generation * 6 % n);

    std::vector<uint8_t> rgba(n * n * 4);
    for (uint32_t y = 0; y < n; y++) {
        for (uint32_t x = 0; x < n; x++) {
            float k;  // 0 = dark, 1 = the slot's colour, 2 = white
            switch (slot % 4) {
                case 0: k = ((x + y + phase) / 8) % 2 ? 1.0f : 0.3f; break;          // diagonal stripes
                case 1: k = (((x + phase) / 8 + y / 8) % 2) ? 1.0f : 2.0f; break;   // checker
                case 2: {                                                          // rings
                    const float dx = (float)x - n / 2.0f, dy = (float)y - n / 2.0f;
                    k = ((int)(std::sqrt(dx * dx + dy * dy) + phase) / 6) % 2 ? 1.0f : 0.3f;
                    break;
                }
                default: k = 0.2f + 0.8f * (float)((x + phase) % n) / (n - 1); break;  // gradient
            }
            const float white = k > 1.0f ? k - 1.0f : 0.0f, shade = k > 1.0f ? 1.0f : k;
            uint8_t*    p = &rgba[(y * n + x) * 4];
            p[0] = to_byte(r * shade + white * (1.0f - r));
            p[1] = to_byte(g * shade + white * (1.0f - g));
            p[2] = to_byte(b * shade + white * (1.0f - b));
            p[3] = 255;
        }
    }
    textures_created_++;
    return harness_.create_texture_view_rgba8(n, n, rgba.data());
}

void DemoUi::build(ImVec2 display_size, bool churning) {
    const float  margin = 8.0f;
    const float  demo_w = std::floor(display_size.x * 0.45f);
    const float  right_x = margin + demo_w + margin;
    const float  right_w = display_size.x - right_x - margin;
    const float  gallery_h = std::floor((display_size.y - 3 * margin) * 0.42f);
    const ImVec2 debug_pos(right_x, margin + gallery_h + margin);

    pin_window(kDemoWindowTitle, ImVec2(margin, margin), ImVec2(demo_w, display_size.y - 2 * margin), true);
    ImGui::ShowDemoWindow();

    ImGui::SetNextWindowPos(ImVec2(right_x, margin), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(right_w, gallery_h), ImGuiCond_Always);
    build_gallery(churning);

    pin_window(kDebugWindowTitle, debug_pos, ImVec2(right_w, display_size.y - debug_pos.y - margin));
    ImGui_ImplWGPU_ShowDebugWindow();
}

void DemoUi::build_gallery(bool churning) {
    ImGui::Begin("Image gallery");
    if (churning)
        ImGui::Text("%d images; %d replaced every frame (released, then new ones created)", kGalleryImages,
                    kGalleryChurnPerFrame);
    else
        ImGui::Text("%d images, holding still: no bind group should be created", kGalleryImages);
    ImGui::Text("Textures created so far: %llu", (unsigned long long)textures_created_);
    ImGui::Separator();

    const int    columns = 8;
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const float  border = 2.0f;  // ImGui::Image() adds one pixel each side when it draws a border
    const float  side = std::floor(
        std::min((ImGui::GetContentRegionAvail().x - spacing.x * (columns - 1)) / columns - border, 96.0f));
    for (int slot = 0; slot < kGalleryImages; slot++) {
        if (slot % columns != 0)
            ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::Image((ImTextureID)views_[slot], ImVec2(side, side), ImVec2(0, 0), ImVec2(1, 1),
                     ImVec4(1, 1, 1, 1), ImGui::GetStyleColorVec4(ImGuiCol_Border));
        ImGui::Text("#%d gen %u", slot, generations_[slot]);
        ImGui::EndGroup();
    }
    ImGui::End();
}

}  // namespace imwgpu::demo
