/* An independent model of NVIDIA's sm_100 conversions (formats/cuda_sm100.prof),
 * written from the documents, by bit manipulation on the binary32 pattern. It
 * shares no code with src/ and never calls exmy_from_* or exmy_profile_*.
 *
 *  - FP4/FP6 round to nearest (cuda-e2m1, -e2m3, -e3m2 and their .relu forms):
 *    the host algorithm of CUDA's cuda_fp4.hpp / cuda_fp6.hpp
 *    (__nv_cvt_double_to_fp4/fp6), restated: |x| at or below half the smallest
 *    subnormal gives a signed zero, |x| above max finite (Inf included) the
 *    signed max, NaN the positive max (PTX ISA 9.1 section 9.7.9.21 .satfinite:
 *    "NaN results are converted to positive MAX_NORM"), else the truncated
 *    exponent and mantissa fields with a round-to-nearest-even adjustment.
 *  - UE8M0 (cuda-ue8m0-rz/-rp and -nosat): cuda_fp8.hpp's host path of
 *    __nv_cvt_float_to_e8m0: the biased exponent field of |x|, plus one toward
 *    +Inf when the mantissa is not zero and |x| > 2^-127; 0xff for NaN, for Inf
 *    and for a rounded-up 0xff, which .satfinite turns into 0xfe.
 *  - The stochastic cvt.rs forms: PTX ISA 9.1 .rs, "rounded in the direction
 *    toward zero or away from zero based on the carry out of the integer
 *    addition of the supplied random bits (rbits) to the truncated off
 *    (discarded) bits of mantissa": the N random bits are added to the top N
 *    discarded bits (where the document does not place them: see the profiles'
 *    `unspecified`), a carry out rounds away from zero; then .satfinite, or
 *    IEEE overflow to Inf without it.
 * .relu: every negative input (-0 and -Inf included) gives +0; NaN inputs keep
 * their NaN rule. */
#include "harness.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef enum { K_FP46_RN, K_E8M0, K_RS } ref_kind;

typedef struct sm100_ref {
    const char *profile;
    ref_kind kind;
    unsigned width;   /* code bits; the sign is the top one (signed targets) */
    unsigned ebits, mbits;
    int bias;
    uint32_t max_mag; /* magnitude code of max finite */
    bool has_inf;
    uint32_t inf_mag;
    uint32_t max_bits;     /* K_FP46_RN: binary32 bits of max finite ("overflow threshold") */
    uint32_t halfsub_bits; /* K_FP46_RN: binary32 bits of half the smallest subnormal */
    bool satfinite;
    bool relu;
    bool round_up;      /* K_E8M0: .rp (else .rz) */
    bool nan_any;       /* the document leaves the NaN code open */
    uint32_t nan_code;  /* else this code for NaN inputs of either sign */
    unsigned sr_bits;   /* K_RS: random bits per element */
    unsigned lanes;     /* elements per instruction */
    unsigned inputs;    /* bit (1 << exmy_type) per accepted input type */
    int rlayout;        /* rbits per element: 0 none (deterministic); 1 .f16x2; 2 .bf16x2;
                           3 .e4m3x4/.e5m2x4/.e2m3x4/.e3m2x4; 4 .e2m1x4 */
} sm100_ref;

#define IN_F32 (1u << EXMY_TYPE_F32)
#define IN_F16 (1u << EXMY_TYPE_F16)
#define IN_BF16 (1u << EXMY_TYPE_BF16)

/* FP4/FP6 rows: width, E, M, bias, max code, max (binary32), half min subnormal. */
#define FP4 4, 2, 1, 1, 0x7, false, 0, 0x40c00000u, 0x3e800000u    /* 6.0, 2^-2 */
#define E2M3 6, 2, 3, 1, 0x1f, false, 0, 0x40f00000u, 0x3d800000u  /* 7.5, 2^-4 */
#define E3M2 6, 3, 2, 3, 0x1f, false, 0, 0x41e00000u, 0x3d000000u  /* 28, 2^-5 */
#define E4M3 8, 4, 3, 7, 0x7e, false, 0, 0, 0
#define E5M2 8, 5, 2, 15, 0x7b, true, 0x7c, 0, 0
#define F16 16, 5, 10, 15, 0x7bff, true, 0x7c00, 0, 0
#define BF16 16, 8, 7, 127, 0x7f7f, true, 0x7f80, 0, 0
#define E8M0 8, 8, 0, 127, 0xfe, false, 0, 0, 0

static const sm100_ref refs[] = {
    /* profile, kind, layout, sat, relu, rp, nan any, nan code, N, lanes, inputs, rbits layout */
    {"cuda-e2m1", K_FP46_RN, FP4, true, false, false, false, 0x7, 0, 2, IN_F32 | IN_F16 | IN_BF16, 0},
    {"cuda-e2m1-relu", K_FP46_RN, FP4, true, true, false, false, 0x7, 0, 2, IN_F32 | IN_F16 | IN_BF16, 0},
    {"cuda-e2m3", K_FP46_RN, E2M3, true, false, false, false, 0x1f, 0, 2, IN_F32 | IN_F16 | IN_BF16, 0},
    {"cuda-e2m3-relu", K_FP46_RN, E2M3, true, true, false, false, 0x1f, 0, 2, IN_F32 | IN_F16 | IN_BF16, 0},
    {"cuda-e3m2", K_FP46_RN, E3M2, true, false, false, false, 0x1f, 0, 2, IN_F32 | IN_F16 | IN_BF16, 0},
    {"cuda-e3m2-relu", K_FP46_RN, E3M2, true, true, false, false, 0x1f, 0, 2, IN_F32 | IN_F16 | IN_BF16, 0},
    {"cuda-ue8m0-rz", K_E8M0, E8M0, true, false, false, false, 0xff, 0, 2, IN_F32 | IN_BF16, 0},
    {"cuda-ue8m0-rp", K_E8M0, E8M0, true, false, true, false, 0xff, 0, 2, IN_F32 | IN_BF16, 0},
    {"cuda-ue8m0-rz-nosat", K_E8M0, E8M0, false, false, false, false, 0xff, 0, 2, IN_F32 | IN_BF16, 0},
    {"cuda-ue8m0-rp-nosat", K_E8M0, E8M0, false, false, true, false, 0xff, 0, 2, IN_F32 | IN_BF16, 0},
    {"cuda-e4m3-rs", K_RS, E4M3, true, false, false, true, 0, 16, 4, IN_F32, 3},
    {"cuda-e4m3-rs-relu", K_RS, E4M3, true, true, false, true, 0, 16, 4, IN_F32, 3},
    {"cuda-e5m2-rs", K_RS, E5M2, true, false, false, true, 0, 16, 4, IN_F32, 3},
    {"cuda-e5m2-rs-relu", K_RS, E5M2, true, true, false, true, 0, 16, 4, IN_F32, 3},
    {"cuda-e2m3-rs", K_RS, E2M3, true, false, false, false, 0x1f, 16, 4, IN_F32, 3},
    {"cuda-e2m3-rs-relu", K_RS, E2M3, true, true, false, false, 0x1f, 16, 4, IN_F32, 3},
    {"cuda-e3m2-rs", K_RS, E3M2, true, false, false, false, 0x1f, 16, 4, IN_F32, 3},
    {"cuda-e3m2-rs-relu", K_RS, E3M2, true, true, false, false, 0x1f, 16, 4, IN_F32, 3},
    {"cuda-e2m1-rs", K_RS, FP4, true, false, false, false, 0x7, 8, 4, IN_F32, 4},
    {"cuda-e2m1-rs-relu", K_RS, FP4, true, true, false, false, 0x7, 8, 4, IN_F32, 4},
    {"cuda-f16-rs", K_RS, F16, false, false, false, true, 0, 13, 2, IN_F32, 1},
    {"cuda-f16-rs-satfinite", K_RS, F16, true, false, false, true, 0, 13, 2, IN_F32, 1},
    {"cuda-f16-rs-relu", K_RS, F16, false, true, false, true, 0, 13, 2, IN_F32, 1},
    {"cuda-f16-rs-relu-satfinite", K_RS, F16, true, true, false, true, 0, 13, 2, IN_F32, 1},
    {"cuda-bf16-rs", K_RS, BF16, false, false, false, true, 0, 16, 2, IN_F32, 2},
    {"cuda-bf16-rs-satfinite", K_RS, BF16, true, false, false, true, 0, 16, 2, IN_F32, 2},
    {"cuda-bf16-rs-relu", K_RS, BF16, false, true, false, true, 0, 16, 2, IN_F32, 2},
    {"cuda-bf16-rs-relu-satfinite", K_RS, BF16, true, true, false, true, 0, 16, 2, IN_F32, 2},
};

size_t sm100_ref_count(void) { return sizeof refs / sizeof refs[0]; }
const sm100_ref *sm100_ref_at(size_t i) { return i < sm100_ref_count() ? &refs[i] : NULL; }
const char *sm100_ref_name(const sm100_ref *t) { return t->profile; }
unsigned sm100_ref_sr_bits(const sm100_ref *t) { return t->kind == K_RS ? t->sr_bits : 0; }
unsigned sm100_ref_lanes(const sm100_ref *t) { return t->lanes; }
unsigned sm100_ref_inputs(const sm100_ref *t) { return t->inputs; }

/* The PTX operand that lands in lane `lane` of d (lane 0: the lowest bits),
 * from PTX ISA 9.1's Semantics: x2 forms "d[31:16] = convert(a); d[15:0] =
 * convert(b)" (and the 8- and 4-bit x2 packings likewise: a high, b low); x4
 * forms "d[31:24] = convert(a); d[23:16] = convert(b); d[15:8] = convert(e);
 * d[7:0] = convert(f)" (.e2m1x4: d[15:12] a, d[11:8] b, d[7:4] e, d[3:0] f). */
static char lane_operand(unsigned lanes, unsigned lane)
{
    static const char x2[] = {'b', 'a'};
    static const char x4[] = {'f', 'e', 'b', 'a'};
    if (lanes == 2 && lane < 2)
        return x2[lane];
    if (lanes == 4 && lane < 4)
        return x4[lane];
    return 0;
}

/* The operand's name for messages ("a", "b", "e", "f"; "?" past the last lane). */
const char *sm100_ref_lane_operand(const sm100_ref *t, unsigned lane)
{
    switch (lane_operand(t->lanes, lane)) {
    case 'a': return "a";
    case 'b': return "b";
    case 'e': return "e";
    case 'f': return "f";
    default: return "?";
    }
}

/* The document's R of element `lane` (lane 0: the lowest bits of d) from the
 * instruction's rbits, read per PTX operand from PTX ISA 9.1's rbits text:
 *  .f16x2: "13 LSBs from upper 16-bits ... for operand a ... 13 LSBs from
 *      lower 16-bits ... for operand b";
 *  .bf16x2: "upper 16-bits ... for operand a and lower 16-bits ... for
 *      operand b";
 *  .e4m3x4/.e5m2x4/.e2m3x4/.e3m2x4: "two 16-bit values are provided from
 *      rbits where lower 16-bits are used for operands e, f and upper 16 bits
 *      are used for operands a, b": a and b both read rbits[31:16], e and f
 *      both rbits[15:0] (the profile's reading; the bit order inside the half
 *      is open: here the half as an unsigned number);
 *  .e2m1x4: "lower 8-bits from both 16-bits half of rbits are used for
 *      operands e, f and upper 8-bits from both 16-bits half of rbits are used
 *      for operands a, b": e, f from rbits[23:16] and rbits[7:0], a, b from
 *      rbits[31:24] and rbits[15:8]. Which of each pair takes which half is
 *      open; this model (and the profile) gives the first operand of the pair
 *      (a, e) the upper half and the second (b, f) the lower half, as the
 *      .f16x2/.bf16x2 text does for a and b.
 * false for a deterministic profile or a lane past the last. */
bool sm100_ref_lane_r(const sm100_ref *t, uint32_t rbits, unsigned lane, uint32_t *r)
{
    char op = lane_operand(t->lanes, lane);
    if (t->kind != K_RS || op == 0)
        return false;
    uint32_t hi = rbits >> 16, lo = rbits & 0xffffu;
    switch (t->rlayout) {
    case 1: /* .f16x2 */
        *r = (op == 'a' ? hi : lo) & 0x1fffu;
        return true;
    case 2: /* .bf16x2 */
        *r = op == 'a' ? hi : lo;
        return true;
    case 3: /* 8-bit containers, x4 */
        *r = (op == 'a' || op == 'b') ? hi : lo;
        return true;
    case 4: { /* .e2m1x4 */
        uint32_t half = (op == 'a' || op == 'e') ? hi : lo;
        *r = (op == 'a' || op == 'b') ? (half >> 8) : (half & 0xffu);
        return true;
    }
    default:
        return false;
    }
}

/* binary16 bits -> the binary32 bits of the same value (exact). */
static uint32_t f16_to_f32_bits(uint32_t h)
{
    uint32_t s = (h & 0x8000u) << 16;
    uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
    if (e == 0x1f)
        return s | 0x7f800000u | (m << 13);
    if (e != 0)
        return s | ((e - 15 + 127) << 23) | (m << 13);
    if (m == 0)
        return s;
    unsigned p = 31u - (unsigned)__builtin_clz(m); /* leading bit: value 2^(p-24) */
    return s | ((p - 24 + 127) << 23) | ((m << (23 - p)) & 0x7fffffu);
}

/* RNE adjustment of a truncated code: `rem` of `bits` dropped bits. */
static uint32_t rne(uint32_t code, uint32_t rem, unsigned bits)
{
    uint32_t half = 1u << (bits - 1);
    if (rem > half || (rem == half && (code & 1u)))
        code++;
    return code;
}

/* cuda_fp4.hpp / cuda_fp6.hpp host algorithm (round to nearest even, satfinite). */
static ph_answer fp46_rn(const sm100_ref *t, uint32_t x)
{
    ph_answer a = {0, false};
    uint32_t abs = x & 0x7fffffffu;
    uint32_t sign = (x >> 31) << (t->width - 1);
    if (abs > 0x7f800000u) { /* NaN converts to positive MAXNORM */
        a.code = t->nan_code;
        return a;
    }
    if (t->relu && (x >> 31)) /* .relu: negative results clamp to 0 */
        return a;
    if (abs <= t->halfsub_bits) { /* zero or underflow */
        a.code = sign;
        return a;
    }
    if (abs > t->max_bits) { /* overflow (Inf included): .satfinite */
        a.code = sign | t->max_mag;
        return a;
    }
    int e = (int)(abs >> 23) - 127; /* every input left is a binary32 normal */
    uint32_t mant = abs & 0x7fffffu;
    int emin = 1 - t->bias;
    uint32_t code;
    if (e >= emin) {
        unsigned drop = 23 - t->mbits;
        code = ((uint32_t)(e - emin + 1) << t->mbits) | (mant >> drop);
        code = rne(code, mant & ((1u << drop) - 1), drop);
    } else { /* denormal range: the implicit bit joins the mantissa */
        unsigned drop = 23 - t->mbits + (unsigned)(emin - e);
        uint32_t sig = mant | 0x800000u;
        code = sig >> drop;
        code = rne(code, sig & ((1u << drop) - 1), drop);
    }
    a.code = sign | code;
    return a;
}

/* cuda_fp8.hpp host path of __nv_cvt_float_to_e8m0 (RZ / RP, satfinite or not). */
static ph_answer e8m0(const sm100_ref *t, uint32_t x)
{
    ph_answer a = {0xff, false};
    uint32_t abs = x & 0x7fffffffu; /* the sign is not looked at */
    if (abs > 0x7f800000u)
        return a; /* NaN -> 0xff */
    uint32_t code = abs >> 23; /* biased exponent: 0x00 for zero and subnormals, 0xff for Inf */
    if (t->round_up && abs != 0x7f800000u && abs > 0x00400000u && (abs & 0x7fffffu) != 0)
        code++; /* |x| > 2^-127 and not a power of two: up */
    if (code == 0xff && t->satfinite)
        code = 0xfe; /* non-NaN overflow -> max */
    a.code = code;
    return a;
}

/* .rs: carry out of (top N discarded bits) + R, then the range rules. */
static ph_answer rs(const sm100_ref *t, uint32_t x, uint32_t r)
{
    ph_answer a = {0, false};
    uint32_t s = x >> 31, e8 = (x >> 23) & 0xffu, m = x & 0x7fffffu;
    uint32_t sign = s << (t->width - 1);
    if (e8 == 0xff && m != 0) {
        a.any_nan = t->nan_any;
        a.code = t->nan_code;
        return a;
    }
    if (t->relu && s)
        return a;
    if (e8 == 0xff) {
        a.code = sign | (t->satfinite || !t->has_inf ? t->max_mag : t->inf_mag);
        return a;
    }
    if (e8 == 0 && m == 0) {
        a.code = sign;
        return a;
    }
    /* |x| = sig * 2^ex, sig < 2^24; leading bit at 2^fl. */
    uint32_t sig = e8 ? (m | 0x800000u) : m;
    int ex = e8 ? (int)e8 - 150 : -149;
    int fl = ex + 31 - __builtin_clz(sig);
    int emin = 1 - t->bias;
    int top = fl > emin ? fl : emin;
    int shift = top - (int)t->mbits - ex; /* discarded bits: >= 13 for every target here */
    uint32_t keep = shift >= 32 ? 0 : sig >> shift;
    uint64_t disc = shift >= 32 ? sig : (sig & ((1u << shift) - 1));
    unsigned N = t->sr_bits;
    uint64_t hi; /* the top N bits of the `shift`-bit discarded field */
    if (shift >= (int)N)
        hi = shift - (int)N >= 64 ? 0 : disc >> (shift - (int)N);
    else
        hi = disc << (N - (unsigned)shift);
    uint64_t R = r & ((UINT64_C(1) << N) - 1);
    if (hi + R >= (UINT64_C(1) << N))
        keep++;
    uint64_t code = ((uint64_t)(top - emin) << t->mbits) + keep;
    if (code > t->max_mag)
        code = t->satfinite || !t->has_inf ? t->max_mag : t->inf_mag;
    a.code = sign | (uint32_t)code;
    return a;
}

ph_answer sm100_ref_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                          const void *ctx)
{
    const sm100_ref *t = ctx;
    (void)scale_exp;
    uint32_t x;
    switch (type) {
    case EXMY_TYPE_F32: x = (uint32_t)xbits; break;
    case EXMY_TYPE_BF16: x = (uint32_t)(xbits & 0xffffu) << 16; break;
    case EXMY_TYPE_F16: x = f16_to_f32_bits((uint32_t)(xbits & 0xffffu)); break;
    default: {
        ph_answer none = {0xffffffffu, false}; /* no such input: never equal to a code */
        return none;
    }
    }
    switch (t->kind) {
    case K_FP46_RN: return fp46_rn(t, x);
    case K_E8M0: return e8m0(t, x);
    case K_RS: return rs(t, x, r);
    }
    ph_answer none = {0xffffffffu, false};
    return none;
}
