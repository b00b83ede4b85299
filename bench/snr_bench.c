/* SNR benchmarks (issue 3 §4): wall time of
 *   - the exact curve of N(0, sigma^2) over 321 scales (2^-40 .. 2^40 in
 *     steps of 1/4) for e4m3fn, e5m2, e2m1fn (target: under 1 s together),
 *     binary16 and bfloat16 (target: under 5 s each), one core;
 *   - the sampled curve, 2^20 samples per point over 161 points (target:
 *     under 5 s), with the array kernels (ISA auto) and, as the baseline in
 *     the same run, the scalar core (EXMY_ISA_SCALAR);
 *   - `exmy snr --paper --plot` end to end (target: under 3 s), when the path
 *     of the exmy binary is given as the first argument.
 * Each is repeated; min and median are reported. Never pass/fail on time.
 *   snr_bench [PATH/TO/exmy] [--repeats N] */
#include "bench_util.h"
#include "exmy_snr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void report(const char *what, double *t, int n, const char *target)
{
    double fastest = bench_fastest(t, n);
    printf("%-52s min %8.3f s  median %8.3f s   (target %s)\n", what, fastest, bench_median(t, n),
           target);
}

static exmy_format fmt(exmy_catalogue *cat, const char *name)
{
    exmy_format f;
    char why[256];
    if (exmy_format_parse(cat, name, &f, why, sizeof why) != EXMY_OK) {
        fprintf(stderr, "snr_bench: %s: %s\n", name, why);
        exit(1);
    }
    return f;
}

/* One exact curve: build the table, evaluate 321 scales. */
static double exact_curve(const exmy_format *f, double *checksum)
{
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_dist d = {EXMY_DIST_NORMAL, 0, NULL, 0};
    double t0 = bench_now();
    exmy_snr_exact *t;
    if (exmy_snr_exact_new(f, &o, &t) != EXMY_OK)
        exit(1);
    for (int i = 0; i <= 320; i++) {
        exmy_snr_point p;
        if (exmy_snr_exact_eval(t, &d, exp2(-40 + 0.25 * i), &p) != EXMY_OK)
            exit(1);
        *checksum += p.snr_db;
    }
    exmy_snr_exact_free(t);
    return bench_now() - t0;
}

/* The array API picks its level itself (EXMY_ISA in the environment). */
static double sampled_curve(const exmy_format *f, double *checksum)
{
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    exmy_dist d = {EXMY_DIST_NORMAL, 0, NULL, 0};
    double t0 = bench_now();
    exmy_snr_sampler *s;
    if (exmy_snr_sampler_new(&d, 1u << 20, 1, &s) != EXMY_OK)
        exit(1);
    for (int i = 0; i <= 160; i++) {
        exmy_snr_point p;
        if (exmy_snr_sampled_eval(s, f, &o, exp2(-20 + 0.25 * i), &p) != EXMY_OK)
            exit(1);
        *checksum += p.snr_db;
    }
    exmy_snr_sampler_free(s);
    return bench_now() - t0;
}

int main(int argc, char **argv)
{
    const char *exe = NULL;
    int reps = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeats") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else
            exe = argv[i];
    }
    if (reps < 1 || reps > 100)
        reps = 5;
    exmy_catalogue *cat;
    if (exmy_catalogue_builtin(&cat) != EXMY_OK)
        return 1;
    double cs = 0, t[100];

    static const char *const fp8[] = {"e4m3fn", "e5m2", "e2m1fn"};
    for (int r = 0; r < reps; r++) {
        t[r] = 0;
        for (int k = 0; k < 3; k++) {
            exmy_format f = fmt(cat, fp8[k]);
            t[r] += exact_curve(&f, &cs);
        }
    }
    report("exact, e4m3fn + e5m2 + e2m1fn, 321 scales", t, reps, "< 1 s");
    static const char *const wide[] = {"binary16", "bfloat16"};
    for (int k = 0; k < 2; k++) {
        exmy_format f = fmt(cat, wide[k]);
        for (int r = 0; r < reps; r++)
            t[r] = exact_curve(&f, &cs);
        char what[80];
        snprintf(what, sizeof what, "exact, %s, 321 scales", wide[k]);
        report(what, t, reps, "< 5 s");
    }

    /* Sampled: with the kernels (auto) and with the scalar core, via the
     * environment variable the array API reads. */
    exmy_format f = fmt(cat, "e4m3fn");
    int sreps = reps < 3 ? reps : 3;
    for (int r = 0; r < sreps; r++)
        t[r] = sampled_curve(&f, &cs);
    char what[96];
    snprintf(what, sizeof what, "sampled, e4m3fn, 2^20 x 161 (isa %s)",
             exmy_isa_name(exmy_isa_resolve(EXMY_ISA_AUTO)));
    report(what, t, sreps, "< 5 s");
    double auto_min = t[0];
    const char *old = getenv("EXMY_ISA");
    char *saved = old ? strdup(old) : NULL;
    setenv("EXMY_ISA", "scalar", 1);
    t[0] = sampled_curve(&f, &cs);
    if (saved) {
        setenv("EXMY_ISA", saved, 1);
        free(saved);
    } else {
        unsetenv("EXMY_ISA");
    }
    report("sampled, e4m3fn, 2^20 x 161 (scalar core baseline)", t, 1, "-");
    printf("%-52s %.2fx\n", "  kernels vs scalar core", t[0] / auto_min);

    if (exe) {
        char cmd[4096];
        const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(cmd, sizeof cmd, "'%s' snr --paper --plot '%s/exmy-snr-bench-paper.png'", exe, tmp);
        for (int r = 0; r < reps; r++) {
            double t0 = bench_now();
            if (system(cmd) != 0) {
                fprintf(stderr, "snr_bench: '%s' failed (built without PLplot?)\n", cmd);
                break;
            }
            t[r] = bench_now() - t0;
            if (r + 1 == reps)
                report("exmy snr --paper --plot (end to end)", t, reps, "< 3 s");
        }
        snprintf(cmd, sizeof cmd, "%s/exmy-snr-bench-paper.png", tmp);
        remove(cmd);
    }
    printf("(checksum %.6g)\n", cs);
    exmy_catalogue_free(cat);
    return 0;
}
