/* exmy convert for a block format: whole arrays in memory, one library call.
 * A block's scale depends on the whole block and NVFP4's tensor scale on the
 * whole tensor, so unlike plain formats the array is not streamed.
 *
 * Three modes, by --from and --to:
 *   quantise      --from f64|f32|f16|bf16 --to codes   writes --out (codes),
 *                 --scales and, for a format with a tensor scale, --tensor-scale
 *   dequantise    --from codes --to f64|f32            reads them back
 *   fake-quantise --from f64|f32|f16|bf16 --to f64|f32
 * Layout (issue 14 §3): blocks run along the last axis; a 1-D array or a raw
 * stream is one row; every leading axis counts rows, and the outputs keep
 * them (codes and scales replace the last axis's length). */
#include "convert_block.h"
#include "convert_io.h"
#include "npy.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { N_OUTS = 3 };

typedef enum blk_mode { BLK_UNSET, BLK_QUANT, BLK_DEQUANT, BLK_FAKE } blk_mode;

typedef struct blk_plan {
    const char *spec;             /* FORMAT as given, for messages */
    const exmy_block_format *bf;
    exmy_format_info ei, si;      /* element and scale formats */
    blk_mode mode;
    exmy_type from, to;           /* value types: from (quantise, fake), to (dequantise, fake) */
    exmy_block_opts o;
    uint64_t cols;                /* --cols, 0 when not given */
} blk_plan;

/* A file read whole, its elements in this machine's byte order at the start
 * of buf (so they are aligned for their type). */
typedef struct blk_array {
    const char *name;
    unsigned char *buf;
    uint64_t count;
    size_t size;          /* bytes per element */
    bool npy;
    cli_npy_dtype dtype;  /* .npy only */
    unsigned ndim;        /* 1 for a raw stream */
    uint64_t shape[CLI_NPY_MAX_DIMS];
} blk_array;

static bool is_stdio(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

/* ------------------------------------------------------------ reading */

static int read_all(cli_ctx *ctx, const char *path, const char *name, unsigned char **out,
                    size_t *len)
{
    FILE *fp = is_stdio(path) ? stdin : fopen(path, "rb");
    if (!fp) {
        cli_error(ctx, path, "cannot open: %s", strerror(errno));
        return CLI_EXIT_FAIL;
    }
    struct stat sb;
    int rc = CLI_EXIT_OK;
    size_t cap = 1 << 16, n = 0;
    unsigned char *b = NULL;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cli_error(ctx, name, "is a directory");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    for (;;) {
        if (!b || n == cap) {
            unsigned char *nb = (b && cap > SIZE_MAX / 2) ? NULL : realloc(b, b ? cap *= 2 : cap);
            if (!nb) {
                cli_error(ctx, name, "out of memory");
                rc = CLI_EXIT_FAIL;
                goto done;
            }
            b = nb;
        }
        size_t k = fread(b + n, 1, cap - n, fp);
        n += k;
        if (n < cap) {
            if (ferror(fp)) {
                cli_error(ctx, name, "read error: %s", strerror(errno));
                rc = CLI_EXIT_FAIL;
            }
            break;
        }
    }
done:
    if (fp != stdin)
        fclose(fp);
    if (rc != CLI_EXIT_OK) {
        free(b);
        b = NULL;
    }
    *out = b;
    *len = n;
    return rc;
}

static void swap_bytes(unsigned char *b, uint64_t n, size_t size)
{
    for (uint64_t i = 0; i < n; i++, b += size)
        for (size_t j = 0; j < size / 2; j++) {
            unsigned char t = b[j];
            b[j] = b[size - 1 - j];
            b[size - 1 - j] = t;
        }
}

/* Read path (NULL or "-": stdin) whole: a .npy file (by extension or magic)
 * or raw little-endian elements of raw_size bytes, one row. */
static int array_read(cli_ctx *ctx, const char *path, size_t raw_size, blk_array *a)
{
    memset(a, 0, sizeof *a);
    a->name = is_stdio(path) ? "stdin" : path;
    size_t len;
    int rc = read_all(ctx, path, a->name, &a->buf, &len);
    if (rc != CLI_EXIT_OK)
        return rc;
    a->npy = convert_npy_path(path) ||
             (len >= 6 && memcmp(a->buf, "\x93NUMPY", 6) == 0);
    if (!a->npy) {
        if (len % raw_size) {
            cli_error(ctx, a->name,
                      "truncated input: the element at byte offset %zu has %zu of its %zu bytes",
                      len - len % raw_size, len % raw_size, raw_size);
            return CLI_EXIT_FAIL;
        }
        a->size = raw_size;
        a->count = len / raw_size;
        a->ndim = 1;
        a->shape[0] = a->count;
        cli_le_swap(a->buf, a->count, a->size);
        return CLI_EXIT_OK;
    }
    cli_npy_header h;
    size_t need;
    char why[256];
    if (cli_npy_parse_header(a->buf, len, &h, &need, why, sizeof why) != EXMY_OK) {
        cli_error(ctx, a->name, "%s", why);
        return CLI_EXIT_FAIL;
    }
    a->size = cli_npy_dtype_size(h.dtype);
    uint64_t have = (len - h.data_offset) / a->size;
    if (have < h.count) {
        cli_error(ctx, a->name,
                  "truncated: the header promises %" PRIu64 " elements, the file ends after %" PRIu64,
                  h.count, have);
        return CLI_EXIT_FAIL;
    }
    memmove(a->buf, a->buf + h.data_offset, (size_t)h.count * a->size);
    if (h.swap)
        swap_bytes(a->buf, h.count, a->size);
    a->count = h.count;
    a->dtype = h.dtype;
    a->ndim = h.ndim;
    memcpy(a->shape, h.shape, sizeof a->shape);
    return CLI_EXIT_OK;
}

static void array_free(blk_array *a)
{
    free(a->buf);
    a->buf = NULL;
}

static bool is_uint(cli_npy_dtype t)
{
    return t == CLI_NPY_U8 || t == CLI_NPY_U16 || t == CLI_NPY_U32;
}

/* The codes of a (any unsigned width) as codes of f, `to` bytes each, in
 * place: a value with bits above f's width is not a code of it. */
static int codes_narrow(cli_ctx *ctx, blk_array *a, const exmy_format *f, const char *what,
                        size_t to)
{
    uint32_t mask = f->bits >= 32 ? UINT32_MAX : (UINT32_C(1) << f->bits) - 1;
    for (uint64_t i = 0; i < a->count; i++)
        if (convert_get_code(a->buf, a->size, i) & ~mask) {
            cli_error(ctx, a->name, "element %" PRIu64 " is 0x%" PRIx32 ", not a %s (0..0x%" PRIx32 ")",
                      i, convert_get_code(a->buf, a->size, i), what, mask);
            return CLI_EXIT_FAIL;
        }
    if (to == a->size)
        return CLI_EXIT_OK;
    unsigned char *nb = malloc(a->count ? (size_t)a->count * to : 1);
    if (!nb) {
        cli_error(ctx, a->name, "out of memory");
        return CLI_EXIT_FAIL;
    }
    for (uint64_t i = 0; i < a->count; i++)
        convert_put_code(nb, to, i, convert_get_code(a->buf, a->size, i));
    free(a->buf);
    a->buf = nb;
    a->size = to;
    return CLI_EXIT_OK;
}

/* "(5, 64)" as NumPy prints a shape. */
static void shape_text(const uint64_t *shape, unsigned ndim, char *buf, size_t len)
{
    size_t k = (size_t)snprintf(buf, len, "(");
    for (unsigned i = 0; i < ndim && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%" PRIu64, i ? ", " : "", shape[i]);
    if (k < len)
        snprintf(buf + k, len - k, ndim == 1 ? ",)" : ")");
}

/* ------------------------------------------------------------ the plan */

static int parse_type(const char *name, bool codes_ok, bool *codes, exmy_type *t)
{
    *codes = strcmp(name, "codes") == 0;
    if (*codes && codes_ok)
        return CLI_EXIT_OK;
    if (!*codes && exmy_type_from_name(name, t) == EXMY_OK)
        return CLI_EXIT_OK;
    return CLI_EXIT_FAIL;
}

/* What does not depend on the input. */
static int make_plan(cli_ctx *ctx, const convert_block_args *a, const exmy_block_format *bf,
                     blk_plan *p)
{
    memset(p, 0, sizeof *p);
    p->spec = a->format;
    p->bf = bf;
    if (exmy_format_get_info(&bf->elem, &p->ei) != EXMY_OK ||
        exmy_format_get_info(&bf->scale, &p->si) != EXMY_OK) {
        cli_error(ctx, a->format, "not a valid block format"); /* exmy_block_parse validates */
        return CLI_EXIT_FAIL;
    }
    bool from_codes = false, to_codes = false;
    if (a->from && parse_type(a->from, true, &from_codes, &p->from) != CLI_EXIT_OK) {
        cli_error(ctx, a->from, "expected --from f64, f32, f16, bf16 or codes");
        return CLI_EXIT_FAIL;
    }
    if (parse_type(a->to, true, &to_codes, &p->to) != CLI_EXIT_OK ||
        (!to_codes && p->to != EXMY_TYPE_F64 && p->to != EXMY_TYPE_F32)) {
        cli_error(ctx, a->to, "expected --to codes, f64 or f32");
        return CLI_EXIT_FAIL;
    }
    if (from_codes && to_codes)
        return cli_usage(ctx, "--to codes", "--from codes decodes: expected --to f64 or f32");
    p->mode = to_codes ? BLK_QUANT : from_codes ? BLK_DEQUANT : a->from ? BLK_FAKE : BLK_UNSET;
    cli_conv conv;
    int rc = cli_conv_parse(ctx, &a->conv, CLI_BITS_STREAM, &conv);
    if (rc != CLI_EXIT_OK)
        return rc;
    p->o.elem.conv = conv.o;
    p->o.elem.seed = conv.seed;
    p->o.elem.index0 = conv.index0;
    if ((rc = convert_parse_isa_threads(ctx, a->isa, a->threads, &p->o.elem.isa,
                                        &p->o.elem.threads)) != CLI_EXIT_OK)
        return rc;
    if (a->tail) {
        if (strcmp(a->tail, "short") == 0)
            p->o.tail = EXMY_TAIL_SHORT;
        else if (strcmp(a->tail, "error") != 0) {
            cli_error(ctx, a->tail, "expected --tail error or short");
            return CLI_EXIT_FAIL;
        }
    }
    if (a->cols && (!cli_parse_u64(a->cols, UINT64_MAX, &p->cols) || p->cols < 1)) {
        cli_error(ctx, a->cols, "expected --cols K with K >= 1");
        return CLI_EXIT_FAIL;
    }
    p->o.packed = a->packed;
    if (a->packed && p->ei.code_bytes * 8 == bf->elem.bits)
        return cli_usage(ctx, "--packed", "the elements are whole bytes: nothing to pack");
    return CLI_EXIT_OK;
}

/* The options that depend on the mode, once it is known. */
static int check_mode(cli_ctx *ctx, const convert_block_args *a, const blk_plan *p)
{
    if (p->mode == BLK_FAKE) {
        const char *bad = a->scales ? "--scales" : a->tensor_scale ? "--tensor-scale"
                          : a->packed ? "--packed" : NULL;
        if (bad)
            return cli_usage(ctx, bad, "fake-quantising writes values only (--to codes writes "
                                       "codes and scales)");
    } else {
        if (!a->scales)
            return cli_usage(ctx, NULL, p->mode == BLK_QUANT
                                            ? "--to codes writes the scales too: expected --scales FILE"
                                            : "decoding codes needs their scales: expected --scales FILE");
        if (p->bf->tensor_scale && !a->tensor_scale)
            return cli_usage(ctx, NULL, "this format has a per-tensor scale: expected "
                                        "--tensor-scale FILE");
        if (is_stdio(a->scales) && is_stdio(p->mode == BLK_QUANT ? a->out : a->in))
            return cli_usage(ctx, "--scales -", p->mode == BLK_QUANT ? "the codes already go to stdout"
                                                                     : "the codes already come from stdin");
        if (a->tensor_scale && is_stdio(a->tensor_scale))
            return cli_usage(ctx, "--tensor-scale -", "expected a file name");
    }
    if (a->tensor_scale && !p->bf->tensor_scale)
        return cli_usage(ctx, "--tensor-scale", "this format has no per-tensor scale");
    if (a->cols && !(p->mode == BLK_DEQUANT && a->packed))
        return cli_usage(ctx, "--cols", "only packed codes (--from codes --packed) need it");
    return CLI_EXIT_OK;
}

/* Settle the mode and types from a .npy input's dtype (--from, if given,
 * must agree). */
static int plan_input(cli_ctx *ctx, const convert_block_args *a, const blk_array *in,
                      blk_plan *p)
{
    if (!in->npy)
        return a->from ? CLI_EXIT_OK
                       : cli_usage(ctx, NULL, "expected --from f64|f32|f16|bf16|codes (or a .npy input)");
    cli_npy_dtype t = in->dtype;
    bool ok;
    if (!a->from) {
        if (is_uint(t)) {
            if (p->mode == BLK_QUANT)
                return cli_usage(ctx, "--to codes", "a .npy of codes decodes: expected --to f64 or f32");
            p->mode = BLK_DEQUANT;
        } else {
            p->from = convert_npy_value_type(t);
            if (p->mode == BLK_UNSET)
                p->mode = BLK_FAKE;
        }
        ok = true;
    } else if (p->mode == BLK_DEQUANT) {
        ok = a->packed ? t == CLI_NPY_U8 : is_uint(t);
    } else {
        ok = convert_npy_holds(t, p->from);
    }
    if (!ok) {
        cli_error(ctx, in->name, "the .npy dtype %s does not agree with --from %s%s",
                  cli_npy_dtype_name(t), a->from ? a->from : "codes",
                  a->packed ? " --packed (uint8)" : "");
        return CLI_EXIT_FAIL;
    }
    if (p->mode == BLK_DEQUANT && a->packed && t != CLI_NPY_U8) {
        cli_error(ctx, in->name, "packed codes are bytes: expected a .npy of uint8, not %s",
                  cli_npy_dtype_name(t));
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------ writing */

/* An output file of ndim/shape, raw or .npy (by --out's extension), written
 * whole; put in place by outs_commit. */
static int out_write(cli_ctx *ctx, convert_out *k, const char *path, cli_npy_dtype t,
                     unsigned ndim, const uint64_t *shape, void *data, uint64_t n)
{
    int rc = convert_out_open(ctx, k, path, t, ndim, shape);
    return rc != CLI_EXIT_OK ? rc : convert_out_write(ctx, k, data, (size_t)n);
}

static void outs_abort(convert_out *outs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        convert_out_abort(&outs[i]);
}

/* Put every output in place, or none: all are flushed first (a full disk
 * fails there, before any is renamed); should a rename then fail, the
 * outputs already renamed are removed again. */
static int outs_commit(cli_ctx *ctx, convert_out *outs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (outs[i].open && (fflush(outs[i].o.fp) != 0 || ferror(outs[i].o.fp))) {
            cli_error(ctx, cli_out_name(&outs[i].o), "write error: %s",
                      strerror(errno ? errno : EIO));
            outs_abort(outs, n);
            return CLI_EXIT_FAIL;
        }
    char *placed[N_OUTS] = {NULL};
    int rc = CLI_EXIT_OK;
    for (size_t i = 0; i < n && rc == CLI_EXIT_OK; i++) {
        if (!outs[i].open)
            continue;
        const char *target = outs[i].o.tmp ? outs[i].o.target : NULL;
        char *copy = target ? malloc(strlen(target) + 1) : NULL;
        if (copy)
            strcpy(copy, target);
        rc = convert_out_commit(ctx, &outs[i]);
        if (rc == CLI_EXIT_OK)
            placed[i] = copy;
        else
            free(copy);
    }
    for (size_t i = 0; i < n; i++) {
        if (rc != CLI_EXIT_OK && placed[i])
            remove(placed[i]);
        free(placed[i]);
    }
    outs_abort(outs, n);
    return rc;
}

static cli_npy_dtype code_dtype(unsigned bytes)
{
    return bytes == 1 ? CLI_NPY_U8 : bytes == 2 ? CLI_NPY_U16 : CLI_NPY_U32;
}

/* ---------------------------------------------------------- converting */

/* Rows and columns of an array whose last axis is the row. */
static int geometry(cli_ctx *ctx, const blk_array *a, uint64_t *rows, uint64_t *cols)
{
    if (a->ndim == 0) {
        cli_error(ctx, a->name, "a 0-d array has no rows: expected 1-D (one row) or more");
        return CLI_EXIT_FAIL;
    }
    *cols = a->shape[a->ndim - 1];
    uint64_t r = 1;
    for (unsigned i = 0; i + 1 < a->ndim; i++)
        r *= a->shape[i]; /* <= count, or a factor is 0 */
    *rows = r;
    return CLI_EXIT_OK;
}

static uint64_t blocks_per_row(const blk_plan *p, uint64_t cols)
{
    return cols / p->bf->block + (cols % p->bf->block != 0);
}

static int tail_check(cli_ctx *ctx, const blk_plan *p, const char *name, uint64_t cols)
{
    if (cols % p->bf->block == 0 || p->o.tail == EXMY_TAIL_SHORT)
        return CLI_EXIT_OK;
    cli_error(ctx, name,
              "the row length %" PRIu64 " is not a multiple of %s's block size %u "
              "(--tail short makes each row's last block shorter)",
              cols, p->spec, p->bf->block);
    return CLI_EXIT_FAIL;
}

/* Is element i of `in` a NaN (2) or an infinity (1)? */
static int special_at(exmy_type t, const void *in, uint64_t i)
{
    uint64_t b, expo, man;
    switch (t) {
    case EXMY_TYPE_F64:
        memcpy(&b, (const unsigned char *)in + 8 * i, 8);
        expo = (b >> 52) & 0x7FF, man = b & ((UINT64_C(1) << 52) - 1);
        return expo != 0x7FF ? 0 : man ? 2 : 1;
    case EXMY_TYPE_F32:
        b = ((const uint32_t *)in)[i];
        expo = (b >> 23) & 0xFF, man = b & 0x7FFFFF;
        return expo != 0xFF ? 0 : man ? 2 : 1;
    case EXMY_TYPE_F16:
        b = ((const uint16_t *)in)[i];
        expo = (b >> 10) & 0x1F, man = b & 0x3FF;
        return expo != 0x1F ? 0 : man ? 2 : 1;
    default:
        b = ((const uint16_t *)in)[i];
        expo = (b >> 7) & 0xFF, man = b & 0x7F;
        return expo != 0xFF ? 0 : man ? 2 : 1;
    }
}

/* Report a failed quantise: EXMY_ENONAN names the first NaN (else Inf) of
 * the input, whose block would be NaN in an element format without NaN. */
static int quant_error(cli_ctx *ctx, const blk_plan *p, const blk_array *in, uint64_t cols,
                       exmy_status st)
{
    if (st == EXMY_ENONAN) {
        for (int want = 2; want >= 1; want--)
            for (uint64_t i = 0; i < in->count; i++)
                if (special_at(p->from, in->buf, i) == want) {
                    cli_error(ctx, in->name,
                              "element %" PRIu64 " (row %" PRIu64 ", block %" PRIu64 ") is %s: "
                              "its block is NaN and %s's elements have no NaN encoding",
                              i, i / cols, i % cols / p->bf->block, want == 2 ? "NaN" : "infinite",
                              p->spec);
                    return CLI_EXIT_FAIL;
                }
    }
    cli_error(ctx, in->name, "%s: %s", p->spec, exmy_strerror(st));
    return CLI_EXIT_FAIL;
}

/* --random FILE: at least n uint32 values (raw or .npy). */
static int read_random(cli_ctx *ctx, const char *path, uint64_t n, blk_array *r)
{
    int rc = array_read(ctx, path, 4, r);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (r->npy && r->dtype != CLI_NPY_U32) {
        cli_error(ctx, r->name, "expected a .npy of uint32, not %s", cli_npy_dtype_name(r->dtype));
        return CLI_EXIT_FAIL;
    }
    if (r->count < n) {
        cli_error(ctx, r->name, "--random has %" PRIu64 " values, fewer than the input's %" PRIu64
                                " elements", r->count, n);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* --tensor-scale FILE on decode: one binary32, raw or a .npy of float32. */
static int read_tensor_scale(cli_ctx *ctx, const char *path, float *ts)
{
    blk_array a;
    int rc = array_read(ctx, path, 4, &a);
    if (rc == CLI_EXIT_OK && ((a.npy && a.dtype != CLI_NPY_F32) || a.count != 1)) {
        cli_error(ctx, a.name, "expected one float32 (the tensor scale), not %" PRIu64 " %s",
                  a.count, a.npy ? cli_npy_dtype_name(a.dtype) : "raw binary32 values");
        rc = CLI_EXIT_FAIL;
    }
    if (rc == CLI_EXIT_OK)
        memcpy(ts, a.buf, sizeof *ts);
    array_free(&a);
    return rc;
}

static void *alloc_bytes(cli_ctx *ctx, uint64_t n)
{
    void *b = n <= SIZE_MAX ? malloc(n ? (size_t)n : 1) : NULL;
    if (!b)
        cli_error(ctx, NULL, "out of memory");
    return b;
}

/* The element's packed or unpacked bytes per row. */
static uint64_t code_row_bytes(const blk_plan *p, uint64_t cols)
{
    return p->o.packed ? exmy_packed_size(&p->bf->elem, (size_t)cols)
                       : cols * p->ei.code_bytes;
}

static int quantise(cli_ctx *ctx, const convert_block_args *a, const blk_plan *p,
                    const blk_array *in, uint64_t rows, uint64_t cols)
{
    uint64_t nb = blocks_per_row(p, cols), rb = code_row_bytes(p, cols);
    unsigned char *codes = alloc_bytes(ctx, rows * rb);
    unsigned char *scales = alloc_bytes(ctx, rows * nb * p->si.code_bytes);
    float ts = 1;
    int rc = CLI_EXIT_FAIL;
    convert_out outs[N_OUTS];
    memset(outs, 0, sizeof outs);
    if (!codes || !scales)
        goto done;
    exmy_status st = exmy_block_quantize(p->bf, p->from, in->buf, (size_t)rows, (size_t)cols,
                                         &p->o, codes, scales, &ts);
    if (st != EXMY_OK) {
        rc = quant_error(ctx, p, in, cols, st);
        goto done;
    }
    uint64_t shape[CLI_NPY_MAX_DIMS], one = 1;
    memcpy(shape, in->shape, sizeof shape);
    shape[in->ndim - 1] = rb / p->ei.code_bytes;
    cli_npy_dtype ct = p->o.packed ? CLI_NPY_U8 : code_dtype(p->ei.code_bytes);
    if ((rc = out_write(ctx, &outs[0], a->out, ct, in->ndim, shape, codes,
                        rows * rb / p->ei.code_bytes)) != CLI_EXIT_OK)
        goto done;
    shape[in->ndim - 1] = nb;
    if ((rc = out_write(ctx, &outs[1], a->scales, code_dtype(p->si.code_bytes), in->ndim, shape,
                        scales, rows * nb)) != CLI_EXIT_OK)
        goto done;
    if (p->bf->tensor_scale &&
        (rc = out_write(ctx, &outs[2], a->tensor_scale, CLI_NPY_F32, 1, &one, &ts, 1)) !=
            CLI_EXIT_OK)
        goto done;
    rc = outs_commit(ctx, outs, N_OUTS);
done:
    outs_abort(outs, N_OUTS);
    free(codes);
    free(scales);
    return rc;
}

static int dequantise(cli_ctx *ctx, const convert_block_args *a, blk_plan *p, blk_array *in)
{
    uint64_t rows, cols;
    int rc = geometry(ctx, in, &rows, &cols);
    if (rc != CLI_EXIT_OK)
        return rc;
    /* Packed rows hold a whole number of bytes: the row length is --cols, or
     * as many codes as the bytes hold. */
    if (p->o.packed) {
        uint64_t k = p->cols ? p->cols : cols * 8 / p->bf->elem.bits;
        if (exmy_packed_size(&p->bf->elem, (size_t)k) != cols) {
            cli_error(ctx, a->cols ? a->cols : in->name,
                      "a packed row of %" PRIu64 " codes takes %zu bytes, the codes' rows have %" PRIu64,
                      k, exmy_packed_size(&p->bf->elem, (size_t)k), cols);
            return CLI_EXIT_FAIL;
        }
        cols = k;
    } else if ((rc = codes_narrow(ctx, in, &p->bf->elem, "code of the element format",
                                  p->ei.code_bytes)) != CLI_EXIT_OK) {
        return rc;
    }
    if ((rc = tail_check(ctx, p, in->name, cols)) != CLI_EXIT_OK)
        return rc;
    uint64_t nb = blocks_per_row(p, cols);
    uint64_t want[CLI_NPY_MAX_DIMS];
    memcpy(want, in->shape, sizeof want);
    want[in->ndim - 1] = nb;
    blk_array sc;
    float ts = 1;
    void *out = NULL;
    if ((rc = array_read(ctx, a->scales, p->si.code_bytes, &sc)) != CLI_EXIT_OK)
        goto done;
    if (sc.npy ? !is_uint(sc.dtype) || sc.ndim != in->ndim ||
                     memcmp(sc.shape, want, in->ndim * sizeof want[0]) != 0
               : sc.count != rows * nb) {
        char ws[128], gs[128];
        shape_text(want, in->ndim, ws, sizeof ws);
        shape_text(sc.shape, sc.ndim, gs, sizeof gs);
        cli_error(ctx, sc.name,
                  "expected %s scales of shape %s (blocks of %u along rows of %" PRIu64 "), not %s%s%s",
                  sc.npy ? "uint" : "raw", ws, p->bf->block, cols, sc.npy ? cli_npy_dtype_name(sc.dtype) : "",
                  sc.npy ? " " : "", gs);
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    if ((rc = codes_narrow(ctx, &sc, &p->bf->scale, "code of the scale format",
                           p->si.code_bytes)) != CLI_EXIT_OK)
        goto done;
    if (p->bf->tensor_scale && (rc = read_tensor_scale(ctx, a->tensor_scale, &ts)) != CLI_EXIT_OK)
        goto done;
    size_t osz = exmy_type_size(p->to);
    if (!(out = alloc_bytes(ctx, rows * cols * osz))) {
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    exmy_status st = exmy_block_dequantize(p->bf, in->buf, sc.buf, ts, (size_t)rows, (size_t)cols,
                                           &p->o, p->to, out);
    if (st != EXMY_OK) {
        cli_error(ctx, in->name, "%s: %s", p->spec, exmy_strerror(st));
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    uint64_t shape[CLI_NPY_MAX_DIMS];
    memcpy(shape, in->shape, sizeof shape);
    shape[in->ndim - 1] = cols;
    convert_out o;
    memset(&o, 0, sizeof o);
    rc = out_write(ctx, &o, a->out, p->to == EXMY_TYPE_F64 ? CLI_NPY_F64 : CLI_NPY_F32, in->ndim,
                   shape, out, rows * cols);
    rc = rc == CLI_EXIT_OK ? outs_commit(ctx, &o, 1) : (outs_abort(&o, 1), rc);
done:
    free(out);
    array_free(&sc);
    return rc;
}

/* Fake-quantise: into the input's own type in one call, or through codes
 * and scales when --to is another type (rounded once, by the decode). */
static int fake_quantise(cli_ctx *ctx, const convert_block_args *a, const blk_plan *p,
                         const blk_array *in, uint64_t rows, uint64_t cols)
{
    size_t osz = exmy_type_size(p->to);
    void *out = alloc_bytes(ctx, rows * cols * osz), *codes = NULL, *scales = NULL;
    int rc = CLI_EXIT_FAIL;
    if (!out)
        goto done;
    exmy_status st;
    if (p->to == p->from) {
        st = exmy_block_fake_quantize(p->bf, p->from, in->buf, out, (size_t)rows, (size_t)cols,
                                      &p->o);
    } else {
        float ts = 1;
        uint64_t nb = blocks_per_row(p, cols);
        if (!(codes = alloc_bytes(ctx, rows * cols * p->ei.code_bytes)) ||
            !(scales = alloc_bytes(ctx, rows * nb * p->si.code_bytes)))
            goto done;
        st = exmy_block_quantize(p->bf, p->from, in->buf, (size_t)rows, (size_t)cols, &p->o, codes,
                                 scales, &ts);
        if (st == EXMY_OK)
            st = exmy_block_dequantize(p->bf, codes, scales, ts, (size_t)rows, (size_t)cols,
                                       &p->o, p->to, out);
    }
    if (st != EXMY_OK) {
        rc = quant_error(ctx, p, in, cols, st);
        goto done;
    }
    convert_out o;
    memset(&o, 0, sizeof o);
    rc = out_write(ctx, &o, a->out, p->to == EXMY_TYPE_F64 ? CLI_NPY_F64 : CLI_NPY_F32, in->ndim,
                   in->shape, out, rows * cols);
    rc = rc == CLI_EXIT_OK ? outs_commit(ctx, &o, 1) : (outs_abort(&o, 1), rc);
done:
    free(out);
    free(codes);
    free(scales);
    return rc;
}

int convert_block(cli_ctx *ctx, const convert_block_args *a, const exmy_block_format *bf)
{
    blk_plan p;
    int rc = make_plan(ctx, a, bf, &p);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (p.mode != BLK_UNSET && (rc = check_mode(ctx, a, &p)) != CLI_EXIT_OK)
        return rc;
    size_t raw = p.mode == BLK_DEQUANT ? (a->packed ? 1 : p.ei.code_bytes)
                 : a->from         ? exmy_type_size(p.from)
                                   : 1;
    blk_array in, rnd;
    memset(&rnd, 0, sizeof rnd);
    if ((rc = array_read(ctx, a->in, raw, &in)) != CLI_EXIT_OK)
        goto done;
    blk_mode given = p.mode;
    if ((rc = plan_input(ctx, a, &in, &p)) != CLI_EXIT_OK)
        goto done;
    if (given == BLK_UNSET && (rc = check_mode(ctx, a, &p)) != CLI_EXIT_OK)
        goto done;
    if (p.mode == BLK_DEQUANT) {
        rc = dequantise(ctx, a, &p, &in);
        goto done;
    }
    uint64_t rows, cols;
    if ((rc = geometry(ctx, &in, &rows, &cols)) != CLI_EXIT_OK ||
        (rc = tail_check(ctx, &p, in.name, cols)) != CLI_EXIT_OK)
        goto done;
    uint64_t n = rows * cols;
    /* Element i draws Philox index index0 + i: past 2^64 - 1 the bits repeat. */
    if (n && n - 1 > UINT64_MAX - p.o.elem.index0) {
        cli_error(ctx, "--index0",
                  "%" PRIu64 " elements from %" PRIu64 " pass the last Philox index 2^64 - 1", n,
                  p.o.elem.index0);
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    if (a->conv.random) {
        if (is_stdio(a->conv.random) && is_stdio(a->in)) {
            rc = cli_usage(ctx, "--random -", "the input already reads stdin");
            goto done;
        }
        if ((rc = read_random(ctx, a->conv.random, n, &rnd)) != CLI_EXIT_OK)
            goto done;
        p.o.elem.random = (const uint32_t *)rnd.buf;
    }
    rc = p.mode == BLK_QUANT ? quantise(ctx, a, &p, &in, rows, cols)
                             : fake_quantise(ctx, a, &p, &in, rows, cols);
done:
    array_free(&in);
    array_free(&rnd);
    return rc;
}
