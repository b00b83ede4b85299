/* What `exmy vectors` and `exmy check` decide the same way about a target:
 * the profile a TARGET names, its input type, which random-bit options mean
 * something, how many random values and packed bytes n elements take, and the
 * chunk both stream in. One definition, so that the codes check judges are
 * the ones vectors wrote for the same command line. */
#ifndef EXMY_VEC_PLAN_H
#define EXMY_VEC_PLAN_H

#include "cli.h"

#include <stdbool.h>
#include <stdint.h>

/* Resolve TARGET: a profile (copied into *prof), or a format made into one
 * by exmy_profile_from_format with --round, --sat and --sr-bits (rne and
 * satfinite by default). --seed is allowed for every target (it keys
 * --set random:N too); vec_random_usage says where it means nothing.
 * Reports and returns the exit status on failure. */
int vec_target(const cli_ctx *ctx, const char *name, const cli_conv_args *ca, cli_target *t,
               cli_conv *conv, exmy_profile *prof);
/* --from (NULL: the profile's first input type, f32 for a format), which the
 * profile must take. */
int vec_input_type(const cli_ctx *ctx, const char *from, const exmy_profile *p, exmy_type *type);
/* --random-operands and --seed only where they key something: a stochastic
 * target's bits, or (--seed) a random set. Usage errors. */
int vec_random_usage(const cli_ctx *ctx, bool stochastic, bool operands, bool seed,
                     bool random_set);

/* Elements per instruction (1 for a scalar one). */
unsigned vec_lanes(const exmy_profile *p);
/* Elements per chunk: about 2^20, a multiple of 8 (whole bytes of packed
 * FP4/FP6 codes) and of the lanes (whole instructions, as exmy_check_array's
 * index0 with random operands wants). */
size_t vec_chunk(const exmy_profile *p);
/* The random values n elements take: one each, or with random operands one
 * per instruction (the last one maybe half full). */
uint64_t vec_random_count(const exmy_profile *p, bool operands, uint64_t n);
/* The bytes n packed codes take: ceil(n * bits / 8), as exmy_packed_size,
 * for any uint64_t n. */
uint64_t vec_packed_bytes(const exmy_format *f, uint64_t n);

#endif
