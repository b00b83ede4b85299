/* exmy vectors for a block format (block_oracle.h): the inputs a block
 * quantiser's test should feed, rows x K (exmy_block_vectors_boundary or
 * exmy_block_vectors_random), and exmy's codes, scales and tensor scale for
 * them (exmy_block_quantize), written through vec_write.c, all or none.
 * Also what vectors and check decide the same way about a block target. */
#include "block_oracle.h"
#include "vec_plan.h"
#include "vec_set.h"
#include "vec_write.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ------------------------------------------------------ shared decisions */

bool block_oracle_arg(block_oracle_opts *b, int id, const char *v)
{
    switch (id) {
    case BLK_OPT_COLS: b->cols = v; return true;
    case BLK_OPT_SCALES: b->scales = v; return true;
    case BLK_OPT_GOT_SCALES: b->got_scales = v; return true;
    case BLK_OPT_TENSOR_SCALE: b->tensor_scale = v; return true;
    case BLK_OPT_TAIL: b->tail = v; return true;
    default: return false;
    }
}

const char *block_oracle_given(const block_oracle_opts *b)
{
    return b->cols           ? "--cols"
           : b->scales       ? "--scales"
           : b->got_scales   ? "--got-scales"
           : b->tensor_scale ? "--tensor-scale"
           : b->tail         ? "--tail"
                             : NULL;
}

int block_oracle_target(const cli_ctx *ctx, const char *name, exmy_block_format *bf,
                        bool *is_block)
{
    char why[256] = "";
    exmy_status st = exmy_block_parse(ctx->cat, name, bf, why, sizeof why);
    *is_block = st == EXMY_OK;
    if (st == EXMY_OK || strncasecmp(name, "block:", 6) != 0)
        return CLI_EXIT_OK;
    cli_error(ctx, name, "%s", why[0] ? why : exmy_strerror(st)); /* meant as one: say why not */
    return CLI_EXIT_FAIL;
}

int block_plan_type(cli_ctx *ctx, const char *from, exmy_type *type)
{
    *type = EXMY_TYPE_F32;
    if (from && exmy_type_from_name(from, type) != EXMY_OK) {
        cli_error(ctx, from, "expected --from f32, f16, bf16 or f64");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

int block_plan_make(cli_ctx *ctx, const char *name, const exmy_block_format *bf,
                    const cli_conv_args *conv, const char *set, const char *cols,
                    const char *unsupported, bool packed, block_plan *p)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    p->bf = *bf;
    p->type = EXMY_TYPE_F32;
    if (exmy_format_get_info(&bf->elem, &p->ei) != EXMY_OK ||
        exmy_format_get_info(&bf->scale, &p->si) != EXMY_OK) {
        cli_error(ctx, name, "not a valid block format"); /* exmy_block_parse validates */
        return CLI_EXIT_FAIL;
    }
    if (unsupported)
        return cli_usage(ctx, unsupported, "a block format does not take it (a profile or a "
                                           "plain format does)");
    cli_conv c;
    int rc = cli_conv_parse(ctx, conv, CLI_BITS_SEED, &c);
    if (rc != CLI_EXIT_OK)
        return rc;
    p->o.elem.conv = c.o;
    p->o.elem.seed = c.seed;
    p->seed = c.seed;
    p->stochastic = exmy_round_is_stochastic(c.o.round);
    if (set) {
        vec_set s;
        if ((rc = vec_set_parse(ctx, "--set", set, true, p->seed, &s)) != CLI_EXIT_OK)
            return rc;
        if (s.kind == VEC_SET_ALL)
            return cli_usage(ctx, set, "a block format's sets are rows: boundary or random:N");
        p->set = s.kind == VEC_SET_RANDOM ? BLK_SET_RANDOM : BLK_SET_BOUNDARY;
        p->set_rows = s.count;
    }
    if ((rc = vec_random_usage(ctx, p->stochastic, false, conv->seed != NULL,
                               p->set == BLK_SET_RANDOM)) != CLI_EXIT_OK)
        return rc;
    if (cols) {
        if (!cli_parse_u64(cols, BLOCK_ORACLE_MAX_ELEMENTS, &p->cols) || p->cols < 1) {
            cli_error(ctx, cols, "expected --cols K with 1 <= K <= 2^28");
            return CLI_EXIT_FAIL;
        }
        p->cols_given = true;
    } else if (p->set != BLK_SET_NONE) {
        p->cols = bf->block;
    }
    /* The generated sets are whole blocks (exmy_block_vectors_*). */
    if (p->set != BLK_SET_NONE && p->cols % bf->block) {
        cli_error(ctx, cols, "expected --cols K, a multiple of %s's block size %u, for --set",
                  name, bf->block);
        return CLI_EXIT_FAIL;
    }
    if (p->set == BLK_SET_RANDOM && p->set_rows > BLOCK_ORACLE_MAX_ELEMENTS / p->cols) {
        cli_error(ctx, set,
                  "%" PRIu64 " rows of %" PRIu64 " are more than the 2^28 elements held in "
                  "memory (a block format's set is made whole)",
                  p->set_rows, p->cols);
        return CLI_EXIT_FAIL;
    }
    p->o.packed = packed;
    if (packed && p->ei.code_bytes * 8 == bf->elem.bits)
        return cli_usage(ctx, "--packed", "the elements are whole bytes: nothing to pack");
    return CLI_EXIT_OK;
}

static void *alloc_bytes(cli_ctx *ctx, uint64_t n)
{
    void *b = n < SIZE_MAX ? malloc(n ? (size_t)n : 1) : NULL;
    if (!b)
        cli_error(ctx, NULL, "out of memory");
    return b;
}

int block_set_make(cli_ctx *ctx, const block_plan *p, void **out, uint64_t *rows)
{
    *out = NULL;
    size_t tsize = exmy_type_size(p->type), n = 0;
    exmy_status st;
    if (p->set == BLK_SET_BOUNDARY) {
        st = exmy_block_vectors_boundary(&p->bf, p->type, (size_t)p->cols, NULL, 0, &n);
        if (st == EXMY_OK && n > BLOCK_ORACLE_MAX_ELEMENTS / p->cols) {
            cli_error(ctx, p->name, "the boundary set's %zu rows of %" PRIu64
                      " are more than the 2^28 elements held in memory", n, p->cols);
            return CLI_EXIT_FAIL;
        }
        if (st == EXMY_OK) {
            if (!(*out = alloc_bytes(ctx, (uint64_t)n * p->cols * tsize)))
                return CLI_EXIT_FAIL;
            size_t m = 0;
            st = exmy_block_vectors_boundary(&p->bf, p->type, (size_t)p->cols, *out, n, &m);
            if (st == EXMY_OK && m != n)
                st = EXMY_EINVAL; /* the library broke its promise */
        }
    } else {
        n = (size_t)p->set_rows;
        if (!(*out = alloc_bytes(ctx, (uint64_t)n * p->cols * tsize)))
            return CLI_EXIT_FAIL;
        st = exmy_block_vectors_random(&p->bf, p->type, (size_t)p->cols, p->seed, 0, n, *out);
    }
    if (st != EXMY_OK) {
        cli_error(ctx, p->name, "cannot make the %s set of %s rows of %" PRIu64 ": %s",
                  p->set == BLK_SET_BOUNDARY ? "boundary" : "random", exmy_type_name(p->type),
                  p->cols, exmy_strerror(st));
        free(*out);
        *out = NULL;
        return CLI_EXIT_FAIL;
    }
    *rows = n;
    return CLI_EXIT_OK;
}

const char *block_set_name(const block_plan *p, char *buf, size_t len)
{
    if (p->set == BLK_SET_RANDOM)
        snprintf(buf, len, "random set, seed %" PRIu64, p->seed);
    else
        snprintf(buf, len, "boundary set");
    return buf;
}

void block_plan_title(const block_plan *p, char *buf, size_t len)
{
    const exmy_opts *o = &p->o.elem.conv;
    const char *name = p->bf.name[0] ? p->bf.name : p->name;
    if (p->stochastic)
        snprintf(buf, len, "%s (%s, %u random bits, %s)", name, exmy_round_name(o->round),
                 o->sr_bits, exmy_sat_name(o->sat));
    else
        snprintf(buf, len, "%s (%s, %s)", name, exmy_round_name(o->round), exmy_sat_name(o->sat));
}

uint64_t block_row_bytes(const block_plan *p, uint64_t cols)
{
    return p->o.packed ? vec_packed_bytes(&p->bf.elem, cols) : cols * p->ei.code_bytes;
}

uint64_t block_per_row(const block_plan *p, uint64_t cols)
{
    return cols / p->bf.block + (cols % p->bf.block != 0);
}

/* ---------------------------------------------------------- exmy vectors */

enum { OUT_IN, OUT_EXP, OUT_SCALES, OUT_TS, OUT_RND, N_OUTS };

static bool is_device(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode));
}

/* The combinations of outputs; usage errors. */
static int check_outputs(cli_ctx *ctx, const vectors_block_args *a, const block_plan *p,
                         const char *const *path)
{
    if (a->expected && !a->blk.scales)
        return cli_usage(ctx, "--expected", "the codes are relative to their scales: give "
                                            "--scales FILE too");
    if (a->blk.scales && !a->expected)
        return cli_usage(ctx, "--scales", "the scales go with the codes: give --expected FILE too");
    if (a->blk.tensor_scale && !p->bf.tensor_scale)
        return cli_usage(ctx, "--tensor-scale", "this format has no per-tensor scale");
    /* Two outputs on one file would leave it holding one of them (a device
     * such as /dev/null takes both). */
    for (int i = 0; i < N_OUTS; i++)
        for (int j = i + 1; j < N_OUTS; j++)
            if (path[i] && path[j] && strcmp(path[i], path[j]) == 0 && !is_device(path[j]))
                return cli_usage(ctx, path[j], "names an output already given");
    return CLI_EXIT_OK;
}

/* Put every output in place, or none: all are flushed first (a full disk
 * fails there, before any is renamed); should a commit then fail, the
 * outputs already renamed are removed again. */
static int commit_all(cli_ctx *ctx, vec_writer *w, const bool *open)
{
    for (int i = 0; i < N_OUTS; i++)
        if (open[i] && (fflush(w[i].o.fp) != 0 || ferror(w[i].o.fp))) {
            cli_error(ctx, cli_out_name(&w[i].o), "write error: %s", strerror(errno ? errno : EIO));
            return CLI_EXIT_FAIL;
        }
    char *placed[N_OUTS] = {NULL};
    int rc = CLI_EXIT_OK;
    for (int i = 0; i < N_OUTS && rc == CLI_EXIT_OK; i++) {
        if (!open[i])
            continue;
        const char *target = w[i].o.tmp ? w[i].o.target : NULL;
        char *copy = target ? malloc(strlen(target) + 1) : NULL;
        if (copy)
            strcpy(copy, target);
        rc = vec_commit(ctx, &w[i]);
        if (rc == CLI_EXIT_OK)
            placed[i] = copy;
        else
            free(copy);
    }
    for (int i = 0; i < N_OUTS; i++) {
        if (rc != CLI_EXIT_OK && placed[i])
            remove(placed[i]);
        free(placed[i]);
    }
    return rc;
}

/* The arrays, made whole before any file is opened. */
typedef struct vec_block_data {
    void *in, *codes, *scales;
    uint32_t *rnd;
    float ts;
    uint64_t rows;
} vec_block_data;

static int make_data(cli_ctx *ctx, const vectors_block_args *a, const block_plan *p,
                     vec_block_data *d)
{
    int rc = block_set_make(ctx, p, &d->in, &d->rows);
    if (rc != CLI_EXIT_OK)
        return rc;
    uint64_t n = d->rows * p->cols, nb = block_per_row(p, p->cols);
    if (a->conv.random) {
        /* The bits exmy_block_quantize draws with o->elem.seed (exmy.h,
         * exmy_philox_bits of the row-major index), for a kernel to read. */
        if (!(d->rnd = alloc_bytes(ctx, n * 4)))
            return CLI_EXIT_FAIL;
        exmy_philox_fill(p->seed, 0, (size_t)n, p->o.elem.conv.sr_bits, d->rnd, EXMY_ISA_AUTO);
    }
    d->ts = 1;
    if (!a->expected && !a->blk.tensor_scale)
        return CLI_EXIT_OK;
    if (!(d->codes = alloc_bytes(ctx, d->rows * block_row_bytes(p, p->cols))) ||
        !(d->scales = alloc_bytes(ctx, d->rows * nb * p->si.code_bytes)))
        return CLI_EXIT_FAIL;
    exmy_status st = exmy_block_quantize(&p->bf, p->type, d->in, (size_t)d->rows,
                                         (size_t)p->cols, &p->o, d->codes, d->scales, &d->ts);
    if (st != EXMY_OK) {
        cli_error(ctx, p->name, "cannot quantise the %s: %s%s",
                  p->set == BLK_SET_RANDOM ? "random set" : "boundary set", exmy_strerror(st),
                  st == EXMY_ENONAN ? " (a NaN block, and neither the element nor the scale "
                                      "format has a NaN)"
                                    : "");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* Open the outputs asked for and write them; *open says which are open. */
static int write_outputs(cli_ctx *ctx, const vectors_block_args *a, const block_plan *p,
                         const vec_block_data *d, const char *const *path, vec_writer *w,
                         bool *open)
{
    char set[64], comment[4][512];
    uint64_t rows = d->rows, cols = p->cols, n = rows * cols, nb = block_per_row(p, cols);
    uint64_t rb = block_row_bytes(p, cols);
    const char *fname = p->bf.name[0] ? p->bf.name : p->name;
    snprintf(comment[0], sizeof comment[0],
             "exmy vectors: %" PRIu64 " row%s of %" PRIu64 " %s inputs (%s, of %s)", rows,
             rows == 1 ? "" : "s", cols, exmy_type_name(p->type),
             block_set_name(p, set, sizeof set), fname);
    snprintf(comment[1], sizeof comment[1], "%.300s: expected codes of %s%s", comment[0],
             p->bf.elem.name, a->packed ? ", packed per row" : "");
    snprintf(comment[2], sizeof comment[2], "%.300s: expected %s scale codes, one per %u", comment[0],
             p->bf.scale.name, p->bf.block);
    snprintf(comment[3], sizeof comment[3], "%.300s: random bits R of each element (uint32, Philox seed %" PRIu64 ")",
             comment[0], p->seed);
    uint64_t in_shape[2] = {rows, cols}, exp_shape[2] = {rows, a->packed ? rb : cols},
             sc_shape[2] = {rows, nb}, one = 1;
    vec_spec s[N_OUTS] = {
        {VEC_INPUTS, p->type, NULL, 0, n, "exmy_vectors_in", "EXMY_VECTORS_N", "EXMY_VECTORS_COLS",
         cols, comment[0]},
        {a->packed ? VEC_PACKED : VEC_CODES, p->type, &p->bf.elem, p->ei.code_bytes,
         a->packed ? rows * rb : n, "exmy_vectors_expected",
         a->packed ? "EXMY_VECTORS_PACKED_BYTES" : "EXMY_VECTORS_N",
         a->packed ? "EXMY_VECTORS_N" : NULL, n, comment[1]},
        {VEC_CODES, p->type, &p->bf.scale, p->si.code_bytes, rows * nb, "exmy_vectors_scales",
         "EXMY_VECTORS_SCALES_N", "EXMY_VECTORS_BLOCK", p->bf.block, comment[2]},
        {VEC_INPUTS, EXMY_TYPE_F32, NULL, 0, 1, "exmy_vectors_tensor_scale",
         "EXMY_VECTORS_TENSOR_SCALE_N", NULL, 0, "exmy vectors: the binary32 tensor scale"},
        {VEC_RANDOM, p->type, NULL, 4, n, "exmy_vectors_random", "EXMY_VECTORS_N", NULL, 0,
         comment[3]},
    };
    const uint64_t *shape[N_OUTS] = {in_shape, exp_shape, sc_shape, &one, in_shape};
    unsigned ndim[N_OUTS] = {2, 2, 2, 1, 2};
    float ts = d->ts; /* written from a copy: a raw stream swaps in place */
    void *data[N_OUTS] = {d->in, d->codes, d->scales, &ts, d->rnd};
    static const int order[N_OUTS] = {OUT_EXP, OUT_SCALES, OUT_TS, OUT_RND, OUT_IN};
    int rc;
    for (int k = 0; k < N_OUTS; k++) {
        int i = order[k];
        if (!path[i])
            continue;
        if ((rc = vec_open_shape(ctx, &w[i], path[i], &s[i], ndim[i], shape[i])) != CLI_EXIT_OK)
            return rc;
        open[i] = true;
        if ((rc = vec_write(ctx, &w[i], data[i], (size_t)s[i].count)) != CLI_EXIT_OK)
            return rc;
    }
    return CLI_EXIT_OK;
}

int vectors_block(cli_ctx *ctx, const vectors_block_args *a, const exmy_block_format *bf)
{
    block_plan p;
    int rc = block_plan_make(ctx, a->target, bf, &a->conv, a->set ? a->set : "boundary",
                             a->blk.cols, a->unsupported, a->packed, &p);
    if (rc != CLI_EXIT_OK)
        return rc;
    const char *path[N_OUTS] = {a->out, a->expected, a->blk.scales, a->blk.tensor_scale,
                                a->conv.random};
    if ((rc = check_outputs(ctx, a, &p, path)) != CLI_EXIT_OK ||
        (rc = block_plan_type(ctx, a->from, &p.type)) != CLI_EXIT_OK)
        return rc;
    vec_block_data d;
    memset(&d, 0, sizeof d);
    vec_writer w[N_OUTS];
    bool open[N_OUTS] = {false};
    memset(w, 0, sizeof w);
    if ((rc = make_data(ctx, a, &p, &d)) == CLI_EXIT_OK &&
        (rc = write_outputs(ctx, a, &p, &d, path, w, open)) == CLI_EXIT_OK)
        rc = commit_all(ctx, w, open);
    for (int i = 0; i < N_OUTS; i++)
        if (open[i])
            vec_abort(&w[i]); /* a no-op once committed */
    if (rc == CLI_EXIT_OK) {
        /* The summary would mix with data written to stdout. */
        bool to_stdout = false;
        for (int i = 0; i < N_OUTS; i++)
            to_stdout |= path[i] && strcmp(path[i], "-") == 0;
        if (!to_stdout) {
            char set[64];
            printf("exmy vectors: %" PRIu64 " row%s of %" PRIu64 " %s inputs (%s, of %s) -> %s",
                   d.rows, d.rows == 1 ? "" : "s", p.cols, exmy_type_name(p.type),
                   block_set_name(&p, set, sizeof set),
                   p.bf.name[0] ? p.bf.name : p.name, a->out);
            if (a->expected)
                printf(", expected%s -> %s, scales -> %s", a->packed ? " (packed)" : "",
                       a->expected, a->blk.scales);
            if (p.bf.tensor_scale && (a->expected || a->blk.tensor_scale)) {
                uint32_t b;
                memcpy(&b, &d.ts, 4);
                char hex[48];
                cli_hexfloat(d.ts, hex, sizeof hex);
                printf(", tensor scale %s (0x%08" PRIx32 ")%s%s", hex, b,
                       a->blk.tensor_scale ? " -> " : "",
                       a->blk.tensor_scale ? a->blk.tensor_scale : "");
            }
            if (a->conv.random)
                printf(", random -> %s", a->conv.random);
            putchar('\n');
        }
    }
    free(d.in);
    free(d.codes);
    free(d.scales);
    free(d.rnd);
    return rc;
}
