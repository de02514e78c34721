#ifndef CACERVO_IMAGING_H
#define CACERVO_IMAGING_H

/*
 * Acervo's C for images: libjpeg and libpng behind setjmp guards (header probes, the normalizer's
 * decoders and encoders), the Lanczos resampler and the progressive-refinement decoder. Every symbol a
 * caller sees starts with CAcervoImaging_; the C files' shared internals (acervo_imaging_*) are hidden.
 */

#include <stddef.h>

/* What a header probe learnt about an image, before any pixel is decoded. */
typedef struct CAcervoImaging_image_info {
    unsigned int width;
    unsigned int height;
    /* Colour components (JPEG) or channels (PNG). */
    int components;
    /* 1 for a progressive JPEG or an interlaced (Adam7) PNG. */
    int progressive;
    /* libjpeg's J_COLOR_SPACE of the file, or the PNG colour type. */
    int color_space;
    /* Bits per sample (8 for JPEG). */
    int bit_depth;
} CAcervoImaging_image_info;

/* Status codes of the probes. */
enum {
    CAcervoImaging_probe_ok = 0,
    /* The library refused the data; the message says why. */
    CAcervoImaging_probe_error = 1,
    /* The library could not allocate its state. */
    CAcervoImaging_probe_no_memory = 2
};

/*
 * Reads the header of a JPEG held in memory (through the first SOS) with libjpeg. Errors never exit
 * or print: they longjmp back here and come out as CAcervoImaging_probe_error with the library's
 * message in msg (NUL-terminated, at most msglen bytes). Warnings are captured into msg too, while
 * the result stays ok.
 */
int CAcervoImaging_jpeg_probe(const unsigned char *data, size_t len, CAcervoImaging_image_info *out,
                            char *msg, size_t msglen);

/*
 * Reads the signature and IHDR of a PNG held in memory with libpng, refusing dimensions over
 * max_width x max_height (png_set_user_limits). Errors longjmp back here and come out as
 * CAcervoImaging_probe_error with libpng's message in msg.
 */
int CAcervoImaging_png_probe(const unsigned char *data, size_t len, unsigned int max_width,
                           unsigned int max_height, CAcervoImaging_image_info *out, char *msg,
                           size_t msglen);

#include "CAcervoImaging_normalize.h"
#include "CAcervoImaging_encoders.h"

#endif
