#include "mpfr_ref.h"

#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <string.h>

/* One MPFR rounding of X (exact binary64 in 53 bits) to the format:
 * round to p bits in MPFR's default (huge) exponent range, then bring the
 * result into the format's range with mpfr_check_range and mpfr_subnormalize,
 * both fed the ternary value so nothing is rounded twice. *ovf receives
 * MPFR's overflow flag. */
static void round_to_format(mpfr_t r, const mpfr_t X, const ref_format *R, mpfr_rnd_t rnd,
                            bool *ovf)
{
    mpfr_exp_t old_emin = mpfr_get_emin(), old_emax = mpfr_get_emax();
    int t = mpfr_set(r, X, rnd);
    /* IEEE exponents: normal binades from emin_ieee (1 - bias with
     * subnormals; -bias when exponent field 0 is a normal binade) to emax.
     * MPFR writes x = m * 2^e with m in [1/2, 1): MPFR exponent = IEEE + 1,
     * and its minimum must reach the smallest subnormal, emin_ieee - (p - 1). */
    long p = (long)R->M + 1;
    long emin_ieee = R->f.subnormals ? 1 - R->f.bias : -R->f.bias;
    long emin_mpfr = R->f.subnormals ? emin_ieee - p + 2 : emin_ieee + 1;
    mpfr_set_emin(emin_mpfr);
    mpfr_set_emax(R->emax + 1);
    mpfr_clear_flags();
    t = mpfr_check_range(r, t, rnd);
    if (R->f.subnormals)
        t = mpfr_subnormalize(r, t, rnd);
    *ovf = mpfr_overflow_p() != 0;
    (void)t;
    mpfr_set_emin(old_emin);
    mpfr_set_emax(old_emax);
}

static int inited;
static mpfr_t X, Z, A, N, MID;

void mref_cleanup(void)
{
    if (inited) {
        mpfr_clears(X, Z, A, N, MID, (mpfr_ptr)0);
        inited = 0;
    }
    mpfr_free_cache();
}

void mref_bracket_of(const ref_format *R, double x, mref_bracket *b)
{
    memset(b, 0, sizeof *b);
    b->ok = true;
    b->rndn = NAN;
    if (!inited) {
        mpfr_inits2(64, X, Z, A, N, MID, (mpfr_ptr)0);
        inited = 1;
    }
    double ax = fabs(x);
    mpfr_set_prec(X, 53);
    mpfr_set_d(X, ax, MPFR_RNDN); /* exact */
    mpfr_prec_t p = (mpfr_prec_t)R->M + 1;

    if (!R->f.subnormals && ax < R->first_pos) {
        /* Own flush rule for formats without subnormals: below the smallest
         * positive value the neighbours are 0 and first_pos (with zero), or
         * there is only first_pos (without zero; the contract rounds every
         * such input to it). */
        b->z = 0;
        b->a = R->first_pos;
        if (!R->has_zero) {
            b->lo = -1;
            return;
        }
        b->lo = 0;
        mpfr_set_prec(MID, 64);
        mpfr_set_d(MID, R->first_pos, MPFR_RNDN);
        mpfr_div_2ui(MID, MID, 1, MPFR_RNDN); /* exact */
        b->cmp_mid = mpfr_cmp(X, MID);
        b->cmp_mid = (b->cmp_mid > 0) - (b->cmp_mid < 0);
        return;
    }

    bool ovz, ova;
    mpfr_set_prec(Z, p);
    mpfr_set_prec(A, p);
    round_to_format(Z, X, R, MPFR_RNDZ, &ovz);
    round_to_format(A, X, R, MPFR_RNDA, &ova);
    b->z = mpfr_get_d(Z, MPFR_RNDN); /* exact: p <= 53 and in binary64 range */
    if (ova) /* beyond MPFR's largest value: the next one up is 2^(emax+1) */
        b->a = ldexp(1.0, R->emax + 1);
    else
        b->a = mpfr_get_d(A, MPFR_RNDN);
    if (ovz || b->z > R->maxf) {
        b->beyond = true;
        b->lo = (int64_t)R->cmax + 1;
        return;
    }
    b->lo = ref_code_of(R, b->z);
    if (b->lo < 0) {
        b->ok = false;
        snprintf(b->err, sizeof b->err, "MPFR RNDZ gave %a, not a value of %s", b->z, R->label);
        return;
    }
    if (b->z == ax) {
        b->exact = true;
        return;
    }
    int64_t hi = ref_code_of(R, b->a);
    if (hi != b->lo + 1) {
        b->ok = false;
        snprintf(b->err, sizeof b->err,
                 "MPFR RNDA gave %a (code %lld), not the successor of RNDZ %a (code %lld) in %s",
                 b->a, (long long)hi, b->z, (long long)b->lo, R->label);
        return;
    }
    mpfr_set_prec(MID, 128);
    mpfr_add(MID, Z, A, MPFR_RNDN); /* exact in 128 bits: both have <= 53 bits, close exponents */
    if (ova) {
        mpfr_set_d(MID, b->z, MPFR_RNDN);
        mpfr_add_d(MID, MID, b->a, MPFR_RNDN);
    }
    mpfr_div_2ui(MID, MID, 1, MPFR_RNDN);
    int c = mpfr_cmp(X, MID);
    b->cmp_mid = (c > 0) - (c < 0);

    /* MPFR's own round-to-nearest, as a check on the tie rule, where MPFR's
     * "even significand" is the even code: precision >= 2 with subnormals,
     * and a result that is a finite value of the format. */
    if (p >= 2 && R->f.subnormals) {
        bool ovn;
        mpfr_set_prec(N, p);
        round_to_format(N, X, R, MPFR_RNDN, &ovn);
        double n = mpfr_get_d(N, MPFR_RNDN);
        if (!ovn && n <= R->maxf)
            b->rndn = n;
    }
}
