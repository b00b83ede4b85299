/* The block formats' test vectors (exmy_block_vectors_boundary,
 * exmy_block_vectors_random) against exmy.h's contract, with every expected
 * value worked out here from first principles:
 *  - the input types' bit patterns by their IEEE layout (powers of two,
 *    neighbours by nextafter, exact products and quotients in binary64 /
 *    long double, rounded once by a cast);
 *  - the element formats' max_elem, emax_elem, precision and smallest value
 *    from OCP MX v1.0 §5.3 Tables 2, 4, 5, 6 (and NVFP4: E2M1 elements, E4M3
 *    scales), typed in below;
 *  - the scale codes a rule can reach, from the rule's formula (OCP MX v1.0
 *    §6.3; exmy.h exmy_scale_rule) on the input type's smallest subnormal
 *    and largest finite value;
 *  - the random rows from the Philox words as exmy.h and
 *    src/block_vectors_random.c spell them out, made again here.
 * Only the element format's own boundary set comes from the library
 * (exmy_vectors_boundary, tested in test_vectors.c), and the scale codes of
 * the set's blocks from exmy_block_scale (test_block.c): part 2 and the
 * scale-range check are about how the block set uses them. */
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ input types */

typedef struct ity {
    exmy_type t;
    int eb, mb, width;
    const char *name;
} ity;

static const ity types[] = {
    {EXMY_TYPE_F64, 11, 52, 64, "f64"},
    {EXMY_TYPE_F32, 8, 23, 32, "f32"},
    {EXMY_TYPE_F16, 5, 10, 16, "f16"},
    {EXMY_TYPE_BF16, 8, 7, 16, "bf16"},
};

static int bias_of(const ity *T)
{
    return (1 << (T->eb - 1)) - 1;
}
static int qmin(const ity *T) /* exponent of the smallest subnormal */
{
    return 1 - bias_of(T) - T->mb;
}
static uint64_t sign_of(const ity *T)
{
    return UINT64_C(1) << (T->width - 1);
}
static uint64_t inf_bits(const ity *T)
{
    return ((UINT64_C(1) << T->eb) - 1) << T->mb;
}

static uint64_t get(const void *a, const ity *T, size_t i)
{
    const unsigned char *p = a;
    if (T->width == 64) {
        uint64_t b;
        memcpy(&b, p + 8 * i, 8);
        return b;
    }
    if (T->width == 32) {
        uint32_t b;
        memcpy(&b, p + 4 * i, 4);
        return b;
    }
    uint16_t b;
    memcpy(&b, p + 2 * i, 2);
    return b;
}

/* The value of finite bits, in long double (exact for every input type). */
static long double value_of(const ity *T, uint64_t b)
{
    uint64_t mag = b & ~sign_of(T), mant = mag & ((UINT64_C(1) << T->mb) - 1);
    int64_t ex = (int64_t)(mag >> T->mb);
    long double v = ex == 0 ? ldexpl((long double)mant, qmin(T))
                            : ldexpl((long double)(mant | (UINT64_C(1) << T->mb)),
                                     (int)ex - bias_of(T) - T->mb);
    return (b & sign_of(T)) ? -v : v;
}

/* Bits of a long double the type holds exactly (checked). */
static bool bits_of(const ity *T, long double x, uint64_t *out)
{
    uint64_t s = signbit(x) ? sign_of(T) : 0;
    long double a = fabsl(x);
    if (a == 0) {
        *out = s;
        return true;
    }
    int e = ilogbl(a), emin = 1 - bias_of(T);
    if (e > bias_of(T))
        return false;
    int u = (e < emin ? emin : e) - T->mb; /* exponent of the last bit */
    long double k = ldexpl(a, -u);
    if (k != floorl(k))
        return false;
    uint64_t ki = (uint64_t)k;
    *out = s | (e < emin ? ki : ((uint64_t)(e + bias_of(T)) << T->mb) | (ki & ((UINT64_C(1) << T->mb) - 1)));
    return true;
}

/* The largest value of the type at most a (a >= 0, below 2^(emax+1)). */
static uint64_t round_down_bits(const ity *T, long double a)
{
    if (a == 0)
        return 0;
    int e = ilogbl(a), emin = 1 - bias_of(T);
    int u = (e < emin ? emin : e) - T->mb;
    long double k = floorl(ldexpl(a, -u));
    uint64_t b;
    ck_assert(bits_of(T, ldexpl(k, u), &b));
    return b;
}

static uint64_t pow2_bits(const ity *T, int e)
{
    int emin = 1 - bias_of(T);
    return e >= emin ? (uint64_t)(e + bias_of(T)) << T->mb : UINT64_C(1) << (e - qmin(T));
}

static bool is_nan(const ity *T, uint64_t b)
{
    return (b & ~sign_of(T)) > inf_bits(T);
}
static bool is_inf(const ity *T, uint64_t b)
{
    return (b & ~sign_of(T)) == inf_bits(T);
}

/* ------------------------------------------------ the named formats */

/* OCP MX v1.0 §5.3 (Tables 2, 4, 5, 6) and NVFP4's E2M1: the largest
 * value, the exponent of its binade, the precision and the smallest
 * positive value of each element. */
typedef struct named {
    const char *name;
    double max_elem;
    int emax_elem, p;
    double min_elem;
    unsigned elem_bits;
    bool negzero;
} named;

static const named formats[] = {
    {"mxfp8_e4m3", 448, 8, 4, 0x1p-9, 8, true},
    {"mxfp8_e5m2", 57344, 15, 3, 0x1p-16, 8, true},
    {"mxfp6_e3m2", 28, 4, 3, 0x1p-4, 6, true},
    {"mxfp6_e2m3", 7.5, 2, 4, 0x1p-3, 6, true},
    {"mxfp4_e2m1", 6, 2, 2, 0.5, 4, true},
    {"mxint8", 127.0 / 64, 0, 7, 0x1p-6, 8, false},
    {"nvfp4", 6, 2, 2, 0.5, 4, true},
    {"mxfp8_e4m3_ceil", 448, 8, 4, 0x1p-9, 8, true},
    {"mxfp4_e2m1_ceil", 6, 2, 2, 0.5, 4, true},
    {"mxfp4_e2m1_even", 6, 2, 2, 0.5, 4, true},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static const exmy_block_format *find(const char *name)
{
    const exmy_block_format *bf = exmy_catalogue_find_block(tu_catalogue(), name);
    ck_assert_msg(bf != NULL, "block format %s", name);
    return bf;
}

/* The boundary set, allocated. */
typedef struct set {
    void *v;
    size_t rows, cols, nblocks;
    unsigned block;
} set;

static set boundary(const exmy_block_format *bf, const ity *T, size_t cols)
{
    set S = {NULL, 0, cols ? cols : bf->block, 0, bf->block};
    ck_assert_int_eq(exmy_block_vectors_boundary(bf, T->t, cols, NULL, 0, &S.rows), EXMY_OK);
    S.v = malloc(S.rows * S.cols * (size_t)(T->width / 8) + 1);
    size_t r2 = 0;
    ck_assert_int_eq(exmy_block_vectors_boundary(bf, T->t, cols, S.v, S.rows, &r2), EXMY_OK);
    ck_assert_uint_eq(r2, S.rows);
    S.nblocks = S.rows * S.cols / bf->block;
    return S;
}

/* The largest magnitude of block b, as bits (NaN-free blocks). */
static uint64_t amax_of(const set *S, const ity *T, size_t b)
{
    uint64_t m = 0;
    for (unsigned j = 0; j < S->block; j++) {
        uint64_t x = get(S->v, T, b * S->block + j) & ~sign_of(T);
        m = x > m ? x : m;
    }
    return m;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static bool has(const uint64_t *v, size_t n, uint64_t x)
{
    return bsearch(&x, v, n, sizeof x, cmp_u64) != NULL;
}

/* Sorted amaxes of every NaN/Inf-free block. */
static uint64_t *amaxes(const set *S, const ity *T, size_t *n)
{
    uint64_t *v = malloc(S->nblocks * sizeof *v + 8);
    *n = 0;
    for (size_t b = 0; b < S->nblocks; b++) {
        bool special = false;
        for (unsigned j = 0; j < S->block; j++) {
            uint64_t x = get(S->v, T, b * S->block + j);
            special |= is_nan(T, x) || is_inf(T, x);
        }
        if (!special)
            v[(*n)++] = amax_of(S, T, b);
    }
    qsort(v, *n, sizeof *v, cmp_u64);
    return v;
}

/* ------------------------------------------------------------- sizes */

START_TEST(test_sizes_cap0_equals_full_write_and_cols_multiple)
{
    const ity *T = &types[1];
    for (size_t f = 0; f < NFORMATS; f++) {
        const exmy_block_format *bf = find(formats[f].name);
        set S = boundary(bf, T, 0);
        size_t esz = 4, cols = bf->block;
        /* cap_rows = rows writes rows; one more row of sentinel stays. */
        unsigned char *buf = malloc((S.rows + 1) * cols * esz);
        memset(buf, 0xa5, (S.rows + 1) * cols * esz);
        size_t rows = 0;
        ck_assert_int_eq(exmy_block_vectors_boundary(bf, T->t, 0, buf, S.rows + 1, &rows), EXMY_OK);
        ck_assert_uint_eq(rows, S.rows);
        ck_assert(memcmp(buf, S.v, S.rows * cols * esz) == 0);
        for (size_t i = S.rows * cols * esz; i < (S.rows + 1) * cols * esz; i++)
            ck_assert_uint_eq(buf[i], 0xa5);
        /* Half the rows: those and nothing else. */
        memset(buf, 0xa5, (S.rows + 1) * cols * esz);
        size_t half = S.rows / 2;
        ck_assert_int_eq(exmy_block_vectors_boundary(bf, T->t, 0, buf, half, &rows), EXMY_OK);
        ck_assert_uint_eq(rows, S.rows);
        ck_assert(memcmp(buf, S.v, half * cols * esz) == 0);
        for (size_t i = half * cols * esz; i < (S.rows + 1) * cols * esz; i++)
            ck_assert_uint_eq(buf[i], 0xa5);
        free(buf);
        /* Three blocks a row: the same blocks, then all-+0 ones. */
        set S3 = boundary(bf, T, 3 * cols);
        ck_assert_uint_eq(S3.rows, (S.rows + 2) / 3);
        ck_assert(memcmp(S3.v, S.v, S.rows * cols * esz) == 0);
        for (size_t i = S.rows * cols; i < S3.rows * 3 * cols; i++)
            ck_assert_uint_eq(get(S3.v, T, i), 0);
        free(S3.v);
        free(S.v);
        /* Errors. */
        ck_assert_int_eq(exmy_block_vectors_boundary(bf, T->t, cols + 1, NULL, 0, &rows),
                         EXMY_EINVAL);
        ck_assert_int_eq(exmy_block_vectors_boundary(bf, T->t, 0, NULL, 0, NULL), EXMY_EINVAL);
        ck_assert_int_eq(exmy_block_vectors_boundary(bf, T->t, 0, NULL, 1, &rows), EXMY_EINVAL);
        ck_assert_int_eq(exmy_block_vectors_boundary(bf, (exmy_type)7, 0, NULL, 0, &rows),
                         EXMY_EINVAL);
        float one[64];
        ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, cols + 1, 1, 0, 1, one), EXMY_EINVAL);
        ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, 0, 1, 0, 1, NULL), EXMY_EINVAL);
        ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, 0, 1, 0, 0, NULL), EXMY_OK);
        exmy_block_format bad = *bf;
        bad.block = 0;
        ck_assert_int_eq(exmy_block_vectors_boundary(&bad, T->t, 0, NULL, 0, &rows), EXMY_EFORMAT);
        ck_assert_int_eq(exmy_block_vectors_random(&bad, T->t, 1, 1, 0, 1, one), EXMY_EFORMAT);
    }
}
END_TEST

START_TEST(test_boundary_deterministic)
{
    for (size_t t = 0; t < 4; t++)
        for (size_t f = 0; f < NFORMATS; f += 3) {
            const exmy_block_format *bf = find(formats[f].name);
            set A = boundary(bf, &types[t], 0), B = boundary(bf, &types[t], 0);
            ck_assert_uint_eq(A.rows, B.rows);
            ck_assert(memcmp(A.v, B.v, A.rows * A.cols * (size_t)(types[t].width / 8)) == 0);
            free(A.v);
            free(B.v);
        }
}
END_TEST

/* ------------------------------------------------------------ part 1 */

/* Every power of two of the type's finite range: blocks with amax just
 * below (not +0), at and just above it. */
static void check_pow2_amaxes(const named *F, const ity *T)
{
    const exmy_block_format *bf = find(F->name);
    set S = boundary(bf, T, 0);
    size_t n;
    uint64_t *am = amaxes(&S, T, &n);
    tu_log log;
    tu_log_init(&log, "amax around powers of two", 8);
    for (int e = qmin(T); e <= bias_of(T); e++) {
        uint64_t p = pow2_bits(T, e);
        uint64_t want[3] = {p - 1, p, p + 1};
        for (int i = 0; i < 3; i++) {
            if (want[i] == 0)
                continue;
            log.checked++;
            if (!has(am, n, want[i]))
                tu_fail(&log, "%s %s: no block with amax %La (0x%llx) around 2^%d", F->name,
                        T->name, value_of(T, want[i]), (unsigned long long)want[i], e);
        }
    }
    tu_log_check(&log);
    free(am);
    free(S.v);
}

START_TEST(test_part1_amax_below_at_above_every_power_of_two)
{
    for (size_t f = 0; f < NFORMATS; f++)
        check_pow2_amaxes(&formats[f], &types[1]);
    check_pow2_amaxes(&formats[0], &types[0]);
    check_pow2_amaxes(&formats[4], &types[0]);
    check_pow2_amaxes(&formats[0], &types[2]);
    check_pow2_amaxes(&formats[6], &types[2]);
    check_pow2_amaxes(&formats[1], &types[3]);
    check_pow2_amaxes(&formats[5], &types[3]);
}
END_TEST

/* The input values nearest x (> 0): x and its neighbours where f32 holds
 * it, else the two around it; positive finite only. */
static void add_near(uint64_t *v, size_t *n, double x)
{
    if (x < 0x1p-149 || x >= 0x1p128)
        return;
    float lo = (float)x;
    if ((double)lo > x)
        lo = nextafterf(lo, 0);
    if (isinf(lo))
        lo = FLT_MAX;
    float c[3] = {nextafterf(lo, 0), lo, nextafterf(lo, INFINITY)};
    for (int i = (double)lo == x ? 0 : 1; i < 3; i++)
        if (c[i] > 0 && isfinite(c[i]))
            v[(*n)++] = tu_f32_bits(c[i]);
}

/* E4M3 (e4m3fn) values by its layout, OCP OFP8: subnormals m * 2^-9, normals
 * (1 + m/8) * 2^(e-7); code c = 0..127, 127 being 480 as if not NaN. */
static double e4m3_value(unsigned c)
{
    unsigned e = c >> 3, m = c & 7;
    return e == 0 ? ldexp(m, -9) : ldexp(1 + m / 8.0, (int)e - 7);
}

/* Part 1 for f32 exactly: the amaxes of the first blocks, ascending, each
 * once, and each block amax then amax * j / block, odd j negative. */
START_TEST(test_part1_f32_blocks_in_amax_order_with_thresholds)
{
    const ity *T = &types[1];
    for (size_t f = 0; f < NFORMATS; f++) {
        const named *F = &formats[f];
        const exmy_block_format *bf = find(F->name);
        uint64_t *v = malloc(20000 * sizeof *v);
        size_t n = 0;
        for (int e = -149; e <= 127; e++)
            add_near(v, &n, ldexp(1, e));
        if (bf->rule == EXMY_SCALE_CEIL || bf->rule == EXMY_SCALE_DIV)
            for (int e = -160; e <= 130; e++)
                add_near(v, &n, ldexp(F->max_elem, e));
        if (bf->rule == EXMY_SCALE_EVEN) /* (2 - 2^-p) * 2^e rounds to 2^(e+1) */
            for (int e = -149; e <= 127; e++)
                add_near(v, &n, ldexp(2 - ldexp(1, -F->p), e));
        if (bf->rule == EXMY_SCALE_DIV) {
            add_near(v, &n, F->max_elem * e4m3_value(1) / 2);
            for (unsigned c = 1; c <= 127; c++) {
                add_near(v, &n, F->max_elem * e4m3_value(c));
                if (c < 127)
                    add_near(v, &n, F->max_elem * (e4m3_value(c) + e4m3_value(c + 1)) / 2);
            }
        }
        qsort(v, n, sizeof *v, cmp_u64);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (m == 0 || v[i] != v[m - 1])
                v[m++] = v[i];
        set S = boundary(bf, T, 0);
        ck_assert_uint_ge(S.nblocks, m);
        tu_log log;
        tu_log_init(&log, "part 1 f32", 8);
        for (size_t b = 0; b < m; b++) {
            const float *x = (const float *)S.v + b * S.block;
            log.checked++;
            if (tu_f32_bits(x[0]) != v[b]) {
                tu_fail(&log, "%s block %zu: amax %a (0x%08x), expected %a (0x%08llx)", F->name,
                        b, x[0], tu_f32_bits(x[0]), tu_f32_from_bits((uint32_t)v[b]),
                        (unsigned long long)v[b]);
                continue;
            }
            for (unsigned j = 1; j < S.block; j++) {
                /* amax * j exact in binary64, / block (a power of two) exact:
                 * the cast rounds once, to nearest even. */
                float want = (float)((double)x[0] * j / S.block);
                if (j & 1)
                    want = -want;
                if (tu_f32_bits(x[j]) != tu_f32_bits(want))
                    tu_fail(&log, "%s block %zu (amax %a) element %u: %a (0x%08x), expected %a",
                            F->name, b, x[0], j, x[j], tu_f32_bits(x[j]), want);
            }
        }
        /* The next block is part 2's first: its anchor, max_elem. */
        ck_assert_msg(((const float *)S.v)[m * S.block] == (float)F->max_elem,
                      "%s: block %zu starts with %a", F->name, m,
                      ((const float *)S.v)[m * S.block]);
        tu_log_check(&log);
        free(v);
        free(S.v);
    }
}
END_TEST

/* The smallest k with x <= y * 2^k (x, y > 0). */
static int ceil_k(long double x, long double y)
{
    int k = ilogbl(x) - ilogbl(y) - 2;
    while (x > ldexpl(y, k))
        k++;
    return k;
}

/* The scale codes exmy_block_scale gives the set's finite blocks are every
 * code a rule reaches on the input type: the smallest (amax 0) and those of
 * the smallest subnormal up to the largest finite, clamped to E8M0. */
static void check_scale_codes(const named *F, const ity *T)
{
    const exmy_block_format *bf = find(F->name);
    set S = boundary(bf, T, 0);
    bool hit[256] = {false};
    for (size_t b = 0; b < S.nblocks; b++) {
        bool special = false;
        for (unsigned j = 0; j < S.block; j++) {
            uint64_t x = get(S.v, T, b * S.block + j);
            special |= is_nan(T, x) || is_inf(T, x);
        }
        if (special)
            continue;
        uint32_t code = 0;
        ck_assert_int_eq(exmy_block_scale(bf, T->t, (const char *)S.v + b * S.block * (T->width / 8),
                                          S.block, 1.0f, &code),
                         EXMY_OK);
        ck_assert_uint_lt(code, 256);
        hit[code] = true;
    }
    bool want[256] = {false};
    if (bf->rule == EXMY_SCALE_DIV) {
        for (unsigned c = 1; c <= 0x7e; c++) /* every positive finite E4M3 scale */
            want[c] = true;
    } else {
        long double smallest = ldexpl(1, qmin(T));
        long double largest = ldexpl(ldexpl(1, T->mb + 1) - 1, bias_of(T) - T->mb);
        int klo, khi;
        if (bf->rule == EXMY_SCALE_CEIL) {
            klo = ceil_k(smallest, F->max_elem);
            khi = ceil_k(largest, F->max_elem);
        } else {
            klo = qmin(T) - F->emax_elem;
            /* EVEN: the largest finite (all significand bits ones) rounds up
             * to 2^(emax+1) at the element's precision. */
            khi = bias_of(T) - F->emax_elem + (bf->rule == EXMY_SCALE_EVEN ? 1 : 0);
        }
        klo = klo < -127 ? -127 : klo;
        khi = khi > 127 ? 127 : khi;
        want[0] = true; /* amax 0: 2^-127 */
        for (int k = klo; k <= khi; k++)
            want[k + 127] = true;
    }
    for (unsigned c = 0; c < 256; c++)
        ck_assert_msg(hit[c] == want[c], "%s %s: scale code 0x%02x %s", F->name, T->name, c,
                      want[c] ? "never given" : "given, out of reach");
    free(S.v);
}

START_TEST(test_part1_scale_codes_cover_reachable_range)
{
    for (size_t f = 0; f < NFORMATS; f++)
        check_scale_codes(&formats[f], &types[1]);
    check_scale_codes(&formats[0], &types[0]);
    check_scale_codes(&formats[7], &types[0]);
    check_scale_codes(&formats[9], &types[0]);
    check_scale_codes(&formats[0], &types[2]);
    check_scale_codes(&formats[8], &types[2]);
    check_scale_codes(&formats[1], &types[3]);
    check_scale_codes(&formats[9], &types[3]);
}
END_TEST

/* ------------------------------------------------------------ part 2 */

/* Does a value v of the element's boundary set belong in part 2: finite,
 * non-zero, from 2^(floor(log2 min_elem) - 4) up, and leaving the anchor
 * max_elem's scale as it is under the rule (tensor scale 1)? */
static bool part2_keeps(const named *F, const exmy_block_format *bf, long double v)
{
    long double a = fabsl(v);
    if (a == 0 || !isfinite(a) || a < ldexpl(1, ilogb(F->min_elem) - 4))
        return false;
    switch (bf->rule) {
    case EXMY_SCALE_FLOOR:
        return a < ldexpl(1, F->emax_elem + 1);
    case EXMY_SCALE_CEIL:
        return a <= F->max_elem;
    case EXMY_SCALE_EVEN: /* rounded to p bits, still below 2^(emax+1) */
        return a < ldexpl(2 - ldexpl(1, -F->p), F->emax_elem);
    default: /* DIV: a / max_elem rounds (E4M3, ties to even) to 1: <= 1 + 1/16 */
        return a <= F->max_elem * (1 + 1.0L / 16);
    }
}

/* The element set (exmy_vectors_boundary under rne/satfinite), kept. */
static long double *element_set(const named *F, const exmy_block_format *bf, const ity *T,
                                size_t *n)
{
    exmy_profile p;
    const exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    ck_assert_int_eq(exmy_profile_from_format(&bf->elem, &o, &p), EXMY_OK);
    size_t cnt = 0;
    ck_assert_int_eq(exmy_vectors_boundary(&p, T->t, 0, NULL, 0, &cnt), EXMY_OK);
    void *raw = malloc(cnt * (size_t)(T->width / 8));
    ck_assert_int_eq(exmy_vectors_boundary(&p, T->t, 0, raw, cnt, &cnt), EXMY_OK);
    long double *v = malloc(cnt * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < cnt; i++) {
        uint64_t b = get(raw, T, i);
        if (is_nan(T, b) || is_inf(T, b))
            continue;
        long double x = value_of(T, b);
        if (part2_keeps(F, bf, x))
            v[(*n)++] = x;
    }
    free(raw);
    return v;
}

/* The k of part 2 (exmy.h): furthest from 0, at most 64, with every kept
 * value and max_elem times 2^k held by the type and 2^k a scale (E8M0:
 * 2^-127 .. 2^127; NVFP4's E4M3: 2^-9 .. 2^8). */
static bool k_ok(const named *F, const exmy_block_format *bf, const ity *T, const long double *v,
                 size_t n, int k)
{
    uint64_t b;
    if (bf->rule == EXMY_SCALE_DIV ? (k < -9 || k > 8) : (k < -127 || k > 127))
        return false;
    if (!bits_of(T, ldexpl(F->max_elem, k), &b))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!bits_of(T, ldexpl(v[i], k), &b))
            return false;
    return true;
}

static void part2_ks(const named *F, const exmy_block_format *bf, const ity *T,
                     const long double *v, size_t n, int ks[3], size_t *nk)
{
    *nk = 0;
    ks[(*nk)++] = 0;
    for (int k = -64; k < 0; k++)
        if (k_ok(F, bf, T, v, n, k)) {
            ks[(*nk)++] = k;
            break;
        }
    for (int k = 64; k > 0; k--)
        if (k_ok(F, bf, T, v, n, k)) {
            ks[(*nk)++] = k;
            break;
        }
}

/* Every kept value times 2^k for the listed k is in a block after the
 * anchor max_elem * 2^k. */
static void check_part2(const named *F, const ity *T, const int *ks_expect, size_t nk_expect)
{
    const exmy_block_format *bf = find(F->name);
    size_t n;
    long double *v = element_set(F, bf, T, &n);
    ck_assert_uint_gt(n, 8);
    int ks[3];
    size_t nk;
    part2_ks(F, bf, T, v, n, ks, &nk);
    if (ks_expect) {
        ck_assert_uint_eq(nk, nk_expect);
        for (size_t i = 0; i < nk; i++)
            ck_assert_int_eq(ks[i], ks_expect[i]);
    }
    set S = boundary(bf, T, 0);
    tu_log log;
    tu_log_init(&log, "part 2", 8);
    for (size_t t = 0; t < nk; t++) {
        uint64_t anchor;
        ck_assert(bits_of(T, ldexpl(F->max_elem, ks[t]), &anchor));
        uint64_t *got = malloc(S.nblocks * S.block * sizeof *got);
        size_t ng = 0;
        for (size_t b = 0; b < S.nblocks; b++)
            if (get(S.v, T, b * S.block) == anchor)
                for (unsigned j = 1; j < S.block; j++)
                    got[ng++] = get(S.v, T, b * S.block + j);
        qsort(got, ng, sizeof *got, cmp_u64);
        for (size_t i = 0; i < n; i++) {
            uint64_t want;
            ck_assert(bits_of(T, ldexpl(v[i], ks[t]), &want));
            log.checked++;
            if (!has(got, ng, want))
                tu_fail(&log, "%s %s: %La * 2^%d (0x%llx) not after an anchor %La", F->name,
                        T->name, v[i], ks[t], (unsigned long long)want,
                        ldexpl(F->max_elem, ks[t]));
        }
        free(got);
    }
    tu_log_check(&log);
    free(v);
    free(S.v);
}

START_TEST(test_part2_element_boundary_set_at_each_k)
{
    static const int k64[3] = {0, -64, 64}, k98[3] = {0, -9, 8};
    for (size_t f = 0; f < NFORMATS; f++) {
        bool div = strcmp(formats[f].name, "nvfp4") == 0;
        check_part2(&formats[f], &types[1], div ? k98 : k64, 3);
    }
    check_part2(&formats[0], &types[0], k64, 3);
    check_part2(&formats[6], &types[0], k98, 3);
    check_part2(&formats[0], &types[2], NULL, 0); /* f16: k from its range */
    check_part2(&formats[4], &types[2], NULL, 0);
    check_part2(&formats[1], &types[3], NULL, 0);
    check_part2(&formats[5], &types[3], NULL, 0);
}
END_TEST

/* f32: part 2 is exactly the kept values in the set's order, block - 1 at a
 * time after the anchor, each k's last block padded with +0. */
START_TEST(test_part2_f32_exact_sequence)
{
    const ity *T = &types[1];
    for (size_t f = 0; f < NFORMATS; f++) {
        const named *F = &formats[f];
        const exmy_block_format *bf = find(F->name);
        size_t n;
        long double *v = element_set(F, bf, T, &n);
        int ks[3];
        size_t nk;
        part2_ks(F, bf, T, v, n, ks, &nk);
        set S = boundary(bf, T, 0);
        size_t per = S.block - 1, nb2 = nk * ((n + per - 1) / per);
        /* Part 3 is the last 11 blocks (cols = block: no padding rows). */
        ck_assert_uint_ge(S.nblocks, nb2 + 11);
        size_t b = S.nblocks - 11 - nb2;
        tu_log log;
        tu_log_init(&log, "part 2 sequence", 8);
        for (size_t t = 0; t < nk; t++)
            for (size_t i = 0; i < n; i += per, b++) {
                const float *x = (const float *)S.v + b * S.block;
                log.checked++;
                if (x[0] != (float)ldexpl(F->max_elem, ks[t]))
                    tu_fail(&log, "%s block %zu: anchor %a", F->name, b, x[0]);
                for (size_t j = 0; j < per; j++) {
                    float want = i + j < n ? (float)ldexpl(v[i + j], ks[t]) : 0.0f;
                    if (tu_f32_bits(x[1 + j]) != tu_f32_bits(want))
                        tu_fail(&log, "%s block %zu element %zu: %a, expected %a (k %d)",
                                F->name, b, 1 + j, x[1 + j], want, ks[t]);
                }
            }
        tu_log_check(&log);
        free(v);
        free(S.v);
    }
}
END_TEST

/* ------------------------------------------------------------ part 3 */

static bool find_block(const set *S, const ity *T, bool (*pred)(const set *, const ity *,
                                                                 const uint64_t *, void *),
                       void *ctx, size_t *at)
{
    uint64_t *x = malloc(S->block * sizeof *x);
    bool found = false;
    for (size_t b = 0; b < S->nblocks && !found; b++) {
        for (unsigned j = 0; j < S->block; j++)
            x[j] = get(S->v, T, b * S->block + j);
        if (pred(S, T, x, ctx)) {
            found = true;
            if (at)
                *at = b;
        }
    }
    free(x);
    return found;
}

static bool all_pos_zero(const set *S, const ity *T, const uint64_t *x, void *c)
{
    (void)T, (void)c;
    for (unsigned j = 0; j < S->block; j++)
        if (x[j] != 0)
            return false;
    return true;
}

static bool mixed_zeros(const set *S, const ity *T, const uint64_t *x, void *c)
{
    (void)c;
    bool pos = false, neg = false;
    for (unsigned j = 0; j < S->block; j++) {
        if ((x[j] & ~sign_of(T)) != 0)
            return false;
        pos |= x[j] == 0;
        neg |= x[j] == sign_of(T);
    }
    return pos && neg;
}

/* One element equal to *(uint64_t *)c, the rest +1. */
static bool among_ones(const set *S, const ity *T, const uint64_t *x, void *c)
{
    uint64_t want = *(const uint64_t *)c, one = pow2_bits(T, 0);
    unsigned hits = 0;
    for (unsigned j = 0; j < S->block; j++) {
        if (x[j] == want)
            hits++;
        else if (x[j] != one)
            return false;
    }
    return hits == 1;
}

static bool amax_is(const set *S, const ity *T, const uint64_t *x, void *c)
{
    uint64_t m = 0;
    for (unsigned j = 0; j < S->block; j++)
        m = (x[j] & ~sign_of(T)) > m ? x[j] & ~sign_of(T) : m;
    return m == *(const uint64_t *)c;
}

static bool first_is(const set *S, const ity *T, const uint64_t *x, void *c)
{
    (void)S, (void)T;
    return x[0] == *(const uint64_t *)c;
}

/* A positive amax beside negatives that round to -0 under every rule:
 * |x| <= amax * min_elem / (8 max_elem) (the scale is at least
 * amax / (2 max_elem)). */
static bool to_minus_zero(const set *S, const ity *T, const uint64_t *x, void *c)
{
    const named *F = c;
    if (x[0] & sign_of(T) || x[0] == 0 || is_nan(T, x[0]) || is_inf(T, x[0]))
        return false;
    long double bound = value_of(T, x[0]) * F->min_elem / (8 * F->max_elem);
    for (unsigned j = 1; j < S->block; j++)
        if (!(x[j] & sign_of(T)) || is_nan(T, x[j]) || is_inf(T, x[j]) ||
            -value_of(T, x[j]) > bound || x[j] == sign_of(T))
            return false;
    return true;
}

static void check_part3(const named *F, const ity *T)
{
    const exmy_block_format *bf = find(F->name);
    set S = boundary(bf, T, 0);
    uint64_t s = sign_of(T), qnan = inf_bits(T) | (UINT64_C(1) << (T->mb - 1));
    uint64_t want[] = {qnan, s | qnan, inf_bits(T), s | inf_bits(T)};
    const char *what[] = {"+NaN", "-NaN", "+Inf", "-Inf"};
    ck_assert_msg(find_block(&S, T, all_pos_zero, NULL, NULL), "%s %s: all +0", F->name, T->name);
    ck_assert_msg(find_block(&S, T, mixed_zeros, NULL, NULL), "%s %s: +-0", F->name, T->name);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(find_block(&S, T, among_ones, &want[i], NULL), "%s %s: %s among ones",
                      F->name, T->name, what[i]);
    uint64_t sub[2] = {1, (UINT64_C(1) << T->mb) - 1};
    for (int i = 0; i < 2; i++)
        ck_assert_msg(find_block(&S, T, amax_is, &sub[i], NULL), "%s %s: subnormal amax 0x%llx",
                      F->name, T->name, (unsigned long long)sub[i]);
    uint64_t big[2] = {inf_bits(T) - 1, s | (inf_bits(T) - 1)};
    for (int i = 0; i < 2; i++)
        ck_assert_msg(find_block(&S, T, first_is, &big[i], NULL), "%s %s: largest finite 0x%llx",
                      F->name, T->name, (unsigned long long)big[i]);
    size_t at = 0;
    ck_assert_msg(find_block(&S, T, to_minus_zero, (void *)F, &at), "%s %s: -0 block", F->name,
                  T->name);
    /* The quantiser takes the whole set (NVFP4 at tensor scale 1), and the
     * -0 block's elements are -0 where the element has it. */
    size_t ne = S.rows * S.cols;
    unsigned char *codes = malloc(ne * 4), *scales = malloc(S.nblocks * 4 + 4);
    exmy_block_opts o;
    memset(&o, 0, sizeof o);
    o.elem.conv = (exmy_opts){EXMY_RNE, EXMY_SATFINITE, 0};
    float ts = 1.0f;
    o.tensor_scale_given = bf->tensor_scale;
    ck_assert_int_eq(exmy_block_quantize(bf, T->t, S.v, S.rows, S.cols, &o, codes, scales, &ts),
                     EXMY_OK);
    if (F->negzero)
        for (unsigned j = 1; j < S.block; j++)
            ck_assert_msg(codes[at * S.block + j] == 1u << (F->elem_bits - 1),
                          "%s %s: -0 block element %u: code 0x%x", F->name, T->name, j,
                          codes[at * S.block + j]);
    free(codes);
    free(scales);
    free(S.v);
}

START_TEST(test_part3_special_blocks)
{
    for (size_t f = 0; f < NFORMATS; f++)
        check_part3(&formats[f], &types[1]);
    check_part3(&formats[0], &types[0]);
    check_part3(&formats[6], &types[0]);
    check_part3(&formats[1], &types[2]); /* e5m2 from f16: the -0 block needs amax > 1 */
    check_part3(&formats[4], &types[2]);
    check_part3(&formats[0], &types[3]);
    check_part3(&formats[5], &types[3]);
}
END_TEST

/* ------------------------------------------------------------ random */

/* The rows as exmy.h and src/block_vectors_random.c spell them out. */
static void model_random(const named *F, const exmy_block_format *bf, const ity *T, size_t cols,
                         uint64_t seed, uint64_t row0, size_t rows, uint64_t *out)
{
    int lo, hi;
    if (bf->rule == EXMY_SCALE_DIV) { /* E4M3 scales 2^-9 .. 448 (binade 2^8) */
        lo = -9 + F->emax_elem;
        hi = 8 + F->emax_elem;
    } else { /* E8M0: 2^-127 .. 2^127 */
        lo = -127 + F->emax_elem;
        hi = 127 + F->emax_elem;
    }
    lo = lo < qmin(T) ? qmin(T) : lo;
    hi = hi > bias_of(T) ? bias_of(T) : hi;
    uint64_t span = (uint64_t)(hi - lo + 1), n = (uint64_t)(F->emax_elem + (F->p - 1) + 4);
    unsigned B = bf->block;
    for (size_t i = 0; i < rows; i++)
        for (size_t c0 = 0; c0 < cols; c0 += B) {
            uint32_t w[4096][4];
            for (unsigned j = 0; j < B; j++)
                for (unsigned k = 0; k < 4; k++)
                    w[j][k] = exmy_philox_bits(
                        seed, (UINT64_C(1) << 62) + 4 * (cols * (row0 + i) + c0 + j) + k, 32);
            unsigned kind = (w[0][0] >> 1) & 63;
            int Eb = lo + (int)(((uint64_t)(w[0][0] >> 8) * span) >> 24);
            uint64_t p = ((uint64_t)(w[B - 1][0] >> 8) * B) >> 24;
            for (unsigned j = 0; j < B; j++) {
                uint64_t s = (w[j][0] & 1) ? sign_of(T) : 0, b;
                if (kind == 1) {
                    b = s;
                } else if (kind == 0 && j == p) {
                    b = s | ((w[0][0] & 0x80) ? inf_bits(T)
                                              : inf_bits(T) | (UINT64_C(1) << (T->mb - 1)));
                } else {
                    int E = Eb - (int)(((uint64_t)w[j][1] * n) >> 32);
                    uint64_t f = ((uint64_t)w[j][2] | (uint64_t)w[j][3] << 32) &
                                 ((UINT64_C(1) << T->mb) - 1);
                    long double x = ldexpl(1 + ldexpl((long double)f, -T->mb), E);
                    b = s | round_down_bits(T, x);
                }
                out[i * cols + c0 + j] = b;
            }
        }
}

static void check_random_model(const named *F, const ity *T, size_t cols, uint64_t seed,
                               uint64_t row0, size_t rows)
{
    const exmy_block_format *bf = find(F->name);
    void *got = malloc(rows * cols * 8);
    uint64_t *want = malloc(rows * cols * sizeof *want);
    ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, cols, seed, row0, rows, got), EXMY_OK);
    model_random(F, bf, T, cols, seed, row0, rows, want);
    tu_log log;
    tu_log_init(&log, "random rows", 8);
    for (size_t i = 0; i < rows * cols; i++) {
        log.checked++;
        if (get(got, T, i) != want[i])
            tu_fail(&log, "%s %s row %llu col %zu: 0x%llx, expected 0x%llx", F->name, T->name,
                    (unsigned long long)(row0 + i / cols), i % cols,
                    (unsigned long long)get(got, T, i), (unsigned long long)want[i]);
    }
    tu_log_check(&log);
    free(got);
    free(want);
}

START_TEST(test_random_rows_follow_the_spelled_out_words)
{
    check_random_model(&formats[0], &types[1], 64, 7, 0, 64);
    check_random_model(&formats[0], &types[0], 32, 8, 1000, 64);
    check_random_model(&formats[6], &types[1], 48, 9, UINT64_C(1) << 40, 64);
    check_random_model(&formats[5], &types[3], 32, 10, 5, 64);
    check_random_model(&formats[1], &types[2], 32, 11, 0, 64);
    check_random_model(&formats[9], &types[1], 32, 12, 3, 64);
}
END_TEST

START_TEST(test_random_chunks_and_seeds)
{
    const ity *T = &types[1];
    for (size_t f = 0; f < NFORMATS; f++) {
        const exmy_block_format *bf = find(formats[f].name);
        size_t cols = 2 * bf->block, n = 40, a = 17;
        float *all = malloc(n * cols * 4), *part = malloc(n * cols * 4),
              *other = malloc(n * cols * 4);
        ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, cols, 42, 0, n, all), EXMY_OK);
        ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, cols, 42, 0, a, part), EXMY_OK);
        ck_assert_int_eq(
            exmy_block_vectors_random(bf, T->t, cols, 42, a, n - a, part + a * cols), EXMY_OK);
        ck_assert(memcmp(all, part, n * cols * 4) == 0);
        ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, cols, 42, 0, n, part), EXMY_OK);
        ck_assert(memcmp(all, part, n * cols * 4) == 0);
        ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, cols, 43, 0, n, other), EXMY_OK);
        size_t same = 0;
        for (size_t i = 0; i < n * cols; i++)
            same += tu_f32_bits(all[i]) == tu_f32_bits(other[i]);
        ck_assert_msg(same < n * cols / 16, "%s: seeds 42 and 43 share %zu of %zu", bf->name,
                      same, n * cols);
        free(all);
        free(part);
        free(other);
    }
}
END_TEST

/* Over many blocks: about one in 64 with a NaN or Inf (exactly one such
 * element), one in 64 all zero, the rest finite with every non-zero
 * exponent within emax_elem + mant_elem + 3 of the block's largest, and the
 * block exponents spread over the scale range. */
static void check_random_stats(const named *F, const ity *T)
{
    const exmy_block_format *bf = find(F->name);
    size_t cols = 8 * bf->block, rows = 1000;
    size_t nblocks = rows * cols / bf->block;
    void *v = malloc(rows * cols * (size_t)(T->width / 8));
    ck_assert_int_eq(exmy_block_vectors_random(bf, T->t, cols, 99, 0, rows, v), EXMY_OK);
    size_t special = 0, zero = 0;
    int win = F->emax_elem + (F->p - 1) + 3, emin_seen = 100000, emax_seen = -100000;
    for (size_t b = 0; b < nblocks; b++) {
        unsigned ns = 0, nz = 0;
        int top = -100000, bot = 100000;
        for (unsigned j = 0; j < bf->block; j++) {
            uint64_t x = get(v, T, b * bf->block + j);
            if (is_nan(T, x) || is_inf(T, x)) {
                ns++;
                continue;
            }
            if ((x & ~sign_of(T)) == 0) {
                nz++;
                continue;
            }
            int e = ilogbl(value_of(T, x));
            top = e > top ? e : top;
            bot = e < bot ? e : bot;
        }
        ck_assert_uint_le(ns, 1);
        special += ns;
        zero += nz == bf->block;
        if (top > -100000) {
            ck_assert_msg(top - bot <= win, "%s %s block %zu: exponents %d .. %d", F->name,
                          T->name, b, bot, top);
            emin_seen = top < emin_seen ? top : emin_seen;
            emax_seen = top > emax_seen ? top : emax_seen;
        }
    }
    /* Binomial(nblocks, 1/64): within 5 standard deviations. */
    double mean = nblocks / 64.0, sd = sqrt(nblocks * (1 / 64.0) * (63 / 64.0));
    ck_assert_msg(fabs(special - mean) < 5 * sd, "%s %s: %zu NaN/Inf blocks of %zu", F->name,
                  T->name, special, nblocks);
    ck_assert_msg(fabs(zero - mean) < 5 * sd + 5, "%s %s: %zu zero blocks of %zu", F->name,
                  T->name, zero, nblocks);
    int lo = (bf->rule == EXMY_SCALE_DIV ? -9 : -127) + F->emax_elem;
    int hi = (bf->rule == EXMY_SCALE_DIV ? 8 : 127) + F->emax_elem;
    lo = lo < qmin(T) ? qmin(T) : lo;
    hi = hi > bias_of(T) ? bias_of(T) : hi;
    ck_assert_msg(emin_seen >= lo - win && emax_seen <= hi, "%s %s: block exponents %d .. %d",
                  F->name, T->name, emin_seen, emax_seen);
    ck_assert_msg(emin_seen <= lo + (hi - lo) / 16 + 1 && emax_seen >= hi - (hi - lo) / 16 - 1,
                  "%s %s: block exponents %d .. %d, not spread over %d .. %d", F->name, T->name,
                  emin_seen, emax_seen, lo, hi);
    free(v);
}

START_TEST(test_random_specials_rate_finite_and_exponent_window)
{
    for (size_t f = 0; f < NFORMATS; f++)
        check_random_stats(&formats[f], &types[1]);
    check_random_stats(&formats[0], &types[0]);
    check_random_stats(&formats[6], &types[2]);
    check_random_stats(&formats[5], &types[3]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("block_vectors");
    TCase *tc = tcase_create("block_vectors");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sizes_cap0_equals_full_write_and_cols_multiple);
    tcase_add_test(tc, test_boundary_deterministic);
    tcase_add_test(tc, test_part1_amax_below_at_above_every_power_of_two);
    tcase_add_test(tc, test_part1_f32_blocks_in_amax_order_with_thresholds);
    tcase_add_test(tc, test_part1_scale_codes_cover_reachable_range);
    tcase_add_test(tc, test_part2_element_boundary_set_at_each_k);
    tcase_add_test(tc, test_part2_f32_exact_sequence);
    tcase_add_test(tc, test_part3_special_blocks);
    tcase_add_test(tc, test_random_rows_follow_the_spelled_out_words);
    tcase_add_test(tc, test_random_chunks_and_seeds);
    tcase_add_test(tc, test_random_specials_rate_finite_and_exponent_window);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
