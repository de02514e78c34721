#ifndef CACERVO_IMAGING_ENCODERS_H
#define CACERVO_IMAGING_ENCODERS_H

#include <stddef.h>

/* Row y of the picture being encoded, written into dst (the encoder's row, in the file's layout). */
typedef void (*CAcervoImaging_row_source)(const void *context, unsigned int y, unsigned char *dst);

/*
 * Encodes width x height rows, asked of `rows` one at a time, as a JPEG at path with libjpeg: components
 * 1 (grey), 3 (RGB) or 4 (CMYK, stored as given with an Adobe marker); an optional EXIF TIFF body and ICC
 * profile. Errors never exit or print: the file is removed and the status (one of
 * CAcervoImaging_normalize_*) says why, with the library's message in msg. The derivatives' encoder.
 */
int CAcervoImaging_encode_jpeg(const char *path, unsigned int width, unsigned int height, int components,
                               int quality, int progressive, CAcervoImaging_row_source rows, const void *context,
                               const unsigned char *icc, size_t icc_len, const unsigned char *exif,
                               size_t exif_len, char *msg, size_t msglen);

/*
 * Encodes rows of rowbytes bytes as a PNG at path with libpng: color_type and bit_depth as in the PNG
 * specification (16-bit samples big-endian), interlace 1 for Adam7, an optional palette (RGB triples),
 * tRNS and ICC profile. Errors as for CAcervoImaging_encode_jpeg.
 */
int CAcervoImaging_encode_png(const char *path, unsigned int width, unsigned int height, int color_type,
                              int bit_depth, int interlace, const unsigned char *palette, int palette_entries,
                              const unsigned char *trns, int trns_count, size_t rowbytes,
                              CAcervoImaging_row_source rows, const void *context, const unsigned char *icc,
                              size_t icc_len, char *msg, size_t msglen);

#endif
