/* Independent model of AMD's FP8 conversion instructions, written from the
 * ISA reference guides (see formats/amd.prof for the citations), by bit
 * manipulation on the binary32 pattern. It shares no code with src/ and never
 * calls exmy_from_* / exmy_profile_*.
 *
 *  [CDNA3] "AMD Instinct MI300" ISA Reference Guide, 5-Aug-2025, §7.2 (Tables 30
 *          and 31, the FP16_OVFL table) and §12.11 opcodes 674-677.
 *  [CDNA4] CDNA4 ISA Reference Guide, 5-Aug-2025, §7.3 and VOP3 opcodes 565/566.
 *
 * The three target encodings of Table 30:
 *  - FNUZ (CDNA3 FP8 E4M3 bias 8, BF8 E5M2 bias 16): 0x80 is the only NaN (and
 *    BF8's "INF" entry), no -0, every other code finite, max = 0x7f;
 *  - OCP E4M3 (CDNA4 FP8, bias 7): S.1111.111 NaN, no Inf, max 0x7e (448);
 *  - OCP E5M2 (CDNA4 BF8, bias 15): IEEE-like, Inf 0x7c, max 0x7b (57344);
 *  - OCP FP4 E2M1 / FP6 E2M3 / BF6 E3M2 (CDNA4, biases 1, 1, 3): no Inf or
 *    NaN; a value beyond max after rounding "is clamped/saturated to the
 *    maximum FP4/FP6 magnitude, preserving the sign" (§7.3), FP16_OVFL has
 *    no effect; NaN inputs are not modelled (the documents say nothing).
 *
 * Rounding: RNE for the packed converts (Table 31, "f32_to_fp8 under
 * ROUND_NEAREST_EVEN"). The stochastic converts "add a random value ... and
 * then truncate" (§7.2): R = S1[31:12] (FP8) or S1[31:11] (BF8) is added to
 * the binary32 mantissa, whose bits below FP8's (BF8's) last place are exactly
 * 20 (21) for results in the target's normal range. For results below the
 * target's smallest normal the documents place R at binary32 mantissa bit 0
 * although more than 20 (21) bits are then dropped; ref_amd_convert() puts R
 * just below the target's last place (the reading exmy's profiles adopt) and
 * ref_amd_sr_literal() adds R at binary32 bit 0, so the test can count where
 * the two readings differ.
 *
 * Overflow (the FP16_OVFL table): a NaN source gives NaN; a +-Inf source and a
 * finite result above max give +-max when FP16_OVFL = 1, otherwise NaN (FP8,
 * and FNUZ BF8 whose "Inf" is 0x80) or +-Inf (OCP BF8). The comparison with
 * max is made after rounding (formats/amd.prof: a gfx942 measurement). */
#include "harness.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum ref_amd_kind {
    REF_AMD_FNUZ,
    REF_AMD_OCP_E4M3,
    REF_AMD_OCP_E5M2,
    REF_AMD_OCP_FPX /* FP4 E2M1 / FP6 E2M3 / BF6 E3M2: every code finite, saturating */
} ref_amd_kind;

typedef struct ref_amd {
    ref_amd_kind kind;
    unsigned E, M;   /* exponent and mantissa bits */
    int bias;
    bool fp16_ovfl;  /* MODE.FP16_OVFL */
    bool stochastic; /* CVT_SR: R added below the target's last place, truncate */
    unsigned N;      /* stochastic: bits of R (23 - M) */
    bool nan_open;   /* the document leaves the NaN code open (CDNA4) */
} ref_amd;

/* Largest finite code (magnitude) of the target. */
static uint32_t max_code(const ref_amd *t)
{
    switch (t->kind) {
    case REF_AMD_FNUZ: return 0x7f;
    case REF_AMD_OCP_E4M3: return 0x7e;
    case REF_AMD_OCP_E5M2: return 0x7b;
    case REF_AMD_OCP_FPX: return (1u << (t->E + t->M)) - 1;
    }
    return 0;
}

static ph_answer code(uint32_t c)
{
    ph_answer a = {c, false};
    return a;
}

static ph_answer nan_answer(const ref_amd *t, uint32_t sign)
{
    if (t->kind == REF_AMD_FNUZ)
        return code(0x80);
    if (t->nan_open) {
        ph_answer a = {0, true};
        return a;
    }
    return code(sign | (t->kind == REF_AMD_OCP_E4M3 ? 0x7fu : 0x7eu));
}

/* What an out-of-range result (|x| after rounding > max, or a +-Inf source)
 * gives: the FP16_OVFL table. */
static ph_answer overflow(const ref_amd *t, uint32_t sign)
{
    if (t->fp16_ovfl || t->kind == REF_AMD_OCP_FPX) /* FP4/FP6: "clamped/saturated" (§7.3) */
        return code(sign | max_code(t));
    if (t->kind == REF_AMD_OCP_E5M2)
        return code(sign | 0x7c);
    return nan_answer(t, sign);
}

static ph_answer zero(const ref_amd *t, uint32_t sign)
{
    return code(t->kind == REF_AMD_FNUZ ? 0 : sign);
}

static unsigned bitlen(uint64_t v)
{
    unsigned n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
}

/* floor(v / 2^s) for any s >= 0. */
static uint64_t shr(uint64_t v, int s)
{
    return s >= 64 ? 0 : v >> s;
}

/* Encode magnitude kept * 2^u (kept < 2^(M+2)) of the target; u >= emin - M. */
static ph_answer encode(const ref_amd *t, uint32_t sign, uint64_t kept, int u)
{
    if (kept == 0)
        return zero(t, sign);
    if (kept >> (t->M + 1)) { /* 1.11..1 carried into 10.00..0 */
        kept >>= 1;
        u++;
    }
    uint64_t c;
    if (kept < (1u << t->M)) { /* subnormal: exponent field 0 */
        c = kept;
    } else {
        int field = u + (int)t->M + t->bias; /* value = kept * 2^u, kept in [2^M, 2^(M+1)) */
        c = ((uint64_t)field << t->M) | (kept - (1u << t->M));
    }
    if (c > max_code(t))
        return overflow(t, sign);
    return code(sign | (uint32_t)c);
}

/* The model: binary32 bits x, R (stochastic), scale_exp (x * 2^scale_exp,
 * exact, before the single rounding). */
static ph_answer convert(const ref_amd *t, uint32_t x, uint32_t r, int scale_exp)
{
    uint32_t sign = (x >> 31) << (t->E + t->M);
    uint32_t ef = (x >> 23) & 0xff, mf = x & 0x7fffff;
    if (ef == 0xff)
        return mf ? nan_answer(t, sign) : overflow(t, sign);
    if (ef == 0 && mf == 0)
        return zero(t, sign);
    /* |x| = sig * 2^q exactly */
    uint64_t sig = ef ? (mf | 0x800000u) : mf;
    int q = (ef ? (int)ef - 150 : -149) + scale_exp;
    int top = q + (int)bitlen(sig) - 1; /* floor(log2 |x * 2^k|) */
    int emin = 1 - t->bias;
    int emax_field = (1 << t->E) - 1;
    if (top > emax_field - t->bias + 2) /* far above max: no rounding can save it */
        return overflow(t, sign);
    int u = (top > emin ? top : emin) - (int)t->M; /* the target's last place */
    int s = u - q;                                 /* bits dropped below it */
    if (s <= 0) /* exact: no bits below the last place */
        return encode(t, sign, sig << -s, u);
    uint64_t kept = shr(sig, s);
    if (!t->stochastic) {
        /* RNE: the dropped part against half an ulp */
        uint64_t rem = s >= 64 ? sig : sig & ((UINT64_C(1) << s) - 1);
        bool up;
        if (s > 60) {
            up = false; /* rem < 2^24 < half */
        } else {
            uint64_t half = UINT64_C(1) << (s - 1);
            up = rem > half || (rem == half && (kept & 1));
        }
        return encode(t, sign, kept + up, u);
    }
    /* Stochastic: the N bits just below the last place (lower bits dropped),
     * plus R, truncated: a carry out of those N bits rounds away. */
    uint64_t frac;
    if (s >= (int)t->N)
        frac = shr(sig, s - (int)t->N) & ((UINT64_C(1) << t->N) - 1);
    else
        frac = (sig & ((UINT64_C(1) << s) - 1)) << ((int)t->N - s);
    uint64_t sum = frac + (r & ((UINT64_C(1) << t->N) - 1));
    return encode(t, sign, kept + (sum >> t->N), u);
}

ph_answer ref_amd_model(exmy_type type, uint64_t xbits, uint32_t r, int scale_exp, const void *ctx)
{
    if (type != EXMY_TYPE_F32) { /* every profile here takes binary32 only */
        ph_answer a = {0xffffffffu, false};
        return a;
    }
    return convert((const ref_amd *)ctx, (uint32_t)xbits, r, scale_exp);
}

/* §7.2 read literally for results below the smallest normal: R added to the
 * binary32 pattern at mantissa bit 0 (carrying into the exponent), then the
 * sum truncated to the target (no scale). For finite sources only. */
ph_answer ref_amd_sr_literal(const void *ctx, uint32_t x, uint32_t r)
{
    const ref_amd *t = ctx;
    uint32_t a = x & 0x7fffffffu;
    uint32_t sum = a + (r & ((1u << t->N) - 1)); /* never reaches the sign bit: a <= FLT_MAX */
    ref_amd trunc = *t;
    trunc.stochastic = true; /* with R = 0: truncation */
    return convert(&trunc, (x & 0x80000000u) | sum, 0, 0);
}

/* Contexts for the profiles of formats/amd.prof: fmt is "e4m3fnuz",
 * "e5m2fnuz" (CDNA3), "e4m3fn", "e5m2", "e2m1fn", "e2m3fn" or "e3m2fn"
 * (CDNA4). */
const void *ref_amd_ctx(const char *fmt, bool fp16_ovfl, bool stochastic, bool nan_open)
{
    ref_amd t = {REF_AMD_FNUZ, 4, 3, 8, fp16_ovfl, stochastic, 20, nan_open};
    if (strcmp(fmt, "e5m2fnuz") == 0)
        t.E = 5, t.M = 2, t.bias = 16;
    else if (strcmp(fmt, "e4m3fn") == 0)
        t.kind = REF_AMD_OCP_E4M3, t.bias = 7;
    else if (strcmp(fmt, "e5m2") == 0)
        t.kind = REF_AMD_OCP_E5M2, t.E = 5, t.M = 2, t.bias = 15;
    else if (strcmp(fmt, "e2m1fn") == 0)
        t.kind = REF_AMD_OCP_FPX, t.E = 2, t.M = 1, t.bias = 1;
    else if (strcmp(fmt, "e2m3fn") == 0)
        t.kind = REF_AMD_OCP_FPX, t.E = 2, t.M = 3, t.bias = 1;
    else if (strcmp(fmt, "e3m2fn") == 0)
        t.kind = REF_AMD_OCP_FPX, t.E = 3, t.M = 2, t.bias = 3;
    t.N = 23 - t.M;
    ref_amd *p = malloc(sizeof *p); /* one per profile, for the life of the test */
    if (!p)
        abort();
    *p = t;
    return p;
}
