// imwgpu-demo: where frames go. main.cpp's frame loop drives a Presenter; the frame body is DemoUi.
//
// Three kinds: OffscreenPresenter (below) renders into a texture and reads the last frame back;
// WindowPresenter (window_presenter.h) shows frames in a GLFW window through a WebGPU surface;
// CanvasPresenter (canvas_presenter.h, browser build only) is the offscreen one that also shows every frame
// on a page canvas.

#pragma once

#include <imwgpu_harness.h>
#include <webgpu/webgpu.h>

#include <cstdint>
#include <string>

namespace imwgpu::demo {

class Presenter {
public:
    virtual ~Presenter() = default;

    // The format of the targets acquire() returns (the backend's RenderTargetFormat).
    virtual WGPUTextureFormat format() const = 0;

    // The platform side of Dear ImGui (input, display size): after ImGui::CreateContext(), and before
    // ImGui::DestroyContext() respectively.
    virtual bool init_platform(std::string* error) = 0;
    virtual void shutdown_platform() = 0;

    // Starts frame `frame`: handles window events and size changes. Returns false when the run must end:
    // the window was closed (error() empty) or the presenter failed (error() says why).
    virtual bool begin_frame(int frame) = 0;
    // Sets io.DisplaySize and the input for the frame about to be built: call between
    // ImGui_ImplWGPU_NewFrame() and ImGui::NewFrame().
    virtual void new_imgui_frame() = 0;
    // The target to draw this frame into (texture, view, size, format; owned by the presenter), or null
    // when this frame is not drawn: a minimised window, or a surface that timed out or must be configured
    // again. The caller then still ends its ImGui frame (so Dear ImGui's state moves on) but encodes nothing.
    virtual const OffscreenTarget* acquire() = 0;
    // Shows the frame acquired last, after the caller's submit. With `keep_picture`, reads it back first
    // (see picture()).
    virtual void present(bool keep_picture) = 0;
    // After the last frame, before shutting down.
    virtual void after_last_frame() {}

    // The frame read back by the last present(true); empty when it could not be read.
    const Image&       picture() const { return picture_; }
    // Why the picture is empty, or "".
    const std::string& picture_error() const { return picture_error_; }
    const std::string& error() const { return error_; }

protected:
    Image       picture_;
    std::string picture_error_;
    std::string error_;
};

// Frames go into a texture of the harness's device, one frame in flight at most.
class OffscreenPresenter : public Presenter {
public:
    OffscreenPresenter(Harness& harness, uint32_t width, uint32_t height);
    ~OffscreenPresenter() override;

    WGPUTextureFormat      format() const override { return target_.format; }
    bool                   init_platform(std::string* error) override;
    void                   shutdown_platform() override {}
    bool                   begin_frame(int) override { return true; }
    void                   new_imgui_frame() override;
    const OffscreenTarget* acquire() override { return &target_; }
    void                   present(bool keep_picture) override;

protected:
    Harness&               harness() const { return harness_; }
    const OffscreenTarget& target() const { return target_; }

private:
    Harness&        harness_;
    OffscreenTarget target_;
};

}  // namespace imwgpu::demo
