#ifndef ACERVO_IMAGING_INTERNAL_H
#define ACERVO_IMAGING_INTERNAL_H
/* Shared by the imaging C files only; Swift never sees it. */

#include <stddef.h>
#include <stdint.h>
#include "CAcervoImaging.h"

/* Internal to the module: none of these leaves the library that links it. */
#pragma GCC visibility push(hidden)

/* A small 8-bit image held in memory: the downscaled picture, before it is turned upright. */
typedef struct acervo_imaging_canvas {
    unsigned int width;
    unsigned int height;
    int channels; /* 1, 2 (grey + alpha), 3, 4 (RGB + alpha); alpha is straight, not premultiplied */
    unsigned char *pixels;
} acervo_imaging_canvas;

/* One axis of a separable Lanczos-3 filter: for each output sample, where its taps start and their weights. */
typedef struct acervo_imaging_axis {
    int taps;
    int span; /* the most taps any output sample uses; weights past a sample's count are zero */
    int *start;
    int *count;
    float *weights; /* taps per output sample */
} acervo_imaging_axis;

/*
 * A streaming resampler: input rows are pushed one at a time, filtered horizontally into a ring of
 * intermediate rows as tall as the vertical filter, and output rows are emitted into the canvas as
 * soon as their window is complete. Only the ring and the small output stay in memory.
 */
typedef struct acervo_imaging_resampler {
    unsigned int in_width, in_height;
    acervo_imaging_canvas *out;
    int channels;
    int alpha;
    /* Floats per pixel in line and ring: 4 for RGB and RGBA (RGB gets a spare lane so that every pixel
     * is one 4-float vector), otherwise the channel count. */
    int lanes;
    acervo_imaging_axis horizontal, vertical;
    float *ring;
    int ring_rows;
    float *line;
    float *sum;
    const float **window; /* the ring rows of one output row's vertical window, in tap order */
    /* RGB(A) only: each output pixel's horizontal weights, each repeated over 4 lanes, `pairs` pairs of
     * taps per pixel (the last pair padded with zeros), so that a vector multiply needs no broadcast. */
    float *spread;
    int pairs;
    int wide; /* the CPU runs AVX2 with FMA: the RGB(A) passes use 8-float vectors */
    unsigned int rows_in;
    unsigned int rows_out;
    /* When set, each output row goes here as it is made and the canvas holds only that row. */
    void (*sink)(void *ctx, const unsigned char *row, unsigned int y);
    void *sink_ctx;
} acervo_imaging_resampler;

/* Returns 0, or -1 when memory runs out. The canvas must have its size and channels set; pixels are allocated. */
int acervo_imaging_resampler_init(acervo_imaging_resampler *r, unsigned int in_width, unsigned int in_height,
                           acervo_imaging_canvas *out);
/* The same, handing each output row to sink instead of keeping the image. */
int acervo_imaging_resampler_init_streaming(acervo_imaging_resampler *r, unsigned int in_width, unsigned int in_height,
                                     acervo_imaging_canvas *out, void (*sink)(void *ctx, const unsigned char *row, unsigned int y),
                                     void *sink_ctx);
void acervo_imaging_resampler_push(acervo_imaging_resampler *r, const unsigned char *row);
void acervo_imaging_resampler_free(acervo_imaging_resampler *r);

/* The output size for a w x h picture whose longest side may be at most longest (never upscaled). */
void acervo_imaging_fit(unsigned int w, unsigned int h, unsigned int longest, unsigned int *ow, unsigned int *oh);

/* The upright size of a stored w x h image under an EXIF orientation. */
void acervo_imaging_upright_size(const acervo_imaging_canvas *c, int orientation, unsigned int *w, unsigned int *h);
/* Row y of the upright picture (orientation applied) into dst. */
void acervo_imaging_upright_row(const acervo_imaging_canvas *c, int orientation, unsigned int y, unsigned char *dst);

/* Writes a canvas, turned upright, as a JPEG (alpha flattened on white) or a PNG. */
int acervo_imaging_write_jpeg(const acervo_imaging_canvas *c, int orientation, const char *path, int quality,
                       const unsigned char *icc, size_t icc_len, char *msg, size_t msglen);
int acervo_imaging_write_png(const acervo_imaging_canvas *c, int orientation, const char *path,
                      const unsigned char *icc, size_t icc_len, char *msg, size_t msglen);

/* What a decoder hands back: the downscaled canvas, its orientation and ICC profile (malloc'ed). */
typedef struct acervo_imaging_decoded {
    acervo_imaging_canvas canvas;
    int orientation;
    unsigned char *icc;
    size_t icc_len;
} acervo_imaging_decoded;

/* Frees a decoded image's pixels and profile and clears the pointers, so a second call is harmless. */
void acervo_imaging_decoded_free(acervo_imaging_decoded *decoded);

/*
 * Where a decoder may send its output rows instead of a canvas. begin is called once the size,
 * orientation and profile are known, before any pixel is decoded; it returns 1 to take the rows.
 */
typedef struct acervo_imaging_stream {
    int (*begin)(struct acervo_imaging_stream *stream, const acervo_imaging_canvas *shape, int orientation,
                 const unsigned char *icc, size_t icc_len);
    void (*row)(void *stream, const unsigned char *row, unsigned int y);
} acervo_imaging_stream;

/* A JPEG encoder fed one row at a time; every call is guarded by its own setjmp. */
typedef struct acervo_imaging_jpeg_sink acervo_imaging_jpeg_sink;
acervo_imaging_jpeg_sink *acervo_imaging_jpeg_sink_open(const char *path, unsigned int width, unsigned int height, int channels,
                                          int quality, const unsigned char *icc, size_t icc_len, char *msg,
                                          size_t msglen);
void acervo_imaging_jpeg_sink_row(acervo_imaging_jpeg_sink *sink, const unsigned char *row);
/* Finishes the file (or, when abandon is 1 or a row failed, removes it) and frees the sink; returns a status. */
int acervo_imaging_jpeg_sink_close(acervo_imaging_jpeg_sink *sink, int abandon);

int acervo_imaging_decode_jpeg(const char *source, const CAcervoImaging_normalize_settings *settings,
                        acervo_imaging_stream *stream, acervo_imaging_decoded *out, CAcervoImaging_normalize_report *report);
int acervo_imaging_decode_png(const char *source, const CAcervoImaging_normalize_settings *settings,
                       acervo_imaging_decoded *out, CAcervoImaging_normalize_report *report);

void acervo_imaging_set_message(CAcervoImaging_normalize_report *report, const char *text);

/*
 * CMYK rows to sRGB rows (acervo_imaging_cmyk.c). open picks the embedded profile (icc, may be NULL), else the
 * fallback profile file (may be NULL), else the plain formula, and sets *colour to the
 * CAcervoImaging_colour_* it chose and name to the profile's description; NULL only when memory runs out.
 * inverted: the samples are stored inverted, as Adobe writes CMYK JPEGs.
 */
typedef struct acervo_imaging_cmyk acervo_imaging_cmyk;
acervo_imaging_cmyk *acervo_imaging_cmyk_open(const unsigned char *icc, size_t icc_len, int inverted, const char *fallback,
                                int *colour, char *name, size_t namelen);
void acervo_imaging_cmyk_row(acervo_imaging_cmyk *c, const unsigned char *src, unsigned char *dst, size_t width);
void acervo_imaging_cmyk_close(acervo_imaging_cmyk *c);

/*
 * The state of jpeg_refine.c's decoder of progressive AC refinement scans, for one JPEG decode. The
 * decoder finds it through the decompressor's `client_data`, which must point at it.
 */
struct jpeg_decompress_struct;
#define IMAGING_REFINE_LOOKUP_BITS 9 /* longest code found by one look-up; longer ones walk the code limits */
typedef struct acervo_imaging_jpeg_refine {
    void (*library_start_pass)(struct jpeg_decompress_struct *cinfo);
    uint64_t acc;           /* bits still to read, left-aligned */
    int nbits;              /* how many of them came from the file; below zero once zeros are being read */
    int ended;              /* the scan's data has stopped at a marker (or the source could give no more) */
    unsigned int eobrun;
    unsigned long long blocks_left; /* of the scan: at the last one, unused bytes are reported */
    int Ss, Se, p1, m1;
    unsigned int scans;     /* scans it decoded, for tests and benchmarks */
    uint16_t lookup[1 << IMAGING_REFINE_LOOKUP_BITS]; /* the next bits -> (code length << 8) | symbol; 0 for longer codes */
    int32_t maxcode[18];
    int32_t valoffset[18];
    uint8_t values[256];
} acervo_imaging_jpeg_refine;

/* Puts jpeg_refine.c's routine in place of libjpeg's for the AC refinement scans still to come, with
 * the state `client_data` points at. Call it once the decompressor's modules exist (from the progress
 * monitor); it is a no-op without that state, for baseline and arithmetic-coded files, and when it
 * already took effect. */
void acervo_imaging_jpeg_refine_attach(struct jpeg_decompress_struct *cinfo);

#pragma GCC visibility pop

#endif
