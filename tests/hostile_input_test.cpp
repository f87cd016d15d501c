// Hostile input: what the backend does with draw data and call sequences that a buggy or hostile
// application can hand it. Every case has a defined outcome, either a clear error (the backend's
// ImGui_ImplWGPU_GetLastError() and Stats.ErrorsReported) or a documented no-op, and never a crash,
// a WebGPU error (the fixture fails the test on any) or a leak (the tracker is back at its baseline
// after Shutdown()). After every hostile frame a normal frame must still render exactly.
//
// Most draw data here is built field by field, as Dear ImGui never would: nothing in it is checked
// before it reaches the backend.

#include "backend_test_support.h"

#include <climits>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace imwgpu::test {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// A draw list filled by hand: vertices, indices and commands exactly as the test says.
class HandMadeList {
public:
    HandMadeList() : list_(ImGui::GetDrawListSharedData()) {}
    ImDrawList* get() { return &list_; }

    // Four vertices (uv 0..1, one colour) and the six indices of a quad over [min, max), relative to
    // the first of the four vertices. Returns the index of its first vertex.
    unsigned add_quad(ImVec2 min, ImVec2 max, uint32_t colour) {
        const unsigned first = (unsigned)list_.VtxBuffer.Size;
        const ImVec2 corners[4] = {min, ImVec2(max.x, min.y), max, ImVec2(min.x, max.y)};
        const ImVec2 uvs[4] = {ImVec2(0, 0), ImVec2(1, 0), ImVec2(1, 1), ImVec2(0, 1)};
        for (int i = 0; i < 4; i++) list_.VtxBuffer.push_back({corners[i], uvs[i], colour});
        for (ImDrawIdx i : {0, 1, 2, 0, 2, 3}) list_.IdxBuffer.push_back((ImDrawIdx)(first + i));
        return first;
    }
    void add_indices(std::initializer_list<unsigned> indices) {
        for (unsigned i : indices) list_.IdxBuffer.push_back((ImDrawIdx)i);
    }
    void add_command(ImTextureID texture, ImVec4 clip, unsigned idx_offset, unsigned elem_count, unsigned vtx_offset = 0) {
        ImDrawCmd cmd;
        cmd.ClipRect = clip;
        set_texture(cmd, texture);
        cmd.IdxOffset = idx_offset;
        cmd.ElemCount = elem_count;
        cmd.VtxOffset = vtx_offset;
        list_.CmdBuffer.push_back(cmd);
    }
    void add_callback(ImDrawCallback callback, void* data) {
        ImDrawCmd cmd;
        cmd.ClipRect = ImVec4(0, 0, 64, 64);
        cmd.UserCallback = callback;
        cmd.UserCallbackData = data;
        list_.CmdBuffer.push_back(cmd);
    }

private:
    ImDrawList list_;
};

// An ImDrawData over `lists` (null entries allowed), for a display of `size` at scale 1.
struct HandMadeDrawData {
    std::vector<ImDrawList*> lists;
    ImDrawData               data;

    HandMadeDrawData(std::vector<ImDrawList*> draw_lists, ImVec2 size) : lists(std::move(draw_lists)) {
        data.Valid = true;
        set_draw_lists(data, lists);
        for (ImDrawList* list : lists)
            if (list) {
                data.TotalVtxCount += list->VtxBuffer.Size;
                data.TotalIdxCount += list->IdxBuffer.Size;
            }
        data.DisplayPos = ImVec2(0, 0);
        data.DisplaySize = size;
        data.FramebufferScale = ImVec2(1, 1);
    }
    ImDrawData* get() { return &data; }
};

class HostileInputTest : public BackendTestBeforeInit {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        baseline_ = tracker::snapshot();
        green_ = create_solid_view(kGreen);
        red_ = create_solid_view(kRed);
        ASSERT_TRUE(init_backend(default_init_info()));
        ASSERT_EQ(wgpuDeviceGetLimits(harness_.device(), &limits_), WGPUStatus_Success);
    }

    // Everything the backend and the test made is released: the tracker is back at its baseline.
    void TearDown() override {
        ImGui::SetCurrentContext(context_);
        if (ImGui::GetIO().BackendRendererUserData) shutdown_backend();
        for (WGPUTextureView view : {green_, red_})
            if (view) wgpuTextureViewRelease(view);
        if (context_) {
            EXPECT_EQ(tracker::describe_difference(baseline_, tracker::snapshot()), "") << "after Shutdown()";
        }
        BackendTest::TearDown();
    }

    ImTextureID green() const { return texture_id(green_); }
    ImTextureID red() const { return texture_id(red_); }
    ImVec2 display() const { return ImVec2((float)target_width_, (float)target_height_); }
    ImVec4 whole_target() const { return ImVec4(0, 0, (float)target_width_, (float)target_height_); }

    // A frame of the backend (no Dear ImGui frame) that renders `draw_data` into the cleared target.
    void render_frame(ImDrawData* draw_data) {
        ImGui_ImplWGPU_NewFrame();
        render(draw_data, target_);
    }
    Image render_frame_and_read(ImDrawData* draw_data, const std::string& label) {
        render_frame(draw_data);
        return read(target_, label);
    }

    // A normal Dear ImGui frame (a green image over [8, 24)) renders exactly.
    void expect_normal_frame(const std::string& label) {
        const Image image = run_frame_and_read(
            [&](ImDrawList* draw_list) { add_images(draw_list, {{green_, ImVec2(8, 8), ImVec2(24, 24)}}); },
            "normal_after_" + label);
        EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}})) << "normal frame after " << label;
        EXPECT_EQ(backend_stats().RenderCallsThisFrame, 1u) << "normal frame after " << label;
    }

    // The backend reported exactly one more error since `before`, and its message names `words`.
    void expect_one_error(uint64_t before, const char* words, const std::string& label) {
        EXPECT_EQ(backend_stats().ErrorsReported, before + 1) << label;
        const std::string message = ImGui_ImplWGPU_GetLastError();
        EXPECT_NE(message.find(words), std::string::npos) << label << ": last error \"" << message << "\" does not mention \"" << words << "\"";
    }

    tracker::Snapshot baseline_;
    WGPUTextureView   green_ = nullptr;
    WGPUTextureView   red_ = nullptr;
    WGPULimits        limits_ = {};
};

// --- Textures ------------------------------------------------------------------------------------

TEST_F(HostileInputTest, NullTextureIdIsSkippedWithAnError) {
    HandMadeList list;
    list.add_quad(ImVec2(0, 0), ImVec2(64, 64), kWhite);  // would cover everything, with whatever image is bound
    list.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    list.add_command(green(), whole_target(), 6, 6);
    list.add_command(texture_id(nullptr), whole_target(), 0, 6);
    HandMadeDrawData draw_data({list.get()}, display());

    const uint64_t errors = backend_stats().ErrorsReported;
    const Image image = render_frame_and_read(draw_data.get(), "null_texture");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}}));
    expect_one_error(errors, "null", "null texture");
    EXPECT_EQ(backend_stats().DrawsSkippedThisFrame, 1u);
    EXPECT_EQ(backend_stats().DrawCallsThisFrame, 1u);
    expect_normal_frame("null_texture");
}

// UpdateTextureRect() with a rectangle whose far edge overflows int is outside the texture like any other:
// refused with an error, no pixel read, no WebGPU error.
TEST_F(HostileInputTest, UpdateTextureRectWithOverflowingRectangleIsRefused) {
    std::vector<uint8_t> pixels(8 * 8 * 4, 0x80);
    const ImTextureID texture = ImGui_ImplWGPU_CreateTexture(8, 8, pixels.data());
    ASSERT_TRUE(texture);
    struct Case {
        int x, y, width, height;
    };
    const Case cases[] = {{5, 0, INT_MAX, 1}, {0, 5, 1, INT_MAX}, {1, 1, INT_MAX, INT_MAX}, {7, 7, INT_MAX - 6, 1}};
    for (const Case& c : cases) {
        const std::string label = "rectangle " + std::to_string(c.x) + "," + std::to_string(c.y) + " " +
                                  std::to_string(c.width) + "x" + std::to_string(c.height);
        const uint64_t errors = backend_stats().ErrorsReported;
        EXPECT_FALSE(ImGui_ImplWGPU_UpdateTextureRect(texture, c.x, c.y, c.width, c.height, pixels.data(), 32)) << label;
        expect_one_error(errors, "UpdateTextureRect", label);
    }
    ImGui_ImplWGPU_DestroyTexture(texture);
    expect_normal_frame("overflowing_rectangles");
}

// --- Display size ----------------------------------------------------------------------------------

// Zero, negative and NaN framebuffer sizes (a minimized window) draw nothing and are no error.
TEST_F(HostileInputTest, ZeroNegativeAndNanDisplaySizesDrawNothing) {
    HandMadeList list;
    list.add_quad(ImVec2(0, 0), ImVec2(64, 64), kWhite);
    list.add_command(green(), whole_target(), 0, 6);
    struct Case {
        ImVec2 size, scale;
    };
    const Case cases[] = {
        {ImVec2(0, 0), ImVec2(1, 1)},     {ImVec2(0, 64), ImVec2(1, 1)},     {ImVec2(64, 0), ImVec2(1, 1)},
        {ImVec2(-64, -64), ImVec2(1, 1)}, {ImVec2(64, -1), ImVec2(1, 1)},    {ImVec2(0.5f, 0.5f), ImVec2(1, 1)},
        {ImVec2(kNaN, 64), ImVec2(1, 1)}, {ImVec2(64, kNaN), ImVec2(1, 1)},  {ImVec2(-kInf, 64), ImVec2(1, 1)},
        {ImVec2(64, 64), ImVec2(0, 0)},   {ImVec2(64, 64), ImVec2(-1, 1)},   {ImVec2(64, 64), ImVec2(1, kNaN)},
    };
    for (const Case& c : cases) {
        const std::string label = "size " + std::to_string(c.size.x) + "x" + std::to_string(c.size.y) + " scale " +
                                  std::to_string(c.scale.x) + "x" + std::to_string(c.scale.y);
        HandMadeDrawData draw_data({list.get()}, c.size);
        draw_data.data.FramebufferScale = c.scale;
        const uint64_t errors = backend_stats().ErrorsReported;
        const Image image = render_frame_and_read(draw_data.get(), "empty_display");
        EXPECT_TRUE(ImageMatches(image, kClearColour, {})) << label;
        EXPECT_EQ(backend_stats().RenderCallsThisFrame, 0u) << label;
        EXPECT_EQ(backend_stats().UploadBytesThisFrame, 0u) << label;
        EXPECT_EQ(backend_stats().ErrorsReported, errors) << label;
    }
    expect_normal_frame("empty_display");
}

// A framebuffer larger than the device's largest texture cannot be the pass's target: the backend
// drops the frame and says why (drawing it would be a WebGPU validation error).
TEST_F(HostileInputTest, DisplayLargerThanAnyTextureDropsTheFrameWithAnError) {
    const float max_dim = (float)limits_.maxTextureDimension2D;
    ASSERT_GT(max_dim, 0.0f);
    HandMadeList list;
    list.add_quad(ImVec2(0, 0), ImVec2(64, 64), kWhite);
    list.add_command(green(), whole_target(), 0, 6);
    struct Case {
        ImVec2 size, scale;
    };
    const Case cases[] = {
        {ImVec2(max_dim + 1, 64), ImVec2(1, 1)}, {ImVec2(64, max_dim * 2), ImVec2(1, 1)},
        {ImVec2(1e30f, 1e30f), ImVec2(1, 1)},    {ImVec2(kInf, 64), ImVec2(1, 1)},
        {ImVec2(64, 64), ImVec2(1e6f, 1)},       {ImVec2(64, 64), ImVec2(1, kInf)},
    };
    for (const Case& c : cases) {
        const std::string label = "size " + std::to_string(c.size.x) + "x" + std::to_string(c.size.y) + " scale " +
                                  std::to_string(c.scale.x) + "x" + std::to_string(c.scale.y);
        HandMadeDrawData draw_data({list.get()}, c.size);
        draw_data.data.FramebufferScale = c.scale;
        const uint64_t errors = backend_stats().ErrorsReported;
        const Image image = render_frame_and_read(draw_data.get(), "huge_display");
        EXPECT_TRUE(ImageMatches(image, kClearColour, {})) << label;
        EXPECT_EQ(backend_stats().RenderCallsThisFrame, 0u) << label;
        EXPECT_EQ(backend_stats().UploadBytesThisFrame, 0u) << label;
        expect_one_error(errors, "larger than any render target", label);
    }
    expect_normal_frame("huge_display");
}

// --- Clip rectangles -----------------------------------------------------------------------------

// Each clip rectangle below is applied to a quad that covers the whole target: the pixels show
// exactly the part of the rectangle inside the target, or nothing.
struct ClipCase {
    const char* name;
    ImVec4      clip;
    bool        draws;
    PixelRect   drawn;  // when it draws: the clip rectangle clamped to the 64 x 64 target
};

class HostileClipTest : public HostileInputTest {
protected:
    void check(const ClipCase& c) {
        HandMadeList list;
        list.add_quad(ImVec2(0, 0), ImVec2(64, 64), kWhite);
        list.add_command(green(), c.clip, 0, 6);
        HandMadeDrawData draw_data({list.get()}, display());
        const uint64_t errors = backend_stats().ErrorsReported;
        const Image image = render_frame_and_read(draw_data.get(), c.name);
        if (c.draws) {
            EXPECT_TRUE(ImageMatches(image, kClearColour, {c.drawn})) << c.name;
            EXPECT_EQ(backend_stats().DrawCallsThisFrame, 1u) << c.name;
        } else {
            EXPECT_TRUE(ImageMatches(image, kClearColour, {})) << c.name;
            EXPECT_EQ(backend_stats().DrawCallsThisFrame, 0u) << c.name;
            EXPECT_EQ(backend_stats().DrawsSkippedThisFrame, 1u) << c.name;
        }
        EXPECT_EQ(backend_stats().ErrorsReported, errors) << c.name << ": a clip rectangle is no error";
    }
};

TEST_F(HostileClipTest, InvertedEmptyAndOffTargetClipRectsSkipTheirCommand) {
    const ClipCase cases[] = {
        {"inverted", ImVec4(24, 24, 8, 8), false, {}},
        {"inverted_x", ImVec4(24, 8, 8, 24), false, {}},
        {"zero_width", ImVec4(8, 8, 8, 24), false, {}},
        {"zero_height", ImVec4(8, 8, 24, 8), false, {}},
        {"left_of_target", ImVec4(-40, 8, -8, 24), false, {}},
        {"above_target", ImVec4(8, -40, 24, 0), false, {}},
        {"right_of_target", ImVec4(64, 8, 128, 24), false, {}},
        {"below_target", ImVec4(8, 70, 24, 100), false, {}},
        {"far_away", ImVec4(1e30f, 1e30f, kInf, kInf), false, {}},
        {"all_negative_infinity", ImVec4(-kInf, -kInf, -kInf, -kInf), false, {}},
        {"max_is_nan", ImVec4(8, 8, kNaN, 24), false, {}},
        {"max_y_is_nan", ImVec4(8, 8, 24, kNaN), false, {}},
        {"all_nan", ImVec4(kNaN, kNaN, kNaN, kNaN), false, {}},
    };
    for (const ClipCase& c : cases) check(c);
    expect_normal_frame("clip_rects");
}

TEST_F(HostileClipTest, ClipRectsPartlyOutsideTheTargetAreClampedToIt) {
    const ClipCase cases[] = {
        {"top_left_overhang", ImVec4(-8, -8, 16, 16), true, {0, 0, 16, 16, kGreen}},
        {"bottom_right_overhang", ImVec4(48, 40, 100, 100), true, {48, 40, 64, 64, kGreen}},
        {"huge", ImVec4(-1e30f, -1e30f, 1e30f, 1e30f), true, {0, 0, 64, 64, kGreen}},
        {"infinite", ImVec4(-kInf, -kInf, kInf, kInf), true, {0, 0, 64, 64, kGreen}},
    };
    for (const ClipCase& c : cases) check(c);
    expect_normal_frame("clamped_clip_rects");
}

// A clip rectangle with a NaN corner is no rectangle: the command is skipped, whichever corner it is.
TEST_F(HostileClipTest, NanInTheMinCornerSkipsTheCommand) {
    const ClipCase cases[] = {
        {"min_x_is_nan", ImVec4(kNaN, 8, 24, 24), false, {}},
        {"min_y_is_nan", ImVec4(8, kNaN, 24, 24), false, {}},
    };
    for (const ClipCase& c : cases) check(c);
    expect_normal_frame("nan_min_clip_rects");
}

// --- Draw lists and commands -----------------------------------------------------------------------

// Nothing to draw is a no-op, not an error: no draw data, no lists, lists without vertices or
// commands, commands of zero elements.
TEST_F(HostileInputTest, EmptyDrawDataIsANoOp) {
    HandMadeList empty;                 // no vertices, indices or commands
    HandMadeList commands_only;         // a command, but nothing to draw
    commands_only.add_command(green(), whole_target(), 0, 0);
    HandMadeList zero_elements;         // vertices and indices, and a command of zero elements
    zero_elements.add_quad(ImVec2(0, 0), ImVec2(64, 64), kWhite);
    zero_elements.add_command(green(), whole_target(), 0, 0);

    HandMadeDrawData no_lists({}, display());
    HandMadeDrawData empty_list({empty.get()}, display());
    HandMadeDrawData only_commands({commands_only.get(), empty.get()}, display());
    HandMadeDrawData only_zero_elements({zero_elements.get()}, display());
    HandMadeDrawData negative_count({empty.get()}, display());
    negative_count.data.CmdListsCount = -1;
    const std::pair<const char*, ImDrawData*> cases[] = {
        {"null_draw_data", nullptr},
        {"no_lists", no_lists.get()},
        {"empty_list", empty_list.get()},
        {"commands_without_vertices", only_commands.get()},
        {"zero_element_command", only_zero_elements.get()},
        {"negative_list_count", negative_count.get()},
    };
    for (const auto& [name, draw_data] : cases) {
        const uint64_t errors = backend_stats().ErrorsReported;
        const Image image = render_frame_and_read(draw_data, name);
        EXPECT_TRUE(ImageMatches(image, kClearColour, {})) << name;
        EXPECT_EQ(backend_stats().DrawCallsThisFrame, 0u) << name;
        EXPECT_EQ(backend_stats().ErrorsReported, errors) << name;
    }
    expect_normal_frame("empty_draw_data");
}

// Dear ImGui's contract is that the renderer calls every user callback, and a list may hold a
// callback and no vertices (a 3D view drawn by the application, say): with nothing else to draw,
// the callback still runs, with the render state available.
TEST_F(HostileInputTest, UserCallbackInDrawDataWithoutVerticesIsCalled) {
    struct Calls {
        int count = 0;
        int with_render_state = 0;
    } calls;
    HandMadeList list;
    list.add_callback(
        [](const ImDrawList*, const ImDrawCmd* cmd) {
            Calls* c = (Calls*)cmd->UserCallbackData;
            c->count++;
            if (ImGui_ImplWGPU_GetRenderState()) c->with_render_state++;
        },
        &calls);
    list.add_callback(ImDrawCallback_ResetRenderState, nullptr);
    HandMadeDrawData draw_data({list.get()}, display());

    const uint64_t errors = backend_stats().ErrorsReported;
    const Image image = render_frame_and_read(draw_data.get(), "callback_only");
    EXPECT_EQ(calls.count, 1);
    EXPECT_EQ(calls.with_render_state, 1);
    EXPECT_TRUE(ImageMatches(image, kClearColour, {}));
    EXPECT_EQ(backend_stats().ErrorsReported, errors);
    expect_normal_frame("callback_only");
}

// A null entry in CmdLists is skipped; the lists around it draw at their own vertices.
TEST_F(HostileInputTest, NullEntryInCmdListsIsSkipped) {
    HandMadeList first, second;
    first.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    first.add_command(green(), whole_target(), 0, 6);
    second.add_quad(ImVec2(40, 40), ImVec2(56, 56), kWhite);
    second.add_command(red(), whole_target(), 0, 6);
    HandMadeDrawData draw_data({nullptr, first.get(), nullptr, second.get(), nullptr}, display());

    const uint64_t errors = backend_stats().ErrorsReported;
    const Image image = render_frame_and_read(draw_data.get(), "null_entries");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}, {40, 40, 56, 56, kRed}}));
    EXPECT_EQ(backend_stats().DrawCallsThisFrame, 2u);
    EXPECT_EQ(backend_stats().ErrorsReported, errors);
    expect_normal_frame("null_entries");
}

// A command of zero elements between two others draws nothing and does not disturb them.
TEST_F(HostileInputTest, ZeroElementCommandIsSkipped) {
    HandMadeList list;
    list.add_quad(ImVec2(0, 0), ImVec2(64, 64), kWhite);
    list.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    list.add_command(red(), whole_target(), 0, 0);
    list.add_command(green(), whole_target(), 6, 6);
    list.add_command(red(), whole_target(), 6, 0);
    HandMadeDrawData draw_data({list.get()}, display());

    const uint64_t errors = backend_stats().ErrorsReported;
    const Image image = render_frame_and_read(draw_data.get(), "zero_elements");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}}));
    EXPECT_EQ(backend_stats().DrawCallsThisFrame, 1u);
    EXPECT_EQ(backend_stats().ErrorsReported, errors);
    expect_normal_frame("zero_elements");
}

// --- Indices ------------------------------------------------------------------------------------

// A command that reads indices past its list's index buffer would read the next list's indices (or
// past the upload): it is skipped with an error, and the commands around it draw.
TEST_F(HostileInputTest, IndexRangePastTheIndexBufferIsSkippedWithAnError) {
    HandMadeList list, next;
    list.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);       // indices [0, 6)
    list.add_command(red(), whole_target(), 3, 6);              // [3, 9): 3 past the end
    list.add_command(red(), whole_target(), 6, 3);              // starts at the end
    list.add_command(red(), whole_target(), 0xFFFFFFFFu, 3);    // offset + count overflows 32 bits
    list.add_command(red(), whole_target(), 0, 0xFFFFFFFFu);
    list.add_command(green(), whole_target(), 0, 6);
    next.add_quad(ImVec2(40, 40), ImVec2(56, 56), kWhite);
    next.add_command(green(), whole_target(), 0, 6);
    HandMadeDrawData draw_data({list.get(), next.get()}, display());

    const uint64_t errors = backend_stats().ErrorsReported;
    const Image image = render_frame_and_read(draw_data.get(), "index_range");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}, {40, 40, 56, 56, kGreen}}));
    EXPECT_EQ(backend_stats().DrawsSkippedThisFrame, 4u);
    EXPECT_EQ(backend_stats().DrawCallsThisFrame, 2u);
    EXPECT_EQ(backend_stats().ErrorsReported, errors + 4) << "one error per skipped command";
    EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("indices past its draw list"), std::string::npos)
        << ImGui_ImplWGPU_GetLastError();
    expect_normal_frame("index_range");
}

// Index values (or a VtxOffset) past the list's vertices are not checked: that would mean reading
// every index on the CPU. They reach into the next list's vertices or past the uploaded vertices,
// where WebGPU's robust buffer access keeps every read inside the buffer. The defined outcome: no
// WebGPU error, no crash, and such a command changes no pixel outside its own clip rectangle.
TEST_F(HostileInputTest, IndexValuesPastTheVerticesOnlyTouchTheirClipRect) {
    const ImVec4 sandbox(28, 28, 36, 36);  // where the bad commands may draw
    HandMadeList list, last;
    list.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);   // vertices [0, 4)
    list.add_command(green(), whole_target(), 0, 6);
    list.add_indices({4, 5, 6, 2, 3, 7});                   // into the next list's vertices
    list.add_command(red(), sandbox, 6, 6);
    list.add_indices({1000, 40000, 65535});                 // past every vertex of the draw data
    list.add_command(red(), sandbox, 12, 3);
    list.add_command(red(), sandbox, 0, 6, 1000000);        // VtxOffset past every vertex
    list.add_command(red(), sandbox, 0, 6, 0xFFFFFFF0u);    // VtxOffset that wraps to a negative base vertex
    last.add_quad(ImVec2(40, 40), ImVec2(56, 56), kWhite);  // the last list: its vertices end the upload
    last.add_indices({3, 4, 65535});
    last.add_command(green(), whole_target(), 0, 6);
    last.add_command(red(), sandbox, 6, 3);
    HandMadeDrawData draw_data({list.get(), last.get()}, display());

    const Image image = render_frame_and_read(draw_data.get(), "index_values");
    const std::vector<PixelRect> expected = {{8, 8, 24, 24, kGreen}, {40, 40, 56, 56, kGreen}};
    EXPECT_TRUE(ImageMatches(image, [&](int x, int y) {
        if (x >= sandbox.x && x < sandbox.z && y >= sandbox.y && y < sandbox.w) return image.pixel((uint32_t)x, (uint32_t)y);
        for (const PixelRect& r : expected)
            if (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) return r.colour;
        return kClearColour;
    }));
    expect_normal_frame("index_values");
}

// --- Draw data too large for the device ----------------------------------------------------------

// A draw data whose upload needs more than the device's maxBufferSize cannot be drawn: the frame is
// dropped with an error, before anything is copied or allocated, and the next frames draw normally.
TEST_F(HostileInputTest, DrawDataLargerThanMaxBufferSizeIsDroppedWithAnError) {
    // The same list many times over: the backend sees that many lists, the test's memory holds one
    // (and its vertex buffer is never written: only its size matters here).
    const int kCopies = 16;
    const uint64_t vertices_needed = limits_.maxBufferSize / sizeof(ImDrawVert) + 1;
    const int per_list = (int)((vertices_needed + kCopies - 1) / kCopies);
    HandMadeList big;
    big.get()->VtxBuffer.resize(per_list);
    big.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    big.add_command(red(), whole_target(), 0, 6, (unsigned)per_list);
    HandMadeDrawData draw_data(std::vector<ImDrawList*>(kCopies, big.get()), display());

    const ImGui_ImplWGPU_Stats before = backend_stats();
    const Image image = render_frame_and_read(draw_data.get(), "too_large");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {}));
    EXPECT_EQ(backend_stats().RenderCallsThisFrame, 0u);
    EXPECT_EQ(backend_stats().UploadBytesThisFrame, 0u);
    EXPECT_EQ(backend_stats().UploadArenaCapacity, before.UploadArenaCapacity) << "no arena grew for the dropped frame";
    expect_one_error(before.ErrorsReported, "maxBufferSize", "too large");
    for (int frame = 0; frame < 3; frame++) expect_normal_frame("too_large_" + std::to_string(frame));
}

// A draw data just under maxBufferSize is drawn: its upload goes through a mapped buffer, which
// must not be made larger than the device allows (a quarter more than the call would be).
TEST_F(HostileInputTest, DrawDataJustUnderMaxBufferSizeIsDrawnWithinTheDeviceLimit) {
    const int kCopies = 16;
    const uint64_t vertices_wanted = limits_.maxBufferSize / sizeof(ImDrawVert) * 9 / 10;
    const int per_list = (int)(vertices_wanted / kCopies);
    HandMadeList big;
    big.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    big.add_command(red(), whole_target(), 0, 6);
    big.get()->VtxBuffer.resize(per_list);  // vertices no command reads: only their size matters
    HandMadeDrawData draw_data(std::vector<ImDrawList*>(kCopies, big.get()), display());

    const Image image = render_frame_and_read(draw_data.get(), "just_under");
    const ImGui_ImplWGPU_Stats stats = backend_stats();
    EXPECT_GT(stats.UploadBytesThisFrame, limits_.maxBufferSize * 8 / 10);
    EXPECT_EQ(stats.UploadMappedBytesThisFrame, stats.UploadBytesThisFrame);
    EXPECT_LE(stats.UploadMappedCapacity, limits_.maxBufferSize);
    EXPECT_LE(stats.UploadArenaCapacity, limits_.maxBufferSize);
    EXPECT_EQ(count_pixels_other_than(image, {8, 8, 24, 24, kRed}), 0);
    EXPECT_EQ(stats.ErrorsReported, 0u) << ImGui_ImplWGPU_GetLastError();
}

// --- Call sequences -----------------------------------------------------------------------------------

TEST_F(HostileInputTest, NullPassEncoderIsReportedAndIgnored) {
    HandMadeList list;
    list.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    list.add_command(green(), whole_target(), 0, 6);
    HandMadeDrawData draw_data({list.get()}, display());

    ImGui_ImplWGPU_NewFrame();
    const uint64_t errors = backend_stats().ErrorsReported;
    ImGui_ImplWGPU_RenderDrawData(draw_data.get(), nullptr);
    expect_one_error(errors, "null pass encoder", "null pass encoder");
    EXPECT_EQ(backend_stats().RenderCallsThisFrame, 0u);
    EXPECT_EQ(backend_stats().UploadBytesThisFrame, 0u);
    expect_normal_frame("null_pass_encoder");
}

// Before Init() and after Shutdown() there is no backend: every entry point reports that and does
// nothing (the pass it was given stays empty), and Init() afterwards works normally.
TEST_F(HostileInputTest, CallsBeforeInitAndAfterShutdownAreReportedAndIgnored) {
    HandMadeList list;
    list.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    list.add_command(green(), whole_target(), 0, 6);
    HandMadeDrawData draw_data({list.get()}, display());
    auto expect_ignored = [&](const char* when) {
        ImGui_ImplWGPU_Stats stats;
        EXPECT_FALSE(ImGui_ImplWGPU_GetStats(&stats)) << when;
        ImGui_ImplWGPU_NewFrame();
        EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("NewFrame() called before Init()"), std::string::npos)
            << when << ": " << ImGui_ImplWGPU_GetLastError();
        render(draw_data.get(), target_);
        EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("RenderDrawData() called before Init()"), std::string::npos)
            << when << ": " << ImGui_ImplWGPU_GetLastError();
        EXPECT_TRUE(ImageMatches(read(target_, when), kClearColour, {})) << when;
        EXPECT_EQ(ImGui_ImplWGPU_GetRenderState(), nullptr) << when;
    };

    // Before Init(): a second context, whose backend was never initialized.
    create_context(target_width_, target_height_);
    expect_ignored("before_init");
    ASSERT_TRUE(init_backend(default_init_info()));
    expect_normal_frame("init_after_calls_before_init");

    // After Shutdown(), with a draw data that still names the released font atlas view.
    begin_frame();
    ImGui::GetForegroundDrawList()->AddText(ImVec2(2, 2), kWhite, "text");
    ImDrawData* stale = end_frame();
    shutdown_backend();
    render(stale, target_);
    EXPECT_TRUE(ImageMatches(read(target_, "stale_after_shutdown"), kClearColour, {}));
    expect_ignored("after_shutdown");
    ASSERT_TRUE(init_backend(default_init_info()));
    expect_normal_frame("init_after_shutdown");
    shutdown_backend();  // the fixture compares the tracker with its baseline before it shuts down other contexts
}

// A second Init() fails with an error and leaves the first backend working; its objects are
// released once, at the one Shutdown() (the fixture checks the tracker).
TEST_F(HostileInputTest, InitTwiceFailsAndKeepsTheFirstBackend) {
    expect_normal_frame("first_init");
    const uint64_t errors = backend_stats().ErrorsReported;
    ImGui_ImplWGPU_InitInfo info = default_init_info();
    EXPECT_FALSE(ImGui_ImplWGPU_Init(&info));
    expect_one_error(errors, "already initialized", "second Init()");
    expect_normal_frame("second_init");
}

// Init() without a device or a render target format fails with an error and creates nothing.
TEST_F(HostileInputTest, InitWithoutDeviceOrFormatFails) {
    create_context(target_width_, target_height_);
    const tracker::Snapshot before = tracker::snapshot();
    ImGui_ImplWGPU_InitInfo no_device = default_init_info();
    no_device.Device = nullptr;
    ImGui_ImplWGPU_InitInfo no_format = default_init_info();
    no_format.RenderTargetFormat = WGPUTextureFormat_Undefined;
    for (ImGui_ImplWGPU_InitInfo* info : {&no_device, &no_format, (ImGui_ImplWGPU_InitInfo*)nullptr}) {
        EXPECT_FALSE(ImGui_ImplWGPU_Init(info));
        EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("needs InitInfo"), std::string::npos)
            << ImGui_ImplWGPU_GetLastError();
        EXPECT_EQ(ImGui::GetIO().BackendRendererUserData, nullptr);
    }
    EXPECT_EQ(tracker::describe_difference(before, tracker::snapshot()), "");
    ImGui::SetCurrentContext(context_);
    expect_normal_frame("failed_inits");
}

// A second Shutdown() is reported and changes nothing; Init() afterwards works normally.
TEST_F(HostileInputTest, ShutdownTwiceIsReportedAndHarmless) {
    expect_normal_frame("before_shutdown");
    shutdown_backend();
    EXPECT_EQ(tracker::describe_difference(baseline_, tracker::snapshot()), "texture_view +2")
        << "only the test's two images should be alive after the first Shutdown()";
    shutdown_backend();
    EXPECT_NE(std::string(ImGui_ImplWGPU_GetLastError()).find("Shutdown() called before Init() or twice"), std::string::npos)
        << ImGui_ImplWGPU_GetLastError();
    EXPECT_EQ(tracker::describe_difference(baseline_, tracker::snapshot()), "texture_view +2");
    ASSERT_TRUE(init_backend(default_init_info()));
    expect_normal_frame("init_after_two_shutdowns");
}

// An empty list (no vertices, no indices, its vectors never allocated) between lists with content: it
// contributes nothing and the others draw at their own vertices. (Under UBSan: no memcpy from a null pointer.)
TEST_F(HostileInputTest, EmptyListsBetweenOthersAreSkipped) {
    HandMadeList empty, first, no_indices, second;
    first.add_quad(ImVec2(8, 8), ImVec2(24, 24), kWhite);
    first.add_command(green(), whole_target(), 0, 6);
    no_indices.add_quad(ImVec2(0, 0), ImVec2(64, 64), kWhite);  // vertices, but no index and no command
    no_indices.get()->IdxBuffer.clear();
    second.add_quad(ImVec2(40, 40), ImVec2(56, 56), kWhite);
    second.add_command(red(), whole_target(), 0, 6);
    HandMadeDrawData draw_data({empty.get(), first.get(), empty.get(), no_indices.get(), second.get(), empty.get()}, display());

    const uint64_t errors = backend_stats().ErrorsReported;
    const Image image = render_frame_and_read(draw_data.get(), "empty_lists_between");
    EXPECT_TRUE(ImageMatches(image, kClearColour, {{8, 8, 24, 24, kGreen}, {40, 40, 56, 56, kRed}}));
    EXPECT_EQ(backend_stats().DrawCallsThisFrame, 2u);
    EXPECT_EQ(backend_stats().ErrorsReported, errors);
    expect_normal_frame("empty_lists_between");
}

}  // namespace
}  // namespace imwgpu::test
