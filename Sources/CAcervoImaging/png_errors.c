#include "CAcervoImaging_png_errors.h"

#include <stdio.h>

void acervo_imaging_png_errors_init(acervo_imaging_png_errors *errors, char *message, size_t message_len,
                                    int keep_warnings) {
    errors->message = message;
    errors->message_len = message_len;
    errors->keep_warnings = keep_warnings;
    errors->warnings = 0;
}

static void keep_message(acervo_imaging_png_errors *errors, png_const_charp message) {
    if (errors->message != NULL && errors->message_len > 0) snprintf(errors->message, errors->message_len, "%s", message);
}

void acervo_imaging_png_error(png_structp png, png_const_charp message) {
    keep_message(png_get_error_ptr(png), message);
    png_longjmp(png, 1);
}

void acervo_imaging_png_warning(png_structp png, png_const_charp message) {
    acervo_imaging_png_errors *errors = png_get_error_ptr(png);
    if (errors->keep_warnings && errors->warnings == 0) keep_message(errors, message);
    errors->warnings++;
}
