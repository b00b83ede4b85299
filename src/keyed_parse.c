/* The keyed-entry parser shared by the .prof and .blk loaders: see
 * keyed_parse.h. Lines, "family:" and file reading are catalogue.c's
 * (exmy__lines); entries, keys and names are read here, once, so that the
 * two file formats cannot drift apart in what they accept or how they say
 * what is wrong. */
#include "keyed_parse.h"
#include "spec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(EXMY_NAME_MAX <= EXMY_PROFILE_NAME_MAX, "a block name fits exmy__keyed.name");

exmy_status exmy__keyed_fail(const exmy__keyed *k, unsigned line, exmy_status st, const char *fmt,
                             ...)
{
    char reason[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    exmy__why(k->why, k->whylen, "%s:%u: %s", k->L->origin, line, reason);
    return st;
}

/* May `w` name an entry of this catalogue? `own` holds the words of this
 * entry before it, NUL-separated, ending at own_end. Formats, profiles and
 * block formats share one namespace, so a taken name is named as such
 * whichever kind is loaded. */
static exmy_status check_name(const exmy__keyed *k, const char *w, const char *own,
                              const char *own_end)
{
    unsigned line = k->L->lineno;
    int max = (int)k->spec->name_max;
    size_t n = strlen(w);
    if (!exmy__valid_name(w, n, k->spec->name_max)) {
        if (n > k->spec->name_max)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "name '%s' is longer than %d characters",
                                    w, max);
        return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                "bad name '%s' (1-%d of A-Z a-z 0-9 _ . + -)", w, max);
    }
    exmy_format g;
    if (exmy__spec_is_generic(w, n) || exmy__spec_parse(w, &g, NULL, 0) == EXMY_OK)
        return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                "'%s' reads as a generic format spec; a %s name must not", w,
                                k->spec->kind);
    if (exmy__catalogue_name_taken(k->cat, w))
        return exmy__keyed_fail(k, line, EXMY_EDUPLICATE,
                                "'%s' is already a format, profile or block format name", w);
    for (const char *v = own; v < own_end; v += strlen(v) + 1)
        if (exmy__strcasecmp(v, w) == 0)
            return exmy__keyed_fail(k, line, EXMY_EDUPLICATE, "'%s' is named twice", w);
    return EXMY_OK;
}

exmy_status exmy__keyed_aliases(const exmy__keyed *k, const char *v, char *dst, size_t dstsize)
{
    if (strlen(v) > EXMY_ALIASES_MAX)
        return exmy__keyed_fail(k, k->L->lineno, EXMY_ESYNTAX,
                                "the aliases of '%s' are longer than %d characters", k->name,
                                EXMY_ALIASES_MAX);
    /* The name, then each alias, NUL-separated, checked against those before. */
    char words[EXMY_PROFILE_NAME_MAX + 1 + EXMY_ALIASES_MAX + 1];
    size_t nl = strlen(k->name);
    memcpy(words, k->name, nl + 1);
    memcpy(words + nl + 1, v, strlen(v) + 1);
    for (char *w = words + nl + 1; w;) {
        char *comma = strchr(w, ',');
        if (comma)
            *comma = '\0';
        exmy_status st = check_name(k, w, words, w);
        if (st != EXMY_OK)
            return st;
        w = comma ? comma + 1 : NULL;
    }
    exmy__strlcpy(dst, v, dstsize);
    return EXMY_OK;
}

exmy_status exmy__keyed_bool(const exmy__keyed *k, int key, const char *v, bool *out)
{
    if (exmy__strcasecmp(v, "yes") == 0)
        *out = true;
    else if (exmy__strcasecmp(v, "no") == 0)
        *out = false;
    else
        return exmy__keyed_fail(k, k->L->lineno, EXMY_ESYNTAX, "%s: expected yes or no",
                                k->spec->keys[key].name);
    return EXMY_OK;
}

exmy_status exmy__keyed_text(const exmy__keyed *k, int key, const char *v, char *dst)
{
    const exmy__keyed_key *K = &k->spec->keys[key];
    size_t have = strlen(dst), sep = have && K->join ? strlen(K->join) : 0;
    if (have + sep + strlen(v) > EXMY_PROFILE_TEXT_MAX)
        return exmy__keyed_fail(k, k->L->lineno, EXMY_ESYNTAX,
                                "the %s of '%s' is longer than %d characters", K->name, k->name,
                                EXMY_PROFILE_TEXT_MAX);
    if (sep)
        memcpy(dst + have, K->join, sep);
    memcpy(dst + have + sep, v, strlen(v) + 1);
    return EXMY_OK;
}

/* The open entry is complete: check it and add it to the catalogue. */
static exmy_status finish(exmy__keyed *k)
{
    if (!k->line)
        return EXMY_OK;
    const exmy__keyed_spec *S = k->spec;
    for (int i = 0; i < S->nrequired; i++)
        if (!k->seen[S->required[i]])
            return exmy__keyed_fail(k, k->line, EXMY_ESYNTAX, "%s '%s' has no '%s' line", S->kind,
                                    k->name, S->keys[S->required[i]].name);
    exmy_status st = S->close(k);
    k->line = 0;
    return st;
}

/* A `HEAD NAME` line: close the open entry, open a new one. */
static exmy_status start(exmy__keyed *k, const char *name)
{
    exmy_status st = finish(k);
    if (st != EXMY_OK)
        return st;
    memset(k->entry, 0, k->spec->entry_size);
    memset(k->seen, 0, sizeof k->seen);
    k->name[0] = '\0';
    st = check_name(k, name, name, name);
    if (st != EXMY_OK)
        return st;
    exmy__strlcpy(k->name, name, sizeof k->name);
    k->spec->open(k);
    k->line = k->L->lineno;
    return EXMY_OK;
}

static exmy_status line(exmy__keyed *k, const char *p)
{
    const exmy__keyed_spec *S = k->spec;
    unsigned lineno = k->L->lineno;
    size_t kl = strcspn(p, " \t");
    char kw[16];
    if (kl >= sizeof kw)
        return exmy__keyed_fail(k, lineno, EXMY_ESYNTAX, "unknown key '%.*s'", (int)kl, p);
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
    if (strcmp(kw, S->head) == 0) {
        if (!vl || strcspn(v, " \t") != vl)
            return exmy__keyed_fail(k, lineno, EXMY_ESYNTAX, "expected '%s NAME'", S->head);
        return start(k, v);
    }
    int id = S->nkeys;
    for (int i = 0; i < S->nkeys; i++)
        if (strcmp(kw, S->keys[i].name) == 0)
            id = i;
    if (id == S->nkeys)
        return exmy__keyed_fail(k, lineno, EXMY_ESYNTAX, "unknown key '%s'", kw);
    if (!k->line)
        return exmy__keyed_fail(k, lineno, EXMY_ESYNTAX, "'%s' before any '%s NAME' line", kw,
                                S->head);
    if (k->seen[id] && !S->keys[id].join)
        return exmy__keyed_fail(k, lineno, EXMY_ESYNTAX, "'%s' given twice (first on line %u)", kw,
                                k->seen[id]);
    if (!vl)
        return exmy__keyed_fail(k, lineno, EXMY_ESYNTAX, "'%s' needs a value", kw);
    if (!k->seen[id])
        k->seen[id] = lineno;
    return S->set(k, id, v);
}

exmy_status exmy__keyed_load(const exmy__keyed_spec *spec, exmy_catalogue *cat, const char *text,
                             const char *origin, char *why, size_t whylen)
{
    if (!cat || !text)
        return EXMY_EINVAL;
    if (!origin)
        origin = "<string>";
    exmy__lines L;
    exmy_status st = exmy__lines_start(&L, text, origin, spec->ext, why, whylen);
    if (st != EXMY_OK)
        return st;
    /* The entry (a profile is about 2 KiB) is kept off the stack. */
    exmy__keyed k = {spec, cat, &L, why, whylen, calloc(1, spec->entry_size), "", 0, {0}};
    if (!k.entry)
        return EXMY_ENOMEM;
    size_t n0 = spec->count(cat);
    const char *p;
    while ((st = exmy__lines_next(&L, &p, why, whylen)) == EXMY_OK && p)
        if ((st = line(&k, p)) != EXMY_OK)
            break;
    if (st == EXMY_OK)
        st = finish(&k);
    if (st != EXMY_OK)
        spec->drop(cat, n0);
    free(k.entry);
    return st;
}
