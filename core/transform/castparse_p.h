#pragma once

// Numbers read from text as NumPy 1.24's astype reads an S or U element: Python's int(), float() and
// complex() of the scalar, and NumPy's own reader of long doubles. Private to transform/.

#include <QVarLengthArray>
#include <QtGlobal>

namespace npy::cast {

/** The characters of one S or U element as its NumPy scalar holds them: trailing NULs dropped. */
using CodePoints = QVarLengthArray<char32_t, 64>;

/** The text of a number, ASCII only, as the parsers below take it. */
using AsciiText = QVarLengthArray<char, 64>;

/**
 * Python's preparation of a str for int(), float() and complex(): ASCII characters kept, other white
 * space made ' ', other decimal digits (Unicode category Nd) made their ASCII digit; false when any other
 * character is there (Python writes '?' and the number cannot parse). With \a unicode false the code
 * points are bytes (int() and float() of bytes): only ASCII passes.
 */
[[nodiscard]] bool pythonAscii(const CodePoints &text, bool unicode, AsciiText *out);

/**
 * Python's int(text) (base 10: white space around, a sign, digits with single underscores between them).
 * \a huge is set (and \a value meaningless) for a magnitude beyond 2^100.
 */
[[nodiscard]] bool parsePythonInt(const AsciiText &text, __int128 *value, bool *huge);

/** Python's float(text): a decimal, `inf`, `infinity` or `nan` (any case, signed), correctly rounded. */
[[nodiscard]] bool parsePythonFloat(const AsciiText &text, double *value);

/** Python's complex(text): `1+2j`, `(1-2j)`, `2j`, `j`, `-j`, `1e3`, with white space around and inside parentheses. */
[[nodiscard]] bool parsePythonComplex(const AsciiText &text, double *re, double *im);

/**
 * NumPy's reading of a long double from \a text (a C string: it ends at the first NUL): white space
 * before, none after, `nan`, `nan(...)`, `inf`, `infinity` (NaN always positive), else what strtold()
 * reads in the C locale (hex floats too). \a outOfRange is set when strtold() reported ERANGE.
 */
[[nodiscard]] bool parseNumpyLongDouble(const AsciiText &text, long double *value, bool *outOfRange);

} // namespace npy::cast
