/* NumPy .npy reading and writing, streamed (see npy.h). The header is a
 * small Python dict literal; this parses exactly the subset NumPy writes
 * (string, bool and tuple-of-int values) and says what is wrong otherwise. */
#include "npy.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_HEADER (1u << 20)

static const struct {
    char kind;
    unsigned size;
    const char *name;
} dtypes[] = {
    {'f', 2, "float16"}, {'f', 4, "float32"}, {'f', 8, "float64"},
    {'u', 1, "uint8"},   {'u', 2, "uint16"},  {'u', 4, "uint32"},
    /* cli_npy_reader_open_values only: */
    {'i', 1, "int8"},    {'i', 2, "int16"},   {'i', 4, "int32"},   {'i', 8, "int64"},
    {'u', 8, "uint64"},  {'b', 1, "bool"},
};
#define NDTYPES (sizeof dtypes / sizeof dtypes[0])
#define NSTRICT 6 /* float16..uint32: what exmy convert reads and writes */

size_t cli_npy_dtype_size(cli_npy_dtype t)
{
    return (unsigned)t < NDTYPES ? dtypes[t].size : 0;
}

const char *cli_npy_dtype_name(cli_npy_dtype t)
{
    return (unsigned)t < NDTYPES ? dtypes[t].name : "?";
}

void cli_npy_why(char *why, size_t whylen, const char *fmt, ...)
{
    if (!why || !whylen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

static bool host_little(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* ------------------------------------------------------------- parsing */

typedef struct cursor {
    const char *p, *e;
} cursor;

static void skip_ws(cursor *c)
{
    while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static bool eat(cursor *c, char ch)
{
    skip_ws(c);
    if (c->p < c->e && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* A quoted string (either quote) into out; false if malformed. */
static bool string_lit(cursor *c, char *out, size_t len)
{
    skip_ws(c);
    if (c->p >= c->e || (*c->p != '\'' && *c->p != '"'))
        return false;
    char q = *c->p++;
    size_t n = 0;
    bool fits = true;
    while (c->p < c->e && *c->p != q) {
        if (n + 1 < len)
            out[n++] = *c->p;
        else
            fits = false; /* a cut key or dtype could read as another */
        c->p++;
    }
    out[n] = '\0';
    if (c->p >= c->e || !fits)
        return false;
    c->p++;
    return true;
}

static bool word(cursor *c, const char *w)
{
    skip_ws(c);
    size_t n = strlen(w);
    if ((size_t)(c->e - c->p) >= n && memcmp(c->p, w, n) == 0) {
        c->p += n;
        return true;
    }
    return false;
}

static bool parse_descr(const char *d, cli_npy_header *h, bool values, char *why,
                        size_t whylen)
{
    char order = '=';
    const char *t = d;
    if (*t == '<' || *t == '>' || *t == '|' || *t == '=')
        order = *t++;
    /* '' and '<' end here: stepping over the kind would pass the string's end. */
    char kind = *t;
    if (kind)
        t++;
    char *end;
    unsigned long size = strtoul(t, &end, 10);
    if (kind && *t >= '0' && *t <= '9' && *end == '\0') {
        for (unsigned i = 0; i < (values ? NDTYPES : NSTRICT); i++)
            if (dtypes[i].kind == kind && dtypes[i].size == size) {
                h->dtype = (cli_npy_dtype)i;
                bool little = order == '<' || ((order == '=' || order == '|') && host_little());
                h->swap = size > 1 && little != host_little();
                return true;
            }
    }
    if (values)
        cli_npy_why(why, whylen,
                  "unsupported dtype '%s': expected a float, integer or bool type "
                  "('<f2', '<f4', '<f8', '|i1' .. '<i8', '|u1' .. '<u8', '|b1')",
                  d);
    else
        cli_npy_why(why, whylen,
                  "unsupported dtype '%s': expected float16, float32, float64, uint8, uint16 or "
                  "uint32 ('<f2', '<f4', '<f8', '|u1', '<u2', '<u4')",
                  d);
    return false;
}

static bool parse_shape(cursor *c, cli_npy_header *h, char *why, size_t whylen)
{
    if (!eat(c, '(')) {
        cli_npy_why(why, whylen, "malformed header: 'shape' is not a tuple");
        return false;
    }
    h->ndim = 0;
    h->count = 1;
    for (;;) {
        skip_ws(c);
        if (eat(c, ')'))
            return true;
        if (c->p >= c->e || *c->p < '0' || *c->p > '9') {
            cli_npy_why(why, whylen, "malformed header: 'shape' holds something other than sizes");
            return false;
        }
        uint64_t v = 0;
        while (c->p < c->e && *c->p >= '0' && *c->p <= '9') {
            unsigned dgt = (unsigned)(*c->p++ - '0');
            if (v > (UINT64_MAX - dgt) / 10) {
                cli_npy_why(why, whylen, "malformed header: a dimension is too large");
                return false;
            }
            v = v * 10 + dgt;
        }
        if (h->ndim == CLI_NPY_MAX_DIMS) {
            cli_npy_why(why, whylen, "more than %d dimensions", CLI_NPY_MAX_DIMS);
            return false;
        }
        h->shape[h->ndim++] = v;
        if (v && h->count > UINT64_MAX / 8 / v) {
            cli_npy_why(why, whylen, "array too large");
            return false;
        }
        h->count *= v;
        if (!eat(c, ',')) {
            if (eat(c, ')'))
                return true;
            cli_npy_why(why, whylen, "malformed header: expected ',' or ')' in 'shape'");
            return false;
        }
    }
}

/* values: the lenient reading of cli_npy_reader_open_values. */
static exmy_status parse_header(const unsigned char *buf, size_t len, cli_npy_header *h,
                                size_t *need, bool values, char *why, size_t whylen)
{
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    memset(h, 0, sizeof *h);
    *need = 10;
    if (len < 6 || memcmp(buf, magic, 6) != 0) {
        cli_npy_why(why, whylen, len < 6 ? "not a .npy file (too short)"
                                       : "not a .npy file (no \\x93NUMPY magic)");
        return EXMY_EIO;
    }
    if (len < 8) {
        cli_npy_why(why, whylen, "truncated header");
        return EXMY_EIO;
    }
    h->major = buf[6];
    h->minor = buf[7];
    size_t pre;
    uint64_t hl;
    if (h->major == 1) {
        pre = 10;
        if (len < pre) {
            cli_npy_why(why, whylen, "truncated header");
            return EXMY_EIO;
        }
        hl = (uint64_t)buf[8] | (uint64_t)buf[9] << 8;
    } else if (h->major == 2 || h->major == 3) {
        pre = 12;
        *need = 12;
        if (len < pre) {
            cli_npy_why(why, whylen, "truncated header");
            return EXMY_EIO;
        }
        hl = (uint64_t)buf[8] | (uint64_t)buf[9] << 8 | (uint64_t)buf[10] << 16 |
             (uint64_t)buf[11] << 24;
    } else {
        cli_npy_why(why, whylen, "unsupported .npy format version %u.%u (expected 1.0, 2.0 or 3.0)",
                  h->major, h->minor);
        return EXMY_EIO;
    }
    if (hl > MAX_HEADER) {
        cli_npy_why(why, whylen, "header of %" PRIu64 " bytes is too long", hl);
        return EXMY_EIO;
    }
    *need = pre + (size_t)hl;
    h->data_offset = pre + hl;
    if (len < *need) {
        cli_npy_why(why, whylen, "truncated header");
        return EXMY_EIO;
    }
    cursor c = {(const char *)buf + pre, (const char *)buf + pre + hl};
    bool have_descr = false, have_order = false, have_shape = false, fortran = false;
    if (!eat(&c, '{')) {
        cli_npy_why(why, whylen, "malformed header: not a dict");
        return EXMY_EIO;
    }
    for (;;) {
        if (eat(&c, '}'))
            break;
        char key[32], val[64];
        if (!string_lit(&c, key, sizeof key) || !eat(&c, ':')) {
            cli_npy_why(why, whylen, "malformed header: expected 'key': value");
            return EXMY_EIO;
        }
        if (strcmp(key, "descr") == 0) {
            skip_ws(&c);
            bool quoted = c.p < c.e && (*c.p == '\'' || *c.p == '"');
            if (!string_lit(&c, val, sizeof val)) {
                cli_npy_why(why, whylen, quoted ? "malformed header: 'descr' is unterminated or too long"
                                                : "malformed header: 'descr' is not a string "
                                                  "(structured dtypes are not supported)");
                return EXMY_EIO;
            }
            if (!parse_descr(val, h, values, why, whylen))
                return EXMY_EIO;
            have_descr = true;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (word(&c, "True"))
                fortran = true;
            else if (word(&c, "False"))
                fortran = false;
            else {
                cli_npy_why(why, whylen, "malformed header: 'fortran_order' is not True or False");
                return EXMY_EIO;
            }
            have_order = true;
        } else if (strcmp(key, "shape") == 0) {
            if (!parse_shape(&c, h, why, whylen))
                return EXMY_EIO;
            have_shape = true;
        } else {
            cli_npy_why(why, whylen, "malformed header: unexpected key '%s'", key);
            return EXMY_EIO;
        }
        if (!eat(&c, ',')) {
            if (eat(&c, '}'))
                break;
            cli_npy_why(why, whylen, "malformed header: expected ',' or '}'");
            return EXMY_EIO;
        }
    }
    skip_ws(&c);
    if (c.p != c.e) {
        cli_npy_why(why, whylen, "malformed header: text after the dict");
        return EXMY_EIO;
    }
    if (!have_descr || !have_order || !have_shape) {
        cli_npy_why(why, whylen, "malformed header: missing '%s'",
                  !have_descr ? "descr" : !have_order ? "fortran_order" : "shape");
        return EXMY_EIO;
    }
    if (fortran && !values) {
        unsigned big = 0;
        for (unsigned i = 0; i < h->ndim; i++)
            big += h->shape[i] > 1;
        if (big > 1) {
            cli_npy_why(why, whylen, "Fortran-order arrays are not supported (save the array in C "
                                   "order, e.g. numpy.ascontiguousarray)");
            return EXMY_EIO;
        }
    }
    return EXMY_OK;
}

exmy_status cli_npy_parse_header(const unsigned char *buf, size_t len, cli_npy_header *h,
                                   size_t *need, char *why, size_t whylen)
{
    return parse_header(buf, len, h, need, false, why, whylen);
}

/* -------------------------------------------------------------- reading */

static exmy_status reader_open(cli_npy_reader *r, FILE *fp, bool values, char *why,
                               size_t whylen)
{
    memset(r, 0, sizeof *r);
    r->fp = fp;
    unsigned char pre[12];
    size_t got = fread(pre, 1, 10, fp), need;
    if (got == 10 && (pre[6] == 2 || pre[6] == 3))
        got += fread(pre + 10, 1, 2, fp);
    if (got < 10 && ferror(fp)) {
        /* EISDIR and the like: the cause, not "too short". */
        cli_npy_why(why, whylen, "read error: %s", strerror(errno));
        return EXMY_EIO;
    }
    /* The preamble alone: bad magic, version, or the header's length. */
    exmy_status st = parse_header(pre, got, &r->h, &need, values, why, whylen);
    if (need <= got)
        return st == EXMY_OK ? EXMY_EIO : st; /* cannot happen: a header is never empty */
    if (got < 10 || (need == 12 && got < 12))
        return st;
    unsigned char *buf = malloc(need);
    if (!buf) {
        cli_npy_why(why, whylen, "out of memory for a %zu-byte header", need);
        return EXMY_ENOMEM;
    }
    memcpy(buf, pre, got);
    size_t more = fread(buf + got, 1, need - got, fp);
    st = parse_header(buf, got + more, &r->h, &need, values, why, whylen);
    free(buf);
    if (st != EXMY_OK)
        return st;
    /* A regular file must hold all the data now: fail before any output. */
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode)) {
        uint64_t size = (uint64_t)sb.st_size;
        uint64_t want = r->h.count * cli_npy_dtype_size(r->h.dtype);
        uint64_t have = size > r->h.data_offset ? size - r->h.data_offset : 0;
        if (have < want) {
            cli_npy_why(why, whylen,
                      "truncated: the header promises %" PRIu64 " elements (%" PRIu64
                      " bytes) but the file holds %" PRIu64 " bytes of data",
                      r->h.count, want, have);
            return EXMY_EIO;
        }
    }
    return EXMY_OK;
}

exmy_status cli_npy_reader_open(cli_npy_reader *r, FILE *fp, char *why, size_t whylen)
{
    return reader_open(r, fp, false, why, whylen);
}

exmy_status cli_npy_reader_open_values(cli_npy_reader *r, FILE *fp, char *why, size_t whylen)
{
    return reader_open(r, fp, true, why, whylen);
}

static void swap_bytes(void *buf, size_t n, size_t size)
{
    unsigned char *b = buf;
    for (size_t i = 0; i < n; i++, b += size)
        for (size_t j = 0; j < size / 2; j++) {
            unsigned char t = b[j];
            b[j] = b[size - 1 - j];
            b[size - 1 - j] = t;
        }
}

exmy_status cli_npy_reader_read(cli_npy_reader *r, void *buf, size_t max, size_t *got,
                                  char *why, size_t whylen)
{
    size_t es = cli_npy_dtype_size(r->h.dtype);
    uint64_t left = r->h.count - r->done;
    size_t n = left < max ? (size_t)left : max;
    *got = 0;
    if (n == 0)
        return EXMY_OK;
    size_t k = fread(buf, es, n, r->fp);
    if (k < n) {
        if (ferror(r->fp))
            cli_npy_why(why, whylen, "read error: %s", strerror(errno));
        else
            cli_npy_why(why, whylen,
                      "truncated: the header promises %" PRIu64 " elements, the file ends after %" PRIu64,
                      r->h.count, r->done + k);
        return EXMY_EIO;
    }
    if (r->h.swap)
        swap_bytes(buf, n, es);
    r->done += n;
    *got = n;
    return EXMY_OK;
}

/* -------------------------------------------------------------- writing */

static exmy_status put(FILE *fp, const void *p, size_t n, char *why, size_t whylen)
{
    if (fwrite(p, 1, n, fp) != n) {
        cli_npy_why(why, whylen, "write error: %s", strerror(errno));
        return EXMY_EIO;
    }
    return EXMY_OK;
}

/* The header bytes for this array into out (at most cap bytes); returns the
 * length, 0 if it does not fit. A 1-D header is always 128 bytes. */
static size_t build_header(unsigned char *out, size_t cap, cli_npy_dtype t, unsigned ndim,
                           const uint64_t *shape)
{
    char dict[64 + CLI_NPY_MAX_DIMS * 24];
    char order = dtypes[t].size == 1 ? '|' : host_little() ? '<' : '>';
    int n = snprintf(dict, sizeof dict, "{'descr': '%c%c%u', 'fortran_order': False, 'shape': (",
                     order, dtypes[t].kind, dtypes[t].size);
    for (unsigned i = 0; i < ndim; i++)
        n += snprintf(dict + n, sizeof dict - (size_t)n, i ? ", %" PRIu64 : "%" PRIu64, shape[i]);
    n += snprintf(dict + n, sizeof dict - (size_t)n, "%s), }", ndim == 1 ? "," : "");
    size_t dl = (size_t)n;
    size_t pre = 10;
    size_t total = ndim == 1 ? 128 : (pre + dl + 1 + 63) / 64 * 64;
    if (total - pre > 65535) {
        pre = 12;
        total = (pre + dl + 1 + 63) / 64 * 64;
    }
    if (total > cap || pre + dl + 1 > total)
        return 0;
    size_t hl = total - pre;
    memcpy(out, "\x93NUMPY", 6);
    out[6] = pre == 10 ? 1 : 2;
    out[7] = 0;
    out[8] = (unsigned char)hl;
    out[9] = (unsigned char)(hl >> 8);
    if (pre == 12) {
        out[10] = (unsigned char)(hl >> 16);
        out[11] = (unsigned char)(hl >> 24);
    }
    memcpy(out + pre, dict, dl);
    memset(out + pre + dl, ' ', total - pre - dl - 1);
    out[total - 1] = '\n';
    return total;
}

exmy_status cli_npy_write_header(FILE *fp, cli_npy_dtype t, unsigned ndim,
                                   const uint64_t *shape, char *why, size_t whylen)
{
    if ((unsigned)t > CLI_NPY_U32 || ndim > CLI_NPY_MAX_DIMS || (ndim && !shape))
        return EXMY_EINVAL;
    unsigned char out[128 + CLI_NPY_MAX_DIMS * 24];
    size_t len = build_header(out, sizeof out, t, ndim, shape);
    if (!len)
        return EXMY_EINVAL;
    return put(fp, out, len, why, whylen);
}

exmy_status cli_npy_rewrite_count(FILE *fp, cli_npy_dtype t, uint64_t count, char *why,
                                    size_t whylen)
{
    if (fseek(fp, 0, SEEK_SET) != 0) {
        cli_npy_why(why, whylen, "cannot seek in the output: %s", strerror(errno));
        return EXMY_EIO;
    }
    exmy_status st = cli_npy_write_header(fp, t, 1, &count, why, whylen);
    if (st == EXMY_OK && fseek(fp, 0, SEEK_END) != 0) {
        cli_npy_why(why, whylen, "cannot seek in the output: %s", strerror(errno));
        return EXMY_EIO;
    }
    return st;
}

exmy_status cli_npy_write(FILE *fp, cli_npy_dtype t, const void *buf, size_t n, char *why,
                            size_t whylen)
{
    if ((unsigned)t > CLI_NPY_U32 || (n && !buf))
        return EXMY_EINVAL;
    return put(fp, buf, n * dtypes[t].size, why, whylen);
}
