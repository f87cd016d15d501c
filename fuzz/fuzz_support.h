// What the fuzz targets share: the input reader, the way a finding ends the run, the WebGPU error check and the
// probe that draws one image over a 1x1 target. Header-only: each target is one program built with the fuzzer's
// own instrumentation.
#pragma once

#include "imgui.h"
#include "imgui_draw_data.h"
#include "imgui_impl_wgpu.h"
#include "imwgpu_harness.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace imwgpu::fuzz {

// Reads the input front to back; past its end every read is 0, so any byte string is an input.
class ByteReader {
public:
    ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    bool     at_end() const { return pos_ >= size_; }
    uint8_t  u8() { return pos_ < size_ ? data_[pos_++] : 0; }
    uint16_t u16() { return (uint16_t)(u8() | (u8() << 8)); }
    uint32_t u32() { return (uint32_t)u16() | ((uint32_t)u16() << 16); }
    int32_t  i32() { return (int32_t)u32(); }
    float    f32() {
        const uint32_t bits = u32();
        float value;
        memcpy(&value, &bits, sizeof(value));
        return value;
    }

private:
    const uint8_t* data_;
    size_t         size_, pos_ = 0;
};

// Opaque colours (0xAABBGGRR, as IM_COL32), so that a probe's pixel is exact.
constexpr uint32_t kColours[] = {IM_COL32(255, 0, 0, 255),   IM_COL32(0, 255, 0, 255),     IM_COL32(0, 0, 255, 255),
                                 IM_COL32(255, 255, 0, 255), IM_COL32(255, 0, 255, 255),   IM_COL32(0, 255, 255, 255),
                                 IM_COL32(255, 255, 255, 255), IM_COL32(17, 34, 51, 255)};
constexpr int kColourCount = (int)(sizeof(kColours) / sizeof(kColours[0]));

// A finding: says what and aborts, which libFuzzer reports as a crash and saves the input.
[[noreturn]] inline void fail(const char* what) {
    fprintf(stderr, "fuzz finding: %s\n", what);
    fflush(stderr);
    abort();
}

// Makes exit() end the process at once, with its status, once stdio is flushed: no static destructors and no
// exit-time leak check. Both crash now and then when a run ends (SwiftShader's worker threads outlive the
// library's static objects; LeakSanitizer's stop-the-world pass trips over Dawn's threads), which would fail a
// clean run with an empty crash input. Leaks are the ASan test suite's job and, for the API target, the tracker's.
// Call it from LLVMFuzzerInitialize: on_exit handlers run in reverse order, so this one runs first.
inline void end_process_without_teardown() {
    on_exit([](int status, void*) {
        fflush(stdout);
        fflush(stderr);
        _Exit(status);
    }, nullptr);
}

// Creates the harness's device. Its loss is a finding, unless `loss_expected` (when given) is true by then.
inline void init_harness(Harness& harness, bool quiet, const bool* loss_expected = nullptr) {
    HarnessOptions options;
    options.quiet = quiet;
    options.on_device_lost = [loss_expected](WGPUDevice, WGPUDeviceLostReason, const std::string& message) {
        if (loss_expected && *loss_expected) return;
        fprintf(stderr, "device lost: %s\n", message.c_str());
        fail("the device was lost");
    };
    std::string error;
    if (!harness.init(options, &error)) {
        fprintf(stderr, "%s\n", error.c_str());
        fail("no WebGPU device");
    }
}

// Any uncaptured WebGPU error (validation, out of memory, internal) or device loss is a finding.
inline void check_no_webgpu_error(Harness& harness) {
    if (harness.error_count() == 0 && !harness.device_lost()) return;
    for (const std::string& message : harness.errors()) fprintf(stderr, "WebGPU %s\n", message.c_str());
    fail(harness.device_lost() ? "the device was lost" : "WebGPU reported an error");
}

// The user and sampler callbacks the targets put between draws, by kind: 0 counts its calls (callback_calls),
// 1 changes the pass state the backend relies on (scissor, viewport, blend constant: as an application's 3D
// view would; UserCallbackData is the pass's target), 2 ImDrawCallback_ResetRenderState, 3 and 4 the standard
// sampler callbacks (nearest, linear).
constexpr int kCallbackKinds = 5;
inline int    callback_calls = 0;

inline void counting_callback(const ImDrawList*, const ImDrawCmd*) { callback_calls++; }

inline void state_changing_callback(const ImDrawList*, const ImDrawCmd* cmd) {
    ImGui_ImplWGPU_RenderState* state = ImGui_ImplWGPU_GetRenderState();
    if (!state || !state->RenderPassEncoder || !state->Device) fail("no render state inside a draw callback");
    const OffscreenTarget* target = (const OffscreenTarget*)cmd->UserCallbackData;
    wgpuRenderPassEncoderSetScissorRect(state->RenderPassEncoder, 0, 0, 1, 1);
    wgpuRenderPassEncoderSetViewport(state->RenderPassEncoder, 0.0f, 0.0f, (float)target->width, (float)target->height, 0.0f, 1.0f);
    const WGPUColor blend = {0.25, 0.5, 0.75, 1.0};
    wgpuRenderPassEncoderSetBlendConstant(state->RenderPassEncoder, &blend);
    callback_calls++;
}

inline void set_callback(ImDrawCmd& cmd, int kind, const OffscreenTarget& target) {
    switch (kind % kCallbackKinds) {
    case 0: cmd.UserCallback = counting_callback; break;
    case 1:
        cmd.UserCallback = state_changing_callback;
        cmd.UserCallbackData = (void*)&target;
        break;
    case 2: cmd.UserCallback = ImDrawCallback_ResetRenderState; break;
    case 3: cmd.UserCallback = ImGui_ImplWGPU_DrawCallback_SetSamplerNearest; break;
    default: cmd.UserCallback = ImGui_ImplWGPU_DrawCallback_SetSamplerLinear; break;
    }
}

// Records a pass over the 1x1 `target` that draws `texture` alone, sampled at its middle (uv 0.5, 0.5) over the
// whole pixel, with vertex colour `tint`: afterwards the pixel has the colour of the image's middle texel times the
// tint (IM_COL32_WHITE: the texel's colour itself). The draw list is appended to
// `lists`, which points `data` at it: both must live until the submit, and the caller frees the list.
// On Dear ImGui 1.92+, `tex_data` (when given) names the texture instead, as Dear ImGui's own draw commands do.
inline void encode_probe(WGPUCommandEncoder encoder, const OffscreenTarget& target, ImTextureID texture, uint32_t tint,
                         std::vector<ImDrawList*>& lists, ImDrawData& data
#ifdef IMGUI_HAS_TEXTURES
                         , ImTextureData* tex_data = nullptr
#endif
) {
    ImDrawList* list = IM_NEW(ImDrawList)(ImGui::GetDrawListSharedData());
    lists.push_back(list);
    const ImVec2 corners[4] = {ImVec2(-1, -1), ImVec2(2, -1), ImVec2(2, 2), ImVec2(-1, 2)};
    for (const ImVec2& corner : corners) list->VtxBuffer.push_back({corner, ImVec2(0.5f, 0.5f), tint});
    for (ImDrawIdx index : {0, 1, 2, 0, 2, 3}) list->IdxBuffer.push_back(index);
    ImDrawCmd cmd;
    cmd.ClipRect = ImVec4(0, 0, 1, 1);
    set_texture(cmd, texture);
#ifdef IMGUI_HAS_TEXTURES
    if (tex_data) cmd.TexRef._TexData = tex_data;
#endif
    cmd.ElemCount = 6;
    list->CmdBuffer.push_back(cmd);
    data.Valid = true;
    set_draw_lists(data, lists);
    data.TotalVtxCount = 4;
    data.TotalIdxCount = 6;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(1, 1);
    data.FramebufferScale = ImVec2(1, 1);
    WGPURenderPassEncoder pass = begin_pass(encoder, target, true, 0, 0, 0, 1);
    ImGui_ImplWGPU_RenderDrawData(&data, pass);
    wgpuRenderPassEncoderEnd(pass);
    wgpuRenderPassEncoderRelease(pass);
}

}  // namespace imwgpu::fuzz
