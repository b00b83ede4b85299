/* Judging the codes and scales a block quantiser wrote (exmy.h "block
 * formats in the oracle workflow"): exmy_block_check and its report lines.
 *
 * The expected output is exmy_block_quantize's, computed once for the
 * chunk; this file only compares and classifies. A block is judged by its
 * scale first: where the scale differs, every element of the block differs
 * for that reason alone, so its elements are counted unjudged rather than as
 * mismatches of their own. An element's class is exmy_check_classify's rules
 * (check_core.h) applied to what the core actually rounds, the exact
 * quotient x / (scale * tensor_scale) under the expected scale. */
#include "block_core.h"
#include "check_core.h"

#include <stdlib.h>

static const unsigned char type_ebits[] = {11, 8, 5, 8};
static const unsigned char type_mbits[] = {52, 23, 10, 7};

/* Magnitude bits (the input's bits without its sign) of element i. */
static uint64_t mag_bits(exmy_type t, const void *in, size_t i)
{
    unsigned w = 1u + type_ebits[t] + type_mbits[t];
    uint64_t b = exmy__load_bits(in, t, i);
    return b & ((UINT64_C(1) << (w - 1)) - 1);
}

/* Is `got` the expected code `want` of format P, or are both NaN codes of
 * it? A code with bits above the format's width never matches. */
static bool code_matches(const exmy__prep *P, uint32_t want, uint32_t got)
{
    if (got == want)
        return true;
    if (P->k < 32 && (got >> P->k) != 0)
        return false;
    return exmy__classify(P, want) == EXMY_CLASS_NAN && exmy__classify(P, got) == EXMY_CLASS_NAN;
}

/* The call, laid out once. */
typedef struct bjob {
    exmy__blk B;
    exmy_type type;
    const void *in;
    size_t rows, cols, nb;
    const exmy_block_opts *o;
    bool sr;
    unsigned sr_bits;
    exmy__xval ts;
    const void *want_codes, *want_scales; /* exmy_block_quantize's, unpacked */
    const void *got_codes, *got_scales;   /* the kernel's, unpacked */
    uint64_t row0;                        /* global row of row 0 */
} bjob;

/* R of flat element g of the call, as exmy_block_quantize draws it, cut to
 * the sr_bits the core uses. */
static uint32_t element_r(const bjob *J, size_t g)
{
    if (!J->sr)
        return 0;
    const exmy_array_opts *e = &J->o->elem;
    uint32_t r = e->random ? e->random[g] : exmy_philox_bits(e->seed, e->index0 + g, J->sr_bits);
    return J->sr_bits >= 32 ? r : r & ((UINT32_C(1) << J->sr_bits) - 1);
}

static void keep(exmy_block_check_result *res, const exmy_block_mismatch *m)
{
    exmy_block_mismatch *dst = res->keep ? res->keep : res->first;
    size_t cap = res->keep ? res->keep_cap : EXMY_CHECK_KEEP;
    if (res->kept < cap)
        dst[res->kept++] = *m;
}

/* The class of an element of a block whose expected scale is finite:
 * exmy_check_classify's rules on the exact quotient the core rounds. In a
 * NaN block of a scale format without NaN (the elements carry the NaN), the
 * input's own class where it is an Inf or a NaN, else "nan": the element is
 * NaN because its block is. MXINT8's quotient is classified against its
 * sign-magnitude stand-in (B->E), whose rounding its code is; the stand-in's
 * codes below 1 are subnormals only in name (the integers k * 2^-6 are one
 * uniform grid), so they count as normal and a tie among them is a tie. */
static exmy_check_class element_class(const bjob *J, const exmy__exact *x, bool nan_block,
                                      const exmy__blk_divisor *d, uint32_t r)
{
    if (nan_block)
        return x->kind == EXMY__X_INF ? EXMY_CHECK_INF_IN : EXMY_CHECK_NAN_IN;
    const exmy__prep *E = &J->B.E;
    exmy__exact q;
    exmy__blk_quotient(x, d, &q);
    uint32_t want = 0;
    unsigned fl = 0;
    exmy_status st = exmy__round_exact(E, &q, &J->o->elem.conv, r, &want, &fl);
    exmy_class rc = st == EXMY_OK ? exmy__classify(E, want) : EXMY_CLASS_NAN;
    if (rc == EXMY_CLASS_SUBNORMAL && J->B.bf->kind == EXMY_ELEM_INT8)
        rc = EXMY_CLASS_NORMAL;
    /* an unsigned element rounds a negative quotient by its own rule, not
     * as its magnitude: no tie there */
    return exmy__check_class(E, &q, false, rc, fl, E->s || !q.neg);
}

/* Block j of row r into *res (which the caller may still throw away: no
 * error can happen here). */
static void judge_block(const bjob *J, size_t r, size_t j, exmy_block_check_result *res)
{
    const exmy__blk *B = &J->B;
    size_t block = B->bf->block, c0 = j * block;
    size_t n = J->cols - c0 < block ? J->cols - c0 : block;
    size_t g0 = r * J->cols + c0;
    unsigned eb = type_ebits[J->type], mb = type_mbits[J->type];

    uint64_t amax = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t b = mag_bits(J->type, J->in, g0 + i);
        amax = b > amax ? b : amax;
    }
    bool nan_block = amax >= ((UINT64_C(1) << eb) - 1) << mb;
    res->blocks++;
    res->nan_blocks += nan_block;

    uint32_t want_s = exmy__load_code(J->want_scales, B->S.code_bytes, r * J->nb + j);
    uint32_t got_s = exmy__load_code(J->got_scales, B->S.code_bytes, r * J->nb + j);
    if (!code_matches(&B->S, want_s, got_s)) {
        res->scale_mismatches++;
        res->unjudged += n;
        exmy_block_mismatch m = {J->row0 + r, c0, true, amax, want_s, got_s, 0, 0,
                                 EXMY_CHECK_EXACT};
        keep(res, &m);
        return;
    }
    exmy__exact sv;
    exmy__blk_scale_value(B, want_s, &sv);
    if (sv.kind != EXMY__X_FINITE) {
        /* a NaN scale: the whole block is NaN (OCP MX v1.0 §6.3); the
         * quantiser writes no other non-finite scale */
        res->unjudged += n;
        return;
    }
    exmy__blk_divisor d = exmy__blk_make_divisor((exmy__xval){sv.m, sv.e}, J->ts);
    const exmy__prep *E = &B->E;
    for (size_t i = 0; i < n; i++) {
        size_t g = g0 + i;
        uint64_t xb = exmy__load_bits(J->in, J->type, g);
        exmy__exact x;
        exmy__exact_from_ieee(xb, eb, mb, &x);
        uint32_t rr = element_r(J, g);
        exmy_check_class cls = element_class(J, &x, nan_block, &d, rr);
        res->elements++;
        res->count[cls]++;
        uint32_t want = exmy__load_code(J->want_codes, E->code_bytes, g);
        uint32_t got = exmy__load_code(J->got_codes, E->code_bytes, g);
        if (code_matches(E, want, got))
            continue;
        res->mismatches++;
        res->mismatch[cls]++;
        exmy_block_mismatch m = {J->row0 + r, c0 + i, false, xb, want, got, rr,
                                 J->sr ? J->sr_bits : 0, cls};
        keep(res, &m);
    }
}

static const exmy_block_opts default_opts; /* as exmy_block_quantize's: all zero */

exmy_status exmy_block_check(const exmy_block_format *bf, exmy_type type, const void *in,
                             size_t rows, size_t cols, const exmy_block_opts *o,
                             float *tensor_scale, const void *got_codes, const void *got_scales,
                             exmy_block_check_result *res)
{
    bjob J;
    exmy_status st = exmy__blk_prepare(bf, &J.B);
    if (st != EXMY_OK)
        return st;
    if (!o)
        o = &default_opts;
    /* The shape checks exmy_block_quantize makes, before the buffers are
     * sized from it; it makes the rest itself. */
    if (!res || (unsigned)type > EXMY_TYPE_BF16 || (unsigned)o->tail > EXMY_TAIL_SHORT ||
        (o->tail == EXMY_TAIL_ERROR && cols % bf->block != 0) ||
        (cols && rows > SIZE_MAX / 8 / cols))
        return EXMY_EINVAL;
    size_t n = rows * cols;
    if (n && (!in || !got_codes || !got_scales))
        return EXMY_EINVAL;
    if (bf->tensor_scale && o->tensor_scale_given && !tensor_scale)
        return EXMY_EINVAL;

    J.type = type;
    J.in = in;
    J.rows = rows;
    J.cols = cols;
    J.nb = (cols + bf->block - 1) / bf->block;
    J.o = o;
    J.sr = exmy_round_is_stochastic(o->elem.conv.round);
    J.sr_bits = o->elem.conv.sr_bits;
    J.row0 = cols ? o->elem.index0 / cols : 0;
    J.got_scales = got_scales;

    size_t cb = J.B.E.code_bytes, nscales = rows * J.nb;
    unsigned char *want_codes = malloc(n > 0 ? n * cb : 1);
    unsigned char *want_scales = malloc(nscales > 0 ? nscales * J.B.S.code_bytes : 1);
    unsigned char *unpacked = o->packed ? malloc(n > 0 ? n * cb : 1) : NULL;
    if (!want_codes || !want_scales || (o->packed && !unpacked)) {
        st = EXMY_ENOMEM;
        goto out;
    }
    exmy_block_opts qo = *o;
    qo.packed = false; /* the expected codes one to an element, as the kernel's are unpacked */
    float ts = bf->tensor_scale && o->tensor_scale_given ? *tensor_scale : 1.0f;
    st = exmy_block_quantize(bf, type, in, rows, cols, &qo, want_codes, want_scales, &ts);
    if (st != EXMY_OK)
        goto out;
    J.want_codes = want_codes;
    J.want_scales = want_scales;
    J.got_codes = got_codes;
    if (o->packed) {
        size_t rowbytes = exmy_packed_size(&bf->elem, cols);
        for (size_t r = 0; r < rows && st == EXMY_OK; r++)
            st = exmy_unpack_codes(&bf->elem, (const unsigned char *)got_codes + r * rowbytes,
                                   cols, unpacked + r * cols * cb);
        if (st != EXMY_OK)
            goto out;
        J.got_codes = unpacked;
    }
    J.ts = bf->tensor_scale ? exmy__blk_f32_value(ts) : (exmy__xval){1, 0};
    if (bf->tensor_scale && !o->tensor_scale_given && tensor_scale)
        *tensor_scale = ts;

    /* No error from here on: *res is only touched now. */
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < J.nb; j++)
            judge_block(&J, r, j, res);
out:
    free(want_codes);
    free(want_scales);
    free(unpacked);
    return st;
}

/* ------------------------------------------------------------ reporting */

static void describe(exmy__line *L, const exmy__blk *B, exmy_type type,
                     const exmy_block_mismatch *m)
{
    exmy__line_add(L, "row %llu col %llu: ", (unsigned long long)m->row,
                   (unsigned long long)m->col);
    const exmy__prep *P = m->scale ? &B->S : &B->E;
    int cd = (int)(P->k + 3) / 4;
    if (m->scale) {
        exmy__line_add(L, "scale of amax ");
        exmy__line_input(L, type, m->xbits);
        exmy__line_add(L, ":");
    } else {
        exmy__line_add(L, "input ");
        exmy__line_input(L, type, m->xbits);
        exmy__line_add(L, " %s:", exmy_check_class_name(m->cls));
    }
    exmy__line_add(L, " expected 0x%0*x, got 0x%0*x", cd, (unsigned)m->expected, cd,
                   (unsigned)m->got);
    if (!m->scale && m->sr_bits)
        exmy__line_add(L, ", R 0x%0*x", (int)(m->sr_bits + 3) / 4, (unsigned)m->r);
}

/* The checks the report lines share; false when they cannot be written. */
static bool report_args(const exmy_block_format *bf, exmy_type type, const void *what,
                        exmy__blk *B)
{
    return what && (unsigned)type <= EXMY_TYPE_BF16 && exmy__blk_prepare(bf, B) == EXMY_OK;
}

int exmy_block_check_describe(const exmy_block_format *bf, exmy_type type,
                              const exmy_block_mismatch *m, char *buf, size_t len)
{
    exmy__line L = {buf, len, 0, false};
    exmy__blk B;
    if (!report_args(bf, type, m, &B))
        L.bad = true;
    else
        describe(&L, &B, type, m);
    return exmy__line_finish(&L);
}

int exmy_block_check_summary(const exmy_block_format *bf, exmy_type type,
                             const exmy_block_check_result *res, char *buf, size_t len)
{
    exmy__line L = {buf, len, 0, false};
    exmy__blk B;
    if (!report_args(bf, type, res, &B)) {
        L.bad = true;
        return exmy__line_finish(&L);
    }
    if (res->scale_mismatches == 0 && res->mismatches == 0) {
        exmy__line_add(&L, "%llu blocks (%llu elements), all match",
                       (unsigned long long)res->blocks,
                       (unsigned long long)(res->elements + res->unjudged));
        return exmy__line_finish(&L);
    }
    exmy__line_add(&L,
                   "%llu of %llu blocks have another scale, %llu of %llu judged elements differ",
                   (unsigned long long)res->scale_mismatches, (unsigned long long)res->blocks,
                   (unsigned long long)res->mismatches, (unsigned long long)res->elements);
    const char *sep = " (";
    for (int c = 0; c < EXMY_CHECK_CLASS_COUNT; c++)
        if (res->mismatch[c]) {
            exmy__line_add(&L, "%s%s %llu", sep, exmy_check_class_name((exmy_check_class)c),
                           (unsigned long long)res->mismatch[c]);
            sep = ", ";
        }
    if (*sep == ',')
        exmy__line_add(&L, ")");
    const exmy_block_mismatch *first = res->keep ? res->keep : res->first;
    size_t cap = res->keep ? res->keep_cap : EXMY_CHECK_KEEP;
    if (res->kept > 0 && cap > 0) {
        exmy__line_add(&L, "; first: ");
        describe(&L, &B, type, &first[0]);
    }
    return exmy__line_finish(&L);
}
