#!/usr/bin/env bash
# exmy vectors and exmy check work for every built-in profile and format:
# each target's boundary set and expected codes are written, the expected
# codes judged as a kernel's output pass, and one code changed by its lowest
# bit (the element whose input is +1, where the set has one and the target
# converts it to a non-NaN code) makes check fail with exactly one mismatch.
# Exactness of the codes themselves is pinned elsewhere (tests/profiles/
# against each vendor's document, the MPFR oracle for formats, test_check.sh
# against ref.py); this test pins that no target is left out of the
# workflow.
. "$(dirname "$0")/lib.sh"

# corrupt DIR K...: for each K, copy DIR/K.want.npy to DIR/K.got.npy with the
# lowest bit of the code of the element whose input (DIR/K.in.npy) is +1
# flipped, and print "K INDEX" (nothing for a K whose set has no +1). One
# Python for every target: its start-up would otherwise be most of the time.
corrupt() {
    "$PY" - "$@" <<'PYEOF'
import struct, sys
def load(path):
    b = open(path, 'rb').read()
    assert b[:6] == b'\x93NUMPY'
    hl = struct.unpack('<H', b[8:10])[0]
    header = b[10:10 + hl].decode('latin1')
    descr = header.split("'descr':")[1].split("'")[1]
    return descr, b[:10 + hl], b[10 + hl:]
d = sys.argv[1]
for k in sys.argv[2:]:
    d_in, _, x = load(f'{d}/{k}.in.npy')
    d_out, head, y = load(f'{d}/{k}.want.npy')
    one = {'<f4': struct.pack('<f', 1.0), '<f2': struct.pack('<e', 1.0),
           '<f8': struct.pack('<d', 1.0), '<u2': b'\x80\x3f'}[d_in]  # <u2: bfloat16 bits
    w, cw = len(one), int(d_out[2])
    pos = x.find(one)
    while pos >= 0 and pos % w:
        pos = x.find(one, pos + 1)
    if pos < 0:
        continue
    y = bytearray(y)
    y[(pos // w) * cw] ^= 1
    open(f'{d}/{k}.got.npy', 'wb').write(head + bytes(y))
    print(k, pos // w)
PYEOF
}

bad() {
    n_checks=$((n_checks + 1))
    fail "$*"
}

# (The formats table only: block formats, listed after it, take no profile rules yet.)
targets=$("$EXMY" profiles | awk 'NR > 1 {print $1}'; "$EXMY" formats | awk 'NR == 1 {next} /^$/ || /^name / {exit} {print $1}')
n_targets=0
n_corrupted=0
declare -a name
k=0
for t in $targets; do
    n_targets=$((n_targets + 1))
    run vectors "$t" --out "$TMP/$k.in.npy" --expected "$TMP/$k.want.npy"
    if [ "$rc" -ne 0 ]; then
        bad "vectors $t: exit $rc: $err"
        continue
    fi
    run check "$t" --in "$TMP/$k.in.npy" --got "$TMP/$k.want.npy" --max-report 3
    if [ "$rc" -ne 0 ] || ! grep -q '^OK: all' "$TMP/out"; then
        bad "check $t on its own expected codes: exit $rc: $out $err"
        continue
    fi
    pass
    name[k]=$t
    k=$((k + 1))
done
# +1 converts to a NaN code in no built-in target (its value is 1 or
# 1 * 2^scale with scale 0); a flipped NaN code could still be a NaN.
corrupt "$TMP" "${!name[@]}" >"$TMP/corrupted"
while read -r k i; do
    t=${name[k]}
    run check "$t" --in "$TMP/$k.in.npy" --got "$TMP/$k.got.npy" --max-report 1
    if [ "$rc" -eq 1 ] && grep -q "^FAIL: 1 of" "$TMP/out" &&
        grep -q "element $i: input 0x1p+0" "$TMP/out"; then
        n_corrupted=$((n_corrupted + 1))
        pass
    else
        bad "check $t with element $i's code changed: exit $rc: $out $err"
    fi
done <"$TMP/corrupted"
# Every target ran; +1 lies in every set but those of targets whose range
# misses it (none of the built-in ones today): a smaller count means a set
# lost its +1.
[ "$n_corrupted" -eq "$n_targets" ]
ok $? "$n_targets targets, only $n_corrupted with +1 in the set and corrupted"
finish
