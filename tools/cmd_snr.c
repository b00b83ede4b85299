/* exmy snr: the signal-to-noise ratio of a distribution quantised to one or
 * more formats, swept over the distribution's scale, as CSV and a plot. */
#include "cli.h"
#include "exmy_snr.h"
#include "npy.h"
#include "plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: exmy snr [--formats F1,F2,...] [FORMAT...] [options]\n"
    "       exmy snr --paper [options]\n"
    "\n"
    "The SNR E[X^2] / E[(X - Q(X))^2] of X from a distribution of standard\n"
    "deviation sigma, quantised by Q (the conversion core with --round/--sat),\n"
    "for sigma = 2^from, 2^(from+step), ..., 2^to. CSV to --csv FILE, or to\n"
    "stdout unless --plot is given; a plot with --plot. Where Q can give Inf or\n"
    "NaN the SNR is that of the finite results and p_overflow = P(Q(X) not\n"
    "finite).\n"
    "\n"
    "Options:\n"
    "  --formats LIST    formats to compare, comma-separated (also as operands;\n"
    "                    load a .fmt file with the global --load FILE); block-\n"
    "                    scaled formats too (mxfp8_e4m3, mxfp4_e2m1, nvfp4, ...,\n"
    "                    block:ELEM/SCALE/N[/RULE]): B consecutive values share\n"
    "                    a scale from their amax, drawn on the same axes\n"
    "  --dist D          normal (default), uniform, laplace, student-t:NU (NU > 2),\n"
    "                    or file:PATH.npy (your tensor, normalised to unit RMS,\n"
    "                    times each sigma); all scaled to standard deviation sigma\n"
    "  --from A --to B   log2 of the first and last sigma (default -40, 40)\n"
    "  --step S          log2 step, > 0 (default 0.25)\n"
    "  --method M        exact (default where possible: normal, uniform, laplace\n"
    "                    and formats of at most 16 bits; block formats with a\n"
    "                    power-of-two scale rule and no tensor scale, under a\n"
    "                    deterministic rounding) or sampled\n"
    "  --samples N       sampled: samples per point (default 1048576; a file's\n"
    "                    elements are all used, once)\n"
    "  --seed S          sampled: Philox seed (default 0)\n"
    "  --round MODE      rne (default), rna, rtz, rup, rdn, rto, sr-a, sr-b, sr-c\n"
    "  --sr-bits N       stochastic modes: random bits, 1..32\n"
    "  --sat MODE        satfinite (default), satpropagate, satnone, nosat\n"
    "  --csv FILE        write the CSV to FILE ('-': stdout)\n"
    "  --plot FILE       draw FILE.png, .svg or .pdf (PLplot, cairo driver)\n"
    "  --title TEXT      plot title\n"
    "  --ratio           plot the ratio on a log10 axis (as the paper does)\n"
    "  --db              plot dB (the default, except with --paper)\n"
    "  --markers         mark each format's min subnormal, min normal and max\n"
    "  --paper           the Unit Scaling paper's Fig. 2 (Blake et al., ICML 2023):\n"
    "                    binary16, e4m3fnuz and e5m2fnuz (the Graphcore FP8\n"
    "                    formats it used), satfinite, sigma from 2^-29 to 2^29 in\n"
    "                    steps of 1/8, exact, ratio axis; other options apply\n"
    "\n"
    "CSV columns: format,dist,round,sat,method,log2_scale,scale,snr_db,snr_ratio,\n"
    "stderr_db,p_overflow (stderr_db is empty for the exact method).\n"
    "\n"
    "Examples:\n"
    "  exmy snr --formats binary16,e4m3fn,e5m2 --plot snr.png --markers\n"
    "  exmy snr --paper --plot paper.png\n"
    "  exmy snr --formats e4m3fn --dist file:acts.npy --from -8 --to 8 --step 0.5\n"
    "  exmy snr --formats mxfp8_e4m3,mxfp4_e2m1,nvfp4,e4m3fn,e2m1fn --plot block.png\n";

enum {
    OPT_FORMATS = 1,
    OPT_DIST,
    OPT_FROM,
    OPT_TO,
    OPT_STEP,
    OPT_METHOD,
    OPT_SAMPLES,
    OPT_CSV,
    OPT_PLOT,
    OPT_TITLE,
    OPT_RATIO,
    OPT_MARKERS,
    OPT_PAPER,
    OPT_DB
};

static const cli_option options[] = {
    {"formats", true, OPT_FORMATS},
    {"dist", true, OPT_DIST},
    {"from", true, OPT_FROM},
    {"to", true, OPT_TO},
    {"step", true, OPT_STEP},
    {"method", true, OPT_METHOD},
    {"samples", true, OPT_SAMPLES},
    {"seed", true, CLI_OPT_SEED},
    CLI_CONV_OPTIONS,
    {"csv", CLI_PATH, OPT_CSV},
    {"plot", CLI_PATH, OPT_PLOT},
    {"title", true, OPT_TITLE},
    {"ratio", false, OPT_RATIO},
    {"markers", false, OPT_MARKERS},
    {"paper", false, OPT_PAPER},
    {"db", false, OPT_DB},
    {NULL, false, 0},
};

enum { MAX_FORMATS = 32, MAX_POINTS = 1000000 };

typedef struct snr_args {
    const char *fmt_spec[MAX_FORMATS];
    char *fmt_store; /* copies of the --formats lists, split in place */
    size_t fmt_used; /* bytes of fmt_store in use */
    size_t nf;
    const char *dist, *from, *to, *step, *method, *samples;
    cli_conv_args conv; /* --round, --sat, --sr-bits, and the sampler's --seed */
    const char *csv, *plot, *title;
    bool ratio, markers, paper, db;
} snr_args;

/* Add the formats of a comma-separated --formats LIST. */
static int add_format_list(cli_ctx *ctx, snr_args *A, const char *list)
{
    char *w = A->fmt_store + A->fmt_used;
    size_t n = strlen(list) + 1;
    memcpy(w, list, n);
    A->fmt_used += n;
    for (char *tok = strtok(w, ","); tok; tok = strtok(NULL, ",")) {
        if (A->nf == MAX_FORMATS) {
            cli_error(ctx, list, "at most %d formats", MAX_FORMATS);
            return CLI_EXIT_FAIL;
        }
        A->fmt_spec[A->nf++] = tok;
    }
    return CLI_EXIT_OK;
}

static int parse_double(cli_ctx *ctx, const char *opt, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        cli_error(ctx, s, "expected a finite number after %s", opt);
        return CLI_EXIT_FAIL;
    }
    *out = v;
    return CLI_EXIT_OK;
}

/* A distribution; file:PATH reads the .npy file into *data. */
static int parse_dist(cli_ctx *ctx, const char *s, exmy_dist *d, double **data)
{
    memset(d, 0, sizeof *d);
    exmy_dist_kind k;
    if (exmy_dist_kind_from_name(s, &k) == EXMY_OK && k != EXMY_DIST_STUDENT_T &&
        k != EXMY_DIST_DATA) {
        d->kind = k; /* student-t and data need a parameter: below */
    } else if (strncmp(s, "student-t:", 10) == 0) {
        char *end;
        double nu = strtod(s + 10, &end);
        if (end == s + 10 || *end != '\0' || !(nu > 2) || !isfinite(nu)) {
            cli_error(ctx, s, "expected student-t:NU with NU > 2 (the variance must be finite)");
            return CLI_EXIT_FAIL;
        }
        d->kind = EXMY_DIST_STUDENT_T;
        d->nu = nu;
    } else if (strncmp(s, "file:", 5) == 0) {
        char why[256] = "";
        size_t n = 0;
        exmy_status st = cli_npy_read_f64(s + 5, data, &n, why, sizeof why);
        if (st != EXMY_OK) {
            cli_error(ctx, s + 5, "%s", why[0] ? why : exmy_strerror(st));
            return CLI_EXIT_FAIL;
        }
        double amax = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite((*data)[i])) {
                cli_error(ctx, s + 5, "element %zu is not finite: the SNR needs finite data", i);
                return CLI_EXIT_FAIL;
            }
            amax = fmax(amax, fabs((*data)[i]));
        }
        if (amax == 0) {
            cli_error(ctx, s + 5, "every element is zero: nothing to scale to unit RMS");
            return CLI_EXIT_FAIL;
        }
        d->kind = EXMY_DIST_DATA;
        d->data = *data;
        d->n_data = n;
    } else {
        cli_error(ctx, s,
                  "unknown distribution; expected normal, uniform, laplace, student-t:NU or "
                  "file:PATH.npy");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* A block format by name: exmy_block_parse (catalogue names and
 * "block:ELEM/SCALE/N[/RULE]"). 1: found, 0: not a block format (try the
 * plain formats), -1: an error already reported. */
static int snr_block_format(cli_ctx *ctx, const char *spec, exmy_block_format *bf)
{
    char why[512] = "";
    exmy_status st = exmy_block_parse(ctx->cat, spec, bf, why, sizeof why);
    if (st == EXMY_OK)
        return 1;
    if (strncmp(spec, "block:", 6) == 0) {
        cli_error(ctx, spec, "%s", why[0] ? why : exmy_strerror(st));
        return -1;
    }
    return 0;
}

/* A CSV field: quoted (RFC 4180) if it holds a comma, quote or newline. */
static void csv_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void csv_number(FILE *fp, double x)
{
    char buf[64];
    cli_shortest(x, buf, sizeof buf);
    fputs(buf, fp);
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    snr_args A;
    memset(&A, 0, sizeof A);
    int rc = CLI_EXIT_OK;
    exmy_format fmts[MAX_FORMATS];
    exmy_format_info infos[MAX_FORMATS];
    exmy_block_format blks[MAX_FORMATS];
    bool is_blk[MAX_FORMATS] = {false};
    exmy_snr_point *pts = NULL;
    double *data = NULL, *xs = NULL, *ys = NULL;
    exmy_snr_sampler *sampler = NULL;
    exmy_snr_exact *table = NULL;
    exmy_snr_block_exact *btable = NULL;
    cli_out csv_out = {0}, plot_out = {0};
    bool csv_open = false, plot_open = false;

    /* Room for every --formats list: at most all of argv. */
    size_t total = 1;
    for (int i = 1; i < argc; i++)
        total += strlen(argv[i]) + 1;
    if (!(A.fmt_store = malloc(total))) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, options, &v)) != CLI_END;) {
        switch (id) {
        case CLI_STOP: rc = a.exit; goto out;
        case CLI_OPERAND:
            if (A.nf == MAX_FORMATS) {
                cli_error(ctx, v, "at most %d formats", MAX_FORMATS);
                rc = CLI_EXIT_FAIL;
                goto out;
            }
            A.fmt_spec[A.nf++] = v;
            break;
        case OPT_FORMATS:
            if ((rc = add_format_list(ctx, &A, v)) != CLI_EXIT_OK)
                goto out;
            break;
        case OPT_DIST: A.dist = v; break;
        case OPT_FROM: A.from = v; break;
        case OPT_TO: A.to = v; break;
        case OPT_STEP: A.step = v; break;
        case OPT_METHOD: A.method = v; break;
        case OPT_SAMPLES: A.samples = v; break;
        case OPT_CSV: A.csv = v; break;
        case OPT_PLOT: A.plot = v; break;
        case OPT_TITLE: A.title = v; break;
        case OPT_RATIO: A.ratio = true; break;
        case OPT_MARKERS: A.markers = true; break;
        case OPT_PAPER: A.paper = true; break;
        case OPT_DB: A.db = true; break;
        default: cli_conv_arg(&A.conv, id, v); break;
        }
    }

    /* --paper: the figure's formats, range and mode, unless given. */
    static const char *const paper_formats[] = {"binary16", "e4m3fnuz", "e5m2fnuz"};
    static const char *const paper_labels[] = {"FP16 (binary16)", "FP8 E4 (e4m3fnuz)",
                                               "FP8 E5 (e5m2fnuz)"};
    bool paper_fmts = false;
    if (A.paper) {
        if (A.nf == 0) {
            for (size_t i = 0; i < 3; i++)
                A.fmt_spec[A.nf++] = paper_formats[i];
            paper_fmts = true;
        }
        if (!A.from)
            A.from = "-29";
        if (!A.to)
            A.to = "29";
        if (!A.step)
            A.step = "0.125";
        A.ratio = true; /* the paper's axis: SNR as a ratio, log scale */
    }
    if (A.db && A.ratio) {
        if (!A.paper) {
            rc = cli_usage(ctx, "--db", "choose one of --db and --ratio");
            goto out;
        }
        A.ratio = false;
    }
    if (A.nf == 0) {
        rc = cli_usage(ctx, NULL, "expected --formats F1,F2,... (or FORMAT operands, or --paper)");
        goto out;
    }
    for (size_t i = 0; i < A.nf; i++) {
        int b = snr_block_format(ctx, A.fmt_spec[i], &blks[i]);
        if (b < 0) {
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        if (b > 0) { /* the element format stands in where a plain format is asked about */
            is_blk[i] = true;
            fmts[i] = blks[i].elem;
            if (exmy_format_get_info(&fmts[i], &infos[i]) != EXMY_OK) {
                cli_error(ctx, A.fmt_spec[i], "invalid element format");
                rc = CLI_EXIT_FAIL;
                goto out;
            }
            continue;
        }
        if ((rc = cli_format(ctx, A.fmt_spec[i], &fmts[i], &infos[i], NULL)) != CLI_EXIT_OK)
            goto out;
    }

    /* Conversion mode. */
    cli_conv conv;
    if ((rc = cli_conv_parse(ctx, &A.conv, CLI_BITS_SEED, &conv)) != CLI_EXIT_OK)
        goto out;
    const exmy_opts o = conv.o;
    const uint64_t seed = conv.seed;

    /* The sweep. */
    double from = -40, to = 40, step = 0.25;
    if (A.from && (rc = parse_double(ctx, "--from", A.from, &from)) != CLI_EXIT_OK)
        goto out;
    if (A.to && (rc = parse_double(ctx, "--to", A.to, &to)) != CLI_EXIT_OK)
        goto out;
    if (A.step && (rc = parse_double(ctx, "--step", A.step, &step)) != CLI_EXIT_OK)
        goto out;
    if (!(step > 0)) {
        cli_error(ctx, A.step, "expected --step > 0");
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    if (to < from) {
        cli_error(ctx, A.to ? A.to : "--to",
                  "empty range: --to (%g) is below --from (%g)", to, from);
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    if (fabs(from) > 1000 || fabs(to) > 1000) {
        cli_error(ctx, fabs(from) > 1000 ? A.from : A.to,
                  "expected log2 scales within [-1000, 1000]");
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    double span = (to - from) / step;
    if (span >= MAX_POINTS) {
        cli_error(ctx, A.step, "too many points (at most %d)", MAX_POINTS);
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    /* The small allowance keeps `--to` when (to - from)/step is an integer
     * up to rounding (e.g. --step 0.1). */
    size_t npts = (size_t)floor(span + 1e-9) + 1;

    /* Distribution and method. */
    exmy_dist dist;
    if ((rc = parse_dist(ctx, A.dist ? A.dist : "normal", &dist, &data)) != CLI_EXIT_OK)
        goto out;
    bool exact_ok = exmy_dist_has_exact(dist.kind);
    for (size_t i = 0; i < A.nf; i++)
        exact_ok = exact_ok && (is_blk[i] ? exmy_snr_block_has_exact(&blks[i], &o, dist.kind)
                                          : fmts[i].bits <= 16);
    bool exact = exact_ok;
    if (A.method) {
        if (strcmp(A.method, "exact") == 0) {
            if (!exmy_dist_has_exact(dist.kind)) {
                cli_error(ctx, A.method,
                          "the exact method supports normal, uniform and laplace; use --method "
                          "sampled for %s",
                          A.dist);
                rc = CLI_EXIT_FAIL;
                goto out;
            }
            for (size_t i = 0; i < A.nf; i++)
                if (is_blk[i] && !exmy_snr_block_has_exact(&blks[i], &o, dist.kind)) {
                    cli_error(ctx, A.fmt_spec[i],
                              "the exact method takes block formats with a power-of-two scale "
                              "rule (floor, ceil, even), no tensor scale and a deterministic "
                              "rounding; use --method sampled");
                    rc = CLI_EXIT_FAIL;
                    goto out;
                } else if (!is_blk[i] && fmts[i].bits > 16) {
                    cli_error(ctx, A.fmt_spec[i],
                              "the exact method needs a format of at most 16 bits; use "
                              "--method sampled");
                    rc = CLI_EXIT_FAIL;
                    goto out;
                }
            exact = true;
        } else if (strcmp(A.method, "sampled") == 0) {
            exact = false;
        } else {
            cli_error(ctx, A.method, "expected --method exact or sampled");
            rc = CLI_EXIT_FAIL;
            goto out;
        }
    }
    uint64_t nsamples = UINT64_C(1) << 20;
    if (A.samples && (!cli_parse_u64(A.samples, UINT64_C(1) << 32, &nsamples) || nsamples < 2)) {
        cli_error(ctx, A.samples, "expected --samples N with 2 <= N <= 2^32");
        rc = CLI_EXIT_FAIL;
        goto out;
    }

    /* Outputs: open them first, so a bad path fails before the work. */
    const char *device = NULL;
    if (A.plot) {
        device = plot_device_for(A.plot);
        if (!device) {
            cli_error(ctx, A.plot, "expected a plot file name ending in .png, .svg or .pdf");
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        if (!plot_available()) {
            char why[400];
            plot_write(NULL, why, sizeof why);
            cli_error(ctx, A.plot, "%s", why);
            rc = CLI_EXIT_FAIL;
            goto out;
        }
    }
    bool want_csv = A.csv || !A.plot;
    if (want_csv) {
        if ((rc = cli_out_open(ctx, &csv_out, A.csv)) != CLI_EXIT_OK)
            goto out;
        csv_open = true;
    }
    if (A.plot) {
        if ((rc = cli_out_open(ctx, &plot_out, A.plot)) != CLI_EXIT_OK)
            goto out;
        plot_open = true;
    }

    /* Compute every point. */
    pts = calloc(A.nf * npts, sizeof *pts);
    if (!pts) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    if (!exact) {
        exmy_status st = exmy_snr_sampler_new(&dist, nsamples, seed, &sampler);
        if (st != EXMY_OK) {
            cli_error(ctx, A.dist, "cannot draw the samples: %s", exmy_strerror(st));
            rc = CLI_EXIT_FAIL;
            goto out;
        }
    }
    for (size_t f = 0; f < A.nf; f++) {
        exmy_status st = EXMY_OK;
        if (exact && is_blk[f]) {
            st = exmy_snr_block_exact_new(&blks[f], &o, &btable);
            if (st != EXMY_OK) {
                cli_error(ctx, A.fmt_spec[f], "cannot build the exact method's intervals: %s",
                          exmy_strerror(st));
                rc = CLI_EXIT_FAIL;
                goto out;
            }
        } else if (exact) {
            st = exmy_snr_exact_new(&fmts[f], &o, &table);
            if (st != EXMY_OK) {
                cli_error(ctx, A.fmt_spec[f], "cannot build the exact method's intervals: %s",
                          exmy_strerror(st));
                rc = CLI_EXIT_FAIL;
                goto out;
            }
        }
        for (size_t i = 0; i < npts && st == EXMY_OK; i++) {
            double sigma = exp2(from + (double)i * step);
            exmy_snr_point *p = &pts[f * npts + i];
            if (is_blk[f])
                st = exact ? exmy_snr_block_exact_eval(btable, &dist, sigma, p)
                           : exmy_snr_block_sampled_eval(sampler, &blks[f], &o, sigma, p);
            else
                st = exact ? exmy_snr_exact_eval(table, &dist, sigma, p)
                           : exmy_snr_sampled_eval(sampler, &fmts[f], &o, sigma, p);
        }
        exmy_snr_exact_free(table);
        table = NULL;
        exmy_snr_block_exact_free(btable);
        btable = NULL;
        if (st != EXMY_OK) {
            cli_error(ctx, A.fmt_spec[f], "SNR failed: %s", exmy_strerror(st));
            rc = CLI_EXIT_FAIL;
            goto out;
        }
    }

    /* CSV. */
    char round_name[32];
    if (exmy_round_is_stochastic(o.round))
        snprintf(round_name, sizeof round_name, "%s:%u", exmy_round_name(o.round), o.sr_bits);
    else
        snprintf(round_name, sizeof round_name, "%s", exmy_round_name(o.round));
    const char *dist_name = A.dist ? A.dist : "normal";
    const char *method_name = exact ? "exact" : "sampled";
    if (want_csv) {
        FILE *fp = csv_out.fp;
        fputs("format,dist,round,sat,method,log2_scale,scale,snr_db,snr_ratio,stderr_db,"
              "p_overflow\n",
              fp);
        for (size_t f = 0; f < A.nf; f++)
            for (size_t i = 0; i < npts; i++) {
                const exmy_snr_point *p = &pts[f * npts + i];
                csv_field(fp, A.fmt_spec[f]);
                fputc(',', fp);
                csv_field(fp, dist_name);
                fprintf(fp, ",%s,%s,%s,", round_name, exmy_sat_name(o.sat), method_name);
                csv_number(fp, from + (double)i * step);
                fputc(',', fp);
                csv_number(fp, p->scale);
                fputc(',', fp);
                csv_number(fp, p->snr_db);
                fputc(',', fp);
                csv_number(fp, p->snr_ratio);
                fputc(',', fp);
                if (!exact)
                    csv_number(fp, p->stderr_db);
                fputc(',', fp);
                csv_number(fp, p->p_overflow);
                fputc('\n', fp);
            }
    }

    /* Plot. */
    if (A.plot) {
        xs = malloc(A.nf * npts * sizeof *xs);
        ys = malloc(A.nf * npts * sizeof *ys);
        plot_series series[MAX_FORMATS];
        if (!xs || !ys) {
            cli_error(ctx, NULL, "out of memory");
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        for (size_t f = 0; f < A.nf; f++) {
            for (size_t i = 0; i < npts; i++) {
                const exmy_snr_point *p = &pts[f * npts + i];
                xs[f * npts + i] = from + (double)i * step;
                ys[f * npts + i] = A.ratio ? log10(p->snr_ratio) : p->snr_db;
            }
            series[f].label = paper_fmts ? paper_labels[f] : A.fmt_spec[f];
            series[f].x = xs + f * npts;
            series[f].y = ys + f * npts;
            series[f].n = npts;
            series[f].marks[0] = log2(infos[f].min_subnormal);
            series[f].marks[1] = log2(infos[f].min_normal);
            series[f].marks[2] = log2(infos[f].max_finite);
            if (is_blk[f]) /* a block's scale moves its range with the data: no marks */
                series[f].marks[0] = series[f].marks[1] = series[f].marks[2] = NAN;
        }
        char title[512], note[512];
        if (A.title)
            snprintf(title, sizeof title, "%s", A.title);
        else if (A.paper)
            snprintf(title, sizeof title,
                     "SNR of N(0, #gs#u2#d) in FP16 and FP8, as in Unit Scaling Fig. 2 (exact)");
        else if (dist.kind == EXMY_DIST_NORMAL)
            snprintf(title, sizeof title, "SNR of N(0, #gs#u2#d) quantised (%s, %s), %s",
                     round_name, exmy_sat_name(o.sat), method_name);
        else
            snprintf(title, sizeof title, "SNR of %s quantised at scale #gs (%s, %s), %s",
                     dist_name, round_name, exmy_sat_name(o.sat), method_name);
        if (exact)
            snprintf(note, sizeof note, "exact: closed-form integrals over every rounding interval; "
                     "%s, %s%s", round_name, exmy_sat_name(o.sat),
                     A.markers ? "; short dashes: min subnormal, min normal; long dashes: max" : "");
        else
            snprintf(note, sizeof note, "Monte Carlo: %llu samples per point, seed %llu; %s, %s%s",
                     (unsigned long long)(sampler ? exmy_snr_sampler_size(sampler) : 0),
                     (unsigned long long)seed, round_name, exmy_sat_name(o.sat),
                     A.markers ? "; short dashes: min subnormal, min normal; long dashes: max" : "");
        plot_spec spec = {
            .fp = plot_out.fp,
            .device = device,
            .title = title,
            .xlabel = "scale #gs (standard deviation)",
            .ylabel = A.ratio ? "SNR (ratio, log axis)" : "SNR (dB)",
            .note = note,
            .ylog = A.ratio,
            .markers = A.markers,
            .vline = 0.0,
            .series = series,
            .nseries = A.nf,
        };
        char why[400] = "";
        if (plot_write(&spec, why, sizeof why) != 0) {
            cli_error(ctx, A.plot, "%s", why);
            rc = CLI_EXIT_FAIL;
            goto out;
        }
    }
    if (csv_open) {
        csv_open = false;
        if ((rc = cli_out_commit(ctx, &csv_out)) != CLI_EXIT_OK)
            goto out;
    }
    if (plot_open) {
        plot_open = false;
        if ((rc = cli_out_commit(ctx, &plot_out)) != CLI_EXIT_OK)
            goto out;
    }
out:
    if (csv_open)
        cli_out_abort(&csv_out);
    if (plot_open)
        cli_out_abort(&plot_out);
    exmy_snr_exact_free(table);
    exmy_snr_block_exact_free(btable);
    exmy_snr_sampler_free(sampler);
    free(xs);
    free(ys);
    free(pts);
    free(data);
    free(A.fmt_store);
    return rc;
}

const cli_command cmd_snr = {"snr", "SNR of a distribution quantised to formats, over scale (CSV, plots)",
                             help, run, options, CLI_BITS_SEED, true};
