// imwgpu-fuzz-api: a stateful libFuzzer target over the backend's whole public API, on a real device (SwiftShader on
// a machine without a GPU). The input is a sequence of calls, made the way an application may make them:
// Init/Shutdown (and a new device after a shutdown), InvalidateDeviceObjects/CreateDeviceObjects, NewFrame,
// RenderDrawData (one to 64 draw datas per submit, in one pass or several, with or without a NewFrame in between,
// with user and sampler callbacks), AddImage/RemoveImage of views whose own reference the application releases at
// any moment, CreateTexture/UpdateTextureRect/DestroyTexture, calls the backend must refuse, a device loss
// (NotifyDeviceLost) followed by a new device, and on Dear ImGui 1.92+ ImTextureData requests (create, create again,
// updates, destroy), honoured through draw_data->Textures or UpdateTexture().
//
// The fuzzer keeps a model of what the application may draw at each moment, and of what each image holds:
// - a plain view while the application holds its reference; an added image until RemoveImage() (the backend holds
//   the view); a created texture until DestroyTexture(); an ImTextureData while the backend has made it. The API
//   contract is that these survive InvalidateDeviceObjects()/CreateDeviceObjects(), and end at Shutdown().
// - images are solid or odd-sized, so that the middle texel's colour is what a probe must read: a probe draws one
//   image alone over a 1x1 target, sampled at its middle, and reads the pixel back. Up to 64 probes go in one submit,
//   each a RenderDrawData() call of its own into a target of its own: every call must draw its own data.
//
// Any of these aborts, and so is a finding: a crash or sanitizer report, a WebGPU error (validation, out of memory,
// internal) or a device loss the input did not ask for, a probe pixel other than the image's colour, an
// UpdateTextureRect() result other than the contract's, backend data left on an ImTextureData after Shutdown(), and
// WebGPU references (counted by the tracker, tracker/) above their baseline once the input ends with Shutdown().
//
// Input format (every read past the end gives 0): u8 Init() settings (see op_init), then a sequence of up to kMaxOps
// operations, each a u8 (see run_op) followed by its arguments. fuzz/make_api_corpus.py writes seeds in this format; IMWGPU_FUZZ_VERBOSE=1 prints the
// calls an input makes.

#include "fuzz_support.h"
#include "imwgpu_tracker.h"

#include <algorithm>
#include <cstdarg>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace imwgpu;
using namespace imwgpu::fuzz;

constexpr int kMaxOps = 64;
constexpr int kMaxEntries = 12;        // images the model tracks at once
constexpr int kMaxNewDevices = 2;      // per input: a new device takes tens of milliseconds
constexpr int kMaxCallsPerSubmit = 64;  // draw datas of one op_render, probes of one op_probe

enum class Kind { Plain, Added, Created, TexData };
const char* kind_name(Kind kind) {
    switch (kind) {
    case Kind::Plain: return "plain view";
    case Kind::Added: return "added image";
    case Kind::Created: return "created texture";
    case Kind::TexData: return "ImTextureData";
    }
    return "?";
}

// One image the application knows.
struct Entry {
    Kind                  kind = Kind::Plain;
    int                   serial = 0;             // names the image in verbose output
    WGPUTextureView       own_view = nullptr;     // the application's reference (plain views, added images)
    ImTextureID           id = {};
    bool                  backend_keeps = false;  // added until RemoveImage(), created until DestroyTexture()
    int                   width = 1, height = 1;
    std::vector<uint32_t> pixels;                 // what the texture holds (0xAABBGGRR), when known
#ifdef IMGUI_HAS_TEXTURES
    ImTextureData*        tex = nullptr;
#endif
};

struct State {
    Harness             harness;
    OffscreenTarget     targets[2];  // 64x64, 33x17
    OffscreenTarget     probe_targets[kMaxCallsPerSubmit];  // 1x1
    ImGuiContext*       context = nullptr;
    tracker::Snapshot   baseline;    // with the targets alive and nothing else
    bool                verbose = false;

    // Per input.
    bool                initialized = false;
    bool                lost = false;          // the input destroyed the device; only a new device ends this
    bool                losing = false;        // a loss the input asked for is in progress
    int                 new_devices = 0;
    int                 next_serial = 0;
    std::vector<Entry>  entries;
};
State* g = nullptr;

void trace(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void trace(const char* fmt, ...) {
    if (!g->verbose) return;
    va_list args;
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
}

// --- Device ----------------------------------------------------------------------------------

void create_device() {
    init_harness(g->harness, g->context != nullptr, &g->losing);  // the adapter line once per run
    const uint32_t sizes[2][2] = {{64, 64}, {33, 17}};
    for (int i = 0; i < 2; i++) g->targets[i] = create_offscreen_target(g->harness, sizes[i][0], sizes[i][1]);
    for (OffscreenTarget& target : g->probe_targets) target = create_offscreen_target(g->harness, 1, 1);
    g->lost = g->losing = false;
}

void destroy_device() {
    for (OffscreenTarget& target : g->targets) release_offscreen_target(target);
    for (OffscreenTarget& target : g->probe_targets) release_offscreen_target(target);
    g->losing = true;  // shutdown() destroys the device
    g->harness.shutdown();
}

// Errors so far, on a device the input has not destroyed (a lost device reports nothing).
void check_webgpu_errors() {
    Harness& h = g->harness;
    if (h.error_count() == 0 && (!h.device_lost() || g->losing)) return;
    for (const std::string& message : h.errors()) fprintf(stderr, "WebGPU %s\n", message.c_str());
    fail(h.error_count() ? "WebGPU reported an error" : "the device was lost");
}

// --- The model -------------------------------------------------------------------------------

bool drawable(const Entry& e) {
#ifdef IMGUI_HAS_TEXTURES
    if (e.kind == Kind::TexData)
        return e.tex->BackendUserData && e.tex->TexID != ImTextureID_Invalid &&
               (e.tex->Status == ImTextureStatus_OK || e.tex->Status == ImTextureStatus_WantUpdates);
#endif
    return e.own_view || e.backend_keeps;
}

// The colour a probe must read: the middle texel's, when it and its neighbours are known, equal and opaque (so
// that filtering cannot change it).
bool expected_colour(const Entry& e, uint32_t* colour) {
    std::vector<uint32_t> pixels = e.pixels;
#ifdef IMGUI_HAS_TEXTURES
    if (e.kind == Kind::TexData) {
        if (e.tex->Status != ImTextureStatus_OK) return false;
        pixels.resize((size_t)e.width * e.height);
        for (int i = 0; i < e.width * e.height; i++) {
            if (e.tex->Format == ImTextureFormat_RGBA32)
                memcpy(&pixels[i], e.tex->Pixels + i * 4, 4);
            else  // Alpha8: coverage of white
                pixels[i] = e.tex->Pixels[i] == 0xFF ? IM_COL32_WHITE : 0;
        }
    }
#endif
    if (pixels.size() != (size_t)e.width * e.height) return false;
    const int cx = e.width / 2, cy = e.height / 2;
    const uint32_t middle = pixels[(size_t)cy * e.width + cx];
    if ((middle >> 24) != 0xFF) return false;
    for (int y = std::max(0, cy - 1); y <= std::min(e.height - 1, cy + 1); y++)
        for (int x = std::max(0, cx - 1); x <= std::min(e.width - 1, cx + 1); x++)
            if (pixels[(size_t)y * e.width + x] != middle) return false;
    *colour = middle;
    return true;
}

Entry* pick(uint8_t byte, bool (*filter)(const Entry&)) {
    std::vector<Entry*> candidates;
    for (Entry& e : g->entries)
        if (filter(e)) candidates.push_back(&e);
    return candidates.empty() ? nullptr : candidates[byte % candidates.size()];
}

void erase(Entry* e) {
    g->entries.erase(g->entries.begin() + (e - g->entries.data()));
}

// Odd sizes: uv 0.5 is a texel's middle.
const int kSizes[] = {1, 3, 5, 7, 9, 15};

WGPUTextureView new_solid_view(uint8_t size, uint32_t colour, int* w, int* h) {
    *w = kSizes[size % 6];
    *h = kSizes[(size / 6) % 6];
    return g->harness.create_solid_texture_view((uint32_t)*w, (uint32_t)*h, colour);
}

Entry& add_entry(Kind kind) {
    g->entries.emplace_back();
    Entry& e = g->entries.back();
    e.kind = kind;
    e.serial = g->next_serial++;
    return e;
}

// What Shutdown() ends: added images become plain views again (or nothing, without the application's reference),
// created textures are gone, ImTextureData lose their backend data.
void forget_backend() {
    for (size_t i = 0; i < g->entries.size();) {
        Entry& e = g->entries[i];
        if (e.kind == Kind::Added && e.own_view) {
            e.kind = Kind::Plain;
            e.backend_keeps = false;
        } else if (e.kind == Kind::Added || e.kind == Kind::Created) {
            g->entries.erase(g->entries.begin() + i);
            continue;
        }
        i++;
    }
    g->initialized = false;
}

#ifdef IMGUI_HAS_TEXTURES
void delete_tex_data(Entry* e) {
    ImVector<ImTextureData*>& textures = ImGui::GetPlatformIO().Textures;
    textures.find_erase(e->tex);
    e->tex->DestroyPixels();
    IM_DELETE(e->tex);
    erase(e);
}

// Textures the backend destroyed on request (WantDestroy) are the application's to free.
void collect_destroyed_tex_data() {
    for (size_t i = 0; i < g->entries.size();) {
        Entry& e = g->entries[i];
        if (e.kind == Kind::TexData && e.tex->Status == ImTextureStatus_Destroyed) {
            if (e.tex->BackendUserData) fail("a destroyed ImTextureData still has backend data");
            trace("  ImTextureData #%d destroyed: freed", e.serial);
            delete_tex_data(&e);
            continue;
        }
        i++;
    }
}
#endif

// --- Drawing ---------------------------------------------------------------------------------

// Sets the command's texture to one the application may draw now (or none).
bool pick_texture(uint8_t byte, ImDrawCmd& cmd) {
    std::vector<Entry*> candidates;
    for (Entry& e : g->entries)
        if (drawable(e)) candidates.push_back(&e);
#ifndef IMGUI_HAS_TEXTURES
    const ImTextureID font = ImGui::GetIO().Fonts->TexID;
    const int extra = font ? 2 : 1;
#else
    const int extra = 1;
#endif
    const int i = byte % (int)(candidates.size() + extra);
    if (i < (int)candidates.size()) {
        Entry& e = *candidates[i];
#ifdef IMGUI_HAS_TEXTURES
        if (e.kind == Kind::TexData && (byte & 0x80)) {  // as Dear ImGui refers to its own textures
            cmd.TexRef = ImTextureRef();
            cmd.TexRef._TexData = e.tex;
            return true;
        }
        set_texture(cmd, e.kind == Kind::TexData ? e.tex->TexID : e.id);
#else
        set_texture(cmd, e.id);
#endif
        return true;
    }
#ifndef IMGUI_HAS_TEXTURES
    if (i == (int)candidates.size() + 1) {
        set_texture(cmd, font);
        return true;
    }
#endif
    set_texture(cmd, texture_id(nullptr));  // skipped (and reported) by the backend
    return false;
}

// One draw data for `target`: up to 3 lists of up to 6 commands, quads and callbacks.
void decode_draw_data(ByteReader& in, std::vector<ImDrawList*>& lists, ImDrawData& data, const OffscreenTarget& target) {
    const int list_count = 1 + in.u8() % 3;
    for (int n = 0; n < list_count; n++) {
        ImDrawList* list = IM_NEW(ImDrawList)(ImGui::GetDrawListSharedData());
        lists.push_back(list);
        const int command_count = 1 + in.u8() % 6;
        for (int c = 0; c < command_count; c++) {
            ImDrawCmd cmd;
            cmd.ClipRect = ImVec4(0, 0, (float)target.width, (float)target.height);
            cmd.IdxOffset = (unsigned)list->IdxBuffer.Size;
            cmd.VtxOffset = 0;
            const uint8_t kind = in.u8() % 10;
            switch (kind) {
            case 5:
            case 6:
            case 7:
            case 8:
            case 9: set_callback(cmd, kind - 5, target); break;  // counting, state-changing, reset, nearest, linear
            default: {  // 0..4: a quad
                pick_texture(in.u8(), cmd);
                const float x0 = (float)(in.u8() % 70) - 3.0f, y0 = (float)(in.u8() % 70) - 3.0f;
                const float x1 = (float)(in.u8() % 70) - 3.0f, y1 = (float)(in.u8() % 70) - 3.0f;
                const uint32_t colour = kColours[in.u8() % kColourCount];
                const unsigned base = (unsigned)list->VtxBuffer.Size;
                list->VtxBuffer.push_back({ImVec2(x0, y0), ImVec2(0, 0), colour});
                list->VtxBuffer.push_back({ImVec2(x1, y0), ImVec2(1, 0), colour});
                list->VtxBuffer.push_back({ImVec2(x1, y1), ImVec2(1, 1), colour});
                list->VtxBuffer.push_back({ImVec2(x0, y1), ImVec2(0, 1), colour});
                for (unsigned index : {0u, 1u, 2u, 0u, 2u, 3u}) list->IdxBuffer.push_back((ImDrawIdx)(base + index));
                cmd.ElemCount = 6;
                break;
            }
            }
            list->CmdBuffer.push_back(cmd);
        }
    }
    data.Valid = true;
    set_draw_lists(data, lists);
    data.TotalVtxCount = data.TotalIdxCount = 0;
    for (ImDrawList* list : lists) {
        data.TotalVtxCount += list->VtxBuffer.Size;
        data.TotalIdxCount += list->IdxBuffer.Size;
    }
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2((float)target.width, (float)target.height);
    data.FramebufferScale = ImVec2(1, 1);
}

void op_render(ByteReader& in) {
    const uint8_t flags = in.u8();
    const int draw_datas = (flags & 3) == 3 ? 4 + in.u8() % (kMaxCallsPerSubmit - 3) : 1 + (flags & 3);
    const bool own_passes = flags & 4, new_frame_between = flags & 8;
    const OffscreenTarget& target = g->targets[(flags >> 5) % 2];
    trace("RenderDrawData x%d into %ux%u%s%s%s", draw_datas, target.width, target.height, own_passes ? ", a pass each" : "",
        new_frame_between ? ", NewFrame between" : "", (flags & 16) ? ", without texture requests" : "");
    std::vector<std::vector<ImDrawList*>> lists(draw_datas);
    std::vector<ImDrawData> data(draw_datas);
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(g->harness.device(), nullptr);
    WGPURenderPassEncoder pass = nullptr;
    for (int d = 0; d < draw_datas; d++) {
        if (d > 0 && new_frame_between) ImGui_ImplWGPU_NewFrame();
        if (!pass || own_passes) {
            if (pass) {
                wgpuRenderPassEncoderEnd(pass);
                wgpuRenderPassEncoderRelease(pass);
            }
            pass = begin_pass(encoder, target, true, 0, 0, 0, 1);
        }
        decode_draw_data(in, lists[d], data[d], target);
#ifdef IMGUI_HAS_TEXTURES
        if (!(flags & 16)) data[d].Textures = &ImGui::GetPlatformIO().Textures;  // as ImGui::Render() makes it
#endif
        ImGui_ImplWGPU_RenderDrawData(&data[d], pass);
    }
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
    g->harness.submit(encoder);
    for (std::vector<ImDrawList*>& draw_data_lists : lists)
        for (ImDrawList* list : draw_data_lists) IM_DELETE(list);
#ifdef IMGUI_HAS_TEXTURES
    collect_destroyed_tex_data();
#endif
}

// The vertex colours of the probes of one submit, so that each call's vertices differ from its neighbours': the
// texel times the tint keeps or zeroes whole channels, exactly. (Never black: that would look like nothing drawn.)
const uint32_t kProbeTints[7] = {IM_COL32(255, 255, 255, 255), IM_COL32(255, 0, 0, 255), IM_COL32(0, 255, 0, 255), IM_COL32(0, 0, 255, 255),
                                 IM_COL32(255, 255, 0, 255), IM_COL32(255, 0, 255, 255), IM_COL32(0, 255, 255, 255)};

// `count` probes (one byte each: which drawable image), each its own RenderDrawData() call into its own 1x1 target
// with its own vertex colour, all in one submit; then every target is read back.
void op_probe(ByteReader& in, int count) {
    if (!g->initialized || g->lost) return;
    std::vector<Entry*> candidates;
    std::vector<uint32_t> colours;
    for (Entry& e : g->entries) {
        uint32_t colour;
        if (drawable(e) && expected_colour(e, &colour)) {
            candidates.push_back(&e);
            colours.push_back(colour);
        }
    }
    if (candidates.empty()) return;
    std::vector<std::vector<ImDrawList*>> lists(count);
    std::vector<ImDrawData> data(count);
    std::vector<size_t> probed(count);
    WGPUCommandEncoder encoder = wgpuDeviceCreateCommandEncoder(g->harness.device(), nullptr);
    for (int k = 0; k < count; k++) {
        const uint8_t byte = in.u8();
        probed[k] = byte % candidates.size();
        Entry& e = *candidates[probed[k]];
#ifdef IMGUI_HAS_TEXTURES
        // An ImTextureData through its ImTextureRef, as Dear ImGui draws it, or through its ImTextureID (a plain view
        // to the backend, so sampled as a colour texture: only for RGBA32).
        const bool by_ref = e.kind == Kind::TexData && (e.tex->Format == ImTextureFormat_Alpha8 || (byte & 0x80));
        trace("probe %s #%d%s (call %d of %d)", kind_name(e.kind), e.serial, by_ref ? " (by ImTextureRef)" : "", k + 1, count);
        encode_probe(encoder, g->probe_targets[k], e.kind == Kind::TexData ? e.tex->TexID : e.id, kProbeTints[k % 7], lists[k], data[k], by_ref ? e.tex : nullptr);
#else
        trace("probe %s #%d (call %d of %d)", kind_name(e.kind), e.serial, k + 1, count);
        encode_probe(encoder, g->probe_targets[k], e.id, kProbeTints[k % 7], lists[k], data[k]);
#endif
    }
    g->harness.submit(encoder);
    for (std::vector<ImDrawList*>& call_lists : lists)
        for (ImDrawList* list : call_lists) IM_DELETE(list);
    for (int k = 0; k < count; k++) {
        const Entry& e = *candidates[probed[k]];
        const Image image = read_back(g->harness, g->probe_targets[k]);
        if (image.width != 1) fail("probe read-back failed");
        const uint32_t expected = colours[probed[k]] & kProbeTints[k % 7];
        if (image.pixel(0, 0) != expected) {
            fprintf(stderr, "probe %d of %d, %s #%d: pixel 0x%08X, expected 0x%08X\n", k + 1, count, kind_name(e.kind), e.serial,
                    image.pixel(0, 0), expected);
            fail("a probe read the wrong colour");
        }
    }
}

// --- Images ----------------------------------------------------------------------------------

void op_new_plain_view(ByteReader& in) {
    const uint8_t size = in.u8();
    const uint32_t colour = kColours[in.u8() % kColourCount];
    if ((int)g->entries.size() >= kMaxEntries) return;
    Entry& e = add_entry(Kind::Plain);
    e.own_view = new_solid_view(size, colour, &e.width, &e.height);
    e.id = texture_id(e.own_view);
    e.pixels.assign((size_t)e.width * e.height, colour);
    trace("new plain view #%d (%dx%d)", e.serial, e.width, e.height);
}

void op_add_image(ByteReader& in) {
    const uint8_t which = in.u8(), option_bits = in.u8(), size = in.u8();
    const uint32_t colour = kColours[in.u8() % kColourCount];
    Entry* e = (which & 1) ? pick(which >> 1, [](const Entry& x) { return (x.kind == Kind::Plain || x.kind == Kind::Added) && x.own_view != nullptr; }) : nullptr;
    if (!e) {
        if ((int)g->entries.size() >= kMaxEntries) return;
        e = &add_entry(Kind::Plain);
        e->own_view = new_solid_view(size, colour, &e->width, &e->height);
        e->id = texture_id(e->own_view);
        e->pixels.assign((size_t)e->width * e->height, colour);
    }
    ImGui_ImplWGPU_ImageOptions options;
    options.Filter = (option_bits & 1) ? ImGui_ImplWGPU_Filter_Nearest : ImGui_ImplWGPU_Filter_Linear;
    options.AddressMode = (option_bits & 2) ? ImGui_ImplWGPU_AddressMode_Repeat : ImGui_ImplWGPU_AddressMode_ClampToEdge;
    options.Mipmaps = (option_bits & 4) != 0;
    const ImTextureID id = ImGui_ImplWGPU_AddImage(e->own_view, &options);
    trace("AddImage #%d%s", e->serial, (option_bits & 8) ? ", then release the application's reference" : "");
    if (g->initialized) {
        if (id != e->id) fail("AddImage() did not return the view");
        e->kind = Kind::Added;
        e->backend_keeps = true;
    } else if (id != texture_id(nullptr)) {
        fail("AddImage() before Init() returned an image");
    }
    if ((option_bits & 8) && e->backend_keeps) {  // the backend holds the view now
        wgpuTextureViewRelease(e->own_view);
        e->own_view = nullptr;
    }
}

void op_remove_image(uint8_t byte) {
    Entry* e = pick(byte, [](const Entry& x) { return x.kind == Kind::Added && x.backend_keeps; });
    if (!e) return;
    trace("RemoveImage #%d", e->serial);
    ImGui_ImplWGPU_RemoveImage(e->id);
    e->backend_keeps = false;
    if (!e->own_view) erase(e);  // not to be drawn any more
}

void op_release_view(uint8_t byte) {
    Entry* e = pick(byte, [](const Entry& x) { return x.own_view != nullptr; });
    if (!e) return;
    trace("release the application's reference to %s #%d", kind_name(e->kind), e->serial);
    wgpuTextureViewRelease(e->own_view);
    e->own_view = nullptr;
    if (!e->backend_keeps) erase(e);
}

void op_create_texture(ByteReader& in) {
    const uint8_t size = in.u8(), bits = in.u8();
    const uint32_t colour = kColours[in.u8() % kColourCount];
    if ((int)g->entries.size() >= kMaxEntries) return;
    int w = kSizes[size % 6], h = kSizes[(size / 6) % 6];
    const bool bad_size = (bits & 0x30) == 0x30;
    if (bad_size) {  // refused: zero, negative, beyond any device's limits
        const int bad[] = {0, -1, INT_MIN, 1 << 20};
        w = bad[bits % 4];
    }
    std::vector<uint32_t> pixels(bad_size ? 1 : (size_t)w * h, colour);
    ImGui_ImplWGPU_ImageOptions options;
    options.SampleType = (ImGui_ImplWGPU_SampleType)((bits >> 2) % 6);  // any value: the texture is RGBA8 whatever it says
    options.Filter = (bits & 1) ? ImGui_ImplWGPU_Filter_Nearest : ImGui_ImplWGPU_Filter_Linear;
    options.AddressMode = (bits & 2) ? ImGui_ImplWGPU_AddressMode_Repeat : ImGui_ImplWGPU_AddressMode_ClampToEdge;
    const bool no_pixels = (bits & 0x40) != 0;
    const ImTextureID id = ImGui_ImplWGPU_CreateTexture(w, h, no_pixels ? nullptr : pixels.data(), (bits & 0x80) ? nullptr : &options);
    const bool should_make = g->initialized && !g->lost && !bad_size;
    trace("CreateTexture(%d, %d%s) -> %s", w, h, no_pixels ? ", no pixels" : "", id != texture_id(nullptr) ? "made" : "refused");
    if ((id != texture_id(nullptr)) != should_make) fail(should_make ? "CreateTexture() refused a valid texture" : "CreateTexture() made a texture it should refuse");
    if (!should_make) return;
    Entry& e = add_entry(Kind::Created);
    e.id = id;
    e.backend_keeps = true;
    e.width = w;
    e.height = h;
    if (!no_pixels) e.pixels = pixels;  // without pixels, the contents are not specified
}

// Integers for rectangles: mostly small, sometimes at the edges of the int range.
int edge_int(ByteReader& in) {
    const uint8_t byte = in.u8();
    if (byte < 224) return (int)(byte % 20) - 2;
    const int edges[] = {INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1, -1, 1 << 30, 1 << 16, 65535};
    return edges[byte % 8];
}

void op_update_texture_rect(ByteReader& in) {
    const uint8_t which = in.u8();
    const int x = edge_int(in), y = edge_int(in), w = edge_int(in), h = edge_int(in);
    const uint8_t pitch_byte = in.u8();
    const uint32_t colour = kColours[in.u8() % kColourCount];
    // Mostly a texture the backend made; else any other image, which it must refuse.
    Entry* e = pick(which >> 1, (which & 1) ? +[](const Entry& x) { return drawable(x); } : +[](const Entry& x) { return x.kind == Kind::Created; });
    if (!e) return;
    const int64_t pitch = (int64_t)std::max(w, 0) * 4 + (pitch_byte % 8) * 4 - ((pitch_byte & 0x80) ? 4 : 0);
    const bool inside = x >= 0 && y >= 0 && w > 0 && h > 0 && w <= e->width && h <= e->height && x <= e->width - w && y <= e->height - h;
    const bool valid = e->kind == Kind::Created && g->initialized && !g->lost && inside && pitch >= (int64_t)w * 4;
    // Exactly the bytes of a valid rectangle (AddressSanitizer reports a read past them), a few bytes otherwise.
    const size_t words = valid ? (size_t)(pitch / 4) * (h - 1) + w : 4;
    std::vector<uint32_t> pixels(words, colour);
    const ImTextureID id =
#ifdef IMGUI_HAS_TEXTURES
        e->kind == Kind::TexData ? e->tex->TexID :
#endif
        e->id;
    const bool done = ImGui_ImplWGPU_UpdateTextureRect(id, x, y, w, h, pixels.data(), (int)std::max<int64_t>(std::min<int64_t>(pitch, INT_MAX), INT_MIN));
    trace("UpdateTextureRect %s #%d (%d, %d, %d, %d), pitch %lld -> %s", kind_name(e->kind), e->serial, x, y, w, h, (long long)pitch, done ? "done" : "refused");
    if (done && !valid) fail("UpdateTextureRect() accepted an update it should refuse");
    if (!done && valid) fail("UpdateTextureRect() refused a valid update");
    if (done && !e->pixels.empty())
        for (int row = y; row < y + h; row++)
            for (int col = x; col < x + w; col++) e->pixels[(size_t)row * e->width + col] = colour;
}

void op_destroy_texture(uint8_t byte) {
    Entry* e = pick(byte, [](const Entry& x) { return x.kind == Kind::Created; });
    if (!e) return;
    trace("DestroyTexture #%d", e->serial);
    ImGui_ImplWGPU_DestroyTexture(e->id);
    erase(e);
}

// Calls the backend documents as refused no-ops.
void op_bad_call(ByteReader& in) {
    const uint8_t which = in.u8();
    Entry* plain = pick(in.u8(), [](const Entry& x) { return x.kind == Kind::Plain; });
    const ImTextureID plain_id = plain ? plain->id : texture_id(nullptr);
    switch (which % 6) {
    case 0: trace("RemoveImage of a plain view"); ImGui_ImplWGPU_RemoveImage(plain_id); break;
    case 1: trace("DestroyTexture of a plain view"); ImGui_ImplWGPU_DestroyTexture(plain_id); break;
    case 2: trace("AddImage(null)"); if (ImGui_ImplWGPU_AddImage(nullptr, nullptr) != texture_id(nullptr)) fail("AddImage(null) made an image"); break;
    case 3: trace("RemoveImage(null)"); ImGui_ImplWGPU_RemoveImage(texture_id(nullptr)); break;
    case 4: trace("RenderDrawData(null)"); ImGui_ImplWGPU_RenderDrawData(nullptr, nullptr); break;
    case 5: {
        ImGui_ImplWGPU_Stats stats;
        trace("GetStats");
        if (ImGui_ImplWGPU_GetStats(&stats) != g->initialized) fail("GetStats() disagrees with Init()/Shutdown()");
        break;
    }
    }
}

// --- Dear ImGui 1.92+ texture requests ---------------------------------------------------------

#ifdef IMGUI_HAS_TEXTURES
void op_tex_data(ByteReader& in) {
    const uint8_t what = in.u8(), which = in.u8(), arg = in.u8();
    const uint32_t colour = kColours[in.u8() % kColourCount];
    auto is_tex = [](const Entry& x) { return x.kind == Kind::TexData; };
    switch (what % 6) {
    case 0: {  // a new texture, as Dear ImGui makes its atlas
        if ((int)g->entries.size() >= kMaxEntries) return;
        Entry& e = add_entry(Kind::TexData);
        e.tex = IM_NEW(ImTextureData)();
        const bool alpha = arg & 1;
        e.width = kSizes[(arg >> 1) % 6];
        e.height = kSizes[(arg >> 4) % 6];
        e.tex->Create(alpha ? ImTextureFormat_Alpha8 : ImTextureFormat_RGBA32, e.width, e.height);
        for (int i = 0; i < e.width * e.height; i++) {
            if (alpha) e.tex->Pixels[i] = 0xFF;
            else memcpy(e.tex->Pixels + i * 4, &colour, 4);
        }
        e.tex->RefCount = 1;  // this context's
        ImGui::GetPlatformIO().Textures.push_back(e.tex);
        trace("ImTextureData #%d (%s %dx%d): WantCreate", e.serial, alpha ? "Alpha8" : "RGBA32", e.width, e.height);
        break;
    }
    case 1: {  // asked to be created again, whatever its state
        Entry* e = pick(which, is_tex);
        if (!e) return;
        trace("ImTextureData #%d: WantCreate again (%s backend data)", e->serial, e->tex->BackendUserData ? "with" : "without");
        e->tex->WantDestroyNextFrame = false;
        e->tex->SetStatus(ImTextureStatus_WantCreate);
        break;
    }
    case 2: {  // a rectangle of new pixels
        Entry* e = pick(which, is_tex);
        if (!e || e->tex->Status == ImTextureStatus_WantDestroy) return;
        ImTextureRect r;
        r.x = (unsigned short)(arg % e->width);
        r.y = (unsigned short)((arg / 16) % e->height);
        r.w = (unsigned short)(1 + (arg / 3) % (e->width - r.x));
        r.h = (unsigned short)(1 + (arg / 5) % (e->height - r.y));
        ImTextureData* tex = e->tex;
        for (int y = r.y; y < r.y + r.h; y++)
            for (int x = r.x; x < r.x + r.w; x++) {
                if (tex->Format == ImTextureFormat_Alpha8) tex->Pixels[y * e->width + x] = (colour & 1) ? 0xFF : 0x40;
                else memcpy(tex->GetPixelsAt(x, y), &colour, 4);
            }
        trace("ImTextureData #%d: update (%d, %d, %d, %d)", e->serial, r.x, r.y, r.w, r.h);
        if (tex->Status == ImTextureStatus_OK || tex->Status == ImTextureStatus_WantUpdates) {
            tex->Updates.push_back(r);
            const int x0 = std::min<int>(tex->UpdateRect.x, r.x), y0 = std::min<int>(tex->UpdateRect.y, r.y);
            const int x1 = tex->Status == ImTextureStatus_WantUpdates ? std::max(tex->UpdateRect.x + tex->UpdateRect.w, r.x + r.w) : r.x + r.w;
            const int y1 = tex->Status == ImTextureStatus_WantUpdates ? std::max(tex->UpdateRect.y + tex->UpdateRect.h, r.y + r.h) : r.y + r.h;
            tex->UpdateRect.x = (unsigned short)x0;
            tex->UpdateRect.y = (unsigned short)y0;
            tex->UpdateRect.w = (unsigned short)(x1 - x0);
            tex->UpdateRect.h = (unsigned short)(y1 - y0);
            tex->SetStatus(ImTextureStatus_WantUpdates);
        }
        break;
    }
    case 3: {  // no longer needed: destroyed by the backend, or freed right away if it never made it
        Entry* e = pick(which, is_tex);
        if (!e) return;
        if (!e->tex->BackendUserData) {
            trace("ImTextureData #%d: freed (never made)", e->serial);
            delete_tex_data(e);
            return;
        }
        trace("ImTextureData #%d: WantDestroy, unused for %d frame(s)", e->serial, arg % 3);
        e->tex->WantDestroyNextFrame = true;
        e->tex->SetStatus(ImTextureStatus_WantDestroy);
        e->tex->UnusedFrames = arg % 3;  // 0: still in use, the backend must wait
        break;
    }
    default: {  // honour the requests of one texture (4) or all (5) directly
        for (Entry& e : g->entries)
            if (e.kind == Kind::TexData && ((what % 6) == 5 || &e == pick(which, is_tex))) {
                trace("UpdateTexture(#%d)", e.serial);
                ImGui_ImplWGPU_UpdateTexture(e.tex);
            }
        collect_destroyed_tex_data();
        break;
    }
    }
}
#endif

// --- Backend lifetime ------------------------------------------------------------------------

void op_init(uint8_t byte) {
    if (g->initialized || g->lost) return;
    ImGui_ImplWGPU_InitInfo info;
    info.Device = g->harness.device();
    info.RenderTargetFormat = WGPUTextureFormat_RGBA8Unorm;
    info.NumFramesInFlight = 1 + byte % 3;
    info.ImageCacheMaxUnusedFrames = (byte >> 2) % 4;
    info.RecreateImageBindGroupsEveryCall = (byte & 0x10) != 0;
    // Refused: no device, no target format. Accepted: frames in flight and cache life below their minimum (raised).
    const int variant = byte >> 5;
    const bool bad = variant >= 6;
    if (variant == 4) info.UploadWriteMaxBytes = (byte & 1) ? 1020 : 4095;  // uploads in pieces (4095: rounded down)
    if (variant == 5) {
        info.NumFramesInFlight = -1 - (byte & 3);
        info.ImageCacheMaxUnusedFrames = -1;
    }
    if (variant == 6) info.Device = nullptr;
    if (variant == 7) info.RenderTargetFormat = WGPUTextureFormat_Undefined;
    const bool ok = ImGui_ImplWGPU_Init(&info);
    trace("Init(%d frames in flight, cache %d frames%s%s)%s", info.NumFramesInFlight, info.ImageCacheMaxUnusedFrames,
        info.RecreateImageBindGroupsEveryCall ? ", bind groups per call" : "", info.UploadWriteMaxBytes ? ", uploads in pieces" : "",
        ok ? "" : " refused");
    if (ok == bad) fail(bad ? "Init() accepted a bad InitInfo" : "Init() failed");
    g->initialized = ok;
}

void op_shutdown() {
    if (!g->initialized) {
        ImGui_ImplWGPU_Shutdown();  // a documented no-op
        return;
    }
    trace("Shutdown");
    ImGui_ImplWGPU_Shutdown();
    forget_backend();
#ifdef IMGUI_HAS_TEXTURES
    for (Entry& e : g->entries)
        if (e.kind == Kind::TexData && e.tex->BackendUserData) fail("an ImTextureData still has backend data after Shutdown()");
#endif
}

// Everything made on this device goes: the application's views and the backend; then a new device.
void op_new_device() {
    if (g->new_devices >= kMaxNewDevices) return;
    g->new_devices++;
    trace("new device");
    op_shutdown();
    for (size_t i = 0; i < g->entries.size();) {
        Entry& e = g->entries[i];
        if (e.own_view) wgpuTextureViewRelease(e.own_view);
        if (e.kind != Kind::TexData) {
            g->entries.erase(g->entries.begin() + i);
            continue;
        }
        i++;
    }
    g->harness.wait_idle();
    check_webgpu_errors();
    destroy_device();
    create_device();
}

void op_device_lost() {
    if (g->lost) return;
    trace("device lost (wgpuDeviceDestroy), NotifyDeviceLost");
    g->losing = true;
    wgpuDeviceDestroy(g->harness.device());
    g->lost = true;
    if (g->initialized) ImGui_ImplWGPU_NotifyDeviceLost(g->harness.device());
}

void run_op(ByteReader& in) {
    const uint8_t op = in.u8();
    switch (op % 22) {
    case 0: op_init(in.u8()); break;
    case 1: op_shutdown(); break;
    case 2: op_new_device(); break;
    case 3: op_device_lost(); break;
    case 4: trace("InvalidateDeviceObjects"); ImGui_ImplWGPU_InvalidateDeviceObjects(); break;
    case 5: {
        const bool ok = ImGui_ImplWGPU_CreateDeviceObjects();
        trace("CreateDeviceObjects -> %d", ok);
        if (g->initialized && !g->lost && !ok) fail("CreateDeviceObjects() failed");
        break;
    }
    case 6: trace("NewFrame"); ImGui_ImplWGPU_NewFrame(); break;
    case 7:
    case 8: op_render(in); break;
    case 9:
    case 10: op_probe(in, 1); break;
    case 11: op_new_plain_view(in); break;
    case 12: op_add_image(in); break;
    case 13: op_remove_image(in.u8()); break;
    case 14: op_release_view(in.u8()); break;
    case 15: op_create_texture(in); break;
    case 16: op_update_texture_rect(in); break;
    case 17: op_destroy_texture(in.u8()); break;
    case 18: op_bad_call(in); break;
    case 19:
    case 20:
#ifdef IMGUI_HAS_TEXTURES
        op_tex_data(in);
#else
        op_bad_call(in);
#endif
        break;
    case 21: op_probe(in, 2 + in.u8() % (kMaxCallsPerSubmit - 1)); break;
    }
#ifdef IMGUI_HAS_TEXTURES
    if (op % 22 == 6) collect_destroyed_tex_data();
#endif
}

// The end of every input: Shutdown, the application frees what it made, and nothing is left.
void end_input() {
    op_shutdown();
#ifdef IMGUI_HAS_TEXTURES
    for (size_t i = g->entries.size(); i-- > 0;)
        if (g->entries[i].kind == Kind::TexData) delete_tex_data(&g->entries[i]);
#endif
    for (Entry& e : g->entries)
        if (e.own_view) wgpuTextureViewRelease(e.own_view);
    g->entries.clear();
    g->harness.wait_idle();
    g->harness.process_events();
    check_webgpu_errors();
    if (g->lost) {
        g->new_devices = 0;
        op_new_device();
    }
    const tracker::Snapshot now = tracker::snapshot();
    const std::string difference = tracker::describe_difference(g->baseline, now);
    if (!difference.empty()) {
        fprintf(stderr, "WebGPU references after Shutdown, against the baseline: %s\n", difference.c_str());
        fail("references leaked");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g = new State();
    g->verbose = getenv("IMWGPU_FUZZ_VERBOSE") != nullptr;
    create_device();
    g->context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(64, 64);
    g->harness.wait_idle();
    g->baseline = tracker::snapshot();
    end_process_without_teardown();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ByteReader in(data, size);
    g->initialized = false;
    g->new_devices = 0;
    op_init(in.u8());  // most sequences are about an initialized backend: it starts as one (the byte may refuse it)
    for (int n = 0; n < kMaxOps && !in.at_end(); n++) run_op(in);
    end_input();
    return 0;
}
