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
#define u_load32 u_load
#define u_loadr u_load
#define u_cvt u_cvtf
#include "kern_enc.h"
#undef LW
#undef VT
#undef MT
#undef LANES
#undef O
#undef MO
#undef ET
#undef IN_T
#undef IN_M
#undef FN

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
#define q_cvt q_cvtd
#include "kern_enc.h"
#undef LW
#undef VT
#undef MT
#undef LANES
#undef O
#undef MO
#undef ET
#undef IN_T
#undef IN_M
#undef FN

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
 * PHILOX_BLOCKS counter blocks per step, one block per lane. */

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
    const vu m0 = u_set(0xD2511F53u), m1 = u_set(0xCD9E8D57u);
    for (; i + 4 * PHILOX_BLOCKS <= n; i += 4 * PHILOX_BLOCKS) {
        vu c0, c1, c2 = u_set(0), c3 = u_set(0);
        u_iota_ctr((index0 + i) >> 2, &c0, &c1);
        uint32_t kk0 = k0, kk1 = k1;
        for (int r = 0; r < 10; r++) {
            vu lo0 = u_mullo(c0, m0), hi0 = u_mulhi(c0, m0);
            vu lo1 = u_mullo(c2, m1), hi1 = u_mulhi(c2, m1);
            c0 = u_xor(u_xor(hi1, c1), u_set(kk0));
            c1 = lo1;
            c2 = u_xor(u_xor(hi0, c3), u_set(kk1));
            c3 = lo0;
            kk0 += 0x9E3779B9u;
            kk1 += 0xBB67AE85u;
        }
        u_store_t4(out + i, c0, c1, c2, c3);
    }
    for (; i < n; i++) {
        uint64_t b = (index0 + i) >> 2;
        philox4x32_ctr_t c = {{(uint32_t)b, (uint32_t)(b >> 32), 0, 0}};
        philox4x32_key_t k = {{k0, k1}};
        philox4x32_ctr_t w = philox4x32(c, k);
        out[i] = w.v[(index0 + i) & 3];
    }
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
};
