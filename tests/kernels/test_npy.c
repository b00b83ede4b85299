/* The CLI's .npy reader and writer (tools/npy.c, tools/snr_npy.c) against
 * files written by NumPy itself (npy_fixtures.h, made by make_npy_fixtures.py with NumPy 1.24):
 * headers and values read back as NumPy wrote them, the writer reproduces
 * NumPy's bytes, and malformed or truncated files give a clear error. */
#include "npy.h"
#include "npy_fixtures.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A temporary regular file holding `len` bytes, opened for reading. */
static FILE *file_with(const unsigned char *bytes, size_t len)
{
    char path[] = "/tmp/cli_npy_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *fp = fdopen(fd, "w+b");
    ck_assert(fp != NULL);
    unlink(path);
    ck_assert(fwrite(bytes, 1, len, fp) == len);
    rewind(fp);
    return fp;
}

/* The same bytes as a stream that is not a regular file. */
static FILE *stream_with(const unsigned char *bytes, size_t len)
{
    FILE *fp = fmemopen((void *)bytes, len, "rb");
    ck_assert(fp != NULL);
    return fp;
}

static exmy_status read_all(const unsigned char *bytes, size_t len, bool regular,
                            cli_npy_header *h, void *out, size_t cap, char *why)
{
    FILE *fp = regular ? file_with(bytes, len) : stream_with(bytes, len);
    cli_npy_reader r;
    why[0] = '\0';
    exmy_status st = cli_npy_reader_open(&r, fp, why, 256);
    if (st == EXMY_OK) {
        *h = r.h;
        size_t es = cli_npy_dtype_size(r.h.dtype), got, total = 0;
        /* one element at a time: the smallest chunks a stream can take */
        do {
            ck_assert(total < cap);
            st = cli_npy_reader_read(&r, (unsigned char *)out + total * es, 1, &got, why, 256);
            total += got;
        } while (st == EXMY_OK && got > 0);
    }
    fclose(fp);
    return st;
}

#define READ_OK(fix, dt, nd, cnt)                                                                \
    do {                                                                                         \
        char why[256];                                                                           \
        for (int reg = 0; reg < 2; reg++) {                                                      \
            memset(out, 0, sizeof out);                                                          \
            exmy_status st = read_all(fix, sizeof fix, reg, &h, out, 64, why);                   \
            ck_assert_msg(st == EXMY_OK, "%s: %s", #fix, why);                                   \
            ck_assert_int_eq(h.dtype, dt);                                                       \
            ck_assert_uint_eq(h.ndim, nd);                                                       \
            ck_assert_uint_eq(h.count, cnt);                                                     \
        }                                                                                        \
    } while (0)

START_TEST(numpy_files_read)
{
    cli_npy_header h;
    unsigned char out[64 * 8];

    READ_OK(npy_f32_1d, CLI_NPY_F32, 1, 3);
    const float f32[] = {1.5f, -2.25f, 3e-5f};
    ck_assert(memcmp(out, f32, sizeof f32) == 0);
    ck_assert_uint_eq(h.shape[0], 3);

    READ_OK(npy_u16_2d, CLI_NPY_U16, 2, 6);
    const uint16_t u16[] = {1, 2, 3, 4, 5, 6};
    ck_assert(memcmp(out, u16, sizeof u16) == 0);
    ck_assert(h.shape[0] == 2 && h.shape[1] == 3);

    READ_OK(npy_f64_be, CLI_NPY_F64, 1, 2); /* big-endian in the file */
    const double f64be[] = {1.0, -0.5};
    ck_assert(memcmp(out, f64be, sizeof f64be) == 0);

    READ_OK(npy_f16_1d, CLI_NPY_F16, 1, 3);
    const uint16_t f16[] = {0x3800, 0xbc00, 0x7bff}; /* 0.5, -1, 65504 */
    ck_assert(memcmp(out, f16, sizeof f16) == 0);

    READ_OK(npy_u8_1d, CLI_NPY_U8, 1, 3);
    const uint8_t u8[] = {0, 255, 7};
    ck_assert(memcmp(out, u8, sizeof u8) == 0);

    READ_OK(npy_f32_0d, CLI_NPY_F32, 0, 1);
    const float f0[] = {7.0f};
    ck_assert(memcmp(out, f0, sizeof f0) == 0);

    READ_OK(npy_u32_1d, CLI_NPY_U32, 1, 2);
    const uint32_t u32[] = {1, 4000000000u};
    ck_assert(memcmp(out, u32, sizeof u32) == 0);

    READ_OK(npy_f64_1d, CLI_NPY_F64, 1, 2);
    const double f64[] = {0.1, -1e300};
    ck_assert(memcmp(out, f64, sizeof f64) == 0);

    /* Fortran order where it equals C order (one row). */
    READ_OK(npy_fortran_row, CLI_NPY_U32, 2, 3);
    const uint32_t row[] = {1, 2, 3};
    ck_assert(memcmp(out, row, sizeof row) == 0);

    READ_OK(npy_f32_v2, CLI_NPY_F32, 1, 2);
    ck_assert_uint_eq(h.major, 2);
    const float v2[] = {1.5f, 2.5f};
    ck_assert(memcmp(out, v2, sizeof v2) == 0);
    READ_OK(npy_f32_v3, CLI_NPY_F32, 1, 2);
    ck_assert_uint_eq(h.major, 3);
    ck_assert(memcmp(out, v2, sizeof v2) == 0);
}
END_TEST

/* Expect an error whose message contains `word`, for a regular file and a
 * stream alike. */
static void expect_error(const unsigned char *bytes, size_t len, const char *word, const char *what)
{
    for (int reg = 0; reg < 2; reg++) {
        cli_npy_header h;
        unsigned char out[64 * 8];
        char why[256];
        exmy_status st = read_all(bytes, len, reg, &h, out, 64, why);
        ck_assert_msg(st != EXMY_OK, "%s (%s): accepted", what, reg ? "file" : "stream");
        ck_assert_msg(strstr(why, word) != NULL, "%s (%s): message '%s' lacks '%s'", what,
                      reg ? "file" : "stream", why, word);
    }
}

/* A v1.0 file with this header dict and `data` bytes after it. */
static size_t make_file(unsigned char *buf, const char *dict, size_t data)
{
    size_t dl = strlen(dict), total = (10 + dl + 1 + 63) / 64 * 64;
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    buf[8] = (unsigned char)(total - 10);
    buf[9] = (unsigned char)((total - 10) >> 8);
    memcpy(buf + 10, dict, dl);
    memset(buf + 10 + dl, ' ', total - 10 - dl - 1);
    buf[total - 1] = '\n';
    memset(buf + total, 0x3f, data);
    return total + data;
}

START_TEST(malformed_and_truncated)
{
    unsigned char b[1024];
    expect_error(npy_fortran, sizeof npy_fortran, "Fortran", "Fortran-order 2x2");
    expect_error(npy_i32, sizeof npy_i32, "unsupported dtype '<i4'", "int32");
    memcpy(b, npy_f32_1d, sizeof npy_f32_1d);
    b[1] = 'X';
    expect_error(b, sizeof npy_f32_1d, "magic", "bad magic");
    expect_error(npy_f32_1d, 0, "too short", "empty file");
    expect_error(npy_f32_1d, 5, "too short", "five bytes");
    expect_error(npy_f32_1d, 9, "truncated header", "nine bytes");
    expect_error(npy_f32_1d, 60, "truncated header", "half a header");
    expect_error(npy_f32_1d, sizeof npy_f32_1d - 1, "truncated", "data one byte short");
    expect_error(npy_f32_1d, 128 + 4, "truncated", "one element of three");
    memcpy(b, npy_f32_1d, sizeof npy_f32_1d);
    b[6] = 9;
    expect_error(b, sizeof npy_f32_1d, "version 9.0", "version 9");
    size_t n;
    n = make_file(b, "{'descr': '<f4', 'fortran_order': False, 'shapf': (3,), }", 12);
    expect_error(b, n, "unexpected key 'shapf'", "misspelt key");
    n = make_file(b, "{'descr': '<f4', 'fortran_order': False, }", 12);
    expect_error(b, n, "missing 'shape'", "no shape");
    n = make_file(b, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }", 12);
    expect_error(b, n, "structured", "structured dtype");
    n = make_file(b, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3,), }", 12);
    expect_error(b, n, "fortran_order", "bad bool");
    n = make_file(b, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, x), }", 12);
    expect_error(b, n, "shape", "bad shape");
    n = make_file(b, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,) ", 12);
    expect_error(b, n, "malformed header", "unclosed dict");
    n = make_file(b, "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }", 24);
    expect_error(b, n, "unsupported dtype '<c8'", "complex");
    n = make_file(b, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", 12);
    expect_error(b, n, "too large", "huge dimension");
    /* A descr that ends before its kind or size: rejected without reading
     * past the string (valgrind/MSan saw uninitialised bytes here). */
    n = make_file(b, "{'descr': '', 'fortran_order': False, 'shape': (3,), }", 12);
    expect_error(b, n, "unsupported dtype ''", "empty descr");
    n = make_file(b, "{'descr': '<', 'fortran_order': False, 'shape': (3,), }", 12);
    expect_error(b, n, "unsupported dtype '<'", "descr of a byte order only");
    n = make_file(b, "{'descr': '|f', 'fortran_order': False, 'shape': (3,), }", 12);
    expect_error(b, n, "unsupported dtype '|f'", "descr without a size");
    /* A descr too long to hold is an error, not its first 63 characters. */
    n = make_file(b, "{'descr': '<f4                                                                 ', "
                     "'fortran_order': False, 'shape': (3,), }", 12);
    expect_error(b, n, "too long", "overlong descr");
    /* A header claiming 2^60 elements and holding three: a regular file is
     * checked against its size, a stream fails at its end; neither
     * allocates for the claim. */
    n = make_file(b, "{'descr': '<f4', 'fortran_order': False, 'shape': (1152921504606846976,), }",
                  12);
    expect_error(b, n, "truncated", "2^60 elements claimed, 3 present");
    /* A well-formed hand-made file is accepted (the harness itself works). */
    n = make_file(b, "{'shape': (3,), 'fortran_order': False, 'descr': '<f4'}", 12);
    cli_npy_header h;
    unsigned char out[64];
    char why[256];
    ck_assert_msg(read_all(b, n, true, &h, out, 16, why) == EXMY_OK, "%s", why);
    ck_assert_uint_eq(h.count, 3);
}
END_TEST

/* The writer reproduces NumPy's bytes for little-endian arrays. */
static void write_like(const unsigned char *fix, size_t len, cli_npy_dtype t, unsigned ndim,
                       const uint64_t *shape, size_t count)
{
    char path[] = "/tmp/exmy_npyw_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *fp = fdopen(fd, "w+b");
    unlink(path);
    char why[256];
    size_t hdr = len - count * cli_npy_dtype_size(t);
    ck_assert(cli_npy_write_header(fp, t, ndim, shape, why, sizeof why) == EXMY_OK);
    ck_assert(cli_npy_write(fp, t, fix + hdr, count, why, sizeof why) == EXMY_OK);
    ck_assert((size_t)ftell(fp) == len);
    rewind(fp);
    unsigned char back[256];
    ck_assert(fread(back, 1, len, fp) == len);
    fclose(fp);
    ck_assert_msg(memcmp(back, fix, len) == 0, "writer bytes differ from NumPy's (dtype %s)",
                  cli_npy_dtype_name(t));
}

START_TEST(writer_matches_numpy)
{
    uint64_t s3[] = {3}, s23[] = {2, 3}, s2[] = {2};
    write_like(npy_f32_1d, sizeof npy_f32_1d, CLI_NPY_F32, 1, s3, 3);
    write_like(npy_u16_2d, sizeof npy_u16_2d, CLI_NPY_U16, 2, s23, 6);
    write_like(npy_f16_1d, sizeof npy_f16_1d, CLI_NPY_F16, 1, s3, 3);
    write_like(npy_u8_1d, sizeof npy_u8_1d, CLI_NPY_U8, 1, s3, 3);
    write_like(npy_f32_0d, sizeof npy_f32_0d, CLI_NPY_F32, 0, NULL, 1);
    write_like(npy_u32_1d, sizeof npy_u32_1d, CLI_NPY_U32, 1, s2, 2);
    write_like(npy_f64_1d, sizeof npy_f64_1d, CLI_NPY_F64, 1, s2, 2);
}
END_TEST

/* A stream of unknown length: placeholder header, chunks, then the real
 * count written in place; read back in chunks. */
START_TEST(stream_round_trip)
{
    char path[] = "/tmp/exmy_npys_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *fp = fdopen(fd, "w+b");
    unlink(path);
    char why[256];
    uint64_t zero = 0;
    const size_t n = 1000003, chunk = 4099;
    ck_assert(cli_npy_write_header(fp, CLI_NPY_F32, 1, &zero, why, sizeof why) == EXMY_OK);
    float buf[4099];
    for (size_t i = 0; i < n; i += chunk) {
        size_t k = n - i < chunk ? n - i : chunk;
        for (size_t j = 0; j < k; j++)
            buf[j] = (float)(i + j) * 0.5f;
        ck_assert(cli_npy_write(fp, CLI_NPY_F32, buf, k, why, sizeof why) == EXMY_OK);
    }
    ck_assert(cli_npy_rewrite_count(fp, CLI_NPY_F32, n, why, sizeof why) == EXMY_OK);
    ck_assert((uint64_t)ftell(fp) == 128 + 4 * (uint64_t)n);
    rewind(fp);
    cli_npy_reader r;
    ck_assert_msg(cli_npy_reader_open(&r, fp, why, sizeof why) == EXMY_OK, "%s", why);
    ck_assert_uint_eq(r.h.count, n);
    ck_assert_uint_eq(r.h.data_offset, 128);
    size_t total = 0, got;
    for (;;) {
        ck_assert(cli_npy_reader_read(&r, buf, 1000, &got, why, sizeof why) == EXMY_OK);
        if (!got)
            break;
        for (size_t j = 0; j < got; j++)
            ck_assert(buf[j] == (float)(total + j) * 0.5f);
        total += got;
    }
    ck_assert_uint_eq(total, n);
    fclose(fp);
}
END_TEST

/* ------------------------------------- cli_npy_read_f64 (exmy snr file:) */

static char tmpdir[256];

static const char *tmp_path(const char *name)
{
    static char buf[512];
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "%s/exmy-npy-f64.XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        ck_assert(mkdtemp(tmpdir) != NULL);
    }
    snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
    return buf;
}

/* Write a .npy file by hand: version 1 or 2 header, padded to 64 bytes. */
static void write_npy(const char *path, int version, const char *descr, const char *fortran,
                      const char *shape, const void *data, size_t bytes)
{
    char dict[256];
    int len = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }",
                       descr, fortran, shape);
    size_t pre = version == 1 ? 10 : 12;
    size_t total = pre + (size_t)len + 1;
    size_t pad = (64 - total % 64) % 64;
    FILE *fp = fopen(path, "wb");
    ck_assert(fp != NULL);
    fwrite("\x93NUMPY", 1, 6, fp);
    fputc(version, fp);
    fputc(0, fp);
    size_t hl = (size_t)len + pad + 1;
    fputc((int)(hl & 0xff), fp);
    fputc((int)((hl >> 8) & 0xff), fp);
    if (version != 1) {
        fputc((int)((hl >> 16) & 0xff), fp);
        fputc((int)((hl >> 24) & 0xff), fp);
    }
    fwrite(dict, 1, (size_t)len, fp);
    for (size_t i = 0; i < pad; i++)
        fputc(' ', fp);
    fputc('\n', fp);
    fwrite(data, 1, bytes, fp);
    fclose(fp);
}

START_TEST(read_f64_any_dtype)
{
    double *v;
    size_t n;
    char why[256];
    /* float32, 2-D, C order, version 1. */
    float f32[6] = {1.5f, -2.25f, 0.0f, 3e-39f, -65504.0f, 1e30f};
    write_npy(tmp_path("a.npy"), 1, "<f4", "False", "(2, 3)", f32, sizeof f32);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("a.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert_uint_eq(n, 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(v[i] == (double)f32[i], "f4[%zu]: %a vs %a", i, v[i], (double)f32[i]);
    free(v);
    /* float64, version 2, Fortran order, 1-D with trailing comma. */
    double f64[3] = {0.1, -1e300, 5e-324};
    write_npy(tmp_path("b.npy"), 2, "<f8", "True", "(3,)", f64, sizeof f64);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("b.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(v, f64, sizeof f64) == 0);
    free(v);
    /* float16 bit patterns: 1.0, -2^-24 (smallest subnormal), 65504. */
    uint16_t h[3] = {0x3c00, 0x8001, 0x7bff};
    write_npy(tmp_path("c.npy"), 1, "<f2", "False", "(3,)", h, sizeof h);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("c.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert(n == 3 && v[0] == 1.0 && v[1] == -0x1p-24 && v[2] == 65504.0);
    free(v);
    /* Big-endian int16 and a 0-d array (shape ()). */
    unsigned char be[4] = {0xff, 0xfe, 0x01, 0x00}; /* -2, 256 */
    write_npy(tmp_path("d.npy"), 1, ">i2", "False", "(2,)", be, sizeof be);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("d.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert(n == 2 && v[0] == -2.0 && v[1] == 256.0);
    free(v);
    uint8_t u8 = 200;
    write_npy(tmp_path("e.npy"), 1, "|u1", "False", "()", &u8, 1);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("e.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert(n == 1 && v[0] == 200.0);
    free(v);
    /* Fortran order of a 2-D array (values in file order), int64, bool. */
    float f22[4] = {1.0f, 2.0f, 3.0f, 4.0f};
    write_npy(tmp_path("i.npy"), 1, "<f4", "True", "(2, 2)", f22, sizeof f22);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("i.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert(n == 4 && v[0] == 1.0 && v[3] == 4.0);
    free(v);
    unsigned char i8le[8] = {0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}; /* -3 */
    write_npy(tmp_path("j.npy"), 1, "<i8", "False", "(1,)", i8le, sizeof i8le);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("j.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert(n == 1 && v[0] == -3.0);
    free(v);
    uint8_t bools[2] = {1, 0};
    write_npy(tmp_path("k.npy"), 1, "|b1", "False", "(2,)", bools, sizeof bools);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("k.npy"), &v, &n, why, sizeof why), EXMY_OK);
    ck_assert(n == 2 && v[0] == 1.0 && v[1] == 0.0);
    free(v);
    /* Errors: missing file, not .npy, unsupported dtype, truncated data, empty. */
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("missing.npy"), &v, &n, why, sizeof why), EXMY_EIO);
    FILE *fp = fopen(tmp_path("bad.npy"), "wb");
    fputs("not a numpy file at all", fp);
    fclose(fp);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("bad.npy"), &v, &n, why, sizeof why), EXMY_ESYNTAX);
    write_npy(tmp_path("f.npy"), 1, "<c8", "False", "(1,)", f64, 8);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("f.npy"), &v, &n, why, sizeof why), EXMY_ESYNTAX);
    write_npy(tmp_path("g.npy"), 1, "<f8", "False", "(4,)", f64, sizeof f64);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("g.npy"), &v, &n, why, sizeof why), EXMY_ESYNTAX);
    ck_assert_msg(strstr(why, "truncated") != NULL, "why: %s", why);
    write_npy(tmp_path("h.npy"), 1, "<f8", "False", "(0,)", f64, 0);
    ck_assert_int_eq(cli_npy_read_f64(tmp_path("h.npy"), &v, &n, why, sizeof why), EXMY_ESYNTAX);
    static const char *const names[] = {"a.npy", "b.npy", "c.npy", "d.npy", "e.npy",
                                        "bad.npy", "f.npy", "g.npy", "h.npy",
                                        "i.npy", "j.npy", "k.npy"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        remove(tmp_path(names[i]));
    rmdir(tmpdir);
    tmpdir[0] = '\0'; /* the next test (CK_FORK=no) makes a new one */
}
END_TEST

/* cli_npy_read_f64 on a pipe whose header claims 2^60 float64 elements
 * (2^63 bytes) and sends three: "truncated", not an allocation for the
 * claim (before, malloc(2^63) failed with "out of memory", or under ASan
 * aborted). */
START_TEST(read_f64_pipe_claims_2p60)
{
    unsigned char b[256];
    size_t n = make_file(b, "{'descr': '<f8', 'fortran_order': False, "
                            "'shape': (1152921504606846976,), }", 24);
    const char *fifo = tmp_path("claim.npy");
    ck_assert(mkfifo(fifo, 0600) == 0);
    pid_t pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) {
        FILE *w = fopen(fifo, "wb");
        _exit(w && fwrite(b, 1, n, w) == n && fclose(w) == 0 ? 0 : 1);
    }
    double *v = NULL;
    size_t got = 0;
    char why[256] = "";
    exmy_status st = cli_npy_read_f64(fifo, &v, &got, why, sizeof why);
    int status;
    ck_assert(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_msg(st == EXMY_ESYNTAX && strstr(why, "truncated"), "status %s, why '%s'",
                  exmy_strerror(st), why);
    ck_assert(v == NULL && got == 0);
    remove(fifo);
    rmdir(tmpdir);
    tmpdir[0] = '\0';
}
END_TEST

/* A directory is named as one. */
START_TEST(read_f64_directory)
{
    double *v = NULL;
    size_t got = 0;
    char why[256] = "";
    const char *dir = tmp_path("dir.npy");
    ck_assert(mkdir(dir, 0700) == 0);
    exmy_status st = cli_npy_read_f64(dir, &v, &got, why, sizeof why);
    ck_assert_msg(st == EXMY_EIO && strcmp(why, "is a directory") == 0, "status %s, why '%s'",
                  exmy_strerror(st), why);
    rmdir(dir);
    rmdir(tmpdir);
    tmpdir[0] = '\0';
}
END_TEST

int main(void)
{
    Suite *s = suite_create("npy");
    TCase *tc = tcase_create("npy");
    tcase_add_test(tc, numpy_files_read);
    tcase_add_test(tc, malformed_and_truncated);
    tcase_add_test(tc, writer_matches_numpy);
    tcase_add_test(tc, stream_round_trip);
    tcase_add_test(tc, read_f64_any_dtype);
    tcase_add_test(tc, read_f64_pipe_claims_2p60);
    tcase_add_test(tc, read_f64_directory);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
