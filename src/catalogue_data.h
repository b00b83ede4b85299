/* The formats/NAME.fmt texts compiled into the library (generated). */
#ifndef EXMY__CATALOGUE_DATA_H
#define EXMY__CATALOGUE_DATA_H
#include <stddef.h>

typedef struct exmy__builtin_fmt_file {
    const char *origin; /* file name, for error messages */
    const char *text;
} exmy__builtin_fmt_file;

extern const exmy__builtin_fmt_file exmy__builtin_fmt[];
extern const size_t exmy__builtin_fmt_count;

#endif
