/* Sampled SNR against the exact one (2^20 samples, within 4 standard errors
 * at every scale), the samplers' distributions and reproducibility, the
 * user-data path (the .npy reader is the CLI's: tests/kernels/test_npy.c). */
#include "exmy_snr.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { NS = 1 << 20 };

/* Probability-10/n events are beyond what n samples resolve: allow for them. */
#define DB_FLOOR (4.3429448190325182 * 10.0 / NS) /* 10/ln(10) dB per unit of relative error */

static void compare(const char *spec, exmy_opts o, exmy_dist_kind kind, double l2from,
                    double l2to, double l2step, tu_log *log)
{
    exmy_format f = tu_format(spec);
    exmy_dist d = {kind, 0, NULL, 0};
    exmy_snr_exact *t;
    exmy_snr_sampler *s;
    ck_assert(exmy_snr_exact_new(&f, &o, &t) == EXMY_OK);
    ck_assert(exmy_snr_sampler_new(&d, NS, 20240607, &s) == EXMY_OK);
    for (double l2 = l2from; l2 <= l2to; l2 += l2step) {
        exmy_snr_point e, m;
        ck_assert(exmy_snr_exact_eval(t, &d, exp2(l2), &e) == EXMY_OK);
        ck_assert(exmy_snr_sampled_eval(s, &f, &o, exp2(l2), &m) == EXMY_OK);
        log->checked++;
        double tol = 4 * m.stderr_db + DB_FLOOR;
        double tolp = 4 * sqrt(e.p_overflow * (1 - e.p_overflow) / NS) + 10.0 / NS;
        bool ok = (isnan(e.snr_db) && isnan(m.snr_db)) || fabs(e.snr_db - m.snr_db) <= tol;
        if (!ok || !(fabs(e.p_overflow - m.p_overflow) <= tolp))
            tu_fail(log, "%s %s:%u/%s %s sigma=2^%g: exact %.9f dB (p_ovf %.3g), sampled %.9f "
                    "+- %.3g dB (p_ovf %.3g): %.2f standard errors",
                    spec, exmy_round_name(o.round), o.sr_bits, exmy_sat_name(o.sat),
                    exmy_dist_kind_name(kind), l2, e.snr_db, e.p_overflow, m.snr_db, m.stderr_db,
                    m.p_overflow, (e.snr_db - m.snr_db) / m.stderr_db);
    }
    exmy_snr_sampler_free(s);
    exmy_snr_exact_free(t);
}

START_TEST(exact_vs_sampled_normal)
{
    tu_log log;
    tu_log_init(&log, "exact vs sampled (normal)", 20);
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    static const char *const fmts[] = {"binary16", "e4m3fn", "e5m2", "e2m1fn"};
    for (size_t i = 0; i < 4; i++)
        compare(fmts[i], o, EXMY_DIST_NORMAL, -40, 40, 1, &log);
    tu_log_check(&log);
}
END_TEST

START_TEST(exact_vs_sampled_other)
{
    tu_log log;
    tu_log_init(&log, "exact vs sampled (other modes and distributions)", 20);
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    compare("e4m3fn", o, EXMY_DIST_UNIFORM, -12, 12, 0.75, &log);
    compare("e4m3fn", o, EXMY_DIST_LAPLACE, -12, 12, 0.75, &log);
    compare("bfloat16", o, EXMY_DIST_NORMAL, -4, 4, 2, &log);
    o.sat = EXMY_NOSAT;
    compare("e5m2", o, EXMY_DIST_NORMAL, 10, 20, 0.5, &log);
    compare("e4m3fn", o, EXMY_DIST_LAPLACE, 4, 10, 0.5, &log);
    o.round = EXMY_RTZ;
    o.sat = EXMY_SATFINITE;
    compare("e2m1fn", o, EXMY_DIST_NORMAL, -4, 4, 0.5, &log);
    for (unsigned r = EXMY_SR_A; r <= EXMY_SR_C; r++) {
        exmy_opts so = {(exmy_round)r, EXMY_SATFINITE, 4};
        compare("e4m3fn", so, EXMY_DIST_NORMAL, -10, 10, 1.25, &log);
        so.sr_bits = 13;
        compare("e4m3fn", so, EXMY_DIST_NORMAL, -10, 10, 1.25, &log);
        compare("binary16", so, EXMY_DIST_UNIFORM, -16, 16, 4, &log);
        so.sat = EXMY_NOSAT;
        so.sr_bits = 8;
        compare("e5m2", so, EXMY_DIST_LAPLACE, 12, 17, 0.5, &log);
    }
    tu_log_check(&log);
}
END_TEST

/* Scaling by powers of two is exact, so raising the bias by k and scaling
 * sigma by 2^-k gives the same sampled SNR bit for bit; so do satfinite and
 * satpropagate on e4m3fn (no infinite inputs). */
START_TEST(sampled_invariances)
{
    exmy_dist d = {EXMY_DIST_NORMAL, 0, NULL, 0};
    exmy_snr_sampler *s;
    ck_assert(exmy_snr_sampler_new(&d, 100003, 7, &s) == EXMY_OK);
    exmy_format f = tu_format("e4m3fn"), g = f;
    g.bias += 3;
    g.name[0] = '\0';
    exmy_opts a = {EXMY_RNE, EXMY_SATFINITE, 0}, b = {EXMY_RNE, EXMY_SATPROPAGATE, 0};
    for (double l2 = -20; l2 <= 20; l2 += 0.5) {
        exmy_snr_point p, q, r;
        ck_assert(exmy_snr_sampled_eval(s, &f, &a, exp2(l2), &p) == EXMY_OK);
        ck_assert(exmy_snr_sampled_eval(s, &g, &a, exp2(l2 - 3), &q) == EXMY_OK);
        ck_assert(exmy_snr_sampled_eval(s, &f, &b, exp2(l2), &r) == EXMY_OK);
        ck_assert_msg(memcmp(&p.snr_db, &q.snr_db, sizeof(double)) == 0 &&
                          memcmp(&p.stderr_db, &q.stderr_db, sizeof(double)) == 0,
                      "bias+3 at 2^%g: %a vs %a", l2, p.snr_db, q.snr_db);
        ck_assert_msg(memcmp(&p.snr_db, &r.snr_db, sizeof(double)) == 0,
                      "satpropagate at 2^%g: %a vs %a", l2, p.snr_db, r.snr_db);
    }
    exmy_snr_sampler_free(s);
}
END_TEST

static double moment(const double *z, size_t n, int k)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += powl(fabsl(z[i]), k);
    return (double)(s / n);
}

START_TEST(samplers)
{
    const size_t n = 1 << 20;
    exmy_snr_sampler *s, *s2, *s3;
    /* Unit variance (the scale is the standard deviation) and the shape. */
    struct { exmy_dist d; double m1; } cases[] = {
        {{EXMY_DIST_NORMAL, 0, NULL, 0}, 0.79788456080286535588},  /* E|Z| = sqrt(2/pi) */
        {{EXMY_DIST_UNIFORM, 0, NULL, 0}, 0.86602540378443864676}, /* sqrt(3)/2 */
        {{EXMY_DIST_LAPLACE, 0, NULL, 0}, 0.70710678118654752440}, /* b = 1/sqrt(2) */
        {{EXMY_DIST_STUDENT_T, 10, NULL, 0}, 0.773398041922786},    /* see below */
    };
    /* Student-t, nu = 10, rescaled by sqrt(8/10): E|T| = sqrt(nu) G((nu-1)/2) /
     * (sqrt(pi) G(nu/2)) = 0.8646853 times sqrt(0.8). */
    for (size_t i = 0; i < 4; i++) {
        ck_assert(exmy_snr_sampler_new(&cases[i].d, n, 11, &s) == EXMY_OK);
        const double *z = exmy_snr_sampler_data(s);
        ck_assert_uint_eq(exmy_snr_sampler_size(s), n);
        double m2 = moment(z, n, 2), m1 = moment(z, n, 1);
        double tol2 = cases[i].d.kind == EXMY_DIST_STUDENT_T ? 0.03 : 0.01;
        ck_assert_msg(fabs(m2 - 1) < tol2 && fabs(m1 - cases[i].m1) < 0.005,
                      "%s: E[z^2] = %.5f, E|z| = %.5f (want %.5f)",
                      exmy_dist_kind_name(cases[i].d.kind), m2, m1, cases[i].m1);
        if (cases[i].d.kind == EXMY_DIST_UNIFORM)
            for (size_t j = 0; j < n; j++)
                ck_assert(fabs(z[j]) < 1.7320508075688773);
        /* Reproducible; a different seed gives different samples. */
        ck_assert(exmy_snr_sampler_new(&cases[i].d, n, 11, &s2) == EXMY_OK);
        ck_assert(memcmp(z, exmy_snr_sampler_data(s2), n * sizeof *z) == 0);
        ck_assert(exmy_snr_sampler_new(&cases[i].d, n, 12, &s3) == EXMY_OK);
        ck_assert(memcmp(z, exmy_snr_sampler_data(s3), n * sizeof *z) != 0);
        /* A shorter run is a prefix (sample i depends on (seed, i) only). */
        exmy_snr_sampler_free(s2);
        ck_assert(exmy_snr_sampler_new(&cases[i].d, 1001, 11, &s2) == EXMY_OK);
        ck_assert(memcmp(z, exmy_snr_sampler_data(s2), 1001 * sizeof *z) == 0);
        exmy_snr_sampler_free(s);
        exmy_snr_sampler_free(s2);
        exmy_snr_sampler_free(s3);
    }
    exmy_dist bad = {EXMY_DIST_STUDENT_T, 2, NULL, 0};
    ck_assert_int_eq(exmy_snr_sampler_new(&bad, 10, 0, &s), EXMY_EINVAL);
    bad.kind = EXMY_DIST_DATA;
    ck_assert_int_eq(exmy_snr_sampler_new(&bad, 10, 0, &s), EXMY_EINVAL);
}
END_TEST

/* User data: normalised to unit RMS, every value used once. [2,-2,2,-2] is
 * +-1 after normalisation; at sigma = 2^k it is exact in e4m3fn (infinite
 * SNR); at sigma = sqrt 2 it rounds to 1.375 (neighbours 1.375 and 1.5). */
START_TEST(data_distribution)
{
    static const double v[] = {2, -2, 2, -2};
    exmy_dist d = {EXMY_DIST_DATA, 0, v, 4};
    exmy_snr_sampler *s;
    ck_assert(exmy_snr_sampler_new(&d, 0, 0, &s) == EXMY_OK);
    ck_assert_uint_eq(exmy_snr_sampler_size(s), 4);
    exmy_format f = tu_format("e4m3fn");
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_snr_point p;
    ck_assert(exmy_snr_sampled_eval(s, &f, &o, 4.0, &p) == EXMY_OK);
    ck_assert(isinf(p.snr_ratio) && p.snr_ratio > 0);
    double sig = exp2(0.5);
    ck_assert(exmy_snr_sampled_eval(s, &f, &o, sig, &p) == EXMY_OK);
    double want = sig * sig / ((sig - 1.375) * (sig - 1.375));
    ck_assert_msg(fabs(p.snr_ratio / want - 1) < 1e-12, "%.17g vs %.17g", p.snr_ratio, want);
    ck_assert(exmy_snr_sampled_eval(s, &f, &o, 1e6, &p) == EXMY_OK); /* saturates at 448 */
    want = 1e12 / ((1e6 - 448) * (1e6 - 448));
    ck_assert_msg(fabs(p.snr_ratio / want - 1) < 1e-12, "%.17g vs %.17g", p.snr_ratio, want);
    exmy_snr_sampler_free(s);
    static const double zeros[] = {0, 0};
    d.data = zeros;
    d.n_data = 2;
    ck_assert_int_eq(exmy_snr_sampler_new(&d, 0, 0, &s), EXMY_EINVAL);
    static const double nonfinite[] = {1, INFINITY};
    d.data = nonfinite;
    ck_assert_int_eq(exmy_snr_sampler_new(&d, 0, 0, &s), EXMY_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("snr_sampled");
    TCase *tc = tcase_create("sampled");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, exact_vs_sampled_normal);
    tcase_add_test(tc, exact_vs_sampled_other);
    tcase_add_test(tc, sampled_invariances);
    tcase_add_test(tc, samplers);
    tcase_add_test(tc, data_distribution);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
