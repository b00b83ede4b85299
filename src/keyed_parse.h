/* The keyed-entry parser of the .prof and .blk loaders (profile_parse.c,
 * block_parse.c): entries opened by a `HEAD NAME` line ("profile NAME",
 * "block NAME") and filled by `key value` lines, added to a catalogue all or
 * nothing. This file reads lines, keys and names and says where a file is
 * wrong; what a key's value means and what makes an entry valid are the
 * loader's, through the hooks of its exmy__keyed_spec. */
#ifndef EXMY__KEYED_PARSE_H
#define EXMY__KEYED_PARSE_H

#include "exmy_internal.h"

/* The most keys one kind of entry may have (the .prof format has 20). */
#define EXMY__KEYED_KEYS_MAX 24

/* A key: its name, and `join`, the separator of a text key whose repeated
 * lines are joined; NULL for a single-valued key (given twice: an error). */
typedef struct exmy__keyed_key {
    const char *name;
    const char *join;
} exmy__keyed_key;

typedef struct exmy__keyed exmy__keyed;

/* What one kind of entry is. The hooks see the entry being read in
 * k->entry (entry_size bytes, zeroed when its HEAD line opens it). */
typedef struct exmy__keyed_spec {
    const char *head;            /* the word that opens an entry: "profile", "block" */
    const char *kind;            /* the entry in messages: "profile", "block format" */
    const char *ext;             /* the file kind in messages: ".prof", ".blk" */
    const exmy__keyed_key *keys; /* indexed by the loader's key ids */
    int nkeys;
    const int *required; /* keys every entry must give */
    int nrequired;
    size_t name_max; /* characters in the entry's name or one alias */
    size_t entry_size;
    /* The entry was opened: k->name is checked, k->entry zeroed; copy the
     * name and k->L->family in and set the defaults. */
    void (*open)(exmy__keyed *k);
    /* One `key value` line of the open entry (value non-empty, trimmed). */
    exmy_status (*set)(exmy__keyed *k, int key, const char *value);
    /* The entry is complete and has every required key: check it, add it. */
    exmy_status (*close)(exmy__keyed *k);
    /* The catalogue's count of this kind, and the rollback to a count. */
    size_t (*count)(const exmy_catalogue *cat);
    void (*drop)(exmy_catalogue *cat, size_t n);
} exmy__keyed_spec;

struct exmy__keyed {
    const exmy__keyed_spec *spec;
    exmy_catalogue *cat;
    exmy__lines *L;
    char *why;
    size_t whylen;
    void *entry;                          /* the entry being read */
    char name[EXMY_PROFILE_NAME_MAX + 1]; /* its name */
    unsigned line;                        /* of its HEAD line; 0: none open */
    unsigned seen[EXMY__KEYED_KEYS_MAX];  /* line of each key; 0: not given */
};

/* The whole load: lines, entries, the loader's hooks; on any error the
 * entries of this text are dropped again and why says "ORIGIN:LINE: reason". */
exmy_status exmy__keyed_load(const exmy__keyed_spec *spec, exmy_catalogue *cat, const char *text,
                             const char *origin, char *why, size_t whylen);

/* "ORIGIN:LINE: reason" into k->why; returns st. */
exmy_status exmy__keyed_fail(const exmy__keyed *k, unsigned line, exmy_status st, const char *fmt,
                             ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* An `aliases` value: each alias a good name, none taken, none twice; then
 * copied to dst (dstsize bytes, at least EXMY_ALIASES_MAX + 1). */
exmy_status exmy__keyed_aliases(const exmy__keyed *k, const char *v, char *dst, size_t dstsize);

/* A yes/no value of key `key`. */
exmy_status exmy__keyed_bool(const exmy__keyed *k, int key, const char *v, bool *out);

/* A text value of key `key` appended to dst (EXMY_PROFILE_TEXT_MAX + 1
 * bytes) after the key's join separator when dst is not empty. */
exmy_status exmy__keyed_text(const exmy__keyed *k, int key, const char *v, char *dst);

#endif
