/* Outputs, .npy paths and codes of `exmy convert` (convert_io.h). */
#include "convert_io.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

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

int convert_out_write(const cli_ctx *ctx, convert_out *k, void *buf, size_t n)
{
    if (k->npy) {
        char why[256];
        if (cli_npy_write(k->o.fp, k->t, buf, n, why, sizeof why) != EXMY_OK) {
            cli_error(ctx, cli_out_name(&k->o), "%s", why);
            return CLI_EXIT_FAIL;
        }
    } else {
        size_t size = cli_npy_dtype_size(k->t);
        cli_le_swap(buf, n, size);
        bool ok = fwrite(buf, size, n, k->o.fp) == n;
        cli_le_swap(buf, n, size);
        if (!ok) {
            cli_error(ctx, cli_out_name(&k->o), "write error: %s", strerror(errno));
            return CLI_EXIT_FAIL;
        }
    }
    k->count += n;
    return CLI_EXIT_OK;
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
