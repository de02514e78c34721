#ifndef ACERVO_CTIFF_SHIM_H
#define ACERVO_CTIFF_SHIM_H
#include <tiffio.h>
#endif
