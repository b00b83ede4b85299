# exmy convert's array features: .npy input and output (headers built and
# parsed here in Python, independently of tools/npy.c), --isa and --threads
# (identical bytes), Philox stochastic rounding against ref.py's Philox4x32-10
# and sr-c, --index0 splitting, --random FILE, and their errors.
source "$(dirname "$0")/lib.sh"

# npy_make DESCR SHAPE VERSION STRUCTFMT OUT [VALUES...]: a .npy file written
# byte by byte from the format's definition (magic, version, header length,
# dict, padding to a multiple of 64, data). SHAPE is a Python tuple literal.
npy_make() {
    "$PY" - "$@" <<'PYEOF'
import struct, sys
descr, shape, ver, fmt, out = sys.argv[1:6]
vals = [float(v) if fmt[-1] in "efd" else int(v, 0) for v in sys.argv[6:]]
d = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
pre = 10 if ver == "1" else 12
total = (pre + len(d) + 1 + 63) // 64 * 64
h = (d + " " * (total - pre - len(d) - 1) + "\n").encode()
lenfield = struct.pack("<H", len(h)) if ver == "1" else struct.pack("<I", len(h))
data = b"".join(struct.pack(fmt, v) for v in vals)
open(out, "wb").write(b"\x93NUMPY" + bytes([int(ver), 0]) + lenfield + h + data)
PYEOF
}

# npy_show FILE: "descr shape count" and the data as hex, parsed here.
npy_show() {
    "$PY" - "$1" <<'PYEOF'
import ast, struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:6] == b"\x93NUMPY", "bad magic"
if b[6] == 1:
    hl, off = struct.unpack("<H", b[8:10])[0], 10
else:
    hl, off = struct.unpack("<I", b[8:12])[0], 12
assert (off + hl) % 64 == 0, "data not 64-byte aligned"
d = ast.literal_eval(b[off:off + hl].decode("latin1"))
assert d["fortran_order"] is False
print(d["descr"], d["shape"], b[off + hl:].hex())
PYEOF
}

# npy_data FILE OUT: the data bytes of a .npy (after its header).
npy_data() {
    "$PY" -c '
import struct, sys
b = open(sys.argv[1], "rb").read()
off = 10 + struct.unpack("<H", b[8:10])[0] if b[6] == 1 else 12 + struct.unpack("<I", b[8:12])[0]
open(sys.argv[2], "wb").write(b[off:])' "$1" "$2"
}

# Mixed f32 input (seeded): every binade of e4m3fn and e5m2, subnormals,
# ties, zeros, infinities, random bit patterns (no NaN).
"$PY" - "$TMP/x.f32" 150000 <<'PYEOF'
import math, random, struct, sys
rnd = random.Random(7)
xs = [0.0, -0.0, 1.0, 448.0, 464.0, 2.0**-9, 2.0**-10, 3 * 2.0**-11, math.inf, -math.inf, 1e-40]
while len(xs) < int(sys.argv[2]):
    r = rnd.random()
    if r < 0.6:
        xs.append(rnd.choice((-1, 1)) * rnd.uniform(1, 2) * 2.0 ** rnd.randint(-20, 17))
    elif r < 0.8:
        xs.append(rnd.choice((-1, 1)) * (rnd.randint(8, 15) * 2 + 1) * 2.0 ** rnd.randint(-12, 6))
    else:
        b = rnd.getrandbits(32)
        if (b >> 23) & 0xFF != 0xFF:
            xs.append(struct.unpack("<f", struct.pack("<I", b))[0])
open(sys.argv[1], "wb").write(struct.pack("<%df" % len(xs), *xs))
PYEOF
# The same data as a .npy (v1.0 header by hand, vector).
"$PY" -c '
import struct, sys
data = open(sys.argv[1], "rb").read()
d = "{\x27descr\x27: \x27<f4\x27, \x27fortran_order\x27: False, \x27shape\x27: (%d,), }" % (len(data) // 4)
h = d + " " * ((10 + len(d) + 1 + 63) // 64 * 64 - 10 - len(d) - 1) + "\n"
open(sys.argv[2], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + data)
' "$TMP/x.f32" "$TMP/x.npy"

# ---------------------------------------------------------------- .npy

# Hand-built 2x3 float32, header v1.0 and v2.0. Codes by hand (e4m3fn, rne):
# 1 -> 0x38, -2 -> 0xc0, 0.3 (binary32 0.300000012) lies between 0.28125
# (0x29) and 0.3125 (0x2a), above their midpoint 0.296875 -> 0x2a; 448 -> 0x7e,
# 1000 -> 0x7e (satfinite), 0.001953125 = 2^-9 -> 0x01.
for ver in 1 2; do
    npy_make '<f4' '(2, 3)' "$ver" '<f' "$TMP/h$ver.npy" 1 -2 0.3 448 1000 0.001953125
    run convert e4m3fn --to codes --in "$TMP/h$ver.npy" --out "$TMP/q$ver.npy"
    expect_rc 0 "hand-built v$ver.0 .npy -> codes"
    got=$(npy_show "$TMP/q$ver.npy")
    n_checks=$((n_checks + 1))
    [ "$got" = "|u1 (2, 3) 38c02a7e7e01" ] || fail "v$ver.0 .npy codes: got '$got'"
    # Decode back to a float32 .npy: the values of those codes, same shape.
    run convert e4m3fn --from codes --to f32 --in "$TMP/q$ver.npy" --out "$TMP/v$ver.npy"
    got=$(npy_show "$TMP/v$ver.npy")
    want="<f4 (2, 3) $("$PY" -c 'import struct; print(struct.pack("<6f", 1, -2, 0.3125, 448, 448, 2**-9).hex())')"
    n_checks=$((n_checks + 1))
    [ "$got" = "$want" ] || fail "v$ver.0 .npy decode: got '$got', want '$want'"
    # Fake-quantise to float64, shape kept.
    run convert e4m3fn --from f32 --to f64 --in "$TMP/h$ver.npy" --out "$TMP/d$ver.npy"
    got=$(npy_show "$TMP/d$ver.npy")
    want="<f8 (2, 3) $("$PY" -c 'import struct; print(struct.pack("<6d", 1, -2, 0.3125, 448, 448, 2**-9).hex())')"
    n_checks=$((n_checks + 1))
    [ "$got" = "$want" ] || fail "v$ver.0 .npy f32 -> f64: got '$got'"
done
# float64, big-endian float32, float16 and 0-d inputs.
npy_make '<f8' '(3,)' 1 '<d' "$TMP/d.npy" -431.99999999999994 0.5 -0.0
run convert e4m3fn --to codes --in "$TMP/d.npy" --out "$TMP/q.npy"
got=$(npy_show "$TMP/q.npy")
n_checks=$((n_checks + 1))
[ "$got" = "|u1 (3,) fd3080" ] || fail "float64 .npy: got '$got'" # -416, 0.5, -0
npy_make '>f4' '(2,)' 1 '>f' "$TMP/be.npy" 1.5 -3
run convert e5m2 --to codes --in "$TMP/be.npy" --out "$TMP/q.npy"
got=$(npy_show "$TMP/q.npy")
n_checks=$((n_checks + 1))
[ "$got" = "|u1 (2,) 3ec2" ] || fail "big-endian float32 .npy: got '$got'" # e5m2 1.5, -3
npy_make '<f2' '()' 1 '<e' "$TMP/h0.npy" 0.75
run convert e2m1fn --to codes --in "$TMP/h0.npy" --out "$TMP/q.npy"
got=$(npy_show "$TMP/q.npy")
n_checks=$((n_checks + 1))
[ "$got" = "|u1 () 02" ] || fail "0-d float16 .npy: got '$got'" # 0.75: tie of 0.5/1 -> 1 = 0x2
# Codes wider or narrower than the format's: uint32 codes of e4m3fn, uint8
# codes of bf16 (16-bit codes), uint16 codes as bf16 bit patterns.
npy_make '<u4' '(3,)' 1 '<I' "$TMP/c32.npy" 0x38 0xc0 0x7e
run convert e4m3fn --to f32 --in "$TMP/c32.npy" --out "$TMP/v.npy"
got=$(npy_show "$TMP/v.npy")
want="<f4 (3,) $("$PY" -c 'import struct; print(struct.pack("<3f", 1, -2, 448).hex())')"
n_checks=$((n_checks + 1))
[ "$got" = "$want" ] || fail "uint32 codes of e4m3fn: got '$got'"
npy_make '<u4' '(2,)' 1 '<I' "$TMP/c32.npy" 0x38 0x100
run convert e4m3fn --to f32 --in "$TMP/c32.npy" --out "$TMP/outv.npy"
expect_error convert 1 "uint32 code 0x100 of e4m3fn"
expect_err_contains "element 1 (byte offset 132)" "bad wide code names element and byte offset"
npy_make '|u1' '(2,)' 1 'B' "$TMP/c8.npy" 0x3f 0xc0
run convert bf16 --to f32 --in "$TMP/c8.npy" --out "$TMP/v.npy"
got=$(npy_show "$TMP/v.npy")
want="<f4 (2,) $("$PY" -c 'import struct; print(struct.pack("<2I", 0x3f << 16, 0xc0 << 16).hex())')"
n_checks=$((n_checks + 1))
[ "$got" = "$want" ] || fail "uint8 codes of bf16: got '$got'"
npy_make '<u2' '(2,)' 1 '<H' "$TMP/b16.npy" 0x3fc0 0xc040
run convert e4m3fn --from bf16 --to codes --in "$TMP/b16.npy" --out "$TMP/q.npy"
got=$(npy_show "$TMP/q.npy")
n_checks=$((n_checks + 1))
[ "$got" = "|u1 (2,) 3cc4" ] || fail "uint16 as bf16 patterns: got '$got'" # 1.5, -3
# 16-bit codes out: dtype uint16. binary16 of 1, -2, 0.3 (0x34cd: 0x3e99999a
# rounded), 448, 1000, 2^-9 (exponent field 6: 0x1800).
run convert fp16 --to codes --in "$TMP/h1.npy" --out "$TMP/q.npy"
got=$(npy_show "$TMP/q.npy")
n_checks=$((n_checks + 1))
[ "$got" = "<u2 (2, 3) 003c00c0cd34005fd0630018" ] || fail "fp16 codes .npy: got '$got'"

# Round trip on 150000 elements (three chunks): f32 .npy -> e4m3fn codes
# .npy -> f32 .npy equals fake-quantisation, and both equal ref.py.
run convert e4m3fn --to codes --in "$TMP/x.npy" --out "$TMP/c.npy"
expect_rc 0 "x.npy -> codes"
run convert e4m3fn --to f32 --in "$TMP/c.npy" --out "$TMP/rt.npy"
run convert e4m3fn --from f32 --to f32 --in "$TMP/x.npy" --out "$TMP/fq.npy"
cmp -s "$TMP/rt.npy" "$TMP/fq.npy"
ok $? ".npy round trip f32 -> codes -> f32 differs from fake-quantisation"
"$PY" "$HERE/ref.py" encode e4m3fn f32 satfinite <"$TMP/x.f32" >"$TMP/want.codes"
npy_data "$TMP/c.npy" "$TMP/got.codes"
cmp -s "$TMP/got.codes" "$TMP/want.codes"
ok $? ".npy codes differ from ref.py"
"$PY" "$HERE/ref.py" decode e4m3fn f32 <"$TMP/want.codes" >"$TMP/want.f32"
npy_data "$TMP/fq.npy" "$TMP/got.f32"
cmp -s "$TMP/got.f32" "$TMP/want.f32"
ok $? ".npy fake-quantised values differ from ref.py"
n_checks=$((n_checks + 1))
[ "$(npy_show "$TMP/c.npy" | cut -d' ' -f1-2)" = "|u1 (150000,)" ] || fail "codes .npy header"
# Raw in, .npy out (the count is filled in at the end), and .npy in, raw out.
"$EXMY" convert e4m3fn --from f32 --to codes --out "$TMP/r.npy" <"$TMP/x.f32"
cmp -s "$TMP/r.npy" "$TMP/c.npy"
ok $? "raw stdin -> .npy equals .npy -> .npy"
"$EXMY" convert e4m3fn --to codes --in "$TMP/x.npy" >"$TMP/raw.codes"
cmp -s "$TMP/raw.codes" "$TMP/want.codes"
ok $? ".npy -> raw stdout"
# Magic detection: a .npy on stdin (redirected, seekable) or under another name.
"$EXMY" convert e4m3fn --to codes <"$TMP/x.npy" >"$TMP/raw.codes"
cmp -s "$TMP/raw.codes" "$TMP/want.codes"
ok $? ".npy recognised on stdin by its magic"
cp "$TMP/x.npy" "$TMP/x.bin"
"$EXMY" convert e4m3fn --from f32 --to codes --in "$TMP/x.bin" >"$TMP/raw.codes"
cmp -s "$TMP/raw.codes" "$TMP/want.codes"
ok $? ".npy recognised by its magic without the extension"
# Empty raw input -> a .npy of shape (0,).
run convert e4m3fn --from f32 --to f64 --in /dev/null --out "$TMP/e.npy"
got=$(npy_show "$TMP/e.npy")
n_checks=$((n_checks + 1))
[ "$got" = "<f8 (0,) " ] || fail "empty raw -> .npy: got '$got'"

# Constant memory on a 40 MB .npy (10 M float32 of 1.0 -> 0x38).
if [ -x /usr/bin/time ]; then
    "$PY" -c '
import struct, sys
n = 10000000
d = "{\x27descr\x27: \x27<f4\x27, \x27fortran_order\x27: False, \x27shape\x27: (%d,), }" % n
h = d + " " * ((10 + len(d) + 1 + 63) // 64 * 64 - 10 - len(d) - 1) + "\n"
f = open(sys.argv[1], "wb")
f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode())
f.write(struct.pack("<f", 1.0) * n)' "$TMP/big.npy"
    /usr/bin/time -f '%M' -o "$TMP/rss" "$EXMY" convert e4m3fn --to codes --in "$TMP/big.npy" --out "$TMP/bigc.npy"
    big=$(tail -n 1 "$TMP/rss")
    /usr/bin/time -f '%M' -o "$TMP/rss" "$EXMY" convert e4m3fn --to codes --in "$TMP/h1.npy" --out "$TMP/q.npy"
    small=$(tail -n 1 "$TMP/rss")
    n_checks=$((n_checks + 1))
    [ "$big" -lt $((small + 16384)) ] || fail "40 MB .npy: max RSS $big KiB vs $small KiB"
    n_checks=$((n_checks + 1))
    cmp -s <(npy_data "$TMP/bigc.npy" /dev/stdout) <("$PY" -c 'import sys; sys.stdout.buffer.write(b"\x38" * 10000000)') ||
        fail "40 MB .npy: codes are not all 0x38"
    rm -f "$TMP/big.npy" "$TMP/bigc.npy"
fi

# Malformed and truncated .npy: one line, exit 1, no output file.
mkdir "$TMP/outdir"
check_no_files() {
    n_checks=$((n_checks + 1))
    [ -z "$(ls -A "$TMP/outdir")" ] || fail "$1: files left behind: $(ls -A "$TMP/outdir")"
}
bad_npy() { # FILE DESCRIPTION [TEXT]
    run convert e4m3fn --to codes --in "$1" --out "$TMP/outdir/q.npy"
    expect_error convert 1 "$2"
    [ $# -ge 3 ] && expect_err_contains "$3" "$2"
    check_no_files "$2"
}
head -c 100 "$TMP/h1.npy" >"$TMP/bad.npy"
bad_npy "$TMP/bad.npy" "truncated header"
head -c $(( $(stat -c %s "$TMP/h1.npy") - 3 )) "$TMP/h1.npy" >"$TMP/bad.npy"
bad_npy "$TMP/bad.npy" "truncated data" "truncated"
head -c 5 "$TMP/h1.npy" >"$TMP/bad.npy"
bad_npy "$TMP/bad.npy" "5-byte file"
printf 'PK\003\004 not a npy at all, a zip' >"$TMP/bad.npy"
bad_npy "$TMP/bad.npy" "bad magic"
npy_make '<i4' '(2,)' 1 '<i' "$TMP/bad.npy" 1 2
bad_npy "$TMP/bad.npy" "int32 dtype" "<i4"
"$PY" -c '
import struct, sys
d = b"{\x27descr\x27: \x27<f4\x27, \x27shape\x27: (2,, }"
h = d + b" " * (64 - 10 - len(d) - 1) + b"\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + bytes(8))' "$TMP/bad.npy"
bad_npy "$TMP/bad.npy" "malformed header dict"
"$PY" -c '
import struct, sys
d = b"{\x27descr\x27: \x27<f4\x27, \x27fortran_order\x27: True, \x27shape\x27: (2, 3), }"
h = d + b" " * (128 - 10 - len(d) - 1) + b"\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + bytes(24))' "$TMP/bad.npy"
bad_npy "$TMP/bad.npy" "Fortran-order matrix"
# Truncated data found while streaming: a FIFO named .npy (not a regular
# file, so the size cannot be checked up front).
mkfifo "$TMP/fifo.npy"
head -c 100000 "$TMP/x.npy" >"$TMP/fifo.npy" &
run convert e4m3fn --to codes --in "$TMP/fifo.npy" --out "$TMP/outdir/q.npy"
wait
expect_error convert 1 "truncated .npy through a FIFO"
expect_err_contains "truncated" "truncated FIFO .npy"
check_no_files "truncated .npy through a FIFO"
# --from must agree with the dtype.
run convert e4m3fn --from f64 --to codes --in "$TMP/h1.npy" --out "$TMP/outdir/q.npy"
expect_error convert 1 "--from f64 with a float32 .npy"
expect_err_contains "float32" "dtype disagreement names the dtype"
check_no_files "--from disagreement"
run convert e4m3fn --from f32 --to codes --in "$TMP/h1.npy" --out "$TMP/q.npy"
expect_rc 0 "--from f32 with a float32 .npy"
run convert e4m3fn --to codes --in "$TMP/x.f32"
expect_error convert 2 "raw input without --from"
run convert e4m3fn --to codes --in "$TMP/c.npy"
expect_error convert 2 "codes .npy with --to codes"

# ------------------------------------------------------ --isa, --threads
for args in "--from f32 --to codes" "--from f32 --to f32" "--from f32 --to f64" \
    "--from f32 --to codes --round sr-c --sr-bits 5 --seed 99" \
    "--from f32 --to f32 --round sr-a --sr-bits 12 --seed 0xfeedface12345678"; do
    for fmt in e4m3fn e5m2 e2m1fn bf16; do
        # shellcheck disable=SC2086
        "$EXMY" convert "$fmt" $args --isa scalar --in "$TMP/x.f32" --out "$TMP/want"
        for isa in portable avx2 avx512 auto; do
            # shellcheck disable=SC2086
            "$EXMY" convert "$fmt" $args --isa "$isa" --in "$TMP/x.f32" --out "$TMP/got"
            cmp -s "$TMP/got" "$TMP/want"
            ok $? "convert $fmt $args: --isa $isa differs from --isa scalar"
        done
        # shellcheck disable=SC2086
        "$EXMY" convert "$fmt" $args --threads 2 --in "$TMP/x.f32" --out "$TMP/got"
        cmp -s "$TMP/got" "$TMP/want"
        ok $? "convert $fmt $args: --threads 2 differs from one thread"
        # shellcheck disable=SC2086
        "$EXMY" convert "$fmt" $args --threads 3 --isa avx512 --in "$TMP/x.f32" --out "$TMP/got"
        cmp -s "$TMP/got" "$TMP/want"
        ok $? "convert $fmt $args: --threads 3 --isa avx512 differs"
    done
done

# ------------------------------------------------ stochastic rounding
# The first 3000 elements (below e4m3fn's overflow threshold 480): codes of
# sr-c with Philox bits equal ref.py's independent Philox4x32-10 and sr-c.
"$PY" "$HERE/ref.py" philox-kat
ok $? "ref.py's Philox4x32-10 fails Random123's known-answer vectors"
"$PY" -c '
import math, struct, sys
d = open(sys.argv[1], "rb").read()
xs = [x for (x,) in struct.iter_unpack("<f", d) if abs(x) < 480][:3000]
open(sys.argv[2], "wb").write(struct.pack("<%df" % len(xs), *xs))' "$TMP/x.f32" "$TMP/s.f32"
for bits in 3 8 23; do
    "$PY" "$HERE/ref.py" src e4m3fn "$bits" 0x123456789abcdef 0 <"$TMP/s.f32" >"$TMP/want"
    run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits "$bits" --seed 0x123456789abcdef \
        --in "$TMP/s.f32" --out "$TMP/got"
    cmp -s "$TMP/got" "$TMP/want"
    ok $? "sr-c --sr-bits $bits --seed: codes differ from ref.py"
done
# Sanity of the test itself: sr-c with 23 bits rounds a fair share of the
# inexact elements up and down (so the comparison above can fail).
"$PY" "$HERE/ref.py" encode e4m3fn f32 satfinite <"$TMP/s.f32" >"$TMP/rne"
n_checks=$((n_checks + 1))
ndiff=$(cmp -l "$TMP/rne" "$TMP/want" | wc -l)
[ "$ndiff" -gt 100 ] || fail "sr-c --sr-bits 23 differs from rne in only $ndiff elements"
# ... and sr-a with 3 bits differs from ref.py's sr-c (the check tells modes apart).
run convert e4m3fn --from f32 --to codes --round sr-a --sr-bits 3 --seed 0x123456789abcdef \
    --in "$TMP/s.f32" --out "$TMP/got"
"$PY" "$HERE/ref.py" src e4m3fn 3 0x123456789abcdef 0 <"$TMP/s.f32" >"$TMP/want"
n_checks=$((n_checks + 1))
ndiff=$(cmp -l "$TMP/got" "$TMP/want" | wc -l)
[ "$ndiff" -gt 10 ] || fail "sr-a --sr-bits 3 differs from ref.py's sr-c in only $ndiff elements"
# --index0: elements from 2000 on, and the whole split into two runs.
head -c 8000 "$TMP/s.f32" >"$TMP/s1.f32"
tail -c +8001 "$TMP/s.f32" >"$TMP/s2.f32"
"$PY" "$HERE/ref.py" src e4m3fn 8 77 2000 <"$TMP/s2.f32" >"$TMP/want2"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 --seed 77 --index0 2000 \
    --in "$TMP/s2.f32" --out "$TMP/got2"
cmp -s "$TMP/got2" "$TMP/want2"
ok $? "sr-c --index0 2000 differs from ref.py"
"$EXMY" convert e4m3fn --from f32 --to f32 --round sr-c --sr-bits 8 --seed 77 --in "$TMP/s1.f32" >"$TMP/p1"
"$EXMY" convert e4m3fn --from f32 --to f32 --round sr-c --sr-bits 8 --seed 77 --index0 2000 \
    --in "$TMP/s2.f32" >"$TMP/p2"
"$EXMY" convert e4m3fn --from f32 --to f32 --round sr-c --sr-bits 8 --seed 77 --in "$TMP/s.f32" >"$TMP/whole"
cat "$TMP/p1" "$TMP/p2" | cmp -s - "$TMP/whole"
ok $? "sr-c split into two runs with --index0 differs from one run"
# Split across chunk boundaries of a long stream (150000 elements).
args="e5m2 --from f32 --to codes --round sr-c --sr-bits 10 --seed 5"
# shellcheck disable=SC2086
"$EXMY" convert $args --in "$TMP/x.f32" >"$TMP/whole"
head -c 400004 "$TMP/x.f32" >"$TMP/a.f32"
tail -c +400005 "$TMP/x.f32" >"$TMP/b.f32"
# shellcheck disable=SC2086
{ "$EXMY" convert $args --in "$TMP/a.f32"; "$EXMY" convert $args --index0 100001 --in "$TMP/b.f32"; } |
    cmp -s - "$TMP/whole"
ok $? "sr-c stream split at element 100001 differs from one run"
# --random FILE with Philox's own words gives the --seed result, raw or .npy.
"$PY" "$HERE/ref.py" philox-words 77 0 3000 >"$TMP/r.u32"
"$EXMY" convert e4m3fn --from f32 --to f32 --round sr-c --sr-bits 8 --random "$TMP/r.u32" \
    --in "$TMP/s.f32" >"$TMP/got"
"$EXMY" convert e4m3fn --from f32 --to f32 --round sr-c --sr-bits 8 --seed 77 --in "$TMP/s.f32" >"$TMP/whole"
cmp -s "$TMP/got" "$TMP/whole"
ok $? "--random with ref.py's Philox words differs from --seed"
"$PY" -c '
import struct, sys
data = open(sys.argv[1], "rb").read()
d = "{\x27descr\x27: \x27<u4\x27, \x27fortran_order\x27: False, \x27shape\x27: (%d,), }" % (len(data) // 4)
h = d + " " * ((12 + len(d) + 1 + 63) // 64 * 64 - 12 - len(d) - 1) + "\n"
open(sys.argv[2], "wb").write(b"\x93NUMPY\x02\x00" + struct.pack("<I", len(h)) + h.encode() + data)
' "$TMP/r.u32" "$TMP/r.npy"
"$EXMY" convert e4m3fn --from f32 --to f32 --round sr-c --sr-bits 8 --random "$TMP/r.npy" \
    --in "$TMP/s.f32" >"$TMP/got"
cmp -s "$TMP/got" "$TMP/whole"
ok $? "--random .npy (v2.0 header) differs from --seed"
# --random by hand: e4m3fn 1.05 (binary32 1.04999995) lies 0.4 of the way
# from 1 (0x38) to 1.125 (0x39); sr-a with 2 bits: floor(1.6) = 1, up iff R >= 3.
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<4f", 1.05, 1.05, 1.05, 1.05))' >"$TMP/o.f32"
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<4I", 0, 2, 3, 0xfffffffb))' >"$TMP/o.u32"
run convert e4m3fn --from f32 --to codes --round sr-a --sr-bits 2 --random "$TMP/o.u32" --in "$TMP/o.f32"
n_checks=$((n_checks + 1))
[ "$(od -An -tx1 "$TMP/out" | tr -d ' \n')" = 38383939 ] || fail "sr-a by hand: $(od -An -tx1 "$TMP/out")"
# Errors: --random shorter than the input (also in a later chunk), wrong dtype.
head -c 11996 "$TMP/r.u32" >"$TMP/short.u32"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 --random "$TMP/short.u32" \
    --in "$TMP/s.f32" --out "$TMP/outdir/q"
expect_error convert 1 "--random shorter than the input"
expect_err_contains "2999" "short --random names its count"
check_no_files "short --random"
"$PY" "$HERE/ref.py" philox-words 1 0 100000 >"$TMP/r100k.u32"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 --random "$TMP/r100k.u32" \
    --in "$TMP/x.npy" --out "$TMP/outdir/q.npy"
expect_error convert 1 "--random shorter than a long input"
check_no_files "short --random, long input"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 --random "$TMP/c.npy" \
    --in "$TMP/s.f32" --out "$TMP/outdir/q"
expect_error convert 1 "--random .npy of uint8"
check_no_files "--random .npy of uint8"
# Usage errors (exit 2) and bad values (exit 1).
run convert e4m3fn --from f32 --to codes --round sr-c --seed 1 </dev/null
expect_error convert 2 "sr-c without --sr-bits"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 </dev/null
expect_error convert 2 "sr-c without --seed or --random"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 --seed 1 --random "$TMP/r.u32" </dev/null
expect_error convert 2 "--seed and --random"
run convert e4m3fn --from f32 --to codes --seed 1 </dev/null
expect_error convert 2 "--seed with rne"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 --random "$TMP/r.u32" --index0 3 </dev/null
expect_error convert 2 "--index0 with --random"
# --index0 near 2^64: element i uses Philox index index0 + i, which must not
# wrap. Two elements fit from 2^64 - 2 (indices ...fe, ...ff), not from 2^64 - 1,
# whether the length is known first (a file) or found while reading (a pipe).
printf '\0\0\x80\x3f\0\0\x80\x3f' >"$TMP/two.f32"
run convert e4m3fn --from f32 --to codes --round sr-a --sr-bits 4 --seed 1 --index0 0xfffffffffffffffe \
    --in "$TMP/two.f32"
expect_rc 0 "--index0 2^64-2 with two elements"
run convert e4m3fn --from f32 --to codes --round sr-a --sr-bits 4 --seed 1 --index0 0xffffffffffffffff \
    --in "$TMP/two.f32" --out "$TMP/wrap"
expect_error convert 1 "--index0 2^64-1 with two elements (file)"
expect_err_contains "2^64 - 1" "--index0 wrap names the bound"
[ ! -e "$TMP/wrap" ] || fail "--index0 wrap left an output file"
pass
last_args="convert ... --index0 2^64-1 < pipe"
cat "$TMP/two.f32" | "$EXMY" convert e4m3fn --from f32 --to codes --round sr-a --sr-bits 4 --seed 1 \
    --index0 0xffffffffffffffff >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
expect_error convert 1 "--index0 2^64-1 with two elements (pipe)"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 33 --seed 1 </dev/null
expect_error convert 1 "--sr-bits 33"
run convert e4m3fn --from f32 --to codes --round sr-c --sr-bits 8 --seed -1 </dev/null
expect_error convert 1 "--seed -1"
run convert --help
expect_out_contains "--random FILE" "help documents --random"
expect_out_contains "--index0" "help documents --index0"
expect_out_contains ".npy" "help documents .npy"

finish
