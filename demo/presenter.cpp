// imwgpu-demo: the offscreen presenter. See presenter.h.

#include "presenter.h"

#include <imgui.h>

namespace imwgpu::demo {

OffscreenPresenter::OffscreenPresenter(Harness& harness, uint32_t width, uint32_t height)
    : harness_(harness), target_(create_offscreen_target(harness, width, height)) {}

OffscreenPresenter::~OffscreenPresenter() {
    release_offscreen_target(target_);
}

bool OffscreenPresenter::init_platform(std::string*) {
    new_imgui_frame();
    return true;
}

void OffscreenPresenter::new_imgui_frame() {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2((float)target_.width, (float)target_.height);
    io.DeltaTime = 1.0f / 60.0f;  // a fixed step: the pictures do not depend on the machine's speed
}

void OffscreenPresenter::present(bool keep_picture) {
    // Like a window's present, one frame in flight at most: keeps memory flat over long runs.
    harness_.wait_idle();
    if (keep_picture) {
        picture_ = read_back(harness_, target_);
        picture_error_ = picture_.rgba.empty() ? "could not read the last frame back" : "";
    }
}

}  // namespace imwgpu::demo
