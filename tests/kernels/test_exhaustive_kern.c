/* Every binary32 input, every kernel level, against the scalar core.
 *
 *   test_kernels_exhaustive FORMAT ROUND[,ROUND...]|det SAT[,SAT...]|all METHOD [PART/PARTS]
 *
 * FORMAT may be "catalogue8:K/N": the K-th of N shards of every catalogue
 * format of at most 8 bits. "det" is the six deterministic rounding modes.
 *
 * Each level converts all 2^32 patterns (in cache-sized chunks, in pattern
 * order) to codes; the levels must agree with each other element by element
 * and chunk by chunk in their statistics. Their common output is then held
 * against the core (exmy_from_f32, the oracle):
 *
 *   METHOD full   every input is converted by the core too and compared, with
 *                 the per-chunk sums of the core's flags against the kernel
 *                 statistics. About 20 ns per input: the `slow` suite.
 *   METHOD runs   within each sign, patterns in order are magnitudes in
 *                 order, and the core's result for a given sign, rounding and
 *                 saturation mode is a monotone step function of the
 *                 magnitude (it rounds correctly, which the MPFR and
 *                 value-list oracles of tests/ establish). So where the
 *                 kernels' output stays constant over a run of patterns, the
 *                 core's does too if it agrees with the kernels at both ends
 *                 of the run: the core is asked at both sides of every change
 *                 of the kernels' output and at the ends of every chunk. NaN
 *                 inputs (not magnitudes) are all compared with the core, and
 *                 so are one chunk in 256 in full, statistics included. This
 *                 needs some thousands of core calls instead of 2^32, so the
 *                 default suite can afford it.
 *
 * PART/PARTS restricts the run to a slice of the patterns (for parallel
 * test entries). */
#include "kernels/kernel.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CH (1u << 16)

static const exmy_isa levels[] = {EXMY_ISA_PORTABLE, EXMY_ISA_AVX2, EXMY_ISA_AVX512};
#define NLEVELS 3

static const char *arg_fmt;
static exmy_round arg_rounds[6];
static int arg_nrounds;
static exmy_sat arg_sats[4];
static int arg_nsats;
static bool arg_full;
static unsigned arg_part, arg_parts = 1;

typedef struct ctx {
    exmy_format f;
    unsigned cb;
    exmy_round round;
    tu_log *log;
    char label[96];
} ctx;

static uint32_t get(const void *a, unsigned cb, size_t i)
{
    if (cb == 1)
        return ((const uint8_t *)a)[i];
    if (cb == 2)
        return ((const uint16_t *)a)[i];
    return ((const uint32_t *)a)[i];
}

static void put(void *a, unsigned cb, size_t i, uint32_t v)
{
    if (cb == 1)
        ((uint8_t *)a)[i] = (uint8_t)v;
    else if (cb == 2)
        ((uint16_t *)a)[i] = (uint16_t)v;
    else
        ((uint32_t *)a)[i] = v;
}

/* The core on one pattern; 0xffffffff stands for an error status. */
static uint32_t core(const ctx *C, const exmy_opts *o, uint32_t bits, unsigned *fl)
{
    uint32_t code = 0;
    unsigned f = 0;
    exmy_status st = exmy_from_f32(&C->f, tu_f32_from_bits(bits), o, 0, &code, &f);
    if (fl)
        *fl = f;
    return st == EXMY_OK ? code : 0xffffffffu;
}

static void check_one(ctx *C, const exmy_opts *o, uint32_t bits, uint32_t got)
{
    uint32_t want = core(C, o, bits, NULL);
    C->log->checked++;
    if (want != got)
        tu_fail(C->log, "%s %s: input %a (0x%08x): kernels 0x%x, core 0x%x", C->label,
                exmy_sat_name(o->sat), (double)tu_f32_from_bits(bits), bits, got, want);
}

static void run_sat(ctx *C, exmy_sat sat)
{
    exmy_opts conv = {C->round, sat, 0};
    exmy_array_opts o;
    memset(&o, 0, sizeof o);
    o.conv = conv;
    uint32_t *in = malloc(CH * sizeof *in);
    unsigned char *out[NLEVELS];
    int nl = 0;
    exmy_isa used[NLEVELS];
    for (int l = 0; l < NLEVELS; l++)
        if (exmy_isa_supported(levels[l])) {
            used[nl] = levels[l];
            out[nl] = malloc(CH * 4);
            ck_assert(out[nl] != NULL);
            nl++;
        }
    ck_assert(in != NULL && nl > 0);
    uint64_t nchunks = (UINT64_C(1) << 32) / CH;
    uint64_t c0 = nchunks * arg_part / arg_parts, c1 = nchunks * (arg_part + 1) / arg_parts;
    uint64_t core_calls = 0;
    for (uint64_t ch = c0; ch < c1; ch++) {
        uint32_t base = (uint32_t)(ch * CH);
        for (uint32_t j = 0; j < CH; j++)
            in[j] = base + j;
        exmy_array_stats st[NLEVELS];
        exmy_status s[NLEVELS];
        for (int l = 0; l < nl; l++) {
            o.isa = used[l];
            s[l] = exmy_encode_array(&C->f, EXMY_TYPE_F32, in, out[l], CH, &o, &st[l]);
        }
        /* The levels against each other. */
        for (int l = 1; l < nl; l++) {
            bool same = s[l] == s[0] && st[l].inexact == st[0].inexact &&
                        st[l].overflow == st[0].overflow && st[l].nan == st[0].nan &&
                        (s[0] == EXMY_OK || st[l].first_error == st[0].first_error);
            size_t upto = s[0] == EXMY_OK ? CH : st[0].first_error;
            if (!same || memcmp(out[l], out[0], upto * C->cb) != 0) {
                size_t j = 0;
                while (j < upto && get(out[l], C->cb, j) == get(out[0], C->cb, j))
                    j++;
                tu_fail(C->log, "%s %s: chunk at 0x%08x: %s and %s differ (status %d/%d, element %zu)",
                        C->label, exmy_sat_name(sat), base, exmy_isa_name(used[0]),
                        exmy_isa_name(used[l]), s[0], s[l], j);
            }
        }
        /* A format without NaN stops at NaN inputs: finish such a chunk
         * element by element at every level (an error is stored as MARK). */
        const uint32_t MARK = C->cb == 1 ? 0xffu : C->cb == 2 ? 0xffffu : 0xffffffffu;
        if (s[0] != EXMY_OK) {
            for (int l = 0; l < nl; l++) {
                o.isa = used[l];
                for (uint32_t j = 0; j < CH; j++) {
                    uint32_t c = 0;
                    exmy_status e =
                        exmy_encode_array(&C->f, EXMY_TYPE_F32, &in[j], &c, 1, &o, NULL);
                    put(out[l], C->cb, j, e == EXMY_OK ? get(&c, C->cb, 0) : MARK);
                }
                if (l > 0 && memcmp(out[l], out[0], (size_t)CH * C->cb) != 0)
                    tu_fail(C->log, "%s %s: chunk at 0x%08x: %s and %s differ element-wise",
                            C->label, exmy_sat_name(sat), base, exmy_isa_name(used[0]),
                            exmy_isa_name(used[l]));
            }
        }
        const unsigned char *k = out[0];
        uint32_t a0 = base & 0x7fffffffu;
        bool sampled = (ch * 2654435761u) % 256 == 0;
        if (arg_full || sampled || a0 + CH - 1 > 0x7f800000u) {
            /* Every element against the core, flags summed per chunk. */
            uint64_t inx = 0, ovf = 0, nan = 0;
            for (uint32_t j = 0; j < CH; j++) {
                unsigned fl;
                uint32_t want = core(C, &conv, in[j], &fl);
                if (want == 0xffffffffu)
                    want = MARK;
                uint32_t got = get(k, C->cb, j);
                C->log->checked++;
                if (want != got)
                    tu_fail(C->log, "%s %s: input %a (0x%08x): kernels 0x%x, core 0x%x", C->label,
                            exmy_sat_name(sat), (double)tu_f32_from_bits(in[j]), in[j], got, want);
                inx += (fl & EXMY_FLAG_INEXACT) != 0;
                ovf += (fl & EXMY_FLAG_OVERFLOW) != 0;
                nan += exmy_classify(&C->f, want) == EXMY_CLASS_NAN;
            }
            core_calls += CH;
            if (s[0] == EXMY_OK && (inx != st[0].inexact || ovf != st[0].overflow || nan != st[0].nan))
                tu_fail(C->log, "%s %s: chunk at 0x%08x: statistics %llu/%llu/%llu, core %llu/%llu/%llu",
                        C->label, exmy_sat_name(sat), base, (unsigned long long)st[0].inexact,
                        (unsigned long long)st[0].overflow, (unsigned long long)st[0].nan,
                        (unsigned long long)inx, (unsigned long long)ovf, (unsigned long long)nan);
            continue;
        }
        /* Runs: the ends of the chunk and both sides of every change. */
        check_one(C, &conv, in[0], get(k, C->cb, 0));
        check_one(C, &conv, in[CH - 1], get(k, C->cb, CH - 1));
        core_calls += 2;
        if (C->cb == 1) {
            const uint8_t *b = k;
            uint32_t j = 1;
            while (j < CH) {
                /* Skip eight equal neighbours at a time. */
                if (j + 8 <= CH) {
                    uint64_t x, y;
                    memcpy(&x, b + j - 1, 8);
                    memcpy(&y, b + j, 8);
                    if (x == y) {
                        j += 8;
                        continue;
                    }
                }
                if (b[j] != b[j - 1]) {
                    check_one(C, &conv, in[j - 1], b[j - 1]);
                    check_one(C, &conv, in[j], b[j]);
                    core_calls += 2;
                }
                j++;
            }
        } else {
            for (uint32_t j = 1; j < CH; j++)
                if (get(k, C->cb, j) != get(k, C->cb, j - 1)) {
                    check_one(C, &conv, in[j - 1], get(k, C->cb, j - 1));
                    check_one(C, &conv, in[j], get(k, C->cb, j));
                    core_calls += 2;
                }
        }
    }
    fprintf(stderr, "%s %s: part %u/%u, %llu core calls, %llu mismatches so far\n", C->label,
            exmy_sat_name(sat), arg_part, arg_parts, (unsigned long long)core_calls,
            (unsigned long long)C->log->n);
    free(in);
    for (int l = 0; l < nl; l++)
        free(out[l]);
}

static void run_format(const exmy_format *f, tu_log *log, uint64_t *bad)
{
    exmy__kparams P;
    exmy__prep F;
    exmy_opts probe = {EXMY_RNE, EXMY_SATFINITE, 0};
    ck_assert_int_eq(exmy__prepare(f, &F), EXMY__FMT_OK);
    if (!exmy__kparams_init(&P, &F, &probe, 23)) {
        /* Every level runs the scalar core itself for this format. */
        char lab[64];
        fprintf(stderr, "%s: no kernel handles this format (scalar core at every level), "
                        "nothing to compare\n", tu_label(f, lab, sizeof lab));
        return;
    }
    for (int ri = 0; ri < arg_nrounds; ri++) {
        ctx C;
        C.f = *f;
        C.cb = f->bits <= 8 ? 1 : f->bits <= 16 ? 2 : 4;
        char lab[64];
        snprintf(C.label, sizeof C.label, "%s %s kernels %s", tu_label(f, lab, sizeof lab),
                 exmy_round_name(arg_rounds[ri]), arg_full ? "full" : "runs");
        tu_log_init(log, C.label, 10);
        C.log = log;
        C.round = arg_rounds[ri];
        for (int i = 0; i < arg_nsats; i++)
            run_sat(&C, arg_sats[i]);
        *bad += log->n;
    }
}

START_TEST(exhaustive)
{
    tu_log log;
    uint64_t bad = 0;
    unsigned k, n;
    if (sscanf(arg_fmt, "catalogue8:%u/%u", &k, &n) == 2 && n > 0 && k < n) {
        const exmy_catalogue *cat = tu_catalogue();
        unsigned idx = 0;
        for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
            const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
            if (f->bits > 8)
                continue;
            if (idx++ % n == k)
                run_format(f, &log, &bad);
        }
        ck_assert_msg(idx > 0, "no catalogue format of at most 8 bits");
    } else {
        exmy_format f = tu_format(arg_fmt);
        run_format(&f, &log, &bad);
    }
    ck_assert_msg(bad == 0, "%llu mismatches (see above)", (unsigned long long)bad);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: %s FORMAT|catalogue8:K/N ROUND[,...]|det SAT[,...]|all full|runs [PART/PARTS]\n",
                argv[0]);
        return 2;
    }
    arg_fmt = argv[1];
    if (strcmp(argv[2], "det") == 0) {
        for (int i = 0; i < 6; i++)
            arg_rounds[arg_nrounds++] = tu_det_rounds[i];
    } else {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", argv[2]);
        for (char *t = strtok(buf, ","); t && arg_nrounds < 6; t = strtok(NULL, ",")) {
            exmy_round r;
            if (exmy_round_from_name(t, &r) != EXMY_OK || exmy_round_is_stochastic(r)) {
                fprintf(stderr, "bad rounding mode %s\n", t);
                return 2;
            }
            arg_rounds[arg_nrounds++] = r;
        }
    }
    if (strcmp(argv[3], "all") == 0) {
        for (int i = 0; i < 4; i++)
            arg_sats[arg_nsats++] = tu_sats[i];
    } else {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", argv[3]);
        for (char *t = strtok(buf, ","); t && arg_nsats < 4; t = strtok(NULL, ","))
            if (exmy_sat_from_name(t, &arg_sats[arg_nsats++]) != EXMY_OK) {
                fprintf(stderr, "bad saturation mode %s\n", t);
                return 2;
            }
    }
    arg_full = strcmp(argv[4], "full") == 0;
    if (!arg_full && strcmp(argv[4], "runs") != 0) {
        fprintf(stderr, "method must be full or runs\n");
        return 2;
    }
    if (argc == 6 && (sscanf(argv[5], "%u/%u", &arg_part, &arg_parts) != 2 || arg_parts == 0 ||
                      arg_part >= arg_parts)) {
        fprintf(stderr, "bad part %s\n", argv[5]);
        return 2;
    }
    Suite *s = suite_create("kernels-exhaustive");
    TCase *tc = tcase_create("exhaustive");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, exhaustive);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
