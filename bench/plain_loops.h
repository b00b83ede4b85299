/* The peers of array_bench: each conversion the issue times, written as the
 * plain C loop a user would write for one format (bit tricks on the float's
 * pattern, no intrinsics, no library), compiled with gcc -O3 and cloned per
 * ISA (x86-64-v4 / v3 / baseline, picked at load time) so that gcc
 * vectorises it for this CPU. All round to nearest even and saturate to the
 * largest finite value (OCP satfinite), as exmy's rne/satfinite calls do;
 * array_bench checks bit equality with exmy in the same run. */
#ifndef EXMY_BENCH_PLAIN_LOOPS_H
#define EXMY_BENCH_PLAIN_LOOPS_H

#include <stddef.h>
#include <stdint.h>

/* binary32 -> e4m3fn / e5m2 codes. */
void plain_f32_to_e4m3fn(const float *in, uint8_t *out, size_t n);
void plain_f32_to_e5m2(const float *in, uint8_t *out, size_t n);
/* binary64 -> e4m3fn codes (rounded once, from the binary64 value). */
void plain_f64_to_e4m3fn(const double *in, uint8_t *out, size_t n);
/* binary32 -> binary32 fake-quantised to e4m3fn / e5m2. */
void plain_fq_f32_e4m3fn(const float *in, float *out, size_t n);
void plain_fq_f32_e5m2(const float *in, float *out, size_t n);

/* Decoding through a 256-entry table that the user builds once (with
 * ldexpf, before the loop) and indexes per code. The arrays are declared
 * restrict: without it gcc does not vectorise the lookups (out might
 * overwrite the table). */
void plain_table_e4m3fn(float table[256]);
void plain_decode_table(const float *restrict table, const uint8_t *restrict in,
                        float *restrict out, size_t n);

#endif
