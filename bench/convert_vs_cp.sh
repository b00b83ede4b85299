#!/bin/bash
# exmy convert against cp on one file in a RAM file system (issue 15): the
# same input bytes each way, so the ratio of times cp / convert is the ratio
# of their throughputs (target >= 0.8 for both conversions).
#
#   bench/convert_vs_cp.sh [-r REPEATS] [-n MIB] [-d DIR] [-t THREADS]
#                          [EXMY [CONVERT-OPTION...]]
#
# Makes an N(0,1) binary32 file of MIB MiB (default 256) in DIR (default
# /dev/shm), then times, REPEATS times (default 5) in turn: cp of the file,
# exmy convert e4m3fn --from f32 --to codes, and --to f32 (fake-quantise),
# each to a new file in DIR, and prints the best wall time of each (with its
# user + system CPU time: on a shared machine the CPU time is the steadier
# figure) and the ratios. -t THREADS adds both conversions with --threads
# THREADS, timed in the same turns. Extra arguments go to every conversion.
# EXMY defaults to build/tools/exmy. Removes its files.
# Never a test: nothing here passes or fails on time.
set -eu

reps=5
mib=256
dir=/dev/shm
threads=
while getopts r:n:d:t: opt; do
    case $opt in
    r) reps=$OPTARG ;;
    n) mib=$OPTARG ;;
    d) dir=$OPTARG ;;
    t) threads=$OPTARG ;;
    *) sed -n '5,7p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
exmy=${1:-build/tools/exmy}
[ $# -gt 0 ] && shift
[ -x "$exmy" ] || { echo "convert_vs_cp.sh: no exmy at $exmy (give its path)" >&2; exit 2; }

work=$(mktemp -d "$dir/exmy-convert-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
x=$work/x.f32

# 2^20 N(0,1) samples (Box-Muller, fixed seed), repeated to fill MIB MiB:
# the conversion sees the same mix of binades, signs and ties as from fresh
# samples, and the file is made in a second instead of a minute.
python3 - "$x" "$mib" <<'EOF'
import math, random, struct, sys
rng = random.Random(15)
k = 1 << 20
v = []
while len(v) < k:
    u1, u2 = 1.0 - rng.random(), rng.random()
    r = math.sqrt(-2.0 * math.log(u1))
    v += [r * math.cos(2 * math.pi * u2), r * math.sin(2 * math.pi * u2)]
block = struct.pack('<%df' % k, *v[:k])
left = int(sys.argv[2]) << 20
with open(sys.argv[1], 'wb') as f:
    while left > 0:
        f.write(block[:left])
        left -= len(block)
EOF

# One timed run of "$@" (output to the file given last): "wall cpu" in
# seconds, cpu = user + system, both from bash's time (1 ms resolution).
# A failed run stops the bench.
one() {
    local t
    if ! t=$( { TIMEFORMAT='%3R %3U %3S'; time "$@" >/dev/null; } 2>&1 ); then
        echo "convert_vs_cp.sh: failed: $* $t" >&2
        return 1
    fi
    rm -f "${*: -1}"
    echo "$t" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}

declare -A wall cpu
names="cp codes f32${threads:+ codes-t$threads f32-t$threads}"
for ((i = 0; i < reps; i++)); do
    for name in $names; do
        t=()
        [ "${name%-t*}" = "$name" ] || t=(--threads "$threads")
        case $name in
        cp) r=$(one cp "$x" "$work/y.f32") ;;
        codes*) r=$(one "$exmy" convert e4m3fn --from f32 --to codes --in "$x" "${t[@]}" "$@" \
                        --out "$work/y.u8") ;;
        f32*) r=$(one "$exmy" convert e4m3fn --from f32 --to f32 --in "$x" "${t[@]}" "$@" \
                      --out "$work/y.f32") ;;
        esac
        read -r w c <<<"$r"
        if [ -z "${wall[$name]:-}" ] || awk "BEGIN{exit !($w < ${wall[$name]})}"; then
            wall[$name]=$w
            cpu[$name]=$c
        fi
    done
done

echo "exmy convert vs cp, $mib MiB of N(0,1) binary32 in $dir, best of $reps${*:+ (convert $*)}"
printf '%-9s %9s %9s %12s %12s\n' run wall_s cpu_s cp/wall cp/cpu
for name in $names; do
    awk -v n="$name" -v w="${wall[$name]}" -v c="${cpu[$name]}" -v cw="${wall[cp]}" \
        -v cc="${cpu[cp]}" -v mib="$mib" 'BEGIN {
        printf "%-9s %9.3f %9.3f %11.2fx %11.2fx   %.2f GB/s in\n", n, w, c, cw / w,
               (c > 0 ? cc / c : 0), mib * 1048576 / w / 1e9 }'
done
