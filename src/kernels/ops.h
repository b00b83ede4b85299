/* The lane-operation vocabulary of the array kernels: the contract that
 * every level's ops header (ops_portable.h, ops_avx2.h, ops_avx512.h; a
 * NEON level would add ops_neon.h) implements, and the only operations
 * kern_body.h and kern_enc.h may use. A level is correct when each op below
 * meets its contract on every lane; the kernels then give bit-identical
 * results at every level (tests/kernels compares each with the scalar core).
 *
 * This header declares nothing: the ops are static inline functions or
 * macros of each level's header, with these names and meanings.
 *
 * Each level's header defines
 *   EXMY__ALWAYS_INLINE   the inline attribute of its ops
 *   KLEVEL(name)         name##_LEVEL: the level's suffix on kernel symbols
 *   KLEVEL_ISA           its exmy_isa value
 *   KLEVEL_RINT          1 if it has u_rint and q_rint (below), else 0
 *   VW, VWQ              number of 32-bit / 64-bit lanes of a vector
 *   vu, vm               a vector of VW uint32_t lanes and its lane mask
 *   vq, vmq              a vector of VWQ uint64_t lanes and its lane mask
 * A mask is opaque to the kernels (all-ones lanes on portable and AVX2, a k
 * register on AVX-512): it is only made by comparisons and m_*, and only
 * consumed by blend/maskz/add1/acc and m_*.
 *
 * 32-bit lanes (u_*), and the same with 64-bit lanes (q_*, with uint64_t):
 *   u_set(x)            every lane x
 *   u_load(p), u_store(p, v)
 *                       VW lanes from/to p; p needs only the alignment of
 *                       its element type (no aligned loads anywhere)
 *   u_load16/u_load8(p) VW uint16_t / uint8_t from p, zero-extended
 *   u_store16/u_store8(p, v)
 *                       the low 16 / 8 bits of each lane to p (truncating)
 *   q_load32/q_store32, q_load16/q_store16, q_load8/q_store8: the same for
 *                       VWQ uint32_t / uint16_t / uint8_t elements
 *   u_stream(p, v), u_stream16(p, v), u_stream8(p, v), q_stream(p, v)
 *                       as u_store, u_store16, u_store8, q_store, but
 *                       non-temporal where the level has such stores (the
 *                       line goes to memory without being read first); p
 *                       aligned to the number of bytes stored; the
 *                       driver fences them (kernel table: fence) before its
 *                       results are seen by another thread or the caller
 *   v_sfence()          orders the non-temporal stores before later ones
 *   u_and, u_or, u_xor, u_add, u_sub (a, b)
 *                       lane-wise, modulo 2^32 (2^64)
 *   u_srli(v, k), u_slli(v, k)
 *                       logical shift by a compile-time constant 0 <= k < 32
 *   u_srl(v, n), u_sll(v, n)
 *                       logical shift of every lane by one run-time count;
 *                       n >= 32 (64) gives 0 in every lane
 *   u_srlv(v, n), u_sllv(v, n)
 *                       per-lane counts; a lane whose count is >= 32 (64)
 *                       gives 0 (as the AVX2/AVX-512 variable shifts)
 *   u_eq, u_gt (a, b)   mask of a == b, a > b (unsigned)
 *   u_nz(a)             mask of a != 0
 *   u_test(a, b), u_testz(a, b)
 *                       mask of (a & b) != 0, (a & b) == 0
 *   u_blend(m, a, b)    a where m, else b
 *   u_max, u_min (a, b) unsigned maximum, minimum
 *   u_hmax(a)           the largest lane (unsigned), as uint32_t (uint64_t)
 *   u_fmul(a, b)        the lanes as binary32 (binary64) bit patterns, multiplied
 *                       in the default environment (rne, no traps): the
 *                       product's bit pattern
 *   u_add1(v, m)        v + 1 where m, else v
 *   u_maskz(m, v)       v where m, else 0
 *   u_acc(acc, m), u_hsum(acc)
 *                       per-lane counters: acc + 1 where m; the sum of all
 *                       lanes as uint64_t (callers keep each lane below
 *                       2^32 by flushing often enough)
 *   u_cvtf(v)           the binary32 bits of (float)v, exact, for every lane
 *                       with v < 2^24. The kernels use it for subnormal
 *                       magnitudes (v < 2^M, M <= 23) only; lanes >= 2^24
 *                       give an unspecified value without trapping (they
 *                       are blended away), so a level may use a signed or
 *                       an unsigned conversion, or mask the input
 *   u_rint(v)           (only where KLEVEL_RINT) the lanes as binary32 (binary64) bit patterns of
 *                       values 0 <= v < 2^23: the nearest integer, ties to
 *                       even, as an integer lane, whatever the rounding
 *                       mode of the environment; other lanes:
 *                       unspecified, no trap. (Under DAZ a subnormal lane
 *                       reads as 0: the kernels allow for it.)
 *   q_cvtd(v)           the binary64 bits of (double)v, exact, for every
 *                       lane with v < 2^32 (subnormal magnitudes, M <= 31);
 *                       larger lanes: an unspecified value, no trap
 *   u_f16load(p)        VW binary16 values at p, widened exactly to the
 *                       binary32 bits (NaN payloads kept, quiet bit set as
 *                       F16C does)
 *   u_f16store(p, v)    VW binary32 bit patterns narrowed to binary16 with
 *                       round-to-nearest-even, as F16C's VCVTPS2PH does
 *                       (NaN: half.h)
 *   q_mul32(a, b)       (a mod 2^32) * (b mod 2^32) as a 64-bit product
 *   q_iota(b)           lanes b, b + 1, ..., b + VWQ - 1
 *   q_store_blocks(p, w01, w23)
 *                       Philox4x32 output of VWQ blocks, lane j holding
 *                       words 0|1 (w01) and 2|3 (w23) of block j as
 *                       lo|hi halves: stored block after block, 4 words each
 *
 * Masks (m_* for vm, mq_* for vmq):
 *   m_and, m_or (a, b), m_andn(a, b) = a & ~b, m_not(a)
 *   m_all(on)           every lane set (on != 0) or clear
 *   m_any(a), m_every(a) is some / every lane set (int)
 *   m_cnt(a)            number of lanes set
 */
#ifndef EXMY__OPS_H
#define EXMY__OPS_H
#endif
