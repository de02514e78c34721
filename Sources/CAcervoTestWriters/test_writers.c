#include "CAcervoTestWriters.h"
#include "CAcervoImaging.h"

#include <stdio.h>
#include <string.h>
#include <png.h>

static void set_msg(char *msg, size_t msglen, const char *text) {
    if (msg != NULL && msglen > 0) snprintf(msg, msglen, "%s", text);
}

struct pixel_rows {
    const unsigned char *pixels;
    size_t stride;
};

static void pixel_row(const void *ctx, unsigned int y, unsigned char *dst) {
    const struct pixel_rows *rows = ctx;
    memcpy(dst, rows->pixels + (size_t)y * rows->stride, rows->stride);
}

int CAcervoTestWriters_jpeg_write(const char *path, const unsigned char *pixels, unsigned int width,
                                  unsigned int height, int components, int quality, int progressive,
                                  const unsigned char *exif_tiff, size_t exif_len, const unsigned char *icc,
                                  size_t icc_len, char *msg, size_t msglen) {
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    if (components != 1 && components != 3 && components != 4) {
        set_msg(msg, msglen, "components must be 1, 3 or 4");
        return CAcervoImaging_normalize_unsupported;
    }
    struct pixel_rows rows = { pixels, (size_t)width * (size_t)components };
    return CAcervoImaging_encode_jpeg(path, width, height, components, quality, progressive, pixel_row, &rows,
                                      icc, icc_len, exif_tiff, exif_len, msg, msglen);
}

int CAcervoTestWriters_png_write(const char *path, const unsigned char *data, unsigned int width,
                                 unsigned int height, int color_type, int bit_depth, int interlace,
                                 const unsigned char *palette, int palette_entries,
                                 const unsigned char *trns, int trns_count, char *msg, size_t msglen) {
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    int channels;
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: case PNG_COLOR_TYPE_PALETTE: channels = 1; break;
    case PNG_COLOR_TYPE_GRAY_ALPHA: channels = 2; break;
    case PNG_COLOR_TYPE_RGB: channels = 3; break;
    case PNG_COLOR_TYPE_RGB_ALPHA: channels = 4; break;
    default:
        set_msg(msg, msglen, "unknown PNG colour type");
        return CAcervoImaging_normalize_unsupported;
    }
    size_t rowbytes = ((size_t)width * (size_t)channels * (size_t)bit_depth + 7) / 8;
    struct pixel_rows rows = { data, rowbytes };
    return CAcervoImaging_encode_png(path, width, height, color_type, bit_depth, interlace, palette,
                                     palette_entries, trns, trns_count, rowbytes, pixel_row, &rows, NULL, 0, msg,
                                     msglen);
}
