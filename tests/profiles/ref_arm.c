/* An independent model of the Arm conversions profiled in formats/arm.prof,
 * transcribed from the shared pseudocode of the Arm Architecture Reference
 * Manual for A-profile architecture, DDI 0487 M.a.a, section J1.3.3:
 *
 *   FP8:  FPConvertFP8 (J1.3.3.182), BFConvertFP8 (.167), FP8Round (.178),
 *         FP8DefaultNaN (.172), FP8Infinity (.174), FP8MaxNormal (.176),
 *         FPUnpackBase (.254) for the binary16/binary32 operand;
 *   BF16: FPConvertBF (.164), FPRoundBF (.165), FPRoundBase (.236),
 *         FPConvertNaN (.196), FPDefaultNaN (.199).
 *
 * The pseudocode works on an exact real; here a nonzero finite value is
 * m * 2^q with an integer m < 2^24, and rounding takes the bits of m that fall
 * below the last place. Only integer arithmetic on the bit patterns; no code
 * is shared with src/ and no exmy_* conversion is called. FPSR flags are not
 * modelled (the profiles compare codes). */
#include "harness.h"

#include <stdbool.h>
#include <stdint.h>

/* The FPMR / FPCR setting the model runs under (see test_prof_arm.c). */
typedef struct arm_ctl {
    bool bf16_out; /* FPConvertBF (BFCVTN) instead of FPConvertFP8 */
    bool e4m3;     /* FPMR.F8D: 0b001 OFP8 E4M3, else 0b000 OFP8 E5M2 */
    bool osc;      /* FPMR.OSC */
    bool ah;       /* FPCR.AH (FEAT_AFP implemented) */
    bool fz;       /* FPCR.FZ (BF16 only: FPConvertFP8 clears it) */
    bool dn;       /* FPCR.DN (BF16 only: FPConvertFP8 always writes the Default NaN) */
    int rmode;     /* FPCR.RMode (BF16 only): 0 RN, 1 RP, 2 RM, 3 RZ */
} arm_ctl;

ph_answer arm_ref_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                        const void *ctx);

enum fptype { T_ZERO, T_DENORMAL, T_NONZERO, T_INF, T_QNAN, T_SNAN };

/* FPUnpackBase for binary16 (AHP and FZ16 cleared by the callers' FPCR) and
 * binary32 (with FZ/FIZ flushing when `flush`). A number is m * 2^q. */
typedef struct unpacked {
    enum fptype t;
    unsigned sign;
    uint32_t m;
    int q;
} unpacked;

static unpacked unpack16(uint32_t x)
{
    unpacked u = {T_ZERO, (x >> 15) & 1, 0, 0};
    uint32_t exp = (x >> 10) & 0x1f, frac = x & 0x3ff;
    if (exp == 0) {
        if (frac != 0) { /* 2^-14 * frac * 2^-10 */
            u.t = T_DENORMAL;
            u.m = frac;
            u.q = -24;
        }
    } else if (exp == 0x1f) {
        u.t = frac == 0 ? T_INF : (frac & 0x200) ? T_QNAN : T_SNAN;
    } else { /* 2^(exp-15) * (1 + frac * 2^-10) */
        u.t = T_NONZERO;
        u.m = 0x400 | frac;
        u.q = (int)exp - 25;
    }
    return u;
}

static unpacked unpack32(uint32_t x, bool flush)
{
    unpacked u = {T_ZERO, x >> 31, 0, 0};
    uint32_t exp = (x >> 23) & 0xff, frac = x & 0x7fffff;
    if (exp == 0) {
        if (frac != 0 && !flush) { /* 2^-126 * frac * 2^-23 */
            u.t = T_DENORMAL;
            u.m = frac;
            u.q = -149;
        }
    } else if (exp == 0xff) {
        u.t = frac == 0 ? T_INF : (frac & 0x400000) ? T_QNAN : T_SNAN;
    } else {
        u.t = T_NONZERO;
        u.m = 0x800000 | frac;
        u.q = (int)exp - 150;
    }
    return u;
}

static int bitlen(uint32_t m)
{
    int n = 0;
    while (m) {
        n++;
        m >>= 1;
    }
    return n;
}

/* floor(m * 2^-sh) and how the dropped part compares with one half:
 * -1 below, 0 exactly half, +1 above; *inexact tells whether anything was
 * dropped. sh may be negative (exact shift left). */
static uint64_t shift_round_info(uint32_t m, int sh, int *vs_half, bool *inexact)
{
    if (sh <= 0) {
        *vs_half = -1;
        *inexact = false;
        return (uint64_t)m << -sh;
    }
    if (sh > 40) { /* m < 2^24: the dropped part is below 2^-16 of a unit */
        *vs_half = -1;
        *inexact = m != 0;
        return 0;
    }
    uint64_t mm = m;
    uint64_t keep = mm >> sh, rem = mm & ((UINT64_C(1) << sh) - 1);
    uint64_t half = UINT64_C(1) << (sh - 1);
    *vs_half = rem < half ? -1 : rem == half ? 0 : 1;
    *inexact = rem != 0;
    return keep;
}

/* The rounding decision of FPRoundBase / FP8Round for one rounding mode
 * (0 TIEEVEN, 1 POSINF, 2 NEGINF, 3 ZERO) given floor, the dropped part and
 * the sign. */
static bool round_up(int mode, uint64_t int_mant, int vs_half, bool inexact, unsigned sign)
{
    switch (mode) {
    case 0: return vs_half > 0 || (vs_half == 0 && (int_mant & 1));
    case 1: return inexact && sign == 0;
    case 2: return inexact && sign == 1;
    default: return false;
    }
}

/* --------------------------------------------------------------- FP8 */

/* FP8Round with RNE: op = (-1)^sign * m * 2^q, m != 0. */
static uint32_t fp8_round(unsigned sign, uint32_t m, int q, const arm_ctl *c)
{
    const int F = c->e4m3 ? 3 : 2, E = 7 - F;
    const int minimum_exp = c->e4m3 ? -6 : -14;
    int exponent = q + bitlen(m) - 1; /* op = mantissa * 2^exponent, 1 <= mantissa < 2 */
    int biased_exp = exponent - minimum_exp + 1;
    if (biased_exp < 0)
        biased_exp = 0;
    /* the last place: 2^(exponent - F) for a normal, 2^(minimum_exp - F) below */
    int unit = (biased_exp == 0 ? minimum_exp : exponent) - F;
    int vs_half;
    bool inexact;
    uint64_t int_mant = shift_round_info(m, unit - q, &vs_half, &inexact);
    if (round_up(0, int_mant, vs_half, inexact, sign)) {
        int_mant++;
        if (int_mant == (UINT64_C(1) << F)) /* denormal rounded up to normal */
            biased_exp = 1;
        if (int_mant == (UINT64_C(1) << (F + 1))) { /* to the next binade */
            biased_exp++;
            int_mant >>= 1;
        }
    }
    bool overflow;
    if (c->e4m3)
        overflow = biased_exp >= (1 << E) ||
                   (biased_exp == (1 << E) - 1 && int_mant == (UINT64_C(1) << (F + 1)) - 1);
    else
        overflow = biased_exp >= (1 << E) - 1;
    if (overflow) {
        if (!c->osc) /* FP8Infinity: E4M3 S.1111.111 (its NaN), E5M2 S.11111.00 */
            return (sign << 7) | (c->e4m3 ? 0x7fu : 0x7cu);
        return (sign << 7) | (c->e4m3 ? 0x7eu : 0x7bu); /* FP8MaxNormal */
    }
    return (sign << 7) | ((uint32_t)biased_exp << F) | (uint32_t)(int_mant & ((1u << F) - 1));
}

/* FPConvertFP8 (and BFConvertFP8, which widens bf16 to binary32 first). */
static uint32_t fp8_convert(exmy_type type, uint32_t x, int scale, const arm_ctl *c)
{
    /* fpcr.<FIZ,FZ,FZ16> = '000' and FPUnpack clears AHP: no flushing */
    unpacked u = type == EXMY_TYPE_F16 ? unpack16(x)
                 : type == EXMY_TYPE_BF16 ? unpack32(x << 16, false)
                                          : unpack32(x, false);
    switch (u.t) {
    case T_QNAN:
    case T_SNAN: /* FP8DefaultNaN: sign FPCR.AH, E4M3 S.1111.111, E5M2 S.11111.10 */
        return ((c->ah ? 1u : 0u) << 7) | (c->e4m3 ? 0x7fu : 0x7eu);
    case T_INF:
        if (!c->osc)
            return (u.sign << 7) | (c->e4m3 ? 0x7fu : 0x7cu);
        return (u.sign << 7) | (c->e4m3 ? 0x7eu : 0x7bu);
    case T_ZERO: return u.sign << 7;
    default: /* value * 2^scale, rounded once by FP8Round */
        return fp8_round(u.sign, u.m, u.q + scale, c);
    }
}

/* -------------------------------------------------------------- BF16 */

/* FPRoundBase for bfloat16 (F = 7, minimum_exp = -126, E = 8), the value in
 * the top 16 bits of the binary32 result. */
static uint32_t bf16_round(unsigned sign, uint32_t m, int q, int mode, bool fz, bool altfp)
{
    const int F = 7, E = 8, minimum_exp = -126;
    int exponent = q + bitlen(m) - 1;
    /* flush-to-zero before rounding if FPCR.AH != 1 */
    if (!altfp && fz && exponent < minimum_exp)
        return sign << 15;
    int biased_exp = exponent - minimum_exp + 1;
    if (biased_exp < 0)
        biased_exp = 0;
    int unit = (biased_exp == 0 ? minimum_exp : exponent) - F;
    int vs_half;
    bool inexact;
    uint64_t int_mant = shift_round_info(m, unit - q, &vs_half, &inexact);
    if (altfp) {
        /* rounding with unbounded exponent decides the flush after rounding */
        int bexp_u = exponent - minimum_exp + 1;
        int vs_u;
        bool inexact_u;
        uint64_t mant_u = shift_round_info(m, exponent - F - q, &vs_u, &inexact_u);
        if (round_up(mode, mant_u, vs_u, inexact_u, sign)) {
            mant_u++;
            if (mant_u == (UINT64_C(1) << (F + 1))) {
                bexp_u++;
                mant_u >>= 1;
            }
        }
        if (bexp_u < 1 && mant_u != 0 && fz)
            return sign << 15;
    }
    bool overflow_to_inf = mode == 0 ? true : mode == 1 ? sign == 0 : mode == 2 ? sign == 1 : false;
    if (round_up(mode, int_mant, vs_half, inexact, sign)) {
        int_mant++;
        if (int_mant == (UINT64_C(1) << F))
            biased_exp = 1;
        if (int_mant == (UINT64_C(1) << (F + 1))) {
            biased_exp++;
            int_mant >>= 1;
        }
    }
    if (biased_exp >= (1 << E) - 1) /* FPInfinity or FPMaxNormal */
        return (sign << 15) | (overflow_to_inf ? 0x7f80u : 0x7f7fu);
    return (sign << 15) | ((uint32_t)biased_exp << F) | (uint32_t)(int_mant & ((1u << F) - 1));
}

/* FPConvertBF from AArch64 state. */
static uint32_t bf16_convert(uint32_t x, const arm_ctl *c)
{
    bool altfp = c->ah;
    bool fz = c->fz || altfp;           /* altfp: fpcr.<FIZ,FZ> = '11' */
    int mode = altfp ? 0 : c->rmode;    /* altfp: Round to Nearest Even */
    unpacked u = unpack32(x, fz);       /* FZ (AH=0) or FIZ flushes the input */
    switch (u.t) {
    case T_QNAN:
    case T_SNAN:
        if (c->dn) /* FPDefaultNaN: sign FPCR.AH, exponent ones, top fraction bit */
            return ((c->ah ? 1u : 0u) << 15) | 0x7fc0u;
        /* FPConvertNaN to 32 bits, quieted, then the top 16 bits */
        return (u.sign << 15) | 0x7fc0u | ((x >> 16) & 0x3fu);
    case T_INF: return (u.sign << 15) | 0x7f80u;
    case T_ZERO: return u.sign << 15;
    default: return bf16_round(u.sign, u.m, u.q, mode, fz, altfp);
    }
}

ph_answer arm_ref_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                        const void *ctx)
{
    (void)r;
    const arm_ctl *c = ctx;
    ph_answer a = {0, false};
    if (c->bf16_out)
        a.code = bf16_convert((uint32_t)xbits, c);
    else
        a.code = fp8_convert(type, (uint32_t)xbits, scale_exp, c);
    return a;
}
