/* Every binary32 input against a second reference that shares no code with
 * the core (nor with the MPFR oracle): the format's values, recomputed from
 * the descriptor by ref_format.c, walked in order alongside the inputs. All
 * binary32 inputs, all values of a format of <= 16 bits, and all midpoints
 * between them are exact binary64 numbers, so comparing |x| with a value or a
 * midpoint in binary64 is exact; the rounding rule, sign, unsigned and
 * saturation rules come from ref_choose/ref_finish (the contract table).
 *
 * Usage:
 *   test_exhaustive FORMAT ROUND SAT RANGE
 *     RANGE: all  every one of the 2^32 patterns
 *            pos  sign bit clear (2^31 patterns)
 *            neg  sign bit set
 *            ovf  |x| >= max finite, +-Inf and NaN (both signs): in a signed
 *                 format the only inputs on which the saturation modes differ
 *                 (the contract consults the saturation mode only for
 *                 out-of-range results, and, in unsigned formats, negative
 *                 ones), used where a full pass per mode does not fit the
 *                 default suite's time budget
 *   test_exhaustive boundary
 *     every catalogue format of <= 8 bits, every deterministic mode and
 *     saturation: every value, midpoint and their +-1 binary32 ulp
 *     neighbours, +-0, +-Inf, NaN, huge and tiny inputs. */
#include "ref_format.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *arg_format, *arg_range;
static exmy_round arg_round;
static exmy_sat arg_sat;

/* Brackets [arr[j], arr[j+1]) of |x| and the expected result for each way
 * |x| can sit in one, for one sign. */
typedef struct walk {
    size_t n;             /* brackets: arr[0..n], arr[n] = +Inf sentinel */
    double *arr;
    double *mid;
    ref_expect *exact, *below, *above, *tie;
} walk;

static void walk_init(walk *W, const ref_format *R, exmy_round r, exmy_sat s, bool neg)
{
    /* Without zero, a virtual bracket [0, first value) with lower code -1. */
    size_t off = R->has_zero ? 0 : 1;
    size_t nv = (size_t)R->cmax + 2; /* values 0..cmax and succ */
    W->n = nv + off;
    W->arr = malloc((W->n + 1) * sizeof *W->arr);
    W->mid = malloc(W->n * sizeof *W->mid);
    W->exact = malloc(W->n * sizeof *W->exact);
    W->below = malloc(W->n * sizeof *W->below);
    W->above = malloc(W->n * sizeof *W->above);
    W->tie = malloc(W->n * sizeof *W->tie);
    ck_assert(W->arr && W->mid && W->exact && W->below && W->above && W->tie);
    if (off)
        W->arr[0] = 0.0;
    for (size_t c = 0; c < nv; c++)
        W->arr[c + off] = R->mag[c];
    W->arr[W->n] = INFINITY;
    for (size_t j = 0; j < W->n; j++) {
        int64_t cl = (int64_t)j - (int64_t)off; /* code of arr[j] */
        if (cl > (int64_t)R->cmax) {
            /* At or beyond succ: the rounded magnitude exceeds max in every mode. */
            ref_expect e = ref_finish(R, r, s, neg, cl);
            W->exact[j] = W->below[j] = W->above[j] = W->tie[j] = e;
            W->mid[j] = INFINITY;
            continue;
        }
        W->mid[j] = W->arr[j] + (W->arr[j + 1] - W->arr[j]) / 2; /* exact */
        W->exact[j] = cl >= 0 ? ref_finish(R, r, s, neg, cl) : ref_nan(R, false);
        W->below[j] = ref_finish(R, r, s, neg, ref_choose(R, r, neg, cl, -1));
        W->above[j] = ref_finish(R, r, s, neg, ref_choose(R, r, neg, cl, +1));
        W->tie[j] = ref_finish(R, r, s, neg, ref_choose(R, r, neg, cl, 0));
    }
}

static void walk_free(walk *W)
{
    free(W->arr);
    free(W->mid);
    free(W->exact);
    free(W->below);
    free(W->above);
    free(W->tie);
}

static void compare(tu_log *log, const ref_format *R, exmy_round r, exmy_sat s, uint32_t bits,
                    exmy_status st, uint32_t code, ref_expect e)
{
    log->checked++;
    if (st != e.st || (st == EXMY_OK && code != e.code)) {
        char ml[96];
        tu_fail(log, "%s input f32 %a (0x%08x): got status %d code 0x%x, expected status %d code 0x%x",
                ref_mode_label(R, r, s, ml, sizeof ml), (double)tu_f32_from_bits(bits), bits, st,
                code, e.st, e.code);
    }
}

/* Walk the binary32 magnitudes [from, 0x7fffffff] of one sign in order. */
static void walk_sign(tu_log *log, const ref_format *R, exmy_round r, exmy_sat s, bool neg,
                      uint32_t from, uint64_t *ties)
{
    walk W;
    walk_init(&W, R, r, s, neg);
    exmy_opts o = {r, s, 0};
    const exmy_format *f = &R->f;
    uint32_t sg = neg ? UINT32_C(0x80000000) : 0;
    size_t j = 0;
    uint32_t u = from;
    if (u == 0) {
        uint32_t code = 0;
        exmy_status st = exmy_from_f32(f, tu_f32_from_bits(sg), &o, 0, &code, NULL);
        compare(log, R, r, s, sg, st, code, ref_zero_input(R, neg));
        u = 1;
    }
    for (; u < UINT32_C(0x7f800000); u++) {
        float x = tu_f32_from_bits(sg | u);
        double ax = (double)tu_f32_from_bits(u);
        while (W.arr[j + 1] <= ax)
            j++;
        ref_expect e;
        if (ax == W.arr[j])
            e = W.exact[j];
        else if (ax < W.mid[j])
            e = W.below[j];
        else if (ax > W.mid[j])
            e = W.above[j];
        else {
            e = W.tie[j];
            (*ties)++;
        }
        uint32_t code = 0;
        exmy_status st = exmy_from_f32(f, x, &o, 0, &code, NULL);
        log->checked++;
        if (st != e.st || (st == EXMY_OK && code != e.code)) {
            log->checked--;
            compare(log, R, r, s, sg | u, st, code, e);
        }
    }
    /* Inf, then every NaN pattern. */
    {
        uint32_t code = 0;
        exmy_status st =
            exmy_from_f32(f, tu_f32_from_bits(sg | UINT32_C(0x7f800000)), &o, 0, &code, NULL);
        compare(log, R, r, s, sg | UINT32_C(0x7f800000), st, code, ref_inf_input(R, r, s, neg));
    }
    ref_expect en = ref_nan_input(R, neg);
    for (uint32_t v = UINT32_C(0x7f800001); v <= UINT32_C(0x7fffffff); v++) {
        uint32_t code = 0;
        exmy_status st = exmy_from_f32(f, tu_f32_from_bits(sg | v), &o, 0, &code, NULL);
        log->checked++;
        if (st != en.st || (st == EXMY_OK && code != en.code)) {
            log->checked--;
            compare(log, R, r, s, sg | v, st, code, en);
        }
    }
    walk_free(&W);
}

START_TEST(test_exhaustive)
{
    exmy_format f = tu_format(arg_format);
    ref_format R;
    ck_assert(ref_init(&R, &f));
    char what[160];
    snprintf(what, sizeof what, "exhaustive binary32 %s %s %s %s", R.label,
             exmy_round_name(arg_round), exmy_sat_name(arg_sat), arg_range);
    tu_log log;
    tu_log_init(&log, what, 10);
    uint64_t ties = 0;
    bool pos = true, neg = true;
    uint32_t from = 0;
    if (strcmp(arg_range, "pos") == 0) {
        neg = false;
    } else if (strcmp(arg_range, "neg") == 0) {
        pos = false;
    } else if (strcmp(arg_range, "ovf") == 0) {
        float m = (float)R.maxf;
        if ((double)m < R.maxf)
            m = nextafterf(m, INFINITY);
        from = isinf(m) ? UINT32_C(0x7f800000) : tu_f32_bits(m);
    } else {
        ck_assert_msg(strcmp(arg_range, "all") == 0, "unknown range '%s'", arg_range);
    }
    if (pos)
        walk_sign(&log, &R, arg_round, arg_sat, false, from, &ties);
    if (neg)
        walk_sign(&log, &R, arg_round, arg_sat, true, from, &ties);
    fprintf(stderr, "%s: %llu inputs (%llu exact ties), %llu mismatches\n", what,
            (unsigned long long)log.checked, (unsigned long long)ties, (unsigned long long)log.n);
    ref_free(&R);
    tu_log_check(&log);
}
END_TEST

/* Expected result for one binary32 input by binary search over the values. */
static ref_expect expect_f32(const ref_format *R, exmy_round r, exmy_sat s, float xf)
{
    double x = (double)xf;
    bool neg = signbit(x) != 0;
    if (isnan(x))
        return ref_nan_input(R, neg);
    if (isinf(x))
        return ref_inf_input(R, r, s, neg);
    if (x == 0)
        return ref_zero_input(R, neg);
    double ax = fabs(x);
    int64_t c = ref_floor_index(R, ax);
    if (c > (int64_t)R->cmax)
        return ref_finish(R, r, s, neg, c);
    if (c >= 0 && R->mag[c] == ax)
        return ref_finish(R, r, s, neg, c);
    double lo = c >= 0 ? R->mag[c] : 0.0;
    double hi = R->mag[c + 1];
    double mid = lo + (hi - lo) / 2;
    int cmp = (ax > mid) - (ax < mid);
    return ref_finish(R, r, s, neg, ref_choose(R, r, neg, c, cmp));
}

static void boundary_point(tu_log *log, const ref_format *R, double t)
{
    float cand[5];
    int n = 0;
    float tf = (float)t;
    cand[n++] = tf;
    cand[n++] = nextafterf(tf, 0);
    cand[n++] = nextafterf(tf, INFINITY);
    cand[n++] = nextafterf(tf, -INFINITY);
    cand[n++] = nextafterf(nextafterf(tf, INFINITY), INFINITY);
    for (int i = 0; i < n; i++) {
        for (int sg = 0; sg < 2; sg++) {
            float x = sg ? -cand[i] : cand[i];
            for (int ri = 0; ri < 6; ri++) {
                for (int si = 0; si < 4; si++) {
                    exmy_opts o = {tu_det_rounds[ri], tu_sats[si], 0};
                    uint32_t code = 0;
                    exmy_status st = exmy_from_f32(&R->f, x, &o, 0, &code, NULL);
                    compare(log, R, o.round, o.sat, tu_f32_bits(x), st, code,
                            expect_f32(R, o.round, o.sat, x));
                }
            }
        }
    }
}

START_TEST(test_boundary)
{
    const exmy_catalogue *cat = tu_catalogue();
    uint64_t bad = 0;
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        if (f->bits > 8)
            continue;
        ref_format R;
        ck_assert(ref_init(&R, f));
        char what[96];
        snprintf(what, sizeof what, "binary32 boundary set %s", R.label);
        tu_log log;
        tu_log_init(&log, what, 10);
        const double marks[] = {0.0, INFINITY, NAN, FLT_MAX, FLT_MIN, FLT_TRUE_MIN, 1e30, 1e-30,
                                R.first_pos / 2, R.first_pos / 4, R.first_pos * 0.75,
                                R.succ * 2, ldexp(1.0, R.emax + 2)};
        for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
            boundary_point(&log, &R, marks[k]);
        for (uint32_t c = 0; c <= R.cmax + 1; c++) {
            boundary_point(&log, &R, R.mag[c]);
            if (c <= R.cmax)
                boundary_point(&log, &R, R.mag[c] + (R.mag[c + 1] - R.mag[c]) / 2);
        }
        fprintf(stderr, "%s: %llu checks, %llu mismatches\n", what,
                (unsigned long long)log.checked, (unsigned long long)log.n);
        bad += log.n;
        ref_free(&R);
    }
    ck_assert_msg(bad == 0, "%llu mismatches (see above)", (unsigned long long)bad);
}
END_TEST

int main(int argc, char **argv)
{
    Suite *s = suite_create("exhaustive");
    TCase *tc = tcase_create("exhaustive");
    tcase_set_timeout(tc, 36000);
    if (argc == 2 && strcmp(argv[1], "boundary") == 0) {
        tcase_add_test(tc, test_boundary);
    } else if (argc == 5) {
        arg_format = argv[1];
        arg_range = argv[4];
        if (exmy_round_from_name(argv[2], &arg_round) != EXMY_OK ||
            exmy_round_is_stochastic(arg_round) ||
            exmy_sat_from_name(argv[3], &arg_sat) != EXMY_OK) {
            fprintf(stderr, "bad mode '%s' or saturation '%s'\n", argv[2], argv[3]);
            return 2;
        }
        tcase_add_test(tc, test_exhaustive);
    } else {
        fprintf(stderr, "usage: %s FORMAT ROUND SAT all|pos|neg|ovf  |  %s boundary\n", argv[0],
                argv[0]);
        return 2;
    }
    suite_add_tcase(s, tc);
    return tu_run(s);
}
