/* Philox bits for stochastic rounding. The reference is Random123's
 * philox4x32 (checked here against the published known-answer vectors of
 * Philox4x32-10, Salmon et al. SC'11 / Random123 kat_vectors); the documented
 * layout exmy_philox_bits is checked on a known answer; and every level's
 * vectorised Philox (exmy_philox_fill) equals exmy_philox_bits element by
 * element, across odd starts, block-counter carries past 2^32 and the wrap
 * of the element index at 2^64. */
#include "testutil.h"

#include <Random123/philox.h>
#include <stdlib.h>
#include <string.h>

START_TEST(known_answers)
{
    static const struct {
        uint32_t ctr[4], key[2], out[4];
    } kat[] = {
        {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
         {0xffffffff, 0xffffffff},
         {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
         {0xa4093822, 0x299f31d0},
         {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (size_t k = 0; k < sizeof kat / sizeof kat[0]; k++) {
        philox4x32_ctr_t c = {{kat[k].ctr[0], kat[k].ctr[1], kat[k].ctr[2], kat[k].ctr[3]}};
        philox4x32_key_t key = {{kat[k].key[0], kat[k].key[1]}};
        philox4x32_ctr_t r = philox4x32(c, key);
        for (int w = 0; w < 4; w++)
            ck_assert_msg(r.v[w] == kat[k].out[w], "KAT %zu word %d: 0x%08x, expected 0x%08x", k,
                          w, r.v[w], kat[k].out[w]);
    }
    /* The layout: seed 0, elements 0..3 are the words of block 0; element 5
     * (block 1, word 1) with the low 8 bits. */
    for (int w = 0; w < 4; w++)
        ck_assert(exmy_philox_bits(0, (uint64_t)w, 32) == kat[0].out[w]);
    philox4x32_ctr_t c1 = {{1, 0, 0, 0}};
    philox4x32_key_t k0 = {{0x89abcdef, 0x01234567}};
    ck_assert(exmy_philox_bits(UINT64_C(0x0123456789abcdef), 5, 8) == (philox4x32(c1, k0).v[1] & 0xff));
    /* Block counter above 2^32: c1 is the high word. */
    philox4x32_ctr_t c2 = {{3, 7, 0, 0}};
    uint64_t g = ((UINT64_C(7) << 32 | 3) << 2) | 2;
    ck_assert(exmy_philox_bits(UINT64_C(0x0123456789abcdef), g, 32) == philox4x32(c2, k0).v[2]);
}
END_TEST

START_TEST(levels_equal_reference)
{
    const exmy_isa levels[] = {EXMY_ISA_SCALAR, EXMY_ISA_PORTABLE, EXMY_ISA_AVX2, EXMY_ISA_AVX512};
    const uint64_t seeds[] = {0, 1, UINT64_C(0xdeadbeefcafef00d), UINT64_MAX};
    const uint64_t starts[] = {0, 1, 2, 3, 5, 1000003, (UINT64_C(1) << 34) - 37,
                               UINT64_MAX - 300, UINT64_MAX - 3};
    const size_t lens[] = {0, 1, 3, 4, 5, 63, 64, 65, 127, 200, 10007};
    const unsigned bits[] = {1, 8, 23, 32};
    uint32_t *out = malloc(10007 * sizeof *out);
    ck_assert(out != NULL);
    tu_log log;
    tu_log_init(&log, "philox fill", 10);
    for (size_t l = 0; l < 4; l++) {
        if (!exmy_isa_supported(levels[l]))
            continue;
        for (size_t s = 0; s < 4; s++)
            for (size_t a = 0; a < sizeof starts / sizeof starts[0]; a++)
                for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
                    unsigned b = bits[(s + a + k) % 4];
                    ck_assert(exmy_philox_fill(seeds[s], starts[a], lens[k], b, out, levels[l]) ==
                              EXMY_OK);
                    for (size_t i = 0; i < lens[k]; i++) {
                        log.checked++;
                        uint32_t want = exmy_philox_bits(seeds[s], starts[a] + i, b);
                        if (out[i] != want) {
                            tu_fail(&log, "%s seed 0x%llx index %llu bits %u: 0x%08x, expected 0x%08x",
                                    exmy_isa_name(levels[l]), (unsigned long long)seeds[s],
                                    (unsigned long long)(starts[a] + i), b, out[i], want);
                            break;
                        }
                    }
                }
    }
    ck_assert(exmy_philox_fill(0, 0, 1, 0, out, EXMY_ISA_AUTO) == EXMY_EINVAL);
    ck_assert(exmy_philox_fill(0, 0, 1, 33, out, EXMY_ISA_AUTO) == EXMY_EINVAL);
    free(out);
    tu_log_check(&log);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("philox");
    TCase *tc = tcase_create("philox");
    tcase_add_test(tc, known_answers);
    tcase_add_test(tc, levels_equal_reference);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
