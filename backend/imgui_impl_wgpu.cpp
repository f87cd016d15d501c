// dear imgui: Renderer Backend for WebGPU (imwgpu)
// A drop-in replacement for Dear ImGui's own imgui_impl_wgpu.h/.cpp. See imgui_impl_wgpu.h for the features.

// CHANGELOG
//  2026-12-06: Any number of RenderDrawData() calls before one submit: no region of the upload arena is written twice
//              between two NewFrame() calls (the arena starts again at 0 after each), and a call the arena cannot take
//              gets a buffer of its own, released once encoded (counter UploadOwnBuffersThisFrame); the limit of 8
//              calls is gone. ImageCacheMaxUnusedFrames defaults to 1: a view the application dropped goes one frame
//              after its last draw. Without NewFrame(), Dear ImGui's frame count drives eviction. Pipelines belong to
//              a render target (main, or a viewport's) passed to the code that needs it, instead of swapped fields.
//              NotifyDeviceLost(device) stops only the backends on that device. Each backend keeps its own last error.
//              Draw data retained across InvalidateDeviceObjects() (before 1.92) draws its text with the new atlas.
//  2026-11-30: A call's region holds [uniforms | indices | vertices]: the uniforms and all index arrays leave in one write
//              ahead of vertex arrays written straight from their draw lists (an image grid: two writes, was three).
//  2026-11-30: Calls of more than 4 MiB upload through buffers the backend maps itself (one per frame in flight, up to
//              NumFramesInFlight) and copies into the ring with a submit of its own (Dawn's write path gets new upload
//              memory for every large frame). Counters UploadMappedBytesThisFrame and UploadMappedCapacity.
//  2026-11-30: One upload ring instead of an arena per frame in flight: a region may be reused once a NewFrame() came
//              after its call, and the last 8 calls of a frame are never overwritten, so memory stays bounded for any
//              call pattern (redrawing without NewFrame() included) at about 1.5 times a frame's data. Vertex and
//              index arrays of 16 KiB or more are written straight from the draw list (one CPU copy), small ones are
//              gathered into one write. SetScissorRect only when the clip rectangle changes. Pipelines made when an
//              image needs them, not while encoding. Counters UploadWritesThisFrame and UploadStagedBytesThisFrame.
//  2026-11-29: Multi-viewport support (Dear ImGui docking branch, IMGUI_HAS_VIEWPORT): ImGuiBackendFlags_RendererHasViewports and
//              platform_io.Renderer_CreateWindow/DestroyWindow/SetWindowSize/RenderWindow/SwapBuffers, one WGPUSurface per
//              secondary viewport made by InitInfo.CreateViewportSurface; the image cache and upload ring are shared.
//  2026-11-29: InvalidateDeviceObjects() keeps added images and created textures (only bind groups are remade);
//              RemoveImage() of a plain view drops its pin at once; a user callback's render state is kept until
//              ImDrawCallback_ResetRenderState; NotifyDeviceLost() works from any thread (an atomic count, read by each
//              backend on its own thread); a second WantCreate of a texture replaces it instead of leaking it.
//  2026-11-29: The helpers of upstream's header that its example applications call: IsSurfaceStatusError/SubOptimal,
//              DebugPrintAdapterInfo, Get{BackendType,AdapterType,DeviceLostReason,ErrorType,LogLevel}Name,
//              CreateWGPUSurfaceHelper (x11, wayland, win32, cocoa); IMGUI_IMPL_WEBGPU_BACKEND_* defines accepted.
//  2026-11-27: Image options (AddImage/RemoveImage), textures made for the user (Create/UpdateRect/DestroyTexture),
//              depth, unfilterable-float and single-channel images through a pipeline per sample type, samplers
//              chosen per image and by the standard sampler draw callbacks, Dear ImGui 1.92+ texture protocol
//              (ImGuiBackendFlags_RendererHasTextures) selected at compile time.
//  2026-11-27: First version: upstream entry points and InitInfo; pinned image bind group cache with eviction;
//              font atlas bind group owned outside the cache; per-call upload regions carved from per-frame arenas (since
//              replaced by one ring);
//              full-pointer cache keys; null ImTextureID skipped with an error; integer framebuffer viewport;
//              counters (ImGui_ImplWGPU_GetStats) and a debug window.

// How the pieces fit, in the order a frame runs:
// - Init() / CreateDeviceObjects(): the uniform bind group layout, the pipeline for ordinary colour images (and for
//   images added before), the font atlas (Dear ImGui < 1.92). Pipelines for the other sample types are made when an
//   image of that type is added or created; samplers on first use.
// - NewFrame(): starts the next frame: the upload arena becomes free (the application has submitted the previous frame),
//   cached images not drawn for more than InitInfo.ImageCacheMaxUnusedFrames frames are evicted, images whose
//   RemoveImage/DestroyTexture delay has run out are released. (Without NewFrame(), Dear ImGui's frame count drives the
//   eviction, see ImGui_ImplWGPU_FollowDearImGuiFrames.)
// - RenderDrawData(): honours Dear ImGui 1.92 texture requests, takes the next region [uniforms | indices | vertices]
//   of the upload arena (no region of the frame is written twice, so any number of calls before one submit never
//   overwrite each other; a call the arena cannot take gets a buffer of its own), writes large vertex/index arrays to it
//   straight from the draw lists and small ones gathered in one write (a call of more than 4 MiB goes through the mapped
//   buffer instead, see ImGui_ImplWGPU_MappedUpload), then encodes the commands with the pipelines of its target,
//   fetching each image's bind group from the image cache and setting the scissor only when it changes.
// - InvalidateDeviceObjects(): releases the device objects and plain views' pins; added and created images stay.
// - Shutdown(): releases everything, the kept images too.
// - Multi-viewport (docking branch): after the main viewport, Dear ImGui has the backend draw each other viewport's
//   draw data with RenderDrawData() into that window's own surface, and present it (see its section).
//
// Upload memory: one buffer, the upload arena (see ImGui_ImplWGPU_UploadArena). wgpuQueueWriteBuffer() lands before
// every later submit, so reusing a region only has to wait for the submit that reads it, never for the GPU: one arena
// sized to a frame's data (x1.5) is enough, whatever the number of frames in flight. The copy that brings a large call's
// bytes from the mapped buffer (ImGui_ImplWGPU_MappedUpload) is a submit of its own, queued after the earlier submits
// alike.
//
// Bind groups: group 0 holds the uniforms (the arena's buffer, dynamic offset per call); group 1 holds one image
// and its sampler. An image is a texture view, its sample type (which picks the pipeline) and up to one bind group
// per sampler it was drawn with.
//
// Lifetimes rely on WebGPU reference counting: a released buffer, view or bind group stays alive for as long as an
// encoded pass or a submitted command buffer refers to it. So the backend always *releases* and never destroys what
// an unsubmitted pass may still read.

#include "imgui.h"
#ifndef IMGUI_DISABLE
#include "imgui_impl_wgpu.h"
#include <stdarg.h>     // va_list
#include <stdio.h>      // vsnprintf, fprintf
#include <limits.h>     // INT_MAX
#include <string.h>     // memcpy, memset
#include <atomic>       // device-loss notifications from other threads
#include <mutex>
#ifdef __EMSCRIPTEN__
#include <emscripten/em_js.h>   // EM_JS: the browser's name, for the upload's write size
#endif

// Dear ImGui 1.92 turned ImTextureID into a 64-bit integer; going through intptr_t works for both kinds.
#define IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(VIEW)   ((ImTextureID)(intptr_t)(VIEW))
#define IMGUI_IMPL_WGPU_VIEW_FROM_TEXID(TEXID)  ((WGPUTextureView)(intptr_t)(TEXID))

// Dear ImGui versions: the standard draw callbacks moved into platform_io in 1.92.8 and the render state in 1.91.3.
#if IMGUI_VERSION_NUM >= 19274
#define IMGUI_IMPL_WGPU_HAS_STANDARD_DRAW_CALLBACKS
#endif
#if IMGUI_VERSION_NUM >= 19131
#define IMGUI_IMPL_WGPU_HAS_PLATFORM_RENDER_STATE
#endif
#if IMGUI_VERSION_NUM >= 19231
#define IMGUI_IMPL_WGPU_HAS_CLEAR_RENDERER_HANDLERS
#endif
// ImDrawData::CmdLists became an ImVector in 1.89.8; CmdListsCount is obsolete since (and reads 0 in 1.92.9).
#if IMGUI_VERSION_NUM >= 18973
#define IMGUI_IMPL_WGPU_DRAW_LIST_COUNT(DRAW_DATA)  ((DRAW_DATA)->CmdLists.Size)
#else
#define IMGUI_IMPL_WGPU_DRAW_LIST_COUNT(DRAW_DATA)  ((DRAW_DATA)->CmdListsCount)
#endif

//-----------------------------------------------------------------------------
// [SECTION] WebGPU implementations
//-----------------------------------------------------------------------------
// The rest of this file uses the standard webgpu.h API only; what differs between the implementations' headers is
// bridged here (the defines that name an implementation are mapped at the top of imgui_impl_wgpu.h).

// wgpuDeviceGetAdapterInfo(): wgpu-native up to v24 returns the struct; the standard (Dawn, wgpu-native v25+, WGVK,
// emdawnwebgpu) fills an out-parameter and returns a WGPUStatus. Overloads on the function's type pick the right
// call for the header at hand, with no version define to get wrong (members of a struct, so that the one a header
// does not use draws no unused-function warning).
struct ImGui_ImplWGPU_AdapterInfoCall
{
    static bool Get(WGPUStatus (*get_info)(WGPUDevice, WGPUAdapterInfo*), WGPUDevice device, WGPUAdapterInfo* info) { return get_info(device, info) == WGPUStatus_Success; }
    static bool Get(WGPUAdapterInfo (*get_info)(WGPUDevice), WGPUDevice device, WGPUAdapterInfo* info)                { *info = get_info(device); return true; }
};
#define IMGUI_IMPL_WGPU_GET_ADAPTER_INFO(DEVICE, INFO)  ImGui_ImplWGPU_AdapterInfoCall::Get(wgpuDeviceGetAdapterInfo, (DEVICE), (INFO))

// WGPUDeviceLostReason 3 is CallbackCancelled, named InstanceDropped in wgpu-native up to v24: the value, not a name.
#define IMGUI_IMPL_WGPU_DEVICE_LOST_REASON_CANCELLED    ((WGPUDeviceLostReason)3)

// Native window surfaces (X11, Wayland, Win32, Metal): not in emdawnwebgpu's header, which has its canvas source instead.
#if !defined(__EMSCRIPTEN__) && !defined(WGPU_EMSCRIPTEN_SURFACE_SOURCE_CANVAS_HTML_SELECTOR_INIT)
#define IMGUI_IMPL_WGPU_HAS_NATIVE_SURFACES
#endif

#if defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU)
#define IMGUI_IMPL_WGPU_IMPLEMENTATION_NAME "imgui_impl_wgpu (imwgpu, wgpu-native)"
#elif defined(IMGUI_IMPL_WEBGPU_BACKEND_WGVK)
#define IMGUI_IMPL_WGPU_IMPLEMENTATION_NAME "imgui_impl_wgpu (imwgpu, WGVK)"
#elif defined(IMGUI_IMPL_WEBGPU_BACKEND_DAWN) && defined(__EMSCRIPTEN__)
#define IMGUI_IMPL_WGPU_IMPLEMENTATION_NAME "imgui_impl_wgpu (imwgpu, Dawn, Emscripten)"
#elif defined(IMGUI_IMPL_WEBGPU_BACKEND_DAWN)
#define IMGUI_IMPL_WGPU_IMPLEMENTATION_NAME "imgui_impl_wgpu (imwgpu, Dawn)"
#else
#define IMGUI_IMPL_WGPU_IMPLEMENTATION_NAME "imgui_impl_wgpu (imwgpu)"
#endif

//-----------------------------------------------------------------------------
// [SECTION] Backend data
//-----------------------------------------------------------------------------

// Size of the uniform block in the shader (mat4x4f + f32, rounded to the struct's 16-byte alignment).
static const uint64_t IMGUI_IMPL_WGPU_UNIFORM_SIZE = 80;
// The upload arena grows to hold a whole frame while the frame takes at most twice what the largest earlier frame took,
// or this much, whichever is more; calls past that get a buffer of their own (see ImGui_ImplWGPU_UploadArena).
static const uint64_t IMGUI_IMPL_WGPU_UPLOAD_GROWTH_MIN_BYTES = 1024 * 1024;
// Vertex or index arrays of at least this many bytes are written straight from the draw list; smaller ones are
// gathered and written together (see ImGui_ImplWGPU_UploadWriter).
static const size_t IMGUI_IMPL_WGPU_DIRECT_WRITE_MIN_BYTES = 16 * 1024;
// Larger arrays are written in pieces of at most this size (InitInfo.UploadWriteMaxBytes = 0). Dawn copies a write into
// its upload ring (4 MiB buffers, recycled); a larger write gets a staging buffer of its own, new memory every time,
// which costs more than the copy.
static const uint32_t IMGUI_IMPL_WGPU_MAX_WRITE_BYTES = 4 * 1024 * 1024;
// In Firefox, the most bytes a write carries inside its message (see ImGui_ImplWGPU_DefaultUploadWriteMaxBytes).
static const uint32_t IMGUI_IMPL_WGPU_FIREFOX_INLINE_WRITE_MAX_BYTES = 1020;
// Mapped buffers for large calls: one per frame the GPU may still be copying from, up to InitInfo.NumFramesInFlight
// and at most this many.
static const int IMGUI_IMPL_WGPU_MAPPED_BUFFERS_MAX = 4;
// Samplers: bit 0 = nearest, bit 1 = repeat, bit 2 = mipmaps (see ImGui_ImplWGPU_SamplerIndex).
static const int IMGUI_IMPL_WGPU_SAMPLER_COUNT = 8;
static const int IMGUI_IMPL_WGPU_SAMPLER_NEAREST_BIT = 1;
static const int IMGUI_IMPL_WGPU_HISTORY_SIZE = 120;
static const int IMGUI_IMPL_WGPU_ERROR_SIZE = 256;        // Bytes of an error message, its terminating zero included

// One image the backend can draw. Lives in the image cache (cached views, added images, textures the backend made),
// in bd->FontImage (the font atlas before Dear ImGui 1.92), or behind ImTextureData::BackendUserData (1.92+).
struct ImGui_ImplWGPU_Image
{
    WGPUTextureView     View;           // Referenced: while the image lives, no other view can get this address
    WGPUTexture         Texture;        // Only for textures the backend made
    WGPUBindGroup       BindGroups[IMGUI_IMPL_WGPU_SAMPLER_COUNT];  // One per sampler the image was drawn with
    uint64_t            LastUsedFrame;
    uint64_t            ReleaseFrame;   // Kept images only: released by the NewFrame() that reaches this frame (0 = kept)
    int                 SampleType;     // ImGui_ImplWGPU_SampleType
    int                 SamplerIndex;   // Sampler used when no sampler callback is active
    int                 Width, Height;  // Textures the backend made: bounds for UpdateTextureRect()
    bool                Kept;           // Added or made for the user: never evicted, released by Remove/Destroy
    bool                FontAtlasAlias; // A font atlas view retired by InvalidateDeviceObjects(): drawn as the current atlas
};

// Upload memory: one buffer from which every RenderDrawData() call of a frame takes the next region, in order, from
// offset 0 again after each NewFrame(). The backend cannot see submits, and wgpuQueueWriteBuffer() lands before the next
// submit whatever range it writes, so no region of the current frame is ever written again: any number of calls before
// one submit each draw their own data. NewFrame() is what says the previous frame was submitted, so it frees the arena.
// When a call does not fit, the arena is replaced by a larger one (the old buffer is released, not destroyed: passes
// recorded earlier still read their regions there) for a frame's first call, and for later ones as long as the frame
// has taken at most twice the largest earlier frame (or IMGUI_IMPL_WGPU_UPLOAD_GROWTH_MIN_BYTES); past that, the call
// gets a buffer of its own, filled through a mapping at creation and released once encoded (WebGPU frees it after the
// command buffer that reads it has run). So memory stays bounded for every call pattern, redrawing without NewFrame()
// included, at 1.5 times the largest frame.
struct ImGui_ImplWGPU_UploadArena
{
    WGPUBuffer          Buffer;             // Uniform | Vertex | Index | CopyDst
    WGPUBindGroup       UniformBindGroup;   // group 0: Buffer as a dynamic-offset uniform buffer
    uint64_t            Capacity;
    uint64_t            Head;               // End of the current frame's last region in Buffer
    uint64_t            FrameBytes;         // What the current frame's calls took so far, in Buffer and in buffers of their own
    uint64_t            LargestFrameBytes;  // The most an earlier frame took
};

// Large calls: a buffer the CPU writes through a mapping (MapWrite | CopySrc), copied into the call's region of the arena
// by a command buffer the backend submits itself. The bytes are copied once on the CPU, into memory mapped once per
// frame, where wgpuQueueWriteBuffer() copies them into upload memory it allocates anew for every large frame (zero-filled
// by the driver: page faults and kernel time). Only worth it for large calls: a submit of its own costs tens of
// microseconds. WebGPU maps a buffer again only once the GPU is done with it (and Dawn tells only while the application
// submits, waits or processes events), so an application with frames in flight needs one buffer per frame the GPU may
// still be copying from: a new one is made when every buffer is in use, up to NumFramesInFlight. Past that a call
// writes as a small one does, so nothing waits and nothing is drawn stale. One large call per frame goes through a
// mapped buffer: a later call of the same frame would find one mapped again only when the GPU happened to be quick, and
// a frame's cost should not depend on that.
struct ImGui_ImplWGPU_MappedBuffer
{
    WGPUBuffer          Buffer;             // MapWrite | CopySrc; mapped, or being mapped again
    uint64_t            Capacity;
};
struct ImGui_ImplWGPU_MappedUpload
{
    ImGui_ImplWGPU_MappedBuffer Buffers[IMGUI_IMPL_WGPU_MAPPED_BUFFERS_MAX];
    int                 Count;
    uint64_t            NextFrameIndex;     // The first frame that may use a mapped buffer again
    bool                Unavailable;        // The implementation did not start a map we asked for (see RequestMap)
};

// Where one RenderDrawData() call's data lies: in the upload arena, or in a buffer of its own.
struct ImGui_ImplWGPU_CallRegion
{
    WGPUBuffer          Buffer;
    WGPUBindGroup       UniformBindGroup;
    bool                OwnBuffer;          // Buffer and UniformBindGroup are the call's: released once it is encoded
    uint32_t            UniformOffset;
    uint64_t            VertexOffset, VertexSize;
    uint64_t            IndexOffset, IndexSize;
};

// What pipelines depend on: the render target's formats and sample count, and whether colours must be decoded from sRGB.
// The main viewport's target is InitInfo's; a secondary viewport whose surface differs has its own (multi-viewport).
// Every target's pipelines share the image bind group layouts, so a cached image's bind group fits them all.
struct ImGui_ImplWGPU_RenderTarget
{
    WGPUTextureFormat       Format;
    WGPUTextureFormat       DepthStencilFormat;
    WGPUMultisampleState    MultisampleState;
    float                   SrgbTarget;         // 1 for *Srgb formats: ImGui colours are sRGB and must be decoded
    WGPURenderPipeline      Pipelines[ImGui_ImplWGPU_SampleType_COUNT];    // Made on first use
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
    ImGui_ImplWGPU_Error_BadTextureRequest  = 1 << 9,
    ImGui_ImplWGPU_Error_TextureNotCreated  = 1 << 10,
    ImGui_ImplWGPU_Error_BadSurfaceInfo     = 1 << 11,
    ImGui_ImplWGPU_Error_NullAdapter        = 1 << 12,
    ImGui_ImplWGPU_Error_ViewportSurface    = 1 << 13,
};

struct ImGui_ImplWGPU_Data
{
    ImGui_ImplWGPU_InitInfo         InitInfo;
    WGPUDevice                      Device;
    WGPUQueue                       Queue;
    uint32_t                        UniformOffsetAlignment;     // Device's minUniformBufferOffsetAlignment
    uint64_t                        MaxBufferSize;
    uint32_t                        MaxTextureDimension2D;

    WGPUBindGroupLayout             UniformLayout;
    WGPUBindGroupLayout             ImageLayouts[ImGui_ImplWGPU_SampleType_COUNT];     // Made with their pipeline
    ImGui_ImplWGPU_RenderTarget     MainTarget;                 // InitInfo's target, and its pipelines
    WGPUSampler                     Samplers[IMGUI_IMPL_WGPU_SAMPLER_COUNT];           // Made on first use

    // The font atlas (before Dear ImGui 1.92) is owned by the backend, outside the image cache.
    ImGui_ImplWGPU_Image            FontImage;

    // Image cache: dense images + an open-addressing index (power-of-two size, -1 = empty slot), keyed by the view.
    ImVector<ImGui_ImplWGPU_Image>  Images;
    ImVector<int>                   ImageSlots;

    ImGui_ImplWGPU_UploadArena      Upload;
    ImVector<unsigned char>         Staging;                    // Small pieces of one call, gathered for one write
    uint32_t                        UploadWriteMaxBytes;        // InitInfo's, or the backend's choice: the most one write carries
    ImGui_ImplWGPU_MappedUpload     MappedUpload;               // Large calls' bytes, copied into the arena by the GPU

    uint64_t                        FrameIndex;                 // The frame clock: NewFrame() calls, else Dear ImGui's frames
    bool                            NewFrameCalled;             // Else Dear ImGui's frame count drives the frame clock
    int                             DearImGuiFrameCount;        // ImGui::GetFrameCount() when the clock last followed it
    bool                            DeviceLost;                 // A device loss was taken: create and encode nothing more
    std::atomic<bool>               DeviceLossNotified;         // Raised by NotifyDeviceLost() on any thread, taken on this one
    ImGui_ImplWGPU_Data*            NextBackend;                // In g_ImplWGPU_Backends
    ImGui_ImplWGPU_Stats            Stats;
    ImGui_ImplWGPU_Stats            PreviousFrameStats;         // What the debug window shows: the current frame is still being drawn
    char                            AdapterDescription[128];    // For the debug window, read once at Init()
    float                           FrameMsHistory[IMGUI_IMPL_WGPU_HISTORY_SIZE];
    float                           BindGroupsHistory[IMGUI_IMPL_WGPU_HISTORY_SIZE];
    float                           UploadKiBHistory[IMGUI_IMPL_WGPU_HISTORY_SIZE];
    int                             HistoryOffset;
    ImGui_ImplWGPU_RenderState      RenderState;
    unsigned int                    ErrorsAlreadyPrinted;       // ImGui_ImplWGPU_Error bits
    char                            LastError[IMGUI_IMPL_WGPU_ERROR_SIZE];

    ImGui_ImplWGPU_Data()           { memset((void*)this, 0, sizeof(*this)); DeviceLossNotified.store(false); }
};

// Backend data stored in io.BackendRendererUserData to allow support for multiple Dear ImGui contexts.
static ImGui_ImplWGPU_Data* ImGui_ImplWGPU_GetBackendData()
{
    return ImGui::GetCurrentContext() ? (ImGui_ImplWGPU_Data*)ImGui::GetIO().BackendRendererUserData : nullptr;
}

// Releases a WebGPU object, if any, and forgets it.
template<typename T> static void ImGui_ImplWGPU_SafeRelease(T& handle, void (*release)(T))
{
    if (handle)
        release(handle);
    handle = nullptr;
}

// Characters of a WebGPU string: its length, or up to its terminating zero when the length is WGPU_STRLEN.
static int ImGui_ImplWGPU_StringViewLength(WGPUStringView s)
{
    if (!s.data)
        return 0;
    return (int)(s.length == WGPU_STRLEN ? strlen(s.data) : s.length);
}

//-----------------------------------------------------------------------------
// [SECTION] Errors
//-----------------------------------------------------------------------------

// Each backend keeps its own last error, so that contexts rendering on several threads never share one. A call made
// with no backend (before Init(), after Shutdown(), a helper called without a context) keeps its error per thread.
static thread_local char            g_ImplWGPU_LastErrorWithoutBackend[IMGUI_IMPL_WGPU_ERROR_SIZE] = "";
static thread_local unsigned int    g_ImplWGPU_ErrorsPrintedWithoutBackend = 0;

static void ImGui_ImplWGPU_ReportError(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_Error kind, const char* fmt, ...)
{
    char* message = bd ? bd->LastError : g_ImplWGPU_LastErrorWithoutBackend;
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, IMGUI_IMPL_WGPU_ERROR_SIZE, fmt, args);
    va_end(args);
    unsigned int* printed = bd ? &bd->ErrorsAlreadyPrinted : &g_ImplWGPU_ErrorsPrintedWithoutBackend;
    if (bd)
        bd->Stats.ErrorsReported++;
    if (*printed & kind)
        return;
    *printed |= kind;
    fprintf(stderr, "imgui_impl_wgpu: %s\n", message);
}

// The backends initialized now, whatever their context, so that a device-lost notification made on any thread reaches
// those on the lost device. The list, and the Device of a backend in it, are read under the lock; the notifying thread
// only raises a backend's atomic flag, and the backend takes the loss on its own thread at its next call.
static std::mutex           g_ImplWGPU_BackendsMutex;
static ImGui_ImplWGPU_Data* g_ImplWGPU_Backends = nullptr;  // Linked through NextBackend

static void ImGui_ImplWGPU_RegisterBackend(ImGui_ImplWGPU_Data* bd)
{
    std::lock_guard<std::mutex> lock(g_ImplWGPU_BackendsMutex);
    bd->NextBackend = g_ImplWGPU_Backends;
    g_ImplWGPU_Backends = bd;
}

static void ImGui_ImplWGPU_UnregisterBackend(ImGui_ImplWGPU_Data* bd)
{
    std::lock_guard<std::mutex> lock(g_ImplWGPU_BackendsMutex);
    for (ImGui_ImplWGPU_Data** link = &g_ImplWGPU_Backends; *link; link = &(*link)->NextBackend)
        if (*link == bd)
        {
            *link = bd->NextBackend;
            break;
        }
}

// Called at the top of the entry points that create or encode: a loss notified since this backend last looked makes it
// lost, reported once.
static void ImGui_ImplWGPU_TakeDeviceLoss(ImGui_ImplWGPU_Data* bd)
{
    if (bd->DeviceLost || !bd->DeviceLossNotified.load(std::memory_order_acquire))
        return;
    bd->DeviceLost = true;
    ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_DeviceLost, "device lost: nothing more is drawn; call Shutdown(), then Init() with a new device.");
}

//-----------------------------------------------------------------------------
// [SECTION] Device objects: shaders, pipelines, samplers, images
//-----------------------------------------------------------------------------

// Shared by every pipeline. On *Srgb targets, to_target() decodes ImGui's sRGB colours with the exact sRGB curve
// (not a 2.2 power, which is off by up to 9/255 in dark tones), so the target's own encoding gives them back. The curve is
// applied per channel with scalar comparisons: WGSL compilers that mistype a vector comparison as one bool exist
// (simple_wgsl, WGVK's compiler, see docs/WGVK.md), and three scalar selects cost the same as one vector select.
static const char g_ImplWGPU_ShaderCommonWGSL[] = R"(
struct Uniforms {
    mvp: mat4x4<f32>,
    srgb_target: f32,
};
@group(0) @binding(0) var<uniform> uniforms: Uniforms;

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

fn srgb_to_linear(c: f32) -> f32 {
    return select(pow((c + 0.055) / 1.055, 2.4), c / 12.92, c <= 0.04045);
}
fn to_target(color: vec4<f32>) -> vec4<f32> {
    if (uniforms.srgb_target == 0.0) {
        return color;
    }
    return vec4<f32>(srgb_to_linear(color.r), srgb_to_linear(color.g), srgb_to_linear(color.b), color.a);
}
@group(1) @binding(1) var image_sampler: sampler;
)";

// The image binding and how a texel becomes a colour, per ImGui_ImplWGPU_SampleType.
static const char* const g_ImplWGPU_ShaderFragmentWGSL[ImGui_ImplWGPU_SampleType_COUNT] =
{
    // Float, UnfilterableFloat: the texel is the colour.
    "@group(1) @binding(0) var image: texture_2d<f32>;\n"
    "@fragment fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {\n"
    "    return to_target(in.color * textureSample(image, image_sampler, in.uv));\n"
    "}\n",
    "@group(1) @binding(0) var image: texture_2d<f32>;\n"
    "@fragment fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {\n"
    "    return to_target(in.color * textureSample(image, image_sampler, in.uv));\n"
    "}\n",
    // Depth: grey levels.
    "@group(1) @binding(0) var image: texture_depth_2d;\n"
    "@fragment fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {\n"
    "    let depth = textureSample(image, image_sampler, in.uv);\n"
    "    return to_target(in.color * vec4<f32>(depth, depth, depth, 1.0));\n"
    "}\n",
    // Alpha: one channel of coverage on white, as Dear ImGui's Alpha8 atlases mean it.
    "@group(1) @binding(0) var image: texture_2d<f32>;\n"
    "@fragment fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {\n"
    "    return to_target(in.color * vec4<f32>(1.0, 1.0, 1.0, textureSample(image, image_sampler, in.uv).r));\n"
    "}\n",
};

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

// Depth and unfilterable images need a non-filtering sampler (WebGPU rejects a filtering one at draw time).
static bool ImGui_ImplWGPU_IsFilterable(int sample_type)
{
    return sample_type == ImGui_ImplWGPU_SampleType_Float || sample_type == ImGui_ImplWGPU_SampleType_Alpha;
}

static int ImGui_ImplWGPU_SamplerIndex(const ImGui_ImplWGPU_ImageOptions& options)
{
    int index = 0;
    if (options.Filter == ImGui_ImplWGPU_Filter_Nearest || !ImGui_ImplWGPU_IsFilterable(options.SampleType))
        index |= IMGUI_IMPL_WGPU_SAMPLER_NEAREST_BIT;
    if (options.AddressMode == ImGui_ImplWGPU_AddressMode_Repeat)
        index |= 2;
    if (options.Mipmaps)
        index |= 4;
    return index;
}

static WGPUSampler ImGui_ImplWGPU_GetSampler(ImGui_ImplWGPU_Data* bd, int index)
{
    if (bd->Samplers[index])
        return bd->Samplers[index];
    const bool nearest = (index & IMGUI_IMPL_WGPU_SAMPLER_NEAREST_BIT) != 0;
    const bool repeat = (index & 2) != 0;
    const bool mipmaps = (index & 4) != 0;
    WGPUSamplerDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui");
    desc.addressModeU = repeat ? WGPUAddressMode_Repeat : WGPUAddressMode_ClampToEdge;
    desc.addressModeV = desc.addressModeU;
    desc.addressModeW = desc.addressModeU;
    desc.magFilter = nearest ? WGPUFilterMode_Nearest : WGPUFilterMode_Linear;
    desc.minFilter = desc.magFilter;
    desc.mipmapFilter = (mipmaps && !nearest) ? WGPUMipmapFilterMode_Linear : WGPUMipmapFilterMode_Nearest;
    desc.lodMinClamp = 0.0f;
    desc.lodMaxClamp = mipmaps ? 32.0f : 0.0f;      // 0: the first level only, whatever the view holds
    desc.compare = WGPUCompareFunction_Undefined;
    desc.maxAnisotropy = 1;
    bd->Samplers[index] = wgpuDeviceCreateSampler(bd->Device, &desc);
    return bd->Samplers[index];
}

static void ImGui_ImplWGPU_CreateUniformLayout(ImGui_ImplWGPU_Data* bd)
{
    WGPUBindGroupLayoutEntry entry = {};
    entry.binding = 0;
    entry.visibility = WGPUShaderStage_Vertex | WGPUShaderStage_Fragment;
    entry.buffer.type = WGPUBufferBindingType_Uniform;
    entry.buffer.hasDynamicOffset = 1;      // one arena buffer, one uniform slice per RenderDrawData() call
    entry.buffer.minBindingSize = IMGUI_IMPL_WGPU_UNIFORM_SIZE;
    WGPUBindGroupLayoutDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui uniforms");
    desc.entryCount = 1;
    desc.entries = &entry;
    bd->UniformLayout = wgpuDeviceCreateBindGroupLayout(bd->Device, &desc);
}

static WGPUBindGroupLayout ImGui_ImplWGPU_CreateImageLayout(ImGui_ImplWGPU_Data* bd, int sample_type)
{
    WGPUBindGroupLayoutEntry entries[2] = {};
    entries[0].binding = 0;
    entries[0].visibility = WGPUShaderStage_Fragment;
    entries[0].texture.sampleType = (sample_type == ImGui_ImplWGPU_SampleType_Depth) ? WGPUTextureSampleType_Depth
                                  : (sample_type == ImGui_ImplWGPU_SampleType_UnfilterableFloat) ? WGPUTextureSampleType_UnfilterableFloat
                                  : WGPUTextureSampleType_Float;
    entries[0].texture.viewDimension = WGPUTextureViewDimension_2D;
    entries[1].binding = 1;
    entries[1].visibility = WGPUShaderStage_Fragment;
    entries[1].sampler.type = ImGui_ImplWGPU_IsFilterable(sample_type) ? WGPUSamplerBindingType_Filtering : WGPUSamplerBindingType_NonFiltering;
    WGPUBindGroupLayoutDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui image");
    desc.entryCount = 2;
    desc.entries = entries;
    return wgpuDeviceCreateBindGroupLayout(bd->Device, &desc);
}

// One layout per sample type, shared by the pipelines of every target (multi-viewport): image bind groups made for one
// pipeline are then valid with all of them.
static WGPUBindGroupLayout ImGui_ImplWGPU_GetImageLayout(ImGui_ImplWGPU_Data* bd, int sample_type)
{
    if (!bd->ImageLayouts[sample_type])
        bd->ImageLayouts[sample_type] = ImGui_ImplWGPU_CreateImageLayout(bd, sample_type);
    return bd->ImageLayouts[sample_type];
}

static void ImGui_ImplWGPU_CreatePipeline(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_RenderTarget* target, int sample_type)
{
    // The WGSL of one sample type: the common part, then its image binding and fragment stage.
    ImVector<char> source;
    const size_t common_size = sizeof(g_ImplWGPU_ShaderCommonWGSL) - 1;
    const size_t fragment_size = strlen(g_ImplWGPU_ShaderFragmentWGSL[sample_type]);
    source.resize((int)(common_size + fragment_size + 1));
    memcpy(source.Data, g_ImplWGPU_ShaderCommonWGSL, common_size);
    memcpy(source.Data + common_size, g_ImplWGPU_ShaderFragmentWGSL[sample_type], fragment_size + 1);

    WGPUShaderSourceWGSL wgsl = {};
    wgsl.chain.sType = WGPUSType_ShaderSourceWGSL;
    wgsl.code = ImGui_ImplWGPU_String(source.Data);
    WGPUShaderModuleDescriptor module_desc = {};
    module_desc.nextInChain = &wgsl.chain;
    module_desc.label = ImGui_ImplWGPU_String("imgui shader");
    WGPUShaderModule module = wgpuDeviceCreateShaderModule(bd->Device, &module_desc);

    WGPUBindGroupLayout layouts[2] = { bd->UniformLayout, ImGui_ImplWGPU_GetImageLayout(bd, sample_type) };
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

    // Colour blends by source alpha; alpha accumulates coverage, so a transparent target ends up with a meaningful
    // alpha channel.
    WGPUBlendState blend = {};
    blend.color.operation = WGPUBlendOperation_Add;
    blend.color.srcFactor = WGPUBlendFactor_SrcAlpha;
    blend.color.dstFactor = WGPUBlendFactor_OneMinusSrcAlpha;
    blend.alpha.operation = WGPUBlendOperation_Add;
    blend.alpha.srcFactor = WGPUBlendFactor_One;
    blend.alpha.dstFactor = WGPUBlendFactor_OneMinusSrcAlpha;
    WGPUColorTargetState color_target = {};
    color_target.format = target->Format;
    color_target.blend = &blend;
    color_target.writeMask = WGPUColorWriteMask_All;

    WGPUFragmentState fragment = {};
    fragment.module = module;
    fragment.entryPoint = ImGui_ImplWGPU_String("fs_main");
    fragment.targetCount = 1;
    fragment.targets = &color_target;

    // ImGui draws in painter's order: depth is neither tested nor written, but the pipeline must match the pass.
    WGPUDepthStencilState depth_stencil = {};
    depth_stencil.format = target->DepthStencilFormat;
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
    desc.multisample = target->MultisampleState;
    desc.depthStencil = (target->DepthStencilFormat != WGPUTextureFormat_Undefined) ? &depth_stencil : nullptr;
    desc.fragment = &fragment;
    target->Pipelines[sample_type] = wgpuDeviceCreateRenderPipeline(bd->Device, &desc);

    // The pipeline keeps what it needs.
    wgpuPipelineLayoutRelease(pipeline_layout);
    wgpuShaderModuleRelease(module);
}

static WGPURenderPipeline ImGui_ImplWGPU_GetPipeline(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_RenderTarget* target, int sample_type)
{
    if (!target->Pipelines[sample_type])
        ImGui_ImplWGPU_CreatePipeline(bd, target, sample_type);
    return target->Pipelines[sample_type];
}

static void ImGui_ImplWGPU_ReleasePipelines(ImGui_ImplWGPU_RenderTarget* target)
{
    for (WGPURenderPipeline& pipeline : target->Pipelines)
        ImGui_ImplWGPU_SafeRelease(pipeline, wgpuRenderPipelineRelease);
}

// The main target's pipelines are made when an image that needs one is added, not in the middle of encoding a pass.
static void ImGui_ImplWGPU_PrepareImagePipeline(ImGui_ImplWGPU_Data* bd, int sample_type)
{
    if (bd->UniformLayout && !bd->DeviceLost)
        ImGui_ImplWGPU_GetPipeline(bd, &bd->MainTarget, sample_type);
}

// The bind group of an image for one sampler, made on first use.
static WGPUBindGroup ImGui_ImplWGPU_GetImageBindGroup(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_Image* image, int sampler_index)
{
    if (image->BindGroups[sampler_index])
        return image->BindGroups[sampler_index];
    WGPUBindGroupEntry entries[2] = {};
    entries[0].binding = 0;
    entries[0].textureView = image->View;
    entries[1].binding = 1;
    entries[1].sampler = ImGui_ImplWGPU_GetSampler(bd, sampler_index);
    WGPUBindGroupDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui image");
    desc.layout = ImGui_ImplWGPU_GetImageLayout(bd, image->SampleType);
    desc.entryCount = 2;
    desc.entries = entries;
    bd->Stats.BindGroupsCreatedTotal++;
    bd->Stats.BindGroupsCreatedThisFrame++;
    image->BindGroups[sampler_index] = wgpuDeviceCreateBindGroup(bd->Device, &desc);
    return image->BindGroups[sampler_index];
}

static void ImGui_ImplWGPU_ReleaseBindGroups(ImGui_ImplWGPU_Image* image)
{
    for (WGPUBindGroup& bind_group : image->BindGroups)
        ImGui_ImplWGPU_SafeRelease(bind_group, wgpuBindGroupRelease);
}

static void ImGui_ImplWGPU_ReleaseImage(ImGui_ImplWGPU_Image* image)
{
    ImGui_ImplWGPU_ReleaseBindGroups(image);
    if (image->View)
        wgpuTextureViewRelease(image->View);
    if (image->Texture)
        wgpuTextureRelease(image->Texture);
    image->View = nullptr;
    image->Texture = nullptr;
}

static void ImGui_ImplWGPU_InitImage(ImGui_ImplWGPU_Image* image, WGPUTextureView view, const ImGui_ImplWGPU_ImageOptions& options)
{
    memset((void*)image, 0, sizeof(*image));
    image->View = view;
    image->SampleType = options.SampleType;
    image->SamplerIndex = ImGui_ImplWGPU_SamplerIndex(options);
}

// A texture the backend makes and owns: RGBA8Unorm, or R8Unorm for single-channel (Alpha) data.
static bool ImGui_ImplWGPU_CreateImageTexture(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_Image* image, int width, int height, const ImGui_ImplWGPU_ImageOptions& options, const char* label)
{
    WGPUTextureDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String(label);
    desc.usage = WGPUTextureUsage_TextureBinding | WGPUTextureUsage_CopyDst;
    desc.dimension = WGPUTextureDimension_2D;
    desc.size.width = (uint32_t)width;
    desc.size.height = (uint32_t)height;
    desc.size.depthOrArrayLayers = 1;
    desc.format = (options.SampleType == ImGui_ImplWGPU_SampleType_Alpha) ? WGPUTextureFormat_R8Unorm : WGPUTextureFormat_RGBA8Unorm;
    desc.mipLevelCount = 1;
    desc.sampleCount = 1;
    WGPUTexture texture = wgpuDeviceCreateTexture(bd->Device, &desc);
    ImGui_ImplWGPU_InitImage(image, wgpuTextureCreateView(texture, nullptr), options);
    image->Texture = texture;
    image->Width = width;
    image->Height = height;
    return image->View != nullptr;
}

// Writes exactly a width x height rectangle: the source is read as rows of 'pitch' bytes, and the last row only up to
// its last pixel, so a rectangle ending at the bottom-right of the source never reads past it.
static void ImGui_ImplWGPU_WriteImageRect(ImGui_ImplWGPU_Data* bd, const ImGui_ImplWGPU_Image* image, int x, int y, int width, int height, const void* pixels, int pitch, int bytes_per_pixel)
{
    WGPUTexelCopyTextureInfo destination = {};
    destination.texture = image->Texture;
    destination.mipLevel = 0;
    destination.origin.x = (uint32_t)x;
    destination.origin.y = (uint32_t)y;
    destination.aspect = WGPUTextureAspect_All;
    WGPUTexelCopyBufferLayout layout = {};
    layout.offset = 0;
    layout.bytesPerRow = (uint32_t)pitch;
    layout.rowsPerImage = (uint32_t)height;
    WGPUExtent3D size = {};
    size.width = (uint32_t)width;
    size.height = (uint32_t)height;
    size.depthOrArrayLayers = 1;
    const size_t data_size = (size_t)(height - 1) * (size_t)pitch + (size_t)width * (size_t)bytes_per_pixel;
    wgpuQueueWriteTexture(bd->Queue, &destination, pixels, data_size, &layout, &size);
    bd->Stats.UploadBytesThisFrame += (uint64_t)width * (uint64_t)height * (uint64_t)bytes_per_pixel;  // what reaches the texture
}

#ifndef IMGUI_HAS_TEXTURES
static void ImGui_ImplWGPU_CreateFontsTexture(ImGui_ImplWGPU_Data* bd)
{
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    ImGui_ImplWGPU_ImageOptions options;
    ImGui_ImplWGPU_CreateImageTexture(bd, &bd->FontImage, width, height, options, "imgui font atlas");
    ImGui_ImplWGPU_WriteImageRect(bd, &bd->FontImage, 0, 0, width, height, pixels, width * 4, 4);
    ImGui_ImplWGPU_GetImageBindGroup(bd, &bd->FontImage, bd->FontImage.SamplerIndex);
    io.Fonts->SetTexID(IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(bd->FontImage.View));
}
#endif

bool ImGui_ImplWGPU_CreateDeviceObjects()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "CreateDeviceObjects() called before Init() or after Shutdown(); ignored.");
        return false;
    }
    if (bd->UniformLayout)
        ImGui_ImplWGPU_InvalidateDeviceObjects();

    ImGui_ImplWGPU_CreateUniformLayout(bd);
    ImGui_ImplWGPU_CreatePipeline(bd, &bd->MainTarget, ImGui_ImplWGPU_SampleType_Float);
    for (const ImGui_ImplWGPU_Image& image : bd->Images)    // images added before the device objects existed
        ImGui_ImplWGPU_GetPipeline(bd, &bd->MainTarget, image.SampleType);
#ifndef IMGUI_HAS_TEXTURES
    ImGui_ImplWGPU_CreateFontsTexture(bd);
#endif

    // The upload arena is made on first use, sized by what the application draws.
    return bd->MainTarget.Pipelines[ImGui_ImplWGPU_SampleType_Float] != nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] Init
//-----------------------------------------------------------------------------

#ifdef IMGUI_IMPL_WGPU_HAS_STANDARD_DRAW_CALLBACKS
static void ImGui_ImplWGPU_DrawCallback_ResetRenderState(const ImDrawList*, const ImDrawCmd*) {}    // Recognised by RenderDrawData()
#endif
#ifdef IMGUI_HAS_VIEWPORT
static void ImGui_ImplWGPU_InitMultiViewportSupport(ImGui_ImplWGPU_Data* bd);
static void ImGui_ImplWGPU_ShutdownMultiViewportSupport(ImGui_ImplWGPU_Data* bd);
static void ImGui_ImplWGPU_InvalidateViewportObjects();
#endif

// How many bytes one upload write should carry at most, when InitInfo leaves it to the backend. Natively, and in
// Chromium (Dawn behind its wire), one write per call is cheapest: IMGUI_IMPL_WGPU_MAX_WRITE_BYTES. Firefox's
// writeBuffer() sends a write of less than 1 KiB inside its message to the GPU process, but makes a shared memory
// segment for every larger one, about 100 us each (the first of a task; docs/BENCHMARKS.md, "In the browser"): there,
// writes of at most IMGUI_IMPL_WGPU_FIREFOX_INLINE_WRITE_MAX_BYTES halve a small call. That is the browser's choice,
// not WebGPU's, and nothing in WebGPU tells the implementations apart (Firefox's adapter info is empty): the user
// agent names the browser.
#ifdef __EMSCRIPTEN__
EM_JS(int, ImGui_ImplWGPU_BrowserIsFirefox, (), { return (typeof navigator !== "undefined" && navigator.userAgent.indexOf("Firefox/") >= 0) ? 1 : 0; });
static uint32_t ImGui_ImplWGPU_DefaultUploadWriteMaxBytes()
{
    return ImGui_ImplWGPU_BrowserIsFirefox() ? IMGUI_IMPL_WGPU_FIREFOX_INLINE_WRITE_MAX_BYTES : IMGUI_IMPL_WGPU_MAX_WRITE_BYTES;
}
#else
static uint32_t ImGui_ImplWGPU_DefaultUploadWriteMaxBytes()
{
    return IMGUI_IMPL_WGPU_MAX_WRITE_BYTES;
}
#endif

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
    io.BackendRendererName = IMGUI_IMPL_WGPU_IMPLEMENTATION_NAME;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // We can honor the ImDrawCmd::VtxOffset field, allowing for large meshes.

    bd->InitInfo = *init_info;
    if (bd->InitInfo.NumFramesInFlight < 1)
        bd->InitInfo.NumFramesInFlight = 1;
    if (bd->InitInfo.ImageCacheMaxUnusedFrames < 0)
        bd->InitInfo.ImageCacheMaxUnusedFrames = 0;
    bd->UploadWriteMaxBytes = (init_info->UploadWriteMaxBytes == 0) ? ImGui_ImplWGPU_DefaultUploadWriteMaxBytes() : init_info->UploadWriteMaxBytes & ~3u;
    if (bd->UploadWriteMaxBytes < 4)
        bd->UploadWriteMaxBytes = 4;
    bd->Stats.UploadWriteMaxBytes = bd->UploadWriteMaxBytes;
    bd->Device = init_info->Device;
    bd->DearImGuiFrameCount = ImGui::GetFrameCount();
    wgpuDeviceAddRef(bd->Device);
    bd->Queue = wgpuDeviceGetQueue(bd->Device);
    bd->MainTarget.Format = init_info->RenderTargetFormat;
    bd->MainTarget.DepthStencilFormat = init_info->DepthStencilFormat;
    bd->MainTarget.MultisampleState = init_info->PipelineMultisampleState;
    bd->MainTarget.SrgbTarget = ImGui_ImplWGPU_IsSrgbFormat(init_info->RenderTargetFormat) ? 1.0f : 0.0f;

    // Limits that shape the upload arena and textures. Conservative WebGPU defaults if the query fails.
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

    WGPUAdapterInfo adapter_info = {};
    if (IMGUI_IMPL_WGPU_GET_ADAPTER_INFO(bd->Device, &adapter_info))
    {
        const WGPUStringView name = (adapter_info.device.data && adapter_info.device.length) ? adapter_info.device : adapter_info.description;
        snprintf(bd->AdapterDescription, sizeof(bd->AdapterDescription), "%.*s (%s)", ImGui_ImplWGPU_StringViewLength(name), name.data ? name.data : "",
            ImGui_ImplWGPU_GetBackendTypeName(adapter_info.backendType));
        wgpuAdapterInfoFreeMembers(adapter_info);
    }

#ifdef IMGUI_HAS_TEXTURES
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;   // We can honor ImGuiPlatformIO::Textures[] requests during render.
    ImGuiPlatformIO& platform_io = ImGui::GetPlatformIO();
    platform_io.Renderer_TextureMaxWidth = platform_io.Renderer_TextureMaxHeight = (int)bd->MaxTextureDimension2D;
#endif
#ifdef IMGUI_IMPL_WGPU_HAS_STANDARD_DRAW_CALLBACKS
    platform_io.DrawCallback_ResetRenderState = ImGui_ImplWGPU_DrawCallback_ResetRenderState;
    platform_io.DrawCallback_SetSamplerLinear = ImGui_ImplWGPU_DrawCallback_SetSamplerLinear;
    platform_io.DrawCallback_SetSamplerNearest = ImGui_ImplWGPU_DrawCallback_SetSamplerNearest;
#endif
#ifdef IMGUI_HAS_VIEWPORT
    ImGui_ImplWGPU_InitMultiViewportSupport(bd);
#endif
    ImGui_ImplWGPU_RegisterBackend(bd);     // Losses notified before Init() were of other devices
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Image cache: lookup, eviction, images with options, textures made for the user
//-----------------------------------------------------------------------------

static ImU32 ImGui_ImplWGPU_HashPointer(const void* ptr)
{
    // Fibonacci hashing, one multiplication (it runs once per image draw): the address times 2^64/phi. Bits 32 and up
    // of the product, which the mask then cuts, depend on every address bit below them. Keys are compared as whole
    // pointers.
    return (ImU32)(((uint64_t)(uintptr_t)ptr * 0x9E3779B97F4A7C15ULL) >> 32);
}

static void ImGui_ImplWGPU_InsertImageSlot(ImGui_ImplWGPU_Data* bd, int image_index)
{
    const int mask = bd->ImageSlots.Size - 1;
    int slot = (int)(ImGui_ImplWGPU_HashPointer(bd->Images[image_index].View) & (ImU32)mask);
    while (bd->ImageSlots[slot] >= 0)
        slot = (slot + 1) & mask;
    bd->ImageSlots[slot] = image_index;
}

// Rebuilds the index, with room for 'min_images' at a load factor of at most 1/2.
static void ImGui_ImplWGPU_RebuildImageSlots(ImGui_ImplWGPU_Data* bd, int min_images)
{
    int size = 64;
    while (size < min_images * 2)
        size *= 2;
    bd->ImageSlots.resize(size);
    for (int i = 0; i < size; i++)
        bd->ImageSlots[i] = -1;
    for (int i = 0; i < bd->Images.Size; i++)
        ImGui_ImplWGPU_InsertImageSlot(bd, i);
}

static ImGui_ImplWGPU_Image* ImGui_ImplWGPU_FindImage(ImGui_ImplWGPU_Data* bd, WGPUTextureView view)
{
    if (bd->ImageSlots.Size == 0)
        return nullptr;
    const int mask = bd->ImageSlots.Size - 1;
    for (int slot = (int)(ImGui_ImplWGPU_HashPointer(view) & (ImU32)mask); ; slot = (slot + 1) & mask)
    {
        const int image_index = bd->ImageSlots[slot];
        if (image_index < 0)
            return nullptr;
        if (bd->Images[image_index].View == view)
            return &bd->Images[image_index];
    }
}

// Adds an image whose View the caller has referenced (or made). Pointers to other images may move.
static ImGui_ImplWGPU_Image* ImGui_ImplWGPU_InsertImage(ImGui_ImplWGPU_Data* bd, const ImGui_ImplWGPU_Image& image)
{
    bd->Images.push_back(image);
    if (bd->Images.Size * 2 > bd->ImageSlots.Size)
        ImGui_ImplWGPU_RebuildImageSlots(bd, bd->Images.Size);
    else
        ImGui_ImplWGPU_InsertImageSlot(bd, bd->Images.Size - 1);
    return &bd->Images.back();
}

// The image for a plain view: a miss pins the view (AddRef) with default options.
static ImGui_ImplWGPU_Image* ImGui_ImplWGPU_LookupImage(ImGui_ImplWGPU_Data* bd, WGPUTextureView view)
{
    if (ImGui_ImplWGPU_Image* image = ImGui_ImplWGPU_FindImage(bd, view))
        return image;
    ImGui_ImplWGPU_Image image;
    ImGui_ImplWGPU_InitImage(&image, view, ImGui_ImplWGPU_ImageOptions());
    wgpuTextureViewAddRef(view);
    return ImGui_ImplWGPU_InsertImage(bd, image);
}

static void ImGui_ImplWGPU_ReleaseAllImages(ImGui_ImplWGPU_Data* bd)
{
    for (ImGui_ImplWGPU_Image& image : bd->Images)
        ImGui_ImplWGPU_ReleaseImage(&image);
    bd->Images.resize(0);
    bd->ImageSlots.resize(0);
}

// Releases every plain (pinned) image and the bind groups of the kept ones, which stay: added images and textures
// made for the user are application state, drawn again after a device-object reset with new bind groups. A kept
// image whose release is scheduled keeps its date. A plain view is pinned again when it is next drawn. Retired font
// atlas views stay too (they hold no bind group): draw data older than the reset may still name them.
static void ImGui_ImplWGPU_ReleaseCachedImages(ImGui_ImplWGPU_Data* bd)
{
    int kept = 0;
    for (int i = 0; i < bd->Images.Size; i++)
    {
        ImGui_ImplWGPU_Image& image = bd->Images[i];
        if (!image.Kept && !image.FontAtlasAlias)
        {
            ImGui_ImplWGPU_ReleaseImage(&image);
            continue;
        }
        ImGui_ImplWGPU_ReleaseBindGroups(&image);
        bd->Images[kept++] = image;
    }
    bd->Images.resize(kept);
    ImGui_ImplWGPU_RebuildImageSlots(bd, kept);
}

// Removes the image at 'index' from the cache, releasing it. Pointers to other images may move.
static void ImGui_ImplWGPU_EraseImage(ImGui_ImplWGPU_Data* bd, int index)
{
    ImGui_ImplWGPU_ReleaseImage(&bd->Images[index]);
    bd->Images[index] = bd->Images.back();
    bd->Images.pop_back();
    ImGui_ImplWGPU_RebuildImageSlots(bd, bd->Images.Size);
}

// Releases cached images not used for more than ImageCacheMaxUnusedFrames frames, and kept images whose
// RemoveImage/DestroyTexture delay has run out. Releasing the view reference lets the application's released
// textures finally go; a bind group still used by a pass in flight stays alive in WebGPU.
static void ImGui_ImplWGPU_EvictImages(ImGui_ImplWGPU_Data* bd)
{
    const uint64_t max_unused = (uint64_t)bd->InitInfo.ImageCacheMaxUnusedFrames;
    int kept = 0;
    for (int i = 0; i < bd->Images.Size; i++)
    {
        ImGui_ImplWGPU_Image& image = bd->Images[i];
        const bool release = image.Kept ? (image.ReleaseFrame != 0 && bd->FrameIndex >= image.ReleaseFrame)
                                        : (bd->FrameIndex - image.LastUsedFrame > max_unused);
        if (release)
        {
            ImGui_ImplWGPU_ReleaseImage(&image);
            bd->Stats.ImageCacheEvictionsTotal++;
            bd->Stats.ImageCacheEvictionsThisFrame++;
            continue;
        }
        bd->Images[kept++] = image;
    }
    if (kept == bd->Images.Size)
        return;
    bd->Images.resize(kept);
    ImGui_ImplWGPU_RebuildImageSlots(bd, kept);
}

ImTextureID ImGui_ImplWGPU_AddImage(WGPUTextureView view, const ImGui_ImplWGPU_ImageOptions* options)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd || !view)
    {
        ImGui_ImplWGPU_ReportError(bd, bd ? ImGui_ImplWGPU_Error_NullTexture : ImGui_ImplWGPU_Error_NotInitialized, "AddImage() needs Init() and a view; ignored.");
        return IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(nullptr);
    }
    const ImGui_ImplWGPU_ImageOptions default_options;
    ImGui_ImplWGPU_Image* image = ImGui_ImplWGPU_FindImage(bd, view);
    if (image)
        ImGui_ImplWGPU_ReleaseBindGroups(image);    // made for the old options
    else
    {
        wgpuTextureViewAddRef(view);
        ImGui_ImplWGPU_Image new_image;
        ImGui_ImplWGPU_InitImage(&new_image, view, default_options);
        image = ImGui_ImplWGPU_InsertImage(bd, new_image);
    }
    const ImGui_ImplWGPU_ImageOptions& chosen = options ? *options : default_options;
    image->SampleType = (chosen.SampleType >= 0 && chosen.SampleType < ImGui_ImplWGPU_SampleType_COUNT) ? chosen.SampleType : ImGui_ImplWGPU_SampleType_Float;
    image->SamplerIndex = ImGui_ImplWGPU_SamplerIndex(chosen);
    image->Kept = true;
    image->ReleaseFrame = 0;
    image->LastUsedFrame = bd->FrameIndex;
    ImGui_ImplWGPU_PrepareImagePipeline(bd, image->SampleType);
    return IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(view);
}

// Schedules the release of a kept image: draw lists built before this call may still draw it this frame and
// the frames in flight.
static void ImGui_ImplWGPU_ScheduleRelease(ImGui_ImplWGPU_Data* bd, ImTextureID tex_id, const char* what)
{
    ImGui_ImplWGPU_Image* image = bd ? ImGui_ImplWGPU_FindImage(bd, IMGUI_IMPL_WGPU_VIEW_FROM_TEXID(tex_id)) : nullptr;
    if (!image || !image->Kept)
    {
        ImGui_ImplWGPU_ReportError(bd, bd ? ImGui_ImplWGPU_Error_BadTextureRequest : ImGui_ImplWGPU_Error_NotInitialized, "%s() of an ImTextureID the backend does not keep; ignored.", what);
        return;
    }
    if (image->ReleaseFrame == 0)
        image->ReleaseFrame = bd->FrameIndex + (uint64_t)bd->InitInfo.NumFramesInFlight;
}

// A kept image: scheduled as DestroyTexture(). A plain view: its pin is dropped now, which is safe because the
// application still holds the view (as it must to draw it), and a pass already recorded keeps what it uses alive.
// A view the backend does not hold (never drawn, or already evicted) is a no-op.
void ImGui_ImplWGPU_RemoveImage(ImTextureID tex_id)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    WGPUTextureView view = IMGUI_IMPL_WGPU_VIEW_FROM_TEXID(tex_id);
    if (bd && view)
    {
        ImGui_ImplWGPU_Image* image = ImGui_ImplWGPU_FindImage(bd, view);
        if (!image)
            return;
        if (!image->Kept)
        {
            ImGui_ImplWGPU_EraseImage(bd, (int)(image - bd->Images.Data));
            bd->Stats.ImageCacheEvictionsTotal++;
            bd->Stats.ImageCacheEvictionsThisFrame++;
            return;
        }
    }
    ImGui_ImplWGPU_ScheduleRelease(bd, tex_id, "RemoveImage");
}

ImTextureID ImGui_ImplWGPU_CreateTexture(int width, int height, const void* rgba_pixels, const ImGui_ImplWGPU_ImageOptions* options)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (bd)
        ImGui_ImplWGPU_TakeDeviceLoss(bd);
    if (!bd || bd->DeviceLost || width <= 0 || height <= 0 || (uint32_t)width > bd->MaxTextureDimension2D || (uint32_t)height > bd->MaxTextureDimension2D)
    {
        ImGui_ImplWGPU_ReportError(bd, bd ? ImGui_ImplWGPU_Error_BadTextureRequest : ImGui_ImplWGPU_Error_NotInitialized, "CreateTexture(%d, %d) needs Init(), a live device and a size within the device's limits; no texture made.", width, height);
        return IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(nullptr);
    }
    ImGui_ImplWGPU_ImageOptions chosen = options ? *options : ImGui_ImplWGPU_ImageOptions();
    chosen.SampleType = ImGui_ImplWGPU_SampleType_Float;    // the texture is RGBA8Unorm
    ImGui_ImplWGPU_Image image;
    ImGui_ImplWGPU_CreateImageTexture(bd, &image, width, height, chosen, "imgui user texture");
    if (rgba_pixels)
        ImGui_ImplWGPU_WriteImageRect(bd, &image, 0, 0, width, height, rgba_pixels, width * 4, 4);
    image.Kept = true;
    image.LastUsedFrame = bd->FrameIndex;
    return IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(ImGui_ImplWGPU_InsertImage(bd, image)->View);
}

bool ImGui_ImplWGPU_UpdateTextureRect(ImTextureID tex_id, int x, int y, int width, int height, const void* rgba_pixels, int pitch_bytes)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (bd)
        ImGui_ImplWGPU_TakeDeviceLoss(bd);
    ImGui_ImplWGPU_Image* image = bd ? ImGui_ImplWGPU_FindImage(bd, IMGUI_IMPL_WGPU_VIEW_FROM_TEXID(tex_id)) : nullptr;
    // Written so that no sum can overflow: x + width may exceed INT_MAX for a hostile x.
    const bool inside = image && image->Texture && x >= 0 && y >= 0 && width > 0 && height > 0 &&
                        width <= image->Width && x <= image->Width - width && height <= image->Height && y <= image->Height - height;
    if (!inside || !rgba_pixels || pitch_bytes < width * 4 || bd->DeviceLost)
    {
        ImGui_ImplWGPU_ReportError(bd, bd ? ImGui_ImplWGPU_Error_BadTextureRequest : ImGui_ImplWGPU_Error_NotInitialized,
            "UpdateTextureRect() needs a texture made by CreateTexture(), a rectangle inside it and pixels with a pitch of at least width*4; ignored.");
        return false;
    }
    ImGui_ImplWGPU_WriteImageRect(bd, image, x, y, width, height, rgba_pixels, pitch_bytes, 4);
    return true;
}

void ImGui_ImplWGPU_DestroyTexture(ImTextureID tex_id)
{
    ImGui_ImplWGPU_ScheduleRelease(ImGui_ImplWGPU_GetBackendData(), tex_id, "DestroyTexture");
}

//-----------------------------------------------------------------------------
// [SECTION] Dear ImGui 1.92+ texture requests
//-----------------------------------------------------------------------------

#ifdef IMGUI_HAS_TEXTURES
static void ImGui_ImplWGPU_DestroyTextureData(ImTextureData* tex)
{
    if (ImGui_ImplWGPU_Image* image = (ImGui_ImplWGPU_Image*)tex->BackendUserData)
    {
        ImGui_ImplWGPU_ReleaseImage(image);
        IM_DELETE(image);
    }
    tex->SetTexID(ImTextureID_Invalid);
    tex->BackendUserData = nullptr;
    tex->SetStatus(ImTextureStatus_Destroyed);
}

void ImGui_ImplWGPU_UpdateTexture(ImTextureData* tex)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd || !tex)
    {
        ImGui_ImplWGPU_ReportError(bd, bd ? ImGui_ImplWGPU_Error_BadTextureRequest : ImGui_ImplWGPU_Error_NotInitialized, "UpdateTexture() needs Init() and a texture; ignored.");
        return;
    }
    if (tex->Status == ImTextureStatus_WantCreate)
    {
        // Alpha8 stays one byte per texel (R8Unorm, drawn as coverage on white); RGBA32 is RGBA8Unorm.
        ImGui_ImplWGPU_ImageOptions options;
        options.SampleType = (tex->Format == ImTextureFormat_Alpha8) ? ImGui_ImplWGPU_SampleType_Alpha : ImGui_ImplWGPU_SampleType_Float;
        // A second WantCreate for a texture we already made (upstream asserts): the new one replaces it. Released, not
        // destroyed: a pass recorded earlier still reads the old texture until its command buffer has run.
        if (ImGui_ImplWGPU_Image* previous = (ImGui_ImplWGPU_Image*)tex->BackendUserData)
        {
            ImGui_ImplWGPU_ReleaseImage(previous);
            IM_DELETE(previous);
            tex->BackendUserData = nullptr;
        }
        ImGui_ImplWGPU_Image* image = IM_NEW(ImGui_ImplWGPU_Image)();
        ImGui_ImplWGPU_CreateImageTexture(bd, image, tex->Width, tex->Height, options, "imgui texture");
        ImGui_ImplWGPU_PrepareImagePipeline(bd, options.SampleType);
        ImGui_ImplWGPU_WriteImageRect(bd, image, 0, 0, tex->Width, tex->Height, tex->GetPixels(), tex->GetPitch(), tex->BytesPerPixel);
        tex->BackendUserData = image;
        tex->SetTexID(IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(image->View));
        tex->SetStatus(ImTextureStatus_OK);
    }
    else if (tex->Status == ImTextureStatus_WantUpdates)
    {
        // Exactly the update rectangles: never the bounding box's full rows, which would read past the pixels.
        ImGui_ImplWGPU_Image* image = (ImGui_ImplWGPU_Image*)tex->BackendUserData;
        for (const ImTextureRect& r : tex->Updates)
            if (image && r.w > 0 && r.h > 0)
                ImGui_ImplWGPU_WriteImageRect(bd, image, r.x, r.y, r.w, r.h, tex->GetPixelsAt(r.x, r.y), tex->GetPitch(), tex->BytesPerPixel);
        tex->SetStatus(ImTextureStatus_OK);
    }
    else if (tex->Status == ImTextureStatus_WantDestroy && tex->UnusedFrames > 0)
    {
        // Not drawn last frame; WebGPU keeps the texture alive for any frame in flight that still reads it.
        ImGui_ImplWGPU_DestroyTextureData(tex);
    }
}
#endif // IMGUI_HAS_TEXTURES

//-----------------------------------------------------------------------------
// [SECTION] NewFrame
//-----------------------------------------------------------------------------

// The frame clock: counters of the finished frame kept for the debug window, images evicted, RemoveImage()/DestroyTexture()
// delays counted down.
static void ImGui_ImplWGPU_StartFrame(ImGui_ImplWGPU_Data* bd)
{
    ImGui_ImplWGPU_GetStats(&bd->PreviousFrameStats);
    bd->FrameMsHistory[bd->HistoryOffset] = ImGui::GetIO().DeltaTime * 1000.0f;
    bd->BindGroupsHistory[bd->HistoryOffset] = (float)bd->Stats.BindGroupsCreatedThisFrame;
    bd->UploadKiBHistory[bd->HistoryOffset] = (float)bd->Stats.UploadBytesThisFrame / 1024.0f;
    bd->HistoryOffset = (bd->HistoryOffset + 1) % IMGUI_IMPL_WGPU_HISTORY_SIZE;
    bd->Stats.BindGroupsCreatedThisFrame = 0;
    bd->Stats.ImageCacheEvictionsThisFrame = 0;
    bd->Stats.RenderCallsThisFrame = 0;
    bd->Stats.DrawCallsThisFrame = 0;
    bd->Stats.DrawsSkippedThisFrame = 0;
    bd->Stats.UploadBytesThisFrame = 0;
    bd->Stats.UploadWritesThisFrame = 0;
    bd->Stats.UploadStagedBytesThisFrame = 0;
    bd->Stats.UploadMappedBytesThisFrame = 0;
    bd->Stats.UploadOwnBuffersThisFrame = 0;

    bd->FrameIndex++;
    ImGui_ImplWGPU_EvictImages(bd);
}

// An application may skip NewFrame() (upstream's only makes device objects): Dear ImGui's own frame count then drives the
// frame clock, so that its images are still evicted and its RemoveImage()/DestroyTexture() still take effect. It does not
// free the upload arena: only NewFrame() says that the previous frame was submitted, so without it every call past the
// arena gets a buffer of its own (correct, slower; see UploadOwnBuffersThisFrame).
static void ImGui_ImplWGPU_FollowDearImGuiFrames(ImGui_ImplWGPU_Data* bd)
{
    const int frame_count = ImGui::GetFrameCount();
    if (bd->NewFrameCalled || frame_count == bd->DearImGuiFrameCount)
        return;
    bd->DearImGuiFrameCount = frame_count;
    ImGui_ImplWGPU_StartFrame(bd);
}

void ImGui_ImplWGPU_NewFrame()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "NewFrame() called before Init() or after Shutdown(); ignored.");
        return;
    }
    ImGui_ImplWGPU_TakeDeviceLoss(bd);
    if (!bd->UniformLayout && !bd->DeviceLost)
        ImGui_ImplWGPU_CreateDeviceObjects();
#ifndef IMGUI_HAS_TEXTURES
    // On a lost device nothing is made, but Dear ImGui still needs its atlas built (on the CPU) to make frames.
    if (bd->DeviceLost && !ImGui::GetIO().Fonts->IsBuilt())
    {
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
#endif

    // The previous frame was submitted: the whole upload arena is free again (see ImGui_ImplWGPU_UploadArena).
    ImGui_ImplWGPU_UploadArena& arena = bd->Upload;
    if (arena.FrameBytes > arena.LargestFrameBytes)
        arena.LargestFrameBytes = arena.FrameBytes;
    arena.FrameBytes = 0;
    arena.Head = 0;
    bd->NewFrameCalled = true;
    ImGui_ImplWGPU_StartFrame(bd);
}

//-----------------------------------------------------------------------------
// [SECTION] RenderDrawData
//-----------------------------------------------------------------------------

static uint64_t ImGui_ImplWGPU_AlignUp(uint64_t value, uint64_t alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

// Group 0 for the uniforms of the calls whose data lies in 'buffer' (a dynamic offset picks the call's).
static WGPUBindGroup ImGui_ImplWGPU_CreateUniformBindGroup(ImGui_ImplWGPU_Data* bd, WGPUBuffer buffer)
{
    WGPUBindGroupEntry entry = {};
    entry.binding = 0;
    entry.buffer = buffer;
    entry.offset = 0;
    entry.size = IMGUI_IMPL_WGPU_UNIFORM_SIZE;
    WGPUBindGroupDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui uniforms");
    desc.layout = bd->UniformLayout;
    desc.entryCount = 1;
    desc.entries = &entry;
    bd->Stats.BindGroupsCreatedTotal++;
    bd->Stats.BindGroupsCreatedThisFrame++;
    return wgpuDeviceCreateBindGroup(bd->Device, &desc);
}

// Replaces the arena's buffer with a larger, empty one: 1.5 times what this frame has taken, this call included, so
// that the next frame like it fits. The old buffer is released, not destroyed: passes recorded earlier still read
// their regions there, and nothing writes to it again, so those calls stay intact.
static bool ImGui_ImplWGPU_GrowUploadArena(ImGui_ImplWGPU_Data* bd, uint64_t frame_bytes, uint64_t call_bytes)
{
    ImGui_ImplWGPU_UploadArena& arena = bd->Upload;
    uint64_t capacity = ImGui_ImplWGPU_AlignUp(frame_bytes + frame_bytes / 2, bd->UniformOffsetAlignment);
    if (capacity > bd->MaxBufferSize)
        capacity = bd->MaxBufferSize & ~(uint64_t)3;
    if (capacity < call_bytes)
        return false;

    if (arena.Buffer)
    {
        wgpuBindGroupRelease(arena.UniformBindGroup);
        wgpuBufferRelease(arena.Buffer);
        bd->Stats.UploadArenaReallocationsTotal++;
    }
    WGPUBufferDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui upload arena");
    desc.usage = WGPUBufferUsage_CopyDst | WGPUBufferUsage_Vertex | WGPUBufferUsage_Index | WGPUBufferUsage_Uniform;
    desc.size = capacity;
    arena.Buffer = wgpuDeviceCreateBuffer(bd->Device, &desc);
    arena.UniformBindGroup = ImGui_ImplWGPU_CreateUniformBindGroup(bd, arena.Buffer);
    arena.Capacity = capacity;
    arena.Head = 0;
    bd->Stats.UploadArenaCapacity = capacity;
    return true;
}

// Where the call's region goes in the arena: after the frame's previous call, else at the start of a larger arena when
// it is the frame's first call or the frame may still grow the arena. False: the call needs a buffer of its own (see
// ImGui_ImplWGPU_UploadArena).
static bool ImGui_ImplWGPU_AllocateUploadRegion(ImGui_ImplWGPU_Data* bd, uint64_t call_bytes, uint64_t* out_offset)
{
    ImGui_ImplWGPU_UploadArena& arena = bd->Upload;
    const uint64_t offset = ImGui_ImplWGPU_AlignUp(arena.Head, bd->UniformOffsetAlignment);
    if (arena.Buffer && offset + call_bytes <= arena.Capacity)
    {
        *out_offset = offset;
        return true;
    }
    const uint64_t frame_bytes = arena.FrameBytes + call_bytes;
    const uint64_t growth_limit = (2 * arena.LargestFrameBytes > IMGUI_IMPL_WGPU_UPLOAD_GROWTH_MIN_BYTES) ? 2 * arena.LargestFrameBytes : IMGUI_IMPL_WGPU_UPLOAD_GROWTH_MIN_BYTES;
    if ((arena.FrameBytes != 0 && frame_bytes > growth_limit) || !ImGui_ImplWGPU_GrowUploadArena(bd, frame_bytes, call_bytes))
        return false;
    *out_offset = 0;
    return true;
}

// Moves a call's bytes into the arena with as few CPU copies and WebGPU calls as the data allows. Pieces of at least
// IMGUI_IMPL_WGPU_DIRECT_WRITE_MIN_BYTES go to wgpuQueueWriteBuffer straight from the draw list (the one CPU copy is
// WebGPU's); smaller pieces are gathered into one staging block and written together, because a write per small list
// costs more than copying it twice. wgpuQueueWriteBuffer wants offsets and sizes in multiples of 4: the unaligned
// ends of a direct piece (16-bit indices) travel with the neighbouring staged bytes. No write carries more than
// bd->UploadWriteMaxBytes.
struct ImGui_ImplWGPU_UploadWriter
{
    ImGui_ImplWGPU_Data*    bd;
    uint64_t                Offset;         // Destination of the next byte
    uint64_t                StagedOffset;   // Destination of Staging[0]
    int                     StagedSize;

    // Writes [dst, dst + size) in pieces of at most bd->UploadWriteMaxBytes (a multiple of 4, as dst and size are).
    void WritePieces(uint64_t dst, const unsigned char* src, size_t size)
    {
        for (size_t done = 0; done < size; )
        {
            const size_t piece = (size - done < bd->UploadWriteMaxBytes) ? size - done : bd->UploadWriteMaxBytes;
            wgpuQueueWriteBuffer(bd->Queue, bd->Upload.Buffer, dst + done, src + done, piece);
            bd->Stats.UploadWritesThisFrame++;
            done += piece;
        }
    }
    void Flush()
    {
        if (StagedSize == 0)
            return;
        WritePieces(StagedOffset, bd->Staging.Data, (size_t)StagedSize);
        bd->Stats.UploadStagedBytesThisFrame += (uint64_t)StagedSize;
        StagedSize = 0;
    }
    void Stage(const void* src, size_t size)
    {
        if (StagedSize == 0)
            StagedOffset = Offset;
        if (bd->Staging.Size < StagedSize + (int)size)
            bd->Staging.resize(StagedSize + (int)size);
        memcpy(bd->Staging.Data + StagedSize, src, size);
        StagedSize += (int)size;
        Offset += size;
    }
    void Write(const void* src, size_t size)
    {
        if (size == 0)
            return;
        if (size < IMGUI_IMPL_WGPU_DIRECT_WRITE_MIN_BYTES)
        {
            Stage(src, size);
            return;
        }
        const unsigned char* bytes = (const unsigned char*)src;
        const size_t head = (size_t)((4 - (Offset & 3)) & 3);
        const size_t body = (size - head) & ~(size_t)3;
        if (body == 0)
        {
            Stage(src, size);
            return;
        }
        Stage(bytes, head);
        Flush();
        WritePieces(Offset, bytes + head, body);
        Offset += body;
        Stage(bytes + head + body, size - head - body);
    }
};

// Appends to the mapped memory of a large call: the mapped upload's counterpart of ImGui_ImplWGPU_UploadWriter.
struct ImGui_ImplWGPU_MappedWriter
{
    unsigned char*          Data;
    uint64_t                Offset;

    void Write(const void* src, size_t size)
    {
        if (size == 0)      // An empty ImVector has no Data
            return;
        memcpy(Data + Offset, src, size);
        Offset += size;
    }
};

// A call's bytes in the order its region holds them, for either upload: the uniforms, every list's indices, zeros up
// to a multiple of 4 (an odd count of 16-bit indices: vertex buffers start at multiples of 4), every list's vertices.
// Indices before vertices because vertices are the larger part (20 bytes per vertex against about 3 of indices): a
// list large enough to be written straight from its ImDrawList usually has only its vertices written so, and then the
// uniforms and all indices before them leave the staging block in one write, where the other order took two.
template<typename Writer>
static void ImGui_ImplWGPU_WriteCallBytes(Writer& writer, const float* uniforms, ImDrawData* draw_data)
{
    writer.Write(uniforms, IMGUI_IMPL_WGPU_UNIFORM_SIZE);
    for (int n = 0; n < IMGUI_IMPL_WGPU_DRAW_LIST_COUNT(draw_data); n++)
        if (const ImDrawList* draw_list = draw_data->CmdLists[n])
            writer.Write(draw_list->IdxBuffer.Data, (size_t)draw_list->IdxBuffer.size_in_bytes());
    if (writer.Offset & 3)  // Regions start at multiples of the uniform offset alignment: the low bits are the region's
    {
        static const unsigned char padding[4] = {};
        writer.Write(padding, (size_t)(4 - (writer.Offset & 3)));
    }
    for (int n = 0; n < IMGUI_IMPL_WGPU_DRAW_LIST_COUNT(draw_data); n++)
        if (const ImDrawList* draw_list = draw_data->CmdLists[n])
            writer.Write(draw_list->VtxBuffer.Data, (size_t)draw_list->VtxBuffer.size_in_bytes());
}

static void ImGui_ImplWGPU_MapCallbackIgnored(WGPUMapAsyncStatus, WGPUStringView, void*, void*) {}

// Asks WebGPU to map the buffer again once the GPU has copied from it. The buffer's map state says when it is done, so
// the callback has nothing to do, and nothing of the backend's for WebGPU to call back into after Shutdown().
// WebGPU makes the state Pending at once; an implementation that leaves it Unmapped maps only for wgpuInstanceWaitAny()
// on the returned future (WGVK, see docs/WGVK.md), which the backend cannot wait on: false, and the path is given up.
static bool ImGui_ImplWGPU_RequestMap(const ImGui_ImplWGPU_MappedBuffer& mapped)
{
    WGPUBufferMapCallbackInfo callback = {};
    callback.mode = WGPUCallbackMode_AllowSpontaneous;
    callback.callback = ImGui_ImplWGPU_MapCallbackIgnored;
    wgpuBufferMapAsync(mapped.Buffer, WGPUMapMode_Write, 0, (size_t)mapped.Capacity, callback);
    return wgpuBufferGetMapState(mapped.Buffer) != WGPUBufferMapState_Unmapped;
}

// Releases the mapped buffers (a pending map is cancelled).
static void ImGui_ImplWGPU_ReleaseMappedUpload(ImGui_ImplWGPU_Data* bd)
{
    for (int i = 0; i < bd->MappedUpload.Count; i++)
        wgpuBufferRelease(bd->MappedUpload.Buffers[i].Buffer);
    memset((void*)&bd->MappedUpload, 0, sizeof(bd->MappedUpload));
    bd->Stats.UploadMappedCapacity = 0;
}

// A mapped buffer of at least call_bytes: one WebGPU has mapped again, else a new one (mapped at creation) in place of
// a mapped one too small, else a new one while there are fewer than NumFramesInFlight. Null when all are in use.
static ImGui_ImplWGPU_MappedBuffer* ImGui_ImplWGPU_AcquireMappedBuffer(ImGui_ImplWGPU_Data* bd, uint64_t call_bytes)
{
    ImGui_ImplWGPU_MappedUpload& pool = bd->MappedUpload;
    ImGui_ImplWGPU_MappedBuffer* slot = nullptr;
    for (int i = 0; i < pool.Count; i++)
    {
        ImGui_ImplWGPU_MappedBuffer& mapped = pool.Buffers[i];
        const WGPUBufferMapState state = wgpuBufferGetMapState(mapped.Buffer);
        if (state == WGPUBufferMapState_Unmapped)   // Its last map failed (device lost): ask again
            ImGui_ImplWGPU_RequestMap(mapped);
        if (state != WGPUBufferMapState_Mapped)
            continue;
        if (mapped.Capacity >= call_bytes)
            return &mapped;
        slot = &mapped;
    }
    if (slot)
    {
        wgpuBufferRelease(slot->Buffer);
        bd->Stats.UploadArenaReallocationsTotal++;
    }
    else if (pool.Count < bd->InitInfo.NumFramesInFlight && pool.Count < IMGUI_IMPL_WGPU_MAPPED_BUFFERS_MAX)
        slot = &pool.Buffers[pool.Count++];
    else
        return nullptr;

    // A quarter more than this call (within the device's limit), so that a frame growing slowly does not make a new
    // buffer each time.
    WGPUBufferDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui mapped upload");
    desc.usage = WGPUBufferUsage_MapWrite | WGPUBufferUsage_CopySrc;
    desc.size = ImGui_ImplWGPU_AlignUp(call_bytes + call_bytes / 4, 4);
    if (desc.size > bd->MaxBufferSize)
        desc.size = bd->MaxBufferSize & ~(uint64_t)3;   // Still at least call_bytes, which the caller checked
    desc.mappedAtCreation = true;
    slot->Buffer = wgpuDeviceCreateBuffer(bd->Device, &desc);
    slot->Capacity = desc.size;
    bd->Stats.UploadMappedCapacity = 0;
    for (int i = 0; i < pool.Count; i++)
        bd->Stats.UploadMappedCapacity += pool.Buffers[i].Capacity;
    return slot;
}

// Copies the call's bytes (uniforms, then every list's indices, then every list's vertices) into a mapped buffer and
// has the GPU copy them to [base, base + call_bytes) of the arena, before the application's submit that draws them.
// Returns false, having done nothing, when a mapped buffer served this frame already or none is free: the caller
// writes instead.
static bool ImGui_ImplWGPU_UploadThroughMappedBuffer(ImGui_ImplWGPU_Data* bd, ImDrawData* draw_data, const float* uniforms, uint64_t base, uint64_t call_bytes)
{
    if (bd->FrameIndex < bd->MappedUpload.NextFrameIndex || bd->MappedUpload.Unavailable)
        return false;
    ImGui_ImplWGPU_MappedBuffer* mapped = ImGui_ImplWGPU_AcquireMappedBuffer(bd, call_bytes);
    if (!mapped)
        return false;
    ImGui_ImplWGPU_MappedWriter writer = { (unsigned char*)wgpuBufferGetMappedRange(mapped->Buffer, 0, (size_t)call_bytes), 0 };
    if (!writer.Data)
        return false;
    ImGui_ImplWGPU_WriteCallBytes(writer, uniforms, draw_data);
    wgpuBufferUnmap(mapped->Buffer);

    WGPUCommandEncoderDescriptor encoder_desc = {};
    encoder_desc.label = ImGui_ImplWGPU_String("imgui upload copy");
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(bd->Device, &encoder_desc);
    wgpuCommandEncoderCopyBufferToBuffer(encoder, mapped->Buffer, 0, bd->Upload.Buffer, base, call_bytes);
    WGPUCommandBuffer commands = wgpuCommandEncoderFinish(encoder, nullptr);
    wgpuQueueSubmit(bd->Queue, 1, &commands);
    wgpuCommandBufferRelease(commands);
    wgpuCommandEncoderRelease(encoder);
    bd->MappedUpload.NextFrameIndex = bd->FrameIndex + 1;
    bd->Stats.UploadMappedBytesThisFrame += call_bytes;
    if (!ImGui_ImplWGPU_RequestMap(*mapped))
    {
        ImGui_ImplWGPU_ReleaseMappedUpload(bd);
        bd->MappedUpload.Unavailable = true;
    }
    return true;
}

// A call the arena cannot take this frame (see ImGui_ImplWGPU_UploadArena): a buffer of its own, written through a
// mapping at creation (one CPU copy, no write call), with its own group 0. RenderDrawData() releases both once the call
// is encoded.
static void ImGui_ImplWGPU_UploadToOwnBuffer(ImGui_ImplWGPU_Data* bd, ImDrawData* draw_data, const float* uniforms, uint64_t call_bytes, ImGui_ImplWGPU_CallRegion* region)
{
    WGPUBufferDescriptor desc = {};
    desc.label = ImGui_ImplWGPU_String("imgui upload of one call");
    desc.usage = WGPUBufferUsage_Vertex | WGPUBufferUsage_Index | WGPUBufferUsage_Uniform;
    desc.size = ImGui_ImplWGPU_AlignUp(call_bytes, 4);   // A mapping at creation needs a multiple of 4
    desc.mappedAtCreation = true;
    region->Buffer = wgpuDeviceCreateBuffer(bd->Device, &desc);
    ImGui_ImplWGPU_MappedWriter writer = { (unsigned char*)wgpuBufferGetMappedRange(region->Buffer, 0, (size_t)call_bytes), 0 };
    if (writer.Data)            // Null only on an implementation's failure, which it reports itself
        ImGui_ImplWGPU_WriteCallBytes(writer, uniforms, draw_data);
    wgpuBufferUnmap(region->Buffer);
    region->UniformBindGroup = ImGui_ImplWGPU_CreateUniformBindGroup(bd, region->Buffer);
    region->OwnBuffer = true;
    bd->Stats.UploadOwnBuffersThisFrame++;
    bd->Stats.UploadOwnBuffersTotal++;
}

// Places the call's region [uniforms | indices | vertices] in the arena, or in a buffer of its own, and uploads it.
// Returns false (and reports) when the draw data cannot fit in any buffer of this device.
static bool ImGui_ImplWGPU_UploadDrawData(ImGui_ImplWGPU_Data* bd, ImDrawData* draw_data, float srgb_target, uint64_t vertex_count, uint64_t index_count, ImGui_ImplWGPU_CallRegion* region)
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
        srgb_target,        0.0f,               0.0f,   0.0f,
    };
    static_assert(sizeof(uniforms) == IMGUI_IMPL_WGPU_UNIFORM_SIZE, "uniform block layout");

    ImGui_ImplWGPU_UploadArena& arena = bd->Upload;
    uint64_t base = 0;
    if (ImGui_ImplWGPU_AllocateUploadRegion(bd, call_bytes, &base))
    {
        arena.Head = base + call_bytes;
        const uint64_t mapped_min_bytes = bd->InitInfo.MappedUploadMinBytes;
        if (mapped_min_bytes == 0 || call_bytes < mapped_min_bytes || !ImGui_ImplWGPU_UploadThroughMappedBuffer(bd, draw_data, uniforms, base, call_bytes))
        {
            ImGui_ImplWGPU_UploadWriter writer = { bd, base, base, 0 };
            ImGui_ImplWGPU_WriteCallBytes(writer, uniforms, draw_data);
            writer.Flush();
        }
        region->Buffer = arena.Buffer;
        region->UniformBindGroup = arena.UniformBindGroup;
        region->OwnBuffer = false;
    }
    else
    {
        ImGui_ImplWGPU_UploadToOwnBuffer(bd, draw_data, uniforms, call_bytes, region);
    }
    arena.FrameBytes += ImGui_ImplWGPU_AlignUp(call_bytes, bd->UniformOffsetAlignment);
    bd->Stats.UploadBytesThisFrame += call_bytes;

    region->UniformOffset = (uint32_t)base;
    region->IndexOffset = base + IMGUI_IMPL_WGPU_UNIFORM_SIZE;
    region->IndexSize = index_bytes;
    region->VertexOffset = region->IndexOffset + ImGui_ImplWGPU_AlignUp(index_bytes, 4);
    region->VertexSize = vertex_bytes;
    return true;
}

static void ImGui_ImplWGPU_SetupRenderState(WGPURenderPassEncoder pass, WGPURenderPipeline pipeline, const ImGui_ImplWGPU_CallRegion& region, uint32_t fb_width, uint32_t fb_height)
{
    wgpuRenderPassEncoderSetViewport(pass, 0.0f, 0.0f, (float)fb_width, (float)fb_height, 0.0f, 1.0f);
    wgpuRenderPassEncoderSetVertexBuffer(pass, 0, region.Buffer, region.VertexOffset, region.VertexSize);
    wgpuRenderPassEncoderSetIndexBuffer(pass, region.Buffer, sizeof(ImDrawIdx) == 2 ? WGPUIndexFormat_Uint16 : WGPUIndexFormat_Uint32, region.IndexOffset, region.IndexSize);
    wgpuRenderPassEncoderSetPipeline(pass, pipeline);
    wgpuRenderPassEncoderSetBindGroup(pass, 0, region.UniformBindGroup, 1, &region.UniformOffset);
}

// What the pass has bound for group 1, so that consecutive draws of one image encode nothing but the draw.
struct ImGui_ImplWGPU_BoundImage
{
    ImTextureID         TexID;
    int                 SamplerOverride;    // -1, or ImGui_ImplWGPU_Filter from a sampler draw callback
    int                 SampleType;         // The bound pipeline's
    bool                Valid;
};

// A draw command's clip rectangle in framebuffer pixels, clamped to the framebuffer. Empty for an empty or inverted
// rectangle and for NaN (every comparison with NaN is false, so NaN fails the `max > min` tests).
struct ImGui_ImplWGPU_Scissor
{
    ImVec4              Source;         // The command's ClipRect this was projected from
    uint32_t            X, Y, W, H;
    bool                Empty;
};

static void ImGui_ImplWGPU_ProjectClipRect(ImGui_ImplWGPU_Scissor* out, const ImVec4& clip_rect, ImVec2 clip_off, ImVec2 clip_scale, uint32_t fb_width, uint32_t fb_height)
{
    float min_x = (clip_rect.x - clip_off.x) * clip_scale.x;
    float min_y = (clip_rect.y - clip_off.y) * clip_scale.y;
    float max_x = (clip_rect.z - clip_off.x) * clip_scale.x;
    float max_y = (clip_rect.w - clip_off.y) * clip_scale.y;
    if (min_x < 0.0f) min_x = 0.0f;
    if (min_y < 0.0f) min_y = 0.0f;
    if (max_x > (float)fb_width) max_x = (float)fb_width;
    if (max_y > (float)fb_height) max_y = (float)fb_height;
    out->Source = clip_rect;
    out->Empty = !(max_x > min_x) || !(max_y > min_y);
    if (out->Empty)
        return;
    out->X = (uint32_t)min_x;
    out->Y = (uint32_t)min_y;
    out->W = (uint32_t)max_x - out->X;
    out->H = (uint32_t)max_y - out->Y;
}

// The image a draw command names: the font atlas, a 1.92 texture, or the cache (a miss pins the view).
static ImGui_ImplWGPU_Image* ImGui_ImplWGPU_ImageForCommand(ImGui_ImplWGPU_Data* bd, const ImDrawCmd* pcmd, WGPUTextureView view)
{
#ifdef IMGUI_HAS_TEXTURES
    if (pcmd->TexRef._TexData)
        return (ImGui_ImplWGPU_Image*)pcmd->TexRef._TexData->BackendUserData;
#else
    IM_UNUSED(pcmd);
    if (view == bd->FontImage.View)
        return &bd->FontImage;
#endif
    ImGui_ImplWGPU_Image* image = ImGui_ImplWGPU_LookupImage(bd, view);
    image->LastUsedFrame = bd->FrameIndex;
    return image->FontAtlasAlias ? &bd->FontImage : image;
}

// Upstream's policy, kept for comparison: every image bind group lives for one call only, and nothing is cached.
static void ImGui_ImplWGPU_ReleaseAllBindGroups(ImGui_ImplWGPU_Data* bd, ImDrawData* draw_data)
{
    ImGui_ImplWGPU_ReleaseBindGroups(&bd->FontImage);
    ImGui_ImplWGPU_ReleaseCachedImages(bd);
#ifdef IMGUI_HAS_TEXTURES
    if (draw_data->Textures)
        for (ImTextureData* tex : *draw_data->Textures)
            if (tex->BackendUserData)
                ImGui_ImplWGPU_ReleaseBindGroups((ImGui_ImplWGPU_Image*)tex->BackendUserData);
#else
    IM_UNUSED(draw_data);
#endif
}

// RenderDrawData() into a pass on 'target' (null: the main target, InitInfo's). Secondary viewports pass their own.
static void ImGui_ImplWGPU_RenderDrawDataOnTarget(ImDrawData* draw_data, WGPURenderPassEncoder pass_encoder, ImGui_ImplWGPU_RenderTarget* target)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "RenderDrawData() called before Init() or after Shutdown(); ignored.");
        return;
    }
    ImGui_ImplWGPU_TakeDeviceLoss(bd);
    // A lost device accepts every call and draws nothing: stop here until Shutdown() and Init() on a new device.
    if (!draw_data || bd->DeviceLost)
        return;
    if (!bd->UniformLayout && !ImGui_ImplWGPU_CreateDeviceObjects())
        return;
    ImGui_ImplWGPU_FollowDearImGuiFrames(bd);
    if (!target)
        target = &bd->MainTarget;

#ifdef IMGUI_HAS_TEXTURES
    // Texture requests first, whatever follows: a minimised window draws nothing but its atlas must still be made.
    if (draw_data->Textures)
        for (ImTextureData* tex : *draw_data->Textures)
            if (tex->Status != ImTextureStatus_OK)
                ImGui_ImplWGPU_UpdateTexture(tex);
#endif

    if (!pass_encoder)
    {
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_NullPassEncoder, "RenderDrawData() called with a null pass encoder; ignored.");
        return;
    }
    if (IMGUI_IMPL_WGPU_DRAW_LIST_COUNT(draw_data) <= 0)
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

    // Count what the lists really hold (TotalVtxCount/TotalIdxCount are not trusted for the memory layout).
    // Draw data without geometry still runs its user callbacks.
    uint64_t vertex_count = 0, index_count = 0;
    for (int n = 0; n < IMGUI_IMPL_WGPU_DRAW_LIST_COUNT(draw_data); n++)
        if (const ImDrawList* draw_list = draw_data->CmdLists[n])
        {
            vertex_count += (uint64_t)draw_list->VtxBuffer.Size;
            index_count += (uint64_t)draw_list->IdxBuffer.Size;
        }
    const bool has_geometry = vertex_count > 0 && index_count > 0;

    ImGui_ImplWGPU_CallRegion region = {};
    if (has_geometry)
    {
        if (!ImGui_ImplWGPU_UploadDrawData(bd, draw_data, target->SrgbTarget, vertex_count, index_count, &region))
            return;
        ImGui_ImplWGPU_SetupRenderState(pass_encoder, ImGui_ImplWGPU_GetPipeline(bd, target, ImGui_ImplWGPU_SampleType_Float), region, fb_width, fb_height);
        bd->Stats.RenderCallsThisFrame++;
    }

    bd->RenderState.Device = bd->Device;
    bd->RenderState.RenderPassEncoder = pass_encoder;
#ifdef IMGUI_IMPL_WGPU_HAS_PLATFORM_RENDER_STATE
    ImGuiPlatformIO& platform_io = ImGui::GetPlatformIO();
    platform_io.Renderer_RenderState = &bd->RenderState;
#endif

    // Project scissor/clipping rectangles into framebuffer space.
    const ImVec2 clip_off = draw_data->DisplayPos;
    const ImVec2 clip_scale = draw_data->FramebufferScale;
    ImGui_ImplWGPU_BoundImage bound = {};
    bound.SamplerOverride = -1;
    bound.SampleType = ImGui_ImplWGPU_SampleType_Float;
    // Consecutive commands mostly share their clip rectangle (all 256 images of a grid, every draw of a window), so
    // the rectangle is projected and clamped only when it changes, and the scissor is set only when the projection
    // differs from what the pass has: per draw, the common case costs one comparison of the raw rectangle.
    ImGui_ImplWGPU_Scissor clip = {};       // The last clip rectangle seen, projected
    bool clip_known = false;
    ImGui_ImplWGPU_Scissor scissor = {};    // What the pass has, unless scissor_stale
    bool scissor_stale = true;              // The pass's scissor is unknown or differs from clip
    uint32_t global_vtx_offset = 0;
    uint32_t global_idx_offset = 0;
    unsigned int draw_calls = 0;            // Added to the stats at the end: a counter in memory costs a load and a store per draw
    for (int n = 0; n < IMGUI_IMPL_WGPU_DRAW_LIST_COUNT(draw_data); n++)
    {
        const ImDrawList* draw_list = draw_data->CmdLists[n];
        if (!draw_list)
            continue;
        const ImDrawCmd* cmd_end = draw_list->CmdBuffer.Data + draw_list->CmdBuffer.Size;
        for (const ImDrawCmd* pcmd = draw_list->CmdBuffer.Data; pcmd < cmd_end; pcmd++)
        {
            if (pcmd->UserCallback != nullptr)
            {
                const ImDrawCallback callback = pcmd->UserCallback;
                bool reset = false;
#ifdef ImDrawCallback_ResetRenderState
                reset |= (callback == ImDrawCallback_ResetRenderState);
#endif
#ifdef IMGUI_IMPL_WGPU_HAS_STANDARD_DRAW_CALLBACKS
                reset |= (callback == ImGui_ImplWGPU_DrawCallback_ResetRenderState);
#endif
                if (callback == ImGui_ImplWGPU_DrawCallback_SetSamplerLinear)
                    bound.SamplerOverride = ImGui_ImplWGPU_Filter_Linear;
                else if (callback == ImGui_ImplWGPU_DrawCallback_SetSamplerNearest)
                    bound.SamplerOverride = ImGui_ImplWGPU_Filter_Nearest;
                else if (reset)
                {
                    // Everything back to the backend's state: viewport, buffers, pipeline, uniforms, sampler.
                    if (has_geometry)
                        ImGui_ImplWGPU_SetupRenderState(pass_encoder, target->Pipelines[ImGui_ImplWGPU_SampleType_Float], region, fb_width, fb_height);
                    bound.SampleType = ImGui_ImplWGPU_SampleType_Float;
                    bound.SamplerOverride = -1;
                    scissor_stale = true;
                }
                else
                {
                    // Dear ImGui's contract: a callback may alter the render state (e.g. bind a pipeline of the same
                    // layout) for the commands after it, until ImDrawCallback_ResetRenderState. So its state is kept;
                    // the next draw sets only what it needs: the image bind group and the scissor (both forgotten
                    // below), plus its own pipeline if the image's sample type needs another one.
                    callback(draw_list, pcmd);
                    scissor_stale = true;
                }
                bound.Valid = false;    // a sampler switch needs the image's other bind group too
                continue;
            }
            if (pcmd->ElemCount == 0)
                continue;
            if (!has_geometry || (uint64_t)pcmd->IdxOffset + pcmd->ElemCount > (uint64_t)draw_list->IdxBuffer.Size)
            {
                bd->Stats.DrawsSkippedThisFrame++;
                ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_BadIndexRange, "draw command reads indices past its draw list; command skipped.");
                continue;
            }

            if (!clip_known || memcmp(&pcmd->ClipRect, &clip.Source, sizeof(ImVec4)) != 0)
            {
                ImGui_ImplWGPU_ProjectClipRect(&clip, pcmd->ClipRect, clip_off, clip_scale, fb_width, fb_height);
                clip_known = true;
                scissor_stale |= clip.X != scissor.X || clip.Y != scissor.Y || clip.W != scissor.W || clip.H != scissor.H;
            }
            if (clip.Empty)
            {
                bd->Stats.DrawsSkippedThisFrame++;
                continue;
            }

            // Bind the command's image unless it is the one already bound. A null texture must not draw with
            // whatever image was bound before.
#ifdef IMGUI_HAS_TEXTURES
            const ImTextureID tex_id = pcmd->TexRef._TexData ? pcmd->TexRef._TexData->TexID : pcmd->TexRef._TexID;
#else
            const ImTextureID tex_id = pcmd->GetTexID();
#endif
            if (!bound.Valid || tex_id != bound.TexID)
            {
                WGPUTextureView view = IMGUI_IMPL_WGPU_VIEW_FROM_TEXID(tex_id);
                if (!view)
                {
                    bd->Stats.DrawsSkippedThisFrame++;
                    ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_NullTexture, "draw command with a null ImTextureID; command skipped.");
                    continue;
                }
                ImGui_ImplWGPU_Image* image = ImGui_ImplWGPU_ImageForCommand(bd, pcmd, view);
                if (!image)
                {
                    bd->Stats.DrawsSkippedThisFrame++;
                    ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_TextureNotCreated, "draw command names an ImTextureData the backend has not created; command skipped.");
                    continue;
                }
                int sampler_index = image->SamplerIndex;
                if (bound.SamplerOverride >= 0 && ImGui_ImplWGPU_IsFilterable(image->SampleType))
                    sampler_index = (sampler_index & ~IMGUI_IMPL_WGPU_SAMPLER_NEAREST_BIT) | (bound.SamplerOverride == ImGui_ImplWGPU_Filter_Nearest ? IMGUI_IMPL_WGPU_SAMPLER_NEAREST_BIT : 0);
                WGPUBindGroup bind_group = ImGui_ImplWGPU_GetImageBindGroup(bd, image, sampler_index);
                if (image->SampleType != bound.SampleType)
                {
                    wgpuRenderPassEncoderSetPipeline(pass_encoder, ImGui_ImplWGPU_GetPipeline(bd, target, image->SampleType));
                    bound.SampleType = image->SampleType;
                }
                wgpuRenderPassEncoderSetBindGroup(pass_encoder, 1, bind_group, 0, nullptr);
                bound.TexID = tex_id;
                bound.Valid = true;
            }

            if (scissor_stale)
            {
                wgpuRenderPassEncoderSetScissorRect(pass_encoder, clip.X, clip.Y, clip.W, clip.H);
                scissor = clip;
                scissor_stale = false;
            }
            wgpuRenderPassEncoderDrawIndexed(pass_encoder, pcmd->ElemCount, 1, pcmd->IdxOffset + global_idx_offset, (int32_t)(pcmd->VtxOffset + global_vtx_offset), 0);
            draw_calls++;
        }
        global_idx_offset += (uint32_t)draw_list->IdxBuffer.Size;
        global_vtx_offset += (uint32_t)draw_list->VtxBuffer.Size;
    }
    bd->Stats.DrawCallsThisFrame += draw_calls;

    bd->RenderState.Device = nullptr;
    bd->RenderState.RenderPassEncoder = nullptr;
#ifdef IMGUI_IMPL_WGPU_HAS_PLATFORM_RENDER_STATE
    platform_io.Renderer_RenderState = nullptr;
#endif
    if (region.OwnBuffer)   // WebGPU keeps them until the command buffer that reads them has run
    {
        wgpuBindGroupRelease(region.UniformBindGroup);
        wgpuBufferRelease(region.Buffer);
    }
    if (bd->InitInfo.RecreateImageBindGroupsEveryCall)
        ImGui_ImplWGPU_ReleaseAllBindGroups(bd, draw_data);
}

void ImGui_ImplWGPU_RenderDrawData(ImDrawData* draw_data, WGPURenderPassEncoder pass_encoder)
{
    ImGui_ImplWGPU_RenderDrawDataOnTarget(draw_data, pass_encoder, nullptr);
}

// Recognised by RenderDrawData(): their bodies do nothing.
void ImGui_ImplWGPU_DrawCallback_SetSamplerLinear(const ImDrawList*, const ImDrawCmd*) {}
void ImGui_ImplWGPU_DrawCallback_SetSamplerNearest(const ImDrawList*, const ImDrawCmd*) {}

// Any thread, no Dear ImGui context needed: Dawn may call the device-lost callback on a thread of its own. Only flags
// change here; each backend takes its loss at its next call, on its own thread (ImGui_ImplWGPU_TakeDeviceLoss).
static void ImGui_ImplWGPU_NotifyBackendsOfLoss(WGPUDevice device, bool every_device)
{
    std::lock_guard<std::mutex> lock(g_ImplWGPU_BackendsMutex);
    for (ImGui_ImplWGPU_Data* bd = g_ImplWGPU_Backends; bd; bd = bd->NextBackend)
        if (every_device || bd->Device == device)
            bd->DeviceLossNotified.store(true, std::memory_order_release);
}

void ImGui_ImplWGPU_NotifyDeviceLost(WGPUDevice device)
{
    if (device)
        ImGui_ImplWGPU_NotifyBackendsOfLoss(device, false);
}

void ImGui_ImplWGPU_NotifyDeviceLost()
{
    ImGui_ImplWGPU_NotifyBackendsOfLoss(nullptr, true);
}

ImGui_ImplWGPU_RenderState* ImGui_ImplWGPU_GetRenderState()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    return (bd && bd->RenderState.RenderPassEncoder) ? &bd->RenderState : nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] InvalidateDeviceObjects, Shutdown
//-----------------------------------------------------------------------------

void ImGui_ImplWGPU_InvalidateDeviceObjects()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd)
    {
        ImGui_ImplWGPU_ReportError(nullptr, ImGui_ImplWGPU_Error_NotInitialized, "InvalidateDeviceObjects() called before Init() or after Shutdown(); ignored.");
        return;
    }
#ifdef IMGUI_HAS_VIEWPORT
    ImGui_ImplWGPU_InvalidateViewportObjects();
#endif
    ImGui_ImplWGPU_ReleaseCachedImages(bd);
    ImGui_ImplWGPU_SafeRelease(bd->Upload.UniformBindGroup, wgpuBindGroupRelease);
    ImGui_ImplWGPU_SafeRelease(bd->Upload.Buffer, wgpuBufferRelease);
    memset((void*)&bd->Upload, 0, sizeof(bd->Upload));
    bd->Stats.UploadArenaCapacity = 0;
    ImGui_ImplWGPU_ReleaseMappedUpload(bd);

#ifdef IMGUI_HAS_TEXTURES
    // Textures used by this context only; an atlas shared with other contexts stays for their backends.
    for (ImTextureData* tex : ImGui::GetPlatformIO().Textures)
        if (tex->RefCount == 1 && tex->BackendUserData)
            ImGui_ImplWGPU_DestroyTextureData(tex);
#else
    // Draw data made before this call names the atlas by its view. The view (without its bind groups) stays, as a cache
    // entry drawn as whatever atlas is current, so that such draw data, drawn again, shows its text with the new atlas,
    // and the address cannot go to another view meanwhile; the entry is evicted like any image once not drawn.
    if (bd->FontImage.View)
    {
        ImGui_ImplWGPU_Image alias;
        ImGui_ImplWGPU_InitImage(&alias, bd->FontImage.View, ImGui_ImplWGPU_ImageOptions());
        alias.FontAtlasAlias = true;
        alias.LastUsedFrame = bd->FrameIndex;
        ImGui_ImplWGPU_InsertImage(bd, alias);  // The view reference moves to the entry
        bd->FontImage.View = nullptr;
    }
    ImGui_ImplWGPU_ReleaseImage(&bd->FontImage);
    ImGui::GetIO().Fonts->SetTexID(IMGUI_IMPL_WGPU_TEXID_FROM_VIEW(nullptr));
#endif
    for (WGPUSampler& sampler : bd->Samplers)
        ImGui_ImplWGPU_SafeRelease(sampler, wgpuSamplerRelease);
    ImGui_ImplWGPU_ReleasePipelines(&bd->MainTarget);
    for (WGPUBindGroupLayout& layout : bd->ImageLayouts)
        ImGui_ImplWGPU_SafeRelease(layout, wgpuBindGroupLayoutRelease);
    ImGui_ImplWGPU_SafeRelease(bd->UniformLayout, wgpuBindGroupLayoutRelease);
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
    ImGui_ImplWGPU_UnregisterBackend(bd);
#ifdef IMGUI_HAS_VIEWPORT
    ImGui_ImplWGPU_ShutdownMultiViewportSupport(bd);    // Before the device objects: the viewports' windows close first
#endif
    ImGui_ImplWGPU_InvalidateDeviceObjects();
    ImGui_ImplWGPU_ReleaseAllImages(bd);        // the kept images too: nothing can draw them any more
    wgpuQueueRelease(bd->Queue);
    wgpuDeviceRelease(bd->Device);
    io.BackendRendererName = nullptr;
    io.BackendRendererUserData = nullptr;
    io.BackendFlags &= ~ImGuiBackendFlags_RendererHasVtxOffset;
#ifdef IMGUI_HAS_TEXTURES
    io.BackendFlags &= ~ImGuiBackendFlags_RendererHasTextures;
    ImGuiPlatformIO& platform_io = ImGui::GetPlatformIO();
#ifdef IMGUI_IMPL_WGPU_HAS_CLEAR_RENDERER_HANDLERS
    platform_io.ClearRendererHandlers();
#else
    platform_io.Renderer_TextureMaxWidth = platform_io.Renderer_TextureMaxHeight = 0;
    platform_io.Renderer_RenderState = nullptr;
#endif
#endif
    IM_DELETE(bd);
}

//-----------------------------------------------------------------------------
// [SECTION] Multi-viewport
//-----------------------------------------------------------------------------
// With Dear ImGui's docking branch (IMGUI_HAS_VIEWPORT), a window dragged out of the main viewport gets a platform window
// of its own. The platform backend makes the window, the application makes its WGPUSurface (InitInfo.CreateViewportSurface),
// and this section configures the surface, draws the viewport's draw data into it and presents it. Everything else is the
// main viewport's: the image cache (one bind group per image, whatever the number of windows showing it) and the upload
// arena of the frame (each RenderDrawData() call, so each viewport, takes its own region of it).
// Surface errors are handled as a windowed application handles its main window's: Suboptimal draws and configures again,
// Outdated configures again and skips the frame, Lost asks the application for a new surface, Timeout skips the frame.

#ifdef IMGUI_HAS_VIEWPORT

// One secondary viewport, in ImGuiViewport::RendererUserData.
struct ImGui_ImplWGPU_ViewportData
{
    WGPUSurface         Surface;
    WGPUTextureFormat   Format;
    WGPUTextureUsage    Usage;
    WGPUPresentMode     PresentMode;
    uint32_t            Width, Height;      // As configured; 0 = not configured
    ImVec2              FramebufferScale;   // Of the last draw data, for sizes given in window units
    bool                MustConfigure;      // After Suboptimal or Outdated
    bool                OwnTarget;          // Target is this viewport's; else it draws with the main target's pipelines
    ImGui_ImplWGPU_RenderTarget Target;     // Viewport passes have one sample and no depth
    WGPUTexture         Texture;            // Acquired by RenderWindow(), presented and released by SwapBuffers()
    WGPUTextureView     View;
};

static void ImGui_ImplWGPU_ReleaseViewportFrame(ImGui_ImplWGPU_ViewportData* vd)
{
    ImGui_ImplWGPU_SafeRelease(vd->View, wgpuTextureViewRelease);
    ImGui_ImplWGPU_SafeRelease(vd->Texture, wgpuTextureRelease);
}

static void ImGui_ImplWGPU_ReleaseViewportSurface(ImGui_ImplWGPU_ViewportData* vd, bool unconfigure)
{
    ImGui_ImplWGPU_ReleaseViewportFrame(vd);
    if (vd->Surface)
    {
        if (unconfigure && vd->Width != 0)
            wgpuSurfaceUnconfigure(vd->Surface);
        wgpuSurfaceRelease(vd->Surface);
    }
    vd->Surface = nullptr;
    vd->Width = vd->Height = 0;
}

// Asks the application for the viewport's surface, then picks its format and present mode: RenderTargetFormat when the
// surface takes it, else the surface's preferred format, with pipelines made for it.
static bool ImGui_ImplWGPU_CreateViewportSurface(ImGui_ImplWGPU_Data* bd, ImGuiViewport* viewport, ImGui_ImplWGPU_ViewportData* vd)
{
    vd->Surface = bd->InitInfo.CreateViewportSurface(viewport, bd->InitInfo.CreateViewportSurfaceUserData);
    if (!vd->Surface)
    {
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_ViewportSurface, "InitInfo.CreateViewportSurface returned no surface; the viewport is not drawn.");
        return false;
    }
    WGPUTextureFormat format = bd->MainTarget.Format;
    vd->Usage = WGPUTextureUsage_RenderAttachment;
    vd->PresentMode = bd->InitInfo.ViewportPresentMode;
    WGPUSurfaceCapabilities caps = {};
    if (bd->InitInfo.Adapter && wgpuSurfaceGetCapabilities(vd->Surface, bd->InitInfo.Adapter, &caps) == WGPUStatus_Success && caps.formatCount > 0)
    {
        bool takes_main_format = false;
        for (size_t i = 0; i < caps.formatCount; i++)
            takes_main_format |= (caps.formats[i] == format);
        if (!takes_main_format)
            format = caps.formats[0];
        bool takes_present_mode = false;
        for (size_t i = 0; i < caps.presentModeCount; i++)
            takes_present_mode |= (caps.presentModes[i] == vd->PresentMode);
        if (!takes_present_mode)
            vd->PresentMode = WGPUPresentMode_Fifo;
    }
    wgpuSurfaceCapabilitiesFreeMembers(caps);

    // A new surface (after a loss) may come with another format: pipelines made for the old one go.
    const ImGui_ImplWGPU_RenderTarget& main_target = bd->MainTarget;
    const bool own_target = format != main_target.Format || main_target.DepthStencilFormat != WGPUTextureFormat_Undefined || main_target.MultisampleState.count > 1;
    if (!own_target || format != vd->Target.Format)
        ImGui_ImplWGPU_ReleasePipelines(&vd->Target);
    vd->Format = format;
    vd->OwnTarget = own_target;
    vd->Target.Format = format;
    vd->Target.DepthStencilFormat = WGPUTextureFormat_Undefined;
    vd->Target.MultisampleState = main_target.MultisampleState;
    vd->Target.MultisampleState.count = 1;
    vd->Target.MultisampleState.alphaToCoverageEnabled = 0;    // Needs several samples
    vd->Target.SrgbTarget = ImGui_ImplWGPU_IsSrgbFormat(format) ? 1.0f : 0.0f;
    return true;
}

// Configures the surface for a framebuffer of width x height; a size of 0 (minimised) leaves it unconfigured.
static void ImGui_ImplWGPU_ConfigureViewportSurface(ImGui_ImplWGPU_Data* bd, ImGui_ImplWGPU_ViewportData* vd, uint32_t width, uint32_t height)
{
    if (!vd->Surface)
        return;
    if (width == 0 || height == 0 || width > bd->MaxTextureDimension2D || height > bd->MaxTextureDimension2D)
    {
        if (vd->Width != 0)
            wgpuSurfaceUnconfigure(vd->Surface);
        vd->Width = vd->Height = 0;
        return;
    }
    WGPUSurfaceConfiguration config = {};
    config.device = bd->Device;
    config.format = vd->Format;
    config.usage = vd->Usage;
    config.width = width;
    config.height = height;
    config.alphaMode = WGPUCompositeAlphaMode_Auto;
    config.presentMode = vd->PresentMode;
    wgpuSurfaceConfigure(vd->Surface, &config);
    vd->Width = width;
    vd->Height = height;
    vd->MustConfigure = false;
}

static uint32_t ImGui_ImplWGPU_FramebufferExtent(float size, float scale)
{
    const float extent = size * scale;
    return (extent >= 1.0f && extent < 4294967040.0f) ? (uint32_t)extent : 0;     // NaN and negative sizes give 0
}

static void ImGui_ImplWGPU_CreateWindow(ImGuiViewport* viewport)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    ImGui_ImplWGPU_ViewportData* vd = IM_NEW(ImGui_ImplWGPU_ViewportData)();
    memset((void*)vd, 0, sizeof(*vd));
    vd->FramebufferScale = ImVec2(1.0f, 1.0f);
    viewport->RendererUserData = vd;
    // On a lost device nothing is made; the window stays empty until Shutdown().
    if (!bd || bd->DeviceLost || !ImGui_ImplWGPU_CreateViewportSurface(bd, viewport, vd))
        return;
    ImGui_ImplWGPU_ConfigureViewportSurface(bd, vd, ImGui_ImplWGPU_FramebufferExtent(viewport->Size.x, vd->FramebufferScale.x), ImGui_ImplWGPU_FramebufferExtent(viewport->Size.y, vd->FramebufferScale.y));
}

// Also called for the main viewport (when Dear ImGui destroys every platform window), whose RendererUserData is null.
static void ImGui_ImplWGPU_DestroyWindow(ImGuiViewport* viewport)
{
    ImGui_ImplWGPU_ViewportData* vd = (ImGui_ImplWGPU_ViewportData*)viewport->RendererUserData;
    if (vd)
    {
        ImGui_ImplWGPU_ReleaseViewportSurface(vd, true);
        ImGui_ImplWGPU_ReleasePipelines(&vd->Target);
        IM_DELETE(vd);
    }
    viewport->RendererUserData = nullptr;
}

static void ImGui_ImplWGPU_SetWindowSize(ImGuiViewport* viewport, ImVec2 size)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    ImGui_ImplWGPU_ViewportData* vd = (ImGui_ImplWGPU_ViewportData*)viewport->RendererUserData;
    if (!bd || !vd || bd->DeviceLost)
        return;
    ImGui_ImplWGPU_ConfigureViewportSurface(bd, vd, ImGui_ImplWGPU_FramebufferExtent(size.x, vd->FramebufferScale.x), ImGui_ImplWGPU_FramebufferExtent(size.y, vd->FramebufferScale.y));
}

// Acquires the surface's texture, clears it (unless the viewport asks not to), draws the viewport's draw data and submits.
// SwapBuffers() presents it.
static void ImGui_ImplWGPU_RenderWindow(ImGuiViewport* viewport, void*)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!bd || bd->DeviceLost || viewport == ImGui::GetMainViewport())
        return;
    // A window made before this backend's Init() (a backend shut down and initialized again, e.g. on a new device):
    // its renderer side is made now.
    if (!viewport->RendererUserData)
        ImGui_ImplWGPU_CreateWindow(viewport);
    ImGui_ImplWGPU_ViewportData* vd = (ImGui_ImplWGPU_ViewportData*)viewport->RendererUserData;
    ImGui_ImplWGPU_ReleaseViewportFrame(vd);    // A frame not presented (SwapBuffers() not called) is dropped
    if (!vd->Surface && !ImGui_ImplWGPU_CreateViewportSurface(bd, viewport, vd))
        return;

    // The surface must have the draw data's framebuffer size, as the main target must.
    ImDrawData* draw_data = viewport->DrawData;
    if (draw_data)
        vd->FramebufferScale = draw_data->FramebufferScale;
    const ImVec2 size = draw_data ? draw_data->DisplaySize : viewport->Size;
    const uint32_t width = ImGui_ImplWGPU_FramebufferExtent(size.x, vd->FramebufferScale.x);
    const uint32_t height = ImGui_ImplWGPU_FramebufferExtent(size.y, vd->FramebufferScale.y);
    if (vd->MustConfigure || width != vd->Width || height != vd->Height)
        ImGui_ImplWGPU_ConfigureViewportSurface(bd, vd, width, height);
    if (vd->Width == 0)
        return;

    WGPUSurfaceTexture surface_texture = {};
    wgpuSurfaceGetCurrentTexture(vd->Surface, &surface_texture);
    const WGPUSurfaceGetCurrentTextureStatus status = surface_texture.status;
    if (status != WGPUSurfaceGetCurrentTextureStatus_SuccessOptimal && status != WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal)
    {
        if (surface_texture.texture)
            wgpuTextureRelease(surface_texture.texture);
        if (status == WGPUSurfaceGetCurrentTextureStatus_Outdated)
            vd->MustConfigure = true;
        else if (status == WGPUSurfaceGetCurrentTextureStatus_Lost)
            ImGui_ImplWGPU_ReleaseViewportSurface(vd, false);   // A new one is asked for at the next frame
        else if (status != WGPUSurfaceGetCurrentTextureStatus_Timeout)
            ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_ViewportSurface, "a viewport's surface gave no texture (status %d); its frame is not drawn.", (int)status);
        return;
    }
    if (status == WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal)
        vd->MustConfigure = true;   // This texture is still good to draw into and present
    vd->Texture = surface_texture.texture;
    vd->View = wgpuTextureCreateView(vd->Texture, nullptr);

    WGPURenderPassColorAttachment color_attachment = {};
    color_attachment.view = vd->View;
    color_attachment.depthSlice = WGPU_DEPTH_SLICE_UNDEFINED;
    color_attachment.loadOp = (viewport->Flags & ImGuiViewportFlags_NoRendererClear) ? WGPULoadOp_Load : WGPULoadOp_Clear;
    color_attachment.storeOp = WGPUStoreOp_Store;
    color_attachment.clearValue.a = 1.0;
    WGPURenderPassDescriptor pass_desc = {};
    pass_desc.label = ImGui_ImplWGPU_String("imgui viewport");
    pass_desc.colorAttachmentCount = 1;
    pass_desc.colorAttachments = &color_attachment;
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(bd->Device, nullptr);
    WGPURenderPassEncoder pass = wgpuCommandEncoderBeginRenderPass(encoder, &pass_desc);
    if (draw_data)
        ImGui_ImplWGPU_RenderDrawDataOnTarget(draw_data, pass, vd->OwnTarget ? &vd->Target : nullptr);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    WGPUCommandBuffer commands = wgpuCommandEncoderFinish(encoder, nullptr);
    wgpuCommandEncoderRelease(encoder);
    wgpuQueueSubmit(bd->Queue, 1, &commands);
    wgpuCommandBufferRelease(commands);
}

static void ImGui_ImplWGPU_SwapBuffers(ImGuiViewport* viewport, void*)
{
    ImGui_ImplWGPU_ViewportData* vd = (ImGui_ImplWGPU_ViewportData*)viewport->RendererUserData;
    if (!vd || !vd->Texture)
        return;
    // The standard header has wgpuSurfacePresent() return a WGPUStatus, some implementations return nothing: a failed
    // present reaches the device's error callback either way.
    wgpuSurfacePresent(vd->Surface);
    ImGui_ImplWGPU_ReleaseViewportFrame(vd);
}

static void ImGui_ImplWGPU_SetRendererWindowHandlers(bool install)
{
    ImGuiPlatformIO& platform_io = ImGui::GetPlatformIO();
    platform_io.Renderer_CreateWindow = install ? ImGui_ImplWGPU_CreateWindow : nullptr;
    platform_io.Renderer_DestroyWindow = install ? ImGui_ImplWGPU_DestroyWindow : nullptr;
    platform_io.Renderer_SetWindowSize = install ? ImGui_ImplWGPU_SetWindowSize : nullptr;
    platform_io.Renderer_RenderWindow = install ? ImGui_ImplWGPU_RenderWindow : nullptr;
    platform_io.Renderer_SwapBuffers = install ? ImGui_ImplWGPU_SwapBuffers : nullptr;
}

static void ImGui_ImplWGPU_InitMultiViewportSupport(ImGui_ImplWGPU_Data* bd)
{
    if (!bd->InitInfo.CreateViewportSurface)
        return;
    if (bd->InitInfo.Adapter)
        wgpuAdapterAddRef(bd->InitInfo.Adapter);
    ImGui::GetIO().BackendFlags |= ImGuiBackendFlags_RendererHasViewports;   // We can create multi-viewports on the Renderer side (optional)
    ImGui_ImplWGPU_SetRendererWindowHandlers(true);
}

static void ImGui_ImplWGPU_ShutdownMultiViewportSupport(ImGui_ImplWGPU_Data* bd)
{
    if (!bd->InitInfo.CreateViewportSurface)
        return;
    // Releases what the backend made for each viewport, surfaces included. The platform windows stay: the platform backend
    // closes them at its own shutdown, and a backend initialized again meanwhile takes them over (see RenderWindow()).
    // (ImGui::DestroyPlatformWindows() here would also drop the main viewport's platform data, which the platform backend
    // still uses.)
    for (ImGuiViewport* viewport : ImGui::GetPlatformIO().Viewports)
        ImGui_ImplWGPU_DestroyWindow(viewport);
    ImGui_ImplWGPU_SetRendererWindowHandlers(false);
    ImGui::GetIO().BackendFlags &= ~ImGuiBackendFlags_RendererHasViewports;
    if (bd->InitInfo.Adapter)
        wgpuAdapterRelease(bd->InitInfo.Adapter);
}

// InvalidateDeviceObjects(): the viewports' own pipelines go with the others; surfaces stay (they belong to the windows).
static void ImGui_ImplWGPU_InvalidateViewportObjects()
{
    for (ImGuiViewport* viewport : ImGui::GetPlatformIO().Viewports)
        if (ImGui_ImplWGPU_ViewportData* vd = (ImGui_ImplWGPU_ViewportData*)viewport->RendererUserData)
            ImGui_ImplWGPU_ReleasePipelines(&vd->Target);
}

#endif // IMGUI_HAS_VIEWPORT

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
    ImGui_ImplWGPU_TakeDeviceLoss(bd);
    *out_stats = bd->Stats;
    out_stats->FrameIndex = bd->FrameIndex;
    out_stats->ImageCacheEntries = (uint32_t)bd->Images.Size;
    out_stats->DeviceLost = bd->DeviceLost;
    return true;
}

const char* ImGui_ImplWGPU_GetLastError()
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    return bd ? bd->LastError : g_ImplWGPU_LastErrorWithoutBackend;
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
    ImGui::Text("Adapter: %s", bd->AdapterDescription[0] ? bd->AdapterDescription : "unknown");
    ImGui::Text("Frame %llu; figures of the previous frame", (unsigned long long)bd->FrameIndex);
    ImGui::PlotLines("##frame_ms", bd->FrameMsHistory, IMGUI_IMPL_WGPU_HISTORY_SIZE, bd->HistoryOffset, "frame time (ms)", 0.0f, FLT_MAX, ImVec2(0, 40));
    ImGui::Text("Bind groups created: %u this frame, %llu total", s.BindGroupsCreatedThisFrame, (unsigned long long)s.BindGroupsCreatedTotal);
    ImGui::PlotLines("##bind_groups", bd->BindGroupsHistory, IMGUI_IMPL_WGPU_HISTORY_SIZE, bd->HistoryOffset, "bind groups created per frame", 0.0f, FLT_MAX, ImVec2(0, 40));
    ImGui::Text("Image cache: %u entries, %llu evictions (%u this frame), evicted after %d unused frames",
        s.ImageCacheEntries, (unsigned long long)s.ImageCacheEvictionsTotal, s.ImageCacheEvictionsThisFrame, bd->InitInfo.ImageCacheMaxUnusedFrames);
    ImGui::Text("Render calls: %u, draws: %u, skipped: %u", s.RenderCallsThisFrame, s.DrawCallsThisFrame, s.DrawsSkippedThisFrame);
    ImGui::Text("Uploaded: %.1f KiB this frame", (double)s.UploadBytesThisFrame / 1024.0);
    ImGui::PlotLines("##upload", bd->UploadKiBHistory, IMGUI_IMPL_WGPU_HISTORY_SIZE, bd->HistoryOffset, "KiB uploaded per frame", 0.0f, FLT_MAX, ImVec2(0, 40));
    ImGui::Text("Upload writes: %u this frame, of at most %.1f KiB (%.1f KiB gathered from small lists)", s.UploadWritesThisFrame, (double)s.UploadWriteMaxBytes / 1024.0,
        (double)s.UploadStagedBytesThisFrame / 1024.0);
    ImGui::Text("Upload arena: %.1f KiB, %llu reallocations; calls in buffers of their own: %u this frame, %llu total", (double)s.UploadArenaCapacity / 1024.0,
        (unsigned long long)s.UploadArenaReallocationsTotal, s.UploadOwnBuffersThisFrame, (unsigned long long)s.UploadOwnBuffersTotal);
    ImGui::Text("Mapped upload: %.1f KiB this frame, %.1f KiB held", (double)s.UploadMappedBytesThisFrame / 1024.0, (double)s.UploadMappedCapacity / 1024.0);
    if (bd->DeviceLost)
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "Device lost: nothing is drawn until Shutdown() and Init() on a new device.");
    ImGui::Text("Errors reported: %llu%s%s", (unsigned long long)s.ErrorsReported, bd->LastError[0] ? ", last: " : "", bd->LastError);
    ImGui::End();
}

//-----------------------------------------------------------------------------
// [SECTION] Helpers of upstream's header: surface status, names, adapter info, surfaces from native windows
//-----------------------------------------------------------------------------
// What Dear ImGui's example applications call besides the backend proper. None needs Init() or a Dear ImGui context.

bool ImGui_ImplWGPU_IsSurfaceStatusError(WGPUSurfaceGetCurrentTextureStatus status)
{
    // By exclusion: headers before 2025 had OutOfMemory and DeviceLost where later ones have Error, and 0 is what a
    // WGPUSurfaceTexture holds when nothing filled it. None of them gives a texture, and reconfiguring cannot help.
    switch (status)
    {
    case WGPUSurfaceGetCurrentTextureStatus_SuccessOptimal:
    case WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal:
    case WGPUSurfaceGetCurrentTextureStatus_Timeout:
    case WGPUSurfaceGetCurrentTextureStatus_Outdated:
    case WGPUSurfaceGetCurrentTextureStatus_Lost:
        return false;
    default:
        return true;
    }
}

bool ImGui_ImplWGPU_IsSurfaceStatusSubOptimal(WGPUSurfaceGetCurrentTextureStatus status)
{
    // SuccessSuboptimal comes with a usable texture, but the surface no longer matches the window (e.g. its size):
    // like upstream, the caller reconfigures now rather than presenting a stretched frame.
    return status == WGPUSurfaceGetCurrentTextureStatus_SuccessSuboptimal
        || status == WGPUSurfaceGetCurrentTextureStatus_Timeout
        || status == WGPUSurfaceGetCurrentTextureStatus_Outdated
        || status == WGPUSurfaceGetCurrentTextureStatus_Lost;
}

// Names are the enumerator without its prefix, so that a log line can be searched for in webgpu.h.
const char* ImGui_ImplWGPU_GetBackendTypeName(WGPUBackendType type)
{
    switch (type)
    {
    case WGPUBackendType_Undefined: return "Undefined";
    case WGPUBackendType_Null:      return "Null";
    case WGPUBackendType_WebGPU:    return "WebGPU";
    case WGPUBackendType_D3D11:     return "D3D11";
    case WGPUBackendType_D3D12:     return "D3D12";
    case WGPUBackendType_Metal:     return "Metal";
    case WGPUBackendType_Vulkan:    return "Vulkan";
    case WGPUBackendType_OpenGL:    return "OpenGL";
    case WGPUBackendType_OpenGLES:  return "OpenGLES";
    default:                        return "Unknown";
    }
}

const char* ImGui_ImplWGPU_GetAdapterTypeName(WGPUAdapterType type)
{
    switch (type)
    {
    case WGPUAdapterType_DiscreteGPU:   return "DiscreteGPU";
    case WGPUAdapterType_IntegratedGPU: return "IntegratedGPU";
    case WGPUAdapterType_CPU:           return "CPU";
    default:                            return "Unknown";     // WGPUAdapterType_Unknown, too
    }
}

const char* ImGui_ImplWGPU_GetDeviceLostReasonName(WGPUDeviceLostReason type)
{
    switch (type)
    {
    case WGPUDeviceLostReason_Destroyed:         return "Destroyed";
    case IMGUI_IMPL_WGPU_DEVICE_LOST_REASON_CANCELLED: return "CallbackCancelled";
    case WGPUDeviceLostReason_FailedCreation:    return "FailedCreation";
    default:                                     return "Unknown";     // WGPUDeviceLostReason_Unknown, too
    }
}

const char* ImGui_ImplWGPU_GetErrorTypeName(WGPUErrorType type)
{
    switch (type)
    {
    case WGPUErrorType_NoError:     return "NoError";
    case WGPUErrorType_Validation:  return "Validation";
    case WGPUErrorType_OutOfMemory: return "OutOfMemory";
    case WGPUErrorType_Internal:    return "Internal";
    default:                        return "Unknown";     // WGPUErrorType_Unknown, too
    }
}

#if defined(IMGUI_IMPL_WEBGPU_BACKEND_WGPU) && !defined(__EMSCRIPTEN__)
const char* ImGui_ImplWGPU_GetLogLevelName(WGPULogLevel level)
{
    switch (level)
    {
    case WGPULogLevel_Off:   return "Off";
    case WGPULogLevel_Error: return "Error";
    case WGPULogLevel_Warn:  return "Warn";
    case WGPULogLevel_Info:  return "Info";
    case WGPULogLevel_Debug: return "Debug";
    case WGPULogLevel_Trace: return "Trace";
    default:                 return "Unknown";
    }
}
#endif

void ImGui_ImplWGPU_DebugPrintAdapterInfo(const WGPUAdapter& adapter)
{
    WGPUAdapterInfo info = {};
    if (!adapter)
    {
        ImGui_ImplWGPU_ReportError(ImGui_ImplWGPU_GetBackendData(), ImGui_ImplWGPU_Error_NullAdapter, "DebugPrintAdapterInfo() of a null adapter; nothing to print.");
        printf("WebGPU adapter: none\n");
        return;
    }
    if (wgpuAdapterGetInfo(adapter, &info) != WGPUStatus_Success)
    {
        printf("WebGPU adapter: its information could not be read\n");
        return;
    }
    printf("WebGPU adapter: \"%.*s\"\n", ImGui_ImplWGPU_StringViewLength(info.description), info.description.data ? info.description.data : "");
    printf("  vendor \"%.*s\" (vendorID 0x%04x), architecture \"%.*s\"\n",
        ImGui_ImplWGPU_StringViewLength(info.vendor), info.vendor.data ? info.vendor.data : "", info.vendorID,
        ImGui_ImplWGPU_StringViewLength(info.architecture), info.architecture.data ? info.architecture.data : "");
    printf("  device \"%.*s\" (deviceID 0x%04x)\n", ImGui_ImplWGPU_StringViewLength(info.device), info.device.data ? info.device.data : "", info.deviceID);
    printf("  backend %s, adapter type %s\n", ImGui_ImplWGPU_GetBackendTypeName(info.backendType), ImGui_ImplWGPU_GetAdapterTypeName(info.adapterType));
    wgpuAdapterInfoFreeMembers(info);
}

#ifdef IMGUI_IMPL_WGPU_HAS_NATIVE_SURFACES

// The window systems this build can make a surface for, in the order the messages list them.
#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) || defined(__DragonFly__)
#define IMGUI_IMPL_WGPU_SURFACE_X11_WAYLAND
#define IMGUI_IMPL_WGPU_SURFACE_SYSTEMS     "\"x11\", \"wayland\""
#elif defined(_WIN32)
#define IMGUI_IMPL_WGPU_SURFACE_WIN32
#define IMGUI_IMPL_WGPU_SURFACE_SYSTEMS     "\"win32\""
#elif defined(__APPLE__)
#include <TargetConditionals.h>
#if TARGET_OS_OSX && defined(__OBJC__)
// A CAMetalLayer is an Objective-C object: "cocoa" needs this file compiled as Objective-C++ (as upstream's).
#import <Cocoa/Cocoa.h>
#import <QuartzCore/CAMetalLayer.h>
#define IMGUI_IMPL_WGPU_SURFACE_COCOA
#define IMGUI_IMPL_WGPU_SURFACE_SYSTEMS     "\"cocoa\""
#else
#define IMGUI_IMPL_WGPU_SURFACE_SYSTEMS     "none (\"cocoa\" needs imgui_impl_wgpu.cpp compiled as Objective-C++)"
#endif
#else
#define IMGUI_IMPL_WGPU_SURFACE_SYSTEMS     "none on this platform"
#endif

static WGPUSurface ImGui_ImplWGPU_CreateSurfaceFromSource(WGPUInstance instance, WGPUChainedStruct* source)
{
    WGPUSurfaceDescriptor desc = {};
    desc.nextInChain = source;
    return wgpuInstanceCreateSurface(instance, &desc);
}

WGPUSurface ImGui_ImplWGPU_CreateWGPUSurfaceHelper(ImGui_ImplWGPU_CreateSurfaceInfo* info)
{
    ImGui_ImplWGPU_Data* bd = ImGui_ImplWGPU_GetBackendData();
    if (!info || !info->Instance || !info->System)
    {
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_BadSurfaceInfo, "CreateWGPUSurfaceHelper() needs an info with an Instance and a System; no surface made.");
        return nullptr;
    }
    const char* system = info->System;
    const char* needs = nullptr;        // The handles 'system' needs, when the info lacks one of them
    bool known = false;
    WGPUSurface surface = nullptr;
#ifdef IMGUI_IMPL_WGPU_SURFACE_X11_WAYLAND
    if (strcmp(system, "x11") == 0)
    {
        known = true;
        if (!info->RawDisplay || !info->RawWindow)
            needs = "RawDisplay (Display*) and RawWindow (Window)";
        else
        {
            WGPUSurfaceSourceXlibWindow source = {};
            source.chain.sType = WGPUSType_SurfaceSourceXlibWindow;
            source.display = info->RawDisplay;
            source.window = (uint64_t)(uintptr_t)info->RawWindow;   // An XID carried in a pointer
            surface = ImGui_ImplWGPU_CreateSurfaceFromSource(info->Instance, &source.chain);
        }
    }
    if (strcmp(system, "wayland") == 0)
    {
        known = true;
        if (!info->RawDisplay || !info->RawSurface)
            needs = "RawDisplay (wl_display*) and RawSurface (wl_surface*)";
        else
        {
            WGPUSurfaceSourceWaylandSurface source = {};
            source.chain.sType = WGPUSType_SurfaceSourceWaylandSurface;
            source.display = info->RawDisplay;
            source.surface = info->RawSurface;
            surface = ImGui_ImplWGPU_CreateSurfaceFromSource(info->Instance, &source.chain);
        }
    }
#endif
#ifdef IMGUI_IMPL_WGPU_SURFACE_WIN32
    if (strcmp(system, "win32") == 0)
    {
        known = true;
        if (!info->RawWindow || !info->RawInstance)
            needs = "RawWindow (HWND) and RawInstance (HINSTANCE)";
        else
        {
            WGPUSurfaceSourceWindowsHWND source = {};
            source.chain.sType = WGPUSType_SurfaceSourceWindowsHWND;
            source.hinstance = info->RawInstance;
            source.hwnd = info->RawWindow;
            surface = ImGui_ImplWGPU_CreateSurfaceFromSource(info->Instance, &source.chain);
        }
    }
#endif
#ifdef IMGUI_IMPL_WGPU_SURFACE_COCOA
    if (strcmp(system, "cocoa") == 0)
    {
        known = true;
        if (!info->RawWindow)
            needs = "RawWindow (NSWindow*)";
        else
        {
            // The content view hosts the layer that the surface presents to.
            NSView* view = [(NSWindow*)info->RawWindow contentView];
            CAMetalLayer* layer = [CAMetalLayer layer];
            [view setLayer:layer];
            [view setWantsLayer:YES];
            WGPUSurfaceSourceMetalLayer source = {};
            source.chain.sType = WGPUSType_SurfaceSourceMetalLayer;
            source.layer = (void*)layer;
            surface = ImGui_ImplWGPU_CreateSurfaceFromSource(info->Instance, &source.chain);
        }
    }
#endif
    if (!known)
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_BadSurfaceInfo, "CreateWGPUSurfaceHelper(): System \"%s\" is not supported here (supported: %s); no surface made.", system, IMGUI_IMPL_WGPU_SURFACE_SYSTEMS);
    else if (needs)
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_BadSurfaceInfo, "CreateWGPUSurfaceHelper(): System \"%s\" needs %s; no surface made.", system, needs);
    else if (!surface)
        ImGui_ImplWGPU_ReportError(bd, ImGui_ImplWGPU_Error_BadSurfaceInfo, "CreateWGPUSurfaceHelper(): wgpuInstanceCreateSurface() failed for System \"%s\".", system);
    return surface;
}

#endif // #ifdef IMGUI_IMPL_WGPU_HAS_NATIVE_SURFACES

//-----------------------------------------------------------------------------

#endif // #ifndef IMGUI_DISABLE
