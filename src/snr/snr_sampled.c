/* Monte Carlo SNR: unit-variance samples drawn once, scaled by each sigma,
 * quantised through the array API, and the ratio of the sample means of X^2
 * and (X - Q(X))^2 with its delta-method standard error.
 *
 * Random numbers come from Philox4x32-10 (Random123) keyed by the seed, with
 * counter word 3 set to a tag that the array API's stochastic-rounding bits
 * (word 3 = 0, src/sr.c) never use, so samples and rounding bits are
 * independent streams of one seed. Sample i depends on (seed, i) alone. */
#include "snr_internal.h"

#include <Random123/philox.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAG_SAMPLES 0x534E5230u /* "SNR0" */
#define TWO_PI 6.28318530717958647692528676656
#define SQRT3 1.73205080756887729352744634151
#define SQRT1_2 0.707106781186547524400844362105

struct exmy_snr_sampler {
    exmy_dist_kind kind;
    uint64_t seed;
    uint64_t n;
    double *z;
};

static philox4x32_ctr_t block(uint64_t seed, uint64_t b, uint32_t w2)
{
    philox4x32_ctr_t ctr = {{(uint32_t)b, (uint32_t)(b >> 32), w2, TAG_SAMPLES}};
    philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    return philox4x32(ctr, key);
}

/* A uniform on the open interval (0, 1) from 53 bits of a 64-bit word. */
static double u01(uint32_t hi, uint32_t lo)
{
    uint64_t w = ((uint64_t)hi << 32) | lo;
    return ((double)(w >> 11) + 0.5) * 0x1p-53;
}

/* Bailey's polar method for Student's t (Math. Comp. 62 (1994) 779-781):
 * U, V uniform on (-1, 1), W = U^2 + V^2 < 1 accepted, then
 * T = U sqrt(nu (W^(-2/nu) - 1) / W). Attempt j of sample i uses counter
 * (i, j), so the sample depends on (seed, i) only. */
static double student_t(uint64_t seed, uint64_t i, double nu)
{
    for (uint32_t j = 1;; j++) {
        philox4x32_ctr_t r = block(seed, i, j);
        double U = 2 * u01(r.v[0], r.v[1]) - 1, V = 2 * u01(r.v[2], r.v[3]) - 1;
        double W = U * U + V * V;
        if (W < 1.0 && W > 0.0)
            return U * sqrt(nu * (pow(W, -2.0 / nu) - 1.0) / W);
        if (j == 1u << 20) /* (1 - pi/4)^(2^20): never */
            return 0.0;
    }
}

static void draw(exmy_dist_kind kind, double nu, uint64_t seed, double *z, uint64_t n)
{
    switch (kind) {
    case EXMY_DIST_NORMAL: /* Box-Muller: two normals per block */
        for (uint64_t i = 0; i < n; i += 2) {
            philox4x32_ctr_t r = block(seed, i / 2, 0);
            double rad = sqrt(-2.0 * log(u01(r.v[0], r.v[1])));
            double th = TWO_PI * u01(r.v[2], r.v[3]);
            z[i] = rad * cos(th);
            if (i + 1 < n)
                z[i + 1] = rad * sin(th);
        }
        break;
    case EXMY_DIST_UNIFORM: /* U(-sqrt 3, sqrt 3): unit variance */
        for (uint64_t i = 0; i < n; i += 2) {
            philox4x32_ctr_t r = block(seed, i / 2, 0);
            z[i] = SQRT3 * (2 * u01(r.v[0], r.v[1]) - 1);
            if (i + 1 < n)
                z[i + 1] = SQRT3 * (2 * u01(r.v[2], r.v[3]) - 1);
        }
        break;
    case EXMY_DIST_LAPLACE: /* b = 1/sqrt 2: an exponential, and a sign from
                               the lowest bit (one u01 leaves unused) */
        for (uint64_t i = 0; i < n; i += 2) {
            philox4x32_ctr_t r = block(seed, i / 2, 0);
            for (unsigned k = 0; k < 2 && i + k < n; k++) {
                uint32_t hi = r.v[2 * k], lo = r.v[2 * k + 1];
                double e = -log(u01(hi, lo)) * SQRT1_2;
                z[i + k] = (lo & 1) ? -e : e;
            }
        }
        break;
    case EXMY_DIST_STUDENT_T: {
        double scale = sqrt((nu - 2.0) / nu);
        for (uint64_t i = 0; i < n; i++)
            z[i] = scale * student_t(seed, i, nu);
        break;
    }
    case EXMY_DIST_DATA:
        break;
    }
}

exmy_status exmy_snr_sampler_new(const exmy_dist *d, uint64_t n, uint64_t seed,
                                 exmy_snr_sampler **out)
{
    if (!d || !out)
        return EXMY_EINVAL;
    *out = NULL;
    if ((unsigned)d->kind > EXMY_DIST_DATA)
        return EXMY_EINVAL;
    if (d->kind == EXMY_DIST_STUDENT_T && !(d->nu > 2.0 && isfinite(d->nu)))
        return EXMY_EINVAL;
    if (d->kind == EXMY_DIST_DATA) {
        if (!d->data || d->n_data == 0)
            return EXMY_EINVAL;
        n = d->n_data;
    }
    if (n == 0 || n > (UINT64_C(1) << 32))
        return EXMY_EINVAL;
    exmy_snr_sampler *s = calloc(1, sizeof *s);
    if (!s)
        return EXMY_ENOMEM;
    s->z = malloc((size_t)n * sizeof *s->z);
    if (!s->z) {
        free(s);
        return EXMY_ENOMEM;
    }
    s->kind = d->kind;
    s->seed = seed;
    s->n = n;
    if (d->kind == EXMY_DIST_DATA) {
        /* Unit RMS, computed on values divided by max |x| so that squares
         * of large data cannot overflow. */
        double amax = 0.0;
        for (uint64_t i = 0; i < n; i++) {
            if (!isfinite(d->data[i])) {
                exmy_snr_sampler_free(s);
                return EXMY_EINVAL;
            }
            amax = fmax(amax, fabs(d->data[i]));
        }
        if (amax == 0.0) {
            exmy_snr_sampler_free(s);
            return EXMY_EINVAL;
        }
        double ss = 0.0;
        for (uint64_t i = 0; i < n; i++) {
            double v = d->data[i] / amax;
            ss += v * v;
        }
        double rms = amax * sqrt(ss / (double)n);
        for (uint64_t i = 0; i < n; i++)
            s->z[i] = d->data[i] / rms;
    } else {
        draw(d->kind, d->nu, seed, s->z, n);
    }
    *out = s;
    return EXMY_OK;
}

void exmy_snr_sampler_free(exmy_snr_sampler *s)
{
    if (!s)
        return;
    free(s->z);
    free(s);
}

uint64_t exmy_snr_sampler_size(const exmy_snr_sampler *s)
{
    return s ? s->n : 0;
}

const double *exmy_snr_sampler_data(const exmy_snr_sampler *s)
{
    return s ? s->z : NULL;
}

uint64_t exmy__snr_sampler_seed(const exmy_snr_sampler *s)
{
    return s->seed;
}

enum { CHUNK = 4096 };

/* Quantise x[0..m) (global index i0) into q; a conversion that has no NaN to
 * give (negative input to an unsigned format without NaN) yields NaN. */
exmy_status exmy__snr_quantize(const exmy_format *f, const exmy_array_opts *ao, const double *x,
                               double *q, size_t m)
{
    exmy_status st = exmy_quantize_array(f, EXMY_TYPE_F64, x, q, m, ao, NULL);
    if (st != EXMY_ENONAN)
        return st;
    for (size_t i = 0; i < m; i++) {
        uint32_t r = 0, code;
        if (exmy_round_is_stochastic(ao->conv.round))
            r = exmy_philox_bits(ao->seed, ao->index0 + i, ao->conv.sr_bits);
        st = exmy_from_f64(f, x[i], &ao->conv, r, &code, NULL);
        if (st == EXMY_ENONAN)
            q[i] = NAN;
        else if (st != EXMY_OK)
            return st;
        else
            q[i] = exmy_to_f64(f, code);
    }
    return EXMY_OK;
}

exmy_status exmy_snr_sampled_eval(const exmy_snr_sampler *s, const exmy_format *f,
                                  const exmy_opts *o, double sigma, exmy_snr_point *out)
{
    if (!s || !f || !o || !out || !(sigma > 0) || !isfinite(sigma))
        return EXMY_EINVAL;
    exmy_status vst = exmy_format_validate(f, NULL, 0);
    if (vst != EXMY_OK)
        return vst;
    double *buf = malloc(2 * CHUNK * sizeof *buf);
    if (!buf)
        return EXMY_ENOMEM;
    double *x = buf, *q = buf + CHUNK;
    exmy_array_opts ao;
    memset(&ao, 0, sizeof ao);
    ao.conv = *o;
    ao.seed = s->seed;
    /* Sums of s = X^2/sigma^2 and e = (X-Q)^2/sigma^2 over finite results,
     * per chunk then into the totals (keeps the rounding error small). */
    double Ss = 0, Se = 0, Sss = 0, See = 0, Sse = 0;
    uint64_t nonfin = 0;
    exmy_status st = EXMY_OK;
    for (uint64_t i0 = 0; i0 < s->n; i0 += CHUNK) {
        size_t m = (size_t)(s->n - i0 < CHUNK ? s->n - i0 : CHUNK);
        const double *z = s->z + i0;
        for (size_t i = 0; i < m; i++)
            x[i] = sigma * z[i];
        ao.index0 = i0;
        st = exmy__snr_quantize(f, &ao, x, q, m);
        if (st != EXMY_OK)
            break;
        double cs = 0, ce = 0, css = 0, cee = 0, cse = 0;
        for (size_t i = 0; i < m; i++) {
            if (!isfinite(q[i])) {
                nonfin++;
                continue;
            }
            double sv = z[i] * z[i];
            double e = (x[i] - q[i]) / sigma, ev = e * e;
            cs += sv;
            ce += ev;
            css += sv * sv;
            cee += ev * ev;
            cse += sv * ev;
        }
        Ss += cs;
        Se += ce;
        Sss += css;
        See += cee;
        Sse += cse;
    }
    free(buf);
    if (st != EXMY_OK)
        return st;
    double n = (double)s->n;
    double S = Ss / n, E = Se / n;
    exmy_snr_point p;
    memset(&p, 0, sizeof p);
    p.scale = sigma;
    p.signal = S;
    p.noise = E;
    p.p_overflow = (double)nonfin / n;
    p.n = s->n;
    if (!(S > 0))
        p.snr_ratio = NAN;
    else if (!(E > 0))
        p.snr_ratio = INFINITY;
    else
        p.snr_ratio = S / E;
    p.snr_db = 10.0 * log10(p.snr_ratio);
    if (S > 0 && E > 0 && s->n > 1) {
        /* Delta method for log(mean s / mean e) over the n samples (the
         * indicator of a finite result folded into s and e). */
        double vs = Sss / n - S * S, ve = See / n - E * E, cv = Sse / n - S * E;
        double vlog = (vs / (S * S) + ve / (E * E) - 2 * cv / (S * E)) / (n - 1);
        p.stderr_db = vlog > 0 ? (10.0 / log(10.0)) * sqrt(vlog) : 0.0;
    }
    *out = p;
    return EXMY_OK;
}
