/* What a vector file is, as `exmy vectors` writes it and `exmy check` reads
 * it: the kind its extension names, and the .npy dtype of an input type or of
 * a code width. One definition, so that what one command writes the other
 * reads back. */
#ifndef EXMY_VEC_KIND_H
#define EXMY_VEC_KIND_H

#include "npy.h"

#include "exmy.h"
#include <stddef.h>

typedef enum vec_kind { VEC_RAW = 0, VEC_NPY, VEC_CSV, VEC_H } vec_kind;

/* The kind a path names, by its extension (case-insensitive; a name that is
 * only the extension, such as ".npy", has none: raw). NULL: raw. */
vec_kind vec_kind_of(const char *path);

/* The .npy dtype of inputs of `type`: float32, float16, float64; bfloat16 as
 * uint16 bit patterns (NumPy has no bfloat16). */
cli_npy_dtype vec_input_dtype(exmy_type type);
/* The .npy dtype of codes `bytes` wide (exmy_format_info.code_bytes; 1 for
 * packed codes): uint8, uint16 or uint32. */
cli_npy_dtype vec_code_dtype(size_t bytes);

#endif
