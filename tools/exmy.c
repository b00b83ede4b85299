/* exmy: the command-line tool. main() loads the catalogue, handles the
 * global options and hands the rest of argv to one subcommand. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The subcommands, in the order `exmy --help` lists them. Adding one is one
 * line here, X(name), plus tools/cmd_name.c (which defines
 * `const cli_command cmd_name`) in tools/meson.build. */
#define EXMY_COMMANDS(X) \
    X(formats)           \
    X(profiles)          \
    X(info)              \
    X(round)             \
    X(decode)            \
    X(convert)           \
    X(snr)               \
    X(vectors)           \
    X(check)             \
    /* new subcommands: one "X(name) \" line above this one, e.g. X(snr) */

#define DECLARE_COMMAND(name) extern const cli_command cmd_##name;
EXMY_COMMANDS(DECLARE_COMMAND)
#define LIST_COMMAND(name) &cmd_##name,
static const cli_command *const commands[] = {EXMY_COMMANDS(LIST_COMMAND)};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void print_main_help(FILE *fp)
{
    fprintf(fp,
            "Usage: exmy [--load FILE] SUBCOMMAND [options] [operands]\n"
            "       exmy help SUBCOMMAND | exmy --help | exmy --version\n"
            "\n"
            "Bit-exact emulation of small floating-point formats (FP8, FP6, FP4,\n"
            "binary16, bfloat16 and any eXmY).\n"
            "\n"
            "Subcommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(fp, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(fp,
            "\n"
            "Global options (before or after the subcommand):\n"
            "  --load FILE     also load the named formats of FILE (.fmt syntax), or\n"
            "                  its profiles if FILE ends in .prof, its block formats\n"
            "                  if it ends in .blk (see formats/README.md)\n"
            "  -h, --help      show this help; 'exmy SUBCOMMAND --help' for a subcommand\n"
            "  --version       print the version\n"
            "\n"
            "A FORMAT is a catalogue name or alias (see 'exmy formats') or a generic\n"
            "spec eXmY[:bias=N][:unsigned][:finite|:extended][:nans=N][:negzero|:nonegzero]\n"
            "[:nosub][:nozero], e.g. e4m3fn, e5m2, e4m3:bias=8:finite:nans=0:nonegzero.\n"
            "\n"
            "A PROFILE (see 'exmy profiles') is what a vendor's conversion does: a\n"
            "format, its rounding and saturation, and the vendor's rules (NaN code,\n"
            "negative inputs, DAZ/FTZ, relu, random bits), cited. Wherever a FORMAT\n"
            "is taken a PROFILE may be given instead, e.g.\n"
            "'exmy round cuda-e4m3-satfinite 465'; 'exmy info PROFILE' explains one.\n"
            "\n"
            "Exit status: 0 ok, 1 bad input or failed check, 2 usage error.\n");
}

/* `exmy help [SUBCOMMAND]`. */
static int help_command(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2) {
        print_main_help(stdout);
        return CLI_EXIT_OK;
    }
    if (argc > 2)
        return cli_usage(ctx, argv[2], "expected one subcommand name");
    const cli_command *c = find_command(argv[1]);
    if (!c)
        return cli_usage(ctx, argv[1], "unknown subcommand");
    /* The same text as `exmy SUBCOMMAND --help`. */
    cli_ctx sub = {c->name, c->help, ctx->cat};
    char *hv[] = {argv[1], (char *)"--help", NULL};
    cli_args a;
    cli_args_init(&a, 2, hv);
    const char *v;
    cli_next(&sub, &a, NULL, &v);
    return a.exit;
}

int main(int argc, char **argv)
{
    cli_ctx ctx = {NULL, "", NULL};
    exmy_status st = exmy_catalogue_builtin(&ctx.cat);
    if (st != EXMY_OK) {
        cli_error(&ctx, NULL, "cannot load the built-in catalogue: %s", exmy_strerror(st));
        return CLI_EXIT_FAIL;
    }
    int rc = CLI_EXIT_OK;
    int i = 1;
    /* Global options before the subcommand. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *s = argv[i];
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            print_main_help(stdout);
            goto done;
        }
        if (strcmp(s, "--version") == 0) {
            printf("exmy %s\n", EXMY_VERSION);
            goto done;
        }
        if (strcmp(s, "--load") == 0 || strncmp(s, "--load=", 7) == 0) {
            const char *path = s[6] == '=' ? s + 7 : i + 1 < argc ? argv[++i] : NULL;
            if (!path || !*path) {
                rc = cli_usage(&ctx, s, "expected a file name after it");
                goto done;
            }
            rc = cli_load_formats(&ctx, path);
            if (rc != CLI_EXIT_OK)
                goto done;
            continue;
        }
        rc = cli_usage(&ctx, s, "unknown option");
        goto done;
    }
    if (i == argc) {
        rc = cli_usage(&ctx, NULL, "expected a subcommand");
        goto done;
    }
    if (strcmp(argv[i], "help") == 0) {
        rc = help_command(&ctx, argc - i, argv + i);
        goto done;
    }
    const cli_command *c = find_command(argv[i]);
    if (!c) {
        rc = cli_usage(&ctx, argv[i], "unknown subcommand");
        goto done;
    }
    ctx.cmd = c->name;
    ctx.help = c->help;
    rc = c->run(&ctx, argc - i, argv + i);
done:
    exmy_catalogue_free(ctx.cat);
    /* Output that could not be written (a full disk, /dev/full) is a failure. */
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == CLI_EXIT_OK) {
        cli_error(&ctx, "stdout", "write error: %s", strerror(errno ? errno : EIO));
        rc = CLI_EXIT_FAIL;
    }
    return rc;
}
