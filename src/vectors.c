/* Test vectors for a kernel test: the boundary set (every input a conversion
 * can get wrong) and Philox-driven random inputs (exmy.h "test vectors and
 * checks").
 *
 * Everything here is exact integer arithmetic. A positive non-NaN value of
 * an IEEE input type (binary64/32/16, bfloat16) is named by its "ordinal",
 * its bit pattern without the sign: ordinals 0 .. inf_ord are +0, the
 * subnormals, the normals and +Inf, in ascending order of value, so "the
 * next value up" is ordinal + 1. A point of the target (a value or a
 * midpoint, m * 2^e exactly) is rounded down in the input type to an
 * ordinal d; the neighbours the set needs are then the interval
 * [d - 2, d + 2] (d + 3 when the point is inexact: its value above is
 * d + 1). The intervals are sorted and merged, and the set is each merged
 * ordinal with both signs, so the set is symmetric and needs no
 * per-element deduplication. */
#include "exmy_internal.h"

#include <stdlib.h>

/* An IEEE input type's layout. */
typedef struct vtype {
    unsigned eb, mb;  /* exponent and mantissa widths */
    int64_t q;        /* exponent of the lowest significand bit of a subnormal: 2 - 2^(eb-1) - mb */
    uint64_t inf_ord; /* ordinal (= bit pattern) of +Inf: the largest finite is inf_ord - 1 */
    unsigned width;   /* 64, 32, 16, 16 */
} vtype;

static void vtype_of(exmy_type t, vtype *T)
{
    static const unsigned eb[] = {11, 8, 5, 8}, mb[] = {52, 23, 10, 7}, w[] = {64, 32, 16, 16};
    T->eb = eb[t];
    T->mb = mb[t];
    T->width = w[t];
    int64_t bias = ((int64_t)1 << (T->eb - 1)) - 1;
    T->q = 1 - bias - (int64_t)T->mb;
    T->inf_ord = (((UINT64_C(1) << T->eb) - 1) << T->mb);
}

/* Round m * 2^e (m > 0) down in the input type: *ord is the ordinal of the
 * largest value <= m * 2^e, *inexact says whether it is below. Returns false
 * when the point is beyond the largest finite value (such points have no
 * neighbours to test but max finite and Inf, which the set holds anyway).
 *
 * Within the finite range the ordinal of k * 2^u, with u the exponent of the
 * value's last significand bit (u >= q) and k its significand at that bit
 * (2^mb <= k < 2^(mb+1) when u > q, k < 2^(mb+1) when u == q), is
 * (u - q) * 2^mb + k: subnormals are ordinals k < 2^mb, each binade adds
 * 2^mb, and the carry k = 2^(mb+1) lands on the next binade's first value. */
static bool round_down(const vtype *T, uint64_t m, int64_t e, uint64_t *ord, bool *inexact)
{
    int64_t tb = 63 - __builtin_clzll(m) + e;             /* exponent of the top bit */
    int64_t emin = T->q + (int64_t)T->mb;                 /* smallest normal binade */
    int64_t u = tb < emin ? T->q : tb - (int64_t)T->mb;  /* exponent of the last bit */
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
        /* e > u: exact, and k < 2^(mb+1) (see above), so the shift keeps it */
        k = m << (e - u);
    }
    if (u - T->q > (int64_t)((UINT64_C(1) << T->eb) - 1))
        return false;
    uint64_t o = ((uint64_t)(u - T->q) << T->mb) + k;
    if (o >= T->inf_ord || (o == T->inf_ord - 1 && inex))
        return false;
    *ord = o;
    *inexact = inex;
    return true;
}

/* An interval of ordinals, both ends included. */
typedef struct ivl {
    uint64_t lo, hi;
} ivl;

typedef struct builder {
    const vtype *T;
    int64_t shift; /* -scale_exp: y = v * 2^-scale_exp */
    ivl *v;
    size_t n, cap;
} builder;

static void add_ivl(builder *B, uint64_t lo, uint64_t hi)
{
    if (hi > B->T->inf_ord)
        hi = B->T->inf_ord;
    /* the caller sized the array for every point it adds */
    B->v[B->n].lo = lo;
    B->v[B->n].hi = hi;
    B->n++;
}

/* The point m * 2^e of the target (before the scale), m > 0: its input
 * neighbours below and above with +-1 and +-2 ulps. */
static void add_point(builder *B, uint64_t m, int64_t e)
{
    uint64_t d;
    bool inexact;
    if (m == 0)
        return; /* zero: +-0 are in the set unconditionally */
    if (!round_down(B->T, m, e + B->shift, &d, &inexact))
        return;
    add_ivl(B, d >= 2 ? d - 2 : 0, d + 2 + (inexact ? 1 : 0));
}

/* The value of target magnitude c and the midpoint of c and c + 1 (c + 1 in
 * the unbounded continuation), as points. A midpoint is formed exactly: the
 * two values aligned to the smaller exponent (they differ by at most one
 * binade), summed, halved by the exponent. */
static void add_code(builder *B, const exmy__prep *P, uint64_t c)
{
    uint64_t s0, s1;
    int64_t e0, e1;
    exmy__mag_value(P, c, &s0, &e0);
    exmy__mag_value(P, c + 1, &s1, &e1);
    add_point(B, s0, e0);
    if (s0 == 0)
        e0 = e1; /* zero: align to the other value */
    int64_t lo = e0 < e1 ? e0 : e1;
    uint64_t sum = (s0 << (e0 - lo)) + (s1 << (e1 - lo));
    add_point(B, sum, lo - 1);
}

/* Midpoint of 0 and magnitude c's value: the first gap of a format without
 * zero (e8m0fnu: 2^-128). */
static void add_half(builder *B, const exmy__prep *P, uint64_t c, int k)
{
    uint64_t s;
    int64_t e;
    exmy__mag_value(P, c, &s, &e);
    add_point(B, s, e - k);
}

static int cmp_ivl(const void *a, const void *b)
{
    const ivl *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return (x->hi > y->hi) - (x->hi < y->hi);
}

/* The lowest magnitude code whose value is >= 1 (cmax if none is). */
static uint64_t code_of_one(const exmy__prep *P)
{
    uint64_t lo = 0, hi = P->cmax;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2, s;
        int64_t e;
        exmy__mag_value(P, mid, &s, &e);
        bool ge = s != 0 && 63 - __builtin_clzll(s) + e >= 0;
        if (ge)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Targets wider than this get the three windows of WINDOW codes each. */
#define ALL_CODES_BITS 16
#define WINDOW 4096

/* NaN bit patterns of the input type, positive: quiet with payload 0, 1 and
 * all ones, signalling with payload 1 and all ones. The set lists them in
 * this order, the positive ones first, then the same with the sign bit. */
#define N_NANS 5
static void nan_patterns(const vtype *T, uint64_t out[N_NANS])
{
    uint64_t expo = T->inf_ord, qbit = UINT64_C(1) << (T->mb - 1);
    out[0] = expo | qbit;
    out[1] = expo | qbit | 1;
    out[2] = expo | ((qbit << 1) - 1);
    out[3] = expo | 1;
    out[4] = expo | (qbit - 1);
}

exmy_status exmy_vectors_boundary(const exmy_profile *p, exmy_type type, int scale_exp, void *out,
                                  size_t cap, size_t *n)
{
    exmy__prep P;
    exmy_status st = exmy__profile_call_check(p, &P, type, scale_exp);
    if (st != EXMY_OK)
        return st;
    if (!n || (!out && cap > 0))
        return EXMY_EINVAL;
    vtype T;
    vtype_of(type, &T);

    /* The codes whose values and upper midpoints are points: all, or three
     * windows. */
    uint64_t win[3][2];
    size_t nwin;
    if (P.k <= ALL_CODES_BITS || P.cmax < 3 * WINDOW) {
        win[0][0] = 0;
        win[0][1] = P.cmax;
        nwin = 1;
    } else {
        uint64_t c1 = code_of_one(&P);
        win[0][0] = 0;
        win[0][1] = WINDOW - 1;
        win[1][0] = c1 < WINDOW / 2 ? 0 : c1 - WINDOW / 2;
        win[1][1] = win[1][0] + WINDOW - 1 > P.cmax ? P.cmax : win[1][0] + WINDOW - 1;
        win[2][0] = P.cmax - (WINDOW - 1);
        win[2][1] = P.cmax;
        nwin = 3;
    }
    size_t npoints = 8; /* the fixed points below */
    for (size_t w = 0; w < nwin; w++)
        npoints += 2 * (size_t)(win[w][1] - win[w][0] + 1);

    builder B = {&T, -(int64_t)scale_exp, NULL, 0, npoints};
    B.v = malloc(npoints * sizeof *B.v);
    if (!B.v)
        return EXMY_ENOMEM;

    for (size_t w = 0; w < nwin; w++)
        for (uint64_t c = win[w][0]; c <= win[w][1]; c++)
            add_code(&B, &P, c); /* c == cmax: the overflow threshold */
    /* The first value above max finite, as if the exponent range went on. */
    {
        uint64_t s;
        int64_t e;
        exmy__mag_value(&P, P.cmax + 1, &s, &e);
        add_point(&B, s, e);
    }
    /* Half, a quarter and an eighth of the smallest value (half is also the
     * midpoint below it, where the format has no zero). */
    uint64_t cmin = P.has_zero ? 1 : 0;
    for (int k = 1; k <= 3; k++)
        add_half(&B, &P, cmin, k);
    /* The input type's own: +0, its subnormals (smallest, one between,
     * largest), the largest finite and +Inf. */
    uint64_t sub_max = (UINT64_C(1) << T.mb) - 1;
    add_ivl(&B, 0, 1);
    add_ivl(&B, sub_max / 2 + 1, sub_max / 2 + 1);
    add_ivl(&B, sub_max, sub_max);
    add_ivl(&B, T.inf_ord - 1, T.inf_ord);

    qsort(B.v, B.n, sizeof *B.v, cmp_ivl);
    size_t m = 0; /* merge in place */
    for (size_t i = 0; i < B.n; i++) {
        if (m > 0 && B.v[i].lo <= B.v[m - 1].hi + 1) {
            if (B.v[i].hi > B.v[m - 1].hi)
                B.v[m - 1].hi = B.v[i].hi;
        } else {
            B.v[m++] = B.v[i];
        }
    }
    size_t half = 0;
    for (size_t i = 0; i < m; i++)
        half += (size_t)(B.v[i].hi - B.v[i].lo + 1);

    /* NaNs, unless the profile has no answer for one at all. */
    uint64_t nans[N_NANS];
    nan_patterns(&T, nans);
    uint32_t code;
    bool with_nans = exmy_profile_convert(p, type, nans[0], 0, scale_exp, &code, NULL) != EXMY_ENONAN;
    size_t total = 2 * half + (with_nans ? 2 * N_NANS : 0);
    *n = total;

    /* Emit: the negative ordinals descending (-Inf .. -0), the positive ones
     * ascending (+0 .. +Inf), the NaNs. */
    uint64_t sign = UINT64_C(1) << (T.width - 1);
    size_t j = 0;
    for (size_t i = m; i-- > 0 && j < cap;)
        for (uint64_t o = B.v[i].hi + 1; o-- > B.v[i].lo && j < cap;)
            exmy__store_bits(out, type, j++, sign | o);
    for (size_t i = 0; i < m && j < cap; i++)
        for (uint64_t o = B.v[i].lo; o <= B.v[i].hi && j < cap; o++)
            exmy__store_bits(out, type, j++, o);
    if (with_nans)
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < N_NANS && j < cap; k++)
                exmy__store_bits(out, type, j++, (s ? sign : 0) | nans[k]);
    free(B.v);
    return EXMY_OK;
}

/* Element g = index0 + i takes the four words of one Philox block:
 *     w_j = exmy_philox_bits(seed, 2^63 + 4 * g + j, 32), j = 0..3
 * (the block with counter 2^61 + g; the index is taken mod 2^64). The
 * offset 2^63 keeps these blocks apart from the ones that give stochastic
 * rounding its R (exmy_philox_bits(seed, i, N) for element i, or the
 * operand of instruction j), which a kernel test draws with the same seed:
 * the two streams share no block below 2^61 elements. Then:
 *   w0 bit 0 == 0: the input is the bit pattern w2 | w3 << 32, cut to the
 *                  type's width (any pattern: NaNs, Infs, subnormals);
 *   w0 bit 0 == 1: sign w0 bit 1; exponent E = lo + (w1 * (hi - lo + 1)) >> 32
 *                  over lo = (exponent of the target's smallest value) - 3
 *                  - scale_exp .. hi = (exponent of its largest) + 3 -
 *                  scale_exp, clamped to the input type's finite range (the
 *                  lowest subnormal bit .. its largest binade); significand
 *                  1.f with f the type's mantissa width of w2 | w3 << 32
 *                  (low bits), cut down to the type's subnormal grid below
 *                  its smallest normal.
 * This is a contract: a stream made in chunks, or by another program
 * following it, gives the same inputs. */
#define RANDOM_BASE (UINT64_C(1) << 63)
static uint64_t random_bits(const exmy__prep *P, const vtype *T, int scale_exp, uint64_t seed,
                            uint64_t g)
{
    uint32_t w[4];
    for (unsigned j = 0; j < 4; j++)
        w[j] = exmy_philox_bits(seed, RANDOM_BASE + 4 * g + j, 32);
    uint64_t r = (uint64_t)w[2] | (uint64_t)w[3] << 32;
    uint64_t sign = UINT64_C(1) << (T->width - 1);
    if (!(w[0] & 1))
        return T->width == 64 ? r : r & ((UINT64_C(1) << T->width) - 1);

    uint64_t s;
    int64_t e;
    exmy__mag_value(P, P->has_zero ? 1 : 0, &s, &e);
    int64_t lo = 63 - __builtin_clzll(s) + e - 3 - scale_exp;
    exmy__mag_value(P, P->cmax, &s, &e);
    int64_t hi = 63 - __builtin_clzll(s) + e + 3 - scale_exp;
    uint64_t span = (uint64_t)(hi - lo) + 1;
    int64_t E = lo + (int64_t)(((uint64_t)w[1] * span) >> 32);
    int64_t emax = ((int64_t)1 << (T->eb - 1)) - 1; /* the largest binade */
    if (E > emax)
        E = emax;
    if (E < T->q)
        E = T->q;
    uint64_t mant = (UINT64_C(1) << T->mb) | (r & ((UINT64_C(1) << T->mb) - 1));
    uint64_t ord;
    bool inexact;
    if (!round_down(T, mant, E - (int64_t)T->mb, &ord, &inexact))
        ord = T->inf_ord - 1;
    return ((w[0] & 2) ? sign : 0) | ord;
}

exmy_status exmy_vectors_random(const exmy_profile *p, exmy_type type, int scale_exp,
                                uint64_t seed, uint64_t index0, size_t n, void *out)
{
    exmy__prep P;
    exmy_status st = exmy__profile_call_check(p, &P, type, scale_exp);
    if (st != EXMY_OK)
        return st;
    if (!out && n > 0)
        return EXMY_EINVAL;
    vtype T;
    vtype_of(type, &T);
    for (size_t i = 0; i < n; i++)
        exmy__store_bits(out, type, i, random_bits(&P, &T, scale_exp, seed, index0 + i));
    return EXMY_OK;
}
