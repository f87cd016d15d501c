// A WebGPU surface for a GLFW window on X11. See glfw_surface.h.

#include "glfw_surface.h"

#include <imwgpu_harness.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
// Last: Xlib's headers define macros (None, Status, Success, ...) that nothing after them should see.
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>
#include <X11/Xlib-xcb.h>

namespace imwgpu::demo {

WGPUSurface create_x11_surface(WGPUInstance instance, GLFWwindow* window, SurfaceSource source, const char* label) {
    WGPUSurfaceSourceXlibWindow xlib = {};
    WGPUSurfaceSourceXCBWindow  xcb = {};
    WGPUSurfaceDescriptor       desc = {};
    desc.label = string_view(label);
    Display* display = glfwGetX11Display();
    if (source == SurfaceSource::Xcb) {
        xcb.chain.sType = WGPUSType_SurfaceSourceXCBWindow;
        xcb.connection = XGetXCBConnection(display);
        xcb.window = (uint32_t)glfwGetX11Window(window);
        desc.nextInChain = &xcb.chain;
    } else {
        xlib.chain.sType = WGPUSType_SurfaceSourceXlibWindow;
        xlib.display = display;
        xlib.window = (uint64_t)glfwGetX11Window(window);
        desc.nextInChain = &xlib.chain;
    }
    return wgpuInstanceCreateSurface(instance, &desc);
}

bool surface_works(WGPUSurface surface, WGPUAdapter adapter) {
    WGPUSurfaceCapabilities caps = {};
    const bool works = surface && wgpuSurfaceGetCapabilities(surface, adapter, &caps) == WGPUStatus_Success &&
                       caps.formatCount > 0;
    wgpuSurfaceCapabilitiesFreeMembers(caps);
    return works;
}

WGPUSurface create_working_x11_surface(WGPUInstance instance, WGPUAdapter adapter, GLFWwindow* window,
                                       SurfaceSource source, const char* label, SurfaceSource* chosen) {
    for (SurfaceSource candidate : {SurfaceSource::Xlib, SurfaceSource::Xcb}) {
        if (source != SurfaceSource::Auto && source != candidate)
            continue;
        WGPUSurface surface = create_x11_surface(instance, window, candidate, label);
        if (surface_works(surface, adapter)) {
            if (chosen)
                *chosen = candidate;
            return surface;
        }
        if (surface)
            wgpuSurfaceRelease(surface);
    }
    return nullptr;
}

}  // namespace imwgpu::demo
