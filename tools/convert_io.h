/* What the two halves of `exmy convert` share: cmd_convert.c streams a plain
 * format's elements chunk by chunk, convert_block.c writes a block format's
 * whole arrays (codes, scales, tensor scale), and both write them the same
 * way: raw little-endian elements, or a .npy file when the path ends in .npy,
 * through cli_out so that an error leaves no file behind. (Inputs are read
 * with vec_read.h and, whole, by convert_block.c.) */
#ifndef EXMY_CONVERT_IO_H
#define EXMY_CONVERT_IO_H

#include "cli.h"
#include "npy.h"

#include <stdbool.h>
#include <stdint.h>

/* Does path (not NULL or "-": stdin, stdout) name a .npy file by its ending? */
bool convert_npy_path(const char *path);

/* --isa LEVEL and --threads N (each NULL when not given: auto, 1 thread)
 * of both halves: reports a bad value (CLI_EXIT_FAIL). */
enum { CONVERT_MAX_THREADS = 64 };
int convert_parse_isa_threads(const cli_ctx *ctx, const char *isa, const char *threads,
                              exmy_isa *isa_out, unsigned *threads_out);

/* The values a .npy of dtype t holds when --from does not say: float64,
 * float32, else float16 (a float dtype is assumed). And does a .npy of
 * dtype t hold values of type `from`? (f16 also as uint16 bit patterns;
 * bf16 only so: NumPy has no bfloat16.) */
exmy_type convert_npy_value_type(cli_npy_dtype t);
bool convert_npy_holds(cli_npy_dtype t, exmy_type from);

/* Code i of an array of codes `bytes` (1, 2 or 4) wide, and storing one. */
uint32_t convert_get_code(const void *buf, size_t bytes, uint64_t i);
void convert_put_code(void *buf, size_t bytes, uint64_t i, uint32_t c);

/* One output: elements of dtype t (raw: t's size each). */
typedef struct convert_out {
    cli_out o;
    bool open;        /* opened, not yet committed or aborted */
    bool npy;
    bool placeholder; /* 1-D .npy header written with count 0: rewritten at commit */
    cli_npy_dtype t;
    uint64_t count;   /* elements written */
} convert_out;

/* Open path (NULL or "-": stdout) and, for a .npy output, write its header:
 * of ndim/shape, or, shape NULL, a 1-D header whose count is written at
 * commit (a stream's length is known at its end; the output must then be a
 * regular file). Reports and returns CLI_EXIT_FAIL; k is then closed. */
int convert_out_open(const cli_ctx *ctx, convert_out *k, const char *path, cli_npy_dtype t,
                     unsigned ndim, const uint64_t *shape);
/* Write n elements from buf (this machine's byte order; a big-endian host
 * swaps them and back). Reports a write error. */
int convert_out_write(const cli_ctx *ctx, convert_out *k, void *buf, size_t n);
/* Write a waiting header count, then rename into place (cli_out_commit).
 * Reports and returns CLI_EXIT_FAIL, leaving no file. */
int convert_out_commit(const cli_ctx *ctx, convert_out *k);
/* Drop the output (no-op when it is not open). */
void convert_out_abort(convert_out *k);

/* Chunks written in any order, by several threads at once (exmy convert
 * --threads N >= 2 on a mapped input): the file descriptor of an output
 * that is a regular file, in place or a temporary (a stream's order does
 * not matter there), with *offset the bytes before element 0 (a .npy header,
 * flushed first); -1 for a pipe, a device or stdout, and on a big-endian
 * host (the elements would need swapping). */
int convert_out_fd(convert_out *k, uint64_t *offset);
/* Write all `bytes` of buf at offset of fd: 0, or the errno. Thread-safe. */
int convert_out_pwrite(int fd, const void *buf, size_t bytes, uint64_t offset);
/* n elements went in through the file descriptor (counted for the .npy
 * header written at commit). */
void convert_out_count(convert_out *k, uint64_t n);
/* Report a write error's errno (CLI_EXIT_FAIL). */
int convert_out_errno(const cli_ctx *ctx, const convert_out *k, int err);

/* Chunks written on a thread of their own (exmy convert --threads N >= 2):
 * while the caller converts a chunk into one buffer, the thread writes the
 * one before, so that writing (on tmpfs the file system's page allocation
 * and copy, as long as the conversion itself) overlaps converting. Without
 * threads (a build without them, or none to be had) each chunk is written
 * when it is submitted. */
typedef struct convert_pipe convert_pipe;
/* Can this build write on a thread (convert_pipe_new with threaded)? */
bool convert_pipe_threads(void);
/* A pipe into k with buffers of `bytes`: NULL when out of memory. */
convert_pipe *convert_pipe_new(convert_out *k, size_t bytes, bool threaded);
/* The buffer to fill next (waits until the thread has written it). */
void *convert_pipe_buffer(convert_pipe *q);
/* Hand over n elements of the last convert_pipe_buffer to be written.
 * Reports a write error of an earlier chunk (CLI_EXIT_FAIL). */
int convert_pipe_submit(const cli_ctx *ctx, convert_pipe *q, size_t n);
/* Wait for the writes and free q; returns rc, or, when rc is CLI_EXIT_OK,
 * a write error's CLI_EXIT_FAIL (reported). When rc already says an error
 * (a conversion's, reported), a write error of a chunk before it is not:
 * the stream failed either way, and the output is dropped. */
int convert_pipe_end(const cli_ctx *ctx, convert_pipe *q, int rc);

#endif
