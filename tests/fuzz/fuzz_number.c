/* Fuzz target: decimal and hex-float strings (exmy_from_string) under every
 * rounding mode and each saturation mode, on eight formats.
 *
 * Input: byte 0 picks the format (low 3 bits) and the saturation mode (next
 * 2 bits), byte 1 sr_bits, bytes 2..5 the random bits R of the stochastic
 * modes; the rest is the string.
 *
 * Invariants, for each of the nine rounding modes:
 *  - the status is EXMY_OK, EXMY_ENUMBER or EXMY_ENONAN; ENUMBER does not
 *    depend on the mode; an accepted number is one MPFR reads whole;
 *  - an OK code fits the format's width; flags are EXMY_FLAG_* bits only;
 *  - "nan" gives a NaN code (or ENONAN);
 *  - bracketing: MPFR reads the string rounded down to binary64 (lo) and up
 *    (hi), so lo <= x <= hi. Rounding is monotone in every deterministic
 *    mode and saturation mode (NaN results aside), so the value of the
 *    string's code lies between those of exmy_from_f64(lo) and (hi);
 *  - where lo == hi the string is exactly that binary64, and from_string
 *    must give the same status, code and flags as from_f64 (same R too);
 *  - every mode's result is the value RDN or RUP gives (x lies between two
 *    neighbours and every mode picks one of them, saturation included);
 *  - an exact result under RNE (no flag raised) is the result of every mode. */
#include "fuzz.h"

#include <math.h>
#include <strings.h>
#include <mpfr.h>

static const char *const specs[8] = {
    "e4m3fn",          "e5m2",  "e2m1fn", "e8m0fnu", "e5m10", "e8m23",
    "e4m3:unsigned", "e3m2:nosub",
};
static exmy_format formats[8];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    exmy_catalogue *cat;
    if (exmy_catalogue_builtin(&cat) != EXMY_OK)
        abort();
    for (int i = 0; i < 8; i++)
        if (exmy_format_parse(cat, specs[i], &formats[i], NULL, 0) != EXMY_OK)
            abort();
    exmy_catalogue_free(cat);
    return 0;
}

typedef struct result {
    exmy_status st;
    uint32_t code;
    unsigned flags;
    double v; /* the code's value; NaN unless st == EXMY_OK */
} result;

static result convert_string(const exmy_format *f, const char *s, const exmy_opts *o,
                             uint32_t rbits)
{
    result r = {0, 0, 0, NAN};
    r.st = exmy_from_string(f, s, o, rbits, &r.code, &r.flags);
    if (r.st == EXMY_OK)
        r.v = exmy_to_f64(f, r.code);
    return r;
}

static result convert_f64(const exmy_format *f, double x, const exmy_opts *o, uint32_t rbits)
{
    result r = {0, 0, 0, NAN};
    r.st = exmy_from_f64(f, x, o, rbits, &r.code, &r.flags);
    if (r.st == EXMY_OK)
        r.v = exmy_to_f64(f, r.code);
    return r;
}

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "fuzz: input '%s' format %s (%s) %s sr_bits %u R 0x%08x\n", s, specs[fi], \
                exmy_format_to_string(f, fs, sizeof fs) == EXMY_OK ? fs : "?",                     \
                exmy_sat_name(sat), srb, rbits);                                                   \
        fuzz_fail(__VA_ARGS__);                                                                    \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 6)
        return 0;
    unsigned fi = data[0] & 7u;
    exmy_sat sat = (exmy_sat)((data[0] >> 3) & 3u);
    unsigned srb = data[1] % 32u + 1;
    uint32_t rbits = (uint32_t)data[2] | (uint32_t)data[3] << 8 | (uint32_t)data[4] << 16 |
                     (uint32_t)data[5] << 24;
    const exmy_format *f = &formats[fi];
    char *s = fuzz_cstr(data + 6, size - 6);
    char fs[128];
    uint32_t mask = f->bits == 32 ? UINT32_MAX : (UINT32_C(1) << f->bits) - 1;
    const unsigned all_flags =
        EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW | EXMY_FLAG_OVERFLOW | EXMY_FLAG_INVALID;

    result r[EXMY_ROUND_COUNT];
    for (int m = 0; m < EXMY_ROUND_COUNT; m++) {
        exmy_opts o = {(exmy_round)m, sat, srb};
        r[m] = convert_string(f, s, &o, rbits);
        if (r[m].st != EXMY_OK && r[m].st != EXMY_ENUMBER && r[m].st != EXMY_ENONAN)
            FAIL("%s: status %d (%s)", exmy_round_name(o.round), (int)r[m].st,
                 exmy_strerror(r[m].st));
        if ((r[m].st == EXMY_ENUMBER) != (r[0].st == EXMY_ENUMBER))
            FAIL("%s gives %s but rne gives %s", exmy_round_name(o.round),
                 exmy_strerror(r[m].st), exmy_strerror(r[0].st));
        if (r[m].st == EXMY_OK && ((r[m].code & ~mask) || (r[m].flags & ~all_flags)))
            FAIL("%s: code 0x%x or flags 0x%x out of range", exmy_round_name(o.round),
                 r[m].code, r[m].flags);
    }
    if (r[0].st == EXMY_ENUMBER) {
        free(s);
        return 0;
    }

    /* The value of the string, bracketed by two binary64 (or inf/nan). */
    const char *p = s + (s[0] == '+' || s[0] == '-');
    bool neg = s[0] == '-';
    bool is_nan = false;
    double lo, hi;
    if (strcasecmp(p, "nan") == 0) {
        is_nan = true;
        lo = hi = neg ? -NAN : NAN;
    } else if (strcasecmp(p, "inf") == 0 || strcasecmp(p, "infinity") == 0) {
        lo = hi = neg ? -INFINITY : INFINITY;
    } else {
        mpfr_t t;
        mpfr_init2(t, 53);
        char *end;
        mpfr_strtofr(t, s, &end, 0, MPFR_RNDD);
        if (*end != '\0')
            FAIL("accepted, but MPFR stops reading at offset %td", end - s);
        lo = mpfr_get_d(t, MPFR_RNDD);
        mpfr_strtofr(t, s, &end, 0, MPFR_RNDU);
        hi = mpfr_get_d(t, MPFR_RNDU);
        mpfr_clear(t);
        if (!(lo <= hi))
            FAIL("MPFR bracket [%a, %a] is empty", lo, hi);
    }

    for (int m = 0; m < EXMY_ROUND_COUNT; m++) {
        exmy_opts o = {(exmy_round)m, sat, srb};
        const char *rn = exmy_round_name(o.round);
        if (is_nan) {
            if (r[m].st == EXMY_OK ? exmy_classify(f, r[m].code) != EXMY_CLASS_NAN
                                   : r[m].st != EXMY_ENONAN)
                FAIL("%s: nan gives %s, code 0x%x", rn, exmy_strerror(r[m].st), r[m].code);
        }
        if (lo == hi || is_nan) { /* the string is exactly a binary64 */
            result d = convert_f64(f, lo, &o, rbits);
            if (d.st != r[m].st || (d.st == EXMY_OK && (d.code != r[m].code || d.flags != r[m].flags)))
                FAIL("%s: string gives %s code 0x%x flags 0x%x, from_f64(%a) gives %s 0x%x 0x%x",
                     rn, exmy_strerror(r[m].st), r[m].code, r[m].flags, lo, exmy_strerror(d.st),
                     d.code, d.flags);
        } else if (!exmy_round_is_stochastic(o.round)) {
            result a = convert_f64(f, lo, &o, rbits), b = convert_f64(f, hi, &o, rbits);
            if (!isnan(a.v) && !isnan(b.v) && !isnan(r[m].v) && !(a.v <= r[m].v && r[m].v <= b.v))
                FAIL("%s: not monotone: %a -> %a, string -> %a, %a -> %a", rn, lo, a.v, r[m].v, hi,
                     b.v);
        }
        const result *dn = &r[EXMY_RDN], *up = &r[EXMY_RUP];
        if (!isnan(dn->v) && !isnan(up->v) && !isnan(r[m].v) &&
            !(dn->v <= up->v && (r[m].v == dn->v || r[m].v == up->v)))
            FAIL("%s gives %a, not one of rdn %a and rup %a", rn, r[m].v, dn->v, up->v);
        if (r[EXMY_RNE].st == EXMY_OK && r[EXMY_RNE].flags == 0 &&
            (r[m].st != EXMY_OK || r[m].code != r[EXMY_RNE].code || r[m].flags != 0))
            FAIL("rne is exact (0x%x) but %s gives %s code 0x%x flags 0x%x", r[EXMY_RNE].code, rn,
                 exmy_strerror(r[m].st), r[m].code, r[m].flags);
    }
    free(s);
    return 0;
}
