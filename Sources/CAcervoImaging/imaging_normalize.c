#include "imaging_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void acervo_imaging_set_message(CAcervoImaging_normalize_report *report, const char *text) {
    snprintf(report->message, sizeof(report->message), "%s", text);
}

static int decode(const char *source, int format, const CAcervoImaging_normalize_settings *settings,
                  acervo_imaging_stream *stream, acervo_imaging_decoded *decoded, CAcervoImaging_normalize_report *report) {
    memset(report, 0, sizeof(*report));
    report->orientation = 1;
    report->scale_denom = 1;
    switch (format) {
    case CAcervoImaging_source_jpeg: return acervo_imaging_decode_jpeg(source, settings, stream, decoded, report);
    case CAcervoImaging_source_png: return acervo_imaging_decode_png(source, settings, decoded, report);
    default:
        acervo_imaging_set_message(report, "unknown source format");
        return CAcervoImaging_normalize_unsupported;
    }
}

/* The thumbnail is made from the upright display canvas: a second, cheap resample of a small image. */
static int write_thumbnail(const acervo_imaging_decoded *decoded, const char *path,
                           const CAcervoImaging_normalize_settings *settings, CAcervoImaging_normalize_report *report) {
    const acervo_imaging_canvas *display = &decoded->canvas;
    unsigned int uw, uh, tw, th;
    acervo_imaging_upright_size(display, decoded->orientation, &uw, &uh);
    acervo_imaging_fit(uw, uh, settings->thumbnail, &tw, &th);
    acervo_imaging_canvas thumb = { tw, th, display->channels, NULL };
    acervo_imaging_resampler r;
    if (acervo_imaging_resampler_init(&r, uw, uh, &thumb) != 0) {
        free(thumb.pixels);
        acervo_imaging_set_message(report, "out of memory for the thumbnail");
        return CAcervoImaging_normalize_no_memory;
    }
    unsigned char *row = malloc((size_t)uw * (size_t)display->channels);
    if (row == NULL) {
        acervo_imaging_resampler_free(&r);
        free(thumb.pixels);
        acervo_imaging_set_message(report, "out of memory for the thumbnail");
        return CAcervoImaging_normalize_no_memory;
    }
    for (unsigned int y = 0; y < uh; y++) {
        acervo_imaging_upright_row(display, decoded->orientation, y, row);
        acervo_imaging_resampler_push(&r, row);
    }
    free(row);
    acervo_imaging_resampler_free(&r);
    int status = acervo_imaging_write_jpeg(&thumb, 1, path, settings->quality, decoded->icc, decoded->icc_len,
                                    report->message, sizeof(report->message));
    free(thumb.pixels);
    report->thumb_width = tw;
    report->thumb_height = th;
    return status;
}

/*
 * An upright JPEG display image is encoded as its rows come out of the resampler, and the thumbnail
 * is resampled from those same rows: the display image is never held whole.
 */
struct derivative_stream {
    acervo_imaging_stream base;
    const char *display_path;
    const char *thumb_path;
    const CAcervoImaging_normalize_settings *settings;
    CAcervoImaging_normalize_report *report;
    acervo_imaging_jpeg_sink *display;
    acervo_imaging_resampler thumb;
    acervo_imaging_canvas thumb_canvas;
    int thumbing;
};

static int stream_begin(acervo_imaging_stream *base, const acervo_imaging_canvas *shape, int orientation,
                        const unsigned char *icc, size_t icc_len) {
    struct derivative_stream *s = (struct derivative_stream *)base;
    if (orientation != 1 || (shape->channels != 1 && shape->channels != 3)) return 0;
    if (s->thumb_path != NULL) {
        unsigned int tw, th;
        acervo_imaging_fit(shape->width, shape->height, s->settings->thumbnail, &tw, &th);
        s->thumb_canvas.width = tw;
        s->thumb_canvas.height = th;
        s->thumb_canvas.channels = shape->channels;
        if (acervo_imaging_resampler_init(&s->thumb, shape->width, shape->height, &s->thumb_canvas) != 0) {
            free(s->thumb_canvas.pixels);
            s->thumb_canvas.pixels = NULL;
            return 0;
        }
        s->thumbing = 1;
    }
    s->display = acervo_imaging_jpeg_sink_open(s->display_path, shape->width, shape->height, shape->channels,
                                        s->settings->quality, icc, icc_len, s->report->message,
                                        sizeof(s->report->message));
    if (s->display == NULL && s->thumbing) {
        acervo_imaging_resampler_free(&s->thumb);
        free(s->thumb_canvas.pixels);
        s->thumb_canvas.pixels = NULL;
        s->thumbing = 0;
    }
    return s->display != NULL;
}

static void stream_row(void *ctx, const unsigned char *row, unsigned int y) {
    struct derivative_stream *s = ctx;
    (void)y;
    acervo_imaging_jpeg_sink_row(s->display, row);
    if (s->thumbing) acervo_imaging_resampler_push(&s->thumb, row);
}

/* After decoding: close the display image, write the thumbnail. */
static int stream_finish(struct derivative_stream *s, int decoded_ok, const acervo_imaging_decoded *decoded) {
    int status = CAcervoImaging_normalize_ok;
    if (s->display != NULL) status = acervo_imaging_jpeg_sink_close(s->display, !decoded_ok);
    if (s->thumbing) {
        acervo_imaging_resampler_free(&s->thumb);
        if (decoded_ok && status == CAcervoImaging_normalize_ok) {
            status = acervo_imaging_write_jpeg(&s->thumb_canvas, 1, s->thumb_path, s->settings->quality, decoded->icc,
                                        decoded->icc_len, s->report->message, sizeof(s->report->message));
            s->report->thumb_width = s->thumb_canvas.width;
            s->report->thumb_height = s->thumb_canvas.height;
            if (status != CAcervoImaging_normalize_ok) remove(s->display_path);
        }
        free(s->thumb_canvas.pixels);
    }
    return status;
}

int CAcervoImaging_normalize(const char *source, int format, const char *display_path, int display_png,
                           const char *thumb_path, const CAcervoImaging_normalize_settings *settings,
                           CAcervoImaging_normalize_report *report) {
    acervo_imaging_decoded decoded;
    struct derivative_stream stream;
    memset(&stream, 0, sizeof(stream));
    stream.base.begin = stream_begin;
    stream.base.row = stream_row;
    stream.display_path = display_path;
    stream.thumb_path = thumb_path;
    stream.settings = settings;
    stream.report = report;
    int status = decode(source, format, settings, display_png ? NULL : &stream.base, &decoded, report);
    if (stream.display != NULL) {
        char message[sizeof(report->message)];
        memcpy(message, report->message, sizeof(message));
        int finished = stream_finish(&stream, status == CAcervoImaging_normalize_ok, &decoded);
        if (status == CAcervoImaging_normalize_ok && finished == CAcervoImaging_normalize_ok) {
            memcpy(report->message, message, sizeof(message));
        }
        if (status == CAcervoImaging_normalize_ok) {
            status = finished;
            report->orientation = decoded.orientation;
            report->width = decoded.canvas.width;
            report->height = decoded.canvas.height;
            report->icc_copied = decoded.icc != NULL;
            acervo_imaging_decoded_free(&decoded);
        }
        return report->status = status;
    }
    if (status != CAcervoImaging_normalize_ok) return report->status = status;
    report->orientation = decoded.orientation;
    acervo_imaging_upright_size(&decoded.canvas, decoded.orientation, &report->width, &report->height);
    report->icc_copied = decoded.icc != NULL;
    char message[sizeof(report->message)];
    memcpy(message, report->message, sizeof(message));
    if (display_png) {
        status = acervo_imaging_write_png(&decoded.canvas, decoded.orientation, display_path, decoded.icc, decoded.icc_len,
                                   report->message, sizeof(report->message));
    } else {
        status = acervo_imaging_write_jpeg(&decoded.canvas, decoded.orientation, display_path, settings->quality,
                                    decoded.icc, decoded.icc_len, report->message, sizeof(report->message));
    }
    if (status == CAcervoImaging_normalize_ok && thumb_path != NULL) {
        status = write_thumbnail(&decoded, thumb_path, settings, report);
        if (status != CAcervoImaging_normalize_ok) remove(display_path);
    }
    /* On success keep the decoder's first warning, if any, rather than a writer's silence. */
    if (status == CAcervoImaging_normalize_ok) memcpy(report->message, message, sizeof(message));
    acervo_imaging_decoded_free(&decoded);
    return report->status = status;
}

void acervo_imaging_decoded_free(acervo_imaging_decoded *decoded) {
    free(decoded->canvas.pixels);
    free(decoded->icc);
    decoded->canvas.pixels = NULL;
    decoded->icc = NULL;
}

int CAcervoImaging_normalize_pixels(const unsigned char *pixels, size_t stride, unsigned int width,
                                  unsigned int height, int channels, const unsigned char *icc, size_t icc_len,
                                  const char *display_path, const char *thumb_path,
                                  const CAcervoImaging_normalize_settings *settings,
                                  CAcervoImaging_normalize_report *report) {
    memset(report, 0, sizeof(*report));
    report->orientation = 1;
    report->scale_denom = 1;
    report->source_width = width;
    report->source_height = height;
    report->channels = channels;
    if (channels < 1 || channels > 4 || stride < (size_t)width * (size_t)channels) {
        acervo_imaging_set_message(report, "unexpected pixel layout");
        return report->status = CAcervoImaging_normalize_unsupported;
    }
    acervo_imaging_decoded decoded;
    memset(&decoded, 0, sizeof(decoded));
    decoded.orientation = 1;
    decoded.icc = (unsigned char *)icc;
    decoded.icc_len = icc_len;
    acervo_imaging_fit(width, height, settings->max_dimension, &decoded.canvas.width, &decoded.canvas.height);
    decoded.canvas.channels = channels;
    acervo_imaging_resampler r;
    if (acervo_imaging_resampler_init(&r, width, height, &decoded.canvas) != 0) {
        free(decoded.canvas.pixels);
        acervo_imaging_set_message(report, "out of memory for the resampler");
        return report->status = CAcervoImaging_normalize_no_memory;
    }
    for (unsigned int y = 0; y < height; y++) acervo_imaging_resampler_push(&r, pixels + (size_t)y * stride);
    acervo_imaging_resampler_free(&r);
    report->width = decoded.canvas.width;
    report->height = decoded.canvas.height;
    report->icc_copied = icc != NULL && icc_len > 0;
    int status = acervo_imaging_write_jpeg(&decoded.canvas, 1, display_path, settings->quality, icc, icc_len,
                                    report->message, sizeof(report->message));
    if (status == CAcervoImaging_normalize_ok && thumb_path != NULL) {
        status = write_thumbnail(&decoded, thumb_path, settings, report);
        if (status != CAcervoImaging_normalize_ok) remove(display_path);
    }
    free(decoded.canvas.pixels);
    return report->status = status;
}

int CAcervoImaging_image_decode(const char *source, int format, const CAcervoImaging_normalize_settings *settings,
                              unsigned char **pixels, CAcervoImaging_normalize_report *report) {
    acervo_imaging_decoded decoded;
    *pixels = NULL;
    int status = decode(source, format, settings, NULL, &decoded, report);
    if (status != CAcervoImaging_normalize_ok) return report->status = status;
    report->orientation = decoded.orientation;
    report->width = decoded.canvas.width;
    report->height = decoded.canvas.height;
    report->channels = decoded.canvas.channels;
    report->icc_copied = decoded.icc != NULL;
    free(decoded.icc);
    *pixels = decoded.canvas.pixels;
    return report->status = status;
}

void CAcervoImaging_image_free(unsigned char *pixels) { free(pixels); }
