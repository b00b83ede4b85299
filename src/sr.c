/* Random bits for stochastic rounding: Philox4x32-10 (Random123), keyed by a
 * 64-bit seed and counted by element index, so that the bits of element i
 * depend on (seed, i) alone: never on threads, SIMD width or chunking. */
#include "exmy_internal.h"

#include <Random123/philox.h>

uint32_t exmy_philox_bits(uint64_t seed, uint64_t index, unsigned bits)
{
    uint64_t block = index >> 2;
    philox4x32_ctr_t ctr = {{(uint32_t)block, (uint32_t)(block >> 32), 0, 0}};
    philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t r = philox4x32(ctr, key);
    uint32_t w = r.v[index & 3];
    return bits >= 32 ? w : (w & ((UINT32_C(1) << bits) - 1));
}
