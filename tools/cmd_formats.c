/* exmy formats: the catalogue of named formats as a table, then its block
 * formats as a second one. */
#include "cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: exmy formats [--long]\n"
    "\n"
    "List the named formats (the built-in catalogue plus any --load files) as a\n"
    "table: name, total bits, precision p (significand bits including the implicit\n"
    "one), exponent bias, special encodings, largest finite value, smallest normal\n"
    "and smallest subnormal value (shortest decimals that read back exactly; see\n"
    "'exmy info FORMAT' for every digit).\n"
    "\n"
    "Specials: inf = has +-Inf; nan = IEEE-style NaNs (every top-exponent code but\n"
    "Inf); nan(N) = the N highest codes of each sign are NaN; fnuz = no -0, its\n"
    "pattern (0x80 in 8 bits) is the only NaN; unsigned = no sign bit; nosub = no\n"
    "subnormals; nozero = no zero; none = only finite numbers.\n"
    "\n"
    "Then, after a blank line, the block formats (OCP MX, NVFP4 and any --load\n"
    "FILE.blk): name, element format, scale format, elements per scale (block),\n"
    "scale rule (floor, ceil, even, div) and whether a binary32 scale per tensor\n"
    "multiplies the block scales ('exmy info BLOCK' describes one).\n"
    "\n"
    "Conversion profiles (a vendor's instruction or cast: a format with its\n"
    "rounding, saturation and rules) are listed by 'exmy profiles'.\n"
    "\n"
    "Options:\n"
    "  --long   also show each format's generic spec, aliases, family and source\n"
    "           (and each block format's aliases, family and source)\n";

enum { OPT_LONG = 1 };
static const cli_option options[] = {
    {"long", false, OPT_LONG},
    {NULL, false, 0},
};

enum { NCOL = 8, CELL = 64 };
typedef struct row {
    char cell[NCOL][CELL];
} row;

/* A format by its catalogue name, else its generic spec. */
static void format_label(const exmy_format *f, char *buf, size_t len)
{
    if (f->name[0])
        snprintf(buf, len, "%s", f->name);
    else if (exmy_format_to_string(f, buf, len) != EXMY_OK)
        snprintf(buf, len, "?");
}

/* The second table: the block formats, if the catalogue has any. */
enum { BCOL = 6, BCELL = 96 };
typedef struct brow {
    char cell[BCOL][BCELL];
} brow;

static int block_table(cli_ctx *ctx, bool longform)
{
    size_t n = exmy_catalogue_block_count(ctx->cat);
    if (!n)
        return CLI_EXIT_OK;
    brow *rows = calloc(n + 1, sizeof *rows);
    const char **cells = calloc((n + 1) * BCOL, sizeof *cells);
    if (!rows || !cells) {
        free(rows);
        free(cells);
        cli_error(ctx, NULL, "out of memory");
        return CLI_EXIT_FAIL;
    }
    static const char *const head[BCOL] = {"block format", "element", "scale", "block", "rule",
                                           "tensor scale"};
    for (size_t c = 0; c < BCOL; c++)
        snprintf(rows[0].cell[c], BCELL, "%s", head[c]);
    for (size_t i = 0; i < n; i++) {
        const exmy_block_format *b = exmy_catalogue_block_at(ctx->cat, i);
        char(*c)[BCELL] = rows[i + 1].cell;
        snprintf(c[0], BCELL, "%s", b->name);
        if (b->kind == EXMY_ELEM_INT8)
            snprintf(c[1], BCELL, "int8");
        else
            format_label(&b->elem, c[1], BCELL);
        format_label(&b->scale, c[2], BCELL);
        snprintf(c[3], BCELL, "%u", b->block);
        snprintf(c[4], BCELL, "%s", exmy_scale_rule_name(b->rule));
        snprintf(c[5], BCELL, "%s", b->tensor_scale ? "binary32" : "-");
    }
    for (size_t r = 0; r <= n; r++)
        for (size_t c = 0; c < BCOL; c++)
            cells[r * BCOL + c] = rows[r].cell[c];
    static const bool right[BCOL] = {false, false, false, true, false, false};
    size_t width[BCOL];
    cli_table_widths(cells, n + 1, BCOL, width);
    printf("\n");
    for (size_t r = 0; r <= n; r++) {
        cli_table_row(stdout, cells + r * BCOL, BCOL, width, right);
        if (!longform || r == 0)
            continue;
        const exmy_block_format *b = exmy_catalogue_block_at(ctx->cat, r - 1);
        printf("    aliases: %s\n", b->aliases[0] ? b->aliases : "-");
        printf("    family:  %s\n", b->family);
        printf("    source:  %s\n", b->source);
    }
    free(cells);
    free(rows);
    return CLI_EXIT_OK;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    bool longform = false;
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, options, &v)) != CLI_END;) {
        if (id == CLI_STOP)
            return a.exit;
        if (id == CLI_OPERAND)
            return cli_usage(ctx, v, "this subcommand takes no operands");
        if (id == OPT_LONG)
            longform = true;
    }

    size_t n = exmy_catalogue_size(ctx->cat);
    row *rows = calloc(n + 1, sizeof *rows);
    const char **cells = calloc((n + 1) * NCOL, sizeof *cells);
    if (!rows || !cells) {
        free(rows);
        free(cells);
        cli_error(ctx, NULL, "out of memory");
        return CLI_EXIT_FAIL;
    }
    static const char *const head[NCOL] = {"name", "bits", "p", "bias", "specials",
                                           "max finite", "min normal", "min subnormal"};
    for (size_t c = 0; c < NCOL; c++)
        snprintf(rows[0].cell[c], CELL, "%s", head[c]);
    for (size_t i = 0; i < n; i++) {
        const exmy_format *f = &exmy_catalogue_at(ctx->cat, i)->format;
        exmy_format_info info;
        if (exmy_format_get_info(f, &info) != EXMY_OK)
            memset(&info, 0, sizeof info); /* the loader validated every entry */
        char(*c)[CELL] = rows[i + 1].cell;
        snprintf(c[0], CELL, "%s", f->name);
        snprintf(c[1], CELL, "%u", f->bits);
        snprintf(c[2], CELL, "%u", f->precision);
        snprintf(c[3], CELL, "%d", f->bias);
        cli_specials(f, c[4], CELL);
        cli_shortest(info.max_finite, c[5], CELL);
        cli_shortest(info.min_normal, c[6], CELL);
        cli_shortest(info.min_subnormal, c[7], CELL);
    }
    for (size_t r = 0; r <= n; r++)
        for (size_t c = 0; c < NCOL; c++)
            cells[r * NCOL + c] = rows[r].cell[c];

    static const bool right[NCOL] = {false, true, true, true, false, true, true, true};
    size_t width[NCOL];
    cli_table_widths(cells, n + 1, NCOL, width);
    for (size_t r = 0; r <= n; r++) {
        cli_table_row(stdout, cells + r * NCOL, NCOL, width, right);
        if (!longform || r == 0)
            continue;
        /* --long: the details of each format indented under its row. */
        const exmy_catalogue_entry *e = exmy_catalogue_at(ctx->cat, r - 1);
        char spec[160];
        if (exmy_format_to_string(&e->format, spec, sizeof spec) != EXMY_OK)
            spec[0] = '\0';
        printf("    spec:    %s\n", spec);
        printf("    aliases: %s\n", e->aliases[0] ? e->aliases : "-");
        printf("    family:  %s\n", e->family);
        printf("    source:  %s\n", e->source);
    }
    free(cells);
    free(rows);
    return block_table(ctx, longform);
}

const cli_command cmd_formats = {"formats", "list the named formats and block formats (the catalogue)", help, run, options, CLI_BITS_NONE, false};
