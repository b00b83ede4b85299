/* The generic spelling of a format <-> descriptors: "E5M2",
 * "e4m3:bias=8:finite:nans=0:nonegzero". Names are the catalogue's (catalogue.c). */
#include "spec.h"

#include "exmy_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static bool parse_long(const char *s, size_t n, long lo, long hi, long *out)
{
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!(isdigit((unsigned char)buf[i]) || (i == 0 && (buf[i] == '-' || buf[i] == '+'))))
            return false;
    errno = 0;
    char *end;
    long v = strtol(buf, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int default_bias(unsigned X)
{
    return X >= 1 && X <= 21 ? (1 << (X - 1)) - 1 : INT_MAX;
}

static uint32_t default_nans(unsigned Y)
{
    return Y >= 32 ? UINT32_MAX : (uint32_t)((UINT64_C(1) << Y) - 1);
}

/* Options are case-insensitive, as names are: "E4M3:FINITE", "e4m3:NANS=1". */
static bool opt_is(const char *o, size_t n, const char *name)
{
    size_t k = strlen(name);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)o[i]) != name[i])
            return false;
    return true;
}

/* "key=VALUE": does o start with `key=` (case-insensitive) and have a value? */
static bool opt_has_key(const char *o, size_t n, const char *key)
{
    size_t k = strlen(key);
    return n > k && opt_is(o, k, key);
}

/* The widths of "eXmY...": *p is left after the digits of Y. Digits are read
 * with room to spare so that "e99m99" is reported as too wide, not as
 * unreadable. */
static bool parse_widths(const char **pp, long *X, long *Y)
{
    const char *p = *pp;
    if (*p != 'e' && *p != 'E')
        return false;
    p++;
    const char *q = p;
    while (isdigit((unsigned char)*q))
        q++;
    if (!parse_long(p, (size_t)(q - p), 0, 999999, X) || (*q != 'm' && *q != 'M'))
        return false;
    p = q + 1;
    q = p;
    while (isdigit((unsigned char)*q))
        q++;
    if (!parse_long(p, (size_t)(q - p), 0, 999999, Y))
        return false;
    *pp = q;
    return true;
}

bool exmy__spec_is_generic(const char *s, size_t n)
{
    char buf[32];
    if (!s || n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    const char *p = buf;
    long X, Y;
    return parse_widths(&p, &X, &Y) && *p == '\0';
}

exmy_status exmy__spec_parse(const char *spec, exmy_format *out, char *why, size_t whylen)
{
    if (!spec || !out) {
        exmy__why(why, whylen, "no spec");
        return EXMY_EINVAL;
    }
    const char *p = spec;
    long X, Y;
    if (!parse_widths(&p, &X, &Y))
        goto bad;
    if (X < 1) {
        exmy__why(why, whylen, "'%s': a format needs at least 1 exponent bit", spec);
        return EXMY_ESPEC;
    }
    /* Checked before the options so that the reason is the width, whatever follows. */
    if (X + Y > 32) {
        exmy__why(why, whylen, "'%s' is too wide: %ld exponent and %ld mantissa bits; at most 32 "
                  "bits in all are supported", spec, X, Y);
        return EXMY_ESPEC;
    }
    exmy_format f;
    memset(&f, 0, sizeof f);
    f.precision = (unsigned)Y + 1;
    f.bias = default_bias((unsigned)X);
    f.is_signed = true;
    f.domain = EXMY_EXTENDED;
    f.negzero = true;
    f.high_nans = default_nans((unsigned)Y);
    f.subnormals = true;
    f.has_zero = true;
    bool negzero_set = false;
    while (*p) {
        if (*p != ':')
            goto bad;
        const char *o = ++p;
        while (*p && *p != ':')
            p++;
        size_t n = (size_t)(p - o);
        long v;
        if (opt_has_key(o, n, "bias=")) {
            if (!parse_long(o + 5, n - 5, -(1L << 20), 1L << 20, &v)) {
                exmy__why(why, whylen, "'%s': bias must be an integer in -2^20..2^20", spec);
                return EXMY_ESPEC;
            }
            f.bias = (int)v;
        } else if (opt_has_key(o, n, "nans=")) {
            if (!parse_long(o + 5, n - 5, 0, UINT32_MAX, &v)) {
                exmy__why(why, whylen, "'%s': nans must be a count >= 0", spec);
                return EXMY_ESPEC;
            }
            f.high_nans = (uint32_t)v;
        } else if (opt_is(o, n, "nosub")) {
            f.subnormals = false;
        } else if (opt_is(o, n, "sub")) {
            f.subnormals = true;
        } else if (opt_is(o, n, "nozero")) {
            f.has_zero = false;
        } else if (opt_is(o, n, "finite")) {
            f.domain = EXMY_FINITE;
        } else if (opt_is(o, n, "extended")) {
            f.domain = EXMY_EXTENDED;
        } else if (opt_is(o, n, "negzero")) {
            f.negzero = true;
            negzero_set = true;
        } else if (opt_is(o, n, "nonegzero")) {
            f.negzero = false;
            negzero_set = true;
        } else if (opt_is(o, n, "unsigned")) {
            f.is_signed = false;
        } else if (opt_is(o, n, "signed")) {
            f.is_signed = true;
        } else {
            exmy__why(why, whylen,
                      "'%s': unknown option '%.*s' (expected bias=N, nans=N, nosub, nozero, "
                      "finite, extended, negzero, nonegzero, unsigned)",
                      spec, (int)n, o);
            return EXMY_ESPEC;
        }
    }
    if (!f.is_signed && !negzero_set)
        f.negzero = false;
    long bits = X + Y + (f.is_signed ? 1 : 0);
    if (bits > 32) {
        exmy__why(why, whylen, "'%s' is too wide: %ld bits; at most 32 are supported", spec, bits);
        return EXMY_ESPEC;
    }
    f.bits = (unsigned)bits;
    if (f.bias == INT_MAX) {
        exmy__why(why, whylen, "'%s': the default bias of %ld exponent bits is out of range", spec,
                  X);
        return EXMY_ESPEC;
    }
    /* The reason goes to a buffer of our own first: the caller's `why` may
     * be too short to hold it, or (whylen == 0) hold no string at all. */
    char reason[200];
    exmy_status st = exmy_format_validate(&f, reason, sizeof reason);
    if (st != EXMY_OK) {
        exmy__why(why, whylen, "'%s': %s", spec, reason);
        return st;
    }
    *out = f;
    return EXMY_OK;
bad:
    exmy__why(why, whylen, "'%s' is not a format: expected eXmY[:option...]", spec);
    return EXMY_ESPEC;
}

exmy_status exmy_format_to_string(const exmy_format *f, char *buf, size_t len)
{
    exmy_status vst = exmy_format_validate(f, NULL, 0);
    if (vst != EXMY_OK)
        return vst;
    if (!buf || !len)
        return EXMY_EINVAL;
    unsigned M = f->precision - 1, X = f->bits - M - (f->is_signed ? 1 : 0);
    char tmp[160];
    int n = snprintf(tmp, sizeof tmp, "e%um%u", X, M);
    if (f->bias != default_bias(X))
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":bias=%d", f->bias);
    if (!f->is_signed)
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":unsigned");
    if (f->domain == EXMY_FINITE)
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":finite");
    if (f->high_nans != default_nans(M))
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":nans=%u", f->high_nans);
    if (f->is_signed && !f->negzero)
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":nonegzero");
    if (!f->is_signed && f->negzero)
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":negzero");
    if (!f->subnormals)
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":nosub");
    if (!f->has_zero)
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, ":nozero");
    if ((size_t)n >= len) {
        buf[0] = '\0';
        return EXMY_EINVAL;
    }
    memcpy(buf, tmp, (size_t)n + 1);
    return EXMY_OK;
}
