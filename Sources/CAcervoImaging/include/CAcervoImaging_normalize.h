#ifndef CACERVO_IMAGING_NORMALIZE_H
#define CACERVO_IMAGING_NORMALIZE_H

#include <stddef.h>

/* How a normalization ended. */
enum {
    CAcervoImaging_normalize_ok = 0,
    /* The header asks for more than the limits allow: nothing was decoded. */
    CAcervoImaging_normalize_refused = 1,
    /* The library found the data broken. */
    CAcervoImaging_normalize_corrupt = 2,
    /* The data ends before the image does. */
    CAcervoImaging_normalize_truncated = 3,
    /* A valid image of a kind not handled (12-bit JPEG, for one). */
    CAcervoImaging_normalize_unsupported = 4,
    /* The source could not be opened or read. */
    CAcervoImaging_normalize_io = 5,
    /* An allocation failed. */
    CAcervoImaging_normalize_no_memory = 6,
    /* An output file could not be created or written (a full disk, an I/O error): a failure of the
       machine, never of the source, which may be perfectly good. */
    CAcervoImaging_normalize_write_failed = 7
};

/* Source formats the normalizer decodes. */
enum {
    CAcervoImaging_source_jpeg = 0,
    CAcervoImaging_source_png = 1
};

/* How a normalization handled colour. */
enum {
    /* The colours stay as stored: grey, RGB (with its ICC profile, when it had one). */
    CAcervoImaging_colour_as_stored = 0,
    /* CMYK converted to sRGB through the profile embedded in the file. */
    CAcervoImaging_colour_cmyk_embedded_profile = 1,
    /* CMYK with no usable embedded profile, converted to sRGB through the fallback CMYK profile. */
    CAcervoImaging_colour_cmyk_fallback_profile = 2,
    /* CMYK with no usable profile at all, converted by the plain formula (no colour management). */
    CAcervoImaging_colour_cmyk_uncalibrated = 3
};

/* What to make and what never to decode. */
typedef struct CAcervoImaging_normalize_settings {
    /* Longest side of the display image; smaller images keep their size. */
    unsigned int max_dimension;
    /* Longest side of the thumbnail (made when a thumbnail path is given). */
    unsigned int thumbnail;
    /* JPEG quality, 1...100. */
    int quality;
    /* Limits checked from the header, before any pixel is decoded. */
    unsigned long long max_pixels;
    unsigned int max_side;
    unsigned int max_scans;
    unsigned long long max_decoder_memory;
    unsigned long max_png_chunk;
    /* The CMYK ICC profile for CMYK images that carry none (or an unusable one); NULL for none. */
    const char *cmyk_profile;
} CAcervoImaging_normalize_settings;

/* What a normalization did, or why it stopped. */
typedef struct CAcervoImaging_normalize_report {
    int status;
    unsigned int source_width;
    unsigned int source_height;
    /* Size of the display image, upright. */
    unsigned int width;
    unsigned int height;
    unsigned int thumb_width;
    unsigned int thumb_height;
    /* EXIF orientation found (1 when none). */
    int orientation;
    /* The DCT scale denominator used for a JPEG (1, 2, 4 or 8). */
    int scale_denom;
    /* Channels of the decoded image: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
    int channels;
    /* 1 when an ICC profile was copied into the derivatives. */
    int icc_copied;
    /* Warnings the decoder raised (corrupt data it could read past). */
    int warnings;
    /* Progressive refinement scans Acervo's own routine decoded (jpeg_refine.c); libjpeg decoded the rest. */
    unsigned int refinement_scans;
    /* How colour was handled: one of CAcervoImaging_colour_*. */
    int colour;
    /* The description of the CMYK profile used (colour 1 or 2), NUL-terminated; empty otherwise. */
    char colour_profile[96];
    /* The error, or the first warning. */
    char message[256];
} CAcervoImaging_normalize_report;

/*
 * Decodes source (a JPEG or a PNG), shrinks it so its longest side is at most max_dimension, turns it
 * upright and writes the display image to display_path (PNG when display_png is 1, else JPEG) and,
 * when thumb_path is not NULL, a JPEG thumbnail. Only the ICC profile is carried over. Every libjpeg
 * and libpng call runs behind a setjmp guard here: nothing exits, aborts or prints.
 */
int CAcervoImaging_normalize(const char *source, int format, const char *display_path, int display_png,
                           const char *thumb_path, const CAcervoImaging_normalize_settings *settings,
                           CAcervoImaging_normalize_report *report);

/*
 * Makes the derivatives from pixels another decoder produced (HEIF through libheif): width x height
 * 8-bit samples of channels 1-4 (alpha last, straight), rows stride bytes apart, already upright.
 */
int CAcervoImaging_normalize_pixels(const unsigned char *pixels, size_t stride, unsigned int width,
                                  unsigned int height, int channels, const unsigned char *icc, size_t icc_len,
                                  const char *display_path, const char *thumb_path,
                                  const CAcervoImaging_normalize_settings *settings,
                                  CAcervoImaging_normalize_report *report);

/*
 * Decodes source into 8-bit pixels (as stored, not turned upright), shrunk to max_dimension like the
 * display image. *pixels is malloc'ed (free with CAcervoImaging_image_free); the report gives its
 * width, height and channels (width and height here are as stored).
 */
int CAcervoImaging_image_decode(const char *source, int format,
                              const CAcervoImaging_normalize_settings *settings,
                              unsigned char **pixels, CAcervoImaging_normalize_report *report);

/* Frees pixels from CAcervoImaging_image_decode. */
void CAcervoImaging_image_free(unsigned char *pixels);

/*
 * The EXIF orientation (1...8) in IFD0 of a TIFF structure (the body of an EXIF APP1 after
 * "Exif\0\0", or a PNG eXIf chunk); 1 when absent or unreadable. Reads nothing past len.
 */
int CAcervoImaging_exif_orientation(const unsigned char *tiff, size_t len);

/*
 * 1 when progressive refinement scans are decoded by Acervo's routine in this process (an x86-64 CPU
 * with a fast PDEP, and ACERVO_JPEG_REFINE is not "libjpeg"), 0 when libjpeg's own routine does it.
 */
int CAcervoImaging_jpeg_refine_in_use(void);

/* What CAcervoImaging_jpeg_coefficients found: a digest of every coefficient, and how it got them. */
typedef struct CAcervoImaging_jpeg_coefficients_report {
    unsigned long long digest;  /* FNV-1a over each component's coefficient blocks, in storage order */
    unsigned int fast_scans;    /* refinement scans decoded by Acervo's routine instead of libjpeg's */
    long warnings;              /* libjpeg warnings (corrupt data, data ending early) */
    char message[200];          /* the first warning, or why it failed */
} CAcervoImaging_jpeg_coefficients_report;

/*
 * Entropy-decodes a JPEG to its quantized DCT coefficients (no IDCT, no colour), with Acervo's
 * decoder of progressive refinement scans (fast 1) or with libjpeg's own (fast 0), for tests and
 * benchmarks that hold the two to the same result. Returns 0, or 1 when libjpeg stopped with an error.
 */
int CAcervoImaging_jpeg_coefficients(const char *path, int fast, CAcervoImaging_jpeg_coefficients_report *report);

#endif
