/* SNR of block-scaled formats (include/exmy_snr.h, src/snr/snr_block.c): the
 * exact method against the sampled one (within 4 standard errors; MXFP8,
 * MXFP6, MXFP4, MXINT8's element, the three power-of-two rules), the
 * exact method where every block's scale is clamped (it must then equal the
 * plain format's exact SNR at the shifted sigma: the telescoping sum of the
 * derivation collapses), and the sampled method against a model written
 * here from OCP MX v1.0 §6.3 (X = 2^(floor(log2 amax) - emax_elem)) and the
 * NVFP4 two-level scale, element by element through the scalar core. The
 * block formats are spelled out here (not from the catalogue): the test
 * pins the analysis, not the catalogue's data. */
#include "snr_internal.h"
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const exmy_dist NORMAL = {EXMY_DIST_NORMAL, 0, NULL, 0};

static exmy_block_format mx(const char *elem, unsigned block, exmy_scale_rule rule)
{
    exmy_block_format bf;
    memset(&bf, 0, sizeof bf);
    bf.kind = EXMY_ELEM_FLOAT;
    bf.elem = tu_format(elem);
    bf.scale = tu_format("e8m0fnu");
    bf.block = block;
    bf.rule = rule;
    return bf;
}

static exmy_block_format nvfp4(void)
{
    exmy_block_format bf = mx("e2m1fn", 16, EXMY_SCALE_DIV);
    bf.scale = tu_format("e4m3fn");
    bf.tensor_scale = true;
    return bf;
}

static exmy_opts rne(void)
{
    exmy_opts o;
    memset(&o, 0, sizeof o);
    o.round = EXMY_RNE;
    o.sat = EXMY_SATFINITE;
    return o;
}

static exmy_snr_point exact_block(const exmy_block_format *bf, const exmy_opts *o, double sigma)
{
    exmy_snr_block_exact *t;
    ck_assert_int_eq(exmy_snr_block_exact_new(bf, o, &t), EXMY_OK);
    exmy_snr_point p;
    ck_assert_int_eq(exmy_snr_block_exact_eval(t, &NORMAL, sigma, &p), EXMY_OK);
    exmy_snr_block_exact_free(t);
    return p;
}

/* Exact within 4 standard errors of sampled: MXFP8, MXFP4, and the CEIL and
 * EVEN rules, at a few sigma (in the plateau and where the elements reach
 * the subnormals of the scale's smallest step). */
START_TEST(exact_within_4se_of_sampled)
{
    struct {
        const char *elem;
        unsigned block;
        exmy_scale_rule rule;
    } cases[] = {
        {"e4m3fn", 32, EXMY_SCALE_FLOOR},
        {"e2m1fn", 32, EXMY_SCALE_FLOOR},
        {"e5m2", 32, EXMY_SCALE_FLOOR},
        {"e3m2fn", 16, EXMY_SCALE_CEIL},
        {"e2m1fn", 8, EXMY_SCALE_EVEN},
        {"e4m3fn", 1, EXMY_SCALE_FLOOR},
        {"e1m6:bias=1:finite:nans=0", 32, EXMY_SCALE_FLOOR}, /* MXINT8's stand-in */
    };
    static const double sigmas[] = {0x1p-20, 0.75, 0x1p9};
    exmy_snr_sampler *s;
    ck_assert_int_eq(exmy_snr_sampler_new(&NORMAL, 1u << 16, 7, &s), EXMY_OK);
    exmy_opts o = rne();
    double worst = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        exmy_block_format bf = mx(cases[c].elem, cases[c].block, cases[c].rule);
        for (size_t i = 0; i < 3; i++) {
            exmy_snr_point e = exact_block(&bf, &o, sigmas[i]), m;
            ck_assert_int_eq(exmy_snr_block_sampled_eval(s, &bf, &o, sigmas[i], &m), EXMY_OK);
            double z = (m.snr_db - e.snr_db) / m.stderr_db;
            worst = fmax(worst, fabs(z));
            ck_assert_msg(fabs(z) < 4 && m.stderr_db > 0,
                          "%s/%u rule %d sigma %a: exact %.6f dB (%a), sampled %.6f +- %.6f dB "
                          "(%.2f SE)",
                          cases[c].elem, cases[c].block, (int)cases[c].rule, sigmas[i], e.snr_db,
                          e.noise, m.snr_db, m.stderr_db, z);
            ck_assert_msg(e.err_bound < 1e-9, "err_bound %g", e.err_bound);
            ck_assert(fabs(e.signal - 1) < 1e-12 && e.p_overflow == 0);
        }
    }
    fprintf(stderr, "block exact vs sampled: worst |z| = %.2f SE\n", worst);
    exmy_snr_sampler_free(s);
}
END_TEST

/* sigma = 2^-130: every block's amax (< 40 sigma < 2^-124) gives a FLOOR
 * scale below 2^-127, so every scale clamps to E8M0's smallest, 2^-127: the
 * block format is the plain element format at sigma 2^127 sigma = 2^-3. */
START_TEST(scale_clamped_at_e8m0_min_equals_plain)
{
    exmy_opts o = rne();
    static const char *elems[] = {"e4m3fn", "e2m1fn", "e5m2"};
    for (size_t i = 0; i < 3; i++) {
        exmy_block_format bf = mx(elems[i], 32, EXMY_SCALE_FLOOR);
        exmy_snr_point b = exact_block(&bf, &o, 0x1p-130);
        exmy_snr_exact *t;
        ck_assert_int_eq(exmy_snr_exact_new(&bf.elem, &o, &t), EXMY_OK);
        exmy_snr_point p;
        ck_assert_int_eq(exmy_snr_exact_eval(t, &NORMAL, 0x1p-3, &p), EXMY_OK);
        exmy_snr_exact_free(t);
        ck_assert_msg(fabs(b.noise / p.noise - 1) < 1e-10, "%s: block %a plain %a", elems[i],
                      b.noise, p.noise);
    }
}
END_TEST

/* The model: OCP MX v1.0 §6.3 X = 2^(floor(log2 amax) - emax) (frexp gives
 * floor(log2) + 1 exactly), clamped to [2^-127, 2^127]; NVFP4: T = binary32
 * of amax_tensor / (6 * 448), X = UE4M3(amax / 6 / T) rounded to nearest
 * even, saturating; elements by exmy_from_f64 of x / (X T). */
static double model_noise(const exmy_block_format *bf, const double *z, size_t n, double sigma)
{
    exmy_opts o = rne();
    exmy_format_info ei;
    ck_assert_int_eq(exmy_format_get_info(&bf->elem, &ei), EXMY_OK);
    double T = 1;
    if (bf->tensor_scale) {
        double amax = 0;
        for (size_t i = 0; i < n; i++)
            amax = fmax(amax, fabs(sigma * z[i]));
        T = (float)(amax / (6.0 * 448.0));
    }
    double sum = 0;
    for (size_t j0 = 0; j0 < n; j0 += bf->block) {
        size_t len = n - j0 < bf->block ? n - j0 : bf->block;
        double amax = 0;
        for (size_t j = j0; j < j0 + len; j++)
            amax = fmax(amax, fabs(sigma * z[j]));
        double X;
        if (bf->rule == EXMY_SCALE_FLOOR) {
            int e;
            frexp(amax, &e);
            X = fmin(fmax(ldexp(1, e - 1 - ei.emax), 0x1p-127), 0x1p127);
        } else {
            uint32_t code;
            ck_assert_int_eq(exmy_from_f64(&bf->scale, amax / 6.0 / T, &o, 0, &code, NULL),
                             EXMY_OK);
            X = exmy_to_f64(&bf->scale, code);
            if (X == 0)
                X = 0x1p-9;
        }
        for (size_t j = j0; j < j0 + len; j++) {
            double x = sigma * z[j];
            uint32_t code;
            ck_assert_int_eq(exmy_from_f64(&bf->elem, x / (X * T), &o, 0, &code, NULL), EXMY_OK);
            double e = (x - exmy_to_f64(&bf->elem, code) * X * T) / sigma;
            sum += e * e;
        }
    }
    return sum / (double)n;
}

/* Block sizes that do not divide the sampler's chunk, a sample count that is
 * not a multiple of the block (a short last block), and NVFP4's two levels. */
START_TEST(sampled_equals_model_per_block)
{
    exmy_snr_sampler *s;
    const size_t n = 10007;
    ck_assert_int_eq(exmy_snr_sampler_new(&NORMAL, n, 3, &s), EXMY_OK);
    const double *z = exmy_snr_sampler_data(s);
    exmy_block_format fmts[] = {mx("e4m3fn", 32, EXMY_SCALE_FLOOR),
                                mx("e2m1fn", 48, EXMY_SCALE_FLOOR), nvfp4()};
    static const double sigmas[] = {0x1p-30, 1.0, 3e5};
    exmy_opts o = rne();
    for (size_t f = 0; f < 3; f++)
        for (size_t i = 0; i < 3; i++) {
            exmy_snr_point p;
            ck_assert_int_eq(exmy_snr_block_sampled_eval(s, &fmts[f], &o, sigmas[i], &p), EXMY_OK);
            double want = model_noise(&fmts[f], z, n, sigmas[i]);
            ck_assert_msg(fabs(p.noise / want - 1) < 1e-12, "format %zu sigma %a: %a vs model %a",
                          f, sigmas[i], p.noise, want);
            ck_assert(p.n == n);
        }
    exmy_snr_sampler_free(s);
}
END_TEST

/* Per-block scaling makes the SNR independent of sigma (the point of it):
 * for MXFP8 the sampled SNR over sigma = 2^-40 .. 2^40 moves by less than
 * the sampling noise, while one scale per tensor (plain e4m3fn) falls off. */
START_TEST(block_snr_flat_over_sigma)
{
    exmy_snr_sampler *s;
    ck_assert_int_eq(exmy_snr_sampler_new(&NORMAL, 1u << 14, 11, &s), EXMY_OK);
    exmy_block_format bf = mx("e4m3fn", 32, EXMY_SCALE_FLOOR);
    exmy_opts o = rne();
    exmy_snr_point p0;
    ck_assert_int_eq(exmy_snr_block_sampled_eval(s, &bf, &o, 1.0, &p0), EXMY_OK);
    for (int k = -40; k <= 40; k += 8) {
        exmy_snr_point p;
        ck_assert_int_eq(exmy_snr_block_sampled_eval(s, &bf, &o, ldexp(1, k), &p), EXMY_OK);
        /* Same samples, power-of-two sigma: the blocks scale exactly. */
        ck_assert_msg(p.snr_db == p0.snr_db, "2^%d: %.17g vs %.17g", k, p.snr_db, p0.snr_db);
    }
    exmy_snr_sampler_free(s);
}
END_TEST

/* The library's block quantiser (exmy_block_fake_quantize, one row of n
 * values, short tail) and the SNR's own block loop give the same noise. */
START_TEST(sampled_equals_block_fake_quantize)
{
    exmy_snr_sampler *s;
    const size_t n = 10007;
    ck_assert_int_eq(exmy_snr_sampler_new(&NORMAL, n, 5, &s), EXMY_OK);
    const double *z = exmy_snr_sampler_data(s);
    exmy_block_format fmts[] = {mx("e4m3fn", 32, EXMY_SCALE_FLOOR),
                                mx("e2m1fn", 32, EXMY_SCALE_CEIL), nvfp4()};
    double *x = malloc(n * sizeof *x), *q = malloc(n * sizeof *q);
    ck_assert(x && q);
    exmy_opts o = rne();
    for (size_t f = 0; f < 3; f++)
        for (double sigma = 0x1p-12; sigma < 0x1p13; sigma *= 37.0) {
            for (size_t i = 0; i < n; i++)
                x[i] = sigma * z[i];
            exmy_block_opts bo;
            memset(&bo, 0, sizeof bo);
            bo.elem.conv = o;
            bo.tail = EXMY_TAIL_SHORT;
            ck_assert_int_eq(exmy_block_fake_quantize(&fmts[f], EXMY_TYPE_F64, x, q, 1, n, &bo),
                             EXMY_OK);
            double sum = 0;
            for (size_t i = 0; i < n; i++) {
                double e = (x[i] - q[i]) / sigma;
                sum += e * e;
            }
            exmy_snr_point p;
            ck_assert_int_eq(exmy_snr_block_sampled_eval(s, &fmts[f], &o, sigma, &p), EXMY_OK);
            ck_assert_msg(fabs(p.noise / (sum / (double)n) - 1) < 1e-12,
                          "format %zu sigma %a: %a vs exmy_block_fake_quantize %a", f, sigma,
                          p.noise, sum / (double)n);
        }
    free(x);
    free(q);
    exmy_snr_sampler_free(s);
}
END_TEST

START_TEST(exact_refuses_what_it_cannot_do)
{
    exmy_opts o = rne();
    exmy_block_format nv = nvfp4();
    exmy_snr_block_exact *t = NULL;
    ck_assert_int_eq(exmy_snr_block_exact_new(&nv, &o, &t), EXMY_EINVAL);
    ck_assert(t == NULL);
    exmy_block_format bf = mx("e4m3fn", 32, EXMY_SCALE_FLOOR);
    exmy_opts sr = o;
    sr.round = EXMY_SR_A;
    sr.sr_bits = 8;
    ck_assert_int_eq(exmy_snr_block_exact_new(&bf, &sr, &t), EXMY_EINVAL);
    ck_assert(!exmy_snr_block_has_exact(&bf, &o, EXMY_DIST_STUDENT_T));
    ck_assert(exmy_snr_block_has_exact(&bf, &o, EXMY_DIST_NORMAL));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("snr_block");
    TCase *tc = tcase_create("block");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, exact_within_4se_of_sampled);
    tcase_add_test(tc, scale_clamped_at_e8m0_min_equals_plain);
    tcase_add_test(tc, sampled_equals_model_per_block);
    tcase_add_test(tc, block_snr_flat_over_sigma);
    tcase_add_test(tc, sampled_equals_block_fake_quantize);
    tcase_add_test(tc, exact_refuses_what_it_cannot_do);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
