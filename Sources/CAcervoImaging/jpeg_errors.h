#ifndef ACERVO_JPEG_ERRORS_H
#define ACERVO_JPEG_ERRORS_H
/* Shared by the imaging C files only; Swift never sees it. */

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>

#pragma GCC visibility push(hidden)

/*
 * libjpeg's error manager, the one every decoder, encoder and probe of this module uses. libjpeg's own
 * would print to stderr and exit(); this one never prints, and an error longjmps back to `jump`, which
 * the caller sets with setjmp before the first libjpeg call, with the library's message in `message`.
 * A caller that needs more state (a status, a limit) puts this struct first in its own, so that
 * cinfo->err still points at it.
 */
typedef struct acervo_jpeg_errors {
    struct jpeg_error_mgr base; /* first: libjpeg's cinfo->err points here */
    jmp_buf jump;
    char *message;              /* the error, and the first warning when keep_warnings; NULL for none */
    size_t message_len;
    int keep_warnings;
    long warnings;              /* warnings raised: corrupt data libjpeg read past */
    int truncated;              /* one of them said the data ended early (JWRN_JPEG_EOF) */
} acervo_jpeg_errors;

/* Sets up errors (message may be NULL) and returns the pointer to store in cinfo.err. */
struct jpeg_error_mgr *acervo_jpeg_errors_init(acervo_jpeg_errors *errors, char *message, size_t message_len,
                                               int keep_warnings);

#pragma GCC visibility pop

#endif
