/* NumPy .npy files, streamed: parse the header, then read or write the data
 * in chunks of any size, so memory stays constant however long the array.
 * Private to the library and the CLI (not installed).
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
#ifndef EXMY_NPY_H
#define EXMY_NPY_H

#include "exmy.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum exmy_npy_dtype {
    EXMY_NPY_F16 = 0,
    EXMY_NPY_F32,
    EXMY_NPY_F64,
    EXMY_NPY_U8,
    EXMY_NPY_U16,
    EXMY_NPY_U32,
    /* Read only, and only by exmy__npy_reader_open_values (exmy snr's
     * file: distribution reads any numeric array as a bag of values). */
    EXMY_NPY_I8,
    EXMY_NPY_I16,
    EXMY_NPY_I32,
    EXMY_NPY_I64,
    EXMY_NPY_U64,
    EXMY_NPY_BOOL
} exmy_npy_dtype;

#define EXMY_NPY_MAX_DIMS 32

typedef struct exmy_npy_header {
    exmy_npy_dtype dtype;
    bool swap;          /* the file's byte order is not this machine's */
    unsigned major, minor;
    unsigned ndim;
    uint64_t shape[EXMY_NPY_MAX_DIMS];
    uint64_t count;     /* product of the shape (1 for a 0-d array) */
    uint64_t data_offset; /* bytes before the first element */
} exmy_npy_header;

/* Bytes per element; NumPy's name ("float32", "uint8", ...). */
size_t exmy__npy_dtype_size(exmy_npy_dtype t);
const char *exmy__npy_dtype_name(exmy_npy_dtype t);

/* Parse a header from the first bytes of a file. `buf` holds `len` bytes;
 * *need receives how many bytes the whole header takes (so a caller can
 * read more and call again). Errors: EXMY_EIO with a one-line reason in
 * `why` ("not a .npy file (bad magic)", "unsupported dtype '<i4': ...",
 * "truncated header", ...). */
exmy_status exmy__npy_parse_header(const unsigned char *buf, size_t len, exmy_npy_header *h,
                                   size_t *need, char *why, size_t whylen);

/* A streaming reader. open reads and parses the header; where the file is a
 * regular file, it also checks at once that the file holds all the data
 * the header promises. read gives up to max elements in this machine's byte
 * order (*got == 0 once all `count` elements are read); a file that ends
 * early is EXMY_EIO "truncated: ...". Trailing bytes after the data are
 * ignored, as NumPy does. */
typedef struct exmy_npy_reader {
    FILE *fp;
    exmy_npy_header h;
    uint64_t done;
} exmy_npy_reader;

exmy_status exmy__npy_reader_open(exmy_npy_reader *r, FILE *fp, char *why, size_t whylen);
/* The same for a reader that wants the values and not their layout: also
 * accepts int8/16/32/64, uint64 and bool, and Fortran order of any shape
 * (the elements then come in file order). */
exmy_status exmy__npy_reader_open_values(exmy_npy_reader *r, FILE *fp, char *why, size_t whylen);
exmy_status exmy__npy_reader_read(exmy_npy_reader *r, void *buf, size_t max, size_t *got,
                                  char *why, size_t whylen);

/* Write a version 1.0 header (2.0 if it does not fit) for a C-order array
 * in this machine's byte order, padded so the data starts at a multiple of
 * 64 bytes. With ndim == 1 the header is always exactly 128 bytes, so it can
 * be written first with a placeholder length and rewritten in place once
 * the length of a stream is known (exmy__npy_rewrite_count). */
exmy_status exmy__npy_write_header(FILE *fp, exmy_npy_dtype t, unsigned ndim,
                                   const uint64_t *shape, char *why, size_t whylen);
/* Seek to the start of fp and write the 1-D header for `count` elements
 * (fp must be seekable and hold a 1-D header from exmy__npy_write_header);
 * leaves fp at the end of the file. */
exmy_status exmy__npy_rewrite_count(FILE *fp, exmy_npy_dtype t, uint64_t count, char *why,
                                    size_t whylen);
/* Write n elements from buf (this machine's byte order). */
exmy_status exmy__npy_write(FILE *fp, exmy_npy_dtype t, const void *buf, size_t n, char *why,
                            size_t whylen);

#endif
