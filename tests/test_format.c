/* The format layer: validation, derived constants (against the numbers the
 * specifications publish), spec strings, the sorted value list, code
 * classification and the catalogue loader. */
#include "ref_format.h"
#include "testutil.h"

#include "exmy_snr.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------ validation */

static exmy_format mk(unsigned bits, unsigned precision, int bias, bool is_signed,
                      exmy_domain domain, bool negzero, uint32_t high_nans, bool subnormals,
                      bool has_zero)
{
    exmy_format f;
    memset(&f, 0, sizeof f);
    f.bits = bits;
    f.precision = precision;
    f.bias = bias;
    f.is_signed = is_signed;
    f.domain = domain;
    f.negzero = negzero;
    f.high_nans = high_nans;
    f.subnormals = subnormals;
    f.has_zero = has_zero;
    return f;
}

typedef struct bad_case {
    const char *what;
    exmy_format f;
    const char *why_has; /* a word the reason must contain */
} bad_case;

START_TEST(test_validate_rejects)
{
    const exmy_domain X = EXMY_EXTENDED, F = EXMY_FINITE;
    bad_case cases[] = {
        {"e0m0 (1 bit, sign only)", mk(1, 1, 0, true, X, true, 0, true, true), "exponent"},
        {"e0m3 (no exponent bits)", mk(4, 4, 0, true, X, true, 7, true, true), "exponent"},
        {"unsigned e0m2", mk(2, 3, 0, false, F, false, 0, true, true), "exponent"},
        {"33 bits", mk(33, 24, 127, true, X, true, 1, true, true), "32"},
        {"0 bits", mk(0, 1, 0, true, X, true, 0, true, true), "32"},
        {"precision 0", mk(8, 0, 7, true, X, true, 0, true, true), "precision"},
        {"bias puts max beyond binary64", mk(16, 5, 0, true, X, true, 15, true, true), "binary64"},
        {"bias puts min below binary64", mk(8, 4, 1100, true, F, true, 1, true, true), "binary64"},
        {"bias beyond 2^20", mk(8, 4, 1 << 21, true, F, true, 1, true, true), "bias"},
        {"negative bias beyond 2^20", mk(8, 4, -(1 << 21), true, F, true, 1, true, true), "bias"},
        {"e2m1 with 7 NaNs and Inf", mk(4, 2, 1, true, X, true, 7, true, true), "NaN"},
        {"e2m1 finite with 7 NaNs", mk(4, 2, 1, true, F, true, 7, true, true), "NaN"},
        {"e3m2 with 2^32-1 NaNs", mk(6, 3, 3, true, X, true, UINT32_MAX, true, true), "NaN"},
        {"nozero with subnormals", mk(8, 4, 7, true, F, true, 1, true, false), "sub"},
        {"unsigned with negative zero", mk(8, 4, 7, false, F, true, 1, true, true), "negative"},
        {"domain out of range", mk(8, 4, 7, true, (exmy_domain)5, true, 1, true, true), "domain"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char why[256] = "";
        exmy_status st = exmy_format_validate(&cases[i].f, why, sizeof why);
        ck_assert_msg(st == EXMY_EFORMAT, "%s: validate gave %s, expected EXMY_EFORMAT",
                      cases[i].what, exmy_strerror(st));
        ck_assert_msg(strstr(why, cases[i].why_has) != NULL,
                      "%s: reason '%s' does not mention '%s'", cases[i].what, why,
                      cases[i].why_has);
        exmy_format_info info;
        ck_assert_msg(exmy_format_get_info(&cases[i].f, &info) != EXMY_OK,
                      "%s: get_info accepted it", cases[i].what);
    }
    /* NULL why / zero length are fine. */
    exmy_format f = mk(1, 1, 0, true, X, true, 0, true, true);
    ck_assert_int_eq(exmy_format_validate(&f, NULL, 0), EXMY_EFORMAT);
    ck_assert_int_ne(exmy_format_validate(NULL, NULL, 0), EXMY_OK);
}
END_TEST

START_TEST(test_validate_accepts_edges)
{
    const exmy_domain X = EXMY_EXTENDED, F = EXMY_FINITE;
    exmy_format ok[] = {
        mk(2, 1, 0, true, F, true, 0, true, true),       /* e1m0: 0, 1 and their negatives */
        mk(4, 2, 1, true, F, true, 6, true, true),       /* e2m1 with 6 NaNs: 0 and 0.5 */
        mk(32, 24, 127, true, X, true, (1u << 23) - 1, true, true), /* binary32 */
        mk(32, 1, 0, false, F, false, 0, false, false),  /* unsigned e32m0 from 2^0 up... */
        mk(8, 1, 127, false, F, false, 1, false, false), /* e8m0fnu */
        mk(16, 5, 1023 - 2047 + 1050, true, X, true, 15, true, true),
    };
    /* Unsigned e11m0 without zero: 2^-1024 .. 2^1023, the widest range that
     * stays inside binary64. */
    ok[3].bits = 11;
    ok[3].bias = 1024;
    ok[5].bias = 1023; /* e11m4: max (2-2^-4) * 2^1023, min 2^-1026 */
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char why[256] = "";
        exmy_status st = exmy_format_validate(&ok[i], why, sizeof why);
        ck_assert_msg(st == EXMY_OK, "edge format %zu rejected: %s", i, why);
    }
}
END_TEST

/* ------------------------------------------------------ derived constants */

/* Numbers as the specifications state them. */
typedef struct spec_row {
    const char *name;
    bool optional; /* catalogue entry may not exist yet */
    unsigned bits;
    double max_finite, min_normal, min_subnormal, epsilon;
    int emax, emin;
    bool has_inf;
    uint32_t inf_code;
    bool has_nan;
    uint32_t nan_code;
    uint64_t n_values;
} spec_row;

static const spec_row spec_rows[] = {
    /* OCP OFP8 v1.0 Table 1: E4M3 max S.1111.110 = 448, min normal 2^-6,
     * min subnormal 2^-9, NaN S.1111.111, no Inf. */
    {"e4m3fn", false, 8, 448, 0x1p-6, 0x1p-9, 0x1p-3, 8, -6, false, 0, true, 0x7f, 253},
    /* E5M2: max 57344, min normal 2^-14, min subnormal 2^-16, Inf S.11111.00. */
    {"e5m2", false, 8, 57344, 0x1p-14, 0x1p-16, 0x1p-2, 15, -14, true, 0x7c, true, 0x7e, 247},
    /* IEEE 754-2019 Table 3.5. */
    {"binary16", false, 16, 65504, 0x1p-14, 0x1p-24, 0x1p-10, 15, -14, true, 0x7c00, true, 0x7e00,
     63487},
    {"bfloat16", false, 16, 0x1.fep127, 0x1p-126, 0x1p-133, 0x1p-7, 127, -126, true, 0x7f80, true,
     0x7fc0, 65279},
    {"tf32", false, 19, 0x1.ffcp127, 0x1p-126, 0x1p-136, 0x1p-10, 127, -126, true, 0x3fc00, true,
     0x3fe00, 522239},
    {"binary32", false, 32, FLT_MAX, FLT_MIN, 0x1p-149, FLT_EPSILON, 127, -126, true, 0x7f800000,
     true, 0x7fc00000, UINT64_C(4278190079)},
    /* OCP MX v1.0 Tables 4, 5, 7. */
    {"e2m1fn", false, 4, 6, 1, 0.5, 0.5, 2, 0, false, 0, false, 0, 15},
    {"e2m3fn", false, 6, 7.5, 1, 0.125, 0.125, 2, 0, false, 0, false, 0, 63},
    {"e3m2fn", false, 6, 28, 0.25, 0.0625, 0.25, 4, -2, false, 0, false, 0, 63},
    {"e8m0fnu", false, 8, 0x1p127, 0x1p-127, 0x1p-127, 1, 127, -127, false, 0, true, 0xff, 255},
    /* ml_dtypes / Graphcore: fnuz, 0x80 the only NaN. */
    {"e4m3fnuz", false, 8, 240, 0x1p-7, 0x1p-10, 0x1p-3, 7, -7, false, 0, true, 0x80, 255},
    {"e5m2fnuz", false, 8, 57344, 0x1p-15, 0x1p-17, 0x1p-2, 15, -15, false, 0, true, 0x80, 255},
    {"e4m3b11fnuz", false, 8, 30, 0x1p-10, 0x1p-13, 0x1p-3, 4, -10, false, 0, true, 0x80, 255},
    /* ml_dtypes IEEE-style 8-bit formats. */
    {"e3m4", false, 8, 15.5, 0.25, 0x1p-6, 0x1p-4, 3, -2, true, 0x70, true, 0x78, 223},
    {"e4m3", false, 8, 240, 0x1p-6, 0x1p-9, 0x1p-3, 7, -6, true, 0x78, true, 0x7c, 239},
    /* IEEE P3109 interim report: binary8p3 max 49152, binary8p4 max 224;
     * Inf 0x7F, NaN 0x80. */
    {"binary8p3se", true, 8, 49152, 0x1p-15, 0x1p-17, 0x1p-2, 15, -15, true, 0x7f, true, 0x80, 253},
    {"binary8p4se", true, 8, 224, 0x1p-7, 0x1p-10, 0x1p-3, 7, -7, true, 0x7f, true, 0x80, 253},
};

START_TEST(test_spec_constants)
{
    const exmy_catalogue *cat = tu_catalogue();
    for (size_t i = 0; i < sizeof spec_rows / sizeof spec_rows[0]; i++) {
        const spec_row *w = &spec_rows[i];
        const exmy_catalogue_entry *e = exmy_catalogue_find(cat, w->name);
        if (!e && w->optional) {
            fprintf(stderr, "note: %s not in the catalogue; its constants are not checked\n",
                    w->name);
            continue;
        }
        ck_assert_msg(e != NULL, "%s missing from the catalogue", w->name);
        exmy_format_info in;
        ck_assert_int_eq(exmy_format_get_info(&e->format, &in), EXMY_OK);
#define EQ_D(field)                                                                           \
    ck_assert_msg(in.field == w->field, "%s " #field ": got %a, spec says %a", w->name,        \
                  in.field, w->field)
#define EQ_U(field)                                                                           \
    ck_assert_msg((uint64_t)in.field == (uint64_t)w->field, "%s " #field ": got 0x%llx, spec says 0x%llx", \
                  w->name, (unsigned long long)in.field, (unsigned long long)w->field)
        ck_assert_uint_eq(e->format.bits, w->bits);
        EQ_D(max_finite);
        EQ_D(min_normal);
        EQ_D(min_subnormal);
        EQ_D(epsilon);
        ck_assert_msg(in.emax == w->emax && in.emin == w->emin, "%s emax/emin: got %d/%d, spec says %d/%d",
                      w->name, in.emax, in.emin, w->emax, w->emin);
        EQ_U(has_inf);
        EQ_U(has_nan);
        EQ_U(n_values);
        if (w->has_inf)
            EQ_U(inf_code);
        if (w->has_nan)
            EQ_U(nan_code);
        ck_assert_uint_eq(in.n_codes, UINT64_C(1) << w->bits);
        ck_assert_uint_eq(in.code_bytes, w->bits <= 8 ? 1 : w->bits <= 16 ? 2 : 4);
        ck_assert_uint_eq(in.man_bits + in.exp_bits + (e->format.is_signed ? 1 : 0), w->bits);
        /* max_code decodes to max_finite; the code above is not finite. */
        ck_assert_msg(exmy_to_f64(&e->format, in.max_code) == w->max_finite,
                      "%s: max_code 0x%x decodes to %a", w->name, in.max_code,
                      exmy_to_f64(&e->format, in.max_code));
        exmy_class k = exmy_classify(&e->format, in.max_code + 1);
        ck_assert_msg(k == EXMY_CLASS_INF || k == EXMY_CLASS_NAN || in.max_code + 1 == in.n_codes ||
                          (e->format.is_signed && in.max_code + 1 == in.n_codes / 2),
                      "%s: code above max_code is %s", w->name, exmy_class_name(k));
#undef EQ_D
#undef EQ_U
    }
}
END_TEST

/* Every catalogue entry's info against the independent model. */
START_TEST(test_info_vs_model)
{
    const exmy_catalogue *cat = tu_catalogue();
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        ck_assert_msg(exmy_format_validate(f, NULL, 0) == EXMY_OK, "%s invalid", f->name);
        if (f->bits - (f->is_signed ? 1 : 0) > 24)
            continue;
        ref_format R;
        ck_assert(ref_init(&R, f));
        exmy_format_info in;
        ck_assert_int_eq(exmy_format_get_info(f, &in), EXMY_OK);
        ck_assert_msg(in.max_finite == R.maxf, "%s max %a vs model %a", f->name, in.max_finite,
                      R.maxf);
        ck_assert_msg(in.min_subnormal == R.first_pos, "%s min_subnormal %a vs model %a", f->name,
                      in.min_subnormal, R.first_pos);
        ck_assert_uint_eq(in.max_code, R.cmax);
        ck_assert_uint_eq(in.has_inf, R.has_inf);
        ck_assert_uint_eq(in.has_nan, R.has_nan);
        if (R.has_nan)
            ck_assert_msg(in.nan_code == R.nan_pos, "%s nan_code 0x%x vs 0x%x", f->name,
                          in.nan_code, R.nan_pos);
        if (R.has_inf)
            ck_assert_uint_eq(in.inf_code, R.inf_mag);
        /* n_values: finite magnitudes per sign, both signs, +-0 counted once. */
        /* With a sign, the negative side repeats every magnitude except
         * that its magnitude-0 pattern is -0 (the same value as +0) or, in
         * fnuz formats, NaN; only without zero and with negzero does it add
         * a value (-first value). */
        uint64_t per_sign = (uint64_t)R.cmax + 1;
        uint64_t nv = per_sign;
        if (R.s)
            nv = 2 * per_sign - ((R.has_zero || !f->negzero) ? 1 : 0);
        ck_assert_msg(in.n_values == nv, "%s n_values %llu vs %llu", f->name,
                      (unsigned long long)in.n_values, (unsigned long long)nv);
        ref_free(&R);
    }
}
END_TEST

/* ------------------------------------------------------- classification */

START_TEST(test_classify_decode)
{
    const exmy_catalogue *cat = tu_catalogue();
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        if (f->bits > 16)
            continue;
        ref_format R;
        ck_assert(ref_init(&R, f));
        tu_log log;
        tu_log_init(&log, f->name, 8);
        for (uint64_t code = 0; code < (UINT64_C(1) << f->bits); code++) {
            uint32_t c = (uint32_t)code;
            bool neg = R.s && (c & R.sign);
            uint32_t mag = c & ~R.sign;
            exmy_class want;
            double v;
            if (mag > R.cmax) {
                want = (R.has_inf && mag == R.inf_mag) ? EXMY_CLASS_INF : EXMY_CLASS_NAN;
                v = want == EXMY_CLASS_INF ? INFINITY : NAN;
            } else if (neg && mag == 0 && !f->negzero) {
                want = EXMY_CLASS_NAN;
                v = NAN;
            } else if (mag == 0 && R.has_zero) {
                want = EXMY_CLASS_ZERO;
                v = 0;
            } else {
                want = (f->subnormals && R.mag[mag] < R.min_normal) ? EXMY_CLASS_SUBNORMAL
                                                                     : EXMY_CLASS_NORMAL;
                v = R.mag[mag];
            }
            if (neg)
                v = -v;
            exmy_class got = exmy_classify(f, c);
            double d = exmy_to_f64(f, c);
            log.checked++;
            bool same = isnan(v) ? (isnan(d) && (!R.s || !!signbit(d) == neg))
                                 : tu_f64_bits(d) == tu_f64_bits(v);
            if (got != want || !same)
                tu_fail(&log, "code 0x%x: class %s value %a, expected %s %a", c,
                        exmy_class_name(got), d, exmy_class_name(want), v);
            /* Bits above the width are ignored. */
            if (f->bits < 32 && exmy_classify(f, c | (UINT32_C(1) << f->bits)) != got)
                tu_fail(&log, "code 0x%x: classification depends on bits above the width", c);
        }
        ref_free(&R);
        tu_log_check(&log);
    }
}
END_TEST

/* --------------------------------------------------------- value lists */

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

START_TEST(test_value_lists)
{
    const exmy_catalogue *cat = tu_catalogue();
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        size_t n = 0;
        if (f->bits > 16) {
            ck_assert_int_eq(exmy_format_values(f, NULL, &n), EXMY_EINVAL);
            continue;
        }
        exmy_format_info in;
        ck_assert_int_eq(exmy_format_get_info(f, &in), EXMY_OK);
        ck_assert_int_eq(exmy_format_values(f, NULL, &n), EXMY_OK);
        ck_assert_uint_eq(n, in.n_values);
        double *v = malloc(n * sizeof *v);
        ck_assert_ptr_nonnull(v);
        ck_assert_int_eq(exmy_format_values(f, v, &n), EXMY_OK);
        for (size_t j = 1; j < n; j++)
            ck_assert_msg(v[j - 1] < v[j], "%s: values[%zu] = %a, values[%zu] = %a", f->name,
                          j - 1, v[j - 1], j, v[j]);
        for (size_t j = 0; j < n; j++)
            ck_assert_msg(!(v[j] == 0 && signbit(v[j])), "%s: -0 listed", f->name);
        /* The model's list: -mag[cmax..] .. +mag[cmax], zero once. */
        ref_format R;
        ck_assert(ref_init(&R, f));
        double *w = malloc(2 * ((size_t)R.cmax + 1) * sizeof *w);
        ck_assert_ptr_nonnull(w);
        size_t m = 0;
        for (uint32_t c = 0; c <= R.cmax; c++) {
            w[m++] = R.mag[c];
            if (R.s && R.mag[c] != 0 && !(c == 0 && !f->negzero))
                w[m++] = -R.mag[c];
        }
        qsort(w, m, sizeof *w, cmp_d);
        ck_assert_msg(m == n, "%s: %zu values, model has %zu", f->name, n, m);
        for (size_t j = 0; j < n; j++)
            ck_assert_msg(v[j] == w[j], "%s: values[%zu] = %a, model %a", f->name, j, v[j], w[j]);
        ref_free(&R);
        free(v);
        free(w);
    }
    /* e2m1fn in full, from the OCP MX table. */
    exmy_format f = tu_format("e2m1fn");
    double want[] = {-6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6};
    double got[15];
    size_t n = 0;
    ck_assert_int_eq(exmy_format_values(&f, got, &n), EXMY_OK);
    ck_assert_uint_eq(n, 15);
    for (size_t j = 0; j < 15; j++)
        ck_assert_msg(got[j] == want[j], "e2m1fn value %zu: %a vs %a", j, got[j], want[j]);
}
END_TEST

/* ---------------------------------------------------------- spec strings */

START_TEST(test_parse_names)
{
    const exmy_catalogue *cat = tu_catalogue();
    struct {
        const char *spec, *name;
    } rows[] = {
        {"e4m3fn", "e4m3fn"},       {"E4M3FN", "e4m3fn"},         {"Float8_E4M3FN", "e4m3fn"},
        {"ocp_e4m3", "e4m3fn"},     {"fp16", "binary16"},         {"HALF", "binary16"},
        {"float16", "binary16"},    {"bf16", "bfloat16"},         {"BFloat16", "bfloat16"},
        {"fp8_143", "e4m3fnuz"},    {"ipu_e5m2", "e5m2fnuz"},     {"graphcore_e4", "e4m3fnuz"},
        {"ocp_e8m0", "e8m0fnu"},    {"fp4", "e2m1fn"},            {"tensorfloat32", "tf32"},
        {"single", "binary32"},     {"float8_e4m3b11fnuz", "e4m3b11fnuz"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        exmy_format f;
        char why[256] = "";
        exmy_status st = exmy_format_parse(cat, rows[i].spec, &f, why, sizeof why);
        ck_assert_msg(st == EXMY_OK, "'%s': %s", rows[i].spec, why);
        ck_assert_msg(strcmp(f.name, rows[i].name) == 0, "'%s' gave '%s', expected '%s'",
                      rows[i].spec, f.name, rows[i].name);
    }
    /* Without a catalogue a name is not found, and e8m0 is the generic one. */
    exmy_format f;
    char why[256] = "";
    ck_assert_int_eq(exmy_format_parse(NULL, "e4m3fn", &f, why, sizeof why), EXMY_ESPEC);
    ck_assert_int_eq(exmy_format_parse(NULL, "e8m0", &f, why, sizeof why), EXMY_OK);
    ck_assert(f.is_signed && f.bits == 9 && f.bias == 127 && f.name[0] == '\0');
    ck_assert_int_eq(exmy_format_parse(NULL, "half", &f, why, sizeof why), EXMY_ENOTFOUND);
    /* With the catalogue too: a name never shadows a generic spelling. */
    ck_assert_int_eq(exmy_format_parse(cat, "e8m0", &f, why, sizeof why), EXMY_OK);
    ck_assert(f.is_signed && f.bits == 9 && f.bias == 127 && f.name[0] == '\0');
}
END_TEST

/* Options are case-insensitive like names: "E4M3:FINITE" and "e4m3:NANS=1". */
START_TEST(test_spec_options_any_case)
{
    struct {
        const char *spec, *same_as;
    } rows[] = {
        {"e4m3:NANS=1", "e4m3:nans=1"},
        {"E4M3:FINITE", "e4m3:finite"},
        {"e4m3:Bias=8:Finite:Nans=0:NoNegZero", "e4m3:bias=8:finite:nans=0:nonegzero"},
        {"E8M0:UNSIGNED:FINITE:NANS=1:NOSUB:NOZERO", "e8m0:unsigned:finite:nans=1:nosub:nozero"},
        {"e3m2:Extended:NEGZERO:Sub:SIGNED", "e3m2"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        exmy_format a, b;
        char why[256] = "";
        exmy_status st = exmy_format_parse(NULL, rows[i].spec, &a, why, sizeof why);
        ck_assert_msg(st == EXMY_OK, "'%s': %s (%s)", rows[i].spec, exmy_strerror(st), why);
        st = exmy_format_parse(NULL, rows[i].same_as, &b, why, sizeof why);
        ck_assert_msg(st == EXMY_OK, "'%s': %s (%s)", rows[i].same_as, exmy_strerror(st), why);
        ck_assert_msg(exmy_format_equal(&a, &b), "'%s' differs from '%s'", rows[i].spec,
                      rows[i].same_as);
    }
}
END_TEST

/* Widths beyond 32 bits are "too wide" with the limit, not unreadable. */
START_TEST(test_spec_too_wide_names_the_limit)
{
    const char *wide[] = {"e99m99", "e20m20", "e16m16", "e33m0", "e1m32", "e999999m1",
                          "e40m1:unsigned", "E25M8:finite"};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        exmy_format f;
        char why[256] = "";
        exmy_status st = exmy_format_parse(NULL, wide[i], &f, why, sizeof why);
        ck_assert_msg(st == EXMY_ESPEC, "'%s': %s, expected %s", wide[i], exmy_strerror(st),
                      exmy_strerror(EXMY_ESPEC));
        ck_assert_msg(strstr(why, "too wide") && strstr(why, "32"),
                      "'%s': reason '%s' does not say too wide (at most 32 bits)", wide[i], why);
    }
    /* 32 bits exactly is not too wide (validation may still refuse it). */
    exmy_format f;
    char why[256] = "";
    ck_assert_int_eq(exmy_format_parse(NULL, "e8m23", &f, why, sizeof why), EXMY_OK);
    ck_assert_int_eq(exmy_format_parse(NULL, "e8m24:unsigned", &f, why, sizeof why), EXMY_OK);
    ck_assert_uint_eq(f.bits, 32);
}
END_TEST

START_TEST(test_parse_generic)
{
    char why[256] = "";
    exmy_format f;
    ck_assert_int_eq(exmy_format_parse(NULL, "e4m3", &f, why, sizeof why), EXMY_OK);
    exmy_format want = mk(8, 4, 7, true, EXMY_EXTENDED, true, 7, true, true);
    ck_assert(exmy_format_equal(&f, &want));
    ck_assert_str_eq(f.name, "");
    /* Each option on its own. */
    struct {
        const char *spec;
        exmy_format f;
    } rows[] = {
        {"e4m3:bias=8", mk(8, 4, 8, true, EXMY_EXTENDED, true, 7, true, true)},
        {"e4m3:bias=-3", mk(8, 4, -3, true, EXMY_EXTENDED, true, 7, true, true)},
        {"e4m3:finite", mk(8, 4, 7, true, EXMY_FINITE, true, 7, true, true)},
        {"e4m3:finite:extended", mk(8, 4, 7, true, EXMY_EXTENDED, true, 7, true, true)},
        {"e4m3:nans=1", mk(8, 4, 7, true, EXMY_EXTENDED, true, 1, true, true)},
        {"e4m3:nans=0", mk(8, 4, 7, true, EXMY_EXTENDED, true, 0, true, true)},
        {"e4m3:nonegzero", mk(8, 4, 7, true, EXMY_EXTENDED, false, 7, true, true)},
        {"e4m3:nonegzero:negzero", mk(8, 4, 7, true, EXMY_EXTENDED, true, 7, true, true)},
        {"e4m3:nosub", mk(8, 4, 7, true, EXMY_EXTENDED, true, 7, false, true)},
        {"e4m3:nosub:nozero", mk(8, 4, 7, true, EXMY_EXTENDED, true, 7, false, false)},
        {"e4m3:unsigned", mk(7, 4, 7, false, EXMY_EXTENDED, false, 7, true, true)},
        {"E5M2", mk(8, 3, 15, true, EXMY_EXTENDED, true, 3, true, true)},
        {"e4m3:bias=7:finite:nans=1", mk(8, 4, 7, true, EXMY_FINITE, true, 1, true, true)},
        {"e8m0:unsigned:finite:nans=1:nosub:nozero",
         mk(8, 1, 127, false, EXMY_FINITE, false, 1, false, false)},
        {"e5m10", mk(16, 11, 15, true, EXMY_EXTENDED, true, 1023, true, true)},
        {"e8m23", mk(32, 24, 127, true, EXMY_EXTENDED, true, (1u << 23) - 1, true, true)},
        {"e1m0:finite", mk(2, 1, 0, true, EXMY_FINITE, true, 0, true, true)},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        exmy_status st = exmy_format_parse(NULL, rows[i].spec, &f, why, sizeof why);
        ck_assert_msg(st == EXMY_OK, "'%s': %s", rows[i].spec, why);
        ck_assert_msg(exmy_format_equal(&f, &rows[i].f),
                      "'%s': bits %u p %u bias %d signed %d domain %d negzero %d nans %u sub %d "
                      "zero %d",
                      rows[i].spec, f.bits, f.precision, f.bias, f.is_signed, f.domain, f.negzero,
                      f.high_nans, f.subnormals, f.has_zero);
    }
    /* Catalogue entries are the generic spellings they cite. */
    const exmy_catalogue *cat = tu_catalogue();
    exmy_format a = tu_format("e4m3fnuz");
    ck_assert_int_eq(exmy_format_parse(cat, "e4m3:bias=8:finite:nans=0:nonegzero", &f, why,
                                       sizeof why),
                     EXMY_OK);
    ck_assert(exmy_format_equal(&a, &f));
}
END_TEST

START_TEST(test_parse_errors)
{
    const exmy_catalogue *cat = tu_catalogue();
    const char *bad[] = {
        "",          "nonsense",     "e",           "e4",         "e4m",          "em3",
        "e0m3",      "e4m3:",        "e4m3:bogus",  "e4m3:bias=", "e4m3:bias=x",  "e4m3:nans=-1",
        "e20m20",    "e25m8",        "e4m3:nozero", "e2m1:nans=8", "e4m3:bias=5000", "e11m4:bias=0",
        "e4m3 ",     " e4m3",       "e1m0" /* IEEE default: 0 and Inf only */,        "e4m3:bias=99999999999", "e4m3fnx", "e4m3:unsigned:negzero",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        exmy_format f;
        char why[256] = "";
        exmy_status st = exmy_format_parse(cat, bad[i], &f, why, sizeof why);
        ck_assert_msg(st != EXMY_OK, "'%s' was accepted", bad[i]);
        ck_assert_msg(st == EXMY_ESPEC || st == EXMY_ENOTFOUND || st == EXMY_EFORMAT,
                      "'%s': unexpected status %s", bad[i], exmy_strerror(st));
        ck_assert_msg(why[0] != '\0', "'%s': no reason given", bad[i]);
    }
    exmy_format f;
    ck_assert_int_ne(exmy_format_parse(cat, NULL, &f, NULL, 0), EXMY_OK);
    ck_assert_int_ne(exmy_format_parse(cat, "e4m3", NULL, NULL, 0), EXMY_OK);
}
END_TEST

static void roundtrip(const exmy_format *f, const char *what)
{
    char buf[160];
    ck_assert_msg(exmy_format_to_string(f, buf, sizeof buf) == EXMY_OK, "%s: to_string failed",
                  what);
    exmy_format g;
    char why[256] = "";
    exmy_status st = exmy_format_parse(NULL, buf, &g, why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "%s: '%s' does not parse: %s", what, buf, why);
    ck_assert_msg(exmy_format_equal(f, &g), "%s: '%s' parses to a different format", what, buf);
    /* Too small a buffer is an error, and still NUL-terminated. */
    size_t len = strlen(buf);
    char small[160];
    memset(small, 'x', sizeof small);
    ck_assert_msg(exmy_format_to_string(f, small, len) == EXMY_EINVAL, "%s: short buffer", what);
    ck_assert_msg(memchr(small, '\0', len) != NULL, "%s: short buffer not terminated", what);
}

START_TEST(test_to_string_roundtrip)
{
    const exmy_catalogue *cat = tu_catalogue();
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++)
        roundtrip(&exmy_catalogue_at(cat, i)->format, exmy_catalogue_at(cat, i)->format.name);
    /* A grid of generic descriptors: every combination that validates. */
    unsigned tried = 0;
    for (unsigned X = 1; X <= 8; X++)
        for (unsigned Y = 0; Y <= 7; Y++)
            for (int sg = 0; sg < 2; sg++)
                for (int dom = 0; dom < 2; dom++)
                    for (int nz = 0; nz < 2; nz++)
                        for (int sub = 0; sub < 2; sub++)
                            for (int zero = 0; zero < 2; zero++)
                                for (int nans = 0; nans < 3; nans++)
                                    for (int b = -1; b <= 1; b++) {
                                        unsigned bits = X + Y + (unsigned)sg;
                                        int bias = (1 << (X - 1)) - 1 + 3 * b;
                                        uint32_t hn = nans == 0 ? 0 : nans == 1 ? 1
                                                                              : (1u << Y) - 1;
                                        exmy_format f = mk(bits, Y + 1, bias, sg, dom ? EXMY_EXTENDED : EXMY_FINITE,
                                                           sg && nz, hn, sub, zero);
                                        if (exmy_format_validate(&f, NULL, 0) != EXMY_OK)
                                            continue;
                                        char what[64];
                                        snprintf(what, sizeof what, "grid e%um%u#%u", X, Y, tried);
                                        roundtrip(&f, what);
                                        tried++;
                                    }
    ck_assert_uint_gt(tried, 3000);
}
END_TEST

/* ------------------------------------------------------------- catalogue */

START_TEST(test_catalogue_builtin)
{
    const exmy_catalogue *cat = tu_catalogue();
    size_t n = exmy_catalogue_size(cat);
    ck_assert_uint_ge(n, 17);
    for (size_t i = 0; i < n; i++) {
        const exmy_catalogue_entry *e = exmy_catalogue_at(cat, i);
        ck_assert_msg(e->format.name[0] && e->source[0] && e->family[0], "entry %zu incomplete",
                      i);
        ck_assert_ptr_eq(exmy_catalogue_find(cat, e->format.name), e);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcasecmp(exmy_catalogue_at(cat, j)->format.name, e->format.name) != 0,
                          "duplicate %s", e->format.name);
    }
    ck_assert_ptr_null(exmy_catalogue_at(cat, n));
    ck_assert_ptr_null(exmy_catalogue_find(cat, "no_such_format"));
    /* A fresh copy each time. */
    exmy_catalogue *c2;
    ck_assert_int_eq(exmy_catalogue_builtin(&c2), EXMY_OK);
    ck_assert_uint_eq(exmy_catalogue_size(c2), n);
    exmy_catalogue_free(c2);
}
END_TEST

START_TEST(test_catalogue_load_good)
{
    exmy_catalogue *cat;
    ck_assert_int_eq(exmy_catalogue_builtin(&cat), EXMY_OK);
    size_t n0 = exmy_catalogue_size(cat);
    const char *text = "# a test family\n"
                       "family: Test family\n"
                       "\n"
                       "   # indented comment\n"
                       "myfp6   e3m2:finite:nans=0   My_FP6,fp6x   Made up for the test, §1\r\n"
                       "tiny\te2m1:unsigned:finite:nans=1\t-\tno aliases\n"
                       "family: Second\n"
                       "big e8m7:bias=100 - last line without newline";
    char why[256] = "";
    ck_assert_msg(exmy_catalogue_load_string(cat, text, "test.fmt", why, sizeof why) == EXMY_OK,
                  "%s", why);
    ck_assert_uint_eq(exmy_catalogue_size(cat), n0 + 3);
    const exmy_catalogue_entry *e = exmy_catalogue_find(cat, "MY_fp6");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->format.name, "myfp6");
    ck_assert_str_eq(e->family, "Test family");
    ck_assert_str_eq(e->source, "Made up for the test, §1");
    exmy_format want = mk(6, 3, 3, true, EXMY_FINITE, true, 0, true, true);
    ck_assert(exmy_format_equal(&e->format, &want));
    ck_assert_ptr_eq(exmy_catalogue_find(cat, "FP6X"), e);
    e = exmy_catalogue_find(cat, "tiny");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->aliases, "");
    ck_assert(!e->format.is_signed);
    e = exmy_catalogue_find(cat, "big");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->family, "Second");
    ck_assert_int_eq(e->format.bias, 100);
    /* A loaded name is usable in specs. */
    exmy_format f;
    ck_assert_int_eq(exmy_format_parse(cat, "myfp6", &f, why, sizeof why), EXMY_OK);
    exmy_catalogue_free(cat);
}
END_TEST

START_TEST(test_catalogue_load_errors)
{
    struct {
        const char *text;
        exmy_status st;
        const char *prefix; /* "origin:LINE:" */
    } rows[] = {
        {"x e3m2 - src\n", EXMY_ESYNTAX, "bad.fmt:1:"},
        {"family: F\n\nonly_two e3m2\n", EXMY_ESYNTAX, "bad.fmt:3:"},
        {"family: F\nthree fields -\n", EXMY_ESYNTAX, "bad.fmt:2:"},
        {"family: F\nbad$name e3m2 - src\n", EXMY_ESYNTAX, "bad.fmt:2:"},
        {"family: F\nok1 e3m2 - src\nbadspec e0m2 - src\n", EXMY_ESYNTAX, "bad.fmt:3:"},
        {"family: F\nrefers e4m3fn - names are not specs\n", EXMY_ESYNTAX, "bad.fmt:2:"},
        {"family: F\nx e3m2 a,b$ src\n", EXMY_ESYNTAX, "bad.fmt:2:"},
        {"family:\n", EXMY_ESYNTAX, "bad.fmt:1:"},
        {"family: F\nthisnameiswaytoolongforthecatalogue_abc e3m2 - s\n", EXMY_ESYNTAX,
         "bad.fmt:2:"},
        /* Duplicates: a built-in name, an alias of one, case-insensitively,
         * and within the file. */
        {"family: F\ne4m3fn e4m3:finite:nans=1 - dup\n", EXMY_EDUPLICATE, "bad.fmt:2:"},
        {"family: F\nnewname e3m2 HALF dup alias\n", EXMY_EDUPLICATE, "bad.fmt:2:"},
        {"family: F\nE5M2 e5m2 - dup\n", EXMY_EDUPLICATE, "bad.fmt:2:"},
        {"family: F\na1 e3m2 - s\n# c\na2 e3m2 A1 s\n", EXMY_EDUPLICATE, "bad.fmt:4:"},
        {"family: F\na1 e3m2 b1,b1 s\n", EXMY_EDUPLICATE, "bad.fmt:2:"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        exmy_catalogue *cat;
        ck_assert_int_eq(exmy_catalogue_builtin(&cat), EXMY_OK);
        size_t n0 = exmy_catalogue_size(cat);
        char why[256] = "";
        exmy_status st = exmy_catalogue_load_string(cat, rows[i].text, "bad.fmt", why, sizeof why);
        ck_assert_msg(st == rows[i].st, "case %zu: status %s, expected %s (%s)", i,
                      exmy_strerror(st), exmy_strerror(rows[i].st), why);
        ck_assert_msg(strncmp(why, rows[i].prefix, strlen(rows[i].prefix)) == 0,
                      "case %zu: reason '%s' does not start with '%s'", i, why, rows[i].prefix);
        ck_assert_msg(exmy_catalogue_size(cat) == n0, "case %zu: partial load kept entries", i);
        exmy_catalogue_free(cat);
    }
    /* A line too long for the loader. */
    char *text = malloc(4096);
    ck_assert_ptr_nonnull(text);
    strcpy(text, "family: F\nlong e3m2 - ");
    size_t len = strlen(text);
    memset(text + len, 'z', 3000);
    text[len + 3000] = '\0';
    exmy_catalogue *cat = exmy_catalogue_new();
    ck_assert_ptr_nonnull(cat);
    char why[256] = "";
    ck_assert_int_eq(exmy_catalogue_load_string(cat, text, "long.fmt", why, sizeof why),
                     EXMY_ESYNTAX);
    ck_assert_msg(strncmp(why, "long.fmt:2:", 11) == 0, "reason '%s'", why);
    ck_assert_uint_eq(exmy_catalogue_size(cat), 0);
    free(text);
    exmy_catalogue_free(cat);
}
END_TEST

/* A .fmt name or alias of the form eXmY may only name that very format:
 * "e5m3" defined as e4m3 would shadow the generic e5m3. */
START_TEST(test_fmt_name_reading_as_generic_spec)
{
    const char *shadowing[] = {
        "family: F\ne5m3 e4m3 - shadows the generic e5m3\n",
        "family: F\nE5M3 e4m3 - any case\n",
        "family: F\nmy8 e4m3 e5m3 - as an alias\n",
        "family: F\ne4m3 e4m3:finite - same widths, other format\n",
        "family: F\ne99m99 e4m3 - a generic spelling too wide to parse\n",
    };
    for (size_t i = 0; i < sizeof shadowing / sizeof shadowing[0]; i++) {
        exmy_catalogue *cat = exmy_catalogue_new();
        ck_assert_ptr_nonnull(cat);
        char why[256] = "";
        exmy_status st = exmy_catalogue_load_string(cat, shadowing[i], "g.fmt", why, sizeof why);
        ck_assert_msg(st == EXMY_ESYNTAX, "case %zu: %s, expected %s (%s)", i, exmy_strerror(st),
                      exmy_strerror(EXMY_ESYNTAX), why);
        ck_assert_msg(strncmp(why, "g.fmt:2:", 8) == 0 && strstr(why, "generic spec"),
                      "case %zu: reason '%s'", i, why);
        ck_assert_uint_eq(exmy_catalogue_size(cat), 0);
        /* The generic spelling still means the generic format. */
        exmy_format f;
        ck_assert_int_eq(exmy_format_parse(cat, "e5m3", &f, why, sizeof why), EXMY_OK);
        ck_assert_uint_eq(f.bits, 9);
        exmy_catalogue_free(cat);
    }
    /* A name that denotes exactly its generic spelling is only a label. */
    exmy_catalogue *cat = exmy_catalogue_new();
    char why[256] = "";
    exmy_status st = exmy_catalogue_load_string(
        cat, "family: F\nmy8 e4m3 x,E4M3 - an alias that is its own spelling\n", "g.fmt", why,
        sizeof why);
    ck_assert_msg(st == EXMY_OK, "%s (%s)", exmy_strerror(st), why);
    st = exmy_catalogue_load_string(cat, "family: G\ne5m3 E5M3:bias=15:nans=7 - same format\n",
                                    "g.fmt", why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "%s (%s)", exmy_strerror(st), why);
    exmy_format f;
    ck_assert_int_eq(exmy_format_parse(cat, "e5m3", &f, why, sizeof why), EXMY_OK);
    ck_assert_str_eq(f.name, "e5m3");
    ck_assert_uint_eq(f.bits, 9);
    exmy_catalogue_free(cat);
    /* The built-in catalogue keeps the rule too. */
    const exmy_catalogue *b = tu_catalogue();
    for (size_t i = 0; i < exmy_catalogue_size(b); i++) {
        const exmy_catalogue_entry *e = exmy_catalogue_at(b, i);
        exmy_format g;
        if (exmy_format_parse(NULL, e->format.name, &g, NULL, 0) == EXMY_OK)
            ck_assert_msg(exmy_format_equal(&g, &e->format), "built-in '%s' shadows its spelling",
                          e->format.name);
    }
}
END_TEST

/* Each fixed field of exmy_catalogue_entry: the longest value fits, one more
 * character is refused by name and limit (never truncated). */
static char *repeat(char *buf, char c, size_t n)
{
    memset(buf, c, n);
    buf[n] = '\0';
    return buf;
}

START_TEST(test_fmt_field_limits)
{
    char a[300], b[300], text[1200];
    struct {
        const char *field;
        size_t limit;
    } lim[] = {{"name", EXMY_NAME_MAX},
               {"alias", EXMY_NAME_MAX},
               {"aliases", EXMY_ALIASES_MAX},
               {"source", EXMY_SOURCE_MAX},
               {"family", EXMY_FAMILY_MAX}};
    ck_assert_uint_eq(EXMY_NAME_MAX + 1, sizeof ((exmy_format *)0)->name);
    ck_assert_uint_eq(EXMY_ALIASES_MAX + 1, sizeof ((exmy_catalogue_entry *)0)->aliases);
    ck_assert_uint_eq(EXMY_SOURCE_MAX + 1, sizeof ((exmy_catalogue_entry *)0)->source);
    ck_assert_uint_eq(EXMY_FAMILY_MAX + 1, sizeof ((exmy_catalogue_entry *)0)->family);
    for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++) {
        for (size_t extra = 0; extra <= 1; extra++) {
            size_t n = lim[i].limit + extra;
            const char *f = lim[i].field;
            if (strcmp(f, "name") == 0) {
                snprintf(text, sizeof text, "family: F\n%s e3m2 - s\n", repeat(a, 'n', n));
            } else if (strcmp(f, "alias") == 0) {
                snprintf(text, sizeof text, "family: F\nx e3m2 %s s\n", repeat(a, 'a', n));
            } else if (strcmp(f, "aliases") == 0) {
                /* distinct words of 20 characters, comma-separated */
                for (size_t k = 0; k < n; k++)
                    a[k] = (k + 1) % 21 == 0 ? ',' : (char)('a' + k / 21);
                a[n] = '\0';
                snprintf(text, sizeof text, "family: F\nx e3m2 %s s\n", a);
            } else if (strcmp(f, "source") == 0) {
                snprintf(text, sizeof text, "family: F\nx e3m2 - %s\n", repeat(a, 's', n));
            } else {
                snprintf(text, sizeof text, "family: %s\nx e3m2 - s\n", repeat(a, 'f', n));
            }
            exmy_catalogue *cat = exmy_catalogue_new();
            ck_assert_ptr_nonnull(cat);
            char why[512] = "";
            exmy_status st = exmy_catalogue_load_string(cat, text, "lim.fmt", why, sizeof why);
            if (extra == 0) {
                ck_assert_msg(st == EXMY_OK, "%s of %zu characters: %s (%s)", f, n,
                              exmy_strerror(st), why);
            } else {
                snprintf(b, sizeof b, "longer than %zu characters", lim[i].limit);
                ck_assert_msg(st == EXMY_ESYNTAX && strncmp(why, "lim.fmt:", 8) == 0 &&
                                  strstr(why, b) != NULL,
                              "%s of %zu characters: %s, reason '%s' (want '%s')", f, n,
                              exmy_strerror(st), why, b);
                ck_assert_uint_eq(exmy_catalogue_size(cat), 0);
            }
            exmy_catalogue_free(cat);
        }
    }
}
END_TEST

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(data, 1, n, fp), n);
    ck_assert_int_eq(fclose(fp), 0);
}

/* .fmt input is bounded: EXMY_FMT_FILE_MAX bytes, no NUL, a regular file. */
START_TEST(test_fmt_file_size_and_kind)
{
    char dir[] = "/tmp/exmy_test_fmtdir_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/big.fmt", dir);
    /* Exactly the limit: a comment line filling it is fine. */
    size_t max = EXMY_FMT_FILE_MAX;
    char *text = malloc(max + 2);
    ck_assert_ptr_nonnull(text);
    memset(text, '#', max);
    text[max - 1] = '\n';
    exmy_catalogue *cat = exmy_catalogue_new();
    char why[512] = "";
    /* (one line of 1 MiB is too long for a line, so use many short ones) */
    for (size_t i = 80; i < max; i += 80)
        text[i] = '\n';
    write_file(path, text, max);
    exmy_status st = exmy_catalogue_load_file(cat, path, why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "%zu bytes: %s (%s)", max, exmy_strerror(st), why);
    /* One byte more is refused, by file and by string. */
    text[max] = '\n';
    write_file(path, text, max + 1);
    st = exmy_catalogue_load_file(cat, path, why, sizeof why);
    ck_assert_msg(st == EXMY_ESYNTAX && strstr(why, "larger than") && strstr(why, path),
                  "%zu bytes: %s (%s)", max + 1, exmy_strerror(st), why);
    text[max + 1] = '\0';
    st = exmy_catalogue_load_string(cat, text, "big", why, sizeof why);
    ck_assert_msg(st == EXMY_ESYNTAX && strstr(why, "larger than"), "string of %zu bytes: %s (%s)",
                  max + 1, exmy_strerror(st), why);
    /* A NUL byte anywhere. */
    const char nul[] = "family: F\nx e3m2 - s\0\nmore\n";
    write_file(path, nul, sizeof nul - 1);
    st = exmy_catalogue_load_file(cat, path, why, sizeof why);
    ck_assert_msg(st == EXMY_ESYNTAX && strstr(why, "NUL"), "NUL byte: %s (%s)",
                  exmy_strerror(st), why);
    /* An endless input fails at once (reads at most the limit + 1). */
    if (access("/dev/zero", R_OK) == 0) {
        st = exmy_catalogue_load_file(cat, "/dev/zero", why, sizeof why);
        ck_assert_msg(st == EXMY_ESYNTAX && strstr(why, "NUL"), "/dev/zero: %s (%s)",
                      exmy_strerror(st), why);
    }
    /* A directory says so. */
    st = exmy_catalogue_load_file(cat, dir, why, sizeof why);
    ck_assert_msg(st == EXMY_EIO && strstr(why, "is a directory"), "directory: %s (%s)",
                  exmy_strerror(st), why);
    ck_assert_uint_eq(exmy_catalogue_size(cat), 0);
    exmy_catalogue_free(cat);
    free(text);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* One table per enum: every value's name maps back to it in any case, and
 * an unknown name or an out-of-range value is refused, not guessed. */
START_TEST(test_enum_names_round_trip)
{
    char up[32];
#define ROUND_TRIP(TYPE, PREFIX, LAST)                                                          \
    for (unsigned v = 0; v <= (unsigned)(LAST); v++) {                                          \
        const char *nm = PREFIX##_name((TYPE)v);                                                \
        ck_assert_msg(strcmp(nm, "?") != 0, #PREFIX " %u has no name", v);                      \
        size_t i = 0;                                                                           \
        for (; nm[i] && i + 1 < sizeof up; i++)                                                 \
            up[i] = (char)toupper((unsigned char)nm[i]);                                        \
        up[i] = '\0';                                                                           \
        TYPE back = (TYPE)0, back_up = (TYPE)0;                                                 \
        exmy_status st = PREFIX##_from_name(nm, &back);                                         \
        ck_assert_msg(st == EXMY_OK && (unsigned)back == v, #PREFIX " '%s': %s, gave %u", nm,   \
                      exmy_strerror(st), (unsigned)back);                                       \
        st = PREFIX##_from_name(up, &back_up);                                                  \
        ck_assert_msg(st == EXMY_OK && (unsigned)back_up == v, #PREFIX " '%s': %s", up,         \
                      exmy_strerror(st));                                                       \
        for (unsigned w = 0; w < v; w++)                                                        \
            ck_assert_msg(strcmp(PREFIX##_name((TYPE)w), nm) != 0, #PREFIX " %u and %u: '%s'", \
                          w, v, nm);                                                            \
    }                                                                                           \
    ck_assert_str_eq(PREFIX##_name((TYPE)((unsigned)(LAST) + 1)), "?");                          \
    {                                                                                           \
        TYPE keep = (LAST);                                                                     \
        ck_assert_int_eq(PREFIX##_from_name("no-such-name", &keep), EXMY_EINVAL);              \
        ck_assert_int_eq((int)keep, (int)(LAST));                                               \
        ck_assert_int_eq(PREFIX##_from_name(NULL, &keep), EXMY_EINVAL);                        \
        ck_assert_int_eq(PREFIX##_from_name(PREFIX##_name((TYPE)0), NULL), EXMY_EINVAL);       \
    }
    ROUND_TRIP(exmy_round, exmy_round, EXMY_SR_C)
    ROUND_TRIP(exmy_sat, exmy_sat, EXMY_NOSAT)
    ROUND_TRIP(exmy_type, exmy_type, EXMY_TYPE_BF16)
    ROUND_TRIP(exmy_isa, exmy_isa, EXMY_ISA_AVX512)
    ROUND_TRIP(exmy_class, exmy_class, EXMY_CLASS_NAN)
    ROUND_TRIP(exmy_dist_kind, exmy_dist_kind, EXMY_DIST_DATA)
#undef ROUND_TRIP
    /* The spellings the command line and the CSV columns document. */
    ck_assert_str_eq(exmy_round_name(EXMY_SR_A), "sr-a");
    ck_assert_str_eq(exmy_sat_name(EXMY_SATPROPAGATE), "satpropagate");
    ck_assert_str_eq(exmy_type_name(EXMY_TYPE_BF16), "bf16");
    ck_assert_str_eq(exmy_isa_name(EXMY_ISA_AVX512), "avx512");
    ck_assert_str_eq(exmy_class_name(EXMY_CLASS_SUBNORMAL), "subnormal");
    ck_assert_str_eq(exmy_dist_kind_name(EXMY_DIST_STUDENT_T), "student-t");
}
END_TEST

START_TEST(test_catalogue_load_file)
{
    char path[] = "/tmp/exmy_test_fmt_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *good = "family: File\nfilefmt e2m3:finite:nans=0 - from a file\n";
    ck_assert(write(fd, good, strlen(good)) == (ssize_t)strlen(good));
    close(fd);
    exmy_catalogue *cat = exmy_catalogue_new();
    char why[512] = "";
    ck_assert_msg(exmy_catalogue_load_file(cat, path, why, sizeof why) == EXMY_OK, "%s", why);
    ck_assert_ptr_nonnull(exmy_catalogue_find(cat, "filefmt"));
    /* Loading it again duplicates the name: the error names the file and line. */
    exmy_status st = exmy_catalogue_load_file(cat, path, why, sizeof why);
    ck_assert_int_eq(st, EXMY_EDUPLICATE);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s:2:", path);
    ck_assert_msg(strncmp(why, prefix, strlen(prefix)) == 0, "reason '%s'", why);
    ck_assert_uint_eq(exmy_catalogue_size(cat), 1);
    unlink(path);
    ck_assert_int_eq(exmy_catalogue_load_file(cat, path, why, sizeof why), EXMY_EIO);
    ck_assert_msg(strstr(why, path) != NULL, "reason '%s' does not name the file", why);
    exmy_catalogue_free(cat);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("format");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_validate_rejects);
    tcase_add_test(tc, test_validate_accepts_edges);
    tcase_add_test(tc, test_spec_constants);
    tcase_add_test(tc, test_info_vs_model);
    tcase_add_test(tc, test_classify_decode);
    tcase_add_test(tc, test_value_lists);
    tcase_add_test(tc, test_parse_names);
    tcase_add_test(tc, test_parse_generic);
    tcase_add_test(tc, test_parse_errors);
    tcase_add_test(tc, test_to_string_roundtrip);
    tcase_add_test(tc, test_catalogue_builtin);
    tcase_add_test(tc, test_catalogue_load_good);
    tcase_add_test(tc, test_catalogue_load_errors);
    tcase_add_test(tc, test_catalogue_load_file);
    tcase_add_test(tc, test_spec_options_any_case);
    tcase_add_test(tc, test_spec_too_wide_names_the_limit);
    tcase_add_test(tc, test_fmt_name_reading_as_generic_spec);
    tcase_add_test(tc, test_fmt_field_limits);
    tcase_add_test(tc, test_fmt_file_size_and_kind);
    tcase_add_test(tc, test_enum_names_round_trip);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
