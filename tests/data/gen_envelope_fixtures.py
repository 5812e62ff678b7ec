#!/usr/bin/env python3
"""Generate the fixtures of the envelope and density engines and of `npy-tool envelope` / `npy-tool density`
in tests/data/envelope/.

Run with Debian's python (numpy):   /usr/bin/python3 tests/data/gen_envelope_fixtures.py

- series.npy: float64 (1003,) noise with NaN (one whole run of them), +Inf and -Inf, a spike and repeated extremes.
- mixed.npz (compressed): `i8` int64, `be` big-endian int32, `u1` uint8, `b` bool, `f2` float16, `f4` float32 with
  NaN, `t` datetime64[s] with NaT, `cloud` float64 (500, 3) with NaN, `fcloud` the same in Fortran order, `rec` a
  record array (t int64, x big-endian float32, y float64) with NaN, `c` complex (refused).
- stored.npz (np.savez, stored): `x`, `y` float64 (800,) holding values on the bin edges of the density cases (the
  first, the last and inner ones), `cloud` float64 (800, 2), `ints` int16 (800,).
- expected.json: "envelope": per case the blocks NumPy gives (block i = [i*n//N, (i+1)*n//N), np.nanmin, np.nanmax,
  np.nanargmin, np.nanargmax, the first and last sample; NaN as null; datetimes as their int64 counts, NaT as NaN);
  "density": per case np.histogram2d(x, y, bins=(W, H), range=R)[0] as integers, with R the given range or, without
  one, ((nanmin x, nanmax x), (nanmin y, nanmax y)) widened by 0.5 when equal (NumPy's own default when there is no
  NaN), and the points left out with a NaN and outside the range.
"""
import json
import os
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "envelope")


def as_float(a):
    """Samples as the engine reads them: datetimes as their counts, NaT as NaN."""
    if a.dtype.kind in "mM":
        v = a.view("i8").astype(np.float64)
        v[np.isnat(a)] = np.nan
        return v
    return a.astype(np.float64)


def num(v):
    v = float(v)
    if np.isnan(v):
        return None
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def envelope(a, bins, begin=0, end=None):
    v = as_float(a)
    end = len(v) if end is None else end
    n = end - begin
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(bins):
            s, e = begin + i * n // bins, begin + (i + 1) * n // bins
            b = v[s:e]
            if len(b) == 0 or np.all(np.isnan(b)):
                out.append([s, e, None, None, -1, -1, num(b[0]) if len(b) else None, num(b[-1]) if len(b) else None])
                continue
            out.append([s, e, num(np.nanmin(b)), num(np.nanmax(b)), s + int(np.nanargmin(b)),
                        s + int(np.nanargmax(b)), num(b[0]), num(b[-1])])
    return out


def density(x, y, bins, rng):
    x, y = as_float(x), as_float(y)
    if rng is None:
        r = []
        for v in (x, y):
            lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
            if lo == hi:
                lo, hi = lo - 0.5, hi + 0.5
            r.append((lo, hi))
        if not (np.isnan(x).any() or np.isnan(y).any()):
            h0 = np.histogram2d(x, y, bins=bins)[0]  # NumPy's own range: the same
            assert (h0 == np.histogram2d(x, y, bins=bins, range=r)[0]).all()
    else:
        r = rng
    h = np.histogram2d(x, y, bins=bins, range=r)[0]
    nan = np.isnan(x) | np.isnan(y)
    inside = ~nan & (x >= r[0][0]) & (x <= r[0][1]) & (y >= r[1][0]) & (y <= r[1][1])
    assert int(h.sum()) == int(inside.sum())
    return h.astype(np.int64), int(nan.sum()), int((~nan & ~inside).sum())


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(23)

    s = rng.normal(size=1003)
    s[::37] = np.nan
    s[400:460] = np.nan          # a run covering whole blocks at 64 bins and more
    s[17] = np.inf
    s[901] = -np.inf
    s[123] = 25.0                # the spike
    s[500] = s[700] = -7.5       # a repeated minimum: the first one counts
    s[0] = np.nan                # the first sample NaN
    np.save(os.path.join(OUT, "series.npy"), s)

    i8 = rng.integers(-10**12, 10**12, size=997, dtype=np.int64)
    be = rng.integers(-1000, 1000, size=1000).astype(">i4")
    u1 = rng.integers(0, 256, size=301).astype(np.uint8)
    b = rng.random(257) < 0.3
    f2 = rng.normal(size=333).astype(np.float16)
    f2[::50] = np.nan
    f4 = rng.normal(size=999).astype(np.float32)
    f4[5::11] = np.nan
    t = (np.datetime64("2024-01-01T00:00:00") + rng.integers(0, 10**8, size=450).astype("m8[s]")).astype("M8[s]")
    t[::13] = np.datetime64("NaT")
    cloud = rng.normal(size=(500, 3))
    cloud[::17, 1] = np.nan
    rec = np.zeros(700, dtype=[("t", "<i8"), ("x", ">f4"), ("y", "<f8")])
    rec["t"] = np.arange(700) * 3
    rec["x"] = rng.normal(size=700)
    rec["y"] = rng.normal(size=700) * 10
    rec["x"][::29] = np.nan
    c = (rng.normal(size=10) + 1j).astype(np.complex128)
    np.savez_compressed(os.path.join(OUT, "mixed.npz"), i8=i8, be=be, u1=u1, b=b, f2=f2, f4=f4, t=t, cloud=cloud,
                        fcloud=np.asfortranarray(cloud), rec=rec, c=c)

    # Values on the bin edges of the density cases: np.linspace's edges themselves, and the range's ends.
    x = rng.uniform(-2, 3, size=800)
    y = rng.uniform(10, 11, size=800)
    x[:8] = np.linspace(-2, 3, 8)
    x[8:16] = np.linspace(-1, 1, 8)
    y[:6] = np.linspace(10, 11, 6)
    y[6:12] = np.linspace(10.25, 10.75, 6)
    x[100] = x.min() - 1
    y[200] = y.max() + 1
    ints = rng.integers(-50, 50, size=800).astype(np.int16)
    np.savez(os.path.join(OUT, "stored.npz"), x=x, y=y, cloud=np.stack([x, y], axis=1), ints=ints)

    env = []

    def add_env(file, member, field, column, a, bins):
        env.append({"file": file, "member": member, "field": field, "column": column, "bins": bins,
                    "blocks": envelope(a, bins)})

    for bins in (1, 7, 64, 1003, 1010):
        add_env("series.npy", None, None, -1, s, bins)
    for name, a in [("i8", i8), ("be", be), ("u1", u1), ("b", b), ("f2", f2), ("f4", f4), ("t", t)]:
        for bins in (1, 10, 97):
            add_env("mixed.npz", name, None, -1, a, bins)
    for col in range(3):
        add_env("mixed.npz", "cloud", None, col, cloud[:, col], 33)
        add_env("mixed.npz", "fcloud", None, col, cloud[:, col], 33)
    for field in ("t", "x", "y"):
        add_env("mixed.npz", "rec", field, -1, rec[field], 21)
    add_env("stored.npz", "cloud", None, 1, np.stack([x, y], axis=1)[:, 1], 50)
    ranges = [{"file": "series.npy", "begin": bgn, "end": e, "bins": bins, "blocks": envelope(s, bins, bgn, e)}
              for bgn, e, bins in [(0, 1003, 13), (100, 150, 7), (390, 470, 9), (995, 1003, 3), (10, 11, 4)]]

    dens = []

    def add_dens(file, xs, ys, xv, yv, bins, rng_):
        h, nan, outside = density(xv, yv, bins, rng_)
        dens.append({"file": file, "x": xs, "y": ys, "bins": list(bins), "range": rng_, "counts": h.tolist(),
                     "nan": nan, "outside": outside})

    add_dens("stored.npz", "x", "y", x, y, (7, 5), ((-2, 3), (10, 11)))
    add_dens("stored.npz", "x", "y", x, y, (16, 16), ((-1, 1), (10.25, 10.75)))
    add_dens("stored.npz", "x", "y", x, y, (9, 4), None)
    add_dens("stored.npz", "cloud:0", "cloud:1", x, y, (7, 5), ((-2, 3), (10, 11)))
    add_dens("stored.npz", "ints", "x", ints, x, (10, 3), None)
    add_dens("stored.npz", "ints", "ints", ints, ints, (4, 4), ((-10, 10), (0, 0.5)))
    add_dens("mixed.npz", "cloud:0", "cloud:1", cloud[:, 0], cloud[:, 1], (8, 6), ((-2, 2), (-2, 2)))
    add_dens("mixed.npz", "fcloud:2", "cloud:1", cloud[:, 2], cloud[:, 1], (5, 5), None)
    add_dens("mixed.npz", "rec.x", "rec.y", rec["x"], rec["y"], (6, 7), None)
    add_dens("mixed.npz", "rec.t", "rec.y", rec["t"], rec["y"], (3, 3), ((0, 1000), (-5, 5)))

    doc = {"generator": "tests/data/gen_envelope_fixtures.py", "numpy_version": np.__version__,
           "envelope": env, "ranges": ranges, "density": dens}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote %d envelope cases, %d range cases, %d density cases" % (len(env), len(ranges), len(dens)))


if __name__ == "__main__":
    main()
