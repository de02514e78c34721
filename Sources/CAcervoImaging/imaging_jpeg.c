#include "imaging_internal.h"
#include "jpeg_errors.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/* The decoder's state beside libjpeg's error manager (first, so cinfo->err points at both): why it stopped. */
struct decode_state {
    acervo_jpeg_errors errors;
    int status;
    unsigned int max_scans;
    CAcervoImaging_normalize_report *report;
};

/* A progressive file may hold any number of scans, each a full pass over the coefficients: cap them. */
static void decode_progress(j_common_ptr cinfo) {
    struct decode_state *err = (struct decode_state *)cinfo->err;
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (d->input_scan_number > (int)err->max_scans) {
        char text[128];
        snprintf(text, sizeof(text), "more than %u progressive scans", err->max_scans);
        acervo_imaging_set_message(err->report, text);
        err->status = CAcervoImaging_normalize_refused;
        longjmp(err->errors.jump, 1);
    }
    /* The first call comes once the decoder's modules exist: from here on, refinement scans are ours. */
    acervo_imaging_jpeg_refine_attach(d);
}

/* The orientation from the first EXIF APP1 segment, if any. */
static int marker_orientation(j_decompress_ptr cinfo) {
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next) {
        if (m->marker != JPEG_APP0 + 1 || m->data_length < 6 || memcmp(m->data, "Exif\0\0", 6) != 0) continue;
        return CAcervoImaging_exif_orientation(m->data + 6, m->data_length - 6);
    }
    return 1;
}

/* Bytes of the whole-image coefficient buffer a multi-scan file needs: one 128-byte block per 8x8. */
static unsigned long long coefficient_bytes(j_decompress_ptr cinfo) {
    int max_h = 1, max_v = 1;
    for (int i = 0; i < cinfo->num_components; i++) {
        if (cinfo->comp_info[i].h_samp_factor > max_h) max_h = cinfo->comp_info[i].h_samp_factor;
        if (cinfo->comp_info[i].v_samp_factor > max_v) max_v = cinfo->comp_info[i].v_samp_factor;
    }
    unsigned long long total = 0;
    for (int i = 0; i < cinfo->num_components; i++) {
        unsigned long long w = ((unsigned long long)cinfo->image_width * (unsigned)cinfo->comp_info[i].h_samp_factor + (unsigned)max_h - 1) / (unsigned)max_h;
        unsigned long long h = ((unsigned long long)cinfo->image_height * (unsigned)cinfo->comp_info[i].v_samp_factor + (unsigned)max_v - 1) / (unsigned)max_v;
        /* Rounded up to whole MCUs, as libjpeg allocates them. */
        unsigned long long bw = (w + 7) / 8 + (unsigned)max_h, bh = (h + 7) / 8 + (unsigned)max_v;
        total += bw * bh * sizeof(JBLOCK);
    }
    return total;
}

int acervo_imaging_decode_jpeg(const char *source, const CAcervoImaging_normalize_settings *settings,
                        acervo_imaging_stream *stream, acervo_imaging_decoded *out, CAcervoImaging_normalize_report *report) {
    struct jpeg_decompress_struct cinfo;
    struct decode_state err;
    struct jpeg_progress_mgr progress;
    acervo_imaging_jpeg_refine refine;
    /* On the heap, so its pointer is the only thing that changes after setjmp, and it is volatile. */
    acervo_imaging_resampler *volatile resampler = NULL;
    FILE *volatile file = NULL;
    unsigned char *volatile row = NULL;
    unsigned char *volatile rgb = NULL;
    acervo_imaging_cmyk *volatile cmyk_colour = NULL;
    volatile int created = 0;
    volatile int resampling = 0;

    memset(out, 0, sizeof(*out));
    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = acervo_jpeg_errors_init(&err.errors, report->message, sizeof(report->message), 1);
    err.report = report;
    err.status = CAcervoImaging_normalize_ok;
    err.max_scans = settings->max_scans;
    refine.scans = 0;

    if (setjmp(err.errors.jump)) {
        report->refinement_scans = refine.scans;
        report->warnings = (int)err.errors.warnings;
        /* A stop of libjpeg's own is corruption, unless the data ran out. */
        int status = err.status == CAcervoImaging_normalize_ok ? CAcervoImaging_normalize_corrupt : err.status;
        if (err.errors.truncated || (cinfo.err != NULL && err.errors.base.msg_code == JERR_INPUT_EMPTY)) {
            status = CAcervoImaging_normalize_truncated;
        }
        if (resampling) acervo_imaging_resampler_free(resampler);
        free(resampler);
        if (created) jpeg_destroy_decompress(&cinfo);
        if (file != NULL) fclose(file);
        free(row);
        free(rgb);
        acervo_imaging_cmyk_close(cmyk_colour);
        acervo_imaging_decoded_free(out);
        return status;
    }
    file = fopen(source, "rb");
    if (file == NULL) {
        acervo_imaging_set_message(report, "cannot open the file");
        return CAcervoImaging_normalize_io;
    }
    jpeg_create_decompress(&cinfo);
    created = 1;
    /* Without a backing store, libjpeg refuses any request past this instead of swapping. */
    cinfo.mem->max_memory_to_use = (long)settings->max_decoder_memory;
    progress.progress_monitor = decode_progress;
    cinfo.progress = &progress;
    cinfo.client_data = &refine;
    jpeg_stdio_src(&cinfo, file);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);
    if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
        acervo_imaging_set_message(report, "no image in the JPEG");
        err.status = CAcervoImaging_normalize_corrupt;
        longjmp(err.errors.jump, 1);
    }
    report->source_width = cinfo.image_width;
    report->source_height = cinfo.image_height;

    /* Limits, from the header alone. */
    char text[200];
    unsigned long long pixels = (unsigned long long)cinfo.image_width * cinfo.image_height;
    if (cinfo.image_width > settings->max_side || cinfo.image_height > settings->max_side || pixels > settings->max_pixels) {
        snprintf(text, sizeof(text), "%ux%u pixels is over the limit (%u per side, %llu in all)", cinfo.image_width,
                 cinfo.image_height, settings->max_side, settings->max_pixels);
        acervo_imaging_set_message(report, text);
        err.status = CAcervoImaging_normalize_refused;
        longjmp(err.errors.jump, 1);
    }
    if (cinfo.progressive_mode || cinfo.arith_code) {
        unsigned long long need = coefficient_bytes(&cinfo);
        if (need > settings->max_decoder_memory) {
            snprintf(text, sizeof(text), "a multi-scan %ux%u JPEG needs %llu MB of coefficients, over the %llu MB limit",
                     cinfo.image_width, cinfo.image_height, need >> 20, settings->max_decoder_memory >> 20);
            acervo_imaging_set_message(report, text);
            err.status = CAcervoImaging_normalize_refused;
            longjmp(err.errors.jump, 1);
        }
    }
    if (cinfo.data_precision != 8) {
        acervo_imaging_set_message(report, "only 8-bit JPEG is handled");
        err.status = CAcervoImaging_normalize_unsupported;
        longjmp(err.errors.jump, 1);
    }

    out->orientation = marker_orientation(&cinfo);
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    int channels;
    if (cinfo.jpeg_color_space == JCS_GRAYSCALE) {
        cinfo.out_color_space = JCS_GRAYSCALE;
        channels = 1;
    } else if (cmyk) {
        cinfo.out_color_space = JCS_CMYK;
        channels = 3;
    } else {
        cinfo.out_color_space = JCS_RGB;
        channels = 3;
    }
    {
        JOCTET *icc = NULL;
        unsigned int icc_len = 0;
        if (!jpeg_read_icc_profile(&cinfo, &icc, &icc_len)) icc = NULL;
        if (!cmyk) {
            out->icc = icc;
            out->icc_len = icc != NULL ? icc_len : 0;
        } else {
            /* A CMYK profile does not describe the sRGB we make: it drives the conversion, and goes no further. */
            int colour = CAcervoImaging_colour_as_stored;
            cmyk_colour = acervo_imaging_cmyk_open(icc, icc != NULL ? icc_len : 0, cinfo.saw_Adobe_marker, settings->cmyk_profile,
                                            &colour, report->colour_profile, sizeof(report->colour_profile));
            free(icc);
            if (cmyk_colour == NULL) {
                acervo_imaging_set_message(report, "out of memory for the colour conversion");
                err.status = CAcervoImaging_normalize_no_memory;
                longjmp(err.errors.jump, 1);
            }
            report->colour = colour;
        }
    }

    /* Shrink on load: the coarsest power-of-two DCT scale that still leaves the target size. */
    unsigned int tw, th;
    acervo_imaging_fit(cinfo.image_width, cinfo.image_height, settings->max_dimension, &tw, &th);
    int denom = 1;
    for (int d = 8; d > 1; d /= 2) {
        unsigned int sw = (cinfo.image_width + (unsigned)d - 1) / (unsigned)d;
        unsigned int sh = (cinfo.image_height + (unsigned)d - 1) / (unsigned)d;
        if (sw >= tw && sh >= th) {
            denom = d;
            break;
        }
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned)denom;
    report->scale_denom = denom;
    jpeg_start_decompress(&cinfo);

    out->canvas.width = tw;
    out->canvas.height = th;
    out->canvas.channels = channels;
    /* Upright rows can go straight to the encoder: then only the filter window is ever held. */
    int streaming = stream != NULL && stream->begin(stream, &out->canvas, out->orientation, out->icc, out->icc_len);
    resampler = calloc(1, sizeof(acervo_imaging_resampler));
    if (resampler == NULL ||
        acervo_imaging_resampler_init_streaming(resampler, cinfo.output_width, cinfo.output_height, &out->canvas,
                                         streaming ? stream->row : NULL, stream) != 0) {
        acervo_imaging_set_message(report, "out of memory for the resampler");
        err.status = CAcervoImaging_normalize_no_memory;
        if (resampler != NULL) acervo_imaging_resampler_free(resampler);
        longjmp(err.errors.jump, 1);
    }
    resampling = 1;
    row = malloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
    if (cmyk) rgb = malloc((size_t)cinfo.output_width * 3);
    if (row == NULL || (cmyk && rgb == NULL)) {
        acervo_imaging_set_message(report, "out of memory for a row");
        err.status = CAcervoImaging_normalize_no_memory;
        longjmp(err.errors.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rp = row;
        if (jpeg_read_scanlines(&cinfo, &rp, 1) != 1) break;
        if (cmyk) {
            acervo_imaging_cmyk_row(cmyk_colour, row, rgb, cinfo.output_width);
            acervo_imaging_resampler_push(resampler, rgb);
        } else {
            acervo_imaging_resampler_push(resampler, row);
        }
        if (err.errors.truncated) {
            /* libjpeg would fill the rest with grey: a derivative of half a picture is no derivative. */
            err.status = CAcervoImaging_normalize_truncated;
            acervo_imaging_set_message(report, "the JPEG data ends before the image does");
            longjmp(err.errors.jump, 1);
        }
    }
    jpeg_finish_decompress(&cinfo);
    if (err.errors.truncated) {
        err.status = CAcervoImaging_normalize_truncated;
        acervo_imaging_set_message(report, "the JPEG data ends before the image does");
        longjmp(err.errors.jump, 1);
    }
    resampling = 0;
    acervo_imaging_resampler_free(resampler);
    free(resampler);
    jpeg_destroy_decompress(&cinfo);
    fclose(file);
    free(row);
    free(rgb);
    acervo_imaging_cmyk_close(cmyk_colour);
    report->channels = channels;
    report->refinement_scans = refine.scans;
    report->warnings = (int)err.errors.warnings;
    return CAcervoImaging_normalize_ok;
}
