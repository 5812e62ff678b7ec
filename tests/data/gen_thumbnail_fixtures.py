#!/usr/bin/env python3
"""Generate tests/data/thumbnail/: files whose file-manager preview (npy-tool thumbnail) tst_thumbnail checks.

Run with Debian's python (numpy):   /usr/bin/python3 tests/data/gen_thumbnail_fixtures.py

- heat_2d.npy      (60, 90) float64, rising down the rows and across the columns, one NaN: a heatmap
- gray_stack.npy   (5, 30, 40) uint16, frame i holds i * 1000 + its flat index: the first frame's heatmap
- series_1d.npy    (5000,) float32, rising from 0 to 100: a line plot from bottom left to top right
- text_only.npz    strings, bytes and a record array: nothing numeric, no preview
- mixed.npz        a long 1-D series, a (40, 50) int32 grid and strings: the grid's heatmap (2-D before 1-D)
- picture_and_grid.npz  a (20, 24, 3) uint8 picture and a larger (100, 100) float32 grid: the picture
(The colour pictures and stacks of tests/data/picture serve too.)
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "thumbnail")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npy") or f.endswith(".npz"):
            os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(27)
    heat = np.add.outer(np.linspace(0.0, 1.0, 60), np.linspace(0.0, 2.0, 90))
    heat[7, 11] = np.nan
    np.save(os.path.join(OUT, "heat_2d.npy"), heat)
    stack = (np.arange(5, dtype=np.uint16)[:, None, None] * 1000 + np.arange(1200, dtype=np.uint16).reshape(30, 40))
    np.save(os.path.join(OUT, "gray_stack.npy"), stack)
    np.save(os.path.join(OUT, "series_1d.npy"), (np.linspace(0.0, 10.0, 5000) ** 2).astype(np.float32))
    records = np.array([(1, 2.5), (3, 4.5)], dtype=[("i", "<i4"), ("f", "<f8")])
    np.savez(os.path.join(OUT, "text_only.npz"), names=np.array(["alpha", "beta", "gamma"]),
             blobs=np.array([b"x", b"yz"]), records=records)
    np.savez_compressed(os.path.join(OUT, "mixed.npz"), series=rng.standard_normal(4000),
                        grid=np.arange(2000, dtype=np.int32).reshape(40, 50), labels=np.array(["a", "b"]))
    np.savez(os.path.join(OUT, "picture_and_grid.npz"),
             grid=rng.standard_normal((100, 100)).astype(np.float32),
             picture=rng.integers(0, 256, size=(20, 24, 3), dtype=np.uint8))


if __name__ == "__main__":
    main()
