/* Instruction-set levels: what this CPU supports, and the choice of level
 * for a call (EXMY_ISA in the environment overrides "auto"). The levels are
 * rows of one ordered table; adding a level (NEON, say) means its ops header,
 * one row here and one block in meson.build. Names live in names.c. */
#include "kernel.h"

#include <stdatomic.h>
#include <stdlib.h>

#if defined(EXMY_HAVE_X86_KERNELS)
#include <cpuid.h>

/* F16C. gcc's __builtin_cpu_supports knows the name and reads the feature
 * words libgcc filled in once at start-up, which costs nothing per call.
 * clang 14's does not know it, so there we ask CPUID leaf 1 (ECX bit 29)
 * directly; CPUID traps to the hypervisor in a virtual machine (tens of
 * microseconds); the table below asks once per process. */
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

/* One row per level, best first. `supported` is NULL for levels every CPU
 * running this build has. The scalar core is the last resort and has no
 * kernels. */
typedef struct level {
    exmy_isa isa;
    const exmy__kernels *kernels;
    bool (*supported)(void);
} level;

static const level levels[] = {
#if defined(EXMY_HAVE_X86_KERNELS)
    {EXMY_ISA_AVX512, &exmy__kernels_avx512, cpu_has_avx512},
    {EXMY_ISA_AVX2, &exmy__kernels_avx2, cpu_has_avx2},
#endif
    {EXMY_ISA_PORTABLE, &exmy__kernels_portable, NULL},
    {EXMY_ISA_SCALAR, NULL, NULL},
};
#define N_LEVELS (sizeof levels / sizeof levels[0])

/* What this CPU supports, one bit per row, computed on first use. The value
 * is a constant of the process, so threads racing to compute it store the
 * same word; bit 31 marks it computed. */
static unsigned cpu_rows(void)
{
    static atomic_uint word;
    unsigned w = atomic_load_explicit(&word, memory_order_acquire);
    if (!w) {
        w = 1u << 31;
        for (unsigned i = 0; i < N_LEVELS; i++)
            if (!levels[i].supported || levels[i].supported())
                w |= 1u << i;
        atomic_store_explicit(&word, w, memory_order_release);
    }
    return w;
}

/* The level EXMY_ISA names (EXMY_ISA_AUTO when unset or not a level), read
 * once on the first call that asks for "auto": a process's choice does not
 * change under it, and getenv is not called again while other threads may
 * be changing the environment. */
static exmy_isa env_choice(void)
{
    static atomic_uint word; /* 0: not read yet; else 1 + the level */
    unsigned w = atomic_load_explicit(&word, memory_order_acquire);
    if (!w) {
        const char *env = getenv("EXMY_ISA");
        exmy_isa e = EXMY_ISA_AUTO;
        if (!env || !*env || exmy_isa_from_name(env, &e) != EXMY_OK)
            e = EXMY_ISA_AUTO;
        w = 1u + (unsigned)e;
        atomic_store_explicit(&word, w, memory_order_release);
    }
    return (exmy_isa)(w - 1);
}

/* The row of the best supported level at or below `isa` in the table's
 * order (levels this build lacks count as unsupported). */
static const level *best_at_or_below(exmy_isa isa)
{
    unsigned rows = cpu_rows();
    for (unsigned i = 0; i < N_LEVELS; i++)
        if (levels[i].isa <= isa && (rows >> i & 1))
            return &levels[i];
    return &levels[N_LEVELS - 1];
}

static const level *row_of(exmy_isa isa)
{
    for (unsigned i = 0; i < N_LEVELS; i++)
        if (levels[i].isa == isa)
            return (cpu_rows() >> i & 1) ? &levels[i] : NULL;
    return NULL;
}

bool exmy_isa_supported(exmy_isa isa)
{
    return isa == EXMY_ISA_AUTO || row_of(isa) != NULL;
}

exmy_isa exmy_isa_resolve(exmy_isa requested)
{
    if (requested == EXMY_ISA_AUTO) {
        requested = env_choice();
        if (requested == EXMY_ISA_AUTO)
            return best_at_or_below(levels[0].isa)->isa; /* the best this CPU has */
    }
    if ((unsigned)requested > EXMY_ISA_AVX512)
        return EXMY_ISA_SCALAR;
    return best_at_or_below(requested)->isa;
}

const exmy__kernels *exmy__kernels_for(exmy_isa isa)
{
    const level *l = row_of(isa);
    return l ? l->kernels : NULL;
}
