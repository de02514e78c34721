#include "CAcervoImaging.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>

/* libjpeg's error manager, extended with the jump buffer and the captured message. */
struct probe_error_mgr {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *msg;
    size_t msglen;
};

static void capture_message(j_common_ptr cinfo) {
    struct probe_error_mgr *err = (struct probe_error_mgr *)cinfo->err;
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    if (err->msg != NULL && err->msglen > 0) {
        snprintf(err->msg, err->msglen, "%s", buffer);
    }
}

/* The default error_exit calls exit(): jump back to the probe instead. */
static void probe_error_exit(j_common_ptr cinfo) {
    struct probe_error_mgr *err = (struct probe_error_mgr *)cinfo->err;
    capture_message(cinfo);
    longjmp(err->jump, 1);
}

/* The default output_message prints to stderr: keep it for the caller instead. */
static void probe_output_message(j_common_ptr cinfo) {
    capture_message(cinfo);
}

int CAcervoImaging_jpeg_probe(const unsigned char *data, size_t len, CAcervoImaging_image_info *out,
                            char *msg, size_t msglen) {
    struct jpeg_decompress_struct cinfo;
    struct probe_error_mgr err;
    volatile int created = 0;

    if (msg != NULL && msglen > 0) msg[0] = '\0';
    memset(out, 0, sizeof(*out));
    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = probe_error_exit;
    err.base.output_message = probe_output_message;
    err.msg = msg;
    err.msglen = msglen;

    if (setjmp(err.jump)) {
        if (created) jpeg_destroy_decompress(&cinfo);
        return CAcervoImaging_probe_error;
    }
    jpeg_create_decompress(&cinfo);
    created = 1;
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
        if (msg != NULL && msglen > 0 && msg[0] == '\0') {
            snprintf(msg, msglen, "no image in the JPEG header");
        }
        jpeg_destroy_decompress(&cinfo);
        return CAcervoImaging_probe_error;
    }
    out->width = cinfo.image_width;
    out->height = cinfo.image_height;
    out->components = cinfo.num_components;
    out->progressive = cinfo.progressive_mode ? 1 : 0;
    out->color_space = (int)cinfo.jpeg_color_space;
    out->bit_depth = cinfo.data_precision;
    jpeg_destroy_decompress(&cinfo);
    return CAcervoImaging_probe_ok;
}
