/* The .prof profile format (formats/README.md, "The .prof profile format"):
 * text -> exmy_profile, added to a catalogue all or nothing. Entries, keys,
 * names and lines are read by the keyed-entry parser the .blk loader uses
 * too (keyed_parse.c); what each key's value means is here, and every rule
 * of a complete profile is exmy__profile_check's (profile.c). */
#include "keyed_parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Indexed by exmy__pkey. `join` is the separator of a text key that may be
 * repeated (its lines are joined); NULL for a single-valued key. */
static const exmy__keyed_key keys[] = {
    [EXMY__PK_ALIASES] = {"aliases", NULL},   [EXMY__PK_FORMAT] = {"format", NULL},
    [EXMY__PK_ROUND] = {"round", NULL},       [EXMY__PK_SAT] = {"sat", NULL},
    [EXMY__PK_SR_BITS] = {"sr-bits", NULL},   [EXMY__PK_RBITS] = {"rbits", NULL},
    [EXMY__PK_LANES] = {"lanes", NULL},       [EXMY__PK_NAN] = {"nan", NULL},
    [EXMY__PK_NEGATIVE] = {"negative", NULL}, [EXMY__PK_ZERO] = {"zero", NULL},
    [EXMY__PK_INPUTS] = {"inputs", NULL},     [EXMY__PK_DAZ] = {"daz", NULL},
    [EXMY__PK_FTZ] = {"ftz", NULL},           [EXMY__PK_RELU] = {"relu", NULL},
    [EXMY__PK_SCALED] = {"scaled", NULL},     [EXMY__PK_SOURCE] = {"source", " "},
    [EXMY__PK_RBITS_LANES] = {"rbits-lanes", NULL},
    [EXMY__PK_TINY_ROUND] = {"tiny-round", NULL},
    [EXMY__PK_UNSPECIFIED] = {"unspecified", "; "},
    [EXMY__PK_NOTE] = {"note", " "},
};
_Static_assert(sizeof keys / sizeof keys[0] == EXMY__PK_COUNT, "one entry per key");
_Static_assert(EXMY__PK_COUNT <= EXMY__KEYED_KEYS_MAX, "exmy__keyed.seen holds every key");

/* A number in C syntax (0x7f, 127, 0177): digits only, no sign, no space. */
static bool parse_u32(const char *s, uint32_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (*end || errno || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

static exmy_status set_inputs(exmy__keyed *k, const char *v)
{
    exmy_profile *p = k->entry;
    unsigned set = 0;
    for (const char *s = v; s;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        char word[16];
        exmy_type t;
        if (n >= sizeof word)
            n = sizeof word - 1; /* too long to be a type: still reported below */
        memcpy(word, s, n);
        word[n] = '\0';
        if (exmy_type_from_name(word, &t) != EXMY_OK)
            return exmy__keyed_fail(k, k->L->lineno, EXMY_ESYNTAX,
                                    "unknown input type '%s' (f64, f32, f16, bf16)", word);
        set |= 1u << t;
        s = comma ? comma + 1 : NULL;
    }
    p->inputs = set;
    return EXMY_OK;
}

static exmy_status set_nan(exmy__keyed *k, const char *v)
{
    exmy_profile *p = k->entry;
    char rule[16];
    size_t n = strcspn(v, " \t");
    const char *arg = v + n;
    while (*arg == ' ' || *arg == '\t')
        arg++;
    exmy_nan_out r;
    if (n >= sizeof rule)
        n = sizeof rule - 1;
    memcpy(rule, v, n);
    rule[n] = '\0';
    if (exmy_nan_out_from_name(rule, &r) != EXMY_OK)
        return exmy__keyed_fail(
            k, k->L->lineno, EXMY_ESYNTAX,
            "nan: expected canonical, fixed CODE, signed CODE, quiet or unspecified");
    bool coded = r == EXMY_NANOUT_FIXED || r == EXMY_NANOUT_SIGNED;
    if (coded && !parse_u32(arg, &p->nan_code))
        return exmy__keyed_fail(k, k->L->lineno, EXMY_ESYNTAX,
                                "nan %s: expected a CODE (0x7f, 127)", rule);
    if (!coded && *arg)
        return exmy__keyed_fail(k, k->L->lineno, EXMY_ESYNTAX, "nan %s takes no value", rule);
    p->nan_out = r;
    return EXMY_OK;
}

/* One `key value` line of the open profile. */
static exmy_status set_key(exmy__keyed *k, int id, const char *v)
{
    exmy_profile *p = k->entry;
    exmy__pkey key = (exmy__pkey)id;
    unsigned line = k->L->lineno;
    uint32_t u, u2;
    char why[200] = "";
    switch (key) {
    case EXMY__PK_ALIASES: return exmy__keyed_aliases(k, v, p->aliases, sizeof p->aliases);
    case EXMY__PK_FORMAT:
        if (exmy_format_parse(k->cat, v, &p->format, why, sizeof why) != EXMY_OK)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "format: %s", why);
        return EXMY_OK;
    case EXMY__PK_ROUND:
        if (exmy_round_from_name(v, &p->conv.round) != EXMY_OK)
            return exmy__keyed_fail(
                k, line, EXMY_ESYNTAX,
                "round: expected rne, rna, rtz, rup, rdn, rto, sr-a, sr-b or sr-c");
        return EXMY_OK;
    case EXMY__PK_SAT:
        if (exmy_sat_from_name(v, &p->conv.sat) != EXMY_OK)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                    "sat: expected satfinite, satpropagate, satnone or nosat");
        return EXMY_OK;
    case EXMY__PK_SR_BITS:
        if (!parse_u32(v, &u) || u < 1 || u > 32)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "sr-bits: expected a number 1..32");
        p->conv.sr_bits = u;
        return EXMY_OK;
    case EXMY__PK_RBITS: {
        char a[32], b[32] = "";
        size_t n = strcspn(v, " \t");
        const char *rest = v + n + strspn(v + n, " \t");
        if (n >= sizeof a || strlen(rest) >= sizeof b || strcspn(rest, " \t") != strlen(rest))
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "rbits: expected SHIFT STRIDE");
        memcpy(a, v, n);
        a[n] = '\0';
        memcpy(b, rest, strlen(rest) + 1);
        if (!parse_u32(a, &u) || !parse_u32(b, &u2))
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "rbits: expected SHIFT STRIDE");
        p->rbits_shift = u;
        p->rbits_stride = u2;
        return EXMY_OK;
    }
    case EXMY__PK_RBITS_LANES: {
        /* S0,S1,...: one shift per lane, in lane order. */
        unsigned n = 0;
        for (const char *q = v; q;) {
            const char *comma = strchr(q, ',');
            char word[16];
            size_t wl = comma ? (size_t)(comma - q) : strlen(q);
            if (wl >= sizeof word || n == EXMY_PROFILE_LANES_MAX)
                return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                        "rbits-lanes: expected at most %d shifts S0,S1,... (0..31)",
                                        EXMY_PROFILE_LANES_MAX);
            memcpy(word, q, wl);
            word[wl] = '\0';
            if (!parse_u32(word, &u) || u > 31)
                return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                        "rbits-lanes: expected shifts S0,S1,... (each 0..31)");
            p->rbits_lane_shift[n++] = (unsigned char)u;
            q = comma ? comma + 1 : NULL;
        }
        p->rbits_lanes = n;
        return EXMY_OK;
    }
    case EXMY__PK_TINY_ROUND: {
        /* EXP MODE: below 2^EXP, round with MODE. */
        char a[32], b[32];
        size_t n = strcspn(v, " \t");
        const char *rest = v + n + strspn(v + n, " \t");
        long e;
        char *end;
        if (n >= sizeof a || strlen(rest) >= sizeof b || !*rest)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                    "tiny-round: expected EXP MODE (-126 rup)");
        memcpy(a, v, n);
        a[n] = '\0';
        memcpy(b, rest, strlen(rest) + 1);
        e = strtol(a, &end, 10);
        if (*end || end == a || e <= -(1L << 20) || e >= (1L << 20) ||
            exmy_round_from_name(b, &p->tiny_round) != EXMY_OK)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                    "tiny-round: expected EXP MODE (-126 rup)");
        p->tiny_exp = (int)e;
        p->has_tiny_round = true;
        return EXMY_OK;
    }
    case EXMY__PK_LANES:
        if (!parse_u32(v, &u) || u < 1)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "lanes: expected a number >= 1");
        p->lanes = u;
        return EXMY_OK;
    case EXMY__PK_NAN: return set_nan(k, v);
    case EXMY__PK_NEGATIVE:
        if (exmy_neg_rule_from_name(v, &p->negative) != EXMY_OK)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                    "negative: expected format, magnitude, zero or nan");
        return EXMY_OK;
    case EXMY__PK_ZERO:
        if (!parse_u32(v, &p->zero_code))
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "zero: expected a CODE (0x00, 0)");
        p->zero_to_code = true;
        return EXMY_OK;
    case EXMY__PK_INPUTS: return set_inputs(k, v);
    case EXMY__PK_DAZ: return exmy__keyed_bool(k, id, v, &p->daz);
    case EXMY__PK_FTZ: return exmy__keyed_bool(k, id, v, &p->ftz);
    case EXMY__PK_RELU: return exmy__keyed_bool(k, id, v, &p->relu);
    case EXMY__PK_SCALED: return exmy__keyed_bool(k, id, v, &p->scaled);
    case EXMY__PK_SOURCE: return exmy__keyed_text(k, id, v, p->source);
    case EXMY__PK_UNSPECIFIED: return exmy__keyed_text(k, id, v, p->unspecified);
    case EXMY__PK_NOTE: return exmy__keyed_text(k, id, v, p->note);
    case EXMY__PK_COUNT: break;
    }
    return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "unknown key");
}

/* The profile has every required key: check it and add it to the catalogue. */
static exmy_status close_entry(exmy__keyed *k)
{
    exmy_profile *p = k->entry;
    if (k->seen[EXMY__PK_RBITS] && k->seen[EXMY__PK_RBITS_LANES])
        return exmy__keyed_fail(k, k->seen[EXMY__PK_RBITS_LANES], EXMY_ESYNTAX,
                                "profile '%s': give 'rbits' or 'rbits-lanes', not both", p->name);
    if (exmy_round_is_stochastic(p->conv.round) && !k->seen[EXMY__PK_SR_BITS])
        return exmy__keyed_fail(k, k->line, EXMY_ESYNTAX,
                                "profile '%s': round %s needs an 'sr-bits' line", p->name,
                                exmy_round_name(p->conv.round));
    exmy__prep P;
    exmy__pkey key = EXMY__PK_COUNT;
    char why[300];
    if (exmy__profile_check(p, &P, &key, why, sizeof why) != EXMY_OK) {
        unsigned line = key < EXMY__PK_COUNT && k->seen[key] ? k->seen[key] : k->line;
        return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "profile '%s': %s", p->name, why);
    }
    return exmy__catalogue_add_profiles(k->cat, p, 1);
}

static void open_entry(exmy__keyed *k)
{
    exmy_profile *p = k->entry;
    exmy__strlcpy(p->name, k->name, sizeof p->name);
    exmy__strlcpy(p->family, k->L->family, sizeof p->family);
    p->lanes = 1;
}

static const int required[] = {EXMY__PK_FORMAT, EXMY__PK_ROUND, EXMY__PK_SAT, EXMY__PK_INPUTS,
                               EXMY__PK_SOURCE};

static const exmy__keyed_spec prof = {
    .head = "profile",
    .kind = "profile",
    .ext = ".prof",
    .keys = keys,
    .nkeys = EXMY__PK_COUNT,
    .required = required,
    .nrequired = (int)(sizeof required / sizeof required[0]),
    .name_max = EXMY_PROFILE_NAME_MAX,
    .entry_size = sizeof(exmy_profile),
    .open = open_entry,
    .set = set_key,
    .close = close_entry,
    .count = exmy_catalogue_profile_count,
    .drop = exmy__catalogue_drop_profiles,
};

exmy_status exmy_catalogue_load_profiles_string(exmy_catalogue *cat, const char *text,
                                                const char *origin, char *why, size_t whylen)
{
    return exmy__keyed_load(&prof, cat, text, origin, why, whylen);
}

exmy_status exmy_catalogue_load_profiles_file(exmy_catalogue *cat, const char *path, char *why,
                                              size_t whylen)
{
    return exmy__load_file(cat, path, ".prof", exmy_catalogue_load_profiles_string, why, whylen);
}
