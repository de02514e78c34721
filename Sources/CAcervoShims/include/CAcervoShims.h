#ifndef ACERVO_SHIMS_H
#define ACERVO_SHIMS_H

#include <stddef.h>

/* What a header probe learnt about an image, before any pixel is decoded. */
typedef struct CAcervoShims_image_info {
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
} CAcervoShims_image_info;

/* Status codes of the probes. */
enum {
    CAcervoShims_probe_ok = 0,
    /* The library refused the data; the message says why. */
    CAcervoShims_probe_error = 1,
    /* The library could not allocate its state. */
    CAcervoShims_probe_no_memory = 2
};

/*
 * Reads the header of a JPEG held in memory (through the first SOS) with libjpeg. Errors never exit
 * or print: they longjmp back here and come out as CAcervoShims_probe_error with the library's
 * message in msg (NUL-terminated, at most msglen bytes). Warnings are captured into msg too, while
 * the result stays ok.
 */
int CAcervoShims_jpeg_probe(const unsigned char *data, size_t len, CAcervoShims_image_info *out,
                            char *msg, size_t msglen);

/*
 * Reads the signature and IHDR of a PNG held in memory with libpng, refusing dimensions over
 * max_width x max_height (png_set_user_limits). Errors longjmp back here and come out as
 * CAcervoShims_probe_error with libpng's message in msg.
 */
int CAcervoShims_png_probe(const unsigned char *data, size_t len, unsigned int max_width,
                           unsigned int max_height, CAcervoShims_image_info *out, char *msg,
                           size_t msglen);

#include "CAcervoShims_imaging.h"

/*
 * Keeps glibc's malloc from returning memory to the kernel between the files of a batch (a larger top
 * pad and trim threshold), so worker arenas do not shrink and regrow around every file, and serves
 * blocks up to 128 MB (a progressive photo's coefficient buffers) from the arenas instead of fresh
 * mappings, so the next photo reuses them. A no-op where malloc is not glibc's.
 */
void CAcervoShims_tune_malloc_for_batches(void);

/*
 * Turns direct I/O on or off for an open file (O_DIRECT on Linux): writes then go from the caller's
 * buffer to the device without passing through the page cache. Writes under direct I/O must use
 * buffers, lengths and file offsets aligned to CAcervoShims_direct_io_alignment. Returns 0, or -1
 * with errno set where the system or file system does not offer it.
 */
int CAcervoShims_set_direct_io(int fd, int on);

/* The alignment asked of direct I/O buffers, lengths and offsets: a page, which covers every device. */
enum { CAcervoShims_direct_io_alignment = 4096 };

#endif
