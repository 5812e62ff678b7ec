#!/usr/bin/env python3
"""Writes tests/data/transform/: NumPy's answers for casting, astype, reshape and transpose.

- casting_table.txt: np.can_cast(a, b, casting) for every pair of the dtypes listed on its first line
  (one per word, as dtype.str writes them). Each further line is one source dtype: its dtype.str, then
  one digit per target, the strictest casting that allows the cast: 0 no, 1 equiv, 2 safe, 3 same_kind,
  4 unsafe, 5 none.
- cast/SRC.npy and cast/SRC_expected.npz, for numeric source dtypes SRC: special and random values,
  and in the archive one member per target dtype (named as the target's dtype.str with '<' written
  'lt_', '>' 'gt_' and '|' 'na_'), each `np.save` of `src.astype(target)`. Long double results hold
  whatever NumPy's buffer held in the 6 padding bytes of each value: compare the 10 value bytes only.
- cast/reports.json: {SRC: {TARGET: {"nan", "infinity", "overflow", "imaginary", "precision", "first",
  "first_change"}}} for some sources: what the cast changes, element by element, each counted once under
  its most telling change (NaN > infinity > overflow > imaginary > precision), worked out with NumPy's
  long double arithmetic: the meaning of ElementCast's report.
- convert/: inputs for `npy-tool convert` (a.npy, f3.npy, src.npz, srcz.npz), expected/*.npy
  (np.save of NumPy's result) and cases.json: [{"name", "input", "output", "args", "exit",
  "members": {name: expected file} }], `members` empty when the command must fail and leave no output.

    /usr/bin/python3 tests/data/gen_transform_fixtures.py
"""
import glob
import io
import json
import os
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "transform")
LEVELS = ["no", "equiv", "safe", "same_kind", "unsafe"]


def clean(folder):
    os.makedirs(folder, exist_ok=True)
    for pattern in ("*.npy", "*.npz", "*.json", "*.txt"):
        for f in glob.glob(os.path.join(folder, pattern)):
            os.remove(f)


def member_name(dt):
    s = np.dtype(dt).str
    return {"<": "lt_", ">": "gt_", "|": "na_"}[s[0]] + s[1:]


def npy_bytes(arr):
    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------ casting table

def table_dtypes():
    out = ["?", "i1", "u1"]
    for code in ["i2", "i4", "i8", "u2", "u4", "u8", "f2", "f4", "f8", "f16", "c8", "c16", "c32"]:
        out += ["<" + code, ">" + code]
    for n in [0, 1, 3, 4, 5, 6, 10, 11, 20, 21, 32, 33, 48, 64, 96, 97]:
        out.append("S%d" % n)
        out.append("<U%d" % n)
    out += [">U5", ">U32"]
    units = ["", "[Y]", "[M]", "[W]", "[D]", "[h]", "[m]", "[s]", "[ms]", "[us]", "[ns]", "[ps]", "[fs]", "[as]",
             "[10ms]", "[2D]", "[7s]", "[3M]"]
    for kind in ["M8", "m8"]:
        out += ["<" + kind + u for u in units]
        out += [">" + kind + "[s]", ">" + kind]
    return [np.dtype(t) for t in out]


def write_table():
    types = table_dtypes()
    lines = [" ".join(t.str for t in types)]
    for a in types:
        digits = []
        for b in types:
            allowed = [np.can_cast(a, b, c) for c in LEVELS]
            # The levels nest: once a cast is allowed, every looser level allows it too.
            first = allowed.index(True) if True in allowed else 5
            assert all(allowed[first:]), (a, b, allowed)
            digits.append(str(first))
        lines.append(a.str + " " + "".join(digits))
    with open(os.path.join(OUT, "casting_table.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ------------------------------------------------------------------------------------------ astype

POOL = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.5, 127.0, 127.9, 128.0, -128.0, -129.0, 255.0, 255.5, 256.0,
        300.0, -300.0, 32767.0, 32768.0, -32769.0, 65504.0, 65519.9, 65520.0, 65536.0, -40000.0, 2.0**31 - 1,
        2.0**31, -2.0**31, -2.0**31 - 1, 2.0**32 + 5, 3e9, -3e9, 5e9, 2.0**53 + 1, 2.0**63, -2.0**63, 2.0**64,
        1e20, -1e20, 1e300, -1e300, np.inf, -np.inf, np.nan, -np.nan, 6e-8, 3e-8, 2.0**-25, 1e-40, 0.1,
        1 + 2.0**-11 + 2.0**-40]
NUMERIC = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "f16", "c8", "c16", "c32"]
SWAPPED_SOURCES = ["i2", "u4", "f4", "f8", "f16", "c8", "c16"]
SWAPPED_TARGETS = ["i2", "u4", "f4", "c16"]


def cast_values(dt, n, rng):
    dt = np.dtype(dt)
    native = dt.newbyteorder("=")
    if dt.kind == "b":
        v = rng.integers(0, 2, n).astype(native)
    elif dt.kind in "iu":
        info = np.iinfo(native)
        edges = [x for x in [0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, 65535, 65536, 2**31 - 1,
                             2**31, 2**32 - 1, -2**31, 2**63 - 1, -2**63, 2**53 + 1] if info.min <= x <= info.max]
        v = np.concatenate([np.array(edges, dtype=native),
                            rng.integers(info.min, info.max, n, dtype=native, endpoint=True)])[:n]
    elif dt.kind == "f":
        v = np.concatenate([np.array(POOL), rng.standard_normal(n) * 10.0 ** rng.integers(-10, 25, n)])[:n]
        v = v.astype(native)
    else:
        re = np.concatenate([np.array(POOL), rng.standard_normal(n) * 1e6])[:n]
        im = np.concatenate([np.zeros(8), rng.choice(np.array(POOL), n)])[:n]
        v = (re + 1j * im).astype(native)
    return v.astype(dt)


REPORT_SOURCES = ["f8", "f4", "f2", "f16", "i8", "u8", "i4", "c16", "c8", ">f8", "?"]
CHANGES = ["nan", "infinity", "overflow", "imaginary", "precision"]


def real_changes(x, src, dst):
    """The change codes (index in CHANGES, 5 for none) of real values x (as src) becoming dst."""
    src, dst = np.dtype(src), np.dtype(dst)
    n = x.size
    code = np.full(n, 5)
    if src.kind == "b":
        return code
    lx = x.astype(np.longdouble)
    if dst.kind == "b":
        if src.kind == "f":
            code[np.isnan(lx)] = 0
            code[np.isinf(lx)] = 1
            finite = np.isfinite(lx)
            other = finite & (lx != 0) & (lx != 1)
            code[other & (np.trunc(lx) == lx)] = 2
            code[other & (np.trunc(lx) != lx)] = 4
        else:
            code[(lx != 0) & (lx != 1)] = 2
        return code
    if dst.kind in "iu":
        info = np.iinfo(dst)
        if src.kind == "f":
            code[np.isnan(lx)] = 0
            code[np.isinf(lx)] = 1
            finite = np.isfinite(lx)
            t = np.where(finite, np.trunc(np.where(finite, lx, 0)), 0)
            out = finite & ((t < np.longdouble(info.min)) | (t > np.longdouble(info.max)))
            code[out] = 2
            code[finite & ~out & (t != lx)] = 4
        else:
            ints = x.astype(object)
            code[np.array([not (info.min <= int(v) <= info.max) for v in ints], dtype=bool)] = 2
        return code
    # To a float.
    back = x.astype(dst).astype(np.longdouble)
    if src.kind == "f":
        valid = ~np.isnan(lx)
        code[valid & np.isinf(back) & ~np.isinf(lx)] = 2
        code[valid & ~(np.isinf(back) & ~np.isinf(lx)) & (back != lx)] = 4
    else:
        code[np.isinf(back)] = 2
        code[~np.isinf(back) & (back != lx)] = 4
    return code


def report_of(a, dst):
    src = a.dtype
    dst = np.dtype(dst)
    if src.kind == "c":
        part = np.dtype("f%d" % (src.itemsize // 2))
        if dst.kind == "c":
            dpart = np.dtype("f%d" % (dst.itemsize // 2))
            code = np.minimum(real_changes(a.real.astype(part), part, dpart),
                              real_changes(a.imag.astype(part), part, dpart))
        else:
            code = real_changes(a.real.astype(part), part, dst)
            imaginary = a.imag != 0
            code = np.where(imaginary, np.minimum(code, 3), code)
            if dst.kind == "b":
                code = np.where(imaginary, 3, code)
    elif dst.kind == "c":
        code = real_changes(a, src, np.dtype("f%d" % (dst.itemsize // 2)))
    else:
        code = real_changes(a, src, dst)
    out = {name: int(np.count_nonzero(code == i)) for i, name in enumerate(CHANGES)}
    changed = np.nonzero(code < 5)[0]
    out["first"] = int(changed[0]) if changed.size else -1
    out["first_change"] = CHANGES[code[changed[0]]] if changed.size else ""
    return out


def write_casts():
    folder = os.path.join(OUT, "cast")
    clean(folder)
    rng = np.random.default_rng(25)
    sources = [np.dtype(t) for t in NUMERIC] + [np.dtype(">" + t) for t in SWAPPED_SOURCES]
    targets = [np.dtype(t) for t in NUMERIC] + [np.dtype(">" + t) for t in SWAPPED_TARGETS]
    reports = {}
    for src in sources:
        # 70 elements: NumPy's vectorised loops (float to uint32) have a scalar tail.
        n = 70
        a = cast_values(src, n, rng)
        np.save(os.path.join(folder, member_name(src) + ".npy"), a)
        results = {member_name(t): a.astype(t) for t in targets}
        np.savez_compressed(os.path.join(folder, member_name(src) + "_expected.npz"), **results)
        if src.str in [np.dtype(t).str for t in REPORT_SOURCES]:
            reports[member_name(src)] = {member_name(t): report_of(a, t) for t in targets}
    with open(os.path.join(folder, "reports.json"), "w") as f:
        json.dump(reports, f, indent=1, sort_keys=True)
    # A swapped complex source cast in NumPy's 128-element loops, each with its own scalar tail.
    a = np.full(300, -3e9 + 1j, dtype=">c16")
    a[::7] = 2.5e9
    np.save(os.path.join(folder, "chunked_gt_c16.npy"), a)
    np.savez_compressed(os.path.join(folder, "chunked_gt_c16_expected.npz"),
                        **{member_name(t): a.astype(t) for t in ["<u4", ">u4"]})


# ------------------------------------------------------------------------------------------ convert

def write_convert():
    folder = os.path.join(OUT, "convert")
    expected = os.path.join(folder, "expected")
    clean(folder)
    clean(expected)
    rng = np.random.default_rng(7)
    a = np.arange(12, dtype=np.float64).reshape(3, 4) * 1.25
    c3 = rng.standard_normal((2, 3, 4))
    f3 = np.asfortranarray(rng.standard_normal((2, 3, 4)).astype(np.float32))
    members = {
        "f8": rng.standard_normal((4, 5)) * 1000,
        "i8": rng.integers(-2**40, 2**40, (3, 7)),
        "i4": np.array([[0, 1, -1, 32767, 32768], [-32769, 65536, 70000, -2**31, 2**31 - 1]], dtype=np.int32),
        "small": np.array([0.5, -2.0, 1e5, 3.75, -2.5e9 / 2], dtype=np.float64),
        "odd": np.array([1.5, np.nan, np.inf, -np.inf, 3e10, -3e10, 2.0**31, -7.9], dtype=np.float64),
        "b": np.array([True, False, True, True]),
        "u": np.array(["alpha", "be", "", "gamma ray"]),
        "nonascii": np.array(["ok", "caf\u00e9"]),
        "be8": rng.standard_normal((3, 4)).astype(">f8"),
        "be4": np.array([1, -70000, 40000, 2**31 - 1], dtype=">i4"),
        "c3": c3,
        "f3": f3,
        "ones": np.arange(6, dtype=np.int16).reshape(1, 6, 1),
    }
    np.save(os.path.join(folder, "a.npy"), a)
    np.save(os.path.join(folder, "f3.npy"), f3)
    np.savez(os.path.join(folder, "src.npz"), **members)
    np.savez_compressed(os.path.join(folder, "srcz.npz"), **members)

    cases = []
    written = {}

    def exp(arr):
        data = npy_bytes(arr)
        key = written.get(data)
        if key is None:
            key = "expected/e%03d.npy" % len(written)
            written[data] = key
            with open(os.path.join(folder, key), "wb") as f:
                f.write(data)
        return key

    def case(name, inp, out, args, result=None, status=0):
        """result: {member: array} (npz output) or an array (npy output); None when it must fail."""
        if result is None:
            got = {}
        elif isinstance(result, dict):
            got = {k: exp(v) for k, v in result.items()}
        else:
            got = {"": exp(result)}
        cases.append({"name": name, "input": inp, "output": out, "args": args, "exit": status, "members": got})

    def all_but(changes, drop=()):
        out = {k: v for k, v in members.items() if k not in drop}
        out.update(changes)
        return out

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = members
        for inp in ["src.npz", "srcz.npz"]:
            tag = "z" if inp == "srcz.npz" else ""
            case("f8_to_f4" + tag, inp, "npz", ["--astype", "f8=f4"], all_but({"f8": m["f8"].astype("f4")}))
            case("i8_to_f8" + tag, inp, "npz", ["--astype", "i8=f8"], all_but({"i8": m["i8"].astype("f8")}))
            case("i4_to_i2_unsafe" + tag, inp, "npz", ["--astype", "i4=i2", "--casting", "unsafe"],
                 all_but({"i4": m["i4"].astype("i2", casting="unsafe")}))
            case("odd_to_i4" + tag, inp, "npz", ["--astype", "odd=int32"], all_but({"odd": m["odd"].astype("i4")}))
            case("u_to_s" + tag, inp, "npz", ["--astype", "u=S"], all_but({"u": m["u"].astype("S")}))
        case("small_to_i4", "src.npz", "npz", ["--astype", "small=i4", "--casting", "unsafe"],
             all_but({"small": m["small"].astype("i4")}))
        case("odd_to_u4", "src.npz", "npz", ["--astype", "odd=u4"], all_but({"odd": m["odd"].astype("u4")}))
        case("odd_to_i1", "src.npz", "npz", ["--astype", "odd=i1"], all_but({"odd": m["odd"].astype("i1")}))
        case("f8_to_f2", "src.npz", "npz", ["--astype", "f8=float16"], all_but({"f8": m["f8"].astype("f2")}))
        case("bool_to_f4", "src.npz", "npz", ["--astype", "b=f4", "--casting", "safe"],
             all_but({"b": m["b"].astype("f4")}))
        case("f8_to_bool", "src.npz", "npz", ["--astype", "f8=bool"], all_but({"f8": m["f8"].astype("?")}))
        case("u_to_s3_cut", "src.npz", "npz", ["--astype", "u=S3"], all_but({"u": m["u"].astype("S3")}))
        case("be8_to_f4", "src.npz", "npz", ["--astype", "be8=f4"], all_but({"be8": m["be8"].astype("f4")}))
        case("be8_to_be4", "src.npz", "npz", ["--astype", "be8=>f4"], all_but({"be8": m["be8"].astype(">f4")}))
        case("be4_to_i2", "src.npz", "npz", ["--astype", "be4=i2"], all_but({"be4": m["be4"].astype("i2")}))
        case("be4_to_le", "src.npz", "npz", ["--astype", "be4=<i4", "--casting", "equiv"],
             all_but({"be4": m["be4"].astype("<i4")}))
        case("f3_to_f8_keeps_fortran", "src.npz", "npz", ["--astype", "f3=f8", "--casting", "safe"],
             all_but({"f3": m["f3"].astype("f8")}))
        case("i4_to_i2_same_kind", "src.npz", "npz", ["--astype", "i4=i2", "--casting", "same_kind"],
             all_but({"i4": m["i4"].astype("i2", casting="same_kind")}))
        # Refusals: exit 2, no output.
        case("refuse_f8_to_f4_safe", "src.npz", "npz", ["--astype", "f8=f4", "--casting", "safe"], None, 2)
        case("refuse_odd_to_i4_same_kind", "src.npz", "npz", ["--astype", "odd=i4", "--casting", "same_kind"],
             None, 2)
        case("refuse_u_to_s_same_kind", "src.npz", "npz", ["--astype", "u=S", "--casting", "same_kind"], None, 2)
        case("refuse_nonascii", "src.npz", "npz", ["--astype", "nonascii=S"], None, 2)
        case("refuse_reshape_size", "src.npz", "npz", ["--reshape", "c3=5,5"], None, 2)
        case("refuse_transpose_axes", "src.npz", "npz", ["--transpose", "c3=0,1"], None, 2)
        case("refuse_repeated_axis", "src.npz", "npz", ["--transpose", "c3=0,0,1"], None, 2)
        case("refuse_no_such_member", "src.npz", "npz", ["--transpose", "nothere"], None, 1)

        # Reshape, as np.reshape(a, shape, order).
        for shape, order in [((4, 3), "C"), ((2, 6), "F"), ((-1,), "C"), ((12,), "F"), ((2, 2, 3), "F"),
                             ((6, -1), "C"), ((1, 12, 1), "F")]:
            text = ",".join(str(s) for s in shape)
            case("a_reshape_%s_%s" % (text.replace(",", "x").replace("-", "m"), order), "a.npy", "npy",
                 ["--reshape", "a=" + text, "--order", order], np.reshape(a, shape, order=order))
        for shape, order in [((6, 4), "C"), ((6, 4), "F"), ((4, 6), "C"), ((24,), "F"), ((3, 8), "C")]:
            text = ",".join(str(s) for s in shape)
            case("f3_reshape_%s_%s" % (text.replace(",", "x"), order), "f3.npy", "npy",
                 ["--reshape", "f3=" + text, "--order", order], np.reshape(f3, shape, order=order))
        case("c3_reshape_default", "src.npz", "npz", ["--reshape", "c3=(4, 6)"],
             all_but({"c3": np.reshape(c3, (4, 6))}))
        case("ones_reshape_f", "src.npz", "npz", ["--reshape", "ones=2,3", "--order", "F"],
             all_but({"ones": np.reshape(m["ones"], (2, 3), order="F")}))

        # Transpose, as np.transpose(a, axes), of C and Fortran arrays.
        case("a_transpose", "a.npy", "npy", ["--transpose", "a"], np.transpose(a))
        case("a_transpose_contiguous", "a.npy", "npy", ["--transpose", "a", "--order", "C"],
             np.ascontiguousarray(a.T))
        case("a_transpose_fortran", "a.npy", "npy", ["--transpose", "a", "--order", "F"], np.asfortranarray(a.T))
        for axes in [None, (1, 0, 2), (2, 0, 1), (0, 2, 1), (-1, 0, 1), (0, 1, 2)]:
            args = ["--transpose", "f3" if axes is None else "f3=" + ",".join(str(x) for x in axes)]
            label = "default" if axes is None else "_".join(str(x).replace("-", "m") for x in axes)
            case("f3_transpose_" + label, "f3.npy", "npy", args, np.transpose(f3, axes))
            case("c3_transpose_" + label, "srcz.npz", "npz",
                 ["--transpose", "c3" if axes is None else "c3=" + ",".join(str(x) for x in axes)],
                 all_but({"c3": np.transpose(c3, axes)}))
        case("ones_transpose", "src.npz", "npz", ["--transpose", "ones=2,1,0"],
             all_but({"ones": np.transpose(m["ones"], (2, 1, 0))}))

        # Chains, applied in the order given.
        t = np.reshape(np.transpose(c3, (1, 0, 2)), (6, 4))
        case("chain_transpose_reshape_transpose", "src.npz", "npz",
             ["--transpose", "c3=1,0,2", "--reshape", "c3=6,4", "--transpose", "c3"], all_but({"c3": t.T}))
        t = np.reshape(np.transpose(f3), (4, 6), order="F").astype(np.float16)
        case("chain_transpose_reshape_astype", "f3.npy", "npy",
             ["--transpose", "f3", "--reshape", "f3=4,6", "--order", "F", "--astype", "f3=f2"], t)
        t = np.transpose(m["odd"].reshape(2, 4).astype("f4")).astype("u4")
        case("chain_reshape_astype_transpose_astype", "src.npz", "npy",
             ["--only", "odd", "--reshape", "odd=2,4", "--astype", "odd=f4", "--transpose", "odd", "--astype",
              "odd=u4"], t)

        # Members: only, drop, rename; the others unchanged byte for byte.
        case("only", "src.npz", "npz", ["--only", "f8", "--only", "u"], {"f8": m["f8"], "u": m["u"]})
        case("drop", "srcz.npz", "npz", ["--drop", "c3", "--drop", "b"], all_but({}, drop=("c3", "b")))
        renamed = all_but({}, drop=("f8",))
        renamed["x"] = m["f8"]
        case("rename", "src.npz", "npz", ["--rename", "f8=x"], renamed)
        renamed = all_but({}, drop=("i4", "b"))
        renamed["y"] = m["i4"].astype("i2")
        case("rename_astype_drop", "srcz.npz", "npz", ["--rename", "i4=y", "--astype", "i4=i2", "--drop", "b"],
             renamed)
        case("only_to_npy", "srcz.npz", "npy", ["--only", "f3", "--transpose", "f3=1,2,0"],
             np.transpose(f3, (1, 2, 0)))

    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump({"generator": "gen_transform_fixtures.py", "numpy_version": np.__version__, "cases": cases}, f,
                  indent=1)


def write_axisedit():
    folder = os.path.join(OUT, "axisedit")
    clean(folder)
    c = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
    f = np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4) * 1.5)
    np.save(os.path.join(folder, "c.npy"), c)
    np.save(os.path.join(folder, "f.npy"), f)
    sources = {"c.npy": c, "f.npy": f}
    cases = []
    results = {}
    for source, op, axis, at, count, fill in [
            ("c.npy", "insert", 1, 1, 2, 7), ("c.npy", "insert", 0, 0, 1, -3), ("c.npy", "insert", 2, 4, 3, 9),
            ("c.npy", "insert", -1, 2, 1, 0), ("f.npy", "insert", 1, 2, 2, 0.5), ("f.npy", "insert", 0, 1, 1, -1.0),
            ("f.npy", "insert", 2, 0, 2, 2.25), ("c.npy", "delete", 2, 1, 2, 0), ("c.npy", "delete", 0, 0, 1, 0),
            ("c.npy", "delete", 1, 0, 3, 0), ("f.npy", "delete", 0, 1, 1, 0), ("f.npy", "delete", -1, 3, 1, 0),
            ("f.npy", "delete", 1, 1, 0, 0)]:
        a = sources[source]
        if op == "insert":
            r = np.insert(a, [at] * count, fill, axis=axis)
        else:
            r = np.delete(a, slice(at, at + count), axis=axis)
        name = "%s_%s_%d_%d_%d" % (source[0], op, axis, at, count)
        name = name.replace("-", "m")
        results[name] = r
        cases.append({"name": name, "source": source, "op": op, "axis": axis, "at": at, "count": count,
                      "fill": np.array(fill, dtype=a.dtype).tobytes().hex()})
    np.savez(os.path.join(folder, "expected.npz"), **results)
    with open(os.path.join(folder, "cases.json"), "w") as fh:
        json.dump({"cases": cases}, fh, indent=1)


def main():
    os.makedirs(OUT, exist_ok=True)
    clean(OUT)
    write_table()
    write_casts()
    write_convert()
    write_axisedit()


if __name__ == "__main__":
    main()
