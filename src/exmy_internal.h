/* Private helpers shared by the library's own files (not installed). */
#ifndef EXMY__INTERNAL_H
#define EXMY__INTERNAL_H

#include "exmy.h"

#include <stdint.h>
#include <string.h>

/* Magnitude codes are at most 32 bits wide; biases beyond this cannot give a
 * format whose values are all binary64, so they are rejected early (and the
 * integer arithmetic of the core never overflows). */
#define EXMY__BIAS_LIMIT (1 << 20)

/* Why a descriptor is not a format: one reason per rule of exmy__prepare,
 * which is the only place the rules are written (exmy_format_validate turns
 * the reason into a sentence). */
typedef enum exmy__bad {
    EXMY__FMT_OK = 0,
    EXMY__BAD_NULL,        /* no descriptor (EXMY_EINVAL; every other reason is EXMY_EFORMAT) */
    EXMY__BAD_BITS,        /* bits outside 1..32 */
    EXMY__BAD_PRECISION,   /* precision 0 */
    EXMY__BAD_NO_EXPONENT, /* sign and mantissa leave no exponent bit */
    EXMY__BAD_BIAS,        /* |bias| >= EXMY__BIAS_LIMIT */
    EXMY__BAD_DOMAIN,      /* domain neither finite nor extended */
    EXMY__BAD_NEGZERO,     /* negzero in an unsigned format */
    EXMY__BAD_NOZERO_SUB,  /* subnormals without zero */
    EXMY__BAD_NANS,        /* NaNs (and Inf) leave no positive finite value */
    EXMY__BAD_MAX,         /* the largest value is beyond binary64 */
    EXMY__BAD_MIN          /* the smallest value is below binary64's */
} exmy__bad;

/* A checked descriptor and its layout: what every public function that takes
 * a descriptor builds once per call (exmy__prepare) and hands down to the
 * scalar core, the array path and the kernel parameters. "Magnitude code" is
 * a code without its sign bit. */
typedef struct exmy__prep {
    unsigned k, M, E, s;  /* total, mantissa, exponent and sign widths */
    int bias;
    bool subnormals, has_zero, negzero;
    bool has_inf, has_nan;
    uint32_t high_nans;
    uint64_t mag_count;   /* 2^(k-s) */
    uint64_t sign;        /* the sign bit of a code (0 when unsigned) */
    uint64_t cmax;        /* magnitude code of max finite */
    uint64_t inf_mag;     /* magnitude code of Inf, when has_inf */
    int64_t emin_n;       /* exponent of the lowest binade's first value: (subnormals) - bias */
    uint64_t ovf_m;       /* value of magnitude cmax + 1, normalised: ovf_m * 2^(ovf_ex - 63), */
    int64_t ovf_ex;       /*   bit 63 of ovf_m set: the first magnitude that overflows */
    int64_t top_ex;       /* exponent of the top bit of max finite */
    unsigned code_bytes;  /* 1, 2 or 4 */
} exmy__prep;

/* Value of magnitude code c in the format's unbounded continuation:
 * value = *sig * 2^*exp (sig == 0 for zero). Valid for any c >= 0, including
 * c > cmax (the codes the format would have if its exponent range went on). */
static inline void exmy__mag_value(const exmy__prep *P, uint64_t c, uint64_t *sig, int64_t *exp)
{
    uint64_t e = c >> P->M, m = c & ((UINT64_C(1) << P->M) - 1);
    if (c == 0 && P->has_zero) {
        *sig = 0;
        *exp = 0;
    } else if (P->subnormals && e == 0) {
        *sig = m;
        *exp = 1 - (int64_t)P->bias - P->M;
    } else {
        *sig = (UINT64_C(1) << P->M) | m;
        *exp = (int64_t)e - P->bias - P->M;
    }
}

/* The check of a descriptor: every rule of a valid format, in one place.
 * On EXMY__FMT_OK, *P holds the layout. Inline because the scalar core runs
 * it on every conversion (the exhaustive tests make 2^32 calls). */
static inline exmy__bad exmy__prepare(const exmy_format *f, exmy__prep *P)
{
    if (!f)
        return EXMY__BAD_NULL;
    if (f->bits < 1 || f->bits > 32)
        return EXMY__BAD_BITS;
    if (f->precision < 1)
        return EXMY__BAD_PRECISION;
    unsigned s = f->is_signed ? 1u : 0u;
    if (f->precision - 1 + s >= f->bits)
        return EXMY__BAD_NO_EXPONENT;
    if (f->bias <= -EXMY__BIAS_LIMIT || f->bias >= EXMY__BIAS_LIMIT)
        return EXMY__BAD_BIAS;
    if ((unsigned)f->domain > (unsigned)EXMY_EXTENDED)
        return EXMY__BAD_DOMAIN;
    if (!s && f->negzero)
        return EXMY__BAD_NEGZERO;
    if (!f->has_zero && f->subnormals)
        return EXMY__BAD_NOZERO_SUB;
    P->k = f->bits;
    P->M = f->precision - 1;
    P->s = s;
    P->E = P->k - s - P->M;
    P->bias = f->bias;
    P->subnormals = f->subnormals;
    P->has_zero = f->has_zero;
    P->negzero = f->negzero;
    P->high_nans = f->high_nans;
    P->has_inf = f->domain == EXMY_EXTENDED;
    P->mag_count = UINT64_C(1) << (P->k - s);
    /* The NaNs and Inf must leave a positive finite value (and zero). */
    if ((uint64_t)f->high_nans + P->has_inf + (f->has_zero ? 2 : 1) > P->mag_count)
        return EXMY__BAD_NANS;
    uint64_t top = P->mag_count - 1 - f->high_nans; /* highest non-NaN magnitude */
    P->inf_mag = top;
    P->cmax = P->has_inf ? top - 1 : top;
    P->has_nan = f->high_nans > 0 || (s && !f->negzero);
    P->sign = s ? UINT64_C(1) << (P->k - 1) : 0;
    /* Every value must be a binary64: the top bit of max finite at most
     * 2^1023, the lowest bit of the smallest nonzero value at least 2^-1074.
     * (exmy__mag_value's cases, worked out so that this runs in a few
     * instructions: it runs on every scalar conversion.) */
    uint64_t ce = P->cmax >> P->M;
    if (f->subnormals && ce == 0)
        P->top_ex = (63 - __builtin_clzll(P->cmax)) + 1 - (int64_t)f->bias - P->M;
    else
        P->top_ex = (int64_t)ce - f->bias;
    if (P->top_ex > 1023)
        return EXMY__BAD_MAX;
    int64_t low_ex; /* lowest bit of the smallest nonzero value */
    if (!f->has_zero)
        low_ex = -(int64_t)f->bias; /* code 0: (2^M) * 2^(-bias-M) */
    else if (P->M == 0)
        low_ex = 1 - (int64_t)f->bias; /* code 1 is the first normal */
    else
        low_ex = (f->subnormals ? 1 : 0) - (int64_t)f->bias - P->M; /* code 1: m = 1 */
    if (low_ex < -1074)
        return EXMY__BAD_MIN;
    P->emin_n = (f->subnormals ? 1 : 0) - (int64_t)f->bias;
    uint64_t c1 = P->cmax + 1, e1 = c1 >> P->M;
    if (f->subnormals && e1 == 0) {
        int lz = __builtin_clzll(c1); /* a subnormal: c1 is its significand */
        P->ovf_m = c1 << lz;
        P->ovf_ex = 63 - lz + 1 - (int64_t)f->bias - P->M;
    } else {
        P->ovf_m = ((UINT64_C(1) << P->M) | (c1 & ((UINT64_C(1) << P->M) - 1))) << (63 - P->M);
        P->ovf_ex = (int64_t)e1 - f->bias;
    }
    P->code_bytes = P->k <= 8 ? 1 : P->k <= 16 ? 2 : 4;
    return EXMY__FMT_OK;
}

/* The canonical NaN for a result of this sign (exmy.h "The canonical NaN").
 * Worked out only when a result is NaN, to keep exmy__prepare short. */
static inline uint64_t exmy__nan_code(const exmy__prep *P, bool neg)
{
    if (P->high_nans == 0)
        return P->sign; /* fnuz: the only NaN is the negative-zero pattern */
    uint64_t mag = P->mag_count - 1;
    /* IEEE-style formats (every top-exponent pattern but Inf is NaN) use the
     * IEEE quiet NaN, as hardware and ml_dtypes do for binary16, bfloat16 and
     * e5m2; the others use the all-ones magnitude. */
    if (P->has_inf && P->M >= 1 && P->high_nans == (UINT64_C(1) << P->M) - 1)
        mag = (((UINT64_C(1) << P->E) - 1) << P->M) | (UINT64_C(1) << (P->M - 1));
    return (neg ? P->sign : 0) | mag;
}

/* The status of a failed check. */
static inline exmy_status exmy__bad_status(exmy__bad b)
{
    return b == EXMY__BAD_NULL ? EXMY_EINVAL : EXMY_EFORMAT;
}

/* Conversion options in range (the scalar core assumes they are). */
static inline bool exmy__opts_ok(const exmy_opts *o)
{
    if (!o || (unsigned)o->round >= EXMY_ROUND_COUNT || (unsigned)o->sat >= EXMY_SAT_COUNT)
        return false;
    /* The stochastic modes are the last ones of exmy_round. */
    return o->round < EXMY_SR_A || (o->sr_bits >= 1 && o->sr_bits <= 32);
}

/* Class and exact value of a code of a prepared format (bits above k are
 * ignored); NaN codes give a NaN with the code's sign, Inf codes +-Inf. */
exmy_class exmy__classify(const exmy__prep *P, uint32_t code);
double exmy__value(const exmy__prep *P, uint32_t code);

/* An exact input: (-1)^neg * (m + d) * 2^e with 0 <= d < 1 and d > 0 iff
 * sticky. Decimal input is carried with 64 significant bits and a sticky bit,
 * which is enough to round once, exactly, in every mode. */
typedef enum exmy__xkind { EXMY__X_ZERO, EXMY__X_FINITE, EXMY__X_INF, EXMY__X_NAN } exmy__xkind;
typedef struct exmy__exact {
    exmy__xkind kind;
    bool neg;
    uint64_t m;
    int64_t e;
    bool sticky;
} exmy__exact;

/* The one rounding routine every exmy_from_* goes through: the scalar core.
 * P comes from exmy__prepare and o has passed exmy__opts_ok; x, code are
 * non-NULL. Returns EXMY_OK or EXMY_ENONAN. */
/* The checks every exmy_from_* makes before rounding: the descriptor (into
 * *P), the options and the output pointer. EXMY_OK when the call may round. */
exmy_status exmy__from_checks(const exmy_format *f, const exmy_opts *o, const uint32_t *code,
                              exmy__prep *P);
exmy_status exmy__round_exact(const exmy__prep *P, const exmy__exact *x, const exmy_opts *o,
                              uint32_t rbits, uint32_t *code, unsigned *flags);

/* Decompose IEEE bit patterns exactly: binary64/32/16, bfloat16. */
void exmy__exact_from_f64(double x, exmy__exact *out);
static inline void exmy__exact_from_ieee(uint64_t bits, unsigned ebits, unsigned mbits, exmy__exact *out)
{
    uint64_t mmask = (UINT64_C(1) << mbits) - 1;
    uint64_t emask = (UINT64_C(1) << ebits) - 1;
    uint64_t mant = bits & mmask;
    uint64_t expf = (bits >> mbits) & emask;
    int64_t bias = (int64_t)(emask >> 1);
    memset(out, 0, sizeof *out);
    out->neg = (bits >> (mbits + ebits)) & 1;
    if (expf == emask) {
        out->kind = mant ? EXMY__X_NAN : EXMY__X_INF;
    } else if (expf == 0 && mant == 0) {
        out->kind = EXMY__X_ZERO;
    } else if (expf == 0) {
        out->kind = EXMY__X_FINITE; /* subnormal: an exact value like any other */
        out->m = mant;
        out->e = 1 - bias - (int64_t)mbits;
    } else {
        out->kind = EXMY__X_FINITE;
        out->m = mant | (UINT64_C(1) << mbits);
        out->e = (int64_t)expf - bias - (int64_t)mbits;
    }
}

/* Element i of an array of codes (1, 2 or 4 bytes each: code_bytes) or of
 * inputs of an exmy_type (their bit patterns), by memcpy so that any
 * alignment is safe; one copy for every array walker (array, pack, check,
 * vectors). */
static inline uint32_t exmy__load_code(const void *codes, unsigned bytes, size_t i)
{
    const unsigned char *q = (const unsigned char *)codes + i * bytes;
    if (bytes == 1)
        return *q;
    if (bytes == 2) {
        uint16_t c;
        memcpy(&c, q, 2);
        return c;
    }
    uint32_t c;
    memcpy(&c, q, 4);
    return c;
}
static inline void exmy__store_code(void *codes, unsigned bytes, size_t i, uint32_t c)
{
    unsigned char *q = (unsigned char *)codes + i * bytes;
    if (bytes == 1) {
        *q = (unsigned char)c;
    } else if (bytes == 2) {
        uint16_t v = (uint16_t)c;
        memcpy(q, &v, 2);
    } else {
        memcpy(q, &c, 4);
    }
}
static inline uint64_t exmy__load_bits(const void *in, exmy_type t, size_t i)
{
    if (t == EXMY_TYPE_F64) {
        uint64_t b;
        memcpy(&b, (const unsigned char *)in + 8 * i, 8);
        return b;
    }
    if (t == EXMY_TYPE_F32)
        return exmy__load_code(in, 4, i);
    return exmy__load_code(in, 2, i);
}
static inline void exmy__store_bits(void *out, exmy_type t, size_t i, uint64_t bits)
{
    if (t == EXMY_TYPE_F64)
        memcpy((unsigned char *)out + 8 * i, &bits, 8);
    else
        exmy__store_code(out, t == EXMY_TYPE_F32 ? 4 : 2, i, (uint32_t)bits);
}

/* What the .fmt and .prof loaders share (catalogue.c). */

/* Load a catalogue file (kind ".fmt" or ".prof", for messages) with the
 * loader of its text: at most EXMY_FMT_FILE_MAX + 1 bytes are read, and a
 * larger file or one holding a NUL byte is refused (EXMY_ESYNTAX); EXMY_EIO
 * when it cannot be opened or read. */
typedef exmy_status (*exmy__loader)(exmy_catalogue *cat, const char *text, const char *origin,
                                    char *why, size_t whylen);
exmy_status exmy__load_file(exmy_catalogue *cat, const char *path, const char *kind,
                            exmy__loader load, char *why, size_t whylen);
/* The lines of a catalogue text, each at most EXMY_FMT_LINE_MAX characters
 * (a final '\r' dropped). exmy__lines_next skips blank lines and comments,
 * takes in "family:" lines, refuses anything before the first of them, and
 * gives each other line without its leading white space (*line == NULL at the
 * end). Errors say "ORIGIN:LINE: reason". */
typedef struct exmy__lines {
    const char *next;
    const char *origin;
    unsigned lineno;                    /* of the line last given */
    char family[EXMY_FAMILY_MAX + 1];   /* of the last "family:" line */
    char buf[EXMY_FMT_LINE_MAX + 1];
} exmy__lines;
exmy_status exmy__lines_start(exmy__lines *L, const char *text, const char *origin,
                              const char *kind, char *why, size_t whylen);
exmy_status exmy__lines_next(exmy__lines *L, const char **line, char *why, size_t whylen);
/* 1..max characters of [A-Za-z0-9_.+-]. */
bool exmy__valid_name(const char *s, size_t n, size_t max);
/* Is `name` a format, profile or block format name or alias of the catalogue? */
bool exmy__catalogue_name_taken(const exmy_catalogue *cat, const char *name);
/* Append n profiles (already checked) to the catalogue: all or nothing. */
exmy_status exmy__catalogue_add_profiles(exmy_catalogue *cat, const exmy_profile *v, size_t n);
/* Drop the profiles from index n on (a failed load's rollback). */
void exmy__catalogue_drop_profiles(exmy_catalogue *cat, size_t n);
/* Append one block format (already checked); drop those from index n on. */
exmy_status exmy__catalogue_add_block(exmy_catalogue *cat, const exmy_block_format *bf);
void exmy__catalogue_drop_blocks(exmy_catalogue *cat, size_t n);

/* Block formats (block_format.c), for the .blk loader and the quantiser. */
#define EXMY__BLOCK_SIZE_MAX 2147483647u /* elements per block: 1..2^31-1 */
/* The field of a block format a failed exmy__block_check is about. */
typedef enum exmy__bfield {
    EXMY__BF_ELEMENT,
    EXMY__BF_SCALE,
    EXMY__BF_SIZE,
    EXMY__BF_RULE
} exmy__bfield;
/* exmy_block_validate, also saying which field is wrong (field may be NULL). */
exmy_status exmy__block_check(const exmy_block_format *bf, exmy__bfield *field, char *why,
                              size_t whylen);
/* MXINT8's element stand-in: e1m6, bias 1, finite, no NaN (k * 2^-6, |k| <= 127). */
exmy_status exmy__block_int8_elem(exmy_format *out);
/* An element: "int8" (MXINT8: kind INT8 and the stand-in) or a format by
 * name or spec (kind FLOAT). A scale: "e8m0" and "ue8m0" are e8m0fnu, "ue4m3"
 * is e4m3fn (the documents' names), else a format by name or spec. */
exmy_status exmy__block_elem_parse(const exmy_catalogue *cat, const char *s, exmy_elem_kind *kind,
                                   exmy_format *out, char *why, size_t whylen);
exmy_status exmy__block_scale_parse(const exmy_catalogue *cat, const char *s, exmy_format *out,
                                    char *why, size_t whylen);
/* Does the scale format hold powers of two only (precision 1)? */
bool exmy__block_scale_is_pow2(const exmy_format *scale);
/* floor for a power-of-two scale format, div otherwise. */
exmy_scale_rule exmy__block_default_rule(const exmy_format *scale);
/* A block size: decimal digits, 1..EXMY__BLOCK_SIZE_MAX. */
bool exmy__block_parse_size(const char *s, unsigned *out);

/* The keys of a .prof profile (formats/README.md), in the README's order;
 * they also name the field a failed exmy__profile_check is about, so that the
 * loader can point at that field's line. */
typedef enum exmy__pkey {
    EXMY__PK_ALIASES,
    EXMY__PK_FORMAT,
    EXMY__PK_ROUND,
    EXMY__PK_SAT,
    EXMY__PK_SR_BITS,
    EXMY__PK_RBITS,
    EXMY__PK_RBITS_LANES,
    EXMY__PK_LANES,
    EXMY__PK_NAN,
    EXMY__PK_NEGATIVE,
    EXMY__PK_ZERO,
    EXMY__PK_INPUTS,
    EXMY__PK_DAZ,
    EXMY__PK_FTZ,
    EXMY__PK_RELU,
    EXMY__PK_SCALED,
    EXMY__PK_TINY_ROUND,
    EXMY__PK_SOURCE,
    EXMY__PK_UNSPECIFIED,
    EXMY__PK_NOTE,
    EXMY__PK_COUNT
} exmy__pkey;

/* Every rule of exmy_profile_validate but the termination of the text
 * fields (which conversion never reads), in one place (profile.c). On
 * EXMY_OK, *P holds the format's layout; otherwise *key (if non-NULL) names
 * the field at fault and `why` says why. */
exmy_status exmy__profile_check(const exmy_profile *p, exmy__prep *P, exmy__pkey *key, char *why,
                                size_t whylen);

/* The checks every call that converts through a profile makes first: the
 * profile (P filled), the type (EXMY_EINVAL out of range, EXMY_ETYPE when the
 * instruction does not take it) and the scale (EXMY_EINVAL on an unscaled
 * profile). */
exmy_status exmy__profile_call_check(const exmy_profile *p, exmy__prep *P, exmy_type type,
                                     int scale_exp);

/* exmy_profile_convert in the pieces the checks (check.c) share with it, so
 * that there is one copy (profile.c):
 *  - exmy__profile_input: steps (a)-(d): the profile, type and scale checked
 *    (P filled), the input decoded exactly, DAZ applied (*flushed: a nonzero
 *    input read as zero), the scale applied; NaN inputs come back as
 *    EXMY__X_NAN. Statuses as exmy_profile_convert.
 *  - exmy__profile_decode: (c)-(d) alone, on a checked profile and type.
 *  - exmy__profile_finish: (b) and (e)-(h) on the decoded input: code and
 *    flags as exmy_profile_convert writes them. */
exmy_status exmy__profile_input(const exmy_profile *p, exmy__prep *P, exmy_type type,
                                uint64_t xbits, int scale_exp, exmy__exact *x, bool *flushed);
void exmy__profile_decode(const exmy_profile *p, exmy_type type, uint64_t xbits, int scale_exp,
                          exmy__exact *x, bool *flushed);
exmy_status exmy__profile_finish(const exmy_profile *p, const exmy__prep *P, exmy_type type,
                                 uint64_t xbits, const exmy__exact *x, uint32_t r,
                                 uint32_t *code, unsigned *flags);
/* exmy_profile_accepts given the conversion's status `st` (EXMY_OK or
 * EXMY_ENONAN) and code `want`: the one copy of the acceptance rule. */
bool exmy__profile_accepts_code(const exmy_profile *p, const exmy__prep *P, exmy_status st,
                                uint32_t want, uint32_t code);

size_t exmy__strlcpy(char *dst, const char *src, size_t len);
void exmy__why(char *why, size_t whylen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int exmy__strcasecmp(const char *a, const char *b);

#endif
