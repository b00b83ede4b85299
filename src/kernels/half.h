/* Exact scalar conversions between binary16 and binary32 bit patterns (the
 * narrowing one only for values binary16 holds exactly, plus Inf and NaN,
 * which becomes the canonical quiet NaN 0x7e00 with the same sign). */
#ifndef EXMY__HALF_H
#define EXMY__HALF_H

#include <stdint.h>

static inline uint32_t exmy__f16_to_f32_bits(uint32_t h)
{
    uint32_t s = (h & 0x8000u) << 16, e = (h >> 10) & 0x1f, m = h & 0x3ff;
    if (e == 0x1f)
        return s | 0x7f800000u | (m << 13) | (m ? 0x400000u : 0); /* quiet, as F16C does */
    if (e != 0)
        return s | ((e + 112) << 23) | (m << 13);
    if (m == 0)
        return s;
    int top = 31 - __builtin_clz(m); /* m * 2^-24 = 1.f * 2^(top - 24) */
    return s | ((uint32_t)(top - 24 + 127) << 23) | ((m << (23 - top)) & 0x7fffffu);
}

static inline uint32_t exmy__f32_to_f16_bits(uint32_t b)
{
    uint32_t s = (b >> 16) & 0x8000u, a = b & 0x7fffffffu, eb = a >> 23;
    if (a > 0x7f800000u)
        return s | 0x7e00u;
    if (a == 0x7f800000u)
        return s | 0x7c00u;
    if (eb >= 113)
        return s | ((eb - 112) << 10) | ((a & 0x7fffffu) >> 13);
    if (eb == 0)
        return s; /* only zero is exact here */
    return s | (((a & 0x7fffffu) | 0x800000u) >> (126 - eb));
}

#endif
