/* The scale of a block (exmy.h "block-scaled formats", exmy_scale_rule) and
 * the exact arithmetic the block quantiser needs around the scalar core.
 *
 * Every rule works on the exact value of amax (its significand and exponent
 * bits), never on a floating-point log2 or division: log2f of an amax just
 * below a power of two rounds up to the power of two and doubles the scale,
 * and amax / 6.0f / ts rounds twice before the scale format rounds a third
 * time. Where an implementation computes in binary32, its scale can differ
 * from the exact one; the comments of each rule say where.
 *
 * Sources:
 *  - OCP Microscaling Formats (MX) Specification v1.0 (2023), §6.3
 *    "Conversion", Algorithm 1 (convert a vector of scalar floats {V_i} to
 *    an MX block {X, {P_i}}):
 *        shared_exp = floor(log2(max_i |V_i|)) - emax_elem
 *        X = 2^shared_exp
 *        P_i = quantize_to_element_format(V_i / X), clamping normal numbers
 *    with emax_elem the exponent of the element format's largest normal
 *    number. X is an E8M0 value, so shared_exp is clamped to E8M0's range
 *    [-127, 127]; the algorithm leaves amax = 0 undefined (log2 0), and exmy
 *    gives the smallest scale, whose elements are all zero anyway.
 *  - NVIDIA NVFP4 (the "Introducing NVFP4" technical blog, 2025; NVIDIA,
 *    "Pretraining Large Language Models with NVFP4", arXiv:2509.25149,
 *    appendix on the quantisation procedure; Transformer Engine's NVFP4
 *    recipe): a per-tensor binary32 scale amax_tensor / (6 * 448) and per
 *    block of 16 an E4M3 scale amax_block / 6 / tensor_scale, converted to
 *    E4M3 round-to-nearest-even with saturation (EXMY_SCALE_DIV). */
#include "block_core.h"

__extension__ typedef unsigned __int128 u128;

/* ------------------------------------------------------ exact arithmetic */

static int clz64(uint64_t x)
{
    return __builtin_clzll(x);
}

void exmy__blk_div(const exmy__exact *a, exmy__xval d, exmy__exact *q)
{
    *q = *a;
    if (a->kind != EXMY__X_FINITE)
        return;
    /* Dividend N * 2^63 with N's top bit at 63, divisor D with its top bit
     * at 63: the quotient lies in [2^62, 2^64), 63 or 64 significant bits. A
     * sticky dividend would not do (its fraction could carry into the
     * quotient): every caller divides an exact input. */
    int ln = clz64(a->m), ld = clz64(d.sig);
    uint64_t D = d.sig << ld;
    u128 num = (u128)(a->m << ln) << 63;
    u128 qq = num / D;
    uint64_t rem = (uint64_t)(num - qq * D);
    q->m = (uint64_t)qq;
    q->e = a->e - ln - 63 - (d.exp - ld);
    q->sticky = rem != 0;
}

void exmy__blk_mul3(exmy__xval a, exmy__xval b, exmy__xval c, bool neg, exmy__exact *out)
{
    u128 p = (u128)(a.sig * b.sig) * c.sig;
    int64_t e = a.exp + b.exp + c.exp;
    uint64_t hi = (uint64_t)(p >> 64), lo = (uint64_t)p;
    out->kind = EXMY__X_FINITE;
    out->neg = neg;
    if (hi == 0) {
        out->m = lo;
        out->e = e;
        out->sticky = false;
        return;
    }
    /* Keep the top 64 bits; the rest is the sticky bit. */
    int sh = 64 - clz64(hi);
    out->m = (uint64_t)(p >> sh);
    out->e = e + sh;
    out->sticky = (lo & ((UINT64_C(1) << sh) - 1)) != 0;
}

exmy__xval exmy__blk_f32_value(float ts)
{
    uint32_t b;
    memcpy(&b, &ts, sizeof b);
    exmy__exact x;
    exmy__exact_from_ieee(b, 8, 23, &x);
    return (exmy__xval){x.m, x.e};
}

/* x normalised: the top bit of m at bit 63 (x finite, m != 0). */
static void normalise(exmy__exact *x)
{
    int lz = clz64(x->m);
    x->m <<= lz;
    x->e -= lz;
}

/* ---------------------------------------------------------- the format */

exmy_status exmy__blk_prepare(const exmy_block_format *bf, exmy__blk *B)
{
    /* The rules of a block format live once, in exmy_block_validate: valid
     * element and scale formats, power-of-two scales (no mantissa bits) for
     * FLOOR, CEIL and EVEN, MXINT8's stand-in, block >= 1. */
    exmy_status st = exmy_block_validate(bf, NULL, 0);
    if (st != EXMY_OK)
        return st;
    (void)exmy__prepare(&bf->elem, &B->E);
    (void)exmy__prepare(&bf->scale, &B->S);
    B->bf = bf;
    B->pow2 = bf->rule != EXMY_SCALE_DIV;
    B->emax_elem = B->E.top_ex;
    B->p_elem = B->E.M + 1;
    exmy__xval v;
    exmy__mag_value(&B->E, B->E.cmax, &v.sig, &v.exp);
    B->max_sig = v.sig;
    B->max_exp = v.exp;
    exmy__mag_value(&B->S, B->S.cmax, &v.sig, &v.exp);
    B->smax_sig = v.sig;
    B->smax_exp = v.exp;
    /* The smallest positive scale: magnitude code 0 where the format has no
     * zero (e8m0fnu's 2^-127), else code 1. */
    B->smin_code = B->S.has_zero ? 1u : 0u;
    if (B->pow2) {
        /* A power-of-two scale format has no mantissa bits (validated), so
         * magnitude code c is 2^(c - bias) (c >= 1 where code 0 is zero). */
        B->kmin = (int64_t)B->smin_code - B->S.bias;
        B->kmax = (int64_t)B->S.cmax - B->S.bias;
    } else {
        B->kmin = B->kmax = 0;
    }
    return EXMY_OK;
}

/* ------------------------------------------------------------ the rules */

void exmy__blk_scale_code(const exmy__blk *B, const exmy__exact *amax, exmy__xval ts,
                          uint32_t *code, exmy__xval *value, int64_t *k)
{
    if (B->pow2) {
        int64_t kk = B->kmin; /* amax = 0: the smallest scale */
        if (amax->kind == EXMY__X_FINITE) {
            exmy__exact a = *amax;
            if ((ts.sig & (ts.sig - 1)) == 0) /* a power of two: a shift */
                a.e -= ts.exp + __builtin_ctzll(ts.sig);
            else
                exmy__blk_div(amax, ts, &a);
            normalise(&a);
            kk = exmy__blk_pow2_k(B, a.m, a.e, a.sticky);
        }
        *k = kk;
        *code = (uint32_t)(kk + B->S.bias);
        *value = (exmy__xval){1, kk};
        return;
    }
    /* EXMY_SCALE_DIV: amax / max_elem / ts, the exact quotient rounded
     * once to the scale format (rne, satfinite). NVIDIA's description, and
     * Transformer Engine's kernels, compute it in binary32 as
     * (amax_block / 6) * (1 / tensor_scale) with the encode scale
     * 1 / tensor_scale = 6 * 448 / amax_tensor itself a rounded binary32:
     * three roundings before the E4M3 one, so a quotient within a few ulps
     * of a midpoint between two E4M3 values can round the other way there.
     * A zero amax gives the smallest positive scale, and so does a quotient
     * that rounds to zero: the elements are then divided by a non-zero
     * scale (exact zeros stay zeros either way). */
    *k = 0;
    uint32_t c = B->smin_code;
    if (amax->kind == EXMY__X_FINITE) {
        exmy__exact q;
        exmy__blk_div(amax, (exmy__xval){B->max_sig * ts.sig, B->max_exp + ts.exp}, &q);
        const exmy_opts rne = {EXMY_RNE, EXMY_SATFINITE, 0};
        uint32_t r;
        /* A positive finite quotient: a code of a finite value, never an
         * error (satfinite). */
        (void)exmy__round_exact(&B->S, &q, &rne, 0, &r, NULL);
        if (exmy__classify(&B->S, r) != EXMY_CLASS_ZERO)
            c = r;
    }
    *code = c;
    exmy__mag_value(&B->S, c, &value->sig, &value->exp);
}

float exmy__blk_tensor_scale(const exmy__blk *B, const exmy__exact *amax)
{
    if (amax->kind != EXMY__X_FINITE)
        return 1.0f;
    /* binary32 as a format of the core, so that the quotient rounds once. */
    static const exmy_format f32 = {32, 24, 127, true, EXMY_EXTENDED, true, 0x7fffff, true, true,
                                    ""};
    exmy__prep F;
    (void)exmy__prepare(&f32, &F); /* valid by construction */
    exmy__exact q;
    exmy__blk_div(amax, (exmy__xval){B->max_sig * B->smax_sig, B->max_exp + B->smax_exp}, &q);
    const exmy_opts rne = {EXMY_RNE, EXMY_SATFINITE, 0};
    uint32_t bits;
    (void)exmy__round_exact(&F, &q, &rne, 0, &bits, NULL);
    if (bits == 0)
        bits = 1; /* never zero: the smallest positive binary32, 2^-149 */
    float ts;
    memcpy(&ts, &bits, sizeof ts);
    return ts;
}
