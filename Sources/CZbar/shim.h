#ifndef ACERVO_CZBAR_SHIM_H
#define ACERVO_CZBAR_SHIM_H
// zbar: finding a cover sheet's QR code in a scanned page.
#include <zbar.h>

/// The fourcc of 8-bit greyscale images ('Y800'), which zbar_fourcc builds as a macro.
static inline unsigned long CZbar_greyFormat(void) { return zbar_fourcc('Y', '8', '0', '0'); }
#endif
