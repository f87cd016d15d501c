// imwgpu-demo: the frame body. See demo_ui.h.

#include "demo_ui.h"

#include <imwgpu_tracker.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

namespace imwgpu::demo {

namespace {

// The Dear ImGui demo window's title: Begin()-ing it ourselves first pins its place and size, since
// ShowDemoWindow() only positions it with ImGuiCond_FirstUseEver.
const char* const kDemoWindowTitle = "Dear ImGui Demo";
const char* const kDebugWindowTitle = "imgui_impl_wgpu";  // ImGui_ImplWGPU_ShowDebugWindow()'s window
const char* const kGalleryWindowTitle = "Image gallery";
const char* const kViewportWindowTitle = "Render to texture";

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
    release_offscreen_target(viewport_);
}

bool DemoUi::replace_image(int slot) {
    // Release first, then create: with Dawn the new view almost always gets the address just freed,
    // unless the backend's cache still pins the old view (which is what keeps its bind group honest).
    wgpuTextureViewRelease(views_[slot]);
    views_[slot] = make_image(slot, ++generations_[slot]);
    return views_[slot] != nullptr;
}

bool DemoUi::update_textures() {
    // Before NewFrame() resets them, the backend's counters describe the whole previous frame.
    ImGui_ImplWGPU_GetStats(&last_frame_stats_);

    if (recreate_gallery_requested_) {
        recreate_gallery_requested_ = false;
        for (int slot = 0; slot < kGalleryImages; slot++)
            if (!replace_image(slot))
                return false;
        return true;
    }
    if (!churn_gallery_)
        return true;
    for (int i = 0; i < kGalleryChurnPerFrame; i++) {
        const int slot = next_churn_slot_;
        next_churn_slot_ = (next_churn_slot_ + 1) % kGalleryImages;
        if (!replace_image(slot))
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
    gallery_textures_created_++;
    return harness_.create_texture_view_rgba8(n, n, rgba.data());
}

void DemoUi::build(ImVec2 display_size) {
    frame_++;
    // Left: the Dear ImGui demo. Right: the gallery on top; below it the debug window and the viewport.
    // With viewports (set_viewport_layout), the debug window and the viewport fill the left half, and the demo window
    // (top) and the gallery (bottom) stick out of the main window's right edge, so each gets an OS window of its own.
    // Positions are in Dear ImGui's coordinates: with viewports those are the desktop's, from the main window's corner.
    const ImVec2 origin = ImGui::GetMainViewport()->Pos;
    const auto   at = [origin](float x, float y) { return ImVec2(origin.x + x, origin.y + y); };
    const float  margin = 8.0f;
    ImVec2 viewport_pos, viewport_size;  // the render-to-texture window's region
    if (viewport_layout_) {
        const float left_w = std::floor(display_size.x * 0.45f) - margin;
        const float top_h = std::floor(display_size.y * 0.55f) - margin;
        const float right_x = margin + left_w + margin;
        const float right_w = std::floor(display_size.x * 0.65f);  // 0.10 of the display width outside
        layout_[0] = {kDemoWindowTitle, at(right_x, margin), ImVec2(right_w, top_h)};
        layout_[1] = {kGalleryWindowTitle, at(right_x, margin + top_h + margin),
                      ImVec2(right_w, display_size.y - top_h - 3 * margin)};
        layout_[2] = {kDebugWindowTitle, at(margin, margin), ImVec2(left_w, top_h)};
        viewport_pos = at(margin, margin + top_h + margin);
        viewport_size = ImVec2(left_w, display_size.y - top_h - 3 * margin);
    } else {
        const float demo_w = std::floor(display_size.x * 0.40f);
        const float right_x = margin + demo_w + margin;
        const float right_w = display_size.x - right_x - margin;
        const float gallery_h = std::floor((display_size.y - 3 * margin) * 0.42f);
        const float lower_y = margin + gallery_h + margin;
        const float lower_h = display_size.y - lower_y - margin;
        const float debug_w = std::floor((right_w - margin) * 0.58f);
        layout_[0] = {kDemoWindowTitle, at(margin, margin), ImVec2(demo_w, display_size.y - 2 * margin)};
        layout_[1] = {kGalleryWindowTitle, at(right_x, margin), ImVec2(right_w, gallery_h)};
        layout_[2] = {kDebugWindowTitle, at(right_x, lower_y), ImVec2(debug_w, lower_h)};
        viewport_pos = at(right_x + debug_w + margin, lower_y);
        viewport_size = ImVec2(right_w - debug_w - margin, lower_h);
    }

    pin_window(kDemoWindowTitle, layout_[0].pos, layout_[0].size, true);
    ImGui::ShowDemoWindow();

    ImGui::SetNextWindowPos(layout_[1].pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(layout_[1].size, ImGuiCond_Always);
    build_gallery();

    build_viewport(viewport_pos, viewport_size);

    pin_window(kDebugWindowTitle, layout_[2].pos, layout_[2].size);
    ImGui_ImplWGPU_ShowDebugWindow();
    show_tracker_section();
}

void DemoUi::build_gallery() {
    ImGui::Begin(kGalleryWindowTitle);
    ImGui::Checkbox("Replace 4 images every frame", &churn_gallery_);
    ImGui::SameLine();
    // Acted on in the next update_textures(): this frame's draw lists may already hold the current views.
    if (ImGui::Button("Release and recreate all"))
        recreate_gallery_requested_ = true;
    ImGui::Text("%d images, %llu textures made so far%s", kGalleryImages,
                (unsigned long long)gallery_textures_created_,
                churn_gallery_ ? "" : ": holding still, no bind group should be made");
    ImGui::Separator();

    const int    columns = 8, rows = kGalleryImages / columns;
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const float  border = 2.0f;  // ImGui::Image() adds one pixel each side when it draws a border
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float  label_h = ImGui::GetTextLineHeight() + 2 * spacing.y;
    const float  side = std::floor(std::max(
        8.0f, std::min({(avail.x - spacing.x * (columns - 1)) / columns - border, avail.y / rows - label_h - border,
                        96.0f})));
    for (int slot = 0; slot < kGalleryImages; slot++) {
        if (slot % columns != 0)
            ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::Image((ImTextureID)views_[slot], ImVec2(side, side), ImVec2(0, 0), ImVec2(1, 1),
                     ImVec4(1, 1, 1, 1), ImGui::GetStyleColorVec4(ImGuiCol_Border));
        ImGui::Text("gen %u", generations_[slot]);  // short: the label must not be wider than a small image
        ImGui::EndGroup();
    }
    ImGui::End();
}

void DemoUi::build_viewport(ImVec2 region_pos, ImVec2 region_size) {
    // While resizing, the window shrinks by a few pixels more every frame (down to 60% of its region, then
    // back to full size), so its content region, and the texture that fills it, changes size every frame.
    ImVec2 size = region_size;
    if (resize_viewport_) {
        const int range_x = std::max(1, (int)(region_size.x * 0.4f)), range_y = std::max(1, (int)(region_size.y * 0.4f));
        size.x -= (float)(frame_ * 3 % range_x);
        size.y -= (float)(frame_ * 2 % range_y);
    }
    layout_[3] = {kViewportWindowTitle, region_pos, size};
    ImGui::SetNextWindowPos(region_pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    ImGui::Begin(kViewportWindowTitle);
    ImGui::Checkbox("Resize every frame", &resize_viewport_);
    ImGui::SameLine();
    if (ImGui::Button("Recreate"))
        recreate_viewport_requested_ = true;
    const ImGui_ImplWGPU_Stats& s = last_frame_stats_;
    ImGui::Text("Image cache: %u entries", s.ImageCacheEntries);
    ImGui::Text("Bind groups made: %u, evictions: %u", s.BindGroupsCreatedThisFrame, s.ImageCacheEvictionsThisFrame);

    // The texture follows what is left of the content region. Releasing the previous texture and view here
    // is safe: only draw lists already rendered refer to them (and WebGPU keeps what a recorded pass uses).
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    resize_viewport_texture((uint32_t)std::max(1.0f, std::floor(avail.x)),
                            (uint32_t)std::max(1.0f, std::floor(avail.y - ImGui::GetTextLineHeightWithSpacing())));
    ImGui::Text("Texture %ux%u, %llu made", viewport_.width, viewport_.height,
                (unsigned long long)viewport_textures_created_);
    if (viewport_.view)
        ImGui::Image((ImTextureID)viewport_.view, ImVec2((float)viewport_.width, (float)viewport_.height));
    ImGui::End();
}

void DemoUi::resize_viewport_texture(uint32_t width, uint32_t height) {
    if (viewport_.view && viewport_.width == width && viewport_.height == height && !recreate_viewport_requested_)
        return;
    recreate_viewport_requested_ = false;
    // The backend pins a drawn view for ImageCacheMaxUnusedFrames frames after its last use; a resize every
    // frame would keep that many old textures alive. RemoveImage() drops the pin now.
    if (viewport_.view)
        ImGui_ImplWGPU_RemoveImage((ImTextureID)viewport_.view);
    release_offscreen_target(viewport_);
    viewport_ = create_offscreen_target(harness_, width, height, format_);
    viewport_textures_created_++;
}

void DemoUi::render_viewport(WGPUCommandEncoder encoder) {
    if (!viewport_.view)
        return;
    const float w = (float)viewport_.width, h = (float)viewport_.height;
    const float t = (float)frame_;

    // A draw list of our own, rendered with the same backend in its own pass: a second RenderDrawData()
    // before the frame's submit, with its own vertex, index and uniform memory.
    ImDrawList& dl = viewport_draw_list_;
    dl._Data = ImGui::GetDrawListSharedData();
    dl._ResetForNewFrame();
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
#ifdef IMGUI_HAS_TEXTURES
    const float font_size = font->LegacySize;  // Dear ImGui 1.92+ scales fonts freely; this is the size it was loaded at
#else
    const float font_size = font->FontSize;
#endif
    dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
    dl.PushClipRect(ImVec2(0, 0), ImVec2(w, h));
    const ImVec2 c(w * 0.5f, h * 0.5f);
    const float  radius = 0.45f * std::min(w, h);
    for (int i = 0; i < 12; i++) {
        const float a = t * 0.03f + (float)i * (2.0f * 3.14159265f / 12.0f);
        float       r, g, b;
        ImGui::ColorConvertHSVtoRGB((float)i / 12.0f, 0.7f, 1.0f, r, g, b);
        dl.AddLine(c, ImVec2(c.x + radius * std::cos(a), c.y + radius * std::sin(a)), ImColor(r, g, b), 3.0f);
    }
    dl.AddCircle(c, radius, IM_COL32(255, 255, 255, 255), 48, 2.0f);
    char label[32];
    std::snprintf(label, sizeof(label), "%ux%u", viewport_.width, viewport_.height);
    const ImVec2 text_size = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, label);
    dl.AddRectFilled(ImVec2(c.x - text_size.x * 0.5f - 4, c.y - text_size.y * 0.5f - 2),
                     ImVec2(c.x + text_size.x * 0.5f + 4, c.y + text_size.y * 0.5f + 2), IM_COL32(0, 0, 0, 200));
    dl.AddText(font, font_size, ImVec2(c.x - text_size.x * 0.5f, c.y - text_size.y * 0.5f),
               IM_COL32(255, 255, 255, 255), label);

    ImDrawList* lists[] = {&dl};
    ImDrawData  draw_data;
    draw_data.Valid = true;
    draw_data.CmdListsCount = 1;
#if IMGUI_VERSION_NUM >= 18973
    draw_data.CmdLists.push_back(lists[0]);  // an ImVector since Dear ImGui 1.89.8
#else
    draw_data.CmdLists = lists;
#endif
#ifdef IMGUI_HAS_TEXTURES
    // Rendered before the frame's own draw data: it honours the frame's texture requests (the font atlas
    // is made, or gets new glyphs, in the first RenderDrawData() that sees them).
    draw_data.Textures = &ImGui::GetPlatformIO().Textures;
#endif
    draw_data.TotalVtxCount = dl.VtxBuffer.Size;
    draw_data.TotalIdxCount = dl.IdxBuffer.Size;
    draw_data.DisplayPos = ImVec2(0, 0);
    draw_data.DisplaySize = ImVec2(w, h);
    draw_data.FramebufferScale = ImVec2(1, 1);

    // The background colour turns slowly through the hues, so successive frames differ visibly.
    float r, g, b;
    ImGui::ColorConvertHSVtoRGB(std::fmod(t * 0.002f, 1.0f), 0.6f, 0.35f, r, g, b);
    WGPURenderPassEncoder pass = begin_pass(encoder, viewport_, true, r, g, b, 1.0f);
    ImGui_ImplWGPU_RenderDrawData(&draw_data, pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
}

void show_tracker_section() {
    namespace tracker = imwgpu::tracker;
    const tracker::Snapshot live = tracker::snapshot();
    ImGui::Begin(kDebugWindowTitle);
    ImGui::Separator();
    ImGui::TextUnformatted("Live WebGPU references (tracker):");
    if (ImGui::BeginTable("live_objects", 2, ImGuiTableFlags_SizingStretchSame)) {
        for (int t = 0; t < (int)tracker::ObjectType::Count; t++) {
            ImGui::TableNextColumn();
            ImGui::Text("%s %lld", tracker::object_type_name((tracker::ObjectType)t), (long long)live.live[t]);
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace imwgpu::demo
