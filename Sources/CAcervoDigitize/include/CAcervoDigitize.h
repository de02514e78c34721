#ifndef ACERVO_CACERVODIGITIZE_H
#define ACERVO_CACERVODIGITIZE_H

#include <stddef.h>

/// Colour of a page's pixels, as the digitization module holds them.
enum {
    CAcervoDigitize_bitonal = 0,   /* 1 bit per pixel, packed, most significant bit first, 1 = black */
    CAcervoDigitize_greyscale = 1, /* 8 bits per pixel, 0 = black */
    CAcervoDigitize_rgb = 2,       /* 8 bits per sample, 3 samples per pixel */
};

/// Writes one page's pixels as a lossless PNG at `fd` (an open, empty, writable file): the same pixels,
/// the resolution in pHYs, an sRGB chunk for colour, and `xmp` (UTF-8, `xmp_len` bytes) as the
/// `XML:com.adobe.xmp` iTXt chunk. Returns 0, or -1 with a message in `msg` (libpng's, or what failed);
/// libpng's errors are caught here (setjmp), never reaching the caller.
int CAcervoDigitize_png_write_page(int fd, const unsigned char *pixels, size_t bytes_per_row,
                                   unsigned int width, unsigned int height, int colour,
                                   unsigned int pixels_per_metre_x, unsigned int pixels_per_metre_y,
                                   const char *xmp, size_t xmp_len, char *msg, size_t msglen);

/// Copies directories `first`...`last` (from 0) of the TIFF at `source` (`source_size` bytes) into a new
/// TIFF at `target` without decoding them: the tags that describe each image are set again and every
/// strip or tile is copied raw, so each page keeps its bytes and compression. Returns 0, or -1 with a
/// message in `msg` (libtiff's, or what failed); old-style JPEG (compression 6) is refused.
int CAcervoDigitize_tiff_copy_pages(const char *source, const char *target, unsigned int first, unsigned int last,
                                    unsigned long long source_size, char *msg, size_t msglen);

/// The first occurrence of `needle` (`needle_len` bytes) in `haystack` (`haystack_len` bytes), or NULL:
/// glibc's memmem, which Swift's Glibc module does not import. For finding a signature dictionary in a
/// written PDF at the speed of a read.
const void *CAcervoDigitize_find_bytes(const void *haystack, size_t haystack_len, const void *needle,
                                       size_t needle_len);

#endif
