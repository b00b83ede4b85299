/* Properties of the conversion core that hold whatever the rounding rule,
 * and decimal / hex-float string input checked against strings built
 * independently with GMP and MPFR. */
#include "ref_format.h"
#include "testutil.h"

#include <float.h>
#include <gmp.h>
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static exmy_opts det(exmy_round r, exmy_sat s)
{
    exmy_opts o = {r, s, 0};
    return o;
}

/* Formats of the property tests: the catalogue up to 16 bits plus generic
 * specs the catalogue lacks. */
static const char *const extra_specs[] = {"e3m2:nosub", "e4m2:unsigned", "e5m0",
                                          "e3m3:nosub:finite:nans=0",
                                          "e2m2:nosub:nozero:finite:nans=1"};

typedef void (*fmt_fn)(const exmy_format *f, tu_log *log);

static void for_each_format(fmt_fn fn, const char *what, bool include_wide)
{
    const exmy_catalogue *cat = tu_catalogue();
    uint64_t bad = 0;
    for (size_t i = 0; i < exmy_catalogue_size(cat) + sizeof extra_specs / sizeof extra_specs[0];
         i++) {
        exmy_format f;
        if (i < exmy_catalogue_size(cat))
            f = exmy_catalogue_at(cat, i)->format;
        else
            f = tu_format(extra_specs[i - exmy_catalogue_size(cat)]);
        if (f.bits > 16 && !include_wide)
            continue;
        char label[64], w[160];
        snprintf(w, sizeof w, "%s %s", what, tu_label(&f, label, sizeof label));
        tu_log log;
        tu_log_init(&log, w, 8);
        fn(&f, &log);
        bad += log.n;
    }
    ck_assert_msg(bad == 0, "%s: %llu failures (see above)", what, (unsigned long long)bad);
}

/* ------------------------------------------------ decode/encode identity */

static bool is_nan_code(const exmy_format *f, uint32_t c)
{
    return exmy_classify(f, c) == EXMY_CLASS_NAN;
}

static void identity_code(const exmy_format *f, const ref_format *R, uint32_t c, tu_log *log)
{
    double v = exmy_to_f64(f, c);
    for (int ri = 0; ri < 6; ri++) {
        for (int si = 1; si < 4; si++) { /* satfinite would clamp Inf: below */
            exmy_opts o = det(tu_det_rounds[ri], tu_sats[si]);
            uint32_t got = 0;
            exmy_status st = exmy_from_f64(f, v, &o, 0, &got, NULL);
            log->checked++;
            if (is_nan_code(f, c)) {
                /* NaN -> the canonical NaN, with the sign where NaNs are signed. */
                bool neg = R->s && ((c & R->sign) != 0);
                uint32_t want = neg ? R->nan_neg : R->nan_pos;
                if (st != EXMY_OK || got != want)
                    tu_fail(log, "NaN code 0x%x -> %a -> status %d code 0x%x, expected 0x%x", c,
                            v, st, got, want);
                continue;
            }
            if (st != EXMY_OK || got != c)
                tu_fail(log, "%s %s: code 0x%x -> %a -> status %d code 0x%x", exmy_round_name(o.round),
                        exmy_sat_name(o.sat), c, v, st, got);
            /* The same through binary32 where the value is one. */
            float vf;
            if (exmy_to_f32(f, c, &vf) == EXMY_OK) {
                st = exmy_from_f32(f, vf, &o, 0, &got, NULL);
                if (st != EXMY_OK || got != c)
                    tu_fail(log, "f32: code 0x%x -> %a -> status %d code 0x%x", c, (double)vf, st,
                            got);
            }
            /* And through exmy_from_code from itself. */
            st = exmy_from_code(f, f, c, &o, 0, &got, NULL);
            if (st != EXMY_OK || got != c)
                tu_fail(log, "from_code: code 0x%x -> status %d code 0x%x", c, st, got);
        }
    }
    /* satfinite: the identity except that Inf becomes max finite. */
    exmy_opts o = det(EXMY_RNE, EXMY_SATFINITE);
    uint32_t got = 0;
    exmy_status st = exmy_from_f64(f, v, &o, 0, &got, NULL);
    if (!is_nan_code(f, c)) {
        uint32_t want = c;
        if (isinf(v))
            want = (c & R->sign) | R->cmax;
        if (st != EXMY_OK || got != want)
            tu_fail(log, "satfinite: code 0x%x -> %a -> code 0x%x, expected 0x%x", c, v, got, want);
    }
}

static void identity_fmt(const exmy_format *f, tu_log *log)
{
    if (f->bits > 16) {
        /* binary32 / tf32: sampled codes, landmarks included. */
        exmy_format_info in;
        ck_assert_int_eq(exmy_format_get_info(f, &in), EXMY_OK);
        tu_rng rng = {f->bits};
        uint32_t sign = UINT32_C(1) << (f->bits - 1);
        uint32_t marks[] = {0, 1, 2, in.max_code, in.max_code - 1, in.inf_code, in.nan_code,
                            in.nan_code + 1, sign - 1};
        for (int i = 0; i < 200000 + 18; i++) {
            uint32_t c = i < 18 ? marks[i % 9] | (i >= 9 ? sign : 0)
                                : (uint32_t)(tu_next(&rng) & ((UINT64_C(1) << f->bits) - 1));
            double v = exmy_to_f64(f, c);
            exmy_opts o = det(tu_det_rounds[i % 6], EXMY_SATPROPAGATE);
            uint32_t got = 0;
            exmy_status st = exmy_from_f64(f, v, &o, 0, &got, NULL);
            log->checked++;
            if (is_nan_code(f, c))
                continue;
            if (st != EXMY_OK || got != c)
                tu_fail(log, "code 0x%x -> %a -> status %d code 0x%x", c, v, st, got);
        }
        return;
    }
    ref_format R;
    ck_assert(ref_init(&R, f));
    for (uint64_t c = 0; c < (UINT64_C(1) << f->bits); c++)
        identity_code(f, &R, (uint32_t)c, log);
    ref_free(&R);
}

START_TEST(test_identity)
{
    for_each_format(identity_fmt, "decode/encode identity", true);
}
END_TEST

/* ------------------------------------------------ code of another format */

/* The source code's value by the reference model alone (ref_format.c: the
 * field formula of exmy.h, not src/): 0 finite, 1 Inf, 2 NaN. */
static int ref_decode(const ref_format *R, uint32_t c, bool *neg, double *v)
{
    uint32_t mag = c & (uint32_t)(R->mag_count - 1);
    *neg = R->s && (c & R->sign) != 0;
    *v = 0;
    if (R->s && !R->f.negzero && *neg && mag == 0)
        return 2;
    if (R->has_inf && mag == R->inf_mag)
        return 1;
    if (mag > R->cmax)
        return 2;
    *v = R->mag[mag];
    return 0;
}

/* What the contract gives for value (-1)^neg * a (a >= 0 finite) in R: the
 * value-list walk of test_exhaustive.c on a binary64 input. */
static ref_expect ref_expect_value(const ref_format *R, exmy_round r, exmy_sat s, bool neg,
                                   double a)
{
    if (a == 0)
        return ref_zero_input(R, neg);
    int64_t c = ref_floor_index(R, a);
    if (c > (int64_t)R->cmax || (c >= 0 && R->mag[c] == a))
        return ref_finish(R, r, s, neg, c);
    double lo = c >= 0 ? R->mag[c] : 0.0, hi = R->mag[c + 1];
    double mid = lo + (hi - lo) / 2; /* exact: both are short binary64 values */
    int cmp = (a > mid) - (a < mid);
    return ref_finish(R, r, s, neg, ref_choose(R, r, neg, c, cmp));
}

/* exmy_from_code(g <- f) for every code of f, every deterministic rounding
 * mode and saturation mode, against the reference model: the source value
 * decoded by ref_format, the result by its value list and contract table. */
static void from_code_pair(const ref_format *G, const ref_format *F, int nsat, tu_log *log)
{
    for (uint64_t c = 0; c < (UINT64_C(1) << F->k); c++) {
        bool neg;
        double v;
        int kind = ref_decode(F, (uint32_t)c, &neg, &v);
        for (int ri = 0; ri < 6; ri++) {
            for (int si = 0; si < nsat; si++) {
                exmy_round r = tu_det_rounds[ri];
                exmy_sat sa = tu_sats[nsat == 4 ? si : ri % 4];
                ref_expect e = kind == 2   ? ref_nan_input(G, neg)
                               : kind == 1 ? ref_inf_input(G, r, sa, neg)
                                           : ref_expect_value(G, r, sa, neg, v);
                exmy_opts o = det(r, sa);
                uint32_t got = 0;
                exmy_status st = exmy_from_code(&G->f, &F->f, (uint32_t)c, &o, 0, &got, NULL);
                log->checked++;
                if (st != e.st || (st == EXMY_OK && got != e.code))
                    tu_fail(log,
                            "%s <- %s code 0x%llx (%a) %s %s: got %s code 0x%x, expected %s "
                            "code 0x%x",
                            G->label, F->label, (unsigned long long)c, neg ? -v : v,
                            exmy_round_name(r), exmy_sat_name(sa), exmy_strerror(st), got,
                            exmy_strerror(e.st), e.code);
            }
        }
    }
}

/* Every pair of catalogue formats of at most 8 bits under all 24 modes, and
 * binary16 / bfloat16 sources into a few 8-bit targets (every code, six
 * rounding modes, saturation modes in turn). */
START_TEST(test_from_code_vs_reference)
{
    const exmy_catalogue *cat = tu_catalogue();
    size_t nc = exmy_catalogue_size(cat);
    ref_format *R = calloc(nc, sizeof *R);
    ck_assert(R != NULL);
    tu_log log;
    tu_log_init(&log, "from_code vs the reference model", 8);
    for (size_t i = 0; i < nc; i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        if (f->bits <= 16)
            ck_assert_msg(ref_init(&R[i], f), "reference model of %s", f->name);
    }
    size_t pairs = 0;
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++)
            if (R[i].mag && R[j].mag && R[i].k <= 8 && R[j].k <= 8) {
                from_code_pair(&R[i], &R[j], 4, &log);
                pairs++;
            }
    static const char *const wide_targets[] = {"e4m3fn", "e5m2", "e4m3fnuz", "e8m0fnu",
                                               "e2m1fn", "binary8p3se", "binary8p1ue"};
    for (size_t i = 0; i < nc; i++) {
        if (!R[i].mag || R[i].k != 16)
            continue;
        for (size_t t = 0; t < sizeof wide_targets / sizeof wide_targets[0]; t++)
            for (size_t j = 0; j < nc; j++)
                if (R[j].mag && strcmp(R[j].f.name, wide_targets[t]) == 0) {
                    from_code_pair(&R[j], &R[i], 1, &log);
                    pairs++;
                }
    }
    for (size_t i = 0; i < nc; i++)
        ref_free(&R[i]);
    free(R);
    ck_assert_msg(pairs > 400, "only %zu format pairs", pairs);
    tu_log_check(&log);
}
END_TEST

/* exmy.h "The canonical NaN": the documented catalogue codes, positive and
 * negative NaN input, and exmy_format_info.nan_code. */
START_TEST(test_canonical_nan_codes_as_documented)
{
    static const struct {
        const char *name;
        uint32_t pos, neg;
    } cases[] = {
        {"binary16", 0x7e00, 0xfe00},         {"bfloat16", 0x7fc0, 0xffc0},
        {"tf32", 0x3fe00, 0x7fe00},           {"binary32", 0x7fc00000, 0xffc00000},
        {"e5m2", 0x7e, 0xfe},                 {"e4m3", 0x7c, 0xfc},
        {"e3m4", 0x78, 0xf8},                 {"e4m3fn", 0x7f, 0xff},
        {"e4m3fnuz", 0x80, 0x80},             {"e5m2fnuz", 0x80, 0x80},
        {"e4m3b11fnuz", 0x80, 0x80},          {"binary8p1se", 0x80, 0x80},
        {"binary8p3sf", 0x80, 0x80},          {"binary8p7se", 0x80, 0x80},
        {"e8m0fnu", 0xff, 0xff},              {"binary8p1ue", 0xff, 0xff},
        {"binary8p4uf", 0xff, 0xff},          {"binary8p8ue", 0xff, 0xff},
    };
    exmy_opts o = det(EXMY_RNE, EXMY_SATFINITE);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        exmy_format f = tu_format(cases[i].name);
        exmy_format_info in;
        ck_assert_int_eq(exmy_format_get_info(&f, &in), EXMY_OK);
        ck_assert_msg(in.has_nan && in.nan_code == cases[i].pos, "%s: info.nan_code 0x%x, doc 0x%x",
                      cases[i].name, in.nan_code, cases[i].pos);
        uint32_t p = 0, n = 0;
        exmy_status sp = exmy_from_f64(&f, NAN, &o, 0, &p, NULL);
        exmy_status sn = exmy_from_f64(&f, -(double)NAN, &o, 0, &n, NULL);
        ck_assert_msg(sp == EXMY_OK && p == cases[i].pos && sn == EXMY_OK && n == cases[i].neg,
                      "%s: NaN -> %s 0x%x, -NaN -> %s 0x%x; doc 0x%x / 0x%x", cases[i].name,
                      exmy_strerror(sp), p, exmy_strerror(sn), n, cases[i].pos, cases[i].neg);
    }
    static const char *const none[] = {"e2m1fn", "e2m3fn", "e3m2fn"};
    for (size_t i = 0; i < 3; i++) {
        exmy_format f = tu_format(none[i]);
        uint32_t c = 0;
        exmy_status st = exmy_from_f64(&f, NAN, &o, 0, &c, NULL);
        ck_assert_msg(st == EXMY_ENONAN, "%s: NaN -> %s", none[i], exmy_strerror(st));
    }
}
END_TEST

/* exmy_decode_array's statistics: NaN codes counted, and EXMY_EINEXACT at the
 * first code whose value is not a binary32, on every level. */
START_TEST(test_decode_array_stats_first_error)
{
    /* e4m3fn: NaN codes 0x7f and 0xff; two per 256 codes. */
    exmy_format f = tu_format("e4m3fn");
    uint8_t codes[300];
    for (size_t i = 0; i < sizeof codes; i++)
        codes[i] = (uint8_t)i;
    /* e3m28 (p = 29): 1 + 2^-28 (magnitude code 0x30000001) is not a binary32. */
    exmy_format w = tu_format("e3m28");
    uint32_t wcodes[4] = {0x30000000u, 0x80000000u | 0x30000000u, 0x30000001u, 0x30000000u};
    static const exmy_isa isas[] = {EXMY_ISA_SCALAR, EXMY_ISA_PORTABLE, EXMY_ISA_AVX2,
                                    EXMY_ISA_AVX512};
    for (size_t l = 0; l < sizeof isas / sizeof isas[0]; l++) {
        if (!exmy_isa_supported(isas[l]))
            continue;
        exmy_array_opts o;
        memset(&o, 0, sizeof o);
        o.isa = isas[l];
        float out[300];
        exmy_array_stats s;
        memset(&s, 0xa5, sizeof s);
        exmy_status st = exmy_decode_array(&f, codes, EXMY_TYPE_F32, out, 300, &o, &s);
        ck_assert_msg(st == EXMY_OK && s.nan == 2 && s.inexact == 0 && s.overflow == 0,
                      "%s: e4m3fn 300 codes: %s nan %llu inexact %llu overflow %llu",
                      exmy_isa_name(isas[l]), exmy_strerror(st), (unsigned long long)s.nan,
                      (unsigned long long)s.inexact, (unsigned long long)s.overflow);
        memset(&s, 0xa5, sizeof s);
        st = exmy_decode_array(&w, wcodes, EXMY_TYPE_F32, out, 4, &o, &s);
        ck_assert_msg(st == EXMY_EINEXACT && s.first_error == 2 && s.nan == 0,
                      "%s: e3m28 to f32: %s first_error %zu nan %llu", exmy_isa_name(isas[l]),
                      exmy_strerror(st), s.first_error, (unsigned long long)s.nan);
        ck_assert_msg(out[0] == 1.0f && out[1] == -1.0f, "%s: %a %a before the error",
                      exmy_isa_name(isas[l]), (double)out[0], (double)out[1]);
        double dout[4];
        st = exmy_decode_array(&w, wcodes, EXMY_TYPE_F64, dout, 4, &o, &s);
        ck_assert_msg(st == EXMY_OK && dout[2] == 1 + 0x1p-28, "%s: e3m28 to f64: %s %a",
                      exmy_isa_name(isas[l]), exmy_strerror(st), dout[2]);
    }
}
END_TEST

/* ------------------------------------------------ monotone, idempotent, odd */

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted inputs around every value of the format, plus random ones. */
static double *input_set(const ref_format *R, size_t *n)
{
    size_t cap = 16 * ((size_t)R->cmax + 2) + 20000, k = 0;
    double *v = malloc(cap * sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (uint32_t c = 0; c <= R->cmax + 1; c++) {
        double a = R->mag[c];
        double mid = c <= R->cmax ? a + (R->mag[c + 1] - a) / 2 : a * 1.5;
        double pts[] = {a, nextafter(a, 0), nextafter(a, INFINITY), mid, nextafter(mid, 0),
                        nextafter(mid, INFINITY)};
        for (size_t i = 0; i < 6; i++) {
            v[k++] = pts[i];
            v[k++] = -pts[i];
        }
    }
    tu_rng rng = {R->cmax};
    int elo = ilogb(R->first_pos) - 3, ehi = R->emax + 3;
    for (int i = 0; i < 20000 - 8; i++) {
        int e = elo + (int)(tu_next(&rng) % (uint64_t)(ehi - elo + 1));
        double x = ldexp(1.0 + tu_uniform(&rng), e);
        v[k++] = (tu_next(&rng) & 1) ? -x : x;
    }
    v[k++] = INFINITY;
    v[k++] = -INFINITY;
    v[k++] = DBL_MAX;
    v[k++] = -DBL_MAX;
    v[k++] = DBL_TRUE_MIN;
    v[k++] = -DBL_TRUE_MIN;
    v[k++] = 0.0;
    v[k++] = -0.0;
    qsort(v, k, sizeof *v, cmp_d);
    *n = k;
    return v;
}

static void algebra_fmt(const exmy_format *f, tu_log *log)
{
    ref_format R;
    ck_assert(ref_init(&R, f));
    size_t n;
    double *in = input_set(&R, &n);
    for (int ri = 0; ri < 6; ri++) {
        for (int si = 0; si < 4; si++) {
            exmy_opts o = det(tu_det_rounds[ri], tu_sats[si]);
            const char *mn = exmy_round_name(o.round), *sn = exmy_sat_name(o.sat);
            double prev = -INFINITY, prev_x = -INFINITY;
            for (size_t i = 0; i < n; i++) {
                double x = in[i];
                uint32_t c = 0;
                exmy_status st = exmy_from_f64(f, x, &o, 0, &c, NULL);
                log->checked++;
                if (st != EXMY_OK || is_nan_code(f, c))
                    continue;
                double v = exmy_to_f64(f, c);
                /* Monotone: a larger input never gives a smaller result. */
                if (v < prev)
                    tu_fail(log, "%s %s not monotone: %a -> %a but %a -> %a", mn, sn, prev_x,
                            prev, x, v);
                prev = v;
                prev_x = x;
                /* Idempotent: a result rounds to itself. */
                uint32_t c2 = 0;
                st = exmy_from_f64(f, v, &o, 0, &c2, NULL);
                bool inf_clamped = isinf(v) && o.sat == EXMY_SATFINITE;
                if (!inf_clamped && (st != EXMY_OK || c2 != c))
                    tu_fail(log, "%s %s not idempotent: %a -> 0x%x (%a) -> 0x%x", mn, sn, x, c, v,
                            c2);
                /* Sign symmetry of rne, rna, rtz, rto: round(-x) = -round(x);
                 * and rup(x) = -rdn(-x). Compared as values (fnuz has no -0). */
                if (!R.s)
                    continue;
                exmy_opts o2 = o;
                bool sym = o.round != EXMY_RUP && o.round != EXMY_RDN;
                if (!sym)
                    o2.round = o.round == EXMY_RUP ? EXMY_RDN : EXMY_RUP;
                uint32_t cn = 0;
                st = exmy_from_f64(f, -x, &o2, 0, &cn, NULL);
                double vn = exmy_to_f64(f, cn);
                bool ok = st == EXMY_OK && !is_nan_code(f, cn) && vn == -v;
                if (ok && f->negzero)
                    ok = cn == (c ^ R.sign); /* bit-exact, -0 included */
                if (!ok)
                    tu_fail(log, "%s %s vs %s: %a -> 0x%x (%a) but %a -> 0x%x (%a)", mn, sn,
                            exmy_round_name(o2.round), x, c, v, -x, cn, vn);
            }
        }
    }
    free(in);
    ref_free(&R);
}

START_TEST(test_algebra)
{
    for_each_format(algebra_fmt, "monotone/idempotent/symmetric", false);
}
END_TEST

/* ---------------------------------------------------------- string input */

/* Every digit of x, written with GMP (x = M * 2^E exactly). */
static char *exact_decimal(double x)
{
    if (x == 0)
        return strdup(signbit(x) ? "-0" : "0");
    int E;
    double fr = frexp(fabs(x), &E);
    mpz_t z, p;
    mpz_inits(z, p, NULL);
    mpz_set_d(z, ldexp(fr, 53)); /* integer significand */
    E -= 53;
    while (E < 0 && mpz_even_p(z)) {
        mpz_fdiv_q_2exp(z, z, 1);
        E++;
    }
    size_t frac = 0;
    if (E >= 0) {
        mpz_mul_2exp(z, z, (mp_bitcnt_t)E);
    } else {
        mpz_ui_pow_ui(p, 5, (unsigned long)-E);
        mpz_mul(z, z, p);
        frac = (size_t)-E;
    }
    char *d = mpz_get_str(NULL, 10, z);
    size_t nd = strlen(d);
    char *out = malloc(nd + frac + 4);
    char *w = out;
    if (x < 0)
        *w++ = '-';
    if (frac == 0) {
        memcpy(w, d, nd + 1);
    } else if (frac >= nd) {
        *w++ = '0';
        *w++ = '.';
        for (size_t i = 0; i < frac - nd; i++)
            *w++ = '0';
        memcpy(w, d, nd + 1);
    } else {
        memcpy(w, d, nd - frac);
        w += nd - frac;
        *w++ = '.';
        memcpy(w, d + nd - frac, frac + 1);
    }
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(d, nd + 1);
    mpz_clears(z, p, NULL);
    return out;
}

static void strings_fmt(const exmy_format *f, tu_log *log)
{
    ref_format R;
    ck_assert(ref_init(&R, f));
    size_t n;
    double *in = input_set(&R, &n);
    for (size_t i = 0; i < n; i += (f->bits > 8 ? 7 : 1)) {
        double x = in[i];
        if (!isfinite(x))
            continue;
        char *dec = exact_decimal(x);
        char hex[64];
        snprintf(hex, sizeof hex, "%a", x);
        for (int ri = 0; ri < 6; ri++) {
            exmy_opts o = det(tu_det_rounds[ri], tu_sats[(i + (size_t)ri) % 4]);
            uint32_t want = 0, got = 0;
            exmy_status sw = exmy_from_f64(f, x, &o, 0, &want, NULL);
            const char *strs[2] = {dec, hex};
            for (int k = 0; k < 2; k++) {
                exmy_status sg = exmy_from_string(f, strs[k], &o, 0, &got, NULL);
                log->checked++;
                if (sg != sw || (sg == EXMY_OK && got != want))
                    tu_fail(log, "%s: \"%s\" -> %d/0x%x, but %a -> %d/0x%x",
                            exmy_round_name(o.round), strs[k], sg, got, x, sw, want);
            }
        }
        free(dec);
    }
    /* exmy_code_to_decimal gives every digit, and reads back to the code. */
    if (f->bits <= 16) {
        for (uint64_t c = 0; c < (UINT64_C(1) << f->bits); c++) {
            char buf[1200];
            ck_assert_int_eq(exmy_code_to_decimal(f, (uint32_t)c, buf, sizeof buf), EXMY_OK);
            double v = exmy_to_f64(f, (uint32_t)c);
            if (isnan(v) || isinf(v))
                continue;
            char *want = exact_decimal(v);
            log->checked++;
            if (strcmp(buf, want) != 0)
                tu_fail(log, "code_to_decimal(0x%llx) = \"%s\", exact value is %s",
                        (unsigned long long)c, buf, want);
            free(want);
            exmy_opts o = det(EXMY_RNE, EXMY_SATPROPAGATE);
            uint32_t back = 0;
            if (exmy_from_string(f, buf, &o, 0, &back, NULL) != EXMY_OK || back != c)
                tu_fail(log, "\"%s\" does not read back to code 0x%llx (got 0x%x)", buf,
                        (unsigned long long)c, back);
        }
    }
    free(in);
    ref_free(&R);
}

START_TEST(test_strings_exact)
{
    for_each_format(strings_fmt, "strings", false);
}
END_TEST

/* exmy_f64_to_decimal against exact_decimal above (GMP, written separately):
 * the binary64 boundaries (the extremes need 1077 and 309 characters), then
 * bit patterns from every binade; the buffer-size boundary at strlen + 1. */
START_TEST(test_f64_to_decimal_every_digit)
{
    static const double edge[] = {0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp-1023,
                                  0x1.fffffffffffffp+1023, -0x1.fffffffffffffp+1023, 0.1, 1.0 / 3,
                                  1e23, 0x1p+53, 0x1.0000000000001p+53, 448.0, -0x1.8p-9};
    char buf[EXMY_F64_DECIMAL_LEN];
    uint64_t state = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < (int)(sizeof edge / sizeof edge[0]) + 20000; i++) {
        double x;
        if (i < (int)(sizeof edge / sizeof edge[0])) {
            x = edge[i];
        } else {
            state = state * 6364136223846793005u + 1442695040888963407u;
            uint64_t bits = state ^ (state >> 29);
            memcpy(&x, &bits, sizeof x);
            if (!isfinite(x))
                continue;
        }
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        exmy_status st = exmy_f64_to_decimal(x, buf, sizeof buf);
        ck_assert_msg(st == EXMY_OK, "f64_to_decimal(%a = 0x%016llx): %s", x, (unsigned long long)bits,
                      exmy_strerror(st));
        char *want = exact_decimal(x);
        ck_assert_msg(strcmp(buf, want) == 0, "f64_to_decimal(%a = 0x%016llx) = \"%s\", exact value is %s",
                      x, (unsigned long long)bits, buf, want);
        size_t n = strlen(want);
        ck_assert_msg(exmy_f64_to_decimal(x, buf, n) == EXMY_EINVAL,
                      "f64_to_decimal(%a) into %zu bytes: expected EXMY_EINVAL", x, n);
        ck_assert_msg(exmy_f64_to_decimal(x, buf, n + 1) == EXMY_OK && strcmp(buf, want) == 0,
                      "f64_to_decimal(%a) into exactly %zu bytes", x, n + 1);
        free(want);
    }
    static const struct {
        double x;
        const char *text;
    } special[] = {{INFINITY, "inf"}, {-INFINITY, "-inf"}, {NAN, "nan"}, {-NAN, "-nan"}};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        ck_assert_int_eq(exmy_f64_to_decimal(special[i].x, buf, sizeof buf), EXMY_OK);
        ck_assert_msg(strcmp(buf, special[i].text) == 0, "f64_to_decimal(%a) = \"%s\", want %s",
                      special[i].x, buf, special[i].text);
    }
    ck_assert_int_eq(exmy_f64_to_decimal(1.0, NULL, 10), EXMY_EINVAL);
    ck_assert_int_eq(exmy_f64_to_decimal(1.0, buf, 0), EXMY_EINVAL);
}
END_TEST

/* 40-significant-digit decimal strings just above and just below every
 * midpoint (and every value): they read as the midpoint (value) in binary64,
 * so only a correctly rounded path gets them right. Strings and their
 * relation to the midpoint are made and checked with MPFR at 512 bits; the
 * expected codes come from the value list. */
static void near_midpoints(const char *spec, tu_log *log, uint64_t *traps)
{
    exmy_format f = tu_format(spec);
    ref_format R;
    ck_assert(ref_init(&R, &f));
    mpfr_t t, u, back;
    mpfr_inits2(512, t, u, back, (mpfr_ptr)0);
    for (uint32_t c = 0; c <= R.cmax; c++) {
        double lo = R.mag[c], hi = R.mag[c + 1];
        double pts[2] = {lo + (hi - lo) / 2, hi};
        for (int pi = 0; pi < 2; pi++) {
            double p = pts[pi];
            if (p == 0)
                continue;
            for (int dir = -1; dir <= 1; dir += 2) {
                /* p * (1 +- 2^-100), printed with 40 digits rounded away from p. */
                mpfr_set_d(t, p, MPFR_RNDN);
                mpfr_mul_2si(u, t, -100, MPFR_RNDN);
                if (dir > 0)
                    mpfr_add(u, t, u, MPFR_RNDN);
                else
                    mpfr_sub(u, t, u, MPFR_RNDN);
                char s[128];
                mpfr_snprintf(s, sizeof s, dir > 0 ? "%.39RUe" : "%.39RDe", u);
                mpfr_strtofr(back, s, NULL, 10, MPFR_RNDN); /* exact enough at 512 bits */
                int cmp = mpfr_cmp(back, t);
                ck_assert_msg(cmp == dir, "test setup: \"%s\" is not on side %d of %a", s, dir, p);
                if (strtod(s, NULL) == p)
                    (*traps)++;
                /* Expected: |x| lies strictly between p's neighbours. */
                int64_t lo_code = pi == 0 ? (int64_t)c : (dir > 0 ? (int64_t)c + 1 : (int64_t)c);
                int cmp_mid = pi == 0 ? dir : (dir > 0 ? -1 : +1);
                for (int sg = 0; sg < 2; sg++) {
                    char str[130];
                    snprintf(str, sizeof str, "%s%s", sg ? "-" : "", s);
                    bool neg = sg == 1;
                    for (int ri = 0; ri < 6; ri++) {
                        for (int si = 0; si < 4; si++) {
                            exmy_opts o = det(tu_det_rounds[ri], tu_sats[si]);
                            ref_expect e;
                            if (lo_code > (int64_t)R.cmax)
                                e = ref_finish(&R, o.round, o.sat, neg, lo_code);
                            else
                                e = ref_finish(&R, o.round, o.sat, neg,
                                               ref_choose(&R, o.round, neg, lo_code, cmp_mid));
                            uint32_t got = 0;
                            exmy_status st = exmy_from_string(&f, str, &o, 0, &got, NULL);
                            log->checked++;
                            if (st != e.st || (st == EXMY_OK && got != e.code))
                                tu_fail(log, "%s %s %s: \"%s\" -> %d/0x%x, expected %d/0x%x", spec,
                                        exmy_round_name(o.round), exmy_sat_name(o.sat), str, st,
                                        got, e.st, e.code);
                        }
                    }
                }
            }
        }
    }
    mpfr_clears(t, u, back, (mpfr_ptr)0);
    mpfr_free_cache();
    ref_free(&R);
}

START_TEST(test_strings_near_midpoints)
{
    tu_log log;
    tu_log_init(&log, "40-digit strings near midpoints", 12);
    uint64_t traps = 0;
    const char *fmts[] = {"e4m3fn", "e5m2", "e2m1fn", "e8m0fnu", "e4m3fnuz", "e3m2:nosub"};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        near_midpoints(fmts[i], &log, &traps);
    /* Most of these strings read as the midpoint itself in binary64. */
    ck_assert_uint_gt(traps, 1000);
    tu_log_check(&log);
}
END_TEST

START_TEST(test_strings_named_cases)
{
    exmy_format f = tu_format("e4m3fn");
    exmy_opts o = det(EXMY_RNE, EXMY_SATFINITE);
    uint32_t c = 0;
    /* ml_dtypes PR #401: -431.99999999999994 is below the midpoint 432 of 416
     * and 448, so it rounds to -416 (0xfd); through binary32 it becomes -432,
     * a tie, and goes to the even -448 (0xfe). */
    ck_assert_int_eq(exmy_from_string(&f, "-431.99999999999994", &o, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0xfd);
    double x = -431.99999999999994;
    ck_assert_int_eq(exmy_from_f64(&f, x, &o, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0xfd);
    ck_assert(x > -432.0 && (float)x == -432.0f);
    ck_assert_int_eq(exmy_from_f32(&f, (float)x, &o, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0xfe);
    /* OFP8 5.2.1: 464 (the midpoint above 448) rounds to 448; 465 overflows. */
    ck_assert_int_eq(exmy_from_string(&f, "464", &o, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0x7e);
    exmy_opts ns = det(EXMY_RNE, EXMY_NOSAT);
    ck_assert_int_eq(exmy_from_string(&f, "464", &ns, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0x7e);
    ck_assert_int_eq(exmy_from_string(&f, "464.0000000000000000000000000000000001", &ns, 0, &c,
                                      NULL),
                     EXMY_OK);
    ck_assert_uint_eq(c, 0x7f);
    /* Specials and spellings. */
    struct {
        const char *s;
        uint32_t code;
    } ok[] = {{"inf", 0x7e},  {"-INF", 0xfe},       {"Infinity", 0x7e}, {"nan", 0x7f},
              {"-nan", 0xff}, {"+1.5", 0x3c},       {"1e2", 0x6c},      {"0x1.8p-3", 0x24},
              {"-0", 0x80},   {"0.0", 0x00},        {"0x0p0", 0x00},    {".5", 0x30},
              {"5.", 0x4a},   {"1e-400", 0x00},     {"-1e-400", 0x80},  {"1e400", 0x7e},
              {"0X1P-9", 0x01}, {"0.001953125", 0x01}, {"2E-3", 0x01}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        exmy_status st = exmy_from_string(&f, ok[i].s, &o, 0, &c, NULL);
        ck_assert_msg(st == EXMY_OK && c == ok[i].code, "\"%s\" -> %d/0x%x, expected 0x%x",
                      ok[i].s, st, c, ok[i].code);
    }
    /* A value far below binary64's range is still not zero. */
    exmy_opts up = det(EXMY_RUP, EXMY_SATFINITE);
    ck_assert_int_eq(exmy_from_string(&f, "1e-400", &up, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0x01);
    ck_assert_int_eq(exmy_from_string(&f, "1e-100000", &up, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0x01);
    exmy_opts dn = det(EXMY_RDN, EXMY_SATFINITE);
    ck_assert_int_eq(exmy_from_string(&f, "-1e-400", &dn, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0x81);
    ck_assert_int_eq(exmy_from_string(&f, "1e100000", &ns, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0x7f);
    const char *bad[] = {"",   " 1",  "1 ",    "1e",   "0x",     "abc",  "1..2", "--1",
                         "0x1p", "nan(1)", "1,5", "+",   "e5",     "0x.p1", "infinit", "1e+"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(exmy_from_string(&f, bad[i], &o, 0, &c, NULL) == EXMY_ENUMBER,
                      "\"%s\" accepted", bad[i]);
    /* No NaN: e2m1fn reports it. */
    exmy_format g = tu_format("e2m1fn");
    ck_assert_int_eq(exmy_from_string(&g, "nan", &o, 0, &c, NULL), EXMY_ENONAN);
    ck_assert_int_eq(exmy_from_f64(&g, NAN, &o, 0, &c, NULL), EXMY_ENONAN);
}
END_TEST

START_TEST(test_to_f32)
{
    exmy_format f = tu_format("e11m4");
    float v;
    exmy_format_info in;
    ck_assert_int_eq(exmy_format_get_info(&f, &in), EXMY_OK);
    ck_assert_int_eq(exmy_to_f32(&f, in.max_code, &v), EXMY_EINEXACT);
    ck_assert_int_eq(exmy_to_f32(&f, 1, &v), EXMY_EINEXACT); /* 2^-1026 */
    ck_assert_int_eq(exmy_to_f32(&f, 0x3ff0, &v), EXMY_OK);
    ck_assert(v == 1.0f);
    exmy_format g = tu_format("bfloat16");
    for (uint32_t c = 0; c < 65536; c++) {
        ck_assert_int_eq(exmy_to_f32(&g, c, &v), EXMY_OK);
        /* bfloat16 is the top half of binary32. */
        uint32_t b = tu_f32_bits(v);
        if (!isnan(v))
            ck_assert_msg(b == c << 16, "bfloat16 0x%04x -> 0x%08x", c, b);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("properties");
    TCase *tc = tcase_create("properties");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_identity);
    tcase_add_test(tc, test_from_code_vs_reference);
    tcase_add_test(tc, test_canonical_nan_codes_as_documented);
    tcase_add_test(tc, test_decode_array_stats_first_error);
    tcase_add_test(tc, test_algebra);
    tcase_add_test(tc, test_strings_exact);
    tcase_add_test(tc, test_f64_to_decimal_every_digit);
    tcase_add_test(tc, test_strings_near_midpoints);
    tcase_add_test(tc, test_strings_named_cases);
    tcase_add_test(tc, test_to_f32);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
