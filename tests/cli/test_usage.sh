# exmy's command line as a whole: help texts, exit codes, usage errors, and
# the global --load option with custom and malformed .fmt files.
source "$(dirname "$0")/lib.sh"

subcommands="formats profiles info round decode convert"

run --help
expect_rc 0 "exmy --help"
for c in $subcommands; do
    expect_out_contains "  $c " "exmy --help lists $c"
done
run -h
expect_rc 0 "exmy -h"
run --version
expect_rc 0 "exmy --version"
expect_out_contains "exmy 0." "--version prints the version"
run help
expect_rc 0 "exmy help"
# --load takes all three catalogue files: the main help names each kind.
expect_out_contains "ends in .prof" "exmy help: --load names .prof files"
expect_out_contains "ends in .blk" "exmy help: --load names .blk files"

for c in $subcommands; do
    run "$c" --help
    expect_rc 0 "$c --help"
    n_checks=$((n_checks + 1))
    [ -z "$err" ] || fail "$c --help: expected nothing on stderr"
    expect_out_contains "Usage: exmy $c" "$c --help shows its usage"
    expect_out_contains "--load FILE" "$c --help shows the global options"
    cp "$TMP/out" "$TMP/help1"
    run help "$c"
    expect_rc 0 "help $c"
    cmp -s "$TMP/out" "$TMP/help1"
    ok $? "'exmy help $c' differs from 'exmy $c --help'"
    run "$c" -h
    cmp -s "$TMP/out" "$TMP/help1"
    ok $? "'exmy $c -h' differs from 'exmy $c --help'"
done

# Usage errors: exit 2, one line.
run
expect_error "" 2 "no subcommand"
run frobnicate
expect_error "" 2 "unknown subcommand"
expect_err_contains "frobnicate" "unknown subcommand is named"
run --frobnicate round e4m3fn 1
expect_error "" 2 "unknown global option"
run help frobnicate
expect_error "" 2 "help for an unknown subcommand"
run --load
expect_error "" 2 "--load without a file"
run round e4m3fn 1 --load
expect_error round 2 "--load without a file after the subcommand"
run round e4m3fn 1 --sat=nosat=x
expect_error round 1 "a mode name with '=' in it"
run formats --long=yes
expect_error formats 2 "a value given to a flag"

# --load: a custom catalogue file, before or after the subcommand.
# e3m3x = e3m3:bias=2:finite:nans=1, 7 bits: 1 = 2^0 has exponent field
# 0 + 2 = 2, code 010 000 = 0x10; max = code 0x3e = 1.75 * 2^(7-2) = 56
# (0x3f is the NaN); min normal 2^(1-2) = 0.5, min subnormal 2^-1 * 2^-3.
# u9 = e5m4:unsigned, 9 bits, IEEE defaults (bias 15): 1 = 15 << 4 = 0x0f0;
# max = (1 + 15/16) * 2^15 = 63488 = (30 << 4) | 15 = 0x1ef.
cat >"$TMP/my.fmt" <<'FMT'
# test formats
family: CLI test formats
e3m3x   e3m3:bias=2:finite:nans=1   myalias,e3m3y   hand-made test format
u9      e5m4:unsigned               -               nine bits, two-byte codes
FMT
run --load "$TMP/my.fmt" round myalias 1 100
expect_rc 0 "--load before the subcommand"
n_checks=$((n_checks + 1))
[ "$(printf '%s\n' "$out" | awk '{print $2, $3}' | tr '\n' ' ')" = "0x10 1 0x3e 56 " ] ||
    fail "custom format: expected 1 -> 0x10, 100 -> 0x3e = 56"
run round e3m3y 1 --load "$TMP/my.fmt"
expect_rc 0 "--load after the operands"
expect_out_contains "0x10" "custom alias after --load"
run round --load="$TMP/my.fmt" u9 1 1e6
expect_rc 0 "--load=FILE"
n_checks=$((n_checks + 1))
[ "$(printf '%s\n' "$out" | awk '{print $2, $3}' | tr '\n' ' ')" = "0x0f0 1 0x1ef 63488 " ] ||
    fail "u9: expected 1 -> 0x0f0, 1e6 -> 0x1ef = 63488"
run info u9 --load "$TMP/my.fmt"
expect_rc 0 "info of a custom format"
expect_out_contains "CLI test formats" "info shows the custom family"
expect_out_contains "nine bits, two-byte codes" "info shows the custom source"
run formats --load "$TMP/my.fmt"
n_checks=$((n_checks + 1))
printf '%s\n' "$out" | grep -q -E '^e3m3x +7 +4 +2 +nan\(1\) +56 +0\.5 +0\.0625$' ||
    fail "formats: the custom e3m3x row"
run decode u9 0x1ef 0x1f0 --load "$TMP/my.fmt"
n_checks=$((n_checks + 1))
[ "$(printf '%s\n' "$out" | awk '{print $2, $3}' | tr '\n' ' ')" = "normal 63488 inf inf " ] ||
    fail "decode u9: expected 0x1ef = 63488 and 0x1f0 = inf"
# Two-byte codes in convert, little-endian: 1 -> f0 00, 1e6 -> ef 01.
"$PY" -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<2f", 1, 1e6))' >"$TMP/u9.f32"
"$EXMY" --load "$TMP/my.fmt" convert u9 --from f32 --to codes <"$TMP/u9.f32" >"$TMP/got"
printf '\xf0\x00\xef\x01' >"$TMP/want"
cmp -s "$TMP/got" "$TMP/want"
ok $? "convert u9: two-byte little-endian codes"
# Several --load files.
printf 'family: more\nzz4 e2m1:finite:nans=0 - test\n' >"$TMP/more.fmt"
run --load "$TMP/my.fmt" round zz4 1 --load "$TMP/more.fmt"
expect_rc 0 "two --load files"

# Malformed files: exit 1, one line naming the file and line.
printf 'family: bad\nok1 e3m3 - fine\nthis line is wrong\n' >"$TMP/bad.fmt"
run --load "$TMP/bad.fmt" formats
expect_error "" 1 "malformed .fmt before the subcommand"
expect_err_contains "bad.fmt:3" "malformed .fmt: file and line"
run formats --load "$TMP/bad.fmt"
expect_error formats 1 "malformed .fmt after the subcommand"
expect_err_contains "bad.fmt:3" "malformed .fmt after: file and line"
printf 'family: bad\nbadspec e3m3:bias=q - src\n' >"$TMP/bad2.fmt"
run round e4m3fn 1 --load "$TMP/bad2.fmt"
expect_error round 1 "a bad spec in a .fmt"
expect_err_contains "bad2.fmt:2" "bad spec: file and line"
printf 'nofamily e3m3 - src\n' >"$TMP/bad3.fmt"
run round e4m3fn 1 --load "$TMP/bad3.fmt"
expect_error round 1 "an entry before family:"
printf 'family: dup\ne4m3fn e4m3 - redefines a built-in name\n' >"$TMP/dup.fmt"
run round e4m3fn 1 --load "$TMP/dup.fmt"
expect_error round 1 "a .fmt redefining e4m3fn"
expect_err_contains "dup.fmt:2" "duplicate: file and line"
run round e4m3fn 1 --load "$TMP/nonexistent.fmt"
expect_error round 1 "missing .fmt file"
expect_err_contains "nonexistent.fmt" "missing .fmt is named"
# Without --load the custom names are unknown.
run round e3m3x 1
expect_error round 1 "custom name without --load"
# A directory where a file is expected is named as one, not "read error"
# or "too short".
mkdir "$TMP/adir" "$TMP/adir.npy"
run --load "$TMP/adir" round e4m3fn 1
expect_error "" 1 "--load DIR"
expect_err_contains "adir: is a directory" "--load DIR"
for in in "$TMP/adir" "$TMP/adir.npy"; do
    run convert e4m3fn --from f32 --to codes --in "$in"
    expect_error convert 1 "convert --in DIR"
    expect_err_contains "adir${in##*adir}: is a directory" "convert --in DIR"
done
run_in "$TMP/adir" convert e4m3fn --from f32 --to codes
expect_error convert 1 "convert < DIR"
expect_err_contains "stdin: is a directory" "convert < DIR"
run snr e4m3fn --dist "file:$TMP/adir.npy" --from 0 --to 0
expect_error snr 1 "snr --dist file:DIR"
expect_err_contains "adir.npy: is a directory" "snr --dist file:DIR"

# The old global spelling is gone (it is snr's list of formats now).
run --formats "$TMP/my.fmt" round e4m3fn 1
expect_error "" 2 "--formats as a global option"
run round e4m3fn 1 --formats "$TMP/my.fmt"
expect_error round 2 "--formats after round"
run round e4m3fn 1 --load ""
expect_error round 2 "--load ''"

# The conversion options are checked in one place: the same message from
# round, convert and snr.
for c in "round e4m3fn 1" "convert e4m3fn --from f32 --to codes" "snr e4m3fn --from 0 --to 0"; do
    name=${c%% *}
    case $name in
    round) bits="--random 1" ;;
    convert) bits="--seed 1" ;;
    *) bits="" ;;
    esac
    run $c --round sr-a --sr-bits 0 $bits </dev/null
    expect_error "$name" 1 "$name --sr-bits 0"
    expect_err_contains "0: expected --sr-bits N with N in 1..32" "$name --sr-bits 0: the shared message"
    run $c --round nearest </dev/null
    expect_error "$name" 1 "$name --round nearest"
    expect_err_contains "nearest: expected a rounding mode: rne, rna, rtz, rup, rdn, rto, sr-a, sr-b, sr-c" \
        "$name --round nearest: the shared message"
    run $c --sat clamp </dev/null
    expect_error "$name" 1 "$name --sat clamp"
    expect_err_contains "clamp: expected a saturation mode: satfinite, satpropagate, satnone, nosat" \
        "$name --sat clamp: the shared message"
    run $c --sr-bits 8 </dev/null
    expect_error "$name" 2 "$name --sr-bits with rne"
    expect_err_contains "--sr-bits: only the stochastic modes (--round sr-a|sr-b|sr-c) take random bits" \
        "$name --sr-bits with rne: the shared message"
done
run round e4m3fn 1 --round sr-a --sr-bits 4 --random 16
expect_error round 1 "round --random 2^N"
expect_err_contains "expected --random R with 0 <= R < 2^4" "round --random 2^N: names the bound"

finish
