// imwgpu-demo: the canvas presenter of the browser build. See canvas_presenter.h.

#include "canvas_presenter.h"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>

namespace imwgpu::demo {

namespace {

// One triangle that covers the canvas; each fragment takes the texel under its pixel's centre.
constexpr const char* kFrameOnCanvasShader = R"(
@group(0) @binding(0) var frame: texture_2d<f32>;

@vertex fn vs_main(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
    let corner = vec2f(f32((i << 1u) & 2u), f32(i & 2u));  // (0,0), (2,0), (0,2)
    return vec4f(corner * 2.0 - 1.0, 0.0, 1.0);
}

@fragment fn fs_main(@builtin(position) pixel: vec4f) -> @location(0) vec4f {
    return textureLoad(frame, vec2u(pixel.xy), 0);
}
)";

}  // namespace

std::unique_ptr<CanvasPresenter> CanvasPresenter::create(Harness& harness, uint32_t width, uint32_t height,
                                                         const std::string& selector, int keep_on_canvas_ms,
                                                         std::string* error) {
    // Asked first because emdawnwebgpu's wgpuInstanceCreateSurface() throws, which aborts the program, when no
    // element matches; it finds the canvas the same way (document.querySelector).
    int canvas_width = 0, canvas_height = 0;
    if (emscripten_get_canvas_element_size(selector.c_str(), &canvas_width, &canvas_height) != EMSCRIPTEN_RESULT_SUCCESS) {
        *error = "no canvas on the page matches '" + selector + "'";
        return nullptr;
    }
    std::unique_ptr<CanvasPresenter> presenter(new CanvasPresenter(harness, width, height));
    presenter->keep_on_canvas_ms_ = keep_on_canvas_ms;

    WGPUEmscriptenSurfaceSourceCanvasHTMLSelector source = WGPU_EMSCRIPTEN_SURFACE_SOURCE_CANVAS_HTML_SELECTOR_INIT;
    source.selector = string_view(selector.c_str());
    WGPUSurfaceDescriptor surface_desc = WGPU_SURFACE_DESCRIPTOR_INIT;
    surface_desc.nextInChain = &source.chain;
    surface_desc.label = string_view("imwgpu-demo canvas");
    presenter->surface_ = wgpuInstanceCreateSurface(harness.instance(), &surface_desc);
    if (!presenter->surface_) {
        *error = "the canvas '" + selector + "' gave no WebGPU context";
        return nullptr;
    }

    WGPUSurfaceCapabilities caps = WGPU_SURFACE_CAPABILITIES_INIT;
    if (wgpuSurfaceGetCapabilities(presenter->surface_, harness.adapter(), &caps) == WGPUStatus_Success &&
        caps.formatCount > 0)
        presenter->canvas_format_ = caps.formats[0];
    wgpuSurfaceCapabilitiesFreeMembers(caps);
    if (presenter->canvas_format_ != WGPUTextureFormat_BGRA8Unorm &&
        presenter->canvas_format_ != WGPUTextureFormat_RGBA8Unorm) {
        char format[16];
        std::snprintf(format, sizeof format, "0x%x", (unsigned)presenter->canvas_format_);
        *error = "the canvas '" + selector + "' prefers format " + format +
                 ", not BGRA8Unorm or RGBA8Unorm: the frame's values would not cross unchanged";
        return nullptr;
    }
    if (!presenter->create_pipeline(error))
        return nullptr;

    WGPUSurfaceConfiguration config = WGPU_SURFACE_CONFIGURATION_INIT;
    config.device = harness.device();
    config.format = presenter->canvas_format_;
    config.usage = WGPUTextureUsage_RenderAttachment;
    config.width = width;
    config.height = height;
    // The frame is shown as it was read back: its alpha (1 wherever the clear colour was) plays no part.
    config.alphaMode = WGPUCompositeAlphaMode_Opaque;
    config.presentMode = WGPUPresentMode_Fifo;  // the only mode a canvas has
    wgpuSurfaceConfigure(presenter->surface_, &config);
    std::printf("imwgpu-demo: every frame is also drawn on the canvas '%s' (%ux%u, %s)\n", selector.c_str(), width,
                height, presenter->canvas_format_ == WGPUTextureFormat_BGRA8Unorm ? "BGRA8Unorm" : "RGBA8Unorm");
    return presenter;
}

bool CanvasPresenter::create_pipeline(std::string* error) {
    const WGPUDevice device = harness().device();

    WGPUBindGroupLayoutEntry frame_entry = WGPU_BIND_GROUP_LAYOUT_ENTRY_INIT;
    frame_entry.binding = 0;
    frame_entry.visibility = WGPUShaderStage_Fragment;
    frame_entry.texture.sampleType = WGPUTextureSampleType_Float;
    frame_entry.texture.viewDimension = WGPUTextureViewDimension_2D;
    WGPUBindGroupLayoutDescriptor bgl_desc = WGPU_BIND_GROUP_LAYOUT_DESCRIPTOR_INIT;
    bgl_desc.entryCount = 1;
    bgl_desc.entries = &frame_entry;
    bind_group_layout_ = wgpuDeviceCreateBindGroupLayout(device, &bgl_desc);

    WGPUPipelineLayoutDescriptor layout_desc = WGPU_PIPELINE_LAYOUT_DESCRIPTOR_INIT;
    layout_desc.bindGroupLayoutCount = 1;
    layout_desc.bindGroupLayouts = &bind_group_layout_;
    pipeline_layout_ = wgpuDeviceCreatePipelineLayout(device, &layout_desc);

    WGPUShaderSourceWGSL wgsl = WGPU_SHADER_SOURCE_WGSL_INIT;
    wgsl.code = string_view(kFrameOnCanvasShader);
    WGPUShaderModuleDescriptor shader_desc = WGPU_SHADER_MODULE_DESCRIPTOR_INIT;
    shader_desc.nextInChain = &wgsl.chain;
    shader_desc.label = string_view("imwgpu-demo frame on canvas");
    shader_ = wgpuDeviceCreateShaderModule(device, &shader_desc);

    WGPUColorTargetState color = WGPU_COLOR_TARGET_STATE_INIT;
    color.format = canvas_format_;
    WGPUFragmentState fragment = WGPU_FRAGMENT_STATE_INIT;
    fragment.module = shader_;
    fragment.entryPoint = string_view("fs_main");
    fragment.targetCount = 1;
    fragment.targets = &color;
    WGPURenderPipelineDescriptor pipeline_desc = WGPU_RENDER_PIPELINE_DESCRIPTOR_INIT;
    pipeline_desc.label = string_view("imwgpu-demo frame on canvas");
    pipeline_desc.layout = pipeline_layout_;
    pipeline_desc.vertex.module = shader_;
    pipeline_desc.vertex.entryPoint = string_view("vs_main");
    pipeline_desc.fragment = &fragment;
    pipeline_ = wgpuDeviceCreateRenderPipeline(device, &pipeline_desc);

    WGPUBindGroupEntry frame = WGPU_BIND_GROUP_ENTRY_INIT;
    frame.binding = 0;
    frame.textureView = target().view;
    WGPUBindGroupDescriptor group_desc = WGPU_BIND_GROUP_DESCRIPTOR_INIT;
    group_desc.layout = bind_group_layout_;
    group_desc.entryCount = 1;
    group_desc.entries = &frame;
    frame_bind_group_ = wgpuDeviceCreateBindGroup(device, &group_desc);

    // Invalid descriptors give error objects and count as WebGPU errors in the harness; a null is a refusal.
    if (!bind_group_layout_ || !pipeline_layout_ || !shader_ || !pipeline_ || !frame_bind_group_) {
        *error = "could not create the pipeline that draws the frame on the canvas";
        return false;
    }
    return true;
}

CanvasPresenter::~CanvasPresenter() {
    if (frame_bind_group_)
        wgpuBindGroupRelease(frame_bind_group_);
    if (pipeline_)
        wgpuRenderPipelineRelease(pipeline_);
    if (shader_)
        wgpuShaderModuleRelease(shader_);
    if (pipeline_layout_)
        wgpuPipelineLayoutRelease(pipeline_layout_);
    if (bind_group_layout_)
        wgpuBindGroupLayoutRelease(bind_group_layout_);
    // Not unconfigured (see the header): the canvas keeps showing the last frame.
    if (surface_)
        wgpuSurfaceRelease(surface_);
}

void CanvasPresenter::present(bool keep_picture) {
    WGPUSurfaceTexture current = WGPU_SURFACE_TEXTURE_INIT;
    wgpuSurfaceGetCurrentTexture(surface_, &current);
    if (current.status == WGPUSurfaceGetCurrentTextureStatus_SuccessOptimal ||
        current.status == WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal) {
        WGPUTextureView    view = wgpuTextureCreateView(current.texture, nullptr);
        WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(harness().device(), nullptr);
        WGPURenderPassColorAttachment attachment = WGPU_RENDER_PASS_COLOR_ATTACHMENT_INIT;
        attachment.view = view;
        attachment.loadOp = WGPULoadOp_Clear;  // every pixel is drawn: nothing to load
        attachment.storeOp = WGPUStoreOp_Store;
        WGPURenderPassDescriptor pass_desc = WGPU_RENDER_PASS_DESCRIPTOR_INIT;
        pass_desc.colorAttachmentCount = 1;
        pass_desc.colorAttachments = &attachment;
        WGPURenderPassEncoder pass = wgpuCommandEncoderBeginRenderPass(encoder, &pass_desc);
        wgpuRenderPassEncoderSetPipeline(pass, pipeline_);
        wgpuRenderPassEncoderSetBindGroup(pass, 0, frame_bind_group_, 0, nullptr);
        wgpuRenderPassEncoderDraw(pass, 3, 1, 0, 0);
        wgpuRenderPassEncoderEnd(pass);
        wgpuRenderPassEncoderRelease(pass);
        harness().submit(encoder);
        wgpuTextureViewRelease(view);
    } else if (error_.empty()) {
        error_ = "the canvas gave no texture to draw on (wgpuSurfaceGetCurrentTexture status " +
                 std::to_string((int)current.status) + ")";
    }
    if (current.texture)
        wgpuTextureRelease(current.texture);
    OffscreenPresenter::present(keep_picture);
}

void CanvasPresenter::after_last_frame() {
    if (keep_on_canvas_ms_ <= 0)
        return;
    // The window presenter's fixed line, which scripts wait for before they take the screenshot.
    std::printf("imwgpu-demo: last frame presented; keeping it on the canvas for %d ms\n", keep_on_canvas_ms_);
    std::fflush(stdout);
    emscripten_sleep((unsigned)keep_on_canvas_ms_);  // suspends (JSPI): the page stays live meanwhile
}

}  // namespace imwgpu::demo
