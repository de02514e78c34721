#ifndef ACERVO_CTESSERACT_SHIM_H
#define ACERVO_CTESSERACT_SHIM_H
// Tesseract's C API and the Leptonica image type it reads pages from.
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#endif
