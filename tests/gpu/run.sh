#!/usr/bin/env bash
# The GPU comparison (tests/gpu/README.md, docs/gpu.md): convert every input of
# each cuda-*/ptx-* profile on this machine's GPU with the instruction the
# profile models (convert_all.cu), judge the dump with `exmy check`, and print
# a Markdown table for docs/gpu.md.
#
#   tests/gpu/run.sh [BUILD_DIR] [PATTERN...]
#
# BUILD_DIR: the meson build directory holding tools/exmy (default: build).
# PATTERN: shell globs on profile names (default: every cuda-* and ptx-* profile).
# Environment: NVCC (the compiler; default nvcc on PATH, then $CUDA_HOME/bin,
# /usr/local/cuda/bin), EXMY_GPU_DIR (logs, dumps and the table; default
# BUILD_DIR/gpu: needs 16 GiB free for the tf32 dumps), EXMY_GPU_SEED (the
# cvt.rs random operands' Philox seed, default 0), EXMY_GPU_RANDOM (random
# f64 inputs for the __nv_cvt_double_to_fp8 profiles, default 16777216).
#
# Not part of `meson test` or CI: it needs CUDA and a GPU. Exit 0 when every
# profile that ran matched, 1 on a mismatch or an error, 2 when it cannot start
# (no nvcc, no GPU, no exmy), always with one line saying why.

set -u -o pipefail

die() {
    printf 'tests/gpu/run.sh: %s\n' "$1" >&2
    exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
build=build
if [ $# -gt 0 ]; then
    build=$1
    shift
fi
patterns=("$@")
exmy="$build/tools/exmy"
[ -x "$exmy" ] || die "no exmy at $exmy: build it first (meson setup $build && ninja -C $build)"
seed=${EXMY_GPU_SEED:-0}
nrandom=${EXMY_GPU_RANDOM:-16777216}
threads=$(nproc 2>/dev/null || echo 1)

# ------------------------------------------------------------ the toolchain and the device
nvcc=${NVCC:-}
if [ -z "$nvcc" ]; then
    for c in nvcc "${CUDA_HOME:-/nonexistent}/bin/nvcc" /usr/local/cuda/bin/nvcc; do
        if command -v "$c" >/dev/null 2>&1; then
            nvcc=$(command -v "$c")
            break
        fi
    done
fi
[ -n "$nvcc" ] || die "nvcc not found (install the CUDA toolkit, or set NVCC or CUDA_HOME)"

# The compute capability of CUDA device 0 as convert_all will see it:
# __nvcc_device_query (what nvcc -arch=native runs; it honours
# CUDA_VISIBLE_DEVICES) prints "90" or "90,100"; else nvidia-smi prints "9.0".
cc=""
query="$(dirname "$nvcc")/__nvcc_device_query"
if [ -x "$query" ]; then
    cc=$("$query" 2>/dev/null | tr ',' '\n' | head -n 1 | tr -dc '0-9')
fi
if [ -z "$cc" ] && command -v nvidia-smi >/dev/null 2>&1; then
    cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -dc '0-9')
fi
[ -n "$cc" ] || die "no GPU found (neither __nvcc_device_query nor nvidia-smi reports a CUDA device)"

# sm_90 and later are built for the arch-specific target (sm_90a, sm_100a,
# sm_120a...): the Blackwell FP4/FP6/UE8M0 and cvt.rs forms exist only there.
if [ "$cc" -ge 90 ]; then
    arch="sm_${cc}a"
    gencode="arch=compute_${cc}a,code=sm_${cc}a"
else
    arch="sm_${cc}"
    gencode="arch=compute_${cc},code=sm_${cc}"
fi

outdir=${EXMY_GPU_DIR:-$build/gpu}
mkdir -p "$outdir" || die "cannot create $outdir"
bin="$outdir/convert_all"
echo "building convert_all for $arch with $nvcc" >&2
if ! "$nvcc" -O2 -std=c++17 -gencode "$gencode" -o "$bin" "$here/convert_all.cu" >"$outdir/build.log" 2>&1; then
    die "nvcc could not build convert_all.cu for $arch (see $outdir/build.log)"
fi
if ! "$bin" --self-test >"$outdir/self-test.log" 2>&1; then
    die "convert_all --self-test failed on this device: $(tail -n 1 "$outdir/self-test.log")"
fi

# ------------------------------------------------------------ the profiles
mapfile -t profiles < <("$exmy" profiles --family nvidia | awk '$1 ~ /^(cuda|ptx)-/ { print $1 }')
[ "${#profiles[@]}" -gt 0 ] || die "exmy profiles --family nvidia lists no cuda-*/ptx-* profile"
forms=$("$bin" --list)

selected() {
    local p=$1 g
    [ "${#patterns[@]}" -eq 0 ] && return 0
    for g in "${patterns[@]}"; do
        # shellcheck disable=SC2053 # $g is a glob on purpose
        [[ $p == $g ]] && return 0
    done
    return 1
}

rows=()
failed=0
note() { # first mismatch, stray-bits count: one notes cell
    local n=$1
    [ -n "$2" ] && n="${n:+$n; }stray bits: $2"
    printf '%s' "$n"
}
row() { # profile inputs mismatches result notes
    rows+=("| \`$1\` | $2 | $3 | $4 | $5 |")
    printf '%-40s %-22s %-12s %s %s\n' "$1" "$2" "$3" "$4" "$5" >&2
}

# `exmy check` with its output in LOG; fills inputs/mismatches/result/notes.
judge() { # log, then the check's arguments
    local log=$1
    shift
    local rc=0
    "$exmy" check "$@" --threads "$threads" --max-report 3 >"$log" 2>&1 || rc=$?
    local total
    total=$(awk '$1 == "total" { print $2, $3 }' "$log")
    inputs=${total% *}
    mismatches=${total#* }
    notes=$(grep -m 1 '^ *element ' "$log" | sed 's/^ *//; s/|/\\|/g' || true)
    local noanswer
    noanswer=$(grep -m 1 '^no answer:' "$log" | sed 's/ (.*//' || true)
    [ -n "$noanswer" ] && notes="${notes:+$notes; }$noanswer"
    case $rc in
    0) result=OK ;;
    1) if [ -n "$total" ]; then result=FAIL; else result="error: $(tail -n 1 "$log")"; fi ;;
    *) result="error: $(tail -n 1 "$log")" ;;
    esac
    if [ -z "$total" ]; then
        inputs="-"
        mismatches="-"
    fi
    [ "$result" = OK ] || failed=1
}

# Run convert_all; on success fills stray (a note) and returns 0, on a skip
# prints the row and returns 3, on an error prints the row and returns 1.
convert() { # profile log, then convert_all's arguments
    local p=$1 log=$2
    shift 2
    local rc=0
    "$bin" "$p" "$@" >"$log" 2>&1 || rc=$?
    stray=$(grep -m 1 'stray bits' "$log" | sed 's/.*stray bits: //' || true)
    if [ "$rc" -eq 3 ]; then
        row "$p" "-" "-" "$(grep -m 1 '^skipped:' "$log")" ""
        return 3
    elif [ "$rc" -ne 0 ]; then
        row "$p" "-" "-" "error: $(tail -n 1 "$log")" ""
        failed=1
        return 1
    fi
    return 0
}

for p in "${profiles[@]}"; do
    selected "$p" || continue
    line=$(printf '%s\n' "$forms" | awk -F '\t' -v p="$p" '$1 == p')
    if [ -z "$line" ]; then
        row "$p" "-" "-" "skipped: no device form in convert_all.cu" ""
        continue
    fi
    IFS=$'\t' read -r _ from _ bits _ stochastic _ _ <<<"$line"
    log="$outdir/$p.log"
    dump="$outdir/$p.got"
    : >"$log"
    cargs=()
    kargs=()
    if [ "$bits" -eq 4 ]; then # FP4 as the cvt register packs it
        cargs+=(--packed)
        kargs+=(--packed)
    fi
    if [ "$stochastic" -eq 1 ]; then
        cargs+=(--seed "$seed")
        kargs+=(--random-operands --seed "$seed")
    fi

    if [ "$from" = f64 ]; then
        # No all-inputs set for binary64: exmy's boundary set, then random inputs.
        for set in boundary "random:$nrandom"; do
            in="$outdir/$p.in"
            vargs=(--set "$set")
            [ "$set" = boundary ] || vargs+=(--seed "$seed")
            if ! "$exmy" vectors "$p" --from f64 "${vargs[@]}" --out "$in" >>"$log" 2>&1; then
                row "$p" "$set" "-" "error: $(tail -n 1 "$log")" ""
                failed=1
                rm -f "$in"
                continue
            fi
            convert "$p" "$log.convert" --in "$in" --from f64 --out "$dump" "${cargs[@]}" || { rm -f "$in" "$dump"; continue; }
            judge "$log" "$p" --in "$in" --from f64 --got "$dump" "${kargs[@]}"
            rm -f "$in" "$dump"
            row "$p" "$inputs f64 ($set)" "$mismatches" "$result" "$(note "$notes" "$stray")"
        done
        continue
    fi

    convert "$p" "$log.convert" --out "$dump" "${cargs[@]}" || { rm -f "$dump"; continue; }
    judge "$log" "$p" --set all --from "$from" --got "$dump" "${kargs[@]}"
    rm -f "$dump"
    row "$p" "$inputs $from" "$mismatches" "$result" "$(note "$notes" "$stray")"
done

table="$outdir/table.md"
{
    echo "Device: $(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -n 1) ($arch), $("$nvcc" --version | grep -o 'release [0-9.]*'), $(date -u +%Y-%m-%d), $("$exmy" --version 2>/dev/null | head -n 1), seed $seed"
    echo
    echo "| profile | inputs | mismatches | result | notes |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
} >"$table"
cat "$table"
echo "table: $table, logs: $outdir/*.log" >&2
exit "$failed"
