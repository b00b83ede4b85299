/* The generated input sets of `exmy vectors --set` and `exmy check --set`:
 * one definition, so that check judges exactly the stream vectors writes.
 *   boundary  exmy_vectors_boundary, whole in memory (exmy vectors only)
 *   all       every bit pattern of the input type, 0 .. 2^w - 1 in ascending
 *             order (f16, bf16: 2^16; f32: 2^32; f64 has none)
 *   random:N  exmy_vectors_random keyed by the seed, element i a function of
 *             (seed, i) alone
 * Made chunk by chunk (vec_set_fill at any index0), so memory stays constant
 * however long the set. */
#ifndef EXMY_VEC_SET_H
#define EXMY_VEC_SET_H

#include "cli.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum vec_set_kind { VEC_SET_BOUNDARY, VEC_SET_ALL, VEC_SET_RANDOM } vec_set_kind;

typedef struct vec_set {
    vec_set_kind kind;
    uint64_t count; /* elements in all (boundary: after vec_set_boundary) */
    uint64_t seed;  /* random:N */
    void *boundary; /* boundary: the whole set (vec_set_boundary); vec_set_free */
} vec_set;

/* Parse "all" or "random:N" (1 <= N <= 2^40), and with boundary_ok also
 * "boundary" (NULL: boundary); `opt` names the option in messages. A
 * malformed value: reported, CLI_EXIT_FAIL. */
int vec_set_parse(const cli_ctx *ctx, const char *opt, const char *s, bool boundary_ok,
                  uint64_t seed, vec_set *out);
/* The size of "all" for inputs of `type` (f64: a usage error, reported).
 * Nothing to do for the other sets. */
int vec_set_size(const cli_ctx *ctx, vec_set *s, exmy_type type);
/* Make the boundary set whole (nothing to do for the other sets); `name`
 * (the target) says where a failure came from. */
int vec_set_boundary(const cli_ctx *ctx, vec_set *s, const exmy_profile *p, exmy_type type,
                     int scale_exp, const char *name);
/* Elements index0 .. index0 + n - 1 of the set into out (n elements of the
 * type's size). The library's status for a random set (EXMY_ETYPE when the
 * profile does not take the type); the others cannot fail. */
exmy_status vec_set_fill(const vec_set *s, const exmy_profile *p, exmy_type type, int scale_exp,
                         uint64_t index0, size_t n, void *out);
/* "every f32 bit pattern", "random set, seed 7", "boundary set"; with a
 * target name: "boundary set of T", "every f32 bit pattern, for T",
 * "random set, seed 7, of T". */
void vec_set_describe(const vec_set *s, exmy_type type, const char *target, char *buf,
                      size_t len);
void vec_set_free(vec_set *s);

#endif
