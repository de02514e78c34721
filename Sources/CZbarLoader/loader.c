#include "CZbarLoader.h"

#include <pthread.h>

#define CACERVO_LAZY_NAME(name) CZbarLoader_##name
#define CACERVO_LAZY_FAILURE CZbarLoader_failure

static struct {
    CZbarLoader_FUNCTIONS(CACERVO_LAZY_POINTER, CACERVO_LAZY_VOID_POINTER)
} table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Set once by open_library, which every reader runs first through pthread_once. */
static const char *failure;
static char failure_text[512];

/* The runtime package's soname first (libzbar0), then the development link. */
static const char *const zbar_files[] = {"libzbar.so.0", "libzbar.so", "libzbar.0.dylib", "libzbar.dylib", NULL};

static void open_library(void) {
    failure = failure_text;
    static const char library[] = "libzbar";
    void *handle = CAcervoLazyLoading_open(library, zbar_files, failure_text, sizeof failure_text);
    if (handle == NULL) return;
    CZbarLoader_FUNCTIONS(CACERVO_LAZY_BIND, CACERVO_LAZY_BIND_VOID)
    failure = NULL;
}

const char *CZbarLoader_failure(void) {
    pthread_once(&once, open_library);
    return failure;
}

CZbarLoader_FUNCTIONS(CACERVO_LAZY_FORWARD, CACERVO_LAZY_FORWARD_VOID)
