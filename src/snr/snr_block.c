/* SNR of block-scaled formats (OCP MX v1.0, NVFP4): the sampled method for
 * every distribution and for data, and the exact method for power-of-two
 * scale rules (FLOOR, CEIL, EVEN) and the normal, Laplace and uniform
 * distributions.
 *
 * Quantiser. A block of B values x_1..x_B with amax = max |x_j| gets a scale
 * X(amax) by the format's rule (include/exmy.h, exmy_scale_rule); element j
 * becomes X * q(x_j / X), q the element format's conversion (the core with
 * the caller's rounding and saturation). NVFP4's per-tensor scale T
 * multiplies X: the block scale comes from amax / (max_elem * T) and
 * elements are q(x / (X T)) X T. For the power-of-two rules x / X and
 * q X are exact in binary64, so the sampled method reproduces the format
 * exactly; for DIV (UE4M3 block scales) x / (X T) is one binary64
 * division before the core's rounding, a relative perturbation of 2^-53
 * that cannot move the SNR in any printed digit.
 *
 * ------------------------------------------------------------------ exact
 *
 * Work in units of sigma: u = x / sigma, U_1..U_B i.i.d. with the unit
 * density f (symmetric), A = max |U_j|. With the scale X fixed, the error of
 * one element is sigma^2 h_s(u), h_s(u) = (u - q(s u) / s)^2, s = sigma / X
 * (the element's standard deviation in its own units). Let
 *   P(c)     = P(|U| < c)                   (normal: erf(c / sqrt 2)),
 *   F_s(c)   = int_{|u| < c} h_s(u) f(u) du (the truncated noise of the
 *              plain format at scale s: the rounding intervals of
 *              src/snr/snr_table.c clipped to [-c, c]),
 *   G(c)     = P(c)^(B - 1).
 * The scale is a piecewise-constant function of A: X = X_k for A in
 * [a_k, a_(k+1)) (FLOOR: a_k = 2^k / sigma, X_k = 2^(k - emax_elem) clamped to
 * the scale format; CEIL and EVEN: other cut points, same form).
 *
 * Conditioning on the amax, as the issue puts it: A has density
 * B f_|U|(a) P(a)^(B-1) (f_|U| = 2f); given A = a, one element is +-a and
 * the other B - 1 are i.i.d. |U| truncated to [0, a] with a random sign, so
 * the noise per element is
 *   N = int g(a) [ (1/B) e(a) + ((B-1)/B) F_s(a)(a) / P(a) ] da,
 *   e(a) = (h_s(a) + h_s(-a)) / 2.
 * On one piece s is constant, and both parts integrate in closed form:
 * d/da [P(a)^(B-1)] = (B-1) P(a)^(B-2) 2 f(a) and d/da F_s(a) =
 * (h_s(a) + h_s(-a)) f(a), so the integrand is exactly d/da [G(a) F_s(a)]:
 *   (1/B) g e = P^(B-1) (h_s(a) + h_s(-a)) f = G F_s',
 *   ((B-1)/B) g F_s / P = (B-1) P^(B-2) 2f F_s = G' F_s.
 * Hence
 *   N = sum_k [ G(a_(k+1)) F_(s_k)(a_(k+1)) - G(a_k) F_(s_k)(a_k) ].
 * (The same follows from E[h(U_1); A < c] = F_s(c) G(c): U_1 inside [-c, c]
 * and the other B - 1 too.) No quadrature over a is needed: each term is a
 * sum of the per-interval integrals of the plain exact method, clipped at
 * a_k and a_(k+1). For accuracy each term is evaluated as
 *   G(a_(k+1)) [F(a_(k+1)) - F(a_k)] + [G(a_(k+1)) - G(a_k)] F(a_k),
 * with the difference of F integrated directly over a_k <= |u| < a_(k+1)
 * and the difference of G from log G = (B-1) log1p(-P(|U| >= c)) by expm1,
 * so that every term is a sum of nonnegative parts. With one scale for
 * every a the sum telescopes to F_s(inf): the plain format's noise, as it
 * must. The signal E[U^2 ; finite] and the overflow probability are the
 * same sums with h = u^2 (finite results) and h = 1 (non-finite results).
 *
 * Range: pieces wholly above exmy__snr_cut() carry nothing; the last piece
 * runs to +Inf. Pieces below a_lo are merged into the first one, as if its
 * scale held down to A = 0: a_lo is the largest power of two <= 1 with
 * P(a_lo)^(B-1) <= 2^-80 (for B = 1: 2^-30), so that A < a_lo has
 * probability P(a_lo)^B <= 2^-80 (B = 1: below 2^-29 and the error there
 * below (2^-30 + the element's largest step)^2): far below err_bound. */
#include "snr_internal.h"

#include <float.h>
#include <math.h>

#ifndef M_LN2
#define M_LN2 0.693147180559945309417232121458
#endif
#include <stdlib.h>
#include <string.h>

#define SQRT1_2 0.707106781186547524400844362105
#define SQRT2 1.41421356237309504880168872421
#define SQRT3 1.73205080756887729352744634151

/* ---------------------------------------------------------- the scale */

static bool rule_pow2(exmy_scale_rule r)
{
    return r == EXMY_SCALE_FLOOR || r == EXMY_SCALE_CEIL || r == EXMY_SCALE_EVEN;
}

typedef struct blk {
    const exmy_block_format *bf;
    exmy_format_info ei, si; /* element and scale formats */
} blk;

static exmy_status blk_init(blk *b, const exmy_block_format *bf)
{
    if (!bf)
        return EXMY_EINVAL;
    if (bf->block < 1 || (unsigned)bf->rule >= EXMY_SCALE_RULE_COUNT)
        return EXMY_EFORMAT;
    b->bf = bf;
    exmy_status st = exmy_format_get_info(&bf->elem, &b->ei);
    if (st == EXMY_OK)
        st = exmy_format_get_info(&bf->scale, &b->si);
    return st;
}

static double clamp_scale(const blk *b, double X)
{
    return fmin(fmax(X, b->si.min_subnormal), b->si.max_finite);
}

/* The scale of a block whose largest magnitude is amax (finite, >= 0), with
 * tensor scale T (1 without one): exactly the rule of exmy_scale_rule, from
 * the exponent and significand of amax (ilogb, ldexp: no log2). */
static double block_scale(const blk *b, double amax, double T)
{
    const exmy_block_format *bf = b->bf;
    if (amax == 0.0)
        return b->si.min_subnormal;
    int emax = b->ei.emax;
    switch (bf->rule) {
    case EXMY_SCALE_FLOOR:
        return clamp_scale(b, ldexp(1.0, ilogb(amax) - emax));
    case EXMY_SCALE_CEIL: { /* smallest 2^j with amax <= max_elem 2^j */
        int j = ilogb(amax) - ilogb(b->ei.max_finite) - 1;
        while (ldexp(b->ei.max_finite, j) < amax)
            j++;
        return clamp_scale(b, ldexp(1.0, j));
    }
    case EXMY_SCALE_EVEN: { /* amax rounded (rne) to the element's precision, then FLOOR */
        int e = ilogb(amax);
        double ulp = ldexp(1.0, e - (int)b->ei.man_bits);
        double r = nearbyint(amax / ulp) * ulp; /* amax / ulp is exact */
        return clamp_scale(b, ldexp(1.0, ilogb(r) - emax));
    }
    case EXMY_SCALE_DIV: default: {
        /* X = amax / max_elem / T rounded (rne, satfinite) to the scale
         * format; a quotient that rounds to zero takes the smallest positive
         * scale, as a zero amax does (else the elements would divide by 0). */
        exmy_opts o;
        memset(&o, 0, sizeof o);
        o.round = EXMY_RNE;
        o.sat = EXMY_SATFINITE;
        uint32_t code;
        if (exmy_from_f64(&bf->scale, amax / b->ei.max_finite / T, &o, 0, &code, NULL) != EXMY_OK)
            return b->si.min_subnormal;
        double X = exmy_to_f64(&bf->scale, code);
        return X > 0 && isfinite(X) ? X : b->si.min_subnormal;
    }
    }
}

/* ------------------------------------------------------------- sampled */

exmy_status exmy_snr_block_sampled_eval(const exmy_snr_sampler *s, const exmy_block_format *bf,
                                        const exmy_opts *o, double sigma, exmy_snr_point *out)
{
    if (!s || !bf || !o || !out || !(sigma > 0) || !isfinite(sigma))
        return EXMY_EINVAL;
    blk b;
    exmy_status st = blk_init(&b, bf);
    if (st != EXMY_OK)
        return st;
    uint64_t n = exmy_snr_sampler_size(s);
    const double *z = exmy_snr_sampler_data(s);
    size_t B = bf->block;
    /* A chunk of whole blocks, at least one. */
    size_t chunk = B >= 4096 ? B : (4096 / B) * B;
    double *buf = malloc((3 * chunk + chunk / B + 1) * sizeof *buf);
    if (!buf)
        return EXMY_ENOMEM;
    double *x = buf, *y = buf + chunk, *q = buf + 2 * chunk, *scl = buf + 3 * chunk;
    double T = 1.0;
    if (bf->tensor_scale) {
        /* NVFP4: amax of the whole tensor / (max_elem * max_scale), to binary32. */
        double zmax = 0.0;
        for (uint64_t i = 0; i < n; i++)
            zmax = fmax(zmax, fabs(z[i]));
        float t = (float)(sigma * zmax / (b.ei.max_finite * b.si.max_finite));
        T = t > 0 && isfinite(t) ? (double)t : 1.0;
    }
    exmy_array_opts ao;
    memset(&ao, 0, sizeof ao);
    ao.conv = *o;
    ao.seed = exmy__snr_sampler_seed(s);
    /* Per-block sums s_b = sum z^2 and e_b = sum (x - Q)^2 / sigma^2 over
     * finite results: blocks, not elements, are the independent units (the
     * elements of a block share its scale), so the delta method runs over
     * them. */
    double Ss = 0, Se = 0, Sss = 0, See = 0, Sse = 0;
    uint64_t nonfin = 0, nblocks = 0;
    for (uint64_t i0 = 0; i0 < n; i0 += chunk) {
        size_t m = (size_t)(n - i0 < chunk ? n - i0 : chunk);
        const double *zc = z + i0;
        for (size_t j0 = 0, k = 0; j0 < m; j0 += B, k++) {
            size_t len = m - j0 < B ? m - j0 : B; /* the last block may be short */
            double amax = 0.0;
            for (size_t j = j0; j < j0 + len; j++) {
                x[j] = sigma * zc[j];
                amax = fmax(amax, fabs(x[j]));
            }
            scl[k] = block_scale(&b, amax, T) * T;
            for (size_t j = j0; j < j0 + len; j++)
                y[j] = x[j] / scl[k];
        }
        ao.index0 = i0;
        st = exmy__snr_quantize(&bf->elem, &ao, y, q, m);
        if (st != EXMY_OK)
            break;
        for (size_t j0 = 0, k = 0; j0 < m; j0 += B, k++) {
            size_t len = m - j0 < B ? m - j0 : B;
            double sb = 0, eb = 0;
            for (size_t j = j0; j < j0 + len; j++) {
                double qv = q[j] * scl[k];
                if (!isfinite(qv)) {
                    nonfin++;
                    continue;
                }
                double e = (x[j] - qv) / sigma;
                sb += zc[j] * zc[j];
                eb += e * e;
            }
            Ss += sb;
            Se += eb;
            Sss += sb * sb;
            See += eb * eb;
            Sse += sb * eb;
            nblocks++;
        }
    }
    free(buf);
    if (st != EXMY_OK)
        return st;
    double S = Ss / (double)n, E = Se / (double)n;
    exmy_snr_point p;
    memset(&p, 0, sizeof p);
    p.scale = sigma;
    p.signal = S;
    p.noise = E;
    p.p_overflow = (double)nonfin / (double)n;
    p.n = n;
    p.snr_ratio = !(S > 0) ? NAN : !(E > 0) ? INFINITY : S / E;
    p.snr_db = 10.0 * log10(p.snr_ratio);
    if (S > 0 && E > 0 && nblocks > 1) {
        /* Delta method for log(mean s_b / mean e_b) over the blocks. */
        double nb = (double)nblocks, mS = Ss / nb, mE = Se / nb;
        double vs = Sss / nb - mS * mS, ve = See / nb - mE * mE, cv = Sse / nb - mS * mE;
        double vlog = (vs / (mS * mS) + ve / (mE * mE) - 2 * cv / (mS * mE)) / (nb - 1);
        p.stderr_db = vlog > 0 ? (10.0 / log(10.0)) * sqrt(vlog) : 0.0;
    }
    *out = p;
    return EXMY_OK;
}

/* --------------------------------------------------------------- exact */

struct exmy_snr_block_exact {
    exmy_block_format bf;
    blk b;
    exmy_snr_exact *elem; /* the element format's rounding intervals */
};

bool exmy_snr_block_has_exact(const exmy_block_format *bf, const exmy_opts *o, exmy_dist_kind k)
{
    return bf && o && exmy_dist_has_exact(k) && rule_pow2(bf->rule) && !bf->tensor_scale &&
           !exmy_round_is_stochastic(o->round) && bf->elem.bits <= 16;
}

exmy_status exmy_snr_block_exact_new(const exmy_block_format *bf, const exmy_opts *o,
                                     exmy_snr_block_exact **out)
{
    if (!bf || !o || !out)
        return EXMY_EINVAL;
    *out = NULL;
    if (!exmy_snr_block_has_exact(bf, o, EXMY_DIST_NORMAL))
        return EXMY_EINVAL;
    exmy_snr_block_exact *t = calloc(1, sizeof *t);
    if (!t)
        return EXMY_ENOMEM;
    t->bf = *bf;
    exmy_status st = blk_init(&t->b, &t->bf);
    if (st == EXMY_OK)
        st = exmy_snr_exact_new(&bf->elem, o, &t->elem);
    if (st != EXMY_OK) {
        exmy_snr_block_exact_free(t);
        return st;
    }
    *out = t;
    return EXMY_OK;
}

void exmy_snr_block_exact_free(exmy_snr_block_exact *t)
{
    if (!t)
        return;
    exmy_snr_exact_free(t->elem);
    free(t);
}

/* P(|U| >= c) for the unit-variance distribution. */
static double p_out(exmy_dist_kind kind, double c)
{
    switch (kind) {
    case EXMY_DIST_NORMAL: return erfc(c * SQRT1_2);
    case EXMY_DIST_LAPLACE: return exp(-SQRT2 * c);
    default: return c >= SQRT3 ? 0.0 : 1.0 - c / SQRT3;
    }
}

/* log G(c) = (B - 1) log P(|U| < c); -Inf at c = 0 (for B > 1). */
static double log_g(exmy_dist_kind kind, unsigned B, double c)
{
    if (B == 1)
        return 0.0;
    if (isinf(c))
        return 0.0;
    return (double)(B - 1) * log1p(-p_out(kind, c));
}

/* Sums over c0 <= |u| < c1 of the noise, signal and overflow integrands of
 * the plain format at element scale s (u in units of sigma). */
typedef struct sums {
    double noise, signal, ovf, err;
} sums;

static void clipped(const exmy_snr_exact *t, exmy_dist_kind kind, double cut, double s,
                    double c0, double c1, sums *S)
{
    memset(S, 0, sizeof *S);
    if (!(c1 > c0))
        return;
    for (size_t i = 0; i < t->n; i++) {
        const exmy_snr_interval *iv = &t->iv[i];
        double L = iv->lo, H = iv->hi, q = iv->q_down;
        bool fin = iv->finite_down;
        if (i < t->i0) { /* mirror the negative side onto u >= 0 */
            L = -iv->hi;
            H = -iv->lo;
            q = -q;
        }
        double ul = fmax(L / s, c0), uh = fmin(H / s, c1);
        if (!(uh > ul) || ul > cut)
            continue;
        double v, e;
        if (!fin) {
            static const exmy__snr_poly one = {{1, 0, 0, 0}};
            exmy__snr_integrate(kind, ul, 0.0, uh - ul, &one, &v, &e);
            S->ovf += v;
            continue;
        }
        double z = q / s;
        exmy__snr_poly Pn = {{0, 0, 1, 0}};
        exmy__snr_integrate(kind, z, ul - z, uh - z, &Pn, &v, &e);
        S->noise += v;
        S->err += e;
        exmy__snr_poly Ps = {{ul * ul, 2 * ul, 1, 0}};
        exmy__snr_integrate(kind, ul, 0.0, uh - ul, &Ps, &v, &e);
        S->signal += v;
    }
}

exmy_status exmy_snr_block_exact_eval(const exmy_snr_block_exact *t, const exmy_dist *d,
                                      double sigma, exmy_snr_point *out)
{
    if (!t || !d || !out || !exmy_dist_has_exact(d->kind) || !(sigma > 0) || !isfinite(sigma))
        return EXMY_EINVAL;
    const blk *b = &t->b;
    const unsigned B = t->bf.block;
    const exmy_dist_kind kind = d->kind;
    const double cut = exmy__snr_cut(kind);
    /* Below a_lo all pieces are merged into the first: the largest power of
     * two <= 1 (and >= 2^-30) with G(a_lo) = P(a_lo)^(B-1) <= 2^-80, so that
     * P(A < a_lo) <= 2^-80 (a few pieces for B = 32 instead of 40). */
    double a_lo = 1.0;
    while (a_lo > 0x1p-30 && log_g(kind, B, a_lo) > -80 * M_LN2)
        a_lo *= 0.5;
    /* Pieces in amax: [c 2^k, c 2^(k+1)) with scale clamp(2^(k + off)). */
    double c;
    int off;
    switch (t->bf.rule) {
    case EXMY_SCALE_FLOOR: c = 1.0; off = -b->ei.emax; break;
    case EXMY_SCALE_CEIL: c = b->ei.max_finite; off = 1; break; /* (c 2^k, c 2^(k+1)] -> 2^(k+1) */
    default: c = 1.0 - ldexp(1.0, -(int)b->ei.man_bits - 2); off = -b->ei.emax; break;
    }
    /* c 2^k / sigma = a  <=>  k = log2(a sigma / c); frexp gives it exactly
     * enough (the pieces need only cover the range). */
    int k_lo, k_hi;
    frexp(a_lo * sigma / c, &k_lo);
    frexp(cut * sigma / c, &k_hi);
    k_lo -= 1;
    double acc_n = 0, acc_s = 0, acc_o = 0, acc_e = 0;
    uint64_t npieces = 0;
    for (int k = k_lo; k <= k_hi; k++) {
        double lo = k == k_lo ? 0.0 : ldexp(c, k) / sigma;
        double hi = k == k_hi ? INFINITY : ldexp(c, k + 1) / sigma;
        double X = clamp_scale(b, ldexp(1.0, k + off));
        double s = sigma / X;
        sums in, ring;
        clipped(t->elem, kind, cut, s, 0.0, lo, &in);
        clipped(t->elem, kind, cut, s, lo, hi, &ring);
        double lg0 = lo == 0.0 ? -INFINITY : log_g(kind, B, lo), lg1 = log_g(kind, B, hi);
        double G1 = exp(lg1);
        /* G1 - G0 = G1 (1 - exp(lg0 - lg1)) */
        double dG = B == 1 ? 0.0 : lo == 0.0 ? G1 : -G1 * expm1(lg0 - lg1);
        acc_n += G1 * ring.noise + dG * in.noise;
        acc_s += G1 * ring.signal + dG * in.signal;
        acc_o += G1 * ring.ovf + dG * in.ovf;
        acc_e += G1 * ring.err + dG * in.err;
        npieces++;
    }
    exmy_snr_point p;
    memset(&p, 0, sizeof p);
    p.scale = sigma;
    p.signal = acc_s;
    p.noise = acc_n;
    p.p_overflow = acc_o;
    p.n = npieces;
    p.err_bound = acc_n > 0 ? acc_e / acc_n + 64 * DBL_EPSILON : 0.0;
    p.snr_ratio = !(acc_s > 0) ? NAN : !(acc_n > 0) ? INFINITY : acc_s / acc_n;
    p.snr_db = 10.0 * log10(p.snr_ratio);
    *out = p;
    return EXMY_OK;
}
