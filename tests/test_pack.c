/* Code packing (exmy_packed_size, exmy_pack_codes, exmy_unpack_codes).
 *
 * The expected bytes come from the layout's definition, not from the
 * library: hand-worked examples (CUDA's __nv_cvt_float2_to_fp4x2 puts the
 * first element x.x in bits 3:0 of the byte; AMD's packed FP6 puts element i
 * at bits 6i..6i+5 of its dwords, read as little-endian bytes), and for every
 * width k = 1..32 a bit-by-bit model of the stream (bit b of element i is bit
 * k*i + b, bit 8j + t is bit t of byte j). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A valid unsigned format of k bits: min(k, 8) exponent bits, the rest
 * mantissa, IEEE-like bias, subnormals and zero, no NaN or Inf. */
static exmy_format width_format(unsigned k)
{
    exmy_format f;
    memset(&f, 0, sizeof f);
    unsigned E = k < 8 ? k : 8;
    f.bits = k;
    f.precision = k - E + 1;
    f.bias = (1 << (E - 1)) - 1;
    f.is_signed = false;
    f.domain = EXMY_FINITE;
    f.high_nans = 0;
    f.subnormals = true;
    f.has_zero = true;
    char why[200];
    ck_assert_msg(exmy_format_validate(&f, why, sizeof why) == EXMY_OK, "k=%u: %s", k, why);
    return f;
}

static void expect_bytes(const char *what, const uint8_t *got, const uint8_t *want, size_t n)
{
    for (size_t j = 0; j < n; j++)
        ck_assert_msg(got[j] == want[j], "%s: byte %zu is 0x%02x, expected 0x%02x", what, j,
                      got[j], want[j]);
}

/* FP4 (e2m1fn): two codes to a byte, the first in the low nibble; an odd
 * count leaves the high nibble of the last byte zero. */
START_TEST(test_fp4_first_element_in_low_nibble)
{
    exmy_format f = tu_format("e2m1fn");
    const uint8_t codes[] = {0x1, 0x2, 0x3};
    const uint8_t want[] = {0x21, 0x03};
    uint8_t out[2] = {0xee, 0xee};
    ck_assert_uint_eq(exmy_packed_size(&f, 3), 2);
    ck_assert_int_eq(exmy_pack_codes(&f, codes, 3, out), EXMY_OK);
    expect_bytes("e2m1fn {1,2,3}", out, want, 2);

    /* cuda __nv_cvt_float2_to_fp4x2({x = 1.0, y = -6.0}): 1.0 is 0x2, -6 is
     * 0xf, so the byte is 0xf2. */
    const uint8_t pair[] = {0x2, 0xf};
    uint8_t byte = 0;
    ck_assert_int_eq(exmy_pack_codes(&f, pair, 2, &byte), EXMY_OK);
    ck_assert_msg(byte == 0xf2, "fp4x2 {1.0, -6.0}: 0x%02x, expected 0xf2", byte);

    /* Unpacking ignores the high nibble after an odd count. */
    const uint8_t in[] = {0x21, 0xa3};
    uint8_t back[3] = {0xee, 0xee, 0xee};
    ck_assert_int_eq(exmy_unpack_codes(&f, in, 3, back), EXMY_OK);
    expect_bytes("e2m1fn unpack", back, codes, 3);
}
END_TEST

/* FP6 (e2m3fn): four codes to three bytes, element i at bits 6i..6i+5.
 *   {0x01, 0x02, 0x03, 0x3f}: 0x01 | 0x02 << 6 | 0x03 << 12 | 0x3f << 18
 *     = 0x000001 + 0x000080 + 0x003000 + 0xfc0000 = 0xfc3081 -> 81 30 fc
 *   {0x2a, 0x15, 0x3c, 0x07}: 0x00002a + 0x000540 + 0x03c000 + 0x1c0000
 *     = 0x1fc56a -> 6a c5 1f
 * and a fifth code 0x2d lands in bits 24..29: byte 3 = 0x2d. */
START_TEST(test_fp6_four_codes_in_three_bytes)
{
    exmy_format f = tu_format("e2m3fn");
    const uint8_t a[] = {0x01, 0x02, 0x03, 0x3f};
    const uint8_t wa[] = {0x81, 0x30, 0xfc};
    const uint8_t b[] = {0x2a, 0x15, 0x3c, 0x07, 0x2d};
    const uint8_t wb[] = {0x6a, 0xc5, 0x1f, 0x2d};
    uint8_t out[4];
    ck_assert_uint_eq(exmy_packed_size(&f, 4), 3);
    ck_assert_uint_eq(exmy_packed_size(&f, 5), 4);
    ck_assert_int_eq(exmy_pack_codes(&f, a, 4, out), EXMY_OK);
    expect_bytes("e2m3fn a", out, wa, 3);
    memset(out, 0xee, sizeof out);
    ck_assert_int_eq(exmy_pack_codes(&f, b, 5, out), EXMY_OK);
    expect_bytes("e2m3fn b", out, wb, 4);

    /* 32 codes fill 6 dwords exactly (AMD's pk32 FP6 register): element i
     * = i, so dword 0 = 0 | 1<<6 | 2<<12 | 3<<18 | 4<<24 | (5 & 3)<<30. */
    uint8_t c32[32], p32[24];
    for (unsigned i = 0; i < 32; i++)
        c32[i] = (uint8_t)i;
    ck_assert_uint_eq(exmy_packed_size(&f, 32), 24);
    ck_assert_int_eq(exmy_pack_codes(&f, c32, 32, p32), EXMY_OK);
    uint32_t d0 = (uint32_t)p32[0] | (uint32_t)p32[1] << 8 | (uint32_t)p32[2] << 16 |
                  (uint32_t)p32[3] << 24;
    uint32_t w0 = 0u | 1u << 6 | 2u << 12 | 3u << 18 | 4u << 24 | (5u & 3u) << 30;
    ck_assert_msg(d0 == w0, "pk32 dword 0: 0x%08x, expected 0x%08x", d0, w0);
    /* the last element, 31 = 0b011111, in bits 186..191: the top 6 bits of dword 5 */
    uint32_t d5 = (uint32_t)p32[20] | (uint32_t)p32[21] << 8 | (uint32_t)p32[22] << 16 |
                  (uint32_t)p32[23] << 24;
    ck_assert_msg(d5 >> 26 == 31, "pk32 dword 5: 0x%08x, element 31 not in bits 31:26", d5);
}
END_TEST

/* 8-, 16- and 32-bit formats pack as their little-endian arrays. */
START_TEST(test_byte_formats_pack_as_arrays)
{
    exmy_format e4 = tu_format("e4m3fn");
    const uint8_t c8[] = {0x00, 0x7f, 0x80, 0xff};
    uint8_t p8[4];
    ck_assert_uint_eq(exmy_packed_size(&e4, 4), 4);
    ck_assert_int_eq(exmy_pack_codes(&e4, c8, 4, p8), EXMY_OK);
    expect_bytes("e4m3fn", p8, c8, 4);

    exmy_format h = tu_format("binary16");
    const uint16_t c16[] = {0x1234, 0xfe00};
    const uint8_t w16[] = {0x34, 0x12, 0x00, 0xfe};
    uint8_t p16[4];
    ck_assert_uint_eq(exmy_packed_size(&h, 2), 4);
    ck_assert_int_eq(exmy_pack_codes(&h, c16, 2, p16), EXMY_OK);
    expect_bytes("binary16", p16, w16, 4);

    exmy_format s = tu_format("binary32");
    const uint32_t c32[] = {0x89abcdefu};
    const uint8_t w32[] = {0xef, 0xcd, 0xab, 0x89};
    uint8_t p32[4];
    ck_assert_int_eq(exmy_pack_codes(&s, c32, 1, p32), EXMY_OK);
    expect_bytes("binary32", p32, w32, 4);
}
END_TEST

/* The stream bit by bit: bit b of element i is bit k*i + b. */
static void model_pack(unsigned k, const uint32_t *codes, size_t n, uint8_t *out, size_t bytes)
{
    memset(out, 0, bytes);
    for (size_t i = 0; i < n; i++)
        for (unsigned b = 0; b < k; b++)
            if ((codes[i] >> b) & 1u) {
                size_t bit = (size_t)k * i + b;
                out[bit / 8] |= (uint8_t)(1u << (bit % 8));
            }
}

static void put_code(void *codes, unsigned bytes, size_t i, uint32_t c)
{
    if (bytes == 1)
        ((uint8_t *)codes)[i] = (uint8_t)c;
    else if (bytes == 2)
        ((uint16_t *)codes)[i] = (uint16_t)c;
    else
        ((uint32_t *)codes)[i] = c;
}

static uint32_t get_code(const void *codes, unsigned bytes, size_t i)
{
    if (bytes == 1)
        return ((const uint8_t *)codes)[i];
    if (bytes == 2)
        return ((const uint16_t *)codes)[i];
    return ((const uint32_t *)codes)[i];
}

/* Every width 1..32, counts 0..67: the bytes equal the bit-by-bit model,
 * the size is ceil(n*k/8), and unpacking gives the codes back even with the
 * unused bits of the last byte set. */
START_TEST(test_round_trip_every_width)
{
    tu_rng rng = {0x9ac4u};
    enum { NMAX = 67 };
    for (unsigned k = 1; k <= 32; k++) {
        exmy_format f = width_format(k);
        unsigned cb = k <= 8 ? 1 : k <= 16 ? 2 : 4;
        for (size_t n = 0; n <= NMAX; n++) {
            uint32_t codes[NMAX];
            uint32_t raw[NMAX];
            uint32_t back[NMAX];
            uint8_t packed[NMAX * 4 + 1], want[NMAX * 4 + 1];
            for (size_t i = 0; i < n; i++) {
                uint32_t c = (uint32_t)tu_next(&rng);
                if (k < 32)
                    c &= (UINT32_C(1) << k) - 1;
                codes[i] = c;
                put_code(raw, cb, i, c);
            }
            size_t bytes = (n * k + 7) / 8;
            ck_assert_msg(exmy_packed_size(&f, n) == bytes, "k=%u n=%zu: size %zu, expected %zu",
                          k, n, exmy_packed_size(&f, n), bytes);
            memset(packed, 0xa5, sizeof packed);
            ck_assert_int_eq(exmy_pack_codes(&f, raw, n, packed), EXMY_OK);
            model_pack(k, codes, n, want, bytes);
            for (size_t j = 0; j < bytes; j++)
                ck_assert_msg(packed[j] == want[j],
                              "k=%u n=%zu: byte %zu is 0x%02x, model 0x%02x", k, n, j, packed[j],
                              want[j]);
            ck_assert_msg(packed[bytes] == 0xa5, "k=%u n=%zu: wrote past byte %zu", k, n, bytes);
            /* Unused high bits of the last byte set: ignored. */
            if ((n * k) % 8)
                packed[bytes - 1] |= (uint8_t)(0xffu << ((n * k) % 8));
            memset(back, 0xa5, sizeof back);
            ck_assert_int_eq(exmy_unpack_codes(&f, packed, n, back), EXMY_OK);
            for (size_t i = 0; i < n; i++)
                ck_assert_msg(get_code(back, cb, i) == codes[i],
                              "k=%u n=%zu: element %zu unpacks to 0x%x, packed 0x%x", k, n, i,
                              get_code(back, cb, i), codes[i]);
        }
    }
}
END_TEST

/* A code with a bit set above k is refused, for every k < 8*code_bytes. */
START_TEST(test_bits_above_width_refused)
{
    for (unsigned k = 1; k < 32; k++) {
        if (k == 8 || k == 16)
            continue; /* a uint8_t / uint16_t cannot hold such a bit */
        exmy_format f = width_format(k);
        unsigned cb = k <= 8 ? 1 : k <= 16 ? 2 : 4;
        uint32_t raw[3] = {0, 0, 0};
        uint8_t packed[16];
        put_code(raw, cb, 0, 1);
        put_code(raw, cb, 1, UINT32_C(1) << k); /* the first bit above the width */
        ck_assert_msg(exmy_pack_codes(&f, raw, 3, packed) == EXMY_EINVAL,
                      "k=%u: code 0x%x accepted", k, UINT32_C(1) << k);
    }
    exmy_format f4 = tu_format("e2m1fn");
    const uint8_t bad[] = {0x3, 0x10};
    uint8_t out[1];
    ck_assert_int_eq(exmy_pack_codes(&f4, bad, 2, out), EXMY_EINVAL);
}
END_TEST

START_TEST(test_arguments)
{
    exmy_format f = tu_format("e2m1fn");
    exmy_format bad = f;
    bad.bits = 0;
    uint8_t c[2] = {1, 2}, p[1];
    ck_assert_uint_eq(exmy_packed_size(&bad, 10), 0);
    ck_assert_uint_eq(exmy_packed_size(NULL, 10), 0);
    ck_assert_uint_eq(exmy_packed_size(&f, 0), 0);
    /* no overflow of n * k: SIZE_MAX codes of 4 bits */
    ck_assert_uint_eq(exmy_packed_size(&f, SIZE_MAX), SIZE_MAX / 8 * 4 + (7 * 4 + 7) / 8);
    ck_assert_int_eq(exmy_pack_codes(&bad, c, 2, p), EXMY_EFORMAT);
    ck_assert_int_eq(exmy_pack_codes(NULL, c, 2, p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_unpack_codes(&bad, p, 2, c), EXMY_EFORMAT);
    ck_assert_int_eq(exmy_pack_codes(&f, NULL, 2, p), EXMY_EINVAL);
    ck_assert_int_eq(exmy_pack_codes(&f, c, 2, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_unpack_codes(&f, NULL, 2, c), EXMY_EINVAL);
    ck_assert_int_eq(exmy_unpack_codes(&f, p, 2, NULL), EXMY_EINVAL);
    /* n == 0 allows NULL arrays */
    ck_assert_int_eq(exmy_pack_codes(&f, NULL, 0, NULL), EXMY_OK);
    ck_assert_int_eq(exmy_unpack_codes(&f, NULL, 0, NULL), EXMY_OK);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pack");
    TCase *tc = tcase_create("pack");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_fp4_first_element_in_low_nibble);
    tcase_add_test(tc, test_fp6_four_codes_in_three_bytes);
    tcase_add_test(tc, test_byte_formats_pack_as_arrays);
    tcase_add_test(tc, test_round_trip_every_width);
    tcase_add_test(tc, test_bits_above_width_refused);
    tcase_add_test(tc, test_arguments);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
