#include "CArchiveLoader.h"

#include <pthread.h>

#define CACERVO_LAZY_NAME(name) CArchiveLoader_##name
#define CACERVO_LAZY_FAILURE CArchiveLoader_failure

static struct {
    CArchiveLoader_FUNCTIONS(CACERVO_LAZY_POINTER, CACERVO_LAZY_VOID_POINTER)
    const char *(*archive_error_string)(struct archive *);
    const char *(*archive_version_string)(void);
} table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Set once by open_library, which every reader runs first through pthread_once. */
static const char *failure;
static char failure_text[512];

/* The names tried in turn: the runtime package's soname first, then the development link. */
static const char *const files[] = {"libarchive.so.13", "libarchive.so", "libarchive.13.dylib", "libarchive.dylib",
                                    NULL};

static void open_library(void) {
    static const char library[] = "libarchive";
    failure = failure_text;
    void *handle = CAcervoLazyLoading_open(library, files, failure_text, sizeof failure_text);
    if (handle == NULL) return;
    CArchiveLoader_FUNCTIONS(CACERVO_LAZY_BIND, CACERVO_LAZY_BIND_VOID)
    CACERVO_LAZY_BIND(const char *, archive_error_string, , , )
    CACERVO_LAZY_BIND(const char *, archive_version_string, , , )
    failure = NULL;
}

const char *CArchiveLoader_failure(void) {
    pthread_once(&once, open_library);
    return failure;
}

CArchiveLoader_FUNCTIONS(CACERVO_LAZY_FORWARD, CACERVO_LAZY_FORWARD_VOID)

const char *CArchiveLoader_archive_error_string(struct archive *a) {
    const char *why = CArchiveLoader_failure();
    return why != NULL ? why : table.archive_error_string(a);
}

const char *CArchiveLoader_archive_version_string(void) {
    const char *why = CArchiveLoader_failure();
    return why != NULL ? why : table.archive_version_string();
}
