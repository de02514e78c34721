#include "CAcervoShims.h"

/* <stdlib.h> brings glibc's <features.h>, which defines __GLIBC__. */
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void CAcervoShims_tune_malloc_for_batches(void) {
#if defined(__GLIBC__)
    /* The pad also keeps a worker arena's extra heap (glibc's are at most 64 MB each) from being
     * unmapped the moment it is empty, which would undo the reuse below. */
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    /* A progressive 24 MP JPEG needs 72 MB of coefficient buffers (48 MB for luma alone). Above the
     * default threshold each is a fresh mmap, and the kernel faults in and zeroes 18,000 pages per
     * photo; from the arena, the next photo of the batch reuses them. */
    mallopt(M_MMAP_THRESHOLD, 128 << 20);
#endif
}
