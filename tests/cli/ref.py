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
  ref.py src FORMAT N SEED INDEX0 read raw little-endian f32 from stdin, write
                                  the codes (1 byte each) of P3109 stochastic
                                  rounding C with N random bits per element
                                  from Philox4x32-10 (below), satfinite
  ref.py philox-words SEED I0 K   write the 32-bit Philox words of elements
                                  I0 .. I0+K-1 as raw little-endian uint32
  ref.py philox-kat               check philox4x32 against Random123's
                                  published known-answer vectors

Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
SC11; Random123's philox4x32) and the per-element bits as include/exmy.h
documents them: element g with seed s uses block counter (g/4 mod 2^32,
g/4 >> 32, 0, 0), key (s mod 2^32, s >> 32), word g mod 4, low N bits.
"""
import bisect
import math
import struct
import sys
from decimal import Decimal
from fractions import Fraction

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


M32 = 0xFFFFFFFF


def philox4x32(ctr, key, rounds=10):
    """Philox4x32-R: S-box round with multipliers 0xD2511F53 and 0xCD9E8D57,
    key schedule (Weyl sequence) 0x9E3779B9, 0xBB67AE85."""
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for r in range(rounds):
        if r:
            k0, k1 = (k0 + 0x9E3779B9) & M32, (k1 + 0xBB67AE85) & M32
        p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0, p1 & M32, (p0 >> 32) ^ c3 ^ k1, p0 & M32)
    return c0, c1, c2, c3


def philox_bits(seed, g, n):
    b = g // 4
    w = philox4x32((b & M32, b >> 32, 0, 0), (seed & M32, seed >> 32))
    return w[g % 4] & ((1 << n) - 1)


# Random123 1.x kat_vectors, philox4x32 with 10 rounds: (ctr, key, result).
PHILOX_KAT = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((M32, M32, M32, M32), (M32, M32), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
]


def encode_src(fmt, x, n, r):
    """P3109 stochastic rounding C: with nu the fraction of the way from the
    lower magnitude neighbour to the upper one, round away from zero iff
    RNE(nu * 2^N) + R >= 2^N; then the satfinite range check."""
    E, M, bias, kind = FORMATS[fmt]
    cmax, cinf, cnan = layout(fmt)
    sign = (1 << (E + M)) if math.copysign(1.0, x) < 0 else 0
    a = abs(x)
    mags = magnitudes(fmt)
    if math.isnan(x) or math.isinf(a) or a >= mags[cmax + 1]:
        raise ValueError("ref.py src: only values below the overflow threshold")
    lo = bisect.bisect_right(mags, a) - 1
    mag = lo
    if mags[lo] != a:
        nu = (Fraction(a) - Fraction(mags[lo])) / (Fraction(mags[lo + 1]) - Fraction(mags[lo]))
        if round(nu * 2**n) + r >= 2**n:  # round() of a Fraction: ties to even
            mag = lo + 1
    return sign | min(mag, cmax)


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
    cmd, fmt = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
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
    elif cmd == "src":
        n, seed, index0 = int(sys.argv[3]), int(sys.argv[4], 0), int(sys.argv[5], 0)
        xs = read_values("f32", sys.stdin.buffer.read())
        sys.stdout.buffer.write(bytes(encode_src(fmt, x, n, philox_bits(seed, index0 + i, n))
                                      for i, x in enumerate(xs)))
    elif cmd == "philox-words":  # ref.py philox-words SEED INDEX0 COUNT: raw uint32
        seed, index0, count = int(sys.argv[2], 0), int(sys.argv[3], 0), int(sys.argv[4])
        sys.stdout.buffer.write(b"".join(struct.pack("<I", philox_bits(seed, index0 + i, 32))
                                         for i in range(count)))
    elif cmd == "philox-kat":
        for ctr, key, want in PHILOX_KAT:
            if philox4x32(ctr, key) != want:
                sys.exit("philox4x32 known-answer test failed for ctr %s key %s" % (ctr, key))
    else:
        sys.exit("unknown command")


if __name__ == "__main__":
    main()
