/* Every kernel level (portable, AVX2, AVX-512, as this CPU has them) against
 * the scalar level, i.e. the scalar core element by element: codes,
 * fake-quantised values, statistics, status and first_error, compared
 * byte for byte.
 *
 * Inputs: for binary32 and binary64 input, the boundary set of each catalogue
 * format (kbound.c: every value and midpoint with its +-1, +-2 ulp
 * neighbours, landmarks, NaNs) plus random patterns; for binary16 and
 * bfloat16 input, all 2^16 patterns. Every deterministic rounding and
 * saturation mode, and the stochastic modes with caller-supplied bits and
 * with Philox bits. Then the shapes a caller can throw at the API: n = 0,
 * odd lengths, vector-unaligned pointers, in-place calls, threads, streams
 * split across calls, errors in the middle of an array. */
#include "kbound.h"
#include "kernels/kernel.h"
#include "testutil.h"

#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

static const exmy_isa levels[] = {EXMY_ISA_PORTABLE, EXMY_ISA_AVX2, EXMY_ISA_AVX512};
#define NLEVELS 3

static unsigned code_bytes(const exmy_format *f)
{
    return f->bits <= 8 ? 1 : f->bits <= 16 ? 2 : 4;
}

static uint64_t elem(const void *a, size_t sz, size_t i)
{
    uint64_t v = 0;
    if (sz == 8)
        memcpy(&v, (const unsigned char *)a + 8 * i, 8);
    else if (sz == 4) {
        uint32_t x;
        memcpy(&x, (const unsigned char *)a + 4 * i, 4);
        v = x;
    } else if (sz == 2) {
        uint16_t x;
        memcpy(&x, (const unsigned char *)a + 2 * i, 2);
        v = x;
    } else {
        v = ((const unsigned char *)a)[i];
    }
    return v;
}

static const char *input_text(exmy_type t, uint64_t bits, char *buf, size_t len)
{
    if (t == EXMY_TYPE_F32)
        snprintf(buf, len, "%a (0x%08llx)", (double)tu_f32_from_bits((uint32_t)bits),
                 (unsigned long long)bits);
    else if (t == EXMY_TYPE_F64)
        snprintf(buf, len, "%a (0x%016llx)", tu_f64_from_bits(bits), (unsigned long long)bits);
    else
        snprintf(buf, len, "%s 0x%04llx", exmy_type_name(t), (unsigned long long)bits);
    return buf;
}

static const char *mode_text(const exmy_format *f, const exmy_array_opts *o, char *buf, size_t len)
{
    char lab[64];
    if (exmy_round_is_stochastic(o->conv.round))
        snprintf(buf, len, "%s %s %s N=%u %s", tu_label(f, lab, sizeof lab),
                 exmy_round_name(o->conv.round), exmy_sat_name(o->conv.sat), o->conv.sr_bits,
                 o->random ? "caller bits" : "philox");
    else
        snprintf(buf, len, "%s %s %s", tu_label(f, lab, sizeof lab), exmy_round_name(o->conv.round),
                 exmy_sat_name(o->conv.sat));
    return buf;
}

static exmy_status run(const exmy_format *f, exmy_type t, const void *in, void *out, size_t n,
                       const exmy_array_opts *o, bool quant, exmy_array_stats *st)
{
    memset(st, 0x5a, sizeof *st); /* no field may be left unwritten */
    return quant ? exmy_quantize_array(f, t, in, out, n, o, st)
                 : exmy_encode_array(f, t, in, out, n, o, st);
}

/* One call at every level against the scalar level. Returns the number of
 * levels compared. */
static unsigned compare_levels(tu_log *log, const exmy_format *f, exmy_type t, const void *in,
                               size_t n, const exmy_array_opts *base, bool quant)
{
    size_t osz = quant ? exmy_type_size(t) : code_bytes(f);
    unsigned char *ref = malloc(n * osz + 1), *got = malloc(n * osz + 1);
    ck_assert(ref && got);
    memset(ref, 0xc3, n * osz + 1);
    exmy_array_opts o = *base;
    o.isa = EXMY_ISA_SCALAR;
    exmy_array_stats rs, gs;
    exmy_status rst = run(f, t, in, ref, n, &o, quant, &rs);
    unsigned compared = 0;
    char mt[160], it[96];
    for (int l = 0; l < NLEVELS; l++) {
        if (!exmy_isa_supported(levels[l]))
            continue;
        compared++;
        o.isa = levels[l];
        memset(got, 0xc3, n * osz + 1);
        exmy_status gst = run(f, t, in, got, n, &o, quant, &gs);
        log->checked++;
        const char *op = quant ? "quantize" : "encode";
        if (gst != rst) {
            tu_fail(log, "%s %s %s: status %s, scalar %s", exmy_isa_name(levels[l]), op,
                    mode_text(f, base, mt, sizeof mt), exmy_strerror(gst), exmy_strerror(rst));
            continue;
        }
        if (gs.inexact != rs.inexact || gs.overflow != rs.overflow || gs.nan != rs.nan ||
            (rst != EXMY_OK && gs.first_error != rs.first_error)) {
            tu_fail(log,
                    "%s %s %s n=%zu: stats inexact %llu overflow %llu nan %llu first_error %zu; "
                    "scalar %llu %llu %llu %zu",
                    exmy_isa_name(levels[l]), op, mode_text(f, base, mt, sizeof mt), n,
                    (unsigned long long)gs.inexact, (unsigned long long)gs.overflow,
                    (unsigned long long)gs.nan, gs.first_error, (unsigned long long)rs.inexact,
                    (unsigned long long)rs.overflow, (unsigned long long)rs.nan, rs.first_error);
        }
        size_t upto = rst == EXMY_OK ? n : rs.first_error;
        if (memcmp(ref, got, upto * osz) != 0) {
            for (size_t i = 0; i < upto; i++) {
                uint64_t a = elem(ref, osz, i), b = elem(got, osz, i);
                if (a != b) {
                    uint64_t x = elem(in, exmy_type_size(t), i);
                    tu_fail(log, "%s %s %s: element %zu input %s: got 0x%llx, scalar 0x%llx",
                            exmy_isa_name(levels[l]), op, mode_text(f, base, mt, sizeof mt), i,
                            input_text(t, x, it, sizeof it), (unsigned long long)b,
                            (unsigned long long)a);
                    break;
                }
            }
        }
        if (rst == EXMY_OK && memcmp(ref + n * osz, got + n * osz, 1) != 0)
            tu_fail(log, "%s %s %s: wrote past the end", exmy_isa_name(levels[l]), op,
                    mode_text(f, base, mt, sizeof mt));
        /* Without a statistics block the kernels skip the counting: same
         * results. */
        memset(got, 0xc3, n * osz + 1);
        gst = quant ? exmy_quantize_array(f, t, in, got, n, &o, NULL)
                    : exmy_encode_array(f, t, in, got, n, &o, NULL);
        if (gst != rst || memcmp(ref, got, upto * osz) != 0)
            tu_fail(log, "%s %s %s: results differ without statistics", exmy_isa_name(levels[l]),
                    op, mode_text(f, base, mt, sizeof mt));
    }
    free(ref);
    free(got);
    return compared;
}

/* Both operations, all deterministic modes and saturations, and the
 * stochastic modes (caller bits and Philox) with several N. */
static void compare_all_modes(tu_log *log, const exmy_format *f, exmy_type t, const void *in,
                              size_t n, const uint32_t *rnd, bool sr_subset)
{
    exmy_array_opts o;
    memset(&o, 0, sizeof o);
    for (int ri = 0; ri < 6; ri++)
        for (int si = 0; si < 4; si++) {
            o.conv = (exmy_opts){tu_det_rounds[ri], tu_sats[si], 0};
            compare_levels(log, f, t, in, n, &o, false);
            compare_levels(log, f, t, in, n, &o, true);
        }
    exmy_format_info info;
    ck_assert(exmy_format_get_info(f, &info) == EXMY_OK);
    unsigned nat = info.man_bits < 23 ? 23 - info.man_bits : 1; /* AMD's N for binary32 */
    const unsigned Ns[] = {1, 2, 3, 8, nat, 24, 31, 32};
    const exmy_round srs[] = {EXMY_SR_A, EXMY_SR_B, EXMY_SR_C};
    for (int k = 0; k < 3; k++)
        for (size_t ni = 0; ni < sizeof Ns / sizeof Ns[0]; ni++) {
            if (sr_subset && ni % 3 != 1 && Ns[ni] != nat)
                continue;
            for (int si = 0; si < 4; si += sr_subset ? 3 : 1) {
                o.conv = (exmy_opts){srs[k], tu_sats[si], Ns[ni]};
                o.random = rnd;
                compare_levels(log, f, t, in, n, &o, false);
                compare_levels(log, f, t, in, n, &o, true);
                o.random = NULL;
                o.seed = UINT64_C(0x0123456789abcdef) + ni;
                o.index0 = 1000003 + 7 * ni; /* not a multiple of 4 */
                compare_levels(log, f, t, in, n, &o, false);
                compare_levels(log, f, t, in, n, &o, true);
                o.seed = o.index0 = 0;
            }
        }
}

static uint32_t *random_words(size_t n, uint64_t seed)
{
    uint32_t *r = malloc(n * sizeof *r + 4);
    ck_assert(r != NULL);
    tu_rng g = {seed};
    for (size_t i = 0; i < n; i++)
        r[i] = (uint32_t)tu_next(&g);
    return r;
}

static void boundary_test(exmy_type t)
{
    const exmy_catalogue *cat = tu_catalogue();
    uint64_t bad = 0, checked = 0;
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        kb_set s;
        kb_init(&s);
        kb_boundary(&s, f, t);
        kb_random(&s, t, 4001, 42 + i);
        void *in = kb_array(&s, t);
        uint32_t *rnd = random_words(s.n, 7 + i);
        char what[96], lab[64];
        snprintf(what, sizeof what, "levels %s %s boundary set", exmy_type_name(t),
                 tu_label(f, lab, sizeof lab));
        tu_log log;
        tu_log_init(&log, what, 8);
        compare_all_modes(&log, f, t, in, s.n, rnd, f->bits > 8);
        fprintf(stderr, "%s: %zu inputs, %llu calls compared, %llu mismatches\n", what, s.n,
                (unsigned long long)log.checked, (unsigned long long)log.n);
        bad += log.n;
        checked += log.checked;
        free(in);
        free(rnd);
        kb_free(&s);
    }
    ck_assert_msg(checked > 0, "nothing compared");
    ck_assert_msg(bad == 0, "%llu mismatches (see above)", (unsigned long long)bad);
}

START_TEST(f32_boundary)
{
    boundary_test(EXMY_TYPE_F32);
}
END_TEST

START_TEST(f64_boundary)
{
    boundary_test(EXMY_TYPE_F64);
}
END_TEST

/* binary16 / bfloat16 input: every pattern. */
static void half_test(exmy_type t)
{
    const exmy_catalogue *cat = tu_catalogue();
    uint16_t *in = malloc(65536 * sizeof *in);
    ck_assert(in != NULL);
    for (uint32_t i = 0; i < 65536; i++)
        in[i] = (uint16_t)(i * 40503u); /* a permutation: patterns land in every vector slot */
    uint32_t *rnd = random_words(65536, 99);
    uint64_t bad = 0;
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        char what[96], lab[64];
        snprintf(what, sizeof what, "levels %s all inputs %s", exmy_type_name(t),
                 tu_label(f, lab, sizeof lab));
        tu_log log;
        tu_log_init(&log, what, 8);
        compare_all_modes(&log, f, t, in, 65536, rnd, true);
        bad += log.n;
    }
    free(in);
    free(rnd);
    ck_assert_msg(bad == 0, "%llu mismatches (see above)", (unsigned long long)bad);
}

START_TEST(f16_all)
{
    half_test(EXMY_TYPE_F16);
}
END_TEST

START_TEST(bf16_all)
{
    half_test(EXMY_TYPE_BF16);
}
END_TEST

/* Decoding: every code of each format (up to 2^17 of them), with junk above
 * bit k where the storage is wider, to binary32 and binary64. */
START_TEST(decode_all)
{
    const exmy_catalogue *cat = tu_catalogue();
    tu_log log;
    tu_log_init(&log, "levels decode", 8);
    tu_rng g = {5};
    for (size_t i = 0; i < exmy_catalogue_size(cat); i++) {
        const exmy_format *f = &exmy_catalogue_at(cat, i)->format;
        unsigned cb = code_bytes(f);
        size_t base = (size_t)1 << (f->bits <= 17 ? f->bits : 17);
        size_t n = base + 1000; /* every code (or the first 2^17), then junk above bit k */
        unsigned char *codes = malloc(n * cb);
        ck_assert(codes != NULL);
        for (size_t c = 0; c < n; c++) {
            uint32_t v = c < base ? (uint32_t)c : (uint32_t)tu_next(&g);
            if (cb == 1)
                codes[c] = (uint8_t)v;
            else if (cb == 2) {
                uint16_t x = (uint16_t)v;
                memcpy(codes + 2 * c, &x, 2);
            } else
                memcpy(codes + 4 * c, &v, 4);
        }
        for (int ty = 0; ty < 2; ty++) {
            exmy_type t = ty ? EXMY_TYPE_F64 : EXMY_TYPE_F32;
            size_t osz = exmy_type_size(t);
            unsigned char *ref = malloc(n * osz), *got = malloc(n * osz);
            ck_assert(ref && got);
            exmy_array_opts o;
            memset(&o, 0, sizeof o);
            o.isa = EXMY_ISA_SCALAR;
            exmy_array_stats rs, gs;
            exmy_status rst = exmy_decode_array(f, codes, t, ref, n, &o, &rs);
            for (int l = 0; l < NLEVELS; l++) {
                if (!exmy_isa_supported(levels[l]))
                    continue;
                o.isa = levels[l];
                exmy_status gst = exmy_decode_array(f, codes, t, got, n, &o, &gs);
                log.checked++;
                char lab[64];
                if (gst != rst) {
                    tu_fail(&log, "%s decode %s to %s: status %s, scalar %s",
                            exmy_isa_name(levels[l]), tu_label(f, lab, sizeof lab),
                            exmy_type_name(t), exmy_strerror(gst), exmy_strerror(rst));
                    continue;
                }
                if (gs.nan != rs.nan || gs.inexact != 0 || gs.overflow != 0 ||
                    (rst != EXMY_OK && gs.first_error != rs.first_error)) {
                    tu_fail(&log, "%s decode %s to %s (%s): stats nan %llu first_error %zu, "
                            "scalar nan %llu first_error %zu",
                            exmy_isa_name(levels[l]), tu_label(f, lab, sizeof lab),
                            exmy_type_name(t), exmy_strerror(gst), (unsigned long long)gs.nan,
                            gs.first_error, (unsigned long long)rs.nan, rs.first_error);
                    continue;
                }
                if (rst != EXMY_OK)
                    continue;
                for (size_t c = 0; c < n; c++)
                    if (elem(ref, osz, c) != elem(got, osz, c)) {
                        tu_fail(&log, "%s decode %s to %s: code 0x%llx: got 0x%llx, scalar 0x%llx",
                                exmy_isa_name(levels[l]), tu_label(f, lab, sizeof lab),
                                exmy_type_name(t), (unsigned long long)elem(codes, cb, c),
                                (unsigned long long)elem(got, osz, c),
                                (unsigned long long)elem(ref, osz, c));
                        break;
                    }
            }
            free(ref);
            free(got);
        }
        free(codes);
    }
    tu_log_check(&log);
}
END_TEST

/* n = 0, every length up to 100 at every element offset 0..3 (so vectors
 * start unaligned and tails take every size), in-place fake-quantisation. */
START_TEST(shapes)
{
    const char *specs[] = {"e4m3fn", "e5m2", "e2m1fn", "binary16", "bfloat16", "e4m3fnuz",
                           "binary8p3ue"};
    tu_log log;
    tu_log_init(&log, "levels shapes", 8);
    for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        exmy_format f;
        if (exmy_format_parse(tu_catalogue(), specs[k], &f, NULL, 0) != EXMY_OK)
            continue; /* a catalogue without this name */
        for (int ty = 0; ty < 4; ty++) {
            exmy_type t = (exmy_type)ty;
            kb_set s;
            kb_init(&s);
            kb_random(&s, t, 104, 11 + k);
            unsigned char *in = kb_array(&s, t);
            uint32_t *rnd = random_words(104, 3);
            exmy_array_opts o;
            memset(&o, 0, sizeof o);
            o.conv = (exmy_opts){EXMY_RNE, EXMY_SATFINITE, 0};
            /* n == 0, even with NULL pointers */
            for (int l = 0; l < NLEVELS; l++) {
                exmy_array_stats st;
                o.isa = levels[l];
                ck_assert(exmy_encode_array(&f, t, NULL, NULL, 0, &o, &st) == EXMY_OK);
                ck_assert(st.inexact == 0 && st.overflow == 0 && st.nan == 0);
                ck_assert(exmy_quantize_array(&f, t, NULL, NULL, 0, &o, NULL) == EXMY_OK);
                ck_assert(exmy_decode_array(&f, NULL, EXMY_TYPE_F32, NULL, 0, &o, NULL) == EXMY_OK);
            }
            size_t sz = exmy_type_size(t);
            for (size_t off = 0; off < 4; off++)
                for (size_t n = 1; n <= 100; n++) {
                    o.conv = (exmy_opts){(exmy_round)((n + off) % 9), tu_sats[n % 4],
                                         (unsigned)(1 + n % 32)};
                    o.random = (n & 1) ? rnd + off : NULL;
                    o.index0 = off;
                    compare_levels(&log, &f, t, in + off * sz, n, &o, false);
                    compare_levels(&log, &f, t, in + off * sz, n, &o, true);
                }
            /* in place == out of place, at every level */
            o.conv = (exmy_opts){EXMY_SR_C, EXMY_SATFINITE, 7};
            o.random = NULL;
            o.seed = 77;
            size_t n = 101;
            unsigned char *ref = malloc(n * sz), *buf = malloc(n * sz);
            ck_assert(ref && buf);
            for (int l = -1; l < NLEVELS; l++) {
                o.isa = l < 0 ? EXMY_ISA_SCALAR : levels[l];
                exmy_status a = exmy_quantize_array(&f, t, in + sz, ref, n, &o, NULL);
                memcpy(buf, in + sz, n * sz);
                exmy_status b = exmy_quantize_array(&f, t, buf, buf, n, &o, NULL);
                log.checked++;
                if (a != b || (a == EXMY_OK && memcmp(ref, buf, n * sz) != 0))
                    tu_fail(&log, "%s in-place quantize %s %s differs from out of place",
                            exmy_isa_name(o.isa), specs[k], exmy_type_name(t));
            }
            free(ref);
            free(buf);
            free(in);
            free(rnd);
            kb_free(&s);
        }
    }
    tu_log_check(&log);
}
END_TEST

/* Threads and split streams: results never depend on them. */
START_TEST(threads_and_splits)
{
    const size_t n = ((size_t)1 << 19) + 37;
    exmy_format f = tu_format("e4m3fn");
    exmy_format g = tu_format("e2m1fn");
    kb_set s;
    kb_init(&s);
    kb_random(&s, EXMY_TYPE_F32, n, 1234);
    float *in = kb_array(&s, EXMY_TYPE_F32);
    uint8_t *ref = malloc(n), *got = malloc(n);
    ck_assert(ref && got);
    tu_log log;
    tu_log_init(&log, "levels threads", 8);
    exmy_array_opts o;
    memset(&o, 0, sizeof o);
    o.conv = (exmy_opts){EXMY_SR_C, EXMY_NOSAT, 11};
    o.seed = 2024;
    o.index0 = 3;
    o.isa = EXMY_ISA_SCALAR;
    exmy_array_stats rs, gs;
    ck_assert(exmy_encode_array(&f, EXMY_TYPE_F32, in, ref, n, &o, &rs) == EXMY_OK);
    for (int l = 0; l < NLEVELS; l++) {
        o.isa = levels[l];
        for (unsigned th = 1; th <= 5; th++) {
            o.threads = th;
            memset(got, 0, n);
            ck_assert(exmy_encode_array(&f, EXMY_TYPE_F32, in, got, n, &o, &gs) == EXMY_OK);
            log.checked++;
            if (memcmp(ref, got, n) != 0 || gs.inexact != rs.inexact || gs.nan != rs.nan ||
                gs.overflow != rs.overflow)
                tu_fail(&log, "%s with %u threads differs from one thread", exmy_isa_name(o.isa),
                        th);
        }
        /* The same stream in three calls, split at odd places. */
        o.threads = 1;
        size_t cut[4] = {0, 12345, 400001, n};
        memset(got, 0, n);
        for (int c = 0; c < 3; c++) {
            exmy_array_opts p = o;
            p.index0 = o.index0 + cut[c];
            ck_assert(exmy_encode_array(&f, EXMY_TYPE_F32, in + cut[c], got + cut[c],
                                        cut[c + 1] - cut[c], &p, NULL) == EXMY_OK);
        }
        log.checked++;
        if (memcmp(ref, got, n) != 0)
            tu_fail(&log, "%s: a stream split in three calls differs", exmy_isa_name(o.isa));
    }
    /* An error deep in the array, with threads: same status, first_error,
     * counts and elements before it as the scalar level. */
    size_t bad_at[] = {0, 1, 15, 16, 17, 2047, 2048, 300000, n - 1};
    for (size_t b = 0; b < sizeof bad_at / sizeof bad_at[0]; b++) {
        float saved = in[bad_at[b]];
        in[bad_at[b]] = NAN;
        if (b % 2)
            in[bad_at[b] + (bad_at[b] + 5 < n ? 5 : 0)] = -NAN;
        exmy_array_opts p;
        memset(&p, 0, sizeof p);
        p.conv = (exmy_opts){EXMY_RNE, EXMY_SATFINITE, 0};
        for (unsigned th = 1; th <= 4; th += 3) {
            p.threads = th;
            compare_levels(&log, &g, EXMY_TYPE_F32, in, n, &p, false);
            compare_levels(&log, &g, EXMY_TYPE_F32, in, n, &p, true);
        }
        in[bad_at[b]] = saved;
    }
    free(in);
    free(ref);
    free(got);
    kb_free(&s);
    tu_log_check(&log);
}
END_TEST

/* A streamed call (output of EXMY__STREAM_MIN_BYTES or more) at every
 * level against the same level's conversion in pieces too small to stream
 * (their index0 continuing the stream), whose equality with the scalar
 * level the rest of this file establishes; the scalar level itself on
 * millions of elements made the sanitizer run of this test minutes long. */
static void compare_streamed(tu_log *log, const exmy_format *f, exmy_type t, const unsigned char *in,
                             size_t n, const exmy_array_opts *base, bool quant)
{
    size_t isz = exmy_type_size(t), osz = quant ? isz : code_bytes(f);
    size_t piece = (EXMY__STREAM_MIN_BYTES / 2) / osz;
    unsigned char *ref = malloc(n * osz), *got = malloc(n * osz);
    ck_assert(ref && got);
    char mt[160];
    for (int l = 0; l < NLEVELS; l++) {
        if (!exmy_isa_supported(levels[l]))
            continue;
        exmy_array_opts o = *base;
        o.isa = levels[l];
        exmy_array_stats rs = {0, 0, 0, 0}, ps, gs;
        exmy_status rst = EXMY_OK;
        for (size_t at = 0; at < n && rst == EXMY_OK; at += piece) {
            exmy_array_opts p = o;
            p.threads = 1;
            p.index0 = o.index0 + at;
            size_t len = n - at < piece ? n - at : piece;
            rst = run(f, t, in + at * isz, ref + at * osz, len, &p, quant, &ps);
            rs.inexact += ps.inexact;
            rs.overflow += ps.overflow;
            rs.nan += ps.nan;
            if (rst != EXMY_OK)
                rs.first_error = at + ps.first_error;
        }
        exmy_status gst = run(f, t, in, got, n, &o, quant, &gs);
        size_t upto = rst == EXMY_OK ? n : rs.first_error;
        log->checked++;
        if (gst != rst || gs.inexact != rs.inexact || gs.overflow != rs.overflow ||
            gs.nan != rs.nan || (rst != EXMY_OK && gs.first_error != rs.first_error) ||
            memcmp(ref, got, upto * osz) != 0)
            tu_fail(log, "%s %s %s n=%zu threads=%u: the streamed call differs from pieces "
                    "(status %s/%s, inexact %llu/%llu)", exmy_isa_name(levels[l]),
                    quant ? "quantize" : "encode", mode_text(f, base, mt, sizeof mt), n,
                    base->threads, exmy_strerror(gst), exmy_strerror(rst),
                    (unsigned long long)gs.inexact, (unsigned long long)rs.inexact);
    }
    free(ref);
    free(got);
}

/* Outputs of EXMY__STREAM_MIN_BYTES and more take non-temporal stores
 * from the first aligned chunk on: each operation at an output start on
 * and off the alignment, one and two threads, and a value the format
 * cannot represent beyond the first chunks (the kernel stops, the core
 * finishes), against the scalar level. */
START_TEST(streamed_outputs)
{
    const size_t big = EXMY__STREAM_MIN_BYTES;
    exmy_format f = tu_format("e4m3fn");
    exmy_format g = tu_format("e2m1fn"); /* no NaN: a NaN input is an error */
    tu_log log;
    tu_log_init(&log, "levels streamed outputs", 8);
    for (int ty = 0; ty < 2; ty++) {
        exmy_type t = ty ? EXMY_TYPE_F64 : EXMY_TYPE_F32;
        size_t sz = exmy_type_size(t);
        /* Codes: one byte each, so the most elements. */
        size_t n = big + 3 * 2048 + 37;
        kb_set s;
        kb_init(&s);
        kb_random(&s, t, n + 8, 4321 + ty);
        unsigned char *in = kb_array(&s, t);
        exmy_array_opts o;
        memset(&o, 0, sizeof o);
        for (size_t off = 0; off < 4; off += 3)
            for (unsigned th = 1; th <= 2; th++) {
                o.threads = th;
                o.conv = (exmy_opts){off ? EXMY_SR_C : EXMY_RNE, EXMY_SATFINITE, 9};
                o.seed = 5;
                compare_streamed(&log, &f, t, in + off * sz, n, &o, false);
                size_t nq = big / sz + 2048 + 21;
                compare_streamed(&log, &f, t, in + off * sz, nq, &o, true);
                o.conv = (exmy_opts){EXMY_RNE, EXMY_SATFINITE, 0};
                /* The error after a few aligned chunks; with two threads,
                 * in the second part. */
                size_t at = th == 1 ? 3 * 2048 + 5 : nq / 2 + 2048 * 2 + 9;
                unsigned char saved[8];
                memcpy(saved, in + (off + at) * sz, sz);
                if (t == EXMY_TYPE_F32) {
                    float nan = NAN;
                    memcpy(in + (off + at) * sz, &nan, sz);
                } else {
                    double nan = NAN;
                    memcpy(in + (off + at) * sz, &nan, sz);
                }
                compare_streamed(&log, &g, t, in + off * sz, nq, &o, true);
                compare_streamed(&log, &g, t, in + off * sz, nq, &o, false);
                memcpy(in + (off + at) * sz, saved, sz);
            }
        free(in);
        kb_free(&s);
    }
    /* Decoding: every code again and again, outputs on and off the
     * alignment. */
    for (int ty = 0; ty < 2; ty++) {
        exmy_type t = ty ? EXMY_TYPE_F64 : EXMY_TYPE_F32;
        size_t sz = exmy_type_size(t), n = big / sz + 2048 + 13;
        unsigned char *codes = malloc(n);
        unsigned char *ref = malloc((n + 4) * sz), *got = malloc((n + 4) * sz);
        ck_assert(codes && ref && got);
        for (size_t i = 0; i < n; i++)
            codes[i] = (unsigned char)(i * 167u);
        exmy_array_opts o;
        memset(&o, 0, sizeof o);
        o.isa = EXMY_ISA_SCALAR;
        exmy_array_stats rs, gs;
        ck_assert(exmy_decode_array(&f, codes, t, ref, n, &o, &rs) == EXMY_OK);
        for (size_t off = 0; off < 4; off += 3) {
            for (int l = 0; l < NLEVELS; l++) {
                if (!exmy_isa_supported(levels[l]))
                    continue;
                o.isa = levels[l];
                o.threads = 1 + (unsigned)(off != 0);
                ck_assert(exmy_decode_array(&f, codes, t, got + off * sz, n, &o, &gs) ==
                          EXMY_OK);
                log.checked++;
                if (memcmp(ref, got + off * sz, n * sz) != 0 || gs.nan != rs.nan)
                    tu_fail(&log, "%s decode e4m3fn to %s at offset %zu: differs from scalar "
                            "(nan %llu, scalar %llu)", exmy_isa_name(levels[l]),
                            exmy_type_name(t), off, (unsigned long long)gs.nan,
                            (unsigned long long)rs.nan);
            }
        }
        free(codes);
        free(ref);
        free(got);
    }
    tu_log_check(&log);
}
END_TEST

/* The caller's floating-point environment must not change a result: every
 * level under each rounding direction, and (x86) with DAZ and FTZ set,
 * against the scalar level in the default environment. The rne subnormal
 * path multiplies and rounds in floating point (with the rounding named in
 * the instruction), so binary32 subnormal inputs, which DAZ reads as 0,
 * are in the set. */
START_TEST(caller_environment)
{
    const char *specs[] = {"e4m3fn", "e5m2", "e2m1fn", "binary16", "e4m3fnuz"};
    const int dirs[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
    tu_log log;
    tu_log_init(&log, "levels caller environment", 8);
    for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        exmy_format f;
        if (exmy_format_parse(tu_catalogue(), specs[k], &f, NULL, 0) != EXMY_OK)
            continue;
        for (int ty = 0; ty < 2; ty++) {
            exmy_type t = ty ? EXMY_TYPE_F64 : EXMY_TYPE_F32;
            size_t sz = exmy_type_size(t);
            kb_set s;
            kb_init(&s);
            kb_boundary(&s, &f, t);
            kb_random(&s, t, 1000, 17 + k);
            const uint64_t tiny32[] = {1, 2, 0x3ff, 0x400000, 0x7fffff, 0x800000, 0x800001};
            for (size_t i = 0; i < sizeof tiny32 / sizeof tiny32[0]; i++)
                for (int sg = 0; sg < 2; sg++) {
                    float x;
                    uint32_t b = (uint32_t)tiny32[i] | (uint32_t)sg << 31;
                    memcpy(&x, &b, 4);
                    if (t == EXMY_TYPE_F32) {
                        kb_push(&s, b);
                    } else {
                        double d = (double)x;
                        uint64_t db;
                        memcpy(&db, &d, 8);
                        kb_push(&s, db);
                    }
                }
            unsigned char *in = kb_array(&s, t);
            size_t n = s.n;
            for (int q = 0; q < 2; q++) {
                size_t osz = q ? sz : code_bytes(&f);
                unsigned char *ref = malloc(n * osz), *got = malloc(n * osz);
                ck_assert(ref && got);
                for (int rm = 0; rm < 2; rm++) {
                    exmy_array_opts o;
                    memset(&o, 0, sizeof o);
                    o.conv = (exmy_opts){rm ? EXMY_RTZ : EXMY_RNE, EXMY_SATFINITE, 0};
                    o.isa = EXMY_ISA_SCALAR;
                    exmy_array_stats rs, gs;
                    exmy_status rst = run(&f, t, in, ref, n, &o, q, &rs);
                    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++)
                        for (int daz = 0; daz < 2; daz++) {
                            for (int l = 0; l < NLEVELS; l++) {
                                if (!exmy_isa_supported(levels[l]))
                                    continue;
                                o.isa = levels[l];
                                memset(got, 0xc3, n * osz);
                                ck_assert(fesetround(dirs[d]) == 0);
#if defined(__x86_64__) || defined(__i386__)
                                unsigned csr = _mm_getcsr();
                                if (daz)
                                    _mm_setcsr(csr | 0x8040); /* FTZ | DAZ */
#endif
                                exmy_status gst = run(&f, t, in, got, n, &o, q, &gs);
#if defined(__x86_64__) || defined(__i386__)
                                _mm_setcsr(csr);
#endif
                                fesetround(FE_TONEAREST);
                                log.checked++;
                                /* e2m1fn has no NaN: the NaN inputs stop it
                                 * with an error; compare up to it. */
                                size_t upto = rst == EXMY_OK ? n : rs.first_error;
                                if (gst != rst || memcmp(ref, got, upto * osz) != 0 ||
                                    gs.inexact != rs.inexact || gs.overflow != rs.overflow ||
                                    gs.nan != rs.nan ||
                                    (rst != EXMY_OK && gs.first_error != rs.first_error)) {
                                    size_t i = 0;
                                    while (i < upto && elem(ref, osz, i) == elem(got, osz, i))
                                        i++;
                                    tu_fail(&log, "%s %s %s %s rounding direction %d%s: status "
                                            "%s/%s, inexact %llu/%llu, first differing "
                                            "element %zu (input 0x%llx)",
                                            exmy_isa_name(levels[l]), q ? "quantize" : "encode",
                                            specs[k], exmy_type_name(t), dirs[d],
                                            daz ? " with DAZ+FTZ" : "", exmy_strerror(gst),
                                            exmy_strerror(rst), (unsigned long long)gs.inexact,
                                            (unsigned long long)rs.inexact, i,
                                            i < n ? (unsigned long long)elem(in, sz, i) : 0ull);
                                }
                            }
                        }
                }
                free(ref);
                free(got);
            }
            free(in);
            kb_free(&s);
        }
    }
    tu_log_check(&log);
}
END_TEST

/* The level "auto" resolves to in a fresh child with EXMY_ISA = env (unset
 * if NULL), where its first resolution reads the environment. */
static int auto_level_with_env(const char *env)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (env)
            setenv("EXMY_ISA", env, 1);
        else
            unsetenv("EXMY_ISA");
        /* Reading once: a later change is not seen. */
        exmy_isa first = exmy_isa_resolve(EXMY_ISA_AUTO);
        setenv("EXMY_ISA", first == EXMY_ISA_SCALAR ? "portable" : "scalar", 1);
        _exit(exmy_isa_resolve(EXMY_ISA_AUTO) == first ? (int)first : 99);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* EXMY_ISA names and resolution. */
START_TEST(isa_names)
{
    for (int i = 0; i <= EXMY_ISA_AVX512; i++) {
        exmy_isa back;
        ck_assert(exmy_isa_from_name(exmy_isa_name((exmy_isa)i), &back) == EXMY_OK);
        ck_assert_int_eq(back, i);
    }
    exmy_isa x;
    ck_assert(exmy_isa_from_name("sse9", &x) == EXMY_EINVAL);
    ck_assert(exmy_isa_resolve(EXMY_ISA_SCALAR) == EXMY_ISA_SCALAR);
    ck_assert(exmy_isa_resolve(EXMY_ISA_PORTABLE) == EXMY_ISA_PORTABLE);
    ck_assert(exmy_isa_supported(exmy_isa_resolve(EXMY_ISA_AVX512)));
    /* EXMY_ISA is read once per process, so each setting gets a child. */
    ck_assert_int_eq(auto_level_with_env("portable"), EXMY_ISA_PORTABLE);
    ck_assert_int_eq(auto_level_with_env("SCALAR"), EXMY_ISA_SCALAR);
    ck_assert_int_eq(auto_level_with_env("sse9"), exmy_isa_resolve(EXMY_ISA_AVX512));
    ck_assert_int_eq(auto_level_with_env(NULL), exmy_isa_resolve(EXMY_ISA_AVX512));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kernels-levels");
    TCase *tc = tcase_create("levels");
    tcase_set_timeout(tc, 3600);
    tcase_add_test(tc, isa_names);
    tcase_add_test(tc, shapes);
    tcase_add_test(tc, threads_and_splits);
    tcase_add_test(tc, streamed_outputs);
    tcase_add_test(tc, decode_all);
    tcase_add_test(tc, f16_all);
    tcase_add_test(tc, bf16_all);
    tcase_add_test(tc, f32_boundary);
    tcase_add_test(tc, f64_boundary);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("environment");
    tcase_set_timeout(te, 600);
    tcase_add_test(te, caller_environment);
    suite_add_tcase(s, te);
    for (int l = 0; l < NLEVELS; l++)
        fprintf(stderr, "level %s: %s\n", exmy_isa_name(levels[l]),
                exmy_isa_supported(levels[l]) ? "compared" : "not supported here, skipped");
    return tu_run(s);
}
