/* Array writers of `exmy vectors` (vec_write.h). */
#include "vec_write.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

/* Elements per line of a .h array: short lines that diff and grep well. */
enum { H_PER_LINE = 8 };

/* The value of an input's bit pattern, for the .csv value column. binary16
 * and bfloat16 are decoded here from their definitions: both are exact in
 * binary64. */
static double input_value(exmy_type t, uint64_t bits)
{
    if (t == EXMY_TYPE_F64) {
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    if (t == EXMY_TYPE_F32 || t == EXMY_TYPE_BF16) {
        uint32_t b = t == EXMY_TYPE_F32 ? (uint32_t)bits : (uint32_t)bits << 16;
        float f;
        memcpy(&f, &b, sizeof f);
        return f;
    }
    /* binary16: 1 sign, 5 exponent (bias 15), 10 fraction bits. */
    unsigned e = (unsigned)(bits >> 10) & 0x1f, m = (unsigned)bits & 0x3ff;
    double v = e == 0    ? ldexp(m, -24)
               : e == 31 ? (m ? NAN : INFINITY)
                         : ldexp(m | 0x400, (int)e - 25);
    return (bits & 0x8000) ? -v : v;
}

static uint64_t element(const vec_writer *w, const void *buf, size_t i)
{
    switch (w->size) {
    case 1: return ((const uint8_t *)buf)[i];
    case 2: return ((const uint16_t *)buf)[i];
    case 4: return ((const uint32_t *)buf)[i];
    default: {
        uint64_t b;
        memcpy(&b, (const unsigned char *)buf + 8 * i, 8);
        return b;
    }
    }
}

static int write_error(const cli_ctx *ctx, const vec_writer *w)
{
    cli_error(ctx, cli_out_name(&w->o), "write error: %s", strerror(errno ? errno : EIO));
    return CLI_EXIT_FAIL;
}

int vec_open(const cli_ctx *ctx, vec_writer *w, const char *path, const vec_spec *s)
{
    return vec_open_shape(ctx, w, path, s, 1, &s->count);
}

int vec_open_shape(const cli_ctx *ctx, vec_writer *w, const char *path, const vec_spec *s,
                   unsigned ndim, const uint64_t *shape)
{
    memset(w, 0, sizeof *w);
    w->kind = vec_kind_of(path);
    w->s = *s;
    if (w->kind == VEC_CSV && s->what == VEC_PACKED)
        return cli_usage(ctx, path, "packed codes are bytes, not rows: write .npy, .h or raw");
    switch (s->what) {
    case VEC_INPUTS:
        w->size = exmy_type_size(s->type);
        w->digits = (unsigned)w->size * 2;
        w->dt = vec_input_dtype(s->type);
        break;
    case VEC_CODES:
        w->size = s->size;
        w->digits = (s->format->bits + 3) / 4;
        w->dt = vec_code_dtype(s->size);
        break;
    case VEC_PACKED:
        w->size = 1;
        w->digits = 2;
        w->dt = CLI_NPY_U8;
        break;
    case VEC_RANDOM:
        w->size = 4;
        w->digits = 8;
        w->dt = CLI_NPY_U32;
        break;
    }
    int rc = cli_out_open(ctx, &w->o, path);
    if (rc != CLI_EXIT_OK)
        return rc;
    FILE *fp = w->o.fp;
    char why[256];
    switch (w->kind) {
    case VEC_NPY:
        if (cli_npy_write_header(fp, w->dt, ndim, shape, why, sizeof why) != EXMY_OK) {
            cli_error(ctx, cli_out_name(&w->o), "%s", why);
            vec_abort(w);
            return CLI_EXIT_FAIL;
        }
        break;
    case VEC_CSV:
        fputs(s->what == VEC_INPUTS  ? "index,bits,value\n"
              : s->what == VEC_CODES ? "index,code\n"
                                     : "index,random\n",
              fp);
        break;
    case VEC_H: {
        const char *ctype = w->size == 1   ? "uint8_t"
                            : w->size == 2 ? "uint16_t"
                            : w->size == 4 ? "uint32_t"
                                           : "uint64_t";
        /* A guard per array, so the inputs' and the codes' headers go in one
         * test together; the count macro is the same text in both. */
        fprintf(fp, "/* %s */\n", s->comment ? s->comment : "exmy vectors");
        char guard[64];
        size_t g = 0;
        for (; s->array[g] && g < sizeof guard - 3; g++)
            guard[g] = (char)toupper((unsigned char)s->array[g]);
        memcpy(guard + g, "_H", 3);
        fprintf(fp, "#ifndef %s\n#define %s\n#include <stdint.h>\n", guard, guard);
        if (s->n_macro) /* the same text wherever it is defined: C allows that */
            fprintf(fp, "#define %s %" PRIu64 "\n", s->n_macro, s->n_value);
        fprintf(fp, "#define %s %" PRIu64 "\n", s->count_macro, s->count);
        /* A C array has at least one element. */
        fprintf(fp, "static const %s %s[%s%s] = {", ctype, s->array,
                s->count ? "" : "1 + ", s->count_macro);
        break;
    }
    case VEC_RAW: break;
    }
    if (ferror(fp)) {
        rc = write_error(ctx, w);
        vec_abort(w);
        return rc;
    }
    return CLI_EXIT_OK;
}

static void put_text(vec_writer *w, const void *buf, size_t n)
{
    FILE *fp = w->o.fp;
    for (size_t i = 0; i < n; i++) {
        uint64_t b = element(w, buf, i), k = w->done + i;
        if (w->kind == VEC_H) {
            fprintf(fp, "%s0x%0*" PRIx64 ",", k % H_PER_LINE ? " " : "\n    ", (int)w->digits, b);
            continue;
        }
        fprintf(fp, "%" PRIu64 ",0x%0*" PRIx64, k, (int)w->digits, b);
        if (w->s.what == VEC_INPUTS) {
            char v[64];
            cli_hexfloat(input_value(w->s.type, b), v, sizeof v);
            fprintf(fp, ",%s", v);
        }
        fputc('\n', fp);
    }
}

int vec_write(const cli_ctx *ctx, vec_writer *w, void *buf, size_t n)
{
    if (n > w->s.count - w->done) {
        cli_error(ctx, cli_out_name(&w->o), "more elements than the %" PRIu64 " announced",
                  w->s.count);
        return CLI_EXIT_FAIL;
    }
    errno = 0;
    char why[256];
    switch (w->kind) {
    case VEC_NPY:
        if (cli_npy_write(w->o.fp, w->dt, buf, n, why, sizeof why) != EXMY_OK) {
            cli_error(ctx, cli_out_name(&w->o), "%s", why);
            return CLI_EXIT_FAIL;
        }
        break;
    case VEC_RAW:
        cli_le_swap(buf, n, w->size);
        if (fwrite(buf, w->size, n, w->o.fp) != n)
            return write_error(ctx, w);
        break;
    default: put_text(w, buf, n); break;
    }
    w->done += n;
    /* A full disk stops the stream here, not 2^32 elements later. */
    return ferror(w->o.fp) ? write_error(ctx, w) : CLI_EXIT_OK;
}

int vec_commit(const cli_ctx *ctx, vec_writer *w)
{
    if (w->done != w->s.count) { /* a bug in the caller: never a short file */
        cli_error(ctx, cli_out_name(&w->o), "%" PRIu64 " of %" PRIu64 " elements written",
                  w->done, w->s.count);
        vec_abort(w);
        return CLI_EXIT_FAIL;
    }
    if (w->kind == VEC_H)
        fprintf(w->o.fp, "%s\n};\n#endif\n", w->s.count ? "" : "0");
    return cli_out_commit(ctx, &w->o);
}

void vec_abort(vec_writer *w)
{
    if (w->o.fp || w->o.path)
        cli_out_abort(&w->o);
}
