
/* Encoding and fake-quantisation kernel body, written once against the lane
 * operations of ops_*.h and instantiated for 32-bit lanes (binary32 input)
 * and 64-bit lanes (binary64 input) by kern_body.h. See kernel.h for the
 * lattice arithmetic; the comments here say where each piece comes from.
 *
 * Instantiation macros: LW (32 or 64), VT/MT (lane and mask types), LANES,
 * O(op) / MO(op) (lane and mask operations), ET (lane integer type), IN_T
 * (input element type), IN_M (input mantissa bits), FN(name); all undefined
 * again at the end of this file, so it can be included once per lane width. */

typedef struct FN(consts) {
    VT one, zero, signbit, infbits, ebmin, shift0, sclamp, cmax0, cmax1, cmaxr;
    VT zc0, zc1, oc0, oc1, ic0, ic1, nc0, nc1; /* codes */
    VT zv0, zv1, ov0, ov1, iv0, iv1, nv0, nv1; /* values */
    VT minsub, magmask, nan_lo, fnuz_code, srmask, srn;
    unsigned M, sgn_shift;
    /* Uniform classes of a whole vector (see FN(block)). */
    bool norm_ok, tiny_ok, ovf_ok, sub_rne;
    VT lo_a, nspan, fspan, hi_a, ospan, tiny_lim, c0, mask0, nmask0, halfm1, half, restmask;
    VT s1, s2; /* 2^-emin and 2^emin, emin the exponent of the smallest subnormal */
    VT innorm; /* the input type's smallest normal, as a pattern */
    unsigned sh0, cnt_l, cnt_r, cnt_h;
    /* Per sign: flags and errors of overflow, Inf and NaN (from the core). */
    MT ovfinx[2], ovfovf[2], ovferr[2], infinx[2], infovf[2], inferr[2], nanerr[2];
    bool negsp, fnuz, count;
} FN(consts);

EXMY__ALWAYS_INLINE void FN(consts_init)(FN(consts) *K, const exmy__kparams *P)
{
    K->one = O(set)(1);
    K->zero = O(set)(0);
    K->signbit = O(set)((ET)1 << (LW - 1));
    K->infbits = O(set)(LW == 32 ? (ET)0x7f800000u : (ET)0x7ff0000000000000u);
    K->ebmin = O(set)((ET)P->ebmin);
    K->shift0 = O(set)(P->shift0);
    K->sclamp = O(set)(P->sclamp);
    K->cmax0 = O(set)((ET)P->cmax[0]);
    K->cmax1 = O(set)((ET)P->cmax[1]);
    K->cmaxr = O(set)((ET)P->cmax_real);
    K->zc0 = O(set)((ET)P->zero_code[0]);
    K->zc1 = O(set)((ET)P->zero_code[1]);
    K->oc0 = O(set)((ET)P->ovf_code[0]);
    K->oc1 = O(set)((ET)P->ovf_code[1]);
    K->ic0 = O(set)((ET)P->inf_code[0]);
    K->ic1 = O(set)((ET)P->inf_code[1]);
    K->nc0 = O(set)((ET)P->nan_code[0]);
    K->nc1 = O(set)((ET)P->nan_code[1]);
    K->zv0 = O(set)((ET)P->zero_val[0]);
    K->zv1 = O(set)((ET)P->zero_val[1]);
    K->ov0 = O(set)((ET)P->ovf_val[0]);
    K->ov1 = O(set)((ET)P->ovf_val[1]);
    K->iv0 = O(set)((ET)P->inf_val[0]);
    K->iv1 = O(set)((ET)P->inf_val[1]);
    K->nv0 = O(set)((ET)P->nan_val[0]);
    K->nv1 = O(set)((ET)P->nan_val[1]);
    K->minsub = O(set)((ET)P->minsub_val);
    K->magmask = O(set)((ET)P->magmask);
    K->nan_lo = O(set)((ET)P->nan_lo); /* UINT64_MAX -> all ones: never below */
    K->fnuz_code = O(set)((ET)P->fnuz_code);
    K->srmask = O(set)(P->sr_mask);
    K->srn = O(set)(P->sr_bits);
    K->M = P->M;
    K->sgn_shift = P->sgn_shift;
    for (int s = 0; s < 2; s++) {
        K->ovfinx[s] = MO(all)((P->ovf_flags[s] & EXMY_FLAG_INEXACT) != 0);
        K->ovfovf[s] = MO(all)((P->ovf_flags[s] & EXMY_FLAG_OVERFLOW) != 0);
        K->ovferr[s] = MO(all)(P->ovf_err[s]);
        K->infinx[s] = MO(all)((P->inf_flags[s] & EXMY_FLAG_INEXACT) != 0);
        K->infovf[s] = MO(all)((P->inf_flags[s] & EXMY_FLAG_OVERFLOW) != 0);
        K->inferr[s] = MO(all)(P->inf_err[s]);
        K->nanerr[s] = MO(all)(P->nan_err[s]);
    }
    K->negsp = !P->is_signed;
    K->fnuz = P->fnuz;
    K->count = P->count;

    /* Normal class: lo_a <= |x| pattern < hi_a, where the target binade is
     * normal and the truncated code does not exceed max finite; there
     * shr == shift0 for every lane and the code is (|x| >> shift0) - c0. */
    const uint64_t infb = LW == 32 ? 0x7f800000u : UINT64_C(0x7ff0000000000000);
    uint64_t c0 = (P->ebmin - 1) << P->M;
    uint64_t lo_a = P->ebmin << IN_M;
    uint64_t top = P->cmax_real + 1 + c0;
    uint64_t hi_a = top > (infb >> P->shift0) ? infb : top << P->shift0;
    K->sh0 = P->shift0;
    K->norm_ok = P->M >= 1 && P->shift0 >= 1 && lo_a < hi_a;
    K->ovf_ok = hi_a < infb;
    K->lo_a = O(set)((ET)lo_a);
    K->nspan = O(set)((ET)(hi_a - lo_a));
    K->fspan = O(set)((ET)(infb - lo_a));
    K->hi_a = O(set)((ET)hi_a);
    K->ospan = O(set)((ET)(infb - hi_a));
    K->c0 = O(set)((ET)c0);
    uint64_t m0 = (UINT64_C(1) << P->shift0) - 1;
    K->mask0 = O(set)((ET)m0);
    K->nmask0 = O(set)((ET)~m0);
    K->half = O(set)((ET)(P->shift0 ? UINT64_C(1) << (P->shift0 - 1) : 0));
    K->halfm1 = O(set)((ET)(P->shift0 ? (UINT64_C(1) << (P->shift0 - 1)) - 1 : 0));
    /* Stochastic rounding in the normal class: nu = rem / 2^shift0. Counts
     * that would be negative wrap to huge and shift to 0. */
    K->cnt_l = P->sr_bits - P->shift0;
    K->cnt_r = P->shift0 - P->sr_bits;
    K->cnt_h = P->shift0 - P->sr_bits - 1;
    K->restmask = O(set)((ET)(K->cnt_h < 64 ? (UINT64_C(1) << K->cnt_h) - 1 : ~UINT64_C(0)));
    /* Tiny class: |x| < half the smallest subnormal: rounds to 0 or to the
     * smallest subnormal under the deterministic modes. */
    int64_t eb_t = (int64_t)P->ebmin - (int64_t)P->M - 1;
    uint64_t lim = 0;
    if (eb_t >= 1)
        lim = (uint64_t)eb_t << IN_M;
    else if (eb_t - 1 + IN_M >= 0)
        lim = UINT64_C(1) << (eb_t - 1 + IN_M);
    K->tiny_ok = lim > 0;
    K->tiny_lim = O(set)((ET)lim);
    /* Subnormal lanes under rne, with the normal class: |x| 2^-emin is
     * exact and below 2^M, and its nearest integer (ties to even) is the
     * magnitude code; times 2^emin, the value. Both powers of two must be
     * normal in the input type and every input's subnormal must round to 0
     * (input-biased exponent of 2^emin, ebmin - M, at least 2), so FTZ and
     * DAZ change no result (FN(norm_exact) keeps the count right under DAZ);
     * the first normal code must not overflow. */
    int64_t ebias = LW == 32 ? 127 : 1023;
    int64_t eb_s = (int64_t)P->ebmin - (int64_t)P->M;
    K->sub_rne = P->round == EXMY_RNE && K->norm_ok && P->M <= 23 && eb_s >= 2 &&
                 P->cmax[0] >= (UINT64_C(1) << P->M) &&
                 (!P->is_signed || P->cmax[1] >= (UINT64_C(1) << P->M));
    K->s1 = O(set)(K->sub_rne ? (ET)(2 * ebias - eb_s) << IN_M : 0);
    K->s2 = O(set)(K->sub_rne ? (ET)eb_s << IN_M : 0);
    K->innorm = O(set)((ET)1 << IN_M);
}

/* The exact lanes of the normal class: no bits below the kept ones; with
 * subr, a lane of the rne subnormal path (sub) is exact when |x| 2^-emin
 * (y) is a whole number (cs). A nonzero input subnormal rounds to 0
 * inexactly; it is ruled out on its pattern, because under DAZ the multiply
 * that made y read it as 0. */
EXMY__ALWAYS_INLINE MT FN(norm_exact)(const FN(consts) *K, VT a, bool subr, MT sub, VT cs, VT y)
{
    MT ex = O(testz)(a, K->mask0);
    if (!subr)
        return ex;
    MT exs = MO(andn)(O(eq)(O(cvt)(cs), y), MO(and)(O(nz)(a), O(gt)(K->innorm, a)));
    return MO(or)(MO(and)(sub, exs), MO(andn)(ex, sub));
}

/* One vector of elements. Returns a nonzero mask of error lanes (a NaN
 * result in a format without NaN) or 0; *res gets codes (FQ == 0) or result
 * bit patterns in the input type (FQ == 1). Inexact elements are counted in
 * the lanes of *iacc (cheaper than a popcount per vector), except in
 * vectors of the normal class, which count their exact lanes in *eacc and
 * themselves in *nnorm; the rare overflow and NaN counts go straight into
 * *novf and *nnan. */
EXMY__ALWAYS_INLINE MT FN(block)(const FN(consts) *K, VT x, VT r, const int MODE, const int FQ,
                                VT *res, VT *iacc, VT *eacc, uint64_t *nnorm, uint64_t *novf,
                                uint64_t *nnan)
{
    VT sgn = O(and)(x, K->signbit);
    VT a = O(xor)(x, sgn);
    MT sm = O(nz)(sgn);
    const bool sr = MODE >= EXMY_SR_A;

    /* Whole vectors of one class take a short path; anything mixed, and the
     * rare lanes, take the general one below. Unsigned formats send every
     * negative lane to the general path. */
    if (K->norm_ok) {
        /* Lanes from the first normal binade up to the largest finite
         * input: those past max finite (after rounding) overflow, which
         * the same path finishes below when it can. */
        const bool subr = KLEVEL_RINT && MODE == EXMY_RNE && K->sub_rne;
        /* With subr, every finite lane: those below the first normal
         * binade are finished below from the subnormal grid. */
        MT nrm = subr ? O(gt)(K->infbits, a) : O(gt)(K->fspan, O(sub)(a, K->lo_a));
        if (K->negsp)
            nrm = MO(andn)(nrm, sm);
        if (MO(every)(nrm)) {
            VT rem = O(and)(a, K->mask0);
            VT t, c, mb;
            MT sub = MO(all)(0);
            VT y = K->zero, cs = K->zero, rsg = sgn; /* the results' sign */
            if (sr || MODE == EXMY_RTO) {
                VT clo = O(sub)(O(srl)(a, K->sh0), K->c0);
                MT up;
                if (MODE == EXMY_RTO) {
                    up = MO(andn)(O(nz)(rem), O(test)(clo, K->one));
                } else {
                    VT R = O(and)(r, K->srmask);
                    VT T = O(xor)(R, K->srmask);
                    VT F = O(or)(O(sll)(rem, K->cnt_l), O(srl)(rem, K->cnt_r));
                    up = O(gt)(F, T);
                    if (MODE != EXMY_SR_A) {
                        MT tie = MO(and)(O(eq)(F, T), O(test)(O(srl)(rem, K->cnt_h), K->one));
                        if (MODE == EXMY_SR_C)
                            tie = MO(and)(tie, MO(or)(O(test)(rem, K->restmask), O(test)(T, K->one)));
                        up = MO(or)(up, tie);
                    }
                }
                c = O(add1)(clo, up);
                mb = FQ ? O(sll)(O(add)(c, K->c0), K->sh0) : K->zero;
            } else {
                /* Add the rounding bias, truncate: the carry runs into the
                 * exponent. */
                switch (MODE) {
                case EXMY_RNE:
                    t = O(add)(O(add)(a, K->halfm1), O(and)(O(srl)(a, K->sh0), K->one));
                    break;
                case EXMY_RNA: t = O(add)(a, K->half); break;
                case EXMY_RUP: t = O(add)(a, O(blend)(sm, K->zero, K->mask0)); break;
                case EXMY_RDN: t = O(add)(a, O(maskz)(sm, K->mask0)); break;
                default: t = a; break;
                }
                c = O(sub)(O(srl)(t, K->sh0), K->c0);
                mb = FQ ? O(and)(t, K->nmask0) : K->zero;
#if KLEVEL_RINT
                if (subr) {
                    sub = O(gt)(K->lo_a, a);
                    y = O(fmul)(a, K->s1);
                    cs = O(rint)(y);
                    c = O(blend)(sub, cs, c);
                    if (FQ)
                        mb = O(blend)(sub, O(fmul)(O(cvt)(cs), K->s2), mb);
                    if (K->fnuz) /* no -0: a negative lane rounding to 0 is +0 */
                        rsg = O(maskz)(O(nz)(c), sgn);
                }
#endif
            }
            MT ov = O(gt)(c, K->cmax0);
            if (!MO(any)(ov)) {
                *res = FQ ? O(or)(rsg, mb) : O(or)(O(srl)(rsg, K->sgn_shift), c);
                if (K->count) {
                    /* Exact lanes are one compare cheaper without mask
                     * registers: count them, the caller subtracts. A
                     * subnormal lane is exact when |x| 2^-emin is whole. */
                    *eacc = O(acc)(*eacc, FN(norm_exact)(K, a, subr, sub, cs, y));
                    ++*nnorm;
                }
                return MO(all)(0);
            }
#define SEL(m, v) MO(or)(MO(and)((m), (v)[1]), MO(andn)((v)[0], (m)))
            /* Some lanes round past max finite: each takes the overflow
             * result of its sign (the core's, as in the overflow class
             * below), unless that is an error. A block scaled by MX's
             * FLOOR rule lands here often: its top binade overflows. */
            if (!MO(any)(MO(and)(ov, SEL(sm, K->ovferr)))) {
                VT code = O(blend)(sm, K->oc1, K->oc0);
                VT nres = FQ ? O(or)(rsg, mb) : O(or)(O(srl)(rsg, K->sgn_shift), c);
                *res = O(blend)(ov, FQ ? O(blend)(sm, K->ov1, K->ov0) : code, nres);
                if (K->count) {
                    /* As the general path: an overflow lane that rounded
                     * up to the first code past max finite is inexact; one
                     * beyond it is inexact where the core says so, else it
                     * joins the exact lanes. */
                    MT beyond = O(gt)(O(sub)(O(srl)(a, K->sh0), K->c0), K->cmaxr);
                    /* sub lanes never overflow (sub_rne) */
                    MT exl = FN(norm_exact)(K, a, subr, sub, cs, y);
                    MT ex = MO(or)(MO(andn)(exl, ov),
                                   MO(andn)(MO(and)(ov, beyond), SEL(sm, K->ovfinx)));
                    *eacc = O(acc)(*eacc, ex);
                    ++*nnorm;
                    *novf += MO(cnt)(MO(and)(ov, SEL(sm, K->ovfovf)));
                    *nnan += MO(cnt)(MO(and)(ov, MO(or)(O(gt)(O(and)(code, K->magmask),
                                                             O(sub)(K->nan_lo, K->one)),
                                                       O(eq)(code, K->fnuz_code))));
                }
                return MO(all)(0);
            }
#undef SEL
        }
    }
    if (!sr && K->tiny_ok) {
        MT tiny = O(gt)(K->tiny_lim, a);
        if (K->negsp)
            tiny = MO(andn)(tiny, sm);
        if (MO(every)(tiny)) {
            MT nz = O(nz)(a);
            MT up;
            switch (MODE) {
            case EXMY_RUP: up = MO(andn)(nz, sm); break;
            case EXMY_RDN: up = MO(and)(nz, sm); break;
            case EXMY_RTO: up = nz; break;
            default: up = MO(all)(0); break; /* below half the smallest subnormal */
            }
            if (FQ)
                *res = O(blend)(up, O(or)(sgn, K->minsub), O(blend)(sm, K->zv1, K->zv0));
            else
                *res = O(blend)(up, O(or)(O(srl)(sgn, K->sgn_shift), K->one),
                                O(blend)(sm, K->zc1, K->zc0));
            if (K->count)
                *iacc = O(acc)(*iacc, nz);
            return MO(all)(0);
        }
    }
    if (K->ovf_ok) {
        MT ov = O(gt)(K->ospan, O(sub)(a, K->hi_a));
        if (MO(every)(ov)) {
#define SEL(m, v) MO(or)(MO(and)((m), (v)[1]), MO(andn)((v)[0], (m)))
            if (!MO(any)(SEL(sm, K->ovferr))) {
                VT code = O(blend)(sm, K->oc1, K->oc0);
                *res = FQ ? O(blend)(sm, K->ov1, K->ov0) : code;
                if (K->count) {
                    *iacc = O(acc)(*iacc, SEL(sm, K->ovfinx));
                    *novf += MO(cnt)(SEL(sm, K->ovfovf));
                    *nnan += MO(cnt)(MO(or)(O(gt)(O(and)(code, K->magmask), O(sub)(K->nan_lo, K->one)),
                                            O(eq)(code, K->fnuz_code)));
                }
                return MO(all)(0);
            }
#undef SEL
        }
    }

    VT eb = O(srli)(a, IN_M);
    VT eb1 = O(max)(eb, K->one);
    /* The significand, with the implicit bit where eb > 0. */
    VT sig = O(sub)(a, O(slli)(O(sub)(eb1, K->one), IN_M));
    VT mx = O(max)(eb1, K->ebmin);
    VT shr = O(add)(K->shift0, O(sub)(mx, eb1)); /* bits rounded off */
    VT sh = O(min)(shr, K->sclamp);               /* beyond sclamp all of sig is fraction */
    VT q = O(srlv)(sig, sh);
    VT p2 = O(sllv)(K->one, sh);
    VT mlow = O(sub)(p2, K->one);
    VT rem = O(and)(sig, mlow); /* nu = rem / 2^shr */
    VT clo = O(add)(O(sll)(O(sub)(mx, K->ebmin), K->M), q);
    MT up;
    switch (MODE) {
    case EXMY_RNE: {
        /* rem > half, or rem == half and clo odd: 2 rem + odd > 2^sh
         * (false when sh == 0, as rem == 0 and odd <= 1). */
        VT t = O(add)(O(add)(rem, rem), O(and)(clo, K->one));
        up = O(gt)(t, p2);
        break;
    }
    case EXMY_RNA:
        up = O(gt)(O(add)(rem, rem), mlow); /* 2 rem >= 2^sh */
        break;
    case EXMY_RTZ:
        up = MO(all)(0);
        break;
    case EXMY_RUP:
        up = MO(andn)(O(nz)(rem), sm);
        break;
    case EXMY_RDN:
        up = MO(and)(O(nz)(rem), sm);
        break;
    case EXMY_RTO:
        up = MO(andn)(O(nz)(rem), O(test)(clo, K->one));
        break;
    default: {
        /* Stochastic: with F = floor(nu 2^N), h the next bit of nu, rest the
         * bits below it and T = 2^N - 1 - R,
         *   sr-a: F + R >= 2^N                  <=>  F > T
         *   sr-b: 2F + h + 2R + 1 >= 2^(N+1)    <=>  F > T or (F == T and h)
         *   sr-c: RNE(nu 2^N) + R >= 2^N        <=>  F > T or (F == T and h and (rest or T odd))
         * F = rem << (N - shr) or rem >> (shr - N): a "negative" count is a
         * huge unsigned one and shifts to 0. */
        VT R = O(and)(r, K->srmask);
        VT T = O(xor)(R, K->srmask);
        VT j = O(sub)(shr, K->srn);
        VT F = O(or)(O(sllv)(rem, O(sub)(K->srn, shr)), O(srlv)(rem, j));
        up = O(gt)(F, T);
        if (MODE != EXMY_SR_A) {
            VT j1 = O(sub)(j, K->one);
            MT h = O(test)(O(srlv)(rem, j1), K->one);
            MT tie = MO(and)(O(eq)(F, T), h);
            if (MODE == EXMY_SR_C) {
                MT rest = O(test)(rem, O(sub)(O(sllv)(K->one, j1), K->one));
                tie = MO(and)(tie, MO(or)(rest, O(test)(T, K->one)));
            }
            up = MO(or)(up, tie);
        }
        break;
    }
    }
    VT c = O(add1)(clo, up);
    MT ovf = O(gt)(c, K->cmax0);
    MT nonfin = O(gt)(a, O(sub)(K->infbits, K->one));
    MT sp = MO(or)(ovf, nonfin);
    if (K->negsp)
        sp = MO(or)(sp, sm); /* unsigned: every negative lane */
    else if (K->fnuz)
        sp = MO(or)(sp, MO(and)(sm, O(eq)(c, K->zero))); /* -0 -> +0 */
    VT out;
    if (FQ) {
        /* Round the input's own pattern: clear the rounded-off bits and add
         * the carry; it runs into the exponent exactly as the code does.
         * Beyond in_m bits the result is 0 or the smallest subnormal. */
        VT mb = O(sllv)(O(add1)(O(srlv)(a, sh), up), sh);
        mb = O(blend)(O(gt)(sh, O(set)(IN_M)), O(maskz)(up, K->minsub), mb);
        out = O(or)(sgn, mb);
    } else {
        out = O(or)(O(srl)(sgn, K->sgn_shift), c);
    }
    MT inx = O(nz)(rem);
    if (!MO(any)(sp)) {
        if (K->count)
            *iacc = O(acc)(*iacc, inx);
        *res = out;
        return MO(all)(0);
    }
    /* Rare lanes: overflow, Inf, NaN, negative zero of a fnuz format,
     * negative input to an unsigned format. Per-sign results come from the
     * core (params.c). */
    VT cm = O(blend)(sm, K->cmax1, K->cmax0);
    ovf = O(gt)(c, cm);
    MT z = O(eq)(c, K->zero);
    MT isinf = O(eq)(a, K->infbits);
    MT isnan = O(gt)(a, K->infbits);
    MT fin = MO(not)(MO(or)(isinf, isnan));
    VT code = O(or)(O(srl)(sgn, K->sgn_shift), c);
    code = O(blend)(z, O(blend)(sm, K->zc1, K->zc0), code);
    code = O(blend)(ovf, O(blend)(sm, K->oc1, K->oc0), code);
    code = O(blend)(isinf, O(blend)(sm, K->ic1, K->ic0), code);
    code = O(blend)(isnan, O(blend)(sm, K->nc1, K->nc0), code);
    if (FQ) {
        out = O(blend)(z, O(blend)(sm, K->zv1, K->zv0), out);
        out = O(blend)(ovf, O(blend)(sm, K->ov1, K->ov0), out);
        out = O(blend)(isinf, O(blend)(sm, K->iv1, K->iv0), out);
        out = O(blend)(isnan, O(blend)(sm, K->nv1, K->nv0), out);
    } else {
        out = code;
    }
    /* Flags and errors as the core reports them. Beyond the first code past
     * max finite the core decides without rounding (no rounding inexact);
     * nearer, a rounding inexact comes on top of the overflow's flags. */
#define SEL(m, v) MO(or)(MO(and)((m), (v)[1]), MO(andn)((v)[0], (m)))
    MT ovf_f = MO(and)(fin, ovf);
    MT beyond = O(gt)(clo, K->cmaxr);
    MT err = MO(or)(MO(or)(MO(and)(isnan, SEL(sm, K->nanerr)), MO(and)(ovf_f, SEL(sm, K->ovferr))),
                    MO(and)(isinf, SEL(sm, K->inferr)));
    if (MO(any)(err))
        return err;
    MT e_inx = MO(or)(MO(and)(fin, MO(or)(MO(andn)(inx, beyond), MO(and)(ovf, SEL(sm, K->ovfinx)))),
                      MO(and)(isinf, SEL(sm, K->infinx)));
    MT e_ovf = MO(or)(MO(and)(ovf_f, SEL(sm, K->ovfovf)), MO(and)(isinf, SEL(sm, K->infovf)));
    MT e_nan = MO(or)(O(gt)(O(and)(code, K->magmask), O(sub)(K->nan_lo, K->one)),
                      O(eq)(code, K->fnuz_code));
#undef SEL
    if (K->count) {
        *iacc = O(acc)(*iacc, e_inx);
        *novf += MO(cnt)(e_ovf);
        *nnan += MO(cnt)(e_nan);
    }
    *res = out;
    return MO(all)(0);
}

/* Results of element i on: input-type values (OUTK 0) or codes of OUTK
 * bytes; non-temporal when nt (FN(nt_ok) said the output is aligned). */
EXMY__ALWAYS_INLINE void FN(store)(void *out, size_t i, VT v, const int OUTK, bool nt)
{
    if (nt) {
        switch (OUTK) {
        case 0: O(stream)((IN_T *)out + i, v); break;
        case 1: O(stream8)((uint8_t *)out + i, v); break;
        case 2: O(stream16)((uint16_t *)out + i, v); break;
        default: O(stream32)((uint32_t *)out + i, v); break;
        }
        return;
    }
    switch (OUTK) {
    case 0: O(store)((IN_T *)out + i, v); break;
    case 1: O(store8)((uint8_t *)out + i, v); break;
    case 2: O(store16)((uint16_t *)out + i, v); break;
    default: O(store32)((uint32_t *)out + i, v); break;
    }
}

/* Streaming pays for outputs too large to be read again from cache; it
 * needs every vector's store aligned, so the output must start on a
 * vector's worth of results. */
EXMY__ALWAYS_INLINE bool FN(nt_ok)(bool stream, const void *out, size_t elem_bytes)
{
    return stream && (uintptr_t)out % (LANES * elem_bytes) == 0;
}

#ifndef EXMY__PREFETCH_BYTES
/* Input is asked for this far ahead of the loads, into L2 (locality 2:
 * prefetcht1, which does not hold one of L1's few fill buffers until the
 * line arrives). Measured on a Sapphire Rapids VM (f32 -> e4m3fn codes and
 * fake-quantisation at 2^24 elements, alternating runs): without it the
 * hardware prefetchers left streaming conversions 35-50% short; L1
 * prefetches 4 KiB ahead closed most of that, L2 prefetches 8 KiB ahead a
 * little more. A prefetch never faults, so running past the end is
 * harmless. */
#define EXMY__PREFETCH_BYTES 8192
#endif

EXMY__ALWAYS_INLINE size_t FN(loop)(const exmy__kparams *P, const IN_T *in, void *out, size_t n,
                                   const uint32_t *rnd, exmy__kcount *cnt, const int MODE,
                                   const int OUTK)
{
    FN(consts) K;
    FN(consts_init)(&K, P);
    const bool sr = MODE >= EXMY_SR_A;
    /* Lane counters hold at most n / LANES each: n < 2^32 * LANES. */
    VT iacc = K.zero, eacc = K.zero;
    uint64_t nnorm = 0, novf = 0, nnan = 0;
    const bool nt = FN(nt_ok)(P->stream, out, OUTK == 0 ? sizeof(IN_T) : (size_t)OUTK);
    size_t i = 0;
    for (; i + LANES <= n; i += LANES) {
        __builtin_prefetch((const char *)(in + i) + EXMY__PREFETCH_BYTES, 0, 2);
        VT x = O(load)(in + i);
        VT r = sr ? O(loadr)(rnd + i) : K.zero;
        VT res;
        if (MO(any)(FN(block)(&K, x, r, MODE, OUTK == 0, &res, &iacc, &eacc, &nnorm, &novf, &nnan)))
            goto done;
        FN(store)(out, i, res, OUTK, nt);
    }
    if (i < n) {
        /* The tail through a zero-padded vector: zero lanes set no flag. */
        IN_T tx[LANES];
        uint32_t tr[LANES];
        ET tout[LANES];
        memset(tx, 0, sizeof tx);
        memset(tr, 0, sizeof tr);
        memcpy(tx, in + i, (n - i) * sizeof *in);
        if (sr)
            memcpy(tr, rnd + i, (n - i) * sizeof *rnd);
        VT res;
        if (MO(any)(FN(block)(&K, O(load)(tx), sr ? O(loadr)(tr) : K.zero, MODE, OUTK == 0, &res,
                              &iacc, &eacc, &nnorm, &novf, &nnan)))
            goto done;
        FN(store)(tout, 0, res, OUTK, false);
        size_t eb = OUTK == 0 ? sizeof(IN_T) : (size_t)OUTK;
        memcpy((unsigned char *)out + i * eb, tout, (n - i) * eb);
        i = n;
    }
done:
    cnt->inexact += O(hsum)(iacc) + nnorm * LANES - O(hsum)(eacc);
    cnt->overflow += novf;
    cnt->nan += nnan;
    return i;
}

#define EXMY__ENC_MODES(OUTK)                                                                     \
    switch (P->round) {                                                                          \
    case EXMY_RNE: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_RNE, OUTK);                     \
    case EXMY_RNA: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_RNA, OUTK);                     \
    case EXMY_RTZ: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_RTZ, OUTK);                     \
    case EXMY_RUP: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_RUP, OUTK);                     \
    case EXMY_RDN: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_RDN, OUTK);                     \
    case EXMY_RTO: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_RTO, OUTK);                     \
    case EXMY_SR_A: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_SR_A, OUTK);                   \
    case EXMY_SR_B: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_SR_B, OUTK);                   \
    case EXMY_SR_C: return FN(loop)(P, in, out, n, rnd, cnt, EXMY_SR_C, OUTK);                   \
    }                                                                                            \
    return 0

static size_t FN(enc)(const exmy__kparams *P, const IN_T *in, void *out, size_t n,
                      const uint32_t *rnd, exmy__kcount *cnt)
{
    switch (P->code_bytes) {
    case 1: EXMY__ENC_MODES(1);
    case 2: EXMY__ENC_MODES(2);
    default: EXMY__ENC_MODES(4);
    }
}

static size_t FN(fq)(const exmy__kparams *P, const IN_T *in, IN_T *out, size_t n,
                     const uint32_t *rnd, exmy__kcount *cnt)
{
    EXMY__ENC_MODES(0);
}

#undef EXMY__ENC_MODES


/* ---- decoding codes to the IN_T type */

typedef struct FN(dconsts) {
    VT kmask, magmask, sbit, norm_add, submax, sub_add, nanlo1, fnuz, infm, infv, nanv, zero;
    unsigned shl, sgn_shift;
    bool has_zero;
} FN(dconsts);

/* The decoding constants, made once per call: kept in registers over the
 * loop (read through D, the compiler reloads them after every store). */
EXMY__ALWAYS_INLINE void FN(dconsts_init)(FN(dconsts) *C, const exmy__dparams *D)
{
    C->kmask = O(set)((ET)(D->magmask | D->sbit));
    C->magmask = O(set)((ET)D->magmask);
    C->sbit = O(set)((ET)D->sbit);
    C->norm_add = O(set)((ET)D->norm_add);
    C->submax = O(set)((ET)1 << D->M);
    C->sub_add = O(set)((ET)D->sub_add);
    /* nan_lo, fnuz_code and inf_mag may be 2^32 ("none"): saturated to
     * the largest lane value, which no masked code reaches. */
    ET nan_lo = D->nan_lo > (ET)-1 ? (ET)-1 : (ET)D->nan_lo;
    C->nanlo1 = O(set)((ET)(nan_lo - 1));
    C->fnuz = O(set)(D->fnuz_code > (ET)-1 ? (ET)-1 : (ET)D->fnuz_code);
    C->infm = O(set)(D->inf_mag > (ET)-1 ? (ET)-1 : (ET)D->inf_mag);
    C->infv = O(set)((ET)D->inf_val[0]);
    C->nanv = O(set)((ET)D->nan_val[0]);
    C->zero = O(set)(0);
    C->shl = IN_M - D->M;
    C->sgn_shift = D->sgn_shift;
    C->has_zero = D->has_zero;
}

/* One vector of codes: the values' bit patterns; *nan gets the NaN lanes. */
EXMY__ALWAYS_INLINE VT FN(dec_block)(const FN(dconsts) *C, VT code, const int SUBCVT, MT *nan)
{
    code = O(and)(code, C->kmask);
    VT mag = O(and)(code, C->magmask);
    VT sign = O(sll)(O(and)(code, C->sbit), C->sgn_shift);
    VT body = O(add)(O(sll)(mag, C->shl), C->norm_add);
    if (SUBCVT) {
        MT sub = O(gt)(C->submax, mag);
        body = O(blend)(sub, O(add)(O(cvt)(mag), C->sub_add), body);
    }
    *nan = MO(or)(O(gt)(mag, C->nanlo1), O(eq)(code, C->fnuz));
    MT inf = O(eq)(mag, C->infm);
    if (C->has_zero)
        body = O(blend)(O(eq)(mag, C->zero), C->zero, body);
    body = O(blend)(inf, C->infv, body);
    body = O(blend)(*nan, C->nanv, body);
    return O(or)(body, sign);
}

EXMY__ALWAYS_INLINE VT FN(load_code)(const void *codes, size_t i, const int CB)
{
    switch (CB) {
    case 1: return O(load8)((const uint8_t *)codes + i);
    case 2: return O(load16)((const uint16_t *)codes + i);
    default: return O(load32)((const uint32_t *)codes + i);
    }
}

EXMY__ALWAYS_INLINE uint64_t FN(dec_loop)(const exmy__dparams *D, const void *codes, IN_T *out,
                                         size_t n, const int CB, const int SUBCVT)
{
    FN(dconsts) C;
    FN(dconsts_init)(&C, D);
    const bool nt = FN(nt_ok)(D->stream, out, sizeof(IN_T)), count = D->count;
    VT nacc = C.zero; /* NaN lanes, per lane: n / LANES < 2^32 */
    size_t i = 0;
    MT nan;
    for (; i + LANES <= n; i += LANES) {
        __builtin_prefetch((const char *)codes + i * CB + EXMY__PREFETCH_BYTES, 0, 2);
        VT v = FN(dec_block)(&C, FN(load_code)(codes, i, CB), SUBCVT, &nan);
        if (count)
            nacc = O(acc)(nacc, nan);
        if (nt)
            O(stream)(out + i, v);
        else
            O(store)(out + i, v);
    }
    uint64_t k = O(hsum)(nacc);
    if (i < n) {
        uint32_t tc[LANES];
        IN_T to[LANES];
        memset(tc, 0, sizeof tc);
        memcpy(tc, (const unsigned char *)codes + i * CB, (n - i) * CB);
        O(store)(to, FN(dec_block)(&C, FN(load_code)(tc, 0, CB), SUBCVT, &nan));
        memcpy(out + i, to, (n - i) * sizeof *out);
        /* The padding lanes decode code 0, a NaN in formats whose zero
         * code is NaN-free but whose magnitude 0 is one: count real lanes. */
        if (count)
            for (size_t l = 0; l < n - i; l++)
                k += to[l] != to[l];
    }
    return count ? k : 0;
}

static uint64_t FN(dec)(const exmy__dparams *D, const void *codes, IN_T *out, size_t n)
{
    switch (D->code_bytes * 2 + D->sub_cvt) {
    case 2: return FN(dec_loop)(D, codes, out, n, 1, 0);
    case 3: return FN(dec_loop)(D, codes, out, n, 1, 1);
    case 4: return FN(dec_loop)(D, codes, out, n, 2, 0);
    case 5: return FN(dec_loop)(D, codes, out, n, 2, 1);
    case 8: return FN(dec_loop)(D, codes, out, n, 4, 0);
    default: return FN(dec_loop)(D, codes, out, n, 4, 1);
    }
}

/* ---- the block quantiser's fast path (src/block.c): a chunk of blocks of
 * `block` elements (the last one n - j * block), vectorised where a block
 * holds whole vectors, plain C otherwise. */

/* amax[j]: the largest magnitude of block j, and amin[j] the smallest
 * non-zero one (0 when all are zero), as bit patterns (sign cleared; IEEE
 * order of non-negative values is the integer order). The smallest comes
 * from min(|x| - 1) + 1: zero wraps to the largest integer. */
static void FN(blk_amax)(const IN_T *in, size_t n, size_t block, ET *amax, ET *amin)
{
    const ET nosign = ~((ET)1 << (LW - 1));
    const VT nosignv = O(set)(nosign), onev = O(set)(1);
    for (size_t j = 0, c = 0; c < n; j++, c += block) {
        const IN_T *x = in + c;
        size_t len = n - c < block ? n - c : block, i = 0;
        ET m = 0, l = (ET)-1;
        if (len >= LANES) {
            VT a = O(set)(0), b = O(set)((ET)-1);
            for (; i + LANES <= len; i += LANES) {
                VT v = O(and)(O(load)(x + i), nosignv);
                a = O(max)(a, v);
                b = O(min)(b, O(sub)(v, onev));
            }
            m = O(hmax)(a);
            l = (ET) ~O(hmax)(O(xor)(b, O(set)((ET)-1))); /* the smallest lane */
        }
        for (; i < len; i++) {
            ET v;
            memcpy(&v, x + i, sizeof v);
            v &= nosign;
            m = v > m ? v : m;
            l = (ET)(v - 1) < l ? (ET)(v - 1) : l;
        }
        amax[j] = m;
        amin[j] = (ET)(l + 1);
    }
}

/* Encode (OUTK > 0) or fake-quantise (OUTK == 0) each block j with
 * skip[j] == 0 as x * s[j] (s[j] the bit pattern of 2^-k, the product
 * exact: the caller made sure), fake-quantised values multiplied by p[j]
 * (2^k: one correctly rounded product). Blocks with skip[j] are left
 * untouched for the caller. Returns n, or the index of the first element
 * of a vector the format cannot represent (FN(loop)'s contract), where it
 * stopped. */
EXMY__ALWAYS_INLINE size_t FN(loop_blk)(const exmy__kparams *P, const IN_T *in, void *out,
                                       size_t n, size_t block, const ET *s, const ET *p,
                                       const unsigned char *skip, const uint32_t *rnd,
                                       exmy__kcount *cnt, const int MODE, const int OUTK)
{
    FN(consts) K;
    FN(consts_init)(&K, P);
    const bool sr = MODE >= EXMY_SR_A;
    VT iacc = K.zero, eacc = K.zero;
    uint64_t nnorm = 0, novf = 0, nnan = 0;
    size_t stop = n;
    for (size_t j = 0, c = 0; c < n; j++, c += block) {
        if (skip[j])
            continue;
        size_t len = n - c < block ? n - c : block, i = 0;
        const IN_T *x = in + c;
        const VT sv = O(set)(s[j]), pv = O(set)(p[j]);
        for (; i + LANES <= len; i += LANES) {
            VT v = O(fmul)(O(load)(x + i), sv);
            VT r = sr ? O(loadr)(rnd + c + i) : K.zero;
            VT res;
            if (MO(any)(FN(block)(&K, v, r, MODE, OUTK == 0, &res, &iacc, &eacc, &nnorm, &novf,
                                  &nnan))) {
                stop = c + i;
                goto done;
            }
            if (OUTK == 0)
                res = O(fmul)(res, pv);
            FN(store)(out, c + i, res, OUTK, false);
        }
        if (i < len) {
            /* The block's tail through a zero-padded vector. */
            IN_T tx[LANES];
            uint32_t tr[LANES];
            ET tout[LANES];
            memset(tx, 0, sizeof tx);
            memset(tr, 0, sizeof tr);
            memcpy(tx, x + i, (len - i) * sizeof *in);
            if (sr)
                memcpy(tr, rnd + c + i, (len - i) * sizeof *rnd);
            VT res;
            if (MO(any)(FN(block)(&K, O(fmul)(O(load)(tx), sv), sr ? O(loadr)(tr) : K.zero, MODE,
                                  OUTK == 0, &res, &iacc, &eacc, &nnorm, &novf, &nnan))) {
                stop = c + i;
                goto done;
            }
            if (OUTK == 0)
                res = O(fmul)(res, pv);
            FN(store)(tout, 0, res, OUTK, false);
            size_t eb = OUTK == 0 ? sizeof(IN_T) : (size_t)OUTK;
            memcpy((unsigned char *)out + (c + i) * eb, tout, (len - i) * eb);
        }
    }
done:
    cnt->inexact += O(hsum)(iacc) + nnorm * LANES - O(hsum)(eacc);
    cnt->overflow += novf;
    cnt->nan += nnan;
    return stop;
}

#define EXMY__BLK_MODES(OUTK)                                                                     \
    switch (P->round) {                                                                          \
    case EXMY_RNE: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_RNE, OUTK); \
    case EXMY_RNA: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_RNA, OUTK); \
    case EXMY_RTZ: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_RTZ, OUTK); \
    case EXMY_RUP: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_RUP, OUTK); \
    case EXMY_RDN: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_RDN, OUTK); \
    case EXMY_RTO: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_RTO, OUTK); \
    case EXMY_SR_A: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_SR_A, OUTK); \
    case EXMY_SR_B: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_SR_B, OUTK); \
    case EXMY_SR_C: return FN(loop_blk)(P, in, out, n, block, s, p, skip, rnd, cnt, EXMY_SR_C, OUTK); \
    }                                                                                            \
    return 0

static size_t FN(enc_blk)(const exmy__kparams *P, const IN_T *in, void *out, size_t n,
                          size_t block, const ET *s, const ET *p, const unsigned char *skip,
                          const uint32_t *rnd, exmy__kcount *cnt)
{
    switch (P->code_bytes) {
    case 1: EXMY__BLK_MODES(1);
    case 2: EXMY__BLK_MODES(2);
    default: EXMY__BLK_MODES(4);
    }
}

static size_t FN(fq_blk)(const exmy__kparams *P, const IN_T *in, IN_T *out, size_t n,
                         size_t block, const ET *s, const ET *p, const unsigned char *skip,
                         const uint32_t *rnd, exmy__kcount *cnt)
{
    EXMY__BLK_MODES(0);
}

#undef EXMY__BLK_MODES

/* out = y * p[j] over block j: one correctly rounded product each. */
static void FN(blk_mul)(const IN_T *y, IN_T *out, size_t n, size_t block, const ET *p)
{
    for (size_t j = 0, c = 0; c < n; j++, c += block) {
        size_t len = n - c < block ? n - c : block, i = 0;
        VT pv = O(set)(p[j]);
        for (; i + LANES <= len; i += LANES)
            O(store)(out + c + i, O(fmul)(O(load)(y + c + i), pv));
        IN_T pf;
        memcpy(&pf, &p[j], sizeof pf);
        for (; i < len; i++)
            out[c + i] = y[c + i] * pf;
    }
}

#undef LW
#undef VT
#undef MT
#undef LANES
#undef O
#undef MO
#undef ET
#undef IN_T
#undef IN_M
#undef FN
