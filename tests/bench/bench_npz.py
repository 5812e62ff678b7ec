#!/usr/bin/env python3
"""NPZ engine vs NumPy on a 4-member archive of 144 MiB raw.

    /usr/bin/python3 tests/bench/bench_npz.py [--exe BUILD/tests/bench/bench_npz] [--repeat 3]

Members: float32 noisy field (48 MiB), int32 Poisson counts (48 MiB), bool mask (16 MiB) and a
float64 ramp (32 MiB). Prints, best of --repeat runs, page cache hot:
  * read:   every member of the savez_compressed archive, ours vs np.load (time ratio);
  * write:  compressing the arrays, ours vs np.savez_compressed (time ratio, size ratio);
  * levels: the same write at --level fast, default and best, speed and size vs np.savez_compressed,
            PASS/FAIL against the targets (fast >= 15x the speed at <= 1.15x the size; default
            >= 3x at <= 1.02x; best <= 0.98x the size and not slower);
  * resave: saving the unchanged compressed archive, ours vs `cp` (time ratio).
Our times are measured inside bench_npz (the operation itself); read includes opening the
archive and touching every page of every array. NumPy's are measured here around the call.
Our saves go through QSaveFile, whose commit() calls fdatasync before renaming: the re-save is
compared with plain `cp` and with `cp` followed by fdatasync of the copy.
"""
import argparse
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MiB = 1 << 20


def find_exe(given):
    if given:
        return given
    found = sorted(glob.glob(os.path.join(ROOT, "build*", "tests", "bench", "bench_npz")), key=os.path.getmtime)
    if not found:
        sys.exit("bench_npz not found: build it (ninja bench_npz) or pass --exe")
    return found[-1]


def arrays():
    rng = np.random.default_rng(1)
    y, x = np.mgrid[0:3072, 0:4096]
    field = (np.sin(x / 300.0) * np.cos(y / 200.0) + rng.normal(0, 0.05, x.shape)).astype(np.float32)
    counts = rng.poisson(3.0, 12 * MiB).astype(np.int32)
    mask = rng.random(16 * MiB) < 0.1
    ramp = np.linspace(0.0, 1.0, 4 * MiB)
    return dict(field=field, counts=counts, mask=mask, ramp=ramp)


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


CPU = {}  # operation -> best CPU seconds (user + system), a load-independent view of the work


def note_cpu(op, seconds):
    CPU[op] = min(CPU.get(op, seconds), seconds)


def ours(exe, *args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([exe, *args], check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    note_cpu("ours " + args[0] + (" serial" if "--serial" in args else "")
             + (" " + args[args.index("--level") + 1] if "--level" in args else ""),
             after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return float(out.split("seconds")[1].split()[0])


def timed_cpu(op, fn):
    t = time.process_time()
    fn()
    note_cpu(op, time.process_time() - t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe")
    ap.add_argument("--repeat", type=int, default=3)
    opt = ap.parse_args()
    exe = find_exe(opt.exe)
    tmp = tempfile.mkdtemp(prefix="bench_npz_")
    try:
        arrs = arrays()
        raw = sum(a.nbytes for a in arrs.values())
        print("archive: %d members, %.0f MiB raw; %d cores; numpy %s; %s"
              % (len(arrs), raw / MiB, os.cpu_count(), np.__version__, os.path.relpath(exe, ROOT)))
        ref_c = os.path.join(tmp, "numpy_compressed.npz")
        ref_s = os.path.join(tmp, "numpy_stored.npz")
        np_write = best(lambda: timed_cpu("numpy write", lambda: np.savez_compressed(ref_c, **arrs)), 1)
        np.savez(ref_s, **arrs)
        del arrs

        def np_read():
            with np.load(ref_c) as d:
                for k in d.files:
                    d[k]
        np_read_t = best(lambda: timed_cpu("numpy read", np_read), opt.repeat)
        our_read = min(ours(exe, "read", ref_c) for _ in range(opt.repeat))
        our_read_serial = min(ours(exe, "read", ref_c, "--serial") for _ in range(opt.repeat))

        out_c = os.path.join(tmp, "ours_compressed.npz")
        our_write = min(ours(exe, "write", ref_s, out_c) for _ in range(opt.repeat))
        size_np, size_ours = os.path.getsize(ref_c), os.path.getsize(out_c)
        with np.load(out_c) as a, np.load(ref_c) as b:  # what we wrote reads back in NumPy, equal
            assert all(np.array_equal(a[k], b[k]) for k in b.files)

        levels = {}
        for level in ("fast", "default", "best"):
            out_l = os.path.join(tmp, "ours_%s.npz" % level)
            t = min(ours(exe, "write", ref_s, out_l, "--level", level) for _ in range(opt.repeat))
            with np.load(out_l) as a, np.load(ref_c) as b:  # every level reads back in NumPy, equal
                assert all(np.array_equal(a[k], b[k]) for k in b.files), level
            levels[level] = (t, os.path.getsize(out_l))
            os.remove(out_l)

        out_r = os.path.join(tmp, "ours_resaved.npz")
        out_cp = os.path.join(tmp, "cp.npz")

        def cp(sync):
            subprocess.run(["cp", ref_c, out_cp], check=True)
            if sync:  # what QSaveFile::commit does before its rename
                fd = os.open(out_cp, os.O_RDONLY)
                os.fdatasync(fd)
                os.close(fd)
            os.remove(out_cp)
        cp_t = best(lambda: cp(False), opt.repeat)
        cp_sync_t = best(lambda: cp(True), opt.repeat)
        our_resave = min(ours(exe, "resave", ref_c, out_r) for _ in range(opt.repeat))
        with open(out_r, "rb") as f1, open(ref_c, "rb") as f2:
            identical = f1.read() == f2.read()

        print("read all members  : ours %.3f s (1 thread %.3f s), np.load %.3f s  -> %.2fx faster (target >= 2x)"
              % (our_read, our_read_serial, np_read_t, np_read_t / our_read))
        print("write compressed  : ours %.3f s, np.savez_compressed %.3f s -> %.2fx faster (target >= 3x)"
              % (our_write, np_write, np_write / our_write))
        print("compressed size   : ours %.2f MiB, numpy %.2f MiB -> %.4fx (target <= 1.02x)"
              % (size_ours / MiB, size_np / MiB, size_ours / size_np))
        targets = {"fast": (15.0, 1.15), "default": (3.0, 1.02), "best": (1.0, 0.98)}
        for level, (t, size) in levels.items():
            speed, ratio = np_write / t, size / size_np
            want_speed, want_size = targets[level]
            print("write --level %-7s: ours %.3f s, %.2f MiB -> %.2fx the speed (target >= %gx), %.4fx the size "
                  "(target <= %gx): %s"
                  % (level, t, size / MiB, speed, want_speed, ratio, want_size,
                     "PASS" if speed >= want_speed and ratio <= want_size else "FAIL"))
        print("re-save unchanged : ours %.3f s, cp %.3f s -> %.2fx of cp (target <= 1.5x); cp + fdatasync %.3f s "
              "-> %.2fx; byte-identical: %s"
              % (our_resave, cp_t, our_resave / cp_t, cp_sync_t, our_resave / cp_sync_t, identical))
        print("CPU seconds (user+system; ours includes process start-up): read ours %.2f (1 thread %.2f) vs numpy "
              "%.2f; write ours %.2f (fast %.2f, best %.2f) vs numpy %.2f; load average %.1f"
              % (CPU["ours read"], CPU["ours read serial"], CPU["numpy read"], CPU["ours write"],
                 CPU["ours write fast"], CPU["ours write best"], CPU["numpy write"], os.getloadavg()[0]))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
