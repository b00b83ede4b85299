/* The Arm profiles (formats/arm.prof) against the independent model in
 * ref_arm.c, transcribed from the shared pseudocode of the Arm Architecture
 * Reference Manual for A-profile architecture, DDI 0487 M.a.a (J1.3.3
 * FPConvertFP8, FP8Round, FPConvertBF, FPRoundBase).
 *
 * Per profile: the binary32 boundary inputs of its format (ph_boundary_f32),
 * for the FP8 profiles also under FPMR.NSCALE scales, with the boundaries
 * moved by the scale so that the scaled value lands on them; every binary16
 * and bfloat16 input under the scales their NSCALE field can hold; a
 * prime-stride sample of 2^24 binary32 inputs; and named cases pinning the
 * rules the manual states in words (A1.5.5, Table A1-8, FPMR.OSC). The manual
 * has no numeric worked examples for these instructions. `all` runs the same
 * tests. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ref_arm.c */
typedef struct arm_ctl {
    bool bf16_out;
    bool e4m3;
    bool osc;
    bool ah;
    bool fz;
    bool dn;
    int rmode; /* FPCR.RMode: 0 RN, 1 RP, 2 RM, 3 RZ */
} arm_ctl;
ph_answer arm_ref_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                        const void *ctx);

typedef struct arm_case {
    const char *profile;
    arm_ctl ctl;
} arm_case;

/* FPMR.F8D x OSC x FPCR.AH */
static const arm_case fp8_cases[] = {
    {"arm-fcvtn-e4m3-osc0", {false, true, false, false, false, false, 0}},
    {"arm-fcvtn-e4m3-osc1", {false, true, true, false, false, false, 0}},
    {"arm-fcvtn-e5m2-osc0", {false, false, false, false, false, false, 0}},
    {"arm-fcvtn-e5m2-osc1", {false, false, true, false, false, false, 0}},
    {"arm-fcvtn-e4m3-osc0-ah1", {false, true, false, true, false, false, 0}},
    {"arm-fcvtn-e4m3-osc1-ah1", {false, true, true, true, false, false, 0}},
    {"arm-fcvtn-e5m2-osc0-ah1", {false, false, false, true, false, false, 0}},
    {"arm-fcvtn-e5m2-osc1-ah1", {false, false, true, true, false, false, 0}},
};
#define N_FP8 (sizeof fp8_cases / sizeof fp8_cases[0])

/* BFCVTN (FEAT_BF16) under FPCR.RMode / FZ / DN / AH */
static const arm_case bf16_cases[] = {
    {"arm-bfcvtn-bf16", {true, false, false, false, false, false, 0}},
    {"arm-bfcvtn-bf16-rp", {true, false, false, false, false, false, 1}},
    {"arm-bfcvtn-bf16-rm", {true, false, false, false, false, false, 2}},
    {"arm-bfcvtn-bf16-rz", {true, false, false, false, false, false, 3}},
    {"arm-bfcvtn-bf16-fz", {true, false, false, false, true, false, 0}},
    {"arm-bfcvtn-bf16-dn", {true, false, false, false, false, true, 0}},
    {"arm-bfcvtn-bf16-ah", {true, false, false, true, false, false, 0}},
};
#define N_BF16 (sizeof bf16_cases / sizeof bf16_cases[0])

/* FPMR.NSCALE values tried on binary32 and bfloat16 inputs (SInt of 8 bits):
 * small ones, and the ends of the field, where every finite input overflows
 * or underflows. */
static const int scales32[] = {0, 1, -1, 7, -7, 16, -16, 127, -128};
/* binary16 inputs read NSCALE<4:0>: -16..15. */
static const int scales16[] = {0, 1, -1, 7, -7, 15, -16};

static char *log_name(const char *what, const char *profile, int scale)
{
    static char buf[160];
    snprintf(buf, sizeof buf, "%s %s scale %d", what, profile, scale);
    return buf;
}

/* The boundary inputs moved by 2^-scale (those that stay exact binary32
 * values), so that x * 2^scale falls on the format's boundaries. */
static uint32_t *scaled_boundary(const uint32_t *xs, size_t n, int scale, size_t *m)
{
    uint32_t *out = malloc((n ? n : 1) * sizeof *out);
    ck_assert(out != NULL);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        float x = tu_f32_from_bits(xs[i]);
        if (!isfinite(x) || x == 0.0f)
            continue;
        float y = ldexpf(x, -scale);
        if (y != 0.0f && isfinite(y) && ldexpf(y, scale) == x)
            out[k++] = tu_f32_bits(y);
    }
    *m = k;
    return out;
}

/* ---------------------------------------------------------- FP8: binary32 */

START_TEST(fp8_f32_boundaries_unscaled)
{
    const arm_case *c = &fp8_cases[_i];
    const exmy_profile *p = ph_profile(c->profile);
    size_t n;
    uint32_t *xs = ph_boundary_f32(&p->format, &n);
    tu_log log;
    tu_log_init(&log, log_name("f32 boundary", c->profile, 0), 20);
    ph_check_f32(&log, p, arm_ref_model, &c->ctl, xs, n, NULL, 0, 0);
    free(xs);
    tu_log_check(&log);
}
END_TEST

/* NSCALE: x * 2^SInt(NSCALE) rounded once, the boundaries hit after scaling
 * and the raw boundary list overflowing or underflowing under the scale. */
START_TEST(fp8_f32_boundaries_nscale)
{
    const arm_case *c = &fp8_cases[_i];
    const exmy_profile *p = ph_profile(c->profile);
    size_t n;
    uint32_t *xs = ph_boundary_f32(&p->format, &n);
    uint64_t bad = 0, checked = 0;
    for (size_t s = 0; s < sizeof scales32 / sizeof scales32[0]; s++) {
        tu_log log;
        tu_log_init(&log, log_name("f32 boundary", c->profile, scales32[s]), 10);
        ph_check_f32(&log, p, arm_ref_model, &c->ctl, xs, n, NULL, 0, scales32[s]);
        size_t m;
        uint32_t *ys = scaled_boundary(xs, n, scales32[s], &m);
        ph_check_f32(&log, p, arm_ref_model, &c->ctl, ys, m, NULL, 0, scales32[s]);
        free(ys);
        bad += log.n;
        checked += log.checked;
    }
    free(xs);
    ck_assert_msg(bad == 0, "%s: %llu mismatches out of %llu checks under NSCALE", c->profile,
                  (unsigned long long)bad, (unsigned long long)checked);
}
END_TEST

START_TEST(fp8_f32_prime_stride_sample)
{
    const arm_case *c = &fp8_cases[_i];
    const exmy_profile *p = ph_profile(c->profile);
    tu_log log;
    tu_log_init(&log, log_name("f32 sample", c->profile, 0), 20);
    ph_check_f32_stride(&log, p, arm_ref_model, &c->ctl, PH_SAMPLE_STRIDE, PH_SAMPLE_COUNT, NULL,
                        0, 0);
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------- FP8: binary16, bfloat16 */

/* Every input of a 16-bit type under each scale of `scales`. */
static void all16_nscale(const arm_case *c, exmy_type type, const int *scales, size_t nscales)
{
    const exmy_profile *p = ph_profile(c->profile);
    const char *what = type == EXMY_TYPE_F16 ? "f16 all" : "bf16 all";
    uint64_t bad = 0, checked = 0;
    for (size_t s = 0; s < nscales; s++) {
        tu_log log;
        tu_log_init(&log, log_name(what, c->profile, scales[s]), 10);
        ph_check_16_all(&log, p, type, arm_ref_model, &c->ctl, NULL, 0, scales[s]);
        bad += log.n;
        checked += log.checked;
    }
    ck_assert_msg(bad == 0, "%s: %llu mismatches out of %llu %s checks", c->profile,
                  (unsigned long long)bad, (unsigned long long)checked, exmy_type_name(type));
}

START_TEST(fp8_f16_all_nscale)
{
    all16_nscale(&fp8_cases[_i], EXMY_TYPE_F16, scales16, sizeof scales16 / sizeof scales16[0]);
}
END_TEST

/* BFCVTN (SVE2, FP8): BFConvertFP8 widens bf16 to binary32, so the full
 * NSCALE range applies. */
START_TEST(fp8_bf16_all_nscale)
{
    all16_nscale(&fp8_cases[_i], EXMY_TYPE_BF16, scales32, sizeof scales32 / sizeof scales32[0]);
}
END_TEST

/* ---------------------------------------------------- BFCVTN to bfloat16 */

START_TEST(bf16_f32_boundaries)
{
    const arm_case *c = &bf16_cases[_i];
    const exmy_profile *p = ph_profile(c->profile);
    size_t n;
    uint32_t *xs = ph_boundary_f32(&p->format, &n);
    tu_log log;
    tu_log_init(&log, log_name("f32 boundary", c->profile, 0), 20);
    ph_check_f32(&log, p, arm_ref_model, &c->ctl, xs, n, NULL, 0, 0);
    free(xs);
    tu_log_check(&log);
}
END_TEST

START_TEST(bf16_f32_prime_stride_sample)
{
    const arm_case *c = &bf16_cases[_i];
    const exmy_profile *p = ph_profile(c->profile);
    tu_log log;
    tu_log_init(&log, log_name("f32 sample", c->profile, 0), 20);
    ph_check_f32_stride(&log, p, arm_ref_model, &c->ctl, PH_SAMPLE_STRIDE, PH_SAMPLE_COUNT, NULL,
                        0, 0);
    tu_log_check(&log);
}
END_TEST

/* BFCVTN reads binary32 only; the profile refuses other input types. */
START_TEST(bf16_refuses_16_bit_inputs)
{
    const exmy_profile *p = ph_profile(bf16_cases[_i].profile);
    uint32_t code = 0;
    ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F16, 0x3c00, 0, 0, &code, NULL),
                     EXMY_ETYPE);
    ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_BF16, 0x3f80, 0, 0, &code, NULL),
                     EXMY_ETYPE);
}
END_TEST

/* ------------------------------------------------------ named cases */

/* One named case under an NSCALE value (ph_example runs unscaled). */
static void scaled_example(tu_log *log, const char *what, const char *profile, exmy_type type,
                           uint64_t x, int scale, uint32_t want)
{
    const exmy_profile *p = ph_profile(profile);
    uint32_t got = 0;
    exmy_status st = exmy_profile_convert(p, type, x, 0, scale, &got, NULL);
    log->checked++;
    if (st != EXMY_OK || got != want)
        tu_fail(log, "%s: %s %s 0x%llx NSCALE %d: exmy 0x%x (%s), document 0x%x", what, profile,
                exmy_type_name(type), (unsigned long long)x, scale, (unsigned)got,
                exmy_strerror(st), (unsigned)want);
}

#define F32 EXMY_TYPE_F32
#define F16 EXMY_TYPE_F16
#define BF16 EXMY_TYPE_BF16

/* A1.5.7.1 Table A1-8 and FP8DefaultNaN: a NaN input of either sign, quiet
 * or signalling, gives the Default NaN, its sign FPCR.AH. */
START_TEST(fp8_default_nan_sign_is_fpcr_ah)
{
    tu_log log;
    tu_log_init(&log, "Default NaN", 20);
    ph_example(&log, "A1-8 E4M3 qNaN", "arm-fcvtn-e4m3-osc0", F32, 0x7fc00000u, 0, 0x7f);
    ph_example(&log, "A1-8 E4M3 -qNaN", "arm-fcvtn-e4m3-osc0", F32, 0xffc00000u, 0, 0x7f);
    ph_example(&log, "A1-8 E4M3 -sNaN", "arm-fcvtn-e4m3-osc1", F32, 0xff800001u, 0, 0x7f);
    ph_example(&log, "A1-8 E5M2 -qNaN f16", "arm-fcvtn-e5m2-osc0", F16, 0xfe00u, 0, 0x7e);
    ph_example(&log, "A1-8 E5M2 sNaN bf16", "arm-fcvtn-e5m2-osc1", BF16, 0x7f81u, 0, 0x7e);
    ph_example(&log, "A1-8 AH=1 E4M3 qNaN", "arm-fcvtn-e4m3-osc0-ah1", F32, 0x7fc00000u, 0, 0xff);
    ph_example(&log, "A1-8 AH=1 E5M2 qNaN", "arm-fcvtn-e5m2-osc1-ah1", F16, 0x7e00u, 0, 0xfe);
    tu_log_check(&log);
}
END_TEST

/* A1.5.5 and FP8Round: overflow of the rounded value at unbounded exponent,
 * or an Infinity input, gives the maximum normal with OSC=1, and with OSC=0
 * a NaN (E4M3, "a signaling NaN": S.1111.111) or Inf (E5M2), sign kept. */
START_TEST(fp8_overflow_follows_fpmr_osc)
{
    tu_log log;
    tu_log_init(&log, "FPMR.OSC", 20);
    /* E4M3: 464 is the tie between 448 (even) and 480 (overflow) */
    ph_example(&log, "E4M3 448+16 tie to 448", "arm-fcvtn-e4m3-osc0", F32, 0x43e80000u, 0, 0x7e);
    ph_example(&log, "E4M3 above 464 OSC=0", "arm-fcvtn-e4m3-osc0", F32, 0x43e80001u, 0, 0x7f);
    ph_example(&log, "E4M3 below -464 OSC=0", "arm-fcvtn-e4m3-osc0", F32, 0xc3e80001u, 0, 0xff);
    ph_example(&log, "E4M3 above 464 OSC=1", "arm-fcvtn-e4m3-osc1", F32, 0x43e80001u, 0, 0x7e);
    ph_example(&log, "E4M3 +Inf OSC=0", "arm-fcvtn-e4m3-osc0", F32, 0x7f800000u, 0, 0x7f);
    ph_example(&log, "E4M3 -Inf OSC=0", "arm-fcvtn-e4m3-osc0", F16, 0xfc00u, 0, 0xff);
    ph_example(&log, "E4M3 -Inf OSC=1", "arm-fcvtn-e4m3-osc1", F32, 0xff800000u, 0, 0xfe);
    /* E4M3 OSC=0 overflow NaN keeps the result's sign even with FPCR.AH=1 */
    ph_example(&log, "E4M3 AH=1 +Inf OSC=0", "arm-fcvtn-e4m3-osc0-ah1", F32, 0x7f800000u, 0, 0x7f);
    /* E5M2: 61440 is the tie between 57344 (odd) and 65536 (overflow) */
    ph_example(&log, "E5M2 61440 tie overflows", "arm-fcvtn-e5m2-osc0", F32, 0x47700000u, 0, 0x7c);
    ph_example(&log, "E5M2 below 61440", "arm-fcvtn-e5m2-osc0", F32, 0x476fffffu, 0, 0x7b);
    ph_example(&log, "E5M2 -61440 OSC=1", "arm-fcvtn-e5m2-osc1", F32, 0xc7700000u, 0, 0xfb);
    ph_example(&log, "E5M2 +Inf OSC=0", "arm-fcvtn-e5m2-osc0", BF16, 0x7f80u, 0, 0x7c);
    ph_example(&log, "E5M2 +Inf OSC=1", "arm-fcvtn-e5m2-osc1", F16, 0x7c00u, 0, 0x7b);
    ph_example(&log, "E5M2 f16 max 65504 OSC=0", "arm-fcvtn-e5m2-osc0", F16, 0x7bffu, 0, 0x7c);
    tu_log_check(&log);
}
END_TEST

/* A1.5.5: RN always and no flushing: the smallest subnormals round to nearest
 * even, and binary16 / binary32 subnormal inputs are not flushed. */
START_TEST(fp8_subnormals_not_flushed)
{
    tu_log log;
    tu_log_init(&log, "FP8 subnormals", 20);
    /* E4M3 min subnormal 2^-9; 2^-10 is the tie with 0 -> 0; 3*2^-11 -> 2^-9 */
    ph_example(&log, "E4M3 2^-9", "arm-fcvtn-e4m3-osc0", F32, 0x3b000000u, 0, 0x01);
    ph_example(&log, "E4M3 2^-10 tie to 0", "arm-fcvtn-e4m3-osc0", F32, 0x3a800000u, 0, 0x00);
    ph_example(&log, "E4M3 -2^-10 tie to -0", "arm-fcvtn-e4m3-osc0", F32, 0xba800000u, 0, 0x80);
    ph_example(&log, "E4M3 3*2^-11", "arm-fcvtn-e4m3-osc1", F32, 0x3ac00000u, 0, 0x01);
    /* E5M2 min subnormal 2^-16 = binary16 subnormal 0x0100: kept exactly */
    ph_example(&log, "E5M2 f16 subnormal 2^-16", "arm-fcvtn-e5m2-osc0", F16, 0x0100u, 0, 0x01);
    ph_example(&log, "E5M2 f16 min subnormal", "arm-fcvtn-e5m2-osc0", F16, 0x8001u, 0, 0x80);
    tu_log_check(&log);
}
END_TEST

/* C5.2.9 FPMR.NSCALE, C3.11.5.3: NSCALE is added to the exponent before the
 * one rounding; binary16 reads NSCALE<4:0>. */
START_TEST(fp8_nscale_scales_before_the_rounding)
{
    tu_log log;
    tu_log_init(&log, "NSCALE", 20);
    /* 1.0 * 2^8 = 256 (E4M3 0x78); 2^-3 * 2^-6 = 2^-9 (min subnormal) */
    scaled_example(&log, "E4M3 1.0 NSCALE 8", "arm-fcvtn-e4m3-osc0", F32, 0x3f800000u, 8, 0x78);
    scaled_example(&log, "E4M3 2^-3 NSCALE -6", "arm-fcvtn-e4m3-osc0", F32, 0x3e000000u, -6, 0x01);
    /* 29 * 2^4 = 464: the overflow tie lies after the scaling -> 448 */
    scaled_example(&log, "E4M3 29 NSCALE 4", "arm-fcvtn-e4m3-osc0", F32, 0x41e80000u, 4, 0x7e);
    /* 1.0 * 2^9 = 512 overflows E4M3 */
    scaled_example(&log, "E4M3 1.0 NSCALE 9 OSC=0", "arm-fcvtn-e4m3-osc0", F16, 0x3c00u, 9, 0x7f);
    scaled_example(&log, "E4M3 1.0 NSCALE 9 OSC=1", "arm-fcvtn-e4m3-osc1", F16, 0x3c00u, 9, 0x7e);
    /* f16 max 65504 * 2^-16: 0.99951171875 -> E5M2 1.0 (0x3c) */
    scaled_example(&log, "E5M2 f16 max NSCALE -16", "arm-fcvtn-e5m2-osc0", F16, 0x7bffu, -16,
                   0x3c);
    /* NSCALE -128 on binary32 max: 1 - 2^-24 -> E5M2 1.0 (0x3c) */
    scaled_example(&log, "E5M2 f32 max NSCALE -128", "arm-fcvtn-e5m2-osc1", F32, 0x7f7fffffu,
                   -128, 0x3c);
    /* Inf and NaN are not scaled */
    scaled_example(&log, "E5M2 Inf NSCALE -128", "arm-fcvtn-e5m2-osc0", F32, 0x7f800000u, -128,
                   0x7c);
    tu_log_check(&log);
}
END_TEST

/* FPConvertBF: NaN handling under FPCR.DN / AH, and the rounding modes. */
START_TEST(bf16_fpcr_named_cases)
{
    tu_log log;
    tu_log_init(&log, "BFCVTN", 20);
    /* FPConvertNaN: sign kept, quieted, payload bits 21:16 */
    ph_example(&log, "DN=0 sNaN quieted", "arm-bfcvtn-bf16", F32, 0x7fa12345u, 0, 0x7fe1);
    ph_example(&log, "DN=0 -qNaN payload", "arm-bfcvtn-bf16", F32, 0xffd55555u, 0, 0xffd5);
    ph_example(&log, "AH=1 DN=0 keeps the NaN", "arm-bfcvtn-bf16-ah", F32, 0xff800001u, 0,
               0xffc0);
    ph_example(&log, "DN=1 Default NaN", "arm-bfcvtn-bf16-dn", F32, 0xffa12345u, 0, 0x7fc0);
    /* 1 + 2^-8 is the tie between 1.0 and 1 + 2^-7 */
    ph_example(&log, "RN tie to even", "arm-bfcvtn-bf16", F32, 0x3f808000u, 0, 0x3f80);
    ph_example(&log, "RP up", "arm-bfcvtn-bf16-rp", F32, 0x3f800001u, 0, 0x3f81);
    ph_example(&log, "RM -1-ulp down", "arm-bfcvtn-bf16-rm", F32, 0xbf800001u, 0, 0xbf81);
    ph_example(&log, "RZ f32 max -> bf16 max", "arm-bfcvtn-bf16-rz", F32, 0x7f7fffffu, 0, 0x7f7f);
    ph_example(&log, "RN f32 max -> Inf", "arm-bfcvtn-bf16", F32, 0x7f7fffffu, 0, 0x7f80);
    ph_example(&log, "RP -f32 max -> -max", "arm-bfcvtn-bf16-rp", F32, 0xff7fffffu, 0, 0xff7f);
    /* FZ=1 / AH=1 flush the f32 subnormal input; FZ=0 keeps it */
    ph_example(&log, "FZ=0 subnormal kept", "arm-bfcvtn-bf16", F32, 0x00400000u, 0, 0x0040);
    ph_example(&log, "FZ=1 subnormal flushed", "arm-bfcvtn-bf16-fz", F32, 0x80400000u, 0, 0x8000);
    ph_example(&log, "AH=1 subnormal flushed", "arm-bfcvtn-bf16-ah", F32, 0x00400000u, 0, 0x0000);
    tu_log_check(&log);
}
END_TEST

int main(int argc, char **argv)
{
    /* `all` (the slow suite) runs the same tests: no 2^32 pass is asked of
     * these profiles. */
    if (argc > 1 && strcmp(argv[1], "all") != 0) {
        fprintf(stderr, "usage: %s [all]\n", argv[0]);
        return 2;
    }
    Suite *s = suite_create("prof_arm");
    TCase *tc = tcase_create("arm");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, fp8_f32_boundaries_unscaled, 0, (int)N_FP8);
    tcase_add_loop_test(tc, fp8_f32_boundaries_nscale, 0, (int)N_FP8);
    tcase_add_loop_test(tc, fp8_f16_all_nscale, 0, (int)N_FP8);
    tcase_add_loop_test(tc, fp8_bf16_all_nscale, 0, (int)N_FP8);
    /* the sample on the FPCR.AH=0 profiles: AH=1 changes only the NaN code,
     * which the boundary inputs cover */
    tcase_add_loop_test(tc, fp8_f32_prime_stride_sample, 0, 4);
    tcase_add_loop_test(tc, bf16_f32_boundaries, 0, (int)N_BF16);
    /* the sample on the four FPCR.RMode profiles; FZ, DN and AH change only
     * subnormal and NaN inputs, which the boundary inputs cover */
    tcase_add_loop_test(tc, bf16_f32_prime_stride_sample, 0, 4);
    tcase_add_loop_test(tc, bf16_refuses_16_bit_inputs, 0, (int)N_BF16);
    tcase_add_test(tc, fp8_default_nan_sign_is_fpcr_ah);
    tcase_add_test(tc, fp8_overflow_follows_fpmr_osc);
    tcase_add_test(tc, fp8_subnormals_not_flushed);
    tcase_add_test(tc, fp8_nscale_scales_before_the_rounding);
    tcase_add_test(tc, bf16_fpcr_named_cases);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
