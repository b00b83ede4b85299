/* Lane operations of the AVX-512 level (the contract: ops.h): 16 x 32-bit
 * or 8 x 64-bit lanes in a __m512i; masks are k registers. Compiled with -mavx512f/bw/vl/dq. */
#ifndef EXMY__OPS_AVX512_H
#define EXMY__OPS_AVX512_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "half.h"
#include "ops.h"

#define EXMY__ALWAYS_INLINE static inline __attribute__((always_inline))
#define KLEVEL(name) name##_avx512
#define KLEVEL_ISA EXMY_ISA_AVX512
#define KLEVEL_RINT 1
#define VW 16
#define VWQ 8

typedef __m512i vu;
typedef __m512i vq;
typedef __mmask16 vm;
typedef __mmask8 vmq;

/* ---- 32-bit lanes */
EXMY__ALWAYS_INLINE vu u_set(uint32_t x) { return _mm512_set1_epi32((int)x); }
EXMY__ALWAYS_INLINE vu u_load(const void *p) { return _mm512_loadu_si512(p); }
EXMY__ALWAYS_INLINE void u_store(void *p, vu v) { _mm512_storeu_si512(p, v); }
EXMY__ALWAYS_INLINE vu u_load16(const void *p)
{
    return _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)p));
}
EXMY__ALWAYS_INLINE vu u_load8(const void *p)
{
    return _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p));
}
EXMY__ALWAYS_INLINE void u_store16(void *p, vu v)
{
    _mm256_storeu_si256((__m256i *)p, _mm512_cvtepi32_epi16(v));
}
EXMY__ALWAYS_INLINE void u_store8(void *p, vu v)
{
    _mm_storeu_si128((__m128i *)p, _mm512_cvtepi32_epi8(v));
}
/* Non-temporal stores (ops.h): p aligned to the bytes stored. */
EXMY__ALWAYS_INLINE void u_stream(void *p, vu v) { _mm512_stream_si512((__m512i *)p, v); }
EXMY__ALWAYS_INLINE void u_stream16(void *p, vu v)
{
    _mm256_stream_si256((__m256i *)p, _mm512_cvtepi32_epi16(v));
}
EXMY__ALWAYS_INLINE void u_stream8(void *p, vu v)
{
    _mm_stream_si128((__m128i *)p, _mm512_cvtepi32_epi8(v));
}
EXMY__ALWAYS_INLINE void v_sfence(void) { _mm_sfence(); }
EXMY__ALWAYS_INLINE vu u_and(vu a, vu b) { return _mm512_and_si512(a, b); }
EXMY__ALWAYS_INLINE vu u_or(vu a, vu b) { return _mm512_or_si512(a, b); }
EXMY__ALWAYS_INLINE vu u_xor(vu a, vu b) { return _mm512_xor_si512(a, b); }
EXMY__ALWAYS_INLINE vu u_add(vu a, vu b) { return _mm512_add_epi32(a, b); }
EXMY__ALWAYS_INLINE vu u_sub(vu a, vu b) { return _mm512_sub_epi32(a, b); }
#define u_srli(v, k) _mm512_srli_epi32((v), (k))
#define u_slli(v, k) _mm512_slli_epi32((v), (k))
EXMY__ALWAYS_INLINE vu u_srl(vu v, unsigned n) { return _mm512_srl_epi32(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vu u_sll(vu v, unsigned n) { return _mm512_sll_epi32(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vu u_srlv(vu v, vu n) { return _mm512_srlv_epi32(v, n); }
EXMY__ALWAYS_INLINE vu u_sllv(vu v, vu n) { return _mm512_sllv_epi32(v, n); }
EXMY__ALWAYS_INLINE vu u_max(vu a, vu b) { return _mm512_max_epu32(a, b); }
EXMY__ALWAYS_INLINE vu u_min(vu a, vu b) { return _mm512_min_epu32(a, b); }
EXMY__ALWAYS_INLINE vu u_fmul(vu a, vu b)
{
    return _mm512_castps_si512(_mm512_mul_ps(_mm512_castsi512_ps(a), _mm512_castsi512_ps(b)));
}
EXMY__ALWAYS_INLINE uint32_t u_hmax(vu a) { return (uint32_t)_mm512_reduce_max_epu32(a); }
EXMY__ALWAYS_INLINE vm u_eq(vu a, vu b) { return _mm512_cmpeq_epi32_mask(a, b); }
EXMY__ALWAYS_INLINE vm u_gt(vu a, vu b) { return _mm512_cmpgt_epu32_mask(a, b); }
EXMY__ALWAYS_INLINE vm u_nz(vu a) { return _mm512_test_epi32_mask(a, a); }
EXMY__ALWAYS_INLINE vm u_test(vu a, vu b) { return _mm512_test_epi32_mask(a, b); }
EXMY__ALWAYS_INLINE vm u_testz(vu a, vu b) { return _mm512_testn_epi32_mask(a, b); }
EXMY__ALWAYS_INLINE vu u_blend(vm m, vu a, vu b) { return _mm512_mask_blend_epi32(m, b, a); }
EXMY__ALWAYS_INLINE vu u_add1(vu v, vm m) { return _mm512_mask_add_epi32(v, m, v, _mm512_set1_epi32(1)); }
EXMY__ALWAYS_INLINE vu u_maskz(vm m, vu v) { return _mm512_maskz_mov_epi32(m, v); }
/* ops.h: the rounding is the instruction's own (embedded), not MXCSR's. */
EXMY__ALWAYS_INLINE vu u_rint(vu v)
{
    return _mm512_cvt_roundps_epi32(_mm512_castsi512_ps(v),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
/* ops.h: exact for v < 2^24 (a signed conversion: exact below 2^24 either way). */
EXMY__ALWAYS_INLINE vu u_cvtf(vu v) { return _mm512_castps_si512(_mm512_cvtepi32_ps(v)); }
EXMY__ALWAYS_INLINE vu u_f16load(const void *p)
{
    return _mm512_castps_si512(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)p)));
}
EXMY__ALWAYS_INLINE void u_f16store(void *p, vu v)
{
    _mm256_storeu_si256((__m256i *)p, _mm512_cvtps_ph(_mm512_castsi512_ps(v),
                                                      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

/* Per-lane counters: add 1 where m is set; the total of all lanes. */
EXMY__ALWAYS_INLINE vu u_acc(vu acc, vm m) { return _mm512_mask_sub_epi32(acc, m, acc, _mm512_set1_epi32(-1)); }
EXMY__ALWAYS_INLINE uint64_t u_hsum(vu acc) { return (uint32_t)_mm512_reduce_add_epi32(acc); }

EXMY__ALWAYS_INLINE vm m_and(vm a, vm b) { return (vm)(a & b); }
EXMY__ALWAYS_INLINE vm m_or(vm a, vm b) { return (vm)(a | b); }
EXMY__ALWAYS_INLINE vm m_andn(vm a, vm b) { return (vm)(a & ~b); }
EXMY__ALWAYS_INLINE vm m_not(vm a) { return (vm)~a; }
EXMY__ALWAYS_INLINE vm m_all(int on) { return (vm)(on ? 0xffff : 0); }
EXMY__ALWAYS_INLINE int m_any(vm a) { return a != 0; }
EXMY__ALWAYS_INLINE int m_every(vm a) { return a == 0xffff; }
EXMY__ALWAYS_INLINE unsigned m_cnt(vm a) { return (unsigned)__builtin_popcount(a); }

/* ---- 64-bit lanes */
EXMY__ALWAYS_INLINE vq q_set(uint64_t x) { return _mm512_set1_epi64((long long)x); }
EXMY__ALWAYS_INLINE vq q_load(const void *p) { return _mm512_loadu_si512(p); }
EXMY__ALWAYS_INLINE void q_store(void *p, vq v) { _mm512_storeu_si512(p, v); }
EXMY__ALWAYS_INLINE void q_stream(void *p, vq v) { _mm512_stream_si512((__m512i *)p, v); }
EXMY__ALWAYS_INLINE vq q_load32(const void *p)
{
    return _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)p));
}
EXMY__ALWAYS_INLINE vq q_load16(const void *p)
{
    return _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)p));
}
EXMY__ALWAYS_INLINE vq q_load8(const void *p)
{
    return _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)p));
}
EXMY__ALWAYS_INLINE void q_store32(void *p, vq v)
{
    _mm256_storeu_si256((__m256i *)p, _mm512_cvtepi64_epi32(v));
}
EXMY__ALWAYS_INLINE void q_store16(void *p, vq v)
{
    _mm_storeu_si128((__m128i *)p, _mm512_cvtepi64_epi16(v));
}
EXMY__ALWAYS_INLINE void q_store8(void *p, vq v)
{
    _mm_storel_epi64((__m128i *)p, _mm512_cvtepi64_epi8(v));
}
EXMY__ALWAYS_INLINE vq q_and(vq a, vq b) { return _mm512_and_si512(a, b); }
EXMY__ALWAYS_INLINE vq q_or(vq a, vq b) { return _mm512_or_si512(a, b); }
EXMY__ALWAYS_INLINE vq q_xor(vq a, vq b) { return _mm512_xor_si512(a, b); }
EXMY__ALWAYS_INLINE vq q_add(vq a, vq b) { return _mm512_add_epi64(a, b); }
EXMY__ALWAYS_INLINE vq q_sub(vq a, vq b) { return _mm512_sub_epi64(a, b); }
#define q_srli(v, k) _mm512_srli_epi64((v), (k))
#define q_slli(v, k) _mm512_slli_epi64((v), (k))
EXMY__ALWAYS_INLINE vq q_srl(vq v, unsigned n) { return _mm512_srl_epi64(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vq q_sll(vq v, unsigned n) { return _mm512_sll_epi64(v, _mm_cvtsi32_si128((int)n)); }
EXMY__ALWAYS_INLINE vq q_srlv(vq v, vq n) { return _mm512_srlv_epi64(v, n); }
EXMY__ALWAYS_INLINE vq q_sllv(vq v, vq n) { return _mm512_sllv_epi64(v, n); }
EXMY__ALWAYS_INLINE vq q_max(vq a, vq b) { return _mm512_max_epu64(a, b); }
EXMY__ALWAYS_INLINE vq q_min(vq a, vq b) { return _mm512_min_epu64(a, b); }
EXMY__ALWAYS_INLINE vq q_fmul(vq a, vq b)
{
    return _mm512_castpd_si512(_mm512_mul_pd(_mm512_castsi512_pd(a), _mm512_castsi512_pd(b)));
}
EXMY__ALWAYS_INLINE uint64_t q_hmax(vq a) { return (uint64_t)_mm512_reduce_max_epu64(a); }
EXMY__ALWAYS_INLINE vmq q_eq(vq a, vq b) { return _mm512_cmpeq_epi64_mask(a, b); }
EXMY__ALWAYS_INLINE vmq q_gt(vq a, vq b) { return _mm512_cmpgt_epu64_mask(a, b); }
EXMY__ALWAYS_INLINE vmq q_nz(vq a) { return _mm512_test_epi64_mask(a, a); }
EXMY__ALWAYS_INLINE vmq q_test(vq a, vq b) { return _mm512_test_epi64_mask(a, b); }
EXMY__ALWAYS_INLINE vmq q_testz(vq a, vq b) { return _mm512_testn_epi64_mask(a, b); }
EXMY__ALWAYS_INLINE vq q_blend(vmq m, vq a, vq b) { return _mm512_mask_blend_epi64(m, b, a); }
EXMY__ALWAYS_INLINE vq q_add1(vq v, vmq m) { return _mm512_mask_add_epi64(v, m, v, _mm512_set1_epi64(1)); }
EXMY__ALWAYS_INLINE vq q_maskz(vmq m, vq v) { return _mm512_maskz_mov_epi64(m, v); }
/* Low 32 bits of each lane times low 32 bits: the 64-bit products. */
EXMY__ALWAYS_INLINE vq q_mul32(vq a, vq b) { return _mm512_mul_epu32(a, b); }
EXMY__ALWAYS_INLINE vq q_iota(uint64_t b)
{
    return _mm512_add_epi64(_mm512_set1_epi64((long long)b), _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
}
/* Philox output of VWQ blocks: lo holds words 0|1, hi words 2|3 of each
 * block (64-bit lanes); memory wants block-major order. */
EXMY__ALWAYS_INLINE void q_store_blocks(uint32_t *p, vq w01, vq w23)
{
    _mm512_storeu_si512(p, _mm512_permutex2var_epi64(w01, _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11), w23));
    _mm512_storeu_si512(p + 16, _mm512_permutex2var_epi64(w01, _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15), w23));
}
EXMY__ALWAYS_INLINE vq q_rint(vq v)
{
    return _mm512_cvt_roundpd_epi64(_mm512_castsi512_pd(v),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
/* ops.h: exact for v < 2^32 (exact below 2^53 here). */
EXMY__ALWAYS_INLINE vq q_cvtd(vq v) { return _mm512_castpd_si512(_mm512_cvtepu64_pd(v)); }
EXMY__ALWAYS_INLINE vq q_acc(vq acc, vmq m) { return _mm512_mask_sub_epi64(acc, m, acc, _mm512_set1_epi64(-1)); }
EXMY__ALWAYS_INLINE uint64_t q_hsum(vq acc) { return (uint64_t)_mm512_reduce_add_epi64(acc); }
EXMY__ALWAYS_INLINE vmq mq_and(vmq a, vmq b) { return (vmq)(a & b); }
EXMY__ALWAYS_INLINE vmq mq_or(vmq a, vmq b) { return (vmq)(a | b); }
EXMY__ALWAYS_INLINE vmq mq_andn(vmq a, vmq b) { return (vmq)(a & ~b); }
EXMY__ALWAYS_INLINE vmq mq_not(vmq a) { return (vmq)~a; }
EXMY__ALWAYS_INLINE vmq mq_all(int on) { return (vmq)(on ? 0xff : 0); }
EXMY__ALWAYS_INLINE int mq_any(vmq a) { return a != 0; }
EXMY__ALWAYS_INLINE int mq_every(vmq a) { return a == 0xff; }
EXMY__ALWAYS_INLINE unsigned mq_cnt(vmq a) { return (unsigned)__builtin_popcount(a); }

#endif
