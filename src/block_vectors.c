/* The boundary set of a block format (exmy.h "block formats in the oracle
 * workflow", exmy_block_vectors_boundary): rows of blocks that pin the scale
 * rule, the element conversion at a fixed scale, and the special blocks.
 *
 * Everything is exact integer arithmetic on ordinals of the input type
 * (block_vectors.h). The set is made in one pass that counts every element
 * and writes those that fit in the caller's rows, so that sizing a buffer
 * (cap_rows 0) and filling it run the same code.
 *
 * The scale rules' boundaries (block_scale.c, exmy_scale_rule):
 *  - FLOOR: floor(log2 amax) changes at every power of two;
 *  - CEIL: the smallest X = 2^k with amax / X <= max_elem changes just
 *    above max_elem * 2^k;
 *  - EVEN: amax rounded to the element's precision p reaches the next
 *    binade at (2 - 2^-p) * 2^e (torchao's EVEN);
 *  - DIV: amax / max_elem (tensor scale 1) rounds to the scale format, so
 *    its boundaries are max_elem times each scale value and each midpoint
 *    between neighbouring scale values. */
#include "block_vectors.h"

#include <stdlib.h>

__extension__ typedef unsigned __int128 u128;

/* The rows being written: element n of the set goes to out[n] while
 * n < cap (blocks lie one after another, so a row of cols / block blocks is
 * cols consecutive elements). */
typedef struct emitter {
    exmy_type type;
    unsigned block;
    void *out;
    uint64_t cap; /* elements that fit */
    uint64_t n;   /* elements so far */
} emitter;

static void put(emitter *W, uint64_t bits)
{
    if (W->n < W->cap)
        exmy__store_bits(W->out, W->type, (size_t)W->n, bits);
    W->n++;
}

/* Ordinal of amax * j / n rounded to nearest, ties to even, for the amax of
 * ordinal `ao` (finite, > 0) and 0 < j < n: the result is at most amax. */
static uint64_t ord_fraction(const exmy__vtype *T, uint64_t ao, uint64_t j, uint64_t n)
{
    exmy__exact a;
    exmy__exact_from_ieee(ao, T->eb, T->mb, &a);
    u128 num = (u128)a.m * j; /* value num / n * 2^a.e */
    int lnum = num >> 64 ? 127 - __builtin_clzll((uint64_t)(num >> 64))
                         : 63 - __builtin_clzll((uint64_t)num);
    int d = lnum - (63 - __builtin_clzll(n)); /* floor(log2(num / n)) is d or d - 1 */
    bool ge = d >= 0 ? num >= ((u128)n << d) : (num << -d) >= n;
    int64_t tb = a.e + d - (ge ? 0 : 1);
    int64_t u = tb < T->q + (int64_t)T->mb ? T->q : tb - (int64_t)T->mb;
    /* u <= a.e: the result is below amax, whose last bit is at a.e; and
     * a.e - u <= 32 + 1 (j / n >= 2^-31), so the shift stays in 128 bits. */
    u128 x = num << (a.e - u);
    uint64_t k = (uint64_t)(x / n), rem = (uint64_t)(x % n);
    if (2 * (u128)rem > n || (2 * (u128)rem == n && (k & 1)))
        k++;
    return ((uint64_t)(u - T->q) << T->mb) + k;
}

/* A block whose largest magnitude is the value of ordinal ao (> 0): ao
 * first, then amax * j / block (j = 1 .. block - 1, rounded), every odd j
 * negative; all signs flipped with neg. */
static void pattern_block(emitter *W, const exmy__vtype *T, uint64_t ao, bool neg)
{
    uint64_t s = neg ? T->sign : 0;
    put(W, s | ao);
    for (uint64_t j = 1; j < W->block; j++)
        put(W, ((j & 1) ? s ^ T->sign : s) | ord_fraction(T, ao, j, W->block));
}

/* A growing list of amax ordinals. */
typedef struct ordlist {
    uint64_t *v;
    size_t n, cap;
    bool oom;
} ordlist;

static void add_ord(ordlist *L, uint64_t o)
{
    if (L->n == L->cap) {
        size_t cap = L->cap ? 2 * L->cap : 1024;
        uint64_t *v = realloc(L->v, cap * sizeof *v);
        if (!v) {
            L->oom = true;
            return;
        }
        L->v = v;
        L->cap = cap;
    }
    L->v[L->n++] = o;
}

/* The input values nearest m * 2^e (m > 0): the value itself and one either
 * side where exact, else the one below and the one above; positive finite
 * ones only. */
static void add_point(ordlist *L, const exmy__vtype *T, uint64_t m, int64_t e)
{
    uint64_t d;
    bool inexact;
    if (!exmy__vround_down(T, m, e, &d, &inexact))
        return;
    uint64_t lo = inexact || d == 0 ? d : d - 1, hi = d + 1;
    for (uint64_t o = lo; o <= hi; o++)
        if (o > 0 && o < T->inf_ord)
            add_ord(L, o);
}

/* m * 2^e for every e that puts its top bit in the input type's finite range. */
static void add_family(ordlist *L, const exmy__vtype *T, uint64_t m)
{
    int top = 63 - __builtin_clzll(m);
    for (int64_t tb = T->q; tb <= T->emax; tb++)
        add_point(L, T, m, tb - top);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Part 1: the amax of every scale-rule block, ascending, each once. */
static exmy_status scale_rule_blocks(emitter *W, const exmy__blk *B, const exmy__vtype *T)
{
    ordlist L = {NULL, 0, 0, false};
    add_family(&L, T, 1); /* every rule: the powers of two */
    exmy_scale_rule rule = B->bf->rule;
    if (rule == EXMY_SCALE_CEIL || rule == EXMY_SCALE_DIV)
        add_family(&L, T, B->max_sig);
    if (rule == EXMY_SCALE_EVEN)
        add_family(&L, T, (UINT64_C(1) << (B->p_elem + 1)) - 1);
    if (rule == EXMY_SCALE_DIV && B->S.k - B->S.s <= 16) {
        /* max_elem times each scale value from the smallest positive one to
         * the first above the largest (as if the range went on), and the
         * midpoints between them and below the smallest. */
        for (uint64_t c = B->smin_code; c <= B->S.cmax + 1; c++) {
            uint64_t s0, s1;
            int64_t e0, e1;
            exmy__mag_value(&B->S, c, &s0, &e0);
            add_point(&L, T, B->max_sig * s0, B->max_exp + e0);
            if (c == B->smin_code)
                add_point(&L, T, B->max_sig * s0, B->max_exp + e0 - 1);
            if (c > B->S.cmax)
                break;
            exmy__mag_value(&B->S, c + 1, &s1, &e1);
            int64_t lo = e0 < e1 ? e0 : e1;
            uint64_t sum = (s0 << (e0 - lo)) + (s1 << (e1 - lo));
            add_point(&L, T, B->max_sig * sum, B->max_exp + lo - 1);
        }
    }
    if (L.oom) {
        free(L.v);
        return EXMY_ENOMEM;
    }
    qsort(L.v, L.n, sizeof *L.v, cmp_u64);
    for (size_t i = 0; i < L.n; i++)
        if (i == 0 || L.v[i] != L.v[i - 1])
            pattern_block(W, T, L.v[i], false);
    free(L.v);
    return EXMY_OK;
}

/* The exact value of a positive ordinal, normalised (top bit at 63). */
static void ord_value(const exmy__vtype *T, uint64_t o, exmy__exact *x)
{
    exmy__exact_from_ieee(o, T->eb, T->mb, x);
    int lz = __builtin_clzll(x->m);
    x->m <<= lz;
    x->e -= lz;
}

/* log2 of the scale of a block whose amax is the ordinal o times 2^k, or
 * INT64_MIN where that scale is not a power of two (DIV), at tensor scale 1. */
static int64_t scale_log2(const exmy__blk *B, const exmy__vtype *T, uint64_t o, int64_t k)
{
    exmy__exact a;
    ord_value(T, o, &a);
    a.e += k;
    uint32_t code;
    exmy__xval v;
    int64_t kk;
    exmy__blk_scale_code(B, &a, (exmy__xval){1, 0}, &code, &v, &kk);
    if (v.sig == 0 || (v.sig & (v.sig - 1)) != 0)
        return INT64_MIN;
    return v.exp + __builtin_ctzll(v.sig);
}

/* Can the input type hold every value of the set (and the anchor) times
 * 2^k, with 2^k the scale the anchor gives and every element keeping it? */
static bool k_holds(const exmy__blk *B, const exmy__vtype *T, const uint64_t *v, size_t n,
                    uint64_t anchor, int64_t k)
{
    int64_t top = 0, low = 0;
    bool any = false;
    for (size_t i = 0; i <= n; i++) {
        uint64_t o = i < n ? v[i] & ~T->sign : anchor;
        exmy__exact x;
        exmy__exact_from_ieee(o, T->eb, T->mb, &x);
        int64_t t = 63 - __builtin_clzll(x.m) + x.e, l = __builtin_ctzll(x.m) + x.e;
        top = !any || t > top ? t : top;
        low = !any || l < low ? l : low;
        any = true;
    }
    if (top + k > T->emax || low + k < T->q)
        return false;
    if (scale_log2(B, T, anchor, k) != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((v[i] & ~T->sign) > anchor && scale_log2(B, T, v[i] & ~T->sign, k) != k)
            return false;
    return true;
}

/* The ordinal of x * 2^k for an ordinal x that k_holds vouched for. */
static uint64_t ord_shift(const exmy__vtype *T, uint64_t o, int64_t k)
{
    exmy__exact x;
    exmy__exact_from_ieee(o, T->eb, T->mb, &x);
    uint64_t r = 0;
    bool inexact;
    (void)exmy__vround_down(T, x.m, x.e + k, &r, &inexact);
    return r;
}

/* Part 2: the element format's boundary set at scales 2^k. */
static exmy_status element_blocks(emitter *W, const exmy__blk *B, const exmy__vtype *T)
{
    exmy_profile prof;
    const exmy_opts rne = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_status st = exmy_profile_from_format(&B->bf->elem, &rne, &prof);
    size_t n = 0;
    if (st == EXMY_OK)
        st = exmy_vectors_boundary(&prof, W->type, 0, NULL, 0, &n);
    if (st != EXMY_OK)
        return st;
    uint64_t *v = malloc((n ? n : 1) * sizeof *v);
    void *raw = malloc((n ? n : 1) * exmy_type_size(W->type));
    if (!v || !raw) {
        free(v);
        free(raw);
        return EXMY_ENOMEM;
    }
    st = exmy_vectors_boundary(&prof, W->type, 0, raw, n, &n);
    /* The anchor max_elem, rounded down where the input type is narrower
     * (the same scale under every rule: the same binade, not above). */
    uint64_t anchor = 0;
    bool inexact;
    if (st == EXMY_OK && !exmy__vround_down(T, B->max_sig, B->max_exp, &anchor, &inexact))
        anchor = T->inf_ord - 1;
    /* Keep the finite non-zero values from an eighth of the element's
     * smallest value (less two input ulps) up, that leave the anchor's scale
     * as it is: not the input type's own extremes, which no k could move. */
    uint64_t s;
    int64_t e;
    exmy__mag_value(&B->E, B->E.has_zero ? 1 : 0, &s, &e);
    int64_t floor_exp = 63 - __builtin_clzll(s) + e - 4;
    int64_t k0 = st == EXMY_OK ? scale_log2(B, T, anchor, 0) : 0;
    size_t m = 0;
    for (size_t i = 0; st == EXMY_OK && i < n; i++) {
        uint64_t b = exmy__load_bits(raw, W->type, i), o = b & ~T->sign;
        if (o == 0 || o >= T->inf_ord)
            continue;
        exmy__exact x;
        exmy__exact_from_ieee(o, T->eb, T->mb, &x);
        if (63 - __builtin_clzll(x.m) + x.e < floor_exp)
            continue;
        if (o > anchor && scale_log2(B, T, o, 0) != k0)
            continue;
        v[m++] = b;
    }
    free(raw);
    /* k = 0 and the two furthest from it (at most 64 away) that hold. */
    int64_t ks[3] = {0, 0, 0};
    size_t nk = 0;
    if (st == EXMY_OK && k0 == 0 && k_holds(B, T, v, m, anchor, 0))
        ks[nk++] = 0;
    for (int64_t k = -64; st == EXMY_OK && nk && k < 0; k++)
        if (k_holds(B, T, v, m, anchor, k)) {
            ks[nk++] = k;
            break;
        }
    for (int64_t k = 64; st == EXMY_OK && nk && k > 0; k--)
        if (k_holds(B, T, v, m, anchor, k)) {
            ks[nk++] = k;
            break;
        }
    /* block - 1 values after the anchor (block 1: each value alone). */
    size_t per = W->block > 1 ? W->block - 1 : 1;
    for (size_t t = 0; t < nk; t++)
        for (size_t i = 0; i < m; i += per) {
            if (W->block > 1)
                put(W, ord_shift(T, anchor, ks[t]));
            for (size_t j = i; j < i + per; j++)
                put(W, j < m ? (v[j] & T->sign) | ord_shift(T, v[j] & ~T->sign, ks[t]) : 0);
        }
    free(v);
    return st;
}

/* A block of ones with x at its middle element. */
static void among_ones(emitter *W, uint64_t one, uint64_t x)
{
    for (unsigned j = 0; j < W->block; j++)
        put(W, j == W->block / 2 ? x : one);
}

/* Part 3: the special blocks. */
static void special_blocks(emitter *W, const exmy__blk *B, const exmy__vtype *T)
{
    uint64_t one = (uint64_t)T->emax << T->mb; /* 1.0: biased exponent emax */
    for (unsigned j = 0; j < W->block; j++)
        put(W, 0);
    for (unsigned j = 0; j < W->block; j++)
        put(W, (j & 1) ? T->sign : 0);
    among_ones(W, one, T->qnan);
    among_ones(W, one, T->sign | T->qnan);
    among_ones(W, one, T->inf_ord);
    among_ones(W, one, T->sign | T->inf_ord);
    pattern_block(W, T, 1, false);
    pattern_block(W, T, (UINT64_C(1) << T->mb) - 1, false);
    /* Negative values that round to -0 beside an amax of 2^a: v <= 2^a *
     * min_elem / (8 * max_elem) is below a quarter of the smallest element
     * at any scale the rules give amax = 2^a (X >= 2^a / (2 max_elem)); a is
     * 0 unless the input type cannot hold such a v under an amax of 1. */
    uint64_t s;
    int64_t e;
    exmy__mag_value(&B->E, B->E.has_zero ? 1 : 0, &s, &e);
    int64_t lo = 63 - __builtin_clzll(s) + e;
    int64_t top = 63 - __builtin_clzll(B->max_sig) + B->max_exp;
    int64_t clog = top + ((B->max_sig & (B->max_sig - 1)) ? 1 : 0); /* ceil(log2 max_elem) */
    int64_t ve = lo - clog - 3, a = ve < T->q ? T->q - ve : 0;
    if (a > T->emax)
        a = T->emax;
    put(W, (uint64_t)(a + T->emax) << T->mb);
    for (unsigned j = 1; j < W->block; j++) {
        int64_t x = ve + a - (int64_t)((j - 1) % 4);
        uint64_t o = 1;
        bool inexact;
        (void)exmy__vround_down(T, 1, x < T->q ? T->q : x, &o, &inexact);
        put(W, T->sign | o);
    }
    pattern_block(W, T, T->inf_ord - 1, false);
    pattern_block(W, T, T->inf_ord - 1, true);
}

exmy_status exmy_block_vectors_boundary(const exmy_block_format *bf, exmy_type type, size_t cols,
                                        void *out, size_t cap_rows, size_t *rows)
{
    exmy__blk B;
    exmy_status st = exmy__blk_prepare(bf, &B);
    if (st != EXMY_OK)
        return st;
    if (!rows || (!out && cap_rows > 0) || (unsigned)type > (unsigned)EXMY_TYPE_BF16)
        return EXMY_EINVAL;
    if (cols == 0)
        cols = bf->block;
    if (cols % bf->block != 0)
        return EXMY_EINVAL;
    exmy__vtype T;
    exmy__vtype_of(type, &T);
    emitter W = {type, bf->block, out, cap_rows > UINT64_MAX / cols ? UINT64_MAX : cap_rows * cols,
                 0};
    st = scale_rule_blocks(&W, &B, &T);
    if (st == EXMY_OK)
        st = element_blocks(&W, &B, &T);
    if (st != EXMY_OK)
        return st;
    special_blocks(&W, &B, &T);
    uint64_t nrows = (W.n + cols - 1) / cols;
    while (W.n < nrows * cols)
        put(&W, 0); /* the last row's all-+0 blocks */
    *rows = (size_t)nrows;
    return EXMY_OK;
}
