/* The profile test harness: feeds a profile (through exmy_profile_convert)
 * and an independent model of the vendor's conversion (written in
 * tests/profiles/ref_VENDOR.c from the cited document, sharing no code with
 * src/) the same inputs, and logs every disagreement with the input's %a and
 * hex bits. The harness only generates inputs and compares; it never computes
 * an expected code itself. */
#ifndef EXMY_TESTS_PROFILE_HARNESS_H
#define EXMY_TESTS_PROFILE_HARNESS_H

#include "testutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the document says the instruction writes. */
typedef struct ph_answer {
    uint32_t code;  /* the code (when !any_nan) */
    bool any_nan;   /* the document leaves the NaN code open: any NaN code of
                       the profile's format is correct */
} ph_answer;

/* A model: input bits of type `type` (binary32 bits in the low 32 bits for
 * EXMY_TYPE_F32, etc.), this element's random bits r (stochastic), the scale
 * exponent (scaled profiles, else 0), and the model's own context. */
typedef ph_answer (*ph_model)(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp,
                              const void *ctx);

/* The boundary inputs of binary32 for a target format (every ≤ 16-bit
 * format): every finite value of the format and every midpoint between
 * neighbours (and the midpoint above max finite), those of them that are
 * binary32 values, each with its ±1 and ±2 ulp binary32 neighbours, both
 * signs; ±0, the smallest and largest binary32 subnormals and normals, ±Inf,
 * the largest finite binary32, quiet and signalling NaNs of both signs with
 * several payloads, and powers of two 2^-149 .. 2^127. Sorted and unique.
 * Returns a malloc'd array (*n elements); aborts on allocation failure. */
uint32_t *ph_boundary_f32(const exmy_format *f, size_t *n);

/* Compare the profile with the model on binary32 inputs. For a stochastic
 * profile every input is tried with each r in `rs` (nrs values); for a
 * deterministic one pass rs = NULL, nrs = 0 (r = 0). scale_exp is passed to
 * both. Mismatches are logged to `log` (see tu_log). */
void ph_check_f32(tu_log *log, const exmy_profile *p, ph_model m, const void *ctx,
                  const uint32_t *xs, size_t n, const uint32_t *rs, size_t nrs, int scale_exp);
/* Every binary32 input i * stride mod 2^32 for i < count (stride odd, so a
 * prime-stride sample when count < 2^32; stride 1 and count 2^32: all).
 * Compares the codes only: exmy_profile_accepts is checked by ph_check_f32
 * and ph_check_16_all. */
void ph_check_f32_stride(tu_log *log, const exmy_profile *p, ph_model m, const void *ctx,
                         uint32_t stride, uint64_t count, const uint32_t *rs, size_t nrs,
                         int scale_exp);
/* All 2^16 inputs of binary16 or bfloat16 (type EXMY_TYPE_F16 / _BF16). */
void ph_check_16_all(tu_log *log, const exmy_profile *p, exmy_type type, ph_model m,
                     const void *ctx, const uint32_t *rs, size_t nrs, int scale_exp);

/* The default suite's sample: 2^24 binary32 inputs at this prime stride. */
#define PH_SAMPLE_STRIDE 0x9E3779B1u /* 2654435761, a prime */
#define PH_SAMPLE_COUNT (1u << 24)

/* The built-in profile `name` (aborts the test if absent). */
const exmy_profile *ph_profile(const char *name);

/* One named worked example from a document: the profile converts `xbits`
 * (type) with r and expects `code`; logged with `what` on mismatch. */
void ph_example(tu_log *log, const char *what, const char *profile, exmy_type type,
                uint64_t xbits, uint32_t r, uint32_t code);

#endif
