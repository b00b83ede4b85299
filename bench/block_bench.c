/* Throughput of the block quantiser (issue 14 §3: MXFP8 fake-quantisation
 * of binary32 at >= 0.5x memcpy's GB/s on one core), against memcpy of the
 * same bytes measured in the same run.
 *
 *   block_bench [-n LOG2N] [-r REPEATS] [-c COLS] [-q]
 *
 * A rows x COLS binary32 tensor (COLS 4096 by default) of N(0, 1) values,
 * each row scaled by its own power of two (2^-20 .. 2^20) so that blocks
 * get different scales. For each operation and level: Gelem/s from the
 * median and the fastest of REPEATS runs, GB/s counting bytes read plus
 * bytes written (median; fake-quantisation reads and writes 4 bytes an
 * element, quantisation writes a code and 1/32 of a scale byte), and the
 * ratio to memcpy's GB/s (memcpy of n*4 bytes moves 8n bytes). One thread.
 * Never a test: nothing here passes or fails. */
#include "bench_util.h"
#include "exmy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OP_FQ, OP_QUANT, OP_DEQUANT } op_kind;

typedef struct bcase {
    const char *label;
    op_kind op;
    const char *elem, *scale;
    unsigned block;
    exmy_scale_rule rule;
    bool tensor_scale;
    exmy_round round;
    unsigned sr_bits;
} bcase;

static const bcase cases[] = {
    {"MXFP8 e4m3 fake-quantise f32", OP_FQ, "e4m3fn", "e8m0fnu", 32, EXMY_SCALE_FLOOR, false,
     EXMY_RNE, 0},
    {"MXFP8 e4m3 quantise f32 -> codes + scales", OP_QUANT, "e4m3fn", "e8m0fnu", 32,
     EXMY_SCALE_FLOOR, false, EXMY_RNE, 0},
    {"MXFP8 e4m3 dequantise -> f32", OP_DEQUANT, "e4m3fn", "e8m0fnu", 32, EXMY_SCALE_FLOOR, false,
     EXMY_RNE, 0},
    {"MXFP8 e4m3 fake-quantise f32, ceil", OP_FQ, "e4m3fn", "e8m0fnu", 32, EXMY_SCALE_CEIL, false,
     EXMY_RNE, 0},
    {"MXFP8 e4m3 fake-quantise f32, sr-c philox N=8", OP_FQ, "e4m3fn", "e8m0fnu", 32,
     EXMY_SCALE_FLOOR, false, EXMY_SR_C, 8},
    {"MXFP4 e2m1 fake-quantise f32", OP_FQ, "e2m1fn", "e8m0fnu", 32, EXMY_SCALE_FLOOR, false,
     EXMY_RNE, 0},
    {"NVFP4 fake-quantise f32 (scalar path)", OP_FQ, "e2m1fn", "e4m3fn", 16, EXMY_SCALE_DIV, true,
     EXMY_RNE, 0},
};
#define NCASES (sizeof cases / sizeof cases[0])

static const exmy_isa levels[] = {EXMY_ISA_SCALAR, EXMY_ISA_PORTABLE, EXMY_ISA_AVX2,
                                  EXMY_ISA_AVX512};
#define NLEVELS 4

int main(int argc, char **argv)
{
    unsigned log2n = 24;
    int repeats = 5;
    size_t cols = 4096;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            log2n = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-r") && i + 1 < argc)
            repeats = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-c") && i + 1 < argc)
            cols = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "-q"))
            quiet = true;
        else {
            fprintf(stderr, "usage: %s [-n LOG2N] [-r REPEATS] [-c COLS] [-q]\n", argv[0]);
            return 2;
        }
    }
    size_t n = (size_t)1 << (log2n < 31 ? log2n : 31);
    if (log2n < 12 || log2n > 30 || repeats < 1 || repeats > 1000 || cols < 32 || cols % 32 ||
        n % cols) {
        fprintf(stderr, "block_bench: -n 12..30, -r 1..1000, -c a multiple of 32 dividing 2^n\n");
        return 2;
    }
    size_t rows = n / cols;
    exmy_catalogue *cat;
    if (exmy_catalogue_builtin(&cat) != EXMY_OK)
        return 1;
    float *in = malloc(n * sizeof *in), *out = malloc(n * sizeof *out);
    uint8_t *codes = malloc(n), *scales = malloc(n / 16 + 1);
    if (!in || !out || !codes || !scales)
        return 1;
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        in[i] = (float)ldexp(bench_normal(&s), (int)((i / cols) % 41) - 20);
    }
    /* memcpy baseline: n*4 bytes copied, 8n bytes moved. */
    double tm[1000], memcpy_t, memcpy_best;
    double memcpy_gbs = bench_memcpy(out, in, n * sizeof *in, repeats, tm, &memcpy_t, &memcpy_best);
    if (!quiet) {
        printf("block_bench: n = 2^%u binary32 elements (%zu x %zu), median of %d runs "
               "(scalar: 1), one thread\n",
               log2n, rows, cols, repeats);
        bench_print_levels(levels, NLEVELS);
    }
    bench_print_memcpy(n * sizeof *in, memcpy_t, memcpy_best);
    printf("| operation | level | Gelem/s | (fastest) | GB/s | x memcpy |\n");
    printf("|---|---|---:|---:|---:|---:|\n");
    double target[NLEVELS] = {0};
    for (size_t c = 0; c < NCASES; c++) {
        const bcase *B = &cases[c];
        exmy_block_format bf;
        memset(&bf, 0, sizeof bf);
        if (exmy_format_parse(cat, B->elem, &bf.elem, NULL, 0) != EXMY_OK ||
            exmy_format_parse(cat, B->scale, &bf.scale, NULL, 0) != EXMY_OK)
            return 1;
        bf.kind = EXMY_ELEM_FLOAT;
        bf.block = B->block;
        bf.rule = B->rule;
        bf.tensor_scale = B->tensor_scale;
        double bytes_per = B->op == OP_FQ ? 8.0 : 4.0 + 1.0 + 1.0 / B->block;
        for (int l = 0; l < NLEVELS; l++) {
            if (!exmy_isa_supported(levels[l]))
                continue;
            exmy_block_opts o;
            memset(&o, 0, sizeof o);
            o.elem.conv = (exmy_opts){B->round, EXMY_SATFINITE, B->sr_bits};
            o.elem.seed = 42;
            o.elem.isa = levels[l];
            int reps = levels[l] == EXMY_ISA_SCALAR ? 1 : repeats;
            float ts = 1.0f;
            exmy_status st = exmy_block_quantize(&bf, EXMY_TYPE_F32, in, rows, cols, &o, codes,
                                                 scales, &ts);
            for (int r = -1; r < reps && st == EXMY_OK; r++) { /* r == -1: warm-up */
                double t0 = bench_now();
                if (B->op == OP_FQ)
                    st = exmy_block_fake_quantize(&bf, EXMY_TYPE_F32, in, out, rows, cols, &o);
                else if (B->op == OP_QUANT)
                    st = exmy_block_quantize(&bf, EXMY_TYPE_F32, in, rows, cols, &o, codes,
                                             scales, &ts);
                else
                    st = exmy_block_dequantize(&bf, codes, scales, ts, rows, cols, &o,
                                               EXMY_TYPE_F32, out);
                double t = bench_now() - t0;
                if (r >= 0)
                    tm[r] = t;
            }
            if (st != EXMY_OK) {
                fprintf(stderr, "block_bench: %s at %s: %s\n", B->label, exmy_isa_name(levels[l]),
                        exmy_strerror(st));
                return 1;
            }
            double t = bench_median(tm, reps), rate = (double)n / t;
            double gbs = rate * bytes_per / 1e9;
            if (c == 0)
                target[l] = gbs / memcpy_gbs;
            printf("| %s | %s | %.3f | %.3f | %.2f | %.2f |\n", B->label, exmy_isa_name(levels[l]),
                   rate / 1e9, (double)n / bench_fastest(tm, reps) / 1e9, gbs, gbs / memcpy_gbs);
            fflush(stdout);
        }
    }
    printf("\ntarget (issue 14 §3): MXFP8 e4m3 fake-quantisation of binary32 >= 0.5x memcpy:\n");
    for (int l = 1; l < NLEVELS; l++)
        if (exmy_isa_supported(levels[l]))
            printf("  %-8s %.2f x memcpy\n", exmy_isa_name(levels[l]), target[l]);
    exmy_catalogue_free(cat);
    free(in);
    free(out);
    free(codes);
    free(scales);
    return 0;
}
