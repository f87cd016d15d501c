// Dear ImGui user configuration (IMGUI_USER_CONFIG) of the imgui_thread_local_context library: the current
// context pointer GImGui is thread-local, so that several threads can each run their own context at the same
// time (imgui.cpp, "Current context pointer", describes this use). Every file that includes imgui.h and is
// linked with that library must be compiled with this same configuration; the library's CMake target passes
// it on to everything that links it.
#pragma once

// __thread rather than thread_local: a plain pointer needs no per-thread constructor, and thread_local makes GCC
// reach a variable of another file through a wrapper function whose result UBSan (-fsanitize=null) takes for a null
// pointer when the library is linked into a sanitized program.
struct ImGuiContext;
extern __thread ImGuiContext* ImwgpuThreadLocalImGuiContext;
#define GImGui ImwgpuThreadLocalImGuiContext
