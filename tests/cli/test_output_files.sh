# Output files never destroy what they replace (tools/cli.c, cli_out): a
# regular file is replaced through a temporary file and keeps its mode; a
# symlink is written through to its target and stays a link; a FIFO is
# written straight through to its reader and stays a FIFO; `-` is stdout; a
# directory or an empty name is refused before any work; a failed write
# leaves the old file as it was. Everything happens in a temporary directory:
# never point this at a real device node (as root, a regression would
# replace it with a regular file).
source "$(dirname "$0")/lib.sh"
umask 022

# Four binary32 inputs and their e4m3fn codes, by hand: 1.0 = 2^0 -> exponent
# field 7 = 0x38; 448 = 1.75 * 2^8 -> 0 1111 110 = 0x7e; 464 is the tie
# between 448 and 480 (the NaN pattern's place) -> 448 = 0x7e under rne;
# -0.5 = 2^-1 -> 1 0110 000 = 0xb0.
printf '\x00\x00\x80\x3f\x00\x00\xe0\x43\x00\x00\xe8\x43\x00\x00\x00\xbf' >"$TMP/in.f32"
want=387e7eb0
hex() { od -An -tx1 -v "$1" | tr -d ' \n'; }
mode() { stat -c %a "$1"; }
conv() { run convert e4m3fn --from f32 --to codes --in "$TMP/in.f32" "$@"; }

# A new regular file: created with the mode fopen would give (0666 & ~022).
conv --out "$TMP/new"
expect_rc 0 "new file"
[ "$(hex "$TMP/new")" = "$want" ] || fail "new file: got $(hex "$TMP/new"), want $want"
[ "$(mode "$TMP/new")" = 644 ] || fail "new file: mode $(mode "$TMP/new"), want 644"
pass

# An existing 0600 file keeps 0600 (a plain rename used to make it 0644).
printf 'old' >"$TMP/p600"
chmod 600 "$TMP/p600"
conv --out "$TMP/p600"
expect_rc 0 "0600 file"
[ "$(hex "$TMP/p600")" = "$want" ] || fail "0600 file: got $(hex "$TMP/p600")"
[ "$(mode "$TMP/p600")" = 600 ] || fail "0600 file: mode became $(mode "$TMP/p600")"
pass

# A 0444 file: as the shell's '>' would, refused where we may not write it;
# root may, and the file stays 0444.
printf 'old' >"$TMP/p444"
chmod 444 "$TMP/p444"
conv --out "$TMP/p444"
if [ "$(id -u)" -eq 0 ]; then
    expect_rc 0 "0444 file as root"
    [ "$(hex "$TMP/p444")" = "$want" ] || fail "0444 file as root: got $(hex "$TMP/p444")"
else
    expect_error convert 1 "0444 file"
    expect_err_contains "Permission denied" "0444 file"
    [ "$(cat "$TMP/p444")" = old ] || fail "0444 file: its contents changed"
fi
[ "$(mode "$TMP/p444")" = 444 ] || fail "0444 file: mode became $(mode "$TMP/p444")"
pass

# A symlink (relative, into another directory) is written through: the link
# stays a link to the same target, and the target gets the data and keeps
# its mode 0640.
mkdir "$TMP/far"
printf 'old' >"$TMP/far/target"
chmod 640 "$TMP/far/target"
ln -s far/target "$TMP/link"
conv --out "$TMP/link"
expect_rc 0 "symlink"
[ -L "$TMP/link" ] && [ "$(readlink "$TMP/link")" = far/target ] || fail "symlink: the link was replaced"
[ "$(hex "$TMP/far/target")" = "$want" ] || fail "symlink: target holds $(hex "$TMP/far/target")"
[ "$(mode "$TMP/far/target")" = 640 ] || fail "symlink: target mode became $(mode "$TMP/far/target")"
pass
# A dangling symlink creates its target.
ln -s far/made "$TMP/dangling"
conv --out "$TMP/dangling"
expect_rc 0 "dangling symlink"
[ -L "$TMP/dangling" ] && [ "$(hex "$TMP/far/made")" = "$want" ] ||
    fail "dangling symlink: link or target wrong"
pass

# A FIFO with a reader gets the bytes and stays a FIFO.
mkfifo "$TMP/fifo"
timeout 30 cat "$TMP/fifo" >"$TMP/from_fifo" &
reader=$!
last_args="convert ... --out FIFO"
timeout 30 "$EXMY" convert e4m3fn --from f32 --to codes --in "$TMP/in.f32" --out "$TMP/fifo" \
    >"$TMP/out" 2>"$TMP/err"
rc=$?
wait "$reader"
expect_rc 0 "FIFO"
[ -p "$TMP/fifo" ] || fail "FIFO: it is no longer a FIFO"
[ "$(hex "$TMP/from_fifo")" = "$want" ] || fail "FIFO: the reader got $(hex "$TMP/from_fifo")"
pass
# A .npy whose length is known only at the end cannot go to a FIFO: said at
# once, before the reader would see a wrong header.
mkfifo "$TMP/f.npy"
timeout 30 cat "$TMP/f.npy" >"$TMP/from_npy_fifo" &
reader2=$!
last_args="convert ... --out FIFO.npy"
timeout 30 "$EXMY" convert e4m3fn --from f32 --to codes --in "$TMP/in.f32" --out "$TMP/f.npy" \
    >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
expect_error convert 1 ".npy to a FIFO from a raw input"
expect_err_contains "regular file" ".npy to a FIFO from a raw input"
[ -p "$TMP/f.npy" ] || fail ".npy FIFO: it is no longer a FIFO"
wait "$reader2"
[ ! -s "$TMP/from_npy_fifo" ] || fail ".npy FIFO: the reader got bytes"
pass

# --out - is stdout.
conv --out -
expect_rc 0 "--out -"
[ "$(hex "$TMP/out")" = "$want" ] || fail "--out -: stdout held $(hex "$TMP/out")"
pass

# An empty name is a usage error before any work: before the missing --in
# is even opened.
run convert e4m3fn --from f32 --to codes --in "$TMP/missing" --out ""
expect_error convert 2 "--out ''"
expect_err_contains "empty" "--out ''"
run convert e4m3fn --from f32 --to codes --in "$TMP/missing" --out=
expect_error convert 2 "--out="
run snr e4m3fn --csv "" --from 0 --to 0
expect_error snr 2 "snr --csv ''"

# A directory is refused, and left alone.
mkdir "$TMP/dir"
conv --out "$TMP/dir"
expect_error convert 1 "directory"
expect_err_contains "is a directory" "directory"
[ -d "$TMP/dir" ] || fail "directory: it was replaced"

# A write that fails (here: the file size limit, EFBIG) leaves the old file
# as it was and no temporary file behind. (/dev/full's ENOSPC takes the same
# path; it is not used here.)
"$PY" -c 'import sys; sys.stdout.buffer.write(b"\0\0\x80\x3f" * 65536)' >"$TMP/big.f32"
printf 'keep me' >"$TMP/kept"
last_args="convert (ulimit -f 16) --out kept"
(
    ulimit -f 16
    trap '' XFSZ
    exec "$EXMY" convert e4m3fn --from f32 --to codes --in "$TMP/big.f32" --out "$TMP/kept"
) >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
expect_error convert 1 "failed write"
expect_err_contains "File too large" "failed write"
[ "$(cat "$TMP/kept")" = "keep me" ] || fail "failed write: the old file changed"
pass

# A character device is written in place, and its ENOSPC reported. Only on
# a node made here (as root, mknod of /dev/full's numbers, 1:7), never on
# /dev/full itself; skipped where mknod is not allowed.
if mknod "$TMP/full" c 1 7 2>/dev/null; then
    conv --out "$TMP/full"
    expect_error convert 1 "character device"
    case "$err" in
    *"No space left on device"* | *"Permission denied"*) pass ;; # the latter: a nodev mount
    *) n_checks=$((n_checks + 1)); fail "character device: expected ENOSPC" ;;
    esac
    [ -c "$TMP/full" ] || fail "character device: it is no longer a device node"
    pass
    # stdout on such a device: the error is reported too.
    last_args="convert ... --out - > FULL"
    "$EXMY" convert e4m3fn --from f32 --to codes --in "$TMP/in.f32" --out - >"$TMP/full" 2>"$TMP/err"
    rc=$?
    : >"$TMP/out"
    err=$(cat "$TMP/err")
    expect_error convert 1 "stdout on a full device"
    rm -f "$TMP/full"
fi

# No temporary file is left anywhere.
leftovers=$(find "$TMP" -name '*.tmp.*')
[ -z "$leftovers" ] || fail "temporary files left: $leftovers"
pass

finish
