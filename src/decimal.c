/* Decimal and hex-float strings <-> exact values, through MPFR and GMP.
 *
 * A string is read once, with MPFR, truncated to 64 significant bits; the
 * ternary value says whether anything was cut off, which becomes the sticky
 * bit of an exmy__exact. 64 bits exceed p + N + 2 for every format (p <= 31)
 * and stochastic width (N <= 32) the core rounds to, so this single rounding
 * step loses nothing: there is no intermediate binary64. MPFR's exponent
 * range is left as it is (the library changes no global state); its default
 * range of about +-2^30 binary orders is far beyond any format. */
#include "exmy_internal.h"

#include <ctype.h>
#include <gmp.h>
#include <math.h>
#include <mpfr.h>
#include <string.h>

/* Accept: [+-] then inf / infinity / nan (any case), or a decimal number
 * (digits, optional point, optional e[+-]digits), or 0x hex-float with an
 * optional p exponent. Nothing else (no spaces, no "1e", no "0x"). */
static bool well_formed(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (exmy__strcasecmp(p, "inf") == 0 || exmy__strcasecmp(p, "infinity") == 0 ||
        exmy__strcasecmp(p, "nan") == 0)
        return true;
    bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    if (hex)
        p += 2;
    int digits = 0;
    while (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))
        p++, digits++;
    if (*p == '.') {
        p++;
        while (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))
            p++, digits++;
    }
    if (!digits)
        return false;
    if (hex ? (*p == 'p' || *p == 'P') : (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

static exmy_status exact_from_string(const char *s, exmy__exact *out)
{
    if (!s || !well_formed(s))
        return EXMY_ENUMBER;
    memset(out, 0, sizeof *out);
    const char *p = s;
    bool neg = *p == '-';
    if (*p == '+' || *p == '-')
        p++;
    out->neg = neg;
    if (exmy__strcasecmp(p, "nan") == 0) {
        out->kind = EXMY__X_NAN;
        return EXMY_OK;
    }
    if (exmy__strcasecmp(p, "inf") == 0 || exmy__strcasecmp(p, "infinity") == 0) {
        out->kind = EXMY__X_INF;
        return EXMY_OK;
    }
    mpfr_t t;
    mpfr_init2(t, 64);
    char *end = NULL;
    int tern = mpfr_strtofr(t, p, &end, 0, MPFR_RNDZ);
    if (!end || *end != '\0') {
        mpfr_clear(t);
        return EXMY_ENUMBER;
    }
    if (mpfr_zero_p(t)) {
        if (tern == 0) {
            out->kind = EXMY__X_ZERO;
        } else { /* underflowed MPFR's own range: tiny but not zero */
            out->kind = EXMY__X_FINITE;
            out->m = 0;
            out->e = -(INT64_C(1) << 40);
            out->sticky = true;
        }
        mpfr_clear(t);
        return EXMY_OK;
    }
    mpz_t z;
    mpz_init(z);
    mpfr_exp_t e = mpfr_get_z_2exp(z, t); /* t = z * 2^e, |z| < 2^64 */
    mpz_abs(z, z);
    uint64_t m = 0;
    size_t cnt = 0;
    uint64_t limb[2] = {0, 0};
    mpz_export(limb, &cnt, -1, sizeof limb[0], 0, 0, z);
    m = limb[0];
    mpz_clear(z);
    mpfr_clear(t);
    out->kind = EXMY__X_FINITE;
    out->m = m;
    out->e = (int64_t)e;
    out->sticky = tern != 0;
    return EXMY_OK;
}

exmy_status exmy_from_string(const exmy_format *f, const char *s, const exmy_opts *o,
                             uint32_t rbits, uint32_t *code, unsigned *flags)
{
    exmy__prep P;
    exmy_status st = exmy__from_checks(f, o, code, &P);
    if (st != EXMY_OK)
        return st;
    exmy__exact ex;
    st = exact_from_string(s, &ex);
    if (st != EXMY_OK)
        return st;
    return exmy__round_exact(&P, &ex, o, rbits, code, flags);
}

exmy_status exmy_code_to_decimal(const exmy_format *f, uint32_t code, char *buf, size_t len)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (!buf || !len)
        return EXMY_EINVAL;
    double v = exmy__value(&P, code);
    if (v != v)
        return exmy__strlcpy(buf, "nan", len) < len ? EXMY_OK : EXMY_EINVAL;
    /* Every value of a format is a binary64 (DESIGN.md): print that. */
    return exmy_f64_to_decimal(v, buf, len);
}

/* Every digit of a binary64: v = z * 2^e exactly, so for e < 0 its decimal
 * expansion is z * 5^-e / 10^-e, at most 1074 fractional digits; integers
 * have at most 309 digits. GMP does the arithmetic; no rounding anywhere. */
exmy_status exmy_f64_to_decimal(double v, char *buf, size_t len)
{
    if (!buf || !len)
        return EXMY_EINVAL;
    if (v != v)
        return exmy__strlcpy(buf, signbit(v) ? "-nan" : "nan", len) < len ? EXMY_OK : EXMY_EINVAL;
    if (v == (double)INFINITY || v == -(double)INFINITY)
        return exmy__strlcpy(buf, v > 0 ? "inf" : "-inf", len) < len ? EXMY_OK : EXMY_EINVAL;
    mpfr_t t;
    mpfr_init2(t, 64);
    mpfr_set_d(t, v, MPFR_RNDN); /* exact: 53 <= 64 bits */
    mpz_t z;
    mpz_init(z);
    long e = 0;
    if (!mpfr_zero_p(t))
        e = mpfr_get_z_2exp(z, t);
    bool neg = mpfr_signbit(t) != 0;
    mpfr_clear(t);
    mpz_abs(z, z);
    long frac = 0;
    if (e >= 0) {
        mpz_mul_2exp(z, z, (mp_bitcnt_t)e);
    } else {
        mpz_t p5;
        mpz_init(p5);
        mpz_ui_pow_ui(p5, 5, (unsigned long)-e);
        mpz_mul(z, z, p5);
        mpz_clear(p5);
        frac = -e;
    }
    char *digits = mpz_get_str(NULL, 10, z);
    mpz_clear(z);
    if (!digits)
        return EXMY_ENOMEM;
    /* MPFR's z carries its full 64-bit significand, trailing zeros and all. */
    size_t nd = strlen(digits);
    size_t alloc = nd + 1;
    while (frac > 0 && nd > 1 && digits[nd - 1] == '0') {
        digits[--nd] = '\0';
        frac--;
    }
    size_t need = (neg ? 1 : 0) + (frac >= (long)nd ? (size_t)frac + 2 : nd + (frac ? 1 : 0)) + 1;
    exmy_status st = EXMY_OK;
    if (need > len) {
        st = EXMY_EINVAL;
    } else {
        char *w = buf;
        if (neg)
            *w++ = '-';
        if (frac == 0) {
            memcpy(w, digits, nd);
            w += nd;
        } else if ((size_t)frac >= nd) {
            *w++ = '0';
            *w++ = '.';
            for (size_t i = 0; i < (size_t)frac - nd; i++)
                *w++ = '0';
            memcpy(w, digits, nd);
            w += nd;
        } else {
            memcpy(w, digits, nd - (size_t)frac);
            w += nd - (size_t)frac;
            *w++ = '.';
            memcpy(w, digits + nd - (size_t)frac, (size_t)frac);
            w += frac;
        }
        *w = '\0';
    }
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(digits, alloc);
    return st;
}
