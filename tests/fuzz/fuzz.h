/* Shared by the libFuzzer targets in this folder (see README.md).
 *
 * A target checks invariants that must hold for every input and aborts on
 * the first one that does not, printing what it saw; libFuzzer then saves
 * the input as a crash artifact. Inputs are copied into exact-size heap
 * buffers so that AddressSanitizer catches a read one byte past the end. */
#ifndef EXMY_FUZZ_H
#define EXMY_FUZZ_H

#include "exmy.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2), noreturn))
#endif
static inline void
fuzz_fail(const char *fmt, ...)
{
    /* Straight to fd 2: a target may point the stderr stream elsewhere. */
    va_list ap;
    va_start(ap, fmt);
    dprintf(2, "fuzz: invariant broken: ");
    vdprintf(2, fmt, ap);
    dprintf(2, "\n");
    va_end(ap);
    abort();
}

/* The bytes as a C string in a heap block of exactly size + 1 bytes. An
 * embedded NUL simply ends the string early, as it would for a caller. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* A message buffer must come back NUL-terminated within its length. */
static inline void fuzz_check_why(const char *why, size_t whylen, const char *what)
{
    if (whylen && memchr(why, '\0', whylen) == NULL)
        fuzz_fail("%s: reason not NUL-terminated within %zu bytes", what, whylen);
}

/* The next word of the comma-separated list at *p, into out (cut to
 * outlen - 1 characters); false at the end of the list. */
static inline bool fuzz_next_word(const char **p, char *out, size_t outlen)
{
    if (!*p || !**p)
        return false;
    const char *comma = strchr(*p, ',');
    size_t n = comma ? (size_t)(comma - *p) : strlen(*p);
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, *p, n);
    out[n] = '\0';
    *p = comma ? comma + 1 : NULL;
    return true;
}

#endif
