#!/usr/bin/env python3
"""Generate tests/data/xyplot/xy.npz: series to plot one against another (tst_xyplot, the Plot tab's X Axis).

Run with Debian's python (numpy):  /usr/bin/python3 tests/data/gen_xyplot_fixtures.py
The tests need neither: they read the committed file (and ask NumPy for np.histogram2d counts when it is there).

xy.npz (np.savez, stored), every 1-D member 600 long unless said:
- v: float64, a noisy sine, NaN at index 100;
- stamps: datetime64[s] from 2024-03-01T06:00:00, sorted, with gaps and ties (steps of 0 to 89 s, one gap of
  six hours): not a coordinate (not strictly increasing), but sorted: a line;
- u: float64, normal, not sorted: a scatter;
- n: int32, a shuffled range;
- cloud: (5000, 3) float64, a normal point cloud (its columns 0 and 2 correlated);
- rec: records ('when' <M8[ms] sorted, 'a' <f8 not sorted, 'b' <f4);
- short: (10,) float64, labels: (600,) <U4 (not offered as x: another length, text).
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xyplot")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npz"):
            os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(2023)
    n = 600
    v = np.sin(np.arange(n) / 40.0) + rng.normal(scale=0.1, size=n)
    v[100] = np.nan
    steps = rng.integers(0, 90, size=n)
    steps[300] = 6 * 3600
    stamps = (np.datetime64("2024-03-01T06:00:00", "s") + np.cumsum(steps).astype("m8[s]")).astype("M8[s]")
    u = rng.normal(size=n)
    ints = rng.permutation(n).astype(np.int32)
    cloud = rng.normal(size=(5000, 3))
    cloud[:, 2] = cloud[:, 0] * 0.8 + cloud[:, 2] * 0.3
    rec = np.zeros(n, dtype=[("when", "<M8[ms]"), ("a", "<f8"), ("b", "<f4")])
    rec["when"] = (np.datetime64("2024-03-01T00:00:00", "ms") + np.cumsum(rng.integers(1, 500, size=n)).astype("m8[ms]"))
    rec["a"] = rng.normal(size=n)
    rec["b"] = np.cos(np.arange(n) / 30.0).astype(np.float32)
    short = np.arange(10.0)
    labels = np.array(["x%03d" % i for i in range(n)], dtype="<U4")
    np.savez(os.path.join(OUT, "xy.npz"), v=v, stamps=stamps, u=u, n=ints, cloud=cloud, rec=rec, short=short,
             labels=labels)
    print("wrote", os.path.join(OUT, "xy.npz"))


if __name__ == "__main__":
    main()
