#include "CAcervoSystem.h"

/* <stdlib.h> brings glibc's <features.h>, which defines __GLIBC__. */
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void CAcervoSystem_tune_malloc_for_batches(void) {
#if defined(__GLIBC__)
    /* A 64 MB pad would also keep a worker arena's extra heap from being unmapped when empty and save
     * about 5% more CPU on progressive photos, but then one batch in eight peaked 25-35 MB higher
     * (freed buffers stranded in heaps the next photo did not use): not worth the unbounded memory. */
    mallopt(M_TOP_PAD, 16 << 20);
    /* Above the two workers' coefficient buffers, so an arena keeps them between photos. */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    /* A progressive 24 MP JPEG needs 72 MB of coefficient buffers (48 MB for luma alone). Above the
     * default threshold each is a fresh mmap, and the kernel faults in and zeroes 18,000 pages per
     * photo; from the arena, the next photo of the batch reuses them. */
    mallopt(M_MMAP_THRESHOLD, 128 << 20);
#endif
}
