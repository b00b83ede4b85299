/* Private to the block quantiser (block.c, block_scale.c): a block format
 * checked and laid out once per call, exact arithmetic on the scalar core's
 * exmy__exact values, and the scale rules. */
#ifndef EXMY__BLOCK_CORE_H
#define EXMY__BLOCK_CORE_H

#include "exmy_internal.h"

/* A block format ready for one call (exmy__blk_prepare). */
typedef struct exmy__blk {
    const exmy_block_format *bf;
    exmy__prep E;           /* the element format (MXINT8: its sign-magnitude stand-in) */
    exmy__prep S;           /* the scale format */
    bool pow2;              /* FLOOR / CEIL / EVEN: every scale is a power of two */
    int64_t kmin, kmax;     /* pow2: exponents of the smallest positive and the largest scale */
    int64_t emax_elem;      /* exponent of the element's largest finite binade (ilogb max) */
    uint64_t max_sig;       /* the element's max finite = max_sig * 2^max_exp */
    int64_t max_exp;
    uint64_t smax_sig;      /* the scale format's max finite = smax_sig * 2^smax_exp */
    int64_t smax_exp;
    uint32_t smin_code;     /* code of the smallest positive scale */
    unsigned p_elem;        /* the element's precision (EVEN rounds amax to it) */
} exmy__blk;

/* Check bf (exmy_block_validate's rules) and lay it out. EXMY_EINVAL for
 * NULL, EXMY_EFORMAT for an invalid format. */
exmy_status exmy__blk_prepare(const exmy_block_format *bf, exmy__blk *B);

/* A positive value sig * 2^exp (sig != 0) and the same with the sign and
 * kind of an exmy__exact. */
typedef struct exmy__xval {
    uint64_t sig;
    int64_t exp;
} exmy__xval;

/* q = a / d exactly, as 63-64 significant bits and a sticky bit: a is an
 * exact input (kind FINITE, no sticky), d.sig != 0. The quotient of two
 * integers of at most 64 bits, so one 128-by-64-bit division. */
void exmy__blk_div(const exmy__exact *a, exmy__xval d, exmy__exact *q);
/* a * b * c exactly (sig of at most 64 bits each, a.sig * b.sig < 2^64):
 * 64 significant bits and a sticky bit. */
void exmy__blk_mul3(exmy__xval a, exmy__xval b, exmy__xval c, bool neg, exmy__exact *out);

/* What an element is divided by: scale * tensor_scale, exactly (both
 * significands small enough that their product fits 64 bits). */
typedef struct exmy__blk_divisor {
    exmy__xval v;
    bool shift; /* a power of two 2^k: the quotient is an exponent shift */
    int64_t k;
} exmy__blk_divisor;

static inline exmy__blk_divisor exmy__blk_make_divisor(exmy__xval scale, exmy__xval ts)
{
    exmy__blk_divisor d;
    d.v = (exmy__xval){scale.sig * ts.sig, scale.exp + ts.exp};
    d.shift = (d.v.sig & (d.v.sig - 1)) == 0;
    d.k = d.shift ? d.v.exp + __builtin_ctzll(d.v.sig) : 0;
    return d;
}

/* The exact quotient x / d of an exact input x (any kind; only a finite one
 * is divided) that the core rounds once to give the element's code. */
static inline void exmy__blk_quotient(const exmy__exact *x, const exmy__blk_divisor *d,
                                      exmy__exact *q)
{
    *q = *x;
    if (q->kind == EXMY__X_FINITE) {
        if (d->shift)
            q->e -= d->k;
        else
            exmy__blk_div(x, d->v, q);
    }
}

/* The exact value of a scale code of B's scale format (NaN, Inf and zero
 * codes as those kinds, with the code's sign). */
void exmy__blk_scale_value(const exmy__blk *B, uint32_t code, exmy__exact *v);

/* A binary32 tensor scale (finite, positive) as a value. */
exmy__xval exmy__blk_f32_value(float ts);

/* A block's scale. `amax` is the largest magnitude of its elements
 * (EXMY__X_ZERO or EXMY__X_FINITE, exact: no sticky); ts the tensor scale (1
 * for a format without one). Writes the scale code and its value; for the
 * power-of-two rules *k receives log2 of the scale (the value is 2^k). */
void exmy__blk_scale_code(const exmy__blk *B, const exmy__exact *amax, exmy__xval ts,
                          uint32_t *code, exmy__xval *value, int64_t *k);

/* The power-of-two rules: log2 of the scale for a = amax / ts, given as
 * (m + d) * 2^e with m's top bit at bit 63, 0 <= d < 1, d > 0 iff sticky.
 * Inline: the fast path calls it once per block. */
static inline int64_t exmy__blk_pow2_k(const exmy__blk *B, uint64_t m, int64_t e, bool sticky)
{
    int64_t fl = e + 63, k; /* floor(log2 a) */
    switch (B->bf->rule) {
    case EXMY_SCALE_EVEN: {
        /* torchao's EVEN mode (torchao.prototype.mx_formats,
         * ScaleCalculationMode.EVEN): amax rounded to the element's precision
         * p first, then FLOOR. Only the exponent of the rounded amax matters,
         * and it is fl + 1 exactly when the significand is at least the
         * midpoint 2 - 2^-p between the largest p-bit significand and 2: its
         * top p + 1 bits all ones. At the midpoint itself rne goes up too
         * (the largest p-bit significand is odd for p >= 2), as torchao's
         * "add half an ulp of the element, clear the mantissa" does on
         * binary32. */
        unsigned t = B->p_elem + 1;
        if ((m >> (64 - t)) == (UINT64_C(1) << t) - 1)
            fl += 1;
    }
        /* fall through */
    case EXMY_SCALE_FLOOR:
        /* OCP MX v1.0 §6.3 Algorithm 1, line 1:
         * shared_exp = floor(log2(max_i |V_i|)) - emax_elem. */
        k = fl - B->emax_elem;
        break;
    case EXMY_SCALE_CEIL: {
        /* The smallest k with a <= max_elem * 2^k: no element overflows.
         * PTX cvt.rp.satfinite.ue8m0x2.f32 applied to the exact
         * amax / max_elem (cuBLAS, torchao RCEIL); those compute the
         * quotient in binary32 first, which can round a quotient just above
         * a power of two down onto it and give half the scale. With both
         * normalised, a = m 2^e and max * 2^k = M 2^(e_M + k). */
        int lz = __builtin_clzll(B->max_sig);
        uint64_t M = B->max_sig << lz;
        k = e - (B->max_exp - lz);
        if (m > M || (m == M && sticky))
            k += 1;
        break;
    }
    default:
        k = 0;
        break;
    }
    /* OCP MX v1.0 §6.3: X is an E8M0 value, so shared_exp is clamped to the
     * scale format's exponent range. */
    return k < B->kmin ? B->kmin : k > B->kmax ? B->kmax : k;
}

/* The tensor scale of a tensor whose largest finite magnitude is amax:
 * amax / (max_elem * max_scale) rounded (rne) to binary32, kept finite and
 * positive (satfinite; the smallest positive binary32 where it would round
 * to zero; 1 for amax = 0). */
float exmy__blk_tensor_scale(const exmy__blk *B, const exmy__exact *amax);

#endif
