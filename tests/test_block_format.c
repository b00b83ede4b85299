/* Block formats as data: the built-in formats/mx.blk against the numbers
 * OCP MX v1.0 §5 Table 1 and NVIDIA's NVFP4 description give (written here
 * from the documents, not read back from the library), the "block:" spec,
 * the .blk loader's errors with their FILE:LINE, the one namespace shared
 * with formats and profiles, and exmy_block_validate's reasons. */
#include "testutil.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAM "family: test blocks\n"

/* OCP MX v1.0 §5.4.1 Table 7, E8M0: 8 bits, no sign, exponent bias 127,
 * 2^-127..2^127, 0xFF NaN, no zero, no infinity; written out field by field
 * rather than taken from the catalogue. */
static exmy_format ocp_e8m0(void)
{
    exmy_format f;
    memset(&f, 0, sizeof f);
    f.bits = 8;
    f.precision = 1;
    f.bias = 127;
    f.is_signed = false;
    f.domain = EXMY_FINITE;
    f.high_nans = 1;
    f.subnormals = false;
    f.has_zero = false;
    return f;
}

/* OCP MX v1.0 §5 Table 1: each concrete MX format, its element's emax and
 * largest magnitude (§5.3: E4M3 448, E5M2 57344, E3M2 28, E2M3 7.5, E2M1 6;
 * INT8 1 63/64 = 127/64), block size 32, E8M0 scale. */
static const struct {
    const char *name, *elem;
    int emax;
    double max;
    exmy_elem_kind kind;
} mx[] = {
    {"mxfp8_e4m3", "e4m3fn", 8, 448.0, EXMY_ELEM_FLOAT},
    {"mxfp8_e5m2", "e5m2", 15, 57344.0, EXMY_ELEM_FLOAT},
    {"mxfp6_e3m2", "e3m2fn", 4, 28.0, EXMY_ELEM_FLOAT},
    {"mxfp6_e2m3", "e2m3fn", 2, 7.5, EXMY_ELEM_FLOAT},
    {"mxfp4_e2m1", "e2m1fn", 2, 6.0, EXMY_ELEM_FLOAT},
    {"mxint8", NULL, 0, 127.0 / 64, EXMY_ELEM_INT8},
};

static const exmy_block_format *builtin(const char *name)
{
    const exmy_block_format *b = exmy_catalogue_find_block(tu_catalogue(), name);
    ck_assert_msg(b != NULL, "no built-in block format '%s'", name);
    return b;
}

static void check_valid(const exmy_block_format *b)
{
    char why[300] = "";
    ck_assert_msg(exmy_block_validate(b, why, sizeof why) == EXMY_OK, "%s: %s", b->name, why);
}

START_TEST(test_ocp_mx_table1)
{
    exmy_format e8m0 = ocp_e8m0();
    for (size_t i = 0; i < sizeof mx / sizeof mx[0]; i++) {
        const exmy_block_format *b = builtin(mx[i].name);
        check_valid(b);
        ck_assert_msg(b->block == 32, "%s: block %u, OCP MX v1.0 Table 1 says 32", b->name,
                      b->block);
        ck_assert_msg(exmy_format_equal(&b->scale, &e8m0), "%s: the scale is not E8M0", b->name);
        ck_assert_msg(b->rule == EXMY_SCALE_FLOOR, "%s: rule %s, §6.3 is floor", b->name,
                      exmy_scale_rule_name(b->rule));
        ck_assert_msg(!b->tensor_scale, "%s: MX has no tensor scale", b->name);
        ck_assert_msg(b->kind == mx[i].kind, "%s: kind %d", b->name, (int)b->kind);
        ck_assert_msg(b->source[0] && strstr(b->source, "OCP MX v1.0"), "%s: source '%s'",
                      b->name, b->source);
        if (mx[i].elem) {
            exmy_format want = tu_format(mx[i].elem);
            ck_assert_msg(exmy_format_equal(&b->elem, &want), "%s: element is not %s", b->name,
                          mx[i].elem);
        }
        exmy_format_info fi;
        ck_assert_int_eq(exmy_format_get_info(&b->elem, &fi), EXMY_OK);
        ck_assert_msg(fi.emax == mx[i].emax, "%s: element emax %d, Table 1 says %d", b->name,
                      fi.emax, mx[i].emax);
        ck_assert_msg(fi.max_finite == mx[i].max, "%s: element max %a, expected %a", b->name,
                      fi.max_finite, mx[i].max);
    }
}
END_TEST

/* MXINT8's element (OCP MX v1.0 §5.3.4): k * 2^-6 for the 8-bit two's
 * complement k. The stand-in the core rounds to must hold exactly the
 * magnitudes |k| <= 127 (k = -128, i.e. -2, is decoded from code 0x80 but
 * never written: formats/README.md), with no NaN and no infinity. */
START_TEST(test_mxint8_element)
{
    const exmy_block_format *b = builtin("mxint8");
    ck_assert_int_eq(b->kind, EXMY_ELEM_INT8);
    double v[512];
    size_t n = 0;
    ck_assert_int_eq(exmy_format_values(&b->elem, NULL, &n), EXMY_OK);
    ck_assert_uint_eq(n, 255); /* -127..127 */
    ck_assert_int_eq(exmy_format_values(&b->elem, v, &n), EXMY_OK);
    for (int k = -127; k <= 127; k++)
        ck_assert_msg(v[k + 127] == ldexp(k, -6), "value %d: %a, expected %a (k = %d)", k + 127,
                      v[k + 127], ldexp(k, -6), k);
    exmy_format_info fi;
    ck_assert_int_eq(exmy_format_get_info(&b->elem, &fi), EXMY_OK);
    ck_assert(!fi.has_nan && !fi.has_inf);
    ck_assert_uint_eq(fi.n_codes, 256);
}
END_TEST

/* NVFP4 (NVIDIA, "Introducing NVFP4 ..."): E2M1 elements (max 6), an E4M3
 * scale (max 448) per 16 elements computed by division, and a binary32
 * scale per tensor. */
START_TEST(test_nvfp4)
{
    const exmy_block_format *b = builtin("nvfp4");
    check_valid(b);
    exmy_format e2m1 = tu_format("e2m1fn"), e4m3 = tu_format("e4m3fn");
    ck_assert(exmy_format_equal(&b->elem, &e2m1));
    ck_assert(exmy_format_equal(&b->scale, &e4m3));
    ck_assert_uint_eq(b->block, 16);
    ck_assert_int_eq(b->rule, EXMY_SCALE_DIV);
    ck_assert(b->tensor_scale);
    ck_assert_int_eq(b->kind, EXMY_ELEM_FLOAT);
    ck_assert(strstr(b->source, "NVFP4") != NULL);
}
END_TEST

/* The named rule variants: the layout of their base format, another rule,
 * and a citation of their own. */
START_TEST(test_rule_variants)
{
    static const struct {
        const char *name, *base;
        exmy_scale_rule rule;
        const char *cites;
    } v[] = {
        {"mxfp8_e4m3_ceil", "mxfp8_e4m3", EXMY_SCALE_CEIL, "cvt.rp.satfinite.ue8m0x2.f32"},
        {"mxfp4_e2m1_ceil", "mxfp4_e2m1", EXMY_SCALE_CEIL, "RCEIL"},
        {"mxfp4_e2m1_even", "mxfp4_e2m1", EXMY_SCALE_EVEN, "EVEN"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        const exmy_block_format *b = builtin(v[i].name), *base = builtin(v[i].base);
        check_valid(b);
        ck_assert_msg(b->rule == v[i].rule, "%s: rule %s", b->name, exmy_scale_rule_name(b->rule));
        ck_assert(exmy_format_equal(&b->elem, &base->elem));
        ck_assert(exmy_format_equal(&b->scale, &base->scale));
        ck_assert_uint_eq(b->block, base->block);
        ck_assert_msg(strstr(b->source, v[i].cites) != NULL, "%s: source '%s' does not cite %s",
                      b->name, b->source, v[i].cites);
    }
    /* Aliases find the same entry, case-insensitively. */
    ck_assert_ptr_eq(exmy_catalogue_find_block(tu_catalogue(), "MXFP8"), builtin("mxfp8_e4m3"));
    ck_assert_ptr_eq(exmy_catalogue_find_block(tu_catalogue(), "mxfp4"), builtin("mxfp4_e2m1"));
    ck_assert_ptr_null(exmy_catalogue_find_block(tu_catalogue(), "e4m3fn"));
    ck_assert_ptr_null(exmy_catalogue_find_block(NULL, "mxfp4"));
    ck_assert_ptr_null(exmy_catalogue_block_at(tu_catalogue(),
                                               exmy_catalogue_block_count(tu_catalogue())));
}
END_TEST

/* formats/mx.blk read from its file, after the .fmt and .prof files, gives
 * the same block formats as the compiled-in copy. */
START_TEST(test_builtin_file_loads)
{
    const char *dir = getenv("EXMY_FORMATS_DIR");
    ck_assert_msg(dir != NULL, "EXMY_FORMATS_DIR is not set");
    static const char *const fmt[] = {"ieee.fmt", "ocp.fmt", "mldtypes.fmt", "p3109.fmt"};
    exmy_catalogue *cat = exmy_catalogue_new();
    char path[PATH_MAX], why[512] = "";
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, fmt[i]);
        ck_assert_int_eq(exmy_catalogue_load_file(cat, path, why, sizeof why), EXMY_OK);
    }
    snprintf(path, sizeof path, "%s/mx.blk", dir);
    exmy_status st = exmy_catalogue_load_blocks_file(cat, path, why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "%s: %s", exmy_strerror(st), why);
    size_t n = exmy_catalogue_block_count(cat);
    ck_assert_uint_eq(n, exmy_catalogue_block_count(tu_catalogue()));
    ck_assert_uint_ge(n, 7);
    for (size_t i = 0; i < n; i++) {
        const exmy_block_format *a = exmy_catalogue_block_at(cat, i);
        const exmy_block_format *b = exmy_catalogue_block_at(tu_catalogue(), i);
        ck_assert_str_eq(a->name, b->name);
        ck_assert_str_eq(a->source, b->source);
        ck_assert(exmy_format_equal(&a->elem, &b->elem) && exmy_format_equal(&a->scale, &b->scale));
        ck_assert(a->block == b->block && a->rule == b->rule && a->kind == b->kind &&
                  a->tensor_scale == b->tensor_scale);
    }
    /* Loading it twice: every name is taken. */
    ck_assert_int_eq(exmy_catalogue_load_blocks_file(cat, path, why, sizeof why),
                     EXMY_EDUPLICATE);
    ck_assert_uint_eq(exmy_catalogue_block_count(cat), n);
    snprintf(path, sizeof path, "%s/no-such.blk", dir);
    ck_assert_int_eq(exmy_catalogue_load_blocks_file(cat, path, why, sizeof why), EXMY_EIO);
    exmy_catalogue_free(cat);
}
END_TEST

/* A "block:" spec that parses, and what it gives. */
static exmy_block_format spec_ok(const char *spec)
{
    exmy_block_format b;
    char why[300] = "";
    exmy_status st = exmy_block_parse(tu_catalogue(), spec, &b, why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "%s: %s: %s", spec, exmy_strerror(st), why);
    ck_assert_msg(b.name[0] == '\0', "%s: a spec has no name", spec);
    return b;
}

/* One that does not, with the status and a word of the reason. */
static void spec_bad(const char *spec, exmy_status want, const char *has)
{
    exmy_block_format b;
    memset(&b, 0x5a, sizeof b);
    unsigned char before[sizeof b];
    memcpy(before, &b, sizeof b);
    char why[300] = "";
    exmy_status st = exmy_block_parse(tu_catalogue(), spec, &b, why, sizeof why);
    ck_assert_msg(st == want, "%s: got %s (%s), expected %s", spec, exmy_strerror(st), why,
                  exmy_strerror(want));
    ck_assert_msg(strstr(why, has) != NULL, "%s: reason '%s' does not say '%s'", spec, why, has);
    ck_assert_msg(memcmp(before, &b, sizeof b) == 0, "%s: out written on failure", spec);
}

START_TEST(test_block_spec)
{
    exmy_format e8m0 = ocp_e8m0(), e4m3 = tu_format("e4m3fn"), e2m1 = tu_format("e2m1fn");
    /* The issue's own example: OCP's "E8M0" is e8m0fnu; floor by default
     * for a power-of-two scale. */
    exmy_block_format b = spec_ok("block:e4m3fn/e8m0/16");
    ck_assert(exmy_format_equal(&b.elem, &e4m3) && exmy_format_equal(&b.scale, &e8m0));
    ck_assert_uint_eq(b.block, 16);
    ck_assert_int_eq(b.rule, EXMY_SCALE_FLOOR);
    ck_assert(!b.tensor_scale && b.kind == EXMY_ELEM_FLOAT);
    /* PTX's "ue8m0", the catalogue name, a generic spelling: the same scale. */
    b = spec_ok("block:e4m3fn/ue8m0/32");
    ck_assert(exmy_format_equal(&b.scale, &e8m0));
    b = spec_ok("block:e4m3:finite:nans=1/e8m0fnu/32/ceil");
    ck_assert(exmy_format_equal(&b.elem, &e4m3) && exmy_format_equal(&b.scale, &e8m0));
    ck_assert_int_eq(b.rule, EXMY_SCALE_CEIL);
    b = spec_ok("block:fp4/e8m0:unsigned:finite:nans=1:nosub:nozero/32/EVEN");
    ck_assert(exmy_format_equal(&b.elem, &e2m1) && exmy_format_equal(&b.scale, &e8m0));
    ck_assert_int_eq(b.rule, EXMY_SCALE_EVEN);
    /* NVIDIA's "UE4M3" is e4m3fn; div by default for a scale that is not a
     * power of two. */
    b = spec_ok("Block:E2M1FN/UE4M3/16");
    ck_assert(exmy_format_equal(&b.scale, &e4m3));
    ck_assert_int_eq(b.rule, EXMY_SCALE_DIV);
    b = spec_ok("block:e2m1fn/binary32/16");
    ck_assert_int_eq(b.rule, EXMY_SCALE_DIV);
    ck_assert_uint_eq(b.scale.bits, 32);
    b = spec_ok("block:e4m3fn/e8m0/1/div");
    ck_assert_uint_eq(b.block, 1);
    ck_assert_int_eq(b.rule, EXMY_SCALE_DIV);
    /* MXINT8's element by its name. */
    b = spec_ok("block:int8/e8m0/32");
    ck_assert_int_eq(b.kind, EXMY_ELEM_INT8);
    ck_assert(exmy_format_equal(&b.elem, &builtin("mxint8")->elem));
    /* A catalogue name or alias gives the entry, its name kept. */
    exmy_block_format c;
    ck_assert_int_eq(exmy_block_parse(tu_catalogue(), "NVFP4", &c, NULL, 0), EXMY_OK);
    ck_assert_str_eq(c.name, "nvfp4");

    spec_bad("block:e4m3fn/e8m0", EXMY_ESPEC, "expected block:ELEM/SCALE/N[/RULE] (2 fields");
    spec_bad("block:", EXMY_ESPEC, "(1 field given)");
    spec_bad("block:e4m3fn/e8m0/32/floor/x", EXMY_ESPEC, "more than four fields");
    spec_bad("block:/e8m0/32", EXMY_ESPEC, "ELEM is empty");
    spec_bad("block:e4m3fn//32", EXMY_ESPEC, "SCALE is empty");
    spec_bad("block:e4m3fn/e8m0/32/", EXMY_ESPEC, "RULE is empty");
    spec_bad("block:e9m9x/e8m0/32", EXMY_ESPEC, "element 'e9m9x'");
    spec_bad("block:e4m3fn/ue5m3/32", EXMY_ESPEC, "scale 'ue5m3'");
    spec_bad("block:e4m3fn/e8m0/0", EXMY_ESPEC, "block size '0'");
    spec_bad("block:e4m3fn/e8m0/-1", EXMY_ESPEC, "block size '-1'");
    spec_bad("block:e4m3fn/e8m0/0x20", EXMY_ESPEC, "block size '0x20'");
    spec_bad("block:e4m3fn/e8m0/ 32", EXMY_ESPEC, "block size ' 32'");
    spec_bad("block:e4m3fn/e8m0/2147483648", EXMY_ESPEC, "1..2147483647");
    spec_bad("block:e4m3fn/e8m0/32/round", EXMY_ESPEC, "unknown scale rule 'round'");
    spec_bad("block:e2m1fn/ue4m3/16/floor", EXMY_ESPEC, "powers of two");
    spec_bad("block:e8m0fnu/e8m0/32", EXMY_ESPEC, "no zero");
    spec_bad("mxfp9", EXMY_ENOTFOUND, "unknown block format 'mxfp9'");
    spec_bad("e4m3fn", EXMY_ENOTFOUND, "is a format, not a block format");
    spec_bad("cuda-e4m3-satfinite", EXMY_ENOTFOUND, "is a profile, not a block format");
    spec_bad("", EXMY_ENOTFOUND, "unknown block format");
    ck_assert_int_eq(exmy_block_parse(tu_catalogue(), NULL, &c, NULL, 0), EXMY_EINVAL);
    ck_assert_int_eq(exmy_block_parse(tu_catalogue(), "mxfp4", NULL, NULL, 0), EXMY_EINVAL);
    /* Without a catalogue: specs only, and the generic spellings of the
     * document names. */
    ck_assert_int_eq(exmy_block_parse(NULL, "mxfp4", &c, NULL, 0), EXMY_ENOTFOUND);
    ck_assert_int_eq(exmy_block_parse(NULL, "block:e4m3:finite:nans=1/e8m0/32", &c, NULL, 0),
                     EXMY_OK);
    ck_assert(exmy_format_equal(&c.scale, &e8m0));
    ck_assert_str_eq(c.scale.name, "e8m0fnu");
}
END_TEST

/* The built-in catalogue with `text` loaded as "t.blk". */
static exmy_catalogue *load(const char *text, exmy_status *st, char *why, size_t whylen)
{
    exmy_catalogue *cat;
    ck_assert_int_eq(exmy_catalogue_builtin(&cat), EXMY_OK);
    why[0] = '\0';
    *st = exmy_catalogue_load_blocks_string(cat, text, "t.blk", why, whylen);
    return cat;
}

/* A text that must load; returns the catalogue (the caller frees it). */
static exmy_catalogue *load_ok(const char *text)
{
    char why[512];
    exmy_status st;
    exmy_catalogue *cat = load(text, &st, why, sizeof why);
    ck_assert_msg(st == EXMY_OK, "load: %s: %s", exmy_strerror(st), why);
    return cat;
}

/* A text that must fail with `want`, a reason at "t.blk:LINE: " saying
 * `has`, and nothing of it added. */
static void load_bad(const char *what, const char *text, exmy_status want, unsigned line,
                     const char *has)
{
    char why[512];
    exmy_status st;
    exmy_catalogue *cat = load(text, &st, why, sizeof why);
    ck_assert_msg(st == want, "%s: got %s (%s), expected %s", what, exmy_strerror(st), why,
                  exmy_strerror(want));
    char prefix[64];
    snprintf(prefix, sizeof prefix, "t.blk:%u: ", line);
    ck_assert_msg(strncmp(why, prefix, strlen(prefix)) == 0, "%s: reason '%s' is not at '%s'",
                  what, why, prefix);
    ck_assert_msg(strstr(why, has) != NULL, "%s: reason '%s' does not say '%s'", what, why, has);
    ck_assert_msg(exmy_catalogue_block_count(cat) == exmy_catalogue_block_count(tu_catalogue()),
                  "%s: a failed load added block formats", what);
    exmy_catalogue_free(cat);
}

#define GOOD "  element e4m3fn\n  scale e8m0\n  size 32\n  source test\n"

START_TEST(test_loader)
{
    /* Every key; defaults; a joined source; comments and CRLF. */
    exmy_catalogue *cat = load_ok(FAM "# comment\n"
                                      "block b1\r\n"
                                      "  aliases b1a,B1B\n"
                                      "  element int8\n"
                                      "  scale ue4m3\n"
                                      "  size 64\n"
                                      "  rule div\n"
                                      "  tensor-scale yes\n"
                                      "  source first\n"
                                      "  source second\n"
                                      "block b2\n" GOOD);
    const exmy_block_format *b1 = exmy_catalogue_find_block(cat, "b1b");
    ck_assert_ptr_nonnull(b1);
    ck_assert_str_eq(b1->name, "b1");
    ck_assert_str_eq(b1->family, "test blocks");
    ck_assert_str_eq(b1->source, "first second");
    ck_assert_int_eq(b1->kind, EXMY_ELEM_INT8);
    ck_assert_uint_eq(b1->block, 64);
    ck_assert_int_eq(b1->rule, EXMY_SCALE_DIV);
    ck_assert(b1->tensor_scale);
    const exmy_block_format *b2 = exmy_catalogue_find_block(cat, "B2");
    ck_assert_ptr_nonnull(b2);
    ck_assert_int_eq(b2->rule, EXMY_SCALE_FLOOR); /* the default for e8m0 */
    ck_assert(!b2->tensor_scale);
    ck_assert_uint_eq(exmy_catalogue_block_count(cat),
                      exmy_catalogue_block_count(tu_catalogue()) + 2);
    exmy_catalogue_free(cat);
    cat = load_ok(FAM "block b3\n  element e2m1fn\n  scale e4m3fn\n  size 16\n  source s\n");
    ck_assert_int_eq(exmy_catalogue_find_block(cat, "b3")->rule, EXMY_SCALE_DIV);
    exmy_catalogue_free(cat);

    load_bad("entry before family", "block b\n" GOOD, EXMY_ESYNTAX, 1, "before any 'family:'");
    load_bad("key before block", FAM "  size 32\n", EXMY_ESYNTAX, 2,
             "'size' before any 'block NAME' line");
    load_bad("unknown key", FAM "block b\n" GOOD "  colour red\n", EXMY_ESYNTAX, 7,
             "unknown key 'colour'");
    load_bad("block without name", FAM "block\n", EXMY_ESYNTAX, 2, "expected 'block NAME'");
    load_bad("block with two names", FAM "block a b\n", EXMY_ESYNTAX, 2, "expected 'block NAME'");
    load_bad("missing element", FAM "block b\n  scale e8m0\n  size 32\n  source s\n",
             EXMY_ESYNTAX, 2, "block format 'b' has no 'element' line");
    load_bad("missing source", FAM "block b\n  element e4m3fn\n  scale e8m0\n  size 32\n",
             EXMY_ESYNTAX, 2, "has no 'source' line");
    load_bad("missing size, reported at the end of the file",
             FAM "block a\n" GOOD "block b\n  element e4m3fn\n  scale e8m0\n  source s\n",
             EXMY_ESYNTAX, 7, "has no 'size' line");
    load_bad("key twice", FAM "block b\n" GOOD "  size 16\n", EXMY_ESYNTAX, 7,
             "'size' given twice (first on line 5)");
    load_bad("empty value", FAM "block b\n  rule   \n", EXMY_ESYNTAX, 3, "'rule' needs a value");
    load_bad("bad size", FAM "block b\n  size 3x\n", EXMY_ESYNTAX, 3, "size: expected a number");
    load_bad("size 0", FAM "block b\n  size 0\n", EXMY_ESYNTAX, 3, "size: expected a number");
    load_bad("bad rule", FAM "block b\n  rule nearest\n", EXMY_ESYNTAX, 3,
             "rule: expected floor, ceil, even or div");
    load_bad("bad tensor-scale", FAM "block b\n  tensor-scale maybe\n", EXMY_ESYNTAX, 3,
             "tensor-scale: expected yes or no");
    load_bad("unknown element", FAM "block b\n  element e4m3xx\n", EXMY_ESYNTAX, 3,
             "element: 'e4m3xx' is not a format");
    load_bad("unknown scale", FAM "block b\n  scale q8\n", EXMY_ESYNTAX, 3,
             "scale: unknown format");
    /* A rule the scale cannot have is reported at the rule's line. */
    load_bad("floor with an e4m3 scale",
             FAM "block b\n  element e2m1fn\n  rule floor\n  scale ue4m3\n  size 16\n  source s\n",
             EXMY_ESYNTAX, 4, "block format 'b': scale rule floor needs a scale format");
    load_bad("element without zero",
             FAM "block b\n  scale e8m0\n  element e8m0fnu\n  size 16\n  source s\n",
             EXMY_ESYNTAX, 4, "the element format has no zero");
    /* All or nothing: a good entry before the bad one is not kept. */
    load_bad("second entry bad", FAM "block good\n" GOOD "block bad\n  size nine\n",
             EXMY_ESYNTAX, 8, "size: expected");
    load_bad("name", FAM "block b/c\n", EXMY_ESYNTAX, 2, "bad name 'b/c'");
    load_bad("long name", FAM "block abcdefghijklmnopqrstuvwxyz0123456\n", EXMY_ESYNTAX, 2,
             "longer than 31 characters");
    load_bad("generic name", FAM "block e4m3\n", EXMY_ESYNTAX, 2, "reads as a generic format spec");
    load_bad("alias twice", FAM "block b\n  aliases c,C\n", EXMY_EDUPLICATE, 3,
             "'C' is named twice");
    load_bad("alias = name", FAM "block b\n  aliases b\n", EXMY_EDUPLICATE, 3,
             "'b' is named twice");
    load_bad("bad alias", FAM "block b\n  aliases c,,d\n", EXMY_ESYNTAX, 3, "bad name ''");
    /* Each line within the line limit, joined past the field's. */
#define X50 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define X250 X50 X50 X50 X50 X50
    load_bad("source too long", FAM "block b\n  source x\n  source " X250 "\n  source " X250
             "\n  source " X250 "\n",
             EXMY_ESYNTAX, 6, "the source of 'b' is longer than 511 characters");
    char why[64];
    ck_assert_int_eq(exmy_catalogue_load_blocks_string(NULL, FAM, "x", why, sizeof why),
                     EXMY_EINVAL);
}
END_TEST

/* Formats, profiles and block formats share one namespace: a name taken by
 * any of them is EXMY_EDUPLICATE for the others, whichever is loaded first. */
START_TEST(test_one_namespace)
{
    load_bad("a format's name", FAM "block e4m3fn\n", EXMY_EDUPLICATE, 2,
             "'e4m3fn' is already a format, profile or block format name");
    load_bad("a format's alias", FAM "block b\n  aliases fp4\n", EXMY_EDUPLICATE, 3,
             "'fp4' is already");
    load_bad("a profile's name", FAM "block CUDA-E4M3-SATFINITE\n", EXMY_EDUPLICATE, 2,
             "already a format, profile or block format name");
    load_bad("a block format's name", FAM "block mxfp8_e4m3\n", EXMY_EDUPLICATE, 2,
             "'mxfp8_e4m3' is already");
    load_bad("a block format's alias", FAM "block b\n  aliases x,mxfp4\n", EXMY_EDUPLICATE, 3,
             "'mxfp4' is already");
    /* And the other way: a block name refused to a later .fmt or .prof. */
    exmy_catalogue *cat = load_ok(FAM "block myblk\n  aliases myalias\n" GOOD);
    char why[512] = "";
    ck_assert_int_eq(exmy_catalogue_load_string(cat, "family: f\nmyblk e4m3 - s\n", "t.fmt", why,
                                                sizeof why),
                     EXMY_EDUPLICATE);
    ck_assert_msg(strstr(why, "t.fmt:2:") != NULL, "%s", why);
    ck_assert_int_eq(exmy_catalogue_load_string(cat, "family: f\nx e4m3 MYALIAS s\n", "t.fmt",
                                                why, sizeof why),
                     EXMY_EDUPLICATE);
    ck_assert_int_eq(exmy_catalogue_load_profiles_string(
                         cat,
                         "family: f\nprofile myalias\n  format e4m3fn\n  round rne\n"
                         "  sat satfinite\n  inputs f32\n  source s\n",
                         "t.prof", why, sizeof why),
                     EXMY_EDUPLICATE);
    ck_assert_msg(strstr(why, "t.prof:2:") != NULL, "%s", why);
    exmy_catalogue_free(cat);
}
END_TEST

/* A valid block format to break one field at a time. */
static exmy_block_format base(void)
{
    exmy_block_format b;
    memset(&b, 0, sizeof b);
    b.elem = tu_format("e4m3fn");
    b.scale = ocp_e8m0();
    b.block = 32;
    b.rule = EXMY_SCALE_FLOOR;
    return b;
}

static void invalid(const char *what, const exmy_block_format *b, const char *has)
{
    char why[300] = "";
    exmy_status st = exmy_block_validate(b, why, sizeof why);
    ck_assert_msg(st == EXMY_EFORMAT, "%s: got %s (%s)", what, exmy_strerror(st), why);
    ck_assert_msg(strstr(why, has) != NULL, "%s: reason '%s' does not say '%s'", what, why, has);
}

START_TEST(test_validate)
{
    exmy_block_format b = base();
    char why[300];
    ck_assert_int_eq(exmy_block_validate(&b, why, sizeof why), EXMY_OK);
    ck_assert_int_eq(exmy_block_validate(NULL, why, sizeof why), EXMY_EINVAL);
    ck_assert_int_eq(exmy_block_validate(&b, NULL, 0), EXMY_OK);
    b.tensor_scale = true; /* a tensor scale goes with any rule */
    ck_assert_int_eq(exmy_block_validate(&b, NULL, 0), EXMY_OK);
    for (int r = 0; r < EXMY_SCALE_RULE_COUNT; r++) {
        b = base();
        b.rule = (exmy_scale_rule)r;
        ck_assert_int_eq(exmy_block_validate(&b, NULL, 0), EXMY_OK); /* e8m0 takes every rule */
        b.scale = tu_format("binary32");
        if (r == EXMY_SCALE_DIV)
            ck_assert_int_eq(exmy_block_validate(&b, NULL, 0), EXMY_OK);
        else
            invalid("a power-of-two rule on binary32", &b, "needs a scale format whose values");
    }
    b = base();
    b.elem.bits = 0;
    invalid("element bits 0", &b, "element format: ");
    b = base();
    b.scale.precision = 0;
    invalid("scale precision 0", &b, "scale format: ");
    b = base();
    b.elem = ocp_e8m0();
    invalid("element without zero", &b, "the element format has no zero");
    b = base();
    b.block = 0;
    invalid("block 0", &b, "block size 0");
    b = base();
    b.rule = (exmy_scale_rule)EXMY_SCALE_RULE_COUNT;
    invalid("rule out of range", &b, "scale rule 4 out of range");
    b = base();
    b.kind = (exmy_elem_kind)2;
    invalid("kind out of range", &b, "element kind 2 out of range");
    b = base();
    b.kind = EXMY_ELEM_INT8;
    invalid("int8 with an e4m3fn element", &b, "an int8 element (MXINT8)");
    b.elem = tu_format("binary8p7sf"); /* e1m6 bias 1, but 0x80 is NaN: not two's complement */
    invalid("int8 with binary8p7sf", &b, "an int8 element (MXINT8)");
    b.elem = builtin("mxint8")->elem;
    ck_assert_int_eq(exmy_block_validate(&b, NULL, 0), EXMY_OK);
}
END_TEST

START_TEST(test_rule_names)
{
    static const char *const names[] = {"floor", "ceil", "even", "div"};
    for (int r = 0; r < EXMY_SCALE_RULE_COUNT; r++) {
        ck_assert_str_eq(exmy_scale_rule_name((exmy_scale_rule)r), names[r]);
        exmy_scale_rule back = EXMY_SCALE_DIV;
        char upper[8];
        for (size_t i = 0; i <= strlen(names[r]); i++)
            upper[i] = (char)(names[r][i] >= 'a' ? names[r][i] - 32 : names[r][i]);
        ck_assert_int_eq(exmy_scale_rule_from_name(upper, &back), EXMY_OK);
        ck_assert_int_eq(back, r);
    }
    ck_assert_str_eq(exmy_scale_rule_name((exmy_scale_rule)EXMY_SCALE_RULE_COUNT), "?");
    exmy_scale_rule r = EXMY_SCALE_CEIL;
    ck_assert_int_eq(exmy_scale_rule_from_name("rceil", &r), EXMY_EINVAL);
    ck_assert_int_eq(r, EXMY_SCALE_CEIL);
    ck_assert_int_eq(exmy_scale_rule_from_name(NULL, &r), EXMY_EINVAL);
    ck_assert_int_eq(exmy_scale_rule_from_name("floor", NULL), EXMY_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("block_format");
    TCase *tc = tcase_create("block_format");
    tcase_add_test(tc, test_ocp_mx_table1);
    tcase_add_test(tc, test_mxint8_element);
    tcase_add_test(tc, test_nvfp4);
    tcase_add_test(tc, test_rule_variants);
    tcase_add_test(tc, test_builtin_file_loads);
    tcase_add_test(tc, test_block_spec);
    tcase_add_test(tc, test_loader);
    tcase_add_test(tc, test_one_namespace);
    tcase_add_test(tc, test_validate);
    tcase_add_test(tc, test_rule_names);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
