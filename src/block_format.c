/* Block formats as data (exmy.h, "block-scaled formats"): what makes one
 * valid, and the two ways of naming one, a catalogue name and the spelled-out
 * "block:ELEM/SCALE/N[/RULE]". The .blk loader is block_parse.c; the scale
 * rules and the quantiser live elsewhere. */
#include "exmy_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* MXINT8's element (OCP MX v1.0 §5.3.4): two's complement k, value k * 2^-6.
 * The core rounds to the sign-magnitude format with the same magnitudes:
 * e1m6 with bias 1 has subnormals m * 2^-6 (m < 64) and normals
 * (64 + m) * 2^-6, i.e. every k * 2^-6 with |k| <= 127; finite, no NaN. */
#define INT8_ELEM_SPEC "e1m6:bias=1:finite:nans=0"

exmy_status exmy__block_int8_elem(exmy_format *out)
{
    return exmy_format_parse(NULL, INT8_ELEM_SPEC, out, NULL, 0);
}

/* Scale formats by the names the documents give them, where those read
 * otherwise: OCP MX v1.0 §5.4.1 calls the MX scale "E8M0" and PTX "ue8m0",
 * which as a generic spec would be a signed IEEE-style format no one uses as
 * a scale; NVIDIA calls NVFP4's block scale "UE4M3" (e4m3fn whose positive
 * codes alone are written). */
static const struct {
    const char *name, *format, *spec;
} scale_names[] = {
    {"e8m0", "e8m0fnu", "e8m0:unsigned:finite:nans=1:nosub:nozero"},
    {"ue8m0", "e8m0fnu", "e8m0:unsigned:finite:nans=1:nosub:nozero"},
    {"ue4m3", "e4m3fn", "e4m3:finite:nans=1"},
};

exmy_status exmy__block_elem_parse(const exmy_catalogue *cat, const char *s, exmy_elem_kind *kind,
                                   exmy_format *out, char *why, size_t whylen)
{
    if (exmy__strcasecmp(s, "int8") == 0) {
        *kind = EXMY_ELEM_INT8;
        return exmy__block_int8_elem(out);
    }
    *kind = EXMY_ELEM_FLOAT;
    return exmy_format_parse(cat, s, out, why, whylen);
}

exmy_status exmy__block_scale_parse(const exmy_catalogue *cat, const char *s, exmy_format *out,
                                    char *why, size_t whylen)
{
    for (size_t i = 0; i < sizeof scale_names / sizeof scale_names[0]; i++) {
        if (exmy__strcasecmp(s, scale_names[i].name) != 0)
            continue;
        /* The catalogue's entry (its name filled in), else the same format
         * from its generic spelling. */
        if (exmy_format_parse(cat, scale_names[i].format, out, NULL, 0) == EXMY_OK)
            return EXMY_OK;
        exmy_status st = exmy_format_parse(NULL, scale_names[i].spec, out, why, whylen);
        if (st == EXMY_OK)
            exmy__strlcpy(out->name, scale_names[i].format, sizeof out->name);
        return st;
    }
    return exmy_format_parse(cat, s, out, why, whylen);
}

bool exmy__block_scale_is_pow2(const exmy_format *scale)
{
    /* One significand bit: every nonzero finite value is a power of two
     * (with no mantissa bits a subnormal binade holds zero alone). */
    return scale->precision == 1;
}

exmy_scale_rule exmy__block_default_rule(const exmy_format *scale)
{
    return exmy__block_scale_is_pow2(scale) ? EXMY_SCALE_FLOOR : EXMY_SCALE_DIV;
}

exmy_status exmy__block_check(const exmy_block_format *bf, exmy__bfield *field, char *why,
                              size_t whylen)
{
    char r[200];
    exmy__bfield f = EXMY__BF_ELEMENT;
    if (!bf) {
        exmy__why(why, whylen, "no block format");
        return EXMY_EINVAL;
    }
    if ((unsigned)bf->kind > EXMY_ELEM_INT8) {
        exmy__why(why, whylen, "element kind %u out of range", (unsigned)bf->kind);
        goto bad;
    }
    if (exmy_format_validate(&bf->elem, r, sizeof r) != EXMY_OK) {
        exmy__why(why, whylen, "element format: %s", r);
        goto bad;
    }
    if (bf->kind == EXMY_ELEM_INT8) {
        exmy_format i8;
        exmy__block_int8_elem(&i8);
        if (!exmy_format_equal(&bf->elem, &i8)) {
            exmy__why(why, whylen,
                      "an int8 element (MXINT8) is stored through " INT8_ELEM_SPEC
                      ", its magnitudes k * 2^-6, |k| <= 127; this element is another format");
            goto bad;
        }
    }
    /* amax = 0 and values far below the block's scale give zero elements. */
    if (!bf->elem.has_zero) {
        exmy__why(why, whylen, "the element format has no zero");
        goto bad;
    }
    f = EXMY__BF_SCALE;
    if (exmy_format_validate(&bf->scale, r, sizeof r) != EXMY_OK) {
        exmy__why(why, whylen, "scale format: %s", r);
        goto bad;
    }
    f = EXMY__BF_SIZE;
    if (bf->block < 1) {
        exmy__why(why, whylen, "block size 0: a block holds at least one element");
        goto bad;
    }
    f = EXMY__BF_RULE;
    if ((unsigned)bf->rule >= EXMY_SCALE_RULE_COUNT) {
        exmy__why(why, whylen, "scale rule %u out of range (floor, ceil, even, div)",
                  (unsigned)bf->rule);
        goto bad;
    }
    if (bf->rule != EXMY_SCALE_DIV && !exmy__block_scale_is_pow2(&bf->scale)) {
        exmy__why(why, whylen,
                  "scale rule %s needs a scale format whose values are powers of two "
                  "(precision 1, like e8m0fnu); this one has precision %u (use rule div)",
                  exmy_scale_rule_name(bf->rule), bf->scale.precision);
        goto bad;
    }
    return EXMY_OK;
bad:
    if (field)
        *field = f;
    return EXMY_EFORMAT;
}

exmy_status exmy_block_validate(const exmy_block_format *bf, char *why, size_t whylen)
{
    return exmy__block_check(bf, NULL, why, whylen);
}

/* "block:ELEM/SCALE/N[/RULE]": the fields of a spec, each a copy. */
static exmy_status parse_spec(const exmy_catalogue *cat, const char *body, exmy_block_format *out,
                              char *why, size_t whylen)
{
    static const char usage[] = "expected block:ELEM/SCALE/N[/RULE]";
    char buf[EXMY_FMT_LINE_MAX + 1];
    char *part[5];
    int n = 0;
    if (strlen(body) >= sizeof buf) {
        exmy__why(why, whylen, "block spec is longer than %d characters", EXMY_FMT_LINE_MAX);
        return EXMY_ESPEC;
    }
    memcpy(buf, body, strlen(body) + 1);
    for (char *p = buf; p && n < 5;) {
        char *slash = strchr(p, '/');
        if (slash)
            *slash = '\0';
        part[n++] = p;
        p = slash ? slash + 1 : NULL;
    }
    if (n < 3 || n > 4) {
        if (n > 4)
            exmy__why(why, whylen, "%s (more than four fields)", usage);
        else
            exmy__why(why, whylen, "%s (%d field%s given)", usage, n, n == 1 ? "" : "s");
        return EXMY_ESPEC;
    }
    for (int i = 0; i < n; i++)
        if (!*part[i]) {
            static const char *const what[] = {"ELEM", "SCALE", "N", "RULE"};
            exmy__why(why, whylen, "%s: %s is empty", usage, what[i]);
            return EXMY_ESPEC;
        }
    exmy_block_format b;
    memset(&b, 0, sizeof b);
    char r[256] = "";
    if (exmy__block_elem_parse(cat, part[0], &b.kind, &b.elem, r, sizeof r) != EXMY_OK) {
        exmy__why(why, whylen, "element '%s': %s", part[0], r);
        return EXMY_ESPEC;
    }
    if (exmy__block_scale_parse(cat, part[1], &b.scale, r, sizeof r) != EXMY_OK) {
        exmy__why(why, whylen, "scale '%s': %s", part[1], r);
        return EXMY_ESPEC;
    }
    if (!exmy__block_parse_size(part[2], &b.block)) {
        exmy__why(why, whylen, "block size '%s': expected a number 1..%u", part[2],
                  (unsigned)EXMY__BLOCK_SIZE_MAX);
        return EXMY_ESPEC;
    }
    if (n == 4) {
        if (exmy_scale_rule_from_name(part[3], &b.rule) != EXMY_OK) {
            exmy__why(why, whylen, "unknown scale rule '%s' (floor, ceil, even, div)", part[3]);
            return EXMY_ESPEC;
        }
    } else {
        b.rule = exmy__block_default_rule(&b.scale);
    }
    if (exmy_block_validate(&b, r, sizeof r) != EXMY_OK) {
        exmy__why(why, whylen, "%s", r);
        return EXMY_ESPEC;
    }
    *out = b;
    return EXMY_OK;
}

bool exmy__block_parse_size(const char *s, unsigned *out)
{
    /* Decimal digits only: no sign, no space, no 0x. */
    if (*s < '0' || *s > '9')
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || v < 1 || v > EXMY__BLOCK_SIZE_MAX)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Does s start with "block:" (case-insensitive, as every name)? */
static bool is_block_spec(const char *s)
{
    static const char prefix[] = "block:";
    for (size_t i = 0; i < sizeof prefix - 1; i++)
        if (tolower((unsigned char)s[i]) != prefix[i])
            return false;
    return true;
}

exmy_status exmy_block_parse(const exmy_catalogue *cat, const char *spec, exmy_block_format *out,
                             char *why, size_t whylen)
{
    if (!spec || !out) {
        exmy__why(why, whylen, "no spec");
        return EXMY_EINVAL;
    }
    if (is_block_spec(spec))
        return parse_spec(cat, spec + 6, out, why, whylen);
    const exmy_block_format *b = exmy_catalogue_find_block(cat, spec);
    if (b) {
        *out = *b;
        return EXMY_OK;
    }
    if (exmy_catalogue_find(cat, spec) || exmy_catalogue_find_profile(cat, spec))
        exmy__why(why, whylen,
                  "'%s' is a %s, not a block format (a block format: a catalogue name such as "
                  "mxfp8_e4m3, or block:ELEM/SCALE/N[/RULE])",
                  spec, exmy_catalogue_find(cat, spec) ? "format" : "profile");
    else
        exmy__why(why, whylen,
                  cat ? "unknown block format '%s': not a catalogue block format name or alias, "
                        "nor block:ELEM/SCALE/N[/RULE]"
                      : "unknown block format '%s': not block:ELEM/SCALE/N[/RULE] (no catalogue "
                        "given)",
                  spec);
    return EXMY_ENOTFOUND;
}
