// Dear ImGui user configuration (IMGUI_USER_CONFIG) of the imgui_thread_local_context library: the current
// context pointer GImGui is thread-local, so that several threads can each run their own context at the same
// time (imgui.cpp, "Current context pointer", describes this use). Every file that includes imgui.h and is
// linked with that library must be compiled with this same configuration; the library's CMake target passes
// it on to everything that links it.
#pragma once

struct ImGuiContext;
extern thread_local ImGuiContext* ImwgpuThreadLocalImGuiContext;
#define GImGui ImwgpuThreadLocalImGuiContext
