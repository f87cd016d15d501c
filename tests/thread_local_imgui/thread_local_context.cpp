// The definition that imconfig_thread_local.h declares: each thread starts with no current context.
#include "imgui.h"

__thread ImGuiContext* ImwgpuThreadLocalImGuiContext = nullptr;
