#!/usr/bin/env python3
"""Generate the fixtures of `npy-tool find` and `npy-tool render --size/--reduce` in tests/data/findreduce/.

Run with Debian's python (numpy and matplotlib):   /usr/bin/python3 tests/data/gen_find_reduce_fixtures.py

- values.npy: float64 (7, 9) with NaN, +Inf and -Inf; ints.npz: a compressed archive whose member `cube` is a
  big-endian int32 (4, 5, 6) array and `fcube` the same values in Fortran order; spiky.npy: float32 (97, 131) noise
  with spikes and a few NaN (never a whole block of them).
- expected.json: for each find case, np.argwhere's indexes (C order), the count, and np.nanargmax / np.nanargmin as an
  N-d index; for each render case, the PNG that plt.imsave writes for NumPy's exact block reduction (output row r
  covers input rows r*H//h .. (r+1)*H//h - 1, at least one; columns likewise), coloured with vmin/vmax the reduced
  picture's nanmin/nanmax.
"""
import json
import os
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "findreduce")


def find_cases(arr, file, member):
    cases = []
    conds = [
        (["--gt", "2.5"], arr > 2.5),
        (["--ge", "3"], arr >= 3),
        (["--lt", "0"], arr < 0),
        (["--le", "-1"], arr <= -1),
        (["--eq", "3"], arr == 3),
        (["--eq", "3", "--tol", "0.6"], np.abs(arr - 3) <= 0.6),
        (["--ne", "3"], arr != 3),
        (["--between", "-2:2"], (arr >= -2) & (arr <= 2)),
        (["--nan"], np.isnan(arr) if arr.dtype.kind == "f" else np.zeros(arr.shape, bool)),
        (["--inf"], np.isinf(arr) if arr.dtype.kind == "f" else np.zeros(arr.shape, bool)),
        (["--nonfinite"], ~np.isfinite(arr) if arr.dtype.kind == "f" else np.zeros(arr.shape, bool)),
    ]
    for args, mask in conds:
        cases.append({"file": file, "member": member, "args": args, "count": int(mask.sum()),
                      "matches": [list(map(int, i)) for i in np.argwhere(mask)]})
    for flag, fn in [("--max", np.nanargmax), ("--min", np.nanargmin)]:
        idx = np.unravel_index(fn(arr), arr.shape)
        cases.append({"file": file, "member": member, "args": [flag], "count": 1,
                      "matches": [list(map(int, idx))]})
    return cases


def block_reduce(a, h, w, fn):
    H, W = a.shape
    out = np.empty((h, w))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for r in range(h):
            r0 = r * H // h
            r1 = max((r + 1) * H // h, r0 + 1)
            for c in range(w):
                c0 = c * W // w
                c1 = max((c + 1) * W // w, c0 + 1)
                out[r, c] = fn(a[r0:r1, c0:c1].astype(np.float64))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    values = np.array([[1.0, np.nan, 3.0, -2.0, 3.0, 7.5, np.inf, 0.0, -1.0],
                       [2.5, 3.0, -np.inf, 4.0, np.nan, 2.6, -0.5, 3.4, 9.0],
                       [0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
                       [np.nan] * 9,
                       [-3.0, 3.0, -3.0, 3.0, 2.4, 3.6, -2.0, 2.0, 9.0],
                       [1e300, -1e300, 3.0, np.nan, np.inf, -np.inf, 0.5, 3.0, 1.0],
                       [2.0] * 9])
    np.save(os.path.join(OUT, "values.npy"), values)
    cube = (np.arange(4 * 5 * 6).reshape(4, 5, 6) * 7 % 11 - 5).astype(">i4")
    cube[2, 3, 4] = 99
    cube[0, 0, 0] = -40
    np.savez_compressed(os.path.join(OUT, "ints.npz"), cube=cube, fcube=np.asfortranarray(cube))
    cases = find_cases(values, "values.npy", None)
    cases += find_cases(cube, "ints.npz", "cube")
    cases += find_cases(np.asfortranarray(cube), "ints.npz", "fcube")

    rng = np.random.default_rng(11)
    spiky = rng.normal(size=(97, 131)).astype(np.float32)
    spiky[::10, ::10] = 7
    spiky[96, 120:131] = np.arange(1000, 1011)
    spiky[5, 7] = np.nan
    spiky[50, 60:62] = np.nan
    np.save(os.path.join(OUT, "spiky.npy"), spiky)
    renders = []
    fns = {"max": np.nanmax, "min": np.nanmin, "mean": np.nanmean, "absmax": lambda b: np.nanmax(np.abs(b))}
    for name, fn in fns.items():
        for w, h in [(13, 9), (40, 33), (131, 97), (262, 120)]:
            ref = block_reduce(spiky, h, w, fn)
            png = "spiky_%s_%dx%d.png" % (name, w, h)
            plt.imsave(os.path.join(OUT, png), ref, cmap="viridis", vmin=np.nanmin(ref), vmax=np.nanmax(ref))
            renders.append({"file": "spiky.npy", "reduce": name, "size": [w, h], "png": png,
                            "min": repr(float(np.nanmin(ref))), "max": repr(float(np.nanmax(ref)))})
    doc = {"generator": "tests/data/gen_find_reduce_fixtures.py", "numpy_version": np.__version__,
           "matplotlib_version": matplotlib.__version__, "find": cases, "render": renders}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote %d find cases, %d render cases" % (len(cases), len(renders)))


if __name__ == "__main__":
    main()
