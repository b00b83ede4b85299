# Helpers shared by the CLI test scripts (sourced). Each script is run as
#   bash SCRIPT.sh PATH/TO/exmy
# and exits 0 if every check passed, 1 otherwise. Nothing here computes an
# expected value: those are written in the scripts, derived by hand from the
# format definitions, or computed by ref.py (an independent Python model).
set -u

EXMY=${1:?usage: $0 PATH/TO/exmy}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/exmy-cli-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PY=${PYTHON:-python3}

n_checks=0
n_failed=0
last_args=
rc=0

# run ARGS...: run exmy; sets $out, $err, $rc.
run() {
    last_args="$*"
    "$EXMY" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
}

# run_in FILE ARGS...: as run, with stdin from FILE.
run_in() {
    local f=$1
    shift
    last_args="$* < $f"
    "$EXMY" "$@" <"$f" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
}

fail() {
    n_failed=$((n_failed + 1))
    echo "FAIL: $*"
    echo "  command: exmy ${last_args:-}"
    echo "  exit status: $rc"
    echo "  stdout: $(head -c 2000 "$TMP/out")"
    echo "  stderr: $(head -c 2000 "$TMP/err")"
}

pass() {
    n_checks=$((n_checks + 1))
}

# ok COND-STATUS DESCRIPTION: record a check made by the caller.
ok() {
    local status=$1
    shift
    if [ "$status" -eq 0 ]; then pass; else n_checks=$((n_checks + 1)); fail "$*"; fi
}

# expect_rc N DESCRIPTION
expect_rc() {
    if [ "$rc" -eq "$1" ]; then pass; else n_checks=$((n_checks + 1)); fail "$2: expected exit status $1"; fi
}

# expect_error CMD N DESCRIPTION: exit status N, nothing on stdout, and exactly
# one line on stderr that starts "exmy CMD: " (CMD "" for main's own errors).
expect_error() {
    local cmd=$1 code=$2 what=$3
    n_checks=$((n_checks + 1))
    local prefix="exmy: "
    [ -n "$cmd" ] && prefix="exmy $cmd: "
    if [ "$rc" -ne "$code" ]; then
        fail "$what: expected exit status $code"
    elif [ -s "$TMP/out" ]; then
        fail "$what: expected no output on stdout"
    elif [ "$(wc -l <"$TMP/err")" -ne 1 ]; then
        fail "$what: expected exactly one line on stderr"
    elif [ "${err#"$prefix"}" = "$err" ]; then
        fail "$what: expected the error line to start with '$prefix'"
    fi
}

# expect_err_contains TEXT DESCRIPTION
expect_err_contains() {
    n_checks=$((n_checks + 1))
    case "$err" in
    *"$1"*) ;;
    *) fail "$2: expected stderr to contain '$1'" ;;
    esac
}

# expect_out_contains TEXT DESCRIPTION
expect_out_contains() {
    n_checks=$((n_checks + 1))
    case "$out" in
    *"$1"*) ;;
    *) fail "$2: expected stdout to contain '$1'" ;;
    esac
}

# same_number A B: do two numeric texts (decimal, hex-float as C's %a prints
# it, inf, nan) denote the same binary64 (NaN == NaN)? Python parses both.
same_number() {
    "$PY" - "$1" "$2" <<'PYEOF'
import math, sys
def parse(s):
    t = s.lstrip('+-')
    neg = s.startswith('-')
    if t.lower().startswith('0x'):
        v = float.fromhex(t)
    else:
        v = float(t)
    return -v if neg else v
a, b = parse(sys.argv[1]), parse(sys.argv[2])
if math.isnan(a) or math.isnan(b):
    sys.exit(0 if math.isnan(a) and math.isnan(b) else 1)
sys.exit(0 if a == b and math.copysign(1, a) == math.copysign(1, b) else 1)
PYEOF
}

finish() {
    echo "$(basename "$0"): $n_checks checks, $n_failed failed"
    [ "$n_failed" -eq 0 ]
    exit $?
}
