/* Every enum <-> name mapping of the public API, one table each: the names
 * the command line, the CSV columns and the error messages use. A name is
 * looked up case-insensitively; an out-of-range value names itself "?". */
#include "exmy_internal.h"
#include "exmy_snr.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Indexed by the enum value, which every table's enum numbers from 0 without
 * gaps (static_asserts below pin the last value of each). */
static const char *const round_names[] = {
    "rne", "rna", "rtz", "rup", "rdn", "rto", "sr-a", "sr-b", "sr-c",
};
static const char *const sat_names[] = {"satfinite", "satpropagate", "satnone", "nosat"};
static const char *const type_names[] = {"f64", "f32", "f16", "bf16"};
static const char *const isa_names[] = {"auto", "scalar", "portable", "avx2", "avx512"};
static const char *const class_names[] = {"zero", "subnormal", "normal", "inf", "nan"};
static const char *const dist_names[] = {"normal", "uniform", "laplace", "student-t", "data"};
static const char *const nan_out_names[] = {"canonical", "fixed", "signed", "quiet", "unspecified"};
static const char *const neg_rule_names[] = {"format", "magnitude", "zero", "nan"};
static const char *const scale_rule_names[] = {"floor", "ceil", "even", "div"};

_Static_assert(COUNT(round_names) == EXMY_ROUND_COUNT && EXMY_SR_C + 1 == EXMY_ROUND_COUNT,
               "one name per rounding mode");
_Static_assert(COUNT(sat_names) == EXMY_SAT_COUNT && EXMY_NOSAT + 1 == EXMY_SAT_COUNT,
               "one name per saturation mode");
_Static_assert(COUNT(type_names) == EXMY_TYPE_BF16 + 1, "one name per element type");
_Static_assert(COUNT(isa_names) == EXMY_ISA_AVX512 + 1, "one name per instruction-set level");
_Static_assert(COUNT(class_names) == EXMY_CLASS_NAN + 1, "one name per class");
_Static_assert(COUNT(dist_names) == EXMY_DIST_DATA + 1, "one name per distribution");
_Static_assert(COUNT(nan_out_names) == EXMY_NANOUT_COUNT &&
                   EXMY_NANOUT_UNSPECIFIED + 1 == EXMY_NANOUT_COUNT,
               "one name per NaN output rule");
_Static_assert(COUNT(neg_rule_names) == EXMY_NEG_COUNT && EXMY_NEG_NAN + 1 == EXMY_NEG_COUNT,
               "one name per negative-input rule");
_Static_assert(COUNT(scale_rule_names) == EXMY_SCALE_RULE_COUNT &&
                   EXMY_SCALE_DIV + 1 == EXMY_SCALE_RULE_COUNT,
               "one name per block scale rule");

static const char *name_of(const char *const *names, size_t n, unsigned v)
{
    return v < n ? names[v] : "?";
}

static exmy_status lookup(const char *const *names, size_t n, const char *name, unsigned *v)
{
    if (!name)
        return EXMY_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (exmy__strcasecmp(name, names[i]) == 0) {
            *v = (unsigned)i;
            return EXMY_OK;
        }
    return EXMY_EINVAL;
}

/* One pair of functions per table. `out` is written only on success. */
#define NAMES(TYPE, PREFIX, TABLE)                                                          \
    const char *PREFIX##_name(TYPE x)                                                       \
    {                                                                                       \
        return name_of(TABLE, COUNT(TABLE), (unsigned)x);                                   \
    }                                                                                       \
    exmy_status PREFIX##_from_name(const char *name, TYPE *out)                             \
    {                                                                                       \
        unsigned v;                                                                         \
        if (!out)                                                                           \
            return EXMY_EINVAL;                                                             \
        exmy_status st = lookup(TABLE, COUNT(TABLE), name, &v);                             \
        if (st == EXMY_OK)                                                                  \
            *out = (TYPE)v;                                                                 \
        return st;                                                                          \
    }

NAMES(exmy_round, exmy_round, round_names)
NAMES(exmy_sat, exmy_sat, sat_names)
NAMES(exmy_type, exmy_type, type_names)
NAMES(exmy_isa, exmy_isa, isa_names)
NAMES(exmy_class, exmy_class, class_names)
NAMES(exmy_dist_kind, exmy_dist_kind, dist_names)
NAMES(exmy_nan_out, exmy_nan_out, nan_out_names)
NAMES(exmy_neg_rule, exmy_neg_rule, neg_rule_names)
NAMES(exmy_scale_rule, exmy_scale_rule, scale_rule_names)
