// wgpu.h: the part of wgpu-native's extension header that imgui_impl_wgpu.h reads when
// IMGUI_IMPL_WEBGPU_BACKEND_WGPU is defined, for the test that builds the backend that way.
//
// Our own declaration, with wgpu-native's names and values: the log levels of its
// wgpuSetLogLevel(). Nothing here is a function: the test links no wgpu-native.

#ifndef IMWGPU_TEST_WGPU_NATIVE_WGPU_H_
#define IMWGPU_TEST_WGPU_NATIVE_WGPU_H_

#include <webgpu/webgpu.h>

typedef enum WGPULogLevel {
    WGPULogLevel_Off = 0x00000000,
    WGPULogLevel_Error = 0x00000001,
    WGPULogLevel_Warn = 0x00000002,
    WGPULogLevel_Info = 0x00000003,
    WGPULogLevel_Debug = 0x00000004,
    WGPULogLevel_Trace = 0x00000005,
    WGPULogLevel_Force32 = 0x7FFFFFFF
} WGPULogLevel;

#endif  // IMWGPU_TEST_WGPU_NATIVE_WGPU_H_
