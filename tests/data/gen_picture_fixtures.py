#!/usr/bin/env python3
"""Generate tests/data/picture/: colour images and stacks as NumPy writes them, and what their pictures must be.

Run with Debian's python (numpy):   /usr/bin/python3 tests/data/gen_picture_fixtures.py

Inputs (np.save / np.savez_compressed):
- rgb_u8.npy (48, 64, 3) uint8, rgba_u8.npy (40, 50, 4) uint8, chw_u8.npy (3, 30, 40) uint8,
  rgb_u8_fortran.npy (the same as rgb_u8, Fortran order), rgb_u16.npy (20, 30, 3) uint16,
  rgb_f2/f4/f8.npy (25, 35, 3) floats in 0..1 (ties of x * 255 at .5 included), rgb_f8_out.npy with values
  outside 0..1, rgb_be.npy (18, 22, 3) big-endian uint16, video.npz (compressed: frames (6, 20, 24, 3) uint8 and
  labels (6,) int64), nchw.npy (4, 3, 12, 16) uint8.
- expected.json: cases [{"what", "file", "args": [npy-tool render arguments after IN], "expected": "exp_*.npy"}];
  each expected file is the PNG's pixels as NumPy computes them: (H, W, 3) or (H, W, 4) uint8 (RGBA where the
  PNG has alpha).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "picture")


def unit_bytes(x):
    """What a float picture in 0..1 must show: np.round(np.clip(x, 0, 1) * 255), in x's own precision."""
    return np.round(np.clip(x, 0, 1) * x.dtype.type(255)).astype(np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npy") or f.endswith(".npz") or f == "expected.json":
            os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(20261206)
    cases = []

    def save(name, arr, fortran=False):
        np.save(os.path.join(OUT, name), np.asfortranarray(arr) if fortran else arr)

    def case(what, file, args, expected):
        name = "exp_%02d.npy" % len(cases)
        assert expected.dtype == np.uint8 and expected.ndim == 3 and expected.shape[2] in (3, 4), what
        np.save(os.path.join(OUT, name), np.ascontiguousarray(expected))
        cases.append({"what": what, "file": file, "args": args, "expected": name})

    rgb = rng.integers(0, 256, size=(48, 64, 3), dtype=np.uint8)
    save("rgb_u8.npy", rgb)
    save("rgb_u8_fortran.npy", rgb, fortran=True)
    case("uint8 RGB, one pixel per element", "rgb_u8.npy", [], rgb)
    case("uint8 RGB in Fortran order", "rgb_u8_fortran.npy", [], rgb)
    case("uint8 read as BGR", "rgb_u8.npy", ["--bgr"], rgb[:, :, ::-1])
    case("a crop", "rgb_u8.npy", ["--slice", "5:20,10:30"], rgb[5:20, 10:30])
    case("a crop with steps", "rgb_u8.npy", ["--slice", "::2,::-3"], rgb[::2, ::-3])

    rgba = rng.integers(0, 256, size=(40, 50, 4), dtype=np.uint8)
    rgba[0, :, 3] = 0
    rgba[1, :, 3] = 255
    save("rgba_u8.npy", rgba)
    case("uint8 RGBA keeps its alpha", "rgba_u8.npy", [], rgba)

    chw = rng.integers(0, 256, size=(3, 30, 40), dtype=np.uint8)
    save("chw_u8.npy", chw)
    case("CHW", "chw_u8.npy", [], np.moveaxis(chw, 0, -1))

    nchw = rng.integers(0, 256, size=(4, 3, 12, 16), dtype=np.uint8)
    save("nchw.npy", nchw)
    case("N x C x H x W, frame 2", "nchw.npy", ["--frame", "2"], np.moveaxis(nchw[2], 0, -1))
    case("channels axis given", "nchw.npy", ["--channels-axis", "1", "--frame", "3"], np.moveaxis(nchw[3], 0, -1))

    u16 = rng.integers(0, 65536, size=(20, 30, 3), dtype=np.uint16)
    u16[0, 0] = [0, 65535, 32767]
    save("rgb_u16.npy", u16)
    case("uint16 as 0..65535", "rgb_u16.npy", [], np.round(u16 * 255.0 / 65535.0).astype(np.uint8))
    be = rng.integers(0, 65536, size=(18, 22, 3), dtype=np.uint16).astype(">u2")
    save("rgb_be.npy", be)
    case("big-endian uint16", "rgb_be.npy", [], np.round(be.astype(np.float64) * 255.0 / 65535.0).astype(np.uint8))

    for t in ("f2", "f4", "f8"):
        x = rng.random(size=(25, 35, 3)).astype(t)
        # Ties: k + 0.5 over 255, which x * 255 may or may not hit exactly in the array's precision.
        x[0, :, 0] = ((np.arange(35) + 0.5) / 255).astype(t)
        x[1, :5] = [[0, 1, 0.5]] * 5
        save("rgb_%s.npy" % t, x)
        case("float %s in 0..1" % t, "rgb_%s.npy" % t, [], unit_bytes(x))
    out = rng.normal(0.5, 0.6, size=(16, 20, 3))
    save("rgb_f8_out.npy", out)
    case("float outside 0..1 clipped with --range 0:1", "rgb_f8_out.npy", ["--range", "0:1"], unit_bytes(out))

    frames = rng.integers(0, 256, size=(6, 20, 24, 3), dtype=np.uint8)
    labels = np.array([3, 1, 4, 1, 5, 9], dtype=np.int64)
    np.savez_compressed(os.path.join(OUT, "video.npz"), frames=frames, labels=labels)
    case("compressed stack, frame 4", "video.npz", ["--member", "frames", "--frame", "4"], frames[4])
    case("frame chosen by --slice", "video.npz", ["--member", "frames", "--slice", "-1"], frames[-1])
    sheet = np.zeros((2 * 20, 4 * 24, 4), dtype=np.uint8)
    for k in range(1, 6):
        r, c = divmod(k - 1, 4)
        sheet[r * 20:(r + 1) * 20, c * 24:(c + 1) * 24, :3] = frames[k]
        sheet[r * 20:(r + 1) * 20, c * 24:(c + 1) * 24, 3] = 255
    case("contact sheet 4x2 from frame 1 (the last three tiles empty)", "video.npz",
         ["--member", "frames", "--sheet", "4x2", "--start", "1"], sheet)
    full = np.zeros((3 * 20, 2 * 24, 3), dtype=np.uint8)
    for k in range(6):
        r, c = divmod(k, 2)
        full[r * 20:(r + 1) * 20, c * 24:(c + 1) * 24] = frames[k]
    case("contact sheet 2x3, every tile used", "video.npz", ["--member", "frames", "--sheet", "2x3"], full)

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"generator": "gen_picture_fixtures.py", "numpy_version": np.__version__, "cases": cases}, f,
                  indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
