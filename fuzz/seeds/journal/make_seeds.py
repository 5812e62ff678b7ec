#!/usr/bin/python3
"""Writes the seeds of fuzz_journal: journals in the format of core/journal/journal.h, each after the target's
control byte (1: the target makes every record's CRC-32 right). Run from this folder."""
import struct, zlib

def record(kind, payload):
    head = struct.pack('<IB', len(payload), kind) + payload
    return head + struct.pack('<I', zlib.crc32(head) & 0xffffffff)

def text(s):
    b = s.encode('utf-8')
    return struct.pack('<q', len(b)) + b

def start():
    payload = struct.pack('<Iq', 1, 1700000000000) + text('data.npz') + struct.pack('<qqIq', 4096, 1700000000000,
                                                                                      0x1234abcd, 4)
    return b'NPYJRNL1' + record(1, payload)

def step(ops, text_='Edit', flags=0):
    return record(3, struct.pack('<qB', 1700000001000, flags) + text(text_) + struct.pack('<I', len(ops)) + b''.join(ops))

def write(row, runs, mode, values):
    out = struct.pack('<Bi', 1, row) + struct.pack('<I', len(runs))
    for r in runs:
        out += struct.pack('<qqq', *r)
    out += struct.pack('<B', mode)
    if mode == 0:
        out += struct.pack('<q', len(values[0])) + values[0]
    elif mode == 1:
        out += struct.pack('<I', len(values[0])) + b''.join(values)
    else:
        out += b''.join(struct.pack('<q', len(v)) + v for v in values)
    return out

def member(kind, row, key=None, origin=None):
    out = struct.pack('<Bi', kind, row)
    if key is not None:
        out += text(key)
    if origin is not None:
        out += struct.pack('<Bi', origin, 2) + text('other.npy') + struct.pack('<qq', 128, 1600000000000) + text('')
    return out

journal = (start() + record(2, struct.pack('<i', 1) + text('counts') + struct.pack('<qI', 96, 0xdeadbeef))
           + step([write(0, [(0, 8, 3)], 0, [b'\x00' * 7 + b'\x40'])])
           + step([write(1, [(4, 0, 1), (40, -4, 2)], 1, [b'\x01\x00\x00\x00', b'\x02\x00\x00\x00', b'\x03\x00\x00\x00'])])
           + step([write(2, [(0, 3, 2)], 2, [b'ab', b'cde'])], 'Paste', 1)
           + step([member(2, 2, 'flags'), member(3, 3), member(4, 4, 'x_copy', 1)], 'Add')
           + record(4, struct.pack('<q', 1700000002000)) + record(5, struct.pack('<q', 1700000003000)))
with open('edits.bin', 'wb') as f:
    f.write(b'\x01' + journal)
with open('torn.bin', 'wb') as f:
    f.write(b'\x00' + journal[:-5])
