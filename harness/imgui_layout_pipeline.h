// A render pipeline with the backend's layout, for code that draws Dear ImGui vertices or binds
// images the way the backend does without being the backend: the benchmark's floor renderer, and
// user draw callbacks in the tests that bind a pipeline of their own. Header-only, so the harness
// itself stays free of Dear ImGui.
//
// The layout (what makes such a pipeline interchangeable with the backend's within one pass):
// group 0: the uniform block (mat4x4f + f32, 80 bytes) at a dynamic offset, vertex and fragment;
// group 1: binding 0 a filterable float 2D texture, binding 1 a filtering sampler;
// one vertex buffer of ImDrawVert (pos, uv, col as unorm8x4); alpha blending of colour, and alpha
// accumulating coverage; triangle lists, no culling, one sample, no depth.
#pragma once

#include "imgui.h"
#include "imwgpu_harness.h"

#include <webgpu/webgpu.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace imwgpu {

constexpr uint64_t kImGuiUniformSize = 80;

// The layout's bindings in WGSL, and a vertex stage `vs_main` that places Dear ImGui's vertices with the
// uniform block's matrix, as the backend's does. A fragment stage appended to it reads `in: VertexOutput`
// (`color`, `uv`), `uniforms`, `image` and `image_sampler`. The vertex stage is written as the backend's is
// (an input struct, an output `var` set member by member): WGVK's WGSL compiler drops the value of
// `return VertexOutput(...)` and draws nothing (docs/WGVK.md).
constexpr const char kImGuiLayoutWGSL[] = R"(
struct Uniforms { mvp: mat4x4<f32>, srgb_target: f32, };
@group(0) @binding(0) var<uniform> uniforms: Uniforms;
@group(1) @binding(0) var image: texture_2d<f32>;
@group(1) @binding(1) var image_sampler: sampler;
struct VertexInput { @location(0) position: vec2<f32>, @location(1) uv: vec2<f32>, @location(2) color: vec4<f32>, };
struct VertexOutput { @builtin(position) position: vec4<f32>, @location(0) color: vec4<f32>, @location(1) uv: vec2<f32>, };
@vertex fn vs_main(in: VertexInput) -> VertexOutput {
    var out: VertexOutput;
    out.position = uniforms.mvp * vec4<f32>(in.position, 0.0, 1.0);
    out.color = in.color;
    out.uv = in.uv;
    return out;
}
)";

struct ImGuiLayoutPipeline {
    WGPURenderPipeline  pipeline = nullptr;
    WGPUBindGroupLayout uniform_layout = nullptr;  // group 0
    WGPUBindGroupLayout image_layout = nullptr;    // group 1
};

// `fragment_wgsl` holds the entry point `fragment_entry`; it is compiled after kImGuiLayoutWGSL.
inline ImGuiLayoutPipeline create_imgui_layout_pipeline(WGPUDevice device, WGPUTextureFormat target_format,
                                                        const char* fragment_wgsl, const char* fragment_entry,
                                                        const char* label) {
    ImGuiLayoutPipeline result;
    WGPUBindGroupLayoutEntry uniform_entry = {};
    uniform_entry.binding = 0;
    uniform_entry.visibility = WGPUShaderStage_Vertex | WGPUShaderStage_Fragment;
    uniform_entry.buffer.type = WGPUBufferBindingType_Uniform;
    uniform_entry.buffer.hasDynamicOffset = 1;
    uniform_entry.buffer.minBindingSize = kImGuiUniformSize;
    WGPUBindGroupLayoutDescriptor layout_desc = {};
    layout_desc.entryCount = 1;
    layout_desc.entries = &uniform_entry;
    result.uniform_layout = wgpuDeviceCreateBindGroupLayout(device, &layout_desc);

    WGPUBindGroupLayoutEntry image_entries[2] = {};
    image_entries[0].binding = 0;
    image_entries[0].visibility = WGPUShaderStage_Fragment;
    image_entries[0].texture.sampleType = WGPUTextureSampleType_Float;
    image_entries[0].texture.viewDimension = WGPUTextureViewDimension_2D;
    image_entries[1].binding = 1;
    image_entries[1].visibility = WGPUShaderStage_Fragment;
    image_entries[1].sampler.type = WGPUSamplerBindingType_Filtering;
    layout_desc.entryCount = 2;
    layout_desc.entries = image_entries;
    result.image_layout = wgpuDeviceCreateBindGroupLayout(device, &layout_desc);

    WGPUShaderSourceWGSL source = {};
    source.chain.sType = WGPUSType_ShaderSourceWGSL;
    const std::string wgsl = std::string(kImGuiLayoutWGSL) + fragment_wgsl;
    source.code = string_view(wgsl.c_str());
    WGPUShaderModuleDescriptor module_desc = {};
    module_desc.nextInChain = &source.chain;
    WGPUShaderModule module = wgpuDeviceCreateShaderModule(device, &module_desc);

    WGPUBindGroupLayout layouts[2] = {result.uniform_layout, result.image_layout};
    WGPUPipelineLayoutDescriptor pipeline_layout_desc = {};
    pipeline_layout_desc.bindGroupLayoutCount = 2;
    pipeline_layout_desc.bindGroupLayouts = layouts;
    WGPUPipelineLayout pipeline_layout = wgpuDeviceCreatePipelineLayout(device, &pipeline_layout_desc);

    WGPUVertexAttribute attributes[3] = {};
    attributes[0] = {nullptr, WGPUVertexFormat_Float32x2, offsetof(ImDrawVert, pos), 0};
    attributes[1] = {nullptr, WGPUVertexFormat_Float32x2, offsetof(ImDrawVert, uv), 1};
    attributes[2] = {nullptr, WGPUVertexFormat_Unorm8x4, offsetof(ImDrawVert, col), 2};
    WGPUVertexBufferLayout vertex_layout = {};
    vertex_layout.stepMode = WGPUVertexStepMode_Vertex;
    vertex_layout.arrayStride = sizeof(ImDrawVert);
    vertex_layout.attributeCount = 3;
    vertex_layout.attributes = attributes;

    WGPUBlendState blend = {};
    blend.color = {WGPUBlendOperation_Add, WGPUBlendFactor_SrcAlpha, WGPUBlendFactor_OneMinusSrcAlpha};
    blend.alpha = {WGPUBlendOperation_Add, WGPUBlendFactor_One, WGPUBlendFactor_OneMinusSrcAlpha};
    WGPUColorTargetState target = {};
    target.format = target_format;
    target.blend = &blend;
    target.writeMask = WGPUColorWriteMask_All;
    WGPUFragmentState fragment = {};
    fragment.module = module;
    fragment.entryPoint = string_view(fragment_entry);
    fragment.targetCount = 1;
    fragment.targets = &target;

    WGPURenderPipelineDescriptor desc = {};
    desc.label = string_view(label);
    desc.layout = pipeline_layout;
    desc.vertex.module = module;
    desc.vertex.entryPoint = string_view("vs_main");
    desc.vertex.bufferCount = 1;
    desc.vertex.buffers = &vertex_layout;
    desc.primitive.topology = WGPUPrimitiveTopology_TriangleList;
    desc.primitive.frontFace = WGPUFrontFace_CW;
    desc.primitive.cullMode = WGPUCullMode_None;
    desc.multisample.count = 1;
    desc.multisample.mask = UINT32_MAX;
    desc.fragment = &fragment;
    result.pipeline = wgpuDeviceCreateRenderPipeline(device, &desc);
    wgpuPipelineLayoutRelease(pipeline_layout);
    wgpuShaderModuleRelease(module);
    return result;
}

inline void release_imgui_layout_pipeline(ImGuiLayoutPipeline& p) {
    if (p.pipeline) wgpuRenderPipelineRelease(p.pipeline);
    if (p.image_layout) wgpuBindGroupLayoutRelease(p.image_layout);
    if (p.uniform_layout) wgpuBindGroupLayoutRelease(p.uniform_layout);
    p = ImGuiLayoutPipeline();
}

}  // namespace imwgpu
