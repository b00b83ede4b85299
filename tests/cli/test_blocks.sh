# Block formats in the CLI: the second table of `exmy formats`, `exmy info
# BLOCK` (a catalogue name or alias, or block:ELEM/SCALE/N[/RULE]) and
# --load FILE.blk. The expected numbers come from the documents: OCP MX v1.0
# §5 Table 1 (block 32, E8M0 scale, element emax: E4M3 8, E5M2 15, E3M2 4,
# E2M3 2, E2M1 2, INT8 0) and NVIDIA's NVFP4 description (E2M1 elements, an
# E4M3 scale per 16, an FP32 scale per tensor).
source "$(dirname "$0")/lib.sh"

# bfield KEY: the value of `exmy info` line KEY (keys may hold a space; the
# key column is 15 characters wide).
bfield() {
    printf '%s\n' "$out" | awk -v k="$1" '{
        key = substr($0, 1, 15); sub(/ +$/, "", key)
        if (key == k) { v = substr($0, 17); print v; exit } }'
}

# check_block NAME KEY=VALUE...: `exmy info NAME` succeeds and prints each KEY
# with exactly VALUE.
check_block() {
    local name=$1
    shift
    run info "$name"
    n_checks=$((n_checks + 1))
    if [ "$rc" -ne 0 ] || [ -n "$err" ]; then
        fail "info $name: expected success"
        return
    fi
    local kv got
    for kv in "$@"; do
        n_checks=$((n_checks + 1))
        got=$(bfield "${kv%%=*}")
        [ "$got" = "${kv#*=}" ] || fail "info $name: expected ${kv%%=*} = '${kv#*=}', got '$got'"
    done
}

# --- exmy formats: the block formats are a second table after a blank line.
run formats
expect_rc 0 "formats"
blocks=$(printf '%s\n' "$out" | awk 'seen { print } NF == 0 { seen = 1 }')
n_checks=$((n_checks + 1))
printf '%s\n' "$blocks" | head -1 |
    grep -q -E '^block format +element +scale +block +rule +tensor scale$' ||
    fail "formats: no block format table header"
entries=$(cat "$HERE"/../../formats/*.blk | grep -c -E '^[[:space:]]*block[[:space:]]')
rows=$(printf '%s\n' "$blocks" | tail -n +2 | wc -l)
n_checks=$((n_checks + 1))
[ "$rows" -eq "$entries" ] && [ "$entries" -ge 7 ] ||
    fail "formats: $rows block rows for $entries entries of formats/*.blk"
# brow NAME ELEMENT SCALE BLOCK RULE TENSOR
brow() {
    n_checks=$((n_checks + 1))
    printf '%s\n' "$blocks" | awk -v n="$1" -v e="$2" -v s="$3" -v b="$4" -v r="$5" -v t="$6" '
        $1 == n { found = 1; ok = ($2 == e && $3 == s && $4 == b && $5 == r && $6 == t) }
        END { exit !(found && ok) }' || fail "formats: block row $*"
}
brow mxfp8_e4m3 e4m3fn e8m0fnu 32 floor -
brow mxfp8_e5m2 e5m2 e8m0fnu 32 floor -
brow mxfp6_e3m2 e3m2fn e8m0fnu 32 floor -
brow mxfp6_e2m3 e2m3fn e8m0fnu 32 floor -
brow mxfp4_e2m1 e2m1fn e8m0fnu 32 floor -
brow mxint8 int8 e8m0fnu 32 floor -
brow nvfp4 e2m1fn e4m3fn 16 div binary32
brow mxfp8_e4m3_ceil e4m3fn e8m0fnu 32 ceil -
brow mxfp4_e2m1_even e2m1fn e8m0fnu 32 even -
run formats --long
expect_rc 0 "formats --long"
expect_out_contains "    aliases: mxfp8" "formats --long shows a block format's aliases"
expect_out_contains "    source:  OCP MX v1.0 §5 Table 1 (MXFP8" "formats --long shows its source"

# --- exmy info BLOCK: every field, the element's emax and largest value as
# OCP MX v1.0 §5 Table 1 and §5.3 give them.
check_block mxfp8_e4m3 "block=mxfp8_e4m3" "aliases=mxfp8" "element=e4m3fn (e4m3:finite:nans=1)" \
    "element emax=8" "element max=448  (0x1.cp+8)" \
    "scale=e8m0fnu (e8m0:unsigned:finite:nans=1:nosub:nozero)" "block size=32" "rule=floor" \
    "tensor scale=no" "family=OCP Microscaling Formats (MX) v1.0"
check_block mxfp8_e5m2 "element emax=15" "element max=57344  (0x1.cp+15)" "block size=32"
check_block mxfp6_e3m2 "element emax=4" "element max=28  (0x1.cp+4)"
check_block mxfp6_e2m3 "element emax=2" "element max=7.5  (0x1.ep+2)"
check_block MXFP4 "block=mxfp4_e2m1" "element emax=2" "element max=6  (0x1.8p+2)"
check_block mxint8 "element emax=0" "element max=1.984375  (0x1.fcp+0)" \
    "element=int8: two's complement k * 2^-6, |k| <= 127 (e1m6:bias=1:finite:nans=0)"
check_block nvfp4 "element=e2m1fn (e2m1:finite:nans=0)" "scale=e4m3fn (e4m3:finite:nans=1)" \
    "block size=16" "rule=div" "tensor scale=binary32"
check_block mxfp8_e4m3_ceil "rule=ceil"
n_checks=$((n_checks + 1))
case "$(bfield source)" in
*cvt.rp.satfinite.ue8m0x2.f32*) ;;
*) fail "info mxfp8_e4m3_ceil: the source does not cite PTX cvt.rp" ;;
esac
# Then the element format as `exmy info FORMAT` prints it.
run info mxfp8_e4m3
expect_out_contains "$(printf 'name            e4m3fn\nspec            e4m3:finite:nans=1')" \
    "info BLOCK then prints its element format"
# A block: spec: no name; OCP's "E8M0" is e8m0fnu; floor by default.
check_block block:e4m3fn/e8m0/16 "block=-" "element=e4m3fn (e4m3:finite:nans=1)" \
    "scale=e8m0fnu (e8m0:unsigned:finite:nans=1:nosub:nozero)" "block size=16" "rule=floor" \
    "source=-"
check_block block:e2m1fn/ue4m3/16 "scale=e4m3fn (e4m3:finite:nans=1)" "rule=div"
# --values lists the element's codes: 16 for e2m1fn (a header line and a
# blank line before them).
run info mxfp4_e2m1 --values
expect_rc 0 "info BLOCK --values"
n_checks=$((n_checks + 1))
[ "$(printf '%s\n' "$out" | grep -c -E '^0x[0-9a-f] ')" -eq 16 ] ||
    fail "info mxfp4_e2m1 --values: expected the 16 codes of e2m1fn"
run info block:e4m3fn/e8m0/16/up
expect_error info 1 "a bad block: spec"
expect_err_contains "unknown scale rule 'up'" "a bad block: spec says why"
run info block:e2m1fn/ue4m3/16/floor
expect_error info 1 "a rule the scale cannot have"
expect_err_contains "powers of two" "the rule's reason"
run info mxfp9
expect_error info 1 "an unknown name"

# --- --load FILE.blk: the user's block formats join the catalogue.
cat >"$TMP/my.blk" <<'BLK'
family: my blocks
block myfp8
  aliases     myfp8a
  element     e4m3fn
  scale       e8m0
  size        64
  rule        ceil
  source      a test
BLK
run --load "$TMP/my.blk" info myfp8a
expect_rc 0 "--load FILE.blk, info ALIAS"
n_checks=$((n_checks + 1))
[ "$(bfield "block size")" = 64 ] && [ "$(bfield rule)" = ceil ] &&
    [ "$(bfield family)" = "my blocks" ] || fail "info of a loaded block format"
run --load "$TMP/my.blk" formats
expect_out_contains "myfp8" "formats lists a loaded block format"
printf 'family: bad\nblock b\n  size many\n' >"$TMP/bad.blk"
run --load "$TMP/bad.blk" formats
expect_error "" 1 "a bad .blk file"
expect_err_contains "bad.blk:3: size: expected a number" "a bad .blk file: FILE:LINE: reason"
printf 'family: bad\nblock e4m3fn\n' >"$TMP/dup.blk"
run --load "$TMP/dup.blk" formats
expect_error "" 1 "a .blk name that is a format's"
expect_err_contains "dup.blk:2: 'e4m3fn' is already a format, profile or block format name" \
    "one namespace"

finish
