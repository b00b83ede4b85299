/* The AVX2 level: the shared kernel bodies on 256-bit vectors. */
#include "ops_avx2.h"
#include "kern_body.h"
