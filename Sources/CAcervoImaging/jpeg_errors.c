#include "jpeg_errors.h"

#include <jerror.h>

static void keep_message(j_common_ptr cinfo, acervo_jpeg_errors *errors) {
    if (errors->message == NULL || errors->message_len == 0) return;
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    snprintf(errors->message, errors->message_len, "%s", buffer);
}

/* The default error_exit calls exit(): jump back to the caller instead. */
static void error_exit(j_common_ptr cinfo) {
    acervo_jpeg_errors *errors = (acervo_jpeg_errors *)cinfo->err;
    keep_message(cinfo, errors);
    longjmp(errors->jump, 1);
}

/* Warnings (level < 0) are counted, and the first kept if asked; trace messages are dropped. */
static void emit_message(j_common_ptr cinfo, int level) {
    acervo_jpeg_errors *errors = (acervo_jpeg_errors *)cinfo->err;
    if (level >= 0) return;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) errors->truncated = 1;
    if (errors->keep_warnings && errors->warnings == 0) keep_message(cinfo, errors);
    errors->warnings++;
    cinfo->err->num_warnings++;
}

/* The default output_message prints to stderr. */
static void output_message(j_common_ptr cinfo) { (void)cinfo; }

struct jpeg_error_mgr *acervo_jpeg_errors_init(acervo_jpeg_errors *errors, char *message, size_t message_len,
                                               int keep_warnings) {
    struct jpeg_error_mgr *base = jpeg_std_error(&errors->base);
    errors->base.error_exit = error_exit;
    errors->base.emit_message = emit_message;
    errors->base.output_message = output_message;
    errors->message = message;
    errors->message_len = message_len;
    errors->keep_warnings = keep_warnings;
    errors->warnings = 0;
    errors->truncated = 0;
    return base;
}
