#!/usr/bin/env python3
"""Generate tests/data/newuser/: small files shaped like the sample data a new user opens first
(matplotlib's goog.npz price record array, SciPy's boost.npz with its many long member names), with NumPy's
answers about them.

Run with Debian's python (numpy):   /usr/bin/python3 tests/data/gen_newuser_fixtures.py

- prices.npz (compressed): `price_data`, a record array of 40 business days from 2004-08-19 with fields
  date (<M8[D]), open, close (<f8) and volume (<i8, 1e6 .. 4.2e7), like matplotlib's goog.npz.
- many.npz: 25 small members with long names, like SciPy's boost.npz (111 members).
- expected.json: for find conditions on prices' date field given as dates, np.argwhere's indexes.
"""
import io
import json
import os
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "newuser")


def npy_bytes(arr):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, arr, allow_pickle=False)
    return buf.getvalue()


def write_zip(name, members):
    with zipfile.ZipFile(os.path.join(OUT, name), "w") as z:
        for member, data, method in members:
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".npz", ".json")):
            os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(16)
    days = np.busday_offset("2004-08-19", np.arange(40), roll="forward")
    dtype = [("date", "<M8[D]"), ("open", "<f8"), ("close", "<f8"), ("volume", "<i8")]
    prices = np.zeros(40, dtype=dtype)
    prices["date"] = days
    prices["open"] = np.round(100 + rng.normal(0, 5, 40).cumsum(), 2)
    prices["close"] = np.round(prices["open"] + rng.normal(0, 2, 40), 2)
    prices["volume"] = rng.integers(1_000_000, 42_000_000, 40)
    write_zip("prices.npz", [("price_data.npy", npy_bytes(prices), zipfile.ZIP_DEFLATED)])

    # Many members with long names, like SciPy's special/tests/data/boost.npz (111 of them).
    many = [("%s_data_ipp-%s_data.npy" % (n, n), npy_bytes(np.arange(4, dtype="<f8") * i), zipfile.ZIP_DEFLATED)
            for i, n in enumerate("zeta_neg tgamma_ratio test_gamma sph_bessel sinc poisson_quantile owens_t "
                                  "negative_binomial nccs ncbeta log1p_expm1 legendre_p laguerre igamma ibeta hermite "
                                  "expint erfc_inv erf ellint_rj digamma cbrt binomial beta bessel_yv".split())]
    write_zip("many.npz", many)

    date = prices["date"]
    cases = []
    for args, mask in [
        (["--eq", "2004-09-01"], date == np.datetime64("2004-09-01")),
        (["--ge", "2004-10-11"], date >= np.datetime64("2004-10-11")),
        (["--between", "2004-08-25:2004-08-31"],
         (date >= np.datetime64("2004-08-25")) & (date <= np.datetime64("2004-08-31"))),
        (["--lt", "2004-08-20"], date < np.datetime64("2004-08-20")),
        (["--eq", "2004-08-21"], date == np.datetime64("2004-08-21")),  # a Saturday: none
    ]:
        cases.append({"args": args, "matches": np.argwhere(mask).tolist(), "count": int(mask.sum())})
    doc = {"generator": "tests/data/gen_newuser_fixtures.py", "numpy_version": np.__version__,
           "date_find": cases,
           "volume_max": int(prices["volume"].max()),
           "dates": [str(d) for d in date]}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote prices.npz, many.npz, %d find cases" % len(cases))


if __name__ == "__main__":
    main()
