// See gl_oracle.h.

#include "gl_oracle.h"

#include <backends/imgui_impl_opengl3.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/glcorearb.h>

#include <cstdlib>
#include <cstring>

#include <dlfcn.h>
#include <link.h>

namespace imwgpu::parity {

namespace {

// The GL functions the oracle calls itself (imgui_impl_opengl3 loads its own). eglGetProcAddress returns GLVND's
// dispatch functions, which call into whichever context is current.
#define IMWGPU_PARITY_GL_FUNCTIONS(X)                                  \
    X(PFNGLGETSTRINGPROC, GetString)                                   \
    X(PFNGLGETERRORPROC, GetError)                                     \
    X(PFNGLGENTEXTURESPROC, GenTextures)                               \
    X(PFNGLDELETETEXTURESPROC, DeleteTextures)                         \
    X(PFNGLBINDTEXTUREPROC, BindTexture)                               \
    X(PFNGLTEXIMAGE2DPROC, TexImage2D)                                 \
    X(PFNGLTEXPARAMETERIPROC, TexParameteri)                           \
    X(PFNGLPIXELSTOREIPROC, PixelStorei)                               \
    X(PFNGLGENFRAMEBUFFERSPROC, GenFramebuffers)                       \
    X(PFNGLDELETEFRAMEBUFFERSPROC, DeleteFramebuffers)                 \
    X(PFNGLBINDFRAMEBUFFERPROC, BindFramebuffer)                       \
    X(PFNGLFRAMEBUFFERTEXTURE2DPROC, FramebufferTexture2D)             \
    X(PFNGLCHECKFRAMEBUFFERSTATUSPROC, CheckFramebufferStatus)         \
    X(PFNGLVIEWPORTPROC, Viewport)                                     \
    X(PFNGLDISABLEPROC, Disable)                                       \
    X(PFNGLCLEARCOLORPROC, ClearColor)                                 \
    X(PFNGLCLEARPROC, Clear)                                           \
    X(PFNGLREADPIXELSPROC, ReadPixels)                                 \
    X(PFNGLFINISHPROC, Finish)

struct GlFunctions {
#define IMWGPU_PARITY_GL_DECLARE(type, name) type name = nullptr;
    IMWGPU_PARITY_GL_FUNCTIONS(IMWGPU_PARITY_GL_DECLARE)
#undef IMWGPU_PARITY_GL_DECLARE
};
GlFunctions gl;

bool load_gl_functions(std::string* missing) {
#define IMWGPU_PARITY_GL_LOAD(type, name)                                      \
    gl.name = reinterpret_cast<type>(eglGetProcAddress("gl" #name));          \
    if (!gl.name) {                                                           \
        *missing = "gl" #name;                                                \
        return false;                                                         \
    }
    IMWGPU_PARITY_GL_FUNCTIONS(IMWGPU_PARITY_GL_LOAD)
#undef IMWGPU_PARITY_GL_LOAD
    return true;
}

// Keeps Mesa's DRI driver (llvmpipe's swrast_dri.so) loaded until the process exits. eglTerminate() unloads it, but
// the driver keeps a few blocks reachable only from its own globals (a cache it never frees). Once the library is
// unmapped, LeakSanitizer no longer scans those globals, so at exit it reports the blocks as leaked from an
// "<unknown module>", and no suppression can name them. Loaded for good, the driver's globals stay roots: its blocks
// are still reachable, and a leak anywhere else still fails the sanitizer run.
int pin_dri_driver(struct dl_phdr_info* info, size_t, void*) {
    const char*  path = info->dlpi_name;
    const size_t length = path ? std::strlen(path) : 0;
    const char   suffix[] = "_dri.so";
    if (length > sizeof(suffix) - 1 && std::strcmp(path + length - (sizeof(suffix) - 1), suffix) == 0)
        dlopen(path, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);    // loads nothing new; the handle is never closed
    return 0;
}

// Makes the oracle's ImGui context current for the lifetime of the guard.
class ImGuiContextScope {
public:
    explicit ImGuiContextScope(ImGuiContext* context) : previous_(ImGui::GetCurrentContext()) {
        ImGui::SetCurrentContext(context);
    }
    ~ImGuiContextScope() { ImGui::SetCurrentContext(previous_); }

private:
    ImGuiContext* previous_;
};

// Mirrors the frame top to bottom, in place: vertices and clip rectangles, about the display's horizontal centre line.
//
// Why: GL's window origin is the bottom-left corner, and Mesa breaks the ties of its fill rule (a pixel centre lying
// exactly on a triangle edge) in that orientation. Drawn as is, a quad from y = n + 0.5 down to y = m + 0.5 covers
// rows n .. m-1 in Vulkan (top-left rule, origin at the top) but rows n+1 .. m in GL: text at a font scale of 1.5
// moves down by a row. Drawn mirrored, GL's window row y is the picture's row y, the ties fall as in Vulkan, and the
// pixels read back need no flip. imgui_impl_opengl3 then computes its scissor rectangles from the
// mirrored clip rectangles exactly as it would from the originals in a y-down API.
void mirror_vertically(ImDrawData* draw_data) {
    const float top_plus_bottom = 2.0f * draw_data->DisplayPos.y + draw_data->DisplaySize.y;
    for (int n = 0; n < draw_data->CmdListsCount; n++) {
        ImDrawList* list = draw_data->CmdLists[n];
        for (ImDrawVert& v : list->VtxBuffer) v.pos.y = top_plus_bottom - v.pos.y;
        for (ImDrawCmd& cmd : list->CmdBuffer) {
            const float top = cmd.ClipRect.y;
            cmd.ClipRect.y = top_plus_bottom - cmd.ClipRect.w;
            cmd.ClipRect.w = top_plus_bottom - top;
        }
    }
}

}  // namespace

bool GlOracle::fail(std::string* error, const std::string& message) {
    if (error) *error = message;
    shutdown();
    return false;
}

bool GlOracle::init(ImGuiContext* context, std::string* error) {
    // Without this, Mesa's surfaceless platform picks a GPU's render node when the machine has one: the oracle must be
    // the same software rasteriser everywhere, so that its pictures do not depend on the machine.
    setenv("LIBGL_ALWAYS_SOFTWARE", "1", 1);

    EGLDisplay display = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display == EGL_NO_DISPLAY) return fail(error, "eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA) failed");
    display_ = display;
    if (!eglInitialize(display, nullptr, nullptr)) return fail(error, "eglInitialize failed");

    const EGLint config_attributes[] = {
        EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8,
        EGL_BLUE_SIZE,    8,               EGL_ALPHA_SIZE,      8,              EGL_NONE,
    };
    EGLConfig config = nullptr;
    EGLint    config_count = 0;
    if (!eglChooseConfig(display, config_attributes, &config, 1, &config_count) || config_count < 1)
        return fail(error, "no EGL config for desktop OpenGL");
    // Desktop GL, not GLES: the prebuilt imgui_impl_opengl3 calls desktop-only functions.
    if (!eglBindAPI(EGL_OPENGL_API)) return fail(error, "eglBindAPI(EGL_OPENGL_API) failed");
    const EGLint context_attributes[] = {
        EGL_CONTEXT_MAJOR_VERSION,       3, EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
        EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE,
    };
    egl_context_ = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
    if (!egl_context_) return fail(error, "eglCreateContext(OpenGL 3.3 core) failed");
    // Surfaceless: the oracle draws into its own framebuffer object only.
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, (EGLContext)egl_context_))
        return fail(error, "eglMakeCurrent failed");

    std::string missing;
    if (!load_gl_functions(&missing)) return fail(error, "eglGetProcAddress found no " + missing);
    const char* renderer = (const char*)gl.GetString(GL_RENDERER);
    renderer_ = renderer ? renderer : "";
    if (renderer_.find("llvmpipe") == std::string::npos)
        return fail(error, "the OpenGL renderer is '" + renderer_ + "', not Mesa's llvmpipe");

    gl.GenFramebuffers(1, &framebuffer_);
    dl_iterate_phdr(pin_dri_driver, nullptr);

    // imgui_impl_opengl3 finds GL through its own loader (libGL.so.1, GLVND), which needs the context current first.
    imgui_context_ = context;
    ImGuiContextScope scope(imgui_context_);
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) return fail(error, "ImGui_ImplOpenGL3_Init failed");
    if (!ImGui_ImplOpenGL3_CreateDeviceObjects()) return fail(error, "ImGui_ImplOpenGL3_CreateDeviceObjects failed");
    font_texture_ = ImGui::GetIO().Fonts->TexID;
    if (gl.GetError() != GL_NO_ERROR) return fail(error, "OpenGL error during set-up");
    return true;
}

void GlOracle::shutdown() {
    if (!display_) return;
    if (egl_context_) {
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, (EGLContext)egl_context_);
        if (imgui_context_) {
            ImGuiContextScope scope(imgui_context_);
            if (ImGui::GetIO().BackendRendererUserData) ImGui_ImplOpenGL3_Shutdown();
        }
        if (!textures_.empty()) gl.DeleteTextures((GLsizei)textures_.size(), textures_.data());
        if (colour_texture_) gl.DeleteTextures(1, &colour_texture_);
        if (framebuffer_) gl.DeleteFramebuffers(1, &framebuffer_);
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display_, (EGLContext)egl_context_);
    }
    eglTerminate(display_);
    display_ = nullptr;
    egl_context_ = nullptr;
    imgui_context_ = nullptr;
    textures_.clear();
    colour_texture_ = framebuffer_ = 0;
    width_ = height_ = 0;
    font_texture_ = nullptr;
}

ImTextureID GlOracle::create_texture_rgba8(uint32_t w, uint32_t h, const uint8_t* rgba) {
    GLuint texture = 0;
    gl.GenTextures(1, &texture);
    gl.BindTexture(GL_TEXTURE_2D, texture);
    // Our backend's sampler: bilinear, clamped to the edge, one mip level.
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    gl.TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    gl.PixelStorei(GL_UNPACK_ALIGNMENT, 1);
    // Rows go up in GL's texture space as in WebGPU's: texel row 0 is at v = 0 in both, so no flip here.
    gl.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)w, (GLsizei)h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    gl.BindTexture(GL_TEXTURE_2D, 0);
    textures_.push_back(texture);
    return (ImTextureID)(intptr_t)texture;
}

Image GlOracle::render(ImDrawData* draw_data, uint32_t clear) {
    // The framebuffer size both backends derive from the draw data (truncated, like their viewports).
    const uint32_t w = (uint32_t)(draw_data->DisplaySize.x * draw_data->FramebufferScale.x);
    const uint32_t h = (uint32_t)(draw_data->DisplaySize.y * draw_data->FramebufferScale.y);
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, (EGLContext)egl_context_);
    gl.BindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    if (w != width_ || h != height_) {
        if (colour_texture_) gl.DeleteTextures(1, &colour_texture_);
        gl.GenTextures(1, &colour_texture_);
        gl.BindTexture(GL_TEXTURE_2D, colour_texture_);
        gl.TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)w, (GLsizei)h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        gl.BindTexture(GL_TEXTURE_2D, 0);
        gl.FramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour_texture_, 0);
        width_ = w;
        height_ = h;
    }
    if (gl.CheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) return Image();

    gl.Viewport(0, 0, (GLsizei)w, (GLsizei)h);
    gl.Disable(GL_SCISSOR_TEST);
    gl.ClearColor((float)(clear & 0xFF) / 255.0f, (float)((clear >> 8) & 0xFF) / 255.0f,
                  (float)((clear >> 16) & 0xFF) / 255.0f, (float)(clear >> 24) / 255.0f);
    gl.Clear(GL_COLOR_BUFFER_BIT);
    mirror_vertically(draw_data);
    {
        ImGuiContextScope scope(imgui_context_);
        ImGui_ImplOpenGL3_RenderDrawData(draw_data);
    }
    gl.Finish();

    Image image;
    image.width = w;
    image.height = h;
    image.rgba.resize((size_t)w * h * 4);
    gl.PixelStorei(GL_PACK_ALIGNMENT, 1);
    gl.ReadPixels(0, 0, (GLsizei)w, (GLsizei)h, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    gl.BindFramebuffer(GL_FRAMEBUFFER, 0);
    if (gl.GetError() != GL_NO_ERROR) return Image();

    return image;
}

}  // namespace imwgpu::parity
