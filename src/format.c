/* Format descriptors: validation, derived constants, classification and the
 * sorted list of values. */
#include "exmy_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

exmy_status exmy_format_validate(const exmy_format *f, char *why, size_t whylen)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    switch (bad) {
    case EXMY__FMT_OK:
        return EXMY_OK;
    case EXMY__BAD_NULL:
        exmy__why(why, whylen, "no format");
        break;
    case EXMY__BAD_BITS:
        exmy__why(why, whylen, "width %u bits is outside 1..32", f->bits);
        break;
    case EXMY__BAD_PRECISION:
        exmy__why(why, whylen, "precision must be at least 1 (the implicit bit)");
        break;
    case EXMY__BAD_NO_EXPONENT:
        exmy__why(why, whylen,
                  "%u bits leave no exponent bits for %u mantissa bits%s: need at least 1",
                  f->bits, f->precision - 1, f->is_signed ? " and a sign" : "");
        break;
    case EXMY__BAD_BIAS:
        exmy__why(why, whylen, "bias %d is out of range", f->bias);
        break;
    case EXMY__BAD_DOMAIN:
        exmy__why(why, whylen, "domain must be finite or extended");
        break;
    case EXMY__BAD_NEGZERO:
        exmy__why(why, whylen, "an unsigned format has no negative zero");
        break;
    case EXMY__BAD_NOZERO_SUB:
        exmy__why(why, whylen, "a format with subnormals always has zero (nozero needs nosub)");
        break;
    case EXMY__BAD_NANS:
        exmy__why(why, whylen, "%u NaN%s%s leave no positive finite value among %llu magnitudes",
                  f->high_nans, f->high_nans == 1 ? "" : "s",
                  f->domain == EXMY_EXTENDED ? " and Inf" : "",
                  (unsigned long long)P.mag_count);
        break;
    case EXMY__BAD_MAX:
        exmy__why(why, whylen, "bias %d puts the largest value at 2^%lld, beyond binary64 (2^1023)",
                  f->bias, (long long)P.top_ex);
        break;
    case EXMY__BAD_MIN:
        exmy__why(why, whylen, "bias %d puts the smallest value below 2^-1074, beyond binary64",
                  f->bias);
        break;
    }
    return exmy__bad_status(bad);
}

static double mag_to_double(const exmy__prep *P, uint64_t c)
{
    uint64_t sig;
    int64_t ex;
    exmy__mag_value(P, c, &sig, &ex);
    return ldexp((double)sig, (int)ex); /* exact: sig < 2^32, result in range */
}

/* The derived constants of a prepared format. */
static void fill_info(const exmy__prep *L, exmy_format_info *info)
{
    memset(info, 0, sizeof *info);
    info->exp_bits = L->E;
    info->man_bits = L->M;
    info->max_code = (uint32_t)L->cmax;
    info->max_finite = mag_to_double(L, L->cmax);
    info->min_subnormal = mag_to_double(L, L->has_zero ? 1 : 0);
    if (L->subnormals)
        info->min_normal = mag_to_double(L, UINT64_C(1) << L->M);
    else
        info->min_normal = info->min_subnormal;
    if (info->min_normal > info->max_finite) /* a format too small to have a normal binade */
        info->min_normal = info->max_finite;
    info->emax = ilogb(info->max_finite);
    info->emin = ilogb(info->min_normal);
    info->epsilon = ldexp(1.0, -(int)L->M);
    info->n_codes = UINT64_C(1) << L->k;
    uint64_t F = L->cmax + 1; /* finite magnitudes per sign */
    if (L->s) {
        uint64_t neg = F - (L->negzero ? 0 : 1);
        info->n_finite = F + neg;
        info->n_values = F + neg - (L->has_zero && L->negzero ? 1 : 0);
    } else {
        info->n_finite = F;
        info->n_values = F;
    }
    info->has_nan = L->has_nan;
    info->nan_code = L->has_nan ? (uint32_t)exmy__nan_code(L, false) : 0;
    info->has_inf = L->has_inf;
    info->inf_code = (uint32_t)L->inf_mag;
    info->code_bytes = L->code_bytes;
}

exmy_status exmy_format_get_info(const exmy_format *f, exmy_format_info *info)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (!info)
        return EXMY_EINVAL;
    fill_info(&P, info);
    return EXMY_OK;
}

/* An invalid descriptor (or none) encodes no number system: never equal. */
bool exmy_format_equal(const exmy_format *a, const exmy_format *b)
{
    exmy__prep P;
    if (exmy__prepare(a, &P) != EXMY__FMT_OK || exmy__prepare(b, &P) != EXMY__FMT_OK)
        return false;
    return a->bits == b->bits && a->precision == b->precision && a->bias == b->bias &&
           a->is_signed == b->is_signed && a->domain == b->domain && a->negzero == b->negzero &&
           a->high_nans == b->high_nans && a->subnormals == b->subnormals &&
           a->has_zero == b->has_zero;
}

exmy_class exmy__classify(const exmy__prep *L, uint32_t code)
{
    uint64_t c = code & (L->mag_count - 1);
    bool neg = (code & L->sign) != 0;
    if (c > L->cmax)
        return (L->has_inf && c == L->inf_mag) ? EXMY_CLASS_INF : EXMY_CLASS_NAN;
    if (c == 0 && neg && !L->negzero)
        return EXMY_CLASS_NAN;
    if (c == 0 && L->has_zero)
        return EXMY_CLASS_ZERO;
    if (L->subnormals && (c >> L->M) == 0)
        return EXMY_CLASS_SUBNORMAL;
    return EXMY_CLASS_NORMAL;
}

/* A malformed descriptor has no classes; NaN is the answer no caller takes
 * for a number. */
exmy_class exmy_classify(const exmy_format *f, uint32_t code)
{
    exmy__prep P;
    if (exmy__prepare(f, &P) != EXMY__FMT_OK)
        return EXMY_CLASS_NAN;
    return exmy__classify(&P, code);
}

double exmy__value(const exmy__prep *L, uint32_t code)
{
    uint64_t c = code & (L->mag_count - 1);
    bool neg = (code & L->sign) != 0;
    double v;
    switch (exmy__classify(L, code)) {
    case EXMY_CLASS_NAN: v = NAN; break;
    case EXMY_CLASS_INF: v = INFINITY; break;
    default: v = mag_to_double(L, c); break;
    }
    return neg ? -v : v;
}

double exmy_to_f64(const exmy_format *f, uint32_t code)
{
    exmy__prep P;
    if (exmy__prepare(f, &P) != EXMY__FMT_OK)
        return NAN;
    return exmy__value(&P, code);
}

exmy_status exmy_to_f64_checked(const exmy_format *f, uint32_t code, double *out)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (!out)
        return EXMY_EINVAL;
    *out = exmy__value(&P, code);
    return EXMY_OK;
}

exmy_status exmy_to_f32(const exmy_format *f, uint32_t code, float *out)
{
    double v;
    exmy_status st = exmy_to_f64_checked(f, code, &v);
    if (st != EXMY_OK)
        return st;
    if (!out)
        return EXMY_EINVAL;
    float r = (float)v;
    if (!isnan(v) && (double)r != v)
        return EXMY_EINEXACT;
    *out = r;
    return EXMY_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

exmy_status exmy_format_values(const exmy_format *f, double *values, size_t *n)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (!n || P.k > 16)
        return EXMY_EINVAL;
    exmy_format_info info;
    fill_info(&P, &info);
    *n = (size_t)info.n_values;
    if (!values)
        return EXMY_OK;
    size_t j = 0;
    for (uint64_t c = 0; c < info.n_codes; c++) {
        exmy_class k = exmy__classify(&P, (uint32_t)c);
        if (k == EXMY_CLASS_NAN || k == EXMY_CLASS_INF)
            continue;
        double v = exmy__value(&P, (uint32_t)c);
        if (v == 0 && signbit(v))
            continue; /* -0 == +0 */
        values[j++] = v;
    }
    qsort(values, j, sizeof *values, cmp_double);
    return j == *n ? EXMY_OK : EXMY_EFORMAT;
}
