#include "slicespec.h"

#include "dtype.h"

namespace npyw {

SliceSpec SliceSpec::defaultFor(const npy::NpyHeader &header)
{
    SliceSpec s;
    const int n = int(header.shape.size());
    s.index = QList<qint64>(n, 0);
    const bool isStruct = header.dtype.kind == npy::Kind::Struct;
    if (n == 0)
        return s;
    if (n == 1 || isStruct) {
        s.rowAxis = 0;
        return s;
    }
    s.rowAxis = n - 2;
    s.colAxis = n - 1;
    return s;
}

bool SliceSpec::isValidFor(const npy::NpyHeader &header) const
{
    const int n = int(header.shape.size());
    if (index.size() != n)
        return false;
    if (rowAxis < -1 || rowAxis >= n || colAxis < -1 || colAxis >= n)
        return false;
    if (n > 0 && rowAxis < 0)
        return false;
    if (rowAxis >= 0 && rowAxis == colAxis)
        return false;
    for (int i = 0; i < n; ++i) {
        if (i == rowAxis || i == colAxis)
            continue;
        if (index[i] < 0 || index[i] >= qMax<qint64>(1, header.shape[i]))
            return false;
    }
    const bool isStruct = header.dtype.kind == npy::Kind::Struct;
    if (field >= 0 && (!isStruct || field >= npy::leafColumns(header.dtype).size()))
        return false;
    if (isStruct && field < 0 && colAxis >= 0)
        return false;
    return true;
}

} // namespace npyw
