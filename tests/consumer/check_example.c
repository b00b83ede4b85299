/* exmy as the oracle of a kernel's unit test, as a project outside exmy
 * writes it (issue 13 §3): the kernel converts exmy's boundary inputs, and
 * exmy_check_array judges its codes, in three lines of the test. .ci/run
 * builds it against the installed library through pkg-config (shared and
 * static) and in a meson project that takes exmy as a subproject; it uses
 * the Check framework (pkg-config `check`).
 *
 * The "kernel" is what such a project would have: a binary32 -> FP8 E4M3
 * converter written from the OCP OFP8 specification (v1.0, §4.1: bias 7, no
 * infinities, S.1111.111 the only NaN, 448 = S.1111.110 the largest finite
 * value), rounding to nearest even with saturation to +-448, NaN -> 0x7f
 * whatever its sign, as CUDA's __nv_cvt_float_to_fp8(x, __NV_SATFINITE,
 * __NV_E4M3) does; so it is judged against exmy's profile of that intrinsic,
 * "cuda-e4m3-satfinite". */
#include <exmy.h>

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the kernel */

/* One element. ties_away breaks it on purpose (ties away from zero instead
 * of to even), so that the test can show exmy catches it. */
static uint8_t kernel_e4m3(float xf, int ties_away)
{
    uint32_t x;
    memcpy(&x, &xf, sizeof x);
    uint8_t sign = (uint8_t)((x >> 24) & 0x80);
    uint32_t mag = x & 0x7fffffffu;
    if (mag > 0x7f800000u)
        return 0x7f; /* NaN: CUDA writes 0x7f for either sign */
    if (mag == 0x7f800000u)
        return (uint8_t)(sign | 0x7e); /* satfinite: +-Inf -> +-448 */
    int e = (int)(mag >> 23);          /* binary32 biased exponent */
    if (e == 0)
        return sign; /* binary32 subnormals are far below half of 2^-9: +-0 */
    /* |x| = sig * 2^(e - 150) with a 24-bit significand. */
    uint32_t sig = (mag & 0x7fffffu) | 0x800000u;
    int te = e - 127 + 7; /* E4M3's biased exponent of |x| */
    uint32_t base;
    int shift;
    if (te >= 1) {
        /* Normal: keep the leading bit and 3 fraction bits; q = 8..15 (16
         * after rounding up) adds the leading bit into the exponent field,
         * so a carry out of the fraction moves to the next binade. */
        base = (uint32_t)(te - 1) << 3;
        shift = 20;
    } else {
        /* Subnormal: q counts units of 2^-9, |x| / 2^-9 = sig * 2^(e - 141). */
        base = 0;
        shift = 21 - te;
        if (shift > 25)
            return sign; /* |x| < 2^-11: below half of 2^-9, rounds to +-0 */
    }
    uint32_t q = sig >> shift;
    uint32_t rem = sig & ((1u << shift) - 1);
    uint32_t half = 1u << (shift - 1);
    if (rem > half || (rem == half && (ties_away || (q & 1))))
        q++;
    uint32_t code = base + q;
    if (code > 0x7e)
        code = 0x7e; /* satfinite: past 448 (0x7f would be the NaN) */
    return (uint8_t)(sign | code);
}

static void kernel_e4m3_array(const float *in, uint8_t *out, size_t n, int ties_away)
{
    for (size_t i = 0; i < n; i++)
        out[i] = kernel_e4m3(in[i], ties_away);
}

/* ------------------------------------------------- exmy's inputs, once */

static exmy_catalogue *cat;
static const exmy_profile *prof;
static float *in;
static uint8_t *got;
static size_t n;

static void setup(void)
{
    ck_assert_int_eq(exmy_catalogue_builtin(&cat), EXMY_OK);
    prof = exmy_catalogue_find_profile(cat, "cuda-e4m3-satfinite");
    ck_assert_ptr_nonnull(prof);
    /* Size the boundary set, then fill it. */
    ck_assert_int_eq(exmy_vectors_boundary(prof, EXMY_TYPE_F32, 0, NULL, 0, &n), EXMY_OK);
    ck_assert_uint_gt(n, 0);
    in = malloc(n * sizeof *in);
    got = malloc(n);
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(got);
    size_t n2;
    ck_assert_int_eq(exmy_vectors_boundary(prof, EXMY_TYPE_F32, 0, in, n, &n2), EXMY_OK);
    ck_assert_uint_eq(n2, n);
}

static void teardown(void)
{
    free(got);
    free(in);
    exmy_catalogue_free(cat);
}

/* ------------------------------------------------------------- the tests */

/* The kernel's codes for every boundary input are the intrinsic's. */
START_TEST(kernel_matches_cuda_e4m3_satfinite)
{
    kernel_e4m3_array(in, got, n, 0);

    /* The three lines a kernel test needs: */
    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(prof, EXMY_TYPE_F32, in, got, n, NULL, &res), EXMY_OK);
    if (res.mismatches) { char line[512]; exmy_check_summary(prof, EXMY_TYPE_F32, &res, line, sizeof line); ck_abort_msg("%s", line); }

    /* Every element was judged, and the set reached every class of input
     * (the boundary set's promise), so the match above is not vacuous. */
    ck_assert_uint_eq(res.total, n);
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++)
        ck_assert_msg(res.count[c] > 0, "no boundary input of class %s",
                      exmy_check_class_name((exmy_check_class)c));
    char line[512];
    exmy_check_summary(prof, EXMY_TYPE_F32, &res, line, sizeof line);
    printf("check_example: cuda-e4m3-satfinite: %s\n", line);
}
END_TEST

/* A kernel that rounds ties away from zero is caught, and the report names
 * ties: the test above can fail. */
START_TEST(ties_away_kernel_is_caught)
{
    kernel_e4m3_array(in, got, n, 1);

    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(prof, EXMY_TYPE_F32, in, got, n, NULL, &res), EXMY_OK);
    char line[512];
    exmy_check_summary(prof, EXMY_TYPE_F32, &res, line, sizeof line);
    printf("check_example: a ties-away kernel: %s\n", line);

    ck_assert_uint_gt(res.mismatches, 0);
    ck_assert_uint_gt(res.mismatch[EXMY_CHECK_TIE], 0);
    ck_assert_ptr_nonnull(strstr(line, "tie"));
    /* Ties away differs from ties to even at ties only: never where the
     * input is exact, an infinity, a NaN or -0, and never past the largest
     * finite value (both round 464 to 448 under saturation). */
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_EXACT], 0);
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_INEXACT], 0);
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_OVERFLOW], 0);
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_INF_IN], 0);
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_NAN_IN], 0);
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_NEGZERO], 0);
    /* Each mismatch is a tie the broken kernel rounded one code up in
     * magnitude: the same sign, the magnitude one more than exmy's. */
    ck_assert_uint_gt(res.kept, 0);
    for (size_t i = 0; i < res.kept && i < EXMY_CHECK_KEEP; i++) {
        const exmy_check_mismatch *m = &res.first[i];
        ck_assert_msg((m->got & 0x80) == (m->expected & 0x80) &&
                          (m->got & 0x7f) == (m->expected & 0x7f) + 1,
                      "element %llu: input 0x%08llx, exmy 0x%02x, the kernel 0x%02x",
                      (unsigned long long)m->index, (unsigned long long)m->xbits,
                      (unsigned)m->expected, (unsigned)m->got);
    }
}
END_TEST

/* The same kernel judged against the plain format e4m3fn (rne, satfinite)
 * instead of the intrinsic's profile: the format's NaN keeps the input's
 * sign, the kernel writes 0x7f for every NaN, so exactly the negative NaN
 * inputs differ, all in class nan. Why a kernel test takes the profile of
 * what it implements. */
START_TEST(plain_format_differs_at_negative_nans)
{
    exmy_format f;
    char why[200];
    ck_assert_msg(exmy_format_parse(cat, "e4m3fn", &f, why, sizeof why) == EXMY_OK, "%s", why);
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_profile fp;
    ck_assert_int_eq(exmy_profile_from_format(&f, &o, &fp), EXMY_OK);

    kernel_e4m3_array(in, got, n, 0);
    exmy_check_result res = {0};
    ck_assert_int_eq(exmy_check_array(&fp, EXMY_TYPE_F32, in, got, n, NULL, &res), EXMY_OK);

    /* Counted from the inputs themselves, not from exmy. */
    uint64_t neg_nans = 0;
    for (size_t i = 0; i < n; i++)
        neg_nans += isnan(in[i]) && signbit(in[i]);
    ck_assert_uint_gt(neg_nans, 0);
    ck_assert_uint_eq(res.mismatches, neg_nans);
    ck_assert_uint_eq(res.mismatch[EXMY_CHECK_NAN_IN], neg_nans);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("check_example");
    TCase *tc = tcase_create("cuda_e4m3_satfinite");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, kernel_matches_cuda_e4m3_satfinite);
    tcase_add_test(tc, ties_away_kernel_is_caught);
    tcase_add_test(tc, plain_format_differs_at_negative_nans);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
