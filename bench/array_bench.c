/* Throughput of the array calls at every kernel level, one thread, against
 * memcpy of the same bytes and the scalar core measured in the same run.
 *
 *   array_bench [-n LOG2N] [-r REPEATS] [-t THREADS] [-q]
 *
 * For each operation and level: Gelem/s from the median time over REPEATS
 * runs (the scalar level: 3 runs, it is slow) and from the fastest run, GB/s
 * counting bytes read plus bytes written (median), the ratio to memcpy's
 * GB/s (memcpy of n*4 bytes reads and writes 8n bytes; median against
 * median), and the speed-up over the scalar core (median). The fastest run
 * shows what the code does when the machine is not shared. Never a test:
 * nothing here passes or fails. -q prints only the table. */
#include "bench_util.h"
#include "exmy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OP_ENC, OP_FQ, OP_DEC } op_kind;

typedef struct bcase {
    const char *label;
    op_kind op;
    exmy_type in_type; /* encode / fake-quant input, decode output */
    const char *fmt;
    exmy_round round;
    unsigned sr_bits;
    bool no_stats;     /* pass NULL statistics (the kernels then skip counting) */
} bcase;

static const bcase cases[] = {
    {"f32 -> e4m3fn codes", OP_ENC, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, false},
    {"f32 -> e5m2 codes", OP_ENC, EXMY_TYPE_F32, "e5m2", EXMY_RNE, 0, false},
    {"f32 -> e2m1fn codes", OP_ENC, EXMY_TYPE_F32, "e2m1fn", EXMY_RNE, 0, false},
    {"f32 -> binary16 codes", OP_ENC, EXMY_TYPE_F32, "binary16", EXMY_RNE, 0, false},
    {"f32 -> bfloat16 codes", OP_ENC, EXMY_TYPE_F32, "bfloat16", EXMY_RNE, 0, false},
    {"f32 -> f32 fq e4m3fn", OP_FQ, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, false},
    {"f32 -> f32 fq e5m2", OP_FQ, EXMY_TYPE_F32, "e5m2", EXMY_RNE, 0, false},
    {"f32 -> f32 fq e2m1fn", OP_FQ, EXMY_TYPE_F32, "e2m1fn", EXMY_RNE, 0, false},
    {"f32 -> f32 fq binary16", OP_FQ, EXMY_TYPE_F32, "binary16", EXMY_RNE, 0, false},
    {"f32 -> f32 fq bfloat16", OP_FQ, EXMY_TYPE_F32, "bfloat16", EXMY_RNE, 0, false},
    {"f64 -> e4m3fn codes", OP_ENC, EXMY_TYPE_F64, "e4m3fn", EXMY_RNE, 0, false},
    {"e4m3fn codes -> f32", OP_DEC, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, false},
    {"f32 -> e4m3fn codes sr-c philox N=8", OP_ENC, EXMY_TYPE_F32, "e4m3fn", EXMY_SR_C, 8, false},
    {"f32 -> f32 fq e4m3fn sr-c philox N=8", OP_FQ, EXMY_TYPE_F32, "e4m3fn", EXMY_SR_C, 8, false},
    {"f32 -> e4m3fn codes, no statistics", OP_ENC, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, true},
    {"f32 -> f32 fq e4m3fn, no statistics", OP_FQ, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, true},
};
#define NCASES (sizeof cases / sizeof cases[0])

static const exmy_isa levels[] = {EXMY_ISA_SCALAR, EXMY_ISA_PORTABLE, EXMY_ISA_AVX2,
                                  EXMY_ISA_AVX512};
#define NLEVELS 4

int main(int argc, char **argv)
{
    unsigned log2n = 24, threads = 1;
    int repeats = 11;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            log2n = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-r") && i + 1 < argc)
            repeats = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-t") && i + 1 < argc)
            threads = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-q"))
            quiet = true;
        else {
            fprintf(stderr, "usage: %s [-n LOG2N] [-r REPEATS] [-t THREADS] [-q]\n", argv[0]);
            return 2;
        }
    }
    if (log2n < 10 || log2n > 30 || repeats < 1 || repeats > 1000) {
        fprintf(stderr, "array_bench: -n must be 10..30 and -r 1..1000\n");
        return 2;
    }
    size_t n = (size_t)1 << log2n;
    exmy_catalogue *cat;
    if (exmy_catalogue_builtin(&cat) != EXMY_OK)
        return 1;
    /* Inputs: N(0, 1), the unit-scaled tensors the formats are meant for
     * (a few land beyond e2m1fn's max 6 and saturate). */
    float *in32 = malloc(n * sizeof *in32);
    double *in64 = malloc(n * sizeof *in64);
    float *out32 = malloc(n * sizeof *out32);
    double *out64 = malloc(n * sizeof *out64);
    uint8_t *codes = malloc(n);
    if (!in32 || !in64 || !out32 || !out64 || !codes)
        return 1;
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        in64[i] = bench_normal(&s);
        in32[i] = (float)in64[i];
    }
    for (size_t i = 0; i < n; i++)
        codes[i] = (uint8_t)bench_next(&s);
    /* memcpy baseline: n*4 bytes copied, 8n bytes moved. */
    double tm[1000], memcpy_t, memcpy_best;
    double memcpy_gbs = bench_memcpy(out32, in32, n * sizeof *in32, repeats, tm, &memcpy_t,
                                     &memcpy_best);
    if (!quiet) {
        printf("array_bench: n = 2^%u elements, median of %d runs (scalar: 3), %u thread%s\n", log2n,
               repeats, threads, threads == 1 ? "" : "s");
        bench_print_levels(levels, NLEVELS);
    }
    bench_print_memcpy(n * sizeof *in32, memcpy_t, memcpy_best);
    double rates[NCASES][NLEVELS];
    memset(rates, 0, sizeof rates);
    printf("| operation | level | Gelem/s | (fastest) | GB/s | x memcpy | x scalar |\n");
    printf("|---|---|---:|---:|---:|---:|---:|\n");
    for (size_t c = 0; c < NCASES; c++) {
        const bcase *B = &cases[c];
        exmy_format f;
        if (exmy_format_parse(cat, B->fmt, &f, NULL, 0) != EXMY_OK)
            return 1;
        size_t isz = exmy_type_size(B->in_type);
        size_t bytes_per = B->op == OP_DEC ? 1 + isz : isz + (B->op == OP_ENC ? 1 + (f.bits > 8) : isz);
        double scalar_rate = 0;
        for (int l = 0; l < NLEVELS; l++) {
            if (!exmy_isa_supported(levels[l]))
                continue;
            exmy_array_opts o;
            memset(&o, 0, sizeof o);
            o.conv = (exmy_opts){B->round, EXMY_SATFINITE, B->sr_bits};
            o.seed = 42;
            o.isa = levels[l];
            o.threads = threads;
            int reps = levels[l] == EXMY_ISA_SCALAR ? 3 : repeats;
            void *out = B->op == OP_FQ ? (B->in_type == EXMY_TYPE_F64 ? (void *)out64 : (void *)out32)
                                       : (void *)out64; /* codes, up to 2 bytes each */
            const void *in = B->in_type == EXMY_TYPE_F64 ? (const void *)in64 : (const void *)in32;
            exmy_status st = EXMY_OK;
            exmy_array_stats stats, *sp = B->no_stats ? NULL : &stats;
            for (int r = -1; r < reps; r++) { /* r == -1: warm-up, not timed */
                double t0 = bench_now();
                if (B->op == OP_ENC)
                    st = exmy_encode_array(&f, B->in_type, in, out, n, &o, sp);
                else if (B->op == OP_FQ)
                    st = exmy_quantize_array(&f, B->in_type, in, out, n, &o, sp);
                else
                    st = exmy_decode_array(&f, codes, B->in_type, out32, n, &o, sp);
                double t = bench_now() - t0;
                if (r >= 0)
                    tm[r] = t;
            }
            if (st != EXMY_OK) {
                fprintf(stderr, "array_bench: %s at %s: %s\n", B->label, exmy_isa_name(levels[l]),
                        exmy_strerror(st));
                return 1;
            }
            double tbest = bench_fastest(tm, reps);
            double t = bench_median(tm, reps);
            double rate = (double)n / t;
            if (levels[l] == EXMY_ISA_SCALAR)
                scalar_rate = rate;
            rates[c][l] = rate;
            double gbs = rate * (double)bytes_per / 1e9;
            printf("| %s | %s | %.3f | %.3f | %.2f | %.2f | %.1f |\n", B->label,
                   exmy_isa_name(levels[l]), rate / 1e9, (double)n / tbest / 1e9, gbs,
                   gbs / memcpy_gbs, scalar_rate > 0 ? rate / scalar_rate : 0.0);
            fflush(stdout);
        }
    }
    /* The targets, from the rows above (cases 5, 0, 12/13, 15). */
    printf("\ntargets (one core, medians):\n");
    for (int l = 1; l < NLEVELS; l++) {
        if (!exmy_isa_supported(levels[l]))
            continue;
        double fq_gbs = rates[5][l] * 8 / 1e9;
        printf("  %-8s fq e4m3fn rne %.2f x memcpy (>= 0.5); codes e4m3fn %.2f Gelem/s (>= 1.5); "
               "sr-c/rne codes %.2f, fq %.2f (>= 0.4); x scalar %.1f (portable >= 4); "
               "statistics cost codes %+.1f%%, fq %+.1f%%\n",
               exmy_isa_name(levels[l]), fq_gbs / memcpy_gbs, rates[0][l] / 1e9,
               rates[12][l] / rates[0][l], rates[13][l] / rates[5][l], rates[0][l] / rates[0][0],
               100 * (rates[14][l] / rates[0][l] - 1), 100 * (rates[15][l] / rates[5][l] - 1));
    }
    exmy_catalogue_free(cat);
    free(in32);
    free(in64);
    free(out32);
    free(out64);
    free(codes);
    return 0;
}
