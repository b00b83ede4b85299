/* Checks of a kernel's codes (exmy.h "test vectors and checks"), and the
 * profile pieces they stand on: exmy_profile_from_format, the no-answer rule
 * of exmy_profile_accepts, the check class names. */
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A catalogue format under rne/satfinite (or the given options) as a profile. */
static exmy_profile fmt_profile(const char *spec, exmy_round r, exmy_sat s, unsigned sr_bits)
{
    exmy_format f = tu_format(spec);
    exmy_opts o = {r, s, sr_bits};
    exmy_profile p;
    ck_assert_int_eq(exmy_profile_from_format(&f, &o, &p), EXMY_OK);
    return p;
}

/* ------------------------------------------------- exmy_profile_from_format */

/* The fields the header names, and a profile that validates. */
START_TEST(test_from_format_fields)
{
    exmy_format f = tu_format("e4m3fn");
    exmy_opts o = {EXMY_RTZ, EXMY_NOSAT, 0};
    exmy_profile p;
    memset(&p, 0x5a, sizeof p);
    ck_assert_int_eq(exmy_profile_from_format(&f, &o, &p), EXMY_OK);
    ck_assert_str_eq(p.name, "e4m3fn");
    ck_assert_str_eq(p.aliases, "");
    ck_assert_str_eq(p.source, "exmy format contract");
    ck_assert_str_eq(p.unspecified, "");
    ck_assert_str_eq(p.note, "");
    ck_assert(exmy_format_equal(&p.format, &f));
    ck_assert_int_eq(p.conv.round, EXMY_RTZ);
    ck_assert_int_eq(p.conv.sat, EXMY_NOSAT);
    ck_assert_int_eq(p.nan_out, EXMY_NANOUT_CANONICAL);
    ck_assert_int_eq(p.negative, EXMY_NEG_FORMAT);
    ck_assert_uint_eq(p.inputs, 0xfu); /* f64, f32, f16, bf16 */
    ck_assert_uint_eq(p.lanes, 1);
    ck_assert_uint_eq(p.rbits_shift, 0);
    ck_assert_uint_eq(p.rbits_stride, 0);
    ck_assert_uint_eq(p.rbits_lanes, 0);
    ck_assert(!p.daz && !p.ftz && !p.relu && !p.scaled && !p.zero_to_code && !p.has_tiny_round);
    char why[200];
    ck_assert_msg(exmy_profile_validate(&p, why, sizeof why) == EXMY_OK, "%s", why);

    /* A generic spec has no name. */
    exmy_format g = tu_format("e3m3");
    ck_assert_int_eq(exmy_profile_from_format(&g, &o, &p), EXMY_OK);
    ck_assert_str_eq(p.name, "");
    /* A stochastic mode keeps its sr_bits and takes R whole. */
    exmy_opts sr = {EXMY_SR_C, EXMY_SATFINITE, 13};
    ck_assert_int_eq(exmy_profile_from_format(&f, &sr, &p), EXMY_OK);
    ck_assert_uint_eq(p.conv.sr_bits, 13);
    ck_assert_uint_eq(exmy_profile_lane_bits(&p, 0xffffffffu, 0), 0x1fffu);
}
END_TEST

/* The profile converts as the format contract: every binary16 input of
 * e4m3fn, e5m2, e2m1fn and e8m0fnu under each saturation mode gives the
 * status, code and flags of exmy_from_f16bits (the contract's definition). */
START_TEST(test_from_format_converts_as_contract)
{
    const char *fmts[] = {"e4m3fn", "e5m2", "e2m1fn", "e8m0fnu"};
    for (size_t fi = 0; fi < sizeof fmts / sizeof fmts[0]; fi++)
        for (int s = 0; s < EXMY_SAT_COUNT; s++) {
            exmy_format f = tu_format(fmts[fi]);
            exmy_opts o = {EXMY_RNE, (exmy_sat)s, 0};
            exmy_profile p;
            ck_assert_int_eq(exmy_profile_from_format(&f, &o, &p), EXMY_OK);
            for (uint32_t x = 0; x < 0x10000; x++) {
                uint32_t c1 = 0xdead, c2 = 0xdead;
                unsigned f1 = 99, f2 = 99;
                exmy_status s1 = exmy_profile_convert(&p, EXMY_TYPE_F16, x, 0, 0, &c1, &f1);
                exmy_status s2 = exmy_from_f16bits(&f, (uint16_t)x, &o, 0, &c2, &f2);
                ck_assert_msg(s1 == s2 && c1 == c2 && f1 == f2,
                              "%s %s f16 0x%04x: profile %d 0x%x flags %u, contract %d 0x%x "
                              "flags %u",
                              fmts[fi], exmy_sat_name((exmy_sat)s), x, s1, c1, f1, s2, c2, f2);
            }
        }
}
END_TEST

START_TEST(test_from_format_errors_touch_nothing)
{
    exmy_format f = tu_format("e4m3fn");
    exmy_format bad = f;
    bad.precision = 0;
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_opts sr0 = {EXMY_SR_A, EXMY_SATFINITE, 0};
    exmy_opts badr = {(exmy_round)42, EXMY_SATFINITE, 0};
    exmy_profile p, keep;
    memset(&p, 0x77, sizeof p);
    keep = p;
    ck_assert_int_eq(exmy_profile_from_format(NULL, &o, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_profile_from_format(&bad, &o, &p), EXMY_EFORMAT);
    ck_assert_int_eq(exmy_profile_from_format(&f, NULL, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_profile_from_format(&f, &sr0, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_profile_from_format(&f, &badr, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_profile_from_format(&f, &o, NULL), EXMY_EINVAL);
    /* the format is checked before the options, as exmy_from_f64 does */
    ck_assert_int_eq(exmy_profile_from_format(&bad, NULL, &p), EXMY_EFORMAT);
    ck_assert(memcmp(&p, &keep, sizeof p) == 0);
}
END_TEST

/* ------------------------------------------------ exmy_profile_accepts */

/* e2m1fn has no NaN: a NaN input has no answer. Under the canonical rule no
 * code is accepted; under "unspecified" every code of 4 bits is, and none
 * wider. */
START_TEST(test_accepts_any_code_for_no_answer_when_unspecified)
{
    exmy_profile p = fmt_profile("e2m1fn", EXMY_RNE, EXMY_SATFINITE, 0);
    const uint32_t qnan = 0x7fc00000u, nnan = 0xffc00001u;
    uint32_t code;
    ck_assert_int_eq(exmy_profile_convert(&p, EXMY_TYPE_F32, qnan, 0, 0, &code, NULL),
                     EXMY_ENONAN);
    for (uint32_t c = 0; c < 0x20; c++) {
        ck_assert_msg(!exmy_profile_accepts(&p, EXMY_TYPE_F32, qnan, 0, 0, c),
                      "canonical e2m1fn: NaN input accepts code 0x%x", c);
    }
    p.nan_out = EXMY_NANOUT_UNSPECIFIED;
    for (uint32_t c = 0; c < 0x20; c++) {
        bool want = c < 0x10;
        ck_assert_msg(exmy_profile_accepts(&p, EXMY_TYPE_F32, qnan, 0, 0, c) == want &&
                          exmy_profile_accepts(&p, EXMY_TYPE_F32, nnan, 0, 0, c) == want,
                      "unspecified e2m1fn: NaN input and code 0x%x: expected %s", c,
                      want ? "accepted" : "refused");
    }
    /* a number still has exactly one answer: 1.0 is 0x2 */
    ck_assert(exmy_profile_accepts(&p, EXMY_TYPE_F32, 0x3f800000u, 0, 0, 0x2));
    ck_assert(!exmy_profile_accepts(&p, EXMY_TYPE_F32, 0x3f800000u, 0, 0, 0x3));
    /* a type the profile does not take: false */
    p.inputs = 1u << EXMY_TYPE_F32;
    ck_assert(!exmy_profile_accepts(&p, EXMY_TYPE_F16, 0x7e00u, 0, 0, 0x1));
}
END_TEST

/* e4m3fn has NaNs 0x7f and 0xff: "unspecified" takes either for any NaN
 * input, and no other code. */
START_TEST(test_accepts_any_nan_code_when_unspecified)
{
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    p.nan_out = EXMY_NANOUT_UNSPECIFIED;
    for (uint32_t c = 0; c < 0x200; c++) {
        bool want = c == 0x7f || c == 0xff;
        ck_assert_msg(exmy_profile_accepts(&p, EXMY_TYPE_F16, 0xfe00u, 0, 0, c) == want,
                      "unspecified e4m3fn: f16 -NaN and code 0x%x: expected %s", c,
                      want ? "accepted" : "refused");
    }
}
END_TEST

/* -------------------------------------------------------- class names */

START_TEST(test_check_class_names)
{
    const char *want[] = {"exact",     "tie",       "inexact", "subnormal", "underflow",
                          "overflow",  "inf",       "nan",     "negzero"};
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++) {
        ck_assert_str_eq(exmy_check_class_name((exmy_check_class)c), want[c]);
        exmy_check_class back = (exmy_check_class)99;
        ck_assert_int_eq(exmy_check_class_from_name(want[c], &back), EXMY_OK);
        ck_assert_int_eq(back, c);
    }
    exmy_check_class k = EXMY_CHECK_EXACT;
    ck_assert_int_eq(exmy_check_class_from_name("SubNormal", &k), EXMY_OK);
    ck_assert_int_eq(k, EXMY_CHECK_SUBNORMAL);
    k = EXMY_CHECK_TIE;
    ck_assert_int_eq(exmy_check_class_from_name("ties", &k), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_class_from_name(NULL, &k), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_class_from_name("tie", NULL), EXMY_EINVAL);
    ck_assert_int_eq(k, EXMY_CHECK_TIE);
    ck_assert_str_eq(exmy_check_class_name((exmy_check_class)9), "?");
}
END_TEST

/* ------------------------------------------------ classification model */

/* A format as its document defines it, written here by hand: mantissa
 * width, bias, subnormals, zero, sign, and the magnitude code of max finite
 * (OCP OFP8 / MX v1.0 tables; the IEEE-pattern generics reserve exponent
 * all-ones). Values from exmy.h's layout rule, in binary64 (exact: every
 * value and every midpoint of two neighbours has at most M + 2 <= 5
 * significant bits and lies within binary64's range). */
typedef struct mfmt {
    const char *spec;
    unsigned M;
    int bias;
    bool subnormals, has_zero, is_signed;
    uint32_t cmax;
} mfmt;

static const mfmt MODEL_FORMATS[] = {
    {"e4m3fn", 3, 7, true, true, true, 0x7e},          /* max 448 = 1.75 * 2^8 */
    {"e5m2", 2, 15, true, true, true, 0x7b},           /* max 57344 = 1.75 * 2^15 */
    {"e2m1fn", 1, 1, true, true, true, 0x7},           /* max 6 = 1.5 * 2^2 */
    {"e8m0fnu", 0, 127, false, false, false, 0xfe},    /* 2^-127 .. 2^127, 0xff NaN */
    {"e4m3:unsigned", 3, 7, true, true, false, 0x77},  /* max 240, exponent 15 Inf/NaN */
    {"e4m3:nosub", 3, 7, false, true, true, 0x77},     /* smallest 9 * 2^-10 */
};

static double mval(const mfmt *F, uint64_t c)
{
    uint64_t e = c >> F->M, m = c & ((UINT64_C(1) << F->M) - 1);
    if (c == 0 && F->has_zero)
        return 0.0;
    if (F->subnormals && e == 0)
        return ldexp((double)m, 1 - F->bias - (int)F->M);
    return ldexp((double)((UINT64_C(1) << F->M) + m), (int)e - F->bias - (int)F->M);
}

static bool is_subnormal_code(const mfmt *F, uint64_t c)
{
    return F->subnormals && c != 0 && (c >> F->M) == 0;
}

/* The class of input value x (exact) under rne (or rtz) and satfinite, from
 * the rules above exmy_check_class worked out for the format contract:
 * neighbours lo <= |x| < hi among the codes 0 .. cmax+1 (cmax+1 is the
 * first value past max finite, where every mode overflows). */
static exmy_check_class model_class(const mfmt *F, bool rtz, double x)
{
    if (isnan(x))
        return EXMY_CHECK_NAN_IN;
    if (isinf(x))
        return EXMY_CHECK_INF_IN;
    if (x == 0)
        return signbit(x) ? EXMY_CHECK_NEGZERO
                          : (F->has_zero ? EXMY_CHECK_EXACT : EXMY_CHECK_INEXACT);
    bool neg = x < 0, neg_unsigned = neg && !F->is_signed;
    double a = fabs(x);
    /* Negative into an unsigned format: +0 if |x| rounds to zero, else out
     * of range: satfinite's 0 (overflow) or, without zero, NaN (invalid). */
    exmy_check_class out_of_range = F->has_zero ? EXMY_CHECK_OVERFLOW : EXMY_CHECK_INEXACT;
    if (a >= mval(F, F->cmax + 1))
        return neg_unsigned ? out_of_range : EXMY_CHECK_OVERFLOW;
    if (a < mval(F, 0)) /* no zero: below the smallest value, which it gets */
        return EXMY_CHECK_INEXACT;
    uint64_t c = 0, top = F->cmax + 1; /* largest c with mval(c) <= a: binary search */
    while (c + 1 < top) {
        uint64_t mid = (c + top) / 2;
        if (mval(F, mid) <= a)
            c = mid;
        else
            top = mid;
    }
    double lo = mval(F, c), hi = mval(F, c + 1);
    if (a == lo)
        return neg_unsigned ? out_of_range
                            : (is_subnormal_code(F, c) ? EXMY_CHECK_SUBNORMAL : EXMY_CHECK_EXACT);
    double mid = (lo + hi) / 2;
    ck_assert_msg(mid > lo && mid < hi && mid - lo == hi - mid, "%s: midpoint of %a and %a",
                  F->spec, lo, hi);
    bool tie = a == mid;
    uint64_t rc = rtz || a < mid ? c : a > mid ? c + 1 : (c % 2 == 0 ? c : c + 1);
    if (neg_unsigned)
        return rc == 0 && F->has_zero ? EXMY_CHECK_UNDERFLOW : out_of_range;
    if (rc == F->cmax + 1)
        return EXMY_CHECK_OVERFLOW;
    if (rc == 0 && F->has_zero)
        return EXMY_CHECK_UNDERFLOW;
    if (is_subnormal_code(F, rc))
        return EXMY_CHECK_SUBNORMAL;
    return tie ? EXMY_CHECK_TIE : EXMY_CHECK_INEXACT;
}

static double f16_value(uint16_t h)
{
    int e = (h >> 10) & 0x1f, m = h & 0x3ff;
    double s = (h & 0x8000) ? -1.0 : 1.0;
    if (e == 0x1f)
        return m ? copysign(NAN, s) : s * INFINITY;
    if (e == 0)
        return s * ldexp(m, -24);
    return s * ldexp(1024 + m, e - 25);
}

/* binary32 inputs dense at the format's boundaries: each value and midpoint
 * (codes 0 .. cmax+1) as the nearest binary32 and +-1, +-2 ulps, both signs;
 * the binary32 specials and edges. */
static size_t f32_boundary(const mfmt *F, uint32_t *out, size_t cap)
{
    size_t n = 0;
#define PUT(b)                                                                                  \
    do {                                                                                        \
        ck_assert_uint_lt(n, cap);                                                              \
        out[n++] = (b);                                                                         \
    } while (0)
    for (uint64_t c = 0; c <= (uint64_t)F->cmax + 1; c++) {
        double pts[2] = {mval(F, c), (mval(F, c) + mval(F, c + 1)) / 2};
        for (int k = 0; k < 2; k++) {
            if (pts[k] > FLT_MAX)
                continue;
            float f = (float)pts[k];
            float g[5] = {f, nextafterf(f, INFINITY), nextafterf(nextafterf(f, INFINITY), INFINITY),
                          nextafterf(f, 0), nextafterf(nextafterf(f, 0), 0)};
            for (int j = 0; j < 5; j++)
                if (isfinite(g[j]) && g[j] > 0) {
                    PUT(tu_f32_bits(g[j]));
                    PUT(tu_f32_bits(g[j]) | 0x80000000u);
                }
        }
    }
    const uint32_t edges[] = {0x00000000u, 0x7f800000u, 0x7fc00000u, 0x7f800001u, 0x7f7fffffu,
                              0x00000001u, 0x00000002u, 0x00400000u, 0x007fffffu, 0x00800000u};
    for (size_t j = 0; j < sizeof edges / sizeof edges[0]; j++) {
        PUT(edges[j]);
        PUT(edges[j] | 0x80000000u);
    }
#undef PUT
    return n;
}

static void classify_against_model(const mfmt *F, exmy_round r)
{
    exmy_profile p = fmt_profile(F->spec, r, EXMY_SATFINITE, 0);
    const char *rn = exmy_round_name(r);
    for (uint32_t h = 0; h < 0x10000; h++) {
        exmy_check_class got = (exmy_check_class)99;
        ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F16, h, 0, 0, &got), EXMY_OK);
        exmy_check_class want = model_class(F, r == EXMY_RTZ, f16_value((uint16_t)h));
        ck_assert_msg(got == want, "%s %s: f16 %a (0x%04x) classified %s, model %s", F->spec, rn,
                      f16_value((uint16_t)h), h, exmy_check_class_name(got),
                      exmy_check_class_name(want));
    }
    static uint32_t set[16384];
    size_t n = f32_boundary(F, set, sizeof set / sizeof set[0]);
    for (size_t i = 0; i < n; i++) {
        exmy_check_class got = (exmy_check_class)99;
        ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, set[i], 0, 0, &got), EXMY_OK);
        double x = (double)tu_f32_from_bits(set[i]);
        exmy_check_class want = model_class(F, r == EXMY_RTZ, x);
        ck_assert_msg(got == want, "%s %s: f32 %a (0x%08x) classified %s, model %s", F->spec, rn,
                      x, set[i], exmy_check_class_name(got), exmy_check_class_name(want));
    }
}

/* Every binary16 input and the binary32 boundary set, six formats (signed,
 * IEEE-style with Inf, FP4, e8m0fnu without zero or subnormals, unsigned
 * with subnormals, signed without subnormals), rne and rtz. */
START_TEST(test_classify_matches_model)
{
    const mfmt *F = &MODEL_FORMATS[_i];
    classify_against_model(F, EXMY_RNE);
    classify_against_model(F, EXMY_RTZ);
}
END_TEST

/* Named boundaries, worked by hand (e4m3fn: 1 = 0x38, 1.125 = 0x39, min
 * subnormal 2^-9, max 448, next 480). */
START_TEST(test_classify_named_boundaries)
{
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    const struct {
        float x;
        exmy_check_class want;
    } cases[] = {
        {1.0f, EXMY_CHECK_EXACT},
        {1.0625f, EXMY_CHECK_TIE},                 /* (1 + 1.125) / 2 */
        {nextafterf(1.0625f, 2.0f), EXMY_CHECK_INEXACT},
        {464.0f, EXMY_CHECK_TIE},                  /* (448 + 480) / 2 rounds to 448 (even) */
        {nextafterf(464.0f, 1e9f), EXMY_CHECK_OVERFLOW},
        {480.0f, EXMY_CHECK_OVERFLOW},
        {0x1p-10f, EXMY_CHECK_UNDERFLOW},          /* half the smallest: to 0 (even) */
        {0x1.8p-9f, EXMY_CHECK_SUBNORMAL},         /* a tie between 2^-9 and 2^-8 */
        {0x1p-9f, EXMY_CHECK_SUBNORMAL},           /* exact, but a subnormal result */
        {-0.0f, EXMY_CHECK_NEGZERO},
        {0.0f, EXMY_CHECK_EXACT},
        {-INFINITY, EXMY_CHECK_INF_IN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        exmy_check_class got;
        ck_assert_int_eq(
            exmy_check_classify(&p, EXMY_TYPE_F32, tu_f32_bits(cases[i].x), 0, 0, &got), EXMY_OK);
        ck_assert_msg(got == cases[i].want, "e4m3fn: %a (0x%08x): %s, expected %s",
                      (double)cases[i].x, tu_f32_bits(cases[i].x), exmy_check_class_name(got),
                      exmy_check_class_name(cases[i].want));
    }
}
END_TEST

/* The profile rules: DAZ flushes a subnormal input (underflow), FTZ a
 * subnormal result (underflow), relu's +0 for a negative input is not a tie,
 * a scaled input is judged after the scale. */
START_TEST(test_classify_profile_rules)
{
    exmy_check_class c;
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    p.daz = true;
    /* f32 0x00000001 (2^-149) read as zero by DAZ */
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, 0x80000001u, 0, 0, &c), EXMY_OK);
    ck_assert_str_eq(exmy_check_class_name(c), "underflow");
    p.daz = false;
    p.ftz = true;
    /* 2^-9 is e4m3fn's smallest subnormal: FTZ writes 0 */
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, tu_f32_bits(0x1p-9f), 0, 0, &c),
                     EXMY_OK);
    ck_assert_str_eq(exmy_check_class_name(c), "underflow");
    p.ftz = false;
    p.relu = true;
    /* -1.0625 is half-way between -1 and -1.125, but relu writes +0 */
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, tu_f32_bits(-1.0625f), 0, 0, &c),
                     EXMY_OK);
    ck_assert_str_eq(exmy_check_class_name(c), "inexact");
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, tu_f32_bits(1.0625f), 0, 0, &c),
                     EXMY_OK);
    ck_assert_str_eq(exmy_check_class_name(c), "tie");
    p.relu = false;
    p.scaled = true;
    /* 1.0625 * 2^-8 scaled by 2^8 is the tie 1.0625; unscaled it is
     * 2.125 * 2^-9, a subnormal result (2 * 2^-9) */
    uint32_t small = tu_f32_bits(0x1.1p-8f);
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, small, 0, 8, &c), EXMY_OK);
    ck_assert_str_eq(exmy_check_class_name(c), "tie");
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, small, 0, 0, &c), EXMY_OK);
    ck_assert_str_eq(exmy_check_class_name(c), "subnormal");
    /* errors as exmy_profile_convert; *out untouched */
    c = EXMY_CHECK_NEGZERO;
    p.scaled = false;
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, small, 0, 3, &c), EXMY_EINVAL);
    p.inputs = 1u << EXMY_TYPE_F32;
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F16, 0x3c00u, 0, 0, &c), EXMY_ETYPE);
    ck_assert_int_eq(exmy_check_classify(&p, (exmy_type)7, 0, 0, 0, &c), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, 0, 0, 0, NULL), EXMY_EINVAL);
    p.format.bits = 0;
    ck_assert_int_eq(exmy_check_classify(&p, EXMY_TYPE_F32, 0, 0, 0, &c), EXMY_EFORMAT);
    ck_assert_int_eq(exmy_check_classify(NULL, EXMY_TYPE_F32, 0, 0, 0, &c), EXMY_EINVAL);
    ck_assert_int_eq(c, EXMY_CHECK_NEGZERO);
    /* no answer still has a class: NaN into e2m1fn */
    exmy_profile q = fmt_profile("e2m1fn", EXMY_RNE, EXMY_SATFINITE, 0);
    ck_assert_int_eq(exmy_check_classify(&q, EXMY_TYPE_F16, 0xfe00u, 0, 0, &c), EXMY_OK);
    ck_assert_int_eq(c, EXMY_CHECK_NAN_IN);
}
END_TEST

/* ------------------------------------------------------ exmy_check_array */

/* e4m3fn's answers for every binary16 input (the profile's own conversion:
 * the check must accept its own answers; what it counts is compared with
 * the model above, and every corruption below is worked by hand). */
static void all_f16(const exmy_profile *p, uint16_t *in, uint8_t *codes)
{
    for (uint32_t h = 0; h < 0x10000; h++) {
        uint32_t c = 0;
        in[h] = (uint16_t)h;
        exmy_status st = exmy_profile_convert(p, EXMY_TYPE_F16, h, 0, 0, &c, NULL);
        ck_assert_int_eq(st, EXMY_OK);
        codes[h] = (uint8_t)c;
    }
}

static void expect_mismatch(const exmy_check_mismatch *m, uint64_t index, uint64_t xbits,
                            uint32_t expected, uint32_t got, exmy_check_class cls)
{
    ck_assert_msg(m->index == index && m->xbits == xbits && m->expected == expected &&
                      m->got == got && m->cls == cls,
                  "mismatch: element %llu input 0x%llx %s expected 0x%x got 0x%x; wanted element "
                  "%llu input 0x%llx %s expected 0x%x got 0x%x",
                  (unsigned long long)m->index, (unsigned long long)m->xbits,
                  exmy_check_class_name(m->cls), m->expected, m->got,
                  (unsigned long long)index, (unsigned long long)xbits,
                  exmy_check_class_name(cls), expected, got);
}

/* Correct codes match, and the counts per class are the model's. */
START_TEST(test_check_array_correct_output_matches)
{
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    static uint16_t in[0x10000];
    static uint8_t codes[0x10000];
    all_f16(&p, in, codes);
    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in, codes, 0x10000, NULL, &res),
                     EXMY_OK);
    ck_assert_uint_eq(res.total, 0x10000);
    ck_assert_uint_eq(res.mismatches, 0);
    ck_assert_uint_eq(res.unjudged, 0);
    ck_assert_uint_eq(res.kept, 0);
    uint64_t want[EXMY_CHECK_CLASS_COUNT] = {0};
    for (uint32_t h = 0; h < 0x10000; h++)
        want[model_class(&MODEL_FORMATS[0], false, f16_value((uint16_t)h))]++;
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++)
        ck_assert_msg(res.count[c] == want[c], "class %s: %llu elements, model %llu",
                      exmy_check_class_name((exmy_check_class)c),
                      (unsigned long long)res.count[c], (unsigned long long)want[c]);
    char line[256];
    ck_assert_int_eq(exmy_check_summary(&p, EXMY_TYPE_F16, &res, line, sizeof line),
                     (int)strlen("65536 elements, all match"));
    ck_assert_str_eq(line, "65536 elements, all match");
}
END_TEST

/* One corrupted element per class, chosen by hand (e4m3fn, binary16 in):
 *   0x3c40 = 1.0625, the tie of 1 and 1.125: 0x38 (even); written 0x39
 *   0x7e00 = +NaN: 0x7f; written 0xff (the sign flipped)
 *   0x1800 = 2^-9, the smallest subnormal: 0x01; written 0x00 (flushed)
 *   0x7c00 = +Inf under satfinite: 448 = 0x7e; written 0x7f (NaN)
 *   0x8000 = -0: 0x80; written 0x00 */
START_TEST(test_check_array_corrupt_one_per_class)
{
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    static uint16_t in[0x10000];
    static uint8_t codes[0x10000];
    all_f16(&p, in, codes);
    const struct {
        uint16_t x;
        uint8_t expected, written;
        exmy_check_class cls;
    } bad[] = {
        {0x1800, 0x01, 0x00, EXMY_CHECK_SUBNORMAL}, {0x3c40, 0x38, 0x39, EXMY_CHECK_TIE},
        {0x7c00, 0x7e, 0x7f, EXMY_CHECK_INF_IN},    {0x7e00, 0x7f, 0xff, EXMY_CHECK_NAN_IN},
        {0x8000, 0x80, 0x00, EXMY_CHECK_NEGZERO},
    };
    size_t nb = sizeof bad / sizeof bad[0];
    for (size_t k = 0; k < nb; k++) {
        ck_assert_msg(codes[bad[k].x] == bad[k].expected, "f16 0x%04x: code 0x%02x, by hand 0x%02x",
                      bad[k].x, codes[bad[k].x], bad[k].expected);
        codes[bad[k].x] = bad[k].written;
    }
    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in, codes, 0x10000, NULL, &res),
                     EXMY_OK);
    ck_assert_uint_eq(res.mismatches, nb);
    ck_assert_uint_eq(res.kept, nb);
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++) {
        uint64_t want = 0;
        for (size_t k = 0; k < nb; k++)
            want += bad[k].cls == (exmy_check_class)c;
        ck_assert_msg(res.mismatch[c] == want, "class %s: %llu mismatches, expected %llu",
                      exmy_check_class_name((exmy_check_class)c),
                      (unsigned long long)res.mismatch[c], (unsigned long long)want);
    }
    for (size_t k = 0; k < nb; k++) /* in index order: the table is sorted */
        expect_mismatch(&res.first[k], bad[k].x, bad[k].x, bad[k].expected, bad[k].written,
                        bad[k].cls);
}
END_TEST

/* Many mismatches (every 97th element corrupted): one call, chunks with
 * index0, 1 and 4 threads, the first 16 and a caller's buffer of 1000 all
 * give the same counts and the same mismatches in index order. */
static void same_result(const exmy_check_result *a, const exmy_check_result *b, const char *what)
{
    ck_assert_msg(a->total == b->total && a->mismatches == b->mismatches &&
                      a->unjudged == b->unjudged && a->kept == b->kept,
                  "%s: total %llu/%llu mismatches %llu/%llu kept %zu/%zu", what,
                  (unsigned long long)a->total, (unsigned long long)b->total,
                  (unsigned long long)a->mismatches, (unsigned long long)b->mismatches, a->kept,
                  b->kept);
    ck_assert_msg(memcmp(a->count, b->count, sizeof a->count) == 0 &&
                      memcmp(a->mismatch, b->mismatch, sizeof a->mismatch) == 0,
                  "%s: per-class counts differ", what);
    const exmy_check_mismatch *ka = a->keep ? a->keep : a->first;
    const exmy_check_mismatch *kb = b->keep ? b->keep : b->first;
    for (size_t k = 0; k < a->kept; k++)
        ck_assert_msg(memcmp(&ka[k], &kb[k], sizeof ka[k]) == 0,
                      "%s: kept mismatch %zu: element %llu vs %llu", what, k,
                      (unsigned long long)ka[k].index, (unsigned long long)kb[k].index);
}

START_TEST(test_check_array_chunks_and_threads_agree)
{
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    static uint16_t in[0x10000];
    static uint8_t codes[0x10000];
    all_f16(&p, in, codes);
    uint64_t nbad = 0;
    for (uint32_t h = 0; h < 0x10000; h += 97, nbad++)
        codes[h] ^= 0x01; /* every 97th code off by its last bit: never accepted */
    static exmy_check_mismatch buf[6][1000];
    exmy_check_result r[6];
    memset(r, 0, sizeof r);
    for (int k = 3; k < 6; k++) {
        r[k].keep = buf[k];
        r[k].keep_cap = 1000;
    }
    exmy_check_opts one = {0}, four = {0};
    one.threads = 1;
    four.threads = 4;
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in, codes, 0x10000, &one, &r[0]),
                     EXMY_OK);
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in, codes, 0x10000, &four, &r[1]),
                     EXMY_OK);
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in, codes, 0x10000, &one, &r[3]),
                     EXMY_OK);
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in, codes, 0x10000, &four, &r[4]),
                     EXMY_OK);
    /* chunks of 1000 (the last shorter), the first one with threads, index0 = done */
    for (size_t lo = 0; lo < 0x10000; lo += 1000) {
        size_t n = 0x10000 - lo < 1000 ? 0x10000 - lo : 1000;
        exmy_check_opts o = {0};
        o.index0 = lo;
        o.threads = lo == 0 ? 8 : 1;
        ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in + lo, codes + lo, n, &o, &r[2]),
                         EXMY_OK);
        ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F16, in + lo, codes + lo, n, &o, &r[5]),
                         EXMY_OK);
    }
    ck_assert_uint_eq(r[0].mismatches, nbad);
    ck_assert_uint_eq(r[0].kept, EXMY_CHECK_KEEP);
    ck_assert_uint_eq(r[3].kept, nbad < 1000 ? nbad : 1000);
    same_result(&r[0], &r[1], "threads 1 vs 4");
    same_result(&r[0], &r[2], "one call vs chunks");
    same_result(&r[3], &r[4], "threads 1 vs 4, 1000 kept");
    same_result(&r[3], &r[5], "one call vs chunks, 1000 kept");
    for (size_t k = 0; k < r[3].kept; k++) {
        uint64_t h = 97 * (uint64_t)k;
        const exmy_check_mismatch *m = &buf[3][k];
        ck_assert_msg(m->index == h && m->xbits == h && m->got == codes[h] &&
                          m->expected == (uint32_t)(codes[h] ^ 0x01),
                      "kept %zu: element %llu (0x%llx) expected 0x%x got 0x%x, wanted element "
                      "%llu",
                      k, (unsigned long long)m->index, (unsigned long long)m->xbits, m->expected,
                      m->got, (unsigned long long)h);
    }
}
END_TEST

/* NaN into e2m1fn has no answer: counted in its class and as unjudged,
 * never a mismatch, whatever the kernel wrote. */
START_TEST(test_check_array_no_answer_is_unjudged)
{
    exmy_profile p = fmt_profile("e2m1fn", EXMY_RNE, EXMY_SATFINITE, 0);
    const float in[] = {1.0f, NAN, -NAN, 6.0f};
    const uint8_t got[] = {0x2, 0x7, 0xff, 0x7};
    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, in, got, 4, NULL, &res), EXMY_OK);
    ck_assert_uint_eq(res.total, 4);
    ck_assert_uint_eq(res.unjudged, 2);
    ck_assert_uint_eq(res.count[EXMY_CHECK_NAN_IN], 2);
    ck_assert_uint_eq(res.count[EXMY_CHECK_EXACT], 2);
    ck_assert_uint_eq(res.mismatches, 0);
    /* A code with a bit above the 4-bit width never matches: 0x12 for 1.0 (0x2). */
    const uint8_t wide[] = {0x12, 0x7, 0xf, 0x7};
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, in, wide, 4, NULL, &res), EXMY_OK);
    ck_assert_uint_eq(res.mismatches, 1);
    expect_mismatch(&res.first[0], 0, 0x3f800000u, 0x2, 0x12, EXMY_CHECK_EXACT);
}
END_TEST

/* The built-in stochastic profile cuda-e4m3-rs: sr-a with 16 random bits,
 * four lanes, lanes 0 and 1 reading operand bits 15:0, lanes 2 and 3 bits
 * 31:16 (cuda_sm100.prof, from the PTX text). R per element, per operand,
 * and from Philox (random NULL) each reproduce codes made with the same R. */
static uint32_t lane_r(uint32_t operand, unsigned lane)
{
    return lane < 2 ? operand & 0xffffu : operand >> 16;
}

START_TEST(test_check_array_stochastic_random_sources)
{
    const exmy_profile *p = exmy_catalogue_find_profile(tu_catalogue(), "cuda-e4m3-rs");
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->lanes, 4);
    enum { N = 16384 }; /* 4 threads of 4096 */
    static float in[N];
    static uint32_t rel[N], ops[N / 4];
    static uint8_t c_el[N], c_op[N], c_ph[N], c_phop[N];
    tu_rng rng = {12345};
    const uint64_t seed = 77;
    for (size_t i = 0; i < N; i++) {
        /* values with long fractions across e4m3fn's range */
        in[i] = (float)ldexp(1.0 + tu_uniform(&rng), (int)(tu_next(&rng) % 24) - 12) *
                ((tu_next(&rng) & 1) ? -1.0f : 1.0f);
        rel[i] = (uint32_t)tu_next(&rng);
    }
    for (size_t j = 0; j < N / 4; j++)
        ops[j] = (uint32_t)tu_next(&rng);
    for (size_t i = 0; i < N; i++) {
        uint32_t c;
        uint32_t b = tu_f32_bits(in[i]);
        ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F32, b, rel[i], 0, &c, NULL), EXMY_OK);
        c_el[i] = (uint8_t)c;
        ck_assert_int_eq(
            exmy_profile_convert(p, EXMY_TYPE_F32, b, lane_r(ops[i / 4], i % 4), 0, &c, NULL),
            EXMY_OK);
        c_op[i] = (uint8_t)c;
        ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F32, b,
                                              exmy_philox_bits(seed, i, 16), 0, &c, NULL),
                         EXMY_OK);
        c_ph[i] = (uint8_t)c;
        ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F32, b,
                                              lane_r(exmy_philox_bits(seed, i / 4, 32), i % 4), 0,
                                              &c, NULL),
                         EXMY_OK);
        c_phop[i] = (uint8_t)c;
    }
    struct {
        const char *what;
        const uint32_t *random;
        bool operands;
        const uint8_t *codes;
    } runs[] = {
        {"R per element", rel, false, c_el},
        {"R per operand", ops, true, c_op},
        {"Philox per element", NULL, false, c_ph},
        {"Philox per operand", NULL, true, c_phop},
    };
    for (size_t k = 0; k < 4; k++) {
        exmy_check_opts o = {0};
        o.random = runs[k].random;
        o.random_operands = runs[k].operands;
        o.seed = seed;
        o.threads = 4;
        exmy_check_result res = {0};
        ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in, runs[k].codes, N, &o, &res),
                         EXMY_OK);
        ck_assert_msg(res.mismatches == 0, "%s: %llu mismatches", runs[k].what,
                      (unsigned long long)res.mismatches);
        /* the same codes judged with another source of R differ somewhere */
        o.random = runs[(k + 1) % 4].random;
        o.random_operands = runs[(k + 1) % 4].operands;
        exmy_check_result other = {0};
        ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in, runs[k].codes, N, &o, &other),
                         EXMY_OK);
        ck_assert_msg(other.mismatches > 0, "%s judged with %s's R: no mismatch", runs[k].what,
                      runs[(k + 1) % 4].what);
    }
    /* Chunks of Philox operands: index0 a multiple of lanes. */
    exmy_check_result whole = {0}, parts = {0};
    exmy_check_opts o = {0};
    o.random_operands = true;
    o.seed = seed;
    ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in, c_phop, N, &o, &whole), EXMY_OK);
    for (size_t lo = 0; lo < N; lo += 1000) {
        o.index0 = lo;
        size_t n = N - lo < 1000 ? N - lo : 1000;
        ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in + lo, c_phop + lo, n, &o, &parts),
                         EXMY_OK);
    }
    ck_assert_uint_eq(parts.mismatches, 0);
    same_result(&whole, &parts, "Philox operands in chunks");
    /* Philox per element in chunks of any size: index0 need not be aligned. */
    exmy_check_result pe = {0};
    exmy_check_opts po = {0};
    po.seed = seed;
    for (size_t lo = 0; lo < N; lo += 999) {
        po.index0 = lo;
        size_t n = N - lo < 999 ? N - lo : 999;
        ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in + lo, c_ph + lo, n, &po, &pe),
                         EXMY_OK);
    }
    ck_assert_uint_eq(pe.total, N);
    ck_assert_uint_eq(pe.mismatches, 0);
    /* An unaligned index0 with operands: EINVAL, nothing touched. */
    exmy_check_result keep = parts;
    o.index0 = 1002;
    ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in, c_phop, 4, &o, &parts), EXMY_EINVAL);
    ck_assert(memcmp(&keep, &parts, sizeof keep) == 0);
}
END_TEST

/* sr-a with N = 16: away from zero iff floor(nu * 2^16) + R >= 2^16. For
 * 1.0625 (nu = 1/2 between 1 = 0x38 and 1.125 = 0x39) R = 0x7fff keeps 0x38,
 * R = 0xffff (bit 15 set) gives 0x39. */
START_TEST(test_check_array_one_random_bit_changes_one_element)
{
    const exmy_profile *p = exmy_catalogue_find_profile(tu_catalogue(), "cuda-e4m3-rs");
    ck_assert_ptr_nonnull(p);
    const float in[8] = {1.0f, 2.0f, 1.0625f, 3.0f, 1.0625f, 0.5f, -1.0625f, 4.0f};
    uint32_t r[8] = {0, 0, 0x7fff, 0, 0x7fff, 0, 0x8000, 0};
    /* by hand: 1 = 0x38, 2 = 0x40, 3 = 0x44, 0.5 = 0x30, 4 = 0x48, -1.125 = 0xb9 */
    const uint8_t got[8] = {0x38, 0x40, 0x38, 0x44, 0x38, 0x30, 0xb9, 0x48};
    exmy_check_opts o = {0};
    o.random = r;
    o.index0 = 100;
    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in, got, 8, &o, &res), EXMY_OK);
    ck_assert_uint_eq(res.mismatches, 0);
    r[4] |= 0x8000u; /* one bit: 0x7fff -> 0xffff, 0x8000 + 0xffff >= 2^16: away */
    memset(&res, 0, sizeof res);
    ck_assert_int_eq(exmy_check_array(p, EXMY_TYPE_F32, in, got, 8, &o, &res), EXMY_OK);
    ck_assert_uint_eq(res.mismatches, 1);
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_TIE], 1);
    expect_mismatch(&res.first[0], 104, tu_f32_bits(1.0625f), 0x39, 0x38, EXMY_CHECK_TIE);
    ck_assert_uint_eq(res.first[0].r, 0xffff);
    char line[256];
    exmy_check_describe(p, EXMY_TYPE_F32, &res.first[0], line, sizeof line);
    ck_assert_str_eq(line, "element 104: input 0x1.1p+0 (0x3f880000) tie: expected 0x39, got "
                           "0x38, R 0xffff");
}
END_TEST

START_TEST(test_check_array_errors_touch_nothing)
{
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    const float in[2] = {1.0f, 2.0f};
    const uint8_t got[2] = {0x38, 0x40};
    exmy_check_result res, keep;
    memset(&res, 0x3c, sizeof res);
    res.keep = NULL;
    keep = res;
    exmy_check_opts o = {0};
    o.scale_exp = 2;
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, in, got, 2, &o, &res), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, NULL, got, 2, NULL, &res), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, in, NULL, 2, NULL, &res), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, in, got, 2, NULL, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_array(&p, (exmy_type)5, in, got, 2, NULL, &res), EXMY_EINVAL);
    ck_assert_int_eq(exmy_check_array(NULL, EXMY_TYPE_F32, in, got, 2, NULL, &res), EXMY_EINVAL);
    exmy_profile q = p;
    q.inputs = 1u << EXMY_TYPE_F64;
    ck_assert_int_eq(exmy_check_array(&q, EXMY_TYPE_F32, in, got, 2, NULL, &res), EXMY_ETYPE);
    q = p;
    q.lanes = 0;
    ck_assert_int_eq(exmy_check_array(&q, EXMY_TYPE_F32, in, got, 2, NULL, &res), EXMY_EFORMAT);
    ck_assert(memcmp(&res, &keep, sizeof res) == 0);
    /* n == 0 allows NULL arrays and adds nothing */
    exmy_check_result z = {0};
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, NULL, NULL, 0, NULL, &z), EXMY_OK);
    ck_assert_uint_eq(z.total, 0);
}
END_TEST

/* ------------------------------------------------------ summary, describe */

/* e4m3fn, binary32 in: 1 -> 0x38; 1.0625 (tie) -> 0x38, written 0x39; -NaN
 * (0xffc00000) -> 0xff, written 0x7f; 448 -> 0x7e. */
START_TEST(test_summary_and_describe_lines)
{
    exmy_profile p = fmt_profile("e4m3fn", EXMY_RNE, EXMY_SATFINITE, 0);
    const uint32_t in[4] = {0x3f800000u, 0x3f880000u, 0xffc00000u, 0x43e00000u};
    const uint8_t got[4] = {0x38, 0x39, 0x7f, 0x7e};
    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(&p, EXMY_TYPE_F32, in, got, 4, NULL, &res), EXMY_OK);
    const char *want = "2 of 4 elements differ (tie 1, nan 1); first: element 1: input 0x1.1p+0 "
                       "(0x3f880000) tie: expected 0x38, got 0x39";
    char line[256];
    ck_assert_int_eq(exmy_check_summary(&p, EXMY_TYPE_F32, &res, line, sizeof line),
                     (int)strlen(want));
    ck_assert_str_eq(line, want);
    ck_assert_int_eq(exmy_check_describe(&p, EXMY_TYPE_F32, &res.first[1], line, sizeof line),
                     (int)strlen("element 2: input -nan (0xffc00000) nan: expected 0xff, got "
                                 "0x7f"));
    ck_assert_str_eq(line, "element 2: input -nan (0xffc00000) nan: expected 0xff, got 0x7f");
    /* cut to len, NUL-terminated, the full length returned */
    char small[12];
    ck_assert_int_eq(exmy_check_summary(&p, EXMY_TYPE_F32, &res, small, sizeof small),
                     (int)strlen(want));
    ck_assert_str_eq(small, "2 of 4 elem");
    ck_assert_int_eq(exmy_check_summary(&p, EXMY_TYPE_F32, &res, NULL, 0), (int)strlen(want));

    /* FP4 codes print one hex digit; binary16 inputs four */
    exmy_profile q = fmt_profile("e2m1fn", EXMY_RNE, EXMY_SATFINITE, 0);
    exmy_check_mismatch m = {7, 0x3d00, 0x2, 0x3, 0, EXMY_CHECK_TIE};
    exmy_check_describe(&q, EXMY_TYPE_F16, &m, line, sizeof line);
    ck_assert_str_eq(line, "element 7: input 0x1.4p+0 (0x3d00) tie: expected 0x2, got 0x3");
    /* binary64 inputs sixteen digits */
    m = (exmy_check_mismatch){0, 0xbff0000000000000u, 0xa, 0x2, 0, EXMY_CHECK_EXACT};
    exmy_check_describe(&q, EXMY_TYPE_F64, &m, line, sizeof line);
    ck_assert_str_eq(line,
                     "element 0: input -0x1p+0 (0xbff0000000000000) exact: expected 0xa, got 0x2");
    /* bad arguments: -1 and an empty line */
    ck_assert_int_eq(exmy_check_describe(NULL, EXMY_TYPE_F64, &m, line, sizeof line), -1);
    ck_assert_str_eq(line, "");
    ck_assert_int_eq(exmy_check_summary(&q, EXMY_TYPE_F64, NULL, line, sizeof line), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("check");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_from_format_fields);
    tcase_add_test(tc, test_from_format_converts_as_contract);
    tcase_add_test(tc, test_from_format_errors_touch_nothing);
    tcase_add_test(tc, test_accepts_any_code_for_no_answer_when_unspecified);
    tcase_add_test(tc, test_accepts_any_nan_code_when_unspecified);
    tcase_add_test(tc, test_check_class_names);
    tcase_add_loop_test(tc, test_classify_matches_model, 0,
                        (int)(sizeof MODEL_FORMATS / sizeof MODEL_FORMATS[0]));
    tcase_add_test(tc, test_classify_named_boundaries);
    tcase_add_test(tc, test_classify_profile_rules);
    tcase_add_test(tc, test_check_array_correct_output_matches);
    tcase_add_test(tc, test_check_array_corrupt_one_per_class);
    tcase_add_test(tc, test_check_array_chunks_and_threads_agree);
    tcase_add_test(tc, test_check_array_no_answer_is_unjudged);
    tcase_add_test(tc, test_check_array_stochastic_random_sources);
    tcase_add_test(tc, test_check_array_one_random_bit_changes_one_element);
    tcase_add_test(tc, test_check_array_errors_touch_nothing);
    tcase_add_test(tc, test_summary_and_describe_lines);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
