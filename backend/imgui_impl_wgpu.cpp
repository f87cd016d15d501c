// dear imgui: Renderer Backend for WebGPU (imwgpu)
// A drop-in replacement for Dear ImGui's own imgui_impl_wgpu.h/.cpp. See imgui_impl_wgpu.h for the features.

// CHANGELOG
//  2026-11-27: First version: upstream entry points and InitInfo; pinned image bind group cache with eviction;
//              font atlas bind group owned outside the cache; per-call upload regions carved from per-frame arenas;
//              full-pointer cache keys; null ImTextureID skipped with an error; integer framebuffer viewport;
//              counters (ImGui_ImplWGPU_GetStats) and a debug window.

// How the pieces fit, in the order a frame runs:
// - Init() / CreateDeviceObjects(): pipeline, two bind group layouts (group 0: uniforms + sampler, group 1: image),
//   sampler, font atlas texture with its own bind group.
// - NewFrame(): starts the next frame: rotates to the next upload arena, evicts image bind groups unused for
//   more than InitInfo.ImageCacheMaxUnusedFrames frames.
// - RenderDrawData(): carves a region [uniforms | vertices | indices] from the current frame's arena (so several calls
//   before one submit never overwrite each other), uploads it with one wgpuQueueWriteBuffer(), then encodes the
//   commands, fetching each image's bind group from the pinned cache.
// - InvalidateDeviceObjects() / Shutdown(): release everything, including every cached view reference.
//
// Lifetimes rely on WebGPU reference counting: a released buffer or bind group stays alive for as long as an
// encoded pass or a submitted command buffer refers to it. So the backend always *releases* and never destroys what
// an unsubmitted pass may still read.

#include "imgui.h"
#ifndef IMGUI_DISABLE
#include "imgui_impl_wgpu.h"
#include <stdarg.h>     // va_list
#include <stdio.h>      // vsnprintf, fprintf
#include <limits.h>     // INT_MAX
#include <string.h>     // memcpy, memset

// Dear ImGui 1.92 turned ImTextureID into a 64-bit integer; going through intptr_t works for both kinds.
#define IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(VIEW)   ((ImTextureID)(intptr_t)(VIEW))
#define IMGUI_IMPL_WGPU_VIEW_FROM_TEXID(TEXID)  ((WGPUTextureView)(intptr_t)(TEXID))

//-----------------------------------------------------------------------------
// [SECTION] Backend data
//-----------------------------------------------------------------------------

// Size of the uniform block in the shader (mat4x4f + f32, rounded to the struct's 16-byte alignment).
static const uint64_t IMGUI_IMPL_WGPU_UNIFORM_SIZE = 80;
// First arena size: enough for the demo window without growing.
static const uint64_t IMGUI_IMPL_WGPU_INITIAL_ARENA_SIZE = 256 * 1024;

// One image in the pinned cache.
struct ImGui_ImplWGPU_ImageEntry
{
    WGPUTextureView     View;           // AddRef'd: while the entry lives, no other view can get this address
    WGPUBindGroup       BindGroup;
    uint64_t            LastUsedFrame;
};

// Upload memory of one frame in flight. Each RenderDrawData() call takes the next region of Buffer.
struct ImGui_ImplWGPU_UploadArena
{
    WGPUBuffer          Buffer;             // Uniform | Vertex | Index | CopyDst
    WGPUBindGroup       UniformBindGroup;   // group 0: Buffer as a dynamic-offset uniform buffer + the sampler
    uint64_t            Capacity;
    uint64_t            Used;               // Bytes handed out since this arena's frame began
};

// Where one RenderDrawData() call's data lies in its arena.
struct ImGui_ImplWGPU_CallRegion
{
    WGPUBuffer          Buffer;
    WGPUBindGroup       UniformBindGroup;
    uint32_t            UniformOffset;
    uint64_t            VertexOffset, VertexSize;
    uint64_t            IndexOffset, IndexSize;
};

// Errors reported once per kind (then only counted), so a bad input repeated every frame does not flood the log.
enum ImGui_ImplWGPU_Error
{
    ImGui_ImplWGPU_Error_NotInitialized     = 1 << 0,
    ImGui_ImplWGPU_Error_AlreadyInitialized = 1 << 1,
    ImGui_ImplWGPU_Error_BadInitInfo        = 1 << 2,
    ImGui_ImplWGPU_Error_NullPassEncoder    = 1 << 3,
    ImGui_ImplWGPU_Error_NullTexture        = 1 << 4,
    ImGui_ImplWGPU_Error_BadIndexRange      = 1 << 5,
    ImGui_ImplWGPU_Error_DrawDataTooLarge   = 1 << 6,
    ImGui_ImplWGPU_Error_DisplayTooLarge    = 1 << 7,
    ImGui_ImplWGPU_Error_DeviceLost         = 1 << 8,
};

static const int IMGUI_IMPL_WGPU_HISTORY_SIZE = 120;

struct ImGui_ImplWGPU_Data
{
    ImGui_ImplWGPU_InitInfo         InitInfo;
    WGPUDevice                      Device;
    WGPUQueue                       Queue;
    float                           Gamma;                      // 2.2 for *Srgb targets: ImGui colours are sRGB
    uint32_t                        UniformOffsetAlignment;     // Device's minUniformBufferOffsetAlignment
    uint64_t                        MaxBufferSize;
    uint32_t                        MaxTextureDimension2D;

    WGPURenderPipeline              Pipeline;
    WGPUBindGroupLayout             UniformLayout;
    WGPUBindGroupLayout             ImageLayout;
    WGPUSampler                     Sampler;

    // The font atlas is owned by the backend: its bind group lives here, never in the image cache.
    WGPUTexture                     FontTexture;
    WGPUTextureView                 FontView;
    WGPUBindGroup                   FontBindGroup;

    // Pinned image cache: dense entries + an open-addressing index (power-of-two size, -1 = empty slot).
    ImVector<ImGui_ImplWGPU_ImageEntry> ImageEntries;
    ImVector<int>                   ImageSlots;

    ImVector<ImGui_ImplWGPU_UploadArena> Arenas;                // One per frame in flight
    int                             ArenaIndex;
    ImVector<unsigned char>         Staging;                    // CPU copy of one call's region, uploaded in one write

    uint64_t                        FrameIndex;
    bool                            DeviceLost;                 // Set by ImGui_ImplWGPU_NotifyDeviceLost(): create and encode nothing more
    ImGui_ImplWGPU_Stats            Stats;
    ImGui_ImplWGPU_Stats            PreviousFrameStats;         // What the debug window shows: the current frame is still being drawn
    float                           BindGroupsHistory[IMGUI_IMPL_WGPU_HISTORY_SIZE];
    float                           UploadKiBHistory[IMGUI_IMPL_WGPU_HISTORY_SIZE];
    int                             HistoryOffset;
    ImGui_ImplWGPU_RenderState      RenderState;
    unsigned int                    ErrorsAlreadyPrinted;       // ImGui_ImplWGPU_Error bits

    ImGui_ImplWGPU_Data()           { memset((void*)this, 0, sizeof(*this)); }
};

// Backend data stored in io.BackendRendererUserData to allow support for multiple Dear ImGui contexts.
static ImGui_ImplWGPU_Data* ImGui_ImplWGPU_GetBackendData()
{
    return ImGui::GetCurrentContext() ? (ImGui_ImplWGPU_Data*)ImGui::GetIO().BackendRendererUserData : nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] Errors
//-----------------------------------------------------------------------------

// Also serves calls made with no backend data (before Init / after Shutdown), hence file scope.
static char         g_ImplWGPU_LastError[256] = "";
static unsigned int g_ImplWGPU_ErrorsPrintedWithoutBackend = 0;

static void ImGui_ImplWGPU_ReportError(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_Error kind, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(g_ImplWGPU_LastError, sizeof(g_ImplWGPU_LastError), fmt, args);
    va_end(args);
    unsigned int* printed = bd ? &bd->ErrorsAlreadyPrinted : &g_ImplWGPU_ErrorsPrintedWithoutBackend;
    if (bd)
        bd->Stats.ErrorsReported++;
    if (*printed & kind)
        return;
    *printed |= kind;
    fprintf(stderr, "imgui_impl_wgpu: %s\n", g_ImplWGPU_LastError);
}

//-----------------------------------------------------------------------------
// [SECTION] Device objects: shaders, pipeline, font atlas
//-----------------------------------------------------------------------------

// One shader module for both stages. Gamma is 1 for linear targets; for *Srgb targets it turns ImGui's sRGB
// vertex colours into the linear values the target expects.
static const char g_ImplWGPU_ShaderWGSL[] = R"(
struct Uniforms {
    mvp: mat4x4<f32>,
    gamma: f32,
};
@group(0) @binding(0) var<uniform> uniforms: Uniforms;
@group(0) @binding(1) var image_sampler: sampler;
@group(1) @binding(0) var image: texture_2d<f32>;

struct VertexInput {
    @location(0) position: vec2<f32>,
    @location(1) uv: vec2<f32>,
    @location(2) color: vec4<f32>,
};
struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
    @location(1) uv: vec2<f32>,
};

@vertex
fn vs_main(in: VertexInput) -> VertexOutput {
    var out: VertexOutput;
    out.position = uniforms.mvp * vec4<f32>(in.position, 0.0, 1.0);
    out.color = in.color;
    out.uv = in.uv;
    return out;
}

@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    let color = in.color * textureSample(image, image_sampler, in.uv);
    return vec4<f32>(pow(color.rgb, vec3<f32>(uniforms.gamma)), color.a);
}
)";

static WGPUStringView ImGui_ImplWGPU_String(const char* s)
{
    WGPUStringView view;
    view.data = s;
    view.length = WGPU_STRLEN;
    return view;
}

static bool ImGui_ImplWGPU_IsSrgbFormat(WGPUTextureFormat format)
{
    return format == WGPUTextureFormat_RGBA8UnormSrgb || format == WGPUTextureFormat_BGRA8UnormSrgb;
}

static WGPUBindGroup ImGui_ImplWGPU_CreateImageBindGroup(ImGui_ImplWGPU_Data* bd, WGPUTextureView view)
{
    WGPUBindGroupEntry entry = {};
    entry.binding = 0;
    entry.textureView = view;
    WGPUBindGroupDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui image");
    desc.layout = bd->ImageLayout;
    desc.entryCount = 1;
    desc.entries = &entry;
    bd->Stats.BindGroupsCreatedTotal++;
    bd->Stats.BindGroupsCreatedThisFrame++;
    return wgpuDeviceCreateBindGroup(bd->Device, &desc);
}

static void ImGui_ImplWGPU_CreateBindGroupLayouts(ImGui_ImplWGPU_Data* bd)
{
    WGPUBindGroupLayoutEntry uniform_entries[2] = {};
    uniform_entries[0].binding = 0;
    uniform_entries[0].visibility = WGPUShaderStage_Vertex | WGPUShaderStage_Fragment;
    uniform_entries[0].buffer.type = WGPUBufferBindingType_Uniform;
    uniform_entries[0].buffer.hasDynamicOffset = 1;     // one arena buffer, one uniform slice per RenderDrawData() call
    uniform_entries[0].buffer.minBindingSize = IMGUI_IMPL_WGPU_UNIFORM_SIZE;
    uniform_entries[1].binding = 1;
    uniform_entries[1].visibility = WGPUShaderStage_Fragment;
    uniform_entries[1].sampler.type = WGPUSamplerBindingType_Filtering;
    WGPUBindGroupLayoutDescriptor uniform_desc = {};
    uniform_desc.label = ImGui_ImplWGPU_String("imgui uniforms");
    uniform_desc.entryCount = 2;
    uniform_desc.entries = uniform_entries;
    bd->UniformLayout = wgpuDeviceCreateBindGroupLayout(bd->Device, &uniform_desc);

    WGPUBindGroupLayoutEntry image_entry = {};
    image_entry.binding = 0;
    image_entry.visibility = WGPUShaderStage_Fragment;
    image_entry.texture.sampleType = WGPUTextureSampleType_Float;
    image_entry.texture.viewDimension = WGPUTextureViewDimension_2D;
    WGPUBindGroupLayoutDescriptor image_desc = {};
    image_desc.label = ImGui_ImplWGPU_String("imgui image");
    image_desc.entryCount = 1;
    image_desc.entries = &image_entry;
    bd->ImageLayout = wgpuDeviceCreateBindGroupLayout(bd->Device, &image_desc);
}

static void ImGui_ImplWGPU_CreatePipeline(ImGui_ImplWGPU_Data* bd)
{
    WGPUShaderSourceWGSL wgsl = {};
    wgsl.chain.sType = WGPUSType_ShaderSourceWGSL;
    wgsl.code = ImGui_ImplWGPU_String(g_ImplWGPU_ShaderWGSL);
    WGPUShaderModuleDescriptor module_desc = {};
    module_desc.nextInChain = &wgsl.chain;
    module_desc.label = ImGui_ImplWGPU_String("imgui shader");
    WGPUShaderModule module = wgpuDeviceCreateShaderModule(bd->Device, &module_desc);

    WGPUBindGroupLayout layouts[2] = { bd->UniformLayout, bd->ImageLayout };
    WGPUPipelineLayoutDescriptor layout_desc = {};
    layout_desc.label = ImGui_ImplWGPU_String("imgui");
    layout_desc.bindGroupLayoutCount = 2;
    layout_desc.bindGroupLayouts = layouts;
    WGPUPipelineLayout pipeline_layout = wgpuDeviceCreatePipelineLayout(bd->Device, &layout_desc);

    WGPUVertexAttribute attributes[3] = {};
    attributes[0].format = WGPUVertexFormat_Float32x2;
    attributes[0].offset = offsetof(ImDrawVert, pos);
    attributes[0].shaderLocation = 0;
    attributes[1].format = WGPUVertexFormat_Float32x2;
    attributes[1].offset = offsetof(ImDrawVert, uv);
    attributes[1].shaderLocation = 1;
    attributes[2].format = WGPUVertexFormat_Unorm8x4;
    attributes[2].offset = offsetof(ImDrawVert, col);
    attributes[2].shaderLocation = 2;
    WGPUVertexBufferLayout vertex_layout = {};
    vertex_layout.arrayStride = sizeof(ImDrawVert);
    vertex_layout.stepMode = WGPUVertexStepMode_Vertex;
    vertex_layout.attributeCount = 3;
    vertex_layout.attributes = attributes;

    // Premultiplied-style alpha for the destination: colour blends by source alpha, alpha accumulates coverage,
    // so a transparent target ends up with a meaningful alpha channel.
    WGPUBlendState blend = {};
    blend.color.operation = WGPUBlendOperation_Add;
    blend.color.srcFactor = WGPUBlendFactor_SrcAlpha;
    blend.color.dstFactor = WGPUBlendFactor_OneMinusSrcAlpha;
    blend.alpha.operation = WGPUBlendOperation_Add;
    blend.alpha.srcFactor = WGPUBlendFactor_One;
    blend.alpha.dstFactor = WGPUBlendFactor_OneMinusSrcAlpha;
    WGPUColorTargetState color_target = {};
    color_target.format = bd->InitInfo.RenderTargetFormat;
    color_target.blend = &blend;
    color_target.writeMask = WGPUColorWriteMask_All;

    WGPUFragmentState fragment = {};
    fragment.module = module;
    fragment.entryPoint = ImGui_ImplWGPU_String("fs_main");
    fragment.targetCount = 1;
    fragment.targets = &color_target;

    // ImGui draws in painter's order: depth is neither tested nor written, but the pipeline must match the pass.
    WGPUDepthStencilState depth_stencil = {};
    depth_stencil.format = bd->InitInfo.DepthStencilFormat;
    depth_stencil.depthWriteEnabled = WGPUOptionalBool_False;
    depth_stencil.depthCompare = WGPUCompareFunction_Always;
    depth_stencil.stencilFront.compare = WGPUCompareFunction_Always;
    depth_stencil.stencilFront.failOp = WGPUStencilOperation_Keep;
    depth_stencil.stencilFront.depthFailOp = WGPUStencilOperation_Keep;
    depth_stencil.stencilFront.passOp = WGPUStencilOperation_Keep;
    depth_stencil.stencilBack = depth_stencil.stencilFront;
    depth_stencil.stencilReadMask = 0xFFFFFFFF;
    depth_stencil.stencilWriteMask = 0;

    WGPURenderPipelineDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui");
    desc.layout = pipeline_layout;
    desc.vertex.module = module;
    desc.vertex.entryPoint = ImGui_ImplWGPU_String("vs_main");
    desc.vertex.bufferCount = 1;
    desc.vertex.buffers = &vertex_layout;
    desc.primitive.topology = WGPUPrimitiveTopology_TriangleList;
    desc.primitive.stripIndexFormat = WGPUIndexFormat_Undefined;
    desc.primitive.frontFace = WGPUFrontFace_CW;
    desc.primitive.cullMode = WGPUCullMode_None;
    desc.multisample = bd->InitInfo.PipelineMultisampleState;
    desc.depthStencil = (bd->InitInfo.DepthStencilFormat != WGPUTextureFormat_Undefined) ? &depth_stencil : nullptr;
    desc.fragment = &fragment;
    bd->Pipeline = wgpuDeviceCreateRenderPipeline(bd->Device, &desc);

    // The pipeline keeps what it needs.
    wgpuPipelineLayoutRelease(pipeline_layout);
    wgpuShaderModuleRelease(module);
}

static void ImGui_ImplWGPU_CreateSampler(ImGui_ImplWGPU_Data* bd)
{
    WGPUSamplerDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui");
    desc.addressModeU = WGPUAddressMode_ClampToEdge;
    desc.addressModeV = WGPUAddressMode_ClampToEdge;
    desc.addressModeW = WGPUAddressMode_ClampToEdge;
    desc.magFilter = WGPUFilterMode_Linear;
    desc.minFilter = WGPUFilterMode_Linear;
    desc.mipmapFilter = WGPUMipmapFilterMode_Linear;
    desc.lodMinClamp = 0.0f;
    desc.lodMaxClamp = 32.0f;
    desc.compare = WGPUCompareFunction_Undefined;
    desc.maxAnisotropy = 1;
    bd->Sampler = wgpuDeviceCreateSampler(bd->Device, &desc);
}

static void ImGui_ImplWGPU_CreateFontsTexture(ImGui_ImplWGPU_Data* bd)
{
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);

    WGPUTextureDescriptor tex_desc = {};
    tex_desc.label = ImGui_ImplWGPU_String("imgui font atlas");
    tex_desc.usage = WGPUTextureUsage_TextureBinding | WGPUTextureUsage_CopyDst;
    tex_desc.dimension = WGPUTextureDimension_2D;
    tex_desc.size.width = (uint32_t)width;
    tex_desc.size.height = (uint32_t)height;
    tex_desc.size.depthOrArrayLayers = 1;
    tex_desc.format = WGPUTextureFormat_RGBA8Unorm;
    tex_desc.mipLevelCount = 1;
    tex_desc.sampleCount = 1;
    bd->FontTexture = wgpuDeviceCreateTexture(bd->Device, &tex_desc);

    WGPUTexelCopyTextureInfo destination = {};
    destination.texture = bd->FontTexture;
    destination.mipLevel = 0;
    destination.aspect = WGPUTextureAspect_All;
    WGPUTexelCopyBufferLayout layout = {};
    layout.offset = 0;
    layout.bytesPerRow = (uint32_t)width * 4;
    layout.rowsPerImage = (uint32_t)height;
    wgpuQueueWriteTexture(bd->Queue, &destination, pixels, (size_t)width * height * 4, &layout, &tex_desc.size);

    bd->FontView = wgpuTextureCreateView(bd->FontTexture, nullptr);
    bd->FontBindGroup = ImGui_ImplWGPU_CreateImageBindGroup(bd, bd->FontView);
    io.Fonts->SetTexID(IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(bd->FontView));
}

bool ImGui_ImplWGPU_CreateDeviceObjects()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "CreateDeviceObjects() called before Init() or after Shutdown(); ignored.");
        return false;
    }
    if (bd->Pipeline)
        ImGui_ImplWGPU_InvalidateDeviceObjects();

    ImGui_ImplWGPU_CreateBindGroupLayouts(bd);
    ImGui_ImplWGPU_CreatePipeline(bd);
    ImGui_ImplWGPU_CreateSampler(bd);
    ImGui_ImplWGPU_CreateFontsTexture(bd);

    // Arena buffers are made on first use, sized by what the application draws.
    bd->Arenas.resize(bd->InitInfo.NumFramesInFlight);
    memset((void*)bd->Arenas.Data, 0, (size_t)bd->Arenas.size_in_bytes());
    bd->ArenaIndex = 0;
    return bd->Pipeline != nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] Init
//-----------------------------------------------------------------------------

bool ImGui_ImplWGPU_Init(ImGui_ImplWGPU_InitInfo* init_info)
{
    if (!ImGui::GetCurrentContext())
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_BadInitInfo, "Init() needs a current Dear ImGui context.");
        return false;
    }
    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplWGPU_Data* existing = ImGui_ImplWGPU_GetBackendData();
    if (existing || io.BackendRendererUserData)
    {
        ImGui_ImplWGPU_ReportError(existing, ImGui_ImplWGPU_Error_AlreadyInitialized, "Init() called while a renderer backend is already initialized; call Shutdown() first.");
        return false;
    }
    if (!init_info || !init_info->Device || init_info->RenderTargetFormat == WGPUTextureFormat_Undefined)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_BadInitInfo, "Init() needs InitInfo with a Device and a RenderTargetFormat.");
        return false;
    }

    ImGui_ImplWGPU_Data* bd = IM_NEW(ImGui_ImplWGPU_Data)();
    io.BackendRendererUserData = (void*)bd;
    io.BackendRendererName = "imgui_impl_wgpu (imwgpu)";
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // We can honor the ImDrawCmd::VtxOffset field, allowing for large meshes.

    bd->InitInfo = *init_info;
    if (bd->InitInfo.NumFramesInFlight < 1)
        bd->InitInfo.NumFramesInFlight = 1;
    if (bd->InitInfo.ImageCacheMaxUnusedFrames < 0)
        bd->InitInfo.ImageCacheMaxUnusedFrames = 0;
    bd->Device = init_info->Device;
    wgpuDeviceAddRef(bd->Device);
    bd->Queue = wgpuDeviceGetQueue(bd->Device);
    bd->Gamma = ImGui_ImplWGPU_IsSrgbFormat(init_info->RenderTargetFormat) ? 2.2f : 1.0f;

    // Limits that shape the upload arenas. Conservative WebGPU defaults if the query fails.
    WGPULimits limits = {};
    bd->UniformOffsetAlignment = 256;
    bd->MaxBufferSize = 256ull * 1024 * 1024;
    bd->MaxTextureDimension2D = 8192;
    if (wgpuDeviceGetLimits(bd->Device, &limits) == WGPUStatus_Success)
    {
        bd->UniformOffsetAlignment = limits.minUniformBufferOffsetAlignment;
        bd->MaxBufferSize = limits.maxBufferSize;
        bd->MaxTextureDimension2D = limits.maxTextureDimension2D;
    }
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] NewFrame: frame boundary and image cache eviction
//-----------------------------------------------------------------------------

static ImU32 ImGui_ImplWGPU_HashPointer(const void* ptr)
{
    // Full 64-bit mix of the address: keys are compared as whole pointers, the hash only picks the first slot.
    uint64_t x = (uint64_t)(uintptr_t)ptr;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (ImU32)x;
}

static void ImGui_ImplWGPU_InsertImageSlot(ImGui_ImplWGPU_Data* bd, int entry_index)
{
    const int mask = bd->ImageSlots.Size - 1;
    int slot = (int)(ImGui_ImplWGPU_HashPointer(bd->ImageEntries[entry_index].View) & (ImU32)mask);
    while (bd->ImageSlots[slot] >= 0)
        slot = (slot + 1) & mask;
    bd->ImageSlots[slot] = entry_index;
}

// Rebuilds the index, with room for 'min_entries' at a load factor of at most 1/2.
static void ImGui_ImplWGPU_RebuildImageSlots(ImGui_ImplWGPU_Data* bd, int min_entries)
{
    int size = 64;
    while (size < min_entries * 2)
        size *= 2;
    bd->ImageSlots.resize(size);
    for (int i = 0; i < size; i++)
        bd->ImageSlots[i] = -1;
    for (int i = 0; i < bd->ImageEntries.Size; i++)
        ImGui_ImplWGPU_InsertImageSlot(bd, i);
}

static int ImGui_ImplWGPU_FindImage(const ImGui_ImplWGPU_Data* bd, WGPUTextureView view)
{
    if (bd->ImageSlots.Size == 0)
        return -1;
    const int mask = bd->ImageSlots.Size - 1;
    for (int slot = (int)(ImGui_ImplWGPU_HashPointer(view) & (ImU32)mask); ; slot = (slot + 1) & mask)
    {
        const int entry_index = bd->ImageSlots[slot];
        if (entry_index < 0 || bd->ImageEntries[entry_index].View == view)
            return entry_index;
    }
}

static void ImGui_ImplWGPU_ReleaseImageEntry(ImGui_ImplWGPU_ImageEntry* entry)
{
    wgpuBindGroupRelease(entry->BindGroup);
    wgpuTextureViewRelease(entry->View);
}

static void ImGui_ImplWGPU_ReleaseAllImages(ImGui_ImplWGPU_Data* bd)
{
    for (ImGui_ImplWGPU_ImageEntry& entry : bd->ImageEntries)
        ImGui_ImplWGPU_ReleaseImageEntry(&entry);
    bd->ImageEntries.resize(0);
    bd->ImageSlots.resize(0);
}

// Releases the entries not used for more than ImageCacheMaxUnusedFrames frames. Releasing the view reference lets
// the application's released textures finally go; a bind group still used by a pass in flight stays alive in WebGPU.
static void ImGui_ImplWGPU_EvictUnusedImages(ImGui_ImplWGPU_Data* bd)
{
    const uint64_t max_unused = (uint64_t)bd->InitInfo.ImageCacheMaxUnusedFrames;
    int kept = 0;
    for (int i = 0; i < bd->ImageEntries.Size; i++)
    {
        ImGui_ImplWGPU_ImageEntry& entry = bd->ImageEntries[i];
        if (bd->FrameIndex - entry.LastUsedFrame > max_unused)
        {
            ImGui_ImplWGPU_ReleaseImageEntry(&entry);
            bd->Stats.ImageCacheEvictionsTotal++;
            bd->Stats.ImageCacheEvictionsThisFrame++;
            continue;
        }
        bd->ImageEntries[kept++] = entry;
    }
    if (kept == bd->ImageEntries.Size)
        return;
    bd->ImageEntries.resize(kept);
    ImGui_ImplWGPU_RebuildImageSlots(bd, kept);
}

void ImGui_ImplWGPU_NewFrame()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "NewFrame() called before Init() or after Shutdown(); ignored.");
        return;
    }
    if (!bd->Pipeline && !bd->DeviceLost)
        ImGui_ImplWGPU_CreateDeviceObjects();

    // Keep the finished frame's figures for the debug window, then start counting anew.
    ImGui_ImplWGPU_GetStats(&bd->PreviousFrameStats);
    bd->BindGroupsHistory[bd->HistoryOffset] = (float)bd->Stats.BindGroupsCreatedThisFrame;
    bd->UploadKiBHistory[bd->HistoryOffset] = (float)bd->Stats.UploadBytesThisFrame / 1024.0f;
    bd->HistoryOffset = (bd->HistoryOffset + 1) % IMGUI_IMPL_WGPU_HISTORY_SIZE;
    bd->Stats.BindGroupsCreatedThisFrame = 0;
    bd->Stats.ImageCacheEvictionsThisFrame = 0;
    bd->Stats.RenderCallsThisFrame = 0;
    bd->Stats.DrawCallsThisFrame = 0;
    bd->Stats.DrawsSkippedThisFrame = 0;
    bd->Stats.UploadBytesThisFrame = 0;

    bd->FrameIndex++;
    if (bd->Arenas.Size > 0)
    {
        bd->ArenaIndex = (bd->ArenaIndex + 1) % bd->Arenas.Size;
        bd->Arenas[bd->ArenaIndex].Used = 0;
    }
    ImGui_ImplWGPU_EvictUnusedImages(bd);
}

//-----------------------------------------------------------------------------
// [SECTION] RenderDrawData
//-----------------------------------------------------------------------------

// The bind group for one ImTextureID. Cached images are stamped with the current frame; a miss pins the view.
static WGPUBindGroup ImGui_ImplWGPU_GetImageBindGroup(ImGui_ImplWGPU_Data* bd, WGPUTextureView view)
{
    if (view == bd->FontView && !bd->InitInfo.RecreateImageBindGroupsEveryCall)
        return bd->FontBindGroup;
    int entry_index = ImGui_ImplWGPU_FindImage(bd, view);
    if (entry_index >= 0)
    {
        bd->ImageEntries[entry_index].LastUsedFrame = bd->FrameIndex;
        return bd->ImageEntries[entry_index].BindGroup;
    }
    ImGui_ImplWGPU_ImageEntry entry;
    entry.View = view;
    wgpuTextureViewAddRef(view);
    entry.BindGroup = ImGui_ImplWGPU_CreateImageBindGroup(bd, view);
    entry.LastUsedFrame = bd->FrameIndex;
    bd->ImageEntries.push_back(entry);
    if (bd->ImageEntries.Size * 2 > bd->ImageSlots.Size)
        ImGui_ImplWGPU_RebuildImageSlots(bd, bd->ImageEntries.Size);
    else
        ImGui_ImplWGPU_InsertImageSlot(bd, bd->ImageEntries.Size - 1);
    return entry.BindGroup;
}

static uint64_t ImGui_ImplWGPU_AlignUp(uint64_t value, uint64_t alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

// Replaces a full arena with one that holds everything this frame has needed so far, plus this call, with room to
// grow: the next frame that uses this arena then fits without reallocating. The old buffer is released, not
// destroyed: passes recorded earlier this frame still read it until their command buffer is done.
static bool ImGui_ImplWGPU_GrowArena(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_UploadArena* arena, uint64_t call_bytes)
{
    uint64_t needed = ImGui_ImplWGPU_AlignUp(arena->Used, bd->UniformOffsetAlignment) + call_bytes;
    uint64_t capacity = arena->Capacity ? arena->Capacity : IMGUI_IMPL_WGPU_INITIAL_ARENA_SIZE;
    while (capacity < needed * 3 / 2)
        capacity *= 2;
    if (capacity > bd->MaxBufferSize)
        capacity = bd->MaxBufferSize & ~(uint64_t)3;
    if (capacity < call_bytes)
        return false;

    if (arena->Buffer)
    {
        wgpuBindGroupRelease(arena->UniformBindGroup);
        wgpuBufferRelease(arena->Buffer);
        bd->Stats.UploadArenaCapacity -= arena->Capacity;
        bd->Stats.UploadArenaReallocationsTotal++;
    }
    WGPUBufferDescriptor buffer_desc = {};
    buffer_desc.label = ImGui_ImplWGPU_String("imgui upload arena");
    buffer_desc.usage = WGPUBufferUsage_CopyDst | WGPUBufferUsage_Vertex | WGPUBufferUsage_Index | WGPUBufferUsage_Uniform;
    buffer_desc.size = capacity;
    arena->Buffer = wgpuDeviceCreateBuffer(bd->Device, &buffer_desc);
    arena->Capacity = capacity;
    arena->Used = 0;
    bd->Stats.UploadArenaCapacity += capacity;

    WGPUBindGroupEntry entries[2] = {};
    entries[0].binding = 0;
    entries[0].buffer = arena->Buffer;
    entries[0].offset = 0;
    entries[0].size = IMGUI_IMPL_WGPU_UNIFORM_SIZE;
    entries[1].binding = 1;
    entries[1].sampler = bd->Sampler;
    WGPUBindGroupDescriptor bg_desc = {};
    bg_desc.label = ImGui_ImplWGPU_String("imgui uniforms");
    bg_desc.layout = bd->UniformLayout;
    bg_desc.entryCount = 2;
    bg_desc.entries = entries;
    arena->UniformBindGroup = wgpuDeviceCreateBindGroup(bd->Device, &bg_desc);
    bd->Stats.BindGroupsCreatedTotal++;
    bd->Stats.BindGroupsCreatedThisFrame++;
    return true;
}

// Copies the call's uniforms, vertices and indices into one staging block and uploads it into a fresh region
// of the current arena. Returns false (and reports) when the draw data cannot fit in any buffer of this device.
static bool ImGui_ImplWGPU_UploadDrawData(ImGui_ImplWGPU_Data* bd, ImDrawData* draw_data, uint64_t vertex_count, uint64_t index_count, ImGui_ImplWGPU_CallRegion* region)
{
    const uint64_t vertex_bytes = vertex_count * sizeof(ImDrawVert);
    const uint64_t index_bytes = index_count * sizeof(ImDrawIdx);
    const uint64_t call_bytes = IMGUI_IMPL_WGPU_UNIFORM_SIZE + vertex_bytes + ImGui_ImplWGPU_AlignUp(index_bytes, 4);
    if (call_bytes > bd->MaxBufferSize || call_bytes > (uint64_t)INT_MAX)
    {
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_DrawDataTooLarge, "draw data needs %llu bytes, more than the device's maxBufferSize (%llu); frame not drawn.",
            (unsigned long long)call_bytes, (unsigned long long)bd->MaxBufferSize);
        return false;
    }

    ImGui_ImplWGPU_UploadArena* arena = &bd->Arenas[bd->ArenaIndex];
    uint64_t base = ImGui_ImplWGPU_AlignUp(arena->Used, bd->UniformOffsetAlignment);
    if (!arena->Buffer || base + call_bytes > arena->Capacity)
    {
        if (!ImGui_ImplWGPU_GrowArena(bd, arena, call_bytes))
        {
            ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_DrawDataTooLarge, "no upload buffer of %llu bytes fits this device; frame not drawn.", (unsigned long long)call_bytes);
            return false;
        }
        base = 0;
    }

    // Orthographic projection: DisplayPos is the top-left, (DisplayPos + DisplaySize) the bottom-right of the target.
    const float L = draw_data->DisplayPos.x;
    const float R = draw_data->DisplayPos.x + draw_data->DisplaySize.x;
    const float T = draw_data->DisplayPos.y;
    const float B = draw_data->DisplayPos.y + draw_data->DisplaySize.y;
    const float uniforms[20] =
    {
        2.0f / (R - L),     0.0f,               0.0f,   0.0f,
        0.0f,               2.0f / (T - B),     0.0f,   0.0f,
        0.0f,               0.0f,               0.5f,   0.0f,
        (R + L) / (L - R),  (T + B) / (B - T),  0.5f,   1.0f,
        bd->Gamma,          0.0f,               0.0f,   0.0f,
    };
    static_assert(sizeof(uniforms) == IMGUI_IMPL_WGPU_UNIFORM_SIZE, "uniform block layout");

    bd->Staging.resize((int)call_bytes);
    unsigned char* dst = bd->Staging.Data;
    memcpy(dst, uniforms, sizeof(uniforms));
    unsigned char* vtx_dst = dst + IMGUI_IMPL_WGPU_UNIFORM_SIZE;
    unsigned char* idx_dst = vtx_dst + vertex_bytes;
    for (int n = 0; n < draw_data->CmdListsCount; n++)
    {
        const ImDrawList* draw_list = draw_data->CmdLists[n];
        if (!draw_list)
            continue;
        memcpy(vtx_dst, draw_list->VtxBuffer.Data, (size_t)draw_list->VtxBuffer.size_in_bytes());
        memcpy(idx_dst, draw_list->IdxBuffer.Data, (size_t)draw_list->IdxBuffer.size_in_bytes());
        vtx_dst += draw_list->VtxBuffer.size_in_bytes();
        idx_dst += draw_list->IdxBuffer.size_in_bytes();
    }
    memset(idx_dst, 0, (size_t)(dst + call_bytes - idx_dst));     // padding of an odd index count
    wgpuQueueWriteBuffer(bd->Queue, arena->Buffer, base, dst, (size_t)call_bytes);
    arena->Used = base + call_bytes;
    bd->Stats.UploadBytesThisFrame += call_bytes;

    region->Buffer = arena->Buffer;
    region->UniformBindGroup = arena->UniformBindGroup;
    region->UniformOffset = (uint32_t)base;
    region->VertexOffset = base + IMGUI_IMPL_WGPU_UNIFORM_SIZE;
    region->VertexSize = vertex_bytes;
    region->IndexOffset = region->VertexOffset + vertex_bytes;
    region->IndexSize = index_bytes;
    return true;
}

static void ImGui_ImplWGPU_SetupRenderState(ImGui_ImplWGPU_Data* bd, WGPURenderPassEncoder pass, const ImGui_ImplWGPU_CallRegion& region, uint32_t fb_width, uint32_t fb_height)
{
    wgpuRenderPassEncoderSetViewport(pass, 0.0f, 0.0f, (float)fb_width, (float)fb_height, 0.0f, 1.0f);
    wgpuRenderPassEncoderSetVertexBuffer(pass, 0, region.Buffer, region.VertexOffset, region.VertexSize);
    wgpuRenderPassEncoderSetIndexBuffer(pass, region.Buffer, sizeof(ImDrawIdx) == 2 ? WGPUIndexFormat_Uint16 : WGPUIndexFormat_Uint32, region.IndexOffset, region.IndexSize);
    wgpuRenderPassEncoderSetPipeline(pass, bd->Pipeline);
    wgpuRenderPassEncoderSetBindGroup(pass, 0, region.UniformBindGroup, 1, &region.UniformOffset);
}

void ImGui_ImplWGPU_RenderDrawData(ImDrawData* draw_data, WGPURenderPassEncoder pass_encoder)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "RenderDrawData() called before Init() or after Shutdown(); ignored.");
        return;
    }
    if (!pass_encoder)
    {
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_NullPassEncoder, "RenderDrawData() called with a null pass encoder; ignored.");
        return;
    }
    // No draw data, or nothing to draw: a no-op.
    if (!draw_data || draw_data->CmdListsCount <= 0)
        return;

    // A lost device accepts every call and draws nothing: stop here until Shutdown() and Init() on a new device.
    if (bd->DeviceLost)
        return;

    // The viewport comes from the integer framebuffer size, which must be the render target's size (WebGPU rejects
    // a viewport or scissor larger than the target). Zero, negative and NaN sizes draw nothing; a size larger than
    // any texture of this device cannot match the target, so the frame is dropped with an error.
    const float fb_width_f = draw_data->DisplaySize.x * draw_data->FramebufferScale.x;
    const float fb_height_f = draw_data->DisplaySize.y * draw_data->FramebufferScale.y;
    if (!(fb_width_f >= 1.0f) || !(fb_height_f >= 1.0f))
        return;
    const float max_dim = (float)bd->MaxTextureDimension2D;
    if (!(fb_width_f <= max_dim) || !(fb_height_f <= max_dim))
    {
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_DisplayTooLarge, "framebuffer size %.0fx%.0f is larger than any render target of this device (%u); frame not drawn.",
            fb_width_f, fb_height_f, bd->MaxTextureDimension2D);
        return;
    }
    const uint32_t fb_width = (uint32_t)fb_width_f;
    const uint32_t fb_height = (uint32_t)fb_height_f;

    if (!bd->Pipeline && !ImGui_ImplWGPU_CreateDeviceObjects())
        return;

    // Count what the lists really hold (TotalVtxCount/TotalIdxCount are not trusted for the memory layout).
    uint64_t vertex_count = 0, index_count = 0;
    for (int n = 0; n < draw_data->CmdListsCount; n++)
        if (const ImDrawList* draw_list = draw_data->CmdLists[n])
        {
            vertex_count += (uint64_t)draw_list->VtxBuffer.Size;
            index_count += (uint64_t)draw_list->IdxBuffer.Size;
        }
    if (vertex_count == 0 || index_count == 0)
        return;

    ImGui_ImplWGPU_CallRegion region;
    if (!ImGui_ImplWGPU_UploadDrawData(bd, draw_data, vertex_count, index_count, &region))
        return;
    ImGui_ImplWGPU_SetupRenderState(bd, pass_encoder, region, fb_width, fb_height);
    bd->Stats.RenderCallsThisFrame++;

    bd->RenderState.Device = bd->Device;
    bd->RenderState.RenderPassEncoder = pass_encoder;

    // Project scissor/clipping rectangles into framebuffer space.
    const ImVec2 clip_off = draw_data->DisplayPos;
    const ImVec2 clip_scale = draw_data->FramebufferScale;
    WGPUTextureView bound_view = nullptr;
    uint32_t global_vtx_offset = 0;
    uint32_t global_idx_offset = 0;
    for (int n = 0; n < draw_data->CmdListsCount; n++)
    {
        const ImDrawList* draw_list = draw_data->CmdLists[n];
        if (!draw_list)
            continue;
        for (int cmd_i = 0; cmd_i < draw_list->CmdBuffer.Size; cmd_i++)
        {
            const ImDrawCmd* pcmd = &draw_list->CmdBuffer[cmd_i];
            if (pcmd->UserCallback != nullptr)
            {
                // ImDrawCallback_ResetRenderState is a special value used by the user to request the renderer to reset render state.
                if (pcmd->UserCallback == ImDrawCallback_ResetRenderState)
                    ImGui_ImplWGPU_SetupRenderState(bd, pass_encoder, region, fb_width, fb_height);
                else
                    pcmd->UserCallback(draw_list, pcmd);
                bound_view = nullptr;   // the callback may have bound another group 1
                continue;
            }
            if (pcmd->ElemCount == 0)
                continue;
            if ((uint64_t)pcmd->IdxOffset + pcmd->ElemCount > (uint64_t)draw_list->IdxBuffer.Size)
            {
                bd->Stats.DrawsSkippedThisFrame++;
                ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_BadIndexRange, "draw command reads indices past its draw list; command skipped.");
                continue;
            }

            // Clamp to the framebuffer; NaN and empty rectangles skip the command (every comparison with NaN is false).
            float clip_min_x = (pcmd->ClipRect.x - clip_off.x) * clip_scale.x;
            float clip_min_y = (pcmd->ClipRect.y - clip_off.y) * clip_scale.y;
            float clip_max_x = (pcmd->ClipRect.z - clip_off.x) * clip_scale.x;
            float clip_max_y = (pcmd->ClipRect.w - clip_off.y) * clip_scale.y;
            if (!(clip_min_x > 0.0f)) clip_min_x = 0.0f;
            if (!(clip_min_y > 0.0f)) clip_min_y = 0.0f;
            if (clip_max_x > (float)fb_width) clip_max_x = (float)fb_width;
            if (clip_max_y > (float)fb_height) clip_max_y = (float)fb_height;
            if (!(clip_max_x > clip_min_x) || !(clip_max_y > clip_min_y))
            {
                bd->Stats.DrawsSkippedThisFrame++;
                continue;
            }

            // A null texture must not draw with whatever image was bound before.
            WGPUTextureView view = IMGUI_IMPL_WGPU_VIEW_FROM_TEXID(pcmd->GetTexID());
            if (!view)
            {
                bd->Stats.DrawsSkippedThisFrame++;
                ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_NullTexture, "draw command with a null ImTextureID; command skipped.");
                continue;
            }
            if (view != bound_view)
            {
                wgpuRenderPassEncoderSetBindGroup(pass_encoder, 1, ImGui_ImplWGPU_GetImageBindGroup(bd, view), 0, nullptr);
                bound_view = view;
            }

            const uint32_t x = (uint32_t)clip_min_x;
            const uint32_t y = (uint32_t)clip_min_y;
            wgpuRenderPassEncoderSetScissorRect(pass_encoder, x, y, (uint32_t)clip_max_x - x, (uint32_t)clip_max_y - y);
            wgpuRenderPassEncoderDrawIndexed(pass_encoder, pcmd->ElemCount, 1, pcmd->IdxOffset + global_idx_offset, (int32_t)(pcmd->VtxOffset + global_vtx_offset), 0);
            bd->Stats.DrawCallsThisFrame++;
        }
        global_idx_offset += (uint32_t)draw_list->IdxBuffer.Size;
        global_vtx_offset += (uint32_t)draw_list->VtxBuffer.Size;
    }

    bd->RenderState.Device = nullptr;
    bd->RenderState.RenderPassEncoder = nullptr;

    // Upstream's policy, kept for comparison: every image bind group lives for one call only.
    if (bd->InitInfo.RecreateImageBindGroupsEveryCall)
        ImGui_ImplWGPU_ReleaseAllImages(bd);
}

void ImGui_ImplWGPU_NotifyDeviceLost()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "NotifyDeviceLost() called before Init() or after Shutdown(); ignored.");
        return;
    }
    if (bd->DeviceLost)
        return;
    bd->DeviceLost = true;
    ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_DeviceLost, "device lost: nothing more is drawn; call Shutdown(), then Init() with a new device.");
}

ImGui_ImplWGPU_RenderState* ImGui_ImplWGPU_GetRenderState()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    return (bd && bd->RenderState.RenderPassEncoder) ? &bd->RenderState : nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] InvalidateDeviceObjects, Shutdown
//-----------------------------------------------------------------------------

template<typename T> static void ImGui_ImplWGPU_SafeRelease(T& handle, void (*release)(T))
{
    if (handle)
        release(handle);
    handle = nullptr;
}

void ImGui_ImplWGPU_InvalidateDeviceObjects()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "InvalidateDeviceObjects() called before Init() or after Shutdown(); ignored.");
        return;
    }
    ImGui_ImplWGPU_ReleaseAllImages(bd);
    for (ImGui_ImplWGPU_UploadArena& arena : bd->Arenas)
    {
        ImGui_ImplWGPU_SafeRelease(arena.UniformBindGroup, wgpuBindGroupRelease);
        ImGui_ImplWGPU_SafeRelease(arena.Buffer, wgpuBufferRelease);
    }
    bd->Arenas.resize(0);
    bd->Stats.UploadArenaCapacity = 0;

    ImGui_ImplWGPU_SafeRelease(bd->FontBindGroup, wgpuBindGroupRelease);
    ImGui_ImplWGPU_SafeRelease(bd->FontView, wgpuTextureViewRelease);
    ImGui_ImplWGPU_SafeRelease(bd->FontTexture, wgpuTextureRelease);
    ImGui_ImplWGPU_SafeRelease(bd->Sampler, wgpuSamplerRelease);
    ImGui_ImplWGPU_SafeRelease(bd->Pipeline, wgpuRenderPipelineRelease);
    ImGui_ImplWGPU_SafeRelease(bd->ImageLayout, wgpuBindGroupLayoutRelease);
    ImGui_ImplWGPU_SafeRelease(bd->UniformLayout, wgpuBindGroupLayoutRelease);
    ImGui::GetIO().Fonts->SetTexID(IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(nullptr));
}

void ImGui_ImplWGPU_Shutdown()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "Shutdown() called before Init() or twice; ignored.");
        return;
    }
    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplWGPU_InvalidateDeviceObjects();
    wgpuQueueRelease(bd->Queue);
    wgpuDeviceRelease(bd->Device);
    io.BackendRendererName = nullptr;
    io.BackendRendererUserData = nullptr;
    io.BackendFlags &= ~ImGuiBackendFlags_RendererHasVtxOffset;
    IM_DELETE(bd);
}

//-----------------------------------------------------------------------------
// [SECTION] Stats and debug window
//-----------------------------------------------------------------------------

bool ImGui_ImplWGPU_GetStats(ImGui_ImplWGPU_Stats* out_stats)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!out_stats)
        return false;
    if (!bd)
    {
        memset(out_stats, 0, sizeof(*out_stats));
        return false;
    }
    *out_stats = bd->Stats;
    out_stats->FrameIndex = bd->FrameIndex;
    out_stats->ImageCacheEntries = (uint32_t)bd->ImageEntries.Size;
    out_stats->DeviceLost = bd->DeviceLost;
    return true;
}

const char* ImGui_ImplWGPU_GetLastError()
{
    return g_ImplWGPU_LastError;
}

void ImGui_ImplWGPU_ShowDebugWindow(bool* p_open)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!ImGui::Begin("imgui_impl_wgpu", p_open))
    {
        ImGui::End();
        return;
    }
    if (!bd)
    {
        ImGui::TextUnformatted("Renderer backend not initialized.");
        ImGui::End();
        return;
    }
    const ImGui_ImplWGPU_Stats& s = bd->PreviousFrameStats;
    ImGui::Text("Frame %llu, %d frame(s) in flight; figures of the previous frame", (unsigned long long)bd->FrameIndex, bd->InitInfo.NumFramesInFlight);
    ImGui::Text("Bind groups created: %u this frame, %llu total", s.BindGroupsCreatedThisFrame, (unsigned long long)s.BindGroupsCreatedTotal);
    ImGui::PlotLines("##bind_groups", bd->BindGroupsHistory, IMGUI_IMPL_WGPU_HISTORY_SIZE, bd->HistoryOffset, "bind groups created per frame", 0.0f, FLT_MAX, ImVec2(0, 40));
    ImGui::Text("Image cache: %u entries, %llu evictions (%u this frame), evicted after %d unused frames",
        s.ImageCacheEntries, (unsigned long long)s.ImageCacheEvictionsTotal, s.ImageCacheEvictionsThisFrame, bd->InitInfo.ImageCacheMaxUnusedFrames);
    ImGui::Text("Render calls: %u, draws: %u, skipped: %u", s.RenderCallsThisFrame, s.DrawCallsThisFrame, s.DrawsSkippedThisFrame);
    ImGui::Text("Uploaded: %.1f KiB this frame", (double)s.UploadBytesThisFrame / 1024.0);
    ImGui::PlotLines("##upload", bd->UploadKiBHistory, IMGUI_IMPL_WGPU_HISTORY_SIZE, bd->HistoryOffset, "KiB uploaded per frame", 0.0f, FLT_MAX, ImVec2(0, 40));
    ImGui::Text("Upload arenas: %.1f KiB, %llu reallocations", (double)s.UploadArenaCapacity / 1024.0, (unsigned long long)s.UploadArenaReallocationsTotal);
    if (bd->DeviceLost)
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "Device lost: nothing is drawn until Shutdown() and Init() on a new device.");
    ImGui::Text("Errors reported: %llu%s%s", (unsigned long long)s.ErrorsReported, g_ImplWGPU_LastError[0] ? ", last: " : "", g_ImplWGPU_LastError);
    ImGui::End();
}

//-----------------------------------------------------------------------------

#endif // #ifndef IMGUI_DISABLE
