/* Private to the checks (check.c for plain profiles, block_check.c for block
 * formats): the one copy of the class rules and of the report lines. */
#ifndef EXMY__CHECK_CORE_H
#define EXMY__CHECK_CORE_H

#include "exmy_internal.h"

#include <stdbool.h>
#include <stddef.h>

/* The class of an input (exmy.h, the rules above exmy_check_class) that the
 * core rounded to format P: x the exact value it rounded (the input after
 * DAZ and a profile's scale, or a block element's exact quotient
 * x / (scale * tensor_scale)), flushed when DAZ read a nonzero input as zero,
 * rc the class of the code the conversion gave (EXMY_CLASS_NAN for no answer,
 * EXMY_ENONAN), fl its flags, as_is when the core rounded x itself (no relu
 * or negative rule rewrote it first: only then can it be a tie). */
exmy_check_class exmy__check_class(const exmy__prep *P, const exmy__exact *x, bool flushed,
                                   exmy_class rc, unsigned fl, bool as_is);

/* A report line built by pieces with snprintf, cut to len: `pos` is the
 * length the whole line would have, as snprintf counts it; `bad` when a
 * piece cannot be formatted. Start with {buf, len, 0, false}. */
typedef struct exmy__line {
    char *buf;
    size_t len;
    size_t pos;
    bool bad;
} exmy__line;

void exmy__line_add(exmy__line *L, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The line's length as snprintf returns it, or -1 (buf emptied) when it is
 * bad or longer than INT_MAX. */
int exmy__line_finish(exmy__line *L);
/* An input as the reports print it: %a of its value and its bits in hex at
 * the type's width, "0x1.2p+3 (0x41100000)" (bits above the type's width
 * ignored). */
void exmy__line_input(exmy__line *L, exmy_type type, uint64_t xbits);

#endif
