#include "CTesseractLoader.h"

#include <dlfcn.h>
#include <pthread.h>

#define CACERVO_LAZY_NAME(name) CTesseractLoader_##name
#define CACERVO_LAZY_FAILURE CTesseractLoader_failure

static struct {
    CTesseractLoader_TESSERACT_FUNCTIONS(CACERVO_LAZY_POINTER, CACERVO_LAZY_VOID_POINTER)
    CTesseractLoader_LEPTONICA_FUNCTIONS(CACERVO_LAZY_POINTER, CACERVO_LAZY_VOID_POINTER)
    /* Optional: a Tesseract built without OpenMP has none. */
    void (*omp_set_max_active_levels)(int);
} table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Set once by open_libraries, which every reader runs first through pthread_once. */
static const char *failure;
static char failure_text[512];

/* The names tried in turn: the runtime packages' sonames first (liblept5, libtesseract5), then the
 * development links. */
static const char *const leptonica_files[] = {"liblept.so.5", "libleptonica.so", "liblept.so", "liblept.5.dylib",
                                              "libleptonica.dylib", NULL};
static const char *const tesseract_files[] = {"libtesseract.so.5", "libtesseract.so", "libtesseract.5.dylib",
                                              "libtesseract.dylib", NULL};

static void open_libraries(void) {
    failure = failure_text;
    {
        static const char library[] = "liblept (Leptonica)";
        void *handle = CAcervoLazyLoading_open(library, leptonica_files, failure_text, sizeof failure_text);
        if (handle == NULL) return;
        CTesseractLoader_LEPTONICA_FUNCTIONS(CACERVO_LAZY_BIND, CACERVO_LAZY_BIND_VOID)
    }
    {
        static const char library[] = "libtesseract";
        void *handle = CAcervoLazyLoading_open(library, tesseract_files, failure_text, sizeof failure_text);
        if (handle == NULL) return;
        CTesseractLoader_TESSERACT_FUNCTIONS(CACERVO_LAZY_BIND, CACERVO_LAZY_BIND_VOID)
        /* A handle's lookup also searches the libraries it brought in: libgomp when Tesseract uses OpenMP. */
        *(void **)&table.omp_set_max_active_levels = dlsym(handle, "omp_set_max_active_levels");
    }
    failure = NULL;
}

const char *CTesseractLoader_failure(void) {
    pthread_once(&once, open_libraries);
    return failure;
}

int CTesseractLoader_has_openmp(void) {
    return CTesseractLoader_failure() == NULL && table.omp_set_max_active_levels != NULL;
}

void CTesseractLoader_omp_set_max_active_levels(int levels) {
    if (CTesseractLoader_has_openmp()) table.omp_set_max_active_levels(levels);
}

CTesseractLoader_TESSERACT_FUNCTIONS(CACERVO_LAZY_FORWARD, CACERVO_LAZY_FORWARD_VOID)
CTesseractLoader_LEPTONICA_FUNCTIONS(CACERVO_LAZY_FORWARD, CACERVO_LAZY_FORWARD_VOID)
