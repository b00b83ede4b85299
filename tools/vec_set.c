/* The generated input sets of exmy vectors and exmy check (vec_set.h). */
#include "vec_set.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int vec_set_parse(const cli_ctx *ctx, const char *opt, const char *s, bool boundary_ok,
                  uint64_t seed, vec_set *out)
{
    memset(out, 0, sizeof *out);
    out->seed = seed;
    if (boundary_ok && (!s || strcmp(s, "boundary") == 0)) {
        out->kind = VEC_SET_BOUNDARY;
        return CLI_EXIT_OK;
    }
    if (s && strcmp(s, "all") == 0) {
        out->kind = VEC_SET_ALL;
        return CLI_EXIT_OK;
    }
    uint64_t n;
    if (s && strncmp(s, "random:", 7) == 0 && cli_parse_u64(s + 7, UINT64_C(1) << 40, &n) &&
        n >= 1) {
        out->kind = VEC_SET_RANDOM;
        out->count = n;
        return CLI_EXIT_OK;
    }
    cli_error(ctx, s, "expected %s %sall or random:N with 1 <= N <= 2^40", opt,
              boundary_ok ? "boundary, " : "");
    return CLI_EXIT_FAIL;
}

int vec_set_size(const cli_ctx *ctx, vec_set *s, exmy_type type)
{
    if (s->kind != VEC_SET_ALL)
        return CLI_EXIT_OK;
    if (type == EXMY_TYPE_F64)
        return cli_usage(ctx, "--set all", "every f64 pattern is 2^64 inputs: use random:N");
    s->count = UINT64_C(1) << (8 * exmy_type_size(type));
    return CLI_EXIT_OK;
}

/* The boundary set is small (at most a few million inputs): made once. */
int vec_set_boundary(const cli_ctx *ctx, vec_set *s, const exmy_profile *p, exmy_type type,
                     int scale_exp, const char *name)
{
    if (s->kind != VEC_SET_BOUNDARY)
        return CLI_EXIT_OK;
    size_t n = 0;
    exmy_status st = exmy_vectors_boundary(p, type, scale_exp, NULL, 0, &n);
    if (st == EXMY_OK) {
        s->boundary = malloc(n ? n * exmy_type_size(type) : 1);
        if (!s->boundary) {
            cli_error(ctx, NULL, "out of memory");
            return CLI_EXIT_FAIL;
        }
        size_t m = 0;
        st = exmy_vectors_boundary(p, type, scale_exp, s->boundary, n, &m);
        if (st == EXMY_OK && m != n)
            st = EXMY_EINVAL; /* a library that changed its mind */
    }
    if (st != EXMY_OK) {
        cli_error(ctx, name, "cannot make the boundary set: %s", exmy_strerror(st));
        return CLI_EXIT_FAIL;
    }
    s->count = n;
    return CLI_EXIT_OK;
}

exmy_status vec_set_fill(const vec_set *s, const exmy_profile *p, exmy_type type, int scale_exp,
                         uint64_t index0, size_t n, void *out)
{
    size_t size = exmy_type_size(type);
    switch (s->kind) {
    case VEC_SET_BOUNDARY:
        memcpy(out, (const unsigned char *)s->boundary + index0 * size, n * size);
        return EXMY_OK;
    case VEC_SET_RANDOM: return exmy_vectors_random(p, type, scale_exp, s->seed, index0, n, out);
    case VEC_SET_ALL: break;
    }
    /* Every bit pattern: element i is the pattern i (binary32 patterns go
     * into the float array as their bits). */
    if (size == 4) {
        uint32_t *o = out;
        for (size_t i = 0; i < n; i++)
            o[i] = (uint32_t)(index0 + i);
    } else {
        uint16_t *o = out;
        for (size_t i = 0; i < n; i++)
            o[i] = (uint16_t)(index0 + i);
    }
    return EXMY_OK;
}

void vec_set_describe(const vec_set *s, exmy_type type, const char *target, char *buf,
                      size_t len)
{
    const char *t = target ? target : "";
    switch (s->kind) {
    case VEC_SET_BOUNDARY: snprintf(buf, len, "boundary set%s%s", target ? " of " : "", t); break;
    case VEC_SET_ALL:
        snprintf(buf, len, "every %s bit pattern%s%s", exmy_type_name(type), target ? ", for " : "",
                 t);
        break;
    case VEC_SET_RANDOM:
        snprintf(buf, len, "random set, seed %" PRIu64 "%s%s", s->seed, target ? ", of " : "", t);
        break;
    }
}

void vec_set_free(vec_set *s)
{
    free(s->boundary);
    s->boundary = NULL;
}
