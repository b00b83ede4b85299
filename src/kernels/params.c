/* Per-call kernel parameters, derived once from (format, options).
 *
 * The results of the rare lanes (zero, overflow, infinite and NaN inputs) are
 * taken from the scalar core itself: it is asked once per call what it does
 * with +-0, +-Inf, +-NaN and a finite value far beyond max finite (its
 * overflow result depends on the sign, rounding and saturation modes only).
 * So the kernels cannot drift from the core's saturation rules; the lattice
 * arithmetic for ordinary lanes is their own, and the tests compare both. */
#include "kernel.h"

#include <math.h>
#include <string.h>

bool exmy__format_fits(const exmy__prep *F, unsigned e_bits, unsigned m_bits)
{
    if (F->M > m_bits)
        return false;
    int64_t bias_t = ((int64_t)1 << (e_bits - 1)) - 1;
    if (F->top_ex > bias_t)
        return false;
    /* The finest quantum is that of the lowest binade. */
    uint64_t sig;
    int64_t ex;
    exmy__mag_value(F, F->has_zero ? 1 : 0, &sig, &ex);
    return ex >= 1 - bias_t - (int64_t)m_bits;
}

/* Bit pattern of value v in the binary32 / binary64 output, as the scalar
 * level stores it ((float)v for binary32; NaN is the default quiet NaN with
 * the code's sign). */
static uint64_t value_bits(double v, unsigned in_m)
{
    if (in_m == 23) {
        float r = (float)v;
        uint32_t b;
        memcpy(&b, &r, sizeof b);
        return b;
    }
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

/* The core's code for an exact input; false if it reports an error. */
static bool core(const exmy__prep *F, const exmy_opts *o, exmy__xkind kind, bool neg, uint64_t m,
                 int64_t e, uint64_t *code, unsigned *flags)
{
    exmy__exact x = {kind, neg, m, e, false};
    uint32_t c = 0;
    unsigned fl = 0;
    exmy_status st = exmy__round_exact(F, &x, o, 0, &c, &fl);
    *code = c;
    if (flags)
        *flags = fl;
    return st == EXMY_OK;
}

bool exmy__kparams_init(exmy__kparams *P, const exmy__prep *F, const exmy_opts *o,
                        unsigned in_m)
{
    memset(P, 0, sizeof *P);
    if (!F->subnormals || !F->has_zero)
        return false;
    int64_t in_bias = in_m == 23 ? 127 : 1023;
    int64_t ebmin = 1 - (int64_t)F->bias + in_bias;
    if (F->M > in_m || ebmin < 1)
        return false;
    /* 32-bit lanes use 0xffffffff as a "never" code in the NaN test. */
    if (in_m == 23 && F->k == 32 && !F->has_nan)
        return false;

    P->in_m = in_m;
    P->M = F->M;
    P->shift0 = in_m - F->M;
    P->sclamp = in_m + 2;
    P->sgn_shift = (in_m == 23 ? 32 : 64) - F->k;
    P->ebmin = (uint64_t)ebmin;
    P->cmax_real = F->cmax;
    P->cmax[0] = F->cmax;
    P->cmax[1] = F->s ? F->cmax : 0;
    P->magmask = F->mag_count - 1;
    P->is_signed = F->s != 0;
    P->fnuz = F->s && !F->negzero;
    P->nan_lo = F->high_nans ? F->mag_count - F->high_nans : UINT64_MAX;
    P->round = o->round;
    P->sr_bits = o->sr_bits;
    P->sr_mask = o->sr_bits >= 32 ? UINT32_MAX : (UINT32_C(1) << o->sr_bits) - 1;
    P->code_bytes = F->code_bytes;
    P->count = true;

    for (int s = 0; s < 2; s++) {
        unsigned fl;
        core(F, o, EXMY__X_ZERO, s, 0, 0, &P->zero_code[s], NULL);
        /* 2^2000 is beyond every format (all values are binary64). */
        P->ovf_err[s] = !core(F, o, EXMY__X_FINITE, s, 1, 2000, &P->ovf_code[s], &fl);
        P->ovf_flags[s] = fl;
        P->inf_err[s] = !core(F, o, EXMY__X_INF, s, 0, 0, &P->inf_code[s], &fl);
        P->inf_flags[s] = fl;
        P->nan_err[s] = !core(F, o, EXMY__X_NAN, s, 0, 0, &P->nan_code[s], NULL);
        if (P->ovf_err[s])
            P->ovf_code[s] = 0;
        if (P->inf_err[s])
            P->inf_code[s] = 0;
        if (P->nan_err[s])
            P->nan_code[s] = 0;
        P->zero_val[s] = value_bits(exmy__value(F, (uint32_t)P->zero_code[s]), in_m);
        P->ovf_val[s] = value_bits(exmy__value(F, (uint32_t)P->ovf_code[s]), in_m);
        P->inf_val[s] = value_bits(exmy__value(F, (uint32_t)P->inf_code[s]), in_m);
        P->nan_val[s] = value_bits(exmy__value(F, (uint32_t)P->nan_code[s]), in_m);
    }
    P->minsub_val = value_bits(exmy__value(F, 1), in_m);
    if (P->fnuz)
        P->fnuz_code = UINT64_C(1) << (F->k - 1);
    else
        P->fnuz_code = F->has_nan ? P->nan_code[0] : UINT64_MAX;
    return true;
}

bool exmy__dparams_init(exmy__dparams *D, const exmy__prep *F, unsigned out_m)
{
    memset(D, 0, sizeof *D);
    unsigned out_e = out_m == 23 ? 8 : 11;
    if (!exmy__format_fits(F, out_e, out_m))
        return false;
    int64_t out_bias = out_m == 23 ? 127 : 1023;
    /* Input-biased exponent of the lowest binade (field 0). */
    int64_t eb0 = (F->subnormals ? 1 : 0) - (int64_t)F->bias + out_bias;
    if (eb0 < 1)
        return false; /* the lowest binade is not normal in the output */
    if (F->subnormals && eb0 > 1 && eb0 < (int64_t)F->M + 1)
        return false; /* subnormal values straddle the output's normal range */
    D->out_m = out_m;
    D->M = F->M;
    D->code_bytes = F->code_bytes;
    D->magmask = F->mag_count - 1;
    D->sbit = F->s ? UINT64_C(1) << (F->k - 1) : 0;
    D->sgn_shift = (out_m == 23 ? 31 : 63) - (F->k - 1);
    D->nan_lo = F->high_nans ? F->mag_count - F->high_nans : UINT64_C(1) << 32;
    D->fnuz_code = (F->s && !F->negzero) ? D->sbit : UINT64_C(1) << 32;
    D->inf_mag = F->has_inf ? F->inf_mag : UINT64_C(1) << 32;
    /* Field value F of a code's exponent maps to input-biased F - bias + out_bias. */
    D->norm_add = (uint64_t)(out_bias - (int64_t)F->bias) << out_m;
    D->sub_cvt = F->subnormals && eb0 > 1;
    D->sub_add = (uint64_t)(1 - (int64_t)F->bias - (int64_t)F->M) << out_m;
    D->nan_val[0] = value_bits(NAN, out_m);
    D->nan_val[1] = value_bits(-(double)NAN, out_m);
    D->inf_val[0] = value_bits(INFINITY, out_m);
    D->inf_val[1] = value_bits(-INFINITY, out_m);
    D->has_zero = F->has_zero;
    return true;
}
