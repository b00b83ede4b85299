/* Fuzz target: .fmt text (exmy_catalogue_load_string) into a fresh, empty
 * catalogue.
 *
 * Invariants:
 *  - the status is one a loader can give, and the reason is NUL-terminated;
 *  - a failed load adds nothing (the catalogue is still empty);
 *  - after a successful load every entry validates, round-trips through
 *    exmy_format_to_string / exmy_format_parse to an equal descriptor, has
 *    a non-empty name and family, and is what exmy_catalogue_find returns
 *    for its name and for each of its aliases;
 *  - a name or alias that reads as a generic spec ("e5m3") denotes exactly
 *    that format, so that it never shadows it;
 *  - loading the same text a second time adds nothing: with at least one
 *    entry it is EXMY_EDUPLICATE, without entries it succeeds again. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* A word that parses as a generic spec must be that very format. */
static void check_no_shadow(const exmy_catalogue_entry *e, const char *word)
{
    exmy_format g;
    if (exmy_format_parse(NULL, word, &g, NULL, 0) == EXMY_OK && !exmy_format_equal(&g, &e->format))
        fuzz_fail("entry '%s': '%s' reads as a generic spec of another format", e->format.name,
                  word);
}

static void check_entry(const exmy_catalogue *cat, size_t i)
{
    const exmy_catalogue_entry *e = exmy_catalogue_at(cat, i);
    if (!e)
        fuzz_fail("entry %zu of %zu is NULL", i, exmy_catalogue_size(cat));
    const char *name = e->format.name;
    if (!name[0] || !e->family[0])
        fuzz_fail("entry %zu: empty name '%s' or family '%s'", i, name, e->family);

    char why[256];
    if (exmy_format_validate(&e->format, why, sizeof why) != EXMY_OK)
        fuzz_fail("entry '%s' does not validate: %s", name, why);
    char text[256];
    exmy_status st = exmy_format_to_string(&e->format, text, sizeof text);
    if (st != EXMY_OK)
        fuzz_fail("entry '%s': to_string: %s", name, exmy_strerror(st));
    exmy_format back;
    st = exmy_format_parse(NULL, text, &back, why, sizeof why);
    if (st != EXMY_OK)
        fuzz_fail("entry '%s' -> '%s' does not parse back: %s", name, text, why);
    if (!exmy_format_equal(&e->format, &back))
        fuzz_fail("entry '%s' -> '%s' parses back to a different format", name, text);

    if (exmy_catalogue_find(cat, name) != e)
        fuzz_fail("find('%s') is not entry %zu", name, i);
    check_no_shadow(e, name);
    /* Each comma-separated alias finds this entry. */
    char alias[sizeof e->aliases];
    for (const char *p = e->aliases; fuzz_next_word(&p, alias, sizeof alias);) {
        if (exmy_catalogue_find(cat, alias) != e)
            fuzz_fail("find('%s'), an alias of '%s', is not entry %zu", alias, name, i);
        check_no_shadow(e, alias);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    exmy_catalogue *cat = exmy_catalogue_new();
    if (!cat)
        abort();

    char why[256];
    why[0] = '\0';
    exmy_status st = exmy_catalogue_load_string(cat, text, "fuzz.fmt", why, sizeof why);
    fuzz_check_why(why, sizeof why, "load");
    size_t n = exmy_catalogue_size(cat);
    switch (st) {
    case EXMY_OK:
        for (size_t i = 0; i < n; i++)
            check_entry(cat, i);
        if (exmy_catalogue_at(cat, n) != NULL)
            fuzz_fail("exmy_catalogue_at(%zu) past the end is not NULL", n);
        st = exmy_catalogue_load_string(cat, text, "fuzz.fmt", why, sizeof why);
        if (st != (n ? EXMY_EDUPLICATE : EXMY_OK) || exmy_catalogue_size(cat) != n)
            fuzz_fail("loading the same %zu entries again gave %s and %zu entries", n,
                      exmy_strerror(st), exmy_catalogue_size(cat));
        break;
    case EXMY_ESYNTAX:
    case EXMY_EDUPLICATE:
        if (n != 0)
            fuzz_fail("a failed load (%s: %s) left %zu entries", exmy_strerror(st), why, n);
        if (!why[0])
            fuzz_fail("a failed load (%s) gave no reason", exmy_strerror(st));
        break;
    default:
        fuzz_fail("load: unexpected status %d (%s)", (int)st, exmy_strerror(st));
    }
    exmy_catalogue_free(cat);
    free(text);
    return 0;
}
