/* NumPy .npy files, streamed: parse the header, then read or write the data
 * in chunks of any size, so memory stays constant however long the array.
 * Part of the exmy CLI (file I/O stays out of the library, which takes data
 * in memory); tests/kernels/test_npy.c tests it through the cli_npy static
 * library.
 *
 * Format (numpy.lib.format, "NEP 1"): the magic "\x93NUMPY", a major and a
 * minor version byte, the header length (little-endian uint16 for version
 * 1.0, uint32 for 2.0 and 3.0), then the header: an ASCII (3.0: UTF-8)
 * Python dict literal {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), } padded with spaces and a final '\n', then the
 * elements, C order. Supported element types: float16/32/64 and
 * uint8/16/32, either byte order ('<', '>', '|', '='). Fortran order is
 * accepted only where it is the same as C order (at most one dimension
 * longer than 1). */
#ifndef CLI_NPY_H
#define CLI_NPY_H

#include "exmy.h" /* exmy_status */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum cli_npy_dtype {
    CLI_NPY_F16 = 0,
    CLI_NPY_F32,
    CLI_NPY_F64,
    CLI_NPY_U8,
    CLI_NPY_U16,
    CLI_NPY_U32,
    /* Read only, and only by cli_npy_reader_open_values (exmy snr's
     * file: distribution reads any numeric array as a bag of values). */
    CLI_NPY_I8,
    CLI_NPY_I16,
    CLI_NPY_I32,
    CLI_NPY_I64,
    CLI_NPY_U64,
    CLI_NPY_BOOL
} cli_npy_dtype;

#define CLI_NPY_MAX_DIMS 32

typedef struct cli_npy_header {
    cli_npy_dtype dtype;
    bool swap;          /* the file's byte order is not this machine's */
    unsigned major, minor;
    unsigned ndim;
    uint64_t shape[CLI_NPY_MAX_DIMS];
    uint64_t count;     /* product of the shape (1 for a 0-d array) */
    uint64_t data_offset; /* bytes before the first element */
} cli_npy_header;

/* printf into why[whylen] (nothing if why is NULL): the one-line reasons below. */
void cli_npy_why(char *why, size_t whylen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Bytes per element; NumPy's name ("float32", "uint8", ...). */
size_t cli_npy_dtype_size(cli_npy_dtype t);
const char *cli_npy_dtype_name(cli_npy_dtype t);

/* Parse a header from the first bytes of a file. `buf` holds `len` bytes;
 * *need receives how many bytes the whole header takes (so a caller can
 * read more and call again). Errors: EXMY_EIO with a one-line reason in
 * `why` ("not a .npy file (bad magic)", "unsupported dtype '<i4': ...",
 * "truncated header", ...). */
exmy_status cli_npy_parse_header(const unsigned char *buf, size_t len, cli_npy_header *h,
                                   size_t *need, char *why, size_t whylen);

/* A streaming reader. open reads and parses the header; where the file is a
 * regular file, it also checks at once that the file holds all the data
 * the header promises. read gives up to max elements in this machine's byte
 * order (*got == 0 once all `count` elements are read); a file that ends
 * early is EXMY_EIO "truncated: ...". Trailing bytes after the data are
 * ignored, as NumPy does. */
typedef struct cli_npy_reader {
    FILE *fp;
    cli_npy_header h;
    uint64_t done;
} cli_npy_reader;

exmy_status cli_npy_reader_open(cli_npy_reader *r, FILE *fp, char *why, size_t whylen);
/* The same for a reader that wants the values and not their layout: also
 * accepts int8/16/32/64, uint64 and bool, and Fortran order of any shape
 * (the elements then come in file order). */
exmy_status cli_npy_reader_open_values(cli_npy_reader *r, FILE *fp, char *why, size_t whylen);
exmy_status cli_npy_reader_read(cli_npy_reader *r, void *buf, size_t max, size_t *got,
                                  char *why, size_t whylen);

/* Write a version 1.0 header (2.0 if it does not fit) for a C-order array
 * in this machine's byte order, padded so the data starts at a multiple of
 * 64 bytes. With ndim == 1 the header is always exactly 128 bytes, so it can
 * be written first with a placeholder length and rewritten in place once
 * the length of a stream is known (cli_npy_rewrite_count). */
exmy_status cli_npy_write_header(FILE *fp, cli_npy_dtype t, unsigned ndim,
                                   const uint64_t *shape, char *why, size_t whylen);
/* Seek to the start of fp and write the 1-D header for `count` elements
 * (fp must be seekable and hold a 1-D header from cli_npy_write_header);
 * leaves fp at the end of the file. */
exmy_status cli_npy_rewrite_count(FILE *fp, cli_npy_dtype t, uint64_t count, char *why,
                                    size_t whylen);
/* Write n elements from buf (this machine's byte order). */
exmy_status cli_npy_write(FILE *fp, cli_npy_dtype t, const void *buf, size_t n, char *why,
                            size_t whylen);

/* Read a whole .npy file (format versions 1-3) of any shape and of dtype
 * float16/32/64 or (u)int8/16/32/64 or bool, either byte order, C or Fortran
 * order, as n binary64 values (flattened in file order; conversions are
 * exact except for 64-bit integers beyond 2^53), for `exmy snr --dist
 * file:`. *data is malloc'ed; free() it. EXMY_EIO if the file cannot be
 * read, EXMY_ESYNTAX if it is not such a file; `why` receives a one-line
 * reason. */
exmy_status cli_npy_read_f64(const char *path, double **data, size_t *n, char *why,
                             size_t whylen);

#endif
