#!/usr/bin/env python3
"""Generate hostile .npz archives in tests/data/hostile_npz/ plus expected.json.

Run with Debian's python:   /usr/bin/python3 tests/data/gen_hostile_npz.py

Each archive is built byte by byte by a tiny ZIP writer below, so that every field can lie.
Most archives hold two good members around the hostile one ("good.npy" stored, "good2.npy"
deflated): a reader must refuse the hostile member with a message naming it and still read the
good ones. Where the container itself is broken (no end record, truncation, a central directory
that lies) the reader scans the local headers instead, so the members whose bytes are all there
still open and one cut short is listed as lost; an archive no open can rescue must fail cleanly.
expected.json says which, with a substring the message must contain. Deterministic: no timestamps, fixed data.
"""
import io
import json
import os
import struct
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "hostile_npz")
CASES = []


def npy_bytes(arr):
    f = io.BytesIO()
    np.save(f, arr)
    return f.getvalue()


def raw_deflate(data, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


GOOD = npy_bytes(np.arange(5, dtype="<i8"))
GOOD2 = npy_bytes(np.linspace(0, 1, 7))
VICTIM = npy_bytes(np.arange(100, dtype="<i4"))


class Member:
    """One member; every field the writer emits can be overridden."""

    def __init__(self, name, data, method=0, **kw):
        self.name = name.encode("utf-8") if isinstance(name, str) else name
        self.data = data
        self.method = method
        self.payload = raw_deflate(data) if method == 8 else data
        self.crc = zlib.crc32(data)
        self.csize = len(self.payload)
        self.usize = len(data)
        self.flags = 0x800 if isinstance(name, str) and not name.isascii() else 0
        self.local_name = None
        self.local_extra = None      # default: NumPy's 20-byte zip64 extra
        self.cd_extra = b""
        self.cd_offset = None        # override the local header offset in the CD
        self.cd_csize = None
        self.cd_usize = None
        self.__dict__.update(kw)


def build(members, extra_cd=(), eocd_count=None, eocd_cd_offset=None, eocd_cd_size=None, skip_cd=False,
          zip64_eocd=None):
    out = bytearray()
    offsets = []
    for m in members:
        offsets.append(len(out))
        lname = m.local_name if m.local_name is not None else m.name
        lextra = m.local_extra if m.local_extra is not None else struct.pack("<HHQQ", 1, 16, m.usize, m.csize)
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, m.flags, m.method, 0, 0x21, m.crc,
                           m.csize, m.usize, len(lname), len(lextra))
        out += lname + lextra + m.payload
    cd_start = len(out)
    cd = bytearray()
    for m, off in list(zip(members, offsets)) + list(extra_cd):
        cd += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, m.flags, m.method, 0, 0x21, m.crc,
                          m.cd_csize if m.cd_csize is not None else m.csize,
                          m.cd_usize if m.cd_usize is not None else m.usize,
                          len(m.name), len(m.cd_extra), 0, 0, 0, 0o600 << 16,
                          m.cd_offset if m.cd_offset is not None else off)
        cd += m.name + m.cd_extra
    if not skip_cd:
        out += cd
    count = len(members) + len(extra_cd) if eocd_count is None else eocd_count
    if zip64_eocd is not None:
        pos = len(out)
        out += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, zip64_eocd[0], zip64_eocd[0],
                           zip64_eocd[1], zip64_eocd[2])
        out += struct.pack("<4sLQL", b"PK\x06\x07", 0, pos, 1)
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF),
                       len(cd) if eocd_cd_size is None else eocd_cd_size,
                       cd_start if eocd_cd_offset is None else eocd_cd_offset, 0)
    return bytes(out)


def around(victim):
    return [Member("good.npy", GOOD, 0), victim, Member("good2.npy", GOOD2, 8)]


def case(name, what, data, open_error=None, members=None):
    """members: {archive name: {"error": substr at open} or {"load_error": substr at load}}."""
    CASES.append({"file": name, "what": what, "open_error": open_error, "members": members or {}})
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def generate():
    valid = build(around(Member("victim.npy", VICTIM, 8)))
    # Without a usable central directory the local headers are scanned (as zip -FF does): every member
    # whose bytes are all there opens, one cut short is listed as lost.
    case("truncated_half.npz", "a valid archive cut in half: no end record", valid[: len(valid) // 2],
         members={"victim.npy": {"error": "lost"}})
    case("truncated_tail.npz", "the last 5 bytes missing", valid[:-5], members={"victim.npy": {}})
    case("no_central_directory.npz", "local headers only",
         build(around(Member("victim.npy", VICTIM, 8)), skip_cd=True), members={"victim.npy": {}})
    case("cd_offset_lies.npz", "the end record points the central directory elsewhere",
         build(around(Member("victim.npy", VICTIM)), eocd_cd_offset=7), members={"victim.npy": {}})
    case("cd_count_lies.npz", "the end record claims 65535 entries in a tiny directory",
         build(around(Member("victim.npy", VICTIM)), eocd_count=65535), members={"victim.npy": {}})
    case("zip64_count_lies.npz", "a zip64 end record claiming 2^60 entries",
         build(around(Member("victim.npy", VICTIM)), zip64_eocd=(1 << 60, 10, 0)), members={"victim.npy": {}})
    cd_trunc = bytearray(valid)
    eocd = cd_trunc.rfind(b"PK\x05\x06")
    struct.pack_into("<L", cd_trunc, eocd + 12, struct.unpack_from("<L", cd_trunc, eocd + 12)[0] - 10)
    struct.pack_into("<L", cd_trunc, eocd + 16, struct.unpack_from("<L", cd_trunc, eocd + 16)[0] + 10)
    case("cd_entry_truncated.npz", "the last central entry runs past the directory", bytes(cd_trunc),
         members={"victim.npy": {}})

    bad = Member("victim.npy", VICTIM, 0)
    bad.crc ^= 0x5A5A5A5A
    case("bad_crc_stored.npz", "a stored member whose CRC is wrong", build(around(bad)),
         members={"victim.npy": {"raw_error": "CRC"}})
    bad = Member("victim.npy", VICTIM, 8)
    bad.crc ^= 1
    case("bad_crc_deflated.npz", "a deflated member whose CRC is wrong", build(around(bad)),
         members={"victim.npy": {"load_error": "CRC"}})
    flipped = Member("victim.npy", VICTIM, 8)
    p = bytearray(flipped.payload)
    p[len(p) // 2] ^= 0xFF
    flipped.payload = bytes(p)
    case("corrupt_deflate.npz", "a byte of the DEFLATE stream flipped", build(around(flipped)),
         members={"victim.npy": {"load_error": ""}})
    junk = Member("victim.npy", VICTIM, 8, payload=b"\xff" * 40)
    junk.csize = 40
    case("garbage_deflate.npz", "the DEFLATE stream is garbage", build(around(junk)),
         members={"victim.npy": {"error": "corrupt"}})

    # Two directory entries sharing one local header; and a member whose data runs into the next.
    ms = around(Member("victim.npy", VICTIM, 0))
    twin = Member("victim.npy", VICTIM, 0)
    data = build(ms)
    first = data.find(b"PK\x03\x04", 1)
    twin.cd_offset = first
    case("overlap_shared_header.npz", "two directory entries pointing at the same local header",
         build(ms, extra_cd=[(twin, first)]),
         members={"victim.npy": {"error": "overlap"}})
    long = Member("victim.npy", VICTIM, 0)
    long.cd_csize = long.cd_usize = len(VICTIM) + 40
    case("overlap_into_next.npz", "a member whose declared size runs into the next member",
         build(around(long)), members={"victim.npy": {"error": "overlap"}})
    far = Member("victim.npy", VICTIM, 0, cd_offset=10 ** 6)
    case("offset_outside_file.npz", "a local header offset beyond the end of the file", build(around(far)),
         members={"victim.npy": {"error": "outside"}})
    big = Member("victim.npy", VICTIM, 0)
    big.cd_csize = big.cd_usize = 10 ** 6
    case("size_outside_file.npz", "a member whose size runs past the central directory",
         build([Member("good.npy", GOOD, 0), Member("good2.npy", GOOD2, 8), big]),
         members={"victim.npy": {"error": "past the end"}})
    enc = Member("victim.npy", VICTIM, 0, flags=1)
    case("encrypted.npz", "the encryption flag on a member", build(around(enc)),
         members={"victim.npy": {"error": "encrypted"}})
    case("method_bzip2_fake.npz", "method 12 announced", build(around(Member("victim.npy", VICTIM, 12))),
         members={"victim.npy": {"error": "corrupt bzip2 data"}})
    case("method_99.npz", "an unknown method", build(around(Member("victim.npy", VICTIM, 99))),
         members={"victim.npy": {"error": "compression method 99 is not supported"}})
    mism = Member("victim.npy", VICTIM, 0, local_name=b"other.npy")
    case("local_name_differs.npz", "local header and directory disagree on the name", build(around(mism)),
         members={"victim.npy": {"error": "differs"}})
    sat = Member("victim.npy", VICTIM, 0, cd_csize=0xFFFFFFFF)
    case("zip64_extra_missing.npz", "a saturated size without a zip64 extra", build(around(sat)),
         members={"victim.npy": {"error": "zip64"}})
    badsig = Member("victim.npy", VICTIM, 0)
    data = build(around(badsig))
    off = data.find(b"PK\x03\x04", 1)
    data = data[:off] + b"XX" + data[off + 2:]
    case("local_header_missing.npz", "no local header signature where the directory points", data,
         members={"victim.npy": {"error": "local file header"}})

    # Zip bombs.
    zeros = b"\x00" * (4 << 20)
    bomb_npy = npy_bytes(np.zeros(16, dtype="u1"))
    lie = Member("victim.npy", bomb_npy + zeros, 8)
    lie.usize = len(bomb_npy)
    lie.crc = zlib.crc32(bomb_npy)
    case("bomb_declares_less.npz", "4 MiB of zeros declared as a 144-byte member", build(around(lie)),
         members={"victim.npy": {"load_error": "zip bomb"}})
    short = Member("victim.npy", VICTIM, 8)
    short.usize = len(VICTIM) + 1000
    case("declares_more.npz", "a member declaring more bytes than its stream inflates to", build(around(short)),
         members={"victim.npy": {"load_error": "inflates to"}})
    ratio = Member("victim.npy", VICTIM, 8)
    ratio.usize = 0xFFFFFFFE
    ratio.local_extra = b""
    case("bomb_ratio.npz", "4 GiB declared from a few hundred compressed bytes", build(around(ratio)),
         members={"victim.npy": {"error": "ratio"}})
    huge = Member("victim.npy", b"", 8)
    huge.payload = raw_deflate(b"\x00" * (8 << 20))
    huge.csize = len(huge.payload)
    huge.usize = 8 << 20
    huge.crc = zlib.crc32(b"\x00" * (8 << 20))
    case("bomb_not_npy.npz", "8 MiB of zeros at ratio ~1000: not an NPY stream, listed as raw",
         build(around(huge)), members={"victim.npy": {"not_array": True}})

    # NPY headers inside members that lie.
    liar = npy_bytes(np.zeros(4, dtype="<f8")).replace(b"(4,)", b"(10**9,)".replace(b"10**9", b"999999999"))
    for method, suffix in ((0, "stored"), (8, "deflated")):
        case("npy_header_lies_%s.npz" % suffix, "an NPY header claiming 8 GB in a 160-byte member (%s)" % suffix,
             build(around(Member("victim.npy", liar, method))), members={"victim.npy": {"error": "holds only"}})
    hdr = bytearray(b"\x93NUMPY\x02\x00" + struct.pack("<L", 0xFFFFFFF0) + b"{" * 64)
    case("npy_header_len_huge.npz", "an NPY v2 header length of 4 GiB in a tiny member",
         build(around(Member("victim.npy", bytes(hdr), 8))), members={"victim.npy": {"error": ""}})
    case("npy_header_garbage.npz", "NPY magic then garbage",
         build(around(Member("victim.npy", b"\x93NUMPY\x01\x00\x0e\x00{'descr': 3 }\n", 0))),
         members={"victim.npy": {"error": "bad NPY header"}})

    # Hostile names: readable, kept as opaque keys.
    names = [Member("../../x.npy", GOOD, 0), Member("/abs/x.npy", GOOD, 8), Member("C:\\x.npy", GOOD, 0),
             Member(b"nul\x00byte.npy", GOOD, 0), Member("..", GOOD, 0)]
    case("traversal_names.npz", "names with ../, absolute paths, drive letters, NUL: readable as keys",
         build(names), members={"../../x.npy": {}, "/abs/x.npy": {}, "C:\\x.npy": {}, "nul\x00byte.npy": {},
                                "..": {"not_array": False}})


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    generate()
    doc = {"generator": "tests/data/gen_hostile_npz.py", "good_members": ["good.npy", "good2.npy"],
           "cases": CASES}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d hostile archives" % len(CASES))


if __name__ == "__main__":
    main()
