/* Exact SNR (include/exmy_snr.h): the interval table against the scalar
 * core, the Gauss-Legendre tables against a recomputation, the exact values
 * against an MPFR evaluation over intervals derived here from the value
 * list and against direct quadrature through the core (deterministic and
 * stochastic modes, normal, uniform and laplace), the theory of the curve,
 * and its invariances. */
#include "snr_internal.h"
#include "snr_ref.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const exmy_dist NORMAL = {EXMY_DIST_NORMAL, 0, NULL, 0};

static exmy_snr_point exact_point(const exmy_format *f, const exmy_opts *o, const exmy_dist *d,
                                  double sigma)
{
    exmy_snr_exact *t;
    exmy_status st = exmy_snr_exact_new(f, o, &t);
    ck_assert_msg(st == EXMY_OK, "exmy_snr_exact_new: %s", exmy_strerror(st));
    exmy_snr_point p;
    st = exmy_snr_exact_eval(t, d, sigma, &p);
    ck_assert_msg(st == EXMY_OK, "exmy_snr_exact_eval: %s", exmy_strerror(st));
    exmy_snr_exact_free(t);
    return p;
}

/* ------------------------------------------------ Gauss-Legendre tables */

START_TEST(gl_tables_recomputed)
{
    static const unsigned ns[] = {2, 3, 4, 6, 8};
    for (size_t k = 0; k < 5; k++) {
        unsigned n = ns[k], nh;
        const double *x, *w;
        exmy__snr_gl_rule(n, &x, &w, &nh);
        ck_assert_uint_eq(nh, (n + 1) / 2);
        /* Newton on P_n from the cosine guesses, in long double. */
        for (unsigned i = 0; i < nh; i++) {
            long double z = cosl(3.141592653589793238462643383279502884L * (i + 0.75L) / (n + 0.5L));
            long double dp = 1;
            for (int it = 0; it < 100; it++) {
                long double p0 = 1, p1 = z;
                for (unsigned j = 2; j <= n; j++) {
                    long double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                z -= p1 / dp;
            }
            long double wt = 2 / ((1 - z * z) * dp * dp);
            ck_assert_msg(fabsl(z - x[i]) < 4e-16L && fabsl(wt - w[i]) < 4e-16L,
                          "GL n=%u node %u: table %a %a, Newton %La %La", n, i, x[i], w[i], z, wt);
        }
        /* Exact for monomials of degree <= 2n-1 on [-1, 1]. */
        for (unsigned d = 0; d <= 2 * n - 1; d++) {
            long double s = 0;
            for (unsigned i = 0; i < nh; i++) {
                long double v = powl(x[i], d);
                s += x[i] == 0 ? w[i] * v : w[i] * (v + ((d & 1) ? -v : v));
            }
            long double want = (d & 1) ? 0 : 2.0L / (d + 1);
            ck_assert_msg(fabsl(s - want) < 1e-15L, "GL n=%u degree %u: %Lg != %Lg", n, d, s, want);
        }
    }
}
END_TEST

/* ----------------------------------------------- table against the core */

static bool same_q(double q, bool fin, double r, bool rfin)
{
    return fin == rfin && (!fin || q == r);
}

static void core_at(const exmy_format *f, const exmy_opts *o, double x, uint32_t r, double *q,
                    bool *fin)
{
    uint32_t code;
    exmy_status st = exmy_from_f64(f, x, o, r, &code, NULL);
    if (st == EXMY_ENONAN) {
        *q = NAN;
        *fin = false;
        return;
    }
    ck_assert_msg(st == EXMY_OK, "exmy_from_f64(%a): %s", x, exmy_strerror(st));
    *q = exmy_to_f64(f, code);
    *fin = isfinite(*q);
}

static void check_table(const char *spec, const exmy_opts *o, tu_log *log)
{
    exmy_format f = tu_format(spec);
    exmy_snr_exact *t;
    exmy_status st = exmy_snr_exact_new(&f, o, &t);
    ck_assert_msg(st == EXMY_OK, "%s: exmy_snr_exact_new: %s", spec, exmy_strerror(st));
    size_t n = exmy_snr_exact_size(t);
    bool sr = exmy_round_is_stochastic(o->round);
    uint32_t top = sr ? (o->sr_bits >= 32 ? UINT32_MAX : (UINT32_C(1) << o->sr_bits) - 1) : 0;
    tu_rng rng = {UINT64_C(0x5eed) + n};
    exmy_snr_interval prev = {0};
    for (size_t i = 0; i < n; i++) {
        exmy_snr_interval iv;
        ck_assert(exmy_snr_exact_interval(t, i, &iv) == EXMY_OK);
        log->checked++;
        if (i == 0 && iv.lo != -INFINITY)
            tu_fail(log, "%s %s/%s: first interval starts at %a", spec, exmy_round_name(o->round),
                    exmy_sat_name(o->sat), iv.lo);
        if (i > 0 && iv.lo != prev.hi)
            tu_fail(log, "%s %s/%s: gap between %a and %a", spec, exmy_round_name(o->round),
                    exmy_sat_name(o->sat), prev.hi, iv.lo);
        if (i + 1 == n && iv.hi != INFINITY)
            tu_fail(log, "%s: last interval ends at %a", spec, iv.hi);
        if (!(iv.lo < iv.hi) || (iv.lo < 0 && iv.hi > 0))
            tu_fail(log, "%s: bad interval [%a, %a]", spec, iv.lo, iv.hi);
        /* One ulp inside each end, and the midpoint. */
        double pts[3];
        int np = 0;
        if (isfinite(iv.lo))
            pts[np++] = nextafter(iv.lo, INFINITY);
        if (isfinite(iv.hi))
            pts[np++] = nextafter(iv.hi, -INFINITY);
        if (isfinite(iv.lo) && isfinite(iv.hi))
            pts[np++] = 0.5 * iv.lo + 0.5 * iv.hi;
        for (int k = 0; k < np; k++) {
            double q;
            bool fin;
            if (!sr) {
                core_at(&f, o, pts[k], 0, &q, &fin);
                if (!same_q(iv.q_down, iv.finite_down, q, fin))
                    tu_fail(log, "%s %s/%s: x=%a (bits %016llx) in [%a, %a]: table %a, core %a", spec,
                            exmy_round_name(o->round), exmy_sat_name(o->sat), pts[k],
                            (unsigned long long)tu_f64_bits(pts[k]), iv.lo, iv.hi, iv.q_down, q);
                continue;
            }
            /* Stochastic: every R gives one of the two results. */
            uint32_t rs[4] = {0, top, (uint32_t)tu_next(&rng) & top, (uint32_t)tu_next(&rng) & top};
            for (int j = 0; j < 4; j++) {
                core_at(&f, o, pts[k], rs[j], &q, &fin);
                if (!same_q(iv.q_down, iv.finite_down, q, fin) &&
                    !same_q(iv.q_up, iv.finite_up, q, fin))
                    tu_fail(log, "%s %s:%u/%s: x=%a R=%u in [%a, %a]: table %a|%a, core %a", spec,
                            exmy_round_name(o->round), o->sr_bits, exmy_sat_name(o->sat), pts[k],
                            rs[j], iv.lo, iv.hi, iv.q_down, iv.q_up, q);
            }
        }
        prev = iv;
    }
    exmy_snr_exact_free(t);
}

static const char *const table_formats[] = {
    "e4m3fn", "e5m2", "e2m1fn", "e3m2fn", "e2m3fn", "e4m3fnuz", "e5m2fnuz", "e8m0fnu",
    "binary8p3se", "binary8p1ue", "binary8p4ue", "e4m3", "e3m2:nosub",
    "e4m3:unsigned:finite:nans=0", "e4m3b11fnuz"};

START_TEST(table_against_core)
{
    tu_log log;
    tu_log_init(&log, "snr interval table vs core", 20);
    for (size_t i = 0; i < sizeof table_formats / sizeof table_formats[0]; i++)
        for (unsigned s = 0; s < EXMY_SAT_COUNT; s++) {
            for (unsigned r = 0; r < 6; r++) {
                exmy_opts o = {(exmy_round)r, (exmy_sat)s, 0};
                check_table(table_formats[i], &o, &log);
            }
            static const unsigned bits[] = {1, 3, 32};
            for (unsigned r = EXMY_SR_A; r <= EXMY_SR_C; r++)
                for (int b = 0; b < 3; b++) {
                    exmy_opts o = {(exmy_round)r, (exmy_sat)s, bits[b]};
                    check_table(table_formats[i], &o, &log);
                }
        }
    exmy_opts o = {EXMY_RNE, EXMY_NOSAT, 0};
    check_table("binary16", &o, &log);
    check_table("bfloat16", &o, &log);
    tu_log_check(&log);
}
END_TEST

/* The e4m3fn table under rne/satfinite by hand: cuts at the midpoints of
 * neighbouring values, the top interval [416 + 16, Inf) -> 448 (the midpoint
 * 464 between 448 and the continuation's 480 still rounds to 448, and
 * everything beyond saturates). */
START_TEST(table_e4m3fn_by_hand)
{
    exmy_format f = tu_format("e4m3fn");
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_snr_exact *t;
    ck_assert(exmy_snr_exact_new(&f, &o, &t) == EXMY_OK);
    size_t n = exmy_snr_exact_size(t);
    /* Zero and the 126 positive values 0x01..0x7e: 127 intervals per side. */
    ck_assert_uint_eq(n, 2 * 127);
    exmy_snr_interval iv;
    exmy_snr_exact_interval(t, n - 1, &iv);
    ck_assert(iv.lo == 432.0 && iv.hi == INFINITY && iv.q_down == 448.0);
    exmy_snr_exact_interval(t, n / 2, &iv); /* [0, 2^-10) -> 0 */
    ck_assert(iv.lo == 0.0 && iv.hi == 0x1p-10 && iv.q_down == 0.0);
    exmy_snr_exact_interval(t, n / 2 + 1, &iv); /* [2^-10, 3*2^-10) -> 2^-9 */
    ck_assert(iv.lo == 0x1p-10 && iv.hi == 0x3p-10 && iv.q_down == 0x1p-9);
    exmy_snr_exact_free(t);

    o.sat = EXMY_NOSAT; /* [464, Inf) -> NaN: its own interval */
    ck_assert(exmy_snr_exact_new(&f, &o, &t) == EXMY_OK);
    n = exmy_snr_exact_size(t);
    exmy_snr_exact_interval(t, n - 1, &iv);
    ck_assert(iv.lo == 464.0 && iv.hi == INFINITY && !iv.finite_down);
    exmy_snr_exact_interval(t, n - 2, &iv);
    ck_assert(iv.lo == 432.0 && iv.hi == 464.0 && iv.q_down == 448.0);
    exmy_snr_exact_free(t);
}
END_TEST

START_TEST(bad_arguments)
{
    exmy_format f = tu_format("binary32");
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_snr_exact *t = NULL;
    ck_assert_int_eq(exmy_snr_exact_new(&f, &o, &t), EXMY_EINVAL); /* > 16 bits */
    f = tu_format("e4m3fn");
    o.round = EXMY_SR_A; /* no bits */
    ck_assert_int_eq(exmy_snr_exact_new(&f, &o, &t), EXMY_EINVAL);
    o.round = EXMY_RNE;
    ck_assert_int_eq(exmy_snr_exact_new(&f, &o, &t), EXMY_OK);
    exmy_snr_point p;
    exmy_dist st = {EXMY_DIST_STUDENT_T, 5, NULL, 0};
    ck_assert_int_eq(exmy_snr_exact_eval(t, &st, 1.0, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_snr_exact_eval(t, &NORMAL, 0.0, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_snr_exact_eval(t, &NORMAL, -1.0, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_snr_exact_eval(t, &NORMAL, INFINITY, &p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_snr_exact_eval(t, &NORMAL, NAN, &p), EXMY_EINVAL);
    exmy_snr_exact_free(t);
}
END_TEST

/* ---------------------------------------------------- MPFR reference */

static const double oracle_log2_sigma[] = {-60, -24, -18, -14.5, -10, -7, -5, -1, 0, 0.3,
                                           4, 8.7, 9, 14, 15.9, 17, 30, 60};

static void check_mpfr(const char *spec, char mode, exmy_sat sat, const double *l2s, size_t nl,
                       tu_log *log)
{
    exmy_format f = tu_format(spec);
    exmy_opts o = {mode == 'n' ? EXMY_RNE : mode == 'z' ? EXMY_RTZ : EXMY_RUP, sat, 0};
    bool nosat = sat == EXMY_NOSAT;
    ref_iv *pos, *neg;
    size_t npos, nneg;
    if (mode == 'u') { /* rup: magnitudes up for x > 0, toward zero for x < 0 */
        npos = snr_ref_intervals(&f, 'u', false, &pos);
        nneg = snr_ref_intervals(&f, 'z', false, &neg);
    } else {
        npos = snr_ref_intervals(&f, mode, nosat, &pos);
        nneg = snr_ref_intervals(&f, mode, nosat, &neg);
    }
    exmy_snr_exact *t;
    ck_assert(exmy_snr_exact_new(&f, &o, &t) == EXMY_OK);
    for (size_t i = 0; i < nl; i++) {
        double sigma = exp2(l2s[i]);
        snr_ref_result r = snr_ref_mpfr(pos, npos, neg, nneg, sigma);
        exmy_snr_point p;
        ck_assert(exmy_snr_exact_eval(t, &NORMAL, sigma, &p) == EXMY_OK);
        log->checked++;
        double tol_p = 1e-9 * r.p_overflow + 1e-300;
        if (!(fabs(p.snr_db - r.snr_db) <= 1e-9) || !(fabs(p.p_overflow - r.p_overflow) <= tol_p) ||
            !(p.err_bound < 1e-10))
            tu_fail(log, "%s %s/%s sigma=2^%g: exact %.15g dB (p_ovf %.17g, err %.2g), MPFR %.15g dB "
                    "(p_ovf %.17g), diff %.3g dB",
                    spec, exmy_round_name(o.round), exmy_sat_name(sat), l2s[i], p.snr_db,
                    p.p_overflow, p.err_bound, r.snr_db, r.p_overflow, p.snr_db - r.snr_db);
    }
    exmy_snr_exact_free(t);
    free(pos);
    free(neg);
}

START_TEST(exact_against_mpfr_fp8)
{
    tu_log log;
    tu_log_init(&log, "exact SNR vs MPFR", 20);
    static const char *const fmts[] = {"e4m3fn", "e5m2", "e2m1fn", "e4m3fnuz", "e5m2fnuz", "e3m2fn",
                                       "e2m3fn"};
    size_t nl = sizeof oracle_log2_sigma / sizeof oracle_log2_sigma[0];
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        check_mpfr(fmts[i], 'n', EXMY_SATFINITE, oracle_log2_sigma, nl, &log);
        check_mpfr(fmts[i], 'n', EXMY_NOSAT, oracle_log2_sigma, nl, &log);
        check_mpfr(fmts[i], 'z', EXMY_SATFINITE, oracle_log2_sigma, nl, &log);
        check_mpfr(fmts[i], 'u', EXMY_SATFINITE, oracle_log2_sigma, nl, &log);
    }
    tu_log_check(&log);
}
END_TEST

/* binary16 and bfloat16: all 2^16 intervals, from deep underflow to deep
 * saturation (1e-6 dB is the requirement; 1e-9 dB is checked). */
START_TEST(exact_against_mpfr_16bit)
{
    tu_log log;
    tu_log_init(&log, "exact SNR vs MPFR (16-bit)", 20);
    static const double l2h[] = {-60, -26, -21, -19, -14, 0, 15.5, 17, 60};
    static const double l2b[] = {-135, -131, -126, -60, 0, 60, 127, 130};
    check_mpfr("binary16", 'n', EXMY_SATFINITE, l2h, sizeof l2h / sizeof l2h[0], &log);
    check_mpfr("binary16", 'n', EXMY_NOSAT, l2h + 6, 2, &log);
    check_mpfr("bfloat16", 'n', EXMY_SATFINITE, l2b, sizeof l2b / sizeof l2b[0], &log);
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------- direct quadrature */

static void check_direct(const char *spec, exmy_opts o, exmy_dist_kind kind, double l2s,
                         double tol_db, tu_log *log)
{
    exmy_format f = tu_format(spec);
    exmy_dist d = {kind, 0, NULL, 0};
    double sigma = exp2(l2s);
    exmy_snr_point p = exact_point(&f, &o, &d, sigma);
    snr_ref_result r = snr_ref_direct(&f, &o, kind, sigma);
    log->checked++;
    if (!(fabs(p.snr_db - r.snr_db) <= tol_db) ||
        !(fabs(p.p_overflow - r.p_overflow) <= 1e-9 * r.p_overflow + 1e-14))
        tu_fail(log, "%s %s:%u/%s %s sigma=2^%g: exact %.15g dB (p_ovf %.6g), quadrature %.15g dB "
                "(p_ovf %.6g), diff %.3g dB",
                spec, exmy_round_name(o.round), o.sr_bits, exmy_sat_name(o.sat),
                exmy_dist_kind_name(kind), l2s, p.snr_db, p.p_overflow, r.snr_db, r.p_overflow,
                p.snr_db - r.snr_db);
}

START_TEST(exact_against_quadrature)
{
    tu_log log;
    tu_log_init(&log, "exact SNR vs direct quadrature", 20);
    exmy_opts rne = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_opts rna_nosat = {EXMY_RNA, EXMY_NOSAT, 0};
    exmy_opts rto = {EXMY_RTO, EXMY_SATNONE, 0};
    exmy_opts rdn = {EXMY_RDN, EXMY_SATFINITE, 0};
    for (int k = 0; k < 3; k++) {
        exmy_dist_kind kind = (exmy_dist_kind)k;
        check_direct("e4m3fn", rne, kind, 0, 1e-8, &log);
        check_direct("e4m3fn", rne, kind, -7.3, 1e-8, &log);
        check_direct("e2m1fn", rne, kind, 0.5, 1e-8, &log);
        check_direct("e5m2", rna_nosat, kind, 14.2, 1e-8, &log);
        check_direct("e4m3fnuz", rto, kind, 6.6, 1e-8, &log);
        check_direct("e3m2fn", rdn, kind, -1, 1e-8, &log);
        check_direct("e8m0fnu", rne, kind, 3.1, 1e-8, &log);
        check_direct("binary8p4ue", rna_nosat, kind, -2, 1e-8, &log);
    }
    check_direct("binary16", rne, EXMY_DIST_NORMAL, -13, 1e-8, &log);
    tu_log_check(&log);
}
END_TEST

/* Stochastic rounding: few random bits (piecewise) and many (Euler-Maclaurin),
 * against quadrature with the up-probability counted from the core. */
START_TEST(exact_stochastic_against_quadrature)
{
    tu_log log;
    tu_log_init(&log, "exact SR SNR vs direct quadrature", 20);
    for (unsigned r = EXMY_SR_A; r <= EXMY_SR_C; r++) {
        for (int k = 0; k < 3; k++) {
            exmy_dist_kind kind = (exmy_dist_kind)k;
            exmy_opts o = {(exmy_round)r, EXMY_SATFINITE, 2};
            check_direct("e2m1fn", o, kind, 0.5, 1e-8, &log);
            check_direct("e4m3fn", o, kind, -3, 1e-8, &log);
            o.sr_bits = 9;
            check_direct("e2m1fn", o, kind, 1, 1e-8, &log);
            check_direct("e2m1fn", o, kind, -2.5, 1e-8, &log);
            o.sr_bits = 5;
            o.sat = EXMY_NOSAT;
            check_direct("e5m2", o, kind, 14.5, 1e-8, &log);
            o.sat = EXMY_SATNONE;
            check_direct("binary8p4ue", o, kind, -1, 1e-8, &log);
        }
        exmy_opts o = {(exmy_round)r, EXMY_SATFINITE, 7};
        check_direct("e4m3fn", o, EXMY_DIST_NORMAL, 0, 1e-8, &log);
    }
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------------------- theory */

/* On the plateau the SNR of N(0, sigma^2) with M mantissa bits is within
 * 0.1 dB of 6.0206 M + 13.45 dB (M >= 2). */
START_TEST(theory_plateau)
{
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    static const char *const specs[] = {"e5m2", "e5m3", "e5m4", "e5m5", "e5m6", "e5m7", "e5m8",
                                        "e5m9", "binary16", "e4m3fn", "bfloat16", "e6m9", "e3m4"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        exmy_format f = tu_format(specs[i]);
        double M = f.precision - 1;
        exmy_snr_point p = exact_point(&f, &o, &NORMAL, 1.0);
        double want = 6.0206 * M + 13.45;
        ck_assert_msg(fabs(p.snr_db - want) <= 0.1, "%s (M=%g) at sigma=1: %.6f dB, theory %.4f dB",
                      specs[i], M, p.snr_db, want);
    }
}
END_TEST

/* Deep in the subnormal range the error is uniform on a grid of step
 * Delta (the smallest subnormal): SNR = 10 log10(12) + 20 log10(sigma/Delta). */
START_TEST(theory_subnormal)
{
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    struct { const char *spec; double l2s; } cases[] = {
        {"binary16", -21}, {"binary16", -20}, {"binary16", -19.5}, {"bfloat16", -130},
        {"e5m10:bias=20", -24}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        exmy_format f = tu_format(cases[i].spec);
        exmy_format_info info;
        exmy_format_get_info(&f, &info);
        double sigma = exp2(cases[i].l2s);
        exmy_snr_point p = exact_point(&f, &o, &NORMAL, sigma);
        double want = 10 * log10(12.0) + 20 * log10(sigma / info.min_subnormal);
        ck_assert_msg(fabs(p.snr_db - want) <= 1e-4, "%s sigma=2^%g: %.9f dB, theory %.9f dB",
                      cases[i].spec, cases[i].l2s, p.snr_db, want);
    }
}
END_TEST

/* SNR -> 0 dB as sigma -> 0 (everything rounds to 0) and as sigma -> Inf
 * under saturation (everything becomes +-max). */
START_TEST(theory_limits)
{
    static const char *const specs[] = {"e4m3fn", "e5m2", "e2m1fn", "binary16", "bfloat16",
                                        "e4m3fnuz", "e3m2fn"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        exmy_format f = tu_format(specs[i]);
        for (unsigned s = 0; s < 2; s++) {
            exmy_opts o = {EXMY_RNE, s ? EXMY_SATPROPAGATE : EXMY_SATFINITE, 0};
            double lo = strcmp(specs[i], "bfloat16") == 0 ? exp2(-200) : exp2(-60);
            double hi = strcmp(specs[i], "bfloat16") == 0 ? exp2(200) : exp2(60);
            exmy_snr_point a = exact_point(&f, &o, &NORMAL, lo);
            exmy_snr_point b = exact_point(&f, &o, &NORMAL, hi);
            ck_assert_msg(fabs(a.snr_db) < 1e-9 && fabs(b.snr_db) < 1e-6,
                          "%s: %.3g dB at small sigma, %.3g dB at large sigma", specs[i], a.snr_db,
                          b.snr_db);
            ck_assert(a.snr_db >= 0 && b.snr_db >= 0);
        }
    }
}
END_TEST

/* Raising the bias by k and scaling sigma by 2^-k changes nothing. */
START_TEST(invariance_bias)
{
    static const char *const specs[] = {"e4m3fn", "e5m2", "e2m1fn", "e4m3fnuz"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        exmy_format f = tu_format(specs[i]);
        static const int ks[] = {-4, -1, 2, 5};
        for (int ki = 0; ki < 4; ki++) {
            int k = ks[ki];
            exmy_format g = f;
            g.bias += k;
            g.name[0] = '\0';
            for (int r = 0; r < 4; r++) {
                exmy_opts o = {r == 3 ? EXMY_SR_B : (exmy_round)r, EXMY_SATFINITE, r == 3 ? 6 : 0};
                for (double l2 = -12; l2 <= 12; l2 += 1.75) {
                    for (int d = 0; d < 3; d++) {
                        exmy_dist dist = {(exmy_dist_kind)d, 0, NULL, 0};
                        exmy_snr_point a = exact_point(&f, &o, &dist, exp2(l2));
                        exmy_snr_point b = exact_point(&g, &o, &dist, exp2(l2 - k));
                        ck_assert_msg(fabs(a.snr_db - b.snr_db) <= 1e-9 * fmax(1, fabs(a.snr_db)),
                                      "%s bias%+d %s %s sigma=2^%g: %.17g vs %.17g dB", specs[i],
                                      k, exmy_round_name(o.round), exmy_dist_kind_name(dist.kind),
                                      l2, a.snr_db, b.snr_db);
                    }
                }
            }
        }
    }
}
END_TEST

/* e4m3fn has no infinities, so satfinite and satpropagate give the same SNR
 * (the tables are identical; so are the numbers, bit for bit). */
START_TEST(invariance_satpropagate)
{
    exmy_format f = tu_format("e4m3fn");
    for (int r = 0; r < 6; r++) {
        exmy_opts a = {(exmy_round)r, EXMY_SATFINITE, 0}, b = {(exmy_round)r, EXMY_SATPROPAGATE, 0};
        for (double l2 = -40; l2 <= 40; l2 += 0.5) {
            exmy_snr_point pa = exact_point(&f, &a, &NORMAL, exp2(l2));
            exmy_snr_point pb = exact_point(&f, &b, &NORMAL, exp2(l2));
            ck_assert_msg(memcmp(&pa.snr_db, &pb.snr_db, sizeof(double)) == 0,
                          "%s sigma=2^%g: %a vs %a", exmy_round_name(a.round), l2, pa.snr_db,
                          pb.snr_db);
        }
    }
}
END_TEST

/* Non-finite results: the SNR is conditioned on finite results and the
 * overflow probability is reported, never a silent number. */
START_TEST(overflow_reported)
{
    exmy_format f = tu_format("e5m2");
    exmy_opts o = {EXMY_RNE, EXMY_NOSAT, 0};
    double sigma = exp2(15);
    exmy_snr_point p = exact_point(&f, &o, &NORMAL, sigma);
    /* Overflow iff |x| >= 61440 (the midpoint between 57344 and 65536). */
    double want = erfc(61440 / sigma / sqrt(2.0));
    ck_assert_msg(fabs(p.p_overflow - want) <= 1e-12 * want, "p_overflow %.17g, want %.17g",
                  p.p_overflow, want);
    ck_assert(isfinite(p.snr_db) && p.signal < 1 && p.signal > 0);
    /* Everything overflows: no finite result, SNR undefined (NaN). */
    p = exact_point(&f, &o, &NORMAL, exp2(60));
    ck_assert_msg(p.p_overflow > 1 - 1e-9, "p_overflow %.17g", p.p_overflow);
    o.sat = EXMY_SATFINITE;
    p = exact_point(&f, &o, &NORMAL, sigma);
    ck_assert(p.p_overflow == 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("snr_exact");
    TCase *tc = tcase_create("tables");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, gl_tables_recomputed);
    tcase_add_test(tc, table_against_core);
    tcase_add_test(tc, table_e4m3fn_by_hand);
    tcase_add_test(tc, bad_arguments);
    suite_add_tcase(s, tc);
    tc = tcase_create("references");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, exact_against_mpfr_fp8);
    tcase_add_test(tc, exact_against_mpfr_16bit);
    tcase_add_test(tc, exact_against_quadrature);
    tcase_add_test(tc, exact_stochastic_against_quadrature);
    suite_add_tcase(s, tc);
    tc = tcase_create("theory");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, theory_plateau);
    tcase_add_test(tc, theory_subnormal);
    tcase_add_test(tc, theory_limits);
    tcase_add_test(tc, invariance_bias);
    tcase_add_test(tc, invariance_satpropagate);
    tcase_add_test(tc, overflow_reported);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
