/* Streaming readers of `exmy check`: the arrays a kernel test hands back
 * (inputs, the kernel's codes, packed codes, random bits), each a raw
 * little-endian file or a NumPy .npy vector, read in chunks so memory stays
 * constant however long the array; and the generated input sets (--set all,
 * --set random:N), which stand in for an input file of up to 2^32 elements.
 *
 * Counts are known before the first chunk wherever the file says them (a
 * .npy header, a regular raw file's size), so that two arrays that disagree
 * are reported before anything is judged; a pipe's count is known at its end. */
#ifndef EXMY_VEC_READ_H
#define EXMY_VEC_READ_H

#include "cli.h"
#include "npy.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* One array: raw elements of `size` bytes, or a .npy file (by the extension
 * .npy, or by the magic at the start of a seekable file). */
typedef struct vec_reader {
    FILE *fp;
    const char *name;  /* the path, or "stdin", for messages */
    const char *what;  /* the option it came from ("--in", "--got"), for messages */
    bool is_stdin;
    bool npy;
    cli_npy_reader r;  /* .npy: the parsed header and position */
    size_t size;       /* bytes per element: the .npy dtype's, or the raw size given */
    bool known;        /* count is known before reading */
    uint64_t count;    /* elements in all, when known */
    uint64_t done;     /* elements read */
    bool ended;        /* a raw stream reached its end */
} vec_reader;

/* Open path ("-": stdin) and read a .npy header. A raw file's element size is
 * settled afterwards with vec_reader_raw (the .npy dtype may decide it).
 * Reports and returns CLI_EXIT_FAIL (cannot open, a directory, a malformed
 * .npy header). */
int vec_reader_open(const cli_ctx *ctx, vec_reader *v, const char *path, const char *what);
/* A raw stream holds elements of `size` bytes: a regular file's count is
 * then known, and a size that is not a whole number of elements is reported
 * here (CLI_EXIT_FAIL). No-op for a .npy file. */
int vec_reader_raw(const cli_ctx *ctx, vec_reader *v, size_t size);
/* Up to max elements into buf, in this machine's byte order; fewer only at
 * the end (*got == 0 there). A raw stream that ends inside an element, a read
 * error, or a .npy file shorter than its header says: reported,
 * CLI_EXIT_FAIL. */
int vec_reader_read(const cli_ctx *ctx, vec_reader *v, void *buf, size_t max, size_t *got);
/* Read to the end, counting: the length of a stream whose count was not
 * known, for a message that says how long it was. buf holds max elements. */
int vec_reader_drain(const cli_ctx *ctx, vec_reader *v, void *buf, size_t max);
void vec_reader_close(vec_reader *v);

/* ---------------------------------------------------- generated inputs */

/* `--set all|random:N`: the input stream `exmy vectors --set` writes, made
 * chunk by chunk. all: every bit pattern of the input type, 0 .. 2^w - 1 in
 * ascending order (f16, bf16: 2^16; f32: 2^32; f64 has none). random:N:
 * exmy_vectors_random keyed by seed, element i a function of (seed, i) alone. */
typedef enum vec_set_kind { VEC_SET_ALL, VEC_SET_RANDOM } vec_set_kind;

typedef struct vec_set {
    vec_set_kind kind;
    uint64_t count; /* elements in all */
    uint64_t seed;  /* random:N */
} vec_set;

/* Parse "all" or "random:N" (1 <= N <= 2^40) for inputs of `type`; `opt` names
 * the option in messages. A malformed value: CLI_EXIT_FAIL; all with f64:
 * CLI_EXIT_USAGE. */
int vec_set_parse(const cli_ctx *ctx, const char *opt, const char *s, exmy_type type,
                  uint64_t seed, vec_set *out);
/* Elements index0 .. index0 + n - 1 of the set into out (n elements of the
 * type's size). The library's status for a random set (EXMY_ETYPE when the
 * profile does not take the type). */
exmy_status vec_set_fill(const vec_set *s, const exmy_profile *p, exmy_type type, int scale_exp,
                         uint64_t index0, size_t n, void *out);
/* "every f32 bit pattern", "random set (seed 7)": for the report's header. */
void vec_set_describe(const vec_set *s, exmy_type type, char *buf, size_t len);

#endif
