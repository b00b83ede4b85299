/* convert_all: run one cuda-* / ptx-* profile's conversion on the GPU over every
 * input and dump the codes, so that `exmy check PROFILE --set all --got DUMP`
 * can judge the hardware bit for bit (tests/gpu/README.md, docs/gpu.md).
 *
 *   convert_all PROFILE --out FILE [--packed] [--seed S] [--in FILE --from f32|f16|f64]
 *   convert_all --list | --self-test | --help
 *
 * Inputs, element i in order:
 *  - f32 profiles: binary32 bit pattern i, i = 0 .. 2^32-1 (ascending bit
 *    patterns, the order of `exmy check --set all --from f32`), made on the
 *    device from the element index, so no input file exists;
 *  - .f16x2 forms: binary16 bit pattern i, i = 0 .. 65535;
 *  - --in FILE: raw little-endian values of the --from type (the f64 entry
 *    points: `exmy vectors ... --from f64 --out FILE`), for `exmy check --in`.
 * Output: one code per element, exmy_format_info.code_bytes little-endian bytes
 * each (1 for FP8/FP6/FP4/UE8M0, 2 for binary16/bfloat16, 4 for tf32): what
 * `exmy check --got` reads raw. --packed: FP4 as the hardware register packs it
 * (e2m1x2/e2m1x4: d written as is, the first element in the low nibble), FP6
 * densely, four codes in three bytes (exmy_pack_codes); wider codes unchanged.
 *
 * Lanes: an x2 / x4 instruction converts `lanes` consecutive elements; lane 0
 * is the element in the lowest bits of d (formats/cuda_sm100.prof), so element
 * 2j is operand b and 2j+1 operand a of `cvt d, a, b`, and element 4j+k is
 * lane k of `cvt.rs d, {a, b, e, f}` (lanes 0-3 = f, e, b, a).
 *
 * Stochastic (cvt.rs) forms: the random operand of instruction j (element
 * index / lanes) is exmy_philox_bits(seed, j, 32), i.e. word j % 4 of
 * Philox4x32-10(counter = (j/4 mod 2^32, j/4 >> 32, 0, 0), key = (seed mod
 * 2^32, seed >> 32)): what exmy_check_opts.random_operands does with random ==
 * NULL, so `exmy check ... --random-operands --seed S` replays it.
 *
 * The whole stream is done in chunks of CHUNK elements (device and pinned
 * host buffers of a few tens of MiB), written to FILE as each chunk finishes.
 *
 * Exit: 0 done, 1 a CUDA or file error, 2 usage, 3 this device cannot run the
 * form (one line "skipped: needs sm_100a or sm_103a (cvt.rs), device is sm_90"). */

#include <cuda_fp8.h>
#include <cuda_runtime.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

/* ------------------------------------------------------------------ Philox4x32-10
 *
 * Written from the published description (J. K. Salmon, M. A. Moraes, R. O. Dror,
 * D. E. Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC11, section 4.2):
 * a round multiplies counter words 0 and 2 by M0, M1 (64-bit products split into
 * hi/lo), XORs the high halves with the other two counter words and the key, and
 * permutes; the key is bumped by the Weyl constants W0, W1 between rounds. Ten
 * rounds; the constants are those of the paper and of Random123 1.x, whose
 * philox4x32() exmy_philox_bits calls (include/exmy.h). --self-test checks the
 * Known Answer Tests of Random123's kat_vectors on the host and on the device. */

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

struct philox_block { uint32_t w[4]; };

__host__ __device__ static inline philox_block philox4x32_10(philox_block c, uint32_t k0, uint32_t k1)
{
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        const uint64_t p0 = (uint64_t)PHILOX_M0 * c.w[0];
        const uint64_t p1 = (uint64_t)PHILOX_M1 * c.w[2];
        philox_block n;
        n.w[0] = (uint32_t)(p1 >> 32) ^ c.w[1] ^ k0;
        n.w[1] = (uint32_t)p1;
        n.w[2] = (uint32_t)(p0 >> 32) ^ c.w[3] ^ k1;
        n.w[3] = (uint32_t)p0;
        c = n;
    }
    return c;
}

/* exmy_philox_bits(seed, index, 32). */
__host__ __device__ static inline uint32_t philox_bits32(uint64_t seed, uint64_t index)
{
    const uint64_t block = index / 4;
    philox_block c = {{(uint32_t)block, (uint32_t)(block >> 32), 0, 0}};
    const philox_block r = philox4x32_10(c, (uint32_t)seed, (uint32_t)(seed >> 32));
    return r.w[index % 4];
}

/* Random123 1.x kat_vectors, philox4x32 with 10 rounds: counter, key, result. */
struct philox_kat { uint32_t ctr[4], key[2], out[4]; };
static const philox_kat PHILOX_KATS[3] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu},
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u},
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};

/* ------------------------------------------------------------------ the forms
 *
 * PTX references: NVIDIA PTX ISA 9.1, section 9.7.9.21 "cvt" (syntax, the packing
 * of d for x2/x4 destinations, .relu, .satfinite, .rs and the rbits layout, PTX ISA
 * notes and target ISA notes), the section the profiles cite. The CUDA headers:
 * cuda_fp8.hpp (CUDA 12.6 .. 13.0), whose __nv_cvt_float_to_fp8 on sm_89+ with
 * __NV_SATFINITE is itself `cvt.rn.satfinite.{e4m3,e5m2}x2.f32 d, 0.0, x` (x in
 * the low byte) and otherwise the header's software path. */

enum in_type { IN_F32, IN_F16, IN_F64 };

/* What a device must have, checked before running (and compiled in only where
 * the target has it; ptxas of CUDA 13.0 refuses each form below its class). */
enum req_class {
    REQ_ANY,   /* the cuda_fp8.hpp intrinsics: any device (software path below sm_89) */
    REQ_SM80,  /* cvt .f16/.bf16 .rn/.rz{.relu}{.satfinite}, cvt.rna{.satfinite}.tf32: sm_80 */
    REQ_SM89,  /* cvt ...e4m3x2/e5m2x2: sm_89 (PTX 8.1), sm_90 (PTX 7.8) */
    REQ_SM90,  /* cvt.rn/.rz{.relu}.tf32.f32: sm_90 (PTX 7.8); cvt.rm/.rp.bf16.f32: the
                * profiles' "sm_90" (ptxas 13.0 also takes them for sm_80) */
    REQ_FP4,   /* cvt ...e2m1x2/e2m3x2/e3m2x2/ue8m0x2: PTX 8.6, sm_100a/101a/120a; ptxas 13.0
                * takes them for every sm_100..sm_121 'a' and 'f' target */
    REQ_RS,    /* cvt.rs: PTX 8.7, sm_100a/sm_103a; ptxas 13.0 takes them for sm_100a,
                * sm_101a and sm_103a only (not the 'f' families, not sm_110a/sm_120a) */
    REQ_COUNT
};

static const char *const REQ_TEXT[REQ_COUNT] = {
    "any device", "sm_80", "sm_89", "sm_90",
    "sm_100 .. sm_121 built as sm_XXXa (FP4/FP6/UE8M0 cvt)",
    "sm_100a, sm_101a or sm_103a (cvt.rs)",
};

/* Which classes the code compiled for this device holds: __CUDA_ARCH__ for the
 * plain ones; for the Blackwell ones __CUDA_ARCH_FAMILY_SPECIFIC__ (defined for
 * sm_XXXa and sm_XXXf targets, CUDA 12.9+; cuda_fp8.h decides
 * __CUDA_FP8_INTERNAL_CAN_RELY_ON_PTX_FOR_SHORTTYPESCVT__ the same way) and
 * __CUDA_ARCH_SPECIFIC__ (sm_XXXa only) for cvt.rs; CUDA 12.8 spells the
 * arch-specific targets __CUDA_ARCH_FEAT_SM100_ALL etc. The ranges are what
 * ptxas 13.0 accepts (tried for every target it knows). */
#if defined(__CUDA_ARCH__)
#define HAVE_SM80 (__CUDA_ARCH__ >= 800)
#define HAVE_SM89 (__CUDA_ARCH__ >= 890)
#define HAVE_SM90 (__CUDA_ARCH__ >= 900)
#if defined(__CUDA_ARCH_FAMILY_SPECIFIC__)
#define HAVE_FP4 (__CUDA_ARCH_FAMILY_SPECIFIC__ >= 1000 && __CUDA_ARCH_FAMILY_SPECIFIC__ < 1300)
#if defined(__CUDA_ARCH_SPECIFIC__)
#define HAVE_RS (__CUDA_ARCH_SPECIFIC__ == 1000 || __CUDA_ARCH_SPECIFIC__ == 1010 || __CUDA_ARCH_SPECIFIC__ == 1030)
#else
#define HAVE_RS 0
#endif
#elif defined(__CUDA_ARCH_FEAT_SM100_ALL)
#define HAVE_FP4 1
#define HAVE_RS 1
#elif defined(__CUDA_ARCH_FEAT_SM101_ALL) || defined(__CUDA_ARCH_FEAT_SM120_ALL)
#define HAVE_FP4 1
#define HAVE_RS 0
#else
#define HAVE_FP4 0
#define HAVE_RS 0
#endif
#else
#define HAVE_SM80 0
#define HAVE_SM89 0
#define HAVE_SM90 0
#define HAVE_FP4 0
#define HAVE_RS 0
#endif

enum op {
    /* cuda_fp8.hpp intrinsics */
    OP_FP8_E4M3_SAT, OP_FP8_E4M3_NOSAT, OP_FP8_E5M2_SAT, OP_FP8_E5M2_NOSAT,
    OP_FP8D_E4M3_SAT, OP_FP8D_E4M3_NOSAT, OP_FP8D_E5M2_SAT, OP_FP8D_E5M2_NOSAT,
    /* cvt.rn.satfinite{.relu}.{e4m3x2,e5m2x2}.{f32,f16x2} */
    OP_E4M3X2_F32, OP_E4M3X2_F32_RELU, OP_E4M3X2_F16X2, OP_E4M3X2_F16X2_RELU,
    OP_E5M2X2_F32, OP_E5M2X2_F32_RELU, OP_E5M2X2_F16X2, OP_E5M2X2_F16X2_RELU,
    /* cvt.frnd{.relu}{.satfinite}.f16.f32 */
    OP_F16_RN, OP_F16_RZ, OP_F16_RM, OP_F16_RP, OP_F16_RN_RELU, OP_F16_RZ_RELU,
    OP_F16_RN_SAT, OP_F16_RZ_SAT, OP_F16_RN_RELU_SAT, OP_F16_RZ_RELU_SAT,
    /* cvt.frnd{.relu}{.satfinite}.bf16.f32 */
    OP_BF16_RN, OP_BF16_RZ, OP_BF16_RM, OP_BF16_RP, OP_BF16_RN_RELU, OP_BF16_RZ_RELU,
    OP_BF16_RN_SAT, OP_BF16_RZ_SAT, OP_BF16_RN_RELU_SAT, OP_BF16_RZ_RELU_SAT,
    /* cvt.{rna,rn,rz}{.satfinite}{.relu}.tf32.f32 */
    OP_TF32_RNA_SAT, OP_TF32_RNA, OP_TF32_RN, OP_TF32_RZ, OP_TF32_RN_RELU, OP_TF32_RZ_RELU,
    /* cvt.rn.satfinite{.relu}.{e2m1x2,e2m3x2,e3m2x2}.f32 */
    OP_E2M1X2, OP_E2M1X2_RELU, OP_E2M3X2, OP_E2M3X2_RELU, OP_E3M2X2, OP_E3M2X2_RELU,
    /* cvt.{rz,rp}{.satfinite}.ue8m0x2.f32 */
    OP_UE8M0X2_RZ_SAT, OP_UE8M0X2_RP_SAT, OP_UE8M0X2_RZ, OP_UE8M0X2_RP,
    /* cvt.rs{.relu}.satfinite.{e4m3x4,e5m2x4,e2m3x4,e3m2x4,e2m1x4}.f32 */
    OP_RS_E4M3X4, OP_RS_E4M3X4_RELU, OP_RS_E5M2X4, OP_RS_E5M2X4_RELU,
    OP_RS_E2M3X4, OP_RS_E2M3X4_RELU, OP_RS_E3M2X4, OP_RS_E3M2X4_RELU,
    OP_RS_E2M1X4, OP_RS_E2M1X4_RELU,
    /* cvt.rs{.relu}{.satfinite}.{f16x2,bf16x2}.f32 */
    OP_RS_F16X2, OP_RS_F16X2_SAT, OP_RS_F16X2_RELU, OP_RS_F16X2_RELU_SAT,
    OP_RS_BF16X2, OP_RS_BF16X2_SAT, OP_RS_BF16X2_RELU, OP_RS_BF16X2_RELU_SAT,
};

struct form {
    const char *profile;  /* exmy's profile name (formats/cuda.prof, cuda_sm100.prof) */
    int op;
    int in;               /* in_type */
    int lanes;            /* elements per instruction */
    int code_bytes;       /* exmy_format_info.code_bytes */
    int bits;             /* code width (packing) */
    int stochastic;       /* takes a random operand (cvt.rs) */
    int req;              /* req_class */
    const char *device;   /* what runs on the device */
};

static const form FORMS[] = {
    /* formats/cuda.prof: cuda_fp8.hpp. On sm_89+ the __NV_SATFINITE ones are
     * cvt.rn.satfinite.*x2.f32 inside the header; __NV_NOSAT is software. */
    {"cuda-e4m3-satfinite", OP_FP8_E4M3_SAT, IN_F32, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_float_to_fp8(x, __NV_SATFINITE, __NV_E4M3)"},
    {"cuda-e4m3-nosat", OP_FP8_E4M3_NOSAT, IN_F32, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_float_to_fp8(x, __NV_NOSAT, __NV_E4M3)"},
    {"cuda-e5m2-satfinite", OP_FP8_E5M2_SAT, IN_F32, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_float_to_fp8(x, __NV_SATFINITE, __NV_E5M2)"},
    {"cuda-e5m2-nosat", OP_FP8_E5M2_NOSAT, IN_F32, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_float_to_fp8(x, __NV_NOSAT, __NV_E5M2)"},
    {"cuda-e4m3-satfinite-f64", OP_FP8D_E4M3_SAT, IN_F64, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_double_to_fp8(x, __NV_SATFINITE, __NV_E4M3)"},
    {"cuda-e4m3-nosat-f64", OP_FP8D_E4M3_NOSAT, IN_F64, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_double_to_fp8(x, __NV_NOSAT, __NV_E4M3)"},
    {"cuda-e5m2-satfinite-f64", OP_FP8D_E5M2_SAT, IN_F64, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_double_to_fp8(x, __NV_SATFINITE, __NV_E5M2)"},
    {"cuda-e5m2-nosat-f64", OP_FP8D_E5M2_NOSAT, IN_F64, 1, 1, 8, 0, REQ_ANY, "__nv_cvt_double_to_fp8(x, __NV_NOSAT, __NV_E5M2)"},

    /* PTX fp8: "cvt.rn.satfinite{.relu}.f8x2type.f32 d, a, b": d[15:8] = cvt(a),
     * d[7:0] = cvt(b); ".f16x2 d, a": d[15:8] = cvt(a[31:16]), d[7:0] = cvt(a[15:0]). */
    {"ptx-cvt.rn.satfinite.e4m3x2.f32", OP_E4M3X2_F32, IN_F32, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.e4m3x2.f32 d, a, b"},
    {"ptx-cvt.rn.satfinite.relu.e4m3x2.f32", OP_E4M3X2_F32_RELU, IN_F32, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.relu.e4m3x2.f32 d, a, b"},
    {"ptx-cvt.rn.satfinite.e4m3x2.f16x2", OP_E4M3X2_F16X2, IN_F16, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.e4m3x2.f16x2 d, a"},
    {"ptx-cvt.rn.satfinite.relu.e4m3x2.f16x2", OP_E4M3X2_F16X2_RELU, IN_F16, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.relu.e4m3x2.f16x2 d, a"},
    {"ptx-cvt.rn.satfinite.e5m2x2.f32", OP_E5M2X2_F32, IN_F32, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.e5m2x2.f32 d, a, b"},
    {"ptx-cvt.rn.satfinite.relu.e5m2x2.f32", OP_E5M2X2_F32_RELU, IN_F32, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.relu.e5m2x2.f32 d, a, b"},
    {"ptx-cvt.rn.satfinite.e5m2x2.f16x2", OP_E5M2X2_F16X2, IN_F16, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.e5m2x2.f16x2 d, a"},
    {"ptx-cvt.rn.satfinite.relu.e5m2x2.f16x2", OP_E5M2X2_F16X2_RELU, IN_F16, 2, 1, 8, 0, REQ_SM89, "cvt.rn.satfinite.relu.e5m2x2.f16x2 d, a"},

    /* binary16: "cvt.frnd2{.relu}{.satfinite}.f16.f32 d, a" (.rn/.rz), the
     * general "cvt.frnd.f16.f32" for .rm/.rp. */
    {"ptx-cvt.rn.f16.f32", OP_F16_RN, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.f16.f32 d, a"},
    {"ptx-cvt.rz.f16.f32", OP_F16_RZ, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.f16.f32 d, a"},
    {"ptx-cvt.rm.f16.f32", OP_F16_RM, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rm.f16.f32 d, a"},
    {"ptx-cvt.rp.f16.f32", OP_F16_RP, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rp.f16.f32 d, a"},
    {"ptx-cvt.rn.relu.f16.f32", OP_F16_RN_RELU, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.relu.f16.f32 d, a"},
    {"ptx-cvt.rz.relu.f16.f32", OP_F16_RZ_RELU, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.relu.f16.f32 d, a"},
    {"ptx-cvt.rn.satfinite.f16.f32", OP_F16_RN_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.satfinite.f16.f32 d, a"},
    {"ptx-cvt.rz.satfinite.f16.f32", OP_F16_RZ_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.satfinite.f16.f32 d, a"},
    {"ptx-cvt.rn.relu.satfinite.f16.f32", OP_F16_RN_RELU_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.relu.satfinite.f16.f32 d, a"},
    {"ptx-cvt.rz.relu.satfinite.f16.f32", OP_F16_RZ_RELU_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.relu.satfinite.f16.f32 d, a"},

    /* bfloat16: the same syntax; .rm/.rp need sm_90. */
    {"ptx-cvt.rn.bf16.f32", OP_BF16_RN, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.bf16.f32 d, a"},
    {"ptx-cvt.rz.bf16.f32", OP_BF16_RZ, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.bf16.f32 d, a"},
    {"ptx-cvt.rm.bf16.f32", OP_BF16_RM, IN_F32, 1, 2, 16, 0, REQ_SM90, "cvt.rm.bf16.f32 d, a"},
    {"ptx-cvt.rp.bf16.f32", OP_BF16_RP, IN_F32, 1, 2, 16, 0, REQ_SM90, "cvt.rp.bf16.f32 d, a"},
    {"ptx-cvt.rn.relu.bf16.f32", OP_BF16_RN_RELU, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.relu.bf16.f32 d, a"},
    {"ptx-cvt.rz.relu.bf16.f32", OP_BF16_RZ_RELU, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.relu.bf16.f32 d, a"},
    {"ptx-cvt.rn.satfinite.bf16.f32", OP_BF16_RN_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.satfinite.bf16.f32 d, a"},
    {"ptx-cvt.rz.satfinite.bf16.f32", OP_BF16_RZ_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.satfinite.bf16.f32 d, a"},
    {"ptx-cvt.rn.relu.satfinite.bf16.f32", OP_BF16_RN_RELU_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rn.relu.satfinite.bf16.f32 d, a"},
    {"ptx-cvt.rz.relu.satfinite.bf16.f32", OP_BF16_RZ_RELU_SAT, IN_F32, 1, 2, 16, 0, REQ_SM80, "cvt.rz.relu.satfinite.bf16.f32 d, a"},

    /* tf32: "cvt.rna{.satfinite}.tf32.f32 d, a" (sm_80; .satfinite PTX 8.1),
     * "cvt.frnd2{.satfinite}{.relu}.tf32.f32 d, a" (.rn/.rz, sm_90). d is a .b32
     * whose layout PTX leaves implementation defined: the code is taken as
     * d >> 13 (binary32 layout, 10 fraction bits) and any d with one of its low
     * 13 bits set is counted as stray bits. */
    {"ptx-cvt.rna.satfinite.tf32.f32", OP_TF32_RNA_SAT, IN_F32, 1, 4, 19, 0, REQ_SM80, "cvt.rna.satfinite.tf32.f32 d, a (code = d >> 13)"},
    {"ptx-cvt.rna.tf32.f32", OP_TF32_RNA, IN_F32, 1, 4, 19, 0, REQ_SM80, "cvt.rna.tf32.f32 d, a (code = d >> 13)"},
    {"ptx-cvt.rn.tf32.f32", OP_TF32_RN, IN_F32, 1, 4, 19, 0, REQ_SM90, "cvt.rn.tf32.f32 d, a (code = d >> 13)"},
    {"ptx-cvt.rz.tf32.f32", OP_TF32_RZ, IN_F32, 1, 4, 19, 0, REQ_SM90, "cvt.rz.tf32.f32 d, a (code = d >> 13)"},
    {"ptx-cvt.rn.relu.tf32.f32", OP_TF32_RN_RELU, IN_F32, 1, 4, 19, 0, REQ_SM90, "cvt.rn.relu.tf32.f32 d, a (code = d >> 13)"},
    {"ptx-cvt.rz.relu.tf32.f32", OP_TF32_RZ_RELU, IN_F32, 1, 4, 19, 0, REQ_SM90, "cvt.rz.relu.tf32.f32 d, a (code = d >> 13)"},

    /* formats/cuda_sm100.prof. "cvt.rn.satfinite{.relu}.f4x2type.f32 d, a, b":
     * d is .b8, d[7:4] = cvt(a), d[3:0] = cvt(b); f6x2type: d is .b16,
     * d[13:8] = cvt(a), d[5:0] = cvt(b), bits 15:14 and 7:6 zero. */
    {"cuda-e2m1", OP_E2M1X2, IN_F32, 2, 1, 4, 0, REQ_FP4, "cvt.rn.satfinite.e2m1x2.f32 d, a, b"},
    {"cuda-e2m1-relu", OP_E2M1X2_RELU, IN_F32, 2, 1, 4, 0, REQ_FP4, "cvt.rn.satfinite.relu.e2m1x2.f32 d, a, b"},
    {"cuda-e2m3", OP_E2M3X2, IN_F32, 2, 1, 6, 0, REQ_FP4, "cvt.rn.satfinite.e2m3x2.f32 d, a, b"},
    {"cuda-e2m3-relu", OP_E2M3X2_RELU, IN_F32, 2, 1, 6, 0, REQ_FP4, "cvt.rn.satfinite.relu.e2m3x2.f32 d, a, b"},
    {"cuda-e3m2", OP_E3M2X2, IN_F32, 2, 1, 6, 0, REQ_FP4, "cvt.rn.satfinite.e3m2x2.f32 d, a, b"},
    {"cuda-e3m2-relu", OP_E3M2X2_RELU, IN_F32, 2, 1, 6, 0, REQ_FP4, "cvt.rn.satfinite.relu.e3m2x2.f32 d, a, b"},
    /* "cvt.frnd3{.satfinite}.ue8m0x2.f32 d, a, b": d[15:8] = cvt(a), d[7:0] = cvt(b). */
    {"cuda-ue8m0-rz", OP_UE8M0X2_RZ_SAT, IN_F32, 2, 1, 8, 0, REQ_FP4, "cvt.rz.satfinite.ue8m0x2.f32 d, a, b"},
    {"cuda-ue8m0-rp", OP_UE8M0X2_RP_SAT, IN_F32, 2, 1, 8, 0, REQ_FP4, "cvt.rp.satfinite.ue8m0x2.f32 d, a, b"},
    {"cuda-ue8m0-rz-nosat", OP_UE8M0X2_RZ, IN_F32, 2, 1, 8, 0, REQ_FP4, "cvt.rz.ue8m0x2.f32 d, a, b"},
    {"cuda-ue8m0-rp-nosat", OP_UE8M0X2_RP, IN_F32, 2, 1, 8, 0, REQ_FP4, "cvt.rp.ue8m0x2.f32 d, a, b"},

    /* "cvt.rs{.relu}.satfinite.f8x4type.f32 d, {a, b, e, f}, rbits": d (.b32)
     * [31:24] = a, [23:16] = b, [15:8] = e, [7:0] = f; f6x4type the same bytes with
     * 6-bit codes; f4x4type d (.b16) [15:12] = a .. [3:0] = f. */
    {"cuda-e4m3-rs", OP_RS_E4M3X4, IN_F32, 4, 1, 8, 1, REQ_RS, "cvt.rs.satfinite.e4m3x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e4m3-rs-relu", OP_RS_E4M3X4_RELU, IN_F32, 4, 1, 8, 1, REQ_RS, "cvt.rs.relu.satfinite.e4m3x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e5m2-rs", OP_RS_E5M2X4, IN_F32, 4, 1, 8, 1, REQ_RS, "cvt.rs.satfinite.e5m2x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e5m2-rs-relu", OP_RS_E5M2X4_RELU, IN_F32, 4, 1, 8, 1, REQ_RS, "cvt.rs.relu.satfinite.e5m2x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e2m3-rs", OP_RS_E2M3X4, IN_F32, 4, 1, 6, 1, REQ_RS, "cvt.rs.satfinite.e2m3x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e2m3-rs-relu", OP_RS_E2M3X4_RELU, IN_F32, 4, 1, 6, 1, REQ_RS, "cvt.rs.relu.satfinite.e2m3x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e3m2-rs", OP_RS_E3M2X4, IN_F32, 4, 1, 6, 1, REQ_RS, "cvt.rs.satfinite.e3m2x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e3m2-rs-relu", OP_RS_E3M2X4_RELU, IN_F32, 4, 1, 6, 1, REQ_RS, "cvt.rs.relu.satfinite.e3m2x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e2m1-rs", OP_RS_E2M1X4, IN_F32, 4, 1, 4, 1, REQ_RS, "cvt.rs.satfinite.e2m1x4.f32 d, {a, b, e, f}, rbits"},
    {"cuda-e2m1-rs-relu", OP_RS_E2M1X4_RELU, IN_F32, 4, 1, 4, 1, REQ_RS, "cvt.rs.relu.satfinite.e2m1x4.f32 d, {a, b, e, f}, rbits"},
    /* "cvt.rs{.relu}{.satfinite}.{f16x2,bf16x2}.f32 d, a, b, rbits": d[31:16] = a, d[15:0] = b. */
    {"cuda-f16-rs", OP_RS_F16X2, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.f16x2.f32 d, a, b, rbits"},
    {"cuda-f16-rs-satfinite", OP_RS_F16X2_SAT, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.satfinite.f16x2.f32 d, a, b, rbits"},
    {"cuda-f16-rs-relu", OP_RS_F16X2_RELU, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.relu.f16x2.f32 d, a, b, rbits"},
    {"cuda-f16-rs-relu-satfinite", OP_RS_F16X2_RELU_SAT, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.relu.satfinite.f16x2.f32 d, a, b, rbits"},
    {"cuda-bf16-rs", OP_RS_BF16X2, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.bf16x2.f32 d, a, b, rbits"},
    {"cuda-bf16-rs-satfinite", OP_RS_BF16X2_SAT, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.satfinite.bf16x2.f32 d, a, b, rbits"},
    {"cuda-bf16-rs-relu", OP_RS_BF16X2_RELU, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.relu.bf16x2.f32 d, a, b, rbits"},
    {"cuda-bf16-rs-relu-satfinite", OP_RS_BF16X2_RELU_SAT, IN_F32, 2, 2, 16, 1, REQ_RS, "cvt.rs.relu.satfinite.bf16x2.f32 d, a, b, rbits"},
};

static const int NFORMS = (int)(sizeof FORMS / sizeof FORMS[0]);

/* ------------------------------------------------------------------ device code */

/* Elements per chunk: a multiple of 8 (whole bytes of packed FP4 and FP6,
 * whole x4 instructions). 2^24 elements: at most 128 MiB of f64 input and
 * 64 MiB of tf32 codes on each side. */
static const uint64_t CHUNK = (uint64_t)1 << 24;

/* One instruction's result: the register d (for packed FP4) and the code of each lane. */
struct result {
    uint32_t d;
    uint32_t code[4];
    uint32_t stray; /* bits of d that are neither a code nor documented zero padding */
};

__device__ static inline float f32_of(uint32_t bits) { return __uint_as_float(bits); }

/* PTX has no .b8 operand constraint: an 8-bit destination goes through a .b8
 * register moved into the low byte of a .b16 (cuda_fp4.hpp does the same). */
#define CVT_B8_2(INSN, d, a, b)                                                       \
    asm("{ .reg .b8 t;\n " INSN " t, %1, %2;\n mov.b16 %0, {t, 0};\n}"                \
        : "=h"(d) : "f"(a), "f"(b))
#define CVT_H_2(INSN, d, a, b) asm(INSN " %0, %1, %2;" : "=h"(d) : "f"(a), "f"(b))
#define CVT_H_X2(INSN, d, a) asm(INSN " %0, %1;" : "=h"(d) : "r"(a))
#define CVT_H_1(INSN, d, a) asm(INSN " %0, %1;" : "=h"(d) : "f"(a))
#define CVT_R_1(INSN, d, a) asm(INSN " %0, %1;" : "=r"(d) : "f"(a))
#define CVT_R_4(INSN, d, a, b, e, f, rb)                                              \
    asm(INSN " %0, {%1, %2, %3, %4}, %5;" : "=r"(d) : "f"(a), "f"(b), "f"(e), "f"(f), "r"(rb))
#define CVT_H_4(INSN, d, a, b, e, f, rb)                                              \
    asm(INSN " %0, {%1, %2, %3, %4}, %5;" : "=h"(d) : "f"(a), "f"(b), "f"(e), "f"(f), "r"(rb))
#define CVT_R_2RS(INSN, d, a, b, rb) asm(INSN " %0, %1, %2, %3;" : "=r"(d) : "f"(a), "f"(b), "r"(rb))

/* Split d into lane codes: lane k = (d >> (k * stride)) & mask; stray = the bits
 * of d outside every lane's mask (within `width` bits). */
__device__ inline void split(result &r, uint32_t d, int lanes, int stride, uint32_t mask, int width)
{
    r.d = d;
    uint32_t used = 0;
    for (int k = 0; k < lanes; k++) {
        r.code[k] = (d >> (k * stride)) & mask;
        used |= mask << (k * stride);
    }
    const uint32_t all = width >= 32 ? 0xffffffffu : ((1u << width) - 1u);
    r.stray = d & all & ~used;
}

/* The cuda_fp8.hpp intrinsics, on the device or (--host) through the header's
 * host code. Returns -1 for an op that is not one of them. */
__host__ __device__ static inline int fp8_intrinsic(int op, uint32_t xbits, double xd)
{
    float x;
    memcpy(&x, &xbits, sizeof x);
    switch (op) {
    case OP_FP8_E4M3_SAT: return __nv_cvt_float_to_fp8(x, __NV_SATFINITE, __NV_E4M3);
    case OP_FP8_E4M3_NOSAT: return __nv_cvt_float_to_fp8(x, __NV_NOSAT, __NV_E4M3);
    case OP_FP8_E5M2_SAT: return __nv_cvt_float_to_fp8(x, __NV_SATFINITE, __NV_E5M2);
    case OP_FP8_E5M2_NOSAT: return __nv_cvt_float_to_fp8(x, __NV_NOSAT, __NV_E5M2);
    case OP_FP8D_E4M3_SAT: return __nv_cvt_double_to_fp8(xd, __NV_SATFINITE, __NV_E4M3);
    case OP_FP8D_E4M3_NOSAT: return __nv_cvt_double_to_fp8(xd, __NV_NOSAT, __NV_E4M3);
    case OP_FP8D_E5M2_SAT: return __nv_cvt_double_to_fp8(xd, __NV_SATFINITE, __NV_E5M2);
    case OP_FP8D_E5M2_NOSAT: return __nv_cvt_double_to_fp8(xd, __NV_NOSAT, __NV_E5M2);
    default: return -1;
    }
}

/* Convert one instruction's lanes. x: the lanes' input bit patterns (f32 or
 * f16), xd: the f64 inputs, rb: the random operand. *bad = 1 when the form is
 * not compiled in for this device (the host checks k_probe first; this is a
 * second guard). */
__device__ static result convert(int op, const uint32_t *x, const double *xd, uint32_t rb, int *bad)
{
    result r = {0, {0, 0, 0, 0}, 0};
    unsigned short h = 0;
    uint32_t w = 0;
    const float x0 = f32_of(x[0]), x1 = f32_of(x[1]), x2 = f32_of(x[2]), x3 = f32_of(x[3]);
    const uint32_t hx2 = (x[1] << 16) | (x[0] & 0xffffu); /* f16x2: lane 1 high, lane 0 low */
    (void)x1; (void)x2; (void)x3; (void)hx2; (void)rb; (void)h; (void)w;
    switch (op) {
    case OP_FP8_E4M3_SAT: case OP_FP8_E4M3_NOSAT: case OP_FP8_E5M2_SAT: case OP_FP8_E5M2_NOSAT:
    case OP_FP8D_E4M3_SAT: case OP_FP8D_E4M3_NOSAT: case OP_FP8D_E5M2_SAT: case OP_FP8D_E5M2_NOSAT:
        r.code[0] = (uint32_t)fp8_intrinsic(op, x[0], xd[0]);
        break;

#if HAVE_SM89
    /* a = lane 1 (high byte), b = lane 0 (low byte). */
    case OP_E4M3X2_F32: CVT_H_2("cvt.rn.satfinite.e4m3x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
    case OP_E4M3X2_F32_RELU: CVT_H_2("cvt.rn.satfinite.relu.e4m3x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
    case OP_E4M3X2_F16X2: CVT_H_X2("cvt.rn.satfinite.e4m3x2.f16x2", h, hx2); split(r, h, 2, 8, 0xff, 16); break;
    case OP_E4M3X2_F16X2_RELU: CVT_H_X2("cvt.rn.satfinite.relu.e4m3x2.f16x2", h, hx2); split(r, h, 2, 8, 0xff, 16); break;
    case OP_E5M2X2_F32: CVT_H_2("cvt.rn.satfinite.e5m2x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
    case OP_E5M2X2_F32_RELU: CVT_H_2("cvt.rn.satfinite.relu.e5m2x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
    case OP_E5M2X2_F16X2: CVT_H_X2("cvt.rn.satfinite.e5m2x2.f16x2", h, hx2); split(r, h, 2, 8, 0xff, 16); break;
    case OP_E5M2X2_F16X2_RELU: CVT_H_X2("cvt.rn.satfinite.relu.e5m2x2.f16x2", h, hx2); split(r, h, 2, 8, 0xff, 16); break;
#endif
#if HAVE_SM80
    case OP_F16_RN: CVT_H_1("cvt.rn.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RZ: CVT_H_1("cvt.rz.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RM: CVT_H_1("cvt.rm.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RP: CVT_H_1("cvt.rp.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RN_RELU: CVT_H_1("cvt.rn.relu.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RZ_RELU: CVT_H_1("cvt.rz.relu.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RN_SAT: CVT_H_1("cvt.rn.satfinite.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RZ_SAT: CVT_H_1("cvt.rz.satfinite.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RN_RELU_SAT: CVT_H_1("cvt.rn.relu.satfinite.f16.f32", h, x0); r.code[0] = h; break;
    case OP_F16_RZ_RELU_SAT: CVT_H_1("cvt.rz.relu.satfinite.f16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RN: CVT_H_1("cvt.rn.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RZ: CVT_H_1("cvt.rz.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RN_RELU: CVT_H_1("cvt.rn.relu.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RZ_RELU: CVT_H_1("cvt.rz.relu.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RN_SAT: CVT_H_1("cvt.rn.satfinite.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RZ_SAT: CVT_H_1("cvt.rz.satfinite.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RN_RELU_SAT: CVT_H_1("cvt.rn.relu.satfinite.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RZ_RELU_SAT: CVT_H_1("cvt.rz.relu.satfinite.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_TF32_RNA_SAT: CVT_R_1("cvt.rna.satfinite.tf32.f32", w, x0); r.code[0] = w >> 13; r.stray = w & 0x1fffu; break;
    case OP_TF32_RNA: CVT_R_1("cvt.rna.tf32.f32", w, x0); r.code[0] = w >> 13; r.stray = w & 0x1fffu; break;
#endif
#if HAVE_SM90
    case OP_BF16_RM: CVT_H_1("cvt.rm.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_BF16_RP: CVT_H_1("cvt.rp.bf16.f32", h, x0); r.code[0] = h; break;
    case OP_TF32_RN: CVT_R_1("cvt.rn.tf32.f32", w, x0); r.code[0] = w >> 13; r.stray = w & 0x1fffu; break;
    case OP_TF32_RZ: CVT_R_1("cvt.rz.tf32.f32", w, x0); r.code[0] = w >> 13; r.stray = w & 0x1fffu; break;
    case OP_TF32_RN_RELU: CVT_R_1("cvt.rn.relu.tf32.f32", w, x0); r.code[0] = w >> 13; r.stray = w & 0x1fffu; break;
    case OP_TF32_RZ_RELU: CVT_R_1("cvt.rz.relu.tf32.f32", w, x0); r.code[0] = w >> 13; r.stray = w & 0x1fffu; break;
#endif
#if HAVE_FP4
    case OP_E2M1X2: CVT_B8_2("cvt.rn.satfinite.e2m1x2.f32", h, x1, x0); split(r, h, 2, 4, 0xf, 8); break;
    case OP_E2M1X2_RELU: CVT_B8_2("cvt.rn.satfinite.relu.e2m1x2.f32", h, x1, x0); split(r, h, 2, 4, 0xf, 8); break;
    case OP_E2M3X2: CVT_H_2("cvt.rn.satfinite.e2m3x2.f32", h, x1, x0); split(r, h, 2, 8, 0x3f, 16); break;
    case OP_E2M3X2_RELU: CVT_H_2("cvt.rn.satfinite.relu.e2m3x2.f32", h, x1, x0); split(r, h, 2, 8, 0x3f, 16); break;
    case OP_E3M2X2: CVT_H_2("cvt.rn.satfinite.e3m2x2.f32", h, x1, x0); split(r, h, 2, 8, 0x3f, 16); break;
    case OP_E3M2X2_RELU: CVT_H_2("cvt.rn.satfinite.relu.e3m2x2.f32", h, x1, x0); split(r, h, 2, 8, 0x3f, 16); break;
    case OP_UE8M0X2_RZ_SAT: CVT_H_2("cvt.rz.satfinite.ue8m0x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
    case OP_UE8M0X2_RP_SAT: CVT_H_2("cvt.rp.satfinite.ue8m0x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
    case OP_UE8M0X2_RZ: CVT_H_2("cvt.rz.ue8m0x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
    case OP_UE8M0X2_RP: CVT_H_2("cvt.rp.ue8m0x2.f32", h, x1, x0); split(r, h, 2, 8, 0xff, 16); break;
#endif
#if HAVE_RS
    /* {a, b, e, f} = lanes 3, 2, 1, 0. */
    case OP_RS_E4M3X4: CVT_R_4("cvt.rs.satfinite.e4m3x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0xff, 32); break;
    case OP_RS_E4M3X4_RELU: CVT_R_4("cvt.rs.relu.satfinite.e4m3x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0xff, 32); break;
    case OP_RS_E5M2X4: CVT_R_4("cvt.rs.satfinite.e5m2x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0xff, 32); break;
    case OP_RS_E5M2X4_RELU: CVT_R_4("cvt.rs.relu.satfinite.e5m2x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0xff, 32); break;
    case OP_RS_E2M3X4: CVT_R_4("cvt.rs.satfinite.e2m3x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0x3f, 32); break;
    case OP_RS_E2M3X4_RELU: CVT_R_4("cvt.rs.relu.satfinite.e2m3x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0x3f, 32); break;
    case OP_RS_E3M2X4: CVT_R_4("cvt.rs.satfinite.e3m2x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0x3f, 32); break;
    case OP_RS_E3M2X4_RELU: CVT_R_4("cvt.rs.relu.satfinite.e3m2x4.f32", w, x3, x2, x1, x0, rb); split(r, w, 4, 8, 0x3f, 32); break;
    case OP_RS_E2M1X4: CVT_H_4("cvt.rs.satfinite.e2m1x4.f32", h, x3, x2, x1, x0, rb); split(r, h, 4, 4, 0xf, 16); break;
    case OP_RS_E2M1X4_RELU: CVT_H_4("cvt.rs.relu.satfinite.e2m1x4.f32", h, x3, x2, x1, x0, rb); split(r, h, 4, 4, 0xf, 16); break;
    /* a = lane 1 (d[31:16]), b = lane 0 (d[15:0]). */
    case OP_RS_F16X2: CVT_R_2RS("cvt.rs.f16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
    case OP_RS_F16X2_SAT: CVT_R_2RS("cvt.rs.satfinite.f16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
    case OP_RS_F16X2_RELU: CVT_R_2RS("cvt.rs.relu.f16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
    case OP_RS_F16X2_RELU_SAT: CVT_R_2RS("cvt.rs.relu.satfinite.f16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
    case OP_RS_BF16X2: CVT_R_2RS("cvt.rs.bf16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
    case OP_RS_BF16X2_SAT: CVT_R_2RS("cvt.rs.satfinite.bf16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
    case OP_RS_BF16X2_RELU: CVT_R_2RS("cvt.rs.relu.bf16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
    case OP_RS_BF16X2_RELU_SAT: CVT_R_2RS("cvt.rs.relu.satfinite.bf16x2.f32", w, x1, x0, rb); split(r, w, 2, 16, 0xffff, 32); break;
#endif
    default: *bad = 1; break;
    }
    return r;
}

struct launch {
    int op, in, lanes, code_bytes, stochastic;
    int raw_d_bytes;       /* > 0: write d itself, this many bytes an instruction (packed FP4) */
    uint64_t elem0;        /* global index of the chunk's first element */
    uint32_t n;            /* elements in this chunk */
    const void *input;     /* NULL: element i's input is the bit pattern i */
    void *out;
    uint64_t seed;
    unsigned long long *stray; /* instructions whose d had stray bits */
    int *bad;
};

/* One thread an instruction. */
__global__ void k_convert(launch L)
{
    const uint64_t t = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    const uint64_t ninstr = ((uint64_t)L.n + L.lanes - 1) / L.lanes;
    if (t >= ninstr)
        return;
    const uint64_t e = t * (uint64_t)L.lanes; /* chunk-local element of lane 0 */
    uint32_t x[4] = {0, 0, 0, 0};
    double xd[4] = {0, 0, 0, 0};
    for (int k = 0; k < L.lanes; k++) {
        const uint64_t i = e + k;
        if (i >= L.n)
            break; /* a partial last instruction (--in only): the missing lanes convert +0 */
        if (L.in == IN_F64)
            xd[k] = ((const double *)L.input)[i];
        else if (L.input == NULL)
            x[k] = L.in == IN_F16 ? (uint32_t)((L.elem0 + i) & 0xffffu) : (uint32_t)(L.elem0 + i);
        else if (L.in == IN_F16)
            x[k] = ((const uint16_t *)L.input)[i];
        else
            x[k] = ((const uint32_t *)L.input)[i];
    }
    uint32_t rb = 0;
    if (L.stochastic)
        rb = philox_bits32(L.seed, (L.elem0 + e) / (uint64_t)L.lanes);
    const result r = convert(L.op, x, xd, rb, L.bad);
    if (r.stray)
        atomicAdd(L.stray, 1ull);
    if (L.raw_d_bytes) {
        uint8_t *o = (uint8_t *)L.out + t * (uint64_t)L.raw_d_bytes;
        for (int b = 0; b < L.raw_d_bytes; b++)
            o[b] = (uint8_t)(r.d >> (8 * b));
        return;
    }
    for (int k = 0; k < L.lanes && e + k < L.n; k++) {
        const uint64_t i = e + k;
        if (L.code_bytes == 1)
            ((uint8_t *)L.out)[i] = (uint8_t)r.code[k];
        else if (L.code_bytes == 2)
            ((uint16_t *)L.out)[i] = (uint16_t)r.code[k];
        else
            ((uint32_t *)L.out)[i] = r.code[k];
    }
}

/* Which req_class bits the image loaded for this device holds. */
__global__ void k_probe(unsigned *mask)
{
    unsigned m = 1u << REQ_ANY;
    if (HAVE_SM80) m |= 1u << REQ_SM80;
    if (HAVE_SM89) m |= 1u << REQ_SM89;
    if (HAVE_SM90) m |= 1u << REQ_SM90;
    if (HAVE_FP4) m |= 1u << REQ_FP4;
    if (HAVE_RS) m |= 1u << REQ_RS;
    *mask = m;
}

__global__ void k_philox_kat(const philox_kat *k, int n, uint32_t *out)
{
    const int i = threadIdx.x;
    if (i >= n)
        return;
    philox_block c = {{k[i].ctr[0], k[i].ctr[1], k[i].ctr[2], k[i].ctr[3]}};
    const philox_block r = philox4x32_10(c, k[i].key[0], k[i].key[1]);
    for (int j = 0; j < 4; j++)
        out[4 * i + j] = r.w[j];
}

/* ------------------------------------------------------------------ host code */

static const char USAGE[] =
    "Usage: convert_all PROFILE --out FILE [--packed] [--seed S] [--in FILE --from f32|f16|f64] [--host]\n"
    "       convert_all --list | --self-test | --help\n"
    "\n"
    "Convert every input of a cuda-*/ptx-* profile on the GPU with the intrinsic or\n"
    "PTX cvt form the profile models and write the codes to FILE (raw, code_bytes\n"
    "little-endian bytes a code), for `exmy check PROFILE --set all --got FILE`.\n"
    "Inputs: every binary32 bit pattern (every binary16 one for the .f16x2 forms),\n"
    "ascending, made on the device; or --in FILE, raw values of the --from type.\n"
    "\n"
    "  --out FILE    where the codes go (written chunk by chunk)\n"
    "  --packed      FP4 two codes a byte as the cvt register packs them (the first\n"
    "                element in the low nibble), FP6 four codes in three bytes\n"
    "  --seed S      cvt.rs forms: instruction j's random operand is\n"
    "                exmy_philox_bits(S, j, 32) (default 0)\n"
    "  --in FILE     convert the values in FILE instead (raw little-endian)\n"
    "  --from T      the type of --in: f32, f16 or f64 (default: the profile's)\n"
    "  --list        one line a profile, tab-separated: name, input type, lanes,\n"
    "                code bits, code bytes, stochastic (0/1), requirement, device form\n"
    "  --host        run the cuda_fp8.hpp intrinsics' host code on the CPU instead\n"
    "                (the header's software path; no GPU needed; those forms only)\n"
    "  --self-test   Philox4x32-10 Known Answer Tests on the host and the device\n"
    "\n"
    "Exit: 0 done, 1 CUDA or file error, 2 usage error, 3 the device cannot run the form.\n";

static const char *const IN_NAME[] = {"f32", "f16", "f64"};
static const int IN_BYTES[] = {4, 2, 8};

static void die_usage(const char *msg, const char *arg)
{
    if (arg)
        fprintf(stderr, "convert_all: %s: %s (see convert_all --help)\n", arg, msg);
    else
        fprintf(stderr, "convert_all: %s (see convert_all --help)\n", msg);
    exit(2);
}

#define CUDA_OK(call)                                                                        \
    do {                                                                                     \
        cudaError_t e_ = (call);                                                             \
        if (e_ != cudaSuccess) {                                                             \
            fprintf(stderr, "convert_all: %s: %s\n", #call, cudaGetErrorString(e_));         \
            exit(1);                                                                         \
        }                                                                                    \
    } while (0)

static const form *find_form(const char *name)
{
    for (int i = 0; i < NFORMS; i++)
        if (strcmp(FORMS[i].profile, name) == 0)
            return &FORMS[i];
    return NULL;
}

static int host_philox_kat(void)
{
    int bad = 0;
    for (int i = 0; i < 3; i++) {
        const philox_kat &k = PHILOX_KATS[i];
        philox_block c = {{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}};
        const philox_block r = philox4x32_10(c, k.key[0], k.key[1]);
        for (int j = 0; j < 4; j++)
            if (r.w[j] != k.out[j]) {
                fprintf(stderr, "convert_all: host Philox KAT %d word %d: 0x%08" PRIx32 ", expected 0x%08" PRIx32 "\n",
                        i, j, r.w[j], k.out[j]);
                bad = 1;
            }
    }
    return bad;
}

/* The first CUDA device: its compute capability ("sm_90") and what the loaded
 * image holds. A missing driver, no device, or no image for it: one line, exit 1. */
static unsigned device_probe(char *sm, size_t smlen)
{
    int n = 0;
    cudaError_t e = cudaGetDeviceCount(&n);
    if (e != cudaSuccess || n == 0) {
        fprintf(stderr, "convert_all: no CUDA device (%s)\n",
                e != cudaSuccess ? cudaGetErrorString(e) : "cudaGetDeviceCount found none");
        exit(1);
    }
    cudaDeviceProp p;
    CUDA_OK(cudaGetDeviceProperties(&p, 0));
    snprintf(sm, smlen, "sm_%d%d", p.major, p.minor);
    unsigned *dm = NULL, m = 0;
    CUDA_OK(cudaMalloc(&dm, sizeof *dm));
    k_probe<<<1, 1>>>(dm);
    e = cudaGetLastError();
    if (e != cudaSuccess) {
        fprintf(stderr, "convert_all: cannot run on %s (%s): rebuild for this device (tests/gpu/run.sh does)\n",
                sm, cudaGetErrorString(e));
        exit(1);
    }
    CUDA_OK(cudaMemcpy(&m, dm, sizeof m, cudaMemcpyDeviceToHost));
    CUDA_OK(cudaFree(dm));
    return m;
}

static int self_test(void)
{
    int bad = host_philox_kat();
    char sm[32];
    (void)device_probe(sm, sizeof sm);
    philox_kat *dk = NULL;
    uint32_t *dout = NULL, out[12];
    CUDA_OK(cudaMalloc(&dk, sizeof PHILOX_KATS));
    CUDA_OK(cudaMalloc(&dout, sizeof out));
    CUDA_OK(cudaMemcpy(dk, PHILOX_KATS, sizeof PHILOX_KATS, cudaMemcpyHostToDevice));
    k_philox_kat<<<1, 32>>>(dk, 3, dout);
    CUDA_OK(cudaGetLastError());
    CUDA_OK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            if (out[4 * i + j] != PHILOX_KATS[i].out[j]) {
                fprintf(stderr, "convert_all: device Philox KAT %d word %d: 0x%08" PRIx32 ", expected 0x%08" PRIx32 "\n",
                        i, j, out[4 * i + j], PHILOX_KATS[i].out[j]);
                bad = 1;
            }
    CUDA_OK(cudaFree(dk));
    CUDA_OK(cudaFree(dout));
    printf("convert_all: Philox4x32-10 known answers %s on the host and on %s\n", bad ? "FAIL" : "ok", sm);
    return bad;
}

/* Dense packing of k-bit codes (exmy_pack_codes): element i at bits k*i ..
 * k*i+k-1 of a little-endian bit stream. n * k is a multiple of 8 here except at
 * the very end, whose partial byte keeps zero high bits. Returns the bytes written. */
static size_t pack_dense(const uint8_t *codes, size_t n, int k, uint8_t *out)
{
    const size_t bytes = (n * (size_t)k + 7) / 8;
    memset(out, 0, bytes);
    for (size_t i = 0; i < n; i++) {
        const size_t bit = i * (size_t)k;
        const uint32_t v = (uint32_t)codes[i] << (bit % 8);
        out[bit / 8] |= (uint8_t)v;
        if (bit % 8 + (size_t)k > 8)
            out[bit / 8 + 1] |= (uint8_t)(v >> 8);
    }
    return bytes;
}

int main(int argc, char **argv)
{
    const char *profile = NULL, *out_path = NULL, *in_path = NULL, *from = NULL;
    bool packed = false, list = false, selftest = false, host = false;
    uint64_t seed = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(USAGE, stdout);
            return 0;
        } else if (!strcmp(a, "--list")) {
            list = true;
        } else if (!strcmp(a, "--self-test")) {
            selftest = true;
        } else if (!strcmp(a, "--host")) {
            host = true;
        } else if (!strcmp(a, "--packed")) {
            packed = true;
        } else if (!strcmp(a, "--out") || !strcmp(a, "--in") || !strcmp(a, "--from") || !strcmp(a, "--seed")) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                die_usage("expected a value after it", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--out"))
                out_path = v;
            else if (!strcmp(a, "--in"))
                in_path = v;
            else if (!strcmp(a, "--from"))
                from = v;
            else {
                char *end = NULL;
                errno = 0;
                const unsigned long long s = strtoull(v, &end, 0);
                if (errno || end == v || *end != '\0' || v[0] == '-')
                    die_usage("expected an unsigned 64-bit seed", v);
                seed = s;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            die_usage("unknown option", a);
        } else if (!profile) {
            profile = a;
        } else {
            die_usage("one profile only", a);
        }
    }

    if (list) {
        for (int i = 0; i < NFORMS; i++)
            printf("%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", FORMS[i].profile, IN_NAME[FORMS[i].in], FORMS[i].lanes,
                   FORMS[i].bits, FORMS[i].code_bytes, FORMS[i].stochastic, REQ_TEXT[FORMS[i].req], FORMS[i].device);
        return 0;
    }
    if (selftest)
        return self_test() ? 1 : 0;
    if (!profile)
        die_usage("expected a PROFILE", NULL);
    const form *F = find_form(profile);
    if (!F) {
        fprintf(stderr, "convert_all: %s: no device form for this profile (convert_all --list names them)\n", profile);
        return 2;
    }
    if (!out_path)
        die_usage("--out FILE is required", profile);
    int in = F->in;
    if (from) {
        if (!in_path)
            die_usage("--from goes with --in", from);
        if (!strcmp(from, "f32")) in = IN_F32;
        else if (!strcmp(from, "f16")) in = IN_F16;
        else if (!strcmp(from, "f64")) in = IN_F64;
        else die_usage("expected f32, f16 or f64", from);
        if (in != F->in) {
            fprintf(stderr, "convert_all: %s: the device form takes %s inputs, not %s\n", profile, IN_NAME[F->in], from);
            return 2;
        }
    }
    if (in == IN_F64 && !in_path) {
        fprintf(stderr, "convert_all: %s: f64 inputs need --in FILE (there is no all-inputs set for binary64)\n", profile);
        return 2;
    }

    if (host && F->req != REQ_ANY) {
        fprintf(stderr, "convert_all: %s: --host runs the cuda_fp8.hpp intrinsics only (this form is PTX)\n", profile);
        return 2;
    }

    /* Can this device run it? Before any output is made. */
    char sm[32] = "the host";
    const unsigned have = host ? 1u << REQ_ANY : device_probe(sm, sizeof sm);
    if (!(have & (1u << F->req))) {
        printf("skipped: needs %s, device is %s\n", REQ_TEXT[F->req], sm);
        return 3;
    }

    /* The input stream. */
    FILE *fin = NULL;
    uint64_t total;
    if (in_path) {
        fin = fopen(in_path, "rb");
        if (!fin) {
            fprintf(stderr, "convert_all: %s: %s\n", in_path, strerror(errno));
            return 1;
        }
        if (fseeko(fin, 0, SEEK_END) != 0) {
            fprintf(stderr, "convert_all: %s: cannot seek (a regular file is needed)\n", in_path);
            return 1;
        }
        const off_t size = ftello(fin);
        rewind(fin);
        if (size < 0 || size % IN_BYTES[in] != 0) {
            fprintf(stderr, "convert_all: %s: size is not a whole number of %s values\n", in_path, IN_NAME[in]);
            return 1;
        }
        total = (uint64_t)size / IN_BYTES[in];
    } else {
        total = in == IN_F16 ? (uint64_t)1 << 16 : (uint64_t)1 << 32;
    }

    FILE *fout = fopen(out_path, "wb");
    if (!fout) {
        fprintf(stderr, "convert_all: %s: %s\n", out_path, strerror(errno));
        return 1;
    }

    const bool fp4_raw = packed && F->bits == 4;      /* the register is the packing */
    const bool fp6_pack = packed && F->bits == 6;     /* dense, on the host */
    const int raw_d_bytes = fp4_raw ? F->lanes / 2 : 0; /* e2m1x2: 1 byte, e2m1x4: 2 */
    const size_t in_bytes = (size_t)CHUNK * IN_BYTES[in];
    const size_t out_bytes = (size_t)CHUNK * F->code_bytes;

    void *d_in = NULL, *d_out = NULL, *h_in = NULL, *h_out = NULL;
    uint8_t *h_pack = NULL;
    unsigned long long *d_stray = NULL, stray = 0;
    int *d_bad = NULL, bad = 0;
    if (host) {
        h_out = malloc(out_bytes);
        h_in = fin ? malloc(in_bytes) : NULL;
        if (!h_out || (fin && !h_in)) {
            fprintf(stderr, "convert_all: out of memory\n");
            return 1;
        }
    } else {
        CUDA_OK(cudaMalloc(&d_out, out_bytes));
        CUDA_OK(cudaMallocHost(&h_out, out_bytes));
        if (fin) {
            CUDA_OK(cudaMalloc(&d_in, in_bytes));
            CUDA_OK(cudaMallocHost(&h_in, in_bytes));
        }
        CUDA_OK(cudaMalloc(&d_stray, sizeof *d_stray));
        CUDA_OK(cudaMalloc(&d_bad, sizeof *d_bad));
        CUDA_OK(cudaMemset(d_stray, 0, sizeof *d_stray));
        CUDA_OK(cudaMemset(d_bad, 0, sizeof *d_bad));
    }
    if (fp6_pack && !(h_pack = (uint8_t *)malloc(CHUNK * 6 / 8))) {
        fprintf(stderr, "convert_all: out of memory\n");
        return 1;
    }

    for (uint64_t done = 0; done < total;) {
        const uint32_t n = (uint32_t)(total - done < CHUNK ? total - done : CHUNK);
        if (fin) {
            if (fread(h_in, IN_BYTES[in], n, fin) != n) {
                fprintf(stderr, "convert_all: %s: short read\n", in_path);
                return 1;
            }
            if (!host)
                CUDA_OK(cudaMemcpy(d_in, h_in, (size_t)n * IN_BYTES[in], cudaMemcpyHostToDevice));
        }
        const uint64_t ninstr = ((uint64_t)n + F->lanes - 1) / F->lanes;
        size_t nbytes = (size_t)n * F->code_bytes;
        if (host) {
            /* One-lane, one-byte forms only (REQ_ANY): the element is the instruction. */
            for (uint32_t i = 0; i < n; i++) {
                const uint32_t xb = fin ? (in == IN_F32 ? ((const uint32_t *)h_in)[i] : 0) : (uint32_t)(done + i);
                const double xd = fin && in == IN_F64 ? ((const double *)h_in)[i] : 0.0;
                ((uint8_t *)h_out)[i] = (uint8_t)fp8_intrinsic(F->op, xb, xd);
            }
        } else {
            launch L;
            L.op = F->op;
            L.in = in;
            L.lanes = F->lanes;
            L.code_bytes = F->code_bytes;
            L.stochastic = F->stochastic;
            L.raw_d_bytes = raw_d_bytes;
            L.elem0 = done;
            L.n = n;
            L.input = fin ? d_in : NULL;
            L.out = d_out;
            L.seed = seed;
            L.stray = d_stray;
            L.bad = d_bad;
            const unsigned threads = 256;
            k_convert<<<(unsigned)((ninstr + threads - 1) / threads), threads>>>(L);
            CUDA_OK(cudaGetLastError());
            CUDA_OK(cudaDeviceSynchronize());
            CUDA_OK(cudaMemcpy(&bad, d_bad, sizeof bad, cudaMemcpyDeviceToHost));
            if (bad) {
                /* k_probe said yes but the kernel has no such case: a table/guard mismatch. */
                fprintf(stderr, "convert_all: %s: the form is not compiled in for %s\n", profile, sm);
                return 1;
            }
            if (fp4_raw)
                nbytes = ((size_t)n * 4 + 7) / 8; /* exmy_packed_size: a partial last register is cut */
            CUDA_OK(cudaMemcpy(h_out, d_out, fp4_raw ? (size_t)ninstr * raw_d_bytes : nbytes, cudaMemcpyDeviceToHost));
        }
        const void *chunk_out = h_out;
        if (fp6_pack) {
            nbytes = pack_dense((const uint8_t *)h_out, n, 6, h_pack);
            chunk_out = h_pack;
        }
        if (fwrite(chunk_out, 1, nbytes, fout) != nbytes) {
            fprintf(stderr, "convert_all: %s: %s\n", out_path, strerror(errno));
            return 1;
        }
        done += n;
    }
    if (fclose(fout) != 0) {
        fprintf(stderr, "convert_all: %s: %s\n", out_path, strerror(errno));
        return 1;
    }
    if (fin)
        fclose(fin);
    if (!host)
        CUDA_OK(cudaMemcpy(&stray, d_stray, sizeof stray, cudaMemcpyDeviceToHost));
    if (stray)
        fprintf(stderr, "convert_all: %s: stray bits: %llu instructions set bits of d outside the codes\n",
                profile, stray);
    printf("convert_all: %s on %s: %" PRIu64 " %s inputs -> %s%s\n", profile, sm, total, IN_NAME[in], out_path,
           packed && F->bits < 8 ? " (packed)" : "");
    return 0;
}
