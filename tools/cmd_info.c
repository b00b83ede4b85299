/* exmy info: a format's descriptor and every derived constant, and with
 * --values every code with its exact value; for a profile, every field of
 * the profile first, then its format as for a format; for a block format,
 * its fields, then its element format as for a format. */
#include "cli.h"

#include <inttypes.h>
#include <string.h>

static const char help[] =
    "Usage: exmy info FORMAT|PROFILE|BLOCK [--values]\n"
    "\n"
    "Print FORMAT's descriptor (the fields of exmy_format), its generic spec, its\n"
    "catalogue name, aliases, family and source when it is a named format, and every\n"
    "derived constant (the fields of exmy_format_info). Values print exactly: every\n"
    "decimal digit, then the hex-float.\n"
    "\n"
    "A PROFILE (see 'exmy profiles') prints every field of the profile first:\n"
    "  profile, aliases, family   its name and where it comes from\n"
    "  format                     the target format: name and generic spec\n"
    "  round, sat, sr-bits        its rounding and saturation (sr-bits: random bits\n"
    "                             per element of a stochastic profile, else -)\n"
    "  rbits, lanes               lane i's R is the sr-bits bits of the random\n"
    "                             operand from bit SHIFT + i * STRIDE (rbits-lanes:\n"
    "                             from bit S_i); elements per instruction\n"
    "  tiny-round                 MODE below 2^EXP: the rounding of tiny inputs\n"
    "  nan                        the code of a NaN input: canonical (the format's),\n"
    "                             fixed CODE, signed CODE (CODE with the input's\n"
    "                             sign), quiet (IEEE quieting), unspecified\n"
    "  negative, zero             unsigned formats: negative inputs (format,\n"
    "                             magnitude, zero, nan); the code of a zero input\n"
    "  inputs                     the input types the instruction takes\n"
    "  daz, ftz, relu, scaled     subnormal inputs read as 0; subnormal results\n"
    "                             flush to 0; negative results give +0; takes a\n"
    "                             power-of-two scale operand\n"
    "  source, unspecified, note  the citation, what it leaves open, departures\n"
    "then a blank line and its format as for 'exmy info FORMAT'.\n"
    "\n"
    "A BLOCK format (the second table of 'exmy formats', or spelled out as\n"
    "block:ELEM/SCALE/N[/RULE], e.g. block:e4m3fn/e8m0/16) prints its fields first:\n"
    "  block, aliases, family     its name and where it comes from\n"
    "  element                    the element format: name and generic spec (int8:\n"
    "                             MXINT8's two's complement k * 2^-6, rounded as the\n"
    "                             sign-magnitude format given)\n"
    "  element emax, element max  its largest binade's exponent, its largest value\n"
    "  scale                      the scale format: name and generic spec\n"
    "  block size                 elements per scale, along a row\n"
    "  rule                       how a block's scale comes from its amax: floor (OCP\n"
    "                             MX), ceil (round up: cuBLAS, PTX cvt.rp), even\n"
    "                             (torchao EVEN), div (amax / max, NVFP4)\n"
    "  tensor scale               binary32 per tensor, or no\n"
    "  source                     the citation\n"
    "then a blank line and its element format as for 'exmy info FORMAT'.\n"
    "\n"
    "Options:\n"
    "  --values   then list every code (formats of at most 16 bits): the code in\n"
    "             hex, its class (zero, subnormal, normal, inf, nan), its exact\n"
    "             decimal value and its hex-float (%a)\n"
    "\n"
    "Examples:\n"
    "  exmy info e4m3fn --values\n"
    "  exmy info cuda-e4m3-satfinite\n"
    "  exmy info mxfp8_e4m3\n";

enum { OPT_VALUES = 1 };
static const cli_option options[] = {
    {"values", false, OPT_VALUES},
    {NULL, false, 0},
};

static const char *yes(bool b)
{
    return b ? "yes" : "no";
}

static void print_value(const char *key, double x)
{
    char dec[EXMY_F64_DECIMAL_LEN], hex[64];
    cli_hexfloat(x, hex, sizeof hex);
    if (exmy_f64_to_decimal(x, dec, sizeof dec) != EXMY_OK)
        snprintf(dec, sizeof dec, "%s", hex); /* out of memory: still exact */
    printf("%-15s %s  (%s)\n", key, dec, hex);
}

static void print_code(const char *key, const exmy_format *f, bool present, uint32_t code)
{
    char hex[16];
    cli_code_hex(f, code, hex, sizeof hex);
    printf("%-15s %s\n", key, present ? hex : "none");
}

/* The rows of --values: code, class, exact decimal, hex-float. */
static void print_values(const exmy_format *f, const exmy_format_info *info)
{
    size_t wdec = strlen("value"), wclass = strlen("class");
    char dec[EXMY_F64_DECIMAL_LEN], hex[64], code[16];
    /* First pass: column widths, so the table lines up. */
    for (uint64_t c = 0; c < info->n_codes; c++) {
        cli_code_value(f, (uint32_t)c, dec, sizeof dec, hex, sizeof hex);
        size_t w = strlen(dec);
        wdec = w > wdec ? w : wdec;
        w = strlen(exmy_class_name(exmy_classify(f, (uint32_t)c)));
        wclass = w > wclass ? w : wclass;
    }
    cli_code_hex(f, 0, code, sizeof code);
    int wcode = strlen(code) > 4 ? (int)strlen(code) : 4;
    printf("\n%-*s  %-*s  %*s  %s\n", wcode, "code", (int)wclass, "class", (int)wdec, "value",
           "hex-float");
    for (uint64_t c = 0; c < info->n_codes; c++) {
        uint32_t k = (uint32_t)c;
        cli_code_hex(f, k, code, sizeof code);
        cli_code_value(f, k, dec, sizeof dec, hex, sizeof hex);
        printf("%-*s  %-*s  %*s  %s\n", wcode, code, (int)wclass, exmy_class_name(exmy_classify(f, k)),
               (int)wdec, dec, hex);
    }
}

/* A format as `exmy info FORMAT` prints it; e: its catalogue entry or NULL. */
static void print_format(const exmy_format *f, const exmy_format_info *info,
                         const exmy_catalogue_entry *e)
{
    char buf[256];
    if (exmy_format_to_string(f, buf, sizeof buf) != EXMY_OK)
        buf[0] = '\0';
    printf("%-15s %s\n", "name", e ? e->format.name : "-");
    printf("%-15s %s\n", "spec", buf);
    if (e) {
        printf("%-15s %s\n", "aliases", e->aliases[0] ? e->aliases : "-");
        printf("%-15s %s\n", "family", e->family);
        printf("%-15s %s\n", "source", e->source);
    }
    /* The descriptor. */
    printf("%-15s %u\n", "bits", f->bits);
    printf("%-15s %u\n", "precision", f->precision);
    printf("%-15s %d\n", "bias", f->bias);
    printf("%-15s %s\n", "signed", yes(f->is_signed));
    printf("%-15s %s\n", "domain", f->domain == EXMY_EXTENDED ? "extended" : "finite");
    printf("%-15s %s\n", "negzero", yes(f->negzero));
    printf("%-15s %" PRIu32 "\n", "high_nans", f->high_nans);
    printf("%-15s %s\n", "subnormals", yes(f->subnormals));
    printf("%-15s %s\n", "has_zero", yes(f->has_zero));
    cli_specials(f, buf, sizeof buf);
    printf("%-15s %s\n", "specials", buf);
    /* The derived constants. */
    printf("%-15s %u\n", "exp_bits", info->exp_bits);
    printf("%-15s %u\n", "man_bits", info->man_bits);
    printf("%-15s %d\n", "emax", info->emax);
    printf("%-15s %d\n", "emin", info->emin);
    print_value("max_finite", info->max_finite);
    print_value("min_normal", info->min_normal);
    print_value("min_subnormal", info->min_subnormal);
    print_value("epsilon", info->epsilon);
    print_code("max_code", f, true, info->max_code);
    printf("%-15s %" PRIu64 "\n", "n_codes", info->n_codes);
    printf("%-15s %" PRIu64 "\n", "n_finite", info->n_finite);
    printf("%-15s %" PRIu64 "\n", "n_values", info->n_values);
    printf("%-15s %s\n", "has_nan", yes(info->has_nan));
    print_code("nan_code", f, info->has_nan, info->nan_code);
    printf("%-15s %s\n", "has_inf", yes(info->has_inf));
    print_code("inf_code", f, info->has_inf, info->inf_code);
    printf("%-15s %u\n", "code_bytes", info->code_bytes);
}

static const char *text_or_dash(const char *s)
{
    return s[0] ? s : "-";
}

/* Every field of a profile, in the order of the .prof keys. */
static void print_profile(const exmy_profile *p)
{
    const exmy_format *f = &p->format;
    char buf[320], code[16];
    printf("%-15s %s\n", "profile", p->name);
    printf("%-15s %s\n", "aliases", text_or_dash(p->aliases));
    printf("%-15s %s\n", "family", p->family);
    if (exmy_format_to_string(f, buf, sizeof buf) != EXMY_OK)
        buf[0] = '\0';
    if (f->name[0])
        printf("%-15s %s (%s)\n", "format", f->name, buf);
    else
        printf("%-15s %s\n", "format", buf);
    printf("%-15s %s\n", "round", exmy_round_name(p->conv.round));
    printf("%-15s %s\n", "sat", exmy_sat_name(p->conv.sat));
    bool sr = exmy_round_is_stochastic(p->conv.round);
    if (sr) {
        printf("%-15s %u\n", "sr-bits", p->conv.sr_bits);
        if (p->rbits_lanes) {
            printf("%-15s", "rbits-lanes");
            for (unsigned i = 0; i < p->rbits_lanes; i++)
                printf("%s%u", i ? "," : " ", (unsigned)p->rbits_lane_shift[i]);
            printf("  (lane i's R from bit S_i of the random operand)\n");
        } else {
            printf("%-15s shift %u stride %u\n", "rbits", p->rbits_shift, p->rbits_stride);
        }
    } else {
        printf("%-15s -\n", "sr-bits");
        printf("%-15s -\n", "rbits");
    }
    printf("%-15s %u\n", "lanes", p->lanes);
    if (p->has_tiny_round)
        printf("%-15s %s below 2^%d\n", "tiny-round", exmy_round_name(p->tiny_round), p->tiny_exp);
    else
        printf("%-15s -\n", "tiny-round");
    if (p->nan_out == EXMY_NANOUT_FIXED || p->nan_out == EXMY_NANOUT_SIGNED) {
        cli_code_hex(f, p->nan_code, code, sizeof code);
        printf("%-15s %s %s\n", "nan", exmy_nan_out_name(p->nan_out), code);
    } else {
        printf("%-15s %s\n", "nan", exmy_nan_out_name(p->nan_out));
    }
    printf("%-15s %s\n", "negative", exmy_neg_rule_name(p->negative));
    cli_code_hex(f, p->zero_code, code, sizeof code);
    printf("%-15s %s\n", "zero", p->zero_to_code ? code : "-");
    cli_profile_inputs(p, buf, sizeof buf);
    printf("%-15s %s\n", "inputs", buf);
    printf("%-15s %s\n", "daz", yes(p->daz));
    printf("%-15s %s\n", "ftz", yes(p->ftz));
    printf("%-15s %s\n", "relu", yes(p->relu));
    printf("%-15s %s\n", "scaled", yes(p->scaled));
    printf("%-15s %s\n", "source", p->source);
    printf("%-15s %s\n", "unspecified", text_or_dash(p->unspecified));
    printf("%-15s %s\n", "note", text_or_dash(p->note));
}

/* "e4m3fn (e4m3:finite:nans=1)", or the spec alone for a nameless format. */
static void print_named_format(const char *key, const exmy_format *f, const char *prefix)
{
    char buf[256];
    if (exmy_format_to_string(f, buf, sizeof buf) != EXMY_OK)
        buf[0] = '\0';
    if (f->name[0])
        printf("%-15s %s%s (%s)\n", key, prefix, f->name, buf);
    else if (prefix[0])
        printf("%-15s %s(%s)\n", key, prefix, buf);
    else
        printf("%-15s %s\n", key, buf);
}

/* Every field of a block format, in the order of the .blk keys. */
static void print_block(const exmy_block_format *b, const exmy_format_info *ei)
{
    printf("%-15s %s\n", "block", text_or_dash(b->name));
    printf("%-15s %s\n", "aliases", text_or_dash(b->aliases));
    printf("%-15s %s\n", "family", text_or_dash(b->family));
    static const char int8[] = "int8: two's complement k * 2^-6, |k| <= 127 ";
    print_named_format("element", &b->elem, b->kind == EXMY_ELEM_INT8 ? int8 : "");
    printf("%-15s %d\n", "element emax", ei->emax);
    print_value("element max", ei->max_finite);
    print_named_format("scale", &b->scale, "");
    printf("%-15s %u\n", "block size", b->block);
    printf("%-15s %s\n", "rule", exmy_scale_rule_name(b->rule));
    printf("%-15s %s\n", "tensor scale", b->tensor_scale ? "binary32" : "no");
    printf("%-15s %s\n", "source", text_or_dash(b->source));
}

/* A BLOCK operand: a block format name or a "block:" spec. Returns -1 when
 * spec is neither (the caller resolves it as a format or profile). */
static int info_block(cli_ctx *ctx, const char *spec, bool values)
{
    exmy_block_format b;
    char why[300] = "";
    exmy_status st = exmy_block_parse(ctx->cat, spec, &b, why, sizeof why);
    if (st == EXMY_ENOTFOUND)
        return -1;
    if (st != EXMY_OK) {
        cli_error(ctx, spec, "%s", why[0] ? why : exmy_strerror(st));
        return CLI_EXIT_FAIL;
    }
    exmy_format_info ei;
    if (exmy_format_get_info(&b.elem, &ei) != EXMY_OK)
        memset(&ei, 0, sizeof ei); /* exmy_block_parse validated it */
    print_block(&b, &ei);
    printf("\n");
    const exmy_catalogue_entry *e =
        b.elem.name[0] ? exmy_catalogue_find(ctx->cat, b.elem.name) : NULL;
    print_format(&b.elem, &ei, e);
    if (values)
        print_values(&b.elem, &ei);
    return CLI_EXIT_OK;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    bool values = false;
    const char *spec = NULL;
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, options, &v)) != CLI_END;) {
        if (id == CLI_STOP)
            return a.exit;
        if (id == OPT_VALUES)
            values = true;
        else if (id == CLI_OPERAND && !spec)
            spec = v;
        else if (id == CLI_OPERAND)
            return cli_usage(ctx, v, "expected one FORMAT or PROFILE");
    }
    if (!spec)
        return cli_usage(ctx, NULL, "expected a FORMAT or PROFILE");
    /* Block format names are disjoint from format and profile names. */
    int brc = info_block(ctx, spec, values);
    if (brc >= 0)
        return brc;

    cli_target t;
    int rc = cli_target_resolve(ctx, spec, &t);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (values && t.f.bits > 16) {
        cli_error(ctx, spec, "--values lists formats of at most 16 bits; this one has %u",
                  t.f.bits);
        return CLI_EXIT_FAIL;
    }
    if (t.prof) {
        print_profile(t.prof);
        printf("\n");
    }
    print_format(&t.f, &t.info, t.entry);
    if (values)
        print_values(&t.f, &t.info);
    return CLI_EXIT_OK;
}

const cli_command cmd_info = {"info",
                              "a format's, profile's or block's fields, constants, (--values) codes",
                              help, run, options, CLI_BITS_NONE, false};
