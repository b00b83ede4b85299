/* What array_bench measured, handed from the timing loop (array_bench.c) to
 * the summaries printed after the table (array_report.c). */
#ifndef EXMY_BENCH_ARRAY_BENCH_H
#define EXMY_BENCH_ARRAY_BENCH_H

#include "exmy.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { OP_ENC, OP_FQ, OP_DEC } op_kind;

/* The plain gcc -O3 loop doing the same conversion (plain_loops.h). */
typedef enum {
    PEER_NONE,
    PEER_F32_E4M3FN,
    PEER_F32_E5M2,
    PEER_F64_E4M3FN,
    PEER_FQ_E4M3FN,
    PEER_FQ_E5M2,
    PEER_DEC_E4M3FN,
    PEER_COUNT
} peer_kind;

/* Which row a target of issue 15 reads. */
typedef enum {
    ROLE_NONE,
    ROLE_CODES,    /* f32 -> e4m3fn codes, rne */
    ROLE_FQ,       /* f32 -> f32 fake-quant e4m3fn, rne */
    ROLE_F64,      /* f64 -> e4m3fn codes */
    ROLE_DEC,      /* e4m3fn codes -> f32 */
    ROLE_SR_CODES, /* sr-c Philox codes */
    ROLE_SR_FQ,    /* sr-c Philox fake-quant */
    ROLE_CODES_NOSTATS,
    ROLE_FQ_NOSTATS,
    ROLE_COUNT
} row_role;

typedef struct bcase {
    const char *label;
    op_kind op;
    exmy_type in_type; /* encode / fake-quant input, decode output */
    const char *fmt;
    exmy_round round;
    unsigned sr_bits;
    bool no_stats; /* pass NULL statistics (the kernels then skip counting) */
    peer_kind peer;
    row_role role;
} bcase;

#define NLEVELS 4 /* scalar, portable, avx2, avx512 */

typedef struct brow {
    const bcase *B;
    size_t bytes_per;      /* bytes read plus written per element */
    double rate[NLEVELS];  /* elements/s, median, one thread; 0: level not run */
    double memcpy_gbs[NLEVELS]; /* memcpy timed run by run in turn with that level's runs
                                   (median GB/s moved); 0 for the scalar core */
    double best[NLEVELS];  /* elements/s of the fastest run */
    double plain_rate[NLEVELS]; /* the plain loop's elements/s (median), timed in turn with
                                   that level's runs; 0: no peer, or the scalar core */
    size_t plain_differs;  /* elements where it disagrees with exmy's fastest level */
    /* When threads > 1, the fastest level on one thread and on `threads`,
     * timed run by run in turn (rate_one is not rate[fastest], timed apart). */
    double rate_one, rate_threads;
    double memcpy_threads_gbs; /* memcpy on `threads` threads, timed in turn with them */
} brow;

typedef struct bresults {
    const char *command; /* the command line, as typed */
    unsigned log2n, scalar_log2n, threads;
    int repeats;
    const exmy_isa *levels; /* [NLEVELS] */
    int fastest;            /* index of the fastest level this CPU runs */
    /* memcpy of all runs of the bench (median and fastest GB/s moved), one
     * thread and `threads`; each row is compared with its own (brow). */
    double memcpy_gbs, memcpy_best_gbs;
    double memcpy_threads_gbs, memcpy_threads_best_gbs;
    size_t nrows;
    brow *rows;
} bresults;

/* The table: one row per operation and level. */
void report_levels(const bresults *R);
/* The peers block: per operation, the fastest level's ratio to memcpy, to
 * the scalar core and to the plain loop (with its own ratio to memcpy). */
void report_peers(const bresults *R);
/* With threads > 1: per operation, the rate on `threads` threads against
 * one thread and against memcpy on as many threads, and issue 15's target. */
void report_threads(const bresults *R);
/* Issue 15's targets per level, each "met" or "missed". */
void report_targets(const bresults *R);
/* README's throughput table (-m): one row per operation, one column per level. */
void report_markdown(const bresults *R);

#endif
