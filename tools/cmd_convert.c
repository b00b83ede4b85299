/* exmy convert: raw little-endian streams through the array API, in chunks,
 * so memory stays constant whatever the input length.
 *
 * Structure: parse argv into convert_args (strings as given), check them into
 * a convert_plan (types, sizes, exmy_array_opts), then stream. New options
 * (.npy, --isa, --threads, --seed, --random) add a field to convert_args, a
 * line to `options`, and their check in make_plan(). */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: exmy convert FORMAT --from TYPE --to TYPE [--round MODE] [--sat MODE]\n"
    "                    [--in FILE] [--out FILE]\n"
    "\n"
    "Convert a raw little-endian stream of numbers (stdin or --in) and write a raw\n"
    "little-endian stream (stdout or --out), in constant memory.\n"
    "\n"
    "  --from f64|f32|f16|bf16 --to codes   encode: one code of FORMAT per input\n"
    "                                       element, 1 byte for formats of <= 8\n"
    "                                       bits, 2 for <= 16, else 4\n"
    "  --from f64|f32|f16|bf16 --to f64|f32 fake-quantise: round to FORMAT, write\n"
    "                                       the exact result as f64/f32\n"
    "  --from codes --to f64|f32            decode codes of FORMAT (exact)\n"
    "\n"
    "Every element is rounded once, from its own bits (no intermediate format).\n"
    "f16 and bf16 elements are 16-bit patterns.\n"
    "\n"
    "Options:\n"
    "  --round MODE  rounding (default rne: nearest, ties to even); also rna, rtz,\n"
    "                rup, rdn, rto\n"
    "  --sat MODE    out-of-range handling (default satfinite: overflow and +-inf\n"
    "                give +-max finite; the OCP OFP8 'saturating' mode and NVIDIA's\n"
    "                default, CUDA __NV_SATFINITE); also satpropagate, satnone, and\n"
    "                nosat (OCP non-saturating, CUDA __NV_NOSAT, ml_dtypes' cast:\n"
    "                overflow gives +-inf, or NaN where the format has no inf)\n"
    "  --in FILE     read FILE instead of stdin ('-' is stdin)\n"
    "  --out FILE    write FILE instead of stdout; it is written under a temporary\n"
    "                name and renamed at the end, so an error leaves no file\n"
    "\n"
    "Errors (exit 1): an input whose length is not a whole number of elements\n"
    "(the message names the byte offset of the incomplete element); a NaN input\n"
    "to a format without NaN, or a code out of range (the message names the\n"
    "element). With --out no output file is left behind.\n"
    "\n"
    "Example: exmy convert e4m3fn --from f32 --to codes --in x.f32 --out x.e4m3\n";

enum { OPT_FROM = 1, OPT_TO, OPT_ROUND, OPT_SAT, OPT_IN, OPT_OUT };
static const cli_option options[] = {
    {"from", true, OPT_FROM},
    {"to", true, OPT_TO},
    {"round", true, OPT_ROUND},
    {"sat", true, OPT_SAT},
    {"in", true, OPT_IN},
    {"out", true, OPT_OUT},
    {NULL, false, 0},
};

/* The command line as given (NULL: not given). */
typedef struct convert_args {
    const char *format;
    const char *from, *to;
    const char *round, *sat;
    const char *in, *out;
} convert_args;

/* What the stream loop needs, checked. */
typedef struct convert_plan {
    const char *spec;      /* FORMAT as given, for messages */
    exmy_format f;
    exmy_format_info info;
    bool from_codes;       /* input elements are codes of f */
    bool to_codes;         /* output elements are codes of f */
    exmy_type from, to;    /* element types when not codes */
    size_t in_size, out_size;
    exmy_array_opts ao;
} convert_plan;

/* Elements per chunk: buffers of at most 64 Ki * 8 bytes each. */
enum { CHUNK = 64 * 1024 };

static int parse_args(cli_ctx *ctx, int argc, char **argv, convert_args *ca)
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
            if (ca->format)
                return cli_usage(ctx, v, "expected one FORMAT");
            ca->format = v;
            break;
        case OPT_FROM: ca->from = v; break;
        case OPT_TO: ca->to = v; break;
        case OPT_ROUND: ca->round = v; break;
        case OPT_SAT: ca->sat = v; break;
        case OPT_IN: ca->in = v; break;
        case OPT_OUT: ca->out = v; break;
        default: break;
        }
    }
    if (!ca->format)
        return cli_usage(ctx, NULL, "expected a FORMAT");
    if (!ca->from)
        return cli_usage(ctx, NULL, "expected --from f64|f32|f16|bf16|codes");
    if (!ca->to)
        return cli_usage(ctx, NULL, "expected --to codes|f64|f32");
    return CLI_EXIT_OK;
}

static int make_plan(cli_ctx *ctx, const convert_args *ca, convert_plan *p)
{
    memset(p, 0, sizeof *p);
    p->spec = ca->format;
    int rc = cli_format(ctx, ca->format, &p->f, &p->info, NULL);
    if (rc != CLI_EXIT_OK)
        return rc;
    p->from_codes = strcmp(ca->from, "codes") == 0;
    if (!p->from_codes && exmy_type_from_name(ca->from, &p->from) != EXMY_OK) {
        cli_error(ctx, ca->from, "expected --from f64, f32, f16, bf16 or codes");
        return CLI_EXIT_FAIL;
    }
    p->to_codes = strcmp(ca->to, "codes") == 0;
    if (!p->to_codes && (exmy_type_from_name(ca->to, &p->to) != EXMY_OK ||
                         (p->to != EXMY_TYPE_F64 && p->to != EXMY_TYPE_F32))) {
        cli_error(ctx, ca->to, "expected --to codes, f64 or f32");
        return CLI_EXIT_FAIL;
    }
    if (p->from_codes && p->to_codes)
        return cli_usage(ctx, "--to codes", "--from codes decodes: expected --to f64 or f32");
    p->ao.conv.round = EXMY_RNE;
    p->ao.conv.sat = EXMY_SATFINITE;
    if (ca->round && (rc = cli_round(ctx, ca->round, &p->ao.conv.round)) != CLI_EXIT_OK)
        return rc;
    if (ca->sat && (rc = cli_sat(ctx, ca->sat, &p->ao.conv.sat)) != CLI_EXIT_OK)
        return rc;
    /* Stochastic rounding needs random bits per element (--seed or a --random
     * stream), which convert does not take yet. */
    if (exmy_round_is_stochastic(p->ao.conv.round)) {
        cli_error(ctx, ca->round, "stochastic rounding is not available in convert yet; "
                                  "use rne, rna, rtz, rup, rdn or rto");
        return CLI_EXIT_FAIL;
    }
    p->in_size = p->from_codes ? p->info.code_bytes : exmy_type_size(p->from);
    p->out_size = p->to_codes ? p->info.code_bytes : exmy_type_size(p->to);
    return CLI_EXIT_OK;
}

/* Report element `i` of the input (global index) with its byte offset. */
static int element_error(cli_ctx *ctx, const char *in, const convert_plan *p, uint64_t i,
                         const char *what)
{
    cli_error(ctx, in, "element %" PRIu64 " (byte offset %" PRIu64 ") %s", i,
              i * (uint64_t)p->in_size, what);
    return CLI_EXIT_FAIL;
}

/* The first element of n decoded codes that is not a binary32 (exact). */
static size_t first_not_f32(const exmy_format *f, const void *codes, unsigned bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t c = bytes == 1   ? ((const uint8_t *)codes)[i]
                     : bytes == 2 ? ((const uint16_t *)codes)[i]
                                  : ((const uint32_t *)codes)[i];
        float x;
        if (exmy_to_f32(f, c, &x) != EXMY_OK)
            return i;
    }
    return n;
}

/* Report a failed array call on a chunk that starts at global index base. */
static int array_error(cli_ctx *ctx, const char *in_name, const convert_plan *p, exmy_status st,
                       uint64_t i)
{
    char what[200];
    if (st == EXMY_ENONAN) {
        snprintf(what, sizeof what, "is NaN and %s has no NaN encoding", p->spec);
        return element_error(ctx, in_name, p, i, what);
    }
    if (st == EXMY_EINEXACT)
        return element_error(ctx, in_name, p, i,
                             "rounds to a value that is not a binary32 (use --to f64)");
    cli_error(ctx, in_name, "%s", exmy_strerror(st));
    return CLI_EXIT_FAIL;
}

/* Convert one chunk of n elements; base is the global index of element 0. */
static int convert_chunk(cli_ctx *ctx, const char *in_name, const convert_plan *p, void *in,
                         void *mid, void *out, size_t n, uint64_t base)
{
    exmy_array_opts ao = p->ao;
    ao.index0 = base;
    const void *codes = in; /* what the decode step reads */
    if (p->from_codes) {
        /* Codes with bits above the format's width are not codes of it. */
        uint32_t mask = p->f.bits == 32 ? UINT32_MAX : (UINT32_C(1) << p->f.bits) - 1;
        unsigned b = p->info.code_bytes;
        for (size_t i = 0; i < n; i++) {
            uint32_t c = b == 1   ? ((const uint8_t *)in)[i]
                         : b == 2 ? ((const uint16_t *)in)[i]
                                  : ((const uint32_t *)in)[i];
            if (c & ~mask) {
                char what[200];
                snprintf(what, sizeof what, "is 0x%" PRIx32 ", not a code of %s (0..0x%" PRIx32 ")",
                         c, p->spec, mask);
                return element_error(ctx, in_name, p, base + i, what);
            }
        }
    } else {
        exmy_array_stats stats = {0, 0, 0, 0};
        exmy_status st;
        if (p->to_codes)
            st = exmy_encode_array(&p->f, p->from, in, out, n, &ao, &stats);
        else if (p->to == p->from)
            st = exmy_quantize_array(&p->f, p->from, in, out, n, &ao, &stats);
        else /* round once to the format; the decode below writes the exact value */
            st = exmy_encode_array(&p->f, p->from, in, mid, n, &ao, &stats);
        if (st != EXMY_OK)
            return array_error(ctx, in_name, p, st, base + stats.first_error);
        if (p->to_codes || p->to == p->from)
            return CLI_EXIT_OK;
        codes = mid;
    }
    exmy_status st = exmy_decode_array(&p->f, codes, p->to, out, n, &ao);
    if (st == EXMY_EINEXACT)
        return array_error(ctx, in_name, p, st,
                           base + first_not_f32(&p->f, codes, p->info.code_bytes, n));
    if (st != EXMY_OK)
        return array_error(ctx, in_name, p, st, base);
    return CLI_EXIT_OK;
}

static int stream(cli_ctx *ctx, const convert_plan *p, FILE *in, const char *in_name, cli_out *out)
{
    unsigned char *ibuf = malloc(CHUNK * p->in_size);
    unsigned char *mbuf = malloc(CHUNK * (size_t)p->info.code_bytes);
    unsigned char *obuf = malloc(CHUNK * p->out_size);
    int rc = CLI_EXIT_OK;
    if (!ibuf || !mbuf || !obuf) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    for (uint64_t base = 0;; base += CHUNK) {
        size_t want = CHUNK * p->in_size;
        size_t got = fread(ibuf, 1, want, in); /* short only at end of input or on error */
        if (got < want && ferror(in)) {
            cli_error(ctx, in_name, "read error: %s", strerror(errno));
            rc = CLI_EXIT_FAIL;
            break;
        }
        if (got % p->in_size) {
            uint64_t off = base * p->in_size + (got - got % p->in_size);
            cli_error(ctx, in_name,
                      "truncated input: the element at byte offset %" PRIu64
                      " has %zu of its %zu bytes",
                      off, got % p->in_size, p->in_size);
            rc = CLI_EXIT_FAIL;
            break;
        }
        size_t n = got / p->in_size;
        if (n) {
            cli_le_swap(ibuf, n, p->in_size);
            rc = convert_chunk(ctx, in_name, p, ibuf, mbuf, obuf, n, base);
            if (rc != CLI_EXIT_OK)
                break;
            cli_le_swap(obuf, n, p->out_size);
            if (fwrite(obuf, p->out_size, n, out->fp) != n) {
                cli_error(ctx, cli_out_name(out), "write error: %s", strerror(errno));
                rc = CLI_EXIT_FAIL;
                break;
            }
        }
        if (got < want)
            break;
    }
done:
    free(ibuf);
    free(mbuf);
    free(obuf);
    return rc;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    convert_args ca;
    int rc = parse_args(ctx, argc, argv, &ca);
    if (rc != CLI_EXIT_OK)
        return rc < 0 ? CLI_EXIT_OK : rc;
    convert_plan p;
    if ((rc = make_plan(ctx, &ca, &p)) != CLI_EXIT_OK)
        return rc;

    bool use_stdin = !ca.in || strcmp(ca.in, "-") == 0;
    const char *in_name = use_stdin ? "stdin" : ca.in;
    FILE *in = use_stdin ? stdin : fopen(ca.in, "rb");
    if (!in) {
        cli_error(ctx, ca.in, "cannot open: %s", strerror(errno));
        return CLI_EXIT_FAIL;
    }
    cli_out out;
    rc = cli_out_open(ctx, &out, ca.out);
    if (rc == CLI_EXIT_OK) {
        rc = stream(ctx, &p, in, in_name, &out);
        if (rc == CLI_EXIT_OK)
            rc = cli_out_commit(ctx, &out);
        else
            cli_out_abort(&out);
    }
    if (!use_stdin)
        fclose(in);
    return rc;
}

const cli_command cmd_convert = {"convert", "convert raw binary streams (encode, fake-quantise, decode)",
                                 help, run};
