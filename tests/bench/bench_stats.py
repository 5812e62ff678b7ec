#!/usr/bin/env python3
"""Benchmark: `npy-tool stats` against NumPy on a 128 MiB float32 .npy, measured in one run.

NumPy's side is np.load + nanmin, nanmax, nanmean, nanstd, isnan().sum(), isinf().sum(), run in
its own process; ours is the npy-tool process. Both read a warm page cache. Prints the time
ratio (target: npy-tool at least 1.5x faster) and npy-tool's peak RSS (target: under 64 MiB).

    /usr/bin/python3 tests/bench/bench_stats.py [path/to/npy-tool]
"""
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

NUMPY_SIDE = r"""
import sys, time, resource
import numpy as np
t0 = time.perf_counter()
a = np.load(sys.argv[1])
r = (np.nanmin(a), np.nanmax(a), np.nanmean(a), np.nanstd(a), int(np.isnan(a).sum()), int(np.isinf(a).sum()))
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, *r)
"""


def child_peak_kib(run):
    """Runs `run` (a subprocess call) in a fork so that RUSAGE_CHILDREN covers only it."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        t0 = time.perf_counter()
        out = run()
        dt = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        os.write(w, f"{dt} {peak}\n".encode() + out)
        os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    head, _, rest = data.partition(b"\n")
    dt, peak = head.split()
    return float(dt), int(peak), rest.decode()


def main():
    if not os.path.exists(TOOL):
        sys.exit(f"npy-tool not found at {TOOL}; build first (scripts/test.sh)")
    rng = np.random.default_rng(1)
    n = 128 * 1024 * 1024 // 4
    a = rng.standard_normal(n, dtype=np.float32) * 3 + 10
    a[::1000] = np.nan
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "field.npy")
        np.save(path, a)
        del a
        best_np, best_ours = None, None
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", NUMPY_SIDE, path], check=True, capture_output=True,
                                 text=True).stdout.split()
            t_np, rss_np = float(out[0]), int(out[1])
            best_np = t_np if best_np is None else min(best_np, t_np)
            t_ours, peak_ours, text = child_peak_kib(
                lambda: subprocess.run([TOOL, "stats", path], check=True, capture_output=True).stdout)
            best_ours = t_ours if best_ours is None else min(best_ours, t_ours)
        print(f"numpy   : {best_np * 1000:8.1f} ms  (peak RSS {rss_np / 1024:.0f} MiB)  "
              f"min={out[2]} max={out[3]} mean={out[4]} std={out[5]} nan={out[6]} inf={out[7]}")
        print(f"npy-tool: {best_ours * 1000:8.1f} ms  (peak RSS {peak_ours / 1024:.0f} MiB)  {text.strip()}")
        ratio = best_np / best_ours
        print(f"speed-up over NumPy: {ratio:.2f}x (target >= 1.5x): {'PASS' if ratio >= 1.5 else 'FAIL'}")
        print(f"npy-tool peak RSS: {peak_ours / 1024:.1f} MiB (target < 64 MiB): "
              f"{'PASS' if peak_ours < 64 * 1024 else 'FAIL'}")


if __name__ == "__main__":
    main()
