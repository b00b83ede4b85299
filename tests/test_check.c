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
    suite_add_tcase(s, tc);
    return tu_run(s);
}
