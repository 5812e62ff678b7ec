#pragma once

#include "sparsematrix.h"
#include "source.h"

#include <QString>

#include <optional>

namespace npy {

/** What a file holds as a SciPy sparse matrix: nothing (not laid out as one), the matrix, or why it is not read as one. */
struct SparseRead
{
    /** True when the member names are those of `scipy.sparse.save_npz`. */
    bool laidOut = false;
    /** The matrix, when its parts are read and agree. */
    std::optional<SparseMatrix> matrix;
    /** Why the parts are not read as a matrix (laidOut true, no matrix): the file, the member and what is wrong. */
    QString error;
};

/** Reads the sparse matrix \a source holds, if its members are laid out as one (reads every part when they are). */
[[nodiscard]] SparseRead readSparse(const Source &source);

} // namespace npy
