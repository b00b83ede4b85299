/* Private helpers shared by the library's own files (not installed). */
#ifndef EXMY_INTERNAL_H
#define EXMY_INTERNAL_H

#include "exmy.h"

#include <stdint.h>

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

/* Cheap structural check used on every conversion (the full check with
 * reasons is exmy_format_validate). */
bool exmy__format_ok(const exmy_format *f);
void exmy__layout(const exmy_format *f, exmy_layout *L);

/* Value of magnitude code c in the format's unbounded continuation:
 * value = *sig * 2^*exp (sig == 0 for zero). Valid for any c >= 0, including
 * c > cmax (the codes the format would have if its exponent range went on). */
void exmy__mag_value(const exmy_format *f, unsigned M, uint64_t c, uint64_t *sig, int64_t *exp);

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

/* Decompose IEEE bit patterns exactly. */
void exmy__exact_from_f64(double x, exmy_exact *out);
void exmy__exact_from_ieee(uint64_t bits, unsigned ebits, unsigned mbits, exmy_exact *out);

size_t exmy__strlcpy(char *dst, const char *src, size_t len);
void exmy__why(char *why, size_t whylen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int exmy__strcasecmp(const char *a, const char *b);

#endif
