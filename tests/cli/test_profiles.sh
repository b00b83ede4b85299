# exmy profiles, and profiles wherever a FORMAT is taken (info, round,
# decode, convert). The profiles come from test_profiles.prof, written by
# hand for these tests (no vendor data); every expected code is derived by
# hand from the profile rules (formats/README.md, exmy.h "profiles") and the
# format definitions:
# e4m3fn: bias 7, 3 mantissa bits, max 448 = 0 1111 110 = 0x7e, NaN 0x7f/0xff;
#   1.5 = 0 0111 100 = 0x3c, 8 = 0 1010 000 = 0x50, 2 = 0 1000 000 = 0x40.
#   465 lies above the midpoint 464 of 448 and 480: it rounds to 480 > max.
# e5m2: NaN codes 0x7d..0x7f (and 0xfd..0xff).
# e8m0fnu: code c is 2^(c - 127), no zero, no sign; 2 = 0x80, 4 = 0x81.
# e2m1fn: sign, 2 exponent bits (bias 1), 1 mantissa bit: 1 = 0x2, 1.5 = 0x3,
#   6 = 0x7; no NaN.
# bfloat16: 0.1 = 1.6 * 2^-4 -> 1.6 * 128 = 204.8 -> 205 = 1.1001101b:
#   exponent 123 = 0x7b, mantissa 0x4d: 0x3dcd = 205 * 2^-11 = 0.10009765625.
source "$(dirname "$0")/lib.sh"

PROF="$HERE/test_profiles.prof"
L=(--load "$PROF")

# col N: the Nth whitespace-separated field of line 1 of $out.
col() {
    printf '%s\n' "$out" | awk -v n="$1" 'NR == 1 { print $n }'
}

# check_prof_round WANT-CODE WANT-VALUE ARGS...: `exmy round` with a profile
# (line: input type bits value read [r=R] code value hex flags); the code and
# exact value are the last four fields but two.
check_prof_round() {
    local want_code=$1 want_dec=$2
    shift 2
    run "${L[@]}" round "$@"
    n_checks=$((n_checks + 1))
    if [ "$rc" -ne 0 ] || [ -n "$err" ]; then
        fail "round $*: expected success"
        return
    fi
    local code dec hex
    code=$(printf '%s\n' "$out" | awk 'NR == 1 { print $(NF - 3) }')
    dec=$(printf '%s\n' "$out" | awk 'NR == 1 { print $(NF - 2) }')
    hex=$(printf '%s\n' "$out" | awk 'NR == 1 { print $(NF - 1) }')
    if [ "$code" != "$want_code" ] || [ "$dec" != "$want_dec" ]; then
        fail "round $*: expected code $want_code value $want_dec"
    elif ! same_number "$hex" "$want_dec"; then
        fail "round $*: hex-float $hex is not $want_dec"
    fi
}

# f32 FILE X...: binary32 little-endian values ("nan", "-nan" allowed).
f32() {
    "$PY" - "$@" <<'PYEOF'
import struct, sys
out = open(sys.argv[1], "wb")
for a in sys.argv[2:]:
    if a in ("nan", "-nan"):
        out.write(struct.pack("<I", 0x7FC00000 | (0x80000000 if a[0] == "-" else 0)))
    else:
        out.write(struct.pack("<f", float(a)))
PYEOF
}
# u32 FILE N...: little-endian uint32 values.
u32() {
    "$PY" -c 'import struct, sys; open(sys.argv[1], "wb").write(b"".join(struct.pack("<I", int(a, 0)) for a in sys.argv[2:]))' "$@"
}
# hexof FILE: the bytes of FILE in hex, space-separated.
hexof() {
    od -An -v -tx1 "$1" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'
}

# ---------------------------------------------------------------- loading

# --load FILE.prof adds profiles (before or after the subcommand); the
# listing shows name, format, rounding (stochastic: MODE/sr-bits), saturation
# and family, aligned in columns under a header.
run "${L[@]}" profiles
expect_rc 0 "profiles with --load"
for p in test-e4m3-satfinite test-e4m3-nosat test-e4m3-relu test-e5m2-signed test-ue8m0-rp \
    test-e2m1-sr test-e4m3-sr-lanes test-e4m3-scaled test-bf16-f64; do
    printf '%s\n' "$out" | grep -q "^$p " || fail "profiles lists $p"
    pass
done
line=$(printf '%s\n' "$out" | grep '^test-e2m1-sr ')
read -r name fmt rnd sat family <<<"$line"
[ "$fmt $rnd $sat" = "e2m1fn sr-a/8 satfinite" ] || fail "profiles: test-e2m1-sr row is '$line'"
pass
expect_out_contains "exmy CLI test profiles" "profiles shows the family"
# The generic-spec target shows its spec.
line=$(printf '%s\n' "$out" | grep '^test-bf16-f64 ')
read -r name fmt rnd sat family <<<"$line"
[ "$fmt $rnd $sat" = "e8m7 rne satnone" ] || fail "profiles: test-bf16-f64 row is '$line'"
pass
# Columns aligned: "format" starts at the same offset in the header and rows.
hdr=$(printf '%s\n' "$out" | head -1)
[ "${hdr%%format*}" != "$hdr" ] || fail "profiles: a header with 'format'"
pre=${hdr%%format*}
off=${#pre}
row=$(printf '%s\n' "$out" | grep '^test-e4m3-nosat ')
[ "${row:$off:6}" = "e4m3fn" ] || fail "profiles: columns are not aligned ('$row')"
pass
run profiles --load "$PROF" --family 'CLI TEST'
expect_rc 0 "profiles --family (case-insensitive)"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 10 ] || fail "profiles --family: header + 9 test profiles"
pass
run "${L[@]}" profiles --family no-such-family-text
expect_error profiles 1 "profiles --family matching nothing"
run "${L[@]}" profiles extra
expect_error profiles 2 "profiles takes no operands"
# A malformed .prof is reported as FILE:LINE, nothing is added, exit 1.
printf 'family: broken\nprofile test-broken\n  format e4m3fn\n  round rne\n  sat satfinite\n  inputs f32\n  bogus 1\n  source x\n' >"$TMP/broken.prof"
run --load "$TMP/broken.prof" profiles
expect_error "" 1 "--load a malformed .prof"
expect_err_contains "broken.prof:" "the error names the file"
# A .prof file is not read as formats, nor a .fmt file as profiles.
printf 'family: T\nmyfmt e4m3:finite:nans=1 - a test format\n' >"$TMP/t.fmt"
run --load "$TMP/t.fmt" info myfmt
expect_rc 0 "--load FILE.fmt still loads formats"
# Profiles do not shadow formats: a profile name is not a format spec.
run "${L[@]}" info test-e4m3-satfinite
expect_rc 0 "info PROFILE"

# ------------------------------------------------------------------- info

# Every field of the profile, then the format as 'exmy info FORMAT' prints it.
field() {
    printf '%s\n' "$out" | awk -v k="$1" '$1 == k { sub(/^[^ ]+ +/, ""); print; exit }'
}
check_field() {
    local got
    got=$(field "$1")
    n_checks=$((n_checks + 1))
    [ "$got" = "$2" ] || fail "info: expected $1 = '$2', got '$got'"
}
run "${L[@]}" info test-e4m3-satfinite
check_field profile test-e4m3-satfinite
check_field aliases test-e4m3-sf,TEST-E4M3-SATURATE
check_field family "exmy CLI test profiles"
check_field format "e4m3fn (e4m3:finite:nans=1)"
check_field round rne
check_field sat satfinite
check_field sr-bits -
check_field nan "fixed 0x7f"
check_field negative format
check_field zero -
check_field inputs "f32, f16"
check_field daz no
check_field relu no
check_field source "exmy tests/cli/test_profiles.prof (a test profile, no vendor's)"
check_field unspecified "nothing: a test profile"
check_field note "every NaN input gives 0x7f"
# then the format block: e4m3fn's own constants
check_field name e4m3fn
check_field max_finite "448  (0x1.cp+8)"
check_field nan_code 0x7f
# An alias, any case, finds the profile.
run "${L[@]}" info TEST-E4M3-SF
expect_rc 0 "info by alias"
check_field profile test-e4m3-satfinite
run "${L[@]}" info test-e2m1-sr
check_field sr-bits 8
check_field rbits "shift 0 stride 8"
check_field lanes 4
check_field nan "fixed 0x7"
check_field tiny-round -
run "${L[@]}" info test-e4m3-sr-lanes
check_field rbits-lanes "16,24,0,8  (lane i's R from bit S_i of the random operand)"
check_field tiny-round "rtz below 2^-6"
# tiny-round: 0.01 is below 2^-6 (the min normal 0.015625), between the
# subnormals 5 * 2^-9 = 0.009765625 (0x05) and 6 * 2^-9 (0x06): rtz gives
# 0x05 whatever R; 0.5 + 2^-5 is above 2^-6, half-way from 0.5 (0x30) to
# 0.5625 (0x31), and rounds by sr-c: away iff RNE(0.5 * 2^8) + R >= 2^8.
check_prof_round 0x05 0.009765625 test-e4m3-sr-lanes 0.01 --rbits 255
check_prof_round 0x30 0.5 test-e4m3-sr-lanes 0.53125 --rbits 127
check_prof_round 0x31 0.5625 test-e4m3-sr-lanes 0.53125 --rbits 128
run "${L[@]}" info test-ue8m0-rp
check_field negative magnitude
check_field zero 0x00
check_field round rup
run "${L[@]}" info test-e5m2-signed
check_field nan "signed 0x7f"
run "${L[@]}" info test-bf16-f64
check_field format e8m7
check_field inputs f64
check_field daz yes
check_field ftz yes
check_field name -
run "${L[@]}" info test-e4m3-scaled --values
expect_rc 0 "info PROFILE --values"
expect_out_contains "scaled          yes" "info shows scaled"
# --values lists the format's 256 codes after the header line.
[ "$(printf '%s\n' "$out" | grep -c '^0x[0-9a-f][0-9a-f]  ')" -eq 256 ] ||
    fail "info PROFILE --values: 256 codes of e4m3fn"
pass
run info no-such-thing
expect_error info 1 "info of an unknown name"
expect_err_contains "not a format or profile" "unknown names say what was expected"
# A malformed generic spec keeps the spec parser's reason.
run info e4m3:bias=x
expect_error info 1 "info of a bad spec"
expect_err_contains "bias" "a bad spec says why"

# ------------------------------------------------------------------ round

# 465 as binary32: 1.11010001b * 2^8 -> exponent 135 = 0x87, 0x43e88000,
# exact. It rounds to 480 > 448: satfinite gives 448 (0x7e), nosat NaN (0x7f).
run "${L[@]}" round test-e4m3-satfinite 465
[ "$(col 2) $(col 3) $(col 4) $(col 5)" = "f32 0x43e88000 465 read:exact" ] ||
    fail "round profile 465: the binary32 input"
pass
check_prof_round 0x7e 448 test-e4m3-satfinite 465
check_prof_round 0x7f nan test-e4m3-nosat 465
# The alias works as the name does.
check_prof_round 0x7e 448 test-e4m3-sf 465
# Fixed NaN code: 0x7f for either sign (the format alone gives 0xff for -nan).
check_prof_round 0x7f nan test-e4m3-satfinite nan
check_prof_round 0x7f nan test-e4m3-satfinite -nan
run round e4m3fn -- -nan
[ "$(col 2)" = 0xff ] || fail "round e4m3fn -nan: the format keeps the sign (0xff)"
pass
# Signed NaN code: 0x7f with the input's sign.
check_prof_round 0x7f nan test-e5m2-signed nan
check_prof_round 0xff -nan test-e5m2-signed -nan
# relu: negative results give +0 (0x00), -0 too; positives as usual; a NaN
# input keeps the canonical rule (sign kept: 0xff).
check_prof_round 0x00 0 test-e4m3-relu -1.5
check_prof_round 0x00 0 test-e4m3-relu -0
check_prof_round 0x3c 1.5 test-e4m3-relu 1.5
check_prof_round 0xff -nan test-e4m3-relu -nan
# e8m0fnu by magnitude, rounding up: |-3| -> 4 = 0x81; 2 exact = 0x80; zero
# (either sign) gives the profile's zero code 0x00 (the format has no zero).
check_prof_round 0x81 4 test-ue8m0-rp -3
check_prof_round 0x81 4 test-ue8m0-rp 3
check_prof_round 0x80 2 test-ue8m0-rp 2
run "${L[@]}" round test-ue8m0-rp 0
[ "$(col 6)" = 0x00 ] || fail "round test-ue8m0-rp 0: zero code 0x00"
pass
run "${L[@]}" round test-ue8m0-rp -- -0
[ "$(col 6)" = 0x00 ] || fail "round test-ue8m0-rp -0: zero code 0x00"
pass
# Inexact literals: 0.1 as binary32 is 0x3dcccccd = 13421773 * 2^-27.
run "${L[@]}" round test-e4m3-satfinite 0.1
[ "$(col 2) $(col 3) $(col 4) $(col 5)" = "f32 0x3dcccccd 0.100000001490116119384765625 read:rounded" ] ||
    fail "round profile 0.1: the binary32 input and read:rounded"
pass
# --from picks another accepted type: 465 as binary16 is exact:
# exponent 8 + 15 = 23 = 10111, mantissa 1101000100: 0x5f44.
run "${L[@]}" round test-e4m3-satfinite 465 --from f16
[ "$(col 2) $(col 3) $(col 4) $(col 5) $(col 6)" = "f16 0x5f44 465 read:exact 0x7e" ] ||
    fail "round profile --from f16"
pass
# A type the profile does not take: exit 1, one line naming what it takes.
run "${L[@]}" round test-e4m3-satfinite 1 --from f64
expect_error round 1 "round PROFILE --from f64 (not taken)"
expect_err_contains "profile test-e4m3-satfinite does not take f64 inputs (it takes f32, f16)" \
    "the ETYPE message"
run "${L[@]}" round test-e4m3-satfinite 1 --from f128
expect_error round 1 "round PROFILE --from a bad type name"
run round e4m3fn 1 --from f32
expect_error round 2 "round FORMAT --from (a profile's option)"
# binary64 inputs (the profile takes only f64): 0.1 is 0x3fb999999999999a,
# 0.1000000000000000055511151231257827021181583404541015625, not exact; its
# bfloat16 is 0x3dcd.
run "${L[@]}" round test-bf16-f64 0.1
[ "$(col 2) $(col 3) $(col 4) $(col 5) $(col 6) $(col 7)" = \
    "f64 0x3fb999999999999a 0.1000000000000000055511151231257827021181583404541015625 read:rounded 0x3dcd 0.10009765625" ] ||
    fail "round test-bf16-f64 0.1"
pass
# 0.5 is exact as binary64.
run "${L[@]}" round test-bf16-f64 0.5
[ "$(col 3) $(col 5) $(col 6)" = "0x3fe0000000000000 read:exact 0x3f00" ] || fail "round test-bf16-f64 0.5"
pass
# FTZ: 1e-39 is a bfloat16 subnormal (below 2^-126), 10.9 * 2^-133, which
# would be 0x000b; the profile flushes it to +0 (and -1e-39 to -0).
check_prof_round 0x0000 0 test-bf16-f64 1e-39
check_prof_round 0x8000 -0 test-bf16-f64 -- -1e-39
run round bfloat16 1e-39
[ "$(col 2)" = 0x000b ] || fail "round bfloat16 1e-39 (no FTZ): 0x000b"
pass
# --scale: 1 * 2^3 = 8 -> 0x50; only a scaled profile takes it.
check_prof_round 0x50 8 test-e4m3-scaled 1 --scale 3
check_prof_round 0x40 2 test-e4m3-scaled 8 --scale -2
run "${L[@]}" round test-e4m3-satfinite 1 --scale 3
expect_error round 2 "--scale with an unscaled profile"
run round e4m3fn 1 --scale 3
expect_error round 2 "--scale with a format"
run "${L[@]}" round test-e4m3-scaled 1 --scale 1.5
expect_error round 1 "--scale not an integer"
# Stochastic (sr-a, 8 bits): 1.25 lies half-way from 1 (0x2) to 1.5 (0x3):
# floor(0.5 * 2^8) = 128; away iff 128 + R >= 256, i.e. R >= 128.
check_prof_round 0x2 1 test-e2m1-sr 1.25 --rbits 127
check_prof_round 0x3 1.5 test-e2m1-sr 1.25 --rbits 128
check_prof_round 0x3 1.5 test-e2m1-sr 1.25 --rbits 0xff
run "${L[@]}" round test-e2m1-sr 1.25 --rbits 128
[ "$(col 6)" = "r=0x80" ] || fail "round stochastic profile shows r=R"
pass
# A NaN input to e2m1fn (no NaN) gives the profile's fixed code 0x7 (6).
check_prof_round 0x7 6 test-e2m1-sr nan --rbits 0
run "${L[@]}" round test-e2m1-sr 1.25 --rbits 256
expect_error round 1 "--rbits beyond the profile's 8 bits"
expect_err_contains "2^8" "the --rbits message names the bound"
run "${L[@]}" round test-e2m1-sr 1.25
expect_error round 2 "a stochastic profile without random bits"
run "${L[@]}" round test-e2m1-sr 1.25 --rbits 1 --seed 1
expect_error round 2 "--rbits and --seed together"
run "${L[@]}" round test-e2m1-sr 1.25 --random 1
expect_error round 2 "--random R with a profile (it is --rbits)"
run "${L[@]}" round test-e4m3-satfinite 1 --rbits 1
expect_error round 2 "--rbits with a deterministic profile"
run "${L[@]}" round test-e4m3-satfinite 1 --seed 1
expect_error round 2 "--seed with a deterministic profile"
run round e4m3fn 1 --rbits 1
expect_error round 2 "--rbits with a format"
# --round / --sat / --sr-bits with a profile: a usage error, one line.
run "${L[@]}" round test-e4m3-satfinite 465 --round rtz
expect_error round 2 "--round with a profile"
expect_err_contains "test-e4m3-satfinite" "the message names the profile"
run "${L[@]}" round test-e4m3-satfinite 465 --sat nosat
expect_error round 2 "--sat with a profile"
run "${L[@]}" round test-e2m1-sr 1.25 --sr-bits 4 --rbits 1
expect_error round 2 "--sr-bits with a profile"
run round no-such-profile 1
expect_error round 1 "round with an unknown name"
expect_err_contains "not a format or profile" "round: unknown name"

# ----------------------------------------------------------------- decode

run "${L[@]}" decode test-e4m3-satfinite 0x7e 0x7f
expect_rc 0 "decode PROFILE"
[ "$(col 1) $(col 2) $(col 3)" = "0x7e normal 448" ] || fail "decode PROFILE 0x7e: 448"
pass
run "${L[@]}" decode test-ue8m0-rp 0x81
[ "$(col 3)" = 4 ] || fail "decode test-ue8m0-rp 0x81: 4"
pass

# ---------------------------------------------------------------- convert

# Profile vs format on the same input: the NaN codes differ (0x7f for -nan).
f32 "$TMP/x.f32" 465 nan -nan 1.5 -0
run "${L[@]}" convert test-e4m3-satfinite --from f32 --to codes --in "$TMP/x.f32" --out "$TMP/p.codes"
expect_rc 0 "convert PROFILE --to codes"
[ "$(hexof "$TMP/p.codes")" = "7e 7f 7f 3c 80" ] || fail "convert PROFILE codes: $(hexof "$TMP/p.codes")"
pass
run convert e4m3fn --from f32 --to codes --in "$TMP/x.f32" --out "$TMP/f.codes"
[ "$(hexof "$TMP/f.codes")" = "7e 7f ff 3c 80" ] || fail "convert e4m3fn codes: $(hexof "$TMP/f.codes")"
pass
# --to f32: 465 -> 448.0 = 0x43e00000; the NaN codes decode to NaN; 1.5; -0.
run "${L[@]}" convert test-e4m3-satfinite --from f32 --to f32 --in "$TMP/x.f32" --out "$TMP/p.f32"
expect_rc 0 "convert PROFILE --to f32"
[ "$(hexof "$TMP/p.f32")" = "00 00 e0 43 00 00 c0 7f 00 00 c0 7f 00 00 c0 3f 00 00 00 80" ] ||
    fail "convert PROFILE --to f32: $(hexof "$TMP/p.f32")"
pass
# relu in a stream.
f32 "$TMP/r.f32" -1.5 1.5 -0
run "${L[@]}" convert test-e4m3-relu --from f32 --to codes --in "$TMP/r.f32" --out "$TMP/r.codes"
[ "$(hexof "$TMP/r.codes")" = "00 3c 00" ] || fail "convert relu: $(hexof "$TMP/r.codes")"
pass
# A type the profile does not take: exit 1, one line, no output file.
rm -f "$TMP/none"
run "${L[@]}" convert test-e4m3-nosat --from f16 --to codes --in "$TMP/x.f32" --out "$TMP/none"
expect_error convert 1 "convert PROFILE --from f16 (not taken)"
expect_err_contains "does not take f16 inputs (it takes f32)" "convert: the ETYPE message"
[ ! -e "$TMP/none" ] || fail "convert: nothing written after an input-type error"
pass
# .npy input whose dtype settles a type the profile does not take.
"$PY" -c '
import struct, sys
hdr = "{\x27descr\x27: \x27<f8\x27, \x27fortran_order\x27: False, \x27shape\x27: (1,), }"
hdr += " " * (117 - len(hdr)) + "\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode() + struct.pack("<d", 1.0))
' "$TMP/one.npy"
run "${L[@]}" convert test-e4m3-nosat --to codes --in "$TMP/one.npy" --out "$TMP/none.npy"
expect_error convert 1 "convert PROFILE of a float64 .npy (not taken)"
[ ! -e "$TMP/none.npy" ] || fail "convert: no .npy written after an input-type error"
pass
run "${L[@]}" convert test-e4m3-satfinite --from f32 --to codes --round rtz --in "$TMP/x.f32"
expect_error convert 2 "convert --round with a profile"
run "${L[@]}" convert test-e4m3-satfinite --from f32 --to codes --seed 1 --in "$TMP/x.f32"
expect_error convert 2 "convert --seed with a deterministic profile"
run "${L[@]}" convert test-e2m1-sr --from f32 --to codes --in "$TMP/x.f32"
expect_error convert 2 "convert a stochastic profile without random bits"
# Stochastic, R per element from --random FILE (its low 8 bits): 1.25 with
# R = 127, 128, 0x17f (low bits 127), 0x180 (128), and NaN -> 0x7.
f32 "$TMP/s.f32" 1.25 1.25 1.25 1.25 nan
u32 "$TMP/s.u32" 127 128 0x17f 0x180 0
run "${L[@]}" convert test-e2m1-sr --from f32 --to codes --random "$TMP/s.u32" --in "$TMP/s.f32" --out "$TMP/s.codes"
expect_rc 0 "convert stochastic profile --random FILE"
[ "$(hexof "$TMP/s.codes")" = "02 03 02 03 07" ] || fail "convert stochastic profile: $(hexof "$TMP/s.codes")"
pass
# --seed: round and convert draw the same Philox bits for the same indices.
f32 "$TMP/q.f32" 1.25 1.25 1.25 1.25 1.25 1.25
run "${L[@]}" convert test-e2m1-sr --from f32 --to codes --seed 7 --index0 3 --in "$TMP/q.f32" --out "$TMP/q.codes"
expect_rc 0 "convert stochastic profile --seed"
conv=$(hexof "$TMP/q.codes")
run "${L[@]}" round test-e2m1-sr 1.25 1.25 1.25 1.25 1.25 1.25 --seed 7 --index0 3
rnd=$(printf '%s\n' "$out" | awk '{ sub(/^0x/, "", $7); printf "%s0%s", (NR > 1 ? " " : ""), $7 }')
[ "$conv" = "$rnd" ] || fail "round --seed ($rnd) and convert --seed ($conv) differ"
pass
# --scale in a stream: 8 * 2^-2 = 2 -> 0x40, 1 * 2^-2 = 0.25 = 0 0101 000 = 0x28.
f32 "$TMP/c.f32" 8 1
run "${L[@]}" convert test-e4m3-scaled --from f32 --to codes --scale -2 --in "$TMP/c.f32" --out "$TMP/c.codes"
[ "$(hexof "$TMP/c.codes")" = "40 28" ] || fail "convert --scale: $(hexof "$TMP/c.codes")"
pass
# --from codes decodes the profile's format.
printf '\x7e' >"$TMP/one.code"
run "${L[@]}" convert test-e4m3-satfinite --from codes --to f32 --in "$TMP/one.code" --out "$TMP/one.f32"
[ "$(hexof "$TMP/one.f32")" = "00 00 e0 43" ] || fail "convert PROFILE --from codes"
pass

# ------------------------------------------------------------------- snr

# snr quantises with a format's rounding only: a profile is refused by name.
run "${L[@]}" snr test-e4m3-satfinite --from 0 --to 1
expect_error snr 1 "snr with a profile"
expect_err_contains "a profile, not a format" "snr says the name is a profile"

# ----------------------------------------------------- built-in profiles

# The vendor profiles built in from formats/*.prof (no --load), each case
# pinned where its profile exists:
run profiles
builtin=$out
has() { printf '%s\n' "$builtin" | grep -q "^$1 "; }
L=()
# CUDA __nv_cvt_float_to_fp8(x, __NV_SATFINITE, __NV_E4M3): 465 saturates to
# 448 (0x7e); NaN of either sign is 0x7f (issue 12).
if has cuda-e4m3-satfinite; then
    check_prof_round 0x7e 448 cuda-e4m3-satfinite 465
    check_prof_round 0x7f nan cuda-e4m3-satfinite -- -nan
fi
# cvt.rp.satfinite.ue8m0x2.f32 / __nv_cvt_float_to_e8m0 (rounding up): 3 -> 4
# (2^2: 0x81), 0.75 -> 1 (0x7f); the magnitude of -3; zero gives 0x00.
if has cuda-ue8m0-rp; then
    check_prof_round 0x81 4 cuda-ue8m0-rp 3
    check_prof_round 0x7f 1 cuda-ue8m0-rp 0.75
    check_prof_round 0x81 4 cuda-ue8m0-rp -3
    run round cuda-ue8m0-rp 0
    [ "$(col 6)" = 0x00 ] || fail "round cuda-ue8m0-rp 0: 0x00"
    pass
fi
# PyTorch float8_e4m3fn casts do not saturate: 465 rounds to 480, past 448:
# NaN (0x7f); 464 is the tie 448|480 and goes to the even 448 (0x7e).
if has torch-e4m3fn; then
    check_prof_round 0x7f nan torch-e4m3fn 465
    check_prof_round 0x7e 448 torch-e4m3fn 464
fi
# PyTorch float8_e8m0fnu ignores the sign, rounds the exponent's half-way
# cases up and maps zero to 0x00 (issue 12): -3 (1.5 * 2^1) -> 4 = 0x81.
if has torch-e8m0fnu; then
    check_prof_round 0x81 4 torch-e8m0fnu -- -3
    check_prof_round 0x80 2 torch-e8m0fnu 1.5
    run round torch-e8m0fnu 0
    [ "$(col 6)" = 0x00 ] || fail "round torch-e8m0fnu 0: 0x00"
    pass
fi
# A built-in profile in info and convert as well.
if has torch-e4m3fn; then
    run info torch-e4m3fn
    expect_rc 0 "info torch-e4m3fn"
    expect_out_contains "Float8" "info torch-e4m3fn cites the PyTorch header"
    f32 "$TMP/t.f32" 465 464
    run convert torch-e4m3fn --from f32 --to codes --in "$TMP/t.f32" --out "$TMP/t.codes"
    [ "$(hexof "$TMP/t.codes")" = "7f 7e" ] || fail "convert torch-e4m3fn: $(hexof "$TMP/t.codes")"
    pass
fi

finish
