#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const exmy_round tu_det_rounds[6] = {EXMY_RNE, EXMY_RNA, EXMY_RTZ, EXMY_RUP, EXMY_RDN, EXMY_RTO};
const exmy_sat tu_sats[4] = {EXMY_SATFINITE, EXMY_SATPROPAGATE, EXMY_SATNONE, EXMY_NOSAT};

void tu_log_init(tu_log *log, const char *what, unsigned limit)
{
    log->what = what;
    log->limit = limit;
    log->n = 0;
    log->checked = 0;
}

void tu_fail(tu_log *log, const char *fmt, ...)
{
    log->n++;
    if (log->n <= log->limit) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "FAIL %s: ", log->what);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    } else if (log->n == log->limit + 1) {
        fprintf(stderr, "FAIL %s: further mismatches are counted, not printed\n", log->what);
    }
}

static exmy_catalogue *cat_once;

const exmy_catalogue *tu_catalogue(void)
{
    if (!cat_once) {
        exmy_status st = exmy_catalogue_builtin(&cat_once);
        ck_assert_msg(st == EXMY_OK, "built-in catalogue: %s", exmy_strerror(st));
    }
    return cat_once;
}

exmy_format tu_format(const char *spec)
{
    exmy_format f;
    char why[256] = "";
    exmy_status st = exmy_format_parse(tu_catalogue(), spec, &f, why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "format '%s': %s", spec, why);
    return f;
}

const char *tu_label(const exmy_format *f, char *buf, size_t len)
{
    if (f->name[0]) {
        snprintf(buf, len, "%s", f->name);
    } else if (exmy_format_to_string(f, buf, len) != EXMY_OK) {
        snprintf(buf, len, "?");
    }
    return buf;
}

uint64_t tu_next(tu_rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

double tu_uniform(tu_rng *r)
{
    return (double)(tu_next(r) >> 11) * 0x1p-53;
}

uint64_t tu_f64_bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

uint32_t tu_f32_bits(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

double tu_f64_from_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

float tu_f32_from_bits(uint32_t b)
{
    float x;
    memcpy(&x, &b, sizeof x);
    return x;
}

long tu_atol(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 0);
    if (errno || *end || end == s) {
        fprintf(stderr, "bad integer argument '%s'\n", s);
        exit(2);
    }
    return v;
}

int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
