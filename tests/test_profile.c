/* Profiles: the .prof loader (every key, every error with its FILE:LINE) and
 * each conversion rule of exmy_profile_convert on hand-written profiles. The
 * expected codes are worked out by hand from the rule text and the format's
 * layout (each with a comment); only the plain rounding of (g) is compared
 * with the scalar core, which is the rule's own definition. */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FAM "family: test profiles\n"

/* The built-in catalogue with `text` loaded as "t.prof". */
static exmy_catalogue *load(const char *text, exmy_status *st, char *why, size_t whylen)
{
    exmy_catalogue *cat;
    ck_assert_int_eq(exmy_catalogue_builtin(&cat), EXMY_OK);
    why[0] = '\0';
    *st = exmy_catalogue_load_profiles_string(cat, text, "t.prof", why, whylen);
    return cat;
}

/* The catalogues of load_ok, kept to the end of the test (the teardown
 * frees them). */
static exmy_catalogue *kept[64];
static size_t nkept;

static void free_kept(void)
{
    while (nkept)
        exmy_catalogue_free(kept[--nkept]);
}

/* Load a text that must succeed. */
static exmy_catalogue *load_ok(const char *text)
{
    char why[512];
    exmy_status st;
    exmy_catalogue *cat = load(text, &st, why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "load: %s: %s", exmy_strerror(st), why);
    ck_assert_uint_lt(nkept, sizeof kept / sizeof kept[0]);
    kept[nkept++] = cat;
    return cat;
}

/* A one-profile text "p": FAM, "profile p", then the given key lines. */
static const exmy_profile *prof(const char *keys)
{
    char text[4096];
    snprintf(text, sizeof text, FAM "profile p\n%s", keys);
    const exmy_profile *p = exmy_catalogue_find_profile(load_ok(text), "p");
    ck_assert_ptr_nonnull(p);
    return p;
}

/* A text that must fail with status `want` and a reason starting with
 * "t.prof:LINE:" and containing `has`; nothing of it is added. */
static void load_bad(const char *what, const char *text, exmy_status want, unsigned line,
                     const char *has)
{
    char why[512];
    exmy_status st;
    exmy_catalogue *ref;
    ck_assert_int_eq(exmy_catalogue_builtin(&ref), EXMY_OK);
    exmy_catalogue *cat = load(text, &st, why, sizeof why);
    ck_assert_msg(st == want, "%s: got %s (%s), expected %s", what, exmy_strerror(st), why,
                  exmy_strerror(want));
    char prefix[64];
    snprintf(prefix, sizeof prefix, "t.prof:%u: ", line);
    ck_assert_msg(strncmp(why, prefix, strlen(prefix)) == 0, "%s: reason '%s' is not at '%s'",
                  what, why, prefix);
    ck_assert_msg(strstr(why, has) != NULL, "%s: reason '%s' does not say '%s'", what, why, has);
    ck_assert_msg(exmy_catalogue_profile_count(cat) == exmy_catalogue_profile_count(ref),
                  "%s: a failed load added profiles", what);
    exmy_catalogue_free(cat);
    exmy_catalogue_free(ref);
}

/* Convert and check code, status and flags. */
static void conv(const char *what, const exmy_profile *p, exmy_type t, uint64_t x, int scale,
                 exmy_status want_st, uint32_t want, int want_flags)
{
    uint32_t code = 0xdeadbeef;
    unsigned fl = 0xff;
    exmy_status st = exmy_profile_convert(p, t, x, 0, scale, &code, &fl);
    ck_assert_msg(st == want_st, "%s: %s 0x%llx scale %d: status %s, expected %s", what,
                  exmy_type_name(t), (unsigned long long)x, scale, exmy_strerror(st),
                  exmy_strerror(want_st));
    if (st != EXMY_OK)
        return;
    ck_assert_msg(code == want, "%s: %s 0x%llx scale %d: code 0x%x, expected 0x%x", what,
                  exmy_type_name(t), (unsigned long long)x, scale, code, want);
    if (want_flags >= 0)
        ck_assert_msg(fl == (unsigned)want_flags, "%s: %s 0x%llx: flags 0x%x, expected 0x%x",
                      what, exmy_type_name(t), (unsigned long long)x, fl, (unsigned)want_flags);
    ck_assert_msg(exmy_profile_accepts(p, t, x, 0, scale, code), "%s: accepts() refuses 0x%x",
                  what, code);
}

#define F32(x) EXMY_TYPE_F32, (uint64_t)(x)
#define ANYFLAGS (-1)

/* --------------------------------------------------------------- loader */

/* formats/README.md's example, verbatim. */
static const char readme_example[] =
    "# A comment runs from '#' at the start of a line to its end.\n"
    "family: NVIDIA CUDA 12.8 and PTX ISA 8.7\n"
    "\n"
    "profile cuda-e4m3-satfinite\n"
    "  aliases      __nv_cvt_float_to_fp8-e4m3-satfinite\n"
    "  format       e4m3fn\n"
    "  round        rne\n"
    "  sat          satfinite\n"
    "  nan          fixed 0x7f\n"
    "  inputs       f32,f16,bf16\n"
    "  source       CUDA Math API 12.8, cuda_fp8.hpp: __nv_cvt_float_to_fp8(x, __NV_SATFINITE, "
    "__NV_E4M3)\n"
    "  note         the NaN code is 0x7f for NaN inputs of either sign (exmy's e4m3fn keeps the "
    "sign)\n";

START_TEST(test_readme_example)
{
    exmy_catalogue *cat;
    ck_assert_int_eq(exmy_catalogue_builtin(&cat), EXMY_OK);
    size_t n0 = exmy_catalogue_profile_count(cat);
    char why[256] = "";
    /* A name the compiled-in cuda.prof may already hold: use a copy renamed. */
    char text[sizeof readme_example + 16];
    const char *at = strstr(readme_example, "profile cuda-e4m3-satfinite");
    snprintf(text, sizeof text, "%.*sprofile t-e4m3-satfinite%s", (int)(at - readme_example),
             readme_example, at + strlen("profile cuda-e4m3-satfinite"));
    char *al = strstr(text, "__nv_cvt");
    al[0] = 't';
    exmy_status st = exmy_catalogue_load_profiles_string(cat, text, "t.prof", why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "%s", why);
    ck_assert_uint_eq(exmy_catalogue_profile_count(cat), n0 + 1);
    const exmy_profile *p = exmy_catalogue_profile_at(cat, n0);
    ck_assert_ptr_eq(exmy_catalogue_find_profile(cat, "T-E4M3-SATFINITE"), p);
    ck_assert_ptr_eq(exmy_catalogue_find_profile(cat, "t_nv_cvt_float_to_fp8-e4m3-satfinite"), p);
    ck_assert_ptr_null(exmy_catalogue_profile_at(cat, n0 + 1));
    ck_assert_str_eq(p->family, "NVIDIA CUDA 12.8 and PTX ISA 8.7");
    ck_assert_str_eq(p->format.name, "e4m3fn");
    ck_assert(exmy_format_equal(&p->format, &exmy_catalogue_find(cat, "e4m3fn")->format));
    ck_assert_int_eq(p->conv.round, EXMY_RNE);
    ck_assert_int_eq(p->conv.sat, EXMY_SATFINITE);
    ck_assert_int_eq(p->nan_out, EXMY_NANOUT_FIXED);
    ck_assert_uint_eq(p->nan_code, 0x7f);
    ck_assert_uint_eq(p->inputs,
                      (1u << EXMY_TYPE_F32) | (1u << EXMY_TYPE_F16) | (1u << EXMY_TYPE_BF16));
    ck_assert_str_eq(p->source,
                     "CUDA Math API 12.8, cuda_fp8.hpp: __nv_cvt_float_to_fp8(x, __NV_SATFINITE, "
                     "__NV_E4M3)");
    ck_assert(strncmp(p->note, "the NaN code is 0x7f", 20) == 0);
    /* The defaults of the keys it leaves out. */
    ck_assert_int_eq(p->negative, EXMY_NEG_FORMAT);
    ck_assert(!p->zero_to_code && !p->daz && !p->ftz && !p->relu && !p->scaled);
    ck_assert_uint_eq(p->lanes, 1);
    ck_assert_uint_eq(p->rbits_shift, 0);
    ck_assert_uint_eq(p->rbits_stride, 0);
    ck_assert_str_eq(p->unspecified, "");
    ck_assert_int_eq(exmy_profile_validate(p, why, sizeof why), EXMY_OK);
    /* Profiles and formats are apart: a format lookup does not find it. */
    ck_assert_ptr_null(exmy_catalogue_find(cat, "t-e4m3-satfinite"));
    ck_assert_ptr_null(exmy_catalogue_find_profile(cat, "e4m3fn"));
    /* Loading it again: every name is taken, nothing is added. */
    st = exmy_catalogue_load_profiles_string(cat, text, "t.prof", why, sizeof why);
    ck_assert_int_eq(st, EXMY_EDUPLICATE);
    ck_assert_uint_eq(exmy_catalogue_profile_count(cat), n0 + 1);
    exmy_catalogue_free(cat);
}
END_TEST

START_TEST(test_every_key)
{
    const exmy_catalogue *cat = load_ok(
        FAM "# every key, and the text keys repeated\n"
            "profile every-key\n"
            "\taliases a-1,A.2+x\n"
            "  format e8m0fnu  \n"
            "  round sr-b\n"
            "  sat satpropagate\n"
            "  sr-bits 13\n"
            "  rbits 3 16\n"
            "  lanes 2\n"
            "  nan fixed 0x80\n"
            "  negative magnitude\n"
            "  zero 0\n"
            "  inputs f64, f32 ,f16,bf16\n"
            "  daz yes\n"
            "  ftz YES\n"
            "  relu no\n"
            "  scaled yes\n"
            "  source doc one,\n"
            "  source section two\n"
            "  unspecified first\n"
            "  unspecified second\n"
            "  note n1\n"
            "  note n2\r\n"
            "family: second family\n"
            "profile other\n"
            "  format e2m1:bias=1:finite:nans=0\n"
            "  round rtz\n"
            "  sat satnone\n"
            "  nan signed 5\n"
            "  negative format\n"
            "  inputs bf16\n"
            "  relu yes\n"
            "  source s\n");
    const exmy_profile *p = exmy_catalogue_find_profile(cat, "A.2+X");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->name, "every-key");
    ck_assert_str_eq(p->aliases, "a-1,A.2+x");
    ck_assert_str_eq(p->family, "test profiles");
    ck_assert_str_eq(p->format.name, "e8m0fnu");
    ck_assert_int_eq(p->conv.round, EXMY_SR_B);
    ck_assert_int_eq(p->conv.sat, EXMY_SATPROPAGATE);
    ck_assert_uint_eq(p->conv.sr_bits, 13);
    ck_assert_uint_eq(p->rbits_shift, 3);
    ck_assert_uint_eq(p->rbits_stride, 16);
    ck_assert_uint_eq(p->lanes, 2);
    ck_assert_int_eq(p->nan_out, EXMY_NANOUT_FIXED);
    ck_assert_uint_eq(p->nan_code, 0x80);
    ck_assert_int_eq(p->negative, EXMY_NEG_MAGNITUDE);
    ck_assert(p->zero_to_code);
    ck_assert_uint_eq(p->zero_code, 0);
    ck_assert_uint_eq(p->inputs, 15);
    ck_assert(p->daz && p->ftz && !p->relu && p->scaled);
    ck_assert_str_eq(p->source, "doc one, section two");
    ck_assert_str_eq(p->unspecified, "first; second");
    ck_assert_str_eq(p->note, "n1 n2");
    const exmy_profile *q = exmy_catalogue_find_profile(cat, "other");
    ck_assert_str_eq(q->family, "second family");
    ck_assert_str_eq(q->format.name, "");
    ck_assert_uint_eq(q->format.bits, 4);
    ck_assert_int_eq(q->nan_out, EXMY_NANOUT_SIGNED);
    ck_assert_uint_eq(q->nan_code, 5);
    ck_assert_uint_eq(q->inputs, 1u << EXMY_TYPE_BF16);
    ck_assert(q->relu);
    /* The order of the file. */
    size_t n = exmy_catalogue_profile_count(cat);
    ck_assert_ptr_eq(exmy_catalogue_profile_at(cat, n - 2), p);
    ck_assert_ptr_eq(exmy_catalogue_profile_at(cat, n - 1), q);
}
END_TEST

/* Each error, at the line that causes it. */
START_TEST(test_load_errors)
{
#define HEAD FAM "profile p\n"                   /* lines 1-2 */
#define BODY "  format e4m3fn\n  round rne\n  sat satfinite\n  inputs f32\n  source s\n" /* 3-7 */
    load_bad("unknown key", HEAD BODY "  colour blue\n", EXMY_ESYNTAX, 8, "unknown key 'colour'");
    load_bad("repeated key", HEAD BODY "  round rtz\n", EXMY_ESYNTAX, 8, "'round' given twice");
    load_bad("no format", HEAD "  round rne\n  sat satfinite\n  inputs f32\n  source s\n",
             EXMY_ESYNTAX, 2, "no 'format' line");
    load_bad("no round", HEAD "  format e4m3fn\n  sat satfinite\n  inputs f32\n  source s\n",
             EXMY_ESYNTAX, 2, "no 'round' line");
    load_bad("no sat", HEAD "  format e4m3fn\n  round rne\n  inputs f32\n  source s\n",
             EXMY_ESYNTAX, 2, "no 'sat' line");
    load_bad("no inputs", HEAD "  format e4m3fn\n  round rne\n  sat satfinite\n  source s\n",
             EXMY_ESYNTAX, 2, "no 'inputs' line");
    load_bad("no source", HEAD "  format e4m3fn\n  round rne\n  sat satfinite\n  inputs f32\n",
             EXMY_ESYNTAX, 2, "no 'source' line");
    /* The first profile's missing key is found when the second one starts. */
    load_bad("no source, then another profile",
             HEAD "  format e4m3fn\n  round rne\n  sat satfinite\n  inputs f32\nprofile q\n",
             EXMY_ESYNTAX, 2, "no 'source' line");
    load_bad("nan code wider than e4m3fn", HEAD BODY "  nan fixed 0x100\n", EXMY_ESYNTAX, 8,
             "does not fit");
    load_bad("zero code wider than e2m1fn",
             HEAD "  format e2m1fn\n  round rne\n  sat satfinite\n  zero 0x10\n  inputs f32\n"
                  "  source s\n",
             EXMY_ESYNTAX, 6, "does not fit");
    load_bad("signed nan code wider than e4m3fn", HEAD BODY "  nan signed 0x100\n", EXMY_ESYNTAX,
             8, "does not fit");
    load_bad("rbits and rbits-lanes", HEAD BODY "  lanes 2\n  rbits 0 8\n  rbits-lanes 0,8\n",
             EXMY_ESYNTAX, 10, "not both");
    load_bad("rbits-lanes count", HEAD BODY "  lanes 4\n  rbits-lanes 0,8\n", EXMY_ESYNTAX, 9,
             "2 shifts for 4 lanes");
    load_bad("rbits-lanes shift", HEAD BODY "  lanes 2\n  rbits-lanes 0,32\n", EXMY_ESYNTAX, 9,
             "each 0..31");
    load_bad("rbits-lanes past bit 31",
             HEAD "  format e4m3fn\n  round sr-a\n  sr-bits 16\n  lanes 2\n  rbits-lanes 0,20\n"
                  "  sat satfinite\n  inputs f32\n  source s\n",
             EXMY_ESYNTAX, 7, "run past bit 31");
    load_bad("tiny-round syntax", HEAD BODY "  tiny-round rup\n", EXMY_ESYNTAX, 8, "EXP MODE");
    load_bad("tiny-round stochastic", HEAD BODY "  tiny-round -126 sr-a\n", EXMY_ESYNTAX, 8,
             "deterministic");
    load_bad("bad code", HEAD BODY "  nan fixed -1\n", EXMY_ESYNTAX, 8, "CODE");
    load_bad("named as a format", FAM "profile e4m3fn\n" BODY, EXMY_EDUPLICATE, 2,
             "'e4m3fn' is already");
    load_bad("aliased as a format's alias", HEAD "  aliases x,FLOAT8_E4M3FN\n" BODY,
             EXMY_EDUPLICATE, 3, "'FLOAT8_E4M3FN' is already");
    /* Formats, profiles and block formats share one namespace, and the
     * reason names all three kinds (it once said "format or profile"). */
    load_bad("named as a block format", FAM "profile mxfp8_e4m3\n" BODY, EXMY_EDUPLICATE, 2,
             "'mxfp8_e4m3' is already a format, profile or block format name");
    load_bad("aliased as a block format's alias", HEAD "  aliases x,mxfp4\n" BODY,
             EXMY_EDUPLICATE, 3, "'mxfp4' is already a format, profile or block format name");
    load_bad("named as a generic spec", FAM "profile e5m3\n" BODY, EXMY_ESYNTAX, 2,
             "generic format spec");
    load_bad("aliased as a generic spec", HEAD "  aliases E4M3\n" BODY, EXMY_ESYNTAX, 3,
             "generic format spec");
    load_bad("two profiles of one name", HEAD BODY "profile P\n" BODY, EXMY_EDUPLICATE, 8,
             "'P' is already");
    load_bad("a name as its own alias", HEAD "  aliases q,p\n" BODY, EXMY_EDUPLICATE, 3,
             "'p' is named twice");
    load_bad("an alias of an earlier profile", HEAD "  aliases q\n" BODY "profile Q\n" BODY,
             EXMY_EDUPLICATE, 9, "'Q' is already");
    load_bad("sr-bits missing", HEAD "  format e4m3fn\n  round sr-a\n  sat satfinite\n"
                                     "  inputs f32\n  source s\n",
             EXMY_ESYNTAX, 2, "needs an 'sr-bits' line");
    load_bad("sr-bits out of range", HEAD BODY "  sr-bits 33\n", EXMY_ESYNTAX, 8, "1..32");
    load_bad("quiet NaN without IEEE-style NaNs", HEAD BODY "  nan quiet\n", EXMY_ESYNTAX, 8,
             "IEEE-style");
    load_bad("negative rule for a signed format", HEAD BODY "  negative magnitude\n",
             EXMY_ESYNTAX, 8, "unsigned formats only");
    load_bad("unknown format", HEAD "  format e4m3xx\n", EXMY_ESYNTAX, 3, "format:");
    load_bad("unknown rounding", HEAD "  round nearest\n", EXMY_ESYNTAX, 3, "round:");
    load_bad("unknown saturation", HEAD "  sat clamp\n", EXMY_ESYNTAX, 3, "sat:");
    load_bad("unknown input type", HEAD "  inputs f32,f8\n", EXMY_ESYNTAX, 3, "'f8'");
    load_bad("bad yes/no", HEAD "  daz true\n", EXMY_ESYNTAX, 3, "yes or no");
    load_bad("bad nan rule", HEAD "  nan loud\n", EXMY_ESYNTAX, 3, "nan:");
    load_bad("nan canonical with a code", HEAD "  nan canonical 0x7f\n", EXMY_ESYNTAX, 3,
             "takes no value");
    load_bad("lanes 0", HEAD "  lanes 0\n", EXMY_ESYNTAX, 3, "lanes");
    load_bad("rbits one number", HEAD "  rbits 3\n", EXMY_ESYNTAX, 3, "SHIFT STRIDE");
    load_bad("rbits past bit 31",
             HEAD "  format e4m3fn\n  round sr-a\n  sr-bits 8\n  lanes 4\n  rbits 1 8\n"
                  "  sat satfinite\n  inputs f32\n  source s\n",
             EXMY_ESYNTAX, 7, "past bit 31");
    load_bad("deterministic lane past bit 31", HEAD BODY "  lanes 2\n  rbits 16 16\n",
             EXMY_ESYNTAX, 9, "starts past bit 31");
    load_bad("empty value", HEAD "  note\n", EXMY_ESYNTAX, 3, "needs a value");
    load_bad("key before any profile", FAM "  round rne\n", EXMY_ESYNTAX, 2,
             "before any 'profile NAME'");
    load_bad("profile before any family", "profile p\n", EXMY_ESYNTAX, 1, "family");
    load_bad("profile without a name", FAM "profile\n", EXMY_ESYNTAX, 2, "profile NAME");
    load_bad("bad name", FAM "profile a/b\n", EXMY_ESYNTAX, 2, "bad name");
    /* Limits: a name, a line, a text field after joining. */
    char text[8192], big[700];
    memset(big, 'n', 64);
    big[64] = '\0';
    snprintf(text, sizeof text, FAM "profile %s\n", big);
    load_bad("name of 64 characters", text, EXMY_ESYNTAX, 2, "longer than 63");
    memset(big, 'x', 600);
    big[600] = '\0';
    snprintf(text, sizeof text, HEAD BODY "  note %s\n", big);
    load_bad("line of 606 characters", text, EXMY_ESYNTAX, 8, "longer than 511");
    memset(big, 'x', 300);
    big[300] = '\0';
    snprintf(text, sizeof text, HEAD BODY "  note %s\n  note %s\n", big, big);
    load_bad("note of 601 characters after joining", text, EXMY_ESYNTAX, 9,
             "note of 'p' is longer than 511");
    memset(big, 'a', 128);
    big[128] = '\0';
    snprintf(text, sizeof text, HEAD "  aliases %s\n", big);
    load_bad("alias list of 128 characters", text, EXMY_ESYNTAX, 3, "longer than 127");
    /* All or nothing: a good profile before a bad one is not added. */
    load_bad("good then bad", HEAD BODY "profile q\n" BODY "  bogus 1\n", EXMY_ESYNTAX, 14,
             "unknown key");
#undef HEAD
#undef BODY
}
END_TEST

/* One namespace: a .fmt entry may not take a profile's name either. */
START_TEST(test_one_namespace)
{
    exmy_catalogue *cat = load_ok(
        FAM "profile my-prof\n  aliases my-alias\n  format e4m3fn\n  round rne\n"
            "  sat satfinite\n  inputs f32\n  source s\n");
    char why[256];
    size_t n = exmy_catalogue_size(cat);
    ck_assert_int_eq(exmy_catalogue_load_string(cat, "family: f\nmy-alias e4m3 - src\n", "u.fmt",
                                                why, sizeof why),
                     EXMY_EDUPLICATE);
    ck_assert_msg(strncmp(why, "u.fmt:2: ", 9) == 0, "%s", why);
    ck_assert_uint_eq(exmy_catalogue_size(cat), n);
    ck_assert_int_eq(exmy_catalogue_load_string(cat, "family: f\nmy-fmt e4m3 - src\n", "u.fmt",
                                                why, sizeof why),
                     EXMY_OK);
    /* A profile can name a format loaded later, when it is loaded after it. */
    ck_assert_int_eq(exmy_catalogue_load_profiles_string(
                         cat, FAM "profile p2\n  format my-fmt\n  round rtz\n  sat nosat\n"
                                  "  inputs f16\n  source s\n",
                         "v.prof", why, sizeof why),
                     EXMY_OK);
    ck_assert_str_eq(exmy_catalogue_find_profile(cat, "p2")->format.name, "my-fmt");
    /* Not a format: a profile cannot be a profile's format. */
    ck_assert_int_eq(exmy_catalogue_load_profiles_string(
                         cat, FAM "profile p3\n  format my-prof\n", "v.prof", why, sizeof why),
                     EXMY_ESYNTAX);
}
END_TEST

START_TEST(test_load_file)
{
    char path[] = "/tmp/exmy_test_profile_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fputs(FAM "profile file-prof\n  format e5m2\n  round rne\n  sat satfinite\n  inputs f32\n"
              "  source s\n  bogus\n",
          fp);
    fclose(fp);
    exmy_catalogue *cat = exmy_catalogue_new();
    char why[512];
    ck_assert_int_eq(exmy_catalogue_load_profiles_file(cat, path, why, sizeof why), EXMY_ESYNTAX);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s:8: ", path);
    ck_assert_msg(strncmp(why, prefix, strlen(prefix)) == 0, "reason '%s'", why);
    ck_assert_uint_eq(exmy_catalogue_profile_count(cat), 0);
    /* A NUL byte: not text. */
    fp = fopen(path, "wb");
    fwrite(FAM "\0", 1, sizeof FAM, fp);
    fclose(fp);
    ck_assert_int_eq(exmy_catalogue_load_profiles_file(cat, path, why, sizeof why), EXMY_ESYNTAX);
    ck_assert_msg(strstr(why, "NUL") && strstr(why, ".prof"), "reason '%s'", why);
    fp = fopen(path, "w");
    fputs(FAM "profile file-prof\n  format e5m2\n  round rne\n  sat satfinite\n  inputs f32\n"
              "  source s\n",
          fp);
    fclose(fp);
    ck_assert_int_eq(exmy_catalogue_load_profiles_file(cat, path, why, sizeof why), EXMY_OK);
    ck_assert_uint_eq(exmy_catalogue_profile_count(cat), 1);
    unlink(path);
    ck_assert_int_eq(exmy_catalogue_load_profiles_file(cat, path, why, sizeof why), EXMY_EIO);
    ck_assert_int_eq(exmy_catalogue_load_profiles_file(NULL, path, why, sizeof why), EXMY_EINVAL);
    ck_assert_int_eq(exmy_catalogue_load_profiles_string(cat, NULL, "x", why, sizeof why),
                     EXMY_EINVAL);
    /* Over the size limit. */
    size_t big = (size_t)EXMY_FMT_FILE_MAX + 2;
    char *text = malloc(big);
    memset(text, '#', big - 1);
    text[big - 1] = '\0';
    ck_assert_int_eq(exmy_catalogue_load_profiles_string(cat, text, "big.prof", why, sizeof why),
                     EXMY_ESYNTAX);
    ck_assert_msg(strstr(why, "big.prof: larger than"), "reason '%s'", why);
    free(text);
    exmy_catalogue_free(cat);
}
END_TEST

/* The compiled-in .prof files load (they may hold no profiles yet), each
 * profile validates and is found by its name and aliases. */
/* The source files of the built-in catalogue, loaded one by one from
 * formats/ (EXMY_FORMATS_DIR, set by meson): a .prof entry the loader
 * refuses makes exmy_catalogue_builtin fail with a bare status, so say here
 * which file, line and reason. */
START_TEST(test_builtin_files_load)
{
    const char *dir = getenv("EXMY_FORMATS_DIR");
    ck_assert_msg(dir != NULL, "EXMY_FORMATS_DIR is not set");
    static const char *const fmt[] = {"ieee.fmt", "ocp.fmt", "mldtypes.fmt", "p3109.fmt"};
    static const char *const prof[] = {"cuda.prof", "cuda_sm100.prof", "torch.prof",
                                       "amd.prof",  "arm.prof",        "x86.prof"};
    exmy_catalogue *cat = exmy_catalogue_new();
    ck_assert_ptr_nonnull(cat);
    char path[PATH_MAX], why[512];
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, fmt[i]);
        exmy_status st = exmy_catalogue_load_file(cat, path, why, sizeof why);
        ck_assert_msg(st == EXMY_OK, "%s: %s", exmy_strerror(st), why);
    }
    for (size_t i = 0; i < sizeof prof / sizeof prof[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, prof[i]);
        exmy_status st = exmy_catalogue_load_profiles_file(cat, path, why, sizeof why);
        ck_assert_msg(st == EXMY_OK, "%s: %s", exmy_strerror(st), why);
    }
    ck_assert_uint_eq(exmy_catalogue_profile_count(cat),
                      exmy_catalogue_profile_count(tu_catalogue()));
    exmy_catalogue_free(cat);
}
END_TEST

START_TEST(test_builtin_profiles)
{
    const exmy_catalogue *cat = tu_catalogue();
    size_t n = exmy_catalogue_profile_count(cat);
    for (size_t i = 0; i < n; i++) {
        const exmy_profile *p = exmy_catalogue_profile_at(cat, i);
        char why[256];
        ck_assert_msg(exmy_profile_validate(p, why, sizeof why) == EXMY_OK, "%s: %s", p->name,
                      why);
        ck_assert_msg(p->family[0], "%s: no family", p->name);
        ck_assert_ptr_eq(exmy_catalogue_find_profile(cat, p->name), p);
        ck_assert_ptr_null(exmy_catalogue_find(cat, p->name));
    }
    ck_assert_ptr_null(exmy_catalogue_profile_at(cat, n));
    ck_assert_ptr_null(exmy_catalogue_find_profile(cat, "no-such-profile"));
    ck_assert_uint_eq(exmy_catalogue_profile_count(NULL), 0);
    ck_assert_ptr_null(exmy_catalogue_find_profile(NULL, "x"));
}
END_TEST

/* ----------------------------------------------------------- validation */

START_TEST(test_validate)
{
    const exmy_profile *good = prof("format e4m3fn\nround rne\nsat satfinite\ninputs f32\n"
                                    "source s\n");
    char why[256];
    ck_assert_int_eq(exmy_profile_validate(good, why, sizeof why), EXMY_OK);
    ck_assert_int_eq(exmy_profile_validate(NULL, why, sizeof why), EXMY_EINVAL);
    exmy_profile p;
#define BADV(WHAT, HAS, STMT)                                                                   \
    do {                                                                                        \
        p = *good;                                                                              \
        STMT;                                                                                   \
        why[0] = '\0';                                                                          \
        ck_assert_msg(exmy_profile_validate(&p, why, sizeof why) == EXMY_EFORMAT,             \
                      "%s: accepted", WHAT);                                                    \
        ck_assert_msg(strstr(why, HAS), "%s: reason '%s' does not say '%s'", WHAT, why, HAS);  \
        uint32_t c;                                                                             \
        ck_assert_int_eq(exmy_profile_convert(&p, EXMY_TYPE_F32, 0, 0, 0, &c, NULL),          \
                         EXMY_EFORMAT);                                                         \
        ck_assert(!exmy_profile_accepts(&p, EXMY_TYPE_F32, 0, 0, 0, 0));                        \
    } while (0)
    BADV("bad format", "format", p.format.bits = 0);
    BADV("rounding out of range", "rounding", p.conv.round = (exmy_round)99);
    BADV("saturation out of range", "saturation", p.conv.sat = (exmy_sat)99);
    BADV("sr_bits 0", "sr-bits", (p.conv.round = EXMY_SR_A, p.conv.sr_bits = 0));
    BADV("nan rule out of range", "nan", p.nan_out = (exmy_nan_out)9);
    BADV("fixed code too wide", "fit", (p.nan_out = EXMY_NANOUT_FIXED, p.nan_code = 0x100));
    BADV("quiet on e4m3fn", "IEEE-style", p.nan_out = EXMY_NANOUT_QUIET);
    BADV("negative rule on a signed format", "unsigned", p.negative = EXMY_NEG_ZERO);
    BADV("negative rule out of range", "negative", p.negative = (exmy_neg_rule)7);
    BADV("zero code too wide", "fit", (p.zero_to_code = true, p.zero_code = 0x1ff));
    BADV("no inputs", "inputs", p.inputs = 0);
    BADV("an unknown input type", "inputs", p.inputs = 1u << 4);
    BADV("lanes 0", "lanes", p.lanes = 0);
    BADV("no source", "source", p.source[0] = '\0');
    /* Signed NaN rule on an unsigned format; negative zero without a zero. */
    const exmy_profile *u = prof("format e8m0fnu\nround rtz\nsat satfinite\ninputs f32\n"
                                 "source s\n");
    p = *u;
    p.nan_out = EXMY_NANOUT_SIGNED;
    ck_assert_int_eq(exmy_profile_validate(&p, why, sizeof why), EXMY_EFORMAT);
    p = *u;
    p.negative = EXMY_NEG_ZERO;
    ck_assert_int_eq(exmy_profile_validate(&p, why, sizeof why), EXMY_EFORMAT);
    p.zero_to_code = true;
    ck_assert_int_eq(exmy_profile_validate(&p, why, sizeof why), EXMY_OK);
    /* Texts must be terminated. */
    p = *good;
    memset(p.note, 'x', sizeof p.note);
    ck_assert_int_eq(exmy_profile_validate(&p, why, sizeof why), EXMY_EFORMAT);
    ck_assert_msg(strstr(why, "note"), "%s", why);
}
END_TEST

/* ----------------------------------------------------------- conversion */

/* (b) NaN inputs. */
START_TEST(test_nan_rules)
{
    /* CUDA-style e4m3fn: 0x7f for either sign (exmy's own e4m3fn keeps it). */
    const exmy_profile *fx = prof("format e4m3fn\nround rne\nsat satfinite\nnan fixed 0x7f\n"
                                  "inputs f32,f64\nsource s\n");
    conv("fixed, -NaN", fx, F32(0xffc00000), 0, EXMY_OK, 0x7f, EXMY_FLAG_INVALID);
    conv("fixed, +sNaN", fx, F32(0x7f800001), 0, EXMY_OK, 0x7f, EXMY_FLAG_INVALID);
    conv("fixed, -NaN f64", fx, EXMY_TYPE_F64, 0xfff8000000000000u, 0, EXMY_OK, 0x7f,
         EXMY_FLAG_INVALID);
    /* e5m2 signed 0x7f: the sign bit (0x80) of the input on 0x7f. */
    const exmy_profile *sg = prof("format e5m2\nround rne\nsat satfinite\nnan signed 0x7f\n"
                                  "inputs f32\nsource s\n");
    conv("signed, -NaN", sg, F32(0xffc00000), 0, EXMY_OK, 0xff, EXMY_FLAG_INVALID);
    conv("signed, +NaN", sg, F32(0x7fc00000), 0, EXMY_OK, 0x7f, EXMY_FLAG_INVALID);
    /* binary16 quiet (vcvtps2ph): sign, exponent 0x1f, quiet bit 0x200, and the
     * top 10 bits of the binary32 mantissa. 0x7f801234: mantissa 0x001234, its
     * top 10 bits (>> 13) are 0 -> 0x7c00 | 0x200 = 0x7e00. 0xffa00000:
     * mantissa 0x200000 >> 13 = 0x100 -> 0x8000 | 0x7c00 | 0x200 | 0x100. */
    const exmy_profile *qt = prof("format binary16\nround rne\nsat satnone\nnan quiet\n"
                                  "inputs f32,bf16\nsource s\n");
    conv("quiet, sNaN low payload", qt, F32(0x7f801234), 0, EXMY_OK, 0x7e00, EXMY_FLAG_INVALID);
    conv("quiet, -sNaN high payload", qt, F32(0xffa00000), 0, EXMY_OK, 0xff00,
         EXMY_FLAG_INVALID);
    conv("quiet, payload 0x7fffff", qt, F32(0x7fffffff), 0, EXMY_OK, 0x7fff, EXMY_FLAG_INVALID);
    /* From bfloat16 (7 mantissa bits) the payload sits at the top of the
     * 10: 0x7f81 (mantissa 0x01) -> 0x01 << 3 = 0x008 -> 0x7e08. */
    conv("quiet, bf16 sNaN", qt, EXMY_TYPE_BF16, 0x7f81, 0, EXMY_OK, 0x7e08, EXMY_FLAG_INVALID);
    /* canonical: the core's NaN (e4m3fn keeps the sign: 0xff); a format
     * without NaN fails as the core does. */
    const exmy_profile *cn = prof("format e4m3fn\nround rne\nsat satfinite\ninputs f32\n"
                                  "source s\n");
    conv("canonical, -NaN", cn, F32(0xffc00000), 0, EXMY_OK, 0xff, EXMY_FLAG_INVALID);
    const exmy_profile *nn = prof("format e2m1fn\nround rne\nsat satfinite\ninputs f32\n"
                                  "source s\n");
    conv("canonical, no NaN", nn, F32(0x7fc00000), 0, EXMY_ENONAN, 0, ANYFLAGS);
    /* fixed on a format without NaN: any code (CUDA's FP4 writes 0x7 there). */
    const exmy_profile *f4 = prof("format e2m1fn\nround rne\nsat satfinite\nnan fixed 0x7\n"
                                  "inputs f32\nsource s\n");
    conv("fixed, FP4", f4, F32(0xffc00000), 0, EXMY_OK, 0x7, EXMY_FLAG_INVALID);
    /* unspecified: exmy writes the canonical NaN, and accepts any NaN code of
     * e5m2 (0x7d..0x7f, 0xfd..0xff) for a NaN result, nothing else. */
    const exmy_profile *un = prof("format e5m2\nround rne\nsat satfinite\nnan unspecified\n"
                                  "inputs f32\nsource s\n");
    conv("unspecified, +NaN", un, F32(0x7fc00000), 0, EXMY_OK, 0x7e, EXMY_FLAG_INVALID);
    ck_assert(exmy_profile_accepts(un, F32(0x7fc00000), 0, 0, 0xfd));
    ck_assert(exmy_profile_accepts(un, F32(0x7fc00000), 0, 0, 0xff));
    ck_assert(!exmy_profile_accepts(un, F32(0x7fc00000), 0, 0, 0x7c)); /* +Inf */
    ck_assert(!exmy_profile_accepts(un, F32(0x7fc00000), 0, 0, 0x17e)); /* wider than 8 bits */
    /* 1.0 (e5m2 0x3c) is exact: only 0x3c. */
    ck_assert(exmy_profile_accepts(un, F32(0x3f800000), 0, 0, 0x3c));
    ck_assert(!exmy_profile_accepts(un, F32(0x3f800000), 0, 0, 0x3d));
    /* A fixed code is exact even where unspecified is not. */
    ck_assert(!exmy_profile_accepts(sg, F32(0xffc00000), 0, 0, 0xfe));
}
END_TEST

/* (c) DAZ and (h) FTZ. */
START_TEST(test_daz_ftz)
{
    /* bfloat16 from binary32: 0x00400000 is 2^-127, the binary32 subnormal
     * that is bfloat16's subnormal 0x0040. DAZ reads it as +0 -> 0x0000 (and
     * 0x80000001 as -0 -> 0x8000); without DAZ it is 0x0040. */
    const exmy_profile *daz = prof("format bfloat16\nround rne\nsat satnone\ndaz yes\n"
                                   "inputs f32\nsource s\n");
    conv("daz, 2^-127", daz, F32(0x00400000), 0, EXMY_OK, 0x0000, 0);
    conv("daz, -2^-149", daz, F32(0x80000001), 0, EXMY_OK, 0x8000, 0);
    conv("daz, 2^-126 (normal)", daz, F32(0x00800000), 0, EXMY_OK, 0x0080, 0);
    const exmy_profile *nodaz = prof("format bfloat16\nround rne\nsat satnone\n"
                                     "inputs f32\nsource s\n");
    conv("no daz, 2^-127", nodaz, F32(0x00400000), 0, EXMY_OK, 0x0040, 0);
    /* e4m3fn daz on the smallest binary32 subnormal: +0. */
    const exmy_profile *d8 = prof("format e4m3fn\nround rup\nsat satfinite\ndaz yes\n"
                                  "inputs f32\nsource s\n");
    conv("daz, e4m3fn rup 2^-149", d8, F32(0x00000001), 0, EXMY_OK, 0x00, 0);
    /* Without DAZ, rounding up gives e4m3fn's smallest subnormal 0x01. */
    const exmy_profile *u8 = prof("format e4m3fn\nround rup\nsat satfinite\n"
                                  "inputs f32\nsource s\n");
    conv("no daz, e4m3fn rup 2^-149", u8, F32(0x00000001), 0, EXMY_OK, 0x01,
         EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW);
    /* FTZ: e4m3fn 2^-9 (0x3b000000) is its smallest subnormal 0x01: flushed
     * to +0; -2^-9 to -0 (0x80); 2^-6 (0x3c800000) is the smallest normal 0x08
     * and stays. */
    const exmy_profile *ftz = prof("format e4m3fn\nround rne\nsat satfinite\nftz yes\n"
                                   "inputs f32\nsource s\n");
    conv("ftz, 2^-9", ftz, F32(0x3b000000), 0, EXMY_OK, 0x00,
         EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW);
    conv("ftz, -2^-9", ftz, F32(0xbb000000), 0, EXMY_OK, 0x80,
         EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW);
    conv("ftz, 2^-6", ftz, F32(0x3c800000), 0, EXMY_OK, 0x08, 0);
    /* In e4m3fnuz (no -0) a negative subnormal flushes to +0 (0x00); 2^-10 is
     * its smallest subnormal 0x01 (bias 8). */
    const exmy_profile *fz = prof("format e4m3fnuz\nround rne\nsat satfinite\nftz yes\n"
                                  "inputs f32\nsource s\n");
    conv("ftz, fnuz -2^-10", fz, F32(0xba800000), 0, EXMY_OK, 0x00, ANYFLAGS);
}
END_TEST

/* (e) negative inputs and zero for unsigned formats, on e8m0fnu (2^(c-127)). */
START_TEST(test_unsigned_rules)
{
    /* magnitude (CUDA's e8m0): -4.0 converts as 4.0 = 2^2 -> 127 + 2 = 0x81;
     * -Inf as +Inf: satfinite -> max 0xfe; zero 0x00 for +0 and -0. */
    const exmy_profile *mg = prof("format e8m0fnu\nround rtz\nsat satfinite\n"
                                  "negative magnitude\nzero 0x00\ninputs f32\nsource s\n");
    conv("magnitude, -4.0", mg, F32(0xc0800000), 0, EXMY_OK, 0x81, 0);
    conv("magnitude, 4.0", mg, F32(0x40800000), 0, EXMY_OK, 0x81, 0);
    conv("magnitude, -Inf", mg, F32(0xff800000), 0, EXMY_OK, 0xfe, ANYFLAGS);
    /* 0x00 is 2^-127, not zero: the result is inexact. */
    conv("zero code, +0", mg, F32(0x00000000), 0, EXMY_OK, 0x00, EXMY_FLAG_INEXACT);
    conv("zero code, -0", mg, F32(0x80000000), 0, EXMY_OK, 0x00, EXMY_FLAG_INEXACT);
    /* The format's own contract: -4.0 and 0 are NaN (0xff). */
    const exmy_profile *fm = prof("format e8m0fnu\nround rtz\nsat satfinite\n"
                                  "inputs f32\nsource s\n");
    conv("format, -4.0", fm, F32(0xc0800000), 0, EXMY_OK, 0xff, ANYFLAGS);
    conv("format, +0", fm, F32(0x00000000), 0, EXMY_OK, 0xff, EXMY_FLAG_INVALID);
    /* zero: every negative input (-Inf too) gives zero_code; -0 is a zero. */
    const exmy_profile *zr = prof("format e8m0fnu\nround rtz\nsat satfinite\n"
                                  "negative zero\nzero 0x00\ninputs f32\nsource s\n");
    conv("zero rule, -4.0", zr, F32(0xc0800000), 0, EXMY_OK, 0x00, EXMY_FLAG_INEXACT);
    conv("zero rule, -Inf", zr, F32(0xff800000), 0, EXMY_OK, 0x00, EXMY_FLAG_INEXACT);
    conv("zero rule, 4.0", zr, F32(0x40800000), 0, EXMY_OK, 0x81, 0);
    /* ... and with a format that has zero, its +0 (binary8p3ue? use e4m3:unsigned). */
    const exmy_profile *zu = prof("format e4m3:unsigned\nround rne\nsat satnone\n"
                                  "negative zero\ninputs f32\nsource s\n");
    conv("zero rule, unsigned e4m3, -448", zu, F32(0xc3e00000), 0, EXMY_OK, 0x00,
         EXMY_FLAG_INEXACT);
    /* nan: every negative input is a NaN input: nan fixed 0xff. */
    const exmy_profile *nr = prof("format e8m0fnu\nround rtz\nsat satfinite\n"
                                  "negative nan\nnan fixed 0xff\ninputs f32\nsource s\n");
    conv("nan rule, -4.0", nr, F32(0xc0800000), 0, EXMY_OK, 0xff, EXMY_FLAG_INVALID);
    conv("nan rule, -0 is zero", nr, F32(0x80000000), 0, EXMY_OK, 0xff, EXMY_FLAG_INVALID);
    conv("nan rule, 0.5", nr, F32(0x3f000000), 0, EXMY_OK, 0x7e, 0); /* 2^-1: 126 */
}
END_TEST

/* (f) relu. */
START_TEST(test_relu)
{
    /* e4m3fn: -1.5 -> +0 (0x00), -0 -> +0 (the core would give 0x80), -Inf ->
     * 0x00; 1.5 = 2^0 * 1.100b -> exponent 7 (bias 7), mantissa 100b -> 0x3c;
     * NaN still follows nan (fixed 0x7f). */
    const exmy_profile *r = prof("format e4m3fn\nround rne\nsat satfinite\nrelu yes\n"
                                 "nan fixed 0x7f\ninputs f32\nsource s\n");
    conv("relu, -1.5", r, F32(0xbfc00000), 0, EXMY_OK, 0x00, EXMY_FLAG_INEXACT);
    conv("relu, -0", r, F32(0x80000000), 0, EXMY_OK, 0x00, 0);
    conv("relu, -Inf", r, F32(0xff800000), 0, EXMY_OK, 0x00, EXMY_FLAG_INEXACT);
    conv("relu, 1.5", r, F32(0x3fc00000), 0, EXMY_OK, 0x3c, 0);
    conv("relu, -NaN", r, F32(0xffc00000), 0, EXMY_OK, 0x7f, EXMY_FLAG_INVALID);
}
END_TEST

/* (a) input types and (d) the scale. */
START_TEST(test_types_and_scale)
{
    const exmy_profile *p = prof("format e4m3fn\nround rne\nsat satfinite\ninputs f32\n"
                                 "source s\n");
    uint32_t c;
    ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F16, 0x3c00, 0, 0, &c, NULL), EXMY_ETYPE);
    ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F64, 0, 0, 0, &c, NULL), EXMY_ETYPE);
    ck_assert(!exmy_profile_accepts(p, EXMY_TYPE_F16, 0x3c00, 0, 0, 0x38));
    ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F32, 0x3f800000, 0, 1, &c, NULL),
                     EXMY_EINVAL); /* no scale operand */
    ck_assert_int_eq(exmy_profile_convert(p, (exmy_type)7, 0, 0, 0, &c, NULL), EXMY_EINVAL);
    ck_assert_int_eq(exmy_profile_convert(p, EXMY_TYPE_F32, 0, 0, 0, NULL, NULL), EXMY_EINVAL);
    ck_assert_str_eq(exmy_strerror(EXMY_ETYPE),
                     "the profile's instruction does not take this input type");
    /* 1.0 -> e4m3fn 0x38 (exponent 7, bias 7); exmy_profile_from_f32 is the
     * binary32 convert. */
    ck_assert_int_eq(exmy_profile_from_f32(p, 1.0f, 0, &c, NULL), EXMY_OK);
    ck_assert_uint_eq(c, 0x38);

    const exmy_profile *s = prof("format e4m3fn\nround rne\nsat satfinite\nscaled yes\n"
                                 "inputs f32,f64,f16\nsource s\n");
    /* 1.0 * 2^3 = 8 -> exponent 10 -> 0x50. */
    conv("scale 3", s, F32(0x3f800000), 3, EXMY_OK, 0x50, 0);
    /* 1.5 * 2^-8 = 3 * 2^-9: e4m3fn subnormal m = 3 -> 0x03, exact. */
    conv("scale -8 into subnormals", s, F32(0x3fc00000), -8, EXMY_OK, 0x03, 0);
    /* binary16 1.0 (0x3c00) * 2^-20 = 2^-20: below half of 2^-9 -> +0. */
    conv("scale -20", s, EXMY_TYPE_F16, 0x3c00, -20, EXMY_OK, 0x00,
         EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW);
    /* 2^-1074 (binary64 0x1) * 2^1080 = 64 = 2^6 -> exponent 13 -> 0x68:
     * exact, although 2^-1074 is a binary64 subnormal. */
    conv("f64 subnormal, scale 1080", s, EXMY_TYPE_F64, 1, 1080, EXMY_OK, 0x68, 0);
    /* 1.0 * 2^2000 overflows -> satfinite max 0x7e (448); 2^1023 * 2^-1030 =
     * 2^-7 -> exponent 0 subnormal 2^-7 = 4 * 2^-9 -> 0x04. */
    conv("scale 2000", s, EXMY_TYPE_F64, 0x3ff0000000000000u, 2000, EXMY_OK, 0x7e,
         EXMY_FLAG_OVERFLOW | EXMY_FLAG_INEXACT);
    conv("2^1023, scale -1030", s, EXMY_TYPE_F64, 0x7fe0000000000000u, -1030, EXMY_OK, 0x04, 0);
    conv("scale INT_MIN", s, F32(0x3f800000), INT_MIN, EXMY_OK, 0x00, ANYFLAGS);
    conv("scale INT_MAX", s, F32(0xbf800000), INT_MAX, EXMY_OK, 0xfe, ANYFLAGS);
    /* Zero and Inf are not changed by a scale. */
    conv("-0 scaled", s, F32(0x80000000), 5, EXMY_OK, 0x80, 0);
    /* One rounding, from the exact scaled value: 0x3f880000 = 1.0625 = 1 +
     * 2^-4; times 2^-7 it is 1.0625 * 2^-7 = 4.25 * 2^-9 -> subnormal 4 (0x04),
     * not 1.0625 rounded first to e4m3fn's 1.0 or 1.125. */
    conv("single rounding", s, F32(0x3f880000), -7, EXMY_OK, 0x04,
         EXMY_FLAG_INEXACT | EXMY_FLAG_UNDERFLOW);
}
END_TEST

/* (g) the core, and the random operand of a stochastic instruction. */
START_TEST(test_core_and_lanes)
{
    const exmy_profile *p = prof("format e4m3fn\nround sr-a\nsr-bits 8\nlanes 4\nrbits 0 8\n"
                                 "sat satfinite\ninputs f32\nsource s\n");
    /* rbits 0x44332211: lane i takes byte i. */
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0x44332211u, 0), 0x11);
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0x44332211u, 3), 0x44);
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0x44332211u, 4), 0);
    ck_assert_uint_eq(exmy_profile_lane_bits(NULL, 0x44332211u, 0), 0);
    const exmy_profile *q = prof("format e4m3fn\nround sr-c\nsr-bits 13\nlanes 2\nrbits 3 16\n"
                                 "sat satfinite\ninputs f32\nsource s\n");
    /* Lane 1: bits 19..31 of 0xfff80000 are all ones -> 0x1fff. */
    ck_assert_uint_eq(exmy_profile_lane_bits(q, 0xfff80000u, 1), 0x1fff);
    ck_assert_uint_eq(exmy_profile_lane_bits(q, 0x0000fff8u, 0), 0x1fff);
    const exmy_profile *d = prof("format e4m3fn\nround rne\nlanes 2\nsat satfinite\n"
                                 "inputs f32\nsource s\n");
    ck_assert_uint_eq(exmy_profile_lane_bits(d, 0xffffffffu, 0), 0); /* deterministic */
    /* Without rules of its own a profile is the core with its options. */
    exmy_opts o = p->conv;
    tu_rng rng = {42};
    for (int i = 0; i < 2000; i++) {
        uint32_t x = (uint32_t)tu_next(&rng), r = (uint32_t)tu_next(&rng);
        uint32_t a = 0, b = 0;
        unsigned fa = 0, fb = 0;
        float xf = tu_f32_from_bits(x);
        exmy_status sa = exmy_profile_convert(p, EXMY_TYPE_F32, x, r, 0, &a, &fa);
        exmy_status sb = exmy_from_f32(&p->format, xf, &o, r, &b, &fb);
        ck_assert_msg(sa == sb && a == b && fa == fb,
                      "0x%08x (%a) r 0x%x: profile %s 0x%x flags 0x%x, core %s 0x%x flags 0x%x",
                      x, (double)xf, r, exmy_strerror(sa), a, fa, exmy_strerror(sb), b, fb);
    }
}
END_TEST

/* Per-lane random-bit shifts, in lane order: lanes 0..3 from bits 16, 16,
 * 0, 0 (cuda_sm100.prof's x4 forms, whose lane 0 is the lowest element of d,
 * say 0,0,16,16). */
START_TEST(test_rbits_lanes)
{
    const exmy_profile *p = prof("format e4m3fn\nround sr-a\nsr-bits 16\nlanes 4\n"
                                 "rbits-lanes 16,16,0,0\nsat satfinite\ninputs f32\nsource s\n");
    ck_assert_uint_eq(p->rbits_lanes, 4);
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0xabcd1234u, 0), 0xabcd);
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0xabcd1234u, 1), 0xabcd);
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0xabcd1234u, 2), 0x1234);
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0xabcd1234u, 3), 0x1234);
    ck_assert_uint_eq(exmy_profile_lane_bits(p, 0xabcd1234u, 4), 0);
}
END_TEST

/* nan signed CODE is CODE XOR the input's sign: with the sign bit set in CODE
 * a positive NaN gives the negative code (ml_dtypes' FP4: +NaN -> -0 = 0x8,
 * -NaN -> +0 = 0x0). */
START_TEST(test_nan_signed_xor)
{
    const exmy_profile *p = prof("format e2m1fn\nround rne\nsat satfinite\nnan signed 0x8\n"
                                 "inputs f32\nsource s\n");
    conv("+NaN -> 0x8", p, F32(0x7fc00000), 0, EXMY_OK, 0x8, EXMY_FLAG_INVALID);
    conv("-NaN -> 0x0", p, F32(0xffc00000), 0, EXMY_OK, 0x0, EXMY_FLAG_INVALID);
}
END_TEST

/* tiny-round -126 rup on e8m0fnu under rna: below 2^-126 the magnitude
 * rounds up. 2^-127 (f32 0x00400000) is code 0x00 exactly; 1.25 * 2^-127
 * (0x00500000) is 0x01 (= 2^-126) under rup where rna would give 0x00; the
 * tie 1.5 * 2^-126 (0x00c00000, a normal) still rounds away under rna to
 * 0x02; 2^-126 itself (0x00800000) is not below the threshold: 0x01. */
START_TEST(test_tiny_round)
{
    const exmy_profile *p = prof("format e8m0fnu\nround rna\nsat satfinite\n"
                                 "tiny-round -126 rup\ninputs f32\nsource s\n");
    ck_assert(p->has_tiny_round);
    ck_assert_int_eq(p->tiny_exp, -126);
    ck_assert_int_eq(p->tiny_round, EXMY_RUP);
    conv("2^-127 exact", p, F32(0x00400000), 0, EXMY_OK, 0x00, 0);
    conv("1.25 * 2^-127 up", p, F32(0x00500000), 0, EXMY_OK, 0x01, ANYFLAGS);
    conv("0.5 * 2^-127 up", p, F32(0x00200000), 0, EXMY_OK, 0x00, ANYFLAGS);
    conv("2^-126 exact", p, F32(0x00800000), 0, EXMY_OK, 0x01, 0);
    conv("1.5 * 2^-126 rna", p, F32(0x00c00000), 0, EXMY_OK, 0x02, ANYFLAGS);
    /* The same profile without tiny-round: 1.25 * 2^-127 rounds to nearest, 0x00. */
    const exmy_profile *q = prof("format e8m0fnu\nround rna\nsat satfinite\n"
                                 "inputs f32\nsource s\n");
    conv("1.25 * 2^-127 rna", q, F32(0x00500000), 0, EXMY_OK, 0x00, ANYFLAGS);
}
END_TEST

START_TEST(test_enum_names)
{
    for (int i = 0; i < EXMY_NANOUT_COUNT; i++) {
        exmy_nan_out r;
        ck_assert_int_eq(exmy_nan_out_from_name(exmy_nan_out_name((exmy_nan_out)i), &r), EXMY_OK);
        ck_assert_int_eq(r, i);
    }
    for (int i = 0; i < EXMY_NEG_COUNT; i++) {
        exmy_neg_rule r;
        ck_assert_int_eq(exmy_neg_rule_from_name(exmy_neg_rule_name((exmy_neg_rule)i), &r),
                         EXMY_OK);
        ck_assert_int_eq(r, i);
    }
    exmy_nan_out r;
    ck_assert_int_eq(exmy_nan_out_from_name("QUIET", &r), EXMY_OK);
    ck_assert_int_eq(r, EXMY_NANOUT_QUIET);
    ck_assert_int_eq(exmy_nan_out_from_name("loud", &r), EXMY_EINVAL);
    ck_assert_str_eq(exmy_nan_out_name(EXMY_NANOUT_UNSPECIFIED), "unspecified");
    ck_assert_str_eq(exmy_neg_rule_name(EXMY_NEG_MAGNITUDE), "magnitude");
    ck_assert_str_eq(exmy_neg_rule_name((exmy_neg_rule)9), "?");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("profile");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, NULL, free_kept);
    tcase_add_test(tc, test_readme_example);
    tcase_add_test(tc, test_every_key);
    tcase_add_test(tc, test_load_errors);
    tcase_add_test(tc, test_one_namespace);
    tcase_add_test(tc, test_load_file);
    tcase_add_test(tc, test_builtin_files_load);
    tcase_add_test(tc, test_builtin_profiles);
    tcase_add_test(tc, test_validate);
    tcase_add_test(tc, test_nan_rules);
    tcase_add_test(tc, test_daz_ftz);
    tcase_add_test(tc, test_unsigned_rules);
    tcase_add_test(tc, test_relu);
    tcase_add_test(tc, test_types_and_scale);
    tcase_add_test(tc, test_core_and_lanes);
    tcase_add_test(tc, test_rbits_lanes);
    tcase_add_test(tc, test_nan_signed_xor);
    tcase_add_test(tc, test_tiny_round);
    tcase_add_test(tc, test_enum_names);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
