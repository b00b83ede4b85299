/* The formats/NAME.fmt texts compiled into the library (generated). */
#ifndef EXMY_CATALOGUE_DATA_H
#define EXMY_CATALOGUE_DATA_H
#include <stddef.h>

typedef struct exmy_builtin_fmt_file {
    const char *origin; /* file name, for error messages */
    const char *text;
} exmy_builtin_fmt_file;

extern const exmy_builtin_fmt_file exmy_builtin_fmt[];
extern const size_t exmy_builtin_fmt_count;

#endif
