# exmy decode: codes to class and exact value; expected values by hand from
# the format definitions (see the comments in test_round.sh for the layouts).
source "$(dirname "$0")/lib.sh"

# check_decode CLASS DECIMAL FORMAT CODE: one line, the code in canonical hex,
# the class, the exact decimal, and a hex-float equal to it.
check_decode() {
    local want_code=$1 want_class=$2 want_dec=$3
    shift 3
    run decode "$@"
    local code class dec hex
    read -r code class dec hex <<<"$out"
    n_checks=$((n_checks + 1))
    if [ "$rc" -ne 0 ] || [ -n "$err" ]; then
        fail "decode $*: expected success"
    elif [ "$code" != "$want_code" ] || [ "$class" != "$want_class" ] || [ "$dec" != "$want_dec" ]; then
        fail "decode $*: expected $want_code $want_class $want_dec"
    elif ! same_number "$hex" "$want_dec"; then
        fail "decode $*: hex-float $hex is not $want_dec"
    fi
}

# e4m3fn: 0 1111 110 = 1.75 * 2^8; 0x7f/0xff NaN; 0x80 = -0;
# 0x01 = 2^-9 (subnormal); 0x08 = 2^-6 (min normal); 0x3f = 1.875.
check_decode 0x7e normal 448 e4m3fn 0x7e
check_decode 0x7e normal 448 e4m3fn 126
check_decode 0x7f nan nan e4m3fn 0x7f
check_decode 0xff nan -nan e4m3fn 0xFF
check_decode 0x80 zero -0 e4m3fn 0x80
check_decode 0x00 zero 0 e4m3fn 0
check_decode 0x01 subnormal 0.001953125 e4m3fn 0x01
check_decode 0x07 subnormal 0.013671875 e4m3fn 7
check_decode 0x08 normal 0.015625 e4m3fn 0x08
check_decode 0x3f normal 1.875 e4m3fn 0x3f
check_decode 0xfd normal -416 e4m3fn 0xfd
# e5m2: 0x7c = +Inf, 0x7d..0x7f NaN, 0xfc = -Inf, 0x7b = 57344.
check_decode 0x7c inf inf e5m2 0x7c
check_decode 0xfc inf -inf e5m2 0xfc
check_decode 0x7d nan nan e5m2 0x7d
check_decode 0x7b normal 57344 e5m2 0x7b
# fnuz: 0x80 is the NaN; e4m3fnuz bias 8, so 0x7f = 1.875 * 2^7 = 240.
check_decode 0x80 nan -nan e4m3fnuz 0x80
check_decode 0x7f normal 240 e4m3fnuz 0x7f
# e2m1fn: 4-bit codes, one hex digit; 0x7 = 6, 0xf = -6, 0x1 = 0.5.
check_decode 0x7 normal 6 e2m1fn 7
check_decode 0xf normal -6 e2m1fn 0xf
check_decode 0x1 subnormal 0.5 fp4 1
# binary16: 0x7bff = 65504, 0x3c00 = 1, 0x0001 = 2^-24.
check_decode 0x7bff normal 65504 binary16 0x7bff
check_decode 0x3c00 normal 1 half 15360
check_decode 0x0001 subnormal 0.000000059604644775390625 binary16 1
# e8m0fnu: unsigned, no zero, no subnormals: code c is 2^(c-127); 0xff NaN.
check_decode 0x7f normal 1 e8m0fnu 0x7f
check_decode 0xfe normal 170141183460469231731687303715884105728 e8m0fnu 0xfe
check_decode 0xff nan nan e8m0fnu 0xff
# 2^-127, every digit: Python's Decimal of a float is exact.
want=$("$PY" -c 'from decimal import Decimal; print(format(Decimal(2.0**-127), "f"))')
check_decode 0x00 normal "$want" e8m0fnu 0
# bfloat16 0x0001 = 2^-133, a subnormal with 93 significant digits.
want=$("$PY" -c 'from decimal import Decimal; print(format(Decimal(2.0**-133), "f"))')
check_decode 0x0001 subnormal "$want" bf16 1

# Several codes, one line each, in order.
run decode e4m3fn 0x38 0x39 0xb8
n_checks=$((n_checks + 1))
vals=$(printf '%s\n' "$out" | awk '{print $3}' | tr '\n' ' ')
[ "$rc" -eq 0 ] && [ "$vals" = "1 1.125 -1 " ] || fail "several codes: expected 1 1.125 -1"

# Errors.
run decode e4m3fn 0x100
expect_error decode 1 "code above 8 bits"
expect_err_contains "0x100" "the code is named"
run decode e2m1fn 16
expect_error decode 1 "code above 4 bits"
run decode e4m3fn 0x7e 256
expect_error decode 1 "a bad code among good ones: nothing printed"
run decode e4m3fn -1
expect_error decode 1 "negative code"
run decode e4m3fn 1.5
expect_error decode 1 "fractional code"
run decode e4m3fn 0xzz
expect_error decode 1 "malformed hex code"
run decode e4m3fn 99999999999999999999999
expect_error decode 1 "huge code"
run decode nosuch 1
expect_error decode 1 "unknown format"
run decode e4m3fn
expect_error decode 2 "no code"
run decode e4m3fn 1 --values
expect_error decode 2 "unknown option"
run decode --help
expect_rc 0 "decode --help"
expect_out_contains "Usage: exmy decode" "decode --help text"

finish
