/* Independent references for the SNR tests: nothing here calls src/snr*.c.
 *
 *  - snr_ref_mpfr: the closed-form integral of DESIGN.md, evaluated in MPFR
 *    at 160+ bits (more at large sigma) over rounding intervals that the test derives itself from
 *    the format's value list (exmy_format_values) and the rounding rules.
 *  - snr_ref_direct: direct numerical quadrature of E[(X - Q(X))^2] where
 *    Q is the scalar core itself (exmy_from_f64): the real line is scanned
 *    finely, every change of the core's answer is located by bisection, and
 *    each smooth piece is integrated with a 20-point Gauss-Legendre rule whose
 *    nodes are computed here by Newton's method. Stochastic modes: the
 *    probability of rounding up is counted from the core over R. */
#ifndef SNR_REF_H
#define SNR_REF_H

#include "exmy_snr.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct snr_ref_result {
    double snr_db;
    double snr_ratio;
    double p_overflow;
} snr_ref_result;

/* A rounding interval [lo, hi) of magnitudes (0 <= lo < hi <= +Inf) with
 * result magnitude q (fin: finite). */
typedef struct ref_iv {
    double lo, hi, q;
    bool fin;
} ref_iv;

/* N(0, sigma^2): intervals of the positive side (pos) and of the negative
 * side mirrored onto magnitudes (neg). */
snr_ref_result snr_ref_mpfr(const ref_iv *pos, size_t npos, const ref_iv *neg, size_t nneg,
                            double sigma);

/* Intervals of a signed format with symmetric rounding, derived from its
 * value list: mode rne, rtz or "rup-positive" (magnitudes rounded up, as
 * rup does for x > 0). For rne, `nosat` sends [mid(max, next), Inf) to a
 * non-finite result when the format has Inf or NaN. Returns the count;
 * *out is malloc'ed. */
size_t snr_ref_intervals(const exmy_format *f, char mode, bool nosat, ref_iv **out);

/* Direct quadrature through the core. */
snr_ref_result snr_ref_direct(const exmy_format *f, const exmy_opts *o, exmy_dist_kind kind,
                              double sigma);

#endif
