/* Lane operations of the portable level: one lane, plain C11. Masks are 0/1.
 * Shifts by a count at or above the lane width give 0 (as the AVX2/AVX-512
 * variable shifts do), never undefined behaviour. Loads and stores go through
 * memcpy, so arrays need no alignment beyond their element type. */
#ifndef EXMY_OPS_PORTABLE_H
#define EXMY_OPS_PORTABLE_H

#include <stdint.h>
#include <string.h>

#include "half.h"

#define EXMY_ALWAYS_INLINE static inline __attribute__((always_inline))
#define KLEVEL(name) name##_portable
#define KLEVEL_ISA EXMY_ISA_PORTABLE
#define VW 1  /* 32-bit lanes */
#define VWQ 1 /* 64-bit lanes */

typedef uint32_t vu;
typedef uint64_t vq;
typedef unsigned vm;
typedef unsigned vmq;

/* ---- 32-bit lanes */
EXMY_ALWAYS_INLINE vu u_set(uint32_t x) { return x; }
EXMY_ALWAYS_INLINE vu u_load(const void *p) { uint32_t x; memcpy(&x, p, 4); return x; }
EXMY_ALWAYS_INLINE void u_store(void *p, vu v) { memcpy(p, &v, 4); }
EXMY_ALWAYS_INLINE vu u_load16(const void *p) { uint16_t x; memcpy(&x, p, 2); return x; }
EXMY_ALWAYS_INLINE vu u_load8(const void *p) { return *(const uint8_t *)p; }
EXMY_ALWAYS_INLINE void u_store16(void *p, vu v) { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); }
EXMY_ALWAYS_INLINE void u_store8(void *p, vu v) { *(uint8_t *)p = (uint8_t)v; }
EXMY_ALWAYS_INLINE vu u_and(vu a, vu b) { return a & b; }
EXMY_ALWAYS_INLINE vu u_or(vu a, vu b) { return a | b; }
EXMY_ALWAYS_INLINE vu u_xor(vu a, vu b) { return a ^ b; }
EXMY_ALWAYS_INLINE vu u_add(vu a, vu b) { return a + b; }
EXMY_ALWAYS_INLINE vu u_sub(vu a, vu b) { return a - b; }
#define u_srli(v, k) ((vu)((v) >> (k)))
#define u_slli(v, k) ((vu)((v) << (k)))
EXMY_ALWAYS_INLINE vu u_srl(vu v, unsigned n) { return n < 32 ? v >> n : 0; }
EXMY_ALWAYS_INLINE vu u_sll(vu v, unsigned n) { return n < 32 ? v << n : 0; }
EXMY_ALWAYS_INLINE vu u_srlv(vu v, vu n) { return n < 32 ? v >> n : 0; }
EXMY_ALWAYS_INLINE vu u_sllv(vu v, vu n) { return n < 32 ? v << n : 0; }
EXMY_ALWAYS_INLINE vu u_max(vu a, vu b) { return a > b ? a : b; }
EXMY_ALWAYS_INLINE vu u_min(vu a, vu b) { return a < b ? a : b; }
EXMY_ALWAYS_INLINE vm u_eq(vu a, vu b) { return a == b; }
EXMY_ALWAYS_INLINE vm u_gt(vu a, vu b) { return a > b; }
EXMY_ALWAYS_INLINE vm u_nz(vu a) { return a != 0; }
EXMY_ALWAYS_INLINE vm u_test(vu a, vu b) { return (a & b) != 0; }
EXMY_ALWAYS_INLINE vu u_blend(vm m, vu a, vu b) { return m ? a : b; }
EXMY_ALWAYS_INLINE vu u_add1(vu v, vm m) { return v + m; }
EXMY_ALWAYS_INLINE vu u_maskz(vm m, vu v) { return m ? v : 0; }
EXMY_ALWAYS_INLINE vu u_mullo(vu a, vu b) { return a * b; }
EXMY_ALWAYS_INLINE vu u_mulhi(vu a, vu b) { return (vu)(((uint64_t)a * b) >> 32); }
/* Bits of (float)v for v < 2^24 (exact). */
EXMY_ALWAYS_INLINE vu u_cvtf(vu v)
{
    float f = (float)v;
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}
/* Philox output: the four words of one block, in order. */
EXMY_ALWAYS_INLINE void u_store_t4(uint32_t *p, vu c0, vu c1, vu c2, vu c3)
{
    p[0] = c0;
    p[1] = c1;
    p[2] = c2;
    p[3] = c3;
}
/* Block counters b + lane (low and high words). */
EXMY_ALWAYS_INLINE void u_iota_ctr(uint64_t b, vu *lo, vu *hi)
{
    *lo = (vu)b;
    *hi = (vu)(b >> 32);
}
#define PHILOX_BLOCKS 1 /* blocks per Philox step */

EXMY_ALWAYS_INLINE vm m_and(vm a, vm b) { return a & b; }
EXMY_ALWAYS_INLINE vm m_or(vm a, vm b) { return a | b; }
EXMY_ALWAYS_INLINE vm m_andn(vm a, vm b) { return a & !b; }
EXMY_ALWAYS_INLINE vm m_not(vm a) { return !a; }
EXMY_ALWAYS_INLINE vm m_all(int on) { return on ? 1u : 0u; }
EXMY_ALWAYS_INLINE int m_any(vm a) { return a != 0; }
EXMY_ALWAYS_INLINE int m_every(vm a) { return a != 0; }
EXMY_ALWAYS_INLINE unsigned m_cnt(vm a) { return a; }

/* ---- 64-bit lanes */
EXMY_ALWAYS_INLINE vq q_set(uint64_t x) { return x; }
EXMY_ALWAYS_INLINE vq q_load(const void *p) { uint64_t x; memcpy(&x, p, 8); return x; }
EXMY_ALWAYS_INLINE void q_store(void *p, vq v) { memcpy(p, &v, 8); }
EXMY_ALWAYS_INLINE vq q_load32(const void *p) { uint32_t x; memcpy(&x, p, 4); return x; }
EXMY_ALWAYS_INLINE vq q_load16(const void *p) { uint16_t x; memcpy(&x, p, 2); return x; }
EXMY_ALWAYS_INLINE vq q_load8(const void *p) { return *(const uint8_t *)p; }
EXMY_ALWAYS_INLINE void q_store32(void *p, vq v) { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); }
EXMY_ALWAYS_INLINE void q_store16(void *p, vq v) { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); }
EXMY_ALWAYS_INLINE void q_store8(void *p, vq v) { *(uint8_t *)p = (uint8_t)v; }
EXMY_ALWAYS_INLINE vq q_and(vq a, vq b) { return a & b; }
EXMY_ALWAYS_INLINE vq q_or(vq a, vq b) { return a | b; }
EXMY_ALWAYS_INLINE vq q_xor(vq a, vq b) { return a ^ b; }
EXMY_ALWAYS_INLINE vq q_add(vq a, vq b) { return a + b; }
EXMY_ALWAYS_INLINE vq q_sub(vq a, vq b) { return a - b; }
#define q_srli(v, k) ((vq)((v) >> (k)))
#define q_slli(v, k) ((vq)((v) << (k)))
EXMY_ALWAYS_INLINE vq q_srl(vq v, unsigned n) { return n < 64 ? v >> n : 0; }
EXMY_ALWAYS_INLINE vq q_sll(vq v, unsigned n) { return n < 64 ? v << n : 0; }
EXMY_ALWAYS_INLINE vq q_srlv(vq v, vq n) { return n < 64 ? v >> n : 0; }
EXMY_ALWAYS_INLINE vq q_sllv(vq v, vq n) { return n < 64 ? v << n : 0; }
EXMY_ALWAYS_INLINE vq q_max(vq a, vq b) { return a > b ? a : b; }
EXMY_ALWAYS_INLINE vq q_min(vq a, vq b) { return a < b ? a : b; }
EXMY_ALWAYS_INLINE vmq q_eq(vq a, vq b) { return a == b; }
EXMY_ALWAYS_INLINE vmq q_gt(vq a, vq b) { return a > b; }
EXMY_ALWAYS_INLINE vmq q_nz(vq a) { return a != 0; }
EXMY_ALWAYS_INLINE vmq q_test(vq a, vq b) { return (a & b) != 0; }
EXMY_ALWAYS_INLINE vq q_blend(vmq m, vq a, vq b) { return m ? a : b; }
EXMY_ALWAYS_INLINE vq q_add1(vq v, vmq m) { return v + m; }
EXMY_ALWAYS_INLINE vq q_maskz(vmq m, vq v) { return m ? v : 0; }
/* Bits of (double)v for v < 2^32 (exact). */
EXMY_ALWAYS_INLINE vq q_cvtd(vq v)
{
    double d = (double)v;
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}
EXMY_ALWAYS_INLINE vmq mq_and(vmq a, vmq b) { return a & b; }
EXMY_ALWAYS_INLINE vmq mq_or(vmq a, vmq b) { return a | b; }
EXMY_ALWAYS_INLINE vmq mq_andn(vmq a, vmq b) { return a & !b; }
EXMY_ALWAYS_INLINE vmq mq_not(vmq a) { return !a; }
EXMY_ALWAYS_INLINE vmq mq_all(int on) { return on ? 1u : 0u; }
EXMY_ALWAYS_INLINE int mq_any(vmq a) { return a != 0; }
EXMY_ALWAYS_INLINE int mq_every(vmq a) { return a != 0; }
EXMY_ALWAYS_INLINE unsigned mq_cnt(vmq a) { return a; }

/* ---- binary16 <-> binary32 (exact values; see half.h) */
EXMY_ALWAYS_INLINE vu u_f16load(const void *p) { return exmy__f16_to_f32_bits(u_load16(p)); }
EXMY_ALWAYS_INLINE void u_f16store(void *p, vu v) { u_store16(p, exmy__f32_to_f16_bits(v)); }

#endif
