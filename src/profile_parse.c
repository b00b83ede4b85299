/* The .prof profile format (formats/README.md, "The .prof profile format"):
 * text -> exmy_profile, added to a catalogue all or nothing. Lines, names,
 * "family:" and file reading are shared with the .fmt loader (catalogue.c);
 * every rule of a complete profile is exmy__profile_check's (profile.c). */
#include "exmy_internal.h"
#include "spec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Indexed by exmy__pkey. `join` is the separator of a text key that may be
 * repeated (its lines are joined); NULL for a single-valued key. */
static const struct {
    const char *name;
    const char *join;
} keys[] = {
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

/* The profile being read. */
typedef struct cur {
    exmy_profile p;
    unsigned line;                 /* of its 'profile' line; 0: none open */
    unsigned seen[EXMY__PK_COUNT]; /* line of each key; 0: not given */
} cur;

typedef struct ctx {
    exmy_catalogue *cat;
    exmy__lines *L;
    char *why;
    size_t whylen;
} ctx;

/* "ORIGIN:LINE: reason" into why; returns st. */
static exmy_status fail(const ctx *c, unsigned line, exmy_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static exmy_status fail(const ctx *c, unsigned line, exmy_status st, const char *fmt, ...)
{
    char reason[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    exmy__why(c->why, c->whylen, "%s:%u: %s", c->L->origin, line, reason);
    return st;
}

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

/* May `w` (n characters) name a profile of this catalogue? `own` holds the
 * words of this profile before it, NUL-separated, ending at own_end. */
static exmy_status check_name(const ctx *c, const char *w, const char *own, const char *own_end)
{
    unsigned line = c->L->lineno;
    size_t n = strlen(w);
    if (!exmy__valid_name(w, n, EXMY_PROFILE_NAME_MAX)) {
        if (n > EXMY_PROFILE_NAME_MAX)
            return fail(c, line, EXMY_ESYNTAX, "name '%s' is longer than %d characters", w,
                        EXMY_PROFILE_NAME_MAX);
        return fail(c, line, EXMY_ESYNTAX, "bad name '%s' (1-%d of A-Z a-z 0-9 _ . + -)", w,
                    EXMY_PROFILE_NAME_MAX);
    }
    exmy_format g;
    if (exmy__spec_is_generic(w, n) || exmy__spec_parse(w, &g, NULL, 0) == EXMY_OK)
        return fail(c, line, EXMY_ESYNTAX,
                    "'%s' reads as a generic format spec; a profile name must not", w);
    if (exmy__catalogue_name_taken(c->cat, w))
        return fail(c, line, EXMY_EDUPLICATE, "'%s' is already a format or profile name", w);
    for (const char *v = own; v < own_end; v += strlen(v) + 1)
        if (exmy__strcasecmp(v, w) == 0)
            return fail(c, line, EXMY_EDUPLICATE, "'%s' is named twice", w);
    return EXMY_OK;
}

static exmy_status set_aliases(const ctx *c, cur *k, const char *v)
{
    if (strlen(v) > EXMY_ALIASES_MAX)
        return fail(c, c->L->lineno, EXMY_ESYNTAX, "the aliases of '%s' are longer than %d characters",
                    k->p.name, EXMY_ALIASES_MAX);
    /* The name, then each alias, NUL-separated, checked against those before. */
    char words[EXMY_PROFILE_NAME_MAX + 1 + EXMY_ALIASES_MAX + 1];
    size_t nl = strlen(k->p.name);
    memcpy(words, k->p.name, nl + 1);
    memcpy(words + nl + 1, v, strlen(v) + 1);
    for (char *w = words + nl + 1; w;) {
        char *comma = strchr(w, ',');
        if (comma)
            *comma = '\0';
        exmy_status st = check_name(c, w, words, w);
        if (st != EXMY_OK)
            return st;
        w = comma ? comma + 1 : NULL;
    }
    exmy__strlcpy(k->p.aliases, v, sizeof k->p.aliases);
    return EXMY_OK;
}

static exmy_status set_inputs(const ctx *c, cur *k, const char *v)
{
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
            return fail(c, c->L->lineno, EXMY_ESYNTAX,
                        "unknown input type '%s' (f64, f32, f16, bf16)", word);
        set |= 1u << t;
        s = comma ? comma + 1 : NULL;
    }
    k->p.inputs = set;
    return EXMY_OK;
}

static exmy_status set_nan(const ctx *c, cur *k, const char *v)
{
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
        return fail(c, c->L->lineno, EXMY_ESYNTAX,
                    "nan: expected canonical, fixed CODE, signed CODE, quiet or unspecified");
    bool coded = r == EXMY_NANOUT_FIXED || r == EXMY_NANOUT_SIGNED;
    if (coded && !parse_u32(arg, &k->p.nan_code))
        return fail(c, c->L->lineno, EXMY_ESYNTAX, "nan %s: expected a CODE (0x7f, 127)", rule);
    if (!coded && *arg)
        return fail(c, c->L->lineno, EXMY_ESYNTAX, "nan %s takes no value", rule);
    k->p.nan_out = r;
    return EXMY_OK;
}

static exmy_status set_bool(const ctx *c, const char *key, const char *v, bool *out)
{
    if (exmy__strcasecmp(v, "yes") == 0)
        *out = true;
    else if (exmy__strcasecmp(v, "no") == 0)
        *out = false;
    else
        return fail(c, c->L->lineno, EXMY_ESYNTAX, "%s: expected yes or no", key);
    return EXMY_OK;
}

static exmy_status set_text(const ctx *c, exmy__pkey key, cur *k, const char *v)
{
    char *dst = key == EXMY__PK_SOURCE ? k->p.source
              : key == EXMY__PK_UNSPECIFIED ? k->p.unspecified : k->p.note;
    size_t have = strlen(dst), sep = have ? strlen(keys[key].join) : 0;
    if (have + sep + strlen(v) > EXMY_PROFILE_TEXT_MAX)
        return fail(c, c->L->lineno, EXMY_ESYNTAX, "the %s of '%s' is longer than %d characters",
                    keys[key].name, k->p.name, EXMY_PROFILE_TEXT_MAX);
    if (sep)
        memcpy(dst + have, keys[key].join, sep);
    memcpy(dst + have + sep, v, strlen(v) + 1);
    return EXMY_OK;
}

/* One `key value` line of the open profile. */
static exmy_status set_key(const ctx *c, cur *k, exmy__pkey key, const char *v)
{
    unsigned line = c->L->lineno;
    const char *kn = keys[key].name;
    uint32_t u, u2;
    char why[200] = "";
    switch (key) {
    case EXMY__PK_ALIASES: return set_aliases(c, k, v);
    case EXMY__PK_FORMAT:
        if (exmy_format_parse(c->cat, v, &k->p.format, why, sizeof why) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX, "format: %s", why);
        return EXMY_OK;
    case EXMY__PK_ROUND:
        if (exmy_round_from_name(v, &k->p.conv.round) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX,
                        "round: expected rne, rna, rtz, rup, rdn, rto, sr-a, sr-b or sr-c");
        return EXMY_OK;
    case EXMY__PK_SAT:
        if (exmy_sat_from_name(v, &k->p.conv.sat) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX,
                        "sat: expected satfinite, satpropagate, satnone or nosat");
        return EXMY_OK;
    case EXMY__PK_SR_BITS:
        if (!parse_u32(v, &u) || u < 1 || u > 32)
            return fail(c, line, EXMY_ESYNTAX, "sr-bits: expected a number 1..32");
        k->p.conv.sr_bits = u;
        return EXMY_OK;
    case EXMY__PK_RBITS: {
        char a[32], b[32] = "";
        size_t n = strcspn(v, " \t");
        const char *rest = v + n + strspn(v + n, " \t");
        if (n >= sizeof a || strlen(rest) >= sizeof b || strcspn(rest, " \t") != strlen(rest))
            return fail(c, line, EXMY_ESYNTAX, "rbits: expected SHIFT STRIDE");
        memcpy(a, v, n);
        a[n] = '\0';
        memcpy(b, rest, strlen(rest) + 1);
        if (!parse_u32(a, &u) || !parse_u32(b, &u2))
            return fail(c, line, EXMY_ESYNTAX, "rbits: expected SHIFT STRIDE");
        k->p.rbits_shift = u;
        k->p.rbits_stride = u2;
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
                return fail(c, line, EXMY_ESYNTAX,
                            "rbits-lanes: expected at most %d shifts S0,S1,... (0..31)",
                            EXMY_PROFILE_LANES_MAX);
            memcpy(word, q, wl);
            word[wl] = '\0';
            if (!parse_u32(word, &u) || u > 31)
                return fail(c, line, EXMY_ESYNTAX,
                            "rbits-lanes: expected shifts S0,S1,... (each 0..31)");
            k->p.rbits_lane_shift[n++] = (unsigned char)u;
            q = comma ? comma + 1 : NULL;
        }
        k->p.rbits_lanes = n;
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
            return fail(c, line, EXMY_ESYNTAX, "tiny-round: expected EXP MODE (-126 rup)");
        memcpy(a, v, n);
        a[n] = '\0';
        memcpy(b, rest, strlen(rest) + 1);
        e = strtol(a, &end, 10);
        if (*end || end == a || e <= -(1L << 20) || e >= (1L << 20) ||
            exmy_round_from_name(b, &k->p.tiny_round) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX, "tiny-round: expected EXP MODE (-126 rup)");
        k->p.tiny_exp = (int)e;
        k->p.has_tiny_round = true;
        return EXMY_OK;
    }
    case EXMY__PK_LANES:
        if (!parse_u32(v, &u) || u < 1)
            return fail(c, line, EXMY_ESYNTAX, "lanes: expected a number >= 1");
        k->p.lanes = u;
        return EXMY_OK;
    case EXMY__PK_NAN: return set_nan(c, k, v);
    case EXMY__PK_NEGATIVE:
        if (exmy_neg_rule_from_name(v, &k->p.negative) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX, "negative: expected format, magnitude, zero or nan");
        return EXMY_OK;
    case EXMY__PK_ZERO:
        if (!parse_u32(v, &k->p.zero_code))
            return fail(c, line, EXMY_ESYNTAX, "zero: expected a CODE (0x00, 0)");
        k->p.zero_to_code = true;
        return EXMY_OK;
    case EXMY__PK_INPUTS: return set_inputs(c, k, v);
    case EXMY__PK_DAZ: return set_bool(c, kn, v, &k->p.daz);
    case EXMY__PK_FTZ: return set_bool(c, kn, v, &k->p.ftz);
    case EXMY__PK_RELU: return set_bool(c, kn, v, &k->p.relu);
    case EXMY__PK_SCALED: return set_bool(c, kn, v, &k->p.scaled);
    case EXMY__PK_SOURCE:
    case EXMY__PK_UNSPECIFIED:
    case EXMY__PK_NOTE: return set_text(c, key, k, v);
    case EXMY__PK_COUNT: break;
    }
    return fail(c, line, EXMY_ESYNTAX, "unknown key");
}

/* The open profile is complete: check it and add it to the catalogue. */
static exmy_status finish(const ctx *c, cur *k)
{
    if (!k->line)
        return EXMY_OK;
    static const exmy__pkey required[] = {EXMY__PK_FORMAT, EXMY__PK_ROUND, EXMY__PK_SAT,
                                          EXMY__PK_INPUTS, EXMY__PK_SOURCE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!k->seen[required[i]])
            return fail(c, k->line, EXMY_ESYNTAX, "profile '%s' has no '%s' line", k->p.name,
                        keys[required[i]].name);
    if (k->seen[EXMY__PK_RBITS] && k->seen[EXMY__PK_RBITS_LANES])
        return fail(c, k->seen[EXMY__PK_RBITS_LANES], EXMY_ESYNTAX,
                    "profile '%s': give 'rbits' or 'rbits-lanes', not both", k->p.name);
    if (exmy_round_is_stochastic(k->p.conv.round) && !k->seen[EXMY__PK_SR_BITS])
        return fail(c, k->line, EXMY_ESYNTAX, "profile '%s': round %s needs an 'sr-bits' line",
                    k->p.name, exmy_round_name(k->p.conv.round));
    exmy__prep P;
    exmy__pkey key = EXMY__PK_COUNT;
    char why[300];
    if (exmy__profile_check(&k->p, &P, &key, why, sizeof why) != EXMY_OK) {
        unsigned line = key < EXMY__PK_COUNT && k->seen[key] ? k->seen[key] : k->line;
        return fail(c, line, EXMY_ESYNTAX, "profile '%s': %s", k->p.name, why);
    }
    exmy_status st = exmy__catalogue_add_profiles(c->cat, &k->p, 1);
    k->line = 0;
    return st;
}

/* A `profile NAME` line: close the open profile, open a new one. */
static exmy_status start(const ctx *c, cur *k, const char *name)
{
    exmy_status st = finish(c, k);
    if (st != EXMY_OK)
        return st;
    memset(k, 0, sizeof *k);
    st = check_name(c, name, name, name);
    if (st != EXMY_OK)
        return st;
    exmy__strlcpy(k->p.name, name, sizeof k->p.name);
    exmy__strlcpy(k->p.family, c->L->family, sizeof k->p.family);
    k->p.lanes = 1;
    k->line = c->L->lineno;
    return EXMY_OK;
}

static exmy_status line(const ctx *c, cur *k, const char *p)
{
    unsigned lineno = c->L->lineno;
    size_t kl = strcspn(p, " \t");
    char key[16];
    if (kl >= sizeof key)
        return fail(c, lineno, EXMY_ESYNTAX, "unknown key '%.*s'", (int)kl, p);
    memcpy(key, p, kl);
    key[kl] = '\0';
    /* The value: the rest of the line, without the white space around it. */
    char v[EXMY_FMT_LINE_MAX + 1];
    const char *s = p + kl + strspn(p + kl, " \t");
    size_t vl = strlen(s);
    while (vl && (s[vl - 1] == ' ' || s[vl - 1] == '\t'))
        vl--;
    memcpy(v, s, vl);
    v[vl] = '\0';
    if (strcmp(key, "profile") == 0) {
        if (!vl || strcspn(v, " \t") != vl)
            return fail(c, lineno, EXMY_ESYNTAX, "expected 'profile NAME'");
        return start(c, k, v);
    }
    exmy__pkey id = EXMY__PK_COUNT;
    for (int i = 0; i < EXMY__PK_COUNT; i++)
        if (strcmp(key, keys[i].name) == 0)
            id = (exmy__pkey)i;
    if (id == EXMY__PK_COUNT)
        return fail(c, lineno, EXMY_ESYNTAX, "unknown key '%s'", key);
    if (!k->line)
        return fail(c, lineno, EXMY_ESYNTAX, "'%s' before any 'profile NAME' line", key);
    if (k->seen[id] && !keys[id].join)
        return fail(c, lineno, EXMY_ESYNTAX, "'%s' given twice (first on line %u)", key,
                    k->seen[id]);
    if (!vl)
        return fail(c, lineno, EXMY_ESYNTAX, "'%s' needs a value", key);
    if (!k->seen[id])
        k->seen[id] = lineno;
    return set_key(c, k, id, v);
}

exmy_status exmy_catalogue_load_profiles_string(exmy_catalogue *cat, const char *text,
                                                const char *origin, char *why, size_t whylen)
{
    if (!cat || !text)
        return EXMY_EINVAL;
    if (!origin)
        origin = "<string>";
    exmy__lines L;
    exmy_status st = exmy__lines_start(&L, text, origin, ".prof", why, whylen);
    if (st != EXMY_OK)
        return st;
    ctx c = {cat, &L, why, whylen};
    cur *k = calloc(1, sizeof *k); /* about 2 KiB: kept off the stack */
    if (!k)
        return EXMY_ENOMEM;
    size_t n0 = exmy_catalogue_profile_count(cat);
    const char *p;
    while ((st = exmy__lines_next(&L, &p, why, whylen)) == EXMY_OK && p)
        if ((st = line(&c, k, p)) != EXMY_OK)
            break;
    if (st == EXMY_OK)
        st = finish(&c, k);
    if (st != EXMY_OK)
        exmy__catalogue_drop_profiles(cat, n0);
    free(k);
    return st;
}

exmy_status exmy_catalogue_load_profiles_file(exmy_catalogue *cat, const char *path, char *why,
                                              size_t whylen)
{
    return exmy__load_file(cat, path, ".prof", exmy_catalogue_load_profiles_string, why, whylen);
}
