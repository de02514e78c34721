#ifndef ACERVO_CHEIFLOADER_H
#define ACERVO_CHEIFLOADER_H

/*
 * libheif, opened the first time a HEIF image is decoded rather than when the process starts (the
 * mechanism is CAcervoLazyLoading's, as for libarchive).
 *
 * libheif brings its codecs with it (x265, libde265, dav1d, aom and libnuma), and the dynamic loader
 * spends about 5 ms relocating and initialising them: a fifth of what `acervo sniff` or `acervo intake`
 * of a few files costs in all, paid by every process whether it meets a HEIC or not. This header gives
 * libheif's types and, for each function Acervo calls, a forwarder under this module's prefix
 * (CHeifLoader_heif_context_alloc for heif_context_alloc) that opens the library once per process.
 *
 * When the library cannot be opened, CHeifLoader_failure() says why and the functions answer as on
 * failure: NULL, 0, or a heif_error of code heif_error_Plugin_loading_error.
 */

#include <stddef.h>
#include <stdint.h>
#include <libheif/heif.h>
#include "CAcervoLazyLoading.h"

/* Every libheif function Acervo calls: return type, name, parameters, arguments, value on failure. */
#define CHeifLoader_FUNCTIONS(X, V)                                                                           \
    X(const char *, heif_get_version, (void), (), NULL)                                                       \
    X(struct heif_context *, heif_context_alloc, (void), (), NULL)                                            \
    V(heif_context_free, (struct heif_context *c), (c))                                                       \
    V(heif_context_set_maximum_image_size_limit, (struct heif_context *c, int w), (c, w))                     \
    X(struct heif_error, heif_context_read_from_file,                                                         \
      (struct heif_context *c, const char *f, const struct heif_reading_options *o), (c, f, o), unavailable)   \
    X(struct heif_error, heif_context_get_primary_image_handle,                                               \
      (struct heif_context *c, struct heif_image_handle **h), (c, h), unavailable)                            \
    V(heif_image_handle_release, (const struct heif_image_handle *h), (h))                                    \
    X(int, heif_image_handle_get_width, (const struct heif_image_handle *h), (h), 0)                          \
    X(int, heif_image_handle_get_height, (const struct heif_image_handle *h), (h), 0)                         \
    X(int, heif_image_handle_has_alpha_channel, (const struct heif_image_handle *h), (h), 0)                  \
    X(enum heif_color_profile_type, heif_image_handle_get_color_profile_type,                                 \
      (const struct heif_image_handle *h), (h), heif_color_profile_type_not_present)                          \
    X(size_t, heif_image_handle_get_raw_color_profile_size, (const struct heif_image_handle *h), (h), 0)      \
    X(struct heif_error, heif_image_handle_get_raw_color_profile, (const struct heif_image_handle *h, void *d), \
      (h, d), unavailable)                                                                                     \
    X(struct heif_error, heif_decode_image,                                                                   \
      (const struct heif_image_handle *h, struct heif_image **i, enum heif_colorspace s, enum heif_chroma c,   \
       const struct heif_decoding_options *o),                                                                \
      (h, i, s, c, o), unavailable)                                                                            \
    X(int, heif_image_get_width, (const struct heif_image *i, enum heif_channel c), (i, c), 0)                \
    X(int, heif_image_get_height, (const struct heif_image *i, enum heif_channel c), (i, c), 0)               \
    X(const uint8_t *, heif_image_get_plane_readonly, (const struct heif_image *i, enum heif_channel c,       \
      int *stride), (i, c, stride), NULL)                                                                     \
    V(heif_image_release, (const struct heif_image *i), (i))

#define CHeifLoader_DECLARE(ret, name, params, args, fail) CACERVO_LAZY_DECLARE(CHeifLoader, ret, name, params)
#define CHeifLoader_DECLARE_VOID(name, params, args) CACERVO_LAZY_DECLARE(CHeifLoader, void, name, params)
CHeifLoader_FUNCTIONS(CHeifLoader_DECLARE, CHeifLoader_DECLARE_VOID)

/* Why libheif could not be opened, in English; NULL once it is open. Opens it if not yet tried. */
const char *CHeifLoader_failure(void);

#endif
