#!/usr/bin/env python3
"""Generate the fixtures of the exact histogram (core/histogram) in tests/data/histogram/.

Run with Debian's python (numpy):   /usr/bin/python3 tests/data/gen_histogram_fixtures.py

Each array is saved as NAME.npy; expected.json lists, per case (file, complex part, slice), what
NumPy says of the values the case reads: the counts of NaN (NaT), +Inf and -Inf, the finite
min / max, np.histogram(finite, bins, range=(min, max)) (one bin per integer, range min-0.5 ..
max+0.5, for integer data whose span is below the bin count; [min-0.5, min+0.5] when min == max)
as sparse [bin, count] pairs, and np.percentile of the finite values at a few p, plus the same
percentiles of the positive values (what a log colour scale looks at).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "histogram")
BINS = 4096
PERCENTILES = [0, 0.1, 1, 25, 50, 75, 99, 99.9, 100]


def arrays():
    rng = np.random.default_rng(20261201)
    a = {}
    f = rng.normal(3.0, 2.0, size=(120, 170))
    f[5, 7] = np.nan
    f[9, 100:104] = np.nan
    f[0, 0] = np.inf
    f[11, 3] = -np.inf
    f[50, 50] = 1e3  # an outlier that stretches the range
    a["floats"] = f
    cube = rng.lognormal(0.0, 1.5, size=(6, 40, 50)).astype(">f4")
    cube[2, 3, 4] = np.nan
    cube[4, :, 10] = -1.0
    a["cube_be"] = cube
    a["small_ints"] = rng.integers(-300, 900, size=(80, 90)).astype("<i2")
    a["wide_ints"] = (rng.integers(-2**40, 2**40, size=(64, 64))).astype("<i8")
    a["bytes"] = rng.integers(0, 256, size=(100, 100)).astype("u1")
    a["flat"] = np.full((10, 12), 2.5)
    c = (rng.normal(0, 1, size=(60, 70)) + 1j * rng.normal(1, 3, size=(60, 70))).astype("<c8")
    a["complex"] = c
    d = (np.datetime64("2020-01-01T00:00:00") + rng.integers(0, 86400 * 365, size=(30, 40)).astype("m8[s]"))
    d = d.astype("M8[s]")
    d[1, 2] = np.datetime64("NaT")
    a["dates"] = d
    return a


def values_of(arr, part, sl):
    x = arr[sl] if sl is not None else arr
    if x.dtype.kind == "c":
        # The engine reads each part in double precision (hypot, atan2 of the widened parts).
        x = x.astype(np.complex128)
        x = {"real": x.real, "imag": x.imag, "magnitude": np.abs(x), "phase": np.angle(x)}[part]
    if x.dtype.kind == "M":
        nat = np.isnat(x)
        v = x.astype("i8").astype(np.float64)
        v[nat] = np.nan
        return v.ravel()
    return x.astype(np.float64).ravel()


def histogram_case(name, arr, part=None, sl=None, slice_spec=None):
    v = values_of(arr, part, sl)
    finite = v[np.isfinite(v)]
    lo, hi = float(finite.min()), float(finite.max())
    integer = arr.dtype.kind in "iubM"
    if integer and hi - lo < BINS:
        n = int(hi - lo) + 1
        rng_ = (lo - 0.5, hi + 0.5)
        unit = True
    else:
        n = BINS
        rng_ = (lo - 0.5, hi + 0.5) if lo == hi else (lo, hi)
        unit = False
    counts, edges = np.histogram(finite, bins=n, range=rng_)
    pos = finite[finite > 0]
    case = {
        "file": name + ".npy",
        "part": part or "",
        "slice": slice_spec,
        "count": int(v.size),
        "nan": int(np.isnan(v).sum()),
        "posinf": int(np.isposinf(v).sum()),
        "neginf": int(np.isneginf(v).sum()),
        "nonpositive": int((finite <= 0).sum()),
        "min": lo,
        "max": hi,
        "minpositive": float(pos.min()) if pos.size else None,
        "bins": n,
        "low": float(edges[0]),
        "high": float(edges[-1]),
        "unit": unit,
        "counts": [[int(i), int(c)] for i, c in enumerate(counts) if c],
        "percentiles": [[p, float(np.percentile(finite, p))] for p in PERCENTILES],
        "log_percentiles": [[p, float(np.percentile(pos, p))] for p in PERCENTILES] if pos.size else [],
    }
    return case


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    a = arrays()
    for name, arr in a.items():
        np.save(os.path.join(OUT, name + ".npy"), arr)
    cases = []
    for name in ["floats", "small_ints", "wide_ints", "bytes", "flat", "dates"]:
        cases.append(histogram_case(name, a[name]))
    for part in ["real", "imag", "magnitude", "phase"]:
        cases.append(histogram_case("complex", a["complex"], part))
    cases.append(histogram_case("cube_be", a["cube_be"]))
    # One 2-D slice of the cube: rows along axis 1, columns along axis 2, index 4 on axis 0.
    cases.append(histogram_case("cube_be", a["cube_be"], None, (4, slice(None), slice(None)),
                                {"rowAxis": 1, "colAxis": 2, "index": [4, 0, 0]}))
    # A transposed slice (rows along axis 2) reads the same values.
    cases.append(histogram_case("cube_be", a["cube_be"], None, (2, slice(None), slice(None)),
                                {"rowAxis": 2, "colAxis": 1, "index": [2, 0, 0]}))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"bins": BINS, "cases": cases}, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
