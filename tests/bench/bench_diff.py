#!/usr/bin/env python3
"""Benchmark: `npy-tool diff` against NumPy on two 128 MiB float32 .npy files with 1% of elements changed.

NumPy's side (its own process): two np.load, np.isclose (exact: rtol = atol = 0), the count of
differing elements and the argmax of |a - b|. Ours: the npy-tool process, `npy-tool diff A B -q`
and, for the figures, `--json`. Both read a warm page cache; best of three runs each. Prints the
time ratio (target: npy-tool at least 2x faster) and both peak RSS (target: npy-tool under 64 MiB).

    /usr/bin/python3 tests/bench/bench_diff.py [path/to/npy-tool]
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_stats import child_peak_kib  # noqa: E402  (the same fork-and-measure helper)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "app", "tool", "npy-tool")

NUMPY_SIDE = r"""
import sys, time, resource
import numpy as np
t0 = time.perf_counter()
a = np.load(sys.argv[1])
b = np.load(sys.argv[2])
differ = ~np.isclose(a, b, rtol=0.0, atol=0.0)
count = int(np.count_nonzero(differ))
i = int(np.argmax(np.abs(a - b)))
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, count, i)
"""


def main():
    if not os.path.exists(TOOL):
        sys.exit(f"npy-tool not found at {TOOL}; build first (scripts/build.sh)")
    rng = np.random.default_rng(2)
    n = 128 * 1024 * 1024 // 4
    a = rng.standard_normal(n, dtype=np.float32)
    b = a.copy()
    changed = rng.choice(n, n // 100, replace=False)
    b[changed] += rng.uniform(0.5, 1.5, changed.size).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        pa, pb = os.path.join(tmp, "a.npy"), os.path.join(tmp, "b.npy")
        np.save(pa, a)
        np.save(pb, b)
        del a, b
        best_np = best_ours = None
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", NUMPY_SIDE, pa, pb], check=True, capture_output=True,
                                 text=True).stdout.split()
            t_np, rss_np = float(out[0]), int(out[1])
            best_np = t_np if best_np is None else min(best_np, t_np)
            t_ours, peak_ours, _ = child_peak_kib(
                lambda: subprocess.run([TOOL, "diff", pa, pb, "-q"], capture_output=True).stdout)
            best_ours = t_ours if best_ours is None else min(best_ours, t_ours)
        report = json.loads(subprocess.run([TOOL, "diff", pa, pb, "--json", "--count", "0"], capture_output=True,
                                           text=True).stdout)["members"][0]
        agree = report["count"] == int(out[2]) and report["max_abs"]["index"] == [int(out[3])]
        print(f"numpy   : {best_np * 1000:8.1f} ms  (peak RSS {rss_np / 1024:.0f} MiB)  count={out[2]} argmax={out[3]}")
        print(f"npy-tool: {best_ours * 1000:8.1f} ms  (peak RSS {peak_ours / 1024:.0f} MiB)  "
              f"count={report['count']} argmax={report['max_abs']['index']}  "
              f"{'(agrees)' if agree else '(DISAGREES)'}")
        ratio = best_np / best_ours
        print(f"speed-up over NumPy: {ratio:.2f}x (target >= 2x): {'PASS' if ratio >= 2 else 'FAIL'}")
        print(f"npy-tool peak RSS: {peak_ours / 1024:.1f} MiB (target < 64 MiB): "
              f"{'PASS' if peak_ours < 64 * 1024 else 'FAIL'}")


if __name__ == "__main__":
    main()
