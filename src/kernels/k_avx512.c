/* The AVX-512 level: the shared kernel bodies on 512-bit vectors. */
#include "ops_avx512.h"
#include "kern_body.h"
