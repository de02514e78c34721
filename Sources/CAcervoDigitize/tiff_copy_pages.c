#include "CAcervoDigitize.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

/*
 * Copies some directories of a TIFF into a new TIFF without decoding them: every tag that describes the
 * image is set again, and every strip or tile is read and written raw, so the pages keep their bytes and
 * their compression (a CCITT G4 page stays the same G4 data; a JPEG-in-TIFF page keeps its lossy source,
 * which the quality gate still sees). Old-style JPEG (compression 6) cannot be written again and is
 * refused.
 */

typedef struct {
    char *msg;
    size_t msglen;
    int failed;
} copy_messages;

static int copy_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    copy_messages *m = user;
    if (m != NULL && !m->failed && m->msglen > 0) {
        char text[400];
        vsnprintf(text, sizeof text, fmt, ap);
        snprintf(m->msg, m->msglen, "%s%s%s", module ? module : "", module ? ": " : "", text);
    }
    if (m != NULL) m->failed = 1;
    return 1;
}

static int quiet_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif; (void)user; (void)module; (void)fmt; (void)ap;
    return 1;
}

static void say(copy_messages *m, const char *text) {
    if (!m->failed && m->msglen > 0) snprintf(m->msg, m->msglen, "%s", text);
    m->failed = 1;
}

#define COPY_U16(tag)                                                   \
    do {                                                                \
        uint16_t v16;                                                   \
        if (TIFFGetField(in, tag, &v16)) TIFFSetField(out, tag, v16);   \
    } while (0)
#define COPY_U32(tag)                                                   \
    do {                                                                \
        uint32_t v32;                                                   \
        if (TIFFGetField(in, tag, &v32)) TIFFSetField(out, tag, v32);   \
    } while (0)
#define COPY_FLOAT(tag)                                                 \
    do {                                                                \
        float vf;                                                       \
        if (TIFFGetField(in, tag, &vf)) TIFFSetField(out, tag, vf);     \
    } while (0)

static int copy_directory(TIFF *in, TIFF *out, copy_messages *m, uint64_t file_size) {
    uint16_t compression = COMPRESSION_NONE;
    TIFFGetFieldDefaulted(in, TIFFTAG_COMPRESSION, &compression);
    if (compression == COMPRESSION_OJPEG) {
        say(m, "old-style JPEG (compression 6) cannot be copied");
        return -1;
    }
    COPY_U32(TIFFTAG_IMAGEWIDTH);
    COPY_U32(TIFFTAG_IMAGELENGTH);
    COPY_U16(TIFFTAG_BITSPERSAMPLE);
    COPY_U16(TIFFTAG_SAMPLESPERPIXEL);
    COPY_U16(TIFFTAG_SAMPLEFORMAT);
    TIFFSetField(out, TIFFTAG_COMPRESSION, compression);
    COPY_U16(TIFFTAG_PHOTOMETRIC);
    COPY_U16(TIFFTAG_FILLORDER);
    COPY_U16(TIFFTAG_PLANARCONFIG);
    COPY_U16(TIFFTAG_ORIENTATION);
    COPY_FLOAT(TIFFTAG_XRESOLUTION);
    COPY_FLOAT(TIFFTAG_YRESOLUTION);
    COPY_U16(TIFFTAG_RESOLUTIONUNIT);
    if (compression == COMPRESSION_CCITTFAX3) COPY_U32(TIFFTAG_GROUP3OPTIONS);
    if (compression == COMPRESSION_CCITTFAX4) COPY_U32(TIFFTAG_GROUP4OPTIONS);
    if (compression == COMPRESSION_LZW || compression == COMPRESSION_ADOBE_DEFLATE ||
        compression == COMPRESSION_DEFLATE) COPY_U16(TIFFTAG_PREDICTOR);
    {
        uint16_t count = 0, *samples = NULL;
        if (TIFFGetField(in, TIFFTAG_EXTRASAMPLES, &count, &samples) && count > 0)
            TIFFSetField(out, TIFFTAG_EXTRASAMPLES, count, samples);
    }
    {
        uint16_t *red = NULL, *green = NULL, *blue = NULL;
        if (TIFFGetField(in, TIFFTAG_COLORMAP, &red, &green, &blue)) TIFFSetField(out, TIFFTAG_COLORMAP, red, green, blue);
    }
    {
        uint32_t count = 0;
        void *profile = NULL;
        if (TIFFGetField(in, TIFFTAG_ICCPROFILE, &count, &profile) && count > 0)
            TIFFSetField(out, TIFFTAG_ICCPROFILE, count, profile);
    }
    if (compression == COMPRESSION_JPEG) {
        uint32_t count = 0;
        void *tables = NULL;
        if (TIFFGetField(in, TIFFTAG_JPEGTABLES, &count, &tables) && count > 0)
            TIFFSetField(out, TIFFTAG_JPEGTABLES, count, tables);
        uint16_t h = 2, v = 2;
        if (TIFFGetField(in, TIFFTAG_YCBCRSUBSAMPLING, &h, &v)) TIFFSetField(out, TIFFTAG_YCBCRSUBSAMPLING, h, v);
    }
    int tiled = TIFFIsTiled(in);
    uint64_t *counts = NULL;
    if (tiled) {
        COPY_U32(TIFFTAG_TILEWIDTH);
        COPY_U32(TIFFTAG_TILELENGTH);
        if (!TIFFGetField(in, TIFFTAG_TILEBYTECOUNTS, &counts)) counts = NULL;
    } else {
        COPY_U32(TIFFTAG_ROWSPERSTRIP);
        if (!TIFFGetField(in, TIFFTAG_STRIPBYTECOUNTS, &counts)) counts = NULL;
    }
    uint32_t pieces = tiled ? TIFFNumberOfTiles(in) : TIFFNumberOfStrips(in);
    if (counts == NULL || pieces == 0) {
        say(m, "no strip or tile byte counts");
        return -1;
    }
    uint64_t largest = 0;
    for (uint32_t i = 0; i < pieces; i++) {
        if (counts[i] > file_size) {
            say(m, "a strip or tile lies past the end of the file");
            return -1;
        }
        if (counts[i] > largest) largest = counts[i];
    }
    unsigned char *buffer = malloc(largest > 0 ? (size_t)largest : 1);
    if (buffer == NULL) {
        say(m, "out of memory");
        return -1;
    }
    int status = 0;
    for (uint32_t i = 0; i < pieces && status == 0; i++) {
        tmsize_t size = (tmsize_t)counts[i];
        tmsize_t got = tiled ? TIFFReadRawTile(in, i, buffer, size) : TIFFReadRawStrip(in, i, buffer, size);
        if (got != size) {
            say(m, "a strip or tile cannot be read");
            status = -1;
            break;
        }
        tmsize_t put = tiled ? TIFFWriteRawTile(out, i, buffer, size) : TIFFWriteRawStrip(out, i, buffer, size);
        if (put != size) {
            say(m, "a strip or tile cannot be written");
            status = -1;
        }
    }
    free(buffer);
    if (status == 0 && !TIFFWriteDirectory(out)) {
        say(m, "the directory cannot be written");
        status = -1;
    }
    return status;
}

int CAcervoDigitize_tiff_copy_pages(const char *source, const char *target, unsigned int first, unsigned int last,
                                    unsigned long long source_size, char *msg, size_t msglen) {
    copy_messages m = {msg, msglen, 0};
    if (msglen > 0) msg[0] = 0;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) return -1;
    TIFFOpenOptionsSetErrorHandlerExtR(options, copy_error, &m);
    TIFFOpenOptionsSetWarningHandlerExtR(options, quiet_warning, NULL);
    TIFF *in = TIFFOpenExt(source, "rm", options);
    if (in == NULL) {
        TIFFOpenOptionsFree(options);
        say(&m, "the source cannot be opened");
        return -1;
    }
    /* BigTIFF only when the source is one: the copy is never larger than its source. */
    TIFF *out = TIFFOpenExt(target, TIFFIsBigEndian(in) ? (TIFFIsBigTIFF(in) ? "w8b" : "wb") : (TIFFIsBigTIFF(in) ? "w8l" : "wl"),
                            options);
    int status = out == NULL ? -1 : 0;
    if (out == NULL) say(&m, "the copy cannot be created");
    for (unsigned int page = first; status == 0 && page <= last; page++) {
        if (!TIFFSetDirectory(in, (tdir_t)page)) {
            say(&m, "the page is not in the file");
            status = -1;
            break;
        }
        status = copy_directory(in, out, &m, source_size);
    }
    if (out != NULL) TIFFClose(out);
    TIFFClose(in);
    TIFFOpenOptionsFree(options);
    return status == 0 && !m.failed ? 0 : -1;
}
