/* The Intel x86 profiles of formats/x86.prof against the independent models of
 * ref_x86.c (the documents' pseudocode on the bit patterns):
 *  - AVX10.2 FP16 -> FP8: every FP16 input; the bias forms with every bias byte;
 *  - F16C VCVTPS2PH (four imm8 roundings) and AVX512-BF16 VCVTNEPS2BF16: the
 *    boundary inputs of the target and a prime-stride sample of 2^24 binary32
 *    inputs (with "all": every binary32 input);
 *  - the rules the documents state, pinned as named cases;
 *  - where this CPU has F16C / AVX512_BF16, the real instructions against the
 *    profiles and the models (skipped elsewhere).
 * The AVX10.2 FP8 instructions are not on any CPU this suite runs on. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ref_x86.c */
uint8_t ref_fp16_to_bf8(uint16_t x, bool sat);
uint8_t ref_fp16_to_bf8_bias(uint16_t x, uint8_t bias, bool sat);
uint8_t ref_fp16_to_hf8(uint16_t x, bool sat);
uint8_t ref_fp16_to_hf8_bias(uint16_t x, uint8_t bias, bool sat);
uint16_t ref_fp32_to_fp16(uint32_t x, unsigned rc, bool daz);
uint16_t ref_fp32_to_bf16(uint32_t x);
typedef enum x86_op {
    X86_OP_BF8,
    X86_OP_HF8,
    X86_OP_BF8_BIAS,
    X86_OP_HF8_BIAS,
    X86_OP_PS2PH,
    X86_OP_BF16
} x86_op;
typedef struct x86_ref {
    x86_op op;
    bool sat;
    unsigned rc;
} x86_ref;
ph_answer x86_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp, const void *ctx);

static bool all_mode; /* argv[1] == "all": every binary32 input, every bias byte */

/* --------------------------------------------------- AVX10.2, every FP16 input */

static void check_fp8(const char *name, x86_op op, bool sat)
{
    tu_log log;
    tu_log_init(&log, name, 20);
    x86_ref ctx = {op, sat, 0};
    ph_check_16_all(&log, ph_profile(name), EXMY_TYPE_F16, x86_model, &ctx, NULL, 0, 0);
    tu_log_check(&log);
}

START_TEST(test_vcvtph2bf8_every_fp16)
{
    check_fp8("intel-vcvtph2bf8", X86_OP_BF8, false);
    check_fp8("intel-vcvtph2bf8s", X86_OP_BF8, true);
}
END_TEST

START_TEST(test_vcvtph2hf8_every_fp16)
{
    check_fp8("intel-vcvtph2hf8", X86_OP_HF8, false);
    check_fp8("intel-vcvtph2hf8s", X86_OP_HF8, true);
}
END_TEST

/* The bias forms: every FP16 input with every bias byte (R), the bias passed
 * as the element's 16-bit src1 word (the odd byte must be ignored: a few runs
 * put garbage there). The default suite takes every bias of the non-saturating
 * forms and every fifth of the saturating ones (which differ only in the
 * overflow result); "all" takes every bias of all four. */
static void check_bias(const char *name, x86_op op, bool sat, unsigned step)
{
    tu_log log;
    tu_log_init(&log, name, 20);
    x86_ref ctx = {op, sat, 0};
    uint32_t rs[256 + 3];
    size_t n = 0;
    for (unsigned b = 0; b < 256; b += step)
        rs[n++] = b;
    if (step > 1)
        rs[n++] = 0xff;
    rs[n++] = 0xa5ffu; /* bias 0xFF under a nonzero high byte */
    rs[n++] = 0xff01u;
    const exmy_profile *p = ph_profile(name);
    /* The element's R is the low byte of its src1 word, whatever the high one. */
    for (uint32_t w = 0; w < 0x10000u; w++)
        ck_assert_uint_eq(exmy_profile_lane_bits(p, w, 0), w & 0xffu);
    ph_check_16_all(&log, p, EXMY_TYPE_F16, x86_model, &ctx, rs, n, 0);
    tu_log_check(&log);
}

START_TEST(test_vcvtbiasph2bf8_every_fp16_every_bias)
{
    check_bias("intel-vcvtbiasph2bf8", X86_OP_BF8_BIAS, false, 1);
    check_bias("intel-vcvtbiasph2bf8s", X86_OP_BF8_BIAS, true, all_mode ? 1 : 5);
}
END_TEST

START_TEST(test_vcvtbiasph2hf8_every_fp16_every_bias)
{
    check_bias("intel-vcvtbiasph2hf8", X86_OP_HF8_BIAS, false, 1);
    check_bias("intel-vcvtbiasph2hf8s", X86_OP_HF8_BIAS, true, all_mode ? 1 : 5);
}
END_TEST

/* ------------------------------------------- binary32 sources: F16C and BF16 */

static void check_f32(const char *name, const char *target, x86_op op, unsigned rc)
{
    tu_log log;
    tu_log_init(&log, name, 20);
    x86_ref ctx = {op, false, rc};
    const exmy_profile *p = ph_profile(name);
    size_t n = 0;
    exmy_format tf = tu_format(target);
    uint32_t *xs = ph_boundary_f32(&tf, &n);
    ph_check_f32(&log, p, x86_model, &ctx, xs, n, NULL, 0, 0);
    free(xs);
    if (all_mode)
        ph_check_f32_stride(&log, p, x86_model, &ctx, 1, (uint64_t)1 << 32, NULL, 0, 0);
    else
        ph_check_f32_stride(&log, p, x86_model, &ctx, PH_SAMPLE_STRIDE, PH_SAMPLE_COUNT, NULL,
                            0, 0);
    tu_log_check(&log);
}

static const char *const ps2ph_names[4] = {"x86-vcvtps2ph-rne", "x86-vcvtps2ph-rdn",
                                           "x86-vcvtps2ph-rup", "x86-vcvtps2ph-rtz"};

START_TEST(test_vcvtps2ph_imm8_rounding)
{
    check_f32(ps2ph_names[_i], "binary16", X86_OP_PS2PH, (unsigned)_i);
}
END_TEST

START_TEST(test_vcvtneps2bf16_daz_rne)
{
    check_f32("x86-vcvtneps2bf16", "bfloat16", X86_OP_BF16, 0);
}
END_TEST

/* ------------------------------------------------ the documents' stated rules */

START_TEST(test_stated_rules)
{
    tu_log log;
    tu_log_init(&log, "stated rules", 50);
    const exmy_type H = EXMY_TYPE_F16, S = EXMY_TYPE_F32;
    /* AVX10.2 BF8: RNE by the bias 0x7F + x[8]; 61440 (0x7B80) is the tie
     * between max 57344 and 65536: to even = Inf; S clamps it to max. */
    ph_example(&log, "BF8 tie 0x3C80 -> even 0x3C", "intel-vcvtph2bf8", H, 0x3c80, 0, 0x3c);
    ph_example(&log, "BF8 tie 0x3D80 -> even 0x3E", "intel-vcvtph2bf8", H, 0x3d80, 0, 0x3e);
    ph_example(&log, "BF8 61440 rounds to Inf", "intel-vcvtph2bf8", H, 0x7b80, 0, 0x7c);
    ph_example(&log, "BF8S 61440 saturates", "intel-vcvtph2bf8s", H, 0x7b80, 0, 0x7b);
    ph_example(&log, "BF8S -Inf saturates", "intel-vcvtph2bf8s", H, 0xfc00, 0, 0xfb);
    ph_example(&log, "BF8 -Inf stays", "intel-vcvtph2bf8", H, 0xfc00, 0, 0xfc);
    ph_example(&log, "BF8 sNaN: top byte | 0x02", "intel-vcvtph2bf8", H, 0xfd01, 0, 0xff);
    ph_example(&log, "BF8 NaN payload bit 8 kept", "intel-vcvtph2bf8", H, 0x7d00, 0, 0x7f);
    ph_example(&log, "BF8 FP16 denormal 0x0180 tie -> 0x02", "intel-vcvtph2bf8", H, 0x0180, 0,
               0x02);
    /* AVX10.2 HF8: 464 (0x5F40) ties to 448; above it overflows. */
    ph_example(&log, "HF8 464 ties to 448", "intel-vcvtph2hf8", H, 0x5f40, 0, 0x7e);
    ph_example(&log, "HF8 464.25 overflows to NaN", "intel-vcvtph2hf8", H, 0x5f41, 0, 0x7f);
    ph_example(&log, "HF8S -464.25 saturates", "intel-vcvtph2hf8s", H, 0xdf41, 0, 0xfe);
    ph_example(&log, "HF8 -Inf gives -NaN", "intel-vcvtph2hf8", H, 0xfc00, 0, 0xff);
    ph_example(&log, "HF8S +Inf gives max", "intel-vcvtph2hf8s", H, 0x7c00, 0, 0x7e);
    ph_example(&log, "HF8 -NaN gives 0xFF", "intel-vcvtph2hf8s", H, 0xfe00, 0, 0xff);
    ph_example(&log, "HF8 2^-10 ties to 0", "intel-vcvtph2hf8", H, 0x1400, 0, 0x00);
    ph_example(&log, "HF8 -3*2^-10 ties to -2^-8", "intel-vcvtph2hf8", H, 0x9a00, 0, 0x82);
    ph_example(&log, "HF8 FP16 denormal to -0", "intel-vcvtph2hf8", H, 0x83ff, 0, 0x80);
    /* Bias forms: bias + low byte >= 256 carries. */
    ph_example(&log, "BF8 bias 0x7F on 0x3C80 truncates", "intel-vcvtbiasph2bf8", H, 0x3c80,
               0x7f, 0x3c);
    ph_example(&log, "BF8 bias 0x80 on 0x3C80 carries", "intel-vcvtbiasph2bf8", H, 0x3c80, 0x80,
               0x3d);
    ph_example(&log, "BF8 bias 0xFF on 57344+1ulp16 to Inf", "intel-vcvtbiasph2bf8", H, 0x7b01,
               0xff, 0x7c);
    ph_example(&log, "BF8S bias 0xFF on 57344+1ulp16 to max", "intel-vcvtbiasph2bf8s", H, 0x7b01,
               0xff, 0x7b);
    ph_example(&log, "BF8 bias on FP16 denormal 0x0001", "intel-vcvtbiasph2bf8", H, 0x0001, 0xff,
               0x01);
    ph_example(&log, "HF8 bias 0xFD on 1+2^-10 truncates", "intel-vcvtbiasph2hf8", H, 0x3c01, 0xfd,
               0x38);
    ph_example(&log, "HF8 bias 0xFE on 1+2^-10 carries", "intel-vcvtbiasph2hf8", H, 0x3c01, 0xfe,
               0x39);
    ph_example(&log, "HF8 bias on FP16 denormal 2^-17 carries", "intel-vcvtbiasph2hf8", H, 0x0080,
               0xff, 0x01);
    ph_example(&log, "HF8 bias: 448+ truncating to 480 is NaN", "intel-vcvtbiasph2hf8", H, 0x5f7f,
               0x02, 0x7f);
    ph_example(&log, "HF8S bias: 448+ truncating to 480 saturates", "intel-vcvtbiasph2hf8s", H,
               0x5f7f, 0x02, 0x7e);
    /* VCVTPS2PH: Table 14-9 (NaN), Table 4-11 (overflow by rounding mode),
     * MXCSR.FTZ ignored (2^-24 stays a denormal). */
    ph_example(&log, "PS2PH sNaN quieted, payload kept", "x86-vcvtps2ph-rne", S, 0x7fa02000u, 0,
               0x7f01);
    ph_example(&log, "PS2PH -NaN payload truncated", "x86-vcvtps2ph-rtz", S, 0xff812345u, 0,
               0xfe09);
    ph_example(&log, "PS2PH RNE 65520 to Inf", "x86-vcvtps2ph-rne", S, 0x477ff000u, 0, 0x7c00);
    ph_example(&log, "PS2PH RTZ overflow to max", "x86-vcvtps2ph-rtz", S, 0x47800000u, 0, 0x7bff);
    ph_example(&log, "PS2PH RDN +overflow to max", "x86-vcvtps2ph-rdn", S, 0x7f7fffffu, 0, 0x7bff);
    ph_example(&log, "PS2PH RDN -overflow to -Inf", "x86-vcvtps2ph-rdn", S, 0xc7800000u, 0,
               0xfc00);
    ph_example(&log, "PS2PH RUP -overflow to -max", "x86-vcvtps2ph-rup", S, 0xc7800000u, 0,
               0xfbff);
    ph_example(&log, "PS2PH RTZ Inf stays Inf", "x86-vcvtps2ph-rtz", S, 0xff800000u, 0, 0xfc00);
    ph_example(&log, "PS2PH 2^-24 stays denormal", "x86-vcvtps2ph-rne", S, 0x33800000u, 0, 0x0001);
    ph_example(&log, "PS2PH RUP smallest binary32 denormal", "x86-vcvtps2ph-rup", S, 0x00000001u,
               0, 0x0001);
    /* VCVTNEPS2BF16: denormals to signed zero, NaN x[31:16] | 0x40. */
    ph_example(&log, "BF16 -denormal to -0", "x86-vcvtneps2bf16", S, 0x807fffffu, 0, 0x8000);
    ph_example(&log, "BF16 sNaN quieted", "x86-vcvtneps2bf16", S, 0x7fa02000u, 0, 0x7fe0);
    ph_example(&log, "BF16 -NaN truncated", "x86-vcvtneps2bf16", S, 0xff812345u, 0, 0xffc1);
    ph_example(&log, "BF16 max rounds to Inf", "x86-vcvtneps2bf16", S, 0x7f7fffffu, 0, 0x7f80);
    ph_example(&log, "BF16 tie to even", "x86-vcvtneps2bf16", S, 0x3f808000u, 0, 0x3f80);
    ph_example(&log, "BF16 smallest normal kept", "x86-vcvtneps2bf16", S, 0x00800001u, 0, 0x0080);
    tu_log_check(&log);
}
END_TEST

/* The bias forms take exactly the profile's R from the element's src1 word,
 * and the profiles refuse binary32 inputs (the FP8 instructions take FP16). */
START_TEST(test_profile_shape)
{
    const char *fp8[] = {"intel-vcvtph2bf8",     "intel-vcvtph2bf8s",     "intel-vcvtph2hf8",
                         "intel-vcvtph2hf8s",    "intel-vcvtbiasph2bf8",  "intel-vcvtbiasph2bf8s",
                         "intel-vcvtbiasph2hf8", "intel-vcvtbiasph2hf8s"};
    for (size_t i = 0; i < sizeof fp8 / sizeof fp8[0]; i++) {
        const exmy_profile *p = ph_profile(fp8[i]);
        uint32_t code;
        ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F32, 0x3f800000u, 0, 0, &code, NULL),
                         EXMY_ETYPE);
        ck_assert(!p->daz && !p->ftz);
    }
    for (size_t i = 0; i < 4; i++) {
        const exmy_profile *p = ph_profile(ps2ph_names[i]);
        ck_assert(!p->daz && !p->ftz);
        ck_assert_int_eq(p->nan_out, EXMY_NANOUT_QUIET);
    }
    const exmy_profile *bf = ph_profile("x86-vcvtneps2bf16");
    ck_assert(bf->daz && bf->ftz);
}
END_TEST

/* ------------------------------------------------------ the real instructions */

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) &&                          \
    ((defined(__clang__) && __clang_major__ >= 9) || (!defined(__clang__) && __GNUC__ >= 10))
#define X86_HW 1
#include <cpuid.h>
#include <immintrin.h>

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static bool cpu_has_f16c(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    bool osxsave = c & (1u << 27), avx = c & (1u << 28), f16c = c & (1u << 29);
    return osxsave && avx && f16c && (xgetbv0() & 6u) == 6u;
}

static bool cpu_has_avx512bf16(void)
{
    unsigned a, b, c, d;
    if (!cpu_has_f16c() || (xgetbv0() & 0xe6u) != 0xe6u)
        return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    bool f = b & (1u << 16), vl = b & (1u << 31);
    if (!f || !vl || a < 1)
        return false;
    __get_cpuid_count(7, 1, &a, &b, &c, &d);
    return f && vl && (a & (1u << 5));
}

__attribute__((target("avx,f16c"))) static void hw_ps2ph4(const uint32_t *in, uint16_t *out,
                                                          unsigned rc)
{
    __m128 v;
    memcpy(&v, in, sizeof v);
    __m128i r;
    switch (rc) {
    case 0: r = _mm_cvtps_ph(v, 0); break;
    case 1: r = _mm_cvtps_ph(v, 1); break;
    case 2: r = _mm_cvtps_ph(v, 2); break;
    default: r = _mm_cvtps_ph(v, 3); break;
    }
    memcpy(out, &r, 4 * sizeof *out);
}

__attribute__((target("avx512f,avx512vl,avx512bf16"))) static void hw_bf16x4(const uint32_t *in,
                                                                            uint16_t *out)
{
    __m128 v;
    memcpy(&v, in, sizeof v);
    __m128bh r = _mm_cvtneps_pbh(v);
    memcpy(out, &r, 4 * sizeof *out);
}

/* The inputs of a hardware run: the target's boundary set, then the sample. */
typedef struct hw_inputs {
    uint32_t *v;
    size_t n;
} hw_inputs;

static hw_inputs hw_collect(const char *target)
{
    size_t nb = 0;
    exmy_format tf = tu_format(target);
    uint32_t *b = ph_boundary_f32(&tf, &nb);
    size_t ns = all_mode ? 0 : PH_SAMPLE_COUNT;
    hw_inputs in = {malloc((nb + ns + 4) * sizeof(uint32_t)), 0};
    ck_assert_ptr_nonnull(in.v);
    memcpy(in.v, b, nb * sizeof *b);
    in.n = nb;
    free(b);
    uint32_t x = 0;
    for (size_t i = 0; i < ns; i++, x += PH_SAMPLE_STRIDE)
        in.v[in.n++] = x;
    while (in.n % 4)
        in.v[in.n++] = 0;
    return in;
}

/* One input: the silicon's code against the profile and the model. */
static void hw_compare(tu_log *log, const exmy_profile *p, uint32_t x, uint32_t hw,
                       uint32_t model)
{
    uint32_t got = 0;
    exmy_status st = exmy_profile_convert(p, EXMY_TYPE_F32, x, 0, 0, &got, NULL);
    log->checked++;
    if (st != EXMY_OK || got != hw || model != hw)
        tu_fail(log, "%s: input %a (0x%08x): CPU 0x%04x, exmy 0x%04x (%s), model 0x%04x", p->name,
                (double)tu_f32_from_bits(x), (unsigned)x, (unsigned)hw, (unsigned)got,
                exmy_strerror(st), (unsigned)model);
}

START_TEST(test_cpu_vcvtps2ph)
{
    if (!cpu_has_f16c()) {
        fprintf(stderr, "test_cpu_vcvtps2ph: no F16C on this CPU, skipped\n");
        return;
    }
    unsigned rc = (unsigned)_i;
    const exmy_profile *p = ph_profile(ps2ph_names[rc]);
    tu_log log;
    tu_log_init(&log, ps2ph_names[rc], 20);
    unsigned csr = _mm_getcsr();
    _mm_setcsr((csr & ~0x8040u) | 0x1f80u); /* DAZ = FTZ = 0, exceptions masked */
    if (all_mode) {
        uint32_t in[4];
        uint16_t out[4];
        for (uint64_t x = 0; x < ((uint64_t)1 << 32); x += 4) {
            for (int j = 0; j < 4; j++)
                in[j] = (uint32_t)x + (uint32_t)j;
            hw_ps2ph4(in, out, rc);
            for (int j = 0; j < 4; j++)
                hw_compare(&log, p, in[j], out[j], ref_fp32_to_fp16(in[j], rc, false));
        }
    } else {
        hw_inputs in = hw_collect("binary16");
        uint16_t out[4];
        for (size_t i = 0; i < in.n; i += 4) {
            hw_ps2ph4(in.v + i, out, rc);
            for (int j = 0; j < 4; j++)
                hw_compare(&log, p, in.v[i + j], out[j], ref_fp32_to_fp16(in.v[i + j], rc, false));
        }
        /* MXCSR.DAZ = 1 (and FTZ = 1, which the SDM says is ignored): the
         * model with DAZ, on the boundary inputs; no profile has DAZ. */
        _mm_setcsr((csr & ~0x8040u) | 0x1f80u | 0x8040u);
        size_t nb = 0;
        exmy_format tf = tu_format("binary16");
        uint32_t *b = ph_boundary_f32(&tf, &nb);
        for (size_t i = 0; i + 4 <= nb; i += 4) {
            hw_ps2ph4(b + i, out, rc);
            for (int j = 0; j < 4; j++) {
                uint16_t m = ref_fp32_to_fp16(b[i + j], rc, true);
                log.checked++;
                if (m != out[j])
                    tu_fail(&log, "%s with MXCSR.DAZ=FTZ=1: input 0x%08x: CPU 0x%04x, model 0x%04x",
                            p->name, (unsigned)b[i + j], (unsigned)out[j], (unsigned)m);
            }
        }
        free(b);
        free(in.v);
    }
    _mm_setcsr(csr);
    fprintf(stderr, "test_cpu_vcvtps2ph: %s: %llu inputs compared with this CPU\n", p->name,
            (unsigned long long)log.checked);
    tu_log_check(&log);
}
END_TEST

START_TEST(test_cpu_vcvtneps2bf16)
{
    if (!cpu_has_avx512bf16()) {
        fprintf(stderr, "test_cpu_vcvtneps2bf16: no AVX512_BF16 on this CPU, skipped\n");
        return;
    }
    const exmy_profile *p = ph_profile("x86-vcvtneps2bf16");
    tu_log log;
    tu_log_init(&log, p->name, 20);
    unsigned csr = _mm_getcsr();
    uint16_t out[4];
    /* MXCSR must not matter: run with DAZ = FTZ = 0 and then = 1, and an
     * upward rounding mode. */
    for (int pass = 0; pass < 2; pass++) {
        _mm_setcsr(pass ? (csr | 0x8040u | 0x4000u) : ((csr & ~0xe040u) | 0x1f80u));
        if (all_mode && pass == 0) {
            uint32_t in[4];
            for (uint64_t x = 0; x < ((uint64_t)1 << 32); x += 4) {
                for (int j = 0; j < 4; j++)
                    in[j] = (uint32_t)x + (uint32_t)j;
                hw_bf16x4(in, out);
                for (int j = 0; j < 4; j++)
                    hw_compare(&log, p, in[j], out[j], ref_fp32_to_bf16(in[j]));
            }
        } else {
            hw_inputs in = hw_collect("bfloat16");
            for (size_t i = 0; i < in.n; i += 4) {
                hw_bf16x4(in.v + i, out);
                for (int j = 0; j < 4; j++)
                    hw_compare(&log, p, in.v[i + j], out[j], ref_fp32_to_bf16(in.v[i + j]));
            }
            free(in.v);
        }
    }
    _mm_setcsr(csr);
    fprintf(stderr, "test_cpu_vcvtneps2bf16: %llu inputs compared with this CPU\n",
            (unsigned long long)log.checked);
    tu_log_check(&log);
}
END_TEST
#endif

int main(int argc, char **argv)
{
    all_mode = argc == 2 && strcmp(argv[1], "all") == 0;
    Suite *s = suite_create("prof_x86");
    TCase *tc = tcase_create("x86");
    tcase_set_timeout(tc, all_mode ? 360000 : 300);
    tcase_add_test(tc, test_profile_shape);
    tcase_add_test(tc, test_stated_rules);
    tcase_add_test(tc, test_vcvtph2bf8_every_fp16);
    tcase_add_test(tc, test_vcvtph2hf8_every_fp16);
    tcase_add_test(tc, test_vcvtbiasph2bf8_every_fp16_every_bias);
    tcase_add_test(tc, test_vcvtbiasph2hf8_every_fp16_every_bias);
    tcase_add_loop_test(tc, test_vcvtps2ph_imm8_rounding, 0, 4);
    tcase_add_test(tc, test_vcvtneps2bf16_daz_rne);
#ifdef X86_HW
    tcase_add_loop_test(tc, test_cpu_vcvtps2ph, 0, 4);
    tcase_add_test(tc, test_cpu_vcvtneps2bf16);
#endif
    suite_add_tcase(s, tc);
    return tu_run(s);
}
