/* Array writers of `exmy vectors`: one array (inputs, expected codes, packed
 * codes or random bits) written in chunks to a file whose extension says
 * what it is:
 *   .npy  a NumPy vector (float32/float16/float64 inputs, bf16 as uint16 bit
 *         patterns; codes uint8/16/32; packed codes uint8; random uint32)
 *   .csv  "index,bits,value" (inputs), "index,code" or "index,random" rows
 *   .h    a C header: a comment, a count macro and a static const array of
 *         bit patterns, for compiling into a device test
 *   else  raw little-endian elements.
 * The element count is known before the first chunk (the .npy header and the
 * .h array size are written first, so FIFOs work too), and everything goes
 * through cli_out: an error leaves no file behind. */
#ifndef EXMY_VEC_WRITE_H
#define EXMY_VEC_WRITE_H

#include "cli.h"
#include "npy.h"
#include "vec_kind.h"

#include <stdint.h>

/* What the elements are. */
typedef enum vec_what {
    VEC_INPUTS, /* values of `type`: double, float, or uint16_t bit patterns */
    VEC_CODES,  /* codes of `format`, `size` bytes each */
    VEC_PACKED, /* bytes of packed codes (exmy_pack_codes); no .csv */
    VEC_RANDOM  /* uint32_t random values */
} vec_what;

typedef struct vec_spec {
    vec_what what;
    exmy_type type;            /* VEC_INPUTS */
    const exmy_format *format; /* VEC_CODES: codes print at its width */
    size_t size;               /* VEC_CODES: bytes per code (exmy_format_info.code_bytes) */
    uint64_t count;            /* elements that will be written, in all */
    const char *array;         /* .h: the array's name, e.g. "exmy_vectors_in" */
    const char *count_macro;   /* .h: the macro holding count, e.g. "EXMY_VECTORS_N" */
    const char *n_macro;       /* .h: another macro to define (NULL: none), e.g. the */
    uint64_t n_value;          /*   input count beside a packed array's byte count */
    const char *comment;       /* .h: the first comment's text (one line) */
} vec_spec;

typedef struct vec_writer {
    cli_out o;
    vec_kind kind;
    vec_spec s;
    size_t size;      /* bytes per element in memory */
    cli_npy_dtype dt; /* .npy dtype */
    unsigned digits;  /* hex digits of one element in .csv and .h */
    uint64_t done;    /* elements written */
} vec_writer;

/* Open path and write what comes before the elements. Reports and returns
 * CLI_EXIT_FAIL (CLI_EXIT_USAGE for "" or a .csv of packed codes). */
int vec_open(const cli_ctx *ctx, vec_writer *w, const char *path, const vec_spec *s);
/* vec_open with a .npy of `ndim` axes `shape` (their product s->count)
 * instead of (count,): exmy vectors BLOCK writes (rows, K). The other kinds
 * are the same flat stream as vec_open's. */
int vec_open_shape(const cli_ctx *ctx, vec_writer *w, const char *path, const vec_spec *s,
                   unsigned ndim, const uint64_t *shape);
/* Write the next n elements (this machine's byte order; a raw stream on a
 * big-endian host swaps buf in place). Reports a write error. */
int vec_write(const cli_ctx *ctx, vec_writer *w, void *buf, size_t n);
/* Write what follows the elements, then rename into place. Reports and
 * returns CLI_EXIT_FAIL if fewer or more than count elements were written or
 * the file cannot be written (nothing is left behind). */
int vec_commit(const cli_ctx *ctx, vec_writer *w);
/* Drop the output (no-op if it was not opened). */
void vec_abort(vec_writer *w);

#endif
