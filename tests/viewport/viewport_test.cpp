// Multi-viewport (Dear ImGui's docking branch): Dear ImGui windows outside the main viewport become OS windows,
// drawn by the backend through a WebGPU surface each. Real GLFW windows on an X server (Xvfb, see with_xvfb.sh),
// real Dawn on a real Vulkan driver. The main viewport is drawn into the fixture's offscreen target; the platform
// side is Dear ImGui's own imgui_impl_glfw, the surfaces come from the same helper as the demo's.
//
// Every test also fails on any WebGPU error (BackendTest::TearDown).

#include "backend_test_support.h"
#include "glfw_surface.h"

#include <backends/imgui_impl_glfw.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>

namespace imwgpu::test {
namespace {

constexpr uint32_t kMainWidth = 400, kMainHeight = 300;
const char* const  kOutsideWindow = "Outside";

class ViewportTest : public BackendTestBeforeInit {
protected:
    ViewportTest() {
        target_width_ = kMainWidth;
        target_height_ = kMainHeight;
    }

    void SetUp() override {
        BackendTestBeforeInit::SetUp();
        if (HasFatalFailure())
            return;
        ASSERT_TRUE(glfwInit()) << "GLFW could not start: these tests need an X server (ctest runs them in Xvfb)";
        glfw_initialized_ = true;
        glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
        main_window_ = glfwCreateWindow((int)kMainWidth, (int)kMainHeight, "imwgpu viewport test", nullptr, nullptr);
        ASSERT_NE(main_window_, nullptr);
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_ViewportsEnable;
        ASSERT_TRUE(ImGui_ImplGlfw_InitForOther(main_window_, true));
        platform_initialized_ = true;
        before_init_ = tracker::snapshot();
        ASSERT_TRUE(init_backend(viewport_init_info()));
    }

    void TearDown() override {
        if (ImGui::GetCurrentContext() && ImGui::GetIO().BackendRendererUserData)
            ImGui_ImplWGPU_Shutdown();
        if (platform_initialized_)
            ImGui_ImplGlfw_Shutdown();
        for (GLFWwindow* window : bare_windows_)
            glfwDestroyWindow(window);
        if (main_window_)
            glfwDestroyWindow(main_window_);
        if (glfw_initialized_)
            glfwTerminate();
        BackendTestBeforeInit::TearDown();
    }

    ImGui_ImplWGPU_InitInfo viewport_init_info() {
        ImGui_ImplWGPU_InitInfo info = default_init_info();
        info.CreateViewportSurface = [](ImGuiViewport* viewport, void* user_data) {
            ViewportTest* self = static_cast<ViewportTest*>(user_data);
            self->surfaces_asked_++;
            if (self->refuse_surfaces_)
                return (WGPUSurface) nullptr;
            WGPUSurface surface = demo::create_working_x11_surface(
                self->harness_.instance(), self->harness_.adapter(), (GLFWwindow*)viewport->PlatformHandle,
                demo::SurfaceSource::Auto, "imwgpu viewport test");
            self->surfaces_made_++;
            self->last_surface_ = surface;
            return surface;
        };
        info.CreateViewportSurfaceUserData = this;
        info.Adapter = harness_.adapter();
        return info;
    }

    // One whole frame: the main viewport into target_, then the platform windows (made, moved, resized, closed)
    // and their rendering and presenting by the backend.
    void viewport_frame(const std::function<void()>& build) {
        glfwPollEvents();
        ImGui_ImplWGPU_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        build();
        ImGui::Render();
        if (main_pass_)
            main_pass_(ImGui::GetDrawData());
        else
            render(ImGui::GetDrawData(), target_);
        ImGui::UpdatePlatformWindows();
        ImGui::RenderPlatformWindowsDefault();
        settle();
    }

    // A window at (x, y) from the main viewport's corner, of w x h; with x + w > kMainWidth it sticks out.
    // Where the last window_at() drew its image, in Dear ImGui's coordinates (the desktop's, with viewports).
    static ImVec2 image_min_, image_max_;

    static void window_at(const char* title, float x, float y, float w, float h, WGPUTextureView image = nullptr) {
        const ImVec2 origin = ImGui::GetMainViewport()->Pos;
        ImGui::SetNextWindowPos(ImVec2(origin.x + x, origin.y + y), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
        ImGui::Begin(title);
        ImGui::Text("%s", title);
        if (image) {
            ImGui::SetCursorPosX(w - 60);  // near the window's right edge: for the outside window, off the main window
            ImGui::Image((ImTextureID)(intptr_t)image, ImVec2(32, 32));
            image_min_ = ImGui::GetItemRectMin();
            image_max_ = ImGui::GetItemRectMax();
        }
        ImGui::End();
    }
    static void outside_window(float w = 200, float h = 150, WGPUTextureView image = nullptr) {
        window_at(kOutsideWindow, 300, 50, w, h, image);
    }

    // Three frames with the outside window: afterwards its platform window and surface exist and it has been drawn.
    void show_outside_window(float w = 200, float h = 150, WGPUTextureView image = nullptr) {
        for (int i = 0; i < 3; i++)
            viewport_frame([=] { outside_window(w, h, image); });
    }

    // A 64x48 viewport on a window of its own that Dear ImGui does not know, for calling the renderer's platform_io
    // callbacks directly; TearDown() destroys the window.
    void bare_viewport(ImGuiViewport* viewport, const char* title) {
        ASSERT_NE(ImGui::GetPlatformIO().Renderer_CreateWindow, nullptr);
        ASSERT_NE(ImGui::GetPlatformIO().Renderer_DestroyWindow, nullptr);
        glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
        GLFWwindow* window = glfwCreateWindow(64, 48, title, nullptr, nullptr);
        ASSERT_NE(window, nullptr);
        bare_windows_.push_back(window);
        viewport->PlatformHandle = window;
        viewport->Size = ImVec2(64, 48);
    }

    static ImGuiViewport* viewport_of(const char* title) {
        for (ImGuiViewport* viewport : ImGui::GetPlatformIO().Viewports)
            if (viewport->DrawData)
                for (ImDrawList* list : viewport->DrawData->CmdLists)
                    if (list && list->_OwnerName && strcmp(list->_OwnerName, title) == 0)
                        return viewport;
        return nullptr;
    }

    // The top-level X windows that are mapped (on screen).
    static std::vector<Window> mapped_x_windows() {
        Display*           display = glfwGetX11Display();
        Window             root = 0, parent = 0, *children = nullptr;
        unsigned int       count = 0;
        std::vector<Window> mapped;
        XQueryTree(display, DefaultRootWindow(display), &root, &parent, &children, &count);
        for (unsigned int i = 0; i < count; i++) {
            XWindowAttributes attributes = {};
            if (XGetWindowAttributes(display, children[i], &attributes) && attributes.map_state == IsViewable)
                mapped.push_back(children[i]);
        }
        if (children)
            XFree(children);
        return mapped;
    }

    // The pixels of the X screen in [x0, x1) x [y0, y1) as 0xAABBGGRR, read from the X server (what is on screen).
    static std::vector<uint32_t> screen_pixels(int x0, int y0, int x1, int y1) {
        Display* display = glfwGetX11Display();
        XImage*  picture = XGetImage(display, DefaultRootWindow(display), x0, y0, (unsigned)(x1 - x0),
                                     (unsigned)(y1 - y0), AllPlanes, ZPixmap);
        std::vector<uint32_t> pixels;
        if (!picture)
            return pixels;
        for (int y = 0; y < y1 - y0; y++)
            for (int x = 0; x < x1 - x0; x++) {
                const unsigned long p = XGetPixel(picture, x, y);  // TrueColor, 8 bits per channel
                pixels.push_back(IM_COL32((p & picture->red_mask) >> 16, (p & picture->green_mask) >> 8,
                                          p & picture->blue_mask, 255));
            }
        XDestroyImage(picture);
        return pixels;
    }

    // Every pixel of the last image window_at() drew (but a 4-pixel border) is `colour` on the X screen.
    ::testing::AssertionResult image_on_screen(uint32_t colour) const {
        const int x0 = (int)image_min_.x + 4, y0 = (int)image_min_.y + 4;
        const std::vector<uint32_t> pixels = screen_pixels(x0, y0, (int)image_max_.x - 4, (int)image_max_.y - 4);
        if (pixels.empty())
            return ::testing::AssertionFailure() << "the screen could not be read";
        const size_t matching = (size_t)std::count(pixels.begin(), pixels.end(), colour);
        if (matching != pixels.size())
            return ::testing::AssertionFailure() << matching << " of " << pixels.size() << " pixels are "
                                                 << colour_string(colour) << "; the first is " << colour_string(pixels[0])
                                                 << " at (" << x0 << ", " << y0 << ")";
        return ::testing::AssertionSuccess();
    }

    // A main target with 4x multisampling and depth (so that the viewports need pipelines of their own): the backend
    // restarted for it, and main_pass_ drawing the main viewport into it, resolved into `resolve`.
    struct MultisampledMainTarget {
        OffscreenTarget resolve, msaa, depth;
    };
    void use_multisampled_main_target(MultisampledMainTarget* main, WGPUTextureFormat format) {
        main->resolve = create_offscreen_target(harness_, kMainWidth, kMainHeight, format);
        main->msaa = create_offscreen_target(harness_, kMainWidth, kMainHeight, format, 4);
        main->depth = create_offscreen_target(harness_, kMainWidth, kMainHeight, WGPUTextureFormat_Depth24Plus, 4);
        ImGui_ImplWGPU_InitInfo info = viewport_init_info();
        info.RenderTargetFormat = format;
        info.PipelineMultisampleState.count = 4;
        info.DepthStencilFormat = WGPUTextureFormat_Depth24Plus;
        ASSERT_TRUE(restart_backend(info));
        main_pass_ = [this, main](ImDrawData* draw_data) {
            WGPUCommandEncoder encoder = create_encoder();
            PassAttachments    attachments;
            attachments.resolve_target = &main->resolve;
            attachments.depth_stencil = &main->depth;
            WGPURenderPassEncoder pass = begin_pass(encoder, main->msaa, true, 0, 0, 0, 1, attachments);
            ImGui_ImplWGPU_RenderDrawData(draw_data, pass);
            wgpuRenderPassEncoderEnd(pass);
            wgpuRenderPassEncoderRelease(pass);
            harness_.submit(encoder);
        };
    }
    void release_multisampled_main_target(MultisampledMainTarget* main) {
        main_pass_ = nullptr;
        release_offscreen_target(main->depth);
        release_offscreen_target(main->msaa);
        release_offscreen_target(main->resolve);
    }

    int64_t surfaces_live() const { return live_since(before_init_, ObjectType::Surface); }

    GLFWwindow*       main_window_ = nullptr;
    std::vector<GLFWwindow*> bare_windows_;
    bool              glfw_initialized_ = false;
    bool              platform_initialized_ = false;
    tracker::Snapshot before_init_;
    std::function<void(ImDrawData*)> main_pass_;  // how the main viewport is drawn; default: render() into target_
    int               surfaces_asked_ = 0;
    int               surfaces_made_ = 0;
    bool              refuse_surfaces_ = false;  // the callback returns null, as when the window system refuses
    WGPUSurface       last_surface_ = nullptr;  // not referenced by the test: valid while its viewport lives
};

ImVec2 ViewportTest::image_min_, ViewportTest::image_max_;

TEST_F(ViewportTest, WindowOutsideTheMainViewportBecomesASecondXWindowWithASurface) {
    ASSERT_TRUE(ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasViewports);
    const std::vector<Window> before = mapped_x_windows();
    show_outside_window();

    ASSERT_EQ(ImGui::GetPlatformIO().Viewports.Size, 2) << "the window sticking out got no viewport of its own";
    ImGuiViewport* viewport = viewport_of(kOutsideWindow);
    ASSERT_NE(viewport, nullptr);
    ASSERT_NE(viewport, ImGui::GetMainViewport());
    const Window x_window = glfwGetX11Window((GLFWwindow*)viewport->PlatformHandle);
    EXPECT_NE(x_window, glfwGetX11Window(main_window_));
    const std::vector<Window> after = mapped_x_windows();
    EXPECT_EQ(after.size(), before.size() + 1);
    EXPECT_NE(std::find(after.begin(), after.end(), x_window), after.end()) << "its X window is not on screen";
    EXPECT_EQ(surfaces_made_, 1);
    EXPECT_EQ(surfaces_live(), 1);
    EXPECT_EQ(ImGui_ImplWGPU_GetLastError(), std::string());
}

// The main target is RGBA8Unorm; the surface may prefer another format (SwiftShader's: BGRA8Unorm), which then gets
// pipelines of its own. Red must come out red, where Dear ImGui put the image.
TEST_F(ViewportTest, ViewportWindowShowsItsImageOnScreen) {
    ASSERT_EQ(target_.format, WGPUTextureFormat_RGBA8Unorm);
    WGPUTextureView image = create_solid_view(kRed, 4);
    show_outside_window(200, 150, image);
    ASSERT_EQ(ImGui::GetPlatformIO().Viewports.Size, 2);
    ASSERT_GT(image_min_.x, (float)kMainWidth) << "the image should be beyond the main window's edge";
    EXPECT_TRUE(image_on_screen(kRed));
    wgpuTextureViewRelease(image);
}

// Viewport passes have one sample and no depth: a main target with 4x multisampling and depth needs other pipelines
// for them, also when it has the surfaces' format (BGRA8Unorm here, so that only the sample count and depth differ).
TEST_F(ViewportTest, MainTargetWithMultisamplingAndDepthStillDrawsViewportWindows) {
    MultisampledMainTarget main;
    ASSERT_NO_FATAL_FAILURE(use_multisampled_main_target(&main, WGPUTextureFormat_BGRA8Unorm));
    WGPUTextureView image = create_solid_view(kRed, 4);
    for (int i = 0; i < 3; i++)
        viewport_frame([image] {
            window_at("Inside", 10, 10, 150, 150, image);
            outside_window(200, 150, image);
        });
    ASSERT_EQ(ImGui::GetPlatformIO().Viewports.Size, 2);
    EXPECT_TRUE(image_on_screen(kRed));
    shutdown_backend();
    wgpuTextureViewRelease(image);
    release_multisampled_main_target(&main);
}

// InvalidateDeviceObjects() between the main viewport's RenderDrawData() and RenderPlatformWindowsDefault(): the
// viewport path then makes the device objects again, for a main target with multisampling and depth (so the viewports
// have pipelines of their own). The main target's pipelines must come out of that as the main target's: the next main
// RenderDrawData() draws, with no WebGPU error (a null pipeline would be a validation error, which fails the test).
TEST_F(ViewportTest, DeviceObjectsResetBeforeTheViewportsKeepTheMainTargetsPipelines) {
    MultisampledMainTarget main;
    ASSERT_NO_FATAL_FAILURE(use_multisampled_main_target(&main, WGPUTextureFormat_RGBA8Unorm));
    const std::function<void(ImDrawData*)> draw_main = main_pass_;
    bool reset_after_main = false;
    main_pass_ = [&](ImDrawData* draw_data) {
        draw_main(draw_data);
        if (reset_after_main)
            ImGui_ImplWGPU_InvalidateDeviceObjects();  // before viewport_frame() renders the platform windows
    };
    WGPUTextureView image = create_solid_view(kRed, 4);
    auto frame = [&] {
        viewport_frame([image] {
            window_at("Inside", 10, 10, 150, 150, image);
            outside_window(200, 150, image);
        });
    };
    for (int i = 0; i < 3; i++) frame();
    ASSERT_EQ(ImGui::GetPlatformIO().Viewports.Size, 2);
    reset_after_main = true;
    frame();
    reset_after_main = false;
    for (int i = 0; i < 2; i++) frame();
    EXPECT_TRUE(image_on_screen(kRed)) << "the viewport window after the reset";
    const Image main_image = read(main.resolve, "main_after_reset");
    const int red_pixels = (int)(main_image.width * main_image.height) - count_pixels_other_than(main_image, {0, 0, (int)kMainWidth, (int)kMainHeight, kRed});
    EXPECT_GE(red_pixels, 24 * 24) << "the main viewport's image after the reset";
    EXPECT_EQ(backend_stats().ErrorsReported, 0u) << ImGui_ImplWGPU_GetLastError();
    shutdown_backend();
    wgpuTextureViewRelease(image);
    release_multisampled_main_target(&main);
}

TEST_F(ViewportTest, ResizingAViewportWindowResizesItsSurface) {
    show_outside_window(200, 150);
    show_outside_window(260, 190);
    ASSERT_EQ(surfaces_made_, 1) << "the surface was made again instead of being configured";
    ASSERT_NE(last_surface_, nullptr);

    // Between frames the surface is configured and none of its textures is held: the next one has its size.
    WGPUSurfaceTexture st = {};
    wgpuSurfaceGetCurrentTexture(last_surface_, &st);
    ASSERT_NE(st.texture, nullptr) << "status " << (int)st.status;
    EXPECT_EQ(wgpuTextureGetWidth(st.texture), 260u);
    EXPECT_EQ(wgpuTextureGetHeight(st.texture), 190u);
    // Back to the window: a cleared frame, then the texture goes.
    WGPUTextureView view = wgpuTextureCreateView(st.texture, nullptr);
    OffscreenTarget surface_target;
    surface_target.texture = st.texture;
    surface_target.view = view;
    surface_target.width = 260;
    surface_target.height = 190;
    WGPUCommandEncoder encoder = create_encoder();
    wgpuRenderPassEncoderEnd(begin_pass(encoder, surface_target, true, 0, 0, 0, 1));
    harness_.submit(encoder);
    wgpuSurfacePresent(last_surface_);
    wgpuTextureViewRelease(view);
    wgpuTextureRelease(st.texture);
}

TEST_F(ViewportTest, ClosingAViewportWindowReleasesItsSurface) {
    const std::vector<Window> before = mapped_x_windows();
    show_outside_window();
    ASSERT_EQ(surfaces_live(), 1);
    const tracker::Snapshot open = tracker::snapshot();
    for (int i = 0; i < 3; i++)
        viewport_frame([] {});  // the window is no longer submitted: Dear ImGui destroys its viewport

    EXPECT_EQ(ImGui::GetPlatformIO().Viewports.Size, 1);
    EXPECT_EQ(surfaces_live(), 0);
    EXPECT_EQ(live_since(open, ObjectType::Texture), 0) << "a surface texture is still held";
    EXPECT_EQ(live_since(open, ObjectType::TextureView), 0);
    EXPECT_EQ(mapped_x_windows().size(), before.size()) << "its X window is still on screen";
}

TEST_F(ViewportTest, ImageShownInTwoViewportsHasOneBindGroup) {
    WGPUTextureView image = create_solid_view(kMagenta, 4);
    // Both windows and the upload arena in use first, so that only the image's bind group is left to make.
    for (int i = 0; i < 5; i++)
        viewport_frame([] {
            window_at("Inside", 10, 10, 150, 150);
            outside_window();
        });
    ASSERT_EQ(ImGui::GetPlatformIO().Viewports.Size, 2);
    const uint64_t made_before = backend_stats().BindGroupsCreatedTotal;
    for (int i = 0; i < 4; i++)
        viewport_frame([image] {
            window_at("Inside", 10, 10, 150, 150, image);
            outside_window(200, 150, image);
        });

    // Drawn in both viewports...
    ImGuiViewport* inside = viewport_of("Inside");
    ImGuiViewport* outside = viewport_of(kOutsideWindow);
    ASSERT_NE(inside, nullptr);
    ASSERT_NE(outside, nullptr);
    EXPECT_EQ(inside, ImGui::GetMainViewport());
    EXPECT_NE(outside, inside);
    // ... through one bind group and one cache entry.
    EXPECT_EQ(backend_stats().BindGroupsCreatedTotal - made_before, 1u);
    EXPECT_EQ(backend_stats().ImageCacheEntries, 1u);
    wgpuTextureViewRelease(image);
}

TEST_F(ViewportTest, ShutdownWithAViewportWindowOpenLeavesNothingAlive) {
    show_outside_window();
    ASSERT_EQ(surfaces_live(), 1);
    ImGui_ImplWGPU_Shutdown();
    settle();
    EXPECT_EQ(tracker::describe_difference(before_init_, tracker::snapshot()), "");
    EXPECT_EQ(ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasViewports, 0);
    EXPECT_EQ(ImGui::GetPlatformIO().Renderer_RenderWindow, nullptr);
}

// Bad input: an application whose callback cannot make a surface. The window stays empty, the error is reported
// (printed once), and it is asked again at the next frame (the window system may come back).
TEST_F(ViewportTest, NoSurfaceFromTheCallbackLeavesTheWindowEmptyWithAnError) {
    refuse_surfaces_ = true;
    show_outside_window();
    ASSERT_EQ(ImGui::GetPlatformIO().Viewports.Size, 2);
    EXPECT_GE(surfaces_asked_, 2);
    EXPECT_EQ(surfaces_live(), 0);
    EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("CreateViewportSurface"), std::string::npos)
        << ImGui_ImplWGPU_GetLastError();
    refuse_surfaces_ = false;  // back: the next frame makes it
    viewport_frame([] { outside_window(); });
    EXPECT_EQ(surfaces_live(), 1);
}

// A minimised (zero-sized) window: its surface is left unconfigured and nothing is acquired; it is drawn again at its
// next real size.
TEST_F(ViewportTest, ZeroSizedViewportWindowIsNotDrawn) {
    ImGuiViewport viewport;
    ASSERT_NO_FATAL_FAILURE(bare_viewport(&viewport, "imwgpu viewport zero size"));
    ImGuiPlatformIO& platform_io = ImGui::GetPlatformIO();
    platform_io.Renderer_CreateWindow(&viewport);
    const tracker::Snapshot before = tracker::snapshot();
    viewport.Size = ImVec2(0, 0);
    platform_io.Renderer_SetWindowSize(&viewport, viewport.Size);
    platform_io.Renderer_RenderWindow(&viewport, nullptr);
    EXPECT_EQ(live_since(before, ObjectType::Texture), 0) << "a texture was acquired for a window of no area";
    EXPECT_EQ(live_since(before, ObjectType::CommandBuffer) + live_since(before, ObjectType::CommandEncoder), 0);
    platform_io.Renderer_SwapBuffers(&viewport, nullptr);
    viewport.Size = ImVec2(64, 48);
    platform_io.Renderer_SetWindowSize(&viewport, viewport.Size);
    platform_io.Renderer_RenderWindow(&viewport, nullptr);
    EXPECT_EQ(live_since(before, ObjectType::Texture), 1) << "not drawn again at its real size";
    platform_io.Renderer_SwapBuffers(&viewport, nullptr);
    platform_io.Renderer_DestroyWindow(&viewport);
    settle();
    EXPECT_EQ(ImGui_ImplWGPU_GetLastError(), std::string());
}

// After NotifyDeviceLost() the viewports draw nothing more (no call on the lost device), and Shutdown() still releases
// their surfaces.
TEST_F(ViewportTest, DeviceLostStopsDrawingViewportsAndShutdownReleasesThem) {
    show_outside_window();
    ASSERT_EQ(surfaces_live(), 1);
    ImGui_ImplWGPU_NotifyDeviceLost();
    const tracker::Snapshot lost = tracker::snapshot();
    const tracker::Counts   encoders_before = tracker::counts(ObjectType::CommandEncoder);
    for (int i = 0; i < 2; i++)
        viewport_frame([] { outside_window(); });
    // The fixture's own main-viewport pass makes one encoder per frame; the viewport makes none.
    EXPECT_EQ(tracker::counts(ObjectType::CommandEncoder).created - encoders_before.created, 2);
    EXPECT_EQ(live_since(lost, ObjectType::Texture), 0);
    ImGui_ImplWGPU_Shutdown();
    settle();
    EXPECT_EQ(surfaces_live(), 0);
    EXPECT_EQ(tracker::describe_difference(before_init_, tracker::snapshot()), "");
}

// Shutdown() and Init() while a viewport window is open (e.g. a new device): the window stays, the new backend makes
// its surface and draws it.
TEST_F(ViewportTest, BackendInitializedAgainTakesOverAnOpenViewportWindow) {
    WGPUTextureView image = create_solid_view(kRed, 4);
    show_outside_window(200, 150, image);
    ASSERT_EQ(surfaces_live(), 1);
    ASSERT_TRUE(restart_backend(viewport_init_info()));
    EXPECT_EQ(surfaces_live(), 0) << "Shutdown() kept the viewport's surface";
    show_outside_window(200, 150, image);
    EXPECT_EQ(ImGui::GetPlatformIO().Viewports.Size, 2);
    EXPECT_EQ(surfaces_live(), 1);
    EXPECT_TRUE(image_on_screen(kRed));
    wgpuTextureViewRelease(image);
}

// Through the renderer's platform_io callbacks, as Dear ImGui calls them for a window that opens, is resized,
// draws one frame and closes; on one X window, 1,000 times.
TEST_F(ViewportTest, ThousandViewportWindowsOpenedAndClosedLeaveNothingAlive) {
    ImGuiViewport viewport;
    ASSERT_NO_FATAL_FAILURE(bare_viewport(&viewport, "imwgpu viewport cycles"));
    ImGuiPlatformIO& platform_io = ImGui::GetPlatformIO();
    const tracker::Snapshot before = tracker::snapshot();
    constexpr int kCycles = 1000;
    for (int i = 0; i < kCycles && !HasFailure(); i++) {
        platform_io.Renderer_CreateWindow(&viewport);
        ASSERT_NE(viewport.RendererUserData, nullptr);
        viewport.Size = ImVec2(64 + (float)(i % 8), 48);
        platform_io.Renderer_SetWindowSize(&viewport, viewport.Size);
        platform_io.Renderer_RenderWindow(&viewport, nullptr);  // no draw data: a cleared frame
        platform_io.Renderer_SwapBuffers(&viewport, nullptr);
        platform_io.Renderer_DestroyWindow(&viewport);
        EXPECT_EQ(viewport.RendererUserData, nullptr);
        if (i % 100 == 99)
            settle();
    }
    settle();
    EXPECT_EQ(surfaces_made_, kCycles);
    EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "");
    EXPECT_EQ(ImGui_ImplWGPU_GetLastError(), std::string());
}

}  // namespace
}  // namespace imwgpu::test
