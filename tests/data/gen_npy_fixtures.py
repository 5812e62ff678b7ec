#!/usr/bin/env python3
"""Generate valid .npy fixtures in tests/data/npy/ plus expected.json.

Run with Debian's python (it has numpy):   /usr/bin/python3 tests/data/gen_npy_fixtures.py

Every file is written by NumPy itself (np.save / np.lib.format.write_array), except a few
hand-written headers at the end (legacy padding, no newline, other key order, ...), each of
which is checked to load with np.load.  expected.json records what NumPy says about each file
after loading it back.  Output is deterministic: re-running gives byte-identical files.

Only the single fixture object_pickled.npy contains a pickle.
"""
import ast
import json
import os
import struct
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "npy")
MAX_VALUES = 256            # values per column listed in expected.json
BIG_HEADER = 10 ** 8        # max_header_size used when loading our own files back

MAGIC = b"\x93NUMPY"

# name -> one-line description, filled as files are written
WHAT = {}


# --------------------------------------------------------------------------- writers

def _path(name):
    assert name.endswith(".npy"), name
    return os.path.join(OUT, name)


def save(name, arr, what, **kw):
    """np.save into tests/data/npy/<name>."""
    assert name not in WHAT, name
    WHAT[name] = what
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # v2/v3 "can only be read by NumPy >= ..."
        with open(_path(name), "wb") as f:
            np.save(f, arr, **kw)


def write_array(name, arr, what, version):
    assert name not in WHAT, name
    WHAT[name] = what
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with open(_path(name), "wb") as f:
            np.lib.format.write_array(f, arr, version=version)


def write_raw(name, data, what):
    assert name not in WHAT, name
    WHAT[name] = what
    with open(_path(name), "wb") as f:
        f.write(data)


def raw_npy(header_text, data, version=(1, 0), align=64, newline=True):
    """Hand-built .npy: magic, version, HEADER_LEN, header text (+ spaces to `align`, + '\\n')."""
    hb = header_text.encode("latin-1" if version[0] < 3 else "utf-8")
    lenfield = 2 if version[0] == 1 else 4
    total = len(MAGIC) + 2 + lenfield + len(hb) + (1 if newline else 0)
    pad = (-total) % align if align else 0
    hb = hb + b" " * pad + (b"\n" if newline else b"")
    hl = struct.pack("<H" if lenfield == 2 else "<I", len(hb))
    return MAGIC + bytes(version) + hl + hb + data


def zero_longdouble_padding(arr):
    """x86-64 long double is 80 bits stored in 16 bytes; the 6 unused bytes may hold garbage.
    Zero them so output is deterministic (arr must be a C-contiguous native f16/c32 array)."""
    if np.dtype(np.longdouble).itemsize == 16 and np.finfo(np.longdouble).nmant == 63:
        assert arr.flags.c_contiguous and arr.dtype.byteorder in "=<"
        arr.view(np.uint8).reshape(-1, 16)[:, 10:] = 0
    return arr


# --------------------------------------------------------------------------- fixtures

def gen_bool_ints():
    save("b1.npy", np.array([True, False, True, True, False]), "bool")
    for t in ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]:
        info = np.iinfo(t)
        bits = info.bits
        if t[0] == "i":
            vals = [0, 1, -1, 42, -42, info.min, info.max, info.min + 1, info.max - 1, 100]
        else:
            vals = [0, 1, 42, info.max, info.max - 1, 2 ** (bits - 1), 2 ** (bits - 1) - 1, 100]
        a = np.array(vals, dtype="<" + t)
        if t in ("i1", "u1"):
            save(f"{t}.npy", a, f"{t}: 0, +-1, min, max, ...")
        else:
            save(f"{t}_le.npy", a, f"little-endian {t}: 0, +-1, min, max, ...")
            save(f"{t}_be.npy", a.astype(">" + t), f"big-endian {t}: same values as {t}_le")


def float_values(t):
    fi = np.finfo(t)
    T = np.dtype(t).type
    with np.errstate(all="ignore"):
        vals = [T(0.0), T(-0.0), T(np.nan), T(np.inf), T(-np.inf), T("0.1") if t == np.longdouble else T(0.1),
                T(-1.5), T(1.0), T(1e-300), fi.smallest_subnormal, -fi.smallest_subnormal,
                fi.smallest_normal, fi.max, fi.min, fi.eps, T(1) / T(3), T(1e300), T(65504.0),
                T(123456.789), -T(np.nan), T(2.5), T(-1e10)]
    if t == np.longdouble:
        vals.append(T(0.1))      # the double 0.1 widened: prints 0.10000000000000000555
    return np.array(vals, dtype=t)


def complex_values(t):
    ft = {np.complex64: np.float32, np.complex128: np.float64, np.clongdouble: np.longdouble}[t]
    fi = np.finfo(ft)
    C = np.dtype(t).type
    nan, inf = np.nan, np.inf
    a = np.zeros(11, dtype=t)
    pairs = [(0.0, 0.0), (-0.0, -0.0), (-0.0, 0.0), (1.0, 2.0), (nan, 0.0), (0.0, nan),
             (inf, -inf), (0.1, 0.2), (fi.smallest_subnormal, -fi.max), (0.0, 1e-300), (-1.5, 1e10)]
    with np.errstate(all="ignore"):
        for i, (re, im) in enumerate(pairs):
            a.real[i] = re
            a.imag[i] = im
    return a


def gen_floats():
    for t, code in [(np.float16, "f2"), (np.float32, "f4"), (np.float64, "f8"), (np.longdouble, "f16")]:
        a = float_values(t)
        if code == "f16":
            zero_longdouble_padding(a)
            desc = "long double (x86-64 80-bit in 16 bytes, padding zeroed): "
        else:
            desc = f"{code}: "
        save(f"{code}_le.npy", a, desc + "0, -0, nan, +-inf, 0.1, subnormals, max, min, eps, 1e300 (overflows in small types)")
        save(f"{code}_be.npy", a.astype(">" + code), f"big-endian {code}: same values as {code}_le")
    for t, code in [(np.complex64, "c8"), (np.complex128, "c16"), (np.clongdouble, "c32")]:
        a = complex_values(t)
        if code == "c32":
            zero_longdouble_padding(a)
        save(f"{code}_le.npy", a, f"{code}: 0, -0-0j, -0+0j, nan/inf parts, subnormal")
        save(f"{code}_be.npy", a.astype(">" + code), f"big-endian {code}: same values as {code}_le")


def gen_strings():
    s = np.array([b"", b"ab\x00c", b"\xff\xfe\x80", b"hello", b"\x00\x00a", b"a\x00\x00", b"'\"\\"], dtype="S5")
    save("bytes_S5.npy", s, "|S5: empty, embedded NUL, high bytes, full width, leading/trailing NULs, quotes")
    save("bytes_S0.npy", np.ndarray((3,), dtype="S0"), "|S0: zero itemsize, 3 elements, no data bytes")
    save("bytes_S1_2d.npy", np.array([[b"a", b"b"], [b"\x00", b"\x7f"]], dtype="S1"), "|S1 2x2")
    u = np.array(["", "abc", "h\u00e9llo", "\u65e5\u672c\u8a9e", "\U0001F600x", "a\x00b", "tab\t", "\u200b\U0010FFFF"],
                 dtype="<U6")
    save("str_U6_le.npy", u, "<U6: empty, ASCII, latin-1, CJK, emoji (astral), embedded NUL, tab, U+10FFFF")
    save("str_U6_be.npy", u.astype(">U6"), ">U6: same values as str_U6_le")
    save("str_U1_0d.npy", np.array("\U0001F40D", dtype="<U1"), "<U1 0-d, one astral code point")
    v = np.zeros(4, dtype="V4")
    v.view(np.uint8)[:] = np.arange(16, dtype=np.uint8) * 17
    save("void_V4.npy", v, "|V4 raw bytes")
    save("void_V0.npy", np.zeros(3, dtype="V0"), "|V0: zero itemsize, 3 elements")


UNIT_TOKEN = {"Y": "Y", "M": "month", "W": "W", "D": "D", "h": "h", "m": "min", "s": "s",
              "ms": "ms", "us": "us", "ns": "ns", "ps": "ps", "fs": "fs", "as": "as"}
NAT = np.iinfo(np.int64).min


def gen_datetimes():
    when = np.datetime64("2020-02-29T10:30:15.123456789", "ns")
    for unit, tok in UNIT_TOKEN.items():
        ints = [0, 1, -1, 12345, NAT, 10 ** 6 + 7]
        a = np.array(ints, dtype=np.int64).view(f"<M8[{unit}]")
        if unit not in ("ps", "fs", "as"):
            a = np.concatenate([a, np.array([when]).astype(f"<M8[{unit}]")])
        save(f"datetime64_{tok}.npy", a, f"<M8[{unit}]: 0, 1, -1, 12345, NaT, 1000007 (+ 2020-02-29T10:30:15.123456789 truncated)")
        t = np.array([0, 1, -1, 12345, NAT, 10 ** 6 + 7, -(10 ** 9)], dtype=np.int64).view(f"<m8[{unit}]")
        save(f"timedelta64_{tok}.npy", t, f"<m8[{unit}]: 0, 1, -1, 12345, NaT, 1000007, -1e9")
    save("datetime64_generic.npy", np.array(["NaT", "NaT"], dtype="M8"), "<M8 generic unit (can only hold NaT)")
    save("timedelta64_generic.npy", np.array([0, 1, -7, NAT], dtype=np.int64).view("<m8"),
         "<m8 generic unit: '0 generic time units', NaT")
    for unit, tok in [("10ms", "10ms"), ("7D", "7D"), ("3M", "3month"), ("25us", "25us")]:
        a = np.array([0, 1, -1, 2, NAT], dtype=np.int64)
        save(f"datetime64_{tok}.npy", a.view(f"<M8[{unit}]"), f"<M8[{unit}] multiplier unit: 0, 1, -1, 2, NaT")
        save(f"timedelta64_{tok}.npy", a.view(f"<m8[{unit}]"), f"<m8[{unit}] multiplier unit: 0, 1, -1, 2, NaT")
    a = np.array(["2020-01-01T10:30:00", "NaT", "1969-12-31T23:59:59", "1900-03-01"], dtype="M8[s]")
    save("datetime64_s_be.npy", a.astype(">M8[s]"), ">M8[s] big-endian")
    save("timedelta64_s_be.npy", np.array([5, NAT, -3600], dtype=np.int64).view("<m8[s]").astype(">m8[s]"),
         ">m8[s] big-endian")
    ext = np.array([np.iinfo(np.int64).max, NAT + 1, NAT], dtype=np.int64)
    save("datetime64_s_extremes.npy", ext.view("<M8[s]"), "<M8[s]: INT64_MAX, INT64_MIN+1, NaT (years ~ +-2.9e11)")
    save("timedelta64_as_extremes.npy", ext.view("<m8[as]"), "<m8[as]: INT64_MAX, INT64_MIN+1, NaT")
    save("datetime64_D_2d_fortran.npy",
         np.asfortranarray(np.arange(6, dtype=np.int64).reshape(2, 3).view("<M8[D]") + np.timedelta64(18000, "D")),
         "<M8[D] 2x3 Fortran order")


def gen_shapes():
    save("f8_0d.npy", np.array(3.5), "f8 0-d scalar")
    save("i4_0d_be.npy", np.array(-7, dtype=">i4"), ">i4 0-d scalar")
    save("f8_2d_c.npy", np.arange(30 * 50, dtype=np.float64).reshape(30, 50) * 0.5,
         "f8 30x50 C order (1500 elements: columns truncated to 256)")
    save("i4_2d_c.npy", np.arange(12, dtype="<i4").reshape(3, 4), "<i4 3x4 C order")
    save("f8_fortran_2d.npy", np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4)),
         "f8 3x4 Fortran order (values 0..11 in C order)")
    save("f8_fortran_3d.npy", np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)),
         "f8 2x3x4 Fortran order (values 0..23 in C order)")
    save("i2_be_fortran_2d.npy", np.asfortranarray((np.arange(6).reshape(2, 3) - 3).astype(">i2")),
         ">i2 2x3 Fortran order")
    save("c16_fortran_2d.npy", np.asfortranarray((np.arange(6) + 1j * np.arange(6)[::-1]).reshape(3, 2)),
         "c16 3x2 Fortran order")
    save("f8_noncontig.npy", (np.arange(20, dtype=np.float64).reshape(4, 5))[::-1, ::2],
         "f8 4x3 from a non-contiguous view (written in C order)")
    save("f8_empty.npy", np.zeros((0,)), "f8 shape (0,)")
    save("f8_empty_2x0x3.npy", np.zeros((2, 0, 3)), "f8 shape (2, 0, 3)")
    save("i4_empty_fortran.npy", np.asfortranarray(np.zeros((0, 3), dtype="<i4")),
         "<i4 shape (0, 3) (zero-size arrays are C-contiguous: fortran_order False)")
    save("u1_ndim32.npy", np.ones((1,) * 31 + (2,), dtype=np.uint8), "u1 ones, ndim 32 (NumPy 1.x max), shape (1,)*31+(2,)")
    save("i4_ndim10_ones.npy", np.ones((1,) * 10, dtype="<i4"), "<i4 ones, ndim 10, every dim 1")
    save("i4_ndim8_fortran.npy", np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 1, 3, 1, 2, 1, 1, 2)),
         "<i4 shape (2,1,3,1,2,1,1,2) Fortran order")
    save("f4_some_nan.npy", np.array([1.5, np.nan, -2.0, 4.25, np.nan, 0.0], dtype="<f4"),
         "<f4 finite values and NaNs (nan-ignoring stats are finite)")
    save("f8_all_nan.npy", np.array([np.nan, np.nan, np.nan]), "f8 all NaN (stats null)")
    save("f4_column_3x1.npy", np.arange(3, dtype="<f4").reshape(3, 1), "<f4 3x1 (both contiguous: fortran_order False)")


def gen_versions():
    write_array("f8_v2.npy", np.array([1.0, 2.0, 3.0]), "f8 written with version=(2,0) forced", (2, 0))
    write_array("f8_v3.npy", np.array([1.0, -2.0]), "f8 written with version=(3,0) forced", (3, 0))
    n = 640
    names = [f"field_{i:04d}_" + "abcdefghijklmnopqrstuvwxyz" * 3 + "x" * (100 - 11 - 78) for i in range(n)]
    assert all(len(x) == 100 for x in names)
    dt = np.dtype([(nm, "u1") for nm in names])
    a = np.zeros(2, dtype=dt)
    for i, nm in enumerate(names):
        a[nm] = [i % 256, (i * 7) % 256]
    save("struct_v2_big_header.npy", a,
         f"{n} u1 fields with 100-char names: header > 64 KiB so np.save picks v2 (also > NumPy's 10000-char max_header_size)")
    dt = np.dtype([("\u540d\u524d", "<i4"), ("\u5024", "<f8")])
    a = np.zeros(2, dtype=dt)
    a["\u540d\u524d"] = [1, -2]
    a["\u5024"] = [0.5, 1e100]
    save("struct_v3_cjk.npy", a, "struct with CJK field names: np.save picks v3 (UTF-8 header)")
    dt = np.dtype([("caf\u00e9", "<i2"), ("\u00b5", "<f4")])
    a = np.zeros(2, dtype=dt)
    a["caf\u00e9"] = [1, 2]
    a["\u00b5"] = [0.25, -0.5]
    save("struct_latin1_names.npy", a, "struct with latin-1 field names: still v1, header bytes 0xE9/0xB5 (latin-1)")


def gen_structs():
    dt = np.dtype([("x", "<f4"), ("y", "<i2")])
    a = np.zeros(4, dtype=dt)
    a["x"] = [0.5, -1.25, np.nan, 1e30]
    a["y"] = [1, -2, 32767, -32768]
    save("struct_simple.npy", a, "[('x','<f4'),('y','<i2')]")

    dt = np.dtype([("a", [("b", [("c", "<i4"), ("d", "<f8")]), ("e", "u1")]), ("f", "<i2")])
    a = np.zeros(3, dtype=dt)
    a["a"]["b"]["c"] = [1, 2, 3]
    a["a"]["b"]["d"] = [0.1, 0.2, 0.3]
    a["a"]["e"] = [7, 8, 9]
    a["f"] = [-1, -2, -3]
    save("struct_nested.npy", a, "3-level nested struct: a.b.c, a.b.d, a.e, f")

    dt = np.dtype([("id", "<i4"), ("m", "<f8", (2, 3))])
    a = np.zeros(2, dtype=dt)
    a["id"] = [10, 20]
    a["m"] = np.arange(12, dtype=np.float64).reshape(2, 2, 3)
    save("struct_subarray.npy", a, "subarray field ('m','<f8',(2,3)) expands to m[0,0]..m[1,2]")

    dt = np.dtype([("a", "i1"), ("b", "<i4"), ("c", "i1")], align=True)
    a = np.zeros(3, dtype=dt)
    a["a"] = [1, 2, 3]
    a["b"] = [100000, -100000, 0]
    a["c"] = [-1, -2, -3]
    save("struct_aligned.npy", a, "align=True: descr has ('', '|V3') padding entries (zeroed)")

    dt = np.dtype({"names": ["a", "b"], "formats": ["<i4", "<i4"], "offsets": [1, 6], "itemsize": 12})
    a = np.zeros(2, dtype=dt)
    a["a"] = [1, -1]
    a["b"] = [2, -2]
    save("struct_offsets.npy", a, "explicit offsets [1,6], itemsize 12: gaps become ('', '|V1') / ('', '|V2')")

    dt = np.dtype([(("Title A", "a"), "<i4"), ("b", "<f8")])
    a = np.zeros(2, dtype=dt)
    a["a"] = [5, 6]
    a["b"] = [1.5, -2.5]
    save("struct_titles.npy", a, "field with title: (('Title A','a'),'<i4')")

    dt = np.dtype([("x", ">f4"), ("y", ">i2"), ("z", ">c16"), ("t", ">M8[ms]")])
    a = np.zeros(3, dtype=dt)
    a["x"] = [1.0, -0.0, np.inf]
    a["y"] = [1, 256, -2]
    a["z"] = [1 + 2j, -1j, 0]
    a["t"] = np.array(["2021-06-01T12:00:00.250", "NaT", "1970-01-01"], dtype="M8[ms]")
    save("struct_be.npy", a, "big-endian struct fields >f4 >i2 >c16 >M8[ms]")

    dt = np.dtype([("x", "<i2"), ("y", "<f4")])
    a = np.zeros((2, 3), dtype=dt)
    a["x"] = np.arange(6).reshape(2, 3)
    a["y"] = np.arange(6).reshape(2, 3) * 0.25
    save("struct_2d.npy", a, "2x3 record array")
    save("struct_2d_fortran.npy", np.asfortranarray(a), "2x3 record array in Fortran order")

    dt = np.dtype([("name", "S6"), ("label", "<U4"), ("ok", "?"), ("z", "<c16"), ("raw", "V3"), ("n", "<u8")])
    a = np.zeros(3, dtype=dt)
    a["name"] = [b"alpha", b"b\x00c", b"\xff"]
    a["label"] = ["\u00e9t\u00e9", "\u65e5", "\U0001F600"]
    a["ok"] = [True, False, True]
    a["z"] = [1 + 2j, complex(-0.0, -0.0), complex(np.nan, np.inf)]
    a["raw"] = [b"\x01\x02\x03", b"abc", b"\x00\x00\x00"]
    a["n"] = [0, 2 ** 64 - 1, 12345678901234567890]
    save("struct_mixed.npy", a, "struct with S6, U4, b1, c16, V3, u8 fields")

    save("struct_c_subarray_zeros.npy", np.zeros(1, [("c", ("<f8", (5,)), (2,))]),
         "np.zeros(1, [('c', ('<f8',(5,)), (2,))]) from NumPy's tests: nested subarray = c[0,0]..c[1,4]")
    a = np.zeros(1, [("c", ("<f8", (5,)), (2,))])
    a["c"] = np.arange(10, dtype=np.float64).reshape(1, 2, 5)
    save("struct_c_subarray_arange.npy", a, "same dtype as struct_c_subarray_zeros, values 0..9 in C order")

    dt = np.dtype([("s", [("x", "<i2"), ("y", "u1")], (2,)), ("t", "<f4")])
    a = np.zeros(2, dtype=dt)
    a["s"]["x"] = [[1, 2], [3, 4]]
    a["s"]["y"] = [[5, 6], [7, 8]]
    a["t"] = [0.5, 1.5]
    save("struct_subarray_of_struct.npy", a, "subarray of structs: s[0].x, s[0].y, s[1].x, s[1].y, t")

    dt = np.dtype({"names": [], "formats": [], "itemsize": 8})
    save("struct_empty_itemsize8.npy", np.zeros(2, dtype=dt),
         "struct with no fields and itemsize 8: descr [('', '|V8')], loads as a field-less struct (no columns)")

    dt = np.dtype([("when", "<M8[D]"), ("dur", "<m8[10ms]"), ("v", "<f2")])
    a = np.zeros(2, dtype=dt)
    a["when"] = np.array(["2000-01-01", "NaT"], dtype="M8[D]")
    a["dur"] = np.array([3, NAT], dtype=np.int64).view("m8[10ms]")
    a["v"] = [0.1, -65504]
    save("struct_datetime.npy", a, "struct with <M8[D], <m8[10ms], <f2 fields")


def gen_object():
    save("object_pickled.npy", np.array([1, "a", None], dtype=object),
         "object array saved with allow_pickle=True: data is a pickle", allow_pickle=True)


def gen_handwritten():
    a = np.array([1.0, 2.0, 3.0])
    import io
    b = io.BytesIO()
    np.save(b, a)
    write_raw("trailing_bytes.npy", b.getvalue() + b"extra",
              "valid f8 (3,) file followed by 5 bytes b'extra' (trailing bytes are legal)")
    i4 = np.array([1, -2, 3], dtype="<i4").tobytes()
    write_raw("legacy_align16.npy",
              raw_npy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", i4, align=16),
              "hand-written v1, pre-1.14 style: 16-byte alignment, no growth padding")
    write_raw("legacy_unpadded.npy",
              raw_npy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", i4, align=0),
              "hand-written v1, no padding at all (data at an unaligned offset)")
    write_raw("header_no_newline.npy",
              raw_npy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", i4, newline=False),
              "hand-written v1, spaces to 64 bytes but no trailing newline")
    write_raw("header_key_order.npy",
              raw_npy("{'shape': (2, 2), 'fortran_order': False, 'descr': '<i2'}",
                      np.array([1, 2, 3, 4], dtype="<i2").tobytes()),
              "hand-written v1, keys in order shape, fortran_order, descr, no trailing ', '")
    write_raw("fortran_true_1d.npy",
              raw_npy("{'descr': '<i4', 'fortran_order': True, 'shape': (3,), }", i4),
              "hand-written v1, fortran_order True on a 1-D array (legal, harmless)")
    write_raw("legacy_v2_align16.npy",
              raw_npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }",
                      np.array([1, 2, 3, 4], dtype=">f4").tobytes(), version=(2, 0), align=16),
              "hand-written v2 with 16-byte alignment (NumPy 1.9-1.13 style)")


# --------------------------------------------------------------------------- expected.json

def read_raw_header(path):
    """Return (version, header_len, data_offset, header dict) using our own reader."""
    with open(path, "rb") as f:
        data = f.read(12)
        assert data[:6] == MAGIC
        ver = (data[6], data[7])
        if ver[0] == 1:
            hl = struct.unpack("<H", data[8:10])[0]
            off = 10
        else:
            hl = struct.unpack("<I", data[8:12])[0]
            off = 12
        f.seek(off)
        text = f.read(hl).decode("utf-8" if ver[0] == 3 else "latin-1")
    return ver, hl, off + hl, ast.literal_eval(text)


def check_with_numpy_helpers(path, ver, data_offset, shape, fortran, dtype):
    with open(path, "rb") as f:
        v = np.lib.format.read_magic(f)
        assert v == ver, (path, v, ver)
        s, fo, dt = np.lib.format._read_array_header(f, v, max_header_size=BIG_HEADER)
        assert f.tell() == data_offset, path
        assert tuple(s) == tuple(shape) and fo == fortran and dt == dtype, path


def leaf_columns(flat, name=""):
    """flat: 1-D array (or (n, ...) for subarrays). Yields (column name, list of str)."""
    if flat.ndim > 1:
        for idx in np.ndindex(*flat.shape[1:]):
            yield from leaf_columns(flat[(slice(None),) + idx], f"{name}[{','.join(map(str, idx))}]")
        return
    if flat.dtype.names is not None:
        for nm in flat.dtype.names:
            yield from leaf_columns(flat[nm], f"{name}.{nm}" if name else nm)
        return
    yield name, [str(x) for x in flat]


def byteorder_of(dt):
    bo = dt.byteorder
    if bo == "=":
        bo = "<" if sys.byteorder == "little" else ">"
    return bo


def stats(arr):
    out = {}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        a = arr.astype(np.float64).ravel()   # long double max overflows to inf here
        all_nan = bool(np.isnan(a).all())
        for key, fn in [("min", np.nanmin), ("max", np.nanmax), ("mean", np.nanmean), ("std", np.nanstd)]:
            out[key] = None if all_nan else repr(float(fn(a)))
    out["nan_count"] = int(np.isnan(a).sum())
    out["inf_count"] = int(np.isinf(a).sum())
    return out


def describe(name):
    path = _path(name)
    ver, hl, data_offset, hdr = read_raw_header(path)
    assert set(hdr) == {"descr", "fortran_order", "shape"}
    descr = hdr["descr"]
    descr_text = descr if isinstance(descr, str) else repr(descr)
    pickled = descr in ("|O", "|O8", "O")
    arr = np.load(path, allow_pickle=pickled, max_header_size=BIG_HEADER)
    dt = arr.dtype
    if not pickled:
        check_with_numpy_helpers(path, ver, data_offset, hdr["shape"], hdr["fortran_order"], dt)
        assert tuple(arr.shape) == tuple(hdr["shape"])
        # the header's descr is what np.lib.format.dtype_to_descr gives for the loaded dtype
        exp = np.lib.format.dtype_to_descr(dt)
        assert exp == descr, (name, exp, descr)
    count = int(np.prod(hdr["shape"], dtype=np.int64)) if hdr["shape"] else 1
    fsize = os.path.getsize(path)
    e = {
        "file": name,
        "what": WHAT[name],
        "descr": descr_text,
        "shape": list(hdr["shape"]),
        "fortran_order": hdr["fortran_order"],
        "version": list(ver),
        "header_len": hl,
        "data_offset": data_offset,
        "itemsize": dt.itemsize,
        "count": count,
        "nbytes": count * dt.itemsize,
        "file_size": fsize,
        "byteorder": byteorder_of(dt),
        "kind": dt.kind,
    }
    if pickled:
        e["pickled"] = True
        e["columns"] = None
        return e
    e["trailing_bytes"] = fsize - data_offset - count * dt.itemsize
    assert e["trailing_bytes"] >= 0
    flat = arr.reshape(-1)       # logical C order, whatever fortran_order was
    if flat.size > MAX_VALUES:
        flat = flat[:MAX_VALUES]
        e["truncated"] = True
    e["columns"] = [{"name": n, "values": v} for n, v in leaf_columns(flat)]
    if dt.names is None and dt.kind in "iuf" and arr.size > 0:
        e.update(stats(arr))
    return e


def main():
    os.makedirs(OUT, exist_ok=True)
    for fn in os.listdir(OUT):
        if fn.endswith(".npy") or fn == "expected.json":
            os.remove(os.path.join(OUT, fn))
    gen_bool_ints()
    gen_floats()
    gen_strings()
    gen_datetimes()
    gen_shapes()
    gen_versions()
    gen_structs()
    gen_object()
    gen_handwritten()
    lower = [n.lower() for n in WHAT]
    assert len(set(lower)) == len(lower), "file names must be unique on case-insensitive file systems"
    entries = [describe(n) for n in sorted(WHAT)]
    doc = {
        "generator": "tests/data/gen_npy_fixtures.py",
        "numpy_version": np.__version__,
        "files": entries,
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False))
        f.write("\n")
    print(f"wrote {len(entries)} .npy files + expected.json to {OUT}")


if __name__ == "__main__":
    main()
