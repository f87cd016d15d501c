/* stb_image_write's implementation for the browser build: natively the harness links Debian's libstb. */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
