#!/usr/bin/env python3
"""Benchmark: `npy-tool check` of every member of the deflated bench archive against NumPy's
np.load of every member, measured in one run (issue: streaming at memory speed).

The archive is bench_npz.py's four members (144 MiB raw) written by np.savez_compressed. NumPy's
side runs in its own process (np.load + reading every member, which inflates and CRC-checks it);
ours is the npy-tool process, which inflates every member through the engine's streaming inflater
(ISA-L where present) on every core, checking each CRC, in bounded memory. Prints the time ratio
(target: at least 3x) and npy-tool's peak RSS (target: under 64 MiB).

    /usr/bin/python3 tests/bench/bench_check.py [path/to/npy-tool]
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_npz import arrays  # noqa: E402
from bench_stats import child_peak_kib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "app", "tool", "npy-tool")

NUMPY_SIDE = r"""
import sys, time, resource
import numpy as np
t0 = time.perf_counter()
with np.load(sys.argv[1]) as z:
    n = sum(z[k].nbytes for k in z.files)
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, n)
"""


def main():
    if not os.path.exists(TOOL):
        sys.exit(f"npy-tool not found at {TOOL}; build first (scripts/test.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.npz")
        np.savez_compressed(path, **arrays())
        best_np, best_ours = None, None
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", NUMPY_SIDE, path], check=True, capture_output=True,
                                 text=True).stdout.split()
            t_np, rss_np, nbytes = float(out[0]), int(out[1]), int(out[2])
            best_np = t_np if best_np is None else min(best_np, t_np)
            t_ours, peak_ours, text = child_peak_kib(
                lambda: subprocess.run([TOOL, "check", path], check=True, capture_output=True).stdout)
            best_ours = t_ours if best_ours is None else min(best_ours, t_ours)
        print(f"archive : {os.path.getsize(path) / 2**20:.1f} MiB compressed, {nbytes / 2**20:.0f} MiB raw; "
              f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
        print(f"numpy   : {best_np * 1000:8.1f} ms  (peak RSS {rss_np / 1024:.0f} MiB)")
        print(f"npy-tool: {best_ours * 1000:8.1f} ms  (peak RSS {peak_ours / 1024:.0f} MiB)  {text.strip()}")
        ratio = best_np / best_ours
        print(f"speed-up over NumPy: {ratio:.2f}x (target >= 3x): {'PASS' if ratio >= 3 else 'FAIL'}")
        print(f"npy-tool peak RSS: {peak_ours / 1024:.1f} MiB (target < 64 MiB): "
              f"{'PASS' if peak_ours < 64 * 1024 else 'FAIL'}")


if __name__ == "__main__":
    main()
