/* The catalogue of named formats, profiles and block formats: loaded from
 * .fmt text (see formats/README.md), the built-in files embedded at build time
 * and user files at run time alike. The .prof parser is profile_parse.c, the
 * .blk parser block_parse.c; what the kinds of file share (reading a file,
 * splitting lines, names, "family:") lives here. */
#include "exmy_internal.h"
#include "catalogue_data.h"
#include "spec.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct exmy_catalogue {
    exmy_catalogue_entry *v;
    size_t n, cap;
    exmy_profile *pv; /* profiles: one namespace of names with the formats */
    size_t pn, pcap;
    exmy_block_format *bv; /* block formats: the same one namespace */
    size_t bn, bcap;
};

exmy_catalogue *exmy_catalogue_new(void)
{
    return calloc(1, sizeof(exmy_catalogue));
}

void exmy_catalogue_free(exmy_catalogue *cat)
{
    if (cat) {
        free(cat->v);
        free(cat->pv);
        free(cat->bv);
        free(cat);
    }
}

size_t exmy_catalogue_size(const exmy_catalogue *cat)
{
    return cat ? cat->n : 0;
}

const exmy_catalogue_entry *exmy_catalogue_at(const exmy_catalogue *cat, size_t i)
{
    return cat && i < cat->n ? &cat->v[i] : NULL;
}

/* Is `name` one of the comma-separated words in `list`? (case-insensitive) */
static bool in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *q = strchr(p, ',');
        size_t k = q ? (size_t)(q - p) : strlen(p);
        if (k == n) {
            size_t i = 0;
            while (i < n && tolower((unsigned char)p[i]) == tolower((unsigned char)name[i]))
                i++;
            if (i == n)
                return true;
        }
        if (!q)
            break;
        p = q + 1;
    }
    return false;
}

const exmy_catalogue_entry *exmy_catalogue_find(const exmy_catalogue *cat, const char *name)
{
    if (!cat || !name)
        return NULL;
    for (size_t i = 0; i < cat->n; i++)
        if (exmy__strcasecmp(cat->v[i].format.name, name) == 0 || in_list(cat->v[i].aliases, name))
            return &cat->v[i];
    return NULL;
}

size_t exmy_catalogue_profile_count(const exmy_catalogue *cat)
{
    return cat ? cat->pn : 0;
}

const exmy_profile *exmy_catalogue_profile_at(const exmy_catalogue *cat, size_t i)
{
    return cat && i < cat->pn ? &cat->pv[i] : NULL;
}

const exmy_profile *exmy_catalogue_find_profile(const exmy_catalogue *cat, const char *name)
{
    if (!cat || !name)
        return NULL;
    for (size_t i = 0; i < cat->pn; i++)
        if (exmy__strcasecmp(cat->pv[i].name, name) == 0 || in_list(cat->pv[i].aliases, name))
            return &cat->pv[i];
    return NULL;
}

size_t exmy_catalogue_block_count(const exmy_catalogue *cat)
{
    return cat ? cat->bn : 0;
}

const exmy_block_format *exmy_catalogue_block_at(const exmy_catalogue *cat, size_t i)
{
    return cat && i < cat->bn ? &cat->bv[i] : NULL;
}

const exmy_block_format *exmy_catalogue_find_block(const exmy_catalogue *cat, const char *name)
{
    if (!cat || !name)
        return NULL;
    for (size_t i = 0; i < cat->bn; i++)
        if (exmy__strcasecmp(cat->bv[i].name, name) == 0 || in_list(cat->bv[i].aliases, name))
            return &cat->bv[i];
    return NULL;
}

bool exmy__catalogue_name_taken(const exmy_catalogue *cat, const char *name)
{
    return exmy_catalogue_find(cat, name) || exmy_catalogue_find_profile(cat, name) ||
           exmy_catalogue_find_block(cat, name);
}

exmy_status exmy__catalogue_add_block(exmy_catalogue *cat, const exmy_block_format *bf)
{
    if (cat->bn == cat->bcap) {
        size_t cap = cat->bcap ? 2 * cat->bcap : 16;
        exmy_block_format *bv = realloc(cat->bv, cap * sizeof *bv);
        if (!bv)
            return EXMY_ENOMEM;
        cat->bv = bv;
        cat->bcap = cap;
    }
    cat->bv[cat->bn++] = *bf;
    return EXMY_OK;
}

void exmy__catalogue_drop_blocks(exmy_catalogue *cat, size_t n)
{
    if (n < cat->bn)
        cat->bn = n;
}

exmy_status exmy__catalogue_add_profiles(exmy_catalogue *cat, const exmy_profile *v, size_t n)
{
    if (n > cat->pcap - cat->pn) {
        size_t cap = cat->pcap ? cat->pcap : 16;
        while (cap - cat->pn < n)
            cap *= 2;
        exmy_profile *pv = realloc(cat->pv, cap * sizeof *pv);
        if (!pv)
            return EXMY_ENOMEM;
        cat->pv = pv;
        cat->pcap = cap;
    }
    if (n)
        memcpy(cat->pv + cat->pn, v, n * sizeof *v);
    cat->pn += n;
    return EXMY_OK;
}

void exmy__catalogue_drop_profiles(exmy_catalogue *cat, size_t n)
{
    if (n < cat->pn)
        cat->pn = n;
}

bool exmy__valid_name(const char *s, size_t n, size_t max)
{
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || strchr("_.+-", s[i])))
            return false;
    return true;
}

/* Split off the next whitespace-delimited field of *p. */
static bool next_field(const char **p, const char **start, size_t *len)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return false;
    const char *e = s;
    while (*e && *e != ' ' && *e != '\t')
        e++;
    *start = s;
    *len = (size_t)(e - s);
    *p = e;
    return true;
}

exmy_status exmy__lines_start(exmy__lines *L, const char *text, const char *origin,
                              const char *kind, char *why, size_t whylen)
{
    size_t len = 0;
    while (len <= (size_t)EXMY_FMT_FILE_MAX && text[len])
        len++;
    if (len > (size_t)EXMY_FMT_FILE_MAX) {
        exmy__why(why, whylen, "%s: larger than %d bytes, the limit of a %s text", origin,
                  EXMY_FMT_FILE_MAX, kind);
        return EXMY_ESYNTAX;
    }
    L->next = text;
    L->origin = origin;
    L->lineno = 0;
    L->family[0] = '\0';
    return EXMY_OK;
}

exmy_status exmy__lines_next(exmy__lines *L, const char **line, char *why, size_t whylen)
{
    while (*L->next) {
        const char *eol = strchr(L->next, '\n');
        size_t ll = eol ? (size_t)(eol - L->next) : strlen(L->next);
        L->lineno++;
        if (ll >= sizeof L->buf) {
            exmy__why(why, whylen, "%s:%u: line is longer than %d characters", L->origin,
                      L->lineno, EXMY_FMT_LINE_MAX);
            return EXMY_ESYNTAX;
        }
        memcpy(L->buf, L->next, ll);
        L->buf[ll] = '\0';
        L->next = eol ? eol + 1 : L->next + ll;
        if (ll && L->buf[ll - 1] == '\r')
            L->buf[--ll] = '\0';
        const char *p = L->buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        if (strncmp(p, "family:", 7) == 0) {
            p += 7;
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p) {
                exmy__why(why, whylen, "%s:%u: empty family name", L->origin, L->lineno);
                return EXMY_ESYNTAX;
            }
            if (strlen(p) > EXMY_FAMILY_MAX) {
                exmy__why(why, whylen, "%s:%u: family name is longer than %d characters",
                          L->origin, L->lineno, EXMY_FAMILY_MAX);
                return EXMY_ESYNTAX;
            }
            exmy__strlcpy(L->family, p, sizeof L->family);
            continue;
        }
        if (!L->family[0]) {
            exmy__why(why, whylen, "%s:%u: an entry before any 'family:' line", L->origin,
                      L->lineno);
            return EXMY_ESYNTAX;
        }
        *line = p;
        return EXMY_OK;
    }
    *line = NULL;
    return EXMY_OK;
}

exmy_status exmy_catalogue_load_string(exmy_catalogue *cat, const char *text, const char *origin,
                                       char *why, size_t whylen)
{
    if (!cat || !text)
        return EXMY_EINVAL;
    if (!origin)
        origin = "<string>";
    exmy__lines L;
    exmy_status st = exmy__lines_start(&L, text, origin, ".fmt", why, whylen);
    if (st != EXMY_OK)
        return st;
    size_t n0 = cat->n; /* on error, roll back to this */
    const char *p;
    while ((st = exmy__lines_next(&L, &p, why, whylen)) == EXMY_OK && p) {
        unsigned lineno = L.lineno;
        const char *fs[3];
        size_t fl[3];
        int nf = 0;
        while (nf < 3 && next_field(&p, &fs[nf], &fl[nf]))
            nf++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (nf < 3 || !*p) {
            exmy__why(why, whylen, "%s:%u: expected 'NAME SPEC ALIASES SOURCE...'", origin, lineno);
            st = EXMY_ESYNTAX;
            break;
        }
        exmy_catalogue_entry ent;
        memset(&ent, 0, sizeof ent);
        /* Each limit is reported by name: nothing is silently truncated. */
        if (fl[0] > EXMY_NAME_MAX) {
            exmy__why(why, whylen, "%s:%u: name '%.*s' is longer than %d characters", origin,
                      lineno, (int)fl[0], fs[0], EXMY_NAME_MAX);
            st = EXMY_ESYNTAX;
            break;
        }
        if (!exmy__valid_name(fs[0], fl[0], EXMY_NAME_MAX)) {
            exmy__why(why, whylen, "%s:%u: bad name '%.*s' (1-%d of A-Z a-z 0-9 _ . + -)", origin,
                      lineno, (int)fl[0], fs[0], EXMY_NAME_MAX);
            st = EXMY_ESYNTAX;
            break;
        }
        char name[EXMY_NAME_MAX + 1], spec[EXMY_FMT_LINE_MAX + 1];
        memcpy(name, fs[0], fl[0]);
        name[fl[0]] = '\0';
        if (fl[2] > EXMY_ALIASES_MAX) {
            exmy__why(why, whylen, "%s:%u: the aliases of '%s' are longer than %d characters",
                      origin, lineno, name, EXMY_ALIASES_MAX);
            st = EXMY_ESYNTAX;
            break;
        }
        if (strlen(p) > EXMY_SOURCE_MAX) {
            exmy__why(why, whylen, "%s:%u: the source of '%s' is longer than %d characters",
                      origin, lineno, name, EXMY_SOURCE_MAX);
            st = EXMY_ESYNTAX;
            break;
        }
        memcpy(spec, fs[1], fl[1]);
        spec[fl[1]] = '\0';
        char reason[256] = "";
        /* An entry's spec is always generic: one entry never refers to another. */
        if (exmy__spec_parse(spec, &ent.format, reason, sizeof reason) != EXMY_OK) {
            exmy__why(why, whylen, "%s:%u: %s", origin, lineno, reason);
            st = EXMY_ESYNTAX;
            break;
        }
        if (!(fl[2] == 1 && fs[2][0] == '-')) {
            memcpy(ent.aliases, fs[2], fl[2]);
            ent.aliases[fl[2]] = '\0';
        }
        /* Every alias must be a valid name; no name may be taken twice. */
        bool bad = false;
        char words[sizeof ent.aliases + sizeof name + 1];
        snprintf(words, sizeof words, "%s%s%s", name, ent.aliases[0] ? "," : "", ent.aliases);
        for (char *w = words; w && *w && !bad;) {
            char *comma = strchr(w, ',');
            if (comma)
                *comma = '\0';
            exmy_format g;
            if (!exmy__valid_name(w, strlen(w), EXMY_NAME_MAX)) {
                if (strlen(w) > EXMY_NAME_MAX)
                    exmy__why(why, whylen, "%s:%u: alias '%s' is longer than %d characters",
                              origin, lineno, w, EXMY_NAME_MAX);
                else
                    exmy__why(why, whylen, "%s:%u: bad alias '%s'", origin, lineno, w);
                st = EXMY_ESYNTAX;
                bad = true;
            } else if (exmy__spec_is_generic(w, strlen(w)) &&
                       (exmy__spec_parse(w, &g, NULL, 0) != EXMY_OK ||
                        !exmy_format_equal(&g, &ent.format))) {
                /* Names are looked up before generic specs, so such a name
                 * would silently change what the generic spelling means. */
                exmy__why(why, whylen,
                          "%s:%u: '%s' reads as a generic spec but is defined as another format "
                          "(%s); choose a name that is not of the form eXmY",
                          origin, lineno, w, spec);
                st = EXMY_ESYNTAX;
                bad = true;
            } else if (exmy__catalogue_name_taken(cat, w)) {
                exmy__why(why, whylen, "%s:%u: '%s' is already defined", origin, lineno, w);
                st = EXMY_EDUPLICATE;
                bad = true;
            } else {
                /* ... nor twice on this line (earlier words are NUL-separated). */
                for (const char *v = words; v < w && !bad; v += strlen(v) + 1) {
                    if (exmy__strcasecmp(v, w) == 0) {
                        exmy__why(why, whylen, "%s:%u: '%s' is named twice", origin, lineno, w);
                        st = EXMY_EDUPLICATE;
                        bad = true;
                    }
                }
            }
            w = comma ? comma + 1 : NULL;
        }
        if (bad)
            break;
        exmy__strlcpy(ent.format.name, name, sizeof ent.format.name);
        exmy__strlcpy(ent.source, p, sizeof ent.source);
        exmy__strlcpy(ent.family, L.family, sizeof ent.family);
        if (cat->n == cat->cap) {
            size_t cap = cat->cap ? 2 * cat->cap : 32;
            exmy_catalogue_entry *v = realloc(cat->v, cap * sizeof *v);
            if (!v) {
                st = EXMY_ENOMEM;
                break;
            }
            cat->v = v;
            cat->cap = cap;
        }
        cat->v[cat->n++] = ent;
    }
    if (st != EXMY_OK)
        cat->n = n0;
    return st;
}

/* The cause of a failed fopen/fread, in words; NULL when errno says nothing
 * more useful than the caller's own phrase. */
static const char *io_cause(int e)
{
    switch (e) {
#ifdef EISDIR
    case EISDIR: return "is a directory";
#endif
#ifdef ENOENT
    case ENOENT: return "no such file";
#endif
#ifdef EACCES
    case EACCES: return "permission denied";
#endif
    default: return NULL;
    }
}

/* Read a whole catalogue file (kind ".fmt" or ".prof", for messages) into a
 * malloc'd NUL-terminated *out. */
static exmy_status read_text_file(const char *path, const char *kind, char **out, char *why,
                                  size_t whylen)
{
    errno = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        const char *c = io_cause(errno);
        exmy__why(why, whylen, "%s: %s", path, c ? c : "cannot open");
        return EXMY_EIO;
    }
    /* Read at most EXMY_FMT_FILE_MAX + 1 bytes, so that an endless input
     * (/dev/zero, a FIFO that never closes its end) fails at once instead of
     * filling memory. */
    size_t cap = 0, n = 0;
    char *text = NULL;
    exmy_status st = EXMY_OK;
    for (;;) {
        if (n + 1 >= cap) {
            size_t ncap = cap ? 2 * cap : 4096;
            if (ncap > (size_t)EXMY_FMT_FILE_MAX + 2)
                ncap = (size_t)EXMY_FMT_FILE_MAX + 2;
            char *t = realloc(text, ncap);
            if (!t) {
                st = EXMY_ENOMEM;
                break;
            }
            text = t;
            cap = ncap;
        }
        size_t want = cap - 1 - n;
        errno = 0;
        size_t r = fread(text + n, 1, want, fp);
        if (memchr(text + n, '\0', r)) {
            exmy__why(why, whylen, "%s: contains a NUL byte (a %s file is text)", path, kind);
            st = EXMY_ESYNTAX;
            break;
        }
        n += r;
        if (n > (size_t)EXMY_FMT_FILE_MAX) {
            exmy__why(why, whylen, "%s: larger than %d bytes, the limit of a %s file", path,
                      EXMY_FMT_FILE_MAX, kind);
            st = EXMY_ESYNTAX;
            break;
        }
        if (r < want) {
            if (ferror(fp)) {
                const char *c = io_cause(errno);
                exmy__why(why, whylen, "%s: %s", path, c ? c : "read error");
                st = EXMY_EIO;
            }
            break;
        }
    }
    fclose(fp);
    if (st != EXMY_OK) {
        free(text);
        return st;
    }
    text[n] = '\0';
    *out = text;
    return EXMY_OK;
}

exmy_status exmy__load_file(exmy_catalogue *cat, const char *path, const char *kind,
                            exmy__loader load, char *why, size_t whylen)
{
    if (!cat || !path)
        return EXMY_EINVAL;
    char *text;
    exmy_status st = read_text_file(path, kind, &text, why, whylen);
    if (st != EXMY_OK)
        return st;
    st = load(cat, text, path, why, whylen);
    free(text);
    return st;
}

exmy_status exmy_catalogue_load_file(exmy_catalogue *cat, const char *path, char *why,
                                     size_t whylen)
{
    return exmy__load_file(cat, path, ".fmt", exmy_catalogue_load_string, why, whylen);
}

exmy_status exmy_catalogue_builtin(exmy_catalogue **out)
{
    if (!out)
        return EXMY_EINVAL;
    exmy_catalogue *cat = exmy_catalogue_new();
    if (!cat)
        return EXMY_ENOMEM;
    /* Every .fmt file first: the profiles and block formats name their
     * formats. Pass 0 loads .fmt, pass 1 .prof, pass 2 .blk. */
    static const exmy__loader loaders[] = {exmy_catalogue_load_string,
                                           exmy_catalogue_load_profiles_string,
                                           exmy_catalogue_load_blocks_string};
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < exmy__builtin_fmt_count; i++) {
            const char *origin = exmy__builtin_fmt[i].origin, *text = exmy__builtin_fmt[i].text;
            size_t ol = strlen(origin);
            int kind = ol >= 5 && strcmp(origin + ol - 5, ".prof") == 0  ? 1
                     : ol >= 4 && strcmp(origin + ol - 4, ".blk") == 0 ? 2
                                                                         : 0;
            if (kind != pass)
                continue;
            exmy_status st = loaders[kind](cat, text, origin, NULL, 0);
            if (st != EXMY_OK) {
                exmy_catalogue_free(cat);
                return st;
            }
        }
    }
    *out = cat;
    return EXMY_OK;
}

exmy_status exmy_format_parse(const exmy_catalogue *cat, const char *spec, exmy_format *out,
                              char *why, size_t whylen)
{
    if (!spec || !out) {
        exmy__why(why, whylen, "no spec");
        return EXMY_EINVAL;
    }
    /* A name first: the loader guarantees that a name of the form eXmY
     * denotes the generic format of that spelling, so the order only decides
     * whether out->name is filled in. */
    const exmy_catalogue_entry *e = exmy_catalogue_find(cat, spec);
    if (e) {
        *out = e->format;
        return EXMY_OK;
    }
    if (spec[0] != 'e' && spec[0] != 'E') {
        exmy__why(why, whylen,
                  cat ? "unknown format '%s': not a catalogue name or alias, nor eXmY[:option...]"
                      : "unknown format '%s': not eXmY[:option...] (no catalogue given)",
                  spec);
        return EXMY_ENOTFOUND;
    }
    return exmy__spec_parse(spec, out, why, whylen);
}
