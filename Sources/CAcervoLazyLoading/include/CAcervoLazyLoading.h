#ifndef CACERVO_LAZY_LOADING_H
#define CACERVO_LAZY_LOADING_H

/*
 * The one way Acervo reaches an optional C library: opened with dlopen on first use, once per process,
 * so that a process that never needs it never pays to load it (libarchive pulls in libxml2, ICU and
 * five compressors; libheif its codecs; libtesseract libcurl, Leptonica and libgomp). A loader module
 * (CArchiveLoader, CHeifLoader, CTesseractLoader) lists the functions it uses once, as an X-macro
 * X(ret, name, params, args, value_on_failure) and V(name, params, args) for functions returning void;
 * the macros below turn that list into
 *   - the public declarations of the forwarders, under the loader's prefix (CArchiveLoader_archive_read_new),
 *     so that they never collide with the real library when a process also links it (the tests do);
 *   - a table of function pointers, bound from the opened library (RTLD_NOW: a missing symbol shows once,
 *     at open, never in the middle of the work);
 *   - the forwarders, which open the library on first call and answer as the library does on failure
 *     when it cannot be opened.
 * A loader defines CACERVO_LAZY_NAME(name) (its prefix pasted on name) and CACERVO_LAZY_FAILURE()
 * (its own failure function) before using the definition macros.
 */

#include <stddef.h>

/*
 * Opens the first of files (a NULL-terminated list of shared object names) that dlopen accepts. Returns
 * the handle, or NULL with "<library> cannot be opened: <the first dlerror>" written to failure.
 */
void *CAcervoLazyLoading_open(const char *library, const char *const *files, char *failure, size_t failure_len);

/*
 * Looks symbol up in handle and stores it at *slot. Returns 0, or -1 with "<library> lacks <symbol>"
 * written to failure.
 */
int CAcervoLazyLoading_bind(void *handle, const char *library, const char *symbol, void **slot, char *failure,
                            size_t failure_len);

/* Declarations of the forwarders, for a loader's public header (prefix is its module name). */
#define CACERVO_LAZY_DECLARE(prefix, ret, name, params) ret prefix##_##name params;

/* The table of pointers, the binding of each, and the forwarders: for a loader's C file. */
#define CACERVO_LAZY_POINTER(ret, name, params, args, fail) ret(*name) params;
#define CACERVO_LAZY_VOID_POINTER(name, params, args) void(*name) params;
#define CACERVO_LAZY_BIND(ret, name, params, args, fail)                                                       \
    if (CAcervoLazyLoading_bind(handle, library, #name, (void **)&table.name, failure_text,                    \
                                sizeof failure_text) != 0)                                                       \
        return;
#define CACERVO_LAZY_BIND_VOID(name, params, args) CACERVO_LAZY_BIND(void, name, params, args, )
#define CACERVO_LAZY_FORWARD(ret, name, params, args, fail)                                                    \
    ret CACERVO_LAZY_NAME(name) params {                                                                       \
        if (CACERVO_LAZY_FAILURE() != NULL) return fail;                                                       \
        return table.name args;                                                                                \
    }
#define CACERVO_LAZY_FORWARD_VOID(name, params, args)                                                          \
    void CACERVO_LAZY_NAME(name) params {                                                                      \
        if (CACERVO_LAZY_FAILURE() != NULL) return;                                                            \
        table.name args;                                                                                       \
    }

#endif
