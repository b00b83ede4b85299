/* Outputs, .npy paths and codes of `exmy convert` (convert_io.h). */
#include "convert_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(EXMY_CLI_THREADS)
#include <pthread.h>
#endif

bool convert_npy_path(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n >= 4 && strcmp(path, "-") != 0 && strcasecmp(path + n - 4, ".npy") == 0;
}

int convert_parse_isa_threads(const cli_ctx *ctx, const char *isa, const char *threads,
                              exmy_isa *isa_out, unsigned *threads_out)
{
    if (isa && exmy_isa_from_name(isa, isa_out) != EXMY_OK) {
        cli_error(ctx, isa, "expected --isa auto, scalar, portable, avx2 or avx512");
        return CLI_EXIT_FAIL;
    }
    uint64_t n = 1;
    if (threads && (!cli_parse_u64(threads, CONVERT_MAX_THREADS, &n) || n < 1)) {
        cli_error(ctx, threads, "expected --threads N with N in 1..%d", CONVERT_MAX_THREADS);
        return CLI_EXIT_FAIL;
    }
    *threads_out = (unsigned)n;
    return CLI_EXIT_OK;
}

exmy_type convert_npy_value_type(cli_npy_dtype t)
{
    return t == CLI_NPY_F64 ? EXMY_TYPE_F64 : t == CLI_NPY_F32 ? EXMY_TYPE_F32 : EXMY_TYPE_F16;
}

bool convert_npy_holds(cli_npy_dtype t, exmy_type from)
{
    switch (from) {
    case EXMY_TYPE_F64: return t == CLI_NPY_F64;
    case EXMY_TYPE_F32: return t == CLI_NPY_F32;
    case EXMY_TYPE_F16: return t == CLI_NPY_F16 || t == CLI_NPY_U16;
    default: return t == CLI_NPY_U16; /* bf16: NumPy has no bfloat16 */
    }
}

uint32_t convert_get_code(const void *buf, size_t bytes, uint64_t i)
{
    return bytes == 1   ? ((const uint8_t *)buf)[i]
           : bytes == 2 ? ((const uint16_t *)buf)[i]
                        : ((const uint32_t *)buf)[i];
}

void convert_put_code(void *buf, size_t bytes, uint64_t i, uint32_t c)
{
    if (bytes == 1)
        ((uint8_t *)buf)[i] = (uint8_t)c;
    else if (bytes == 2)
        ((uint16_t *)buf)[i] = (uint16_t)c;
    else
        ((uint32_t *)buf)[i] = c;
}

int convert_out_open(const cli_ctx *ctx, convert_out *k, const char *path, cli_npy_dtype t,
                     unsigned ndim, const uint64_t *shape)
{
    memset(k, 0, sizeof *k);
    int rc = cli_out_open(ctx, &k->o, path);
    if (rc != CLI_EXIT_OK)
        return rc;
    k->open = true;
    k->t = t;
    k->npy = convert_npy_path(path);
    if (!k->npy)
        return CLI_EXIT_OK;
    /* A stream's length is written back into the header at the end: a
     * regular file's temporary is seekable; a FIFO or a device is not. */
    uint64_t zero = 0;
    k->placeholder = !shape;
    if (k->placeholder && !k->o.seekable) {
        cli_error(ctx, cli_out_name(&k->o),
                  "a .npy output from a raw input must be a regular file (its length goes "
                  "into the header at the end); write a raw stream instead");
        convert_out_abort(k);
        return CLI_EXIT_FAIL;
    }
    char why[256];
    exmy_status st = shape ? cli_npy_write_header(k->o.fp, t, ndim, shape, why, sizeof why)
                           : cli_npy_write_header(k->o.fp, t, 1, &zero, why, sizeof why);
    if (st != EXMY_OK) {
        cli_error(ctx, cli_out_name(&k->o), "%s",
                  st == EXMY_EIO ? why : "cannot write a .npy header for this shape");
        convert_out_abort(k);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* Write n elements; false with why (a write error: its errno in *err, else 0). */
static bool out_write(convert_out *k, void *buf, size_t n, char *why, size_t whylen, int *err)
{
    *err = 0;
    if (k->npy) {
        if (cli_npy_write(k->o.fp, k->t, buf, n, why, whylen) != EXMY_OK)
            return false;
    } else {
        size_t size = cli_npy_dtype_size(k->t);
        cli_le_swap(buf, n, size);
        bool ok = fwrite(buf, size, n, k->o.fp) == n;
        *err = errno;
        cli_le_swap(buf, n, size);
        if (!ok)
            return false;
    }
    k->count += n;
    return true;
}

/* Report a failed out_write (strerror here, on the caller's thread). */
static int out_error(const cli_ctx *ctx, const convert_out *k, const char *why, int err)
{
    if (err)
        cli_error(ctx, cli_out_name(&k->o), "write error: %s", strerror(err));
    else
        cli_error(ctx, cli_out_name(&k->o), "%s", why);
    return CLI_EXIT_FAIL;
}

int convert_out_write(const cli_ctx *ctx, convert_out *k, void *buf, size_t n)
{
    char why[256];
    int err;
    return out_write(k, buf, n, why, sizeof why, &err) ? CLI_EXIT_OK : out_error(ctx, k, why, err);
}

int convert_out_fd(convert_out *k, uint64_t *offset)
{
    const uint16_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    struct stat sb;
    if (first != 1 || !k->o.path || !k->o.seekable || fflush(k->o.fp) != 0)
        return -1;
    int fd = fileno(k->o.fp);
    long pos = ftell(k->o.fp);
    if (fd < 0 || pos < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return -1;
    *offset = (uint64_t)pos;
    return fd;
}

int convert_out_pwrite(int fd, const void *buf, size_t bytes, uint64_t offset)
{
    const unsigned char *b = buf;
    while (bytes) {
        ssize_t k = pwrite(fd, b, bytes, (off_t)offset);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return k < 0 ? errno : EIO;
        b += k;
        bytes -= (size_t)k;
        offset += (uint64_t)k;
    }
    return 0;
}

void convert_out_count(convert_out *k, uint64_t n)
{
    k->count += n;
}

int convert_out_errno(const cli_ctx *ctx, const convert_out *k, int err)
{
    return out_error(ctx, k, "", err ? err : EIO);
}

int convert_out_commit(const cli_ctx *ctx, convert_out *k)
{
    if (k->placeholder) {
        char why[256];
        if (cli_npy_rewrite_count(k->o.fp, k->t, k->count, why, sizeof why) != EXMY_OK) {
            cli_error(ctx, cli_out_name(&k->o), "%s", why);
            convert_out_abort(k);
            return CLI_EXIT_FAIL;
        }
    }
    k->open = false;
    return cli_out_commit(ctx, &k->o);
}

void convert_out_abort(convert_out *k)
{
    if (k->open)
        cli_out_abort(&k->o);
    k->open = false;
}

/* ------------------------------------------------------- writer thread */

/* Two buffers: one being filled, one being written. */
enum { PIPE_SLOTS = 2 };

struct convert_pipe {
    convert_out *k;
    unsigned char *buf[PIPE_SLOTS];
    size_t n[PIPE_SLOTS]; /* elements waiting in the slot; 0: free */
    unsigned fill, drain; /* the slots the caller fills and the thread writes next */
    bool failed;          /* a write failed: why, err; later chunks are dropped */
    char why[256];
    int err;
#if defined(EXMY_CLI_THREADS)
    bool threaded, stop;
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* a slot filled or freed, or stop */
#endif
};

bool convert_pipe_threads(void)
{
#if defined(EXMY_CLI_THREADS)
    return true;
#else
    return false;
#endif
}

/* Write slot i, unless a write failed before: false when this one fails
 * (why and err say why). */
static bool pipe_write(convert_pipe *q, unsigned i, char *why, size_t whylen, int *err)
{
    return q->failed || out_write(q->k, q->buf[i], q->n[i], why, whylen, err);
}

#if defined(EXMY_CLI_THREADS)
static void *pipe_writer(void *arg)
{
    convert_pipe *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        unsigned i = q->drain;
        while (!q->n[i] && !q->stop)
            pthread_cond_wait(&q->cv, &q->mu);
        if (!q->n[i])
            break; /* stopped, all written */
        /* The caller leaves slot i alone until n[i] is 0, and only this
         * thread sets failed. */
        pthread_mutex_unlock(&q->mu);
        char why[sizeof q->why];
        int err = 0;
        bool ok = pipe_write(q, i, why, sizeof why, &err);
        pthread_mutex_lock(&q->mu);
        if (!ok) {
            q->failed = true;
            memcpy(q->why, why, sizeof why);
            q->err = err;
        }
        q->n[i] = 0;
        q->drain = (i + 1) % PIPE_SLOTS;
        pthread_cond_broadcast(&q->cv);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}
#endif

convert_pipe *convert_pipe_new(convert_out *k, size_t bytes, bool threaded)
{
    convert_pipe *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->k = k;
    for (unsigned i = 0; i < PIPE_SLOTS; i++)
        if (!(q->buf[i] = malloc(bytes ? bytes : 1))) {
            convert_pipe_end(NULL, q, CLI_EXIT_FAIL);
            return NULL;
        }
#if defined(EXMY_CLI_THREADS)
    if (threaded && pthread_mutex_init(&q->mu, NULL) == 0) {
        if (pthread_cond_init(&q->cv, NULL) == 0) {
            q->threaded = pthread_create(&q->tid, NULL, pipe_writer, q) == 0;
            if (!q->threaded)
                pthread_cond_destroy(&q->cv);
        }
        if (!q->threaded)
            pthread_mutex_destroy(&q->mu);
    }
#else
    (void)threaded;
#endif
    return q;
}

void *convert_pipe_buffer(convert_pipe *q)
{
#if defined(EXMY_CLI_THREADS)
    if (q->threaded) {
        pthread_mutex_lock(&q->mu);
        while (q->n[q->fill])
            pthread_cond_wait(&q->cv, &q->mu);
        pthread_mutex_unlock(&q->mu);
    }
#endif
    return q->buf[q->fill];
}

int convert_pipe_submit(const cli_ctx *ctx, convert_pipe *q, size_t n)
{
    unsigned i = q->fill;
    q->fill = (i + 1) % PIPE_SLOTS;
#if defined(EXMY_CLI_THREADS)
    if (q->threaded) {
        pthread_mutex_lock(&q->mu);
        bool failed = q->failed;
        if (!failed) {
            q->n[i] = n;
            pthread_cond_broadcast(&q->cv);
        }
        pthread_mutex_unlock(&q->mu);
        return failed ? out_error(ctx, q->k, q->why, q->err) : CLI_EXIT_OK;
    }
#endif
    q->n[i] = n;
    if (!pipe_write(q, i, q->why, sizeof q->why, &q->err))
        q->failed = true;
    q->n[i] = 0;
    return q->failed ? out_error(ctx, q->k, q->why, q->err) : CLI_EXIT_OK;
}

int convert_pipe_end(const cli_ctx *ctx, convert_pipe *q, int rc)
{
    (void)ctx; /* a write error without threads was reported by convert_pipe_submit */
#if defined(EXMY_CLI_THREADS)
    if (q->threaded) {
        pthread_mutex_lock(&q->mu);
        q->stop = true;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        pthread_join(q->tid, NULL);
        pthread_cond_destroy(&q->cv);
        pthread_mutex_destroy(&q->mu);
        if (rc == CLI_EXIT_OK && q->failed)
            rc = out_error(ctx, q->k, q->why, q->err);
    }
#endif
    for (unsigned i = 0; i < PIPE_SLOTS; i++)
        free(q->buf[i]);
    free(q);
    return rc;
}
