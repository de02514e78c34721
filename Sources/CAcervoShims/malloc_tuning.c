#include "CAcervoShims.h"

/* <stdlib.h> brings glibc's <features.h>, which defines __GLIBC__. */
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void CAcervoShims_tune_malloc_for_batches(void) {
#if defined(__GLIBC__)
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
