/* Random rows of a block format (exmy.h, exmy_block_vectors_random): blocks
 * spread over the whole range of scales, each with elements spread over the
 * binades its scale makes distinct, and now and then a NaN, an Inf or an
 * all-zero block.
 *
 * The words, a contract (another program following it makes the same rows):
 * element (r, c), row r = row0 + i and column c, takes the four words
 *     w_j[c] = exmy_philox_bits(seed, 2^62 + 4 * (cols * r + c) + j, 32), j = 0..3
 * (index mod 2^64: the Philox block with counter 2^60 + cols * r + c, apart
 * from stochastic rounding's R, exmy_philox_bits(seed, i, N) for element i,
 * below 2^62 elements, and from exmy_vectors_random's 2^63 + 4g). A block's
 * first column is c0, its last cl (c0 = cl for a block of 1). Then:
 *   kind  = (w0[c0] >> 1) & 63: 0 a NaN or an Inf, 1 all zero, else plain;
 *   Eb    = lo + (((w0[c0] >> 8) * (hi - lo + 1)) >> 24), the block's exponent,
 *           over lo .. hi = the exponents (floor log2) of the scale format's
 *           smallest positive and largest value (DIV: at tensor scale 1),
 *           plus emax_elem, clamped to the input type's finite range (its
 *           lowest subnormal bit .. its largest binade);
 *   plain element c: sign w0[c] bit 0; exponent
 *           E = Eb - ((w1[c] * n) >> 32), n = emax_elem + mant_elem + 4 (at
 *           least 1), so E lies in [Eb - emax_elem - mant_elem - 3, Eb];
 *           significand 1.f, f the low mant bits of w2[c] | w3[c] << 32 of
 *           the input type; the value (1.f) * 2^E rounded down to the input
 *           type (to its subnormal grid, +-0 below its smallest subnormal);
 *   all-zero block: element c is +0, or -0 where w0[c] bit 0 is set;
 *   NaN-or-Inf block: plain elements but element
 *           p = ((w0[cl] >> 8) * block) >> 24 of the block (counted from
 *           0), which is the input type's quiet NaN with payload 0 when w0[c0]
 *           bit 7 is 0, else Inf, with the sign w0 bit 0 of its column. */
#include "block_vectors.h"

#include <stdlib.h>

#define RANDOM_BASE (UINT64_C(1) << 62)

/* The range of block exponents Eb (the header's lo .. hi). */
static void block_exponents(const exmy__blk *B, const exmy__vtype *T, int64_t *lo, int64_t *hi)
{
    uint64_t s;
    int64_t e;
    exmy__mag_value(&B->S, B->smin_code, &s, &e);
    int64_t a = 63 - __builtin_clzll(s) + e + B->emax_elem;
    int64_t b = 63 - __builtin_clzll(B->smax_sig) + B->smax_exp + B->emax_elem;
    if (a < T->q)
        a = T->q;
    if (b > T->emax)
        b = T->emax;
    if (a > b) /* the scales lie beyond the input type: its nearest end */
        a = b = b < T->q ? T->q : T->emax;
    *lo = a;
    *hi = b;
}

/* A plain element from its four words. */
static uint64_t plain(const exmy__vtype *T, const uint32_t *w, int64_t Eb, uint64_t n)
{
    int64_t E = Eb - (int64_t)(((uint64_t)w[1] * n) >> 32);
    uint64_t r = (uint64_t)w[2] | (uint64_t)w[3] << 32;
    uint64_t mant = (UINT64_C(1) << T->mb) | (r & ((UINT64_C(1) << T->mb) - 1));
    uint64_t o = 0;
    bool inexact;
    (void)exmy__vround_down(T, mant, E - (int64_t)T->mb, &o, &inexact); /* E <= emax */
    return ((w[0] & 1) ? T->sign : 0) | o;
}

exmy_status exmy_block_vectors_random(const exmy_block_format *bf, exmy_type type, size_t cols,
                                      uint64_t seed, uint64_t row0, size_t rows, void *out)
{
    exmy__blk B;
    exmy_status st = exmy__blk_prepare(bf, &B);
    if (st != EXMY_OK)
        return st;
    if ((!out && rows > 0) || (unsigned)type > (unsigned)EXMY_TYPE_BF16)
        return EXMY_EINVAL;
    if (cols == 0)
        cols = bf->block;
    if (cols % bf->block != 0)
        return EXMY_EINVAL;
    if (rows == 0)
        return EXMY_OK;
    exmy__vtype T;
    exmy__vtype_of(type, &T);
    int64_t lo, hi;
    block_exponents(&B, &T, &lo, &hi);
    uint64_t span = (uint64_t)(hi - lo) + 1;
    int64_t ne = B.emax_elem + (int64_t)B.E.M + 4;
    uint64_t n = ne < 1 ? 1 : (uint64_t)ne;
    size_t block = bf->block;
    uint32_t *w = malloc(4 * block * sizeof *w); /* one block's words */
    if (!w)
        return EXMY_ENOMEM;
    for (size_t i = 0; i < rows; i++) {
        uint64_t r = row0 + i;
        for (size_t c0 = 0; c0 < cols; c0 += block) {
            (void)exmy_philox_fill(seed, RANDOM_BASE + 4 * ((uint64_t)cols * r + c0), 4 * block,
                                   32, w, EXMY_ISA_AUTO);
            uint32_t w0 = w[0], kind = (w0 >> 1) & 63;
            int64_t Eb = lo + (int64_t)(((uint64_t)(w0 >> 8) * span) >> 24);
            size_t p = kind == 0 ? (size_t)(((uint64_t)(w[4 * (block - 1)] >> 8) * block) >> 24)
                                 : block;
            for (size_t j = 0; j < block; j++) {
                const uint32_t *wj = w + 4 * j;
                uint64_t bits;
                if (kind == 1)
                    bits = (wj[0] & 1) ? T.sign : 0;
                else if (j == p)
                    bits = ((wj[0] & 1) ? T.sign : 0) | ((w0 & 0x80) ? T.inf_ord : T.qnan);
                else
                    bits = plain(&T, wj, Eb, n);
                exmy__store_bits(out, type, i * cols + c0 + j, bits);
            }
        }
    }
    free(w);
    return EXMY_OK;
}
