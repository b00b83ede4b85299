"""The corrupt-one-class helper of test_check.sh: a kernel's wrong answers,
made on purpose, one class of input at a time, with the elements chosen
from the input bits and ref.py's model alone (never from exmy), so that
`exmy check` must find exactly those.

  corrupt.py corrupt FMT TYPE SAT CLASS K IN EXP OUT [packed]
      IN: raw little-endian inputs of TYPE (f32|f16|f64); EXP: their codes
      (1 byte each, from ref.py encode). Writes OUT = EXP with the first of
      every len/K-th candidate of CLASS corrupted (K elements, or all the
      candidates if fewer), packed two codes a byte (low nibble first) with
      "packed". Prints the number corrupted, then the first mismatch line
      exmy check must print. Classes (the element's class by the rules
      above exmy_check_class in include/exmy.h, decided here from the exact
      input value):
        nan        a NaN input: the NaN code's sign flipped
        tie        an input exactly half-way (exact Fractions) between two
                   adjacent normal magnitudes, below the largest: the other one
        subnormal  a finite input whose code is a nonzero subnormal: flushed
                   to the zero of its sign
        inf        an infinite input under nosat (code +-Inf): +-max finite
  corrupt.py pack IN OUT
      1-byte 4-bit codes -> two a byte, the first in the low nibble.
  corrupt.py src-flip FMT N IN RANDOM OUT
      P3109 sr-c with N bits (ref.py encode_src), R of element i the low N
      bits of value i of RANDOM (uint32): find the first element and bit of R
      whose flip changes the code; write RANDOM with it flipped to OUT; print
      the element's index.
  corrupt.py sra FMT N SHIFTS IN OPS OUT
      P3109 sr-a with N bits, satfinite, from an instruction's random
      operand: SHIFTS = s0,s1,... one per lane, element i is lane i mod L of
      instruction i div L, and its R = (operand >> s_lane) mod 2^N. The
      codes of IN (f32) for the uint32 operands OPS (one per instruction),
      from the definition (exact Fractions).
  corrupt.py sra-flip FMT N SHIFTS IN OPS OUT
      as src-flip for sra: flip the first bit of an operand that changes
      exactly one element's code; print that element's index.
"""
import math
import os
import struct
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref  # noqa: E402

TYPES = {"f64": ("<d", "<Q", 8), "f32": ("<f", "<I", 4), "f16": ("<e", "<H", 2)}


def read_inputs(t, path):
    fmt, ufmt, size = TYPES[t]
    data = open(path, "rb").read()
    vals = [v for (v,) in struct.iter_unpack(fmt, data)]
    bits = [b for (b,) in struct.iter_unpack(ufmt, data)]
    return vals, bits, size


def hexfloat(x):
    """A binary64 as C's printf("%a") writes it (inf, nan as cli_hexfloat)."""
    if math.isnan(x):
        return "-nan" if math.copysign(1, x) < 0 else "nan"
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    if x == 0:
        return "-0x0p+0" if math.copysign(1, x) < 0 else "0x0p+0"
    h = x.hex()  # [-]0x1.8000000000000p+3
    mant, exp = h.split("p")
    head, frac = mant.split(".")
    frac = frac.rstrip("0")
    return head + ("." + frac if frac else "") + "p" + exp


def code_hex(fmt, c):
    E, M, bias, kind = ref.FORMATS[fmt]
    digits = (E + M + 1 + 3) // 4
    return "0x%0*x" % (digits, c)


def describe(fmt, size, i, x, xbits, cls, want, got, r=None):
    line = "element %d: input %s (0x%0*x) %s: expected %s, got %s" % (
        i, hexfloat(x), 2 * size, xbits, cls, code_hex(fmt, want), code_hex(fmt, got))
    if r is not None:
        line += ", R 0x%x" % r
    return line


def split(fmt, code):
    E, M, bias, kind = ref.FORMATS[fmt]
    return code >> (E + M), code & ((1 << (E + M)) - 1)


def candidate(fmt, sat, cls, x, code):
    """The corrupted code if element (x, code) is of class cls, else None."""
    E, M, bias, kind = ref.FORMATS[fmt]
    cmax, cinf, cnan = ref.layout(fmt)
    sbit = 1 << (E + M)
    sign, mag = split(fmt, code)
    if cls == "nan":
        return code ^ sbit if math.isnan(x) else None
    if math.isnan(x) or math.isinf(x):
        if cls == "inf" and math.isinf(x) and sat == "nosat" and cinf is not None:
            return (sign * sbit) | cmax
        return None
    a = abs(x)
    if cls == "subnormal":
        # a nonzero code with exponent field 0, from a finite input: flushed
        return sign * sbit if mag != 0 and mag >> M == 0 else None
    if cls == "tie":
        mags = ref.magnitudes(fmt)
        lo = max(i for i in range(cmax + 1) if mags[i] <= a)
        if lo >= cmax or lo >> M == 0 or mags[lo] == a:
            return None  # at or above max, below the normal range, or exact
        if 2 * Fraction(a) != Fraction(mags[lo]) + Fraction(mags[lo + 1]):
            return None
        assert mag in (lo, lo + 1), (x, code)
        return (sign * sbit) | (lo + lo + 1 - mag)
    return None


def pack4(codes):
    codes = list(codes) + ([0] if len(codes) % 2 else [])
    return bytes(codes[i] | (codes[i + 1] << 4) for i in range(0, len(codes), 2))


def corrupt(fmt, t, sat, cls, k, inp, exp, out, packed):
    xs, bits, size = read_inputs(t, inp)
    codes = bytearray(open(exp, "rb").read())
    assert len(codes) == len(xs)
    cands = [i for i in range(len(xs)) if candidate(fmt, sat, cls, xs[i], codes[i]) is not None]
    if not cands:
        sys.exit("corrupt.py: no %s candidates" % cls)
    step = max(1, len(cands) // k)
    chosen = cands[::step][:k]
    first = None
    for i in chosen:
        bad = candidate(fmt, sat, cls, xs[i], codes[i])
        assert bad != codes[i]
        if first is None:
            first = describe(fmt, size, i, xs[i], bits[i], cls, codes[i], bad)
        codes[i] = bad
    open(out, "wb").write(pack4(codes) if packed else bytes(codes))
    print(len(chosen))
    print(first)


def words(path):
    data = open(path, "rb").read()
    return [w for (w,) in struct.iter_unpack("<I", data)]


def src_flip(fmt, n, inp, rnd, out):
    xs, _, _ = read_inputs("f32", inp)
    rs = words(rnd)
    mask = (1 << n) - 1
    for i, x in enumerate(xs):
        base = ref.encode_src(fmt, x, n, rs[i] & mask)
        for b in range(n):
            if ref.encode_src(fmt, x, n, (rs[i] ^ (1 << b)) & mask) != base:
                rs[i] ^= 1 << b
                open(out, "wb").write(struct.pack("<%dI" % len(rs), *rs))
                print(i)
                return
    sys.exit("corrupt.py: no bit of R changes a code")


def encode_sra(fmt, x, n, r):
    """P3109 stochastic rounding A: with nu the fraction of the way from the
    lower magnitude neighbour to the upper one, round away from zero iff
    floor(nu * 2^N) + R >= 2^N; then the satfinite range check."""
    E, M, bias, kind = ref.FORMATS[fmt]
    cmax, cinf, cnan = ref.layout(fmt)
    sign = (1 << (E + M)) if math.copysign(1.0, x) < 0 else 0
    a = abs(x)
    mags = ref.magnitudes(fmt)
    if math.isnan(x) or math.isinf(a) or a >= mags[cmax]:
        raise ValueError("corrupt.py sra: only values below max finite")
    lo = max(i for i in range(cmax + 1) if mags[i] <= a)
    mag = lo
    if mags[lo] != a:
        nu = (Fraction(a) - Fraction(mags[lo])) / (Fraction(mags[lo + 1]) - Fraction(mags[lo]))
        if math.floor(nu * 2**n) + r >= 2**n:
            mag = lo + 1
    return sign | min(mag, cmax)


def lane_r(ops, shifts, n, i):
    """R of element i: the N bits of its instruction's operand from its lane's shift."""
    return (ops[i // len(shifts)] >> shifts[i % len(shifts)]) & ((1 << n) - 1)


def sra_codes(fmt, n, shifts, xs, ops):
    return [encode_sra(fmt, x, n, lane_r(ops, shifts, n, i)) for i, x in enumerate(xs)]


def sra(fmt, n, shifts, inp, ops, out):
    xs, _, _ = read_inputs("f32", inp)
    open(out, "wb").write(bytes(sra_codes(fmt, n, shifts, xs, words(ops))))


def sra_flip(fmt, n, shifts, inp, ops, out):
    """Flip the first operand bit that changes exactly one element's code."""
    xs, _, _ = read_inputs("f32", inp)
    os_ = words(ops)
    lanes = len(shifts)
    bits = sorted({b for s in shifts for b in range(s, s + n)})
    for j in range(len(os_)):
        idx = range(j * lanes, min(len(xs), (j + 1) * lanes))
        base = [encode_sra(fmt, xs[i], n, lane_r(os_, shifts, n, i)) for i in idx]
        for b in bits:
            os_[j] ^= 1 << b
            now = [encode_sra(fmt, xs[i], n, lane_r(os_, shifts, n, i)) for i in idx]
            changed = [i for i, c0, c1 in zip(idx, base, now) if c0 != c1]
            if len(changed) == 1:
                open(out, "wb").write(struct.pack("<%dI" % len(os_), *os_))
                print(changed[0])
                return
            os_[j] ^= 1 << b
    sys.exit("corrupt.py: no bit of an operand changes exactly one code")


def main():
    a = sys.argv[1:]
    if a[0] == "corrupt":
        corrupt(a[1], a[2], a[3], a[4], int(a[5]), a[6], a[7], a[8], len(a) > 9 and a[9] == "packed")
    elif a[0] == "pack":
        open(a[2], "wb").write(pack4(open(a[1], "rb").read()))
    elif a[0] == "src-flip":
        src_flip(a[1], int(a[2]), a[3], a[4], a[5])
    elif a[0] == "sra":
        sra(a[1], int(a[2]), [int(v) for v in a[3].split(",")], a[4], a[5], a[6])
    elif a[0] == "sra-flip":
        sra_flip(a[1], int(a[2]), [int(v) for v in a[3].split(",")], a[4], a[5], a[6])
    else:
        sys.exit("corrupt.py: unknown command " + a[0])


if __name__ == "__main__":
    main()
