#include "imaging_internal.h"
#include "CAcervoImaging_png_errors.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

/* libpng's messages (first, as the error pointer), and why decoding stopped. */
struct png_decode_state {
    acervo_imaging_png_errors errors;
    int status;
};

/* Why libpng stopped, from its message: "Read Error" is what it says when the stdio stream runs dry. */
static int stop_status(const char *message) {
    return strstr(message, "Read Error") != NULL || strstr(message, "unexpected end") != NULL
               ? CAcervoImaging_normalize_truncated
               : CAcervoImaging_normalize_corrupt;
}

int acervo_imaging_decode_png(const char *source, const CAcervoImaging_normalize_settings *settings,
                       acervo_imaging_decoded *out, CAcervoImaging_normalize_report *report) {
    struct png_decode_state state;
    FILE *volatile file = NULL;
    acervo_imaging_resampler *volatile resampler = NULL;
    unsigned char *volatile whole = NULL;
    unsigned char *volatile row = NULL;
    volatile int resampling = 0;
    png_structp png = NULL;
    png_infop info = NULL;
    volatile png_infop volatile_info = NULL;
    char text[200];

    memset(out, 0, sizeof(*out));
    acervo_imaging_png_errors_init(&state.errors, report->message, sizeof(report->message), 1);
    state.status = CAcervoImaging_normalize_ok;
    file = fopen(source, "rb");
    if (file == NULL) {
        acervo_imaging_set_message(report, "cannot open the file");
        return CAcervoImaging_normalize_io;
    }
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state.errors, acervo_imaging_png_error, acervo_imaging_png_warning);
    if (png != NULL) info = png_create_info_struct(png);
    if (png == NULL || info == NULL) {
        if (png != NULL) png_destroy_read_struct(&png, NULL, NULL);
        fclose(file);
        acervo_imaging_set_message(report, "out of memory for libpng");
        return CAcervoImaging_normalize_no_memory;
    }
    volatile_info = info;
    if (setjmp(png_jmpbuf(png))) {
        png_infop failed = volatile_info;
        png_destroy_read_struct(&png, &failed, NULL);
        if (resampling) acervo_imaging_resampler_free(resampler);
        free(resampler);
        free(whole);
        free(row);
        fclose(file);
        acervo_imaging_decoded_free(out);
        report->warnings = state.errors.warnings;
        /* Every stop of the decoder's own sets a status: none means libpng raised an error. */
        return state.status == CAcervoImaging_normalize_ok ? stop_status(report->message) : state.status;
    }
    /* libpng refuses IHDR past these before allocating anything for the image. */
    png_set_user_limits(png, settings->max_side, settings->max_side);
    png_set_chunk_malloc_max(png, settings->max_png_chunk);
    png_set_chunk_cache_max(png, 1000);
    png_init_io(png, file);
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    report->source_width = width;
    report->source_height = height;
    if ((unsigned long long)width * height > settings->max_pixels) {
        snprintf(text, sizeof(text), "%ux%u pixels is over the limit of %llu", (unsigned)width, (unsigned)height,
                 settings->max_pixels);
        acervo_imaging_set_message(report, text);
        state.status = CAcervoImaging_normalize_refused;
        png_longjmp(png, 1);
    }
    int color_type = png_get_color_type(png, info);
    int bit_depth = png_get_bit_depth(png, info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    /* Scale, not strip: 0xFFFF must become 0xFF and 0x8080 0x80, rounded. */
    if (bit_depth == 16) png_set_scale_16(png);
    int interlaced = png_get_interlace_type(png, info) == PNG_INTERLACE_ADAM7;
    int passes = interlaced ? png_set_interlace_handling(png) : 1;
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    if (channels < 1 || channels > 4 || rowbytes != (size_t)width * (size_t)channels) {
        acervo_imaging_set_message(report, "unexpected PNG layout after expansion");
        state.status = CAcervoImaging_normalize_unsupported;
        png_longjmp(png, 1);
    }

    png_charp icc_name = NULL;
    int compression = 0;
    png_bytep icc = NULL;
    png_uint_32 icc_len = 0;
    if (png_get_iCCP(png, info, &icc_name, &compression, &icc, &icc_len) && icc != NULL && icc_len > 0) {
        out->icc = malloc(icc_len);
        if (out->icc != NULL) {
            memcpy(out->icc, icc, icc_len);
            out->icc_len = icc_len;
        }
    }
    png_uint_32 exif_len = 0;
    png_bytep exif = NULL;
    out->orientation = 1;
#ifdef PNG_eXIf_SUPPORTED
    if (png_get_eXIf_1(png, info, &exif_len, &exif) && exif != NULL) {
        out->orientation = CAcervoImaging_exif_orientation(exif, exif_len);
    }
#endif

    unsigned int tw, th;
    acervo_imaging_fit(width, height, settings->max_dimension, &tw, &th);
    out->canvas.width = tw;
    out->canvas.height = th;
    out->canvas.channels = channels;
    resampler = calloc(1, sizeof(acervo_imaging_resampler));
    if (resampler == NULL || acervo_imaging_resampler_init(resampler, width, height, &out->canvas) != 0) {
        acervo_imaging_set_message(report, "out of memory for the resampler");
        state.status = CAcervoImaging_normalize_no_memory;
        if (resampler != NULL) acervo_imaging_resampler_free(resampler);
        png_longjmp(png, 1);
    }
    resampling = 1;
    if (interlaced) {
        /* Adam7 spreads every row over seven passes: the whole image has to be held, within the limit. */
        unsigned long long need = (unsigned long long)rowbytes * height;
        if (need > settings->max_decoder_memory) {
            snprintf(text, sizeof(text), "an interlaced %ux%u PNG needs %llu MB, over the %llu MB limit",
                     (unsigned)width, (unsigned)height, need >> 20, settings->max_decoder_memory >> 20);
            acervo_imaging_set_message(report, text);
            state.status = CAcervoImaging_normalize_refused;
            png_longjmp(png, 1);
        }
        whole = malloc((size_t)need);
        if (whole == NULL) {
            acervo_imaging_set_message(report, "out of memory for an interlaced PNG");
            state.status = CAcervoImaging_normalize_no_memory;
            png_longjmp(png, 1);
        }
        for (int pass = 0; pass < passes; pass++) {
            for (png_uint_32 y = 0; y < height; y++) png_read_row(png, whole + (size_t)y * rowbytes, NULL);
        }
        for (png_uint_32 y = 0; y < height; y++) acervo_imaging_resampler_push(resampler, whole + (size_t)y * rowbytes);
        free(whole);
        whole = NULL;
    } else {
        row = malloc(rowbytes);
        if (row == NULL) {
            acervo_imaging_set_message(report, "out of memory for a row");
            state.status = CAcervoImaging_normalize_no_memory;
            png_longjmp(png, 1);
        }
        for (png_uint_32 y = 0; y < height; y++) {
            png_read_row(png, row, NULL);
            acervo_imaging_resampler_push(resampler, row);
        }
    }
    /* Reading to IEND finds truncation and CRC errors after the pixels. */
    png_read_end(png, NULL);
    resampling = 0;
    acervo_imaging_resampler_free(resampler);
    free(resampler);
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(file);
    report->channels = channels;
    report->warnings = state.errors.warnings;
    return CAcervoImaging_normalize_ok;
}
