/* Checks of a kernel's codes (exmy.h "test vectors and checks"), and the
 * profile pieces they stand on: exmy_profile_from_format, the no-answer rule
 * of exmy_profile_accepts, the check class names. */
#include "testutil.h"

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
    suite_add_tcase(s, tc);
    return tu_run(s);
}
