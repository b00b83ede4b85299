/* The plain loops array_bench compares exmy with (see plain_loops.h). Built
 * with -O3 (bench/meson.build); each loop is cloned for x86-64-v4 (AVX-512),
 * x86-64-v3 (AVX2) and the baseline, and the loader picks the clone this
 * CPU runs, so gcc vectorises each for the widest ISA it may use, as a user
 * passing -march=native would get. Written as a user would: ternaries
 * rather than branches so that the loop vectorises, the float's bits via
 * memcpy, one rounding trick per range:
 *   - normal results: add half an ulp of the target, minus one, plus the
 *     lowest kept bit (ties to even), then drop the low bits; a carry into
 *     the exponent is the right result;
 *   - subnormal results: add 2^k whose ulp is the target's smallest
 *     subnormal, so that the FPU rounds to nearest even, and read the
 *     multiple from the sum's low bits (or subtract 2^k back). */
#include "plain_loops.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#define PLAIN_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PLAIN_CLONES
#endif

static inline uint32_t bits32(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline float float32(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static inline uint64_t bits64(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* e4m3fn: bias 7, 3 fraction bits, max 448 (code 0x7e), NaN 0x7f, smallest
 * normal 2^-6, smallest subnormal 2^-9 (the ulp of 2^14 in binary32). */
PLAIN_CLONES void plain_f32_to_e4m3fn(const float *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u = bits32(in[i]);
        uint32_t a = u & 0x7fffffff;
        uint32_t sign = (u >> 24) & 0x80;
        uint32_t normal = ((a + 0x7ffff + ((a >> 20) & 1)) >> 20) - (120 << 3);
        uint32_t sub = bits32(fabsf(in[i]) + 16384.0f) - bits32(16384.0f);
        uint32_t c = a > 0x7f800000    ? 0x7f /* NaN */
                     : a >= 0x43e00000 ? 0x7e /* >= 448, Inf: satfinite */
                     : a >= 0x3c800000 ? normal
                                       : sub;
        out[i] = (uint8_t)(sign | c);
    }
}

/* e5m2: bias 15, 2 fraction bits, max 57344 (0x7b), NaN 0x7e, smallest
 * normal 2^-14, smallest subnormal 2^-16 (the ulp of 2^7). */
PLAIN_CLONES void plain_f32_to_e5m2(const float *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u = bits32(in[i]);
        uint32_t a = u & 0x7fffffff;
        uint32_t sign = (u >> 24) & 0x80;
        uint32_t normal = ((a + 0xfffff + ((a >> 21) & 1)) >> 21) - (112 << 2);
        uint32_t sub = bits32(fabsf(in[i]) + 128.0f) - bits32(128.0f);
        uint32_t c = a > 0x7f800000    ? 0x7e
                     : a >= 0x47600000 ? 0x7b
                     : a >= 0x38800000 ? normal
                                       : sub;
        out[i] = (uint8_t)(sign | c);
    }
}

PLAIN_CLONES void plain_f64_to_e4m3fn(const double *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u = bits64(in[i]);
        uint64_t a = u & UINT64_C(0x7fffffffffffffff);
        uint64_t sign = (u >> 56) & 0x80;
        uint64_t normal = ((a + (UINT64_C(1) << 48) - 1 + ((a >> 49) & 1)) >> 49) - (1016 << 3);
        uint64_t sub = bits64(fabs(in[i]) + 0x1p43) - bits64(0x1p43);
        uint64_t c = a > UINT64_C(0x7ff0000000000000)    ? 0x7f
                     : a >= UINT64_C(0x407c000000000000) ? 0x7e
                     : a >= UINT64_C(0x3f90000000000000) ? normal
                                                         : sub;
        out[i] = (uint8_t)(sign | c);
    }
}

/* Fake-quantisation keeps the float: the same rounding, without narrowing.
 * A NaN becomes the default quiet NaN with the input's sign. */
PLAIN_CLONES void plain_fq_f32_e4m3fn(const float *in, float *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u = bits32(in[i]);
        uint32_t a = u & 0x7fffffff;
        uint32_t normal = (a + 0x7ffff + ((a >> 20) & 1)) & 0xfff00000;
        uint32_t sub = bits32((fabsf(in[i]) + 16384.0f) - 16384.0f);
        uint32_t r = a > 0x7f800000    ? 0x7fc00000
                     : a >= 0x43e00000 ? 0x43e00000
                     : a >= 0x3c800000 ? normal
                                       : sub;
        out[i] = float32((u & 0x80000000) | r);
    }
}

PLAIN_CLONES void plain_fq_f32_e5m2(const float *in, float *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u = bits32(in[i]);
        uint32_t a = u & 0x7fffffff;
        uint32_t normal = (a + 0xfffff + ((a >> 21) & 1)) & 0xffe00000;
        uint32_t sub = bits32((fabsf(in[i]) + 128.0f) - 128.0f);
        uint32_t r = a > 0x7f800000    ? 0x7fc00000
                     : a >= 0x47600000 ? 0x47600000
                     : a >= 0x38800000 ? normal
                                       : sub;
        out[i] = float32((u & 0x80000000) | r);
    }
}

void plain_table_e4m3fn(float table[256])
{
    for (int c = 0; c < 256; c++) {
        int e = (c >> 3) & 15, m = c & 7;
        float v = e == 15 && m == 7 ? NAN
                  : e == 0          ? ldexpf((float)m, -9)
                                    : ldexpf((float)(8 + m), e - 10);
        table[c] = c & 0x80 ? -v : v;
    }
}

PLAIN_CLONES void plain_decode_table(const float *restrict table, const uint8_t *restrict in,
                                    float *restrict out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = table[in[i]];
}
