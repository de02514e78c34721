#ifndef ACERVO_CZLIB_SHIM_H
#define ACERVO_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit is a macro over inflateInit_: give Swift a function to call. */
static inline int CZlib_inflateInit(z_streamp stream) {
    return inflateInit(stream);
}
#endif
