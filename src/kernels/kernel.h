/* Array kernels: the per-call parameter blocks, the table of kernel entry
 * points each instruction-set level provides, and how the front end
 * (src/array.c) picks a level. Private to the library.
 *
 * The fast kernels work on the input's bit pattern with integer arithmetic
 * (DESIGN.md "Fast kernels"). With in_m the input's mantissa width (23 for
 * binary32, 52 for binary64), eb its biased exponent field, M the target's
 * mantissa width and ebmin the input-biased exponent of the target's smallest
 * normal binade:
 *   eb1   = max(eb, 1)                  (subnormal inputs live in binade 1)
 *   sig   = significand with the implicit bit where eb > 0
 *   shr   = in_m - M + max(ebmin - eb1, 0)        (bits rounded off)
 *   clo   = (max(eb1 - ebmin, 0) << M) + (sig >> shr)
 * clo is the magnitude code of the largest format value <= |x| in the
 * format's unbounded continuation (codes are consecutive and monotone, so the
 * carry from the top mantissa into the next binade is just clo + 1), and
 * sig mod 2^shr over 2^shr is the fraction nu that every rounding mode looks
 * at. The range check happens on the rounded code, as in the core.
 *
 * A format qualifies for the fast kernels of an input type when it has
 * subnormals (so zero, subnormals and the first normal binade form one
 * lattice), M <= in_m, and ebmin >= 1 (its smallest normal binade is a
 * normal binade of the input type). Everything else runs on the scalar core:
 * formats without subnormals (e8m0fnu, "...:nosub"), binary32 input to
 * formats with p > 24 or a smallest normal below 2^-126 (binary8p1ue,
 * binary8p1uf), and binary64 input to formats whose smallest normal is below
 * 2^-1022. */
#ifndef EXMY__KERNEL_H
#define EXMY__KERNEL_H

#include "exmy_internal.h"

#include <stddef.h>
#include <stdint.h>

/* Encoding / fake-quantisation parameters for one (format, options, input
 * type). Index [s] is the input's sign (0 positive, 1 negative). Codes are
 * full codes (sign included); "val" fields are result bit patterns in the
 * input's own type, as the scalar level writes them. */
typedef struct exmy__kparams {
    unsigned in_m;        /* 23 (binary32 input) or 52 (binary64 input) */
    unsigned M;           /* target mantissa bits */
    unsigned shift0;      /* in_m - M */
    unsigned sclamp;      /* in_m + 2: shifts at or above it round off everything */
    unsigned sgn_shift;   /* input sign bit >> sgn_shift == code sign bit (signed formats) */
    uint64_t ebmin;       /* >= 1 */
    uint64_t cmax[2];     /* largest magnitude code that does not overflow; 0 for
                             negative input to an unsigned format (all non-zero
                             results are NaN there) */
    uint64_t cmax_real;   /* the format's max finite magnitude code */
    uint64_t zero_code[2], ovf_code[2], inf_code[2], nan_code[2];
    uint64_t zero_val[2], ovf_val[2], inf_val[2], nan_val[2];
    uint64_t minsub_val;  /* bit pattern of the smallest positive value */
    uint64_t magmask;     /* 2^(k-s) - 1 */
    uint64_t nan_lo;      /* magnitude codes >= nan_lo are NaN */
    uint64_t fnuz_code;   /* the "negative zero" NaN code of a fnuz format, else nan_code[0] */
    bool is_signed;
    bool fnuz;            /* signed without -0: a negative zero result becomes +0 */
    /* What the core reports for an overflowing finite value, an infinite
     * input and a NaN input of each sign: EXMY_FLAG_* bits, and whether the
     * core returns an error (EXMY_ENONAN) instead of a code. */
    unsigned ovf_flags[2], inf_flags[2];
    bool ovf_err[2], inf_err[2], nan_err[2];
    exmy_round round;
    unsigned sr_bits;     /* N, stochastic modes */
    uint32_t sr_mask;     /* 2^N - 1 */
    unsigned code_bytes;  /* 1, 2 or 4 */
    bool count;           /* fill the statistics (the caller asked for them) */
    bool stream;          /* non-temporal stores where the output is aligned */
} exmy__kparams;

/* Decoding parameters (codes -> binary32 or binary64). */
typedef struct exmy__dparams {
    unsigned out_m;       /* 23 or 52 */
    unsigned M;
    unsigned code_bytes;
    uint64_t magmask;
    uint64_t sbit;        /* code sign bit (0 if unsigned) */
    unsigned sgn_shift;   /* code sign bit << sgn_shift == output sign bit */
    uint64_t nan_lo;      /* magnitude >= nan_lo is NaN (2^32 when none) */
    uint64_t fnuz_code;   /* the fnuz NaN code, or a code that never occurs */
    uint64_t inf_mag;     /* Inf magnitude, or 2^32 when none */
    uint64_t norm_add;    /* (ebmin - 1) << out_m: added to mag << (out_m - M) */
    bool has_zero;        /* magnitude 0 is zero (else the lowest value) */
    bool sub_cvt;         /* subnormal codes through an exact int -> float conversion */
    uint64_t sub_add;     /* added to the converted bits: (emin - M) << out_m, two's complement */
    uint64_t nan_val[2], inf_val[2];
    bool count;           /* count the NaN codes */
    bool stream;          /* non-temporal stores where the output is aligned */
} exmy__dparams;

/* Per-chunk counts. */
typedef struct exmy__kcount {
    uint64_t inexact, overflow, nan;
} exmy__kcount;

/* Kernel entry points of one level. The encoding kernels return how many
 * leading elements they converted; a return value below n means that the
 * next few elements (fewer than a vector) contain one the format cannot
 * represent (EXMY_ENONAN), which the caller finishes on the scalar core.
 * `rnd` is one random word per element for the stochastic modes (else
 * ignored). Arrays need only their element type's alignment; with
 * P->stream (D->stream), an output aligned to a vector's worth of results
 * is written with non-temporal stores (the caller aligns all chunks but the
 * first, and calls `fence` when done; any other output takes the ordinary
 * stores). */
typedef struct exmy__kernels {
    exmy_isa isa;
    size_t (*enc_f32)(const exmy__kparams *P, const float *in, void *codes, size_t n,
                      const uint32_t *rnd, exmy__kcount *cnt);
    size_t (*fq_f32)(const exmy__kparams *P, const float *in, float *out, size_t n,
                     const uint32_t *rnd, exmy__kcount *cnt);
    size_t (*enc_f64)(const exmy__kparams *P, const double *in, void *codes, size_t n,
                      const uint32_t *rnd, exmy__kcount *cnt);
    size_t (*fq_f64)(const exmy__kparams *P, const double *in, double *out, size_t n,
                     const uint32_t *rnd, exmy__kcount *cnt);
    /* Decoding; returns the number of NaN codes when D->count, else 0. */
    uint64_t (*dec_f32)(const exmy__dparams *D, const void *codes, float *out, size_t n);
    uint64_t (*dec_f64)(const exmy__dparams *D, const void *codes, double *out, size_t n);
    /* Exact conversions between binary16 / bfloat16 patterns and binary32.
     * The narrowing ones require values the narrow type holds exactly; a NaN
     * becomes the narrow type's canonical quiet NaN with the same sign. */
    void (*f16_to_f32)(const uint16_t *in, float *out, size_t n);
    void (*f32_to_f16)(const float *in, uint16_t *out, size_t n);
    void (*bf16_to_f32)(const uint16_t *in, float *out, size_t n);
    void (*f32_to_bf16)(const float *in, uint16_t *out, size_t n);
    /* Philox4x32-10 words of elements index0 .. index0+n-1 (exmy_philox_bits
     * with bits = 32). */
    void (*philox)(uint64_t seed, uint64_t index0, size_t n, uint32_t *out);
    /* Orders the non-temporal stores of P->stream / D->stream calls before
     * later stores: a thread calls it once after its last such call, not
     * after each (a fence drains the stores: per 2048-element call it cost
     * ~5% of a Philox conversion). */
    void (*fence)(void);
    /* The block quantiser's fast path (src/block.c), over a chunk of blocks
     * of `block` elements: the largest and the smallest non-zero magnitude
     * of each block as bit patterns; encoding / fake-quantisation of each
     * block j without skip[j] as in * s[j] (s[j] the bit pattern of 2^-k,
     * the caller having made sure that every product is exact), values
     * multiplied back by p[j] (2^k), returning as enc_f32 does (elements of
     * skipped blocks untouched); out = y * p[j] over block j. */
    void (*blk_amax_f32)(const float *in, size_t n, size_t block, uint32_t *amax,
                         uint32_t *amin);
    size_t (*enc_blk_f32)(const exmy__kparams *P, const float *in, void *codes, size_t n,
                          size_t block, const uint32_t *s, const uint32_t *p,
                          const unsigned char *skip, const uint32_t *rnd, exmy__kcount *cnt);
    size_t (*fq_blk_f32)(const exmy__kparams *P, const float *in, float *out, size_t n,
                         size_t block, const uint32_t *s, const uint32_t *p,
                         const unsigned char *skip, const uint32_t *rnd, exmy__kcount *cnt);
    void (*blk_mul_f32)(const float *y, float *out, size_t n, size_t block, const uint32_t *p);
    void (*blk_amax_f64)(const double *in, size_t n, size_t block, uint64_t *amax,
                         uint64_t *amin);
    size_t (*enc_blk_f64)(const exmy__kparams *P, const double *in, void *codes, size_t n,
                          size_t block, const uint64_t *s, const uint64_t *p,
                          const unsigned char *skip, const uint32_t *rnd, exmy__kcount *cnt);
    size_t (*fq_blk_f64)(const exmy__kparams *P, const double *in, double *out, size_t n,
                         size_t block, const uint64_t *s, const uint64_t *p,
                         const unsigned char *skip, const uint32_t *rnd, exmy__kcount *cnt);
    void (*blk_mul_f64)(const double *y, double *out, size_t n, size_t block, const uint64_t *p);
} exmy__kernels;

/* The array calls write outputs of at least this many bytes with
 * non-temporal stores: beyond the private caches, a converted tensor is
 * gone from them before anyone reads it, and streaming spares the read of
 * every line before its write (a third of the memory traffic of a binary32
 * fake-quantisation). */
#define EXMY__STREAM_MIN_BYTES ((size_t)8 << 20)

/* The levels compiled into this library (NULL where not built). */
extern const exmy__kernels exmy__kernels_portable;
extern const exmy__kernels exmy__kernels_avx2;
extern const exmy__kernels exmy__kernels_avx512;

/* The kernel table of a resolved level other than EXMY_ISA_SCALAR (NULL if
 * this build or CPU lacks it). */
const exmy__kernels *exmy__kernels_for(exmy_isa isa);

/* Fill the parameters of (prepared format, checked options) for binary32
 * (in_m = 23) or binary64 (in_m = 52) input. Returns false when the fast
 * kernels do not handle this combination (the caller then runs the scalar
 * core). */
bool exmy__kparams_init(exmy__kparams *P, const exmy__prep *F, const exmy_opts *o,
                        unsigned in_m);
/* Decoding parameters; false when the format needs the scalar core for this
 * output (values that are not all normal-or-aligned in the output type). */
bool exmy__dparams_init(exmy__dparams *D, const exmy__prep *F, unsigned out_m);
/* Does every value of F (and its Inf, if any) exist exactly in the IEEE-style
 * type with e_bits exponent and m_bits mantissa bits? */
bool exmy__format_fits(const exmy__prep *F, unsigned e_bits, unsigned m_bits);

/* Run body(ctx, lo, hi, worker) over [0, n) split into `workers` contiguous
 * parts on their own threads (workers <= 1, or a build without threads: all
 * on this thread). Each part's bounds are multiples of `align`. Returns the
 * number of workers used. */
typedef void (*exmy__range_fn)(void *ctx, size_t lo, size_t hi, unsigned worker);
unsigned exmy__parallel(unsigned workers, size_t n, size_t align, exmy__range_fn body, void *ctx);
#define EXMY__MAX_THREADS 64

#endif
