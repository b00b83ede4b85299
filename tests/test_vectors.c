/* Test vectors (exmy_vectors_boundary, exmy_vectors_random) against a model
 * that shares nothing with src/vectors.c: the target's values come from
 * exmy_to_f64 over every code, midpoints and the overflow threshold are
 * formed here in long double (exact for every format tested: their values
 * have at most 11 significant bits), and an input type's neighbours of a
 * point are found by a binary search over its positive bit patterns, which
 * are in ascending order of value (decoded here from the IEEE layout). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ input types */

typedef struct ity {
    exmy_type t;
    unsigned eb, mb, width;
    uint64_t sign, inf; /* sign bit; +Inf pattern (its largest finite is inf - 1) */
} ity;

static ity ity_of(exmy_type t)
{
    ity T;
    T.t = t;
    T.eb = t == EXMY_TYPE_F64 ? 11 : t == EXMY_TYPE_F16 ? 5 : 8;
    T.mb = t == EXMY_TYPE_F64 ? 52 : t == EXMY_TYPE_F32 ? 23 : t == EXMY_TYPE_F16 ? 10 : 7;
    T.width = t == EXMY_TYPE_F64 ? 64 : t == EXMY_TYPE_F32 ? 32 : 16;
    T.sign = UINT64_C(1) << (T.width - 1);
    T.inf = ((UINT64_C(1) << T.eb) - 1) << T.mb;
    return T;
}

static bool is_nan(const ity *T, uint64_t b)
{
    return (b & ~T->sign) > T->inf;
}

/* The value of a non-NaN bit pattern, exactly (long double holds every
 * binary64). */
static long double dec(const ity *T, uint64_t b)
{
    uint64_t mag = b & ~T->sign;
    uint64_t e = mag >> T->mb, m = mag & ((UINT64_C(1) << T->mb) - 1);
    int bias = (1 << (T->eb - 1)) - 1;
    long double v;
    if (mag == T->inf)
        v = INFINITY;
    else if (e == 0)
        v = ldexpl((long double)m, 1 - bias - (int)T->mb);
    else
        v = ldexpl((long double)(m | (UINT64_C(1) << T->mb)), (int)e - bias - (int)T->mb);
    return (b & T->sign) ? -v : v;
}

/* The largest positive pattern whose value is <= x (x >= 0, finite). */
static uint64_t below(const ity *T, long double x)
{
    uint64_t lo = 0, hi = T->inf - 1;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;
        if (dec(T, mid) <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* The element i of an output array, as a bit pattern. */
static uint64_t elem(const ity *T, const void *a, size_t i)
{
    if (T->t == EXMY_TYPE_F64)
        return tu_f64_bits(((const double *)a)[i]);
    if (T->t == EXMY_TYPE_F32)
        return tu_f32_bits(((const float *)a)[i]);
    return ((const uint16_t *)a)[i];
}

/* ---------------------------------------------------------------- profiles */

/* A profile that converts as the format contract does, written out here
 * (rne, satfinite, canonical NaN, every input type, no other rule). */
static exmy_profile plain(const char *fmt)
{
    exmy_profile p;
    memset(&p, 0, sizeof p);
    snprintf(p.name, sizeof p.name, "plain-%s", fmt);
    p.format = tu_format(fmt);
    p.conv.round = EXMY_RNE;
    p.conv.sat = EXMY_SATFINITE;
    p.nan_out = EXMY_NANOUT_CANONICAL;
    p.negative = EXMY_NEG_FORMAT;
    p.inputs = 0xf;
    p.lanes = 1;
    snprintf(p.source, sizeof p.source, "test_vectors");
    return p;
}

static const exmy_profile *catalogue_profile(const char *name)
{
    const exmy_profile *p = exmy_catalogue_find_profile(tu_catalogue(), name);
    ck_assert_msg(p != NULL, "profile %s missing from the catalogue", name);
    return p;
}

/* ------------------------------------------------------------- the model */

/* The boundary set of (p, type, scale), fetched with the sizing call first. */
typedef struct vset {
    void *a;
    size_t n;
    uint64_t *sorted; /* bit patterns, sorted, for membership */
} vset;

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

static vset get_set(const exmy_profile *p, const ity *T, int scale)
{
    vset s;
    ck_assert_int_eq(exmy_vectors_boundary(p, T->t, scale, NULL, 0, &s.n), EXMY_OK);
    ck_assert_uint_gt(s.n, 0);
    s.a = malloc(s.n * exmy_type_size(T->t));
    s.sorted = malloc(s.n * sizeof *s.sorted);
    ck_assert_ptr_nonnull(s.a);
    ck_assert_ptr_nonnull(s.sorted);
    size_t n2 = 0;
    ck_assert_int_eq(exmy_vectors_boundary(p, T->t, scale, s.a, s.n, &n2), EXMY_OK);
    ck_assert_uint_eq(n2, s.n);
    for (size_t i = 0; i < s.n; i++)
        s.sorted[i] = elem(T, s.a, i);
    qsort(s.sorted, s.n, sizeof *s.sorted, cmp_u64);
    return s;
}

static void free_set(vset *s)
{
    free(s->a);
    free(s->sorted);
}

static bool has(const vset *s, uint64_t b)
{
    return bsearch(&b, s->sorted, s->n, sizeof b, cmp_u64) != NULL;
}

/* Both signs of positive pattern o must be in the set. */
static void need(tu_log *log, const vset *s, const ity *T, uint64_t o, const char *why,
                 long double point)
{
    log->checked++;
    for (int neg = 0; neg < 2; neg++) {
        uint64_t b = o | (neg ? T->sign : 0);
        if (!has(s, b))
            tu_fail(log, "%s %La: input 0x%llx (%La) missing", why, neg ? -point : point,
                    (unsigned long long)b, dec(T, b));
    }
}

/* A point of the target, before the scale: its input neighbours below and
 * above (one if exact) with +-1 and +-2 ulps, both signs. A step below +0
 * is the negative smallest subnormal, which both signs cover. Points beyond
 * the input type's largest finite value have no neighbours to test (the
 * set holds max finite and Inf themselves: checked apart). */
static void need_point(tu_log *log, const vset *s, const ity *T, long double x, int scale,
                       const char *why)
{
    long double y = ldexpl(x, -scale);
    if (y > dec(T, T->inf - 1))
        return;
    uint64_t d = below(T, y);
    uint64_t u = dec(T, d) == y ? d : d + 1;
    for (int k = -2; k <= 2; k++) {
        for (int w = 0; w < 2; w++) {
            int64_t o = (int64_t)(w ? u : d) + k;
            if (o < 0)
                o = -o;
            if ((uint64_t)o > T->inf)
                o = (int64_t)T->inf;
            need(log, s, T, (uint64_t)o, why, y);
        }
    }
}

/* The magnitudes of the target's finite codes, from exmy_to_f64. */
static size_t magnitudes(const exmy_format *f, long double **out)
{
    uint64_t ncodes = UINT64_C(1) << f->bits;
    long double *v = malloc(ncodes * sizeof *v);
    ck_assert_ptr_nonnull(v);
    size_t n = 0;
    for (uint64_t c = 0; c < ncodes; c++) {
        double x = exmy_to_f64(f, (uint32_t)c);
        if (isfinite(x))
            v[n++] = fabsl((long double)x);
    }
    *out = v;
    return n;
}

static int cmp_ld(const void *x, const void *y)
{
    long double a = *(const long double *)x, b = *(const long double *)y;
    return (a > b) - (a < b);
}

/* The target's distinct finite magnitudes, ascending (0 first when the
 * format has it). */
static size_t distinct_magnitudes(const exmy_format *f, long double **out)
{
    long double *v;
    size_t n = magnitudes(f, &v);
    qsort(v, n, sizeof *v, cmp_ld);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || v[i] != v[m - 1])
            v[m++] = v[i];
    *out = v;
    return m;
}

/* The values of the positive codes a .. b of a wider target, each a point,
 * and the midpoints of consecutive ones (and of zero and the value of code
 * a == 0 when that is not zero). */
static void need_run(tu_log *log, const vset *s, const ity *T, const exmy_format *f, uint64_t a,
                     uint64_t b, int scale)
{
    long double prev = a == 0 ? 0 : (long double)exmy_to_f64(f, (uint32_t)(a - 1));
    for (uint64_t c = a; c <= b; c++) {
        long double v = exmy_to_f64(f, (uint32_t)c);
        if (v != 0) {
            need_point(log, s, T, v, scale, "value");
            need_point(log, s, T, (prev + v) / 2, scale, "midpoint");
        }
        prev = v;
    }
}

/* Every check of the boundary set of (p, type, scale) for a target of at
 * most 16 bits (wider ones: three windows of codes). Returns the set's size. */
static size_t check_boundary(const exmy_profile *p, exmy_type type, int scale)
{
    ity T = ity_of(type);
    char what[160];
    snprintf(what, sizeof what, "boundary %s from %s scale %d", p->name, exmy_type_name(type),
             scale);
    tu_log log;
    tu_log_init(&log, what, 20);
    vset s = get_set(p, &T, scale);

    /* Sorted by value, -0 before +0, NaNs last; no pattern twice. */
    size_t nn = 0;
    for (size_t i = 0; i < s.n; i++) {
        uint64_t b = elem(&T, s.a, i);
        if (is_nan(&T, b)) {
            nn++;
            continue;
        }
        if (nn)
            tu_fail(&log, "element %zu (0x%llx) after a NaN", i, (unsigned long long)b);
        if (i > 0) {
            uint64_t a = elem(&T, s.a, i - 1);
            long double va = dec(&T, a), vb = dec(&T, b);
            bool ok = va < vb || (va == 0 && vb == 0 && a == T.sign && b == 0);
            if (!ok)
                tu_fail(&log, "elements %zu, %zu out of order: %La (0x%llx), %La (0x%llx)", i - 1,
                        i, va, (unsigned long long)a, vb, (unsigned long long)b);
        }
    }
    for (size_t i = 1; i < s.n; i++)
        if (s.sorted[i] == s.sorted[i - 1])
            tu_fail(&log, "input 0x%llx twice", (unsigned long long)s.sorted[i]);

    /* The target's values and midpoints, the overflow threshold and the
     * first value above max finite, the fractions of the smallest value. */
    long double maxf, vmin;
    if (p->format.bits <= 16) {
        long double *v;
        size_t nv = distinct_magnitudes(&p->format, &v);
        long double prev = 0; /* below the lowest: zero */
        for (size_t i = 0; i < nv; i++) {
            if (v[i] == 0)
                continue;
            need_point(&log, &s, &T, v[i], scale, "value");
            need_point(&log, &s, &T, (prev + v[i]) / 2, scale, "midpoint");
            prev = v[i];
        }
        maxf = v[nv - 1];
        vmin = v[0] == 0 ? v[1] : v[0];
        free(v);
    } else {
        /* Wider targets: the lowest and highest magnitudes and those around
         * 1, in windows of 4096 codes; checked here on slightly narrower
         * ones (4000), so as not to pin where a window's edge falls. */
        exmy_format_info info;
        ck_assert_int_eq(exmy_format_get_info(&p->format, &info), EXMY_OK);
        uint64_t lo = 0, hi = info.max_code; /* the lowest code whose value is >= 1 */
        while (lo < hi) {
            uint64_t mid = lo + (hi - lo) / 2;
            if (exmy_to_f64(&p->format, (uint32_t)mid) >= 1)
                hi = mid;
            else
                lo = mid + 1;
        }
        need_run(&log, &s, &T, &p->format, 0, 3999, scale);
        need_run(&log, &s, &T, &p->format, lo - 1000, lo + 1000, scale);
        need_run(&log, &s, &T, &p->format, info.max_code - 3999, info.max_code, scale);
        maxf = info.max_finite;
        vmin = info.min_subnormal;
    }
    int ex;
    frexpl(maxf, &ex); /* maxf = f * 2^ex, 0.5 <= f < 1 */
    long double next = maxf + ldexpl(1.0L, ex - 1 - ((int)p->format.precision - 1));
    need_point(&log, &s, &T, (maxf + next) / 2, scale, "overflow threshold");
    need_point(&log, &s, &T, next, scale, "first value above max");
    for (int k = 1; k <= 3; k++)
        need_point(&log, &s, &T, ldexpl(vmin, -k), scale, "fraction of the smallest value");

    /* The input type's own edges: +-0, +-Inf, +-largest finite, subnormals
     * (smallest, largest, and one between). */
    uint64_t submax = (UINT64_C(1) << T.mb) - 1;
    need(&log, &s, &T, 0, "zero", 0);
    need(&log, &s, &T, T.inf, "infinity", INFINITY);
    need(&log, &s, &T, T.inf - 1, "largest finite", dec(&T, T.inf - 1));
    need(&log, &s, &T, 1, "smallest subnormal", dec(&T, 1));
    need(&log, &s, &T, submax, "largest subnormal", dec(&T, submax));
    bool between = false;
    for (size_t i = 0; i < s.n && !between; i++) {
        uint64_t o = s.sorted[i];
        between = o > 1 && o < submax && has(&s, o | T.sign);
    }
    if (!between)
        tu_fail(&log, "no subnormal input between the smallest and the largest");
    bool minus0_first = false;
    for (size_t i = 0; i + 1 < s.n; i++)
        if (elem(&T, s.a, i) == T.sign)
            minus0_first = elem(&T, s.a, i + 1) == 0;
    if (!minus0_first)
        tu_fail(&log, "-0 is not immediately before +0");
    if (elem(&T, s.a, 0) != (T.inf | T.sign))
        tu_fail(&log, "the first element is 0x%llx, not -Inf",
                (unsigned long long)elem(&T, s.a, 0));

    /* NaNs: quiet payload 0, 1, all ones; signalling payload 1, all ones;
     * both signs; unless the profile has no answer for a NaN. */
    uint32_t code;
    bool answers = exmy_profile_convert(p, type, T.inf | (UINT64_C(1) << (T.mb - 1)), 0, scale,
                                        &code, NULL) != EXMY_ENONAN;
    uint64_t q = UINT64_C(1) << (T.mb - 1), all = (UINT64_C(1) << T.mb) - 1;
    const uint64_t nans[5] = {T.inf | q, T.inf | q | 1, T.inf | all, T.inf | 1, T.inf | (q - 1)};
    if (answers) {
        for (int k = 0; k < 5; k++)
            need(&log, &s, &T, nans[k], "NaN", NAN);
        if (nn != 10)
            tu_fail(&log, "%zu NaNs, expected 10", nn);
    } else if (nn != 0) {
        tu_fail(&log, "%zu NaNs, though the profile has no answer for one", nn);
    }

    /* The same set on a second call; at most cap elements written. */
    vset s2 = get_set(p, &T, scale);
    size_t es = exmy_type_size(type);
    if (s2.n != s.n || memcmp(s2.a, s.a, s.n * es) != 0)
        tu_fail(&log, "a second call gives a different set");
    free_set(&s2);
    size_t cap = s.n / 3, n3 = 0;
    unsigned char *buf = malloc((s.n + 1) * es);
    ck_assert_ptr_nonnull(buf);
    memset(buf, 0xa5, (s.n + 1) * es);
    ck_assert_int_eq(exmy_vectors_boundary(p, type, scale, buf, cap, &n3), EXMY_OK);
    if (n3 != s.n || memcmp(buf, s.a, cap * es) != 0)
        tu_fail(&log, "cap %zu: size %zu or the first elements differ", cap, n3);
    for (size_t i = cap * es; i < (s.n + 1) * es; i++)
        if (buf[i] != 0xa5) {
            tu_fail(&log, "cap %zu: byte %zu written past it", cap, i);
            break;
        }
    free(buf);

    size_t n = s.n;
    free_set(&s);
    printf("%s: %zu inputs (%zu NaNs)\n", what, n, nn);
    tu_log_check(&log);
    return n;
}

/* ------------------------------------------------------------------ tests */

START_TEST(test_boundary_e4m3fn_each_input_type)
{
    exmy_profile p = plain("e4m3fn");
    for (exmy_type t = EXMY_TYPE_F64; t <= EXMY_TYPE_BF16; t++)
        check_boundary(&p, t, 0);
}
END_TEST

START_TEST(test_boundary_e5m2_top_beyond_binary16)
{
    /* e5m2's first value above max (65536) is past binary16's max finite
     * (65504): skipped there; its overflow threshold 61440 is not. */
    exmy_profile p = plain("e5m2");
    for (exmy_type t = EXMY_TYPE_F64; t <= EXMY_TYPE_BF16; t++)
        check_boundary(&p, t, 0);
}
END_TEST

START_TEST(test_boundary_e2m1fn_no_nans_canonical)
{
    exmy_profile p = plain("e2m1fn");
    for (exmy_type t = EXMY_TYPE_F64; t <= EXMY_TYPE_BF16; t++)
        check_boundary(&p, t, 0); /* checks that no NaN is in the set */
}
END_TEST

START_TEST(test_boundary_e8m0fnu_no_zero)
{
    exmy_profile p = plain("e8m0fnu");
    check_boundary(&p, EXMY_TYPE_F32, 0);
    check_boundary(&p, EXMY_TYPE_F16, 0); /* most values beyond binary16's range */
    check_boundary(&p, EXMY_TYPE_BF16, 0);
}
END_TEST

START_TEST(test_boundary_unsigned_both_signs)
{
    exmy_profile p = plain("binary8p3ue");
    check_boundary(&p, EXMY_TYPE_F32, 0);
    check_boundary(&p, EXMY_TYPE_F16, 0);
}
END_TEST

START_TEST(test_boundary_binary16_from_f32_and_bf16)
{
    exmy_profile p = plain("binary16");
    check_boundary(&p, EXMY_TYPE_F32, 0);
    /* bfloat16's 8 significant bits cannot hold most binary16 values and
     * midpoints: each has two neighbours, 6 patterns. */
    check_boundary(&p, EXMY_TYPE_BF16, 0);
    exmy_profile b = plain("bfloat16");
    check_boundary(&b, EXMY_TYPE_F16, 0); /* most of bfloat16's range beyond binary16's */
}
END_TEST

START_TEST(test_boundary_scaled_arm_nscale)
{
    /* y = v * 2^-scale_exp: the inputs that x * 2^scale_exp maps onto the
     * boundaries. */
    const exmy_profile *p = catalogue_profile("arm-fcvtn-e4m3-osc0");
    const int scales[] = {0, 5, -7, 127, -128};
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        check_boundary(p, EXMY_TYPE_F32, scales[i]);
        check_boundary(p, EXMY_TYPE_BF16, scales[i]);
    }
    check_boundary(p, EXMY_TYPE_F16, 15);
    check_boundary(p, EXMY_TYPE_F16, -16);
}
END_TEST

START_TEST(test_boundary_scaled_amd_fp4_unspecified_nan)
{
    /* FP4 has no NaN: the profile's conversion of a NaN gives EXMY_ENONAN. */
    const exmy_profile *p = catalogue_profile("amd-cdna4-v_cvt_scalef32_pk_fp4_f32");
    check_boundary(p, EXMY_TYPE_F32, 0);
    check_boundary(p, EXMY_TYPE_F32, -3);
}
END_TEST

START_TEST(test_boundary_sizes_pinned_by_shape)
{
    /* e2m1fn from f32, counted by hand: the 7 positive values 0.5 .. 6,
     * the 7 midpoints 0.25 .. 5, the threshold 7 and the next value 8, and
     * the eighth and sixteenth of 0.5 (its half is the midpoint 0.25): 18
     * points, all binary32 values, far apart, so 5 patterns each (+-2
     * ulps): 90; with +0, three binary32 subnormals, max finite and +Inf:
     * 96 positive patterns; both signs, no NaN: 192. */
    exmy_profile p = plain("e2m1fn");
    size_t n = 0;
    ck_assert_int_eq(exmy_vectors_boundary(&p, EXMY_TYPE_F32, 0, NULL, 0, &n), EXMY_OK);
    ck_assert_uint_eq(n, 192);
}
END_TEST

START_TEST(test_boundary_wide_target_windows)
{
    /* A target wider than 16 bits gets windows of codes, not every code:
     * binary32 from binary64 (every binary32 value and midpoint exact), tf32
     * (19 bits) from binary32 and from bfloat16. */
    exmy_profile p = plain("binary32");
    size_t n = check_boundary(&p, EXMY_TYPE_F64, 0);
    ck_assert_uint_lt(n, 400000);
    exmy_profile t = plain("tf32");
    check_boundary(&t, EXMY_TYPE_F32, 0);
    check_boundary(&t, EXMY_TYPE_BF16, 0);
    check_boundary(&t, EXMY_TYPE_F16, 0);
}
END_TEST

START_TEST(test_vectors_etype_and_bad_arguments)
{
    const exmy_profile *p = catalogue_profile("arm-fcvtn-e4m3-osc0"); /* f32, f16, bf16 */
    size_t n = 0;
    double d[4];
    ck_assert_int_eq(exmy_vectors_boundary(p, EXMY_TYPE_F64, 0, NULL, 0, &n), EXMY_ETYPE);
    ck_assert_int_eq(exmy_vectors_random(p, EXMY_TYPE_F64, 0, 1, 0, 4, d), EXMY_ETYPE);
    exmy_profile q = plain("e4m3fn");
    ck_assert_int_eq(exmy_vectors_boundary(&q, EXMY_TYPE_F32, 1, NULL, 0, &n), EXMY_EINVAL);
    ck_assert_int_eq(exmy_vectors_boundary(&q, EXMY_TYPE_F32, 0, NULL, 0, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_vectors_boundary(&q, EXMY_TYPE_F32, 0, NULL, 4, &n), EXMY_EINVAL);
    ck_assert_int_eq(exmy_vectors_boundary(&q, (exmy_type)7, 0, NULL, 0, &n), EXMY_EINVAL);
    ck_assert_int_eq(exmy_vectors_boundary(NULL, EXMY_TYPE_F32, 0, NULL, 0, &n), EXMY_EINVAL);
    ck_assert_int_eq(exmy_vectors_random(&q, EXMY_TYPE_F32, 0, 1, 0, 4, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_vectors_random(&q, EXMY_TYPE_F32, 0, 1, 0, 0, NULL), EXMY_OK);
    q.format.bits = 0;
    ck_assert_int_eq(exmy_vectors_boundary(&q, EXMY_TYPE_F32, 0, NULL, 0, &n), EXMY_EFORMAT);
}
END_TEST

/* exmy_vectors_random's documented contract: element g uses the Philox
 * words w_j = exmy_philox_bits(seed, 2^63 + 4g + j, 32); w0 bit 0 clear: the
 * pattern w2 | w3 << 32 cut to the width; set: sign w0 bit 1 and a binade
 * in [smallest value's - 3, largest's + 3] - scale_exp. */
static void check_random(const exmy_profile *p, exmy_type type, int scale, uint64_t seed)
{
    ity T = ity_of(type);
    char what[160];
    snprintf(what, sizeof what, "random %s from %s scale %d seed %llu", p->name,
             exmy_type_name(type), scale, (unsigned long long)seed);
    tu_log log;
    tu_log_init(&log, what, 20);
    enum { N = 4000 };
    size_t es = exmy_type_size(type);
    unsigned char *one = malloc(N * es), *two = malloc(N * es);
    ck_assert_ptr_nonnull(one);
    ck_assert_ptr_nonnull(two);
    uint64_t index0 = UINT64_C(1) << 33; /* beyond 32-bit counters */
    ck_assert_int_eq(exmy_vectors_random(p, type, scale, seed, index0, N, one), EXMY_OK);
    const size_t splits[] = {1, 3, 4, 5, 1999, 3999};
    for (size_t k = 0; k < sizeof splits / sizeof splits[0]; k++) {
        size_t a = splits[k];
        memset(two, 0, N * es);
        ck_assert_int_eq(exmy_vectors_random(p, type, scale, seed, index0, a, two), EXMY_OK);
        ck_assert_int_eq(exmy_vectors_random(p, type, scale, seed, index0 + a, N - a,
                                             two + a * es), EXMY_OK);
        if (memcmp(one, two, N * es) != 0)
            tu_fail(&log, "split at %zu differs from one call", a);
    }
    exmy_format_info info;
    ck_assert_int_eq(exmy_format_get_info(&p->format, &info), EXMY_OK);
    int lo = ilogb(info.min_subnormal) - 3 - scale, hi = ilogb(info.max_finite) + 3 - scale;
    size_t kinds[2] = {0, 0};
    for (size_t i = 0; i < N; i++) {
        uint64_t g = index0 + i, b = elem(&T, one, i);
        uint64_t base = (UINT64_C(1) << 63) + 4 * g;
        uint32_t w0 = exmy_philox_bits(seed, base, 32);
        uint64_t r = exmy_philox_bits(seed, base + 2, 32) |
                     (uint64_t)exmy_philox_bits(seed, base + 3, 32) << 32;
        log.checked++;
        kinds[w0 & 1]++;
        if (!(w0 & 1)) {
            uint64_t want = T.width == 64 ? r : r & ((UINT64_C(1) << T.width) - 1);
            if (b != want)
                tu_fail(&log, "element %llu: 0x%llx, not the pattern 0x%llx",
                        (unsigned long long)g, (unsigned long long)b,
                        (unsigned long long)want);
            continue;
        }
        long double v = dec(&T, b);
        int e = is_nan(&T, b) || v == 0 || isinf(v) ? 99999 : ilogbl(v);
        bool neg = (b & T.sign) != 0;
        if (neg != ((w0 >> 1) & 1) || e < lo || e > hi)
            tu_fail(&log, "element %llu: %La (0x%llx): sign or binade outside %d .. %d",
                    (unsigned long long)g, v, (unsigned long long)b, lo, hi);
    }
    if (kinds[0] < N / 3 || kinds[1] < N / 3)
        tu_fail(&log, "kinds %zu / %zu: not both about half", kinds[0], kinds[1]);
    free(one);
    free(two);
    tu_log_check(&log);
}

START_TEST(test_random_chunking_and_contract)
{
    exmy_profile p = plain("e4m3fn");
    check_random(&p, EXMY_TYPE_F32, 0, 0);
    check_random(&p, EXMY_TYPE_F32, 0, UINT64_C(0x123456789abcdef));
    check_random(&p, EXMY_TYPE_F64, 0, 7);
    check_random(&p, EXMY_TYPE_F16, 0, 7);
    check_random(&p, EXMY_TYPE_BF16, 0, 7);
    const exmy_profile *a = catalogue_profile("arm-fcvtn-e4m3-osc0");
    check_random(a, EXMY_TYPE_F32, 20, 3);
    check_random(a, EXMY_TYPE_BF16, -20, 3);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vectors");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, test_boundary_e4m3fn_each_input_type);
    tcase_add_test(tc, test_boundary_e5m2_top_beyond_binary16);
    tcase_add_test(tc, test_boundary_e2m1fn_no_nans_canonical);
    tcase_add_test(tc, test_boundary_e8m0fnu_no_zero);
    tcase_add_test(tc, test_boundary_unsigned_both_signs);
    tcase_add_test(tc, test_boundary_binary16_from_f32_and_bf16);
    tcase_add_test(tc, test_boundary_scaled_arm_nscale);
    tcase_add_test(tc, test_boundary_scaled_amd_fp4_unspecified_nan);
    tcase_add_test(tc, test_boundary_sizes_pinned_by_shape);
    tcase_add_test(tc, test_boundary_wide_target_windows);
    tcase_add_test(tc, test_vectors_etype_and_bad_arguments);
    tcase_add_test(tc, test_random_chunking_and_contract);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
