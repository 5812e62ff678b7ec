#!/usr/bin/env python3
"""Writes tests/data/diff/: pairs of .npy/.npz files and expected.json, NumPy's answers for `npy-tool diff`.

Each case of expected.json: {"name", "a", "b", "args": [...], "exit": 0|1|2, "members": [{"name", "status",
"count", "max_abs": {"value", "index"} | null}]}. NumPy's rule is np.isclose(a, b, rtol, atol, equal_nan)
(exact with rtol = atol = 0); max |a-b| is np.nanargmax(np.abs(a - b)) with b promoted as isclose promotes it.

    /usr/bin/python3 tests/data/gen_diff_fixtures.py
"""
import json
import os
import struct
import zipfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "diff")


def path(name):
    return os.path.join(OUT, name)


def same_type(a, b):
    def norm(dt):
        return dt.newbyteorder("<") if dt.fields is None else np.dtype([(n, norm(dt.fields[n][0])) for n in dt.names])
    return norm(a.dtype) == norm(b.dtype)


def numeric(dt):
    return dt.kind in "biufc"


def answer(name, a, b, rtol=0.0, atol=0.0, equal_nan=False):
    """NumPy's view of one member pair."""
    if a.shape != b.shape:
        return {"name": name, "status": "incomparable", "count": None, "max_abs": None}
    if a.dtype.fields is not None:
        differ = np.zeros(a.shape, dtype=bool)
        for f in a.dtype.names:
            x, y = a[f], b[f]
            if numeric(x.dtype):
                differ |= ~np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan)
            else:
                differ |= x != y
        best = None
        for f in a.dtype.names:
            if numeric(a[f].dtype):
                y = b[f].astype(np.result_type(b[f], 1.0))
                d = np.abs(a[f] - y).astype(np.float64)
                best = d if best is None else np.fmax(best, d)
        d = best
    elif numeric(a.dtype) and numeric(b.dtype):
        differ = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
        y = b.astype(np.result_type(b, 1.0))
        with np.errstate(invalid="ignore", over="ignore"):
            d = np.abs(a - y)
    elif a.dtype.kind == "M":
        nat = np.isnat(a) | np.isnat(b)
        differ = (a != b) | (nat & ~(equal_nan & np.isnat(a) & np.isnat(b)))
        d = np.where(nat, np.nan, np.abs((a - b).astype(np.int64)).astype(np.float64))
    else:
        differ = a != b
        d = None
    count = int(np.count_nonzero(differ))
    max_abs = None
    if d is not None and d.size and not np.all(np.isnan(d)):
        i = np.unravel_index(np.nanargmax(d), a.shape)
        v = float(d[i])
        max_abs = {"value": v if np.isfinite(v) else ("inf" if v > 0 else "-inf"), "index": [int(k) for k in i]}
    status = "differs" if count or not same_type(a, b) else "same"
    return {"name": name, "status": status, "count": count, "max_abs": max_abs}


CASES = []


def case(name, a, b, args, members, exit_status=None):
    if exit_status is None:
        exit_status = 0 if all(m["status"] == "same" for m in members) else 1
    CASES.append({"name": name, "a": a, "b": b, "args": args, "exit": exit_status, "members": members})


def pair_npy(name, a, b, args=(), **tol):
    np.save(path(name + "_a.npy"), a)
    np.save(path(name + "_b.npy"), b)
    case(name, name + "_a.npy", name + "_b.npy", list(args), [answer(name + "_a", a, b, **tol)])


def only(name, status):
    return {"name": name, "status": status, "count": None, "max_abs": None}


def write_zip_raw(dest, member, payload, compressed, crc):
    """A one-member ZIP whose DEFLATE data is `compressed` (maybe cut short) and whose CRC is `crc`."""
    name = member.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(compressed), len(payload),
                        len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(compressed),
                          len(payload), len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(compressed), 0)
    with open(dest, "wb") as f:
        f.write(local + compressed + central + end)


def npy_bytes(a):
    import io
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):  # renamed fixtures do not linger
        if old.endswith((".npy", ".npz", ".json")):
            os.remove(os.path.join(OUT, old))
    rng = np.random.default_rng(15)

    base = rng.standard_normal((10, 20))
    pair_npy("same", base, base.copy())
    p = base.copy()
    p[2, 3] += 0.5
    p[7, 11] -= 2.25
    p[9, 19] += 1e-12
    pair_npy("perturbed", base, p)

    f = rng.standard_normal(1000).astype(np.float32)
    g = f.copy()
    g[[5, 500, 999]] += np.float32(0.1)
    pair_npy("float32", f, g)

    # Two equal largest differences: the first in C order is reported.
    t = np.zeros((4, 5))
    u = t.copy()
    u[1, 3] = 1.0
    u[0, 4] = -1.0
    u[3, 0] = 1.0
    pair_npy("ties", t, u)

    n = np.arange(12, dtype=np.float64)
    m = n.copy()
    n[[1, 4]] = np.nan
    m[[1, 7]] = np.nan
    pair_npy("nan", n, m)
    np.save(path("nan_eq_a.npy"), n)
    np.save(path("nan_eq_b.npy"), m)
    case("nan_equal_nan", "nan_eq_a.npy", "nan_eq_b.npy", ["--equal-nan"], [answer("nan_eq_a", n, m, equal_nan=True)])

    inf_a = np.array([np.inf, -np.inf, np.inf, 1.0, -np.inf])
    inf_b = np.array([np.inf, np.inf, 5.0, 1.0, -np.inf])
    pair_npy("inf", inf_a, inf_b)

    # Tolerance edges: |a-b| exactly at atol + rtol*|b| (representable), just above, and the rtol side.
    ta = np.array([0.5, 0.75, 3.0, 3.5, 1.0, 100.0, -2.0, 0.0])
    tb = np.array([0.25, 0.25, 2.0, 2.0, 1.0, 100.5, -2.25, 0.25])
    for label, tol in [("atol", {"atol": 0.25}), ("rtol", {"rtol": 0.5}), ("both", {"rtol": 0.125, "atol": 0.25}),
                       ("exact", {})]:
        args = []
        if "rtol" in tol:
            args += ["--rtol", repr(tol["rtol"])]
        if "atol" in tol:
            args += ["--atol", repr(tol["atol"])]
        pair_npy("tol_" + label, ta, tb, args, **tol)
    # float32 pairs are computed in float32 (as isclose does): atol rounds up to 2**-23 there.
    pair_npy("tol_f32", np.array([1.0000001, 1.0, 2.5, 3.0], dtype=np.float32),
             np.array([1.0, 1.0000001, 2.5, 3.0000002], dtype=np.float32), ["--atol", "1.192092893e-07"],
             atol=1.192092893e-7)
    # The usual allclose tolerances on noisy data.
    noisy = base * (1 + rng.uniform(-2e-5, 2e-5, base.shape))
    pair_npy("tol_default", base, noisy, ["--rtol", "1e-05", "--atol", "1e-08"], rtol=1e-5, atol=1e-8)

    # dtypes: float32 against float64 of the same numbers (promotion makes them differ), ints of two sizes.
    pair_npy("f32_f64", f[:50], f[:50].astype(np.float64) + np.where(np.arange(50) % 7 == 0, 0.0, 1e-3))
    pair_npy("f32_f64_same", np.array([0.1, 0.5], dtype=np.float32), np.array([0.1, 0.5]))
    ints = np.arange(-20, 20, dtype=np.int32)
    pair_npy("int_sizes", ints, ints.astype(np.int64))
    j = ints.astype(np.int64)
    j[3] = 1000
    pair_npy("int_vs_float", ints, j.astype(np.float64))
    pair_npy("shape", np.zeros((3, 4)), np.zeros((4, 3)))
    pair_npy("endian", base.astype(">f8"), base.astype("<f8"))
    pair_npy("endian_i4", ints.astype(">i4"), ints.astype("<i4"))
    h = np.array([1.0, 0.1, 1000.0, -3.5, 65504.0, 0.000123], dtype=np.float16)
    h2 = h.copy()
    h2[[1, 2, 5]] += np.array([0.0005, 0.5, 0.0001], dtype=np.float16)
    pair_npy("float16", h, h2)
    pair_npy("float16_tol", h, h2, ["--rtol", "0.001"], rtol=0.001)
    c8 = (rng.standard_normal(20) + 1j * rng.standard_normal(20)).astype(np.complex64)
    c8b = c8.copy()
    c8b[[3, 11]] += np.complex64(0.1 + 0.3j)
    pair_npy("complex64", c8, c8b)
    c16 = rng.standard_normal(300) + 1j * rng.standard_normal(300)
    c16b = c16 + (rng.standard_normal(300) + 1j * rng.standard_normal(300)) * 1e-3
    pair_npy("complex128", c16, c16b)
    pair_npy("complex64_tol", c8, c8b, ["--atol", "0.3162"], atol=0.3162)
    pair_npy("bool", np.array([True, False, True]), np.array([True, True, True]))
    pair_npy("complex", np.array([1 + 2j, 3 - 1j, 0j]), np.array([1 + 2j, 3 + 1j, 1j]))
    pair_npy("strings", np.array(["alpha", "beta", "gamma"]), np.array(["alpha", "bet", "gamma"]))
    pair_npy("string_sizes", np.array(["ab", "cd"], dtype="U2"), np.array(["ab", "cx"], dtype="U5"))
    pair_npy("bytes", np.array([b"x", b"yz"]), np.array([b"x", b"yy"]))
    pair_npy("datetime", np.array(["2020-01-01", "NaT", "2021-06-30"], dtype="M8[D]"),
             np.array(["2020-01-01", "NaT", "2021-07-01"], dtype="M8[D]"))
    rec = np.zeros(6, dtype=[("x", "<i4"), ("y", "<f8"), ("name", "U3")])
    rec["x"] = np.arange(6)
    rec["y"] = np.linspace(0, 1, 6)
    rec["name"] = ["a", "b", "c", "d", "e", "f"]
    rec2 = rec.copy()
    rec2["y"][2] += 0.5
    rec2["name"][4] = "z"
    pair_npy("struct", rec, rec2)
    # Fortran order against C order of the same logical values, one changed.
    c = np.arange(24, dtype=np.float64).reshape(4, 6)
    fo = np.asfortranarray(c)
    fo[2, 1] = -5.0
    pair_npy("fortran", c, fo)
    ff = np.asfortranarray(c)
    ff2 = ff.copy(order="F")
    ff2[1, 4] += 3.0
    ff2[3, 0] += 3.0
    pair_npy("fortran_both", ff, ff2)
    cube = np.arange(60, dtype=np.float64).reshape(3, 4, 5)
    cube2 = cube.copy()
    cube2[1, 2, 3] += 0.5
    cube2[2, 0, 0] -= 1.0
    pair_npy("cube", cube, cube2)
    pair_npy("empty", np.zeros((0, 3)), np.zeros((0, 3)))
    pair_npy("scalar", np.array(1.5), np.array(2.0))

    # Archives: members only on one side, compressed against stored, a pickled member.
    x = rng.standard_normal((30, 40))
    y = np.arange(100, dtype=np.int16)
    x2 = x.copy()
    x2[10, 10] += 1.0
    np.savez(path("arch_a.npz"), x=x, y=y, gone=np.zeros(3))
    np.savez_compressed(path("arch_b.npz"), x=x2, y=y, new=np.ones(2))
    case("archive", "arch_a.npz", "arch_b.npz", [],
         [answer("x", x, x2), answer("y", y, y), only("gone", "only_a"), only("new", "only_b")])
    np.savez(path("stored.npz"), x=x, y=y)
    np.savez_compressed(path("deflated.npz"), x=x, y=y)
    case("stored_vs_deflated", "stored.npz", "deflated.npz", [], [answer("x", x, x), answer("y", y, y)])
    case("member_select", "arch_a.npz", "arch_b.npz", ["--member", "x"], [answer("x", x, x2)])
    case("member_rename", "arch_a.npz", "arch_b.npz", ["--member", "y:x"],
         [{"name": "y:x", "status": "incomparable", "count": None, "max_abs": None}])
    np.save(path("x_only.npy"), x2)
    case("npy_vs_member", "x_only.npy", "arch_a.npz", ["--member", "x"], [answer("x", x2, x)])
    case("npy_vs_member_default", "x_only.npy", "deflated.npz", [], [answer("x", x2, x)], exit_status=2)
    obj = np.array([{"k": 1}, None], dtype=object)
    np.savez(path("obj_a.npz"), o=obj, v=y)
    np.savez(path("obj_b.npz"), o=obj, v=y)
    np.savez(path("obj_c.npz"), o=np.array([{"k": 2}, None], dtype=object), v=y)
    case("pickled_same", "obj_a.npz", "obj_b.npz", [], [{"name": "o", "status": "same", "count": None, "max_abs": None},
                                                        answer("v", y, y)])
    case("pickled_differ", "obj_a.npz", "obj_c.npz", [],
         [{"name": "o", "status": "differs", "count": None, "max_abs": None}, answer("v", y, y)])

    # Errors: a missing file; a truncated DEFLATE stream; a CRC mismatch.
    case("missing", "perturbed_a.npy", "no_such_file.npy", [], [], exit_status=2)
    payload = npy_bytes(np.arange(5000, dtype=np.float64))
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = comp.compress(payload) + comp.flush()
    crc = zlib.crc32(payload)
    write_zip_raw(path("truncated.npz"), "t.npy", payload, deflated[: len(deflated) // 2], crc)
    write_zip_raw(path("badcrc.npz"), "t.npy", payload, deflated, crc ^ 0x5A5A5A5A)
    write_zip_raw(path("good_t.npz"), "t.npy", payload, deflated, crc)
    case("truncated", "good_t.npz", "truncated.npz", [], [], exit_status=2)
    case("bad_crc", "good_t.npz", "badcrc.npz", [], [], exit_status=2)
    case("good_t", "good_t.npz", "good_t.npz", [], [{"name": "t", "status": "same", "count": 0,
                                                      "max_abs": answer("t", np.arange(5000.0),
                                                                        np.arange(5000.0))["max_abs"]}])

    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump({"numpy": np.__version__, "cases": CASES}, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
