// imwgpu-demo: frames in a GLFW window (X11), through a WebGPU surface; input through Dear ImGui's own
// imgui_impl_glfw.
//
// What a windowed application has to get right around the backend, done here:
// - The surface comes from the X11 window: an Xlib source first (Dawn turns it into an XCB surface when
//   the Vulkan driver has no Xlib one, as with SwiftShader); when the implementation cannot use it, the XCB
//   source, with the window's XCB connection.
// - Format, present mode and usages come from wgpuSurfaceGetCapabilities(); --vsync off asks for Immediate,
//   else Mailbox, else Fifo (the one mode every surface has).
// - The surface is configured again whenever the framebuffer size changes; while it is 0 (minimised),
//   nothing is drawn, but the ImGui frames go on.
// - wgpuSurfaceGetCurrentTexture() outcomes: Suboptimal draws the frame and configures again, Outdated
//   configures again, Lost makes the surface anew, Timeout skips the frame; repeated errors end the run.
// - Clean shutdown: the surface is unconfigured and released, the window destroyed, and every texture the
//   surface handed out released after its present. SIGINT (Ctrl+C) and SIGTERM count as closing the window.

#pragma once

#include "glfw_surface.h"
#include "presenter.h"

#include <cstdint>
#include <memory>
#include <string>

struct GLFWwindow;

namespace imwgpu::demo {

struct WindowOptions {
    uint32_t      width = 1280, height = 800;  // initial window size
    bool          vsync = true;                // Fifo; off: Immediate, else Mailbox, else Fifo
    SurfaceSource source = SurfaceSource::Auto;
    // At frame `resize_at` (when >= 0) the window is resized to resize_width x resize_height, as a user
    // would: the surface follows from the framebuffer size, like any other resize.
    int           resize_at = -1;
    uint32_t      resize_width = 0, resize_height = 0;
    int           keep_open_ms = 0;  // after the last frame: keep showing it this long (for screen captures)
};

// What happened to the surface during the run, for the report.
struct SurfaceFigures {
    std::string source;        // "xlib" or "xcb"
    std::string format;        // e.g. "BGRA8Unorm"
    std::string present_mode;  // e.g. "Fifo"
    bool        copy_src = false;  // the surface's textures can be read back
    uint32_t    width = 0, height = 0;  // configured at the end
    uint64_t    configures = 0;         // wgpuSurfaceConfigure() calls, the first one included
    uint64_t    presented = 0;
    uint64_t    skipped_zero_size = 0;  // frames not drawn while the framebuffer had no area (minimised)
    uint64_t    suboptimal = 0, outdated = 0, lost = 0, timeouts = 0, errors = 0;  // wgpuSurfaceGetCurrentTexture()
};

// True when an X display is set in the environment (the GLFW of Debian 12 speaks X11 only).
bool display_available();

class WindowPresenter final : public Presenter {
public:
    // Opens the window and makes its surface. Returns null and fills *error on failure.
    static std::unique_ptr<WindowPresenter> create(Harness& harness, const WindowOptions& options, std::string* error);
    ~WindowPresenter() override;

    WGPUTextureFormat      format() const override { return format_; }
    bool                   init_platform(std::string* error) override;
    void                   shutdown_platform() override;
    bool                   begin_frame(int frame) override;
    void                   new_imgui_frame() override;
    const OffscreenTarget* acquire() override;
    void                   present(bool keep_picture) override;
    void                   after_last_frame() override;

    const SurfaceFigures& figures() const { return figures_; }

private:
    WindowPresenter(Harness& harness, const WindowOptions& options) : harness_(harness), options_(options) {}
    bool make_surface(std::string* error);        // surface_ from the window, choosing the source
    bool choose_configuration(std::string* error);  // format, usage and present mode from the capabilities
    void configure(uint32_t width, uint32_t height);
    void release_current();                       // what acquire() handed out

    Harness&          harness_;
    WindowOptions     options_;
    GLFWwindow*       window_ = nullptr;
    bool              glfw_initialized_ = false;
    bool              platform_initialized_ = false;
    bool              signals_caught_ = false;  // SIGINT and SIGTERM close the window while it exists
    WGPUSurface       surface_ = nullptr;
    SurfaceSource     source_ = SurfaceSource::Auto;  // the one in use
    WGPUTextureFormat format_ = WGPUTextureFormat_Undefined;
    WGPUTextureUsage  usage_ = 0;
    WGPUPresentMode   present_mode_ = WGPUPresentMode_Fifo;
    uint32_t          configured_width_ = 0, configured_height_ = 0;
    bool              must_configure_ = false;  // reported Suboptimal or Outdated: configure at the next frame
    bool              minimised_ = false;       // framebuffer size 0 this frame
    int               consecutive_errors_ = 0;
    OffscreenTarget   current_;                 // acquired texture and its view, until present()
    SurfaceFigures    figures_;
};

}  // namespace imwgpu::demo
