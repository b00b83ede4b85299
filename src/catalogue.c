/* The catalogue of named formats: loaded from .fmt text (see formats/README.md),
 * the built-in files embedded at build time and user files at run time alike. */
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
    if (n == 0 || n > EXMY_NAME_MAX)
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
    size_t len = 0;
    while (len <= (size_t)EXMY_FMT_FILE_MAX && text[len])
        len++;
    if (len > (size_t)EXMY_FMT_FILE_MAX) {
        exmy__why(why, whylen, "%s: larger than %d bytes, the limit of a .fmt text", origin,
                  EXMY_FMT_FILE_MAX);
        return EXMY_ESYNTAX;
    }
    size_t n0 = cat->n; /* on error, roll back to this */
    char family[EXMY_FAMILY_MAX + 1] = "";
    unsigned lineno = 0;
    exmy_status st = EXMY_OK;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        size_t ll = eol ? (size_t)(eol - line) : strlen(line);
        char buf[EXMY_FMT_LINE_MAX + 1];
        lineno++;
        if (ll >= sizeof buf) {
            exmy__why(why, whylen, "%s:%u: line is longer than %d characters", origin, lineno,
                      EXMY_FMT_LINE_MAX);
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
            if (strlen(p) > EXMY_FAMILY_MAX) {
                exmy__why(why, whylen, "%s:%u: family name is longer than %d characters", origin,
                          lineno, EXMY_FAMILY_MAX);
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
        /* Each limit is reported by name: nothing is silently truncated. */
        if (fl[0] > EXMY_NAME_MAX) {
            exmy__why(why, whylen, "%s:%u: name '%.*s' is longer than %d characters", origin,
                      lineno, (int)fl[0], fs[0], EXMY_NAME_MAX);
            st = EXMY_ESYNTAX;
            break;
        }
        if (!valid_name(fs[0], fl[0])) {
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
            if (!valid_name(w, strlen(w))) {
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

exmy_status exmy_catalogue_load_file(exmy_catalogue *cat, const char *path, char *why,
                                     size_t whylen)
{
    if (!cat || !path)
        return EXMY_EINVAL;
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
            exmy__why(why, whylen, "%s: contains a NUL byte (a .fmt file is text)", path);
            st = EXMY_ESYNTAX;
            break;
        }
        n += r;
        if (n > (size_t)EXMY_FMT_FILE_MAX) {
            exmy__why(why, whylen, "%s: larger than %d bytes, the limit of a .fmt file", path,
                      EXMY_FMT_FILE_MAX);
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
    if (st == EXMY_OK) {
        text[n] = '\0';
        st = exmy_catalogue_load_string(cat, text, path, why, whylen);
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
    for (size_t i = 0; i < exmy__builtin_fmt_count; i++) {
        exmy_status st = exmy_catalogue_load_string(cat, exmy__builtin_fmt[i].text,
                                                    exmy__builtin_fmt[i].origin, NULL, 0);
        if (st != EXMY_OK) {
            exmy_catalogue_free(cat);
            return st;
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
