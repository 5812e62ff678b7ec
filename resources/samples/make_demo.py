#!/usr/bin/env python3
"""Build resources/samples/demo.npz, a small archive that shows off NPY Inspector.

Run with Debian's python (it has numpy):   /usr/bin/python3 resources/samples/make_demo.py

Deterministic: fixed RNG seed, and zipfile stamps every member 1980-01-01, so re-running with the
same NumPy/zlib gives a byte-identical file.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "demo.npz")


def q(a, step):
    """Quantise to a multiple of `step` so the deflated archive stays small."""
    return np.round(a / step) * step


def main():
    rng = np.random.default_rng(20240607)

    # image: 256x256 float32 smooth field (sum of Gaussians and waves) with a NaN patch
    y, x = np.mgrid[0:256, 0:256].astype(np.float64) / 255.0
    image = (np.exp(-((x - 0.3) ** 2 + (y - 0.35) ** 2) / 0.02)
             + 0.7 * np.exp(-((x - 0.72) ** 2 + (y - 0.6) ** 2) / 0.01)
             + 0.15 * np.sin(12 * np.pi * x) * np.cos(8 * np.pi * y))
    image = q(image, 1 / 1024).astype(np.float32)
    image[200:224, 24:56] = np.nan

    # stack: 16 frames of 64x64 float64, a blob drifting across an expanding ripple
    yy, xx = np.mgrid[0:64, 0:64].astype(np.float64)
    frames = []
    for t in range(16):
        cx, cy = 12 + 2.5 * t, 20 + 1.5 * t
        r = np.hypot(xx - 32, yy - 32)
        frames.append(np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / 40.0) + 0.3 * np.cos(r / 3.0 - t * 0.6) / (1 + r / 16))
    stack = q(np.stack(frames), 1 / 4096)

    # mask: 128x128 int32 labels 0..4 (background, disc, ring, square, stripe)
    my, mx = np.mgrid[0:128, 0:128]
    mask = np.zeros((128, 128), dtype=np.int32)
    mask[(mx - 40) ** 2 + (my - 40) ** 2 < 20 ** 2] = 1
    rr = np.hypot(mx - 90, my - 85)
    mask[(rr > 15) & (rr < 25)] = 2
    mask[96:120, 8:40] = 3
    mask[(mx + my) % 32 < 3] = 4

    # field: 96x96 complex128, a plane wave times a vortex (phase winds around the centre)
    fy, fx = np.mgrid[-1:1:96j, -1:1:96j]
    field = (np.hypot(fx, fy) * np.exp(1j * (np.arctan2(fy, fx) + 4 * fx))).astype(np.complex128)
    field = q(field.real, 1 / 4096) + 1j * q(field.imag, 1 / 4096)

    # records: structured array with bytes + unicode names, a position subarray, mass and a flag
    rec_dt = np.dtype([("name", "<U12"), ("code", "S4"), ("position", "<f8", (3,)),
                       ("mass", "<f4"), ("flag", "?")])
    names_list = ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune",
                  "Cérès", "Плутон", "冥王星", "Ἔρις"]
    records = np.zeros(len(names_list), dtype=rec_dt)
    records["name"] = names_list
    records["code"] = [b"MERC", b"VENU", b"EART", b"MARS", b"JUPI", b"SATU", b"URAN", b"NEPT",
                       b"CERE", b"PLUT", b"PL\xffT", b"ERIS"]
    records["position"] = q(rng.normal(0, 5, size=(len(names_list), 3)), 1 / 1000)
    records["mass"] = [0.055, 0.815, 1.0, 0.107, 317.8, 95.2, 14.5, 17.1, 0.00016, 0.0022, 0.0022, 0.0028]
    records["flag"] = [True] * 8 + [False] * 4

    # names: unicode strings of various lengths and scripts
    names = np.array(["alpha", "beta", "γάμμα", "δέλτα", "日本語", "emoji 🎉", "", "a much longer name here"],
                     dtype="<U24")

    # dates: daily datetime64[D] series with a NaT
    dates = np.arange("2024-01-01", "2024-03-01", dtype="datetime64[D]")
    dates[10] = np.datetime64("NaT")

    # series: noisy sine, 10000 points
    t = np.linspace(0, 20 * np.pi, 10000)
    series = q(np.sin(t) + 0.2 * np.sin(7.3 * t) + rng.normal(0, 0.1, t.size), 1 / 4096)

    np.savez_compressed(OUT, image=image, stack=stack, mask=mask, field=field, records=records,
                        names=names, dates=dates, series=series)
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
