/* The summaries array_bench prints after its table (see array_bench.h):
 * all read the rates measured in the same run, as ratios, because the
 * machine is shared and only ratios of one run mean much. Tables are
 * markdown, so that any of them can be pasted into README. */
#include "array_bench.h"

#include <stdio.h>

static const brow *find_role(const bresults *R, row_role role)
{
    for (size_t c = 0; c < R->nrows; c++)
        if (R->rows[c].B->role == role)
            return &R->rows[c];
    return NULL;
}

/* GB/s moved by a row at a rate (elements/s), over memcpy's GB/s. */
static double x_memcpy(const brow *W, double rate, double memcpy_gbs)
{
    return rate * (double)W->bytes_per / 1e9 / memcpy_gbs;
}

/* The same against the memcpy runs timed in turn with level l's (the
 * scalar core has none: the pooled median). */
static double x_memcpy_at(const bresults *R, const brow *W, int l, double rate)
{
    return x_memcpy(W, rate, W->memcpy_gbs[l] > 0 ? W->memcpy_gbs[l] : R->memcpy_gbs);
}

void report_levels(const bresults *R)
{
    printf("| operation | level | Gelem/s | (fastest) | GB/s | x memcpy | x scalar | x plain |\n");
    printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (size_t c = 0; c < R->nrows; c++) {
        const brow *W = &R->rows[c];
        for (int l = 0; l < NLEVELS; l++) {
            if (W->rate[l] <= 0)
                continue;
            printf("| %s | %s | %.3f | %.3f | %.2f | %.2f | %.1f |", W->B->label,
                   exmy_isa_name(R->levels[l]), W->rate[l] / 1e9, W->best[l] / 1e9,
                   W->rate[l] * (double)W->bytes_per / 1e9, x_memcpy_at(R, W, l, W->rate[l]),
                   W->rate[0] > 0 ? W->rate[l] / W->rate[0] : 0.0);
            if (W->plain_rate[l] > 0)
                printf(" %.2f |\n", W->rate[l] / W->plain_rate[l]);
            else
                printf(" - |\n");
        }
    }
}

void report_peers(const bresults *R)
{
    int L = R->fastest;
    printf("\npeers at %s, one thread (medians; x memcpy: GB/s moved over that of memcpy runs "
           "timed in turn with the level's; x plain "
           "loop: exmy's rate over that of the same conversion as a plain C loop, "
           "bench/plain_loops.c, gcc -O3, each loop cloned with target_clones for "
           "x86-64-v4/v3/baseline, bit patterns on the float, decoding through a 256-entry "
           "table built once; its results are compared with exmy's here; - : no peer):\n\n",
           exmy_isa_name(R->levels[L]));
    printf("| operation | x memcpy | x scalar | x plain loop | plain loop x memcpy |\n");
    printf("|---|---:|---:|---:|---:|\n");
    for (size_t c = 0; c < R->nrows; c++) {
        const brow *W = &R->rows[c];
        printf("| %s | %.2f | %.1f |", W->B->label, x_memcpy_at(R, W, L, W->rate[L]),
               W->rate[0] > 0 ? W->rate[L] / W->rate[0] : 0.0);
        if (W->plain_rate[L] <= 0) {
            printf(" - | - |\n");
            continue;
        }
        printf(" %.2f", W->rate[L] / W->plain_rate[L]);
        if (W->plain_differs)
            printf(" (differs: %zu elements)", W->plain_differs);
        printf(" | %.2f |\n", x_memcpy_at(R, W, L, W->plain_rate[L]));
    }
}

void report_threads(const bresults *R)
{
    if (R->threads < 2)
        return;
    int L = R->fastest;
    double k = 0.9 * R->threads; /* issue 15: 1.8x on two threads */
    printf("\n%u threads at %s (medians; memcpy on %u threads, the operation on one and on %u "
           "timed run by run in turn; target = min(%.1f x the one-thread rate, that memcpy's rate "
           "in this row's elements/s)):\n\n",
           R->threads, exmy_isa_name(R->levels[L]), R->threads, R->threads, k);
    printf("| operation | 1 thread Gelem/s | %u threads Gelem/s | x 1 thread | x memcpy on %u | "
           "target Gelem/s | binds | target |\n",
           R->threads, R->threads);
    printf("|---|---:|---:|---:|---:|---:|---|---|\n");
    for (size_t c = 0; c < R->nrows; c++) {
        const brow *W = &R->rows[c];
        double one = W->rate_one, many = W->rate_threads;
        double by_cores = k * one;
        double by_memory = W->memcpy_threads_gbs * 1e9 / (double)W->bytes_per;
        bool memory_binds = by_memory < by_cores;
        double target = memory_binds ? by_memory : by_cores;
        printf("| %s | %.3f | %.3f | %.2f | %.2f | %.3f | %s | %s |\n", W->B->label, one / 1e9,
               many / 1e9, many / one, x_memcpy(W, many, W->memcpy_threads_gbs), target / 1e9,
               memory_binds ? "memcpy" : "cores", many >= target ? "met" : "missed");
    }
}

typedef struct target {
    const char *what;
    row_role role, over; /* over == ROLE_NONE: x memcpy; else rate over that row's */
    double goal;
} target;

static const target targets[] = {
    {"f32 → f32 fq e4m3fn rne, x memcpy", ROLE_FQ, ROLE_NONE, 0.9},
    {"f32 → e4m3fn codes, x memcpy", ROLE_CODES, ROLE_NONE, 0.8},
    {"sr-c Philox codes / rne codes", ROLE_SR_CODES, ROLE_CODES, 0.8},
    {"sr-c Philox fq / rne fq", ROLE_SR_FQ, ROLE_FQ, 0.8},
    {"f64 → e4m3fn codes, x memcpy", ROLE_F64, ROLE_NONE, 0.7},
    {"decode e4m3fn → f32, x memcpy", ROLE_DEC, ROLE_NONE, 0.9},
};

void report_targets(const bresults *R)
{
    printf("\ntargets of issue 15 (one thread, medians; x memcpy: GB/s moved over that of memcpy "
           "runs timed in turn with the level's):\n\n");
    printf("| target | goal |");
    for (int l = 1; l < NLEVELS; l++)
        if (exmy_isa_supported(R->levels[l]))
            printf(" %s |", exmy_isa_name(R->levels[l]));
    printf("\n|---|---:|");
    for (int l = 1; l < NLEVELS; l++)
        if (exmy_isa_supported(R->levels[l]))
            printf("---|");
    printf("\n");
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        const target *T = &targets[t];
        const brow *W = find_role(R, T->role);
        const brow *O = T->over != ROLE_NONE ? find_role(R, T->over) : NULL;
        if (!W || (T->over != ROLE_NONE && !O))
            continue;
        printf("| %s | ≥ %.1f |", T->what, T->goal);
        for (int l = 1; l < NLEVELS; l++) {
            if (!exmy_isa_supported(R->levels[l]))
                continue;
            double v = O ? W->rate[l] / O->rate[l] : x_memcpy_at(R, W, l, W->rate[l]);
            printf(" %.2f %s |", v, v >= T->goal ? "met" : "missed");
        }
        printf("\n");
    }
    const brow *c = find_role(R, ROLE_CODES), *cn = find_role(R, ROLE_CODES_NOSTATS);
    const brow *q = find_role(R, ROLE_FQ), *qn = find_role(R, ROLE_FQ_NOSTATS);
    int L = R->fastest;
    if (c && cn && q && qn)
        printf("\nstatistics cost at %s: codes %+.1f%%, fq %+.1f%% (rows with and without "
               "statistics)\n",
               exmy_isa_name(R->levels[L]), 100 * (cn->rate[L] / c->rate[L] - 1),
               100 * (qn->rate[L] / q->rate[L] - 1));
}

void report_markdown(const bresults *R)
{
    const char *top = exmy_isa_name(R->levels[R->fastest]);
    printf("Gelem/s, median of %d runs (scalar: 3 runs on the first 2^%u elements), one thread; "
           "memcpy of the same bytes moved: %.1f GB/s (read + write; median of all runs), and "
           "\"× memcpy\" compares GB/s moved (bytes read + written) with memcpy runs timed "
           "in turn with the row's.\n\n",
           R->repeats, R->scalar_log2n, R->memcpy_gbs);
    printf("| operation (n = 2^%u) |", R->log2n);
    for (int l = 0; l < NLEVELS; l++)
        printf(" %s |", exmy_isa_name(R->levels[l]));
    printf(" %s GB/s | %s × memcpy | %s × scalar |\n", top, top, top);
    printf("|---|");
    for (int l = 0; l < NLEVELS; l++)
        printf("---:|");
    printf("---:|---:|---:|\n");
    for (size_t c = 0; c < R->nrows; c++) {
        const brow *W = &R->rows[c];
        printf("| %s |", W->B->label);
        for (int l = 0; l < NLEVELS; l++)
            if (W->rate[l] > 0)
                printf(" %.3f |", W->rate[l] / 1e9);
            else
                printf(" - |");
        double r = W->rate[R->fastest];
        printf(" %.2f | %.2f | %.1f |\n", r * (double)W->bytes_per / 1e9,
               x_memcpy_at(R, W, R->fastest, r), W->rate[0] > 0 ? r / W->rate[0] : 0.0);
    }
}
