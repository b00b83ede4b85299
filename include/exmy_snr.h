/* exmy SNR analysis: the signal-to-noise ratio of a distribution quantised to
 * a format, at a given scale, computed exactly (per-interval integrals) or by
 * Monte Carlo.
 *
 *   SNR(sigma) = E[X^2] / E[(X - Q(X))^2]
 *
 * X is drawn from a distribution whose standard deviation is sigma (the
 * scale is always the standard deviation: unit scaling is about unit
 * variance), Q is the scalar conversion core of exmy.h with the given
 * rounding and saturation (stochastic modes: the expectation over the random
 * bits R, uniform on [0, 2^N)).
 *
 * Where Q can give +-Inf or NaN (nosat; satnone on an extended format) the
 * unconditional error is infinite. Every result is therefore reported
 * conditioned on a finite Q(X):
 *   snr = E[X^2 ; Q(X) finite] / E[(X - Q(X))^2 ; Q(X) finite]
 * together with p_overflow = P(Q(X) is +-Inf or NaN). Where p_overflow is 0
 * this is the plain SNR.
 */
#ifndef EXMY_SNR_H
#define EXMY_SNR_H

#include "exmy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Distributions, each scaled to standard deviation sigma:
 *  normal     N(0, sigma^2)
 *  uniform    U(-sigma*sqrt(3), sigma*sqrt(3))
 *  laplace    Laplace(0, b) with b = sigma/sqrt(2)
 *  student-t  Student's t with nu > 2 degrees of freedom, times
 *             sigma*sqrt((nu-2)/nu) (sampled only)
 *  data       a user's values, normalised to unit RMS, times sigma
 *             (sampled only: every value is used once) */
typedef enum exmy_dist_kind {
    EXMY_DIST_NORMAL = 0,
    EXMY_DIST_UNIFORM,
    EXMY_DIST_LAPLACE,
    EXMY_DIST_STUDENT_T,
    EXMY_DIST_DATA
} exmy_dist_kind;

typedef struct exmy_dist {
    exmy_dist_kind kind;
    double nu;          /* EXMY_DIST_STUDENT_T: degrees of freedom, > 2 */
    const double *data; /* EXMY_DIST_DATA: n_data finite values, not all zero */
    size_t n_data;
} exmy_dist;

/* "normal", "uniform", "laplace", "student-t", "data" (and back,
 * case-insensitive; EXMY_EINVAL for an unknown name). */
const char *exmy_dist_kind_name(exmy_dist_kind k);
exmy_status exmy_dist_kind_from_name(const char *name, exmy_dist_kind *out);
/* Does the exact method support this distribution (normal, uniform, laplace)? */
bool exmy_dist_has_exact(exmy_dist_kind k);

/* One point of an SNR curve. Ratios are plain numbers; snr_db = 10 log10. */
typedef struct exmy_snr_point {
    double scale;      /* sigma */
    double snr_ratio;  /* signal / noise (conditioned on a finite result); +Inf if
                          noise is 0, NaN if P(finite result) is 0 */
    double snr_db;
    double stderr_db;  /* sampled: standard error of snr_db (delta method); exact: 0 */
    double p_overflow; /* P(Q(X) is +-Inf or NaN) */
    double signal;     /* E[X^2 ; Q(X) finite] / sigma^2 */
    double noise;      /* E[(X - Q(X))^2 ; Q(X) finite] / sigma^2 */
    double err_bound;  /* exact: bound on the relative error of `noise` from
                          quadrature and cancellation (assuming the libm's
                          erf/erfc/exp within a few ulps); sampled: 0 */
    uint64_t n;        /* sampled: number of samples; exact: intervals evaluated */
} exmy_snr_point;

/* ------------------------------------------------------------ exact */

/* The rounding intervals of a format under a conversion mode: the real line
 * cut into intervals on each of which the core gives one result (for a
 * stochastic mode: the two neighbours it chooses between). Independent of the
 * scale and the distribution; build once, evaluate at many scales. */
typedef struct exmy_snr_exact exmy_snr_exact;

/* Build the interval table of a format of at most 16 bits (EXMY_EINVAL for
 * wider formats: use the sampled method) under *o. Every interval's result is
 * taken from the scalar core (exmy_from_f64) at an interior point; the
 * interval ends are the format's values and, for nearest modes, the midpoints
 * between them, extended past max finite by the next value of the format's
 * unbounded continuation (round first, range second). */
exmy_status exmy_snr_exact_new(const exmy_format *f, const exmy_opts *o, exmy_snr_exact **out);
void exmy_snr_exact_free(exmy_snr_exact *t);

/* One interval of the table, in increasing order; no interval contains 0 in
 * its interior. lo may be -Inf and hi +Inf. For deterministic modes
 * q_down == q_up (and finite_down == finite_up); for stochastic modes q_down
 * is the result for R = 0 and q_up the result for R = 2^N - 1 (they differ
 * where the rounding is random). Non-finite results are stored as NaN/Inf. */
typedef struct exmy_snr_interval {
    double lo, hi;
    double q_down, q_up;
    bool finite_down, finite_up;
} exmy_snr_interval;
size_t exmy_snr_exact_size(const exmy_snr_exact *t);
exmy_status exmy_snr_exact_interval(const exmy_snr_exact *t, size_t i, exmy_snr_interval *out);

/* The exact SNR at scale sigma (finite, > 0) for a normal, uniform or laplace
 * distribution (EXMY_EINVAL otherwise). Deterministic modes: the sum over
 * every interval of the closed-form (or provably accurate Gauss-Legendre)
 * integral of (x - q)^2 times the density; stochastic modes: the same with
 * the expected error under P3109's sr-a/b/c (derivation in src/snr/snr_exact.c).
 * The relative error of `noise` is at most err_bound (about 1e-11). */
exmy_status exmy_snr_exact_eval(const exmy_snr_exact *t, const exmy_dist *d, double sigma,
                                exmy_snr_point *out);

/* ----------------------------------------------------------- sampled */

/* n unit-variance samples of a distribution, drawn once from Philox4x32-10
 * keyed by seed (reproducible; independent of the random bits the array API
 * draws for stochastic rounding with the same seed), then scaled by each
 * sigma. For EXMY_DIST_DATA the samples are the data normalised to unit RMS
 * and n is ignored. */
typedef struct exmy_snr_sampler exmy_snr_sampler;
exmy_status exmy_snr_sampler_new(const exmy_dist *d, uint64_t n, uint64_t seed,
                                 exmy_snr_sampler **out);
void exmy_snr_sampler_free(exmy_snr_sampler *s);
uint64_t exmy_snr_sampler_size(const exmy_snr_sampler *s);
/* The unit-variance samples (read only). */
const double *exmy_snr_sampler_data(const exmy_snr_sampler *s);

/* Monte Carlo SNR at scale sigma: every sample times sigma is quantised with
 * exmy_quantize_array (binary64, stochastic bits from Philox with the
 * sampler's seed). snr is the ratio of the sample means, stderr_db its
 * standard error by the delta method. */
exmy_status exmy_snr_sampled_eval(const exmy_snr_sampler *s, const exmy_format *f,
                                  const exmy_opts *o, double sigma, exmy_snr_point *out);

/* ------------------------------------------------ block-scaled formats */

/* The SNR of a block format (exmy.h, exmy_block_format): consecutive runs of
 * bf->block values of the distribution (i.i.d.) share one scale X from the
 * format's rule; each element is X q(x / X), q the element format's
 * conversion with *o (the elements' rounding and saturation); NVFP4's
 * tensor scale T multiplies X. Signal, noise and p_overflow are per
 * element, as for plain formats, so the curves compare on one axis. */

/* Monte Carlo: the sampler's values times sigma, cut into blocks of
 * bf->block consecutive samples (the last one shorter if the count is not a
 * multiple: exmy_block_tail EXMY_TAIL_SHORT), each scaled by its rule
 * (computed exactly from the exponent bits), the elements quantised through
 * exmy_quantize_array; a tensor scale (NVFP4) is that of the whole sample at
 * this sigma. stderr_db is the delta-method standard error over blocks (the
 * elements of a block are not independent: they share a scale). */
exmy_status exmy_snr_block_sampled_eval(const exmy_snr_sampler *s, const exmy_block_format *bf,
                                        const exmy_opts *o, double sigma, exmy_snr_point *out);

/* Exact: for a power-of-two rule (FLOOR, CEIL, EVEN) without a tensor scale,
 * a deterministic rounding mode, an element format of at most 16 bits and a
 * normal, laplace or uniform distribution. The scale is a step function of
 * the block's amax; conditioning on the amax (density B f_|X| F_|X|^(B-1))
 * and integrating over it reduces, step by step, to the plain format's
 * per-interval integrals truncated at the steps, weighted by
 * P(|X| < a)^(B-1) (derivation in src/snr/snr_block.c). No sampling: err_bound
 * as for plain formats; n = scale steps evaluated. */
bool exmy_snr_block_has_exact(const exmy_block_format *bf, const exmy_opts *o, exmy_dist_kind k);
typedef struct exmy_snr_block_exact exmy_snr_block_exact;
/* EXMY_EINVAL where exmy_snr_block_has_exact(bf, o, EXMY_DIST_NORMAL) is false. */
exmy_status exmy_snr_block_exact_new(const exmy_block_format *bf, const exmy_opts *o,
                                     exmy_snr_block_exact **out);
void exmy_snr_block_exact_free(exmy_snr_block_exact *t);
exmy_status exmy_snr_block_exact_eval(const exmy_snr_block_exact *t, const exmy_dist *d,
                                      double sigma, exmy_snr_point *out);

#ifdef __cplusplus
}
#endif

#endif /* EXMY_SNR_H */
