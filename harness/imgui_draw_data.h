// What differs between the Dear ImGui versions the project builds with, for code that assembles draw data
// by hand (tests, fuzzer): header-only, so the harness itself stays free of Dear ImGui.
// 1.86 to 1.91: ImTextureID is void*, ImDrawCmd has TextureId; before 1.89.8 CmdLists is a plain array.
// 1.92+: ImTextureID is a 64-bit integer and ImDrawCmd holds an ImTextureRef (TexRef).
#pragma once

#include "imgui.h"

#include <webgpu/webgpu.h>

#include <cstdint>
#include <vector>

namespace imwgpu {

inline ImTextureID texture_id(WGPUTextureView view) { return (ImTextureID)(intptr_t)view; }

inline void set_texture(ImDrawCmd& cmd, ImTextureID texture) {
#ifdef IMGUI_HAS_TEXTURES
    cmd.TexRef = ImTextureRef(texture);
#else
    cmd.TextureId = texture;
#endif
}

// Points `data` at `lists` (null entries allowed) and sets CmdListsCount; `lists` must outlive it.
inline void set_draw_lists(ImDrawData& data, std::vector<ImDrawList*>& lists) {
#if IMGUI_VERSION_NUM >= 18973
    data.CmdLists.resize(0);
    for (ImDrawList* list : lists) data.CmdLists.push_back(list);
#else
    data.CmdLists = lists.empty() ? nullptr : lists.data();
#endif
    data.CmdListsCount = (int)lists.size();
}

}  // namespace imwgpu
