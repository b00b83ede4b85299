/* Lane operations of the AVX2 level (the contract: ops.h): 8 x 32-bit or
 * 4 x 64-bit lanes in a __m256i; masks are all-ones lanes. Compiled with -mavx2 -mf16c. */
#ifndef EXMY__OPS_AVX2_H
#define EXMY__OPS_AVX2_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "half.h"
#include "ops.h"

#define EXMY__ALWAYS_INLINE static inline __attribute__((always_inline))
#define KLEVEL(name) name##_avx2
#define KLEVEL_ISA EXMY_ISA_AVX2
#define KLEVEL_RINT 1
#define VW 8
#define VWQ 4

typedef __m256i vu;
typedef __m256i vq;
typedef __m256i vm;
typedef __m256i vmq;

/* ---- 32-bit lanes */
EXMY__ALWAYS_INLINE vu u_set(uint32_t x) { return _mm256_set1_epi32((int)x); }
EXMY__ALWAYS_INLINE vu u_load(const void *p) { return _mm256_loadu_si256((const __m256i *)p); }
EXMY__ALWAYS_INLINE void u_store(void *p, vu v) { _mm256_storeu_si256((__m256i *)p, v); }
EXMY__ALWAYS_INLINE vu u_load16(const void *p)
{
    return _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p));
}
EXMY__ALWAYS_INLINE vu u_load8(const void *p)
{
    return _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)p));
}
/* The low 16 / 8 bits of each lane, packed into the low 16 / 8 bytes. */
EXMY__ALWAYS_INLINE __m128i u_pack16(vu v)
{
    const __m256i pick = _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1);
    return _mm256_castsi256_si128(_mm256_permute4x64_epi64(_mm256_shuffle_epi8(v, pick), 0x08));
}
EXMY__ALWAYS_INLINE __m128i u_pack8(vu v)
{
    const __m256i pick = _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(
        _mm256_shuffle_epi8(v, pick), _mm256_setr_epi32(0, 4, 1, 1, 1, 1, 1, 1)));
}
EXMY__ALWAYS_INLINE void u_store16(void *p, vu v) { _mm_storeu_si128((__m128i *)p, u_pack16(v)); }
EXMY__ALWAYS_INLINE void u_store8(void *p, vu v) { _mm_storel_epi64((__m128i *)p, u_pack8(v)); }
/* Non-temporal stores (ops.h): p aligned to the bytes stored. */
EXMY__ALWAYS_INLINE void u_stream(void *p, vu v) { _mm256_stream_si256((__m256i *)p, v); }
EXMY__ALWAYS_INLINE void u_stream16(void *p, vu v) { _mm_stream_si128((__m128i *)p, u_pack16(v)); }
EXMY__ALWAYS_INLINE void u_stream8(void *p, vu v)
{
    _mm_stream_si64((long long *)p, _mm_cvtsi128_si64(u_pack8(v)));
}
EXMY__ALWAYS_INLINE void v_sfence(void) { _mm_sfence(); }
EXMY__ALWAYS_INLINE vu u_and(vu a, vu b) { return _mm256_and_si256(a, b); }
EXMY__ALWAYS_INLINE vu u_or(vu a, vu b) { return _mm256_or_si256(a, b); }
EXMY__ALWAYS_INLINE vu u_xor(vu a, vu b) { return _mm256_xor_si256(a, b); }
EXMY__ALWAYS_INLINE vu u_add(vu a, vu b) { return _mm256_add_epi32(a, b); }
EXMY__ALWAYS_INLINE vu u_sub(vu a, vu b) { return _mm256_sub_epi32(a, b); }
#define u_srli(v, k) _mm256_srli_epi32((v), (k))
#define u_slli(v, k) _mm256_slli_epi32((v), (k))
EXMY__ALWAYS_INLINE vu u_srl(vu v, unsigned n) { return _mm256_srl_epi32(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vu u_sll(vu v, unsigned n) { return _mm256_sll_epi32(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vu u_srlv(vu v, vu n) { return _mm256_srlv_epi32(v, n); }
EXMY__ALWAYS_INLINE vu u_sllv(vu v, vu n) { return _mm256_sllv_epi32(v, n); }
EXMY__ALWAYS_INLINE vu u_max(vu a, vu b) { return _mm256_max_epu32(a, b); }
EXMY__ALWAYS_INLINE vu u_fmul(vu a, vu b)
{
    return _mm256_castps_si256(_mm256_mul_ps(_mm256_castsi256_ps(a), _mm256_castsi256_ps(b)));
}
EXMY__ALWAYS_INLINE uint32_t u_hmax(vu a)
{
    __m128i m = _mm_max_epu32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
    m = _mm_max_epu32(m, _mm_shuffle_epi32(m, 0x4e));
    m = _mm_max_epu32(m, _mm_shuffle_epi32(m, 0xb1));
    return (uint32_t)_mm_cvtsi128_si32(m);
}
EXMY__ALWAYS_INLINE vu u_min(vu a, vu b) { return _mm256_min_epu32(a, b); }
EXMY__ALWAYS_INLINE vm u_eq(vu a, vu b) { return _mm256_cmpeq_epi32(a, b); }
EXMY__ALWAYS_INLINE vm u_gt(vu a, vu b)
{
    const __m256i bias = _mm256_set1_epi32(INT32_MIN);
    return _mm256_cmpgt_epi32(_mm256_xor_si256(a, bias), _mm256_xor_si256(b, bias));
}
EXMY__ALWAYS_INLINE vm u_nz(vu a)
{
    return _mm256_xor_si256(_mm256_cmpeq_epi32(a, _mm256_setzero_si256()), _mm256_set1_epi32(-1));
}
EXMY__ALWAYS_INLINE vm u_test(vu a, vu b) { return u_nz(_mm256_and_si256(a, b)); }
EXMY__ALWAYS_INLINE vm u_testz(vu a, vu b)
{
    return _mm256_cmpeq_epi32(_mm256_and_si256(a, b), _mm256_setzero_si256());
}
EXMY__ALWAYS_INLINE vu u_blend(vm m, vu a, vu b) { return _mm256_blendv_epi8(b, a, m); }
EXMY__ALWAYS_INLINE vu u_add1(vu v, vm m) { return _mm256_sub_epi32(v, m); }
EXMY__ALWAYS_INLINE vu u_maskz(vm m, vu v) { return _mm256_and_si256(m, v); }
/* ops.h: exact for v < 2^24 (a signed conversion: exact below 2^24 either way). */
EXMY__ALWAYS_INLINE vu u_cvtf(vu v) { return _mm256_castps_si256(_mm256_cvtepi32_ps(v)); }
/* ops.h: the rounding named in the instruction (not MXCSR's), then an
 * exact conversion of the integral value. */
EXMY__ALWAYS_INLINE vu u_rint(vu v)
{
    return _mm256_cvttps_epi32(
        _mm256_round_ps(_mm256_castsi256_ps(v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}
EXMY__ALWAYS_INLINE vu u_f16load(const void *p)
{
    return _mm256_castps_si256(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)));
}
EXMY__ALWAYS_INLINE void u_f16store(void *p, vu v)
{
    _mm_storeu_si128((__m128i *)p, _mm256_cvtps_ph(_mm256_castsi256_ps(v),
                                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

/* Per-lane counters: add 1 where m is set; the total of all lanes. */
EXMY__ALWAYS_INLINE vu u_acc(vu acc, vm m) { return _mm256_sub_epi32(acc, m); }
EXMY__ALWAYS_INLINE uint64_t u_hsum(vu acc)
{
    uint32_t x[8];
    _mm256_storeu_si256((__m256i *)x, acc);
    uint64_t t = 0;
    for (int i = 0; i < 8; i++)
        t += x[i];
    return t;
}

EXMY__ALWAYS_INLINE vm m_and(vm a, vm b) { return _mm256_and_si256(a, b); }
EXMY__ALWAYS_INLINE vm m_or(vm a, vm b) { return _mm256_or_si256(a, b); }
EXMY__ALWAYS_INLINE vm m_andn(vm a, vm b) { return _mm256_andnot_si256(b, a); }
EXMY__ALWAYS_INLINE vm m_not(vm a) { return _mm256_xor_si256(a, _mm256_set1_epi32(-1)); }
EXMY__ALWAYS_INLINE vm m_all(int on) { return _mm256_set1_epi32(on ? -1 : 0); }
EXMY__ALWAYS_INLINE int m_any(vm a) { return !_mm256_testz_si256(a, a); }
EXMY__ALWAYS_INLINE int m_every(vm a) { return _mm256_testc_si256(a, _mm256_set1_epi32(-1)); }
EXMY__ALWAYS_INLINE unsigned m_cnt(vm a)
{
    return (unsigned)__builtin_popcount((unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(a)));
}

/* ---- 64-bit lanes */
EXMY__ALWAYS_INLINE vq q_set(uint64_t x) { return _mm256_set1_epi64x((long long)x); }
EXMY__ALWAYS_INLINE vq q_load(const void *p) { return _mm256_loadu_si256((const __m256i *)p); }
EXMY__ALWAYS_INLINE void q_store(void *p, vq v) { _mm256_storeu_si256((__m256i *)p, v); }
EXMY__ALWAYS_INLINE void q_stream(void *p, vq v) { _mm256_stream_si256((__m256i *)p, v); }
EXMY__ALWAYS_INLINE vq q_load32(const void *p)
{
    return _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i *)p));
}
EXMY__ALWAYS_INLINE vq q_load16(const void *p)
{
    return _mm256_cvtepu16_epi64(_mm_loadl_epi64((const __m128i *)p));
}
EXMY__ALWAYS_INLINE vq q_load8(const void *p)
{
    int32_t x;
    memcpy(&x, p, 4);
    return _mm256_cvtepu8_epi64(_mm_cvtsi32_si128(x));
}
EXMY__ALWAYS_INLINE void q_store32(void *p, vq v)
{
    __m256i t = _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0));
    _mm_storeu_si128((__m128i *)p, _mm256_castsi256_si128(t));
}
EXMY__ALWAYS_INLINE void q_store16(void *p, vq v)
{
    const __m256i pick = _mm256_setr_epi8(0, 1, 8, 9, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 1, 8, 9, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    __m256i t = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, pick),
                                            _mm256_setr_epi32(0, 4, 1, 1, 1, 1, 1, 1));
    _mm_storel_epi64((__m128i *)p, _mm256_castsi256_si128(t));
}
EXMY__ALWAYS_INLINE void q_store8(void *p, vq v)
{
    const __m256i pick = _mm256_setr_epi8(0, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    __m256i t = _mm256_shuffle_epi8(v, pick);
    uint16_t lo = (uint16_t)_mm256_extract_epi16(t, 0), hi = (uint16_t)_mm256_extract_epi16(t, 8);
    uint32_t x = lo | (uint32_t)hi << 16;
    memcpy(p, &x, 4);
}
EXMY__ALWAYS_INLINE vq q_and(vq a, vq b) { return _mm256_and_si256(a, b); }
EXMY__ALWAYS_INLINE vq q_or(vq a, vq b) { return _mm256_or_si256(a, b); }
EXMY__ALWAYS_INLINE vq q_xor(vq a, vq b) { return _mm256_xor_si256(a, b); }
EXMY__ALWAYS_INLINE vq q_add(vq a, vq b) { return _mm256_add_epi64(a, b); }
EXMY__ALWAYS_INLINE vq q_sub(vq a, vq b) { return _mm256_sub_epi64(a, b); }
#define q_srli(v, k) _mm256_srli_epi64((v), (k))
#define q_slli(v, k) _mm256_slli_epi64((v), (k))
EXMY__ALWAYS_INLINE vq q_srl(vq v, unsigned n) { return _mm256_srl_epi64(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vq q_sll(vq v, unsigned n) { return _mm256_sll_epi64(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vq q_srlv(vq v, vq n) { return _mm256_srlv_epi64(v, n); }
EXMY__ALWAYS_INLINE vq q_sllv(vq v, vq n) { return _mm256_sllv_epi64(v, n); }
EXMY__ALWAYS_INLINE vmq q_eq(vq a, vq b) { return _mm256_cmpeq_epi64(a, b); }
EXMY__ALWAYS_INLINE vmq q_gt(vq a, vq b)
{
    const __m256i bias = _mm256_set1_epi64x(INT64_MIN);
    return _mm256_cmpgt_epi64(_mm256_xor_si256(a, bias), _mm256_xor_si256(b, bias));
}
EXMY__ALWAYS_INLINE vq q_blend(vmq m, vq a, vq b) { return _mm256_blendv_epi8(b, a, m); }
EXMY__ALWAYS_INLINE vq q_max(vq a, vq b) { return q_blend(q_gt(a, b), a, b); }
EXMY__ALWAYS_INLINE vq q_min(vq a, vq b) { return q_blend(q_gt(a, b), b, a); }
EXMY__ALWAYS_INLINE vq q_fmul(vq a, vq b)
{
    return _mm256_castpd_si256(_mm256_mul_pd(_mm256_castsi256_pd(a), _mm256_castsi256_pd(b)));
}
EXMY__ALWAYS_INLINE uint64_t q_hmax(vq a)
{
    uint64_t x[4];
    _mm256_storeu_si256((__m256i *)x, a);
    uint64_t m = x[0] > x[1] ? x[0] : x[1], n = x[2] > x[3] ? x[2] : x[3];
    return m > n ? m : n;
}
EXMY__ALWAYS_INLINE vmq q_nz(vq a)
{
    return _mm256_xor_si256(_mm256_cmpeq_epi64(a, _mm256_setzero_si256()), _mm256_set1_epi32(-1));
}
EXMY__ALWAYS_INLINE vmq q_test(vq a, vq b) { return q_nz(_mm256_and_si256(a, b)); }
EXMY__ALWAYS_INLINE vmq q_testz(vq a, vq b)
{
    return _mm256_cmpeq_epi64(_mm256_and_si256(a, b), _mm256_setzero_si256());
}
EXMY__ALWAYS_INLINE vq q_add1(vq v, vmq m) { return _mm256_sub_epi64(v, m); }
EXMY__ALWAYS_INLINE vq q_maskz(vmq m, vq v) { return _mm256_and_si256(m, v); }
/* Low 32 bits of each lane times low 32 bits: the 64-bit products. */
EXMY__ALWAYS_INLINE vq q_mul32(vq a, vq b) { return _mm256_mul_epu32(a, b); }
EXMY__ALWAYS_INLINE vq q_iota(uint64_t b)
{
    return _mm256_add_epi64(_mm256_set1_epi64x((long long)b), _mm256_setr_epi64x(0, 1, 2, 3));
}
/* Philox output of VWQ blocks: lo holds words 0|1, hi words 2|3 of each
 * block (64-bit lanes); memory wants block-major order. */
EXMY__ALWAYS_INLINE void q_store_blocks(uint32_t *p, vq w01, vq w23)
{
    __m256i a = _mm256_unpacklo_epi64(w01, w23), b = _mm256_unpackhi_epi64(w01, w23);
    _mm256_storeu_si256((__m256i *)p, _mm256_permute2x128_si256(a, b, 0x20));
    _mm256_storeu_si256((__m256i *)(p + 8), _mm256_permute2x128_si256(a, b, 0x31));
}
/* ops.h: exact for v < 2^32 (this one is exact below 2^52: 2^52 + v has v as
 * its mantissa; subtract 2^52). */
/* AVX2 has no binary64 -> int64 conversion: an integral value below 2^52
 * plus 2^52 is exact, and its low mantissa bits are the integer. */
EXMY__ALWAYS_INLINE vq q_rint(vq v)
{
    __m256d r = _mm256_round_pd(_mm256_castsi256_pd(v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256i t = _mm256_castpd_si256(_mm256_add_pd(r, _mm256_set1_pd(0x1p52)));
    return _mm256_sub_epi64(t, _mm256_set1_epi64x(0x4330000000000000LL));
}
/* 2^52 + v, minus 2^52, is exact in every rounding direction, but its
 * zero is -0 when rounding downward: the sign is cleared (v >= 0). */
EXMY__ALWAYS_INLINE vq q_cvtd(vq v)
{
    __m256d t = _mm256_castsi256_pd(_mm256_or_si256(v, _mm256_set1_epi64x(0x4330000000000000LL)));
    __m256d d = _mm256_sub_pd(t, _mm256_set1_pd(0x1p52));
    return _mm256_andnot_si256(_mm256_set1_epi64x(INT64_MIN), _mm256_castpd_si256(d));
}
EXMY__ALWAYS_INLINE vq q_acc(vq acc, vmq m) { return _mm256_sub_epi64(acc, m); }
EXMY__ALWAYS_INLINE uint64_t q_hsum(vq acc)
{
    uint64_t x[4];
    _mm256_storeu_si256((__m256i *)x, acc);
    return x[0] + x[1] + x[2] + x[3];
}
EXMY__ALWAYS_INLINE vmq mq_and(vmq a, vmq b) { return _mm256_and_si256(a, b); }
EXMY__ALWAYS_INLINE vmq mq_or(vmq a, vmq b) { return _mm256_or_si256(a, b); }
EXMY__ALWAYS_INLINE vmq mq_andn(vmq a, vmq b) { return _mm256_andnot_si256(b, a); }
EXMY__ALWAYS_INLINE vmq mq_not(vmq a) { return _mm256_xor_si256(a, _mm256_set1_epi32(-1)); }
EXMY__ALWAYS_INLINE vmq mq_all(int on) { return _mm256_set1_epi32(on ? -1 : 0); }
EXMY__ALWAYS_INLINE int mq_any(vmq a) { return !_mm256_testz_si256(a, a); }
EXMY__ALWAYS_INLINE int mq_every(vmq a) { return _mm256_testc_si256(a, _mm256_set1_epi32(-1)); }
EXMY__ALWAYS_INLINE unsigned mq_cnt(vmq a)
{
    return (unsigned)__builtin_popcount((unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(a)));
}

#endif
