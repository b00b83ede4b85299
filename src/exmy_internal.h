/* Private helpers shared by the library's own files (not installed). */
#ifndef EXMY_INTERNAL_H
#define EXMY_INTERNAL_H

#include "exmy.h"

#include <stdint.h>
#include <string.h>

/* Field widths and landmark magnitude codes of a format, derived on the fly.
 * "Magnitude code" is a code without its sign bit. */
typedef struct exmy_layout {
    unsigned k, M, E, s;  /* total, mantissa, exponent and sign widths */
    uint64_t mag_count;   /* 2^(k-s) */
    uint64_t cmax;        /* magnitude code of max finite */
    bool has_inf;
    bool has_nan;
    uint64_t inf_mag;     /* magnitude code of Inf, when has_inf */
    uint64_t nan_pos;     /* full code of the canonical positive NaN (or the only NaN) */
    uint64_t nan_neg;     /* full code of the canonical negative NaN (== nan_pos if unsigned NaN) */
} exmy_layout;

/* Magnitude codes are at most 32 bits wide; biases beyond this cannot give a
 * format whose values are all binary64, so they are rejected early (and the
 * integer arithmetic of the core never overflows). */
#define BIAS_LIMIT (1 << 20)

/* The helpers below run on every scalar conversion; they are inline so the
 * oracle is fast enough to be compared against on all 2^32 binary32 inputs. */

/* Cheap structural check used on every conversion (the full check with
 * reasons is exmy_format_validate). */
static inline bool exmy__format_ok(const exmy_format *f)
{
    if (!f || f->bits < 1 || f->bits > 32 || f->precision < 1)
        return false;
    unsigned s = f->is_signed ? 1u : 0u;
    return f->precision - 1 + s < f->bits && f->bias > -BIAS_LIMIT && f->bias < BIAS_LIMIT;
}

static inline void exmy__layout(const exmy_format *f, exmy_layout *L)
{
    L->k = f->bits;
    L->M = f->precision - 1;
    L->s = f->is_signed ? 1 : 0;
    L->E = L->k - L->s - L->M;
    L->mag_count = UINT64_C(1) << (L->k - L->s);
    L->has_inf = f->domain == EXMY_EXTENDED;
    uint64_t top = L->mag_count - 1 - f->high_nans; /* highest non-NaN magnitude */
    L->inf_mag = top;
    L->cmax = L->has_inf ? top - 1 : top;
    L->has_nan = f->high_nans > 0 || (f->is_signed && !f->negzero);
    uint64_t sign = L->s ? UINT64_C(1) << (L->k - 1) : 0;
    if (f->high_nans > 0) {
        uint64_t mag = L->mag_count - 1;
        /* IEEE-style formats (every top-exponent pattern but Inf is NaN) use
         * the IEEE quiet NaN, as hardware and ml_dtypes do for binary16,
         * bfloat16 and e5m2; the others use the all-ones magnitude. */
        if (L->has_inf && L->M >= 1 && f->high_nans == (UINT64_C(1) << L->M) - 1)
            mag = (((UINT64_C(1) << L->E) - 1) << L->M) | (UINT64_C(1) << (L->M - 1));
        L->nan_pos = mag;
        L->nan_neg = sign | mag;
    } else {
        /* fnuz: the only NaN is the negative-zero pattern. */
        L->nan_pos = sign;
        L->nan_neg = sign;
    }
}

/* Value of magnitude code c in the format's unbounded continuation:
 * value = *sig * 2^*exp (sig == 0 for zero). Valid for any c >= 0, including
 * c > cmax (the codes the format would have if its exponent range went on). */
static inline void exmy__mag_value(const exmy_format *f, unsigned M, uint64_t c, uint64_t *sig, int64_t *exp)
{
    uint64_t e = c >> M, m = c & ((UINT64_C(1) << M) - 1);
    if (c == 0 && f->has_zero) {
        *sig = 0;
        *exp = 0;
    } else if (f->subnormals && e == 0) {
        *sig = m;
        *exp = 1 - (int64_t)f->bias - M;
    } else {
        *sig = (UINT64_C(1) << M) | m;
        *exp = (int64_t)e - f->bias - M;
    }
}

/* An exact input: (-1)^neg * (m + d) * 2^e with 0 <= d < 1 and d > 0 iff
 * sticky. Decimal input is carried with 64 significant bits and a sticky bit,
 * which is enough to round once, exactly, in every mode. */
typedef enum { EXMY_X_ZERO, EXMY_X_FINITE, EXMY_X_INF, EXMY_X_NAN } exmy_xkind;
typedef struct exmy_exact {
    exmy_xkind kind;
    bool neg;
    uint64_t m;
    int64_t e;
    bool sticky;
} exmy_exact;

/* The one rounding routine every exmy_from_* goes through. */
exmy_status exmy__round_exact(const exmy_format *f, const exmy_exact *x, const exmy_opts *o,
                              uint32_t rbits, uint32_t *code, unsigned *flags);

/* Decompose IEEE bit patterns exactly: binary64/32/16, bfloat16. */
void exmy__exact_from_f64(double x, exmy_exact *out);
static inline void exmy__exact_from_ieee(uint64_t bits, unsigned ebits, unsigned mbits, exmy_exact *out)
{
    uint64_t mmask = (UINT64_C(1) << mbits) - 1;
    uint64_t emask = (UINT64_C(1) << ebits) - 1;
    uint64_t mant = bits & mmask;
    uint64_t expf = (bits >> mbits) & emask;
    int64_t bias = (int64_t)(emask >> 1);
    memset(out, 0, sizeof *out);
    out->neg = (bits >> (mbits + ebits)) & 1;
    if (expf == emask) {
        out->kind = mant ? EXMY_X_NAN : EXMY_X_INF;
    } else if (expf == 0 && mant == 0) {
        out->kind = EXMY_X_ZERO;
    } else if (expf == 0) {
        out->kind = EXMY_X_FINITE; /* subnormal: an exact value like any other */
        out->m = mant;
        out->e = 1 - bias - (int64_t)mbits;
    } else {
        out->kind = EXMY_X_FINITE;
        out->m = mant | (UINT64_C(1) << mbits);
        out->e = (int64_t)expf - bias - (int64_t)mbits;
    }
}

size_t exmy__strlcpy(char *dst, const char *src, size_t len);
void exmy__why(char *why, size_t whylen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int exmy__strcasecmp(const char *a, const char *b);

#endif
