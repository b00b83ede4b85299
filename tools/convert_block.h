/* exmy convert for a block format (OCP MX, NVFP4; exmy_block_parse): a
 * float array to element codes plus scales, the reverse, or fake-quantised
 * values. cmd_convert.c parses the command line and hands a block FORMAT
 * here; everything else about blocks lives in convert_block.c. */
#ifndef EXMY_CONVERT_BLOCK_H
#define EXMY_CONVERT_BLOCK_H

#include "cli.h"

/* The command line as given (NULL: not given). */
typedef struct convert_block_args {
    const char *format;
    const char *from, *to;
    const char *in, *out;
    const char *scales;       /* --scales FILE: written on quantise, read on decode */
    const char *tensor_scale; /* --tensor-scale FILE (NVFP4): the same */
    const char *tail;         /* --tail error|short */
    const char *cols;         /* --cols K: elements per row of packed codes to decode */
    bool packed;              /* --packed */
    cli_conv_args conv;       /* --round, --sat, --sr-bits, --seed, --index0, --random, --scale */
    const char *isa, *threads;
} convert_block_args;

/* Run `exmy convert` for the block format bf (a->format as given names it).
 * Returns the exit code; errors are reported (one line). */
int convert_block(cli_ctx *ctx, const convert_block_args *a, const exmy_block_format *bf);

#endif
