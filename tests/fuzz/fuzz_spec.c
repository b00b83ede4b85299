/* Fuzz target: spec strings (exmy_format_parse), with and without the
 * built-in catalogue, and the round trip through exmy_format_to_string.
 *
 * Invariants:
 *  - the status is one a spec can give (OK, ESPEC, ENOTFOUND, EFORMAT) and
 *    the reason is NUL-terminated within its buffer, however short;
 *  - a catalogue name or alias parses to its entry; any other string parses
 *    the same with or without the catalogue;
 *  - a parsed descriptor validates, and parse(to_string(f)) is equal to f
 *    (exmy_format_equal) and prints the same string again;
 *  - to_string needs exactly strlen + 1 bytes: one byte less is EXMY_EINVAL
 *    with an empty string;
 *  - case does not matter: the spec in upper case parses the same (status
 *    and descriptor), with the catalogue and without. */
#include "fuzz.h"

#include <ctype.h>

/* spec with every letter in upper case: same status, same descriptor. */
static void check_case(const exmy_catalogue *cat, const char *spec, exmy_status st,
                       const exmy_format *f)
{
    char *up = strdup(spec);
    if (!up)
        abort();
    for (char *p = up; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    exmy_format g;
    exmy_status su = exmy_format_parse(cat, up, &g, NULL, 0);
    if (su != st || (st == EXMY_OK && !exmy_format_equal(f, &g)))
        fuzz_fail("'%s' gives %s but '%s' gives %s%s", spec, exmy_strerror(st), up,
                  exmy_strerror(su), su == st ? " and another format" : "");
    free(up);
}

static exmy_catalogue *builtin;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (exmy_catalogue_builtin(&builtin) != EXMY_OK)
        abort();
    return 0;
}

static void check_descriptor(const char *spec, const exmy_format *f)
{
    char why[256];
    if (exmy_format_validate(f, why, sizeof why) != EXMY_OK)
        fuzz_fail("'%s' parsed to a descriptor that does not validate: %s", spec, why);
    exmy_format_info info;
    exmy_status st = exmy_format_get_info(f, &info);
    if (st != EXMY_OK)
        fuzz_fail("'%s': get_info: %s", spec, exmy_strerror(st));

    char text[256];
    st = exmy_format_to_string(f, text, sizeof text);
    if (st != EXMY_OK)
        fuzz_fail("'%s': to_string: %s", spec, exmy_strerror(st));
    size_t n = strlen(text);
    char *exact = malloc(n + 1); /* heap, so ASan sees a write past n + 1 */
    if (!exact)
        abort();
    if (exmy_format_to_string(f, exact, n + 1) != EXMY_OK || strcmp(exact, text) != 0)
        fuzz_fail("'%s': to_string into %zu bytes failed or differs from '%s'", spec, n + 1, text);
    st = exmy_format_to_string(f, exact, n);
    if (n > 0 && (st != EXMY_EINVAL || exact[0] != '\0'))
        fuzz_fail("'%s': to_string of '%s' into %zu bytes gave %s, '%.*s'", spec, text, n,
                  exmy_strerror(st), (int)n, exact);
    free(exact);

    exmy_format back;
    st = exmy_format_parse(NULL, text, &back, why, sizeof why);
    if (st != EXMY_OK)
        fuzz_fail("'%s' -> '%s' does not parse back: %s (%s)", spec, text, exmy_strerror(st), why);
    if (!exmy_format_equal(f, &back))
        fuzz_fail("'%s' -> '%s' parses back to a different format", spec, text);
    if (back.name[0] != '\0')
        fuzz_fail("'%s' -> '%s': a generic spec got the name '%s'", spec, text, back.name);
    char again[256];
    if (exmy_format_to_string(&back, again, sizeof again) != EXMY_OK || strcmp(again, text) != 0)
        fuzz_fail("'%s' -> '%s' -> '%s': to_string is not stable", spec, text, again);
}

static bool spec_status(exmy_status st)
{
    return st == EXMY_OK || st == EXMY_ESPEC || st == EXMY_ENOTFOUND || st == EXMY_EFORMAT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = fuzz_cstr(data, size);

    char why[256];
    exmy_format plain;
    exmy_status st_plain = exmy_format_parse(NULL, spec, &plain, why, sizeof why);
    if (!spec_status(st_plain))
        fuzz_fail("'%s' without catalogue: status %d (%s)", spec, (int)st_plain,
                  exmy_strerror(st_plain));
    if (st_plain != EXMY_OK)
        fuzz_check_why(why, sizeof why, spec);

    /* A short reason buffer: its length comes from the input so that every
     * truncation point gets tried. */
    size_t whylen = size % 24;
    char *shortwhy = malloc(whylen ? whylen : 1);
    if (!shortwhy)
        abort();
    memset(shortwhy, 'x', whylen ? whylen : 1);
    exmy_format withcat;
    exmy_status st_cat = exmy_format_parse(builtin, spec, &withcat, shortwhy, whylen);
    if (!spec_status(st_cat))
        fuzz_fail("'%s' with catalogue: status %d (%s)", spec, (int)st_cat, exmy_strerror(st_cat));
    if (st_cat != EXMY_OK)
        fuzz_check_why(shortwhy, whylen, spec);
    free(shortwhy);

    const exmy_catalogue_entry *e = exmy_catalogue_find(builtin, spec);
    if (e) {
        if (st_cat != EXMY_OK || !exmy_format_equal(&withcat, &e->format) ||
            strcmp(withcat.name, e->format.name) != 0)
            fuzz_fail("'%s' names catalogue entry '%s' but parses to %s '%s'", spec,
                      e->format.name, exmy_strerror(st_cat), withcat.name);
    } else if (st_cat != st_plain ||
               (st_cat == EXMY_OK && (!exmy_format_equal(&withcat, &plain) ||
                                      strcmp(withcat.name, plain.name) != 0))) {
        fuzz_fail("'%s' is no catalogue name, yet parses differently with the catalogue "
                  "(%s) and without (%s)",
                  spec, exmy_strerror(st_cat), exmy_strerror(st_plain));
    }

    check_case(NULL, spec, st_plain, &plain);
    check_case(builtin, spec, st_cat, &withcat);
    if (st_plain == EXMY_OK)
        check_descriptor(spec, &plain);
    if (st_cat == EXMY_OK)
        check_descriptor(spec, &withcat);
    free(spec);
    return 0;
}
