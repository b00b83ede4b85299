/* Status strings and small string helpers (names of enums: names.c). */
#include "exmy_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

const char *exmy_strerror(exmy_status s)
{
    switch (s) {
    case EXMY_OK: return "success";
    case EXMY_EINVAL: return "invalid argument";
    case EXMY_EFORMAT: return "invalid format descriptor";
    case EXMY_ESPEC: return "malformed format spec";
    case EXMY_ENOTFOUND: return "unknown format";
    case EXMY_ENUMBER: return "malformed number";
    case EXMY_ENONAN: return "result is NaN but the format has no NaN";
    case EXMY_EINEXACT: return "value not exactly representable in the requested type";
    case EXMY_ENOMEM: return "out of memory";
    case EXMY_EIO: return "input/output error";
    case EXMY_ESYNTAX: return "malformed formats or profiles file";
    case EXMY_EDUPLICATE: return "duplicate format or profile name";
    case EXMY_ETYPE: return "the profile's instruction does not take this input type";
    }
    return "unknown status";
}

bool exmy_round_is_stochastic(exmy_round r)
{
    return r == EXMY_SR_A || r == EXMY_SR_B || r == EXMY_SR_C;
}

size_t exmy__strlcpy(char *dst, const char *src, size_t len)
{
    size_t n = strlen(src);
    if (len) {
        size_t c = n < len - 1 ? n : len - 1;
        memcpy(dst, src, c);
        dst[c] = '\0';
    }
    return n;
}

void exmy__why(char *why, size_t whylen, const char *fmt, ...)
{
    if (!why || !whylen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

int exmy__strcasecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}
