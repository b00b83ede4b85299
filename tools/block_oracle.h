/* exmy vectors and exmy check for a block format (OCP MX, NVFP4;
 * exmy_block_parse names and "block:ELEM/SCALE/N[/RULE]" specs): the oracle
 * workflow of issue 14 §3. cmd_vectors.c and cmd_check.c parse the command
 * line and hand a block TARGET here; vec_block.c writes the inputs, codes,
 * scales and tensor scale, check_block.c judges a kernel's. Both hold whole
 * arrays in memory: a block's scale depends on its whole block and NVFP4's
 * tensor scale on the whole tensor.
 *
 * Layout (as exmy convert BLOCK writes it): inputs (rows, K), blocks along
 * the last axis; codes (rows, K) of the element's code width, or packed
 * bytes per row (--packed); scales (rows, K / block) of the scale format's
 * code width; the tensor scale one binary32. */
#ifndef EXMY_BLOCK_ORACLE_H
#define EXMY_BLOCK_ORACLE_H

#include "cli.h"

#include <stdbool.h>
#include <stdint.h>

/* Options only a block format takes, in the commands' option tables; the
 * ids are past both commands' own. */
enum {
    BLK_OPT_COLS = 900,   /* --cols K: the row length (default the block size) */
    BLK_OPT_SCALES,       /* vectors --scales FILE: the expected scale codes */
    BLK_OPT_GOT_SCALES,   /* check --got-scales FILE: the kernel's scale codes */
    BLK_OPT_TENSOR_SCALE, /* --tensor-scale FILE: written by vectors, read by check */
    BLK_OPT_TAIL          /* check --tail error|short */
};
#define VECTORS_BLOCK_OPTIONS                                                                    \
    {"cols", true, BLK_OPT_COLS}, {"scales", CLI_PATH, BLK_OPT_SCALES},                          \
        {"tensor-scale", CLI_PATH, BLK_OPT_TENSOR_SCALE}
#define CHECK_BLOCK_OPTIONS                                                                      \
    {"cols", true, BLK_OPT_COLS}, {"got-scales", CLI_PATH, BLK_OPT_GOT_SCALES},                  \
        {"tensor-scale", CLI_PATH, BLK_OPT_TENSOR_SCALE}, {"tail", true, BLK_OPT_TAIL}

/* The block options as given (NULL: not given). */
typedef struct block_oracle_opts {
    const char *cols, *scales, *got_scales, *tensor_scale, *tail;
} block_oracle_opts;

/* Record v if id is a BLK_OPT_* id; false if it is not. */
bool block_oracle_arg(block_oracle_opts *b, int id, const char *v);
/* The first block option given ("--cols", ...), or NULL: for the usage error
 * a plain target gives. */
const char *block_oracle_given(const block_oracle_opts *b);

/* Does `name` name a block format? *is_block false (and CLI_EXIT_OK) when it
 * does not, so that the command goes on with a format or profile; a
 * malformed "block:" spec is reported (CLI_EXIT_FAIL). */
int block_oracle_target(const cli_ctx *ctx, const char *name, exmy_block_format *bf,
                        bool *is_block);

/* exmy vectors BLOCK: the command line as cmd_vectors.c parsed it. */
typedef struct vectors_block_args {
    const char *target, *from, *set, *out, *expected;
    bool packed;
    const char *unsupported; /* an option of plain targets given (--random-operands,
                                --scale), or NULL */
    cli_conv_args conv;      /* --round, --sat, --sr-bits, --seed, --random (an output) */
    block_oracle_opts blk;
} vectors_block_args;

/* exmy check BLOCK: the command line as cmd_check.c parsed it. */
typedef struct check_block_args {
    const char *target, *in, *set, *got, *from, *max_report, *threads;
    bool packed;
    const char *unsupported; /* as above */
    cli_conv_args conv;      /* --round, --sat, --sr-bits, --seed, --random (an input) */
    block_oracle_opts blk;
} check_block_args;

/* Run the command for the block format bf; the exit status (errors are
 * reported, one line). */
int vectors_block(cli_ctx *ctx, const vectors_block_args *a, const exmy_block_format *bf);
int check_block(cli_ctx *ctx, const check_block_args *a, const exmy_block_format *bf);

/* ---------------------------------------- shared by vec_block and check_block */

/* What both commands decide the same way about a block target, so that
 * check judges exactly what vectors wrote for the same command line. */
typedef struct block_plan {
    const char *name;       /* the target as given */
    exmy_block_format bf;
    exmy_format_info ei, si; /* element and scale formats */
    exmy_type type;         /* the input type */
    uint64_t cols;          /* K (0: not yet known, check --in) */
    exmy_block_opts o;      /* conversion, Philox seed, packed, tail */
    bool stochastic;
    bool cols_given;
    enum { BLK_SET_NONE, BLK_SET_BOUNDARY, BLK_SET_RANDOM } set;
    uint64_t set_rows;      /* random:N */
    uint64_t seed;          /* --seed (0 by default) */
} block_plan;

/* At most this many elements (rows x K) in memory. */
#define BLOCK_ORACLE_MAX_ELEMENTS (UINT64_C(1) << 28)

/* The target's formats, --round/--sat/--sr-bits/--seed (CLI_BITS_SEED, as
 * exmy vectors: --seed keys both the random set and the stochastic bits),
 * --set (boundary_ok: vectors; check takes it too), --cols and the
 * option combinations. `from` NULL leaves the type to the caller (f32). */
int block_plan_make(cli_ctx *ctx, const char *name, const exmy_block_format *bf,
                    const cli_conv_args *conv, const char *set, const char *cols,
                    const char *unsupported, bool packed, block_plan *p);
/* --from TYPE (f64, f32, f16, bf16). */
int block_plan_type(cli_ctx *ctx, const char *from, exmy_type *type);
/* The generated set (p->set != BLK_SET_NONE) of rows x p->cols inputs,
 * malloc'ed into *out. */
int block_set_make(cli_ctx *ctx, const block_plan *p, void **out, uint64_t *rows);
/* "boundary set", "random set, seed 7". */
const char *block_set_name(const block_plan *p, char *buf, size_t len);
/* "mxfp8_e4m3 (rne, satfinite)" or with the random bits. */
void block_plan_title(const block_plan *p, char *buf, size_t len);
/* Codes of n elements per row, packed or not: the bytes a row takes. */
uint64_t block_row_bytes(const block_plan *p, uint64_t cols);
/* Blocks per row (the last one short with --tail short). */
uint64_t block_per_row(const block_plan *p, uint64_t cols);

#endif
