#ifndef ACERVO_CJBIG2_SHIM_H
#define ACERVO_CJBIG2_SHIM_H
/* jbig2.h needs the fixed-width integer types declared before it. */
#include <stddef.h>
#include <stdint.h>
#include <jbig2.h>

/* jbig2_ctx_new is a macro over jbig2_ctx_new_imp (it passes the header's version): give Swift a function to call. */
static inline Jbig2Ctx *CJBIG2_ctx_new(Jbig2Allocator *allocator, Jbig2Options options, Jbig2GlobalCtx *global_ctx,
                                       Jbig2ErrorCallback error_callback, void *error_callback_data) {
    return jbig2_ctx_new(allocator, options, global_ctx, error_callback, error_callback_data);
}
#endif
