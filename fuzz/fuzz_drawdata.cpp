// imwgpu-fuzz-drawdata: a libFuzzer target that turns its input into random but well-formed Dear ImGui
// draw data and renders it through the backend on a real device (SwiftShader on a machine without a GPU).
//
// Well-formed means what Dear ImGui itself could produce or an application may legally pass: indices within
// their list's vertices (relative to VtxOffset), IdxOffset/ElemCount within the list's indices, texture ids
// that are live (the font atlas, null, plain views, images added with options, textures the backend made),
// a framebuffer no larger than the pass's target. Everything else is left to the input: clip rectangles with
// NaN, infinities, inverted or far away corners, empty lists, null list entries, zero-element commands, user
// callbacks (plain, state-changing, ImDrawCallback_ResetRenderState, the sampler callbacks), zero, negative,
// NaN and too large display sizes, framebuffer scales, display positions, two RenderDrawData() calls before
// one submit (in one pass or in two), views the application releases and replaces between frames, images
// removed and added again, texture rectangles updated with any coordinates.
//
// Any of these aborts, and so is a finding: a WebGPU error (validation, out of memory, internal), a device
// loss, a crash or sanitizer report, and a wrong pixel in a probe: a probe draws one plain view alone over a
// 1x1 target and checks that the pixel has that view's colour, which catches a stale bind group.
//
// Input format (every read past the end gives 0, so any byte string is an input):
//   u8 frame count (1 + n % 3), then per frame:
//     u8 flags: bit0 two draw datas; bit1 the second in its own pass; bit2 probe; bit3 replace a plain view;
//               bit4 remove and add an image again; bit5 update a texture rectangle; bit6..7 extra NewFrame()s
//     [bit3] u8 slot, u32 colour   [bit4] u8 slot   [bit5] 4 x edge int (x, y, w, h), u8 pitch padding
//     per draw data: u8 target, u8 display mode (low 4 bits: the target's size, or 12 zero, 13 negative,
//       14 NaN, 15 too large; high bits: the framebuffer scale), 2 x u8 display position, u8 list count (n % 5),
//       then per list:
//       u8 list flags (bit0: a null entry instead), u16 vertex count (n % 1024), per vertex 4 x u8 (x, y, uv,
//       colour), u8 command count (n % 9), per command: u8 kind (see decode_command)
//     [bit2] u8 slot
//   A coordinate is a u8: below 200 a pixel position, below 250 a special value (NaN, infinities, huge), else
//   followed by a raw f32. An edge int is a u8: below 200 a small int, below 250 an edge of the int range, else
//   followed by a raw i32.
// fuzz/make_corpus.py writes seeds in this format.

#include "fuzz_support.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using imwgpu::Harness;
using imwgpu::set_draw_lists;
using imwgpu::texture_id;
using imwgpu::OffscreenTarget;
using namespace imwgpu::fuzz;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Coordinates the vertices and clip rectangles pick from (the targets are at most 64 x 64 pixels).
const float kCoordinates[] = {0.0f, 0.5f, 1.0f, 3.25f, 7.0f, 16.0f, 31.5f, 32.0f, 47.0f, 63.0f, 63.75f, 64.0f,
                              65.0f, 100.0f, -1.0f, -20.5f, 1e6f, -1e6f, 1e30f, -1e30f, kInf, -kInf, kNaN};
constexpr int kCoordinateCount = (int)(sizeof(kCoordinates) / sizeof(kCoordinates[0]));

float coordinate(uint8_t byte, ByteReader& in) {
    // Mostly pixel positions (-2 to 63.67 in steps of 0.33), sometimes a special value, rarely any float at all.
    if (byte < 200) return (float)byte * 0.33f - 2.0f;
    if (byte < 250) return kCoordinates[(byte - 200) % kCoordinateCount];
    return in.f32();
}

// Integers for sizes and positions: mostly small, sometimes at the edges of the int range.
int edge_int(ByteReader& in) {
    const uint8_t byte = in.u8();
    if (byte < 200) return (int)(byte % 14) - 2;
    const int edges[] = {INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1, -1, 1 << 30, 1 << 16, 8, 9, 0};
    if (byte < 250) return edges[(byte - 200) % 10];
    return in.i32();
}

// --- What lives for the whole run -----------------------------------------------------------

constexpr int kPlainViews = 4;  // views the application owns, replaced by the input at will
constexpr int kProbeTargetIndex = 3;

struct PlainView {
    WGPUTextureView view = nullptr;
    uint32_t        colour = 0;
};

struct Kept {  // images added with options, removed and added again by the input
    WGPUTextureView              view = nullptr;
    ImGui_ImplWGPU_ImageOptions  options;
};

struct FuzzState {
    Harness                  harness;
    ImGuiContext*            context = nullptr;
    OffscreenTarget          targets[4];  // 64x64, 33x17, 2x1, and the 1x1 probe target
    PlainView                plain[kPlainViews];
    std::vector<Kept>        kept;
    ImTextureID              made_texture = {};  // ImGui_ImplWGPU_CreateTexture()
    uint32_t                 max_texture_dimension = 0;
    bool                     verbose = false;  // IMWGPU_FUZZ_VERBOSE=1: what each frame did, to read a reproducer
};
FuzzState* g_state = nullptr;


// A texture of `format` filled with `bytes_per_texel` bytes of `fill` per texel, returned as its view.
WGPUTextureView create_filled_view(WGPUTextureFormat format, uint32_t w, uint32_t h, uint32_t bytes_per_texel, uint8_t fill,
                                   uint32_t mip_levels = 1) {
    WGPUTexture texture = g_state->harness.create_texture(w, h, format, mip_levels);
    std::vector<uint8_t> texels((size_t)w * h * bytes_per_texel, fill);
    WGPUTexelCopyTextureInfo dst = {};
    dst.texture = texture;
    dst.aspect = WGPUTextureAspect_All;
    WGPUTexelCopyBufferLayout layout = {};
    layout.bytesPerRow = w * bytes_per_texel;
    layout.rowsPerImage = h;
    WGPUExtent3D extent = {w, h, 1};
    wgpuQueueWriteTexture(g_state->harness.queue(), &dst, texels.data(), texels.size(), &layout, &extent);
    WGPUTextureView view = wgpuTextureCreateView(texture, nullptr);
    wgpuTextureRelease(texture);
    return view;
}

void set_plain_view(int slot, uint32_t colour) {
    PlainView& plain = g_state->plain[slot];
    if (plain.view) wgpuTextureViewRelease(plain.view);  // the backend may still hold it: that is the point
    const uint32_t sizes[kPlainViews][2] = {{1, 1}, {2, 2}, {16, 8}, {3, 5}};
    plain.colour = colour;
    plain.view = g_state->harness.create_solid_texture_view(sizes[slot][0], sizes[slot][1], colour);
}

void create_kept_images() {
    Kept depth;  // sampled as depth: never written, so Dawn clears it to 0
    WGPUTexture depth_texture = g_state->harness.create_texture(8, 8, WGPUTextureFormat_Depth32Float, 1, WGPUTextureUsage_TextureBinding);
    WGPUTextureViewDescriptor depth_view = {};
    depth_view.format = WGPUTextureFormat_Depth32Float;
    depth_view.dimension = WGPUTextureViewDimension_2D;
    depth_view.mipLevelCount = 1;
    depth_view.arrayLayerCount = 1;
    depth_view.aspect = WGPUTextureAspect_DepthOnly;
    depth.view = wgpuTextureCreateView(depth_texture, &depth_view);
    wgpuTextureRelease(depth_texture);
    depth.options.SampleType = ImGui_ImplWGPU_SampleType_Depth;
    g_state->kept.push_back(depth);

    Kept unfilterable;
    unfilterable.view = create_filled_view(WGPUTextureFormat_RGBA32Float, 4, 4, 16, 0);
    unfilterable.options.SampleType = ImGui_ImplWGPU_SampleType_UnfilterableFloat;
    g_state->kept.push_back(unfilterable);

    Kept alpha;
    alpha.view = create_filled_view(WGPUTextureFormat_R8Unorm, 5, 3, 1, 0x80);
    alpha.options.SampleType = ImGui_ImplWGPU_SampleType_Alpha;
    g_state->kept.push_back(alpha);

    Kept mipmapped;
    mipmapped.view = create_filled_view(WGPUTextureFormat_RGBA8Unorm, 8, 8, 4, 0xC0, 3);
    mipmapped.options.Filter = ImGui_ImplWGPU_Filter_Nearest;
    mipmapped.options.AddressMode = ImGui_ImplWGPU_AddressMode_Repeat;
    mipmapped.options.Mipmaps = true;
    g_state->kept.push_back(mipmapped);

    for (Kept& image : g_state->kept) ImGui_ImplWGPU_AddImage(image.view, &image.options);
}

void initialize() {
    g_state = new FuzzState();
    g_state->verbose = getenv("IMWGPU_FUZZ_VERBOSE") != nullptr;
    init_harness(g_state->harness, false);
    WGPULimits limits = {};
    if (wgpuDeviceGetLimits(g_state->harness.device(), &limits) != WGPUStatus_Success) fail("wgpuDeviceGetLimits failed");
    g_state->max_texture_dimension = limits.maxTextureDimension2D;

    const uint32_t sizes[4][2] = {{64, 64}, {33, 17}, {2, 1}, {1, 1}};
    for (int i = 0; i < 4; i++) g_state->targets[i] = imwgpu::create_offscreen_target(g_state->harness, sizes[i][0], sizes[i][1]);

    g_state->context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(64, 64);

    // Few frames in flight and a short cache life, so that arena rotation and eviction happen within an input.
    ImGui_ImplWGPU_InitInfo init_info;
    init_info.Device = g_state->harness.device();
    init_info.RenderTargetFormat = WGPUTextureFormat_RGBA8Unorm;
    init_info.NumFramesInFlight = 2;
    init_info.ImageCacheMaxUnusedFrames = 1;
    if (!ImGui_ImplWGPU_Init(&init_info)) fail("ImGui_ImplWGPU_Init failed");
    ImGui_ImplWGPU_NewFrame();  // creates the device objects and the font atlas

    for (int slot = 0; slot < kPlainViews; slot++) set_plain_view(slot, kColours[slot]);
    create_kept_images();
    std::vector<uint8_t> pixels(8 * 8 * 4, 0x7F);
    g_state->made_texture = ImGui_ImplWGPU_CreateTexture(8, 8, pixels.data());
    if (!g_state->made_texture) fail("ImGui_ImplWGPU_CreateTexture failed");
    g_state->harness.wait_idle();
    check_no_webgpu_error(g_state->harness);
}

// --- Decoding --------------------------------------------------------------------------------

// The texture ids an input may use: null, the font atlas, the plain views, the kept images, the made texture.
ImTextureID pick_texture(uint8_t byte) {
    const int count = 2 + kPlainViews + (int)g_state->kept.size() + 1;
    int i = byte % count;
    if (i == 0) return texture_id(nullptr);
    if (i == 1) return ImGui::GetIO().Fonts->TexID;
    i -= 2;
    if (i < kPlainViews) return texture_id(g_state->plain[i].view);
    i -= kPlainViews;
    if (i < (int)g_state->kept.size()) return texture_id(g_state->kept[i].view);
    return g_state->made_texture;
}

ImVec4 decode_clip_rect(ByteReader& in, const OffscreenTarget& target, ImVec2 display_pos, ImVec2 scale) {
    const uint8_t kind = in.u8();
    const ImVec2 max(display_pos.x + (float)target.width / scale.x, display_pos.y + (float)target.height / scale.y);
    switch (kind % 8) {
    case 0:
    case 1: return ImVec4(display_pos.x, display_pos.y, max.x, max.y);  // the whole display, as Dear ImGui does
    case 2: return ImVec4(-kInf, -kInf, kInf, kInf);
    case 3: return ImVec4(kNaN, kNaN, kNaN, kNaN);
    default: {
        const float x0 = coordinate(in.u8(), in), y0 = coordinate(in.u8(), in);
        const float x1 = coordinate(in.u8(), in), y1 = coordinate(in.u8(), in);
        return ImVec4(display_pos.x + x0, display_pos.y + y0, display_pos.x + x1, display_pos.y + y1);
    }
    }
}

// Appends one command to `list`, whose vertices are all in place.
void decode_command(ByteReader& in, ImDrawList& list, const OffscreenTarget& target, ImVec2 display_pos, ImVec2 scale) {
    const uint8_t kind = in.u8() % 16;
    ImDrawCmd cmd;
    cmd.ClipRect = ImVec4(display_pos.x, display_pos.y, display_pos.x + 64, display_pos.y + 64);
    cmd.IdxOffset = (unsigned)list.IdxBuffer.Size;
    switch (kind) {
    case 11:
    case 12:
    case 13:
    case 14:
    case 15: set_callback(cmd, kind - 11, target); break;  // counting, state-changing, reset, nearest, linear
    default: {  // 0..10: a draw
        cmd.TextureId = pick_texture(in.u8());
        cmd.ClipRect = decode_clip_rect(in, target, display_pos, scale);
        const unsigned vertices = (unsigned)list.VtxBuffer.Size;
        const unsigned triangles = in.u8() % 24;
        cmd.VtxOffset = vertices ? in.u16() % vertices : 0;
        const unsigned reachable = vertices - cmd.VtxOffset;  // indices are relative to VtxOffset
        if (reachable == 0) break;                            // nothing to index: a zero-element command
        for (unsigned i = 0; i < triangles * 3; i++) {
            list.IdxBuffer.push_back((ImDrawIdx)(in.u16() % reachable));  // reachable <= 1024: fits 16 bits
        }
        cmd.ElemCount = triangles * 3;
        break;
    }
    }
    list.CmdBuffer.push_back(cmd);
}

// One draw data for `target`, built into `lists` (owned by the caller) and `data`.
void decode_draw_data(ByteReader& in, std::vector<ImDrawList*>& lists, ImDrawData& data, const OffscreenTarget& target) {
    const uint8_t mode = in.u8();
    // Scales that divide the target exactly, so that DisplaySize * FramebufferScale is the target's size.
    const float scales[] = {1.0f, 2.0f, 0.5f, 0.25f};
    const float scale = scales[(mode >> 4) % 4];
    ImVec2 display_size((float)target.width / scale, (float)target.height / scale);
    switch (mode % 16) {
    case 12: display_size = ImVec2(0.0f, display_size.y); break;
    case 13: display_size = ImVec2(-display_size.x, display_size.y); break;
    case 14: display_size = ImVec2(display_size.x, kNaN); break;
    case 15: display_size = ImVec2(((float)g_state->max_texture_dimension + 1.0f) / scale, display_size.y); break;  // no target is that large
    default: break;  // the target's size
    }
    const float positions[] = {0.0f, 0.0f, 0.0f, 10.5f, -100.0f, 1e6f, -3.0f, 4096.0f};
    const ImVec2 display_pos(positions[in.u8() % 8], positions[in.u8() % 8]);
    const ImVec2 fb_scale(scale, scale);

    const int list_count = in.u8() % 5;
    for (int n = 0; n < list_count; n++) {
        const uint8_t flags = in.u8();
        if (flags & 1) {
            lists.push_back(nullptr);
            continue;
        }
        ImDrawList* list = IM_NEW(ImDrawList)(ImGui::GetDrawListSharedData());
        lists.push_back(list);
        const int vertex_count = in.u16() % 1024;
        for (int v = 0; v < vertex_count; v++) {
            ImDrawVert vertex;
            vertex.pos = ImVec2(display_pos.x + coordinate(in.u8(), in) / scale, display_pos.y + coordinate(in.u8(), in) / scale);
            const uint8_t uv = in.u8();
            vertex.uv = ImVec2((float)(uv & 15) / 8.0f - 0.5f, (float)(uv >> 4) / 8.0f - 0.5f);
            const uint8_t colour = in.u8();
            vertex.col = kColours[colour % 8] & (colour >= 128 ? 0x80FFFFFFu : 0xFFFFFFFFu);
            list->VtxBuffer.push_back(vertex);
        }
        const int command_count = in.u8() % 9;
        for (int c = 0; c < command_count; c++) decode_command(in, *list, target, display_pos, fb_scale);
    }

    data.Valid = true;
    set_draw_lists(data, lists);
    data.TotalVtxCount = data.TotalIdxCount = 0;
    for (ImDrawList* list : lists)
        if (list) {
            data.TotalVtxCount += list->VtxBuffer.Size;
            data.TotalIdxCount += list->IdxBuffer.Size;
        }
    data.DisplayPos = display_pos;
    data.DisplaySize = display_size;
    data.FramebufferScale = fb_scale;
}

// Changes between frames that an application may make.
void apply_changes(ByteReader& in, uint8_t flags) {
    if (flags & 8) {  // the application releases a plain view and makes a new one (often at the same address)
        const int slot = in.u8() % kPlainViews;
        set_plain_view(slot, kColours[in.u32() % 8]);
    }
    if (flags & 16) {  // an image is removed, then added again with its options
        Kept& image = g_state->kept[in.u8() % g_state->kept.size()];
        ImGui_ImplWGPU_RemoveImage(texture_id(image.view));
        ImGui_ImplWGPU_AddImage(image.view, &image.options);
    }
    if (flags & 32) {  // any rectangle, inside the 8x8 texture or not: the backend must refuse the bad ones itself
        const int x = edge_int(in), y = edge_int(in), w = edge_int(in), h = edge_int(in);
        const int64_t pitch = (int64_t)(w > 0 ? w : 0) * 4 + in.u8() % 8;
        const int64_t rows = h > 0 ? h : 0;
        // Pixels for every rectangle inside the texture; a backend that read the pixels of a larger one would
        // read past this buffer, which AddressSanitizer reports.
        const int64_t bytes = (rows == 0 || pitch <= 4096 / rows) ? pitch * rows : 4096;
        std::vector<uint8_t> pixels((size_t)bytes + 1, 0x5A);
        ImGui_ImplWGPU_UpdateTextureRect(g_state->made_texture, x, y, w, h, pixels.data(), (int)std::min<int64_t>(pitch, INT_MAX));
    }
}

void run_frame(ByteReader& in) {
    const uint8_t flags = in.u8();
    apply_changes(in, flags);
    for (int extra = 0; extra < (flags >> 6); extra++) ImGui_ImplWGPU_NewFrame();  // frames that draw nothing
    ImGui_ImplWGPU_NewFrame();

    // Per draw data (the frame's one or two, and the probe's): its lists, freed after the submit.
    std::vector<ImDrawList*> lists[3];
    ImDrawData data[3];
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(g_state->harness.device(), nullptr);
    const int draw_datas = (flags & 1) ? 2 : 1;
    WGPURenderPassEncoder pass = nullptr;
    const OffscreenTarget* pass_target = nullptr;
    for (int d = 0; d < draw_datas; d++) {
        const OffscreenTarget& target = g_state->targets[in.u8() % 3];
        // The second draw data shares the first's pass (and so its target) unless the input asks for a pass of its own.
        const bool new_pass = !pass || (flags & 2);
        if (new_pass) {
            if (pass) {
                wgpuRenderPassEncoderEnd(pass);
                wgpuRenderPassEncoderRelease(pass);
            }
            pass = imwgpu::begin_pass(encoder, target, true, 0, 0, 0, 1);
            pass_target = &target;
        }
        decode_draw_data(in, lists[d], data[d], *pass_target);
        if (g_state->verbose)
            fprintf(stderr, "draw data %d: target %ux%u, display pos (%g, %g) size (%g, %g) scale (%g, %g), %d list(s)\n", d,
                    pass_target->width, pass_target->height, data[d].DisplayPos.x, data[d].DisplayPos.y, data[d].DisplaySize.x,
                    data[d].DisplaySize.y, data[d].FramebufferScale.x, data[d].FramebufferScale.y, data[d].CmdListsCount);
        ImGui_ImplWGPU_RenderDrawData(&data[d], pass);
    }
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);

    int probe_slot = -1;
    if (flags & 4) {
        probe_slot = in.u8() % kPlainViews;
        // Plain view `slot` alone over the 1x1 probe target: the pixel must be that view's colour.
        encode_probe(encoder, g_state->targets[kProbeTargetIndex], texture_id(g_state->plain[probe_slot].view), IM_COL32_WHITE, lists[2], data[2]);
    }
    g_state->harness.submit(encoder);
    for (std::vector<ImDrawList*>& draw_data_lists : lists)
        for (ImDrawList* list : draw_data_lists)
            if (list) IM_DELETE(list);

    if (g_state->verbose) {
        ImGui_ImplWGPU_Stats stats;
        ImGui_ImplWGPU_GetStats(&stats);
        fprintf(stderr, "frame %llu: flags 0x%02X, %d draw data(s), %u render call(s), %u draw(s), %u skipped, %d callback(s), %u cached image(s), %llu error(s): %s\n",
                (unsigned long long)stats.FrameIndex, flags, draw_datas, stats.RenderCallsThisFrame, stats.DrawCallsThisFrame,
                stats.DrawsSkippedThisFrame, callback_calls, stats.ImageCacheEntries, (unsigned long long)stats.ErrorsReported,
                ImGui_ImplWGPU_GetLastError());
    }
    if (probe_slot >= 0) {
        const imwgpu::Image image = imwgpu::read_back(g_state->harness, g_state->targets[kProbeTargetIndex]);
        if (image.width != 1) fail("probe read-back failed");
        const uint32_t want = g_state->plain[probe_slot].colour, got = image.pixel(0, 0);
        if (got != want) {
            fprintf(stderr, "probe of plain view %d: pixel 0x%08X, expected 0x%08X\n", probe_slot, got, want);
            fail("a probe drew the wrong image (stale bind group?)");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    initialize();
    end_process_without_teardown();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ByteReader in(data, size);
    const int frames = 1 + in.u8() % 3;
    for (int frame = 0; frame < frames; frame++) run_frame(in);
    // Waiting for every input keeps memory flat and makes each error land on the input that caused it.
    g_state->harness.wait_idle();
    g_state->harness.process_events();
    check_no_webgpu_error(g_state->harness);
    return 0;
}
