#!/usr/bin/env python3
"""Generate the pickled object-array fixtures in tests/data/pickle/ plus expected.json.

Run with Debian's python (it has numpy):   /usr/bin/python3 tests/data/gen_pickle_fixtures.py

Two kinds of files:
  * good: object arrays written by NumPy itself (np.save, np.savez, np.lib.format.write_array with
    pickle_kwargs={'protocol': N}); their expected TREE (the `npy-tool info --json` "object") is
    computed here from the Python objects, and every non-object ndarray inside is listed with its
    export path and the sha256 of np.save of it.
  * hostile: pickles written by hand as bytes and NEVER loaded (not by np.load, not by pickle):
    each names what the reader must refuse.  NumPy's own Python 2/3 test files (which refer to
    the builtin xrange) are copied from the installed numpy and are refused too.

Output is deterministic.
"""
import collections
import hashlib
import io
import json
import os
import pickle
import random
import shutil
import struct
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pickle")


# --------------------------------------------------------------------------- expected trees

VALUE_BUILTINS = {range, int, float, complex, str, bytes, bytearray, bool, list, tuple, dict, set, frozenset,
                  object, type, slice, type(None), type(Ellipsis), type(NotImplemented)}


def tree(o):
    """The TREE of npy-tool info --json for a Python object (the same rules the C++ reader follows)."""
    if o is None:
        return {"type": "none"}
    if o is Ellipsis or o is NotImplemented:
        return {"type": "global", "module": "builtins", "name": repr(o)}
    if isinstance(o, type) and o in VALUE_BUILTINS:
        return {"type": "global", "module": o.__module__, "name": o.__name__}
    if isinstance(o, np.ndarray):
        t = {"type": "ndarray", "dtype": o.dtype.str, "shape": list(o.shape)}
        if o.dtype == object:
            t["items"] = [tree(x) for x in o.ravel(order="C")]
        return t
    if isinstance(o, np.generic):
        d = o.dtype
        t = {"type": "scalar", "dtype": d.str}
        if d.kind == "c":
            t["value"] = [float(o.real), float(o.imag)]
        elif d.kind == "b":
            t["value"] = bool(o)
        elif d.kind in "iu":
            t["value"] = int(o)
        elif d.kind == "f":
            t["value"] = float(o)
        elif d.kind == "U":
            t["value"] = str(o)
        elif d.kind in "Mm":
            t["value"] = int(np.array(o).view("i8"))
        else:
            t["hex"] = o.tobytes().hex()
        return t
    if isinstance(o, np.dtype):
        return {"type": "dtype", "dtype": o.str}
    if isinstance(o, bool):
        return {"type": "bool", "value": o}
    if isinstance(o, int):
        return {"type": "int", "value": o}
    if isinstance(o, float):
        return {"type": "float", "value": o}
    if isinstance(o, complex):
        return {"type": "complex", "value": [o.real, o.imag]}
    if isinstance(o, str):
        return {"type": "str", "value": o}
    if isinstance(o, bytes):
        return {"type": "bytes", "hex": o.hex()}
    if isinstance(o, bytearray):
        return {"type": "bytearray", "hex": bytes(o).hex()}
    if isinstance(o, dict):
        return {"type": "dict", "items": [{"key": tree(k), "value": tree(v)} for k, v in o.items()]}
    for cls, name in ((list, "list"), (tuple, "tuple"), (frozenset, "frozenset"), (set, "set")):
        if isinstance(o, cls):
            return {"type": name, "items": [tree(x) for x in o]}
    raise TypeError(type(o))


def arrays(o, path=()):
    """(path, array) of every non-object ndarray inside o, in the reader's depth-first order."""
    if isinstance(o, np.ndarray):
        if o.dtype != object:
            yield list(path), o
        elif o.ndim == 0:
            yield from arrays(o[()], path)
        else:
            for i, x in enumerate(o.ravel(order="C")):
                yield from arrays(x, path + (str(i),))
    elif isinstance(o, dict):
        for i, (k, v) in enumerate(o.items()):
            yield from arrays(v, path + (k if isinstance(k, str) else str(i),))
    elif isinstance(o, (list, tuple, set, frozenset)):
        for i, x in enumerate(o):
            yield from arrays(x, path + (str(i),))


def npy_sha(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return hashlib.sha256(buf.getvalue()).hexdigest()


def member_entry(name, arr):
    return {"name": name, "object": tree(arr),
            "arrays": [{"path": p, "sha256": npy_sha(a)} for p, a in arrays(arr)]}


# --------------------------------------------------------------------------- writers

GOOD = []
HOSTILE = []


def write_npy(name, arr, protocol=None):
    path = os.path.join(OUT, name)
    # write_array of NumPy 1.24 always pickles with protocol 3: the header as it writes it, then
    # pickle.dump of the array with the protocol asked for (NumPy's own __reduce_ex__ at work).
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(f, np.lib.format.header_data_from_array_1_0(arr))
        pickle.dump(arr, f, protocol=protocol)
    return path


def good(name, what, obj, protocol=None):
    arr = obj if isinstance(obj, np.ndarray) else np.array(obj, dtype=object)
    if protocol is None:
        np.save(os.path.join(OUT, name), obj, allow_pickle=True)
    else:
        write_npy(name, arr, protocol)
    # What np.load gives back is the expectation: protocols 0-4 restore an array through ndarray.__setstate__,
    # which turns a non-native plain dtype ('>f4') into the native one with the same values; protocol 5 keeps it.
    loaded = np.load(os.path.join(OUT, name), allow_pickle=True)
    GOOD.append({"file": name, "what": what, "members": [member_entry(name[:-4], loaded)]})


def object_array(items, shape=None):
    a = np.empty(len(items), dtype=object)
    for i, x in enumerate(items):
        a[i] = x
    return a.reshape(shape) if shape else a


def header_for_pickle(shape=()):
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "|O", "fortran_order": False, "shape": shape})
    return buf.getvalue()


def hostile(name, what, payload, refuse, shape=()):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(header_for_pickle(shape) + payload)
    HOSTILE.append({"file": name, "what": what, "refuse": refuse})


# --------------------------------------------------------------------------- good files

def make_good():
    config = {
        "weights": np.arange(6.0).reshape(2, 3),
        "count": np.int32(7),
        "name": "run 1",
        "nested": {"lr": np.float32(0.5), "flags": [1, 2.5, None, True, False]},
        "c": np.complex128(1 + 2j),
        "big": 2 ** 70,
        "neg": -(2 ** 70) - 1,
        "small": -5,
        "raw": b"\x00\xff",
        "pair": (1, "two"),
        "zero": -0.0,
        "tiny": 5e-324,
    }
    good("dict_arrays_scalars.npy", "np.save of a dict of arrays and scalars (0-d object array, protocol 3)", config)
    good("object_str.npy", "object array of str", np.array(["alpha", "béta", "", "x" * 300, "日本"], dtype=object))
    good("ragged.npy", "ragged list of arrays",
         object_array([np.arange(3), np.arange(5.0), np.zeros((2, 2), dtype=">i2")]))
    good("mixed_2d.npy", "2-D mixed object array",
         np.array([[1, "a", 2.5], [None, (1, 2), {"k": [1]}]], dtype=object))
    good("numpy_scalars.npy", "numpy scalars of many dtypes", object_array([
        np.float16(1.5), np.uint64(2 ** 64 - 1), np.int8(-3), np.bool_(True), np.complex64(1 - 2j),
        np.str_("hé"), np.bytes_(b"ab"), np.datetime64("2020-01-01", "D"), np.timedelta64(5, "s"),
        np.float32(0.1), np.int64(-2 ** 63), np.longdouble(0.25), np.float64(1e300)]))
    builtins_as_values = [range, int, float, complex, str, bytes, bytearray, bool, list, tuple, dict, set,
                          frozenset, object, type, slice, type(None), type(Ellipsis), type(NotImplemented),
                          Ellipsis, NotImplemented]
    good("builtin_types.npy", "builtin types and constants as values (protocol 3)", object_array(builtins_as_values))
    good("builtin_types_p0.npy", "builtin types and constants as values (protocol 0)",
         object_array(builtins_as_values), 0)
    good("fortran_object.npy", "Fortran-ordered 2-D object array",
         np.asfortranarray(np.array([[1, "a"], [2, "b"], [3, "c"]], dtype=object)))
    inner = {
        "struct": np.array([(1, 2.0), (3, 4.5)], dtype=[("x", "<i4"), ("y", ">f8")]),
        "dates": np.array(["2020-01-01", "2021-06-30"], dtype="M8[D]"),
        "text": np.array(["ab", "c"]),
        "fortran": np.asfortranarray(np.arange(6, dtype="<u2").reshape(2, 3)),
        "big_endian": np.arange(4, dtype=">f4"),
        "empty": np.zeros((0, 3)),
        "scalar0d": np.array(3.5),
        "bools": np.array([True, False]),
        "sub": np.zeros(2, dtype=[("m", "<f4", (2, 2)), ("n", [("p", "i1"), ("q", "S3")])]),
    }
    for proto in (0, 1, 2, 3, 4, 5):
        obj = dict(inner)
        obj.update({"set": {1, 2}, "frozen": frozenset(["z"]), "od": collections.OrderedDict([("b", 1), ("a", 2)]),
                    "bytes": b"q\x00", "ba": bytearray(b"xy"), "cplx": 1.5 - 2j, "dtype": np.dtype(">i2"),
                    "empty_bytes": b"", "unicode": "ü\u20ac\U0001F600", "long": 10 ** 30, "int_keys": {1: "one", 2: "two"}})
        good("protocol%d.npy" % proto, "dict of arrays and values pickled with protocol %d" % proto,
             _zero_d(obj), proto)
    shared = [1, 2]
    good("shared_refs.npy", "the same list referenced twice (shown at each place)", _zero_d({"x": shared, "y": shared}))
    nested = object_array([object_array(["a", np.arange(2)]), None, np.array(7)])
    good("nested_object.npy", "object array holding an object array", nested)

    # An .npz mixing plain and pickled members, stored and compressed.
    for name, saver in (("mixed.npz", np.savez), ("mixed_compressed.npz", np.savez_compressed)):
        members = {"plain": np.arange(4), "obj": object_array([{"a": 1}, np.ones(2)]),
                   "strs": np.array(["x", "y"], dtype=object)}
        saver(os.path.join(OUT, name), **members)
        with np.load(os.path.join(OUT, name), allow_pickle=True) as loaded:
            back = {k: loaded[k] for k in members}
        GOOD.append({"file": name, "what": "npz of plain and pickled members (%s)" % saver.__name__,
                     "members": [member_entry(k, back[k]) for k, v in members.items() if v.dtype == object],
                     "plain": [k for k, v in members.items() if v.dtype != object]})

    # A Python 2 style protocol 0 pickle, written by hand as NumPy 1.x on Python 2 wrote it.
    py2 = (b"cnumpy.core.multiarray\n_reconstruct\np0\n(cnumpy\nndarray\np1\n(I0\ntp2\nS'b'\np3\ntp4\nRp5\n"
           b"(I1\n(I4\ntp6\ncnumpy\ndtype\np7\n(S'O8'\np8\nI0\nI1\ntp9\nRp10\n(I3\nS'|'\np11\nNNNI-1\nI-1\nI63\n"
           b"tp12\nbI00\n(lp13\nS'caf\\xe9 \\'q\\''\np14\naS'ascii'\np15\naL12345678901234567890L\naF2.5\natp16\nb.")
    with open(os.path.join(OUT, "python2_protocol0.npy"), "wb") as f:
        f.write(header_for_pickle((4,)) + py2)
    # A Python 2 str: text when ASCII (NumPy's default encoding='ASCII'), else bytes (encoding='bytes').
    GOOD.append({"file": "python2_protocol0.npy",
                 "what": "hand-written Python 2 protocol 0 pickle (str: ASCII as text, other bytes as bytes)",
                 "members": [member_entry("python2_protocol0",
                                          object_array([b"caf\xe9 'q'", "ascii", 12345678901234567890, 2.5]))]})

    # NumPy's own Python 2 and 3 test files; the content NumPy's test_format.py states for them
    # (test_pickle_python2_python3, loaded there with encoding='bytes'). xrange is builtins.range.
    data = os.path.join(os.path.dirname(np.__file__), "lib", "tests", "data")
    expected = object_array([None, range, "\u512a\u826f", b"\xe4\xb8\x8d\xe8\x89\xaf"])
    for name in ("py2-objarr.npy", "py3-objarr.npy", "py2-objarr.npz", "py3-objarr.npz"):
        src = os.path.join(data, name)
        shutil.copyfile(src, os.path.join(OUT, "numpy_" + name))
        GOOD.append({"file": "numpy_" + name, "what": "NumPy's own test data (numpy/lib/tests/data/%s)" % name,
                     "members": [member_entry("numpy_" + name[:-4] if name.endswith(".npy") else "x", expected)]})


def _zero_d(obj):
    a = np.empty((), dtype=object)
    a[()] = obj
    return a


# --------------------------------------------------------------------------- hostile files

def make_hostile():
    hostile("os_system_reduce.npy", "posix.system through GLOBAL + REDUCE",
            b"\x80\x02cposix\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.", "posix.system")
    hostile("os_system_stack_global.npy", "os.system through STACK_GLOBAL + REDUCE (protocol 4)",
            b"\x80\x04\x95\x1a\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94\x8c\x02id\x94\x85\x94R\x94.",
            "os.system")
    hostile("builtins_eval.npy", "builtins.eval of a string",
            b"\x80\x03cbuiltins\neval\nX\x10\x00\x00\x00__import__('os')\x85R.",
            "builtins.eval")
    hostile("inst_os_system.npy", "INST os system (protocol 0)", b"(S'id'\nios\nsystem\n.", "os.system")
    hostile("obj_subprocess.npy", "OBJ subprocess.call", b"\x80\x02(csubprocess\ncall\nX\x02\x00\x00\x00lso.",
            "subprocess.call")
    hostile("reconstruct_other_class.npy", "numpy _reconstruct of a class that is not ndarray",
            b"\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy.ma.core\nMaskedArray\nK\x00\x85C\x01b\x87R.",
            "numpy.ma.core.MaskedArray")
    hostile("getattr.npy", "builtins.getattr", b"\x80\x04\x8c\x08builtins\x8c\x07getattr\x93.", "builtins.getattr")
    n = 200000
    hostile("deep_nesting.npy", "200000 nested lists", b"\x80\x02" + b"(" * n + b"l" * n + b".", "deeper than")
    bomb = b"\x80\x02]q\x000"
    for i in range(1, 31):
        bomb += b"](" + (b"h" + bytes([i - 1])) * 10 + b"eq" + bytes([i]) + (b"0" if i < 30 else b"")
    hostile("memo_bomb.npy", "a list of 10 references to a list of 10 references ... 30 deep", bomb + b".",
            "memo bomb")
    big = b"\x80\x04\x8e" + struct.pack("<Q", 1 << 16) + bytes(1 << 16) + b"\x940](" + b"h\x00" * 4200 + b"e."
    hostile("bytes_bomb.npy", "64 KiB of bytes referenced 4200 times", big, "more than 268435456 bytes")
    copies = (b"\x80\x04]\x94(" + b"N" * 200000 + b"e0\x8c\x08builtins\x94\x8c\x03set\x94\x93\x940](" +
              b"h\x03h\x00\x85R" * 2000 + b"e.")
    hostile("copy_bomb.npy", "set() of a 200000-item list called 2000 times", copies, "copied while reading")
    n_f8 = 1 << 15
    array_bomb = (b"\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R"
                  b"(K\x01J" + struct.pack("<i", n_f8) + b"\x85cnumpy\ndtype\nX\x02\x00\x00\x00f8\x89\x88\x87R"
                  b"(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89B" +
                  struct.pack("<I", 8 * n_f8) + bytes(8 * n_f8) + b"tbq\x000](" + b"h\x00" * 4200 + b"e.")
    hostile("array_bomb.npy", "a 256 KiB ndarray referenced 4200 times", array_bomb, "bytes of arrays")
    hostile("lying_binunicode.npy", "BINUNICODE claiming 2 GiB", b"\x80\x02X\xff\xff\xff\x7fabc.", "only")
    hostile("lying_bytes8.npy", "BINBYTES8 claiming 2^62 bytes",
            b"\x80\x04\x8e" + struct.pack("<Q", 1 << 62) + b"abc.", "only")
    hostile("lying_long4.npy", "LONG4 claiming 1 GiB", b"\x80\x02\x8b\x00\x00\x00\x40\x01.", "")
    hostile("self_reference.npy", "a list that contains itself", b"\x80\x02]q\x00h\x00a.", "contains itself")
    arr_head = (b"\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R"
                b"(K\x01J\x40\x42\x0f\x00\x85cnumpy\ndtype\nX\x02\x00\x00\x00f8\x89\x88\x87R"
                b"(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89C\x08")
    hostile("lying_ndarray_shape.npy", "ndarray state of shape (1000000,) float64 holding 8 bytes",
            arr_head + struct.pack("<d", 1.0) + b"tb.", "needs 8000000 bytes")
    with open(os.path.join(OUT, "dict_arrays_scalars.npy"), "rb") as f:
        whole = f.read()
    start = whole.index(b"\n") + 1
    with open(os.path.join(OUT, "truncated.npy"), "wb") as f:
        f.write(whole[: start + (len(whole) - start) // 2])
    HOSTILE.append({"file": "truncated.npy", "what": "the dict pickle cut in half", "refuse": "truncated"})
    rnd = random.Random(13)
    hostile("garbage.npy", "random bytes after an object header", bytes(rnd.randrange(256) for _ in range(4096)), "")
    hostile("persid.npy", "a persistent id", b"\x80\x02Pfoo\n.", "persistent")
    hostile("next_buffer.npy", "an out-of-band buffer", b"\x80\x05\x97.", "out-of-band")
    hostile("class_as_value.npy", "a global standing as a value", b"\x80\x02]q\x00cnumpy\nndarray\na.", "numpy.ndarray")
    hostile("empty_pickle.npy", "no pickle at all", b"", "truncated")
    # A hostile member inside an otherwise good archive.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        plain = io.BytesIO()
        np.save(plain, np.arange(3))
        fixed = (1980, 1, 1, 0, 0, 0)  # a fixed time stamp: the archive is the same bytes on every run
        z.writestr(zipfile.ZipInfo("plain.npy", fixed), plain.getvalue())
        z.writestr(zipfile.ZipInfo("evil.npy", fixed),
                   header_for_pickle() + b"\x80\x02cposix\nsystem\nX\x02\x00\x00\x00id\x85R.")
    with open(os.path.join(OUT, "hostile_member.npz"), "wb") as f:
        f.write(buf.getvalue())
    HOSTILE.append({"file": "hostile_member.npz", "what": "posix.system in one member of an archive",
                    "refuse": "posix.system"})
    # Builtins may stand as values, but are never called; only type(None)-like calls of type are data.
    hostile("call_xrange.npy", "a call of __builtin__.xrange", b"\x80\x02c__builtin__\nxrange\nK\x05\x85R.",
            "builtins.range")
    hostile("call_int.npy", "a call of builtins.int (INST)", b"(S'5'\nibuiltins\nint\n.", "builtins.int")
    hostile("type_three_args.npy", "type('X', (), {}) makes a class",
            b"\x80\x03cbuiltins\ntype\nX\x01\x00\x00\x00X)}\x87R.", "builtins.type")
    hostile("build_on_builtin.npy", "BUILD (__setstate__) of builtins.dict", b"\x80\x02cbuiltins\ndict\n}b.",
            "builtins.dict")
    hostile("eval_as_value.npy", "builtins.eval standing as a value in a list", b"\x80\x02]cbuiltins\neval\na.",
            "builtins.eval")
    hostile("newobj_object.npy", "NEWOBJ of builtins.object", b"\x80\x02cbuiltins\nobject\n)\x81.",
            "builtins.object")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".npy", ".npz", ".json")):
            os.remove(os.path.join(OUT, f))
    make_good()
    make_hostile()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"generator": "gen_pickle_fixtures.py", "numpy_version": np.__version__,
                   "good": GOOD, "hostile": HOSTILE}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
