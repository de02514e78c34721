#ifndef ACERVO_CZBARLOADER_H
#define ACERVO_CZBARLOADER_H

/*
 * zbar's image scanner, opened the first time a page is read for a cover sheet rather than when the
 * process starts (the mechanism is CAcervoLazyLoading's, as for libtesseract, libarchive and libheif).
 *
 * Debian's libzbar brings libX11, libxcb, D-Bus, libsystemd, libv4l and libgcrypt for its video and
 * window support: linked into the command, the dynamic loader would map and relocate them in every
 * process, whether it reads a cover sheet or not. This header gives zbar's declarations and, for each
 * function Acervo calls, a forwarder under this module's prefix (CZbarLoader_zbar_scan_image for
 * zbar_scan_image) that opens libzbar.so.0 once per process.
 *
 * When the library cannot be opened, CZbarLoader_failure() says why and the functions answer as zbar
 * does on failure: NULL for constructors, -1 for status codes, 0 for the rest. Swift checks
 * CZbarLoader_failure() before it reads a page.
 */

#include <zbar.h>
#include "CAcervoLazyLoading.h"

/* Every zbar function Acervo calls: return type, name, parameters, arguments, value on failure. */
#define CZbarLoader_FUNCTIONS(X, V)                                                                           \
    X(zbar_image_scanner_t *, zbar_image_scanner_create, (void), (), NULL)                                    \
    V(zbar_image_scanner_destroy, (zbar_image_scanner_t *s), (s))                                             \
    X(int, zbar_image_scanner_set_config,                                                                     \
      (zbar_image_scanner_t *s, zbar_symbol_type_t symbology, zbar_config_t config, int value),               \
      (s, symbology, config, value), -1)                                                                      \
    X(zbar_image_t *, zbar_image_create, (void), (), NULL)                                                    \
    V(zbar_image_destroy, (zbar_image_t *i), (i))                                                             \
    V(zbar_image_set_format, (zbar_image_t *i, unsigned long format), (i, format))                            \
    V(zbar_image_set_size, (zbar_image_t *i, unsigned width, unsigned height), (i, width, height))            \
    V(zbar_image_set_data, (zbar_image_t *i, const void *data, unsigned long length, zbar_image_cleanup_handler_t *cleanup), \
      (i, data, length, cleanup))                                                                             \
    X(int, zbar_scan_image, (zbar_image_scanner_t *s, zbar_image_t *i), (s, i), -1)                           \
    X(const zbar_symbol_t *, zbar_image_first_symbol, (const zbar_image_t *i), (i), NULL)                     \
    X(const zbar_symbol_t *, zbar_symbol_next, (const zbar_symbol_t *s), (s), NULL)                           \
    X(zbar_symbol_type_t, zbar_symbol_get_type, (const zbar_symbol_t *s), (s), ZBAR_NONE)                     \
    X(const char *, zbar_symbol_get_data, (const zbar_symbol_t *s), (s), NULL)                                \
    X(unsigned int, zbar_symbol_get_data_length, (const zbar_symbol_t *s), (s), 0)

#define CZbarLoader_DECLARE(ret, name, params, args, fail) CACERVO_LAZY_DECLARE(CZbarLoader, ret, name, params)
#define CZbarLoader_DECLARE_VOID(name, params, args) CACERVO_LAZY_DECLARE(CZbarLoader, void, name, params)
CZbarLoader_FUNCTIONS(CZbarLoader_DECLARE, CZbarLoader_DECLARE_VOID)

/* Why libzbar could not be opened, in English; NULL once it is open. Opens it if not yet tried. */
const char *CZbarLoader_failure(void);

/* The fourcc of 8-bit greyscale images ('Y800'), which zbar_fourcc builds as a macro. */
static inline unsigned long CZbarLoader_greyFormat(void) { return zbar_fourcc('Y', '8', '0', '0'); }

#endif
