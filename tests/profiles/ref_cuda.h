/* An independent model of the CUDA / PTX conversions of formats/cuda.prof,
 * written from the documents the profiles cite, sharing no code with src/ and
 * never calling exmy_from_* or exmy_profile_*:
 *
 *  - RC_CUDA_FP8: cuda_fp8.hpp (CUDA 12.6, same in 12.2.1), the host code of
 *    __nv_cvt_{float,halfraw,bfloat16raw,double}_to_fp8: every input is
 *    widened to binary64 (a NaN of f32/f16/bf16 first becomes the float
 *    0x7FFFFFFF), then compared with the header's thresholds (half the
 *    smallest subnormal, the overflow threshold, the smallest normal) and
 *    rounded to nearest-even. The rounding here uses the host FPU (rint of an
 *    exactly scaled binary64), not bit shifts, so it is a second algorithm
 *    beside the PTX one below.
 *  - RC_PTX: PTX ISA 9.1 §9.7.9.21 cvt: round the exact input to the target's
 *    precision and exponent range (.rn/.rna/.rz/.rm/.rp, integer arithmetic on
 *    the input's bit pattern), then the overflow rule (.satfinite: sign-
 *    preserved MAX_NORM; none: IEEE), .relu (negative -> +0) and the NaN rule.
 *
 * Each case is one (profile, input type) pair with the facts the model needs
 * restated from the documents (not read from the profile). */
#ifndef EXMY_TESTS_PROFILE_REF_CUDA_H
#define EXMY_TESTS_PROFILE_REF_CUDA_H

#include "harness.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A target format, by its encoding. */
typedef struct rc_target {
    const char *fmt;  /* catalogue name, for ph_boundary_f32 */
    unsigned bits;    /* code width */
    unsigned ebits;   /* exponent field width */
    unsigned mbits;   /* fraction field width */
    int bias;
    bool has_inf;     /* the code after max finite is Inf (else it is NaN: e4m3) */
    uint32_t maxcode; /* magnitude code of the largest finite value */
} rc_target;

extern const rc_target rc_e4m3, rc_e5m2, rc_f16, rc_bf16, rc_tf32;

typedef enum rc_algo { RC_CUDA_FP8, RC_PTX } rc_algo;
typedef enum rc_round { RC_RN, RC_RNA, RC_RZ, RC_RM, RC_RP } rc_round;
typedef enum rc_over {
    RC_SATFINITE, /* |x| beyond max, Inf included -> sign-preserved max */
    RC_IEEE,      /* IEEE 754: Inf, or max where the rounding points toward zero */
    RC_NOSAT      /* __NV_NOSAT: E4M3 -> NaN with the sign of x, E5M2 -> Inf */
} rc_over;
typedef enum rc_nan {
    RC_NAN_ANY,   /* the document leaves the code open */
    RC_NAN_FIXED, /* nan_code for either sign */
    RC_NAN_HEADER /* RC_CUDA_FP8: what cuda_fp8.hpp computes */
} rc_nan;

typedef struct ref_cuda_case {
    const char *profile;
    exmy_type input;
    rc_algo algo;
    const rc_target *t;
    rc_round round;
    rc_over over;
    rc_nan nan;
    uint32_t nan_code;
    bool relu;
    uint64_t sample; /* binary32 inputs of the default run's prime-stride sample (0: none) */
    bool all;        /* part of the slow run's pass over all 2^32 binary32 inputs */
} ref_cuda_case;

extern const ref_cuda_case ref_cuda_cases[];
extern const size_t ref_cuda_ncases;

/* The harness model (ph_model): ctx is a const ref_cuda_case *; `type` must
 * be the case's input type. */
ph_answer ref_cuda_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp, const void *ctx);

/* Exact widening of a binary32 / binary16 / bfloat16 pattern to binary64 bits
 * (a NaN keeps its sign and its payload, shifted to the top). */
uint64_t ref_cuda_widen(exmy_type type, uint64_t xbits);

#endif
