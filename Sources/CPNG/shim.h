#ifndef ACERVO_CPNG_SHIM_H
#define ACERVO_CPNG_SHIM_H
#include <png.h>
#endif
