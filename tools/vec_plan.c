/* The target decisions exmy vectors and exmy check share (vec_plan.h). */
#include "vec_plan.h"

enum { CHUNK = 1 << 20 };

int vec_target(const cli_ctx *ctx, const char *name, const cli_conv_args *ca, cli_target *t,
               cli_conv *conv, exmy_profile *prof)
{
    int rc = cli_target_resolve(ctx, name, t);
    if (rc != CLI_EXIT_OK)
        return rc;
    if ((rc = cli_conv_parse_profile(ctx, t->prof, ca, CLI_BITS_SEED, conv)) != CLI_EXIT_OK)
        return rc;
    if (t->prof) {
        *prof = *t->prof;
        return CLI_EXIT_OK;
    }
    exmy_status st = exmy_profile_from_format(&t->f, &conv->o, prof);
    if (st != EXMY_OK) {
        cli_error(ctx, name, "%s", exmy_strerror(st));
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

int vec_input_type(const cli_ctx *ctx, const char *from, const exmy_profile *p, exmy_type *type)
{
    if (!from) {
        *type = cli_profile_default_input(p); /* a format's profile takes all: f32 */
        return CLI_EXIT_OK;
    }
    if (exmy_type_from_name(from, type) != EXMY_OK) {
        cli_error(ctx, from, "expected --from f32, f16, bf16 or f64");
        return CLI_EXIT_FAIL;
    }
    return cli_profile_check_input(ctx, "--from", p, *type);
}

int vec_random_usage(const cli_ctx *ctx, bool stochastic, bool operands, bool seed,
                     bool random_set)
{
    if (operands && !stochastic)
        return cli_usage(ctx, "--random-operands", "only a stochastic target takes random bits");
    if (seed && !stochastic && !random_set)
        return cli_usage(ctx, "--seed",
                         "the seed keys --set random:N or a stochastic target's bits");
    return CLI_EXIT_OK;
}

unsigned vec_lanes(const exmy_profile *p)
{
    return p->lanes ? p->lanes : 1;
}

size_t vec_chunk(const exmy_profile *p)
{
    size_t unit = 8 * (size_t)vec_lanes(p);
    return CHUNK > unit ? CHUNK / unit * unit : unit;
}

uint64_t vec_random_count(const exmy_profile *p, bool operands, uint64_t n)
{
    uint64_t lanes = vec_lanes(p);
    return operands ? n / lanes + (n % lanes != 0) : n;
}

uint64_t vec_packed_bytes(const exmy_format *f, uint64_t n)
{
    uint64_t k = f->bits; /* n * k could overflow: whole bytes of 8 codes first */
    return n / 8 * k + (n % 8 * k + 7) / 8;
}
