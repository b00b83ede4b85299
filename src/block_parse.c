/* The .blk block format file (formats/README.md, "The .blk block format"):
 * text -> exmy_block_format, added to a catalogue all or nothing. Entries,
 * keys, names and lines are read by the keyed-entry parser the .prof loader
 * uses too (keyed_parse.c); what each key's value means is here, and what
 * makes a block format valid is exmy__block_check's (block_format.c), so a
 * file and a "block:" spec obey the same rules. */
#include "keyed_parse.h"

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
static const exmy__keyed_key keys[] = {
    [K_ALIASES] = {"aliases", NULL}, [K_ELEMENT] = {"element", NULL},
    [K_SCALE] = {"scale", NULL},     [K_SIZE] = {"size", NULL},
    [K_RULE] = {"rule", NULL},       [K_TENSOR_SCALE] = {"tensor-scale", NULL},
    [K_SOURCE] = {"source", " "},
};
_Static_assert(sizeof keys / sizeof keys[0] == K_COUNT, "one entry per key");
_Static_assert(K_COUNT <= EXMY__KEYED_KEYS_MAX, "exmy__keyed.seen holds every key");

static exmy_status set_key(exmy__keyed *k, int id, const char *v)
{
    exmy_block_format *b = k->entry;
    unsigned line = k->L->lineno;
    char why[256] = "";
    switch ((key)id) {
    case K_ALIASES: return exmy__keyed_aliases(k, v, b->aliases, sizeof b->aliases);
    case K_ELEMENT:
        if (exmy__block_elem_parse(k->cat, v, &b->kind, &b->elem, why, sizeof why) != EXMY_OK)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "element: %s", why);
        return EXMY_OK;
    case K_SCALE:
        if (exmy__block_scale_parse(k->cat, v, &b->scale, why, sizeof why) != EXMY_OK)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "scale: %s", why);
        return EXMY_OK;
    case K_SIZE:
        if (!exmy__block_parse_size(v, &b->block))
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "size: expected a number 1..%u",
                                    (unsigned)EXMY__BLOCK_SIZE_MAX);
        return EXMY_OK;
    case K_RULE:
        if (exmy_scale_rule_from_name(v, &b->rule) != EXMY_OK)
            return exmy__keyed_fail(k, line, EXMY_ESYNTAX,
                                    "rule: expected floor, ceil, even or div");
        return EXMY_OK;
    case K_TENSOR_SCALE: return exmy__keyed_bool(k, id, v, &b->tensor_scale);
    case K_SOURCE: return exmy__keyed_text(k, id, v, b->source);
    case K_COUNT: break;
    }
    return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "unknown key");
}

/* The entry has every required key: check it and add it to the catalogue. */
static exmy_status close_entry(exmy__keyed *k)
{
    exmy_block_format *b = k->entry;
    if (!k->seen[K_RULE])
        b->rule = exmy__block_default_rule(&b->scale);
    exmy__bfield field = EXMY__BF_ELEMENT;
    char why[300];
    if (exmy__block_check(b, &field, why, sizeof why) != EXMY_OK) {
        static const key of_field[] = {[EXMY__BF_ELEMENT] = K_ELEMENT,
                                       [EXMY__BF_SCALE] = K_SCALE,
                                       [EXMY__BF_SIZE] = K_SIZE,
                                       [EXMY__BF_RULE] = K_RULE};
        unsigned line = k->seen[of_field[field]] ? k->seen[of_field[field]] : k->line;
        return exmy__keyed_fail(k, line, EXMY_ESYNTAX, "block format '%s': %s", b->name, why);
    }
    return exmy__catalogue_add_block(k->cat, b);
}

static void open_entry(exmy__keyed *k)
{
    exmy_block_format *b = k->entry;
    exmy__strlcpy(b->name, k->name, sizeof b->name);
    exmy__strlcpy(b->family, k->L->family, sizeof b->family);
}

static const int required[] = {K_ELEMENT, K_SCALE, K_SIZE, K_SOURCE};

static const exmy__keyed_spec blk = {
    .head = "block",
    .kind = "block format",
    .ext = ".blk",
    .keys = keys,
    .nkeys = K_COUNT,
    .required = required,
    .nrequired = (int)(sizeof required / sizeof required[0]),
    .name_max = EXMY_NAME_MAX,
    .entry_size = sizeof(exmy_block_format),
    .open = open_entry,
    .set = set_key,
    .close = close_entry,
    .count = exmy_catalogue_block_count,
    .drop = exmy__catalogue_drop_blocks,
};

exmy_status exmy_catalogue_load_blocks_string(exmy_catalogue *cat, const char *text,
                                              const char *origin, char *why, size_t whylen)
{
    return exmy__keyed_load(&blk, cat, text, origin, why, whylen);
}

exmy_status exmy_catalogue_load_blocks_file(exmy_catalogue *cat, const char *path, char *why,
                                            size_t whylen)
{
    return exmy__load_file(cat, path, ".blk", exmy_catalogue_load_blocks_string, why, whylen);
}
