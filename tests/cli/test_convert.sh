# exmy convert: raw streams against ref.py (an independent model), round
# trips, constant-memory streaming, and errors that must leave no file.
source "$(dirname "$0")/lib.sh"

# gen KIND COUNT FILE: test inputs (seeded, so every run is the same).
gen() {
    "$PY" - "$@" <<'PYEOF'
import math, random, struct, sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(20240607)
# Values an FP8 conversion must get right: zeros, the e4m3fn/e5m2 maxima and
# the midpoints above them, ties, subnormals, infinities.
special = [0.0, -0.0, 1.0, -1.0, 448.0, 464.0, 465.0, 480.0, -464.0, 57344.0, 61440.0,
           61439.0, 1.0625, 1.1875, 2.0**-9, 2.0**-10, 3 * 2.0**-11, 2.0**-17, 2.0**-16,
           3 * 2.0**-18, 0.3, math.inf, -math.inf, 1e-30, 1e30]
def value():
    r = rnd.random()
    if r < 0.5:   # around the FP8 ranges, every binade
        return rnd.choice((-1, 1)) * rnd.uniform(1, 2) * 2.0 ** rnd.randint(-20, 17)
    if r < 0.8:   # exact midpoints of e4m3fn and e5m2 neighbours
        m = rnd.randint(8, 15) * 2 + 1
        return rnd.choice((-1, 1)) * m * 2.0 ** rnd.randint(-12, 6)
    return rnd.choice(special)
out = open(path, "wb")
if kind == "f32":
    xs = special + [value() for _ in range(n)]
    # plus random binary32 bit patterns that are not NaN
    for _ in range(n // 4):
        b = rnd.getrandbits(32)
        if (b >> 23) & 0xFF != 0xFF:
            xs.append(struct.unpack("<f", struct.pack("<I", b))[0])
    out.write(b"".join(struct.pack("<f", x) for x in xs))
elif kind == "f64":
    xs = special + [-431.99999999999994, 431.99999999999994, 464.00000000000006,
                    463.99999999999994] + [value() * (1 + rnd.random() * 2.0**-30)
                                           for _ in range(n)]
    out.write(b"".join(struct.pack("<d", x) for x in xs))
elif kind == "all16":  # every 16-bit pattern
    out.write(b"".join(struct.pack("<H", i) for i in range(65536)))
PYEOF
}

gen f32 20000 "$TMP/x.f32"
gen f64 20000 "$TMP/x.f64"
gen all16 0 "$TMP/all.u16"
# The f16/bf16 sweeps minus NaN patterns, for the fake-quantisation checks.
"$PY" -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
keep = lambda h, e, m: not ((h >> m) & ((1 << e) - 1) == (1 << e) - 1 and h & ((1 << m) - 1))
hs = [h for (h,) in struct.iter_unpack("<H", d)]
open(sys.argv[2], "wb").write(b"".join(struct.pack("<H", h) for h in hs if keep(h, 5, 10)))
open(sys.argv[3], "wb").write(b"".join(struct.pack("<H", h) for h in hs if keep(h, 8, 7)))
' "$TMP/all.u16" "$TMP/nonan.f16" "$TMP/nonan.bf16"

# Encode: codes equal to ref.py's, byte for byte.
for fmt in e4m3fn e5m2; do
    for sat in satfinite nosat; do
        for t in f32 f64; do
            run_in "$TMP/x.$t" convert "$fmt" --from "$t" --to codes --sat "$sat" --out "$TMP/got"
            expect_rc 0 "convert $fmt $t $sat"
            "$PY" "$HERE/ref.py" encode "$fmt" "$t" "$sat" <"$TMP/x.$t" >"$TMP/want"
            cmp -s "$TMP/got" "$TMP/want"
            ok $? "convert $fmt --from $t --to codes --sat $sat: codes differ from ref.py"
        done
        for t in f16 bf16; do
            run_in "$TMP/all.u16" convert "$fmt" --from "$t" --to codes --sat "$sat" --out "$TMP/got"
            expect_rc 0 "convert $fmt $t $sat"
            "$PY" "$HERE/ref.py" encode "$fmt" "$t" "$sat" <"$TMP/all.u16" >"$TMP/want"
            cmp -s "$TMP/got" "$TMP/want"
            ok $? "convert $fmt --from $t --to codes --sat $sat (all 2^16 inputs): differ from ref.py"
        done
    done
done
# Wider codes. binary32 codes of binary32 inputs are the inputs' own bits
# (x.f32 holds no NaN; satpropagate keeps its infinities), and of binary64
# inputs Python's rounding to binary32 (the C cast: nearest-even; x.f64's
# finite values stay within binary32's range).
run convert binary32 --from f32 --to codes --sat satpropagate --in "$TMP/x.f32" --out "$TMP/got"
cmp -s "$TMP/got" "$TMP/x.f32"
ok $? "binary32 codes of binary32 inputs are their bits"
"$PY" -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
sys.stdout.buffer.write(b"".join(struct.pack("<f", x) for (x,) in struct.iter_unpack("<d", d)))
' "$TMP/x.f64" >"$TMP/want"
run convert fp32 --from f64 --to codes --sat satpropagate --in "$TMP/x.f64" --out "$TMP/got"
cmp -s "$TMP/got" "$TMP/want"
ok $? "binary32 codes of binary64 inputs"
# bfloat16 codes of binary32 inputs: round the 32-bit pattern to its top 16
# bits, nearest-even, in integer arithmetic; under satfinite an overflow (or
# an infinity) gives +-max = 0x7f7f.
"$PY" -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
out = []
for (b,) in struct.iter_unpack("<I", d):
    sign, mag = b & 0x80000000, b & 0x7fffffff
    r = (mag + 0x7fff + ((mag >> 16) & 1)) >> 16
    if r >= 0x7f80:
        r = 0x7f7f
    out.append(struct.pack("<H", (sign >> 16) | r))
sys.stdout.buffer.write(b"".join(out))
' "$TMP/x.f32" >"$TMP/want"
run convert bf16 --from f32 --to codes --in "$TMP/x.f32" --out "$TMP/got"
cmp -s "$TMP/got" "$TMP/want"
ok $? "bfloat16 codes of binary32 inputs"

# The default saturation is satfinite, the default rounding rne.
run_in "$TMP/x.f32" convert e4m3fn --from f32 --to codes --out "$TMP/got"
"$PY" "$HERE/ref.py" encode e4m3fn f32 satfinite <"$TMP/x.f32" >"$TMP/want"
cmp -s "$TMP/got" "$TMP/want"
ok $? "convert defaults are rne/satfinite"
# stdin to stdout gives the same bytes as --in/--out.
"$EXMY" convert e4m3fn --from f32 --to codes <"$TMP/x.f32" >"$TMP/got2"
cmp -s "$TMP/got2" "$TMP/want"
ok $? "convert through stdin/stdout"
"$EXMY" convert --in "$TMP/x.f32" e4m3fn --to codes --from f32 >"$TMP/got2"
cmp -s "$TMP/got2" "$TMP/want"
ok $? "convert --in with options before the FORMAT"
# e2m1fn (4-bit codes, one byte each) from f32.
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<8f", 0, 0.25, 0.75, 2.5, 5, -5.5, 7, -1e9))' >"$TMP/s.f32"
"$EXMY" convert e2m1fn --from f32 --to codes <"$TMP/s.f32" >"$TMP/got"
# by hand: 0 -> 0x0; 0.25 tie of 0 and 0.5 -> 0 (even); 0.75 tie of 0.5 (0x1)
# and 1 (0x2) -> 0x2; 2.5 tie 2 (0x4) / 3 (0x5) -> 0x4; 5 tie 4 (0x6) / 6 (0x7)
# -> 0x6; -5.5 -> -6 (0xf); 7 > 6 -> 6 (0x7, satfinite); -1e9 -> -6 (0xf).
printf '\x00\x00\x02\x04\x06\x0f\x07\x0f' >"$TMP/want"
cmp -s "$TMP/got" "$TMP/want"
ok $? "convert e2m1fn: hand-computed codes"

# Fake-quantise: the exact value of ref.py's code, as f32 and f64.
for t in f32 f64; do
    "$PY" "$HERE/ref.py" encode e4m3fn "$t" satfinite <"$TMP/x.$t" >"$TMP/codes"
    for to in f32 f64; do
        "$PY" "$HERE/ref.py" decode e4m3fn "$to" <"$TMP/codes" >"$TMP/want"
        run_in "$TMP/x.$t" convert e4m3fn --from "$t" --to "$to" --out "$TMP/got"
        expect_rc 0 "convert --from $t --to $to"
        cmp -s "$TMP/got" "$TMP/want"
        ok $? "convert e4m3fn --from $t --to $to: values differ from ref.py"
    done
done
for t in f16 bf16; do
    "$PY" "$HERE/ref.py" encode e5m2 "$t" satfinite <"$TMP/nonan.$t" >"$TMP/codes"
    "$PY" "$HERE/ref.py" decode e5m2 f32 <"$TMP/codes" >"$TMP/want"
    run_in "$TMP/nonan.$t" convert e5m2 --from "$t" --to f32 --out "$TMP/got"
    cmp -s "$TMP/got" "$TMP/want"
    ok $? "convert e5m2 --from $t --to f32: values differ from ref.py"
done

# Round trip: f32 -> codes -> f32 equals fake-quantisation f32 -> f32; and
# decode of ref.py's codes equals the reference decode.
"$EXMY" convert e4m3fn --from f32 --to codes <"$TMP/x.f32" >"$TMP/codes"
"$EXMY" convert e4m3fn --from codes --to f32 <"$TMP/codes" >"$TMP/rt"
"$EXMY" convert e4m3fn --from f32 --to f32 <"$TMP/x.f32" >"$TMP/fq"
cmp -s "$TMP/rt" "$TMP/fq"
ok $? "round trip f32 -> codes -> f32 differs from f32 -> f32"
"$EXMY" convert e4m3fn --from codes --to f64 <"$TMP/codes" >"$TMP/rt"
"$PY" "$HERE/ref.py" decode e4m3fn f64 <"$TMP/codes" >"$TMP/want"
cmp -s "$TMP/rt" "$TMP/want"
ok $? "decode codes -> f64 differs from ref.py"
# Decode every e5m2 code but the NaNs (0x7d-0x7f, 0xfd-0xff) to f32.
"$PY" -c 'import sys; sys.stdout.buffer.write(bytes(c for c in range(256) if c & 0x7f < 0x7d))' >"$TMP/codes"
"$EXMY" convert e5m2 --from codes --to f32 <"$TMP/codes" >"$TMP/got"
"$PY" "$HERE/ref.py" decode e5m2 f32 <"$TMP/codes" >"$TMP/want"
cmp -s "$TMP/got" "$TMP/want"
ok $? "decode every finite and infinite e5m2 code to f32"

# A regular file --in is mapped, stdin read: the same bytes either way, over
# chunk boundaries (64 Ki elements) and a last partial chunk.
for i in 1 2 3 4 5 6 7; do cat "$TMP/x.f32"; done >"$TMP/long.f32" # 7 * 25025 elements
"$EXMY" convert e4m3fn --from f32 --to codes <"$TMP/long.f32" >"$TMP/long.codes"
for to in codes f32 f64; do
    "$EXMY" convert e4m3fn --from f32 --to $to <"$TMP/long.f32" >"$TMP/want"
    run convert e4m3fn --from f32 --to $to --in "$TMP/long.f32" --out "$TMP/got"
    cmp -s "$TMP/got" "$TMP/want"
    ok $? "mapped --in f32 -> $to differs from stdin"
done
"$EXMY" convert e4m3fn --from codes --to f32 <"$TMP/long.codes" >"$TMP/want"
run convert e4m3fn --from codes --to f32 --in "$TMP/long.codes" --out "$TMP/got"
cmp -s "$TMP/got" "$TMP/want"
ok $? "mapped --in codes -> f32 differs from stdin"
# --threads 2 and 3: a thread writes while the others convert; the same bytes,
# mapped or read, to a file or a pipe, and a write error still fails the run.
for th in 2 3; do
    "$EXMY" convert e4m3fn --from f32 --to f32 <"$TMP/long.f32" >"$TMP/want"
    run convert e4m3fn --from f32 --to f32 --threads $th --in "$TMP/long.f32" --out "$TMP/got"
    cmp -s "$TMP/got" "$TMP/want"
    ok $? "--threads $th mapped f32 -> f32 differs from one thread"
    "$EXMY" convert e4m3fn --from f32 --to f32 --threads $th <"$TMP/long.f32" | cmp -s - "$TMP/want"
    ok $? "--threads $th stdin to a pipe differs from one thread"
    run convert e4m3fn --from f32 --to codes --threads $th --in "$TMP/long.f32" --out /dev/full
    expect_error convert 1 "--threads $th to /dev/full"
    expect_err_contains "No space left" "--threads $th to /dev/full says why"
    # Chunks converted on threads and written in place: a .npy output (its
    # header first, its length at the end) and a decode.
    "$EXMY" convert e4m3fn --from f32 --to f32 --in "$TMP/long.f32" --out "$TMP/want.npy"
    run convert e4m3fn --from f32 --to f32 --threads $th --in "$TMP/long.f32" --out "$TMP/got.npy"
    cmp -s "$TMP/got.npy" "$TMP/want.npy"
    ok $? "--threads $th to a .npy differs from one thread"
    "$EXMY" convert e4m3fn --from codes --to f64 <"$TMP/long.codes" >"$TMP/want"
    run convert e4m3fn --from codes --to f64 --threads $th --in "$TMP/long.codes" --out "$TMP/got"
    cmp -s "$TMP/got" "$TMP/want"
    ok $? "--threads $th decode differs from one thread"
done

# No double rounding through a wider input type: f64 -431.99999999999994 ->
# -416 (0xfd), not -448 (its binary32 rounding -432 is a tie).
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<d", -431.99999999999994))' >"$TMP/d"
"$EXMY" convert e4m3fn --from f64 --to codes <"$TMP/d" >"$TMP/got"
printf '\xfd' >"$TMP/want"
cmp -s "$TMP/got" "$TMP/want"
ok $? "f64 -431.99999999999994 -> 0xfd"
"$EXMY" convert e4m3fn --from f64 --to f32 <"$TMP/d" >"$TMP/got"
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<f", -416))' >"$TMP/want"
cmp -s "$TMP/got" "$TMP/want"
ok $? "f64 -431.99999999999994 -> f32 -416"

# Empty input: empty output, success.
run_in /dev/null convert e4m3fn --from f32 --to codes --out "$TMP/empty"
expect_rc 0 "empty input"
n_checks=$((n_checks + 1))
[ -f "$TMP/empty" ] && [ ! -s "$TMP/empty" ] || fail "empty input: expected an empty output file"

# Constant memory: 50 MB of f32 through a pipe. The pattern of 16 values and
# its codes are by hand: 1 -> 0x38, -2 -> 0xc0, 448 -> 0x7e, 464 -> 0x7e,
# 0.5 -> 0x30, 0 -> 0x00, 1000 -> 0x7e, -0.015625 -> 0x88, 3 -> 0x44,
# 0.001953125 -> 0x01, -1.5 -> 0xbc, 240 -> 0x77, 20 -> 0x5a, -inf -> 0xfe,
# 0.1 (binary32 0.100000001...) -> 0.1015625 = 0x1d, 6 -> 0x4c.
pattern='1, -2, 448, 464, 0.5, 0, 1000, -0.015625, 3, 0.001953125, -1.5, 240, 20, float("-inf"), 0.1, 6'
codes='\x38\xc0\x7e\x7e\x30\x00\x7e\x88\x44\x01\xbc\x77\x5a\xfe\x1d\x4c'
reps=781250 # 781250 * 16 values * 4 bytes = 50 MB
# GNU time measures the peak memory (max RSS); without it only the output is checked.
timed() { "$EXMY" "$@"; }
[ -x /usr/bin/time ] && timed() { /usr/bin/time -f '%M' -o "$TMP/rss" "$EXMY" "$@"; }
n_checks=$((n_checks + 1))
"$PY" -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<16f', $pattern) * $reps)" |
    timed convert e4m3fn --from f32 --to codes |
    cmp -s - <("$PY" -c "import sys; sys.stdout.buffer.write(b'$codes' * $reps)") ||
    fail "50 MB stream: output differs from the repeated hand-computed codes"
if [ -x /usr/bin/time ]; then
    big=$(tail -n 1 "$TMP/rss")
    # Memory: no more than a one-element run's plus 16 MiB (the input is 50 MB).
    printf '\x00\x00\x80\x3f' | timed convert e4m3fn --from f32 --to codes >/dev/null
    small=$(tail -n 1 "$TMP/rss")
    n_checks=$((n_checks + 1))
    [ "$big" -lt $((small + 16384)) ] ||
        fail "50 MB stream: max RSS $big KiB vs $small KiB for one element (not constant memory)"
    # The same 50 MB as a file, mapped, on one and on three threads: the
    # pages behind the chunks done are let go.
    "$PY" -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<16f', $pattern) * $reps)" >"$TMP/big.f32"
    for th in 1 3; do
        timed convert e4m3fn --from f32 --to codes --threads $th --in "$TMP/big.f32" --out "$TMP/big.codes"
        big=$(tail -n 1 "$TMP/rss")
        n_checks=$((n_checks + 1))
        [ "$big" -lt $((small + 16384)) ] ||
            fail "50 MB file, --threads $th: max RSS $big KiB vs $small KiB (not constant memory)"
    done
    rm -f "$TMP/big.f32" "$TMP/big.codes"
else
    echo "note: /usr/bin/time not found; the 50 MB stream's memory use is not measured"
fi

# Errors: one line naming the place, exit 1, and no output file (not even a
# temporary one) left in the directory.
mkdir "$TMP/outdir"
check_no_files() {
    n_checks=$((n_checks + 1))
    [ -z "$(ls -A "$TMP/outdir")" ] || fail "$1: files left behind: $(ls -A "$TMP/outdir")"
}
head -c 4001 "$TMP/x.f32" >"$TMP/trunc.f32" # 1000 whole elements and one byte
run convert e4m3fn --from f32 --to codes --in "$TMP/trunc.f32" --out "$TMP/outdir/x"
expect_error convert 1 "truncated input file"
expect_err_contains "byte offset 4000" "truncated input names the byte offset"
check_no_files "truncated input"
# Truncated in a later chunk (past 64 Ki elements) through stdin.
"$PY" -c 'import sys; sys.stdout.buffer.write(bytes(8 * 100000 + 5))' >"$TMP/trunc.f64"
run_in "$TMP/trunc.f64" convert e5m2 --from f64 --to f32 --out "$TMP/outdir/x"
expect_error convert 1 "truncated stdin"
expect_err_contains "byte offset 800000" "truncated stdin names the byte offset"
check_no_files "truncated stdin"
# NaN at element 5 to a format without NaN.
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<8f", 1,2,3,4,5,float("nan"),7,8))' >"$TMP/nan.f32"
run convert e2m1fn --from f32 --to codes --in "$TMP/nan.f32" --out "$TMP/outdir/x"
expect_error convert 1 "NaN to e2m1fn"
expect_err_contains "element 5 (byte offset 20)" "NaN error names the element"
check_no_files "NaN input"
# NaN far into the stream (second chunk), fake-quantising.
"$PY" -c '
import struct, sys
xs = [0.5] * 200000
xs[150001] = float("nan")
sys.stdout.buffer.write(struct.pack("<%dd" % len(xs), *xs))' >"$TMP/nan.f64"
run convert e3m2fn --from f64 --to f64 --in "$TMP/nan.f64" --out "$TMP/outdir/x"
expect_error convert 1 "NaN in the third chunk"
expect_err_contains "element 150001 (byte offset 1200008)" "late NaN names the element"
check_no_files "late NaN"
# The same on threads: the first failing element, whichever thread found it.
for th in 2 3 4; do
    run convert e3m2fn --from f64 --to f64 --threads $th --in "$TMP/nan.f64" --out "$TMP/outdir/x"
    expect_error convert 1 "NaN in the third chunk, --threads $th"
    expect_err_contains "element 150001 (byte offset 1200008)" "late NaN on $th threads"
    check_no_files "late NaN on $th threads"
done
# An existing output file survives a failed conversion unchanged.
printf 'keep me' >"$TMP/outdir/x"
run convert e2m1fn --from f32 --to codes --in "$TMP/nan.f32" --out "$TMP/outdir/x"
expect_error convert 1 "NaN with an existing output file"
n_checks=$((n_checks + 1))
[ "$(cat "$TMP/outdir/x")" = "keep me" ] && [ "$(ls -A "$TMP/outdir")" = x ] ||
    fail "a failed conversion changed the existing output file"
rm -f "$TMP/outdir/x"
# Codes out of range for the format (e2m1fn codes are 0..0xf).
printf '\x01\x0f\x10\x02' >"$TMP/bad.codes"
run convert e2m1fn --from codes --to f32 --in "$TMP/bad.codes" --out "$TMP/outdir/x"
expect_error convert 1 "code out of range"
expect_err_contains "element 2 (byte offset 2)" "bad code names the element"
check_no_files "bad code"
# A value that is not a binary32: e10m20 holds 2^500.
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<2d", 1.0, 2.0**500))' >"$TMP/big.f64"
run convert e10m20 --from f64 --to f32 --in "$TMP/big.f64" --out "$TMP/outdir/x"
expect_error convert 1 "value not a binary32"
expect_err_contains "element 1 (byte offset 8)" "non-binary32 value names the element"
check_no_files "non-binary32 value"
# Unwritable output; missing input.
run_in "$TMP/x.f32" convert e4m3fn --from f32 --to codes --out /nonexistent/dir/x
expect_error convert 1 "output in a missing directory"
expect_err_contains "/nonexistent/dir/x" "unwritable output is named"
run convert e4m3fn --from f32 --to codes --in "$TMP/nonexistent" --out "$TMP/outdir/x"
expect_error convert 1 "missing input file"
check_no_files "missing input"
# A successful --out gets the usual permissions (umask), not mkstemp's 0600.
(umask 022 && "$EXMY" convert e4m3fn --from f32 --to codes --in "$TMP/s.f32" --out "$TMP/outdir/ok")
n_checks=$((n_checks + 1))
[ "$(stat -c %a "$TMP/outdir/ok")" = 644 ] || fail "output file mode $(stat -c %a "$TMP/outdir/ok")"
[ "$(ls -A "$TMP/outdir")" = ok ] || fail "temporary file left after success"
rm -f "$TMP/outdir/ok"

# Bad options.
run convert e4m3fn --from f32 --to codes --round nearest </dev/null
expect_error convert 1 "bad rounding mode"
run convert e4m3fn --from f32 --to codes --sat saturate </dev/null
expect_error convert 1 "bad saturation mode"
run convert e4m3fn --from f128 --to codes </dev/null
expect_error convert 1 "bad --from type"
run convert e4m3fn --from f32 --to f16 </dev/null
expect_error convert 1 "bad --to type"
run convert nosuch --from f32 --to codes </dev/null
expect_error convert 1 "unknown format"
run convert e4m3fn --to codes </dev/null
expect_error convert 2 "missing --from"
run convert e4m3fn --from f32 </dev/null
expect_error convert 2 "missing --to"
run convert --from f32 --to codes </dev/null
expect_error convert 2 "missing FORMAT"
run convert e4m3fn e5m2 --from f32 --to codes </dev/null
expect_error convert 2 "two FORMATs"
run convert e4m3fn --from codes --to codes </dev/null
expect_error convert 2 "codes to codes"
run convert e4m3fn --from f32 --to codes --threads 0 </dev/null
expect_error convert 1 "--threads 0"
run convert e4m3fn --from f32 --to codes --threads 65 </dev/null
expect_error convert 1 "--threads 65"
run convert e4m3fn --from f32 --to codes --isa sse9 </dev/null
expect_error convert 1 "unknown --isa"
run convert e4m3fn --from f32 --to codes --jobs 4 </dev/null
expect_error convert 2 "unknown option"
run convert --help
expect_rc 0 "convert --help"
expect_out_contains "Usage: exmy convert" "convert --help text"
expect_out_contains "default rne" "convert --help states the default rounding"
expect_out_contains "default satfinite" "convert --help states the default saturation"
expect_out_contains "NVIDIA" "convert --help says satfinite is NVIDIA's default"

finish
