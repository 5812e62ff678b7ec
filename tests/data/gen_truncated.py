#!/usr/bin/env python3
"""Generate truncated .npy and .npz fixtures in tests/data/truncated/ plus expected.json.

Run with Debian's python (it has numpy):   /usr/bin/python3 tests/data/gen_truncated.py

Each truncated file is the first bytes of a file NumPy wrote (np.save, np.savez,
np.savez_compressed), or, for the stream-written archives, of what savez writes to a non-seekable
stream (data descriptors after each member's data, sizes 0 in the local headers). The whole file
is kept beside its cuts (`*_full.*`) as the reference the recovered members must equal.

expected.json lists every cut: its file, the full file it comes from, the cut size, and for
archives which members are complete in the bytes that remain (local header, data and, when the
archive has them, the data descriptor all before the cut) and which are lost (their local header and
name are there, the rest is cut; members that start after the cut leave no trace).
"""
import io
import json
import os
import struct
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "truncated")
CUTS = (0.25, 0.5, 0.75, 0.9)


class NonSeekable(io.RawIOBase):
    """A write-only stream that cannot seek or tell: zipfile writes data descriptors to it."""

    def __init__(self):
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buffer += bytes(b)
        return len(b)


def arrays():
    rng = np.random.default_rng(16)
    return {
        "ramp": np.arange(300, dtype="<f8"),
        "counts": rng.integers(-1000, 1000, size=(20, 30), dtype="<i4"),
        "tiny": np.array([[1, 2, 3], [4, 5, 6]], dtype="u1"),
        "image": rng.random((30, 30)).astype("<f4"),
        "flags": rng.random(500) > 0.5,
        "last": np.linspace(0.0, 1.0, 200).astype("<f8"),
    }


def member_ends(data):
    """name -> (end of its local header's name, the offset just past its data and data descriptor)."""
    ends = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            off = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[off + 26:off + 30])
            end = off + 30 + name_len + extra_len + info.compress_size
            if info.flag_bits & 0x8:
                zip64 = info.file_size > 0x7FFFFFFF or info.compress_size > 0x7FFFFFFF or extra_len > 0
                sig = 4 if data[end:end + 4] == b"PK\x07\x08" else 0
                end += sig + 4 + (16 if zip64 and data[end + sig + 8:end + sig + 12] == b"\0\0\0\0" else 8)
            ends[info.filename[:-4] if info.filename.endswith(".npy") else info.filename] = (off + 30 + name_len, end)
    return ends


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".npy", ".npz", ".json")):
            os.remove(os.path.join(OUT, f))
    entries = []

    # A truncated .npy: np.save's file cut inside its data.
    arr = np.arange(1000, dtype="<f4").reshape(25, 40)
    buf = io.BytesIO()
    np.save(buf, arr)
    full = buf.getvalue()
    with open(os.path.join(OUT, "image_full.npy"), "wb") as f:
        f.write(full)
    for cut in (0.75,):
        size = int(len(full) * cut)
        name = "image_cut%d.npy" % int(cut * 100)
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(full[:size])
        entries.append({"file": name, "full": "image_full.npy", "size": size, "full_size": len(full)})

    # Truncated archives.
    kinds = {}
    for compressed in (False, True):
        save = np.savez_compressed if compressed else np.savez
        buf = io.BytesIO()
        save(buf, **arrays())
        kinds["compressed" if compressed else "stored"] = buf.getvalue()
        stream = NonSeekable()
        save(stream, **arrays())
        kinds["stream_compressed" if compressed else "stream_stored"] = bytes(stream.buffer)
    for kind, full in sorted(kinds.items()):
        full_name = "%s_full.npz" % kind
        with open(os.path.join(OUT, full_name), "wb") as f:
            f.write(full)
        ends = member_ends(full)
        central = min(len(full), max(e for _, e in ends.values()))
        cuts = [(("cut%d" % int(c * 100)), int(len(full) * c)) for c in CUTS]
        cuts.append(("no_directory", central))
        for label, size in cuts:
            name = "%s_%s.npz" % (kind, label)
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(full[:size])
            complete = [k for k, (_, e) in ends.items() if e <= size]
            # Only a member whose local header (with its name) is in the file can be named as lost.
            lost = [k for k, (n, e) in ends.items() if e > size and n <= size]
            entries.append({"file": name, "full": full_name, "size": size, "full_size": len(full),
                            "complete": complete, "lost": lost})

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"generator": "gen_truncated.py", "numpy_version": np.__version__, "files": entries}, f,
                  indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
