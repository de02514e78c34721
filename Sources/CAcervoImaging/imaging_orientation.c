#include "imaging_internal.h"

#include <string.h>

static unsigned int read16(const unsigned char *p, int little) {
    return little ? (unsigned int)(p[0] | p[1] << 8) : (unsigned int)(p[0] << 8 | p[1]);
}

static unsigned long read32(const unsigned char *p, int little) {
    return little ? ((unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24)
                  : ((unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | (unsigned long)p[3]);
}

int CAcervoImaging_exif_orientation(const unsigned char *tiff, size_t len) {
    if (tiff == NULL || len < 8) return 1;
    int little;
    if (tiff[0] == 'I' && tiff[1] == 'I') little = 1;
    else if (tiff[0] == 'M' && tiff[1] == 'M') little = 0;
    else return 1;
    if (read16(tiff + 2, little) != 42) return 1;
    unsigned long ifd = read32(tiff + 4, little);
    /* Only IFD0 counts: a thumbnail's IFD1 or a maker note may carry orientations of their own. */
    if (ifd > len - 2) return 1;
    unsigned int entries = read16(tiff + ifd, little);
    for (unsigned int i = 0; i < entries; i++) {
        size_t at = (size_t)ifd + 2 + (size_t)i * 12;
        if (at + 12 > len) return 1;
        if (read16(tiff + at, little) != 0x0112) continue;
        if (read16(tiff + at + 2, little) != 3) return 1;
        unsigned int value = read16(tiff + at + 8, little);
        return value >= 1 && value <= 8 ? (int)value : 1;
    }
    return 1;
}

void acervo_imaging_upright_size(const acervo_imaging_canvas *c, int orientation, unsigned int *w, unsigned int *h) {
    if (orientation >= 5 && orientation <= 8) {
        *w = c->height;
        *h = c->width;
    } else {
        *w = c->width;
        *h = c->height;
    }
}

/*
 * For each upright pixel (x, y), the stored pixel it shows: orientations 5-8 walk a stored column.
 * The small canvas is read in place, so turning it upright costs no second copy.
 */
void acervo_imaging_upright_row(const acervo_imaging_canvas *c, int orientation, unsigned int y, unsigned char *dst) {
    const size_t ch = (size_t)c->channels;
    const size_t sw = c->width, sh = c->height;
    const unsigned char *px = c->pixels;
    unsigned int uw, uh;
    acervo_imaging_upright_size(c, orientation, &uw, &uh);
    if (orientation < 1 || orientation > 8) orientation = 1;
    if (orientation == 1) {
        memcpy(dst, px + (size_t)y * sw * ch, sw * ch);
        return;
    }
    for (size_t x = 0; x < uw; x++) {
        size_t sx, sy;
        switch (orientation) {
        case 2: sx = sw - 1 - x; sy = y; break;
        case 3: sx = sw - 1 - x; sy = sh - 1 - y; break;
        case 4: sx = x; sy = sh - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = sh - 1 - x; break;
        case 7: sx = sw - 1 - y; sy = sh - 1 - x; break;
        default: sx = sw - 1 - y; sy = x; break; /* 8 */
        }
        memcpy(dst + x * ch, px + (sy * sw + sx) * ch, ch);
    }
}
