/* The sm_100 profiles (formats/cuda_sm100.prof) against the independent model
 * in ref_sm100.c: every profile on the boundary inputs of its format (the
 * stochastic ones with several R each), on every binary16/bfloat16 input it
 * takes, and on a prime-stride sample of binary32; the documents' worked
 * examples and thresholds as named cases; every lane's random bits against
 * the PTX ISA's rbits layouts, and whole x4 instructions (four elements, one
 * rbits).
 *
 *   test_prof_sm100              the default suite
 *   test_prof_sm100 all [COUNT]  the slow suite: the deterministic profiles on
 *                                all 2^32 binary32 inputs (COUNT: only the
 *                                first COUNT of them, to try the code path) */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ref_sm100.c */
typedef struct sm100_ref sm100_ref;
size_t sm100_ref_count(void);
const sm100_ref *sm100_ref_at(size_t i);
const char *sm100_ref_name(const sm100_ref *t);
unsigned sm100_ref_sr_bits(const sm100_ref *t);
unsigned sm100_ref_lanes(const sm100_ref *t);
unsigned sm100_ref_inputs(const sm100_ref *t);
bool sm100_ref_lane_r(const sm100_ref *t, uint32_t rbits, unsigned lane, uint32_t *r);
const char *sm100_ref_lane_operand(const sm100_ref *t, unsigned lane);
ph_answer sm100_ref_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                          const void *ctx);

static bool arg_all;
static uint64_t arg_count = UINT64_C(1) << 32;

/* R values for an N-bit stochastic profile: 0, 1, the largest, the middle and
 * its neighbours, and a few seeded random ones. */
static size_t r_values(unsigned N, uint32_t *rs)
{
    uint32_t max = N >= 32 ? 0xffffffffu : (1u << N) - 1;
    uint32_t mid = 1u << (N - 1);
    size_t n = 0;
    rs[n++] = 0;
    rs[n++] = 1;
    rs[n++] = max;
    rs[n++] = mid;
    rs[n++] = mid - 1;
    rs[n++] = mid + 1;
    tu_rng g = {0x5eed0100u + N};
    for (int i = 0; i < 4; i++)
        rs[n++] = (uint32_t)tu_next(&g) & max;
    return n;
}

/* The profile's fixed properties against the document: elements per
 * instruction, random bits per element, input types. */
START_TEST(test_profile_fields)
{
    const sm100_ref *t = sm100_ref_at((size_t)_i);
    const exmy_profile *p = ph_profile(sm100_ref_name(t));
    ck_assert_uint_eq(p->lanes, sm100_ref_lanes(t));
    ck_assert_uint_eq(p->inputs, sm100_ref_inputs(t));
    if (sm100_ref_sr_bits(t))
        ck_assert_uint_eq(p->conv.sr_bits, sm100_ref_sr_bits(t));
    else
        ck_assert(!exmy_round_is_stochastic(p->conv.round));
    /* binary64 is taken by none of these instructions. */
    uint32_t code;
    ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F64, 0, 0, 0, &code, NULL), EXMY_ETYPE);
}
END_TEST

/* Every value and midpoint of the target, +-1 and 2 ulps around each, zeros,
 * subnormals, Inf, NaNs of both signs: the harness's boundary set. */
START_TEST(test_boundary)
{
    const sm100_ref *t = sm100_ref_at((size_t)_i);
    const exmy_profile *p = ph_profile(sm100_ref_name(t));
    tu_log log;
    tu_log_init(&log, sm100_ref_name(t), 20);
    size_t n;
    uint32_t *xs = ph_boundary_f32(&p->format, &n);
    uint32_t rs[16];
    size_t nrs = sm100_ref_sr_bits(t) ? r_values(sm100_ref_sr_bits(t), rs) : 0;
    ph_check_f32(&log, p, sm100_ref_model, t, xs, n, nrs ? rs : NULL, nrs, 0);
    free(xs);
    tu_log_check(&log);
}
END_TEST

/* Every binary16 / bfloat16 input, for the profiles that take them. */
START_TEST(test_all_16bit_inputs)
{
    const sm100_ref *t = sm100_ref_at((size_t)_i);
    const exmy_profile *p = ph_profile(sm100_ref_name(t));
    tu_log log;
    tu_log_init(&log, sm100_ref_name(t), 20);
    uint32_t rs[16];
    size_t nrs = sm100_ref_sr_bits(t) ? r_values(sm100_ref_sr_bits(t), rs) : 0;
    unsigned in = sm100_ref_inputs(t);
    if (in & (1u << EXMY_TYPE_F16))
        ph_check_16_all(&log, p, EXMY_TYPE_F16, sm100_ref_model, t, nrs ? rs : NULL, nrs, 0);
    if (in & (1u << EXMY_TYPE_BF16))
        ph_check_16_all(&log, p, EXMY_TYPE_BF16, sm100_ref_model, t, nrs ? rs : NULL, nrs, 0);
    tu_log_check(&log);
}
END_TEST

/* The prime-stride sample of binary32 (2^24 inputs; 2^20 for the stochastic
 * profiles, one R per input, cycling). */
START_TEST(test_sample)
{
    const sm100_ref *t = sm100_ref_at((size_t)_i);
    const exmy_profile *p = ph_profile(sm100_ref_name(t));
    tu_log log;
    tu_log_init(&log, sm100_ref_name(t), 20);
    uint32_t rs[16];
    size_t nrs = sm100_ref_sr_bits(t) ? r_values(sm100_ref_sr_bits(t), rs) : 0;
    uint64_t count = nrs ? (UINT64_C(1) << 20) : PH_SAMPLE_COUNT;
    ph_check_f32_stride(&log, p, sm100_ref_model, t, PH_SAMPLE_STRIDE, count, nrs ? rs : NULL,
                        nrs, 0);
    tu_log_check(&log);
}
END_TEST

/* The slow suite: a deterministic profile on every binary32 input. */
START_TEST(test_all_f32)
{
    const sm100_ref *t = sm100_ref_at((size_t)_i);
    if (sm100_ref_sr_bits(t))
        return;
    const exmy_profile *p = ph_profile(sm100_ref_name(t));
    tu_log log;
    tu_log_init(&log, sm100_ref_name(t), 20);
    ph_check_f32_stride(&log, p, sm100_ref_model, t, 1, arg_count, NULL, 0, 0);
    tu_log_check(&log);
}
END_TEST

/* PTX ISA 9.1's rbits text, per element: every lane of every profile (lane 0:
 * the lowest bits of d; x2: b, a; x4: f, e, b, a), exmy_profile_lane_bits
 * against the model's reading of the document; 0 for a deterministic profile
 * and for the lane past the last. */
START_TEST(test_lane_bits_every_lane)
{
    tu_log log;
    tu_log_init(&log, "rbits per element", 20);
    tu_rng g = {0x1a2b3c};
    static const uint32_t fixed[] = {0xffffffffu, 0xe000e000u, 0x89abcdefu, 0x01234567u,
                                     0x80000000u, 0x00008000u, 0x00800080u, 0x80008000u};
    size_t nfixed = sizeof fixed / sizeof fixed[0];
    for (size_t i = 0; i < sm100_ref_count(); i++) {
        const sm100_ref *t = sm100_ref_at(i);
        const exmy_profile *p = ph_profile(sm100_ref_name(t));
        unsigned lanes = sm100_ref_lanes(t);
        for (size_t k = 0; k < 1000; k++) {
            uint32_t rbits = k < nfixed ? fixed[k] : (uint32_t)tu_next(&g);
            for (unsigned lane = 0; lane <= lanes; lane++) {
                uint32_t want = 0;
                bool given = sm100_ref_lane_r(t, rbits, lane, &want);
                if (!given && sm100_ref_sr_bits(t) && lane < lanes) {
                    tu_fail(&log, "%s: lane %u has no R in the model", sm100_ref_name(t), lane);
                    continue;
                }
                uint32_t got = exmy_profile_lane_bits(p, rbits, lane);
                log.checked++;
                if (got != want)
                    tu_fail(&log, "%s: rbits 0x%08x lane %u (operand %s): exmy R 0x%x, "
                            "document 0x%x", sm100_ref_name(t), (unsigned)rbits, lane,
                            sm100_ref_lane_operand(t, lane), (unsigned)got, (unsigned)want);
            }
        }
    }
    ck_assert_uint_gt(log.checked, 0);
    tu_log_check(&log);
}
END_TEST

static void lane_example(tu_log *log, const char *what, const char *profile, uint32_t rbits,
                         unsigned lane, uint32_t want)
{
    uint32_t got = exmy_profile_lane_bits(ph_profile(profile), rbits, lane);
    log->checked++;
    if (got != want)
        tu_fail(log, "%s (%s, rbits 0x%08x, lane %u): R 0x%x, want 0x%x", what, profile,
                (unsigned)rbits, lane, (unsigned)got, (unsigned)want);
}

/* The rbits layouts spelled out on rbits = 0x89abcdef (every byte distinct). */
START_TEST(test_lane_bits_named)
{
    tu_log log;
    tu_log_init(&log, "rbits layouts", 20);
    const uint32_t rb = 0x89abcdefu;
    /* .bf16x2: "upper 16-bits ... for operand a and lower 16-bits ... for operand b". */
    lane_example(&log, "bf16x2: b (d[15:0]) reads rbits[15:0]", "cuda-bf16-rs", rb, 0, 0xcdef);
    lane_example(&log, "bf16x2: a (d[31:16]) reads rbits[31:16]", "cuda-bf16-rs", rb, 1, 0x89ab);
    /* .f16x2: the 13 LSBs of each half. */
    lane_example(&log, "f16x2: b reads rbits[12:0]", "cuda-f16-rs", rb, 0, 0x0def);
    lane_example(&log, "f16x2: a reads rbits[28:16]", "cuda-f16-rs", rb, 1, 0x09ab);
    /* 8-bit containers x4: "lower 16-bits ... for operands e, f and upper 16 bits
     * ... for operands a, b". */
    static const char *const x4[] = {"cuda-e4m3-rs", "cuda-e5m2-rs-relu", "cuda-e2m3-rs",
                                     "cuda-e3m2-rs-relu"};
    for (size_t i = 0; i < sizeof x4 / sizeof x4[0]; i++) {
        lane_example(&log, "x4: f (d[7:0]) reads rbits[15:0]", x4[i], rb, 0, 0xcdef);
        lane_example(&log, "x4: e (d[15:8]) reads rbits[15:0]", x4[i], rb, 1, 0xcdef);
        lane_example(&log, "x4: b (d[23:16]) reads rbits[31:16]", x4[i], rb, 2, 0x89ab);
        lane_example(&log, "x4: a (d[31:24]) reads rbits[31:16]", x4[i], rb, 3, 0x89ab);
        lane_example(&log, "x4: no fifth lane", x4[i], rb, 4, 0);
    }
    /* .e2m1x4: "lower 8-bits from both 16-bits half ... for operands e, f and
     * upper 8-bits from both 16-bits half ... for operands a, b" (which half
     * each of a pair takes: the profile's choice, a and e the upper). */
    static const char *const fp4[] = {"cuda-e2m1-rs", "cuda-e2m1-rs-relu"};
    for (size_t i = 0; i < 2; i++) {
        lane_example(&log, "e2m1x4: f (d[3:0]) reads rbits[7:0]", fp4[i], rb, 0, 0xef);
        lane_example(&log, "e2m1x4: e (d[7:4]) reads rbits[23:16]", fp4[i], rb, 1, 0xab);
        lane_example(&log, "e2m1x4: b (d[11:8]) reads rbits[15:8]", fp4[i], rb, 2, 0xcd);
        lane_example(&log, "e2m1x4: a (d[15:12]) reads rbits[31:24]", fp4[i], rb, 3, 0x89);
    }
    /* A deterministic profile has no R. */
    lane_example(&log, "rn: no random bits", "cuda-e2m1", rb, 0, 0);
    tu_log_check(&log);
}
END_TEST

/* A whole x4 instruction: four inputs and one rbits, each element converted
 * with its lane's R by the profile and by the model, packed as PTX ISA 9.1's
 * Semantics packs d (lane i at bits i * container). */
START_TEST(test_x4_instruction)
{
    tu_log log;
    tu_log_init(&log, "x4 instructions", 20);
    tu_rng g = {0x4444};
    for (size_t i = 0; i < sm100_ref_count(); i++) {
        const sm100_ref *t = sm100_ref_at(i);
        if (!sm100_ref_sr_bits(t) || sm100_ref_lanes(t) != 4)
            continue;
        const exmy_profile *p = ph_profile(sm100_ref_name(t));
        unsigned container = p->format.bits <= 4 ? 4 : 8;
        for (int k = 0; k < 4000; k++) {
            uint32_t rbits = (uint32_t)tu_next(&g);
            uint64_t d_exmy = 0, d_doc = 0;
            bool any_nan = false;
            for (unsigned lane = 0; lane < 4; lane++) {
                /* Inputs near the target's range: exponents -12..+12, any mantissa. */
                uint32_t x = (uint32_t)tu_next(&g);
                x = (x & 0x807fffffu) | ((uint32_t)(115 + (x >> 23) % 25) << 23);
                uint32_t code, r, lane_r = exmy_profile_lane_bits(p, rbits, lane);
                if (exmy_profile_convert(p, EXMY_TYPE_F32, x, lane_r, 0, &code, NULL) != EXMY_OK) {
                    tu_fail(&log, "%s: convert 0x%08x failed", sm100_ref_name(t), (unsigned)x);
                    continue;
                }
                ck_assert(sm100_ref_lane_r(t, rbits, lane, &r));
                ph_answer a = sm100_ref_model(EXMY_TYPE_F32, x, r, 0, t);
                any_nan |= a.any_nan;
                d_exmy |= (uint64_t)code << (lane * container);
                d_doc |= (uint64_t)a.code << (lane * container);
            }
            log.checked++;
            if (!any_nan && d_exmy != d_doc)
                tu_fail(&log, "%s: rbits 0x%08x: d 0x%llx, document 0x%llx", sm100_ref_name(t),
                        (unsigned)rbits, (unsigned long long)d_exmy, (unsigned long long)d_doc);
        }
    }
    ck_assert_uint_gt(log.checked, 0);
    tu_log_check(&log);
}
END_TEST

#define F32 EXMY_TYPE_F32
#define BF16 EXMY_TYPE_BF16

/* Worked examples: the thresholds written in cuda_fp4.hpp / cuda_fp6.hpp
 * ("mindenorm/2 = 2^-2", "maxnorm = 6.0", "NaN converts to positive
 * FP4_MAXNORM"), PTX ISA 9.1 .satfinite, cuda_fp8.hpp's e8m0 host path, and the
 * .rs carry-out rule on hand-computed inputs. */
START_TEST(test_worked_examples)
{
    tu_log log;
    tu_log_init(&log, "worked examples", 50);
    /* FP4 E2M1 (values 0 0.5 1 1.5 2 3 4 6). */
    ph_example(&log, "e2m1: 5 is the midpoint of 4 and 6, ties to even 4", "cuda-e2m1", F32,
               0x40a00000, 0, 0x6);
    ph_example(&log, "e2m1: 5.5 rounds to 6", "cuda-e2m1", F32, 0x40b00000, 0, 0x7);
    ph_example(&log, "e2m1: maxnorm = 6.0", "cuda-e2m1", F32, 0x40c00000, 0, 0x7);
    ph_example(&log, "e2m1: 7 > maxnorm saturates", "cuda-e2m1", F32, 0x40e00000, 0, 0x7);
    ph_example(&log, "e2m1: -Inf saturates to -6", "cuda-e2m1", F32, 0xff800000, 0, 0xf);
    ph_example(&log, "e2m1: mindenorm/2 = 2^-2 gives zero", "cuda-e2m1", F32, 0x3e800000, 0,
               0x0);
    ph_example(&log, "e2m1: just above 2^-2 gives 0.5", "cuda-e2m1", F32, 0x3e800001, 0, 0x1);
    ph_example(&log, "e2m1: -2^-2 gives -0", "cuda-e2m1", F32, 0xbe800000, 0, 0x8);
    ph_example(&log, "e2m1: 0.75 ties to even 1.0", "cuda-e2m1", F32, 0x3f400000, 0, 0x2);
    ph_example(&log, "e2m1: NaN -> positive maxnorm", "cuda-e2m1", F32, 0x7fc00000, 0, 0x7);
    ph_example(&log, "e2m1: -NaN -> positive maxnorm", "cuda-e2m1", F32, 0xffc00001, 0, 0x7);
    ph_example(&log, "e2m1 .relu: -3 gives +0", "cuda-e2m1-relu", F32, 0xc0400000, 0, 0x0);
    ph_example(&log, "e2m1 .relu: -0 gives +0", "cuda-e2m1-relu", F32, 0x80000000, 0, 0x0);
    ph_example(&log, "e2m1 .relu: -NaN gives +6", "cuda-e2m1-relu", F32, 0xffc00000, 0, 0x7);
    ph_example(&log, "e2m1: bf16 input 5.0", "cuda-e2m1", BF16, 0x40a0, 0, 0x6);
    /* FP6. */
    ph_example(&log, "e2m3: maxnorm = 7.5", "cuda-e2m3", F32, 0x40f00000, 0, 0x1f);
    ph_example(&log, "e2m3: 1e6 saturates", "cuda-e2m3", F32, 0x49742400, 0, 0x1f);
    ph_example(&log, "e2m3: -1e6 saturates", "cuda-e2m3", F32, 0xc9742400, 0, 0x3f);
    ph_example(&log, "e2m3: mindenorm/2 = 2^-4 gives zero", "cuda-e2m3", F32, 0x3d800000, 0,
               0x00);
    ph_example(&log, "e2m3: minnorm = 2^0", "cuda-e2m3", F32, 0x3f800000, 0, 0x08);
    ph_example(&log, "e2m3: NaN -> positive maxnorm", "cuda-e2m3", F32, 0xff800001, 0, 0x1f);
    ph_example(&log, "e3m2: maxnorm = 28", "cuda-e3m2", F32, 0x41e00000, 0, 0x1f);
    ph_example(&log, "e3m2: 30 is the midpoint of 28 and 32: saturates", "cuda-e3m2", F32,
               0x41f00000, 0, 0x1f);
    ph_example(&log, "e3m2: mindenorm/2 = 2^-5 gives zero", "cuda-e3m2", F32, 0x3d000000, 0,
               0x00);
    ph_example(&log, "e3m2: minnorm = 2^-2", "cuda-e3m2", F32, 0x3e800000, 0, 0x04);
    ph_example(&log, "e3m2: NaN -> positive maxnorm", "cuda-e3m2", F32, 0x7f800001, 0, 0x1f);
    /* UE8M0. */
    ph_example(&log, "ue8m0 rp: 3 rounds up to 2^2", "cuda-ue8m0-rp", F32, 0x40400000, 0, 0x81);
    ph_example(&log, "ue8m0 rz: 3 rounds down to 2^1", "cuda-ue8m0-rz", F32, 0x40400000, 0,
               0x80);
    ph_example(&log, "ue8m0 rp: -3 converts |x|", "cuda-ue8m0-rp", F32, 0xc0400000, 0, 0x81);
    ph_example(&log, "ue8m0 rz: -3 converts |x|", "cuda-ue8m0-rz", F32, 0xc0400000, 0, 0x80);
    ph_example(&log, "ue8m0 rp: 1.0 is 0x7f", "cuda-ue8m0-rp", F32, 0x3f800000, 0, 0x7f);
    ph_example(&log, "ue8m0 rz: +0 gives 0x00", "cuda-ue8m0-rz", F32, 0x00000000, 0, 0x00);
    ph_example(&log, "ue8m0 rp: -0 gives 0x00", "cuda-ue8m0-rp", F32, 0x80000000, 0, 0x00);
    ph_example(&log, "ue8m0 rp: 2^-127 is 0x00", "cuda-ue8m0-rp", F32, 0x00400000, 0, 0x00);
    ph_example(&log, "ue8m0 rp: just above 2^-127 gives 2^-126", "cuda-ue8m0-rp", F32,
               0x00400001, 0, 0x01);
    ph_example(&log, "ue8m0 rp: 2^-149 gives 0x00", "cuda-ue8m0-rp", F32, 0x00000001, 0, 0x00);
    ph_example(&log, "ue8m0 rz: 2^-149 gives 0x00", "cuda-ue8m0-rz", F32, 0x00000001, 0, 0x00);
    ph_example(&log, "ue8m0 rz: max binary32 gives 2^127", "cuda-ue8m0-rz", F32, 0x7f7fffff, 0,
               0xfe);
    ph_example(&log, "ue8m0 rz nosat: max binary32 gives 2^127", "cuda-ue8m0-rz-nosat", F32,
               0x7f7fffff, 0, 0xfe);
    ph_example(&log, "ue8m0 rp: above 2^127 saturates", "cuda-ue8m0-rp", F32, 0x7f000001, 0,
               0xfe);
    ph_example(&log, "ue8m0 rp nosat: above 2^127 is NaN", "cuda-ue8m0-rp-nosat", F32,
               0x7f000001, 0, 0xff);
    ph_example(&log, "ue8m0 rz: +Inf saturates", "cuda-ue8m0-rz", F32, 0x7f800000, 0, 0xfe);
    ph_example(&log, "ue8m0 rp: -Inf saturates", "cuda-ue8m0-rp", F32, 0xff800000, 0, 0xfe);
    ph_example(&log, "ue8m0 rz nosat: +Inf is NaN", "cuda-ue8m0-rz-nosat", F32, 0x7f800000, 0,
               0xff);
    ph_example(&log, "ue8m0 rp nosat: -Inf is NaN", "cuda-ue8m0-rp-nosat", F32, 0xff800000, 0,
               0xff);
    ph_example(&log, "ue8m0 rz: NaN", "cuda-ue8m0-rz", F32, 0x7fc00000, 0, 0xff);
    ph_example(&log, "ue8m0 rp: -NaN", "cuda-ue8m0-rp", F32, 0xffc00000, 0, 0xff);
    ph_example(&log, "ue8m0 rp: bf16 2^-127 (0x0040)", "cuda-ue8m0-rp", BF16, 0x0040, 0, 0x00);
    ph_example(&log, "ue8m0 rp: bf16 1.5", "cuda-ue8m0-rp", BF16, 0x3fc0, 0, 0x80);
    /* .rs: carry out of R + the discarded bits. */
    /* 1 + 2^-11: binary16 drops 13 bits, here 0x1000. */
    ph_example(&log, "f16 rs: 0x1000 + 0xfff, no carry", "cuda-f16-rs", F32, 0x3f801000, 0xfff,
               0x3c00);
    ph_example(&log, "f16 rs: 0x1000 + 0x1000 carries", "cuda-f16-rs", F32, 0x3f801000, 0x1000,
               0x3c01);
    ph_example(&log, "f16 rs: exact input, R max", "cuda-f16-rs", F32, 0x3f800000, 0x1fff,
               0x3c00);
    ph_example(&log, "f16 rs: 65504 + 1 ulp(f32), R max, overflows to Inf", "cuda-f16-rs", F32,
               0x477fe001, 0x1fff, 0x7c00);
    ph_example(&log, "f16 rs satfinite: the same saturates", "cuda-f16-rs-satfinite", F32,
               0x477fe001, 0x1fff, 0x7bff);
    ph_example(&log, "f16 rs: 65504 + 1 ulp(f32), R 0", "cuda-f16-rs", F32, 0x477fe001, 0,
               0x7bff);
    ph_example(&log, "f16 rs relu: -1.5 gives +0", "cuda-f16-rs-relu", F32, 0xbfc00000, 0x1fff,
               0x0000);
    /* 1 + 2^-9: bfloat16 drops 16 bits, here 0x4000. */
    ph_example(&log, "bf16 rs: 0x4000 + 0xbfff, no carry", "cuda-bf16-rs", F32, 0x3f804000,
               0xbfff, 0x3f80);
    ph_example(&log, "bf16 rs: 0x4000 + 0xc000 carries", "cuda-bf16-rs", F32, 0x3f804000, 0xc000,
               0x3f81);
    ph_example(&log, "bf16 rs: -(1 + 2^-9) carries away from zero", "cuda-bf16-rs", F32,
               0xbf804000, 0xc000, 0xbf81);
    ph_example(&log, "bf16 rs: max binary32, R 0x0001, overflows to Inf", "cuda-bf16-rs", F32,
               0x7f7fffff, 0x0001, 0x7f80);
    ph_example(&log, "bf16 rs satfinite: +Inf saturates", "cuda-bf16-rs-satfinite", F32,
               0x7f800000, 0, 0x7f7f);
    /* e4m3 (normal results drop 20 bits; R sits under the top 16 of them). */
    ph_example(&log, "e4m3 rs: 1 + 2^-4, R 0x7fff: no carry", "cuda-e4m3-rs", F32, 0x3f880000,
               0x7fff, 0x38);
    ph_example(&log, "e4m3 rs: 1 + 2^-4, R 0x8000 carries", "cuda-e4m3-rs", F32, 0x3f880000,
               0x8000, 0x39);
    ph_example(&log, "e4m3 rs: 464, R max, saturates to 448", "cuda-e4m3-rs", F32, 0x43e80000,
               0xffff, 0x7e);
    ph_example(&log, "e4m3 rs: -Inf saturates", "cuda-e4m3-rs", F32, 0xff800000, 0, 0xfe);
    ph_example(&log, "e5m2 rs: +Inf saturates", "cuda-e5m2-rs", F32, 0x7f800000, 0xffff, 0x7b);
    ph_example(&log, "e2m1 rs: 5, R 0x7f: no carry", "cuda-e2m1-rs", F32, 0x40a00000, 0x7f, 0x6);
    ph_example(&log, "e2m1 rs: 5, R 0x80 carries", "cuda-e2m1-rs", F32, 0x40a00000, 0x80, 0x7);
    ph_example(&log, "e2m1 rs: NaN -> positive maxnorm", "cuda-e2m1-rs", F32, 0xffc00000, 0, 0x7);
    ph_example(&log, "e3m2 rs: NaN -> positive maxnorm", "cuda-e3m2-rs", F32, 0x7fc00000, 0,
               0x1f);
    tu_log_check(&log);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "all") == 0) {
        arg_all = true;
        if (argc >= 3)
            arg_count = (uint64_t)tu_atol(argv[2]);
    } else if (argc >= 2) {
        fprintf(stderr, "usage: %s [all [COUNT]]\n", argv[0]);
        return EXIT_FAILURE;
    }
    int n = (int)sm100_ref_count();
    Suite *s = suite_create("prof_sm100");
    TCase *tc = tcase_create("sm100");
    tcase_set_timeout(tc, arg_all ? 7 * 86400 : 600);
    if (arg_all) {
        tcase_add_loop_test(tc, test_all_f32, 0, n);
    } else {
        tcase_add_loop_test(tc, test_profile_fields, 0, n);
        tcase_add_test(tc, test_worked_examples);
        tcase_add_test(tc, test_lane_bits_every_lane);
        tcase_add_test(tc, test_lane_bits_named);
        tcase_add_test(tc, test_x4_instruction);
        tcase_add_loop_test(tc, test_boundary, 0, n);
        tcase_add_loop_test(tc, test_all_16bit_inputs, 0, n);
        tcase_add_loop_test(tc, test_sample, 0, n);
    }
    suite_add_tcase(s, tc);
    return tu_run(s);
}
