/* Every public entry point that takes a format descriptor, fed one invalid
 * descriptor per rule of exmy_format_validate (exmy.h): each must answer
 * EXMY_EFORMAT (EXMY_EINVAL for NULL), or the documented safe result where it
 * cannot return a status, and write nothing. Built to run under ASan/UBSan:
 * a rule the entry points skip shows up as a wrong status here, or as
 * undefined behaviour (a shift by 2^k - 1000, an index past a table). */
#include "exmy.h"
#include "exmy_snr.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A valid e4m3fn, and one broken copy per rule. */
static const exmy_format good = {8, 4, 7, true, EXMY_FINITE, true, 1, true, true, "e4m3fn"};

typedef struct bad_case {
    const char *rule;
    exmy_format f;
} bad_case;

static bad_case cases[32];
static size_t ncases;

static void add(const char *rule, exmy_format f)
{
    ck_assert(ncases < sizeof cases / sizeof cases[0]);
    cases[ncases].rule = rule;
    cases[ncases].f = f;
    ncases++;
}

static void build_cases(void)
{
    ncases = 0;
    exmy_format f;
    f = good, f.bits = 0, add("bits_0", f);
    f = good, f.bits = 33, add("bits_33", f);
    f = good, f.bits = 0xffffffffu, add("bits_uint_max", f);
    f = good, f.precision = 0, add("precision_0", f);
    f = good, f.precision = 8, add("no_exponent_bits_signed", f); /* 1 + 7 = 8 */
    f = good, f.is_signed = false, f.negzero = false, f.precision = 9,
    add("no_exponent_bits_unsigned", f);
    f = good, f.precision = 0xffffffffu, add("precision_uint_max", f);
    f = good, f.bias = 1 << 20, add("bias_at_limit", f);
    f = good, f.bias = -(1 << 20), add("bias_at_minus_limit", f);
    f = good, f.domain = (exmy_domain)7, add("domain_7", f);
    f = good, f.domain = (exmy_domain)-1, add("domain_minus_1", f);
    f = good, f.is_signed = false, add("unsigned_with_negzero", f);
    f = good, f.has_zero = false, add("nozero_with_subnormals", f);
    f = good, f.high_nans = 1000, add("high_nans_1000", f);
    f = good, f.high_nans = 127, add("high_nans_all_magnitudes", f);
    f = good, f.high_nans = 126, f.domain = EXMY_EXTENDED, add("high_nans_plus_inf_leave_zero_only", f);
    f = good, f.bits = 32, f.precision = 1, f.is_signed = false, f.negzero = false,
    f.high_nans = 0xffffffffu, add("high_nans_uint_max_32_bits", f);
    /* e8m3 with bias -900: max finite 1.875 * 2^(254 + 900) */
    f = good, f.bits = 12, f.bias = -900, f.high_nans = 1, add("max_beyond_binary64", f);
    /* e8m3 with bias 1100: min subnormal 2^(1 - 1100 - 3) */
    f = good, f.bits = 12, f.bias = 1100, add("min_below_binary64", f);
    /* without subnormals the lowest binade is normal: 2^(-1075) still too small */
    f = good, f.bits = 12, f.bias = 1075, f.subnormals = false, add("min_below_binary64_nosub", f);
}

static const exmy_opts rne = {EXMY_RNE, EXMY_SATFINITE, 0};

#define EXPECT(call, want)                                                                      \
    do {                                                                                        \
        exmy_status st_ = (call);                                                               \
        if (st_ != (want))                                                                      \
            tu_fail(&log, "%s: %s gave %d (%s), expected %s", c->rule, #call, st_,              \
                    exmy_strerror(st_), exmy_strerror(want));                                   \
    } while (0)

START_TEST(test_each_rule_fails_validation)
{
    build_cases();
    tu_log log;
    tu_log_init(&log, "exmy_format_validate", 40);
    ck_assert_int_eq(exmy_format_validate(&good, NULL, 0), EXMY_OK);
    for (size_t i = 0; i < ncases; i++) {
        const bad_case *c = &cases[i];
        char why[200] = "";
        EXPECT(exmy_format_validate(&c->f, why, sizeof why), EXMY_EFORMAT);
        if (!why[0])
            tu_fail(&log, "%s: no reason given", c->rule);
    }
    tu_log_check(&log);
}
END_TEST

START_TEST(test_every_entry_point_rejects)
{
    build_cases();
    tu_log log;
    tu_log_init(&log, "entry points", 40);
    exmy_format e5m2 = good;
    e5m2.precision = 3, e5m2.bias = 15, e5m2.domain = EXMY_EXTENDED, e5m2.high_nans = 3;
    for (size_t i = 0; i < ncases; i++) {
        const bad_case *c = &cases[i];
        const exmy_format *f = &c->f;
        const uint32_t sentinel = 0xdeadbeefu;
        uint32_t code = sentinel;
        unsigned fl = 0;
        char buf[1200];
        exmy_format_info info;
        EXPECT(exmy_format_get_info(f, &info), EXMY_EFORMAT);
        EXPECT(exmy_format_to_string(f, buf, sizeof buf), EXMY_EFORMAT);
        size_t nv = 7;
        double vals[256];
        EXPECT(exmy_format_values(f, NULL, &nv), EXMY_EFORMAT);
        EXPECT(exmy_format_values(f, vals, &nv), EXMY_EFORMAT);
        EXPECT(exmy_from_f64(f, 1.5, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_f64(f, 0.0, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_f64(f, NAN, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_f32(f, 300.0f, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_f16bits(f, 0x3c00, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_bf16bits(f, 0x3f80, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_code(f, &e5m2, 0x3c, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_code(&e5m2, f, 0x3c, &rne, 0, &code, &fl), EXMY_EFORMAT);
        EXPECT(exmy_from_string(f, "1.5", &rne, 0, &code, &fl), EXMY_EFORMAT);
        if (code != sentinel)
            tu_fail(&log, "%s: a conversion wrote code 0x%x", c->rule, code);
        double d = 42.0;
        EXPECT(exmy_to_f64_checked(f, 0x38, &d), EXMY_EFORMAT);
        if (d != 42.0)
            tu_fail(&log, "%s: exmy_to_f64_checked wrote %a", c->rule, d);
        float v = 42.0f;
        EXPECT(exmy_to_f32(f, 0x38, &v), EXMY_EFORMAT);
        EXPECT(exmy_code_to_decimal(f, 0x38, buf, sizeof buf), EXMY_EFORMAT);
        /* The documented safe results of the calls without a status. */
        for (uint32_t cc = 0; cc < 300; cc += 37) {
            double x = exmy_to_f64(f, cc);
            if (!isnan(x))
                tu_fail(&log, "%s: exmy_to_f64(0x%x) = %a, expected NaN", c->rule, cc, x);
            exmy_class k = exmy_classify(f, cc);
            if (k != EXMY_CLASS_NAN)
                tu_fail(&log, "%s: exmy_classify(0x%x) = %s, expected nan", c->rule, cc,
                        exmy_class_name(k));
        }
        if (exmy_format_equal(f, f) || exmy_format_equal(f, &good) || exmy_format_equal(&good, f))
            tu_fail(&log, "%s: exmy_format_equal says an invalid descriptor equals something",
                    c->rule);
        /* Arrays, on every level (each sets up its kernels differently). */
        static const exmy_isa isas[] = {EXMY_ISA_AUTO, EXMY_ISA_SCALAR, EXMY_ISA_PORTABLE,
                                        EXMY_ISA_AVX2, EXMY_ISA_AVX512};
        float in[70];
        for (int j = 0; j < 70; j++)
            in[j] = (float)(j - 35) * 0.75f;
        for (size_t l = 0; l < sizeof isas / sizeof isas[0]; l++) {
            exmy_array_opts ao;
            memset(&ao, 0, sizeof ao);
            ao.conv = rne;
            ao.isa = isas[l];
            uint32_t codes[70];
            float q[70];
            double dq[70];
            memset(codes, 0x5a, sizeof codes);
            exmy_array_stats s;
            EXPECT(exmy_encode_array(f, EXMY_TYPE_F32, in, codes, 70, &ao, &s), EXMY_EFORMAT);
            EXPECT(exmy_encode_array(f, EXMY_TYPE_F32, in, codes, 0, &ao, &s), EXMY_EFORMAT);
            EXPECT(exmy_quantize_array(f, EXMY_TYPE_F32, in, q, 70, &ao, &s), EXMY_EFORMAT);
            EXPECT(exmy_decode_array(f, codes, EXMY_TYPE_F64, dq, 70, &ao, &s), EXMY_EFORMAT);
            EXPECT(exmy_decode_array(f, codes, EXMY_TYPE_F32, q, 70, NULL, NULL), EXMY_EFORMAT);
            for (int j = 0; j < 70; j++)
                if (codes[j] != 0x5a5a5a5au) {
                    tu_fail(&log, "%s %s: exmy_encode_array wrote element %d", c->rule,
                            exmy_isa_name(isas[l]), j);
                    break;
                }
        }
        /* The SNR API. */
        exmy_snr_exact *t = NULL;
        EXPECT(exmy_snr_exact_new(f, &rne, &t), EXMY_EFORMAT);
        if (t)
            exmy_snr_exact_free(t);
        exmy_dist dist;
        memset(&dist, 0, sizeof dist);
        dist.kind = EXMY_DIST_NORMAL;
        exmy_snr_sampler *sm = NULL;
        ck_assert_int_eq(exmy_snr_sampler_new(&dist, 1000, 1, &sm), EXMY_OK);
        exmy_snr_point pt;
        EXPECT(exmy_snr_sampled_eval(sm, f, &rne, 1.0, &pt), EXMY_EFORMAT);
        exmy_snr_sampler_free(sm);
    }
    tu_log_check(&log);
}
END_TEST

/* No descriptor at all: EXMY_EINVAL, or the safe result; nothing crashes. */
START_TEST(test_null_descriptor)
{
    uint32_t code = 0;
    double d;
    float v;
    char buf[64];
    size_t n;
    exmy_format_info info;
    ck_assert_int_eq(exmy_format_validate(NULL, buf, sizeof buf), EXMY_EINVAL);
    ck_assert_int_eq(exmy_format_get_info(NULL, &info), EXMY_EINVAL);
    ck_assert_int_eq(exmy_format_to_string(NULL, buf, sizeof buf), EXMY_EINVAL);
    ck_assert_int_eq(exmy_format_values(NULL, NULL, &n), EXMY_EINVAL);
    ck_assert_int_eq(exmy_from_f64(NULL, 1.0, &rne, 0, &code, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_from_code(&good, NULL, 0, &rne, 0, &code, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_from_string(NULL, "1", &rne, 0, &code, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_to_f64_checked(NULL, 0, &d), EXMY_EINVAL);
    ck_assert_int_eq(exmy_to_f32(NULL, 0, &v), EXMY_EINVAL);
    ck_assert_int_eq(exmy_code_to_decimal(NULL, 0, buf, sizeof buf), EXMY_EINVAL);
    ck_assert(isnan(exmy_to_f64(NULL, 0)));
    ck_assert_int_eq(exmy_classify(NULL, 0), EXMY_CLASS_NAN);
    ck_assert(!exmy_format_equal(NULL, &good));
    ck_assert(!exmy_format_equal(&good, NULL));
    ck_assert(!exmy_format_equal(NULL, NULL));
    ck_assert(exmy_format_equal(&good, &good));
    exmy_array_opts ao;
    memset(&ao, 0, sizeof ao);
    float in[4] = {1, 2, 3, 4};
    uint8_t codes[4];
    ck_assert_int_eq(exmy_encode_array(NULL, EXMY_TYPE_F32, in, codes, 4, &ao, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_decode_array(NULL, codes, EXMY_TYPE_F32, in, 4, &ao, NULL), EXMY_EINVAL);
    exmy_snr_exact *t = NULL;
    ck_assert_int_eq(exmy_snr_exact_new(NULL, &rne, &t), EXMY_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("entry_points");
    TCase *tc = tcase_create("entry_points");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_each_rule_fails_validation);
    tcase_add_test(tc, test_every_entry_point_rejects);
    tcase_add_test(tc, test_null_descriptor);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
