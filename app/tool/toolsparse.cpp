#include "toolsparse.h"

namespace npy {

SparseRead readSparse(const Source &source)
{
    SparseRead r;
    const std::optional<SparseLayout> layout = sparseLayoutOf(source);
    if (!layout)
        return r;
    r.laidOut = true;
    Result<SparseMatrix> m = readSparseMatrix(source, *layout);
    if (m)
        r.matrix = std::move(m).value();
    else
        r.error = m.error();
    return r;
}

} // namespace npy
