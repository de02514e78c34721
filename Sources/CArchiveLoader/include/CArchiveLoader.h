#ifndef ACERVO_CARCHIVELOADER_H
#define ACERVO_CARCHIVELOADER_H

/*
 * libarchive, opened on first use.
 *
 * This header gives libarchive's own declarations. The functions Acervo calls are defined in this
 * target under libarchive's own names; each opens the library (once per process) and forwards to it.
 * A process that never writes or reads a dossier (acervo sniff, normalize, intake) then never loads
 * libarchive and the libraries it pulls in (libxml2, ICU, nettle, liblzma, libzstd, ...), whose
 * relocation cost every command about 1.5 ms. The CArchive system-library target (pkg-config,
 * libarchive-dev) links the library the usual way; only the tests use it.
 *
 * When the library cannot be opened, the functions answer as libarchive does on failure: NULL for the
 * constructors, ARCHIVE_FATAL for the rest, and archive_error_string() says why.
 */

#include <archive.h>
#include <archive_entry.h>

/* Why libarchive could not be opened, in English; NULL once it is open. Opens it if not yet tried. */
const char *CArchiveLoader_failure(void);

#endif
