#ifndef ACERVO_PNG_ERRORS_H
#define ACERVO_PNG_ERRORS_H
/* Shared by the imaging C files only; Swift never sees it. */

#include <stddef.h>
#include <png.h>

#pragma GCC visibility push(hidden)

/*
 * Where libpng's messages go, for every reader, writer and probe of this module: give the struct as the
 * error pointer and acervo_png_error and acervo_png_warning as the handlers of png_create_*_struct.
 * libpng would abort() or print without them; with them an error longjmps back to the caller's
 * setjmp(png_jmpbuf(png)) with libpng's message in `message`, and nothing is printed. A caller that
 * needs more state (a status) puts this struct first in its own.
 */
typedef struct acervo_png_errors {
    char *message;     /* the error, and the first warning when keep_warnings; NULL for none */
    size_t message_len;
    int keep_warnings;
    int warnings;      /* warnings raised */
} acervo_png_errors;

/* Sets up errors (message may be NULL) before png_create_*_struct. */
void acervo_png_errors_init(acervo_png_errors *errors, char *message, size_t message_len, int keep_warnings);

void acervo_png_error(png_structp png, png_const_charp message);
void acervo_png_warning(png_structp png, png_const_charp message);

#pragma GCC visibility pop

#endif
