#!/usr/bin/env python3
"""Generate the fixtures of `npy-tool print` (and core's selectElements) in tests/data/print/.

Run with Debian's python (numpy):   /usr/bin/python3 tests/data/gen_print_fixtures.py

A big-endian int32 (4, 5, 6) array in C order (c.npy) and Fortran order (f.npy), the same two as members of a
compressed archive (p.npz, with a 0-d float member `s`), and a float64 (7,) with NaN; expected.json holds, for each
basic index, NumPy's result shape and the text npy-tool prints: str() of each element, a row of the last axis per
line, tab-separated (one element per line for 0-d and 1-D results). rec.npy is a record array with a field of each
kind (floats of every size, complex, bool, str, bytes, int, datetime, timedelta, a subarray, a nested record), whose
str() quotes strings and formats floats as NumPy's array printer does ((0., 0.1, False, 'pt0000', ...)).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "print")
SPECS = ["", "1", "-1,2", ":,::2", "1:3,::-1,4", "::-2,1:4,-3:", "2,3,4", ":,:,-3:", "-3:", "::-1", "5:1", "1:100:3"]


def index_of(spec, ndim):
    """The tuple of ints and slices a basic-index text means (no eval)."""
    parts = [p.strip() for p in spec.split(",")] if spec else []
    out = []
    for p in parts:
        if ":" in p:
            f = [int(x) if x.strip() else None for x in p.split(":")]
            out.append(slice(*f))
        else:
            out.append(int(p))
    return tuple(out)


def text_of(r):
    r = np.asarray(r)
    if r.ndim <= 1:
        return "".join(str(x) + "\n" for x in r.reshape(-1))
    return "".join("\t".join(str(x) for x in row) + "\n" for row in r.reshape(-1, r.shape[-1]))


def records():
    dt = [("x", "<f8"), ("y", "<f4"), ("b", "?"), ("s", "<U6"), ("by", "S3"), ("i", "<i4"), ("d", "<M8[D]"),
          ("c", "<c16"), ("h", "<f2"), ("m", "<i2", (2,)), ("n", [("p", "<f8"), ("q", "<u1")]), ("t", "<m8[s]"),
          ("f", ">f8", (3,)), ("g", "<f8")]
    a = np.zeros(5, dtype=dt)
    a["x"] = [0, 1.5, 1e20, -0.0, 123456.789]
    a["y"] = [0.1, np.nan, -np.inf, 1e-5, 3]
    a["s"] = ["pt0000", "a'b", "", "\u00e9\"'", "x"]
    a["by"] = [b"ab", b"\x00\xff", b"", b"\\", b"q"]
    a["i"] = [1, -2, 3, 4, -2147483648]
    a["d"] = ["2020-01-01", "NaT", "1970-01-01", "2000-02-29", "1900-03-01"]
    a["c"] = [0, 1 + 2j, np.nan, -1 - 1e9j, 0.5j]
    a["h"] = [0.5, 65504, 1e-7, 0.1, -2]
    a["m"] = [[1, 2], [3, 40], [-5, 6], [7, 8], [0, 0]]
    a["n"] = [(1.0, 2), (0.25, 3), (3, 4), (1e-9, 0), (-1, 255)]
    a["t"] = [5, -1, 0, np.timedelta64("NaT"), 86400]
    a["f"] = [[1.5, 2, 3], [0.1, 0.25, 100], [np.nan, 1, 2], [1e9, 1, 2], [-0.5, 0, 1e-5]]
    a["g"] = [0.123456789012, 12345678.9, 99999999.5, 1 / 3, 1e-4]
    return a


def main():
    os.makedirs(OUT, exist_ok=True)
    a = (np.arange(4 * 5 * 6).reshape(4, 5, 6) * 3 - 7).astype(">i4")
    v = np.array([0.5, np.nan, -np.inf, 1e300, -0.0, 2.25, 7.0])
    np.save(os.path.join(OUT, "c.npy"), a)
    np.save(os.path.join(OUT, "f.npy"), np.asfortranarray(a))
    np.save(os.path.join(OUT, "v.npy"), v)
    np.savez_compressed(os.path.join(OUT, "p.npz"), c=a, f=np.asfortranarray(a), s=np.float64(2.5))
    cases = []
    for file, member, arr in [("c.npy", None, a), ("f.npy", None, a), ("p.npz", "c", a), ("p.npz", "f", a)]:
        for spec in SPECS:
            r = arr[index_of(spec, arr.ndim)]
            cases.append({"file": file, "member": member, "slice": spec, "shape": list(np.shape(r)),
                          "text": text_of(r)})
    for spec in ["", "1:", "::-2", "3"]:
        cases.append({"file": "v.npy", "member": None, "slice": spec, "shape": list(np.shape(v[index_of(spec, 1)])),
                      "text": text_of(v[index_of(spec, 1)])})
    cases.append({"file": "p.npz", "member": "s", "slice": "", "shape": [], "text": "2.5\n"})
    rec = records()
    np.save(os.path.join(OUT, "rec.npy"), rec)
    for spec in ["", "1:3", "-1"]:
        r = rec[index_of(spec, 1)]
        cases.append({"file": "rec.npy", "member": None, "slice": spec, "shape": list(np.shape(r)), "text": text_of(r)})
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "tests/data/gen_print_fixtures.py", "numpy_version": np.__version__,
                   "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote %d cases" % len(cases))


if __name__ == "__main__":
    main()
