#include "imaging_internal.h"
#include "jpeg_errors.h"
#include "CAcervoImaging_png_errors.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <png.h>

static void set_msg(char *msg, size_t msglen, const char *text) {
    if (msg != NULL && msglen > 0) snprintf(msg, msglen, "%s", text);
}

/* Flattens straight alpha on white: the derivative is opaque. */
static void flatten(const unsigned char *src, int ch, size_t width, unsigned char *dst) {
    const int colours = ch - 1;
    for (size_t x = 0; x < width; x++) {
        unsigned int a = src[x * (size_t)ch + (size_t)colours];
        for (int c = 0; c < colours; c++) {
            unsigned int v = src[x * (size_t)ch + (size_t)c];
            dst[x * (size_t)colours + (size_t)c] = (unsigned char)((v * a + 255u * (255u - a) + 127u) / 255u);
        }
    }
}

int CAcervoImaging_encode_jpeg(const char *path, unsigned int width, unsigned int height, int components,
                               int quality, int progressive, CAcervoImaging_row_source rows, const void *ctx,
                               const unsigned char *icc, size_t icc_len, const unsigned char *exif,
                               size_t exif_len, char *msg, size_t msglen) {
    J_COLOR_SPACE space = components == 1 ? JCS_GRAYSCALE : components == 4 ? JCS_CMYK : JCS_RGB;
    struct jpeg_compress_struct cinfo;
    acervo_jpeg_errors err;
    FILE *volatile file = NULL;
    unsigned char *volatile row = NULL;
    volatile int created = 0;

    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = acervo_jpeg_errors_init(&err, msg, msglen, 0);
    if (setjmp(err.jump)) {
        if (created) jpeg_destroy_compress(&cinfo);
        if (file != NULL) fclose(file);
        free(row);
        remove(path);
        /* The rows are already decoded: whatever stops the encoder is on the writing side. */
        return CAcervoImaging_normalize_write_failed;
    }
    row = malloc((size_t)width * (size_t)components);
    if (row == NULL) {
        set_msg(msg, msglen, "out of memory for a JPEG row");
        return CAcervoImaging_normalize_no_memory;
    }
    file = fopen(path, "wb");
    if (file == NULL) {
        set_msg(msg, msglen, "cannot create the output file");
        free(row);
        return CAcervoImaging_normalize_write_failed;
    }
    jpeg_create_compress(&cinfo);
    created = 1;
    jpeg_stdio_dest(&cinfo, file);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = components;
    cinfo.in_color_space = space;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (progressive) jpeg_simple_progression(&cinfo);
    /* No JFIF density claims and nothing else: the derivative carries colour only. */
    jpeg_start_compress(&cinfo, TRUE);
    if (exif != NULL && exif_len > 0 && exif_len < 65000) {
        unsigned char *app1 = malloc(exif_len + 6);
        if (app1 != NULL) {
            memcpy(app1, "Exif\0\0", 6);
            memcpy(app1 + 6, exif, exif_len);
            jpeg_write_marker(&cinfo, JPEG_APP0 + 1, app1, (unsigned int)(exif_len + 6));
            free(app1);
        }
    }
    if (icc != NULL && icc_len > 0) jpeg_write_icc_profile(&cinfo, icc, (unsigned int)icc_len);
    while (cinfo.next_scanline < height) {
        rows(ctx, cinfo.next_scanline, row);
        JSAMPROW rp = row;
        jpeg_write_scanlines(&cinfo, &rp, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    created = 0;
    free(row);
    row = NULL;
    int failed = ferror(file) != 0;
    if (fclose(file) != 0) failed = 1;
    file = NULL;
    if (failed) {
        remove(path);
        set_msg(msg, msglen, "writing the output file failed");
        return CAcervoImaging_normalize_write_failed;
    }
    return CAcervoImaging_normalize_ok;
}

/* Upright rows of a canvas, flattened when the JPEG cannot carry alpha. */
struct canvas_rows {
    const acervo_imaging_canvas *canvas;
    int orientation;
    unsigned char *scratch;
};

static void canvas_row(const void *ctx, unsigned int y, unsigned char *dst) {
    const struct canvas_rows *rows = ctx;
    if (rows->scratch == NULL) {
        acervo_imaging_upright_row(rows->canvas, rows->orientation, y, dst);
        return;
    }
    unsigned int w, h;
    acervo_imaging_upright_size(rows->canvas, rows->orientation, &w, &h);
    acervo_imaging_upright_row(rows->canvas, rows->orientation, y, rows->scratch);
    flatten(rows->scratch, rows->canvas->channels, w, dst);
}

int acervo_imaging_write_jpeg(const acervo_imaging_canvas *c, int orientation, const char *path, int quality,
                       const unsigned char *icc, size_t icc_len, char *msg, size_t msglen) {
    unsigned int w, h;
    acervo_imaging_upright_size(c, orientation, &w, &h);
    struct canvas_rows rows = { c, orientation, NULL };
    int alpha = c->channels == 2 || c->channels == 4;
    if (alpha) {
        rows.scratch = malloc((size_t)w * (size_t)c->channels);
        if (rows.scratch == NULL) {
            set_msg(msg, msglen, "out of memory for a row");
            return CAcervoImaging_normalize_no_memory;
        }
    }
    int components = c->channels - alpha;
    int status = CAcervoImaging_encode_jpeg(path, w, h, components, quality, 0, canvas_row, &rows, icc, icc_len,
                                            NULL, 0, msg, msglen);
    free(rows.scratch);
    return status;
}

int CAcervoImaging_encode_png(const char *path, unsigned int width, unsigned int height, int color_type,
                              int bit_depth, int interlace, const unsigned char *palette, int palette_entries,
                              const unsigned char *trns, int trns_count, size_t rowbytes,
                              CAcervoImaging_row_source rows, const void *ctx, const unsigned char *icc,
                              size_t icc_len, char *msg, size_t msglen) {
    /* Errors jump back with the message; warnings are dropped. */
    acervo_imaging_png_errors errors;
    FILE *volatile file = NULL;
    unsigned char *volatile row = NULL;
    png_structp png = NULL;
    png_infop info = NULL;
    volatile png_infop volatile_info = NULL;

    file = fopen(path, "wb");
    if (file == NULL) {
        set_msg(msg, msglen, "cannot create the output file");
        return CAcervoImaging_normalize_write_failed;
    }
    acervo_imaging_png_errors_init(&errors, msg, msglen, 0);
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, acervo_imaging_png_error, acervo_imaging_png_warning);
    if (png == NULL) {
        fclose(file);
        remove(path);
        return CAcervoImaging_normalize_no_memory;
    }
    info = png_create_info_struct(png);
    volatile_info = info;
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        png_infop failed = volatile_info;
        png_destroy_write_struct(&png, &failed);
        fclose(file);
        free(row);
        remove(path);
        return CAcervoImaging_normalize_write_failed;
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (palette != NULL && palette_entries > 0) {
        png_color colours[256];
        for (int i = 0; i < palette_entries && i < 256; i++) {
            colours[i].red = palette[i * 3];
            colours[i].green = palette[i * 3 + 1];
            colours[i].blue = palette[i * 3 + 2];
        }
        png_set_PLTE(png, info, colours, palette_entries > 256 ? 256 : palette_entries);
    }
    if (trns != NULL && trns_count > 0) png_set_tRNS(png, info, trns, trns_count, NULL);
    if (icc != NULL && icc_len > 0) png_set_iCCP(png, info, "icc", PNG_COMPRESSION_TYPE_BASE, icc, (png_uint_32)icc_len);
    png_write_info(png, info);
    row = malloc(rowbytes);
    if (row == NULL) png_error(png, "out of memory for a PNG row");
    int passes = interlace ? png_set_interlace_handling(png) : 1;
    for (int pass = 0; pass < passes; pass++) {
        for (unsigned int y = 0; y < height; y++) {
            rows(ctx, y, row);
            png_write_row(png, row);
        }
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    row = NULL;
    int failed = ferror(file) != 0;
    if (fclose(file) != 0) failed = 1;
    if (failed) {
        remove(path);
        set_msg(msg, msglen, "writing the output file failed");
        return CAcervoImaging_normalize_write_failed;
    }
    return CAcervoImaging_normalize_ok;
}

int acervo_imaging_write_png(const acervo_imaging_canvas *c, int orientation, const char *path,
                      const unsigned char *icc, size_t icc_len, char *msg, size_t msglen) {
    unsigned int w, h;
    acervo_imaging_upright_size(c, orientation, &w, &h);
    static const int types[] = { 0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                 PNG_COLOR_TYPE_RGB_ALPHA };
    struct canvas_rows rows = { c, orientation, NULL };
    return CAcervoImaging_encode_png(path, w, h, types[c->channels], 8, 0, NULL, 0, NULL, 0,
                                     (size_t)w * (size_t)c->channels, canvas_row, &rows, icc, icc_len, msg, msglen);
}

/* An encoder kept open while the decoder runs: each call sets its own jump point. */
struct acervo_imaging_jpeg_sink {
    struct jpeg_compress_struct cinfo;
    acervo_jpeg_errors err;
    FILE *file;
    char *path;
    int failed;
    int created;
};

acervo_imaging_jpeg_sink *acervo_imaging_jpeg_sink_open(const char *path, unsigned int width, unsigned int height, int channels,
                                          int quality, const unsigned char *icc, size_t icc_len, char *msg,
                                          size_t msglen) {
    if (channels != 1 && channels != 3) return NULL;
    acervo_imaging_jpeg_sink *volatile sink = calloc(1, sizeof(acervo_imaging_jpeg_sink));
    if (sink == NULL) return NULL;
    sink->path = strdup(path);
    sink->file = fopen(path, "wb");
    if (sink->path == NULL || sink->file == NULL) {
        if (sink->file != NULL) fclose(sink->file);
        free(sink->path);
        free(sink);
        return NULL;
    }
    sink->cinfo.err = acervo_jpeg_errors_init(&sink->err, msg, msglen, 0);
    if (setjmp(sink->err.jump)) {
        sink->failed = 1;
        acervo_imaging_jpeg_sink_close(sink, 1);
        return NULL;
    }
    jpeg_create_compress(&sink->cinfo);
    sink->created = 1;
    jpeg_stdio_dest(&sink->cinfo, sink->file);
    sink->cinfo.image_width = width;
    sink->cinfo.image_height = height;
    sink->cinfo.input_components = channels;
    sink->cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&sink->cinfo);
    jpeg_set_quality(&sink->cinfo, quality, TRUE);
    jpeg_start_compress(&sink->cinfo, TRUE);
    if (icc != NULL && icc_len > 0) jpeg_write_icc_profile(&sink->cinfo, icc, (unsigned int)icc_len);
    return sink;
}

void acervo_imaging_jpeg_sink_row(acervo_imaging_jpeg_sink *sink, const unsigned char *row) {
    if (sink->failed || sink->cinfo.next_scanline >= sink->cinfo.image_height) return;
    if (setjmp(sink->err.jump)) {
        sink->failed = 1;
        return;
    }
    JSAMPROW rp = (JSAMPROW)row;
    jpeg_write_scanlines(&sink->cinfo, &rp, 1);
}

int acervo_imaging_jpeg_sink_close(acervo_imaging_jpeg_sink *sink, int abandon) {
    volatile int status = CAcervoImaging_normalize_ok;
    if (!abandon && !sink->failed && sink->cinfo.next_scanline < sink->cinfo.image_height) {
        set_msg(sink->err.message, sink->err.message_len, "the encoder got fewer rows than the image has");
        sink->failed = 1;
    }
    if (!abandon && !sink->failed) {
        if (setjmp(sink->err.jump)) {
            sink->failed = 1;
        } else {
            jpeg_finish_compress(&sink->cinfo);
        }
    }
    if (sink->created) jpeg_destroy_compress(&sink->cinfo);
    int io_failed = ferror(sink->file) != 0;
    if (fclose(sink->file) != 0) io_failed = 1;
    /* The encoder only ever sees decoded rows: whatever stops it is on the writing side. */
    if (sink->failed) status = CAcervoImaging_normalize_write_failed;
    else if (io_failed) {
        set_msg(sink->err.message, sink->err.message_len, "writing the output file failed");
        status = CAcervoImaging_normalize_write_failed;
    }
    if (abandon || status != CAcervoImaging_normalize_ok) remove(sink->path);
    free(sink->path);
    free(sink);
    return abandon ? CAcervoImaging_normalize_ok : status;
}
