/* File kinds and .npy dtypes shared by exmy vectors and exmy check (vec_kind.h). */
#include "vec_kind.h"

#include <string.h>
#include <strings.h>

static bool has_ext(const char *path, const char *ext)
{
    size_t n = path ? strlen(path) : 0, k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

vec_kind vec_kind_of(const char *path)
{
    return has_ext(path, ".npy")   ? VEC_NPY
           : has_ext(path, ".csv") ? VEC_CSV
           : has_ext(path, ".h")   ? VEC_H
                                   : VEC_RAW;
}

cli_npy_dtype vec_input_dtype(exmy_type type)
{
    return type == EXMY_TYPE_F64   ? CLI_NPY_F64
           : type == EXMY_TYPE_F32 ? CLI_NPY_F32
           : type == EXMY_TYPE_F16 ? CLI_NPY_F16
                                   : CLI_NPY_U16;
}

cli_npy_dtype vec_code_dtype(size_t bytes)
{
    return bytes == 1 ? CLI_NPY_U8 : bytes == 2 ? CLI_NPY_U16 : CLI_NPY_U32;
}
