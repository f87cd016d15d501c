// ImGui_ImplWGPU_CreateWGPUSurfaceHelper() with System "x11", as Dear ImGui's GLFW example calls it
// on Linux: the surface it makes from an Xlib window is a real one, which the adapter can configure
// and which presents to that window. Checked on the window's pixels, on an X server of its own.
//
// Each test program starts its own Xvfb (-displayfd: Xvfb picks a free display) and stops it at the
// end. There is no Dear ImGui context: the examples call the helper before creating one.

#include "imgui_impl_wgpu.h"
#include "imwgpu_harness.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

// Last: Xlib's headers define macros (None, Status, Success, ...) that nothing after them should see.
#include <X11/Xlib.h>
#include <X11/Xutil.h>

namespace imwgpu::test {
namespace {

class UpstreamSurfaceHelperX11Test : public ::testing::Test {
protected:
    static constexpr int kWidth = 96, kHeight = 64;

    static void SetUpTestSuite() { start_xvfb(); }
    static void TearDownTestSuite() { stop_xvfb(); }

    void SetUp() override {
        ASSERT_FALSE(display_name_.empty()) << "Xvfb did not start: " << xvfb_error_;
        display_ = XOpenDisplay(display_name_.c_str());
        ASSERT_NE(display_, nullptr) << "cannot open " << display_name_;
        window_ = XCreateSimpleWindow(display_, DefaultRootWindow(display_), 0, 0, kWidth, kHeight, 0, 0, 0);
        XMapWindow(display_, window_);
        XSync(display_, False);

        HarnessOptions options;
        options.quiet = true;
        std::string error;
        ASSERT_TRUE(harness_.init(options, &error)) << error;
        ASSERT_NE(harness_.backend_type(), WGPUBackendType_Null);
    }

    void TearDown() override {
        if (surface_) {
            if (configured_) wgpuSurfaceUnconfigure(surface_);
            wgpuSurfaceRelease(surface_);
        }
        if (harness_.device()) harness_.wait_idle();
        std::string messages;
        for (const std::string& message : harness_.errors()) messages += "\n  " + message;
        EXPECT_EQ(harness_.error_count(), 0) << "WebGPU errors:" << messages;
        harness_.shutdown();
        if (display_) {
            XDestroyWindow(display_, window_);
            XCloseDisplay(display_);
        }
    }

    // The window's pixel at (x, y) as 0xRRGGBB, read from the X server.
    uint32_t window_pixel(int x, int y) {
        XSync(display_, False);
        XImage* image = XGetImage(display_, window_, x, y, 1, 1, AllPlanes, ZPixmap);
        if (!image) return 0xFFFFFFFF;
        const uint32_t pixel = (uint32_t)XGetPixel(image, 0, 0) & 0xFFFFFF;
        XDestroyImage(image);
        return pixel;
    }

    static void start_xvfb();
    static void stop_xvfb();

    static pid_t       xvfb_pid_;
    static std::string display_name_, xvfb_error_;

    Harness     harness_;
    Display*    display_ = nullptr;
    Window      window_ = 0;
    WGPUSurface surface_ = nullptr;
    bool        configured_ = false;
};

pid_t       UpstreamSurfaceHelperX11Test::xvfb_pid_ = -1;
std::string UpstreamSurfaceHelperX11Test::display_name_;
std::string UpstreamSurfaceHelperX11Test::xvfb_error_;

void UpstreamSurfaceHelperX11Test::start_xvfb() {
    int fds[2];
    if (pipe(fds) != 0) {
        xvfb_error_ = "pipe() failed";
        return;
    }
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        const std::string fd = std::to_string(fds[1]);
        execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "320x240x24", "-nolisten", "tcp",
               (char*)nullptr);
        _exit(127);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        xvfb_error_ = "fork() failed";
        return;
    }
    xvfb_pid_ = pid;
    // Xvfb writes the display number once it accepts connections; it exits at once when not installed.
    std::string number;
    pollfd poll_fd = {fds[0], POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (number.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        if (poll(&poll_fd, 1, 100) <= 0) continue;
        char c;
        if (read(fds[0], &c, 1) != 1) break;
        number += c;
    }
    close(fds[0]);
    if (number.find('\n') == std::string::npos) {
        xvfb_error_ = "no display number from Xvfb (is the xvfb package installed?)";
        stop_xvfb();
        return;
    }
    display_name_ = ":" + number.substr(0, number.find('\n'));
}

void UpstreamSurfaceHelperX11Test::stop_xvfb() {
    if (xvfb_pid_ <= 0) return;
    kill(xvfb_pid_, SIGTERM);
    waitpid(xvfb_pid_, nullptr, 0);
    xvfb_pid_ = -1;
}

TEST_F(UpstreamSurfaceHelperX11Test, MakesASurfaceThatPresentsToTheXlibWindow) {
    ImGui_ImplWGPU_CreateSurfaceInfo info = {};
    info.Instance = harness_.instance();
    info.System = "x11";
    info.RawWindow = (void*)(uintptr_t)window_;
    info.RawDisplay = (void*)display_;
    surface_ = ImGui_ImplWGPU_CreateWGPUSurfaceHelper(&info);
    ASSERT_NE(surface_, nullptr) << ImGui_ImplWGPU_GetLastError();

    // The adapter can present to it: it has formats, and it configures at the window's size.
    WGPUSurfaceCapabilities caps = {};
    ASSERT_EQ(wgpuSurfaceGetCapabilities(surface_, harness_.adapter(), &caps), WGPUStatus_Success);
    WGPUTextureFormat format = WGPUTextureFormat_Undefined;
    for (size_t i = 0; i < caps.formatCount; i++)
        if (caps.formats[i] == WGPUTextureFormat_BGRA8Unorm || caps.formats[i] == WGPUTextureFormat_RGBA8Unorm)
            format = caps.formats[i];
    wgpuSurfaceCapabilitiesFreeMembers(caps);
    ASSERT_NE(format, WGPUTextureFormat_Undefined) << "no 8-bit linear format among the surface's formats";

    WGPUSurfaceConfiguration config = {};
    config.device = harness_.device();
    config.format = format;
    config.usage = WGPUTextureUsage_RenderAttachment;
    config.width = kWidth;
    config.height = kHeight;
    config.alphaMode = WGPUCompositeAlphaMode_Auto;
    config.presentMode = WGPUPresentMode_Fifo;
    wgpuSurfaceConfigure(surface_, &config);
    configured_ = true;

    WGPUSurfaceTexture surface_texture = {};
    wgpuSurfaceGetCurrentTexture(surface_, &surface_texture);
    ASSERT_FALSE(ImGui_ImplWGPU_IsSurfaceStatusError(surface_texture.status)) << surface_texture.status;
    ASSERT_FALSE(ImGui_ImplWGPU_IsSurfaceStatusSubOptimal(surface_texture.status)) << surface_texture.status;
    ASSERT_NE(surface_texture.texture, nullptr);
    EXPECT_EQ(wgpuTextureGetWidth(surface_texture.texture), (uint32_t)kWidth);
    EXPECT_EQ(wgpuTextureGetHeight(surface_texture.texture), (uint32_t)kHeight);

    // Clear it to magenta and present: the window shows magenta.
    OffscreenTarget target;
    target.texture = surface_texture.texture;
    target.view = wgpuTextureCreateView(surface_texture.texture, nullptr);
    target.width = kWidth;
    target.height = kHeight;
    target.format = format;
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness_.device(), nullptr);
    WGPURenderPassEncoder pass = begin_pass(encoder, target, true, 1.0f, 0.0f, 1.0f, 1.0f);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    harness_.submit(encoder);
    // Its WGPUStatus is not read: the Dawn we ship predates it and returns nothing (see demo/window_presenter.cpp).
    // A failed present reaches the error callback, which TearDown() checks.
    wgpuSurfacePresent(surface_);
    wgpuTextureViewRelease(target.view);
    wgpuTextureRelease(surface_texture.texture);
    harness_.wait_idle();

    // Presenting reaches the X server asynchronously: give it a moment.
    const uint32_t magenta = 0xFF00FF;
    for (int attempt = 0; attempt < 100 && window_pixel(kWidth / 2, kHeight / 2) != magenta; attempt++)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int y : {0, kHeight / 2, kHeight - 1})
        for (int x : {0, kWidth / 2, kWidth - 1})
            EXPECT_EQ(window_pixel(x, y), magenta) << "window pixel (" << x << ", " << y << ")";
}

}  // namespace
}  // namespace imwgpu::test
