/* The kernels of one instruction-set level. A level's source file includes
 * its ops_*.h (lane operations, KLEVEL naming) and then this file, which
 * instantiates the shared bodies; so every level runs the same algorithm and
 * only the lane width and instructions differ. */
#include "half.h"
#include "kernel.h"

#include <Random123/philox.h>
#include <string.h>

/* ---- binary32 input: 32-bit lanes */
#define LW 32
#define VT vu
#define MT vm
#define LANES VW
#define O(op) u_##op
#define MO(op) m_##op
#define ET uint32_t
#define IN_T float
#define IN_M 23
#define FN(name) KLEVEL(name##_32)
#define u_store32 u_store
#define u_stream32 u_stream
#define u_load32 u_load
#define u_loadr u_load
#define u_cvt u_cvtf
#include "kern_enc.h"

/* ---- binary64 input: 64-bit lanes */
#define LW 64
#define VT vq
#define MT vmq
#define LANES VWQ
#define O(op) q_##op
#define MO(op) mq_##op
#define ET uint64_t
#define IN_T double
#define IN_M 52
#define FN(name) KLEVEL(name##_64)
#define q_loadr q_load32
/* Codes from binary64 input are at most half its bytes, stored in pieces
 * narrower than a cache line's worth: ordinary stores. */
#define q_stream8 q_store8
#define q_stream16 q_store16
#define q_stream32 q_store32
#define q_cvt q_cvtd
#include "kern_enc.h"

/* ---- binary16 / bfloat16 <-> binary32 */

static void KLEVEL(f16_to_f32)(const uint16_t *in, float *out, size_t n)
{
    size_t i = 0;
    for (; i + VW <= n; i += VW)
        u_store(out + i, u_f16load(in + i));
    for (; i < n; i++) {
        uint32_t b = exmy__f16_to_f32_bits(in[i]);
        memcpy(out + i, &b, 4);
    }
}

static void KLEVEL(f32_to_f16)(const float *in, uint16_t *out, size_t n)
{
    size_t i = 0;
    for (; i + VW <= n; i += VW)
        u_f16store(out + i, u_load(in + i));
    for (; i < n; i++) {
        uint32_t b;
        memcpy(&b, in + i, 4);
        out[i] = (uint16_t)exmy__f32_to_f16_bits(b);
    }
}

static void KLEVEL(bf16_to_f32)(const uint16_t *in, float *out, size_t n)
{
    size_t i = 0;
    for (; i + VW <= n; i += VW)
        u_store(out + i, u_slli(u_load16(in + i), 16));
    for (; i < n; i++) {
        uint32_t b = (uint32_t)in[i] << 16;
        memcpy(out + i, &b, 4);
    }
}

static void KLEVEL(f32_to_bf16)(const float *in, uint16_t *out, size_t n)
{
    /* Exact values keep their top 16 bits; the default quiet NaN
     * 0x7fc00000 becomes 0x7fc0, bfloat16's canonical NaN. */
    size_t i = 0;
    for (; i + VW <= n; i += VW)
        u_store16(out + i, u_srli(u_load(in + i), 16));
    for (; i < n; i++) {
        uint32_t b;
        memcpy(&b, in + i, 4);
        out[i] = (uint16_t)(b >> 16);
    }
}

/* ---- Philox4x32-10 (Salmon et al., SC'11; constants as in Random123),
 * one counter block per 64-bit lane. */

/* One round on 64-bit lanes, one block per lane, each word in the low half
 * of its lane (the high halves hold junk the multiplies never read):
 * (c0, c1, c2, c3) <- (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1,
 * lo(M0 c0)). */
EXMY__ALWAYS_INLINE void KLEVEL(philox_round)(vq *c, vq k0, vq k1)
{
    const vq m0 = q_set(0xD2511F53u), m1 = q_set(0xCD9E8D57u);
    vq p0 = q_mul32(c[0], m0), p1 = q_mul32(c[2], m1);
    c[0] = q_xor(q_xor(q_srli(p1, 32), c[1]), k0);
    c[1] = p1;
    c[2] = q_xor(q_xor(q_srli(p0, 32), c[3]), k1);
    c[3] = p0;
}

static void KLEVEL(philox)(uint64_t seed, uint64_t index0, size_t n, uint32_t *out)
{
    const uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    size_t i = 0;
    /* Leading words of a partly used block, and the tail, by Random123. */
    while (i < n && ((index0 + i) & 3)) {
        uint64_t b = (index0 + i) >> 2;
        philox4x32_ctr_t c = {{(uint32_t)b, (uint32_t)(b >> 32), 0, 0}};
        philox4x32_key_t k = {{k0, k1}};
        philox4x32_ctr_t w = philox4x32(c, k);
        out[i] = w.v[(index0 + i) & 3];
        i++;
    }
    /* G independent groups of VWQ blocks per step: the ten rounds are a
     * dependency chain, the other groups fill its latency. */
    enum { G = 4 };
    const size_t step = 4 * G * VWQ;
    const vq lo32 = q_set(0xffffffffu);
    for (; i + step <= n && index0 + i <= UINT64_MAX - step; i += step) {
        vq c[G][4];
        for (int g = 0; g < G; g++) {
            c[g][0] = q_iota(((index0 + i) >> 2) + (uint64_t)g * VWQ);
            c[g][1] = q_srli(c[g][0], 32);
            c[g][2] = c[g][3] = q_set(0);
        }
        uint32_t kk0 = k0, kk1 = k1;
#pragma GCC unroll 10
        for (int r = 0; r < 10; r++) {
            vq vk0 = q_set(kk0), vk1 = q_set(kk1);
            for (int g = 0; g < G; g++)
                KLEVEL(philox_round)(c[g], vk0, vk1);
            kk0 += 0x9E3779B9u;
            kk1 += 0xBB67AE85u;
        }
        for (int g = 0; g < G; g++)
            q_store_blocks(out + i + (size_t)g * 4 * VWQ,
                           q_or(q_and(c[g][0], lo32), q_slli(c[g][1], 32)),
                           q_or(q_and(c[g][2], lo32), q_slli(c[g][3], 32)));
    }
    for (; i < n; i++) {
        uint64_t b = (index0 + i) >> 2;
        philox4x32_ctr_t c = {{(uint32_t)b, (uint32_t)(b >> 32), 0, 0}};
        philox4x32_key_t k = {{k0, k1}};
        philox4x32_ctr_t w = philox4x32(c, k);
        out[i] = w.v[(index0 + i) & 3];
    }
}

static void KLEVEL(fence)(void)
{
    v_sfence();
}

const exmy__kernels KLEVEL(exmy__kernels) = {
    KLEVEL_ISA,
    KLEVEL(enc_32),
    KLEVEL(fq_32),
    KLEVEL(enc_64),
    KLEVEL(fq_64),
    KLEVEL(dec_32),
    KLEVEL(dec_64),
    KLEVEL(f16_to_f32),
    KLEVEL(f32_to_f16),
    KLEVEL(bf16_to_f32),
    KLEVEL(f32_to_bf16),
    KLEVEL(philox),
    KLEVEL(fence),
    KLEVEL(blk_amax_32),
    KLEVEL(enc_blk_32),
    KLEVEL(fq_blk_32),
    KLEVEL(blk_mul_32),
    KLEVEL(blk_amax_64),
    KLEVEL(enc_blk_64),
    KLEVEL(fq_blk_64),
    KLEVEL(blk_mul_64),
};
