/* Read a NumPy .npy file as binary64 values (for `exmy snr --dist file:`).
 *
 * The format (numpy.lib.format, versions 1.0-3.0): the magic "\x93NUMPY",
 * major and minor version bytes, a little-endian header length (2 bytes in
 * version 1, 4 in versions 2 and 3), then a Python dict literal such as
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
 * padded with spaces and a newline, then the raw elements. Element order
 * (C or Fortran) does not matter to a caller that treats the values as a
 * bag, so both are accepted and the values come back in file order. */
#include "snr_internal.h"

#include "exmy_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Find 'key' in the header dict and return a pointer just past its colon. */
static const char *dict_value(const char *h, const char *key)
{
    char pat[32];
    snprintf(pat, sizeof pat, "'%s'", key);
    const char *p = strstr(h, pat);
    if (!p) {
        snprintf(pat, sizeof pat, "\"%s\"", key);
        p = strstr(h, pat);
    }
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    if (*p != ':')
        return NULL;
    p++;
    while (*p == ' ')
        p++;
    return p;
}

static double half_to_double(uint16_t b)
{
    int e = (b >> 10) & 0x1f;
    double m = b & 0x3ff;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(m + 1024, e - 25);
    return (b & 0x8000) ? -v : v;
}

static uint64_t load(const unsigned char *p, unsigned size, bool big)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)p[big ? i : size - 1 - i] << (8 * (size - 1 - i));
    return v;
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
    exmy_status st = EXMY_ESYNTAX;
    char *hdr = NULL;
    unsigned char *raw = NULL;
    double *out = NULL;
    unsigned char pre[12];
    if (fread(pre, 1, 10, fp) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        exmy__why(why, whylen, "not a .npy file (no \\x93NUMPY magic)");
        goto done;
    }
    unsigned major = pre[6];
    size_t hlen;
    if (major == 1) {
        hlen = pre[8] | (size_t)pre[9] << 8;
    } else if (major == 2 || major == 3) {
        if (fread(pre + 10, 1, 2, fp) != 2) {
            exmy__why(why, whylen, "truncated header");
            goto done;
        }
        hlen = pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
    } else {
        exmy__why(why, whylen, "unsupported .npy version %u", major);
        goto done;
    }
    if (hlen > (1u << 24)) {
        exmy__why(why, whylen, "header too long");
        goto done;
    }
    hdr = malloc(hlen + 1);
    if (!hdr) {
        st = EXMY_ENOMEM;
        goto done;
    }
    if (fread(hdr, 1, hlen, fp) != hlen) {
        exmy__why(why, whylen, "truncated header");
        goto done;
    }
    hdr[hlen] = '\0';

    const char *d = dict_value(hdr, "descr");
    if (!d || (*d != '\'' && *d != '"')) {
        exmy__why(why, whylen, "header has no 'descr' string");
        goto done;
    }
    char q = *d++;
    char order = *d;
    if (order == '<' || order == '>' || order == '|' || order == '=')
        d++;
    else
        order = '=';
    char kind = *d++;
    char *endp;
    unsigned long size = strtoul(d, &endp, 10);
    if (*endp != q || !((kind == 'f' && (size == 2 || size == 4 || size == 8)) ||
                        ((kind == 'i' || kind == 'u') &&
                         (size == 1 || size == 2 || size == 4 || size == 8)) ||
                        (kind == 'b' && size == 1))) {
        exmy__why(why, whylen, "unsupported dtype (expected float16/32/64 or an integer type)");
        goto done;
    }
    bool big = order == '>';

    const char *s = dict_value(hdr, "shape");
    if (!s || *s != '(') {
        exmy__why(why, whylen, "header has no 'shape' tuple");
        goto done;
    }
    s++;
    size_t count = 1;
    for (;;) {
        while (*s == ' ' || *s == ',')
            s++;
        if (*s == ')')
            break;
        unsigned long long dim = strtoull(s, &endp, 10);
        if (endp == s) {
            exmy__why(why, whylen, "malformed 'shape'");
            goto done;
        }
        if (dim && count > SIZE_MAX / 16 / dim) {
            exmy__why(why, whylen, "array too large");
            goto done;
        }
        count *= (size_t)dim;
        s = endp;
        while (*s == 'L' || *s == ' ')
            s++;
    }
    if (count == 0) {
        exmy__why(why, whylen, "the array is empty");
        goto done;
    }
    raw = malloc(count * size);
    out = malloc(count * sizeof *out);
    if (!raw || !out) {
        st = EXMY_ENOMEM;
        goto done;
    }
    if (fread(raw, size, count, fp) != count) {
        exmy__why(why, whylen, "truncated data (shape says %zu elements)", count);
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        uint64_t v = load(raw + i * size, (unsigned)size, big);
        double x;
        if (kind == 'f') {
            if (size == 2) {
                x = half_to_double((uint16_t)v);
            } else if (size == 4) {
                uint32_t b = (uint32_t)v;
                float fv;
                memcpy(&fv, &b, sizeof fv);
                x = fv;
            } else {
                memcpy(&x, &v, sizeof x);
            }
        } else if (kind == 'u' || kind == 'b') {
            x = (double)v;
        } else {
            unsigned sh = 64 - 8 * (unsigned)size;
            int64_t sv = (int64_t)(v << sh) >> sh; /* sign-extend */
            x = (double)sv;
        }
        out[i] = x;
    }
    *data = out;
    *n = count;
    out = NULL;
    st = EXMY_OK;
done:
    free(out);
    free(raw);
    free(hdr);
    fclose(fp);
    return st;
}
