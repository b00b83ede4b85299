/* exmy round: decimal or hex-float numbers to codes of a format, correctly
 * rounded straight from the text (MPFR; no intermediate binary64); or, for a
 * profile, read into the instruction's input type first, then converted as
 * the profile says. */
#include "cli.h"

#include <inttypes.h>
#include <math.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: exmy round FORMAT VALUE... [--round MODE] [--sat MODE]\n"
    "                  [--sr-bits N --random R]\n"
    "       exmy round PROFILE VALUE... [--from TYPE] [--scale N]\n"
    "                  [--rbits R | --seed S [--index0 I]]\n"
    "\n"
    "Round each VALUE to FORMAT, once, straight from its text (no intermediate\n"
    "binary64). A VALUE is a decimal (-431.99999999999994, 1e-3), a hex-float\n"
    "(0x1.cp+8), inf, -inf or nan. One line per value:\n"
    "  input  code  exact-decimal-value  hex-float-value  flags\n"
    "where flags are inexact, underflow, overflow, invalid (or 'exact').\n"
    "\n"
    "With a PROFILE (a vendor's conversion; see 'exmy profiles'), its rounding,\n"
    "saturation, sr-bits and rules apply (--round, --sat and --sr-bits are usage\n"
    "errors). An instruction converts numbers of an input type, so each VALUE is\n"
    "first read into that type as a C compiler reads a literal (correctly\n"
    "rounded, ties to even; overflow gives inf): the first of f32, f16, bf16, f64\n"
    "that the profile takes, or --from TYPE. One line per value:\n"
    "  input  TYPE  input-bits  exact-input-value  read:exact|read:rounded\n"
    "  [r=R]  code  exact-decimal-value  hex-float-value  flags\n"
    "where read:rounded says that VALUE is not exactly a number of TYPE, and r=R\n"
    "(stochastic profiles) is the element's random bits.\n"
    "\n"
    "Options:\n"
    "  --round MODE    rne (default: nearest, ties to even), rna (ties away), rtz,\n"
    "                  rup (toward +inf), rdn (toward -inf), rto (to odd), or the\n"
    "                  IEEE P3109 stochastic modes sr-a, sr-b, sr-c\n"
    "  --sat MODE      what happens out of range (default satfinite):\n"
    "                  satfinite     -> +-max finite, +-inf included (OCP\n"
    "                                'saturating'; NVIDIA __NV_SATFINITE)\n"
    "                  satpropagate  finite -> +-max; +-inf stays +-inf if the\n"
    "                                format has inf (P3109 SatPropagate)\n"
    "                  satnone       -> +-inf if the format has inf, else +-max\n"
    "                                (P3109 SatNone)\n"
    "                  nosat         -> +-inf, or NaN where there is no inf (OCP\n"
    "                                non-saturating; __NV_NOSAT; ml_dtypes casts)\n"
    "  --sr-bits N     stochastic modes: the number of random bits, 1..32\n"
    "  --random R      stochastic modes: the random value R, 0 <= R < 2^N (decimal\n"
    "                  or 0x hex), used for every VALUE\n"
    "Options of a PROFILE:\n"
    "  --from TYPE     read each VALUE as f32, f16, bf16 or f64: a type the\n"
    "                  profile takes ('exmy info PROFILE' lists them)\n"
    "  --scale N       a scaled profile's scale operand: VALUE * 2^N is rounded\n"
    "                  once (default 0)\n"
    "  --rbits R       stochastic profiles: the element's random bits R,\n"
    "                  0 <= R < 2^sr-bits, for every VALUE\n"
    "  --seed S        stochastic profiles: R of the i-th VALUE (from 0) is\n"
    "                  exmy_philox_bits(S, I + i, sr-bits), as 'exmy convert\n"
    "                  --seed S --index0 I' draws it\n"
    "  --index0 I      with --seed: the index of the first VALUE (default 0)\n"
    "\n"
    "Examples:\n"
    "  exmy round e4m3fn 464              448 (0x7e): 464 is the tie 448|480\n"
    "  exmy round e4m3fn 465 --sat nosat  NaN (0x7f): overflow without saturation\n"
    "  exmy round e5m2 0.3 --round sr-a --sr-bits 8 --random 200\n"
    "  exmy round cuda-e4m3-satfinite 465 nan\n"
    "                                     0x7e (448), and 0x7f: CUDA's NaN code\n";

enum { OPT_FROM = 1 };
static const cli_option options[] = {
    CLI_CONV_OPTIONS,
    {"random", true, CLI_OPT_RANDOM},
    {"from", true, OPT_FROM},
    {"scale", true, CLI_OPT_SCALE},
    {"rbits", true, CLI_OPT_RBITS},
    {"seed", true, CLI_OPT_SEED},
    {"index0", true, CLI_OPT_INDEX0},
    {NULL, false, 0},
};

enum { NCOL = 5, PCOL = 10, W = 1200 };

/* A VALUE read as a C compiler reads a literal into `type`: correctly
 * rounded to nearest-even, overflow to inf. *bits receives its bit pattern,
 * *value its value, *exact whether the literal is exactly that. */
static exmy_status read_literal(const char *s, exmy_type type, uint64_t *bits, double *value,
                                bool *exact)
{
    static const char *const spec[] = {
        [EXMY_TYPE_F32] = "e8m23", [EXMY_TYPE_F16] = "e5m10", [EXMY_TYPE_BF16] = "e8m7"};
    const exmy_opts o = {EXMY_RNE, EXMY_NOSAT, 0};
    exmy_format f;
    uint32_t code;
    unsigned flags = 0;
    /* binary32 also checks the syntax for binary64 (and says NaN). */
    exmy_type t = type == EXMY_TYPE_F64 ? EXMY_TYPE_F32 : type;
    exmy_status st = exmy_format_parse(NULL, spec[t], &f, NULL, 0);
    if (st == EXMY_OK)
        st = exmy_from_string(&f, s, &o, 0, &code, &flags);
    if (st != EXMY_OK)
        return st;
    if (type != EXMY_TYPE_F64 || exmy_classify(&f, code) == EXMY_CLASS_NAN) {
        *value = exmy_to_f64(&f, code);
        *exact = !(flags & EXMY_FLAG_INEXACT);
        if (type == EXMY_TYPE_F64) { /* the quiet NaN, with the literal's sign */
            *bits = (code >> 31 ? UINT64_C(1) << 63 : 0) | UINT64_C(0x7ff8000000000000);
            memcpy(value, bits, sizeof *value);
        } else {
            *bits = code;
        }
        return EXMY_OK;
    }
    /* binary64: MPFR at 53 bits over binary64's exponent range, subnormals
     * rounded once (mpfr_subnormalize corrects the first rounding). */
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    mpfr_t m;
    mpfr_init2(m, 53);
    char *end;
    int ternary = mpfr_strtofr(m, s, &end, 0, MPFR_RNDN);
    ternary = mpfr_subnormalize(m, ternary, MPFR_RNDN);
    *value = mpfr_get_d(m, MPFR_RNDN);
    *exact = ternary == 0 && *end == '\0';
    mpfr_clear(m);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    memcpy(bits, value, sizeof *bits);
    return EXMY_OK;
}

/* The input's bit pattern as hex, as wide as its type. */
static void type_bits(exmy_type type, uint64_t bits, char *buf, size_t len)
{
    snprintf(buf, len, "0x%0*" PRIx64, (int)exmy_type_size(type) * 2, bits);
}

static int value_error(const cli_ctx *ctx, const char *value, const char *spec, exmy_status st)
{
    if (st == EXMY_ENUMBER)
        cli_error(ctx, value, "expected a decimal or hex-float number, inf, -inf or nan");
    else if (st == EXMY_ENONAN)
        cli_error(ctx, value, "%s has no NaN encoding to hold this value", spec);
    else
        cli_error(ctx, value, "%s", exmy_strerror(st));
    return CLI_EXIT_FAIL;
}

/* The rows of a profile: read each VALUE into the input type, convert it as
 * the profile's instruction does. */
static int round_profile(const cli_ctx *ctx, const cli_target *t, exmy_type type,
                         const cli_conv *conv, const char **values, size_t nv, size_t ncol,
                         const char **cells, char *store)
{
    const exmy_profile *p = t->prof;
    bool sr = exmy_round_is_stochastic(p->conv.round);
    for (size_t i = 0; i < nv; i++) {
        uint64_t xbits;
        double x;
        bool exact;
        exmy_status st = read_literal(values[i], type, &xbits, &x, &exact);
        if (st != EXMY_OK)
            return value_error(ctx, values[i], t->name, st);
        uint32_t r = conv->random;
        if (sr && conv->seeded)
            r = exmy_philox_bits(conv->seed, conv->index0 + i, p->conv.sr_bits);
        uint32_t code;
        unsigned flags = 0;
        st = exmy_profile_convert(p, type, xbits, r, conv->scale_exp, &code, &flags);
        if (st != EXMY_OK)
            return value_error(ctx, values[i], t->name, st);
        const char **row = cells + i * ncol;
        char *c[PCOL];
        for (size_t k = 0; k < ncol; k++)
            c[k] = store + (i * ncol + k) * W;
        size_t k = 0;
        row[k++] = values[i]; /* echoed whole, however long */
        row[k++] = exmy_type_name(type);
        type_bits(type, xbits, c[k], W);
        row[k] = c[k], k++;
        if (isnan(x) || exmy_f64_to_decimal(x, c[k], W) != EXMY_OK)
            cli_hexfloat(x, c[k], W);
        row[k] = c[k], k++;
        row[k++] = exact ? "read:exact" : "read:rounded";
        if (sr) {
            snprintf(c[k], W, "r=0x%" PRIx32, r);
            row[k] = c[k], k++;
        }
        cli_code_hex(&t->f, code, c[k], W);
        row[k] = c[k], k++;
        cli_code_value(&t->f, code, c[k], W, c[k + 1], W);
        row[k] = c[k], row[k + 1] = c[k + 1], k += 2;
        cli_flags(flags, c[k], W);
        row[k] = c[k];
    }
    return CLI_EXIT_OK;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    const char *spec = NULL, *from = NULL;
    cli_conv_args ca = {0};
    const char **values = calloc((size_t)argc + 1, sizeof *values);
    if (!values) {
        cli_error(ctx, NULL, "out of memory");
        return CLI_EXIT_FAIL;
    }
    size_t nv = 0;
    int rc = CLI_EXIT_OK;
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, options, &v)) != CLI_END;) {
        if (id == CLI_STOP) {
            free(values);
            return a.exit;
        }
        if (id == CLI_OPERAND && !spec)
            spec = v;
        else if (id == CLI_OPERAND)
            values[nv++] = v;
        else if (id == OPT_FROM)
            from = v;
        else
            cli_conv_arg(&ca, id, v);
    }
    const char **cells = NULL;
    char *store = NULL;

    cli_conv conv;
    cli_target t;
    exmy_type type = EXMY_TYPE_F32;
    if (!spec || nv == 0) {
        rc = cli_usage(ctx, NULL, spec ? "expected at least one VALUE after FORMAT"
                                       : "expected FORMAT VALUE...");
        goto out;
    }
    if ((rc = cli_target_resolve(ctx, spec, &t)) != CLI_EXIT_OK)
        goto out;
    if ((rc = cli_conv_parse_profile(ctx, t.prof, &ca, CLI_BITS_VALUE, &conv)) != CLI_EXIT_OK)
        goto out;
    if (from && !t.prof) {
        rc = cli_usage(ctx, "--from",
                       "a FORMAT rounds each VALUE straight from its text; --from goes with a "
                       "PROFILE");
        goto out;
    }
    if (t.prof) {
        type = cli_profile_default_input(t.prof);
        if (from && exmy_type_from_name(from, &type) != EXMY_OK) {
            cli_error(ctx, from, "expected --from f32, f16, bf16 or f64");
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        if (from && (rc = cli_profile_check_input(ctx, "--from", t.prof, type)) != CLI_EXIT_OK)
            goto out;
    }

    /* Round everything first: on an error nothing has been printed. */
    /* A deterministic profile has no r=R column. */
    size_t ncol = !t.prof                                      ? NCOL
                  : exmy_round_is_stochastic(t.prof->conv.round) ? PCOL
                                                                 : PCOL - 1;
    cells = calloc(nv * ncol, sizeof *cells);
    store = malloc(nv * ncol * W);
    if (!cells || !store) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    if (t.prof) {
        rc = round_profile(ctx, &t, type, &conv, values, nv, ncol, cells, store);
        if (rc == CLI_EXIT_OK)
            cli_table(stdout, cells, nv, ncol, NULL);
        goto out;
    }
    for (size_t i = 0; i < nv; i++) {
        uint32_t code;
        unsigned flags = 0;
        exmy_status st = exmy_from_string(&t.f, values[i], &conv.o, conv.random, &code, &flags);
        if (st != EXMY_OK) {
            rc = value_error(ctx, values[i], spec, st);
            goto out;
        }
        char *c[NCOL];
        for (size_t k = 0; k < NCOL; k++)
            cells[i * NCOL + k] = c[k] = store + (i * NCOL + k) * W;
        cells[i * NCOL] = values[i]; /* echoed whole, however long */
        cli_code_hex(&t.f, code, c[1], W);
        cli_code_value(&t.f, code, c[2], W, c[3], W);
        cli_flags(flags, c[4], W);
    }
    cli_table(stdout, cells, nv, NCOL, NULL);
out:
    free(store);
    free(cells);
    free(values);
    return rc;
}

const cli_command cmd_round = {"round", "round numbers to a format or profile: code, exact value, flags", help,
                               run, options, CLI_BITS_VALUE, false};
