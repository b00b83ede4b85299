/* The profile test harness (harness.h): input generation and comparison only.
 * Expected codes always come from the caller's model. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <float.h>
#include <string.h>

/* ------------------------------------------------------------ inputs */

typedef struct ph_vec {
    uint32_t *v;
    size_t n, cap;
} ph_vec;

static void push(ph_vec *s, uint32_t x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 4096;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v)
            abort();
    }
    s->v[s->n++] = x;
}

/* x and its binary32 neighbours within 2 ulps (same sign, never crossing
 * into NaN), both signs. */
static void push_around(ph_vec *s, uint32_t x)
{
    x &= 0x7fffffffu;
    for (int d = -2; d <= 2; d++) {
        int64_t y = (int64_t)x + d;
        if (y < 0 || y > 0x7f800000)
            continue;
        push(s, (uint32_t)y);
        push(s, (uint32_t)y | 0x80000000u);
    }
}

/* A binary64 that is exactly a binary32 (finite), as bits; false if not. */
static bool as_f32(double v, uint32_t *bits)
{
    if (!(fabs(v) <= (double)FLT_MAX))
        return false;
    float f = (float)v;
    if ((double)f != v)
        return false;
    memcpy(bits, &f, sizeof *bits);
    return true;
}

static void push_value(ph_vec *s, double v)
{
    uint32_t b;
    if (as_f32(v, &b))
        push_around(s, b);
}

/* The value grid of a format wider than 16 bits (tf32, binary32): in every
 * binade, the first two and last two significands and the midpoints next to
 * them. */
static void push_wide_grid(ph_vec *s, const exmy_format_info *in)
{
    unsigned M = in->man_bits;
    for (int e = in->emin - 1; e <= in->emax && e <= 127; e++) {
        double ulp = ldexp(1.0, e - (int)M);
        double lo = ldexp(1.0, e);
        double hi = ldexp(2.0, e);
        double cand[] = {lo, lo + ulp, lo + 2 * ulp, lo + ulp / 2, lo + 1.5 * ulp,
                         hi - ulp, hi - 2 * ulp, hi - ulp / 2, hi - 1.5 * ulp};
        for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++)
            push_value(s, cand[i]);
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

uint32_t *ph_boundary_f32(const exmy_format *f, size_t *n)
{
    ph_vec s = {0};
    exmy_format_info in;
    if (exmy_format_get_info(f, &in) != EXMY_OK)
        abort();
    if (f->bits <= 16) {
        size_t nv = 0;
        if (exmy_format_values(f, NULL, &nv) != EXMY_OK)
            abort();
        double *v = malloc((nv + 1) * sizeof *v);
        if (!v || exmy_format_values(f, v, &nv) != EXMY_OK)
            abort();
        for (size_t i = 0; i < nv; i++) {
            push_value(&s, v[i]);
            if (i + 1 < nv)
                push_value(&s, v[i] / 2 + v[i + 1] / 2);
        }
        /* Above max finite: the midpoint to the next binade step, and twice max. */
        double ulp_top = ldexp(1.0, in.emax - (int)in.man_bits);
        push_value(&s, in.max_finite + ulp_top / 2);
        push_value(&s, in.max_finite + ulp_top);
        push_value(&s, in.max_finite * 2);
        /* Below the smallest value: its half, quarter and three quarters. */
        push_value(&s, in.min_subnormal / 2);
        push_value(&s, in.min_subnormal / 4);
        push_value(&s, in.min_subnormal * 0.75);
        free(v);
    } else {
        push_wide_grid(&s, &in);
    }
    /* binary32's own boundaries: zeros, subnormals, normals, max, Inf. */
    static const uint32_t special[] = {0x00000000u, 0x00000001u, 0x00000002u, 0x00400000u,
                                       0x007ffffeu, 0x007fffffu, 0x00800000u, 0x00800001u,
                                       0x3f800000u, 0x7f7ffffeu, 0x7f7fffffu, 0x7f800000u};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        push(&s, special[i]);
        push(&s, special[i] | 0x80000000u);
    }
    for (uint32_t e = 0; e < 255; e++) /* powers of two 2^-126 .. 2^127 */
        push_around(&s, e << 23);
    for (int k = 0; k < 23; k++) /* subnormal powers of two 2^-149 .. 2^-127 */
        push_around(&s, 1u << k);
    /* NaNs: quiet and signalling, several payloads, both signs. */
    static const uint32_t nans[] = {0x7fc00000u, 0x7fc00001u, 0x7fffffffu, 0x7fe00000u,
                                    0x7fd55555u, 0x7f800001u, 0x7fa00000u, 0x7fbfffffu,
                                    0x7f802000u, 0x7f801fffu};
    for (size_t i = 0; i < sizeof nans / sizeof nans[0]; i++) {
        push(&s, nans[i]);
        push(&s, nans[i] | 0x80000000u);
    }
    qsort(s.v, s.n, sizeof *s.v, cmp_u32);
    size_t w = 0;
    for (size_t i = 0; i < s.n; i++)
        if (w == 0 || s.v[w - 1] != s.v[i])
            s.v[w++] = s.v[i];
    *n = w;
    return s.v;
}

/* ------------------------------------------------------------ comparison */

/* The input's value, for messages only. */
static double input_value(exmy_type type, uint64_t x)
{
    switch (type) {
    case EXMY_TYPE_F64: return tu_f64_from_bits(x);
    case EXMY_TYPE_F32: return (double)tu_f32_from_bits((uint32_t)x);
    case EXMY_TYPE_BF16: return (double)tu_f32_from_bits((uint32_t)x << 16);
    case EXMY_TYPE_F16: {
        unsigned e = (unsigned)(x >> 10) & 0x1f, m = (unsigned)x & 0x3ff;
        double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY)
                                                     : ldexp(1024 + m, (int)e - 25);
        return (x & 0x8000) ? -v : v;
    }
    }
    return NAN;
}

/* `accepts`: also ask exmy_profile_accepts (a second conversion) about the
 * model's code. The boundary and 16-bit passes do; the binary32 samples,
 * where the conversion is what is being sampled, do not. */
static void check_one(tu_log *log, const exmy_profile *p, ph_model m, const void *ctx,
                      exmy_type type, uint64_t x, uint32_t r, int scale_exp, bool accepts)
{
    ph_answer want = m(type, x, r, scale_exp, ctx);
    uint32_t got = 0;
    unsigned flags = 0;
    exmy_status st = exmy_profile_convert(p, type, x, r, scale_exp, &got, &flags);
    log->checked++;
    bool ok;
    if (st != EXMY_OK)
        ok = false;
    else if (want.any_nan)
        ok = exmy_classify(&p->format, got) == EXMY_CLASS_NAN &&
             (!accepts || exmy_profile_accepts(p, type, x, r, scale_exp, got));
    else
        ok = got == want.code &&
             (!accepts || exmy_profile_accepts(p, type, x, r, scale_exp, want.code));
    if (!ok) {
        char wbuf[32];
        if (want.any_nan)
            snprintf(wbuf, sizeof wbuf, "any NaN");
        else
            snprintf(wbuf, sizeof wbuf, "0x%x", (unsigned)want.code);
        tu_fail(log, "%s: %s input %a (0x%llx) r=0x%x scale=%d: exmy 0x%x (%s), model %s",
                p->name, exmy_type_name(type), input_value(type, x), (unsigned long long)x,
                (unsigned)r, scale_exp, (unsigned)got, exmy_strerror(st), wbuf);
    }
}

void ph_check_f32(tu_log *log, const exmy_profile *p, ph_model m, const void *ctx,
                  const uint32_t *xs, size_t n, const uint32_t *rs, size_t nrs, int scale_exp)
{
    for (size_t i = 0; i < n; i++) {
        if (nrs == 0)
            check_one(log, p, m, ctx, EXMY_TYPE_F32, xs[i], 0, scale_exp, true);
        for (size_t j = 0; j < nrs; j++)
            check_one(log, p, m, ctx, EXMY_TYPE_F32, xs[i], rs[j], scale_exp, true);
    }
}

void ph_check_f32_stride(tu_log *log, const exmy_profile *p, ph_model m, const void *ctx,
                         uint32_t stride, uint64_t count, const uint32_t *rs, size_t nrs,
                         int scale_exp)
{
    uint32_t x = 0;
    for (uint64_t i = 0; i < count; i++, x += stride) {
        if (nrs == 0)
            check_one(log, p, m, ctx, EXMY_TYPE_F32, x, 0, scale_exp, false);
        else /* one R per input, cycling, so the sample stays 'count' conversions */
            check_one(log, p, m, ctx, EXMY_TYPE_F32, x, rs[i % nrs], scale_exp, false);
    }
}

void ph_check_16_all(tu_log *log, const exmy_profile *p, exmy_type type, ph_model m,
                     const void *ctx, const uint32_t *rs, size_t nrs, int scale_exp)
{
    for (uint32_t x = 0; x < 0x10000u; x++) {
        if (nrs == 0)
            check_one(log, p, m, ctx, type, x, 0, scale_exp, true);
        for (size_t j = 0; j < nrs; j++)
            check_one(log, p, m, ctx, type, x, rs[j], scale_exp, true);
    }
}

/* ------------------------------------------------------------ lookups */

const exmy_profile *ph_profile(const char *name)
{
    const exmy_profile *p = exmy_catalogue_find_profile(tu_catalogue(), name);
    ck_assert_msg(p != NULL, "no built-in profile named %s", name);
    return p;
}

void ph_example(tu_log *log, const char *what, const char *profile, exmy_type type,
                uint64_t xbits, uint32_t r, uint32_t code)
{
    const exmy_profile *p = ph_profile(profile);
    uint32_t got = 0;
    exmy_status st = exmy_profile_convert(p, type, xbits, r, 0, &got, NULL);
    log->checked++;
    if (st != EXMY_OK || got != code)
        tu_fail(log, "%s: %s %s input %a (0x%llx) r=0x%x: exmy 0x%x (%s), document 0x%x", what,
                profile, exmy_type_name(type), input_value(type, xbits),
                (unsigned long long)xbits, (unsigned)r, (unsigned)got, exmy_strerror(st),
                (unsigned)code);
}
