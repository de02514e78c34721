#ifndef ACERVO_CTESSERACTLOADER_H
#define ACERVO_CTESSERACTLOADER_H

/*
 * Tesseract's C API and the Leptonica functions that hand it a page, opened the first time a page is
 * read rather than when the process starts (the mechanism is CAcervoLazyLoading's, as for libarchive
 * and libheif).
 *
 * libtesseract brings libarchive, libcurl (and through it TLS, LDAP, SSH and HTTP/2 libraries),
 * Leptonica (and its image codecs) and libgomp: linked into the command, the dynamic loader would map
 * and relocate them in every process, whether it reads a page or not. This header gives Tesseract's and
 * Leptonica's declarations and, for each function Acervo calls, a forwarder under this module's prefix
 * (CTesseractLoader_TessBaseAPICreate for TessBaseAPICreate) that opens liblept.so.5 and libtesseract.so.5
 * once per process.
 *
 * When either library cannot be opened, CTesseractLoader_failure() says why and the functions answer as
 * they do on failure: NULL for constructors, -1 for the status codes, 0 (false) for the rest, 1 for
 * Leptonica's l_ok. Swift checks CTesseractLoader_failure() before it starts an engine.
 */

#include <stddef.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include "CAcervoLazyLoading.h"

/* Every Tesseract function Acervo calls: return type, name, parameters, arguments, value on failure. */
#define CTesseractLoader_TESSERACT_FUNCTIONS(X, V)                                                            \
    X(const char *, TessVersion, (void), (), NULL)                                                            \
    X(TessBaseAPI *, TessBaseAPICreate, (void), (), NULL)                                                     \
    V(TessBaseAPIDelete, (TessBaseAPI *h), (h))                                                               \
    V(TessBaseAPIEnd, (TessBaseAPI *h), (h))                                                                  \
    V(TessBaseAPIClear, (TessBaseAPI *h), (h))                                                                \
    X(BOOL, TessBaseAPISetVariable, (TessBaseAPI *h, const char *name, const char *value), (h, name, value), 0) \
    X(int, TessBaseAPIInit3, (TessBaseAPI *h, const char *datapath, const char *language),                    \
      (h, datapath, language), -1)                                                                            \
    V(TessBaseAPISetPageSegMode, (TessBaseAPI *h, TessPageSegMode mode), (h, mode))                           \
    V(TessBaseAPISetImage2, (TessBaseAPI *h, struct Pix *pix), (h, pix))                                      \
    V(TessBaseAPISetSourceResolution, (TessBaseAPI *h, int ppi), (h, ppi))                                    \
    X(int, TessBaseAPIRecognize, (TessBaseAPI *h, ETEXT_DESC *monitor), (h, monitor), -1)                     \
    X(TessResultIterator *, TessBaseAPIGetIterator, (TessBaseAPI *h), (h), NULL)                              \
    X(ETEXT_DESC *, TessMonitorCreate, (void), (), NULL)                                                      \
    V(TessMonitorDelete, (ETEXT_DESC *m), (m))                                                                \
    V(TessMonitorSetCancelFunc, (ETEXT_DESC *m, TessCancelFunc f), (m, f))                                    \
    V(TessMonitorSetCancelThis, (ETEXT_DESC *m, void *this_), (m, this_))                                     \
    V(TessResultIteratorDelete, (TessResultIterator *i), (i))                                                 \
    X(TessPageIterator *, TessResultIteratorGetPageIterator, (TessResultIterator *i), (i), NULL)              \
    X(char *, TessResultIteratorGetUTF8Text, (const TessResultIterator *i, TessPageIteratorLevel l), (i, l), \
      NULL)                                                                                                   \
    X(float, TessResultIteratorConfidence, (const TessResultIterator *i, TessPageIteratorLevel l), (i, l), 0) \
    X(BOOL, TessResultIteratorNext, (TessResultIterator *i, TessPageIteratorLevel l), (i, l), 0)              \
    X(BOOL, TessPageIteratorIsAtBeginningOf, (const TessPageIterator *i, TessPageIteratorLevel l), (i, l), 0) \
    X(BOOL, TessPageIteratorBoundingBox,                                                                      \
      (const TessPageIterator *i, TessPageIteratorLevel l, int *left, int *top, int *right, int *bottom),     \
      (i, l, left, top, right, bottom), 0)                                                                    \
    V(TessDeleteText, (const char *text), (text))

/* Every Leptonica function Acervo calls, in the same form. */
#define CTesseractLoader_LEPTONICA_FUNCTIONS(X, V)                                                            \
    X(PIX *, pixCreate, (l_int32 width, l_int32 height, l_int32 depth), (width, height, depth), NULL)         \
    V(pixDestroy, (PIX **pix), (pix))                                                                         \
    X(l_int32, pixGetWpl, (const PIX *pix), (pix), 0)                                                         \
    X(l_uint32 *, pixGetData, (PIX *pix), (pix), NULL)                                                        \
    X(l_ok, pixEndianByteSwap, (PIX *pix), (pix), 1)                                                          \
    X(l_ok, pixSetResolution, (PIX *pix, l_int32 xres, l_int32 yres), (pix, xres, yres), 1)

#define CTesseractLoader_DECLARE(ret, name, params, args, fail) CACERVO_LAZY_DECLARE(CTesseractLoader, ret, name, params)
#define CTesseractLoader_DECLARE_VOID(name, params, args) CACERVO_LAZY_DECLARE(CTesseractLoader, void, name, params)
CTesseractLoader_TESSERACT_FUNCTIONS(CTesseractLoader_DECLARE, CTesseractLoader_DECLARE_VOID)
CTesseractLoader_LEPTONICA_FUNCTIONS(CTesseractLoader_DECLARE, CTesseractLoader_DECLARE_VOID)

/* Why Leptonica or Tesseract could not be opened, in English; NULL once both are open. Opens them if not
 * yet tried. */
const char *CTesseractLoader_failure(void);

/*
 * Whether the opened libtesseract runs on an OpenMP runtime (Debian's links libgomp); 0 when it does not,
 * or when it could not be opened.
 */
int CTesseractLoader_has_openmp(void);

/*
 * omp_set_max_active_levels of the OpenMP runtime libtesseract was opened with, for the calling thread;
 * nothing when there is none. The runtime is opened with libtesseract, privately (RTLD_LOCAL), so it is
 * found through libtesseract, not in the process's global scope.
 */
void CTesseractLoader_omp_set_max_active_levels(int levels);

#endif
