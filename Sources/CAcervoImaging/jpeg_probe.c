#include "CAcervoImaging.h"
#include "jpeg_errors.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>

int CAcervoImaging_jpeg_probe(const unsigned char *data, size_t len, CAcervoImaging_image_info *out,
                            char *msg, size_t msglen) {
    struct jpeg_decompress_struct cinfo;
    acervo_jpeg_errors err;
    volatile int created = 0;

    if (msg != NULL && msglen > 0) msg[0] = '\0';
    memset(out, 0, sizeof(*out));
    memset(&cinfo, 0, sizeof(cinfo));
    /* Errors jump back with the message; the first warning is kept too, while the result stays ok. */
    cinfo.err = acervo_jpeg_errors_init(&err, msg, msglen, 1);

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
