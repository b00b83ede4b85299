/* The PyTorch and ml_dtypes profiles of formats/torch.prof against the
 * independent models of ref_torch.c: the boundary inputs of each target
 * format, all binary16 inputs (and all bfloat16 inputs for the PyTorch
 * casts, which take them), a prime-stride sample of 2^24 binary32 inputs,
 * and the worked examples of the sources as named cases. With argv[1] ==
 * "all" (the slow suite) the PyTorch profiles run on every binary32 input
 * instead; an optional argv[2] caps that pass at a smaller count (to try
 * the path without the full 2^32).
 *
 * Every input is compared, the two behaviours the profiles spell with
 * dedicated keys included: e8m0fnu's binary32/bfloat16 subnormals
 * (tiny-round -126 rup) and ml_dtypes' NaN into FP6/FP4 (nan signed with the
 * sign bit set in the code). The worked examples are checked against both
 * the profile and the model, so the model too is pinned to the sources. */
#include "harness.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ref_torch.c */
ph_model rt_model(const char *profile, const void **ctx);

static const struct {
    const char *name;
    bool torch; /* PyTorch: takes bfloat16, gets the 2^32 pass */
} profiles[] = {
    {"torch-e4m3fn", true},
    {"torch-e5m2", true},
    {"torch-e4m3fnuz", true},
    {"torch-e5m2fnuz", true},
    {"torch-e8m0fnu", true},
    {"ml_dtypes-float8_e4m3fn", false},
    {"ml_dtypes-float8_e5m2", false},
    {"ml_dtypes-float8_e4m3fnuz", false},
    {"ml_dtypes-float8_e5m2fnuz", false},
    {"ml_dtypes-float8_e4m3b11fnuz", false},
    {"ml_dtypes-float8_e3m4", false},
    {"ml_dtypes-float8_e4m3", false},
    {"ml_dtypes-float8_e8m0fnu", false},
    {"ml_dtypes-float6_e2m3fn", false},
    {"ml_dtypes-float6_e3m2fn", false},
    {"ml_dtypes-float4_e2m1fn", false},
};
#define NPROFILES (sizeof profiles / sizeof profiles[0])
#define NTORCH 5 /* the first NTORCH rows */

static uint64_t all_count = UINT64_C(1) << 32;

static ph_model model_of(const char *name, const void **ctx)
{
    ph_model m = rt_model(name, ctx);
    ck_assert_msg(m != NULL, "no model for %s", name);
    return m;
}

static void check_list(tu_log *log, const char *name, const uint32_t *xs, size_t n)
{
    const void *ctx;
    ph_model m = model_of(name, &ctx);
    ph_check_f32(log, ph_profile(name), m, ctx, xs, n, NULL, 0, 0);
}

static void check_stride(tu_log *log, const char *name, uint32_t stride, uint64_t count)
{
    const void *ctx;
    ph_model m = model_of(name, &ctx);
    ph_check_f32_stride(log, ph_profile(name), m, ctx, stride, count, NULL, 0, 0);
}

static void check_16(tu_log *log, const char *name, exmy_type type)
{
    const void *ctx;
    ph_model m = model_of(name, &ctx);
    ph_check_16_all(log, ph_profile(name), type, m, ctx, NULL, 0, 0);
}

/* ------------------------------------------------------------- the tests */

/* Every value and midpoint of the target, +-1 and +-2 ulp around each, the
 * overflow threshold, subnormals, +-0, +-Inf, NaNs of both signs. */
START_TEST(boundary)
{
    const char *name = profiles[_i].name;
    tu_log log;
    tu_log_init(&log, name, 20);
    size_t n;
    uint32_t *xs = ph_boundary_f32(&ph_profile(name)->format, &n);
    check_list(&log, name, xs, n);
    free(xs);
    tu_log_check(&log);
}
END_TEST

START_TEST(f16_all)
{
    const char *name = profiles[_i].name;
    tu_log log;
    tu_log_init(&log, name, 20);
    check_16(&log, name, EXMY_TYPE_F16);
    tu_log_check(&log);
}
END_TEST

START_TEST(bf16_all)
{
    const char *name = profiles[_i].name;
    tu_log log;
    tu_log_init(&log, name, 20);
    check_16(&log, name, EXMY_TYPE_BF16);
    tu_log_check(&log);
}
END_TEST

START_TEST(sample_2e24_prime_stride)
{
    const char *name = profiles[_i].name;
    tu_log log;
    tu_log_init(&log, name, 20);
    check_stride(&log, name, PH_SAMPLE_STRIDE, PH_SAMPLE_COUNT);
    tu_log_check(&log);
}
END_TEST

START_TEST(all_binary32)
{
    const char *name = profiles[_i].name;
    tu_log log;
    tu_log_init(&log, name, 20);
    check_stride(&log, name, 1, all_count);
    tu_log_check(&log);
}
END_TEST

/* float64 inputs are rounded to binary32 first by both libraries (double
 * rounding), which no profile describes: the profiles refuse them. */
START_TEST(f64_inputs_refused)
{
    for (size_t i = 0; i < NPROFILES; i++) {
        uint32_t code;
        exmy_status st = exmy_profile_convert(ph_profile(profiles[i].name), EXMY_TYPE_F64,
                                              UINT64_C(0x3ff0000000000000), 0, 0, &code, NULL);
        ck_assert_msg(st == EXMY_ETYPE, "%s takes f64: %s", profiles[i].name, exmy_strerror(st));
    }
}
END_TEST

/* Worked examples read off the sources (torch.prof cites them), each checked
 * twice: the profile must give the code, and so must the model (which pins
 * the model to the sources where the comparisons could only show that
 * profile and model agree). */
START_TEST(examples)
{
    tu_log log;
    tu_log_init(&log, "examples", 50);
    const exmy_type F32 = EXMY_TYPE_F32, F16 = EXMY_TYPE_F16, BF16 = EXMY_TYPE_BF16;
    struct {
        const char *what, *profile;
        exmy_type type;
        uint32_t x, code;
    } ex[] = {
        /* fp8e4m3fn_from_fp32_value: 480.0f is "the first value not
         * representable", |x| >= it gives 0x7f; 464 < |x| < 480 rounds into
         * 0x7f, 464 itself ties to even 448. */
        {"e4m3fn 465 -> NaN 0x7f (no saturation)", "torch-e4m3fn", F32, 0x43e88000u, 0x7f},
        {"e4m3fn -465 -> NaN 0xff", "torch-e4m3fn", F32, 0xc3e88000u, 0xff},
        {"e4m3fn 464 ties to even 448", "torch-e4m3fn", F32, 0x43e80000u, 0x7e},
        {"e4m3fn 480 -> 0x7f", "torch-e4m3fn", F32, 0x43f00000u, 0x7f},
        {"e4m3fn +Inf -> 0x7f", "torch-e4m3fn", F32, 0x7f800000u, 0x7f},
        {"e4m3fn -NaN -> 0xff", "torch-e4m3fn", F32, 0xffc00000u, 0xff},
        {"e4m3fn 2^-10 ties to 0", "torch-e4m3fn", F32, 0x3a800000u, 0x00},
        {"e4m3fn -2^-10 ties to -0", "torch-e4m3fn", F32, 0xba800000u, 0x80},
        /* fp8e5m2_from_fp32_value: NaN 0x7f, Inf 0x7c, 65536.0f the first
         * value not representable; 61440 ties up from 57344 (odd). */
        {"e5m2 NaN -> 0x7f", "torch-e5m2", F32, 0x7fc00000u, 0x7f},
        {"e5m2 -NaN -> 0xff", "torch-e5m2", F32, 0xffc00000u, 0xff},
        {"e5m2 +Inf -> 0x7c", "torch-e5m2", F32, 0x7f800000u, 0x7c},
        {"e5m2 61440 -> Inf 0x7c", "torch-e5m2", F32, 0x47700000u, 0x7c},
        {"e5m2 61439.996 -> 57344", "torch-e5m2", F32, 0x476fffffu, 0x7b},
        /* fnuz: 0x80 for NaN and overflow; no negative zero. */
        {"e4m3fnuz NaN -> 0x80", "torch-e4m3fnuz", F32, 0x7fc00000u, 0x80},
        {"e4m3fnuz -NaN -> 0x80", "torch-e4m3fnuz", F32, 0xffc00000u, 0x80},
        {"e4m3fnuz 248 -> 0x80", "torch-e4m3fnuz", F32, 0x43780000u, 0x80},
        {"e4m3fnuz 247.99998 -> 240", "torch-e4m3fnuz", F32, 0x4377ffffu, 0x7f},
        {"e4m3fnuz -0 -> 0x00", "torch-e4m3fnuz", F32, 0x80000000u, 0x00},
        {"e4m3fnuz -2^-12 -> 0x00", "torch-e4m3fnuz", F32, 0xb9800000u, 0x00},
        {"e5m2fnuz 61440 -> 0x80", "torch-e5m2fnuz", F32, 0x47700000u, 0x80},
        {"e5m2fnuz -Inf -> 0x80", "torch-e5m2fnuz", F32, 0xff800000u, 0x80},
        {"e5m2fnuz -0 -> 0x00", "torch-e5m2fnuz", F32, 0x80000000u, 0x00},
        /* fp8e8m0fnu_from_fp32_value: exponent field, rounded up from
         * halfway; the sign ignored; 0 -> 0x00; NaN and Inf -> 0xff. */
        {"e8m0fnu 3.0 -> 4 (0x81)", "torch-e8m0fnu", F32, 0x40400000u, 0x81},
        {"e8m0fnu 1.5 -> 2 (0x80)", "torch-e8m0fnu", F32, 0x3fc00000u, 0x80},
        {"e8m0fnu 1.4999999 -> 1 (0x7f)", "torch-e8m0fnu", F32, 0x3fbfffffu, 0x7f},
        {"e8m0fnu 0.0 -> 0x00", "torch-e8m0fnu", F32, 0x00000000u, 0x00},
        {"e8m0fnu -0.0 -> 0x00", "torch-e8m0fnu", F32, 0x80000000u, 0x00},
        {"e8m0fnu -4.0 -> 0x81 (sign ignored)", "torch-e8m0fnu", F32, 0xc0800000u, 0x81},
        {"e8m0fnu -3.0 -> 0x81", "torch-e8m0fnu", F32, 0xc0400000u, 0x81},
        {"e8m0fnu NaN -> 0xff", "torch-e8m0fnu", F32, 0x7fc00000u, 0xff},
        {"e8m0fnu -Inf -> 0xff", "torch-e8m0fnu", F32, 0xff800000u, 0xff},
        {"e8m0fnu 2^127 -> 0xfe", "torch-e8m0fnu", F32, 0x7f000000u, 0xfe},
        {"e8m0fnu 1.5*2^127 -> 0xff", "torch-e8m0fnu", F32, 0x7f400000u, 0xff},
        {"e8m0fnu 2^-127 (subnormal) -> 0x00", "torch-e8m0fnu", F32, 0x00400000u, 0x00},
        {"e8m0fnu 1.5*2^-127 -> 0x01", "torch-e8m0fnu", F32, 0x00600000u, 0x01},
        {"e8m0fnu 2^-149 -> 0x00", "torch-e8m0fnu", F32, 0x00000001u, 0x00},
        /* Below 2^-126 the implied bit (the kept one) is 0, so a subnormal
         * rounds up only from above 2^-127 (g set and r or s set), and then
         * to 0x01 = 2^-126 although 2^-127 is nearer: tiny-round -126 rup. */
        {"e8m0fnu 1.25*2^-127 -> 0x01 (rounds up)", "torch-e8m0fnu", F32, 0x00500000u, 0x01},
        {"e8m0fnu -1.25*2^-127 -> 0x01", "torch-e8m0fnu", F32, 0x80500000u, 0x01},
        {"e8m0fnu 2^-127 + 2^-149 -> 0x01", "torch-e8m0fnu", F32, 0x00400001u, 0x01},
        {"e8m0fnu -(1.5*2^-127 - 2^-149) -> 0x01", "torch-e8m0fnu", F32, 0x805fffffu, 0x01},
        {"e8m0fnu 2^-127 - 2^-149 -> 0x00", "torch-e8m0fnu", F32, 0x003fffffu, 0x00},
        {"e8m0fnu 2^-126 - 2^-149 -> 0x01", "torch-e8m0fnu", F32, 0x007fffffu, 0x01},
        {"e8m0fnu 2^-126 -> 0x01", "torch-e8m0fnu", F32, 0x00800000u, 0x01},
        {"e8m0fnu 1.5*2^-126 -> 0x02 (RNA from 2^-126 up)", "torch-e8m0fnu", F32, 0x00c00000u,
         0x02},
        {"e8m0fnu bf16 1.25*2^-127 -> 0x01", "torch-e8m0fnu", BF16, 0x0050u, 0x01},
        {"e8m0fnu bf16 -(2^-127 + 2^-133) -> 0x01", "torch-e8m0fnu", BF16, 0x8041u, 0x01},
        /* ml_dtypes: numeric_limits<T>::quiet_NaN() / infinity(). */
        {"ml e4m3fn NaN -> 0x7f", "ml_dtypes-float8_e4m3fn", F32, 0x7fc00000u, 0x7f},
        {"ml e4m3fn -465 -> 0xff", "ml_dtypes-float8_e4m3fn", F32, 0xc3e88000u, 0xff},
        {"ml e5m2 NaN -> 0x7e", "ml_dtypes-float8_e5m2", F32, 0x7fc00000u, 0x7e},
        {"ml e5m2 -NaN -> 0xfe", "ml_dtypes-float8_e5m2", F32, 0xffc00000u, 0xfe},
        {"ml e4m3 NaN -> 0x7c", "ml_dtypes-float8_e4m3", F32, 0x7fc00000u, 0x7c},
        {"ml e4m3 248 -> Inf 0x78", "ml_dtypes-float8_e4m3", F32, 0x43780000u, 0x78},
        {"ml e3m4 NaN -> 0x78", "ml_dtypes-float8_e3m4", F32, 0x7fc00000u, 0x78},
        {"ml e3m4 15.75 -> Inf 0x70", "ml_dtypes-float8_e3m4", F32, 0x417c0000u, 0x70},
        {"ml e4m3b11fnuz 31 -> 0x80", "ml_dtypes-float8_e4m3b11fnuz", F32, 0x41f80000u, 0x80},
        {"ml e4m3b11fnuz -0 -> 0x00", "ml_dtypes-float8_e4m3b11fnuz", F32, 0x80000000u, 0x00},
        {"ml e8m0fnu 3.0 -> 0x81", "ml_dtypes-float8_e8m0fnu", F32, 0x40400000u, 0x81},
        {"ml e8m0fnu 0.0 -> NaN 0xff", "ml_dtypes-float8_e8m0fnu", F32, 0x00000000u, 0xff},
        {"ml e8m0fnu -4.0 -> NaN 0xff", "ml_dtypes-float8_e8m0fnu", F32, 0xc0800000u, 0xff},
        {"ml e8m0fnu 2^-149 -> 0x00", "ml_dtypes-float8_e8m0fnu", F32, 0x00000001u, 0x00},
        /* ConvertImpl below 2^-126: RoundBitsToNearestEven onto the
         * exponent-field-0 grid (spacing 2^-126, code 0 read as zero, the
         * tie at 2^-127 to it), and 0x00 then means 2^-127. */
        {"ml e8m0fnu 2^-127 ties to 0x00", "ml_dtypes-float8_e8m0fnu", F32, 0x00400000u, 0x00},
        {"ml e8m0fnu 1.25*2^-127 -> 0x01 (rounds up)", "ml_dtypes-float8_e8m0fnu", F32,
         0x00500000u, 0x01},
        {"ml e8m0fnu 2^-127 + 2^-149 -> 0x01", "ml_dtypes-float8_e8m0fnu", F32, 0x00400001u, 0x01},
        {"ml e8m0fnu 1.5*2^-127 - 2^-149 -> 0x01", "ml_dtypes-float8_e8m0fnu", F32, 0x005fffffu,
         0x01},
        {"ml e8m0fnu -1.25*2^-127 -> NaN 0xff", "ml_dtypes-float8_e8m0fnu", F32, 0x80500000u, 0xff},
        {"ml e2m3fn 7.75 -> 7.5 (0x1f)", "ml_dtypes-float6_e2m3fn", F32, 0x40f80000u, 0x1f},
        {"ml e2m3fn -Inf -> -7.5 (0x3f)", "ml_dtypes-float6_e2m3fn", F32, 0xff800000u, 0x3f},
        {"ml e3m2fn +Inf -> 28 (0x1f)", "ml_dtypes-float6_e3m2fn", F32, 0x7f800000u, 0x1f},
        {"ml e2m1fn 7.0 -> 6 (0x7)", "ml_dtypes-float4_e2m1fn", F32, 0x40e00000u, 0x7},
        {"ml e2m1fn -0.25 ties to -0 (0x8)", "ml_dtypes-float4_e2m1fn", F32, 0xbe800000u, 0x8},
        /* FP6/FP4 NaN: quiet_NaN() is the -0 pattern, and a negative NaN
         * gets its negation (operator- flips the top bit): +0. */
        {"ml e2m3fn +NaN -> -0 (0x20)", "ml_dtypes-float6_e2m3fn", F32, 0x7fc00000u, 0x20},
        {"ml e2m3fn -NaN -> +0 (0x00)", "ml_dtypes-float6_e2m3fn", F32, 0xffc00000u, 0x00},
        {"ml e3m2fn +sNaN -> -0 (0x20)", "ml_dtypes-float6_e3m2fn", F32, 0x7f800001u, 0x20},
        {"ml e3m2fn -NaN -> +0 (0x00)", "ml_dtypes-float6_e3m2fn", F32, 0xffc00000u, 0x00},
        {"ml e2m1fn +NaN -> -0 (0x8)", "ml_dtypes-float4_e2m1fn", F32, 0x7fc00000u, 0x8},
        {"ml e2m1fn -NaN -> +0 (0x0)", "ml_dtypes-float4_e2m1fn", F32, 0xffc00000u, 0x0},
        {"ml e2m1fn f16 -NaN -> +0 (0x0)", "ml_dtypes-float4_e2m1fn", F16, 0xfe00u, 0x0},
        {"ml e2m1fn f16 +NaN -> -0 (0x8)", "ml_dtypes-float4_e2m1fn", F16, 0x7e00u, 0x8},
        /* binary16 and bfloat16 inputs widen exactly first. */
        {"e4m3fn f16 65504 -> NaN 0x7f", "torch-e4m3fn", F16, 0x7bffu, 0x7f},
        {"e8m0fnu bf16 3.0 -> 0x81", "torch-e8m0fnu", BF16, 0x4040u, 0x81},
        {"ml e5m2 f16 sNaN -> 0x7e (payload dropped)", "ml_dtypes-float8_e5m2", F16, 0x7c01u,
         0x7e},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        ph_example(&log, ex[i].what, ex[i].profile, ex[i].type, ex[i].x, 0, ex[i].code);
        const void *ctx;
        ph_model m = model_of(ex[i].profile, &ctx);
        ph_answer a = m(ex[i].type, ex[i].x, 0, 0, ctx);
        log.checked++;
        if (a.any_nan || a.code != ex[i].code)
            tu_fail(&log, "model %s (%s 0x%x): 0x%x, the source gives 0x%x", ex[i].what,
                    ex[i].profile, (unsigned)ex[i].x, (unsigned)a.code, (unsigned)ex[i].code);
    }
    tu_log_check(&log);
}
END_TEST

int main(int argc, char **argv)
{
    Suite *s = suite_create("prof_torch");
    TCase *tc = tcase_create("torch");
    if (argc >= 2 && strcmp(argv[1], "all") == 0) {
        if (argc >= 3)
            all_count = (uint64_t)tu_atol(argv[2]);
        tcase_set_timeout(tc, 86400); /* the slow suite */
        tcase_add_loop_test(tc, all_binary32, 0, NTORCH);
    } else {
        tcase_set_timeout(tc, 300);
        tcase_add_test(tc, examples);
        tcase_add_test(tc, f64_inputs_refused);
        tcase_add_loop_test(tc, boundary, 0, NPROFILES);
        tcase_add_loop_test(tc, f16_all, 0, NPROFILES);
        tcase_add_loop_test(tc, bf16_all, 0, NTORCH);
        tcase_add_loop_test(tc, sample_2e24_prime_stride, 0, NPROFILES);
    }
    suite_add_tcase(s, tc);
    return tu_run(s);
}
