/* Throughput of the array calls at every kernel level, against memcpy of the
 * same bytes, the scalar core and a plain C loop compiled by gcc -O3, all
 * measured in the same run (issue 15).
 *
 *   array_bench [-n LOG2N] [-r REPEATS] [-t THREADS] [-m] [-q]
 *
 * For each operation and level, on one thread: Gelem/s from the median time
 * over REPEATS runs and from the fastest run, GB/s counting bytes read plus
 * bytes written (median), the ratio to memcpy's GB/s (memcpy of n*4 bytes
 * reads and writes 8n bytes; median against the median of memcpy runs
 * timed in turn with that level's runs, since the shared VM's load drifts
 * over a bench), the speed-up over the scalar core and over the plain loop
 * (plain_loops.c; medians). The scalar
 * core runs 3 times on the first 2^20 elements only: at some 0.03 Gelem/s it
 * is far from memory-bound, so its rate does not depend on n, and at 2^24 it
 * would take most of the run. The fastest run shows what the code does when
 * the machine is not shared.
 *
 * Then the peers block (array_report.c), with -t 2 or more the same
 * operations at the fastest level on that many threads against one thread
 * and against memcpy on as many threads, and issue 15's targets. -m prints
 * README's throughput table instead of the per-level rows; -q only the
 * table (with -m, after the command line). Never a test: nothing here
 * passes or fails. */
#include "array_bench.h"
#include "bench_util.h"
#include "plain_loops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const bcase cases[] = {
    {"f32 → e4m3fn codes", OP_ENC, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, false, PEER_F32_E4M3FN,
     ROLE_CODES},
    {"f32 → e5m2 codes", OP_ENC, EXMY_TYPE_F32, "e5m2", EXMY_RNE, 0, false, PEER_F32_E5M2, ROLE_NONE},
    {"f32 → e2m1fn codes", OP_ENC, EXMY_TYPE_F32, "e2m1fn", EXMY_RNE, 0, false, PEER_NONE, ROLE_NONE},
    {"f32 → binary16 codes", OP_ENC, EXMY_TYPE_F32, "binary16", EXMY_RNE, 0, false, PEER_NONE,
     ROLE_NONE},
    {"f32 → bfloat16 codes", OP_ENC, EXMY_TYPE_F32, "bfloat16", EXMY_RNE, 0, false, PEER_NONE,
     ROLE_NONE},
    {"f32 → f32 fq e4m3fn", OP_FQ, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, false, PEER_FQ_E4M3FN,
     ROLE_FQ},
    {"f32 → f32 fq e5m2", OP_FQ, EXMY_TYPE_F32, "e5m2", EXMY_RNE, 0, false, PEER_FQ_E5M2, ROLE_NONE},
    {"f32 → f32 fq e2m1fn", OP_FQ, EXMY_TYPE_F32, "e2m1fn", EXMY_RNE, 0, false, PEER_NONE, ROLE_NONE},
    {"f32 → f32 fq binary16", OP_FQ, EXMY_TYPE_F32, "binary16", EXMY_RNE, 0, false, PEER_NONE,
     ROLE_NONE},
    {"f32 → f32 fq bfloat16", OP_FQ, EXMY_TYPE_F32, "bfloat16", EXMY_RNE, 0, false, PEER_NONE,
     ROLE_NONE},
    {"f64 → e4m3fn codes", OP_ENC, EXMY_TYPE_F64, "e4m3fn", EXMY_RNE, 0, false, PEER_F64_E4M3FN,
     ROLE_F64},
    {"e4m3fn codes → f32", OP_DEC, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, false, PEER_DEC_E4M3FN,
     ROLE_DEC},
    {"f32 → e4m3fn codes sr-c philox N=8", OP_ENC, EXMY_TYPE_F32, "e4m3fn", EXMY_SR_C, 8, false,
     PEER_NONE, ROLE_SR_CODES},
    {"f32 → f32 fq e4m3fn sr-c philox N=8", OP_FQ, EXMY_TYPE_F32, "e4m3fn", EXMY_SR_C, 8, false,
     PEER_NONE, ROLE_SR_FQ},
    {"f32 → e4m3fn codes, no statistics", OP_ENC, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, true,
     PEER_F32_E4M3FN, ROLE_CODES_NOSTATS},
    {"f32 → f32 fq e4m3fn, no statistics", OP_FQ, EXMY_TYPE_F32, "e4m3fn", EXMY_RNE, 0, true,
     PEER_FQ_E4M3FN, ROLE_FQ_NOSTATS},
};
#define NCASES (sizeof cases / sizeof cases[0])

static const exmy_isa levels[NLEVELS] = {EXMY_ISA_SCALAR, EXMY_ISA_PORTABLE, EXMY_ISA_AVX2,
                                         EXMY_ISA_AVX512};

#define SCALAR_LOG2N 20

typedef struct buffers {
    const float *in32;
    const double *in64;
    const uint8_t *codes;
    void *out;  /* codes (up to 2 bytes each) or binary32/binary64 values */
    void *pout; /* the plain loop's results, n*4 bytes */
    const float *table; /* the plain decoder's 256 entries */
    size_t copy_bytes;  /* the memcpy baseline's: n*4 (from in32 to out) */
} buffers;

/* One run of the plain loop. */
static void run_peer(peer_kind p, const buffers *b, size_t n)
{
    switch (p) {
    case PEER_F32_E4M3FN: plain_f32_to_e4m3fn(b->in32, b->pout, n); break;
    case PEER_F32_E5M2: plain_f32_to_e5m2(b->in32, b->pout, n); break;
    case PEER_F64_E4M3FN: plain_f64_to_e4m3fn(b->in64, b->pout, n); break;
    case PEER_FQ_E4M3FN: plain_fq_f32_e4m3fn(b->in32, b->pout, n); break;
    case PEER_FQ_E5M2: plain_fq_f32_e5m2(b->in32, b->pout, n); break;
    case PEER_DEC_E4M3FN: plain_decode_table(b->table, b->codes, b->pout, n); break;
    default: break;
    }
}

/* Elements whose result (out_size bytes each) differs between exmy and the plain loop. */
static size_t count_differs(const void *x, const void *y, size_t n, size_t out_size)
{
    const unsigned char *a = x, *c = y;
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += memcmp(a + i * out_size, c + i * out_size, out_size) != 0;
    return d;
}

/* One call of the operation at one level on `threads` threads; *t its
 * wall time. */
static exmy_status call_exmy(const bcase *B, const exmy_format *f, exmy_isa isa, unsigned threads,
                             const buffers *b, size_t n, double *t)
{
    exmy_array_opts o;
    memset(&o, 0, sizeof o);
    o.conv = (exmy_opts){B->round, EXMY_SATFINITE, B->sr_bits};
    o.seed = 42;
    o.isa = isa;
    o.threads = threads;
    const void *in = B->in_type == EXMY_TYPE_F64 ? (const void *)b->in64 : (const void *)b->in32;
    exmy_status st;
    exmy_array_stats stats, *sp = B->no_stats ? NULL : &stats;
    double t0 = bench_now();
    if (B->op == OP_ENC)
        st = exmy_encode_array(f, B->in_type, in, b->out, n, &o, sp);
    else if (B->op == OP_FQ)
        st = exmy_quantize_array(f, B->in_type, in, b->out, n, &o, sp);
    else
        st = exmy_decode_array(f, b->codes, B->in_type, b->out, n, &o, sp);
    *t = bench_now() - t0;
    return st;
}

/* Times one operation at one level on one thread: median and fastest
 * elements/s over `reps` runs after a warm-up. Unless `alone`, each run
 * follows a memcpy of the baseline's bytes (times in tmm, median GB/s
 * moved in *memcpy_gbs) and a run of the row's plain loop if it has one
 * (median elements/s in *plain_rate), so that the ratios to them do not
 * follow the load drifting over the bench (the VM is shared). */
static exmy_status time_exmy(const bcase *B, const exmy_format *f, exmy_isa isa, const buffers *b,
                             size_t n, int reps, bool alone, double *tm, double *tmm, double *tmp,
                             double *rate, double *best, double *memcpy_gbs, double *plain_rate)
{
    exmy_status st = EXMY_OK;
    double warm;
    for (int r = -1; r < reps && st == EXMY_OK; r++) { /* r == -1: warm-up, not timed */
        if (!alone) {
            double t = bench_copy_once(b->out, b->in32, b->copy_bytes, 1);
            if (r >= 0)
                tmm[r] = t;
            if (B->peer != PEER_NONE) {
                double t0 = bench_now();
                run_peer(B->peer, b, n);
                t = bench_now() - t0;
                if (r >= 0)
                    tmp[r] = t;
            }
        }
        st = call_exmy(B, f, isa, 1, b, n, r >= 0 ? &tm[r] : &warm);
    }
    *best = (double)n / bench_fastest(tm, reps);
    *rate = (double)n / bench_median(tm, reps);
    if (!alone) {
        *memcpy_gbs = 2.0 * (double)b->copy_bytes / bench_median(tmm, reps) / 1e9;
        if (B->peer != PEER_NONE)
            *plain_rate = (double)n / bench_median(tmp, reps);
    }
    return st;
}

/* The same on one thread and on `threads` threads, and memcpy on `threads`
 * threads (times in tmm), run by run in turn: medians in *rate1, *rate_t
 * and *memcpy_gbs. */
static exmy_status time_threads(const bcase *B, const exmy_format *f, exmy_isa isa,
                                unsigned threads, const buffers *b, size_t n, int reps,
                                double *tm1, double *tmt, double *tmm, double *rate1,
                                double *rate_t, double *memcpy_gbs)
{
    exmy_status st = EXMY_OK;
    double warm;
    for (int r = -1; r < reps && st == EXMY_OK; r++) { /* r == -1: warm-up, not timed */
        double t = bench_copy_once(b->out, b->in32, b->copy_bytes, threads);
        if (t < 0)
            return EXMY_ENOMEM;
        if (r >= 0)
            tmm[r] = t;
        st = call_exmy(B, f, isa, 1, b, n, r >= 0 ? &tm1[r] : &warm);
        if (st == EXMY_OK)
            st = call_exmy(B, f, isa, threads, b, n, r >= 0 ? &tmt[r] : &warm);
    }
    *rate1 = (double)n / bench_median(tm1, reps);
    *rate_t = (double)n / bench_median(tmt, reps);
    *memcpy_gbs = 2.0 * (double)b->copy_bytes / bench_median(tmm, reps) / 1e9;
    return st;
}

static char *join_args(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = 0;
    for (int i = 0; i < argc; i++) {
        strcat(s, argv[i]);
        if (i + 1 < argc)
            strcat(s, " ");
    }
    return s;
}

int main(int argc, char **argv)
{
    unsigned log2n = 24, threads = 1;
    int repeats = 11;
    bool quiet = false, markdown = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            log2n = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-r") && i + 1 < argc)
            repeats = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-t") && i + 1 < argc)
            threads = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-q"))
            quiet = true;
        else if (!strcmp(argv[i], "-m"))
            markdown = true;
        else {
            fprintf(stderr, "usage: %s [-n LOG2N] [-r REPEATS] [-t THREADS] [-m] [-q]\n", argv[0]);
            return 2;
        }
    }
    if (log2n < 10 || log2n > 30 || repeats < 1 || repeats > 1000 || threads < 1 || threads > 16) {
        fprintf(stderr, "array_bench: -n must be 10..30, -r 1..1000 and -t 1..16\n");
        return 2;
    }
    size_t n = (size_t)1 << log2n;
    unsigned scalar_log2n = log2n < SCALAR_LOG2N ? log2n : SCALAR_LOG2N;
    exmy_catalogue *cat;
    if (exmy_catalogue_builtin(&cat) != EXMY_OK)
        return 1;
    /* Inputs: N(0, 1), the unit-scaled tensors the formats are meant for
     * (a few land beyond e2m1fn's max 6 and saturate). */
    float *in32 = malloc(n * sizeof *in32);
    double *in64 = malloc(n * sizeof *in64);
    double *out = malloc(n * sizeof *out);
    float *pout = malloc(n * sizeof *pout);
    uint8_t *codes = malloc(n);
    brow *rows = calloc(NCASES, sizeof *rows);
    char *command = join_args(argc, argv);
    if (!in32 || !in64 || !out || !pout || !codes || !rows || !command)
        return 1;
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        in64[i] = bench_normal(&s);
        in32[i] = (float)in64[i];
    }
    for (size_t i = 0; i < n; i++)
        codes[i] = (uint8_t)bench_next(&s);
    float table[256];
    plain_table_e4m3fn(table);
    buffers b = {in32, in64, codes, out, pout, table, n * sizeof *in32};

    bresults R = {command, log2n, scalar_log2n, threads, repeats, levels, 0, 0, 0, 0, 0, NCASES, rows};
    for (int l = 0; l < NLEVELS; l++)
        if (exmy_isa_supported(levels[l]))
            R.fastest = l;
    /* memcpy baselines: n*4 bytes copied, 8n bytes moved. Each row is
     * compared with memcpy runs taken in turn with its own (time_exmy); the
     * header gives all of them pooled, with REPEATS runs first to warm up. */
    size_t bytes = b.copy_bytes;
    double tm[1000], tmm[1000], tmt[1000], tmp[1000], t_med, t_best;
    size_t pool_cap = (size_t)repeats * (1 + NCASES * NLEVELS), npool = (size_t)repeats;
    size_t npool_t = (size_t)repeats;
    double *pool = malloc(pool_cap * sizeof *pool), *pool_t = malloc(pool_cap * sizeof *pool_t);
    if (!pool || !pool_t)
        return 1;
    bench_memcpy(out, in32, bytes, repeats, pool, &t_med, &t_best);
    if (threads > 1 && !bench_memcpy_threads(out, in32, bytes, threads, repeats, pool_t, &t_med,
                                             &t_best))
        return 1;
    for (size_t c = 0; c < NCASES; c++) {
        const bcase *B = &cases[c];
        brow *W = &rows[c];
        W->B = B;
        exmy_format f;
        if (exmy_format_parse(cat, B->fmt, &f, NULL, 0) != EXMY_OK)
            return 1;
        size_t isz = exmy_type_size(B->in_type);
        size_t out_size = B->op == OP_ENC ? 1 + (f.bits > 8) : isz;
        W->bytes_per = (B->op == OP_DEC ? 1 : isz) + out_size;
        for (int l = 0; l < NLEVELS; l++) {
            if (!exmy_isa_supported(levels[l]))
                continue;
            bool scalar = levels[l] == EXMY_ISA_SCALAR;
            exmy_status st = time_exmy(B, &f, levels[l], &b, scalar ? (size_t)1 << scalar_log2n : n,
                                       scalar ? 3 : repeats, scalar, tm, tmm, tmp, &W->rate[l],
                                       &W->best[l], &W->memcpy_gbs[l], &W->plain_rate[l]);
            if (st != EXMY_OK) {
                fprintf(stderr, "array_bench: %s at %s: %s\n", B->label, exmy_isa_name(levels[l]),
                        exmy_strerror(st));
                return 1;
            }
            if (!scalar) {
                memcpy(pool + npool, tmm, (size_t)repeats * sizeof *tmm);
                npool += (size_t)repeats;
            }
        }
        /* out holds the fastest level's results (the last call), pout the
         * plain loop's. */
        if (B->peer != PEER_NONE)
            W->plain_differs = count_differs(out, pout, n, out_size);
        if (threads > 1) {
            exmy_status st = time_threads(B, &f, levels[R.fastest], threads, &b, n, repeats, tm,
                                          tmt, tmm, &W->rate_one, &W->rate_threads,
                                          &W->memcpy_threads_gbs);
            if (st != EXMY_OK)
                return 1;
            memcpy(pool_t + npool_t, tmm, (size_t)repeats * sizeof *tmm);
            npool_t += (size_t)repeats;
        }
    }
    R.memcpy_best_gbs = 2.0 * (double)bytes / bench_fastest(pool, (int)npool) / 1e9;
    R.memcpy_gbs = 2.0 * (double)bytes / bench_median(pool, (int)npool) / 1e9;
    if (threads > 1) {
        R.memcpy_threads_best_gbs = 2.0 * (double)bytes / bench_fastest(pool_t, (int)npool_t) / 1e9;
        R.memcpy_threads_gbs = 2.0 * (double)bytes / bench_median(pool_t, (int)npool_t) / 1e9;
    }
    if (!quiet || markdown) /* README quotes the command that made its table */
        printf("command: %s\n", command);
    if (!quiet) {
        printf("array_bench: n = 2^%u elements, median of %d runs (scalar: 3 runs on the first "
               "2^%u elements), one thread%s\n",
               log2n, repeats, scalar_log2n,
               threads > 1 ? "; the threads block below also on more" : "");
        bench_print_levels(levels, NLEVELS);
        printf("memcpy of n*4 bytes: %.2f GB/s (read + write; median of all %zu runs, %d first "
               "and one before each timed run of a level but scalar; fastest %.2f GB/s); each "
               "row's x memcpy is against the runs timed in turn with its own\n",
               R.memcpy_gbs, npool, repeats, R.memcpy_best_gbs);
        if (threads > 1)
            printf("memcpy of n*4 bytes on %u threads: %.2f GB/s (all %zu runs; fastest %.2f "
                   "GB/s)\n",
                   threads, R.memcpy_threads_gbs, npool_t, R.memcpy_threads_best_gbs);
        printf("\n");
    }
    if (markdown)
        report_markdown(&R);
    else
        report_levels(&R);
    if (!quiet) {
        report_peers(&R);
        report_threads(&R);
        report_targets(&R);
    }
    exmy_catalogue_free(cat);
    free(command);
    free(rows);
    free(pool);
    free(pool_t);
    free(in32);
    free(in64);
    free(out);
    free(pout);
    free(codes);
    return 0;
}
