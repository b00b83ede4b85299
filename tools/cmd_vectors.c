/* exmy vectors: the inputs a kernel test should feed (the boundary set,
 * every bit pattern of a 16- or 32-bit type, or a seeded random set), and
 * optionally exmy's expected codes and the random bits of a stochastic
 * target, as .npy, .csv, C headers or raw streams.
 *
 * Structure: parse argv into vectors_args, check it into a vectors_plan
 * (the profile, the input type, the set and its size, which outputs), open
 * every output, then stream chunk by chunk: make the chunk's inputs, their R,
 * their codes, and hand each array to its writer (vec_write.c). */
#include "block_oracle.h"
#include "cli.h"
#include "vec_plan.h"
#include "vec_set.h"
#include "vec_write.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* With the block formats the help outgrew the 4095 characters C requires a
 * compiler to take in one string literal; GCC and Clang take any length. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
static const char help[] =
    "Usage: exmy vectors PROFILE|FORMAT --out INPUTS [--expected FILE] [--packed]\n"
    "                    [--from f32|f16|bf16|f64] [--set boundary|all|random:N]\n"
    "                    [--seed S] [--scale N] [--random FILE] [--random-operands]\n"
    "                    [--round MODE --sat MODE --sr-bits N (a FORMAT only)]\n"
    "       exmy vectors BLOCKFORMAT --out INPUTS [--expected CODES --scales SCALES]\n"
    "                    [--tensor-scale FILE] [--packed] [--cols K] [--from TYPE]\n"
    "                    [--set boundary|random:N] [--seed S] [--random FILE]\n"
    "                    [--round MODE --sat MODE --sr-bits N]\n"
    "\n"
    "Write the inputs a kernel test should feed to a conversion (--out), and\n"
    "exmy's answer for each (--expected), for a profile (a vendor's instruction,\n"
    "see 'exmy profiles') or a format (its rounding: --round, default rne;\n"
    "--sat, default satfinite; --sr-bits for the stochastic modes). Judge the\n"
    "kernel's output afterwards with 'exmy check'.\n"
    "\n"
    "Sets (--set):\n"
    "  boundary   (default) every input a conversion can get wrong: each value of\n"
    "             the target and each midpoint, +-1 and +-2 ulps of the input type\n"
    "             around them, both signs; the overflow, subnormal and underflow\n"
    "             edges; +-0, +-Inf, the input's subnormals; NaNs (quiet and\n"
    "             signalling, both signs, several payloads). Ascending, NaNs last\n"
    "  all        every bit pattern of the input type, 0 .. 2^w - 1 in order\n"
    "             (f16, bf16: 65536; f32: 2^32, streamed in constant memory;\n"
    "             not f64)\n"
    "  random:N   N inputs (1 <= N <= 2^40) from Philox keyed by --seed: half\n"
    "             random bit patterns, half spread over the target's exponent\n"
    "             range; element i depends on (seed, i) alone\n"
    "\n"
    "A BLOCKFORMAT (mxfp8_e4m3, mxfp4_e2m1, nvfp4, ..., block:ELEM/SCALE/N[/RULE])\n"
    "writes rows of K inputs (--cols K: a multiple of the block size N, default\n"
    "N): --set boundary (default: amax at and around each power of two, the\n"
    "element's boundaries at several scales, zero, NaN, Inf and subnormal\n"
    "blocks) or random:N (N rows keyed by --seed). A .npy --out is (rows, K);\n"
    "--expected exmy's codes, (rows, K), or bytes per row with --packed;\n"
    "--scales the scale codes, (rows, K / N); --tensor-scale FILE (nvfp4) the\n"
    "binary32 tensor scale exmy computed, as 'exmy convert' writes it (the\n"
    "summary line prints it too). Stochastic modes round element i (row-major)\n"
    "with R = exmy_philox_bits(S, i, sr-bits); --random writes them.\n"
    "\n"
    "Files, by extension (--out, --expected, --random):\n"
    "  .npy  a vector: inputs float32/float16/float64 (bf16: uint16 bit\n"
    "        patterns), codes uint8/16/32 (packed: uint8), random bits uint32\n"
    "  .csv  rows 'index,bits,value' (bits in hex, value as %a), 'index,code' or\n"
    "        'index,random'\n"
    "  .h    a C header for a device test: '#define EXMY_VECTORS_N n' and\n"
    "        'static const uintW_t exmy_vectors_in[]' (bit patterns),\n"
    "        exmy_vectors_expected[] (EXMY_VECTORS_PACKED_BYTES with --packed),\n"
    "        exmy_vectors_random[] (EXMY_VECTORS_RANDOM_N)\n"
    "  else  raw little-endian elements\n"
    "Files are written under a temporary name and renamed at the end: an error\n"
    "leaves none behind. .csv and .h of every f32 pattern are refused (too big).\n"
    "\n"
    "Options:\n"
    "  --out FILE        the inputs (required)\n"
    "  --expected FILE   exmy's code for each input (exmy_profile_convert). An\n"
    "                    input with no answer (NaN into a format without NaN)\n"
    "                    gets code 0, said on stderr; exmy check does not judge it\n"
    "  --packed          --expected holds codes packed as hardware stores them:\n"
    "                    FP4 two to a byte (first element in the low nibble), FP6\n"
    "                    four to three bytes (not .csv)\n"
    "  --from TYPE       the input type: default the profile's first of f32, f16,\n"
    "                    bf16, f64; f32 for a format\n"
    "  --seed S          the random set's seed, and a stochastic target's Philox\n"
    "                    key (default 0)\n"
    "  --scale N         a scaled profile's scale exponent: the set is the\n"
    "                    boundaries of x * 2^N, the codes use scale N\n"
    "  --random FILE     stochastic targets: the R of each element,\n"
    "                    exmy_philox_bits(S, i, sr-bits), as uint32\n"
    "  --random-operands stochastic targets: R comes from the instruction's random\n"
    "                    operand, exmy_philox_bits(S, j, 32) for instruction\n"
    "                    j = i / lanes, through the profile's rbits; --random then\n"
    "                    holds one operand per instruction\n"
    "\n"
    "On success one line on stdout says what was written. Exit status: 0 ok,\n"
    "1 bad input (an unknown target, a type it does not take, a bad value),\n"
    "2 usage error.\n"
    "\n"
    "Examples:\n"
    "  exmy vectors cuda-e4m3-satfinite --out in.npy --expected exp.npy\n"
    "  exmy vectors e2m1fn --from f16 --set all --out in.h --expected exp.h --packed\n"
    "  exmy vectors amd-cdna3-v_cvt_sr_fp8_f32 --set random:100000 --seed 7 \\\n"
    "      --out in.npy --expected exp.npy --random r.npy\n"
    "  exmy vectors mxfp8_e4m3 --cols 64 --out x.npy --expected codes.npy \\\n"
    "      --scales scales.npy\n";
#pragma GCC diagnostic pop

enum { OPT_FROM = 1, OPT_SET, OPT_OUT, OPT_EXPECTED, OPT_OPERANDS, OPT_PACKED };
static const cli_option options[] = {
    {"from", true, OPT_FROM},
    {"set", true, OPT_SET},
    {"out", CLI_PATH, OPT_OUT},
    {"expected", CLI_PATH, OPT_EXPECTED},
    {"random-operands", false, OPT_OPERANDS},
    {"packed", false, OPT_PACKED},
    CLI_CONV_OPTIONS,
    {"seed", true, CLI_OPT_SEED},
    {"random", CLI_PATH, CLI_OPT_RANDOM},
    {"scale", true, CLI_OPT_SCALE},
    VECTORS_BLOCK_OPTIONS, /* a block format only (vec_block.c) */
    {NULL, false, 0},
};

/* The command line as given (NULL: not given). */
typedef struct vectors_args {
    const char *target, *from, *set, *out, *expected;
    bool operands, packed;
    cli_conv_args conv; /* --round, --sat, --sr-bits, --seed, --random (a FILE), --scale */
    block_oracle_opts blk; /* --cols, --scales, --tensor-scale */
} vectors_args;

/* What the stream needs, checked. */
typedef struct vectors_plan {
    const char *name;      /* the target as given */
    exmy_profile prof;     /* the profile, or the format's (exmy_profile_from_format) */
    exmy_format_info info;
    exmy_type type;
    vec_set set;           /* set.count: the inputs */
    size_t chunk;          /* elements per chunk (vec_chunk) */
    uint64_t seed;
    int scale_exp;
    bool stochastic;
    bool operands;         /* --random-operands */
    unsigned lanes;
} vectors_plan;

static bool is_device(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode));
}

static int parse_args(cli_ctx *ctx, int argc, char **argv, vectors_args *va)
{
    memset(va, 0, sizeof *va);
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, options, &v)) != CLI_END;) {
        switch (id) {
        case CLI_STOP: return a.exit == CLI_EXIT_OK ? -1 : a.exit; /* -1: help printed */
        case CLI_OPERAND:
            if (va->target)
                return cli_usage(ctx, v, "expected one PROFILE or FORMAT");
            va->target = v;
            break;
        case OPT_FROM: va->from = v; break;
        case OPT_SET: va->set = v; break;
        case OPT_OUT: va->out = v; break;
        case OPT_EXPECTED: va->expected = v; break;
        case OPT_OPERANDS: va->operands = true; break;
        case OPT_PACKED: va->packed = true; break;
        default:
            if (!block_oracle_arg(&va->blk, id, v))
                cli_conv_arg(&va->conv, id, v);
            break;
        }
    }
    if (!va->target)
        return cli_usage(ctx, NULL, "expected a PROFILE or FORMAT");
    if (!va->out)
        return cli_usage(ctx, NULL, "expected --out FILE (the inputs)");
    if (va->packed && !va->expected)
        return cli_usage(ctx, "--packed", "packs the expected codes: give --expected FILE");
    /* Two outputs on one file would leave it holding one of them (a device
     * such as /dev/null takes both). */
    const char *p[3] = {va->out, va->expected, va->conv.random};
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (p[i] && p[j] && strcmp(p[i], p[j]) == 0 && !is_device(p[j]))
                return cli_usage(ctx, p[j], "names an output already given");
    return CLI_EXIT_OK;
}

static int make_plan(cli_ctx *ctx, const vectors_args *va, vectors_plan *p)
{
    memset(p, 0, sizeof *p);
    p->name = va->target;
    /* --seed keys both the random set and the Philox bits, so every target
     * takes it; --random here names an output file, which the parser refuses
     * for a deterministic target as it should. */
    cli_target t;
    cli_conv conv;
    int rc = vec_target(ctx, va->target, &va->conv, &t, &conv, &p->prof);
    if (rc != CLI_EXIT_OK)
        return rc;
    p->info = t.info;
    p->seed = conv.seed;
    p->scale_exp = conv.scale_exp;
    p->stochastic = exmy_round_is_stochastic(p->prof.conv.round);
    p->operands = va->operands;
    p->lanes = vec_lanes(&p->prof);
    p->chunk = vec_chunk(&p->prof);
    /* --random-operands is judged before the set and --seed after it, by
     * what the set is: a malformed --set is reported as such. */
    if ((rc = vec_random_usage(ctx, p->stochastic, va->operands, false, false)) != CLI_EXIT_OK ||
        (rc = vec_set_parse(ctx, "--set", va->set, true, p->seed, &p->set)) != CLI_EXIT_OK ||
        (rc = vec_random_usage(ctx, p->stochastic, false, va->conv.seed != NULL,
                               p->set.kind == VEC_SET_RANDOM)) != CLI_EXIT_OK ||
        (rc = vec_input_type(ctx, va->from, &p->prof, &p->type)) != CLI_EXIT_OK ||
        (rc = vec_set_size(ctx, &p->set, p->type)) != CLI_EXIT_OK)
        return rc;
    if (p->set.kind == VEC_SET_ALL && p->type == EXMY_TYPE_F32) {
        const char *text[3] = {va->out, va->expected, va->conv.random};
        for (int i = 0; i < 3; i++) {
            vec_kind k = vec_kind_of(text[i]);
            if (k == VEC_CSV || k == VEC_H)
                return cli_usage(ctx, text[i], "every f32 pattern is 2^32 rows: write .npy or raw");
        }
    }
    if (va->packed && va->expected && vec_kind_of(va->expected) == VEC_CSV)
        return cli_usage(ctx, va->expected, "packed codes are bytes, not rows: write .npy, .h or raw");
    return CLI_EXIT_OK;
}

static uint64_t input_bits(exmy_type t, const void *buf, size_t i)
{
    uint64_t x;
    switch (t) {
    case EXMY_TYPE_F64: memcpy(&x, (const unsigned char *)buf + 8 * i, 8); return x;
    case EXMY_TYPE_F32: return ((const uint32_t *)buf)[i];
    default: return ((const uint16_t *)buf)[i];
    }
}

static void put_code(void *buf, unsigned bytes, size_t i, uint32_t c)
{
    if (bytes == 1)
        ((uint8_t *)buf)[i] = (uint8_t)c;
    else if (bytes == 2)
        ((uint16_t *)buf)[i] = (uint16_t)c;
    else
        ((uint32_t *)buf)[i] = c;
}

/* The outputs and the chunk buffers. */
typedef struct vectors_io {
    vec_writer in, exp, rnd;
    bool has_exp, has_rnd;
    unsigned char *ibuf, *cbuf, *pbuf;
    uint32_t *rbuf, *obuf; /* R per element; operands of the chunk's instructions */
    uint64_t no_answer;    /* inputs with EXMY_ENONAN */
} vectors_io;

/* R of the chunk's elements (stochastic targets), as exmy_check_opts draws
 * them with random NULL. *j0 receives the index of obuf[0]'s instruction. */
static void make_random(const vectors_plan *p, vectors_io *io, uint64_t base, size_t n,
                        uint64_t *j0)
{
    unsigned nb = p->prof.conv.sr_bits;
    if (!p->operands) {
        exmy_philox_fill(p->seed, base, n, nb, io->rbuf, EXMY_ISA_AUTO);
        return;
    }
    uint64_t lanes = p->lanes;
    *j0 = base / lanes;
    uint64_t j1 = (base + n - 1) / lanes; /* the last instruction touched */
    exmy_philox_fill(p->seed, *j0, (size_t)(j1 - *j0 + 1), 32, io->obuf, EXMY_ISA_AUTO);
    for (size_t i = 0; i < n; i++) {
        uint64_t g = base + i;
        io->rbuf[i] = exmy_profile_lane_bits(&p->prof, io->obuf[g / lanes - *j0],
                                             (unsigned)(g % lanes));
    }
}

static int make_codes(cli_ctx *ctx, const vectors_plan *p, vectors_io *io, uint64_t base,
                      size_t n)
{
    unsigned cb = p->info.code_bytes;
    for (size_t i = 0; i < n; i++) {
        uint32_t code = 0, r = p->stochastic ? io->rbuf[i] : 0;
        exmy_status st = exmy_profile_convert(&p->prof, p->type, input_bits(p->type, io->ibuf, i),
                                              r, p->scale_exp, &code, NULL);
        if (st == EXMY_ENONAN) {
            io->no_answer++;
            code = 0;
        } else if (st != EXMY_OK) {
            cli_error(ctx, p->name, "element %" PRIu64 ": %s", base + i, exmy_strerror(st));
            return CLI_EXIT_FAIL;
        }
        put_code(io->cbuf, cb, i, code);
    }
    return CLI_EXIT_OK;
}

static int stream(cli_ctx *ctx, const vectors_plan *p, vectors_io *io, bool packed)
{
    int rc = CLI_EXIT_OK;
    for (uint64_t base = 0; base < p->set.count && rc == CLI_EXIT_OK; base += p->chunk) {
        size_t n = p->set.count - base < p->chunk ? (size_t)(p->set.count - base) : p->chunk;
        exmy_status st = vec_set_fill(&p->set, &p->prof, p->type, p->scale_exp, base, n, io->ibuf);
        if (st != EXMY_OK) { /* only a random set can fail */
            cli_error(ctx, p->name, "cannot make the random set: %s", exmy_strerror(st));
            rc = CLI_EXIT_FAIL;
            break;
        }
        uint64_t j0 = 0;
        if (p->stochastic && (io->has_exp || io->has_rnd))
            make_random(p, io, base, n, &j0);
        if (io->has_exp) {
            if ((rc = make_codes(ctx, p, io, base, n)) != CLI_EXIT_OK)
                break;
            if (packed) {
                st = exmy_pack_codes(&p->prof.format, io->cbuf, n, io->pbuf);
                if (st != EXMY_OK) {
                    cli_error(ctx, p->name, "cannot pack the codes: %s", exmy_strerror(st));
                    rc = CLI_EXIT_FAIL;
                    break;
                }
                rc = vec_write(ctx, &io->exp, io->pbuf, exmy_packed_size(&p->prof.format, n));
            } else {
                rc = vec_write(ctx, &io->exp, io->cbuf, n);
            }
            if (rc != CLI_EXIT_OK)
                break;
        }
        if (io->has_rnd) {
            if (p->operands) {
                /* The instructions whose first element is in this chunk,
                 * so that each operand is written once. */
                uint64_t a = vec_random_count(&p->prof, true, base),
                         b = vec_random_count(&p->prof, true, base + n);
                rc = vec_write(ctx, &io->rnd, io->obuf + (a - j0), (size_t)(b - a));
            } else {
                rc = vec_write(ctx, &io->rnd, io->rbuf, n);
            }
            if (rc != CLI_EXIT_OK)
                break;
        }
        /* Last: a raw stream may byte-swap the inputs in place. */
        rc = vec_write(ctx, &io->in, io->ibuf, n);
    }
    return rc;
}

/* Open the outputs that were asked for; on failure none is left. */
static int open_outputs(cli_ctx *ctx, const vectors_args *va, const vectors_plan *p,
                        vectors_io *io)
{
    char set[256], comment[512];
    vec_set_describe(&p->set, p->type, p->name, set, sizeof set);
    const char *tn = exmy_type_name(p->type);
    uint64_t n = p->set.count;
    snprintf(comment, sizeof comment, "exmy vectors: %" PRIu64 " %s inputs (%s)", n, tn, set);
    vec_spec s = {VEC_INPUTS, p->type, NULL, 0, n, "exmy_vectors_in", "EXMY_VECTORS_N",
                  NULL, 0, comment};
    int rc = vec_open(ctx, &io->in, va->out, &s);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (va->expected) {
        char c2[700];
        snprintf(c2, sizeof c2, "%s: expected codes of %s%s", comment, p->prof.format.name[0] ? p->prof.format.name : p->name,
                 va->packed ? ", packed" : "");
        vec_spec e = {va->packed ? VEC_PACKED : VEC_CODES, p->type, &p->prof.format,
                      p->info.code_bytes, va->packed ? vec_packed_bytes(&p->prof.format, n) : n,
                      "exmy_vectors_expected", va->packed ? "EXMY_VECTORS_PACKED_BYTES" : "EXMY_VECTORS_N",
                      va->packed ? "EXMY_VECTORS_N" : NULL, n, c2};
        if ((rc = vec_open(ctx, &io->exp, va->expected, &e)) != CLI_EXIT_OK) {
            vec_abort(&io->in);
            return rc;
        }
        io->has_exp = true;
    }
    if (va->conv.random) {
        char c3[700];
        snprintf(c3, sizeof c3, "%s: random %s (uint32, Philox seed %" PRIu64 ")", comment,
                 p->operands ? "operand of each instruction" : "bits R of each element", p->seed);
        vec_spec r = {VEC_RANDOM, p->type, NULL, 4,
                      vec_random_count(&p->prof, p->operands, n), "exmy_vectors_random",
                      p->operands ? "EXMY_VECTORS_RANDOM_N" : "EXMY_VECTORS_N",
                      p->operands ? "EXMY_VECTORS_N" : NULL, n, c3};
        if ((rc = vec_open(ctx, &io->rnd, va->conv.random, &r)) != CLI_EXIT_OK) {
            vec_abort(&io->in);
            vec_abort(&io->exp);
            return rc;
        }
        io->has_rnd = true;
    }
    return CLI_EXIT_OK;
}

/* A block format goes to vec_block.c; its options are errors with any other
 * target. Returns -1 when the target is not a block format. */
static int run_block(cli_ctx *ctx, const vectors_args *va)
{
    exmy_block_format bf;
    bool is_block;
    int rc = block_oracle_target(ctx, va->target, &bf, &is_block);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (is_block) {
        vectors_block_args b = {va->target, va->from, va->set, va->out, va->expected, va->packed,
                                va->operands ? "--random-operands"
                                : va->conv.scale ? "--scale" : NULL,
                                va->conv, va->blk};
        return vectors_block(ctx, &b, &bf);
    }
    const char *bad = block_oracle_given(&va->blk);
    return bad ? cli_usage(ctx, bad, "only a block format (mxfp8_e4m3, nvfp4, block:...) takes it")
               : -1;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    vectors_args va;
    int rc = parse_args(ctx, argc, argv, &va);
    if (rc != CLI_EXIT_OK)
        return rc < 0 ? CLI_EXIT_OK : rc;
    if ((rc = run_block(ctx, &va)) >= 0)
        return rc;
    vectors_plan p;
    if ((rc = make_plan(ctx, &va, &p)) != CLI_EXIT_OK)
        return rc;
    rc = vec_set_boundary(ctx, &p.set, &p.prof, p.type, p.scale_exp, p.name);
    if (rc != CLI_EXIT_OK) {
        vec_set_free(&p.set);
        return rc;
    }
    vectors_io io;
    memset(&io, 0, sizeof io);
    /* + 1: never malloc(0) */
    size_t c = p.set.count < p.chunk ? (size_t)p.set.count + 1 : p.chunk;
    io.ibuf = malloc(c * exmy_type_size(p.type));
    io.cbuf = malloc(c * p.info.code_bytes);
    io.pbuf = malloc(c * p.info.code_bytes);
    io.rbuf = malloc(c * sizeof *io.rbuf);
    io.obuf = malloc((c / p.lanes + 2) * sizeof *io.obuf);
    if (!io.ibuf || !io.cbuf || !io.pbuf || !io.rbuf || !io.obuf) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    if ((rc = open_outputs(ctx, &va, &p, &io)) != CLI_EXIT_OK)
        goto done;
    rc = stream(ctx, &p, &io, va.packed);
    /* Commit all or none: a later failure removes the earlier files' temporaries. */
    if (rc == CLI_EXIT_OK)
        rc = vec_commit(ctx, &io.in);
    if (rc == CLI_EXIT_OK && io.has_exp)
        rc = vec_commit(ctx, &io.exp);
    if (rc == CLI_EXIT_OK && io.has_rnd)
        rc = vec_commit(ctx, &io.rnd);
    vec_abort(&io.in);
    vec_abort(&io.exp);
    vec_abort(&io.rnd);
    if (rc != CLI_EXIT_OK)
        goto done;
    if (io.no_answer)
        cli_error(ctx, NULL,
                  "%" PRIu64 " inputs have no answer (NaN into %s, which has no NaN); their "
                  "expected code is 0 and exmy check does not judge them",
                  io.no_answer, p.name);
    /* The summary would mix with data written to stdout. */
    bool to_stdout = strcmp(va.out, "-") == 0 || (va.expected && strcmp(va.expected, "-") == 0) ||
                     (va.conv.random && strcmp(va.conv.random, "-") == 0);
    if (!to_stdout) {
        char set[256];
        vec_set_describe(&p.set, p.type, p.name, set, sizeof set);
        printf("exmy vectors: %" PRIu64 " %s inputs (%s) -> %s", p.set.count,
               exmy_type_name(p.type), set, va.out);
        if (va.expected)
            printf(", expected%s -> %s", va.packed ? " (packed)" : "", va.expected);
        if (va.conv.random)
            printf(", random%s -> %s", p.operands ? " operands" : "", va.conv.random);
        putchar('\n');
    }
done:
    free(io.ibuf);
    free(io.cbuf);
    free(io.pbuf);
    free(io.rbuf);
    free(io.obuf);
    vec_set_free(&p.set);
    return rc;
}

const cli_command cmd_vectors = {"vectors",
                                 "write test inputs and expected codes for a kernel test",
                                 help, run, options, CLI_BITS_SEED, false};
