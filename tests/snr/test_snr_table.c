/* The SNR quadrature's tabulated constants (src/snr/snr_quad.c), recomputed
 * here with MPFR from their definitions rather than read back:
 *  - rmax[k], the largest width parameter r for which the Gauss-Legendre error
 *    bound r^(k/2) <= 2^-39 holds (and r <= 1/16, where the bound's constant
 *    was derived): each entry must satisfy the inequality exactly and be the
 *    largest binary64 that does, so the proof covers every r the code accepts;
 *  - the constant of that bound, 2 e^(sqrt(r)+1/2) e^r / (1 - sqrt(r)) at
 *    r = 1/16, times 2^-39: the relative error the header promises (1.1e-11);
 *  - the Gauss-Legendre nodes and weights, each the correctly rounded binary64
 *    of the root of P_n (Newton's method at 256 bits) and of 2/((1-x^2)P_n'(x)^2);
 *  - the densities' constants 1/sqrt(2 pi), sqrt(2)/2, 1/(2 sqrt(3)), sqrt(3),
 *    and the cut-offs beyond which a density is below the least subnormal.
 * test_snr_exact checks the GL tables in long double to a tolerance; this
 * test asks for the correctly rounded values. */
#include "snr_internal.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <mpfr.h>

enum { PREC = 256, POW_PREC = 53 * 17 + 64 }; /* r^16 of a 53-bit r is exact in POW_PREC */

/* ------------------------------------------------------------------ rmax */

/* MPFR: is r^k <= 2^-78 (i.e. r^(k/2) <= 2^-39), computed exactly? */
static bool rmax_bound_holds(double r, unsigned k)
{
    mpfr_t p;
    mpfr_init2(p, POW_PREC);
    mpfr_set_d(p, r, MPFR_RNDN);
    int inexact = mpfr_pow_ui(p, p, k, MPFR_RNDN);
    ck_assert_msg(inexact == 0, "r^%u of %a is not exact in %d bits", k, r, POW_PREC);
    bool ok = mpfr_cmp_si_2exp(p, 1, -78) <= 0;
    mpfr_clear(p);
    return ok && r <= 0x1p-4;
}

START_TEST(rmax_is_the_largest_r_the_bound_covers)
{
    mpfr_t b, s;
    mpfr_inits2(PREC, b, s, (mpfr_ptr)0);
    /* k = 2n - deg P for n = 2..8 nodes and deg P = 0..3; 1..16 is the table. */
    for (unsigned k = 1; k <= 16; k++) {
        double r = exmy__snr_rmax(k);
        /* min(2^(-78/k), 1/16), rounded down to binary64. */
        mpfr_set_si(b, -78, MPFR_RNDN);
        mpfr_div_ui(b, b, k, MPFR_RNDN);
        mpfr_ui_pow(b, 2, b, MPFR_RNDD);
        mpfr_set_d(s, 0x1p-4, MPFR_RNDN);
        mpfr_min(b, b, s, MPFR_RNDD);
        double want = mpfr_get_d(b, MPFR_RNDD);
        ck_assert_msg(rmax_bound_holds(r, k),
                      "rmax[%u] = %a (%.17g): r^(%u/2) > 2^-39 or r > 1/16, so the error bound "
                      "does not cover it (largest r that holds: %a)",
                      k, r, r, k, want);
        ck_assert_msg(!rmax_bound_holds(nextafter(r, INFINITY), k),
                      "rmax[%u] = %a: the next binary64 %a still satisfies r^(%u/2) <= 2^-39, "
                      "so the table gives away accuracy (want %a)",
                      k, r, nextafter(r, INFINITY), k, want);
        ck_assert_msg(r == want, "rmax[%u] = %a, MPFR's RD(min(2^(-78/%u), 1/16)) = %a", k, r, k,
                      want);
    }
    mpfr_clears(b, s, (mpfr_ptr)0);
}
END_TEST

/* The bound's constant: with r <= 1/16 one rule errs by at most
 * C r^(k/2) relative, C = 2 e^(sqrt r + 1/2) e^r / (1 - sqrt r); at the rmax
 * entries r^(k/2) <= 2^-39, so the relative error is <= C 2^-39, which the
 * header states as < 1.1e-11 and which must stay below the 2^-36 the code
 * reports as the error of a rule (GL_REL) with room for rounding. */
START_TEST(gl_bound_constant)
{
    mpfr_t c, t;
    mpfr_inits2(PREC, c, t, (mpfr_ptr)0);
    mpfr_set_d(c, 0.25 + 0.5 + 0.0625, MPFR_RNDN); /* sqrt(1/16) + 1/2 + 1/16, exact */
    mpfr_exp(c, c, MPFR_RNDU);
    mpfr_mul_ui(c, c, 2, MPFR_RNDU);
    mpfr_set_d(t, 0.75, MPFR_RNDN);
    mpfr_div(c, c, t, MPFR_RNDU);
    double C = mpfr_get_d(c, MPFR_RNDU);
    mpfr_mul_2si(c, c, -39, MPFR_RNDU);
    double rel = mpfr_get_d(c, MPFR_RNDU);
    ck_assert_msg(rel < 1.1e-11, "C = %.17g: C 2^-39 = %.17g is not < 1.1e-11", C, rel);
    /* the sum's own rounding: a few dozen ulps of the result */
    ck_assert_msg(rel + 64 * DBL_EPSILON < 0x1p-36,
                  "C 2^-39 = %a leaves no room below 2^-36 for rounding", rel);
    mpfr_clears(c, t, (mpfr_ptr)0);
}
END_TEST

/* -------------------------------------------------------- Gauss-Legendre */

/* P_n(x) and P_n'(x) at 256 bits. */
static void legendre(unsigned n, const mpfr_t x, mpfr_t p, mpfr_t dp)
{
    mpfr_t p0, p1, t;
    mpfr_inits2(PREC, p0, p1, t, (mpfr_ptr)0);
    mpfr_set_ui(p0, 1, MPFR_RNDN);
    mpfr_set(p1, x, MPFR_RNDN);
    for (unsigned j = 2; j <= n; j++) { /* j P_j = (2j-1) x P_{j-1} - (j-1) P_{j-2} */
        mpfr_mul(t, x, p1, MPFR_RNDN);
        mpfr_mul_ui(t, t, 2 * j - 1, MPFR_RNDN);
        mpfr_mul_ui(p0, p0, j - 1, MPFR_RNDN);
        mpfr_sub(t, t, p0, MPFR_RNDN);
        mpfr_div_ui(t, t, j, MPFR_RNDN);
        mpfr_set(p0, p1, MPFR_RNDN);
        mpfr_set(p1, t, MPFR_RNDN);
    }
    mpfr_set(p, p1, MPFR_RNDN);
    /* P_n' = n (x P_n - P_{n-1}) / (x^2 - 1) */
    mpfr_mul(t, x, p1, MPFR_RNDN);
    mpfr_sub(t, t, p0, MPFR_RNDN);
    mpfr_mul_ui(t, t, n, MPFR_RNDN);
    mpfr_sqr(p0, x, MPFR_RNDN);
    mpfr_sub_ui(p0, p0, 1, MPFR_RNDN);
    mpfr_div(dp, t, p0, MPFR_RNDN);
    mpfr_clears(p0, p1, t, (mpfr_ptr)0);
}

START_TEST(gl_nodes_and_weights_correctly_rounded)
{
    static const unsigned ns[] = {2, 3, 4, 6, 8};
    mpfr_t x, p, dp, w;
    mpfr_inits2(PREC, x, p, dp, w, (mpfr_ptr)0);
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        unsigned n = ns[k], nh;
        const double *tx, *tw;
        exmy__snr_gl_rule(n, &tx, &tw, &nh);
        ck_assert_msg(nh == (n + 1) / 2, "GL n=%u: %u non-negative nodes, want %u", n, nh,
                      (n + 1) / 2);
        double wsum = 0;
        for (unsigned i = 0; i < nh; i++) {
            if (n % 2 == 1 && i == nh - 1) {
                mpfr_set_ui(x, 0, MPFR_RNDN); /* P_n is odd: 0 is a root, exactly */
            } else {
                /* Newton from the classical guess; quadratic, so 12 steps reach 256 bits. */
                mpfr_set_d(x, cos(3.14159265358979323846 * (i + 0.75) / (n + 0.5)), MPFR_RNDN);
                for (int it = 0; it < 12; it++) {
                    legendre(n, x, p, dp);
                    mpfr_div(p, p, dp, MPFR_RNDN);
                    mpfr_sub(x, x, p, MPFR_RNDN);
                }
            }
            legendre(n, x, p, dp);
            ck_assert_msg(mpfr_cmpabs_ui(p, 0) == 0 || mpfr_get_exp(p) < -200,
                          "GL n=%u node %u: Newton did not converge", n, i);
            /* w = 2 / ((1 - x^2) P_n'(x)^2) */
            mpfr_sqr(w, x, MPFR_RNDN);
            mpfr_ui_sub(w, 1, w, MPFR_RNDN);
            mpfr_sqr(dp, dp, MPFR_RNDN);
            mpfr_mul(w, w, dp, MPFR_RNDN);
            mpfr_ui_div(w, 2, w, MPFR_RNDN);
            double xd = mpfr_get_d(x, MPFR_RNDN), wd = mpfr_get_d(w, MPFR_RNDN);
            ck_assert_msg(tx[i] == xd, "GL n=%u node %u: table %a (%.21f), MPFR %a (%.21f)", n, i,
                          tx[i], tx[i], xd, xd);
            ck_assert_msg(tw[i] == wd, "GL n=%u weight %u: table %a (%.21f), MPFR %a (%.21f)", n,
                          i, tw[i], tw[i], wd, wd);
            wsum += (n % 2 == 1 && i == nh - 1) ? tw[i] : 2 * tw[i];
        }
        /* Positive weights summing to 2: what the error bound assumes. */
        ck_assert_msg(fabs(wsum - 2.0) <= 4 * DBL_EPSILON, "GL n=%u: weights sum to %a", n, wsum);
    }
    mpfr_clears(x, p, dp, w, (mpfr_ptr)0);
}
END_TEST

/* ------------------------------------------------------------- densities */

/* The binary64 nearest to an MPFR value computed by `f` (at 256 bits). */
static double mp(void (*f)(mpfr_t))
{
    mpfr_t v;
    mpfr_init2(v, PREC);
    f(v);
    double d = mpfr_get_d(v, MPFR_RNDN);
    mpfr_clear(v);
    return d;
}
static void inv_sqrt_2pi(mpfr_t v)
{
    mpfr_const_pi(v, MPFR_RNDN);
    mpfr_mul_ui(v, v, 2, MPFR_RNDN);
    mpfr_rec_sqrt(v, v, MPFR_RNDN);
}
static void inv_sqrt_2(mpfr_t v)
{
    mpfr_set_ui(v, 2, MPFR_RNDN);
    mpfr_rec_sqrt(v, v, MPFR_RNDN);
}
static void sqrt_3(mpfr_t v)
{
    mpfr_sqrt_ui(v, 3, MPFR_RNDN);
}
static void inv_2sqrt_3(mpfr_t v)
{
    mpfr_sqrt_ui(v, 12, MPFR_RNDN);
    mpfr_ui_div(v, 1, v, MPFR_RNDN);
}

START_TEST(density_constants)
{
    struct {
        const char *what;
        double got, want;
    } c[] = {
        {"normal density at 0 (1/sqrt(2 pi))", exmy__snr_density(EXMY_DIST_NORMAL, 0.0),
         mp(inv_sqrt_2pi)},
        /* (l/2) e^0 with l = sqrt 2: halving is exact, so RN(sqrt 2)/2 = RN(1/sqrt 2). */
        {"laplace density at 0 (sqrt(2)/2)", exmy__snr_density(EXMY_DIST_LAPLACE, 0.0),
         mp(inv_sqrt_2)},
        {"uniform density (1/(2 sqrt 3))", exmy__snr_density(EXMY_DIST_UNIFORM, 0.0),
         mp(inv_2sqrt_3)},
        {"uniform support edge (sqrt 3)", exmy__snr_cut(EXMY_DIST_UNIFORM), mp(sqrt_3)},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        ck_assert_msg(c[i].got == c[i].want, "%s: %a (%.17g), MPFR %a (%.17g)", c[i].what,
                      c[i].got, c[i].got, c[i].want, c[i].want);
    double edge = exmy__snr_cut(EXMY_DIST_UNIFORM);
    ck_assert_msg(exmy__snr_density(EXMY_DIST_UNIFORM, edge) > 0.0 &&
                      exmy__snr_density(EXMY_DIST_UNIFORM, nextafter(edge, INFINITY)) == 0.0,
                  "uniform density is not supported on exactly [0, %a]", edge);
}
END_TEST

static double log2_of(const mpfr_t v)
{
    mpfr_t l;
    mpfr_init2(l, 64);
    mpfr_log2(l, v, MPFR_RNDN);
    double d = mpfr_get_d(l, MPFR_RNDN);
    mpfr_clear(l);
    return d;
}

/* Beyond the cut a density (and so every moment's tail, the closed forms'
 * (u-z)^k f(u) terms included) is below half the least subnormal: binary64
 * holds nothing of it. MPFR evaluates the density at the cut in full range. */
START_TEST(cuts_are_beyond_binary64)
{
    mpfr_t v, t;
    mpfr_inits2(PREC, v, t, (mpfr_ptr)0);
    /* normal: e^(-c^2/2) / sqrt(2 pi) */
    double c = exmy__snr_cut(EXMY_DIST_NORMAL);
    mpfr_set_d(v, c, MPFR_RNDN);
    mpfr_sqr(v, v, MPFR_RNDD); /* the exponent -c^2/2 rounded up: an upper bound */
    mpfr_div_2ui(v, v, 1, MPFR_RNDD);
    mpfr_neg(v, v, MPFR_RNDN);
    mpfr_exp(v, v, MPFR_RNDU);
    inv_sqrt_2pi(t);
    mpfr_mul(v, v, t, MPFR_RNDU);
    /* times c^3: the largest polynomial factor at the cut in unit-variance units */
    mpfr_mul_d(v, v, c * c * c, MPFR_RNDU);
    ck_assert_msg(mpfr_cmp_si_2exp(v, 1, -1075) < 0,
                  "normal cut %g: c^3 phi(c) = 2^%.2f is not below 2^-1075", c, log2_of(v));
    ck_assert_msg(exmy__snr_density(EXMY_DIST_NORMAL, c) == 0.0, "normal density at %g is %a", c,
                  exmy__snr_density(EXMY_DIST_NORMAL, c));
    /* laplace: (sqrt2/2) e^(-sqrt2 c) */
    c = exmy__snr_cut(EXMY_DIST_LAPLACE);
    mpfr_sqrt_ui(v, 2, MPFR_RNDD);
    mpfr_mul_d(v, v, -c, MPFR_RNDU);
    mpfr_exp(v, v, MPFR_RNDU);
    inv_sqrt_2(t);
    mpfr_mul(v, v, t, MPFR_RNDU);
    mpfr_mul_d(v, v, c * c * c, MPFR_RNDU);
    ck_assert_msg(mpfr_cmp_si_2exp(v, 1, -1075) < 0,
                  "laplace cut %g: c^3 f(c) = 2^%.2f is not below 2^-1075", c, log2_of(v));
    ck_assert_msg(exmy__snr_density(EXMY_DIST_LAPLACE, c) == 0.0, "laplace density at %g is %a",
                  c, exmy__snr_density(EXMY_DIST_LAPLACE, c));
    mpfr_clears(v, t, (mpfr_ptr)0);
}
END_TEST

int main(void)
{
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    Suite *s = suite_create("snr_table");
    TCase *tc = tcase_create("snr_table");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rmax_is_the_largest_r_the_bound_covers);
    tcase_add_test(tc, gl_bound_constant);
    tcase_add_test(tc, gl_nodes_and_weights_correctly_rounded);
    tcase_add_test(tc, density_constants);
    tcase_add_test(tc, cuts_are_beyond_binary64);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
