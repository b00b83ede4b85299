/* exmy round: decimal or hex-float numbers to codes of a format, correctly
 * rounded straight from the text (MPFR; no intermediate binary64). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: exmy round FORMAT VALUE... [--round MODE] [--sat MODE]\n"
    "                  [--sr-bits N --random R]\n"
    "\n"
    "Round each VALUE to FORMAT, once, straight from its text (no intermediate\n"
    "binary64). A VALUE is a decimal (-431.99999999999994, 1e-3), a hex-float\n"
    "(0x1.cp+8), inf, -inf or nan. One line per value:\n"
    "  input  code  exact-decimal-value  hex-float-value  flags\n"
    "where flags are inexact, underflow, overflow, invalid (or 'exact').\n"
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
    "\n"
    "Examples:\n"
    "  exmy round e4m3fn 464              448 (0x7e): 464 is the tie 448|480\n"
    "  exmy round e4m3fn 465 --sat nosat  NaN (0x7f): overflow without saturation\n"
    "  exmy round e5m2 0.3 --round sr-a --sr-bits 8 --random 200\n";

static const cli_option options[] = {
    CLI_CONV_OPTIONS,
    {"random", true, CLI_OPT_RANDOM},
    {NULL, false, 0},
};

enum { NCOL = 5 };

static int run(cli_ctx *ctx, int argc, char **argv)
{
    const char *spec = NULL;
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
        else
            cli_conv_arg(&ca, id, v);
    }
    const char **cells = NULL;
    char *store = NULL;

    cli_conv conv;
    exmy_format f;
    if (!spec || nv == 0) {
        rc = cli_usage(ctx, NULL, spec ? "expected at least one VALUE after FORMAT"
                                       : "expected FORMAT VALUE...");
        goto out;
    }
    if ((rc = cli_format(ctx, spec, &f, NULL, NULL)) != CLI_EXIT_OK)
        goto out;
    if ((rc = cli_conv_parse(ctx, &ca, CLI_BITS_VALUE, &conv)) != CLI_EXIT_OK)
        goto out;

    /* Round everything first: on an error nothing has been printed. */
    enum { W = 1200 };
    cells = calloc(nv * NCOL, sizeof *cells);
    store = malloc(nv * NCOL * W);
    if (!cells || !store) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    for (size_t i = 0; i < nv; i++) {
        uint32_t code;
        unsigned flags = 0;
        exmy_status st = exmy_from_string(&f, values[i], &conv.o, conv.random, &code, &flags);
        if (st == EXMY_ENUMBER) {
            cli_error(ctx, values[i],
                      "expected a decimal or hex-float number, inf, -inf or nan");
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        if (st == EXMY_ENONAN) {
            cli_error(ctx, values[i], "%s has no NaN encoding to hold this value", spec);
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        if (st != EXMY_OK) {
            cli_error(ctx, values[i], "%s", exmy_strerror(st));
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        char *c[NCOL];
        for (size_t k = 0; k < NCOL; k++)
            cells[i * NCOL + k] = c[k] = store + (i * NCOL + k) * W;
        cells[i * NCOL] = values[i]; /* echoed whole, however long */
        cli_code_hex(&f, code, c[1], W);
        cli_code_value(&f, code, c[2], W, c[3], W);
        cli_flags(flags, c[4], W);
    }
    cli_table(stdout, cells, nv, NCOL, NULL);
out:
    free(store);
    free(cells);
    free(values);
    return rc;
}

const cli_command cmd_round = {"round", "round numbers to a format: code, exact value, flags", help,
                               run, options, CLI_BITS_VALUE};
