/* The generic spelling of a format, eXmY[:option...] (spec.c). It knows no
 * catalogue: names and aliases are the catalogue's business (catalogue.c),
 * which calls down into this parser and never the other way round. */
#ifndef EXMY__SPEC_H
#define EXMY__SPEC_H

#include "exmy.h"

/* Parse a generic spec. On success out->name is "". EXMY_ESPEC (or
 * EXMY_EFORMAT from validation) with a one-line reason otherwise. */
exmy_status exmy__spec_parse(const char *spec, exmy_format *out, char *why, size_t whylen);

/* Do the n characters at s have the shape of a generic spec without options
 * ("e5m3", "E4M3")? A catalogue name of this shape would shadow the generic
 * format unless it names exactly that format. */
bool exmy__spec_is_generic(const char *s, size_t n);

#endif
