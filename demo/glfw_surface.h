// A WebGPU surface for a GLFW window on X11, shared by the demo's windows (main and multi-viewport) and the tests.
//
// WebGPU has no portable way to make a surface from a platform window: on X11 the descriptor names the window through
// an Xlib source (display + window) or an XCB source (connection + window). Dawn turns an Xlib source into an XCB
// surface when the Vulkan driver has no Xlib one (SwiftShader has none).

#pragma once

#include <webgpu/webgpu.h>

struct GLFWwindow;

namespace imwgpu::demo {

enum class SurfaceSource {
    Auto,  // Xlib, else XCB
    Xlib,
    Xcb,
};

// A new surface for `window` from `source` (Xlib or Xcb), or null. The implementation makes the Vulkan surface when it
// is first used, so a non-null surface may still not work with an adapter: see surface_works().
WGPUSurface create_x11_surface(WGPUInstance instance, GLFWwindow* window, SurfaceSource source, const char* label);

// True when `adapter` can present to `surface` (its capabilities list a format).
bool surface_works(WGPUSurface surface, WGPUAdapter adapter);

// Xlib first, else XCB (or only `source` when not Auto): a surface `adapter` can present to, or null.
// *chosen (when given) says which source it came from.
WGPUSurface create_working_x11_surface(WGPUInstance instance, WGPUAdapter adapter, GLFWwindow* window,
                                       SurfaceSource source, const char* label, SurfaceSource* chosen = nullptr);

}  // namespace imwgpu::demo
