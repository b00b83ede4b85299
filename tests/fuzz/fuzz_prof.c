/* Fuzz target: .prof text (exmy_catalogue_load_profiles_string) into a
 * catalogue of the built-in formats (without the built-in profiles, whose
 * loading would cost more than the input's), whose formats the profiles name.
 *
 * Invariants:
 *  - the status is one a loader can give, and the reason is NUL-terminated;
 *  - a failed load adds nothing and says "fuzz.prof:LINE: why" (or
 *    "fuzz.prof: why" for the whole text);
 *  - after a successful load every new profile validates, has a name and a
 *    family, is what exmy_catalogue_find_profile returns for its name and
 *    each alias, and none of these is a format name or a generic spec;
 *  - converting ±0, ±1, ±Inf, NaNs, a subnormal and a large value of every
 *    input type the profile takes gives EXMY_OK (or EXMY_ENONAN in a format
 *    without NaN) and a code within the format's width, which
 *    exmy_profile_accepts accepts; other types give EXMY_ETYPE; each lane's
 *    random bits are below 2^sr_bits;
 *  - loading the same text again adds nothing: EXMY_EDUPLICATE when it
 *    added profiles, EXMY_OK when it held none. */
#include "fuzz.h"

/* The built-in formats as one .fmt text, made once. */
static char *formats_text;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    exmy_catalogue *b;
    if (exmy_catalogue_builtin(&b) != EXMY_OK)
        abort();
    size_t n = exmy_catalogue_size(b), cap = 1024 * (n + 1), len = 0;
    formats_text = malloc(cap);
    if (!formats_text)
        abort();
    for (size_t i = 0; i < n; i++) {
        const exmy_catalogue_entry *e = exmy_catalogue_at(b, i);
        char spec[128];
        if (exmy_format_to_string(&e->format, spec, sizeof spec) != EXMY_OK)
            abort();
        len += (size_t)snprintf(formats_text + len, cap - len, "family: %s\n%s %s %s %s\n",
                                e->family, e->format.name, spec, e->aliases[0] ? e->aliases : "-",
                                e->source);
        if (len >= cap)
            abort();
    }
    exmy_catalogue_free(b);
    return 0;
}

static void check_word(const exmy_catalogue *cat, const exmy_profile *p, const char *w)
{
    if (exmy_catalogue_find_profile(cat, w) != p)
        fuzz_fail("find_profile('%s') is not profile '%s'", w, p->name);
    if (exmy_catalogue_find(cat, w))
        fuzz_fail("'%s' of profile '%s' is also a format", w, p->name);
    exmy_format g;
    if (exmy_format_parse(NULL, w, &g, NULL, 0) == EXMY_OK)
        fuzz_fail("'%s' of profile '%s' reads as a generic spec", w, p->name);
}

/* Input bit patterns per type: +-0, +-1, +-Inf, quiet and signalling NaNs,
 * the smallest subnormal, a large finite value. */
static const uint64_t inputs[4][9] = {
    {0, 0x8000000000000000u, 0x3ff0000000000000u, 0xbff0000000000000u, 0x7ff0000000000000u,
     0xfff0000000000000u, 0xfff8000000000001u, 0x7ff0000000000001u, 1},
    {0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u, 0xffc00001u, 0x7f800001u,
     0x4f000000u},
    {0, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0xfe01, 0x7c01, 1},
    {0, 0x8000, 0x3f80, 0xbf80, 0x7f80, 0xff80, 0xffc1, 0x7f81, 0xc780},
};

static void check_convert(const exmy_profile *p)
{
    exmy_format_info info;
    if (exmy_format_get_info(&p->format, &info) != EXMY_OK)
        fuzz_fail("profile '%s': format has no info", p->name);
    for (int t = 0; t < 4; t++) {
        for (size_t i = 0; i < sizeof inputs[t] / sizeof inputs[t][0]; i++) {
            uint32_t code = 0;
            unsigned fl;
            int scale = p->scaled ? (int)i - 4 : 0;
            exmy_status st = exmy_profile_convert(p, (exmy_type)t, inputs[t][i], 1, scale, &code,
                                                  &fl);
            if (!(p->inputs & (1u << t))) {
                if (st != EXMY_ETYPE)
                    fuzz_fail("profile '%s': type %d not taken but %s", p->name, t,
                              exmy_strerror(st));
                continue;
            }
            if (st == EXMY_ENONAN && !info.has_nan)
                continue; /* a NaN result in a format without NaN, as exmy_from_* */
            if (st != EXMY_OK)
                fuzz_fail("profile '%s': input 0x%llx of type %d: %s", p->name,
                          (unsigned long long)inputs[t][i], t, exmy_strerror(st));
            if (p->format.bits < 32 && (code >> p->format.bits))
                fuzz_fail("profile '%s': code 0x%x wider than %u bits", p->name, code,
                          p->format.bits);
            if (!exmy_profile_accepts(p, (exmy_type)t, inputs[t][i], 1, scale, code))
                fuzz_fail("profile '%s': accepts refuses its own code 0x%x", p->name, code);
        }
    }
    for (unsigned lane = 0; lane < 4; lane++) {
        uint32_t r = exmy_profile_lane_bits(p, 0xffffffffu, lane);
        if (p->conv.sr_bits < 32 && exmy_round_is_stochastic(p->conv.round) &&
            (r >> p->conv.sr_bits))
            fuzz_fail("profile '%s': lane %u bits 0x%x wider than sr_bits", p->name, lane, r);
    }
}

static void check_profile(const exmy_catalogue *cat, const exmy_profile *p)
{
    char why[256];
    if (exmy_profile_validate(p, why, sizeof why) != EXMY_OK)
        fuzz_fail("profile '%s' does not validate: %s", p->name, why);
    if (!p->name[0] || !p->family[0] || !p->source[0])
        fuzz_fail("profile '%s': empty name, family or source", p->name);
    check_word(cat, p, p->name);
    char alias[sizeof p->aliases];
    for (const char *s = p->aliases; fuzz_next_word(&s, alias, sizeof alias);)
        check_word(cat, p, alias);
    check_convert(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    exmy_catalogue *cat = exmy_catalogue_new();
    if (!cat || exmy_catalogue_load_string(cat, formats_text, "formats", NULL, 0) != EXMY_OK)
        abort();
    size_t n0 = exmy_catalogue_profile_count(cat), nf = exmy_catalogue_size(cat);

    char why[256];
    why[0] = '\0';
    exmy_status st = exmy_catalogue_load_profiles_string(cat, text, "fuzz.prof", why, sizeof why);
    fuzz_check_why(why, sizeof why, "load");
    size_t n = exmy_catalogue_profile_count(cat);
    if (exmy_catalogue_size(cat) != nf)
        fuzz_fail("loading profiles changed the number of formats");
    switch (st) {
    case EXMY_OK:
        for (size_t i = n0; i < n; i++)
            check_profile(cat, exmy_catalogue_profile_at(cat, i));
        if (exmy_catalogue_profile_at(cat, n) != NULL)
            fuzz_fail("exmy_catalogue_profile_at(%zu) past the end is not NULL", n);
        st = exmy_catalogue_load_profiles_string(cat, text, "fuzz.prof", why, sizeof why);
        if (st != (n > n0 ? EXMY_EDUPLICATE : EXMY_OK) || exmy_catalogue_profile_count(cat) != n)
            fuzz_fail("loading the same %zu profiles again gave %s and %zu profiles", n - n0,
                      exmy_strerror(st), exmy_catalogue_profile_count(cat) - n0);
        break;
    case EXMY_ESYNTAX:
    case EXMY_EDUPLICATE:
        if (n != n0)
            fuzz_fail("a failed load (%s: %s) left %zu profiles", exmy_strerror(st), why, n - n0);
        if (strncmp(why, "fuzz.prof:", 10) != 0)
            fuzz_fail("a failed load (%s) gave the reason '%s'", exmy_strerror(st), why);
        break;
    default:
        fuzz_fail("load: unexpected status %d (%s)", (int)st, exmy_strerror(st));
    }
    exmy_catalogue_free(cat);
    free(text);
    return 0;
}
