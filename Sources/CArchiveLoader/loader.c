#include "CArchiveLoader.h"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* Every libarchive function Acervo calls: return type, name, parameters, arguments, value on failure.
 * A function added to the Swift code without a line here fails at link time, never at run time. */
#define ARCHIVE_FUNCTIONS(X, V)                                                                              \
    X(struct archive *, archive_read_new, (void), (), NULL)                                                 \
    X(int, archive_read_free, (struct archive *a), (a), ARCHIVE_FATAL)                                      \
    X(int, archive_read_support_filter_all, (struct archive *a), (a), ARCHIVE_FATAL)                        \
    X(int, archive_read_support_format_tar, (struct archive *a), (a), ARCHIVE_FATAL)                        \
    X(int, archive_read_support_format_zip, (struct archive *a), (a), ARCHIVE_FATAL)                        \
    X(int, archive_read_open_filename, (struct archive *a, const char *name, size_t block), (a, name, block), \
      ARCHIVE_FATAL)                                                                                        \
    X(int, archive_read_next_header, (struct archive *a, struct archive_entry **e), (a, e), ARCHIVE_FATAL)  \
    X(la_ssize_t, archive_read_data, (struct archive *a, void *b, size_t n), (a, b, n), ARCHIVE_FATAL)      \
    X(int, archive_read_data_skip, (struct archive *a), (a), ARCHIVE_FATAL)                                 \
    X(int, archive_filter_count, (struct archive *a), (a), 0)                                               \
    X(int, archive_format, (struct archive *a), (a), 0)                                                     \
    X(struct archive *, archive_write_new, (void), (), NULL)                                                \
    X(int, archive_write_free, (struct archive *a), (a), ARCHIVE_FATAL)                                     \
    X(int, archive_write_close, (struct archive *a), (a), ARCHIVE_FATAL)                                    \
    X(int, archive_write_add_filter_zstd, (struct archive *a), (a), ARCHIVE_FATAL)                          \
    X(int, archive_write_set_format_pax_restricted, (struct archive *a), (a), ARCHIVE_FATAL)                \
    X(int, archive_write_set_format_zip, (struct archive *a), (a), ARCHIVE_FATAL)                           \
    X(int, archive_write_zip_set_compression_deflate, (struct archive *a), (a), ARCHIVE_FATAL)              \
    X(int, archive_write_zip_set_compression_store, (struct archive *a), (a), ARCHIVE_FATAL)                \
    X(int, archive_write_set_bytes_per_block, (struct archive *a, int n), (a, n), ARCHIVE_FATAL)            \
    X(int, archive_write_set_bytes_in_last_block, (struct archive *a, int n), (a, n), ARCHIVE_FATAL)        \
    X(int, archive_write_set_option, (struct archive *a, const char *m, const char *o, const char *v),      \
      (a, m, o, v), ARCHIVE_FATAL)                                                                          \
    X(int, archive_write_open2,                                                                             \
      (struct archive *a, void *c, archive_open_callback *o, archive_write_callback *w,                     \
       archive_close_callback *cl, archive_free_callback *f),                                               \
      (a, c, o, w, cl, f), ARCHIVE_FATAL)                                                                   \
    X(int, archive_write_header, (struct archive *a, struct archive_entry *e), (a, e), ARCHIVE_FATAL)       \
    X(la_ssize_t, archive_write_data, (struct archive *a, const void *b, size_t n), (a, b, n), ARCHIVE_FATAL) \
    X(struct archive_entry *, archive_entry_new, (void), (), NULL)                                          \
    V(archive_entry_free, (struct archive_entry *e), (e))                                                   \
    X(__LA_MODE_T, archive_entry_filetype, (struct archive_entry *e), (e), 0)                               \
    X(const char *, archive_entry_hardlink, (struct archive_entry *e), (e), NULL)                           \
    X(const char *, archive_entry_symlink, (struct archive_entry *e), (e), NULL)                            \
    X(int, archive_entry_is_encrypted, (struct archive_entry *e), (e), 0)                                   \
    X(const char *, archive_entry_pathname, (struct archive_entry *e), (e), NULL)                           \
    X(const char *, archive_entry_pathname_utf8, (struct archive_entry *e), (e), NULL)                      \
    X(la_int64_t, archive_entry_size, (struct archive_entry *e), (e), 0)                                    \
    X(int, archive_entry_size_is_set, (struct archive_entry *e), (e), 0)                                    \
    V(archive_entry_set_filetype, (struct archive_entry *e, unsigned int t), (e, t))                        \
    V(archive_entry_set_perm, (struct archive_entry *e, __LA_MODE_T p), (e, p))                             \
    V(archive_entry_set_size, (struct archive_entry *e, la_int64_t s), (e, s))                              \
    V(archive_entry_set_uid, (struct archive_entry *e, la_int64_t u), (e, u))                               \
    V(archive_entry_set_gid, (struct archive_entry *e, la_int64_t g), (e, g))                               \
    V(archive_entry_set_uname_utf8, (struct archive_entry *e, const char *n), (e, n))                       \
    V(archive_entry_set_gname_utf8, (struct archive_entry *e, const char *n), (e, n))                       \
    V(archive_entry_set_mtime, (struct archive_entry *e, time_t s, long ns), (e, s, ns))                    \
    V(archive_entry_set_pathname_utf8, (struct archive_entry *e, const char *p), (e, p))

#define POINTER(ret, name, params, args, fail) ret(*name) params;
#define VOID_POINTER(name, params, args) void(*name) params;
static struct {
    ARCHIVE_FUNCTIONS(POINTER, VOID_POINTER)
    const char *(*archive_error_string)(struct archive *);
    const char *(*archive_version_string)(void);
} lib;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Set once by open_library, which every reader runs first through pthread_once. */
static const char *failure;
static char failure_text[512];

/* The names tried in turn: the runtime package's soname first, then the development link. */
static const char *const names[] = {"libarchive.so.13", "libarchive.so", "libarchive.13.dylib", "libarchive.dylib"};

static void open_library(void) {
    void *handle = NULL;
    const char *why = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) {
        /* RTLD_NOW: a missing symbol shows here, once, not in the middle of a dossier. */
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL && why == NULL) why = dlerror();
    }
    if (handle == NULL) {
        snprintf(failure_text, sizeof failure_text, "libarchive cannot be opened: %s", why ? why : "not found");
        failure = failure_text;
        return;
    }
#define BIND(name)                                                                                          \
    if ((*(void **)&lib.name = dlsym(handle, #name)) == NULL) {                                             \
        snprintf(failure_text, sizeof failure_text, "libarchive lacks %s", #name);                          \
        failure = failure_text;                                                                             \
        return;                                                                                             \
    }
#define BIND_POINTER(ret, name, params, args, fail) BIND(name)
#define BIND_VOID(name, params, args) BIND(name)
    ARCHIVE_FUNCTIONS(BIND_POINTER, BIND_VOID)
    BIND(archive_error_string)
    BIND(archive_version_string)
    failure = NULL;
}

const char *CArchiveLoader_failure(void) {
    pthread_once(&once, open_library);
    return failure;
}

/* The forwarding definitions, under libarchive's names and with its header's prototypes. */
#define FORWARD(ret, name, params, args, fail)                                                             \
    ret name params {                                                                                       \
        if (CArchiveLoader_failure() != NULL) return fail;                                                  \
        return lib.name args;                                                                               \
    }
#define FORWARD_VOID(name, params, args)                                                                    \
    void name params {                                                                                      \
        if (CArchiveLoader_failure() != NULL) return;                                                       \
        lib.name args;                                                                                      \
    }
ARCHIVE_FUNCTIONS(FORWARD, FORWARD_VOID)

const char *archive_error_string(struct archive *a) {
    const char *why = CArchiveLoader_failure();
    return why != NULL ? why : lib.archive_error_string(a);
}

const char *archive_version_string(void) {
    const char *why = CArchiveLoader_failure();
    return why != NULL ? why : lib.archive_version_string();
}
