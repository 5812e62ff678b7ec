#!/usr/bin/env python3
"""Generate tests/data/coords/: archives whose members label each other's axes (coordinates), and what the rule
gives for each.

Run with Debian's python (numpy):  /usr/bin/python3 tests/data/gen_coords_fixtures.py
The tests need neither: they read the committed files.

The rule (README, "Coordinates"): for axis k of a member, a candidate is another member that is a 1-D array of
that axis's length, of integers, floats, datetimes or timedeltas (not bools, not complex), strictly increasing
or strictly decreasing (a NaN or NaT disqualifies), with at most 10**7 elements. Names settle ties: first a
candidate named for the axis's role, then one named for another role, then any other; then member order.
The roles, from the last axis: X (lon, longitude, lng, x), Y (lat, latitude, y); a 3-D array's first axis T or Z;
for 4-D and more, Z (depth, z, level, lev, height, altitude, pressure, plev) then T (time, t, date, datetime);
the one axis of a 1-D array T. Names match case-insensitively, after the last '/'.

Archives:
- climate.npz: temp (180, 360) float32 (warmer in the north: upside down, it looks it) with lat (180,) decreasing 89.5 .. -89.5 and lon (360,) -179.5 .. 179.5;
  a non-monotonic decoy (180,) listed before lat; land (180, 360) bool. lat and lon have no candidate but
  themselves: null.
- timeseries.npz: value (365,) against time (365,) datetime64[D]; gappy (365,) datetime64[D] with a NaT listed
  first (a decoy); daily (365, 24) with hour (24,) int64; stamp (24,) datetime64[ns] decreasing listed after hour
  (the order decides).
- ties.npz: spectrum (500,) with a (500,) and x (500,) both increasing, a first: x wins by its name; img (64, 64)
  with cx (64,), X (64,) and Y (64,), all increasing or decreasing, in that order: rows take Y and columns X
  (the role decides, in any case), cx neither.
- noaxis.npz: field (30, 40) with row_id (30,) int32 increasing and, for the 40 columns, only flat (40,) (equal
  values), names (40,) strings and wave (40,) non-monotonic: the columns have none.
- cube.npz: sst (12, 18, 36) with time (12,) datetime64[M], level (12,) (same length, after time: time wins by
  order, both roles fit a 3-D first axis), lat (18,) increasing, lon (36,).
- types.npz: m (5, 6, 7, 8) with be (5,) '>f8', u (6,) uint8 decreasing, flags (6,) bool, td (7,) timedelta64[s],
  cplx (7,) complex, nan (8,) float with a NaN, h (8,) float16: the types the rule takes and refuses.

expected.json, computed here by the rule above:
- "archives": {ARCHIVE: {MEMBER: [coordinate name or null, one per axis]}} (what `npy-tool info --json` says);
- "ranked": {ARCHIVE: {MEMBER: [[every candidate, best first], one list per axis]}};
- "monotonic": {ARCHIVE: {MEMBER: "increasing" | "decreasing" | "none"}} for the 1-D members: whether their values
  may be a coordinate (strictly monotonic, of a type the rule takes).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "coords")

ROLES = {
    "X": {"lon", "longitude", "lng", "x"},
    "Y": {"lat", "latitude", "y"},
    "Z": {"depth", "z", "level", "lev", "height", "altitude", "pressure", "plev"},
    "T": {"time", "t", "date", "datetime"},
}


def role_of(name):
    base = name.rsplit("/", 1)[-1].lower()
    for role, names in ROLES.items():
        if base in names:
            return role
    return None


def axis_roles(ndim, axis):
    if ndim == 1:
        return {"T"}
    from_end = ndim - 1 - axis
    if from_end == 0:
        return {"X"}
    if from_end == 1:
        return {"Y"}
    if from_end == 2:
        return {"T", "Z"} if ndim == 3 else {"Z"}
    if from_end == 3:
        return {"T"}
    return set()


def is_candidate(a):
    if a.ndim != 1 or a.size < 1 or a.size > 10**7 or a.dtype.kind not in "iufMm":
        return False
    if a.dtype.kind in "Mm":
        if np.isnat(a).any():
            return False
        v = a.view("i8") if a.dtype.isnative else a.astype(a.dtype.newbyteorder("=")).view("i8")
    else:
        v = a
        if v.dtype.kind == "f" and np.isnan(v).any():
            return False
    if a.size == 1:
        return True
    return bool(np.all(v[1:] > v[:-1]) or np.all(v[1:] < v[:-1]))


def monotonicity(a):
    """'increasing', 'decreasing' or 'none' for a 1-D array, as the rule judges its values."""
    if not is_candidate(a):
        return "none"
    if a.size == 1:
        return "increasing"
    v = a.astype(a.dtype.newbyteorder("=")).view("i8") if a.dtype.kind in "Mm" else a
    return "increasing" if v[1] > v[0] else "decreasing"


def coordinates(members):
    """{MEMBER: [[candidate names best first] per axis]}"""
    names = list(members)
    candidates = [n for n in names if is_candidate(members[n])]
    out = {}
    for name in names:
        a = members[name]
        coords = []
        for k, n in enumerate(a.shape):
            roles = axis_roles(a.ndim, k)

            def tier(c):
                r = role_of(c)
                return 0 if r in roles else 1 if r is not None else 2

            found = [c for c in candidates if c != name and members[c].shape[0] == n]
            found.sort(key=lambda c: (tier(c), names.index(c)))
            coords.append(found)
        out[name] = coords
    return out


def save(expected, name, members):
    np.savez_compressed(os.path.join(OUT, name), **members)
    ranked = coordinates(members)
    expected["archives"][name] = {m: [axis[0] if axis else None for axis in axes] for m, axes in ranked.items()}
    expected["ranked"][name] = ranked
    expected["monotonic"][name] = {m: monotonicity(a) for m, a in members.items() if a.ndim == 1}


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npz") or f.endswith(".json"):
            os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(20261224)
    expected = {"archives": {}, "ranked": {}, "monotonic": {}}

    lat = np.linspace(89.5, -89.5, 180)
    lon = np.linspace(-179.5, 179.5, 360)
    la, lo = np.meshgrid(np.radians(lat), np.radians(lon), indexing="ij")
    temp = (288.0 - 40.0 * np.sin(la) ** 2 + 8.0 * np.sin(la) + 6.0 * np.cos(3 * lo) * np.cos(la)).astype(np.float32)
    save(expected, "climate.npz", {
        "decoy": rng.normal(size=180),
        "temp": temp,
        "lat": lat,
        "lon": lon,
        "land": (np.cos(2 * lo) * np.cos(la) > 0.3),
    })

    time = np.arange("2021-01-01", "2022-01-01", dtype="datetime64[D]")
    gappy = time.copy()
    gappy[100] = np.datetime64("NaT")
    save(expected, "timeseries.npz", {
        "gappy": gappy,
        "value": np.cumsum(rng.normal(size=365)),
        "time": time,
        "daily": rng.normal(size=(365, 24)).astype(np.float32),
        "hour": np.arange(24, dtype=np.int64),
        "stamp": np.datetime64("2021-06-01T00:00", "ns") - np.arange(24) * np.timedelta64(3600, "s"),
    })

    save(expected, "ties.npz", {
        "spectrum": rng.normal(size=500),
        "a": np.arange(500, dtype=np.float64),
        "x": np.linspace(0.0, 1.0, 500),
        "img": rng.normal(size=(64, 64)),
        "cx": np.arange(64, dtype=np.int32),
        "X": np.arange(64, dtype=np.int16) * 3,
        "Y": np.arange(64, dtype=np.int16) * -2,
    })

    save(expected, "noaxis.npz", {
        "field": rng.normal(size=(30, 40)),
        "row_id": np.arange(30, dtype=np.int32) * 10,
        "flat": np.ones(40),
        "names": np.array(["n%d" % i for i in range(40)]),
        "wave": np.sin(np.arange(40.0)),
    })

    save(expected, "cube.npz", {
        "sst": rng.normal(size=(12, 18, 36)).astype(np.float32),
        "time": np.arange("2020-01", "2021-01", dtype="datetime64[M]"),
        "level": np.arange(12.0) * 100.0,
        "lat": np.linspace(-85.0, 85.0, 18),
        "lon": np.arange(36.0) * 10.0,
    })

    save(expected, "types.npz", {
        "m": rng.normal(size=(5, 6, 7, 8)),
        "be": np.arange(5.0).astype(">f8"),
        "flags": np.array([False, True, True, True, True, True]),
        "u": np.arange(6, dtype=np.uint8)[::-1].copy(),
        "cplx": np.arange(7) + 0j,
        "td": np.arange(7) * np.timedelta64(5, "s"),
        "nan": np.array([0.0, 1.0, np.nan, 3, 4, 5, 6, 7]),
        "h": np.arange(8, dtype=np.float16) / 4,
    })

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        expected.update({"generator": "gen_coords_fixtures.py", "numpy_version": np.__version__})
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
