/* Conversion profiles: what one vendor's conversion does with a format.
 *
 * A thin layer of rules around the scalar core: the input is decoded exactly
 * (exmy__exact, as every exmy_from_* does), the profile's rules rewrite it or
 * answer outright (NaN code, DAZ, scale, negative inputs and zero for
 * unsigned targets, relu), the core rounds it once with the profile's
 * rounding and saturation, and FTZ rewrites the result. The order is the
 * header's (exmy_profile_convert). The .prof parser is profile_parse.c. */
#include "exmy_internal.h"

#include <string.h>

/* The input types' IEEE layouts, indexed by exmy_type. */
static const unsigned char type_ebits[] = {11, 8, 5, 8};
static const unsigned char type_mbits[] = {52, 23, 10, 7};
_Static_assert(sizeof type_ebits == EXMY_TYPE_BF16 + 1, "one layout per input type");

#define ALL_INPUTS ((1u << (EXMY_TYPE_BF16 + 1)) - 1)

static bool fits(const exmy__prep *P, uint32_t code)
{
    return P->k >= 32 || (code >> P->k) == 0;
}

/* IEEE-style: every code of the top exponent but Inf is a NaN, so a NaN can
 * carry a quiet bit and a payload (EXMY_NANOUT_QUIET). */
static bool ieee_style(const exmy__prep *P)
{
    return P->s && P->has_inf && P->M >= 1 && P->high_nans == (UINT64_C(1) << P->M) - 1;
}

#define BAD(K, ...)                                                                             \
    do {                                                                                        \
        if (key)                                                                                \
            *key = (K);                                                                         \
        exmy__why(why, whylen, __VA_ARGS__);                                                    \
        return EXMY_EFORMAT;                                                                    \
    } while (0)

exmy_status exmy__profile_check(const exmy_profile *p, exmy__prep *P, exmy__pkey *key, char *why,
                                size_t whylen)
{
    if (!p) {
        exmy__why(why, whylen, "no profile");
        return EXMY_EINVAL;
    }
    if (exmy__prepare(&p->format, P) != EXMY__FMT_OK) {
        char reason[200];
        exmy_format_validate(&p->format, reason, sizeof reason);
        BAD(EXMY__PK_FORMAT, "format: %s", reason);
    }
    if ((unsigned)p->conv.round >= EXMY_ROUND_COUNT)
        BAD(EXMY__PK_ROUND, "rounding mode %u out of range", (unsigned)p->conv.round);
    if ((unsigned)p->conv.sat >= EXMY_SAT_COUNT)
        BAD(EXMY__PK_SAT, "saturation mode %u out of range", (unsigned)p->conv.sat);
    if (!exmy__opts_ok(&p->conv))
        BAD(EXMY__PK_SR_BITS, "round %s needs sr-bits 1..32 (got %u)",
            exmy_round_name(p->conv.round), p->conv.sr_bits);
    switch (p->nan_out) {
    case EXMY_NANOUT_CANONICAL:
    case EXMY_NANOUT_UNSPECIFIED:
        break;
    case EXMY_NANOUT_FIXED:
        if (!fits(P, p->nan_code))
            BAD(EXMY__PK_NAN, "nan code 0x%x does not fit the format's %u bits", p->nan_code,
                P->k);
        break;
    case EXMY_NANOUT_SIGNED:
        if (!P->s)
            BAD(EXMY__PK_NAN, "nan signed needs a signed format");
        if (!fits(P, p->nan_code))
            BAD(EXMY__PK_NAN, "nan code 0x%x does not fit the format's %u bits", p->nan_code,
                P->k);
        break;
    case EXMY_NANOUT_QUIET:
        if (!ieee_style(P))
            BAD(EXMY__PK_NAN, "nan quiet needs a signed IEEE-style format (every code of the top "
                              "exponent but Inf a NaN)");
        break;
    default:
        BAD(EXMY__PK_NAN, "nan rule %u out of range", (unsigned)p->nan_out);
    }
    if ((unsigned)p->negative >= EXMY_NEG_COUNT)
        BAD(EXMY__PK_NEGATIVE, "negative rule %u out of range", (unsigned)p->negative);
    if (p->negative != EXMY_NEG_FORMAT && P->s)
        BAD(EXMY__PK_NEGATIVE, "negative %s is for unsigned formats only",
            exmy_neg_rule_name(p->negative));
    if (p->negative == EXMY_NEG_ZERO && !P->has_zero && !p->zero_to_code)
        BAD(EXMY__PK_NEGATIVE, "negative zero needs a format with zero or a 'zero' code");
    if (p->zero_to_code && !fits(P, p->zero_code))
        BAD(EXMY__PK_ZERO, "zero code 0x%x does not fit the format's %u bits", p->zero_code, P->k);
    if (p->inputs == 0 || (p->inputs & ~ALL_INPUTS))
        BAD(EXMY__PK_INPUTS, "inputs must be a non-empty set of f64, f32, f16, bf16");
    if (p->lanes < 1)
        BAD(EXMY__PK_LANES, "lanes must be at least 1");
    /* Every lane's R lies inside the 32-bit random operand. */
    if (p->rbits_lanes) {
        if (p->rbits_lanes != p->lanes || p->lanes > EXMY_PROFILE_LANES_MAX)
            BAD(EXMY__PK_RBITS_LANES, "rbits-lanes gives %u shifts for %u lanes (at most %u)",
                p->rbits_lanes, p->lanes, EXMY_PROFILE_LANES_MAX);
        for (unsigned i = 0; i < p->lanes; i++) {
            unsigned sh = p->rbits_lane_shift[i];
            if (sh > 31 ||
                (exmy_round_is_stochastic(p->conv.round) && sh + p->conv.sr_bits > 32))
                BAD(EXMY__PK_RBITS_LANES, "rbits-lanes: lane %u's %u random bits from bit %u "
                                          "run past bit 31", i, p->conv.sr_bits, sh);
        }
    } else {
        uint64_t last = (uint64_t)p->rbits_shift + (uint64_t)(p->lanes - 1) * p->rbits_stride;
        if (last > 31)
            BAD(EXMY__PK_RBITS, "rbits %u %u: lane %u starts past bit 31", p->rbits_shift,
                p->rbits_stride, p->lanes - 1);
        if (exmy_round_is_stochastic(p->conv.round) && last + p->conv.sr_bits > 32)
            BAD(EXMY__PK_RBITS, "rbits %u %u: lane %u's %u random bits run past bit 31",
                p->rbits_shift, p->rbits_stride, p->lanes - 1, p->conv.sr_bits);
    }
    if (p->has_tiny_round) {
        if ((unsigned)p->tiny_round >= EXMY_ROUND_COUNT ||
            exmy_round_is_stochastic(p->tiny_round))
            BAD(EXMY__PK_TINY_ROUND, "tiny-round needs a deterministic rounding mode");
        if (p->tiny_exp <= -(1 << 20) || p->tiny_exp >= (1 << 20))
            BAD(EXMY__PK_TINY_ROUND, "tiny-round exponent %d out of range", p->tiny_exp);
    }
    if (!p->source[0])
        BAD(EXMY__PK_SOURCE, "no source (a citation: document, version, section)");
    return EXMY_OK;
}

exmy_status exmy_profile_validate(const exmy_profile *p, char *why, size_t whylen)
{
    exmy__prep P;
    exmy_status st = exmy__profile_check(p, &P, NULL, why, whylen);
    if (st != EXMY_OK)
        return st;
    /* The text fields must be strings of their arrays. */
    const struct {
        const char *what, *s;
        size_t n;
    } texts[] = {
        {"name", p->name, sizeof p->name},
        {"aliases", p->aliases, sizeof p->aliases},
        {"family", p->family, sizeof p->family},
        {"source", p->source, sizeof p->source},
        {"unspecified", p->unspecified, sizeof p->unspecified},
        {"note", p->note, sizeof p->note},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!memchr(texts[i].s, '\0', texts[i].n)) {
            exmy__why(why, whylen, "%s is not NUL-terminated", texts[i].what);
            return EXMY_EFORMAT;
        }
    return EXMY_OK;
}

/* The code of a NaN input (or of a negative input under EXMY_NEG_NAN, with
 * mant == 0): the profile's nan_out rule. `mant` holds the input's mantissa
 * field of mbits bits. */
static exmy_status nan_result(const exmy_profile *p, const exmy__prep *P, bool neg, uint64_t mant,
                              unsigned mbits, uint32_t *code, unsigned *flags)
{
    uint64_t sign = neg ? P->sign : 0;
    switch (p->nan_out) {
    case EXMY_NANOUT_FIXED:
        *code = p->nan_code;
        break;
    case EXMY_NANOUT_SIGNED:
        *code = (uint32_t)(sign ^ p->nan_code);
        break;
    case EXMY_NANOUT_QUIET: {
        /* The top M bits of the input's mantissa, the first of them (the
         * quiet bit) forced to 1, under the all-ones exponent. */
        uint64_t top = P->M <= mbits ? mant >> (mbits - P->M) : mant << (P->M - mbits);
        uint64_t expo = ((UINT64_C(1) << P->E) - 1) << P->M;
        *code = (uint32_t)(sign | expo | (UINT64_C(1) << (P->M - 1)) | top);
        break;
    }
    default: { /* canonical, unspecified: the core's own answer */
        exmy__exact x = {.kind = EXMY__X_NAN, .neg = neg};
        return exmy__round_exact(P, &x, &p->conv, 0, code, flags);
    }
    }
    if (flags)
        *flags = EXMY_FLAG_INVALID;
    return EXMY_OK;
}

/* Is the finite or zero x below 2^k in magnitude? x = (m + d) * 2^e with
 * 0 <= d < 1 lies in [2^(L-1+e), 2^(L+e)) for a significand of L bits. */
static bool tiny(const exmy__exact *x, int k)
{
    if (x->kind == EXMY__X_ZERO)
        return true;
    if (x->kind != EXMY__X_FINITE)
        return false;
    if (x->m == 0)
        return x->e <= k; /* (0 + d) * 2^e < 2^e */
    int64_t L = 64 - __builtin_clzll(x->m);
    return L + x->e <= k;
}

/* Steps (c)-(d) of exmy_profile_convert on a checked profile and type: the
 * input decoded exactly, DAZ, the scale. The scale is exact for every
 * scale_exp: x * 2^scale_exp is formed on the exact decoded value (an
 * integer significand, a 64-bit exponent), never in binary64, so no scale
 * operand is refused and the core rounds once. */
void exmy__profile_decode(const exmy_profile *p, exmy_type type, uint64_t xbits, int scale_exp,
                          exmy__exact *x, bool *flushed)
{
    unsigned eb = type_ebits[type], mb = type_mbits[type];
    exmy__exact_from_ieee(xbits, eb, mb, x);
    *flushed = false;
    /* (c) DAZ: a subnormal of the input's own type reads as zero */
    if (p->daz && x->kind == EXMY__X_FINITE &&
        ((xbits >> mb) & ((UINT64_C(1) << eb) - 1)) == 0) {
        x->kind = EXMY__X_ZERO;
        x->m = 0;
        x->e = 0;
        *flushed = true;
    }
    /* (d) the scale: exact on the decoded value */
    if (x->kind == EXMY__X_FINITE)
        x->e += scale_exp;
}

exmy_status exmy__profile_call_check(const exmy_profile *p, exmy__prep *P, exmy_type type,
                                     int scale_exp)
{
    exmy_status st = exmy__profile_check(p, P, NULL, NULL, 0);
    if (st != EXMY_OK)
        return st;
    if ((unsigned)type > EXMY_TYPE_BF16)
        return EXMY_EINVAL;
    /* (a) the instruction's input types and scale operand */
    if (!(p->inputs & (1u << type)))
        return EXMY_ETYPE;
    if (scale_exp != 0 && !p->scaled)
        return EXMY_EINVAL;
    return EXMY_OK;
}

exmy_status exmy__profile_input(const exmy_profile *p, exmy__prep *P, exmy_type type,
                                uint64_t xbits, int scale_exp, exmy__exact *x, bool *flushed)
{
    exmy_status st = exmy__profile_call_check(p, P, type, scale_exp);
    if (st != EXMY_OK)
        return st;
    exmy__profile_decode(p, type, xbits, scale_exp, x, flushed);
    return EXMY_OK;
}

/* Steps (b) and (e)-(h) of exmy_profile_convert on the decoded input. */
exmy_status exmy__profile_finish(const exmy_profile *p, const exmy__prep *P, exmy_type type,
                                 uint64_t xbits, const exmy__exact *xin, uint32_t r,
                                 uint32_t *code, unsigned *flags)
{
    exmy__exact x = *xin;
    exmy_status st = EXMY_OK;
    unsigned fl = 0;

    /* (b) NaN: the nan_out rule, with the input's mantissa field for quieting */
    unsigned mb = type_mbits[type];
    if (x.kind == EXMY__X_NAN)
        return nan_result(p, P, x.neg, xbits & ((UINT64_C(1) << mb) - 1), mb, code, flags);
    /* (e) unsigned targets: negative inputs (-0 is a zero, not negative) and zero */
    if (!P->s && x.neg && x.kind != EXMY__X_ZERO) {
        switch (p->negative) {
        case EXMY_NEG_MAGNITUDE:
            x.neg = false;
            break;
        case EXMY_NEG_ZERO:
            *code = p->zero_to_code ? p->zero_code : 0;
            fl = EXMY_FLAG_INEXACT;
            goto out;
        case EXMY_NEG_NAN:
            return nan_result(p, P, true, 0, mb, code, flags);
        default:
            break;
        }
    }
    if (p->zero_to_code && x.kind == EXMY__X_ZERO) {
        *code = p->zero_code;
        fl = exmy__classify(P, p->zero_code) == EXMY_CLASS_ZERO ? 0 : EXMY_FLAG_INEXACT;
        goto out;
    }
    /* (f) relu: a negative input (-0 and -Inf included) converts as +0 */
    if (p->relu && x.neg) {
        if (x.kind != EXMY__X_ZERO)
            fl |= EXMY_FLAG_INEXACT;
        memset(&x, 0, sizeof x);
        x.kind = EXMY__X_ZERO;
    }
    /* (g) the format contract, rounding once from the exact value */
    unsigned cfl = 0;
    exmy_opts conv = p->conv;
    if (p->has_tiny_round && tiny(&x, p->tiny_exp))
        conv.round = p->tiny_round;
    st = exmy__round_exact(P, &x, &conv, r, code, &cfl);
    fl |= cfl;
    /* (h) FTZ: a subnormal result flushes to zero of its sign */
    if (st == EXMY_OK && p->ftz && exmy__classify(P, *code) == EXMY_CLASS_SUBNORMAL) {
        *code = P->negzero ? (uint32_t)(*code & P->sign) : 0;
        fl |= EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW;
    }
out:
    if (flags)
        *flags = fl;
    return st;
}

/* The flags of the profile's own rules: exmy.h. */
exmy_status exmy_profile_convert(const exmy_profile *p, exmy_type type, uint64_t xbits,
                                 uint32_t r, int scale_exp, uint32_t *code, unsigned *flags)
{
    exmy__prep P;
    exmy__exact x;
    bool flushed;
    if (!code) { /* the profile's own fault first, as every entry point reports it */
        exmy_status cst = exmy__profile_check(p, &P, NULL, NULL, 0);
        return cst != EXMY_OK ? cst : EXMY_EINVAL;
    }
    exmy_status st = exmy__profile_input(p, &P, type, xbits, scale_exp, &x, &flushed);
    if (st != EXMY_OK)
        return st;
    return exmy__profile_finish(p, &P, type, xbits, &x, r, code, flags);
}

exmy_status exmy_profile_from_f32(const exmy_profile *p, float x, uint32_t r, uint32_t *code,
                                  unsigned *flags)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return exmy_profile_convert(p, EXMY_TYPE_F32, b, r, 0, code, flags);
}

uint32_t exmy_profile_lane_bits(const exmy_profile *p, uint32_t rbits, unsigned lane)
{
    if (!p || !exmy_round_is_stochastic(p->conv.round) || lane >= p->lanes)
        return 0;
    unsigned N = p->conv.sr_bits;
    if (N < 1 || N > 32)
        return 0;
    uint64_t sh = p->rbits_lanes ? (lane < EXMY_PROFILE_LANES_MAX ? p->rbits_lane_shift[lane] : 32)
                                 : (uint64_t)p->rbits_shift + (uint64_t)lane * p->rbits_stride;
    uint64_t v = sh >= 32 ? 0 : (uint64_t)rbits >> sh;
    return (uint32_t)(v & ((UINT64_C(1) << N) - 1));
}

bool exmy__profile_accepts_code(const exmy_profile *p, const exmy__prep *P, exmy_status st,
                               uint32_t want, uint32_t code)
{
    if (st == EXMY_ENONAN)
        /* No answer: a format without NaN leaves the code open only where
         * the profile says the NaN code is unspecified. */
        return p->nan_out == EXMY_NANOUT_UNSPECIFIED && fits(P, code);
    if (st != EXMY_OK)
        return false;
    if (code == want)
        return true;
    if (p->nan_out != EXMY_NANOUT_UNSPECIFIED)
        return false;
    /* Any NaN code of the format stands for a NaN result. */
    return fits(P, code) && exmy__classify(P, want) == EXMY_CLASS_NAN &&
           exmy__classify(P, code) == EXMY_CLASS_NAN;
}

bool exmy_profile_accepts(const exmy_profile *p, exmy_type type, uint64_t xbits, uint32_t r,
                          int scale_exp, uint32_t code)
{
    uint32_t want = 0;
    exmy__prep P;
    exmy_status st = exmy_profile_convert(p, type, xbits, r, scale_exp, &want, NULL);
    if (st != EXMY_OK && st != EXMY_ENONAN)
        return false;
    exmy__prepare(&p->format, &P); /* valid: the conversion got past its checks */
    return exmy__profile_accepts_code(p, &P, st, want, code);
}

exmy_status exmy_profile_from_format(const exmy_format *f, const exmy_opts *o, exmy_profile *out)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (!exmy__opts_ok(o) || !out)
        return EXMY_EINVAL;
    exmy_profile p;
    memset(&p, 0, sizeof p);
    /* The format's name may fill its array without a NUL: copy at most
     * EXMY_NAME_MAX characters. */
    const char *end = memchr(f->name, '\0', sizeof f->name);
    size_t len = end ? (size_t)(end - f->name) : EXMY_NAME_MAX;
    memcpy(p.name, f->name, len);
    p.format = *f;
    p.conv = *o;
    p.nan_out = EXMY_NANOUT_CANONICAL;
    p.negative = EXMY_NEG_FORMAT;
    p.inputs = ALL_INPUTS;
    p.lanes = 1;
    exmy__strlcpy(p.source, "exmy format contract", sizeof p.source);
    *out = p;
    return EXMY_OK;
}
