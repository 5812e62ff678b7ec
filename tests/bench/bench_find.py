#!/usr/bin/env python3
"""Benchmark: `npy-tool find --gt X --count` against NumPy on a 128 MiB float32 .npy, in one run.

NumPy's side is len(np.argwhere(np.load(f) > X)) in its own process; ours is the npy-tool process,
which streams the file through a bounded buffer. Both read a warm page cache. Prints the time ratio
(target: npy-tool at least 2x faster) and npy-tool's peak RSS (target: under 64 MiB).

    /usr/bin/python3 tests/bench/bench_find.py [path/to/npy-tool]
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_stats import child_peak_kib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "app", "tool", "npy-tool")
THRESHOLD = "14.5"

NUMPY_SIDE = r"""
import sys, time, resource
import numpy as np
t0 = time.perf_counter()
n = len(np.argwhere(np.load(sys.argv[1]) > float(sys.argv[2])))
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, n)
"""


def main():
    if not os.path.exists(TOOL):
        sys.exit(f"npy-tool not found at {TOOL}; build first (scripts/test.sh)")
    rng = np.random.default_rng(1)
    a = rng.standard_normal(128 * 1024 * 1024 // 4, dtype=np.float32) * 3 + 10
    a[::1000] = np.nan
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "field.npy")
        np.save(path, a)
        del a
        best_np, best_ours = None, None
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", NUMPY_SIDE, path, THRESHOLD], check=True,
                                 capture_output=True, text=True).stdout.split()
            t_np, rss_np, count_np = float(out[0]), int(out[1]), int(out[2])
            best_np = t_np if best_np is None else min(best_np, t_np)
            t_ours, peak_ours, text = child_peak_kib(
                lambda: subprocess.run([TOOL, "find", path, "--gt", THRESHOLD, "--count"], check=True,
                                       capture_output=True).stdout)
            best_ours = t_ours if best_ours is None else min(best_ours, t_ours)
        count_ours = int(text.strip())
        print(f"numpy   : {best_np * 1000:8.1f} ms  (peak RSS {rss_np / 1024:.0f} MiB)  matches={count_np}")
        print(f"npy-tool: {best_ours * 1000:8.1f} ms  (peak RSS {peak_ours / 1024:.0f} MiB)  matches={count_ours}")
        if count_ours != count_np:
            sys.exit("FAIL: the counts differ")
        ratio = best_np / best_ours
        print(f"speed-up over NumPy: {ratio:.2f}x (target >= 2x): {'PASS' if ratio >= 2 else 'FAIL'}")
        print(f"npy-tool peak RSS: {peak_ours / 1024:.1f} MiB (target < 64 MiB): "
              f"{'PASS' if peak_ours < 64 * 1024 else 'FAIL'}")


if __name__ == "__main__":
    main()
