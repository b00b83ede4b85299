/* Array conversion front end: argument checks, ISA choice, and the scalar
 * level (the core, element by element), which every faster level must equal. */
#include "exmy_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static const char *const type_names[] = {"f64", "f32", "f16", "bf16"};

const char *exmy_type_name(exmy_type t)
{
    return (unsigned)t < 4 ? type_names[t] : "?";
}

exmy_status exmy_type_from_name(const char *name, exmy_type *out)
{
    if (!name || !out)
        return EXMY_EINVAL;
    for (unsigned i = 0; i < 4; i++)
        if (exmy__strcasecmp(name, type_names[i]) == 0) {
            *out = (exmy_type)i;
            return EXMY_OK;
        }
    return EXMY_EINVAL;
}

static const char *const isa_names[] = {"auto", "scalar", "portable", "avx2", "avx512"};

const char *exmy_isa_name(exmy_isa isa)
{
    return (unsigned)isa < 5 ? isa_names[isa] : "?";
}

exmy_status exmy_isa_from_name(const char *name, exmy_isa *out)
{
    if (!name || !out)
        return EXMY_EINVAL;
    for (unsigned i = 0; i < 5; i++)
        if (exmy__strcasecmp(name, isa_names[i]) == 0) {
            *out = (exmy_isa)i;
            return EXMY_OK;
        }
    return EXMY_EINVAL;
}

bool exmy_isa_supported(exmy_isa isa)
{
    return isa == EXMY_ISA_SCALAR || isa == EXMY_ISA_AUTO;
}

exmy_isa exmy_isa_resolve(exmy_isa requested)
{
    (void)requested;
    return EXMY_ISA_SCALAR;
}

/* One element through the core. */
static exmy_status encode_one(const exmy_format *f, exmy_type type, const void *in, size_t i,
                              const exmy_array_opts *o, uint32_t *code, unsigned *fl)
{
    uint32_t r = 0;
    if (exmy_round_is_stochastic(o->conv.round))
        r = o->random ? o->random[i] : exmy_philox_bits(o->seed, o->index0 + i, o->conv.sr_bits);
    switch (type) {
    case EXMY_TYPE_F64:
        return exmy_from_f64(f, ((const double *)in)[i], &o->conv, r, code, fl);
    case EXMY_TYPE_F32:
        return exmy_from_f32(f, ((const float *)in)[i], &o->conv, r, code, fl);
    case EXMY_TYPE_F16:
        return exmy_from_f16bits(f, ((const uint16_t *)in)[i], &o->conv, r, code, fl);
    case EXMY_TYPE_BF16:
        return exmy_from_bf16bits(f, ((const uint16_t *)in)[i], &o->conv, r, code, fl);
    }
    return EXMY_EINVAL;
}

static void store_code(void *codes, unsigned bytes, size_t i, uint32_t c)
{
    if (bytes == 1)
        ((uint8_t *)codes)[i] = (uint8_t)c;
    else if (bytes == 2)
        ((uint16_t *)codes)[i] = (uint16_t)c;
    else
        ((uint32_t *)codes)[i] = c;
}

static uint32_t load_code(const void *codes, unsigned bytes, size_t i)
{
    if (bytes == 1)
        return ((const uint8_t *)codes)[i];
    if (bytes == 2)
        return ((const uint16_t *)codes)[i];
    return ((const uint32_t *)codes)[i];
}

static exmy_status check_args(const exmy_format *f, exmy_type type, const void *in, const void *out,
                              size_t n, const exmy_array_opts *o)
{
    if (!exmy__format_ok(f) || !o || (unsigned)type > EXMY_TYPE_BF16 || (n && (!in || !out)))
        return EXMY_EINVAL;
    if ((unsigned)o->conv.round >= EXMY_ROUND_COUNT || (unsigned)o->conv.sat >= EXMY_SAT_COUNT)
        return EXMY_EINVAL;
    if (exmy_round_is_stochastic(o->conv.round) && (o->conv.sr_bits < 1 || o->conv.sr_bits > 32))
        return EXMY_EINVAL;
    return EXMY_OK;
}

exmy_status exmy_encode_array(const exmy_format *f, exmy_type type, const void *in, void *codes,
                              size_t n, const exmy_array_opts *o, exmy_array_stats *stats)
{
    exmy_status st = check_args(f, type, in, codes, n, o);
    if (st != EXMY_OK)
        return st;
    exmy_layout L;
    exmy__layout(f, &L);
    unsigned bytes = L.k <= 8 ? 1 : L.k <= 16 ? 2 : 4;
    exmy_array_stats s = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        uint32_t c;
        unsigned fl = 0;
        st = encode_one(f, type, in, i, o, &c, &fl);
        if (st != EXMY_OK) {
            s.first_error = i;
            break;
        }
        store_code(codes, bytes, i, c);
        s.inexact += (fl & EXMY_FLAG_INEXACT) != 0;
        s.overflow += (fl & EXMY_FLAG_OVERFLOW) != 0;
        s.nan += exmy_classify(f, c) == EXMY_CLASS_NAN;
    }
    if (stats)
        *stats = s;
    return st;
}

/* Write binary64 value v into element i of an array of `type`, exactly. */
static exmy_status store_value(exmy_type type, void *out, size_t i, double v)
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
        static const exmy_format f16 = {16, 11, 15, true, EXMY_EXTENDED, true, 1023, true, true, ""};
        static const exmy_format bf16 = {16, 8, 127, true, EXMY_EXTENDED, true, 127, true, true, ""};
        const exmy_format *t = type == EXMY_TYPE_F16 ? &f16 : &bf16;
        exmy_opts oo = {EXMY_RNE, EXMY_NOSAT, 0};
        uint32_t c;
        exmy_status st = exmy_from_f64(t, v, &oo, 0, &c, NULL);
        if (st != EXMY_OK)
            return st;
        double back = exmy_to_f64(t, c);
        if (!(isnan(v) && isnan(back)) && memcmp(&back, &v, sizeof v) != 0)
            return EXMY_EINEXACT;
        ((uint16_t *)out)[i] = (uint16_t)c;
        return EXMY_OK;
    }
    }
    return EXMY_EINVAL;
}

exmy_status exmy_quantize_array(const exmy_format *f, exmy_type type, const void *in, void *out,
                                size_t n, const exmy_array_opts *o, exmy_array_stats *stats)
{
    exmy_status st = check_args(f, type, in, out, n, o);
    if (st != EXMY_OK)
        return st;
    exmy_array_stats s = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        uint32_t c;
        unsigned fl = 0;
        st = encode_one(f, type, in, i, o, &c, &fl);
        if (st == EXMY_OK)
            st = store_value(type, out, i, exmy_to_f64(f, c));
        if (st != EXMY_OK) {
            s.first_error = i;
            break;
        }
        s.inexact += (fl & EXMY_FLAG_INEXACT) != 0;
        s.overflow += (fl & EXMY_FLAG_OVERFLOW) != 0;
        s.nan += exmy_classify(f, c) == EXMY_CLASS_NAN;
    }
    if (stats)
        *stats = s;
    return st;
}

exmy_status exmy_decode_array(const exmy_format *f, const void *codes, exmy_type type, void *out,
                              size_t n, const exmy_array_opts *o)
{
    (void)o;
    if (!exmy__format_ok(f) || (type != EXMY_TYPE_F64 && type != EXMY_TYPE_F32) ||
        (n && (!codes || !out)))
        return EXMY_EINVAL;
    exmy_layout L;
    exmy__layout(f, &L);
    unsigned bytes = L.k <= 8 ? 1 : L.k <= 16 ? 2 : 4;
    for (size_t i = 0; i < n; i++) {
        exmy_status st = store_value(type, out, i, exmy_to_f64(f, load_code(codes, bytes, i)));
        if (st != EXMY_OK)
            return st;
    }
    return EXMY_OK;
}
