/* Judging a block quantiser's output (exmy_block_check, its summary and
 * describe lines).
 *
 * The "kernel" here is exmy_block_quantize itself, whose output the check
 * must accept in full; mismatches are then planted by hand, one at a time,
 * in elements whose class is built in the test from first principles: the
 * element format's values from its descriptor (bias, precision, subnormals:
 * exmy.h's descriptor semantics, written out below) at a block scale 2^k
 * that OCP MX v1.0 §6.3 Algorithm 1 fixes by an anchor element, so that the
 * class (tie, subnormal, saturating overflow, NaN) and the code exmy must
 * write are known without the library. The report lines are pinned against
 * text written by hand. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static exmy_block_format named(const char *name)
{
    const exmy_block_format *bf = exmy_catalogue_find_block(tu_catalogue(), name);
    ck_assert_msg(bf != NULL, "no block format %s in the catalogue", name);
    return *bf;
}

static exmy_block_opts opts0(void)
{
    exmy_block_opts o;
    memset(&o, 0, sizeof o);
    return o;
}

static void quantize_ok(const exmy_block_format *bf, exmy_type t, const void *in, size_t rows,
                        size_t cols, const exmy_block_opts *o, void *codes, void *scales,
                        float *ts)
{
    exmy_status st = exmy_block_quantize(bf, t, in, rows, cols, o, codes, scales, ts);
    ck_assert_msg(st == EXMY_OK, "%s: exmy_block_quantize: %s", bf->name, exmy_strerror(st));
}

static exmy_block_check_result check_ok(const exmy_block_format *bf, exmy_type t, const void *in,
                                        size_t rows, size_t cols, const exmy_block_opts *o,
                                        float *ts, const void *codes, const void *scales)
{
    exmy_block_check_result res;
    memset(&res, 0, sizeof res);
    exmy_status st = exmy_block_check(bf, t, in, rows, cols, o, ts, codes, scales, &res);
    ck_assert_msg(st == EXMY_OK, "%s: exmy_block_check: %s", bf->name, exmy_strerror(st));
    return res;
}

static const char *summary(const exmy_block_format *bf, exmy_type t,
                           const exmy_block_check_result *res)
{
    static char buf[512];
    exmy_block_check_summary(bf, t, res, buf, sizeof buf);
    return buf;
}

/* Field by field: a struct's padding is not part of its value. */
static bool same_record(const exmy_block_mismatch *a, const exmy_block_mismatch *b)
{
    return a->row == b->row && a->col == b->col && a->scale == b->scale &&
           a->xbits == b->xbits && a->expected == b->expected && a->got == b->got &&
           a->r == b->r && a->sr_bits == b->sr_bits && a->cls == b->cls;
}

/* Every counter of two results, and their kept records. */
static void assert_same_result(const exmy_block_check_result *a, const exmy_block_check_result *b,
                               const char *what)
{
    ck_assert_msg(a->blocks == b->blocks && a->elements == b->elements &&
                      a->scale_mismatches == b->scale_mismatches &&
                      a->nan_blocks == b->nan_blocks && a->mismatches == b->mismatches &&
                      a->unjudged == b->unjudged && a->kept == b->kept,
                  "%s: totals differ: %llu/%llu blocks, %llu/%llu elements, %llu/%llu "
                  "mismatches, %zu/%zu kept",
                  what, (unsigned long long)a->blocks, (unsigned long long)b->blocks,
                  (unsigned long long)a->elements, (unsigned long long)b->elements,
                  (unsigned long long)a->mismatches, (unsigned long long)b->mismatches, a->kept,
                  b->kept);
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++)
        ck_assert_msg(a->count[c] == b->count[c] && a->mismatch[c] == b->mismatch[c],
                      "%s: class %s differs", what, exmy_check_class_name((exmy_check_class)c));
    for (size_t k = 0; k < a->kept; k++)
        ck_assert_msg(same_record(&a->first[k], &b->first[k]),
                      "%s: kept record %zu differs (row %llu col %llu vs row %llu col %llu)", what,
                      k, (unsigned long long)a->first[k].row, (unsigned long long)a->first[k].col,
                      (unsigned long long)b->first[k].row, (unsigned long long)b->first[k].col);
}

/* The class counts add up to the judged elements, and every element is
 * judged or unjudged. */
static void assert_consistent(const exmy_block_check_result *res, size_t rows, size_t cols,
                              const char *what)
{
    uint64_t sum = 0, msum = 0;
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++) {
        sum += res->count[c];
        msum += res->mismatch[c];
    }
    ck_assert_msg(sum == res->elements, "%s: class counts %llu, elements %llu", what,
                  (unsigned long long)sum, (unsigned long long)res->elements);
    ck_assert_msg(msum == res->mismatches, "%s: class mismatches %llu, mismatches %llu", what,
                  (unsigned long long)msum, (unsigned long long)res->mismatches);
    ck_assert_msg(res->elements + res->unjudged == (uint64_t)rows * cols,
                  "%s: %llu judged + %llu unjudged of %zu", what,
                  (unsigned long long)res->elements, (unsigned long long)res->unjudged,
                  rows * cols);
}

/* Random binary32 values: random sign and significand, exponent uniform in
 * [-24, 24], one in 16 a zero of either sign. */
static float rand_f32(tu_rng *g)
{
    uint64_t u = tu_next(g);
    if ((u & 15) == 0)
        return (u & 16) ? -0.0f : 0.0f;
    int e = (int)((u >> 8) % 49) - 24;
    float m = 1.0f + (float)((u >> 20) & 0x7fffff) * 0x1p-23f;
    return (u & 32) ? -ldexpf(m, e) : ldexpf(m, e);
}

/* ---------------------------- element values from the descriptor (exmy.h) */

/* The value of magnitude code c of a format by its descriptor: exponent
 * field e = c >> M, mantissa m; e == 0 with subnormals: m * 2^(1 - bias - M);
 * else (2^M + m) * 2^(e - bias - M). */
static double mag_value(const exmy_format *f, uint32_t c)
{
    int M = (int)f->precision - 1;
    uint32_t e = c >> M, m = c & ((1u << M) - 1);
    if (e == 0 && f->subnormals)
        return ldexp((double)m, 1 - f->bias - M);
    return ldexp((double)((1u << M) + m), (int)e - f->bias - M);
}

/* ------------------------------------------------------------ the tests */

static const char *const named_formats[] = {
    "mxfp8_e4m3",      "mxfp8_e5m2",      "mxfp6_e3m2", "mxfp6_e2m3", "mxfp4_e2m1", "mxint8",
    "mxfp8_e4m3_ceil", "mxfp4_e2m1_ceil", "mxfp4_e2m1_even", "nvfp4",
};

/* The quantiser's own codes and scales are accepted in full: every named
 * format of formats/mx.blk (and every other block format of the
 * catalogue), several shapes (one block, several rows, a short tail), the
 * four input types. */
START_TEST(test_quantizer_output_matches_every_format_and_shape)
{
    const exmy_catalogue *cat = tu_catalogue();
    for (size_t i = 0; i < sizeof named_formats / sizeof named_formats[0]; i++)
        ck_assert_msg(exmy_catalogue_find_block(cat, named_formats[i]) != NULL, "%s missing",
                      named_formats[i]);
    tu_rng g = {1};
    for (size_t f = 0; f < exmy_catalogue_block_count(cat); f++) {
        exmy_block_format bf = *exmy_catalogue_block_at(cat, f);
        size_t B = bf.block;
        const struct {
            size_t rows, cols;
            exmy_type type;
        } shapes[] = {
            {1, B, EXMY_TYPE_F32},         {3, 4 * B, EXMY_TYPE_F32},
            {2, 3 * B + 5, EXMY_TYPE_F32}, {2, 2 * B + 3, EXMY_TYPE_F64},
            {2, 2 * B, EXMY_TYPE_BF16},    {1, 2 * B, EXMY_TYPE_F16},
        };
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            size_t R = shapes[s].rows, C = shapes[s].cols, N = R * C;
            exmy_type t = shapes[s].type;
            exmy_block_opts o = opts0();
            o.tail = C % B ? EXMY_TAIL_SHORT : EXMY_TAIL_ERROR;
            double *v = malloc(N * sizeof(double));
            uint8_t *codes = malloc(N), *scales = malloc(R * (C / B + 1));
            for (size_t i = 0; i < N; i++) {
                float x = rand_f32(&g);
                if (t == EXMY_TYPE_F64)
                    v[i] = x;
                else if (t == EXMY_TYPE_F32)
                    memcpy((float *)v + i, &x, 4);
                else { /* bf16: the top half; f16: a small value's bits */
                    uint16_t h = t == EXMY_TYPE_BF16 ? (uint16_t)(tu_f32_bits(x) >> 16)
                                                     : (uint16_t)(tu_next(&g) & 0x7bff);
                    memcpy((uint16_t *)v + i, &h, 2);
                }
            }
            float ts = 0, ts2 = -1;
            quantize_ok(&bf, t, v, R, C, &o, codes, scales, &ts);
            exmy_block_check_result res = check_ok(&bf, t, v, R, C, &o, &ts2, codes, scales);
            char what[96];
            snprintf(what, sizeof what, "%s %zux%zu type %d", bf.name, R, C, (int)t);
            ck_assert_msg(res.mismatches == 0 && res.scale_mismatches == 0, "%s: %s", what,
                          summary(&bf, t, &res));
            ck_assert_msg(res.blocks == R * ((C + B - 1) / B), "%s: %llu blocks", what,
                          (unsigned long long)res.blocks);
            ck_assert_msg(res.unjudged == 0 && res.nan_blocks == 0, "%s: unjudged %llu", what,
                          (unsigned long long)res.unjudged);
            assert_consistent(&res, R, C, what);
            if (bf.tensor_scale)
                ck_assert_msg(ts2 == ts, "%s: tensor scale written back %a, quantiser %a", what,
                              (double)ts2, (double)ts);
            free(v);
            free(codes);
            free(scales);
        }
    }
}
END_TEST

/* One corrupted scale: exactly one scale mismatch, its block's elements
 * unjudged (a corrupted element there is not counted), the kept record
 * naming the block's row, first column and amax bits. */
START_TEST(test_one_corrupt_scale_is_one_scale_mismatch)
{
    exmy_block_format bf = named("mxfp8_e4m3");
    enum { R = 4, C = 64 };
    float v[R * C];
    uint8_t codes[R * C], scales[R * 2];
    tu_rng g = {2};
    for (size_t i = 0; i < R * C; i++)
        v[i] = ldexpf(1.0f + (float)(tu_next(&g) >> 41) * 0x1p-23f, -3) *
               ((tu_next(&g) & 1) ? -1.0f : 1.0f); /* |v| < 2^-2 */
    v[2 * C + 40] = -300.0f; /* the amax of row 2, block 1 */
    exmy_block_opts o = opts0();
    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, codes, scales, NULL);
    exmy_block_check_result res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes, scales);
    ck_assert_str_eq(summary(&bf, EXMY_TYPE_F32, &res), "8 blocks (256 elements), all match");
    /* OCP MX v1.0 §6.3: 300 = 1.17 * 2^8, e4m3's emax_elem is 8: X = 2^0, E8M0 code 127 */
    ck_assert_int_eq(scales[2 * 2 + 1], 127);
    uint8_t bad = scales[2 * 2 + 1] + 1;
    scales[2 * 2 + 1] = bad;
    codes[2 * C + 50] ^= 1; /* unjudged: its block's scale differs */
    res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes, scales);
    ck_assert_msg(res.scale_mismatches == 1 && res.mismatches == 0, "%s",
                  summary(&bf, EXMY_TYPE_F32, &res));
    ck_assert_int_eq(res.unjudged, 32);
    ck_assert_int_eq(res.elements, R * C - 32);
    ck_assert_int_eq(res.blocks, 8);
    ck_assert_int_eq(res.kept, 1);
    const exmy_block_mismatch *m = &res.first[0];
    ck_assert(m->scale);
    ck_assert_int_eq(m->row, 2);
    ck_assert_int_eq(m->col, 32);
    ck_assert_msg(m->xbits == 0x43960000u, "amax bits 0x%llx, expected 300.0f's 0x43960000",
                  (unsigned long long)m->xbits);
    ck_assert_int_eq(m->expected, 127);
    ck_assert_int_eq(m->got, bad);
    ck_assert_int_eq(m->cls, EXMY_CHECK_EXACT);
    assert_consistent(&res, R, C, "corrupt scale");
}
END_TEST

/* A block of mxfp8_e4m3 whose scale is 2^k: an anchor 256 * 2^k at column 0
 * (floor(log2 amax) = 8 + k, e4m3's emax_elem 8: OCP MX v1.0 §6.3 gives
 * X = 2^k) and exact element values (1 + i/8) * 2^k elsewhere; `planted`
 * at column 7. Returns the check after the kernel's code of column 7 is
 * replaced by `corrupt`. */
static exmy_block_check_result one_planted(const exmy_block_format *bf, int k, float planted,
                                           uint32_t *expected7, int corrupt_delta)
{
    float v[32];
    uint8_t codes[32], scales[1];
    v[0] = ldexpf(256.0f, k);
    for (int i = 1; i < 32; i++)
        v[i] = ldexpf(1.0f + (float)(i % 8) / 8.0f, k);
    v[7] = planted;
    exmy_block_opts o = opts0();
    quantize_ok(bf, EXMY_TYPE_F32, v, 1, 32, &o, codes, scales, NULL);
    ck_assert_int_eq(scales[0], 127 + k);
    *expected7 = codes[7];
    codes[7] = (uint8_t)(codes[7] + corrupt_delta);
    return check_ok(bf, EXMY_TYPE_F32, v, 1, 32, &o, NULL, codes, scales);
}

static void assert_one_in_class(const exmy_block_check_result *res, exmy_check_class cls,
                                uint64_t col, const char *what)
{
    ck_assert_msg(res->mismatches == 1 && res->scale_mismatches == 0, "%s: %llu mismatches", what,
                  (unsigned long long)res->mismatches);
    ck_assert_msg(res->mismatch[cls] == 1, "%s: not a %s mismatch (first: %s)", what,
                  exmy_check_class_name(cls), exmy_check_class_name(res->first[0].cls));
    ck_assert_int_eq(res->kept, 1);
    ck_assert_int_eq(res->first[0].cls, cls);
    ck_assert_int_eq(res->first[0].col, col);
    ck_assert(!res->first[0].scale);
    ck_assert_uint_ge(res->count[cls], 1);
}

/* Corrupted elements of each class, built from e4m3fn's values (bias 7,
 * precision 4, subnormals; max 448 = code 0x7e) at X = 2^-3. */
START_TEST(test_one_corrupt_element_per_class)
{
    exmy_block_format bf = named("mxfp8_e4m3");
    const int k = -3;
    uint32_t want;
    /* tie: half-way between the magnitudes 0x31 and 0x32 (odd, even): rne
     * takes the even code */
    double mid = (mag_value(&bf.elem, 0x31) + mag_value(&bf.elem, 0x32)) / 2;
    exmy_block_check_result res = one_planted(&bf, k, (float)ldexp(mid, k), &want, -1);
    ck_assert_int_eq(want, 0x32);
    assert_one_in_class(&res, EXMY_CHECK_TIE, 7, "tie");
    ck_assert_int_eq(res.first[0].expected, 0x32);
    ck_assert_int_eq(res.first[0].got, 0x31);
    ck_assert_msg(res.first[0].xbits == tu_f32_bits((float)ldexp(mid, k)), "tie input bits");
    /* the same tie, negative */
    res = one_planted(&bf, k, -(float)ldexp(mid, k), &want, -1);
    ck_assert_int_eq(want, 0x80 | 0x32);
    assert_one_in_class(&res, EXMY_CHECK_TIE, 7, "negative tie");
    /* subnormal: magnitude code 3 (3 * 2^-9), exact */
    res = one_planted(&bf, k, (float)ldexp(mag_value(&bf.elem, 3), k), &want, -1);
    ck_assert_int_eq(want, 3);
    assert_one_in_class(&res, EXMY_CHECK_SUBNORMAL, 7, "subnormal");
    /* overflow that saturates: 500 * 2^k (floor(log2 500) = 8, still X =
     * 2^k) is above 448 and the midpoint 464: satfinite writes max, 0x7e */
    res = one_planted(&bf, k, ldexpf(500.0f, k), &want, -1);
    ck_assert_int_eq(want, 0x7e);
    assert_one_in_class(&res, EXMY_CHECK_OVERFLOW, 7, "overflow");
    /* underflow: 2^-12 is below half the smallest subnormal 2^-9 */
    res = one_planted(&bf, k, ldexpf(1.0f, -12 + k), &want, 1);
    ck_assert_int_eq(want, 0);
    assert_one_in_class(&res, EXMY_CHECK_UNDERFLOW, 7, "underflow");
    /* inexact, not a tie: a quarter of the way from 1 to 1.125 */
    res = one_planted(&bf, k, ldexpf(1.03125f, k), &want, 1);
    ck_assert_int_eq(want, 0x38);
    assert_one_in_class(&res, EXMY_CHECK_INEXACT, 7, "inexact");
}
END_TEST

/* MXINT8: codes are two's complement k (value k * 2^-6 * X); the class is
 * its sign-magnitude stand-in's. amax 1 * 2^k with emax_elem 0 gives X =
 * 2^k; -5/128 * 2^k is half-way between -2/64 and -3/64: rne takes -2, code
 * 0xfe. */
START_TEST(test_mxint8_tie_in_twos_complement)
{
    exmy_block_format bf = named("mxint8");
    const int k = 5;
    float v[32];
    uint8_t codes[32], scales[1];
    for (int i = 0; i < 32; i++)
        v[i] = ldexpf((float)(i - 16) / 64.0f, k); /* exact: codes i - 16 */
    v[0] = ldexpf(1.0f, k);
    v[9] = ldexpf(-5.0f / 128.0f, k);
    exmy_block_opts o = opts0();
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, codes, scales, NULL);
    ck_assert_int_eq(scales[0], 127 + k);
    ck_assert_int_eq(codes[0], 64);
    ck_assert_int_eq(codes[3], (uint8_t)-13);
    ck_assert_int_eq(codes[9], 0xfe);
    exmy_block_check_result res = check_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, NULL, codes, scales);
    ck_assert_int_eq(res.mismatches, 0);
    ck_assert_int_eq(res.count[EXMY_CHECK_TIE], 1);
    ck_assert_int_eq(res.count[EXMY_CHECK_EXACT], 31);
    codes[9] = 0xfd;
    res = check_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, NULL, codes, scales);
    assert_one_in_class(&res, EXMY_CHECK_TIE, 9, "mxint8 tie");
    ck_assert_int_eq(res.first[0].expected, 0xfe);
    ck_assert_int_eq(res.first[0].got, 0xfd);
}
END_TEST

/* A block format whose scale has no NaN (E8M0 without its NaN code), so that
 * a NaN block's NaN is carried by its elements and they are judged. */
static exmy_block_format nanless_scale(const char *elem)
{
    exmy_block_format bf;
    memset(&bf, 0, sizeof bf);
    bf.kind = EXMY_ELEM_FLOAT;
    bf.elem = tu_format(elem);
    bf.scale = tu_format("e8m0:unsigned:finite:nans=0:nosub:nozero");
    bf.block = 32;
    bf.rule = EXMY_SCALE_FLOOR;
    char why[200];
    ck_assert_msg(exmy_block_validate(&bf, why, sizeof why) == EXMY_OK, "%s", why);
    return bf;
}

/* A NaN in a block whose elements carry the NaN: NaN codes of another
 * payload or sign are accepted, a non-NaN code is one mismatch of class
 * nan; the Inf input's class is inf. */
START_TEST(test_nan_block_elements_nan_codes_of_any_payload)
{
    float v[32];
    for (int i = 0; i < 32; i++)
        v[i] = (float)i;
    v[7] = NAN;
    v[12] = -INFINITY;
    uint8_t codes[32], scales[1];
    exmy_block_opts o = opts0();
    /* e4m3fn: NaN codes 0x7f and 0xff */
    exmy_block_format bf = nanless_scale("e4m3fn");
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, codes, scales, NULL);
    ck_assert_int_eq(codes[7], 0x7f);
    codes[3] = 0xff;
    exmy_block_check_result res = check_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, NULL, codes, scales);
    ck_assert_msg(res.mismatches == 0, "%s", summary(&bf, EXMY_TYPE_F32, &res));
    ck_assert_int_eq(res.nan_blocks, 1);
    ck_assert_int_eq(res.elements, 32);
    ck_assert_int_eq(res.count[EXMY_CHECK_NAN_IN], 31);
    ck_assert_int_eq(res.count[EXMY_CHECK_INF_IN], 1);
    codes[7] = 0x7e;
    res = check_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, NULL, codes, scales);
    assert_one_in_class(&res, EXMY_CHECK_NAN_IN, 7, "e4m3fn nan");
    /* e5m2: NaN codes 0x7d..0x7f and 0xfd..0xff; 0x7c is +Inf */
    bf = nanless_scale("e5m2");
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, codes, scales, NULL);
    ck_assert_msg((codes[7] & 0x7f) >= 0x7d, "e5m2 NaN code 0x%02x", codes[7]);
    codes[1] = 0x7d;
    codes[2] = 0xfe;
    codes[3] = 0xff;
    codes[4] = 0x7f;
    res = check_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, NULL, codes, scales);
    ck_assert_msg(res.mismatches == 0, "%s", summary(&bf, EXMY_TYPE_F32, &res));
    codes[12] = 0xfc; /* -Inf is not a NaN */
    res = check_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, NULL, codes, scales);
    assert_one_in_class(&res, EXMY_CHECK_INF_IN, 12, "e5m2 inf in a nan block");
}
END_TEST

/* Under an expected NaN scale the block is NaN whatever its elements hold
 * (OCP MX v1.0 §6.3): they are never judged, in MXFP8 (NaN elements), MXFP4
 * (none) and NVFP4, where the scale's other NaN code (0xff in e4m3fn) is
 * accepted. */
START_TEST(test_nan_scale_block_elements_never_judged)
{
    const char *names[] = {"mxfp8_e4m3", "mxfp4_e2m1", "nvfp4"};
    for (size_t f = 0; f < 3; f++) {
        exmy_block_format bf = named(names[f]);
        size_t B = bf.block, C = 2 * B;
        float v[64];
        uint8_t codes[64], scales[2];
        for (size_t i = 0; i < C; i++)
            v[i] = (float)i / 8;
        v[B + 3] = NAN;
        exmy_block_opts o = opts0();
        float ts = 0;
        quantize_ok(&bf, EXMY_TYPE_F32, v, 1, C, &o, codes, scales, &ts);
        for (size_t i = B; i < C; i++)
            codes[i] = (uint8_t)(i * 37 + 5) & (bf.elem.bits == 4 ? 0x0f : 0xff);
        if (bf.tensor_scale) {
            ck_assert_int_eq(scales[1], 0x7f);
            scales[1] = 0xff;
        }
        exmy_block_check_result res =
            check_ok(&bf, EXMY_TYPE_F32, v, 1, C, &o, &ts, codes, scales);
        ck_assert_msg(res.mismatches == 0 && res.scale_mismatches == 0, "%s: %s", names[f],
                      summary(&bf, EXMY_TYPE_F32, &res));
        ck_assert_int_eq(res.nan_blocks, 1);
        ck_assert_int_eq(res.unjudged, B);
        ck_assert_int_eq(res.elements, B);
        ck_assert_int_eq(res.count[EXMY_CHECK_NAN_IN], 0);
    }
}
END_TEST

/* Stochastic rounding, with the caller's random bits and with Philox: the
 * quantiser's codes under the same bits match; under other bits the check
 * finds mismatches, the same totals and records whether the rows come in
 * one call or three chunks (index0 = elements before the chunk; rows
 * numbered globally), and each record carries R. */
START_TEST(test_stochastic_chunks_same_totals)
{
    exmy_block_format bf = named("mxfp4_e2m1");
    enum { R = 6, C = 64, N = R * C };
    float v[N];
    uint32_t rnd[N], rnd2[N];
    uint8_t codes[N], scales[R * 2];
    tu_rng g = {7};
    for (size_t i = 0; i < N; i++) {
        v[i] = rand_f32(&g);
        rnd[i] = (uint32_t)tu_next(&g);
        rnd2[i] = (uint32_t)tu_next(&g);
    }
    for (int philox = 0; philox < 2; philox++) {
        exmy_block_opts o = opts0();
        o.elem.conv = (exmy_opts){EXMY_SR_A, EXMY_SATFINITE, 8};
        o.elem.random = philox ? NULL : rnd;
        o.elem.seed = 0xfeedull;
        quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, codes, scales, NULL);
        exmy_block_check_result res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes,
                                               scales);
        ck_assert_msg(res.mismatches == 0, "%s", summary(&bf, EXMY_TYPE_F32, &res));
        /* the kernel drew other bits */
        exmy_block_opts k = o;
        k.elem.random = philox ? NULL : rnd2;
        k.elem.seed = 0xbeefull;
        quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &k, codes, scales, NULL);
        exmy_block_check_result one = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes,
                                               scales);
        ck_assert_msg(one.mismatches > 0 && one.scale_mismatches == 0, "%s",
                      summary(&bf, EXMY_TYPE_F32, &one));
        exmy_block_check_result chunks;
        memset(&chunks, 0, sizeof chunks);
        for (size_t r0 = 0; r0 < R; r0 += 2) {
            exmy_block_opts c = o;
            c.elem.index0 = r0 * C;
            if (!philox)
                c.elem.random = rnd + r0 * C;
            ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, v + r0 * C, 2, C, &c, NULL,
                                              codes + r0 * C, scales + r0 * 2, &chunks),
                             EXMY_OK);
        }
        assert_same_result(&one, &chunks, philox ? "philox chunks" : "random chunks");
        assert_consistent(&one, R, C, "stochastic");
        for (size_t j = 0; j < one.kept; j++) {
            const exmy_block_mismatch *m = &one.first[j];
            size_t gi = (size_t)(m->row * C + m->col);
            uint32_t want_r = philox ? exmy_philox_bits(o.elem.seed, gi, 8) : rnd[gi] & 0xff;
            ck_assert_msg(m->r == want_r && m->sr_bits == 8,
                          "record %zu (row %llu col %llu): R 0x%x, expected 0x%x", j,
                          (unsigned long long)m->row, (unsigned long long)m->col, m->r, want_r);
            ck_assert_int_eq(m->got, codes[gi]);
        }
    }
}
END_TEST

/* Packed FP4 codes (two to a byte, the first in the low nibble, each row
 * starting on a byte), with a short tail: 45 columns, 23 bytes a row. */
START_TEST(test_packed_fp4_rows)
{
    exmy_block_format bf = named("mxfp4_e2m1");
    enum { R = 3, C = 45, RB = 23 };
    float v[R * C];
    uint8_t packed[R * RB], scales[R * 2];
    tu_rng g = {9};
    for (size_t i = 0; i < R * C; i++)
        v[i] = rand_f32(&g);
    exmy_block_opts o = opts0();
    o.tail = EXMY_TAIL_SHORT;
    o.packed = true;
    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, packed, scales, NULL);
    exmy_block_check_result res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, packed, scales);
    ck_assert_msg(res.mismatches == 0 && res.scale_mismatches == 0, "%s",
                  summary(&bf, EXMY_TYPE_F32, &res));
    ck_assert_int_eq(res.blocks, R * 2);
    /* row 1, column 33: byte 16 of the row, high nibble */
    uint8_t before = packed[1 * RB + 16] >> 4;
    packed[1 * RB + 16] ^= 0x10;
    res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, packed, scales);
    ck_assert_int_eq(res.mismatches, 1);
    ck_assert_int_eq(res.first[0].row, 1);
    ck_assert_int_eq(res.first[0].col, 33);
    ck_assert_int_eq(res.first[0].expected, before);
    ck_assert_int_eq(res.first[0].got, before ^ 1);
    ck_assert_msg(res.first[0].xbits == tu_f32_bits(v[C + 33]), "input bits");
}
END_TEST

/* NVFP4's tensor scale: computed (amax / (6 * 448): 1344 gives 0.5) and
 * written back, or the kernel's own, given. */
START_TEST(test_nvfp4_tensor_scale_given_and_computed)
{
    exmy_block_format bf = named("nvfp4");
    enum { R = 2, C = 32 };
    float v[R * C];
    uint8_t codes[R * C], scales[R * 2];
    for (size_t i = 0; i < R * C; i++)
        v[i] = (float)((int)(i * 7 % 23) - 11) * 0.375f;
    v[37] = -1344.0f;
    exmy_block_opts o = opts0();
    float ts = 0;
    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, codes, scales, &ts);
    ck_assert_msg(ts == 0.5f, "tensor scale %a", (double)ts);
    float back = -1;
    exmy_block_check_result res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, &back, codes, scales);
    ck_assert_msg(res.mismatches == 0 && res.scale_mismatches == 0, "%s",
                  summary(&bf, EXMY_TYPE_F32, &res));
    ck_assert_msg(back == 0.5f, "written back %a", (double)back);
    res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes, scales); /* NULL: not written */
    ck_assert_int_eq(res.mismatches + res.scale_mismatches, 0);

    /* a kernel with a tensor scale of its own: 0.25 */
    exmy_block_opts given = o;
    given.tensor_scale_given = true;
    float kts = 0.25f;
    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &given, codes, scales, &kts);
    res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &given, &kts, codes, scales);
    ck_assert_msg(res.mismatches == 0 && res.scale_mismatches == 0, "%s",
                  summary(&bf, EXMY_TYPE_F32, &res));
    ck_assert_msg(kts == 0.25f, "a given tensor scale is not written");
    /* judged with exmy's own (0.5), the scales differ */
    back = -1;
    res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, &back, codes, scales);
    ck_assert_uint_gt(res.scale_mismatches, 0);
    ck_assert_msg(back == 0.5f, "written back %a", (double)back);
    /* to be given but missing */
    exmy_block_check_result z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, v, R, C, &given, NULL, codes, scales, &z),
                     EXMY_EINVAL);
}
END_TEST

/* The report lines, written by hand. mxfp8_e4m3, 2 x 64 binary32:
 * row 0 block 1 has amax 0x1.fffffep+7 (floor(log2) = 7, emax_elem 8:
 * X = 2^-1, E8M0 code 126 = 0x7e), its scale corrupted to 0x80; row 1
 * block 0 has amax 256 (X = 1) and at column 5 1.1875 = 0x1.3p+0, half-way
 * between e4m3fn's 1.125 (0x39) and 1.25 (0x3a): rne writes 0x3a, the
 * kernel 0x39. */
START_TEST(test_summary_and_describe_pinned)
{
    exmy_block_format bf = named("mxfp8_e4m3");
    enum { R = 2, C = 64 };
    float v[R * C];
    uint8_t codes[R * C], scales[R * 2];
    for (size_t i = 0; i < R * C; i++)
        v[i] = 1.0f;
    v[0] = 256.0f;
    v[32] = tu_f32_from_bits(0x437fffffu);
    v[C + 0] = 256.0f;
    v[C + 5] = 1.1875f;
    exmy_block_opts o = opts0();
    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, codes, scales, NULL);
    exmy_block_check_result res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes, scales);
    ck_assert_str_eq(summary(&bf, EXMY_TYPE_F32, &res), "4 blocks (128 elements), all match");
    ck_assert_int_eq(scales[1], 0x7e);
    ck_assert_int_eq(codes[C + 5], 0x3a);
    scales[1] = 0x80;
    codes[C + 5] = 0x39;
    res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes, scales);
    ck_assert_str_eq(summary(&bf, EXMY_TYPE_F32, &res),
                     "1 of 4 blocks have another scale, 1 of 96 judged elements differ (tie 1); "
                     "first: row 0 col 32: scale of amax 0x1.fffffep+7 (0x437fffff): expected "
                     "0x7e, got 0x80");
    ck_assert_int_eq(res.kept, 2);
    char buf[200];
    int n = exmy_block_check_describe(&bf, EXMY_TYPE_F32, &res.first[1], buf, sizeof buf);
    const char *want = "row 1 col 5: input 0x1.3p+0 (0x3f980000) tie: expected 0x3a, got 0x39";
    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(n, (int)strlen(want));
    /* cut to the buffer, the whole length returned */
    char small[12];
    ck_assert_int_eq(exmy_block_check_describe(&bf, EXMY_TYPE_F32, &res.first[1], small,
                                               sizeof small),
                     (int)strlen(want));
    ck_assert_str_eq(small, "row 1 col 5");
    /* a stochastic element record, and a scale record of NVFP4 on bfloat16 */
    exmy_block_mismatch m = {3, 17, false, 0x41100000u, 0x4a, 0x4b, 0x1f, 8, EXMY_CHECK_TIE};
    exmy_block_check_describe(&bf, EXMY_TYPE_F32, &m, buf, sizeof buf);
    ck_assert_str_eq(buf, "row 3 col 17: input 0x1.2p+3 (0x41100000) tie: expected 0x4a, got "
                          "0x4b, R 0x1f");
    exmy_block_format nv = named("nvfp4");
    exmy_block_mismatch s = {0, 16, true, 0x4040u, 0x38, 0x39, 0, 0, EXMY_CHECK_EXACT};
    exmy_block_check_describe(&nv, EXMY_TYPE_BF16, &s, buf, sizeof buf);
    ck_assert_str_eq(buf, "row 0 col 16: scale of amax 0x1.8p+1 (0x4040): expected 0x38, got 0x39");
    /* an element-only mismatch still names both counts */
    scales[1] = 0x7e;
    res = check_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, NULL, codes, scales);
    ck_assert_str_eq(summary(&bf, EXMY_TYPE_F32, &res),
                     "0 of 4 blocks have another scale, 1 of 128 judged elements differ (tie 1); "
                     "first: row 1 col 5: input 0x1.3p+0 (0x3f980000) tie: expected 0x3a, got "
                     "0x39");
    ck_assert_int_eq(exmy_block_check_summary(NULL, EXMY_TYPE_F32, &res, buf, sizeof buf), -1);
}
END_TEST

/* Arguments: errors leave *res untouched; a caller's larger keep buffer. */
START_TEST(test_arguments_and_keep_buffer)
{
    exmy_block_format bf = named("mxfp8_e4m3");
    float v[64];
    uint8_t codes[64], scales[2];
    for (int i = 0; i < 64; i++)
        v[i] = (float)i;
    exmy_block_opts o = opts0();
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 64, &o, codes, scales, NULL);
    exmy_block_check_result res, zero;
    memset(&res, 0, sizeof res);
    memset(&zero, 0, sizeof zero);
    ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, v, 1, 64, &o, NULL, codes, scales, NULL),
                     EXMY_EINVAL);
    ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, v, 1, 63, &o, NULL, codes, scales, &res),
                     EXMY_EINVAL); /* not a multiple of the block, no tail rule */
    ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, NULL, 1, 64, &o, NULL, codes, scales,
                                      &res),
                     EXMY_EINVAL);
    ck_assert_int_eq(exmy_block_check(&bf, (exmy_type)9, v, 1, 64, &o, NULL, codes, scales, &res),
                     EXMY_EINVAL);
    exmy_block_format badf = bf;
    badf.block = 0;
    ck_assert_int_eq(
        exmy_block_check(&badf, EXMY_TYPE_F32, v, 1, 64, &o, NULL, codes, scales, &res),
        EXMY_EFORMAT);
    exmy_block_opts bado = o;
    bado.elem.conv.round = (exmy_round)99;
    ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, v, 1, 64, &bado, NULL, codes, scales,
                                      &res),
                     EXMY_EINVAL);
    ck_assert_int_eq(memcmp(&res, &zero, sizeof res), 0);
    /* zero rows: nothing judged; NULL options */
    ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, NULL, 0, 64, NULL, NULL, NULL, NULL,
                                      &res),
                     EXMY_OK);
    ck_assert_int_eq(memcmp(&res, &zero, sizeof res), 0);
    /* every element wrong: the caller's buffer keeps 40, first[] none */
    for (int i = 0; i < 64; i++)
        codes[i] ^= 1;
    exmy_block_mismatch buf[40];
    res.keep = buf;
    res.keep_cap = 40;
    ck_assert_int_eq(exmy_block_check(&bf, EXMY_TYPE_F32, v, 1, 64, NULL, NULL, codes, scales,
                                      &res),
                     EXMY_OK);
    ck_assert_int_eq(res.mismatches, 64);
    ck_assert_int_eq(res.kept, 40);
    for (int i = 0; i < 40; i++)
        ck_assert_int_eq(buf[i].col, i);
    /* a code with bits above the format's width never matches: an
     * unpacked FP4 code 0x17 is not 0x7 */
    exmy_block_format fp4 = named("mxfp4_e2m1");
    quantize_ok(&fp4, EXMY_TYPE_F32, v, 1, 64, &o, codes, scales, NULL);
    ck_assert_int_eq(codes[63], 0x7); /* 63 at X = 2^3 (floor(log2 63) - 2): 7.875 -> 6 */
    codes[63] |= 0x10;
    memset(&res, 0, sizeof res);
    ck_assert_int_eq(exmy_block_check(&fp4, EXMY_TYPE_F32, v, 1, 64, &o, NULL, codes, scales,
                                      &res),
                     EXMY_OK);
    ck_assert_int_eq(res.mismatches, 1);
    ck_assert_int_eq(res.first[0].got, 0x17);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("block_check");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_quantizer_output_matches_every_format_and_shape);
    tcase_add_test(tc, test_one_corrupt_scale_is_one_scale_mismatch);
    tcase_add_test(tc, test_one_corrupt_element_per_class);
    tcase_add_test(tc, test_mxint8_tie_in_twos_complement);
    tcase_add_test(tc, test_nan_block_elements_nan_codes_of_any_payload);
    tcase_add_test(tc, test_nan_scale_block_elements_never_judged);
    tcase_add_test(tc, test_stochastic_chunks_same_totals);
    tcase_add_test(tc, test_packed_fp4_rows);
    tcase_add_test(tc, test_nvfp4_tensor_scale_given_and_computed);
    tcase_add_test(tc, test_summary_and_describe_pinned);
    tcase_add_test(tc, test_arguments_and_keep_buffer);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
