// Workloads of imwgpu-bench. See bench_workloads.h.

#include "bench_workloads.h"

#include "imwgpu_harness.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace imwgpu::bench {

namespace {

const int   kChurnImages = 16;
const int   kChurnReplacedPerFrame = 4;
const int   kSmallWindows = 200;
const int   kMeshGrid = 512;        // 512 x 512 rectangles x 4 vertices = 1,048,576 vertices
const int   kCaptureFrames = 3;     // frame 0 differs (first focus, auto-sizing); later frames are stable
const uint32_t kImageSize = 16;     // texels per side of each solid image

// ImDrawCmd holds an ImTextureRef since Dear ImGui 1.92 (IMGUI_HAS_TEXTURES), a plain ImTextureID before.
void set_texture(ImDrawCmd& cmd, WGPUTextureView view) {
#ifdef IMGUI_HAS_TEXTURES
    cmd.TexRef = ImTextureRef(texture_id(view));
#else
    cmd.TextureId = texture_id(view);
#endif
}

// ImDrawData::CmdLists is an ImVector since Dear ImGui 1.89.8, a plain array before.
void set_draw_lists(ImDrawData& data, std::vector<ImDrawList*>& lists) {
#if IMGUI_VERSION_NUM >= 18973
    data.CmdLists.resize(0);
    for (ImDrawList* list : lists)
        data.CmdLists.push_back(list);
#else
    data.CmdLists = lists.data();
#endif
    data.CmdListsCount = (int)lists.size();
}

uint64_t seed_from_name(const std::string& name) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : name)
        h = (h ^ (uint8_t)c) * 1099511628211ull;
    return h;
}

// A window covering the whole display that draws nothing itself: scenarios draw into its draw list.
ImDrawList* begin_canvas(const char* name, float width, float height) {
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, height), ImGuiCond_Always);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoInputs |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar(2);
    return ImGui::GetWindowDrawList();
}

// One image per cell of the smallest near-square grid that holds them all inside (x, y, w, h).
void draw_image_grid(ImDrawList* dl, const std::vector<WGPUTextureView>& images, float x, float y, float w, float h) {
    const int count = (int)images.size();
    int columns = 1;
    while (columns * (int)(columns * h / w) < count)
        columns++;
    const int rows = (count + columns - 1) / columns;
    const float cell_w = w / (float)columns, cell_h = h / (float)rows;
    for (int i = 0; i < count; i++) {
        const ImVec2 p(x + cell_w * (float)(i % columns), y + cell_h * (float)(i / columns));
        dl->AddImage(texture_id(images[i]), ImVec2(p.x + 1, p.y + 1), ImVec2(p.x + cell_w - 1, p.y + cell_h - 1));
    }
}

void show_demo_window(float height) {
    // Pin the demo window (it places itself on first use) so every build of the scenario is identical.
    ImGui::SetNextWindowPos(ImVec2(16, 16), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(560, height - 32 > 200 ? height - 32 : 200), ImGuiCond_Always);
    ImGui::Begin("Dear ImGui Demo");
    ImGui::End();
    ImGui::ShowDemoWindow();
}

}  // namespace

DrawCall::~DrawCall() {
    for (ImDrawList* list : lists)
        IM_DELETE(list);
}

uint32_t Scenario::draw_commands() const {
    uint32_t count = 0;
    for (const auto& call : calls)
        for (const ImDrawList* list : call->lists)
            for (const ImDrawCmd& cmd : list->CmdBuffer)
                count += (cmd.UserCallback == nullptr && cmd.ElemCount > 0) ? 1 : 0;
    return count;
}

uint64_t Scenario::vertices() const {
    uint64_t count = 0;
    for (const auto& call : calls)
        count += (uint64_t)call->data.TotalVtxCount;
    return count;
}

const std::vector<std::string>& scenario_names() {
    static const std::vector<std::string> names = {
        "demo", "images-1", "images-16", "images-256", "images-1024", "churn", "windows-200", "mesh-1m", "two-calls",
    };
    return names;
}

void WorkloadBuilder::init(Harness& harness, uint32_t width, uint32_t height) {
    harness_ = &harness;
    width_ = width;
    height_ = height;
    ImGuiContext* previous = ImGui::GetCurrentContext();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2((float)width, (float)height);
    // The backends under test honour ImDrawCmd::VtxOffset: this lets the mesh exceed 64K vertices per list.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    unsigned char* pixels = nullptr;
    int atlas_w = 0, atlas_h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &atlas_w, &atlas_h);
    font_view_ = harness.create_texture_view_rgba8((uint32_t)atlas_w, (uint32_t)atlas_h, pixels);
    io.Fonts->SetTexID(texture_id(font_view_));
    ImGui::SetCurrentContext(previous);
}

void WorkloadBuilder::shutdown() {
    if (context_)
        ImGui::DestroyContext(context_);
    context_ = nullptr;
    if (font_view_)
        wgpuTextureViewRelease(font_view_);
    font_view_ = nullptr;
}

template <typename Ui>
std::unique_ptr<DrawCall> WorkloadBuilder::capture(const Ui& ui) {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    for (int frame = 0; frame < kCaptureFrames; frame++) {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ui();
        ImGui::Render();
    }
    const ImDrawData* source = ImGui::GetDrawData();
    auto call = std::make_unique<DrawCall>();
    for (int n = 0; n < source->CmdListsCount; n++) {
        ImDrawList* list = source->CmdLists[n]->CloneOutput();
        // Since Dear ImGui 1.92 the atlas' commands refer to this context's ImTextureData, which the backends
        // under test never saw: make every reference a plain view, as user images are.
        for (ImDrawCmd& cmd : list->CmdBuffer)
            if (!cmd.UserCallback)
                set_texture(cmd, texture_view(cmd));
        call->lists.push_back(list);
    }
    call->data.Valid = true;
    set_draw_lists(call->data, call->lists);
    call->data.TotalVtxCount = source->TotalVtxCount;
    call->data.TotalIdxCount = source->TotalIdxCount;
    call->data.DisplayPos = source->DisplayPos;
    call->data.DisplaySize = source->DisplaySize;
    call->data.FramebufferScale = source->FramebufferScale;
    ImGui::SetCurrentContext(previous);
    return call;
}

uint64_t WorkloadBuilder::next_random() {
    // SplitMix64: tiny, and the same sequence on every platform (std distributions are not).
    rng_state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = rng_state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

float WorkloadBuilder::next_random01() {
    return (float)(next_random() >> 40) / 16777216.0f;
}

WGPUTextureView WorkloadBuilder::make_image() {
    return harness_->create_solid_texture_view(kImageSize, kImageSize, 0xFF000000u | (uint32_t)(next_random() & 0xFFFFFF));
}

void WorkloadBuilder::make_images(Scenario& scenario, int count) {
    for (int i = 0; i < count; i++)
        scenario.images.push_back(make_image());
}

void WorkloadBuilder::index_image_users(Scenario& scenario) {
    std::unordered_map<WGPUTextureView, size_t> index;
    for (size_t i = 0; i < scenario.images.size(); i++)
        index[scenario.images[i]] = i;
    scenario.image_users.assign(scenario.images.size(), {});
    for (auto& call : scenario.calls)
        for (ImDrawList* list : call->lists)
            for (ImDrawCmd& cmd : list->CmdBuffer) {
                auto it = index.find(texture_view(cmd));
                if (it != index.end())
                    scenario.image_users[it->second].push_back(&cmd);
            }
}

std::unique_ptr<Scenario> WorkloadBuilder::build(const std::string& name) {
    auto scenario = std::make_unique<Scenario>();
    scenario->name = name;
    rng_state_ = seed_from_name(name);
    const float w = (float)width_, h = (float)height_;

    int image_count = 0;
    if (name == "demo") {
        scenario->description = "Dear ImGui demo window";
        scenario->calls.push_back(capture([&] { show_demo_window(h); }));
    } else if (sscanf(name.c_str(), "images-%d", &image_count) == 1 && image_count > 0 &&
               name == "images-" + std::to_string(image_count)) {
        scenario->description = std::to_string(image_count) + " stable images";
        make_images(*scenario, image_count);
        scenario->calls.push_back(capture([&] {
            draw_image_grid(begin_canvas("images", w, h), scenario->images, 0, 0, w, h);
            ImGui::End();
        }));
    } else if (name == "churn") {
        scenario->description = std::to_string(kChurnImages) + " images, " + std::to_string(kChurnReplacedPerFrame) +
                                " replaced by new views each frame";
        scenario->replaced_per_frame = kChurnReplacedPerFrame;
        make_images(*scenario, kChurnImages);
        scenario->calls.push_back(capture([&] {
            draw_image_grid(begin_canvas("churn", w, h), scenario->images, 0, 0, w, h);
            ImGui::End();
        }));
    } else if (name == "windows-200") {
        scenario->description = std::to_string(kSmallWindows) + " small windows with widgets (one draw list each)";
        const ImVec2 size(150, 90);
        std::vector<ImVec2> positions;
        std::vector<float>  values;
        std::vector<char>   checks;
        for (int i = 0; i < kSmallWindows; i++) {
            positions.push_back(ImVec2(next_random01() * std::max(w - size.x, 0.0f), next_random01() * std::max(h - size.y, 0.0f)));
            values.push_back(next_random01());
            checks.push_back(next_random01() < 0.5f);
        }
        scenario->calls.push_back(capture([&] {
            for (int i = 0; i < kSmallWindows; i++) {
                char title[32];
                snprintf(title, sizeof(title), "Window %03d", i);
                ImGui::SetNextWindowPos(positions[i], ImGuiCond_Always);
                ImGui::SetNextWindowSize(size, ImGuiCond_Always);
                ImGui::Begin(title, nullptr, ImGuiWindowFlags_NoSavedSettings);
                ImGui::Text("Item %d", i);
                ImGui::Button("OK");
                ImGui::SameLine();
                bool checked = checks[i] != 0;
                ImGui::Checkbox("on", &checked);
                ImGui::SliderFloat("##value", &values[i], 0.0f, 1.0f);
                ImGui::End();
            }
        }));
    } else if (name == "mesh-1m") {
        scenario->description = "one mesh of " + std::to_string(kMeshGrid * kMeshGrid * 4) + " vertices";
        std::vector<ImU32> colours;
        for (int i = 0; i < kMeshGrid * kMeshGrid; i++)
            colours.push_back(0xFF000000u | (ImU32)(next_random() & 0xFFFFFF));
        scenario->calls.push_back(capture([&] {
            ImDrawList* dl = begin_canvas("mesh", w, h);
            const float cell_w = w / kMeshGrid, cell_h = h / kMeshGrid;
            for (int y = 0; y < kMeshGrid; y++)
                for (int x = 0; x < kMeshGrid; x++) {
                    const ImVec2 p(cell_w * (float)x, cell_h * (float)y);
                    dl->AddRectFilled(p, ImVec2(p.x + cell_w, p.y + cell_h), colours[y * kMeshGrid + x]);
                }
            ImGui::End();
        }));
    } else if (name == "two-calls") {
        scenario->description = "two RenderDrawData calls per frame: the demo window, then 16 images";
        make_images(*scenario, 16);
        scenario->calls.push_back(capture([&] { show_demo_window(h); }));
        scenario->calls.push_back(capture([&] {
            draw_image_grid(begin_canvas("panel", w, h), scenario->images, w * 0.5f, h * 0.5f, w * 0.5f, h * 0.5f);
            ImGui::End();
        }));
    } else {
        return nullptr;
    }
    index_image_users(*scenario);
    return scenario;
}

bool WorkloadBuilder::advance(Scenario& scenario, uint64_t frame) {
    if (scenario.replaced_per_frame == 0)
        return false;
    const size_t count = scenario.images.size();
    for (int k = 0; k < scenario.replaced_per_frame; k++) {
        const size_t slot = (size_t)((frame * scenario.replaced_per_frame + k) % count);
        // Release first, as an application recreating a render target does: the new view may get the old
        // address whenever nothing else holds the old one.
        wgpuTextureViewRelease(scenario.images[slot]);
        scenario.images[slot] = make_image();
        for (ImDrawCmd* cmd : scenario.image_users[slot])
            set_texture(*cmd, scenario.images[slot]);
    }
    return true;
}

void WorkloadBuilder::release_images(Scenario& scenario) {
    for (WGPUTextureView view : scenario.images)
        wgpuTextureViewRelease(view);
    scenario.images.clear();
    scenario.image_users.clear();
}

}  // namespace imwgpu::bench
