/* The block quantiser: quantise, dequantise and fake-quantise row-major
 * arrays of a block format (exmy.h "block-scaled formats").
 *
 * Every element's code is the scalar core's rounding (exmy__round_exact) of
 * the EXACT quotient x / (scale * tensor_scale), rounded once: for a
 * power-of-two divisor that quotient is x's exmy__exact with its exponent
 * shifted; otherwise it is an exact 128-by-64-bit division (64 significant
 * bits and a sticky bit, enough to round once in every mode). Decoding
 * multiplies exactly and rounds once to the output type.
 *
 * Fast path: a power-of-two scale and no tensor scale (the OCP MX formats)
 * with floating-point elements and binary32 or binary64 data. Each block is
 * multiplied by 2^-k in the data's own type, which is exact unless a value
 * leaves the type's range or loses bits as a subnormal; every product is
 * checked by multiplying back, and a block where one is not exact runs on
 * the scalar path instead. The scaled chunk then goes through the array
 * kernels (src/kernels), which round exactly as the core does, and
 * fake-quantised values are multiplied by 2^k: one correctly rounded
 * operation, the single rounding to the output type that
 * exmy_block_dequantize specifies. The scalar level (EXMY_ISA_SCALAR) never
 * takes the fast path: it is the oracle the tests compare the fast path with.
 *
 * Special cases (OCP MX v1.0 §6.3, exmy.h): a NaN or an Inf in a block makes
 * its scale the scale format's NaN and every element the element format's
 * NaN. Where only one of the two formats has a NaN, that one carries it: a
 * NaN scale marks the whole block NaN whatever its elements hold (OCP MX
 * v1.0: "if X is NaN, all elements of the block are NaN regardless of the
 * P_i"), so elements without a NaN (MXFP4, MXFP6, MXINT8) are written as +0;
 * with neither the call returns EXMY_ENONAN. */
#include "block_core.h"
#include "kernels/kernel.h"

#include <math.h>
#include <stdlib.h>

/* Elements per fast-path chunk (the scaled copy lives on the stack). */
#define CHUNK 2048
/* Below this many elements per thread, extra threads cost more than they save. */
#define MIN_PER_THREAD (1u << 16)

/* ------------------------------------------------------------ the input */

static const unsigned char type_ebits[] = {11, 8, 5, 8};
static const unsigned char type_mbits[] = {52, 23, 10, 7};

/* Bit pattern of element i without its sign. */
static uint64_t abs_bits(exmy_type t, const void *in, size_t i)
{
    switch (t) {
    case EXMY_TYPE_F64: {
        uint64_t b;
        memcpy(&b, (const double *)in + i, sizeof b);
        return b & ~(UINT64_C(1) << 63);
    }
    case EXMY_TYPE_F32: {
        uint32_t b;
        memcpy(&b, (const float *)in + i, sizeof b);
        return b & 0x7fffffffu;
    }
    case EXMY_TYPE_F16:
    case EXMY_TYPE_BF16: return ((const uint16_t *)in)[i] & 0x7fffu;
    }
    return 0;
}

/* Magnitude bit patterns at or above this are Inf or NaN. */
static uint64_t inf_bits(exmy_type t)
{
    return ((UINT64_C(1) << type_ebits[t]) - 1) << type_mbits[t];
}

static void decode_bits(exmy_type t, uint64_t bits, exmy__exact *x)
{
    if (t == EXMY_TYPE_F64) {
        double d;
        memcpy(&d, &bits, sizeof d);
        exmy__exact_from_f64(d, x);
    } else {
        exmy__exact_from_ieee(bits, type_ebits[t], type_mbits[t], x);
    }
}

static void load_exact(exmy_type t, const void *in, size_t i, exmy__exact *x)
{
    uint64_t b = 0;
    switch (t) {
    case EXMY_TYPE_F64: memcpy(&b, (const double *)in + i, 8); break;
    case EXMY_TYPE_F32: {
        uint32_t w;
        memcpy(&w, (const float *)in + i, 4);
        b = w;
        break;
    }
    case EXMY_TYPE_F16:
    case EXMY_TYPE_BF16: b = ((const uint16_t *)in)[i]; break;
    }
    decode_bits(t, b, x);
}

/* The largest magnitude of elements [lo, lo + n): false when one of them is
 * an Inf or a NaN (the block is then NaN); else *amax holds it exactly. */
static bool range_amax(exmy_type t, const void *in, size_t lo, size_t n, exmy__exact *amax)
{
    uint64_t m = 0, lim = inf_bits(t);
    for (size_t i = 0; i < n; i++) {
        uint64_t b = abs_bits(t, in, lo + i);
        m = b > m ? b : m;
    }
    if (m >= lim)
        return false;
    decode_bits(t, m, amax);
    return true;
}

/* ----------------------------------------------------------- the output */

/* binary32, binary16 and bfloat16 as formats of the core: a value rounds
 * once (rne, overflow to Inf) to the output type by the core itself. */
static void prep_type(exmy_type t, exmy__prep *T)
{
    static const exmy_format fmts[] = {
        {0, 0, 0, false, EXMY_FINITE, false, 0, false, false, ""}, /* f64: exact_to_f64 */
        {32, 24, 127, true, EXMY_EXTENDED, true, 0x7fffff, true, true, ""},
        {16, 11, 15, true, EXMY_EXTENDED, true, 1023, true, true, ""},
        {16, 8, 127, true, EXMY_EXTENDED, true, 127, true, true, ""},
    };
    memset(T, 0, sizeof *T);
    if (t != EXMY_TYPE_F64)
        (void)exmy__prepare(&fmts[t], T); /* valid by construction */
}

/* An exact value rounded once (rne) to binary64: overflow gives +-Inf,
 * subnormal results round at 2^-1074. */
static double exact_to_f64(const exmy__exact *x)
{
    double s = x->neg ? -1.0 : 1.0;
    switch (x->kind) {
    case EXMY__X_NAN: return x->neg ? -NAN : NAN;
    case EXMY__X_INF: return s * INFINITY;
    case EXMY__X_ZERO: return s * 0.0;
    case EXMY__X_FINITE: break;
    }
    uint64_t m = x->m;
    int64_t e = x->e;
    bool sticky = x->sticky;
    if (m == 0) { /* only a sticky part */
        m = 1;
        e -= 1;
    }
    int lz = __builtin_clzll(m);
    m <<= lz;
    e -= lz;
    int64_t top = e + 63;
    if (top > 1023)
        return s * INFINITY;
    /* Bits of m dropped: 11 for a normal result, more below 2^-1022. */
    int64_t sh = top >= -1022 ? 11 : 11 + (-1022 - top);
    uint64_t kept, rem, half;
    if (sh <= 63) {
        kept = m >> sh;
        rem = m & ((UINT64_C(1) << sh) - 1);
        half = UINT64_C(1) << (sh - 1);
    } else if (sh == 64) {
        kept = 0;
        rem = m;
        half = UINT64_C(1) << 63;
    } else {
        return s * 0.0; /* below half the smallest subnormal */
    }
    bool up = rem > half || (rem == half && (sticky || (kept & 1)));
    kept += up;
    return s * ldexp((double)kept, (int)(e + sh));
}

/* Write an exact value into element i of an array of `type`, rounded once. */
static void store_exact(exmy_type type, const exmy__prep *T, void *out, size_t i,
                        const exmy__exact *x)
{
    if (type == EXMY_TYPE_F64) {
        ((double *)out)[i] = exact_to_f64(x);
        return;
    }
    const exmy_opts o = {EXMY_RNE, EXMY_SATNONE, 0};
    uint32_t c;
    (void)exmy__round_exact(T, x, &o, 0, &c, NULL); /* IEEE types have NaN: never fails */
    if (type == EXMY_TYPE_F32) {
        float f;
        memcpy(&f, &c, sizeof f);
        ((float *)out)[i] = f;
    } else {
        ((uint16_t *)out)[i] = (uint16_t)c;
    }
}

static void store_nan(exmy_type type, const exmy__prep *T, void *out, size_t i)
{
    const exmy__exact nan = {EXMY__X_NAN, false, 0, 0, false};
    store_exact(type, T, out, i, &nan);
}

/* ---------------------------------------------------------- elements */

/* MXINT8: the stand-in's sign-magnitude code as two's complement. */
static uint32_t int8_code(const exmy__prep *E, uint32_t c)
{
    uint32_t mag = c & (uint32_t)~E->sign, mask = (UINT32_C(1) << E->k) - 1;
    return (c & E->sign) && mag ? (~mag + 1) & mask : mag;
}

/* The code of a finite or zero x in a block with divisor d. */
static exmy_status elem_encode(const exmy__blk *B, const exmy__exact *x,
                               const exmy__blk_divisor *d, const exmy_opts *o, uint32_t r,
                               uint32_t *code)
{
    exmy__exact q;
    exmy__blk_quotient(x, d, &q);
    exmy_status st = exmy__round_exact(&B->E, &q, o, r, code, NULL);
    if (st == EXMY_OK && B->bf->kind == EXMY_ELEM_INT8)
        *code = int8_code(&B->E, *code);
    return st;
}

/* The exact value of an element code (kind, sign, significand, exponent). */
static void elem_value(const exmy__blk *B, uint32_t code, exmy__exact *v)
{
    const exmy__prep *E = &B->E;
    memset(v, 0, sizeof *v);
    uint64_t mag;
    if (B->bf->kind == EXMY_ELEM_INT8) {
        uint32_t c = code & ((UINT32_C(1) << E->k) - 1);
        v->neg = (c & E->sign) != 0;
        mag = v->neg ? (UINT64_C(1) << E->k) - c : c; /* -128 is mag 128: 2 in e1m6's continuation */
        if (mag == 0) {
            v->kind = EXMY__X_ZERO;
            v->neg = false;
            return;
        }
    } else {
        v->neg = (code & E->sign) != 0;
        switch (exmy__classify(E, code)) {
        case EXMY_CLASS_NAN: v->kind = EXMY__X_NAN; return;
        case EXMY_CLASS_INF: v->kind = EXMY__X_INF; return;
        case EXMY_CLASS_ZERO: v->kind = EXMY__X_ZERO; return;
        default: break;
        }
        mag = code & (E->mag_count - 1);
    }
    v->kind = EXMY__X_FINITE;
    exmy__mag_value(E, mag, &v->m, &v->e);
}

/* The exact value of a scale code. */
void exmy__blk_scale_value(const exmy__blk *B, uint32_t code, exmy__exact *v)
{
    const exmy__prep *S = &B->S;
    memset(v, 0, sizeof *v);
    v->neg = (code & S->sign) != 0;
    switch (exmy__classify(S, code)) {
    case EXMY_CLASS_NAN: v->kind = EXMY__X_NAN; return;
    case EXMY_CLASS_INF: v->kind = EXMY__X_INF; return;
    case EXMY_CLASS_ZERO: v->kind = EXMY__X_ZERO; return;
    default: break;
    }
    v->kind = EXMY__X_FINITE;
    exmy__mag_value(S, code & (S->mag_count - 1), &v->m, &v->e);
}

/* elem * scale * ts exactly, as IEEE multiplication treats the specials. */
static void product(const exmy__exact *el, const exmy__exact *sc, exmy__xval ts, exmy__exact *out)
{
    bool neg = el->neg != sc->neg;
    memset(out, 0, sizeof *out);
    out->neg = neg;
    if (el->kind == EXMY__X_NAN || sc->kind == EXMY__X_NAN) {
        out->kind = EXMY__X_NAN;
        out->neg = el->kind == EXMY__X_NAN ? el->neg : false;
    } else if (el->kind == EXMY__X_INF || sc->kind == EXMY__X_INF) {
        bool zero = el->kind == EXMY__X_ZERO || sc->kind == EXMY__X_ZERO;
        out->kind = zero ? EXMY__X_NAN : EXMY__X_INF;
        if (zero)
            out->neg = false;
    } else if (el->kind == EXMY__X_ZERO || sc->kind == EXMY__X_ZERO) {
        out->kind = EXMY__X_ZERO;
    } else {
        exmy__blk_mul3((exmy__xval){el->m, el->e}, (exmy__xval){sc->m, sc->e}, ts, neg, out);
    }
}

/* ------------------------------------------------------------- the call */

typedef enum { MODE_CODES, MODE_FAKE } qmode;

typedef struct qjob {
    const exmy__blk *B;
    exmy_type type;
    const void *in;
    size_t rows, cols, nb;
    const exmy_block_opts *o;
    bool sr;
    exmy__xval ts;
    qmode mode;
    void *codes, *scales, *out;
    size_t rowbytes;      /* packed codes: bytes per row */
    exmy__prep T;         /* the output type (MODE_FAKE) */
    const exmy__kernels *K;
    exmy__kparams KP;     /* the element format's, for the fast path */
    bool fast;
    exmy_status st[EXMY__MAX_THREADS];
} qjob;

static uint32_t rbits(const qjob *J, size_t g)
{
    if (!J->sr)
        return 0;
    const exmy_array_opts *e = &J->o->elem;
    return e->random ? e->random[g] : exmy_philox_bits(e->seed, e->index0 + g, e->conv.sr_bits);
}

/* Element c of row r (flat index g) of a block with divisor d: its code
 * into codes_row[c], or its fake-quantised value into out[g]. */
static exmy_status do_elem(const qjob *J, size_t g, size_t c, const exmy__blk_divisor *d,
                           const exmy__exact *scv, void *codes_row)
{
    exmy__exact x;
    load_exact(J->type, J->in, g, &x);
    uint32_t code;
    exmy_status st = elem_encode(J->B, &x, d, &J->o->elem.conv, rbits(J, g), &code);
    if (st != EXMY_OK)
        return st;
    if (J->mode == MODE_CODES) {
        exmy__store_code(codes_row, J->B->E.code_bytes, c, code);
    } else {
        exmy__exact ev, v;
        elem_value(J->B, code, &ev);
        product(&ev, scv, J->ts, &v);
        store_exact(J->type, &J->T, J->out, g, &v);
    }
    return EXMY_OK;
}

/* A block holding a NaN or an Inf (file comment). */
static exmy_status nan_block(const qjob *J, size_t r, size_t j, size_t c0, size_t n,
                             void *codes_row)
{
    const exmy__blk *B = J->B;
    if (!B->S.has_nan && !B->E.has_nan)
        return EXMY_ENONAN;
    uint32_t sc = B->S.has_nan ? (uint32_t)exmy__nan_code(&B->S, false) : B->smin_code;
    uint32_t ec = B->E.has_nan ? (uint32_t)exmy__nan_code(&B->E, false) : 0;
    if (J->mode == MODE_CODES)
        exmy__store_code(J->scales, B->S.code_bytes, r * J->nb + j, sc);
    for (size_t i = 0; i < n; i++) {
        if (J->mode == MODE_CODES)
            exmy__store_code(codes_row, B->E.code_bytes, c0 + i, ec);
        else
            store_nan(J->type, &J->T, J->out, r * J->cols + c0 + i);
    }
    return EXMY_OK;
}

/* Block j of row r on the scalar path. */
static exmy_status scalar_block(const qjob *J, size_t r, size_t j, void *codes_row)
{
    const exmy__blk *B = J->B;
    size_t block = B->bf->block, c0 = j * block;
    size_t n = J->cols - c0 < block ? J->cols - c0 : block;
    size_t g0 = r * J->cols + c0;
    exmy__exact amax;
    if (!range_amax(J->type, J->in, g0, n, &amax))
        return nan_block(J, r, j, c0, n, codes_row);
    uint32_t sc;
    exmy__xval sv;
    int64_t k;
    exmy__blk_scale_code(B, &amax, J->ts, &sc, &sv, &k);
    if (J->mode == MODE_CODES)
        exmy__store_code(J->scales, B->S.code_bytes, r * J->nb + j, sc);
    exmy__blk_divisor d = exmy__blk_make_divisor(sv, J->ts);
    exmy__exact scv = {EXMY__X_FINITE, false, sv.sig, sv.exp, false};
    for (size_t i = 0; i < n; i++) {
        exmy_status st = do_elem(J, g0 + i, c0 + i, &d, &scv, codes_row);
        if (st != EXMY_OK)
            return st;
    }
    return EXMY_OK;
}

/* ------------------------------------------------------- the fast path */

/* The bit pattern of 2^k as a binary32 / binary64 (|k| within the normal
 * exponent range). */
static uint32_t pow2f_bits(int64_t k)
{
    return (uint32_t)(k + 127) << 23;
}

static uint64_t pow2d_bits(int64_t k)
{
    return (uint64_t)(k + 1023) << 52;
}

/* Per-block state of a fast chunk. */
typedef struct fblock {
    bool slow;  /* run this block on the scalar path */
    int64_t k;  /* the scale 2^k */
} fblock;

/* The MX fast path for one type: blocks [j0, j1) of row r (file comment).
 * One pass of the level's kernels finds each block's largest and smallest
 * non-zero magnitude; from them, the scale 2^k and whether x * 2^-k is exact
 * for every element (scaling down: the smallest stays normal; scaling up:
 * the largest stays finite); one kernel call then scales, converts and (for
 * fake-quantisation) multiplies back by 2^k, block by block. Blocks that
 * are NaN, or whose scaling would not be exact, go to the scalar path. */
#define FAST_CHUNK(NAME, T, BITS, INFB, KLIM, MBITS, EBMAX, POW2, AMAX, ENC, FQ)                 \
    static exmy_status NAME(const qjob *J, size_t r, size_t j0, size_t j1, void *codes_row,    \
                            uint32_t *rbuf)                                                    \
    {                                                                                          \
        const exmy__blk *B = J->B;                                                             \
        size_t block = B->bf->block, c0 = j0 * block;                                          \
        size_t c1 = j1 * block < J->cols ? j1 * block : J->cols, n = c1 - c0;                  \
        size_t g0 = r * J->cols + c0, nbk = j1 - j0;                                           \
        const T *x = (const T *)J->in + g0;                                                    \
        int64_t kb[CHUNK];                                                                     \
        BITS amax[CHUNK], amin[CHUNK], s[CHUNK], p[CHUNK];                                     \
        unsigned char slow[CHUNK];                                                             \
        const int64_t bias_ = ((int64_t)1 << (type_ebits[J->type] - 1)) - 1;                   \
        bool any_slow = false;                                                                 \
        J->K->AMAX(x, n, block, amax, amin);                                                   \
        for (size_t b = 0; b < nbk; b++) {                                                     \
            BITS mb = amax[b];                                                                 \
            bool sl = mb >= (INFB); /* a NaN block */                                          \
            int64_t k = 0;                                                                     \
            if (!sl) {                                                                         \
                k = B->kmin;                                                                   \
                if (mb) {                                                                      \
                    /* amax = m 2^e from its bits, normalised */                               \
                    uint64_t ef = (uint64_t)mb >> (MBITS);                                     \
                    uint64_t m = ((uint64_t)mb & ((UINT64_C(1) << (MBITS)) - 1)) |             \
                                 (ef ? UINT64_C(1) << (MBITS) : 0);                            \
                    int64_t e = (ef ? (int64_t)ef : 1) - bias_ - (MBITS);                      \
                    int lz = __builtin_clzll(m);                                               \
                    k = exmy__blk_pow2_k(B, m << lz, e - lz, false);                           \
                }                                                                              \
                if (J->mode == MODE_CODES)                                                     \
                    exmy__store_code(J->scales, B->S.code_bytes, r * J->nb + j0 + b,           \
                                     (uint32_t)(k + B->S.bias));                               \
                /* x * 2^-k is exact when no element leaves the normal                         \
                 * range downwards (scaling down) or the finite range                          \
                 * upwards (scaling up); |k| keeps 2^+-k normal. */                            \
                int64_t ebmin = (int64_t)((uint64_t)amin[b] >> (MBITS));                       \
                int64_t ebmax = (int64_t)((uint64_t)mb >> (MBITS));                            \
                sl = k < -(KLIM) || k > (KLIM) ||                                              \
                     (k > 0 && amin[b] != 0 && ebmin - k < 1) || ebmax - k > (EBMAX);          \
            }                                                                                  \
            kb[b] = k;                                                                         \
            slow[b] = sl;                                                                      \
            any_slow |= sl;                                                                    \
            s[b] = POW2(sl ? 0 : -k);                                                          \
            p[b] = POW2(sl ? 0 : k);                                                           \
        }                                                                                      \
        const uint32_t *rnd = NULL;                                                            \
        if (J->sr) {                                                                           \
            if (J->o->elem.random) {                                                           \
                rnd = J->o->elem.random + g0;                                                  \
            } else {                                                                           \
                J->K->philox(J->o->elem.seed, J->o->elem.index0 + g0, n, rbuf);                \
                rnd = rbuf;                                                                    \
            }                                                                                  \
        }                                                                                      \
        exmy__kcount cnt = {0, 0, 0};                                                          \
        size_t done;                                                                           \
        if (J->mode == MODE_CODES)                                                             \
            done = J->K->ENC(&J->KP, x, (unsigned char *)codes_row + c0 * B->E.code_bytes, n,  \
                             block, s, p, slow, rnd, &cnt);                                    \
        else                                                                                   \
            done = J->K->FQ(&J->KP, x, (T *)J->out + g0, n, block, s, p, slow, rnd, &cnt);     \
        if (done == n && !any_slow)                                                            \
            return EXMY_OK;                                                                    \
        /* Blocks in order, so that the first error is the first element's.                    \
         * The kernel left slow blocks (and everything from where it stopped)                  \
         * untouched, so their inputs are intact even when in == out. */                       \
        for (size_t b = 0; b < nbk; b++) {                                                     \
            size_t lo = b * block, len = n - lo < block ? n - lo : block;                      \
            if (slow[b]) {                                                                     \
                exmy_status st = scalar_block(J, r, j0 + b, codes_row);                        \
                if (st != EXMY_OK)                                                             \
                    return st;                                                                 \
                continue;                                                                      \
            }                                                                                  \
            size_t ok = done > lo ? (done - lo < len ? done - lo : len) : 0;                   \
            if (ok < len) {                                                                    \
                /* The kernel stopped in front of an element it cannot                         \
                 * represent: the core finishes this block and reports it. */                  \
                exmy__blk_divisor d = exmy__blk_make_divisor((exmy__xval){1, kb[b]}, J->ts);   \
                exmy__exact scv = {EXMY__X_FINITE, false, 1, kb[b], false};                    \
                for (size_t i = ok; i < len; i++) {                                            \
                    exmy_status st = do_elem(J, g0 + lo + i, c0 + lo + i, &d, &scv, codes_row); \
                    if (st != EXMY_OK)                                                         \
                        return st;                                                             \
                }                                                                              \
            }                                                                                  \
        }                                                                                      \
        return EXMY_OK;                                                                        \
    }

FAST_CHUNK(fast_chunk_f32, float, uint32_t, 0x7f800000u, 126, 23, 254, pow2f_bits,
           blk_amax_f32, enc_blk_f32, fq_blk_f32)
FAST_CHUNK(fast_chunk_f64, double, uint64_t, UINT64_C(0x7ff0000000000000), 1022, 52, 2046,
           pow2d_bits, blk_amax_f64, enc_blk_f64, fq_blk_f64)

/* Can this call take the fast path? (J->B, type, o, mode set.) */
static void setup_fast(qjob *J)
{
    const exmy__blk *B = J->B;
    J->fast = false;
    if (!B->pow2 || B->bf->tensor_scale || B->bf->kind != EXMY_ELEM_FLOAT ||
        B->bf->block > CHUNK || (J->type != EXMY_TYPE_F32 && J->type != EXMY_TYPE_F64))
        return;
    J->K = exmy__kernels_for(exmy_isa_resolve(J->o->elem.isa));
    if (!J->K)
        return;
    bool f32 = J->type == EXMY_TYPE_F32;
    if (J->mode == MODE_FAKE && !exmy__format_fits(&B->E, f32 ? 8 : 11, f32 ? 23 : 52))
        return;
    if (!exmy__kparams_init(&J->KP, &B->E, &J->o->elem.conv, f32 ? 23 : 52))
        return;
    J->KP.count = false;
    J->fast = true;
}

/* Rows [lo, hi). */
static void quant_rows(void *ctx, size_t lo, size_t hi, unsigned worker)
{
    qjob *J = ctx;
    const exmy__blk *B = J->B;
    size_t block = B->bf->block, cb = B->E.code_bytes;
    exmy_status st = EXMY_OK;
    void *rowbuf = NULL;
    if (J->mode == MODE_CODES && J->o->packed && hi > lo) {
        rowbuf = malloc(J->cols * cb + 1);
        if (!rowbuf) {
            J->st[worker] = EXMY_ENOMEM;
            return;
        }
    }
    uint32_t rbuf[CHUNK];
    size_t per = J->fast ? CHUNK / block : 1;
    for (size_t r = lo; r < hi && st == EXMY_OK; r++) {
        void *codes_row = NULL;
        if (J->mode == MODE_CODES)
            codes_row = rowbuf ? rowbuf : (unsigned char *)J->codes + r * J->cols * cb;
        for (size_t j = 0; j < J->nb && st == EXMY_OK; j += per) {
            size_t j1 = j + per < J->nb ? j + per : J->nb;
            if (!J->fast)
                st = scalar_block(J, r, j, codes_row);
            else if (J->type == EXMY_TYPE_F32)
                st = fast_chunk_f32(J, r, j, j1, codes_row, rbuf);
            else
                st = fast_chunk_f64(J, r, j, j1, codes_row, rbuf);
        }
        if (st == EXMY_OK && rowbuf)
            st = exmy_pack_codes(&B->bf->elem, rowbuf, J->cols,
                                 (unsigned char *)J->codes + r * J->rowbytes);
    }
    free(rowbuf);
    J->st[worker] = st;
}

static exmy_status run_rows(qjob *J, exmy__range_fn body)
{
    unsigned want = J->o->elem.threads > 1 ? J->o->elem.threads : 1;
    size_t total = J->rows * J->cols;
    if (total / MIN_PER_THREAD < want)
        want = (unsigned)(total / MIN_PER_THREAD);
    unsigned used = exmy__parallel(want, J->rows, 1, body, J);
    /* Parts are in row order: the first failing part holds the first error. */
    for (unsigned w = 0; w < used; w++)
        if (J->st[w] != EXMY_OK)
            return J->st[w];
    return EXMY_OK;
}

/* ------------------------------------------------------ the entry points */

static const exmy_block_opts default_opts; /* rne, satfinite, no tail, unpacked */

/* The checks every array call makes: format, options, shape. */
static exmy_status check_call(const exmy_block_format *bf, exmy__blk *B, exmy_type type,
                              size_t rows, size_t cols, const exmy_block_opts **o)
{
    exmy_status st = exmy__blk_prepare(bf, B);
    if (st != EXMY_OK)
        return st;
    if (!*o)
        *o = &default_opts;
    const exmy_block_opts *p = *o;
    if ((unsigned)type > EXMY_TYPE_BF16 || (unsigned)p->tail > EXMY_TAIL_SHORT ||
        !exmy__opts_ok(&p->elem.conv) || (unsigned)p->elem.isa > EXMY_ISA_AVX512)
        return EXMY_EINVAL;
    if (p->tail == EXMY_TAIL_ERROR && cols % bf->block != 0)
        return EXMY_EINVAL;
    if (cols && rows > SIZE_MAX / 8 / cols)
        return EXMY_EINVAL;
    return EXMY_OK;
}

static bool tensor_scale_ok(float ts)
{
    return isfinite(ts) && ts > 0;
}

/* The largest finite magnitude of the whole array (NaN and Inf blocks are
 * NaN whatever the tensor scale). */
static void tensor_amax(exmy_type t, const void *in, size_t n, exmy__exact *amax)
{
    uint64_t m = 0, lim = inf_bits(t);
    for (size_t i = 0; i < n; i++) {
        uint64_t b = abs_bits(t, in, i);
        m = b > m && b < lim ? b : m;
    }
    decode_bits(t, m, amax);
}

static exmy_status quantize(const exmy_block_format *bf, exmy_type type, const void *in,
                            size_t rows, size_t cols, const exmy_block_opts *o, qmode mode,
                            void *codes, void *scales, void *out, float *tensor_scale)
{
    exmy__blk B;
    exmy_status st = check_call(bf, &B, type, rows, cols, &o);
    if (st != EXMY_OK)
        return st;
    size_t n = rows * cols;
    if (n && (!in || (mode == MODE_CODES ? !codes || !scales : !out)))
        return EXMY_EINVAL;
    qjob J;
    J.B = &B;
    J.type = type;
    J.in = in;
    J.rows = rows;
    J.cols = cols;
    J.nb = (cols + bf->block - 1) / bf->block;
    J.o = o;
    J.sr = exmy_round_is_stochastic(o->elem.conv.round);
    J.mode = mode;
    J.codes = codes;
    J.scales = scales;
    J.out = out;
    J.rowbytes = exmy_packed_size(&bf->elem, cols);
    prep_type(type, &J.T);
    J.ts = (exmy__xval){1, 0};
    if (bf->tensor_scale) {
        float ts;
        if (mode == MODE_CODES && !tensor_scale)
            return EXMY_EINVAL;
        if (o->tensor_scale_given) {
            /* fake-quantise has no tensor scale argument to take it from */
            if (mode == MODE_FAKE || !tensor_scale_ok(*tensor_scale))
                return EXMY_EINVAL;
            ts = *tensor_scale;
        } else {
            exmy__exact amax;
            tensor_amax(type, in, n, &amax);
            ts = exmy__blk_tensor_scale(&B, &amax);
            if (mode == MODE_CODES)
                *tensor_scale = ts;
        }
        J.ts = exmy__blk_f32_value(ts);
    }
    if (n == 0)
        return EXMY_OK;
    if (o->elem.isa == EXMY_ISA_SCALAR)
        J.fast = false;
    else
        setup_fast(&J);
    return run_rows(&J, quant_rows);
}

exmy_status exmy_block_quantize(const exmy_block_format *bf, exmy_type type, const void *in,
                                size_t rows, size_t cols, const exmy_block_opts *o, void *codes,
                                void *scales, float *tensor_scale)
{
    return quantize(bf, type, in, rows, cols, o, MODE_CODES, codes, scales, NULL, tensor_scale);
}

exmy_status exmy_block_fake_quantize(const exmy_block_format *bf, exmy_type type, const void *in,
                                     void *out, size_t rows, size_t cols,
                                     const exmy_block_opts *o)
{
    return quantize(bf, type, in, rows, cols, o, MODE_FAKE, NULL, NULL, out, NULL);
}

exmy_status exmy_block_scale(const exmy_block_format *bf, exmy_type type, const void *block,
                             size_t n, float tensor_scale, uint32_t *scale_code)
{
    exmy__blk B;
    exmy_status st = exmy__blk_prepare(bf, &B);
    if (st != EXMY_OK)
        return st;
    if ((unsigned)type > EXMY_TYPE_BF16 || !scale_code || (n && !block))
        return EXMY_EINVAL;
    exmy__xval ts = {1, 0};
    if (bf->tensor_scale) {
        if (!tensor_scale_ok(tensor_scale))
            return EXMY_EINVAL;
        ts = exmy__blk_f32_value(tensor_scale);
    }
    exmy__exact amax;
    if (!range_amax(type, block, 0, n, &amax)) {
        if (!B.S.has_nan && !B.E.has_nan)
            return EXMY_ENONAN;
        *scale_code = B.S.has_nan ? (uint32_t)exmy__nan_code(&B.S, false) : B.smin_code;
        return EXMY_OK;
    }
    exmy__xval sv;
    int64_t k;
    exmy__blk_scale_code(&B, &amax, ts, scale_code, &sv, &k);
    return EXMY_OK;
}

/* ----------------------------------------------------------- dequantise */

typedef struct djob {
    const exmy__blk *B;
    const void *codes, *scales;
    exmy__xval ts;
    size_t rows, cols, nb, rowbytes;
    bool packed;
    exmy_type type;
    void *out;
    exmy__prep T;
    const exmy__kernels *K;
    exmy__dparams D;      /* the element format's, for the fast path */
    bool fast;
    exmy_status st[EXMY__MAX_THREADS];
} djob;

/* Row r from the codes of that row. Fast: the whole row through the
 * decoding kernel (exact), then each block with a power-of-two scale 2^k
 * that is a normal value of the output type multiplied by it (one
 * correctly rounded operation: the single rounding the contract asks for).
 * Every other block is done exactly here, over what the kernel wrote. */
static void dequant_row(const djob *J, size_t r, const void *codes_row)
{
    const exmy__blk *B = J->B;
    size_t block = B->bf->block, cb = B->E.code_bytes, g0 = r * J->cols;
    bool f32 = J->type == EXMY_TYPE_F32;
    if (J->fast) {
        if (f32)
            J->K->dec_f32(&J->D, codes_row, (float *)J->out + g0, J->cols);
        else
            J->K->dec_f64(&J->D, codes_row, (double *)J->out + g0, J->cols);
    }
    for (size_t j = 0; j < J->nb; j++) {
        size_t c0 = j * block;
        size_t n = J->cols - c0 < block ? J->cols - c0 : block;
        exmy__exact sc;
        exmy__blk_scale_value(B, exmy__load_code(J->scales, B->S.code_bytes, r * J->nb + j), &sc);
        if (J->fast && sc.kind == EXMY__X_FINITE && (sc.m & (sc.m - 1)) == 0) {
            int64_t k = sc.e + __builtin_ctzll(sc.m);
            if (f32 && k >= -126 && k <= 126) {
                uint32_t pb = pow2f_bits(k) | (uint32_t)sc.neg << 31;
                float *o = (float *)J->out + g0 + c0;
                J->K->blk_mul_f32(o, o, n, n, &pb);
                continue;
            }
            if (!f32 && k >= -1022 && k <= 1022) {
                uint64_t pb = pow2d_bits(k) | (uint64_t)sc.neg << 63;
                double *o = (double *)J->out + g0 + c0;
                J->K->blk_mul_f64(o, o, n, n, &pb);
                continue;
            }
        }
        for (size_t i = 0; i < n; i++) {
            if (sc.kind == EXMY__X_NAN) { /* a NaN scale: the whole block is NaN */
                store_nan(J->type, &J->T, J->out, g0 + c0 + i);
                continue;
            }
            exmy__exact ev, v;
            elem_value(B, exmy__load_code(codes_row, cb, c0 + i), &ev);
            product(&ev, &sc, J->ts, &v);
            store_exact(J->type, &J->T, J->out, g0 + c0 + i, &v);
        }
    }
}

static void dequant_rows(void *ctx, size_t lo, size_t hi, unsigned worker)
{
    djob *J = ctx;
    const exmy__blk *B = J->B;
    size_t cb = B->E.code_bytes;
    void *rowbuf = NULL;
    if (J->packed && hi > lo) {
        rowbuf = malloc(J->cols * cb + 1);
        if (!rowbuf) {
            J->st[worker] = EXMY_ENOMEM;
            return;
        }
    }
    exmy_status st = EXMY_OK;
    for (size_t r = lo; r < hi && st == EXMY_OK; r++) {
        const void *codes_row = (const unsigned char *)J->codes + r * J->cols * cb;
        if (rowbuf) {
            st = exmy_unpack_codes(&B->bf->elem, (const unsigned char *)J->codes +
                                                     r * J->rowbytes, J->cols, rowbuf);
            codes_row = rowbuf;
        }
        if (st == EXMY_OK)
            dequant_row(J, r, codes_row);
    }
    free(rowbuf);
    J->st[worker] = st;
}

exmy_status exmy_block_dequantize(const exmy_block_format *bf, const void *codes,
                                  const void *scales, float tensor_scale, size_t rows,
                                  size_t cols, const exmy_block_opts *o, exmy_type type,
                                  void *out)
{
    exmy__blk B;
    exmy_status st = check_call(bf, &B, type, rows, cols, &o);
    if (st != EXMY_OK)
        return st;
    size_t n = rows * cols;
    if (n && (!codes || !scales || !out))
        return EXMY_EINVAL;
    djob J;
    J.B = &B;
    J.codes = codes;
    J.scales = scales;
    J.ts = (exmy__xval){1, 0};
    if (bf->tensor_scale) {
        if (!tensor_scale_ok(tensor_scale))
            return EXMY_EINVAL;
        J.ts = exmy__blk_f32_value(tensor_scale);
    }
    J.rows = rows;
    J.cols = cols;
    J.nb = (cols + bf->block - 1) / bf->block;
    J.rowbytes = exmy_packed_size(&bf->elem, cols);
    J.packed = o->packed;
    J.type = type;
    J.out = out;
    prep_type(type, &J.T);
    J.fast = false;
    if (n == 0)
        return EXMY_OK;
    if (o->elem.isa != EXMY_ISA_SCALAR && B.pow2 && bf->kind == EXMY_ELEM_FLOAT &&
        !bf->tensor_scale && (type == EXMY_TYPE_F32 || type == EXMY_TYPE_F64)) {
        J.K = exmy__kernels_for(exmy_isa_resolve(o->elem.isa));
        J.fast = J.K && exmy__dparams_init(&J.D, &B.E, type == EXMY_TYPE_F32 ? 23 : 52);
    }
    unsigned want = o->elem.threads > 1 ? o->elem.threads : 1;
    if (n / MIN_PER_THREAD < want)
        want = (unsigned)(n / MIN_PER_THREAD);
    unsigned used = exmy__parallel(want, rows, 1, dequant_rows, &J);
    for (unsigned w = 0; w < used; w++)
        if (J.st[w] != EXMY_OK)
            return J.st[w];
    return EXMY_OK;
}
