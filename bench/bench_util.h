/* Scaffolding shared by the throughput benchmarks (array_bench, block_bench):
 * the clock, the median and fastest of repeated runs, the seeded N(0, 1)
 * inputs and the memcpy baseline every table is measured against, so that
 * the benchmarks time and report alike (STYLE.md rule 7). Not the library:
 * these may print. */
#ifndef EXMY_BENCH_UTIL_H
#define EXMY_BENCH_UTIL_H

#include "exmy.h"

#include <stddef.h>
#include <stdint.h>

/* Seconds on the monotonic clock. */
double bench_now(void);

/* The median of t[0..n) (sorts t in place) and the smallest of them. */
double bench_median(double *t, int n);
double bench_fastest(const double *t, int n);

/* splitmix64: the next number of the sequence seeded by *s. */
uint64_t bench_next(uint64_t *s);

/* One N(0, 1) sample (Box-Muller from two draws of bench_next). */
double bench_normal(uint64_t *s);

/* The memcpy baseline: copies `bytes` from src to dst once untimed, then
 * `repeats` times into tm[0..repeats); returns the median GB/s counting
 * bytes read plus bytes written (2 * bytes), and sets *median_s and
 * *fastest_s. */
double bench_memcpy(void *dst, const void *src, size_t bytes, int repeats, double *tm,
                    double *median_s, double *fastest_s);

/* The same baseline on `threads` threads (1..16): each pthread copies its
 * share (a contiguous slice) of the bytes, all started and joined inside
 * each timed run, as the library's threaded calls are. Same return and
 * outputs as bench_memcpy; returns 0 if a thread cannot be started. */
double bench_memcpy_threads(void *dst, const void *src, size_t bytes, unsigned threads,
                            int repeats, double *tm, double *median_s, double *fastest_s);

/* Seconds taken by one copy of `bytes` on `threads` threads (1..16; as
 * bench_memcpy_threads, 1: memcpy on this thread), untimed warm-up not
 * included; a negative value if a thread cannot be started. For baselines
 * timed run by run in turn with the operation they are compared with. */
double bench_copy_once(void *dst, const void *src, size_t bytes, unsigned threads);

/* The baseline's line: "memcpy of n*4 bytes: ..." with its median and
 * fastest GB/s (bytes read plus written) and its median time. */
void bench_print_memcpy(size_t bytes, double median_s, double fastest_s);

/* One line per kernel level: whether this CPU runs it. */
void bench_print_levels(const exmy_isa *levels, int nlevels);

#endif
