#!/usr/bin/env python3
"""libexmy.so exports exactly the functions the public headers declare.

    abi_check.py --nm NM --objdump OBJDUMP --gcc GCC [-I DIR]... --soname NAME LIB HEADER...

The declarations come from the compiler, not from a text parse: gcc's
-aux-info writes one line per function declared in a translation unit (with
the file it came from), however the declaration is laid out. The exports come
from `nm -D --defined-only`. Both directions must hold: every declared
function is exported (nothing missing) and every exported symbol is declared
(nothing extra: no exmy__ internals, no data symbols). The library's SONAME
must be the one meson was told (its soversion). Exits 77 (skip) without gcc.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile


def fail(msg):
    print("abi: " + msg)
    sys.exit(1)


def declared(gcc, incs, headers):
    """{name: "file:line"} of the functions declared in `headers`."""
    with tempfile.TemporaryDirectory() as d:
        tu = os.path.join(d, "tu.c")
        info = os.path.join(d, "tu.aux")
        with open(tu, "w") as f:
            for h in headers:
                f.write('#include "%s"\n' % os.path.abspath(h))
        cmd = gcc + ["-std=c11", "-fsyntax-only", "-aux-info", info, tu]
        for i in incs:
            cmd += ["-I", i]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            fail("%s failed:\n%s" % (" ".join(cmd), r.stderr))
        with open(info) as f:
            lines = f.read().splitlines()
    ours = {os.path.realpath(h) for h in headers}
    out = {}
    pat = re.compile(r"^/\* (.*):(\d+):\w+ \*/ .*?([A-Za-z_]\w*) \(")
    for line in lines:
        m = pat.match(line)
        if m and os.path.realpath(m.group(1)) in ours:
            out[m.group(3)] = "%s:%s" % (os.path.basename(m.group(1)), m.group(2))
    return out


def exported(nm, lib):
    """{name: nm type letter} of the dynamic symbols `lib` defines."""
    r = subprocess.run([nm, "-D", "--defined-only", lib], capture_output=True, text=True)
    if r.returncode != 0:
        fail("nm -D %s failed:\n%s" % (lib, r.stderr))
    out = {}
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        kind, name = parts[-2], parts[-1].split("@")[0]
        if kind == "A":  # the version node itself (EXMY_0), not a symbol
            continue
        out[name] = kind
    return out


def soname(objdump, lib):
    r = subprocess.run([objdump, "-p", lib], capture_output=True, text=True)
    m = re.search(r"^\s*SONAME\s+(\S+)", r.stdout, re.M)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nm", required=True)
    ap.add_argument("--objdump", required=True)
    ap.add_argument("--gcc", default="")
    ap.add_argument("--soname", required=True)
    ap.add_argument("-I", dest="incs", action="append", default=[])
    ap.add_argument("lib")
    ap.add_argument("headers", nargs="+")
    a = ap.parse_args()
    gcc = a.gcc.split() if a.gcc else []
    if not gcc or not shutil.which(gcc[0]):
        print("abi: no gcc for -aux-info; skipped")
        sys.exit(77)

    decl = declared(gcc, a.incs, a.headers)
    exp = exported(a.nm, a.lib)
    if len(decl) < 10:
        fail("only %d declarations read from %s: the header parse is broken"
             % (len(decl), " ".join(a.headers)))
    missing = sorted(set(decl) - set(exp))
    extra = sorted(set(exp) - set(decl))
    data = sorted(n for n, k in exp.items() if n in decl and k not in "TtWi")
    for n in missing:
        print("abi: MISSING %s (declared at %s) is not exported by %s"
              % (n, decl[n], os.path.basename(a.lib)))
    for n in extra:
        print("abi: EXTRA %s (nm type %s) is exported but declared in no public header"
              % (n, exp[n]))
    for n in data:
        print("abi: %s is declared as a function but exported as nm type %s" % (n, exp[n]))
    so = soname(a.objdump, a.lib)
    if so != a.soname:
        print("abi: SONAME is %s, expected %s" % (so, a.soname))
    if missing or extra or data or so != a.soname:
        sys.exit(1)
    print("abi: %d functions declared and exported, SONAME %s" % (len(decl), so))


if __name__ == "__main__":
    main()
