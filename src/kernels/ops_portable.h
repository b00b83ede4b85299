/* Lane operations of the portable level (the contract: ops.h): GNU C
 * generic vectors of 16 bytes (4 x 32-bit or 2 x 64-bit lanes), which gcc
 * and clang lower to whatever the target has (SSE2 on baseline x86-64, NEON, or scalar code). Masks are
 * all-ones lanes. Shifts by a count at or above the lane width give 0, as
 * the AVX2/AVX-512 variable shifts do (the counts are clamped first: an
 * out-of-range shift of a generic vector is undefined). Loads and stores go
 * through memcpy, so arrays need no alignment beyond their element type. */
#ifndef EXMY__OPS_PORTABLE_H
#define EXMY__OPS_PORTABLE_H

#include <stdint.h>
#include <string.h>

#include "half.h"
#include "ops.h"

#define EXMY__ALWAYS_INLINE static inline __attribute__((always_inline))
#define KLEVEL(name) name##_portable
#define KLEVEL_ISA EXMY_ISA_PORTABLE
/* No u_rint / q_rint: plain C has no rounding that ignores the
 * environment in one instruction, and emulating it on the pattern cost more
 * than the general path it would spare (ops.h). */
#define KLEVEL_RINT 0
#define VW 4  /* 32-bit lanes */
#define VWQ 2 /* 64-bit lanes */

typedef uint32_t vu __attribute__((vector_size(16)));
typedef uint64_t vq __attribute__((vector_size(16)));
typedef uint32_t vm __attribute__((vector_size(16)));
typedef uint64_t vmq __attribute__((vector_size(16)));
typedef float vf32 __attribute__((vector_size(16)));
typedef double vf64 __attribute__((vector_size(16)));
typedef uint8_t vu8x4 __attribute__((vector_size(4)));
typedef uint16_t vu16x4 __attribute__((vector_size(8)));

/* ---- 32-bit lanes */
EXMY__ALWAYS_INLINE vu u_set(uint32_t x) { return (vu){x, x, x, x}; }
EXMY__ALWAYS_INLINE vu u_load(const void *p) { vu v; memcpy(&v, p, sizeof v); return v; }
EXMY__ALWAYS_INLINE void u_store(void *p, vu v) { memcpy(p, &v, sizeof v); }
/* No non-temporal stores in plain C: the ordinary ones (ops.h allows it). */
#define u_stream u_store
#define u_stream16 u_store16
#define u_stream8 u_store8
#define q_stream q_store
EXMY__ALWAYS_INLINE void v_sfence(void) {}
EXMY__ALWAYS_INLINE vu u_load16(const void *p)
{
    uint16_t x[4];
    memcpy(x, p, sizeof x);
    return (vu){x[0], x[1], x[2], x[3]};
}
EXMY__ALWAYS_INLINE vu u_load8(const void *p)
{
    const uint8_t *x = p;
    return (vu){x[0], x[1], x[2], x[3]};
}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Narrowing stores: fold each pair of lanes inside its 64-bit half (plain
 * conversions compile to lane-by-lane extraction on SSE2). */
EXMY__ALWAYS_INLINE void u_store16(void *p, vu v)
{
    vq w = (vq)(v & 0xffff);
    w |= w >> 16;
    uint64_t x[2];
    memcpy(x, &w, sizeof x);
    uint64_t r = (x[0] & 0xffffffffu) | x[1] << 32;
    memcpy(p, &r, 8);
}
EXMY__ALWAYS_INLINE void u_store8(void *p, vu v)
{
    vq w = (vq)(v & 0xff);
    w |= w >> 24;
    uint64_t x[2];
    memcpy(x, &w, sizeof x);
    uint32_t r = (uint32_t)((x[0] & 0xffff) | (x[1] & 0xffff) << 16);
    memcpy(p, &r, 4);
}
#else
EXMY__ALWAYS_INLINE void u_store16(void *p, vu v)
{
    vu16x4 x = __builtin_convertvector(v, vu16x4);
    memcpy(p, &x, sizeof x);
}
EXMY__ALWAYS_INLINE void u_store8(void *p, vu v)
{
    vu8x4 x = __builtin_convertvector(v, vu8x4);
    memcpy(p, &x, sizeof x);
}
#endif
EXMY__ALWAYS_INLINE vu u_and(vu a, vu b) { return a & b; }
EXMY__ALWAYS_INLINE vu u_or(vu a, vu b) { return a | b; }
EXMY__ALWAYS_INLINE vu u_xor(vu a, vu b) { return a ^ b; }
EXMY__ALWAYS_INLINE vu u_add(vu a, vu b) { return a + b; }
EXMY__ALWAYS_INLINE vu u_sub(vu a, vu b) { return a - b; }
#define u_srli(v, k) ((vu)((v) >> (k)))
#define u_slli(v, k) ((vu)((v) << (k)))
EXMY__ALWAYS_INLINE vu u_srl(vu v, unsigned n) { return n < 32 ? v >> n : u_set(0); }
EXMY__ALWAYS_INLINE vu u_sll(vu v, unsigned n) { return n < 32 ? v << n : u_set(0); }
EXMY__ALWAYS_INLINE vu u_srlv(vu v, vu n) { return (v >> (n & 31)) & (vu)(n < 32); }
EXMY__ALWAYS_INLINE vu u_sllv(vu v, vu n) { return (v << (n & 31)) & (vu)(n < 32); }
EXMY__ALWAYS_INLINE vm u_eq(vu a, vu b) { return (vm)(a == b); }
EXMY__ALWAYS_INLINE vm u_gt(vu a, vu b) { return (vm)(a > b); }
EXMY__ALWAYS_INLINE vm u_nz(vu a) { return (vm)(a != 0); }
EXMY__ALWAYS_INLINE vm u_test(vu a, vu b) { return (vm)((a & b) != 0); }
EXMY__ALWAYS_INLINE vm u_testz(vu a, vu b) { return (vm)((a & b) == 0); }
EXMY__ALWAYS_INLINE vu u_blend(vm m, vu a, vu b) { return (m & a) | (~m & b); }
EXMY__ALWAYS_INLINE vu u_max(vu a, vu b) { return u_blend(u_gt(a, b), a, b); }
EXMY__ALWAYS_INLINE vu u_min(vu a, vu b) { return u_blend(u_gt(a, b), b, a); }
/* Binary32 / binary64 products of the lanes' bit patterns (rne). */
EXMY__ALWAYS_INLINE vu u_fmul(vu a, vu b)
{
    vf32 x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    x *= y;
    memcpy(&a, &x, sizeof a);
    return a;
}
EXMY__ALWAYS_INLINE uint32_t u_hmax(vu a)
{
    uint32_t m = a[0];
    for (int i = 1; i < VW; i++)
        m = a[i] > m ? a[i] : m;
    return m;
}
EXMY__ALWAYS_INLINE vu u_add1(vu v, vm m) { return v - m; }
EXMY__ALWAYS_INLINE vu u_maskz(vm m, vu v) { return m & v; }
/* ops.h: exact for v < 2^24; larger lanes are masked (unspecified value). */
EXMY__ALWAYS_INLINE vu u_cvtf(vu v)
{
    vf32 f = __builtin_convertvector((vu)(v & 0xffffff), vf32);
    vu b;
    memcpy(&b, &f, sizeof b);
    return b;
}
EXMY__ALWAYS_INLINE vu u_f16load(const void *p)
{
    uint16_t x[4];
    memcpy(x, p, sizeof x);
    return (vu){exmy__f16_to_f32_bits(x[0]), exmy__f16_to_f32_bits(x[1]),
                exmy__f16_to_f32_bits(x[2]), exmy__f16_to_f32_bits(x[3])};
}
EXMY__ALWAYS_INLINE void u_f16store(void *p, vu v)
{
    uint16_t x[4] = {(uint16_t)exmy__f32_to_f16_bits(v[0]), (uint16_t)exmy__f32_to_f16_bits(v[1]),
                     (uint16_t)exmy__f32_to_f16_bits(v[2]), (uint16_t)exmy__f32_to_f16_bits(v[3])};
    memcpy(p, x, sizeof x);
}

/* Per-lane counters: add 1 where m is set; the total of all lanes. */
EXMY__ALWAYS_INLINE vu u_acc(vu acc, vm m) { return acc - m; }
EXMY__ALWAYS_INLINE uint64_t u_hsum(vu acc) { return (uint64_t)acc[0] + acc[1] + acc[2] + acc[3]; }

EXMY__ALWAYS_INLINE vm m_and(vm a, vm b) { return a & b; }
EXMY__ALWAYS_INLINE vm m_or(vm a, vm b) { return a | b; }
EXMY__ALWAYS_INLINE vm m_andn(vm a, vm b) { return a & ~b; }
EXMY__ALWAYS_INLINE vm m_not(vm a) { return ~a; }
EXMY__ALWAYS_INLINE vm m_all(int on) { return u_set(on ? 0xffffffffu : 0); }
EXMY__ALWAYS_INLINE int m_any(vm a)
{
    uint64_t x[2];
    memcpy(x, &a, sizeof x);
    return (x[0] | x[1]) != 0;
}
EXMY__ALWAYS_INLINE int m_every(vm a)
{
    uint64_t x[2];
    memcpy(x, &a, sizeof x);
    return (x[0] & x[1]) == UINT64_MAX;
}
EXMY__ALWAYS_INLINE unsigned m_cnt(vm a)
{
    uint64_t x[2];
    memcpy(x, &a, sizeof x);
    return (unsigned)((x[0] & 1) + (x[0] >> 63) + (x[1] & 1) + (x[1] >> 63));
}

/* ---- 64-bit lanes */
EXMY__ALWAYS_INLINE vq q_set(uint64_t x) { return (vq){x, x}; }
EXMY__ALWAYS_INLINE vq q_load(const void *p) { vq v; memcpy(&v, p, sizeof v); return v; }
EXMY__ALWAYS_INLINE void q_store(void *p, vq v) { memcpy(p, &v, sizeof v); }
EXMY__ALWAYS_INLINE vq q_load32(const void *p)
{
    uint32_t x[2];
    memcpy(x, p, sizeof x);
    return (vq){x[0], x[1]};
}
EXMY__ALWAYS_INLINE vq q_load16(const void *p)
{
    uint16_t x[2];
    memcpy(x, p, sizeof x);
    return (vq){x[0], x[1]};
}
EXMY__ALWAYS_INLINE vq q_load8(const void *p)
{
    const uint8_t *x = p;
    return (vq){x[0], x[1]};
}
EXMY__ALWAYS_INLINE void q_store32(void *p, vq v)
{
    uint32_t x[2] = {(uint32_t)v[0], (uint32_t)v[1]};
    memcpy(p, x, sizeof x);
}
EXMY__ALWAYS_INLINE void q_store16(void *p, vq v)
{
    uint16_t x[2] = {(uint16_t)v[0], (uint16_t)v[1]};
    memcpy(p, x, sizeof x);
}
EXMY__ALWAYS_INLINE void q_store8(void *p, vq v)
{
    uint8_t x[2] = {(uint8_t)v[0], (uint8_t)v[1]};
    memcpy(p, x, sizeof x);
}
EXMY__ALWAYS_INLINE vq q_and(vq a, vq b) { return a & b; }
EXMY__ALWAYS_INLINE vq q_or(vq a, vq b) { return a | b; }
EXMY__ALWAYS_INLINE vq q_xor(vq a, vq b) { return a ^ b; }
EXMY__ALWAYS_INLINE vq q_add(vq a, vq b) { return a + b; }
EXMY__ALWAYS_INLINE vq q_sub(vq a, vq b) { return a - b; }
#define q_srli(v, k) ((vq)((v) >> (k)))
#define q_slli(v, k) ((vq)((v) << (k)))
EXMY__ALWAYS_INLINE vq q_srl(vq v, unsigned n) { return n < 64 ? v >> n : q_set(0); }
EXMY__ALWAYS_INLINE vq q_sll(vq v, unsigned n) { return n < 64 ? v << n : q_set(0); }
EXMY__ALWAYS_INLINE vq q_srlv(vq v, vq n) { return (v >> (n & 63)) & (vq)(n < 64); }
EXMY__ALWAYS_INLINE vq q_sllv(vq v, vq n) { return (v << (n & 63)) & (vq)(n < 64); }
EXMY__ALWAYS_INLINE vmq q_eq(vq a, vq b) { return (vmq)(a == b); }
EXMY__ALWAYS_INLINE vmq q_gt(vq a, vq b) { return (vmq)(a > b); }
EXMY__ALWAYS_INLINE vmq q_nz(vq a) { return (vmq)(a != 0); }
EXMY__ALWAYS_INLINE vmq q_test(vq a, vq b) { return (vmq)((a & b) != 0); }
EXMY__ALWAYS_INLINE vmq q_testz(vq a, vq b) { return (vmq)((a & b) == 0); }
EXMY__ALWAYS_INLINE vq q_blend(vmq m, vq a, vq b) { return (m & a) | (~m & b); }
EXMY__ALWAYS_INLINE vq q_max(vq a, vq b) { return q_blend(q_gt(a, b), a, b); }
EXMY__ALWAYS_INLINE vq q_min(vq a, vq b) { return q_blend(q_gt(a, b), b, a); }
EXMY__ALWAYS_INLINE vq q_fmul(vq a, vq b)
{
    vf64 x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    x *= y;
    memcpy(&a, &x, sizeof a);
    return a;
}
EXMY__ALWAYS_INLINE uint64_t q_hmax(vq a) { return a[0] > a[1] ? a[0] : a[1]; }
EXMY__ALWAYS_INLINE vq q_add1(vq v, vmq m) { return v - m; }
EXMY__ALWAYS_INLINE vq q_maskz(vmq m, vq v) { return m & v; }
/* Low 32 bits of each lane times low 32 bits: the 64-bit products. */
EXMY__ALWAYS_INLINE vq q_mul32(vq a, vq b) { return (a & 0xffffffffu) * (b & 0xffffffffu); }
EXMY__ALWAYS_INLINE vq q_iota(uint64_t b) { return (vq){b, b + 1}; }
/* Philox output of VWQ blocks: w01 holds words 0|1, w23 words 2|3 of each
 * block; memory wants block-major order. */
EXMY__ALWAYS_INLINE void q_store_blocks(uint32_t *p, vq w01, vq w23)
{
    uint32_t w[8] = {(uint32_t)w01[0], (uint32_t)(w01[0] >> 32), (uint32_t)w23[0],
                     (uint32_t)(w23[0] >> 32), (uint32_t)w01[1], (uint32_t)(w01[1] >> 32),
                     (uint32_t)w23[1], (uint32_t)(w23[1] >> 32)};
    memcpy(p, w, sizeof w);
}
/* ops.h: exact for v < 2^32; larger lanes are masked (unspecified value). */
EXMY__ALWAYS_INLINE vq q_cvtd(vq v)
{
    vf64 d = __builtin_convertvector((vq)(v & 0xffffffffu), vf64);
    vq b;
    memcpy(&b, &d, sizeof b);
    return b;
}
EXMY__ALWAYS_INLINE vq q_acc(vq acc, vmq m) { return acc - m; }
EXMY__ALWAYS_INLINE uint64_t q_hsum(vq acc) { return acc[0] + acc[1]; }
EXMY__ALWAYS_INLINE vmq mq_and(vmq a, vmq b) { return a & b; }
EXMY__ALWAYS_INLINE vmq mq_or(vmq a, vmq b) { return a | b; }
EXMY__ALWAYS_INLINE vmq mq_andn(vmq a, vmq b) { return a & ~b; }
EXMY__ALWAYS_INLINE vmq mq_not(vmq a) { return ~a; }
EXMY__ALWAYS_INLINE vmq mq_all(int on) { return q_set(on ? UINT64_MAX : 0); }
EXMY__ALWAYS_INLINE int mq_any(vmq a) { return (a[0] | a[1]) != 0; }
EXMY__ALWAYS_INLINE int mq_every(vmq a) { return (a[0] & a[1]) == UINT64_MAX; }
EXMY__ALWAYS_INLINE unsigned mq_cnt(vmq a) { return (unsigned)((a[0] & 1) + (a[1] & 1)); }

#endif
