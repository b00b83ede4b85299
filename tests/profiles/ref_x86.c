/* Independent models of the Intel x86 conversions of formats/x86.prof, written
 * from the documents' pseudocode as integer operations on the bit patterns.
 * Nothing here calls the library's conversion code (src/, exmy_from_*,
 * exmy_profile_*): the tests compare the profiles with these.
 *
 *  - AVX10.2 FP16 -> FP8 (Intel AVX10.2 Architecture Specification, doc 361050
 *    rev 007, sec. 5.1 convert_fp16_to_bf8 / convert_fp16_to_hf8 and their
 *    bias forms; VCVT[2]PH2{B,H}F8[S], VCVTBIASPH2{B,H}F8[S]).
 *  - F16C VCVTPS2PH (SDM Vol. 2C; Vol. 1 sec. 14.4 Tables 14-8, 14-9, 14-12,
 *    sec. 4.9.1.4 Table 4-11): an IEEE binary32 -> binary16 conversion in the
 *    imm8 rounding mode, done here on integers with a sticky bit.
 *  - AVX512-BF16 VCVTNEPS2BF16 (SDM Vol. 2C, convert_fp32_to_bfloat16).
 *
 * The declarations are repeated in test_prof_x86.c (the only user). */
#include "harness.h"

#include <stdbool.h>
#include <stdint.h>

/* ------------------------------------------------------- AVX10.2 FP16 -> BF8 */

static bool f16_is_inf(uint16_t x) { return (x & 0x7fffu) == 0x7c00u; }
static bool f16_is_nan(uint16_t x) { return (x & 0x7fffu) > 0x7c00u; }

/* convert_fp16_to_bf8 with an explicit rounding bias: the bias is added to the
 * FP16 pattern as an integer and the top byte kept. The RNE form uses the bias
 * 0x7F + x[8]; the bias form uses the instruction's byte. Inf: kept (non-S) or
 * +-max (S); NaN: the top byte with the quiet bit (bit 1) set. */
static uint8_t bf8_with_bias(uint16_t x, unsigned bias, bool sat)
{
    if (f16_is_inf(x))
        return sat ? (uint8_t)(((x >> 8) & 0x80u) | 0x7bu) : (uint8_t)(x >> 8);
    if (f16_is_nan(x))
        return (uint8_t)((x >> 8) | 0x02u);
    uint16_t temp = (uint16_t)(x + bias); /* |x| <= 0x7BFF: no carry out of 16 bits */
    uint8_t r = (uint8_t)(temp >> 8);
    if (sat && (r & 0x7fu) == 0x7cu) /* rounded to Inf */
        r = (uint8_t)((r & 0x80u) | 0x7bu);
    return r;
}

uint8_t ref_fp16_to_bf8(uint16_t x, bool sat)
{
    return bf8_with_bias(x, 0x7fu + ((x >> 8) & 1u), sat);
}

uint8_t ref_fp16_to_bf8_bias(uint16_t x, uint8_t bias, bool sat)
{
    return bf8_with_bias(x, bias, sat);
}

/* ------------------------------------------------------- AVX10.2 FP16 -> HF8 */

enum { HF8_REBIAS = 8 }; /* FP16 bias 15 - HF8 bias 7 */

static uint8_t hf8_pack(unsigned sign, unsigned e, unsigned m)
{
    return (uint8_t)(sign | (e << 3) | m);
}

/* convert_fp16_to_hf8: round to nearest even. Overflow: an FP16 exponent field
 * above 23, or 23 with a mantissa above 0x340 (|x| > 464, the midpoint of 448
 * and the next E4M3 step 480). */
uint8_t ref_fp16_to_hf8(uint16_t x, bool sat)
{
    unsigned sign = (x & 0x8000u) >> 8;
    unsigned e16 = (x & 0x7c00u) >> 10, m16 = x & 0x3ffu;
    unsigned e, m;
    if (f16_is_inf(x)) {
        e = 0xf;
        m = sat ? 6 : 7;
    } else if (f16_is_nan(x)) {
        e = 0xf;
        m = 7;
    } else if (e16 > HF8_REBIAS + 15 || (e16 == HF8_REBIAS + 15 && m16 > 0x340u)) {
        e = 0xf;
        m = sat ? 6 : 7;
    } else if (e16 == 0 && m16 == 0) {
        e = 0;
        m = 0;
    } else if (e16 <= HF8_REBIAS) {
        /* E4M3 denormal range (|x| < 2^-6): the significand, with 7 bits below
         * the E4M3 LSB kept and the rest folded into a sticky bit, rounded by
         * adding 0x3F + LSB; a carry into bit 10 is the smallest normal. */
        unsigned s = (m16 | 0x400u) >> (HF8_REBIAS + 1 - e16);
        s |= ((m16 & 0x7fu) + 0x7fu) >> 7;
        s += 0x3fu + ((s >> 7) & 1u);
        e = s >> 10;
        m = (s >> 7) & 7u;
    } else {
        /* Normal: 0x3F + LSB added to the pattern, 7 mantissa bits dropped. */
        unsigned rne = x + 0x3fu + ((m16 >> 7) & 1u);
        e = ((rne & 0x7c00u) >> 10) - HF8_REBIAS;
        m = (rne & 0x3ffu) >> 7;
    }
    return hf8_pack(sign, e, m);
}

/* convert_fp16_to_hf8 with bias: (bias >> 1) is added to the FP16 pattern; the
 * sum overflows at 480 (exponent field 23, mantissa >= 0x380). FP16 denormal
 * inputs and results below 2^-6 add the whole bias at 2^-17 (bias/256 of the
 * E4M3 denormal LSB 2^-9) to the significand and truncate. */
uint8_t ref_fp16_to_hf8_bias(uint16_t x, uint8_t bias, bool sat)
{
    unsigned sign = (x & 0x8000u) >> 8;
    unsigned e16 = (x & 0x7c00u) >> 10, m16 = x & 0x3ffu;
    uint16_t xb = (uint16_t)(x + (bias >> 1));
    unsigned eb = (xb & 0x7c00u) >> 10, mb = xb & 0x3ffu;
    unsigned e, m;
    if (f16_is_inf(x)) {
        e = 0xf;
        m = sat ? 6 : 7;
    } else if (f16_is_nan(x)) {
        e = 0xf;
        m = 7;
    } else if (eb > HF8_REBIAS + 15 || (eb == HF8_REBIAS + 15 && mb >= 0x380u)) {
        e = 0xf;
        m = sat ? 6 : 7;
    } else if (e16 == 0) {
        e = 0;
        m = (m16 + ((unsigned)bias << 7)) >> (HF8_REBIAS + 7);
    } else if (eb <= HF8_REBIAS) {
        unsigned s = m16 | 0x400u;
        s += (unsigned)bias << (HF8_REBIAS - e16);
        s >>= HF8_REBIAS + 1 - e16;
        e = s >> 10;
        m = (s >> 7) & 7u;
    } else {
        e = eb - HF8_REBIAS;
        m = mb >> 7;
    }
    return hf8_pack(sign, e, m);
}

/* ------------------------------------------------------- F16C VCVTPS2PH */

/* rc: imm8[1:0] = 0 nearest even, 1 down, 2 up, 3 truncate. daz: MXCSR.DAZ
 * (binary32 denormal inputs read as zero; the profiles use DAZ = 0). */
uint16_t ref_fp32_to_fp16(uint32_t x, unsigned rc, bool daz)
{
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000u);
    unsigned e = (x >> 23) & 0xffu;
    uint32_t f = x & 0x7fffffu;
    if (e == 0xff) {
        if (f == 0)
            return sign | 0x7c00u;
        /* Table 14-9: sign kept, exponent 1Fh, the 24-bit significand cut to
         * 11 bits (14 low bits dropped), the quiet bit set. */
        return (uint16_t)(sign | 0x7c00u | 0x200u | (f >> 13));
    }
    if (e == 0 && (f == 0 || daz))
        return sign;
    /* |x| = sig * 2^ex exactly. */
    uint32_t sig = e ? (f | 0x800000u) : f;
    int ex = e ? (int)e - 150 : -149;
    int top = 23; /* |x| in [2^(ex+top), 2^(ex+top+1)) */
    while (!(sig >> top))
        top--;
    int E = ex + top;                   /* unbiased exponent of |x| */
    bool neg = sign != 0;
    /* Overflow of the unrounded value already (|x| >= 2^16). */
    bool ovf = E > 15;
    uint32_t code = 0;
    if (!ovf) {
        /* binary16 quantum at |x|: 2^(max(E, -14) - 10). */
        int q = (E < -14 ? -14 : E) - 10;
        int shift = q - ex; /* 13 for binary16-normal results, more below */
        uint64_t k, rem = 0, half = 0;
        bool sticky_only = false;
        if (shift > 30) {
            k = 0;
            sticky_only = true; /* sig < 2^24 < 2^(shift-1): below half a quantum */
        } else {
            k = sig >> shift;
            rem = sig & ((1ull << shift) - 1);
            half = 1ull << (shift - 1);
        }
        bool inexact = sticky_only || rem != 0;
        bool up = false;
        switch (rc & 3u) {
        case 0: up = !sticky_only && (rem > half || (rem == half && (k & 1))); break;
        case 1: up = inexact && neg; break;
        case 2: up = inexact && !neg; break;
        case 3: up = false; break;
        }
        k += up;
        /* k quanta of 2^q: biased exponent q + 25 and mantissa k - 1024 in a
         * normal binade, i.e. ((q + 24) << 10) + k, which is also k itself
         * in the denormal binade (q = -24) and absorbs a carry to 2048. */
        code = ((uint32_t)(q + 24) << 10) + (uint32_t)k;
        if (code >= 0x7c00u)
            ovf = true;
    }
    if (ovf) {
        /* Vol. 1 Table 4-11: to nearest -> Inf; down -> +max / -Inf; up ->
         * +Inf / -max; toward zero -> max. */
        bool to_max = (rc & 3u) == 3 || ((rc & 3u) == 1 && !neg) || ((rc & 3u) == 2 && neg);
        return sign | (to_max ? 0x7bffu : 0x7c00u);
    }
    return (uint16_t)(sign | code);
}

/* ------------------------------------------------------- VCVTNEPS2BF16 */

/* convert_fp32_to_bfloat16 of the SDM, step by step. */
uint16_t ref_fp32_to_bf16(uint32_t x)
{
    unsigned e = (x >> 23) & 0xffu;
    uint32_t f = x & 0x7fffffu;
    if (e == 0) /* zero or denormal: sign-preserving zero */
        return (uint16_t)((x >> 16) & 0x8000u);
    if (e == 0xff && f == 0) /* infinity */
        return (uint16_t)(x >> 16);
    if (e == 0xff) /* NaN: truncate, force the quiet bit (dest[6]) */
        return (uint16_t)((x >> 16) | 0x40u);
    uint32_t lsb = (x >> 16) & 1u;
    uint32_t temp = x + 0x7fffu + lsb; /* integer add */
    return (uint16_t)(temp >> 16);
}

/* ------------------------------------------------------- harness model */

/* Which instruction a model call stands for (ctx of x86_model). */
typedef enum x86_op {
    X86_OP_BF8,      /* VCVTPH2BF8[S] */
    X86_OP_HF8,      /* VCVTPH2HF8[S] */
    X86_OP_BF8_BIAS, /* VCVTBIASPH2BF8[S]: r's low byte is the bias */
    X86_OP_HF8_BIAS, /* VCVTBIASPH2HF8[S] */
    X86_OP_PS2PH,    /* VCVTPS2PH, rc = imm8[1:0] */
    X86_OP_BF16      /* VCVTNEPS2BF16 */
} x86_op;

typedef struct x86_ref {
    x86_op op;
    bool sat;
    unsigned rc;
} x86_ref;

ph_answer x86_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp, const void *ctx)
{
    const x86_ref *c = ctx;
    ph_answer a = {0, false};
    (void)scale_exp;
    switch (c->op) {
    case X86_OP_BF8:
        a.code = ref_fp16_to_bf8((uint16_t)xbits, c->sat);
        break;
    case X86_OP_HF8:
        a.code = ref_fp16_to_hf8((uint16_t)xbits, c->sat);
        break;
    case X86_OP_BF8_BIAS:
        a.code = ref_fp16_to_bf8_bias((uint16_t)xbits, (uint8_t)r, c->sat);
        break;
    case X86_OP_HF8_BIAS:
        a.code = ref_fp16_to_hf8_bias((uint16_t)xbits, (uint8_t)r, c->sat);
        break;
    case X86_OP_PS2PH:
        a.code = ref_fp32_to_fp16((uint32_t)xbits, c->rc, false);
        break;
    case X86_OP_BF16:
        a.code = ref_fp32_to_bf16((uint32_t)xbits);
        break;
    }
    (void)type;
    return a;
}
