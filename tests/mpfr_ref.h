/* The MPFR oracle: brackets |x| between the format's two neighbouring values
 * with MPFR (DESIGN.md "Where the traps are": precision p, emin/emax set to
 * the format's range, round, then mpfr_subnormalize with the ternary value).
 * Only RNDZ and RNDA are asked of MPFR; every mode is derived from that pair
 * and a midpoint comparison done in MPFR (ref_choose), and MPFR's own RNDN
 * result is kept as a cross-check of the tie rule. Shares no code with src/. */
#ifndef EXMY_MPFR_REF_H
#define EXMY_MPFR_REF_H

#include "ref_format.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct mref_bracket {
    bool beyond;   /* RNDZ(|x|) > max finite (or MPFR overflowed): every mode overflows */
    bool exact;    /* |x| is a value of the format */
    int64_t lo;    /* magnitude code of RNDZ(|x|); -1: below the smallest value (no zero) */
    int cmp_mid;   /* sign of |x| - (RNDZ + RNDA)/2 when inexact */
    double z, a;   /* RNDZ(|x|) and RNDA(|x|) in the unbounded-above format */
    double rndn;   /* MPFR's own RNDN result, or NaN where it is not comparable */
    bool ok;       /* false: the oracle itself hit something impossible (see err) */
    char err[160];
} mref_bracket;

/* |x| finite and > 0. */
void mref_bracket_of(const ref_format *R, double x, mref_bracket *b);

/* Release MPFR's caches (call once at the end of a test). */
void mref_cleanup(void);

#endif
