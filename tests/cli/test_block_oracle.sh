# exmy vectors and exmy check with block formats (issue 14 §3): the round
# trip vectors -> check is all-match for every named block format (boundary
# and random sets, packed FP4, nvfp4's tensor scale computed or given,
# stochastic rounding by seed or by the bits vectors wrote); vectors' codes,
# scales and tensor scale equal ref_mx.py's (an independent model of OCP MX
# v1.0 §6.3 and NVFP4 on exact Fractions); one corrupted scale byte is one
# scale mismatch; one element corrupted at a place and to a code ref_mx.py
# chose is one element mismatch; shapes, usage and all-or-none outputs.
source "$(dirname "$0")/lib.sh"
REF_MX="$HERE/ref_mx.py"

# helper.py: small .npy chores for this script, on ref_mx.py's reader.
cat >"$TMP/helper.py" <<'PYEOF'
import struct, sys
sys.path.insert(0, sys.argv[1])
import ref_mx

def write_npy(path, descr, shape, data):
    h = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    total = (10 + len(h) + 1 + 63) // 64 * 64
    h = (h + " " * (total - 10 - len(h) - 1) + "\n").encode()
    open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data)

cmd, a = sys.argv[2], sys.argv[3:]
if cmd == "head":  # FILE: "descr shape"
    d, s, _ = ref_mx.read_npy(a[0])
    print(d, s)
elif cmd == "xor":  # IN OUT INDEX MASK: one byte of the data changed
    d, s, data = ref_mx.read_npy(a[0])
    b = bytearray(data)
    b[int(a[2])] ^= int(a[3], 0)
    write_npy(a[1], d, s, bytes(b))
elif cmd == "reshape":  # IN OUT SHAPE: the same data under another shape
    d, s, data = ref_mx.read_npy(a[0])
    write_npy(a[1], d, a[2], data)
elif cmd == "check-quant-nvfp4":
    # ref_mx.py check-quant for nvfp4, with the one rule it lacks: a block
    # whose amax / 6 / tensor scale is not zero but rounds to zero in UE4M3
    # takes the smallest positive scale (src/block_scale.c, EXMY_SCALE_DIV),
    # as a zero amax does, instead of dividing by zero. Random sets spread
    # block amaxes over UE4M3's whole range, so some blocks meet it.
    rne = ref_mx.rne
    ref_mx.rne = lambda fmt, q: (rne(fmt, q) or 1) if fmt == "e4m3fn" and q > 0 else rne(fmt, q)
    sys.exit(ref_mx.check_quant(["nvfp4"] + a))
elif cmd == "pick":
    # FMT X.npy EXP.npy OUT.npy: the model's codes of one row (MX blocks are
    # independent); its first element that is not zero in a block whose
    # scale is not NaN. Checks exmy's expected code there, writes OUT with
    # that code changed (xor 1) and prints "row col expected got".
    fmt, xp, ep, op = a
    xd, xs, xdata = ref_mx.read_npy(xp)
    x = ref_mx.values(xd, xdata)
    rows, cols = xs
    ed, es, edata = ref_mx.read_npy(ep)
    for r in [rows // 2] + list(range(rows)):
        row = x[r * cols:(r + 1) * cols]
        _, block, codes, scales, _ = ref_mx.quantise(fmt, row, 1, cols)
        for c, code in enumerate(codes):
            if code is None or scales[c // block] == ref_mx.E8M0_NAN or code & 0x7F == 0:
                continue
            i = r * cols + c
            if edata[i] != code:
                sys.exit("exmy's expected code at row %d col %d is 0x%02x, the model's 0x%02x"
                         % (r, c, edata[i], code))
            b = bytearray(edata)
            b[i] ^= 1
            write_npy(op, ed, es, bytes(b))
            print(r, c, "0x%02x" % code, "0x%02x" % b[i])
            sys.exit(0)
    sys.exit("no element to corrupt")
PYEOF
helper() { "$PY" "$TMP/helper.py" "$HERE" "$@"; }

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

# expect_no_files WHAT FILE...: none of them exists.
expect_no_files() {
    local what=$1 f
    shift
    for f in "$@"; do
        n_checks=$((n_checks + 1))
        [ -e "$f" ] && fail "$what: $f was left behind"
    done
}

# The files are named relative to $TMP: exmy by an absolute path.
case $EXMY in /*) ;; *) EXMY=$PWD/$EXMY ;; esac
cd "$TMP" || exit 1

# --------------------------------------------------------- round trips

# Every named block format: the boundary set and a random set, each judged
# all-match from the file (--in) and from the set itself (--set).
names=(mxfp8_e4m3 mxfp8_e5m2 mxfp6_e3m2 mxfp6_e2m3 mxfp4_e2m1 mxint8 mxfp8_e4m3_ceil
    mxfp4_e2m1_ceil mxfp4_e2m1_even nvfp4)
for fmt in "${names[@]}"; do
    for set in boundary random:20; do
        rm -f x.npy c.npy s.npy
        run vectors "$fmt" --set $set --cols 64 --out x.npy --expected c.npy --scales s.npy
        expect_rc 0 "$fmt --set $set: vectors"
        expect_out_contains "exmy vectors: " "$fmt --set $set: the summary line"
        run check "$fmt" --in x.npy --got c.npy --got-scales s.npy
        expect_rc 0 "$fmt --set $set: check --in"
        expect_out_contains "OK: " "$fmt --set $set: check --in says OK"
        run check "$fmt" --set $set --cols 64 --got c.npy --got-scales s.npy
        expect_rc 0 "$fmt --set $set: check --set"
    done
done

# The layout: inputs (rows, K) float32, codes (rows, K) uint8, scales
# (rows, K / 32) uint8; packed FP4 (rows, K / 2).
run vectors mxfp4_e2m1 --set random:5 --cols 96 --out x.npy --expected c.npy --scales s.npy
[ "$(helper head x.npy)" = "<f4 (5, 96)" ] && [ "$(helper head c.npy)" = "|u1 (5, 96)" ] &&
    [ "$(helper head s.npy)" = "|u1 (5, 3)" ]
ok $? "mxfp4_e2m1 random:5 --cols 96: x (5, 96) <f4, codes (5, 96) |u1, scales (5, 3) |u1"
check_ref "mxfp4_e2m1 random set: vectors' codes and scales" check-quant mxfp4_e2m1 x.npy c.npy s.npy
run vectors mxfp4_e2m1 --set random:5 --cols 96 --out xp.npy --expected cp.npy --scales sp.npy --packed
expect_rc 0 "mxfp4_e2m1 --packed: vectors"
[ "$(helper head cp.npy)" = "|u1 (5, 48)" ]
ok $? "packed mxfp4_e2m1 codes of (5, 96) are (5, 48)"
cmp -s x.npy xp.npy && cmp -s s.npy sp.npy
ok $? "--packed changes only the codes"
check_ref "mxfp4_e2m1 packed: vectors' codes" check-quant mxfp4_e2m1 xp.npy cp.npy sp.npy --packed
run check mxfp4_e2m1 --in xp.npy --got cp.npy --got-scales sp.npy --packed
expect_rc 0 "mxfp4_e2m1 --packed: check"
run check mxfp4_e2m1 --in xp.npy --got cp.npy --got-scales sp.npy
expect_error check 1 "packed codes judged as one code a byte: a dtype/shape error"
expect_err_contains "(5, 96)" "the shape the codes should have"

# vectors' answers against the independent model, for every format it has.
for fmt in mxfp8_e4m3 mxfp8_e5m2 mxfp6_e3m2 mxfp6_e2m3; do
    run vectors $fmt --set random:6 --seed 9 --out x.npy --expected c.npy --scales s.npy
    check_ref "$fmt random set: vectors' codes and scales" check-quant $fmt x.npy c.npy s.npy
done

# nvfp4: the tensor scale vectors writes is the model's; check computes the
# same one, or takes it as given; another one given is another answer.
run vectors nvfp4 --set random:8 --cols 32 --seed 4 --out x.npy --expected c.npy --scales s.npy \
    --tensor-scale ts.npy --packed
expect_rc 0 "nvfp4: vectors with --tensor-scale"
expect_out_contains "tensor scale 0x" "nvfp4: vectors prints the tensor scale"
[ "$(helper head ts.npy)" = "<f4 (1,)" ]
ok $? "the tensor scale is a float32 (1,), as exmy convert writes it"
helper check-quant-nvfp4 x.npy c.npy s.npy --packed --ts ts.npy
ok $? "nvfp4: vectors' codes, scales and tensor scale are ref_mx.py's"
run check nvfp4 --in x.npy --got c.npy --got-scales s.npy --packed
expect_rc 0 "nvfp4: check computing the tensor scale"
expect_out_contains "computed by exmy" "nvfp4: check says it computed the tensor scale"
run check nvfp4 --in x.npy --got c.npy --got-scales s.npy --packed --tensor-scale ts.npy
expect_rc 0 "nvfp4: check given the tensor scale"
expect_out_contains "given (--tensor-scale)" "nvfp4: check says the tensor scale was given"
helper xor ts.npy ts2.npy 3 0x01 # an exponent bit: four times or a quarter of the scale
run check nvfp4 --in x.npy --got c.npy --got-scales s.npy --packed --tensor-scale ts2.npy
expect_rc 1 "nvfp4: another tensor scale given gives other scales"
run vectors nvfp4 --set random:8 --cols 32 --seed 4 --out x2.npy --expected c2.npy --scales s2.npy --packed
expect_rc 0 "nvfp4: vectors without --tensor-scale"
cmp -s c.npy c2.npy && cmp -s s.npy s2.npy
ok $? "nvfp4: the same codes with and without --tensor-scale"

# Stochastic rounding: vectors rounds with Philox keyed by --seed and writes
# the bits; check takes either, and the model agrees (P3109 sr-c).
run vectors mxfp8_e4m3 --set random:4 --seed 5 --round sr-c --sr-bits 8 --out x.npy \
    --expected c.npy --scales s.npy --random r.npy
expect_rc 0 "mxfp8_e4m3 sr-c: vectors"
[ "$(helper head r.npy)" = "<u4 (4, 32)" ]
ok $? "the random bits are (rows, K) uint32"
check_ref "mxfp8_e4m3 sr-c: vectors' codes" check-quant mxfp8_e4m3 x.npy c.npy s.npy --sr-c 8 5
run check mxfp8_e4m3 --round sr-c --sr-bits 8 --seed 5 --in x.npy --got c.npy --got-scales s.npy
expect_rc 0 "sr-c: check by --seed"
run check mxfp8_e4m3 --round sr-c --sr-bits 8 --random r.npy --in x.npy --got c.npy --got-scales s.npy
expect_rc 0 "sr-c: check by --random"
run check mxfp8_e4m3 --round sr-c --sr-bits 8 --seed 6 --in x.npy --got c.npy --got-scales s.npy
expect_rc 1 "sr-c: check with another seed finds mismatches"

# Other input types.
run vectors mxfp8_e5m2 --from bf16 --out xb.npy --expected cb.npy --scales sb.npy
expect_rc 0 "mxfp8_e5m2 --from bf16: vectors"
[ "$(helper head xb.npy | cut -d' ' -f1)" = "<u2" ]
ok $? "bf16 inputs are uint16 bit patterns"
run check mxfp8_e5m2 --from bf16 --in xb.npy --got cb.npy --got-scales sb.npy
expect_rc 0 "mxfp8_e5m2 --from bf16: check"
run check mxfp8_e5m2 --in xb.npy --got cb.npy --got-scales sb.npy
expect_error check 1 "uint16 inputs without --from"
run vectors mxfp6_e2m3 --from f64 --set random:3 --out x64.npy --expected c64.npy --scales s64.npy
run check mxfp6_e2m3 --in x64.npy --got c64.npy --got-scales s64.npy
expect_rc 0 "mxfp6_e2m3 from f64: round trip"

# ------------------------------------------------------ corrupted answers

# One scale byte: exactly one scale mismatch.
run vectors mxfp8_e4m3 --cols 64 --out x.npy --expected c.npy --scales s.npy
helper xor s.npy sbad.npy 1 0x01 # row 0, block 1
run check mxfp8_e4m3 --in x.npy --got c.npy --got-scales sbad.npy
expect_rc 1 "one scale byte changed"
expect_out_contains "first 1 mismatch:" "one scale byte changed: one mismatch listed"
[ "$(grep -c '^  row ' "$TMP/out")" -eq 1 ] && grep -q '^  row 0 col 32: scale' "$TMP/out"
ok $? "the mismatch is the scale of row 0's block at col 32"
expect_out_contains "FAIL: " "one scale byte changed: FAIL"
run check mxfp8_e4m3 --in x.npy --got c.npy --got-scales sbad.npy --max-report 0
expect_rc 1 "--max-report 0 still fails"
[ "$(grep -c '^  row ' "$TMP/out")" -eq 0 ]
ok $? "--max-report 0 lists no mismatch"

# One element, where ref_mx.py says what its code is: one element mismatch.
for fmt in mxfp8_e4m3 mxfp6_e3m2 mxfp4_e2m1; do
    run vectors $fmt --cols 64 --out x.npy --expected c.npy --scales s.npy
    pick=$(helper pick $fmt x.npy c.npy cbad.npy)
    ok $? "$fmt: the model picks an element and agrees with exmy's code there: $pick"
    read -r r col want gotc <<<"$pick"
    run check $fmt --in x.npy --got cbad.npy --got-scales s.npy
    expect_rc 1 "$fmt: one element code changed"
    expect_out_contains "first 1 mismatch:" "$fmt: one element changed: one mismatch listed"
    line=$(grep '^  row ' "$TMP/out")
    [ "$(grep -c '^  row ' "$TMP/out")" -eq 1 ] && [[ $line =~ ^\ \ row\ $r\ col\ $col:\ input\ .*expected\ (0x[0-9a-f]+),\ got\ (0x[0-9a-f]+) ]] &&
        [ $((BASH_REMATCH[1])) -eq $((want)) ] && [ $((BASH_REMATCH[2])) -eq $((gotc)) ]
    ok $? "$fmt: the mismatch is row $r col $col, expected $want, got $gotc: $line"
done

# ------------------------------------------------------ shapes and tails

run vectors mxfp8_e4m3 --set random:3 --cols 64 --out x.npy --expected c.npy --scales s.npy
helper reshape c.npy c1d.npy "(192,)"
run check mxfp8_e4m3 --in x.npy --got c1d.npy --got-scales s.npy
expect_error check 1 "codes (192,) for inputs (3, 64)"
expect_err_contains "expected --got (one code per element) of shape (3, 64)" "the codes' shape"
helper reshape s.npy st.npy "(2, 3)"
run check mxfp8_e4m3 --in x.npy --got c.npy --got-scales st.npy
expect_error check 1 "scales (2, 3) for inputs (3, 64)"
expect_err_contains "shape (3, 2)" "the scales' shape"
helper reshape x.npy x96.npy "(2, 96)"
run check mxfp8_e4m3 --in x96.npy --got c.npy --got-scales s.npy
expect_error check 1 "rows of 96 in blocks of 32... are fine, but codes (3, 64) are not (2, 96)"
helper reshape x.npy x48.npy "(4, 48)"
run check mxfp8_e4m3 --in x48.npy --got c.npy --got-scales s.npy
expect_error check 1 "rows of 48 in blocks of 32 without --tail"
expect_err_contains "not a multiple of" "the tail error says why"
# --tail short: the codes exmy convert writes for rows of 48.
"$EXMY" convert mxfp8_e4m3 --from f32 --to codes --in x48.npy --out c48.npy --scales s48.npy \
    --tail short >/dev/null 2>&1
run check mxfp8_e4m3 --in x48.npy --got c48.npy --got-scales s48.npy --tail short
expect_rc 0 "rows of 48 with --tail short, against exmy convert --tail short"
# A raw stream is one row, or rows of --cols K.
"$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import ref_mx; open(sys.argv[3], "wb").write(ref_mx.read_npy(sys.argv[2])[2])' \
    "$HERE" x.npy x.f32
run check mxfp8_e4m3 --in x.f32 --cols 64 --got c.npy --got-scales s.npy
expect_rc 0 "raw inputs cut into rows by --cols 64"
run check mxfp8_e4m3 --in x.f32 --got c.npy --got-scales s.npy
expect_error check 1 "raw inputs without --cols are one row of 192: codes (3, 64) are not (192,)"

# ------------------------------------------------------ usage and bad values

rm -f x.npy c.npy s.npy
run vectors mxfp8_e4m3 --out x.npy --expected c.npy
expect_error vectors 2 "--expected without --scales"
run vectors mxfp8_e4m3 --out x.npy --scales s.npy
expect_error vectors 2 "--scales without --expected"
run vectors mxfp8_e4m3 --set all --out x.npy
expect_error vectors 2 "--set all for a block format"
run vectors mxfp8_e4m3 --out x.npy --expected c.npy --scales s.npy --packed
expect_error vectors 2 "--packed with whole-byte elements"
run vectors mxfp8_e4m3 --out x.npy --tensor-scale t.npy
expect_error vectors 2 "--tensor-scale for a format without one"
run vectors mxfp8_e4m3 --out x.npy --random-operands
expect_error vectors 2 "--random-operands for a block format"
run vectors mxfp8_e4m3 --out x.npy --expected x.npy --scales s.npy
expect_error vectors 2 "two outputs on one file"
run vectors mxfp8_e4m3 --out x.npy --seed 3
expect_error vectors 2 "--seed keys nothing (boundary set, rne)"
run vectors e4m3fn --cols 64 --out x.npy
expect_error vectors 2 "--cols for a plain format"
run check e4m3fn --in x.npy --got c.npy --got-scales s.npy
expect_error check 2 "--got-scales for a plain format"
run check mxfp8_e4m3 --in x.npy --got c.npy
expect_error check 2 "check without --got-scales"
run check nvfp4 --in x.npy --got c.npy --got-scales s.npy --tensor-scale
expect_error check 2 "--tensor-scale without its FILE"
run vectors mxfp8_e4m3 --cols 48 --out x.npy
expect_error vectors 1 "--cols 48: not a multiple of 32"
run vectors block:e4m3fn/e8m0fnu/0 --out x.npy
expect_error vectors 1 "a malformed block: spec"
run vectors mxfp8_e4m3 --set random:0 --out x.npy
expect_error vectors 1 "random:0"
expect_no_files "usage errors and bad values" x.npy c.npy s.npy t.npy
# A failure after the first output is made leaves none of them.
run vectors mxfp8_e4m3 --out x.npy --expected c.npy --scales nodir/s.npy
expect_error vectors 1 "an output in a missing directory"
expect_no_files "a failed output" x.npy c.npy
ls "$TMP" | grep -q '\.tmp\.' && fail "a temporary file was left behind"

# A block: spec works as a name does.
run vectors block:e2m1fn/e8m0fnu/16 --set random:2 --out x.npy --expected c.npy --scales s.npy --packed
expect_rc 0 "block:e2m1fn/e8m0fnu/16: vectors"
[ "$(helper head c.npy)" = "|u1 (2, 8)" ] && [ "$(helper head s.npy)" = "|u1 (2, 1)" ]
ok $? "block:e2m1fn/e8m0fnu/16: rows of 16, packed codes (2, 8), scales (2, 1)"
run check block:e2m1fn/e8m0fnu/16 --in x.npy --got c.npy --got-scales s.npy --packed
expect_rc 0 "block:e2m1fn/e8m0fnu/16: check"

finish
