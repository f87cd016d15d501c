// What imwgpu's programs (imwgpu-demo, imwgpu-bench, imwgpu-soak) share: their command lines, parsed by CLI11,
// and their JSON files, written by nlohmann/json.

#pragma once

#include <imwgpu_harness.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace imwgpu::common {

// What every program's command line shares; call it before adding options. An option given more than once takes
// its last value (a script may append to a command line), except list options, which collect every value; the help
// puts descriptions at `help_column`.
void configure(CLI::App& app, std::size_t help_column);

// Parses argv into `app`'s options. Returns -1 when the program goes on; otherwise the status it exits with now:
// 0 after --help (the generated help, on stdout), 2 after an unknown option or a bad or missing value (an error
// naming the option, on stderr).
int parse_command_line(CLI::App& app, int argc, char** argv);

// An option "WxH" (e.g. --size 1280x800): both sides whole numbers from min_side to max_side.
CLI::Option* add_size_option(CLI::App& app, const std::string& name, uint32_t* width, uint32_t* height,
                             unsigned min_side, unsigned max_side, const std::string& description);

// --driver auto|swiftshader|system: the Vulkan driver the harness uses.
CLI::Option* add_driver_option(CLI::App& app, VulkanDriver* driver, const std::string& description);

// A measured figure as the programs write it: rounded to `decimals` places. NaN and the infinities stay as they
// are, and nlohmann/json writes them as null: a JSON file never holds `nan` or `inf`.
double figure(double value, int decimals);

// Writes `json` to `path`, indented by 2, fields in the order they were added. Strings that are not valid UTF-8
// (e.g. a driver's message) are written with U+FFFD in place of the bad bytes. False when the file cannot be
// written.
bool write_json_file(const nlohmann::ordered_json& json, const std::string& path);

}  // namespace imwgpu::common
