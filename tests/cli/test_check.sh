# exmy check end to end. Inputs come from `exmy vectors` (or Python), the
# kernel's "correct" codes from ref.py (an independent Python model), never
# from exmy; the wrong ones from corrupt.py, which picks the elements of one
# class at a time from the input bits and ref.py's model alone. exmy check
# must pass the first and report exactly the corrupted class and count for
# the others.
source "$(dirname "$0")/lib.sh"
REF="$HERE/ref.py"
COR="$HERE/corrupt.py"

# class_counts CLASS: "inputs mismatches" of a row of the report.
class_row() {
    printf '%s\n' "$out" | awk -v c="$1" '$1 == c { print $2, $3; exit }'
}

# expect_only CLASS K WHAT: the report says K mismatches of CLASS, none of
# any other class, a total of K, and FAIL.
expect_only() {
    local cls=$1 k=$2 what=$3 c row
    n_checks=$((n_checks + 1))
    for c in exact tie inexact subnormal underflow overflow inf nan negzero total; do
        row=$(class_row "$c")
        local want=0
        [ "$c" = "$cls" ] || [ "$c" = total ] && want=$k
        if [ -z "$row" ] || [ "${row#* }" != "$want" ]; then
            fail "$what: class $c: expected $want mismatches, the row reads '$row'"
            return
        fi
    done
    case "$out" in
    *"FAIL: $k of "*" elements differ"*) ;;
    *) fail "$what: expected 'FAIL: $k of N elements differ'" ;;
    esac
}

# npy_make DESCR OUT RAW: a 1-D .npy (v1.0 header by hand) holding RAW's bytes.
npy_make() {
    "$PY" - "$@" <<'PYEOF'
import struct, sys
descr, out, raw = sys.argv[1:4]
data = open(raw, "rb").read()
size = int(descr[2:]) if descr[1] in "fu" else 1
d = "{'descr': '%s', 'fortran_order': False, 'shape': (%d,), }" % (descr, len(data) // size)
total = (10 + len(d) + 1 + 63) // 64 * 64
h = (d + " " * (total - 10 - len(d) - 1) + "\n").encode()
open(out, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data)
PYEOF
}

# ---------------------------------------------------------------- help

run check --help
expect_rc 0 "check --help"
expect_out_contains "Usage: exmy check TARGET" "check --help: usage line"
expect_out_contains "--packed" "check --help names --packed"

# ------------------------------------------- e4m3fn, satfinite, f32 inputs

run vectors e4m3fn --out "$TMP/e4.f32"
expect_rc 0 "vectors e4m3fn (the boundary set)"
"$PY" "$REF" encode e4m3fn f32 satfinite <"$TMP/e4.f32" >"$TMP/e4.exp"
n_e4=$(($(wc -c <"$TMP/e4.f32") / 4))

run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/e4.exp"
expect_rc 0 "e4m3fn: ref.py's codes match"
expect_out_contains "exmy check: e4m3fn (rne, satfinite), $n_e4 f32 inputs" "e4m3fn: first line"
expect_out_contains "OK: all $n_e4 elements match" "e4m3fn: OK line"
row=$(class_row tie)
ok "$([ "${row%% *}" -gt 0 ] && echo 0 || echo 1)" "e4m3fn: the boundary set has ties (tie row '$row')"

# The same, as .npy on both sides.
npy_make '<f4' "$TMP/e4.npy" "$TMP/e4.f32"
npy_make '|u1' "$TMP/e4exp.npy" "$TMP/e4.exp"
run check e4m3fn --in "$TMP/e4.npy" --got "$TMP/e4exp.npy" --threads 2
expect_rc 0 "e4m3fn .npy in and out"
expect_out_contains "$n_e4 f32 inputs" "e4m3fn .npy: the dtype gives f32"

# A file named just ".npy" has no extension: exmy vectors writes it raw, and
# exmy check reads back what vectors wrote (one extension rule for both).
exmy_rel=$EXMY
EXMY=$(cd "$(dirname "$EXMY")" && pwd)/${EXMY##*/} # meson may give it relative to here
mkdir "$TMP/dot"
cd "$TMP/dot" || exit 1
run vectors e4m3fn --out .npy
expect_rc 0 "vectors --out .npy"
ok "$(cmp -s .npy "$TMP/e4.f32" && echo 0 || echo 1)" "vectors --out .npy: raw f32, as --out e4.f32"
run check e4m3fn --in .npy --got "$TMP/e4.exp"
expect_rc 0 "check --in .npy: read raw, as vectors wrote it"
expect_out_contains "OK: all $n_e4 elements match" "check --in .npy: OK line"
cd - >/dev/null || exit 1
EXMY=$exmy_rel

# One class at a time.
for cls in nan tie subnormal; do
    res=$("$PY" "$COR" corrupt e4m3fn f32 satfinite $cls 5 "$TMP/e4.f32" "$TMP/e4.exp" "$TMP/bad")
    k=$(printf '%s\n' "$res" | head -1)
    first=$(printf '%s\n' "$res" | sed -n 2p)
    run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/bad"
    expect_rc 1 "e4m3fn: $k corrupted $cls"
    expect_only $cls "$k" "e4m3fn: corrupted $cls"
    expect_out_contains "  $first" "e4m3fn: corrupted $cls: first mismatch line"
done

# --max-report: 0 lists none, 2 lists two.
"$PY" "$COR" corrupt e4m3fn f32 satfinite tie 5 "$TMP/e4.f32" "$TMP/e4.exp" "$TMP/bad" >/dev/null
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/bad" --max-report 0
expect_rc 1 "--max-report 0"
ok "$(printf '%s\n' "$out" | grep -c '^  element ' | grep -qx 0; echo $?)" "--max-report 0 lists no element"
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/bad" --max-report 2
ok "$(printf '%s\n' "$out" | grep -c '^  element ' | grep -qx 2; echo $?)" "--max-report 2 lists two"
expect_out_contains "first 2 mismatches:" "--max-report 2: heading"

# ------------------------------------------------ e5m2, nosat, f32 inputs

run vectors e5m2 --sat nosat --out "$TMP/e5.f32"
expect_rc 0 "vectors e5m2 nosat"
"$PY" "$REF" encode e5m2 f32 nosat <"$TMP/e5.f32" >"$TMP/e5.exp"
run check e5m2 --sat nosat --in "$TMP/e5.f32" --got "$TMP/e5.exp"
expect_rc 0 "e5m2 nosat: ref.py's codes match"
expect_out_contains "exmy check: e5m2 (rne, nosat)" "e5m2 nosat: first line"
# The Inf codes under satfinite are not the answer: every +-Inf input and
# every overflow differs (a sat mode is part of the target).
run check e5m2 --in "$TMP/e5.f32" --got "$TMP/e5.exp"
expect_rc 1 "e5m2: nosat codes judged as satfinite fail"
for cls in inf nan tie subnormal; do
    res=$("$PY" "$COR" corrupt e5m2 f32 nosat $cls 4 "$TMP/e5.f32" "$TMP/e5.exp" "$TMP/bad")
    k=$(printf '%s\n' "$res" | head -1)
    first=$(printf '%s\n' "$res" | sed -n 2p)
    run check e5m2 --sat nosat --in "$TMP/e5.f32" --got "$TMP/bad"
    expect_rc 1 "e5m2 nosat: $k corrupted $cls"
    expect_only $cls "$k" "e5m2 nosat: corrupted $cls"
    expect_out_contains "  $first" "e5m2 nosat: corrupted $cls: first mismatch line"
done

# -------------------------------------------------- e2m1fn packed (FP4)

run vectors e2m1fn --out "$TMP/e2.f32"
expect_rc 0 "vectors e2m1fn"
"$PY" "$REF" encode e2m1fn f32 satfinite <"$TMP/e2.f32" >"$TMP/e2.exp"
"$PY" "$COR" pack "$TMP/e2.exp" "$TMP/e2.packed"
n_e2=$(($(wc -c <"$TMP/e2.f32") / 4))
run check e2m1fn --in "$TMP/e2.f32" --got "$TMP/e2.packed" --packed
expect_rc 0 "e2m1fn --packed: ref.py's codes, two a byte, match"
expect_out_contains "OK: all $n_e2 elements match" "e2m1fn --packed: OK line"
run check e2m1fn --in "$TMP/e2.f32" --got "$TMP/e2.exp"
expect_rc 0 "e2m1fn unpacked: one code a byte"
# An odd count: the last byte's high nibble is not an element.
m=$((n_e2 % 2 ? n_e2 : n_e2 - 1))
head -c $((m * 4)) "$TMP/e2.f32" >"$TMP/e2odd.f32"
head -c $m "$TMP/e2.exp" >"$TMP/e2odd.exp"
"$PY" "$COR" pack "$TMP/e2odd.exp" "$TMP/e2odd.packed"
run check e2m1fn --in "$TMP/e2odd.f32" --got "$TMP/e2odd.packed" --packed
expect_rc 0 "e2m1fn --packed, an odd count"
# Packed wrongly (high nibble first): the check fails.
"$PY" -c '
import sys
b = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(bytes(((x & 15) << 4) | (x >> 4) for x in b))' "$TMP/e2.packed" "$TMP/e2.swapped"
run check e2m1fn --in "$TMP/e2.f32" --got "$TMP/e2.swapped" --packed
expect_rc 1 "e2m1fn --packed: nibbles the wrong way round fail"
npy_make '|u1' "$TMP/e2packed.npy" "$TMP/e2.packed"
run check e2m1fn --in "$TMP/e2.f32" --got "$TMP/e2packed.npy" --packed
expect_rc 0 "e2m1fn --packed .npy uint8"
for cls in tie subnormal; do
    res=$("$PY" "$COR" corrupt e2m1fn f32 satfinite $cls 3 "$TMP/e2.f32" "$TMP/e2.exp" "$TMP/bad" packed)
    k=$(printf '%s\n' "$res" | head -1)
    first=$(printf '%s\n' "$res" | sed -n 2p)
    run check e2m1fn --in "$TMP/e2.f32" --got "$TMP/bad" --packed
    expect_rc 1 "e2m1fn --packed: $k corrupted $cls"
    expect_only $cls "$k" "e2m1fn --packed: corrupted $cls"
    expect_out_contains "  $first" "e2m1fn --packed: corrupted $cls: first mismatch line"
done

# ------------------------------------------------------- f16 inputs, sets

# Every binary16 pattern into e5m2 (nosat), from a file and from --set all.
run vectors e5m2 --sat nosat --from f16 --set all --out "$TMP/h.f16"
expect_rc 0 "vectors e5m2 --from f16 --set all"
"$PY" "$REF" encode e5m2 f16 nosat <"$TMP/h.f16" >"$TMP/h.exp"
run check e5m2 --sat nosat --from f16 --in "$TMP/h.f16" --got "$TMP/h.exp"
expect_rc 0 "e5m2 nosat, every f16 input from a file"
expect_out_contains "65536 f16 inputs" "every f16 input: count"
run check e5m2 --sat nosat --from f16 --set all --got "$TMP/h.exp"
expect_rc 0 "e5m2 nosat --set all --from f16 (no input file)"
npy_make '<f2' "$TMP/h.npy" "$TMP/h.f16"
run check e5m2 --sat nosat --in "$TMP/h.npy" --got "$TMP/h.exp"
expect_rc 0 "a float16 .npy gives f16 without --from"
npy_make '<u2' "$TMP/hu.npy" "$TMP/h.f16"
run check e5m2 --sat nosat --from f16 --in "$TMP/hu.npy" --got "$TMP/h.exp"
expect_rc 0 "a uint16 .npy with --from f16"
res=$("$PY" "$COR" corrupt e5m2 f16 nosat tie 7 "$TMP/h.f16" "$TMP/h.exp" "$TMP/bad")
k=$(printf '%s\n' "$res" | head -1)
first=$(printf '%s\n' "$res" | sed -n 2p)
run check e5m2 --sat nosat --from f16 --set all --got "$TMP/bad"
expect_rc 1 "e5m2 --set all f16: $k corrupted ties"
expect_only tie "$k" "e5m2 --set all f16: corrupted ties"
expect_out_contains "  $first" "e5m2 --set all f16: first mismatch line"

# --set random:N: the stream exmy vectors writes for the same seed.
run vectors e4m3fn --set random:3000 --seed 11 --out "$TMP/r.f32"
expect_rc 0 "vectors --set random:3000"
"$PY" "$REF" encode e4m3fn f32 satfinite <"$TMP/r.f32" >"$TMP/r.exp"
run check e4m3fn --set random:3000 --seed 11 --got "$TMP/r.exp"
expect_rc 0 "--set random:3000 --seed 11"
run check e4m3fn --set random:3000 --seed 12 --got "$TMP/r.exp"
expect_rc 1 "--set random:3000 with another seed differs"

# ------------------------------------------------------------ stochastic

# A format with sr-c, 8 bits: ref.py src makes the kernel's codes from
# Philox (seed 5); --random gives the same R as values.
"$PY" - "$TMP/s.f32" <<'PYEOF'
import random, struct, sys
rnd = random.Random(3)
xs = [rnd.choice((-1, 1)) * rnd.uniform(1, 2) * 2.0 ** rnd.randint(-6, 7) for _ in range(4000)]
open(sys.argv[1], "wb").write(struct.pack("<%df" % len(xs), *xs))
PYEOF
"$PY" "$REF" src e4m3fn 8 5 0 <"$TMP/s.f32" >"$TMP/s.exp"
"$PY" "$REF" philox-words 5 0 4000 >"$TMP/s.rnd"
run check e4m3fn --round sr-c --sr-bits 8 --in "$TMP/s.f32" --got "$TMP/s.exp" --random "$TMP/s.rnd"
expect_rc 0 "sr-c 8 bits: --random reproduces ref.py's codes"
run check e4m3fn --round sr-c --sr-bits 8 --in "$TMP/s.f32" --got "$TMP/s.exp" --seed 5
expect_rc 0 "sr-c 8 bits: Philox --seed 5 reproduces them"
run check e4m3fn --round sr-c --sr-bits 8 --in "$TMP/s.f32" --got "$TMP/s.exp"
expect_rc 1 "sr-c 8 bits: seed 0 (the default) does not"
i=$("$PY" "$COR" src-flip e4m3fn 8 "$TMP/s.f32" "$TMP/s.rnd" "$TMP/s.flip")
run check e4m3fn --round sr-c --sr-bits 8 --in "$TMP/s.f32" --got "$TMP/s.exp" --random "$TMP/s.flip"
expect_rc 1 "sr-c: one bit of element $i's R flipped"
expect_only inexact 1 "sr-c: one flipped R bit"
expect_out_contains "  element $i: " "sr-c: the mismatch is element $i"
npy_make '<u4' "$TMP/s.rnd.npy" "$TMP/s.rnd"
run check e4m3fn --round sr-c --sr-bits 8 --in "$TMP/s.f32" --got "$TMP/s.exp" --random "$TMP/s.rnd.npy"
expect_rc 0 "sr-c: --random as a .npy of uint32"

# A stochastic profile: AMD CDNA4 V_CVT_SR_FP8_F32 with FP16_OVFL=1 (e4m3fn,
# sr-a, R = S1[31:12], 20 bits, satfinite). The operands are random words;
# the codes come from the definition of sr-a (corrupt.py sra).
P=amd-cdna4-v_cvt_sr_fp8_f32-fp16_ovfl
"$PY" -c '
import random, struct, sys
rnd = random.Random(9)
open(sys.argv[1], "wb").write(struct.pack("<4000I", *[rnd.getrandbits(32) for _ in range(4000)]))' "$TMP/op.rnd"
"$PY" "$COR" sra e4m3fn 20 12 "$TMP/s.f32" "$TMP/op.rnd" "$TMP/op.exp"
run check $P --in "$TMP/s.f32" --got "$TMP/op.exp" --random "$TMP/op.rnd" --random-operands
expect_rc 0 "$P: the operands reproduce sr-a's codes"
expect_out_contains "exmy check: $P, 4000 f32 inputs" "$P: first line"
i=$("$PY" "$COR" sra-flip e4m3fn 20 12 "$TMP/s.f32" "$TMP/op.rnd" "$TMP/op.flip")
run check $P --in "$TMP/s.f32" --got "$TMP/op.exp" --random "$TMP/op.flip" --random-operands
expect_rc 1 "$P: one bit of element $i's operand flipped"
expect_only inexact 1 "$P: one flipped operand bit"
expect_out_contains "  element $i: " "$P: the mismatch is element $i"
# Bits 0..11 of S1 are not R: flipping one changes nothing.
"$PY" -c '
import struct, sys
w = list(struct.unpack("<4000I", open(sys.argv[1], "rb").read()))
w = [x ^ 0x800 for x in w]
open(sys.argv[2], "wb").write(struct.pack("<4000I", *w))' "$TMP/op.rnd" "$TMP/op.low"
run check $P --in "$TMP/s.f32" --got "$TMP/op.exp" --random "$TMP/op.low" --random-operands
expect_rc 0 "$P: bit 11 of every operand is not part of R"

# Four lanes an instruction: PTX cvt.rs.satfinite.e4m3x4.f32 (sr-a, 16 bits,
# lanes f, e take rbits[15:0], b, a rbits[31:16]). 4002 inputs: the last
# instruction is half full, so 1001 operands. First from Philox (the operand
# of instruction j is Philox word j of the seed, ref.py philox-words), then
# from a file with one bit flipped.
P4=cuda-e4m3-rs
head -c 8 "$TMP/s.f32" | cat "$TMP/s.f32" - >"$TMP/s4.f32"
"$PY" "$REF" philox-words 4 0 1001 >"$TMP/op4.rnd"
"$PY" "$COR" sra e4m3fn 16 0,0,16,16 "$TMP/s4.f32" "$TMP/op4.rnd" "$TMP/op4.exp"
run check $P4 --in "$TMP/s4.f32" --got "$TMP/op4.exp" --seed 4 --random-operands
expect_rc 0 "$P4: Philox operands (seed 4) reproduce sr-a's codes"
run check $P4 --in "$TMP/s4.f32" --got "$TMP/op4.exp" --random "$TMP/op4.rnd" --random-operands
expect_rc 0 "$P4: the same operands from a file"
run check $P4 --in "$TMP/s4.f32" --got "$TMP/op4.exp" --random "$TMP/op4.rnd"
expect_rc 1 "$P4: operands read as per-element R do not match"
i=$("$PY" "$COR" sra-flip e4m3fn 16 0,0,16,16 "$TMP/s4.f32" "$TMP/op4.rnd" "$TMP/op4.flip")
run check $P4 --in "$TMP/s4.f32" --got "$TMP/op4.exp" --random "$TMP/op4.flip" --random-operands
expect_rc 1 "$P4: one operand bit flipped (element $i)"
expect_only inexact 1 "$P4: one flipped operand bit"
expect_out_contains "  element $i: " "$P4: the mismatch is element $i"
head -c 4000 "$TMP/op4.rnd" >"$TMP/op4.short"
run check $P4 --in "$TMP/s4.f32" --got "$TMP/op4.exp" --random "$TMP/op4.short" --random-operands
expect_error check 1 "$P4: 1000 operands for 4002 inputs"
expect_err_contains "--random holds 1000 values, --in 4002 inputs take 1001 (one per instruction)" \
    "$P4: operand count message"

# ------------------------------------------------------------- no answer

# e2m1fn has no NaN: the 2046 binary16 NaNs have no answer and whatever the
# kernel wrote for them is not judged (here 0x5); the rest as ref.py.
"$PY" - "$TMP/h.f16" "$TMP/h2.exp" <<PYEOF
import math, struct, sys
sys.path.insert(0, "$HERE")
import ref
xs = [v for (v,) in struct.iter_unpack("<e", open(sys.argv[1], "rb").read())]
open(sys.argv[2], "wb").write(bytes(5 if math.isnan(x) else ref.encode("e2m1fn", x, "satfinite") for x in xs))
PYEOF
run check e2m1fn --from f16 --set all --got "$TMP/h2.exp"
expect_rc 0 "e2m1fn, every f16 input: the NaNs are not judged"
expect_out_contains "no answer: 2046 (NaN into a format without NaN; not judged)" "no-answer line"
expect_out_contains "OK: all 63490 judged elements match" "OK line counts the judged"
row=$(class_row nan)
ok "$([ "$row" = "2046 0" ] && echo 0 || echo 1)" "the nan row counts the 2046 NaNs (row '$row')"

# ---------------------------------------------------------------- --scale

# A scaled profile (AMD v_cvt_scalef32_pk_fp8_f32: e4m3fn, rne, nosat, the
# NaN code left open): the kernel's codes are ref.py's codes of x * 2^3.
PS=amd-cdna4-v_cvt_scalef32_pk_fp8_f32
run vectors $PS --scale 3 --out "$TMP/sc.f32"
expect_rc 0 "vectors $PS --scale 3"
"$PY" - "$TMP/sc.f32" "$TMP/sc.exp" <<PYEOF
import struct, sys
sys.path.insert(0, "$HERE")
import ref
xs = [v for (v,) in struct.iter_unpack("<f", open(sys.argv[1], "rb").read())]
open(sys.argv[2], "wb").write(bytes(ref.encode("e4m3fn", x * 8, "nosat") for x in xs))
PYEOF
run check $PS --scale 3 --in "$TMP/sc.f32" --got "$TMP/sc.exp"
expect_rc 0 "$PS --scale 3: ref.py's codes of x * 2^3 match"
run check $PS --in "$TMP/sc.f32" --got "$TMP/sc.exp"
expect_rc 1 "$PS without --scale: they do not"
run check e4m3fn --scale 3 --in "$TMP/sc.f32" --got "$TMP/sc.exp"
expect_error check 2 "--scale with a format"

# ---------------------------------------------------------------- errors

head -c $((n_e4 - 1)) "$TMP/e4.exp" >"$TMP/short"
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/short"
expect_error check 1 "--got one code short"
expect_err_contains "--got holds $((n_e4 - 1)) codes, --in $n_e4 inputs" "count mismatch message"
run_in "$TMP/short" check e4m3fn --in "$TMP/e4.f32" --got -
expect_error check 1 "--got from a pipe, one code short"
expect_err_contains "--got holds $((n_e4 - 1)) codes, --in $n_e4 inputs" "count mismatch from a pipe"
cat "$TMP/e4.exp" "$TMP/e4.exp" >"$TMP/long"
run_in "$TMP/long" check e4m3fn --in "$TMP/e4.f32" --got -
expect_error check 1 "--got from a pipe, twice too long"
expect_err_contains "--got holds more than $n_e4 codes, --in $n_e4 inputs" "count mismatch, long pipe"
run check e4m3fn --in "$TMP/e4.f32" --got /dev/zero
expect_error check 1 "--got a device that never ends"
expect_err_contains "--got holds more than $n_e4 codes" "a device that never ends"
head -c $(((n_e2 + 1) / 2 - 1)) "$TMP/e2.packed" >"$TMP/short.packed"
run check e2m1fn --in "$TMP/e2.f32" --got "$TMP/short.packed" --packed
expect_error check 1 "--packed: too few bytes"
head -c 3999 "$TMP/s.rnd" >"$TMP/s.rnd.short"
run check e4m3fn --round sr-c --sr-bits 8 --in "$TMP/s.f32" --got "$TMP/s.exp" --random "$TMP/s.rnd.short"
expect_error check 1 "--random: not whole uint32 values"
head -c 3996 "$TMP/s.rnd" >"$TMP/s.rnd.short"
run check e4m3fn --round sr-c --sr-bits 8 --in "$TMP/s.f32" --got "$TMP/s.exp" --random "$TMP/s.rnd.short"
expect_error check 1 "--random: too few values"
expect_err_contains "--random holds 999 values" "--random count message"

run check e4m3fn --from f16 --in "$TMP/e4.npy" --got "$TMP/e4.exp"
expect_error check 1 "a float32 .npy with --from f16"
expect_err_contains "does not agree with --from f16" "dtype/--from message"
run check e5m2 --in "$TMP/hu.npy" --got "$TMP/h.exp"
expect_error check 1 "a uint16 .npy without --from"
npy_make '<u2' "$TMP/e4exp16.npy" "$TMP/h.f16"
run check e4m3fn --in "$TMP/e4.npy" --got "$TMP/e4exp16.npy"
expect_error check 1 "--got .npy of uint16 for 8-bit codes"
run check e4m3fn --in "$TMP/e4.f32"
expect_error check 2 "missing --got"
run check e4m3fn --got "$TMP/e4.exp"
expect_error check 2 "neither --in nor --set"
run check e4m3fn --in "$TMP/e4.f32" --set all --got "$TMP/e4.exp"
expect_error check 2 "--in and --set"
run check e4m3fn --in "$TMP/nonexistent.f32" --got "$TMP/e4.exp"
expect_error check 1 "unreadable --in"
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP"
expect_error check 1 "--got is a directory"
printf 'not a npy file at all' >"$TMP/junk.npy"
run check e4m3fn --in "$TMP/junk.npy" --got "$TMP/e4.exp"
expect_error check 1 "a malformed .npy"
head -c 4001 "$TMP/s.f32" >"$TMP/odd.f32"
run check e4m3fn --in "$TMP/odd.f32" --got "$TMP/e4.exp"
expect_error check 1 "a raw input that ends inside an element"
for bad in -1 abc 1000001 ''; do
    run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/e4.exp" --max-report "$bad"
    expect_error check 1 "--max-report '$bad'"
done
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/e4.exp" --threads 0
expect_error check 1 "--threads 0"
run check e4m3fn --from f64 --set all --got "$TMP/e4.exp"
expect_error check 2 "--set all with f64"
run check e4m3fn --set random:0 --got "$TMP/e4.exp"
expect_error check 1 "--set random:0"
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/e4.exp" --random "$TMP/s.rnd"
expect_error check 2 "--random with a deterministic target"
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/e4.exp" --random-operands
expect_error check 2 "--random-operands with a deterministic target"
run check e4m3fn --in "$TMP/e4.f32" --got "$TMP/e4.exp" --seed 3
expect_error check 2 "--seed with a deterministic target and no random set"
run check $P --round rne --in "$TMP/s.f32" --got "$TMP/op.exp"
expect_error check 2 "--round with a profile"
run check $P --from f16 --in "$TMP/h.f16" --got "$TMP/h.exp"
expect_error check 1 "--from a type the profile does not take"
run check nosuchformat --in "$TMP/e4.f32" --got "$TMP/e4.exp"
expect_error check 1 "unknown target"
run_in "$TMP/e4.f32" check e4m3fn --in - --got -
expect_error check 2 "two arrays from stdin"

finish
