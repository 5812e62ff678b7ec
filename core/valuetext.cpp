#include "valuetext.h"

#include <cmath>

namespace npy {

QString formatValue(const DType &, const uchar *, const FormatOptions &)
{
    return QString();
}

bool parseValue(const DType &, const QString &, QByteArray *, QString *)
{
    return false;
}

double valueToDouble(const DType &, const uchar *)
{
    return std::nan("");
}

} // namespace npy
