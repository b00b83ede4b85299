/* Format descriptors: validation, derived constants, classification and the
 * sorted list of values. */
#include "exmy_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Position of the highest set bit, 0-based; v > 0. */
static int top_bit(uint64_t v)
{
    return 63 - __builtin_clzll(v);
}

exmy_status exmy_format_validate(const exmy_format *f, char *why, size_t whylen)
{
    if (!f) {
        exmy__why(why, whylen, "no format");
        return EXMY_EINVAL;
    }
    unsigned s = f->is_signed ? 1u : 0u;
    if (f->bits < 1 || f->bits > 32) {
        exmy__why(why, whylen, "width %u bits is outside 1..32", f->bits);
        return EXMY_EFORMAT;
    }
    if (f->precision < 1) {
        exmy__why(why, whylen, "precision must be at least 1 (the implicit bit)");
        return EXMY_EFORMAT;
    }
    if (f->precision - 1 + s >= f->bits) {
        exmy__why(why, whylen,
                  "%u bits leave no exponent bits for %u mantissa bits%s: need at least 1",
                  f->bits, f->precision - 1, s ? " and a sign" : "");
        return EXMY_EFORMAT;
    }
    if (f->bias <= -BIAS_LIMIT || f->bias >= BIAS_LIMIT) {
        exmy__why(why, whylen, "bias %d is out of range", f->bias);
        return EXMY_EFORMAT;
    }
    if (f->domain != EXMY_FINITE && f->domain != EXMY_EXTENDED) {
        exmy__why(why, whylen, "domain must be finite or extended");
        return EXMY_EFORMAT;
    }
    if (!s && f->negzero) {
        exmy__why(why, whylen, "an unsigned format has no negative zero");
        return EXMY_EFORMAT;
    }
    if (!f->has_zero && f->subnormals) {
        exmy__why(why, whylen, "a format with subnormals always has zero (nozero needs nosub)");
        return EXMY_EFORMAT;
    }
    exmy_layout L;
    uint64_t mag_count = UINT64_C(1) << (f->bits - s);
    uint64_t reserved = (uint64_t)f->high_nans + (f->domain == EXMY_EXTENDED ? 1 : 0);
    uint64_t need = f->has_zero ? 2 : 1;
    if (reserved + need > mag_count) {
        exmy__why(why, whylen,
                  "%u NaN%s%s leave no positive finite value among %llu magnitudes",
                  f->high_nans, f->high_nans == 1 ? "" : "s",
                  f->domain == EXMY_EXTENDED ? " and Inf" : "", (unsigned long long)mag_count);
        return EXMY_EFORMAT;
    }
    exmy__layout(f, &L);
    uint64_t sig;
    int64_t ex;
    exmy__mag_value(f, L.M, L.cmax, &sig, &ex);
    int64_t top = ex + top_bit(sig);
    if (top > 1023) {
        exmy__why(why, whylen,
                  "bias %d puts the largest value at 2^%lld, beyond binary64 (2^1023)",
                  f->bias, (long long)top);
        return EXMY_EFORMAT;
    }
    exmy__mag_value(f, L.M, f->has_zero ? 1 : 0, &sig, &ex);
    if (ex + __builtin_ctzll(sig) < -1074) {
        exmy__why(why, whylen,
                  "bias %d puts the smallest value below 2^-1074, beyond binary64", f->bias);
        return EXMY_EFORMAT;
    }
    return EXMY_OK;
}

static double mag_to_double(const exmy_format *f, unsigned M, uint64_t c)
{
    uint64_t sig;
    int64_t ex;
    exmy__mag_value(f, M, c, &sig, &ex);
    return ldexp((double)sig, (int)ex); /* exact: sig < 2^32, result in range */
}

exmy_status exmy_format_get_info(const exmy_format *f, exmy_format_info *info)
{
    exmy_status st = exmy_format_validate(f, NULL, 0);
    if (st != EXMY_OK)
        return st;
    if (!info)
        return EXMY_EINVAL;
    exmy_layout L;
    exmy__layout(f, &L);
    memset(info, 0, sizeof *info);
    info->exp_bits = L.E;
    info->man_bits = L.M;
    info->max_code = (uint32_t)L.cmax;
    info->max_finite = mag_to_double(f, L.M, L.cmax);
    info->min_subnormal = mag_to_double(f, L.M, f->has_zero ? 1 : 0);
    if (f->subnormals)
        info->min_normal = mag_to_double(f, L.M, UINT64_C(1) << L.M);
    else
        info->min_normal = info->min_subnormal;
    if (info->min_normal > info->max_finite) /* a format too small to have a normal binade */
        info->min_normal = info->max_finite;
    info->emax = ilogb(info->max_finite);
    info->emin = ilogb(info->min_normal);
    info->epsilon = ldexp(1.0, -(int)L.M);
    info->n_codes = UINT64_C(1) << L.k;
    uint64_t F = L.cmax + 1; /* finite magnitudes per sign */
    if (L.s) {
        uint64_t neg = F - (f->negzero ? 0 : 1);
        info->n_finite = F + neg;
        info->n_values = F + neg - (f->has_zero && f->negzero ? 1 : 0);
    } else {
        info->n_finite = F;
        info->n_values = F;
    }
    info->has_nan = L.has_nan;
    info->nan_code = L.has_nan ? (uint32_t)L.nan_pos : 0;
    info->has_inf = L.has_inf;
    info->inf_code = (uint32_t)L.inf_mag;
    info->code_bytes = L.k <= 8 ? 1 : L.k <= 16 ? 2 : 4;
    return EXMY_OK;
}

bool exmy_format_equal(const exmy_format *a, const exmy_format *b)
{
    return a->bits == b->bits && a->precision == b->precision && a->bias == b->bias &&
           a->is_signed == b->is_signed && a->domain == b->domain && a->negzero == b->negzero &&
           a->high_nans == b->high_nans && a->subnormals == b->subnormals &&
           a->has_zero == b->has_zero;
}

exmy_class exmy_classify(const exmy_format *f, uint32_t code)
{
    exmy_layout L;
    exmy__layout(f, &L);
    uint64_t c = code & (L.mag_count - 1);
    bool neg = L.s && ((code >> (L.k - 1)) & 1);
    if (c > L.cmax)
        return (L.has_inf && c == L.inf_mag) ? EXMY_CLASS_INF : EXMY_CLASS_NAN;
    if (c == 0 && neg && !f->negzero)
        return EXMY_CLASS_NAN;
    if (c == 0 && f->has_zero)
        return EXMY_CLASS_ZERO;
    if (f->subnormals && (c >> L.M) == 0)
        return EXMY_CLASS_SUBNORMAL;
    return EXMY_CLASS_NORMAL;
}

double exmy_to_f64(const exmy_format *f, uint32_t code)
{
    if (!exmy__format_ok(f))
        return NAN;
    exmy_layout L;
    exmy__layout(f, &L);
    uint64_t c = code & (L.mag_count - 1);
    bool neg = L.s && ((code >> (L.k - 1)) & 1);
    double v;
    switch (exmy_classify(f, code)) {
    case EXMY_CLASS_NAN: v = NAN; break;
    case EXMY_CLASS_INF: v = INFINITY; break;
    default: v = mag_to_double(f, L.M, c); break;
    }
    return neg ? -v : v;
}

exmy_status exmy_to_f32(const exmy_format *f, uint32_t code, float *out)
{
    if (!exmy__format_ok(f) || !out)
        return EXMY_EINVAL;
    double v = exmy_to_f64(f, code);
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
    exmy_format_info info;
    exmy_status st = exmy_format_get_info(f, &info);
    if (st != EXMY_OK)
        return st;
    if (!n || f->bits > 16)
        return EXMY_EINVAL;
    *n = (size_t)info.n_values;
    if (!values)
        return EXMY_OK;
    size_t j = 0;
    for (uint64_t c = 0; c < info.n_codes; c++) {
        exmy_class k = exmy_classify(f, (uint32_t)c);
        if (k == EXMY_CLASS_NAN || k == EXMY_CLASS_INF)
            continue;
        double v = exmy_to_f64(f, (uint32_t)c);
        if (v == 0 && signbit(v))
            continue; /* -0 == +0 */
        values[j++] = v;
    }
    qsort(values, j, sizeof *values, cmp_double);
    return j == *n ? EXMY_OK : EXMY_EFORMAT;
}
