/* exmy — bit-exact emulation of small floating-point formats.
 *
 * Public API: format descriptors, spec strings, the catalogue, and the scalar
 * conversion core (the oracle every fast path is tested against).
 *
 * Conventions
 *  - Every function returns an exmy_status (0 = EXMY_OK) or a plain value
 *    that cannot fail; the library never prints, aborts or exits.
 *  - Descriptors are const; rounding, saturation and stochastic bits are
 *    arguments. There is no global mutable state.
 *  - IEEE-style flags (EXMY_FLAG_*) come back through an optional out
 *    parameter and are separate from the status.
 *  - Every function that takes a descriptor checks it in full, by the rules
 *    of exmy_format_validate, before anything else: an invalid one gives
 *    EXMY_EFORMAT (a NULL one EXMY_EINVAL) and nothing is written. The few
 *    that cannot return a status give a documented safe result instead
 *    (exmy_classify: EXMY_CLASS_NAN; exmy_to_f64: NaN, see
 *    exmy_to_f64_checked; exmy_format_equal: false).
 */
#ifndef EXMY_H
#define EXMY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exmy_version.h" /* EXMY_VERSION, exmy_version() */

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- status */

typedef enum exmy_status {
    EXMY_OK = 0,
    EXMY_EINVAL,    /* bad argument (NULL pointer, mode out of range, sr_bits not 1..32) */
    EXMY_EFORMAT,   /* descriptor is not a valid format */
    EXMY_ESPEC,     /* spec string cannot be parsed */
    EXMY_ENOTFOUND, /* no catalogue format of that name */
    EXMY_ENUMBER,   /* malformed number string */
    EXMY_ENONAN,    /* the result is NaN but the format has no NaN encoding */
    EXMY_EINEXACT,  /* the value is not exactly representable in the requested type */
    EXMY_ENOMEM,    /* allocation failed */
    EXMY_EIO,       /* a file could not be read */
    EXMY_ESYNTAX,   /* a formats file is malformed */
    EXMY_EDUPLICATE, /* a formats file redefines a name */
    EXMY_ETYPE       /* the profile's instruction does not take this input type */
} exmy_status;

/* A static English description of a status; never NULL. */
const char *exmy_strerror(exmy_status s);

/* ----------------------------------------------------------------- flags */

enum {
    EXMY_FLAG_INEXACT = 1u << 0,   /* the result differs from the input value */
    EXMY_FLAG_UNDERFLOW = 1u << 1, /* inexact and 0 < |x| < min normal (tininess before rounding) */
    EXMY_FLAG_OVERFLOW = 1u << 2,  /* the rounded magnitude (unbounded exponent) exceeds max finite,
                                      or an infinite input was replaced by a finite value */
    EXMY_FLAG_INVALID = 1u << 3    /* NaN input, negative input to an unsigned format,
                                      or a value the format cannot hold at all */
};

/* ---------------------------------------------------------------- format */

typedef enum exmy_domain {
    EXMY_FINITE = 0,  /* no infinities */
    EXMY_EXTENDED = 1 /* the highest non-NaN code of each sign is +-Inf */
} exmy_domain;

/* Limits of the .fmt catalogue text (formats/README.md). The loader rejects a
 * file or field beyond them with "FILE:LINE: reason"; nothing is truncated. */
#define EXMY_NAME_MAX 31           /* characters in a name or one alias */
#define EXMY_ALIASES_MAX 127       /* characters in an entry's alias list */
#define EXMY_SOURCE_MAX 159        /* characters in an entry's source citation */
#define EXMY_FAMILY_MAX 63         /* characters in a family name */
#define EXMY_FMT_LINE_MAX 511      /* characters in one line */
#define EXMY_FMT_FILE_MAX 1048576  /* bytes in one .fmt file or text (1 MiB) */

/* A format is data. Code layout, most significant first:
 *   [sign: 1 bit if is_signed] [exponent: E bits] [mantissa: M = precision-1 bits]
 * with E = bits - is_signed - M >= 1. For a magnitude code c (the code without
 * its sign bit), e = c >> M and m = c & (2^M - 1):
 *   subnormals && e == 0 : value = m * 2^(1 - bias - M)
 *   otherwise            : value = (2^M + m) * 2^(e - bias - M)
 * except that c == 0 is zero when has_zero. Codes from the top of each sign:
 *   the high_nans highest magnitudes are NaN; the next one is +-Inf when
 *   domain == EXMY_EXTENDED. When is_signed && !negzero the pattern
 *   "sign=1, magnitude 0" is a NaN (the fnuz convention) instead of -0. */
typedef struct exmy_format {
    unsigned bits;       /* k: total width, 1..32 */
    unsigned precision;  /* p: significand bits including the implicit one */
    int bias;            /* exponent bias, any integer */
    bool is_signed;      /* has a sign bit */
    exmy_domain domain;  /* finite or extended */
    bool negzero;        /* sign=1, magnitude 0 is -0 (else it is NaN); signed formats only */
    uint32_t high_nans;  /* how many of the highest magnitude codes per sign are NaN */
    bool subnormals;     /* exponent field 0 encodes subnormals */
    bool has_zero;       /* magnitude code 0 is zero (false only without subnormals: e8m0fnu) */
    char name[EXMY_NAME_MAX + 1]; /* catalogue name, or "" for a format built from a generic spec */
} exmy_format;

/* Derived constants of a valid format. Values are exact binary64. */
typedef struct exmy_format_info {
    unsigned exp_bits;        /* E */
    unsigned man_bits;        /* M */
    int emax;                 /* exponent of the largest finite binade */
    int emin;                 /* exponent of the smallest normal binade */
    double max_finite;        /* largest finite value */
    double min_normal;        /* smallest positive normal value */
    double min_subnormal;     /* smallest positive value (== min_normal without subnormals) */
    double epsilon;           /* 2^(1-p): the gap between 1 and the next value, as a ratio */
    uint32_t max_code;        /* magnitude code of max_finite */
    uint64_t n_codes;         /* 2^bits */
    uint64_t n_finite;        /* number of codes that decode to finite values (+0 and -0 both) */
    uint64_t n_values;        /* number of distinct finite values (-0 == +0) */
    uint32_t nan_code;        /* canonical (positive) NaN code, when has_nan (below) */
    bool has_nan;
    bool has_inf;
    uint32_t inf_code;        /* +Inf code, when has_inf */
    unsigned code_bytes;      /* 1, 2 or 4: storage width of one code */
} exmy_format_info;

/* The canonical NaN: the code a NaN input encodes to (and a nosat overflow
 * in a format with NaN but no Inf); exmy_format_info.nan_code is the positive
 * one. The rule:
 *  - high_nans > 0: the all-ones magnitude, except in IEEE-style formats
 *    (extended, M >= 1, high_nans == 2^M - 1: every code of the top exponent
 *    but Inf is NaN), which take the IEEE quiet NaN, exponent all ones and the
 *    top mantissa bit set, as hardware and ml_dtypes do. A negative NaN input
 *    gives the same magnitude with the sign bit set (signed formats).
 *  - high_nans == 0, signed, !negzero (fnuz, P3109 signed formats): the only
 *    NaN, sign = 1 and magnitude 0, for NaN inputs of either sign.
 *  - no NaN at all: NaN inputs return EXMY_ENONAN.
 * The catalogue's canonical NaNs (positive / negative NaN input):
 *   binary16 0x7e00 / 0xfe00            bfloat16 0x7fc0 / 0xffc0
 *   tf32     0x3fe00 / 0x7fe00          binary32 0x7fc00000 / 0xffc00000
 *   e5m2     0x7e / 0xfe                e4m3     0x7c / 0xfc
 *   e3m4     0x78 / 0xf8                e4m3fn   0x7f / 0xff
 *   e4m3fnuz, e5m2fnuz, e4m3b11fnuz, binary8pPse, binary8pPsf: 0x80 (both)
 *   e8m0fnu, binary8pPue, binary8pPuf (unsigned): 0xff
 *   e2m1fn, e2m3fn, e3m2fn: none (EXMY_ENONAN). */

/* Check a descriptor. On failure, writes one line saying why into `why`
 * (if non-NULL and whylen > 0) and returns EXMY_EFORMAT (EXMY_EINVAL for
 * f == NULL). The rules: bits 1..32; precision >= 1; at least one exponent
 * bit; |bias| < 2^20; domain finite or extended; no negzero when unsigned; no
 * subnormals without zero; the high_nans NaNs (and Inf) leave a positive
 * finite value; every value a binary64 (max finite < 2^1024, the smallest
 * nonzero value >= 2^-1074). Every entry point applies exactly these. */
exmy_status exmy_format_validate(const exmy_format *f, char *why, size_t whylen);

/* Fill the derived constants of a valid format (validates first). */
exmy_status exmy_format_get_info(const exmy_format *f, exmy_format_info *info);

/* Do a and b encode the same number system (name ignored)? false when
 * either is NULL or invalid: such a descriptor encodes no number system. */
bool exmy_format_equal(const exmy_format *a, const exmy_format *b);

/* A descriptor in the generic spelling: "e4m3:bias=7:finite:nans=1" etc.
 * Parsing the result gives back an equal descriptor. Writes at most len bytes
 * (always NUL-terminated); returns EXMY_EINVAL when len is too small. */
exmy_status exmy_format_to_string(const exmy_format *f, char *buf, size_t len);

/* Parse a spec: a catalogue name or alias (case-insensitive), or eXmY with
 * options (case-insensitive) ":bias=N", ":nosub", ":nozero", ":finite", ":extended", ":negzero",
 * ":nonegzero", ":nans=N", ":unsigned". A generic eXmY defaults to the IEEE 754
 * pattern (bias 2^(X-1)-1, subnormals, -0, Inf, 2^Y-1 NaNs). `why` receives
 * a one-line reason on failure. The catalogue is searched when cat != NULL. */
typedef struct exmy_catalogue exmy_catalogue;
exmy_status exmy_format_parse(const exmy_catalogue *cat, const char *spec, exmy_format *out,
                              char *why, size_t whylen);

/* Classification of a code. */
typedef enum exmy_class {
    EXMY_CLASS_ZERO,
    EXMY_CLASS_SUBNORMAL,
    EXMY_CLASS_NORMAL,
    EXMY_CLASS_INF,
    EXMY_CLASS_NAN
} exmy_class;
/* Class of `code` (bits above f->bits are ignored). An invalid or NULL
 * descriptor gives EXMY_CLASS_NAN ("not a number of any format"). */
exmy_class exmy_classify(const exmy_format *f, uint32_t code);
/* "zero", "subnormal", "normal", "inf", "nan" (and back, case-insensitive;
 * EXMY_EINVAL for an unknown name). */
const char *exmy_class_name(exmy_class c);
exmy_status exmy_class_from_name(const char *name, exmy_class *out);

/* All distinct finite values of a format of at most 16 bits, ascending, -0
 * omitted (+0 stands for both). *n receives the count; values must hold
 * info.n_values doubles (NULL to query the count only). */
exmy_status exmy_format_values(const exmy_format *f, double *values, size_t *n);

/* ------------------------------------------------------------- catalogue */

/* The named formats. A catalogue owns its entries; exmy_catalogue_builtin()
 * returns a fresh copy of the compiled-in formats/NAME.fmt files. */
typedef struct exmy_catalogue_entry {
    exmy_format format;  /* format.name is the entry's name */
    char aliases[EXMY_ALIASES_MAX + 1]; /* comma-separated, "" if none */
    char source[EXMY_SOURCE_MAX + 1];   /* one-line citation: spec and section */
    char family[EXMY_FAMILY_MAX + 1];   /* the .fmt file's family name */
} exmy_catalogue_entry;

exmy_status exmy_catalogue_builtin(exmy_catalogue **out);
exmy_catalogue *exmy_catalogue_new(void); /* empty; NULL on allocation failure */
void exmy_catalogue_free(exmy_catalogue *cat);
/* Add the formats of a .fmt text / file. On a syntax error `why` says
 * "FILE:LINE: reason" and nothing is added. A name or alias that reads as a
 * generic spec ("e5m3") must denote exactly that generic format, so that it
 * never shadows it. A file larger than EXMY_FMT_FILE_MAX bytes, or one holding
 * a NUL byte, is rejected after reading at most EXMY_FMT_FILE_MAX + 1 bytes. */
exmy_status exmy_catalogue_load_string(exmy_catalogue *cat, const char *text, const char *origin,
                                       char *why, size_t whylen);
exmy_status exmy_catalogue_load_file(exmy_catalogue *cat, const char *path, char *why,
                                     size_t whylen);
size_t exmy_catalogue_size(const exmy_catalogue *cat);
const exmy_catalogue_entry *exmy_catalogue_at(const exmy_catalogue *cat, size_t i);
/* Case-insensitive lookup by name or alias; NULL if absent. */
const exmy_catalogue_entry *exmy_catalogue_find(const exmy_catalogue *cat, const char *name);

/* ------------------------------------------------------------ conversion */

typedef enum exmy_round {
    EXMY_RNE = 0, /* nearest, ties to the even code */
    EXMY_RNA,     /* nearest, ties away from zero */
    EXMY_RTZ,     /* toward zero */
    EXMY_RUP,     /* toward +Inf */
    EXMY_RDN,     /* toward -Inf */
    EXMY_RTO,     /* to odd: an inexact result takes the odd code of the two neighbours */
    EXMY_SR_A,    /* P3109 stochastic A: away iff floor(nu*2^N) + R >= 2^N */
    EXMY_SR_B,    /* P3109 stochastic B: away iff floor(nu*2^(N+1)) + 2R + 1 >= 2^(N+1) */
    EXMY_SR_C     /* P3109 stochastic C: away iff RNE(nu*2^N) + R >= 2^N */
} exmy_round;
#define EXMY_ROUND_COUNT 9

typedef enum exmy_sat {
    EXMY_SATFINITE = 0, /* out of range, +-Inf included -> +-max finite */
    EXMY_SATPROPAGATE,  /* finite out of range -> +-max; +-Inf -> +-Inf if extended, else +-max */
    EXMY_SATNONE,       /* out of range -> +-Inf if extended, else +-max */
    EXMY_NOSAT          /* OCP non-saturating: overflow and +-Inf -> +-Inf, else NaN */
} exmy_sat;
#define EXMY_SAT_COUNT 4

typedef struct exmy_opts {
    exmy_round round;
    exmy_sat sat;
    unsigned sr_bits; /* N, 1..32, for the stochastic modes; ignored otherwise */
} exmy_opts;

/* Names as on the command line: "rne", "sr-a", "satfinite", "nosat", ...
 * Lookups are case-insensitive and return EXMY_EINVAL for an unknown name;
 * every enum <-> name table of the library lives in one place (names.c). */
const char *exmy_round_name(exmy_round r);
const char *exmy_sat_name(exmy_sat s);
exmy_status exmy_round_from_name(const char *name, exmy_round *out);
exmy_status exmy_sat_from_name(const char *name, exmy_sat *out);
bool exmy_round_is_stochastic(exmy_round r);

/* Conversion to a code. Common contract of every exmy_from_*:
 *  - rounds once, from the input's own exact value (no intermediate format);
 *  - rounding happens first, the range check second (P3109 4.2, OFP8 5.2.1);
 *  - NaN -> the canonical NaN (sign kept where the format has NaNs of both
 *    signs), EXMY_FLAG_INVALID; a format without NaN returns EXMY_ENONAN;
 *  - -0 -> -0 where negzero, else +0;
 *  - +-Inf and overflow follow opts->sat (see exmy_sat);
 *  - a directed mode that points toward zero gives +-max finite on overflow;
 *  - P3109's ToOdd overflow: satnone/nosat take whichever of max finite and Inf
 *    has the odd code (Inf in signed P3109 formats, max in unsigned ones and
 *    in IEEE-style formats);
 *  - negative inputs (-Inf included) to an unsigned format: those that round to
 *    zero give +0; the others are out of the range [0, max]: satfinite and
 *    satpropagate give 0 (EXMY_FLAG_OVERFLOW), satnone and nosat give NaN
 *    (EXMY_FLAG_INVALID); a format without zero (e8m0fnu) gives NaN;
 *  - zero input to a format without zero is invalid -> NaN;
 *  - rbits supplies R for stochastic modes (its low sr_bits bits are used);
 *  - flags (optional) receives EXMY_FLAG_* for this conversion.
 * `code` receives the code in its low f->bits bits. */
exmy_status exmy_from_f64(const exmy_format *f, double x, const exmy_opts *o, uint32_t rbits,
                          uint32_t *code, unsigned *flags);
exmy_status exmy_from_f32(const exmy_format *f, float x, const exmy_opts *o, uint32_t rbits,
                          uint32_t *code, unsigned *flags);
/* binary16 and bfloat16 inputs given as bit patterns. */
exmy_status exmy_from_f16bits(const exmy_format *f, uint16_t x, const exmy_opts *o, uint32_t rbits,
                              uint32_t *code, unsigned *flags);
exmy_status exmy_from_bf16bits(const exmy_format *f, uint16_t x, const exmy_opts *o,
                               uint32_t rbits, uint32_t *code, unsigned *flags);
/* A code of another format (decoded exactly, then rounded once). */
exmy_status exmy_from_code(const exmy_format *f, const exmy_format *src, uint32_t src_code,
                           const exmy_opts *o, uint32_t rbits, uint32_t *code, unsigned *flags);
/* A decimal or hex-float string ("-431.99999999999994", "0x1.8p-3", "inf",
 * "-inf", "nan"), correctly rounded straight from the string through MPFR:
 * no intermediate binary64. Leading/trailing spaces are not accepted.
 * EXMY_ENUMBER for anything else. */
exmy_status exmy_from_string(const exmy_format *f, const char *s, const exmy_opts *o,
                             uint32_t rbits, uint32_t *code, unsigned *flags);

/* The exact value of a code as binary64 (every value of a valid format is a
 * binary64): NaN codes give a NaN with the code's sign, Inf codes +-Inf. An
 * invalid or NULL descriptor also gives a NaN (positive), which a caller
 * cannot tell from a NaN code: where the descriptor is not known to be valid,
 * use exmy_to_f64_checked. */
double exmy_to_f64(const exmy_format *f, uint32_t code);
/* exmy_to_f64 with a status: EXMY_EFORMAT for an invalid descriptor,
 * EXMY_EINVAL for a NULL pointer (*out untouched); else *out = the value. */
exmy_status exmy_to_f64_checked(const exmy_format *f, uint32_t code, double *out);
/* The value as binary32; EXMY_EINEXACT when it is finite and not a binary32. */
exmy_status exmy_to_f32(const exmy_format *f, uint32_t code, float *out);

/* Exact decimal text of a code's value: every digit ("0.001953125", "-448",
 * "inf", "-inf", "nan"). Returns EXMY_EINVAL if len is too small (1100 bytes
 * always suffice). */
exmy_status exmy_code_to_decimal(const exmy_format *f, uint32_t code, char *buf, size_t len);

/* Exact decimal text of any binary64: every digit, no exponent
 * ("0.1000000000000000055511151231257827021181583404541015625", "-0", "448",
 * "inf", "-inf", "nan", "-nan"). Returns EXMY_EINVAL if len is too small
 * (EXMY_F64_DECIMAL_LEN bytes always suffice: 2^-1074 has 1074 fractional
 * digits), EXMY_ENOMEM if GMP cannot allocate. */
exmy_status exmy_f64_to_decimal(double x, char *buf, size_t len);
#define EXMY_F64_DECIMAL_LEN 1100


/* ---------------------------------------------------------------- arrays */

/* Element types of floating-point arrays. */
typedef enum exmy_type {
    EXMY_TYPE_F64 = 0, /* binary64 (double) */
    EXMY_TYPE_F32,     /* binary32 (float) */
    EXMY_TYPE_F16,     /* binary16 bit patterns (uint16_t) */
    EXMY_TYPE_BF16     /* bfloat16 bit patterns (uint16_t) */
} exmy_type;
size_t exmy_type_size(exmy_type t);
const char *exmy_type_name(exmy_type t); /* "f64", "f32", "f16", "bf16" */
exmy_status exmy_type_from_name(const char *name, exmy_type *out);

/* Which implementation runs the array calls. Every level gives bit-identical
 * results (codes, fake-quantised values, statistics, status, first_error);
 * the tests compare each level with the scalar core. */
typedef enum exmy_isa {
    EXMY_ISA_AUTO = 0, /* EXMY_ISA from the environment if set, else the best level */
    EXMY_ISA_SCALAR,   /* the scalar core, element by element (the oracle) */
    EXMY_ISA_PORTABLE, /* portable C kernels */
    EXMY_ISA_AVX2,     /* x86-64 AVX2 + F16C */
    EXMY_ISA_AVX512    /* x86-64 AVX-512 F/BW/VL/DQ */
} exmy_isa;
/* "auto", "scalar", "portable", "avx2", "avx512" (and back, case-insensitive). */
const char *exmy_isa_name(exmy_isa isa);
exmy_status exmy_isa_from_name(const char *name, exmy_isa *out);
/* The level a call asking for `requested` runs on: EXMY_ISA_AUTO becomes the
 * level named by the environment variable EXMY_ISA (scalar|portable|avx2|
 * avx512; anything else is ignored; read once per process, at the first
 * resolution of auto) or else the best one; a level this build
 * or CPU lacks becomes the best supported level below it. */
exmy_isa exmy_isa_resolve(exmy_isa requested);
/* Is this level built in and supported by this CPU? (auto, scalar and
 * portable always are.) */
bool exmy_isa_supported(exmy_isa isa);

/* Options of the array calls. Zero-initialise, then set what you need. */
typedef struct exmy_array_opts {
    exmy_opts conv;          /* rounding, saturation, sr_bits */
    const uint32_t *random;  /* stochastic modes: one value per element (low sr_bits used), or NULL */
    uint64_t seed;           /* stochastic modes with random == NULL: Philox4x32-10 key */
    uint64_t index0;         /* global index of element 0 (for Philox; lets a stream be split) */
    exmy_isa isa;            /* EXMY_ISA_AUTO by default */
    unsigned threads;        /* at most this many threads (0 or 1: this thread only); arrays
                                shorter than 2^16 elements per thread use fewer; results never
                                depend on it */
} exmy_array_opts;

/* Per-call counts (optional). `first_error` is the index of the first element
 * that failed when the call returns an error (EXMY_ENONAN, EXMY_EINEXACT);
 * the counts then cover the elements before it. */
typedef struct exmy_array_stats {
    uint64_t inexact;  /* elements with EXMY_FLAG_INEXACT */
    uint64_t overflow; /* elements with EXMY_FLAG_OVERFLOW */
    uint64_t nan;      /* elements whose result is a NaN code */
    size_t first_error;
} exmy_array_stats;

/* Philox-driven stochastic rounding: the random bits R of global element
 * index g (g = index0 + i for element i of a call) with seed s are
 *
 *     (w0, w1, w2, w3) = Philox4x32-10(counter = (c0, c1, 0, 0), key = (k0, k1))
 *     c0 = (g / 4) mod 2^32,  c1 = (g / 4) >> 32,  k0 = s mod 2^32,  k1 = s >> 32
 *     R  = w[g mod 4] mod 2^N                     (N = sr_bits)
 *
 * with Philox4x32-10 exactly as Random123's philox4x32() (10 rounds,
 * multipliers 0xD2511F53 / 0xCD9E8D57, key increments 0x9E3779B9 /
 * 0xBB67AE85). A GPU kernel reproduces it with Random123's philox4x32 (its
 * headers compile for CUDA and OpenCL): thread t draws the block with counter
 * (t mod 2^32, t >> 32, 0, 0) and uses its four words for elements 4t .. 4t+3. The bits
 * depend on (seed, g) alone: never on thread count, SIMD width, chunking, or
 * where a stream was split (continue with index0 = elements done). */
uint32_t exmy_philox_bits(uint64_t seed, uint64_t index, unsigned bits);
/* out[i] = exmy_philox_bits(seed, index0 + i, bits) for i < n, on the level
 * `isa` resolves to. */
exmy_status exmy_philox_fill(uint64_t seed, uint64_t index0, size_t n, unsigned bits,
                             uint32_t *out, exmy_isa isa);

/* Encode n elements of type `type` at `in` into codes at `codes` (uint8_t,
 * uint16_t or uint32_t per element: exmy_format_info.code_bytes). Same contract
 * per element as exmy_from_*; stochastic modes take R from o->random[i] or
 * from Philox (above). EXMY_ENONAN stops at the first element whose result
 * would be NaN in a format without NaN (stats->first_error): the elements
 * before it are written, those after it may or may not be. n == 0 is
 * allowed. Arrays need the alignment of their element type only.
 *
 * The SIMD kernels handle formats with subnormals (and p <= 24 with a
 * smallest normal >= 2^-126 for binary32/binary16/bfloat16 input; smallest
 * normal >= 2^-1022 for binary64 input); other formats (e8m0fnu, ":nosub"
 * formats, binary8p1ue/uf from binary32) run on the scalar core at every
 * level, with the same results. */
exmy_status exmy_encode_array(const exmy_format *f, exmy_type type, const void *in, void *codes,
                              size_t n, const exmy_array_opts *o, exmy_array_stats *stats);
/* Fake-quantise: round each element to the format and write its value in the
 * input's own type (in == out allowed; other overlaps are not). NaN results
 * are the type's default quiet NaN with the code's sign. EXMY_EINEXACT (at
 * stats->first_error) if a result is not representable in that type (e.g.
 * 65536 from bfloat16 into binary16); formats all of whose values are
 * representable run on the kernels, the others on the scalar core. */
exmy_status exmy_quantize_array(const exmy_format *f, exmy_type type, const void *in, void *out,
                                size_t n, const exmy_array_opts *o, exmy_array_stats *stats);
/* Decode n codes to binary64 or binary32 (type EXMY_TYPE_F64 / EXMY_TYPE_F32),
 * each as exmy_to_f64 (NaN codes give the type's default quiet NaN with the
 * code's sign). Exact, so stats->inexact and stats->overflow are 0 and
 * stats->nan counts the NaN codes. EXMY_EINEXACT (binary32 only) at the first
 * code whose value is not a binary32 (stats->first_error; the elements before
 * it are written and counted). Bits of a code above f->bits are ignored. o may
 * be NULL (EXMY_ISA_AUTO, one thread); stats may be NULL. */
exmy_status exmy_decode_array(const exmy_format *f, const void *codes, exmy_type type, void *out,
                              size_t n, const exmy_array_opts *o, exmy_array_stats *stats);

/* -------------------------------------------------------------- profiles */

/* A profile is what one vendor's conversion (an instruction, an intrinsic, a
 * library cast) does with a format: the format, its rounding and saturation,
 * and the rules where the vendor departs from exmy's format contract (the NaN
 * code it writes, what it does with negative inputs and zero for unsigned
 * targets, DAZ/FTZ, PTX .relu, how a stochastic instruction uses its random
 * operand), each cited. Profiles are data: formats/NAME.prof, compiled in,
 * and user .prof files loaded at run time (formats/README.md). They live in
 * the catalogue beside the formats, in one namespace of names. */

#define EXMY_PROFILE_NAME_MAX 63  /* characters in a profile name or one alias */
#define EXMY_PROFILE_TEXT_MAX 511 /* characters in a source / unspecified / note text */
#define EXMY_PROFILE_LANES_MAX 8  /* lanes of a profile with per-lane random-bit shifts */

/* The code written for a NaN input. */
typedef enum exmy_nan_out {
    EXMY_NANOUT_CANONICAL = 0, /* the format's canonical NaN (exmy_from_* contract) */
    EXMY_NANOUT_FIXED,         /* nan_code, whatever the input's sign (may be a non-NaN
                                  code in a format without NaN: CUDA's FP4/FP6) */
    EXMY_NANOUT_SIGNED,        /* nan_code XOR (the input's sign bit): nan_code for a positive
                                  NaN, nan_code with its sign bit flipped for a negative one
                                  (signed formats; a nan_code with the sign bit set inverts
                                  the sign: ml_dtypes' FP4/FP6 give -0 for +NaN) */
    EXMY_NANOUT_QUIET,         /* IEEE quieting: the input's sign, the format's all-ones
                                  exponent, the quiet (top mantissa) bit set and the top
                                  M-1 payload bits of the input (x86 vcvtps2ph) */
    EXMY_NANOUT_UNSPECIFIED    /* the document leaves it open: any NaN code of the format
                                  is a correct answer; exmy writes the canonical NaN */
} exmy_nan_out;
#define EXMY_NANOUT_COUNT 5

/* Negative inputs to an unsigned format. */
typedef enum exmy_neg_rule {
    EXMY_NEG_FORMAT = 0, /* the format contract of exmy_from_* */
    EXMY_NEG_MAGNITUDE,  /* the sign is dropped: |x| is converted (CUDA's e8m0) */
    EXMY_NEG_ZERO,       /* every negative input gives the code of +0 (zero_code when
                            zero_to_code; else the format's zero) */
    EXMY_NEG_NAN         /* every negative input is a NaN input (nan_out applies) */
} exmy_neg_rule;
#define EXMY_NEG_COUNT 4

typedef struct exmy_profile {
    char name[EXMY_PROFILE_NAME_MAX + 1];
    char aliases[EXMY_ALIASES_MAX + 1]; /* comma-separated, "" if none */
    char family[EXMY_FAMILY_MAX + 1];   /* the .prof file's family */
    exmy_format format;                 /* the target format */
    exmy_opts conv;                     /* rounding, saturation, sr_bits */
    exmy_nan_out nan_out;
    uint32_t nan_code;                  /* for EXMY_NANOUT_FIXED / _SIGNED */
    exmy_neg_rule negative;             /* unsigned formats only (EXMY_NEG_FORMAT otherwise) */
    bool zero_to_code;                  /* a zero input (either sign) gives zero_code: formats
                                           without zero (CUDA and PyTorch e8m0: 0x00) */
    uint32_t zero_code;
    unsigned inputs;                    /* bit (1u << t) for each exmy_type t the instruction
                                           takes; never 0 */
    bool daz;                           /* subnormal inputs read as zero of the same sign */
    bool ftz;                           /* subnormal results flush to zero of the same sign */
    bool relu;                          /* PTX .relu: negative results (-0 included) give +0;
                                           NaN inputs still follow nan_out */
    bool scaled;                        /* the instruction takes a power-of-two scale operand:
                                           x * 2^scale_exp is rounded once */
    unsigned lanes;                     /* elements per instruction (1 for a scalar one) */
    unsigned rbits_shift;               /* stochastic: lane i's R is the sr_bits bits of the */
    unsigned rbits_stride;              /*   random operand from bit shift + i * stride, */
    unsigned rbits_lanes;               /*   unless rbits_lanes != 0 (== lanes): then from bit */
    unsigned char rbits_lane_shift[EXMY_PROFILE_LANES_MAX]; /* rbits_lane_shift[i] (PTX x4) */
    bool has_tiny_round;                /* inputs of magnitude below 2^tiny_exp (after the */
    int tiny_exp;                       /*   scale) round with tiny_round instead of conv.round */
    exmy_round tiny_round;              /*   (PyTorch/ml_dtypes e8m0: rup below 2^-126) */
    char source[EXMY_PROFILE_TEXT_MAX + 1];      /* citation: document, version, section */
    char unspecified[EXMY_PROFILE_TEXT_MAX + 1]; /* what the document leaves open; "" if nothing */
    char note[EXMY_PROFILE_TEXT_MAX + 1];        /* departures from the format's rules, packing */
} exmy_profile;

/* "canonical", "fixed", "signed", "quiet", "unspecified"; "format",
 * "magnitude", "zero", "nan" (and back, case-insensitive; EXMY_EINVAL). */
const char *exmy_nan_out_name(exmy_nan_out r);
exmy_status exmy_nan_out_from_name(const char *name, exmy_nan_out *out);
const char *exmy_neg_rule_name(exmy_neg_rule r);
exmy_status exmy_neg_rule_from_name(const char *name, exmy_neg_rule *out);

/* Check a profile: a valid format, rounding/saturation in range (sr_bits 1..32
 * for stochastic modes), codes within the format's width, negative rules only
 * for unsigned formats, inputs non-empty, lanes >= 1, a non-empty source.
 * Besides: nan/negative rules in range; EXMY_NANOUT_SIGNED only in a signed
 * format, with a nan_code that fits it; EXMY_NANOUT_QUIET only in a
 * signed IEEE-style format (extended, M >= 1, high_nans == 2^M - 1);
 * EXMY_NEG_ZERO only where there is a zero to give (the format's, or
 * zero_to_code); inputs only the four exmy_type bits; every lane's first
 * random bit (rbits_shift + (lanes-1) * rbits_stride, or each
 * rbits_lane_shift[i] with rbits_lanes == lanes <= EXMY_PROFILE_LANES_MAX)
 * inside the 32-bit operand, and for stochastic modes its last one too
 * (+ sr_bits <= 32); tiny_round a deterministic mode (|tiny_exp| < 2^20); the
 * text fields NUL-terminated within their arrays. The conversion functions
 * apply all of these but the last.
 * EXMY_EFORMAT (EXMY_EINVAL for NULL) with a one-line reason in `why`. */
exmy_status exmy_profile_validate(const exmy_profile *p, char *why, size_t whylen);

/* Add the profiles of a .prof text / file (formats/README.md) to a catalogue;
 * formats named in it are looked up in that catalogue. On error `why` says
 * "FILE:LINE: reason" and nothing is added. Names share one namespace with
 * the catalogue's formats (EXMY_EDUPLICATE). exmy_catalogue_builtin() already
 * holds the compiled-in formats/NAME.prof profiles. */
exmy_status exmy_catalogue_load_profiles_string(exmy_catalogue *cat, const char *text,
                                                const char *origin, char *why, size_t whylen);
exmy_status exmy_catalogue_load_profiles_file(exmy_catalogue *cat, const char *path, char *why,
                                              size_t whylen);
size_t exmy_catalogue_profile_count(const exmy_catalogue *cat);
const exmy_profile *exmy_catalogue_profile_at(const exmy_catalogue *cat, size_t i);
/* Case-insensitive lookup of a profile by name or alias; NULL if absent. */
const exmy_profile *exmy_catalogue_find_profile(const exmy_catalogue *cat, const char *name);

/* Convert one element as the profile's instruction does. `xbits` is the
 * input's bit pattern in its type (binary64, binary32, binary16 or bfloat16
 * bits in the low bits; bits above are ignored); EXMY_ETYPE when the profile
 * does not take `type` (EXMY_EINVAL for a type out of range). `r` is this
 * element's R (stochastic modes; exmy_profile_lane_bits takes it from the
 * instruction's random operand); `scale_exp` must be 0 unless p->scaled
 * (EXMY_EINVAL). Order: NaN input -> nan_out; daz; scale; negative rule and
 * zero_to_code (unsigned formats); relu; the format contract with p->conv;
 * ftz. Same status and flags contract as exmy_from_*, and:
 *  - the scale is exact for every scale_exp and every input type: x * 2^scale_exp
 *    is formed on the exact decoded input (never in binary64) and rounded once;
 *  - -0 is a zero, not a negative input, for the negative rule; relu maps it,
 *    like every input with the sign bit set (-Inf included), to +0;
 *  - a NaN input (and a negative one under EXMY_NEG_NAN) gives
 *    EXMY_FLAG_INVALID; canonical/unspecified give the core's NaN (EXMY_ENONAN
 *    in a format without NaN), fixed/signed/quiet their code;
 *  - the profile's own rewrites add EXMY_FLAG_INEXACT where the written code's
 *    value differs from the input's (relu of a nonzero input, EXMY_NEG_ZERO,
 *    a zero_code that is not a zero); ftz adds EXMY_FLAG_INEXACT |
 *    EXMY_FLAG_UNDERFLOW to the core's flags; daz adds nothing;
 *  - nothing is written on an error (EXMY_ENONAN as exmy_from_*). */
exmy_status exmy_profile_convert(const exmy_profile *p, exmy_type type, uint64_t xbits,
                                 uint32_t r, int scale_exp, uint32_t *code, unsigned *flags);
/* Convenience: a binary32 input, no scale. */
exmy_status exmy_profile_from_f32(const exmy_profile *p, float x, uint32_t r, uint32_t *code,
                                  unsigned *flags);
/* Lane `lane`'s R from the instruction's random operand `rbits`:
 * (rbits >> (rbits_shift + lane * rbits_stride)) mod 2^sr_bits (the shift
 * rbits_lane_shift[lane] when rbits_lanes != 0); 0 for a
 * deterministic profile or a lane >= lanes. */
uint32_t exmy_profile_lane_bits(const exmy_profile *p, uint32_t rbits, unsigned lane);
/* Is `code` a correct answer of the profile for this input? Exactly the code
 * exmy_profile_convert writes, except where the profile leaves a detail
 * unspecified (EXMY_NANOUT_UNSPECIFIED: any NaN code of the format for a NaN
 * result; in a format without NaN, any code at all where the conversion gives
 * EXMY_ENONAN). false for any other failing conversion or an invalid profile. */
bool exmy_profile_accepts(const exmy_profile *p, exmy_type type, uint64_t xbits, uint32_t r,
                          int scale_exp, uint32_t code);

/* A profile that converts as the format contract does (exmy_from_*): the
 * format, rounding, saturation and sr_bits of `o`, the canonical NaN, every
 * input type, one lane, R taken whole (rbits 0 0), no other rule. name is the
 * format's name (or "" for a generic spec), source "exmy format contract".
 * So that every command and call that takes a profile takes a format too.
 * EXMY_EFORMAT / EXMY_EINVAL as exmy_from_f64 for a bad format or options. */
exmy_status exmy_profile_from_format(const exmy_format *f, const exmy_opts *o, exmy_profile *out);

/* ---------------------------------------------------------- code packing */

/* Codes narrower than a byte as hardware stores them: "dense" packing puts
 * codes of k = f->bits bits back to back in a little-endian bit stream,
 * element i at bits k*i .. k*i+k-1, where bit b of byte j is bit 8j+b. So
 * FP4 goes two to a byte, the first element in the low nibble (CUDA
 * __nv_fp4x2_storage_t, PTX cvt...e2m1x2 with the first element as the
 * second source operand), and FP6 four to three bytes (AMD CDNA4
 * V_CVT_SCALEF32_2XPK16_FP6_F32 and V_CVT_SCALEF32_PK32_FP6_F16: 32 elements
 * in 6 dwords, element i from bit 6i, as composable_kernel's f6x32_pk_t).
 * 8-, 16- and 32-bit formats pack as their plain (little-endian) arrays. The bits after the last element of a
 * partial byte are zero when packing and ignored when unpacking. */
size_t exmy_packed_size(const exmy_format *f, size_t n); /* ceil(n * k / 8); 0 for an invalid f */
/* codes: n codes of exmy_format_info.code_bytes each; bits above k must be 0
 * (EXMY_EINVAL at the first that is not, nothing guaranteed written). */
exmy_status exmy_pack_codes(const exmy_format *f, const void *codes, size_t n, void *packed);
exmy_status exmy_unpack_codes(const exmy_format *f, const void *packed, size_t n, void *codes);

/* ------------------------------------------------- test vectors and checks */

/* The hardware-oracle workflow: the inputs a kernel test should feed
 * (exmy_vectors_*), and a judgement of the codes the kernel wrote
 * (exmy_check_array). Take a profile (exmy_profile_from_format for a plain
 * format). Inputs are arrays of the input type: double, float, or uint16_t
 * bit patterns (binary16, bfloat16). */

/* The boundary set for a profile and input type: every input a conversion
 * can get wrong, deduplicated, in ascending order of value (-Inf .. +Inf,
 * -0 before +0), NaNs last. For the target's values v (all of them for a
 * target of at most 16 bits; else the lowest and highest 4096 magnitudes and
 * the 4096 around 1), with the input value y = v * 2^-scale_exp where the
 * profile is scaled:
 *  - y and each midpoint between neighbours (the value below the lowest,
 *    zero or -max, and the first value above max finite as if the exponent
 *    range went on, included), each as the input type's value nearest below
 *    and above it (one if exact), with +-1 and +-2 ulps of the input type
 *    around each, both signs (unsigned targets too); points beyond the
 *    input type's largest finite value are left out (e5m2's 65536 from f16);
 *  - half, a quarter and an eighth of the smallest value, and the input
 *    type's own subnormals: the smallest, the largest and one between,
 *    both signs;
 *  - +-0, +-Inf, the largest finite input both signs;
 *  - NaNs of both signs: quiet with payload 0, 1 and all ones, signalling
 *    with payload 1 and all ones (binary16/bfloat16: every one of those that
 *    exists), unless a NaN input has no answer (EXMY_ENONAN: a format
 *    without NaN under the canonical or the unspecified rule), where they
 *    are left out; +quiet 0, 1, all ones, signalling 1, all ones, then the
 *    same negative.
 * Inputs the instruction does not take: EXMY_ETYPE. *n receives the size of
 * the set; at most cap elements are written to out (cap 0 and out NULL to
 * size a buffer first). Deterministic: the same set on every machine. */
exmy_status exmy_vectors_boundary(const exmy_profile *p, exmy_type type, int scale_exp, void *out,
                                  size_t cap, size_t *n);
/* n random inputs, element i a function of (seed, index0 + i) alone (Philox
 * as exmy_philox_bits), so that a stream can be made in chunks: each element
 * is, with equal odds, a uniformly random bit pattern of the input type, or
 * a random sign and significand with an exponent uniform over the target's
 * range (the smallest value's exponent - 3 .. the largest's + 3, shifted by
 * -scale_exp, clamped to the input type's finite range). Element g takes
 * the Philox words exmy_philox_bits(seed, 2^63 + 4g + j, 32), j = 0..3,
 * apart from the words that stochastic rounding's R takes with the same
 * seed; src/vectors.c spells out how they make the input, so that another
 * program can make the same stream. */
exmy_status exmy_vectors_random(const exmy_profile *p, exmy_type type, int scale_exp,
                                uint64_t seed, uint64_t index0, size_t n, void *out);

/* What each input is, for reporting: the first rule that applies, in this
 * order: NAN_IN, INF_IN, NEGZERO (the input itself), OVERFLOW
 * (EXMY_FLAG_OVERFLOW), UNDERFLOW (a nonzero finite input that gives a zero
 * code: EXMY_FLAG_UNDERFLOW, or flushed by DAZ), SUBNORMAL (the result is a
 * nonzero subnormal code), TIE (inexact, the input, scaled, exactly half-way
 * between its two neighbours in the format), INEXACT (any other
 * EXMY_FLAG_INEXACT or EXMY_FLAG_INVALID), EXACT (the rest: +0 included).
 * The enum is in the order a report lists them. */
typedef enum exmy_check_class {
    EXMY_CHECK_EXACT = 0,
    EXMY_CHECK_TIE,
    EXMY_CHECK_INEXACT,
    EXMY_CHECK_SUBNORMAL,
    EXMY_CHECK_UNDERFLOW,
    EXMY_CHECK_OVERFLOW,
    EXMY_CHECK_INF_IN,
    EXMY_CHECK_NAN_IN,
    EXMY_CHECK_NEGZERO
} exmy_check_class;
#define EXMY_CHECK_CLASS_COUNT 9
/* "exact", "tie", "inexact", "subnormal", "underflow", "overflow", "inf",
 * "nan", "negzero" (and back, case-insensitive; EXMY_EINVAL). */
const char *exmy_check_class_name(exmy_check_class c);
exmy_status exmy_check_class_from_name(const char *name, exmy_check_class *out);
/* The class of one input under the profile (the rules above); R and scale as
 * exmy_profile_convert. EXMY_ETYPE/EXMY_EINVAL/EXMY_EFORMAT as it; a
 * conversion that has no answer (EXMY_ENONAN) still has a class. */
exmy_status exmy_check_classify(const exmy_profile *p, exmy_type type, uint64_t xbits, uint32_t r,
                                int scale_exp, exmy_check_class *out);

typedef struct exmy_check_opts {
    /* Stochastic profiles: R of element i is random[i], or, with
     * random_operands, exmy_profile_lane_bits(p, random[i / p->lanes],
     * i % p->lanes) (the instruction's random operand, one per p->lanes
     * elements; index0 must then be a multiple of lanes). With random NULL
     * the bits come from Philox keyed by seed: exmy_philox_bits(seed,
     * index0 + i, sr_bits), or with random_operands the operand of
     * instruction j = (index0 + i) / lanes is exmy_philox_bits(seed, j, 32).
     * Ignored for deterministic profiles. */
    const uint32_t *random;
    bool random_operands;
    uint64_t seed;
    uint64_t index0;  /* global index of element 0: reports and Philox use index0 + i */
    int scale_exp;    /* a scaled profile's scale exponent, else 0 */
    unsigned threads; /* at most this many threads (0, 1: this one); results never depend on it */
} exmy_check_opts;

/* One element where the kernel's code is not an answer the profile accepts. */
typedef struct exmy_check_mismatch {
    uint64_t index;     /* index0 + i */
    uint64_t xbits;     /* the input's bit pattern */
    uint32_t expected;  /* the code exmy writes */
    uint32_t got;       /* the kernel's code */
    uint32_t r;         /* R used (0 for deterministic profiles) */
    exmy_check_class cls;
} exmy_check_mismatch;

#define EXMY_CHECK_KEEP 16
/* Totals over one or more calls: zero it (= {0}) once, then call
 * exmy_check_array for each chunk (o->index0 = elements before it). The
 * first mismatches, in index order, go to keep[0 .. keep_cap) when the caller
 * sets keep, else to first[0 .. EXMY_CHECK_KEEP). */
typedef struct exmy_check_result {
    uint64_t total;                              /* elements judged */
    uint64_t mismatches;                         /* elements whose code is not accepted */
    uint64_t unjudged;                           /* elements with no answer (EXMY_ENONAN: a NaN in a
                                                    format without NaN); counted in their class,
                                                    never mismatches */
    uint64_t count[EXMY_CHECK_CLASS_COUNT];      /* elements per class */
    uint64_t mismatch[EXMY_CHECK_CLASS_COUNT];   /* mismatches per class */
    size_t kept;                                 /* mismatches recorded */
    exmy_check_mismatch first[EXMY_CHECK_KEEP];
    exmy_check_mismatch *keep;                   /* optional: the caller's larger buffer */
    size_t keep_cap;
} exmy_check_result;

/* Judge n codes `got` (exmy_format_info.code_bytes each; exmy_unpack_codes
 * for packed FP4/FP6) written by a kernel for the inputs `in` of `type`:
 * element i matches when exmy_profile_accepts(p, type, in[i], R_i,
 * o->scale_exp, got[i]) (so NaN codes are compared by the profile's NaN rule,
 * and a code with bits set above the format's width never matches). Adds to
 * *res. o may be NULL (all zero). EXMY_ETYPE when the profile does not take
 * `type`; EXMY_EINVAL for a NULL pointer (n == 0 allows NULL arrays), a
 * scale_exp on an unscaled profile, or an unaligned index0 with
 * random_operands; *res is untouched on an error. A test:
 *
 *     exmy_check_result res = {0};
 *     exmy_check_array(prof, EXMY_TYPE_F32, in, out, n, NULL, &res);
 *     if (res.mismatches) { exmy_check_summary(prof, EXMY_TYPE_F32, &res, buf, sizeof buf); FAIL(buf); }
 */
exmy_status exmy_check_array(const exmy_profile *p, exmy_type type, const void *in,
                             const void *got, size_t n, const exmy_check_opts *o,
                             exmy_check_result *res);
/* One line: "1024 elements, all match" or "3 of 1024 elements differ (tie 2,
 * nan 1); first: element 17: input 0x1.2p+3 (0x41100000) tie: expected 0x4a,
 * got 0x4b". Returns the length snprintf would (the line is cut to len). */
int exmy_check_summary(const exmy_profile *p, exmy_type type, const exmy_check_result *res,
                       char *buf, size_t len);
/* One mismatch: "element 17: input 0x1.2p+3 (0x41100000) tie: expected 0x4a,
 * got 0x4b" (", R 0x1f" added for stochastic profiles; inputs print as
 * %a of their value and the input's bits in hex, codes in hex at the
 * format's width). */
int exmy_check_describe(const exmy_profile *p, exmy_type type, const exmy_check_mismatch *m,
                        char *buf, size_t len);


/* ------------------------------------------------- block-scaled formats */

/* A block format (OCP Microscaling v1.0, NVIDIA NVFP4): elements of an
 * element format sharing one scale per `block` consecutive elements of a
 * row, optionally times one binary32 scale for the whole tensor. The value
 * of element j of block b is  elem(code_j) * scale(scale_b) * tensor_scale.
 * Block formats are data (formats/NAME.blk, formats/README.md), in the
 * catalogue's one namespace of names; "block:ELEM/SCALE/N[/RULE]" spells
 * one out (exmy_block_parse). */

/* How a block's scale comes from its largest magnitude amax (NaN and Inf
 * inputs aside: exmy_block_quantize). emax_elem is the exponent of the
 * element format's largest normal binade (exmy_format_info.emax), max_elem its
 * largest finite value. Every rule is computed exactly, from the exponent and
 * significand bits of amax, never with a floating-point log2. */
typedef enum exmy_scale_rule {
    EXMY_SCALE_FLOOR = 0, /* OCP MX v1.0 §6.3: X = 2^(floor(log2 amax) - emax_elem), clamped
                             to the scale format's range; amax = 0 gives its smallest
                             scale (elements then all convert to zero) */
    EXMY_SCALE_CEIL,      /* the smallest power of two X of the scale format with
                             amax / X <= max_elem (no element overflows): cuBLAS's and PTX
                             cvt.rp.satfinite.ue8m0x2.f32's round-up rule, torchao RCEIL */
    EXMY_SCALE_EVEN,      /* torchao EVEN: amax first rounded (rne) to the element
                             format's precision, then FLOOR's rule on that */
    EXMY_SCALE_DIV        /* X = amax / max_elem / tensor_scale rounded to the scale format
                             (rne, satfinite; a zero amax gives the smallest positive
                             scale): NVFP4's UE4M3 block scale */
} exmy_scale_rule;
#define EXMY_SCALE_RULE_COUNT 4
/* "floor", "ceil", "even", "div" (and back, case-insensitive; EXMY_EINVAL). */
const char *exmy_scale_rule_name(exmy_scale_rule r);
exmy_status exmy_scale_rule_from_name(const char *name, exmy_scale_rule *out);

/* Element kinds: a floating-point format of the core, or MXINT8's. */
typedef enum exmy_elem_kind {
    EXMY_ELEM_FLOAT = 0, /* codes of `elem` */
    EXMY_ELEM_INT8       /* OCP MX v1.0 MXINT8: 8-bit two's complement k, value k * 2^-6;
                            `elem` is then the sign-magnitude format with the same
                            magnitudes (e1m6, bias 1) that the core rounds to, and the
                            code is its value's two's complement: 0x80 (-2) is decoded
                            but never written (formats/README.md, "MXINT8") */
} exmy_elem_kind;

typedef struct exmy_block_format {
    char name[EXMY_NAME_MAX + 1];       /* catalogue name, "" for a "block:" spec */
    char aliases[EXMY_ALIASES_MAX + 1];
    char family[EXMY_FAMILY_MAX + 1];
    char source[EXMY_PROFILE_TEXT_MAX + 1]; /* citation: document, version, section */
    exmy_elem_kind kind;
    exmy_format elem;                   /* the element format */
    exmy_format scale;                  /* e8m0fnu (MX), e4m3fn (NVFP4's "UE4M3": only its
                                           positive codes are ever written), or binary32 */
    unsigned block;                     /* elements per scale, >= 1 */
    exmy_scale_rule rule;
    bool tensor_scale;                  /* a binary32 per-tensor scale (NVFP4: amax / (448 * 6)) */
} exmy_block_format;

/* A valid block format: valid element and scale formats (FLOOR, CEIL and
 * EVEN need a scale format whose values are powers of two, e8m0fnu-like),
 * block >= 1, rule in range, an element that fits the kind. EXMY_EFORMAT
 * (EXMY_EINVAL for NULL) with a one-line reason. */
exmy_status exmy_block_validate(const exmy_block_format *bf, char *why, size_t whylen);
/* A block format by catalogue name or alias, or "block:ELEM/SCALE/N[/RULE]"
 * (formats by name or spec; rule floor by default for a power-of-two scale
 * format, div otherwise). EXMY_ENOTFOUND / EXMY_ESPEC with a reason. */
exmy_status exmy_block_parse(const exmy_catalogue *cat, const char *spec, exmy_block_format *out,
                             char *why, size_t whylen);
size_t exmy_catalogue_block_count(const exmy_catalogue *cat);
const exmy_block_format *exmy_catalogue_block_at(const exmy_catalogue *cat, size_t i);
const exmy_block_format *exmy_catalogue_find_block(const exmy_catalogue *cat, const char *name);
/* Add the block formats of a .blk text / file (formats/README.md), as the
 * .prof loaders do; exmy_catalogue_builtin() holds formats/NAME.blk. */
exmy_status exmy_catalogue_load_blocks_string(exmy_catalogue *cat, const char *text,
                                              const char *origin, char *why, size_t whylen);
exmy_status exmy_catalogue_load_blocks_file(exmy_catalogue *cat, const char *path, char *why,
                                            size_t whylen);

/* Rows of a tensor whose length is not a multiple of the block size. */
typedef enum exmy_block_tail {
    EXMY_TAIL_ERROR = 0, /* EXMY_EINVAL */
    EXMY_TAIL_SHORT      /* the last block of each row is shorter; its scale comes from
                            its own elements (as if padded with zeros) */
} exmy_block_tail;

typedef struct exmy_block_opts {
    exmy_array_opts elem;  /* the elements' rounding, saturation (satfinite by default: OCP
                              §6.3 clamps), random bits (one per element, row-major),
                              isa, threads */
    exmy_block_tail tail;
    bool packed;           /* codes packed densely per row (exmy_pack_codes: FP4 two to a
                              byte, the first in the low nibble); each row starts on a byte */
    bool tensor_scale_given; /* use *tensor_scale as given instead of computing it */
} exmy_block_opts;

/* Quantise a rows x cols row-major array of `type` (blocks along each row):
 * codes (rows x cols codes of the element's code_bytes, or packed),
 * scales (rows x ceil(cols / block) codes of the scale format's code_bytes),
 * and, for a format with a tensor scale, *tensor_scale (binary32: amax of the
 * whole tensor / (max_elem * max_scale), rne; 1 for an all-zero tensor). Each
 * element's code is the core's conversion (o->elem.conv) of the exact
 * quotient x / (scale * tensor_scale), rounded once. Special cases (OCP MX
 * v1.0 §6.3 and formats/README.md): a NaN in a block makes its scale the
 * scale format's NaN (where it has one) and every element NaN (where the
 * element has one; under a NaN scale an element without NaN, as in MXFP4,
 * MXFP6 and MXINT8, is written +0: the scale marks the whole block NaN; with
 * neither NaN, EXMY_ENONAN); an Inf is treated as a NaN, under every rule;
 * amax = 0 gives the smallest scale and zero elements; a negative element
 * that rounds to zero is -0 where the element has it. The computed tensor
 * scale takes the largest finite magnitude and is kept finite and positive
 * (satfinite; the smallest positive binary32 where it would be 0). o may be
 * NULL (all zero: rne, satfinite, no tail, unpacked). */
exmy_status exmy_block_quantize(const exmy_block_format *bf, exmy_type type, const void *in,
                                size_t rows, size_t cols, const exmy_block_opts *o, void *codes,
                                void *scales, float *tensor_scale);
/* Decode codes and scales (and tensor_scale) to `type` (f64 or f32; f16 /
 * bf16 as their bit patterns): value = elem * scale * tensor_scale, exact
 * for f64; rounded once (rne) to narrower types. A NaN scale gives NaNs. */
exmy_status exmy_block_dequantize(const exmy_block_format *bf, const void *codes,
                                  const void *scales, float tensor_scale, size_t rows,
                                  size_t cols, const exmy_block_opts *o, exmy_type type,
                                  void *out);
/* Quantise then dequantise into the input's own type (in == out allowed).
 * The tensor scale is always computed (o->tensor_scale_given: EXMY_EINVAL). */
exmy_status exmy_block_fake_quantize(const exmy_block_format *bf, exmy_type type, const void *in,
                                     void *out, size_t rows, size_t cols,
                                     const exmy_block_opts *o);
/* The scale code of one block of n values of `type` under bf's rule with
 * the given tensor scale (1 for MX): what exmy_block_quantize writes. */
exmy_status exmy_block_scale(const exmy_block_format *bf, exmy_type type, const void *block,
                             size_t n, float tensor_scale, uint32_t *scale_code);

/* ------------------------------------ block formats in the oracle workflow */

/* exmy_vectors_* and exmy_check_array for block formats: inputs are rows x
 * cols row-major arrays of `type` (cols a multiple of bf->block; 0 means
 * bf->block), judged against exmy_block_quantize under the same options. */

/* The boundary set of a block format: rows of inputs that pin each rule a
 * block quantiser can get wrong, deterministic, in this order:
 *  1. scale rule: blocks in ascending order of their amax (each amax once):
 *     for every power of two 2^e from the input type's smallest subnormal to
 *     its largest binade, amax the input value just below 2^e (but not +0),
 *     2^e, and the value just above; and the points where the rule's scale
 *     changes, each as the input value itself and its two neighbours where
 *     the input type holds it, else the values just below and above it
 *     (positive finite ones, for every e that puts the point between the
 *     smallest subnormal and 2^(emax+1)): under CEIL and DIV max_elem * 2^e;
 *     under EVEN (2 - 2^-p_elem) * 2^e, the rounded amax's step to the next
 *     binade; under DIV with a scale format of at most 16 bits beside its
 *     sign also max_elem times each positive scale value, each midpoint
 *     between neighbouring ones, half the smallest and the first above the
 *     largest (as if its range went on), at tensor scale 1. A block holds
 *     amax first, then amax * j / block (j = 1 .. block - 1, rounded to the
 *     input type to nearest even, odd j negative), so that the scale alone
 *     differs between them;
 *  2. elements: the element format's boundary set (exmy_vectors_boundary of
 *     exmy_profile_from_format(elem) under rne/satfinite, scale_exp 0),
 *     finite non-zero inputs from 2^(floor(log2 min_elem) - 4) up that leave
 *     the anchor's scale as it is (tensor scale 1), so not the input type's
 *     own extremes, at scales 2^k for k = 0, then the k furthest below 0,
 *     then the k furthest above (at most 64 away) for which the input type
 *     holds every such value and the anchor times 2^k and the anchor's scale
 *     is 2^k (k = 0 only once; E4M3 scales: -9 .. 8), block - 1 of them after
 *     one anchor max_elem * 2^k (rounded down where the input type is
 *     narrower) that pins the block's scale (the last block of each k padded
 *     with +0; block 1: each value alone);
 *  3. special blocks: all +0; +0 and -0 alternating; a quiet NaN (payload
 *     0; +, then -) at element block / 2 among +1s; +Inf, then -Inf, so;
 *     amax the smallest and the largest subnormal of the input type (as in
 *     part 1); an amax of 1 (2^a where the input type holds nothing small
 *     enough under 1) beside negative powers of two at most amax * min_elem
 *     / (8 * max_elem), which round to -0 under every rule; the largest
 *     finite input, as in part 1, then the same negated.
 * A row holds cols / block such blocks side by side (the last row padded
 * with all-+0 blocks). *rows receives the number of rows; at most cap_rows
 * rows are written to out (0 and NULL to size a buffer). The DIV points
 * assume a tensor scale of 1, which a kernel test passes in
 * (o->tensor_scale_given): computed from the set, the tensor scale would
 * follow part 3's largest finite inputs. EXMY_EINVAL for a cols that is not a
 * multiple of the block, a NULL rows, out NULL with cap_rows > 0 or a type
 * out of range; EXMY_EFORMAT for an invalid bf; EXMY_ENOMEM. */
exmy_status exmy_block_vectors_boundary(const exmy_block_format *bf, exmy_type type, size_t cols,
                                        void *out, size_t cap_rows, size_t *rows);
/* `rows` random rows, row i a function of (seed, row0 + i) alone (Philox,
 * exmy_philox_bits(seed, 2^62 + 4 * (cols * (row0 + i) + c) + j, 32) for
 * column c, j = 0..3), so that a stream can be made in chunks of rows: each
 * block draws an exponent Eb uniform over the scale format's range as the
 * input type holds it (the exponents of the smallest positive and the
 * largest scale plus emax_elem; DIV at tensor scale 1), and each element a
 * random sign and significand with an exponent in [Eb - emax_elem -
 * mant_elem - 3, Eb] (rounded down to the input type: +-0 below its
 * smallest subnormal); one block in 64 holds a NaN or an Inf (one element of
 * an otherwise random block), one in 64 is all zero (signs random). The
 * words are spelled out in src/block_vectors_random.c. EXMY_EINVAL as
 * above (out NULL with rows > 0), EXMY_EFORMAT, EXMY_ENOMEM. */
exmy_status exmy_block_vectors_random(const exmy_block_format *bf, exmy_type type, size_t cols,
                                      uint64_t seed, uint64_t row0, size_t rows, void *out);

/* One block or element where the kernel's output is not exmy's. */
typedef struct exmy_block_mismatch {
    uint64_t row, col;      /* row: o->elem.index0 / cols + the row in the call; col: the
                               element's column; a scale mismatch names its block's first
                               column */
    bool scale;             /* the block's scale code differs (its elements are not judged) */
    uint64_t xbits;         /* the element's input bits; for a scale mismatch the block's
                               amax (largest magnitude, as the input type's bits) */
    uint32_t expected, got; /* codes (scale codes for a scale mismatch) */
    uint32_t r;             /* R of the element (stochastic rounding), else 0 */
    unsigned sr_bits;       /* R's width under stochastic rounding (the report prints R
                               then), else 0 */
    exmy_check_class cls;   /* the element's class (exmy_check_classify's rules on its exact
                               quotient x / (scale * tensor_scale) under the element's options;
                               MXINT8: against its sign-magnitude stand-in, whose codes below
                               1 are not subnormal (k * 2^-6 is one uniform grid); in a NaN
                               block whose scale format has no NaN: inf for an Inf input, else
                               nan); EXMY_CHECK_EXACT for a scale mismatch */
} exmy_block_mismatch;

typedef struct exmy_block_check_result {
    uint64_t blocks, elements;                 /* judged (elements: not the unjudged ones) */
    uint64_t scale_mismatches;                 /* blocks whose scale code differs */
    uint64_t nan_blocks;                       /* blocks with a NaN or Inf input */
    uint64_t mismatches;                       /* elements that differ, in blocks whose scale
                                                  matches */
    uint64_t unjudged;                         /* elements of blocks whose scale differs, or
                                                  under a NaN scale */
    uint64_t count[EXMY_CHECK_CLASS_COUNT];    /* judged elements per class */
    uint64_t mismatch[EXMY_CHECK_CLASS_COUNT]; /* element mismatches per class */
    size_t kept;                               /* mismatches recorded, in row-major order */
    exmy_block_mismatch first[EXMY_CHECK_KEEP];
    exmy_block_mismatch *keep;                 /* optional: the caller's larger buffer */
    size_t keep_cap;
} exmy_block_check_result;

/* Judge the codes and scales a kernel wrote for the rows x cols inputs `in`
 * (layouts as exmy_block_quantize: o->packed codes, o->tail) against
 * exmy_block_quantize(bf, type, in, rows, cols, o, ...) with the tensor
 * scale `tensor_scale` where o->tensor_scale_given (the kernel's own, as a
 * kernel test passes it in), else the one exmy computes (written back to
 * *tensor_scale when not NULL). A scale matches when its code is equal, or
 * both are NaN codes of the scale format; an element matches when its code is
 * equal, or both are NaN codes of the element format; elements under a NaN
 * expected scale are not judged (OCP MX v1.0 §6.3: the whole block is NaN).
 * Random bits as exmy_block_quantize (o->elem.random / seed, index0 the
 * global index of element 0, row-major). Adds to *res (zero it once, call per
 * chunk of rows with o->elem.index0 = elements before it; *res is untouched
 * on an error). A computed tensor scale is the chunk's own: to check a
 * tensor in chunks, pass the whole tensor's with tensor_scale_given.
 * Errors as exmy_block_quantize (EXMY_EINVAL also for a NULL res, or a NULL
 * tensor_scale that is to be given), and EXMY_ENOMEM. */
exmy_status exmy_block_check(const exmy_block_format *bf, exmy_type type, const void *in,
                             size_t rows, size_t cols, const exmy_block_opts *o,
                             float *tensor_scale, const void *got_codes, const void *got_scales,
                             exmy_block_check_result *res);
/* One line: "64 blocks (2048 elements), all match" (every element, judged
 * or not) or, for mxfp8_e4m3, "2 of 64 blocks have another scale, 3 of 1984
 * judged elements differ (tie 3); first: row 0 col 32: scale of amax
 * 0x1.fffffep+7 (0x437fffff): expected 0x7e, got 0x80" (both counts always;
 * the classes only when an element differs; "; first: ..." when one was
 * kept). Returns the length snprintf would (the line is cut to len). */
int exmy_block_check_summary(const exmy_block_format *bf, exmy_type type,
                             const exmy_block_check_result *res, char *buf, size_t len);
/* One mismatch, as in the summary: "row 3 col 17: input 0x1.2p+3
 * (0x41100000) tie: expected 0x4a, got 0x4b" (", R 0x1f" when m->sr_bits,
 * at its width) or the scale form above; codes in hex at the element's or
 * the scale format's width. */
int exmy_block_check_describe(const exmy_block_format *bf, exmy_type type,
                              const exmy_block_mismatch *m, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* EXMY_H */
