/* Independent references for the SNR tests (see snr_ref.h). */
#include "snr_ref.h"

#include <gmp.h>
#include <mpfr.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- MPFR */

/* Terms of order 1 cancel down to the noise, which at sigma = 2^60 can be
 * 2^-210 (e4m3fn, nosat: only the intervals within +-464 are finite), so the
 * precision grows with sigma. */
static mpfr_prec_t prec_for(double sigma)
{
    return 160 + (sigma > 1 ? 2 * (mpfr_prec_t)ceil(log2(sigma)) : 0);
}

/* erfc(x / sqrt 2) / 2 and phi(x) at one interval end, kept for the next
 * interval (they share ends). */
typedef struct endpt {
    double x; /* in units of the table (not divided by sigma); NaN: none */
    mpfr_t Q, phi;
} endpt;

static void end_values(endpt *e, double x, double sigma, mpfr_prec_t prec)
{
    if (e->x == x)
        return;
    e->x = x;
    if (isinf(x)) {
        mpfr_set_ui(e->Q, 0, MPFR_RNDN);
        mpfr_set_ui(e->phi, 0, MPFR_RNDN);
        return;
    }
    mpfr_t a, c;
    mpfr_inits2(prec, a, c, (mpfr_ptr)0);
    mpfr_set_d(a, x, MPFR_RNDN);
    mpfr_div_d(a, a, sigma, MPFR_RNDN);
    mpfr_sqrt_ui(c, 2, MPFR_RNDN);
    mpfr_div(c, a, c, MPFR_RNDN);
    mpfr_erfc(e->Q, c, MPFR_RNDN);
    mpfr_div_ui(e->Q, e->Q, 2, MPFR_RNDN);
    mpfr_sqr(c, a, MPFR_RNDN);
    mpfr_div_si(c, c, -2, MPFR_RNDN);
    mpfr_exp(e->phi, c, MPFR_RNDN);
    mpfr_const_pi(c, MPFR_RNDN);
    mpfr_mul_ui(c, c, 2, MPFR_RNDN);
    mpfr_rec_sqrt(c, c, MPFR_RNDN);
    mpfr_mul(e->phi, e->phi, c, MPFR_RNDN);
    mpfr_clears(a, c, (mpfr_ptr)0);
}

/* Add the contribution of [lo, hi) -> q over N(0, sigma^2) in units of sigma:
 * P = Q(a) - Q(b); noise (1 + q^2) P + (a - 2q) phi(a) - (b - 2q) phi(b);
 * signal P + a phi(a) - b phi(b). */
static void mpfr_interval(const ref_iv *iv, double sigma, mpfr_prec_t prec, endpt *ea, endpt *eb,
                          mpfr_t noise, mpfr_t signal, mpfr_t ovf)
{
    end_values(ea, iv->lo, sigma, prec);
    end_values(eb, iv->hi, sigma, prec);
    mpfr_t a, b, q, P, t, u;
    mpfr_inits2(prec, a, b, q, P, t, u, (mpfr_ptr)0);
    mpfr_set_d(a, iv->lo, MPFR_RNDN);
    mpfr_div_d(a, a, sigma, MPFR_RNDN);
    bool binf = isinf(iv->hi);
    if (binf) {
        mpfr_set_ui(b, 0, MPFR_RNDN); /* b phi(b) = 0 */
    } else {
        mpfr_set_d(b, iv->hi, MPFR_RNDN);
        mpfr_div_d(b, b, sigma, MPFR_RNDN);
    }
    mpfr_sub(P, ea->Q, eb->Q, MPFR_RNDN);
    if (!iv->fin) {
        mpfr_add(ovf, ovf, P, MPFR_RNDN);
    } else {
        mpfr_set_d(q, iv->q, MPFR_RNDN);
        mpfr_div_d(q, q, sigma, MPFR_RNDN);
        mpfr_sqr(t, q, MPFR_RNDN);
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
        mpfr_mul(t, t, P, MPFR_RNDN);
        mpfr_mul_ui(u, q, 2, MPFR_RNDN);
        mpfr_sub(u, a, u, MPFR_RNDN);
        mpfr_mul(u, u, ea->phi, MPFR_RNDN);
        mpfr_add(t, t, u, MPFR_RNDN);
        mpfr_mul_ui(u, q, 2, MPFR_RNDN);
        mpfr_sub(u, b, u, MPFR_RNDN);
        mpfr_mul(u, u, eb->phi, MPFR_RNDN);
        mpfr_sub(t, t, u, MPFR_RNDN);
        mpfr_add(noise, noise, t, MPFR_RNDN);
        mpfr_mul(t, a, ea->phi, MPFR_RNDN);
        mpfr_add(t, t, P, MPFR_RNDN);
        mpfr_mul(u, b, eb->phi, MPFR_RNDN);
        mpfr_sub(t, t, u, MPFR_RNDN);
        mpfr_add(signal, signal, t, MPFR_RNDN);
    }
    mpfr_clears(a, b, q, P, t, u, (mpfr_ptr)0);
}

snr_ref_result snr_ref_mpfr(const ref_iv *pos, size_t npos, const ref_iv *neg, size_t nneg,
                            double sigma)
{
    mpfr_prec_t prec = prec_for(sigma);
    mpfr_t noise, signal, ovf;
    mpfr_inits2(prec, noise, signal, ovf, (mpfr_ptr)0);
    mpfr_set_ui(noise, 0, MPFR_RNDN);
    mpfr_set_ui(signal, 0, MPFR_RNDN);
    mpfr_set_ui(ovf, 0, MPFR_RNDN);
    endpt e[2];
    for (int k = 0; k < 2; k++) {
        e[k].x = NAN;
        mpfr_inits2(prec, e[k].Q, e[k].phi, (mpfr_ptr)0);
    }
    for (int side = 0; side < 2; side++) {
        const ref_iv *iv = side ? neg : pos;
        size_t n = side ? nneg : npos;
        for (size_t i = 0; i < n; i++) {
            if (iv[i].lo / sigma > 60.0) /* beyond: below exp(-1800) */
                continue;
            /* The previous interval's hi end is this one's lo end. */
            endpt *ea = &e[i & 1], *eb = &e[(i + 1) & 1];
            mpfr_interval(&iv[i], sigma, prec, ea, eb, noise, signal, ovf);
        }
    }
    snr_ref_result r;
    mpfr_div(signal, signal, noise, MPFR_RNDN);
    r.snr_ratio = mpfr_get_d(signal, MPFR_RNDN);
    mpfr_log10(signal, signal, MPFR_RNDN);
    mpfr_mul_ui(signal, signal, 10, MPFR_RNDN);
    r.snr_db = mpfr_get_d(signal, MPFR_RNDN);
    r.p_overflow = mpfr_get_d(ovf, MPFR_RNDN);
    for (int k = 0; k < 2; k++)
        mpfr_clears(e[k].Q, e[k].phi, (mpfr_ptr)0);
    mpfr_clears(noise, signal, ovf, (mpfr_ptr)0);
    return r;
}

size_t snr_ref_intervals(const exmy_format *f, char mode, bool nosat, ref_iv **out)
{
    exmy_format_info info;
    exmy_format_get_info(f, &info);
    size_t nv = 0;
    exmy_format_values(f, NULL, &nv);
    double *all = malloc(nv * sizeof *all);
    exmy_format_values(f, all, &nv);
    double *v = malloc(nv * sizeof *v);
    size_t K = 0;
    for (size_t i = 0; i < nv; i++)
        if (all[i] >= 0)
            v[K++] = all[i];
    free(all);
    /* next = max + ulp(max): the first value past max in the continuation. */
    int e;
    frexp(info.max_finite, &e);
    double next = info.max_finite + ldexp(1.0, e - 1 - (int)info.man_bits);
    ref_iv *iv = malloc((K + 2) * sizeof *iv);
    size_t n = 0;
    if (mode == 'n') {
        for (size_t i = 0; i < K; i++) {
            double lo = i == 0 ? 0.0 : 0.5 * (v[i - 1] + v[i]);
            double hi = i + 1 < K ? 0.5 * (v[i] + v[i + 1]) : INFINITY;
            iv[n++] = (ref_iv){lo, hi, v[i], true};
        }
        if (nosat && (info.has_inf || info.has_nan)) {
            double m = 0.5 * (info.max_finite + next);
            iv[n - 1].hi = m;
            iv[n++] = (ref_iv){m, INFINITY, NAN, false};
        }
    } else if (mode == 'z') {
        for (size_t i = 0; i < K; i++)
            iv[n++] = (ref_iv){v[i], i + 1 < K ? v[i + 1] : INFINITY, v[i], true};
    } else { /* 'u': (v_i, v_i+1] -> v_i+1, beyond max -> max (saturating) */
        for (size_t i = 0; i + 1 < K; i++)
            iv[n++] = (ref_iv){v[i], v[i + 1], v[i + 1], true};
        iv[n++] = (ref_iv){info.max_finite, INFINITY, info.max_finite, true};
    }
    free(v);
    *out = iv;
    return n;
}

/* -------------------------------------------------- direct quadrature */

enum { GLN = 20 };

/* Gauss-Legendre nodes and weights of order 20 by Newton's method on the
 * three-term recurrence, in long double. */
static void gl20(long double *x, long double *w)
{
    const long double pi = 3.141592653589793238462643383279502884L;
    for (int k = 0; k < GLN; k++) {
        long double z = cosl(pi * (k + 0.75L) / (GLN + 0.5L)), dp = 0;
        for (int it = 0; it < 100; it++) {
            long double p0 = 1, p1 = z;
            for (int j = 2; j <= GLN; j++) {
                long double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                p0 = p1;
                p1 = p2;
            }
            dp = GLN * (z * p1 - p0) / (z * z - 1);
            long double dz = p1 / dp;
            z -= dz;
            if (fabsl(dz) < 1e-19L)
                break;
        }
        x[k] = z;
        w[k] = 2 / ((1 - z * z) * dp * dp);
    }
}

typedef struct key {
    double qd, qu, p;
    bool fd, fu;
} key;

typedef struct dctx {
    const exmy_format *f;
    exmy_opts o;
    exmy_dist_kind kind;
    double sigma;
    long double gx[GLN], gw[GLN];
    long double noise, signal, ovf;
} dctx;

static void result(const dctx *c, double x, uint32_t r, double *q, bool *fin)
{
    uint32_t code;
    exmy_status st = exmy_from_f64(c->f, x, &c->o, r, &code, NULL);
    if (st != EXMY_OK) {
        *q = NAN;
        *fin = false;
        return;
    }
    *q = exmy_to_f64(c->f, code);
    *fin = isfinite(*q);
    if (*q == 0)
        *q = 0; /* -0 == +0 */
}

static key key_at(const dctx *c, double x)
{
    key k;
    result(c, x, 0, &k.qd, &k.fd);
    k.qu = k.qd;
    k.fu = k.fd;
    k.p = 0;
    if (!exmy_round_is_stochastic(c->o.round))
        return k;
    unsigned N = c->o.sr_bits;
    uint64_t top = (UINT64_C(1) << N) - 1;
    result(c, x, (uint32_t)top, &k.qu, &k.fu);
    if (k.fu == k.fd && (!k.fd || k.qu == k.qd)) {
        k.p = 0;
        return k;
    }
    /* Smallest R giving the up result (the core is monotone in R). */
    uint64_t lo = 0, hi = top;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        double q;
        bool fin;
        result(c, x, (uint32_t)mid, &q, &fin);
        if (fin == k.fu && (!fin || q == k.qu))
            hi = mid;
        else
            lo = mid;
    }
    k.p = (double)(top + 1 - hi) / (double)(top + 1);
    return k;
}

static bool key_eq(const key *a, const key *b)
{
    return a->fd == b->fd && a->fu == b->fu && (!a->fd || a->qd == b->qd) &&
           (!a->fu || a->qu == b->qu) && a->p == b->p;
}

static long double dens(const dctx *c, long double x)
{
    long double s = c->sigma, u = fabsl(x) / s;
    switch (c->kind) {
    case EXMY_DIST_NORMAL: return expl(-0.5L * u * u) / (s * sqrtl(2 * 3.141592653589793238462643383279502884L));
    case EXMY_DIST_LAPLACE: return expl(-sqrtl(2.0L) * u) / (s * sqrtl(2.0L));
    default: return u <= sqrtl(3.0L) ? 1 / (2 * sqrtl(3.0L) * s) : 0;
    }
}

static void piece(dctx *c, double a, double b, const key *k)
{
    if (!(b > a))
        return;
    double width = c->kind == EXMY_DIST_UNIFORM ? INFINITY : 0.05 * c->sigma;
    double ns = ceil((b - a) / width);
    if (ns < 1)
        ns = 1;
    if (ns > 1e6)
        ns = 1e6;
    long double h = ((long double)b - a) / ns;
    for (double j = 0; j < ns; j++) {
        long double lo = a + h * j, mid = lo + h / 2;
        for (int i = 0; i < GLN; i++) {
            long double x = mid + (h / 2) * c->gx[i], wf = c->gw[i] * (h / 2) * dens(c, x);
            long double wd = 1 - k->p, wu = k->p;
            if (k->fd) {
                c->noise += wf * wd * (x - k->qd) * (x - k->qd);
                c->signal += wf * wd * x * x;
            } else {
                c->ovf += wf * wd;
            }
            if (wu > 0) {
                if (k->fu) {
                    c->noise += wf * wu * (x - k->qu) * (x - k->qu);
                    c->signal += wf * wu * x * x;
                } else {
                    c->ovf += wf * wu;
                }
            }
        }
    }
}

/* Scan from 0 to dir*L; step small enough that no piece is skipped. */
static void scan(dctx *c, double dir, double L)
{
    exmy_format_info info;
    exmy_format_get_info(c->f, &info);
    double sub = exmy_round_is_stochastic(c->o.round) ? ldexp(1.0, -(int)c->o.sr_bits) : 1.0;
    double x0 = 0.0, start = 0.0;
    key k0 = key_at(c, dir * DBL_MIN);
    while (x0 < L) {
        double ax = x0, ulp = info.min_subnormal;
        if (ax >= info.min_normal) {
            int e;
            frexp(ax, &e);
            ulp = ldexp(1.0, e - 1 - (int)info.man_bits);
        }
        double step = fmin(0.2 * ulp * sub, L / 64);
        double x1 = fmin(x0 + step, L);
        key k1 = key_at(c, dir * x1);
        if (key_eq(&k0, &k1)) {
            x0 = x1;
            continue;
        }
        double lo = x0, hi = x1; /* key(lo) == k0 != key(hi) */
        while (nextafter(lo, INFINITY) < hi) {
            double mid = 0.5 * lo + 0.5 * hi;
            key km = key_at(c, dir * mid);
            if (key_eq(&km, &k0))
                lo = mid;
            else
                hi = mid;
        }
        if (dir > 0)
            piece(c, start, hi, &k0);
        else
            piece(c, -hi, -start, &k0);
        start = hi;
        x0 = hi;
        k0 = key_at(c, dir * hi);
    }
    if (dir > 0)
        piece(c, start, L, &k0);
    else
        piece(c, -L, -start, &k0);
}

snr_ref_result snr_ref_direct(const exmy_format *f, const exmy_opts *o, exmy_dist_kind kind,
                              double sigma)
{
    dctx *c = calloc(1, sizeof *c);
    c->f = f;
    c->o = *o;
    c->kind = kind;
    c->sigma = sigma;
    gl20(c->gx, c->gw);
    double L = kind == EXMY_DIST_NORMAL ? 12 * sigma
               : kind == EXMY_DIST_LAPLACE ? 40 * sigma
                                           : (double)(sqrtl(3.0L) * sigma);
    scan(c, 1.0, L);
    scan(c, -1.0, L);
    snr_ref_result r;
    r.snr_ratio = (double)(c->signal / c->noise);
    r.snr_db = (double)(10 * log10l(c->signal / c->noise));
    r.p_overflow = (double)c->ovf;
    free(c);
    return r;
}
