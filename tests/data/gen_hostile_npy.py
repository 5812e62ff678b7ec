#!/usr/bin/env python3
"""Generate malformed / hostile .npy files in tests/data/hostile/ plus manifest.json.

Run with Debian's python (it has numpy):   /usr/bin/python3 tests/data/gen_hostile_npy.py

Every file is built byte by byte (no NumPy writer involved), except object_pickled.npy, which is a
valid np.save of an object array (its data is a pickle).  manifest.json records, for every file,
whether NumPy itself loads it with np.load(path, allow_pickle=False); that is measured, in a child
process with a 4 GiB address-space limit and a timeout, so a file that makes NumPy allocate
absurd amounts of memory cannot take the machine down.  The README's "What it accepts, and what it
refuses" says what the engine does with such files.
"""
import io
import json
import os
import struct
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "hostile")
MAGIC = b"\x93NUMPY"
FILES = {}          # name -> (bytes, what, extra manifest fields)


def add(name, data, what, **extra):
    assert name.endswith(".npy") and name not in FILES, name
    assert len(data) <= 32768, (name, len(data))
    FILES[name] = (data, what, extra)


def hdr(text, version=(1, 0), align=64, newline=True, encoding=None):
    """Magic + version + HEADER_LEN + header text (str or bytes) padded with spaces to `align`, + '\\n'."""
    if isinstance(text, str):
        text = text.encode(encoding or ("utf-8" if version[0] == 3 else "latin-1"))
    lenfield = 2 if version[0] == 1 else 4
    total = len(MAGIC) + 2 + lenfield + len(text) + (1 if newline else 0)
    pad = (-total) % align if align else 0
    body = text + b" " * pad + (b"\n" if newline else b"")
    return MAGIC + bytes(version) + struct.pack("<H" if lenfield == 2 else "<I", len(body)) + body


def d(descr="'<f8'", fortran="False", shape="(2,)"):
    """NumPy-style header dict text built from Python-source fragments."""
    return "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)


F8x2 = np.array([1.5, -2.0]).tobytes()            # data for '<f8' shape (2,)
VALID = hdr(d()) + F8x2                            # a valid 144-byte file


def gen():
    # ---- magic -----------------------------------------------------------------------------
    add("magic_first_byte_92.npy", b"\x92" + VALID[1:], "magic starts with 0x92 instead of 0x93")
    add("magic_first_byte_00.npy", b"\x00" + VALID[1:], "magic starts with 0x00 instead of 0x93")
    add("magic_lowercase.npy", b"\x93numpy" + VALID[6:], "magic \\x93numpy (lower case)")
    add("magic_matlab.npy", b"\x93MATLB" + VALID[6:], "magic \\x93MATLB")
    add("empty.npy", b"", "empty file (0 bytes)")
    add("five_bytes.npy", b"\x93NUMP", "5 bytes: truncated magic")
    add("magic_only.npy", MAGIC, "magic only, no version bytes")
    add("magic_major_only.npy", MAGIC + b"\x01", "magic + major version byte, no minor")
    add("magic_version_only.npy", MAGIC + b"\x01\x00", "magic + version 1.0, no HEADER_LEN")
    add("not_npy_text.npy", b"hello, world\n", "plain text file with a .npy name")

    # ---- versions ----------------------------------------------------------------------------
    body_v1 = VALID[8:]
    for maj, mnr in [(1, 1), (0, 0), (0, 1), (2, 2), (255, 255), (4, 0)]:
        add(f"version_{maj}_{mnr}.npy", MAGIC + bytes([maj, mnr]) + body_v1,
            f"version ({maj},{mnr}) followed by an otherwise valid v1 header and data")
    add("version_2_0_with_v1_header.npy", MAGIC + b"\x02\x00" + body_v1,
        "version 2.0 but a 2-byte v1 HEADER_LEN: the 4-byte length read is 0x277B0076 (~632 MiB), past EOF")

    # ---- HEADER_LEN ----------------------------------------------------------------------------
    add("hlen_truncated_v1.npy", MAGIC + b"\x01\x00\x76", "v1 with only 1 of the 2 HEADER_LEN bytes")
    add("hlen_truncated_v2.npy", MAGIC + b"\x02\x00\x76\x00", "v2 with only 2 of the 4 HEADER_LEN bytes")
    text = d().encode()
    add("hlen_past_eof.npy", MAGIC + b"\x01\x00" + struct.pack("<H", 1000) + text + b"\n",
        "v1 HEADER_LEN 1000 but only a 60-byte header and no data follow")
    add("hlen_v2_4gib.npy", MAGIC + b"\x02\x00\xff\xff\xff\xff" + text + b"\n",
        "v2 HEADER_LEN 0xFFFFFFFF (4 GiB) in a tiny file")
    add("hlen_zero.npy", MAGIC + b"\x01\x00\x00\x00" + F8x2, "v1 HEADER_LEN 0 (empty header) followed by data")
    add("hlen_short_cuts_dict.npy", MAGIC + b"\x01\x00" + struct.pack("<H", 30) + text + b"\n" + F8x2,
        "v1 HEADER_LEN 30 cuts the dict in half")
    add("header_spaces_20000.npy", hdr(d() + " " * 20000, version=(2, 0)) + F8x2,
        "valid v2 dict followed by 20000 spaces: over NumPy's 10000-char max_header_size")

    # ---- header is not a (valid) dict ------------------------------------------------------------
    add("header_list.npy", hdr("[1, 2, 3]") + F8x2, "header is a list, not a dict")
    add("header_number.npy", hdr("42") + F8x2, "header is a number, not a dict")
    add("header_empty_dict.npy", hdr("{}") + F8x2, "header is an empty dict")
    add("header_set.npy", hdr("{'descr', 'fortran_order', 'shape'}") + F8x2, "header is a set literal")
    add("header_only_spaces.npy", hdr("    ") + F8x2, "header is only spaces")
    add("key_missing_fortran_order.npy", hdr("{'descr': '<f8', 'shape': (2,), }") + F8x2,
        "dict without 'fortran_order'")
    add("key_extra.npy", hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1, }") + F8x2,
        "dict with an extra key 'extra'")
    add("key_duplicate.npy", hdr("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'descr': '<f8', }") + F8x2,
        "duplicate 'descr' key: '<i4' then '<f8' (data fits the last one; Python keeps the last)")
    add("key_bytes.npy", hdr("{b'descr': '<f8', 'fortran_order': False, 'shape': (2,), }") + F8x2,
        "key is a bytes literal b'descr'")

    # ---- descr ---------------------------------------------------------------------------------
    add("descr_unknown_x4.npy", hdr(d("'<x4'")) + F8x2, "descr '<x4' (unknown type char)")
    add("descr_foo.npy", hdr(d("'foo'")) + F8x2, "descr 'foo'")
    add("descr_int.npy", hdr(d("8")) + F8x2, "descr is an int")
    add("descr_none.npy", hdr(d("None")) + F8x2, "descr is None")
    add("descr_dict.npy", hdr(d("{'names': ['a'], 'formats': ['<f8']}")) + F8x2, "descr is a dict")
    add("descr_bytes.npy", hdr(d("b'<f8'")) + F8x2, "descr is a bytes literal b'<f8'")
    add("descr_empty_string.npy", hdr(d("''")) + F8x2, "descr is ''")
    add("descr_pipe_f4.npy", hdr(d("'|f4'", shape="(4,)")) + np.array([1, 2, 3, 4], "<f4").tobytes(),
        "descr '|f4' ('|' on a multi-byte type; NumPy takes it as native)")
    add("descr_bang_f4.npy", hdr(d("'!f4'", shape="(4,)")) + np.array([1, 2, 3, 4], "<f4").tobytes(), "descr '!f4'")
    add("descr_f12.npy", hdr(d("'<f12'")) + bytes(24), "descr '<f12' (i386 long double)")
    add("descr_object_O8.npy", hdr(d("'|O8'")) + bytes(16), "descr '|O8' (python-2 era object) with non-pickle data")
    add("descr_dup_field_names.npy", hdr(d("[('a', '<f8'), ('a', '<f8')]", shape="(1,)")) + F8x2,
        "struct with two fields named 'a'")
    add("descr_field_one_item.npy", hdr(d("[('a',)]")) + F8x2, "struct field tuple with one item")
    add("descr_field_four_items.npy", hdr(d("[('a', '<f8', (1,), 'x')]")) + F8x2, "struct field tuple with four items")
    add("descr_field_name_int.npy", hdr(d("[(1, '<f8')]")) + F8x2, "struct field name is an int")
    add("descr_negative_subarray.npy", hdr(d("[('a', '<f8', (-1,))]")) + F8x2, "struct subarray shape (-1,)")
    add("descr_huge_subarray.npy", hdr(d("[('a', '<f8', (%d,))]" % 2 ** 31, shape="(1,)")) + F8x2,
        "struct subarray of 2**31 f8 (16 GiB itemsize)")
    add("descr_toplevel_subarray.npy", hdr(d("('<f8', (2,))", shape="(1,)")) + F8x2,
        "descr is a tuple ('<f8', (2,)): a top-level subarray (NumPy: reshape fails)")
    deep = "'<i4'"
    for _ in range(64):
        deep = "[('a', %s)]" % deep
    add("descr_nested_64.npy", hdr(d(deep, shape="(1,)")) + b"\x01\x00\x00\x00",
        "struct nested 64 levels deep (valid for NumPy; a strict reader may cap depth)")
    deep = "'<i4'"
    for _ in range(100):
        deep = "[('a', %s)]" % deep
    add("descr_nested_100.npy", hdr(d(deep, shape="(1,)")) + b"\x01\x00\x00\x00",
        "struct nested 100 levels deep ([('a', [('a', ... '<i4')])]): 200 brackets, over Python's parser limit")
    deep = "'<i4'"
    for _ in range(1000):
        deep = "[('a', %s)]" % deep
    add("descr_nested_1000.npy", hdr(d(deep, shape="(1,)")) + b"\x01\x00\x00\x00",
        "struct nested 1000 levels deep (header over 10000 chars)")

    # ---- shape ---------------------------------------------------------------------------------
    add("shape_negative.npy", hdr(d(shape="(-1, 4)")) + F8x2, "shape (-1, 4)")
    add("shape_list.npy", hdr(d(shape="[2]")) + F8x2, "shape is a list [2]")
    add("shape_float.npy", hdr(d(shape="(2.0,)")) + F8x2, "shape (2.0,)")
    add("shape_bool.npy", hdr(d(shape="(True,)")) + F8x2, "shape (True,) (bool passes isinstance int)")
    add("shape_none.npy", hdr(d(shape="None")) + F8x2, "shape None")
    add("shape_int.npy", hdr(d(shape="2")) + F8x2, "shape 2 (an int, not a tuple)")
    add("shape_nested_tuple.npy", hdr(d(shape="((2,),)")) + F8x2, "shape ((2,),)")
    add("shape_string.npy", hdr(d(shape="('2',)")) + F8x2, "shape ('2',)")
    add("shape_overflow_int64.npy", hdr(d(shape="(%d, %d)" % (2 ** 40, 2 ** 40))) + F8x2,
        "shape (2**40, 2**40): element count overflows int64 with f8")
    add("shape_zero_times_huge.npy", hdr(d(shape="(0, %d)" % 2 ** 62)),
        "shape (0, 2**62) f8: zero elements, but NumPy's nonzero-dims x itemsize check overflows")
    add("shape_dim_2pow63.npy", hdr(d(shape="(%d,)" % 2 ** 63)) + F8x2, "shape (2**63,): does not fit int64")
    add("shape_dim_2pow64.npy", hdr(d(shape="(%d,)" % 2 ** 64)) + F8x2, "shape (2**64,)")
    add("shape_ndim_33.npy", hdr(d(shape="(" + "1, " * 33 + ")")) + F8x2[:8],
        "ndim 33 (over NumPy 1.x's 32, fine for 2.x's 64)")
    add("shape_ndim_65.npy", hdr(d(shape="(" + "1, " * 65 + ")")) + F8x2[:8], "ndim 65 (over NumPy 2.x's 64)")
    add("shape_hex.npy", hdr(d(shape="(0x2,)")) + F8x2, "shape (0x2,): hex int literal")
    add("shape_plus.npy", hdr(d(shape="(+2,)")) + F8x2, "shape (+2,): unary plus")
    add("shape_underscore.npy", hdr(d(shape="(0_2,)")) + F8x2, "shape (0_2,): underscore int literal")
    add("shape_paren_int.npy", hdr(d(shape="((2),)")) + F8x2, "shape ((2),): parenthesised int")
    add("shape_expression.npy", hdr(d(shape="(1+1,)")) + F8x2, "shape (1+1,): arithmetic")
    add("shape_power.npy", hdr(d(shape="(2**1,)")) + F8x2, "shape (2**1,): power expression")
    add("shape_py2_long.npy", hdr(d(shape="(2L,)")) + F8x2, "v1 shape (2L,): Python-2 long suffix")
    add("count_1e12_tiny_file.npy", hdr(d("'|u1'", shape="(%d,)" % 10 ** 12)) + bytes(72),
        "u1 shape (10**12,) in a 200-byte file")
    add("count_1e9_f8_tiny_file.npy", hdr(d(shape="(%d,)" % 10 ** 9)) + F8x2,
        "f8 shape (10**9,) (8 GB) in a 144-byte file")
    add("s0_huge_shape.npy", hdr(d("'|S0'", shape="(%d,)" % 2 ** 62)),
        "'|S0' (itemsize 0) with shape (2**62,) and no data")
    add("v0_huge_shape.npy", hdr(d("'|V0'", shape="(%d, %d)" % (2 ** 40, 2 ** 40))),
        "'|V0' (itemsize 0) with shape (2**40, 2**40) and no data")
    add("itemsize_2gib.npy", hdr(d("'|S2147483648'", shape="(1,)")) + F8x2,
        "descr '|S2147483648' (itemsize 2**31, over C int)")
    add("itemsize_U_huge.npy", hdr(d("'<U1073741824'", shape="(1,)")) + F8x2,
        "descr '<U1073741824' (itemsize 4 GiB)")

    # ---- fortran_order -----------------------------------------------------------------------------
    for name, val in [("0", "0"), ("1", "1"), ("none", "None"), ("string", "'True'"), ("lower", "true")]:
        add(f"fortran_order_{name}.npy", hdr(d(fortran=val)) + F8x2, f"fortran_order is {val}")

    # ---- lexical trouble -----------------------------------------------------------------------------
    add("header_nul_byte.npy", hdr(d() + "\x00") + F8x2, "NUL byte after the dict in the header")
    add("header_nul_in_string.npy", hdr(d("'<f8\x00'")) + F8x2, "NUL byte inside the descr string")
    bad = d("[('na\udcffme', '<f8')]", shape="(1,)").encode("utf-8", "surrogateescape")
    add("v3_invalid_utf8.npy", hdr(bad, version=(3, 0)) + F8x2[:8], "v3 header with byte 0xFF (invalid UTF-8) in a field name")
    add("v3_overlong_utf8.npy",
        hdr(d("[('a\xc0\xafb', '<f8')]", shape="(1,)").encode("latin-1"), version=(3, 0)) + F8x2[:8],
        "v3 header with an overlong UTF-8 sequence C0 AF")
    add("v1_utf8_bytes.npy", hdr(d("[('\u540d', '<f8')]", shape="(1,)").encode("utf-8"), version=(1, 0)) + F8x2[:8],
        "v1 header carrying UTF-8 bytes (decoded as latin-1 they are a different, valid name)")
    add("header_unterminated_string.npy", hdr("{'descr': '<f8, 'fortran_order': False, 'shape': (2,), }") + F8x2,
        "unterminated string literal")
    add("header_unclosed_brace.npy", hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), ") + F8x2,
        "dict without closing brace")
    add("descr_implicit_concat.npy", hdr(d("'<' 'f8'")) + F8x2, "descr '<' 'f8' (implicit string concatenation)")
    add("descr_escape.npy", hdr(d("'\\x3cf8'")) + F8x2, "descr '\\x3cf8' (escape for '<')")
    add("descr_double_quotes.npy", hdr('{"descr": "<f8", "fortran_order": False, "shape": (2,), }') + F8x2,
        "keys and descr in double quotes")
    add("header_comment.npy", hdr("{'descr': '<f8', # comment\n 'fortran_order': False, 'shape': (2,), }") + F8x2,
        "Python comment and newline inside the dict")
    add("header_tabs_newlines.npy", hdr("{\t'descr':\n'<f8',\r\n'fortran_order':False,'shape':(2,)}") + F8x2,
        "tabs, CR/LF, no spaces inside the dict")
    add("eval_bait_import.npy",
        hdr("{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (2,), }") + F8x2,
        "descr is __import__('os').system('x'): must never be evaluated")
    add("eval_bait_lambda.npy", hdr(d("(lambda: '<f8')()")) + F8x2, "descr is a lambda call")
    add("eval_bait_name.npy", hdr(d("float")) + F8x2, "descr is the bare name float")

    # ---- data ------------------------------------------------------------------------------------
    add("data_truncated_1.npy", VALID[:-1], "f8 (2,): data one byte short")
    add("data_missing.npy", VALID[:128], "f8 (2,): header only, no data")
    add("data_truncated_fortran.npy", hdr(d(fortran="True", shape="(2, 3)")) + bytes(47),
        "f8 (2,3) Fortran: data one byte short")
    add("u_above_max.npy", hdr(d("'<U2'")) + struct.pack("<4I", 0x41, 0x110000, 0x42, 0xFFFFFFFF),
        "valid <U2 header; data holds code points 0x110000 and 0xFFFFFFFF", bad_content=True)
    add("u_surrogate.npy", hdr(d("'<U2'")) + struct.pack("<4I", 0xD800, 0x41, 0x42, 0xDFFF),
        "valid <U2 header; data holds lone surrogates U+D800 and U+DFFF", bad_content=True)
    add("b1_value_2.npy", hdr(d("'|b1'", shape="(4,)")) + bytes([0, 1, 2, 255]),
        "valid |b1 header; data bytes 0, 1, 2, 255", bad_content=True)
    buf = io.BytesIO()
    np.save(buf, np.array([1, "a", None], dtype=object), allow_pickle=True)
    add("object_pickled.npy", buf.getvalue(), "valid np.save of an object array: data is a pickle", pickled=True)
    add("object_not_a_pickle.npy", hdr(d("'|O'", shape="(1,)")) + b"this is not a pickle\n",
        "'|O' header whose data is plain text, not a pickle (an engine must refuse without reading it)", pickled=True)


PROBE = r"""
import re, resource, sys, warnings
lim = 4 << 30
resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
warnings.simplefilter("ignore")
import numpy as np
try:
    a = np.load(sys.argv[1], allow_pickle=False)
    print("OK", a.dtype.str, a.shape)
except Exception as e:
    msg = re.sub(r" at 0x[0-9a-fA-F]+", "", " ".join(str(e).split()))
    print("ERR", type(e).__name__ + ": " + msg[:160])
"""


def numpy_verdict(name):
    try:   # relative name and cwd=OUT so that error messages do not depend on the checkout path
        r = subprocess.run([sys.executable, "-c", PROBE, name], cwd=OUT, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, PYTHONHASHSEED="0"))   # set reprs in messages are hash-ordered
    except subprocess.TimeoutExpired:
        return False, "timeout"
    out = r.stdout.strip()
    if r.returncode != 0 or not out:
        return False, f"crash: exit {r.returncode}: {r.stderr.strip().splitlines()[-1:] }"
    if out.startswith("OK"):
        return True, None
    return False, out[4:]


def main():
    gen()
    os.makedirs(OUT, exist_ok=True)
    for fn in os.listdir(OUT):
        if fn.endswith(".npy") or fn == "manifest.json":
            os.remove(os.path.join(OUT, fn))
    lower = [n.lower() for n in FILES]
    assert len(set(lower)) == len(lower)
    entries = []
    for name in sorted(FILES):
        data, what, extra = FILES[name]
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(data)
        ok, err = numpy_verdict(name)
        e = {"file": name, "what": what, "numpy_loads": ok}
        if err:
            e["numpy_error"] = err
        e.update(extra)
        entries.append(e)
    doc = {"generator": "tests/data/gen_hostile_npy.py", "numpy_version": np.__version__,
           "numpy_loads_means": "np.load(path, allow_pickle=False) returned without raising (child process, 4 GiB RLIMIT_AS)",
           "files": entries}
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(doc, ensure_ascii=False, indent=1))
        f.write("\n")
    print(f"wrote {len(entries)} files + manifest.json to {OUT}")
    for e in entries:
        print(("LOADS " if e["numpy_loads"] else "fails ") + e["file"] + ("" if e["numpy_loads"] else "  " + e["numpy_error"]))


if __name__ == "__main__":
    main()
