# exmy round: known answers derived by hand from the format definitions.
# e4m3fn (OCP OFP8 v1.0 Table 1): bias 7, 3 mantissa bits, S.1111.111 is NaN,
#   max 1.75 * 2^8 = 448 = 0 1111 110 = 0x7e, min subnormal 2^-9.
#   Around 1: ulp 2^-3, so 1 = 0x38, 1.125 = 0x39, -1.125 = 0xb9.
# e5m2 (IEEE-like): bias 15, 2 mantissa bits, max 1.75 * 2^15 = 57344 = 0x7b,
#   +Inf = 0x7c, NaN 0x7d..0x7f; the next value past max would be 2^16.
source "$(dirname "$0")/lib.sh"

# check_round CODE DECIMAL FLAGS ARGS...: one output line whose code and exact
# decimal are CODE and DECIMAL, whose hex-float is the same number, and whose
# flags are FLAGS ("-" skips the flags).
check_round() {
    local want_code=$1 want_dec=$2 want_flags=$3
    shift 3
    run round "$@"
    local in code dec hex flags
    read -r in code dec hex flags <<<"$out"
    n_checks=$((n_checks + 1))
    if [ "$rc" -ne 0 ] || [ -n "$err" ]; then
        fail "round $*: expected success"
    elif [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then
        fail "round $*: expected one line"
    elif [ "$code" != "$want_code" ] || [ "$dec" != "$want_dec" ]; then
        fail "round $*: expected code $want_code value $want_dec"
    elif ! same_number "$hex" "$want_dec"; then
        fail "round $*: hex-float $hex is not $want_dec"
    elif [ "$want_flags" != "-" ] && [ "$flags" != "$want_flags" ]; then
        fail "round $*: expected flags $want_flags"
    fi
}

# The known answers of the task (OFP8 §5.2.1: round first, range check second).
# 464 is the midpoint of 448 (0x7e, mantissa 110: even) and 480: ties to even.
check_round 0x7e 448 inexact e4m3fn 464
# 465 rounds to 480 > 448: overflow; non-saturating e4m3fn has no Inf -> NaN.
check_round 0x7f nan inexact,overflow e4m3fn 465 --sat nosat
# satnone in a finite format: max finite.
check_round 0x7e 448 inexact,overflow e4m3fn 465 --sat satnone
# 61440 = 57344 + 4096 is the midpoint of 0x7b (odd mantissa 11) and 2^16
# (even): rounds up, overflows; nosat gives +Inf, the default satfinite max.
check_round 0x7c inf inexact,overflow e5m2 61440 --sat nosat
check_round 0x7b 57344 inexact,overflow e5m2 61440
# No double rounding (ml_dtypes PR #401): -431.99999999999994 lies below the
# midpoint 432 of 416 (1.101b * 2^8 = 1 1111 101 = 0xfd) and 448.
check_round 0xfd -416 inexact e4m3fn -431.99999999999994
# The same number as binary32 would be -432, the tie, which goes to even -448.
check_round 0xfe -448 inexact e4m3fn -432

# Exact values, hex-float input, zeros, subnormals.
check_round 0x38 1 exact e4m3fn 1
check_round 0x7e 448 exact e4m3fn 0x1.cp+8
check_round 0x80 -0 exact e4m3fn -0
check_round 0x00 0 exact e4m3fn 0
check_round 0x01 0.001953125 exact e4m3fn 0x1p-9
# 0.001 > 2^-10 (half the min subnormal): rounds up to 2^-9, tiny and inexact.
check_round 0x01 0.001953125 inexact,underflow e4m3fn 0.001
# 2^-10 exactly is the tie of 0 (even) and 2^-9: zero.
check_round 0x00 0 inexact,underflow e4m3fn 0.0009765625
check_round 0x08 0.015625 exact e4m3fn 0.015625

# Rounding modes at 1.1 (between 1 = 0x38 and 1.125 = 0x39, nearer 1.125) and
# at the tie 1.0625.
check_round 0x39 1.125 inexact e4m3fn 1.1
check_round 0x39 1.125 inexact e4m3fn 1.1 --round rna
check_round 0x38 1 inexact e4m3fn 1.1 --round rtz
check_round 0x38 1 inexact e4m3fn 1.1 --round rdn
check_round 0x39 1.125 inexact e4m3fn 1.1 --round rup
check_round 0x39 1.125 inexact e4m3fn --round rto 1.1
check_round 0xb9 -1.125 inexact e4m3fn -1.1 --round rdn
check_round 0xb8 -1 inexact e4m3fn -1.1 --round rup
check_round 0x38 1 inexact e4m3fn 1.0625
check_round 0x39 1.125 inexact e4m3fn 1.0625 --round rna
check_round 0x38 1 inexact e4m3fn 1.0625 --round rtz
# rtz never overflows to NaN: 1000 -> 448 even under nosat.
check_round 0x7e 448 - e4m3fn 1000 --round rtz --sat nosat

# Infinities and NaN.
check_round 0x7e 448 - e4m3fn inf
check_round 0xfe -448 - e4m3fn -inf
check_round 0x7f nan - e4m3fn inf --sat nosat
check_round 0x7b 57344 - e5m2 inf
check_round 0x7c inf exact e5m2 inf --sat satpropagate
check_round 0xfc -inf exact e5m2 -inf --sat nosat
check_round 0x7f nan invalid e4m3fn nan
check_round 0xff -nan invalid e4m3fn -nan
# fnuz: the only NaN is 0x80 (its sign bit is set), and -0 becomes +0.
check_round 0x80 -nan invalid e4m3fnuz nan
check_round 0x00 0 exact e4m3fnuz -0
# Wider formats: binary16 max 65504 = 0x7bff; 2^-24 = min subnormal 0x0001.
check_round 0x7bff 65504 exact binary16 65504
check_round 0x0001 0.000000059604644775390625 exact fp16 0x1p-24
# A generic spec: e3m2 with IEEE defaults (bias 3): 1.25 = 0 011 01 = 0x0d.
check_round 0x0d 1.25 exact e3m2 1.25

# Stochastic rounding at 1.05: nu = (1.05 - 1) / 0.125 = 0.4, N = 2 bits.
#   sr-a: floor(0.4*4) = 1, up iff 1 + R >= 4, i.e. R >= 3
#   sr-b: floor(0.4*8) = 3, up iff 3 + 2R + 1 >= 8, i.e. R >= 2
#   sr-c: RNE(0.4*4) = 2, up iff 2 + R >= 4, i.e. R >= 2
check_round 0x38 1 inexact e4m3fn 1.05 --round sr-a --sr-bits 2 --random 2
check_round 0x39 1.125 inexact e4m3fn 1.05 --round sr-a --sr-bits 2 --random 3
check_round 0x38 1 inexact e4m3fn 1.05 --round sr-b --sr-bits 2 --random 1
check_round 0x39 1.125 inexact e4m3fn 1.05 --round sr-b --sr-bits 2 --random 2
check_round 0x38 1 inexact e4m3fn 1.05 --round sr-c --sr-bits 2 --random 1
check_round 0x39 1.125 inexact e4m3fn 1.05 --round sr-c --sr-bits=2 --random=0x2

# Several values, options anywhere, '--', negative numbers as operands.
run round --sat nosat e4m3fn -431.5 464 --round rne -- -inf
n_checks=$((n_checks + 1))
codes=$(printf '%s\n' "$out" | awk '{print $2}' | tr '\n' ' ')
# -431.5 < 432: -416 (0xfd); 464 -> 0x7e; -inf under nosat -> NaN 0xff.
[ "$rc" -eq 0 ] && [ "$codes" = "0xfd 0x7e 0xff " ] || fail "several values: expected codes 0xfd 0x7e 0xff"

# Errors: one line, exit 1 for bad input, 2 for usage.
run round e2m1fn nan
expect_error round 1 "NaN into a format without NaN"
run round e2m1fn 1 nan 2
expect_error round 1 "NaN among other values: nothing printed"
run round nosuchformat 1
expect_error round 1 "unknown format"
expect_err_contains "nosuchformat" "unknown format is named"
run round e4m3fn 1.5x
expect_error round 1 "malformed number"
expect_err_contains "1.5x" "malformed number is named"
run round e4m3fn 0x
expect_error round 1 "malformed hex number"
run round e4m3fn ' 1'
expect_error round 1 "number with a space"
run round e4m3fn 1 --round nearest
expect_error round 1 "bad rounding mode"
expect_err_contains "nearest" "bad mode is named"
run round e4m3fn 1 --sat clamp
expect_error round 1 "bad saturation mode"
run round e4m3fn 1 --round sr-a
expect_error round 2 "stochastic mode without --sr-bits/--random"
run round e4m3fn 1 --round sr-a --sr-bits 33 --random 0
expect_error round 1 "--sr-bits out of range"
run round e4m3fn 1 --round sr-a --sr-bits 0 --random 0
expect_error round 1 "--sr-bits 0"
run round e4m3fn 1 --round sr-a --sr-bits 4 --random 16
expect_error round 1 "--random >= 2^N"
run round e4m3fn 1 --round sr-a --sr-bits 1 --random 2
expect_error round 1 "--random one digit above 2^N - 1 (N = 1, R = 2)"
run round e4m3fn 1 --sr-bits 4 --random 1
expect_error round 2 "random bits without a stochastic mode"
run round e4m3fn 1 --frobnicate
expect_error round 2 "unknown option"
run round e4m3fn 1 -x
expect_error round 2 "unknown short option"
run round e4m3fn 1 --round
expect_error round 2 "option without its value"
run round e4m3fn
expect_error round 2 "no VALUE"
run round
expect_error round 2 "no operands"
run round e4m3fn 1 --help
expect_rc 0 "--help among other arguments"
expect_out_contains "Usage: exmy round" "--help text"

finish
