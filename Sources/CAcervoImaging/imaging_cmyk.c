#include "imaging_internal.h"

#include <lcms2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * CMYK to sRGB. A CMYK picture (a flyer or a contract page from a print shop, a scan saved for print)
 * has no colours of its own: its inks mean what the press profile says. The profile the file carries
 * is used when Little CMS accepts it as a CMYK input profile; otherwise the fallback profile the
 * caller names; only when neither is usable does the plain formula run, and the report says which.
 * Each conversion has its own lcms context, so workers never share lcms state and no lcms message
 * reaches stderr.
 */
struct acervo_imaging_cmyk {
    cmsContext context;
    cmsHTRANSFORM transform; /* NULL: the plain formula */
    int inverted;
};

/* Profiles larger than this are refused unread: real press profiles are well under 2 MB. */
#define IMAGING_MAX_CMYK_PROFILE (8u << 20)

static void quiet_lcms(cmsContext context, cmsUInt32Number code, const char *text) {
    (void)context;
    (void)code;
    (void)text;
}

/* A profile lcms parses, that describes CMYK data and can be a transform's input; NULL otherwise. */
static cmsHPROFILE open_cmyk_profile(cmsContext context, const void *bytes, size_t length) {
    if (bytes == NULL || length < 128 || length > IMAGING_MAX_CMYK_PROFILE) return NULL;
    /* The header's own size: a profile shorter than it says was cut, whatever lcms could still read. */
    const unsigned char *b = bytes;
    size_t declared = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | (size_t)b[3];
    if (declared < 128 || declared > length) return NULL;
    cmsHPROFILE profile = cmsOpenProfileFromMemTHR(context, bytes, (cmsUInt32Number)declared);
    if (profile == NULL) return NULL;
    if (cmsGetColorSpace(profile) != cmsSigCmykData ||
        !cmsIsIntentSupported(profile, INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_INPUT)) {
        cmsCloseProfile(profile);
        return NULL;
    }
    return profile;
}

/* The whole of a local profile file, at most IMAGING_MAX_CMYK_PROFILE bytes; NULL when it cannot be read. */
static unsigned char *read_profile_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) return NULL;
    unsigned char *bytes = NULL;
    long size = fseek(file, 0, SEEK_END) == 0 ? ftell(file) : -1;
    if (size > 0 && (unsigned long)size <= IMAGING_MAX_CMYK_PROFILE && fseek(file, 0, SEEK_SET) == 0) {
        bytes = malloc((size_t)size);
        if (bytes != NULL && fread(bytes, 1, (size_t)size, file) != (size_t)size) {
            free(bytes);
            bytes = NULL;
        }
    }
    fclose(file);
    if (bytes != NULL) *length = (size_t)size;
    return bytes;
}

/* The transform from a CMYK profile to sRGB, relative colorimetric with black point compensation: what
 * prepress tools use to show CMYK on a screen. Takes the profile; NULL when lcms cannot build it. */
static cmsHTRANSFORM srgb_transform(cmsContext context, cmsHPROFILE cmyk, int inverted, char *name, size_t namelen) {
    cmsHPROFILE srgb = cmsCreate_sRGBProfileTHR(context);
    cmsHTRANSFORM transform = NULL;
    if (srgb != NULL) {
        transform = cmsCreateTransformTHR(context, cmyk, inverted ? TYPE_CMYK_8_REV : TYPE_CMYK_8, srgb, TYPE_RGB_8,
                                          INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
        cmsCloseProfile(srgb);
    }
    if (transform != NULL && name != NULL && namelen > 0) {
        char text[96];
        cmsUInt32Number n = cmsGetProfileInfoASCII(cmyk, cmsInfoDescription, "en", "US", text, sizeof(text));
        if (n == 0) snprintf(text, sizeof(text), "unnamed CMYK profile");
        /* Only printable ASCII goes into reports: the name comes from an upload. */
        size_t o = 0;
        for (size_t i = 0; i < sizeof(text) && text[i] != '\0' && o + 1 < namelen; i++) {
            unsigned char c = (unsigned char)text[i];
            name[o++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
        }
        name[o] = '\0';
    }
    cmsCloseProfile(cmyk);
    return transform;
}

acervo_imaging_cmyk *acervo_imaging_cmyk_open(const unsigned char *icc, size_t icc_len, int inverted, const char *fallback,
                                int *colour, char *name, size_t namelen) {
    acervo_imaging_cmyk *c = calloc(1, sizeof(acervo_imaging_cmyk));
    if (c == NULL) return NULL;
    c->inverted = inverted;
    if (name != NULL && namelen > 0) name[0] = '\0';
    c->context = cmsCreateContext(NULL, NULL);
    if (c->context != NULL) {
        cmsSetLogErrorHandlerTHR(c->context, quiet_lcms);
        cmsHPROFILE embedded = open_cmyk_profile(c->context, icc, icc_len);
        if (embedded != NULL) {
            c->transform = srgb_transform(c->context, embedded, inverted, name, namelen);
            if (c->transform != NULL) *colour = CAcervoImaging_colour_cmyk_embedded_profile;
        }
        if (c->transform == NULL && fallback != NULL && fallback[0] != '\0') {
            size_t length = 0;
            unsigned char *bytes = read_profile_file(fallback, &length);
            cmsHPROFILE profile = open_cmyk_profile(c->context, bytes, length);
            free(bytes);
            if (profile != NULL) {
                c->transform = srgb_transform(c->context, profile, inverted, name, namelen);
                if (c->transform != NULL) *colour = CAcervoImaging_colour_cmyk_fallback_profile;
            }
        }
    }
    if (c->transform == NULL) {
        *colour = CAcervoImaging_colour_cmyk_uncalibrated;
        if (name != NULL && namelen > 0) name[0] = '\0';
    }
    return c;
}

void acervo_imaging_cmyk_row(acervo_imaging_cmyk *c, const unsigned char *src, unsigned char *dst, size_t width) {
    if (c->transform != NULL) {
        cmsDoTransform(c->transform, src, dst, (cmsUInt32Number)width);
        return;
    }
    /* No profile: ink coverage straight to light, K multiplied in. */
    for (size_t x = 0; x < width; x++) {
        unsigned int cy = src[x * 4], m = src[x * 4 + 1], y = src[x * 4 + 2], k = src[x * 4 + 3];
        if (!c->inverted) {
            cy = 255 - cy;
            m = 255 - m;
            y = 255 - y;
            k = 255 - k;
        }
        dst[x * 3] = (unsigned char)((cy * k + 127) / 255);
        dst[x * 3 + 1] = (unsigned char)((m * k + 127) / 255);
        dst[x * 3 + 2] = (unsigned char)((y * k + 127) / 255);
    }
}

void acervo_imaging_cmyk_close(acervo_imaging_cmyk *c) {
    if (c == NULL) return;
    if (c->transform != NULL) cmsDeleteTransform(c->transform);
    if (c->context != NULL) cmsDeleteContext(c->context);
    free(c);
}
