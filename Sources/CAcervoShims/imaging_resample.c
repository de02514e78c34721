#include "imaging_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Lanczos-3: a windowed sinc, the usual choice for photographic downscaling. */
static double lanczos3(double x) {
    if (x < 0) x = -x;
    if (x < 1e-9) return 1.0;
    if (x >= 3.0) return 0.0;
    double px = M_PI * x;
    return 3.0 * sin(px) * sin(px / 3.0) / (px * px);
}

static void axis_free(imaging_axis *a) {
    free(a->start);
    free(a->count);
    free(a->weights);
    memset(a, 0, sizeof(*a));
}

static int axis_init(imaging_axis *a, unsigned int in, unsigned int out) {
    memset(a, 0, sizeof(*a));
    double scale = (double)in / (double)out;
    /* Downscaling stretches the kernel over the source so it also low-passes; equal sizes copy. */
    double filter_scale = scale > 1.0 ? scale : 1.0;
    double support = 3.0 * filter_scale;
    a->taps = in == out ? 1 : (int)ceil(support) * 2 + 1;
    a->start = malloc(sizeof(int) * out);
    a->count = malloc(sizeof(int) * out);
    a->weights = malloc(sizeof(float) * (size_t)out * (size_t)a->taps);
    if (a->start == NULL || a->count == NULL || a->weights == NULL) {
        axis_free(a);
        return -1;
    }
    for (unsigned int i = 0; i < out; i++) {
        float *w = a->weights + (size_t)i * (size_t)a->taps;
        if (in == out) {
            a->start[i] = (int)i;
            a->count[i] = 1;
            w[0] = 1.0f;
            continue;
        }
        double center = ((double)i + 0.5) * scale;
        int lo = (int)floor(center - support);
        int hi = (int)ceil(center + support);
        if (lo < 0) lo = 0;
        if (hi > (int)in) hi = (int)in;
        if (hi - lo > a->taps) hi = lo + a->taps;
        double total = 0;
        for (int j = lo; j < hi; j++) {
            double v = lanczos3(((double)j + 0.5 - center) / filter_scale);
            w[j - lo] = (float)v;
            total += v;
        }
        if (total == 0) total = 1;
        for (int j = lo; j < hi; j++) w[j - lo] = (float)(w[j - lo] / total);
        a->start[i] = lo;
        a->count[i] = hi - lo;
    }
    return 0;
}

void imaging_fit(unsigned int w, unsigned int h, unsigned int longest, unsigned int *ow, unsigned int *oh) {
    unsigned int side = w > h ? w : h;
    if (longest == 0 || side <= longest) {
        *ow = w;
        *oh = h;
        return;
    }
    double f = (double)longest / (double)side;
    unsigned int a = (unsigned int)floor((double)w * f + 0.5);
    unsigned int b = (unsigned int)floor((double)h * f + 0.5);
    *ow = a < 1 ? 1 : a;
    *oh = b < 1 ? 1 : b;
}

void imaging_resampler_free(imaging_resampler *r) {
    axis_free(&r->horizontal);
    axis_free(&r->vertical);
    free(r->ring);
    free(r->line);
    free(r->sum);
    r->ring = NULL;
    r->line = NULL;
    r->sum = NULL;
}

int imaging_resampler_init(imaging_resampler *r, unsigned int in_width, unsigned int in_height,
                           imaging_canvas *out) {
    return imaging_resampler_init_streaming(r, in_width, in_height, out, NULL, NULL);
}

int imaging_resampler_init_streaming(imaging_resampler *r, unsigned int in_width, unsigned int in_height,
                                     imaging_canvas *out, void (*sink)(void *ctx, const unsigned char *row, unsigned int y),
                                     void *sink_ctx) {
    memset(r, 0, sizeof(*r));
    r->sink = sink;
    r->sink_ctx = sink_ctx;
    r->in_width = in_width;
    r->in_height = in_height;
    r->out = out;
    r->channels = out->channels;
    r->alpha = out->channels == 2 || out->channels == 4;
    size_t ow = out->width, ch = (size_t)out->channels;
    out->pixels = malloc(ow * (sink != NULL ? 1 : out->height) * ch);
    if (out->pixels == NULL) return -1;
    if (axis_init(&r->horizontal, in_width, out->width) != 0 ||
        axis_init(&r->vertical, in_height, out->height) != 0) {
        imaging_resampler_free(r);
        return -1;
    }
    r->ring_rows = r->vertical.taps;
    r->ring = malloc(sizeof(float) * ow * ch * (size_t)r->ring_rows);
    r->line = malloc(sizeof(float) * (size_t)in_width * ch);
    r->sum = malloc(sizeof(float) * ow * ch);
    if (r->ring == NULL || r->line == NULL || r->sum == NULL) {
        imaging_resampler_free(r);
        return -1;
    }
    return 0;
}

/* The horizontal pass of one input row into a ring slot. */
static void filter_row(imaging_resampler *r, const unsigned char *row, float *dst) {
    const imaging_axis *h = &r->horizontal;
    const unsigned int ow = r->out->width;
    const int ch = r->channels;
    float *line = r->line;
    const size_t n = (size_t)r->in_width;
    if (r->alpha) {
        /* Premultiply so transparent pixels lend no colour to their neighbours. */
        for (size_t x = 0; x < n; x++) {
            const unsigned char *p = row + x * (size_t)ch;
            float a = p[ch - 1] * (1.0f / 255.0f);
            for (int c = 0; c < ch - 1; c++) line[x * (size_t)ch + (size_t)c] = p[c] * a;
            line[x * (size_t)ch + (size_t)(ch - 1)] = p[ch - 1];
        }
    } else {
        for (size_t i = 0; i < n * (size_t)ch; i++) line[i] = row[i];
    }
    if (ch == 3) {
        for (unsigned int x = 0; x < ow; x++) {
            const float *w = h->weights + (size_t)x * (size_t)h->taps;
            const float *s = line + (size_t)h->start[x] * 3;
            float a0 = 0, a1 = 0, a2 = 0;
            for (int k = 0; k < h->count[x]; k++) {
                a0 += w[k] * s[0];
                a1 += w[k] * s[1];
                a2 += w[k] * s[2];
                s += 3;
            }
            dst[x * 3] = a0;
            dst[x * 3 + 1] = a1;
            dst[x * 3 + 2] = a2;
        }
        return;
    }
    for (unsigned int x = 0; x < ow; x++) {
        const float *w = h->weights + (size_t)x * (size_t)h->taps;
        const float *s = line + (size_t)h->start[x] * (size_t)ch;
        for (int c = 0; c < ch; c++) {
            float acc = 0;
            for (int k = 0; k < h->count[x]; k++) acc += w[k] * s[(size_t)k * (size_t)ch + (size_t)c];
            dst[(size_t)x * (size_t)ch + (size_t)c] = acc;
        }
    }
}

static unsigned char clamp8(float v) {
    if (v <= 0.0f) return 0;
    if (v >= 255.0f) return 255;
    return (unsigned char)(v + 0.5f);
}

/* The vertical pass for output row y, whose window is in the ring. */
static void emit_row(imaging_resampler *r, unsigned int y) {
    const imaging_axis *v = &r->vertical;
    const size_t width = (size_t)r->out->width * (size_t)r->channels;
    const float *w = v->weights + (size_t)y * (size_t)v->taps;
    float *sum = r->sum;
    memset(sum, 0, sizeof(float) * width);
    for (int k = 0; k < v->count[y]; k++) {
        const float *src = r->ring + (size_t)((v->start[y] + k) % r->ring_rows) * width;
        const float wk = w[k];
        for (size_t i = 0; i < width; i++) sum[i] += wk * src[i];
    }
    unsigned char *dst = r->out->pixels + (r->sink != NULL ? 0 : (size_t)y * width);
    if (!r->alpha) {
        for (size_t i = 0; i < width; i++) dst[i] = clamp8(sum[i]);
        if (r->sink != NULL) r->sink(r->sink_ctx, dst, y);
        return;
    }
    const int ch = r->channels;
    for (size_t x = 0; x < width; x += (size_t)ch) {
        float a = sum[x + (size_t)ch - 1];
        unsigned char a8 = clamp8(a);
        dst[x + (size_t)ch - 1] = a8;
        for (int c = 0; c < ch - 1; c++) {
            dst[x + (size_t)c] = a8 == 0 ? 0 : clamp8(sum[x + (size_t)c] * 255.0f / a);
        }
    }
    if (r->sink != NULL) r->sink(r->sink_ctx, dst, y);
}

void imaging_resampler_push(imaging_resampler *r, const unsigned char *row) {
    if (r->rows_in >= r->in_height) return;
    const size_t width = (size_t)r->out->width * (size_t)r->channels;
    filter_row(r, row, r->ring + (size_t)(r->rows_in % (unsigned int)r->ring_rows) * width);
    r->rows_in++;
    const imaging_axis *v = &r->vertical;
    while (r->rows_out < r->out->height &&
           (unsigned int)(v->start[r->rows_out] + v->count[r->rows_out]) <= r->rows_in) {
        emit_row(r, r->rows_out);
        r->rows_out++;
    }
}
