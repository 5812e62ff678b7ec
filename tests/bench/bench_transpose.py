#!/usr/bin/env python3
"""Benchmark: the transpose of a 2 GiB memory-mapped float32 .npy written to disk, against NumPy.

NumPy's side (its own process): np.save(OUT, np.ascontiguousarray(np.load(IN, mmap_mode='r').T)).
Ours: `npy-tool convert IN OUT --transpose a --order C` (the same bytes: the transposed array in C
order). Both read a warm page cache and write through it to the same disk; best of two runs each, the
outputs compared byte for byte. While npy-tool runs, its /proc status is sampled every 10 ms for the
peak of its anonymous memory (RssAnon: what the copy holds) apart from the pages of the mapped input
(RssFile, page cache shared with every reader of the file). Prints the speed ratio (target: npy-tool at
least 0.5x NumPy's speed) and npy-tool's peak RssAnon (target: under 50 MiB besides the mapped pages).
Also times `--transpose a` alone, which np.save writes as the same bytes flagged fortran_order.

    /usr/bin/python3 tests/bench/bench_transpose.py [path/to/npy-tool]

Needs about 6 GiB of free disk in the temporary folder ($TMPDIR).
"""
import filecmp
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "app", "tool", "npy-tool")
SIDE = 23170  # 23170^2 float32 = 2.0 GiB

NUMPY_SIDE = r"""
import sys, time, resource
import numpy as np
t0 = time.perf_counter()
a = np.load(sys.argv[1], mmap_mode="r")
np.save(sys.argv[2], np.ascontiguousarray(a.T))
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def status_kib(pid, keys):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                name, _, value = line.partition(":")
                if name in keys:
                    out[name] = int(value.split()[0])
    except OSError:
        pass
    return out


def run_sampled(command, env=None):
    """Runs `command`, its /proc status sampled every 10 ms; returns seconds, the peaks of RssAnon and RssFile
    (KiB) seen while it ran, and its standard output. Exits the benchmark when it fails."""
    t0 = time.perf_counter()
    p = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = {"RssAnon": 0, "RssFile": 0}
    while p.poll() is None:
        s = status_kib(p.pid, ("RssAnon", "RssFile"))
        for k, v in s.items():
            peak[k] = max(peak[k], v)
        time.sleep(0.01)
    dt = time.perf_counter() - t0
    out = p.stdout.read().decode()
    err = p.stderr.read().decode()
    if p.returncode != 0:
        sys.exit(f"{os.path.basename(command[0])} failed: {err}")
    return dt, peak["RssAnon"], peak["RssFile"], out


def run_tool(args):
    """Runs npy-tool; returns seconds and the peaks of RssAnon and RssFile (KiB) sampled while it ran."""
    dt, anon, mapped, _ = run_sampled([TOOL] + args)
    return dt, anon, mapped


def run_numpy(src, out):
    """NumPy's side in its own process: seconds and its peak RSS (KiB, ru_maxrss)."""
    fields = subprocess.run([sys.executable, "-c", NUMPY_SIDE, src, out], check=True, capture_output=True,
                            text=True).stdout.split()
    return float(fields[0]), int(fields[1])


def make_input(path):
    a = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(SIDE, SIDE))
    cols = np.arange(SIDE, dtype=np.float32)
    for i in range(0, SIDE, 1024):
        rows = min(1024, SIDE - i)
        a[i:i + rows] = np.arange(i, i + rows, dtype=np.float32)[:, None] * np.float32(1e-3) + cols[None, :]
    a.flush()
    del a


def warm(path):
    with open(path, "rb") as f:
        while f.read(64 << 20):
            pass


def main():
    if not os.path.exists(TOOL):
        sys.exit(f"npy-tool not found at {TOOL}; build first (scripts/build.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "a.npy")
        ours = os.path.join(tmp, "ours.npy")
        theirs = os.path.join(tmp, "numpy.npy")
        make_input(src)
        best_np = best_ours = best_view = None
        anon = mapped = 0
        rss_np = 0
        for _ in range(2):
            for path in (ours, theirs):
                if os.path.exists(path):
                    os.remove(path)
            warm(src)
            t_np, rss_np = run_numpy(src, theirs)
            best_np = t_np if best_np is None else min(best_np, t_np)
            warm(src)
            t, a, m = run_tool(["convert", src, ours, "--transpose", "a", "--order", "C"])
            best_ours = t if best_ours is None else min(best_ours, t)
            anon, mapped = max(anon, a), max(mapped, m)
        same = filecmp.cmp(ours, theirs, shallow=False)
        os.remove(theirs)
        os.remove(ours)
        for _ in range(2):
            if os.path.exists(ours):
                os.remove(ours)
            t, _, _ = run_tool(["convert", src, ours, "--transpose", "a"])
            best_view = t if best_view is None else min(best_view, t)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"input: {SIDE}x{SIDE} float32 ({os.path.getsize(src) / 2**30:.2f} GiB), memory-mapped, warm cache")
        print(f"numpy   np.save(ascontiguousarray(a.T)): {best_np:7.2f} s  (peak RSS {rss_np / 1024:.0f} MiB)")
        print(f"npy-tool convert --transpose --order C : {best_ours:7.2f} s  "
              f"(peak RssAnon {anon / 1024:.1f} MiB, mapped input pages RssFile {mapped / 1024:.0f} MiB)  "
              f"{'(same bytes as NumPy)' if same else '(DIFFERS FROM NUMPY)'}")
        print(f"npy-tool convert --transpose (a view, written as fortran_order): {best_view:.2f} s")
        print(f"peak RSS of any child (ru_maxrss, mapped pages included): {children / 1024:.0f} MiB")
        ratio = best_np / best_ours
        print(f"speed against NumPy: {ratio:.2f}x (target >= 0.5x): {'PASS' if ratio >= 0.5 else 'FAIL'}")
        print(f"npy-tool peak RssAnon: {anon / 1024:.1f} MiB (target < 50 MiB besides mapped pages): "
              f"{'PASS' if anon < 50 * 1024 else 'FAIL'}")


if __name__ == "__main__":
    main()
