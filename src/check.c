/* Judging a kernel's codes against a profile (exmy.h "test vectors and
 * checks"): the class of each input, exmy_check_array and its report lines. */
#include "exmy_internal.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* In enum order: the order a report lists them. */
static const char *const check_class_names[] = {
    "exact", "tie", "inexact", "subnormal", "underflow", "overflow", "inf", "nan", "negzero",
};
_Static_assert(COUNT(check_class_names) == EXMY_CHECK_CLASS_COUNT &&
                   EXMY_CHECK_NEGZERO + 1 == EXMY_CHECK_CLASS_COUNT,
               "one name per check class");

const char *exmy_check_class_name(exmy_check_class c)
{
    return (unsigned)c < COUNT(check_class_names) ? check_class_names[c] : "?";
}

exmy_status exmy_check_class_from_name(const char *name, exmy_check_class *out)
{
    if (!name || !out)
        return EXMY_EINVAL;
    for (size_t i = 0; i < COUNT(check_class_names); i++)
        if (exmy__strcasecmp(name, check_class_names[i]) == 0) {
            *out = (exmy_check_class)i;
            return EXMY_OK;
        }
    return EXMY_EINVAL;
}
