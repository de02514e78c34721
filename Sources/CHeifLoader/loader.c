#include "CHeifLoader.h"

#include <pthread.h>

#define CACERVO_LAZY_NAME(name) CHeifLoader_##name
#define CACERVO_LAZY_FAILURE CHeifLoader_failure

/* What the functions returning a heif_error answer when libheif cannot be opened. */
static const struct heif_error unavailable = {heif_error_Plugin_loading_error, heif_suberror_Unspecified,
                                              "libheif could not be loaded"};

static struct {
    CHeifLoader_FUNCTIONS(CACERVO_LAZY_POINTER, CACERVO_LAZY_VOID_POINTER)
} table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Set once by open_library, which every reader runs first through pthread_once. */
static const char *failure;
static char failure_text[512];

/* The names tried in turn: the runtime package's soname first, then the development link. */
static const char *const files[] = {"libheif.so.1", "libheif.so", "libheif.1.dylib", "libheif.dylib", NULL};

static void open_library(void) {
    static const char library[] = "libheif";
    failure = failure_text;
    void *handle = CAcervoLazyLoading_open(library, files, failure_text, sizeof failure_text);
    if (handle == NULL) return;
    CHeifLoader_FUNCTIONS(CACERVO_LAZY_BIND, CACERVO_LAZY_BIND_VOID)
    failure = NULL;
}

const char *CHeifLoader_failure(void) {
    pthread_once(&once, open_library);
    return failure;
}

CHeifLoader_FUNCTIONS(CACERVO_LAZY_FORWARD, CACERVO_LAZY_FORWARD_VOID)
