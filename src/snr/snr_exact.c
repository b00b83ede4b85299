/* Exact SNR: the sum, over the rounding intervals of src/snr/snr_table.c, of
 * integrals of the squared error times the density (src/snr/snr_quad.c).
 *
 * Everything is computed in units of sigma (u = x / sigma, unit-variance
 * density f), so signal and noise come out as E[X^2 ; finite] / sigma^2 and
 * E[(X-Q)^2 ; finite] / sigma^2. The densities are symmetric, so an interval
 * on the negative side is mirrored onto u >= 0 together with its results; each
 * side is walked outward from 0 so that the noise summed so far is a lower
 * bound of the total, against which far-tail intervals can be shown
 * negligible (their contribution is bounded by (max |u - q|)^2 (width) f(lo)
 * and dropped, bound and all, below 2^-60 of that sum). Intervals wholly
 * beyond exmy__snr_cut() standard deviations are skipped: there |u - q| <= |u|
 * and the whole tail of u^2 f is below 1e-340.
 *
 * Stochastic rounding (P3109 sr-a/b/c with N bits, R uniform on [0, 2^N)).
 * On a gap (L, H) of the magnitude lattice, with Delta = H - L,
 * t = |x| - L, nu = t / Delta and y = nu 2^N, the core rounds away from zero
 * iff F + R >= 2^N (sr-a, F = floor(y)), iff floor(2y) + 2R + 1 >= 2^(N+1)
 * (sr-b), iff RNE(y) + R >= 2^N (sr-c); counting the R that do so,
 *   sr-a:       p(x) = floor(y) / 2^N       = nu - s(y) / 2^N,  s = frac(y)
 *   sr-b, sr-c: p(x) = floor(y + 1/2) / 2^N = nu - s(y) / 2^N,  s = frac(y + 1/2) - 1/2
 * (sr-b: ceil(floor(2y) / 2) = floor(y + 1/2); sr-c differs from it only at
 * the ties y = j + 1/2, a null set). With down result qd and up result qu,
 *   E[(x - Q)^2 | x] = (1 - p) (x - qd)^2 + p (x - qu)^2.
 * The nu part is a polynomial (cubic in t) times the density: integrated like
 * any interval. The sawtooth part is small (2^-N) and is integrated by
 * Euler-Maclaurin: with s = B1~(y + sh) + b0 (B_k~ the periodic Bernoulli
 * functions; sr-a: sh = 0, b0 = 1/2; sr-b/c: sh = 1/2, b0 = 0), h = Delta/2^N
 * and psi = (u - L)/h + sh, integrating by parts twice,
 *   int B1~(psi) g = (h/2) [B2~(psi) g] - (h^2/6) [B3~(psi) g'] + Rem,
 *   |Rem| <= (h^2/6) max|B3| int |g''| = (sqrt(3)/216) h^2 int |g''|,
 * where both brackets run over the gap's ends (psi = sh and 2^N + sh, so the
 * B3 bracket vanishes). This is used where Rem / 2^N is below 2^-46 of the
 * noise (2^-40 of it); elsewhere (few random bits, or a gap wide against sigma) the gap is
 * cut into the pieces on which p is constant (2^N of them for sr-a, 2^N + 1
 * for sr-b/c), each an ordinary interval. */
#include "snr_internal.h"

#include <float.h>
#include <math.h>

#define EM_B3 0.00801875373874480228 /* sqrt(3)/216 */
#define LAPLACE_L 1.41421356237309504880

typedef struct acc {
    exmy_dist_kind kind;
    double sigma, cut;
    unsigned N;   /* stochastic bits */
    double sh, b0; /* sawtooth shift and mean (see above) */
    double noise, nerr, ovf, signal, serr;
    bool run;      /* a run of intervals with finite results, for the signal */
    double run_lo, run_hi;
    uint64_t n;
} acc;

static const exmy__snr_poly ONE = {{1, 0, 0, 0}};

static void flush_run(acc *A)
{
    if (!A->run)
        return;
    A->run = false;
    double z = A->run_lo / A->sigma;
    if (z > A->cut)
        return;
    exmy__snr_poly P = {{z * z, 2 * z, 1, 0}};
    double v, e;
    exmy__snr_integrate(A->kind, z, 0.0, (A->run_hi - A->run_lo) / A->sigma, &P, &v, &e);
    A->signal += v;
    A->serr += e;
}

static void extend_run(acc *A, double lo, double hi)
{
    if (A->run && A->run_hi == lo) {
        A->run_hi = hi;
        return;
    }
    flush_run(A);
    A->run = true;
    A->run_lo = lo;
    A->run_hi = hi;
}

/* Magnitudes 0 <= lo < hi, one result q (finite or not). */
static void det_interval(acc *A, double lo, double hi, double q, bool fin)
{
    double s = A->sigma, al = lo / s;
    if (fin)
        extend_run(A, lo, hi);
    else
        flush_run(A);
    if (al > A->cut)
        return;
    A->n++;
    double v, e;
    if (!fin) {
        exmy__snr_integrate(A->kind, al, 0.0, (hi - lo) / s, &ONE, &v, &e);
        A->ovf += v;
        return;
    }
    double z = q / s, da = (lo - q) / s, db = (hi - q) / s;
    if (al > 3.0 && !isinf(db)) {
        double m = fmax(fabs(da), fabs(db));
        double bound = m * m * (db - da) * exmy__snr_density(A->kind, al);
        if (bound <= 0x1p-60 * A->noise) {
            A->nerr += bound;
            return;
        }
    }
    exmy__snr_poly P = {{0, 0, 1, 0}};
    exmy__snr_integrate(A->kind, z, da, db, &P, &v, &e);
    A->noise += v;
    A->nerr += e;
}

/* ---------------------------------------------------- stochastic gaps */

static exmy__snr_poly poly_lin(const exmy__snr_poly *P, double c0, double c1) /* P * (c0 + c1 t) */
{
    exmy__snr_poly R = {{0, 0, 0, 0}};
    for (int k = 0; k < 4; k++) {
        R.p[k] += c0 * P->p[k];
        if (k < 3)
            R.p[k + 1] += c1 * P->p[k];
    }
    return R;
}

static exmy__snr_poly poly_axpy(double a, const exmy__snr_poly *X, double b, const exmy__snr_poly *Y)
{
    exmy__snr_poly R;
    for (int k = 0; k < 4; k++)
        R.p[k] = a * X->p[k] + b * Y->p[k];
    return R;
}

static double poly_at(const exmy__snr_poly *P, double t)
{
    return ((P->p[3] * t + P->p[2]) * t + P->p[1]) * t + P->p[0];
}

static double poly_d1(const exmy__snr_poly *P, double t)
{
    return (3 * P->p[3] * t + 2 * P->p[2]) * t + P->p[1];
}

/* Bounds of |P|, |P'|, |P''| for t in [0, T]. */
static void poly_bounds(const exmy__snr_poly *P, double T, double *b0, double *b1, double *b2)
{
    double a0 = fabs(P->p[0]), a1 = fabs(P->p[1]), a2 = fabs(P->p[2]), a3 = fabs(P->p[3]);
    *b0 = ((a3 * T + a2) * T + a1) * T + a0;
    *b1 = (3 * a3 * T + 2 * a2) * T + a1;
    *b2 = 6 * a3 * T + 2 * a2;
}

static double bern2(double x) { return (x - 1.0) * x + 1.0 / 6.0; }
static double bern3(double x) { return x * (x - 0.5) * (x - 1.0); }

/* Effective end of a gap in t: the uniform density stops at sqrt(3). */
static double gap_end(const acc *A, double Ls, double Dl, bool *clipped)
{
    *clipped = false;
    if (A->kind == EXMY_DIST_UNIFORM && Ls + Dl > A->cut) {
        *clipped = true;
        return A->cut - Ls;
    }
    return Dl;
}

/* Density at u, from inside the support (the uniform's edge counts as inside). */
static double dens_in(const acc *A, double u)
{
    if (A->kind == EXMY_DIST_UNIFORM)
        return exmy__snr_density(A->kind, 0.0);
    return exmy__snr_density(A->kind, u);
}

/* Euler-Maclaurin remainder bound of int s G f over t in [0, te]. */
static double em_rem(const acc *A, double Ls, double te, double hN, const exmy__snr_poly *G)
{
    double g0, g1, g2;
    poly_bounds(G, te, &g0, &g1, &g2);
    double fm = dens_in(A, Ls), umax = Ls + te, d2;
    switch (A->kind) {
    case EXMY_DIST_NORMAL: d2 = g2 + 2 * g1 * umax + g0 * fmax(1.0, umax * umax); break;
    case EXMY_DIST_LAPLACE: d2 = g2 + 2 * LAPLACE_L * g1 + 2 * g0; break; /* f' = -l f, l^2 = 2 */
    default: d2 = g2; break;
    }
    return EM_B3 * hN * hN * te * d2 * fm;
}

/* int s(u) G(t) f(u) over the gap (t in [0, te]) by Euler-Maclaurin:
 * *val, and *err its error bound (remainder included). */
static void em_sawtooth(const acc *A, double Ls, double Dl, double hN, const exmy__snr_poly *G,
                        double *val, double *err)
{
    bool clipped;
    double te = gap_end(A, Ls, Dl, &clipped);
    *val = 0.0;
    *err = 0.0;
    if (!(te > 0.0))
        return;
    double I = 0.0, Ie = 0.0;
    if (A->b0 != 0.0)
        exmy__snr_integrate(A->kind, Ls, 0.0, te, G, &I, &Ie);
    double fa = dens_in(A, Ls), fb = dens_in(A, Ls + te);
    double fa1 = exmy__snr_density_d1(A->kind, Ls), fb1 = exmy__snr_density_d1(A->kind, Ls + te);
    double ga = poly_at(G, 0.0) * fa, gb = poly_at(G, te) * fb;
    double ga1 = poly_d1(G, 0.0) * fa + poly_at(G, 0.0) * fa1;
    double gb1 = poly_d1(G, te) * fb + poly_at(G, te) * fb1;
    double pa = A->sh, pb = A->sh;
    if (clipped) {
        double y = te / hN + A->sh;
        pb = y - floor(y);
    }
    double v = A->b0 * I + 0.5 * hN * (bern2(pb) * gb - bern2(pa) * ga) -
               (hN * hN / 6.0) * (bern3(pb) * gb1 - bern3(pa) * ga1);
    *val = v;
    *err = A->b0 * Ie + em_rem(A, Ls, te, hN, G) + 8 * DBL_EPSILON * (fabs(v) + A->b0 * fabs(I));
}

/* Expected error etc. over t in [t0, t1] of a gap where p is the constant pp. */
static void sr_piece(acc *A, double Ls, double t0, double t1, double pp, const exmy__snr_poly *Ap,
                     const exmy__snr_poly *Bp, bool fd, bool fu, const exmy__snr_poly *S2)
{
    double v, e;
    exmy__snr_poly Pn = poly_axpy(1.0 - pp, Ap, pp, Bp);
    exmy__snr_integrate(A->kind, Ls, t0, t1, &Pn, &v, &e);
    A->noise += v;
    A->nerr += e;
    if (fd && fu)
        return;
    double wfin = (fd ? 1.0 - pp : 0.0) + (fu ? pp : 0.0);
    if (wfin > 0.0) {
        exmy__snr_poly Ps = poly_axpy(wfin, S2, 0.0, S2);
        exmy__snr_integrate(A->kind, Ls, t0, t1, &Ps, &v, &e);
        A->signal += v;
        A->serr += e;
    }
    double wnf = 1.0 - wfin;
    if (wnf > 0.0) {
        exmy__snr_integrate(A->kind, Ls, t0, t1, &ONE, &v, &e);
        A->ovf += wnf * v;
    }
}

/* A gap (L, H) of magnitudes where the core picks qd (R = 0) or qu (R max). */
static void sr_gap(acc *A, double L, double H, double qd, bool fd, double qu, bool fu)
{
    double s = A->sigma, Ls = L / s;
    if (fd && fu)
        extend_run(A, L, H);
    else
        flush_run(A);
    if (Ls > A->cut)
        return;
    A->n++;
    double Dl = (H - L) / s, hN = ldexp(Dl, -(int)A->N);
    double dq = fd ? (qd - L) / s : 0.0, uq = fu ? (qu - L) / s : 0.0;
    exmy__snr_poly Z = {{0, 0, 0, 0}};
    exmy__snr_poly Ap = fd ? (exmy__snr_poly){{dq * dq, -2 * dq, 1, 0}} : Z;
    exmy__snr_poly Bp = fu ? (exmy__snr_poly){{uq * uq, -2 * uq, 1, 0}} : Z;
    exmy__snr_poly S2 = {{Ls * Ls, 2 * Ls, 1, 0}};
    double inv = 1.0 / Dl;
    /* Main (nu) parts: weights 1 - t/Delta for the down result, t/Delta up. */
    exmy__snr_poly wd = poly_lin(&Ap, 1.0, -inv), wu = poly_lin(&Bp, 0.0, inv);
    exmy__snr_poly main_noise = poly_axpy(1.0, &wd, 1.0, &wu);
    exmy__snr_poly G_noise = poly_axpy(1.0, &Ap, -1.0, &Bp); /* down gains +s/2^N, up loses it */
    bool clipped;
    double te = gap_end(A, Ls, Dl, &clipped);
    if (!(te > 0.0))
        return;
    double vmain, emain;
    exmy__snr_integrate(A->kind, Ls, 0.0, te, &main_noise, &vmain, &emain);
    double rem = ldexp(em_rem(A, Ls, te, hN, &G_noise), -(int)A->N);
    double tcut = fmin(te, A->cut - Ls);
    double npieces = floor(tcut / hN) + 2.0;
    if (rem > 0x1p-40 * fmax(vmain, A->noise) && npieces <= 1048576.0) {
        /* Piecewise: p is constant on each piece. */
        double two_n = ldexp(1.0, (int)A->N);
        unsigned long jmax = (unsigned long)fmin(npieces, two_n);
        for (unsigned long j = 0; j <= jmax; j++) {
            double t0, t1;
            if (A->sh == 0.0) { /* sr-a: [j h, (j+1) h), p = j / 2^N */
                if ((double)j >= two_n)
                    break;
                t0 = j * hN;
                t1 = (j + 1) * hN;
            } else { /* sr-b/c: [(j - 1/2) h, (j + 1/2) h), p = j / 2^N */
                t0 = j == 0 ? 0.0 : (j - 0.5) * hN;
                t1 = (j + 0.5) * hN;
            }
            if (t1 > te)
                t1 = te;
            if (t0 >= tcut || t0 >= t1)
                break;
            sr_piece(A, Ls, t0, t1, (double)j / two_n, &Ap, &Bp, fd, fu, &S2);
        }
        return;
    }
    double v, e;
    em_sawtooth(A, Ls, Dl, hN, &G_noise, &v, &e);
    A->noise += vmain + ldexp(v, -(int)A->N);
    A->nerr += emain + ldexp(e, -(int)A->N);
    if (fd && fu)
        return;
    /* Signal kept and overflow mass: the weight of the finite result(s). */
    exmy__snr_poly wfin = {{(fd ? 1.0 : 0.0), (fd ? -inv : 0.0) + (fu ? inv : 0.0), 0, 0}};
    exmy__snr_poly Ps = {{0, 0, 0, 0}};
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < 2 && k + j < 4; j++)
            Ps.p[k + j] += S2.p[k] * wfin.p[j];
    double gsig = (fd ? 1.0 : 0.0) - (fu ? 1.0 : 0.0);
    exmy__snr_poly Gs = poly_axpy(gsig, &S2, 0.0, &S2);
    exmy__snr_integrate(A->kind, Ls, 0.0, te, &Ps, &vmain, &emain);
    em_sawtooth(A, Ls, Dl, hN, &Gs, &v, &e);
    A->signal += vmain + ldexp(v, -(int)A->N);
    A->serr += emain + ldexp(e, -(int)A->N);
    exmy__snr_poly wnf = {{1.0 - wfin.p[0], -wfin.p[1], 0, 0}};
    exmy__snr_poly Go = {{-gsig, 0, 0, 0}};
    exmy__snr_integrate(A->kind, Ls, 0.0, te, &wnf, &vmain, &emain);
    em_sawtooth(A, Ls, Dl, hN, &Go, &v, &e);
    A->ovf += vmain + ldexp(v, -(int)A->N);
}

static bool same(double q1, bool f1, double q2, bool f2)
{
    return f1 == f2 && (!f1 || q1 == q2);
}

static void process(acc *A, const exmy_snr_interval *iv, bool mirror)
{
    double L = iv->lo, H = iv->hi, qd = iv->q_down, qu = iv->q_up;
    if (mirror) {
        L = -iv->hi;
        H = -iv->lo;
        qd = -qd;
        qu = -qu;
    }
    if (same(qd, iv->finite_down, qu, iv->finite_up))
        det_interval(A, L, H, qd, iv->finite_down);
    else
        sr_gap(A, L, H, qd, iv->finite_down, qu, iv->finite_up);
}

bool exmy_dist_has_exact(exmy_dist_kind k)
{
    return k == EXMY_DIST_NORMAL || k == EXMY_DIST_UNIFORM || k == EXMY_DIST_LAPLACE;
}

exmy_status exmy_snr_exact_eval(const exmy_snr_exact *t, const exmy_dist *d, double sigma,
                                exmy_snr_point *out)
{
    if (!t || !d || !out || !exmy_dist_has_exact(d->kind) || !(sigma > 0) || !isfinite(sigma))
        return EXMY_EINVAL;
    acc A = {0};
    A.kind = d->kind;
    A.sigma = sigma;
    A.cut = exmy__snr_cut(d->kind);
    A.N = t->o.sr_bits;
    A.sh = t->o.round == EXMY_SR_A ? 0.0 : 0.5;
    A.b0 = t->o.round == EXMY_SR_A ? 0.5 : 0.0;
    for (size_t i = t->i0; i < t->n; i++)
        process(&A, &t->iv[i], false);
    flush_run(&A);
    for (size_t i = t->i0; i-- > 0;)
        process(&A, &t->iv[i], true);
    flush_run(&A);

    exmy_snr_point p = {0};
    p.scale = sigma;
    p.signal = A.signal;
    p.noise = A.noise;
    p.p_overflow = A.ovf;
    p.n = A.n;
    p.err_bound = A.noise > 0 ? A.nerr / A.noise : 0.0;
    if (!(A.signal > 0))
        p.snr_ratio = NAN;
    else if (!(A.noise > 0))
        p.snr_ratio = INFINITY;
    else
        p.snr_ratio = A.signal / A.noise;
    p.snr_db = 10.0 * log10(p.snr_ratio);
    p.stderr_db = 0.0;
    *out = p;
    return EXMY_OK;
}
