#!/usr/bin/env python3
"""Benchmark: `npy-tool density` of 10^7 points from a stored .npz against np.histogram2d and NumPy's fastest
idiom (np.bincount of the flattened bin index), all measured in one run.

The archive (np.savez: stored) holds `x` and `y`, float64 (10^7,). NumPy's sides run in fresh processes and are
timed from np.load to the counts (start-up not counted); ours is the whole npy-tool process, writing its .npy.
Both read a warm page cache, over the data's own range (no --range: a pass for the extremes first, as
np.histogram2d does). Checks that the counts are np.histogram2d's, prints the ratios (targets: >= 10x over
np.histogram2d, >= 2x over the bincount idiom) and npy-tool's peak RSS.

    /usr/bin/python3 tests/bench/bench_density.py [path/to/npy-tool]
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

from bench_stats import child_peak_kib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "app", "tool", "npy-tool")
N = 10_000_000
W, H = 512, 384

HIST2D = r"""
import sys, time, resource
import numpy as np
t0 = time.perf_counter()
f = np.load(sys.argv[1])
x, y = f['x'], f['y']
h = np.histogram2d(x, y, bins=(%d, %d))[0]
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
np.save(sys.argv[2], h.astype(np.int64))
""" % (W, H)

BINCOUNT = r"""
import sys, time, resource
import numpy as np
W, H = %d, %d
t0 = time.perf_counter()
f = np.load(sys.argv[1])
x, y = f['x'], f['y']
x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
ix = ((x - x0) * (W / (x1 - x0))).astype(np.intp)
np.minimum(ix, W - 1, out=ix)
iy = ((y - y0) * (H / (y1 - y0))).astype(np.intp)
np.minimum(iy, H - 1, out=iy)
ix *= H
ix += iy
c = np.bincount(ix, minlength=W * H).reshape(W, H)
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""" % (W, H)


def numpy_side(script, *args):
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True).stdout
    t, rss = out.split()[:2]
    return float(t), int(rss)


def main():
    if not os.path.exists(TOOL):
        sys.exit(f"npy-tool not found at {TOOL}; build first (scripts/build.sh)")
    rng = np.random.default_rng(3)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "points.npz")
        x = rng.standard_normal(N)
        y = x * 0.5 + rng.standard_normal(N)
        np.savez(path, x=x, y=y)
        del x, y
        ref = os.path.join(tmp, "ref.npy")
        out = os.path.join(tmp, "counts.npy")
        subprocess.run(["cat", path], check=True, stdout=subprocess.DEVNULL)
        best = {}
        for _ in range(3):
            for name, script, args in [("histogram2d", HIST2D, [path, ref]), ("bincount", BINCOUNT, [path])]:
                t, rss = numpy_side(script, *args)
                if name not in best or t < best[name][0]:
                    best[name] = (t, rss)
            t, peak, _ = child_peak_kib(lambda: subprocess.run(
                [TOOL, "density", path, "--x", "x", "--y", "y", "--bins", f"{W}x{H}", "--out", out], check=True,
                capture_output=True).stdout)
            if "ours" not in best or t < best["ours"][0]:
                best["ours"] = (t, peak)
        same = (np.load(out) == np.load(ref)).all()
        t_h, t_b, t_o = best["histogram2d"][0], best["bincount"][0], best["ours"][0]
        print(f"np.histogram2d : {t_h * 1000:8.1f} ms  (peak RSS {best['histogram2d'][1] / 1024:.0f} MiB)")
        print(f"np.bincount    : {t_b * 1000:8.1f} ms  (peak RSS {best['bincount'][1] / 1024:.0f} MiB)")
        print(f"npy-tool       : {t_o * 1000:8.1f} ms  (whole process; peak RSS {best['ours'][1] / 1024:.1f} MiB)")
        print(f"counts equal to np.histogram2d's: {'yes' if same else 'NO'}")
        print(f"over np.histogram2d: {t_h / t_o:.2f}x (target >= 10x): {'PASS' if t_h / t_o >= 10 else 'FAIL'}")
        print(f"over np.bincount   : {t_b / t_o:.2f}x (target >= 2x): {'PASS' if t_b / t_o >= 2 else 'FAIL'}")


if __name__ == "__main__":
    main()
