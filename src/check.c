/* Judging a kernel's codes against a profile (exmy.h "test vectors and
 * checks"): the class of each input, exmy_check_array and its report lines. */
#include "check_core.h"

#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* In enum order: the order a report lists them. */
static const char *const check_class_names[] = {
    "exact", "tie", "inexact", "subnormal", "underflow", "overflow", "inf", "nan", "negzero",
};
_Static_assert(COUNT(check_class_names) == EXMY_CHECK_CLASS_COUNT &&
                   EXMY_CHECK_NEGZERO + 1 == EXMY_CHECK_CLASS_COUNT,
               "one name per check class");

const char *exmy_check_class_name(exmy_check_class c)
{
    return (unsigned)c < COUNT(check_class_names) ? check_class_names[c] : "?";
}

exmy_status exmy_check_class_from_name(const char *name, exmy_check_class *out)
{
    if (!name || !out)
        return EXMY_EINVAL;
    for (size_t i = 0; i < COUNT(check_class_names); i++)
        if (exmy__strcasecmp(name, check_class_names[i]) == 0) {
            *out = (exmy_check_class)i;
            return EXMY_OK;
        }
    return EXMY_EINVAL;
}

/* ------------------------------------------------------------ the class */

/* Is the finite x, which the core rounded as it is (no relu, no negative
 * rule rewrote it), exactly half-way between the magnitude codes c and c+1
 * around |x|? Exact: 2|x| == v(c) + v(c+1) in integers. With x's
 * significand stripped of trailing zeros (odd), a tie's lowest bit is at
 * most one below the neighbours' lowest bit, so every shift is small. */
static bool is_tie(const exmy__prep *P, const exmy__exact *x)
{
    uint64_t m = x->m;
    int64_t e = x->e;
    if (m == 0 || x->sticky)
        return false; /* IEEE inputs are exact; sticky never comes from them */
    int tz = __builtin_ctzll(m);
    m >>= tz;
    e += tz;
    int64_t t = (63 - __builtin_clzll(m)) + e; /* exponent of |x|'s top bit */
    uint64_t c;                               /* the largest magnitude code <= |x| */
    if (t < P->emin_n) {
        if (P->subnormals) {
            int64_t s = (P->emin_n - (int64_t)P->M) - e; /* subnormal quantum 2^(emin_n - M) */
            c = s >= 64 ? 0 : s >= 0 ? m >> s : m << -s;
        } else if (P->has_zero) {
            c = 0; /* below the first binade: between zero and code 1 */
        } else {
            return false; /* below the smallest value: one neighbour only */
        }
    } else {
        uint64_t field = (uint64_t)(t + P->bias);
        int64_t s = (t - (int64_t)P->M) - e;
        uint64_t sig = s >= 0 ? m >> s : m << -s; /* 2^M <= sig < 2^(M+1) */
        c = (field << P->M) | (sig - (UINT64_C(1) << P->M));
    }
    uint64_t s1, s2;
    int64_t e1, e2;
    exmy__mag_value(P, c, &s1, &e1);
    exmy__mag_value(P, c + 1, &s2, &e2);
    if (s1 == 0)
        e1 = e2; /* zero: any exponent */
    int64_t lo = e1 < e2 ? e1 : e2;
    int64_t sx = e + 1 - lo, sh1 = e1 - lo, sh2 = e2 - lo;
    if (sx < 0 || sx > 64 || sh1 > 64 || sh2 > 64)
        return false; /* a bit of 2|x| below the neighbours' grid, or far off it */
    __extension__ typedef unsigned __int128 u128;
    return ((u128)m << sx) == ((u128)s1 << sh1) + ((u128)s2 << sh2);
}

/* What exmy_check_array needs of one element: the profile's answer and the
 * input's class (exmy.h, the rules above exmy_check_class). */
typedef struct judged {
    exmy_status st; /* EXMY_OK, or EXMY_ENONAN: no answer */
    uint32_t want;
    exmy_check_class cls;
} judged;

exmy_check_class exmy__check_class(const exmy__prep *P, const exmy__exact *x, bool flushed,
                                   exmy_class rc, unsigned fl, bool as_is)
{
    if (x->kind == EXMY__X_NAN)
        return EXMY_CHECK_NAN_IN;
    if (x->kind == EXMY__X_INF)
        return EXMY_CHECK_INF_IN;
    if (x->kind == EXMY__X_ZERO && x->neg && !flushed)
        return EXMY_CHECK_NEGZERO;
    if (fl & EXMY_FLAG_OVERFLOW)
        return EXMY_CHECK_OVERFLOW;
    if (flushed ||
        (x->kind == EXMY__X_FINITE && (fl & EXMY_FLAG_UNDERFLOW) && rc == EXMY_CLASS_ZERO))
        return EXMY_CHECK_UNDERFLOW;
    if (rc == EXMY_CLASS_SUBNORMAL)
        return EXMY_CHECK_SUBNORMAL;
    if ((fl & EXMY_FLAG_INEXACT) && !(fl & EXMY_FLAG_INVALID) && x->kind == EXMY__X_FINITE &&
        as_is && is_tie(P, x))
        return EXMY_CHECK_TIE;
    if (fl & (EXMY_FLAG_INEXACT | EXMY_FLAG_INVALID))
        return EXMY_CHECK_INEXACT;
    return EXMY_CHECK_EXACT;
}

/* The class of the decoded input x (exmy__profile_input) and the profile's
 * answer for it. A tie is only looked for where the core rounded x as it is
 * (no relu, no negative rule rewrote it). */
static void judge(const exmy_profile *p, const exmy__prep *P, exmy_type type, uint64_t xbits,
                  const exmy__exact *xp, bool flushed, uint32_t r, judged *j)
{
    uint32_t want = 0;
    unsigned fl = 0;
    j->st = exmy__profile_finish(p, P, type, xbits, xp, r, &want, &fl);
    j->want = want;
    bool as_is = !(p->relu && xp->neg) &&
                 !(!P->s && xp->neg && p->negative != EXMY_NEG_MAGNITUDE);
    exmy_class rc = j->st == EXMY_OK ? exmy__classify(P, want) : EXMY_CLASS_NAN;
    j->cls = exmy__check_class(P, xp, flushed, rc, fl, as_is);
}

exmy_status exmy_check_classify(const exmy_profile *p, exmy_type type, uint64_t xbits, uint32_t r,
                                int scale_exp, exmy_check_class *out)
{
    exmy__prep P;
    if (!out) {
        exmy_status cst = exmy__profile_check(p, &P, NULL, NULL, 0);
        return cst != EXMY_OK ? cst : EXMY_EINVAL;
    }
    exmy__exact x;
    bool flushed;
    exmy_status st = exmy__profile_input(p, &P, type, xbits, scale_exp, &x, &flushed);
    if (st != EXMY_OK)
        return st;
    judged j;
    judge(p, &P, type, xbits, &x, flushed, r, &j);
    *out = j.cls;
    return EXMY_OK;
}

/* ------------------------------------------------------- the array check */

/* One thread's share: its counts and its first mismatches, merged in
 * worker (= index) order so that no result depends on the thread count. */
typedef struct part {
    bool ran;
    size_t lo, hi;
    uint64_t mismatches, unjudged;
    uint64_t count[EXMY_CHECK_CLASS_COUNT];
    uint64_t mismatch[EXMY_CHECK_CLASS_COUNT];
    size_t kept;
    size_t resume; /* the local index after the last one kept */
    exmy_check_mismatch first[EXMY_CHECK_KEEP];
} part;

typedef struct job {
    const exmy_profile *p;
    exmy__prep P; /* the checked profile's format */
    exmy_type type;
    const unsigned char *in, *got;
    unsigned code_bytes;
    bool stochastic;
    unsigned N; /* sr_bits */
    exmy_check_opts o;
    size_t keep; /* mismatches each part records (at most EXMY_CHECK_KEEP) */
    part parts[EXMY__MAX_THREADS];
} job;

/* R of element i (exmy_check_opts): the low sr_bits bits the core uses. */
static uint32_t element_r(const job *J, size_t i)
{
    if (!J->stochastic)
        return 0;
    const exmy_profile *p = J->p;
    uint64_t g = J->o.index0 + i;
    uint32_t r;
    if (J->o.random)
        r = J->o.random_operands
                ? exmy_profile_lane_bits(p, J->o.random[i / p->lanes], (unsigned)(i % p->lanes))
                : J->o.random[i];
    else
        r = J->o.random_operands
                ? exmy_profile_lane_bits(p, exmy_philox_bits(J->o.seed, g / p->lanes, 32),
                                         (unsigned)(g % p->lanes))
                : exmy_philox_bits(J->o.seed, g, J->N);
    return J->N >= 32 ? r : r & ((UINT32_C(1) << J->N) - 1);
}

/* Judge element i; true (and *m filled) when it is a mismatch. */
static bool check_one(const job *J, size_t i, judged *j, exmy_check_mismatch *m)
{
    uint64_t xb = exmy__load_bits(J->in, J->type, i);
    uint32_t r = element_r(J, i);
    uint32_t got = exmy__load_code(J->got, J->code_bytes, i);
    exmy__exact x;
    bool flushed;
    exmy__profile_decode(J->p, J->type, xb, J->o.scale_exp, &x, &flushed);
    judge(J->p, &J->P, J->type, xb, &x, flushed, r, j);
    if (j->st == EXMY_ENONAN || exmy__profile_accepts_code(J->p, &J->P, j->st, j->want, got))
        return false;
    *m = (exmy_check_mismatch){J->o.index0 + i, xb, j->want, got, r, j->cls};
    return true;
}

static void check_range(void *ctx, size_t lo, size_t hi, unsigned worker)
{
    job *J = ctx;
    part *t = &J->parts[worker];
    memset(t, 0, sizeof *t);
    t->ran = true;
    t->lo = lo;
    t->hi = hi;
    t->resume = hi;
    for (size_t i = lo; i < hi; i++) {
        judged j;
        exmy_check_mismatch m;
        bool bad = check_one(J, i, &j, &m);
        t->count[j.cls]++;
        if (j.st == EXMY_ENONAN)
            t->unjudged++;
        if (!bad)
            continue;
        t->mismatches++;
        t->mismatch[j.cls]++;
        if (t->kept < J->keep) {
            t->first[t->kept++] = m;
            t->resume = i + 1;
        }
    }
}

/* Elements per thread below which another thread costs more than it saves. */
#define CHECK_MIN_PER_THREAD 4096

exmy_status exmy_check_array(const exmy_profile *p, exmy_type type, const void *in,
                             const void *got, size_t n, const exmy_check_opts *o,
                             exmy_check_result *res)
{
    exmy_check_opts opts;
    if (o)
        opts = *o;
    else
        memset(&opts, 0, sizeof opts);
    exmy__prep P;
    exmy_status st = exmy__profile_call_check(p, &P, type, opts.scale_exp);
    if (st != EXMY_OK)
        return st;
    if (!res)
        return EXMY_EINVAL;
    if (n > 0 && (!in || !got))
        return EXMY_EINVAL;
    bool stochastic = exmy_round_is_stochastic(p->conv.round);
    if (stochastic && opts.random_operands && opts.index0 % p->lanes != 0)
        return EXMY_EINVAL;
    if (n == 0)
        return EXMY_OK;

    exmy_check_mismatch *dst = res->keep ? res->keep : res->first;
    size_t cap = res->keep ? res->keep_cap : EXMY_CHECK_KEEP;
    size_t room = res->kept < cap ? cap - res->kept : 0;

    job *J = malloc(sizeof *J);
    if (!J)
        return EXMY_ENOMEM;
    J->p = p;
    J->P = P;
    J->type = type;
    J->in = in;
    J->got = got;
    J->code_bytes = P.code_bytes;
    J->stochastic = stochastic;
    J->N = p->conv.sr_bits;
    J->o = opts;
    J->keep = room < EXMY_CHECK_KEEP ? room : EXMY_CHECK_KEEP;
    for (unsigned w = 0; w < EXMY__MAX_THREADS; w++)
        J->parts[w].ran = false;

    size_t want = opts.threads > 1 ? opts.threads : 1;
    size_t most = n / CHECK_MIN_PER_THREAD;
    if (want > most)
        want = most ? most : 1;
    exmy__parallel((unsigned)want, n, 1, check_range, J);

    /* Merge in index order. A part may hold fewer mismatches than the room
     * left (it kept at most EXMY_CHECK_KEEP): the rest are found again by
     * walking its range on from where it stopped. */
    res->total += n;
    for (unsigned w = 0; w < EXMY__MAX_THREADS; w++) {
        const part *t = &J->parts[w];
        if (!t->ran)
            continue;
        res->mismatches += t->mismatches;
        res->unjudged += t->unjudged;
        for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++) {
            res->count[c] += t->count[c];
            res->mismatch[c] += t->mismatch[c];
        }
        for (size_t k = 0; k < t->kept && room > 0; k++, room--)
            dst[res->kept++] = t->first[k];
        uint64_t left = t->mismatches - t->kept;
        for (size_t i = t->resume; i < t->hi && room > 0 && left > 0; i++) {
            judged j;
            exmy_check_mismatch m;
            if (check_one(J, i, &j, &m)) {
                dst[res->kept++] = m;
                room--;
                left--;
            }
        }
    }
    free(J);
    return EXMY_OK;
}

/* ------------------------------------------------------------ reporting */

static void describe(exmy__line *L, const exmy_profile *p, const exmy__prep *P, exmy_type type,
                     const exmy_check_mismatch *m)
{
    int cd = (int)(P->k + 3) / 4;
    exmy__line_add(L, "element %llu: input ", (unsigned long long)m->index);
    exmy__line_input(L, type, m->xbits);
    exmy__line_add(L, " %s: expected 0x%0*x, got 0x%0*x", exmy_check_class_name(m->cls), cd,
                   (unsigned)m->expected, cd, (unsigned)m->got);
    if (exmy_round_is_stochastic(p->conv.round))
        exmy__line_add(L, ", R 0x%0*x", (int)(p->conv.sr_bits + 3) / 4, (unsigned)m->r);
}

/* The checks the report lines share; false when they cannot be written. */
static bool report_args(const exmy_profile *p, exmy_type type, const void *what, exmy__prep *P)
{
    return what && (unsigned)type <= EXMY_TYPE_BF16 &&
           exmy__profile_check(p, P, NULL, NULL, 0) == EXMY_OK;
}

int exmy_check_describe(const exmy_profile *p, exmy_type type, const exmy_check_mismatch *m,
                        char *buf, size_t len)
{
    exmy__line L = {buf, len, 0, false};
    exmy__prep P;
    if (!report_args(p, type, m, &P)) {
        L.bad = true;
        return exmy__line_finish(&L);
    }
    describe(&L, p, &P, type, m);
    return exmy__line_finish(&L);
}

int exmy_check_summary(const exmy_profile *p, exmy_type type, const exmy_check_result *res,
                       char *buf, size_t len)
{
    exmy__line L = {buf, len, 0, false};
    exmy__prep P;
    if (!report_args(p, type, res, &P)) {
        L.bad = true;
        return exmy__line_finish(&L);
    }
    if (res->mismatches == 0) {
        exmy__line_add(&L, "%llu elements, all match", (unsigned long long)res->total);
        return exmy__line_finish(&L);
    }
    exmy__line_add(&L, "%llu of %llu elements differ (", (unsigned long long)res->mismatches,
        (unsigned long long)res->total);
    const char *sep = "";
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++)
        if (res->mismatch[c]) {
            exmy__line_add(&L, "%s%s %llu", sep, exmy_check_class_name((exmy_check_class)c),
                (unsigned long long)res->mismatch[c]);
            sep = ", ";
        }
    exmy__line_add(&L, ")");
    const exmy_check_mismatch *first = res->keep ? res->keep : res->first;
    size_t cap = res->keep ? res->keep_cap : EXMY_CHECK_KEEP;
    if (res->kept > 0 && cap > 0) {
        exmy__line_add(&L, "; first: ");
        describe(&L, p, &P, type, &first[0]);
    }
    return exmy__line_finish(&L);
}
