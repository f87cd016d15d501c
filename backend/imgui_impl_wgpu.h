// dear imgui: Renderer Backend for WebGPU (imwgpu)
// A drop-in replacement for Dear ImGui's own imgui_impl_wgpu.h/.cpp: same entry points, same InitInfo.
// This needs to be used along with a Platform Backend (e.g. GLFW).

// Implemented features:
//  [X] Renderer: User texture binding. Use 'WGPUTextureView' as ImTextureID. Read the FAQ about ImTextureID!
//  [X] Renderer: Large meshes support (64k+ vertices) with 16-bit indices (ImGuiBackendFlags_RendererHasVtxOffset).
//  [X] Renderer: Any number of RenderDrawData() calls before one queue submit, each with its own vertex/index/uniform
//                memory: a frame's calls (since NewFrame()) take regions of one upload arena that nothing writes again
//                before the next NewFrame(); a call the arena cannot take gets a buffer of its own, released once encoded.
//                Memory stays bounded for any pattern, redrawing retained draw data without NewFrame() included.
//  [X] Renderer: Uploads with one CPU copy per byte: large vertex/index arrays go from the draw list to
//                wgpuQueueWriteBuffer() directly; small ones are gathered and written together (in Firefox, in writes of
//                less than 1 KiB, which it sends inside its messages: InitInfo.UploadWriteMaxBytes). One upload arena of
//                about 1.5 times a frame's data, whatever NumFramesInFlight says. A call of 4 MiB or more
//                (InitInfo.MappedUploadMinBytes) is copied into a buffer the backend maps itself, and moved into the
//                arena by a copy the backend submits: WebGPU's write path would get new upload memory every frame. One
//                such buffer (1.25 times the call) per frame the GPU may still be copying from, up to
//                NumFramesInFlight; when all are in use (or WebGPU never gets to map them again: it does while the
//                application submits, waits or processes events), large calls are written as small ones are.
//  [X] Renderer: Pinned image cache: an image's bind group is made once and kept while the image is in use;
//                the cached WGPUTextureView is AddRef'd, so its address can never be handed to another view
//                while the cache refers to it (no stale bind group, no use-after-free).
//  [X] Renderer: Texture updates for the dynamic font atlas of Dear ImGui 1.92+ (ImGuiBackendFlags_RendererHasTextures),
//                selected at compile time; Alpha8 atlases are kept as R8Unorm. Dear ImGui 1.86 to 1.91 use the static atlas.
//  [X] Renderer: Per-image sampling (linear/nearest, clamp/repeat, mipmaps) and images upstream cannot show (depth,
//                unfilterable float), through ImGui_ImplWGPU_AddImage(); textures made for you (CreateTexture).
//  [X] Renderer: Standard sampler draw callbacks (DrawCallback_SetSamplerLinear/Nearest; in platform_io on 1.92.8+).
//  [X] Renderer: Counters a user can read (ImGui_ImplWGPU_GetStats) and show (ImGui_ImplWGPU_ShowDebugWindow).
//  [X] Renderer: Multi-viewport support (multiple windows), with Dear ImGui's docking branch (IMGUI_HAS_VIEWPORT):
//                set InitInfo.CreateViewportSurface, since WebGPU cannot make a surface from a platform window by itself.

// What differs from upstream, and why:
// - Image bind groups are cached, keyed by the full view pointer, and the view is pinned (AddRef) while cached.
//   An entry not drawn for more than 'ImageCacheMaxUnusedFrames' frames (default 1) is released with its view reference,
//   or at once by RemoveImage() of the view: a render target the application replaces every frame and releases after
//   its submit keeps at most two alive. An image that comes back after a frame not drawn costs one bind group again.
//   Upstream recreates every image bind group in every RenderDrawData() (correct, but N creations per call).
// - The font atlas bind group is owned by the backend directly, never through the image cache.
// - Upload memory is one arena, not one set of buffers per frame in flight (upstream: more than NumFramesInFlight calls
//   before one submit draw other calls' data). Any number of calls keep their own regions until the next NewFrame(),
//   which must come after the previous frame's submit: that is how the backend knows the regions are free again.
// - A call of 4 MiB or more (InitInfo.MappedUploadMinBytes) submits a command buffer of its own on the device's queue,
//   before the application's: one copy from a buffer the backend maps, instead of wgpuQueueWriteBuffer() (see above).
// - A null ImTextureID skips the draw and reports it once, instead of drawing with the previous image.
// - No IMGUI_IMPL_WEBGPU_BACKEND_DAWN/_WGPU/_WGVK define is needed (upstream needs one on native targets); any is accepted.
// - GetDeviceLostReasonName() and GetErrorTypeName() are declared whatever the define (upstream: Dawn and WGVK only).
// - IsSurfaceStatusError() is true for every status that is not a success, Timeout, Outdated or Lost: also for the
//   OutOfMemory/DeviceLost of older headers and for 0 (a WGPUSurfaceTexture never filled); upstream names values per define.
// - The Get*Name() helpers name every value of their enum ("Null", "Undefined", "NoError", "Off"), where upstream says "Unknown".
// - CreateWGPUSurfaceHelper() returns nullptr and reports an error (GetLastError) for a bad or unsupported info, where
//   upstream asserts, dereferences a null info or System, or returns nullptr silently.
// - DebugPrintAdapterInfo() prints one line saying so for a null adapter, where upstream calls WebGPU with it.
// - Multi-viewport (docking branch): upstream's WebGPU backend has none; here each secondary viewport gets a surface
//   from InitInfo.CreateViewportSurface and shares the image cache and upload arena with the main viewport.
// - InvalidateDeviceObjects() keeps added images and textures made by CreateTexture() (their bind groups are remade).
// - A second ImTextureStatus_WantCreate for a texture the backend already made replaces it (upstream asserts).
// - A user callback's pipeline stays for the following images of its sample type; another sample type sets its own.

// The file you copy into your tree: this header and imgui_impl_wgpu.cpp. Dependencies: imgui.h and webgpu/webgpu.h.

#pragma once
#include "imgui.h"          // IMGUI_IMPL_API
#ifndef IMGUI_DISABLE

//-----------------------------------------------------------------------------
// [SECTION] WebGPU implementations
//-----------------------------------------------------------------------------
// The backend is written against the standard webgpu.h (webgpu-native/webgpu-headers) and needs no define: the same
// source builds with Dawn, wgpu-native, WGVK and emdawnwebgpu. Upstream's defines are accepted, so a build set up for upstream's backend
// builds this one unchanged: IMGUI_IMPL_WEBGPU_BACKEND_DAWN, IMGUI_IMPL_WEBGPU_BACKEND_WGPU (also pulls in
// <webgpu/wgpu.h> and ImGui_ImplWGPU_GetLogLevelName(), as upstream does), IMGUI_IMPL_WEBGPU_BACKEND_WGVK. So are the WEBGPU_BACKEND_* defines of
// eliemichel's WebGPU-distribution, mapped onto them here. Emscripten is supported through emdawnwebgpu
// ('--use-port=emdawnwebgpu'), which is Dawn's API; the obsolete '-sUSE_WEBGPU=1' header is not.
// What differs between implementations at the source level lives in this section and the one at the top of
// imgui_impl_wgpu.cpp. The README's "WebGPU implementations" section lists what was built and run.
#if defined(WEBGPU_BACKEND_DAWN) && !defined(IMGUI_IMPL_WEBGPU_BACKEND_DAWN)
#define IMGUI_IMPL_WEBGPU_BACKEND_DAWN
#endif
#if defined(WEBGPU_BACKEND_EMSCRIPTEN) && !defined(IMGUI_IMPL_WEBGPU_BACKEND_DAWN)
#define IMGUI_IMPL_WEBGPU_BACKEND_DAWN      // WebGPU-distribution's Emscripten flavour: emdawnwebgpu
#endif
#if defined(WEBGPU_BACKEND_WGPU) && !defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU)
#define IMGUI_IMPL_WEBGPU_BACKEND_WGPU
#endif
// On Emscripten, as upstream, DAWN is the default, so that code testing the define takes the emdawnwebgpu path.
#if defined(__EMSCRIPTEN__) && !defined(IMGUI_IMPL_WEBGPU_BACKEND_DAWN) && !defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU) && !defined(IMGUI_IMPL_WEBGPU_BACKEND_WGVK)
#define IMGUI_IMPL_WEBGPU_BACKEND_DAWN
#endif
#if (defined(IMGUI_IMPL_WEBGPU_BACKEND_DAWN) + defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU) + defined(IMGUI_IMPL_WEBGPU_BACKEND_WGVK)) > 1
#error "At most one of IMGUI_IMPL_WEBGPU_BACKEND_DAWN, IMGUI_IMPL_WEBGPU_BACKEND_WGPU, IMGUI_IMPL_WEBGPU_BACKEND_WGVK may be defined."
#endif
#if defined(__EMSCRIPTEN__) && defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU)
#error "The obsolete Emscripten header of -sUSE_WEBGPU=1 is not supported: use --use-port=emdawnwebgpu (IMGUI_IMPL_WEBGPU_BACKEND_DAWN)."
#endif

#include <webgpu/webgpu.h>
#if defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU) && !defined(__EMSCRIPTEN__)
#include <webgpu/wgpu.h>    // wgpu-native's extensions (WGPULogLevel...), included by upstream's header too
#endif
#include <stdint.h>

// Initialization data, for ImGui_ImplWGPU_Init()
struct ImGui_ImplWGPU_InitInfo
{
    WGPUDevice              Device = nullptr;
    int                     NumFramesInFlight = 3;                          // NewFrame() calls after which RemoveImage()/DestroyTexture() take effect, and the most mapped buffers for large calls (MappedUploadMinBytes); >= 1. The upload arena does not depend on it
    WGPUTextureFormat       RenderTargetFormat = WGPUTextureFormat_Undefined;
    WGPUTextureFormat       DepthStencilFormat = WGPUTextureFormat_Undefined;
    WGPUMultisampleState    PipelineMultisampleState = {};

    // imwgpu additions (zero-cost to ignore: the defaults are what most applications want)
    int                     ImageCacheMaxUnusedFrames = 1;                  // An image not drawn for more than this many frames is released (its bind groups and view reference): 1 lets a view the application dropped go one frame after its last draw
    bool                    RecreateImageBindGroupsEveryCall = false;       // Upstream's policy: create every image bind group in each RenderDrawData() and release it at its end (for comparisons)
    uint64_t                MappedUploadMinBytes = 4 * 1024 * 1024;         // A RenderDrawData() call uploading at least this many bytes goes through a buffer the backend maps (see "Uploads" above); 0: never, every call is written (less memory, slower for large calls). Below Dawn's own 4 MiB upload buffers the mapped path measured no faster, on SwiftShader or on a GPU
    uint32_t                UploadWriteMaxBytes = 0;                        // The most bytes one wgpuQueueWriteBuffer() of vertices, indices and uniforms carries (rounded down to a multiple of 4); larger uploads are written in pieces. 0: the backend's choice, 4 MiB, but 1020 bytes in Firefox, whose writeBuffer() makes a shared memory segment for every write of 1 KiB or more (about 100 us): small writes halve a small call there

#ifdef IMGUI_HAS_VIEWPORT
    // Multi-viewport (Dear ImGui's docking branch, with io.ConfigFlags |= ImGuiConfigFlags_ViewportsEnable and a platform
    // backend that creates windows). WebGPU has no portable way to make a surface from a platform window, so the application
    // makes it, as it does for its main window (like platform_io.Platform_CreateVkSurface for Vulkan): return a new
    // WGPUSurface for viewport->PlatformHandle (e.g. a GLFWwindow*), or null on failure (the viewport then draws nothing).
    // The backend owns the returned reference: it configures the surface with Device, draws and presents each frame,
    // reconfigures it when the window is resized, asks for a new one when the surface is lost, and releases it when the
    // window closes. Leave null to keep rendering in the main viewport only (ImGuiBackendFlags_RendererHasViewports unset).
    WGPUSurface             (*CreateViewportSurface)(ImGuiViewport* viewport, void* user_data) = nullptr;
    void*                   CreateViewportSurfaceUserData = nullptr;
    // Optional: the adapter Device came from. With it, a viewport surface that cannot take RenderTargetFormat is configured
    // with its preferred format (the backend makes pipelines for it), and ViewportPresentMode is checked against the
    // surface's modes (wgpuSurfaceGetCapabilities needs the adapter). Without it: RenderTargetFormat and ViewportPresentMode.
    WGPUAdapter             Adapter = nullptr;
    WGPUPresentMode         ViewportPresentMode = WGPUPresentMode_Fifo;     // Fifo is the one mode every surface has
#endif

    ImGui_ImplWGPU_InitInfo()
    {
        PipelineMultisampleState.count = 1;
        PipelineMultisampleState.mask = UINT32_MAX;
        PipelineMultisampleState.alphaToCoverageEnabled = 0;
    }
};

// Follow "Getting Started" link and check examples/ folder to learn about using backends!
IMGUI_IMPL_API bool ImGui_ImplWGPU_Init(ImGui_ImplWGPU_InitInfo* init_info);
IMGUI_IMPL_API void ImGui_ImplWGPU_Shutdown();
IMGUI_IMPL_API void ImGui_ImplWGPU_NewFrame();
IMGUI_IMPL_API void ImGui_ImplWGPU_RenderDrawData(ImDrawData* draw_data, WGPURenderPassEncoder pass_encoder);

// Use if you want to reset your rendering device without losing Dear ImGui state.
// Pipelines, samplers, layouts, upload buffers and bind groups are released and made again; images added with AddImage()
// and textures made by CreateTexture() stay valid (a scheduled RemoveImage/DestroyTexture keeps its date); plain views
// lose their pin and are pinned again when next drawn; Dear ImGui 1.92 textures are destroyed and requested again.
// Before Dear ImGui 1.92, draw data made before the reset names the old font atlas view: drawn again after it, its text
// is drawn with the new atlas (the backend keeps the old view until such draw data goes a frame without being drawn).
IMGUI_IMPL_API void ImGui_ImplWGPU_InvalidateDeviceObjects();
IMGUI_IMPL_API bool ImGui_ImplWGPU_CreateDeviceObjects();

// Images with options, and textures made for you.
// - A plain WGPUTextureView cast to ImTextureID is drawn as a filterable float texture with linear/clamp sampling, and
//   cached (pinned) while in use. That is all most applications need. The view must be alive when the RenderDrawData()
//   that draws it runs; release your reference any time after that call (before or after your submit): the backend
//   holds its own until the image has gone ImageCacheMaxUnusedFrames frames without being drawn. Releasing it between
//   ImGui::Image() and that RenderDrawData() hands the backend a dead handle, as with any WebGPU call.
// - AddImage() keeps a view with other options until RemoveImage(): the backend holds a reference to the view, so
//   you may release yours. Needed for depth views (aspect DepthOnly) and unfilterable-float views (e.g. RGBA32Float),
//   which upstream cannot show, and for nearest/repeat/mipmapped sampling.
// - CreateTexture() makes an RGBA8 texture from your pixels; UpdateTextureRect() rewrites a rectangle of it;
//   DestroyTexture() releases it. No WebGPU code needed.
// - RemoveImage() and DestroyTexture() take effect after NumFramesInFlight NewFrame() calls, so a draw list built before
//   the call still draws the image.
// - RemoveImage() of a plain view drops its pin (view reference and bind groups) at once, so a texture you released goes
//   now instead of after ImageCacheMaxUnusedFrames frames: call it with the old view when you replace a render target
//   (e.g. on resize). Passes already recorded stay valid (WebGPU keeps what they use alive). Drawn again afterwards, the
//   view is pinned again like any plain view, which is only valid while you still hold it. Unknown views: no-op.
// - Images are keyed by view. Dawn may return the same WGPUTextureView for two wgpuTextureCreateView() calls with
//   identical descriptors on one texture: those are one image, with one set of options.
enum ImGui_ImplWGPU_SampleType
{
    ImGui_ImplWGPU_SampleType_Float = 0,            // Any filterable colour format (default)
    ImGui_ImplWGPU_SampleType_UnfilterableFloat,    // e.g. RGBA32Float, R32Float: sampled with nearest filtering
    ImGui_ImplWGPU_SampleType_Depth,                // Depth views (aspect DepthOnly): shown as grey levels
    ImGui_ImplWGPU_SampleType_Alpha,                // Single-channel views (R8Unorm): the channel is coverage, colour is white
    ImGui_ImplWGPU_SampleType_COUNT
};
enum ImGui_ImplWGPU_Filter
{
    ImGui_ImplWGPU_Filter_Linear = 0,
    ImGui_ImplWGPU_Filter_Nearest = 1,
};
enum ImGui_ImplWGPU_AddressMode
{
    ImGui_ImplWGPU_AddressMode_ClampToEdge = 0,
    ImGui_ImplWGPU_AddressMode_Repeat = 1,
};
struct ImGui_ImplWGPU_ImageOptions
{
    ImGui_ImplWGPU_SampleType   SampleType = ImGui_ImplWGPU_SampleType_Float;
    ImGui_ImplWGPU_Filter       Filter = ImGui_ImplWGPU_Filter_Linear;              // Unfilterable and depth images always sample nearest
    ImGui_ImplWGPU_AddressMode  AddressMode = ImGui_ImplWGPU_AddressMode_ClampToEdge;
    bool                        Mipmaps = false;                                    // Sample the view's mip levels (trilinear with Linear)
};
IMGUI_IMPL_API ImTextureID  ImGui_ImplWGPU_AddImage(WGPUTextureView view, const ImGui_ImplWGPU_ImageOptions* options);  // Returns the view as ImTextureID
IMGUI_IMPL_API void         ImGui_ImplWGPU_RemoveImage(ImTextureID tex_id);
IMGUI_IMPL_API ImTextureID  ImGui_ImplWGPU_CreateTexture(int width, int height, const void* rgba_pixels, const ImGui_ImplWGPU_ImageOptions* options = nullptr);
IMGUI_IMPL_API bool         ImGui_ImplWGPU_UpdateTextureRect(ImTextureID tex_id, int x, int y, int width, int height, const void* rgba_pixels, int pitch_bytes);
IMGUI_IMPL_API void         ImGui_ImplWGPU_DestroyTexture(ImTextureID tex_id);
#ifdef IMGUI_HAS_TEXTURES
// (Advanced) Dear ImGui 1.92+: honour one ImTextureData request yourself (RenderDrawData() does it for draw_data->Textures).
IMGUI_IMPL_API void         ImGui_ImplWGPU_UpdateTexture(ImTextureData* tex);
#endif

// Standard sampler draw callbacks: draw_list->AddCallback(ImGui_ImplWGPU_DrawCallback_SetSamplerNearest, nullptr) makes
// the following images of that draw list sample with nearest filtering, until SetSamplerLinear or a render state reset.
// Their bodies do nothing: RenderDrawData() recognises them. On Dear ImGui 1.92.8+ they are also in platform_io.
IMGUI_IMPL_API void ImGui_ImplWGPU_DrawCallback_SetSamplerLinear(const ImDrawList* draw_list, const ImDrawCmd* cmd);
IMGUI_IMPL_API void ImGui_ImplWGPU_DrawCallback_SetSamplerNearest(const ImDrawList* draw_list, const ImDrawCmd* cmd);

// Device loss: call ImGui_ImplWGPU_NotifyDeviceLost(device) from your device-lost callback, with the device it names, on
// any thread (Dawn may call it on one of its own), with or without a Dear ImGui context there: it only raises a flag on
// each backend initialized on that device (all contexts). Each such backend picks the loss up on its own thread at its
// next NewFrame(), RenderDrawData(), CreateTexture(), UpdateTextureRect() or GetStats(), reports it once there, and then
// creates and encodes nothing more (NewFrame() and RenderDrawData() become no-ops); releasing is still safe, so call
// Shutdown(), then Init() with a new device, and rendering resumes. Nothing leaks. Backends on other devices are not
// touched, so the late callback of a device you replaced (WebGPU may run it at a later wgpuInstanceProcessEvents(), after
// your Init() on the new device) does not stop the new one. A device you released may hand its address to a newer one
// at once, but its lost callback then names no device (null), and a null device is a no-op here.
// The form without a device (earlier releases) takes every backend initialized at the time of the call as lost,
// whatever its device.
IMGUI_IMPL_API void ImGui_ImplWGPU_NotifyDeviceLost(WGPUDevice device);
IMGUI_IMPL_API void ImGui_ImplWGPU_NotifyDeviceLost();

// Render state shared with user draw callbacks: valid only while RenderDrawData() runs a callback.
// As Dear ImGui's ImDrawCallback contract says, a callback may alter the render state for the commands after it, e.g.
// bind a pipeline of the same layout (bind group layouts 0: uniforms, 1: image + sampler; ImDrawVert vertices) to draw
// the following images differently. The backend keeps that state: before the next draw it sets only the image bind
// group (group 1) and the scissor, and its own pipeline only for an image of another sample type. A callback that
// changes anything else (viewport, buffers, group 0) must add ImDrawCallback_ResetRenderState after its commands,
// which restores the backend's whole state (and ends a sampler callback's effect).
struct ImGui_ImplWGPU_RenderState
{
    WGPUDevice              Device;
    WGPURenderPassEncoder   RenderPassEncoder;
};
IMGUI_IMPL_API ImGui_ImplWGPU_RenderState* ImGui_ImplWGPU_GetRenderState();

// Counters, for tests, benchmarks and the debug window. "This frame" means since the last NewFrame().
struct ImGui_ImplWGPU_Stats
{
    uint64_t    FrameIndex;                     // NewFrame() calls since Init()
    uint64_t    BindGroupsCreatedTotal;         // Every bind group the backend created (images, font atlas, uniforms)
    uint32_t    BindGroupsCreatedThisFrame;
    uint32_t    ImageCacheEntries;              // Images in the cache: pinned views, added images, textures made by the backend
    uint64_t    ImageCacheEvictionsTotal;
    uint32_t    ImageCacheEvictionsThisFrame;
    uint32_t    RenderCallsThisFrame;           // RenderDrawData() calls that drew something
    uint32_t    DrawCallsThisFrame;
    uint32_t    DrawsSkippedThisFrame;          // Commands skipped: null texture, empty or invalid clip rect, bad index range
    uint64_t    UploadBytesThisFrame;           // Bytes written with wgpuQueueWriteBuffer/WriteTexture (uniforms, vertices, indices, texels)
    uint32_t    UploadWritesThisFrame;          // wgpuQueueWriteBuffer calls for vertices, indices and uniforms
    uint32_t    UploadWriteMaxBytes;            // The most bytes one of them carries: InitInfo.UploadWriteMaxBytes, or the backend's choice
    uint64_t    UploadStagedBytesThisFrame;     // Of those bytes, how many were first gathered by the backend (small lists: copied twice)
    uint64_t    UploadArenaCapacity;            // Bytes of vertex/index/uniform memory held (the upload arena)
    uint64_t    UploadArenaReallocationsTotal;  // Times the upload arena (or a mapped buffer) was replaced by a larger one
    uint64_t    UploadMappedBytesThisFrame;     // Of UploadBytesThisFrame, how many went through the mapped buffer (large calls)
    uint64_t    UploadMappedCapacity;           // Bytes of the mapped buffer that large calls upload through (0 until one comes)
    uint32_t    UploadOwnBuffersThisFrame;      // Calls the upload arena could not take this frame, uploaded into a buffer of their own
    uint64_t    UploadOwnBuffersTotal;
    uint64_t    ErrorsReported;                 // Errors the backend reported (see ImGui_ImplWGPU_GetLastError)
    bool        DeviceLost;                     // ImGui_ImplWGPU_NotifyDeviceLost() was called for this backend's device
};
IMGUI_IMPL_API bool        ImGui_ImplWGPU_GetStats(ImGui_ImplWGPU_Stats* out_stats);   // false (and zeroes) when not initialized
IMGUI_IMPL_API const char* ImGui_ImplWGPU_GetLastError();                             // last error reported by the current context's backend, or ""; with no backend (before Init, after Shutdown, no context), the last error of such a call on this thread
IMGUI_IMPL_API void        ImGui_ImplWGPU_ShowDebugWindow(bool* p_open = nullptr);      // An ImGui window with the counters above

// Helpers of upstream's header, which Dear ImGui's example applications call. They need no Init(), nor a Dear ImGui
// context (the examples call them before creating one).

// After wgpuSurfaceGetCurrentTexture():
// - IsSurfaceStatusError(): no texture, and reconfiguring will not bring one (Error; any status not listed below).
// - IsSurfaceStatusSubOptimal(): release the texture if there is one, reconfigure the surface (wgpuSurfaceConfigure)
//   and skip the frame: Timeout, Outdated, Lost, SuccessSuboptimal. Both are false for SuccessOptimal.
IMGUI_IMPL_API bool        ImGui_ImplWGPU_IsSurfaceStatusError(WGPUSurfaceGetCurrentTextureStatus status);
IMGUI_IMPL_API bool        ImGui_ImplWGPU_IsSurfaceStatusSubOptimal(WGPUSurfaceGetCurrentTextureStatus status);

// For logs: the adapter's description, vendor, architecture, device, IDs, backend and type, printed to stdout; the
// name of an enum value as written after the enum's prefix ("Vulkan", "CPU", "Validation"...), "Unknown" outside it.
IMGUI_IMPL_API void        ImGui_ImplWGPU_DebugPrintAdapterInfo(const WGPUAdapter& adapter);
IMGUI_IMPL_API const char* ImGui_ImplWGPU_GetBackendTypeName(WGPUBackendType type);
IMGUI_IMPL_API const char* ImGui_ImplWGPU_GetAdapterTypeName(WGPUAdapterType type);
IMGUI_IMPL_API const char* ImGui_ImplWGPU_GetDeviceLostReasonName(WGPUDeviceLostReason type);
IMGUI_IMPL_API const char* ImGui_ImplWGPU_GetErrorTypeName(WGPUErrorType type);
#if defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU) && !defined(__EMSCRIPTEN__)
IMGUI_IMPL_API const char* ImGui_ImplWGPU_GetLogLevelName(WGPULogLevel level);     // wgpu-native's log levels
#endif

// A surface for a native window (not on Emscripten, where a canvas selector makes one). Fill the fields 'System' names,
// leave the others zero. Supported: "x11" and "wayland" on Linux and the BSDs, "win32" on Windows, "cocoa" on macOS
// (there imgui_impl_wgpu.cpp must be compiled as Objective-C++, e.g. -x objective-c++; it gives the window's content
// view a CAMetalLayer). Returns nullptr, with an error (GetLastError), for a null info or Instance, an unsupported
// System or a missing handle. The caller owns the surface (wgpuSurfaceRelease).
#ifndef __EMSCRIPTEN__
struct ImGui_ImplWGPU_CreateSurfaceInfo
{
    WGPUInstance    Instance;
    const char*     System;         // "x11"     | "wayland"   | "win32"    | "cocoa"
    void*           RawWindow;      // Window    | -           | HWND       | NSWindow*
    void*           RawDisplay;     // Display*  | wl_display* | -          | -
    void*           RawSurface;     // -         | wl_surface* | -          | -
    void*           RawInstance;    // -         | -           | HINSTANCE  | -
};
IMGUI_IMPL_API WGPUSurface ImGui_ImplWGPU_CreateWGPUSurfaceHelper(ImGui_ImplWGPU_CreateSurfaceInfo* info);
#endif

#endif // #ifndef IMGUI_DISABLE
