/* exmy convert: raw little-endian streams or NumPy .npy files through the
 * array API, in chunks, so memory stays constant whatever the input length.
 *
 * Structure: parse argv into convert_args (strings as given), check the
 * options that do not depend on the input into a convert_plan, open the input
 * (a raw stream or a .npy file: a vec_reader, vec_read.h, shared with exmy
 * check), settle the input type from it, open the --random stream (a second
 * vec_reader) and the output (a convert_out, convert_io.h, shared with the
 * block formats' convert_block.c), then stream chunk by chunk. */
#include "cli.h"
#include "convert_block.h"
#include "convert_io.h"
#include "npy.h"
#include "vec_read.h"

#include <inttypes.h>
#if defined(EXMY_CLI_THREADS)
#include <pthread.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

/* The help outgrew the 4095 characters C requires a compiler to take in one
 * string literal; GCC and Clang take any length. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
static const char help[] =
    "Usage: exmy convert FORMAT [--from TYPE] --to TYPE [--round MODE] [--sat MODE]\n"
    "                    [--in FILE] [--out FILE] [--isa LEVEL] [--threads N]\n"
    "                    [--sr-bits N (--seed S [--index0 I] | --random FILE)]\n"
    "       exmy convert PROFILE [--from TYPE] --to TYPE [--scale N] [--in FILE]\n"
    "                    [--out FILE] [--seed S [--index0 I] | --random FILE]\n"
    "       exmy convert BLOCKFORMAT ... [--scales FILE] [--tensor-scale FILE]\n"
    "                    [--packed] [--cols K] [--tail error|short]\n"
    "\n"
    "Convert a stream of numbers (stdin or --in) to stdout or --out, in constant\n"
    "memory. Streams are raw little-endian elements, or NumPy .npy files (below).\n"
    "\n"
    "  --from f64|f32|f16|bf16 --to codes   encode: one code of FORMAT per input\n"
    "                                       element, 1 byte for formats of <= 8\n"
    "                                       bits, 2 for <= 16, else 4\n"
    "  --from f64|f32|f16|bf16 --to f64|f32 fake-quantise: round to FORMAT, write\n"
    "                                       the exact result as f64/f32\n"
    "  --from codes --to f64|f32            decode codes of FORMAT (exact)\n"
    "\n"
    "Every element is rounded once, from its own bits. f16, bf16: bit patterns.\n"
    "A PROFILE (see 'exmy profiles') converts as its vendor's instruction does\n"
    "(no --round/--sat/--sr-bits); --from must be a type it takes.\n"
    "\n"
    "A BLOCKFORMAT (mxfp8_e4m3, mxfp4_e2m1, nvfp4, ..., block:ELEM/SCALE/N) has a\n"
    "scale per N elements of the last axis (1-D or raw input: one row), read\n"
    "whole. --to codes writes --out and --scales; --from codes reads them;\n"
    "--tensor-scale (nvfp4): its binary32 scale, likewise. --packed: FP4 two a\n"
    "byte, low nibble first (--cols K: the row length when odd). --tail short:\n"
    "a shorter last block where N does not divide the row (else an error).\n"
    "\n"
    ".npy: an input is .npy by its name (*.npy) or, seekable, its magic; an\n"
    "output by its name. Read: versions 1.0-3.0, C order, either byte order;\n"
    "float64/32/16, uint8/16/32 (codes; uint16 also f16 or bf16 bits if --from\n"
    "says so). Without --from a .npy's dtype decides; with it, they must agree.\n"
    "Outputs: uint8/16/32 (codes) or float64/32, the input's shape (raw: 1-D).\n"
    "\n"
    "Options:\n"
    "  --round MODE  default rne (nearest, ties to even); rna, rtz, rup, rdn, rto,\n"
    "                or the stochastic sr-a, sr-b, sr-c (P3109: with --sr-bits and\n"
    "                --seed or --random)\n"
    "  --sat MODE    default satfinite (overflow and +-inf give +-max finite; OCP\n"
    "                'saturating', NVIDIA __NV_SATFINITE), satpropagate, satnone,\n"
    "                nosat (OCP non-saturating, __NV_NOSAT: +-inf, or NaN)\n"
    "  --sr-bits N   stochastic modes: random bits per element, 1..32\n"
    "  --seed S      stochastic modes: bits exmy_philox_bits(S, g) of element g\n"
    "                (Philox4x32-10 keyed by S, 0..2^64-1)\n"
    "  --index0 I    with --seed: g of the first element (default 0), so a stream\n"
    "                split in parts converts as a whole\n"
    "  --random FILE stochastic modes: the bits, one little-endian uint32 per\n"
    "                element (raw, or a .npy of uint32), the low N used; fewer\n"
    "                values than the input is an error\n"
    "  --isa LEVEL   auto (default: $EXMY_ISA, else the best), scalar, portable,\n"
    "                avx2, avx512 (else the best below); all give the same bytes\n"
    "  --threads N   up to N threads, 1..64 (default 1), converting and writing\n"
    "                at once; results never depend on N\n"
    "  --in FILE     read FILE instead of stdin ('-')\n"
    "  --out FILE    write FILE instead of stdout, under a temporary name renamed\n"
    "                at the end: an error leaves no file (nor any other output)\n"
    "  --scale N     a scaled profile's scale: x * 2^N is rounded (default 0)\n"
    "\n"
    "Errors (exit 1; they name the element and its byte offset): a raw input\n"
    "ending inside an element, a bad .npy, a NaN into a format without NaN, a\n"
    "code out of range, too few --random values.\n"
    "\n"
    "Examples:\n"
    "  exmy convert e4m3fn --to codes --in x.npy --out q.npy\n"
    "  exmy convert e5m2 --from f32 --to f32 --round sr-c --sr-bits 8 --seed 42\n"
    "  exmy convert cuda-e4m3-satfinite --from f32 --to codes --in x.f32 --out x.e4m3\n"
    "  exmy convert mxfp8_e4m3 --from f32 --to codes --in x.npy --out codes.npy \\\n"
    "      --scales scales.npy\n";
#pragma GCC diagnostic pop

enum { OPT_FROM = 1, OPT_TO, OPT_IN, OPT_OUT, OPT_ISA, OPT_THREADS, OPT_SCALES,
       OPT_TENSOR_SCALE, OPT_PACKED, OPT_TAIL, OPT_COLS };
static const cli_option options[] = {
    {"from", true, OPT_FROM},
    {"to", true, OPT_TO},
    {"in", CLI_PATH, OPT_IN},
    {"out", CLI_PATH, OPT_OUT},
    CLI_CONV_OPTIONS,
    {"seed", true, CLI_OPT_SEED},
    {"index0", true, CLI_OPT_INDEX0},
    {"random", CLI_PATH, CLI_OPT_RANDOM},
    {"isa", true, OPT_ISA},
    {"threads", true, OPT_THREADS},
    {"scale", true, CLI_OPT_SCALE},
    /* block formats only (convert_block.c) */
    {"scales", CLI_PATH, OPT_SCALES},
    {"tensor-scale", CLI_PATH, OPT_TENSOR_SCALE},
    {"packed", false, OPT_PACKED},
    {"tail", true, OPT_TAIL},
    {"cols", true, OPT_COLS},
    {NULL, false, 0},
};

/* The command line as given (NULL: not given). */
typedef struct convert_args {
    const char *format;
    const char *from, *to;
    const char *in, *out;
    cli_conv_args conv; /* --round, --sat, --sr-bits, --seed, --index0, --random, --scale */
    const char *isa, *threads;
    /* block formats only */
    const char *scales, *tensor_scale, *tail, *cols;
    bool packed;
} convert_args;

/* What the stream loop needs, checked. */
typedef struct convert_plan {
    const char *spec;      /* FORMAT as given, for messages */
    exmy_format f;
    exmy_format_info info;
    const exmy_profile *prof; /* a PROFILE: element by element through it; else NULL */
    int scale_exp;         /* --scale of a scaled profile */
    bool from_codes;       /* input elements are codes of f */
    bool to_codes;         /* output elements are codes of f */
    exmy_type from, to;    /* element types when not codes */
    size_t in_size, out_size; /* element sizes in the conversion's buffers */
    size_t file_size;      /* element size in the input file (.npy codes may be wider) */
    uint64_t data_offset;  /* bytes before the first element of the input */
    uint64_t index0;       /* --index0 */
    size_t chunk;          /* elements per chunk */
    unsigned threads;      /* --threads */
    exmy_array_opts ao;
} convert_plan;

/* Elements per chunk and thread: the kernels give a thread at least 2^16
 * elements, so a chunk of 2^16 per thread lets every thread work. Buffers stay
 * below CONVERT_MAX_THREADS * 2^16 * 24 bytes. */
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
        case OPT_IN: ca->in = v; break;
        case OPT_OUT: ca->out = v; break;
        case OPT_ISA: ca->isa = v; break;
        case OPT_THREADS: ca->threads = v; break;
        case OPT_SCALES: ca->scales = v; break;
        case OPT_TENSOR_SCALE: ca->tensor_scale = v; break;
        case OPT_PACKED: ca->packed = true; break;
        case OPT_TAIL: ca->tail = v; break;
        case OPT_COLS: ca->cols = v; break;
        default: cli_conv_arg(&ca->conv, id, v); break;
        }
    }
    if (!ca->format)
        return cli_usage(ctx, NULL, "expected a FORMAT");
    if (!ca->to)
        return cli_usage(ctx, NULL, "expected --to codes|f64|f32");
    return CLI_EXIT_OK;
}

/* Everything that does not depend on the input. */
static int make_plan(cli_ctx *ctx, const convert_args *ca, convert_plan *p)
{
    memset(p, 0, sizeof *p);
    p->spec = ca->format;
    cli_target t;
    int rc = cli_target_resolve(ctx, ca->format, &t);
    if (rc != CLI_EXIT_OK)
        return rc;
    p->f = t.f;
    p->info = t.info;
    p->prof = t.prof;
    if (ca->from) {
        p->from_codes = strcmp(ca->from, "codes") == 0;
        if (!p->from_codes && exmy_type_from_name(ca->from, &p->from) != EXMY_OK) {
            cli_error(ctx, ca->from, "expected --from f64, f32, f16, bf16 or codes");
            return CLI_EXIT_FAIL;
        }
    }
    p->to_codes = strcmp(ca->to, "codes") == 0;
    if (!p->to_codes && (exmy_type_from_name(ca->to, &p->to) != EXMY_OK ||
                         (p->to != EXMY_TYPE_F64 && p->to != EXMY_TYPE_F32))) {
        cli_error(ctx, ca->to, "expected --to codes, f64 or f32");
        return CLI_EXIT_FAIL;
    }
    if (p->from_codes && p->to_codes)
        return cli_usage(ctx, "--to codes", "--from codes decodes: expected --to f64 or f32");
    cli_conv conv;
    if ((rc = cli_conv_parse_profile(ctx, p->prof, &ca->conv, CLI_BITS_STREAM, &conv)) !=
        CLI_EXIT_OK)
        return rc;
    /* A type the profile does not take: said before anything is opened. */
    if (p->prof && ca->from && !p->from_codes &&
        (rc = cli_profile_check_input(ctx, "--from", p->prof, p->from)) != CLI_EXIT_OK)
        return rc;
    p->scale_exp = conv.scale_exp;
    p->ao.conv = conv.o;
    p->ao.seed = conv.seed;
    p->index0 = conv.index0;
    if ((rc = convert_parse_isa_threads(ctx, ca->isa, ca->threads, &p->ao.isa, &p->ao.threads)) !=
        CLI_EXIT_OK)
        return rc;
    p->threads = p->ao.threads;
    p->chunk = CHUNK * (size_t)p->ao.threads;
    p->out_size = p->to_codes ? p->info.code_bytes : exmy_type_size(p->to);
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------ inputs */

/* Settle --from from a .npy input's dtype (given: it must agree). */
static int plan_input(cli_ctx *ctx, const convert_args *ca, const vec_reader *s, convert_plan *p)
{
    if (!s->npy) {
        if (!ca->from)
            return cli_usage(ctx, NULL, "expected --from f64|f32|f16|bf16|codes (or a .npy input)");
        p->in_size = p->from_codes ? p->info.code_bytes : exmy_type_size(p->from);
        p->file_size = p->in_size;
        return CLI_EXIT_OK;
    }
    cli_npy_dtype t = s->r.h.dtype;
    bool is_uint = t == CLI_NPY_U8 || t == CLI_NPY_U16 || t == CLI_NPY_U32;
    bool ok;
    if (!ca->from) {
        p->from_codes = is_uint;
        p->from = convert_npy_value_type(t);
        ok = true;
    } else if (p->from_codes) {
        ok = is_uint;
    } else {
        ok = convert_npy_holds(t, p->from);
    }
    if (!ok) {
        cli_error(ctx, s->name, "the .npy dtype %s does not agree with --from %s",
                  cli_npy_dtype_name(t), ca->from);
        return CLI_EXIT_FAIL;
    }
    if (p->from_codes && p->to_codes)
        return cli_usage(ctx, "--to codes", "a .npy of codes decodes: expected --to f64 or f32");
    int rc;
    if (p->prof && !p->from_codes && !ca->from &&
        (rc = cli_profile_check_input(ctx, s->name, p->prof, p->from)) != CLI_EXIT_OK)
        return rc;
    p->in_size = p->from_codes ? p->info.code_bytes : exmy_type_size(p->from);
    p->file_size = s->size;
    p->data_offset = s->r.h.data_offset;
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------- output */

/* The output (convert_io.h): codes or values of the plan's --to; a .npy of
 * the input's shape, or, from a raw input, a vector whose length is written
 * at the end. */
static int output_open(cli_ctx *ctx, convert_out *k, const char *path, const convert_plan *p,
                       const vec_reader *in)
{
    cli_npy_dtype t;
    if (p->to_codes)
        t = p->out_size == 1 ? CLI_NPY_U8 : p->out_size == 2 ? CLI_NPY_U16 : CLI_NPY_U32;
    else
        t = p->to == EXMY_TYPE_F64 ? CLI_NPY_F64 : CLI_NPY_F32;
    return convert_out_open(ctx, k, path, t, in->npy ? in->r.h.ndim : 1,
                            in->npy ? in->r.h.shape : NULL);
}

/* ---------------------------------------------------------- converting */

/* The chunk functions below report through ctx; with ctx NULL (a worker
 * thread of parallel_stream) they only fail, and the chunk is converted
 * again on the caller's thread to say why. */

/* Report element `i` of the input (global index) with its byte offset. */
static int element_error(cli_ctx *ctx, const char *in, const convert_plan *p, uint64_t i,
                         const char *what)
{
    if (!ctx)
        return CLI_EXIT_FAIL;
    cli_error(ctx, in, "element %" PRIu64 " (byte offset %" PRIu64 ") %s", i,
              p->data_offset + i * (uint64_t)p->file_size, what);
    return CLI_EXIT_FAIL;
}

/* Check that n codes of `from` bytes each are codes of the format, and store
 * them `to` bytes wide in out (out may be in: then from >= to). */
static int check_codes(cli_ctx *ctx, const char *in_name, const convert_plan *p, const void *in,
                       size_t from, void *out, size_t to, size_t n, uint64_t base)
{
    /* Codes with bits above the format's width are not codes of it. */
    uint32_t mask = p->f.bits == 32 ? UINT32_MAX : (UINT32_C(1) << p->f.bits) - 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = convert_get_code(in, from, i);
        if (c & ~mask) {
            char what[200];
            snprintf(what, sizeof what, "is 0x%" PRIx32 ", not a code of %s (0..0x%" PRIx32 ")", c,
                     p->spec, mask);
            return element_error(ctx, in_name, p, base + i, what);
        }
        convert_put_code(out, to, i, c);
    }
    return CLI_EXIT_OK;
}

/* The first element of n decoded codes that is not a binary32 (exact). */
static size_t first_not_f32(const exmy_format *f, const void *codes, unsigned bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float x;
        if (exmy_to_f32(f, convert_get_code(codes, bytes, i), &x) != EXMY_OK)
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
    if (ctx)
        cli_error(ctx, in_name, "%s", exmy_strerror(st));
    return CLI_EXIT_FAIL;
}

/* Encode n elements through the profile, one at a time, into codes (of
 * p->info.code_bytes each). R of a stochastic profile: the low sr_bits bits
 * of rnd[i], else Philox at the element's global index, as the array calls
 * draw it. */
static int profile_chunk(cli_ctx *ctx, const char *in_name, const convert_plan *p,
                         const void *in, void *codes, const uint32_t *rnd, size_t n,
                         uint64_t base)
{
    const exmy_profile *prof = p->prof;
    unsigned nb = prof->conv.sr_bits;
    bool sr = exmy_round_is_stochastic(prof->conv.round);
    uint32_t mask = !sr ? 0 : nb >= 32 ? UINT32_MAX : (UINT32_C(1) << nb) - 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t x;
        switch (p->from) {
        case EXMY_TYPE_F64: memcpy(&x, (const unsigned char *)in + 8 * i, 8); break;
        case EXMY_TYPE_F32: x = ((const uint32_t *)in)[i]; break;
        default: x = ((const uint16_t *)in)[i]; break; /* f16, bf16 bit patterns */
        }
        uint32_t r = !sr  ? 0
                     : rnd ? rnd[i] & mask
                           : exmy_philox_bits(p->ao.seed, p->index0 + base + i, nb);
        uint32_t code;
        exmy_status st = exmy_profile_convert(prof, p->from, x, r, p->scale_exp, &code, NULL);
        if (st == EXMY_ETYPE) { /* checked before: only a library change gets here */
            char what[160];
            snprintf(what, sizeof what, "is %s, which profile %s does not take",
                     exmy_type_name(p->from), prof->name);
            return element_error(ctx, in_name, p, base + i, what);
        }
        if (st != EXMY_OK)
            return array_error(ctx, in_name, p, st, base + i);
        convert_put_code(codes, p->info.code_bytes, i, code);
    }
    return CLI_EXIT_OK;
}

/* Convert one chunk of n elements; base is the global index of element 0
 * within the input, rnd the chunk's random values (or NULL). */
static int convert_chunk(cli_ctx *ctx, const char *in_name, const convert_plan *p, const void *in,
                         void *mid, void *out, const uint32_t *rnd, size_t n, uint64_t base)
{
    exmy_array_opts ao = p->ao;
    ao.index0 = p->index0 + base;
    ao.random = rnd;
    const void *codes = in; /* what the decode step reads */
    if (p->prof && !p->from_codes) {
        /* Encode, then (--to f64|f32) decode the codes exactly. */
        int rc = profile_chunk(ctx, in_name, p, in, p->to_codes ? out : mid, rnd, n, base);
        if (rc != CLI_EXIT_OK || p->to_codes)
            return rc;
        codes = mid;
    } else if (!p->from_codes) {
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
    exmy_status st = exmy_decode_array(&p->f, codes, p->to, out, n, &ao, NULL);
    if (st == EXMY_EINEXACT)
        return array_error(ctx, in_name, p, st,
                           base + first_not_f32(&p->f, codes, p->info.code_bytes, n));
    if (st != EXMY_OK)
        return array_error(ctx, in_name, p, st, base);
    return CLI_EXIT_OK;
}

/* The number of elements of the input, where it is known before reading. */
static bool input_length(const vec_reader *s, const convert_plan *p, uint64_t *n)
{
    if (s->npy) {
        *n = s->r.h.count;
        return true;
    }
    struct stat sb;
    if (s->is_stdin || fstat(fileno(s->fp), &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    *n = (uint64_t)sb.st_size / p->file_size;
    return true;
}

static int index0_error(cli_ctx *ctx, const convert_plan *p, uint64_t n)
{
    cli_error(ctx, "--index0",
              "%" PRIu64 " elements from %" PRIu64 " pass the last Philox index 2^64 - 1 "
              "(expected --index0 <= %" PRIu64 ")",
              n, p->index0, UINT64_MAX - (n - 1));
    return CLI_EXIT_FAIL;
}

/* Convert chunk [base, base + n) from src into obuf: codes are checked
 * (and narrowed, or widened into mbuf) before they are decoded. ibuf is src
 * when src may be written (a read, not a mapped chunk). */
static int run_chunk(cli_ctx *ctx, const char *in_name, const convert_plan *p, const void *src,
                     void *ibuf, void *mbuf, void *obuf, const uint32_t *rnd, size_t n,
                     uint64_t base)
{
    if (!p->from_codes)
        return convert_chunk(ctx, in_name, p, src, mbuf, obuf, rnd, n, base);
    /* .npy codes wider than the format's code size are narrowed after the
     * range check, in place in ibuf; narrower ones are widened into mbuf,
     * and so are mapped ones (read-only) copied. mbuf is free then: the
     * encode step of a decode never runs. */
    bool in_mbuf = !ibuf || p->file_size < p->in_size;
    void *dst = in_mbuf ? mbuf : ibuf;
    int rc = check_codes(ctx, in_name, p, src, p->file_size, dst, p->in_size, n, base);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (!in_mbuf)
        return convert_chunk(ctx, in_name, p, dst, mbuf, obuf, rnd, n, base);
    exmy_status st = exmy_decode_array(&p->f, mbuf, p->to, obuf, n, &p->ao, NULL);
    if (st == EXMY_EINEXACT)
        return array_error(ctx, in_name, p, st,
                           base + first_not_f32(&p->f, mbuf, p->info.code_bytes, n));
    if (st != EXMY_OK)
        return array_error(ctx, in_name, p, st, base);
    return CLI_EXIT_OK;
}

/* The input of one chunk: n elements at *src, read into ibuf or, from a
 * mapped file, where they lie. n == 0 at the end. */
static int next_chunk(cli_ctx *ctx, vec_reader *in, const unsigned char *map, size_t file_size,
                      void *ibuf, size_t c, uint64_t base, const void **src, size_t *n)
{
    if (!map) {
        *src = ibuf;
        return vec_reader_read(ctx, in, ibuf, c, n);
    }
    *n = in->count - base < c ? (size_t)(in->count - base) : c;
    *src = map + base * file_size;
    vec_reader_map_done(in, base);
    return CLI_EXIT_OK;
}

/* The --random values of the next n elements into rbuf. */
static int read_random(cli_ctx *ctx, vec_reader *rnd, uint32_t *rbuf, size_t n)
{
    size_t got;
    int rc = vec_reader_read(ctx, rnd, rbuf, n, &got);
    if (rc == CLI_EXIT_OK && got < n) {
        cli_error(ctx, rnd->name, "--random has %" PRIu64 " values, fewer than the input's elements",
                  rnd->done);
        rc = CLI_EXIT_FAIL;
    }
    return rc;
}

/* Chunk by chunk in order: read (or map), convert, write. With --threads
 * N >= 2 (and threads in this build) a thread writes while the others
 * convert: to tmpfs a chunk's write costs about what its conversion does. */
static int stream(cli_ctx *ctx, const convert_plan *plan, vec_reader *in, vec_reader *rnd,
                  convert_out *out)
{
    convert_plan pw = *plan;
    const convert_plan *p = &pw;
    bool write_thread = pw.threads >= 2 && convert_pipe_threads();
    if (write_thread) {
        pw.ao.threads = pw.threads - 1;
        pw.chunk = CHUNK * (size_t)pw.ao.threads;
    }
    size_t c = p->chunk;
    size_t isz = p->file_size > p->in_size ? p->file_size : p->in_size;
    const unsigned char *map = vec_reader_map(in); /* NULL: read into ibuf */
    unsigned char *ibuf = map ? NULL : malloc(c * isz);
    unsigned char *mbuf = malloc(c * (size_t)p->info.code_bytes);
    convert_pipe *q = convert_pipe_new(out, c * p->out_size, write_thread);
    uint32_t *rbuf = rnd ? malloc(c * sizeof *rbuf) : NULL;
    int rc = CLI_EXIT_OK;
    if ((!map && !ibuf) || !mbuf || !q || (rnd && !rbuf)) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto done;
    }
    for (uint64_t base = 0;; base += c) {
        size_t n;
        const void *src;
        if ((rc = next_chunk(ctx, in, map, p->file_size, ibuf, c, base, &src, &n)) !=
                CLI_EXIT_OK ||
            n == 0)
            break;
        if (base + (n - 1) > UINT64_MAX - p->index0) { /* a stream of unknown length */
            rc = index0_error(ctx, p, base + n);
            break;
        }
        /* A decode uses no random bits: its codes are checked (and any bad
         * one reported) before --random is read. */
        if (rnd && !p->from_codes && (rc = read_random(ctx, rnd, rbuf, n)) != CLI_EXIT_OK)
            break;
        rc = run_chunk(ctx, in->name, p, src, map ? NULL : ibuf, mbuf, convert_pipe_buffer(q),
                       rnd ? rbuf : NULL, n, base);
        if (rc == CLI_EXIT_OK && rnd && p->from_codes)
            rc = read_random(ctx, rnd, rbuf, n);
        if (rc != CLI_EXIT_OK || (rc = convert_pipe_submit(ctx, q, n)) != CLI_EXIT_OK)
            break;
        if (n < c && (map || (!in->npy && in->ended)))
            break;
    }
done:
    if (q)
        rc = convert_pipe_end(ctx, q, rc);
    free(ibuf);
    free(mbuf);
    free(rbuf);
    return rc;
}

#if defined(EXMY_CLI_THREADS)
/* --threads N >= 2 from a mapped input into a regular file: N threads (this
 * one among them) each take the next chunk, convert it and write it at its
 * place in the file (pwrite), so that the conversions and the writes, the
 * file system's page allocation with them, all run N at a time. A thread
 * whose chunk fails stops and says which; the chunks after the first
 * failing one are not started. Then the first failure is reported as one
 * thread would have: a write's errno, or the chunk converted again on this
 * thread, which says why. */
typedef struct par_job {
    const convert_plan *p; /* ao.threads 1: the threads are these */
    const vec_reader *in;
    const unsigned char *map;
    uint64_t count, chunks;
    int fd;
    uint64_t offset; /* output bytes before element 0 */
    pthread_mutex_t mu;
    uint64_t next;   /* the next chunk to take */
    uint64_t failed; /* the first failing chunk (chunks: none) */
    int err;         /* its write's errno, or 0: its conversion failed */
} par_job;

typedef struct par_worker {
    par_job *J;
    unsigned char *mbuf, *obuf;
} par_worker;

static void par_fail(par_job *J, uint64_t k, int err)
{
    pthread_mutex_lock(&J->mu);
    if (k < J->failed) {
        J->failed = k;
        J->err = err;
    }
    pthread_mutex_unlock(&J->mu);
}

static void *par_run(void *arg)
{
    par_worker *w = arg;
    par_job *J = w->J;
    const convert_plan *p = J->p;
    size_t c = p->chunk;
    for (;;) {
        pthread_mutex_lock(&J->mu);
        uint64_t k = J->next++;
        bool stop = k >= J->chunks || k > J->failed;
        pthread_mutex_unlock(&J->mu);
        if (stop)
            return NULL;
        uint64_t base = k * c;
        size_t n = J->count - base < c ? (size_t)(J->count - base) : c;
        if (run_chunk(NULL, J->in->name, p, J->map + base * p->file_size, NULL, w->mbuf, w->obuf,
                      NULL, n, base) != CLI_EXIT_OK) {
            par_fail(J, k, 0);
            return NULL;
        }
        int err = convert_out_pwrite(J->fd, w->obuf, n * p->out_size,
                                     J->offset + base * p->out_size);
        if (err) {
            par_fail(J, k, err);
            return NULL;
        }
        vec_reader_map_drop(J->in, base, base + n); /* memory stays constant */
    }
}

/* -1: not this path (the caller streams instead); else the exit code. */
static int parallel_stream(cli_ctx *ctx, const convert_plan *plan, vec_reader *in,
                           const vec_reader *rnd, convert_out *out)
{
    par_job J;
    memset(&J, 0, sizeof J);
    if (plan->threads < 2 || rnd || !(J.map = vec_reader_map(in)) ||
        (J.fd = convert_out_fd(out, &J.offset)) < 0)
        return -1;
    convert_plan pw = *plan;
    pw.ao.threads = 1;
    pw.chunk = CHUNK;
    J.p = &pw;
    J.in = in;
    J.count = in->count;
    J.chunks = (J.count + CHUNK - 1) / CHUNK;
    J.failed = J.chunks;
    unsigned nw = J.chunks < plan->threads ? (unsigned)J.chunks : plan->threads;
    par_worker w[CONVERT_MAX_THREADS];
    pthread_t tid[CONVERT_MAX_THREADS];
    bool started[CONVERT_MAX_THREADS] = {false};
    int rc = CLI_EXIT_OK;
    if (pthread_mutex_init(&J.mu, NULL) != 0)
        return -1;
    for (unsigned i = 0; i < nw; i++) {
        w[i] = (par_worker){&J, malloc(CHUNK * (size_t)pw.info.code_bytes),
                            malloc(CHUNK * pw.out_size)};
        if (!w[i].mbuf || !w[i].obuf) {
            nw = i + 1;
            rc = CLI_EXIT_FAIL;
            break;
        }
    }
    if (rc == CLI_EXIT_OK) {
        for (unsigned i = 1; i < nw; i++)
            started[i] = pthread_create(&tid[i], NULL, par_run, &w[i]) == 0;
        par_run(&w[0]); /* a thread that could not start leaves its share to the others */
        for (unsigned i = 1; i < nw; i++)
            if (started[i])
                pthread_join(tid[i], NULL);
    } else {
        cli_error(ctx, NULL, "out of memory");
    }
    for (unsigned i = 0; i < nw; i++) {
        free(w[i].mbuf);
        free(w[i].obuf);
    }
    pthread_mutex_destroy(&J.mu);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (J.failed == J.chunks) {
        convert_out_count(out, J.count);
        return CLI_EXIT_OK;
    }
    if (J.err)
        return convert_out_errno(ctx, out, J.err);
    /* Convert the failing chunk again here, to report it. */
    uint64_t base = J.failed * CHUNK;
    size_t n = J.count - base < CHUNK ? (size_t)(J.count - base) : CHUNK;
    unsigned char *mbuf = malloc(CHUNK * (size_t)pw.info.code_bytes);
    unsigned char *obuf = malloc(CHUNK * pw.out_size);
    if (!mbuf || !obuf) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
    } else {
        rc = run_chunk(ctx, in->name, &pw, J.map + base * pw.file_size, NULL, mbuf, obuf, NULL, n,
                       base);
        if (rc == CLI_EXIT_OK) { /* cannot happen: the conversion is a function of the input */
            cli_error(ctx, in->name, "chunk at element %" PRIu64 " failed on a thread only", base);
            rc = CLI_EXIT_FAIL;
        }
    }
    free(mbuf);
    free(obuf);
    return rc;
}
#endif

/* A block format goes to convert_block.c; its options are errors with any
 * other FORMAT. Returns -1 when FORMAT is not a block format. */
static int run_block(cli_ctx *ctx, const convert_args *ca)
{
    exmy_block_format bf;
    char why[256] = "";
    exmy_status st = exmy_block_parse(ctx->cat, ca->format, &bf, why, sizeof why);
    if (st == EXMY_OK) {
        convert_block_args b = {ca->format, ca->from, ca->to, ca->in, ca->out, ca->scales,
                                ca->tensor_scale, ca->tail, ca->cols, ca->packed, ca->conv,
                                ca->isa, ca->threads};
        return convert_block(ctx, &b, &bf);
    }
    if (strncasecmp(ca->format, "block:", 6) == 0) { /* meant as one: say why it is not */
        cli_error(ctx, ca->format, "%s", why[0] ? why : exmy_strerror(st));
        return CLI_EXIT_FAIL;
    }
    const char *bad = ca->scales ? "--scales" : ca->tensor_scale ? "--tensor-scale"
                      : ca->packed ? "--packed" : ca->tail ? "--tail" : ca->cols ? "--cols" : NULL;
    if (bad)
        return cli_usage(ctx, bad, "only a block format (mxfp8_e4m3, nvfp4, block:...) takes it");
    return -1;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    convert_args ca;
    int rc = parse_args(ctx, argc, argv, &ca);
    if (rc != CLI_EXIT_OK)
        return rc < 0 ? CLI_EXIT_OK : rc;
    if ((rc = run_block(ctx, &ca)) >= 0)
        return rc;
    convert_plan p;
    if ((rc = make_plan(ctx, &ca, &p)) != CLI_EXIT_OK)
        return rc;

    /* what NULL: messages name the input by its path alone. */
    vec_reader in, rnd;
    memset(&rnd, 0, sizeof rnd);
    if ((rc = vec_reader_open(ctx, &in, ca.in, NULL)) != CLI_EXIT_OK)
        goto close_in;
    if ((rc = plan_input(ctx, &ca, &in, &p)) != CLI_EXIT_OK)
        goto close_in;
    vec_reader_stream(&in, p.file_size);
    if (ca.conv.random) {
        if ((rc = vec_reader_open(ctx, &rnd, ca.conv.random, NULL)) != CLI_EXIT_OK)
            goto close_rnd;
        vec_reader_stream(&rnd, 4);
        if (rnd.npy && rnd.r.h.dtype != CLI_NPY_U32) {
            cli_error(ctx, ca.conv.random, "expected a .npy of uint32, not %s",
                      cli_npy_dtype_name(rnd.r.h.dtype));
            rc = CLI_EXIT_FAIL;
            goto close_rnd;
        }
        if (rnd.is_stdin && in.is_stdin) {
            rc = cli_usage(ctx, "--random -", "the input already reads stdin");
            goto close_rnd;
        }
    }
    /* Element i draws Philox index index0 + i: it must not pass 2^64 - 1
     * (the indices would wrap and repeat the bits of element 0). Checked here
     * where the length is known (.npy, a regular file), else per chunk. */
    uint64_t known;
    if (ca.conv.index0 && input_length(&in, &p, &known) && known &&
        known - 1 > UINT64_MAX - p.index0) {
        rc = index0_error(ctx, &p, known);
        goto close_rnd;
    }
    convert_out out;
    if ((rc = output_open(ctx, &out, ca.out, &p, &in)) == CLI_EXIT_OK) {
#if defined(EXMY_CLI_THREADS)
        rc = parallel_stream(ctx, &p, &in, ca.conv.random ? &rnd : NULL, &out);
        if (rc < 0)
#endif
            rc = stream(ctx, &p, &in, ca.conv.random ? &rnd : NULL, &out);
        if (rc == CLI_EXIT_OK)
            rc = convert_out_commit(ctx, &out);
        else
            convert_out_abort(&out);
    }
close_rnd:
    vec_reader_close(&rnd);
close_in:
    vec_reader_close(&in);
    return rc;
}

const cli_command cmd_convert = {"convert",
                                 "convert raw or .npy streams (encode, fake-quantise, decode)",
                                 help, run, options, CLI_BITS_STREAM, false};
