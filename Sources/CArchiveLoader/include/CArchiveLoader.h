#ifndef ACERVO_CARCHIVELOADER_H
#define ACERVO_CARCHIVELOADER_H

/*
 * libarchive, opened on first use (the mechanism is CAcervoLazyLoading's).
 *
 * This header gives libarchive's own declarations (types, constants) and, for each function Acervo calls,
 * a forwarder under this module's prefix: CArchiveLoader_archive_read_new for archive_read_new. Each
 * opens the library (once per process) and forwards to it. A process that never writes or reads a
 * dossier (acervo sniff, normalize, intake) then never loads libarchive and the libraries it pulls in
 * (libxml2, ICU, nettle, liblzma, libzstd, ...), whose relocation cost every command about 1.5 ms. The
 * prefix keeps the forwarders apart from the real functions: the tests link libarchive itself (the
 * CArchive system-library target) in the same process.
 *
 * When the library cannot be opened, the functions answer as libarchive does on failure: NULL for the
 * constructors, ARCHIVE_FATAL for the rest, and CArchiveLoader_archive_error_string() says why.
 */

#include <archive.h>
#include <archive_entry.h>
#include "CAcervoLazyLoading.h"

/* Every libarchive function Acervo calls: return type, name, parameters, arguments, value on failure.
 * Swift sees only the forwarders: a function used without a line here fails to compile, never at run time. */
#define CArchiveLoader_FUNCTIONS(X, V)                                                                              \
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

#define CArchiveLoader_DECLARE(ret, name, params, args, fail) CACERVO_LAZY_DECLARE(CArchiveLoader, ret, name, params)
#define CArchiveLoader_DECLARE_VOID(name, params, args) CACERVO_LAZY_DECLARE(CArchiveLoader, void, name, params)
CArchiveLoader_FUNCTIONS(CArchiveLoader_DECLARE, CArchiveLoader_DECLARE_VOID)

/* libarchive's message for a, or why libarchive could not be opened. */
const char *CArchiveLoader_archive_error_string(struct archive *a);

/* libarchive's version, or why it could not be opened. */
const char *CArchiveLoader_archive_version_string(void);

/* Why libarchive could not be opened, in English; NULL once it is open. Opens it if not yet tried. */
const char *CArchiveLoader_failure(void);

#endif
