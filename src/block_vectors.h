/* Private to the block test vectors (block_vectors.c, block_vectors_random.c):
 * the IEEE input types as ordinals, exactly as src/vectors.c names them.
 *
 * A positive non-NaN value of an input type (binary64/32/16, bfloat16) is
 * named by its "ordinal", its bit pattern without the sign: ordinals
 * 0 .. inf_ord are +0, the subnormals, the normals and +Inf in ascending
 * order of value, so the next value up is ordinal + 1. */
#ifndef EXMY__BLOCK_VECTORS_H
#define EXMY__BLOCK_VECTORS_H

#include "block_core.h"

typedef struct exmy__vtype {
    unsigned eb, mb;  /* exponent and mantissa widths */
    unsigned width;   /* 64, 32, 16, 16 */
    int64_t q;        /* exponent of a subnormal's lowest significand bit: 2 - 2^(eb-1) - mb */
    int64_t emax;     /* exponent of the largest binade */
    uint64_t inf_ord; /* ordinal of +Inf: the largest finite is inf_ord - 1 */
    uint64_t sign;    /* the sign bit */
    uint64_t qnan;    /* the positive quiet NaN with payload 0 */
} exmy__vtype;

static inline void exmy__vtype_of(exmy_type t, exmy__vtype *T)
{
    static const unsigned eb[] = {11, 8, 5, 8}, mb[] = {52, 23, 10, 7}, w[] = {64, 32, 16, 16};
    T->eb = eb[t];
    T->mb = mb[t];
    T->width = w[t];
    T->emax = ((int64_t)1 << (T->eb - 1)) - 1;
    T->q = 1 - T->emax - (int64_t)T->mb;
    T->inf_ord = ((UINT64_C(1) << T->eb) - 1) << T->mb;
    T->sign = UINT64_C(1) << (T->width - 1);
    T->qnan = T->inf_ord | (UINT64_C(1) << (T->mb - 1));
}

/* Round m * 2^e (m > 0) down to an ordinal: *ord is the largest value <=
 * m * 2^e (0 below the smallest subnormal), *inexact whether it is below.
 * False when m * 2^e is at least 2^(emax + 1), beyond every finite value.
 * Within the range the ordinal of k * 2^u, u the exponent of the result's
 * last significand bit (q for a subnormal) and k its significand there, is
 * (u - q) * 2^mb + k: each binade adds 2^mb, and a carry k = 2^(mb+1) lands
 * on the next binade's first value. */
static inline bool exmy__vround_down(const exmy__vtype *T, uint64_t m, int64_t e, uint64_t *ord,
                                     bool *inexact)
{
    int64_t tb = 63 - __builtin_clzll(m) + e; /* exponent of the top bit */
    if (tb > T->emax)
        return false;
    int64_t u = tb < T->q + (int64_t)T->mb ? T->q : tb - (int64_t)T->mb;
    uint64_t k;
    bool inex = false;
    if (u >= e) {
        int64_t sh = u - e;
        if (sh >= 64) {
            k = 0;
            inex = true;
        } else {
            k = m >> sh;
            inex = (m & ((UINT64_C(1) << sh) - 1)) != 0;
        }
    } else {
        k = m << (e - u); /* exact; top bit at tb - u <= mb */
    }
    *ord = ((uint64_t)(u - T->q) << T->mb) + k;
    *inexact = inex;
    return true;
}

#endif
