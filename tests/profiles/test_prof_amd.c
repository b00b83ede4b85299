/* AMD profiles (formats/amd.prof) against the independent model of
 * tests/profiles/ref_amd.c, written from the CDNA3 and CDNA4 ISA reference
 * guides: every profile on the binary32 boundary inputs of its format
 * (stochastic ones with several R, scaled ones with several scales), the
 * documents' worked values as named examples, the mapping of the random
 * operand's bits to R, and a prime-stride sample of 2^24 binary32 inputs.
 * `all` runs the same tests with the full sample for every profile (no 2^32
 * pass: the boundary sets already hold every rounding case of these 8-bit
 * targets). */
#include "harness.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ref_amd.c */
ph_answer ref_amd_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp, const void *ctx);
ph_answer ref_amd_sr_literal(const void *ctx, uint32_t x, uint32_t r);
const void *ref_amd_ctx(const char *fmt, bool fp16_ovfl, bool stochastic, bool nan_open);

typedef struct amd_case {
    const char *name;
    const char *fmt;
    bool fp16_ovfl, stochastic, nan_open, scaled;
    bool no_nan; /* FP4/FP6: the documents say nothing of NaN inputs, which exmy refuses */
} amd_case;

static const amd_case cases[] = {
    /* CDNA3 (MI300): fnuz, NaN 0x80 */
    {"amd-cdna3-v_cvt_pk_fp8_f32", "e4m3fnuz", false, false, false, false, false},
    {"amd-cdna3-v_cvt_pk_fp8_f32-fp16_ovfl", "e4m3fnuz", true, false, false, false, false},
    {"amd-cdna3-v_cvt_pk_bf8_f32", "e5m2fnuz", false, false, false, false, false},
    {"amd-cdna3-v_cvt_pk_bf8_f32-fp16_ovfl", "e5m2fnuz", true, false, false, false, false},
    {"amd-cdna3-v_cvt_sr_fp8_f32", "e4m3fnuz", false, true, false, false, false},
    {"amd-cdna3-v_cvt_sr_fp8_f32-fp16_ovfl", "e4m3fnuz", true, true, false, false, false},
    {"amd-cdna3-v_cvt_sr_bf8_f32", "e5m2fnuz", false, true, false, false, false},
    {"amd-cdna3-v_cvt_sr_bf8_f32-fp16_ovfl", "e5m2fnuz", true, true, false, false, false},
    /* CDNA4 (MI350): OCP, NaN code open */
    {"amd-cdna4-v_cvt_pk_fp8_f32", "e4m3fn", false, false, true, false, false},
    {"amd-cdna4-v_cvt_pk_fp8_f32-fp16_ovfl", "e4m3fn", true, false, true, false, false},
    {"amd-cdna4-v_cvt_pk_bf8_f32", "e5m2", false, false, true, false, false},
    {"amd-cdna4-v_cvt_pk_bf8_f32-fp16_ovfl", "e5m2", true, false, true, false, false},
    {"amd-cdna4-v_cvt_sr_fp8_f32", "e4m3fn", false, true, true, false, false},
    {"amd-cdna4-v_cvt_sr_fp8_f32-fp16_ovfl", "e4m3fn", true, true, true, false, false},
    {"amd-cdna4-v_cvt_sr_bf8_f32", "e5m2", false, true, true, false, false},
    {"amd-cdna4-v_cvt_sr_bf8_f32-fp16_ovfl", "e5m2", true, true, true, false, false},
    {"amd-cdna4-v_cvt_scalef32_pk_fp8_f32", "e4m3fn", false, false, true, true, false},
    {"amd-cdna4-v_cvt_scalef32_pk_fp8_f32-fp16_ovfl", "e4m3fn", true, false, true, true, false},
    {"amd-cdna4-v_cvt_scalef32_pk_bf8_f32", "e5m2", false, false, true, true, false},
    {"amd-cdna4-v_cvt_scalef32_pk_bf8_f32-fp16_ovfl", "e5m2", true, false, true, true, false},
    /* CDNA4 FP4/FP6 with scale: saturating, FP16_OVFL has no effect */
    {"amd-cdna4-v_cvt_scalef32_pk_fp4_f32", "e2m1fn", true, false, true, true, true},
    {"amd-cdna4-v_cvt_scalef32_2xpk16_fp6_f32", "e2m3fn", true, false, true, true, true},
    {"amd-cdna4-v_cvt_scalef32_2xpk16_bf6_f32", "e3m2fn", true, false, true, true, true},
};
#define NCASES (sizeof cases / sizeof cases[0])

/* Powers of two applied by the scaled profiles (E8M0 range 2^-127 .. 2^127). */
static const int scales[] = {-127, -64, -9, -1, 0, 1, 9, 64, 127};
#define NSCALES (sizeof scales / sizeof scales[0])

static bool run_all;

/* R values for a stochastic profile with N random bits: the extremes, the
 * half-way values and a few seeded random ones. */
static size_t sr_values(unsigned N, uint32_t *rs)
{
    uint32_t max = (1u << N) - 1;
    size_t n = 0;
    rs[n++] = 0;
    rs[n++] = 1;
    rs[n++] = max;
    rs[n++] = max - 1;
    rs[n++] = 1u << (N - 1);
    rs[n++] = (1u << (N - 1)) - 1;
    tu_rng g = {0x414d44u + N};
    for (int i = 0; i < 4; i++)
        rs[n++] = (uint32_t)tu_next(&g) & max;
    return n;
}

static unsigned sr_bits(const amd_case *c)
{
    return c->fmt[1] == '5' ? 21 : 20; /* 23 - M */
}

static bool is_nan32(uint32_t x)
{
    return (x & 0x7fffffffu) > 0x7f800000u;
}

/* ph_check_f32, leaving NaN inputs out for the no_nan profiles. */
static void check_inputs(tu_log *log, const amd_case *c, const exmy_profile *p, const void *ctx,
                         uint32_t *xs, size_t n, const uint32_t *rs, size_t nrs, int k)
{
    if (c->no_nan) {
        size_t w = 0;
        for (size_t i = 0; i < n; i++)
            if (!is_nan32(xs[i]))
                xs[w++] = xs[i];
        n = w;
    }
    ph_check_f32(log, p, ref_amd_model, ctx, xs, n, rs, nrs, k);
}

/* The prime-stride sample i * stride (i < count), as ph_check_f32_stride
 * does, in chunks so that NaN inputs can be left out (no_nan profiles). */
static void check_stride(tu_log *log, const amd_case *c, const exmy_profile *p, const void *ctx,
                         uint64_t count, const uint32_t *rs, size_t nrs, int k)
{
    if (!c->no_nan) {
        ph_check_f32_stride(log, p, ref_amd_model, ctx, PH_SAMPLE_STRIDE, count, rs, nrs, k);
        return;
    }
    enum { CHUNK = 1 << 16 };
    uint32_t *buf = malloc(CHUNK * sizeof *buf);
    ck_assert_ptr_nonnull(buf);
    uint32_t x = 0;
    for (uint64_t i = 0; i < count;) {
        size_t m = 0;
        for (; m < CHUNK && i < count; i++, x += PH_SAMPLE_STRIDE)
            buf[m++] = x;
        check_inputs(log, c, p, ctx, buf, m, NULL, 0, k);
    }
    free(buf);
}

static void check_boundary(const amd_case *c)
{
    const exmy_profile *p = ph_profile(c->name);
    const void *ctx = ref_amd_ctx(c->fmt, c->fp16_ovfl, c->stochastic, c->nan_open);
    size_t n;
    uint32_t *xs = ph_boundary_f32(&p->format, &n);
    tu_log log;
    tu_log_init(&log, c->name, 12);
    if (c->stochastic) {
        uint32_t rs[16];
        size_t nrs = sr_values(sr_bits(c), rs);
        check_inputs(&log, c, p, ctx, xs, n, rs, nrs, 0);
    } else if (c->scaled) {
        /* The boundary inputs themselves, and moved by 2^-k so that x * 2^k
         * lands on the target's boundaries (where binary32 can hold it). */
        uint32_t *ys = malloc(n * sizeof *ys);
        ck_assert_ptr_nonnull(ys);
        for (size_t s = 0; s < NSCALES; s++) {
            int k = scales[s];
            for (size_t i = 0; i < n; i++) {
                int e = (int)((xs[i] >> 23) & 0xff);
                ys[i] = (e >= 1 && e <= 254 && e - k >= 1 && e - k <= 254)
                            ? xs[i] - ((uint32_t)k << 23)
                            : xs[i];
            }
            check_inputs(&log, c, p, ctx, xs, n, NULL, 0, k);
            check_inputs(&log, c, p, ctx, ys, n, NULL, 0, k);
        }
        free(ys);
    } else {
        check_inputs(&log, c, p, ctx, xs, n, NULL, 0, 0);
    }
    free(xs);
    tu_log_check(&log);
}

START_TEST(test_boundary)
{
    check_boundary(&cases[_i]);
}
END_TEST

/* The prime-stride sample of binary32 (stochastic profiles: R cycling
 * through the list; scaled profiles: scale 0 and one far scale): 2^22 inputs
 * a profile in the default run, to keep the default suite under 10 minutes
 * (the issue asks 2^24 of the CUDA and PyTorch profiles only), 2^24 with
 * `all`. */
START_TEST(test_sample)
{
    const amd_case *c = &cases[_i];
    const exmy_profile *p = ph_profile(c->name);
    const void *ctx = ref_amd_ctx(c->fmt, c->fp16_ovfl, c->stochastic, c->nan_open);
    tu_log log;
    tu_log_init(&log, c->name, 12);
    uint32_t rs[16];
    size_t nrs = c->stochastic ? sr_values(sr_bits(c), rs) : 0;
    uint64_t count = run_all ? PH_SAMPLE_COUNT : PH_SAMPLE_COUNT / 4;
    check_stride(&log, c, p, ctx, count, c->stochastic ? rs : NULL, nrs, 0);
    if (c->scaled)
        check_stride(&log, c, p, ctx, PH_SAMPLE_COUNT / 4, NULL, 0, -20);
    tu_log_check(&log);
}
END_TEST

/* The values the documents state (CDNA3 §7.2 / CDNA4 §7.3 Table 30 and the
 * FP16_OVFL table), as binary32 inputs. */
START_TEST(test_documented_values)
{
    tu_log log;
    tu_log_init(&log, "documented values", 20);
    const exmy_type F = EXMY_TYPE_F32;
    /* CDNA3 Table 30, FP8 (E4M3 bias 8): max 240, min normal 2^-7, min denorm 2^-10, NaN 0x80 */
    ph_example(&log, "CDNA3 FP8 max 240", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x43700000u, 0, 0x7f);
    ph_example(&log, "CDNA3 FP8 -max", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0xc3700000u, 0, 0xff);
    ph_example(&log, "CDNA3 FP8 min normal 2^-7", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x3c000000u,
               0, 0x08);
    ph_example(&log, "CDNA3 FP8 min denorm 2^-10", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x3a800000u,
               0, 0x01);
    ph_example(&log, "CDNA3 FP8 +0", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x00000000u, 0, 0x00);
    ph_example(&log, "CDNA3 FP8 -0 (no -0 code)", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x80000000u,
               0, 0x00);
    ph_example(&log, "CDNA3 FP8 NaN", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x7fc00000u, 0, 0x80);
    ph_example(&log, "CDNA3 FP8 -NaN", "amd-cdna3-v_cvt_pk_fp8_f32-fp16_ovfl", F, 0xffc00000u, 0,
               0x80);
    /* FP16_OVFL table: +-Inf and > max give NaN (0) or +-max (1) */
    ph_example(&log, "CDNA3 FP8 +Inf, FP16_OVFL=0", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x7f800000u,
               0, 0x80);
    ph_example(&log, "CDNA3 FP8 -Inf, FP16_OVFL=1", "amd-cdna3-v_cvt_pk_fp8_f32-fp16_ovfl", F,
               0xff800000u, 0, 0xff);
    ph_example(&log, "CDNA3 FP8 1000, FP16_OVFL=0", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x447a0000u,
               0, 0x80);
    ph_example(&log, "CDNA3 FP8 1000, FP16_OVFL=1", "amd-cdna3-v_cvt_pk_fp8_f32-fp16_ovfl", F,
               0x447a0000u, 0, 0x7f);
    /* Overflow after rounding (gfx942 count, formats/amd.prof): 247.99998 rounds to 240,
     * 248 (the midpoint, to even = 256) overflows. */
    ph_example(&log, "CDNA3 FP8 nextbelow(248) rounds to max", "amd-cdna3-v_cvt_pk_fp8_f32", F,
               0x4377ffffu, 0, 0x7f);
    ph_example(&log, "CDNA3 FP8 248 overflows", "amd-cdna3-v_cvt_pk_fp8_f32", F, 0x43780000u, 0,
               0x80);
    /* CDNA3 Table 30, BF8 (E5M2 bias 16): max 57344, min normal 2^-15, min denorm 2^-17;
     * the FP16_OVFL=0 "+-Inf" result is 0x80 */
    ph_example(&log, "CDNA3 BF8 max 57344", "amd-cdna3-v_cvt_pk_bf8_f32", F, 0x47600000u, 0, 0x7f);
    ph_example(&log, "CDNA3 BF8 min normal 2^-15", "amd-cdna3-v_cvt_pk_bf8_f32", F, 0x38000000u,
               0, 0x04);
    ph_example(&log, "CDNA3 BF8 min denorm 2^-17", "amd-cdna3-v_cvt_pk_bf8_f32", F, 0x37000000u,
               0, 0x01);
    ph_example(&log, "CDNA3 BF8 -Inf, FP16_OVFL=0", "amd-cdna3-v_cvt_pk_bf8_f32", F, 0xff800000u,
               0, 0x80);
    ph_example(&log, "CDNA3 BF8 +Inf, FP16_OVFL=1", "amd-cdna3-v_cvt_pk_bf8_f32-fp16_ovfl", F,
               0x7f800000u, 0, 0x7f);
    /* CDNA3 stochastic: R = S1[31:12]; 1 + 1/4 ulp (1.03125) rounds up iff
     * floor(0.25 * 2^20) + R >= 2^20, i.e. R >= 0xc0000 (S1 >= 0xc0000000) */
    ph_example(&log, "CDNA3 SR FP8 1.03125 R=0", "amd-cdna3-v_cvt_sr_fp8_f32", F, 0x3f840000u, 0,
               0x40);
    ph_example(&log, "CDNA3 SR FP8 1.03125 R=0xbffff", "amd-cdna3-v_cvt_sr_fp8_f32", F,
               0x3f840000u, 0xbffffu, 0x40);
    ph_example(&log, "CDNA3 SR FP8 1.03125 R=0xc0000", "amd-cdna3-v_cvt_sr_fp8_f32", F,
               0x3f840000u, 0xc0000u, 0x41);
    ph_example(&log, "CDNA3 SR FP8 exact 1.0 R=max", "amd-cdna3-v_cvt_sr_fp8_f32", F, 0x3f800000u,
               0xfffffu, 0x40);
    ph_example(&log, "CDNA3 SR FP8 max 240 R=max stays", "amd-cdna3-v_cvt_sr_fp8_f32", F,
               0x43700000u, 0xfffffu, 0x7f);
    ph_example(&log, "CDNA3 SR FP8 241 R=max overflows", "amd-cdna3-v_cvt_sr_fp8_f32", F,
               0x43710000u, 0xfffffu, 0x80);
    ph_example(&log, "CDNA3 SR FP8 241 R=max, FP16_OVFL=1", "amd-cdna3-v_cvt_sr_fp8_f32-fp16_ovfl",
               F, 0x43710000u, 0xfffffu, 0x7f);
    /* BF8: R = S1[31:11]; 1 + 1/4 ulp (1.0625) up iff R >= 0x180000 */
    ph_example(&log, "CDNA3 SR BF8 1.0625 R=0x17ffff", "amd-cdna3-v_cvt_sr_bf8_f32", F,
               0x3f880000u, 0x17ffffu, 0x40);
    ph_example(&log, "CDNA3 SR BF8 1.0625 R=0x180000", "amd-cdna3-v_cvt_sr_bf8_f32", F,
               0x3f880000u, 0x180000u, 0x41);
    /* CDNA4 stochastic, R = S1[31:12]: 1.03125 up iff R >= 0xc0000 (OCP 1.0 = 0x38) */
    ph_example(&log, "CDNA4 SR FP8 1.03125 R=0xbffff", "amd-cdna4-v_cvt_sr_fp8_f32", F,
               0x3f840000u, 0xbffffu, 0x38);
    ph_example(&log, "CDNA4 SR FP8 1.03125 R=0xc0000", "amd-cdna4-v_cvt_sr_fp8_f32", F,
               0x3f840000u, 0xc0000u, 0x39);
    /* CDNA4 Table 30, FP8 (E4M3 bias 7): max 448, min normal 2^-6, min denorm 2^-9, -0 0x80 */
    ph_example(&log, "CDNA4 FP8 max 448", "amd-cdna4-v_cvt_pk_fp8_f32", F, 0x43e00000u, 0, 0x7e);
    ph_example(&log, "CDNA4 FP8 min normal 2^-6", "amd-cdna4-v_cvt_pk_fp8_f32", F, 0x3c800000u,
               0, 0x08);
    ph_example(&log, "CDNA4 FP8 min denorm 2^-9", "amd-cdna4-v_cvt_pk_fp8_f32", F, 0x3b000000u,
               0, 0x01);
    ph_example(&log, "CDNA4 FP8 -0", "amd-cdna4-v_cvt_pk_fp8_f32", F, 0x80000000u, 0, 0x80);
    ph_example(&log, "CDNA4 FP8 -Inf, FP16_OVFL=1", "amd-cdna4-v_cvt_pk_fp8_f32-fp16_ovfl", F,
               0xff800000u, 0, 0xfe);
    /* CDNA4 Table 30, BF8 (E5M2 bias 15): max 57344, Inf 0x7c/0xfc */
    ph_example(&log, "CDNA4 BF8 max 57344", "amd-cdna4-v_cvt_pk_bf8_f32", F, 0x47600000u, 0, 0x7b);
    ph_example(&log, "CDNA4 BF8 min denorm 2^-16", "amd-cdna4-v_cvt_pk_bf8_f32", F, 0x37800000u,
               0, 0x01);
    ph_example(&log, "CDNA4 BF8 +Inf, FP16_OVFL=0", "amd-cdna4-v_cvt_pk_bf8_f32", F, 0x7f800000u,
               0, 0x7c);
    ph_example(&log, "CDNA4 BF8 -1e6, FP16_OVFL=0", "amd-cdna4-v_cvt_pk_bf8_f32", F, 0xc9742400u,
               0, 0xfc);
    ph_example(&log, "CDNA4 BF8 +Inf, FP16_OVFL=1", "amd-cdna4-v_cvt_pk_bf8_f32-fp16_ovfl", F,
               0x7f800000u, 0, 0x7b);
    /* CDNA4 Table 30, FP4 E2M1: max 6.0 (S.11.1), min normal 1.0, min denorm 0.5; FP6 E2M3
     * max 7.5 (S.11.111), min denorm 0.125; BF6 E3M2 max 28.0 (S.111.11). Beyond max after
     * rounding: saturate (§7.3 "Converts with Scale"). */
    ph_example(&log, "CDNA4 FP4 max 6.0", "amd-cdna4-v_cvt_scalef32_pk_fp4_f32", F, 0x40c00000u,
               0, 0x7);
    ph_example(&log, "CDNA4 FP4 -1.0", "amd-cdna4-v_cvt_scalef32_pk_fp4_f32", F, 0xbf800000u, 0,
               0xa);
    ph_example(&log, "CDNA4 FP4 min denorm 0.5", "amd-cdna4-v_cvt_scalef32_pk_fp4_f32", F,
               0x3f000000u, 0, 0x1);
    ph_example(&log, "CDNA4 FP4 -100 saturates", "amd-cdna4-v_cvt_scalef32_pk_fp4_f32", F,
               0xc2c80000u, 0, 0xf);
    ph_example(&log, "CDNA4 FP6 max 7.5", "amd-cdna4-v_cvt_scalef32_2xpk16_fp6_f32", F,
               0x40f00000u, 0, 0x1f);
    ph_example(&log, "CDNA4 FP6 min denorm 0.125", "amd-cdna4-v_cvt_scalef32_2xpk16_fp6_f32", F,
               0x3e000000u, 0, 0x01);
    ph_example(&log, "CDNA4 FP6 8.0 saturates", "amd-cdna4-v_cvt_scalef32_2xpk16_fp6_f32", F,
               0x41000000u, 0, 0x1f);
    ph_example(&log, "CDNA4 BF6 max 28.0", "amd-cdna4-v_cvt_scalef32_2xpk16_bf6_f32", F,
               0x41e00000u, 0, 0x1f);
    ph_example(&log, "CDNA4 BF6 min normal 0.25", "amd-cdna4-v_cvt_scalef32_2xpk16_bf6_f32", F,
               0x3e800000u, 0, 0x04);
    ph_example(&log, "CDNA4 BF6 -1e9 saturates", "amd-cdna4-v_cvt_scalef32_2xpk16_bf6_f32", F,
               0xce6e6b28u, 0, 0x3f);
    tu_log_check(&log);
}
END_TEST

/* R is the top 23-M bits of the instruction's 32-bit random operand:
 * CDNA3 §12.11 opcode 676 adds S1[31:12], opcode 677 adds S1[31:11]. */
START_TEST(test_random_operand_bits)
{
    static const struct {
        const char *name;
        uint32_t s1, r;
    } v[] = {
        {"amd-cdna3-v_cvt_sr_fp8_f32", 0xfffff000u, 0xfffffu},
        {"amd-cdna3-v_cvt_sr_fp8_f32", 0x00000fffu, 0},
        {"amd-cdna3-v_cvt_sr_fp8_f32", 0xc0000000u, 0xc0000u},
        {"amd-cdna3-v_cvt_sr_fp8_f32", 0x12345678u, 0x12345u},
        {"amd-cdna3-v_cvt_sr_fp8_f32-fp16_ovfl", 0x80001000u, 0x80001u},
        {"amd-cdna3-v_cvt_sr_bf8_f32", 0xfffff800u, 0x1fffffu},
        {"amd-cdna3-v_cvt_sr_bf8_f32", 0x000007ffu, 0},
        {"amd-cdna3-v_cvt_sr_bf8_f32", 0x12345678u, 0x2468au},
        {"amd-cdna3-v_cvt_sr_bf8_f32-fp16_ovfl", 0x80000800u, 0x100001u},
        /* CDNA4 opcodes 676/677: the same pseudocode */
        {"amd-cdna4-v_cvt_sr_fp8_f32", 0xabcdef01u, 0xabcdeu},
        {"amd-cdna4-v_cvt_sr_bf8_f32", 0xabcdef01u, 0x1579bdu},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        const exmy_profile *p = ph_profile(v[i].name);
        uint32_t r = exmy_profile_lane_bits(p, v[i].s1, 0);
        ck_assert_msg(r == v[i].r, "%s: S1=0x%08x gives R=0x%x, ISA 0x%x", v[i].name,
                      (unsigned)v[i].s1, (unsigned)r, (unsigned)v[i].r);
        ck_assert_uint_eq(exmy_profile_lane_bits(p, v[i].s1, 1), 0); /* one element */
    }
    /* The packed converts take no random operand and write two elements. */
    const exmy_profile *pk = ph_profile("amd-cdna3-v_cvt_pk_fp8_f32");
    ck_assert_uint_eq(pk->lanes, 2);
    ck_assert_uint_eq(exmy_profile_lane_bits(pk, 0xffffffffu, 0), 0);
}
END_TEST

/* The documents place R at binary32 mantissa bit 0 even where the result is
 * below the target's smallest normal and more than 23-M bits are dropped;
 * exmy (and the model) put R just below the target's last place there
 * (formats/amd.prof `unspecified`). Both readings agree above the smallest
 * normal; this counts, for the report, where they differ on the boundary
 * inputs, and checks they agree everywhere else. */
START_TEST(test_sr_subnormal_readings)
{
    for (size_t i = 0; i < NCASES; i++) {
        const amd_case *c = &cases[i];
        if (!c->stochastic)
            continue;
        const exmy_profile *p = ph_profile(c->name);
        const void *ctx = ref_amd_ctx(c->fmt, c->fp16_ovfl, true, c->nan_open);
        exmy_format_info in;
        ck_assert_int_eq(exmy_format_get_info(&p->format, &in), EXMY_OK);
        size_t n;
        uint32_t *xs = ph_boundary_f32(&p->format, &n);
        uint32_t rs[16];
        size_t nrs = sr_values(sr_bits(c), rs);
        uint64_t below = 0, differ = 0, above_differ = 0;
        for (size_t k = 0; k < n; k++) {
            float f = tu_f32_from_bits(xs[k]);
            /* NaN, Inf and sources far above max: the FP16_OVFL table decides
             * (read literally, adding R to binary32's largest values can even
             * reach the Inf/NaN exponent) */
            if (f != f || !(fabsf(f) <= 2 * (float)in.max_finite))
                continue;
            bool sub = fabsf(f) < (float)in.min_normal;
            for (size_t j = 0; j < nrs; j++) {
                ph_answer a = ref_amd_model(EXMY_TYPE_F32, xs[k], rs[j], 0, ctx);
                ph_answer b = ref_amd_sr_literal(ctx, xs[k], rs[j]);
                bool same = a.code == b.code && a.any_nan == b.any_nan;
                if (sub) {
                    below++;
                    differ += !same;
                } else {
                    above_differ += !same;
                }
            }
        }
        free(xs);
        printf("%s: below 2^%d the two readings differ on %llu of %llu (input, R) pairs\n",
               c->name, in.emin, (unsigned long long)differ, (unsigned long long)below);
        ck_assert_msg(above_differ == 0, "%s: readings differ above the smallest normal (%llu)",
                      c->name, (unsigned long long)above_differ);
    }
}
END_TEST

int main(int argc, char **argv)
{
    run_all = argc > 1 && strcmp(argv[1], "all") == 0;
    Suite *s = suite_create("prof_amd");
    TCase *tc = tcase_create("amd");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_boundary, 0, (int)NCASES);
    tcase_add_loop_test(tc, test_sample, 0, (int)NCASES);
    tcase_add_test(tc, test_documented_values);
    tcase_add_test(tc, test_random_operand_bits);
    tcase_add_test(tc, test_sr_subnormal_readings);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
