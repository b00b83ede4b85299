/* The scalar conversion core: the oracle every fast path is tested against.
 *
 * Every input is first turned into an exact value (-1)^neg * (m + d) * 2^e
 * (exmy__exact); one routine then rounds it onto the format's code lattice.
 * The arithmetic is integer-only, so results never depend on the host FPU's
 * modes, and there is exactly one rounding from the input's own bits.
 *
 * Method. Magnitude codes are monotone in value, so for |x| we find the code
 * c_lo of the largest value L <= |x| and its successor c_hi = c_lo + 1 with
 * value H, in the format's unbounded continuation (codes past max finite
 * continue the exponent range; that is how "round first, range second" is
 * decided). The fraction nu = (|x| - L) / (H - L) in [0, 1) is formed as a
 * 64-bit fixed-point number plus a sticky bit, which determines every
 * rounding mode exactly: nearest modes need nu against 1/2, the stochastic
 * modes floor(nu * 2^(N+1)) with N <= 32 and whether the rest is zero.
 * (floor(floor(y)/2^j) == floor(y/2^j), so truncating nu to 64 bits loses
 * nothing they look at.) H - L is a power of two 2^u except between zero and
 * the first value of a format without subnormals, where it is (2^M+1)*2^u. */
#include "exmy_internal.h"

#include <string.h>

__extension__ typedef unsigned __int128 u128;

static exmy_status give_nan(const exmy__prep *P, bool neg, uint32_t *code)
{
    if (!P->has_nan)
        return EXMY_ENONAN;
    *code = (uint32_t)exmy__nan_code(P, neg);
    return EXMY_OK;
}

/* Zero of the requested sign, as far as the format has one. */
static uint32_t give_zero(const exmy__prep *P, bool neg)
{
    return (uint32_t)((neg && P->negzero) ? P->sign : 0);
}

static uint32_t give_mag(const exmy__prep *P, bool neg, uint64_t c)
{
    return (uint32_t)((neg ? P->sign : 0) | c);
}

/* Does rounding in mode r point toward zero for a value of this sign? */
static bool toward_zero(exmy_round r, bool neg)
{
    return r == EXMY_RTZ || (r == EXMY_RUP && neg) || (r == EXMY_RDN && !neg);
}

/* The result of a finite value whose rounded magnitude exceeds max finite,
 * or of an infinite input (is_inf). P3109 v4.0 §4.7.5 for the three
 * saturation modes; OCP OFP8 §5.2.1 / IEEE 754 §7.4 for nosat. */
static exmy_status overflow(const exmy__prep *P, const exmy_opts *o, bool neg,
                            bool is_inf, uint32_t *code, unsigned *flags)
{
    uint32_t maxc = give_mag(P, neg, P->cmax);
    uint32_t infc = give_mag(P, neg, P->inf_mag);
    unsigned clamp_flags = EXMY_FLAG_OVERFLOW | EXMY_FLAG_INEXACT;
    if (is_inf) {
        /* Inf is exact in a format that has it; only satfinite clamps it. */
        if (P->has_inf && o->sat != EXMY_SATFINITE) {
            *code = infc;
            return EXMY_OK;
        }
        if (o->sat == EXMY_NOSAT && P->has_nan) {
            *flags |= EXMY_FLAG_OVERFLOW | EXMY_FLAG_INEXACT;
            return give_nan(P, neg, code);
        }
        *flags |= clamp_flags;
        *code = maxc;
        return EXMY_OK;
    }
    *flags |= clamp_flags;
    switch (o->sat) {
    case EXMY_SATFINITE:
    case EXMY_SATPROPAGATE:
        *code = maxc;
        return EXMY_OK;
    case EXMY_SATNONE:
        if (toward_zero(o->round, neg) || !P->has_inf) {
            *code = maxc;
        } else if (o->round == EXMY_RTO) {
            /* To odd between max finite and Inf: whichever code is odd. */
            *code = (P->inf_mag & 1) ? infc : maxc;
        } else {
            *code = infc;
        }
        return EXMY_OK;
    case EXMY_NOSAT:
        if (toward_zero(o->round, neg)) {
            *code = maxc;
            return EXMY_OK;
        }
        if (o->round == EXMY_RTO && P->has_inf) {
            *code = (P->inf_mag & 1) ? infc : maxc;
            return EXMY_OK;
        }
        if (P->has_inf) {
            *code = infc;
            return EXMY_OK;
        }
        if (P->has_nan)
            return give_nan(P, neg, code);
        /* No Inf and no NaN (FP4/FP6): nothing but max finite can stand for
         * an overflow; this is what ml_dtypes' casts to these formats do. */
        *code = maxc;
        return EXMY_OK;
    }
    return EXMY_EINVAL;
}

/* A negative value (or -Inf) whose rounded magnitude is not zero, into an
 * unsigned format, whose range is [0, max] (P3109: M^lo = 0): SatFinite and
 * SatPropagate clamp to 0; SatNone and the non-saturating mode give NaN. A
 * format without zero (e8m0fnu) has nothing to clamp to: NaN. */
static exmy_status negative_unsigned(const exmy__prep *P, const exmy_opts *o, uint32_t *code,
                                     unsigned *flags)
{
    if (P->has_zero && (o->sat == EXMY_SATFINITE || o->sat == EXMY_SATPROPAGATE)) {
        *flags |= EXMY_FLAG_INEXACT | EXMY_FLAG_OVERFLOW;
        *code = 0;
        return EXMY_OK;
    }
    *flags |= EXMY_FLAG_INVALID;
    return give_nan(P, false, code);
}

/* Round away from the lower neighbour? nu is the fraction as 64-bit fixed
 * point, nst whether anything nonzero lies below it; nu > 0 or nst. */
static bool round_up(const exmy_opts *o, bool neg, uint64_t c_lo, uint64_t nu, bool nst,
                     uint32_t rbits)
{
    const uint64_t half = UINT64_C(1) << 63;
    unsigned N = o->sr_bits;
    uint64_t R = N >= 32 ? rbits : (rbits & ((UINT64_C(1) << N) - 1));
    switch (o->round) {
    case EXMY_RNE:
        if (nu != half || nst)
            return nu > half || (nu == half && nst);
        return (c_lo & 1) != 0; /* tie: the even code */
    case EXMY_RNA:
        return nu >= half;
    case EXMY_RTZ:
        return false;
    case EXMY_RUP:
        return !neg;
    case EXMY_RDN:
        return neg;
    case EXMY_RTO:
        return (c_lo & 1) == 0;
    case EXMY_SR_A: {
        uint64_t F = nu >> (64 - N);
        return F + R >= (UINT64_C(1) << N);
    }
    case EXMY_SR_B: {
        uint64_t F = nu >> (63 - N); /* floor(nu * 2^(N+1)) */
        return F + 2 * R + 1 >= (UINT64_C(1) << (N + 1));
    }
    case EXMY_SR_C: {
        uint64_t F = nu >> (63 - N); /* floor(nu * 2^(N+1)) */
        bool rest = nst || (nu << (N + 1)) != 0;
        uint64_t q = F >> 1;
        if (F & 1) /* at or above the half-way point of nu * 2^N */
            q += (rest || (q & 1)) ? 1 : 0;
        return q + R >= (UINT64_C(1) << N);
    }
    }
    return false;
}

exmy_status exmy__round_exact(const exmy__prep *P, const exmy__exact *x, const exmy_opts *o,
                              uint32_t rbits, uint32_t *code, unsigned *flags)
{
    unsigned fl = 0;
    exmy_status st = EXMY_OK;
    bool neg = x->neg;

    switch (x->kind) {
    case EXMY__X_NAN:
        fl |= EXMY_FLAG_INVALID;
        st = give_nan(P, neg && P->s, code);
        goto out;
    case EXMY__X_ZERO:
        if (!P->has_zero) {
            fl |= EXMY_FLAG_INVALID;
            st = give_nan(P, false, code);
        } else {
            *code = give_zero(P, neg);
        }
        goto out;
    case EXMY__X_INF:
        if (neg && !P->s)
            st = negative_unsigned(P, o, code, &fl);
        else
            st = overflow(P, o, neg, true, code, &fl);
        goto out;
    case EXMY__X_FINITE:
        break;
    }

    /* Normalise: bit 63 of m set; |x| = (m + d) * 2^e, top bit at 2^ex. */
    uint64_t m = x->m;
    int64_t e = x->e;
    if (m == 0) { /* only a sticky part: a value too small to matter */
        m = 1;
        e -= 1;
    }
    int lz = __builtin_clzll(m);
    m <<= lz;
    e -= lz;
    int64_t ex = e + 63;
    bool sticky = x->sticky;

    /* Beyond the first code past max finite every mode overflows. */
    if (ex > P->ovf_ex || (ex == P->ovf_ex && m >= P->ovf_m)) {
        if (neg && !P->s)
            st = negative_unsigned(P, o, code, &fl);
        else
            st = overflow(P, o, neg, false, code, &fl);
        goto out;
    }

    const int64_t emin_n = P->emin_n;
    int64_t u;         /* H - L = d * 2^u */
    uint64_t d = 1;
    uint64_t l;        /* L = l * 2^u */
    int64_t c_lo;      /* -1: no value below |x| (format without zero) */
    bool tiny = ex < emin_n;
    if (!tiny) {
        u = ex - P->M;
        l = m >> (63 - P->M);
        c_lo = (int64_t)((uint64_t)(ex + P->bias) << P->M | (l - (UINT64_C(1) << P->M)));
        if (c_lo == 0 && P->has_zero && !P->subnormals)
            goto zero_gap;
    } else if (P->subnormals) {
        u = emin_n - P->M;
        int64_t sh = u - e;
        l = sh >= 64 ? 0 : m >> sh;
        c_lo = (int64_t)l;
    } else if (P->has_zero) {
        goto zero_gap;
    } else {
        c_lo = -1;
        u = 0;
        l = 0;
    }
    if (0) {
    zero_gap:
        /* Between zero and the first value (2^M+1)*2^(-bias-M) of a format
         * without subnormals. */
        tiny = true;
        c_lo = 0;
        l = 0;
        u = -(int64_t)P->bias - P->M;
        d = (UINT64_C(1) << P->M) + 1;
    }

    uint64_t c;
    if (c_lo < 0) {
        c = 0; /* nothing below: the smallest value is the only candidate */
        fl |= EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW;
    } else {
        /* R = (|x| - L) * 2^(64-u), an integer below d * 2^64, plus sticky. */
        int64_t sh = e - u + 64;
        u128 X;
        if (sh >= 0) {
            X = (u128)m << sh;
        } else if (sh > -64) {
            X = m >> -sh;
            sticky = sticky || (m & ((UINT64_C(1) << -sh) - 1)) != 0;
        } else {
            X = 0;
            sticky = true;
        }
        u128 R = X - ((u128)l << 64);
        uint64_t nu = d == 1 ? (uint64_t)R : (uint64_t)(R / d);
        bool nst = sticky || (d != 1 && (R % d) != 0);
        if (nu == 0 && !nst) {
            c = (uint64_t)c_lo; /* exact */
        } else {
            fl |= EXMY_FLAG_INEXACT | (tiny ? EXMY_FLAG_UNDERFLOW : 0);
            c = (uint64_t)c_lo + (round_up(o, neg, (uint64_t)c_lo, nu, nst, rbits) ? 1 : 0);
        }
    }

    if (neg && !P->s) {
        /* A negative value fits an unsigned format only as zero. */
        if (c == 0 && P->has_zero)
            *code = 0;
        else
            st = negative_unsigned(P, o, code, &fl);
        goto out;
    }
    if (c > P->cmax) {
        st = overflow(P, o, neg, false, code, &fl);
        goto out;
    }
    *code = (c == 0 && P->has_zero) ? give_zero(P, neg) : give_mag(P, neg, c);

out:
    if (flags)
        *flags = st == EXMY_OK ? fl : (fl | EXMY_FLAG_INVALID);
    return st;
}

void exmy__exact_from_f64(double x, exmy__exact *out)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    exmy__exact_from_ieee(b, 11, 52, out);
}

exmy_status exmy__from_checks(const exmy_format *f, const exmy_opts *o, const uint32_t *code,
                              exmy__prep *P)
{
    exmy__bad bad = exmy__prepare(f, P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (!exmy__opts_ok(o) || !code)
        return EXMY_EINVAL;
    return EXMY_OK;
}

/* The front end of every exmy_from_* with a binary input: check the
 * descriptor and options once, then round. */
static exmy_status encode(const exmy_format *f, const exmy__exact *x, const exmy_opts *o,
                          uint32_t rbits, uint32_t *code, unsigned *flags)
{
    exmy__prep P;
    exmy_status st = exmy__from_checks(f, o, code, &P);
    if (st != EXMY_OK)
        return st;
    return exmy__round_exact(&P, x, o, rbits, code, flags);
}

exmy_status exmy_from_f64(const exmy_format *f, double x, const exmy_opts *o, uint32_t rbits,
                          uint32_t *code, unsigned *flags)
{
    exmy__exact ex;
    exmy__exact_from_f64(x, &ex);
    return encode(f, &ex, o, rbits, code, flags);
}

exmy_status exmy_from_f32(const exmy_format *f, float x, const exmy_opts *o, uint32_t rbits,
                          uint32_t *code, unsigned *flags)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    exmy__exact ex;
    exmy__exact_from_ieee(b, 8, 23, &ex);
    return encode(f, &ex, o, rbits, code, flags);
}

exmy_status exmy_from_f16bits(const exmy_format *f, uint16_t x, const exmy_opts *o, uint32_t rbits,
                              uint32_t *code, unsigned *flags)
{
    exmy__exact ex;
    exmy__exact_from_ieee(x, 5, 10, &ex);
    return encode(f, &ex, o, rbits, code, flags);
}

exmy_status exmy_from_bf16bits(const exmy_format *f, uint16_t x, const exmy_opts *o,
                               uint32_t rbits, uint32_t *code, unsigned *flags)
{
    exmy__exact ex;
    exmy__exact_from_ieee(x, 8, 7, &ex);
    return encode(f, &ex, o, rbits, code, flags);
}

exmy_status exmy_from_code(const exmy_format *f, const exmy_format *src, uint32_t src_code,
                           const exmy_opts *o, uint32_t rbits, uint32_t *code, unsigned *flags)
{
    exmy__prep S;
    exmy__bad bad = exmy__prepare(src, &S);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    /* Decoding is exact: every value of a valid format is a binary64. */
    exmy__exact ex;
    exmy__exact_from_f64(exmy__value(&S, src_code), &ex);
    return encode(f, &ex, o, rbits, code, flags);
}
