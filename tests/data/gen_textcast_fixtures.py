#!/usr/bin/env python3
"""Writes tests/data/transform/textcast/: NumPy 1.24's astype between numbers and text (S and U).

- numbers/SRC.npy, SRC_expected.npz: numeric sources (every number dtype, native and big-endian: edge
  values, NaN, infinities, -0.0, subnormals, large and small exponents, long doubles beyond double) and,
  per target, `np.save` of `src.astype(target)`; all_f2.npy holds all 65536 float16 bit patterns (to S).
- texts/SRC.npy, SRC_expected.npz: text sources (<U, >U, S) of number texts as people and programs write
  them, and texts NumPy refuses; per numeric target, each element cast on its own (`a[i:i+1].astype(t)`):
  the result where NumPy gives one, zeros where it raises. texts/texts.npz holds the three as members.
- cases.json: {"numpy_version", "cases": [{"source", "target" (as given to astype), "result" (the dtype.str
  NumPy gives), "expected" (the npz), "member", "cut" (values longer than the target, numbers to text),
  "failed" (the indices NumPy raises at, text to numbers)}]}.

    /usr/bin/python3 tests/data/gen_textcast_fixtures.py
"""
import glob
import json
import os
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "transform", "textcast")


def clean(folder):
    os.makedirs(folder, exist_ok=True)
    for pattern in ("*.npy", "*.npz", "*.json"):
        for f in glob.glob(os.path.join(folder, pattern)):
            os.remove(f)


def file_name(dt):
    s = np.dtype(dt).str
    return {"<": "lt_", ">": "gt_", "|": "na_"}[s[0]] + s[1:]


# ------------------------------------------------------------------------------------------ numbers to text

FLOAT_POOL = [0.0, -0.0, np.nan, -np.nan, np.inf, -np.inf, 0.1, 0.2, 0.3, 1.0, -1.0, 1.5, 2.0, 10.0, 100.0,
              1e15, 1e16, 1e17, 9999999999999998.0, 123456789012345678.0, 1e-4, 1e-5, 0.0001, 0.00011, 9.999e-5,
              123456.789, 1 / 3, 2 / 3, 1e22, 1e23, 1e-7, 5e-324, 1e-320, 2.2250738585072014e-308,
              1.7976931348623157e308, 2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 63, 65504.0, 65519.0, 6.1e-5, 5.96e-8,
              3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38, 16777217.0, 0.5, 0.25,
              1e100, -1e-100, 1e300, 3.14159, 2.718281828459045, 299792458.0, -273.15, 1e-10, 1e10, 1e-300]


def number_values(dt, rng, all_halves=False):
    dt = np.dtype(dt)
    native = dt.newbyteorder("=")
    if dt.kind == "b":
        v = np.array([True, False, True, False, False, True])
    elif dt.kind in "iu":
        info = np.iinfo(native)
        edges = [x for x in [0, 1, -1, 9, 10, -10, 99, 100, 127, 128, 255, 256, -128, -129, 32767, 32768, 65535,
                             65536, 99999, 100000, 2**31 - 1, 2**31, 2**32 - 1, -2**31, 2**63 - 1, -2**63,
                             2**64 - 1, 10**18, 10**19, -10**18, 2**53 + 1] if info.min <= x <= info.max]
        v = np.concatenate([np.array(edges, dtype=native),
                            rng.integers(info.min, info.max, 60, dtype=native, endpoint=True)])
    elif dt.kind == "f":
        if native.itemsize == 2 and all_halves:
            v = np.arange(65536, dtype=np.uint16).view(np.float16)
        elif native.itemsize == 2:
            v = np.concatenate([np.array(FLOAT_POOL, dtype=np.float64).astype(np.float16),
                                rng.integers(0, 65536, 200).astype(np.uint16).view(np.float16)])
        else:
            base = np.array(FLOAT_POOL, dtype=np.float64)
            rand = rng.standard_normal(120) * 10.0 ** rng.integers(-40, 40, 120)
            if native.itemsize == 4:
                rand = np.concatenate([rand, np.arange(0, 2**32, 2**32 // 200, dtype=np.uint64).astype(np.uint32)
                                       .view(np.float32).astype(np.float64)])
            v = np.concatenate([base, rand]).astype(native)
            if native.itemsize == 16:
                extra = [np.longdouble(1) / np.longdouble(3), np.longdouble("1e4000"), np.longdouble("-1e-4000"),
                         np.finfo(np.longdouble).max, np.finfo(np.longdouble).tiny,
                         np.finfo(np.longdouble).tiny * np.longdouble("1e-15"), np.longdouble("0.1"),
                         np.longdouble(2) ** 64 + 1, np.longdouble("1e16"), np.longdouble("123456789.123456789")]
                v = np.concatenate([v, np.array(extra, dtype=np.longdouble)])
    else:
        part = np.dtype("f%d" % (native.itemsize // 2))
        re = np.array(FLOAT_POOL + list(rng.standard_normal(40) * 1e6), dtype=np.float64)
        im = np.concatenate([np.zeros(8), np.array(FLOAT_POOL)[rng.integers(0, len(FLOAT_POOL), len(re) - 8)]])
        v = np.empty(len(re), dtype=native)
        v.real = re.astype(part)
        v.imag = im.astype(part)
    return v.astype(dt)


NUMBER_SOURCES = ["?", "i1", "u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8", "<f16", "<c8",
                  "<c16", "<c32", ">i2", ">i8", ">u4", ">f2", ">f4", ">f8", ">f16", ">c8", ">c16"]
TEXT_TARGETS = ["S", "U", "S1", "S3", "S5", "S8", "S12", "S25", "U1", "U4", "U7", "U10", "U16", "U40", ">U", ">U6",
                ">U33"]


# ------------------------------------------------------------------------------------------ text to numbers

INT_TEXTS = ["0", "1", "-1", " 12 ", "1_000", "+5", "-0", "007", "\t7\n", "\x0b1\x0c", "300", "-129", "255", "256",
             "-32769", "65535", "65536", "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
             "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
             "18446744073709551615", "18446744073709551616", "-18446744073709551616", "99999999999999999999999",
             "1" + "0" * 45, "1__0", "_1", "1_", "0x10", "0b1", "1e3", "1.5", "", "abc", "+", "- 5", "12\x002",
             "1\x7f", "\x1c1", "True", "false", "2", "0_0", "+0", "  -42\r\n"]
FLOAT_TEXTS = ["1e3", "nan", "-nan", "NaN", "-inf", "+inf", "infinity", "-Infinity", "inF", "1_0.5", "1e1_0",
               "1._5", " 0.1 ", "0x1p3", "1e400", "-1e400", "1e-400", "4.9e-324", "2.4703282292062328e-324",
               "2.4703282292062327e-324", ".5", "5.", "1.5j", "3", "1e5", "65504", "65519.99", "65520",
               "3.4028235e38", "3.4028236e38", "3.4028235677973366e38", "1e-46", "1.401298464324817e-45", "0.1",
               "-0.0", "-0", "1e", "e5", ".", "1.2.3", "nan(1)", "infinit", "6.103515625e-05",
               "5.960464477539063e-08", "2.98e-08", "2.9802322387695312e-08", "123456789012345678901234567890",
               "0.30000000000000004", "1e22", "1e23", "9007199254740993", "1.0000000000000002",
               "0.1000000000000000055511151231257827", "1e3 ", " 1e3", "0x1.8p3", "1e5000", "1e-5000",
               "1.18973149535723176502e+4932", "1.18973149535723176503e+4933", "3.6e-4951", "nan(abc)",
               "1.5L", "1E+05", "+.5e-3", "1e+", "--1", "1e-7", "33554433", "16777217", "0.333333333333333333333"]
COMPLEX_TEXTS = ["1+2j", "(1+2j)", " (1+2j) ", "( 1+2j )", "2j", "j", "-j", "+J", "nan+nanj", "-nan-nanj",
                 "inf-infj", "(1)", "1 + 2j", "1+2J", "1_0+2j", "1e5j", "+1-J", "1+ 2j", "()", "(1+2j", "1+2j)",
                 "0.1+0.2j", "1e400+1j", "3.4e38j", "-0-0j", "-0.0-0j", "infj", "1+infj", "j1", "1j2",
                 "1e-320+1e-46j", "((1+2j))", "(\t-3.5e2-7j\n)", "1.5e+3-2.5e-3j", "3.4028236e38+1j"]
UNICODE_TEXTS = ["\u0661\u0662", "\uff11\uff12", "\u20031", "\xa0 7", "\u0661.\u0665", "\u0661e3", "\u00b2",
                 "1\u00e9", "\u30001+1j", "\u0661+\u0662j", "caf\u00e9"]
BYTES_TEXTS = [b"\xe9", b"1\xe9", b"\xc2\xa01", b"\xc2\xa01+1j", b"\xa01"]


def text_sources():
    common = INT_TEXTS + FLOAT_TEXTS + COMPLEX_TEXTS
    rng = np.random.default_rng(2025)
    rand = [repr(float(x)) for x in rng.standard_normal(40) * 10.0 ** rng.integers(-30, 30, 40)]
    rand += ["%.9g" % x for x in rng.standard_normal(20) * 10.0 ** rng.integers(-30, 30, 20)]
    rand += [str(int(x)) for x in rng.integers(-2**63, 2**63 - 1, 20, dtype=np.int64)]
    u = np.array(common + rand + UNICODE_TEXTS)
    s = np.array([t.encode("latin-1") for t in common + rand] + BYTES_TEXTS)
    return {"lt_U": u.astype("<U%d" % (u.dtype.itemsize // 4)), "gt_U": u.astype(">U%d" % (u.dtype.itemsize // 4)),
            "na_S": s}


NUMBER_TARGETS = ["?", "i1", "u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8", "<f16", "<c8",
                  "<c16", "<c32", ">i4", ">u8", ">f8", ">f16", ">c16"]


def main():
    clean(OUT)
    clean(os.path.join(OUT, "numbers"))
    clean(os.path.join(OUT, "texts"))
    rng = np.random.default_rng(25)
    cases = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for src, name, targets in [(t, file_name(t), TEXT_TARGETS) for t in NUMBER_SOURCES] + [
                ("<f2", "all_f2", ["S"])]:
            a = number_values(src, rng, all_halves=name == "all_f2")
            np.save(os.path.join(OUT, "numbers", name + ".npy"), a)
            full = a.astype("U")  # str() of each value, uncut
            lengths = np.char.str_len(full)
            results = {}
            for k, t in enumerate(targets):
                r = a.astype(t)
                member = "t%02d" % k
                results[member] = r
                chars = r.dtype.itemsize if r.dtype.kind == "S" else r.dtype.itemsize // 4
                cut = np.nonzero(lengths > chars)[0]
                cases.append({"source": "numbers/%s.npy" % name, "target": t, "result": r.dtype.str,
                              "expected": "numbers/%s_expected.npz" % name, "member": member,
                              "cut": int(cut.size), "first_cut": int(cut[0]) if cut.size else -1, "failed": []})
            np.savez_compressed(os.path.join(OUT, "numbers", name + "_expected.npz"), **results)

        sources = text_sources()
        np.savez(os.path.join(OUT, "texts", "texts.npz"), **sources)
        for name, a in sources.items():
            np.save(os.path.join(OUT, "texts", name + ".npy"), a)
            results = {}
            for k, t in enumerate(NUMBER_TARGETS):
                r = np.zeros(a.size, dtype=t)
                failed = []
                for i in range(a.size):
                    try:
                        r[i:i + 1] = a[i:i + 1].astype(t)
                    except (ValueError, OverflowError, UnicodeDecodeError):
                        failed.append(i)
                # Where nothing fails, the whole array's cast gives the same bytes.
                member = "t%02d" % k
                results[member] = r
                cases.append({"source": "texts/%s.npy" % name, "target": t, "result": r.dtype.str,
                              "expected": "texts/%s_expected.npz" % name, "member": member, "cut": 0,
                              "first_cut": -1, "failed": failed})
            np.savez_compressed(os.path.join(OUT, "texts", name + "_expected.npz"), **results)

    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"generator": "gen_textcast_fixtures.py", "numpy_version": np.__version__, "cases": cases}, f,
                  indent=1)


if __name__ == "__main__":
    main()
