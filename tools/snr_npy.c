/* Read a NumPy .npy file as binary64 values (for `exmy snr --dist file:`).
 *
 * The header and the data go through the CLI's one .npy reader (npy.c),
 * in its lenient "values" reading: any float, integer or bool dtype, either
 * byte order, C or Fortran order (the values are a bag to the SNR, so they
 * come back in file order). */
#include "npy.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* An element of es bytes in this machine's byte order, as an unsigned integer. */
static uint64_t load(const unsigned char *p, size_t es)
{
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    switch (es) {
    case 1: u8 = *p; return u8;
    case 2: memcpy(&u16, p, 2); return u16;
    case 4: memcpy(&u32, p, 4); return u32;
    default: memcpy(&u64, p, 8); return u64;
    }
}

/* A binary16 bit pattern as binary64 (exact: every binary16 is one). */
static double f16_value(uint32_t h)
{
    double sign = h & 0x8000u ? -1.0 : 1.0;
    unsigned e = (h >> 10) & 0x1f, m = h & 0x3ff;
    if (e == 0x1f)
        return copysign(m ? NAN : INFINITY, sign);
    if (e == 0)
        return sign * ldexp(m, -24);
    return sign * ldexp(0x400 | m, (int)e - 25);
}

/* An element as binary64 (exact but for 64-bit integers beyond 2^53, which
 * round to nearest). */
static double element(cli_npy_dtype t, const unsigned char *p, size_t es)
{
    uint64_t u = load(p, es);
    switch (t) {
    case CLI_NPY_F16:
        return f16_value((uint32_t)u);
    case CLI_NPY_F32: {
        uint32_t b = (uint32_t)u;
        float f;
        memcpy(&f, &b, 4);
        return f;
    }
    case CLI_NPY_F64: {
        double d;
        memcpy(&d, &u, 8);
        return d;
    }
    case CLI_NPY_I8:
    case CLI_NPY_I16:
    case CLI_NPY_I32:
    case CLI_NPY_I64: {
        unsigned sh = 64 - 8 * (unsigned)es; /* sign-extend */
        return (double)((int64_t)(u << sh) >> sh);
    }
    default:
        return (double)u; /* unsigned and bool */
    }
}

exmy_status cli_npy_read_f64(const char *path, double **data, size_t *n, char *why,
                             size_t whylen)
{
    if (!path || !data || !n)
        return EXMY_EINVAL;
    *data = NULL;
    *n = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cli_npy_why(why, whylen, "cannot open: %s", strerror(errno));
        return EXMY_EIO;
    }
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cli_npy_why(why, whylen, "is a directory");
        fclose(fp);
        return EXMY_EIO;
    }
    cli_npy_reader r;
    double *out = NULL;
    unsigned char *chunk = NULL;
    /* The reader's EXMY_EIO is a malformed or truncated file unless the
     * stream itself failed. */
    exmy_status st = cli_npy_reader_open_values(&r, fp, why, whylen);
    if (st != EXMY_OK)
        goto done;
    uint64_t count = r.h.count;
    if (count == 0) {
        cli_npy_why(why, whylen, "the array is empty");
        st = EXMY_ESYNTAX;
        goto done;
    }
    if (count > SIZE_MAX / sizeof *out) {
        cli_npy_why(why, whylen, "array too large");
        st = EXMY_ENOMEM;
        goto done;
    }
    const size_t CHUNK = 1u << 16, es = cli_npy_dtype_size(r.h.dtype);
    /* The header's count is a claim: on a regular file the reader has checked
     * it against the file's size, but a pipe can claim 2^61 elements and
     * send three. So the buffer grows with the data that arrives (doubling),
     * never beyond the count, and a huge claim costs nothing until its data
     * is there. */
    size_t cap = count < CHUNK ? (size_t)count : CHUNK, done = 0;
    out = malloc(cap * sizeof *out);
    chunk = malloc(CHUNK * es);
    if (!out || !chunk) {
        cli_npy_why(why, whylen, "out of memory");
        st = EXMY_ENOMEM;
        goto done;
    }
    for (;;) {
        size_t got;
        st = cli_npy_reader_read(&r, chunk, CHUNK, &got, why, whylen);
        if (st != EXMY_OK || got == 0)
            break;
        if (done + got > cap) {
            size_t ncap = cap * 2 < done + got ? done + got : cap * 2;
            if (ncap > count)
                ncap = (size_t)count;
            double *grown = realloc(out, ncap * sizeof *out);
            if (!grown) {
                cli_npy_why(why, whylen, "out of memory for %zu values", ncap);
                st = EXMY_ENOMEM;
                goto done;
            }
            out = grown;
            cap = ncap;
        }
        for (size_t i = 0; i < got; i++)
            out[done + i] = element(r.h.dtype, chunk + i * es, es);
        done += got;
    }
    if (st == EXMY_OK) {
        *data = out;
        *n = (size_t)count;
        out = NULL;
    }
done:
    if (st == EXMY_EIO && !ferror(fp))
        st = EXMY_ESYNTAX;
    free(chunk);
    free(out);
    fclose(fp);
    return st;
}
