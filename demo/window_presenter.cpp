// imwgpu-demo: the window presenter. See window_presenter.h.

#include "window_presenter.h"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace imwgpu::demo {

namespace {

// wgpuSurfaceGetCurrentTexture() failing this many frames in a row ends the run: the surface is not coming back.
constexpr int kMaxConsecutiveSurfaceErrors = 10;

const char* format_name(WGPUTextureFormat f) {
    switch (f) {
    case WGPUTextureFormat_BGRA8Unorm: return "BGRA8Unorm";
    case WGPUTextureFormat_BGRA8UnormSrgb: return "BGRA8UnormSrgb";
    case WGPUTextureFormat_RGBA8Unorm: return "RGBA8Unorm";
    case WGPUTextureFormat_RGBA8UnormSrgb: return "RGBA8UnormSrgb";
    case WGPUTextureFormat_RGBA16Float: return "RGBA16Float";
    case WGPUTextureFormat_RGB10A2Unorm: return "RGB10A2Unorm";
    default: return "other";
    }
}

const char* present_mode_name(WGPUPresentMode m) {
    switch (m) {
    case WGPUPresentMode_Fifo: return "Fifo";
    case WGPUPresentMode_FifoRelaxed: return "FifoRelaxed";
    case WGPUPresentMode_Immediate: return "Immediate";
    case WGPUPresentMode_Mailbox: return "Mailbox";
    default: return "Undefined";
    }
}

void print_glfw_error(int code, const char* description) {
    std::fprintf(stderr, "GLFW error 0x%x: %s\n", code, description);
}

// SIGINT (Ctrl+C in the terminal) and SIGTERM close the window, so the run ends as it does when the user
// closes it: everything released, checked and reported. The frame loop and the wait of --keep-open-ms look
// at the flag at least every 50 ms.
volatile std::sig_atomic_t g_close_requested = 0;
struct sigaction          g_previous_sigint, g_previous_sigterm;

void request_close(int) {
    g_close_requested = 1;
}

void catch_close_signals() {
    struct sigaction action = {};
    action.sa_handler = request_close;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &g_previous_sigint);
    sigaction(SIGTERM, &action, &g_previous_sigterm);
    // A signal the program was started with ignored (SIGINT in a shell's background job) stays ignored.
    if (g_previous_sigint.sa_handler == SIG_IGN)
        sigaction(SIGINT, &g_previous_sigint, nullptr);
    if (g_previous_sigterm.sa_handler == SIG_IGN)
        sigaction(SIGTERM, &g_previous_sigterm, nullptr);
}

void restore_close_signals() {
    sigaction(SIGINT, &g_previous_sigint, nullptr);
    sigaction(SIGTERM, &g_previous_sigterm, nullptr);
}

}  // namespace

bool display_available() {
    const char* display = std::getenv("DISPLAY");
    return display && *display;
}

std::unique_ptr<WindowPresenter> WindowPresenter::create(Harness& harness, const WindowOptions& options,
                                                         std::string* error) {
    std::unique_ptr<WindowPresenter> p(new WindowPresenter(harness, options));
    glfwSetErrorCallback(print_glfw_error);
    if (!glfwInit()) {
        *error = "GLFW could not start (is an X display reachable? DISPLAY=" +
                 std::string(std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "") + ")";
        return nullptr;
    }
    p->glfw_initialized_ = true;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);  // WebGPU draws into it, not OpenGL
    glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
    p->window_ = glfwCreateWindow((int)options.width, (int)options.height, "imwgpu-demo", nullptr, nullptr);
    if (!p->window_) {
        *error = "could not create a GLFW window";
        return nullptr;
    }
    if (!p->make_surface(error) || !p->choose_configuration(error))
        return nullptr;
    catch_close_signals();
    p->signals_caught_ = true;
    int w = 0, h = 0;
    glfwGetFramebufferSize(p->window_, &w, &h);
    if (w > 0 && h > 0)
        p->configure((uint32_t)w, (uint32_t)h);
    return p;
}

WindowPresenter::~WindowPresenter() {
    if (signals_caught_)
        restore_close_signals();
    release_current();
    if (surface_) {
        if (configured_width_ != 0)
            wgpuSurfaceUnconfigure(surface_);
        wgpuSurfaceRelease(surface_);
    }
    if (window_)
        glfwDestroyWindow(window_);
    if (glfw_initialized_)
        glfwTerminate();
}

bool WindowPresenter::make_surface(std::string* error) {
    SurfaceSource chosen = SurfaceSource::Auto;
    surface_ = create_working_x11_surface(harness_.instance(), harness_.adapter(), window_, options_.source,
                                          "imwgpu-demo window", &chosen);
    if (surface_) {
        source_ = chosen;
        figures_.source = chosen == SurfaceSource::Xlib ? "xlib" : "xcb";
        return true;
    }
    const char* tried = options_.source == SurfaceSource::Xlib ? "xlib" : options_.source == SurfaceSource::Xcb ? "xcb" : "xlib, xcb";
    *error = std::string("the adapter can present to no surface made from the X11 window (tried: ") + tried + ")";
    return false;
}

bool WindowPresenter::choose_configuration(std::string* error) {
    WGPUSurfaceCapabilities caps = {};
    if (wgpuSurfaceGetCapabilities(surface_, harness_.adapter(), &caps) != WGPUStatus_Success) {
        *error = "wgpuSurfaceGetCapabilities failed";
        return false;
    }
    // An 8-bit linear format: Dear ImGui's colours are meant to be written as they are (no sRGB encoding),
    // and the read-back of the picture handles these two.
    format_ = WGPUTextureFormat_Undefined;
    for (WGPUTextureFormat wanted : {WGPUTextureFormat_BGRA8Unorm, WGPUTextureFormat_RGBA8Unorm})
        for (size_t i = 0; i < caps.formatCount && format_ == WGPUTextureFormat_Undefined; i++)
            if (caps.formats[i] == wanted)
                format_ = wanted;

    present_mode_ = WGPUPresentMode_Fifo;  // required of every surface
    if (!options_.vsync) {
        for (WGPUPresentMode wanted : {WGPUPresentMode_Immediate, WGPUPresentMode_Mailbox}) {
            bool supported = false;
            for (size_t i = 0; i < caps.presentModeCount; i++)
                supported |= caps.presentModes[i] == wanted;
            if (supported) {
                present_mode_ = wanted;
                break;
            }
        }
    }
    usage_ = WGPUTextureUsage_RenderAttachment;
    if (caps.usages & WGPUTextureUsage_CopySrc)
        usage_ |= WGPUTextureUsage_CopySrc;  // lets the last frame be read back
    wgpuSurfaceCapabilitiesFreeMembers(caps);

    if (format_ == WGPUTextureFormat_Undefined) {
        *error = "the surface offers neither BGRA8Unorm nor RGBA8Unorm";
        return false;
    }
    figures_.format = format_name(format_);
    figures_.present_mode = present_mode_name(present_mode_);
    figures_.copy_src = (usage_ & WGPUTextureUsage_CopySrc) != 0;
    return true;
}

void WindowPresenter::configure(uint32_t width, uint32_t height) {
    WGPUSurfaceConfiguration config = {};
    config.device = harness_.device();
    config.format = format_;
    config.usage = usage_;
    config.width = width;
    config.height = height;
    config.alphaMode = WGPUCompositeAlphaMode_Auto;
    config.presentMode = present_mode_;
    wgpuSurfaceConfigure(surface_, &config);
    configured_width_ = width;
    configured_height_ = height;
    must_configure_ = false;
    figures_.configures++;
    figures_.width = width;
    figures_.height = height;
}

bool WindowPresenter::init_platform(std::string* error) {
    // "Other": the renderer is neither OpenGL nor Vulkan; installs GLFW callbacks that feed Dear ImGui.
    if (!ImGui_ImplGlfw_InitForOther(window_, true)) {
        *error = "ImGui_ImplGlfw_InitForOther failed";
        return false;
    }
    platform_initialized_ = true;
    return true;
}

void WindowPresenter::shutdown_platform() {
    if (platform_initialized_)
        ImGui_ImplGlfw_Shutdown();
    platform_initialized_ = false;
}

bool WindowPresenter::begin_frame(int frame) {
    if (!error_.empty())
        return false;
    glfwPollEvents();
    if (glfwWindowShouldClose(window_) || g_close_requested)
        return false;
    if (frame == options_.resize_at)
        glfwSetWindowSize(window_, (int)options_.resize_width, (int)options_.resize_height);

    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    minimised_ = w <= 0 || h <= 0;
    if (minimised_) {
        // Nothing to draw into: wait for events a little rather than spin.
        glfwWaitEventsTimeout(0.05);
        return true;
    }
    if (must_configure_ || (uint32_t)w != configured_width_ || (uint32_t)h != configured_height_)
        configure((uint32_t)w, (uint32_t)h);
    return true;
}

void WindowPresenter::new_imgui_frame() {
    ImGui_ImplGlfw_NewFrame();
    // The frame is laid out for the surface as configured, whatever the window did since begin_frame():
    // the draw data must match the size of the texture it is drawn into. While minimised, the last size
    // stays, so the layout (and the textures that follow it) does not change for a window nobody sees.
    ImGuiIO& io = ImGui::GetIO();
    if (configured_width_ > 0) {
        io.DisplaySize = ImVec2((float)configured_width_, (float)configured_height_);
        io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);  // X11: window and framebuffer sizes are the same
    }
}

const OffscreenTarget* WindowPresenter::acquire() {
    if (minimised_ || configured_width_ == 0) {
        figures_.skipped_zero_size++;
        return nullptr;
    }
    WGPUSurfaceTexture st = {};
    wgpuSurfaceGetCurrentTexture(surface_, &st);
    const bool success = st.status == WGPUSurfaceGetCurrentTextureStatus_SuccessOptimal ||
                         st.status == WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal;
    if (!success && st.texture)
        wgpuTextureRelease(st.texture);
    switch (st.status) {
    case WGPUSurfaceGetCurrentTextureStatus_SuccessOptimal:
        break;
    case WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal:
        figures_.suboptimal++;
        must_configure_ = true;  // this texture is still good to draw into and present
        break;
    case WGPUSurfaceGetCurrentTextureStatus_Timeout:
        figures_.timeouts++;
        return nullptr;
    case WGPUSurfaceGetCurrentTextureStatus_Outdated:
        figures_.outdated++;
        must_configure_ = true;
        return nullptr;
    case WGPUSurfaceGetCurrentTextureStatus_Lost: {
        figures_.lost++;
        // The window system took the surface away: make a new one from the same window.
        wgpuSurfaceRelease(surface_);
        surface_ = nullptr;
        configured_width_ = configured_height_ = 0;
        std::string error;
        if (!make_surface(&error) || !choose_configuration(&error))
            error_ = "the surface was lost and could not be made again: " + error;
        return nullptr;
    }
    default:
        figures_.errors++;
        if (++consecutive_errors_ >= kMaxConsecutiveSurfaceErrors)
            error_ = "wgpuSurfaceGetCurrentTexture failed " + std::to_string(consecutive_errors_) + " frames in a row";
        return nullptr;
    }
    consecutive_errors_ = 0;
    if (!st.texture) {
        figures_.errors++;
        return nullptr;
    }
    current_.texture = st.texture;
    current_.view = wgpuTextureCreateView(st.texture, nullptr);
    current_.width = wgpuTextureGetWidth(st.texture);
    current_.height = wgpuTextureGetHeight(st.texture);
    current_.format = format_;
    return &current_;
}

void WindowPresenter::present(bool keep_picture) {
    if (!current_.texture)
        return;
    if (keep_picture) {
        // Before the present: a presented texture can no longer be used.
        if (usage_ & WGPUTextureUsage_CopySrc) {
            picture_ = read_back(harness_, current_);
            picture_error_ = picture_.rgba.empty() ? "could not read the surface texture back" : "";
        } else {
            picture_ = Image();
            picture_error_ = "the surface's textures cannot be read back (no CopySrc usage)";
        }
    }
    // The standard header has wgpuSurfacePresent() return a WGPUStatus; the Dawn we ship (npm
    // bun-webgpu-linux-x64 0.1.7) predates that and returns nothing, so the value is not read. A failed
    // present reaches the device's error callback, which the harness counts.
    wgpuSurfacePresent(surface_);
    figures_.presented++;
    release_current();
    // Runs the implementation's ready callbacks (errors, device loss) between frames.
    harness_.process_events();
}

void WindowPresenter::release_current() {
    if (current_.view)
        wgpuTextureViewRelease(current_.view);
    if (current_.texture)
        wgpuTextureRelease(current_.texture);
    current_ = OffscreenTarget();
}

void WindowPresenter::after_last_frame() {
    if (options_.keep_open_ms <= 0)
        return;
    // A fixed line that scripts wait for before they capture the screen.
    std::printf("imwgpu-demo: last frame presented; keeping the window open for %d ms\n", options_.keep_open_ms);
    std::fflush(stdout);
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.keep_open_ms);
    while (!glfwWindowShouldClose(window_) && !g_close_requested && std::chrono::steady_clock::now() < until)
        glfwWaitEventsTimeout(0.05);
}

}  // namespace imwgpu::demo
