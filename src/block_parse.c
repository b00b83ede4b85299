/* The .blk block format file (formats/README.md, "The .blk block format"):
 * text -> exmy_block_format, added to a catalogue all or nothing. Lines,
 * names, "family:" and file reading are shared with the .fmt and .prof
 * loaders (catalogue.c); what makes a block format valid is
 * exmy__block_check's (block_format.c), so a file and a "block:" spec obey
 * the same rules. */
#include "exmy_internal.h"
#include "spec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef enum key {
    K_ALIASES,
    K_ELEMENT,
    K_SCALE,
    K_SIZE,
    K_RULE,
    K_TENSOR_SCALE,
    K_SOURCE,
    K_COUNT
} key;

/* Indexed by key. `join`: the separator of a key whose repeated lines are
 * joined; NULL for a single-valued key. */
static const struct {
    const char *name;
    const char *join;
} keys[] = {
    [K_ALIASES] = {"aliases", NULL}, [K_ELEMENT] = {"element", NULL},
    [K_SCALE] = {"scale", NULL},     [K_SIZE] = {"size", NULL},
    [K_RULE] = {"rule", NULL},       [K_TENSOR_SCALE] = {"tensor-scale", NULL},
    [K_SOURCE] = {"source", " "},
};
_Static_assert(sizeof keys / sizeof keys[0] == K_COUNT, "one entry per key");

/* The block format being read. */
typedef struct cur {
    exmy_block_format b;
    unsigned line;         /* of its 'block' line; 0: none open */
    unsigned seen[K_COUNT]; /* line of each key; 0: not given */
} cur;

typedef struct ctx {
    exmy_catalogue *cat;
    exmy__lines *L;
    char *why;
    size_t whylen;
} ctx;

static exmy_status fail(const ctx *c, unsigned line, exmy_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* "ORIGIN:LINE: reason" into why; returns st. */
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

/* May `w` name a block format of this catalogue? `own` holds the words of
 * this entry before it, NUL-separated, ending at own_end. */
static exmy_status check_name(const ctx *c, const char *w, const char *own, const char *own_end)
{
    unsigned line = c->L->lineno;
    size_t n = strlen(w);
    if (!exmy__valid_name(w, n, EXMY_NAME_MAX)) {
        if (n > EXMY_NAME_MAX)
            return fail(c, line, EXMY_ESYNTAX, "name '%s' is longer than %d characters", w,
                        EXMY_NAME_MAX);
        return fail(c, line, EXMY_ESYNTAX, "bad name '%s' (1-%d of A-Z a-z 0-9 _ . + -)", w,
                    EXMY_NAME_MAX);
    }
    exmy_format g;
    if (exmy__spec_is_generic(w, n) || exmy__spec_parse(w, &g, NULL, 0) == EXMY_OK)
        return fail(c, line, EXMY_ESYNTAX,
                    "'%s' reads as a generic format spec; a block format name must not", w);
    if (exmy__catalogue_name_taken(c->cat, w))
        return fail(c, line, EXMY_EDUPLICATE,
                    "'%s' is already a format, profile or block format name", w);
    for (const char *v = own; v < own_end; v += strlen(v) + 1)
        if (exmy__strcasecmp(v, w) == 0)
            return fail(c, line, EXMY_EDUPLICATE, "'%s' is named twice", w);
    return EXMY_OK;
}

static exmy_status set_aliases(const ctx *c, cur *k, const char *v)
{
    if (strlen(v) > EXMY_ALIASES_MAX)
        return fail(c, c->L->lineno, EXMY_ESYNTAX,
                    "the aliases of '%s' are longer than %d characters", k->b.name,
                    EXMY_ALIASES_MAX);
    /* The name, then each alias, NUL-separated, checked against those before. */
    char words[EXMY_NAME_MAX + 1 + EXMY_ALIASES_MAX + 1];
    size_t nl = strlen(k->b.name);
    memcpy(words, k->b.name, nl + 1);
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
    exmy__strlcpy(k->b.aliases, v, sizeof k->b.aliases);
    return EXMY_OK;
}

static exmy_status set_key(const ctx *c, cur *k, key id, const char *v)
{
    unsigned line = c->L->lineno;
    char why[256] = "";
    switch (id) {
    case K_ALIASES: return set_aliases(c, k, v);
    case K_ELEMENT:
        if (exmy__block_elem_parse(c->cat, v, &k->b.kind, &k->b.elem, why, sizeof why) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX, "element: %s", why);
        return EXMY_OK;
    case K_SCALE:
        if (exmy__block_scale_parse(c->cat, v, &k->b.scale, why, sizeof why) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX, "scale: %s", why);
        return EXMY_OK;
    case K_SIZE:
        if (!exmy__block_parse_size(v, &k->b.block))
            return fail(c, line, EXMY_ESYNTAX, "size: expected a number 1..%u",
                        (unsigned)EXMY__BLOCK_SIZE_MAX);
        return EXMY_OK;
    case K_RULE:
        if (exmy_scale_rule_from_name(v, &k->b.rule) != EXMY_OK)
            return fail(c, line, EXMY_ESYNTAX, "rule: expected floor, ceil, even or div");
        return EXMY_OK;
    case K_TENSOR_SCALE:
        if (exmy__strcasecmp(v, "yes") == 0)
            k->b.tensor_scale = true;
        else if (exmy__strcasecmp(v, "no") == 0)
            k->b.tensor_scale = false;
        else
            return fail(c, line, EXMY_ESYNTAX, "tensor-scale: expected yes or no");
        return EXMY_OK;
    case K_SOURCE: {
        size_t have = strlen(k->b.source), sep = have ? 1 : 0;
        if (have + sep + strlen(v) > EXMY_PROFILE_TEXT_MAX)
            return fail(c, line, EXMY_ESYNTAX, "the source of '%s' is longer than %d characters",
                        k->b.name, EXMY_PROFILE_TEXT_MAX);
        if (sep)
            k->b.source[have] = ' ';
        memcpy(k->b.source + have + sep, v, strlen(v) + 1);
        return EXMY_OK;
    }
    case K_COUNT: break;
    }
    return fail(c, line, EXMY_ESYNTAX, "unknown key");
}

/* The open entry is complete: check it and add it to the catalogue. */
static exmy_status finish(const ctx *c, cur *k)
{
    if (!k->line)
        return EXMY_OK;
    static const key required[] = {K_ELEMENT, K_SCALE, K_SIZE, K_SOURCE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!k->seen[required[i]])
            return fail(c, k->line, EXMY_ESYNTAX, "block format '%s' has no '%s' line",
                        k->b.name, keys[required[i]].name);
    if (!k->seen[K_RULE])
        k->b.rule = exmy__block_default_rule(&k->b.scale);
    exmy__bfield field = EXMY__BF_ELEMENT;
    char why[300];
    if (exmy__block_check(&k->b, &field, why, sizeof why) != EXMY_OK) {
        static const key of_field[] = {[EXMY__BF_ELEMENT] = K_ELEMENT,
                                       [EXMY__BF_SCALE] = K_SCALE,
                                       [EXMY__BF_SIZE] = K_SIZE,
                                       [EXMY__BF_RULE] = K_RULE};
        unsigned line = k->seen[of_field[field]] ? k->seen[of_field[field]] : k->line;
        return fail(c, line, EXMY_ESYNTAX, "block format '%s': %s", k->b.name, why);
    }
    exmy_status st = exmy__catalogue_add_block(c->cat, &k->b);
    k->line = 0;
    return st;
}

/* A `block NAME` line: close the open entry, open a new one. */
static exmy_status start(const ctx *c, cur *k, const char *name)
{
    exmy_status st = finish(c, k);
    if (st != EXMY_OK)
        return st;
    memset(k, 0, sizeof *k);
    st = check_name(c, name, name, name);
    if (st != EXMY_OK)
        return st;
    exmy__strlcpy(k->b.name, name, sizeof k->b.name);
    exmy__strlcpy(k->b.family, c->L->family, sizeof k->b.family);
    k->line = c->L->lineno;
    return EXMY_OK;
}

static exmy_status line(const ctx *c, cur *k, const char *p)
{
    unsigned lineno = c->L->lineno;
    size_t kl = strcspn(p, " \t");
    char kw[16];
    if (kl >= sizeof kw)
        return fail(c, lineno, EXMY_ESYNTAX, "unknown key '%.*s'", (int)kl, p);
    memcpy(kw, p, kl);
    kw[kl] = '\0';
    /* The value: the rest of the line, without the white space around it. */
    char v[EXMY_FMT_LINE_MAX + 1];
    const char *s = p + kl + strspn(p + kl, " \t");
    size_t vl = strlen(s);
    while (vl && (s[vl - 1] == ' ' || s[vl - 1] == '\t'))
        vl--;
    memcpy(v, s, vl);
    v[vl] = '\0';
    if (strcmp(kw, "block") == 0) {
        if (!vl || strcspn(v, " \t") != vl)
            return fail(c, lineno, EXMY_ESYNTAX, "expected 'block NAME'");
        return start(c, k, v);
    }
    key id = K_COUNT;
    for (int i = 0; i < K_COUNT; i++)
        if (strcmp(kw, keys[i].name) == 0)
            id = (key)i;
    if (id == K_COUNT)
        return fail(c, lineno, EXMY_ESYNTAX, "unknown key '%s'", kw);
    if (!k->line)
        return fail(c, lineno, EXMY_ESYNTAX, "'%s' before any 'block NAME' line", kw);
    if (k->seen[id] && !keys[id].join)
        return fail(c, lineno, EXMY_ESYNTAX, "'%s' given twice (first on line %u)", kw,
                    k->seen[id]);
    if (!vl)
        return fail(c, lineno, EXMY_ESYNTAX, "'%s' needs a value", kw);
    if (!k->seen[id])
        k->seen[id] = lineno;
    return set_key(c, k, id, v);
}

exmy_status exmy_catalogue_load_blocks_string(exmy_catalogue *cat, const char *text,
                                              const char *origin, char *why, size_t whylen)
{
    if (!cat || !text)
        return EXMY_EINVAL;
    if (!origin)
        origin = "<string>";
    exmy__lines L;
    exmy_status st = exmy__lines_start(&L, text, origin, ".blk", why, whylen);
    if (st != EXMY_OK)
        return st;
    ctx c = {cat, &L, why, whylen};
    cur *k = calloc(1, sizeof *k); /* about 1 KiB: kept off the stack */
    if (!k)
        return EXMY_ENOMEM;
    size_t n0 = exmy_catalogue_block_count(cat);
    const char *p;
    while ((st = exmy__lines_next(&L, &p, why, whylen)) == EXMY_OK && p)
        if ((st = line(&c, k, p)) != EXMY_OK)
            break;
    if (st == EXMY_OK)
        st = finish(&c, k);
    if (st != EXMY_OK)
        exmy__catalogue_drop_blocks(cat, n0);
    free(k);
    return st;
}

exmy_status exmy_catalogue_load_blocks_file(exmy_catalogue *cat, const char *path, char *why,
                                            size_t whylen)
{
    return exmy__load_file(cat, path, ".blk", exmy_catalogue_load_blocks_string, why, whylen);
}
