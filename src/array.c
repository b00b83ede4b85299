/* Array conversion front end: argument checks, the choice of level, the
 * scalar level (the core, element by element: the oracle every faster level
 * must equal), and the driver that runs the kernels of src/kernels/ over
 * chunks and threads.
 *
 * The driver converts an array in chunks of CHUNK elements. Per chunk it
 * draws the Philox bits (when asked), widens binary16/bfloat16 input to
 * binary32 (exact), runs the level's kernel, and narrows fake-quantised
 * binary16/bfloat16 results back (exact: the fast path is taken only when
 * every value of the format is a value of the input type). A kernel stops in
 * front of a vector holding an element the format cannot represent; the
 * driver finishes that stretch on the core, which reports the error exactly
 * as the scalar level does. */
#include "exmy_internal.h"
#include "kernels/kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 2048
/* Elements per kernel call where no buffer is needed (a multiple of CHUNK,
 * so streamed chunks stay aligned; lane counters stay far below 2^32). */
#define BIG_CHUNK ((size_t)1 << 16)
/* Elements the core converts where a kernel stopped (at least a vector of
 * the widest level). */
#define CORE_STRETCH 64
/* Chunks of a streamed output (EXMY__STREAM_MIN_BYTES) start on this
 * boundary: a vector's worth of results at every level (64 bytes of
 * values, or 16 of one-byte codes). */
#define STREAM_ALIGN 64
/* Below this many elements per thread, extra threads cost more than they save. */
#define MIN_PER_THREAD (1u << 16)

size_t exmy_type_size(exmy_type t)
{
    switch (t) {
    case EXMY_TYPE_F64: return 8;
    case EXMY_TYPE_F32: return 4;
    case EXMY_TYPE_F16:
    case EXMY_TYPE_BF16: return 2;
    }
    return 0;
}

exmy_status exmy_philox_fill(uint64_t seed, uint64_t index0, size_t n, unsigned bits,
                             uint32_t *out, exmy_isa isa)
{
    if ((n && !out) || bits < 1 || bits > 32)
        return EXMY_EINVAL;
    exmy_isa lv = exmy_isa_resolve(isa);
    const exmy__kernels *K = exmy__kernels_for(lv);
    if (!K) {
        for (size_t i = 0; i < n; i++)
            out[i] = exmy_philox_bits(seed, index0 + i, bits);
        return EXMY_OK;
    }
    K->philox(seed, index0, n, out);
    if (bits < 32)
        for (size_t i = 0; i < n; i++)
            out[i] &= (UINT32_C(1) << bits) - 1;
    return EXMY_OK;
}

/* ------------------------------------------------------- the scalar level */

/* One element through the core (descriptor and options checked by the
 * caller, once per call). */
static exmy_status encode_one(const exmy__prep *F, exmy_type type, const void *in, size_t i,
                              const exmy_array_opts *o, uint32_t *code, unsigned *fl)
{
    uint32_t r = 0;
    if (exmy_round_is_stochastic(o->conv.round))
        r = o->random ? o->random[i] : exmy_philox_bits(o->seed, o->index0 + i, o->conv.sr_bits);
    exmy__exact x;
    switch (type) {
    case EXMY_TYPE_F64: exmy__exact_from_f64(((const double *)in)[i], &x); break;
    case EXMY_TYPE_F32: {
        uint32_t b;
        memcpy(&b, (const float *)in + i, sizeof b);
        exmy__exact_from_ieee(b, 8, 23, &x);
        break;
    }
    case EXMY_TYPE_F16: exmy__exact_from_ieee(((const uint16_t *)in)[i], 5, 10, &x); break;
    case EXMY_TYPE_BF16: exmy__exact_from_ieee(((const uint16_t *)in)[i], 8, 7, &x); break;
    default: return EXMY_EINVAL;
    }
    return exmy__round_exact(F, &x, &o->conv, r, code, fl);
}

/* binary16 and bfloat16 as formats, for fake-quantised results of those
 * types: T (prepared by prep_narrow) describes the output type. */
static void prep_narrow(exmy_type type, exmy__prep *T)
{
    static const exmy_format f16 = {16, 11, 15, true, EXMY_EXTENDED, true, 1023, true, true, ""};
    static const exmy_format bf16 = {16, 8, 127, true, EXMY_EXTENDED, true, 127, true, true, ""};
    memset(T, 0, sizeof *T);
    if (type == EXMY_TYPE_F16 || type == EXMY_TYPE_BF16)
        (void)exmy__prepare(type == EXMY_TYPE_F16 ? &f16 : &bf16, T); /* valid by construction */
}

/* Write binary64 value v into element i of an array of `type`, exactly. */
static exmy_status store_value(exmy_type type, const exmy__prep *T, void *out, size_t i, double v)
{
    switch (type) {
    case EXMY_TYPE_F64:
        ((double *)out)[i] = v;
        return EXMY_OK;
    case EXMY_TYPE_F32: {
        float r = (float)v;
        if (!isnan(v) && (double)r != v)
            return EXMY_EINEXACT;
        ((float *)out)[i] = r;
        return EXMY_OK;
    }
    case EXMY_TYPE_F16:
    case EXMY_TYPE_BF16: {
        /* Encode through the core as the target type itself; exactness is
         * checked by decoding back. */
        const exmy_opts oo = {EXMY_RNE, EXMY_NOSAT, 0};
        exmy__exact x;
        exmy__exact_from_f64(v, &x);
        uint32_t c;
        exmy_status st = exmy__round_exact(T, &x, &oo, 0, &c, NULL);
        if (st != EXMY_OK)
            return st;
        double back = exmy__value(T, c);
        if (!(isnan(v) && isnan(back)) && memcmp(&back, &v, sizeof v) != 0)
            return EXMY_EINEXACT;
        ((uint16_t *)out)[i] = (uint16_t)c;
        return EXMY_OK;
    }
    }
    return EXMY_EINVAL;
}

static void count(exmy_array_stats *s, const exmy__prep *F, uint32_t c, unsigned fl)
{
    s->inexact += (fl & EXMY_FLAG_INEXACT) != 0;
    s->overflow += (fl & EXMY_FLAG_OVERFLOW) != 0;
    s->nan += exmy__classify(F, c) == EXMY_CLASS_NAN;
}

/* Elements [lo, hi) on the core; encode (quant == false) or fake-quantise.
 * Returns the first failure (s->first_error set), else EXMY_OK. */
static exmy_status scalar_range(const exmy__prep *F, exmy_type type, const void *in, void *out,
                                size_t lo, size_t hi, const exmy_array_opts *o, bool quant,
                                exmy_array_stats *s)
{
    exmy__prep T;
    if (quant)
        prep_narrow(type, &T);
    for (size_t i = lo; i < hi; i++) {
        uint32_t c;
        unsigned fl = 0;
        exmy_status st = encode_one(F, type, in, i, o, &c, &fl);
        if (st == EXMY_OK) {
            if (quant)
                st = store_value(type, &T, out, i, exmy__value(F, c));
            else
                exmy__store_code(out, F->code_bytes, i, c);
        }
        if (st != EXMY_OK) {
            s->first_error = i;
            return st;
        }
        count(s, F, c, fl);
    }
    return EXMY_OK;
}

/* ------------------------------------------------------------ the driver */

typedef struct worker_state {
    exmy_array_stats s;
    exmy_status st;
} worker_state;

typedef struct job {
    exmy__prep F;
    exmy_type type;
    const void *in;
    void *out;
    const exmy_array_opts *o;
    bool quant;
    bool sr;
    const exmy__kernels *K;
    exmy__kparams P;
    worker_state w[EXMY__MAX_THREADS];
} job;

/* Kernel on [pos, pos + len): returns how many leading elements it did. */
static size_t kernel_chunk(job *J, size_t pos, size_t len, const uint32_t *rnd, float *fbuf,
                           exmy__kcount *cnt)
{
    const exmy__kernels *K = J->K;
    const exmy__kparams *P = &J->P;
    unsigned cb = P->code_bytes;
    switch (J->type) {
    case EXMY_TYPE_F32: {
        const float *in = (const float *)J->in + pos;
        if (J->quant)
            return K->fq_f32(P, in, (float *)J->out + pos, len, rnd, cnt);
        return K->enc_f32(P, in, (unsigned char *)J->out + pos * cb, len, rnd, cnt);
    }
    case EXMY_TYPE_F64: {
        const double *in = (const double *)J->in + pos;
        if (J->quant)
            return K->fq_f64(P, in, (double *)J->out + pos, len, rnd, cnt);
        return K->enc_f64(P, in, (unsigned char *)J->out + pos * cb, len, rnd, cnt);
    }
    case EXMY_TYPE_F16:
    case EXMY_TYPE_BF16: {
        const uint16_t *in = (const uint16_t *)J->in + pos;
        bool h = J->type == EXMY_TYPE_F16;
        (h ? K->f16_to_f32 : K->bf16_to_f32)(in, fbuf, len);
        if (!J->quant)
            return K->enc_f32(P, fbuf, (unsigned char *)J->out + pos * cb, len, rnd, cnt);
        size_t done = K->fq_f32(P, fbuf, fbuf, len, rnd, cnt);
        (h ? K->f32_to_f16 : K->f32_to_bf16)(fbuf, (uint16_t *)J->out + pos, done);
        return done;
    }
    }
    return 0;
}

/* The length of the first chunk at `out` (elements of eb bytes): up to the
 * next STREAM_ALIGN boundary when streaming and not on one, so that the
 * chunks after it (CHUNK * eb bytes each) start aligned. */
static size_t first_len(bool stream, const void *out, size_t eb, size_t len)
{
    size_t mis = (uintptr_t)out % STREAM_ALIGN;
    if (!stream || mis == 0 || mis % eb)
        return len;
    size_t h = (STREAM_ALIGN - mis) / eb;
    return h < len ? h : len;
}

static void run_range(void *ctx, size_t lo, size_t hi, unsigned worker)
{
    job *J = ctx;
    worker_state *W = &J->w[worker];
    uint32_t rbuf[CHUNK];
    float fbuf[CHUNK];
    W->s = (exmy_array_stats){0, 0, 0, 0};
    W->st = EXMY_OK;
    size_t eb = J->quant ? exmy_type_size(J->type) : J->P.code_bytes;
    /* Chunks exist for the stack buffers; without them, long calls amortise
     * the kernel's set-up (some hundred cycles of constants, a fifth of a
     * 2048-element call at memory speed). */
    bool buffered = (J->sr && !J->o->random) || J->type == EXMY_TYPE_F16 ||
                    J->type == EXMY_TYPE_BF16;
    size_t chunk = buffered ? CHUNK : BIG_CHUNK;
    for (size_t pos = lo; pos < hi;) {
        size_t len = hi - pos < chunk ? hi - pos : chunk;
        if (pos == lo)
            len = first_len(J->P.stream, (const unsigned char *)J->out + pos * eb, eb, len);
        const uint32_t *rnd = NULL;
        if (J->sr) {
            if (J->o->random) {
                rnd = J->o->random + pos;
            } else {
                J->K->philox(J->o->seed, J->o->index0 + pos, len, rbuf);
                rnd = rbuf;
            }
        }
        exmy__kcount cnt = {0, 0, 0};
        size_t done = kernel_chunk(J, pos, len, rnd, fbuf, &cnt);
        W->s.inexact += cnt.inexact;
        W->s.overflow += cnt.overflow;
        W->s.nan += cnt.nan;
        pos += done;
        if (done < len) {
            /* An element the format cannot represent is within the next
             * vector: the core takes a stretch that holds it, and stops
             * there with the error. */
            size_t k = len - done < CORE_STRETCH ? len - done : CORE_STRETCH;
            W->st = scalar_range(&J->F, J->type, J->in, J->out, pos, pos + k, J->o, J->quant,
                                 &W->s);
            if (W->st != EXMY_OK)
                break;
            pos += k;
        }
    }
    if (J->P.stream)
        J->K->fence();
}

static exmy_status run_job(job *J, size_t n, exmy_array_stats *stats)
{
    unsigned want = J->o->threads > 1 ? J->o->threads : 1;
    if (n / MIN_PER_THREAD < want)
        want = (unsigned)(n / MIN_PER_THREAD);
    unsigned used = exmy__parallel(want, n, CHUNK, run_range, J);
    exmy_array_stats s = {0, 0, 0, 0};
    exmy_status st = EXMY_OK;
    /* Parts are in index order: the first failing part holds the first
     * failure, and the parts after it do not count. */
    for (unsigned w = 0; w < used; w++) {
        s.inexact += J->w[w].s.inexact;
        s.overflow += J->w[w].s.overflow;
        s.nan += J->w[w].s.nan;
        if (J->w[w].st != EXMY_OK) {
            st = J->w[w].st;
            s.first_error = J->w[w].s.first_error;
            break;
        }
    }
    if (stats)
        *stats = s;
    return st;
}

/* Check the arguments of an encoding call and prepare its descriptor. */
static exmy_status check_args(const exmy_format *f, exmy__prep *F, exmy_type type, const void *in,
                              const void *out, size_t n, const exmy_array_opts *o)
{
    exmy__bad bad = exmy__prepare(f, F);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if (!o || (unsigned)type > EXMY_TYPE_BF16 || (n && (!in || !out)))
        return EXMY_EINVAL;
    if (!exmy__opts_ok(&o->conv) || (unsigned)o->isa > EXMY_ISA_AVX512)
        return EXMY_EINVAL;
    return EXMY_OK;
}

/* Set up the kernels for this call; false means the scalar level. */
static bool fast_path(job *J, exmy_type type, const exmy_array_opts *o, bool quant,
                      bool want_stats)
{
    J->K = exmy__kernels_for(exmy_isa_resolve(o->isa));
    if (!J->K)
        return false;
    if (quant) {
        static const unsigned eb[] = {11, 8, 5, 8}, mb[] = {52, 23, 10, 7};
        if (!exmy__format_fits(&J->F, eb[type], mb[type]))
            return false; /* some results would be EXMY_EINEXACT */
    }
    if (!exmy__kparams_init(&J->P, &J->F, &o->conv, type == EXMY_TYPE_F64 ? 52 : 23))
        return false;
    J->P.count = want_stats; /* counting is cheap, but free when nobody asks */
    return true;
}

static bool stream_out(size_t n, size_t eb)
{
    return n >= EXMY__STREAM_MIN_BYTES / eb;
}

static exmy_status convert(const exmy_format *f, exmy_type type, const void *in, void *out,
                           size_t n, const exmy_array_opts *o, exmy_array_stats *stats, bool quant)
{
    job J;
    exmy_status st = check_args(f, &J.F, type, in, out, n, o);
    if (st != EXMY_OK)
        return st;
    if (fast_path(&J, type, o, quant, stats != NULL)) {
        J.type = type;
        J.in = in;
        J.out = out;
        J.o = o;
        J.quant = quant;
        J.sr = exmy_round_is_stochastic(o->conv.round);
        /* binary16/bfloat16 results go through a buffer: ordinary stores. */
        J.P.stream = stream_out(n, quant ? exmy_type_size(type) : J.P.code_bytes) &&
                     !(quant && (type == EXMY_TYPE_F16 || type == EXMY_TYPE_BF16));
        return run_job(&J, n, stats);
    }
    exmy_array_stats s = {0, 0, 0, 0};
    st = scalar_range(&J.F, type, in, out, 0, n, o, quant, &s);
    if (stats)
        *stats = s;
    return st;
}

exmy_status exmy_encode_array(const exmy_format *f, exmy_type type, const void *in, void *codes,
                              size_t n, const exmy_array_opts *o, exmy_array_stats *stats)
{
    return convert(f, type, in, codes, n, o, stats, false);
}

exmy_status exmy_quantize_array(const exmy_format *f, exmy_type type, const void *in, void *out,
                                size_t n, const exmy_array_opts *o, exmy_array_stats *stats)
{
    return convert(f, type, in, out, n, o, stats, true);
}

/* ------------------------------------------------------------- decoding */

typedef struct djob {
    const exmy__kernels *K;
    exmy__dparams D;
    const void *codes;
    exmy_type type;
    void *out;
    uint64_t nan[EXMY__MAX_THREADS];
} djob;

static void dec_range(void *ctx, size_t lo, size_t hi, unsigned worker)
{
    djob *J = ctx;
    J->nan[worker] = 0;
    size_t eb = exmy_type_size(J->type);
    for (size_t pos = lo, len; pos < hi; pos += len) {
        len = hi - pos < BIG_CHUNK ? hi - pos : BIG_CHUNK;
        if (pos == lo)
            len = first_len(J->D.stream, (unsigned char *)J->out + pos * eb, eb, len);
        const unsigned char *c = (const unsigned char *)J->codes + pos * J->D.code_bytes;
        if (J->type == EXMY_TYPE_F32)
            J->nan[worker] += J->K->dec_f32(&J->D, c, (float *)J->out + pos, len);
        else
            J->nan[worker] += J->K->dec_f64(&J->D, c, (double *)J->out + pos, len);
    }
    if (J->D.stream)
        J->K->fence();
}

exmy_status exmy_decode_array(const exmy_format *f, const void *codes, exmy_type type, void *out,
                              size_t n, const exmy_array_opts *o, exmy_array_stats *stats)
{
    exmy__prep F;
    exmy__bad bad = exmy__prepare(f, &F);
    if (bad != EXMY__FMT_OK)
        return exmy__bad_status(bad);
    if ((type != EXMY_TYPE_F64 && type != EXMY_TYPE_F32) || (n && (!codes || !out)) ||
        (o && (unsigned)o->isa > EXMY_ISA_AVX512))
        return EXMY_EINVAL;
    exmy_array_stats s = {0, 0, 0, 0};
    djob J;
    J.K = exmy__kernels_for(exmy_isa_resolve(o ? o->isa : EXMY_ISA_AUTO));
    if (J.K && exmy__dparams_init(&J.D, &F, type == EXMY_TYPE_F32 ? 23 : 52)) {
        J.codes = codes;
        J.type = type;
        J.out = out;
        J.D.count = stats != NULL;
        J.D.stream = stream_out(n, exmy_type_size(type));
        unsigned want = o && o->threads > 1 ? o->threads : 1;
        if (n / MIN_PER_THREAD < want)
            want = (unsigned)(n / MIN_PER_THREAD);
        unsigned used = exmy__parallel(want, n, CHUNK, dec_range, &J);
        for (unsigned w = 0; w < used; w++)
            s.nan += J.nan[w];
        if (stats)
            *stats = s;
        return EXMY_OK;
    }
    exmy_status st = EXMY_OK;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = exmy__load_code(codes, F.code_bytes, i);
        st = store_value(type, NULL, out, i, exmy__value(&F, c));
        if (st != EXMY_OK) {
            s.first_error = i;
            break;
        }
        s.nan += exmy__classify(&F, c) == EXMY_CLASS_NAN;
    }
    if (stats)
        *stats = s;
    return st;
}
