/* Integrals of a polynomial times a unit-variance density over an interval:
 * the one numerical primitive of the exact SNR.
 *
 * Two methods, chosen per interval so that the result is accurate to about
 * 1e-12 relative, wherever the interval lies and however narrow it is:
 *
 * 1. Closed form. For the normal density phi, with M_k = int_a^b (u-z)^k phi,
 *      M_0 = Phi(b) - Phi(a)                    (erf or erfc, whichever is small)
 *      M_1 = -z M_0 + phi(a) - phi(b)
 *      M_k = (k-1) M_{k-2} - z M_{k-1} + (a-z)^(k-1) phi(a) - (b-z)^(k-1) phi(b)
 *    (integrate (u-z)^(k-1) * u phi = -(u-z)^(k-1) phi' by parts). For the
 *    laplace density f = (l/2) e^(-l u) on u >= 0 (l = sqrt 2):
 *      M_0 = e^(-l a) (1 - e^(-l (b-a))) / 2     (expm1: no cancellation)
 *      M_k = (k/l) M_{k-1} + ((a-z)^k f(a) - (b-z)^k f(b)) / l.
 *    For (u - q)^2 this is DESIGN.md's (1 + q^2) P + (a - 2q) phi(a) - (b - 2q) phi(b).
 *    The terms nearly cancel when the interval is narrow compared with the
 *    density's scale (the result is ~ phi w^3 / 12, the terms ~ phi w), so
 *    the closed form carries a running bound of its rounding error (S_k: the
 *    same recurrence on absolute values) and is used only where that bound is
 *    below 2^-36 (1.5e-11) of the result, and always for infinite tails.
 *
 * 2. Gauss-Legendre with n = 3, 4, 6 or 8 nodes, with a proven error bound.
 *    On an interval with centre c and half-width h write
 *    f(c + s) = f(c) g(s): normal g(s) = exp(-c s - s^2/2), laplace
 *    g(s) = exp(-l s). Let r = (|c| + h) h (normal) or r = l h (laplace).
 *    g is entire; on the circle |s| = R = h / sqrt(r), |g| <= e^(sqrt(r) + 1/2),
 *    so (Cauchy) the Taylor polynomial p_d of degree d errs by at most
 *    delta = e^(sqrt(r) + 1/2) r^((d+1)/2) / (1 - sqrt(r)) on [-h, h].
 *    The n-point rule integrates P p_d exactly when deg P + d <= 2n - 1, and
 *    its weights are positive and sum to 2, so for P >= 0
 *      |GL - exact| <= 2 delta f(c) int P,   exact >= e^(-r) f(c) int P,
 *    a relative error below 6.01 r^((2n - deg P)/2) for r <= 1/16. We take
 *    the fewest nodes with r^((2n - deg P)/2) <= 2^-39 (relative error
 *    < 1.1e-11) and split wider intervals into pieces that satisfy it.
 * The uniform density is constant on its support, so the 2-point rule is
 * exact there (positive weights: no cancellation either). */
#include "snr_internal.h"

#include <float.h>
#include <math.h>

#define INV_SQRT_2PI 0.398942280401432677939946059934
#define SQRT1_2 0.707106781186547524400844362105
#define LAPLACE_L 1.41421356237309504880168872421 /* 1/b with b = 1/sqrt(2) */
#define UNIFORM_EDGE 1.73205080756887729352744634151 /* sqrt(3) */
#define UNIFORM_DENS 0.288675134594812882254574390251 /* 1/(2 sqrt(3)) */

/* Gauss-Legendre rules on [-1, 1]: the non-negative nodes, descending, and
 * their weights (for odd n the last node is 0 and counts once). Values to
 * 21 digits from Newton's method on the Legendre polynomials at 40 digits;
 * tests/snr recomputes them. */
static const double gl2_x[] = {0.577350269189625764509};
static const double gl2_w[] = {1.0};
static const double gl3_x[] = {0.774596669241483377036, 0.0};
static const double gl3_w[] = {0.555555555555555555556, 0.888888888888888888889};
static const double gl4_x[] = {0.861136311594052575224, 0.339981043584856264803};
static const double gl4_w[] = {0.347854845137453857373, 0.652145154862546142627};
static const double gl6_x[] = {0.932469514203152027812, 0.661209386466264513661,
                               0.238619186083196908631};
static const double gl6_w[] = {0.171324492379170345040, 0.360761573048138607570,
                               0.467913934572691047390};
static const double gl8_x[] = {0.960289856497536231684, 0.796666477413626739592,
                               0.525532409916328985818, 0.183434642495649804939};
static const double gl8_w[] = {0.101228536290376259153, 0.222381034453374470544,
                               0.313706645877887287338, 0.362683783378361982965};

void exmy__snr_gl_rule(unsigned n, const double **x, const double **w, unsigned *nhalf)
{
    switch (n) {
    case 2: *x = gl2_x; *w = gl2_w; *nhalf = 1; return;
    case 3: *x = gl3_x; *w = gl3_w; *nhalf = 2; return;
    case 4: *x = gl4_x; *w = gl4_w; *nhalf = 2; return;
    case 6: *x = gl6_x; *w = gl6_w; *nhalf = 3; return;
    default: *x = gl8_x; *w = gl8_w; *nhalf = 4; return;
    }
}

/* rmax[k] = min(2^(-78/k), 1/16) rounded down: the largest binary64 r with
 * r^(k/2) <= 2^-39, for k = 2n - deg P (rounded to nearest, six entries were
 * one ulp above the bound). With r <= 1/16 the bound's constant is
 * 2 e^(3/4) e^(1/16) / (1 - 1/4) < 6.01, so one rule errs by < 6.01 * 2^-39
 * = 1.1e-11. tests/snr/test_snr_table.c recomputes both with MPFR. */
static const double rmax_tab[17] = {
    0.0,
    3.308722450212111e-24,  1.8189894035458565e-12, 1.4901161193847656e-8,
    1.348699152348609e-6,   2.0134092876783664e-5,  0.0001220703125,
    0.00044224788294136065, 0.0011613350732448448,  0.0024607833005759238,
    0.0044871029492071675,  0.0073353977395445805,  0.011048543456039804,
    0.015625,               0.02102969050988056,    0.02720470510300388,
    0.034078366645789296};

static double rmax(unsigned n, int deg)
{
    return rmax_tab[2 * n - (unsigned)deg];
}

double exmy__snr_rmax(unsigned k)
{
    return k < sizeof rmax_tab / sizeof rmax_tab[0] ? rmax_tab[k] : 0.0;
}

double exmy__snr_density(exmy_dist_kind kind, double u)
{
    u = fabs(u);
    switch (kind) {
    case EXMY_DIST_NORMAL: return INV_SQRT_2PI * exp(-0.5 * u * u);
    case EXMY_DIST_LAPLACE: return 0.5 * LAPLACE_L * exp(-LAPLACE_L * u);
    case EXMY_DIST_UNIFORM: return u <= UNIFORM_EDGE ? UNIFORM_DENS : 0.0;
    default: return 0.0;
    }
}

double exmy__snr_density_d1(exmy_dist_kind kind, double u)
{
    switch (kind) {
    case EXMY_DIST_NORMAL: return -u * exmy__snr_density(kind, u);
    case EXMY_DIST_LAPLACE: return -LAPLACE_L * exmy__snr_density(kind, u);
    default: return 0.0;
    }
}

double exmy__snr_cut(exmy_dist_kind kind)
{
    switch (kind) {
    case EXMY_DIST_NORMAL: return 40.0;
    case EXMY_DIST_LAPLACE: return 600.0;
    default: return UNIFORM_EDGE;
    }
}

static int poly_deg(const exmy__snr_poly *P)
{
    int d = 3;
    while (d > 0 && P->p[d] == 0.0)
        d--;
    return d;
}

static double poly_at(const exmy__snr_poly *P, double t)
{
    return ((P->p[3] * t + P->p[2]) * t + P->p[1]) * t + P->p[0];
}

/* n-point rule over [z + t0, z + t1]: *val, and the same sum of |P f|. */
static void gl(exmy_dist_kind kind, unsigned n, double z, double t0, double t1, const exmy__snr_poly *P,
               double *val, double *absval)
{
    const double *x, *w;
    unsigned nh;
    exmy__snr_gl_rule(n, &x, &w, &nh);
    double h = 0.5 * (t1 - t0), c = 0.5 * (t0 + t1);
    double s = 0.0, sa = 0.0;
    for (unsigned i = 0; i < nh; i++) {
        if (x[i] == 0.0) {
            double v = poly_at(P, c) * exmy__snr_density(kind, z + c);
            s += w[i] * v;
            sa += w[i] * fabs(v);
            continue;
        }
        double ta = c - h * x[i], tb = c + h * x[i];
        double va = poly_at(P, ta) * exmy__snr_density(kind, z + ta);
        double vb = poly_at(P, tb) * exmy__snr_density(kind, z + tb);
        s += w[i] * (va + vb);
        sa += w[i] * (fabs(va) + fabs(vb));
    }
    *val = s * h;
    *absval = sa * h;
}

/* The width parameter r of the error bound above. */
static double r_of(exmy_dist_kind kind, double z, double t0, double t1)
{
    double h = 0.5 * (t1 - t0);
    if (kind == EXMY_DIST_LAPLACE)
        return LAPLACE_L * h;
    return (fabs(z + 0.5 * (t0 + t1)) + h) * h;
}

/* Fewest nodes whose bound holds for this r, or 0 if none does. */
static unsigned tier(double r, int deg)
{
    static const unsigned ns[] = {3, 4, 6, 8};
    for (unsigned i = 0; i < 4; i++)
        if (r <= rmax(ns[i], deg))
            return ns[i];
    return 0;
}

/* Relative error of one tier-chosen rule (1.1e-11) plus rounding. */
#define GL_REL (0x1p-36)

/* sum_k p_k M_k, the polynomial's integral from its moments M_k, with the
 * error bound from the moments' magnitudes S_k. */
static void combine(const exmy__snr_poly *P, const double M[4], const double S[4], double *val,
                    double *err)
{
    double v = 0.0, e = 0.0;
    for (int k = 0; k < 4; k++) {
        if (P->p[k] == 0.0)
            continue;
        v += P->p[k] * M[k];
        e += fabs(P->p[k]) * S[k];
    }
    *val = v;
    *err = e * (64 * DBL_EPSILON);
}

static void closed_normal(double z, double da, double db, const exmy__snr_poly *P, double *val,
                          double *err)
{
    double a = z + da, b = z + db;
    double fa = exmy__snr_density(EXMY_DIST_NORMAL, a);
    double fb = isinf(b) ? 0.0 : exmy__snr_density(EXMY_DIST_NORMAL, b);
    double M[4], S[4];
    if (b <= 1.0) {
        double ea = erf(a * SQRT1_2), eb = erf(b * SQRT1_2);
        M[0] = 0.5 * (eb - ea);
        S[0] = 0.5 * (eb + ea);
    } else {
        double ca = erfc(a * SQRT1_2), cb = isinf(b) ? 0.0 : erfc(b * SQRT1_2);
        M[0] = 0.5 * (ca - cb);
        S[0] = 0.5 * (ca + cb);
    }
    /* (b - z)^k phi(b) is 0 where phi(b) underflows, even if db^k overflows. */
    double pa = fa, pb = fb; /* da^(k-1) fa, db^(k-1) fb */
    double qa = fa, qb = fb; /* |.| versions */
    M[1] = -z * M[0] + fa - fb;
    S[1] = fabs(z) * S[0] + fa + fb;
    for (int k = 2; k < 4; k++) {
        pa *= da;
        qa *= fabs(da);
        pb = fb == 0.0 ? 0.0 : pb * db;
        qb = fb == 0.0 ? 0.0 : qb * fabs(db);
        M[k] = (k - 1) * M[k - 2] - z * M[k - 1] + pa - pb;
        S[k] = (k - 1) * S[k - 2] + fabs(z) * S[k - 1] + qa + qb;
    }
    combine(P, M, S, val, err);
}

static void closed_laplace(double z, double da, double db, const exmy__snr_poly *P, double *val,
                           double *err)
{
    const double l = LAPLACE_L;
    double a = z + da;
    double ea = exp(-l * a);
    double M[4], S[4];
    M[0] = 0.5 * ea * (isinf(db) ? 1.0 : -expm1(-l * (db - da)));
    S[0] = M[0];
    double fa = 0.5 * l * ea;
    double fb = isinf(db) ? 0.0 : 0.5 * l * exp(-l * (z + db));
    double pa = fa, pb = fb, qa = fa, qb = fb;
    for (int k = 1; k < 4; k++) {
        pa *= da;
        qa *= fabs(da);
        pb = fb == 0.0 ? 0.0 : pb * db;
        qb = fb == 0.0 ? 0.0 : qb * fabs(db);
        M[k] = (k / l) * M[k - 1] + (pa - pb) / l;
        S[k] = (k / l) * S[k - 1] + (qa + qb) / l;
    }
    combine(P, M, S, val, err);
}

/* Split [t0, t1] into k pieces, each integrated by its own tier. */
static void composite(exmy_dist_kind kind, double z, double t0, double t1, const exmy__snr_poly *P,
                      int deg, unsigned long k, double *val, double *err)
{
    double v = 0.0, va = 0.0, w = t1 - t0;
    for (unsigned long j = 0; j < k; j++) {
        double a = t0 + w * ((double)j / (double)k);
        double b = j + 1 == k ? t1 : t0 + w * ((double)(j + 1) / (double)k);
        unsigned n = tier(r_of(kind, z, a, b), deg);
        double pv, pa;
        gl(kind, n ? n : 8, z, a, b, P, &pv, &pa);
        v += pv;
        va += pa;
    }
    *val = v;
    *err = va * GL_REL;
}

void exmy__snr_integrate(exmy_dist_kind kind, double z, double da, double db, const exmy__snr_poly *P,
                         double *val, double *err)
{
    *val = 0.0;
    *err = 0.0;
    if (!(db > da))
        return;
    int deg = poly_deg(P);
    if (kind == EXMY_DIST_UNIFORM) {
        double edge = UNIFORM_EDGE - z;
        if (db > edge)
            db = edge;
        if (!(db > da))
            return;
        double v, va;
        gl(kind, 2, z, da, db, P, &v, &va);
        *val = v;
        *err = va * (16 * DBL_EPSILON);
        return;
    }
    void (*closed)(double, double, double, const exmy__snr_poly *, double *, double *) =
        kind == EXMY_DIST_NORMAL ? closed_normal : closed_laplace;
    if (isinf(db)) {
        closed(z, da, db, P, val, err);
        return;
    }
    double r = r_of(kind, z, da, db);
    unsigned n = tier(r, deg);
    if (n) {
        double v, va;
        gl(kind, n, z, da, db, P, &v, &va);
        *val = v;
        *err = va * GL_REL;
        return;
    }
    double cv, ce;
    closed(z, da, db, P, &cv, &ce);
    if (ce <= 0x1p-36 * fabs(cv)) {
        *val = cv;
        *err = ce;
        return;
    }
    double k = ceil(2.0 * r / rmax(8, deg));
    if (k > 4096.0) {
        *val = cv;
        *err = ce;
        return;
    }
    composite(kind, z, da, db, P, deg, (unsigned long)k, val, err);
}
