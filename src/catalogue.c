/* The catalogue of named formats: loaded from .fmt text (see formats/README.md),
 * the built-in files embedded at build time and user files at run time alike. */
#include "exmy_internal.h"
#include "catalogue_data.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct exmy_catalogue {
    exmy_catalogue_entry *v;
    size_t n, cap;
};

exmy_catalogue *exmy_catalogue_new(void)
{
    return calloc(1, sizeof(exmy_catalogue));
}

void exmy_catalogue_free(exmy_catalogue *cat)
{
    if (cat) {
        free(cat->v);
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

static bool valid_name(const char *s, size_t n)
{
    if (n == 0 || n > 31)
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

exmy_status exmy_catalogue_load_string(exmy_catalogue *cat, const char *text, const char *origin,
                                       char *why, size_t whylen)
{
    if (!cat || !text)
        return EXMY_EINVAL;
    if (!origin)
        origin = "<string>";
    size_t n0 = cat->n; /* on error, roll back to this */
    char family[64] = "";
    unsigned lineno = 0;
    exmy_status st = EXMY_OK;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        size_t ll = eol ? (size_t)(eol - line) : strlen(line);
        char buf[512];
        lineno++;
        if (ll >= sizeof buf) {
            exmy__why(why, whylen, "%s:%u: line too long", origin, lineno);
            st = EXMY_ESYNTAX;
            break;
        }
        memcpy(buf, line, ll);
        buf[ll] = '\0';
        line = eol ? eol + 1 : line + ll;
        if (ll && buf[ll - 1] == '\r')
            buf[--ll] = '\0';
        const char *p = buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        if (strncmp(p, "family:", 7) == 0) {
            p += 7;
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p) {
                exmy__why(why, whylen, "%s:%u: empty family name", origin, lineno);
                st = EXMY_ESYNTAX;
                break;
            }
            exmy__strlcpy(family, p, sizeof family);
            continue;
        }
        if (!family[0]) {
            exmy__why(why, whylen, "%s:%u: an entry before any 'family:' line", origin, lineno);
            st = EXMY_ESYNTAX;
            break;
        }
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
        if (!valid_name(fs[0], fl[0])) {
            exmy__why(why, whylen, "%s:%u: bad name '%.*s' (1-31 of A-Z a-z 0-9 _ . + -)", origin,
                      lineno, (int)fl[0], fs[0]);
            st = EXMY_ESYNTAX;
            break;
        }
        char name[32], spec[160];
        memcpy(name, fs[0], fl[0]);
        name[fl[0]] = '\0';
        if (fl[1] >= sizeof spec || fl[2] >= sizeof ent.aliases || strlen(p) >= sizeof ent.source) {
            exmy__why(why, whylen, "%s:%u: field too long", origin, lineno);
            st = EXMY_ESYNTAX;
            break;
        }
        memcpy(spec, fs[1], fl[1]);
        spec[fl[1]] = '\0';
        char reason[200] = "";
        if (exmy_format_parse(NULL, spec, &ent.format, reason, sizeof reason) != EXMY_OK) {
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
            if (!valid_name(w, strlen(w))) {
                exmy__why(why, whylen, "%s:%u: bad alias '%s'", origin, lineno, w);
                st = EXMY_ESYNTAX;
                bad = true;
            } else if (exmy_catalogue_find(cat, w)) {
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
        exmy__strlcpy(ent.family, family, sizeof ent.family);
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

exmy_status exmy_catalogue_load_file(exmy_catalogue *cat, const char *path, char *why,
                                     size_t whylen)
{
    if (!cat || !path)
        return EXMY_EINVAL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        exmy__why(why, whylen, "%s: cannot open", path);
        return EXMY_EIO;
    }
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    exmy_status st = EXMY_OK;
    for (;;) {
        if (!text) {
            st = EXMY_ENOMEM;
            break;
        }
        if (n + 1 >= cap) {
            char *t = realloc(text, cap * 2);
            if (!t) {
                st = EXMY_ENOMEM;
                break;
            }
            text = t;
            cap *= 2;
        }
        size_t r = fread(text + n, 1, cap - 1 - n, fp);
        n += r;
        if (r == 0) {
            if (ferror(fp)) {
                exmy__why(why, whylen, "%s: read error", path);
                st = EXMY_EIO;
            }
            break;
        }
    }
    fclose(fp);
    if (st == EXMY_OK) {
        text[n] = '\0';
        if (strlen(text) != n) {
            exmy__why(why, whylen, "%s: contains a NUL byte", path);
            st = EXMY_ESYNTAX;
        } else {
            st = exmy_catalogue_load_string(cat, text, path, why, whylen);
        }
    }
    free(text);
    return st;
}

exmy_status exmy_catalogue_builtin(exmy_catalogue **out)
{
    if (!out)
        return EXMY_EINVAL;
    exmy_catalogue *cat = exmy_catalogue_new();
    if (!cat)
        return EXMY_ENOMEM;
    for (size_t i = 0; i < exmy_builtin_fmt_count; i++) {
        exmy_status st = exmy_catalogue_load_string(cat, exmy_builtin_fmt[i].text,
                                                    exmy_builtin_fmt[i].origin, NULL, 0);
        if (st != EXMY_OK) {
            exmy_catalogue_free(cat);
            return st;
        }
    }
    *out = cat;
    return EXMY_OK;
}
