/* Helpers shared by the subcommands of the `exmy` tool: option parsing, error
 * reporting, exit codes, format lookup, safe output files, exact printing.
 *
 * Conventions (DESIGN.md, "Command-line conventions"):
 *  - options may come before or after operands; `--` ends options; an
 *    argument that reads as a number (`-431.5`, `-inf`) is an operand;
 *  - errors are one line on stderr: "exmy CMD: ARG: what was expected";
 *  - exit 0 on success, 1 on bad input or a failed check, 2 on a usage error;
 *  - regular output files are written under a temporary name and renamed,
 *    so a failure never leaves a partial file; symlinks, FIFOs and devices
 *    are written through (cli_out). */
#ifndef EXMY_CLI_H
#define EXMY_CLI_H

#include "exmy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAIL = 1,  /* bad input (unknown format, malformed number, ...) or a failed check */
    CLI_EXIT_USAGE = 2  /* unknown option or subcommand, missing operand */
};

/* What every subcommand gets from main: its name and the catalogue (built-in
 * formats plus any --load files). */
typedef struct cli_ctx {
    const char *cmd;     /* subcommand name, for messages */
    const char *help;    /* the subcommand's --help text */
    exmy_catalogue *cat; /* owned by main */
} cli_ctx;

/* A subcommand: tools/cmd_NAME.c defines `const cli_command cmd_NAME`. */
typedef struct cli_command {
    const char *name;
    const char *summary; /* one line for `exmy --help` */
    const char *help;    /* full text for `exmy NAME --help` and `exmy help NAME` */
    int (*run)(cli_ctx *ctx, int argc, char **argv); /* argv[0] is the name; returns the exit code */
    /* Its option table and how it takes random bits, so that a command line
     * can be parsed without running it (cli_parse_args: fuzzing, tests). */
    const struct cli_option *options;
    int conv_bits; /* a cli_conv_bits */
    bool formats_only; /* its FORMAT operands are never profiles (snr), so cli_parse_args
                        * does not look one up */
} cli_command;

/* ------------------------------------------------------------ messages */

/* "exmy CMD: ARG: MESSAGE" on stderr (ARG omitted when NULL). */
void cli_error(const cli_ctx *ctx, const char *arg, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* cli_error for a usage error; returns CLI_EXIT_USAGE. The message ends with
 * a pointer to `exmy CMD --help`. */
int cli_usage(const cli_ctx *ctx, const char *arg, const char *what);

/* ------------------------------------------------------------- options */

typedef struct cli_option {
    const char *name; /* long name without "--", e.g. "round" */
    int has_value;    /* 0: a flag; true: takes a value ("--round rne" or "--round=rne");
                       * CLI_PATH: a file name, where "" is a usage error */
    int id;           /* returned by cli_next; must be > 0 */
} cli_option;

#define CLI_PATH 2 /* cli_option.has_value for a file name */

enum {
    CLI_END = 0,      /* no more arguments */
    CLI_OPERAND = -1, /* *value is an operand */
    CLI_STOP = -2     /* stop and return ctx exit code in args->exit (help printed, or an error reported) */
};

typedef struct cli_args {
    int argc;
    char **argv;
    int i;             /* next argument */
    bool operands_only; /* after "--" */
    int exit;          /* exit code when cli_next returns CLI_STOP */
} cli_args;

/* Start parsing a subcommand's argv (argv[0], its name, is skipped). */
void cli_args_init(cli_args *a, int argc, char **argv);

/* The next option or operand. Returns an option's id with *value set to its
 * value (or NULL), CLI_OPERAND with *value the operand, CLI_END, or CLI_STOP.
 * Handles for every subcommand: --help / -h (prints ctx->help, exit 0) and the
 * global --load FILE (loads FILE into ctx->cat; exit 1 if it is
 * malformed). Unknown options and missing values are usage errors. */
int cli_next(cli_ctx *ctx, cli_args *a, const cli_option *opts, const char **value);

/* Does s read as a number, so that "-1.5" or "-inf" is an operand? */
bool cli_looks_numeric(const char *s);

/* Load a file into the catalogue (the global --load FILE): a name ending in
 * ".prof" holds profiles (exmy_catalogue_load_profiles_file), any other
 * formats (.fmt syntax). On failure reports it and returns CLI_EXIT_FAIL. */
int cli_load_formats(const cli_ctx *ctx, const char *path);

/* --------------------------------------------------------- value parsing */

/* A format by catalogue name/alias or generic spec (commands that take no
 * profile: snr; the others resolve a cli_target). On failure reports the
 * library's reason (or that the name is a profile) and returns CLI_EXIT_FAIL. *entry (optional) receives the
 * catalogue entry, or NULL for a generic spec. */
int cli_format(const cli_ctx *ctx, const char *spec, exmy_format *f, exmy_format_info *info,
               const exmy_catalogue_entry **entry);

/* What a FORMAT operand names: a format (catalogue name or alias, or a
 * generic spec) or a profile (a vendor's conversion: its format, rounding,
 * saturation and rules; exmy_catalogue_find_profile). Formats are looked up
 * first; the two namespaces are disjoint. Every command that takes a FORMAT
 * resolves it here. */
typedef struct cli_target {
    const char *name;                  /* the operand as given, for messages */
    exmy_format f;                     /* the format, or the profile's target format */
    exmy_format_info info;
    const exmy_catalogue_entry *entry; /* the named format's catalogue entry, else NULL */
    const exmy_profile *prof;          /* the profile, or NULL for a format */
} cli_target;

/* Resolve `name`. On failure reports "NAME: not a format or profile (...)"
 * (or the spec parser's reason for a malformed generic spec) and returns
 * CLI_EXIT_FAIL. */
int cli_target_resolve(const cli_ctx *ctx, const char *name, cli_target *t);

/* "f32, f16" ...: the input types a profile takes, in the order a command
 * picks its default (f32, f16, bf16, f64). */
void cli_profile_inputs(const exmy_profile *p, char *buf, size_t len);
/* The type a profile reads by default: the first of f32, f16, bf16, f64
 * that it takes. */
exmy_type cli_profile_default_input(const exmy_profile *p);
/* Is `type` one the profile takes? If not, reports "profile P does not take
 * T inputs (it takes ...)" against `arg` and returns CLI_EXIT_FAIL. */
int cli_profile_check_input(const cli_ctx *ctx, const char *arg, const exmy_profile *p,
                            exmy_type type);

/* --round / --sat names; on failure report the accepted names, CLI_EXIT_FAIL. */
int cli_round(const cli_ctx *ctx, const char *name, exmy_round *out);
int cli_sat(const cli_ctx *ctx, const char *name, exmy_sat *out);

/* ------------------------------------------------- conversion options */

/* --round, --sat, --sr-bits, --seed, --index0 and --random are parsed and
 * checked here for every command (round, convert, snr). A command lists the
 * ones it takes in its option table with these ids (CLI_CONV_OPTIONS for the
 * first three) and hands each to cli_conv_arg. */
enum {
    CLI_OPT_ROUND = 1000,
    CLI_OPT_SAT,
    CLI_OPT_SR_BITS,
    CLI_OPT_SEED,
    CLI_OPT_INDEX0,
    CLI_OPT_RANDOM,
    CLI_OPT_RBITS, /* round: a stochastic profile's R for every value */
    CLI_OPT_SCALE  /* round, convert: a scaled profile's scale exponent */
};
#define CLI_CONV_OPTIONS                                                                       \
    {"round", true, CLI_OPT_ROUND}, {"sat", true, CLI_OPT_SAT}, {"sr-bits", true, CLI_OPT_SR_BITS}

/* --scale N accepts |N| <= this (the bias bound of a spec: any larger
 * exponent moves every input past every format's range anyway). */
#define CLI_SCALE_MAX (1 << 20)

/* The options as given (NULL: not given). */
typedef struct cli_conv_args {
    const char *round, *sat, *sr_bits, *seed, *index0, *random, *rbits, *scale;
} cli_conv_args;

/* Record v if id is one of the CLI_OPT_* ids; false if it is not. */
bool cli_conv_arg(cli_conv_args *a, int id, const char *v);

/* Where stochastic rounding's random bits come from in a command. */
typedef enum cli_conv_bits {
    CLI_BITS_NONE,   /* the command takes no conversion options */
    CLI_BITS_VALUE,  /* --random R: one value for every input (round); a stochastic
                      * profile takes --rbits R or --seed S [--index0 I] instead */
    CLI_BITS_STREAM, /* --seed S [--index0 I] (Philox) or --random FILE (convert) */
    CLI_BITS_SEED    /* Philox keyed by the command's own --seed, not a conversion
                      * option: it is parsed here but allowed in every mode (snr) */
} cli_conv_bits;

/* The options, checked. */
typedef struct cli_conv {
    exmy_opts o;             /* round (rne by default), sat (satfinite), sr_bits */
    uint64_t seed;           /* STREAM, SEED: --seed (0 if not given) */
    uint64_t index0;         /* STREAM: --index0 (0 if not given) */
    const char *random_file; /* STREAM: --random FILE, else NULL */
    uint32_t random;         /* VALUE: --random R (format) or --rbits R (profile), < 2^sr_bits */
    bool seeded;             /* VALUE, profile: R from Philox (--seed, --index0), not --rbits */
    int scale_exp;           /* --scale N of a scaled profile, else 0 */
} cli_conv;

/* Parse and check the options: names of modes, ranges of numbers, and which
 * options go together (stochastic modes need --sr-bits and a source of bits;
 * the others take none). Reports and returns CLI_EXIT_FAIL for a bad value,
 * CLI_EXIT_USAGE for a bad combination. */
int cli_conv_parse(const cli_ctx *ctx, const cli_conv_args *a, cli_conv_bits bits, cli_conv *out);
/* The same for a target that is a profile (prof != NULL; NULL is
 * cli_conv_parse): the profile fixes the rounding, saturation and sr_bits,
 * so --round, --sat and --sr-bits are usage errors; random bits go with a
 * stochastic profile only, --scale with a scaled one only. */
int cli_conv_parse_profile(const cli_ctx *ctx, const exmy_profile *prof, const cli_conv_args *a,
                           cli_conv_bits bits, cli_conv *out);

/* An unsigned integer in decimal or 0x hex, no sign, no spaces, <= max.
 * Returns false if malformed or out of range (nothing reported). */
bool cli_parse_u64(const char *s, uint64_t max, uint64_t *out);

/* Parse a command line of c (argv[0] its name) as c's run would: every
 * option through cli_next (--help prints, --load loads into ctx->cat) and
 * the conversion options through cli_conv_parse (cli_conv_parse_profile
 * when the first operand names a profile); runs nothing else, opens
 * no file but --load's. Returns the exit code an error would give, or
 * CLI_EXIT_OK. The entry point of the CLI argument-parser fuzz target. */
int cli_parse_args(cli_ctx *ctx, const cli_command *c, int argc, char **argv);

/* ------------------------------------------------------------- output */

/* An output stream (DESIGN.md, "Command-line conventions"), by what the
 * path names:
 *  - nothing yet, or a regular file: a temporary file in the same directory,
 *    renamed over the path by cli_out_commit (a failure leaves the old file
 *    as it was); it keeps the replaced file's mode (and owner, as root). A
 *    file we may not write (0444, not root) is refused, as the shell's '>'
 *    would;
 *  - a symlink: written through, the same way, to the file it names (the
 *    link stays); a dangling link creates its target in place;
 *  - a FIFO, a character or block device: written straight through, never
 *    replaced; their errors (ENOSPC from /dev/full) are reported at commit;
 *  - NULL or "-": stdout, the same;
 *  - a directory, or "": an error before anything is written. */
typedef struct cli_out {
    FILE *fp;
    char *path;    /* as given, for messages; NULL for stdout */
    char *target;  /* the regular file renamed over (links resolved); NULL in place */
    char *tmp;     /* temporary name while open; NULL in place */
    bool seekable; /* fp can seek (a .npy header can be rewritten at the end) */
} cli_out;

/* Reports and returns CLI_EXIT_FAIL if the output cannot be opened (no such
 * directory, a directory, not writable), CLI_EXIT_USAGE for "". */
int cli_out_open(const cli_ctx *ctx, cli_out *o, const char *path);
/* Flush, close and (regular files) rename into place; reports and returns
 * CLI_EXIT_FAIL on a write error (the temporary file is removed). */
int cli_out_commit(const cli_ctx *ctx, cli_out *o);
/* Close and remove the temporary file (no-op for stdout). */
void cli_out_abort(cli_out *o);
/* Name of the output for messages: the path or "stdout". */
const char *cli_out_name(const cli_out *o);

/* ------------------------------------------------------- exact numbers */

/* Hex-float of a binary64: "%a", with "inf", "-inf", "nan", "-nan". */
void cli_hexfloat(double x, char *buf, size_t len);
/* The shortest decimal that reads back (strtod) to the same binary64. */
void cli_shortest(double x, char *buf, size_t len);
/* Every digit of a binary64 comes from the library (exmy_f64_to_decimal,
 * exmy_code_to_decimal): one exact printer for the library and the CLI. */

/* The value of a code: every decimal digit (exmy_code_to_decimal) and the
 * hex-float; NaN codes give "nan" or "-nan" in both. */
void cli_code_value(const exmy_format *f, uint32_t code, char *dec, size_t declen, char *hex,
                    size_t hexlen);
/* A code as 0x-prefixed hex, zero-padded to the format's width in digits. */
void cli_code_hex(const exmy_format *f, uint32_t code, char *buf, size_t len);
/* "inexact,underflow" ..., or "exact" when no flag is set. */
void cli_flags(unsigned flags, char *buf, size_t len);

/* The special encodings and properties of a format in a few words:
 * "inf,nan" (IEEE style), "nan(1)" (one NaN code per sign, e4m3fn),
 * "fnuz" (the -0 pattern is the only NaN), "unsigned", "nosub", "nozero",
 * comma-separated, or "none". */
void cli_specials(const exmy_format *f, char *buf, size_t len);

/* ------------------------------------------------------------- tables */

/* Print rows x cols cells (row-major) as columns separated by two spaces;
 * right[c] right-aligns column c (numbers). The last column is not padded. */
void cli_table(FILE *fp, const char *const *cells, size_t rows, size_t cols, const bool *right);
/* The two halves of cli_table, for callers that print more between rows:
 * width[cols] receives the widest cell of each column. */
void cli_table_widths(const char *const *cells, size_t rows, size_t cols, size_t *width);
void cli_table_row(FILE *fp, const char *const *row, size_t cols, const size_t *width,
                   const bool *right);

/* ------------------------------------------------------- byte order */

/* Raw streams are little-endian; on a big-endian host elements are swapped
 * in place (a no-op here on x86 and arm64). */
void cli_le_swap(void *buf, size_t n, size_t elem_size);

#endif
