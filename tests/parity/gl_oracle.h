// The independent renderer the parity test compares our backend with: Dear ImGui's own OpenGL 3 backend
// (imgui_impl_opengl3, built into Debian's libimgui.a) on Mesa's llvmpipe, a CPU OpenGL driver, through a
// surfaceless EGL display. It shares no code with our backend, WebGPU, Dawn or SwiftShader, so where both
// draw the same ImDrawData alike, neither has a bug the other lacks.
//
// GL's framebuffer origin is the bottom-left corner; render() draws the frame mirrored (see gl_oracle.cpp for why)
// so that its images come back top row first, like imwgpu::read_back(), and the two compare pixel for pixel.

#pragma once

#include "imwgpu_harness.h"  // imwgpu::Image

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

struct ImDrawData;

namespace imwgpu::parity {

class GlOracle {
public:
    GlOracle() = default;
    ~GlOracle() { shutdown(); }
    GlOracle(const GlOracle&) = delete;
    GlOracle& operator=(const GlOracle&) = delete;

    // Creates a desktop OpenGL 3.3 core context on llvmpipe (Mesa's software rasteriser is forced, so that a GPU
    // driver never stands in for it) and initializes imgui_impl_opengl3 in `context`, with its font texture made
    // from that context's atlas. Returns false and fills *error on failure.
    bool init(ImGuiContext* context, std::string* error);
    // Shuts the GL backend down in its context, deletes the GL objects and the EGL context. Safe to call twice.
    void shutdown();

    const std::string& renderer_name() const { return renderer_; }  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
    ImTextureID        font_texture() const { return font_texture_; }  // what the GL backend set as the atlas' TexID

    // A GL texture of RGBA8 pixels (top row first), sampled like our backend's: linear, clamped to the edge.
    // The oracle owns it.
    ImTextureID create_texture_rgba8(uint32_t w, uint32_t h, const uint8_t* rgba);

    // Clears an RGBA8 framebuffer of the draw data's framebuffer size to `clear` (0xAABBGGRR), draws `draw_data`
    // with imgui_impl_opengl3 in the oracle's ImGui context, and reads the pixels back, top row first. Empty on a
    // GL error. Changes `draw_data`: its vertices and clip rectangles are mirrored vertically, in place.
    Image render(ImDrawData* draw_data, uint32_t clear);

private:
    bool fail(std::string* error, const std::string& message);

    void*         display_ = nullptr;  // EGLDisplay
    void*         egl_context_ = nullptr;
    ImGuiContext* imgui_context_ = nullptr;
    unsigned      framebuffer_ = 0, colour_texture_ = 0;
    std::vector<unsigned> textures_;  // made by create_texture_rgba8()
    uint32_t      width_ = 0, height_ = 0;
    std::string   renderer_;
    ImTextureID   font_texture_ = nullptr;
};

}  // namespace imwgpu::parity
