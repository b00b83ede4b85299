/* Fuzz target: the CLI's argument parser (cli_args_init / cli_next) with
 * each command's own option table, and the option-value parsers: numbers
 * (cli_parse_u64), rounding and saturation names and the conversion options
 * together (cli_conv_parse), ISA names and format specs (cli_format). It
 * never runs a command: nothing is written, and an input that names the
 * global --load FILE (which reads a file) is skipped.
 *
 * Input: byte 0 picks the command (and a bound for the number parser); the
 * rest, split at NUL bytes, is its argv after the command name.
 *
 * Invariants:
 *  - cli_parse_args (the CLI's own parse of a command line) gives the exit
 *    code that the steps below add up to;
 *  - cli_next returns CLI_END once all arguments are used, CLI_OPERAND with
 *    the argument itself, CLI_STOP with exit status 0 (only for -h/--help),
 *    1 or 2, or the id of an option of the table; an option's value is the
 *    text after '=' or the next argument, never NULL for an option that
 *    takes one, never empty for a file name, NULL for a flag; it moves
 *    forward through argv and ends;
 *  - cli_parse_u64 accepts exactly the decimal or 0x-hex numbers <= max,
 *    with their value (checked against a parse of our own);
 *  - cli_conv_parse gives a status 0, 1 or 2; on 0 the modes are in range,
 *    a stochastic mode has sr_bits in 1..32 (and --random R < 2^sr_bits
 *    where R is a value), a deterministic one was given no random bits;
 *  - a rounding, saturation or ISA name that parses prints back as the
 *    same name, ignoring case;
 *  - cli_format accepts what exmy_format_parse accepts, with the same
 *    descriptor, which validates. */
#include "fuzz.h"

#include "cli.h"

#include <ctype.h>
#include <strings.h>

/* tools/exmy.c's list (EXMY_COMMANDS); a command missing here is not fuzzed. */
extern const cli_command cmd_formats, cmd_info, cmd_round, cmd_decode, cmd_convert, cmd_snr,
    cmd_vectors, cmd_check;
static const cli_command *const commands[] = {&cmd_formats, &cmd_info, &cmd_round,   &cmd_decode,
                                              &cmd_convert, &cmd_snr,  &cmd_vectors, &cmd_check};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static exmy_catalogue *cat;

int LLVMFuzzerInitialize(int *argc, char **argv[])
{
    (void)argc;
    (void)argv;
    if (exmy_catalogue_builtin(&cat) != EXMY_OK)
        abort();
    /* The CLI's messages and --help text go nowhere; fuzz_fail and the
     * sanitizers write to file descriptor 2 itself. */
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        abort();
    stdout = null;
    stderr = null;
    return 0;
}

/* The reference number parser: decimal or 0x hex digits, nothing else. */
static bool ref_u64(const char *s, uint64_t *out)
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
        int c = (unsigned char)*s;
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return false;
        if (v > UINT64_MAX / base || v * base > UINT64_MAX - d)
            return false; /* beyond 2^64 - 1 */
        v = v * base + d;
    }
    *out = v;
    return true;
}

static const uint64_t bounds[8] = {0, 1, 3, 32, 255, 1024, UINT32_MAX, UINT64_MAX};

static void check_u64(const char *s, uint64_t max)
{
    uint64_t got = 0, want = 0;
    bool ok = cli_parse_u64(s, max, &got);
    bool ref = ref_u64(s, &want) && want <= max;
    if (ok != ref || (ok && got != want))
        fuzz_fail("cli_parse_u64('%s', max %llu) gives %s %llu; expected %s %llu", s,
                  (unsigned long long)max, ok ? "true" : "false", (unsigned long long)got,
                  ref ? "true" : "false", (unsigned long long)want);
}

static void check_format(const cli_ctx *ctx, const char *spec)
{
    exmy_format f, g;
    exmy_format_info info;
    const exmy_catalogue_entry *e = NULL;
    int rc = cli_format(ctx, spec, &f, &info, &e);
    exmy_status st = exmy_format_parse(cat, spec, &g, NULL, 0);
    if ((rc == CLI_EXIT_OK) != (st == EXMY_OK) || (rc != CLI_EXIT_OK && rc != CLI_EXIT_FAIL))
        fuzz_fail("cli_format('%s') exit %d, exmy_format_parse %s", spec, rc, exmy_strerror(st));
    if (rc != CLI_EXIT_OK)
        return;
    if (!exmy_format_equal(&f, &g) || exmy_format_validate(&f, NULL, 0) != EXMY_OK)
        fuzz_fail("cli_format('%s') gives another or an invalid descriptor", spec);
    if (e && !exmy_format_equal(&e->format, &f))
        fuzz_fail("cli_format('%s'): its entry '%s' is another format", spec, e->format.name);
}

static void check_names(const char *v)
{
    exmy_round r;
    exmy_sat s;
    exmy_isa isa;
    if (exmy_round_from_name(v, &r) == EXMY_OK && strcasecmp(exmy_round_name(r), v) != 0)
        fuzz_fail("rounding name '%s' prints as '%s'", v, exmy_round_name(r));
    if (exmy_sat_from_name(v, &s) == EXMY_OK && strcasecmp(exmy_sat_name(s), v) != 0)
        fuzz_fail("saturation name '%s' prints as '%s'", v, exmy_sat_name(s));
    if (exmy_isa_from_name(v, &isa) == EXMY_OK && strcasecmp(exmy_isa_name(isa), v) != 0)
        fuzz_fail("ISA name '%s' prints as '%s'", v, exmy_isa_name(isa));
}

/* Returns cli_conv_parse_profile's exit code (prof NULL: a format). */
static int check_conv(const cli_ctx *ctx, const exmy_profile *prof, const cli_conv_args *ca,
                      cli_conv_bits bits)
{
    cli_conv c;
    int rc = cli_conv_parse_profile(ctx, prof, ca, bits, &c);
    if (rc != CLI_EXIT_OK && rc != CLI_EXIT_FAIL && rc != CLI_EXIT_USAGE)
        fuzz_fail("cli_conv_parse: exit %d", rc);
    if (rc != CLI_EXIT_OK)
        return rc;
    if ((unsigned)c.o.round >= EXMY_ROUND_COUNT || (unsigned)c.o.sat >= EXMY_SAT_COUNT)
        fuzz_fail("cli_conv_parse: round %d sat %d", (int)c.o.round, (int)c.o.sat);
    if (exmy_round_is_stochastic(c.o.round)) {
        if (c.o.sr_bits < 1 || c.o.sr_bits > 32)
            fuzz_fail("cli_conv_parse: --sr-bits '%s' gave %u", ca->sr_bits ? ca->sr_bits : "",
                      c.o.sr_bits);
        if (bits == CLI_BITS_VALUE && c.o.sr_bits < 32 && c.random >> c.o.sr_bits)
            fuzz_fail("cli_conv_parse: --random '%s' gave %u, not below 2^%u", ca->random,
                      c.random, c.o.sr_bits);
    } else if (ca->sr_bits || ca->random || ca->rbits) {
        fuzz_fail("cli_conv_parse: %s took --sr-bits/--random", exmy_round_name(c.o.round));
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const cli_command *cmd = commands[data[0] % N_COMMANDS];
    uint64_t max = bounds[(data[0] >> 4) & 7];

    /* argv: the command's name, then the input split at NUL bytes. */
    char *text = fuzz_cstr(data + 1, size - 1); /* NUL-terminated copy */
    enum { MAX_ARGS = 64 };
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)cmd->name;
    for (size_t i = 0; i < size - 1 && argc <= MAX_ARGS;) {
        argv[argc++] = text + i;
        i += strlen(text + i) + 1;
    }
    argv[argc] = NULL;
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--load", 6) == 0 && (argv[i][6] == '\0' || argv[i][6] == '=')) {
            free(text);
            return 0;
        }

    cli_ctx ctx = {cmd->name, cmd->help, cat};
    int parsed = cli_parse_args(&ctx, cmd, argc, argv);
    int expect = CLI_EXIT_OK;
    cli_args a;
    cli_args_init(&a, argc, argv);
    cli_conv_args ca;
    memset(&ca, 0, sizeof ca);
    const char *v;
    const char *first_operand = NULL;
    bool stopped = false;
    int calls = 0, last_i = a.i;
    for (;;) {
        int id = cli_next(&ctx, &a, cmd->options, &v);
        if (++calls > argc + 1 || a.i < last_i || a.i > argc)
            fuzz_fail("%s: cli_next does not move forward (call %d, at %d of %d)", cmd->name,
                      calls, a.i, argc);
        last_i = a.i;
        const char *arg = a.i > 1 ? argv[a.i - 1] : NULL;
        if (id == CLI_END) {
            if (a.i != argc || v != NULL)
                fuzz_fail("%s: CLI_END at argument %d of %d", cmd->name, a.i, argc);
            break;
        }
        if (id == CLI_STOP) {
            bool help = strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
            if ((a.exit == CLI_EXIT_OK) != help ||
                (a.exit != CLI_EXIT_OK && a.exit != CLI_EXIT_FAIL && a.exit != CLI_EXIT_USAGE))
                fuzz_fail("%s: CLI_STOP at '%s' with exit %d", cmd->name, arg, a.exit);
            expect = a.exit;
            stopped = true;
            break;
        }
        if (id == CLI_OPERAND) {
            if (v != arg)
                fuzz_fail("%s: operand is not the argument '%s'", cmd->name, arg);
            if (!first_operand)
                first_operand = v;
        } else {
            const cli_option *o = cmd->options;
            while (o && o->name && o->id != id)
                o++;
            if (!o || !o->name)
                fuzz_fail("%s: cli_next returned %d, no option of the table", cmd->name, id);
            /* The option is "--name", "--name=value", or "--name" before its value. */
            const char *opt_arg = o->has_value && v == arg ? argv[a.i - 2] : arg;
            size_t n = strlen(o->name);
            if (strncmp(opt_arg, "--", 2) != 0 || strncmp(opt_arg + 2, o->name, n) != 0 ||
                (opt_arg[2 + n] != '\0' && opt_arg[2 + n] != '='))
                fuzz_fail("%s: '%s' returned as --%s", cmd->name, opt_arg, o->name);
            if (!o->has_value ? v != NULL
                              : !v || (v != arg && v != opt_arg + 3 + n) ||
                                    (o->has_value == CLI_PATH && !*v))
                fuzz_fail("%s: --%s came with the value '%s'", cmd->name, o->name, v ? v : "(null)");
            if (cli_conv_arg(&ca, id, v)) {
                /* checked together below */
            } else if (strcmp(cmd->name, "convert") == 0 &&
                       (strcmp(o->name, "from") == 0 || strcmp(o->name, "to") == 0)) {
                check_format(&ctx, v);
            } else if (strcmp(o->name, "formats") == 0) { /* snr: a comma-separated list */
                char *list = strdup(v);
                if (!list)
                    abort();
                for (char *save = NULL, *f = strtok_r(list, ",", &save); f;
                     f = strtok_r(NULL, ",", &save))
                    check_format(&ctx, f);
                free(list);
            }
        }
        if (v) {
            check_u64(v, max);
            check_names(v);
        }
    }
    /* The first operand of info, round and decode is a format. */
    if (first_operand && (cmd == &cmd_info || cmd == &cmd_round || cmd == &cmd_decode))
        check_format(&ctx, first_operand);
    /* Every command but snr: a first operand that names a profile fixes
     * the conversion (formats are looked up first). */
    const exmy_profile *prof = NULL;
    exmy_format pf;
    if (first_operand && !cmd->formats_only &&
        exmy_format_parse(cat, first_operand, &pf, NULL, 0) != EXMY_OK)
        prof = exmy_catalogue_find_profile(cat, first_operand);
    if (!stopped && cmd->conv_bits != CLI_BITS_NONE)
        expect = check_conv(&ctx, prof, &ca, (cli_conv_bits)cmd->conv_bits);
    if (parsed != expect)
        fuzz_fail("%s: cli_parse_args gives exit %d, its steps %d", cmd->name, parsed, expect);
    free(text);
    return 0;
}
