/* The report lines' builder, shared by exmy_check_* and exmy_block_check_*
 * (check_core.h), so that both print inputs and cut lines alike. */
#include "check_core.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

void exmy__line_add(exmy__line *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *at = L->buf && L->pos < L->len ? L->buf + L->pos : NULL;
    size_t room = at ? L->len - L->pos : 0;
    int k = vsnprintf(at, room, fmt, ap);
    va_end(ap);
    if (k < 0)
        L->bad = true;
    else
        L->pos += (size_t)k;
}

int exmy__line_finish(exmy__line *L)
{
    if (L->bad || L->pos > INT_MAX) {
        if (L->buf && L->len)
            L->buf[0] = '\0';
        return -1;
    }
    return (int)L->pos;
}

/* The input's value as a binary64 (every input value is one). */
static double input_value(exmy_type type, uint64_t xbits)
{
    static const unsigned char eb[] = {11, 8, 5, 8}, mb[] = {52, 23, 10, 7};
    exmy__exact x;
    exmy__exact_from_ieee(xbits, eb[type], mb[type], &x);
    double s = x.neg ? -1.0 : 1.0;
    switch (x.kind) {
    case EXMY__X_NAN:
        return copysign(NAN, s);
    case EXMY__X_INF:
        return s * INFINITY;
    case EXMY__X_ZERO:
        return s * 0.0;
    default:
        return s * ldexp((double)x.m, (int)x.e);
    }
}

void exmy__line_input(exmy__line *L, exmy_type type, uint64_t xbits)
{
    static const int type_digits[] = {16, 8, 4, 4};
    uint64_t xb = type == EXMY_TYPE_F64 ? xbits
                                        : xbits & ((UINT64_C(1) << (4 * type_digits[type])) - 1);
    exmy__line_add(L, "%a (0x%0*llx)", input_value(type, xb), type_digits[type],
                   (unsigned long long)xb);
}
