/* Read a NumPy .npy file as binary64 values (for `exmy snr --dist file:`).
 *
 * The header and the data go through the library's one .npy reader (npy.c),
 * in its lenient "values" reading: any float, integer or bool dtype, either
 * byte order, C or Fortran order (the values are a bag to the SNR, so they
 * come back in file order). */
#include "snr_internal.h"

#include "exmy_internal.h"
#include "kernels/half.h"
#include "npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Element i of a chunk in this machine's byte order, as binary64 (exact but
 * for 64-bit integers beyond 2^53, which round to nearest). */
static double element(exmy_npy_dtype t, const unsigned char *p)
{
    switch (t) {
    case EXMY_NPY_F16: {
        uint16_t h;
        memcpy(&h, p, 2);
        uint32_t b = exmy__f16_to_f32_bits(h);
        float f;
        memcpy(&f, &b, 4);
        return f;
    }
    case EXMY_NPY_F32: {
        float f;
        memcpy(&f, p, 4);
        return f;
    }
    case EXMY_NPY_F64: {
        double d;
        memcpy(&d, p, 8);
        return d;
    }
    case EXMY_NPY_U8:
    case EXMY_NPY_BOOL:
        return *p;
    case EXMY_NPY_U16: {
        uint16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    case EXMY_NPY_U32: {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    case EXMY_NPY_U64: {
        uint64_t v;
        memcpy(&v, p, 8);
        return (double)v;
    }
    case EXMY_NPY_I8:
        return (int8_t)*p;
    case EXMY_NPY_I16: {
        int16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    case EXMY_NPY_I32: {
        int32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    case EXMY_NPY_I64: {
        int64_t v;
        memcpy(&v, p, 8);
        return (double)v;
    }
    }
    return 0;
}

exmy_status exmy_npy_read_f64(const char *path, double **data, size_t *n, char *why,
                              size_t whylen)
{
    if (!path || !data || !n)
        return EXMY_EINVAL;
    *data = NULL;
    *n = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        exmy__why(why, whylen, "cannot open: %s", strerror(errno));
        return EXMY_EIO;
    }
    exmy_npy_reader r;
    double *out = NULL;
    unsigned char *chunk = NULL;
    /* The reader's EXMY_EIO is a malformed or truncated file unless the
     * stream itself failed. */
    exmy_status st = exmy__npy_reader_open_values(&r, fp, why, whylen);
    if (st != EXMY_OK)
        goto done;
    uint64_t count = r.h.count;
    if (count == 0) {
        exmy__why(why, whylen, "the array is empty");
        st = EXMY_ESYNTAX;
        goto done;
    }
    if (count > SIZE_MAX / sizeof *out) {
        exmy__why(why, whylen, "array too large");
        st = EXMY_ENOMEM;
        goto done;
    }
    const size_t CHUNK = 1u << 16, es = exmy__npy_dtype_size(r.h.dtype);
    out = malloc((size_t)count * sizeof *out);
    chunk = malloc(CHUNK * es);
    if (!out || !chunk) {
        exmy__why(why, whylen, "out of memory for %llu values", (unsigned long long)count);
        st = EXMY_ENOMEM;
        goto done;
    }
    for (size_t done = 0;;) {
        size_t got;
        st = exmy__npy_reader_read(&r, chunk, CHUNK, &got, why, whylen);
        if (st != EXMY_OK || got == 0)
            break;
        for (size_t i = 0; i < got; i++)
            out[done + i] = element(r.h.dtype, chunk + i * es);
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
