#ifndef CACERVO_IMAGING_PNG_ERRORS_H
#define CACERVO_IMAGING_PNG_ERRORS_H
/*
 * Acervo's one libpng error manager, for the C of every module that calls libpng (this one's readers,
 * writers and probes, CAcervoDigitize's archival page writer). Swift never sees it: the module map
 * leaves it out. Its symbols are hidden: none leaves the library that links it.
 */

#include <stddef.h>
#include <png.h>

#pragma GCC visibility push(hidden)

/*
 * Where libpng's messages go: give the struct as the error pointer and acervo_imaging_png_error and
 * acervo_imaging_png_warning as the handlers of png_create_*_struct.
 * libpng would abort() or print without them; with them an error longjmps back to the caller's
 * setjmp(png_jmpbuf(png)) with libpng's message in `message`, and nothing is printed. A caller that
 * needs more state (a status) puts this struct first in its own.
 */
typedef struct acervo_imaging_png_errors {
    char *message;     /* the error, and the first warning when keep_warnings; NULL for none */
    size_t message_len;
    int keep_warnings;
    int warnings;      /* warnings raised */
} acervo_imaging_png_errors;

/* Sets up errors (message may be NULL) before png_create_*_struct. */
void acervo_imaging_png_errors_init(acervo_imaging_png_errors *errors, char *message, size_t message_len,
                                    int keep_warnings);

void acervo_imaging_png_error(png_structp png, png_const_charp message);
void acervo_imaging_png_warning(png_structp png, png_const_charp message);

#pragma GCC visibility pop

#endif
