/* exmy_from_f64 / _f32 / _f16bits / _bf16bits against MPFR, for every
 * catalogue format of at most 16 bits (and a few generic specs that exercise
 * what the catalogue lacks), every deterministic rounding mode and every
 * saturation mode. Inputs: every value, every midpoint and their +-1 ulp
 * neighbours in binary64 and binary32, landmarks (0, Inf, NaN, huge, tiny),
 * all 2^16 binary16 and bfloat16 patterns, and 10^5 seeded random binary64
 * values biased toward the format's range.
 *
 * Usage: test_mpfr_oracle [SHARD NSHARDS] — formats are dealt round-robin to
 * shards so meson can run shards in parallel. */
#include "mpfr_ref.h"
#include "ref_format.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long shard = 0, nshards = 1;

/* Generic specs beyond the catalogue: no subnormals with and without zero,
 * unsigned, precision 1 with subnormals, odd NaN counts, fnuz with Inf. */
static const char *const extra_specs[] = {
    "e3m2:nosub",
    "e3m3:nosub:finite:nans=0",
    "e4m2:unsigned",
    "e4m3:unsigned:finite:nans=2",
    "e5m0",
    "e3m1:bias=-2",
    "e4m3:bias=9:nonegzero:nans=0",
    "e2m2:nosub:nozero:finite:nans=1",
    "e6m4:bias=40",
};

typedef enum { IN_F64, IN_F32, IN_F16, IN_BF16 } in_kind;
static const char *const in_name[] = {"f64", "f32", "f16", "bf16"};

typedef struct ctx {
    ref_format R;
    ref_format r16, rbf16; /* independent decoders for binary16 / bfloat16 inputs */
    tu_log log;
    uint64_t tie_checks;
} ctx;

/* Expected result for one input value (finite nonzero x given its bracket). */
static ref_expect expect_finite(const ref_format *R, const mref_bracket *b, bool neg,
                                exmy_round r, exmy_sat s)
{
    int64_t c;
    if (b->beyond)
        c = (int64_t)R->cmax + 1;
    else if (b->exact)
        c = b->lo;
    else
        c = ref_choose(R, r, neg, b->lo, b->cmp_mid);
    return ref_finish(R, r, s, neg, c);
}

static exmy_status call(const exmy_format *f, in_kind k, double x, uint32_t bits,
                        const exmy_opts *o, uint32_t *code, unsigned *flags)
{
    switch (k) {
    case IN_F64:
        return exmy_from_f64(f, x, o, 0, code, flags);
    case IN_F32:
        return exmy_from_f32(f, (float)x, o, 0, code, flags);
    case IN_F16:
        return exmy_from_f16bits(f, (uint16_t)bits, o, 0, code, flags);
    case IN_BF16:
        return exmy_from_bf16bits(f, (uint16_t)bits, o, 0, code, flags);
    }
    return EXMY_EINVAL;
}

typedef enum { V_FINITE, V_ZERO, V_INF, V_NAN } vkind;

/* Check one input (value x, or bit pattern `bits` for f16/bf16) of kind k in
 * all 24 mode pairs. b is the bracket of |x| for finite nonzero x. */
static void check_input(ctx *C, in_kind k, vkind vk, double x, uint32_t bits,
                        const mref_bracket *b)
{
    const ref_format *R = &C->R;
    bool neg = signbit(x) != 0;
    for (int ri = 0; ri < 6; ri++) {
        for (int si = 0; si < 4; si++) {
            exmy_round r = tu_det_rounds[ri];
            exmy_sat s = tu_sats[si];
            ref_expect e;
            switch (vk) {
            case V_ZERO: e = ref_zero_input(R, neg); break;
            case V_INF: e = ref_inf_input(R, r, s, neg); break;
            case V_NAN: e = ref_nan_input(R, neg); break;
            default: e = expect_finite(R, b, neg, r, s); break;
            }
            exmy_opts o = {r, s, 0};
            uint32_t code = 0xdeadbeef;
            unsigned flags = 0;
            exmy_status st = call(&R->f, k, x, bits, &o, &code, &flags);
            C->log.checked++;
            char ml[96];
            if (st != e.st || (st == EXMY_OK && code != e.code)) {
                tu_fail(&C->log,
                        "%s input %s %a (bits 0x%llx): got status %d code 0x%x, expected "
                        "status %d code 0x%x (MPFR z=%a a=%a lo=%lld exact=%d beyond=%d mid%+d)",
                        ref_mode_label(R, r, s, ml, sizeof ml), in_name[k], x,
                        (unsigned long long)(k >= IN_F16 ? bits : k == IN_F32
                                                               ? tu_f32_bits((float)x)
                                                               : tu_f64_bits(x)),
                        st, code, e.st, e.code, b ? b->z : 0.0, b ? b->a : 0.0,
                        b ? (long long)b->lo : 0LL, b ? b->exact : 0, b ? b->beyond : 0,
                        b ? b->cmp_mid : 0);
                continue;
            }
            /* Flags of finite inputs whose result is a value (not NaN). */
            bool e_nan = R->has_nan && (e.code == R->nan_pos || e.code == R->nan_neg);
            if (vk == V_FINITE && st == EXMY_OK && !(neg && !R->s) && !e_nan) {
                bool inexact = b->beyond || !b->exact;
                bool ovf = e.overflow;
                bool unf = inexact && fabs(x) < R->min_normal;
                unsigned want = (inexact ? EXMY_FLAG_INEXACT : 0) |
                                (ovf ? EXMY_FLAG_OVERFLOW : 0) |
                                (unf ? EXMY_FLAG_UNDERFLOW : 0);
                if (flags != want)
                    tu_fail(&C->log, "%s input %s %a: flags 0x%x, expected 0x%x",
                            ref_mode_label(R, r, s, ml, sizeof ml), in_name[k], x, flags, want);
            }
            /* MPFR's own RNDN agrees with the tie rule derived from RNDZ/RNDA. */
            if (vk == V_FINITE && r == EXMY_RNE && si == 0 && k == IN_F64 && !isnan(b->rndn)) {
                int64_t c = b->exact ? b->lo : ref_choose(R, EXMY_RNE, neg, b->lo, b->cmp_mid);
                C->tie_checks++;
                if (c > (int64_t)R->cmax || R->mag[c] != b->rndn)
                    tu_fail(&C->log, "%s: oracle self-check: MPFR RNDN %a but RNDZ/RNDA rule "
                                     "picks code %lld for %a",
                            R->label, b->rndn, (long long)c, x);
            }
        }
    }
}

/* A finite binary64 input of either sign, through f64 and (if exact) f32. */
static void check_value(ctx *C, double x)
{
    if (x == 0) {
        check_input(C, IN_F64, V_ZERO, x, 0, NULL);
        check_input(C, IN_F32, V_ZERO, x, 0, NULL);
        return;
    }
    if (isinf(x) || isnan(x)) {
        check_input(C, IN_F64, isinf(x) ? V_INF : V_NAN, x, 0, NULL);
        check_input(C, IN_F32, isinf(x) ? V_INF : V_NAN, x, 0, NULL);
        return;
    }
    mref_bracket b;
    mref_bracket_of(&C->R, x, &b);
    if (!b.ok) {
        tu_fail(&C->log, "oracle: %s (input %a)", b.err, x);
        return;
    }
    bool f32 = (double)(float)x == x;
    for (int sg = 0; sg < 2; sg++) {
        double y = sg ? -x : x;
        check_input(C, IN_F64, V_FINITE, y, 0, &b);
        if (f32)
            check_input(C, IN_F32, V_FINITE, y, 0, &b);
    }
}

/* A value and its neighbours one binary64 / binary32 ulp away. */
static void check_point(ctx *C, double t)
{
    check_value(C, t);
    check_value(C, nextafter(t, 0));
    check_value(C, nextafter(t, INFINITY));
    if (isfinite(t) && (double)(float)t == t) {
        check_value(C, (double)nextafterf((float)t, 0));
        check_value(C, (double)nextafterf((float)t, INFINITY));
    }
}

/* Every binary16 or bfloat16 pattern, decoded by the independent model. */
static void check_16bit_inputs(ctx *C, const ref_format *src, in_kind k)
{
    for (uint32_t bits = 0; bits < 65536; bits++) {
        uint32_t mag = bits & 0x7fff;
        bool neg = (bits >> 15) & 1;
        if (mag > src->cmax) {
            vkind vk = mag == src->inf_mag ? V_INF : V_NAN;
            check_input(C, k, vk, neg ? -(double)INFINITY : (double)INFINITY, bits, NULL);
            continue;
        }
        double v = src->mag[mag];
        double x = neg ? -v : v;
        if (v == 0) {
            check_input(C, k, V_ZERO, x, bits, NULL);
            continue;
        }
        mref_bracket b;
        mref_bracket_of(&C->R, v, &b);
        if (!b.ok) {
            tu_fail(&C->log, "oracle: %s (input %a)", b.err, x);
            continue;
        }
        check_input(C, k, V_FINITE, x, bits, &b);
    }
}

static uint64_t check_format(const exmy_format *f, unsigned idx)
{
    ctx C;
    memset(&C, 0, sizeof C);
    ck_assert(ref_init(&C.R, f));
    exmy_format h = tu_format("binary16"), bf = tu_format("bfloat16");
    ck_assert(ref_init(&C.r16, &h));
    ck_assert(ref_init(&C.rbf16, &bf));
    char what[96];
    snprintf(what, sizeof what, "mpfr oracle %s", C.R.label);
    tu_log_init(&C.log, what, 12);
    const ref_format *R = &C.R;

    /* Specials. */
    check_value(&C, 0.0);
    check_value(&C, -0.0);
    check_value(&C, INFINITY);
    check_value(&C, -INFINITY);
    check_value(&C, NAN);
    check_value(&C, -NAN);
    check_value(&C, tu_f64_from_bits(UINT64_C(0x7ff0000000000001))); /* signalling NaN pattern */
    /* Landmarks far outside and inside the range. */
    const double marks[] = {DBL_MAX, DBL_MIN, DBL_TRUE_MIN, FLT_MAX, FLT_MIN, FLT_TRUE_MIN,
                            1.0, 3.0, 0.1, 1e300, 1e-300};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        check_point(&C, marks[i]);
    check_point(&C, ldexp(1.0, R->emax + 2));
    check_point(&C, R->first_pos * 0.25);
    check_point(&C, R->first_pos * 0.5);
    check_point(&C, R->first_pos * 0.75);
    check_point(&C, R->succ * 2);
    /* Every value (with succ), every midpoint. */
    for (uint32_t c = 0; c <= R->cmax + 1; c++) {
        check_point(&C, R->mag[c]);
        if (c <= R->cmax)
            check_point(&C, R->mag[c] + (R->mag[c + 1] - R->mag[c]) / 2);
    }
    if (!R->has_zero)
        check_point(&C, R->mag[0] / 2);
    /* Every binary16 and bfloat16 pattern. */
    check_16bit_inputs(&C, &C.r16, IN_F16);
    check_16bit_inputs(&C, &C.rbf16, IN_BF16);
    /* Random binary64, seeded per format: 90% with exponents within (and
     * just beyond) the format's range, 10% anywhere. */
    tu_rng rng = {UINT64_C(0x5eed0000) + idx};
    int elo = ilogb(R->first_pos) - 4, ehi = R->emax + 3;
    for (int i = 0; i < 100000; i++) {
        uint64_t u = tu_next(&rng);
        int e;
        if (u % 10 != 0)
            e = elo + (int)(tu_next(&rng) % (uint64_t)(ehi - elo + 1));
        else
            e = -1074 + (int)(tu_next(&rng) % 2098);
        /* Short mantissas hit midpoints and values more often. */
        uint64_t m = tu_next(&rng) >> 12;
        if ((u >> 8) % 4 == 0)
            m &= ~((UINT64_C(1) << (52 - (u >> 16) % 12)) - 1);
        double x = ldexp(1.0 + (double)m * 0x1p-52, e);
        if (x == 0 || isinf(x))
            continue;
        check_value(&C, x);
    }
    fprintf(stderr, "%s: %llu checks, %llu RNDN cross-checks, %llu mismatches\n", C.R.label,
            (unsigned long long)C.log.checked, (unsigned long long)C.tie_checks,
            (unsigned long long)C.log.n);
    ref_free(&C.R);
    ref_free(&C.r16);
    ref_free(&C.rbf16);
    mref_cleanup();
    return C.log.n;
}

START_TEST(test_oracle)
{
    const exmy_catalogue *cat = tu_catalogue();
    unsigned idx = 0, done = 0;
    uint64_t bad = 0, badfmt = 0;
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        if (f->bits > 16)
            continue;
        if ((long)(idx++ % (unsigned)nshards) == shard) {
            uint64_t n = check_format(f, idx);
            bad += n;
            badfmt += n != 0;
            done++;
        }
    }
    for (size_t i = 0; i < sizeof extra_specs / sizeof extra_specs[0]; i++) {
        if ((long)(idx++ % (unsigned)nshards) == shard) {
            exmy_format f = tu_format(extra_specs[i]);
            uint64_t n = check_format(&f, idx);
            bad += n;
            badfmt += n != 0;
            done++;
        }
    }
    ck_assert_msg(bad == 0, "%llu mismatches in %llu formats (see above)",
                  (unsigned long long)bad, (unsigned long long)badfmt);
    ck_assert_msg(done > 0 || shard >= (long)idx, "shard %ld of %ld had no format", shard,
                  nshards);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc == 3) {
        shard = tu_atol(argv[1]);
        nshards = tu_atol(argv[2]);
    }
    Suite *s = suite_create("mpfr_oracle");
    TCase *tc = tcase_create("oracle");
    tcase_set_timeout(tc, 3600);
    tcase_add_test(tc, test_oracle);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
