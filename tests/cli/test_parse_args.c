/* cli_parse_args: a command line parsed as its command would parse it, and
 * nothing run (the entry point of the CLI argument-parser fuzz target). The
 * exit codes pin where each check lives: a bad value is 1, a bad combination
 * or an unknown option 2, and the conversion options give the same answer
 * in every command that takes them. */
#include "cli.h"
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

extern const cli_command cmd_round, cmd_convert, cmd_snr, cmd_decode, cmd_info, cmd_vectors,
    cmd_check;

/* Profiles for the parse tests (formats/README.md, .prof): deterministic,
 * stochastic with 8 random bits, scaled. */
static const char test_profiles[] =
    "family: cli_parse_args tests\n"
    "profile pa-det\n  format e4m3fn\n  round rne\n  sat satfinite\n  inputs f32\n"
    "  source tests/cli/test_parse_args.c\n"
    "profile pa-sr\n  format e4m3fn\n  round sr-c\n  sat satfinite\n  sr-bits 8\n"
    "  inputs f32\n  source tests/cli/test_parse_args.c\n"
    "profile pa-scaled\n  format e4m3fn\n  round rne\n  sat satfinite\n  scaled yes\n"
    "  inputs f32\n  source tests/cli/test_parse_args.c\n";

/* Parse the NULL-terminated words as a command line of c. */
static int parse(const cli_command *c, ...)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)c->name;
    va_list ap;
    va_start(ap, c);
    for (char *w; (w = va_arg(ap, char *)) != NULL && argc < 31;)
        argv[argc++] = w;
    va_end(ap);
    argv[argc] = NULL;
    exmy_catalogue *cat = NULL;
    ck_assert_int_eq(exmy_catalogue_builtin(&cat), EXMY_OK);
    char why[256] = "";
    ck_assert_msg(exmy_catalogue_load_profiles_string(cat, test_profiles, "test_profiles", why,
                                                      sizeof why) == EXMY_OK,
                  "%s", why);
    cli_ctx ctx = {c->name, c->help, cat};
    int rc = cli_parse_args(&ctx, c, argc, argv);
    exmy_catalogue_free(cat);
    return rc;
}

#define EXPECT(rc, ...)                                                                          \
    do {                                                                                         \
        int got_ = parse(__VA_ARGS__, (char *)NULL);                                             \
        ck_assert_msg(got_ == (rc), "%s: exit %d, expected %d", #__VA_ARGS__, got_, (rc));       \
    } while (0)

START_TEST(conversion_options_in_every_command)
{
    /* Accepted: each command's own source of random bits. */
    EXPECT(CLI_EXIT_OK, &cmd_round, "e4m3fn", "1", "--round", "sr-a", "--sr-bits", "4", "--random", "15");
    EXPECT(CLI_EXIT_OK, &cmd_convert, "e4m3fn", "--round", "sr-c", "--sr-bits", "8", "--seed", "0x10",
           "--index0", "18446744073709551615");
    EXPECT(CLI_EXIT_OK, &cmd_snr, "--formats", "e4m3fn,e5m2", "--seed", "5");
    EXPECT(CLI_EXIT_OK, &cmd_snr, "e4m3fn", "--round", "sr-b", "--sr-bits", "12");
    /* --sr-bits 1..32: a bad value (1), in all three. */
    EXPECT(CLI_EXIT_FAIL, &cmd_round, "e4m3fn", "1", "--round", "sr-a", "--sr-bits", "0", "--random", "0");
    EXPECT(CLI_EXIT_FAIL, &cmd_convert, "e4m3fn", "--round", "sr-a", "--sr-bits", "33", "--seed", "1");
    EXPECT(CLI_EXIT_FAIL, &cmd_snr, "e4m3fn", "--round", "sr-a", "--sr-bits", "0x21");
    EXPECT(CLI_EXIT_OK, &cmd_snr, "e4m3fn", "--round", "sr-a", "--sr-bits", "0x20");
    /* --random R < 2^N: 15 fits 4 bits, 16 does not. */
    EXPECT(CLI_EXIT_FAIL, &cmd_round, "e4m3fn", "1", "--round", "sr-a", "--sr-bits", "4", "--random", "16");
    /* --seed and --index0 are 64-bit: 2^64 is not. */
    EXPECT(CLI_EXIT_FAIL, &cmd_convert, "e4m3fn", "--round", "sr-a", "--sr-bits", "4", "--seed",
           "18446744073709551616");
    EXPECT(CLI_EXIT_FAIL, &cmd_snr, "e4m3fn", "--seed", "0x10000000000000000");
    /* Combinations (2): random bits without a stochastic mode, a stochastic
     * mode without them, both sources at once. */
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "e4m3fn", "1", "--sr-bits", "4");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "e4m3fn", "1", "--round", "sr-a", "--sr-bits", "4");
    EXPECT(CLI_EXIT_USAGE, &cmd_convert, "e4m3fn", "--seed", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_convert, "e4m3fn", "--round", "sr-a", "--sr-bits", "4", "--seed", "1",
           "--random", "r.u32");
    EXPECT(CLI_EXIT_USAGE, &cmd_snr, "e4m3fn", "--round", "sr-a");
    /* Mode names (1). */
    EXPECT(CLI_EXIT_FAIL, &cmd_snr, "e4m3fn", "--round", "nearest");
    EXPECT(CLI_EXIT_FAIL, &cmd_convert, "e4m3fn", "--sat", "clamp");
}
END_TEST

START_TEST(options_and_operands)
{
    /* Unknown options and a command without conversion options. */
    EXPECT(CLI_EXIT_USAGE, &cmd_decode, "e4m3fn", "0x7f", "--round", "rne");
    EXPECT(CLI_EXIT_USAGE, &cmd_info, "e4m3fn", "--frobnicate");
    EXPECT(CLI_EXIT_OK, &cmd_decode, "e4m3fn", "0x7f", "-0x1");
    /* An empty file name is refused while parsing (2), before any work. */
    EXPECT(CLI_EXIT_USAGE, &cmd_convert, "e4m3fn", "--out", "");
    EXPECT(CLI_EXIT_USAGE, &cmd_snr, "e4m3fn", "--csv=");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "e4m3fn", "1", "--load", "");
    /* A missing value; "--" ends the options. */
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "e4m3fn", "1", "--round");
    EXPECT(CLI_EXIT_OK, &cmd_round, "e4m3fn", "--", "--round");
}
END_TEST

START_TEST(profiles_fix_their_conversion)
{
    /* Accepted: a profile's own sources of random bits and its scale. */
    EXPECT(CLI_EXIT_OK, &cmd_round, "pa-det", "1");
    EXPECT(CLI_EXIT_OK, &cmd_round, "pa-sr", "1", "--rbits", "255");
    EXPECT(CLI_EXIT_OK, &cmd_round, "pa-sr", "1", "--seed", "3", "--index0", "4");
    EXPECT(CLI_EXIT_OK, &cmd_convert, "pa-sr", "--seed", "1");
    EXPECT(CLI_EXIT_OK, &cmd_convert, "pa-sr", "--random", "r.u32");
    EXPECT(CLI_EXIT_OK, &cmd_round, "pa-scaled", "1", "--scale", "-3");
    EXPECT(CLI_EXIT_OK, &cmd_convert, "PA-SCALED", "--scale=5");
    /* Bad values (1): R beyond the profile's 8 bits, a scale that is no integer. */
    EXPECT(CLI_EXIT_FAIL, &cmd_round, "pa-sr", "1", "--rbits", "256");
    EXPECT(CLI_EXIT_FAIL, &cmd_round, "pa-scaled", "1", "--scale", "1.5");
    EXPECT(CLI_EXIT_FAIL, &cmd_round, "pa-scaled", "1", "--scale", "2000000");
    /* A profile is its rounding, saturation and sr-bits (2). */
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-det", "1", "--round", "rtz");
    EXPECT(CLI_EXIT_USAGE, &cmd_convert, "pa-det", "--sat", "nosat");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-sr", "1", "--sr-bits", "8", "--rbits", "1");
    /* Random bits go with a stochastic profile only, and it needs them (2). */
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-det", "1", "--rbits", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_convert, "pa-det", "--seed", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-sr", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_convert, "pa-sr");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-sr", "1", "--random", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-sr", "1", "--rbits", "1", "--seed", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-sr", "1", "--rbits", "1", "--index0", "1");
    /* --scale goes with a scaled profile only; the profile options not with a format. */
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "pa-det", "1", "--scale", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_convert, "e4m3fn", "--scale", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "e4m3fn", "1", "--rbits", "1");
    EXPECT(CLI_EXIT_USAGE, &cmd_round, "e4m3fn", "1", "--round", "sr-a", "--sr-bits", "4",
           "--random", "1", "--seed", "1");
}
END_TEST

/* A block format (vec_block.c, check_block.c): the commands' block options
 * parse with it, and its conversion options parse as a format's do. */
START_TEST(vectors_and_check_take_block_formats)
{
    EXPECT(CLI_EXIT_OK, &cmd_vectors, "mxfp8_e4m3", "--cols", "64", "--out", "x.npy", "--expected",
           "c.npy", "--scales", "s.npy", "--set", "random:4", "--seed", "7");
    EXPECT(CLI_EXIT_OK, &cmd_vectors, "nvfp4", "--out", "x.npy", "--tensor-scale", "t.npy",
           "--round", "sr-c", "--sr-bits", "8", "--random", "r.npy");
    EXPECT(CLI_EXIT_OK, &cmd_check, "mxfp4_e2m1", "--in", "x", "--got", "y", "--got-scales", "s",
           "--packed", "--tail", "short", "--max-report", "3");
    EXPECT(CLI_EXIT_OK, &cmd_check, "block:e2m1fn/e8m0fnu/16", "--set", "boundary", "--cols=32",
           "--got", "y", "--got-scales", "s");
    /* An empty file name, an option of the other command, a missing value (2). */
    EXPECT(CLI_EXIT_USAGE, &cmd_vectors, "mxfp8_e4m3", "--out", "x.npy", "--scales=");
    EXPECT(CLI_EXIT_USAGE, &cmd_vectors, "mxfp8_e4m3", "--out", "x.npy", "--got-scales", "s");
    EXPECT(CLI_EXIT_USAGE, &cmd_check, "mxfp8_e4m3", "--in", "x", "--got", "y", "--scales", "s");
    EXPECT(CLI_EXIT_USAGE, &cmd_check, "nvfp4", "--in", "x", "--got", "y", "--tensor-scale");
    /* Conversion options as for a format: stochastic needs --sr-bits (2), names (1). */
    EXPECT(CLI_EXIT_USAGE, &cmd_check, "nvfp4", "--round", "sr-a", "--in", "x", "--got", "y");
    EXPECT(CLI_EXIT_USAGE, &cmd_vectors, "mxfp6_e2m3", "--sr-bits", "4", "--out", "x");
    EXPECT(CLI_EXIT_FAIL, &cmd_vectors, "mxfp8_e4m3", "--sat", "clamp", "--out", "x");
}
END_TEST

/* vectors and check take a profile or a format and a Philox --seed for any
 * target (CLI_BITS_SEED): the profile is still looked up, so its scale and
 * its fixed conversion are judged as a run judges them. */
START_TEST(vectors_and_check_take_profiles)
{
    EXPECT(CLI_EXIT_OK, &cmd_vectors, "pa-scaled", "--scale", "3", "--out", "x.npy");
    EXPECT(CLI_EXIT_OK, &cmd_check, "pa-scaled", "--scale=-2", "--in", "x", "--got", "y");
    EXPECT(CLI_EXIT_OK, &cmd_vectors, "pa-sr", "--out", "x.npy", "--seed", "7");
    EXPECT(CLI_EXIT_OK, &cmd_check, "pa-sr", "--in", "x", "--got", "y", "--random", "r");
    EXPECT(CLI_EXIT_OK, &cmd_vectors, "e4m3fn", "--round", "rtz", "--out", "x.npy");
    EXPECT(CLI_EXIT_USAGE, &cmd_vectors, "pa-det", "--round", "rtz", "--out", "x.npy");
    EXPECT(CLI_EXIT_USAGE, &cmd_check, "pa-det", "--sat", "nosat", "--in", "x", "--got", "y");
    EXPECT(CLI_EXIT_USAGE, &cmd_vectors, "pa-det", "--scale", "1", "--out", "x.npy");
    EXPECT(CLI_EXIT_USAGE, &cmd_check, "e4m3fn", "--scale", "1", "--in", "x", "--got", "y");
    EXPECT(CLI_EXIT_FAIL, &cmd_check, "pa-scaled", "--scale", "1.5", "--in", "x", "--got", "y");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_parse_args");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, conversion_options_in_every_command);
    tcase_add_test(tc, options_and_operands);
    tcase_add_test(tc, profiles_fix_their_conversion);
    tcase_add_test(tc, vectors_and_check_take_profiles);
    tcase_add_test(tc, vectors_and_check_take_block_formats);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
