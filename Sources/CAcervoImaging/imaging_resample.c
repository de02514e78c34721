#include "imaging_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__clang__)
/* The 8-float vector helpers below are always inlined, so no 8-float value crosses a call; the ABI
 * note clang gives for them outside the AVX2 copies does not apply. */
#pragma clang diagnostic ignored "-Wpsabi"
#endif

/* Lanczos-3: a windowed sinc, the usual choice for photographic downscaling. */
static double lanczos3(double x) {
    if (x < 0) x = -x;
    if (x < 1e-9) return 1.0;
    if (x >= 3.0) return 0.0;
    double px = M_PI * x;
    return 3.0 * sin(px) * sin(px / 3.0) / (px * px);
}

static void axis_free(acervo_imaging_axis *a) {
    free(a->start);
    free(a->count);
    free(a->weights);
    memset(a, 0, sizeof(*a));
}

static int axis_init(acervo_imaging_axis *a, unsigned int in, unsigned int out) {
    memset(a, 0, sizeof(*a));
    double scale = (double)in / (double)out;
    /* Downscaling stretches the kernel over the source so it also low-passes; equal sizes copy. */
    double filter_scale = scale > 1.0 ? scale : 1.0;
    double support = 3.0 * filter_scale;
    a->taps = in == out ? 1 : (int)ceil(support) * 2 + 1;
    a->start = malloc(sizeof(int) * out);
    a->count = malloc(sizeof(int) * out);
    /* Zeroed: the vector passes run every sample over `span` taps, and the unused ones must add nothing. */
    a->weights = calloc((size_t)out * (size_t)a->taps, sizeof(float));
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
    a->span = 1;
    for (unsigned int i = 0; i < out; i++) {
        if (a->count[i] > a->span) a->span = a->count[i];
    }
    return 0;
}

void acervo_imaging_fit(unsigned int w, unsigned int h, unsigned int longest, unsigned int *ow, unsigned int *oh) {
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

/* Whether the RGB(A) passes may use their AVX2 copies: the CPU's answer, unless the environment sets
 * ACERVO_IMAGING_PORTABLE (to anything but "0"), which keeps every machine on the portable copy, the
 * one a CPU without AVX2 runs; tests compare the two. */
static int acervo_imaging_cpu_has_avx2_fma(void) {
#if defined(__x86_64__) && defined(__clang__)
    const char *portable = getenv("ACERVO_IMAGING_PORTABLE");
    if (portable != NULL && portable[0] != '\0' && strcmp(portable, "0") != 0) return 0;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

void acervo_imaging_resampler_free(acervo_imaging_resampler *r) {
    axis_free(&r->horizontal);
    axis_free(&r->vertical);
    free(r->ring);
    free(r->line);
    free(r->sum);
    free(r->window);
    free(r->spread);
    r->spread = NULL;
    r->ring = NULL;
    r->line = NULL;
    r->sum = NULL;
    r->window = NULL;
}

int acervo_imaging_resampler_init(acervo_imaging_resampler *r, unsigned int in_width, unsigned int in_height,
                           acervo_imaging_canvas *out) {
    return acervo_imaging_resampler_init_streaming(r, in_width, in_height, out, NULL, NULL);
}

int acervo_imaging_resampler_init_streaming(acervo_imaging_resampler *r, unsigned int in_width, unsigned int in_height,
                                     acervo_imaging_canvas *out, void (*sink)(void *ctx, const unsigned char *row, unsigned int y),
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
        acervo_imaging_resampler_free(r);
        return -1;
    }
    r->lanes = out->channels >= 3 ? 4 : out->channels;
    size_t lanes = (size_t)r->lanes;
    r->ring_rows = r->vertical.taps;
    r->ring = malloc(sizeof(float) * ow * lanes * (size_t)r->ring_rows);
    /* The line is padded with `span` zero pixels: the last output samples may run past the row's end
     * with zero weights, and zero times those pixels must be zero, not NaN. */
    r->line = calloc(((size_t)in_width + (size_t)r->horizontal.span + 1) * lanes, sizeof(float));
    r->sum = malloc(sizeof(float) * ow * lanes);
    r->window = malloc(sizeof(float *) * (size_t)r->vertical.taps);
    if (r->ring == NULL || r->line == NULL || r->sum == NULL || r->window == NULL) {
        acervo_imaging_resampler_free(r);
        return -1;
    }
    if (r->lanes == 4) {
        const acervo_imaging_axis *h = &r->horizontal;
        r->pairs = (h->span + 1) / 2;
        r->spread = malloc(sizeof(float) * ow * (size_t)r->pairs * 8);
        if (r->spread == NULL) {
            acervo_imaging_resampler_free(r);
            return -1;
        }
        for (size_t x = 0; x < ow; x++) {
            const float *w = h->weights + x * (size_t)h->taps;
            float *d = r->spread + x * (size_t)r->pairs * 8;
            for (int k = 0; k < r->pairs * 2; k++) {
                float wk = k < h->count[x] ? w[k] : 0.0f;
                for (int lane = 0; lane < 4; lane++) d[k * 4 + lane] = wk;
            }
        }
        r->wide = acervo_imaging_cpu_has_avx2_fma();
    }
    return 0;
}

static unsigned char clamp8(float v) {
    if (v <= 0.0f) return 0;
    if (v >= 255.0f) return 255;
    return (unsigned char)(v + 0.5f);
}

/* Four floats, one pixel of the RGB(A) passes: plain C vector extensions, so the compiler emits SSE on
 * x86-64 and NEON on arm64 without intrinsics. Loads and stores go through memcpy: rows carry no
 * alignment promise. */
typedef float acervo_imaging_v4 __attribute__((vector_size(16)));

static inline __attribute__((always_inline)) acervo_imaging_v4 load4(const float *p) {
    acervo_imaging_v4 v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline __attribute__((always_inline)) void store4(float *p, acervo_imaging_v4 v) { memcpy(p, &v, sizeof(v)); }

/* Eight floats: two pixels of the RGB(A) passes. Compiled for AVX2 with FMA it is one register;
 * otherwise the compiler splits it into two SSE (or NEON) halves. */
typedef float acervo_imaging_v8 __attribute__((vector_size(32)));

static inline __attribute__((always_inline)) acervo_imaging_v8 load8(const float *p) {
    acervo_imaging_v8 v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline __attribute__((always_inline)) void store8(float *p, acervo_imaging_v8 v) { memcpy(p, &v, sizeof(v)); }

typedef unsigned char acervo_imaging_b8 __attribute__((vector_size(8)));

/* Widens one input row to floats, a pixel per 4 lanes (RGB gets a zero spare lane); RGBA is
 * premultiplied so transparent pixels lend no colour to their neighbours. RGB goes two pixels at a
 * time: 8 bytes loaded, their first 6 spread over 8 lanes, converted at once. */
static inline __attribute__((always_inline)) void widen_quad(const acervo_imaging_resampler *r, const unsigned char *row,
                                                             float *line) {
    const size_t n = (size_t)r->in_width;
    if (r->channels == 3) {
        const acervo_imaging_b8 zero = {0};
        size_t x = 0;
        /* 8 bytes are read for 6: stop while 2 spare bytes remain inside the row. */
        for (; x + 3 <= n; x += 2) {
            acervo_imaging_b8 b;
            memcpy(&b, row + x * 3, sizeof(b));
            acervo_imaging_b8 spread = __builtin_shufflevector(b, zero, 0, 1, 2, 8, 3, 4, 5, 8);
            store8(line + x * 4, __builtin_convertvector(spread, acervo_imaging_v8));
        }
        for (; x < n; x++) {
            const unsigned char *p = row + x * 3;
            float *d = line + x * 4;
            d[0] = p[0];
            d[1] = p[1];
            d[2] = p[2];
            d[3] = 0.0f;
        }
        return;
    }
    for (size_t x = 0; x < n; x++) {
        const unsigned char *p = row + x * 4;
        float *d = line + x * 4;
        float a = p[3] * (1.0f / 255.0f);
        d[0] = p[0] * a;
        d[1] = p[1] * a;
        d[2] = p[2] * a;
        d[3] = p[3];
    }
}

static inline __attribute__((always_inline)) acervo_imaging_v4 fold8(acervo_imaging_v8 v) {
    acervo_imaging_v4 lo = {v[0], v[1], v[2], v[3]}, hi = {v[4], v[5], v[6], v[7]};
    return lo + hi;
}

/* The horizontal pass for RGB and RGBA over the widened line: each output pixel is the sum over its
 * taps of weight times source pixel, two taps per 8-float vector (a spread weight pair times two
 * neighbouring pixels), and the two halves folded at the end. Four output pixels are filtered together
 * so that their sums form independent dependency chains: one sum at a time would wait on the adder's
 * latency at every pair. Always inlined into a plain and an AVX2 copy. */
static inline __attribute__((always_inline)) void horizontal_quad(const acervo_imaging_resampler *r, float *dst) {
    const acervo_imaging_axis *h = &r->horizontal;
    const unsigned int ow = r->out->width;
    const int pairs = r->pairs;
    const size_t stride = (size_t)pairs * 8;
    const float *line = r->line;
    unsigned int x = 0;
    for (; x + 4 <= ow; x += 4) {
        const float *w0 = r->spread + (size_t)x * stride, *w1 = w0 + stride, *w2 = w1 + stride, *w3 = w2 + stride;
        const float *s0 = line + (size_t)h->start[x] * 4, *s1 = line + (size_t)h->start[x + 1] * 4;
        const float *s2 = line + (size_t)h->start[x + 2] * 4, *s3 = line + (size_t)h->start[x + 3] * 4;
        acervo_imaging_v8 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
        for (int j = 0; j < pairs; j++) {
            a0 += load8(w0 + 8 * j) * load8(s0 + 8 * j);
            a1 += load8(w1 + 8 * j) * load8(s1 + 8 * j);
            a2 += load8(w2 + 8 * j) * load8(s2 + 8 * j);
            a3 += load8(w3 + 8 * j) * load8(s3 + 8 * j);
        }
        store4(dst + (size_t)x * 4, fold8(a0));
        store4(dst + (size_t)x * 4 + 4, fold8(a1));
        store4(dst + (size_t)x * 4 + 8, fold8(a2));
        store4(dst + (size_t)x * 4 + 12, fold8(a3));
    }
    for (; x < ow; x++) {
        const float *w = r->spread + (size_t)x * stride;
        const float *src = line + (size_t)h->start[x] * 4;
        acervo_imaging_v8 a = {0};
        for (int j = 0; j < pairs; j++) a += load8(w + 8 * j) * load8(src + 8 * j);
        store4(dst + (size_t)x * 4, fold8(a));
    }
}

/* The vertical pass for RGB and RGBA into r->sum: each float of the output row is the weighted sum of
 * the same float in the rows of its window, 32 floats at a time in four independent sums. */
static inline __attribute__((always_inline)) void vertical_quad(const acervo_imaging_resampler *r, const float *w, int n) {
    const size_t width = (size_t)r->out->width * 4;
    const float **rows = r->window;
    float *sum = r->sum;
    size_t i = 0;
    for (; i + 32 <= width; i += 32) {
        acervo_imaging_v8 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
        for (int k = 0; k < n; k++) {
            const float *src = rows[k] + i;
            const float wk = w[k];
            a0 += wk * load8(src);
            a1 += wk * load8(src + 8);
            a2 += wk * load8(src + 16);
            a3 += wk * load8(src + 24);
        }
        store8(sum + i, a0);
        store8(sum + i + 8, a1);
        store8(sum + i + 16, a2);
        store8(sum + i + 24, a3);
    }
    for (; i < width; i += 4) {
        acervo_imaging_v4 a = {0, 0, 0, 0};
        for (int k = 0; k < n; k++) a += w[k] * load4(rows[k] + i);
        store4(sum + i, a);
    }
}

/* 8-bit RGB from the vertical sums (4 floats a pixel), clamped and rounded as clamp8 does: two pixels
 * at a time, their 8 lanes clamped, converted and packed, the 6 bytes that are colour stored. */
static inline __attribute__((always_inline)) void narrow_rgb(const float *sum, unsigned char *dst, unsigned int ow) {
    const acervo_imaging_v8 low = {0}, high = {255, 255, 255, 255, 255, 255, 255, 255};
    const acervo_imaging_v8 half = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    unsigned int x = 0;
    for (; x + 2 <= ow; x += 2) {
        acervo_imaging_v8 v = __builtin_elementwise_min(__builtin_elementwise_max(load8(sum + (size_t)x * 4), low), high);
        acervo_imaging_b8 b = __builtin_convertvector(v + half, acervo_imaging_b8);
        acervo_imaging_b8 packed = __builtin_shufflevector(b, b, 0, 1, 2, 4, 5, 6, 3, 7);
        memcpy(dst + (size_t)x * 3, &packed, 6);
    }
    for (; x < ow; x++) {
        const float *s = sum + (size_t)x * 4;
        unsigned char *d = dst + (size_t)x * 3;
        d[0] = clamp8(s[0]);
        d[1] = clamp8(s[1]);
        d[2] = clamp8(s[2]);
    }
}

/* The RGB(A) row work, compiled twice from the same inline code: for AVX2 with FMA, and plain. */
#if defined(__x86_64__) && defined(__clang__)
__attribute__((target("avx2,fma"))) static void filter_quad_avx2(const acervo_imaging_resampler *r, const unsigned char *row,
                                                                 float *dst) {
    widen_quad(r, row, r->line);
    horizontal_quad(r, dst);
}

__attribute__((target("avx2,fma"))) static void emit_quad_avx2(const acervo_imaging_resampler *r, const float *w, int n,
                                                               unsigned char *dst) {
    vertical_quad(r, w, n);
    if (!r->alpha) narrow_rgb(r->sum, dst, r->out->width);
}
#endif

static void filter_quad_plain(const acervo_imaging_resampler *r, const unsigned char *row, float *dst) {
    widen_quad(r, row, r->line);
    horizontal_quad(r, dst);
}

static void emit_quad_plain(const acervo_imaging_resampler *r, const float *w, int n, unsigned char *dst) {
    vertical_quad(r, w, n);
    if (!r->alpha) narrow_rgb(r->sum, dst, r->out->width);
}

static void filter_row_quad(const acervo_imaging_resampler *r, const unsigned char *row, float *dst) {
#if defined(__x86_64__) && defined(__clang__)
    if (r->wide) {
        filter_quad_avx2(r, row, dst);
        return;
    }
#endif
    filter_quad_plain(r, row, dst);
}

/* The horizontal pass for grey and grey + alpha, a float per channel. */
static void filter_row_plain(const acervo_imaging_resampler *r, const unsigned char *row, float *dst) {
    const acervo_imaging_axis *h = &r->horizontal;
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

/* Straight 8-bit pixels from premultiplied sums: an alpha that rounds to 0 leaves no colour. */
static void unpremultiply(const float *sum, unsigned char *dst, size_t pixels, int ch) {
    for (size_t p = 0; p < pixels; p++) {
        const float *s = sum + p * (size_t)ch;
        unsigned char *d = dst + p * (size_t)ch;
        float a = s[ch - 1];
        unsigned char a8 = clamp8(a);
        d[ch - 1] = a8;
        for (int c = 0; c < ch - 1; c++) d[c] = a8 == 0 ? 0 : clamp8(s[c] * 255.0f / a);
    }
}

/* The vertical pass for output row y, RGB or RGBA, then the 8-bit pixels. */
static void emit_row_quad(acervo_imaging_resampler *r, unsigned int y, unsigned char *dst) {
    const acervo_imaging_axis *v = &r->vertical;
    const unsigned int ow = r->out->width;
    const size_t width = (size_t)ow * 4;
    const float *w = v->weights + (size_t)y * (size_t)v->taps;
    const int n = v->count[y];
    for (int k = 0; k < n; k++) r->window[k] = r->ring + (size_t)((v->start[y] + k) % r->ring_rows) * width;
#if defined(__x86_64__) && defined(__clang__)
    if (r->wide) {
        emit_quad_avx2(r, w, n, dst);
    } else {
        emit_quad_plain(r, w, n, dst);
    }
#else
    emit_quad_plain(r, w, n, dst);
#endif
    if (r->alpha) unpremultiply(r->sum, dst, ow, 4);
}

/* The vertical pass for output row y, grey or grey + alpha. */
static void emit_row_plain(acervo_imaging_resampler *r, unsigned int y, unsigned char *dst) {
    const acervo_imaging_axis *v = &r->vertical;
    const size_t width = (size_t)r->out->width * (size_t)r->channels;
    const float *w = v->weights + (size_t)y * (size_t)v->taps;
    float *sum = r->sum;
    memset(sum, 0, sizeof(float) * width);
    for (int k = 0; k < v->count[y]; k++) {
        const float *src = r->ring + (size_t)((v->start[y] + k) % r->ring_rows) * width;
        const float wk = w[k];
        for (size_t i = 0; i < width; i++) sum[i] += wk * src[i];
    }
    if (r->alpha) {
        unpremultiply(sum, dst, r->out->width, r->channels);
        return;
    }
    for (size_t i = 0; i < width; i++) dst[i] = clamp8(sum[i]);
}

static void emit_row(acervo_imaging_resampler *r, unsigned int y) {
    const size_t row_bytes = (size_t)r->out->width * (size_t)r->channels;
    unsigned char *dst = r->out->pixels + (r->sink != NULL ? 0 : (size_t)y * row_bytes);
    if (r->lanes == 4) {
        emit_row_quad(r, y, dst);
    } else {
        emit_row_plain(r, y, dst);
    }
    if (r->sink != NULL) r->sink(r->sink_ctx, dst, y);
}

void acervo_imaging_resampler_push(acervo_imaging_resampler *r, const unsigned char *row) {
    if (r->rows_in >= r->in_height) return;
    const size_t width = (size_t)r->out->width * (size_t)r->lanes;
    float *slot = r->ring + (size_t)(r->rows_in % (unsigned int)r->ring_rows) * width;
    if (r->lanes == 4) {
        filter_row_quad(r, row, slot);
    } else {
        filter_row_plain(r, row, slot);
    }
    r->rows_in++;
    const acervo_imaging_axis *v = &r->vertical;
    while (r->rows_out < r->out->height &&
           (unsigned int)(v->start[r->rows_out] + v->count[r->rows_out]) <= r->rows_in) {
        emit_row(r, r->rows_out);
        r->rows_out++;
    }
}
