#!/usr/bin/env python3
"""Generate valid .npz fixtures in tests/data/npz/ plus expected.json.

Run with Debian's python (it has numpy):   /usr/bin/python3 tests/data/gen_npz_fixtures.py

Archives are written by NumPy itself (np.savez / np.savez_compressed, to real files and to a
non-seekable stream), or with Python's zipfile where NumPy cannot produce the case (bzip2 and LZMA
members, a member that is not an NPY stream, duplicate names). Output is deterministic: zipfile
uses fixed 1980 timestamps for NumPy's members and we pass them explicitly for ours.

expected.json lists, for every archive, what NumPy and zipfile say about each member: archive
name, np.load key, method, whether it is an NPY array, its descr / shape / fortran_order, and the
sha256 of its data bytes in file order (arr.tobytes(order='F') for fortran_order members), or of
the raw member bytes for other members.
"""
import hashlib
import io
import json
import os
import warnings
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "npz")
WHAT = {}
# Archives whose every member np.savez wrote to a seekable file: our stored writer must
# reproduce them byte for byte.
SAVEZ_IDENTICAL = []
DATE = (1980, 1, 1, 0, 0, 0)


def path(name):
    return os.path.join(OUT, name)


def npy_bytes(arr):
    f = io.BytesIO()
    np.save(f, arr)
    return f.getvalue()


def dtype_arrays():
    """Every dtype family np.save writes (object arrays aside), small."""
    rng = np.random.default_rng(7)
    a = {}
    a["b1"] = np.array([True, False, True, True])
    for t in ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]:
        a[t] = np.arange(-3, 4).astype(t)
        if t not in ("i1", "u1"):
            a[t + "_be"] = np.arange(-3, 4).astype(">" + t)
    for t in ["f2", "f4", "f8"]:
        a[t] = np.array([0.5, -1.25, np.inf, np.nan, 3e3], dtype=t)
    a["f8_be"] = np.array([1.5, -2.0], dtype=">f8")
    a["c8"] = np.array([1 + 2j, -0.5j], dtype="c8")
    a["c16_be"] = np.array([1 + 2j, 3 - 4j], dtype=">c16")
    a["S5"] = np.array([b"ab", b"hello", b""], dtype="S5")
    a["U3"] = np.array(["x", "\u00e9t\u00e9", "\u6570"], dtype="U3")
    a["V4"] = np.frombuffer(b"\x00\x01\x02\x03\xff\xfe\xfd\xfc", dtype="V4")
    a["M8_ns"] = np.array(["2024-01-02T03:04:05", "NaT"], dtype="M8[ns]")
    a["m8_10ms"] = np.array([1, -2, 3], dtype="m8[10ms]")
    a["struct"] = np.array([(1, 2.5, b"ab"), (-1, 0.0, b"z")], dtype=[("i", "<i4"), ("f", "<f8"), ("s", "S2")])
    a["struct_nested"] = np.zeros(2, dtype=[("p", [("x", "<f4"), ("y", "<f4")]), ("m", "<i2", (2, 2))])
    a["struct_padded"] = np.zeros(3, dtype=np.dtype([("a", "i1"), ("b", "<i4")], align=True))
    wide = np.dtype([("field_%02d" % i, "<f8") for i in range(60)])  # header > 1024 bytes
    a["struct_wide"] = np.ones(2, dtype=wide)
    a["fortran_2d"] = np.asfortranarray(np.arange(12, dtype="<i4").reshape(3, 4))
    a["fortran_3d_f8"] = np.asfortranarray(rng.normal(size=(2, 3, 4)))
    a["c_2d"] = np.arange(12, dtype="<u2").reshape(4, 3)
    a["zero_d"] = np.array(3.25)
    a["empty"] = np.zeros((0,), dtype="<f8")
    a["empty_3d"] = np.zeros((2, 0, 3), dtype="<i2")
    a["noise_f4"] = rng.normal(size=2000).astype("<f4")
    return a


def savez(name, what, *args, compressed=False, **kw):
    WHAT[name] = what
    fn = np.savez_compressed if compressed else np.savez
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fn(path(name), *args, **kw)
    if not compressed:
        SAVEZ_IDENTICAL.append(name)


class Unseekable:
    """A write-only stream without seek/tell: zipfile then writes data descriptors."""

    def __init__(self):
        self.chunks = []

    def write(self, b):
        self.chunks.append(bytes(b))
        return len(b)

    def flush(self):
        pass

    def read(self, n=-1):  # numpy's zipfile_factory only takes file objects that have read()
        raise OSError("write-only stream")


def savez_stream(name, what, compressed, **kw):
    WHAT[name] = what
    s = Unseekable()
    (np.savez_compressed if compressed else np.savez)(s, **kw)
    with open(path(name), "wb") as f:
        f.write(b"".join(s.chunks))


def zip_members(name, what, members):
    """members: list of (archive name, bytes, compress_type)."""
    WHAT[name] = what
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(path(name), "w") as z:
            for arcname, data, ctype in members:
                info = zipfile.ZipInfo(arcname, date_time=DATE)
                info.compress_type = ctype
                info.external_attr = 0o600 << 16
                z.writestr(info, data)


def generate():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(3)
    basic = dict(x=np.arange(10.0), counts=np.arange(24, dtype="<i4").reshape(4, 6),
                 mask=np.array([True, False] * 5), f=np.asfortranarray(rng.normal(size=(5, 3)).astype("<f4")))
    savez("savez_basic.npz", "np.savez of four arrays", **basic)
    savez("savez_compressed_basic.npz", "np.savez_compressed of the same four arrays", compressed=True, **basic)
    savez("positional.npz", "np.savez with positional arrays: arr_0, arr_1, arr_2",
          np.arange(3), np.ones((2, 2)), np.array(b"xyz"))
    savez("keywords_then_positional.npz", "keywords first, then arr_0, arr_1",
          np.arange(4, dtype="u1"), np.arange(2.0), zeta=np.zeros(2), alpha=np.ones(3, dtype="i2"))
    names = {"a/b": np.arange(3), "dir/sub/deep": np.arange(2.0), "\u00e9t\u00e9": np.array([1, 2], dtype="i2"),
             "\u6570\u636e": np.array([3.5]), "x.npy": np.array([7], dtype="u1"), "sp ace": np.zeros(1),
             "": np.array([1], dtype="i1")}
    savez("names.npz", "keys with '/', non-ASCII (UTF-8 flag), '.npy' inside, a space, an empty key", **names)
    savez("names_compressed.npz", "the same names, compressed", compressed=True, **names)
    savez("empty.npz", "np.savez() with no arrays: a bare end record")
    dt = dtype_arrays()
    savez("dtypes.npz", "every dtype family, stored", **dt)
    savez("dtypes_compressed.npz", "every dtype family, compressed", compressed=True, **dt)
    big = dict(ramp=np.linspace(0, 1, 60000), labels=(np.arange(200000) % 7).astype("<i4"))
    savez("compressed_multiblock.npz", "members spanning many DEFLATE blocks", compressed=True, **big)
    savez_stream("stream_stored.npz", "np.savez to a non-seekable stream: data descriptors", False, **basic)
    savez_stream("stream_compressed.npz", "np.savez_compressed to a non-seekable stream", True, **basic)
    arr = np.arange(6, dtype="<i8")
    zip_members("non_array_member.npz", "an array, a text file, a directory entry and an NPY stream named without .npy", [
        ("data.npy", npy_bytes(arr), zipfile.ZIP_STORED),
        ("readme.txt", b"hello, this is not an array\n", zipfile.ZIP_DEFLATED),
        ("folder/", b"", zipfile.ZIP_STORED),
        ("noext", npy_bytes(np.arange(3.0)), zipfile.ZIP_DEFLATED),
        ("fake.npy", b"\x93NUMPY but not really", zipfile.ZIP_STORED),
    ])
    zip_members("bzip2_lzma.npz", "bzip2 and LZMA members between readable ones", [
        ("first.npy", npy_bytes(arr), zipfile.ZIP_DEFLATED),
        ("bz.npy", npy_bytes(arr), zipfile.ZIP_BZIP2),
        ("middle.npy", npy_bytes(arr * 2), zipfile.ZIP_STORED),
        ("xz.npy", npy_bytes(arr), zipfile.ZIP_LZMA),
        ("last.npy", npy_bytes(arr * 3), zipfile.ZIP_DEFLATED),
    ])
    rng_big = np.random.default_rng(12)
    wave = (np.sin(np.arange(150000) / 50.0) * 1000 + rng_big.normal(0, 3, 150000)).astype("<f8")
    zip_members("bzip2_lzma_big.npz", "1.2 MB members in bzip2 and LZMA (many decoder calls), one deflated", [
        ("wave_bz2.npy", npy_bytes(wave), zipfile.ZIP_BZIP2),
        ("wave_lzma.npy", npy_bytes(wave), zipfile.ZIP_LZMA),
        ("wave.npy", npy_bytes(wave), zipfile.ZIP_DEFLATED),
    ])
    zip_members("duplicates.npz", "the same name twice: the last wins", [
        ("a.npy", npy_bytes(np.array([1, 2, 3])), zipfile.ZIP_STORED),
        ("b.npy", npy_bytes(np.array([9.0])), zipfile.ZIP_STORED),
        ("a.npy", npy_bytes(np.array([4, 5, 6, 7])), zipfile.ZIP_DEFLATED),
    ])
    # A legacy (non-UTF-8) name: byte 0x82 is 'é' in cp437. zipfile always writes UTF-8, so write
    # an ASCII placeholder and patch the byte in the local header and the central directory.
    zip_members("cp437_name.npz", "a member name in cp437 (no UTF-8 flag): caf\\x82.npy is 'café.npy'", [
        ("cafX.npy", npy_bytes(np.arange(4, dtype="<i2")), zipfile.ZIP_STORED),
        ("plain.npy", npy_bytes(np.arange(2, dtype="<i2")), zipfile.ZIP_DEFLATED),
    ])
    with open(path("cp437_name.npz"), "rb") as f:
        data = f.read()
    assert data.count(b"cafX.npy") == 2
    with open(path("cp437_name.npz"), "wb") as f:
        f.write(data.replace(b"cafX.npy", b"caf\x82.npy"))
    mixed = dict(
        values=np.array([1.5, np.nan, np.inf, -2.0, 4.0, np.nan, 0.25]),
        both_inf=np.array([np.inf, -np.inf, 1.0, np.nan, 7.5], dtype="<f4"),
        big_endian=np.array([3, -7, 12, 0], dtype=">i4"),
        when=np.array(["2020-01-01T10:30:00", "NaT", "1999-12-31T23:59:59", "2024-02-29T00:00:00"], dtype="<M8[s]"),
        delta=np.array([5, "NaT", -3000], dtype=">m8[ms]"),
        records=np.array([(1.0, 2), (np.nan, -4), (-np.inf, 9)], dtype=[("x", "<f8"), ("n", "<i2")]))
    savez("stats_mixed.npz", "NaN, +Inf, -Inf and NaT beside ordinary values, and a record array: "
          "statistics as NumPy's nan* functions give them", **mixed)
    # Saved out of order: the browser sorts names naturally (layer2 before layer10), folders by totals.
    layers = {}
    for n in (10, 2, 1):
        layers["layer%d/w" % n] = np.zeros((n, 4), dtype="<f4")
        layers["layer%d/b" % n] = np.zeros(n, dtype="<f4")
    layers.update(emb=np.ones((100, 8)), Step=np.array(7, dtype="<i8"), x10=np.arange(3, dtype="<i2"),
                  x9=np.arange(5, dtype="u1"))
    savez("layers.npz", "folders layer10, layer2, layer1 and members of mixed case, digits, sizes and dtypes, "
          "in that (unsorted) order", **layers)
    zip_members("object_member.npz", "a pickled object array next to a plain one", [
        ("plain.npy", npy_bytes(np.arange(3)), zipfile.ZIP_STORED),
        ("obj.npy", npy_bytes(np.array([{"a": 1}, None], dtype=object)), zipfile.ZIP_DEFLATED),
    ])


def nan_stats(arr):
    """NumPy's nan* figures of a plain array, or of each field of a record array, as text."""
    if arr.dtype.fields:
        return {f: nan_stats(arr[f]) for f in arr.dtype.names}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = {"count": int(arr.size)}
        if arr.dtype.kind in "mM":
            out["nat"] = int(np.isnat(arr).sum())
            out["min"] = str(np.nanmin(arr))
            out["max"] = str(np.nanmax(arr))
            return out
        f = arr.astype(np.float64)
        out["nan"] = int(np.isnan(f).sum())
        out["+inf"] = int(np.isposinf(f).sum())
        out["-inf"] = int(np.isneginf(f).sum())
        for key, fn in [("min", np.nanmin), ("max", np.nanmax), ("mean", np.nanmean), ("std", np.nanstd)]:
            out[key] = repr(float(fn(f)))
        finite = f[np.isfinite(f)]
        for key, fn in [("finite_min", np.min), ("finite_max", np.max), ("finite_mean", np.mean),
                        ("finite_std", np.std)]:
            out[key] = repr(float(fn(finite)))
        if arr.dtype.kind in "iub" and arr.size:  # integers and bools: exact extremes, as NumPy prints ints
            for key, fn in [("min", np.min), ("max", np.max)]:
                out[key] = out["finite_" + key] = str(int(fn(arr)))
        return out


def sha(b):
    return hashlib.sha256(b).hexdigest()


def describe(name):
    entry = {"file": name, "what": WHAT[name], "savez_identical": name in SAVEZ_IDENTICAL}
    with zipfile.ZipFile(path(name)) as z:
        infos = z.infolist()
    npz = np.load(path(name), allow_pickle=False)
    entry["keys"] = list(npz.files)
    members = []
    last = {}
    for i, info in enumerate(infos):
        key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
        last[key] = i
    for i, info in enumerate(infos):
        key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
        m = {"archive": info.filename, "key": key, "method": info.compress_type,
             "compressed_size": info.compress_size, "size": info.file_size, "crc": info.CRC,
             "shadowed": last[key] != i}
        if info.compress_type not in (0, 8, 12, 14):
            m["is_array"] = False
            m["error"] = "compression method %d" % info.compress_type
            members.append(m)
            continue
        with zipfile.ZipFile(path(name)) as z:
            raw = z.open(info).read()
        m["raw_sha256"] = sha(raw)
        if not raw.startswith(b"\x93NUMPY"):
            m["is_array"] = False
            members.append(m)
            continue
        f = io.BytesIO(raw)
        try:
            version = np.lib.format.read_magic(f)
            shape, fortran, dtype = np.lib.format._read_array_header(f, version, max_header_size=10 ** 6)
        except Exception as e:  # fake.npy
            m["is_array"] = False
            m["error"] = "bad NPY header"
            members.append(m)
            continue
        m["is_array"] = True
        m["descr"] = repr(np.lib.format.dtype_to_descr(dtype))
        m["shape"] = list(shape)
        m["fortran_order"] = bool(fortran)
        m["data_offset"] = f.tell()
        if dtype.hasobject:
            m["error"] = "pickled"
            members.append(m)
            continue
        arr = np.load(io.BytesIO(raw))
        data = raw[f.tell():f.tell() + arr.nbytes]
        assert len(data) == arr.nbytes
        if not arr.dtype.fields:  # struct padding bytes are not copied by tobytes()
            assert data == arr.tobytes(order="F" if fortran else "C"), (name, info.filename)
        m["sha256"] = sha(data)
        if name == "stats_mixed.npz":
            m["stats"] = nan_stats(arr)
        if not m["shadowed"]:
            assert np.asarray(npz[key]).tobytes() == arr.tobytes()
        members.append(m)
    entry["members"] = members
    return entry


def main():
    generate()
    files = [describe(n) for n in sorted(WHAT)]
    doc = {"generator": "tests/data/gen_npz_fixtures.py", "numpy_version": np.__version__, "files": files}
    with open(path("expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    total = sum(os.path.getsize(path(n)) for n in os.listdir(OUT))
    print("wrote %d archives, %d bytes" % (len(files), total))


if __name__ == "__main__":
    main()
