/* Streaming readers of `exmy check` and `exmy convert`: the arrays a kernel
 * test hands back (inputs, the kernel's codes, packed codes, random bits) and
 * the streams convert rounds, each a raw little-endian file or a NumPy .npy
 * file, read in chunks so memory stays constant however long the array. (The
 * generated input sets, --set all and --set random:N, are vec_set.h, shared
 * with exmy vectors.)
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
    const char *what;  /* the option it came from ("--in", "--got"), for messages;
                        * NULL: the command's input, named by its path alone */
    bool is_stdin;
    bool npy;
    cli_npy_reader r;  /* .npy: the parsed header and position */
    size_t size;       /* bytes per element: the .npy dtype's, or the raw size given */
    bool known;        /* count is known before reading */
    uint64_t count;    /* elements in all, when known */
    uint64_t done;     /* elements read */
    bool ended;        /* a raw stream reached its end */
    const unsigned char *map; /* vec_reader_map: the file, mapped from its start */
    size_t map_len;
    size_t map_dropped;       /* bytes from the start whose pages are unmapped */
} vec_reader;

/* Open path (NULL or "-": stdin) and read a .npy header. A raw file's
 * element size is settled afterwards with vec_reader_raw or vec_reader_stream
 * (the .npy dtype may decide it). Reports and returns CLI_EXIT_FAIL (cannot
 * open, a directory, a malformed .npy header). */
int vec_reader_open(const cli_ctx *ctx, vec_reader *v, const char *path, const char *what);
/* A raw stream holds elements of `size` bytes: a regular file's count is
 * then known, and a size that is not a whole number of elements is reported
 * here (CLI_EXIT_FAIL). No-op for a .npy file. */
int vec_reader_raw(const cli_ctx *ctx, vec_reader *v, size_t size);
/* A raw stream holds elements of `size` bytes, counted as they are read: a
 * partial last element is reported when it is reached, by its byte offset,
 * after the whole elements before it (exmy convert). No-op for a .npy file. */
void vec_reader_stream(vec_reader *v, size_t size);
/* Up to max elements into buf, in this machine's byte order; fewer only at
 * the end (*got == 0 there). A raw stream that ends inside an element, a read
 * error, or a .npy file shorter than its header says: reported,
 * CLI_EXIT_FAIL. */
int vec_reader_read(const cli_ctx *ctx, vec_reader *v, void *buf, size_t max, size_t *got);
/* Read to the end, counting: the length of a stream whose count was not
 * known, for a message that says how long it was. buf holds max elements. */
int vec_reader_drain(const cli_ctx *ctx, vec_reader *v, void *buf, size_t max);
/* The elements of a regular file in place of vec_reader_read, which copies
 * each chunk once more (a raw file with a whole number of elements, or a
 * .npy holding all the elements its header says, in this machine's byte
 * order, on a little-endian host): the address of element 0, mapped
 * read-only, or NULL where the file is not one of these or cannot be mapped
 * (then read it; the reader has not moved). The count is v->count. The
 * pages are the file's own: a file truncated by another process meanwhile
 * raises SIGBUS, as for any program that maps its input. */
const void *vec_reader_map(vec_reader *v);
/* The elements of a mapped reader before first are done with: their pages
 * are unmapped (they stay in the page cache), so that memory stays constant
 * however long the file. first never goes back. */
void vec_reader_map_done(vec_reader *v, uint64_t first);
/* The same for elements [first, end) alone, from any thread: the pages
 * wholly below the one that holds element end. A page dropped while another
 * thread still reads it is only mapped again, from the page cache. */
void vec_reader_map_drop(const vec_reader *v, uint64_t first, uint64_t end);
void vec_reader_close(vec_reader *v);

#endif
