/* Stochastic rounding (P3109 sr-a, sr-b, sr-c) with caller-supplied bits R.
 *
 * Reference: the definitions, in exact rational arithmetic (GMP), with nu the
 * fraction (|x| - L) / (H - L) of the gap between the neighbours L < |x| < H:
 *   sr-a rounds away iff floor(nu * 2^N) + R >= 2^N
 *   sr-b rounds away iff floor(nu * 2^(N+1)) + 2R + 1 >= 2^(N+1)
 *   sr-c rounds away iff RNITE(nu * 2^N) + R >= 2^N   (RNITE: nearest integer, ties to even)
 * checked exhaustively over every R for N = 1..8 and many nu (every multiple
 * of 2^-(N+2), so exact multiples of 2^-N and the sr-c ties, and perturbations
 * of them), and by random spot checks up to N = 32.
 *
 * Means over all 2^N values of R, from the library's own outputs: the number
 * of R that round away is floor(nu 2^N) for sr-a, ceil(floor(nu 2^(N+1))/2)
 * for sr-b and RNITE(nu 2^N) for sr-c, so with y = nu * 2^N the mean result
 * minus |x| is, in units of (H - L) / 2^N:
 *   sr-a: floor(y) - y        in (-1, 0]
 *   sr-b: ceil(floor(2y)/2) - y in (-1/2, 1/2]
 *   sr-c: RNITE(y) - y        in [-1/2, 1/2]
 * and it is exactly zero, for all three, precisely when y is an integer (nu
 * a multiple of 2^-N): then the mean of the rounded values equals the input.
 * Otherwise sr-a is biased toward zero, and sr-b/sr-c by at most half a step
 * 2^-(N+1) (H - L) either way. The test checks the exact count, the
 * unbiasedness where y is an integer, the bias bounds everywhere, and that a
 * nonzero bias occurs where y is not an integer (so the check can fail). */
#include "ref_format.h"
#include "testutil.h"

#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const exmy_round sr_modes[3] = {EXMY_SR_A, EXMY_SR_B, EXMY_SR_C};

/* floor(nu * 2^n) and whether nu * 2^n is an integer / at a half, exactly. */
typedef struct scaled {
    uint64_t fl;   /* floor(nu * 2^n) */
    int frac_cmp;  /* sign of frac(nu * 2^n) - 1/2 */
    bool integer;  /* frac == 0 */
} scaled;

static scaled scale(const mpq_t nu, unsigned n)
{
    mpz_t num, q, r;
    mpz_inits(num, q, r, NULL);
    mpz_mul_2exp(num, mpq_numref(nu), n);
    mpz_fdiv_qr(q, r, num, mpq_denref(nu));
    scaled s;
    s.fl = mpz_get_ui(q);
    s.integer = mpz_sgn(r) == 0;
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, mpq_denref(nu));
    s.frac_cmp = (c > 0) - (c < 0);
    mpz_clears(num, q, r, NULL);
    return s;
}

/* The three rules, for this nu and N; returns the threshold T such that the
 * rule rounds away iff R >= T (each rule is monotone in R). */
static uint64_t away_threshold(exmy_round m, const mpq_t nu, unsigned N)
{
    uint64_t two_n = UINT64_C(1) << N;
    switch (m) {
    case EXMY_SR_A: {
        scaled s = scale(nu, N);
        return two_n - s.fl; /* F + R >= 2^N */
    }
    case EXMY_SR_B: {
        scaled s = scale(nu, N + 1);
        /* F + 2R + 1 >= 2^(N+1)  <=>  R >= ceil((2^(N+1) - 1 - F) / 2) */
        uint64_t need = (UINT64_C(1) << (N + 1)) - 1 - s.fl;
        return (need + 1) / 2;
    }
    case EXMY_SR_C: {
        scaled s = scale(nu, N);
        uint64_t rn = s.fl;
        if (s.frac_cmp > 0 || (s.frac_cmp == 0 && !s.integer && (s.fl & 1)))
            rn++;
        return two_n - rn; /* RNITE + R >= 2^N */
    }
    default:
        break;
    }
    return 0;
}

typedef struct bracket {
    int64_t lo; /* magnitude code of L (-1: none, format without zero) */
    double L, H;
} bracket;

/* A selection of gaps: the first (zero to the smallest value), subnormal,
 * normal, the last of a binade (H in the next binade), and max -> succ. */
static int pick_brackets(const ref_format *R, bracket *b)
{
    int n = 0;
    int64_t cand[] = {0, 1, (int64_t)(R->cmax / 3), (int64_t)(R->cmax / 2),
                      (int64_t)(1u << R->M) - 1, (int64_t)(2u << R->M) - 1, (int64_t)R->cmax};
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
        int64_t c = cand[i];
        if (c < 0 || c > (int64_t)R->cmax)
            continue;
        bool dup = false;
        for (int j = 0; j < n; j++)
            dup = dup || b[j].lo == c;
        if (dup)
            continue;
        b[n].lo = c;
        b[n].L = R->mag[c];
        b[n].H = R->mag[c + 1];
        n++;
    }
    if (!R->has_zero) { /* below the smallest value there is no lower neighbour */
        b[n].lo = -1;
        b[n].L = 0;
        b[n].H = R->mag[0];
        n++;
    }
    return n;
}

static const char *const formats[] = {"e4m3fn", "e5m2", "binary16", "e2m1fn", "e8m0fnu",
                                      "e3m2:nosub", "binary8p3se", "e4m3:unsigned"};

static void decode_abs(const exmy_format *f, uint32_t code, double *v)
{
    *v = fabs(exmy_to_f64(f, code));
}

/* Exhaustive N = 1..8 for one format. */
static void small_n(const char *spec, tu_log *log)
{
    exmy_format f = tu_format(spec);
    ref_format R;
    ck_assert(ref_init(&R, &f));
    bracket br[16];
    int nb = pick_brackets(&R, br);
    tu_rng rng = {UINT64_C(0xabcdef) ^ (uint64_t)strlen(spec)};
    mpq_t nu, xq, Lq, Hq;
    mpq_inits(nu, xq, Lq, Hq, NULL);
    uint64_t biased_seen = 0, unbiased_seen = 0;
    for (int bi = 0; bi < nb; bi++) {
        const bracket *b = &br[bi];
        bool overflow_gap = b->lo == (int64_t)R.cmax;
        bool nozero_gap = b->lo < 0;
        for (unsigned N = 1; N <= 8; N++) {
            unsigned K = N + 2;
            for (uint64_t j = 0; j < (UINT64_C(1) << K); j++) {
                for (int pert = -1; pert <= 1; pert++) {
                    double step = (b->H - b->L) * ldexp(1.0, -(int)K);
                    double x = b->L + step * (double)j;
                    if (pert)
                        x = nextafter(x, pert > 0 ? INFINITY : 0);
                    if (!(x > b->L && x < b->H))
                        continue; /* exact values are not stochastic */
                    mpq_set_d(xq, x);
                    mpq_set_d(Lq, b->L);
                    mpq_set_d(Hq, b->H);
                    mpq_sub(nu, xq, Lq);
                    mpq_sub(Hq, Hq, Lq);
                    mpq_div(nu, nu, Hq);
                    bool y_integer = scale(nu, N).integer;
                    for (int sg = 0; sg < 2; sg++) {
                        bool neg = sg == 1;
                        double xs = neg ? -x : x;
                        for (int mi = 0; mi < 3; mi++) {
                            exmy_round m = sr_modes[mi];
                            uint64_t T = away_threshold(m, nu, N);
                            exmy_opts o = {m, EXMY_SATFINITE, N};
                            double sum = 0;
                            uint64_t away_count = 0;
                            bool sum_ok = true;
                            for (uint64_t Rb = 0; Rb < (UINT64_C(1) << N); Rb++) {
                                /* Bits above N must be ignored. */
                                uint32_t rb = (uint32_t)Rb | (uint32_t)((tu_next(&rng) << N) & 0xffffffffu);
                                bool away = Rb >= T;
                                int64_t c = nozero_gap ? 0 : b->lo + (away ? 1 : 0);
                                ref_expect e = ref_finish(&R, m, o.sat, neg, c);
                                uint32_t code = 0;
                                exmy_status st = exmy_from_f64(&f, xs, &o, rb, &code, NULL);
                                log->checked++;
                                if (st != e.st || (st == EXMY_OK && code != e.code)) {
                                    tu_fail(log,
                                            "%s %s satfinite N=%u R=0x%x (low bits %llu) input "
                                            "%a (0x%016llx, nu*2^%u ~ %llu): got status %d code "
                                            "0x%x, expected status %d code 0x%x",
                                            R.label, exmy_round_name(m), N, rb,
                                            (unsigned long long)Rb, xs,
                                            (unsigned long long)tu_f64_bits(xs), K,
                                            (unsigned long long)j, st, code, e.st, e.code);
                                    sum_ok = false;
                                    continue;
                                }
                                if (st != EXMY_OK || exmy_classify(&f, code) == EXMY_CLASS_NAN) {
                                    sum_ok = false;
                                    continue;
                                }
                                double v;
                                decode_abs(&f, code, &v);
                                away_count += v > x;
                                sum += v; /* exact: multiples of one step, < 2^53 of them */
                            }
                            if (!sum_ok || overflow_gap || nozero_gap || (neg && !R.s))
                                continue;
                            /* Mean checks, in units of (H - L) / 2^N. */
                            double dev = (sum - ldexp(x, (int)N)) / (b->H - b->L);
                            bool bad = false;
                            if (y_integer) {
                                bad = dev != 0;
                                unbiased_seen++;
                            } else {
                                biased_seen += dev != 0;
                                if (m == EXMY_SR_A)
                                    bad = !(dev > -1 && dev < 0);
                                else if (m == EXMY_SR_B)
                                    bad = !(dev > -0.5 && dev <= 0.5);
                                else
                                    bad = !(dev >= -0.5 && dev <= 0.5);
                            }
                            if (away_count != (UINT64_C(1) << N) - T)
                                bad = true;
                            if (bad)
                                tu_fail(log,
                                        "%s %s N=%u input %a: mean over all R deviates by %g "
                                        "steps of 2^-N gap (%llu of %llu rounded away)",
                                        R.label, exmy_round_name(m), N, xs, dev,
                                        (unsigned long long)away_count,
                                        (unsigned long long)(UINT64_C(1) << N));
                        }
                    }
                }
            }
        }
    }
    /* The bias checks can fail: non-multiples of 2^-N do show a bias. */
    ck_assert_msg(biased_seen > 0 && unbiased_seen > 0, "%s: mean checks never exercised",
                  R.label);
    mpq_clears(nu, xq, Lq, Hq, NULL);
    ref_free(&R);
}

START_TEST(test_sr_small_n)
{
    tu_log log;
    tu_log_init(&log, "stochastic N=1..8", 12);
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        const exmy_catalogue_entry *e = exmy_catalogue_find(tu_catalogue(), formats[i]);
        if (!e && formats[i][0] == 'b')
            continue; /* P3109 entry not present */
        small_n(formats[i], &log);
    }
    tu_log_check(&log);
}
END_TEST

/* Random spot checks for N = 9..32 (N = 32 half of them), every format, with
 * overflow and saturation modes mixed in. */
START_TEST(test_sr_large_n)
{
    tu_log log;
    tu_log_init(&log, "stochastic N=9..32", 12);
    tu_rng rng = {UINT64_C(0x5151)};
    mpq_t nu, xq, Lq, Hq;
    mpq_inits(nu, xq, Lq, Hq, NULL);
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (!exmy_catalogue_find(tu_catalogue(), formats[i]) && formats[i][0] == 'b')
            continue;
        exmy_format f = tu_format(formats[i]);
        ref_format R;
        ck_assert(ref_init(&R, &f));
        for (int it = 0; it < 40000; it++) {
            int64_t lo = (int64_t)(tu_next(&rng) % ((uint64_t)R.cmax + 1));
            double L = R.mag[lo], H = R.mag[lo + 1];
            /* nu with up to 40 random bits, or right next to a multiple of 2^-N. */
            unsigned N = (it & 1) ? 32 : 9 + (unsigned)(tu_next(&rng) % 24);
            double x = L + (H - L) * ldexp((double)(tu_next(&rng) >> 24), -40);
            if (it % 5 == 0) {
                double k = floor(ldexp((double)(tu_next(&rng) >> 11), -53) * ldexp(1.0, (int)N));
                x = L + (H - L) * ldexp(k, -(int)N);
                if (it % 10 == 0)
                    x = nextafter(x, INFINITY);
            }
            if (!(x > L && x < H))
                continue;
            mpq_set_d(xq, x);
            mpq_set_d(Lq, L);
            mpq_set_d(Hq, H);
            mpq_sub(nu, xq, Lq);
            mpq_sub(Hq, Hq, Lq);
            mpq_div(nu, nu, Hq);
            bool neg = (tu_next(&rng) & 1) && R.s;
            exmy_round m = sr_modes[tu_next(&rng) % 3];
            exmy_sat s = tu_sats[tu_next(&rng) % 4];
            uint32_t rb = (uint32_t)tu_next(&rng);
            uint64_t Rv = N == 32 ? rb : (rb & ((UINT32_C(1) << N) - 1));
            uint64_t T = away_threshold(m, nu, N);
            int64_t c = lo + (Rv >= T ? 1 : 0);
            ref_expect e = ref_finish(&R, m, s, neg, c);
            exmy_opts o = {m, s, N};
            uint32_t code = 0;
            exmy_status st = exmy_from_f64(&f, neg ? -x : x, &o, rb, &code, NULL);
            log.checked++;
            if (st != e.st || (st == EXMY_OK && code != e.code))
                tu_fail(&log,
                        "%s %s %s N=%u R=0x%x input %a (0x%016llx): got status %d code 0x%x, "
                        "expected status %d code 0x%x",
                        R.label, exmy_round_name(m), exmy_sat_name(s), N, rb, neg ? -x : x,
                        (unsigned long long)tu_f64_bits(neg ? -x : x), st,
                        code, e.st, e.code);
        }
        ref_free(&R);
    }
    mpq_clears(nu, xq, Lq, Hq, NULL);
    tu_log_check(&log);
}
END_TEST

/* AMD's v_cvt_sr_fp8_f32 model: add R to the low 23 - M mantissa bits of the
 * binary32 pattern and truncate; on normal binary32 inputs whose result is a
 * normal value of the format this is sr-a with N = 23 - M. A second,
 * bit-level reference for sr-a. */
START_TEST(test_sr_a_is_add_and_truncate)
{
    tu_log log;
    tu_log_init(&log, "sr-a vs add-and-truncate", 12);
    tu_rng rng = {UINT64_C(0xa3d)};
    const char *fmts[] = {"e4m3fn", "e5m2", "bfloat16", "binary16"};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        exmy_format f = tu_format(fmts[i]);
        ref_format R;
        ck_assert(ref_init(&R, &f));
        unsigned N = 23 - R.M;
        exmy_opts o = {EXMY_SR_A, EXMY_SATFINITE, N};
        for (int it = 0; it < 200000; it++) {
            /* A binary32 with exponent inside the format's normal range. */
            int e = ilogb(R.min_normal) + (int)(tu_next(&rng) % (uint64_t)(R.emax - ilogb(R.min_normal) + 1));
            uint32_t bits = (uint32_t)(e + 127) << 23 | (uint32_t)(tu_next(&rng) & 0x7fffff);
            bool neg = tu_next(&rng) & 1;
            uint32_t r = (uint32_t)(tu_next(&rng) & ((UINT64_C(1) << N) - 1));
            uint32_t t = (bits + r) & ~((UINT32_C(1) << N) - 1);
            double want = (double)tu_f32_from_bits(t);
            if (!(want <= R.maxf))
                continue; /* carried past max finite: overflow rules, tested elsewhere */
            float x = tu_f32_from_bits(bits | (neg ? 0x80000000u : 0));
            uint32_t code = 0;
            exmy_status st = exmy_from_f32(&f, x, &o, r, &code, NULL);
            double got = exmy_to_f64(&f, code);
            log.checked++;
            if (st != EXMY_OK || got != (neg ? -want : want))
                tu_fail(&log, "%s N=%u R=0x%x input %a (0x%08x): got %a (code 0x%x), add-and-"
                              "truncate gives %a",
                        R.label, N, r, (double)x, tu_f32_bits(x), got, code, neg ? -want : want);
        }
        ref_free(&R);
    }
    tu_log_check(&log);
}
END_TEST

START_TEST(test_sr_bad_args)
{
    exmy_format f = tu_format("e4m3fn");
    uint32_t code;
    for (int mi = 0; mi < 3; mi++) {
        exmy_opts o = {sr_modes[mi], EXMY_SATFINITE, 0};
        ck_assert_int_eq(exmy_from_f64(&f, 1.1, &o, 0, &code, NULL), EXMY_EINVAL);
        o.sr_bits = 33;
        ck_assert_int_eq(exmy_from_f64(&f, 1.1, &o, 0, &code, NULL), EXMY_EINVAL);
        o.sr_bits = 32;
        ck_assert_int_eq(exmy_from_f64(&f, 1.1, &o, 0, &code, NULL), EXMY_OK);
    }
    /* sr_bits is ignored by the deterministic modes. */
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    ck_assert_int_eq(exmy_from_f64(&f, 1.1, &o, 0, &code, NULL), EXMY_OK);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stochastic");
    TCase *tc = tcase_create("stochastic");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_sr_small_n);
    tcase_add_test(tc, test_sr_large_n);
    tcase_add_test(tc, test_sr_a_is_add_and_truncate);
    tcase_add_test(tc, test_sr_bad_args);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
