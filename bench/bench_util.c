/* Scaffolding shared by the throughput benchmarks: see bench_util.h. */
#include "bench_util.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

double bench_fastest(const double *t, int n)
{
    double m = t[0];
    for (int i = 1; i < n; i++)
        m = t[i] < m ? t[i] : m;
    return m;
}

uint64_t bench_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

double bench_normal(uint64_t *s)
{
    /* u1 in (0, 1): log(u1) is finite. */
    double u1 = ((double)(bench_next(s) >> 11) + 0.5) * 0x1p-53;
    double u2 = (double)(bench_next(s) >> 11) * 0x1p-53;
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

double bench_memcpy(void *dst, const void *src, size_t bytes, int repeats, double *tm,
                    double *median_s, double *fastest_s)
{
    for (int r = -1; r < repeats; r++) { /* r == -1: warm-up, not timed */
        double t0 = bench_now();
        memcpy(dst, src, bytes);
        double t = bench_now() - t0;
        if (r >= 0)
            tm[r] = t;
    }
    *fastest_s = bench_fastest(tm, repeats);
    *median_s = bench_median(tm, repeats);
    return 2.0 * (double)bytes / *median_s / 1e9;
}

typedef struct copy_job {
    void *dst;
    const void *src;
    size_t bytes;
} copy_job;

static void *copy_slice(void *arg)
{
    const copy_job *J = arg;
    memcpy(J->dst, J->src, J->bytes);
    return NULL;
}

/* One copy on `threads` threads: this thread copies the last slice. */
static bool copy_threaded(void *dst, const void *src, size_t bytes, unsigned threads)
{
    copy_job jobs[16];
    pthread_t tid[16];
    size_t per = bytes / threads / 64 * 64; /* slices start on cache lines */
    for (unsigned k = 0; k < threads; k++) {
        size_t off = per * k;
        jobs[k] = (copy_job){(char *)dst + off, (const char *)src + off,
                             k + 1 < threads ? per : bytes - off};
    }
    unsigned started = 0;
    bool ok = true;
    for (; started + 1 < threads; started++)
        if (pthread_create(&tid[started], NULL, copy_slice, &jobs[started])) {
            ok = false;
            break;
        }
    if (ok)
        copy_slice(&jobs[threads - 1]);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    return ok;
}

double bench_copy_once(void *dst, const void *src, size_t bytes, unsigned threads)
{
    double t0 = bench_now();
    if (threads <= 1)
        memcpy(dst, src, bytes);
    else if (threads > 16 || !copy_threaded(dst, src, bytes, threads))
        return -1;
    return bench_now() - t0;
}

double bench_memcpy_threads(void *dst, const void *src, size_t bytes, unsigned threads,
                            int repeats, double *tm, double *median_s, double *fastest_s)
{
    if (threads < 1 || threads > 16)
        return 0;
    for (int r = -1; r < repeats; r++) { /* r == -1: warm-up, not timed */
        double t0 = bench_now();
        if (!copy_threaded(dst, src, bytes, threads))
            return 0;
        double t = bench_now() - t0;
        if (r >= 0)
            tm[r] = t;
    }
    *fastest_s = bench_fastest(tm, repeats);
    *median_s = bench_median(tm, repeats);
    return 2.0 * (double)bytes / *median_s / 1e9;
}

void bench_print_memcpy(size_t bytes, double median_s, double fastest_s)
{
    printf("memcpy of n*4 bytes: %.2f GB/s (read + write; fastest run %.2f GB/s), %.3f ms\n\n",
           2.0 * (double)bytes / median_s / 1e9, 2.0 * (double)bytes / fastest_s / 1e9,
           median_s * 1e3);
}

void bench_print_levels(const exmy_isa *levels, int nlevels)
{
    for (int l = 0; l < nlevels; l++)
        printf("level %-8s %s\n", exmy_isa_name(levels[l]),
               exmy_isa_supported(levels[l]) ? "yes" : "not supported by this CPU");
    printf("\n");
}
