"""An independent model of the formats the CLI tests use, written from the
format definitions (OCP OFP8 v1.0 Table 1, IEEE 754 binary16, OCP MX e2m1),
sharing nothing with src/. Values are exact Python floats (every value here
is a binary64) and comparisons between binary64 numbers are exact.

Command line (used by the test scripts):
  ref.py values FORMAT            every code: "code value" with the exact
                                  decimal value (Decimal), or inf/nan
  ref.py encode FORMAT TYPE SAT   read raw little-endian TYPE (f32|f64|f16|bf16)
                                  from stdin, write the codes (1 byte each) of
                                  round-to-nearest-even under SAT (satfinite or
                                  nosat) to stdout
  ref.py decode FORMAT TYPE       read 1-byte codes, write their values as TYPE
"""
import bisect
import math
import struct
import sys
from decimal import Decimal

# name: (exponent bits, mantissa bits, bias, kind) for 8-bit signed formats.
#   kind "fn":   no Inf, S.1111.111 is NaN (e4m3fn)
#   kind "ieee": top exponent is Inf (mantissa 0) or NaN (e5m2)
#   kind "none": every code finite (e2m1fn, 4 bits)
FORMATS = {
    "e4m3fn": (4, 3, 7, "fn"),
    "e5m2": (5, 2, 15, "ieee"),
    "e2m1fn": (2, 1, 1, "none"),
}


def magnitude(fmt, c):
    """Value of magnitude code c, following the exponent pattern past the top."""
    E, M, bias, kind = FORMATS[fmt]
    e, m = c >> M, c & ((1 << M) - 1)
    if e == 0:
        return math.ldexp(m, 1 - bias - M)
    return math.ldexp((1 << M) + m, e - bias - M)


_mags = {}


def magnitudes(fmt):
    """Ascending magnitudes of codes 0..max code + 1."""
    if fmt not in _mags:
        _mags[fmt] = [magnitude(fmt, c) for c in range(layout(fmt)[0] + 2)]
    return _mags[fmt]


def layout(fmt):
    E, M, bias, kind = FORMATS[fmt]
    top = (1 << (E + M)) - 1  # highest magnitude code
    if kind == "fn":
        return top - 1, None, top            # max code, inf code, nan code
    if kind == "ieee":
        inf = ((1 << E) - 1) << M
        return inf - 1, inf, inf | (1 << (M - 1))
    return top, None, None


def value(fmt, code):
    E, M, bias, kind = FORMATS[fmt]
    sign = code >> (E + M)
    mag = code & ((1 << (E + M)) - 1)
    cmax, cinf, cnan = layout(fmt)
    if mag > cmax and mag == cinf:
        v = math.inf
    elif mag > cmax:
        return math.nan
    else:
        v = magnitude(fmt, mag)
    return -v if sign else v


def encode(fmt, x, sat):
    """Round-to-nearest-even, round first and range check second."""
    E, M, bias, kind = FORMATS[fmt]
    cmax, cinf, cnan = layout(fmt)
    s = 1 << (E + M)
    neg = math.copysign(1.0, x) < 0
    sign = s if neg else 0
    if math.isnan(x):
        if cnan is None:
            raise ValueError("NaN")
        return sign | cnan
    a = abs(x)
    if math.isinf(a):
        mag = cmax + 1  # beyond max
    else:
        # Find the neighbours among magnitudes 0..cmax+1 (cmax+1 continues the
        # exponent pattern: it stands for "overflow").
        mags = magnitudes(fmt)
        lo = bisect.bisect_right(mags, a) - 1
        if mags[lo] == a or lo == cmax + 1:
            mag = lo
        else:
            hi = lo + 1
            dl, dh = a - mags[lo], mags[hi] - a
            mag = lo if dl < dh else hi if dh < dl else (lo if lo % 2 == 0 else hi)
    if mag > cmax:
        if sat == "satfinite":
            mag = cmax
        elif cinf is not None:
            mag = cinf
        else:
            return sign | cnan
    return sign | mag


TYPES = {"f64": ("<d", 8), "f32": ("<f", 4), "f16": ("<e", 2)}


def read_values(t, data):
    if t == "bf16":
        n = len(data) // 2
        out = []
        for (h,) in struct.iter_unpack("<H", data[: 2 * n]):
            out.append(struct.unpack("<f", struct.pack("<I", h << 16))[0])
        return out
    f, size = TYPES[t]
    return [v for (v,) in struct.iter_unpack(f, data[: len(data) // size * size])]


def main():
    cmd, fmt = sys.argv[1], sys.argv[2]
    if cmd == "values":
        E, M, bias, kind = FORMATS[fmt]
        for c in range(1 << (E + M + 1)):
            v = value(fmt, c)
            if math.isnan(v):
                text = "nan"
            elif math.isinf(v):
                text = "-inf" if v < 0 else "inf"
            else:
                text = format(Decimal(v), "f")
                if v == 0 and math.copysign(1, v) < 0:
                    text = "-0"
            print(f"{c} {text}")
    elif cmd == "encode":
        t, sat = sys.argv[3], sys.argv[4]
        xs = read_values(t, sys.stdin.buffer.read())
        sys.stdout.buffer.write(bytes(encode(fmt, x, sat) for x in xs))
    elif cmd == "decode":
        t = sys.argv[3]
        f, size = TYPES[t]
        codes = sys.stdin.buffer.read()
        sys.stdout.buffer.write(b"".join(struct.pack(f, value(fmt, c)) for c in codes))
    else:
        sys.exit("unknown command")


if __name__ == "__main__":
    main()
