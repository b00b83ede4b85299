/* Instruction-set levels: names, what this CPU supports, and the choice of
 * level for a call (EXMY_ISA in the environment overrides "auto"). */
#include "kernel.h"

#include <stdlib.h>

#if defined(EXMY_HAVE_X86_KERNELS)
#include <cpuid.h>

/* F16C. gcc's __builtin_cpu_supports knows the name and reads the feature
 * words libgcc filled in once at start-up, which costs nothing per call.
 * clang 14's does not know it, so there we ask CPUID leaf 1 (ECX bit 29)
 * directly; CPUID traps to the hypervisor in a virtual machine (tens of
 * microseconds), so a clang build pays that once per array call. */
static bool cpu_has_f16c(void)
{
#if defined(__clang__)
    unsigned a, b, c, d;
    return __get_cpuid(1, &a, &b, &c, &d) && (c >> 29 & 1);
#else
    __builtin_cpu_init();
    return __builtin_cpu_supports("f16c");
#endif
}

static bool cpu_has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && cpu_has_f16c();
}

static bool cpu_has_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
           cpu_has_avx2();
}
#endif

bool exmy_isa_supported(exmy_isa isa)
{
    switch (isa) {
    case EXMY_ISA_AUTO:
    case EXMY_ISA_SCALAR:
    case EXMY_ISA_PORTABLE:
        return true;
#if defined(EXMY_HAVE_X86_KERNELS)
    case EXMY_ISA_AVX2:
        return cpu_has_avx2();
    case EXMY_ISA_AVX512:
        return cpu_has_avx512();
#else
    case EXMY_ISA_AVX2:
    case EXMY_ISA_AVX512:
        return false;
#endif
    }
    return false;
}

exmy_isa exmy_isa_resolve(exmy_isa requested)
{
    if (requested == EXMY_ISA_AUTO) {
        const char *env = getenv("EXMY_ISA");
        exmy_isa e;
        requested = EXMY_ISA_AVX512;
        if (env && *env && exmy_isa_from_name(env, &e) == EXMY_OK && e != EXMY_ISA_AUTO)
            requested = e;
    }
    if ((unsigned)requested > EXMY_ISA_AVX512)
        return EXMY_ISA_SCALAR;
    /* The best level at or below the one asked for. */
    while (requested > EXMY_ISA_PORTABLE && !exmy_isa_supported(requested))
        requested = (exmy_isa)(requested - 1);
    return requested;
}

const exmy__kernels *exmy__kernels_for(exmy_isa isa)
{
    switch (isa) {
    case EXMY_ISA_PORTABLE:
        return &exmy__kernels_portable;
#if defined(EXMY_HAVE_X86_KERNELS)
    case EXMY_ISA_AVX2:
        return cpu_has_avx2() ? &exmy__kernels_avx2 : NULL;
    case EXMY_ISA_AVX512:
        return cpu_has_avx512() ? &exmy__kernels_avx512 : NULL;
#endif
    default:
        return NULL;
    }
}
