/* Shared helpers of the exmy subcommands; see cli.h. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ messages */

static void verror(const cli_ctx *ctx, const char *arg, const char *fmt, va_list ap)
{
    /* Build the whole line first so it reaches stderr in one write. */
    char line[2048];
    int n = snprintf(line, sizeof line, "exmy%s%s: ", ctx && ctx->cmd ? " " : "",
                     ctx && ctx->cmd ? ctx->cmd : "");
    if (arg && n >= 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, "%s: ", arg);
    if (n >= 0 && (size_t)n < sizeof line)
        vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    fprintf(stderr, "%s\n", line);
}

void cli_error(const cli_ctx *ctx, const char *arg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(ctx, arg, fmt, ap);
    va_end(ap);
}

int cli_usage(const cli_ctx *ctx, const char *arg, const char *what)
{
    if (ctx && ctx->cmd)
        cli_error(ctx, arg, "%s (see 'exmy %s --help')", what, ctx->cmd);
    else
        cli_error(ctx, arg, "%s (see 'exmy --help')", what);
    return CLI_EXIT_USAGE;
}

/* ------------------------------------------------------------- options */

static const char global_help[] =
    "\n"
    "Options of every subcommand:\n"
    "  --load FILE      also load the named formats of FILE (.fmt syntax), or its\n"
    "                   profiles if FILE ends in .prof, its block formats if it\n"
    "                   ends in .blk (see formats/README.md);\n"
    "                   may be given more than once\n"
    "  -h, --help       show this help\n"
    "Options may come before or after operands; '--' ends options. An argument\n"
    "that reads as a number (-431.5, -inf) is an operand. Exit status: 0 ok,\n"
    "1 bad input or failed check, 2 usage error.\n";

void cli_args_init(cli_args *a, int argc, char **argv)
{
    a->argc = argc;
    a->argv = argv;
    a->i = 1;
    a->operands_only = false;
    a->exit = CLI_EXIT_OK;
}

bool cli_looks_numeric(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1])))
        return true;
    return strncasecmp(s, "inf", 3) == 0 || strncasecmp(s, "nan", 3) == 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int cli_load_formats(const cli_ctx *ctx, const char *path)
{
    /* The library reads a directory as a failed read; name the cause. */
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cli_error(ctx, path, "is a directory");
        return CLI_EXIT_FAIL;
    }
    char why[512] = "";
    exmy_status st = has_suffix(path, ".prof")
                         ? exmy_catalogue_load_profiles_file(ctx->cat, path, why, sizeof why)
                     : has_suffix(path, ".blk")
                         ? exmy_catalogue_load_blocks_file(ctx->cat, path, why, sizeof why)
                         : exmy_catalogue_load_file(ctx->cat, path, why, sizeof why);
    if (st == EXMY_OK)
        return CLI_EXIT_OK;
    /* The library's reason already names the file (and line). */
    if (why[0])
        cli_error(ctx, NULL, "%s", why);
    else
        cli_error(ctx, path, "%s", exmy_strerror(st));
    return CLI_EXIT_FAIL;
}

int cli_next(cli_ctx *ctx, cli_args *a, const cli_option *opts, const char **value)
{
    while (a->i < a->argc) {
        char *s = a->argv[a->i++];
        *value = s;
        if (a->operands_only || s[0] != '-' || s[1] == '\0' || cli_looks_numeric(s))
            return CLI_OPERAND;
        if (strcmp(s, "--") == 0) {
            a->operands_only = true;
            continue;
        }
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            fputs(ctx->help, stdout);
            fputs(global_help, stdout);
            a->exit = CLI_EXIT_OK;
            return CLI_STOP;
        }
        if (s[1] != '-') {
            a->exit = cli_usage(ctx, s, "unknown option");
            return CLI_STOP;
        }
        const char *name = s + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const cli_option *opt = NULL;
        /* --load is every command's; a command's own table cannot shadow it. */
        static const cli_option load_opt = {"load", CLI_PATH, 0};
        if (len == 4 && strncmp(name, "load", 4) == 0)
            opt = &load_opt;
        for (const cli_option *o = opts; !opt && o && o->name; o++)
            if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
                opt = o;
        if (!opt) {
            a->exit = cli_usage(ctx, s, "unknown option");
            return CLI_STOP;
        }
        const char *v = NULL;
        if (opt->has_value) {
            if (eq)
                v = eq + 1;
            else if (a->i < a->argc)
                v = a->argv[a->i++];
            else {
                a->exit = cli_usage(ctx, s, "expected a value after it");
                return CLI_STOP;
            }
        } else if (eq) {
            a->exit = cli_usage(ctx, s, "this option takes no value");
            return CLI_STOP;
        }
        /* An empty file name is a usage error now, before any work (an
         * output would otherwise fail only after the computation). */
        if (opt->has_value == CLI_PATH && !*v) {
            a->exit = cli_usage(ctx, s, "expected a file name, not an empty string");
            return CLI_STOP;
        }
        if (opt == &load_opt) {
            int rc = cli_load_formats(ctx, v);
            if (rc != CLI_EXIT_OK) {
                a->exit = rc;
                return CLI_STOP;
            }
            continue;
        }
        *value = v;
        return opt->id;
    }
    *value = NULL;
    return CLI_END;
}

/* --------------------------------------------------------- value parsing */

int cli_format(const cli_ctx *ctx, const char *spec, exmy_format *f, exmy_format_info *info,
               const exmy_catalogue_entry **entry)
{
    char why[512] = "";
    exmy_status st = exmy_format_parse(ctx->cat, spec, f, why, sizeof why);
    if (st == EXMY_OK && info)
        st = exmy_format_get_info(f, info);
    if (st != EXMY_OK && exmy_catalogue_find_profile(ctx->cat, spec)) {
        cli_error(ctx, spec, "a profile, not a format: this command takes formats (the "
                  "profile's format: 'exmy info %s')", spec);
        return CLI_EXIT_FAIL;
    }
    if (st != EXMY_OK) {
        cli_error(ctx, spec, "%s", why[0] ? why : exmy_strerror(st));
        return CLI_EXIT_FAIL;
    }
    if (entry)
        *entry = exmy_catalogue_find(ctx->cat, spec);
    return CLI_EXIT_OK;
}

int cli_target_resolve(const cli_ctx *ctx, const char *name, cli_target *t)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    char why[512] = "";
    exmy_status st = exmy_format_parse(ctx->cat, name, &t->f, why, sizeof why);
    if (st != EXMY_OK) {
        t->prof = exmy_catalogue_find_profile(ctx->cat, name);
        if (!t->prof) {
            /* An eXmY spelling is a generic spec: its parser says what is
             * wrong with it. Anything else is a name we do not know. */
            if ((name[0] == 'e' || name[0] == 'E') && isdigit((unsigned char)name[1]) && why[0])
                cli_error(ctx, name, "%s", why);
            else
                cli_error(ctx, name,
                          "not a format or profile (see 'exmy formats' and 'exmy profiles')");
            return CLI_EXIT_FAIL;
        }
        t->f = t->prof->format;
    }
    st = exmy_format_get_info(&t->f, &t->info);
    if (st != EXMY_OK) { /* the loaders validate every entry */
        cli_error(ctx, name, "%s", exmy_strerror(st));
        return CLI_EXIT_FAIL;
    }
    t->entry = exmy_catalogue_find(ctx->cat, t->prof ? t->prof->format.name : name);
    if (t->entry && !exmy_format_equal(&t->entry->format, &t->f))
        t->entry = NULL; /* a generic spec (name "") */
    return CLI_EXIT_OK;
}

/* The order in which a command picks a profile's default input type. */
static const exmy_type input_order[] = {EXMY_TYPE_F32, EXMY_TYPE_F16, EXMY_TYPE_BF16,
                                        EXMY_TYPE_F64};

void cli_profile_inputs(const exmy_profile *p, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof input_order / sizeof input_order[0]; i++)
        if (p->inputs & (1u << input_order[i])) {
            int w = snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
                             exmy_type_name(input_order[i]));
            if (w < 0 || (size_t)w >= len - n)
                break;
            n += (size_t)w;
        }
}

exmy_type cli_profile_default_input(const exmy_profile *p)
{
    for (size_t i = 0; i < sizeof input_order / sizeof input_order[0]; i++)
        if (p->inputs & (1u << input_order[i]))
            return input_order[i];
    return EXMY_TYPE_F32; /* inputs is never 0 in a valid profile */
}

int cli_profile_check_input(const cli_ctx *ctx, const char *arg, const exmy_profile *p,
                            exmy_type type)
{
    if (p->inputs & (1u << type))
        return CLI_EXIT_OK;
    char list[64];
    cli_profile_inputs(p, list, sizeof list);
    cli_error(ctx, arg, "profile %s does not take %s inputs (it takes %s)", p->name,
              exmy_type_name(type), list);
    return CLI_EXIT_FAIL;
}

int cli_round(const cli_ctx *ctx, const char *name, exmy_round *out)
{
    if (exmy_round_from_name(name, out) == EXMY_OK)
        return CLI_EXIT_OK;
    char list[200] = "";
    for (unsigned r = 0; r < EXMY_ROUND_COUNT; r++) {
        strcat(list, r ? ", " : "");
        strcat(list, exmy_round_name((exmy_round)r));
    }
    cli_error(ctx, name, "expected a rounding mode: %s", list);
    return CLI_EXIT_FAIL;
}

int cli_sat(const cli_ctx *ctx, const char *name, exmy_sat *out)
{
    if (exmy_sat_from_name(name, out) == EXMY_OK)
        return CLI_EXIT_OK;
    char list[200] = "";
    for (unsigned s = 0; s < EXMY_SAT_COUNT; s++) {
        strcat(list, s ? ", " : "");
        strcat(list, exmy_sat_name((exmy_sat)s));
    }
    cli_error(ctx, name, "expected a saturation mode: %s", list);
    return CLI_EXIT_FAIL;
}

bool cli_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        unsigned d;
        if (isdigit((unsigned char)*s))
            d = (unsigned)(*s - '0');
        else if (base == 16 && isxdigit((unsigned char)*s))
            d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
        else
            return false;
        /* d > max first: max - d would wrap ("--sr-bits 1 --random 2"). */
        if (d > max || v > (max - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

/* ------------------------------------------------- conversion options */

bool cli_conv_arg(cli_conv_args *a, int id, const char *v)
{
    switch (id) {
    case CLI_OPT_ROUND: a->round = v; return true;
    case CLI_OPT_SAT: a->sat = v; return true;
    case CLI_OPT_SR_BITS: a->sr_bits = v; return true;
    case CLI_OPT_SEED: a->seed = v; return true;
    case CLI_OPT_INDEX0: a->index0 = v; return true;
    case CLI_OPT_RANDOM: a->random = v; return true;
    case CLI_OPT_RBITS: a->rbits = v; return true;
    case CLI_OPT_SCALE: a->scale = v; return true;
    default: return false;
    }
}

static int bad_u64(const cli_ctx *ctx, const char *s, const char *what)
{
    cli_error(ctx, s, "expected %s (decimal or 0x hex)", what);
    return CLI_EXIT_FAIL;
}

/* --scale N: a decimal integer (a power-of-two exponent), optionally signed. */
static bool parse_scale(const char *s, int *out)
{
    const char *d = s + (*s == '-' || *s == '+');
    if (!isdigit((unsigned char)*d))
        return false;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || errno == ERANGE || v < -CLI_SCALE_MAX || v > CLI_SCALE_MAX)
        return false;
    *out = (int)v;
    return true;
}

/* The options that only a profile takes, or only a stochastic one. */
static int profile_only(const cli_ctx *ctx, const cli_conv_args *a, cli_conv_bits bits)
{
    if (a->scale)
        return cli_usage(ctx, "--scale", "only a scaled profile takes a scale (see 'exmy profiles')");
    if (a->rbits)
        return cli_usage(ctx, "--rbits",
                         "only a stochastic profile takes --rbits; with a FORMAT give --random R");
    if (bits == CLI_BITS_VALUE && (a->seed || a->index0))
        return cli_usage(ctx, a->seed ? "--seed" : "--index0",
                         "only a stochastic profile takes Philox bits here; with a FORMAT give "
                         "--random R");
    return CLI_EXIT_OK;
}

int cli_conv_parse(const cli_ctx *ctx, const cli_conv_args *a, cli_conv_bits bits, cli_conv *out)
{
    return cli_conv_parse_profile(ctx, NULL, a, bits, out);
}

static int parse_format_conv(const cli_ctx *ctx, const cli_conv_args *a, cli_conv_bits bits,
                             cli_conv *out)
{
    int rc;
    if (a->round && (rc = cli_round(ctx, a->round, &out->o.round)) != CLI_EXIT_OK)
        return rc;
    if (a->sat && (rc = cli_sat(ctx, a->sat, &out->o.sat)) != CLI_EXIT_OK)
        return rc;
    if ((rc = profile_only(ctx, a, bits)) != CLI_EXIT_OK)
        return rc;
    /* The combinations first (usage errors), then the values. */
    bool stream = bits == CLI_BITS_STREAM;
    if (!exmy_round_is_stochastic(out->o.round)) {
        const char *extra = a->sr_bits            ? "--sr-bits"
                            : a->random           ? "--random"
                            : stream && a->seed   ? "--seed"
                            : stream && a->index0 ? "--index0"
                                                  : NULL;
        if (extra)
            return cli_usage(ctx, extra,
                             "only the stochastic modes (--round sr-a|sr-b|sr-c) take random bits");
    } else if (bits == CLI_BITS_VALUE && (!a->sr_bits || !a->random)) {
        return cli_usage(ctx, a->round, "stochastic rounding needs --sr-bits N and --random R");
    } else if (stream && (!a->sr_bits || (!a->seed && !a->random))) {
        return cli_usage(ctx, a->round,
                         "stochastic rounding needs --sr-bits N and --seed S or --random FILE");
    } else if (bits == CLI_BITS_SEED && !a->sr_bits) {
        return cli_usage(ctx, a->round, "stochastic rounding needs --sr-bits N");
    }
    if (stream && a->seed && a->random)
        return cli_usage(ctx, "--random", "give --seed S or --random FILE, not both");
    if (stream && a->index0 && !a->seed)
        return cli_usage(ctx, "--index0", "--index0 applies to the Philox bits of --seed");
    uint64_t n;
    if (a->sr_bits) {
        if (!cli_parse_u64(a->sr_bits, 32, &n) || n < 1) {
            cli_error(ctx, a->sr_bits, "expected --sr-bits N with N in 1..32");
            return CLI_EXIT_FAIL;
        }
        out->o.sr_bits = (unsigned)n;
    }
    return CLI_EXIT_OK;
}

/* A profile fixes round, sat and sr_bits; it says whether random bits and a
 * scale go with it. */
static int parse_profile_conv(const cli_ctx *ctx, const exmy_profile *p, const cli_conv_args *a,
                              cli_conv_bits bits, cli_conv *out)
{
    const char *fixed = a->round ? "--round" : a->sat ? "--sat" : a->sr_bits ? "--sr-bits" : NULL;
    char what[256];
    if (fixed) {
        snprintf(what, sizeof what,
                 "profile %s is its own rounding, saturation and sr-bits; give a FORMAT to "
                 "choose them",
                 p->name);
        return cli_usage(ctx, fixed, what);
    }
    out->o = p->conv;
    bool stream = bits == CLI_BITS_STREAM, value = bits == CLI_BITS_VALUE;
    if (!exmy_round_is_stochastic(p->conv.round)) {
        const char *extra = a->rbits    ? "--rbits"
                            : a->random ? "--random"
                            : a->seed && bits != CLI_BITS_SEED ? "--seed"
                            : a->index0 ? "--index0"
                                        : NULL;
        if (extra) {
            snprintf(what, sizeof what, "profile %s is not stochastic: it takes no random bits",
                     p->name);
            return cli_usage(ctx, extra, what);
        }
    } else if (value && a->random) {
        return cli_usage(ctx, "--random",
                         "with a stochastic profile give the element's R as --rbits R, or --seed S");
    } else if (value && !a->rbits && !a->seed) {
        snprintf(what, sizeof what, "stochastic profile %s needs --rbits R or --seed S", p->name);
        return cli_usage(ctx, NULL, what);
    } else if (value && a->rbits && a->seed) {
        return cli_usage(ctx, "--rbits", "give --rbits R or --seed S, not both");
    } else if (stream && !a->seed && !a->random) {
        snprintf(what, sizeof what, "stochastic profile %s needs --seed S or --random FILE",
                 p->name);
        return cli_usage(ctx, NULL, what);
    }
    if (stream && a->seed && a->random)
        return cli_usage(ctx, "--random", "give --seed S or --random FILE, not both");
    if ((stream || value) && a->index0 && !a->seed)
        return cli_usage(ctx, "--index0", "--index0 applies to the Philox bits of --seed");
    if (a->scale && !p->scaled) {
        snprintf(what, sizeof what, "profile %s takes no scale", p->name);
        return cli_usage(ctx, "--scale", what);
    }
    if (a->scale && !parse_scale(a->scale, &out->scale_exp)) {
        cli_error(ctx, a->scale, "expected --scale N, an integer power-of-two exponent in %d..%d",
                  -CLI_SCALE_MAX, CLI_SCALE_MAX);
        return CLI_EXIT_FAIL;
    }
    if (a->rbits) {
        uint64_t n;
        if (!cli_parse_u64(a->rbits, (UINT64_C(1) << p->conv.sr_bits) - 1, &n)) {
            cli_error(ctx, a->rbits,
                      "expected --rbits R with 0 <= R < 2^%u (profile %s has sr-bits %u; decimal "
                      "or 0x hex)",
                      p->conv.sr_bits, p->name, p->conv.sr_bits);
            return CLI_EXIT_FAIL;
        }
        out->random = (uint32_t)n;
    }
    out->seeded = value && a->seed;
    return CLI_EXIT_OK;
}

int cli_conv_parse_profile(const cli_ctx *ctx, const exmy_profile *prof, const cli_conv_args *a,
                           cli_conv_bits bits, cli_conv *out)
{
    memset(out, 0, sizeof *out);
    out->o.round = EXMY_RNE;
    out->o.sat = EXMY_SATFINITE;
    int rc = prof ? parse_profile_conv(ctx, prof, a, bits, out) : parse_format_conv(ctx, a, bits, out);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (a->seed && !cli_parse_u64(a->seed, UINT64_MAX, &out->seed))
        return bad_u64(ctx, a->seed, "--seed S with 0 <= S < 2^64");
    if (a->index0 && !cli_parse_u64(a->index0, UINT64_MAX, &out->index0))
        return bad_u64(ctx, a->index0, "--index0 I with 0 <= I < 2^64");
    uint64_t n;
    if (a->random && bits == CLI_BITS_VALUE) {
        if (!cli_parse_u64(a->random, (UINT64_C(1) << out->o.sr_bits) - 1, &n)) {
            cli_error(ctx, a->random, "expected --random R with 0 <= R < 2^%u (decimal or 0x hex)",
                      out->o.sr_bits);
            return CLI_EXIT_FAIL;
        }
        out->random = (uint32_t)n;
    } else if (a->random) {
        out->random_file = a->random;
    }
    return CLI_EXIT_OK;
}

int cli_parse_args(cli_ctx *ctx, const cli_command *c, int argc, char **argv)
{
    cli_conv_args ca = {0};
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v, *first = NULL;
    for (int id; (id = cli_next(ctx, &a, c->options, &v)) != CLI_END;) {
        if (id == CLI_STOP)
            return a.exit;
        if (id != CLI_OPERAND)
            cli_conv_arg(&ca, id, v);
        else if (!first)
            first = v;
    }
    if (c->conv_bits == CLI_BITS_NONE)
        return CLI_EXIT_OK;
    /* The first operand is the FORMAT, or a profile (but for snr). */
    const exmy_profile *prof = NULL;
    exmy_format f;
    if (first && !c->formats_only &&
        exmy_format_parse(ctx->cat, first, &f, NULL, 0) != EXMY_OK)
        prof = exmy_catalogue_find_profile(ctx->cat, first);
    cli_conv conv;
    return cli_conv_parse_profile(ctx, prof, &ca, (cli_conv_bits)c->conv_bits, &conv);
}

/* ------------------------------------------------------------- output */

const char *cli_out_name(const cli_out *o)
{
    return o->path ? o->path : "stdout";
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Write straight into `target` (a FIFO, a device, or the far end of a
 * dangling symlink): nothing is renamed, so the node itself survives. */
static int out_in_place(const cli_ctx *ctx, cli_out *o, const char *target, bool create)
{
    int fd = open(target, O_WRONLY | (create ? O_CREAT | O_TRUNC : 0), 0666);
    if (fd < 0) {
        cli_error(ctx, o->path, "cannot open the output: %s", strerror(errno));
        return CLI_EXIT_FAIL;
    }
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        int e = errno;
        close(fd);
        cli_error(ctx, o->path, "cannot open the output: %s", strerror(e));
        return CLI_EXIT_FAIL;
    }
    o->seekable = lseek(fd, 0, SEEK_CUR) != (off_t)-1;
    return CLI_EXIT_OK;
}

/* A regular file (new, or replacing `old`): a temporary file next to
 * `target`, renamed over it by cli_out_commit, so a failure leaves the old
 * file as it was. */
static int out_replace(const cli_ctx *ctx, cli_out *o, const char *target, const struct stat *old)
{
    size_t n = strlen(target);
    o->target = dup_str(target);
    o->tmp = malloc(n + 16);
    if (!o->target || !o->tmp) {
        cli_error(ctx, o->path, "out of memory");
        return CLI_EXIT_FAIL;
    }
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", target);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        cli_error(ctx, o->path, "cannot create the output file: %s", strerror(e));
        return CLI_EXIT_FAIL;
    }
    /* mkstemp makes the file 0600: give it the mode of the file it replaces,
     * else the mode a plain fopen would. Owner and group follow the old file
     * where we may set them (as root); elsewhere they are ours anyway. */
    if (old) {
        (void)fchmod(fd, old->st_mode & 07777);
        if (fchown(fd, old->st_uid, old->st_gid) != 0)
            (void)fchmod(fd, old->st_mode & 0777);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        int e = errno;
        close(fd);
        cli_error(ctx, o->path, "cannot open the output file: %s", strerror(e));
        return CLI_EXIT_FAIL;
    }
    o->seekable = true;
    return CLI_EXIT_OK;
}

int cli_out_open(const cli_ctx *ctx, cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return CLI_EXIT_OK;
    }
    if (!*path)
        return cli_usage(ctx, NULL, "expected an output file name, not an empty string");
    o->path = dup_str(path);
    if (!o->path) {
        cli_error(ctx, path, "out of memory");
        return CLI_EXIT_FAIL;
    }
    /* A symlink is written through: the file it names is what gets replaced
     * (or created, for a dangling link), and the link stays. */
    char *resolved = NULL;
    const char *target = path;
    struct stat st;
    int rc;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        resolved = realpath(path, NULL);
        if (!resolved) {
            if (errno == ENOENT) {
                rc = out_in_place(ctx, o, path, true);
                goto done;
            }
            cli_error(ctx, path, "cannot follow the symlink: %s", strerror(errno));
            rc = CLI_EXIT_FAIL;
            goto done;
        }
        target = resolved;
    }
    if (stat(target, &st) != 0) {
        if (errno != ENOENT) {
            cli_error(ctx, path, "cannot create the output file: %s", strerror(errno));
            rc = CLI_EXIT_FAIL;
        } else {
            rc = out_replace(ctx, o, target, NULL);
        }
    } else if (S_ISDIR(st.st_mode)) {
        cli_error(ctx, path, "is a directory");
        rc = CLI_EXIT_FAIL;
    } else if (!S_ISREG(st.st_mode)) {
        /* FIFO, character or block device, socket: renaming a file over it
         * would destroy it (and a FIFO's reader would get nothing). */
        rc = out_in_place(ctx, o, target, false);
    } else if (access(target, W_OK) != 0) {
        /* As the shell's '>' would: a file we may not write is not replaced
         * (root may, and the file keeps its mode). */
        cli_error(ctx, path, "cannot write the output file: %s", strerror(errno));
        rc = CLI_EXIT_FAIL;
    } else {
        rc = out_replace(ctx, o, target, &st);
    }
done:
    free(resolved);
    if (rc != CLI_EXIT_OK)
        cli_out_abort(o);
    return rc;
}

void cli_out_abort(cli_out *o)
{
    if (o->path && o->fp)
        fclose(o->fp);
    if (o->tmp)
        remove(o->tmp);
    free(o->tmp);
    free(o->target);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int cli_out_commit(const cli_ctx *ctx, cli_out *o)
{
    /* The first error wins: a failed fflush (ENOSPC from a full disk or
     * /dev/full) names the cause; an error flag left by an earlier write
     * whose errno is gone says EIO. */
    int e = 0;
    if (fflush(o->fp) != 0)
        e = errno ? errno : EIO;
    else if (ferror(o->fp))
        e = EIO;
    if (!o->path) {
        if (e) {
            cli_error(ctx, "stdout", "write error: %s", strerror(e));
            return CLI_EXIT_FAIL;
        }
        return CLI_EXIT_OK;
    }
    FILE *fp = o->fp;
    o->fp = NULL;
    if (fclose(fp) != 0 && !e)
        e = errno ? errno : EIO;
    if (e) {
        cli_error(ctx, o->path, "write error: %s", strerror(e));
        cli_out_abort(o);
        return CLI_EXIT_FAIL;
    }
    if (o->tmp && rename(o->tmp, o->target) != 0) {
        cli_error(ctx, o->path, "cannot rename the finished output into place: %s",
                  strerror(errno));
        cli_out_abort(o);
        return CLI_EXIT_FAIL;
    }
    free(o->tmp);
    o->tmp = NULL; /* renamed: nothing to remove */
    cli_out_abort(o);
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------- exact numbers */

void cli_hexfloat(double x, char *buf, size_t len)
{
    if (isnan(x))
        snprintf(buf, len, "%s", signbit(x) ? "-nan" : "nan");
    else if (isinf(x))
        snprintf(buf, len, "%s", x < 0 ? "-inf" : "inf");
    else
        snprintf(buf, len, "%a", x);
}

void cli_shortest(double x, char *buf, size_t len)
{
    if (!isfinite(x)) {
        cli_hexfloat(x, buf, len);
        return;
    }
    /* The fewest significant digits whose text reads back to the same bits;
     * 17 always do (IEEE 754 §5.12.2). */
    char sci[40];
    int prec = 1;
    for (; prec < 17; prec++) {
        snprintf(sci, sizeof sci, "%.*e", prec - 1, x);
        double back = strtod(sci, NULL);
        if (memcmp(&back, &x, sizeof x) == 0)
            break;
    }
    snprintf(sci, sizeof sci, "%.*e", prec - 1, x);
    /* Those digits in plain notation where that stays short (240, not
     * 2.4e+02), else in scientific notation. */
    int exp10 = atoi(strchr(sci, 'e') + 1);
    if (exp10 >= -4 && exp10 < 17) {
        int frac = prec - 1 - exp10;
        snprintf(buf, len, "%.*f", frac > 0 ? frac : 0, x);
    } else {
        snprintf(buf, len, "%s", sci);
    }
}

void cli_code_value(const exmy_format *f, uint32_t code, char *dec, size_t declen, char *hex,
                    size_t hexlen)
{
    double v = exmy_to_f64(f, code);
    cli_hexfloat(v, hex, hexlen);
    /* NaN codes: "nan"/"-nan" with the code's sign, in both columns. A
     * buffer too short for every digit gets the (equally exact) hex-float. */
    if (isnan(v) || exmy_code_to_decimal(f, code, dec, declen) != EXMY_OK)
        snprintf(dec, declen, "%s", hex);
}

void cli_code_hex(const exmy_format *f, uint32_t code, char *buf, size_t len)
{
    snprintf(buf, len, "0x%0*" PRIx32, (int)((f->bits + 3) / 4), code);
}

void cli_flags(unsigned flags, char *buf, size_t len)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {
        {EXMY_FLAG_INEXACT, "inexact"},
        {EXMY_FLAG_UNDERFLOW, "underflow"},
        {EXMY_FLAG_OVERFLOW, "overflow"},
        {EXMY_FLAG_INVALID, "invalid"},
    };
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (flags & names[i].bit) {
            int w = snprintf(buf + n, len - n, "%s%s", n ? "," : "", names[i].name);
            if (w < 0 || (size_t)w >= len - n)
                break;
            n += (size_t)w;
        }
    if (!n)
        snprintf(buf, len, "exact");
}

void cli_specials(const exmy_format *f, char *buf, size_t len)
{
    unsigned M = f->precision - 1;
    bool inf = f->domain == EXMY_EXTENDED;
    bool ieee_nans = M >= 2 && M < 32 && f->high_nans == (UINT32_C(1) << M) - 1;
    char nan[32] = "";
    if (f->high_nans > 0 && inf && ieee_nans)
        snprintf(nan, sizeof nan, "nan");
    else if (f->high_nans > 0)
        snprintf(nan, sizeof nan, "nan(%" PRIu32 ")", f->high_nans);
    const char *words[] = {
        inf ? "inf" : "",
        nan,
        f->is_signed && !f->negzero ? "fnuz" : "",
        f->is_signed ? "" : "unsigned",
        f->subnormals ? "" : "nosub",
        f->has_zero ? "" : "nozero",
    };
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i][0] && n < len) {
            int w = snprintf(buf + n, len - n, "%s%s", n ? "," : "", words[i]);
            n += w > 0 ? (size_t)w : 0;
        }
    if (!n)
        snprintf(buf, len, "none");
}

/* ------------------------------------------------------------- tables */

void cli_table_widths(const char *const *cells, size_t rows, size_t cols, size_t *width)
{
    for (size_t c = 0; c < cols; c++)
        width[c] = 0;
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            size_t w = strlen(cells[r * cols + c]);
            if (w > width[c])
                width[c] = w;
        }
}

void cli_table_row(FILE *fp, const char *const *row, size_t cols, const size_t *width,
                   const bool *right)
{
    for (size_t c = 0; c < cols; c++) {
        const char *s = row[c];
        size_t w = strlen(s);
        int pad = (int)(width[c] > w ? width[c] - w : 0);
        bool last = c + 1 == cols;
        if (right && right[c])
            fprintf(fp, "%*s%s", pad, "", s);
        else
            fprintf(fp, "%s%*s", s, last ? 0 : pad, "");
        fputs(last ? "\n" : "  ", fp);
    }
}

void cli_table(FILE *fp, const char *const *cells, size_t rows, size_t cols, const bool *right)
{
    size_t *width = calloc(cols ? cols : 1, sizeof *width);
    if (!width)
        return;
    cli_table_widths(cells, rows, cols, width);
    for (size_t r = 0; r < rows; r++)
        cli_table_row(fp, cells + r * cols, cols, width, right);
    free(width);
}

/* ------------------------------------------------------- byte order */

void cli_le_swap(void *buf, size_t n, size_t elem_size)
{
    const uint16_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    if (first == 1 || elem_size < 2)
        return; /* little-endian host */
    unsigned char *p = buf;
    for (size_t i = 0; i < n; i++, p += elem_size)
        for (size_t a = 0, b = elem_size - 1; a < b; a++, b--) {
            unsigned char t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
}
