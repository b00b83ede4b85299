"""An independent model of block-scaled quantisation for the CLI tests,
written from the documents and sharing nothing with src/ or tools/:

- OCP Microscaling Formats (MX) v1.0 §5.3 (element formats FP8 E4M3/E5M2,
  FP6 E3M2/E2M3, FP4 E2M1; scale E8M0, 2^(code - 127), 0xFF is NaN; blocks
  of 32) and §6.3 (the conversion: X = 2^(floor(log2 amax) - emax_elem),
  clamped to E8M0's range; elements x / X rounded to nearest even,
  saturating; a NaN or Inf in a block makes its scale NaN);
- NVIDIA NVFP4 as include/exmy.h's contract states it (E2M1 elements in
  blocks of 16, a UE4M3 block scale amax / 6 / tensor_scale rounded to
  nearest even, a binary32 tensor scale amax / (448 * 6) rounded to nearest
  even, 1 for an all-zero tensor; elements x / (scale * tensor_scale)).

Element and scale values come from ref.py's tables (ref.magnitudes,
ref.layout, ref.value: built from the format definitions); every quotient
and comparison here is an exact Fraction. floor(log2 amax) is taken from the
exponent bits of the binary64 value of amax, and cross-checked against the
Fraction.

Command line (tests/cli/test_convert_block.sh):
  ref_mx.py check-quant FMT X.npy CODES.npy SCALES.npy [options]
      exmy's codes and scales of X against the model's; options
      --tail short, --packed, --ts TS.npy (nvfp4's tensor scale exmy wrote),
      --sr-c N SEED (P3109 stochastic rounding C with Philox bits)
  ref_mx.py check-dequant FMT CODES.npy SCALES.npy OUT.npy [--cols K]
      [--packed] [--ts TS.npy]
      exmy's decoded values against code value * scale (* tensor scale),
      rounded once to OUT's dtype
Each prints the first mismatches (index, input as %a, expected and written
codes in hex) and exits 1, or exits 0 silently.
"""
import ast
import math
import struct
import sys
from fractions import Fraction

import ref

# OCP MX v1.0 §5.3 Table: FP6 and FP4 elements have no Inf or NaN; ref.py's
# "none" kind is exactly that (sign bit above E + M bits, every code finite).
ref.FORMATS.setdefault("e3m2fn", (3, 2, 3, "none"))
ref.FORMATS.setdefault("e2m3fn", (2, 3, 1, "none"))

# name: (element, block size, emax_elem from OCP MX v1.0 §5.3 Table 1)
MX = {
    "mxfp8_e4m3": ("e4m3fn", 32, 8),
    "mxfp8_e5m2": ("e5m2", 32, 15),
    "mxfp6_e3m2": ("e3m2fn", 32, 4),
    "mxfp6_e2m3": ("e2m3fn", 32, 2),
    "mxfp4_e2m1": ("e2m1fn", 32, 2),
}
NVFP4 = ("e2m1fn", 16)
E8M0_NAN = 0xFF


def emax_elem(fmt):
    """The exponent of the largest normal binade, from the format's layout;
    checked against OCP's table."""
    E, M, bias, kind = ref.FORMATS[fmt]
    return (ref.layout(fmt)[0] >> M) - bias


for _name, (_fmt, _b, _emax) in MX.items():
    assert emax_elem(_fmt) == _emax, (_name, emax_elem(_fmt))


def floor_log2_bits(a):
    """floor(log2 a) of a positive finite binary64 from its exponent bits
    (subnormals: from the position of the leading significand bit)."""
    b = struct.unpack("<Q", struct.pack("<d", a))[0]
    e, m = (b >> 52) & 0x7FF, b & ((1 << 52) - 1)
    if e == 0:
        return m.bit_length() - 1 - 1074
    return e - 1023


def floor_log2(q):
    """floor(log2 q) of a positive Fraction."""
    e = q.numerator.bit_length() - q.denominator.bit_length()
    return e if Fraction(2) ** e <= q else e - 1


def rne(fmt, q):
    """The code of Fraction q in fmt: round to nearest, ties to the even
    code, then saturate (satfinite), on ref.py's exact magnitude table. A
    negative q keeps its sign (-0 where it rounds to zero); neg_zero marks a
    -0.0 input."""
    E, M, bias, kind = ref.FORMATS[fmt]
    cmax = ref.layout(fmt)[0]
    mags = [Fraction(m) for m in ref.magnitudes(fmt)]  # 0 .. cmax + 1
    sign = (1 << (E + M)) if q < 0 else 0
    a = abs(q)
    lo = 0
    while lo + 1 < len(mags) and mags[lo + 1] <= a:
        lo += 1
    if mags[lo] == a or lo == len(mags) - 1:
        mag = lo
    else:
        dl, dh = a - mags[lo], mags[lo + 1] - a
        mag = lo if dl < dh else lo + 1 if dh < dl else (lo if lo % 2 == 0 else lo + 1)
    return sign | min(mag, cmax)


def src(fmt, q, n, r):
    """P3109 stochastic rounding C of Fraction q (ref.encode_src's rule, on
    Fractions): away from zero iff RNE(nu * 2^n) + r >= 2^n, then satfinite."""
    E, M, bias, kind = ref.FORMATS[fmt]
    cmax = ref.layout(fmt)[0]
    mags = [Fraction(m) for m in ref.magnitudes(fmt)]
    sign = (1 << (E + M)) if q < 0 else 0
    a = abs(q)
    lo = 0
    while lo + 1 < len(mags) and mags[lo + 1] <= a:
        lo += 1
    mag = lo
    if mags[lo] != a and lo + 1 < len(mags):
        nu = (a - mags[lo]) / (mags[lo + 1] - mags[lo])
        if round(nu * 2**n) + r >= 2**n:
            mag = lo + 1
    return sign | min(mag, cmax)


def to_binary(q, p, emin, emax_):
    """Fraction q rounded once (nearest even) to a binary format with p
    significand bits, normal exponents emin..emax_ (subnormals below):
    a Python float (+-inf past the range)."""
    if q == 0:
        return 0.0
    a = abs(q)
    e = max(floor_log2(a), emin)
    quantum = Fraction(2) ** (e - p + 1)
    r = round(a / quantum) * quantum
    if r >= Fraction(2) ** (emax_ + 1):
        v = math.inf
    else:
        v = float(r)
        assert Fraction(v) == r
    return -v if q < 0 else v


def to_f32(q):
    return to_binary(q, 24, -126, 127)


def to_f64(q):
    return to_binary(q, 53, -1022, 1023)


# -------------------------------------------------------------- .npy files


def read_npy(path):
    """(descr, shape, data bytes) of a .npy file, parsed from NEP 1."""
    b = open(path, "rb").read()
    assert b[:6] == b"\x93NUMPY", path + ": bad magic"
    if b[6] == 1:
        hl, off = struct.unpack("<H", b[8:10])[0], 10
    else:
        hl, off = struct.unpack("<I", b[8:12])[0], 12
    d = ast.literal_eval(b[off:off + hl].decode("latin1"))
    assert d["fortran_order"] is False
    return d["descr"], d["shape"], b[off + hl:]


def values(descr, data):
    """The elements of a .npy's data as Python numbers (floats: exact)."""
    f = {"<f4": "f", "<f8": "d", "<f2": "e", "|u1": "B", "<u2": "H", "<u4": "I"}[descr]
    return [v for (v,) in struct.iter_unpack("<" + f, data)]


# ----------------------------------------------------------------- model


def scale_floor(fmt, block_vals):
    """OCP MX v1.0 §6.3: the E8M0 scale code of a block and whether it is NaN."""
    if any(math.isnan(x) or math.isinf(x) for x in block_vals):
        return E8M0_NAN
    amax = max(abs(x) for x in block_vals)
    if amax == 0:
        return 0  # the smallest scale, 2^-127: every element converts to zero
    e = floor_log2_bits(amax)
    assert e == floor_log2(Fraction(amax)), amax
    return min(max(e - emax_elem(fmt), -127), 127) + 127


def blocks(cols, block, tail):
    if cols % block and tail != "short":
        raise ValueError("row length %d is not a multiple of %d" % (cols, block))
    return [(j, min(j + block, cols)) for j in range(0, cols, block)]


def quantise(name, xs, rows, cols, tail="error", sr=None):
    """Codes (one per element, row-major), scale codes (row-major) and the
    tensor scale (None for MX). sr: (n, seed) for stochastic rounding C."""
    if name == "nvfp4":
        fmt, block = NVFP4
        amax = max((abs(x) for x in xs), default=0.0)
        ts = to_f32(Fraction(amax) / (448 * 6)) if amax else 1.0
    else:
        fmt, block, _ = MX[name]
        ts = None
    codes, scales = [], []
    for r in range(rows):
        row = xs[r * cols:(r + 1) * cols]
        for j0, j1 in blocks(cols, block, tail):
            b = row[j0:j1]
            if ts is None:
                s = scale_floor(fmt, b)
                X = None if s == E8M0_NAN else Fraction(2) ** (s - 127)
            else:
                am = max(abs(x) for x in b)
                q = Fraction(am) / 6 / Fraction(ts) if am else Fraction(2) ** -9
                s = rne("e4m3fn", q)  # UE4M3: positive codes only
                X = Fraction(ref.value("e4m3fn", s)) * Fraction(ts)
            scales.append(s)
            for k, x in enumerate(b):
                if X is None:
                    # A NaN block (exmy.h): elements without NaN are +0 (the
                    # scale marks the block); NaN elements are not compared
                    # code by code (their sign is left open).
                    codes.append(0 if ref.layout(fmt)[2] is None else None)
                    continue
                q = Fraction(x) / X
                if q == 0 and math.copysign(1.0, x) < 0:
                    q = Fraction(0)
                    c = rne(fmt, q) | (1 << (ref.FORMATS[fmt][0] + ref.FORMATS[fmt][1]))
                elif sr:
                    n, seed = sr
                    c = src(fmt, q, n, ref.philox_bits(seed, r * cols + j0 + k, n))
                else:
                    c = rne(fmt, q)
                codes.append(c)
    return fmt, block, codes, scales, ts


def pack(codes, rows, cols):
    """FP4 two to a byte, the first in the low nibble; rows start on a byte."""
    out = []
    for r in range(rows):
        row = codes[r * cols:(r + 1) * cols]
        for j in range(0, cols, 2):
            lo = row[j]
            hi = row[j + 1] if j + 1 < cols else 0
            out.append(lo | (hi << 4))
    return out


def unpack(data, rows, cols):
    per = (cols + 1) // 2
    out = []
    for r in range(rows):
        row = data[r * per:(r + 1) * per]
        for j in range(cols):
            out.append((row[j // 2] >> (4 * (j % 2))) & 0xF)
    return out


def geometry(shape):
    cols = shape[-1]
    rows = 1
    for d in shape[:-1]:
        rows *= d
    return rows, cols


def report(bad, what):
    for line in bad[:8]:
        print(what + ": " + line)
    if len(bad) > 8:
        print("%s: ... %d mismatches in all" % (what, len(bad)))
    return 1 if bad else 0


def opt(args, name, n=1):
    if name in args:
        i = args.index(name)
        v = args[i + 1:i + 1 + n]
        del args[i:i + 1 + n]
        return v if n > 1 else (v[0] if n == 1 else True)
    return None


def check_quant(args):
    name, xpath, cpath, spath = args[:4]
    rest = args[4:]
    tail = opt(rest, "--tail") or "error"
    packed = opt(rest, "--packed", 0)
    tspath = opt(rest, "--ts")
    sr = opt(rest, "--sr-c", 2)
    sr = (int(sr[0]), int(sr[1], 0)) if sr else None
    xd, xshape, xdata = read_npy(xpath)
    xs = values(xd, xdata)
    if xshape == ():
        return report(["0-d input"], "check-quant")
    rows, cols = geometry(xshape)
    fmt, block, want_codes, want_scales, ts = quantise(name, xs, rows, cols, tail, sr)
    bad = []
    cd, cshape, cdata = read_npy(cpath)
    sd, sshape, sdata = read_npy(spath)
    nb = len(blocks(cols, block, tail))
    want_cshape = xshape[:-1] + (((cols + 1) // 2) if packed else cols,)
    if cd != "|u1" or tuple(cshape) != want_cshape:
        bad.append("codes: descr %s shape %s, expected |u1 %s" % (cd, cshape, want_cshape))
    if sd != "|u1" or tuple(sshape) != xshape[:-1] + (nb,):
        bad.append("scales: descr %s shape %s, expected |u1 %s" % (sd, sshape, xshape[:-1] + (nb,)))
    if bad:
        return report(bad, "check-quant " + name)
    got_codes = unpack(cdata, rows, cols) if packed else list(cdata)
    if packed and len(cdata) != rows * ((cols + 1) // 2):
        bad.append("packed codes: %d bytes" % len(cdata))
    if packed:
        # the padding nibble of an odd row is zero
        per = (cols + 1) // 2
        if cols % 2 and any(cdata[r * per + per - 1] >> 4 for r in range(rows)):
            bad.append("packed codes: a row's padding nibble is not zero")
    for i, s in enumerate(want_scales):
        if sdata[i] != s:
            bad.append("scale %d (row %d, block %d): expected 0x%02x, got 0x%02x"
                       % (i, i // nb, i % nb, s, sdata[i]))
    for i, c in enumerate(want_codes):
        if c is not None and got_codes[i] != c:
            bad.append("element %d (row %d, col %d) x = %s: expected 0x%02x, got 0x%02x"
                       % (i, i // cols, i % cols, float(xs[i]).hex(), c, got_codes[i]))
    if ts is not None:
        td, tshape, tdata = read_npy(tspath)
        got = values(td, tdata)
        if td != "<f4" or tuple(tshape) != (1,) or struct.pack("<f", got[0]) != struct.pack("<f", ts):
            bad.append("tensor scale: %s %s %s, expected <f4 (1,) %s"
                       % (td, tshape, [float(g).hex() for g in got], ts.hex()))
    return report(bad, "check-quant " + name)


def check_dequant(args):
    name, cpath, spath, opath = args[:4]
    rest = args[4:]
    packed = opt(rest, "--packed", 0)
    cols_opt = opt(rest, "--cols")
    tspath = opt(rest, "--ts")
    tail = opt(rest, "--tail") or "short"
    fmt, block = NVFP4 if name == "nvfp4" else MX[name][:2]
    cd, cshape, cdata = read_npy(cpath)
    sd, sshape, sdata = read_npy(spath)
    od, oshape, odata = read_npy(opath)
    rows, ccols = geometry(cshape)
    cols = int(cols_opt) if cols_opt else (2 * ccols if packed else ccols)
    codes = unpack(cdata, rows, cols) if packed else values(cd, cdata)
    scales = values(sd, sdata)
    nb = len(blocks(cols, block, tail))
    ts = Fraction(values("<f4", read_npy(tspath)[2])[0]) if tspath else Fraction(1)
    bad = []
    if tuple(oshape) != tuple(cshape[:-1]) + (cols,) or od not in ("<f4", "<f8"):
        return report(["output: %s %s, expected <f4|<f8 %s" % (od, oshape, cshape[:-1] + (cols,))],
                      "check-dequant " + name)
    got = values(od, odata)
    rnd = to_f32 if od == "<f4" else to_f64
    for i, c in enumerate(codes):
        s = scales[(i // cols) * nb + (i % cols) // block]
        v = ref.value(fmt, c)
        if name == "nvfp4":
            sv = ref.value("e4m3fn", s)
            want = math.nan if math.isnan(sv) or math.isnan(v) else \
                rnd(Fraction(v) * Fraction(sv) * ts)
        elif s == E8M0_NAN or math.isnan(v):
            want = math.nan
        else:
            want = rnd(Fraction(v) * Fraction(2) ** (s - 127))
        if want == 0 and math.copysign(1, v) < 0:
            want = -0.0  # -0 * scale
        g = got[i]
        same = (math.isnan(want) and math.isnan(g)) or \
            (g == want and math.copysign(1, g) == math.copysign(1, want))
        if not same:
            bad.append("element %d (row %d, col %d) code 0x%02x scale 0x%02x: expected %s, got %s"
                       % (i, i // cols, i % cols, c, s, float(want).hex(), float(g).hex()))
    return report(bad, "check-dequant " + name)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "check-quant":
        sys.exit(check_quant(args))
    if cmd == "check-dequant":
        sys.exit(check_dequant(args))
    sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
