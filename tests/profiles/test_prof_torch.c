/* The PyTorch and ml_dtypes profiles of formats/torch.prof against the
 * independent models of ref_torch.c: the boundary inputs of each target
 * format, all binary16 inputs (and all bfloat16 inputs for the PyTorch
 * casts, which take them), a prime-stride sample of 2^24 binary32 inputs,
 * and the worked examples of the sources as named cases. With argv[1] ==
 * "all" (the slow suite) the PyTorch profiles run on every binary32 input
 * instead; an optional argv[2] caps that pass at a smaller count (to try
 * the path without the full 2^32).
 *
 * The inputs where the vendor does what no profile can express yet (the
 * DEPARTURE notes of torch.prof: e8m0fnu's binary32 subnormals above 2^-127,
 * ml_dtypes' NaN into FP6/FP4) are left out of the comparisons and counted
 * by the test "departures", which also pins the vendors' answers there. */
#include "harness.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ref_torch.c */
ph_model rt_model(const char *profile, const void **ctx);
bool rt_departure(const char *profile, exmy_type type, uint64_t xbits);

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

/* Does the profile have departures on binary32 inputs at all? */
static bool has_departures(const char *name)
{
    return rt_departure(name, EXMY_TYPE_F32, 0x00400001u) ||
           rt_departure(name, EXMY_TYPE_F32, 0x7fc00000u);
}

/* ph_check_f32 on xs[0..n) less the departures. */
static void check_list(tu_log *log, const char *name, const uint32_t *xs, size_t n)
{
    const void *ctx;
    ph_model m = model_of(name, &ctx);
    uint32_t *keep = malloc((n ? n : 1) * sizeof *keep);
    ck_assert_ptr_nonnull(keep);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!rt_departure(name, EXMY_TYPE_F32, xs[i]))
            keep[k++] = xs[i];
    ph_check_f32(log, ph_profile(name), m, ctx, keep, k, NULL, 0, 0);
    free(keep);
}

/* Inputs i * stride mod 2^32, i < count: through the harness's own stride
 * walk, or in chunks less the departures where the profile has some. */
static void check_stride(tu_log *log, const char *name, uint32_t stride, uint64_t count)
{
    const void *ctx;
    ph_model m = model_of(name, &ctx);
    if (!has_departures(name)) {
        ph_check_f32_stride(log, ph_profile(name), m, ctx, stride, count, NULL, 0, 0);
        return;
    }
    enum { CHUNK = 1 << 20 };
    uint32_t *xs = malloc(CHUNK * sizeof *xs);
    ck_assert_ptr_nonnull(xs);
    for (uint64_t i = 0; i < count;) {
        size_t n = 0;
        for (; n < CHUNK && i < count; i++)
            xs[n++] = (uint32_t)(i * stride);
        check_list(log, name, xs, n);
    }
    free(xs);
}

/* All 2^16 inputs of binary16 / bfloat16: through the harness, or compared
 * here less the departures. */
static void check_16(tu_log *log, const char *name, exmy_type type)
{
    const void *ctx;
    ph_model m = model_of(name, &ctx);
    const exmy_profile *p = ph_profile(name);
    bool dep = false;
    for (uint32_t x = 0; x < 0x10000u && !dep; x++)
        dep = rt_departure(name, type, x);
    if (!dep) {
        ph_check_16_all(log, p, type, m, ctx, NULL, 0, 0);
        return;
    }
    for (uint32_t x = 0; x < 0x10000u; x++) {
        if (rt_departure(name, type, x))
            continue;
        ph_answer want = m(type, x, 0, 0, ctx);
        uint32_t got = 0;
        exmy_status st = exmy_profile_convert(p, type, x, 0, 0, &got, NULL);
        log->checked++;
        if (st != EXMY_OK || got != want.code)
            tu_fail(log, "%s %s 0x%04x: profile 0x%x (%s), model 0x%x", name,
                    type == EXMY_TYPE_F16 ? "f16" : "bf16", (unsigned)x, (unsigned)got,
                    exmy_strerror(st), (unsigned)want.code);
    }
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

/* Worked examples read off the sources (torch.prof cites them). */
START_TEST(examples)
{
    tu_log log;
    tu_log_init(&log, "examples", 50);
    const exmy_type T = EXMY_TYPE_F32;
    struct {
        const char *what, *profile;
        uint32_t x, code;
    } ex[] = {
        /* fp8e4m3fn_from_fp32_value: 480.0f is "the first value not
         * representable", |x| >= it gives 0x7f; 464 < |x| < 480 rounds into
         * 0x7f, 464 itself ties to even 448. */
        {"e4m3fn 465 -> NaN 0x7f (no saturation)", "torch-e4m3fn", 0x43e88000u, 0x7f},
        {"e4m3fn -465 -> NaN 0xff", "torch-e4m3fn", 0xc3e88000u, 0xff},
        {"e4m3fn 464 ties to even 448", "torch-e4m3fn", 0x43e80000u, 0x7e},
        {"e4m3fn 480 -> 0x7f", "torch-e4m3fn", 0x43f00000u, 0x7f},
        {"e4m3fn +Inf -> 0x7f", "torch-e4m3fn", 0x7f800000u, 0x7f},
        {"e4m3fn -NaN -> 0xff", "torch-e4m3fn", 0xffc00000u, 0xff},
        {"e4m3fn 2^-10 ties to 0", "torch-e4m3fn", 0x3a800000u, 0x00},
        {"e4m3fn -2^-10 ties to -0", "torch-e4m3fn", 0xba800000u, 0x80},
        /* fp8e5m2_from_fp32_value: NaN 0x7f, Inf 0x7c, 65536.0f the first
         * value not representable; 61440 ties up from 57344 (odd). */
        {"e5m2 NaN -> 0x7f", "torch-e5m2", 0x7fc00000u, 0x7f},
        {"e5m2 -NaN -> 0xff", "torch-e5m2", 0xffc00000u, 0xff},
        {"e5m2 +Inf -> 0x7c", "torch-e5m2", 0x7f800000u, 0x7c},
        {"e5m2 61440 -> Inf 0x7c", "torch-e5m2", 0x47700000u, 0x7c},
        {"e5m2 61439.996 -> 57344", "torch-e5m2", 0x476fffffu, 0x7b},
        /* fnuz: 0x80 for NaN and overflow; no negative zero. */
        {"e4m3fnuz NaN -> 0x80", "torch-e4m3fnuz", 0x7fc00000u, 0x80},
        {"e4m3fnuz -NaN -> 0x80", "torch-e4m3fnuz", 0xffc00000u, 0x80},
        {"e4m3fnuz 248 -> 0x80", "torch-e4m3fnuz", 0x43780000u, 0x80},
        {"e4m3fnuz 247.99998 -> 240", "torch-e4m3fnuz", 0x4377ffffu, 0x7f},
        {"e4m3fnuz -0 -> 0x00", "torch-e4m3fnuz", 0x80000000u, 0x00},
        {"e4m3fnuz -2^-12 -> 0x00", "torch-e4m3fnuz", 0xb9800000u, 0x00},
        {"e5m2fnuz 61440 -> 0x80", "torch-e5m2fnuz", 0x47700000u, 0x80},
        {"e5m2fnuz -Inf -> 0x80", "torch-e5m2fnuz", 0xff800000u, 0x80},
        {"e5m2fnuz -0 -> 0x00", "torch-e5m2fnuz", 0x80000000u, 0x00},
        /* fp8e8m0fnu_from_fp32_value: exponent field, rounded up from
         * halfway; the sign ignored; 0 -> 0x00; NaN and Inf -> 0xff. */
        {"e8m0fnu 3.0 -> 4 (0x81)", "torch-e8m0fnu", 0x40400000u, 0x81},
        {"e8m0fnu 1.5 -> 2 (0x80)", "torch-e8m0fnu", 0x3fc00000u, 0x80},
        {"e8m0fnu 1.4999999 -> 1 (0x7f)", "torch-e8m0fnu", 0x3fbfffffu, 0x7f},
        {"e8m0fnu 0.0 -> 0x00", "torch-e8m0fnu", 0x00000000u, 0x00},
        {"e8m0fnu -0.0 -> 0x00", "torch-e8m0fnu", 0x80000000u, 0x00},
        {"e8m0fnu -4.0 -> 0x81 (sign ignored)", "torch-e8m0fnu", 0xc0800000u, 0x81},
        {"e8m0fnu -3.0 -> 0x81", "torch-e8m0fnu", 0xc0400000u, 0x81},
        {"e8m0fnu NaN -> 0xff", "torch-e8m0fnu", 0x7fc00000u, 0xff},
        {"e8m0fnu -Inf -> 0xff", "torch-e8m0fnu", 0xff800000u, 0xff},
        {"e8m0fnu 2^127 -> 0xfe", "torch-e8m0fnu", 0x7f000000u, 0xfe},
        {"e8m0fnu 1.5*2^127 -> 0xff", "torch-e8m0fnu", 0x7f400000u, 0xff},
        {"e8m0fnu 2^-127 (subnormal) -> 0x00", "torch-e8m0fnu", 0x00400000u, 0x00},
        {"e8m0fnu 1.5*2^-127 -> 0x01", "torch-e8m0fnu", 0x00600000u, 0x01},
        {"e8m0fnu 2^-149 -> 0x00", "torch-e8m0fnu", 0x00000001u, 0x00},
        /* ml_dtypes: numeric_limits<T>::quiet_NaN() / infinity(). */
        {"ml e4m3fn NaN -> 0x7f", "ml_dtypes-float8_e4m3fn", 0x7fc00000u, 0x7f},
        {"ml e4m3fn -465 -> 0xff", "ml_dtypes-float8_e4m3fn", 0xc3e88000u, 0xff},
        {"ml e5m2 NaN -> 0x7e", "ml_dtypes-float8_e5m2", 0x7fc00000u, 0x7e},
        {"ml e5m2 -NaN -> 0xfe", "ml_dtypes-float8_e5m2", 0xffc00000u, 0xfe},
        {"ml e4m3 NaN -> 0x7c", "ml_dtypes-float8_e4m3", 0x7fc00000u, 0x7c},
        {"ml e4m3 248 -> Inf 0x78", "ml_dtypes-float8_e4m3", 0x43780000u, 0x78},
        {"ml e3m4 NaN -> 0x78", "ml_dtypes-float8_e3m4", 0x7fc00000u, 0x78},
        {"ml e3m4 15.75 -> Inf 0x70", "ml_dtypes-float8_e3m4", 0x417c0000u, 0x70},
        {"ml e4m3b11fnuz 31 -> 0x80", "ml_dtypes-float8_e4m3b11fnuz", 0x41f80000u, 0x80},
        {"ml e4m3b11fnuz -0 -> 0x00", "ml_dtypes-float8_e4m3b11fnuz", 0x80000000u, 0x00},
        {"ml e8m0fnu 3.0 -> 0x81", "ml_dtypes-float8_e8m0fnu", 0x40400000u, 0x81},
        {"ml e8m0fnu 0.0 -> NaN 0xff", "ml_dtypes-float8_e8m0fnu", 0x00000000u, 0xff},
        {"ml e8m0fnu -4.0 -> NaN 0xff", "ml_dtypes-float8_e8m0fnu", 0xc0800000u, 0xff},
        {"ml e8m0fnu 2^-149 -> 0x00", "ml_dtypes-float8_e8m0fnu", 0x00000001u, 0x00},
        {"ml e2m3fn 7.75 -> 7.5 (0x1f)", "ml_dtypes-float6_e2m3fn", 0x40f80000u, 0x1f},
        {"ml e2m3fn -Inf -> -7.5 (0x3f)", "ml_dtypes-float6_e2m3fn", 0xff800000u, 0x3f},
        {"ml e3m2fn +Inf -> 28 (0x1f)", "ml_dtypes-float6_e3m2fn", 0x7f800000u, 0x1f},
        {"ml e2m1fn 7.0 -> 6 (0x7)", "ml_dtypes-float4_e2m1fn", 0x40e00000u, 0x7},
        {"ml e2m1fn -0.25 ties to -0 (0x8)", "ml_dtypes-float4_e2m1fn", 0xbe800000u, 0x8},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
        ph_example(&log, ex[i].what, ex[i].profile, T, ex[i].x, 0, ex[i].code);
    /* binary16 and bfloat16 inputs widen exactly first. */
    ph_example(&log, "e4m3fn f16 65504 -> NaN 0x7f", "torch-e4m3fn", EXMY_TYPE_F16, 0x7bff, 0,
               0x7f);
    ph_example(&log, "e8m0fnu bf16 3.0 -> 0x81", "torch-e8m0fnu", EXMY_TYPE_BF16, 0x4040, 0, 0x81);
    ph_example(&log, "ml e5m2 f16 sNaN -> 0x7e (payload dropped)", "ml_dtypes-float8_e5m2",
               EXMY_TYPE_F16, 0x7c01, 0, 0x7e);
    tu_log_check(&log);
}
END_TEST

/* The vendors' answers where no profile can follow them yet, from the
 * models (so the models are pinned to the sources there), and how many
 * inputs they are. Informational: no profile is expected to agree. */
START_TEST(departures)
{
    struct {
        const char *profile;
        exmy_type type;
        uint32_t x, vendor;
    } pin[] = {
        {"torch-e8m0fnu", EXMY_TYPE_F32, 0x00400001u, 0x01}, /* just above 2^-127 */
        {"torch-e8m0fnu", EXMY_TYPE_F32, 0x805fffffu, 0x01}, /* just below -1.5*2^-127 */
        {"torch-e8m0fnu", EXMY_TYPE_BF16, 0x0041u, 0x01},
        {"ml_dtypes-float8_e8m0fnu", EXMY_TYPE_F32, 0x00400001u, 0x01},
        {"ml_dtypes-float8_e8m0fnu", EXMY_TYPE_F32, 0x005fffffu, 0x01},
        {"ml_dtypes-float6_e2m3fn", EXMY_TYPE_F32, 0x7fc00000u, 0x20},
        {"ml_dtypes-float6_e2m3fn", EXMY_TYPE_F32, 0xffc00000u, 0x00},
        {"ml_dtypes-float6_e3m2fn", EXMY_TYPE_F32, 0x7f800001u, 0x20},
        {"ml_dtypes-float4_e2m1fn", EXMY_TYPE_F32, 0x7fc00000u, 0x08},
        {"ml_dtypes-float4_e2m1fn", EXMY_TYPE_F16, 0xfe00u, 0x00},
    };
    for (size_t i = 0; i < sizeof pin / sizeof pin[0]; i++) {
        const void *ctx;
        ph_model m = model_of(pin[i].profile, &ctx);
        ck_assert_msg(rt_departure(pin[i].profile, pin[i].type, pin[i].x),
                      "%s 0x%x is not listed as a departure", pin[i].profile, pin[i].x);
        ph_answer a = m(pin[i].type, pin[i].x, 0, 0, ctx);
        ck_assert_msg(a.code == pin[i].vendor, "model %s 0x%x: 0x%x, the source gives 0x%x",
                      pin[i].profile, pin[i].x, a.code, pin[i].vendor);
    }
    /* Count the binary32 departures where the profile's answer differs. */
    for (size_t i = 0; i < NPROFILES; i++) {
        const char *name = profiles[i].name;
        if (!has_departures(name))
            continue;
        const void *ctx;
        ph_model m = model_of(name, &ctx);
        const exmy_profile *p = ph_profile(name);
        uint64_t n = 0, differ = 0;
        const uint32_t lo[] = {0x00400001u, 0x80400001u, 0x7f800001u, 0xff800001u};
        const uint32_t hi[] = {0x005fffffu, 0x805fffffu, 0x7fffffffu, 0xffffffffu};
        for (int k = 0; k < 4; k++)
            for (uint64_t x = lo[k]; x <= hi[k]; x++) {
                if (!rt_departure(name, EXMY_TYPE_F32, x))
                    continue;
                n++;
                uint32_t got = 0;
                exmy_status st = exmy_profile_convert(p, EXMY_TYPE_F32, x, 0, 0, &got, NULL);
                if (st != EXMY_OK || got != m(EXMY_TYPE_F32, x, 0, 0, ctx).code)
                    differ++;
            }
        printf("departure %s: %llu binary32 inputs, profile differs on %llu\n", name,
               (unsigned long long)n, (unsigned long long)differ);
    }
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
        tcase_add_test(tc, departures);
        tcase_add_loop_test(tc, boundary, 0, NPROFILES);
        tcase_add_loop_test(tc, f16_all, 0, NPROFILES);
        tcase_add_loop_test(tc, bf16_all, 0, NTORCH);
        tcase_add_loop_test(tc, sample_2e24_prime_stride, 0, NPROFILES);
    }
    suite_add_tcase(s, tc);
    return tu_run(s);
}
