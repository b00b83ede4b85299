/* Helpers shared by the Check suites: failure logs that stop printing after a
 * few mismatches (and count the rest), the built-in catalogue, a seeded PRNG,
 * and option parsing for the per-shard test executables. Nothing here
 * computes an expected result. */
#ifndef EXMY_TESTUTIL_H
#define EXMY_TESTUTIL_H

#include "exmy.h"

#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* A log of mismatches for one test case: the first `limit` are printed in
 * full, the rest only counted; tu_log_check() fails the case with the count. */
typedef struct tu_log {
    const char *what; /* e.g. "mpfr oracle e4m3fn" */
    unsigned limit;
    uint64_t n;
    uint64_t checked;
} tu_log;

void tu_log_init(tu_log *log, const char *what, unsigned limit);
void tu_fail(tu_log *log, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Fail the current Check test if anything was logged. */
#define tu_log_check(log)                                                                       \
    ck_assert_msg((log)->n == 0, "%s: %llu mismatches out of %llu checks", (log)->what,        \
                  (unsigned long long)(log)->n, (unsigned long long)(log)->checked)

/* The built-in catalogue, created on first use (per process; Check forks). */
const exmy_catalogue *tu_catalogue(void);
/* A catalogue format or generic spec; aborts the test if it does not parse. */
exmy_format tu_format(const char *spec);
/* "e4m3fn" or the generic spelling of a nameless format. */
const char *tu_label(const exmy_format *f, char *buf, size_t len);

/* splitmix64: a small seeded generator, so failures reproduce. */
typedef struct tu_rng {
    uint64_t s;
} tu_rng;
uint64_t tu_next(tu_rng *r);
double tu_uniform(tu_rng *r); /* [0, 1) */

/* Bit patterns, for messages. */
uint64_t tu_f64_bits(double x);
uint32_t tu_f32_bits(float x);
double tu_f64_from_bits(uint64_t b);
float tu_f32_from_bits(uint32_t b);

/* Integer parsing of command-line arguments (abort on garbage). */
long tu_atol(const char *s);

/* Run a suite with Check and return the process exit status. Test cases get
 * `timeout` seconds each (meson enforces its own limit as well). */
int tu_run(Suite *s);

extern const exmy_round tu_det_rounds[6]; /* rne rna rtz rup rdn rto */
extern const exmy_sat tu_sats[4];

#endif
