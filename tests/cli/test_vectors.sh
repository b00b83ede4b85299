# exmy vectors: every output kind (.npy header, dtype and count parsed here
# with struct; .csv rows; a .h compiled with the C compiler; raw sizes), the
# all set (every 16-bit pattern, in order), the random set (reproducible from
# its seed, different for another), the expected codes against ref.py (an
# independent model: never exmy itself), FP4 packing done here from ref.py's
# codes, a stochastic target's random bits against ref.py's Philox, and the
# errors (one line on stderr, exit 1 bad input, 2 usage, no file left).
source "$(dirname "$0")/lib.sh"
CC=${CC:-cc}

# The checks on file contents, in Python (struct, no numpy). Each subcommand
# prints nothing and exits 0 on success, else one line saying what differs.
cat >"$TMP/vec.py" <<'PYEOF'
import ast, math, struct, sys
sys.path.insert(0, sys.argv[1])
import ref  # tests/cli/ref.py: the independent model

def npy(path):
    """(descr, shape, data) parsed from the .npy format's definition."""
    b = open(path, "rb").read()
    assert b[:6] == b"\x93NUMPY", path + ": bad magic"
    if b[6] == 1:
        hl, off = struct.unpack("<H", b[8:10])[0], 10
    else:
        hl, off = struct.unpack("<I", b[8:12])[0], 12
    assert (off + hl) % 64 == 0, path + ": data not 64-byte aligned"
    d = ast.literal_eval(b[off:off + hl].decode("latin1"))
    assert d["fortran_order"] is False
    return d["descr"], d["shape"], b[off + hl:]

SIZE = {"f32": 4, "f16": 2, "bf16": 2, "f64": 8}
UNPACK = {1: "B", 2: "H", 4: "I", 8: "Q"}

def words(data, size):
    return list(struct.unpack("<%d%s" % (len(data) // size, UNPACK[size]), data))

def value(t, bits):
    if t == "f32":
        return struct.unpack("<f", struct.pack("<I", bits))[0]
    if t == "bf16":
        return struct.unpack("<f", struct.pack("<I", bits << 16))[0]
    if t == "f16":
        return struct.unpack("<e", struct.pack("<H", bits))[0]
    return struct.unpack("<d", struct.pack("<Q", bits))[0]

def ref_codes(fmt, t, bits, sat):
    """ref.py's code of each input; None for a NaN into a format without NaN."""
    out = []
    for b in bits:
        x = value(t, b)
        if math.isnan(x) and ref.layout(fmt)[2] is None:
            out.append(None)
        else:
            out.append(ref.encode(fmt, x, sat))
    return out

def fail(msg):
    print(msg)
    sys.exit(1)

cmd, args = sys.argv[2], sys.argv[3:]
if cmd == "npy":  # npy FILE DESCR COUNT: header fields
    descr, shape, data = npy(args[0])
    n = int(args[2])
    if descr != args[1] or shape != (n,):
        fail("header %r %r, want %r (%d,)" % (descr, shape, args[1], n))
    size = int(descr[2:])
    if len(data) != n * size:
        fail("%d data bytes, want %d" % (len(data), n * size))
elif cmd == "data":  # data NPY OUT: the data bytes as a raw file
    open(args[1], "wb").write(npy(args[0])[2])
elif cmd == "seq":  # seq RAW SIZE N: elements 0, 1, .., N-1
    got = words(open(args[0], "rb").read(), int(args[1]))
    if got != list(range(int(args[2]))):
        bad = next((i for i, g in enumerate(got) if g != i), len(got))
        fail("%d elements; element %d is not its index" % (len(got), bad))
elif cmd == "csv-in":  # csv-in CSV RAW TYPE: rows index,bits,value of RAW's inputs
    t = args[2]
    bits = words(open(args[1], "rb").read(), SIZE[t])
    lines = open(args[0]).read().split("\n")
    if lines[0] != "index,bits,value" or lines[-1] != "":
        fail("header %r or no final newline" % lines[0])
    rows = lines[1:-1]
    if len(rows) != len(bits):
        fail("%d rows, %d inputs" % (len(rows), len(bits)))
    for i, row in enumerate(rows):
        idx, hx, v = row.split(",")
        want = "0x%0*x" % (2 * SIZE[t], bits[i])
        x = value(t, bits[i])
        vv = float(v) if v.lstrip("-") in ("inf", "nan") else float.fromhex(v)
        same = (math.isnan(x) and math.isnan(vv) and math.copysign(1, x) == math.copysign(1, vv)) or \
               (x == vv and math.copysign(1, x) == math.copysign(1, vv))
        if int(idx) != i or hx != want or not same:
            fail("row %d %r: want %d,%s,value %r" % (i, row, i, want, x))
elif cmd == "csv-codes":  # csv-codes CSV RAW DIGITS: rows index,code of 1-byte codes
    codes = open(args[1], "rb").read()
    lines = open(args[0]).read().split("\n")
    want = ["index,code"] + ["%d,0x%0*x" % (i, int(args[2]), c) for i, c in enumerate(codes)] + [""]
    if lines != want:
        bad = next(i for i in range(min(len(lines), len(want))) if lines[i] != want[i]) \
            if any(a != b for a, b in zip(lines, want)) else min(len(lines), len(want))
        fail("line %d: %r, want %r" % (bad, lines[bad:bad + 1], want[bad:bad + 1]))
elif cmd == "same":  # same A B: identical bytes
    if open(args[0], "rb").read() != open(args[1], "rb").read():
        fail("%s and %s differ" % (args[0], args[1]))
elif cmd == "differ":
    if open(args[0], "rb").read() == open(args[1], "rb").read():
        fail("%s and %s are the same" % (args[0], args[1]))
elif cmd == "prefix":  # prefix A B: A's bytes start B
    a, b = open(args[0], "rb").read(), open(args[1], "rb").read()
    if not b.startswith(a) or len(a) >= len(b):
        fail("%s is not a proper prefix of %s" % (args[0], args[1]))
elif cmd == "expected":  # expected FMT TYPE SAT INRAW CODESRAW [PACKED]: ref.py's codes
    fmt, t, sat = args[0], args[1], args[2]
    bits = words(open(args[3], "rb").read(), SIZE[t])
    want = ref_codes(fmt, t, bits, sat)
    got = open(args[4], "rb").read()
    if len(args) > 5:  # FP4 two per byte, the first element in the low nibble
        codes = [0 if c is None else c for c in want]
        codes += [0] * (len(codes) % 2)
        packed = bytes(codes[i] | codes[i + 1] << 4 for i in range(0, len(codes), 2))
        if got != packed:
            bad = next((i for i in range(min(len(got), len(packed))) if got[i] != packed[i]), -1)
            fail("%d packed bytes, want %d; byte %d" % (len(got), len(packed), bad))
        sys.exit(0)
    if len(got) != len(want):
        fail("%d codes for %d inputs" % (len(got), len(want)))
    nonan = 0
    for i, (g, w) in enumerate(zip(got, want)):
        if w is None:
            nonan += 1
            w = 0  # the documented code of an input with no answer
        if g != w:
            fail("element %d: input %s (0x%x): code 0x%02x, ref.py 0x%02x" %
                 (i, value(t, bits[i]).hex(), bits[i], g, w))
    print(nonan)
elif cmd == "scaled":  # scaled FMT SAT K INRAW CODESRAW: codes of x * 2^K (f32, no NaN)
    fmt, sat, k = args[0], args[1], int(args[2])
    bits = words(open(args[3], "rb").read(), 4)
    got = open(args[4], "rb").read()
    for i, b in enumerate(bits):
        x = value("f32", b)
        if math.isnan(x):
            continue  # the profile's NaN code is its own rule, not the format's
        w = ref.encode(fmt, math.ldexp(x, k), sat)  # exact: binary32 * 2^k in binary64
        if got[i] != w:
            fail("element %d: input %s * 2^%d: code 0x%02x, ref.py 0x%02x" % (i, x.hex(), k, got[i], w))
elif cmd == "sr":  # sr FMT N SEED INRAW CODESRAW: P3109 sr-c by ref.py at each global index
    fmt, n, seed = args[0], int(args[1]), int(args[2], 0)
    bits = words(open(args[3], "rb").read(), 4)
    got = open(args[4], "rb").read()
    top = ref.magnitudes(fmt)[ref.layout(fmt)[0] + 1]
    judged = 0
    for i, b in enumerate(bits):
        x = value("f32", b)
        if math.isnan(x) or abs(x) >= top:
            continue  # ref.py src models the finite range below overflow only
        w = ref.encode_src(fmt, x, n, ref.philox_bits(seed, i, n))
        if got[i] != w:
            fail("element %d: input %s: code 0x%02x, ref.py 0x%02x" % (i, x.hex(), got[i], w))
        judged += 1
    if judged < len(bits) // 2:
        fail("only %d of %d inputs judged" % (judged, len(bits)))
elif cmd == "philox":  # philox RAW SEED COUNT BITS: ref.py's Philox words, low BITS bits
    got = words(open(args[0], "rb").read(), 4)
    seed, count, nb = int(args[1], 0), int(args[2]), int(args[3])
    want = [ref.philox_bits(seed, i, 32) & ((1 << nb) - 1) for i in range(count)]
    if got != want:
        fail("%d values, want %d; first differing at %d" %
             (len(got), count, next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), -1)))
else:
    fail("unknown check " + cmd)
PYEOF
# vcheck WHAT ARGS...: run one of the checks above.
vcheck() {
    local what=$1
    shift
    local msg
    msg=$("$PY" "$TMP/vec.py" "$HERE" "$@" 2>&1)
    local st=$?
    ok $st "$what: $msg"
    vmsg=$msg
}
# count_of: the N of "exmy vectors: N TYPE inputs" on stdout.
count_of() { echo "$out" | sed -n 's/^exmy vectors: \([0-9]*\) .*/\1/p'; }

# ---------------------------------------------------------------- --help

run vectors --help
expect_rc 0 "--help"
expect_out_contains "Usage: exmy vectors" "--help"
expect_out_contains "--expected" "--help"

# ------------------------------------------------- .npy and expected codes

# e4m3fn from f32: the boundary set as float32, codes as uint8 = ref.py's.
run vectors e4m3fn --out "$TMP/in.npy" --expected "$TMP/exp.npy"
expect_rc 0 "e4m3fn .npy"
expect_out_contains "f32 inputs (boundary set of e4m3fn) -> $TMP/in.npy, expected -> $TMP/exp.npy" \
    "e4m3fn .npy summary"
n=$(count_of)
[ -n "$n" ] && [ "$n" -gt 1000 ] || fail "e4m3fn: count '$n' from the summary"
vcheck "e4m3fn inputs .npy" npy "$TMP/in.npy" "<f4" "$n"
vcheck "e4m3fn codes .npy" npy "$TMP/exp.npy" "|u1" "$n"
vcheck "in data" data "$TMP/in.npy" "$TMP/in.raw"
vcheck "exp data" data "$TMP/exp.npy" "$TMP/exp.raw"
vcheck "e4m3fn expected = ref.py" expected e4m3fn f32 satfinite "$TMP/in.raw" "$TMP/exp.raw"
# The set's own promises, from the format: +-448 (0x43e00000) and its
# neighbour ulps, the tie 464 (0x43e80000), +-Inf and NaNs are in it.
"$PY" - "$TMP/in.raw" <<'PYEOF' || fail "e4m3fn boundary set: missing inputs"
import struct, sys
d = open(sys.argv[1], "rb").read()
s = set(struct.unpack("<%dI" % (len(d) // 4), d))
need = [0x43e00000, 0x43dfffff, 0x43e00001, 0x43e80000, 0xc3e80000, 0x7f800000, 0xff800000,
        0x00000000, 0x80000000, 0x00000001]
missing = [hex(x) for x in need if x not in s]
nans = [x for x in s if (x & 0x7f800000) == 0x7f800000 and x & 0x7fffff]
if missing or len([x for x in nans if x >> 31]) < 2 or len([x for x in nans if not x >> 31]) < 2:
    sys.exit("missing %s, NaNs %s" % (missing, [hex(x) for x in nans]))
PYEOF
pass

# e5m2 nosat from f16 (float16): overflow gives Inf, per ref.py.
run vectors e5m2 --sat nosat --from f16 --out "$TMP/h.npy" --expected "$TMP/he.npy"
expect_rc 0 "e5m2 nosat f16"
n16=$(count_of)
vcheck "e5m2 f16 .npy" npy "$TMP/h.npy" "<f2" "$n16"
vcheck "h data" data "$TMP/h.npy" "$TMP/h.raw"
vcheck "he data" data "$TMP/he.npy" "$TMP/he.raw"
vcheck "e5m2 nosat expected = ref.py" expected e5m2 f16 nosat "$TMP/h.raw" "$TMP/he.raw"

# e2m1fn from f32: no NaN in the set (the format has none: exmy_vectors_boundary
# leaves them out), every code = ref.py's.
run vectors e2m1fn --out "$TMP/f4.npy" --expected "$TMP/f4e.npy"
expect_rc 0 "e2m1fn"
vcheck "f4 data" data "$TMP/f4.npy" "$TMP/f4.raw"
vcheck "f4e data" data "$TMP/f4e.npy" "$TMP/f4e.raw"
vcheck "e2m1fn expected = ref.py" expected e2m1fn f32 satfinite "$TMP/f4.raw" "$TMP/f4e.raw"
[ "$vmsg" = 0 ] || fail "e2m1fn boundary set: $vmsg inputs without an answer (NaNs belong out)"
pass

# ---------------------------------------------------------------- raw

run vectors e4m3fn --out "$TMP/in.bin" --expected "$TMP/exp.bin"
expect_rc 0 "raw"
vcheck "raw inputs = .npy data" same "$TMP/in.bin" "$TMP/in.raw"
vcheck "raw codes = .npy data" same "$TMP/exp.bin" "$TMP/exp.raw"
[ "$(stat -c %s "$TMP/in.bin")" -eq $((4 * n)) ] || fail "raw inputs: $(stat -c %s "$TMP/in.bin") bytes, want $((4 * n))"
[ "$(stat -c %s "$TMP/exp.bin")" -eq "$n" ] || fail "raw codes: $(stat -c %s "$TMP/exp.bin") bytes, want $n"
pass

# ---------------------------------------------------------------- .csv

run vectors e5m2 --sat nosat --from f16 --out "$TMP/h.csv" --expected "$TMP/he.csv"
expect_rc 0 ".csv"
vcheck ".csv inputs" csv-in "$TMP/h.csv" "$TMP/h.raw" f16
vcheck ".csv codes" csv-codes "$TMP/he.csv" "$TMP/he.raw" 2
# Two rows by hand: the first input is -Inf (ascending order), its code
# e5m2's -Inf 1 11111 00 = 0xfc.
[ "$(sed -n 2p "$TMP/h.csv")" = "0,0xfc00,-inf" ] || fail ".csv: row 0 is '$(sed -n 2p "$TMP/h.csv")'"
[ "$(sed -n 2p "$TMP/he.csv")" = "0,0xfc" ] || fail ".csv: code row 0 is '$(sed -n 2p "$TMP/he.csv")'"
pass

# ---------------------------------------------------------------- .h

# The inputs' and the codes' headers compile together (-std=c11 -pedantic)
# and hold the .npy's values.
run vectors e4m3fn --out "$TMP/in.h" --expected "$TMP/exp.h"
expect_rc 0 ".h"
grep -q "^/\* exmy vectors: $n f32 inputs (boundary set of e4m3fn)" "$TMP/in.h" ||
    fail ".h: no comment naming the target, type, set and count"
grep -q "^#define EXMY_VECTORS_N $n\$" "$TMP/in.h" || fail ".h: no '#define EXMY_VECTORS_N $n'"
grep -q "^static const uint32_t exmy_vectors_in\[" "$TMP/in.h" || fail ".h: no uint32_t exmy_vectors_in[]"
grep -q "^static const uint8_t exmy_vectors_expected\[" "$TMP/exp.h" || fail ".h: no uint8_t exmy_vectors_expected[]"
pass
cat >"$TMP/h.c" <<'CEOF'
#include "in.h"
#include "exp.h"
#include <stdio.h>
int main(int argc, char **argv)
{
    FILE *a = fopen(argv[1], "wb"), *b = fopen(argv[2], "wb");
    (void)argc;
    if (!a || !b || sizeof exmy_vectors_in / sizeof exmy_vectors_in[0] != EXMY_VECTORS_N)
        return 1;
    fwrite(exmy_vectors_in, sizeof exmy_vectors_in[0], EXMY_VECTORS_N, a);
    fwrite(exmy_vectors_expected, 1, EXMY_VECTORS_N, b);
    return fclose(a) || fclose(b);
}
CEOF
if "$CC" -std=c11 -pedantic -Wall -Werror -I"$TMP" "$TMP/h.c" -o "$TMP/h" 2>"$TMP/cc.err"; then
    "$TMP/h" "$TMP/h_in.raw" "$TMP/h_exp.raw"
    ok $? ".h program ran"
    vcheck ".h inputs = .npy's" same "$TMP/h_in.raw" "$TMP/in.raw"
    vcheck ".h codes = .npy's" same "$TMP/h_exp.raw" "$TMP/exp.raw"
else
    fail ".h does not compile: $(head -c 600 "$TMP/cc.err")"
fi

# ---------------------------------------------------- --set all (16-bit)

run vectors e4m3fn --from f16 --set all --out "$TMP/all16.npy"
expect_rc 0 "--set all f16"
vcheck "all f16 .npy" npy "$TMP/all16.npy" "<f2" 65536
vcheck "all16 data" data "$TMP/all16.npy" "$TMP/all16.raw"
vcheck "all f16: every pattern in order" seq "$TMP/all16.raw" 2 65536
run vectors cuda-e4m3-satfinite --from bf16 --set all --out "$TMP/allb.npy"
expect_rc 0 "--set all bf16"
vcheck "all bf16 .npy (uint16 bit patterns)" npy "$TMP/allb.npy" "<u2" 65536
vcheck "allb data" data "$TMP/allb.npy" "$TMP/allb.raw"
vcheck "all bf16: every pattern in order" seq "$TMP/allb.raw" 2 65536

# e2m1fn from every f16 with --packed: the NaNs (2 signs x (2^10 - 1)
# payloads = 2046) have no answer, code 0, said on stderr; the bytes are
# ref.py's codes two to a byte, the first in the low nibble.
run vectors e2m1fn --from f16 --set all --out "$TMP/f4all.bin" --expected "$TMP/f4all.pk" --packed
expect_rc 0 "e2m1fn packed"
expect_err_contains "2046 inputs have no answer" "e2m1fn: the NaNs without an answer"
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "e2m1fn packed: expected one line on stderr"
[ "$(stat -c %s "$TMP/f4all.pk")" -eq 32768 ] || fail "packed: $(stat -c %s "$TMP/f4all.pk") bytes, want 32768"
pass
vcheck "packed e2m1fn = ref.py packed" expected e2m1fn f16 satfinite "$TMP/f4all.bin" "$TMP/f4all.pk" packed
# An odd count: the last byte's high nibble is 0.
run vectors e2m1fn --set random:1001 --seed 3 --out "$TMP/f4r.bin" --expected "$TMP/f4r.npy" --packed
expect_rc 0 "packed odd count"
vcheck "packed .npy" npy "$TMP/f4r.npy" "|u1" 501
vcheck "f4r data" data "$TMP/f4r.npy" "$TMP/f4r.pk"
vcheck "packed odd count = ref.py packed" expected e2m1fn f32 satfinite "$TMP/f4r.bin" "$TMP/f4r.pk" packed

# FP6 (e2m3fn): four codes to three bytes, element i at bits 6i .. 6i+5 of
# a little-endian bit stream (the packing exmy.h documents), done here from
# the unpacked codes; 1001 codes: 751 bytes, the last one's top bits 0.
run vectors e2m3fn --set random:1001 --seed 4 --out "$TMP/f6.bin" --expected "$TMP/f6.codes"
expect_rc 0 "e2m3fn codes"
run vectors e2m3fn --set random:1001 --seed 4 --out "$TMP/f6.bin" --expected "$TMP/f6.pk" --packed
expect_rc 0 "e2m3fn packed"
"$PY" -c '
import sys
codes = open(sys.argv[1], "rb").read()
acc = sum(c << (6 * i) for i, c in enumerate(codes))
want = acc.to_bytes((6 * len(codes) + 7) // 8, "little")
got = open(sys.argv[2], "rb").read()
sys.exit(0 if got == want and max(codes) < 64 else "packed FP6: %d bytes, want %d" % (len(got), len(want)))' \
    "$TMP/f6.codes" "$TMP/f6.pk"
ok $? "packed e2m3fn = the documented bit stream"

# ------------------------------------------------------------ random:N

run vectors e4m3fn --set random:5000 --seed 11 --out "$TMP/r1.bin" --expected "$TMP/r1e.bin"
expect_rc 0 "random:5000"
expect_out_contains "5000 f32 inputs (random set, seed 11, of e4m3fn)" "random summary"
run vectors e4m3fn --set random:5000 --seed 11 --out "$TMP/r2.bin"
vcheck "random: same seed, same inputs" same "$TMP/r1.bin" "$TMP/r2.bin"
run vectors e4m3fn --set random:5000 --seed 12 --out "$TMP/r3.bin"
vcheck "random: another seed, other inputs" differ "$TMP/r1.bin" "$TMP/r3.bin"
# Element i depends on (seed, i) alone: a shorter set is a prefix.
run vectors e4m3fn --set random:300 --seed 11 --out "$TMP/r4.bin"
vcheck "random: random:300 is a prefix of random:5000" prefix "$TMP/r4.bin" "$TMP/r1.bin"
vcheck "random e4m3fn expected = ref.py" expected e4m3fn f32 satfinite "$TMP/r1.bin" "$TMP/r1e.bin"
[ "$(stat -c %s "$TMP/r1.bin")" -eq 20000 ] || fail "random:5000: $(stat -c %s "$TMP/r1.bin") bytes"
pass

# ------------------------------------------------------------ stochastic

# A format in sr-c with 8 bits: R of element i = Philox(seed, i) mod 2^8
# (ref.py's Philox), and the codes are ref.py's P3109 sr-c with that R.
run vectors e4m3fn --round sr-c --sr-bits 8 --seed 5 --out "$TMP/s.bin" --expected "$TMP/se.bin" \
    --random "$TMP/sr.npy"
expect_rc 0 "sr-c format"
ns=$(count_of)
vcheck "sr-c random .npy" npy "$TMP/sr.npy" "<u4" "$ns"
vcheck "sr data" data "$TMP/sr.npy" "$TMP/sr.raw"
vcheck "sr-c R = ref.py Philox mod 2^8" philox "$TMP/sr.raw" 5 "$ns" 8
vcheck "sr-c expected = ref.py sr-c" sr e4m3fn 8 5 "$TMP/s.bin" "$TMP/se.bin"
# A stochastic profile (AMD v_cvt_sr_fp8_f32, sr-bits 20): R mod 2^20.
run vectors amd-cdna3-v_cvt_sr_fp8_f32 --set random:1000 --seed 0x1234 --out "$TMP/a.bin" \
    --random "$TMP/ar.bin"
expect_rc 0 "stochastic profile"
vcheck "AMD profile R = ref.py Philox mod 2^20" philox "$TMP/ar.bin" 0x1234 1000 20
# --random-operands (PTX cvt.rs x4, 4 lanes): one whole 32-bit operand per
# instruction, ceil(10 / 4) = 3 of them.
run vectors cuda-e4m3-rs --set random:10 --seed 9 --random-operands --out "$TMP/o.bin" \
    --random "$TMP/or.bin"
expect_rc 0 "--random-operands"
vcheck "operands = ref.py Philox words" philox "$TMP/or.bin" 9 3 32

# ---------------------------------------------------------------- --scale

# A scaled profile (AMD v_cvt_scalef32_pk_fp8_f32: e4m3fn, rne, nosat): the
# set holds the boundaries of x * 2^3, e.g. 56 = 448 * 2^-3 and the tie
# 58 = 464 * 2^-3, and each code is ref.py's code of x * 2^3.
run vectors amd-cdna4-v_cvt_scalef32_pk_fp8_f32 --scale 3 --out "$TMP/sc.bin" --expected "$TMP/sce.bin"
expect_rc 0 "--scale 3"
vcheck "scaled codes = ref.py of x * 2^3" scaled e4m3fn nosat 3 "$TMP/sc.bin" "$TMP/sce.bin"
"$PY" -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
s = set(struct.unpack("<%dI" % (len(d) // 4), d))
sys.exit(0 if 0x42600000 in s and 0x42680000 in s else 1)' "$TMP/sc.bin"
ok $? "--scale 3: 56 and 58 (448 and 464 scaled by 2^-3) in the set"
run vectors e4m3fn --scale 3 --out "$TMP/x.npy"
expect_error vectors 2 "--scale with a format"

# ---------------------------------------------------------------- errors

run vectors nosuch-target --out "$TMP/x.npy"
expect_error vectors 1 "unknown target"
run vectors e4m3fn --set everything --out "$TMP/x.npy"
expect_error vectors 1 "bad --set"
run vectors e4m3fn --set random:0 --out "$TMP/x.npy"
expect_error vectors 1 "--set random:0"
run vectors e4m3fn --set all --from f64 --out "$TMP/x.npy"
expect_error vectors 2 "--set all with f64"
run vectors e4m3fn --set all --out "$TMP/x.csv"
expect_error vectors 2 "--set all f32 as .csv"
run vectors e4m3fn --random "$TMP/r.npy" --out "$TMP/x.npy"
expect_error vectors 2 "--random with a deterministic format"
run vectors cuda-e4m3-satfinite --random "$TMP/r.npy" --out "$TMP/x.npy"
expect_error vectors 2 "--random with a deterministic profile"
run vectors cuda-e4m3-satfinite --random-operands --out "$TMP/x.npy"
expect_error vectors 2 "--random-operands with a deterministic profile"
run vectors e2m1fn --out "$TMP/x.npy" --expected "$TMP/x.csv" --packed
expect_error vectors 2 ".csv with --packed"
run vectors e4m3fn --expected "$TMP/x.npy"
expect_error vectors 2 "missing --out"
run vectors cuda-e4m3-satfinite --from f64 --out "$TMP/x.npy"
expect_error vectors 1 "a type the profile does not take"
expect_err_contains "does not take f64 inputs" "a type the profile does not take"
run vectors cuda-e4m3-satfinite --round rtz --out "$TMP/x.npy"
expect_error vectors 2 "--round with a profile"
# Unwritable: the second output cannot be created, so the first is not left
# (nor any temporary file); a full device fails at the end, leaving nothing.
mkdir "$TMP/clean"
run vectors e4m3fn --out "$TMP/clean/in.npy" --expected "$TMP/nodir/exp.npy"
expect_error vectors 1 "unwritable --expected"
[ -z "$(ls -A "$TMP/clean")" ] || fail "unwritable --expected: left $(ls -A "$TMP/clean")"
pass
if [ -w /dev/full ]; then
    run vectors e4m3fn --out /dev/full --expected "$TMP/clean/exp.npy"
    expect_error vectors 1 "--out /dev/full"
    [ -z "$(ls -A "$TMP/clean")" ] || fail "/dev/full: left $(ls -A "$TMP/clean")"
    pass
fi

finish
