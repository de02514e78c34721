#include "CAcervoDigitize.h"
#include "CAcervoImaging_png_errors.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int CAcervoDigitize_png_write_page(int fd, const unsigned char *pixels, size_t bytes_per_row,
                                   unsigned int width, unsigned int height, int colour,
                                   unsigned int pixels_per_metre_x, unsigned int pixels_per_metre_y,
                                   const char *xmp, size_t xmp_len, char *msg, size_t msglen) {
    /* libpng's errors jump back to the setjmp below with their message in msg; warnings are dropped. */
    acervo_imaging_png_errors errors;
    acervo_imaging_png_errors_init(&errors, msg, msglen, 0);
    if (msg != NULL && msglen > 0) msg[0] = '\0';
    int copy = dup(fd);
    if (copy < 0) {
        if (msg != NULL && msglen > 0) snprintf(msg, msglen, "cannot duplicate the output descriptor");
        return -1;
    }
    FILE *volatile file = fdopen(copy, "wb");
    if (file == NULL) {
        close(copy);
        if (msg != NULL && msglen > 0) snprintf(msg, msglen, "cannot open the output file");
        return -1;
    }
    unsigned char *volatile row = NULL;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, acervo_imaging_png_error,
                                              acervo_imaging_png_warning);
    if (png == NULL) {
        fclose(file);
        if (msg != NULL && msglen > 0) snprintf(msg, msglen, "out of memory");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    volatile png_infop volatile_info = info;
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        png_infop failed = volatile_info;
        png_destroy_write_struct(&png, &failed);
        free(row);
        fclose(file);
        return -1;
    }
    png_init_io(png, file);
    int bit_depth = colour == CAcervoDigitize_bitonal ? 1 : 8;
    int colour_type = colour == CAcervoDigitize_rgb ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY;
    png_set_IHDR(png, info, width, height, bit_depth, colour_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, pixels_per_metre_x, pixels_per_metre_y, PNG_RESOLUTION_METER);
    if (colour == CAcervoDigitize_rgb) png_set_sRGB_gAMA_and_cHRM(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
    if (xmp != NULL && xmp_len > 0) {
        png_text text;
        memset(&text, 0, sizeof text);
        text.compression = PNG_ITXT_COMPRESSION_NONE;
        text.key = (png_charp)"XML:com.adobe.xmp";
        text.text = (png_charp)xmp;
        text.itxt_length = xmp_len;
        text.lang = (png_charp)"";
        text.lang_key = (png_charp)"";
        png_set_text(png, info, &text, 1);
    }
    png_write_info(png, info);
    size_t out_bytes = colour == CAcervoDigitize_bitonal ? ((size_t)width + 7) / 8
                     : colour == CAcervoDigitize_rgb ? (size_t)width * 3 : (size_t)width;
    row = malloc(out_bytes);
    if (row == NULL) png_error(png, "out of memory for a PNG row");
    for (unsigned int y = 0; y < height; y++) {
        const unsigned char *source = pixels + (size_t)y * bytes_per_row;
        if (colour == CAcervoDigitize_bitonal) {
            /* Acervo holds 1 = black; a 1-bit greyscale PNG holds 0 = black. */
            for (size_t i = 0; i < out_bytes; i++) row[i] = (unsigned char)~source[i];
        } else {
            memcpy(row, source, out_bytes);
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    row = NULL;
    int failed = fflush(file) != 0 || ferror(file) != 0;
    if (fclose(file) != 0) failed = 1;
    if (failed) {
        if (msg != NULL && msglen > 0) snprintf(msg, msglen, "writing the output file failed");
        return -1;
    }
    return 0;
}
