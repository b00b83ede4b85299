/* exmy profiles: the catalogue's conversion profiles as a table. */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: exmy profiles [--family TEXT]\n"
    "\n"
    "List the conversion profiles (the built-in ones plus those of any --load\n"
    "FILE.prof): what one vendor's instruction, intrinsic or library cast does\n"
    "with a format, as data. One line each: name, format, rounding, saturation\n"
    "(stochastic rounding with its random bits per element, e.g. sr-a/8), and\n"
    "family. 'exmy info PROFILE' shows every rule of one (NaN code, negative\n"
    "inputs, DAZ/FTZ, relu, input types, citation); every command that takes a\n"
    "FORMAT takes a PROFILE, whose rounding, saturation and rules then apply.\n"
    "\n"
    "Options:\n"
    "  --family TEXT  only the profiles whose family contains TEXT (ignoring\n"
    "                 case), e.g. --family cuda; none is an error (exit 1)\n"
    "\n"
    "Examples:\n"
    "  exmy profiles --family cuda\n"
    "  exmy round cuda-e4m3-satfinite 465\n";

enum { OPT_FAMILY = 1 };
static const cli_option options[] = {
    {"family", true, OPT_FAMILY},
    {NULL, false, 0},
};

enum { NCOL = 5, CELL = 128 };
typedef struct row {
    char cell[NCOL][CELL];
} row;

/* Does s contain sub, ignoring ASCII case? */
static bool contains_nocase(const char *s, const char *sub)
{
    size_t n = strlen(sub);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && tolower((unsigned char)s[i]) == tolower((unsigned char)sub[i]))
            i++;
        if (i == n)
            return true;
    }
    return n == 0;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    const char *family = NULL;
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, options, &v)) != CLI_END;) {
        if (id == CLI_STOP)
            return a.exit;
        if (id == CLI_OPERAND)
            return cli_usage(ctx, v, "this subcommand takes no operands");
        if (id == OPT_FAMILY)
            family = v;
    }

    size_t n = exmy_catalogue_profile_count(ctx->cat);
    row *rows = calloc(n + 1, sizeof *rows);
    const char **cells = calloc((n + 1) * NCOL, sizeof *cells);
    if (!rows || !cells) {
        free(rows);
        free(cells);
        cli_error(ctx, NULL, "out of memory");
        return CLI_EXIT_FAIL;
    }
    static const char *const head[NCOL] = {"name", "format", "round", "sat", "family"};
    for (size_t c = 0; c < NCOL; c++)
        snprintf(rows[0].cell[c], CELL, "%s", head[c]);
    size_t m = 0; /* rows kept */
    for (size_t i = 0; i < n; i++) {
        const exmy_profile *p = exmy_catalogue_profile_at(ctx->cat, i);
        if (family && !contains_nocase(p->family, family))
            continue;
        char(*c)[CELL] = rows[++m].cell;
        snprintf(c[0], CELL, "%s", p->name);
        /* A catalogue format by name, else its generic spec. */
        if (p->format.name[0])
            snprintf(c[1], CELL, "%s", p->format.name);
        else if (exmy_format_to_string(&p->format, c[1], CELL) != EXMY_OK)
            c[1][0] = '\0';
        if (exmy_round_is_stochastic(p->conv.round))
            snprintf(c[2], CELL, "%s/%u", exmy_round_name(p->conv.round), p->conv.sr_bits);
        else
            snprintf(c[2], CELL, "%s", exmy_round_name(p->conv.round));
        snprintf(c[3], CELL, "%s", exmy_sat_name(p->conv.sat));
        snprintf(c[4], CELL, "%s", p->family);
    }
    int rc = CLI_EXIT_OK;
    if (family && m == 0) {
        cli_error(ctx, family, "no profile's family contains this text (see 'exmy profiles')");
        rc = CLI_EXIT_FAIL;
    } else {
        for (size_t r = 0; r <= m; r++)
            for (size_t c = 0; c < NCOL; c++)
                cells[r * NCOL + c] = rows[r].cell[c];
        cli_table(stdout, cells, m + 1, NCOL, NULL);
    }
    free(cells);
    free(rows);
    return rc;
}

const cli_command cmd_profiles = {"profiles",
                                  "list the conversion profiles (vendor instructions and casts)",
                                  help, run, options, CLI_BITS_NONE, false};
