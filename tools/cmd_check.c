/* exmy check: judge a kernel's output dump against exmy's answer, element by
 * element, through exmy_check_array, in chunks (constant memory however long
 * the arrays: --set all streams 2^32 binary32 inputs with no input file).
 *
 * Structure: parse argv into check_args (strings as given), check what does
 * not depend on the files into a check_plan (the profile, the input type,
 * the set), open the arrays (vec_read.h) and compare their counts before
 * anything is judged, stream chunk by chunk into one exmy_check_result, then
 * print the report. Nothing goes to stdout before the last chunk is judged,
 * so an error is one line on stderr and nothing else. */
#include "block_oracle.h"
#include "cli.h"
#include "npy.h"
#include "vec_kind.h"
#include "vec_plan.h"
#include "vec_read.h"
#include "vec_set.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* With the block formats the help outgrew the 4095 characters C requires a
 * compiler to take in one string literal; GCC and Clang take any length. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
static const char help[] =
    "Usage: exmy check TARGET (--in INPUTS | --set all|random:N) --got OUTPUTS\n"
    "                  [--from f32|f16|bf16|f64] [--random BITS [--random-operands]]\n"
    "                  [--seed S] [--scale N] [--packed] [--max-report N] [--threads N]\n"
    "                  [--round MODE --sat MODE --sr-bits N (a FORMAT)]\n"
    "       exmy check BLOCKFORMAT (--in INPUTS | --set boundary|random:N [--cols K])\n"
    "                  --got CODES --got-scales SCALES [--tensor-scale FILE]\n"
    "                  [--packed] [--tail error|short] [--random BITS | --seed S]\n"
    "                  [--from TYPE] [--max-report N] [--round, --sat, --sr-bits]\n"
    "\n"
    "Judge the codes a kernel wrote (--got) for the inputs it read (--in, or the\n"
    "set --set makes, as 'exmy vectors --set' writes it) against exmy's answer\n"
    "for TARGET, a PROFILE (a vendor's conversion, see 'exmy profiles') or a\n"
    "FORMAT (converted as exmy's format contract, with --round, --sat and\n"
    "--sr-bits; rne and satfinite by default). An element matches when its code\n"
    "is one the target may write: exmy's code, or where the profile leaves the\n"
    "NaN code open, any NaN of the format. Inputs with no answer (a NaN into a\n"
    "format without NaN) are counted but not judged.\n"
    "\n"
    "The report lists, for each class of input (exact, tie, inexact, subnormal\n"
    "result, underflow to zero, overflow, +-inf in, nan in, -0 in), the inputs\n"
    "and the mismatches, then the first mismatches with the input as %a and hex,\n"
    "the expected code and the kernel's.\n"
    "\n"
    "A BLOCKFORMAT (mxfp8_e4m3, nvfp4, block:ELEM/SCALE/N[/RULE]) is judged as\n"
    "exmy_block_quantize writes it: each block's scale code first, then the\n"
    "elements of the blocks whose scale matches (none under a NaN scale: OCP MX\n"
    "v1.0 §6.3 makes the whole block NaN). --in is (rows, K) (1-D: one row; raw:\n"
    "--cols K cuts the rows), or --set makes what 'exmy vectors BLOCKFORMAT'\n"
    "wrote; --got holds (rows, K) codes, or with --packed the bytes of each\n"
    "packed row; --got-scales (rows, K / N) scale codes. Other shapes, and a K\n"
    "that is not a multiple of N without --tail short, are errors. nvfp4:\n"
    "--tensor-scale FILE (one float32, as exmy vectors and convert write it) is\n"
    "the kernel's tensor scale; without it exmy computes its own. Stochastic\n"
    "modes: --random BITS (one per element, row-major) or --seed S.\n"
    "\n"
    "Arrays are raw little-endian or NumPy .npy vectors (by the extension .npy\n"
    "or the .npy magic); '-' reads stdin (one array at most):\n"
    "  --in INPUTS    the inputs: .npy float32, float16 or float64 (the dtype is\n"
    "                 the type unless --from says otherwise), uint16 (needs --from\n"
    "                 f16 or bf16), or raw elements of --from (default: the\n"
    "                 profile's first input type, f32 for a FORMAT)\n"
    "  --set all      every bit pattern of the input type, 0 .. 2^w - 1 in order\n"
    "                 (f16, bf16: 65536; f32: 2^32 in constant memory; not f64)\n"
    "  --set random:N N random inputs (1 <= N <= 2^40) keyed by --seed\n"
    "  --got OUTPUTS  the kernel's codes: .npy uint8, uint16 or uint32 as wide as\n"
    "                 the format's codes (1 byte for <= 8 bits, 2 for <= 16, else\n"
    "                 4), or raw codes of that width; as many as the inputs\n"
    "  --packed       --got holds codes packed densely, as hardware stores FP4\n"
    "                 and FP6: element i at bits k*i .. k*i+k-1 of a little-endian\n"
    "                 bit stream (FP4: two per byte, the first element in the low\n"
    "                 nibble; FP6: four in three bytes); .npy uint8 or raw bytes\n"
    "\n"
    "Stochastic targets (their random bits R, as the kernel drew them):\n"
    "  --random BITS  .npy uint32 or raw uint32: element i's R is the low sr-bits\n"
    "                 bits of value i (one value per element)\n"
    "  --random-operands  BITS (or Philox) gives the instruction's random operand,\n"
    "                 one per 'lanes' elements, and each lane takes its bits as\n"
    "                 the profile says (exmy info PROFILE)\n"
    "  --seed S       without --random: R of element i is exmy_philox_bits(S, i,\n"
    "                 sr-bits), or the operand of instruction j is\n"
    "                 exmy_philox_bits(S, j, 32) (default S = 0); also the seed\n"
    "                 of --set random:N\n"
    "\n"
    "Options:\n"
    "  --from TYPE    the input type: f32, f16, bf16 or f64\n"
    "  --scale N      a scaled profile's scale: x * 2^N is rounded (default 0)\n"
    "  --max-report N list the first N mismatches (default 10; 0 lists none;\n"
    "                 at most 1000000)\n"
    "  --threads N    up to N threads, 1..64 (default 1); results never depend on N\n"
    "  --round, --sat, --sr-bits  a FORMAT's conversion (as in 'exmy convert')\n"
    "\n"
    "Exit status: 0 every judged element matches, 1 a mismatch or bad input (an\n"
    "unreadable or malformed file, arrays whose lengths disagree, a .npy dtype\n"
    "that disagrees with --from), 2 a usage error.\n"
    "\n"
    "Examples:\n"
    "  exmy vectors cuda-e4m3-satfinite --out in.npy\n"
    "  (run the kernel on in.npy, dump its codes to got.npy)\n"
    "  exmy check cuda-e4m3-satfinite --in in.npy --got got.npy\n"
    "  exmy check e2m1fn --from f16 --set all --got fp4.bin --packed\n"
    "  exmy check e5m2 --sat nosat --in x.f32 --got q.bin --max-report 0\n"
    "  exmy check nvfp4 --in x.npy --got codes.npy --got-scales scales.npy \\\n"
    "      --tensor-scale ts.npy --packed\n";
#pragma GCC diagnostic pop

enum {
    OPT_IN = 1,
    OPT_SET,
    OPT_GOT,
    OPT_FROM,
    OPT_OPERANDS,
    OPT_PACKED,
    OPT_MAX_REPORT,
    OPT_THREADS
};
static const cli_option options[] = {
    {"in", CLI_PATH, OPT_IN},
    {"set", true, OPT_SET},
    {"got", CLI_PATH, OPT_GOT},
    {"from", true, OPT_FROM},
    CLI_CONV_OPTIONS,
    {"seed", true, CLI_OPT_SEED},
    {"random", CLI_PATH, CLI_OPT_RANDOM},
    {"random-operands", false, OPT_OPERANDS},
    {"scale", true, CLI_OPT_SCALE},
    {"packed", false, OPT_PACKED},
    {"max-report", true, OPT_MAX_REPORT},
    {"threads", true, OPT_THREADS},
    CHECK_BLOCK_OPTIONS, /* a block format only (check_block.c) */
    {NULL, false, 0},
};

/* The command line as given (NULL: not given). */
typedef struct check_args {
    const char *target;
    const char *in, *set, *got, *from;
    cli_conv_args conv; /* --round, --sat, --sr-bits, --seed, --random, --scale */
    bool operands, packed;
    const char *max_report, *threads;
    block_oracle_opts blk; /* --cols, --got-scales, --tensor-scale, --tail */
} check_args;

/* What the stream loop needs, checked. */
typedef struct check_plan {
    const exmy_profile *p; /* &prof */
    exmy_profile prof;     /* the profile, or the FORMAT's (exmy_profile_from_format) */
    exmy_format_info info;
    char title[160];       /* the target for the report's first line */
    exmy_type type;        /* the input type */
    bool stochastic;
    bool operands;         /* --random-operands */
    bool packed;
    bool use_set;          /* --set instead of --in */
    vec_set set;
    uint64_t seed;
    int scale_exp;
    size_t max_report;
    unsigned threads;
    size_t chunk;          /* elements per chunk (vec_chunk) */
} check_plan;

enum { MAX_THREADS = 64, MAX_REPORT = 1000000, DEFAULT_REPORT = 10 };

static int parse_args(cli_ctx *ctx, int argc, char **argv, check_args *ca)
{
    memset(ca, 0, sizeof *ca);
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, options, &v)) != CLI_END;) {
        switch (id) {
        case CLI_STOP:
            return a.exit == CLI_EXIT_OK ? -1 : a.exit; /* -1: help printed, done */
        case CLI_OPERAND:
            if (ca->target)
                return cli_usage(ctx, v, "expected one TARGET (a profile or a format)");
            ca->target = v;
            break;
        case OPT_IN: ca->in = v; break;
        case OPT_SET: ca->set = v; break;
        case OPT_GOT: ca->got = v; break;
        case OPT_FROM: ca->from = v; break;
        case OPT_OPERANDS: ca->operands = true; break;
        case OPT_PACKED: ca->packed = true; break;
        case OPT_MAX_REPORT: ca->max_report = v; break;
        case OPT_THREADS: ca->threads = v; break;
        default:
            if (!block_oracle_arg(&ca->blk, id, v))
                cli_conv_arg(&ca->conv, id, v);
            break;
        }
    }
    if (!ca->target)
        return cli_usage(ctx, NULL, "expected a TARGET (a profile or a format)");
    if (!ca->in && !ca->set)
        return cli_usage(ctx, NULL, "expected --in INPUTS or --set all|random:N");
    if (ca->in && ca->set)
        return cli_usage(ctx, "--set", "give --in INPUTS or --set, not both");
    if (!ca->got)
        return cli_usage(ctx, NULL, "expected --got OUTPUTS (the kernel's codes)");
    return CLI_EXIT_OK;
}

/* The target as the report names it: a profile's name, or a format with
 * the conversion it was given. */
static void plan_title(const cli_target *t, check_plan *p)
{
    char *b = p->title;
    size_t len = sizeof p->title;
    if (t->prof) {
        snprintf(b, len, "%s", t->prof->name);
        return;
    }
    const exmy_opts *o = &p->p->conv;
    const char *name = t->f.name[0] ? t->f.name : t->name;
    if (exmy_round_is_stochastic(o->round))
        snprintf(b, len, "%s (%s, %u random bits, %s)", name, exmy_round_name(o->round), o->sr_bits,
                 exmy_sat_name(o->sat));
    else
        snprintf(b, len, "%s (%s, %s)", name, exmy_round_name(o->round), exmy_sat_name(o->sat));
}

/* Everything that does not depend on the files. */
static int make_plan(cli_ctx *ctx, const check_args *ca, check_plan *p)
{
    memset(p, 0, sizeof *p);
    /* --seed is check's own (it keys --set random:N too), so it is allowed
     * with every target here and its use is checked below. */
    cli_target t;
    cli_conv conv;
    int rc = vec_target(ctx, ca->target, &ca->conv, &t, &conv, &p->prof);
    if (rc != CLI_EXIT_OK)
        return rc;
    p->p = &p->prof;
    p->info = t.info;
    plan_title(&t, p);
    p->stochastic = exmy_round_is_stochastic(p->p->conv.round);
    p->operands = ca->operands;
    p->packed = ca->packed;
    p->seed = conv.seed;
    p->scale_exp = conv.scale_exp;
    bool random_set = ca->set && strncmp(ca->set, "random:", 7) == 0;
    if ((rc = vec_random_usage(ctx, p->stochastic, ca->operands, ca->conv.seed != NULL,
                               random_set)) != CLI_EXIT_OK)
        return rc;
    if (ca->conv.seed && ca->conv.random && !random_set)
        return cli_usage(ctx, "--seed", "give --random BITS or --seed S, not both");
    if ((rc = vec_input_type(ctx, ca->from, p->p, &p->type)) != CLI_EXIT_OK)
        return rc;
    uint64_t n = DEFAULT_REPORT;
    if (ca->max_report && !cli_parse_u64(ca->max_report, MAX_REPORT, &n)) {
        cli_error(ctx, ca->max_report, "expected --max-report N with 0 <= N <= %d", MAX_REPORT);
        return CLI_EXIT_FAIL;
    }
    p->max_report = (size_t)n;
    n = 1;
    if (ca->threads && (!cli_parse_u64(ca->threads, MAX_THREADS, &n) || n < 1)) {
        cli_error(ctx, ca->threads, "expected --threads N with N in 1..%d", MAX_THREADS);
        return CLI_EXIT_FAIL;
    }
    p->threads = (unsigned)n;
    if (ca->set) {
        p->use_set = true;
        if ((rc = vec_set_parse(ctx, "--set", ca->set, false, p->seed, &p->set)) != CLI_EXIT_OK ||
            (rc = vec_set_size(ctx, &p->set, p->type)) != CLI_EXIT_OK)
            return rc;
    }
    p->chunk = vec_chunk(p->p);
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------- arrays */

/* The input type from a .npy dtype: it decides unless --from was given, and
 * then it must agree. */
static int settle_input_type(cli_ctx *ctx, const check_args *ca, const vec_reader *in,
                             check_plan *p)
{
    if (!in->npy)
        return CLI_EXIT_OK;
    cli_npy_dtype d = in->r.h.dtype;
    if (!ca->from) {
        switch (d) {
        case CLI_NPY_F32: p->type = EXMY_TYPE_F32; break;
        case CLI_NPY_F16: p->type = EXMY_TYPE_F16; break;
        case CLI_NPY_F64: p->type = EXMY_TYPE_F64; break;
        case CLI_NPY_U16:
            cli_error(ctx, in->name,
                      "a .npy of uint16 holds bit patterns: give --from f16 or --from bf16");
            return CLI_EXIT_FAIL;
        default:
            cli_error(ctx, in->name,
                      "expected --in of float32, float16, float64 or uint16 (f16/bf16 bits), "
                      "not %s",
                      cli_npy_dtype_name(d));
            return CLI_EXIT_FAIL;
        }
        return cli_profile_check_input(ctx, in->name, p->p, p->type); /* a FORMAT takes all */
    }
    /* The dtype exmy vectors writes for the type; f16 also as its bits. */
    if (d != vec_input_dtype(p->type) && !(p->type == EXMY_TYPE_F16 && d == CLI_NPY_U16)) {
        cli_error(ctx, in->name, "the .npy dtype %s does not agree with --from %s",
                  cli_npy_dtype_name(d), ca->from);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* --got: .npy of the codes' width (uint8 when packed) or raw. */
static int settle_got(cli_ctx *ctx, vec_reader *got, const check_plan *p)
{
    size_t width = p->packed ? 1 : p->info.code_bytes;
    if (got->npy) {
        cli_npy_dtype want = vec_code_dtype(width);
        if (got->r.h.dtype != want) {
            cli_error(ctx, got->name, "expected --got of %s (%s), not %s", cli_npy_dtype_name(want),
                      p->packed ? "packed codes" : "one code per element",
                      cli_npy_dtype_name(got->r.h.dtype));
            return CLI_EXIT_FAIL;
        }
    }
    return vec_reader_raw(ctx, got, width);
}

/* --random: .npy of uint32 or raw uint32. */
static int settle_random(cli_ctx *ctx, vec_reader *r)
{
    if (r->npy && r->r.h.dtype != CLI_NPY_U32) {
        cli_error(ctx, r->name, "expected --random of uint32, not %s",
                  cli_npy_dtype_name(r->r.h.dtype));
        return CLI_EXIT_FAIL;
    }
    return vec_reader_raw(ctx, r, 4);
}

/* How many --random values n inputs take. */
static uint64_t random_needed(const check_plan *p, uint64_t n)
{
    return vec_random_count(p->p, p->operands, n);
}

/* How many --got elements (codes, or packed bytes) n inputs take. */
static uint64_t got_needed(const check_plan *p, uint64_t n)
{
    return p->packed ? vec_packed_bytes(&p->p->format, n) : n;
}

/* The counts disagree: one line that says both. `more`: the array holds
 * more than `have` (a stream that runs on is not read to its end: it may be
 * a device that never ends). */
static int count_error(cli_ctx *ctx, const check_plan *p, const vec_reader *v, uint64_t have,
                       bool more, uint64_t inputs)
{
    const char *src = p->use_set ? "--set" : "--in";
    const char *than = more ? "more than " : "";
    if (strcmp(v->what, "--got") == 0 && p->packed)
        cli_error(ctx, v->name,
                  "--got holds %s%" PRIu64 " bytes of packed codes, %s %" PRIu64
                  " inputs take %" PRIu64,
                  than, have, src, inputs, got_needed(p, inputs));
    else if (strcmp(v->what, "--got") == 0)
        cli_error(ctx, v->name, "--got holds %s%" PRIu64 " codes, %s %" PRIu64 " inputs", than,
                  have, src, inputs);
    else
        cli_error(ctx, v->name,
                  "--random holds %s%" PRIu64 " values, %s %" PRIu64 " inputs take %" PRIu64
                  " (one per %s)",
                  than, have, src, inputs, random_needed(p, inputs),
                  p->operands ? "instruction" : "element");
    return CLI_EXIT_FAIL;
}

/* ------------------------------------------------------------ judging */

typedef struct check_io {
    vec_reader in, got, rnd;
    bool has_in, has_rnd;
} check_io;

typedef struct check_bufs {
    void *in, *codes, *packed;
    uint32_t *rnd;
    void *scratch; /* for draining a stream that runs on */
} check_bufs;

/* Read the next n elements of `v` (n > 0); a stream that ends first is a
 * count error, reported with the input's full length. */
static int read_exact(cli_ctx *ctx, const check_plan *p, check_io *io, vec_reader *v, void *buf,
                      size_t n, check_bufs *b)
{
    size_t k;
    int rc = vec_reader_read(ctx, v, buf, n, &k);
    if (rc != CLI_EXIT_OK || k == n)
        return rc;
    /* v ended early: how long is the input? */
    uint64_t inputs;
    if (p->use_set) {
        inputs = p->set.count;
    } else if (io->in.known) {
        inputs = io->in.count;
    } else {
        if ((rc = vec_reader_drain(ctx, &io->in, b->scratch, p->chunk)) != CLI_EXIT_OK)
            return rc;
        inputs = io->in.done;
    }
    return count_error(ctx, p, v, v->done, false, inputs);
}

/* After the last input: `v` must hold nothing more. */
static int expect_end(cli_ctx *ctx, const check_plan *p, vec_reader *v, uint64_t inputs)
{
    size_t k;
    unsigned char one[8];
    int rc = vec_reader_read(ctx, v, one, 1, &k);
    if (rc != CLI_EXIT_OK || k == 0)
        return rc;
    return count_error(ctx, p, v, v->done - 1, true, inputs);
}

static int stream(cli_ctx *ctx, const check_plan *p, check_io *io, exmy_check_result *res)
{
    size_t c = p->chunk, tsize = exmy_type_size(p->type), cb = p->info.code_bytes;
    check_bufs b = {0};
    b.in = malloc(c * tsize);
    b.codes = malloc(c * cb);
    b.packed = p->packed ? malloc((size_t)got_needed(p, c)) : NULL;
    b.rnd = io->has_rnd ? malloc(c * sizeof *b.rnd) : NULL;
    b.scratch = malloc(c * 8); /* the widest element any array here has */
    int rc = CLI_EXIT_OK;
    if (!b.in || !b.codes || (p->packed && !b.packed) || (io->has_rnd && !b.rnd) || !b.scratch) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    exmy_check_opts o = {0};
    o.random_operands = p->operands;
    o.seed = p->seed;
    o.scale_exp = p->scale_exp;
    o.threads = p->threads;
    uint64_t base = 0;
    for (;;) {
        size_t n;
        if (p->use_set) {
            uint64_t left = p->set.count - base;
            n = left < c ? (size_t)left : c;
            exmy_status st = n ? vec_set_fill(&p->set, p->p, p->type, p->scale_exp, base, n, b.in)
                               : EXMY_OK;
            if (st != EXMY_OK) {
                cli_error(ctx, "--set", "cannot make the inputs: %s", exmy_strerror(st));
                rc = CLI_EXIT_FAIL;
                break;
            }
        } else if ((rc = vec_reader_read(ctx, &io->in, b.in, c, &n)) != CLI_EXIT_OK) {
            break;
        }
        if (n == 0)
            break;
        if (p->packed) {
            if ((rc = read_exact(ctx, p, io, &io->got, b.packed, (size_t)got_needed(p, n),
                                 &b)) != CLI_EXIT_OK)
                break;
            exmy_status st = exmy_unpack_codes(&p->p->format, b.packed, n, b.codes);
            if (st != EXMY_OK) {
                cli_error(ctx, io->got.name, "cannot unpack the codes: %s", exmy_strerror(st));
                rc = CLI_EXIT_FAIL;
                break;
            }
        } else if ((rc = read_exact(ctx, p, io, &io->got, b.codes, n, &b)) !=
                   CLI_EXIT_OK) {
            break;
        }
        if (io->has_rnd && (rc = read_exact(ctx, p, io, &io->rnd, b.rnd,
                                            (size_t)random_needed(p, n), &b)) !=
                               CLI_EXIT_OK)
            break;
        o.random = io->has_rnd ? b.rnd : NULL;
        o.index0 = base;
        exmy_status st = exmy_check_array(p->p, p->type, b.in, b.codes, n, &o, res);
        if (st != EXMY_OK) {
            cli_error(ctx, p->use_set ? "--set" : io->in.name, "cannot judge the elements from %" PRIu64 ": %s",
                      base, exmy_strerror(st));
            rc = CLI_EXIT_FAIL;
            break;
        }
        base += n;
        if (n < c)
            break;
    }
    if (rc == CLI_EXIT_OK)
        rc = expect_end(ctx, p, &io->got, base);
    if (rc == CLI_EXIT_OK && io->has_rnd)
        rc = expect_end(ctx, p, &io->rnd, base);
done:
    free(b.in);
    free(b.codes);
    free(b.packed);
    free(b.rnd);
    free(b.scratch);
    return rc;
}

/* Open the arrays and compare the counts that are known before reading. */
static int open_arrays(cli_ctx *ctx, const check_args *ca, check_plan *p, check_io *io)
{
    int rc;
    int stdins = (ca->in && strcmp(ca->in, "-") == 0) + (strcmp(ca->got, "-") == 0) +
                 (ca->conv.random && strcmp(ca->conv.random, "-") == 0);
    if (stdins > 1)
        return cli_usage(ctx, "-", "only one array can come from stdin");
    if (ca->in) {
        io->has_in = true;
        if ((rc = vec_reader_open(ctx, &io->in, ca->in, "--in")) != CLI_EXIT_OK ||
            (rc = settle_input_type(ctx, ca, &io->in, p)) != CLI_EXIT_OK ||
            (rc = vec_reader_raw(ctx, &io->in, exmy_type_size(p->type))) != CLI_EXIT_OK)
            return rc;
    }
    if ((rc = vec_reader_open(ctx, &io->got, ca->got, "--got")) != CLI_EXIT_OK ||
        (rc = settle_got(ctx, &io->got, p)) != CLI_EXIT_OK)
        return rc;
    if (ca->conv.random) {
        io->has_rnd = true;
        if ((rc = vec_reader_open(ctx, &io->rnd, ca->conv.random, "--random")) != CLI_EXIT_OK ||
            (rc = settle_random(ctx, &io->rnd)) != CLI_EXIT_OK)
            return rc;
    }
    bool known = p->use_set || io->in.known;
    uint64_t inputs = p->use_set ? p->set.count : io->in.count;
    if (known && io->got.known && io->got.count != got_needed(p, inputs))
        return count_error(ctx, p, &io->got, io->got.count, false, inputs);
    if (known && io->has_rnd && io->rnd.known && io->rnd.count != random_needed(p, inputs))
        return count_error(ctx, p, &io->rnd, io->rnd.count, false, inputs);
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------- report */

static void print_report(const check_plan *p, const exmy_check_result *res)
{
    char set[96] = "";
    if (p->use_set) {
        char d[80];
        vec_set_describe(&p->set, p->type, NULL, d, sizeof d);
        snprintf(set, sizeof set, " (%s)", d);
    }
    printf("exmy check: %s, %" PRIu64 " %s inputs%s\n", p->title, res->total,
           exmy_type_name(p->type), set);

    enum { ROWS = EXMY_CHECK_CLASS_COUNT + 2 };
    char nums[ROWS][2][24];
    const char *cells[ROWS * 3];
    cells[0] = "class";
    cells[1] = "inputs";
    cells[2] = "mismatches";
    for (int i = 0; i <= EXMY_CHECK_CLASS_COUNT; i++) {
        bool total = i == EXMY_CHECK_CLASS_COUNT;
        snprintf(nums[i][0], sizeof nums[i][0], "%" PRIu64, total ? res->total : res->count[i]);
        snprintf(nums[i][1], sizeof nums[i][1], "%" PRIu64,
                 total ? res->mismatches : res->mismatch[i]);
        cells[3 * (i + 1)] = total ? "total" : exmy_check_class_name((exmy_check_class)i);
        cells[3 * (i + 1) + 1] = nums[i][0];
        cells[3 * (i + 1) + 2] = nums[i][1];
    }
    static const bool right[3] = {false, true, true};
    cli_table(stdout, cells, ROWS, 3, right);
    if (res->unjudged)
        printf("no answer: %" PRIu64 " (NaN into a format without NaN; not judged)\n",
               res->unjudged);

    size_t shown = res->kept < p->max_report ? res->kept : p->max_report;
    if (shown) {
        const exmy_check_mismatch *m = res->keep ? res->keep : res->first;
        printf("first %zu mismatch%s:\n", shown, shown == 1 ? "" : "es");
        for (size_t i = 0; i < shown; i++) {
            char line[512];
            exmy_check_describe(p->p, p->type, &m[i], line, sizeof line);
            printf("  %s\n", line);
        }
    }
    if (res->mismatches)
        printf("FAIL: %" PRIu64 " of %" PRIu64 " elements differ\n", res->mismatches, res->total);
    else if (res->unjudged)
        printf("OK: all %" PRIu64 " judged elements match\n", res->total - res->unjudged);
    else
        printf("OK: all %" PRIu64 " elements match\n", res->total);
}

/* A block format goes to check_block.c; its options are errors with any
 * other target. Returns -1 when the target is not a block format. */
static int run_block(cli_ctx *ctx, const check_args *ca)
{
    exmy_block_format bf;
    bool is_block;
    int rc = block_oracle_target(ctx, ca->target, &bf, &is_block);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (is_block) {
        check_block_args b = {ca->target, ca->in, ca->set, ca->got, ca->from, ca->max_report,
                              ca->threads, ca->packed,
                              ca->operands ? "--random-operands" : ca->conv.scale ? "--scale" : NULL,
                              ca->conv, ca->blk};
        return check_block(ctx, &b, &bf);
    }
    const char *bad = block_oracle_given(&ca->blk);
    return bad ? cli_usage(ctx, bad, "only a block format (mxfp8_e4m3, nvfp4, block:...) takes it")
               : -1;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    check_args ca;
    int rc = parse_args(ctx, argc, argv, &ca);
    if (rc != CLI_EXIT_OK)
        return rc < 0 ? CLI_EXIT_OK : rc;
    if ((rc = run_block(ctx, &ca)) >= 0)
        return rc;
    check_plan *p = malloc(sizeof *p);
    check_io io;
    memset(&io, 0, sizeof io);
    exmy_check_result res;
    memset(&res, 0, sizeof res);
    if (!p) {
        cli_error(ctx, NULL, "out of memory");
        return CLI_EXIT_FAIL;
    }
    if ((rc = make_plan(ctx, &ca, p)) != CLI_EXIT_OK ||
        (rc = open_arrays(ctx, &ca, p, &io)) != CLI_EXIT_OK)
        goto done;
    /* The first mismatches: the result's own EXMY_CHECK_KEEP, or more. */
    if (p->max_report > EXMY_CHECK_KEEP) {
        res.keep = malloc(p->max_report * sizeof *res.keep);
        if (!res.keep) {
            cli_error(ctx, "--max-report", "out of memory");
            rc = CLI_EXIT_FAIL;
            goto done;
        }
        res.keep_cap = p->max_report;
    }
    if ((rc = stream(ctx, p, &io, &res)) != CLI_EXIT_OK)
        goto done;
    print_report(p, &res);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error(ctx, NULL, "cannot write the report to stdout");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    rc = res.mismatches ? CLI_EXIT_FAIL : CLI_EXIT_OK;
done:
    vec_reader_close(&io.in);
    vec_reader_close(&io.got);
    vec_reader_close(&io.rnd);
    free(res.keep);
    free(p);
    return rc;
}

const cli_command cmd_check = {"check", "judge a kernel's output codes against exmy's answer",
                               help, run, options, CLI_BITS_SEED, false};
