# exmy snr: CSV shape and values (checked against values computed here with
# Python's math.erf/erfc, or derived by hand), plot files, and the errors.
#   bash tests/snr/test_cli_snr.sh PATH/TO/exmy
# EXMY_HAVE_PLPLOT=1 (set by meson when PLplot was found) expects working
# plots; 0 expects --plot to fail with instructions.
source "$(dirname "$0")/../cli/lib.sh"

HAVE_PLOT=${EXMY_HAVE_PLPLOT:-1}

# csv_check FILE PYTHON-BODY: run Python with `rows` (list of dicts) and
# `header` from FILE; the body exits non-zero (with a message) on failure.
csv_check() {
    local file=$1 body=$2
    "$PY" - "$file" <<PYEOF
import csv, math, sys
with open(sys.argv[1], newline="") as fp:
    reader = csv.reader(fp)
    header = next(reader)
    raw = list(reader)
rows = [dict(zip(header, r)) for r in raw]
def fail(msg):
    print(msg)
    sys.exit(1)
$body
PYEOF
}

# ------------------------------------------------------------ shape
run snr --formats e4m3fn,e5m2 --from -2 --to 2 --step 0.5
expect_rc 0 "two formats, nine scales"
printf '%s\n' "$out" >"$TMP/a.csv"
csv_check "$TMP/a.csv" '
want = "format,dist,round,sat,method,log2_scale,scale,snr_db,snr_ratio,stderr_db,p_overflow".split(",")
if header != want: fail("header %r" % header)
if len(raw) != 18: fail("%d rows, want 18" % len(raw))
for r, row in zip(raw, rows):
    if len(r) != 11: fail("row has %d fields: %r" % (len(r), r))
    if row["dist"] != "normal" or row["round"] != "rne" or row["sat"] != "satfinite" or row["method"] != "exact":
        fail("row %r" % row)
    l2 = float(row["log2_scale"])
    if float(row["scale"]) != 2.0 ** l2: fail("scale %s for log2 %s" % (row["scale"], l2))
    db, ratio = float(row["snr_db"]), float(row["snr_ratio"])
    if abs(db - 10 * math.log10(ratio)) > 1e-12: fail("dB %r vs ratio %r" % (db, ratio))
    if row["stderr_db"] != "": fail("exact method with a stderr: %r" % row)
    if float(row["p_overflow"]) != 0: fail("p_overflow %r" % row)
l2s = [float(r["log2_scale"]) for r in rows]
if l2s != [-2 + 0.5 * i for i in range(9)] * 2: fail("log2 scales %r" % l2s)
if [r["format"] for r in rows] != ["e4m3fn"] * 9 + ["e5m2"] * 9: fail("format column")
'
ok $? "CSV shape"

# --------------------------------------------------------- values
# e2m1fn (values 0, 0.5, 1, 1.5, 2, 3, 4, 6), rne, saturating: intervals cut
# at the midpoints, [5, Inf) -> 6; the closed form of DESIGN.md in double.
run snr e2m1fn --from 0 --to 1 --step 1
expect_rc 0 "e2m1fn"
printf '%s\n' "$out" >"$TMP/b.csv"
csv_check "$TMP/b.csv" '
vals = [0, 0.5, 1, 1.5, 2, 3, 4, 6]
def phi(x): return 0.0 if math.isinf(x) else math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
def P(a, b): return (math.erfc(a / math.sqrt(2)) - (0.0 if math.isinf(b) else math.erfc(b / math.sqrt(2)))) / 2
def J(a, b, q):
    tb = 0.0 if math.isinf(b) else (b - 2 * q) * phi(b)
    return (1 + q * q) * P(a, b) + (a - 2 * q) * phi(a) - tb
for row in rows:
    s = float(row["scale"])
    noise = 0.0
    for i, v in enumerate(vals):
        lo = 0 if i == 0 else (vals[i - 1] + v) / 2
        hi = (v + vals[i + 1]) / 2 if i + 1 < len(vals) else math.inf
        noise += 2 * J(lo / s, hi / s, v / s)
    want = 10 * math.log10(1 / noise)
    if abs(float(row["snr_db"]) - want) > 1e-9: fail("sigma %s: %s dB, want %.15g" % (s, row["snr_db"], want))
'
ok $? "e2m1fn values against the closed form"

run snr --formats e4m3fn,binary16 --from -60 --to 0 --step 60
expect_rc 0 "limits"
printf '%s\n' "$out" >"$TMP/c.csv"
csv_check "$TMP/c.csv" '
for row in rows:
    db, l2, M = float(row["snr_db"]), float(row["log2_scale"]), {"e4m3fn": 3, "binary16": 10}[row["format"]]
    if l2 == -60 and abs(db) > 1e-9: fail("sigma 2^-60: %r" % row)
    if l2 == 0 and abs(db - (6.0206 * M + 13.45)) > 0.1: fail("plateau: %r" % row)
'
ok $? "0 dB at tiny scale, plateau at 6.02 M + 13.45 dB"

# e5m2 non-saturating: overflow iff |x| >= 61440 (midpoint of 57344 and 65536).
run snr e5m2 --sat nosat --from 14 --to 16 --step 1
expect_rc 0 "nosat"
printf '%s\n' "$out" >"$TMP/d.csv"
csv_check "$TMP/d.csv" '
for row in rows:
    s = float(row["scale"])
    want = math.erfc(61440 / s / math.sqrt(2))
    got = float(row["p_overflow"])
    if abs(got - want) > 1e-12 * want: fail("p_overflow %r, want %r" % (got, want))
    if row["sat"] != "nosat": fail("sat column %r" % row)
'
ok $? "overflow probability"

# ---------------------------------------------------------- sampled
run snr e4m3fn --method sampled --samples 4096 --seed 5 --from -1 --to 1
expect_rc 0 "sampled"
first=$out
run snr e4m3fn --method sampled --samples 4096 --seed 5 --from -1 --to 1
[ "$out" = "$first" ]
ok $? "sampled output is reproducible"
run snr e4m3fn --method sampled --samples 4096 --seed 6 --from -1 --to 1
[ "$out" != "$first" ]
ok $? "another seed gives other samples"
printf '%s\n' "$first" >"$TMP/e.csv"
csv_check "$TMP/e.csv" '
if len(rows) != 9: fail("%d rows" % len(rows))
for row in rows:
    if row["method"] != "sampled" or not (0 < float(row["stderr_db"]) < 1): fail("row %r" % row)
    if abs(float(row["snr_db"]) - 31.52) > 0.5: fail("plateau %r" % row)
'
ok $? "sampled rows"

run snr e4m3fn --dist student-t:5 --samples 10000 --from 0 --to 0
expect_rc 0 "student-t"
case "$out" in *"e4m3fn,student-t:5,rne,satfinite,sampled,0,1,"*) pass ;; *) n_checks=$((n_checks + 1)); fail "student-t row" ;; esac
run snr e4m3fn --dist uniform --from 0 --to 0
expect_rc 0 "uniform"
run snr e4m3fn --dist laplace --round sr-b --sr-bits 8 --from 0 --to 0
expect_rc 0 "laplace, stochastic rounding"
case "$out" in *",laplace,sr-b:8,satfinite,exact,"*) pass ;; *) n_checks=$((n_checks + 1)); fail "sr row" ;; esac

# A tensor from a .npy file: [2, -2, 2, -2] is +-1 at unit RMS; at sigma =
# sqrt 2 it rounds to 1.375 in e4m3fn.
"$PY" - "$TMP/t.npy" <<'PYEOF'
import struct, sys
d = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }"
h = d + " " * ((64 - (10 + len(d) + 1) % 64) % 64) + "\n"
with open(sys.argv[1], "wb") as fp:
    fp.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode())
    fp.write(struct.pack("<4f", 2, -2, 2, -2))
PYEOF
run snr e4m3fn --dist "file:$TMP/t.npy" --from 0.5 --to 1 --step 0.5
expect_rc 0 "data file"
printf '%s\n' "$out" >"$TMP/f.csv"
csv_check "$TMP/f.csv" '
r0, r1 = rows
s = 2 ** 0.5
want = s * s / (s - 1.375) ** 2
if abs(float(r0["snr_ratio"]) / want - 1) > 1e-12 or r0["method"] != "sampled": fail("row %r, want %r" % (r0, want))
if r1["snr_ratio"] != "inf": fail("sigma 2: %r" % r1)
'
ok $? "data file values"

# The global --load FILE next to snr's own --formats LIST.
printf 'family: test\nmyfp8  e4m3:bias=9:finite:nans=1  -  a test format\n' >"$TMP/my.fmt"
run snr --load "$TMP/my.fmt" --formats myfp8,e4m3fn --from -2 --to -2
expect_rc 0 "formats file and list"
case "$out" in *"myfp8,normal,rne,satfinite,exact,-2,0.25,"*) pass ;; *) n_checks=$((n_checks + 1)); fail "myfp8 row" ;; esac
# --formats is always a list: a name ending in .fmt is a format name, not a file.
run snr --formats "$TMP/my.fmt" --from -2 --to -2
expect_error snr 1 "--formats FILE.fmt is not a load"
# Two lists add up.
run snr --formats e4m3fn --formats=e5m2 --from -2 --to -2
expect_rc 0 "two --formats lists"
case "$out" in *"e4m3fn,normal"*"e5m2,normal"*) pass ;; *) n_checks=$((n_checks + 1)); fail "two lists: both formats" ;; esac

# ------------------------------------------------------------ paper
run snr --paper --csv "$TMP/paper.csv"
expect_rc 0 "--paper"
csv_check "$TMP/paper.csv" '
if len(rows) != 3 * 465: fail("%d rows" % len(rows))
if sorted(set(r["format"] for r in rows)) != ["binary16", "e4m3fnuz", "e5m2fnuz"]: fail("formats")
l2 = [float(r["log2_scale"]) for r in rows[:465]]
if l2[0] != -29 or l2[-1] != 29 or any(abs(b - a - 0.125) > 1e-12 for a, b in zip(l2, l2[1:])): fail("scales")
if any(r["sat"] != "satfinite" or r["method"] != "exact" for r in rows): fail("mode")
'
ok $? "--paper CSV"

# ------------------------------------------------------------- plots
if [ "$HAVE_PLOT" = 1 ]; then
    run snr --formats binary16,e4m3fn,e5m2 --from -20 --to 20 --step 1 --plot "$TMP/p.png" --markers
    expect_rc 0 "png"
    [ -z "$out" ] && [ "$(head -c 8 "$TMP/p.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]
    ok $? "a PNG file (and no CSV on stdout)"
    # PLplot writes through cli_out's stream: a symlink keeps its target's
    # name, a FIFO's reader gets the picture and the FIFO stays.
    printf 'old' >"$TMP/target.png"
    ln -s target.png "$TMP/link.png"
    run snr e4m3fn --from -2 --to 2 --plot "$TMP/link.png"
    expect_rc 0 "png through a symlink"
    [ -L "$TMP/link.png" ] && [ "$(head -c 8 "$TMP/target.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]
    ok $? "the symlink stays and its target holds the PNG"
    mkfifo "$TMP/fifo.svg"
    timeout 60 cat "$TMP/fifo.svg" >"$TMP/from_fifo.svg" &
    reader=$!
    run snr e4m3fn --from -2 --to 2 --plot "$TMP/fifo.svg"
    wait "$reader"
    expect_rc 0 "svg into a FIFO"
    [ -p "$TMP/fifo.svg" ] && grep -q "<svg" "$TMP/from_fifo.svg"
    ok $? "the FIFO stays and its reader got the SVG"
    run snr e4m3fn --from -20 --to 20 --plot "$TMP/p.svg" --ratio --title "a title"
    expect_rc 0 "svg"
    grep -q "<svg" "$TMP/p.svg"
    ok $? "an SVG file"
    run snr e4m3fn --from -20 --to 20 --plot "$TMP/p.pdf" --csv "$TMP/p.csv"
    expect_rc 0 "pdf"
    [ "$(head -c 5 "$TMP/p.pdf")" = "%PDF-" ] && [ "$(wc -l <"$TMP/p.csv")" -eq 162 ]
    ok $? "a PDF file and the CSV beside it"
    run snr --paper --plot "$TMP/paper.png"
    expect_rc 0 "--paper --plot"
    [ -s "$TMP/paper.png" ]
    ok $? "paper figure"
else
    run snr e4m3fn --plot "$TMP/p.png"
    expect_error snr 1 "--plot without PLplot"
    expect_err_contains "libplplot-dev" "says how to get plots"
    [ ! -e "$TMP/p.png" ]
    ok $? "no file"
fi
run snr e4m3fn --plot "$TMP/p.jpg"
expect_error snr 1 "unsupported plot type"
run snr e4m3fn --plot "$TMP/nodir/p.png"
expect_error snr 1 "plot into a missing directory"
run snr e4m3fn --csv "$TMP/nodir/p.csv"
expect_error snr 1 "CSV into a missing directory"

# ------------------------------------------------------------ errors
run snr e4m3fn --dist cauchy
expect_error snr 1 "unknown distribution"
expect_err_contains "cauchy" "names the distribution"
run snr e4m3fn --from 1 --to 0
expect_error snr 1 "empty range"
run snr e4m3fn --step 0
expect_error snr 1 "step 0"
run snr e4m3fn --step -0.5
expect_error snr 1 "negative step"
run snr e4m3fn --step abc
expect_error snr 1 "malformed step"
run snr e4m3fn --dist file:/nonexistent/x.npy
expect_error snr 1 "missing file"
expect_err_contains "/nonexistent/x.npy" "names the file"
printf 'not npy' >"$TMP/bad.npy"
run snr e4m3fn --dist "file:$TMP/bad.npy"
expect_error snr 1 "not a .npy file"
run snr --from 0 --to 1
expect_error snr 2 "no formats"
run snr nosuchformat
expect_error snr 1 "unknown format"
run snr e4m3fn --dist student-t:5 --method exact
expect_error snr 1 "exact method of student-t"
run snr e4m3fn --dist student-t:2
expect_error snr 1 "student-t with nu <= 2"
run snr binary32 --method exact
expect_error snr 1 "exact method of a 32-bit format"
run snr e4m3fn --method bogus
expect_error snr 1 "unknown method"
run snr e4m3fn --round sr-a
expect_error snr 2 "stochastic rounding without bits"
run snr e4m3fn --sr-bits 4
expect_error snr 2 "random bits without stochastic rounding"
run snr e4m3fn --samples 0 --method sampled
expect_error snr 1 "zero samples"
run snr e4m3fn --bogus
expect_error snr 2 "unknown option"
run snr e4m3fn --round rnx
expect_error snr 1 "unknown rounding mode"

# ------------------------------------------------- block-scaled formats
# A power-of-two scale rule makes the SNR of a block format the same at
# sigma and 2^k sigma (the scales absorb 2^k exactly): the exact method must
# give equal numbers at 2^-8, 1, 2^8; block:ELEM/SCALE/N spells mxfp4_e2m1.
run snr --formats mxfp8_e4m3,block:e2m1fn/e8m0fnu/32,mxfp4_e2m1,e4m3fn --from -8 --to 8 --step 8
expect_rc 0 "block and plain formats on one sweep"
printf '%s\n' "$out" >"$TMP/blk.csv"
csv_check "$TMP/blk.csv" '
by = {}
for r in rows:
    if r["method"] != "exact": fail("method %r" % r)
    by.setdefault(r["format"], []).append(float(r["snr_db"]))
for f in ("mxfp8_e4m3", "mxfp4_e2m1"):
    v = by[f]
    if len(v) != 3 or max(v) != min(v): fail("%s not invariant under 2^k sigma: %r" % (f, v))
if by["block:e2m1fn/e8m0fnu/32"] != by["mxfp4_e2m1"]: fail("spec vs name %r" % by)
if not (by["e4m3fn"][0] < 20 < 30 < by["mxfp8_e4m3"][0]): fail("plain e4m3fn at 2^-8 %r" % by)
'
ok $? "block formats: invariant under 2^k sigma, spec equals name"
# NVFP4 has a tensor scale: sampled only (the default falls back to sampled).
run snr --formats nvfp4,e2m1fn --from 0 --to 0 --samples 4096
expect_rc 0 "nvfp4 sampled"
expect_out_contains "nvfp4,normal,rne,satfinite,sampled,0,1," "nvfp4 row"
run snr nvfp4 --method exact
expect_error snr 1 "exact method of a format with a tensor scale"
run snr block:e4m3fn/e8m0fnu/0
expect_error snr 1 "a block of 0 elements"
# .npy data in blocks of 32 (a row length that is not a multiple: 100).
"$PY" - "$TMP/d.npy" <<'PYEOF'
import struct, sys
vals = [((i * 7919) % 101 - 50) * (1 + (i % 5)) / 17.0 for i in range(100)]
hdr = "{'descr': '<f8', 'fortran_order': False, 'shape': (100,), }"
hdr += " " * (63 - (10 + len(hdr)) % 64) + "\n"
with open(sys.argv[1], "wb") as fp:
    fp.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode())
    fp.write(struct.pack("<100d", *vals))
PYEOF
run snr mxfp4_e2m1 --dist "file:$TMP/d.npy" --from 0 --to 0
expect_rc 0 "block format on .npy data"
expect_out_contains "/d.npy,rne,satfinite,sampled,0,1," "npy row"

finish
