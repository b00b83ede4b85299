/* Private to the SNR files (src/snr/). */
#ifndef EXMY__SNR_INTERNAL_H
#define EXMY__SNR_INTERNAL_H

#include "exmy_snr.h"

/* The interval table (src/snr/snr_table.c). */
struct exmy_snr_exact {
    exmy_format f;
    exmy_opts o;
    bool stochastic;
    exmy_snr_interval *iv; /* increasing, none straddling 0 */
    size_t n;
    size_t i0; /* first interval with lo >= 0 */
};

/* A polynomial P(u) = p[0] + p[1] t + p[2] t^2 + p[3] t^3 in t = u - z. */
typedef struct exmy__snr_poly {
    double p[4];
} exmy__snr_poly;

/* The integral of P(u) f(u) over [z + da, z + db], where f is the density of
 * the unit-variance distribution `kind` (normal, uniform or laplace),
 * 0 <= z + da, da < db (db may be +Inf). Offsets are passed relative to z so
 * that narrow intervals keep their relative precision. *val receives the
 * integral, *err a bound on its absolute error. The bound is relative to the
 * value (about 1e-12) when P >= 0 on the interval; otherwise relative to the
 * integral of |P| f. */
void exmy__snr_integrate(exmy_dist_kind kind, double z, double da, double db, const exmy__snr_poly *P,
                         double *val, double *err);

/* The density and its derivative at u >= 0 (one-sided at 0 for laplace; 0
 * beyond sqrt(3) for uniform). */
double exmy__snr_density(exmy_dist_kind kind, double u);
double exmy__snr_density_d1(exmy_dist_kind kind, double u);

/* Beyond this many standard deviations the density contributes nothing a
 * binary64 sum can hold (normal: exp(-800); laplace: exp(-sqrt(2) 600)). */
double exmy__snr_cut(exmy_dist_kind kind);

/* Gauss-Legendre nodes (x >= 0 half) and weights on [-1, 1] for n points;
 * exposed so that a test can recompute them. n is 2, 3, 4, 6 or 8. */
void exmy__snr_gl_rule(unsigned n, const double **x, const double **w, unsigned *nhalf);
/* The largest r for which an n-point rule meets the error bound on a
 * polynomial of degree deg, for k = 2n - deg (1..16; 0 otherwise); exposed
 * so that a test can recompute it. */
double exmy__snr_rmax(unsigned k);

/* The sampled method's pieces that the block-format SNR (snr_block.c)
 * shares: the sampler's Philox seed, and x[0..m) quantised to f through the
 * array API into q (global index ao->index0; a conversion with no NaN to
 * give yields NaN). */
uint64_t exmy__snr_sampler_seed(const exmy_snr_sampler *s);
exmy_status exmy__snr_quantize(const exmy_format *f, const exmy_array_opts *ao, const double *x,
                               double *q, size_t m);

#endif
