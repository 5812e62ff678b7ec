#pragma once

#include "dtype.h"

#include <QByteArray>
#include <QString>

namespace npy {

/** How numbers are written; the default is NumPy's own repr (shortest round-trip). */
struct FormatOptions
{
    enum class Notation { Auto, Fixed, Scientific };
    Notation notation = Notation::Auto;
    /** Digits after the point for Fixed/Scientific (and significant digits cap for Auto); -1 = shortest round-trip. */
    int precision = -1;
    /** Integers (and bools as 0/1 no) in hexadecimal `0x..`. */
    bool hexIntegers = false;
};

/**
 * The text of one element as NumPy prints it (`str()` of the scalar): floats in shortest
 * round-trip form (`0.1`, `1e-300`, `nan`, `-inf`, `-0.0`), complex `(1+2j)`, exact integers,
 * `True`/`False`, bytes as `b'..'`, str as its text, datetimes in ISO form, `NaT`.
 *
 * \a type must not be a struct (use leafColumns()). \a data points at itemSize bytes in the
 * dtype's byte order, at any alignment. Never fails: odd content (a code point above U+10FFFF)
 * is shown escaped.
 */
[[nodiscard]] QString formatValue(const DType &type, const uchar *data, const FormatOptions &options = {});

/**
 * Parses \a text as a value of \a type into itemSize bytes in the dtype's byte order.
 * Returns false and a reason ("300 does not fit in uint8 (0..255)") when the text is not a valid
 * value: integer range, `nan`/`inf`, complex forms, `True`/`False`/`1`/`0`, S/U length limits,
 * datetimes in the dtype's unit. formatValue() output always parses back to the same bytes.
 */
[[nodiscard]] bool parseValue(const DType &type, const QString &text, QByteArray *out, QString *why);

/** The element as a double (real part for complex, count for datetimes, NaN for NaT and non-numbers). */
[[nodiscard]] double valueToDouble(const DType &type, const uchar *data);

} // namespace npy
