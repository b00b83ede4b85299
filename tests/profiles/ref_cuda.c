/* The independent model of formats/cuda.prof (see ref_cuda.h): written from
 * cuda_fp8.hpp (CUDA 12.6) and PTX ISA 9.1 §9.7.9.21, sharing no code with
 * src/. */
#include "ref_cuda.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ targets */

/*                              fmt         bits eb mb bias  Inf    max finite code */
const rc_target rc_e4m3 = {"e4m3fn", 8, 4, 3, 7, false, 0x7e}; /* 448; 0x7f NaN (PTX §5.2.3) */
const rc_target rc_e5m2 = {"e5m2", 8, 5, 2, 15, true, 0x7b};   /* 57344; 0x7c Inf */
const rc_target rc_f16 = {"binary16", 16, 5, 10, 15, true, 0x7bff};   /* 65504 */
const rc_target rc_bf16 = {"bfloat16", 16, 8, 7, 127, true, 0x7f7f};  /* 0x1.fep127 */
const rc_target rc_tf32 = {"tf32", 19, 8, 10, 127, true, 0x3fbff};    /* 0x1.ffcp127 */

/* ------------------------------------------------------------ cases */

#define S24 (UINT64_C(1) << 24)
#define S22 (UINT64_C(1) << 22)
#define S20 (UINT64_C(1) << 20)
#define F32 EXMY_TYPE_F32
#define F16 EXMY_TYPE_F16
#define BF16 EXMY_TYPE_BF16
#define F64 EXMY_TYPE_F64

/* cuda_fp8.hpp: __nv_cvt_float_to_fp8 takes float; __nv_cvt_halfraw_to_fp8 and
 * __nv_cvt_bfloat16raw_to_fp8 widen to float and call it; the double entry
 * point __nv_cvt_double_to_fp8 is the same rounding without the NaN
 * replacement. All round to nearest-even. */
#define CUDA_FP8(name, in, t, over, sample, all)                                                 \
    {name, in, RC_CUDA_FP8, &t, RC_RN, over, RC_NAN_HEADER, 0, false, sample, all}
/* PTX cvt. */
#define PTX(name, in, t, rnd, over, nan, code, relu, sample, all)                                \
    {name, in, RC_PTX, &t, rnd, over, nan, code, relu, sample, all}

const ref_cuda_case ref_cuda_cases[] = {
    CUDA_FP8("cuda-e4m3-satfinite", F32, rc_e4m3, RC_SATFINITE, S24, true),
    CUDA_FP8("cuda-e4m3-satfinite", F16, rc_e4m3, RC_SATFINITE, 0, false),
    CUDA_FP8("cuda-e4m3-satfinite", BF16, rc_e4m3, RC_SATFINITE, 0, false),
    CUDA_FP8("cuda-e4m3-nosat", F32, rc_e4m3, RC_NOSAT, S24, true),
    CUDA_FP8("cuda-e4m3-nosat", F16, rc_e4m3, RC_NOSAT, 0, false),
    CUDA_FP8("cuda-e4m3-nosat", BF16, rc_e4m3, RC_NOSAT, 0, false),
    CUDA_FP8("cuda-e5m2-satfinite", F32, rc_e5m2, RC_SATFINITE, S24, true),
    CUDA_FP8("cuda-e5m2-satfinite", F16, rc_e5m2, RC_SATFINITE, 0, false),
    CUDA_FP8("cuda-e5m2-satfinite", BF16, rc_e5m2, RC_SATFINITE, 0, false),
    CUDA_FP8("cuda-e5m2-nosat", F32, rc_e5m2, RC_NOSAT, S24, true),
    CUDA_FP8("cuda-e5m2-nosat", F16, rc_e5m2, RC_NOSAT, 0, false),
    CUDA_FP8("cuda-e5m2-nosat", BF16, rc_e5m2, RC_NOSAT, 0, false),
    CUDA_FP8("cuda-e4m3-satfinite-f64", F64, rc_e4m3, RC_SATFINITE, 0, false),
    CUDA_FP8("cuda-e4m3-nosat-f64", F64, rc_e4m3, RC_NOSAT, 0, false),
    CUDA_FP8("cuda-e5m2-satfinite-f64", F64, rc_e5m2, RC_SATFINITE, 0, false),
    CUDA_FP8("cuda-e5m2-nosat-f64", F64, rc_e5m2, RC_NOSAT, 0, false),

    /* cvt.rn.satfinite{.relu}.{e4m3x2,e5m2x2}.{f32,f16x2}: .satfinite gives
     * "NaN in the destination format" (code open), .relu "canonical NaN"
     * (no e4m3/e5m2 code given): either way any NaN. */
    PTX("ptx-cvt.rn.satfinite.e4m3x2.f32", F32, rc_e4m3, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, false, S22, true),
    PTX("ptx-cvt.rn.satfinite.relu.e4m3x2.f32", F32, rc_e4m3, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, true, S22, true),
    PTX("ptx-cvt.rn.satfinite.e4m3x2.f16x2", F16, rc_e4m3, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, false, 0, false),
    PTX("ptx-cvt.rn.satfinite.relu.e4m3x2.f16x2", F16, rc_e4m3, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, true, 0, false),
    PTX("ptx-cvt.rn.satfinite.e5m2x2.f32", F32, rc_e5m2, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, false, S22, true),
    PTX("ptx-cvt.rn.satfinite.relu.e5m2x2.f32", F32, rc_e5m2, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, true, S22, true),
    PTX("ptx-cvt.rn.satfinite.e5m2x2.f16x2", F16, rc_e5m2, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, false, 0, false),
    PTX("ptx-cvt.rn.satfinite.relu.e5m2x2.f16x2", F16, rc_e5m2, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, true, 0, false),

    /* cvt.{rn,rz}{.relu}{.satfinite}.f16.f32 and cvt.{rm,rp}.f16.f32; the
     * .relu NaN is canonical: CUDART_NAN_FP16 = 0x7FFF (cuda_fp16.hpp). */
    PTX("ptx-cvt.rn.f16.f32", F32, rc_f16, RC_RN, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rz.f16.f32", F32, rc_f16, RC_RZ, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rm.f16.f32", F32, rc_f16, RC_RM, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rp.f16.f32", F32, rc_f16, RC_RP, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rn.relu.f16.f32", F32, rc_f16, RC_RN, RC_IEEE, RC_NAN_FIXED, 0x7fff, true, S20, false),
    PTX("ptx-cvt.rz.relu.f16.f32", F32, rc_f16, RC_RZ, RC_IEEE, RC_NAN_FIXED, 0x7fff, true, S20, false),
    PTX("ptx-cvt.rn.satfinite.f16.f32", F32, rc_f16, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rz.satfinite.f16.f32", F32, rc_f16, RC_RZ, RC_SATFINITE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rn.relu.satfinite.f16.f32", F32, rc_f16, RC_RN, RC_SATFINITE, RC_NAN_FIXED, 0x7fff, true, S20, false),
    PTX("ptx-cvt.rz.relu.satfinite.f16.f32", F32, rc_f16, RC_RZ, RC_SATFINITE, RC_NAN_FIXED, 0x7fff, true, S20, false),

    /* The same for bfloat16 (CUDART_NAN_BF16 = 0x7FFF, cuda_bf16.hpp). */
    PTX("ptx-cvt.rn.bf16.f32", F32, rc_bf16, RC_RN, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rz.bf16.f32", F32, rc_bf16, RC_RZ, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rm.bf16.f32", F32, rc_bf16, RC_RM, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rp.bf16.f32", F32, rc_bf16, RC_RP, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rn.relu.bf16.f32", F32, rc_bf16, RC_RN, RC_IEEE, RC_NAN_FIXED, 0x7fff, true, S20, false),
    PTX("ptx-cvt.rz.relu.bf16.f32", F32, rc_bf16, RC_RZ, RC_IEEE, RC_NAN_FIXED, 0x7fff, true, S20, false),
    PTX("ptx-cvt.rn.satfinite.bf16.f32", F32, rc_bf16, RC_RN, RC_SATFINITE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rz.satfinite.bf16.f32", F32, rc_bf16, RC_RZ, RC_SATFINITE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rn.relu.satfinite.bf16.f32", F32, rc_bf16, RC_RN, RC_SATFINITE, RC_NAN_FIXED, 0x7fff, true, S20, false),
    PTX("ptx-cvt.rz.relu.satfinite.bf16.f32", F32, rc_bf16, RC_RZ, RC_SATFINITE, RC_NAN_FIXED, 0x7fff, true, S20, false),

    /* cvt.rna{.satfinite}.tf32.f32 and cvt.{rn,rz}{.relu}.tf32.f32: the tf32
     * NaN code is never given (its layout is implementation defined). */
    PTX("ptx-cvt.rna.satfinite.tf32.f32", F32, rc_tf32, RC_RNA, RC_SATFINITE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rna.tf32.f32", F32, rc_tf32, RC_RNA, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rn.tf32.f32", F32, rc_tf32, RC_RN, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rz.tf32.f32", F32, rc_tf32, RC_RZ, RC_IEEE, RC_NAN_ANY, 0, false, S20, false),
    PTX("ptx-cvt.rn.relu.tf32.f32", F32, rc_tf32, RC_RN, RC_IEEE, RC_NAN_ANY, 0, true, S20, false),
    PTX("ptx-cvt.rz.relu.tf32.f32", F32, rc_tf32, RC_RZ, RC_IEEE, RC_NAN_ANY, 0, true, S20, false),
};
const size_t ref_cuda_ncases = sizeof ref_cuda_cases / sizeof ref_cuda_cases[0];

/* ------------------------------------------------------------ inputs */

typedef enum rc_class { RC_ZERO, RC_FINITE, RC_INF, RC_NAN } rc_class;

/* A decoded input: value = (-1)^neg * sig * 2^q for RC_FINITE. */
typedef struct rc_num {
    rc_class cls;
    bool neg;
    uint64_t sig;
    int q;
} rc_num;

typedef struct rc_binary {
    unsigned w, eb, mb;
    int bias;
} rc_binary;

static rc_binary binary_of(exmy_type t)
{
    switch (t) {
    case EXMY_TYPE_F64: return (rc_binary){64, 11, 52, 1023};
    case EXMY_TYPE_F32: return (rc_binary){32, 8, 23, 127};
    case EXMY_TYPE_F16: return (rc_binary){16, 5, 10, 15};
    case EXMY_TYPE_BF16: return (rc_binary){16, 8, 7, 127};
    }
    return (rc_binary){32, 8, 23, 127};
}

static rc_num decode(exmy_type type, uint64_t xbits)
{
    rc_binary b = binary_of(type);
    rc_num x = {RC_ZERO, false, 0, 0};
    uint64_t emask = (UINT64_C(1) << b.eb) - 1, mmask = (UINT64_C(1) << b.mb) - 1;
    uint64_t e = (xbits >> b.mb) & emask, m = xbits & mmask;
    x.neg = (xbits >> (b.w - 1)) & 1;
    if (e == emask) {
        x.cls = m ? RC_NAN : RC_INF;
    } else if (e == 0) {
        x.cls = m ? RC_FINITE : RC_ZERO;
        x.sig = m;
        x.q = 1 - b.bias - (int)b.mb;
    } else {
        x.cls = RC_FINITE;
        x.sig = m | (UINT64_C(1) << b.mb);
        x.q = (int)e - b.bias - (int)b.mb;
    }
    return x;
}

static int bit_length(uint64_t v)
{
    int n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
}

uint64_t ref_cuda_widen(exmy_type type, uint64_t xbits)
{
    rc_binary b = binary_of(type);
    if (type == EXMY_TYPE_F64)
        return xbits;
    rc_num x = decode(type, xbits);
    uint64_t sign = (uint64_t)x.neg << 63;
    uint64_t mmask = (UINT64_C(1) << b.mb) - 1;
    switch (x.cls) {
    case RC_ZERO: return sign;
    case RC_INF: return sign | UINT64_C(0x7ff0000000000000);
    case RC_NAN: return sign | UINT64_C(0x7ff0000000000000) | ((xbits & mmask) << (52 - b.mb));
    case RC_FINITE: break;
    }
    int len = bit_length(x.sig);
    int k = x.q + len - 1; /* the exponent of the leading bit: always normal in binary64 */
    uint64_t frac = (x.sig << (53 - len)) & ((UINT64_C(1) << 52) - 1);
    return sign | ((uint64_t)(k + 1023) << 52) | frac;
}

/* ------------------------------------------------------------ cuda_fp8.hpp */

/* The header's host algorithm, restated: on the binary64 |x|, in this order:
 *   |x| <= half the smallest subnormal (E4M3 2^-10, E5M2 2^-17) -> zero;
 *   NaN -> E4M3 0x7f, E5M2 0x7e | bits 51:50 of the double;
 *   overflow (E4M3 |x| > 464 = 448 + half an ulp; E5M2 |x| >= 61440, the
 *     tie above 57344 rounding to even 65536) -> satfinite: max (0x7e, 0x7b),
 *     nosat: E4M3 0x7f (NaN), E5M2 0x7c (Inf);
 *   otherwise round to nearest-even in the normal or subnormal range;
 * and the sign bit of x ORed into every result, NaN included. The float,
 * half and bfloat16 entry points first replace any NaN by the float
 * 0x7FFFFFFF, so only the double entry point passes a NaN's sign and payload
 * through. */
static uint32_t cuda_fp8(const ref_cuda_case *c, exmy_type type, uint64_t xbits)
{
    uint64_t d;
    if (type == EXMY_TYPE_F64)
        d = xbits;
    else if (decode(type, xbits).cls == RC_NAN)
        d = ref_cuda_widen(EXMY_TYPE_F32, 0x7fffffffu);
    else
        d = ref_cuda_widen(type, xbits);
    const bool e4m3 = c->t == &rc_e4m3;
    const uint32_t sign = (uint32_t)(d >> 63) << 7;
    const uint64_t abits = d & ~(UINT64_C(1) << 63);
    double ax;
    memcpy(&ax, &abits, sizeof ax);

    if (isnan(ax))
        return sign | (e4m3 ? 0x7fu : 0x7eu | (uint32_t)((abits >> 50) & 3));
    if (e4m3 ? ax > 464.0 : ax >= 61440.0) {
        if (c->over == RC_SATFINITE)
            return sign | c->t->maxcode;
        return sign | (e4m3 ? 0x7fu : 0x7cu);
    }
    if (ax <= (e4m3 ? 0x1p-10 : 0x1p-17))
        return sign;
    const int M = (int)c->t->mbits, emin = 1 - c->t->bias;
    /* Scaling by a power of two is exact; rint rounds to nearest-even in the
     * default rounding mode. A carry out of the significand lands on the next
     * binade's first code, as the header's res + 1 does. */
    if (ax < ldexp(1.0, emin))
        return sign | (uint32_t)rint(ldexp(ax, M - emin));
    int e = ilogb(ax);
    return sign | (((uint32_t)(e - emin) << M) + (uint32_t)rint(ldexp(ax, M - e)));
}

/* ------------------------------------------------------------ PTX cvt */

/* The magnitude code of |x| rounded to the target's precision with its
 * exponent range unbounded above: quantum 2^u with u = max(k, emin) - M for
 * the leading-bit exponent k. code = ((max(k, emin) - emin) << M) + n, which
 * is the subnormal code n below emin and carries into the next binade when n
 * reaches 2^(M+1). A result above maxcode has overflowed. */
static uint32_t round_magnitude(const rc_target *t, const rc_num *x, rc_round rnd)
{
    const int M = (int)t->mbits, emin = 1 - t->bias;
    int k = x->q + bit_length(x->sig) - 1;
    int e = k > emin ? k : emin;
    int u = e - M;
    uint64_t n;
    int cmp_half; /* remainder against half a quantum: -1 below, 0 at, 1 above */
    bool inexact;
    if (x->q >= u) {
        n = x->sig << (x->q - u);
        inexact = false;
        cmp_half = -1;
    } else {
        int s = u - x->q;
        if (s >= 64) { /* sig < 2^53 <= half a quantum */
            n = 0;
            inexact = true;
            cmp_half = -1;
        } else {
            uint64_t rem = x->sig & ((UINT64_C(1) << s) - 1);
            uint64_t half = UINT64_C(1) << (s - 1);
            n = x->sig >> s;
            inexact = rem != 0;
            cmp_half = rem < half ? -1 : rem > half ? 1 : 0;
        }
    }
    bool up = false;
    switch (rnd) {
    case RC_RN: up = cmp_half > 0 || (cmp_half == 0 && (n & 1)); break;
    case RC_RNA: up = cmp_half >= 0 && inexact; break;
    case RC_RZ: up = false; break;
    case RC_RM: up = inexact && x->neg; break;
    case RC_RP: up = inexact && !x->neg; break;
    }
    return ((uint32_t)(e - emin) << M) + (uint32_t)n + (up ? 1u : 0u);
}

/* Does this rounding mode, for this sign, point toward zero? */
static bool toward_zero(rc_round rnd, bool neg)
{
    return rnd == RC_RZ || (rnd == RC_RM && !neg) || (rnd == RC_RP && neg);
}

static ph_answer ptx(const ref_cuda_case *c, exmy_type type, uint64_t xbits)
{
    ph_answer a = {0, false};
    const rc_target *t = c->t;
    rc_num x = decode(type, xbits);
    if (x.cls == RC_NAN) {
        if (c->nan == RC_NAN_FIXED)
            a.code = c->nan_code;
        else
            a.any_nan = true;
        return a;
    }
    /* .relu: "clamps the result to 0 if negative"; every negative input
     * (-0 and -Inf included) has a negative or -0 result, taken as +0. */
    if (c->relu && x.neg)
        return a;
    const uint32_t sign = (uint32_t)x.neg << (t->bits - 1);
    const uint32_t inf = t->maxcode + 1;
    uint32_t mag;
    if (x.cls == RC_ZERO)
        mag = 0;
    else if (x.cls == RC_INF)
        mag = c->over == RC_SATFINITE ? t->maxcode : inf;
    else {
        mag = round_magnitude(t, &x, c->round);
        if (mag > t->maxcode) {
            if (c->over == RC_SATFINITE || toward_zero(c->round, x.neg))
                mag = t->maxcode;
            else
                mag = inf;
        }
    }
    a.code = sign | mag;
    return a;
}

ph_answer ref_cuda_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp, const void *ctx)
{
    (void)r;
    (void)scale_exp;
    const ref_cuda_case *c = ctx;
    if (c->algo == RC_CUDA_FP8) {
        ph_answer a = {cuda_fp8(c, type, xbits), false};
        return a;
    }
    return ptx(c, type, xbits);
}
