/* The CUDA / PTX profiles of formats/cuda.prof (sm_89/sm_90) against the
 * independent model of ref_cuda.c, and the documents' worked examples.
 *
 * Usage:
 *   test_prof_cuda        every profile on the boundary inputs of its target
 *                         (all 2^16 inputs for f16/bf16 sources, a binary64
 *                         boundary set for the double entry point), the
 *                         worked examples, the input types each profile
 *                         takes, and a prime-stride sample of binary32
 *   test_prof_cuda all    every CUDA / PTX fp8 profile with a binary32 source
 *                         on all 2^32 binary32 inputs (the slow suite).
 *                         EXMY_PROF_ALL_COUNT=N runs only the first N inputs
 *                         of that pass (to try the path quickly). */
#include "ref_cuda.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_LIMIT 20

static const ref_cuda_case *case_at(int i)
{
    ck_assert_int_lt(i, (int)ref_cuda_ncases);
    return &ref_cuda_cases[i];
}

/* ------------------------------------------------------------ binary64 */

static void push64(uint64_t **v, size_t *n, size_t *cap, uint64_t x)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 4096;
        *v = realloc(*v, *cap * sizeof **v);
        ck_assert_ptr_nonnull(*v);
    }
    (*v)[(*n)++] = x;
}

/* The double entry point's boundary: the binary32 boundary of the target
 * widened, each finite one with its +-1 binary64 ulp neighbours (between two
 * binary32 values: 464 + 2^-44 overflows, 464 does not), and binary64's own
 * specials (subnormals, max, NaN payloads that reach bits 51:50). */
static uint64_t *boundary_f64(const rc_target *t, size_t *n)
{
    exmy_format f = tu_format(t->fmt);
    size_t n32 = 0, cap = 0;
    uint32_t *xs = ph_boundary_f32(&f, &n32);
    uint64_t *v = NULL;
    *n = 0;
    for (size_t i = 0; i < n32; i++) {
        uint64_t d = ref_cuda_widen(EXMY_TYPE_F32, xs[i]);
        push64(&v, n, &cap, d);
        if ((d & UINT64_C(0x7ff0000000000000)) != UINT64_C(0x7ff0000000000000)) {
            uint64_t a = d & ~(UINT64_C(1) << 63), s = d & (UINT64_C(1) << 63);
            if (a > 0)
                push64(&v, n, &cap, s | (a - 1));
            push64(&v, n, &cap, s | (a + 1));
        }
    }
    free(xs);
    static const uint64_t special[] = {
        UINT64_C(0x0000000000000000), UINT64_C(0x0000000000000001), /* 0, 2^-1074 */
        UINT64_C(0x000fffffffffffff), UINT64_C(0x0010000000000000), /* subnormal / normal */
        UINT64_C(0x7fefffffffffffff), UINT64_C(0x7ff0000000000000), /* max, Inf */
        UINT64_C(0x7ff8000000000000), UINT64_C(0x7ffc000000000000), /* quiet NaNs: bit 50 0 / 1 */
        UINT64_C(0x7ff4000000000000), UINT64_C(0x7ff0000000000001), /* signalling: bit 50 1 / 0 */
        UINT64_C(0x7fffffffffffffff), UINT64_C(0x7ffbffffffffffff), UINT64_C(0x7ff7ffffffffffff)};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        push64(&v, n, &cap, special[i]);
        push64(&v, n, &cap, special[i] | (UINT64_C(1) << 63));
    }
    return v;
}

static void check_f64(tu_log *log, const exmy_profile *p, const ref_cuda_case *c,
                      const uint64_t *xs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ph_answer want = ref_cuda_model(EXMY_TYPE_F64, xs[i], 0, 0, c);
        uint32_t got = 0;
        exmy_status st = exmy_profile_convert(p, EXMY_TYPE_F64, xs[i], 0, 0, &got, NULL);
        log->checked++;
        bool ok = st == EXMY_OK && !want.any_nan && got == want.code &&
                  exmy_profile_accepts(p, EXMY_TYPE_F64, xs[i], 0, 0, got);
        if (!ok)
            tu_fail(log, "%s: f64 input %a (0x%016llx): exmy 0x%x (%s), model 0x%x", p->name,
                    tu_f64_from_bits(xs[i]), (unsigned long long)xs[i], (unsigned)got,
                    exmy_strerror(st), (unsigned)want.code);
    }
}

/* ------------------------------------------------------------ boundary */

/* Every value and midpoint of the target with their binary32 neighbours,
 * overflow, subnormals, +-0, +-Inf, NaNs of both signs (ph_boundary_f32);
 * every binary16 / bfloat16 pattern for a 16-bit source. */
START_TEST(test_boundary)
{
    const ref_cuda_case *c = case_at(_i);
    const exmy_profile *p = ph_profile(c->profile);
    char what[128];
    snprintf(what, sizeof what, "%s (%s)", c->profile, exmy_type_name(c->input));
    tu_log log;
    tu_log_init(&log, what, LOG_LIMIT);
    switch (c->input) {
    case EXMY_TYPE_F32: {
        exmy_format f = tu_format(c->t->fmt);
        size_t n = 0;
        uint32_t *xs = ph_boundary_f32(&f, &n);
        ph_check_f32(&log, p, ref_cuda_model, c, xs, n, NULL, 0, 0);
        free(xs);
        break;
    }
    case EXMY_TYPE_F16:
    case EXMY_TYPE_BF16:
        ph_check_16_all(&log, p, c->input, ref_cuda_model, c, NULL, 0, 0);
        break;
    case EXMY_TYPE_F64: {
        size_t n = 0;
        uint64_t *xs = boundary_f64(c->t, &n);
        check_f64(&log, p, c, xs, n);
        free(xs);
        break;
    }
    }
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------------------ sample */

/* The default suite's prime-stride sample of binary32 inputs. */
START_TEST(test_sample)
{
    const ref_cuda_case *c = case_at(_i);
    if (c->input != EXMY_TYPE_F32 || c->sample == 0)
        return;
    tu_log log;
    tu_log_init(&log, c->profile, LOG_LIMIT);
    ph_check_f32_stride(&log, ph_profile(c->profile), ref_cuda_model, c, PH_SAMPLE_STRIDE,
                        c->sample, NULL, 0, 0);
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------------------ all */

static uint64_t all_count(void)
{
    const char *s = getenv("EXMY_PROF_ALL_COUNT");
    if (s && *s) {
        char *end;
        unsigned long long v = strtoull(s, &end, 0);
        if (*end == '\0' && v > 0 && v <= (UINT64_C(1) << 32))
            return v;
        fprintf(stderr, "ignoring EXMY_PROF_ALL_COUNT=%s\n", s);
    }
    return UINT64_C(1) << 32;
}

/* Every binary32 input (stride 1), for each fp8 profile with a binary32 source. */
START_TEST(test_all)
{
    const ref_cuda_case *c = case_at(_i);
    if (!c->all)
        return;
    uint64_t count = all_count();
    tu_log log;
    tu_log_init(&log, c->profile, LOG_LIMIT);
    ph_check_f32_stride(&log, ph_profile(c->profile), ref_cuda_model, c, 1, count, NULL, 0, 0);
    ck_assert_uint_eq(log.checked, count);
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------------------ examples */

static uint32_t b32(float x)
{
    return tu_f32_bits(x);
}

static uint64_t b64(double x)
{
    return tu_f64_bits(x);
}

#define EX32(log, what, prof, x, code) ph_example(log, what, prof, EXMY_TYPE_F32, b32(x), 0, code)
#define EXB32(log, what, prof, bits, code) ph_example(log, what, prof, EXMY_TYPE_F32, bits, 0, code)
#define EX64(log, what, prof, bits, code) ph_example(log, what, prof, EXMY_TYPE_F64, bits, 0, code)
#define EX16(log, what, prof, bits, code) ph_example(log, what, prof, EXMY_TYPE_F16, bits, 0, code)

/* cuda_fp8.hpp's thresholds and NaN codes, and the examples. */
START_TEST(test_examples_cuda_fp8)
{
    tu_log log;
    tu_log_init(&log, "cuda_fp8.hpp examples", LOG_LIMIT);
    /* E4M3: overflow threshold 0x1.Cp+8 + 0x1p+4 = 464, strict. */
    EX32(&log, "issue 12: exmy round cuda-e4m3-satfinite 465 -> 448", "cuda-e4m3-satfinite", 465.0f, 0x7e);
    EX32(&log, "464 = 448 + half ulp: tie to even 448, not overflow", "cuda-e4m3-satfinite", 464.0f, 0x7e);
    EX32(&log, "464 nosat: tie to even 448", "cuda-e4m3-nosat", 464.0f, 0x7e);
    EX32(&log, "465 nosat: overflow -> NaN 0x7f", "cuda-e4m3-nosat", 465.0f, 0x7f);
    EX32(&log, "-465 nosat: overflow -> NaN with the sign, 0xff", "cuda-e4m3-nosat", -465.0f, 0xff);
    EX32(&log, "+Inf nosat: no Inf in E4M3 -> 0x7f", "cuda-e4m3-nosat", INFINITY, 0x7f);
    EX32(&log, "-Inf satfinite -> -448", "cuda-e4m3-satfinite", -INFINITY, 0xfe);
    EXB32(&log, "+NaN -> 0x7f", "cuda-e4m3-satfinite", 0x7fc00000u, 0x7f);
    EXB32(&log, "-NaN -> 0x7f: the float entry point makes it 0x7FFFFFFF", "cuda-e4m3-satfinite",
          0xffc00000u, 0x7f);
    EXB32(&log, "-NaN nosat -> 0x7f", "cuda-e4m3-nosat", 0xff800001u, 0x7f);
    /* Underflow: |x| <= 2^-10 (half the smallest subnormal) -> zero, sign kept. */
    EX32(&log, "2^-10: tie to even 0", "cuda-e4m3-satfinite", 0x1p-10f, 0x00);
    EX32(&log, "-2^-10 -> -0", "cuda-e4m3-satfinite", -0x1p-10f, 0x80);
    EXB32(&log, "2^-10 + 1 ulp -> 2^-9", "cuda-e4m3-satfinite", 0x3a800001u, 0x01);
    EX32(&log, "-0 -> -0", "cuda-e4m3-satfinite", -0.0f, 0x80);
    EX32(&log, "2^-6: the smallest normal", "cuda-e4m3-satfinite", 0x1p-6f, 0x08);

    /* E5M2: overflow threshold 0x1.Ep+15 = 61440, inclusive (tie to even 65536). */
    EX32(&log, "61440: tie to even 65536 -> overflow -> max", "cuda-e5m2-satfinite", 61440.0f, 0x7b);
    EX32(&log, "61440 nosat -> Inf", "cuda-e5m2-nosat", 61440.0f, 0x7c);
    EXB32(&log, "61440 - 1 ulp -> 57344", "cuda-e5m2-nosat", 0x476fffffu, 0x7b);
    EX32(&log, "+Inf satfinite -> 57344", "cuda-e5m2-satfinite", INFINITY, 0x7b);
    EX32(&log, "-Inf nosat -> -Inf", "cuda-e5m2-nosat", -INFINITY, 0xfc);
    EXB32(&log, "+NaN -> 0x7f (exmy's e5m2: 0x7e)", "cuda-e5m2-satfinite", 0x7fc00000u, 0x7f);
    EXB32(&log, "-NaN -> 0x7f: sign dropped by the float entry point (not 0xff)",
          "cuda-e5m2-satfinite", 0xffc00000u, 0x7f);
    EXB32(&log, "-NaN nosat -> 0x7f", "cuda-e5m2-nosat", 0xffffffffu, 0x7f);
    EX32(&log, "2^-17: tie to even 0", "cuda-e5m2-satfinite", 0x1p-17f, 0x00);
    EX32(&log, "3 * 2^-17 -> tie to even 2^-15 (code 2)", "cuda-e5m2-satfinite", 0x3p-17f, 0x02);

    /* The half and bfloat16 entry points widen to float first. */
    ph_example(&log, "half -NaN -> 0x7f", "cuda-e4m3-satfinite", EXMY_TYPE_F16, 0xfe00, 0, 0x7f);
    ph_example(&log, "half 65504 -> 448", "cuda-e4m3-satfinite", EXMY_TYPE_F16, 0x7bff, 0, 0x7e);
    ph_example(&log, "bf16 -NaN -> 0x7f", "cuda-e5m2-nosat", EXMY_TYPE_BF16, 0xffc0, 0, 0x7f);
    ph_example(&log, "bf16 -Inf nosat -> -Inf", "cuda-e5m2-nosat", EXMY_TYPE_BF16, 0xff80, 0, 0xfc);

    /* The double entry point: rounded once, NaN keeps sign (and payload bit 50). */
    EX64(&log, "464 + 2^-44: above the threshold -> 448", "cuda-e4m3-satfinite-f64",
         UINT64_C(0x407D000000000001), 0x7e);
    EX64(&log, "464 + 2^-44 nosat -> NaN", "cuda-e4m3-nosat-f64", UINT64_C(0x407D000000000001), 0x7f);
    EX64(&log, "464 nosat: tie to even 448", "cuda-e4m3-nosat-f64", b64(464.0), 0x7e);
    EX64(&log, "1 + 2^-4 + 2^-40: rounded once from binary64 (a float would tie)",
         "cuda-e4m3-satfinite-f64", b64(1.0 + 0x1p-4 + 0x1p-40), 0x39);
    EX64(&log, "-qNaN -> 0xff", "cuda-e4m3-satfinite-f64", UINT64_C(0xfff8000000000000), 0xff);
    EX64(&log, "+qNaN -> 0x7f", "cuda-e4m3-nosat-f64", UINT64_C(0x7ff8000000000000), 0x7f);
    EX64(&log, "qNaN 0x7ff8...: 0x7e | bits 51:50 = 0x7e", "cuda-e5m2-satfinite-f64",
         UINT64_C(0x7ff8000000000000), 0x7e);
    EX64(&log, "qNaN 0x7ffc...: bit 50 set -> 0x7f", "cuda-e5m2-satfinite-f64",
         UINT64_C(0x7ffc000000000000), 0x7f);
    EX64(&log, "-qNaN -> 0xfe", "cuda-e5m2-nosat-f64", UINT64_C(0xfff8000000000000), 0xfe);
    EX64(&log, "sNaN 0x7ff4...: quieted, bit 50 kept -> 0x7f", "cuda-e5m2-nosat-f64",
         UINT64_C(0x7ff4000000000000), 0x7f);
    EX64(&log, "sNaN 0x7ff0...01 -> 0x7e", "cuda-e5m2-satfinite-f64", UINT64_C(0x7ff0000000000001),
         0x7e);
    EX64(&log, "61440 - 2^-37 -> 57344", "cuda-e5m2-nosat-f64", UINT64_C(0x40EDFFFFFFFFFFFF), 0x7b);
    EX64(&log, "DBL_MAX satfinite -> 57344", "cuda-e5m2-satfinite-f64", b64(DBL_MAX), 0x7b);
    tu_log_check(&log);
}
END_TEST

/* PTX ISA 9.1 §9.7.9.21 cvt: .satfinite, .relu, the rounding modifiers. */
START_TEST(test_examples_ptx)
{
    tu_log log;
    tu_log_init(&log, "PTX cvt examples", LOG_LIMIT);
    /* fp8: |x| > MAX_NORM -> sign-preserved MAX_NORM; never Inf. */
    EX32(&log, "e4m3x2 465 -> 448", "ptx-cvt.rn.satfinite.e4m3x2.f32", 465.0f, 0x7e);
    EX32(&log, "e4m3x2 -Inf -> -448", "ptx-cvt.rn.satfinite.e4m3x2.f32", -INFINITY, 0xfe);
    EX32(&log, "e5m2x2 1e6 -> 57344", "ptx-cvt.rn.satfinite.e5m2x2.f32", 1e6f, 0x7b);
    EX32(&log, "e5m2x2 -Inf -> -57344, not Inf", "ptx-cvt.rn.satfinite.e5m2x2.f32", -INFINITY, 0xfb);
    EX16(&log, "e4m3x2.f16x2 half 65504 -> 448", "ptx-cvt.rn.satfinite.e4m3x2.f16x2", 0x7bff, 0x7e);
    EX16(&log, "e5m2x2.f16x2 half 2^-16 (an f16 subnormal) -> 2^-16", "ptx-cvt.rn.satfinite.e5m2x2.f16x2",
         0x0100, 0x01);
    EX16(&log, "e5m2x2.f16x2 half 2^-17: tie to even 0", "ptx-cvt.rn.satfinite.e5m2x2.f16x2", 0x0080,
         0x00);
    /* .relu: negative results -> 0. */
    EX32(&log, ".relu -1 -> +0", "ptx-cvt.rn.satfinite.relu.e4m3x2.f32", -1.0f, 0x00);
    EX32(&log, ".relu -Inf -> +0", "ptx-cvt.rn.satfinite.relu.e5m2x2.f32", -INFINITY, 0x00);
    EX32(&log, ".relu 1 -> 1", "ptx-cvt.rn.satfinite.relu.e4m3x2.f32", 1.0f, 0x38);
    EX32(&log, ".relu +Inf -> 448", "ptx-cvt.rn.satfinite.relu.e4m3x2.f32", INFINITY, 0x7e);
    EX16(&log, ".relu half -1 -> +0", "ptx-cvt.rn.satfinite.relu.e5m2x2.f16x2", 0xbc00, 0x00);
    /* f16: .rn ties to even, IEEE overflow; .rz keeps max; .satfinite. */
    EX32(&log, "f16 65520: tie to even 65536 -> Inf", "ptx-cvt.rn.f16.f32", 65520.0f, 0x7c00);
    EXB32(&log, "f16 65520 - 1 ulp -> 65504", "ptx-cvt.rn.f16.f32", 0x477fefffu, 0x7bff);
    EX32(&log, "f16 .rz 1e10 -> 65504", "ptx-cvt.rz.f16.f32", 1e10f, 0x7bff);
    EX32(&log, "f16 .rm -1e10 -> -Inf", "ptx-cvt.rm.f16.f32", -1e10f, 0xfc00);
    EX32(&log, "f16 .rm 1e10 -> 65504", "ptx-cvt.rm.f16.f32", 1e10f, 0x7bff);
    EX32(&log, "f16 .rp 2^-40 -> 2^-24", "ptx-cvt.rp.f16.f32", 0x1p-40f, 0x0001);
    EX32(&log, "f16 .satfinite +Inf -> 65504", "ptx-cvt.rn.satfinite.f16.f32", INFINITY, 0x7bff);
    EX32(&log, "f16 .satfinite -1e10 -> -65504", "ptx-cvt.rz.satfinite.f16.f32", -1e10f, 0xfbff);
    EXB32(&log, "f16 .relu NaN -> canonical 0x7fff", "ptx-cvt.rn.relu.f16.f32", 0x7fc00000u, 0x7fff);
    EXB32(&log, "f16 .relu -NaN -> canonical 0x7fff", "ptx-cvt.rn.relu.satfinite.f16.f32", 0xff800001u,
          0x7fff);
    EX32(&log, "f16 .relu -2 -> +0", "ptx-cvt.rz.relu.f16.f32", -2.0f, 0x0000);
    /* bf16. */
    EXB32(&log, "bf16 1 + 2^-8: tie to even 1", "ptx-cvt.rn.bf16.f32", 0x3f808000u, 0x3f80);
    EXB32(&log, "bf16 1 + 3 * 2^-8: tie to even 1 + 2^-6", "ptx-cvt.rn.bf16.f32", 0x3f818000u, 0x3f82);
    EX32(&log, "bf16 FLT_MAX .rn -> Inf", "ptx-cvt.rn.bf16.f32", FLT_MAX, 0x7f80);
    EX32(&log, "bf16 FLT_MAX .rz -> max", "ptx-cvt.rz.bf16.f32", FLT_MAX, 0x7f7f);
    EX32(&log, "bf16 FLT_MAX .satfinite -> max", "ptx-cvt.rn.satfinite.bf16.f32", FLT_MAX, 0x7f7f);
    EX32(&log, "bf16 -FLT_MAX .rp -> -max", "ptx-cvt.rp.bf16.f32", -FLT_MAX, 0xff7f);
    EXB32(&log, "bf16 .relu NaN -> canonical 0x7fff", "ptx-cvt.rn.relu.bf16.f32", 0xffc00000u, 0x7fff);
    /* tf32: .rna ties away; code = the e8m10 value (binary32 bits >> 13). */
    EXB32(&log, "tf32 .rna 1 + 2^-11: tie away -> 1 + 2^-10", "ptx-cvt.rna.satfinite.tf32.f32",
          0x3f801000u, 0x3f802000u >> 13);
    EXB32(&log, "tf32 .rn 1 + 2^-11: tie to even 1", "ptx-cvt.rn.tf32.f32", 0x3f801000u,
          0x3f800000u >> 13);
    EXB32(&log, "tf32 .rna -(1 + 2^-11) -> -(1 + 2^-10)", "ptx-cvt.rna.tf32.f32", 0xbf801000u,
          (1u << 18) | (0x3f802000u >> 13));
    EX32(&log, "tf32 .rna.satfinite FLT_MAX -> max", "ptx-cvt.rna.satfinite.tf32.f32", FLT_MAX, 0x3fbff);
    EX32(&log, "tf32 .rna.satfinite -Inf -> -max", "ptx-cvt.rna.satfinite.tf32.f32", -INFINITY, 0x7fbff);
    EX32(&log, "tf32 .rna FLT_MAX -> Inf", "ptx-cvt.rna.tf32.f32", FLT_MAX, 0x3fc00);
    EX32(&log, "tf32 .rz FLT_MAX -> max", "ptx-cvt.rz.tf32.f32", FLT_MAX, 0x3fbff);
    EX32(&log, "tf32 .relu -1 -> +0", "ptx-cvt.rn.relu.tf32.f32", -1.0f, 0);
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------------------ catalogue */

static bool case_takes(const char *profile, exmy_type t)
{
    for (size_t i = 0; i < ref_cuda_ncases; i++)
        if (strcmp(ref_cuda_cases[i].profile, profile) == 0 && ref_cuda_cases[i].input == t)
            return true;
    return false;
}

/* Every profile of cuda.prof's family has a model and the model every
 * profile; each takes exactly the input types the documents give it. */
START_TEST(test_catalogue)
{
    const exmy_catalogue *cat = tu_catalogue();
    const char *family = ph_profile("cuda-e4m3-satfinite")->family;
    size_t seen = 0;
    for (size_t i = 0; i < exmy_catalogue_profile_count(cat); i++) {
        const exmy_profile *p = exmy_catalogue_profile_at(cat, i);
        if (strcmp(p->family, family) != 0)
            continue;
        seen++;
        bool modelled = false;
        for (size_t j = 0; j < ref_cuda_ncases; j++)
            modelled |= strcmp(ref_cuda_cases[j].profile, p->name) == 0;
        ck_assert_msg(modelled, "profile %s has no model in ref_cuda.c", p->name);
        static const exmy_type types[] = {EXMY_TYPE_F64, EXMY_TYPE_F32, EXMY_TYPE_F16,
                                          EXMY_TYPE_BF16};
        for (size_t k = 0; k < 4; k++) {
            uint32_t code;
            exmy_status st = exmy_profile_convert(p, types[k], 0, 0, 0, &code, NULL);
            bool takes = case_takes(p->name, types[k]);
            ck_assert_msg(takes ? st == EXMY_OK : st == EXMY_ETYPE, "%s with %s input: %s", p->name,
                          exmy_type_name(types[k]), exmy_strerror(st));
        }
        ck_assert_msg(strlen(p->source) > 0, "%s has no source", p->name);
    }
    size_t distinct = 0;
    for (size_t j = 0; j < ref_cuda_ncases; j++) {
        bool first = true;
        for (size_t k = 0; k < j; k++)
            first &= strcmp(ref_cuda_cases[k].profile, ref_cuda_cases[j].profile) != 0;
        if (first) {
            ph_profile(ref_cuda_cases[j].profile);
            distinct++;
        }
    }
    ck_assert_uint_eq(seen, distinct);
}
END_TEST

/* PTX packs two lanes: the first source operand in the upper byte. */
START_TEST(test_lanes)
{
    for (size_t j = 0; j < ref_cuda_ncases; j++) {
        const char *name = ref_cuda_cases[j].profile;
        const exmy_profile *p = ph_profile(name);
        unsigned want = strstr(name, "x2.") ? 2 : 1;
        ck_assert_msg(p->lanes == want, "%s: lanes %u, want %u", name, p->lanes, want);
    }
}
END_TEST

int main(int argc, char **argv)
{
    Suite *s = suite_create("prof_cuda");
    TCase *tc = tcase_create("cuda");
    tcase_set_timeout(tc, 36000);
    int n = (int)ref_cuda_ncases;
    if (argc >= 2 && strcmp(argv[1], "all") == 0) {
        tcase_add_loop_test(tc, test_all, 0, n);
    } else if (argc == 1) {
        tcase_add_test(tc, test_catalogue);
        tcase_add_test(tc, test_lanes);
        tcase_add_test(tc, test_examples_cuda_fp8);
        tcase_add_test(tc, test_examples_ptx);
        tcase_add_loop_test(tc, test_boundary, 0, n);
        tcase_add_loop_test(tc, test_sample, 0, n);
    } else {
        fprintf(stderr, "usage: %s [all]\n", argv[0]);
        return EXIT_FAILURE;
    }
    suite_add_tcase(s, tc);
    return tu_run(s);
}
