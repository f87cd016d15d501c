// What imwgpu's programs share. See imwgpu_common.h.

#include "imwgpu_common.h"

#include <cmath>
#include <cstdio>
#include <fstream>

namespace imwgpu::common {

void configure(CLI::App& app, std::size_t help_column) {
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.get_formatter()->column_width(help_column);
}

int parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
        return -1;
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        std::fprintf(stderr, "%s: %s\nRun with --help for the options.\n", app.get_name().c_str(), error.what());
        return 2;
    }
}

CLI::Option* add_size_option(CLI::App& app, const std::string& name, uint32_t* width, uint32_t* height,
                             unsigned min_side, unsigned max_side, const std::string& description) {
    const std::string rule = "WxH, each side from " + std::to_string(min_side) + " to " + std::to_string(max_side);
    auto parse = [min_side, max_side](const std::string& text, unsigned* w, unsigned* h) {
        char tail = 0;
        return std::sscanf(text.c_str(), "%ux%u%c", w, h, &tail) == 2 && *w >= min_side && *h >= min_side &&
               *w <= max_side && *h <= max_side;
    };
    CLI::Validator valid(
        [parse, rule](std::string& text) {
            unsigned w = 0, h = 0;
            return parse(text, &w, &h) ? std::string() : "'" + text + "' is not " + rule;
        },
        "");  // the option's type name, WxH, says it
    return app
        .add_option_function<std::string>(
            name,
            [parse, width, height](const std::string& text) {
                unsigned w = 0, h = 0;
                parse(text, &w, &h);
                *width = w;
                *height = h;
            },
            description)
        ->type_name("WxH")
        ->check(valid);
}

CLI::Option* add_driver_option(CLI::App& app, VulkanDriver* driver, const std::string& description) {
    return app
        .add_option_function<std::string>(
            "--driver",
            [driver](const std::string& name) {
                *driver = name == "swiftshader" ? VulkanDriver::SwiftShader
                          : name == "system"    ? VulkanDriver::System
                                                : VulkanDriver::Auto;
            },
            description)
        ->type_name("auto|swiftshader|system")
        ->check(CLI::IsMember({"auto", "swiftshader", "system"}).description(""));
}

double figure(double value, int decimals) {
    if (!std::isfinite(value))
        return value;
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

bool write_json_file(const nlohmann::ordered_json& json, const std::string& path) {
    std::ofstream file(path, std::ios::binary);
    file << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    file.close();
    return !file.fail();
}

}  // namespace imwgpu::common
