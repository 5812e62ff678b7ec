#pragma once

#include "npyarray.h"
#include "result.h"
#include "source.h"

#include <QString>

#include <optional>

namespace npy {

/** The sparse formats `scipy.sparse.save_npz` writes. */
enum class SparseFormat { Csr, Csc, Coo, Bsr, Dia };

/**
 * Where the parts of a matrix written by `scipy.sparse.save_npz` are in an archive: member indexes of the
 * source, -1 for a part the format does not have. SciPy 1.x writes `format` (a 0-d `|S3` such as b'csr'),
 * `shape` (two integers) and `data`, plus `indices` and `indptr` (csr, csc, bsr), `row` and `col` (coo) or
 * `offsets` (dia); newer versions add `_is_array` for sparse arrays.
 */
struct SparseLayout
{
    int format = -1;
    int shape = -1;
    int data = -1;
    int indices = -1;
    int indptr = -1;
    int row = -1;
    int col = -1;
    int offsets = -1;
    int isArray = -1;
};

/**
 * A SciPy sparse matrix read from its parts, checked as SciPy's `check_format` checks them (and more:
 * every index in range). The parts are the members as loaded (any integer type and byte order for the
 * indexes, the data's own dtype); nothing is converted or materialised.
 */
struct SparseMatrix
{
    SparseFormat format = SparseFormat::Csr;
    qint64 rows = 0;
    qint64 cols = 0;
    /** The stored entries as SciPy's `.nnz` counts them (explicit zeros and duplicates included). */
    qint64 nnz = 0;
    /** The element type of `data` (and of the dense view, in native byte order). */
    DType dtype;
    /** Rows and columns of one block of a bsr matrix (1 x 1 otherwise). */
    qint64 blockRows = 1;
    qint64 blockCols = 1;
    NpyArray data;
    NpyArray indices;
    NpyArray indptr;
    NpyArray row;
    NpyArray col;
    NpyArray offsets;

    /** "CSR", "CSC", "COO", "BSR", "DIA". */
    [[nodiscard]] QString formatName() const;
    /** The lower-case name SciPy stores ("csr"...). */
    [[nodiscard]] QString scipyName() const;
    /** "CSR 20 000 × 20 000, 100 000 non-zeros, 0.025 %": what the matrix is, in one line. */
    [[nodiscard]] QString description() const;
};

/** Where each part of a matrix is, for messages: "FILE: member 'indices'", "FILE: pickled csr_matrix's indices". */
struct SparsePartNames
{
    QString format;
    QString shape;
    QString data;
    QString indices;
    QString indptr;
    QString row;
    QString col;
    QString offsets;
};

/** The format SciPy names \a name ("csr", ...); empty for any other name. */
[[nodiscard]] std::optional<SparseFormat> sparseFormatNamed(const QString &name);

/**
 * Checks matrix \a m whose format, rows, cols and the parts of its format are set (the others null), as SciPy's
 * `check_format` does and more (every index in range), and fills its dtype, nnz and block size. Fails naming the
 * part (\a where) and what is wrong: see readSparseMatrix().
 */
[[nodiscard]] Status checkSparseMatrix(SparseMatrix *m, const SparsePartNames &where, const Progress &progress = {});

/**
 * The parts of a `save_npz` archive in \a source, judged by the member names alone (no data is read): every
 * member is one of the names of one format, each of the format's parts present, and nothing else. Empty for
 * any other file (a `.npy`, an archive with one more member, ...).
 */
[[nodiscard]] std::optional<SparseLayout> sparseLayoutOf(const Source &source);

/**
 * Loads and checks the parts \a layout names in \a source (the `format` member decides between csr, csc and
 * bsr). Fails, naming the file, the member and what is wrong, when a part is not what SciPy writes or the
 * parts contradict each other: a format SciPy does not have, a shape that is not two non-negative integers,
 * `indptr` not starting at 0, decreasing or longer than `indices`, an index out of range (the first such
 * position named), lengths that disagree, a data type a sparse matrix cannot hold (strings, records,
 * objects, float16, long double). The caller then shows the members as plain arrays, with that reason.
 */
[[nodiscard]] Result<SparseMatrix> readSparseMatrix(const Source &source, const SparseLayout &layout,
                                                    const Progress &progress = {});

/**
 * The dense view of \a matrix: a C-order (rows, cols) array of its dtype in native byte order, equal to
 * SciPy's `.toarray()` (duplicates summed in the dtype, integers wrapping, bools or-ed; dia entries outside
 * the matrix ignored). Its bytes are an anonymous memory map that starts as zeros: only the pages that hold a
 * stored entry are ever written, and reading the implicit zeros maps the kernel's one zero page, so a 20 000²
 * matrix with 10^5 non-zeros spread at random costs at most one 4 KiB page per entry (about 370 MB), not 3.2 GB. The array is read-only in
 * spirit: an edit would make a private copy of all of it (the views that show it do not edit). Fails when the
 * address space cannot be had (rows × cols × itemsize beyond what this process may map) or when cancelled.
 */
[[nodiscard]] Result<NpyArray> sparseDenseView(const SparseMatrix &matrix, const Progress &progress = {});

} // namespace npy
