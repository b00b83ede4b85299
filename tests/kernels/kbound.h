/* Input sets for the kernel tests: the boundary set of a format (every
 * value and every midpoint between neighbours, each with its nearest input
 * values and their neighbours one and two ulps of the input type away, both
 * signs, plus landmarks), and random bit patterns. Inputs are bit patterns of
 * the input type; the set is built from exmy_to_f64 and nextafter only. */
#ifndef EXMY_KBOUND_H
#define EXMY_KBOUND_H

#include "exmy.h"

#include <stddef.h>
#include <stdint.h>

typedef struct kb_set {
    uint64_t *v; /* bit patterns of the input type */
    size_t n, cap;
} kb_set;

void kb_init(kb_set *s);
void kb_free(kb_set *s);
void kb_push(kb_set *s, uint64_t bits);
/* Boundary set of f for binary32 or binary64 input. For formats with more
 * than 2^17 magnitude codes, only the codes near binade edges, zero and max
 * finite, plus every `stride`-th code. */
void kb_boundary(kb_set *s, const exmy_format *f, exmy_type t);
/* n random bit patterns of type t (seeded). */
void kb_random(kb_set *s, exmy_type t, size_t n, uint64_t seed);
/* Copy a set into an array of the input type (malloc'd, n elements). */
void *kb_array(const kb_set *s, exmy_type t);

#endif
