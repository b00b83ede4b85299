/* Independent models of the casts described in formats/torch.prof, written
 * from the PyTorch and ml_dtypes sources cited there, for the profile tests
 * (test_prof_torch.c). They work on the binary32 bit pattern with plain
 * integer arithmetic and share nothing with src/: no exmy_from_*, no
 * exmy_profile_*, no descriptor. Every model answers for binary32, binary16
 * and bfloat16 inputs; the vendors widen binary16/bfloat16 to binary32
 * exactly before converting, and so do the models.
 *
 * PyTorch (c10/util/Float8_*.h, fp8*_from_fp32_value): three bit tricks.
 *  - e4m3fn, e5m2, e4m3fnuz, e5m2fnuz: |x| at or above a threshold pattern
 *    gives the special code (NaN, or Inf for e5m2 when x is not a NaN);
 *    below the smallest normal binade of the result the code is |x| divided
 *    by the subnormal spacing and rounded to nearest even (the source does
 *    this with a binary32 addition of a power of two); otherwise the
 *    exponent field is re-biased and the pattern is rounded to nearest even
 *    at the target's last mantissa bit by adding half an ulp minus one plus
 *    the kept lowest bit, which lets a carry run into the exponent. The sign
 *    is ORed in, except that the fnuz types write 0x80 for every special and
 *    0x00 for a result of zero.
 *  - e8m0fnu: the code is the binary32 exponent field (the sign is ignored);
 *    255 (NaN, Inf) stays 255; one is added when mantissa bit 22 is set and
 *    either some lower bit is set or the exponent field is not 0 (the
 *    "implicit bit" counts as the odd last bit of a normal input; for a
 *    subnormal it is 0, so 2^-127 < |x| < 2^-126 gives 0x01 and
 *    |x| <= 2^-127 gives 0x00).
 *
 * ml_dtypes (include/float8.h ConvertImpl<float, T, false, false>, the
 * astype path): by value. Inf -> numeric_limits<T>::infinity(), NaN ->
 * quiet_NaN(), both negated for a negative input with T's own negation;
 * zero -> T's zero negated by sign (a type without zero: NaN); a negative
 * input to an unsigned type: NaN. Otherwise |x| is rounded to nearest even
 * on the grid of a format with T's exponent bits, mantissa bits and bias,
 * subnormals included (exponent field 0 with M fraction bits; for e8m0fnu
 * that makes code 0 stand for zero while rounding, so 2^-127 ties to it and
 * 2^-127 < x < 2^-126 rounds to 0x01), the code is formed linearly (a carry
 * moves into the exponent), a code above max finite is replaced by
 * infinity(), and the sign is applied with T's negation (for FP6/FP4 a flip
 * of the top bit, also of quiet_NaN() = the -0 pattern). */
#include "harness.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- inputs */

/* The binary32 pattern of a binary16 pattern (exact: every binary16 value is
 * a binary32 value; NaN payloads move to the top of the fraction). */
static uint32_t f16_to_f32_bits(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
    if (e == 0x1f)
        return sign | 0x7f800000u | (m << 13);
    if (e != 0)
        return sign | ((e - 15 + 127) << 23) | (m << 13);
    if (m == 0)
        return sign;
    /* A subnormal m * 2^-24: a normal binary32 with its top bit at 2^(t-24). */
    int t = 31 - __builtin_clz(m);
    return sign | ((uint32_t)(t - 24 + 127) << 23) | ((m << (23 - t)) & 0x7fffffu);
}

static uint32_t input_f32_bits(exmy_type type, uint64_t xbits)
{
    switch (type) {
    case EXMY_TYPE_F32:
        return (uint32_t)xbits;
    case EXMY_TYPE_F16:
        return f16_to_f32_bits((uint16_t)xbits);
    case EXMY_TYPE_BF16:
        return (uint32_t)(xbits & 0xffffu) << 16;
    default:
        /* No profile of torch.prof takes binary64 (double rounding). */
        abort();
    }
}

/* sig * 2^-sh rounded to nearest, ties to even (sh >= 1). */
static uint64_t rne_shift(uint64_t sig, int sh)
{
    if (sh >= 64)
        return 0; /* sig < 2^25 here: far below one half */
    uint64_t q = sig >> sh, rest = sig & ((UINT64_C(1) << sh) - 1), half = UINT64_C(1) << (sh - 1);
    if (rest > half || (rest == half && (q & 1)))
        q++;
    return q;
}

/* |x| of a finite binary32 pattern as sig * 2^exp2 (sig < 2^24). */
static void f32_split(uint32_t a, uint64_t *sig, int *exp2)
{
    uint32_t e = a >> 23, f = a & 0x7fffffu;
    if (e == 0) {
        *sig = f;
        *exp2 = -149;
    } else {
        *sig = f | 0x800000u;
        *exp2 = (int)e - 150;
    }
}

static ph_answer answer(uint32_t code)
{
    ph_answer a = {code, false};
    return a;
}

/* -------------------------------------------------------------- PyTorch */

typedef enum { RT_SPECIAL_FN, RT_SPECIAL_E5M2, RT_SPECIAL_FNUZ } rt_special;

typedef struct rt_torch_fp8 {
    unsigned man;       /* M */
    int bias;
    uint32_t special;   /* |x| patterns from here up take the special path */
    uint32_t sub_below; /* |x| patterns below this take the subnormal path */
    rt_special kind;
} rt_torch_fp8;

static ph_answer torch_fp8(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                           const void *ctx)
{
    (void)r;
    (void)scale_exp;
    const rt_torch_fp8 *c = ctx;
    uint32_t x = input_f32_bits(type, xbits);
    uint32_t sign = x >> 31, a = x & 0x7fffffffu;
    uint32_t code;

    if (a >= c->special) {
        switch (c->kind) {
        case RT_SPECIAL_FN:
            return answer(0x7fu | sign << 7);
        case RT_SPECIAL_E5M2:
            return answer((a > 0x7f800000u ? 0x7fu : 0x7cu) | sign << 7);
        default:
            return answer(0x80u);
        }
    }
    if (a < c->sub_below) {
        /* The spacing of the target's subnormals is 2^(1 - bias - M). */
        uint64_t sig;
        int e2;
        f32_split(a, &sig, &e2);
        int sh = (1 - c->bias - (int)c->man) - e2;
        code = (uint32_t)rne_shift(sig, sh); /* sh >= 1: |x| is below 2^(emin) */
        if (c->kind == RT_SPECIAL_FNUZ && code == 0)
            return answer(0x00u);
    } else {
        unsigned drop = 23 - c->man;
        uint32_t t = a - ((uint32_t)(127 - c->bias) << 23); /* re-bias the exponent field */
        t += ((UINT32_C(1) << (drop - 1)) - 1) + ((t >> drop) & 1u);
        code = t >> drop;
    }
    code |= sign << 7;
    return answer(code & 0xffu);
}

/* Thresholds from the headers: 480, 2^16, 2^8 and 2^16 are the first values
 * past each format's top (including its midpoint, which already rounds into
 * the special code); the subnormal paths start at 2^-6, 2^-14, 2^-6 (one
 * binade above e4m3fnuz's smallest normal 2^-7: the addition trick rounds
 * that binade correctly too) and 2^-15. */
static const rt_torch_fp8 torch_e4m3fn = {3, 7, 0x43f00000u, 121u << 23, RT_SPECIAL_FN};
static const rt_torch_fp8 torch_e5m2 = {2, 15, 143u << 23, 113u << 23, RT_SPECIAL_E5M2};
static const rt_torch_fp8 torch_e4m3fnuz = {3, 8, 0x87u << 23, 121u << 23, RT_SPECIAL_FNUZ};
static const rt_torch_fp8 torch_e5m2fnuz = {2, 16, 0x8fu << 23, 112u << 23, RT_SPECIAL_FNUZ};

static ph_answer torch_e8m0(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                            const void *ctx)
{
    (void)r;
    (void)scale_exp;
    (void)ctx;
    uint32_t x = input_f32_bits(type, xbits);
    uint32_t field = (x >> 23) & 0xffu;
    if (field == 0xffu)
        return answer(0xffu);
    bool guard = (x >> 22) & 1u;
    bool below = (x & 0x3fffffu) != 0;
    if (guard && (below || field != 0))
        field++;
    return answer(field);
}

/* ------------------------------------------------------------- ml_dtypes */

typedef enum {
    RT_NEG_XOR80,  /* 8-bit types with -0: flip bit 7 */
    RT_NEG_FNUZ,   /* flip bit 7 unless the magnitude is 0 (0x00 and 0x80 stay) */
    RT_NEG_XORTOP, /* FP6 / FP4: flip the top bit of the 6 / 4 */
    RT_NEG_NAN     /* unsigned (e8m0fnu): every negation is 0xff */
} rt_neg;

typedef struct rt_mld {
    unsigned ebits, man;
    int bias;
    bool is_signed, has_zero;
    unsigned bits;      /* code width */
    uint32_t max_mag;   /* magnitude code of max finite */
    uint32_t inf_code;  /* numeric_limits<T>::infinity() */
    uint32_t nan_code;  /* numeric_limits<T>::quiet_NaN() */
    rt_neg neg;
} rt_mld;

static uint32_t mld_negate(const rt_mld *c, uint32_t code)
{
    switch (c->neg) {
    case RT_NEG_XOR80:
        return code ^ 0x80u;
    case RT_NEG_FNUZ:
        return (code & 0x7fu) == 0 ? code : code ^ 0x80u;
    case RT_NEG_XORTOP:
        return code ^ (UINT32_C(1) << (c->bits - 1));
    default:
        return 0xffu;
    }
}

static ph_answer mld(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp, const void *ctx)
{
    (void)r;
    (void)scale_exp;
    const rt_mld *c = ctx;
    uint32_t x = input_f32_bits(type, xbits);
    bool neg = (x >> 31) != 0;
    uint32_t a = x & 0x7fffffffu;
    uint32_t code;

    if (a == 0x7f800000u)
        code = c->inf_code;
    else if (a > 0x7f800000u)
        code = c->nan_code;
    else if (a == 0 && !c->has_zero)
        return answer(c->nan_code);
    else if (a == 0)
        code = 0;
    else if (neg && !c->is_signed)
        return answer(c->nan_code);
    else {
        uint64_t sig;
        int e2;
        f32_split(a, &sig, &e2);
        int top = 63 - __builtin_clzll(sig) + e2; /* |x| in [2^top, 2^(top+1)) */
        int emin = 1 - c->bias;
        int q_exp = (top < emin ? emin : top) - (int)c->man; /* the grid's spacing 2^q_exp */
        uint64_t q = q_exp > e2 ? rne_shift(sig, q_exp - e2) : sig << (e2 - q_exp);
        uint64_t mag;
        if (top < emin)
            mag = q; /* exponent field 0; q == 2^M is the smallest normal */
        else
            mag = ((uint64_t)(top + c->bias) << c->man) + (q - (UINT64_C(1) << c->man));
        code = mag > c->max_mag ? c->inf_code : (uint32_t)mag;
    }
    return answer(neg ? mld_negate(c, code) : code);
}

static const rt_mld mld_e4m3fn = {4, 3, 7, true, true, 8, 0x7e, 0x7f, 0x7f, RT_NEG_XOR80};
static const rt_mld mld_e5m2 = {5, 2, 15, true, true, 8, 0x7b, 0x7c, 0x7e, RT_NEG_XOR80};
static const rt_mld mld_e4m3fnuz = {4, 3, 8, true, true, 8, 0x7f, 0x80, 0x80, RT_NEG_FNUZ};
static const rt_mld mld_e5m2fnuz = {5, 2, 16, true, true, 8, 0x7f, 0x80, 0x80, RT_NEG_FNUZ};
static const rt_mld mld_e4m3b11fnuz = {4, 3, 11, true, true, 8, 0x7f, 0x80, 0x80, RT_NEG_FNUZ};
static const rt_mld mld_e3m4 = {3, 4, 3, true, true, 8, 0x6f, 0x70, 0x78, RT_NEG_XOR80};
static const rt_mld mld_e4m3 = {4, 3, 7, true, true, 8, 0x77, 0x78, 0x7c, RT_NEG_XOR80};
static const rt_mld mld_e8m0fnu = {8, 0, 127, false, false, 8, 0xfe, 0xff, 0xff, RT_NEG_NAN};
static const rt_mld mld_e2m3fn = {2, 3, 1, true, true, 6, 0x1f, 0x1f, 0x20, RT_NEG_XORTOP};
static const rt_mld mld_e3m2fn = {3, 2, 3, true, true, 6, 0x1f, 0x1f, 0x20, RT_NEG_XORTOP};
static const rt_mld mld_e2m1fn = {2, 1, 1, true, true, 4, 0x7, 0x7, 0x8, RT_NEG_XORTOP};

/* ----------------------------------------------------------------- table */

static const struct {
    const char *profile;
    ph_model model;
    const void *ctx;
} models[] = {
    {"torch-e4m3fn", torch_fp8, &torch_e4m3fn},
    {"torch-e5m2", torch_fp8, &torch_e5m2},
    {"torch-e4m3fnuz", torch_fp8, &torch_e4m3fnuz},
    {"torch-e5m2fnuz", torch_fp8, &torch_e5m2fnuz},
    {"torch-e8m0fnu", torch_e8m0, NULL},
    {"ml_dtypes-float8_e4m3fn", mld, &mld_e4m3fn},
    {"ml_dtypes-float8_e5m2", mld, &mld_e5m2},
    {"ml_dtypes-float8_e4m3fnuz", mld, &mld_e4m3fnuz},
    {"ml_dtypes-float8_e5m2fnuz", mld, &mld_e5m2fnuz},
    {"ml_dtypes-float8_e4m3b11fnuz", mld, &mld_e4m3b11fnuz},
    {"ml_dtypes-float8_e3m4", mld, &mld_e3m4},
    {"ml_dtypes-float8_e4m3", mld, &mld_e4m3},
    {"ml_dtypes-float8_e8m0fnu", mld, &mld_e8m0fnu},
    {"ml_dtypes-float6_e2m3fn", mld, &mld_e2m3fn},
    {"ml_dtypes-float6_e3m2fn", mld, &mld_e3m2fn},
    {"ml_dtypes-float4_e2m1fn", mld, &mld_e2m1fn},
};

/* The model of a profile of torch.prof (and its context); NULL if none. */
ph_model rt_model(const char *profile, const void **ctx)
{
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        if (strcmp(models[i].profile, profile) == 0) {
            *ctx = models[i].ctx;
            return models[i].model;
        }
    return NULL;
}
