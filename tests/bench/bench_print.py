#!/usr/bin/env python3
"""Benchmark: the last 3 elements of a 6.4 GB DEFLATED member (issue: random access beyond RAM).

Writes one float64 member of SIZE bytes (default 6.4 GB) with Python's zipfile (DEFLATED, zlib's
default level, zip64: what np.savez_compressed writes, streamed so the writer never holds it), then
converts it with `npy-tool convert --compress` into an archive of ours (which carries the chunk
index). Measured in the same run:

  numpy     np.load(f)['a'][-3:]  (uncapped: it inflates the whole member into memory)
  foreign   npy-tool print foreign.npz --slice -3:  under `ulimit -v` 3 GiB (streams the member)
  ours      npy-tool print ours.npz --slice -3:     under `ulimit -v` 3 GiB (inflates the last span)

Targets: the three outputs agree with NumPy's str() of each element; foreign >= 2x NumPy's speed;
ours <= 1/10 of foreign's time. Generating the archives takes minutes: pass --keep DIR to keep them
between runs.

    /usr/bin/python3 tests/bench/bench_print.py [--tool path/to/npy-tool] [--gb 6.4] [--keep DIR]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NUMPY_SIDE = r"""
import sys, time
import numpy as np
t0 = time.perf_counter()
with np.load(sys.argv[1]) as z:
    tail = z['a'][-3:]
t1 = time.perf_counter()
print(t1 - t0)
print('\n'.join(str(v) for v in tail))
"""


def write_foreign(path, count):
    """A float64 member of `count` elements, written block by block through zipfile (DEFLATED)."""
    header = {'descr': '<f8', 'fortran_order': False, 'shape': (count,)}
    block = 1 << 22
    with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open('a.npy', 'w', force_zip64=True) as f:
            np.lib.format.write_array_header_1_0(f, header)
            for start in range(0, count, block):
                n = min(block, count - start)
                # A ramp with a slow wobble: compressible like real measurements, not trivially.
                i = np.arange(start, start + n, dtype=np.float64)
                f.write((i * 0.25 + np.sin(i * 1e-3)).astype('<f8').tobytes())


def timed(args, limit_kib=None):
    pre = f"ulimit -v {limit_kib}; " if limit_kib else ""
    t0 = time.perf_counter()
    out = subprocess.run(["bash", "-c", pre + 'exec "$@"', "bash"] + args, capture_output=True, text=True)
    return time.perf_counter() - t0, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", default=os.path.join(ROOT, "build", "app", "tool", "npy-tool"))
    ap.add_argument("--gb", type=float, default=6.4)
    ap.add_argument("--keep", default=None)
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    count = int(a.gb * 1e9) // 8
    foreign = os.path.join(work, f"foreign_{count}.npz")
    ours = os.path.join(work, f"ours_{count}.npz")
    if not os.path.exists(foreign):
        t = time.perf_counter()
        write_foreign(foreign + ".part", count)
        os.rename(foreign + ".part", foreign)
        print(f"wrote {foreign} in {time.perf_counter() - t:.0f} s")
    if not os.path.exists(ours) or os.path.getmtime(ours) < os.path.getmtime(a.tool):
        t = time.perf_counter()
        # Through a plain .npy, as a user's Save As of a .npy to a compressed archive: a member converted
        # straight from an archive at the default level would be copied raw, keeping zipfile's bytes.
        plain = os.path.join(work, f"plain_{count}.npy")
        subprocess.run([a.tool, "convert", foreign, plain], check=True)
        subprocess.run([a.tool, "convert", plain, ours, "--compress"], check=True)
        os.remove(plain)
        print(f"converted to {ours} in {time.perf_counter() - t:.0f} s")
    print(f"member: {count * 8 / 1e9:.2f} GB float64; zipfile's archive {os.path.getsize(foreign) / 1e9:.2f} GB, "
          f"ours {os.path.getsize(ours) / 1e9:.2f} GB; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")

    out = subprocess.run([sys.executable, "-c", NUMPY_SIDE, foreign], check=True, capture_output=True,
                         text=True).stdout.split("\n")
    t_np, want = float(out[0]), [line for line in out[1:] if line]
    limit = 3 * 1024 * 1024  # KiB: 3 GiB of address space
    results = {}
    for name, path in (("foreign", foreign), ("ours", ours)):
        best = None
        for _ in range(1 if name == "foreign" else 3):
            t, proc = timed([a.tool, "print", path, "--slice", "-3:"], limit)
            if proc.returncode != 0:
                sys.exit(f"npy-tool print {name} failed ({proc.returncode}): {proc.stderr.strip()}")
            best = t if best is None else min(best, t)
        got = proc.stdout.split()
        results[name] = (best, got)
        print(f"{name:8}: {best * 1000:9.1f} ms under ulimit -v 3 GiB, printed {got}")
    print(f"numpy   : {t_np * 1000:9.1f} ms uncapped, gives {want}")
    ok = True
    for name, (t, got) in results.items():
        same = got == want
        ok &= same
        print(f"{name}: output {'equals' if same else 'DIFFERS FROM'} NumPy's")
    r = t_np / results["foreign"][0]
    print(f"foreign archive: {r:.2f}x NumPy (target >= 2x): {'PASS' if r >= 2 else 'FAIL'}")
    q = results["ours"][0] / results["foreign"][0]
    print(f"our archive: {q:.4f} of the foreign archive's time (target <= 0.1): {'PASS' if q <= 0.1 else 'FAIL'}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
