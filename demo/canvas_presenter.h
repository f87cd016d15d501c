// imwgpu-demo in a browser: the offscreen presenter that also shows every frame on a canvas of the page
// (--canvas SELECTOR; browser build only).
//
// Each frame is drawn into the offscreen target and read back from it exactly as without a canvas, so the
// picture and the report are those of an offscreen run. After the frame's submit, one more pass draws the
// target onto the canvas's current texture, each pixel loaded from its texel (textureLoad: no filtering, no
// blending), so the canvas holds the very values that were read back, and a screenshot of the page can be
// compared with the PNG. A draw rather than copyTextureToTexture(), which needs one format on both sides:
// the canvas has the browser's preferred format (BGRA8Unorm on desktops) and the target RGBA8Unorm, and
// Firefox ESR 153 (headless, without a shared-texture swap chain) crashes, the whole browser,
// when it presents an RGBA8Unorm canvas. Between two 8-bit unorm formats every value crosses unchanged.
//
// The surface comes from the canvas's CSS selector (WGPUEmscriptenSurfaceSourceCanvasHTMLSelector) and is
// configured with the target's size (emdawnwebgpu sets the canvas's width and height from it), the first
// format of its capabilities (the browser's preferred one) and opaque alpha. Nothing is presented explicitly
// (emdawnwebgpu's wgpuSurfacePresent() aborts): the browser shows the canvas's current texture when it next
// updates the page, which it can do whenever the harness waits for the GPU, since the wait hands control back
// to its event loop (JSPI). At the end the surface is released but not unconfigured: unconfiguring replaces
// the canvas's drawing buffer with a transparent one. Even so the canvas keeps the last frame only while the
// device lives: Firefox blanks it when the harness destroys the device at shutdown. For a screenshot of the
// last frame, keep_on_canvas_ms holds the program after it, the device alive.

#pragma once

#include "presenter.h"

#include <cstdint>
#include <memory>
#include <string>

namespace imwgpu::demo {

class CanvasPresenter final : public OffscreenPresenter {
public:
    // Null, with *error saying why, when no canvas matches `selector` or its preferred format is not an
    // 8-bit unorm one.
    static std::unique_ptr<CanvasPresenter> create(Harness& harness, uint32_t width, uint32_t height,
                                                   const std::string& selector, int keep_on_canvas_ms,
                                                   std::string* error);
    ~CanvasPresenter() override;

    // False once a frame could not be put on the canvas (error() says why): the run ends there.
    bool begin_frame(int) override { return error_.empty(); }
    // Draws the frame onto the canvas, then does what the offscreen presenter does (waits, reads back).
    void present(bool keep_picture) override;
    // Waits keep_on_canvas_ms, if any, handing control to the browser meanwhile.
    void after_last_frame() override;

private:
    CanvasPresenter(Harness& harness, uint32_t width, uint32_t height) : OffscreenPresenter(harness, width, height) {}

    bool create_pipeline(std::string* error);

    int                 keep_on_canvas_ms_ = 0;
    WGPUSurface         surface_ = nullptr;
    WGPUTextureFormat   canvas_format_ = WGPUTextureFormat_Undefined;
    WGPUBindGroupLayout bind_group_layout_ = nullptr;
    WGPUPipelineLayout  pipeline_layout_ = nullptr;
    WGPUShaderModule    shader_ = nullptr;
    WGPURenderPipeline  pipeline_ = nullptr;
    WGPUBindGroup       frame_bind_group_ = nullptr;  // the offscreen target's view, for the whole run
};

}  // namespace imwgpu::demo
