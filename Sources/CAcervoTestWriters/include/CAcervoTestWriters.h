#ifndef CACERVO_TEST_WRITERS_H
#define CACERVO_TEST_WRITERS_H

/*
 * JPEG and PNG files made from pixels in memory, for the tests' inputs and peers. Only the test target
 * links this module; no product ships it. The encoding itself is CAcervoImaging's.
 */

#include <stddef.h>

/*
 * Writes pixels as a JPEG: components 1 (grey), 3 (RGB) or 4 (CMYK, stored as given with an Adobe
 * marker). Returns 0 or an error status (CAcervoImaging_normalize_*), with the message in msg.
 */
int CAcervoTestWriters_jpeg_write(const char *path, const unsigned char *pixels, unsigned int width,
                                  unsigned int height, int components, int quality, int progressive,
                                  const unsigned char *exif_tiff, size_t exif_len, const unsigned char *icc,
                                  size_t icc_len, char *msg, size_t msglen);

/*
 * Writes a PNG from rows already in the file's layout: color_type and bit_depth as in the PNG
 * specification (16-bit samples big-endian), interlace 1 for Adam7, an optional palette (RGB triples)
 * and tRNS. Returns 0 or an error status.
 */
int CAcervoTestWriters_png_write(const char *path, const unsigned char *data, unsigned int width,
                                 unsigned int height, int color_type, int bit_depth, int interlace,
                                 const unsigned char *palette, int palette_entries,
                                 const unsigned char *trns, int trns_count, char *msg, size_t msglen);

#endif
