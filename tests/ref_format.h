/* An independent model of a format and of the conversion contract, for the
 * test oracles. It is written from the documented meaning of the descriptor
 * fields (include/exmy.h) and the contract in DESIGN.md "Conversion
 * semantics", and shares no code with src/: the value of every magnitude
 * code is recomputed here from the field formula, the canonical NaN from the
 * stated rule, and overflow from the saturation table below.
 *
 * Rounding is split in two so that the two oracles can share only the
 * contract, not the arithmetic: each oracle finds, its own way, the two
 * neighbours of |x| in the format's unbounded continuation (MPFR in
 * mpfr_ref.c; a walk over the value list in test_exhaustive.c) and where |x|
 * lies against their midpoint; ref_choose() then applies the rounding rule
 * and ref_finish() the sign, zero, unsigned and saturation rules. */
#ifndef EXMY_REF_FORMAT_H
#define EXMY_REF_FORMAT_H

#include "exmy.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ref_format {
    exmy_format f;
    char label[64];     /* name, or generic spec, for messages */
    unsigned k, M, s;   /* width, mantissa bits, sign bits (0/1) */
    uint32_t sign;      /* the sign bit as a code mask (0 when unsigned) */
    uint64_t mag_count; /* 2^(k-s) magnitude codes */
    uint32_t cmax;      /* magnitude code of the largest finite value */
    bool has_zero, has_inf, has_nan;
    uint32_t inf_mag;   /* magnitude code of Inf (cmax + 1) when has_inf */
    uint32_t nan_pos;   /* canonical NaN for a positive (or unsigned) result */
    uint32_t nan_neg;   /* canonical NaN for a negative result */
    double *mag;        /* mag[c] for c = 0..cmax+1: value of magnitude code c;
                           mag[cmax+1] = succ, the next value of the unbounded
                           continuation (only used to decide overflow) */
    double maxf;        /* largest finite value */
    double succ;        /* mag[cmax + 1] */
    double first_pos;   /* smallest positive value */
    double min_normal;  /* smallest positive normal value (first_pos without subnormals) */
    int emax;           /* exponent of the binade of maxf */
} ref_format;

/* Build the model; false (and a message on stderr) if the format is beyond
 * what the model handles (more than 2^24 magnitudes, or values outside
 * binary64). */
bool ref_init(ref_format *R, const exmy_format *f);
void ref_free(ref_format *R);

/* Magnitude code of value v (v >= 0; v == succ gives cmax + 1), or -1 if v is
 * not a value of the format. Binary search over mag[]. */
int64_t ref_code_of(const ref_format *R, double v);

/* Largest index c in 0..cmax+1 with mag[c] <= v, or -1 when v < mag[0]
 * (formats without zero). */
int64_t ref_floor_index(const ref_format *R, double v);

typedef struct ref_expect {
    exmy_status st; /* EXMY_OK, or EXMY_ENONAN when the result is NaN but the format has none */
    uint32_t code;  /* valid when st == EXMY_OK */
    bool overflow;  /* the rounded magnitude exceeded max finite (finite input) */
} ref_expect;

/* What happens to an out-of-range result: the saturation table. */
typedef enum ref_ovf { REF_TO_MAX, REF_TO_INF, REF_TO_NAN } ref_ovf;
ref_ovf ref_overflow_rule(const ref_format *R, exmy_round r, exmy_sat s, bool neg,
                          bool inf_input);

/* The canonical NaN for a result of this sign (sign ignored when the format's
 * NaNs are unsigned). */
ref_expect ref_nan(const ref_format *R, bool neg);

/* A negative input that does not round to zero, into an unsigned format. */
ref_expect ref_negative_unsigned(const ref_format *R, exmy_sat s);

/* Expected result of the special inputs. */
ref_expect ref_zero_input(const ref_format *R, bool neg);
ref_expect ref_inf_input(const ref_format *R, exmy_round r, exmy_sat s, bool neg);
ref_expect ref_nan_input(const ref_format *R, bool neg);

/* The rounding rule. |x| lies strictly between the magnitudes of codes lo and
 * lo + 1 of the unbounded continuation (lo == -1: below the smallest value of
 * a format without zero), and cmp_mid is the sign of |x| - midpoint. Returns
 * the chosen magnitude code (possibly > cmax). Deterministic modes only;
 * stochastic modes take `away` from the caller (see ref_finish). */
int64_t ref_choose(const ref_format *R, exmy_round r, bool neg, int64_t lo, int cmp_mid);

/* Final result for a finite nonzero input whose rounded magnitude code (in the
 * unbounded continuation) is c; c > cmax is an overflow. */
ref_expect ref_finish(const ref_format *R, exmy_round r, exmy_sat s, bool neg, int64_t c);

/* A readable line for failure messages: "e4m3fn rne satfinite". */
const char *ref_mode_label(const ref_format *R, exmy_round r, exmy_sat s, char *buf, size_t len);

#endif
