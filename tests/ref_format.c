#include "ref_format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ref_init(ref_format *R, const exmy_format *f)
{
    memset(R, 0, sizeof *R);
    R->f = *f;
    if (f->name[0])
        snprintf(R->label, sizeof R->label, "%s", f->name);
    else if (exmy_format_to_string(f, R->label, sizeof R->label) != EXMY_OK)
        snprintf(R->label, sizeof R->label, "?");
    R->k = f->bits;
    R->M = f->precision - 1;
    R->s = f->is_signed ? 1 : 0;
    R->sign = R->s ? UINT32_C(1) << (R->k - 1) : 0;
    if (R->k - R->s > 24) {
        fprintf(stderr, "ref_init: %s has too many codes for the model\n", R->label);
        return false;
    }
    R->mag_count = UINT64_C(1) << (R->k - R->s);
    R->has_zero = f->has_zero;
    R->has_inf = f->domain == EXMY_EXTENDED;
    /* exmy.h: the high_nans highest magnitudes are NaN, the next one is Inf
     * when extended; everything below is finite. */
    uint64_t top = R->mag_count - 1 - f->high_nans;
    R->cmax = (uint32_t)(R->has_inf ? top - 1 : top);
    R->inf_mag = (uint32_t)top;
    /* NaNs: the high codes, and the fnuz pattern (sign=1, magnitude 0). */
    bool fnuz_nan = R->s && !f->negzero;
    R->has_nan = f->high_nans > 0 || fnuz_nan;
    if (f->high_nans > 0) {
        /* Canonical NaN (the implementation's documented choice): the IEEE
         * quiet NaN (all-ones exponent, top mantissa bit) for IEEE-style
         * formats, whose NaNs are every top-exponent code above Inf; the
         * all-ones magnitude otherwise. */
        uint32_t mag = (uint32_t)(R->mag_count - 1);
        bool ieee_style = R->has_inf && R->M >= 1 && f->high_nans == (UINT32_C(1) << R->M) - 1;
        if (ieee_style) {
            unsigned E = R->k - R->s - R->M;
            mag = (((UINT32_C(1) << E) - 1) << R->M) | (UINT32_C(1) << (R->M - 1));
        }
        R->nan_pos = mag;
        R->nan_neg = R->sign | mag;
    } else {
        R->nan_pos = R->nan_neg = R->sign; /* fnuz: 0x80 is the only NaN */
    }
    R->mag = malloc(((size_t)R->cmax + 2) * sizeof *R->mag);
    if (!R->mag)
        return false;
    /* The field formula of exmy.h, code by code, with ldexp (exact). */
    for (uint64_t c = 0; c <= (uint64_t)R->cmax + 1; c++) {
        uint64_t e = c >> R->M, m = c & ((UINT64_C(1) << R->M) - 1);
        double v;
        if (c == 0 && R->has_zero)
            v = 0.0;
        else if (f->subnormals && e == 0)
            v = ldexp((double)m, 1 - f->bias - (int)R->M);
        else
            v = ldexp((double)((UINT64_C(1) << R->M) | m), (int)e - f->bias - (int)R->M);
        R->mag[c] = v;
    }
    R->maxf = R->mag[R->cmax];
    R->succ = R->mag[R->cmax + 1];
    R->first_pos = R->has_zero ? R->mag[1] : R->mag[0];
    R->min_normal = f->subnormals ? ldexp(1.0, 1 - f->bias) : R->first_pos;
    R->emax = ilogb(R->maxf);
    for (uint32_t c = 1; c <= R->cmax + 1; c++) {
        if (!(R->mag[c] > R->mag[c - 1]) || !isfinite(R->mag[c - 1])) {
            fprintf(stderr, "ref_init: %s: values not increasing at code %u\n", R->label, c);
            return false;
        }
    }
    return true;
}

void ref_free(ref_format *R)
{
    free(R->mag);
    R->mag = NULL;
}

int64_t ref_floor_index(const ref_format *R, double v)
{
    int64_t lo = -1, hi = (int64_t)R->cmax + 2; /* mag[lo] <= v < mag[hi] */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (R->mag[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int64_t ref_code_of(const ref_format *R, double v)
{
    int64_t c = ref_floor_index(R, v);
    return (c >= 0 && R->mag[c] == v) ? c : -1;
}

/* Does mode r round a value of this sign toward zero? */
static bool toward_zero(exmy_round r, bool neg)
{
    return r == EXMY_RTZ || (r == EXMY_RUP && neg) || (r == EXMY_RDN && !neg);
}

/* The saturation table. Sources: DESIGN.md "Conversion semantics" (P3109 v4.0
 * §4.7.5 for the first three, OCP OFP8 §5.2.1 / IEEE 754 §7.4 for nosat).
 *
 *                  | +-Inf input                   | finite, rounded beyond max finite
 *  satfinite       | max                           | max
 *  satpropagate    | Inf if extended, else max     | max
 *  satnone         | Inf if extended, else max     | toward-zero mode or finite format: max;
 *                  |                               | rto: the odd code of {max, Inf}; else Inf
 *  nosat           | Inf if extended, else NaN,    | toward-zero mode: max;
 *                  |   else (no NaN) max           | extended: rto -> odd of {max, Inf}, else Inf;
 *                  |                               | finite: NaN, else (no NaN) max
 *
 * ("toward zero": rtz; rup for negative values; rdn for positive ones.)
 * The rto entries follow from rounding to odd in the unbounded continuation,
 * where the code after max (cmax + 1) is exactly the Inf code of an extended
 * format: an odd Inf code wins, an even one loses to max. This matches the
 * DESIGN line "ToOdd overflow in an unsigned extended format gives max"
 * (P3109 unsigned extended: max 0xFD, Inf 0xFE) and gives Inf for P3109
 * signed extended formats (max 0x7E, Inf 0x7F): see the report if the P3109
 * text says otherwise. Stochastic modes are treated like the nearest modes
 * (they only overflow when they round away from zero). */
ref_ovf ref_overflow_rule(const ref_format *R, exmy_round r, exmy_sat s, bool neg, bool inf_input)
{
    if (inf_input) {
        switch (s) {
        case EXMY_SATFINITE:
            return REF_TO_MAX;
        case EXMY_SATPROPAGATE:
        case EXMY_SATNONE:
            return R->has_inf ? REF_TO_INF : REF_TO_MAX;
        case EXMY_NOSAT:
            return R->has_inf ? REF_TO_INF : R->has_nan ? REF_TO_NAN : REF_TO_MAX;
        }
        return REF_TO_NAN;
    }
    bool rto_inf = (R->inf_mag & 1) != 0; /* odd Inf code wins under rto */
    switch (s) {
    case EXMY_SATFINITE:
    case EXMY_SATPROPAGATE:
        return REF_TO_MAX;
    case EXMY_SATNONE:
        if (!R->has_inf || toward_zero(r, neg))
            return REF_TO_MAX;
        if (r == EXMY_RTO)
            return rto_inf ? REF_TO_INF : REF_TO_MAX;
        return REF_TO_INF;
    case EXMY_NOSAT:
        if (toward_zero(r, neg))
            return REF_TO_MAX;
        if (R->has_inf) {
            if (r == EXMY_RTO)
                return rto_inf ? REF_TO_INF : REF_TO_MAX;
            return REF_TO_INF;
        }
        return R->has_nan ? REF_TO_NAN : REF_TO_MAX;
    }
    return REF_TO_NAN;
}

ref_expect ref_nan(const ref_format *R, bool neg)
{
    ref_expect e = {EXMY_OK, 0, false};
    if (!R->has_nan) {
        e.st = EXMY_ENONAN;
        return e;
    }
    e.code = neg ? R->nan_neg : R->nan_pos;
    return e;
}

static ref_expect give(uint32_t code)
{
    ref_expect e = {EXMY_OK, code, false};
    return e;
}

ref_expect ref_zero_input(const ref_format *R, bool neg)
{
    if (!R->has_zero)
        return ref_nan(R, false); /* zero into a format without zero: invalid */
    return give(neg && R->s && R->f.negzero ? R->sign : 0);
}

static ref_expect apply_ovf(const ref_format *R, ref_ovf o, bool neg)
{
    uint32_t sg = neg ? R->sign : 0;
    switch (o) {
    case REF_TO_MAX:
        return give(sg | R->cmax);
    case REF_TO_INF:
        return give(sg | R->inf_mag);
    case REF_TO_NAN:
        break;
    }
    return ref_nan(R, neg);
}

/* Negative values (-Inf included) that do not round to zero, into an
 * unsigned format: outside its range [0, max]. exmy.h's contract (P3109's
 * lower bound of an unsigned format is 0): satfinite and satpropagate clamp
 * to 0, satnone and nosat give NaN; without zero there is nothing to clamp
 * to, so NaN. */
ref_expect ref_negative_unsigned(const ref_format *R, exmy_sat s)
{
    if (R->has_zero && (s == EXMY_SATFINITE || s == EXMY_SATPROPAGATE))
        return give(0);
    return ref_nan(R, false);
}

ref_expect ref_inf_input(const ref_format *R, exmy_round r, exmy_sat s, bool neg)
{
    if (neg && !R->s)
        return ref_negative_unsigned(R, s);
    return apply_ovf(R, ref_overflow_rule(R, r, s, neg, true), neg);
}

ref_expect ref_nan_input(const ref_format *R, bool neg)
{
    return ref_nan(R, neg && R->s);
}

int64_t ref_choose(const ref_format *R, exmy_round r, bool neg, int64_t lo, int cmp_mid)
{
    if (lo < 0)
        return 0; /* below the smallest value of a format without zero: the only candidate */
    int64_t hi = lo + 1;
    switch (r) {
    case EXMY_RNE:
        if (cmp_mid != 0)
            return cmp_mid < 0 ? lo : hi;
        return (lo & 1) == 0 ? lo : hi; /* tie: the even code (also for precision 1) */
    case EXMY_RNA:
        return cmp_mid < 0 ? lo : hi;
    case EXMY_RTZ:
        return lo;
    case EXMY_RUP:
        return neg ? lo : hi;
    case EXMY_RDN:
        return neg ? hi : lo;
    case EXMY_RTO:
        return (lo & 1) ? lo : hi;
    default:
        break;
    }
    (void)R;
    return -1;
}

ref_expect ref_finish(const ref_format *R, exmy_round r, exmy_sat s, bool neg, int64_t c)
{
    if (neg && !R->s) {
        /* A negative value fits an unsigned format only if it rounds to zero. */
        if (c == 0 && R->has_zero)
            return give(0);
        return ref_negative_unsigned(R, s);
    }
    if (c > (int64_t)R->cmax) {
        ref_expect e = apply_ovf(R, ref_overflow_rule(R, r, s, neg, false), neg);
        e.overflow = true;
        return e;
    }
    if (c == 0 && R->has_zero)
        return ref_zero_input(R, neg);
    return give((neg ? R->sign : 0) | (uint32_t)c);
}

const char *ref_mode_label(const ref_format *R, exmy_round r, exmy_sat s, char *buf, size_t len)
{
    snprintf(buf, len, "%s %s %s", R->label, exmy_round_name(r), exmy_sat_name(s));
    return buf;
}
