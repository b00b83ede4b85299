# exmy info and exmy formats: constants derived by hand from the format
# definitions; --values checked code by code against ref.py (an independent
# model) and, for binary16, against Python's own binary16 decoding.
source "$(dirname "$0")/lib.sh"

# field KEY: the value column of `exmy info` output line KEY.
field() {
    printf '%s\n' "$out" | awk -v k="$1" '$1 == k { print $2; exit }'
}

# check_info FORMAT KEY=VALUE...
check_info() {
    local fmt=$1
    shift
    run info "$fmt"
    n_checks=$((n_checks + 1))
    if [ "$rc" -ne 0 ] || [ -n "$err" ]; then
        fail "info $fmt: expected success"
        return
    fi
    local kv
    for kv in "$@"; do
        n_checks=$((n_checks + 1))
        local got
        got=$(field "${kv%%=*}")
        [ "$got" = "${kv#*=}" ] || fail "info $fmt: expected ${kv%%=*} = ${kv#*=}, got '$got'"
    done
}

# e4m3fn: E=4, M=3, bias 7; emax = 15 - 7 = 8 (top binade shared with NaN),
# emin = 1 - 7 = -6; max 1.75 * 2^8; 256 codes - 2 NaN = 254 finite codes,
# 253 values (+0 == -0); NaN 0x7f; no Inf.
check_info e4m3fn name=e4m3fn spec=e4m3:finite:nans=1 bits=8 precision=4 bias=7 signed=yes \
    domain=finite negzero=yes high_nans=1 subnormals=yes has_zero=yes specials='nan(1)' \
    exp_bits=4 man_bits=3 emax=8 emin=-6 max_finite=448 min_normal=0.015625 \
    min_subnormal=0.001953125 epsilon=0.125 max_code=0x7e n_codes=256 n_finite=254 \
    n_values=253 has_nan=yes nan_code=0x7f has_inf=no inf_code=none code_bytes=1
expect_out_contains "OCP" "info e4m3fn shows its source"
# e5m2: emax 15, emin -14, 8 non-finite codes (2 Inf, 6 NaN) -> 248 finite;
# Inf 0x7c; the IEEE quiet NaN 0 11111 10 = 0x7e.
check_info e5m2 max_finite=57344 min_normal=0.00006103515625 \
    min_subnormal=0.0000152587890625 epsilon=0.25 emax=15 emin=-14 n_finite=248 n_values=247 \
    has_inf=yes inf_code=0x7c nan_code=0x7e specials=inf,nan max_code=0x7b
# binary16: 65536 - 2 * (1 Inf + 1023 NaN) = 63488 finite codes.
check_info fp16 name=binary16 spec=e5m10 max_finite=65504 min_normal=0.00006103515625 \
    min_subnormal=0.000000059604644775390625 epsilon=0.0009765625 emax=15 emin=-14 \
    n_finite=63488 n_values=63487 max_code=0x7bff inf_code=0x7c00 code_bytes=2
# binary32: max (2 - 2^-23) * 2^127, codes of 4 bytes.
check_info binary32 max_finite=340282346638528859811704183484516925440 code_bytes=4 \
    epsilon=0.00000011920928955078125 emax=127 emin=-126
# e8m0fnu: codes 0..254 are 2^(c-127), 0xff NaN; no zero, no sign.
check_info e8m0fnu signed=no has_zero=no subnormals=no n_finite=255 n_values=255 \
    max_finite=170141183460469231731687303715884105728 nan_code=0xff max_code=0xfe epsilon=1
want=$("$PY" -c 'from decimal import Decimal; print(format(Decimal(2.0**-127), "f"))')
check_info e8m0fnu min_normal="$want" min_subnormal="$want"
# e4m3fnuz: bias 8, max 1.875 * 2^7 = 240; the NaN is 0x80.
check_info e4m3fnuz max_finite=240 nan_code=0x80 negzero=no specials=fnuz n_finite=255 \
    n_values=255
# A generic spec has no catalogue name. IEEE-style e3m2: bias 3, exponent 7 is
# Inf/NaN, so max = 1.75 * 2^(6-3) = 14 (0 110 11 = 0x1b), Inf 0 111 00 = 0x1c.
check_info e3m2 name=- spec=e3m2 bias=3 max_finite=14 max_code=0x1b inf_code=0x1c code_bytes=1
check_info e4m3:bias=8:finite:nans=0:nonegzero name=- max_finite=240

# --values against ref.py: code, class and exact decimal of every code.
values_vs_ref() {
    local fmt=$1
    run info "$fmt" --values
    n_checks=$((n_checks + 1))
    [ "$rc" -eq 0 ] || { fail "info $fmt --values: expected success"; return; }
    # The table after the header line "code class value hex-float".
    printf '%s\n' "$out" | awk 'go { print } $1 == "code" && $2 == "class" { go = 1 }' \
        >"$TMP/values"
    "$PY" "$HERE/ref.py" values "$fmt" >"$TMP/ref"
    "$PY" - "$TMP/values" "$TMP/ref" <<'PYEOF' || fail "info $fmt --values differs from ref.py"
import math, sys
rows = [l.split() for l in open(sys.argv[1])]
ref = [l.split() for l in open(sys.argv[2])]
bad = 0
if len(rows) != len(ref):
    print(f"  {len(rows)} rows, expected {len(ref)}")
    sys.exit(1)
for (code, cls, dec, hexf), (rc, rv) in zip(rows, ref):
    c = int(code, 16)
    want_cls = ("nan" if rv == "nan" else "inf" if rv.endswith("inf") else
                "zero" if rv in ("0", "-0") else None)
    if c != int(rc):
        bad += 1; print(f"  row for code {rc} says {code}")
    elif rv == "nan":
        if cls != "nan" or dec.lstrip("-") != "nan":
            bad += 1; print(f"  {code}: expected nan, got {cls} {dec}")
    elif dec != rv or (want_cls and cls != want_cls) or float.fromhex(hexf) != float(rv):
        bad += 1; print(f"  {code}: expected {rv}, got {cls} {dec} {hexf}")
sys.exit(1 if bad else 0)
PYEOF
}
# (formats without Inf: every hex-float parses with float.fromhex)
values_vs_ref e4m3fn
values_vs_ref e2m1fn

# e5m2's Inf rows have hex-float "inf": handled by a separate, simpler check.
run info e5m2 --values
n_checks=$((n_checks + 1))
printf '%s\n' "$out" | awk 'go { print $1, $3 } $1 == "code" && $2 == "class" { go = 1 }' >"$TMP/values"
"$PY" "$HERE/ref.py" values e5m2 | awk '{ printf "0x%02x %s\n", $1, $2 }' >"$TMP/ref"
# NaN codes print their sign ("-nan"); the model does not track it.
sed -i 's/ -nan$/ nan/' "$TMP/values"
cmp -s "$TMP/values" "$TMP/ref" || fail "info e5m2 --values: code/value pairs differ from ref.py"

# Class counts of e4m3fn: 2 zeros, 2 * 7 subnormals, 2 NaN, the rest normal.
run info e4m3fn --values
n_checks=$((n_checks + 1))
counts=$(printf '%s\n' "$out" | awk 'go { n[$2]++ } $1 == "code" && $2 == "class" { go = 1 }
    END { print n["zero"], n["subnormal"], n["normal"], n["nan"], n["inf"] + 0 }')
[ "$counts" = "2 14 238 2 0" ] || fail "info e4m3fn --values: class counts $counts"

# binary16, all 65536 codes, against Python's struct 'e' (IEEE binary16).
run info binary16 --values
n_checks=$((n_checks + 1))
printf '%s\n' "$out" | awk 'go { print } $1 == "code" && $2 == "class" { go = 1 }' >"$TMP/values"
"$PY" - "$TMP/values" <<'PYEOF' || fail "info binary16 --values differs from Python's binary16"
import math, struct, sys
from decimal import Decimal
rows = [l.split() for l in open(sys.argv[1])]
bad = 0
assert len(rows) == 65536, len(rows)
for c, (code, cls, dec, hexf) in enumerate(rows):
    v = struct.unpack("<e", struct.pack("<H", c))[0]
    if math.isnan(v):
        ok = cls == "nan" and dec.lstrip("-") == "nan"
    elif math.isinf(v):
        ok = cls == "inf" and dec == ("inf" if v > 0 else "-inf")
    else:
        want = format(Decimal(v), "f")
        if v == 0 and math.copysign(1, v) < 0:
            want = "-0"
        want_cls = "zero" if v == 0 else "subnormal" if abs(v) < 2.0**-14 else "normal"
        ok = (int(code, 16) == c and dec == want and cls == want_cls
              and float.fromhex(hexf) == v)
    if not ok:
        bad += 1
        if bad < 10:
            print(f"  code {c:#06x}: got {code} {cls} {dec} {hexf}, expected {v!r}")
sys.exit(1 if bad else 0)
PYEOF

run info binary32 --values
expect_error info 1 "--values of a 32-bit format"
run info nosuch
expect_error info 1 "unknown format"
run info e4m3:bias=x
expect_error info 1 "malformed spec"
run info e99m3
expect_error info 1 "too wide a spec"
run info
expect_error info 2 "no FORMAT"
run info e4m3fn e5m2
expect_error info 2 "two FORMATs"
run info e4m3fn --value
expect_error info 2 "misspelt option"

# exmy formats: one row per entry of formats/*.fmt, and known rows.
run formats
n_checks=$((n_checks + 1))
[ "$rc" -eq 0 ] && [ -z "$err" ] || fail "formats: expected success"
entries=$(cat "$HERE"/../../formats/*.fmt | grep -v -E '^[[:space:]]*(#|$|family:)' | wc -l)
# (the first table: the block formats follow after a blank line, test_blocks.sh)
rows=$(printf '%s\n' "$out" | awk 'NR > 1 && NF == 0 { exit } NR > 1' | wc -l)
n_checks=$((n_checks + 1))
[ "$rows" -eq "$entries" ] && [ "$entries" -gt 40 ] || fail "formats: $rows rows for $entries catalogue entries"
# row NAME BITS P BIAS SPECIALS MAX MIN_NORMAL MIN_SUB (numbers compared as numbers)
check_row() {
    n_checks=$((n_checks + 1))
    printf '%s\n' "$out" | awk -v n="$1" -v b="$2" -v p="$3" -v bias="$4" -v s="$5" \
        -v mx="$6" -v mn="$7" -v ms="$8" '
        $1 == n { found = 1; ok = ($2 == b && $3 == p && $4 == bias && $5 == s &&
                  $6 + 0 == mx + 0 && $7 + 0 == mn + 0 && $8 + 0 == ms + 0) }
        END { exit !(found && ok) }' || fail "formats: row $*"
}
check_row e4m3fn 8 4 7 'nan(1)' 448 0.015625 0.001953125
check_row e5m2 8 3 15 inf,nan 57344 6.103515625e-05 1.52587890625e-05
check_row e2m1fn 4 2 1 none 6 1 0.5
check_row e4m3fnuz 8 4 8 fnuz 240 0.0078125 0.0009765625
check_row e8m0fnu 8 1 127 'nan(1),unsigned,nosub,nozero' 1.7014118346046923e+38 \
    5.877471754111438e-39 5.877471754111438e-39
check_row binary16 16 11 15 inf,nan 65504 6.103515625e-05 5.9604644775390625e-08
# The shortest decimal that reads back: 2^-24 needs 17 digits, 448 three.
n_checks=$((n_checks + 1))
printf '%s\n' "$out" | grep -q -E '^e4m3fn +8 +4 +7 +nan\(1\) +448 +0\.015625 +0\.001953125$' ||
    fail "formats: e4m3fn row not printed as expected"
run formats --long
expect_rc 0 "formats --long"
expect_out_contains "aliases: float8_e4m3fn" "formats --long shows aliases"
expect_out_contains "source:  OCP OFP8 v1.0" "formats --long shows the source"
expect_out_contains "spec:    e4m3:finite:nans=1" "formats --long shows the spec"
run formats e4m3fn
expect_error formats 2 "formats takes no operands"
run formats --short
expect_error formats 2 "unknown option"

finish
