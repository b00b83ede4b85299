/* Streaming readers of `exmy check` and `exmy convert` (vec_read.h). */
#include "vec_read.h"
#include "vec_kind.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Does a seekable stream start with the .npy magic? Leaves it where it was;
 * a pipe (not seekable) is never looked into. */
static bool peek_npy_magic(FILE *fp)
{
    long pos = ftell(fp);
    if (pos < 0)
        return false;
    unsigned char m[6];
    size_t k = fread(m, 1, sizeof m, fp);
    clearerr(fp);
    if (fseek(fp, pos, SEEK_SET) != 0)
        return false;
    return k == sizeof m && memcmp(m, "\x93NUMPY", 6) == 0;
}

int vec_reader_open(const cli_ctx *ctx, vec_reader *v, const char *path, const char *what)
{
    memset(v, 0, sizeof *v);
    v->what = what;
    v->is_stdin = !path || strcmp(path, "-") == 0;
    v->name = v->is_stdin ? "stdin" : path;
    v->fp = v->is_stdin ? stdin : fopen(path, "rb");
    if (!v->fp) {
        if (what)
            cli_error(ctx, path, "cannot open %s: %s", what, strerror(errno));
        else
            cli_error(ctx, path, "cannot open: %s", strerror(errno));
        return CLI_EXIT_FAIL;
    }
    /* fopen opens a directory; say so rather than "read error" later. */
    struct stat sb;
    if (fstat(fileno(v->fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cli_error(ctx, v->name, "%s%sis a directory", what ? what : "", what ? " " : "");
        return CLI_EXIT_FAIL;
    }
    v->npy = (!v->is_stdin && vec_kind_of(path) == VEC_NPY) || peek_npy_magic(v->fp);
    if (v->npy) {
        char why[256];
        if (cli_npy_reader_open(&v->r, v->fp, why, sizeof why) != EXMY_OK) {
            cli_error(ctx, v->name, "%s", why);
            return CLI_EXIT_FAIL;
        }
        v->size = cli_npy_dtype_size(v->r.h.dtype);
        v->known = true;
        v->count = v->r.h.count;
    }
    return CLI_EXIT_OK;
}

int vec_reader_raw(const cli_ctx *ctx, vec_reader *v, size_t size)
{
    if (v->npy)
        return CLI_EXIT_OK;
    v->size = size;
    struct stat sb;
    if (v->is_stdin || fstat(fileno(v->fp), &sb) != 0 || !S_ISREG(sb.st_mode))
        return CLI_EXIT_OK; /* a pipe: its length shows at its end */
    uint64_t bytes = (uint64_t)sb.st_size;
    if (bytes % size) {
        cli_error(ctx, v->name,
                  "%s holds %" PRIu64 " bytes, not a whole number of %zu-byte elements",
                  v->what ? v->what : "the input", bytes, size);
        return CLI_EXIT_FAIL;
    }
    v->known = true;
    v->count = bytes / size;
    return CLI_EXIT_OK;
}

void vec_reader_stream(vec_reader *v, size_t size)
{
    if (!v->npy)
        v->size = size;
}

/* One read of up to max elements (may be short before the end). */
static int read_some(const cli_ctx *ctx, vec_reader *v, void *buf, size_t max, size_t *got)
{
    *got = 0;
    if (v->npy) {
        char why[256];
        if (cli_npy_reader_read(&v->r, buf, max, got, why, sizeof why) != EXMY_OK) {
            cli_error(ctx, v->name, "%s", why);
            return CLI_EXIT_FAIL;
        }
        return CLI_EXIT_OK;
    }
    if (v->ended)
        return CLI_EXIT_OK;
    size_t want = max * v->size;
    size_t k = fread(buf, 1, want, v->fp); /* short only at end of input or on error */
    if (k < want && ferror(v->fp)) {
        cli_error(ctx, v->name, "read error: %s", strerror(errno));
        return CLI_EXIT_FAIL;
    }
    if (k % v->size) {
        uint64_t off = (v->done + k / v->size) * (uint64_t)v->size;
        cli_error(ctx, v->name,
                  "truncated %s: the element at byte offset %" PRIu64 " has %zu of its %zu bytes",
                  v->what ? v->what : "input", off, k % v->size, v->size);
        return CLI_EXIT_FAIL;
    }
    v->ended = k < want;
    *got = k / v->size;
    cli_le_swap(buf, *got, v->size);
    return CLI_EXIT_OK;
}

int vec_reader_read(const cli_ctx *ctx, vec_reader *v, void *buf, size_t max, size_t *got)
{
    *got = 0;
    while (*got < max) {
        size_t k;
        int rc = read_some(ctx, v, (unsigned char *)buf + *got * v->size, max - *got, &k);
        if (rc != CLI_EXIT_OK)
            return rc;
        if (k == 0)
            break;
        *got += k;
        v->done += k;
    }
    return CLI_EXIT_OK;
}

int vec_reader_drain(const cli_ctx *ctx, vec_reader *v, void *buf, size_t max)
{
    size_t k;
    int rc;
    while ((rc = vec_reader_read(ctx, v, buf, max, &k)) == CLI_EXIT_OK && k)
        ;
    return rc;
}

const void *vec_reader_map(vec_reader *v)
{
    const uint16_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    uint64_t start = v->npy ? v->r.h.data_offset : 0;
    if (v->map)
        return v->map + start;
    /* Mapped bytes are the file's: only a little-endian host reads them as
     * they lie (vec_reader_read swaps them elsewhere). */
    struct stat sb;
    if (v->is_stdin || !v->size || first != 1 || (v->npy && v->r.h.swap) ||
        fstat(fileno(v->fp), &sb) != 0 || !S_ISREG(sb.st_mode))
        return NULL;
    uint64_t bytes = (uint64_t)sb.st_size;
    uint64_t count = v->npy ? v->r.h.count : bytes / v->size;
    /* Whatever the reader would report (a partial last element, a .npy
     * shorter than its header says) is left to it, in its place. */
    if ((!v->npy && bytes % v->size) || count == 0 || v->done ||
        start > bytes || (bytes - start) / v->size < count || bytes > SIZE_MAX)
        return NULL;
    void *m = mmap(NULL, (size_t)bytes, PROT_READ, MAP_SHARED, fileno(v->fp), 0);
    if (m == MAP_FAILED)
        return NULL;
    /* Read ahead and map a few pages a fault. (Mapping each chunk's pages
     * in one call, MADV_POPULATE_READ, measured no faster on tmpfs.) */
    (void)madvise(m, (size_t)bytes, MADV_SEQUENTIAL);
    v->map = m;
    v->map_len = (size_t)bytes;
    v->known = true;
    v->count = count;
    return v->map + start;
}

void vec_reader_map_done(vec_reader *v, uint64_t first)
{
    if (!v->map)
        return;
    /* madvise wants a page-aligned range: the page that holds element first
     * stays. A failure only leaves the pages mapped until the end. */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t a = (size_t)((v->npy ? v->r.h.data_offset : 0) + first * v->size);
    a = (a < v->map_len ? a : v->map_len) & ~(page - 1);
    if (a > v->map_dropped) {
        (void)madvise((void *)(v->map + v->map_dropped), a - v->map_dropped, MADV_DONTNEED);
        v->map_dropped = a;
    }
}

void vec_reader_map_drop(const vec_reader *v, uint64_t first, uint64_t end)
{
    if (!v->map)
        return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), start = v->npy ? v->r.h.data_offset : 0;
    size_t a = (size_t)(start + first * v->size) & ~(page - 1);
    size_t b = (size_t)(start + end * v->size);
    b = (b < v->map_len ? b : v->map_len) & ~(page - 1);
    if (a < b)
        (void)madvise((void *)(v->map + a), b - a, MADV_DONTNEED);
}

void vec_reader_close(vec_reader *v)
{
    if (v->map)
        munmap((void *)v->map, v->map_len);
    v->map = NULL;
    v->map_len = v->map_dropped = 0;
    if (v->fp && !v->is_stdin)
        fclose(v->fp);
    v->fp = NULL;
}
