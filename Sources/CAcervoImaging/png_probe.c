#include "CAcervoImaging.h"
#include "CAcervoImaging_png_errors.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <png.h>

/* Where libpng reads from. */
struct probe_state {
    const unsigned char *data;
    size_t len;
    size_t pos;
};

static void probe_read(png_structp png, png_bytep into, size_t count) {
    struct probe_state *state = (struct probe_state *)png_get_io_ptr(png);
    if (count > state->len - state->pos) {
        png_error(png, "unexpected end of PNG data");
    }
    memcpy(into, state->data + state->pos, count);
    state->pos += count;
}

int CAcervoImaging_png_probe(const unsigned char *data, size_t len, unsigned int max_width,
                           unsigned int max_height, CAcervoImaging_image_info *out, char *msg,
                           size_t msglen) {
    struct probe_state state = { data, len, 0 };
    acervo_imaging_png_errors errors;
    png_structp png;
    png_infop info = NULL;
    volatile png_infop volatile_info = NULL;

    if (msg != NULL && msglen > 0) msg[0] = '\0';
    memset(out, 0, sizeof(*out));
    /* Errors jump back with the message; the first warning is kept too, while the result stays ok. */
    acervo_imaging_png_errors_init(&errors, msg, msglen, 1);
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &errors, acervo_imaging_png_error, acervo_imaging_png_warning);
    if (png == NULL) return CAcervoImaging_probe_no_memory;
    info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return CAcervoImaging_probe_no_memory;
    }
    volatile_info = info;
    if (setjmp(png_jmpbuf(png))) {
        png_infop failed_info = volatile_info;
        png_destroy_read_struct(&png, &failed_info, NULL);
        return CAcervoImaging_probe_error;
    }
    png_set_user_limits(png, max_width, max_height);
    /* Chunks before IHDR are read too: refuse ancillary allocations past 8 MiB. */
    png_set_chunk_malloc_max(png, 8u * 1024u * 1024u);
    png_set_read_fn(png, &state, probe_read);
    png_read_info(png, info);

    out->width = png_get_image_width(png, info);
    out->height = png_get_image_height(png, info);
    out->components = png_get_channels(png, info);
    out->progressive = png_get_interlace_type(png, info) == PNG_INTERLACE_ADAM7 ? 1 : 0;
    out->color_space = png_get_color_type(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    png_destroy_read_struct(&png, &info, NULL);
    return CAcervoImaging_probe_ok;
}
