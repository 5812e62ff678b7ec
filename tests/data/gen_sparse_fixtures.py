#!/usr/bin/env python3
"""Generate tests/data/sparse/: SciPy sparse matrices as scipy.sparse.save_npz writes them, broken layouts, and
what each must read as.

Run with Debian's python (numpy and scipy: apt's python3-scipy):  /usr/bin/python3 tests/data/gen_sparse_fixtures.py
The tests need neither: they read the committed files.

Valid archives (scipy.sparse.save_npz, compressed unless the name says "stored"):
- csr_f8.npz, csc_i4.npz, coo_bool_stored.npz, bsr_f4.npz (2 x 3 blocks), dia_f8.npz (offsets beyond the matrix
  included), csr_c16.npz, csr_dups_i1.npz (duplicates summed in int8: they wrap), coo_dups_f8.npz (duplicates),
  csr_unsorted_f8.npz (unsorted indices, written with np.savez as SciPy lays them out, since save_npz sorts),
  csr_empty.npz (no stored entry), big_csr.npz (3000 x 4000, 20 000 non-zeros), csr_array_f8.npz (SciPy's
  `_is_array` member beside the parts, as newer SciPy writes for sparse arrays).
- Each but big_csr (96 MB dense) has NAME.dense.npy: SciPy's .toarray() in C order (a csc matrix's is Fortran), which our dense view must equal byte for byte.
- expected.json: {NAME: {"format", "shape", "nnz", "dtype", "min", "max", "mean"}} from SciPy's .nnz, .min(),
  .max(), .mean() (min/max/mean omitted for complex).

Pickled: pickled_sparse.npz (A_real a coo_matrix, A_complex a csc_matrix, each a 0-d object array, as SciPy's
propack_test_data.npz holds them) and pickled_list.npy (a 1-d object array of a csr and a bsr matrix), with
pickled_sparse.KEY.dense.npy and pickled_list.I.dense.npy: their .toarray().

Broken archives (np.savez with SciPy's member names): each must open as plain members with the reason, which
broken.json gives as a fragment of the message: indptr decreasing, an index out of range, indices and data of
different lengths, an unknown format, a shape of three numbers, indptr not starting at 0, coo lengths disagreeing.
"""
import json
import os

import numpy as np
import scipy
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "sparse")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".npy") or f.endswith(".npz") or f.endswith(".json"):
            os.remove(os.path.join(OUT, f))
    rng = np.random.default_rng(20261206)
    expected = {}

    def valid(name, m, compressed=True, raw=None, keep_dense=True):
        path = os.path.join(OUT, name + ".npz")
        if raw is None:
            sp.save_npz(path, m, compressed=compressed)
        else:
            np.savez(path, **raw)
        dense = m.toarray()
        if keep_dense:
            np.save(os.path.join(OUT, name + ".dense.npy"), np.ascontiguousarray(dense))
        e = {"format": m.format, "shape": list(m.shape), "nnz": int(m.nnz), "dtype": dense.dtype.str}
        if dense.dtype.kind != "c" and m.shape[0] * m.shape[1] > 0:
            e["min"] = float(m.tocsr().min())
            e["max"] = float(m.tocsr().max())
            e["mean"] = float(m.mean())
        expected[name] = e

    a = sp.random(40, 30, density=0.1, format="csr", dtype=np.float64, random_state=1)
    a.data -= 0.5
    valid("csr_f8", a)
    b = sp.random(25, 50, density=0.08, format="csc", random_state=2)
    b.data = (b.data * 200 - 100).astype(np.int32)
    valid("csc_i4", b.astype(np.int32))
    c = sp.random(30, 30, density=0.05, format="coo", random_state=3).astype(bool)
    valid("coo_bool_stored", c, compressed=False)
    blocks = rng.normal(size=(7, 2, 3)).astype(np.float32)
    indices = np.array([0, 3, 1, 4, 2, 0, 4], dtype=np.int32)
    indptr = np.array([0, 2, 4, 4, 6, 7], dtype=np.int32)
    valid("bsr_f4", sp.bsr_matrix((blocks, indices, indptr), shape=(10, 15)))
    diags = rng.normal(size=(4, 20))
    valid("dia_f8", sp.dia_matrix((diags, np.array([0, 2, -3, 25])), shape=(12, 20)))
    z = sp.random(15, 12, density=0.2, format="csr", random_state=4)
    z = z + 1j * sp.random(15, 12, density=0.2, format="csr", random_state=5)
    valid("csr_c16", sp.csr_matrix(z))
    rows = np.array([0, 0, 1, 2, 2, 2])
    cols = np.array([1, 1, 0, 3, 3, 3])
    vals = np.array([100, 100, -5, 120, 7, 9], dtype=np.int8)
    dups = sp.csr_matrix((vals, (rows, cols)), shape=(4, 5))
    dups = sp.csr_matrix((vals, np.array([1, 1, 0, 3, 3, 3], dtype=np.int32),
                          np.array([0, 2, 3, 6, 6], dtype=np.int32)), shape=(4, 5))
    assert not dups.has_canonical_format
    valid("csr_dups_i1", dups)
    coo = sp.coo_matrix((np.array([1.5, 2.25, -1.0, 4.0]), (np.array([3, 3, 0, 5]), np.array([2, 2, 7, 1]))),
                        shape=(6, 8))
    valid("coo_dups_f8", coo)
    data = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    ind = np.array([4, 1, 3, 0, 2], dtype=np.int32)
    ptr = np.array([0, 2, 2, 5], dtype=np.int32)
    unsorted = sp.csr_matrix((data, ind, ptr), shape=(3, 6))
    valid("csr_unsorted_f8", unsorted, raw={"indices": ind, "indptr": ptr, "format": np.array(b"csr"),
                                            "shape": np.array([3, 6]), "data": data})
    valid("csr_empty", sp.csr_matrix((5, 7), dtype=np.float64))
    big = sp.random(3000, 4000, density=20000 / 12e6, format="csr", random_state=6)
    big.data = big.data * 10 - 2
    valid("big_csr", big, keep_dense=False)
    arr = sp.random(9, 11, density=0.2, format="csr", random_state=7)
    valid("csr_array_f8", arr, raw={"indices": arr.indices, "indptr": arr.indptr, "format": np.array(b"csr"),
                                    "shape": np.array(arr.shape), "data": arr.data, "_is_array": np.array(True)})

    # Sparse matrices pickled into object arrays, as SciPy's own propack_test_data.npz holds them (np.savez of
    # matrices: 0-d object arrays) and as np.save of a list of them writes: read from their pickled state.
    real = sp.random(30, 20, density=0.1, format="coo", random_state=8)
    cplx = sp.csc_matrix(sp.random(12, 9, density=0.3, format="csc", random_state=9) * (1 + 2j))
    np.savez(os.path.join(OUT, "pickled_sparse.npz"), A_real=real, A_complex=cplx)
    np.save(os.path.join(OUT, "pickled_sparse.A_real.dense.npy"), np.ascontiguousarray(real.toarray()))
    np.save(os.path.join(OUT, "pickled_sparse.A_complex.dense.npy"), np.ascontiguousarray(cplx.toarray()))
    listed = np.empty(2, dtype=object)
    listed[0] = sp.csr_matrix(real)
    listed[1] = sp.bsr_matrix(sp.random(6, 8, density=0.3, random_state=10), blocksize=(2, 2))
    np.save(os.path.join(OUT, "pickled_list.npy"), listed, allow_pickle=True)
    np.save(os.path.join(OUT, "pickled_list.0.dense.npy"), np.ascontiguousarray(listed[0].toarray()))
    np.save(os.path.join(OUT, "pickled_list.1.dense.npy"), np.ascontiguousarray(listed[1].toarray()))

    broken = {}

    def bad(name, fragment, **parts):
        np.savez(os.path.join(OUT, name + ".npz"), **parts)
        broken[name] = fragment

    f8 = np.arange(1.0, 6.0)
    i4 = np.array([0, 1, 2, 1, 0], dtype=np.int32)
    bad("bad_indptr_decreasing", "decreases at position 2", data=f8, indices=i4,
        indptr=np.array([0, 3, 2, 5], dtype=np.int32), format=np.array(b"csr"), shape=np.array([3, 4]))
    bad("bad_index_range", "index 9 at position 3", data=f8, indices=np.array([0, 1, 2, 9, 0], dtype=np.int32),
        indptr=np.array([0, 2, 4, 5], dtype=np.int32), format=np.array(b"csr"), shape=np.array([3, 4]))
    bad("bad_lengths", "but data holds 5", data=f8, indices=np.array([0, 1, 2], dtype=np.int32),
        indptr=np.array([0, 1, 2, 3], dtype=np.int32), format=np.array(b"csr"), shape=np.array([3, 4]))
    bad("bad_format", "'xyz' is not a sparse format", data=f8, indices=i4,
        indptr=np.array([0, 2, 4, 5], dtype=np.int32), format=np.array(b"xyz"), shape=np.array([3, 4]))
    bad("bad_shape", "not two integers", data=f8, indices=i4, indptr=np.array([0, 2, 4, 5], dtype=np.int32),
        format=np.array(b"csr"), shape=np.array([3, 4, 5]))
    bad("bad_indptr_start", "starts at 1", data=f8, indices=i4, indptr=np.array([1, 2, 4, 5], dtype=np.int32),
        format=np.array(b"csr"), shape=np.array([3, 4]))
    bad("bad_coo_lengths", "must agree", data=f8, row=np.array([0, 1], dtype=np.int32),
        col=np.array([0, 1, 2, 3, 0], dtype=np.int32), format=np.array(b"coo"), shape=np.array([3, 4]))

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"numpy": np.__version__, "scipy": scipy.__version__, "matrices": expected}, f, indent=1,
                  sort_keys=True)
    with open(os.path.join(OUT, "broken.json"), "w") as f:
        json.dump(broken, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
