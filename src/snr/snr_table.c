/* The rounding intervals of a format under a conversion mode: the part of the
 * exact SNR that knows about formats.
 *
 * Cut points: every finite value of the format, 0, the first value past max
 * finite in the format's unbounded continuation ("next": from there on every
 * mode overflows, DESIGN.md "round first, range second"), their negatives
 * for an unsigned format (whose negative inputs are rounded by magnitude),
 * and for deterministic modes the midpoint of every pair of neighbours (the
 * only place a nearest mode can change its mind; for directed modes it is a
 * harmless extra cut). On each open piece between cut points every
 * deterministic mode gives one result, and a stochastic mode chooses between
 * the same two neighbours throughout; that result is not derived here but
 * asked of the scalar core at an interior point, so the table follows the
 * core's semantics (saturation, NaN, unsigned and fnuz rules) by
 * construction. tests/snr checks every interval end against the core at
 * one ulp either side. Neighbouring pieces with the same result are merged,
 * except across 0. */
#include "snr_internal.h"

#include "exmy_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The core's result at x; non-finite (Inf, NaN, or no NaN to give) as NaN. */
static exmy_status result_at(const exmy_format *f, const exmy_opts *o, double x, uint32_t rbits,
                             double *q, bool *fin)
{
    uint32_t code;
    exmy_status st = exmy_from_f64(f, x, o, rbits, &code, NULL);
    if (st == EXMY_ENONAN) {
        *q = NAN;
        *fin = false;
        return EXMY_OK;
    }
    if (st != EXMY_OK)
        return st;
    double v = exmy_to_f64(f, code);
    *fin = isfinite(v);
    *q = *fin ? (v == 0.0 ? 0.0 : v) : v;
    return EXMY_OK;
}

static bool same_result(double q1, bool f1, double q2, bool f2)
{
    if (f1 != f2)
        return false;
    return !f1 || q1 == q2;
}

/* Append interval [lo, hi] with results (qd, qu), merging it into the last
 * one when both are deterministic with equal results and 0 is not between. */
static void push(exmy_snr_exact *t, double lo, double hi, double qd, bool fd, double qu, bool fu)
{
    bool det = same_result(qd, fd, qu, fu);
    if (t->n > 0) {
        exmy_snr_interval *p = &t->iv[t->n - 1];
        bool pdet = same_result(p->q_down, p->finite_down, p->q_up, p->finite_up);
        if (det && pdet && p->hi == lo && lo != 0.0 && same_result(p->q_down, p->finite_down, qd, fd)) {
            p->hi = hi;
            return;
        }
    }
    exmy_snr_interval *iv = &t->iv[t->n++];
    iv->lo = lo;
    iv->hi = hi;
    iv->q_down = qd;
    iv->q_up = qu;
    iv->finite_down = fd;
    iv->finite_up = fu;
}

exmy_status exmy_snr_exact_new(const exmy_format *f, const exmy_opts *o, exmy_snr_exact **out)
{
    if (!f || !o || !out)
        return EXMY_EINVAL;
    *out = NULL;
    exmy_format_info info;
    exmy_status st = exmy_format_get_info(f, &info);
    if (st != EXMY_OK)
        return st;
    if (f->bits > 16 || (unsigned)o->round >= EXMY_ROUND_COUNT ||
        (unsigned)o->sat >= EXMY_SAT_COUNT)
        return EXMY_EINVAL;
    bool sr = exmy_round_is_stochastic(o->round);
    if (sr && (o->sr_bits < 1 || o->sr_bits > 32))
        return EXMY_EINVAL;

    /* "next": value of magnitude code cmax + 1 in the unbounded continuation. */
    exmy__prep P;
    if (exmy__prepare(f, &P) != EXMY__FMT_OK)
        return EXMY_EFORMAT;
    uint64_t nsig;
    int64_t nexp;
    exmy__mag_value(&P, P.cmax + 1, &nsig, &nexp);
    double next = ldexp((double)nsig, (int)nexp);
    /* Every cut point and midpoint must be a normal binary64 so that the
     * midpoints and interior points below are exact. */
    if (!(next <= DBL_MAX / 4) || info.min_subnormal < 0x1p-1000)
        return EXMY_EINVAL;

    size_t nv = 0;
    st = exmy_format_values(f, NULL, &nv);
    if (st != EXMY_OK)
        return st;
    size_t cap = 2 * nv + 4;
    double *pts = malloc(cap * sizeof *pts);
    if (!pts)
        return EXMY_ENOMEM;
    st = exmy_format_values(f, pts, &nv);
    if (st != EXMY_OK) {
        free(pts);
        return st;
    }
    size_t np = nv;
    if (!f->is_signed)
        for (size_t i = 0; i < nv; i++)
            if (pts[i] > 0)
                pts[np++] = -pts[i];
    pts[np++] = 0.0;
    pts[np++] = next;
    pts[np++] = -next;
    qsort(pts, np, sizeof *pts, cmp_double);
    size_t u = 0;
    for (size_t i = 0; i < np; i++)
        if (u == 0 || pts[i] != pts[u - 1])
            pts[u++] = pts[i];
    np = u;

    exmy_snr_exact *t = calloc(1, sizeof *t);
    /* Pieces: two per gap (midpoint split) plus the two outer ones. */
    if (t)
        t->iv = malloc((2 * np + 2) * sizeof *t->iv);
    if (!t || !t->iv) {
        free(pts);
        if (t)
            free(t->iv);
        free(t);
        return EXMY_ENOMEM;
    }
    t->f = *f;
    t->o = *o;
    t->stochastic = sr;
    uint32_t rmax = sr ? (o->sr_bits >= 32 ? UINT32_MAX : (UINT32_C(1) << o->sr_bits) - 1) : 0;

    /* Pieces in increasing order: (-Inf, p0), (p_i, p_i+1), (p_last, +Inf). */
    for (size_t i = 0; i <= np && st == EXMY_OK; i++) {
        double lo = i == 0 ? -INFINITY : pts[i - 1];
        double hi = i == np ? INFINITY : pts[i];
        double cuts[3] = {lo, hi, hi};
        size_t nc = 2;
        if (!sr && i > 0 && i < np) {
            cuts[1] = 0.5 * lo + 0.5 * hi;
            cuts[2] = hi;
            nc = 3;
        }
        for (size_t j = 0; j + 1 < nc; j++) {
            double a = cuts[j], b = cuts[j + 1];
            double x = isinf(a) ? 2 * b : isinf(b) ? 2 * a : 0.5 * a + 0.5 * b;
            double qd, qu;
            bool fd, fu;
            st = result_at(f, o, x, 0, &qd, &fd);
            if (st == EXMY_OK && sr)
                st = result_at(f, o, x, rmax, &qu, &fu);
            else {
                qu = qd;
                fu = fd;
            }
            if (st != EXMY_OK)
                break;
            push(t, a, b, qd, fd, qu, fu);
        }
    }
    free(pts);
    if (st != EXMY_OK) {
        exmy_snr_exact_free(t);
        return st;
    }
    t->i0 = 0;
    while (t->i0 < t->n && t->iv[t->i0].lo < 0)
        t->i0++;
    *out = t;
    return EXMY_OK;
}

void exmy_snr_exact_free(exmy_snr_exact *t)
{
    if (!t)
        return;
    free(t->iv);
    free(t);
}

size_t exmy_snr_exact_size(const exmy_snr_exact *t)
{
    return t ? t->n : 0;
}

exmy_status exmy_snr_exact_interval(const exmy_snr_exact *t, size_t i, exmy_snr_interval *out)
{
    if (!t || !out || i >= t->n)
        return EXMY_EINVAL;
    *out = t->iv[i];
    return EXMY_OK;
}
