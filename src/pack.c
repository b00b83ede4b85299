/* Code packing: codes narrower than a byte as hardware stores them.
 *
 * One layout for every width (exmy.h "code packing"): a little-endian bit
 * stream, element i at bits k*i .. k*i+k-1, bit b of byte j being bit 8j+b of
 * the stream. FP4 then goes two to a byte with the first element in the low
 * nibble (CUDA's __nv_cvt_float2_to_fp4x2 puts x.x in bits 3:0), FP6 four to
 * three bytes (AMD's 32 FP6 values in 6 dwords, element i from bit 6i), and
 * 8/16/32-bit codes come out as their little-endian arrays. */
#include "exmy_internal.h"

#include <string.h>

size_t exmy_packed_size(const exmy_format *f, size_t n)
{
    exmy__prep P;
    if (exmy__prepare(f, &P) != EXMY__FMT_OK)
        return 0;
    /* ceil(n * k / 8) without overflowing n * k: n = 8q + r. */
    size_t q = n / 8, r = n % 8;
    return q * P.k + (r * P.k + 7) / 8;
}

exmy_status exmy_pack_codes(const exmy_format *f, const void *codes, size_t n, void *packed)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (n == 0)
        return EXMY_OK;
    if (!codes || !packed)
        return EXMY_EINVAL;
    unsigned k = P.k;
    uint8_t *out = packed;
    /* A 64-bit accumulator: at most 7 pending bits plus one 32-bit code. */
    uint64_t acc = 0;
    unsigned have = 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = exmy__load_code(codes, P.code_bytes, i);
        if (k < 32 && (c >> k) != 0)
            return EXMY_EINVAL;
        acc |= (uint64_t)c << have;
        have += k;
        while (have >= 8) {
            out[j++] = (uint8_t)acc;
            acc >>= 8;
            have -= 8;
        }
    }
    if (have > 0) /* the partial last byte: the bits after the last element are zero */
        out[j] = (uint8_t)acc;
    return EXMY_OK;
}

exmy_status exmy_unpack_codes(const exmy_format *f, const void *packed, size_t n, void *codes)
{
    exmy__prep P;
    exmy__bad bad = exmy__prepare(f, &P);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (n == 0)
        return EXMY_OK;
    if (!codes || !packed)
        return EXMY_EINVAL;
    unsigned k = P.k;
    const uint8_t *in = packed;
    uint64_t mask = (UINT64_C(1) << k) - 1;
    uint64_t acc = 0;
    unsigned have = 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        /* Read only the bytes element i needs, so that a partial last byte
         * is the last one read. */
        while (have < k) {
            acc |= (uint64_t)in[j++] << have;
            have += 8;
        }
        exmy__store_code(codes, P.code_bytes, i, (uint32_t)(acc & mask));
        acc >>= k;
        have -= k;
    }
    return EXMY_OK;
}
