# exmy convert with block formats (OCP MX, NVFP4): .npy round trips whose
# codes, scales and values are checked against ref_mx.py (an independent
# model of OCP MX v1.0 §6.3 on exact Fractions over ref.py's value tables),
# the boundaries of the scale rule (an amax just below a power of two, a
# zero block, a subnormal amax, a scale clamped at either end of E8M0), the
# layout (1-D, N-D, packed FP4, --tail short), and the errors.
source "$(dirname "$0")/lib.sh"
REF_MX="$HERE/ref_mx.py"

# The inputs, seeded: X.npy (6, 96) float32 and its float64 and float16
# copies, with the boundaries each in a block of its own.
"$PY" - "$TMP" <<'PYEOF'
import random, struct, sys
d = sys.argv[1]
rnd = random.Random(14)

def write_npy(path, descr, shape, fmt, vals):
    h = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    total = (10 + len(h) + 1 + 63) // 64 * 64
    h = (h + " " * (total - 10 - len(h) - 1) + "\n").encode()
    data = b"".join(struct.pack("<" + fmt, v) for v in vals)
    open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data)

def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]

def block(amax_exp, n=32, mant_hi=2.0):
    """n values, sign random, magnitudes up to 2^amax_exp * mant_hi."""
    return [rnd.choice((-1, 1)) * rnd.uniform(0, mant_hi) * 2.0 ** amax_exp for _ in range(n)]

below = f32(32 * (1 - 2.0**-24))  # 0x41ffffff: floor(log2) is 4, a float log2 gives 5
rows = []
# row 0: an amax just below 2^5, exactly 2^5, and an ordinary block
rows.append([below] + block(3) [1:] + [-32.0] + block(4)[1:] + block(0))
# row 1: a zero block (-0 too), tiny negatives that round to -0 beside 1.0,
# and a subnormal binary32 amax (the scale clamps at 2^-127)
rows.append([0.0, -0.0] * 16 + [1.0] + [-(2.0**-20)] * 31 + [1.5 * 2.0**-140] + [2.0**-149] * 31)
# row 2: ties of e4m3fn at scale 1 (amax 448: floor(log2) = 8 = emax), values
# past the element's range after scaling (saturate), and the top binade of binary32
ties = [448.0, 1.0625, 1.1875, 17.0, -17.0, 464.0 - 1, 0.5 + 2.0**-5, 3.0 * 2.0**-10]
rows.append(ties * 4 + [f32(1.99 * 2.0**127)] + block(127, 31, 1.99) + block(-60))
# rows 3..5: random binades
for r in range(3):
    rows.append(sum((block(rnd.randint(-30, 30)) for _ in range(3)), []))
xs = [f32(v) for row in rows for v in row]
assert len(xs) == 6 * 96
write_npy(d + "/x.npy", "<f4", "(6, 96)", "f", xs)
write_npy(d + "/x64.npy", "<f8", "(6, 96)", "d", xs)
# float64 beyond binary32: one scale clamps at 2^127 (elements saturate), one at 2^-127
x64b = xs[:96 * 5] + [1.5 * 2.0**200] * 32 + [2.0**-300] * 32 + xs[-32:]
write_npy(d + "/x64b.npy", "<f8", "(6, 96)", "d", x64b)
# float16 and bfloat16 (raw) copies of values they hold exactly
h = [struct.unpack("<e", struct.pack("<e", rnd.uniform(-2, 2) * 2.0 ** rnd.randint(-8, 8)))[0]
     for _ in range(4 * 64)]
write_npy(d + "/x16.npy", "<f2", "(4, 64)", "e", h)
open(d + "/xbf.raw", "wb").write(b"".join(
    struct.pack("<H", struct.unpack("<I", struct.pack("<f", v))[0] >> 16) for v in h))
write_npy(d + "/xbf_as_f32.npy", "<f4", "(256,)", "f",
          [struct.unpack("<f", struct.pack("<I", (struct.unpack("<I", struct.pack("<f", v))[0] >> 16) << 16))[0] for v in h])
# 1-D, 3-D, a row of 40 (not a multiple of 32), a row of 41 (odd, packed FP4)
write_npy(d + "/x1d.npy", "<f4", "(64,)", "f", xs[:64])
write_npy(d + "/x3d.npy", "<f4", "(2, 3, 32)", "f", xs[:192])
write_npy(d + "/x40.npy", "<f4", "(6, 40)", "f", xs[:240])
write_npy(d + "/x41.npy", "<f4", "(3, 41)", "f", xs[:123])
# stochastic rounding: magnitudes below 1.75 * 2^e, so that x / X stays
# below e4m3fn's 448 (ref.encode_src's domain)
sr = [rnd.choice((-1, 1)) * rnd.uniform(0, 1.74) * 2.0 ** (j // 32 - 2) for j in range(4 * 64)]
write_npy(d + "/xsr.npy", "<f4", "(4, 64)", "f", [f32(v) for v in sr])
# NaN and Inf
write_npy(d + "/xnan.npy", "<f4", "(2, 32)", "f", [1.0] * 5 + [float("nan")] + [2.0] * 26 + [3.0] * 32)
write_npy(d + "/xinf.npy", "<f4", "(1, 32)", "f", [1.0] * 7 + [float("inf")] + [2.0] * 24)
# NVFP4: blocks of 16 over four decades
nv = [f32(rnd.uniform(-1, 1) * 10.0 ** (j // 16 % 4 - 1)) for j in range(4 * 48)]
write_npy(d + "/xnv.npy", "<f4", "(4, 48)", "f", nv)
PYEOF

# npy_head FILE: "descr shape" of a .npy, parsed here.
npy_head() {
    "$PY" -c '
import sys; sys.path.insert(0, sys.argv[2]); import ref_mx
d, s, _ = ref_mx.read_npy(sys.argv[1]); print(d, s)' "$1" "$HERE"
}

# npy_data FILE OUT: the data bytes of a .npy.
npy_data() {
    "$PY" -c '
import sys; sys.path.insert(0, sys.argv[3]); import ref_mx
open(sys.argv[2], "wb").write(ref_mx.read_npy(sys.argv[1])[2])' "$1" "$2" "$HERE"
}

# check_ref WHAT ARGS...: ref_mx.py ARGS exits 0 (else its mismatches are shown).
check_ref() {
    local what=$1
    shift
    "$PY" "$REF_MX" "$@" >"$TMP/ref.txt" 2>&1
    local st=$?
    n_checks=$((n_checks + 1))
    if [ $st -ne 0 ]; then
        n_failed=$((n_failed + 1))
        echo "FAIL: $what (ref_mx.py $*)"
        sed 's/^/  /' "$TMP/ref.txt"
    fi
}

# round_trip FMT X.npy [OPTIONS]: quantise, check codes and scales against
# ref_mx.py, decode to f32 and f64 and check the values, and fake-quantise to
# f32: the same bytes as the decode.
round_trip() {
    local fmt=$1 x=$2
    shift 2
    local tag="$fmt $(basename "$x") $*"
    run convert "$fmt" --from f32 --to codes --in "$x" --out "$TMP/c.npy" --scales "$TMP/s.npy" "$@"
    expect_rc 0 "$tag: quantise"
    [ -s "$TMP/out" ] && fail "$tag: quantise wrote to stdout"
    local refopts=() decopts=()
    case " $* " in *" --packed "*) refopts+=(--packed); decopts+=(--packed) ;; esac
    case " $* " in *" --tail short "*) refopts+=(--tail short); decopts+=(--tail short) ;; esac
    check_ref "$tag: codes and scales" check-quant "$fmt" "$x" "$TMP/c.npy" "$TMP/s.npy" "${refopts[@]}"
    local t
    for t in f32 f64; do
        run convert "$fmt" --from codes --scales "$TMP/s.npy" --to $t --in "$TMP/c.npy" \
            --out "$TMP/d_$t.npy" "${decopts[@]}" ${COLS:+--cols $COLS}
        expect_rc 0 "$tag: decode to $t"
        local rp=()
        [ "${decopts[0]:-}" = --packed ] && rp=(--packed)
        check_ref "$tag: decoded $t" check-dequant "$fmt" "$TMP/c.npy" "$TMP/s.npy" "$TMP/d_$t.npy" \
            "${rp[@]}" ${COLS:+--cols $COLS}
    done
    local fq=()
    case " $* " in *" --tail short "*) fq=(--tail short) ;; esac
    run convert "$fmt" --from f32 --to f32 --in "$x" --out "$TMP/fq.npy" "${fq[@]}"
    expect_rc 0 "$tag: fake-quantise"
    cmp -s "$TMP/fq.npy" "$TMP/d_f32.npy"
    ok $? "$tag: fake-quantise = decode(quantise)"
}

# ------------------------------------------------- codes, scales, values

for fmt in mxfp8_e4m3 mxfp8_e5m2 mxfp6_e3m2 mxfp6_e2m3 mxfp4_e2m1; do
    round_trip $fmt "$TMP/x.npy"
done
round_trip mxfp4_e2m1 "$TMP/x.npy" --packed
run convert mxfp4_e2m1 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/cp.npy" --scales "$TMP/sp.npy" --packed
[ "$(npy_head "$TMP/cp.npy")" = "|u1 (6, 48)" ]
ok $? "packed mxfp4_e2m1 codes of (6, 96) have shape (6, 48)"

# The headers, by hand: codes |u1 of the input's shape, scales (rows, K/32).
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
[ "$(npy_head "$TMP/c.npy")" = "|u1 (6, 96)" ] && [ "$(npy_head "$TMP/s.npy")" = "|u1 (6, 3)" ]
ok $? "mxfp8_e4m3 codes (6, 96) uint8, scales (6, 3) uint8"
# The boundaries, by hand (OCP MX v1.0 §6.3, emax of E4M3 = 8): an amax
# 0x41ffffff just below 2^5 has floor(log2) 4: scale 2^-4 = code 123, not
# 124 (a floating-point log2 rounds it to 5); exactly 2^5 gives 124; a zero
# block the smallest scale 0; a subnormal amax 1.5 * 2^-140 clamps to
# 2^-127 (code 0); amax 448 gives 2^0 (127); 1.99 * 2^127 gives 2^119 (246).
npy_data "$TMP/s.npy" "$TMP/s.bin"
got=$(od -An -tx1 -v -N8 "$TMP/s.bin" | tr -d ' \n')
[ "${got:0:4}" = "7b7c" ]
ok $? "amax 0x41ffffff (below 2^5) gives scale 0x7b, 2^5 gives 0x7c: got $got"
[ "${got:6:10}" = "0077007ff6" ]
ok $? "a zero block 0x00, amax 1.0 0x77, a subnormal amax 0x00, 448 0x7f, 1.99 * 2^127 0xf6: got $got"

# float64 input: beyond binary32 the scale clamps at 2^127 (code 254, the
# elements saturate to 448) and at 2^-127 (code 0, the elements are 0).
run convert mxfp8_e4m3 --from f64 --to codes --in "$TMP/x64b.npy" --out "$TMP/c64.npy" --scales "$TMP/s64.npy"
expect_rc 0 "mxfp8_e4m3 from f64"
check_ref "mxfp8_e4m3 from f64: codes and scales" check-quant mxfp8_e4m3 "$TMP/x64b.npy" "$TMP/c64.npy" "$TMP/s64.npy"
npy_data "$TMP/s64.npy" "$TMP/s64.bin"
[ "$(od -An -tx1 -j15 -N2 -v "$TMP/s64.bin" | tr -d ' \n')" = "fe00" ]
ok $? "f64 blocks of 1.5 * 2^200 and 2^-300: scales 0xfe and 0x00"
npy_data "$TMP/c64.npy" "$TMP/c64.bin"
[ "$(od -An -tx1 -j480 -N1 -v "$TMP/c64.bin" | tr -d ' \n')" = "7e" ]
ok $? "1.5 * 2^200 at scale 2^127 saturates to 448 (0x7e)"
run convert mxfp8_e4m3 --from f64 --to f64 --in "$TMP/x64.npy" --out "$TMP/fq64.npy"
expect_rc 0 "mxfp8_e4m3 fake-quantise f64"
run convert mxfp8_e4m3 --from f32 --to f64 --in "$TMP/x.npy" --out "$TMP/fq32to64.npy"
expect_rc 0 "mxfp8_e4m3 fake-quantise f32 to f64"
cmp -s "$TMP/fq64.npy" "$TMP/fq32to64.npy"
ok $? "the same values fake-quantised from f64 and from f32 (to f64) agree"

# float16 (.npy) and bfloat16 (raw) inputs: the codes of the same values as float32.
"$PY" -c '
import struct, sys; sys.path.insert(0, sys.argv[3]); import ref_mx
d, s, data = ref_mx.read_npy(sys.argv[1])
v = ref_mx.values(d, data)
h = "{\x27descr\x27: \x27<f4\x27, \x27fortran_order\x27: False, \x27shape\x27: (4, 64), }"
h = h + " " * ((10 + len(h) + 1 + 63) // 64 * 64 - 10 - len(h) - 1) + "\n"
open(sys.argv[2], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + struct.pack("<%df" % len(v), *v))
' "$TMP/x16.npy" "$TMP/x16_as_f32.npy" "$HERE"
run convert mxfp8_e4m3 --to codes --in "$TMP/x16.npy" --out "$TMP/c16.npy" --scales "$TMP/s16.npy"
expect_rc 0 "mxfp8_e4m3 from a float16 .npy (no --from)"
check_ref "mxfp8_e4m3 from f16" check-quant mxfp8_e4m3 "$TMP/x16_as_f32.npy" "$TMP/c16.npy" "$TMP/s16.npy"
run convert mxfp6_e2m3 --from bf16 --to codes --in "$TMP/xbf.raw" --out "$TMP/cbf.npy" --scales "$TMP/sbf.npy"
expect_rc 0 "mxfp6_e2m3 from raw bf16"
check_ref "mxfp6_e2m3 from raw bf16 (one row)" check-quant mxfp6_e2m3 "$TMP/xbf_as_f32.npy" "$TMP/cbf.npy" "$TMP/sbf.npy"

# ----------------------------------------------------------------- layout

# 1-D is one row; N-D keeps its leading axes.
round_trip mxfp8_e4m3 "$TMP/x1d.npy"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x1d.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
[ "$(npy_head "$TMP/c.npy")" = "|u1 (64,)" ] && [ "$(npy_head "$TMP/s.npy")" = "|u1 (2,)" ]
ok $? "1-D (64,): codes (64,), scales (2,)"
round_trip mxfp6_e3m2 "$TMP/x3d.npy"
run convert mxfp6_e3m2 --from f32 --to codes --in "$TMP/x3d.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
[ "$(npy_head "$TMP/s.npy")" = "|u1 (2, 3, 1)" ]
ok $? "3-D (2, 3, 32): scales (2, 3, 1)"

# Raw in, raw out: one row, codes then scales as bytes.
npy_data "$TMP/x1d.npy" "$TMP/x1d.f32"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x1d.f32" --out "$TMP/c.raw" --scales "$TMP/s.raw"
expect_rc 0 "raw input and outputs"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x1d.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
npy_data "$TMP/c.npy" "$TMP/c.bin"
npy_data "$TMP/s.npy" "$TMP/s.bin"
cmp -s "$TMP/c.raw" "$TMP/c.bin" && cmp -s "$TMP/s.raw" "$TMP/s.bin"
ok $? "raw outputs hold the .npy outputs' data"
run convert mxfp8_e4m3 --from codes --to f32 --in "$TMP/c.raw" --scales "$TMP/s.raw" --out "$TMP/d.raw"
expect_rc 0 "raw decode"
run convert mxfp8_e4m3 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --out "$TMP/d.npy"
npy_data "$TMP/d.npy" "$TMP/d.bin"
cmp -s "$TMP/d.raw" "$TMP/d.bin"
ok $? "raw decode = .npy decode"
# Codes to stdout.
"$EXMY" convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x1d.f32" --scales "$TMP/s2.raw" >"$TMP/c2.raw"
cmp -s "$TMP/c2.raw" "$TMP/c.raw"
ok $? "codes to stdout"

# A row length that is not a multiple of the block: an error naming both,
# and nothing written; --tail short: a shorter last block with its own scale.
rm -f "$TMP/c.npy" "$TMP/s.npy"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x40.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
expect_error convert 1 "row of 40, block 32"
expect_err_contains "40" "the tail error names the row length"
expect_err_contains "32" "the tail error names the block size"
[ ! -e "$TMP/c.npy" ] && [ ! -e "$TMP/s.npy" ]
ok $? "the tail error leaves no file"
run convert mxfp8_e4m3 --from f32 --to f32 --in "$TMP/x40.npy" --out "$TMP/c.npy"
expect_error convert 1 "fake-quantise a row of 40"
round_trip mxfp8_e4m3 "$TMP/x40.npy" --tail short
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x40.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy" --tail short
[ "$(npy_head "$TMP/s.npy")" = "|u1 (6, 2)" ]
ok $? "--tail short: rows of 40 have 2 scales"
run convert mxfp8_e4m3 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --out "$TMP/d.npy"
expect_error convert 1 "decoding rows of 40 without --tail short"
# Packed FP4 with an odd row: 21 bytes a row, the row length given back by --cols.
COLS=41 round_trip mxfp4_e2m1 "$TMP/x41.npy" --packed --tail short
run convert mxfp4_e2m1 --from f32 --to codes --in "$TMP/x41.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy" --packed --tail short
[ "$(npy_head "$TMP/c.npy")" = "|u1 (3, 21)" ]
ok $? "packed rows of 41 FP4 codes take 21 bytes"
run convert mxfp4_e2m1 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --packed --tail short --out "$TMP/d.npy"
expect_rc 0 "packed odd rows without --cols decode 42 a row"
[ "$(npy_head "$TMP/d.npy")" = "<f4 (3, 42)" ]
ok $? "packed rows of 21 bytes decode as 42 without --cols"
run convert mxfp4_e2m1 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --packed --cols 44 --tail short
expect_error convert 1 "--cols 44 for rows of 21 bytes"

# -------------------------------------------------- stochastic rounding

run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/xsr.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy" \
    --round sr-c --sr-bits 8 --seed 42
expect_rc 0 "sr-c with Philox"
check_ref "mxfp8_e4m3 sr-c, 8 bits, seed 42" check-quant mxfp8_e4m3 "$TMP/xsr.npy" "$TMP/c.npy" "$TMP/s.npy" --sr-c 8 42
"$PY" "$HERE/ref.py" philox-words 42 0 256 >"$TMP/r.u32"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/xsr.npy" --out "$TMP/c2.npy" --scales "$TMP/s2.npy" \
    --round sr-c --sr-bits 8 --random "$TMP/r.u32"
expect_rc 0 "sr-c with --random"
cmp -s "$TMP/c.npy" "$TMP/c2.npy"
ok $? "--random with Philox's words gives --seed's codes"
head -c 1000 "$TMP/r.u32" >"$TMP/r_short.u32"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/xsr.npy" --out "$TMP/c3.npy" --scales "$TMP/s3.npy" \
    --round sr-c --sr-bits 8 --random "$TMP/r_short.u32"
expect_error convert 1 "--random with 250 values for 256 elements"

# ---------------------------------------------------------------- NVFP4

run convert nvfp4 --from f32 --to codes --in "$TMP/xnv.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy" \
    --tensor-scale "$TMP/ts.npy"
expect_rc 0 "nvfp4 quantise"
check_ref "nvfp4 codes, scales and tensor scale" check-quant nvfp4 "$TMP/xnv.npy" "$TMP/c.npy" "$TMP/s.npy" --ts "$TMP/ts.npy"
run convert nvfp4 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --tensor-scale "$TMP/ts.npy" --out "$TMP/d.npy"
expect_rc 0 "nvfp4 decode"
check_ref "nvfp4 decoded" check-dequant nvfp4 "$TMP/c.npy" "$TMP/s.npy" "$TMP/d.npy" --ts "$TMP/ts.npy"
run convert nvfp4 --from f32 --to f32 --in "$TMP/xnv.npy" --out "$TMP/fq.npy"
expect_rc 0 "nvfp4 fake-quantise"
cmp -s "$TMP/fq.npy" "$TMP/d.npy"
ok $? "nvfp4 fake-quantise = decode(quantise)"
# A raw tensor scale: 4 bytes, the same value.
run convert nvfp4 --from f32 --to codes --in "$TMP/xnv.npy" --out "$TMP/c2.npy" --scales "$TMP/s2.npy" \
    --tensor-scale "$TMP/ts.raw"
npy_data "$TMP/ts.npy" "$TMP/ts.bin"
cmp -s "$TMP/ts.raw" "$TMP/ts.bin"
ok $? "a raw --tensor-scale holds the .npy's float32"
run convert nvfp4 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --out "$TMP/d.npy"
expect_error convert 2 "nvfp4 decode without --tensor-scale"
run convert nvfp4 --from f32 --to codes --in "$TMP/xnv.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
expect_error convert 2 "nvfp4 quantise without --tensor-scale"
run convert nvfp4 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --tensor-scale "$TMP/s.npy"
expect_error convert 1 "a --tensor-scale of uint8"

# ---------------------------------------------------------------- NaN, Inf

# OCP MX v1.0 §6.3: a NaN (or Inf: exmy.h treats it as one) in a block
# makes its scale NaN (0xff) and every value of the block NaN; the other
# block is untouched.
for x in xnan xinf; do
    run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/$x.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
    expect_rc 0 "mxfp8_e4m3 $x"
    check_ref "mxfp8_e4m3 $x: scales" check-quant mxfp8_e4m3 "$TMP/$x.npy" "$TMP/c.npy" "$TMP/s.npy"
    run convert mxfp8_e4m3 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --out "$TMP/d.npy"
    check_ref "mxfp8_e4m3 $x: decoded NaN block" check-dequant mxfp8_e4m3 "$TMP/c.npy" "$TMP/s.npy" "$TMP/d.npy"
done
# FP4 has no NaN: the NaN scale alone marks the block, its elements are +0.
run convert mxfp4_e2m1 --from f32 --to codes --in "$TMP/xnan.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
expect_rc 0 "a NaN into mxfp4_e2m1"
check_ref "mxfp4_e2m1 xnan: scale 0xff, elements +0" check-quant mxfp4_e2m1 "$TMP/xnan.npy" "$TMP/c.npy" "$TMP/s.npy"
run convert mxfp4_e2m1 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --out "$TMP/d.npy"
check_ref "mxfp4_e2m1 xnan: decoded NaN block" check-dequant mxfp4_e2m1 "$TMP/c.npy" "$TMP/s.npy" "$TMP/d.npy"

# ----------------------------------------------------------------- errors

rm -f "$TMP/e_c.npy" "$TMP/e_s.npy"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy"
expect_error convert 2 "--to codes without --scales"
run convert mxfp8_e4m3 --from codes --to f32 --in "$TMP/c.npy"
expect_error convert 2 "--from codes without --scales"
run convert mxfp8_e4m3 --from f32 --to f32 --in "$TMP/x.npy" --scales "$TMP/e_s.npy"
expect_error convert 2 "fake-quantise with --scales"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy" --scales "$TMP/e_s.npy" --packed
expect_error convert 2 "--packed with 8-bit elements"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy" --scales "$TMP/e_s.npy" --tensor-scale "$TMP/e_t.npy"
expect_error convert 2 "--tensor-scale for an MX format"
run convert e4m3fn --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy" --scales "$TMP/e_s.npy"
expect_error convert 2 "--scales with a plain format"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy" --scales "$TMP/e_s.npy" --tail long
expect_error convert 1 "--tail long"
run convert mxfp8_e4m3 --from f64 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy" --scales "$TMP/e_s.npy"
expect_error convert 1 "--from f64 with a float32 .npy"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy" --scales "$TMP/nodir/s.npy"
expect_error convert 1 "--scales in a missing directory"
[ ! -e "$TMP/e_c.npy" ] && [ ! -e "$TMP/e_s.npy" ]
ok $? "a failed --scales leaves no codes file either"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --scales -
expect_error convert 2 "codes and scales both to stdout"
# Decode: scales of the wrong shape, codes out of range.
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/c.npy" --scales "$TMP/s.npy"
run convert mxfp8_e4m3 --from f32 --to codes --in "$TMP/x40.npy" --out "$TMP/c40.npy" --scales "$TMP/s40.npy" --tail short
run convert mxfp8_e4m3 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s40.npy" --out "$TMP/e_d.npy"
expect_error convert 1 "scales of shape (6, 2) for codes (6, 96)"
expect_err_contains "(6, 3)" "the shape error names the expected shape"
[ ! -e "$TMP/e_d.npy" ]
ok $? "a failed decode leaves no file"
run convert mxfp6_e3m2 --from codes --to f32 --in "$TMP/c.npy" --scales "$TMP/s.npy" --out "$TMP/e_d.npy"
expect_error convert 1 "8-bit codes given as mxfp6_e3m2's"
expect_err_contains "not a code" "a code out of range is named"
run convert block:e4m3fn --from f32 --to codes --in "$TMP/x.npy" --out "$TMP/e_c.npy" --scales "$TMP/e_s.npy"
expect_error convert 1 "a malformed block: spec"

finish
