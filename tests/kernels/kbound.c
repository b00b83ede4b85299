#include "kbound.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void kb_init(kb_set *s)
{
    s->v = NULL;
    s->n = s->cap = 0;
}

void kb_free(kb_set *s)
{
    free(s->v);
    kb_init(s);
}

void kb_push(kb_set *s, uint64_t bits)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        ck_assert(s->v != NULL);
    }
    s->v[s->n++] = bits;
}

/* t, its nearest input value and the neighbours +-1, +-2 ulps, both signs. */
static void point(kb_set *s, exmy_type t, double x)
{
    if (t == EXMY_TYPE_F32) {
        float c = (float)x;
        float a[5] = {c, nextafterf(c, 0), nextafterf(c, INFINITY), nextafterf(c, -INFINITY),
                      nextafterf(nextafterf(c, INFINITY), INFINITY)};
        for (int i = 0; i < 5; i++) {
            kb_push(s, tu_f32_bits(a[i]));
            kb_push(s, tu_f32_bits(-a[i]));
        }
    } else {
        double a[5] = {x, nextafter(x, 0), nextafter(x, INFINITY), nextafter(x, -INFINITY),
                       nextafter(nextafter(x, INFINITY), INFINITY)};
        for (int i = 0; i < 5; i++) {
            kb_push(s, tu_f64_bits(a[i]));
            kb_push(s, tu_f64_bits(-a[i]));
        }
    }
}

static void code_points(kb_set *s, const exmy_format *f, exmy_type t, uint64_t c, uint64_t cmax)
{
    double v = exmy_to_f64(f, (uint32_t)c);
    point(s, t, v);
    if (c < cmax)
        point(s, t, v + (exmy_to_f64(f, (uint32_t)(c + 1)) - v) / 2);
}

void kb_boundary(kb_set *s, const exmy_format *f, exmy_type t)
{
    exmy_format_info info;
    ck_assert(exmy_format_get_info(f, &info) == EXMY_OK);
    uint32_t cmax = info.max_code;
    unsigned M = info.man_bits;
    uint64_t mags = info.n_codes >> (f->is_signed ? 1 : 0);
    /* Each chosen code contributes its value and the midpoint to the next. */
    uint64_t M2 = UINT64_C(1) << M;
    if (mags <= (UINT64_C(1) << 17)) {
        for (uint64_t c = 0; c <= cmax; c++)
            code_points(s, f, t, c, cmax);
    } else {
        /* Large formats: the edges of every binade, the ends of the range,
         * and a sprinkling inside. */
        const uint64_t ms[] = {0, 1, 2, M2 / 3, M2 / 2, M2 - 3, M2 - 2, M2 - 1};
        for (uint64_t E = 0; E <= (cmax >> M); E++)
            for (size_t k = 0; k < sizeof ms / sizeof ms[0]; k++)
                if ((E << M | ms[k]) <= cmax)
                    code_points(s, f, t, E << M | ms[k], cmax);
        for (uint64_t c = 0; c < 64; c++) {
            code_points(s, f, t, c, cmax);
            code_points(s, f, t, cmax - c, cmax);
        }
    }
    /* The first value past max finite in the unbounded continuation, and
     * the midpoint below it: where overflow starts. */
    double vmax = info.max_finite;
    int e = ilogb(vmax);
    double q = ldexp(1.0, (cmax >> M) == 0 && f->subnormals ? info.emin - (int)M : e - (int)M);
    point(s, t, vmax + q / 2);
    point(s, t, vmax + q);
    point(s, t, vmax + 2 * q);
    const double marks[] = {0.0, INFINITY, FLT_MAX, FLT_MIN, FLT_TRUE_MIN, 1e30, 1e-30, 1.0,
                            info.min_subnormal / 2, info.min_subnormal / 4,
                            info.min_subnormal * 0.75, info.min_normal, vmax * 4, 0x1p-126,
                            0x1.fffffcp-127, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, 0x1p-1022, 1e300};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (t == EXMY_TYPE_F64 || !(fabs(marks[k]) < FLT_TRUE_MIN / 2 && marks[k] != 0))
            point(s, t, marks[k]);
    /* NaNs: quiet, signalling, both signs, odd payloads. */
    if (t == EXMY_TYPE_F32) {
        const uint32_t nans[] = {0x7fc00000u, 0xffc00000u, 0x7f800001u, 0xff800001u, 0x7fffffffu,
                                 0xffffffffu, 0x7fa5a5a5u};
        for (size_t k = 0; k < sizeof nans / sizeof nans[0]; k++)
            kb_push(s, nans[k]);
    } else {
        const uint64_t nans[] = {UINT64_C(0x7ff8000000000000), UINT64_C(0xfff8000000000000),
                                 UINT64_C(0x7ff0000000000001), UINT64_C(0xfff0000000000001),
                                 UINT64_C(0x7fffffffffffffff), UINT64_C(0xffffffffffffffff)};
        for (size_t k = 0; k < sizeof nans / sizeof nans[0]; k++)
            kb_push(s, nans[k]);
    }
}

void kb_random(kb_set *s, exmy_type t, size_t n, uint64_t seed)
{
    tu_rng r = {seed};
    for (size_t i = 0; i < n; i++) {
        uint64_t b = tu_next(&r);
        /* Half the time a value of moderate size, where the formats live. */
        if (i & 1) {
            double x = ldexp(tu_uniform(&r) + 0.5, (int)(tu_next(&r) % 60) - 30);
            if (b & 1)
                x = -x;
            b = t == EXMY_TYPE_F32 ? tu_f32_bits((float)x) : tu_f64_bits(x);
        }
        switch (t) {
        case EXMY_TYPE_F32: kb_push(s, (uint32_t)b); break;
        case EXMY_TYPE_F64: kb_push(s, b); break;
        default: kb_push(s, (uint16_t)b); break;
        }
    }
}

void *kb_array(const kb_set *s, exmy_type t)
{
    size_t sz = exmy_type_size(t);
    unsigned char *a = malloc(s->n * sz + 1);
    ck_assert(a != NULL);
    for (size_t i = 0; i < s->n; i++) {
        if (sz == 8) {
            memcpy(a + 8 * i, &s->v[i], 8);
        } else if (sz == 4) {
            uint32_t x = (uint32_t)s->v[i];
            memcpy(a + 4 * i, &x, 4);
        } else {
            uint16_t x = (uint16_t)s->v[i];
            memcpy(a + 2 * i, &x, 2);
        }
    }
    return a;
}
