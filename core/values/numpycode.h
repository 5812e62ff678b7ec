#pragma once

#include "dtype.h"
#include "npyarray.h"

#include <QList>
#include <QString>

#include <functional>

namespace npy {

/**
 * One element as a Python expression that NumPy reads back to the same value in \a type:
 * `1.5`, `np.nan`, `-np.inf`, `complex('-0-0.5j')` (complex always
 * through a string, which keeps the sign of a zero part), `True`, `b'PL\xffT'`, `'text'`, `'2020-01-31'`
 * for datetimes (ISO text), the count for timedeltas, a tuple for a struct (subarray fields as
 * nested lists). Floats are shortest round-trip text, so exact; long doubles are quoted strings,
 * which NumPy parses at full precision.
 */
[[nodiscard]] QString pythonLiteral(const DType &type, const uchar *data);

/**
 * `np.array(<nested lists>, dtype=<type>)` for an array of \a shape whose element at C-order flat
 * index i is \a element(i): `np.array([[1.5, 2.0]], dtype='<f4')`. A 0-d shape gives a 0-d array,
 * a shape with a zero extent `np.empty(shape, dtype=...)`.
 */
[[nodiscard]] QString numpyCode(const DType &type, const QList<qint64> &shape,
                                const std::function<const uchar *(qint64)> &element);

/** numpyCode() of all of \a array. */
[[nodiscard]] QString numpyCode(const NpyArray &array);

} // namespace npy
