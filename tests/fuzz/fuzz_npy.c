/* Fuzz target: the .npy reader of the CLI: the header parser, the streaming
 * reader (strict and lenient "values" opening) on an in-memory stream, and
 * the whole-file reader of `exmy snr --dist file:` on a pipe (a stream that
 * cannot be measured in advance, where a header's element count is all
 * there is to go on).
 *
 * Invariants:
 *  - statuses are ones the reader documents, and reasons are NUL-terminated;
 *  - an accepted header lies within the bytes given (need <= len, and one
 *    byte fewer is not accepted), data starts right after it, has at most
 *    32 dimensions whose product is the count, and count * element size
 *    does not wrap;
 *  - the streaming reader accepts what the parser accepts, with the same
 *    header, and then gives exactly `count` elements when the data is all
 *    there and fails ("truncated") when it is not, never giving more than
 *    is there; each element
 *    is the file's bytes, reversed when the byte order is not the host's;
 *  - the whole-file reader gives as many values as the header promises, and
 *    never allocates for elements the stream does not hold (libFuzzer's
 *    -malloc_limit_mb turns such an allocation into a finding). */
#include "fuzz.h"

#include <fcntl.h>
#include <unistd.h>

/* The reader's names: one place to change if they move again. */
#include "npy.h"
#define NPY(name) cli_npy_##name
typedef cli_npy_header npy_header;
typedef cli_npy_reader npy_reader;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static bool reader_status(exmy_status st)
{
    return st == EXMY_OK || st == EXMY_EIO || st == EXMY_ESYNTAX || st == EXMY_ENOMEM;
}

static void check_header(const uint8_t *data, size_t size, npy_header *h, exmy_status *out)
{
    char why[256];
    size_t need = 0;
    exmy_status st = NPY(parse_header)(data, size, h, &need, why, sizeof why);
    *out = st;
    if (!reader_status(st))
        fuzz_fail("parse_header: status %d (%s)", (int)st, exmy_strerror(st));
    if (st != EXMY_OK) {
        fuzz_check_why(why, sizeof why, "parse_header");
        return;
    }
    if (need > size || h->data_offset != need)
        fuzz_fail("header accepted with need %zu, data_offset %llu, but only %zu bytes", need,
                  (unsigned long long)h->data_offset, size);
    size_t es = NPY(dtype_size)(h->dtype);
    if (es != 1 && es != 2 && es != 4 && es != 8)
        fuzz_fail("dtype %d has element size %zu", (int)h->dtype, es);
    if (h->ndim > 32)
        fuzz_fail("%u dimensions", h->ndim);
    uint64_t prod = 1;
    for (unsigned i = 0; i < h->ndim; i++)
        prod *= h->shape[i];
    if (prod != h->count)
        fuzz_fail("count %llu is not the product of the shape (%llu)",
                  (unsigned long long)h->count, (unsigned long long)prod);
    if (h->count > UINT64_MAX / es)
        fuzz_fail("count %llu times %zu bytes wraps", (unsigned long long)h->count, es);
    /* One byte fewer cannot hold the header. */
    uint8_t *less = malloc(need - 1 ? need - 1 : 1);
    if (!less)
        abort();
    memcpy(less, data, need - 1);
    npy_header h2;
    size_t need2;
    if (NPY(parse_header)(less, need - 1, &h2, &need2, why, sizeof why) == EXMY_OK)
        fuzz_fail("the header is accepted without its last byte (need %zu)", need);
    free(less);
}

/* Returns whether the reader opened the input. */
static bool check_reader(const uint8_t *data, size_t size, bool values, exmy_status parsed,
                         const npy_header *ph)
{
    if (size == 0)
        return false; /* fmemopen wants at least one byte */
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        abort();
    npy_reader r;
    char why[256];
    exmy_status st = values ? NPY(reader_open_values)(&r, fp, why, sizeof why)
                            : NPY(reader_open)(&r, fp, why, sizeof why);
    const char *what = values ? "reader_open_values" : "reader_open";
    if (!reader_status(st))
        fuzz_fail("%s: status %d (%s)", what, (int)st, exmy_strerror(st));
    if (st != EXMY_OK)
        fuzz_check_why(why, sizeof why, what);
    if (!values && (st == EXMY_OK) != (parsed == EXMY_OK))
        fuzz_fail("%s gives %s (%s), parse_header %s", what, exmy_strerror(st),
                  st == EXMY_OK ? "" : why, exmy_strerror(parsed));
    if (st != EXMY_OK) {
        fclose(fp);
        return false;
    }
    if (!values && memcmp(&r.h, ph, sizeof *ph) != 0)
        fuzz_fail("%s and parse_header read different headers", what);

    size_t es = NPY(dtype_size)(r.h.dtype);
    uint64_t have = (size - r.h.data_offset) / es;
    bool complete = have >= r.h.count;
    /* The chunk size comes from the input, so that every split is tried. */
    size_t max = 1 + data[size - 1] % 13;
    unsigned char *buf = malloc(max * es);
    if (!buf)
        abort();
    uint64_t total = 0;
    for (;;) {
        size_t got = SIZE_MAX;
        st = NPY(reader_read)(&r, buf, max, &got, why, sizeof why);
        if (st != EXMY_OK) {
            if (st != EXMY_EIO)
                fuzz_fail("reader_read: status %d (%s)", (int)st, exmy_strerror(st));
            fuzz_check_why(why, sizeof why, "reader_read");
            break;
        }
        if (got > max)
            fuzz_fail("reader_read gave %zu elements, at most %zu asked", got, max);
        if (got == 0)
            break;
        /* Each element is the file's bytes, in the host's order. */
        const unsigned char *file = data + r.h.data_offset + total * es;
        for (size_t i = 0; i < got; i++)
            for (size_t b = 0; b < es; b++)
                if (buf[i * es + b] != file[i * es + (r.h.swap ? es - 1 - b : b)])
                    fuzz_fail("element %llu byte %zu differs from the file",
                              (unsigned long long)(total + i), b);
        total += got;
        if (total > r.h.count)
            fuzz_fail("read %llu elements of %llu", (unsigned long long)total,
                      (unsigned long long)r.h.count);
    }
    if (complete ? (st != EXMY_OK || total != r.h.count) : (st == EXMY_OK || total > have))
        fuzz_fail("%s: %llu of %llu elements there, read %llu, %s", what,
                  (unsigned long long)have, (unsigned long long)r.h.count,
                  (unsigned long long)total, exmy_strerror(st));
    free(buf);
    fclose(fp);
    return true;
}

/* The whole-file reader, on a pipe holding the input. */
static void check_read_f64(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return; /* the whole input must fit in the pipe before anyone reads */
    int fds[2];
    if (pipe(fds) != 0)
        abort();
    if (size && write(fds[1], data, size) != (ssize_t)size)
        abort();
    close(fds[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    double *v = NULL;
    size_t n = 0;
    char why[256];
    exmy_status st = NPY(read_f64)(path, &v, &n, why, sizeof why);
    close(fds[0]);
    if (!reader_status(st))
        fuzz_fail("read_f64: status %d (%s)", (int)st, exmy_strerror(st));
    if (st != EXMY_OK) {
        fuzz_check_why(why, sizeof why, "read_f64");
        if (v || n)
            fuzz_fail("read_f64 failed (%s) but gave %zu values", why, n);
        return;
    }
    /* It read the whole stream: the values lie in the input. */
    npy_header h;
    size_t need;
    FILE *fp = fmemopen((void *)data, size, "rb");
    npy_reader r;
    if (!fp || NPY(reader_open_values)(&r, fp, why, sizeof why) != EXMY_OK)
        fuzz_fail("read_f64 accepts what reader_open_values rejects");
    h = r.h;
    need = (size_t)h.data_offset;
    fclose(fp);
    if (n != h.count || need + n * NPY(dtype_size)(h.dtype) > size)
        fuzz_fail("read_f64 gave %zu values; the header says %llu in %zu bytes", n,
                  (unsigned long long)h.count, size);
    free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    npy_header h;
    exmy_status parsed;
    check_header(data, size, &h, &parsed);
    check_reader(data, size, false, parsed, &h);
    /* The whole-file reader opens the stream as reader_open_values does;
     * what that rejects, it rejects too (and a pipe costs system calls). */
    if (check_reader(data, size, true, parsed, &h))
        check_read_f64(data, size);
    return 0;
}
