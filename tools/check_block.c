/* exmy check for a block format (block_oracle.h): judge the codes and scales
 * a kernel wrote for rows x K inputs (--in, or the set exmy vectors made)
 * against exmy_block_quantize, through exmy_block_check, and print its
 * summary and first mismatches.
 *
 * Structure: the plan (block_plan_make, shared with vec_block.c), then every
 * array read whole and its dtype and shape checked against the inputs'
 * before anything is judged, one exmy_block_check call, the report. Nothing
 * goes to stdout before the call, so an error is one line on stderr. */
#include "block_oracle.h"
#include "npy.h"
#include "vec_kind.h"
#include "vec_read.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_THREADS = 64, MAX_REPORT = 1000000, DEFAULT_REPORT = 10 };

/* An array read whole through vec_read.c. */
typedef struct blk_arr {
    vec_reader v;
    bool opened;
    void *buf;
    uint64_t count;
    unsigned ndim;
    uint64_t shape[CLI_NPY_MAX_DIMS];
} blk_arr;

static int arr_open(cli_ctx *ctx, blk_arr *a, const char *path, const char *what)
{
    int rc = vec_reader_open(ctx, &a->v, path, what);
    a->opened = true;
    return rc;
}

/* Read the rest of a (raw elements of raw_size bytes, or the .npy's); at
 * most `max` elements: the arrays are held whole. */
static int arr_load(cli_ctx *ctx, blk_arr *a, size_t raw_size, uint64_t max)
{
    int rc = vec_reader_raw(ctx, &a->v, raw_size);
    if (rc != CLI_EXIT_OK)
        return rc;
    size_t size = a->v.size;
    uint64_t cap = a->v.known ? a->v.count : 4096;
    for (;;) {
        if (a->v.known && a->v.count > max) {
            cli_error(ctx, a->v.name, "%s holds %" PRIu64 " elements, more than the %" PRIu64
                      " this command holds in memory", a->v.what, a->v.count, max);
            return CLI_EXIT_FAIL;
        }
        void *nb = realloc(a->buf, cap ? (size_t)cap * size : 1);
        if (!nb) {
            cli_error(ctx, a->v.name, "out of memory");
            return CLI_EXIT_FAIL;
        }
        a->buf = nb;
        size_t got;
        rc = vec_reader_read(ctx, &a->v, (unsigned char *)a->buf + a->count * size,
                             (size_t)(cap - a->count), &got);
        if (rc != CLI_EXIT_OK)
            return rc;
        a->count += got;
        if (a->count < cap || a->v.known)
            break;
        if (cap > max) { /* a stream that runs on */
            cli_error(ctx, a->v.name, "%s holds more than the %" PRIu64
                      " elements this command holds in memory", a->v.what, max);
            return CLI_EXIT_FAIL;
        }
        cap *= 2;
    }
    if (a->v.npy) {
        a->ndim = a->v.r.h.ndim;
        memcpy(a->shape, a->v.r.h.shape, sizeof a->shape);
    } else {
        a->ndim = 1;
        a->shape[0] = a->count;
    }
    return CLI_EXIT_OK;
}

static void arr_free(blk_arr *a)
{
    if (a->opened)
        vec_reader_close(&a->v);
    free(a->buf);
    memset(a, 0, sizeof *a);
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

/* What the arrays are checked against. */
typedef struct check_geom {
    uint64_t rows, cols;
    unsigned lead;                     /* leading axes of every array (the rows) */
    uint64_t shape[CLI_NPY_MAX_DIMS];  /* those axes */
    const char *src;                   /* "--in" or "--set": for messages */
} check_geom;

/* A .npy must have the inputs' leading axes and `last` along the last; a raw
 * array rows * last elements. */
static int shape_check(cli_ctx *ctx, const blk_arr *a, const check_geom *g, uint64_t last,
                       const char *what)
{
    uint64_t want[CLI_NPY_MAX_DIMS];
    memcpy(want, g->shape, sizeof want);
    want[g->lead] = last;
    unsigned nd = g->lead + 1;
    bool ok = a->v.npy ? a->ndim == nd && memcmp(a->shape, want, nd * sizeof want[0]) == 0
                       : a->count == g->rows * last;
    if (ok)
        return CLI_EXIT_OK;
    char ws[160], gs[160];
    shape_text(want, nd, ws, sizeof ws);
    if (a->v.npy)
        shape_text(a->shape, a->ndim, gs, sizeof gs);
    else
        snprintf(gs, sizeof gs, "%" PRIu64 " raw elements", a->count);
    cli_error(ctx, a->v.name, "expected %s of shape %s (%s: %" PRIu64 " rows of %" PRIu64 "), not %s",
              what, ws, g->src, g->rows, g->cols, gs);
    return CLI_EXIT_FAIL;
}

/* The input type from a .npy dtype: it decides unless --from was given, and
 * then it must agree (as exmy check of a plain target). */
static int settle_type(cli_ctx *ctx, const char *from, const blk_arr *in, exmy_type *type)
{
    if (!in->v.npy)
        return CLI_EXIT_OK;
    cli_npy_dtype d = in->v.r.h.dtype;
    if (!from) {
        switch (d) {
        case CLI_NPY_F32: *type = EXMY_TYPE_F32; return CLI_EXIT_OK;
        case CLI_NPY_F16: *type = EXMY_TYPE_F16; return CLI_EXIT_OK;
        case CLI_NPY_F64: *type = EXMY_TYPE_F64; return CLI_EXIT_OK;
        case CLI_NPY_U16:
            cli_error(ctx, in->v.name,
                      "a .npy of uint16 holds bit patterns: give --from f16 or --from bf16");
            return CLI_EXIT_FAIL;
        default:
            cli_error(ctx, in->v.name,
                      "expected --in of float32, float16, float64 or uint16 (f16/bf16 bits), "
                      "not %s",
                      cli_npy_dtype_name(d));
            return CLI_EXIT_FAIL;
        }
    }
    if (d != vec_input_dtype(*type) && !(*type == EXMY_TYPE_F16 && d == CLI_NPY_U16)) {
        cli_error(ctx, in->v.name, "the .npy dtype %s does not agree with --from %s",
                  cli_npy_dtype_name(d), from);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* A .npy of codes must be `want` (uint8 for packed codes). */
static int dtype_check(cli_ctx *ctx, const blk_arr *a, cli_npy_dtype want, const char *what)
{
    if (!a->v.npy || a->v.r.h.dtype == want)
        return CLI_EXIT_OK;
    cli_error(ctx, a->v.name, "expected %s of %s, not %s", what, cli_npy_dtype_name(want),
              cli_npy_dtype_name(a->v.r.h.dtype));
    return CLI_EXIT_FAIL;
}

/* The inputs: --set made here, or --in read whole; their rows and K. */
static int load_inputs(cli_ctx *ctx, const check_block_args *a, block_plan *p, blk_arr *in,
                       check_geom *g)
{
    int rc;
    memset(g, 0, sizeof *g);
    if (p->set != BLK_SET_NONE) {
        g->src = "--set";
        if ((rc = block_set_make(ctx, p, &in->buf, &g->rows)) != CLI_EXIT_OK)
            return rc;
        g->cols = p->cols;
        g->lead = 1;
        g->shape[0] = g->rows;
        return CLI_EXIT_OK;
    }
    g->src = "--in";
    if ((rc = arr_open(ctx, in, a->in, "--in")) != CLI_EXIT_OK ||
        (rc = settle_type(ctx, a->from, in, &p->type)) != CLI_EXIT_OK ||
        (rc = arr_load(ctx, in, exmy_type_size(p->type), BLOCK_ORACLE_MAX_ELEMENTS)) !=
            CLI_EXIT_OK)
        return rc;
    if (in->v.npy) {
        /* Blocks run along the last axis; every leading axis counts rows
         * (a 1-D array is one row), as exmy convert BLOCK reads it. */
        if (in->ndim == 0) {
            cli_error(ctx, in->v.name, "a 0-d array has no rows: expected (rows, K)");
            return CLI_EXIT_FAIL;
        }
        g->lead = in->ndim - 1;
        memcpy(g->shape, in->shape, sizeof g->shape);
        g->cols = in->shape[g->lead];
        g->rows = g->cols ? in->count / g->cols : 0;
        if (p->cols_given && p->cols != g->cols) {
            cli_error(ctx, a->blk.cols, "--cols %" PRIu64 " does not agree with %s's rows of %" PRIu64,
                      p->cols, in->v.name, g->cols);
            return CLI_EXIT_FAIL;
        }
    } else if (p->cols_given) {
        /* Raw: --cols K cuts the stream into rows. */
        g->cols = p->cols;
        if (in->count % g->cols) {
            cli_error(ctx, in->v.name, "--in holds %" PRIu64 " elements, not a whole number of rows "
                      "of --cols %" PRIu64, in->count, g->cols);
            return CLI_EXIT_FAIL;
        }
        g->rows = in->count / g->cols;
        g->lead = 1;
        g->shape[0] = g->rows;
    } else {
        g->cols = in->count; /* one row */
        g->rows = 1;
    }
    if (g->cols == 0) { /* 0 would mean one block to the library */
        cli_error(ctx, in->v.name, "rows of 0 elements: nothing to judge");
        return CLI_EXIT_FAIL;
    }
    p->cols = g->cols;
    if (g->cols % p->bf.block && p->o.tail != EXMY_TAIL_SHORT) {
        cli_error(ctx, in->v.name,
                  "the row length %" PRIu64 " is not a multiple of %s's block size %u "
                  "(--tail short makes each row's last block shorter)",
                  g->cols, p->name, p->bf.block);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* --tensor-scale FILE: one binary32, raw or a .npy of float32. */
static int load_tensor_scale(cli_ctx *ctx, const char *path, float *ts)
{
    blk_arr a;
    memset(&a, 0, sizeof a);
    int rc = arr_open(ctx, &a, path, "--tensor-scale");
    if (rc == CLI_EXIT_OK && (rc = dtype_check(ctx, &a, CLI_NPY_F32, "a tensor scale")) == CLI_EXIT_OK &&
        (rc = arr_load(ctx, &a, 4, 16)) == CLI_EXIT_OK && a.count != 1) {
        cli_error(ctx, a.v.name, "expected one float32 (the tensor scale), not %" PRIu64, a.count);
        rc = CLI_EXIT_FAIL;
    }
    if (rc == CLI_EXIT_OK)
        memcpy(ts, a.buf, sizeof *ts);
    arr_free(&a);
    return rc;
}

/* The options that do not depend on the files. */
static int check_options(cli_ctx *ctx, const check_block_args *a, block_plan *p,
                         size_t *max_report)
{
    if (!a->blk.got_scales)
        return cli_usage(ctx, NULL, "expected --got-scales FILE (the kernel's scale codes)");
    if (a->blk.tensor_scale && !p->bf.tensor_scale)
        return cli_usage(ctx, "--tensor-scale", "this format has no per-tensor scale");
    if (a->conv.seed && a->conv.random && p->set != BLK_SET_RANDOM)
        return cli_usage(ctx, "--seed", "give --random BITS or --seed S, not both");
    const char *in[5] = {a->in, a->got, a->blk.got_scales, a->conv.random, a->blk.tensor_scale};
    int stdins = 0;
    for (int i = 0; i < 5; i++)
        stdins += in[i] && strcmp(in[i], "-") == 0;
    if (stdins > 1)
        return cli_usage(ctx, "-", "only one array can come from stdin");
    if (a->blk.tail) {
        if (strcmp(a->blk.tail, "short") == 0)
            p->o.tail = EXMY_TAIL_SHORT;
        else if (strcmp(a->blk.tail, "error") != 0) {
            cli_error(ctx, a->blk.tail, "expected --tail error or short");
            return CLI_EXIT_FAIL;
        }
    }
    uint64_t n = DEFAULT_REPORT;
    if (a->max_report && !cli_parse_u64(a->max_report, MAX_REPORT, &n)) {
        cli_error(ctx, a->max_report, "expected --max-report N with 0 <= N <= %d", MAX_REPORT);
        return CLI_EXIT_FAIL;
    }
    *max_report = (size_t)n;
    n = 1;
    if (a->threads && (!cli_parse_u64(a->threads, MAX_THREADS, &n) || n < 1)) {
        cli_error(ctx, a->threads, "expected --threads N with N in 1..%d", MAX_THREADS);
        return CLI_EXIT_FAIL;
    }
    p->o.elem.threads = (unsigned)n;
    return CLI_EXIT_OK;
}

static void print_report(const block_plan *p, const check_geom *g, const char *in_name,
                         const exmy_block_check_result *res, float ts, bool ts_given,
                         size_t max_report)
{
    char title[200], src[96];
    block_plan_title(p, title, sizeof title);
    if (p->set != BLK_SET_NONE)
        block_set_name(p, src, sizeof src);
    else
        snprintf(src, sizeof src, "%.90s", in_name);
    printf("exmy check: %s, %" PRIu64 " row%s of %" PRIu64 " %s inputs (%s)\n", title, g->rows,
           g->rows == 1 ? "" : "s", g->cols, exmy_type_name(p->type), src);
    if (p->bf.tensor_scale) {
        uint32_t b;
        memcpy(&b, &ts, 4);
        char hex[48];
        cli_hexfloat(ts, hex, sizeof hex);
        printf("tensor scale: %s (0x%08" PRIx32 "), %s\n", hex, b,
               ts_given ? "given (--tensor-scale)" : "computed by exmy");
    }
    printf("blocks: %" PRIu64 ", another scale: %" PRIu64 ", NaN or Inf in: %" PRIu64 "\n",
           res->blocks, res->scale_mismatches, res->nan_blocks);

    enum { ROWS = EXMY_CHECK_CLASS_COUNT + 2 };
    char nums[ROWS][2][24];
    const char *cells[ROWS * 3];
    cells[0] = "class";
    cells[1] = "elements";
    cells[2] = "mismatches";
    for (int i = 0; i <= EXMY_CHECK_CLASS_COUNT; i++) {
        bool total = i == EXMY_CHECK_CLASS_COUNT;
        uint64_t judged = 0;
        for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++)
            judged += res->count[c];
        snprintf(nums[i][0], sizeof nums[i][0], "%" PRIu64, total ? judged : res->count[i]);
        snprintf(nums[i][1], sizeof nums[i][1], "%" PRIu64,
                 total ? res->mismatches : res->mismatch[i]);
        cells[3 * (i + 1)] = total ? "total" : exmy_check_class_name((exmy_check_class)i);
        cells[3 * (i + 1) + 1] = nums[i][0];
        cells[3 * (i + 1) + 2] = nums[i][1];
    }
    static const bool right[3] = {false, true, true};
    cli_table(stdout, cells, ROWS, 3, right);
    if (res->unjudged)
        printf("not judged: %" PRIu64 " elements (in blocks whose scale differs, or under a NaN "
               "scale)\n",
               res->unjudged);

    size_t shown = res->kept < max_report ? res->kept : max_report;
    if (shown) {
        const exmy_block_mismatch *m = res->keep ? res->keep : res->first;
        printf("first %zu mismatch%s:\n", shown, shown == 1 ? "" : "es");
        for (size_t i = 0; i < shown; i++) {
            char line[512];
            exmy_block_check_describe(&p->bf, p->type, &m[i], line, sizeof line);
            printf("  %s\n", line);
        }
    }
    char sum[1024];
    exmy_block_check_summary(&p->bf, p->type, res, sum, sizeof sum);
    printf("%s: %s\n", res->scale_mismatches || res->mismatches ? "FAIL" : "OK", sum);
}

int check_block(cli_ctx *ctx, const check_block_args *a, const exmy_block_format *bf)
{
    block_plan *p = malloc(sizeof *p);
    exmy_block_check_result *res = calloc(1, sizeof *res);
    blk_arr in, got, gs, rnd;
    memset(&in, 0, sizeof in);
    memset(&got, 0, sizeof got);
    memset(&gs, 0, sizeof gs);
    memset(&rnd, 0, sizeof rnd);
    int rc;
    if (!p || !res) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    size_t max_report = DEFAULT_REPORT;
    if ((rc = block_plan_make(ctx, a->target, bf, &a->conv, a->set, a->blk.cols, a->unsupported,
                              a->packed, p)) != CLI_EXIT_OK ||
        (rc = check_options(ctx, a, p, &max_report)) != CLI_EXIT_OK ||
        (rc = block_plan_type(ctx, a->from, &p->type)) != CLI_EXIT_OK)
        goto done;
    check_geom g;
    if ((rc = load_inputs(ctx, a, p, &in, &g)) != CLI_EXIT_OK)
        goto done;
    uint64_t rb = block_row_bytes(p, g.cols), nb = block_per_row(p, g.cols);
    size_t cw = p->o.packed ? 1 : p->ei.code_bytes, sw = p->si.code_bytes;
    const char *cwhat = p->o.packed ? "--got (packed codes)" : "--got (one code per element)";
    if ((rc = arr_open(ctx, &got, a->got, "--got")) != CLI_EXIT_OK ||
        (rc = dtype_check(ctx, &got, vec_code_dtype(cw), cwhat)) != CLI_EXIT_OK ||
        (rc = arr_load(ctx, &got, cw, 4 * BLOCK_ORACLE_MAX_ELEMENTS)) != CLI_EXIT_OK ||
        (rc = shape_check(ctx, &got, &g, p->o.packed ? rb : g.cols, cwhat)) != CLI_EXIT_OK)
        goto done;
    if ((rc = arr_open(ctx, &gs, a->blk.got_scales, "--got-scales")) != CLI_EXIT_OK ||
        (rc = dtype_check(ctx, &gs, vec_code_dtype(sw), "--got-scales")) != CLI_EXIT_OK ||
        (rc = arr_load(ctx, &gs, sw, BLOCK_ORACLE_MAX_ELEMENTS)) != CLI_EXIT_OK ||
        (rc = shape_check(ctx, &gs, &g, nb, "--got-scales")) != CLI_EXIT_OK)
        goto done;
    if (a->conv.random) {
        if ((rc = arr_open(ctx, &rnd, a->conv.random, "--random")) != CLI_EXIT_OK ||
            (rc = dtype_check(ctx, &rnd, CLI_NPY_U32, "--random")) != CLI_EXIT_OK ||
            (rc = arr_load(ctx, &rnd, 4, BLOCK_ORACLE_MAX_ELEMENTS)) != CLI_EXIT_OK)
            goto done;
        if (rnd.count != g.rows * g.cols) {
            cli_error(ctx, rnd.v.name, "--random holds %" PRIu64 " values, %s's %" PRIu64
                      " rows of %" PRIu64 " take one each", rnd.count, g.src, g.rows, g.cols);
            rc = CLI_EXIT_FAIL;
            goto done;
        }
        p->o.elem.random = rnd.buf;
    }
    float ts = 0;
    if (a->blk.tensor_scale) {
        if ((rc = load_tensor_scale(ctx, a->blk.tensor_scale, &ts)) != CLI_EXIT_OK)
            goto done;
        p->o.tensor_scale_given = true;
    }
    if (max_report > EXMY_CHECK_KEEP) {
        res->keep = malloc(max_report * sizeof *res->keep);
        if (!res->keep) {
            cli_error(ctx, "--max-report", "out of memory");
            rc = CLI_EXIT_FAIL;
            goto done;
        }
        res->keep_cap = max_report;
    }
    exmy_status st = exmy_block_check(&p->bf, p->type, in.buf, (size_t)g.rows, (size_t)g.cols,
                                      &p->o, &ts, got.buf, gs.buf, res);
    if (st != EXMY_OK) {
        cli_error(ctx, p->set != BLK_SET_NONE ? "--set" : in.v.name, "cannot judge %s: %s",
                  p->name, exmy_strerror(st));
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    print_report(p, &g, a->in ? in.v.name : "", res, ts, p->o.tensor_scale_given, max_report);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error(ctx, NULL, "cannot write the report to stdout");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    rc = res->scale_mismatches || res->mismatches ? CLI_EXIT_FAIL : CLI_EXIT_OK;
done:
    arr_free(&in);
    arr_free(&got);
    arr_free(&gs);
    arr_free(&rnd);
    if (res)
        free(res->keep);
    free(res);
    free(p);
    return rc;
}
