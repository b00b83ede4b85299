/* The block quantiser (exmy_block_scale, exmy_block_quantize,
 * exmy_block_dequantize, exmy_block_fake_quantize).
 *
 * Expected values come from the documents and from first principles written
 * here, never from the library's own output:
 *  - worked examples of OCP MX v1.0 §6.3 Algorithm 1 and of NVIDIA's NVFP4
 *    recipe, worked by hand in the comments;
 *  - the scale rules at and around every power of two, from the integer
 *    exponent and significand of amax (frexp-free bit arithmetic here);
 *  - element codes against the scalar core's conversion of x / X computed
 *    exactly in the test: x * 2^-k in binary64 for a power-of-two scale
 *    (exact: binary64 holds every binary32 times 2^-127..2^127), and for
 *    NVFP4 the quotient to 256 bits in MPFR, printed as a hex float with a
 *    sticky digit and rounded once by exmy_from_string;
 *  - properties: scale invariance, projection, row-major random bits, every
 *    kernel level and thread count equal to the scalar level.
 * The block formats are built by hand (OCP MX v1.0 §5: E8M0 scale, 32
 * elements; NVFP4: E2M1 elements, an E4M3 scale per 16, a binary32 tensor
 * scale). */
#include "testutil.h"

#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ formats */

static exmy_block_format blk(const char *elem, const char *scale, unsigned block,
                             exmy_scale_rule rule, bool ts, exmy_elem_kind kind)
{
    exmy_block_format b;
    memset(&b, 0, sizeof b);
    snprintf(b.name, sizeof b.name, "test_%s", elem);
    b.kind = kind;
    b.elem = tu_format(elem);
    b.scale = tu_format(scale);
    b.block = block;
    b.rule = rule;
    b.tensor_scale = ts;
    return b;
}

/* MXINT8's element stand-in: e1m6, bias 1, finite, no NaN: magnitudes
 * k * 2^-6 for k = 0..127 (exmy.h EXMY_ELEM_INT8). */
#define INT8_STANDIN "e1m6:bias=1:finite:nans=0"

static exmy_block_format mx(const char *elem, exmy_scale_rule rule)
{
    bool i8 = strcmp(elem, "int8") == 0;
    return blk(i8 ? INT8_STANDIN : elem, "e8m0fnu", 32, rule, false,
               i8 ? EXMY_ELEM_INT8 : EXMY_ELEM_FLOAT);
}

static exmy_block_format nvfp4(void)
{
    return blk("e2m1fn", "e4m3fn", 16, EXMY_SCALE_DIV, true, EXMY_ELEM_FLOAT);
}

/* The MX element formats with their emax_elem and max finite Mx * 2^Ex,
 * from the OCP MX v1.0 tables (§5.3.1 Table 2, §5.3.2 Table 4, §5.3.3 Table 5,
 * §5.3.4 Table 6): e4m3 448 = 7*2^6, e5m2 57344 = 7*2^13, e3m2 28 = 7*2^2,
 * e2m3 7.5 = 15*2^-1, e2m1 6 = 3*2^1, int8 127/64 = 127*2^-6. */
typedef struct elem_case {
    const char *elem;
    int emax;
    int64_t max_sig;
    int max_exp;
    unsigned p;
} elem_case;

static const elem_case elems[] = {
    {"e4m3fn", 8, 7, 6, 4},     {"e5m2", 15, 7, 13, 3},  {"e3m2fn", 4, 7, 2, 3},
    {"e2m3fn", 2, 15, -1, 4},   {"e2m1fn", 2, 3, 1, 2},  {"int8", 0, 127, -6, 7},
};
#define NELEMS (sizeof elems / sizeof elems[0])

static const char *rule_label(exmy_scale_rule r)
{
    static const char *n[] = {"floor", "ceil", "even", "div"};
    return (unsigned)r < 4 ? n[r] : "?";
}

/* ------------------------------------------- scale rules, first principles */

/* A positive binary32 or binary64 as S * 2^E (S an integer). */
typedef struct sig_exp {
    uint64_t S;
    int E;
} sig_exp;

static sig_exp f32_parts(float x)
{
    uint32_t b = tu_f32_bits(x) & 0x7fffffffu;
    uint32_t e = b >> 23, m = b & 0x7fffffu;
    return e ? (sig_exp){m | 0x800000u, (int)e - 150} : (sig_exp){m, -149};
}

static sig_exp f64_parts(double x)
{
    uint64_t b = tu_f64_bits(x) & ~(UINT64_C(1) << 63);
    uint64_t e = b >> 52, m = b & ((UINT64_C(1) << 52) - 1);
    return e ? (sig_exp){m | (UINT64_C(1) << 52), (int)e - 1075} : (sig_exp){m, -1074};
}

static int bitlen(uint64_t S)
{
    int n = 0;
    while (S) {
        n++;
        S >>= 1;
    }
    return n;
}

/* floor(log2 (S * 2^E)). */
static int floor_log2(sig_exp a)
{
    return a.E + bitlen(a.S) - 1;
}

static int clamp_e8m0(int k)
{
    return k < -127 ? -127 : k > 127 ? 127 : k;
}

/* OCP MX v1.0 §6.3 Algorithm 1 line 1, clamped to E8M0: the E8M0 code. */
static uint32_t want_floor(sig_exp a, const elem_case *c)
{
    return (uint32_t)(clamp_e8m0(floor_log2(a) - c->emax) + 127);
}

/* Is S * 2^E <= Mx * 2^(Ex + j)? */
static bool le_max_times(sig_exp a, const elem_case *c, int j)
{
    int d = a.E - c->max_exp - j; /* compare S * 2^d with Mx (S < 2^53, Mx < 2^8) */
    if (d >= 0)
        return bitlen(a.S) + d <= 8 && (a.S << d) <= (uint64_t)c->max_sig;
    return -d > 54 || a.S <= ((uint64_t)c->max_sig << -d);
}

/* CEIL: the smallest j with amax <= max_elem * 2^j, clamped. */
static uint32_t want_ceil(sig_exp a, const elem_case *c)
{
    int j = -2000;
    while (!le_max_times(a, c, j))
        j++;
    return (uint32_t)(clamp_e8m0(j) + 127);
}

/* EVEN: amax rounded to p significant bits (nearest, ties to even), then
 * FLOOR. */
static uint32_t want_even(sig_exp a, const elem_case *c)
{
    int L = bitlen(a.S);
    if (L > (int)c->p) {
        int sh = L - (int)c->p;
        uint64_t q = a.S >> sh, rem = a.S & ((UINT64_C(1) << sh) - 1), half = UINT64_C(1) << (sh - 1);
        if (rem > half || (rem == half && (q & 1)))
            q++;
        a = (sig_exp){q, a.E + sh};
    }
    return want_floor(a, c);
}

static uint32_t want_rule(exmy_scale_rule r, sig_exp a, const elem_case *c)
{
    return r == EXMY_SCALE_FLOOR ? want_floor(a, c) : r == EXMY_SCALE_CEIL ? want_ceil(a, c)
                                                                            : want_even(a, c);
}

static uint32_t scale_of_f32(const exmy_block_format *bf, const float *v, size_t n)
{
    uint32_t code = 0xdead;
    exmy_status st = exmy_block_scale(bf, EXMY_TYPE_F32, v, n, 1.0f, &code);
    ck_assert_msg(st == EXMY_OK, "exmy_block_scale: %s", exmy_strerror(st));
    return code;
}

/* Every binary32 power of two 2^k (subnormals included), its neighbours
 * below and above, as the largest magnitude of a block (the other elements
 * smaller, one negative), for every MX element and the three power-of-two
 * rules. A floating-point log2 gets nextbelow(2^k) wrong: log2f rounds it up
 * to k and doubles the scale. */
START_TEST(test_pow2_rules_around_every_power_of_two_f32)
{
    tu_log log;
    tu_log_init(&log, "scale rules around powers of two", 20);
    const exmy_scale_rule rules[] = {EXMY_SCALE_FLOOR, EXMY_SCALE_CEIL, EXMY_SCALE_EVEN};
    for (size_t ei = 0; ei < NELEMS; ei++) {
        const elem_case *c = &elems[ei];
        for (size_t ri = 0; ri < 3; ri++) {
            exmy_block_format bf = mx(c->elem, rules[ri]);
            for (int k = -149; k <= 127; k++) {
                float p = ldexpf(1.0f, k);
                float cand[3] = {nextafterf(p, 0.0f), p, nextafterf(p, INFINITY)};
                for (int w = 0; w < 3; w++) {
                    float a = cand[w];
                    if (!(a > 0) || !isfinite(a))
                        continue;
                    float v[32] = {0};
                    v[3] = -a;                 /* the amax is negative here */
                    v[7] = a * 0.5f;           /* smaller ones do not matter */
                    v[31] = -ldexpf(1.0f, -149);
                    uint32_t want = want_rule(rules[ri], f32_parts(a), c);
                    uint32_t got = scale_of_f32(&bf, v, 32);
                    log.checked++;
                    if (got != want)
                        tu_fail(&log, "%s %s amax %a (0x%08x): scale 0x%02x, expected 0x%02x",
                                c->elem, rule_label(rules[ri]), (double)a, tu_f32_bits(a), got,
                                want);
                }
            }
        }
    }
    tu_log_check(&log);
}
END_TEST

/* The ends of E8M0: binary64 amax beyond 2^(127 + emax) clamps to 2^127
 * (0xfe), below 2^(-127 + emax) to 2^-127 (0x00), subnormal binary64
 * included; and every power of two of binary64 with its neighbours. */
START_TEST(test_pow2_rules_clamp_at_e8m0_ends_f64)
{
    tu_log log;
    tu_log_init(&log, "scale rules, binary64 amax", 20);
    const exmy_scale_rule rules[] = {EXMY_SCALE_FLOOR, EXMY_SCALE_CEIL, EXMY_SCALE_EVEN};
    for (size_t ei = 0; ei < NELEMS; ei++) {
        const elem_case *c = &elems[ei];
        for (size_t ri = 0; ri < 3; ri++) {
            exmy_block_format bf = mx(c->elem, rules[ri]);
            for (int k = -1074; k <= 1023; k++) {
                double p = ldexp(1.0, k);
                double cand[3] = {nextafter(p, 0.0), p, nextafter(p, INFINITY)};
                for (int w = 0; w < 3; w++) {
                    double a = cand[w];
                    if (!(a > 0) || !isfinite(a))
                        continue;
                    double v[2] = {a / 4, -a};
                    uint32_t want = want_rule(rules[ri], f64_parts(a), c), got = 0xdead;
                    ck_assert_int_eq(exmy_block_scale(&bf, EXMY_TYPE_F64, v, 2, 1.0f, &got),
                                     EXMY_OK);
                    log.checked++;
                    if (got != want)
                        tu_fail(&log, "%s %s amax %a: scale 0x%02x, expected 0x%02x", c->elem,
                                rule_label(rules[ri]), a, got, want);
                }
            }
        }
    }
    tu_log_check(&log);
    /* By hand: e4m3 (emax 8), FLOOR. 2^200 -> 192 clamps to 127: 0xfe. The
     * largest binary64 too. 2^-1074 -> -1082 clamps to -127: 0x00. */
    exmy_block_format bf = mx("e4m3fn", EXMY_SCALE_FLOOR);
    const double big[] = {ldexp(1, 200), 1.7976931348623157e308, ldexp(1, -1074)};
    const uint32_t want[] = {0xfe, 0xfe, 0x00};
    for (int i = 0; i < 3; i++) {
        uint32_t got;
        ck_assert_int_eq(exmy_block_scale(&bf, EXMY_TYPE_F64, &big[i], 1, 1.0f, &got), EXMY_OK);
        ck_assert_msg(got == want[i], "amax %a: 0x%02x, expected 0x%02x", big[i], got, want[i]);
    }
}
END_TEST

/* amax just below a power of two: FLOOR keeps the lower binade, where
 * floor(log2f(amax)) would not. 2^8 - 2^-16 = 255.99998 is a binary32
 * (24 bits: 2^8 (1 - 2^-24)); floor(log2) is 7; e4m3 emax 8 -> shared_exp
 * -1 -> 0x7e. log2f gives exactly 8.0 (the true log2 is 8 - 8.6e-8, closer to
 * 8 than binary32's spacing 4.8e-7 there), and 0x7f. */
START_TEST(test_floor_below_power_of_two_not_rounded_up)
{
    exmy_block_format bf = mx("e4m3fn", EXMY_SCALE_FLOOR);
    float v[32] = {0};
    v[0] = nextafterf(256.0f, 0.0f);
    ck_assert_msg(v[0] == 255.99998474121094f, "setup");
    ck_assert_uint_eq(scale_of_f32(&bf, v, 32), 0x7e);
    v[0] = 256.0f;
    ck_assert_uint_eq(scale_of_f32(&bf, v, 32), 0x7f);
}
END_TEST

/* ------------------------------------------------------ worked examples */

static void quantize_ok(const exmy_block_format *bf, exmy_type t, const void *in, size_t rows,
                        size_t cols, const exmy_block_opts *o, void *codes, void *scales,
                        float *ts)
{
    exmy_status st = exmy_block_quantize(bf, t, in, rows, cols, o, codes, scales, ts);
    ck_assert_msg(st == EXMY_OK, "exmy_block_quantize %s: %s", bf->name, exmy_strerror(st));
}

static void expect_codes(const char *what, const uint8_t *got, const uint8_t *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(got[i] == want[i], "%s: element %zu is 0x%02x, expected 0x%02x", what, i,
                      got[i], want[i]);
}

/* OCP MX v1.0 §6.3 Algorithm 1 by hand, MXFP8 (E4M3, emax_elem 8):
 * block {300, 1, -0.5, -2^-20, 0, ...}: max |V_i| = 300, floor(log2 300) = 8,
 * shared_exp = 8 - 8 = 0, X = 2^0: E8M0 code 127 = 0x7f.
 *  300 / X = 300 = 1.171875 * 2^8; E4M3 spacing at 2^8 is 2^(8-3) = 32:
 *    neighbours 288 and 320, 300 is nearer 288 = 1.125 * 2^8:
 *    exponent field 8 + 7 = 15, mantissa 1: 0 1111 001 = 0x79;
 *  1 = 2^0: exponent field 7: 0 0111 000 = 0x38;
 *  -0.5: 1 0110 000 = 0xb0;
 *  -2^-20: below half the smallest subnormal 2^-9: -0 = 0x80;
 *  0: 0x00.
 * MXFP4 (E2M1, emax_elem 2), block {7, -3.3, 0.1, 0.25, ...}: amax 7,
 * floor(log2 7) = 2, shared_exp 0, X = 1: 0x7f.
 *  7 > 6 = max normal: "clamping normal numbers" (line 4): 6 = 0 11 1 = 0x7;
 *  -3.3: neighbours 3 and 4, nearer 3 = 1.5 * 2^1: 1 10 1 = 0xd;
 *  0.1: below 0.25 (half the smallest subnormal 0.5): +0 = 0x0;
 *  0.25: the midpoint of 0 and 0.5, ties to even: 0 (code 0x0, even).
 * MXINT8 (emax_elem 0; element k * 2^-6), block {3, 1, -0.75, 2^-7}: amax 3,
 * floor(log2 3) = 1, X = 2^1: 0x80.
 *  3 / 2 = 1.5 = 96 * 2^-6: 0x60;  1 / 2 = 0.5 = 32/64: 0x20;
 *  -0.75 / 2 = -0.375 = -24/64: two's complement 256 - 24 = 0xe8;
 *  2^-7 / 2 = 2^-8 = 0.25/64: rounds to 0: 0x00. */
START_TEST(test_ocp_algorithm1_worked_by_hand)
{
    {
        exmy_block_format bf = mx("e4m3fn", EXMY_SCALE_FLOOR);
        float v[32] = {300.0f, 1.0f, -0.5f, -ldexpf(1, -20)};
        uint8_t codes[32], scale = 0;
        quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, &scale, NULL);
        ck_assert_msg(scale == 0x7f, "MXFP8 scale 0x%02x, expected 0x7f", scale);
        const uint8_t want[5] = {0x79, 0x38, 0xb0, 0x80, 0x00};
        expect_codes("MXFP8 worked example", codes, want, 5);
    }
    {
        exmy_block_format bf = mx("e2m1fn", EXMY_SCALE_FLOOR);
        float v[32] = {7.0f, -3.3f, 0.1f, 0.25f};
        uint8_t codes[32], scale = 0;
        quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, &scale, NULL);
        ck_assert_msg(scale == 0x7f, "MXFP4 scale 0x%02x, expected 0x7f", scale);
        const uint8_t want[4] = {0x7, 0xd, 0x0, 0x0};
        expect_codes("MXFP4 worked example", codes, want, 4);
    }
    {
        exmy_block_format bf = mx("int8", EXMY_SCALE_FLOOR);
        float v[32] = {3.0f, 1.0f, -0.75f, ldexpf(1, -7)};
        uint8_t codes[32], scale = 0;
        quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, &scale, NULL);
        ck_assert_msg(scale == 0x80, "MXINT8 scale 0x%02x, expected 0x80", scale);
        const uint8_t want[4] = {0x60, 0x20, 0xe8, 0x00};
        expect_codes("MXINT8 worked example", codes, want, 4);
        /* And back: 0xe8 is -24, times 2^-6 times X = 2: -0.75. */
        float back[32];
        ck_assert_int_eq(exmy_block_dequantize(&bf, codes, &scale, 1.0f, 1, 32, NULL,
                                               EXMY_TYPE_F32, back),
                         EXMY_OK);
        ck_assert_msg(back[2] == -0.75f && back[0] == 3.0f, "MXINT8 back: %a %a",
                      (double)back[0], (double)back[2]);
    }
}
END_TEST

/* NVIDIA's NVFP4 recipe by hand: tensor scale amax_tensor / (6 * 448), per
 * block of 16 an E4M3 scale amax_block / 6 / tensor_scale (rne, satfinite),
 * elements x / (scale * tensor_scale) to E2M1.
 * Tensor: block 0 = {2688, 1000, -5, ...}, block 1 = {1, 0.3, -0.05, ...}.
 *  tensor scale = 2688 / 2688 = 1.0 (0x3f800000).
 *  block 0: 2688 / 6 = 448: E4M3 0 1111 110 = 0x7e. Elements / 448:
 *    2688 -> 6 (0x7); 1000/448 = 2.232 -> 2 (0x4); -5/448 = -0.01116 -> -0 (0x8).
 *  block 1: 1 / 6 = 0.1666..: E4M3 spacing in [2^-3, 2^-2) is 2^-6, 0.1666 =
 *    10.67 * 2^-6: 11 * 2^-6 = 0.171875 = 1.375 * 2^-3: 0 0100 011 = 0x23.
 *    1 / 0.171875 = 5.818 -> 6 (0x7); 0.3 / 0.171875 = 1.745 -> 1.5 (0x3);
 *    -0.05 / 0.171875 = -0.2909 -> -0.5 (0x9: 1 00 1), above the midpoint 0.25. */
START_TEST(test_nvfp4_worked_by_hand)
{
    exmy_block_format bf = nvfp4();
    float v[32] = {0};
    v[0] = 2688.0f;
    v[1] = 1000.0f;
    v[2] = -5.0f;
    v[16] = 1.0f;
    v[17] = 0.3f;
    v[18] = -0.05f;
    uint8_t codes[32], scales[2];
    float ts = 0;
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, scales, &ts);
    ck_assert_msg(ts == 1.0f, "tensor scale %a, expected 1", (double)ts);
    ck_assert_msg(scales[0] == 0x7e && scales[1] == 0x23, "scales 0x%02x 0x%02x, expected 0x7e 0x23",
                  scales[0], scales[1]);
    const uint8_t want0[3] = {0x7, 0x4, 0x8}, want1[3] = {0x7, 0x3, 0x9};
    expect_codes("NVFP4 block 0", codes, want0, 3);
    expect_codes("NVFP4 block 1", codes + 16, want1, 3);
    /* Dequantised: 6 * 0.171875 = 1.03125, 1.5 * 0.171875 = 0.2578125. */
    float back[32];
    ck_assert_int_eq(
        exmy_block_dequantize(&bf, codes, scales, ts, 1, 32, NULL, EXMY_TYPE_F32, back), EXMY_OK);
    ck_assert_msg(back[16] == 1.03125f && back[17] == 0.2578125f && back[0] == 2688.0f,
                  "back %a %a %a", (double)back[0], (double)back[16], (double)back[17]);
}
END_TEST

/* ------------------------------------------------------- special cases */

/* OCP MX v1.0 §6.3 (exmy.h): a NaN or an Inf in a block makes the scale
 * E8M0's NaN 0xff and every element NaN (e4m3fn: 0x7f); an element format
 * without NaN (MXFP4) writes +0 under the NaN scale, which marks the block;
 * the next block is untouched. Dequantised: all NaN. */
START_TEST(test_nan_and_inf_make_the_block_nan)
{
    const float specials[] = {NAN, -NAN, INFINITY, -INFINITY};
    for (int s = 0; s < 4; s++) {
        for (int fp4 = 0; fp4 < 2; fp4++) {
            exmy_block_format bf = mx(fp4 ? "e2m1fn" : "e4m3fn", EXMY_SCALE_FLOOR);
            float v[64];
            for (int i = 0; i < 64; i++)
                v[i] = 1.0f;
            v[5] = specials[s];
            uint8_t codes[64], scales[2];
            quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 64, NULL, codes, scales, NULL);
            ck_assert_msg(scales[0] == 0xff, "%a: scale 0x%02x", (double)specials[s], scales[0]);
            uint8_t nan_elem = fp4 ? 0x0 : 0x7f;
            for (int i = 0; i < 32; i++)
                ck_assert_msg(codes[i] == nan_elem, "%a: element %d 0x%02x", (double)specials[s],
                              i, codes[i]);
            /* 1.0: floor(log2 1) - emax: e4m3 2^-8 (0x77), e2m1 2^-2 (0x7d). */
            ck_assert_uint_eq(scales[1], fp4 ? 0x7d : 0x77);
            float back[64];
            ck_assert_int_eq(exmy_block_dequantize(&bf, codes, scales, 1.0f, 1, 64, NULL,
                                                   EXMY_TYPE_F32, back),
                             EXMY_OK);
            for (int i = 0; i < 32; i++)
                ck_assert_msg(isnan(back[i]), "element %d back %a", i, (double)back[i]);
            ck_assert_msg(back[32] == 1.0f, "next block %a", (double)back[32]);
            float fq[64];
            ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, v, fq, 1, 64, NULL),
                             EXMY_OK);
            for (int i = 0; i < 32; i++)
                ck_assert_msg(isnan(fq[i]), "fake-quantised element %d %a", i, (double)fq[i]);
            ck_assert_msg(fq[40] == 1.0f, "fake-quantised next block %a", (double)fq[40]);
        }
    }
}
END_TEST

/* Neither format has a NaN: nothing can mark the block (EXMY_ENONAN). A
 * made-up format: e2m1fn elements under an E8M0-like scale whose every
 * code is a value (nans=0). */
START_TEST(test_nan_without_any_nan_code_is_enonan)
{
    exmy_block_format bf = blk("e2m1fn", "e8m0:unsigned:finite:nans=0:nosub:nozero", 32,
                               EXMY_SCALE_FLOOR, false, EXMY_ELEM_FLOAT);
    float v[32] = {1.0f, NAN};
    uint8_t codes[32], scale;
    ck_assert_int_eq(exmy_block_quantize(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, &scale, NULL),
                     EXMY_ENONAN);
    uint32_t sc;
    ck_assert_int_eq(exmy_block_scale(&bf, EXMY_TYPE_F32, v, 32, 1.0f, &sc), EXMY_ENONAN);
}
END_TEST

/* amax = 0: the smallest scale 2^-127 (0x00) and zero elements with their
 * signs (e4m3fn -0 = 0x80; MXINT8 has no -0: 0x00). */
START_TEST(test_zero_block_smallest_scale_signed_zeros)
{
    float v[32] = {0.0f, -0.0f};
    for (int i8 = 0; i8 < 2; i8++) {
        exmy_block_format bf = mx(i8 ? "int8" : "e4m3fn", EXMY_SCALE_FLOOR);
        uint8_t codes[32], scale = 0xaa;
        quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, &scale, NULL);
        ck_assert_uint_eq(scale, 0x00);
        ck_assert_uint_eq(codes[0], 0x00);
        ck_assert_uint_eq(codes[1], i8 ? 0x00 : 0x80);
    }
    /* NVFP4: a zero block takes the smallest positive E4M3, 2^-9 (0x01); an
     * all-zero tensor the tensor scale 1. */
    exmy_block_format nv = nvfp4();
    uint8_t codes[32], scales[2];
    float ts = 0;
    quantize_ok(&nv, EXMY_TYPE_F32, v, 1, 32, NULL, codes, scales, &ts);
    ck_assert_msg(ts == 1.0f && scales[0] == 0x01 && codes[1] == 0x8, "ts %a scale 0x%02x",
                  (double)ts, scales[0]);
}
END_TEST

/* Elements beyond the element range after scaling saturate (satfinite, the
 * default: "clamping normal numbers"): FLOOR maps amax into [2^emax,
 * 2^(emax+1)) and e4m3fn stops at 448: 500 -> 448 (0x7e), -511 -> -448
 * (0xfe). Under nosat they become NaN (0x7f / 0xff). CEIL never overflows:
 * 500 <= 448 * 2^1, X = 2, 250 -> 256 (0x78). */
START_TEST(test_elements_saturate_after_scaling)
{
    float v[32] = {500.0f, -511.0f};
    exmy_block_format bf = mx("e4m3fn", EXMY_SCALE_FLOOR);
    uint8_t codes[32], scale;
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, &scale, NULL);
    ck_assert_msg(scale == 0x7f && codes[0] == 0x7e && codes[1] == 0xfe, "0x%02x 0x%02x 0x%02x",
                  scale, codes[0], codes[1]);
    exmy_block_opts o;
    memset(&o, 0, sizeof o);
    o.elem.conv.sat = EXMY_NOSAT;
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, &o, codes, &scale, NULL);
    ck_assert_msg(codes[0] == 0x7f && codes[1] == 0xff, "nosat 0x%02x 0x%02x", codes[0], codes[1]);
    bf.rule = EXMY_SCALE_CEIL;
    quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 32, NULL, codes, &scale, NULL);
    /* 511 / 2 = 255.5 -> 256 (spacing 16 in [128, 256), 32 above: 255.5 is
     * nearer 256 than 240). */
    ck_assert_msg(scale == 0x80 && codes[0] == 0x78 && codes[1] == 0xf8, "ceil 0x%02x 0x%02x 0x%02x",
                  scale, codes[0], codes[1]);
}
END_TEST

/* --------------------------------------------------- element by element */

static uint32_t to_twos(uint32_t sm)
{
    uint32_t mag = sm & 0x7f;
    return (sm & 0x80) && mag ? (256 - mag) & 0xff : mag;
}

/* Random binary32 blocks: per block a magnitude 2^u, u over the whole
 * range, elements of random sign and significand a few binades below,
 * with zeros, -0 and (rarely) subnormals, NaN or Inf. */
static void fill_blocks_to(tu_rng *g, float *v, size_t n, size_t block, bool specials, int top)
{
    for (size_t b = 0; b < n; b += block) {
        int u = (int)(tu_next(g) % (uint64_t)(top + 161)) - 160;
        for (size_t i = b; i < n && i < b + block; i++) {
            uint64_t r = tu_next(g);
            int e = u - (int)(r % 24);
            float m = 1.0f + (float)((r >> 8) & 0xffffff) * 0x1p-24f;
            float x = ldexpf(m, e);
            if ((r >> 40) % 16 == 0)
                x = 0.0f;
            if ((r >> 44) & 1)
                x = -x;
            if (specials && (r >> 48) % 512 == 0)
                x = (r >> 58) & 1 ? NAN : INFINITY;
            v[i] = x;
        }
    }
}

/* Up to 2^127: finite. */
static void fill_blocks(tu_rng *g, float *v, size_t n, size_t block, bool specials)
{
    fill_blocks_to(g, v, n, block, specials, 127);
}

/* MX: each element's code is the core's conversion of x / X, X = 2^k the
 * block's scale: x * 2^-k computed in binary64 (exact), then exmy_from_f64,
 * with the same options and R; MXINT8 mapped to two's complement here. */
START_TEST(test_mx_elements_equal_core_of_exact_quotient)
{
    tu_log log;
    tu_log_init(&log, "MX elements vs exmy_from_f64(x * 2^-k)", 20);
    const exmy_round rounds[] = {EXMY_RNE, EXMY_RTZ, EXMY_RUP, EXMY_SR_C};
    const size_t R = 3, C = 96, N = R * C;
    float *v = malloc(N * sizeof *v);
    uint32_t *rnd = malloc(N * sizeof *rnd);
    uint8_t *codes = malloc(N), scales[9];
    tu_rng g = {42};
    for (size_t ei = 0; ei < NELEMS; ei++) {
        for (int rule = 0; rule < 3; rule++) {
            for (size_t ri = 0; ri < 4; ri++) {
                exmy_block_format bf = mx(elems[ei].elem, (exmy_scale_rule)rule);
                exmy_block_opts o;
                memset(&o, 0, sizeof o);
                o.elem.conv.round = rounds[ri];
                o.elem.conv.sr_bits = 8;
                bool given = ri == 3 && rule == 1;
                for (size_t i = 0; i < N; i++)
                    rnd[i] = (uint32_t)tu_next(&g);
                o.elem.random = given ? rnd : NULL;
                o.elem.seed = 7;
                o.elem.index0 = 1000;
                for (int rep = 0; rep < 8; rep++) {
                    fill_blocks(&g, v, N, 32, false);
                    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, codes, scales, NULL);
                    for (size_t i = 0; i < N; i++) {
                        size_t r = i / C, b = (i % C) / 32;
                        int k = (int)scales[r * 3 + b] - 127;
                        uint32_t R_ = ri == 3 ? (given ? rnd[i]
                                                       : exmy_philox_bits(7, 1000 + i, 8))
                                              : 0;
                        uint32_t want;
                        ck_assert_int_eq(exmy_from_f64(&bf.elem, ldexp((double)v[i], -k),
                                                       &o.elem.conv, R_, &want, NULL),
                                         EXMY_OK);
                        if (bf.kind == EXMY_ELEM_INT8)
                            want = to_twos(want);
                        log.checked++;
                        if (codes[i] != want)
                            tu_fail(&log, "%s %s %s: element %zu %a (0x%08x), X = 2^%d: 0x%02x, "
                                          "expected 0x%02x", elems[ei].elem, rule_label(rule),
                                    exmy_round_name(rounds[ri]), i, (double)v[i],
                                    tu_f32_bits(v[i]), k, codes[i], want);
                    }
                }
            }
        }
    }
    free(v);
    free(rnd);
    free(codes);
    tu_log_check(&log);
}
END_TEST

/* x / d to format f, rounded once: MPFR's quotient to 256 bits toward zero,
 * printed as an exact hex float, with a sticky hex digit appended far below
 * when the division was inexact, read by exmy_from_string. */
static uint32_t code_of_quotient(const exmy_format *f, double x, double d, const exmy_opts *o,
                                 uint32_t r)
{
    uint32_t code = 0;
    if (x == 0) {
        ck_assert_int_eq(exmy_from_f64(f, x, o, r, &code, NULL), EXMY_OK);
        return code;
    }
    mpfr_t q;
    mpfr_init2(q, 256);
    mpfr_set_d(q, x, MPFR_RNDN);
    int t = mpfr_div_d(q, q, d, MPFR_RNDZ);
    char *s = NULL;
    mpfr_asprintf(&s, "%Ra", q);
    char buf[512];
    char *p = strchr(s, 'p');
    ck_assert_ptr_nonnull(p);
    bool point = memchr(s, '.', (size_t)(p - s)) != NULL;
    snprintf(buf, sizeof buf, "%.*s%s%s%s", (int)(p - s), s, point ? "" : ".",
             t ? "0000000000000001" : "", p);
    mpfr_free_str(s);
    mpfr_clear(q);
    ck_assert_int_eq(exmy_from_string(f, buf, o, r, &code, NULL), EXMY_OK);
    return code;
}

/* NVFP4: the tensor scale is amax / 2688 rounded to binary32 (MPFR at 24
 * bits), each block scale amax_b / 6 / ts rounded to E4M3 (satfinite; the
 * smallest positive where it would be zero), each element x / (s * ts) to
 * E2M1, all exact quotients rounded once. */
START_TEST(test_nvfp4_scales_and_elements_exact_quotients)
{
    tu_log log;
    tu_log_init(&log, "NVFP4 vs exact quotients", 20);
    exmy_block_format bf = nvfp4();
    exmy_format e4m3 = tu_format("e4m3fn");
    const size_t R = 4, C = 64, N = R * C;
    float v[4 * 64];
    uint8_t codes[4 * 64], scales[16];
    tu_rng g = {2026};
    const exmy_opts rne = {EXMY_RNE, EXMY_SATFINITE, 0};
    for (int rep = 0; rep < 300; rep++) {
        int u = (int)(tu_next(&g) % 160) - 60; /* binary32 tensor scales stay normal */
        for (size_t i = 0; i < N; i++) {
            uint64_t r = tu_next(&g);
            /* blocks spread over 2^-30 .. 2^0 of the tensor's range */
            int e = u - (int)((i / 16 * 7 + r) % 31);
            float x = ldexpf(1.0f + (float)(r >> 40) * 0x1p-24f, e);
            v[i] = (r >> 30) & 1 ? -x : x;
        }
        float ts = 0;
        quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, NULL, codes, scales, &ts);
        double amax = 0;
        for (size_t i = 0; i < N; i++)
            amax = fmax(amax, fabs((double)v[i]));
        mpfr_t t;
        mpfr_init2(t, 24);
        mpfr_set_d(t, amax, MPFR_RNDN);
        mpfr_div_ui(t, t, 2688, MPFR_RNDN);
        float want_ts = mpfr_get_flt(t, MPFR_RNDN);
        mpfr_clear(t);
        log.checked++;
        if (ts != want_ts) {
            tu_fail(&log, "tensor scale %a, expected %a", (double)ts, (double)want_ts);
            continue;
        }
        for (size_t b = 0; b < N / 16; b++) {
            double bmax = 0;
            for (size_t i = b * 16; i < b * 16 + 16; i++)
                bmax = fmax(bmax, fabs((double)v[i]));
            uint32_t ws = code_of_quotient(&e4m3, bmax, 6.0 * (double)ts, &rne, 0);
            if (ws == 0)
                ws = 1;
            log.checked++;
            if (scales[b] != ws) {
                tu_fail(&log, "block %zu amax %a ts %a: scale 0x%02x, expected 0x%02x", b, bmax,
                        (double)ts, scales[b], ws);
                continue;
            }
            double sv = exmy_to_f64(&e4m3, ws) * (double)ts; /* 4 x 24 bits: exact */
            for (size_t i = b * 16; i < b * 16 + 16; i++) {
                uint32_t want = code_of_quotient(&bf.elem, (double)v[i], sv, &rne, 0);
                log.checked++;
                if (codes[i] != want)
                    tu_fail(&log, "element %zu %a / (%a): 0x%x, expected 0x%x", i, (double)v[i],
                            sv, codes[i], want);
            }
        }
    }
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------------- properties */

/* Multiplying a block by 2^j changes only its scale code (by j), while the
 * scale stays inside E8M0's range. */
START_TEST(test_scale_invariance_under_power_of_two)
{
    tu_log log;
    tu_log_init(&log, "scale invariance", 20);
    tu_rng g = {5};
    float v[64], w[64];
    uint8_t c0[64], c1[64], s0[2], s1[2];
    for (size_t ei = 0; ei < NELEMS; ei++) {
        for (int rule = 0; rule < 3; rule++) {
            exmy_block_format bf = mx(elems[ei].elem, (exmy_scale_rule)rule);
            for (int rep = 0; rep < 50; rep++) {
                for (int i = 0; i < 64; i++) {
                    uint64_t r = tu_next(&g);
                    v[i] = ldexpf(1.0f + (float)(r >> 40) * 0x1p-24f, (int)(r % 20) - 10);
                    if ((r >> 30) & 1)
                        v[i] = -v[i];
                }
                quantize_ok(&bf, EXMY_TYPE_F32, v, 1, 64, NULL, c0, s0, NULL);
                for (int j = -90; j <= 90; j += 9) {
                    for (int i = 0; i < 64; i++)
                        w[i] = ldexpf(v[i], j);
                    quantize_ok(&bf, EXMY_TYPE_F32, w, 1, 64, NULL, c1, s1, NULL);
                    log.checked++;
                    if (memcmp(c0, c1, 64) != 0 || s1[0] != s0[0] + j || s1[1] != s0[1] + j)
                        tu_fail(&log, "%s %s times 2^%d: scales 0x%02x 0x%02x from 0x%02x 0x%02x%s",
                                elems[ei].elem, rule_label(rule), j, s1[0], s1[1], s0[0], s0[1],
                                memcmp(c0, c1, 64) ? ", codes differ" : "");
                }
            }
        }
    }
    tu_log_check(&log);
}
END_TEST

static bool same_bits_f32(const float *a, const float *b, size_t n, size_t *at)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(a[i]) && isnan(b[i]))
            continue;
        if (tu_f32_bits(a[i]) != tu_f32_bits(b[i])) {
            *at = i;
            return false;
        }
    }
    return true;
}

/* Fake-quantising twice changes nothing: the result of the first pass is
 * its own block-scaled representation (MX rules: the scale of a quantised
 * block is the same, or, under CEIL, a smaller one at which every element
 * is still a value). */
START_TEST(test_fake_quantize_is_a_projection)
{
    tu_log log;
    tu_log_init(&log, "fake-quantise twice", 20);
    tu_rng g = {77};
    const size_t R = 5, C = 128, N = R * C;
    float *v = malloc(N * 4), *a = malloc(N * 4), *b = malloc(N * 4);
    const exmy_round rounds[] = {EXMY_RNE, EXMY_RDN, EXMY_SR_A};
    for (size_t ei = 0; ei < NELEMS; ei++) {
        for (int rule = 0; rule < 3; rule++) {
            for (int ri = 0; ri < 3; ri++) {
                /* EVEN is a projection under round-to-nearest only: rounding
                 * the block maximum down (rdn, sr) can move it below the
                 * threshold where EVEN rounded it up the first time. */
                if (rule == EXMY_SCALE_EVEN && rounds[ri] != EXMY_RNE)
                    continue;
                exmy_block_format bf = mx(elems[ei].elem, (exmy_scale_rule)rule);
                exmy_block_opts o;
                memset(&o, 0, sizeof o);
                o.elem.conv.round = rounds[ri];
                o.elem.conv.sr_bits = 6;
                o.elem.seed = 3;
                for (int rep = 0; rep < 4; rep++) {
                    /* Not at the top of binary32: a block maximum near 2^128 can
                     * round up to 2^128, whose fake-quantised value is Inf. */
                    fill_blocks_to(&g, v, N, 32, true, 110);
                    ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, v, a, R, C, &o),
                                     EXMY_OK);
                    ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, a, b, R, C, &o),
                                     EXMY_OK);
                    size_t at = 0;
                    log.checked++;
                    if (!same_bits_f32(a, b, N, &at))
                        tu_fail(&log, "%s %s %s: element %zu %a -> %a -> %a", elems[ei].elem,
                                rule_label(rule), exmy_round_name(rounds[ri]), at, (double)v[at],
                                (double)a[at], (double)b[at]);
                }
            }
        }
    }
    /* NVFP4 with block scales in E4M3's normal range (block maxima within
     * 2^8 of the tensor's): there the second pass finds the same scales.
     * (Subnormal E4M3 scales are coarse: a block can then quantise to a
     * maximum far from 6 * scale and get another scale the second time.) */
    exmy_block_format nv = nvfp4();
    for (int rep = 0; rep < 50; rep++) {
        for (size_t i = 0; i < N; i++) {
            uint64_t r = tu_next(&g);
            v[i] = ldexpf(1.0f + (float)(r >> 40) * 0x1p-24f, (int)((i / 16 + r % 3) % 8));
        }
        ck_assert_int_eq(exmy_block_fake_quantize(&nv, EXMY_TYPE_F32, v, a, R, C, NULL), EXMY_OK);
        ck_assert_int_eq(exmy_block_fake_quantize(&nv, EXMY_TYPE_F32, a, b, R, C, NULL), EXMY_OK);
        size_t at = 0;
        log.checked++;
        if (!same_bits_f32(a, b, N, &at))
            tu_fail(&log, "nvfp4: element %zu %a -> %a -> %a", at, (double)v[at], (double)a[at],
                    (double)b[at]);
    }
    free(v);
    free(a);
    free(b);
    tu_log_check(&log);
}
END_TEST

/* Fake-quantise = quantise then dequantise, for every input type; the
 * dequantised binary64 value is exactly elem * 2^k. */
START_TEST(test_fake_quantize_is_dequantize_of_quantize)
{
    tu_rng g = {99};
    const size_t R = 2, C = 64, N = R * C;
    float v[128];
    double d[128], fq[128], dq[128];
    uint8_t codes[128], scales[4];
    exmy_block_format bf = mx("e5m2", EXMY_SCALE_FLOOR);
    fill_blocks(&g, v, N, 32, true);
    for (size_t i = 0; i < N; i++)
        d[i] = (double)v[i] * 0x1p-100; /* below binary32's range, some scales clamped */
    ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F64, d, fq, R, C, NULL), EXMY_OK);
    quantize_ok(&bf, EXMY_TYPE_F64, d, R, C, NULL, codes, scales, NULL);
    ck_assert_int_eq(
        exmy_block_dequantize(&bf, codes, scales, 1.0f, R, C, NULL, EXMY_TYPE_F64, dq), EXMY_OK);
    for (size_t i = 0; i < N; i++) {
        size_t s = i / 32;
        double want = scales[s] == 0xff ? NAN
                                        : exmy_to_f64(&bf.elem, codes[i]) *
                                              ldexp(1.0, (int)scales[s] - 127);
        ck_assert_msg((isnan(want) && isnan(dq[i])) || tu_f64_bits(dq[i]) == tu_f64_bits(want),
                      "element %zu: dequantised %a, expected %a", i, dq[i], want);
        ck_assert_msg((isnan(fq[i]) && isnan(dq[i])) || tu_f64_bits(fq[i]) == tu_f64_bits(dq[i]),
                      "element %zu: fake %a, dequantised %a", i, fq[i], dq[i]);
    }
}
END_TEST

/* Binary16 and bfloat16 in, fake-quantised out: the same values as the
 * binary32 path (every value involved is a binary16 / bfloat16 here: the
 * blocks are made of such values and scaled within range). */
START_TEST(test_half_types_match_f32)
{
    exmy_block_format bf = mx("e4m3fn", EXMY_SCALE_FLOOR);
    /* bfloat16 values: 8 significant bits; binary16: 11, within 2^-14..2^15. */
    uint16_t h[64], hb[64], hout[64], bout[64];
    float fh[64], fb[64], qh[64], qb[64];
    tu_rng g = {4};
    for (int i = 0; i < 64; i++) {
        uint64_t r = tu_next(&g);
        int e = (int)(r % 20) - 8 - (i / 32) * 3;
        fh[i] = ldexpf(1.0f + (float)((r >> 20) & 0x3ff) * 0x1p-10f, e);
        fb[i] = ldexpf(1.0f + (float)((r >> 20) & 0x7f) * 0x1p-7f, e * 5);
        if ((r >> 40) & 1) {
            fh[i] = -fh[i];
            fb[i] = -fb[i];
        }
        uint32_t bb = tu_f32_bits(fb[i]);
        hb[i] = (uint16_t)(bb >> 16);
        /* binary16 bits by hand: exponent e + 15, 10 mantissa bits */
        uint32_t fbits = tu_f32_bits(fh[i]);
        h[i] = (uint16_t)(((fbits >> 16) & 0x8000) | ((((fbits >> 23) & 0xff) - 112) << 10) |
                          ((fbits >> 13) & 0x3ff));
    }
    ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F16, h, hout, 2, 32, NULL), EXMY_OK);
    ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_BF16, hb, bout, 2, 32, NULL), EXMY_OK);
    ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, fh, qh, 2, 32, NULL), EXMY_OK);
    ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, fb, qb, 2, 32, NULL), EXMY_OK);
    exmy_format f16 = tu_format("binary16"), bf16 = tu_format("bfloat16");
    for (int i = 0; i < 64; i++) {
        ck_assert_msg(exmy_to_f64(&f16, hout[i]) == (double)qh[i],
                      "f16 element %d: 0x%04x, binary32 path %a", i, hout[i], (double)qh[i]);
        ck_assert_msg(exmy_to_f64(&bf16, bout[i]) == (double)qb[i],
                      "bf16 element %d: 0x%04x, binary32 path %a", i, bout[i], (double)qb[i]);
    }
}
END_TEST

/* Every kernel level and thread count gives the scalar level's codes,
 * scales and fake-quantised values (binary32 and binary64, specials,
 * subnormals, every rounding mode, Philox and caller bits). */
START_TEST(test_every_level_equals_scalar)
{
    tu_log log;
    tu_log_init(&log, "levels vs scalar", 20);
    const size_t R = 37, C = 160, N = R * C;
    float *v = malloc(N * 4), *fa = malloc(N * 4), *fb = malloc(N * 4);
    double *dv = malloc(N * 8), *da = malloc(N * 8), *db = malloc(N * 8);
    uint8_t *ca = malloc(N), *cb = malloc(N), sa[37 * 5], sb[37 * 5];
    uint32_t *rnd = malloc(N * 4);
    tu_rng g = {31337};
    const exmy_isa isas[] = {EXMY_ISA_PORTABLE, EXMY_ISA_AVX2, EXMY_ISA_AVX512, EXMY_ISA_AUTO};
    const char *fmts[] = {"e4m3fn", "e5m2", "e2m1fn", "e3m2fn"};
    for (int fi = 0; fi < 4; fi++) {
        for (int round = 0; round < EXMY_ROUND_COUNT; round++) {
            exmy_block_format bf = mx(fmts[fi], (exmy_scale_rule)(round % 3));
            fill_blocks(&g, v, N, 32, true);
            for (size_t i = 0; i < N; i++) {
                dv[i] = (double)v[i] * ldexp(1.0, (int)(i / 32 % 7) * 100 - 300);
                rnd[i] = (uint32_t)tu_next(&g);
            }
            exmy_block_opts o;
            memset(&o, 0, sizeof o);
            o.elem.conv.round = (exmy_round)round;
            o.elem.conv.sat = (exmy_sat)(round % 2 ? EXMY_SATFINITE : EXMY_SATPROPAGATE);
            o.elem.conv.sr_bits = 5 + round;
            o.elem.random = round % 2 ? rnd : NULL;
            o.elem.seed = 11;
            o.elem.index0 = 5;
            o.elem.isa = EXMY_ISA_SCALAR;
            quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, ca, sa, NULL);
            ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, v, fa, R, C, &o),
                             EXMY_OK);
            ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F64, dv, da, R, C, &o),
                             EXMY_OK);
            for (int li = 0; li < 4; li++) {
                o.elem.isa = isas[li];
                o.elem.threads = li == 3 ? 3 : 1;
                quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, cb, sb, NULL);
                ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, v, fb, R, C, &o),
                                 EXMY_OK);
                ck_assert_int_eq(exmy_block_fake_quantize(&bf, EXMY_TYPE_F64, dv, db, R, C, &o),
                                 EXMY_OK);
                size_t at = 0;
                log.checked++;
                if (memcmp(ca, cb, N) || memcmp(sa, sb, R * 5))
                    tu_fail(&log, "%s %s %s: codes or scales differ", fmts[fi],
                            exmy_round_name((exmy_round)round), exmy_isa_name(isas[li]));
                if (!same_bits_f32(fa, fb, N, &at))
                    tu_fail(&log, "%s %s %s: f32 element %zu %a: %a, scalar %a", fmts[fi],
                            exmy_round_name((exmy_round)round), exmy_isa_name(isas[li]), at,
                            (double)v[at], (double)fb[at], (double)fa[at]);
                for (size_t i = 0; i < N; i++)
                    if (!(isnan(da[i]) && isnan(db[i])) && tu_f64_bits(da[i]) != tu_f64_bits(db[i])) {
                        tu_fail(&log, "%s %s %s: f64 element %zu %a: %a, scalar %a", fmts[fi],
                                exmy_round_name((exmy_round)round), exmy_isa_name(isas[li]), i,
                                dv[i], db[i], da[i]);
                        break;
                    }
            }
            /* Dequantise on every level too. */
            o.elem.isa = EXMY_ISA_SCALAR;
            ck_assert_int_eq(exmy_block_dequantize(&bf, ca, sa, 1.0f, R, C, &o, EXMY_TYPE_F32, fa),
                             EXMY_OK);
            for (int li = 0; li < 4; li++) {
                o.elem.isa = isas[li];
                ck_assert_int_eq(
                    exmy_block_dequantize(&bf, ca, sa, 1.0f, R, C, &o, EXMY_TYPE_F32, fb), EXMY_OK);
                size_t at = 0;
                if (!same_bits_f32(fa, fb, N, &at))
                    tu_fail(&log, "%s dequantise %s: element %zu: %a, scalar %a", fmts[fi],
                            exmy_isa_name(isas[li]), at, (double)fb[at], (double)fa[at]);
            }
        }
    }
    free(v);
    free(fa);
    free(fb);
    free(dv);
    free(da);
    free(db);
    free(ca);
    free(cb);
    free(rnd);
    tu_log_check(&log);
}
END_TEST

/* ------------------------------------------------------- layout */

/* A row length that is not a multiple of the block: EXMY_EINVAL, unless
 * EXMY_TAIL_SHORT: then the last block of each row is shorter and its scale
 * comes from its own elements alone. */
START_TEST(test_tail_rule)
{
    exmy_block_format bf = mx("e4m3fn", EXMY_SCALE_FLOOR);
    float v[2 * 40];
    for (int i = 0; i < 80; i++)
        v[i] = (float)(i % 40 + 1) * (i % 40 < 32 ? 100.0f : 1.0f);
    uint8_t codes[80], scales[4];
    ck_assert_int_eq(exmy_block_quantize(&bf, EXMY_TYPE_F32, v, 2, 40, NULL, codes, scales, NULL),
                     EXMY_EINVAL);
    exmy_block_opts o;
    memset(&o, 0, sizeof o);
    o.tail = EXMY_TAIL_SHORT;
    quantize_ok(&bf, EXMY_TYPE_F32, v, 2, 40, &o, codes, scales, NULL);
    /* Block 0: amax 3200, floor(log2) = 11, X = 2^3: 0x82. Tail: elements
     * 33..40, amax 40, floor(log2) = 5, X = 2^-3: 0x7c. */
    for (int r = 0; r < 2; r++)
        ck_assert_msg(scales[2 * r] == 0x82 && scales[2 * r + 1] == 0x7c,
                      "row %d scales 0x%02x 0x%02x", r, scales[2 * r], scales[2 * r + 1]);
    /* 40 / 2^-3 = 320: e4m3fn 0 1111 010 = 0x7a. */
    ck_assert_uint_eq(codes[39], 0x7a);
    ck_assert_uint_eq(codes[79], 0x7a);
}
END_TEST

/* FP4 packed two to a byte, the first element in the low nibble, each row
 * starting on a byte (an odd row length leaves the last high nibble 0). */
START_TEST(test_packed_fp4_rows)
{
    exmy_block_format bf = mx("e2m1fn", EXMY_SCALE_FLOOR);
    const size_t R = 3, C = 33;
    float v[3 * 33];
    tu_rng g = {8};
    fill_blocks(&g, v, R * C, 33, false);
    exmy_block_opts o;
    memset(&o, 0, sizeof o);
    o.tail = EXMY_TAIL_SHORT;
    uint8_t plain[99], packed[3 * 17], s1[6], s2[6];
    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, plain, s1, NULL);
    o.packed = true;
    memset(packed, 0xee, sizeof packed);
    quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, packed, s2, NULL);
    ck_assert_int_eq(memcmp(s1, s2, 6), 0);
    for (size_t r = 0; r < R; r++) {
        for (size_t j = 0; j < 17; j++) {
            uint8_t lo = plain[r * C + 2 * j], hi = 2 * j + 1 < C ? plain[r * C + 2 * j + 1] : 0;
            uint8_t want = (uint8_t)(lo | hi << 4);
            ck_assert_msg(packed[r * 17 + j] == want, "row %zu byte %zu: 0x%02x, expected 0x%02x",
                          r, j, packed[r * 17 + j], want);
        }
    }
    float a[99], b[99];
    ck_assert_int_eq(exmy_block_dequantize(&bf, packed, s2, 1.0f, R, C, &o, EXMY_TYPE_F32, a),
                     EXMY_OK);
    o.packed = false;
    ck_assert_int_eq(exmy_block_dequantize(&bf, plain, s1, 1.0f, R, C, &o, EXMY_TYPE_F32, b),
                     EXMY_OK);
    ck_assert_int_eq(memcmp(a, b, sizeof a), 0);
}
END_TEST

/* Stochastic rounding draws R for element (row, col) at row-major index
 * row * cols + col: from o->elem.random, or Philox at index0 + that index.
 * Checked through the scalar core on x * 2^-k. */
START_TEST(test_stochastic_bits_row_major)
{
    exmy_block_format bf = mx("e2m1fn", EXMY_SCALE_FLOOR);
    const size_t R = 4, C = 64, N = R * C;
    float v[4 * 64];
    uint32_t rnd[4 * 64];
    uint8_t codes[4 * 64], scales[8];
    tu_rng g = {12};
    for (size_t i = 0; i < N; i++) {
        v[i] = 1.0f + (float)(tu_next(&g) >> 40) * 0x1p-24f; /* all in [1, 2): X = 2^-2 */
        rnd[i] = (uint32_t)tu_next(&g);
    }
    for (int philox = 0; philox < 2; philox++) {
        exmy_block_opts o;
        memset(&o, 0, sizeof o);
        o.elem.conv = (exmy_opts){EXMY_SR_B, EXMY_SATFINITE, 12};
        o.elem.random = philox ? NULL : rnd;
        o.elem.seed = 0x123456789ull;
        o.elem.index0 = 77;
        quantize_ok(&bf, EXMY_TYPE_F32, v, R, C, &o, codes, scales, NULL);
        for (size_t i = 0; i < N; i++) {
            uint32_t r = philox ? exmy_philox_bits(o.elem.seed, 77 + i, 12) : rnd[i];
            uint32_t want;
            ck_assert_int_eq(exmy_from_f64(&bf.elem, ldexp(v[i], 2), &o.elem.conv, r, &want, NULL),
                             EXMY_OK);
            ck_assert_msg(codes[i] == want, "%s element %zu: 0x%x, expected 0x%x",
                          philox ? "philox" : "random", i, codes[i], want);
        }
    }
}
END_TEST

/* Arguments: NULL format or arrays, types out of range, a NaN tensor scale. */
START_TEST(test_arguments)
{
    exmy_block_format bf = mx("e4m3fn", EXMY_SCALE_FLOOR), nv = nvfp4();
    float v[32] = {1.0f};
    uint8_t codes[32], scales[2];
    float ts = NAN;
    ck_assert_int_eq(exmy_block_quantize(NULL, EXMY_TYPE_F32, v, 1, 32, NULL, codes, scales, NULL),
                     EXMY_EINVAL);
    ck_assert_int_eq(exmy_block_quantize(&bf, EXMY_TYPE_F32, NULL, 1, 32, NULL, codes, scales,
                                         NULL),
                     EXMY_EINVAL);
    ck_assert_int_eq(exmy_block_quantize(&bf, (exmy_type)9, v, 1, 32, NULL, codes, scales, NULL),
                     EXMY_EINVAL);
    ck_assert_int_eq(exmy_block_quantize(&nv, EXMY_TYPE_F32, v, 1, 32, NULL, codes, scales, NULL),
                     EXMY_EINVAL); /* NVFP4 needs somewhere to put its tensor scale */
    exmy_block_opts o;
    memset(&o, 0, sizeof o);
    o.tensor_scale_given = true;
    ck_assert_int_eq(exmy_block_quantize(&nv, EXMY_TYPE_F32, v, 1, 32, &o, codes, scales, &ts),
                     EXMY_EINVAL);
    ck_assert_int_eq(
        exmy_block_dequantize(&nv, codes, scales, ts, 1, 32, NULL, EXMY_TYPE_F32, v), EXMY_EINVAL);
    exmy_block_format bad = bf;
    bad.block = 0;
    ck_assert_int_eq(exmy_block_quantize(&bad, EXMY_TYPE_F32, v, 1, 32, NULL, codes, scales, NULL),
                     EXMY_EFORMAT);
    ck_assert_int_eq(exmy_block_quantize(&bf, EXMY_TYPE_F32, NULL, 0, 32, NULL, NULL, NULL, NULL),
                     EXMY_OK);
    /* A given tensor scale is used as given. */
    ts = 0.5f;
    v[0] = 6.0f; /* 6 / 6 / 0.5 = 2: E4M3 0x40; 6 / (2 * 0.5) = 6: 0x7 */
    quantize_ok(&nv, EXMY_TYPE_F32, v, 1, 16, &o, codes, scales, &ts);
    ck_assert_msg(ts == 0.5f && scales[0] == 0x40 && codes[0] == 0x7, "given: 0x%02x 0x%x",
                  scales[0], codes[0]);
}
END_TEST

/* The catalogue's block formats (formats/mx.blk) are the ones built by hand
 * here: the same worked examples come out of them. */
START_TEST(test_catalogue_formats_match_hand_built)
{
    const exmy_catalogue *cat = tu_catalogue();
    const struct {
        const char *name;
        exmy_block_format want;
    } cases[] = {
        {"mxfp8_e4m3", mx("e4m3fn", EXMY_SCALE_FLOOR)},
        {"mxfp4_e2m1", mx("e2m1fn", EXMY_SCALE_FLOOR)},
        {"mxint8", mx("int8", EXMY_SCALE_FLOOR)},
        {"mxfp8_e4m3_ceil", mx("e4m3fn", EXMY_SCALE_CEIL)},
        {"mxfp4_e2m1_even", mx("e2m1fn", EXMY_SCALE_EVEN)},
        {"nvfp4", nvfp4()},
    };
    tu_rng g = {6};
    float v[64];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const exmy_block_format *bf = exmy_catalogue_find_block(cat, cases[c].name);
        ck_assert_msg(bf != NULL, "%s not in the catalogue", cases[c].name);
        const exmy_block_format *w = &cases[c].want;
        ck_assert_msg(bf->kind == w->kind && exmy_format_equal(&bf->elem, &w->elem) &&
                          exmy_format_equal(&bf->scale, &w->scale) && bf->block == w->block &&
                          bf->rule == w->rule && bf->tensor_scale == w->tensor_scale,
                      "%s differs from the hand-built format", cases[c].name);
        fill_blocks(&g, v, 64, 32, false);
        uint8_t c1[64], c2[64], s1[4], s2[4];
        float t1 = 0, t2 = 0;
        quantize_ok(bf, EXMY_TYPE_F32, v, 1, 64, NULL, c1, s1, &t1);
        quantize_ok(w, EXMY_TYPE_F32, v, 1, 64, NULL, c2, s2, &t2);
        ck_assert_msg(!memcmp(c1, c2, 64) && !memcmp(s1, s2, 64 / w->block) && t1 == t2, "%s",
                      cases[c].name);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("block");
    TCase *tc = tcase_create("block");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_pow2_rules_around_every_power_of_two_f32);
    tcase_add_test(tc, test_pow2_rules_clamp_at_e8m0_ends_f64);
    tcase_add_test(tc, test_floor_below_power_of_two_not_rounded_up);
    tcase_add_test(tc, test_ocp_algorithm1_worked_by_hand);
    tcase_add_test(tc, test_nvfp4_worked_by_hand);
    tcase_add_test(tc, test_nan_and_inf_make_the_block_nan);
    tcase_add_test(tc, test_nan_without_any_nan_code_is_enonan);
    tcase_add_test(tc, test_zero_block_smallest_scale_signed_zeros);
    tcase_add_test(tc, test_elements_saturate_after_scaling);
    tcase_add_test(tc, test_mx_elements_equal_core_of_exact_quotient);
    tcase_add_test(tc, test_nvfp4_scales_and_elements_exact_quotients);
    tcase_add_test(tc, test_scale_invariance_under_power_of_two);
    tcase_add_test(tc, test_fake_quantize_is_a_projection);
    tcase_add_test(tc, test_fake_quantize_is_dequantize_of_quantize);
    tcase_add_test(tc, test_half_types_match_f32);
    tcase_add_test(tc, test_every_level_equals_scalar);
    tcase_add_test(tc, test_tail_rule);
    tcase_add_test(tc, test_packed_fp4_rows);
    tcase_add_test(tc, test_stochastic_bits_row_major);
    tcase_add_test(tc, test_arguments);
    tcase_add_test(tc, test_catalogue_formats_match_hand_built);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
