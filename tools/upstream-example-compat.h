// upstream-example-compat.h: what Dear ImGui's examples/example_glfw_wgpu/main.cpp needs from GLFW 3.4
// that Debian's GLFW 3.3.8 lacks. tools/run-upstream-example.sh force-includes it (-include) into the
// example, which is built unchanged.
//
// The example asks GLFW which window system it runs on, glfwGetPlatform() == GLFW_PLATFORM_X11, before
// making its surface. Both exist from GLFW 3.4 on. Debian's libglfw3 3.3 is built for X11 only, so X11
// is the true answer there. The constants have GLFW 3.4's values.

#ifndef IMWGPU_UPSTREAM_EXAMPLE_COMPAT_H
#define IMWGPU_UPSTREAM_EXAMPLE_COMPAT_H

#include <GLFW/glfw3.h>

#if GLFW_VERSION_MAJOR == 3 && GLFW_VERSION_MINOR < 4
#define GLFW_PLATFORM_WIN32     0x00060001
#define GLFW_PLATFORM_COCOA     0x00060002
#define GLFW_PLATFORM_WAYLAND   0x00060003
#define GLFW_PLATFORM_X11       0x00060004
#define GLFW_PLATFORM_NULL      0x00060005
static inline int glfwGetPlatform(void) { return GLFW_PLATFORM_X11; }
#endif

#endif // IMWGPU_UPSTREAM_EXAMPLE_COMPAT_H
